//! 8-way and 4-way Keccak-f\[1600\] (FIPS 202, Algorithm 7) in `zmm` and `ymm` registers with
//! AVX-512 F and VL: the same rounds as the AVX2 permutation (`keccak::f1600_rounds`) with three instructions
//! replaced. `vpternlogq` evaluates any 3-input Boolean function: 0x96 is x ^ y ^ z (θ's
//! column parities, two per column) and 0xD2 is x ^ (!y & z) (χ, one per word); `vprolq` is
//! the 64-bit rotation (ρ and θ's rot-1). The 25 state words and D fit in the 32 registers,
//! so the state need not spill between rounds. Per round: 10 ternlog and 5 XOR (θ), 25 XOR
//! (θ applied), 5 + 24 rotations, 25 ternlog (χ), 1 XOR (ι): 95 instructions, against about
//! 170 with AVX2.
//!
//! Eight lanes in `zmm` (`f1600x8`, the same rounds on `__m512i`) when more than four lanes are
//! in use, four in `ymm` otherwise: the sponge of the AVX-512 backend has 8 lanes, and
//! mldsa-core's samplers batch up to 8 polynomials. Measured standalone (one permutation in a
//! loop, best of 15 × 20 000):
//! - Intel Xeon (family 6 model 207, AVX-512 with full-width 512-bit units), 2026-12-07:
//!   `ymm` 4 lanes 273 ns (68 ns per lane), `zmm` 8 lanes 391 ns (49 ns per lane): 1.39× the
//!   throughput per lane. The instruction count is the same, and a `zmm` instruction does
//!   twice the work on ports 0 and 5 where a `ymm` one runs on 0, 1 and 5.
//! - AMD Zen 4 (3.65 GHz), which splits 512-bit operations into two 256-bit halves: `ymm`
//!   211 ns (53 per lane), `zmm` 416 ns (52 per lane): no loss either way, so one choice
//!   serves both families. With the squeeze's copy-out (see [`width`]) `zmm` is ahead there
//!   too.
//!
//! The instruction-count bound of the `ymm` rounds on Zen 4: `vpternlogq` and XOR issue 4 per
//! cycle, `vprolq` 2 (measured), so 95 instructions with 29 rotations take at least
//! max(95 / 4, 29 / 2) ≈ 24 cycles per round, 570 per permutation (156 ns); they take 32 (770
//! cycles). Two reschedulings did not close that gap: θ's parities accumulated row by row
//! inside χ, and the parities as plain XORs (in case `vpternlogq`'s issue were the limit);
//! both measured within 1 %.
//!
//! The single-lane permutation ([`f1600`]) is chosen by CPU vendor between two forms:
//! - the same rounds on one word per `xmm` register ([`f1600_xmm`]): 25 words and D in 32
//!   registers, no spills, θ's parities and χ one `vpternlogq` each;
//! - the BMI scalar rounds (`bmi.rs`), which spill (25 words and the parities in 15 free
//!   general registers) but issue on more ports.
//!
//! On the Intel Xeon the `xmm` form ran 295-300 ns per permutation against BMI's 279-281
//! (one permutation in a loop, best of 30 × 20 000, 2026-12-07; a `ymm` build of it, and θ's
//! parities as plain XORs, ran the same): the 95 vector instructions a round and the 16
//! register copies that the destructive `vpternlogq` needs share three ports (`vprolq` two),
//! about 37 cycles a round, where the scalar rounds take 35. On AMD Zen 4 the same
//! instruction stream on `ymm` (the 4-lane permutation, which a Zen core issues at the `xmm`
//! rate: four logic and two rotate pipes) ran in 211 ns against BMI's 285, so AMD runs the
//! `xmm` form. Timed itself on Zen 4 (AMD EPYC, family 25 model 17, 2026-12-07): 218 ns
//! against BMI's 282-286 (the peer bench's unit costs), and every operation 1-2.7 % faster
//! than with BMI (same process, switching per call). An earlier `zmm` form (the state as five
//! rows, `vprolvq` for ρ, π as a 5×5 transposition with `vpermt2q`, χ's neighbours by lane
//! permutations) ran 418 ns against BMI's 285 on Zen 4: a chain of 5-cycle cross-lane
//! permutations that 24 dependent rounds cannot hide. Not kept.

use crate::backend::keccak::{PI_SRC, RC, RHO};
use crate::backend::select::amd_core;
use core::arch::x86_64::*;

