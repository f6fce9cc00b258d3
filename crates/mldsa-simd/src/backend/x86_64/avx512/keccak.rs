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
//! (AMD Zen 4) the wider form would not be faster per lane.

pub(super) use super::super::avx2::keccak::f1600;

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
