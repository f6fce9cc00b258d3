//! Coefficient-wise NEON kernels, bit-for-bit equal to the portable defaults of
//! `mldsa_core::backend::Backend`: the NTT-domain products (Algorithm 45 in Montgomery form),
//! reduce32, caddq, Power2Round (Algorithm 35), Decompose (Algorithm 36), MakeHint
//! (Algorithm 39), UseHint (Algorithm 40) and the infinity-norm check (Section 7.4). Each is the
//! branch-free scalar formula of `mldsa_core::{field, rounding}` applied to 4 lanes; no lane
//! value selects a branch or a memory address. Which γ2 (or η) is used is public and chosen
//! once per call.

use super::ntt::mont_mul;
use super::{load, store};
use core::arch::aarch64::*;
use mldsa_core::kernel::{
    DECOMPOSE_Q32_MUL, DECOMPOSE_Q32_SHIFT, DECOMPOSE_Q88_MUL, DECOMPOSE_Q88_SHIFT, GAMMA2_Q32,
    Poly, Q, QINV,
};
use subtle::Choice;

/// Montgomery reduction of 64-bit lane sums (lanes 0-1 in `lo`, lanes 2-3 in `hi`), exactly
/// `mldsa_core::kernel::montgomery_reduce` for |p| < 2^31·q: t = lo32(p)·q^-1 mod 2^32,
/// r = (p - t·q) >> 32 (the low halves cancel, so the shift is exact), |r| < q.
#[inline]
#[target_feature(enable = "neon")]
fn montgomery_reduce(lo: int64x2_t, hi: int64x2_t) -> int32x4_t {
    // The even 32-bit elements are the low halves of the 64-bit lanes.
    let low = vuzp1q_s32(vreinterpretq_s32_s64(lo), vreinterpretq_s32_s64(hi));
    let t = vmulq_n_s32(low, QINV);
    let q = vdupq_n_s32(Q);
    let lo = vmlsl_s32(lo, vget_low_s32(t), vget_low_s32(q));
    let hi = vmlsl_high_s32(hi, t, q);
    // The odd 32-bit elements are the high halves, i.e. the exact quotients by 2^32.
    vuzp2q_s32(vreinterpretq_s32_s64(lo), vreinterpretq_s32_s64(hi))
}

/// c = a ∘ b · 2^-32 (Algorithm 45 in Montgomery form). In |a·b| < 2^31·q lane-wise,
/// out |c| < q.
#[target_feature(enable = "neon")]
pub(crate) fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
    let c = c.coeffs.as_chunks_mut::<4>().0;
    let a = a.coeffs.as_chunks::<4>().0;
    let b = b.coeffs.as_chunks::<4>().0;
    for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
        let (x, y) = (load(a), load(b));
        // y·q^-1 makes lo32(x·y·q^-1) = lo32(x·y)·q^-1, the Montgomery multiplier.
        store(c, mont_mul(x, y, vmulq_n_s32(y, QINV)));
    }
}

/// c = Σ_j a_j ∘ b_j · 2^-32 with one reduction per coefficient. In a_j in [0, q),
/// |b_j| < 9q, at most 7 terms: |Σ| < 7·9q² < 2^31·q (the 64-bit sums never overflow and stay
/// in the Montgomery domain). Out |c| < q.
#[target_feature(enable = "neon")]
pub(crate) fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
    let c = c.coeffs.as_chunks_mut::<4>().0;
    for (i, out) in c.iter_mut().enumerate() {
        let mut lo = vdupq_n_s64(0);
        let mut hi = vdupq_n_s64(0);
        for (aj, bj) in a.iter().zip(b) {
            let x = load(&aj.coeffs.as_chunks::<4>().0[i]);
            let y = load(&bj.coeffs.as_chunks::<4>().0[i]);
            lo = vmlal_s32(lo, vget_low_s32(x), vget_low_s32(y));
            hi = vmlal_high_s32(hi, x, y);
        }
        store(out, montgomery_reduce(lo, hi));
    }
}

/// Applies `f` to every vector of `a` in place.
#[inline]
#[target_feature(enable = "neon")]
fn map(a: &mut Poly, f: impl Fn(int32x4_t) -> int32x4_t) {
    for x in a.coeffs.as_chunks_mut::<4>().0 {
        store(x, f(load(x)));
    }
}

