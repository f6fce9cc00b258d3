//! Bit packing with NEON (FIPS 204, Algorithms 16-19), identical to mldsa-core's `encode.rs`:
//! BitUnpack / BitPack of z (18- or 20-bit fields), SimpleBitUnpack / SimpleBitPack of t1
//! (10 bits) and SimpleBitPack of w1 (4 or 6 bits). Four fields per vector, `BITS / 2` bytes
//! (every width here is even, so four fields are whole bytes).
//!
//! Unpacking: a table lookup (`tbl`) gives lane j the 3 bytes from ⌊BITS·j/8⌋, a per-lane
//! shift (`ushl` by a negative count) aligns its field and a mask keeps `BITS` bits; the
//! 16-byte windows of the last groups would read past the buffer, so those come from a
//! zero-padded copy. Packing: each 64-bit lane joins its two fields into f0 | f1 << BITS, the
//! upper lane shifted by (2·`BITS`) mod 8 more, and two lookups place the lanes' bytes, which
//! are ORed (they share at most one byte, in disjoint bits).

use super::{load, load_bytes, store};
use crate::backend::bitpack::{pack_lanes, pack_shift, unpack_lanes};
use core::arch::aarch64::*;
use mldsa_core::kernel::{GAMMA2_Q88, Poly};

/// The unpacking lookup and lane shifts (`unpack_lanes`), the shifts negated: `ushl` by a
/// negative count shifts right.
const fn unpack_controls(bits: usize) -> ([u8; 16], [i32; 4]) {
    let (ctrl, mut shift) = unpack_lanes(bits);
    let mut j = 0;
    while j < 4 {
        shift[j] = -shift[j];
        j += 1;
    }
    (ctrl, shift)
}

/// Unpacks 256 `BITS`-bit fields of `buf` (32·BITS bytes) into `a`, storing `base - v` when
/// `base` is given (BitUnpack's b - v) and `v` otherwise.
#[inline]
#[target_feature(enable = "neon")]
fn unpack<const BITS: usize>(a: &mut Poly, buf: &[u8], base: Option<i32>) {
    let (ctrl, shift) = const { unpack_controls(BITS) };
    let (ctrl, shift) = (load_bytes(&ctrl), load(&shift));
    let mask = vdupq_n_u32((1 << BITS) - 1);
    let half = BITS >> 1;
    let groups = a.coeffs.as_chunks_mut::<4>().0;
    // Groups whose 16-byte window ends inside `buf`; the rest (at most 3) go through `pad`.
    #[allow(
        clippy::integer_division_remainder_used,
        reason = "a public buffer length over a constant"
    )]
    let direct = groups.len().min((buf.len() - 16) / half + 1);
    let mut pad = [0u8; 3 * 10 + 16];
    let tail = &buf[direct * half..];
    pad[..tail.len()].copy_from_slice(tail);
    for (g, out) in groups.iter_mut().enumerate() {
        let window: &[u8; 16] = if g < direct {
            buf[g * half..g * half + 16].try_into().unwrap()
        } else {
            pad[(g - direct) * half..(g - direct) * half + 16]
                .try_into()
                .unwrap()
        };
        let v = vreinterpretq_u32_u8(vqtbl1q_u8(load_bytes(window), ctrl));
        let v = vreinterpretq_s32_u32(vandq_u32(vshlq_u32(v, shift), mask));
        store(
            out,
            match base {
                Some(b) => vsubq_s32(vdupq_n_s32(b), v),
                None => v,
            },
        );
    }
}

/// `mldsa_core::kernel::unpack_z`: γ1 - v for 18-bit (γ1 = 2^17) or 20-bit (γ1 = 2^19) fields.
#[target_feature(enable = "neon")]
pub(crate) fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) {
    let base = Some(1 << gamma1_bits);
    if gamma1_bits == 17 {
        unpack::<18>(z, buf, base)
    } else {
        unpack::<20>(z, buf, base)
    }
}

/// SimpleBitUnpack(·, 2^10 - 1) for pkDecode.
#[target_feature(enable = "neon")]
pub(crate) fn unpack_t1(t1: &mut Poly, buf: &[u8]) {
    unpack::<10>(t1, buf, None)
}

