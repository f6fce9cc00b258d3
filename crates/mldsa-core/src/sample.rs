//! Sampling (FIPS 204, Section 7.3): the rejection kernels, and ExpandA / ExpandS / ExpandMask /
//! SampleInBall composed from a backend's multi-lane XOF and kernels.

use crate::backend::{Backend, Xof};
use crate::ct::{declassify, declassify_bytes, declassify_u64};
use crate::keccak::Rider;
use crate::params::{N, ParameterSet, Q};
use crate::poly::Poly;
use zeroize::Zeroize;

/// RejNTTPoly's candidate parsing (FIPS 204, Algorithm 30 with CoeffFromThreeBytes,
/// Algorithm 14). Public data only: the branch on each candidate is fine.
pub fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
    let mut n = 0;
    for b in buf.chunks_exact(3) {
        if n == out.len() {
            break;
        }
        if let Some(t) = coeff_from_three_bytes(b) {
            out[n] = t;
            n += 1;
        }
    }
    n
}

/// CoeffFromThreeBytes (FIPS 204, Algorithm 14): the 23-bit little-endian value of `b[..3]` if
/// it is below q.
#[inline(always)]
pub fn coeff_from_three_bytes(b: &[u8]) -> Option<i32> {
    let t = (b[0] as i32 | (b[1] as i32) << 8 | (b[2] as i32) << 16) & 0x7f_ffff;
    (t < Q).then_some(t)
}

/// RejBoundedPoly's candidate parsing (FIPS 204, Algorithm 31 with CoeffFromHalfByte,
/// Algorithm 15). The accepted values are secret (s1, s2): they are computed without a
/// division (t mod 5 by multiply-and-shift). Which half-bytes are rejected is revealed (through
/// [`crate::ct::declassify_u64`] for 16 at a time and [`crate::ct::declassify`] for the last
/// ones, the comparison results only); it is independent of the accepted coefficients (as in
/// the reference code).
pub fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
    let limit = if eta == 2 { 15 } else { 9 };
    let value = |t: i32| {
        if eta == 2 {
            // t mod 5 = t - 5·floor(t/5), floor(t/5) = (205·t) >> 10 for t < 15.
            2 - (t - ((205 * t) >> 10) * 5)
        } else {
            4 - t
        }
    };
    // Eight bytes (16 half-bytes) at a time while 16 outputs are free: their accept bits are
    // computed branch-free and made public by one declassification (the same fact, 16 at a
    // time; one declassification call per half-byte took a quarter of the portable key
    // generation), then the accepted values are stored in order.
    let (mut n, mut pos) = (0, 0);
    while pos + 8 <= buf.len() && out.len() - n >= 16 {
        let bytes: [u8; 8] = buf[pos..pos + 8].try_into().expect("8 bytes");
        let word = u64::from_le_bytes(bytes);
        let mut accept = 0u64;
        for i in 0..16 {
            let t = ((word >> (4 * i)) & 0xf) as i32;
            accept |= ((((t - limit) >> 31) & 1) as u64) << i;
        }
        let accept = declassify_u64(accept);
        for i in 0..16 {
            if (accept >> i) & 1 == 1 {
                out[n] = value(((word >> (4 * i)) & 0xf) as i32);
                n += 1;
            }
        }
        pos += 8;
    }
    // The rest one half-byte at a time, stopping when `out` is full.
    for &b in &buf[pos..] {
        for t in [(b & 0x0f) as i32, (b >> 4) as i32] {
            if n == out.len() {
                return n;
            }
            // t < limit as a 0/1 mask bit, without a comparison branch on t.
            let accept = subtle::Choice::from(((t - limit) >> 31 & 1) as u8);
            if declassify(accept) {
                out[n] = value(t);
                n += 1;
            }
        }
    }
    n
}

/// The next at most `lanes` (≤ `X::LANES`) polynomials of `out`, and how many there are.
fn next_batch<'p, X: Xof>(
    out: &mut impl Iterator<Item = &'p mut Poly>,
    lanes: usize,
) -> (X::Lanes<Option<&'p mut Poly>>, usize) {
    let polys = X::lanes(|i| if i < lanes { out.next() } else { None });
    let n = polys.as_ref().iter().take_while(|p| p.is_some()).count();
    (polys, n)
}

