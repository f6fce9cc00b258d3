//! NTT and inverse NTT (FIPS 204, Algorithms 41-42): the AVX2 kernels compiled with AVX-512,
//! their Montgomery products without `vpmulld` (two `vpmuldq` for t; see the AVX2 file's
//! `mont_mul_lanes`): 300 against 347 ns forward and 296 against 327 inverse on an Intel Xeon.

use super::super::avx2::ntt;
use mldsa_core::kernel::Poly;

super::evex! {
    ntt(a: &mut Poly) = ntt::ntt_with::<false>;
    inv_ntt(a: &mut Poly) = ntt::inv_ntt_with::<false>;
}
