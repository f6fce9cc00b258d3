//! The byte-identical gate: every kernel of every vector backend of `for_each_backend!`
//! ([`Avx2`], [`Avx512`] on x86-64, [`Neon`] on aarch64, where CI runs it under qemu-user,
//! `.ci/neon.sh`), against [`Portable`], on random inputs
//! and on the extremes of the input bounds documented in `mldsa_core::backend`; their
//! multi-lane SHAKE against mldsa-core's SHAKE; and whole keys and signatures. On a CPU
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

/// The kernel checks once per vector backend of the one list (portable is the reference).
macro_rules! differential {
    (portable, $($rest:tt)*) => {};
    ($module:ident, $b:ty, $label:literal, $available:expr) => {
        mod $module {
            type B = $b;
            const NAME: &str = $label;
            fn available() -> bool {
                $available
            }
            include!("differential/kernels.rs");
        }
    };
}
mldsa_simd::for_each_backend!(differential);
