//! The one dispatch point: the [`Backend`] implementations [`Avx2`] (forced) and [`Auto`] (best
//! detected), and the choice [`Auto`] makes.
//!
//! Every kernel of [`Avx2`] and [`Auto`] tests a cached CPUID result once per call and then
//! either runs the whole kernel in a `#[target_feature(enable = "avx2")]` function or falls
//! back to the [`Portable`] kernel; no code path can execute an AVX2 instruction on a CPU
//! without AVX2. Which kernel runs depends only on the CPU (and `MLDSA_BACKEND`), never on data.

pub use mldsa_core::backend::{Backend, MAX_LANES, Portable, Xof};

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;

/// The AVX2 backend (x86-64), for tests and benchmarks that want to force it.
///
/// On a CPU without AVX2 (and on other architectures) every kernel falls back to the portable
/// one, so results are the same everywhere; [`Avx2::is_available`] tells whether the vector
/// kernels actually run. Application code should use [`Auto`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Avx2;

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

/// The dispatching backend: each kernel runs on the best backend detected at run time (AVX2,
/// else portable). The choice is made once per process, on first use.
///
/// With the `std` feature, the environment variable `MLDSA_BACKEND` (read once) can force the
/// choice: `portable`, or `avx2` (which panics on first use if the CPU lacks AVX2); unset,
/// empty or `auto` means detection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Auto;

/// What [`Auto`] dispatches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selected {
    /// The portable kernels of mldsa-core.
    Portable,
    /// The AVX2 kernels.
    Avx2,
}

impl Auto {
    /// The backend [`Auto`] dispatches to in this process.
    pub fn selected() -> Selected {
        if auto_uses_avx2() {
            Selected::Avx2
        } else {
            Selected::Portable
        }
    }
}

#[cfg(target_arch = "x86_64")]
static CHOICE: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

/// Whether [`Auto`] runs the AVX2 kernels; true only when CPUID reports AVX2.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn auto_uses_avx2() -> bool {
    use core::sync::atomic::Ordering::Relaxed;
    match CHOICE.load(Relaxed) {
        1 => false,
        2 => true,
        _ => {
            let avx2 = choose();
            // Racing initialisers compute the same value.
            CHOICE.store(if avx2 { 2 } else { 1 }, Relaxed);
            avx2
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn auto_uses_avx2() -> bool {
    false
}

#[cfg(target_arch = "x86_64")]
fn choose() -> bool {
    let detected = avx2::has_avx2();
    #[cfg(feature = "std")]
    {
        match std::env::var("MLDSA_BACKEND").as_deref() {
            Err(_) | Ok("") | Ok("auto") => detected,
            Ok("portable") => false,
            Ok("avx2") => {
                assert!(detected, "MLDSA_BACKEND=avx2 but this CPU has no AVX2");
                true
            }
            Ok(other) => panic!("MLDSA_BACKEND={other:?}: expected portable, avx2 or auto"),
        }
    }
    #[cfg(not(feature = "std"))]
    {
        detected
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod fallback {
    use super::{Auto, Avx2, Backend};
    impl Backend for Avx2 {
        type Shake128 = mldsa_core::keccak::Shake128;
        type Shake256 = mldsa_core::keccak::Shake256;
    }
    impl Backend for Auto {
        type Shake128 = mldsa_core::keccak::Shake128;
        type Shake256 = mldsa_core::keccak::Shake256;
    }
}