/// reduce32 lane-wise: t = (a + 2^22) >> 23, a - t·q. In a ≤ 2^31 - 2^22 - 1 (so the sum does
/// not overflow), out |a| ≤ 6283009; |t| ≤ 256, so t·q fits.
#[target_feature(enable = "neon")]
pub(crate) fn reduce(a: &mut Poly) {
    let half = vdupq_n_s32(1 << 22);
    map(a, |x| {
        let t = vshrq_n_s32::<23>(vaddq_s32(x, half));
        vmlsq_n_s32(x, t, Q)
    });
}

/// caddq lane-wise: a + ((a >> 31) & q). In |a| < q, out [0, q).
#[target_feature(enable = "neon")]
pub(crate) fn caddq(a: &mut Poly) {
    let q = vdupq_n_s32(Q);
    map(a, |x| vaddq_s32(x, vandq_s32(vshrq_n_s32::<31>(x), q)));
}

/// Power2Round (Algorithm 35): r1 = (r + 2^12 - 1) >> 13, r0 = r - r1·2^13. In [0, q);
/// out t1 < 2^10, t0 in (-2^12, 2^12].
#[target_feature(enable = "neon")]
pub(crate) fn power2round(t: &mut Poly, t0: &mut Poly) {
    let bias = vdupq_n_s32((1 << 12) - 1);
    let t = t.coeffs.as_chunks_mut::<4>().0;
    let t0 = t0.coeffs.as_chunks_mut::<4>().0;
    for (a, b) in t.iter_mut().zip(t0.iter_mut()) {
        let r = load(a);
        let r1 = vshrq_n_s32::<13>(vaddq_s32(r, bias));
        store(a, r1);
        store(b, vsubq_s32(r, vshlq_n_s32::<13>(r1)));
    }
}

/// Decompose (Algorithm 36) of one vector, `mldsa_core::kernel::decompose` lane-wise, for
/// γ2 = (q-1)/32 when `Q32`, else (q-1)/88. In r in [0, q): ceil(r/128) ≤ 65473, so
/// r1·M < 2^30 for both multipliers of Decompose's multiply-and-shift (no overflow); out
/// (r1, r0).
#[inline]
#[target_feature(enable = "neon")]
fn decompose_v<const Q32: bool>(r: int32x4_t, gamma2: i32) -> (int32x4_t, int32x4_t) {
    let mut r1 = vshrq_n_s32::<7>(vaddq_s32(r, vdupq_n_s32(127)));
    if Q32 {
        // r1 = 16 only in the q - 1 case, masked to 0.
        const S: i32 = DECOMPOSE_Q32_SHIFT as i32;
        r1 = vshrq_n_s32::<S>(vmlaq_n_s32(
            vdupq_n_s32(1 << (S - 1)),
            r1,
            DECOMPOSE_Q32_MUL,
        ));
        r1 = vandq_s32(r1, vdupq_n_s32(15));
    } else {
        // r1 = 44 only in the q - 1 case, mapped to 0.
        const S: i32 = DECOMPOSE_Q88_SHIFT as i32;
        r1 = vshrq_n_s32::<S>(vmlaq_n_s32(
            vdupq_n_s32(1 << (S - 1)),
            r1,
            DECOMPOSE_Q88_MUL,
        ));
        let over = vshrq_n_s32::<31>(vsubq_s32(vdupq_n_s32(43), r1));
        r1 = veorq_s32(r1, vandq_s32(over, r1));
    }
    // r0 = r - r1·2γ2 (|r1·2γ2| < q), minus q when r0 > (q-1)/2.
    let r0 = vmlsq_n_s32(r, r1, 2 * gamma2);
    let big = vshrq_n_s32::<31>(vsubq_s32(vdupq_n_s32((Q - 1) >> 1), r0));
    (r1, vsubq_s32(r0, vandq_s32(big, vdupq_n_s32(Q))))
}

/// [`decompose`] for one γ2.
#[inline]
#[target_feature(enable = "neon")]
fn decompose_with<const Q32: bool>(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
    let w = w.coeffs.as_chunks_mut::<4>().0;
    let w0 = w0.coeffs.as_chunks_mut::<4>().0;
    for (a, b) in w.iter_mut().zip(w0.iter_mut()) {
        let (r1, r0) = decompose_v::<Q32>(load(a), gamma2);
        store(a, r1);
        store(b, r0);
    }
}

/// Decompose (Algorithm 36) on every coefficient. In w in [0, q); out w1 in
/// [0, (q-1)/2γ2), w0 in [-γ2, γ2].
#[target_feature(enable = "neon")]
pub(crate) fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
    if gamma2 == GAMMA2_Q32 {
        decompose_with::<true>(gamma2, w, w0)
    } else {
        decompose_with::<false>(gamma2, w, w0)
    }
}

