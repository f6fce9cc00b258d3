//! Bit packing (FIPS 204, Algorithms 16-19) with AVX-512 VBMI byte permutes where CPUID has
//! VBMI: every packer and the z and t1 unpackers, sixteen fields per step. Without VBMI, the
//! AVX2 kernels (w1 and η packing and the unpackers compiled with AVX-512, the rest as they
//! are). Measured on an Intel Xeon (model 207): unpack_z 18 against 38 ns per polynomial.

use super::super::avx2::pack;
use crate::backend::select::VbmiToken;
use core::arch::x86_64::*;
use mldsa_core::kernel::{GAMMA2_Q88, Poly};

super::evex! {
    pack_w1_avx2(gamma2: i32, out: &mut [u8], w1: &Poly) = pack::pack_w1;
    pack_eta_avx2(eta: i32, out: &mut [u8], s: &Poly) = pack::pack_eta;
}

/// SimpleBitPack(w1, (q-1)/(2γ2) - 1) for w1Encode: 6 or 4 bits.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) {
    match (VbmiToken::detect(), gamma2 == GAMMA2_Q88) {
        (Some(t), true) => t.pack::<6>(out, w1, None),
        (Some(t), false) => t.pack::<4>(out, w1, None),
        (None, _) => pack_w1_avx2(gamma2, out, w1),
    }
}

/// BitPack(s, η, η) for skEncode: η - s in 3 or 4 bits.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pack_eta(eta: i32, out: &mut [u8], s: &Poly) {
    match (VbmiToken::detect(), eta) {
        (Some(t), 2) => t.pack::<3>(out, s, Some(eta)),
        (Some(t), _) => t.pack::<4>(out, s, Some(eta)),
        (None, _) => pack_eta_avx2(eta, out, s),
    }
}

/// BitPack(t0, 2^12 - 1, 2^12) for skEncode: 2^12 - t0 in 13 bits.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pack_t0(out: &mut [u8], t0: &Poly) {
    match VbmiToken::detect() {
        Some(t) => t.pack::<13>(out, t0, Some(1 << 12)),
        None => pack::pack_t0(out, t0),
    }
}

/// SimpleBitPack(t1, 2^10 - 1) for pkEncode.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pack_t1(out: &mut [u8], t1: &Poly) {
    match VbmiToken::detect() {
        Some(t) => t.pack::<10>(out, t1, None),
        None => pack::pack_t1(out, t1),
    }
}

/// `mldsa_core::kernel::pack_z`: γ1 - z in 18 or 20 bits.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) {
    let base = Some(1 << gamma1_bits);
    match (VbmiToken::detect(), gamma1_bits) {
        (Some(t), 17) => t.pack::<18>(out, z, base),
        (Some(t), _) => t.pack::<20>(out, z, base),
        (None, _) => pack::pack_z(gamma1_bits, out, z),
    }
}

/// `mldsa_core::kernel::unpack_z`: γ1 - v for 18-bit (γ1 = 2^17) or 20-bit (γ1 = 2^19) fields.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) {
    let base = Some(1 << gamma1_bits);
    match (VbmiToken::detect(), gamma1_bits) {
        (Some(t), 17) => t.unpack::<18>(z, buf, base),
        (Some(t), _) => t.unpack::<20>(z, buf, base),
        (None, _) => pack::unpack_z(gamma1_bits, z, buf),
    }
}

/// SimpleBitUnpack(·, 2^10 - 1) for pkDecode.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn unpack_t1(t1: &mut Poly, buf: &[u8]) {
    match VbmiToken::detect() {
        Some(t) => t.unpack::<10>(t1, buf, None),
        None => pack::unpack_t1(t1, buf),
    }
}

impl VbmiToken {
    /// [`unpack_vbmi`] (this token proves its features).
    #[inline]
    fn unpack<const BITS: usize>(self, a: &mut Poly, buf: &[u8], base: Option<i32>) {
        // SAFETY: a `VbmiToken` exists only after CPUID reported every feature
        // `unpack_vbmi` enables.
        unsafe { unpack_vbmi::<BITS>(a, buf, base) }
    }

    /// [`pack_vbmi`] (this token proves its features).
    #[inline]
    fn pack<const BITS: usize>(self, out: &mut [u8], a: &Poly, base: Option<i32>) {
        // SAFETY: as for `unpack` above.
        unsafe { pack_vbmi::<BITS>(out, a, base) }
    }
}

