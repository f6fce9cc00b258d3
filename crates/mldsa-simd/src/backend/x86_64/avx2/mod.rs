//! AVX2 kernels (x86-64). Every kernel here is a `#[target_feature(enable = "avx2")]`
//! function holding a whole hot loop; the helpers it calls carry the same attribute and
//! `#[inline]`, so they and the intrinsics inline into it. The kernels are reachable only
//! through [`Avx2Token`]'s [`Kernels`] methods (and the AVX-512 folder's recompilations, behind
//! its own token).

pub(super) mod arith;
pub(super) mod challenge;
pub(super) mod keccak;
pub(super) mod ntt;
pub(super) mod pack;
pub(super) mod sample;

use crate::backend::kernels::{Kernels, kernel};
use crate::backend::select::Avx2Token;
use core::arch::x86_64::{__m256i, _mm256_loadu_si256, _mm256_storeu_si256};
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

impl Kernels<4> for Avx2Token {
    kernel!(fn f1600xn(state: &mut [[u64; 4]; 25]) = keccak::f1600x4);
    #[inline]
    fn f1600(self, state: &mut [u64; 25]) {
        super::bmi::f1600(state)
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

/// Loads 8 coefficients.
#[inline]
#[target_feature(enable = "avx2")]
fn load(a: &[i32; 8]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; `loadu` has no alignment requirement.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// Loads 32 signed bytes (shuffle tables, byte-lane operands).
#[inline]
#[target_feature(enable = "avx2")]
fn load_bytes(a: &[i8; 32]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; `loadu` has no alignment requirement.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// Stores 8 coefficients.
#[inline]
#[target_feature(enable = "avx2")]
fn store(a: &mut [i32; 8], v: __m256i) {
    // SAFETY: `a` is 32 writable bytes; `storeu` has no alignment requirement.
    unsafe { _mm256_storeu_si256(a.as_mut_ptr().cast(), v) }
}
