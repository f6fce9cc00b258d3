//! What the vector backends share: the vector state kept in a MAC context
//! (precomputed r-powers and lane accumulators, both in the kernel's own
//! limb layout) and the conversions between the scalar radix-2^64
//! accumulator and vector limbs.

use super::soft64::Elem;
use zeroize::Zeroize;

/// Words of precomputed powers a kernel may keep.
pub(crate) const KEY_WORDS: usize = 30;
/// Words of lane accumulators a kernel may keep.
pub(crate) const LANE_WORDS: usize = 24;

/// Vector state of a MAC context. While `active`, the accumulator lives in
/// `lanes` (one Horner chain per lane, not yet multiplied by the pending
/// power) and the scalar accumulator is stale.
#[derive(Clone)]
pub(crate) struct Vector {
    pub(crate) key: [u64; KEY_WORDS],
    pub(crate) lanes: [u64; LANE_WORDS],
    /// `key` holds the powers.
    pub(crate) keyed: bool,
    /// `lanes` hold the accumulator.
    pub(crate) active: bool,
}

impl Vector {
    /// Nothing computed yet.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Self {
            key: [0; KEY_WORDS],
            lanes: [0; LANE_WORDS],
            keyed: false,
            active: false,
        }
    }
}

impl Zeroize for Vector {
    fn zeroize(&mut self) {
        // Only what was written: a short MAC pays nothing here.
        if self.keyed {
            self.key.zeroize();
            self.lanes.zeroize();
        }
        self.keyed = false;
        self.active = false;
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
