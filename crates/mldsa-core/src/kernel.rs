//! What a kernel outside this crate may use: the whole surface a SIMD backend crate (mldsa-simd)
//! and the kernel tests build on, besides the [`Backend`](crate::Backend) interface itself.
//!
//! - the types crossing the seam ([`Poly`], [`SmallPoly`], [`Challenge`]) and the multi-lane
//!   XOF interface ([`Xof`]);
//! - the constants a kernel must agree on (q, the Montgomery constants, the NTT's ζ tables,
//!   Decompose's multiply-and-shift, the challenge product's rotation table);
//! - the declassification points of `ct.rs` (the only way a kernel may branch on a value
//!   derived from a secret, each use justified where it happens);
//! - SHAKE and Keccak-f\[1600\] (the reference sponge every multi-lane sponge equals);
//! - [`reference`](mod@reference): the portable kernels, the twins every SIMD kernel is compared with.
//!
//! The algorithms, encodings of keys and signatures and the rest of this crate stay private.

pub use crate::backend::Xof;
pub use crate::challenge::{Challenge, MAX_WEIGHT, byte_lane_terms, rotation_table, window};
pub use crate::ct::{Secret, SecretArray, declassify, declassify_bytes, declassify_u64};
pub use crate::encode::SkLayout;
pub use crate::field::{MONT, QINV};
pub use crate::keccak::{
    KeccakF1600, Permutation, Rider, SHAKE128_RATE, SHAKE256_RATE, Shake, Shake128, Shake256,
};
pub use crate::ntt::{
    INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, NEG_ZETAS, NEG_ZETAS_QINV, ZETAS, ZETAS_QINV,
};
pub use crate::params::{D, GAMMA2_Q32, GAMMA2_Q88, N, Q};
pub use crate::poly::{Poly, SmallPoly};
pub use crate::rounding::{
    DECOMPOSE_Q32_MUL, DECOMPOSE_Q32_SHIFT, DECOMPOSE_Q88_MUL, DECOMPOSE_Q88_SHIFT,
};

/// The portable kernels and coefficient functions, by FIPS 204 algorithm: the reference every
/// SIMD kernel is byte-identical to ([`Portable`](crate::Portable) is built from them).
pub mod reference {
    pub use crate::challenge::mul_small;
    pub use crate::encode::{pack_eta, pack_t0, pack_z, unpack_eta, unpack_z};
    pub use crate::field::{caddq, freeze, mont_mul, montgomery_reduce, reduce32};
    pub use crate::ntt::{inv_ntt, ntt};
    pub use crate::rounding::{decompose, make_hint, power2round, use_hint};
    pub use crate::sample::{rej_eta, rej_uniform};
}