/// Runs a rejection sampler over independent XOF lanes, in batches of the XOF's lanes, until
/// every polynomial of `out` is full; `seed(t, s)` writes the XOF input of the t-th polynomial
/// into `s[..seed_len]`. Squeezes `first` blocks per lane (as many of them as [`Xof::Blocks`]
/// holds) and parses them in one kernel call per lane, then one block per lane per round,
/// so no lane draws more than `first` blocks or what it needs plus one. Seeds and the squeezed
/// bytes are wiped afterwards when `SECRET` (ExpandS); ExpandA's are public (ρ, the indices,
/// and what they expand to).
///
/// While `rider` has at least [`Xof::RIDE_MIN`] blocks ready (and the XOF more than one lane),
/// a batch takes one lane fewer, and the rider's blocks are permuted in the lane left free.
/// `bufs` is scratch (a caller sampling in several calls keeps one for all of them).
fn rejection_batches<'p, X: Xof, const SECRET: bool>(
    seed_len: usize,
    first: usize,
    mut seed: impl FnMut(usize, &mut [u8; 66]),
    mut out: impl Iterator<Item = &'p mut Poly>,
    mut kernel: impl FnMut(&mut [i32], &[u8]) -> usize,
    rider: &mut Rider<'_>,
    bufs: &mut Buffers<X>,
) {
    let mut seeds = X::lanes(|_| [0u8; 66]);
    // As many of the `first` blocks as the buffer holds (one for the portable sponge).
    let mut first = first.max(1);
    while first > 1 && first * X::RATE > bufs.as_ref()[0].as_ref().len() {
        first -= 1;
    }
    let mut t = 0;
    loop {
        let (mut polys, n) = next_batch::<X>(&mut out, batch_lanes::<X>(rider));
        if n == 0 {
            break;
        }
        for s in seeds.as_mut().iter_mut().take(n) {
            seed(t, s);
            t += 1;
        }
        let seeds_in = seeds.as_ref();
        let inputs = X::lanes(|i| &seeds_in[i][..seed_len]);
        let mut xof = X::absorb_riding(&inputs.as_ref()[..n], rider);
        let mut filled = X::lanes(|_| 0usize);
        let mut blocks = first;
        while filled.as_ref()[..n].iter().any(|&f| f < N) {
            let mut lanes = bufs.as_mut().iter_mut();
            let mut outs = X::lanes(|_| {
                lanes
                    .next()
                    .map_or(&mut [][..], |b| &mut b.as_mut()[..blocks * X::RATE])
            });
            xof.squeeze_blocks_riding(&mut outs.as_mut()[..n], rider);
            for ((p, f), b) in polys
                .as_mut()
                .iter_mut()
                .flatten()
                .zip(filled.as_mut())
                .zip(outs.as_ref())
            {
                *f += kernel(&mut p.coeffs[*f..], b);
            }
            blocks = 1;
        }
    }
    if SECRET {
        for b in bufs.as_mut() {
            // zeroize's slice path is one bulk write, its array path a store per byte.
            b.as_mut()[..first * X::RATE].zeroize();
        }
        seeds.as_mut().as_flattened_mut().zeroize();
    }
}

/// Per-lane squeeze buffers of `X`'s samplers.
type Buffers<X> = <X as Xof>::Lanes<<X as Xof>::Blocks>;

/// Zeroed [`Buffers`].
fn buffers<X: Xof>() -> Buffers<X> {
    X::lanes(|_| X::blocks())
}

/// The lanes a batch of `X` takes: all of them, or one fewer while `rider` has at least
/// [`Xof::RIDE_MIN`] blocks ready.
fn batch_lanes<X: Xof>(rider: &Rider<'_>) -> usize {
    if X::LANES > 1 && rider.pending() >= X::RIDE_MIN {
        X::LANES - 1
    } else {
        X::LANES
    }
}

/// ExpandA entries (FIPS 204, Algorithm 32): the t-th polynomial of `out` becomes
/// Â\[r\]\[s\] = RejNTTPoly(ρ ‖ s ‖ r) for the flat row-major index `first + t` = r·ℓ + s.
/// Coefficients in [0, q). `rider` rides in the batches (see [`rejection_batches`]).
pub fn expand_a<'p, P: ParameterSet, B: Backend>(
    rho: &[u8; 32],
    first: usize,
    out: impl Iterator<Item = &'p mut Poly>,
    rider: &mut Rider<'_>,
) {
    expand_a_with::<P, B>(rho, first, out, rider, &mut buffers::<B::Shake128>());
}

