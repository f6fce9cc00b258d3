//! AVX2 kernels (x86-64). Every kernel here is a `#[target_feature(enable = "avx2")]`
//! function holding a whole hot loop; the helpers it calls carry the same attribute and
//! `#[inline]`, so they and the intrinsics inline into it. The kernels are reachable only
//! through [`Avx2Token`]'s [`Kernels`] methods (and the AVX-512 folder's recompilations, behind
//! its own token).

pub(super) mod arith;
pub(super) mod challenge;
pub(super) mod keccak;
pub(super) mod ntt;
pub(super) mod pack;
pub(super) mod sample;

use crate::backend::kernels::{isa_kernels, kernel_list};
use crate::backend::select::Avx2Token;
use core::arch::x86_64::{__m256i, _mm256_loadu_si256, _mm256_storeu_si256};
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

// 4 lanes for `Avx2`, 8 for `Auto` on a CPU without AVX-512 (two 4-lane permutations).
kernel_list!(isa_kernels, Avx2Token, 4);
kernel_list!(isa_kernels, Avx2Token, 8);

/// Loads 8 coefficients.
#[inline]
#[target_feature(enable = "avx2")]
fn load(a: &[i32; 8]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; `loadu` has no alignment requirement.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// Loads 32 signed bytes (shuffle tables, byte-lane operands).
#[inline]
#[target_feature(enable = "avx2")]
fn load_bytes(a: &[i8; 32]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; `loadu` has no alignment requirement.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// Stores 8 coefficients.
#[inline]
#[target_feature(enable = "avx2")]
fn store(a: &mut [i32; 8], v: __m256i) {
    // SAFETY: `a` is 32 writable bytes; `storeu` has no alignment requirement.
    unsafe { _mm256_storeu_si256(a.as_mut_ptr().cast(), v) }
}
