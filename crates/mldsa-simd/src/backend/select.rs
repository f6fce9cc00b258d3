//! The one place that tests CPU features and makes the choice: the ISA tokens (each with a
//! private field, so the only way to hold one is detection), what [`Auto`](super::Auto) runs
//! ([`Selected`], decided once per process and cached), the `MLDSA_BACKEND` override, and the
//! one tuning fact read from the CPU (`amd_core`, the vendor: the AVX2 NTTs' Montgomery
//! product and the AVX-512 backend's single-lane Keccak).
//!
//! A token proves that the CPU (and the OS, for the vector state) supports every feature the
//! kernels of its folder enable; the kernels are reachable only through
//! [`Kernels`](super::kernels::Kernels) methods taking the token, so a kernel cannot be called
//! without its features. Detection depends only on the CPU, never on data.

use core::sync::atomic::{AtomicU8, Ordering::Relaxed};

/// What [`Auto`](super::Auto) dispatches to.
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

impl Selected {
    /// Every choice, in `as u8` order.
    const ALL: [Selected; 4] = [
        Selected::Portable,
        Selected::Avx2,
        Selected::Avx512,
        Selected::Neon,
    ];

    /// The name `MLDSA_BACKEND` takes for this choice.
    pub const fn name(self) -> &'static str {
        match self {
            Selected::Portable => "portable",
            Selected::Avx2 => "avx2",
            Selected::Avx512 => "avx512",
            Selected::Neon => "neon",
        }
    }

    /// Whether this CPU runs the choice's kernels.
    pub fn is_available(self) -> bool {
        match self {
            Selected::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Selected::Avx2 => Avx2Token::detect().is_some(),
            #[cfg(target_arch = "x86_64")]
            Selected::Avx512 => Avx512Token::detect().is_some(),
            #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
            Selected::Neon => NeonToken::detect().is_some(),
            #[allow(unreachable_patterns, reason = "the arms above depend on the target")]
            _ => false,
        }
    }
}

