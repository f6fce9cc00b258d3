//! The multi-lane SHAKE sponge every vector backend shares (FIPS 202, Sections 4 and 6.2):
//! `LANES` Keccak-f\[1600\] states held word-interleaved (`state[word][lane]`), absorbed, padded
//! and squeezed with scalar word XORs and copies, and permuted together by the kernel set the
//! backend runs (AVX2, AVX-512, NEON, or one scalar permutation per lane), asked for once per
//! sponge. Output is byte-for-byte mldsa-core's `Shake<RATE>` on each lane.

use crate::backend::kernels::{Dispatch, Kernels};
use mldsa_core::kernel::{Rider, Xof};
use zeroize::Zeroize;

/// The word-interleaved state, aligned to a cache line, so no vector load or store of a word
/// row (32 or 64 bytes) splits across two lines. (With `u64`'s alignment, where the state
/// landed decided that; Auto on AVX2, whose 8-lane state is read as two 4-lane halves,
/// generated ML-DSA-65 keys in 51.7 against 57.4 µs with the alignment, Intel Xeon, best of 5.)
#[repr(C, align(64))]
struct State<const LANES: usize>([[u64; LANES]; 25]);

/// A `LANES`-lane SHAKE sponge with `RATE` bytes of rate, permuted by backend `D`'s kernels.
/// The state is wiped on drop.
pub struct Sponge<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> {
    state: State<LANES>,
    /// Set once the first squeezed block has been read (the next one needs a permutation).
    started: bool,
    /// Lanes absorbed.
    lanes: usize,
    kernels: D::Kernels,
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> Sponge<LANES, RATE, D> {
    /// Permutes the lanes in use and, when a lane is left free, `rider`'s next block in it.
    fn permute(&mut self, rider: &mut Rider<'_>) {
        let free = self.lanes;
        if free < LANES
            && let Some(r) = rider.next_block()
        {
            for (w, v) in self.state.0.iter_mut().zip(r.iter()) {
                w[free] = *v;
            }
            self.kernels.f1600xn(&mut self.state.0, free + 1);
            for (w, v) in self.state.0.iter().zip(r.iter_mut()) {
                *v = w[free];
            }
        } else if free == 1 && self.kernels.f1600_lone_single() {
            // A batch's last polynomial drawing alone. The copy may be secret (ExpandS): wiped.
            let mut one: [u64; 25] = core::array::from_fn(|w| self.state.0[w][0]);
            self.kernels.f1600(&mut one);
            for (w, v) in self.state.0.iter_mut().zip(&one) {
                w[0] = *v;
            }
            one.zeroize();
        } else {
            self.kernels.f1600xn(&mut self.state.0, free);
        }
    }

    /// XORs `block` (at most RATE bytes) into `lane` from byte 0.
    fn xor_lane(&mut self, lane: usize, block: &[u8]) {
        let mut words = block.chunks_exact(8);
        for (w, bytes) in (&mut words).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            self.state.0[w][lane] ^= u64::from_le_bytes(b);
        }
        let tail = words.remainder();
        let w = block.len() >> 3;
        for (i, byte) in tail.iter().enumerate() {
            self.state.0[w][lane] ^= (*byte as u64) << (i << 3);
        }
    }
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> Xof for Sponge<LANES, RATE, D> {
    const LANES: usize = LANES;
    /// The narrowest vector permutation: 4 lanes on x86-64 (an 8-lane sponge holding at most
    /// 4 lanes runs one `ymm` permutation), 2 on NEON.
    const GRANULE: usize = if LANES > 4 { 4 } else { LANES };
    /// A lane of an 8-lane batch (an eighth of its permutations, on AVX2 alone the eighth of
    /// two 4-lane ones) costs less than one single-lane permutation: ride with any block
    /// ready. A lane of a 4-lane batch costs a quarter of five 4-lane permutations, 1.2 to 2.3
    /// single-lane ones on the CPUs measured (AMD Zen 3 / 4, Intel Xeon): ride only when the
    /// rider fills the lane for a whole ExpandA batch (five blocks). Never on 2 lanes.
    const RIDE_MIN: usize = match LANES {
        8.. => 1,
        4..8 => 5,
        _ => usize::MAX,
    };
    const RATE: usize = RATE;
    type Lanes<T> = [T; LANES];
    /// Five SHAKE128 blocks (ExpandA's 256 coefficients need 4.6), six of SHAKE256.
    type Blocks = [u8; 840];

    #[inline]
    fn blocks() -> [u8; 840] {
        [0; 840]
    }

    #[inline]
    fn permutation_lanes() -> usize {
        D::kernels().f1600_width()
    }

    #[inline]
    fn lanes<T>(f: impl FnMut(usize) -> T) -> [T; LANES] {
        core::array::from_fn(f)
    }

    #[inline]
    fn absorb(inputs: &[&[u8]]) -> Self {
        Self::absorb_riding(inputs, &mut Rider::idle())
    }

    fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]) {
        self.squeeze_blocks_riding(out, &mut Rider::idle())
    }

    /// Absorbs and pads (SHAKE suffix 1111, then pad10*1; FIPS 202, Sections 5.1 and 6.2).
    /// Inlined, so that the sponge is built where the sampler keeps it rather than copied
    /// there on return.
    #[inline]
    fn absorb_riding(inputs: &[&[u8]], rider: &mut Rider<'_>) -> Self {
        assert!((1..=LANES).contains(&inputs.len()), "1 to LANES lanes");
        let len = inputs[0].len();
        assert!(inputs.iter().all(|i| i.len() == len), "equal-length lanes");
        let mut s = Sponge {
            state: State([[0; LANES]; 25]),
            started: false,
            lanes: inputs.len(),
            kernels: D::kernels(),
        };
        let mut off = 0;
        while len - off >= RATE {
            for (lane, input) in inputs.iter().enumerate() {
                s.xor_lane(lane, &input[off..off + RATE]);
            }
            s.permute(rider);
            off += RATE;
        }
        let rem = len - off;
        for (lane, input) in inputs.iter().enumerate() {
            s.xor_lane(lane, &input[off..]);
            s.state.0[rem >> 3][lane] ^= 0x1f << ((rem & 7) << 3);
            s.state.0[(RATE - 1) >> 3][lane] ^= 0x80 << (((RATE - 1) & 7) << 3);
        }
        s.permute(rider);
        s
    }

    fn squeeze_blocks_riding(&mut self, out: &mut [&mut [u8]], rider: &mut Rider<'_>) {
        assert_eq!(out.len(), self.lanes, "one output per absorbed lane");
        let len = out[0].len();
        assert!(
            out.iter().all(|o| o.len() == len) && len.is_multiple_of(RATE),
            "equal whole-block outputs"
        );
        let mut off = 0;
        while off < len {
            if self.started {
                self.permute(rider);
            }
            self.started = true;
            self.kernels.copy_out(&self.state.0, RATE >> 3, off, out);
            off += RATE;
        }
    }
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> Drop for Sponge<LANES, RATE, D> {
    fn drop(&mut self) {
        // Flattened: one bulk write (zeroize's slice path) instead of a store per word.
        self.state.0.as_flattened_mut().zeroize();
    }
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> zeroize::ZeroizeOnDrop
    for Sponge<LANES, RATE, D>
{
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> core::fmt::Debug
    for Sponge<LANES, RATE, D>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Sponge<{LANES}, {RATE}> {{ .. }}")
    }
}
