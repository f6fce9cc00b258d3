//! Single-lane Keccak-f\[1600\] with BMI1 and BMI2 (the single-lane permutation of the
//! x86-64 vector backends, but for AVX-512 on AMD: `avx512/keccak.rs`), reachable through [`BmiToken`].

use crate::backend::keccak::{PI_SRC, RC, RHO, f1600_rounds, u64_op};
use crate::backend::select::BmiToken;
use mldsa_core::kernel::{KeccakF1600, Permutation};

/// Single-lane Keccak-f\[1600\]: the shared rounds (`keccak::f1600_rounds`) on `u64` words, compiled with
/// BMI1 and BMI2, so χ's x ^ (!y & z) is one `andn` and each ρ rotation a non-destructive
/// `rorx` (about 16 % faster than the `keccak` crate's permutation on this Zen 3 machine,
/// 320 vs 380 ns).
#[target_feature(enable = "bmi1,bmi2")]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "constant lane indices, folded at compile time"
)]
#[allow(
    clippy::assign_op_pattern,
    reason = "the rounds are written once for vector words too, whose operations are calls"
)]
fn f1600_bmi(state: &mut [u64; 25]) {
    f1600_rounds!((*state), u64_op);
}

impl BmiToken {
    /// Keccak-f\[1600\] on `state` with the BMI build of the rounds.
    #[inline]
    pub(crate) fn f1600(self, state: &mut [u64; 25]) {
        // SAFETY: a `BmiToken` exists only after CPUID reported BMI1 and BMI2.
        unsafe { f1600_bmi(state) }
    }
}

/// The single-lane permutation of the x86-64 vector backends: BMI where CPUID has it (every
/// AVX2 CPU measured), else the `keccak` crate's.
#[inline]
pub(crate) fn f1600(state: &mut [u64; 25]) {
    match BmiToken::detect() {
        Some(t) => t.f1600(state),
        None => KeccakF1600::permute(state),
    }
}
