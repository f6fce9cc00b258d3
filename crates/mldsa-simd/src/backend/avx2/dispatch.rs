//! The [`Backend`] implementations of [`Avx2`] and [`Auto`] on x86-64: each kernel asks the
//! backend's AVX2 condition once, then calls the `#[target_feature(enable = "avx2")]` kernel or
//! the portable one.
#![allow(unsafe_code)]

use super::{arith, keccak, ntt, sample};
use crate::backend::{Auto, Avx2, Backend, Portable, auto_uses_avx2};
use mldsa_core::poly::Poly;
use subtle::Choice;

/// Implements [`Backend`] for `$ty`: every accelerated kernel asks `$use_avx2()` once, then runs
/// the AVX2 kernel or the portable one.
macro_rules! dispatching_backend {
    ($ty:ty, $use_avx2:path) => {
        impl keccak::Detect for $ty {
            #[inline]
            fn use_avx2() -> bool {
                $use_avx2()
            }
        }

        impl Backend for $ty {
            type Shake128 = keccak::Keccak4<{ mldsa_core::keccak::SHAKE128_RATE }, $ty>;
            type Shake256 = keccak::Keccak4<{ mldsa_core::keccak::SHAKE256_RATE }, $ty>;

            #[inline]
            fn ntt(a: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { ntt::ntt(a) }
                } else {
                    Portable::ntt(a)
                }
            }

            #[inline]
            fn inv_ntt(a: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { ntt::inv_ntt(a) }
                } else {
                    Portable::inv_ntt(a)
                }
            }

            #[inline]
            fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::pointwise(c, a, b) }
                } else {
                    Portable::pointwise(c, a, b)
                }
            }

            #[inline]
            fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::pointwise_acc(c, a, b) }
                } else {
                    Portable::pointwise_acc(c, a, b)
                }
            }

            #[inline]
            fn reduce(a: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::reduce(a) }
                } else {
                    Portable::reduce(a)
                }
            }

            #[inline]
            fn caddq(a: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::caddq(a) }
                } else {
                    Portable::caddq(a)
                }
            }

            #[inline]
            fn power2round(t: &mut Poly, t0: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::power2round(t, t0) }
                } else {
                    Portable::power2round(t, t0)
                }
            }

            #[inline]
            fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::decompose(gamma2, w, w0) }
                } else {
                    Portable::decompose(gamma2, w, w0)
                }
            }

            #[inline]
            fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::make_hint(gamma2, h, r0, r1) }
                } else {
                    Portable::make_hint(gamma2, h, r0, r1)
                }
            }

            #[inline]
            fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::use_hint(gamma2, w, h) }
                } else {
                    Portable::use_hint(gamma2, w, h)
                }
            }

            #[inline]
            fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { sample::rej_uniform(out, buf) }
                } else {
                    Portable::rej_uniform(out, buf)
                }
            }

            #[inline]
            fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { sample::rej_eta(eta, out, buf) }
                } else {
                    Portable::rej_eta(eta, out, buf)
                }
            }

            #[inline]
            fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
                if $use_avx2() {
                    // SAFETY: the condition holds only when CPUID reported AVX2.
                    unsafe { arith::norm_exceeds(a, bound) }
                } else {
                    Portable::norm_exceeds(a, bound)
                }
            }
        }
    };
}

dispatching_backend!(Avx2, super::has_avx2);
dispatching_backend!(Auto, auto_uses_avx2);
