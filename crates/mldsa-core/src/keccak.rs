//! SHAKE128 and SHAKE256 (FIPS 202) as a small sponge over the Keccak-f\[1600\] permutation (the
//! portable backend's one-lane `Xof`, in `portable.rs`).
//!
//! sha3 0.10's readers neither squeeze whole blocks into a caller's buffer nor wipe their state
//! on drop; this sponge does both, and is the reference every multi-lane SIMD sponge is
//! compared with.

use core::marker::PhantomData;
use zeroize::Zeroize;

/// SHAKE128 rate in bytes.
pub const SHAKE128_RATE: usize = 168;
/// SHAKE256 rate in bytes.
pub const SHAKE256_RATE: usize = 136;

/// A single-lane Keccak-f\[1600\] (FIPS 202, Section 3.4, 24 rounds). A backend may bring a
/// faster one (its `Backend::Keccak`); every one must equal [`KeccakF1600`] bit for bit.
pub trait Permutation {
    /// Permutes `state` (lane x + 5y at index x + 5y, FIPS 202's order).
    fn permute(state: &mut [u64; 25]);
}

/// The `keccak` crate's Keccak-f\[1600\], the portable permutation and the reference.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeccakF1600;

impl Permutation for KeccakF1600 {
    #[inline]
    fn permute(state: &mut [u64; 25]) {
        keccak::f1600(state)
    }
}

/// A Keccak sponge with the SHAKE domain separation (FIPS 202, Section 6.2), `RATE` bytes of
/// rate, over the permutation `F`. Absorb with [`update`](Self::update), then
/// [`finalize`](Self::finalize), then [`squeeze`](Self::squeeze). The state is wiped on drop.
pub struct Shake<const RATE: usize, F: Permutation = KeccakF1600> {
    state: [u64; 25],
    /// Bytes absorbed into, or squeezed from, the current block.
    pos: usize,
    _f: PhantomData<fn() -> F>,
}

impl<const RATE: usize, F: Permutation> Clone for Shake<RATE, F> {
    fn clone(&self) -> Self {
        Shake {
            state: self.state,
            pos: self.pos,
            _f: PhantomData,
        }
    }
}

/// SHAKE128 (FIPS 202).
pub type Shake128 = Shake<SHAKE128_RATE>;
/// SHAKE256 (FIPS 202).
pub type Shake256 = Shake<SHAKE256_RATE>;

impl<const RATE: usize, F: Permutation> Default for Shake<RATE, F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const RATE: usize, F: Permutation> Shake<RATE, F> {
    /// An empty sponge.
    pub const fn new() -> Self {
        Shake {
            state: [0; 25],
            pos: 0,
            _f: PhantomData,
        }
    }

    /// Empties the sponge in place, as [`new`](Self::new) would (no 200-byte state is built
    /// elsewhere and moved in: for the small stacks of the low-memory strategy).
    pub fn reset(&mut self) {
        self.state = [0; 25];
        self.pos = 0;
    }

    #[inline(always)]
    fn xor_byte(&mut self, i: usize, b: u8) {
        self.state[i >> 3] ^= (b as u64) << ((i & 7) << 3);
    }

    /// Absorbs `data`.
    pub fn update(&mut self, mut data: &[u8]) -> &mut Self {
        while !data.is_empty() {
            if self.pos & 7 == 0 && data.len() >= 8 {
                // Whole words at once up to the end of the block.
                let words = core::cmp::min((RATE - self.pos) >> 3, data.len() >> 3);
                let (head, rest) = data.split_at(words << 3);
                for (k, w) in head.chunks_exact(8).enumerate() {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(w);
                    self.state[(self.pos >> 3) + k] ^= u64::from_le_bytes(b);
                }
                self.pos += words << 3;
                data = rest;
            } else {
                self.xor_byte(self.pos, data[0]);
                self.pos += 1;
                data = &data[1..];
            }
            if self.pos == RATE {
                F::permute(&mut self.state);
                self.pos = 0;
            }
        }
        self
    }

    /// Pads (SHAKE suffix 1111, then pad10*1) and switches to squeezing.
    pub fn finalize(&mut self) {
        self.xor_byte(self.pos, 0x1f);
        self.xor_byte(RATE - 1, 0x80);
        F::permute(&mut self.state);
        self.pos = 0;
    }

