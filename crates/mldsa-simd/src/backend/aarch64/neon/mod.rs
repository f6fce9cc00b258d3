//! NEON kernels (aarch64), reachable only through [`NeonToken`]. NEON is part of the aarch64
//! baseline, so the token needs no run-time detection; the folder is compiled only when the
//! build enables NEON (every aarch64 target except the soft-float ones; without it, `Neon` and
//! `Auto` are the portable kernels under another name). Every kernel is a
//! `#[target_feature(enable = "neon")]` function holding a whole hot loop, and the helpers it
//! calls carry the same attribute and `#[inline]`, so they and the intrinsics inline into it.
//!
//! Layout mirrors `x86_64/avx2/`: `ntt.rs` (Algorithms 41-42), `arith.rs` (Montgomery
//! products, reductions, Algorithms 35-40, the infinity norm), `challenge.rs` (the sparse c·s
//! of signing), `pack.rs` (Algorithms 16-19 for z, t1, w1), `sample.rs` (Algorithms 30-31),
//! `keccak.rs` (the 2-lane Keccak-f\[1600\], with FEAT_SHA3 where [`Sha3Token`] is detected).
//!
//! [`Sha3Token`]: crate::backend::select::Sha3Token

mod arith;
mod challenge;
mod keccak;
mod ntt;
mod pack;
mod sample;

use crate::backend::kernels::{Kernels, kernel};
use crate::backend::select::NeonToken;
use core::arch::aarch64::{
    int8x16_t, int32x4_t, uint8x16_t, vld1q_s8, vld1q_s32, vld1q_u8, vst1q_s32,
};
use mldsa_core::kernel::{Challenge, KeccakF1600, Permutation, Poly, SmallPoly};
use subtle::Choice;

impl Kernels<2> for NeonToken {
    #[inline]
    fn f1600xn(self, state: &mut [[u64; 2]; 25]) {
        keccak::f1600x2(self, state)
    }
    /// No NEON single-lane permutation: the scalar one is faster than one lane of a vector.
    #[inline]
    fn f1600(self, state: &mut [u64; 25]) {
        KeccakF1600::permute(state)
    }
    kernel!(fn ntt(a: &mut Poly) = ntt::ntt);
    kernel!(fn inv_ntt(a: &mut Poly) = ntt::inv_ntt);
    kernel!(fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) = arith::pointwise);
    kernel!(fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) = arith::pointwise_acc);
    kernel!(fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly)
        = challenge::challenge_mul);
    kernel!(fn reduce(a: &mut Poly) = arith::reduce);
    kernel!(fn caddq(a: &mut Poly) = arith::caddq);
    kernel!(fn power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round);
    kernel!(fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose);
    kernel!(fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize
        = arith::make_hint);
    kernel!(fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint);
    kernel!(fn norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds);
    kernel!(fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize = sample::rej_uniform);
    kernel!(fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize = sample::rej_eta);
    kernel!(fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) = pack::pack_z);
    kernel!(fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) = pack::unpack_z);
    kernel!(fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1);
    kernel!(fn pack_t1(out: &mut [u8], t1: &Poly) = pack::pack_t1);
    kernel!(fn unpack_t1(t1: &mut Poly, buf: &[u8]) = pack::unpack_t1);
}

/// Loads 4 coefficients.
#[inline]
#[target_feature(enable = "neon")]
fn load(a: &[i32; 4]) -> int32x4_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement beyond the element's.
    unsafe { vld1q_s32(a.as_ptr()) }
}

/// Stores 4 coefficients.
#[inline]
#[target_feature(enable = "neon")]
fn store(a: &mut [i32; 4], v: int32x4_t) {
    // SAFETY: `a` is 16 writable bytes; `st1` has no alignment requirement beyond the element's.
    unsafe { vst1q_s32(a.as_mut_ptr(), v) }
}

/// Loads 16 bytes (tables, packed fields).
#[inline]
#[target_feature(enable = "neon")]
fn load_bytes(a: &[u8; 16]) -> uint8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_u8(a.as_ptr()) }
}

/// Loads 16 signed bytes.
#[inline]
#[target_feature(enable = "neon")]
fn load_i8(a: &[i8; 16]) -> int8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_s8(a.as_ptr()) }
}
