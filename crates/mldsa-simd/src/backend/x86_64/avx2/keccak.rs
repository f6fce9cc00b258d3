//! Keccak-f\[1600\] on 4 word-interleaved states (`state[w][lane]`) with AVX2, one 64-bit
//! lane per instance, for the 4-lane sponge: the shared rounds (`keccak::f1600_rounds`) on
//! `__m256i` words.

use crate::backend::keccak::{PI_SRC, RC, RHO};
use core::arch::x86_64::*;

/// The AVX2 word operations of [`f1600_rounds`]. Rotations are shift-shift-or (AVX2 has no
/// 64-bit rotate; the n = 0 case gives x, since a right shift by 64 yields 0), except by 8 and
/// 56 (ρ of two words): those move whole bytes, one `vpshufb` with the masks that
/// `(frame)` builds, copied with the round constants into the frame (see `f1600_rounds` on
/// 4K aliasing).
macro_rules! avx2_op {
    (frame) => {
        // Byte j of each 64-bit word takes byte (j - 1) mod 8 (rotation left by 8), or
        // (j + 1) mod 8 (by 56); `_mm256_set_epi8` lists bytes from the highest.
        core::hint::black_box((
            RC,
            [
                _mm256_set_epi8(
                    14, 13, 12, 11, 10, 9, 8, 15, 6, 5, 4, 3, 2, 1, 0, 7, //
                    14, 13, 12, 11, 10, 9, 8, 15, 6, 5, 4, 3, 2, 1, 0, 7,
                ),
                _mm256_set_epi8(
                    8, 15, 14, 13, 12, 11, 10, 9, 0, 7, 6, 5, 4, 3, 2, 1, //
                    8, 15, 14, 13, 12, 11, 10, 9, 0, 7, 6, 5, 4, 3, 2, 1,
                ),
            ],
        ))
    };
    (rol $x:expr, $n:expr, $k:ident) => {{
        let x = $x;
        match $n {
            8 => _mm256_shuffle_epi8(x, $k[0]),
            56 => _mm256_shuffle_epi8(x, $k[1]),
            _ => _mm256_or_si256(
                _mm256_slli_epi64::<{ $n as i32 }>(x),
                _mm256_srli_epi64::<{ 64 - $n as i32 }>(x),
            ),
        }
    }};
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256(_mm256_xor_si256($x, $y), $z)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256($x, _mm256_andnot_si256($y, $z))
    };
    (splat $v:expr) => {
        _mm256_set1_epi64x($v as i64)
    };
}

/// Lanes one permutation runs at the cost of one (`Kernels::f1600_width`).
pub(crate) fn width() -> usize {
    4
}

/// A lone lane takes the single-lane permutation (`Kernels::f1600_lone_single`): BMI, 0.31-0.40
/// µs against 0.58-0.65 for the 4-lane one on an Intel Xeon (model 207), as when a batch's last
/// polynomial draws alone (ML-DSA-44 and -65 key generation on `Avx2`: 2.6 and 3 % faster).
pub(crate) const LONE_SINGLE: bool = true;

super::super::define_f1600!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX2.
    f1600x4, "avx2", avx2_op,
    __m256i, 4, _mm256_setzero_si256, _mm256_loadu_si256, _mm256_storeu_si256
);

/// Keccak-f\[1600\] on the first `lanes` of `LANES` word-interleaved states (`LANES` a
/// multiple of 4): one 4-lane permutation per group of 4 lanes in use.
#[target_feature(enable = "avx2")]
pub(crate) fn f1600xn<const LANES: usize>(state: &mut [[u64; LANES]; 25], lanes: usize) {
    for at in (0..lanes).step_by(4) {
        f1600x4(state, at);
    }
}

/// A squeezed block of word-interleaved states (`kernels::copy_out_per_lane`'s contract, `LANES`
/// a multiple of 4): for each group of 4 lanes, four words of the four lanes at a time,
/// transposed in registers (two `vpunpck{l,h}qdq` and two `vperm2i128` per pair of rows) and
/// stored as 32 bytes per lane; the last word of the 21- and 17-word rates by the word copies
/// of `kernels::copy_out_per_lane`.
#[target_feature(enable = "avx2")]
pub(crate) fn copy_out<const LANES: usize>(
    state: &[[u64; LANES]; 25],
    words: usize,
    at: usize,
    out: &mut [&mut [u8]],
) {
    let whole = words & !3;
    for (group, outs) in out.chunks_mut(4).enumerate() {
        let lane = 4 * group;
        for w in (0..whole).step_by(4) {
            let r = [0, 1, 2, 3].map(|k| {
                let s: &[u64; 4] = state[w + k][lane..lane + 4].try_into().unwrap();
                // SAFETY: `s` is 32 readable bytes; `loadu` has no alignment requirement.
                unsafe { _mm256_loadu_si256(s.as_ptr().cast()) }
            });
            let (t0, t1) = (
                _mm256_unpacklo_epi64(r[0], r[1]),
                _mm256_unpackhi_epi64(r[0], r[1]),
            );
            let (t2, t3) = (
                _mm256_unpacklo_epi64(r[2], r[3]),
                _mm256_unpackhi_epi64(r[2], r[3]),
            );
            let lanes = [
                _mm256_permute2x128_si256::<0x20>(t0, t2),
                _mm256_permute2x128_si256::<0x20>(t1, t3),
                _mm256_permute2x128_si256::<0x31>(t0, t2),
                _mm256_permute2x128_si256::<0x31>(t1, t3),
            ];
            for (o, v) in outs.iter_mut().zip(lanes) {
                let dst: &mut [u8; 32] = (&mut o[at + 8 * w..at + 8 * w + 32]).try_into().unwrap();
                // SAFETY: `dst` is 32 writable bytes; `storeu` has no alignment requirement.
                unsafe { _mm256_storeu_si256(dst.as_mut_ptr().cast(), v) };
            }
        }
    }
    crate::backend::kernels::copy_out_per_lane(state, whole..words, at, out);
}

/// The single-lane permutation of the x86-64 vector backends (`bmi.rs`).
#[target_feature(enable = "avx2")]
pub(crate) fn f1600(state: &mut [u64; 25]) {
    super::super::bmi::f1600(state)
}
