//! The three ML-DSA parameter sets of FIPS 204, Table 1, and the sizes they imply (Table 2).

use crate::poly::{Poly, SmallPoly};
use core::fmt::Debug;
use zeroize::Zeroize;

pub use crate::poly::N;
/// The modulus q = 2^23 - 2^13 + 1.
pub const Q: i32 = 8_380_417;
/// Dropped bits of t (FIPS 204, Table 1).
pub const D: u32 = 13;
/// Bytes of a seed (ξ, ρ, K, rnd).
pub const SEED_BYTES: usize = 32;
/// Bytes of tr = H(pk, 64) and of μ.
pub const TR_BYTES: usize = 64;
/// Bytes of an encoded t1 polynomial: 256 coefficients of 10 bits.
pub const POLY_T1_BYTES: usize = 320;
/// Bytes of an encoded t0 polynomial: 256 coefficients of 13 bits.
pub const POLY_T0_BYTES: usize = 416;
/// γ2 = (q-1)/88, the low-order rounding range of ML-DSA-44.
pub const GAMMA2_Q88: i32 = 95_232;
/// γ2 = (q-1)/32, the low-order rounding range of ML-DSA-65 and ML-DSA-87.
pub const GAMMA2_Q32: i32 = 261_888;
const _: () = assert!(GAMMA2_Q88 * 88 == Q - 1 && GAMMA2_Q32 * 32 == Q - 1);

mod sealed {
    pub trait Sealed {}
}

/// A fixed-size byte array; lets generic code name `[u8; P::SIG_BYTES]` on stable Rust.
pub trait ByteArray:
    AsRef<[u8]>
    + AsMut<[u8]>
    + Copy
    + Eq
    + Debug
    + Send
    + Sync
    + Zeroize
    + for<'a> TryFrom<&'a [u8]>
    + sealed::Sealed
    + 'static
{
    /// The length in bytes.
    const LEN: usize;
    /// An all-zero array.
    fn zeroed() -> Self;
}

impl<const M: usize> sealed::Sealed for [u8; M] {}
impl<const M: usize> ByteArray for [u8; M] {
    const LEN: usize = M;
    fn zeroed() -> Self {
        [0u8; M]
    }
}

/// A vector of polynomials of fixed length (`[Poly; K]` or `[Poly; L]`).
pub trait PolyVec:
    AsRef<[Poly]> + AsMut<[Poly]> + Clone + Zeroize + Send + Sync + sealed::Sealed + 'static
{
    /// Number of polynomials.
    const LEN: usize;
    /// A vector of zero polynomials.
    fn zero() -> Self;
}

impl<const M: usize> sealed::Sealed for [Poly; M] {}
impl<const M: usize> PolyVec for [Poly; M] {
    const LEN: usize = M;
    fn zero() -> Self {
        [Poly::ZERO; M]
    }
}

/// A vector of small polynomials of fixed length (`[SmallPoly; K]` or `[SmallPoly; L]`): s1, s2.
pub trait SmallPolyVec:
    AsRef<[SmallPoly]> + AsMut<[SmallPoly]> + Clone + Zeroize + Send + Sync + sealed::Sealed + 'static
{
    /// A vector of zero polynomials.
    fn zero() -> Self;
}

impl<const M: usize> sealed::Sealed for [SmallPoly; M] {}
impl<const M: usize> SmallPolyVec for [SmallPoly; M] {
    fn zero() -> Self {
        [SmallPoly::ZERO; M]
    }
}

/// The k × ℓ matrix Â, stored row-major as one flat `[Poly; K·L]`.
pub trait PolyMatrix: Clone + Zeroize + Send + Sync + sealed::Sealed + 'static {
    /// A zero matrix.
    fn zero() -> Self;
    /// All k·ℓ entries, row-major.
    fn entries(&self) -> &[Poly];
    /// All k·ℓ entries, row-major, mutable.
    fn entries_mut(&mut self) -> &mut [Poly];
}

impl<const M: usize> PolyMatrix for [Poly; M] {
    fn zero() -> Self {
        [Poly::ZERO; M]
    }
    fn entries(&self) -> &[Poly] {
        self
    }
    fn entries_mut(&mut self) -> &mut [Poly] {
        self
    }
}