/// For 16 `bits`-bit fields packed into 2·`bits` bytes (`bits` in 3..=20), field i shifted
/// left within its 32-bit lane by (`bits`·i) mod 8, so that its bits sit at their output bit
/// offsets mod 8: the left shifts, and for r = 0..4 the `vpermb` control and byte mask taking
/// to each output byte its r-th contributing field's byte (a byte holds bits of at most
/// ⌈7/`bits`⌉ + 1 fields: four for 3 bits, two from 7 bits on).
const fn pack_controls(bits: usize) -> ([u32; 16], [[u8; 64]; 4], [u64; 4]) {
    let (mut shift, mut idx, mut mask) = ([0u32; 16], [[0u8; 64]; 4], [0u64; 4]);
    let mut i = 0;
    while i < 16 {
        let first = bits * i;
        shift[i] = (first & 7) as u32;
        // The output bytes field i touches: from its first bit's to its last bit's.
        let mut k = first >> 3;
        while k <= (first + bits - 1) >> 3 {
            let mut r = 0;
            while mask[r] >> k & 1 == 1 {
                r += 1;
            }
            idx[r][k] = (4 * i + k - (first >> 3)) as u8;
            mask[r] |= 1 << k;
            k += 1;
        }
        i += 1;
    }
    (shift, idx, mask)
}

/// Packs the 256 fields of `a` (after `base - v` when `base` is given, else `v`; each in
/// [0, 2^`BITS`), `BITS` in 3..=20) into `out` (32·`BITS` bytes). Sixteen fields per step: a
/// per-lane left shift puts each field's first bit at its output bit offset mod 8, then up
/// to four masked `vpermb` (two from 7 bits on) gather the output bytes' contributions (disjoint bits, ORed) and
/// a masked store writes the step's 2·`BITS` bytes. Branch-free and without lookups by value,
/// so also for secret fields (η, t0).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw,avx512vbmi")]
fn pack_vbmi<const BITS: usize>(out: &mut [u8], a: &Poly, base: Option<i32>) {
    let (shift, idx, mask) = const { pack_controls(BITS) };
    // SAFETY: the tables are 64 readable bytes each; `loadu` has no alignment requirement.
    let (shift, idx) = unsafe {
        (
            _mm512_loadu_si512(shift.as_ptr().cast()),
            idx.map(|c| _mm512_loadu_si512(c.as_ptr().cast())),
        )
    };
    let steps = a.coeffs.as_chunks::<16>().0;
    for (dst, src) in out[..32 * BITS].chunks_exact_mut(2 * BITS).zip(steps) {
        // SAFETY: `src` is 64 readable bytes; `loadu` has no alignment requirement.
        let v = unsafe { _mm512_loadu_si512(src.as_ptr().cast()) };
        let v = match base {
            Some(b) => _mm512_sub_epi32(_mm512_set1_epi32(b), v),
            None => v,
        };
        let v = _mm512_sllv_epi32(v, shift);
        let mut x = _mm512_maskz_permutexvar_epi8(mask[0], idx[0], v);
        for r in 1..4 {
            // Constant per instance: the loop keeps the permutes this width needs.
            if mask[r] != 0 {
                x = _mm512_or_si512(x, _mm512_maskz_permutexvar_epi8(mask[r], idx[r], v));
            }
        }
        // SAFETY: the mask selects the first 2·BITS bytes, which are `dst`; masked-off bytes
        // are not accessed.
        unsafe { _mm512_mask_storeu_epi8(dst.as_mut_ptr().cast(), mask[0], x) };
    }
}

/// For 16 `bits`-bit fields (2·`bits` bytes): the `vpermb` control giving 32-bit lane i the
/// four bytes from the one holding field i's first bit, and lane i's right shift to that bit.
const fn controls(bits: usize) -> ([u8; 64], [u32; 16]) {
    let (mut idx, mut shift) = ([0u8; 64], [0u32; 16]);
    let mut i = 0;
    while i < 16 {
        let first = bits * i;
        let mut k = 0;
        while k < 4 {
            idx[4 * i + k] = ((first >> 3) + k) as u8;
            k += 1;
        }
        shift[i] = (first & 7) as u32;
        i += 1;
    }
    (idx, shift)
}

