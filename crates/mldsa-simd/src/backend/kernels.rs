//! The kernel set of an instruction set, [`Kernels`], and the one list of kernel signatures
//! everything else here is generated from.
//!
//! A value implementing [`Kernels`] is the proof that its kernels may run: the ISA tokens of
//! [`super::select`] (which exist only after detection), `Option<T>` (a token or, when `None`,
//! the portable kernels) and [`OneOf`] (the best of two tokens, for `Auto`). Every method takes
//! that proof as `self`, so no kernel can be called without its CPU features.
//!
//! Adding a kernel: one line in [`kernel_list`] (its [`Backend`] signature), its
//! [`Portable`] twin in mldsa-core, and one line in each ISA's `impl Kernels` (its own kernel, or
//! the kernel it falls back to).

use crate::backend::keccak::f1600_per_lane;
use mldsa_core::Portable;
use mldsa_core::backend::Backend;
use mldsa_core::kernel::{Challenge, KeccakF1600, Permutation, Poly, SmallPoly};
use subtle::Choice;

/// Calls `$callback!` with every accelerated [`Backend`] operation, as
/// `fn name(arg: Type, ...) [-> Ret];`: the one list of kernel signatures.
macro_rules! kernel_list {
    ($callback:ident $(, $extra:tt)*) => {
        $callback! {
            $($extra)*
            fn ntt(a: &mut Poly);
            fn inv_ntt(a: &mut Poly);
            fn pointwise(c: &mut Poly, a: &Poly, b: &Poly);
            fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]);
            fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly);
            fn reduce(a: &mut Poly);
            fn caddq(a: &mut Poly);
            fn power2round(t: &mut Poly, t0: &mut Poly);
            fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly);
            fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize;
            fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly);
            fn norm_exceeds(a: &Poly, bound: i32) -> Choice;
            fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize;
            fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize;
            fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly);
            fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]);
            fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly);
            fn pack_t1(out: &mut [u8], t1: &Poly);
            fn unpack_t1(t1: &mut Poly, buf: &[u8]);
        }
    };
}
pub(crate) use kernel_list;

macro_rules! define_kernels {
    ($(fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        /// The kernels of one instruction set on `LANES`-way Keccak, callable only with the
        /// proof (`self`) that the CPU runs them. Same contracts as [`Backend`]'s methods.
        pub trait Kernels<const LANES: usize>: Copy {
            /// Keccak-f\[1600\] on `LANES` word-interleaved states (`state[word][lane]`).
            fn f1600xn(self, state: &mut [[u64; LANES]; 25]);
            /// Single-lane Keccak-f\[1600\] (the H of ξ's expansion, tr, ρ″, c̃).
            fn f1600(self, state: &mut [u64; 25]);
            $(
                #[doc = concat!("[`Backend::", stringify!($name), "`].")]
                fn $name(self, $($arg: $ty),*) $(-> $ret)?;
            )*
        }

        /// The portable kernels: what a backend runs where its features are missing.
        impl<const LANES: usize> Kernels<LANES> for Portable {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; LANES]; 25]) {
                f1600_per_lane(state)
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                KeccakF1600::permute(state)
            }
            $(
                #[inline]
                fn $name(self, $($arg: $ty),*) $(-> $ret)? {
                    <Portable as Backend>::$name($($arg),*)
                }
            )*
        }

        /// A token's kernels when detection produced one, else the portable ones.
        impl<const LANES: usize, K: Kernels<LANES>> Kernels<LANES> for Option<K> {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; LANES]; 25]) {
                match self {
                    Some(k) => k.f1600xn(state),
                    None => Portable.f1600xn(state),
                }
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                match self {
                    Some(k) => k.f1600(state),
                    None => Kernels::<LANES>::f1600(Portable, state),
                }
            }
            $(
                #[inline]
                fn $name(self, $($arg: $ty),*) $(-> $ret)? {
                    match self {
                        Some(k) => k.$name($($arg),*),
                        None => Kernels::<LANES>::$name(Portable, $($arg),*),
                    }
                }
            )*
        }

        impl<const LANES: usize, A: Kernels<LANES>, B: Kernels<LANES>> Kernels<LANES>
            for OneOf<A, B>
        {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; LANES]; 25]) {
                match self {
                    OneOf::First(k) => k.f1600xn(state),
                    OneOf::Second(k) => k.f1600xn(state),
                }
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                match self {
                    OneOf::First(k) => k.f1600(state),
                    OneOf::Second(k) => k.f1600(state),
                }
            }
            $(
                #[inline]
                fn $name(self, $($arg: $ty),*) $(-> $ret)? {
                    match self {
                        OneOf::First(k) => k.$name($($arg),*),
                        OneOf::Second(k) => k.$name($($arg),*),
                    }
                }
            )*
        }
    };
}
kernel_list!(define_kernels);

