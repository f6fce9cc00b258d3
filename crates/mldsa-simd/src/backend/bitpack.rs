//! The byte-shuffle tables of the AVX2 and NEON bit packers, for one 128-bit vector of four
//! `bits`-bit fields (`bits` even, so four fields are `bits / 2` whole bytes). AVX2 uses each
//! table in both 128-bit halves of a ymm register; 0xff selects a zero byte in both `pshufb`
//! and `tbl`.

/// Unpacking: lane j takes the 3 bytes from ⌊bits·j/8⌋ (enough for `bits` ≤ 20 at any bit
/// offset) and must then shift right by bits·j mod 8.
pub(crate) const fn unpack_lanes(bits: usize) -> ([u8; 16], [i32; 4]) {
    let (mut ctrl, mut shift) = ([0xffu8; 16], [0i32; 4]);
    let mut j = 0;
    while j < 4 {
        let byte = (bits * j) >> 3;
        let mut k = 0;
        while k < 3 {
            ctrl[4 * j + k] = (byte + k) as u8;
            k += 1;
        }
        shift[j] = ((bits * j) & 7) as i32;
        j += 1;
    }
    (ctrl, shift)
}

/// Packing, after each 64-bit lane holds its two fields as f0 | f1 << bits, the upper lane
/// shifted left by [`pack_shift`]`(bits)` more: the lookups that place the lower lane's
/// ⌈2·bits/8⌉ bytes at byte 0 and the upper lane's at byte ⌊2·bits/8⌋ (the two share at most
/// that byte, in disjoint bits, so the results are ORed).
pub(crate) const fn pack_lanes(bits: usize) -> ([u8; 16], [u8; 16]) {
    let (mut lo, mut hi) = ([0xffu8; 16], [0xffu8; 16]);
    let (first, at) = ((2 * bits).div_ceil(8), (2 * bits) >> 3);
    let second = (2 * bits + pack_shift(bits)).div_ceil(8);
    let mut k = 0;
    while k < first {
        lo[k] = k as u8;
        k += 1;
    }
    k = 0;
    while k < second {
        hi[at + k] = (8 + k) as u8;
        k += 1;
    }
    (lo, hi)
}

/// The extra left shift of the upper 64-bit lane when packing: (2·bits) mod 8, so that its
/// fields start on a byte.
pub(crate) const fn pack_shift(bits: usize) -> usize {
    (2 * bits) & 7
}