/// 1 in lanes where x ≠ 0, else 0: the sign bit of x | -x.
#[inline]
#[target_feature(enable = "neon")]
fn nonzero(x: int32x4_t) -> uint32x4_t {
    vshrq_n_u32::<31>(vreinterpretq_u32_s32(vorrq_s32(x, vnegq_s32(x))))
}

/// The sign bit of x as 0 or 1.
#[inline]
#[target_feature(enable = "neon")]
fn sign_bit(x: int32x4_t) -> uint32x4_t {
    vshrq_n_u32::<31>(vreinterpretq_u32_s32(x))
}

/// MakeHint (Algorithm 39, the low/high-part form of `mldsa_core::kernel::make_hint`) on
/// every coefficient; returns the number of ones. In |r0| < 2γ2, r1 a Decompose high part.
#[target_feature(enable = "neon")]
pub(crate) fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
    let g = vdupq_n_s32(gamma2);
    let one = vdupq_n_u32(1);
    let mut count = vdupq_n_u32(0);
    let h = h.coeffs.as_chunks_mut::<4>().0;
    let r0 = r0.coeffs.as_chunks::<4>().0;
    let r1 = r1.coeffs.as_chunks::<4>().0;
    for ((h, a), b) in h.iter_mut().zip(r0).zip(r1) {
        let (lo, hi) = (load(a), load(b));
        let above = sign_bit(vsubq_s32(g, lo)); // r0 > γ2
        let sum = vaddq_s32(lo, g);
        let below = sign_bit(sum); // r0 < -γ2
        let at_edge = veorq_u32(one, nonzero(sum)); // r0 = -γ2
        let hint = vorrq_u32(vorrq_u32(above, below), vandq_u32(at_edge, nonzero(hi)));
        store(h, vreinterpretq_s32_u32(hint));
        count = vaddq_u32(count, hint);
    }
    // Each lane ≤ 64.
    vaddvq_u32(count) as usize
}

/// [`use_hint`] for one γ2.
#[inline]
#[target_feature(enable = "neon")]
fn use_hint_with<const Q32: bool>(gamma2: i32, w: &mut Poly, h: &Poly) {
    let w = w.coeffs.as_chunks_mut::<4>().0;
    let h = h.coeffs.as_chunks::<4>().0;
    for (a, hv) in w.iter_mut().zip(h) {
        let (r1, r0) = decompose_v::<Q32>(load(a), gamma2);
        // step = +1 when r0 > 0, -1 otherwise, masked by -h.
        let pos = vandq_s32(vshrq_n_s32::<31>(vnegq_s32(r0)), vdupq_n_s32(2));
        let step = vandq_s32(vsubq_s32(pos, vdupq_n_s32(1)), vnegq_s32(load(hv)));
        let v = vaddq_s32(r1, step);
        let v = if Q32 {
            vandq_s32(v, vdupq_n_s32(15))
        } else {
            // Wrap -1 to 43 and 44 to 0.
            let m = vdupq_n_s32(44);
            let v = vaddq_s32(v, vandq_s32(vshrq_n_s32::<31>(v), m));
            let over = vshrq_n_s32::<31>(vsubq_s32(vdupq_n_s32(43), v));
            vsubq_s32(v, vandq_s32(over, m))
        };
        store(a, v);
    }
}

/// UseHint (Algorithm 40) on every coefficient. In w in [0, q), h in {0, 1}.
#[target_feature(enable = "neon")]
pub(crate) fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
    if gamma2 == GAMMA2_Q32 {
        use_hint_with::<true>(gamma2, w, h)
    } else {
        use_hint_with::<false>(gamma2, w, h)
    }
}

/// Whether some |a| ≥ bound (Section 7.4), branch-free: the OR of the sign bits of
/// bound - 1 - |a|. In |a| ≤ 6283009, 0 < bound ≤ (q-1)/8.
#[target_feature(enable = "neon")]
pub(crate) fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
    let lim = vdupq_n_s32(bound - 1);
    let mut acc = vdupq_n_s32(0);
    for x in a.coeffs.as_chunks::<4>().0 {
        acc = vorrq_s32(acc, vsubq_s32(lim, vabsq_s32(load(x))));
    }
    Choice::from(vmaxvq_u32(sign_bit(acc)) as u8)
}
