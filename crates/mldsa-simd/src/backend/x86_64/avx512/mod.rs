//! AVX-512 kernels (x86-64 with AVX-512 F, VL and BW), reachable only through [`Avx512Token`].
//! Like `avx2/`, every kernel is a `#[target_feature]` function holding a whole hot loop.
//!
//! What AVX-512 changes:
//! - Keccak: `vpternlogq` computes θ's three-way XORs and χ in one instruction each, `vprolq`
//!   rotates in one, and 32 vector registers hold the whole 4-way state (`keccak.rs`).
//! - `ntt.rs`, `arith.rs`, `pack.rs`: the AVX2 kernels recompiled with AVX-512 enabled
//!   ([`evex`]), so the compiler may use EVEX encodings and all 32 registers.
//! - Rejection sampling stays on the AVX2 kernels: a `vpcompressd` version (16 candidates per
//!   step, no lookup table) measured 10-20 % slower than the AVX2 table version on AMD Zen 4,
//!   whose loop is bound by the count's dependency chain, not by the packing. The challenge
//!   product and the z/t1 packers also run the AVX2 kernels (the `fallback!` lines below).
#![allow(unsafe_code)]

mod arith;
mod keccak;
mod ntt;
mod pack;

use crate::backend::kernels::{Kernels, fallback, kernel};
use crate::backend::select::Avx512Token;
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

/// Defines, for each `name(args) = kernel`, `pub(super) fn name` with AVX-512 F/VL/BW enabled
/// that runs the AVX2 `kernel`: its body inlined (`#[inline]` on the AVX2 entry points, whose
/// features are a subset of these), so the compiler may encode it with EVEX, use 32 vector
/// registers and fold AVX-512 forms (e.g. `vpternlogd`, mask compares). Same arithmetic, same
/// results; the differential tests check it like any other kernel.
macro_rules! evex {
    ($( $name:ident($($arg:ident: $t:ty),*) $(-> $r:ty)? = $kernel:path; )*) => {$(
        #[doc = concat!("`", stringify!($kernel), "` compiled with AVX-512 F/VL/BW.")]
        #[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
        pub(super) fn $name($($arg: $t),*) $(-> $r)? {
            $kernel($($arg),*)
        }
    )*};
}
use evex;

impl Kernels<4> for Avx512Token {
    kernel!(fn f1600xn(state: &mut [[u64; 4]; 25]) = keccak::f1600x4);
    fallback!(fn f1600(state: &mut [u64; 25]) = avx2);
    kernel!(fn ntt(a: &mut Poly) = ntt::ntt);
    kernel!(fn inv_ntt(a: &mut Poly) = ntt::inv_ntt);
    kernel!(fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) = arith::pointwise);
    kernel!(fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) = arith::pointwise_acc);
    fallback!(fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) = avx2);
    kernel!(fn reduce(a: &mut Poly) = arith::reduce);
    kernel!(fn caddq(a: &mut Poly) = arith::caddq);
    kernel!(fn power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round);
    kernel!(fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose);
    kernel!(fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize
        = arith::make_hint);
    kernel!(fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint);
    kernel!(fn norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds);
    fallback!(fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize = avx2);
    fallback!(fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize = avx2);
    fallback!(fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) = avx2);
    kernel!(fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) = pack::unpack_z);
    kernel!(fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1);
    fallback!(fn pack_t1(out: &mut [u8], t1: &Poly) = avx2);
    kernel!(fn unpack_t1(t1: &mut Poly, buf: &[u8]) = pack::unpack_t1);
}
