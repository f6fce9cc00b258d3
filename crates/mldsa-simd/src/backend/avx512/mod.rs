//! AVX-512 kernels (x86-64 with AVX-512 F, VL and BW). Like `avx2/`, every entry point is a
//! `#[target_feature]` function holding a whole hot loop, callable only after [`has_avx512`].
//!
//! What AVX-512 changes:
//! - Keccak: `vpternlogq` computes θ's three-way XORs and χ in one instruction each, `vprolq`
//!   rotates in one, and 32 vector registers hold the whole 4-way state (`keccak.rs`).
//! - Rejection sampling stays on the AVX2 kernels: a `vpcompressd` version (16 candidates per
//!   step, no lookup table) measured 10-20 % slower than the AVX2 table version on AMD Zen 4,
//!   whose loop is bound by the count's dependency chain, not by the packing.
//! - The other kernels are the AVX2 ones recompiled with AVX-512 enabled (`evex.rs`), so the
//!   compiler may use EVEX encodings and all 32 registers.
#![allow(unsafe_code)]

pub(crate) mod evex;
pub(crate) mod keccak;

cpufeatures::new!(avx512_cpuid, "avx2", "avx512f", "avx512vl", "avx512bw");

/// Whether the CPU has AVX2 and AVX-512 F/VL/BW, with the OS saving the vector state (CPUID and
/// XGETBV, cached after the first call).
#[inline]
pub(crate) fn has_avx512() -> bool {
    avx512_cpuid::get()
}
