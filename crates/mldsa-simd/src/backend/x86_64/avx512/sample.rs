//! Rejection sampling (FIPS 204, Algorithms 30-31). RejNTTPoly's parsing is the AVX2 kernel
//! (see `mod.rs` for why); RejBoundedPoly's has an AVX-512 F/BW kernel for its bulk.

pub(super) use super::super::avx2::sample::rej_uniform;

use super::super::avx2::sample::{ETA_VALUES, POPCOUNT};
use core::arch::x86_64::*;

/// `mldsa_core::kernel::reference::rej_eta` with AVX-512 F/BW (η ∈ {2, 4}).
///
/// 32 input bytes at a time while at least 64 outputs are free: widened to 16-bit lanes, each
/// lane's two half-bytes become the bytes 2i and 2i + 1 (candidate order), one `vpshufb`
/// maps them to their values through a register table, one byte compare gives the 64-bit
/// accept mask, which is made public through mldsa-core's declassification point (the fact
/// the portable kernel's branches reveal), and each 16 values are widened to 32 bits and
/// packed by `vpcompressd` into a register, stored whole (the lanes past the count are scratch
/// the next store overwrites). The count advances by table popcounts of the public mask. The
/// rest is the AVX2 kernel's.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    let (limit, table) = if eta == 2 {
        (15, &ETA_VALUES[0])
    } else {
        (9, &ETA_VALUES[1])
    };
    // SAFETY: each table row is 16 readable bytes.
    let table = _mm512_broadcast_i32x4(unsafe { _mm_loadu_si128(table.as_ptr().cast()) });
    let limit = _mm512_set1_epi8(limit);
    let (low, high) = (_mm512_set1_epi16(0x0f), _mm512_set1_epi16(0x0f00));
    let (mut n, mut pos) = (0, 0);
    while pos + 32 <= buf.len() && n + 64 <= out.len() {
        let chunk: &[u8; 32] = buf[pos..pos + 32].try_into().unwrap();
        // SAFETY: `chunk` is 32 readable bytes; `loadu` has no alignment requirement.
        let w = _mm512_cvtepu8_epi16(unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) });
        let t = _mm512_or_si512(
            _mm512_and_si512(w, low),
            _mm512_and_si512(_mm512_slli_epi16::<4>(w), high),
        );
        let m = mldsa_core::kernel::declassify_u64(_mm512_cmplt_epu8_mask(t, limit));
        let vals = _mm512_shuffle_epi8(table, t);
        let quarters = [
            _mm512_castsi512_si128(vals),
            _mm512_extracti32x4_epi32::<1>(vals),
            _mm512_extracti32x4_epi32::<2>(vals),
            _mm512_extracti32x4_epi32::<3>(vals),
        ];
        for (j, q) in quarters.into_iter().enumerate() {
            let mj = (m >> (16 * j)) as u16;
            let packed = _mm512_maskz_compress_epi32(mj, _mm512_cvtepi8_epi32(q));
            let dst: &mut [i32; 16] = (&mut out[n..n + 16]).try_into().unwrap();
            // SAFETY: `dst` is 64 writable bytes; `storeu` has no alignment requirement.
            unsafe { _mm512_storeu_si512(dst.as_mut_ptr().cast(), packed) };
            n += (POPCOUNT[mj as u8 as usize] + POPCOUNT[(mj >> 8) as usize]) as usize;
        }
        pos += 32;
    }
    n + super::super::avx2::sample::rej_eta(eta, &mut out[n..], &buf[pos..])
}
