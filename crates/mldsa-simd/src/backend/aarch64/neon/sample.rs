//! RejNTTPoly's candidate parsing (FIPS 204, Algorithm 30 with CoeffFromThreeBytes,
//! Algorithm 14) with NEON, identical to `mldsa_core::kernel::reference::rej_uniform` (same count, same
//! values, nothing written past the count).
//!
//! Eight 3-byte candidates (24 bytes) per step, as two halves of four: a table lookup (`tbl`)
//! spreads candidate i into lane i, a compare with q gives a 4-bit accept mask, a 16-entry table
//! turns the mask into the byte shuffle that packs the accepted lanes to the front, and a
//! bit-select against the current contents of `out` writes exactly those lanes. The candidates
//! and their acceptance are public (ExpandA of ρ), so indexing the table by the mask leaks
//! nothing secret. The scalar kernel finishes the tail (fewer than 24 bytes, or fewer than 8
//! free outputs).
//!
//! RejBoundedPoly's parsing (Algorithms 31 and 15) works the same way on 8 half-bytes (4 bytes)
//! per step. The accepted values are secret; the accept mask (which half-bytes are rejected) is
//! what the portable kernel's timing reveals too, is independent of the accepted values, and is
//! declassified through mldsa-core's one declassification point before it selects anything.

use super::load_bytes;
use core::arch::aarch64::*;
use mldsa_core::kernel::Q;

/// For each 4-bit accept mask: the byte indices (for `tbl`) of the accepted 32-bit lanes, in
/// order, then out-of-range indices (which give zero bytes).
const COMPACT: [[u8; 16]; 16] = {
    let mut t = [[0xff; 16]; 16];
    let mut m = 0;
    while m < 16 {
        let (mut k, mut i) = (0usize, 0u8);
        while i < 4 {
            if (m >> i) & 1 == 1 {
                let mut b = 0;
                while b < 4 {
                    t[m][4 * k + b] = 4 * i + b as u8;
                    b += 1;
                }
                k += 1;
            }
            i += 1;
        }
        m += 1;
    }
    t
};

/// `tbl` indices putting the 3-byte candidate at byte `base + 3i` of a 16-byte load into lane
/// i, zero-extended (index 0xff gives 0).
const fn spread(base: u8) -> [u8; 16] {
    let mut s = [0xff; 16];
    let mut i = 0;
    while i < 4 {
        let mut j = 0;
        while j < 3 {
            s[4 * i + j] = base + 3 * i as u8 + j as u8;
            j += 1;
        }
        i += 1;
    }
    s
}

/// Candidates 0-3 from the load at byte 0 of a 24-byte step.
const SPREAD_LO: [u8; 16] = spread(0);
/// Candidates 4-7 (bytes 12..24) from the load at byte 8.
const SPREAD_HI: [u8; 16] = spread(4);

/// The 4-bit mask of the lanes of `accept` (all-ones or zero per lane): bit i = lane i.
#[inline]
#[target_feature(enable = "neon")]
fn lane_mask(accept: uint32x4_t) -> usize {
    const BITS: [u32; 4] = [1, 2, 4, 8];
    // SAFETY: BITS is 16 readable bytes.
    let bits = unsafe { vld1q_u32(BITS.as_ptr()) };
    vaddvq_u32(vandq_u32(accept, bits)) as usize
}

/// Packs the lanes of `v` selected by the 4-bit `mask` to the front and writes exactly those
/// (`mask.count_ones()` values) to `dst`, leaving its other lanes as they were. Returns the
/// count.
#[inline]
#[target_feature(enable = "neon")]
fn compact_store(dst: &mut [i32; 4], v: int32x4_t, mask: usize) -> usize {
    const IOTA: [u32; 4] = [0, 1, 2, 3];
    let count = mask.count_ones() as usize;
    let packed = vqtbl1q_u8(vreinterpretq_u8_s32(v), load_bytes(&COMPACT[mask]));
    // SAFETY: IOTA is 16 readable bytes.
    let iota = unsafe { vld1q_u32(IOTA.as_ptr()) };
    let first = vcltq_u32(iota, vdupq_n_u32(count as u32));
    let merged = vbslq_s32(first, vreinterpretq_s32_u8(packed), super::load(dst));
    super::store(dst, merged);
    count
}

