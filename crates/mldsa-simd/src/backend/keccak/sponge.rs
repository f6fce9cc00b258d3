//! The multi-lane SHAKE sponge every vector backend shares (FIPS 202, Sections 4 and 6.2):
//! `LANES` Keccak-f\[1600\] states held word-interleaved (`state[word][lane]`), absorbed, padded
//! and squeezed with scalar word XORs and copies, and permuted together by the kernel set the
//! backend runs (AVX2, AVX-512, NEON, or one scalar permutation per lane), asked for once per
//! sponge. Output is byte-for-byte mldsa-core's `Shake<RATE>` on each lane.

use crate::backend::kernels::{Dispatch, Kernels};
use mldsa_core::kernel::{Rider, Xof};
use zeroize::Zeroize;

/// A `LANES`-lane SHAKE sponge with `RATE` bytes of rate, permuted by backend `D`'s kernels.
/// The state is wiped on drop.
pub struct Sponge<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> {
    state: [[u64; LANES]; 25],
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
            for (w, v) in self.state.iter_mut().zip(r.iter()) {
                w[free] = *v;
            }
            self.kernels.f1600xn(&mut self.state, free + 1);
            for (w, v) in self.state.iter().zip(r.iter_mut()) {
                *v = w[free];
            }
        } else {
            self.kernels.f1600xn(&mut self.state, free);
        }
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

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> Xof for Sponge<LANES, RATE, D> {
    const LANES: usize = LANES;
    /// The narrowest vector permutation: 4 lanes on x86-64 (an 8-lane sponge holding at most
    /// 4 lanes runs one `ymm` permutation), 2 on NEON.
    const GRANULE: usize = if LANES > 4 { 4 } else { LANES };
    const RATE: usize = RATE;
    type Lanes<T> = [T; LANES];

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
            state: [[0; LANES]; 25],
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
            s.state[rem >> 3][lane] ^= 0x1f << ((rem & 7) << 3);
            s.state[(RATE - 1) >> 3][lane] ^= 0x80 << (((RATE - 1) & 7) << 3);
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
            self.kernels.copy_out(&self.state, RATE >> 3, off, out);
            off += RATE;
        }
    }
}

impl<const LANES: usize, const RATE: usize, D: Dispatch<LANES>> Drop for Sponge<LANES, RATE, D> {
    fn drop(&mut self) {
        // Flattened: one bulk write (zeroize's slice path) instead of a store per word.
        self.state.as_flattened_mut().zeroize();
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