/// [`expand_a`] with the caller's squeeze buffers.
fn expand_a_with<'p, P: ParameterSet, B: Backend>(
    rho: &[u8; 32],
    first: usize,
    out: impl Iterator<Item = &'p mut Poly>,
    rider: &mut Rider<'_>,
    bufs: &mut Buffers<B::Shake128>,
) {
    // ρ is the public key's first field (in key generation it is computed from ξ): public, and
    // RejNTTPoly branches on what it expands to (see `crate::ct`).
    let mut rho_pub = *rho;
    declassify_bytes(&mut rho_pub);
    let rho = &rho_pub;
    let seed = |t: usize, seed: &mut [u8; 66]| {
        let (r, s) = split_index::<P>(first + t);
        seed[..32].copy_from_slice(rho);
        seed[32] = s as u8;
        seed[33] = r as u8;
    };
    // Five SHAKE128 blocks, 280 candidates: 256 coefficients need 4.6 blocks or more.
    rejection_batches::<B::Shake128, false>(34, 5, seed, out, B::rej_uniform, rider, bufs);
}

/// The widest row, ℓ = 7 (ML-DSA-87).
const MAX_L: usize = 7;

/// Â streamed row by row, with ExpandA's multi-lane batches running across row boundaries:
/// the entries a batch produces past the end of a row are kept for the next rows, so every
/// batch but the last is full (for ML-DSA-65, 8 four-lane or 4 eight-lane batches instead of
/// 12 or 6). Key generation and verification from an encoded key use it.
pub(crate) struct RowStream<'a, P, B: Backend> {
    rho: &'a [u8; 32],
    /// The row handed out, in `row[..ℓ]`.
    row: [Poly; MAX_L],
    /// Entries drawn past the row's end, the next ones first, in `over[..carry]` (fewer than
    /// the XOF's lanes).
    over: <B::Shake128 as Xof>::Lanes<Poly>,
    carry: usize,
    /// The next row's number.
    next: usize,
    /// ExpandA's squeeze buffers, kept for all rows (zeroed once, not per row: 6.7 KB on an
    /// 8-lane backend).
    bufs: Buffers<B::Shake128>,
    _p: core::marker::PhantomData<P>,
}

impl<'a, P: ParameterSet, B: Backend> RowStream<'a, P, B> {
    pub(crate) fn new(rho: &'a [u8; 32]) -> Self {
        RowStream {
            rho,
            row: [Poly::ZERO; MAX_L],
            over: B::Shake128::lanes(|_| Poly::ZERO),
            carry: 0,
            next: 0,
            bufs: buffers::<B::Shake128>(),
            _p: core::marker::PhantomData,
        }
    }

    /// Â's next row, ℓ entries; `rider` rides in the batches drawn for it (see
    /// [`rejection_batches`]).
    pub(crate) fn next_row(&mut self, rider: &mut Rider<'_>) -> &[Poly] {
        let (l, carry) = (P::L, self.carry);
        let over = self.over.as_mut();
        // The carried entries are copied to the front (a copy, not a swap: every entry behind
        // them is overwritten next); then whole batches up to the row's end (or Â's end), the
        // entries past the row's end landing in `over`. With more lanes than ℓ a batch can
        // cover a whole further row, which is then served from `over` without drawing.
        let take = carry.min(l);
        self.row[..take].clone_from_slice(&over[..take]);
        if carry > l {
            over[..carry].rotate_left(l);
            self.carry = carry - l;
        } else {
            let first = self.next * l + carry;
            let n = (l - carry)
                .next_multiple_of(batch_lanes::<B::Shake128>(rider))
                .min(P::K * l - first);
            let dest = self.row[carry..l].iter_mut().chain(over.iter_mut());
            expand_a_with::<P, B>(self.rho, first, dest.take(n), rider, &mut self.bufs);
            // carry + n - ℓ < LANES: the batch ended within `over`.
            self.carry = (carry + n).saturating_sub(l);
        }
        self.next += 1;
        &self.row[..l]
    }
}

/// (row, column) of a flat row-major matrix index, without a division (ℓ ≤ 7, index < 56).
fn split_index<P: ParameterSet>(idx: usize) -> (usize, usize) {
    let (mut r, mut s) = (0, idx);
    while s >= P::L {
        s -= P::L;
        r += 1;
    }
    (r, s)
}

