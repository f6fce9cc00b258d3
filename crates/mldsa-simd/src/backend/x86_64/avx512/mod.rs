//! AVX-512 kernels (x86-64 with AVX-512 F, VL and BW), reachable only through [`Avx512Token`].
//! Like `avx2/`, every kernel is a `#[target_feature]` function holding a whole hot loop.
//!
//! What AVX-512 changes:
//! - Keccak: `vpternlogq` computes θ's three-way XORs and χ in one instruction each, `vprolq`
//!   rotates in one, and the 32 vector registers hold a whole state of 8 lanes in `zmm`
//!   (the AVX-512 backend's sponges have 8 lanes) or 4 in `ymm` (batches of at most 4):
//!   `keccak.rs`.
//! - `ntt.rs`: a polynomial is 16 `zmm` vectors held in registers; the in-vector layers
//!   rearrange each vector pair with `vpermt2d`. 173 against 300 ns forward, 191 against 296
//!   inverse for the AVX2 kernels compiled with AVX-512 it replaces (Intel Xeon, model 207).
//! - `arith.rs`: the coefficient-wise kernels (`x86_64::arith`) on 16 lanes of `zmm`.
//! - `pack.rs`: with VBMI (a [`VbmiToken`](crate::backend::select::VbmiToken)), every packer
//!   and the z and t1 unpackers take 16 fields per step through `vpermb`; without it, the
//!   AVX2 kernels (some recompiled with [`evex`]).
//! - Rejection sampling (`sample.rs`): RejNTTPoly's parsing takes 16 candidates per step
//!   (`vpermd` + `vpshufb` into 32-bit lanes, one compare, `vpcompressd` into a register, the
//!   count by `popcnt`). Over one ExpandA polynomial's candidates: 27 ns against 38 with the
//!   count from a 256-entry table (two loads and an add) and 37 for the AVX2 table kernel on
//!   AMD Zen 4 (family 25 model 17, 2026-12-07); with the table count, 42 against 48 ns on an
//!   Intel Xeon (model 207). The first `vpcompressd` version, 10-20 % slower than the AVX2
//!   kernel on Zen 4, counted with `count_ones` while the token did not detect POPCNT: a
//!   dozen dependent instructions. The token now requires POPCNT (as the AVX2 one does).
//!   RejBoundedPoly's takes 64 half-bytes per step with one compare, one table `vpshufb`,
//!   four `vpcompressd` and four `popcnt`: 107 against 140 ns per η = 4 polynomial (two
//!   SHAKE256 blocks) and 69 against 77 for η = 2 (Zen 4; 125 and 79 with table counts).
//!   Both counts by `popcnt`: Auto keygen 2-3 %, verify 1.3-2.4 % faster on Zen 4. The
//!   squeeze's copy-out transposes 8×8 words in `zmm` (`keccak.rs`); the single-lane Keccak
//!   is the BMI one on Intel and `xmm` `vpternlogq` rounds on AMD (`keccak.rs`).
#![allow(unsafe_code)]

mod arith;
mod challenge;
mod keccak;
mod ntt;
mod pack;
mod sample;

use crate::backend::kernels::{isa_kernels, kernel_list};
use crate::backend::select::Avx512Token;
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

/// Defines, for each `name(args) = kernel`, `pub(super) fn name` with AVX-512 F/VL/BW enabled
/// that runs the AVX2 `kernel`: its body inlined (`#[inline]` on the AVX2 entry points, whose
/// features are a subset of these), so the compiler may encode it with EVEX, use 32 vector
/// registers and fold AVX-512 forms (e.g. `vpternlogd`, mask compares). Same arithmetic, same
/// results; the differential tests check it like any other kernel.
macro_rules! evex {
    ($( $name:ident($($arg:ident: $t:ty),*) $(-> $r:ty)? = $kernel:path; )*) => {$(
        #[doc = concat!("`", stringify!($kernel), "` compiled with AVX-512 F/VL/BW.")]
        #[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
        pub(super) fn $name($($arg: $t),*) $(-> $r)? {
            $kernel($($arg),*)
        }
    )*};
}
use evex;

/// Loads 16 coefficients.
#[inline]
#[target_feature(enable = "avx512f")]
fn load(a: &[i32; 16]) -> core::arch::x86_64::__m512i {
    // SAFETY: `a` is 64 readable bytes; `loadu` has no alignment requirement.
    unsafe { core::arch::x86_64::_mm512_loadu_si512(a.as_ptr().cast()) }
}

/// Stores 16 coefficients.
#[inline]
#[target_feature(enable = "avx512f")]
fn store(a: &mut [i32; 16], v: core::arch::x86_64::__m512i) {
    // SAFETY: `a` is 64 writable bytes; `storeu` has no alignment requirement.
    unsafe { core::arch::x86_64::_mm512_storeu_si512(a.as_mut_ptr().cast(), v) }
}

kernel_list!(isa_kernels, Avx512Token, 8);