/// Packs the 256 `BITS`-bit fields of `a` (after `base - v` when `base` is given, else `v`;
/// each in [0, 2^`BITS`), `BITS` even and ≤ 20) into `out` (32·`BITS` bytes).
#[inline]
#[target_feature(enable = "neon")]
fn pack<const BITS: usize>(out: &mut [u8], a: &Poly, base: Option<i32>) {
    let half = BITS >> 1;
    let (lo_ctrl, hi_ctrl) = const { pack_lanes(BITS) };
    let (lo_ctrl, hi_ctrl) = (load_bytes(&lo_ctrl), load_bytes(&hi_ctrl));
    // f0 moves by the lane's shift, f1 by BITS more.
    let s = pack_shift(BITS) as i64;
    // SAFETY: both arrays are 16 readable bytes; `ld1` needs only the elements' alignment.
    let (f0_shift, f1_shift) = unsafe {
        (
            vld1q_s64([0, s].as_ptr()),
            vld1q_s64([BITS as i64, BITS as i64 + s].as_ptr()),
        )
    };
    let low32 = vdupq_n_u64(0xffff_ffff);
    for (bytes, group) in out.chunks_exact_mut(half).zip(a.coeffs.as_chunks::<4>().0) {
        let v = load(group);
        let v = match base {
            Some(b) => vsubq_s32(vdupq_n_s32(b), v),
            None => v,
        };
        let v = vreinterpretq_u64_s32(v);
        let p = vorrq_u64(
            vshlq_u64(vandq_u64(v, low32), f0_shift),
            vshlq_u64(vshrq_n_u64::<32>(v), f1_shift),
        );
        let p = vreinterpretq_u8_u64(p);
        let x = vorrq_u8(vqtbl1q_u8(p, lo_ctrl), vqtbl1q_u8(p, hi_ctrl));
        let mut tmp = [0u8; 16];
        // SAFETY: `tmp` is 16 writable bytes; `st1` has no alignment requirement for bytes.
        unsafe { vst1q_u8(tmp.as_mut_ptr(), x) };
        bytes.copy_from_slice(&tmp[..half]);
    }
}

/// `mldsa_core::kernel::pack_z`: γ1 - z in 18-bit (γ1 = 2^17) or 20-bit (γ1 = 2^19) fields.
/// In: z in (-γ1, γ1].
#[target_feature(enable = "neon")]
pub(crate) fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) {
    let base = Some(1 << gamma1_bits);
    if gamma1_bits == 17 {
        pack::<18>(out, z, base)
    } else {
        pack::<20>(out, z, base)
    }
}

/// BitPack of s1 and s2 for skEncode: mldsa-core's packer, not specialised (3-bit fields are
/// not whole bytes per vector of four, the layout `pack` needs), compiled with NEON.
#[target_feature(enable = "neon")]
pub(crate) fn pack_eta(eta: i32, out: &mut [u8], s: &Poly) {
    mldsa_core::kernel::reference::pack_eta(eta, out, s)
}

/// BitPack of t0 for skEncode: mldsa-core's packer, not specialised (13-bit fields are not
/// whole bytes per vector of four, the layout `pack` needs), compiled with NEON.
#[target_feature(enable = "neon")]
pub(crate) fn pack_t0(out: &mut [u8], t0: &Poly) {
    mldsa_core::kernel::reference::pack_t0(out, t0)
}

/// SimpleBitPack(t1, 2^10 - 1) for pkEncode (Algorithm 22). In: t1 in [0, 2^10).
#[target_feature(enable = "neon")]
pub(crate) fn pack_t1(out: &mut [u8], t1: &Poly) {
    pack::<10>(out, t1, None)
}

/// SimpleBitPack(w1, (q-1)/(2γ2) - 1) (Algorithm 16) for w1Encode (Algorithm 28): 6 bits for
/// γ2 = (q-1)/88, 4 for (q-1)/32. In: w1 in [0, (q-1)/(2γ2)).
#[target_feature(enable = "neon")]
pub(crate) fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) {
    if gamma2 == GAMMA2_Q88 {
        pack::<6>(out, w1, None)
    } else {
        pack::<4>(out, w1, None)
    }
}
