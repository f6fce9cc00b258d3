//! Coefficient-wise AVX2 kernels, bit-for-bit equal to the portable defaults of
//! `mldsa_core::backend::Backend`: the NTT-domain products, reduce32, caddq, Power2Round,
//! Decompose, MakeHint, UseHint and the infinity-norm check. Each is the branch-free scalar
//! formula of `mldsa_core::{field, rounding}` applied to 8 lanes; no lane value selects a
//! branch or a memory address.

use super::{load, store};
use core::arch::x86_64::*;
use mldsa_core::kernel::{
    DECOMPOSE_Q32_MUL, DECOMPOSE_Q32_SHIFT, DECOMPOSE_Q88_MUL, DECOMPOSE_Q88_SHIFT, GAMMA2_Q32,
    Poly, Q, QINV,
};
use subtle::Choice;

/// Montgomery reduction of 64-bit lane products (even lanes in `p_even`, odd lanes in
/// `p_odd`, each as 4 × i64), exactly `mldsa_core::kernel::montgomery_reduce` for
/// |p| < 2^31·q: t = lo32(p)·q^-1 mod 2^32, r = hi32(p) - hi32(t·q) (the low halves of p and
/// t·q are equal, so no borrow), |r| < q.
#[inline]
#[target_feature(enable = "avx2")]
fn montgomery_reduce(p_even: __m256i, p_odd: __m256i) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    let qinv = _mm256_set1_epi32(QINV);
    let tq_even = _mm256_mul_epi32(_mm256_mul_epi32(p_even, qinv), q);
    let tq_odd = _mm256_mul_epi32(_mm256_mul_epi32(p_odd, qinv), q);
    let r_even = _mm256_srli_epi64::<32>(_mm256_sub_epi32(p_even, tq_even));
    let r_odd = _mm256_sub_epi32(p_odd, tq_odd);
    _mm256_blend_epi32::<0xAA>(r_even, r_odd)
}

/// c = a ∘ b · 2^-32. In |a·b| < 2^31·q lane-wise, out |c| < q.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
    let c = c.coeffs.as_chunks_mut::<8>().0;
    let a = a.coeffs.as_chunks::<8>().0;
    let b = b.coeffs.as_chunks::<8>().0;
    for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
        let (x, y) = (load(a), load(b));
        let p_even = _mm256_mul_epi32(x, y);
        let p_odd = _mm256_mul_epi32(_mm256_srli_epi64::<32>(x), _mm256_srli_epi64::<32>(y));
        store(c, montgomery_reduce(p_even, p_odd));
    }
}

/// c = Σ_j a_j ∘ b_j · 2^-32 with one reduction per coefficient. In a_j in [0, q),
/// |b_j| < 9q, at most 7 terms: |Σ| < 7·9q² < 2^31·q (the 64-bit sums never overflow and stay
/// in the Montgomery domain). Out |c| < q.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
    let c = c.coeffs.as_chunks_mut::<8>().0;
    for (i, out) in c.iter_mut().enumerate() {
        let mut acc_even = _mm256_setzero_si256();
        let mut acc_odd = _mm256_setzero_si256();
        for (aj, bj) in a.iter().zip(b) {
            let x = load(&aj.coeffs.as_chunks::<8>().0[i]);
            let y = load(&bj.coeffs.as_chunks::<8>().0[i]);
            let p_even = _mm256_mul_epi32(x, y);
            let p_odd = _mm256_mul_epi32(_mm256_srli_epi64::<32>(x), _mm256_srli_epi64::<32>(y));
            acc_even = _mm256_add_epi64(acc_even, p_even);
            acc_odd = _mm256_add_epi64(acc_odd, p_odd);
        }
        store(out, montgomery_reduce(acc_even, acc_odd));
    }
}

/// Applies `f` to every vector of `a` in place.
#[inline]
#[target_feature(enable = "avx2")]
fn map(a: &mut Poly, f: impl Fn(__m256i) -> __m256i) {
    for x in a.coeffs.as_chunks_mut::<8>().0 {
        store(x, f(load(x)));
    }
}

/// x·q for the i32 lanes (q = 2^23 - 2^13 + 1), wrapping like `x * Q` never needs to.
#[inline]
#[target_feature(enable = "avx2")]
fn times_q(x: __m256i) -> __m256i {
    _mm256_add_epi32(
        _mm256_sub_epi32(_mm256_slli_epi32::<23>(x), _mm256_slli_epi32::<13>(x)),
        x,
    )
}

