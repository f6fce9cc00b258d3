//! The kernel set of an instruction set, [`Kernels`], and the one list of kernel signatures
//! everything else here is generated from.
//!
//! A value implementing [`Kernels`] is the proof that its kernels may run: the ISA tokens of
//! [`super::select`] (which exist only after detection), `Option<T>` (a token or, when `None`,
//! the portable kernels) and [`OneOf`] (the best of two tokens, for `Auto`). Every method takes
//! that proof as `self`, so no kernel can be called without its CPU features.
//!
//! Adding a kernel: one line in [`kernel_list`] (its [`Backend`] signature and file), its
//! [`Portable`] twin in mldsa-core, and in each ISA folder the kernel in that file (or one line
//! re-exporting the kernel it falls back to).

use mldsa_core::Portable;
use mldsa_core::backend::Backend;
use mldsa_core::kernel::{Challenge, KeccakF1600, Permutation, Poly, SmallPoly};
use subtle::Choice;
use zeroize::Zeroize;

/// Keccak-f\[1600\] on word-interleaved states without vector code: one scalar permutation per
/// lane, for the first `lanes` lanes (the fallback of every backend).
#[allow(
    clippy::needless_range_loop,
    reason = "the lane is the inner index of a word-major state"
)]
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(
        dead_code,
        reason = "only the vector backends' sponges permute several lanes"
    )
)]
pub(crate) fn f1600_per_lane<const LANES: usize>(state: &mut [[u64; LANES]; 25], lanes: usize) {
    for lane in 0..lanes {
        let mut s: [u64; 25] = core::array::from_fn(|w| state[w][lane]);
        KeccakF1600::permute(&mut s);
        for (w, v) in s.iter().enumerate() {
            state[w][lane] = *v;
        }
        s.zeroize();
    }
}

/// A squeezed block out of word-interleaved states without vector code: the words `words` of
/// each lane `l < out.len()`, little-endian, word w to `out[l][at + 8w..at + 8w + 8]` (a whole
/// block is `0..rate / 8`; a vector kernel passes the words it leaves over).
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(
        dead_code,
        reason = "only the vector backends' sponges squeeze several lanes"
    )
)]
pub(crate) fn copy_out_per_lane<const LANES: usize>(
    state: &[[u64; LANES]; 25],
    words: core::ops::Range<usize>,
    at: usize,
    out: &mut [&mut [u8]],
) {
    for (lane, o) in out.iter_mut().enumerate() {
        let bytes = o[at + 8 * words.start..at + 8 * words.end].chunks_exact_mut(8);
        for (word, b) in state[words.clone()].iter().zip(bytes) {
            b.copy_from_slice(&word[lane].to_le_bytes());
        }
    }
}

/// Calls `$callback!` with every accelerated [`Backend`] operation, as
/// `fn file::name(arg: Type, ...) [-> Ret];`: the one list of kernel signatures, with the file
/// of an ISA folder that holds each kernel (`ntt.rs`, `arith.rs`, `challenge.rs`, `sample.rs`,
/// `pack.rs`; an ISA that does not specialise a kernel re-exports its fallback there).
macro_rules! kernel_list {
    ($callback:ident $(, $extra:tt)*) => {
        $callback! {
            $($extra)*
            fn ntt::ntt(a: &mut Poly);
            fn ntt::inv_ntt(a: &mut Poly);
            fn arith::pointwise(c: &mut Poly, a: &Poly, b: &Poly);
            fn arith::pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]);
            fn challenge::challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly);
            fn arith::reduce(a: &mut Poly);
            fn arith::caddq(a: &mut Poly);
            fn arith::power2round(t: &mut Poly, t0: &mut Poly);
            fn arith::decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly);
            fn arith::make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize;
            fn arith::use_hint(gamma2: i32, w: &mut Poly, h: &Poly);
            fn arith::norm_exceeds(a: &Poly, bound: i32) -> Choice;
            fn sample::rej_uniform(out: &mut [i32], buf: &[u8]) -> usize;
            fn sample::rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize;
            fn pack::pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly);
            fn pack::unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]);
            fn pack::pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly);
            fn pack::pack_eta(eta: i32, out: &mut [u8], s: &Poly);
            fn pack::pack_t0(out: &mut [u8], t0: &Poly);
            fn pack::pack_t1(out: &mut [u8], t1: &Poly);
            fn pack::unpack_t1(t1: &mut Poly, buf: &[u8]);
        }
    };
}
pub(crate) use kernel_list;