/// `mldsa_core::kernel::reference::rej_uniform` with NEON (FIPS 204, Algorithm 30's inner loop).
#[target_feature(enable = "neon")]
pub(crate) fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
    let q = vdupq_n_u32(Q as u32);
    let mask23 = vdupq_n_u32(0x7f_ffff);
    let spread = [load_bytes(&SPREAD_LO), load_bytes(&SPREAD_HI)];
    let (mut n, mut pos) = (0, 0);
    while pos + 24 <= buf.len() && n + 8 <= out.len() {
        for (half, idx) in spread.iter().enumerate() {
            let bytes: &[u8; 16] = buf[pos + 8 * half..pos + 8 * half + 16].try_into().unwrap();
            let v = vandq_u32(
                vreinterpretq_u32_u8(vqtbl1q_u8(load_bytes(bytes), *idx)),
                mask23,
            );
            let m = lane_mask(vcltq_u32(v, q));
            let dst: &mut [i32; 4] = (&mut out[n..n + 4]).try_into().unwrap();
            n += compact_store(dst, vreinterpretq_s32_u32(v), m);
        }
        pos += 24;
    }
    n + mldsa_core::kernel::reference::rej_uniform(&mut out[n..], &buf[pos..])
}

/// `tbl` indices turning bytes b0, b1 (at `first`, `first + 1`) into lanes [b0, b0, b1, b1].
const fn dup_bytes(first: u8) -> [u8; 16] {
    let mut s = [0xff; 16];
    let mut i = 0;
    while i < 4 {
        s[4 * i] = first + (i as u8 >> 1);
        i += 1;
    }
    s
}

const DUP_LO: [u8; 16] = dup_bytes(0);
const DUP_HI: [u8; 16] = dup_bytes(2);

/// [`rej_eta`] for one η (CoeffFromHalfByte, Algorithm 15: t < 15 ↦ 2 - t mod 5 for η = 2,
/// t < 9 ↦ 4 - t for η = 4).
#[inline]
#[target_feature(enable = "neon")]
fn rej_eta_with<const ETA: i32>(out: &mut [i32], buf: &[u8]) -> usize {
    // Lanes [low, high, low, high] half-byte of [b0, b0, b1, b1]: shift right by 0 or 4.
    const SHIFTS: [i32; 4] = [0, -4, 0, -4];
    // SAFETY: SHIFTS is 16 readable bytes.
    let shifts = unsafe { vld1q_s32(SHIFTS.as_ptr()) };
    let dup = [load_bytes(&DUP_LO), load_bytes(&DUP_HI)];
    let nibble = vdupq_n_u32(15);
    let limit = vdupq_n_u32(if ETA == 2 { 15 } else { 9 });
    let (mut n, mut pos) = (0, 0);
    while pos + 4 <= buf.len() && n + 8 <= out.len() {
        let word = u32::from_le_bytes([buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]]);
        let bytes = vreinterpretq_u8_u32(vdupq_n_u32(word));
        for idx in dup {
            let t = vandq_u32(
                vshlq_u32(vreinterpretq_u32_u8(vqtbl1q_u8(bytes, idx)), shifts),
                nibble,
            );
            let accept = vcltq_u32(t, limit);
            let t = vreinterpretq_s32_u32(t);
            let v = if ETA == 2 {
                // t mod 5 = t - 5·((205·t) >> 10) for t < 15.
                let quot = vshrq_n_s32::<10>(vmulq_n_s32(t, 205));
                vsubq_s32(vdupq_n_s32(2), vmlsq_n_s32(t, quot, 5))
            } else {
                vsubq_s32(vdupq_n_s32(4), t)
            };
            // Which half-bytes are accepted is made public (the same fact the portable kernel's
            // branches reveal); the accepted values stay secret.
            let mut mask = [lane_mask(accept) as u8];
            mldsa_core::kernel::declassify_bytes(&mut mask);
            let dst: &mut [i32; 4] = (&mut out[n..n + 4]).try_into().unwrap();
            n += compact_store(dst, v, mask[0] as usize);
        }
        pos += 4;
    }
    n + mldsa_core::kernel::reference::rej_eta(ETA, &mut out[n..], &buf[pos..])
}

/// `mldsa_core::kernel::reference::rej_eta` with NEON (FIPS 204, Algorithm 31's inner loop), η ∈ {2, 4}.
#[target_feature(enable = "neon")]
pub(crate) fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    if eta == 2 {
        rej_eta_with::<2>(out, buf)
    } else {
        rej_eta_with::<4>(out, buf)
    }
}
