//! NEON kernels (aarch64), reachable only through [`NeonToken`]. NEON is part of the aarch64
//! baseline, so the token needs no run-time detection; the folder is compiled only when the
//! build enables NEON (every aarch64 target except the soft-float ones; without it, `Neon` and
//! `Auto` are the portable kernels under another name). Every kernel is a
//! `#[target_feature(enable = "neon")]` function holding a whole hot loop, and the helpers it
//! calls carry the same attribute and `#[inline]`, so they and the intrinsics inline into it.
//!
//! Layout mirrors `x86_64/avx2/`: `ntt.rs` (Algorithms 41-42), `arith.rs` (Montgomery
//! products, reductions, Algorithms 35-40, the infinity norm), `challenge.rs` (the sparse c·s
//! of signing), `pack.rs` (Algorithms 16-19 for z, t1, w1), `sample.rs` (Algorithms 30-31),
//! `keccak.rs` (the 2-lane Keccak-f\[1600\], with FEAT_SHA3 where [`Sha3Token`] is detected).
//!
//! [`Sha3Token`]: crate::backend::select::Sha3Token

mod arith;
mod challenge;
mod keccak;
mod ntt;
mod pack;
mod sample;

use crate::backend::kernels::{isa_kernels, kernel_list};
use crate::backend::select::NeonToken;
use core::arch::aarch64::{
    int8x16_t, int32x4_t, uint8x16_t, vld1q_s8, vld1q_s32, vld1q_u8, vst1q_s32,
};
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

kernel_list!(isa_kernels, NeonToken, 2);

/// Loads 4 coefficients.
#[inline]
#[target_feature(enable = "neon")]
fn load(a: &[i32; 4]) -> int32x4_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement beyond the element's.
    unsafe { vld1q_s32(a.as_ptr()) }
}

/// Stores 4 coefficients.
#[inline]
#[target_feature(enable = "neon")]
fn store(a: &mut [i32; 4], v: int32x4_t) {
    // SAFETY: `a` is 16 writable bytes; `st1` has no alignment requirement beyond the element's.
    unsafe { vst1q_s32(a.as_mut_ptr(), v) }
}

/// Loads 16 bytes (tables, packed fields).
#[inline]
#[target_feature(enable = "neon")]
fn load_bytes(a: &[u8; 16]) -> uint8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_u8(a.as_ptr()) }
}

/// Loads 16 signed bytes.
#[inline]
#[target_feature(enable = "neon")]
fn load_i8(a: &[i8; 16]) -> int8x16_t {
    // SAFETY: `a` is 16 readable bytes; `ld1` has no alignment requirement for bytes.
    unsafe { vld1q_s8(a.as_ptr()) }
}
