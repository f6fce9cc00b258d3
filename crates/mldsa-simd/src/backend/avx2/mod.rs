//! AVX2 kernels (x86-64). Every public item here is a `#[target_feature(enable = "avx2")]`
//! function holding a whole hot loop; the helpers it calls carry the same attribute and
//! `#[inline]`, so they and the intrinsics inline into it. Calling an entry point from code
//! without the feature is `unsafe`: the caller must have checked [`avx2_cpuid`].
#![allow(unsafe_code)]

pub(crate) mod arith;
pub(crate) mod challenge;
pub(crate) mod keccak;
pub(crate) mod ntt;
pub(crate) mod pack;
pub(crate) mod sample;

use core::arch::x86_64::{__m256i, _mm256_loadu_si256, _mm256_storeu_si256};

cpufeatures::new!(avx2_cpuid, "avx2");

/// Whether the CPU has AVX2 (CPUID, cached after the first call).
#[inline]
pub(crate) fn has_avx2() -> bool {
    avx2_cpuid::get()
}

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
