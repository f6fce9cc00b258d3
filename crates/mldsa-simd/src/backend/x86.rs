//! The [`Backend`] implementations of [`Avx2`], [`Avx512`] and [`Auto`] on x86-64: each kernel
//! asks the backend's level once (a cached CPUID answer, or `Auto`'s cached choice), then calls
//! the AVX-512 kernel, the AVX2 kernel or the portable one.
#![allow(unsafe_code)]

use super::avx2::{self, arith, challenge, keccak, ntt, pack, sample};
use super::avx512::{self, evex};
use crate::backend::{Auto, Avx2, Avx512, Backend, Portable, Selected, auto_choice, sponge};
use mldsa_core::challenge::Challenge;
use mldsa_core::poly::{Poly, SmallPoly};
use subtle::Choice;

/// The kernel set a backend runs on this CPU: [`Selected::Avx512`] only when CPUID reported
/// AVX-512 F/VL/BW (and AVX2), [`Selected::Avx2`] only when it reported AVX2.
trait Level {
    fn level() -> Selected;
}

impl Level for Avx2 {
    #[inline]
    fn level() -> Selected {
        if avx2::has_avx2() {
            Selected::Avx2
        } else {
            Selected::Portable
        }
    }
}

impl Level for Avx512 {
    #[inline]
    fn level() -> Selected {
        if avx512::has_avx512() {
            Selected::Avx512
        } else {
            Selected::Portable
        }
    }
}

impl Level for Auto {
    /// `auto_choice` names a vector backend only after its CPUID check (on x86-64 never Neon).
    #[inline]
    fn level() -> Selected {
        auto_choice()
    }
}

/// Runs `$avx512` or `$avx2` (unsafe calls of `#[target_feature]` kernels) or `$portable`,
/// as `$ty`'s level says.
macro_rules! by_level {
    ($ty:ty, avx512: $avx512:expr, avx2: $avx2:expr, portable: $portable:expr) => {
        match <$ty as Level>::level() {
            // SAFETY: `level()` is Avx512 only when CPUID reported AVX2 and AVX-512 F/VL/BW.
            Selected::Avx512 => unsafe { $avx512 },
            // SAFETY: `level()` is Avx2 only when CPUID reported AVX2.
            Selected::Avx2 => unsafe { $avx2 },
            _ => $portable,
        }
    };
}

/// The single-lane Keccak-f\[1600\] of backend `L`: the BMI1/BMI2 build of the shared rounds
/// when `L` runs vector kernels and CPUID reported BMI1 and BMI2, else the `keccak` crate's
/// (so a backend forced to portable stays portable here too).
#[derive(Clone, Copy, Debug, Default)]
pub struct Keccak<L>(core::marker::PhantomData<L>);