/// ExpandS (FIPS 204, Algorithm 33): item r of `out` is RejBoundedPoly(ρ' ‖ (first + r)), the
/// nonce as 2 bytes little-endian, coefficients in [-η, η]. Key generation draws s1 and s2 as
/// one stream, so that batches run across the two vectors (ML-DSA-65 with 4 lanes: 3 batches
/// for its 11 polynomials instead of 4). The lanes' XOF state and buffers are wiped afterwards.
pub(crate) fn expand_s_into<'p, P: ParameterSet, B: Backend>(
    rho_prime: &[u8; 64],
    first: u16,
    out: impl Iterator<Item = &'p mut Poly>,
) {
    let seed = |t: usize, seed: &mut [u8; 66]| {
        seed[..64].copy_from_slice(rho_prime);
        seed[64..].copy_from_slice(&(first + t as u16).to_le_bytes());
    };
    let kernel = |o: &mut [i32], b: &[u8]| B::rej_eta(P::ETA, o, b);
    // Two SHAKE256 blocks give 544 half-bytes, 510 (η = 2) or 306 (η = 4) accepted on average.
    rejection_batches::<B::Shake256, true>(
        66,
        2,
        seed,
        out,
        kernel,
        &mut Rider::idle(),
        &mut buffers::<B::Shake256>(),
    );
}

/// Bytes of SHAKE256 output one ExpandMask polynomial reads, rounded up to whole blocks:
/// 32·(1 + log2 γ1) ≤ 640 ≤ 5·136.
const MASK_BUF: usize = 5 * 136;

/// ExpandMask (FIPS 204, Algorithm 34): the r-th item of `out` is
/// BitUnpack(H(ρ'' ‖ (κ + r)), γ1 - 1, γ1), the nonce as 2 bytes little-endian (wrapping, as
/// IntegerToBytes(·, 2) does); coefficients in (-γ1, γ1]. Sampled in batches of the backend's
/// lanes; while `rider` has blocks ready, a batch leaves it a lane (see [`rejection_batches`]).
fn expand_mask_into<'p, P: ParameterSet, B: Backend>(
    rho2: &[u8; 64],
    kappa: u16,
    mut out: impl Iterator<Item = &'p mut Poly>,
    rider: &mut Rider<'_>,
    scratch: &mut MaskScratch<B>,
) {
    let blocks = P::POLY_Z_BYTES.div_ceil(136) * 136;
    let (seeds, bufs) = (&mut scratch.seeds, &mut scratch.bufs);
    let mut nonce = kappa;
    loop {
        let (mut polys, n) = next_batch::<B::Shake256>(&mut out, batch_lanes::<B::Shake256>(rider));
        if n == 0 {
            break;
        }
        for seed in seeds.as_mut().iter_mut().take(n) {
            seed[..64].copy_from_slice(rho2);
            seed[64..].copy_from_slice(&nonce.to_le_bytes());
            nonce = nonce.wrapping_add(1);
        }
        let seeds_in = seeds.as_ref();
        let inputs = B::Shake256::lanes(|i| &seeds_in[i][..]);
        let mut xof = B::Shake256::absorb_riding(&inputs.as_ref()[..n], rider);
        let mut bufs_out = bufs.as_mut().iter_mut();
        let mut outs =
            B::Shake256::lanes(|_| bufs_out.next().map_or(&mut [][..], |b| &mut b[..blocks]));
        xof.squeeze_blocks_riding(&mut outs.as_mut()[..n], rider);
        for (p, buf) in polys.as_mut().iter_mut().flatten().zip(outs.as_ref()) {
            B::unpack_z(P::GAMMA1_BITS, p, &buf[..P::POLY_Z_BYTES]);
        }
    }
}

/// ExpandMask's per-lane seeds and squeeze buffers, kept across a signature's attempts (zeroed
/// once, not per attempt: 5.4 KB with 8 lanes) and wiped on drop: the seeds hold ρ″, the
/// buffers y's encodings.
struct MaskScratch<B: Backend> {
    seeds: <B::Shake256 as Xof>::Lanes<[u8; 66]>,
    bufs: <B::Shake256 as Xof>::Lanes<[u8; MASK_BUF]>,
}

impl<B: Backend> MaskScratch<B> {
    fn new() -> Self {
        MaskScratch {
            seeds: B::Shake256::lanes(|_| [0u8; 66]),
            bufs: B::Shake256::lanes(|_| [0u8; MASK_BUF]),
        }
    }
}

