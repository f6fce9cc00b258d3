//! Bit packing with AVX2 (FIPS 204, Algorithms 16-19), identical to mldsa-core's `encode.rs`:
//! unpacking z from a signature or from ExpandMask's output (BitUnpack with γ1 = 2^17 or 2^19:
//! 18- or 20-bit fields) and t1 from a public key (SimpleBitUnpack, 10-bit fields); packing w1
//! for the commitment hash (SimpleBitPack, 4- or 6-bit fields), z for the signature (BitPack,
//! 18 or 20 bits), t1 for the public key (10 bits), and s1, s2 and t0 for the private key
//! (3 or 4 bits, 13 bits).
//!
//! Eight coefficients (`BITS` bytes) per step: coefficients 0-3 come from a 16-byte window at
//! the group's start and 4-7 from one `BITS / 2` bytes on (4·BITS bits is a whole number of
//! bytes, so the second half starts on a byte). A byte shuffle gives each 32-bit lane the 3
//! bytes holding its field, a per-lane shift (`vpsrlvd`) aligns it and a mask keeps `BITS`
//! bits. The windows of the last groups would read past the buffer, so those groups are read
//! from a zero-padded copy.

use super::{load_bytes, store};
use crate::backend::bitpack::{pack_lanes, pack_shift, unpack_lanes};
use core::arch::x86_64::*;
use mldsa_core::kernel::{GAMMA2_Q88, Poly};

/// The 16-byte table `t` in both 128-bit halves, as `pshufb` operands.
const fn both_halves(t: [u8; 16]) -> [i8; 32] {
    let mut out = [0i8; 32];
    let mut k = 0;
    while k < 32 {
        out[k] = t[k & 15] as i8;
        k += 1;
    }
    out
}

/// The unpacking shuffle and lane shifts (`unpack_lanes`) for both halves.
const fn controls(bits: usize) -> ([i8; 32], [i32; 8]) {
    let (ctrl, shift) = unpack_lanes(bits);
    let mut shifts = [0i32; 8];
    let mut j = 0;
    while j < 8 {
        shifts[j] = shift[j & 3];
        j += 1;
    }
    (both_halves(ctrl), shifts)
}

/// Unpacks 256 `BITS`-bit fields of `buf` (32·BITS bytes) into `a`, storing `base - v` when
/// `base` is given (BitUnpack's b - v) and `v` otherwise.
#[inline]
#[target_feature(enable = "avx2")]
fn unpack<const BITS: usize>(a: &mut Poly, buf: &[u8], base: Option<i32>) {
    let (ctrl, shift) = const { controls(BITS) };
    let (ctrl, shift) = (load_bytes(&ctrl), super::load(&shift));
    let mask = _mm256_set1_epi32((1 << BITS) - 1);
    let groups = a.coeffs.as_chunks_mut::<8>().0;
    // Groups whose second window ends inside `buf`; the rest (at most 2) go through `pad`.
    #[allow(
        clippy::integer_division_remainder_used,
        reason = "a public buffer length over a constant"
    )]
    let direct = groups.len().min((buf.len() - (BITS >> 1) - 16) / BITS + 1);
    let mut pad = [0u8; 2 * 20 + 16];
    let tail = &buf[direct * BITS..];
    pad[..tail.len()].copy_from_slice(tail);
    let step = |out: &mut [i32; 8], window: &[u8]| {
        let window = &window[..(BITS >> 1) + 16];
        // SAFETY: `window` has BITS/2 + 16 bytes, so both 16-byte loads stay inside it.
        let (lo, hi) = unsafe {
            (
                _mm_loadu_si128(window.as_ptr().cast()),
                _mm_loadu_si128(window[BITS >> 1..].as_ptr().cast()),
            )
        };
        let v = _mm256_shuffle_epi8(_mm256_set_m128i(hi, lo), ctrl);
        let v = _mm256_and_si256(_mm256_srlv_epi32(v, shift), mask);
        store(
            out,
            match base {
                Some(b) => _mm256_sub_epi32(_mm256_set1_epi32(b), v),
                None => v,
            },
        );
    };
    // The groups read in place, then the rest from `pad`: two loops, so the one over almost
    // all groups does not choose its source per group (a loop that did ran unpack_z in
    // 67 ns on an Intel Xeon, against 38).
    let (head, rest) = groups.split_at_mut(direct);
    for (g, out) in head.iter_mut().enumerate() {
        step(out, &buf[g * BITS..]);
    }
    for (g, out) in rest.iter_mut().enumerate() {
        step(out, &pad[g * BITS..]);
    }
}

