//! NEON kernels (aarch64). NEON is part of the aarch64 baseline, so the kernels need no run-time
//! detection: every entry point is a `#[target_feature(enable = "neon")]` function holding a
//! whole hot loop, and the helpers it calls carry the same attribute and `#[inline]`, so they
//! and the intrinsics inline into it. The module is compiled only when the build enables NEON
//! (every aarch64 target except the soft-float ones); without it, [`Neon`] and [`Auto`] are the
//! portable kernels under another name.
//!
//! Layout mirrors `avx2/`: `ntt.rs` (Algorithms 41-42), `arith.rs` (Montgomery products,
//! reductions, Algorithms 35-40, the infinity norm), `challenge.rs` (the sparse c·s of
//! signing), `pack.rs` (Algorithms 16-19 for z, t1, w1), `sample.rs` (Algorithms 30-31),
//! `keccak.rs` (the 2-lane Keccak-f[1600] for `sponge.rs`), `dispatch.rs` (the [`Backend`]
//! implementations).
//!
//! [`Backend`]: crate::backend::Backend
//! [`Neon`]: crate::backend::Neon
//! [`Auto`]: crate::backend::Auto
#![allow(unsafe_code)]

#[cfg(target_feature = "neon")]
pub(crate) mod arith;
#[cfg(target_feature = "neon")]
pub(crate) mod challenge;
#[cfg(target_feature = "neon")]
mod dispatch;
#[cfg(target_feature = "neon")]
pub(crate) mod keccak;
#[cfg(target_feature = "neon")]
pub(crate) mod ntt;
#[cfg(target_feature = "neon")]
pub(crate) mod pack;
#[cfg(target_feature = "neon")]
pub(crate) mod sample;

#[cfg(target_feature = "neon")]
use core::arch::aarch64::{
    int8x16_t, int32x4_t, uint8x16_t, vld1q_s8, vld1q_s32, vld1q_u8, vst1q_s32,
};

/// Loads 4 coefficients.
#[cfg(target_feature = "neon")]
#[inline]
#[target_feature(enable = "neon")]
fn load(a: &[i32; 4]) -> int32x4_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement beyond the element's.
    unsafe { vld1q_s32(a.as_ptr()) }
}

/// Stores 4 coefficients.
#[cfg(target_feature = "neon")]
#[inline]
#[target_feature(enable = "neon")]
fn store(a: &mut [i32; 4], v: int32x4_t) {
    // SAFETY: `a` is 16 writable bytes; `st1` has no alignment requirement beyond the element's.
    unsafe { vst1q_s32(a.as_mut_ptr(), v) }
}

/// Loads 16 bytes (tables, packed fields).
#[cfg(target_feature = "neon")]
#[inline]
#[target_feature(enable = "neon")]
fn load_bytes(a: &[u8; 16]) -> uint8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_u8(a.as_ptr()) }
}

/// Loads 16 signed bytes.
#[cfg(target_feature = "neon")]
#[inline]
#[target_feature(enable = "neon")]
fn load_i8(a: &[i8; 16]) -> int8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_s8(a.as_ptr()) }
}

/// aarch64 without NEON (soft-float targets): the portable kernels and sponges.
#[cfg(not(target_feature = "neon"))]
mod no_neon {
    use crate::backend::{Auto, Backend, Neon};

    impl Backend for Neon {
        type Shake128 = mldsa_core::keccak::Shake128;
        type Shake256 = mldsa_core::keccak::Shake256;
        type Keccak = mldsa_core::keccak::KeccakF1600;
    }

    impl Backend for Auto {
        type Shake128 = mldsa_core::keccak::Shake128;
        type Shake256 = mldsa_core::keccak::Shake256;
        type Keccak = mldsa_core::keccak::KeccakF1600;
    }
}
