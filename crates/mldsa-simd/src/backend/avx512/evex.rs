//! The AVX2 kernels recompiled inside `#[target_feature]` functions that also enable AVX-512
//! F/VL/BW: each wrapper's body is the AVX2 kernel, inlined (`#[inline]` on the AVX2 entry
//! points, whose features are a subset of these), so the compiler may encode it with EVEX,
//! use 32 vector registers and fold AVX-512 forms (e.g. `vpternlogd`, mask compares). Same
//! arithmetic, same results; the differential tests check it like any other kernel.

use crate::backend::avx2::{arith, ntt, pack};
use mldsa_core::poly::Poly;
use subtle::Choice;

/// Defines, for each `name(args) = kernel`, `pub(crate) fn name` with AVX-512 enabled that
/// runs `kernel`.
macro_rules! evex_wrappers {
    ($( $name:ident($($arg:ident: $t:ty),*) $(-> $r:ty)? = $kernel:path; )*) => {$(
        #[doc = concat!("`", stringify!($kernel), "` compiled with AVX-512 F/VL/BW.")]
        #[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
        pub(crate) fn $name($($arg: $t),*) $(-> $r)? {
            $kernel($($arg),*)
        }
    )*};
}

evex_wrappers! {
    ntt(a: &mut Poly) = ntt::ntt;
    inv_ntt(a: &mut Poly) = ntt::inv_ntt;
    pointwise(c: &mut Poly, a: &Poly, b: &Poly) = arith::pointwise;
    pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) = arith::pointwise_acc;
    reduce(a: &mut Poly) = arith::reduce;
    caddq(a: &mut Poly) = arith::caddq;
    power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round;
    decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose;
    make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize = arith::make_hint;
    use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint;
    norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds;
    unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) = pack::unpack_z;
    unpack_t1(t1: &mut Poly, buf: &[u8]) = pack::unpack_t1;
    pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1;
}