/// `mldsa_core::kernel::unpack_z`: γ1 - v for 18-bit (γ1 = 2^17) or 20-bit (γ1 = 2^19) fields.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) {
    let base = Some(1 << gamma1_bits);
    if gamma1_bits == 17 {
        unpack::<18>(z, buf, base)
    } else {
        unpack::<20>(z, buf, base)
    }
}

/// SimpleBitUnpack(·, 2^10 - 1) for pkDecode.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn unpack_t1(t1: &mut Poly, buf: &[u8]) {
    unpack::<10>(t1, buf, None)
}

/// SimpleBitPack of `a` (coefficients in [0, 2^`bits`), `bits` ≤ 8; after `base - v` when
/// `base` is given, else `v`) into `out` (32·`bits` bytes). Branch-free and without lookups
/// by value, so also for secret coefficients (η). Eight coefficients (`bits` bytes) per step:
/// in each 64-bit lane the odd
/// coefficient moves next to the even one (2·`bits` bits), the four lanes shift to offsets
/// 0, 2, 4 and 6 times `bits` and are ORed into one word, whose low `bits` bytes are the
/// group's encoding.
#[inline]
#[target_feature(enable = "avx2")]
fn pack_small(out: &mut [u8], a: &Poly, bits: i64, base: Option<i32>) {
    let odd_down = _mm256_set1_epi64x(32 - bits);
    let pair_mask = _mm256_set1_epi64x((1 << (2 * bits)) - 1);
    let offsets = _mm256_set_epi64x(6 * bits, 4 * bits, 2 * bits, 0);
    let groups = a.coeffs.as_chunks::<8>().0;
    for (bytes, group) in out.chunks_exact_mut(bits as usize).zip(groups) {
        let v = super::load(group);
        let v = match base {
            Some(b) => _mm256_sub_epi32(_mm256_set1_epi32(b), v),
            None => v,
        };
        let pairs = _mm256_and_si256(
            _mm256_or_si256(v, _mm256_srlv_epi64(v, odd_down)),
            pair_mask,
        );
        let x = _mm256_sllv_epi64(pairs, offsets);
        let x = _mm256_or_si256(x, _mm256_unpackhi_epi64(x, x));
        let x = _mm_or_si128(_mm256_castsi256_si128(x), _mm256_extracti128_si256::<1>(x));
        let word = _mm_cvtsi128_si64(x) as u64;
        bytes.copy_from_slice(&word.to_le_bytes()[..bytes.len()]);
    }
}

/// SimpleBitPack(w1, (q-1)/(2γ2) - 1) (Algorithm 16) for w1Encode (Algorithm 28): 6 bits for
/// γ2 = (q-1)/88, 4 for (q-1)/32. In: w1 in [0, (q-1)/(2γ2)).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) {
    pack_small(out, w1, if gamma2 == GAMMA2_Q88 { 6 } else { 4 }, None)
}

/// BitPack(s, η, η) for skEncode: η - s in 3 bits (η = 2) or 4 bits (η = 4). In: s in
/// [-η, η].
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pack_eta(eta: i32, out: &mut [u8], s: &Poly) {
    pack_small(out, s, if eta == 2 { 3 } else { 4 }, Some(eta))
}