impl<B: Backend> Drop for MaskScratch<B> {
    fn drop(&mut self) {
        // Flattened: zeroize's slice path is one bulk write, its array path a store per byte.
        self.seeds.as_mut().as_flattened_mut().zeroize();
        self.bufs.as_mut().as_flattened_mut().zeroize();
    }
}

/// ExpandMask across signing attempts: attempt i needs y for the nonces iℓ .. iℓ + ℓ - 1, and
/// with ℓ not a multiple of the batch size the last batch of an attempt would run lanes empty
/// (ML-DSA-65, 4 lanes: 4 + 1). Those lanes draw the next attempts' first polynomials instead,
/// kept here until asked for (the same nonces, so the same y), so every batch is full: 1.25
/// batches per ML-DSA-65 attempt instead of 2. A batch is rounded up to the XOF's
/// [`GRANULE`](Xof::GRANULE), not to all its lanes, so that at most `GRANULE - 1`
/// polynomials are drawn ahead (wasted once an attempt is accepted).
///
/// Where a y and one more lane fit one permutation ([`prefetching`](Self::prefetching): the
/// AVX-512 backend's 8 lanes, where 512-bit operations run at full width), an attempt also draws the whole y of the next one ahead while
/// it hashes c̃ ([`prefetch`](Self::prefetch)): that batch leaves a lane to c̃'s absorption,
/// whose first five blocks then cost a lane of a multi-lane permutation each instead of a
/// single-lane permutation, and the batch is wasted once the attempt is accepted. Signing
/// mean time, Intel Xeon (family 6 model 207), two series of 6 runs of 3 000 signatures, each
/// alternating per call with PQClean's: 2.6-4.2 / 4.9-7.1 / 0.4-2.0 % less for ML-DSA-44 /
/// 65 / 87 (ML-DSA-87's 7 + 1 lanes fill the batch that was a 4-lane one one attempt in four).
/// With an 8-lane XOF on AVX2 alone (two 4-lane permutations per batch) the extra lane can
/// add a permutation, and the same change was 1-5 % slower: no prefetch there. The kept
/// polynomials are secret and wiped on drop.
pub(crate) struct MaskStream<'a, P, B: Backend> {
    rho2: &'a [u8; 64],
    /// The nonce of the first polynomial not drawn yet.
    nonce: u16,
    carry: <B::Shake256 as Xof>::Lanes<Poly>,
    /// Polynomials of the next attempts in `carry`, in nonce order.
    carried: usize,
    scratch: MaskScratch<B>,
    _p: core::marker::PhantomData<P>,
}

impl<'a, P: ParameterSet, B: Backend> MaskStream<'a, P, B> {
    /// Whether [`prefetch`](Self::prefetch) may draw ahead: one permutation of this CPU runs
    /// a whole y and a lane for c̃ (so `carry`, one polynomial per lane, holds a y and what its
    /// batch draws beyond it). False at compile time for XOFs of at most ℓ lanes.
    #[inline]
    pub(crate) fn prefetching() -> bool {
        B::Shake256::LANES > P::L && B::Shake256::permutation_lanes() > P::L
    }

    pub(crate) fn new(rho2: &'a [u8; 64]) -> Self {
        MaskStream {
            rho2,
            nonce: 0,
            carry: B::Shake256::lanes(|_| Poly::ZERO),
            carried: 0,
            scratch: MaskScratch::new(),
            _p: core::marker::PhantomData,
        }
    }

    /// The next attempt's y (ℓ polynomials) into `y`: the kept ones first, then a draw of the
    /// rest, rounded up to a granule with polynomials kept for the next attempt.
    pub(crate) fn next(&mut self, y: &mut [Poly]) {
        let take = self.carried.min(y.len());
        let carry = self.carry.as_mut();
        // Copied, not swapped (one pass over each instead of three); the copy left in `carry`
        // is overwritten by a later draw or wiped on drop.
        for (yi, kept) in y.iter_mut().zip(carry.iter()).take(take) {
            yi.clone_from(kept);
        }
        // What stays kept (after a prefetch, the draw beyond its y) is copied to the front, in
        // order (not rotated: the entries just taken need not move; what is left behind is
        // overwritten or wiped as above).
        for i in 0..self.carried - take {
            let (front, back) = carry.split_at_mut(i + take);
            front[i].clone_from(&back[0]);
        }
        self.carried -= take;
        let need = y.len() - take;
        if need > 0 {
            // carried = 0 here (take = what was kept).
            let extra = need.next_multiple_of(B::Shake256::GRANULE) - need;
            expand_mask_into::<P, B>(
                self.rho2,
                self.nonce,
                y[take..].iter_mut().chain(carry[..extra].iter_mut()),
                &mut Rider::idle(),
                &mut self.scratch,
            );
            self.nonce = self.nonce.wrapping_add((need + extra) as u16);
            self.carried = extra;
        }
    }

