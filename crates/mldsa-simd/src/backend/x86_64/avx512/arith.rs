//! Montgomery products, reductions, rounding, hints and the norm check (FIPS 204, Algorithms
//! 35-40 and 45): the NTT-domain products on `zmm` (16 lanes; `vpmuldq` issues 1.9 per cycle
//! on `zmm` on the Intel Xeon, model 207, so a `zmm` product does nearly twice the work per
//! cycle of a `ymm` one), the rest the AVX2 kernels compiled with AVX-512.

use super::super::avx2::arith;
use super::{load, store};
use core::arch::x86_64::*;
use mldsa_core::kernel::{Poly, Q, QINV};
use subtle::Choice;

super::evex! {
    reduce(a: &mut Poly) = arith::reduce;
    caddq(a: &mut Poly) = arith::caddq;
    power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round;
    decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose;
    make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize = arith::make_hint;
    use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint;
    norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds;
}

/// Montgomery reduction of 64-bit lane products (even lanes in `p_even`, odd lanes in
/// `p_odd`, 8 × i64 each), exactly `mldsa_core::kernel::montgomery_reduce` for |p| < 2^31·q:
/// t = lo32(p)·q^-1 mod 2^32, r = hi32(p) - hi32(t·q) (the low halves of p and t·q are equal,
/// so no borrow), |r| < q.
#[inline]
#[target_feature(enable = "avx512f")]
fn montgomery_reduce(p_even: __m512i, p_odd: __m512i) -> __m512i {
    let (q, qinv) = (_mm512_set1_epi32(Q), _mm512_set1_epi32(QINV));
    let tq_even = _mm512_mul_epi32(_mm512_mul_epi32(p_even, qinv), q);
    let tq_odd = _mm512_mul_epi32(_mm512_mul_epi32(p_odd, qinv), q);
    let r_even = _mm512_srli_epi64::<32>(_mm512_sub_epi32(p_even, tq_even));
    let r_odd = _mm512_sub_epi32(p_odd, tq_odd);
    _mm512_mask_blend_epi32(0xAAAA, r_even, r_odd)
}

/// The 64-bit products of the even and of the odd lanes of `x` and `y`.
#[inline]
#[target_feature(enable = "avx512f")]
fn products(x: __m512i, y: __m512i) -> (__m512i, __m512i) {
    (
        _mm512_mul_epi32(x, y),
        _mm512_mul_epi32(_mm512_srli_epi64::<32>(x), _mm512_srli_epi64::<32>(y)),
    )
}

/// c = a ∘ b · 2^-32. In |a·b| < 2^31·q lane-wise, out |c| < q.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
    let c = c.coeffs.as_chunks_mut::<16>().0;
    let a = a.coeffs.as_chunks::<16>().0;
    let b = b.coeffs.as_chunks::<16>().0;
    for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
        let (p_even, p_odd) = products(load(a), load(b));
        store(c, montgomery_reduce(p_even, p_odd));
    }
}

/// c = Σ_j a_j ∘ b_j · 2^-32 with one reduction per coefficient. In a_j in [0, q),
/// |b_j| < 9q, at most 7 terms: |Σ| < 7·9q² < 2^31·q (the 64-bit sums never overflow and stay
/// in the Montgomery domain). Out |c| < q.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
    let c = c.coeffs.as_chunks_mut::<16>().0;
    for (i, out) in c.iter_mut().enumerate() {
        let mut acc_even = _mm512_setzero_si512();
        let mut acc_odd = _mm512_setzero_si512();
        for (aj, bj) in a.iter().zip(b) {
            let x = load(&aj.coeffs.as_chunks::<16>().0[i]);
            let y = load(&bj.coeffs.as_chunks::<16>().0[i]);
            let (p_even, p_odd) = products(x, y);
            acc_even = _mm512_add_epi64(acc_even, p_even);
            acc_odd = _mm512_add_epi64(acc_odd, p_odd);
        }
        store(out, montgomery_reduce(acc_even, acc_odd));
    }
}