/// reduce32 lane-wise: t = (a + 2^22) >> 23, a - t·q. In a ≤ 2^31 - 2^22 - 1,
/// out |a| ≤ 6283009.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn reduce(a: &mut Poly) {
    let half = _mm256_set1_epi32(1 << 22);
    map(a, |x| {
        let t = _mm256_srai_epi32::<23>(_mm256_add_epi32(x, half));
        _mm256_sub_epi32(x, times_q(t))
    });
}

/// a + ((a >> 31) & q) lane-wise. In |a| < q, out [0, q).
#[inline]
#[target_feature(enable = "avx2")]
fn caddq_v(x: __m256i) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    _mm256_add_epi32(x, _mm256_and_si256(_mm256_srai_epi32::<31>(x), q))
}

/// caddq lane-wise. In |a| < q, out [0, q).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn caddq(a: &mut Poly) {
    map(a, |x| caddq_v(x));
}

/// Power2Round: r1 = (r + 2^12 - 1) >> 13, r0 = r - r1·2^13. In [0, q); out t1 < 2^10,
/// t0 in (-2^12, 2^12].
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn power2round(t: &mut Poly, t0: &mut Poly) {
    let bias = _mm256_set1_epi32((1 << 12) - 1);
    let t = t.coeffs.as_chunks_mut::<8>().0;
    let t0 = t0.coeffs.as_chunks_mut::<8>().0;
    for (a, b) in t.iter_mut().zip(t0.iter_mut()) {
        let r = load(a);
        let r1 = _mm256_srai_epi32::<13>(_mm256_add_epi32(r, bias));
        store(a, r1);
        store(b, _mm256_sub_epi32(r, _mm256_slli_epi32::<13>(r1)));
    }
}

/// Decompose of one vector (`mldsa_core::kernel::decompose` lane-wise). In r in [0, q):
/// ceil(r/128) ≤ 65473, so r1·M < 2^30 for both multipliers of Decompose's multiply-and-shift
/// (no overflow); out (r1, r0).
#[inline]
#[target_feature(enable = "avx2")]
fn decompose_v(r: __m256i, q32: bool, gamma2: i32) -> (__m256i, __m256i) {
    let mut r1 = _mm256_srai_epi32::<7>(_mm256_add_epi32(r, _mm256_set1_epi32(127)));
    if q32 {
        // r1 = 16 only in the q - 1 case, masked to 0.
        const S: i32 = DECOMPOSE_Q32_SHIFT as i32;
        r1 = _mm256_mullo_epi32(r1, _mm256_set1_epi32(DECOMPOSE_Q32_MUL));
        r1 = _mm256_srai_epi32::<S>(_mm256_add_epi32(r1, _mm256_set1_epi32(1 << (S - 1))));
        r1 = _mm256_and_si256(r1, _mm256_set1_epi32(15));
    } else {
        // r1 = 44 only in the q - 1 case, mapped to 0.
        const S: i32 = DECOMPOSE_Q88_SHIFT as i32;
        r1 = _mm256_mullo_epi32(r1, _mm256_set1_epi32(DECOMPOSE_Q88_MUL));
        r1 = _mm256_srai_epi32::<S>(_mm256_add_epi32(r1, _mm256_set1_epi32(1 << (S - 1))));
        let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32(43), r1));
        r1 = _mm256_xor_si256(r1, _mm256_and_si256(over, r1));
    }
    // r0 = r - r1·2γ2 (|r1·2γ2| < q), minus q when r0 > (q-1)/2.
    let mut r0 = _mm256_sub_epi32(r, _mm256_mullo_epi32(r1, _mm256_set1_epi32(2 * gamma2)));
    let big = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32((Q - 1) >> 1), r0));
    r0 = _mm256_sub_epi32(r0, _mm256_and_si256(big, _mm256_set1_epi32(Q)));
    (r1, r0)
}

