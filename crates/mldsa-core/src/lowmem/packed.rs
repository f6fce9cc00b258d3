//! Polynomials read one coefficient at a time straight from their FIPS 204 bit-packed
//! encodings in the caller's buffers (pk's t1, sk's s1, s2 and t0, the signature's z or the y
//! kept there), so that no polynomial has to be unpacked into memory of its own; and w1
//! packed straight into a hash.

use crate::encode::{SkLayout, field, pack_bits};
use crate::keccak::Shake256;
use crate::params::{D, N, ParameterSet};
use crate::rounding::exceeds;
use subtle::Choice;

/// A packed polynomial of `bits`-bit values v with coefficients `top - v` (BitUnpack, FIPS
/// 204 Algorithm 19, for z, s1, s2 and t0) or plain v (SimpleBitUnpack, Algorithm 18, for t1).
#[derive(Clone, Copy)]
pub struct Packed<'a> {
    bytes: &'a [u8],
    bits: u32,
    top: i32,
}

impl<'a> Packed<'a> {
    /// z or y in BitPack(·, γ1 - 1, γ1) form (Algorithm 17; 1 + log2 γ1 bits, top γ1).
    pub fn z<P: ParameterSet>(bytes: &'a [u8]) -> Self {
        Packed {
            bytes,
            bits: P::GAMMA1_BITS + 1,
            top: 1 << P::GAMMA1_BITS,
        }
    }

    /// s1 or s2 in BitPack(·, η, η) form (bitlen 2η bits, top η).
    pub fn eta<P: ParameterSet>(bytes: &'a [u8]) -> Self {
        Packed {
            bytes,
            bits: P::ETA_BITS as u32,
            top: P::ETA,
        }
    }

    /// t0 in BitPack(·, 2^(d-1) - 1, 2^(d-1)) form (13 bits, top 2^12).
    pub fn t0(bytes: &'a [u8]) -> Self {
        Packed {
            bytes,
            bits: D,
            top: 1 << (D - 1),
        }
    }

    /// t1 in SimpleBitPack form (10 bits); [`coeff`](Self::coeff) gives -t1, see
    /// [`raw`](Self::raw).
    pub fn t1(bytes: &'a [u8]) -> Self {
        Packed {
            bytes,
            bits: 10,
            top: 0,
        }
    }

    /// The packed value of coefficient n (< 256): bits n·bits .. (n + 1)·bits, little-endian.
    /// Every width FIPS 204 packs spans at most three bytes at any offset (≤ 7 + 13 or, for
    /// the even widths, ≤ 6 + 18 and 4 + 20 bits). The index is public; the value may not be.
    #[inline(always)]
    pub fn raw(&self, n: usize) -> u32 {
        let bit = n * self.bits as usize;
        let at = bit >> 3;
        let v = match self.bytes.get(at..at + 3) {
            Some(b) => u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16,
            // The last value of an encoding may end in its last or next-to-last byte.
            None => {
                let byte = |k: usize| u32::from(self.bytes.get(at + k).copied().unwrap_or(0));
                byte(0) | byte(1) << 8
            }
        };
        (v >> (bit & 7)) & ((1 << self.bits) - 1)
    }

    /// Coefficient n: `top - raw(n)`.
    #[inline(always)]
    pub fn coeff(&self, n: usize) -> i32 {
        self.top - self.raw(n) as i32
    }

    /// Whether some coefficient has |c| ≥ bound (the infinity norm test of Section 7.4 on an
    /// encoding), branch-free.
    pub fn norm_exceeds(&self, bound: i32) -> Choice {
        let bad = (0..N).fold(0, |t, n| t | exceeds(self.coeff(n), bound));
        Choice::from(bad as u8)
    }
}

/// Whether some coefficient of s1 or s2 in the expanded key `sk` lies outside [-η, η], i.e.
/// some packed value exceeds 2η (the range check of skDecode, Algorithm 25), branch-free.
pub fn secrets_out_of_range<P: ParameterSet>(sk: &[u8]) -> Choice {
    let (at, eb) = (SkLayout::S1, P::POLY_ETA_BYTES);
    let mut bad = 0u32;
    for r in 0..P::L + P::K {
        let s = Packed::eta::<P>(field(sk, at, eb, r));
        for n in 0..N {
            bad |= ((2 * P::ETA as u32).wrapping_sub(s.raw(n))) >> 31;
        }
    }
    Choice::from(bad as u8)
}

