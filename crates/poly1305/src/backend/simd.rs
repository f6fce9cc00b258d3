//! What the vector backends share: the lazily computed r-powers and the
//! conversions between the scalar radix-2^64 accumulator and vector limbs.

use super::Soft;
use super::soft64::Elem;
use zeroize::Zeroize;

/// Most powers any kernel takes from here (`r^1 ..= r^MAX`); kernels
/// derive higher powers themselves with vector products.
const MAX: usize = 4;

/// `r^1 ..= r^n`, fully reduced, computed on first use.
#[derive(Clone)]
pub(crate) struct Powers {
    p: [Elem; MAX],
    n: usize,
}

impl Powers {
    /// None computed yet.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Self {
            p: [[0; 3]; MAX],
            n: 0,
        }
    }

    /// `r^1 ..= r^n` (`n ≤ 4`), computing them once.
    #[inline]
    pub(crate) fn get(&mut self, soft: &Soft, n: usize) -> &[Elem] {
        if self.n < n {
            soft.powers(&mut self.p[..n]);
            self.n = n;
        }
        &self.p[..n]
    }
}

impl Zeroize for Powers {
    fn zeroize(&mut self) {
        for e in &mut self.p[..self.n] {
            e.zeroize();
        }
        self.n = 0;
    }
}

/// Masks of 26, 44 and 42 bits.
pub(crate) const M26: u64 = (1 << 26) - 1;
#[cfg(poly1305_x86)]
pub(crate) const M44: u64 = (1 << 44) - 1;
#[cfg(poly1305_x86)]
pub(crate) const M42: u64 = (1 << 42) - 1;

/// Radix 2^64 (`h2 < 8`) to five 26-bit limbs (the top one below 2^27).
#[inline(always)]
pub(crate) fn to26(h: &Elem) -> [u64; 5] {
    [
        h[0] & M26,
        (h[0] >> 26) & M26,
        ((h[0] >> 52) | (h[1] << 12)) & M26,
        (h[1] >> 14) & M26,
        (h[1] >> 40) | (h[2] << 24),
    ]
}

/// Five limbs of radix 2^26 (each below 2^60) to radix 2^64 with `h2 < 8`.
#[inline(always)]
pub(crate) fn from26(mut l: [u64; 5]) -> Elem {
    for i in 0..4 {
        l[i + 1] += l[i] >> 26;
        l[i] &= M26;
    }
    l[0] += (l[4] >> 26) * 5;
    l[4] &= M26;
    l[1] += l[0] >> 26;
    l[0] &= M26;
    let t = u128::from(l[0]) + (u128::from(l[1]) << 26) + (u128::from(l[2]) << 52);
    let t1 = (t >> 64) + (u128::from(l[3]) << 14) + (u128::from(l[4]) << 40);
    [t as u64, t1 as u64, (t1 >> 64) as u64]
}

/// Radix 2^64 (`h2 < 8`) to limbs of 44, 44 and 42 bits (the top one below 2^43).
#[cfg(poly1305_x86)]
#[inline(always)]
pub(crate) fn to44(h: &Elem) -> [u64; 3] {
    [
        h[0] & M44,
        ((h[0] >> 44) | (h[1] << 20)) & M44,
        (h[1] >> 24) | (h[2] << 40),
    ]
}

/// Limbs of radix 2^44 (each below 2^62) to radix 2^64 with `h2 < 8`.
#[cfg(poly1305_x86)]
#[inline(always)]
pub(crate) fn from44(mut l: [u64; 3]) -> Elem {
    l[1] += l[0] >> 44;
    l[0] &= M44;
    l[2] += l[1] >> 44;
    l[1] &= M44;
    l[0] += (l[2] >> 42) * 5;
    l[2] &= M42;
    l[1] += l[0] >> 44;
    l[0] &= M44;
    // l1 may now be 2^44: the shifts below still carry it correctly.
    let t = u128::from(l[0]) + (u128::from(l[1]) << 44);
    let t1 = (t >> 64) + (u128::from(l[2]) << 24);
    [t as u64, t1 as u64, (t1 >> 64) as u64]
}