/// The AVX-512 VL word operations of `f1600_rounds` on `ymm` (4 lanes).
macro_rules! avx512_op {
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm256_ternarylogic_epi64::<0x96>($x, $y, $z)
    };
    (frame) => {
        (core::hint::black_box(RC), ())
    };
    (rol $x:expr, $n:expr, $k:ident) => {
        _mm256_rol_epi64::<{ $n as i32 }>($x)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm256_ternarylogic_epi64::<0xD2>($x, $y, $z)
    };
    (splat $v:expr) => {
        _mm256_set1_epi64x($v as i64)
    };
}

/// The AVX-512 F word operations of `f1600_rounds` on `zmm` (8 lanes).
macro_rules! zmm_op {
    (xor $x:expr, $y:expr) => {
        _mm512_xor_si512($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm512_ternarylogic_epi64::<0x96>($x, $y, $z)
    };
    (frame) => {
        (core::hint::black_box(RC), ())
    };
    (rol $x:expr, $n:expr, $k:ident) => {
        _mm512_rol_epi64::<{ $n as i32 }>($x)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm512_ternarylogic_epi64::<0xD2>($x, $y, $z)
    };
    (splat $v:expr) => {
        _mm512_set1_epi64($v as i64)
    };
}

/// The AVX-512 VL word operations of `f1600_rounds` on `xmm`, one state word in the low
/// 64 bits of each (single lane).
macro_rules! xmm_op {
    (xor $x:expr, $y:expr) => {
        _mm_xor_si128($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm_ternarylogic_epi64::<0x96>($x, $y, $z)
    };
    (frame) => {
        (core::hint::black_box(RC), ())
    };
    (rol $x:expr, $n:expr, $k:ident) => {
        _mm_rol_epi64::<{ $n as i32 }>($x)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm_ternarylogic_epi64::<0xD2>($x, $y, $z)
    };
    (splat $v:expr) => {
        _mm_cvtsi64_si128($v as i64)
    };
}

/// Single-lane Keccak-f\[1600\] of the AVX-512 backend: [`f1600_xmm`] on AMD, the BMI rounds
/// elsewhere (see the module documentation).
#[target_feature(enable = "avx2,avx512f,avx512vl")]
pub(crate) fn f1600(state: &mut [u64; 25]) {
    if amd_core() {
        f1600_xmm(state)
    } else {
        super::super::bmi::f1600(state)
    }
}

/// Single-lane Keccak-f\[1600\]: the rounds of the 4-lane `ymm` permutation on one word per
/// `xmm` register.
#[target_feature(enable = "avx2,avx512f,avx512vl")]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "constant lane indices, folded at compile time"
)]
fn f1600_xmm(state: &mut [u64; 25]) {
    let mut a = [_mm_setzero_si128(); 25];
    for (v, s) in a.iter_mut().zip(state.iter()) {
        *v = _mm_cvtsi64_si128(*s as i64);
    }
    crate::backend::keccak::f1600_rounds!(a, xmm_op);
    for (v, s) in a.iter().zip(state.iter_mut()) {
        *s = _mm_cvtsi128_si64(*v) as u64;
    }
}

super::super::define_f1600!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX-512 VL.
    f1600x4, "avx2,avx512f,avx512vl", avx512_op,
    __m256i, 4, _mm256_setzero_si256, _mm256_loadu_si256, _mm256_storeu_si256
);

super::super::define_f1600!(
    /// Keccak-f\[1600\] on the 8 lanes `at..at + 8` of word-interleaved states, in `zmm`.
    f1600x8, "avx2,avx512f,avx512vl", zmm_op,
    __m512i, 8, _mm512_setzero_si512, _mm512_loadu_si512, _mm512_storeu_si512
);

/// Lanes one permutation runs at the cost of one (`Kernels::f1600_width`): 8 in `zmm`, on
/// Intel and AMD alike. Zen 4 splits 512-bit operations, yet there 8 lanes absorbed and
/// squeezed cost 426 ns a permutation against 232 for 4 (53 against 58 per lane; AMD EPYC,
/// family 25 model 17, 2026-12-07), and signing, which draws the next attempt's y ahead only
/// where y and c̃'s lane fit this width (mldsa-core's `MaskStream`), ran 1.2-1.7 % faster
/// for ML-DSA-44 / 65 and 0.3 % for 87 with 8 than with 4 (same process, alternating, 4 000
/// pairs). Until then AMD was given 4, from a `zmm` permutation measured without the
/// 8-lane copy-out.
pub(crate) fn width() -> usize {
    8
}

/// A lone lane stays in the vector permutation (`Kernels::f1600_lone_single`): the 4-lane
/// `ymm` one costs about a single-lane one here (taking BMI for it measured 0-1.5 % slower on
/// an Intel Xeon, model 207), and on Zen 4 less (0.232 against 0.282 µs).
pub(crate) const LONE_SINGLE: bool = false;

