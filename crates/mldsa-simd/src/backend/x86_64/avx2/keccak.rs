//! Keccak-f\[1600\] on 4 word-interleaved states (`state[w][lane]`) with AVX2, one 64-bit
//! lane per instance, for the 4-lane sponge: the shared rounds (`keccak::f1600_rounds`) on
//! `__m256i` words.

use crate::backend::keccak::{PI_SRC, RC, RHO};
use core::arch::x86_64::*;

/// The AVX2 word operations of [`f1600_rounds`]. Rotations are shift-shift-or (AVX2 has no
/// 64-bit rotate); the n = 0 case gives x, since a right shift by 64 yields 0.
macro_rules! avx2_op {
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256(_mm256_xor_si256($x, $y), $z)
    };
    (rol $x:expr, $n:expr) => {{
        let x = $x;
        _mm256_or_si256(
            _mm256_slli_epi64::<{ $n as i32 }>(x),
            _mm256_srli_epi64::<{ 64 - $n as i32 }>(x),
        )
    }};
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256($x, _mm256_andnot_si256($y, $z))
    };
    (splat $v:expr) => {
        _mm256_set1_epi64x($v as i64)
    };
}

super::super::define_f1600x4!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX2.
    f1600xn, "avx2", avx2_op
);

/// The single-lane permutation of the x86-64 vector backends (`bmi.rs`).
#[target_feature(enable = "avx2")]
pub(crate) fn f1600(state: &mut [u64; 25]) {
    super::super::bmi::f1600(state)
}
