//! The byte-identical gate: every kernel [`Avx2`], [`Avx512`] (x86-64) and [`Neon`] (aarch64;
//! CI runs it under qemu-user, `.ci/neon.sh`) override, against [`Portable`], on random inputs
//! and on the extremes of the input bounds documented in `mldsa_core::backend`; their
//! multi-lane SHAKE against `mldsa_core::keccak`; and whole keys and signatures. On a CPU
//! without the features the tests still pass (both sides run the portable kernels) and say so.
//!
//! [`Avx2`]: mldsa_simd::Avx2
//! [`Avx512`]: mldsa_simd::Avx512
//! [`Neon`]: mldsa_simd::Neon
//! [`Portable`]: mldsa_simd::Portable

#![allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]

#[cfg(target_arch = "x86_64")]
mod avx2 {
    type B = mldsa_simd::Avx2;
    const NAME: &str = "AVX2";
    fn available() -> bool {
        B::is_available()
    }
    include!("differential/kernels.rs");
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    type B = mldsa_simd::Avx512;
    const NAME: &str = "AVX-512";
    fn available() -> bool {
        B::is_available()
    }
    include!("differential/kernels.rs");
}

#[cfg(target_arch = "aarch64")]
mod neon {
    type B = mldsa_simd::Neon;
    const NAME: &str = "NEON";
    fn available() -> bool {
        B::is_available()
    }
    include!("differential/kernels.rs");
}
