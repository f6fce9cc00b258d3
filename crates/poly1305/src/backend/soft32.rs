//! Portable backend for 32-bit targets: five 26-bit limbs, `u32 × u32 → u64`
//! products (25 per block), as in poly1305-donna-32.

use zeroize::Zeroize;

const M26: u32 = 0x03ff_ffff;

/// Clamped `r` (limbs), `5·r` and accumulator `h` (RFC 8439 §2.5.1).
#[derive(Clone, Zeroize)]
pub(crate) struct Soft {
    r: [u32; 5],
    /// `5 · r[i]`: limb products that wrap past 2^130 are multiplied by 5.
    s: [u32; 5],
    h: [u32; 5],
}

#[inline(always)]
fn le32(b: &[u8]) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u32::from_le_bytes(w)
}

/// Splits 16 little-endian bytes into five 26-bit limbs (the top limb gets
/// 24 bits, plus `hibit` at bit 24 = 2^128).
#[inline(always)]
fn limbs(b: &[u8; 16], hibit: u32) -> [u32; 5] {
    let (w0, w1, w2, w3) = (le32(&b[0..]), le32(&b[4..]), le32(&b[8..]), le32(&b[12..]));
    [
        w0 & M26,
        ((w0 >> 26) | (w1 << 6)) & M26,
        ((w1 >> 20) | (w2 << 12)) & M26,
        ((w2 >> 14) | (w3 << 18)) & M26,
        (w3 >> 8) | (hibit << 24),
    ]
}

#[inline(always)]
fn mul(a: u32, b: u32) -> u64 {
    u64::from(a) * u64::from(b)
}

impl Soft {
    /// Clamps `r` (the first 16 key bytes) and starts with `h = 0`.
    #[inline(always)]
    pub(crate) fn new(r: &[u8; 16]) -> Self {
        let mut c = *r;
        for i in [3, 7, 11, 15] {
            c[i] &= 0x0f;
        }
        for i in [4, 8, 12] {
            c[i] &= 0xfc;
        }
        let r = limbs(&c, 0);
        c.zeroize();
        Self {
            r,
            s: r.map(|x| x * 5),
            h: [0; 5],
        }
    }

    /// `h ← (h + block + hibit·2^128) · r`, RFC 8439 §2.5.1.
    #[inline(always)]
    pub(crate) fn block(&mut self, block: &[u8; 16], hibit: u64) {
        let m = limbs(block, hibit as u32);
        let h: [u32; 5] = core::array::from_fn(|i| self.h[i] + m[i]);
        let (r, s) = (&self.r, &self.s);
        let d0 =
            mul(h[0], r[0]) + mul(h[1], s[4]) + mul(h[2], s[3]) + mul(h[3], s[2]) + mul(h[4], s[1]);
        let mut d1 =
            mul(h[0], r[1]) + mul(h[1], r[0]) + mul(h[2], s[4]) + mul(h[3], s[3]) + mul(h[4], s[2]);
        let mut d2 =
            mul(h[0], r[2]) + mul(h[1], r[1]) + mul(h[2], r[0]) + mul(h[3], s[4]) + mul(h[4], s[3]);
        let mut d3 =
            mul(h[0], r[3]) + mul(h[1], r[2]) + mul(h[2], r[1]) + mul(h[3], r[0]) + mul(h[4], s[4]);
        let mut d4 =
            mul(h[0], r[4]) + mul(h[1], r[3]) + mul(h[2], r[2]) + mul(h[3], r[1]) + mul(h[4], r[0]);
        // Carry chain; the carry out of limb 4 wraps with factor 5.
        d1 += d0 >> 26;
        let h0 = d0 as u32 & M26;
        d2 += d1 >> 26;
        let h1 = d1 as u32 & M26;
        d3 += d2 >> 26;
        let h2 = d2 as u32 & M26;
        d4 += d3 >> 26;
        let h3 = d3 as u32 & M26;
        let c = (d4 >> 26) as u32;
        let h4 = d4 as u32 & M26;
        let h0 = h0 + c * 5;
        self.h = [h0 & M26, h1 + (h0 >> 26), h2, h3, h4];
    }

    /// `tag = (h mod p + s) mod 2^128`, RFC 8439 §2.5.1.
    #[inline(always)]
    pub(crate) fn tag(&self, s: &[u8; 16]) -> [u8; 16] {
        // Two passes of full carry, folding the carry out of limb 4 back in
        // times 5: afterwards h < 2^130, hence h < 2p.
        let mut h = self.h;
        for _ in 0..2 {
            let mut c = 0;
            for limb in h.iter_mut() {
                *limb += c;
                c = *limb >> 26;
                *limb &= M26;
            }
            h[0] += c * 5;
        }
        // g = h + 5 − 2^130; keep g when it does not borrow (h ≥ p).
        let mut g = [0u32; 5];
        let mut c = 5;
        for (gi, hi) in g.iter_mut().zip(h.iter()) {
            let t = hi + c;
            c = t >> 26;
            *gi = t & M26;
        }
        let mask = 0u32.wrapping_sub(c); // c = 1 iff h + 5 ≥ 2^130
        for (hi, gi) in h.iter_mut().zip(g.iter()) {
            *hi = (*hi & !mask) | (gi & mask);
        }
        // Pack to 128 bits and add s.
        let words = [
            h[0] | (h[1] << 26),
            (h[1] >> 6) | (h[2] << 20),
            (h[2] >> 12) | (h[3] << 14),
            (h[3] >> 18) | (h[4] << 8),
        ];
        let mut out = [0u8; 16];
        let mut carry = 0u64;
        for (i, w) in words.iter().enumerate() {
            let t = u64::from(*w) + u64::from(le32(&s[4 * i..])) + carry;
            out[4 * i..4 * i + 4].copy_from_slice(&(t as u32).to_le_bytes());
            carry = t >> 32;
        }
        h.zeroize();
        g.zeroize();
        out
    }
}
