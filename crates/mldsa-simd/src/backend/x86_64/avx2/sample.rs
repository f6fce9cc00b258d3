//! RejNTTPoly's candidate parsing (FIPS 204, Algorithms 30 and 14) with AVX2, identical to
//! `mldsa_core::kernel::reference::rej_uniform` (same count, same values; entries past the count are scratch).
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
//! RejBoundedPoly's parsing (Algorithms 31 and 15) works on bytes: 32 half-bytes of 16 input
//! bytes at a time, values from a register table, packed 8 at a time by a byte shuffle. The
//! accepted values are secret; the accept mask (which half-bytes are rejected) is what the
//! portable kernel's timing reveals too, and is independent of the accepted values.

use core::arch::x86_64::*;
use mldsa_core::kernel::{Q, SecretArray};

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

/// `mldsa_core::kernel::reference::rej_uniform` with AVX2.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
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
    n + mldsa_core::kernel::reference::rej_uniform(&mut out[n..], &buf[pos..])
}

/// For each 8-bit accept mask: the byte positions of its set bits, in order, then zeros (the
/// `_mm_shuffle_epi8` control that packs the accepted bytes of 8 to the front).
const COMPACT_BYTES: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut m = 0;
    while m < 256 {
        let (mut k, mut i) = (0, 0u64);
        while i < 8 {
            if (m >> i) & 1 == 1 {
                t[m] |= i << (8 * k);
                k += 1;
            }
            i += 1;
        }
        m += 1;
    }
    t
};

/// ExpandS values η - (t mod (2η + 1)) for half-byte t, η = 2 then η = 4 (entries for rejected
/// t are never kept), as the `_mm_shuffle_epi8` table that maps t to its value in a register.
pub(crate) const ETA_VALUES: [[i8; 16]; 2] = {
    let mut t = [[0i8; 16]; 2];
    let mut v = 0;
    while v < 16 {
        let mut r = v;
        while r >= 5 {
            r -= 5;
        }
        t[0][v] = 2 - r as i8;
        t[1][v] = 4 - v as i8;
        v += 1;
    }
    t
};

/// The 32 half-byte candidates of 16 bytes (byte i gives candidates 2i, its low half, and
/// 2i + 1): their ExpandS values as bytes (candidates 0-15, 16-31) and the 32-bit mask of the
/// accepted ones (t < 15 for η = 2, t < 9 for η = 4). The values are looked up in a register
/// (`pshufb`), never in memory at a secret index.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
fn eta_candidates(eta: i32, bytes: &[u8]) -> ([__m128i; 2], u32) {
    let chunk: &[u8; 16] = bytes[..16].try_into().unwrap();
    // SAFETY: `chunk` is 16 readable bytes; `loadu` has no alignment requirement.
    let b = unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) };
    let nibble = _mm_set1_epi8(15);
    let lo = _mm_and_si128(b, nibble);
    let hi = _mm_and_si128(_mm_srli_epi16::<4>(b), nibble);
    let t = [_mm_unpacklo_epi8(lo, hi), _mm_unpackhi_epi8(lo, hi)];
    let (limit, table) = if eta == 2 {
        (15, &ETA_VALUES[0])
    } else {
        (9, &ETA_VALUES[1])
    };
    let limit = _mm_set1_epi8(limit);
    // SAFETY: each table row is 16 readable bytes.
    let table = unsafe { _mm_loadu_si128(table.as_ptr().cast()) };
    let mask = |t| _mm_movemask_epi8(_mm_cmpgt_epi8(limit, t)) as u32 & 0xffff;
    (
        t.map(|t| _mm_shuffle_epi8(table, t)),
        mask(t[0]) | (mask(t[1]) << 16),
    )
}

/// Packs the accepted ones of the 8 byte values in the low half of `v` (mask `m`, already
/// public) to `out[n..]` as i32, storing all 8 lanes (the ones past the count are scratch);
/// the new count.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
fn compact_bytes(out: &mut [i32], n: usize, v: __m128i, m: u8) -> usize {
    let packed = _mm_shuffle_epi8(v, _mm_cvtsi64_si128(COMPACT_BYTES[m as usize] as i64));
    let dst: &mut [i32; 8] = (&mut out[n..n + 8]).try_into().unwrap();
    super::store(dst, _mm256_cvtepi8_epi32(packed));
    n + m.count_ones() as usize
}