    /// Squeezes `out.len()` bytes (after [`finalize`](Self::finalize)).
    pub fn squeeze(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            if self.pos == RATE {
                F::permute(&mut self.state);
                self.pos = 0;
            }
            *b = (self.state[self.pos >> 3] >> ((self.pos & 7) << 3)) as u8;
            self.pos += 1;
        }
    }

    /// Squeezes whole blocks; `out.len()` must be a multiple of `RATE` and the sponge must be
    /// at a block boundary (right after `finalize` or a previous `squeeze_blocks`).
    pub fn squeeze_blocks(&mut self, out: &mut [u8]) {
        debug_assert!(out.len().is_multiple_of(RATE));
        for block in out.chunks_exact_mut(RATE) {
            if self.pos == RATE {
                F::permute(&mut self.state);
            }
            for (o, w) in block.chunks_exact_mut(8).zip(self.state.iter()) {
                o.copy_from_slice(&w.to_le_bytes());
            }
            self.pos = RATE;
        }
    }

    /// One-shot: absorb the concatenation of `parts`, squeeze `out.len()` bytes.
    pub fn digest(parts: &[&[u8]], out: &mut [u8]) {
        let mut h = Self::new();
        for p in parts {
            h.update(p);
        }
        h.finalize();
        h.squeeze(out);
    }
}

impl<const RATE: usize, F: Permutation> Drop for Shake<RATE, F> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl<const RATE: usize, F: Permutation> zeroize::ZeroizeOnDrop for Shake<RATE, F> {}

impl<const RATE: usize, F: Permutation> core::fmt::Debug for Shake<RATE, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake { .. }")
    }
}

/// H(input, ·) = SHAKE256 of an input of public length (tr = H(pk); c̃ = H(μ ‖ w1) in
/// signing), absorbed block by block by whoever
/// has a Keccak-f\[1600\] to spare: a multi-lane XOF batch that leaves a lane free runs the
/// rider's next block in it ([`Xof::absorb_riding`](crate::backend::Xof::absorb_riding),
/// [`Xof::squeeze_blocks_riding`](crate::backend::Xof::squeeze_blocks_riding)), and
/// [`finish`](Self::finish) runs what is left on a single-lane permutation. The input may
/// arrive in pieces (key generation writes pk row by row while ExpandA runs): the rider holds
/// the prefix available so far, and between pieces it is [`suspend`](Self::suspend)ed (no
/// borrow) and [`resume`](Self::resume)d on a longer prefix. Nothing branches on the input's
/// bytes, and [`finish`](Self::finish) wipes the state (c̃'s input holds w1; a `Drop` wipe
/// instead cost the firmware's key generation 640-896 bytes of stack, in the copies that
/// `resume` and `suspend` make).
#[derive(Clone, Debug)]
pub struct Rider<'a> {
    state: [u64; 25],
    /// The prefix of the input available so far (empty while suspended).
    input: &'a [u8],
    /// Bytes absorbed (whole blocks).
    absorbed: usize,
    /// The whole input's length.
    len: usize,
    /// The padded last block has been absorbed (and handed out to be permuted).
    padded: bool,
}

impl<'a> Rider<'a> {
    /// A rider for SHAKE256(`input`), all of it available.
    pub const fn new(input: &'a [u8]) -> Self {
        Rider {
            state: [0; 25],
            input,
            absorbed: 0,
            len: input.len(),
            padded: false,
        }
    }

    /// A rider for SHAKE256 of a `len`-byte input none of which is available yet.
    pub const fn pending_input(len: usize) -> Rider<'static> {
        Rider {
            state: [0; 25],
            input: &[],
            absorbed: 0,
            len,
            padded: false,
        }
    }

    /// A rider with nothing to absorb (for XOF calls that carry none).
    pub const fn idle() -> Rider<'static> {
        Rider {
            state: [0; 25],
            input: &[],
            absorbed: 0,
            len: 0,
            padded: true,
        }
    }

    /// The same absorption on `available`, a longer prefix of the same input.
    pub fn resume<'b>(self, available: &'b [u8]) -> Rider<'b> {
        assert!(
            self.absorbed <= available.len() && available.len() <= self.len,
            "a prefix of the input, covering what was absorbed"
        );
        self.holding(available)
    }

    /// The same absorption, holding no input (to be [`resume`](Self::resume)d).
    pub fn suspend(self) -> Rider<'static> {
        self.holding(&[])
    }

    /// The same absorption state with `input` as the available prefix.
    fn holding<'b>(self, input: &'b [u8]) -> Rider<'b> {
        let Rider {
            state,
            absorbed,
            len,
            padded,
            ..
        } = self;
        Rider {
            state,
            input,
            absorbed,
            len,
            padded,
        }
    }

    /// The blocks that can be absorbed and permuted now: the whole blocks available, plus the
    /// padded last block once the whole input is.
    #[allow(
        clippy::integer_division_remainder_used,
        reason = "a public length (the rider's input is public)"
    )]
    pub fn pending(&self) -> usize {
        if self.padded {
            return 0;
        }
        let whole = self.input.len().saturating_sub(self.absorbed) / SHAKE256_RATE;
        whole + (self.input.len() == self.len) as usize
    }

    /// Absorbs the next block (a whole one, else, once the whole input is available, the
    /// padded last one: SHAKE suffix 1111, then pad10*1) and returns the state, which the
    /// caller must permute once; `None` when no block can be absorbed now.
    pub fn next_block(&mut self) -> Option<&mut [u64; 25]> {
        if self.pending() == 0 {
            return None;
        }
        let rest = &self.input[self.absorbed..];
        let take = rest.len().min(SHAKE256_RATE);
        // Whole words as words (a copy of variable length per word was a `memcpy` call each,
        // about 270 per ML-DSA-65 key generation); then the tail's bytes, if any.
        let (words, tail) = rest[..take].as_chunks::<8>();
        for (w, bytes) in self.state.iter_mut().zip(words) {
            *w ^= u64::from_le_bytes(*bytes);
        }
        for (i, &byte) in tail.iter().enumerate() {
            self.state[words.len()] ^= (byte as u64) << (i << 3);
        }
        if take < SHAKE256_RATE {
            self.state[take >> 3] ^= 0x1f << ((take & 7) << 3);
            self.state[(SHAKE256_RATE - 1) >> 3] ^= 0x80 << (((SHAKE256_RATE - 1) & 7) << 3);
            self.padded = true;
        }
        self.absorbed += take;
        Some(&mut self.state)
    }

    /// Runs the permutations left with `F`, squeezes `out` (at most one block) and wipes the
    /// state. The whole input must be available.
    pub fn finish<F: Permutation>(mut self, out: &mut [u8]) {
        assert!(out.len() <= SHAKE256_RATE, "one block of output");
        assert_eq!(self.input.len(), self.len, "the whole input");
        while let Some(state) = self.next_block() {
            F::permute(state);
        }
        for (i, o) in out.iter_mut().enumerate() {
            *o = (self.state[i >> 3] >> ((i & 7) << 3)) as u8;
        }
        self.state.zeroize();
    }
}

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]
mod tests {
    use super::*;
    use sha3::digest::{ExtendableOutput, Update, XofReader};

