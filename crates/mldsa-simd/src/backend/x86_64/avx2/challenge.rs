//! The sparse challenge product c·s (the portable twin is `mldsa_core::kernel::mul_small`)
//! in AVX2 byte lanes: a polynomial with |s| ≤ η is 8 vectors of 32 signed bytes, and each of
//! c's τ terms X^e adds one window of t = (s, -s, s), at the public offset 512 - e, to 8
//! accumulators held in registers. After every `byte_lane_terms(η)` terms (|partial sum| ≤ 126)
//! the accumulators are sign-extended to 32-bit lanes and stored (first chunk) or added to the
//! output.
//!
//! Cost per term: 8 unaligned loads (half of them cross a cache line) and 8 `vpaddb`, about
//! 2 ns here; for ML-DSA-87 (τ = 60) 480 of each per product, against a pointwise product and
//! an inverse NTT.

use super::{load, load_bytes, store};
use core::arch::x86_64::*;
use mldsa_core::kernel::{Challenge, N, Poly, SmallPoly, byte_lane_terms, rotation_table, window};

/// out = c·s exactly; in |s| ≤ η ≤ 4, out |c·s| ≤ 256 (see `Backend::challenge_mul`).
#[target_feature(enable = "avx2")]
pub(crate) fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
    if c.terms().is_empty() {
        out.coeffs = [0; N];
        return;
    }
    let t = rotation_table(s);
    let out = out.coeffs.as_chunks_mut::<8>().0;
    let mut first = true;
    for chunk in c.terms().chunks(byte_lane_terms(eta)) {
        let mut acc = [_mm256_setzero_si256(); 8];
        for &e in chunk {
            for (a, v) in acc.iter_mut().zip(window(&t, e).as_chunks::<32>().0) {
                *a = _mm256_add_epi8(*a, load_bytes(v));
            }
        }
        // Widen: bytes 0-7, 8-15, 16-23, 24-31 of each accumulator to four vectors of 8 × i32.
        for (a, o) in acc.iter().zip(out.chunks_exact_mut(4)) {
            let lo = _mm256_castsi256_si128(*a);
            let hi = _mm256_extracti128_si256::<1>(*a);
            let parts = [lo, _mm_srli_si128::<8>(lo), hi, _mm_srli_si128::<8>(hi)];
            for (p, o) in parts.iter().zip(o) {
                let v = _mm256_cvtepi8_epi32(*p);
                store(
                    o,
                    if first {
                        v
                    } else {
                        _mm256_add_epi32(load(o), v)
                    },
                );
            }
        }
        first = false;
    }
}