/// Unpacks 256 `BITS`-bit fields of `buf` (32·`BITS` bytes; `BITS` ∈ {10, 18, 20}, so a field
/// and its shift span at most 4 bytes) into `a`, storing `base - v` when `base` is given
/// (BitUnpack's b - v) and `v` otherwise. Sixteen fields per step: a masked load of their
/// 2·`BITS` bytes, one `vpermb` putting each field's four bytes in its 32-bit lane, a
/// per-lane shift and a mask. Bytes past the step's read as zero and land above the mask.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw,avx512vbmi")]
fn unpack_vbmi<const BITS: usize>(a: &mut Poly, buf: &[u8], base: Option<i32>) {
    let (idx, shift) = const { controls(BITS) };
    // SAFETY: both tables are 64 readable bytes; `loadu` has no alignment requirement.
    let (idx, shift) = unsafe {
        (
            _mm512_loadu_si512(idx.as_ptr().cast()),
            _mm512_loadu_si512(shift.as_ptr().cast()),
        )
    };
    let mask = _mm512_set1_epi32((1 << BITS) - 1);
    let bytes: u64 = (1 << (2 * BITS)) - 1;
    let steps = a.coeffs.as_chunks_mut::<16>().0;
    for (out, src) in steps
        .iter_mut()
        .zip(buf[..32 * BITS].chunks_exact(2 * BITS))
    {
        // SAFETY: the mask selects the first 2·BITS bytes, which are `src`; masked-off bytes
        // are not accessed.
        let v = unsafe { _mm512_maskz_loadu_epi8(bytes, src.as_ptr().cast()) };
        let v = _mm512_and_si512(
            _mm512_srlv_epi32(_mm512_permutexvar_epi8(idx, v), shift),
            mask,
        );
        let v = match base {
            Some(b) => _mm512_sub_epi32(_mm512_set1_epi32(b), v),
            None => v,
        };
        // SAFETY: `out` is 64 writable bytes; `storeu` has no alignment requirement.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), v) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::x86_64::{scaled, xorshift};
    use crate::{Backend, Portable};
    use mldsa_core::kernel::{GAMMA2_Q32, reference};

    /// The VBMI unpackers against the portable ones for every width they serve, on
    /// random-looking and all-ones encodings (the differential suite runs only the form this
    /// CPU selects).
    #[test]
    fn vbmi_unpack_matches_reference() {
        let Some(token) = VbmiToken::detect() else {
            return;
        };
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for fill in [None, Some(0xff)] {
            let buf: [u8; 640] = core::array::from_fn(|_| fill.unwrap_or(next() as u8));
            let (mut got, mut want) = (Poly::ZERO, Poly::ZERO);
            token.unpack::<18>(&mut got, &buf[..576], Some(1 << 17));
            reference::unpack_z(17, &mut want, &buf[..576]);
            assert_eq!(got.coeffs, want.coeffs, "z, γ1 = 2^17");
            token.unpack::<20>(&mut got, &buf, Some(1 << 19));
            reference::unpack_z(19, &mut want, &buf);
            assert_eq!(got.coeffs, want.coeffs, "z, γ1 = 2^19");
            token.unpack::<10>(&mut got, &buf[..320], None);
            Portable::unpack_t1(&mut want, &buf[..320]);
            assert_eq!(got.coeffs, want.coeffs, "t1");
        }
    }

    /// Every VBMI packer against the portable one, for polynomials drawn from the packer's
    /// input range and for its two ends.
    #[test]
    fn vbmi_pack_matches_reference() {
        let Some(token) = VbmiToken::detect() else {
            return;
        };
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        // (name, input range [lo, hi], VBMI packer, portable packer, encoding bytes)
        type Packer = fn(VbmiToken, &mut [u8], &Poly);
        type Twin = fn(&mut [u8], &Poly);
        type Case = (&'static str, i32, i32, Packer, Twin, usize);
        let cases: [Case; 8] = [
            (
                "w1 (6 bits)",
                0,
                43,
                |t, o, a| t.pack::<6>(o, a, None),
                |o, a| Portable::pack_w1(GAMMA2_Q88, o, a),
                192,
            ),
            (
                "w1 (4 bits)",
                0,
                15,
                |t, o, a| t.pack::<4>(o, a, None),
                |o, a| Portable::pack_w1(GAMMA2_Q32, o, a),
                128,
            ),
            (
                "η = 2",
                -2,
                2,
                |t, o, a| t.pack::<3>(o, a, Some(2)),
                |o, a| Portable::pack_eta(2, o, a),
                96,
            ),
            (
                "η = 4",
                -4,
                4,
                |t, o, a| t.pack::<4>(o, a, Some(4)),
                |o, a| Portable::pack_eta(4, o, a),
                128,
            ),
            (
                "t0",
                -(1 << 12) + 1,
                1 << 12,
                |t, o, a| t.pack::<13>(o, a, Some(1 << 12)),
                |o, a| Portable::pack_t0(o, a),
                416,
            ),
            (
                "t1",
                0,
                1023,
                |t, o, a| t.pack::<10>(o, a, None),
                |o, a| Portable::pack_t1(o, a),
                320,
            ),
            (
                "z, γ1 = 2^17",
                -(1 << 17) + 1,
                1 << 17,
                |t, o, a| t.pack::<18>(o, a, Some(1 << 17)),
                |o, a| Portable::pack_z(17, o, a),
                576,
            ),
            (
                "z, γ1 = 2^19",
                -(1 << 19) + 1,
                1 << 19,
                |t, o, a| t.pack::<20>(o, a, Some(1 << 19)),
                |o, a| Portable::pack_z(19, o, a),
                640,
            ),
        ];
        for (name, lo, hi, vbmi, portable, len) in cases {
            for fill in [None, Some(lo), Some(hi)] {
                let mut a = Poly::ZERO;
                for c in a.coeffs.iter_mut() {
                    *c = fill.unwrap_or(scaled(next(), lo, hi));
                }
                // One byte past the encoding: the packer must not write it.
                let (mut got, mut want) = ([0x5au8; 641], [0x5au8; 641]);
                vbmi(token, &mut got[..len], &a);
                portable(&mut want[..len], &a);
                assert_eq!(got[..=len], want[..=len], "{name}");
            }
        }
    }
}