/// Stores the accepted ones of 32 candidates (`vals`, mask `m`, public) from `out[n..]`.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
fn compact_32(out: &mut [i32], mut n: usize, vals: [__m128i; 2], m: u32) -> usize {
    for (j, v) in vals.into_iter().enumerate() {
        n = compact_bytes(out, n, v, (m >> (16 * j)) as u8);
        n = compact_bytes(out, n, _mm_srli_si128::<8>(v), (m >> (16 * j + 8)) as u8);
    }
    n
}

/// Packs the accepted lanes of `v` (mask `m`, already public) to `out[n..]`, storing all 8
/// lanes (the ones past the count are scratch); the new count.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
fn compact_store(out: &mut [i32], n: usize, v: __m256i, m: u8) -> usize {
    // SAFETY: COMPACT rows are 32 readable bytes.
    let perm = unsafe { _mm256_loadu_si256(COMPACT[m as usize].as_ptr().cast()) };
    let dst: &mut [i32; 8] = (&mut out[n..n + 8]).try_into().unwrap();
    super::store(dst, _mm256_permutevar8x32_epi32(v, perm));
    n + m.count_ones() as usize
}

/// `mldsa_core::kernel::reference::rej_eta` with AVX2 (η ∈ {2, 4}).
///
/// Candidates are handled as bytes: 16 input bytes give 32 half-bytes, their values come from
/// a 16-entry register table, and each 8 are packed by a byte shuffle and widened to i32.
/// Which half-bytes are accepted is made public through mldsa-core's declassification point
/// before it indexes the tables and sets the count (the fact the portable kernel's branches
/// reveal); the accepted values stay secret. While at least 64 outputs are free, 32 bytes (64
/// masks) go through one declassification call; while at least 32 are free, 16 bytes go
/// straight to `out` the same way (each of its four 8-lane stores writes 8 entries from the
/// count so far, which grows by at most 24 before the last). The rest goes 16 bytes at a time
/// (the last chunk padded with 0xff: half-byte 15 is rejected for both η) through a scratch
/// buffer of which as much as fits is kept, so the final chunk may reveal the masks of up to
/// 31 half-bytes past the point where `out` is full: XOF output no coefficient uses,
/// independent of the key.
#[inline]
#[target_feature(enable = "avx2,popcnt")]
pub(crate) fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    let (mut n, mut pos) = (0, 0);
    while pos + 32 <= buf.len() && n + 64 <= out.len() {
        let (a, ma) = eta_candidates(eta, &buf[pos..]);
        let (b, mb) = eta_candidates(eta, &buf[pos + 16..]);
        let m = mldsa_core::kernel::declassify_u64(ma as u64 | ((mb as u64) << 32));
        n = compact_32(out, n, a, m as u32);
        n = compact_32(out, n, b, (m >> 32) as u32);
        pos += 32;
    }
    while pos + 16 <= buf.len() && n + 32 <= out.len() {
        let (a, ma) = eta_candidates(eta, &buf[pos..]);
        let m = mldsa_core::kernel::declassify_u64(ma as u64) as u32;
        n = compact_32(out, n, a, m);
        pos += 16;
    }
    let mut chunk = SecretArray([0xffu8; 16]);
    let mut scratch = SecretArray([0i32; 40]);
    while pos < buf.len() && n < out.len() {
        let len = (buf.len() - pos).min(16);
        chunk[..len].copy_from_slice(&buf[pos..pos + len]);
        chunk[len..].fill(0xff);
        let (a, ma) = eta_candidates(eta, &chunk[..]);
        let m = mldsa_core::kernel::declassify_u64(ma as u64) as u32;
        let kept = compact_32(&mut scratch[..], 0, a, m).min(out.len() - n);
        out[n..n + kept].copy_from_slice(&scratch[..kept]);
        n += kept;
        pos += len;
    }
    n
}