/// An ML-DSA parameter set (FIPS 204, Section 4, Table 1). Implemented by [`MlDsa44`],
/// [`MlDsa65`] and [`MlDsa87`] only.
pub trait ParameterSet:
    Copy + Default + Debug + Eq + sealed::Sealed + Send + Sync + 'static
{
    /// The name used by FIPS 204 and ACVP, e.g. `"ML-DSA-65"`.
    const NAME: &'static str;
    /// Rows of A.
    const K: usize;
    /// Columns of A.
    const L: usize;
    /// Private key range η.
    const ETA: i32;
    /// Number of ±1 coefficients in c, τ.
    const TAU: usize;
    /// Collision strength λ in bits; c̃ has λ/4 bytes.
    const LAMBDA: usize;
    /// log2 of the coefficient range γ1 of y.
    const GAMMA1_BITS: u32;
    /// Low-order rounding range γ2: [`GAMMA2_Q88`] or [`GAMMA2_Q32`].
    const GAMMA2: i32;
    /// Maximum number of 1s in the hint, ω.
    const OMEGA: usize;

    /// γ1 = 2^GAMMA1_BITS.
    const GAMMA1: i32 = 1 << Self::GAMMA1_BITS;
    /// β = τ·η.
    const BETA: i32 = Self::TAU as i32 * Self::ETA;
    /// Bytes of c̃ (λ/4).
    const CTILDE_BYTES: usize = Self::LAMBDA >> 2;
    /// Bits of an η-packed coefficient: bitlen(2η).
    const ETA_BITS: usize = if Self::ETA == 2 { 3 } else { 4 };
    /// Bytes of one η-packed polynomial.
    const POLY_ETA_BYTES: usize = Self::ETA_BITS * 32;
    /// Bytes of one packed z polynomial: 1 + log2(γ1) bits per coefficient.
    const POLY_Z_BYTES: usize = (Self::GAMMA1_BITS as usize + 1) * 32;
    /// Bits of a w1 coefficient: bitlen((q-1)/(2γ2) - 1).
    const W1_BITS: usize = if Self::GAMMA2 == GAMMA2_Q88 { 6 } else { 4 };
    /// Bytes of one packed w1 polynomial.
    const POLY_W1_BYTES: usize = Self::W1_BITS * 32;
    /// Public key bytes: 32 + 320·k.
    const PK_BYTES: usize = SEED_BYTES + POLY_T1_BYTES * Self::K;
    /// Secret key bytes: 128 + 32·((k+ℓ)·bitlen(2η) + 13·k).
    const SK_BYTES: usize = 2 * SEED_BYTES
        + TR_BYTES
        + (Self::K + Self::L) * Self::POLY_ETA_BYTES
        + Self::K * POLY_T0_BYTES;
    /// Signature bytes: λ/4 + ℓ·32·(1 + log2 γ1) + ω + k.
    const SIG_BYTES: usize =
        Self::CTILDE_BYTES + Self::L * Self::POLY_Z_BYTES + Self::OMEGA + Self::K;

    /// `[u8; PK_BYTES]`.
    type PkBytes: ByteArray;
    /// `[u8; SK_BYTES]`.
    type SkBytes: ByteArray;
    /// `[u8; SIG_BYTES]`.
    type SigBytes: ByteArray;
    /// `[Poly; K]`.
    type VecK: PolyVec;
    /// `[Poly; L]`.
    type VecL: PolyVec;
    /// `[SmallPoly; K]` (s2).
    type SmallVecK: SmallPolyVec;
    /// `[SmallPoly; L]` (s1).
    type SmallVecL: SmallPolyVec;
    /// `[Poly; K·L]`, row-major.
    type Matrix: PolyMatrix;
}

macro_rules! parameter_set {
    ($(#[$doc:meta])* $name:ident, $str:literal, k = $k:literal, l = $l:literal, eta = $eta:literal,
     tau = $tau:literal, lambda = $lambda:literal, gamma1_bits = $g1:literal, gamma2 = $g2:expr,
     omega = $omega:literal, pk = $pk:literal, sk = $sk:literal, sig = $sig:literal,
     kl = $kl:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl ParameterSet for $name {
            const NAME: &'static str = $str;
            const K: usize = $k;
            const L: usize = $l;
            const ETA: i32 = $eta;
            const TAU: usize = $tau;
            const LAMBDA: usize = $lambda;
            const GAMMA1_BITS: u32 = $g1;
            const GAMMA2: i32 = $g2;
            const OMEGA: usize = $omega;
            type PkBytes = [u8; $pk];
            type SkBytes = [u8; $sk];
            type SigBytes = [u8; $sig];
            type VecK = [Poly; $k];
            type VecL = [Poly; $l];
            type SmallVecK = [SmallPoly; $k];
            type SmallVecL = [SmallPoly; $l];
            type Matrix = [Poly; $kl];
        }
        // The literal sizes above must agree with the FIPS 204 formulas.
        const _: () = assert!(<$name as ParameterSet>::PK_BYTES == $pk);
        const _: () = assert!(<$name as ParameterSet>::SK_BYTES == $sk);
        const _: () = assert!(<$name as ParameterSet>::SIG_BYTES == $sig);
        const _: () = assert!($k * $l == $kl);
    };
}

parameter_set!(
    /// ML-DSA-44 (NIST security category 2).
    MlDsa44, "ML-DSA-44", k = 4, l = 4, eta = 2, tau = 39, lambda = 128, gamma1_bits = 17,
    gamma2 = GAMMA2_Q88, omega = 80, pk = 1312, sk = 2560, sig = 2420, kl = 16
);
parameter_set!(
    /// ML-DSA-65 (NIST security category 3).
    MlDsa65, "ML-DSA-65", k = 6, l = 5, eta = 4, tau = 49, lambda = 192, gamma1_bits = 19,
    gamma2 = GAMMA2_Q32, omega = 55, pk = 1952, sk = 4032, sig = 3309, kl = 30
);
parameter_set!(
    /// ML-DSA-87 (NIST security category 5).
    MlDsa87, "ML-DSA-87", k = 8, l = 7, eta = 2, tau = 60, lambda = 256, gamma1_bits = 19,
    gamma2 = GAMMA2_Q32, omega = 75, pk = 2592, sk = 4896, sig = 4627, kl = 56
);