    fn oracle<D: Default + Update + ExtendableOutput>(msg: &[u8], out: &mut [u8]) {
        let mut h = D::default();
        h.update(msg);
        h.finalize_xof().read(out);
    }

    #[test]
    fn matches_sha3_crate() {
        let msg: [u8; 700] = core::array::from_fn(|i| (i * 7 + 3) as u8);
        for len in [0, 1, 7, 8, 9, 135, 136, 137, 167, 168, 169, 500, 700] {
            for split in [0, 1, 5, len / 2] {
                let split = split.min(len);
                let mut want = [0u8; 400];
                let mut got = [0u8; 400];
                oracle::<sha3::Shake256>(&msg[..len], &mut want);
                let mut s = Shake256::new();
                s.update(&msg[..split]).update(&msg[split..len]);
                s.finalize();
                s.squeeze(&mut got[..3]);
                s.squeeze(&mut got[3..]);
                assert_eq!(want, got, "shake256 len {len} split {split}");

                oracle::<sha3::Shake128>(&msg[..len], &mut want[..336]);
                let mut s = Shake128::new();
                s.update(&msg[..split]).update(&msg[split..len]);
                s.finalize();
                s.squeeze_blocks(&mut got[..336]);
                assert_eq!(want[..336], got[..336], "shake128 blocks len {len}");
            }
        }
    }

    #[test]
    fn rider_matches_sha3_crate() {
        let msg: [u8; 700] = core::array::from_fn(|i| (i * 11 + 5) as u8);
        for len in [0, 1, 135, 136, 137, 271, 272, 273, 700] {
            // Permuted by its own finish, or some blocks first by a caller, as an XOF does.
            for early in [0, 1, 3] {
                let mut want = [0u8; 64];
                oracle::<sha3::Shake256>(&msg[..len], &mut want);
                let mut r = Rider::new(&msg[..len]);
                assert_eq!(r.pending(), len / 136 + 1);
                for _ in 0..early {
                    if let Some(s) = r.next_block() {
                        KeccakF1600::permute(s);
                    }
                }
                let mut got = [0u8; 64];
                r.finish::<KeccakF1600>(&mut got);
                assert_eq!(want, got, "len {len}, {early} blocks permuted early");
            }
        }
        assert_eq!(Rider::idle().pending(), 0);
        assert!(Rider::idle().next_block().is_none());
        // An input arriving in pieces (as pk in key generation), blocks permuted as they come.
        for len in [0, 136, 500, 700] {
            for piece in [1, 100, 136, 320] {
                let mut want = [0u8; 64];
                oracle::<sha3::Shake256>(&msg[..len], &mut want);
                let mut r = Rider::pending_input(len);
                let mut avail = 0;
                while avail < len {
                    avail = (avail + piece).min(len);
                    let mut live = r.resume(&msg[..avail]);
                    while let Some(s) = live.next_block() {
                        KeccakF1600::permute(s);
                    }
                    r = live.suspend();
                }
                let mut got = [0u8; 64];
                r.resume(&msg[..len]).finish::<KeccakF1600>(&mut got);
                assert_eq!(want, got, "len {len} in pieces of {piece}");
            }
        }
    }
}