/// Implements [`Backend`] for `$ty` by [`by_level`] dispatch of every accelerated kernel.
macro_rules! dispatching_backend {
    ($ty:ty) => {
        impl sponge::Detect<4> for $ty {
            type Permutation = keccak::Permutation;
            #[inline]
            fn permutation() -> keccak::Permutation {
                match <$ty as Level>::level() {
                    Selected::Avx512 => keccak::Permutation::Avx512,
                    Selected::Avx2 => keccak::Permutation::Avx2,
                    _ => keccak::Permutation::Scalar,
                }
            }
        }

        impl mldsa_core::keccak::Permutation for Keccak<$ty> {
            #[inline]
            fn permute(state: &mut [u64; 25]) {
                if !matches!(<$ty as Level>::level(), Selected::Portable) && keccak::has_bmi() {
                    // SAFETY: CPUID reported BMI1 and BMI2.
                    unsafe { keccak::f1600_bmi(state) }
                } else {
                    mldsa_core::keccak::KeccakF1600::permute(state)
                }
            }
        }

        impl Backend for $ty {
            type Shake128 = sponge::Sponge<4, { mldsa_core::keccak::SHAKE128_RATE }, $ty>;
            type Shake256 = sponge::Sponge<4, { mldsa_core::keccak::SHAKE256_RATE }, $ty>;
            type Keccak = Keccak<$ty>;

            #[inline]
            fn ntt(a: &mut Poly) {
                by_level!($ty, avx512: evex::ntt(a), avx2: ntt::ntt(a), portable: Portable::ntt(a))
            }

            #[inline]
            fn inv_ntt(a: &mut Poly) {
                by_level!($ty,
                    avx512: evex::inv_ntt(a),
                    avx2: ntt::inv_ntt(a),
                    portable: Portable::inv_ntt(a))
            }

            #[inline]
            fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
                by_level!($ty,
                    avx512: evex::pointwise(c, a, b),
                    avx2: arith::pointwise(c, a, b),
                    portable: Portable::pointwise(c, a, b))
            }

            #[inline]
            fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
                by_level!($ty,
                    avx512: evex::pointwise_acc(c, a, b),
                    avx2: arith::pointwise_acc(c, a, b),
                    portable: Portable::pointwise_acc(c, a, b))
            }

            #[inline]
            fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
                // AVX-512 runs the AVX2 kernel (a zmm one would halve the loads per term; not
                // written, since no AVX-512 machine is here to run it).
                by_level!($ty,
                    avx512: challenge::challenge_mul(eta, out, c, s),
                    avx2: challenge::challenge_mul(eta, out, c, s),
                    portable: Portable::challenge_mul(eta, out, c, s))
            }

            #[inline]
            fn reduce(a: &mut Poly) {
                by_level!($ty,
                    avx512: evex::reduce(a),
                    avx2: arith::reduce(a),
                    portable: Portable::reduce(a))
            }

            #[inline]
            fn caddq(a: &mut Poly) {
                by_level!($ty,
                    avx512: evex::caddq(a),
                    avx2: arith::caddq(a),
                    portable: Portable::caddq(a))
            }

            #[inline]
            fn power2round(t: &mut Poly, t0: &mut Poly) {
                by_level!($ty,
                    avx512: evex::power2round(t, t0),
                    avx2: arith::power2round(t, t0),
                    portable: Portable::power2round(t, t0))
            }

            #[inline]
            fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
                by_level!($ty,
                    avx512: evex::decompose(gamma2, w, w0),
                    avx2: arith::decompose(gamma2, w, w0),
                    portable: Portable::decompose(gamma2, w, w0))
            }

            #[inline]
            fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
                by_level!($ty,
                    avx512: evex::make_hint(gamma2, h, r0, r1),
                    avx2: arith::make_hint(gamma2, h, r0, r1),
                    portable: Portable::make_hint(gamma2, h, r0, r1))
            }

            #[inline]
            fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
                by_level!($ty,
                    avx512: evex::use_hint(gamma2, w, h),
                    avx2: arith::use_hint(gamma2, w, h),
                    portable: Portable::use_hint(gamma2, w, h))
            }

            #[inline]
            fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
                by_level!($ty,
                    avx512: sample::rej_uniform(out, buf),
                    avx2: sample::rej_uniform(out, buf),
                    portable: Portable::rej_uniform(out, buf))
            }

            #[inline]
            fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
                by_level!($ty,
                    avx512: sample::rej_eta(eta, out, buf),
                    avx2: sample::rej_eta(eta, out, buf),
                    portable: Portable::rej_eta(eta, out, buf))
            }

            #[inline]
            fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) {
                by_level!($ty,
                    avx512: evex::unpack_z(gamma1_bits, z, buf),
                    avx2: pack::unpack_z(gamma1_bits, z, buf),
                    portable: Portable::unpack_z(gamma1_bits, z, buf))
            }

            #[inline]
            fn unpack_t1(t1: &mut Poly, buf: &[u8]) {
                by_level!($ty,
                    avx512: evex::unpack_t1(t1, buf),
                    avx2: pack::unpack_t1(t1, buf),
                    portable: Portable::unpack_t1(t1, buf))
            }

            #[inline]
            fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) {
                by_level!($ty,
                    avx512: pack::pack_z(gamma1_bits, out, z),
                    avx2: pack::pack_z(gamma1_bits, out, z),
                    portable: Portable::pack_z(gamma1_bits, out, z))
            }

            #[inline]
            fn pack_t1(out: &mut [u8], t1: &Poly) {
                by_level!($ty,
                    avx512: pack::pack_t1(out, t1),
                    avx2: pack::pack_t1(out, t1),
                    portable: Portable::pack_t1(out, t1))
            }

            #[inline]
            fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) {
                by_level!($ty,
                    avx512: evex::pack_w1(gamma2, out, w1),
                    avx2: pack::pack_w1(gamma2, out, w1),
                    portable: Portable::pack_w1(gamma2, out, w1))
            }

            #[inline]
            fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
                by_level!($ty,
                    avx512: evex::norm_exceeds(a, bound),
                    avx2: arith::norm_exceeds(a, bound),
                    portable: Portable::norm_exceeds(a, bound))
            }
        }
    };
}

dispatching_backend!(Avx2);
dispatching_backend!(Avx512);
dispatching_backend!(Auto);
