//! RejNTTPoly's candidate parsing (FIPS 204, Algorithms 30 and 14) with AVX2, identical to
//! `mldsa_core::sample::rej_uniform` (same count, same values; entries past the count are scratch).
//!
//! Eight 3-byte candidates at a time: two overlapping 16-byte loads and a byte shuffle put
//! candidate i in lane i, a compare with q gives an 8-bit accept mask, a 256-entry table turns
//! the mask into the lane permutation that packs the accepted lanes to the front, and all 8
//! lanes are stored (the lanes past the count are scratch the next step overwrites; the seam
//! allows it, and AMD CPUs run AVX2's masked store `vpmaskmovd` as a slow microcoded
//! sequence). The candidates and their acceptance are public (ExpandA of ρ), so
//! indexing the table by the mask leaks nothing secret. The scalar kernel finishes the tail
//! (fewer than 24 bytes, or fewer than 8 free outputs).
//!
//! RejBoundedPoly's parsing (Algorithms 31 and 15) works the same way on 8 half-bytes (4 bytes)
//! at a time. The accepted values are secret; the accept mask (which half-bytes are rejected)
//! is what the portable kernel's timing reveals too, and is independent of the accepted values.

use core::arch::x86_64::*;
use mldsa_core::params::Q;

/// For each 8-bit accept mask: the lanes whose bit is set, in order, then zeros.
const COMPACT: [[i32; 8]; 256] = {
    let mut t = [[0; 8]; 256];
    let mut m = 0;
    while m < 256 {
        let (mut k, mut i) = (0usize, 0i32);
        while i < 8 {
            if (m >> i) & 1 == 1 {
                t[m][k] = i;
                k += 1;
            }
            i += 1;
        }
        m += 1;
    }
    t
};

/// Byte shuffle putting candidate i (bytes 3i..3i+3 of the 24) in lane i, zero-extended: the
/// low 128-bit half holds bytes 0..16, the high half bytes 8..24.
const SPREAD: [i8; 32] = {
    let mut s = [-1i8; 32];
    let mut i = 0;
    while i < 8 {
        let base = if i < 4 { 3 * i } else { 3 * i - 8 };
        let mut j = 0;
        while j < 3 {
            s[4 * i + j] = (base + j) as i8;
            j += 1;
        }
        i += 1;
    }
    s
};

/// `mldsa_core::sample::rej_uniform` with AVX2.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
    let q = _mm256_set1_epi32(Q);
    let mask23 = _mm256_set1_epi32(0x7f_ffff);
    // SAFETY: SPREAD is 32 readable bytes; `loadu` has no alignment requirement.
    let spread = unsafe { _mm256_loadu_si256(SPREAD.as_ptr().cast()) };
    let (mut n, mut pos) = (0, 0);
    while pos + 24 <= buf.len() && n + 8 <= out.len() {
        let chunk = &buf[pos..pos + 24];
        // SAFETY: `chunk` has 24 bytes: both 16-byte loads (at 0 and at 8) stay inside it.
        let (lo, hi) = unsafe {
            (
                _mm_loadu_si128(chunk.as_ptr().cast()),
                _mm_loadu_si128(chunk[8..].as_ptr().cast()),
            )
        };
        let v = _mm256_set_m128i(hi, lo);
        let v = _mm256_and_si256(_mm256_shuffle_epi8(v, spread), mask23);
        let accept = _mm256_cmpgt_epi32(q, v);
        let m = _mm256_movemask_ps(_mm256_castsi256_ps(accept)) as usize & 0xff;
        let count = m.count_ones() as usize;
        let idx = &COMPACT[m];
        // SAFETY: COMPACT rows are 32 readable bytes.
        let perm = unsafe { _mm256_loadu_si256(idx.as_ptr().cast()) };
        let packed = _mm256_permutevar8x32_epi32(v, perm);
        let dst: &mut [i32; 8] = (&mut out[n..n + 8]).try_into().unwrap();
        super::store(dst, packed);
        n += count;
        pos += 24;
    }
    n + mldsa_core::sample::rej_uniform(&mut out[n..], &buf[pos..])
}

/// `mldsa_core::sample::rej_eta` with AVX2 (η ∈ {2, 4}).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    let dup = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    let shifts = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
    let nibble = _mm256_set1_epi32(15);
    // Accept t < 15 (η = 2) or t < 9 (η = 4).
    let limit = _mm256_set1_epi32(if eta == 2 { 15 } else { 9 });
    let eta_v = _mm256_set1_epi32(eta);
    let (mut n, mut pos) = (0, 0);
    while pos + 4 <= buf.len() && n + 8 <= out.len() {
        let word = u32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]);
        let bytes = _mm256_cvtepu8_epi32(_mm_cvtsi32_si128(word as i32));
        // Lane 2i = low half of byte i, lane 2i + 1 = its high half.
        let t = _mm256_and_si256(
            _mm256_srlv_epi32(_mm256_permutevar8x32_epi32(bytes, dup), shifts),
            nibble,
        );
        let accept = _mm256_cmpgt_epi32(limit, t);
        let v = if eta == 2 {
            // t mod 5 = t - 5·((205·t) >> 10) for t < 15; value 2 - t mod 5.
            let quot = _mm256_srli_epi32::<10>(_mm256_mullo_epi32(t, _mm256_set1_epi32(205)));
            let rem = _mm256_sub_epi32(t, _mm256_mullo_epi32(quot, _mm256_set1_epi32(5)));
            _mm256_sub_epi32(eta_v, rem)
        } else {
            _mm256_sub_epi32(eta_v, t)
        };
        // Which half-bytes are accepted is made public through mldsa-core's declassification
        // point before it indexes the table and sets the count (the same fact the portable
        // kernel's branches reveal); the accepted values stay secret.
        let mut mask = [_mm256_movemask_ps(_mm256_castsi256_ps(accept)) as u8];
        mldsa_core::ct::declassify_bytes(&mut mask);
        let m = mask[0] as usize;
        let count = m.count_ones() as usize;
        // SAFETY: COMPACT rows are 32 readable bytes.
        let perm = unsafe { _mm256_loadu_si256(COMPACT[m].as_ptr().cast()) };
        let packed = _mm256_permutevar8x32_epi32(v, perm);
        let dst: &mut [i32; 8] = (&mut out[n..n + 8]).try_into().unwrap();
        super::store(dst, packed);
        n += count;
        pos += 4;
    }
    n + mldsa_core::sample::rej_eta(eta, &mut out[n..], &buf[pos..])
}
