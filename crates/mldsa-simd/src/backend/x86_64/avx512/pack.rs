//! Bit packing (FIPS 204, Algorithms 16-19): unpacking of z and t1 and packing of w1 and η are the
//! AVX2 kernels compiled with AVX-512; packing of z, t0 and t1 the AVX2 kernels themselves.

pub(super) use super::super::avx2::pack::{pack_t0, pack_t1, pack_z};

use super::super::avx2::pack;
use mldsa_core::kernel::Poly;

super::evex! {
    unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) = pack::unpack_z;
    unpack_t1(t1: &mut Poly, buf: &[u8]) = pack::unpack_t1;
    pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1;
    pack_eta(eta: i32, out: &mut [u8], s: &Poly) = pack::pack_eta;
}