/// Keccak-f\[1600\] on the first `lanes` of `LANES` word-interleaved states (`LANES` a
/// multiple of 4): 8 lanes at a time in `zmm` while more than 4 remain, then 4 in `ymm`.
#[target_feature(enable = "avx2,avx512f,avx512vl")]
pub(crate) fn f1600xn<const LANES: usize>(state: &mut [[u64; LANES]; 25], lanes: usize) {
    let mut at = 0;
    while at < lanes {
        // More than 4 lanes left: LANES - at is a multiple of 4 above 4, so at least 8.
        if lanes - at > 4 {
            f1600x8(state, at);
            at += 8;
        } else {
            f1600x4(state, at);
            at += 4;
        }
    }
}

/// A squeezed block of word-interleaved states (`kernels::copy_out_per_lane`'s contract): with
/// 8 lanes, eight words of the eight lanes at a time (rows past the block are loaded, or
/// past the state's 25 read as zero, and not stored), transposed in registers (8
/// `vpunpck{l,h}qdq`, 16 `vshufi64x2`) and stored as up to 64 bytes per lane with a write
/// mask of the group's words, so the 21- and 17-word rates need no word copies; other lane
/// counts by the AVX2 kernel.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn copy_out<const LANES: usize>(
    state: &[[u64; LANES]; 25],
    words: usize,
    at: usize,
    out: &mut [&mut [u8]],
) {
    if LANES != 8 {
        return super::super::avx2::keccak::copy_out(state, words, at, out);
    }
    for w in (0..words).step_by(8) {
        let r: [__m512i; 8] = core::array::from_fn(|k| match state.get(w + k) {
            Some(row) => {
                let row: &[u64; 8] = row[..8].try_into().unwrap();
                // SAFETY: `row` is 64 readable bytes; `loadu` has no alignment requirement.
                unsafe { _mm512_loadu_si512(row.as_ptr().cast()) }
            }
            None => _mm512_setzero_si512(),
        });
        // t[2i] = rows 2i, 2i + 1 at the even lanes, t[2i + 1] at the odd ones (per 128 bits).
        let t: [__m512i; 8] = core::array::from_fn(|j| {
            let (a, b) = (r[j & !1], r[j | 1]);
            if j & 1 == 0 {
                _mm512_unpacklo_epi64(a, b)
            } else {
                _mm512_unpackhi_epi64(a, b)
            }
        });
        // 128-bit blocks 0 and 2 (lanes 0 / 4 of each row pair's 2-row pieces), or 1 and 3.
        let even = |a, b| _mm512_shuffle_i64x2::<0x88>(a, b);
        let odd = |a, b| _mm512_shuffle_i64x2::<0xDD>(a, b);
        // u: rows 0-3 (lanes 0/4, 2/6, 1/5, 3/7), v: rows 4-7.
        let u = [
            even(t[0], t[2]),
            odd(t[0], t[2]),
            even(t[1], t[3]),
            odd(t[1], t[3]),
        ];
        let v = [
            even(t[4], t[6]),
            odd(t[4], t[6]),
            even(t[5], t[7]),
            odd(t[5], t[7]),
        ];
        let lanes = [
            even(u[0], v[0]),
            even(u[2], v[2]),
            even(u[1], v[1]),
            even(u[3], v[3]),
            odd(u[0], v[0]),
            odd(u[2], v[2]),
            odd(u[1], v[1]),
            odd(u[3], v[3]),
        ];
        let n = (words - w).min(8);
        for (o, v) in out.iter_mut().zip(lanes) {
            let dst = &mut o[at + 8 * w..at + 8 * (w + n)];
            // SAFETY: the write mask selects the first `n` words, `dst`'s 8·`n` writable
            // bytes; masked-off words are not accessed.
            unsafe {
                _mm512_mask_storeu_epi64(dst.as_mut_ptr().cast(), ((1u32 << n) - 1) as u8, v)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::select::Avx512Token;
    use mldsa_core::kernel::{KeccakF1600, Permutation};

    /// Both single-lane forms (the vendor picks one, so the differential suite sees only one
    /// per machine) against the `keccak` crate's permutation, over a chain of states starting
    /// from zero and from all ones.
    #[test]
    fn both_single_lane_forms_match_reference() {
        if Avx512Token::detect().is_none() {
            return;
        }
        for start in [0, u64::MAX] {
            let mut want = [start; 25];
            let (mut xmm, mut bmi) = (want, want);
            for _ in 0..64 {
                KeccakF1600::permute(&mut want);
                // SAFETY: AVX-512 F/VL (with AVX2) was detected above.
                unsafe { f1600_xmm(&mut xmm) };
                super::super::super::bmi::f1600(&mut bmi);
                assert_eq!((xmm, bmi), (want, want));
            }
        }
    }
}