/// Packs the 256 `BITS`-bit fields of `a` (`BITS` even and ≤ 20, after `base - v` when `base`
/// is given, else `v`; each in [0, 2^`BITS`)) into `out` (32·`BITS` bytes); for the 4- and
/// 6-bit w1 fields `pack_small`'s one-word stores measured faster (6 bits: 33 against 48 ns). Per 128-bit half, four
/// fields (`BITS / 2` bytes): each 64-bit lane joins its two fields into p = f0 | f1 << BITS
/// (2·`BITS` ≤ 40 bits), in the upper lane shifted left by (2·`BITS`) mod 8 more so that it
/// starts on byte ⌊2·`BITS`/8⌋ of the output; two byte shuffles place the lanes' bytes, which
/// are ORed (they share at most that one byte, in disjoint bits).
#[inline]
#[target_feature(enable = "avx2")]
fn pack_wide<const BITS: usize>(out: &mut [u8], a: &Poly, base: Option<i32>) {
    let half = BITS >> 1;
    let (lo_ctrl, hi_ctrl) = const {
        let (lo, hi) = pack_lanes(BITS);
        (both_halves(lo), both_halves(hi))
    };
    let (lo_ctrl, hi_ctrl) = (load_bytes(&lo_ctrl), load_bytes(&hi_ctrl));
    let low32 = _mm256_set1_epi64x(0xffff_ffff);
    // f0 moves by the lane's shift, f1 by BITS more.
    let s = pack_shift(BITS) as i64;
    let f0_shift = _mm256_set_epi64x(s, 0, s, 0);
    let f1_shift = _mm256_add_epi64(f0_shift, _mm256_set1_epi64x(BITS as i64));
    let groups = a.coeffs.as_chunks::<8>().0;
    for (bytes, group) in out.chunks_exact_mut(BITS).zip(groups) {
        let v = super::load(group);
        let v = match base {
            Some(b) => _mm256_sub_epi32(_mm256_set1_epi32(b), v),
            None => v,
        };
        let p = _mm256_or_si256(
            _mm256_sllv_epi64(_mm256_and_si256(v, low32), f0_shift),
            _mm256_sllv_epi64(_mm256_srli_epi64::<32>(v), f1_shift),
        );
        let x = _mm256_or_si256(
            _mm256_shuffle_epi8(p, lo_ctrl),
            _mm256_shuffle_epi8(p, hi_ctrl),
        );
        let mut tmp = [0u8; 32];
        // SAFETY: `tmp` is 32 writable bytes; `storeu` has no alignment requirement.
        unsafe { _mm256_storeu_si256(tmp.as_mut_ptr().cast(), x) };
        bytes[..half].copy_from_slice(&tmp[..half]);
        bytes[half..].copy_from_slice(&tmp[16..16 + half]);
    }
}

/// `mldsa_core::kernel::pack_z`: γ1 - z in 18-bit (γ1 = 2^17) or 20-bit (γ1 = 2^19) fields.
/// In: z in (-γ1, γ1].
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) {
    let base = Some(1 << gamma1_bits);
    if gamma1_bits == 17 {
        pack_wide::<18>(out, z, base)
    } else {
        pack_wide::<20>(out, z, base)
    }
}

/// BitPack(t0, 2^12 - 1, 2^12) (Algorithm 17) for skEncode: 2^12 - t0 in 13-bit fields.
/// In: t0 in (-2^12, 2^12]. Thirteen bits are not a whole number of bytes per four fields, so
/// [`pack_wide`]'s per-half layout does not apply: per group of eight (13 bytes), each 64-bit
/// lane joins its two fields (26 bits), each 128-bit half joins its two lanes (52 bits), and
/// the two halves are joined and stored as two words (8 and 5 bytes). Measured on Zen 4:
/// 42 ns per polynomial, against 86 ns for mldsa-core's two-word packer.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pack_t0(out: &mut [u8], t0: &Poly) {
    let base = _mm256_set1_epi32(1 << 12);
    let pair_mask = _mm256_set1_epi64x((1 << 26) - 1);
    let groups = t0.coeffs.as_chunks::<8>().0;
    for (bytes, group) in out.chunks_exact_mut(13).zip(groups) {
        // Fields in [0, 2^13).
        let v = _mm256_sub_epi32(base, super::load(group));
        // f0 | f1 << 13: f1 sits at bit 32 of the lane, so a right shift by 19 brings it to 13.
        let p = _mm256_and_si256(_mm256_or_si256(v, _mm256_srli_epi64::<19>(v)), pair_mask);
        let q = _mm256_or_si256(p, _mm256_slli_epi64::<26>(_mm256_unpackhi_epi64(p, p)));
        let lo = _mm_cvtsi128_si64(_mm256_castsi256_si128(q)) as u64;
        let hi = _mm_cvtsi128_si64(_mm256_extracti128_si256::<1>(q)) as u64;
        bytes[..8].copy_from_slice(&(lo | hi << 52).to_le_bytes());
        bytes[8..].copy_from_slice(&(hi >> 12).to_le_bytes()[..5]);
    }
}

/// SimpleBitPack(t1, 2^10 - 1) for pkEncode (Algorithm 22). In: t1 in [0, 2^10).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn pack_t1(out: &mut [u8], t1: &Poly) {
    pack_wide::<10>(out, t1, None)
}
