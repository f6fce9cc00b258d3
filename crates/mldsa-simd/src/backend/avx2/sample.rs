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
        let m = _mm256_movemask_ps(_mm256_castsi256_ps(accept)) as u8;
        n = compact_store(out, n, v, m);
        pos += 24;
    }
    n + mldsa_core::sample::rej_uniform(&mut out[n..], &buf[pos..])
}

/// Half-byte candidates t of 4 bytes (lane 2i = low half of byte i, lane 2i + 1 = its high
/// half), their ExpandS values η - (t mod (2η + 1)) and the 8-bit mask of the accepted lanes
/// (t < 15 for η = 2, t < 9 for η = 4).
#[inline]
#[target_feature(enable = "avx2")]
fn eta_group(eta: i32, bytes: &[u8]) -> (__m256i, u8) {
    let dup = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3);
    let shifts = _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4);
    let word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let spread = _mm256_cvtepu8_epi32(_mm_cvtsi32_si128(word as i32));
    let t = _mm256_and_si256(
        _mm256_srlv_epi32(_mm256_permutevar8x32_epi32(spread, dup), shifts),
        _mm256_set1_epi32(15),
    );
    let limit = _mm256_set1_epi32(if eta == 2 { 15 } else { 9 });
    let accept = _mm256_cmpgt_epi32(limit, t);
    let rem = if eta == 2 {
        // t mod 5 = t - 5·((205·t) >> 10) for t < 15.
        let quot = _mm256_srli_epi32::<10>(_mm256_mullo_epi32(t, _mm256_set1_epi32(205)));
        _mm256_sub_epi32(t, _mm256_mullo_epi32(quot, _mm256_set1_epi32(5)))
    } else {
        t
    };
    let v = _mm256_sub_epi32(_mm256_set1_epi32(eta), rem);
    (v, _mm256_movemask_ps(_mm256_castsi256_ps(accept)) as u8)
}

/// Packs the accepted lanes of `v` (mask `m`, already public) to `out[n..]`, storing all 8
/// lanes (the ones past the count are scratch); the new count.
#[inline]
#[target_feature(enable = "avx2")]
fn compact_store(out: &mut [i32], n: usize, v: __m256i, m: u8) -> usize {
    // SAFETY: COMPACT rows are 32 readable bytes.
    let perm = unsafe { _mm256_loadu_si256(COMPACT[m as usize].as_ptr().cast()) };
    let dst: &mut [i32; 8] = (&mut out[n..n + 8]).try_into().unwrap();
    super::store(dst, _mm256_permutevar8x32_epi32(v, perm));
    n + m.count_ones() as usize
}

/// `mldsa_core::sample::rej_eta` with AVX2 (η ∈ {2, 4}).
///
/// Which half-bytes are accepted is made public through mldsa-core's declassification point
/// before it indexes the table and sets the count (the fact the portable kernel's branches
/// reveal); the accepted values stay secret. While at least 64 outputs are free, 32 bytes
/// (eight groups) go through one declassification call, which costs more than a group's
/// arithmetic; every group of such a chunk is consumed, so exactly the masks of the half-bytes
/// the kernel reads are revealed. Near the end, groups go one at a time, then the scalar
/// kernel takes the tail.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    let (mut n, mut pos) = (0, 0);
    while pos + 32 <= buf.len() && n + 64 <= out.len() {
        let mut vs = [_mm256_setzero_si256(); 8];
        let mut masks = 0u64;
        for (g, v) in vs.iter_mut().enumerate() {
            let m;
            (*v, m) = eta_group(eta, &buf[pos + 4 * g..]);
            masks |= (m as u64) << (8 * g);
        }
        let masks = mldsa_core::ct::declassify_u64(masks);
        for (g, v) in vs.iter().enumerate() {
            n = compact_store(out, n, *v, (masks >> (8 * g)) as u8);
        }
        pos += 32;
    }
    while pos + 4 <= buf.len() && n + 8 <= out.len() {
        let (v, m) = eta_group(eta, &buf[pos..]);
        let mut mask = [m];
        mldsa_core::ct::declassify_bytes(&mut mask);
        n = compact_store(out, n, v, mask[0]);
        pos += 4;
    }
    n + mldsa_core::sample::rej_eta(eta, &mut out[n..], &buf[pos..])
}
