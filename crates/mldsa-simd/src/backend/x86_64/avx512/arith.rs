//! Montgomery products, reductions, rounding, hints and the norm check (FIPS 204, Algorithms
//! 35-40 and 45): the AVX2 kernels compiled with AVX-512.

use super::super::avx2::arith;
use mldsa_core::kernel::Poly;
use subtle::Choice;

super::evex! {
    pointwise(c: &mut Poly, a: &Poly, b: &Poly) = arith::pointwise;
    pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) = arith::pointwise_acc;
    reduce(a: &mut Poly) = arith::reduce;
    caddq(a: &mut Poly) = arith::caddq;
    power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round;
    decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose;
    make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize = arith::make_hint;
    use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint;
    norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds;
}