/// Absorbs w1Encode(w1) (Algorithm 28) into `hash`, w1 = `w1_of(w)` for each coefficient of
/// `w`, packed eight coefficients at a time (no 128- or 192-byte encoding buffer).
pub fn absorb_w1<P: ParameterSet>(hash: &mut Shake256, w: &[i32; N], w1_of: impl Fn(i32) -> i32) {
    let mut packed = [0u8; 6];
    for run in w.chunks_exact(8) {
        pack_bits(&mut packed[..P::W1_BITS], P::W1_BITS as u32, run, |c| {
            w1_of(c) as u32
        });
        hash.update(&packed[..P::W1_BITS]);
    }
}

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "test data from public values"
)]
mod tests {
    use super::*;
    use crate::encode::{pack_eta, pack_t0, pack_z, unpack_bits};
    use crate::params::{MlDsa44, MlDsa65, MlDsa87};
    use crate::poly::Poly;

    fn poly(seed: u32, lo: i32, hi: i32) -> Poly {
        let mut x = seed.wrapping_mul(2654435761) | 1;
        let mut p = Poly::ZERO;
        for c in p.coeffs.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *c = lo + (x >> 8) as i32 % (hi - lo + 1);
        }
        // The extremes, at both ends of the encoding.
        (p.coeffs[0], p.coeffs[1], p.coeffs[254], p.coeffs[255]) = (lo, hi, hi, lo);
        p
    }

    fn check<P: ParameterSet>() {
        let mut buf = [0u8; 640];
        for seed in 0..4 {
            let g1 = 1 << P::GAMMA1_BITS;
            let z = poly(seed, -g1 + 1, g1);
            pack_z(P::GAMMA1_BITS, &mut buf[..P::POLY_Z_BYTES], &z);
            let r = Packed::z::<P>(&buf[..P::POLY_Z_BYTES]);
            assert!((0..N).all(|n| r.coeff(n) == z.coeffs[n]));
            assert!(bool::from(r.norm_exceeds(g1)));
            assert!(!bool::from(r.norm_exceeds(g1 + 1)));

            let s = poly(seed, -P::ETA, P::ETA);
            pack_eta(P::ETA, &mut buf[..P::POLY_ETA_BYTES], &s);
            let r = Packed::eta::<P>(&buf[..P::POLY_ETA_BYTES]);
            assert!((0..N).all(|n| r.coeff(n) == s.coeffs[n]));

            let t0 = poly(seed, -(1 << 12) + 1, 1 << 12);
            pack_t0(&mut buf[..416], &t0);
            let r = Packed::t0(&buf[..416]);
            assert!((0..N).all(|n| r.coeff(n) == t0.coeffs[n]));

            let t1 = poly(seed, 0, 1023);
            pack_bits(&mut buf[..320], 10, &t1.coeffs, |c| c as u32);
            let r = Packed::t1(&buf[..320]);
            let mut back = Poly::ZERO;
            unpack_bits(&buf[..320], 10, &mut back, |v| v as i32);
            assert!((0..N).all(|n| r.raw(n) as i32 == t1.coeffs[n] && back == t1));
        }
    }

    #[test]
    fn reads_every_encoding() {
        check::<MlDsa44>();
        check::<MlDsa65>();
        check::<MlDsa87>();
    }

    #[test]
    fn range_check_finds_one_bad_value() {
        let mut sk = [0u8; MlDsa65::SK_BYTES];
        // All-zero packed values are η - 0 = 4: in range.
        assert!(!bool::from(secrets_out_of_range::<MlDsa65>(&sk)));
        // A packed 9 (> 2η = 8) in the last s2 coefficient.
        let last = SkLayout::s2::<MlDsa65>() + MlDsa65::K * MlDsa65::POLY_ETA_BYTES - 1;
        sk[last] = 0x90;
        assert!(bool::from(secrets_out_of_range::<MlDsa65>(&sk)));
    }
}
