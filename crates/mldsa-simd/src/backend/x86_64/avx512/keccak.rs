//! 4-way Keccak-f\[1600\] (FIPS 202, Algorithm 7) in `ymm` registers with AVX-512 VL: the same
//! rounds as the AVX2 permutation (`keccak::f1600_rounds`) with three instructions
//! replaced. `vpternlogq` evaluates any 3-input Boolean function: 0x96 is x ^ y ^ z (θ's
//! column parities, two per column) and 0xD2 is x ^ (!y & z) (χ, one per word); `vprolq` is
//! the 64-bit rotation (ρ and θ's rot-1). The 25 state words and D fit in the 32 registers,
//! so the state need not spill between rounds. Per round: 10 ternlog and 5 XOR (θ), 25 XOR
//! (θ applied), 5 + 24 rotations, 25 ternlog (χ), 1 XOR (ι): 95 instructions, against about
//! 170 with AVX2.
//!
//! Four lanes in `ymm` rather than eight in `zmm`: the sponge (and mldsa-core's samplers) batch
//! at most four polynomials, and on CPUs that split 512-bit operations into two 256-bit halves
//! (AMD Zen 4) the wider form is not faster per lane. Measured on Zen 4 (3.65 GHz), standalone
//! builds of these rounds: 4 lanes in `ymm` 211 ns per permutation (53 ns per lane), 8 lanes
//! in `zmm` 416 ns (52 per lane). The instruction-count bound of the `ymm` rounds: `vpternlogq`
//! and XOR issue 4 per cycle, `vprolq` 2 (measured), so 95 instructions with 29 rotations take
//! at least max(95 / 4, 29 / 2) ≈ 24 cycles per round, 570 per permutation (156 ns); they take
//! 32 (770 cycles). Two reschedulings did not close that gap: θ's parities accumulated row by
//! row inside χ, and the parities as plain XORs (in case `vpternlogq`'s issue were the limit);
//! both measured within 1 %.
//!
//! The single-lane permutation is the BMI scalar one (`bmi.rs`): a `zmm` version (the state as
//! five rows, `vprolvq` for ρ, π as a 5×5 transposition with `vpermt2q`, χ's neighbours by
//! lane permutations) ran 418 ns per permutation against BMI's 285 on Zen 4: its rounds are a
//! chain of 5-cycle cross-lane permutations that 24 dependent rounds cannot hide. Not kept.

pub(super) use super::super::avx2::keccak::{copy_out, f1600};

use crate::backend::keccak::{PI_SRC, RC, RHO};
use core::arch::x86_64::*;

/// The AVX-512 VL word operations of `f1600_rounds`.
macro_rules! avx512_op {
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm256_ternarylogic_epi64::<0x96>($x, $y, $z)
    };
    (rol $x:expr, $n:expr) => {
        _mm256_rol_epi64::<{ $n as i32 }>($x)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm256_ternarylogic_epi64::<0xD2>($x, $y, $z)
    };
    (splat $v:expr) => {
        _mm256_set1_epi64x($v as i64)
    };
}

super::super::define_f1600x4!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX-512 VL.
    f1600xn, "avx2,avx512f,avx512vl", avx512_op
);
