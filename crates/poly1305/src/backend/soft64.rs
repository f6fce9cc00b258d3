//! Portable backend for 64-bit targets: radix 2^64 with `u128` products.
//!
//! The accumulator `h` is held in three words `h0 + h1·2^64 + h2·2^128`
//! (partially reduced: `h2` stays below 8), the clamped key `r` in two
//! words. Because clamping (RFC 8439 §2.5.1) clears the two low bits of
//! `r1`, `r1·2^128 ≡ (r1 / 4)·5 (mod 2^130 − 5)` is exact, so one block
//! costs four 64×64→128 and two 64×64→64 multiplies.

use zeroize::Zeroize;

/// Partially reduced element of GF(2^130 − 5) in radix 2^64.
pub(crate) type Elem = [u64; 3];

/// Clamped `r` and accumulator `h` (RFC 8439 §2.5.1).
#[derive(Clone, Zeroize)]
pub(crate) struct Soft {
    r0: u64,
    r1: u64,
    /// `5 · (r1 >> 2)`, the factor of `h1` and `h2` that wrap past 2^130.
    s1: u64,
    h: Elem,
}

#[inline(always)]
fn le64(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

#[inline(always)]
fn mul64(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

impl Soft {
    /// Clamps `r` (the first 16 key bytes) and starts with `h = 0`.
    #[inline(always)]
    pub(crate) fn new(r: &[u8; 16]) -> Self {
        let r0 = le64(&r[..8]) & 0x0fff_fffc_0fff_ffff;
        let r1 = le64(&r[8..]) & 0x0fff_fffc_0fff_fffc;
        Self {
            r0,
            r1,
            s1: r1 + (r1 >> 2),
            h: [0; 3],
        }
    }

    /// `h ← (h + block + hibit·2^128) · r`, RFC 8439 §2.5.1.
    #[inline(always)]
    pub(crate) fn block(&mut self, block: &[u8; 16], hibit: u64) {
        let [h0, h1, h2] = self.h;
        let t = u128::from(h0) + u128::from(le64(&block[..8]));
        let h0 = t as u64;
        let t = u128::from(h1) + u128::from(le64(&block[8..])) + (t >> 64);
        let h1 = t as u64;
        let h2 = h2 + (t >> 64) as u64 + hibit;
        self.h = self.mul_r([h0, h1, h2]);
    }

    /// `h · r` for `h2 < 8`, partially reduced (result `h2 < 8` again).
    #[inline(always)]
    fn mul_r(&self, h: Elem) -> Elem {
        let [h0, h1, h2] = h;
        // h2·s1 < 8·2^61 and h2·r0 < 8·2^60: both fit a word.
        let d0 = mul64(h0, self.r0) + mul64(h1, self.s1);
        let d1 = mul64(h0, self.r1) + mul64(h1, self.r0) + u128::from(h2 * self.s1) + (d0 >> 64);
        let d2 = h2 * self.r0 + (d1 >> 64) as u64;
        // Fold bits 130.. back in: 2^130 ≡ 5.
        let c = (d2 & !3) + (d2 >> 2);
        let t = u128::from(d0 as u64) + u128::from(c);
        let t1 = u128::from(d1 as u64) + (t >> 64);
        [t as u64, t1 as u64, (d2 & 3) + (t1 >> 64) as u64]
    }

    /// The accumulator, partially reduced (`h2 < 8`).
    #[cfg_attr(not(poly1305_simd), allow(dead_code))]
    #[inline(always)]
    pub(crate) fn acc(&self) -> Elem {
        self.h
    }

    /// Replaces the accumulator (`h2 < 8` required).
    #[cfg_attr(not(poly1305_simd), allow(dead_code))]
    #[inline(always)]
    pub(crate) fn set_acc(&mut self, h: Elem) {
        debug_assert!(h[2] < 8);
        self.h = h;
    }

    /// `[r, r^2, r^3, r^4]`, partially reduced (`h2 < 8`), which every
    /// kernel's limb bounds allow.
    #[cfg_attr(not(poly1305_simd), allow(dead_code))]
    #[inline]
    pub(crate) fn powers(&self) -> [Elem; 4] {
        let r = [self.r0, self.r1, 0];
        let r2 = self.mul_r(r);
        let r3 = self.mul_r(r2);
        let r4 = self.mul_r(r3);
        [r, r2, r3, r4]
    }

    /// `tag = (h mod p + s) mod 2^128`, RFC 8439 §2.5.1.
    #[inline(always)]
    pub(crate) fn tag(&self, s: &[u8; 16]) -> [u8; 16] {
        let [h0, h1, _] = reduce(self.h);
        let t = u128::from(h0) + u128::from(le64(&s[..8]));
        let t1 = u128::from(h1) + u128::from(le64(&s[8..])) + (t >> 64);
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&(t as u64).to_le_bytes());
        out[8..].copy_from_slice(&(t1 as u64).to_le_bytes());
        out
    }
}

/// Folds bits ≥ 130 of `h` (`h2 < 8`) into the low bits: result < 2^130 + 35.
#[inline(always)]
fn fold(h: Elem) -> Elem {
    let c = (h[2] >> 2) * 5;
    let t = u128::from(h[0]) + u128::from(c);
    let t1 = u128::from(h[1]) + (t >> 64);
    [t as u64, t1 as u64, (h[2] & 3) + (t1 >> 64) as u64]
}

/// Fully reduces `h` (`h2 < 8`) modulo 2^130 − 5 without branches.
#[inline(always)]
pub(crate) fn reduce(h: Elem) -> Elem {
    // After two folds h < 2^130, hence h < 2p and one conditional
    // subtraction of p (selected by mask) completes the reduction.
    let h = fold(fold(h));
    let t = u128::from(h[0]) + 5;
    let t1 = u128::from(h[1]) + (t >> 64);
    let g = [t as u64, t1 as u64, h[2] + (t1 >> 64) as u64];
    // g ≥ 2^130 iff h ≥ p; mask is all ones in that case.
    let mask = 0u64.wrapping_sub(g[2] >> 2);
    [
        (h[0] & !mask) | (g[0] & mask),
        (h[1] & !mask) | (g[1] & mask),
        (h[2] & !mask) | (g[2] & mask & 3),
    ]
}
