//! The one dispatch point: the [`Backend`] implementations [`Avx2`], [`Avx512`], [`Neon`]
//! (forced) and [`Auto`] (best detected), and the choice [`Auto`] makes.
//!
//! Every kernel of a vector backend asks a cached CPU-feature answer once per call and then
//! either runs the whole kernel in a `#[target_feature]` function or falls back to the
//! [`Portable`] kernel; no code path can execute an instruction the CPU lacks. Which kernel runs
//! depends only on the CPU (and `MLDSA_BACKEND`), never on data.
//!
//! Layout: `avx2/` and `avx512/` hold the x86-64 kernels and `x86.rs` their [`Backend`]
//! implementations; `neon/` holds the aarch64 kernels and their implementations. On other
//! architectures every backend is the portable one under another name.

pub use mldsa_core::backend::{Backend, MAX_LANES, Portable, Xof};

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
mod bitpack;
#[cfg(target_arch = "aarch64")]
pub(crate) mod neon;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
pub(crate) mod sponge;
#[cfg(target_arch = "x86_64")]
mod x86;

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

impl Avx2 {
    /// Whether this CPU has AVX2, i.e. whether [`Avx2`]'s vector kernels run (cached CPUID).
    pub fn is_available() -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            avx2::has_avx2()
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            false
        }
    }
}

impl Avx512 {
    /// Whether this CPU has AVX-512 F, VL and BW (and the OS saves their state), i.e. whether
    /// [`Avx512`]'s vector kernels run (cached CPUID).
    pub fn is_available() -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            avx512::has_avx512()
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            false
        }
    }
}

impl Neon {
    /// Whether [`Neon`]'s vector kernels run: true exactly on aarch64.
    pub const fn is_available() -> bool {
        cfg!(target_arch = "aarch64")
    }
}

/// The dispatching backend: each kernel runs on the best backend detected at run time
/// (AVX-512, else AVX2, else portable on x86-64; NEON on aarch64). The choice is made once per
/// process, on first use.
///
/// With the `std` feature, the environment variable `MLDSA_BACKEND` (read once) can force the
/// choice: `portable`, `avx2`, `avx512` or `neon` (a vector choice panics on first use if the
/// CPU lacks it); unset, empty or `auto` means detection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Auto;

/// What [`Auto`] dispatches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selected {
    /// The portable kernels of mldsa-core.
    Portable,
    /// The AVX2 kernels.
    Avx2,
    /// The AVX-512 kernels.
    Avx512,
    /// The NEON kernels.
    Neon,
}

impl Auto {
    /// The backend [`Auto`] dispatches to in this process.
    pub fn selected() -> Selected {
        auto_choice()
    }
}

/// The cached choice of [`Auto`]: 0 before the first use, else `1 + Selected as u8`.
static CHOICE: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

/// What [`Auto`] runs in this process (decided on first use, then cached).
#[inline]
pub(crate) fn auto_choice() -> Selected {
    use core::sync::atomic::Ordering::Relaxed;
    match CHOICE.load(Relaxed) {
        1 => Selected::Portable,
        2 => Selected::Avx2,
        3 => Selected::Avx512,
        4 => Selected::Neon,
        _ => {
            let s = choose();
            // Racing initialisers compute the same value.
            CHOICE.store(1 + s as u8, Relaxed);
            s
        }
    }
}

/// The best backend this CPU runs.
fn detected() -> Selected {
    if Avx512::is_available() {
        Selected::Avx512
    } else if Avx2::is_available() {
        Selected::Avx2
    } else if Neon::is_available() {
        Selected::Neon
    } else {
        Selected::Portable
    }
}

fn choose() -> Selected {
    #[cfg(feature = "std")]
    {
        let forced = |name: &str, s: Selected, available: bool| {
            assert!(available, "MLDSA_BACKEND={name} but this CPU cannot run it");
            s
        };
        match std::env::var("MLDSA_BACKEND").as_deref() {
            Err(_) | Ok("") | Ok("auto") => detected(),
            Ok("portable") => Selected::Portable,
            Ok("avx2") => forced("avx2", Selected::Avx2, Avx2::is_available()),
            Ok("avx512") => forced("avx512", Selected::Avx512, Avx512::is_available()),
            Ok("neon") => forced("neon", Selected::Neon, Neon::is_available()),
            Ok(other) => {
                panic!("MLDSA_BACKEND={other:?}: expected portable, avx2, avx512, neon or auto")
            }
        }
    }
    #[cfg(not(feature = "std"))]
    {
        detected()
    }
}

/// Backends whose kernels do not exist on this architecture: the portable kernels under
/// another name (with mldsa-core's single-lane sponges).
macro_rules! portable_alias {
    ($($ty:ty),*) => {$(
        impl Backend for $ty {
            type Shake128 = mldsa_core::keccak::Shake128;
            type Shake256 = mldsa_core::keccak::Shake256;
            type Keccak = mldsa_core::keccak::KeccakF1600;
        }
    )*};
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
portable_alias!(Avx2, Avx512, Neon, Auto);
#[cfg(target_arch = "x86_64")]
portable_alias!(Neon);
#[cfg(target_arch = "aarch64")]
portable_alias!(Avx2, Avx512);
