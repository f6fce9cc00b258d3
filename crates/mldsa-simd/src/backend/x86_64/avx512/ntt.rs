//! NTT and inverse NTT (FIPS 204, Algorithms 41-42): the AVX2 kernels compiled with AVX-512.

use super::super::avx2::ntt;
use mldsa_core::kernel::Poly;

super::evex! {
    ntt(a: &mut Poly) = ntt::ntt;
    inv_ntt(a: &mut Poly) = ntt::inv_ntt;
}