macro_rules! define_kernels {
    ($(fn $file:ident::$name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        /// The kernels of one instruction set on `LANES`-way Keccak, callable only with the
        /// proof (`self`) that the CPU runs them. Same contracts as [`Backend`]'s methods.
        #[cfg_attr(
            not(any(target_arch = "x86_64", target_arch = "aarch64")),
            allow(dead_code, reason = "the permutations serve the vector backends' sponges")
        )]
        pub trait Kernels<const LANES: usize>: Copy {
            /// Keccak-f\[1600\] on the first `lanes` (1 ..= LANES) of `LANES` word-interleaved
            /// states (`state[word][lane]`); the other lanes hold nothing and may be permuted
            /// too or left as they are (a kernel runs a narrower permutation where it can).
            fn f1600xn(self, state: &mut [[u64; LANES]; 25], lanes: usize);
            /// The most lanes one vector permutation runs at the cost of one (a batch of more
            /// costs several: two 4-lane permutations for an 8-lane batch on AVX2 alone, or a
            /// `zmm` one on a CPU that splits 512-bit operations); 1 when the lanes are
            /// permuted one by one.
            fn f1600_width(self) -> usize;
            /// Whether a lone lane is permuted faster by [`f1600`](Self::f1600) than by
            /// [`f1600xn`](Self::f1600xn) (the sponge then moves it out and back).
            fn f1600_lone_single(self) -> bool {
                false
            }
            /// Single-lane Keccak-f\[1600\] (the H of ξ's expansion, tr, ρ″, c̃).
            fn f1600(self, state: &mut [u64; 25]);
            /// A squeezed block: words `..words` of each lane `l < out.len()` (at most LANES),
            /// little-endian, to `out[l][at..at + 8·words]` (see [`copy_out_per_lane`]).
            fn copy_out(self, state: &[[u64; LANES]; 25], words: usize, at: usize, out: &mut [&mut [u8]]);
            $(
                #[doc = concat!("[`Backend::", stringify!($name), "`].")]
                fn $name(self, $($arg: $ty),*) $(-> $ret)?;
            )*
        }

        /// The portable kernels: what a backend runs where its features are missing.
        impl<const LANES: usize> Kernels<LANES> for Portable {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; LANES]; 25], lanes: usize) {
                f1600_per_lane(state, lanes)
            }
            #[inline]
            fn f1600_width(self) -> usize {
                1
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                KeccakF1600::permute(state)
            }
            #[inline]
            fn copy_out(self, state: &[[u64; LANES]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
                copy_out_per_lane(state, 0..words, at, out)
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
            fn f1600xn(self, state: &mut [[u64; LANES]; 25], lanes: usize) {
                match self {
                    Some(k) => k.f1600xn(state, lanes),
                    None => Portable.f1600xn(state, lanes),
                }
            }
            #[inline]
            fn f1600_width(self) -> usize {
                self.map_or(1, |k| k.f1600_width())
            }
            #[inline]
            fn f1600_lone_single(self) -> bool {
                self.is_some_and(|k| k.f1600_lone_single())
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                match self {
                    Some(k) => k.f1600(state),
                    None => Kernels::<LANES>::f1600(Portable, state),
                }
            }
            #[inline]
            fn copy_out(self, state: &[[u64; LANES]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
                match self {
                    Some(k) => k.copy_out(state, words, at, out),
                    None => Portable.copy_out(state, words, at, out),
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

        #[cfg(target_arch = "x86_64")]
        impl<const LANES: usize, A: Kernels<LANES>, B: Kernels<LANES>> Kernels<LANES>
            for OneOf<A, B>
        {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; LANES]; 25], lanes: usize) {
                match self {
                    OneOf::First(k) => k.f1600xn(state, lanes),
                    OneOf::Second(k) => k.f1600xn(state, lanes),
                }
            }
            #[inline]
            fn f1600_width(self) -> usize {
                match self {
                    OneOf::First(k) => k.f1600_width(),
                    OneOf::Second(k) => k.f1600_width(),
                }
            }
            #[inline]
            fn f1600_lone_single(self) -> bool {
                match self {
                    OneOf::First(k) => k.f1600_lone_single(),
                    OneOf::Second(k) => k.f1600_lone_single(),
                }
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                match self {
                    OneOf::First(k) => k.f1600(state),
                    OneOf::Second(k) => k.f1600(state),
                }
            }
            #[inline]
            fn copy_out(self, state: &[[u64; LANES]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
                match self {
                    OneOf::First(k) => k.copy_out(state, words, at, out),
                    OneOf::Second(k) => k.copy_out(state, words, at, out),
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
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub enum OneOf<A, B> {
    /// The first (preferred) set.
    First(A),
    /// The second set.
    Second(B),
}

/// `impl Kernels<$lanes> for $token`: every kernel is `file::name` of the invoking ISA folder
/// (from [`kernel_list`]), and the Keccak permutations are `keccak::f1600xn` (`$lanes` lanes)
/// and `keccak::f1600` (one lane), the squeeze's copy-out `keccak::copy_out`, the width of
/// one permutation `keccak::width`, whether a lone lane takes `f1600` `keccak::LONE_SINGLE`.
/// Invoked as `kernel_list!(isa_kernels, Token, lanes)` in the folder's `mod.rs`.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
macro_rules! isa_kernels {
    ($token:ident $lanes:tt $(fn $file:ident::$name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        impl $crate::backend::kernels::Kernels<$lanes> for $token {
            #[inline]
            fn f1600xn(self, state: &mut [[u64; $lanes]; 25], lanes: usize) {
                // SAFETY: `self` is this ISA folder's token (see the kernels below); its
                // `keccak.rs` enables no feature beyond the folder's.
                unsafe { keccak::f1600xn(state, lanes) }
            }
            #[inline]
            fn f1600_width(self) -> usize {
                keccak::width()
            }
            #[inline]
            fn f1600_lone_single(self) -> bool {
                keccak::LONE_SINGLE
            }
            #[inline]
            fn f1600(self, state: &mut [u64; 25]) {
                // SAFETY: as for `f1600xn` above.
                unsafe { keccak::f1600(state) }
            }
            #[inline]
            fn copy_out(self, state: &[[u64; $lanes]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
                // SAFETY: as for `f1600xn` above.
                unsafe { keccak::copy_out(state, words, at, out) }
            }
            $(
                #[inline]
                fn $name(self, $($arg: $ty),*) $(-> $ret)? {
                    // SAFETY: `self` is the token of the ISA folder this impl is in; tokens
                    // exist only after detection reported every feature that folder's kernels
                    // (and the fallbacks it re-exports) enable (see `select.rs`).
                    unsafe { $file::$name($($arg),*) }
                }
            )*
        }
    };
}
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
pub(crate) use isa_kernels;

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
    ($lanes:tt $(fn $file:ident::$name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
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
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
pub struct SingleLane<D, const LANES: usize>(core::marker::PhantomData<D>);

#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
impl<const LANES: usize, D: Dispatch<LANES>> Permutation for SingleLane<D, LANES> {
    #[inline]
    fn permute(state: &mut [u64; 25]) {
        D::kernels().f1600(state)
    }
}

/// `impl Backend for $ty` on `$lanes`-lane sponges, running the kernel set `$kernels` that
/// `$detect` gives (its [`Dispatch`]).
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
macro_rules! simd_backend {
    ($ty:ty, $lanes:tt, $kernels:ty = $detect:expr) => {
        impl $crate::backend::kernels::Dispatch<$lanes> for $ty {
            type Kernels = $kernels;
            #[inline]
            fn kernels() -> $kernels {
                $detect
            }
        }

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
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
pub(crate) use simd_backend;

#[cfg(all(
    test,
    any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    )
))]
mod tests {
    use super::*;
    use mldsa_core::backend::Xof;
    use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey};

    /// The portable kernels behind an 8-lane sponge that reports one 8-lane permutation, as
    /// the AVX-512 backend's does: the samplers take their wide paths (the signing loop's
    /// draw-ahead of the next attempt's y with c̃ riding, see mldsa-core's `MaskStream`) on
    /// any CPU, not only where AVX-512 runs.
    #[derive(Clone, Copy, Debug)]
    struct WideProbe;

    macro_rules! probe_kernels {
        ($(fn $file:ident::$name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
            impl Kernels<8> for WideProbe {
                fn f1600xn(self, state: &mut [[u64; 8]; 25], lanes: usize) {
                    Portable.f1600xn(state, lanes)
                }
                fn f1600_width(self) -> usize {
                    8
                }
                fn f1600(self, state: &mut [u64; 25]) {
                    Kernels::<8>::f1600(Portable, state)
                }
                fn copy_out(self, state: &[[u64; 8]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
                    Portable.copy_out(state, words, at, out)
                }
                $(
                    fn $name(self, $($arg: $ty),*) $(-> $ret)? {
                        Kernels::<8>::$name(Portable, $($arg),*)
                    }
                )*
            }
        };
    }
    kernel_list!(probe_kernels);

    /// The backend running [`WideProbe`].
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    struct Wide;
    simd_backend!(Wide, 8, WideProbe = WideProbe);

    /// Signatures through the wide paths equal the portable backend's, deterministic and
    /// hedged, over enough messages that attempts run 1 to 10+ times and the draw-ahead's
    /// carried polynomials cycle through every count.
    #[test]
    fn wide_signing_matches_portable() {
        fn check<P: ParameterSet>() {
            assert!(<Wide as Backend>::Shake256::permutation_lanes() > P::L);
            let wide = SigningKey::<P, Wide>::from_seed(&[5; 32]);
            let portable = SigningKey::<P, Portable>::from_seed(&[5; 32]);
            for i in 0u32..24 {
                let msg = i.to_le_bytes();
                let rnd = [i as u8; 32];
                assert_eq!(
                    wide.sign_with_rnd(&msg, b"ctx", &rnd).unwrap().as_bytes(),
                    portable
                        .sign_with_rnd(&msg, b"ctx", &rnd)
                        .unwrap()
                        .as_bytes(),
                    "{} message {i}",
                    P::NAME
                );
            }
        }
        check::<MlDsa44>();
        check::<MlDsa65>();
        check::<MlDsa87>();
    }
}