/// Decompose on every coefficient. In w in [0, q); out w1 in [0, (q-1)/2γ2),
/// w0 in [-γ2, γ2].
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
    let q32 = gamma2 == GAMMA2_Q32;
    let w = w.coeffs.as_chunks_mut::<8>().0;
    let w0 = w0.coeffs.as_chunks_mut::<8>().0;
    for (a, b) in w.iter_mut().zip(w0.iter_mut()) {
        let (r1, r0) = decompose_v(load(a), q32, gamma2);
        store(a, r1);
        store(b, r0);
    }
}

/// 1 in lanes where x ≠ 0, else 0.
#[inline]
#[target_feature(enable = "avx2")]
fn nonzero(x: __m256i) -> __m256i {
    let neg = _mm256_sub_epi32(_mm256_setzero_si256(), x);
    _mm256_srli_epi32::<31>(_mm256_or_si256(x, neg))
}

/// MakeHint on every coefficient (`mldsa_core::kernel::make_hint`); returns the number of
/// ones. In |r0| < 2γ2, r1 a Decompose high part.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
    let g = _mm256_set1_epi32(gamma2);
    let one = _mm256_set1_epi32(1);
    let mut count = _mm256_setzero_si256();
    let h = h.coeffs.as_chunks_mut::<8>().0;
    let r0 = r0.coeffs.as_chunks::<8>().0;
    let r1 = r1.coeffs.as_chunks::<8>().0;
    for ((h, a), b) in h.iter_mut().zip(r0).zip(r1) {
        let (lo, hi) = (load(a), load(b));
        let above = _mm256_srli_epi32::<31>(_mm256_sub_epi32(g, lo));
        let sum = _mm256_add_epi32(lo, g);
        let below = _mm256_srli_epi32::<31>(sum);
        let at_edge = _mm256_xor_si256(one, nonzero(sum));
        let hint = _mm256_or_si256(
            _mm256_or_si256(above, below),
            _mm256_and_si256(at_edge, nonzero(hi)),
        );
        store(h, hint);
        count = _mm256_add_epi32(count, hint);
    }
    // Horizontal sum of 8 lanes, each ≤ 32.
    let s = _mm_add_epi32(
        _mm256_castsi256_si128(count),
        _mm256_extracti128_si256::<1>(count),
    );
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b01_00_11_10>(s));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b10_11_00_01>(s));
    _mm_cvtsi128_si32(s) as usize
}

/// UseHint on every coefficient (`mldsa_core::kernel::use_hint`). In w in [0, q),
/// h in {0, 1}.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
    let q32 = gamma2 == GAMMA2_Q32;
    let zero = _mm256_setzero_si256();
    let w = w.coeffs.as_chunks_mut::<8>().0;
    let h = h.coeffs.as_chunks::<8>().0;
    for (a, hv) in w.iter_mut().zip(h) {
        let (r1, r0) = decompose_v(load(a), q32, gamma2);
        // step = +1 when r0 > 0, -1 otherwise, masked by -h.
        let pos = _mm256_and_si256(
            _mm256_srai_epi32::<31>(_mm256_sub_epi32(zero, r0)),
            _mm256_set1_epi32(2),
        );
        let step = _mm256_and_si256(
            _mm256_sub_epi32(pos, _mm256_set1_epi32(1)),
            _mm256_sub_epi32(zero, load(hv)),
        );
        let v = _mm256_add_epi32(r1, step);
        let v = if q32 {
            _mm256_and_si256(v, _mm256_set1_epi32(15))
        } else {
            let m = _mm256_set1_epi32(44);
            let v = _mm256_add_epi32(v, _mm256_and_si256(_mm256_srai_epi32::<31>(v), m));
            let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32(43), v));
            _mm256_sub_epi32(v, _mm256_and_si256(over, m))
        };
        store(a, v);
    }
}

/// Whether some |a| ≥ bound, branch-free: OR of the sign bits of bound - 1 - |a|.
/// In |a| ≤ 6283009, 0 < bound ≤ (q-1)/8.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
    let lim = _mm256_set1_epi32(bound - 1);
    let mut acc = _mm256_setzero_si256();
    for x in a.coeffs.as_chunks::<8>().0 {
        acc = _mm256_or_si256(acc, _mm256_sub_epi32(lim, _mm256_abs_epi32(load(x))));
    }
    let m = _mm256_movemask_ps(_mm256_castsi256_ps(acc)) as u32;
    Choice::from(((m | m.wrapping_neg()) >> 31) as u8)
}
