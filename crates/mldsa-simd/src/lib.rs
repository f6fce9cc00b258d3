#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(feature = "std")]
extern crate std;

pub mod backend;

pub use backend::{Auto, Avx2, Avx512, Neon};
pub use mldsa_core::*;

/// An ML-DSA private key ([`mldsa_core::SigningKey`]) whose kernels default to [`Auto`].
pub type SigningKey<P, B = Auto, C = mldsa_core::Unprepared> = mldsa_core::SigningKey<P, B, C>;
/// An ML-DSA public key ([`mldsa_core::VerifyingKey`]) whose kernels default to [`Auto`].
pub type VerifyingKey<P, B = Auto, C = mldsa_core::Unprepared> = mldsa_core::VerifyingKey<P, B, C>;
/// A public key with ExpandA(ρ) and NTT(t1·2^d) cached ([`mldsa_core::PreparedVerifyingKey`]),
/// kernels defaulting to [`Auto`].
pub type PreparedVerifyingKey<P, B = Auto> =
    mldsa_core::VerifyingKey<P, B, mldsa_core::Prepared<P>>;
/// A private key with ExpandA(ρ) cached ([`mldsa_core::PreparedSigningKey`]), kernels
/// defaulting to [`Auto`].
pub type PreparedSigningKey<P, B = Auto> = mldsa_core::SigningKey<P, B, mldsa_core::WithMatrix<P>>;