/// One of two kernel sets, chosen at run time (`Auto` on x86-64: AVX-512 or AVX2).
#[derive(Clone, Copy, Debug)]
pub enum OneOf<A, B> {
    /// The first (preferred) set.
    First(A),
    /// The second set.
    Second(B),
}

/// Defines, inside an `impl Kernels<LANES> for Token`, the method `name` as a call of the
/// `#[target_feature]` kernel `path` of that token's instruction set.
macro_rules! kernel {
    (fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? = $kernel:path) => {
        #[inline]
        fn $name(self, $($arg: $ty),*) $(-> $ret)? {
            // SAFETY: `self` is the token of the instruction set whose folder `$kernel` is in;
            // tokens exist only after detection reported every feature that folder's kernels
            // enable (see `select.rs`).
            unsafe { $kernel($($arg),*) }
        }
    };
}
pub(crate) use kernel;

/// Defines, inside an `impl Kernels<LANES> for Token`, the method `name` as the kernel of the
/// weaker token `self.$via()` (an instruction set that does not specialise it).
macro_rules! fallback {
    (fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? = $via:ident) => {
        #[inline]
        fn $name(self, $($arg: $ty),*) $(-> $ret)? {
            self.$via().$name($($arg),*)
        }
    };
}
pub(crate) use fallback;

/// A backend marker type's kernels: what it runs in this process (decided by detection, once).
pub trait Dispatch<const LANES: usize> {
    /// The kernel set (a token, an `Option` of one, or a [`OneOf`]).
    type Kernels: Kernels<LANES>;
    /// The kernel set this CPU runs for the backend (a cached answer: one load).
    fn kernels() -> Self::Kernels;
}

/// The [`Backend`] methods of a marker type implementing [`Dispatch`]: each asks for the
/// backend's kernel set once and calls its kernel. Used inside `impl Backend`.
macro_rules! forward_to_kernels {
    ($lanes:tt $(fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        $(
            #[inline]
            fn $name($($arg: $ty),*) $(-> $ret)? {
                $crate::backend::kernels::Kernels::<$lanes>::$name(
                    <Self as $crate::backend::kernels::Dispatch<$lanes>>::kernels(),
                    $($arg),*
                )
            }
        )*
    };
}
pub(crate) use forward_to_kernels;

/// The single-lane Keccak-f\[1600\] of backend `D` (its `Backend::Keccak`): `D`'s kernel set's
/// [`Kernels::f1600`].
pub struct SingleLane<D, const LANES: usize>(core::marker::PhantomData<D>);

impl<const LANES: usize, D: Dispatch<LANES>> Permutation for SingleLane<D, LANES> {
    #[inline]
    fn permute(state: &mut [u64; 25]) {
        D::kernels().f1600(state)
    }
}

/// `impl Backend for $ty` over its [`Dispatch`] kernels with `$lanes`-lane sponges.
macro_rules! simd_backend {
    ($ty:ty, $lanes:tt) => {
        impl mldsa_core::backend::Backend for $ty {
            type Shake128 = $crate::backend::keccak::sponge::Sponge<
                $lanes,
                { mldsa_core::kernel::SHAKE128_RATE },
                $ty,
            >;
            type Shake256 = $crate::backend::keccak::sponge::Sponge<
                $lanes,
                { mldsa_core::kernel::SHAKE256_RATE },
                $ty,
            >;
            type Keccak = $crate::backend::kernels::SingleLane<$ty, $lanes>;
            $crate::backend::kernels::kernel_list!(forward_to_kernels, $lanes);
        }
    };
}
pub(crate) use simd_backend;