/// Defines a token: a zero-sized proof with a private field, whose `detect()` returns it only
/// when `$detected` (a cached CPU answer, or a compile-time fact) holds.
macro_rules! token {
    ($(#[$doc:meta])* $name:ident, $detected:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name(());

        impl $name {
            /// The token, if this CPU has the features (a cached answer after the first call).
            #[inline]
            pub fn detect() -> Option<Self> {
                let detected: bool = $detected;
                detected.then_some($name(()))
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
mod x86_64 {
    cpufeatures::new!(avx2_cpuid, "avx2", "popcnt");
    cpufeatures::new!(
        avx512_cpuid,
        "avx2",
        "avx512f",
        "avx512vl",
        "avx512bw",
        "popcnt"
    );
    cpufeatures::new!(bmi_cpuid, "bmi1", "bmi2");
    cpufeatures::new!(
        vbmi_cpuid,
        "avx2",
        "avx512f",
        "avx512vl",
        "avx512bw",
        "avx512vbmi"
    );

    token!(
        /// Proof that CPUID reported AVX2 and POPCNT (`x86_64/avx2/`).
        Avx2Token,
        avx2_cpuid::get()
    );
    token!(
        /// Proof that CPUID reported AVX2, AVX-512 F/VL/BW and POPCNT, with the OS saving the
        /// zmm state (XGETBV) (`x86_64/avx512/`).
        Avx512Token,
        avx512_cpuid::get()
    );
    token!(
        /// Proof that CPUID reported BMI1 and BMI2 (`x86_64/bmi.rs`).
        BmiToken,
        bmi_cpuid::get()
    );

    token!(
        /// Proof that CPUID reported AVX-512 VBMI besides the AVX-512 backend's features, with
        /// the OS saving the zmm state (the byte permutes of `x86_64/avx512/pack.rs`).
        VbmiToken,
        vbmi_cpuid::get()
    );

    impl Avx512Token {
        /// AVX-512 detection includes AVX2: the kernels AVX-512 does not specialise.
        #[inline]
        pub fn avx2(self) -> Avx2Token {
            Avx2Token(())
        }
    }

    /// Whether the CPU is an AMD or Hygon one (Zen cores), for the two kernels whose faster
    /// form differs between the vendors measured:
    /// - the Montgomery product of the AVX2 NTTs (`avx2/ntt.rs`, `mont_mul_lanes`): `vpmulld`
    ///   is one µop on Zen 3, where that form ran the NTT 4 % faster, and two µops with twice
    ///   `vpmuldq`'s latency on Intel cores, where the `vpmuldq` form ran the NTT and the
    ///   inverse 14 % faster;
    /// - the AVX-512 backend's single-lane Keccak (`avx512/keccak.rs`, `f1600`): `vpternlogq`
    ///   rounds in `xmm` on AMD, the BMI scalar rounds elsewhere.
    ///
    /// From CPUID's vendor string, read once and cached; each choice is between two kernels
    /// with the same output, so a wrong answer costs speed only.
    #[inline]
    #[allow(
        unsafe_code,
        reason = "CPUID leaf 0 (the vendor string), which cpufeatures does not report"
    )]
    pub(crate) fn amd_core() -> bool {
        use core::sync::atomic::{AtomicU8, Ordering::Relaxed};
        // 0: not read yet; 1: false; 2: true. Racing initialisers store the same value.
        static AMD: AtomicU8 = AtomicU8::new(0);
        match AMD.load(Relaxed) {
            0 => {
                // Miri cannot execute CPUID (inline assembly): the vendor reads as neither.
                let vendor = if cfg!(miri) {
                    0
                } else {
                    // SAFETY: CPUID leaf 0 exists on every x86-64 CPU.
                    #[allow(unused_unsafe, reason = "`__cpuid` is a safe function in newer Rust")]
                    unsafe { core::arch::x86_64::__cpuid(0) }.ebx
                };
                // "Auth"(enticAMD) and "Hygo"(nGenuine), as CPUID returns them in EBX.
                let amd = vendor == u32::from_le_bytes(*b"Auth")
                    || vendor == u32::from_le_bytes(*b"Hygo");
                AMD.store(1 + u8::from(amd), Relaxed);
                amd
            }
            c => c == 2,
        }
    }

    /// What `Auto` runs: AVX-512, AVX2, or (`None`) portable.
    pub type AutoKernels = Option<crate::backend::kernels::OneOf<Avx512Token, Avx2Token>>;

    /// `Auto`'s kernels for a cached choice, which [`super::choose`] made from detection.
    #[inline]
    pub(super) fn auto_kernels(choice: super::Selected) -> AutoKernels {
        use crate::backend::kernels::OneOf;
        match choice {
            super::Selected::Avx512 => Some(OneOf::First(Avx512Token(()))),
            super::Selected::Avx2 => Some(OneOf::Second(Avx2Token(()))),
            _ => None,
        }
    }
}
#[cfg(target_arch = "x86_64")]
pub(crate) use x86_64::{AutoKernels, Avx2Token, Avx512Token, BmiToken, VbmiToken, amd_core};

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod aarch64 {
    token!(
        /// Proof that the CPU runs NEON (`aarch64/neon/`): part of the aarch64 baseline, so this
        /// module exists only where the build enables the `neon` target feature.
        NeonToken,
        true
    );
    token!(
        /// Proof that the CPU has FEAT_SHA3 (EOR3, RAX1, XAR, BCAX) besides NEON: the build
        /// enables it, or (with `std`) the CPU reports it (cached by std).
        Sha3Token,
        cfg!(target_feature = "sha3") || {
            #[cfg(feature = "std")]
            let at_run_time = std::arch::is_aarch64_feature_detected!("sha3");
            #[cfg(not(feature = "std"))]
            let at_run_time = false;
            at_run_time
        }
    );

    /// What `Auto` runs: NEON, or (`None`, `MLDSA_BACKEND=portable`) portable.
    pub type AutoKernels = Option<NeonToken>;

    /// `Auto`'s kernels for a cached choice.
    #[inline]
    pub(super) fn auto_kernels(choice: super::Selected) -> AutoKernels {
        (choice == super::Selected::Neon).then_some(NeonToken(()))
    }
}
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
pub(crate) use aarch64::{AutoKernels, NeonToken, Sha3Token};

/// The kernels `Auto` runs in this process.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
#[inline]
pub(crate) fn auto_kernels() -> AutoKernels {
    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
    use aarch64::auto_kernels as kernels_for;
    #[cfg(target_arch = "x86_64")]
    use x86_64::auto_kernels as kernels_for;
    kernels_for(auto_choice())
}

/// The cached choice of `Auto`: 0 before the first use, else `1 + Selected as u8`.
static CHOICE: AtomicU8 = AtomicU8::new(0);

/// What `Auto` runs in this process (decided on first use, then cached: one load).
#[inline]
pub(crate) fn auto_choice() -> Selected {
    match CHOICE.load(Relaxed) {
        0 => {
            let s = choose();
            // Racing initialisers compute the same value.
            CHOICE.store(1 + s as u8, Relaxed);
            s
        }
        c => Selected::ALL[(c - 1) as usize],
    }
}

/// The best backend this CPU runs.
fn detected() -> Selected {
    [Selected::Avx512, Selected::Avx2, Selected::Neon]
        .into_iter()
        .find(|s| s.is_available())
        .unwrap_or(Selected::Portable)
}

/// Why `MLDSA_BACKEND` was not followed (see [`super::env_error`]).
#[cfg(feature = "std")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvError {
    /// The value names no backend.
    Unknown {
        /// The variable's value.
        value: std::string::String,
        /// What detection chose instead.
        used: Selected,
    },
    /// The value names a backend this CPU cannot run.
    Unavailable {
        /// The backend asked for.
        asked: Selected,
        /// What detection chose instead.
        used: Selected,
    },
}

#[cfg(feature = "std")]
impl core::fmt::Display for EnvError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EnvError::Unknown { value, .. } => write!(
                f,
                "MLDSA_BACKEND={value:?} names no backend (expected portable, avx2, avx512, \
                 neon or auto)"
            ),
            EnvError::Unavailable { asked, .. } => write!(
                f,
                "MLDSA_BACKEND={}: this CPU cannot run that backend",
                asked.name()
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EnvError {}

#[cfg(feature = "std")]
impl EnvError {
    /// What `Auto` runs instead (detection's choice).
    pub fn used(&self) -> Selected {
        match self {
            EnvError::Unknown { used, .. } | EnvError::Unavailable { used, .. } => *used,
        }
    }
}

/// The problem with `MLDSA_BACKEND`, recorded when the choice is made.
#[cfg(feature = "std")]
static ENV_ERROR: std::sync::OnceLock<EnvError> = std::sync::OnceLock::new();

/// The problem with `MLDSA_BACKEND`, if it named no backend or one this CPU lacks.
#[cfg(feature = "std")]
pub(crate) fn env_error() -> Option<EnvError> {
    auto_choice();
    ENV_ERROR.get().cloned()
}

/// Detection, or `MLDSA_BACKEND` (with `std`) when it names a backend this CPU runs; any other
/// value falls back to detection and is recorded for [`env_error`].
fn choose() -> Selected {
    #[cfg(feature = "std")]
    {
        let value = match std::env::var("MLDSA_BACKEND") {
            Err(_) => return detected(),
            Ok(v) => v,
        };
        if value.is_empty() || value == "auto" {
            return detected();
        }
        let used = detected();
        let error = match Selected::ALL.into_iter().find(|s| s.name() == value) {
            Some(asked) if asked.is_available() => return asked,
            Some(asked) => EnvError::Unavailable { asked, used },
            None => EnvError::Unknown { value, used },
        };
        let _ = ENV_ERROR.set(error);
        used
    }
    #[cfg(not(feature = "std"))]
    {
        detected()
    }
}
