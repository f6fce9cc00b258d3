//! The kernel seam, as a pure interface: every polynomial-level operation a SIMD backend may
//! replace, with the bounds each input satisfies and each output promises. The algorithms
//! (`keygen.rs`, `sign.rs`, `verify.rs`) are written once, generic over [`Backend`], and never
//! test CPU features; a backend is chosen once per operation by whoever instantiates them.
//!
//! The trait has no default bodies: the reference kernels are [`Portable`](crate::Portable)'s
//! (`portable.rs`), and a SIMD backend names, for each operation, either its own kernel or the
//! one it falls back to (a backend may "decline" an operation, and that choice never depends on
//! the data). Whatever a backend returns must be byte-for-byte what [`Portable`](crate::Portable)
//! returns for the same inputs within the stated bounds; mldsa-simd tests each kernel against it.
//! What a kernel may use of this crate (types, constants, the reference kernels) is
//! [`crate::kernel`].
//!
//! Coefficient order: NTT-domain polynomials are in the bit-reversed order of FIPS 204,
//! Algorithm 41. A backend that wants another internal order must convert inside its own
//! kernels: everything crossing this seam uses the standard order.

use crate::challenge::Challenge;
use crate::keccak::{Permutation, Rider};
use crate::poly::{Poly, SmallPoly};
use subtle::Choice;

