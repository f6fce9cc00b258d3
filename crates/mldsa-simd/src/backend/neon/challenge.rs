//! The sparse challenge product c·s (the portable twin is `mldsa_core::challenge::mul_small`)
//! in NEON byte lanes, as the AVX2 kernel does it: s with |s| ≤ η is 16 vectors of 16 signed
//! bytes, each of c's τ terms X^e adds the window of t = (s, -s, s) at the public offset
//! 512 - e to 16 accumulators held in registers, and every `byte_lane_terms(η)` terms
//! (|partial sum| ≤ 126) the accumulators are widened to 32-bit lanes and stored (first chunk)
//! or added to the output.

use super::{load, store};
use core::arch::aarch64::*;
use mldsa_core::challenge::{Challenge, byte_lane_terms};
use mldsa_core::ct::SecretArray;
use mldsa_core::params::N;
use mldsa_core::poly::{Poly, SmallPoly};

/// Loads 16 signed bytes.
#[inline]
#[target_feature(enable = "neon")]
fn load_bytes(a: &[i8; 16]) -> int8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_s8(a.as_ptr()) }
}

/// Stores 16 signed bytes.
#[inline]
#[target_feature(enable = "neon")]
fn store_bytes(a: &mut [i8; 16], v: int8x16_t) {
    // SAFETY: `a` is 16 writable bytes; `st1` has no alignment requirement for bytes.
    unsafe { vst1q_s8(a.as_mut_ptr(), v) }
}

/// out = c·s exactly; in |s| ≤ η ≤ 4, out |c·s| ≤ 256 (see `Backend::challenge_mul`).
#[target_feature(enable = "neon")]
pub(crate) fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
    if c.terms().is_empty() {
        out.coeffs = [0; N];
        return;
    }
    let mut t = SecretArray([0i8; 3 * N]);
    let (ts, rest) = t.split_at_mut(N);
    let (tn, tp) = rest.split_at_mut(N);
    let src = s.coeffs.as_chunks::<16>().0;
    for (((v, a), b), d) in src
        .iter()
        .zip(ts.as_chunks_mut::<16>().0)
        .zip(tn.as_chunks_mut::<16>().0)
        .zip(tp.as_chunks_mut::<16>().0)
    {
        let x = load_bytes(v);
        store_bytes(a, x);
        store_bytes(b, vnegq_s8(x));
        store_bytes(d, x);
    }
    let out = out.coeffs.as_chunks_mut::<4>().0;
    let mut first = true;
    for chunk in c.terms().chunks(byte_lane_terms(eta)) {
        let mut acc = [vdupq_n_s8(0); 16];
        for &e in chunk {
            // e < 512 already; the mask lets the compiler drop the window's bounds checks.
            let start = 2 * N - (usize::from(e) & (2 * N - 1));
            let window: &[i8; N] = t[start..start + N].try_into().unwrap();
            for (a, v) in acc.iter_mut().zip(window.as_chunks::<16>().0) {
                *a = vaddq_s8(*a, load_bytes(v));
            }
        }
        // Widen each accumulator's 16 bytes to four vectors of 4 × i32.
        for (a, o) in acc.iter().zip(out.chunks_exact_mut(4)) {
            let (lo, hi) = (vmovl_s8(vget_low_s8(*a)), vmovl_high_s8(*a));
            let parts = [
                vmovl_s16(vget_low_s16(lo)),
                vmovl_high_s16(lo),
                vmovl_s16(vget_low_s16(hi)),
                vmovl_high_s16(hi),
            ];
            for (p, o) in parts.iter().zip(o) {
                store(o, if first { *p } else { vaddq_s32(load(o), *p) });
            }
        }
        first = false;
    }
}
