//! The [`Backend`] implementations of [`Neon`] and [`Auto`] on aarch64. [`Neon`] always runs the
//! NEON kernels; [`Auto`] runs them when its cached choice is [`Selected::Neon`] (the default
//! on aarch64) and the portable ones otherwise (`MLDSA_BACKEND=portable`): one check per kernel
//! call, never per coefficient, and never dependent on data.

use super::{arith, challenge, keccak, ntt, pack, sample};
use crate::backend::{Auto, Backend, Neon, Portable, Selected, auto_choice, sponge};
use mldsa_core::challenge::Challenge;
use mldsa_core::keccak::{SHAKE128_RATE, SHAKE256_RATE};
use mldsa_core::poly::{Poly, SmallPoly};
use subtle::Choice;

/// One [`Backend`] method: if `$use_neon` holds, the NEON kernel `$kernel`, else the portable
/// method of the same name.
macro_rules! kernel {
    ($use_neon:expr; fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? = $kernel:path) => {
        #[inline]
        fn $name($($arg: $ty),*) $(-> $ret)? {
            if $use_neon {
                // SAFETY: the kernel needs only NEON, which this build enables (the module is
                // compiled only with `target_feature = "neon"`).
                unsafe { $kernel($($arg),*) }
            } else {
                Portable::$name($($arg),*)
            }
        }
    };
}

/// Implements [`Backend`] for `$ty`: every accelerated kernel evaluates `$use_neon` once, then
/// runs the NEON kernel or the portable one. The sponges are the 2-lane NEON SHAKE, which makes
/// the same choice once per sponge.
macro_rules! neon_backend {
    ($ty:ty, $use_neon:expr) => {
        impl sponge::Detect<2> for $ty {
            type Permutation = keccak::Permutation;
            #[inline]
            fn permutation() -> keccak::Permutation {
                keccak::Permutation::detect($use_neon)
            }
        }

        impl Backend for $ty {
            type Shake128 = sponge::Sponge<2, SHAKE128_RATE, $ty>;
            type Shake256 = sponge::Sponge<2, SHAKE256_RATE, $ty>;
            type Keccak = mldsa_core::keccak::KeccakF1600;

            kernel!($use_neon; fn ntt(a: &mut Poly) = ntt::ntt);
            kernel!($use_neon; fn inv_ntt(a: &mut Poly) = ntt::inv_ntt);
            kernel!($use_neon; fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) = arith::pointwise);
            kernel!($use_neon;
                fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) = arith::pointwise_acc);
            kernel!($use_neon;
                fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly)
                    = challenge::challenge_mul);
            kernel!($use_neon; fn reduce(a: &mut Poly) = arith::reduce);
            kernel!($use_neon; fn caddq(a: &mut Poly) = arith::caddq);
            kernel!($use_neon; fn power2round(t: &mut Poly, t0: &mut Poly) = arith::power2round);
            kernel!($use_neon;
                fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) = arith::decompose);
            kernel!($use_neon;
                fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize
                    = arith::make_hint);
            kernel!($use_neon; fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) = arith::use_hint);
            kernel!($use_neon; fn norm_exceeds(a: &Poly, bound: i32) -> Choice = arith::norm_exceeds);
            kernel!($use_neon; fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize
                = sample::rej_uniform);
            kernel!($use_neon; fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize
                = sample::rej_eta);
            kernel!($use_neon;
                fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) = pack::unpack_z);
            kernel!($use_neon; fn unpack_t1(t1: &mut Poly, buf: &[u8]) = pack::unpack_t1);
            kernel!($use_neon;
                fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) = pack::pack_z);
            kernel!($use_neon; fn pack_t1(out: &mut [u8], t1: &Poly) = pack::pack_t1);
            kernel!($use_neon; fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1);
        }
    };
}

neon_backend!(Neon, Neon::is_available());
neon_backend!(Auto, auto_choice() == Selected::Neon);
