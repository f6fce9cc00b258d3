//! The sparse challenge product c·s (the portable twin is `mldsa_core::kernel::mul_small`)
//! in NEON byte lanes, as the AVX2 kernel does it: s with |s| ≤ η is 16 vectors of 16 signed
//! bytes, each of c's τ terms X^e adds the window of t = (s, -s, s) at the public offset
//! 512 - e to 16 accumulators held in registers, and every `byte_lane_terms(η)` terms
//! (|partial sum| ≤ 126) the accumulators are widened to 32-bit lanes and stored (first chunk)
//! or added to the output.

use super::{load, load_i8, store};
use core::arch::aarch64::*;
use mldsa_core::kernel::{Challenge, N, Poly, SmallPoly, byte_lane_terms, rotation_table, window};

/// out = c·s exactly; in |s| ≤ η ≤ 4, out |c·s| ≤ 256 (see `Backend::challenge_mul`).
#[target_feature(enable = "neon")]
pub(crate) fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
    if c.terms().is_empty() {
        out.coeffs = [0; N];
        return;
    }
    let t = rotation_table(s);
    let out = out.coeffs.as_chunks_mut::<4>().0;
    let mut first = true;
    for chunk in c.terms().chunks(byte_lane_terms(eta)) {
        let mut acc = [vdupq_n_s8(0); 16];
        for &e in chunk {
            for (a, v) in acc.iter_mut().zip(window(&t, e).as_chunks::<16>().0) {
                *a = vaddq_s8(*a, load_i8(v));
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
