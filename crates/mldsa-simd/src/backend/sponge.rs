//! The multi-lane SHAKE sponge every vector backend shares (FIPS 202, Sections 4 and 6.2):
//! `LANES` Keccak-f\[1600\] states held word-interleaved (`state[word][lane]`), absorbed, padded
//! and squeezed with scalar word XORs and copies, and permuted together by the permutation the
//! backend chose (AVX2, AVX-512, NEON, or one scalar permutation per lane). Output is
//! byte-for-byte `mldsa_core::keccak::Shake<RATE>` on each lane. Also the Keccak constants the
//! vector permutations unroll.

use crate::backend::Xof;
use core::marker::PhantomData;
use zeroize::Zeroize;

/// Keccak-f\[1600\] round constants (FIPS 202, Algorithm 5).
pub(crate) const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// ρ offsets, indexed x + 5y (FIPS 202, Section 3.2.2).
pub(crate) const RHO: [i32; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/// π as a gather: B\[i\] = ρ(A\[PI_SRC\[i\]\]), i.e. B\[y + 5·((2x + 3y) mod 5)\] = A\[x + 5y\]
/// (FIPS 202, Section 3.2.3).
pub(crate) const PI_SRC: [usize; 25] = {
    let mut src = [0; 25];
    let mut x = 0;
    while x < 5 {
        let mut y = 0;
        while y < 5 {
            let mut t = 2 * x + 3 * y;
            while t >= 5 {
                t -= 5;
            }
            src[y + 5 * t] = x + 5 * y;
            y += 1;
        }
        x += 1;
    }
    src
};

/// A backend's Keccak-f\[1600\] on `LANES` word-interleaved states, chosen at run time.
pub trait Permutation<const LANES: usize>: Copy {
    /// Permutes every lane of `state`.
    fn apply(self, state: &mut [[u64; LANES]; 25]);
}

/// The permutation a backend runs (decided once per sponge, at absorb).
pub trait Detect<const LANES: usize> {
    /// The backend's permutation choices.
    type Permutation: Permutation<LANES>;
    /// Never names a permutation whose instructions the CPU lacks.
    fn permutation() -> Self::Permutation;
}

/// Keccak-f\[1600\] on word-interleaved states without vector code: one scalar `keccak::f1600`
/// per lane (the fallback of every backend).
#[allow(
    clippy::needless_range_loop,
    reason = "the lane is the inner index of a word-major state"
)]
pub(crate) fn f1600_per_lane<const LANES: usize>(state: &mut [[u64; LANES]; 25]) {
    for lane in 0..LANES {
        let mut s: [u64; 25] = core::array::from_fn(|w| state[w][lane]);
        keccak::f1600(&mut s);
        for (w, v) in s.iter().enumerate() {
            state[w][lane] = *v;
        }
        s.zeroize();
    }
}

/// A `LANES`-lane SHAKE sponge with `RATE` bytes of rate, permuted as backend `D` chose. The
/// state is wiped on drop.
pub struct Sponge<const LANES: usize, const RATE: usize, D: Detect<LANES>> {
    state: [[u64; LANES]; 25],
    /// Set once the first squeezed block has been read (the next one needs a permutation).
    started: bool,
    /// Lanes absorbed.
    lanes: usize,
    permutation: D::Permutation,
    _backend: PhantomData<D>,
}

impl<const LANES: usize, const RATE: usize, D: Detect<LANES>> Sponge<LANES, RATE, D> {
    fn permute(&mut self) {
        self.permutation.apply(&mut self.state);
    }

    /// XORs `block` (at most RATE bytes) into `lane` from byte 0.
    fn xor_lane(&mut self, lane: usize, block: &[u8]) {
        let mut words = block.chunks_exact(8);
        for (w, bytes) in (&mut words).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            self.state[w][lane] ^= u64::from_le_bytes(b);
        }
        let tail = words.remainder();
        let w = block.len() >> 3;
        for (i, byte) in tail.iter().enumerate() {
            self.state[w][lane] ^= (*byte as u64) << (i << 3);
        }
    }
}

impl<const LANES: usize, const RATE: usize, D: Detect<LANES>> Xof for Sponge<LANES, RATE, D> {
    const LANES: usize = LANES;
    const RATE: usize = RATE;

    /// Absorbs and pads (SHAKE suffix 1111, then pad10*1; FIPS 202, Sections 5.1 and 6.2).
    fn absorb(inputs: &[&[u8]]) -> Self {
        assert!((1..=LANES).contains(&inputs.len()), "1 to LANES lanes");
        let len = inputs[0].len();
        assert!(inputs.iter().all(|i| i.len() == len), "equal-length lanes");
        let mut s = Sponge {
            state: [[0; LANES]; 25],
            started: false,
            lanes: inputs.len(),
            permutation: D::permutation(),
            _backend: PhantomData,
        };
        let mut off = 0;
        while len - off >= RATE {
            for (lane, input) in inputs.iter().enumerate() {
                s.xor_lane(lane, &input[off..off + RATE]);
            }
            s.permute();
            off += RATE;
        }
        let rem = len - off;
        for (lane, input) in inputs.iter().enumerate() {
            s.xor_lane(lane, &input[off..]);
            s.state[rem >> 3][lane] ^= 0x1f << ((rem & 7) << 3);
            s.state[(RATE - 1) >> 3][lane] ^= 0x80 << (((RATE - 1) & 7) << 3);
        }
        s.permute();
        s
    }

    fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]) {
        assert_eq!(out.len(), self.lanes, "one output per absorbed lane");
        let len = out[0].len();
        assert!(
            out.iter().all(|o| o.len() == len) && len.is_multiple_of(RATE),
            "equal whole-block outputs"
        );
        let mut off = 0;
        while off < len {
            if self.started {
                self.permute();
            }
            self.started = true;
            for (lane, o) in out.iter_mut().enumerate() {
                for (w, bytes) in o[off..off + RATE].chunks_exact_mut(8).enumerate() {
                    bytes.copy_from_slice(&self.state[w][lane].to_le_bytes());
                }
            }
            off += RATE;
        }
    }
}

impl<const LANES: usize, const RATE: usize, D: Detect<LANES>> Drop for Sponge<LANES, RATE, D> {
    fn drop(&mut self) {
        // Flattened: one bulk write (zeroize's slice path) instead of a store per word.
        self.state.as_flattened_mut().zeroize();
    }
}

impl<const LANES: usize, const RATE: usize, D: Detect<LANES>> zeroize::ZeroizeOnDrop
    for Sponge<LANES, RATE, D>
{
}

impl<const LANES: usize, const RATE: usize, D: Detect<LANES>> core::fmt::Debug
    for Sponge<LANES, RATE, D>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Sponge<{LANES}, {RATE}> {{ .. }}")
    }
}