/// An extendable-output function evaluated on up to [`Xof::LANES`] independent inputs at once
/// (multi-lane SHAKE128 or SHAKE256 for ExpandA / ExpandS / ExpandMask).
pub trait Xof: Sized {
    /// How many independent inputs one instance absorbs (1 for the portable sponge; 4 for a
    /// 4-way AVX2 Keccak, 8 for an 8-way AVX-512 one).
    const LANES: usize;
    /// A batch of at most this many lanes costs one permutation of this width (an 8-lane
    /// sponge holding at most 4 lanes runs the 4-lane permutation): samplers that draw ahead
    /// of what they need (ExpandMask across signing attempts) round a batch up to a multiple
    /// of it rather than of `LANES`. Divides `LANES`.
    const GRANULE: usize;
    /// The fewest blocks a [`Rider`] must have ready for a batch to leave it a lane: below
    /// this, the lane's share of the batch's permutations costs more than the single-lane
    /// permutations the rider saves (`usize::MAX`: never).
    const RIDE_MIN: usize;
    /// The rate in bytes (168 for SHAKE128, 136 for SHAKE256).
    const RATE: usize;
    /// One `T` per lane (`[T; LANES]`): sizes the samplers' per-lane seeds, blocks and carried
    /// polynomials, so a one-lane XOF (the portable backend, the firmware) keeps one-lane
    /// buffers on its stack.
    type Lanes<T>: AsRef<[T]> + AsMut<[T]>;
    /// A lane's buffer in the rejection samplers: as many whole blocks as it holds are
    /// squeezed (up to what a polynomial usually needs: ExpandA 5 blocks, ExpandS 2) and
    /// parsed in one kernel call, before any further block one at a time. One block for the
    /// portable sponge (the firmware's stack); the vector sponges hold ExpandA's five, so a
    /// polynomial costs one kernel call instead of five.
    type Blocks: AsRef<[u8]> + AsMut<[u8]>;
    /// A zeroed [`Blocks`](Self::Blocks).
    fn blocks() -> Self::Blocks;
    /// The most lanes one permutation runs at the cost of one on this CPU: `LANES`, or fewer
    /// where a batch costs more than one (an 8-lane XOF on AVX2 alone runs two 4-lane
    /// permutations), 1 where lanes are permuted one by one. A sampler that would add a lane
    /// to a batch (c̃'s rider beside a whole y in signing) asks whether it still fits one
    /// permutation.
    fn permutation_lanes() -> usize {
        Self::LANES
    }
    /// `Lanes<T>` holding `f(i)` in lane i (called for i = 0, 1, … in order).
    fn lanes<T>(f: impl FnMut(usize) -> T) -> Self::Lanes<T>;
    /// Absorbs and pads `inputs` (1 ..= LANES slices of equal length).
    fn absorb(inputs: &[&[u8]]) -> Self;
    /// Squeezes the next blocks of every lane: `out` has as many slices as were absorbed, each
    /// of the same length, a multiple of `RATE`.
    fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]);
    /// [`absorb`](Self::absorb), and when fewer than `LANES` inputs leave a lane free, the
    /// permutation also runs `rider`'s next block in that lane ([`Rider::next_block`]). An XOF
    /// without a free lane leaves the rider as it is.
    fn absorb_riding(inputs: &[&[u8]], rider: &mut Rider<'_>) -> Self;
    /// [`squeeze_blocks`](Self::squeeze_blocks), with `rider` as in
    /// [`absorb_riding`](Self::absorb_riding) on every permutation it runs.
    fn squeeze_blocks_riding(&mut self, out: &mut [&mut [u8]], rider: &mut Rider<'_>);
}

/// The polynomial kernels of ML-DSA. Implemented by zero-sized marker types.
///
/// Bounds use |x| for the absolute value of the signed `i32` representative.
pub trait Backend: Copy + Default + core::fmt::Debug + Send + Sync + 'static {
    /// SHAKE128 for ExpandA, [`Xof::RATE`] = 168.
    type Shake128: Xof;
    /// SHAKE256 for ExpandS and ExpandMask, [`Xof::RATE`] = 136.
    type Shake256: Xof;
    /// The single-lane Keccak-f\[1600\] of H (ξ's expansion, tr, ρ″, c̃): equal to
    /// [`KeccakF1600`](crate::kernel::KeccakF1600).
    type Keccak: Permutation;

    /// Forward NTT (FIPS 204, Algorithm 41). In: |a| < q. Out: |a| < 9q.
    fn ntt(a: &mut Poly);

    /// Inverse NTT times 2^32 (Algorithm 42 with the Montgomery factor). In: |a| < q.
    /// Out: |a| < q.
    fn inv_ntt(a: &mut Poly);

    /// c = a ∘ b · 2^-32 (NTT-domain product, Algorithm 45 in Montgomery form).
    /// In: |a·b| < 2^31·q per coefficient (e.g. both < 9q). Out: |c| < q.
    fn pointwise(c: &mut Poly, a: &Poly, b: &Poly);

    /// c = Σ_j a_j ∘ b_j · 2^-32 over one row (a.len() = b.len() ≤ 7).
    /// In: a_j in [0, q) (ExpandA output), |b_j| < 9q (NTT output). Out: |c| < q.
    fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]);

    /// out = c·s in Z\[X\]/(X^256 + 1), exactly, for the sparse challenge c (public) and a
    /// small secret s. In: |s| ≤ η, η in {2, 4} (s1, s2), at most
    /// [`MAX_WEIGHT`](crate::kernel::MAX_WEIGHT) terms. Out: |out| ≤ 256, the exact value. Replaces
    /// NTT^-1(ĉ ∘ ŝ) in signing: τ rotated additions of s instead of a pointwise product and an
    /// inverse NTT.
    fn challenge_mul(eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly);

    /// reduce32 on every coefficient. In: a ≤ 2^31 - 2^22 - 1. Out: |a| ≤ 6283009, same
    /// residue; small residues (|v| < q/8) come out as exactly v.
    fn reduce(a: &mut Poly);

    /// Adds q to negative coefficients. In: |a| < q. Out: [0, q).
    fn caddq(a: &mut Poly);

    /// Power2Round (Algorithm 35) on every coefficient. In: `t` in [0, q).
    /// Out: `t` = t1 in [0, 2^10), `t0` in (-2^12, 2^12].
    fn power2round(t: &mut Poly, t0: &mut Poly);

    /// Decompose (Algorithm 36) on every coefficient. In: `w` in [0, q).
    /// Out: `w` = w1 in [0, (q-1)/2γ2), `w0` in (-γ2, γ2] (or -γ2 in the q-1 special case).
    fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly);

    /// MakeHint (Algorithm 39, in the low/high-part form of [`make_hint`](crate::kernel::reference::make_hint)) on every
    /// coefficient: h ∈ {0, 1}. In: |r0| < 2γ2, r1 a Decompose high part. Returns Σ h.
    fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize;

    /// UseHint (Algorithm 40) on every coefficient. In: `w` in [0, q), `h` in {0, 1}.
    /// Out: `w` = corrected high part.
    fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly);

    /// Whether ‖a‖∞ ≥ bound, without branching on the coefficients.
    /// In: |a| ≤ 6283009 (reduce32 output), 0 < bound ≤ (q-1)/8.
    fn norm_exceeds(a: &Poly, bound: i32) -> Choice;

    /// RejNTTPoly's inner step (Algorithm 30): parses 3-byte candidates from `buf` (length a
    /// multiple of 3) into `out` while there is room, keeping those < q. Returns how many
    /// were kept; `out` past that count is scratch a backend may overwrite. Public data only
    /// (ExpandA).
    fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize;

    /// RejBoundedPoly's inner step (Algorithm 31, with CoeffFromHalfByte, Algorithm 15):
    /// parses half-bytes of `buf` into coefficients in [-η, η] while there is room. Returns
    /// how many were kept; `out` past that count is scratch a backend may overwrite (with
    /// values of the same secret polynomial). η ∈ {2, 4}.
    fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize;

    /// BitPack(z, γ1 - 1, γ1) (Algorithm 17) of one polynomial. In: z in (-γ1, γ1].
    /// `out` has 32·(γ1_bits + 1) bytes.
    fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly);

    /// BitUnpack(·, γ1 - 1, γ1) (Algorithm 19): every bit pattern decodes, to (-γ1, γ1].
    fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]);

    /// SimpleBitPack(w1, (q-1)/(2γ2) - 1) (Algorithm 16) for w1Encode (Algorithm 28).
    fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly);

    /// BitPack(s, η, η) (Algorithm 17) for skEncode (Algorithm 24): η - s in 3 bits (η = 2) or
    /// 4 bits (η = 4). In: s in [-η, η] (secret: no branch or index may depend on it). `out`
    /// has 32·bits bytes.
    fn pack_eta(eta: i32, out: &mut [u8], s: &Poly);

    /// BitPack(t0, 2^(d-1) - 1, 2^(d-1)) (Algorithm 17) for skEncode (Algorithm 24): 2^12 - t0
    /// in 13 bits. In: t0 in (-2^12, 2^12] (Power2Round output). `out` has 416 bytes.
    fn pack_t0(out: &mut [u8], t0: &Poly);

    /// SimpleBitPack(t1, 2^10 - 1) for pkEncode (Algorithm 22). In: t1 in [0, 2^10).
    fn pack_t1(out: &mut [u8], t1: &Poly);

    /// SimpleBitUnpack(·, 2^10 - 1) for pkDecode (Algorithm 23).
    fn unpack_t1(t1: &mut Poly, buf: &[u8]);
}
