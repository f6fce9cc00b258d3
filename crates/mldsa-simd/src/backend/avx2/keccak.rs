//! Keccak-f\[1600\] on 4 word-interleaved states (`state[w][lane]`) with AVX2, one 64-bit
//! lane per instance, for the 4-lane sponge of `backend::sponge`; also the round structure
//! the AVX-512 permutation shares (`define_f1600x4`).

use crate::backend::sponge::{self, PI_SRC, RC, RHO};
use core::arch::x86_64::*;

/// Which 4-way Keccak-f\[1600\] a sponge runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permutation {
    /// One scalar `keccak::f1600` per lane.
    Scalar,
    /// [`f1600x4`]; only when CPUID reported AVX2.
    Avx2,
    /// `avx512::keccak::f1600x4`; only when CPUID reported AVX-512 F/VL.
    Avx512,
}

/// Defines `$name`, Keccak-f\[1600\] (FIPS 202, Algorithm 7) on 4 word-interleaved states
/// (`state[word][lane]`) held in `__m256i`s, compiled with `$features`, for every x86 vector
/// ISA: `$op` is a macro providing `xor`, `xor3`, `rol` (by a constant), `chi`
/// (x ^ (!y & z)) and `splat` on those vectors.
///
/// The rounds are [`f1600_rounds`]: every index and rotation is a constant.
macro_rules! define_f1600x4 {
    ($(#[$doc:meta])* $name:ident, $features:literal, $op:ident) => {
        $(#[$doc])*
        #[target_feature(enable = $features)]
        #[allow(
            clippy::integer_division_remainder_used,
            reason = "constant lane indices, folded at compile time"
        )]
        pub(crate) fn $name(state: &mut [[u64; 4]; 25]) {
            let mut a = [_mm256_setzero_si256(); 25];
            for (v, s) in a.iter_mut().zip(state.iter()) {
                // SAFETY: `s` is 32 readable bytes; `loadu` has no alignment requirement.
                *v = unsafe { _mm256_loadu_si256(s.as_ptr().cast()) };
            }
            $crate::backend::avx2::keccak::f1600_rounds!(a, $op);
            for (v, s) in a.iter().zip(state.iter_mut()) {
                // SAFETY: `s` is 32 writable bytes; `storeu` has no alignment requirement.
                unsafe { _mm256_storeu_si256(s.as_mut_ptr().cast(), *v) };
            }
        }
    };
}
pub(crate) use define_f1600x4;

/// The 24 rounds of Keccak-f\[1600\] on `$a: [W; 25]`, W a vector of lanes ([`define_f1600x4`])
/// or one `u64` ([`f1600_bmi`]), with `$op` the word operations.
///
/// θ computes the column parities C and D\[x\] = C\[x-1\] ^ rol(C\[x+1\], 1) once; then each
/// output row y is produced on its own ([`chi_row`]): its five words gather
/// B = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[5y + x\] (ρ and π with θ applied)
/// and combine them by χ at once. Only D and one row of B are live at a time (10 vectors of
/// the 16 AVX2 registers), so B never spills: per round the state is read twice (parities,
/// gather) and written once.
macro_rules! f1600_rounds {
    ($a:expr, $op:ident) => {
        // (By reference: `for rc in RC` would copy the constant table on every call.)
        for &rc in RC.iter() {
            let c: [_; 5] = [
                $op!(xor3 $op!(xor3 $a[0], $a[5], $a[10]), $a[15], $a[20]),
                $op!(xor3 $op!(xor3 $a[1], $a[6], $a[11]), $a[16], $a[21]),
                $op!(xor3 $op!(xor3 $a[2], $a[7], $a[12]), $a[17], $a[22]),
                $op!(xor3 $op!(xor3 $a[3], $a[8], $a[13]), $a[18], $a[23]),
                $op!(xor3 $op!(xor3 $a[4], $a[9], $a[14]), $a[19], $a[24]),
            ];
            let d: [_; 5] = [
                $op!(xor c[4], $op!(rol c[1], 1)),
                $op!(xor c[0], $op!(rol c[2], 1)),
                $op!(xor c[1], $op!(rol c[3], 1)),
                $op!(xor c[2], $op!(rol c[4], 1)),
                $op!(xor c[3], $op!(rol c[0], 1)),
            ];
            let mut e = [$op!(splat 0u64); 25];
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 0);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 1);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 2);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 3);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 4);
            e[0] = $op!(xor e[0], $op!(splat rc));
            $a = e;
        }
    };
}
pub(crate) use f1600_rounds;

/// One output row y of θ-ρ-π-χ (see [`f1600_rounds`]): E\[5y + x\] = B\[x\] ^
/// (!B\[x+1\] & B\[x+2\]), B\[x\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]), j = PI_SRC\[5y + x\].
/// Every index and rotation is a constant.
macro_rules! chi_row {
    ($a:expr, $d:ident, $e:ident, $op:ident; $y:literal) => {
        let b: [_; 5] = [
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 1),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 2),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 3),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 4),
        ];
        $e[5 * $y] = $op!(chi b[0], b[1], b[2]);
        $e[5 * $y + 1] = $op!(chi b[1], b[2], b[3]);
        $e[5 * $y + 2] = $op!(chi b[2], b[3], b[4]);
        $e[5 * $y + 3] = $op!(chi b[3], b[4], b[0]);
        $e[5 * $y + 4] = $op!(chi b[4], b[0], b[1]);
    };
}
pub(crate) use chi_row;

/// B\[i\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[i\] (θ applied, then ρ, at π's place).
macro_rules! gather {
    ($a:expr, $d:ident, $op:ident; $i:expr) => {
        $op!(
            rol $op!(xor $a[PI_SRC[$i]], $d[PI_SRC[$i] % 5]),
            RHO[PI_SRC[$i]]
        )
    };
}
pub(crate) use gather;

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

define_f1600x4!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX2.
    f1600x4, "avx2", avx2_op
);

cpufeatures::new!(bmi_cpuid, "bmi1", "bmi2");

/// Whether CPUID reported BMI1 and BMI2 (cached).
pub(crate) fn has_bmi() -> bool {
    bmi_cpuid::get()
}

/// The `u64` word operations of [`f1600_rounds`] (single lane).
macro_rules! scalar_op {
    (xor $x:expr, $y:expr) => {
        $x ^ $y
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        $x ^ $y ^ $z
    };
    (rol $x:expr, $n:expr) => {
        ($x).rotate_left($n as u32)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        $x ^ (!$y & $z)
    };
    (splat $v:expr) => {
        $v
    };
}

/// Single-lane Keccak-f\[1600\]: the rounds of [`f1600_rounds`] on `u64` words, compiled with
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
pub(crate) fn f1600_bmi(state: &mut [u64; 25]) {
    f1600_rounds!((*state), scalar_op);
}

impl sponge::Permutation<4> for Permutation {
    fn apply(self, state: &mut [[u64; 4]; 25]) {
        match self {
            // SAFETY: `Permutation::Avx2` comes from a backend's `Detect::permutation`, which
            // names it only when CPUID reported AVX2.
            Permutation::Avx2 => unsafe { f1600x4(state) },
            // SAFETY: as above, for AVX-512 F/VL.
            Permutation::Avx512 => unsafe { crate::backend::avx512::keccak::f1600x4(state) },
            Permutation::Scalar => sponge::f1600_per_lane(state),
        }
    }
}
