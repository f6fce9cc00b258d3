//! Rejection sampling (FIPS 204, Algorithms 30-31): AVX-512 F/BW kernels for the bulk of
//! RejNTTPoly's and RejBoundedPoly's parsing, the AVX2 kernels for the rest.

use super::super::avx2::sample::ETA_VALUES;
use core::arch::x86_64::*;
use mldsa_core::kernel::Q;

/// `mldsa_core::kernel::reference::rej_uniform` with AVX-512 F/BW.
///
/// 48 input bytes (16 three-byte candidates) at a time while 16 outputs are free: one masked
/// load, a `vpermd` giving each 128-bit lane the 12 bytes of its four candidates, a `vpshufb`
/// putting candidate i in 32-bit lane i, the 23-bit mask, a compare with q into a 16-bit
/// mask, and `vpcompressd` packing the accepted lanes into a register stored whole (the lanes
/// past the count are scratch the next store overwrites, as the seam allows); the count
/// advances by the `popcnt` of the mask. The candidates and their acceptance are public
/// (ExpandA of ρ). The AVX2 kernel takes the rest.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw,popcnt")]
pub(super) fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
    let q = _mm512_set1_epi32(Q);
    let mask23 = _mm512_set1_epi32(0x7f_ffff);
    // Lane j of 128 bits: dwords 3j, 3j + 1, 3j + 2 (its 12 bytes), then one it ignores.
    let spread_dwords = _mm512_setr_epi32(0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11);
    // Within each 128-bit lane: bytes 3i, 3i + 1, 3i + 2 of candidate i, then a zero byte.
    let spread_bytes = _mm512_broadcast_i32x4(_mm_setr_epi8(
        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
    ));
    let (mut n, mut pos) = (0, 0);
    while pos + 48 <= buf.len() && n + 16 <= out.len() {
        let chunk: &[u8; 48] = buf[pos..pos + 48].try_into().unwrap();
        // SAFETY: the mask selects the 48 bytes of `chunk`; masked-off bytes are not accessed.
        let v = unsafe { _mm512_maskz_loadu_epi8(0x0000_ffff_ffff_ffff, chunk.as_ptr().cast()) };
        let v = _mm512_permutexvar_epi32(spread_dwords, v);
        let v = _mm512_and_si512(_mm512_shuffle_epi8(v, spread_bytes), mask23);
        let accept = _mm512_cmplt_epi32_mask(v, q);
        let dst: &mut [i32; 16] = (&mut out[n..n + 16]).try_into().unwrap();
        // SAFETY: `dst` is 64 writable bytes; `storeu` has no alignment requirement.
        unsafe {
            _mm512_storeu_si512(
                dst.as_mut_ptr().cast(),
                _mm512_maskz_compress_epi32(accept, v),
            )
        };
        // One `popcnt`: two table loads and an add instead ran 39 against 29 ns per ExpandA
        // polynomial (840 bytes) on Zen 4.
        n += accept.count_ones() as usize;
        pos += 48;
    }
    n + super::super::avx2::sample::rej_uniform(&mut out[n..], &buf[pos..])
}

/// `mldsa_core::kernel::reference::rej_eta` with AVX-512 F/BW (η ∈ {2, 4}).
///
/// Up to 32 input bytes at a time, the whole buffer: a masked load (bytes past the buffer read
/// as 0xff: half-byte 15 is rejected for both η) widened to 16-bit lanes, each lane's two
/// half-bytes become the bytes 2i and 2i + 1 (candidate order), one `vpshufb` maps them to
/// their values through a register table, one byte compare gives the 64-bit accept mask,
/// which is made public through mldsa-core's declassification point (the fact the portable
/// kernel's branches reveal), and each 16 values are widened to 32 bits, packed by
/// `vpcompressd` in a register and stored with a write mask of as many lanes as are accepted
/// and fit in `out`. So a short block tail (8 bytes of SHAKE256's 136) and the last entries
/// of a polynomial cost one more step, not a detour through a scratch buffer. The count
/// advances by the `popcnt` of the public mask. The last chunk may reveal the masks of up
/// to 63 half-bytes past the point where `out` is full: XOF output no coefficient uses,
/// independent of the key.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw,popcnt")]
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
    let rejected = _mm256_set1_epi8(-1);
    let mut n = 0;
    for chunk in buf.chunks(32) {
        if n == out.len() {
            break;
        }
        let bytes = u32::MAX >> (32 - chunk.len());
        // SAFETY: the mask selects the `chunk.len()` bytes of `chunk`; masked-off bytes are
        // not accessed.
        let v = unsafe { _mm256_mask_loadu_epi8(rejected, bytes, chunk.as_ptr().cast()) };
        let w = _mm512_cvtepu8_epi16(v);
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
            let count = mj.count_ones() as usize;
            let kept = count.min(out.len() - n);
            let dst = &mut out[n..n + kept];
            // SAFETY: the write mask selects the first `kept` lanes, which are `dst`'s
            // 4 · `kept` writable bytes; masked-off lanes are not accessed.
            unsafe {
                _mm512_mask_storeu_epi32(
                    dst.as_mut_ptr().cast(),
                    ((1u32 << kept) - 1) as u16,
                    packed,
                )
            };
            n += kept;
        }
    }
    n
}
