//! The sparse challenge product c·s (the portable twin is `mldsa_core::kernel::mul_small`) in
//! `zmm` byte lanes: the AVX2 kernel's method (`avx2/challenge.rs`) with a polynomial as 4
//! vectors of 64 signed bytes, so each of c's τ terms costs 4 unaligned loads and 4 `vpaddb`
//! instead of 8 and 8.

use core::arch::x86_64::*;
use mldsa_core::kernel::{Challenge, N, Poly, SmallPoly, byte_lane_terms, rotation_table, window};

/// out = c·s exactly; in |s| ≤ η ≤ 4, out |c·s| ≤ 256 (see `Backend::challenge_mul`).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
    if c.terms().is_empty() {
        out.coeffs = [0; N];
        return;
    }
    let t = rotation_table(s);
    let out = out.coeffs.as_chunks_mut::<16>().0;
    let mut first = true;
    for chunk in c.terms().chunks(byte_lane_terms(eta)) {
        let mut acc = [_mm512_setzero_si512(); 4];
        for &e in chunk {
            for (a, v) in acc.iter_mut().zip(window(&t, e).as_chunks::<64>().0) {
                // SAFETY: `v` is 64 readable bytes; `loadu` has no alignment requirement.
                *a = _mm512_add_epi8(*a, unsafe { _mm512_loadu_si512(v.as_ptr().cast()) });
            }
        }
        // Widen: each 16-byte quarter of an accumulator to 16 × i32.
        for (a, o) in acc.iter().zip(out.chunks_exact_mut(4)) {
            let parts = [
                _mm512_castsi512_si128(*a),
                _mm512_extracti32x4_epi32::<1>(*a),
                _mm512_extracti32x4_epi32::<2>(*a),
                _mm512_extracti32x4_epi32::<3>(*a),
            ];
            for (p, o) in parts.iter().zip(o) {
                let v = _mm512_cvtepi8_epi32(*p);
                let v = if first {
                    v
                } else {
                    // SAFETY: `o` is 64 readable bytes; `loadu` has no alignment requirement.
                    _mm512_add_epi32(unsafe { _mm512_loadu_si512(o.as_ptr().cast()) }, v)
                };
                // SAFETY: `o` is 64 writable bytes; `storeu` has no alignment requirement.
                unsafe { _mm512_storeu_si512(o.as_mut_ptr().cast(), v) };
            }
        }
        first = false;
    }
}
