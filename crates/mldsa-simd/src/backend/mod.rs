//! The backends: [`Avx2`], [`Avx512`], [`Neon`] (forced) and [`Auto`] (best detected), each a
//! [`Backend`] of mldsa-core, and [`for_each_backend!`](crate::for_each_backend), the one list
//! of backends tests and benchmarks iterate.
//!
//! Layout (see the crate README for the recipe of a new kernel or backend):
//! - `select.rs`: the only code that tests CPU features: the ISA tokens, [`Auto`]'s choice
//!   ([`Selected`], cached), `MLDSA_BACKEND` and [`env_error`];
//! - `kernels.rs`: the list of kernel signatures, the `Kernels` trait an
//!   ISA token implements, and the `impl Backend` every marker type gets from it;
//! - `keccak/`: the Keccak constants and round structure every vector permutation shares, and
//!   the multi-lane SHAKE sponge; `bitpack.rs`: the bit packers' shuffle tables;
//! - `x86_64/{avx2,avx512}/` and `aarch64/neon/`: one folder per ISA, file for file
//!   (`ntt.rs`, `arith.rs`, `pack.rs`, `sample.rs`, `challenge.rs`, `keccak.rs`), each `mod.rs`
//!   holding the ISA's `impl Kernels`, one line per kernel; `x86_64/bmi.rs`: the BMI
//!   single-lane Keccak (AVX-512 on AMD runs its own `xmm` one).
//!
//! Every kernel of a vector backend asks for its kernel set (a cached answer: one load) once
//! per call and then runs the whole kernel in a `#[target_feature]` function, or the
//! [`Portable`] kernel where the features are missing. Which kernel runs depends only on the
//! CPU (and `MLDSA_BACKEND`), never on data.

pub use mldsa_core::Portable;
pub use mldsa_core::backend::{Backend, Xof};
#[cfg(feature = "std")]
pub use select::EnvError;
pub use select::Selected;

#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
mod bitpack;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
pub(crate) mod keccak;
pub(crate) mod kernels;
mod select;

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod aarch64;
#[cfg(target_arch = "x86_64")]
mod x86_64;

/// The AVX2 backend (x86-64), for tests and benchmarks that want to force it.
///
/// On a CPU without AVX2 (and on other architectures) every kernel falls back to the portable
/// one, so results are the same everywhere; [`Avx2::is_available`] tells whether the vector
/// kernels actually run. Application code should use [`Auto`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Avx2;

/// The AVX-512 backend (x86-64 with AVX-512 F, VL and BW), for tests and benchmarks that want
/// to force it. Falls back to the portable kernels where those features are missing;
/// [`Avx512::is_available`] tells whether the vector kernels actually run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Avx512;

/// The NEON backend (aarch64, where NEON is always present). On other architectures it is the
/// portable backend; [`Neon::is_available`] tells which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Neon;

/// The dispatching backend: each kernel runs on the best backend detected at run time
/// (AVX-512, else AVX2, else portable on x86-64; NEON on aarch64). The choice is made once per
/// process, on first use.
///
/// With the `std` feature, the environment variable `MLDSA_BACKEND` (read once) can force the
/// choice: `portable`, `avx2`, `avx512` or `neon`; unset, empty or `auto` means detection. A
/// value naming no backend, or one this CPU cannot run, is not followed: detection decides,
/// and [`env_error`] says what was wrong (so that a tool can print it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Auto;

impl Avx2 {
    /// Whether this CPU has AVX2, i.e. whether [`Avx2`]'s vector kernels run (cached CPUID).
    pub fn is_available() -> bool {
        Selected::Avx2.is_available()
    }
}

impl Avx512 {
    /// Whether this CPU has AVX-512 F, VL and BW (and the OS saves their state), i.e. whether
    /// [`Avx512`]'s vector kernels run (cached CPUID).
    pub fn is_available() -> bool {
        Selected::Avx512.is_available()
    }
}

impl Neon {
    /// Whether [`Neon`]'s vector kernels run: true exactly on aarch64 builds with NEON.
    pub fn is_available() -> bool {
        Selected::Neon.is_available()
    }
}

impl Auto {
    /// The backend [`Auto`] dispatches to in this process.
    pub fn selected() -> Selected {
        select::auto_choice()
    }
}

/// What was wrong with `MLDSA_BACKEND`, if it named no backend or one this CPU cannot run (in
/// which case [`Auto`] follows detection instead). `None` when it is unset, valid, or the
/// choice has not been made yet: calling this makes it.
#[cfg(feature = "std")]
pub fn env_error() -> Option<EnvError> {
    select::env_error()
}

/// Calls `$callback!(ident, Type, "Name", available)` for every backend: `portable`, `avx2`,
/// `avx512` and `neon` (not `Auto`, which is one of them), with whether this CPU runs its
/// vector kernels. The one list of backends that the differential, ACVP and NIST KAT suites,
/// the benchmarks, the fuzz target and the timing checks iterate; a new backend is one line
/// here.
///
/// ```
/// macro_rules! name {
///     ($id:ident, $ty:ty, $name:literal, $available:expr) => {
///         println!("{}: {}", $name, if $available { "runs" } else { "falls back" });
///     };
/// }
/// mldsa_simd::for_each_backend!(name);
/// ```
#[macro_export]
macro_rules! for_each_backend {
    ($callback:ident) => {
        $callback!(portable, $crate::Portable, "portable", true);
        $callback!(avx2, $crate::Avx2, "AVX2", $crate::Avx2::is_available());
        $callback!(
            avx512,
            $crate::Avx512,
            "AVX-512",
            $crate::Avx512::is_available()
        );
        $callback!(neon, $crate::Neon, "NEON", $crate::Neon::is_available());
    };
}

/// Backends whose kernels do not exist on this target: the portable kernels under another
/// name (with mldsa-core's single-lane sponges).
macro_rules! portable_alias {
    ($($ty:ty),*) => {$(
        impl kernels::Dispatch<1> for $ty {
            type Kernels = Portable;
            #[inline]
            fn kernels() -> Portable {
                Portable
            }
        }

        impl Backend for $ty {
            type Shake128 = mldsa_core::kernel::Shake128;
            type Shake256 = mldsa_core::kernel::Shake256;
            type Keccak = mldsa_core::kernel::KeccakF1600;
            kernels::kernel_list!(forward_to_kernels, 1);
        }
    )*};
}
#[allow(unused_imports, reason = "used by the aliases of some targets only")]
use {
    kernels::forward_to_kernels,
    mldsa_core::kernel::{Challenge, Poly, SmallPoly},
    subtle::Choice,
};

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
)))]
portable_alias!(Avx2, Avx512, Neon, Auto);
#[cfg(target_arch = "x86_64")]
portable_alias!(Neon);
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
portable_alias!(Avx2, Avx512);