    /// Draws ahead what the next attempt's y lacks, with `rider` in a lane of the batch: the
    /// batch (need + 1 lanes) is rounded up to a granule with polynomials of the attempt after,
    /// as far as `carry` holds them. Only where [`prefetching`](Self::prefetching).
    pub(crate) fn prefetch(&mut self, rider: &mut Rider<'_>) {
        let kept = self.carried;
        let need = P::L.saturating_sub(kept);
        if need == 0 {
            return;
        }
        let lanes = B::Shake256::LANES;
        let extra =
            ((need + 1).next_multiple_of(B::Shake256::GRANULE) - need - 1).min(lanes - kept - need);
        let carry = self.carry.as_mut();
        expand_mask_into::<P, B>(
            self.rho2,
            self.nonce,
            carry[kept..kept + need + extra].iter_mut(),
            rider,
            &mut self.scratch,
        );
        self.nonce = self.nonce.wrapping_add((need + extra) as u16);
        self.carried = kept + need + extra;
    }
}

impl<P, B: Backend> Drop for MaskStream<'_, P, B> {
    fn drop(&mut self) {
        self.carry.as_mut().iter_mut().for_each(Zeroize::zeroize);
    }
}

/// SampleInBall (FIPS 204, Algorithm 29): the challenge c with τ coefficients ±1 from c̃, as a
/// polynomial.
///
/// c̃ is public for the signature that is output, and treated as public for rejected signing
/// iterations too (it is a hash of a commitment that is never revealed; see [`crate::ct`]): the
/// rejection of out-of-range positions and the memory index j depend on it.
pub fn sample_in_ball<P: ParameterSet, F: crate::keccak::Permutation>(c_tilde: &[u8]) -> Poly {
    crate::challenge::Challenge::sample_with::<P, F>(c_tilde).to_poly()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Portable;
    use crate::params::{MlDsa44, MlDsa65, MlDsa87};

    /// The portable sponge with a buffer of two blocks: the samplers squeeze two first, then
    /// continue one at a time (the vector sponges' five-block buffer rarely reaches that).
    struct TwoBlocks<const RATE: usize>(crate::keccak::Shake<RATE>);

    impl<const RATE: usize> Xof for TwoBlocks<RATE> {
        const LANES: usize = 1;
        const GRANULE: usize = 1;
        const RIDE_MIN: usize = usize::MAX;
        const RATE: usize = RATE;
        type Lanes<T> = [T; 1];
        type Blocks = [u8; 336];
        fn lanes<T>(f: impl FnMut(usize) -> T) -> [T; 1] {
            core::array::from_fn(f)
        }
        fn blocks() -> [u8; 336] {
            [0; 336]
        }
        fn absorb(inputs: &[&[u8]]) -> Self {
            TwoBlocks(<crate::keccak::Shake<RATE> as Xof>::absorb(inputs))
        }
        fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]) {
            self.0.squeeze_blocks(out[0]);
        }
        fn absorb_riding(inputs: &[&[u8]], _: &mut Rider<'_>) -> Self {
            Self::absorb(inputs)
        }
        fn squeeze_blocks_riding(&mut self, out: &mut [&mut [u8]], _: &mut Rider<'_>) {
            self.0.squeeze_blocks(out[0]);
        }
    }

    /// Rejection sampling over a two-block first squeeze and its continuation block by block
    /// gives the one-block-at-a-time polynomials (RejNTTPoly on SHAKE128, RejBoundedPoly with
    /// η = 4 on SHAKE256).
    #[test]
    fn multi_block_first_squeeze() {
        fn check<const RATE: usize, const SECRET: bool>(
            seed_len: usize,
            first: usize,
            kernel: impl Fn(&mut [i32], &[u8]) -> usize + Copy,
        ) {
            let seed = |t: usize, s: &mut [u8; 66]| {
                *s = core::array::from_fn(|i| (i * 7 + t) as u8);
            };
            let (mut one, mut two) = ([Poly::ZERO; 3], [Poly::ZERO; 3]);
            let idle = &mut Rider::idle();
            rejection_batches::<crate::keccak::Shake<RATE>, SECRET>(
                seed_len,
                first,
                seed,
                one.iter_mut(),
                kernel,
                idle,
                &mut buffers::<crate::keccak::Shake<RATE>>(),
            );
            rejection_batches::<TwoBlocks<RATE>, SECRET>(
                seed_len,
                first,
                seed,
                two.iter_mut(),
                kernel,
                idle,
                &mut buffers::<TwoBlocks<RATE>>(),
            );
            for (a, b) in one.iter().zip(&two) {
                assert_eq!(a.coeffs, b.coeffs, "rate {RATE}");
            }
        }
        check::<168, false>(34, 5, rej_uniform);
        check::<136, true>(66, 5, |o: &mut [i32], b: &[u8]| rej_eta(4, o, b));
    }

    #[test]
    fn rej_uniform_edges() {
        // 0x7fffff masks the top bit; q - 1 accepted, q and 2^23 - 1 rejected.
        let q = Q as u32;
        let mut buf = [0u8; 12];
        for (chunk, v) in buf
            .chunks_exact_mut(3)
            .zip([q - 1, q, 0x7f_ffff, q - 1 + (1 << 23)])
        {
            chunk.copy_from_slice(&v.to_le_bytes()[..3]);
        }
        let mut out = [0i32; 4];
        assert_eq!(rej_uniform(&mut out, &buf), 2);
        assert_eq!(out[..2], [Q - 1, Q - 1]);
        // A full output stops consuming.
        assert_eq!(rej_uniform(&mut out[..1], &buf), 1);
    }

    #[test]
    fn rej_eta_maps_half_bytes() {
        let buf: [u8; 8] = core::array::from_fn(|i| (i as u8 * 2) | ((i as u8 * 2 + 1) << 4));
        let mut out = [0i32; 16];
        assert_eq!(rej_eta(2, &mut out, &buf), 15);
        for (t, v) in out.iter().take(15).enumerate() {
            assert_eq!(*v, 2 - (t as i32).rem_euclid(5));
        }
        assert_eq!(rej_eta(4, &mut out, &buf), 9);
        for (t, v) in out.iter().take(9).enumerate() {
            assert_eq!(*v, 4 - t as i32);
        }
    }

    #[test]
    fn challenge_weight() {
        fn check<P: ParameterSet>() {
            for seed in 0..20u8 {
                let c =
                    sample_in_ball::<P, crate::keccak::KeccakF1600>(&[seed; 64][..P::CTILDE_BYTES]);
                assert_eq!(c.coeffs.iter().filter(|&&x| x != 0).count(), P::TAU);
                assert!(c.coeffs.iter().all(|&x| (-1..=1).contains(&x)));
            }
        }
        check::<MlDsa44>();
        check::<MlDsa65>();
        check::<MlDsa87>();
    }

    #[test]
    fn samplers_ranges() {
        let mut m = [Poly::ZERO; 30];
        expand_a::<MlDsa65, Portable>(&[7; 32], 0, m.iter_mut(), &mut Rider::idle());
        assert!(
            m.iter()
                .all(|p| p.coeffs.iter().all(|&c| (0..Q).contains(&c)))
        );
        // A row sampled alone equals the same row of the whole matrix.
        let mut row = [Poly::ZERO; 5];
        expand_a::<MlDsa65, Portable>(&[7; 32], 10, row.iter_mut(), &mut Rider::idle());
        assert!(row.iter().zip(&m[10..15]).all(|(a, b)| a == b));
        let mut s = [Poly::ZERO; 6];
        expand_s_into::<MlDsa65, Portable>(&[9; 64], 5, s.iter_mut());
        assert!(
            s.iter()
                .all(|p| p.coeffs.iter().all(|&c| (-4..=4).contains(&c)))
        );
        let mut y = [Poly::ZERO; 5];
        expand_mask_into::<MlDsa65, Portable>(
            &[3; 64],
            65535,
            y.iter_mut(),
            &mut Rider::idle(),
            &mut MaskScratch::new(),
        );
        let g1 = MlDsa65::GAMMA1;
        assert!(
            y.iter()
                .all(|p| p.coeffs.iter().all(|&c| -g1 < c && c <= g1))
        );
    }
}
