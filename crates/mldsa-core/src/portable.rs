//! The portable backend: plain Rust, no `unsafe`, every target; the reference twin of every
//! SIMD kernel. Each [`Backend`] operation is one line naming its kernel (in the module of the
//! FIPS 204 algorithm it implements) or one of the element-wise loops below.

use crate::backend::{Backend, Xof};
use crate::challenge::{self, Challenge};
use crate::field::{caddq, mont_mul, montgomery_reduce, reduce32};
use crate::keccak::{KeccakF1600, Permutation, Rider, Shake, Shake128, Shake256};
use crate::params::{GAMMA2_Q88, N};
use crate::poly::{Poly, SmallPoly};
use crate::{encode, ntt, rounding, sample};
use subtle::Choice;

/// The portable backend: plain Rust, no `unsafe`, every target. The reference twin of every
/// SIMD kernel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Portable;

impl Backend for Portable {
    type Shake128 = Shake128;
    type Shake256 = Shake256;
    type Keccak = KeccakF1600;

    #[inline]
    fn ntt(a: &mut Poly) {
        ntt::ntt(a)
    }

    #[inline]
    fn inv_ntt(a: &mut Poly) {
        ntt::inv_ntt(a)
    }

    #[inline]
    fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
        for i in 0..N {
            c.coeffs[i] = mont_mul(a.coeffs[i], b.coeffs[i]);
        }
    }

    #[inline]
    fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
        // Lazy: sum the 64-bit products, reduce once. |Σ| < 7·9q² < 2^31·q, within
        // montgomery_reduce's domain.
        for i in 0..N {
            let mut acc = 0i64;
            for (aj, bj) in a.iter().zip(b.iter()) {
                acc += aj.coeffs[i] as i64 * bj.coeffs[i] as i64;
            }
            c.coeffs[i] = montgomery_reduce(acc);
        }
    }

    #[inline]
    fn challenge_mul(_eta: i32, out: &mut Poly, c: &Challenge, s: &SmallPoly) {
        challenge::mul_small(out, c, s)
    }

    #[inline]
    fn reduce(a: &mut Poly) {
        for c in a.coeffs.iter_mut() {
            *c = reduce32(*c);
        }
    }

    #[inline]
    fn caddq(a: &mut Poly) {
        for c in a.coeffs.iter_mut() {
            *c = caddq(*c);
        }
    }

    #[inline]
    fn power2round(t: &mut Poly, t0: &mut Poly) {
        for (a, b) in t.coeffs.iter_mut().zip(t0.coeffs.iter_mut()) {
            (*a, *b) = rounding::power2round(*a);
        }
    }

    #[inline]
    fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
        for (a, b) in w.coeffs.iter_mut().zip(w0.coeffs.iter_mut()) {
            (*a, *b) = rounding::decompose(*a, gamma2);
        }
    }

    #[inline]
    fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
        let mut n = 0;
        for i in 0..N {
            let b = rounding::make_hint(r0.coeffs[i], r1.coeffs[i], gamma2);
            h.coeffs[i] = b as i32;
            n += b as usize;
        }
        n
    }

    #[inline]
    fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
        for (a, b) in w.coeffs.iter_mut().zip(h.coeffs.iter()) {
            *a = rounding::use_hint(*a, *b, gamma2);
        }
    }

    #[inline]
    fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
        let mut t = 0u32;
        for c in a.coeffs.iter() {
            t |= rounding::exceeds(*c, bound);
        }
        Choice::from(t as u8)
    }

    #[inline]
    fn rej_uniform(out: &mut [i32], buf: &[u8]) -> usize {
        sample::rej_uniform(out, buf)
    }

    #[inline]
    fn rej_eta(eta: i32, out: &mut [i32], buf: &[u8]) -> usize {
        sample::rej_eta(eta, out, buf)
    }

    #[inline]
    fn pack_z(gamma1_bits: u32, out: &mut [u8], z: &Poly) {
        encode::pack_z(gamma1_bits, out, z)
    }

    #[inline]
    fn unpack_z(gamma1_bits: u32, z: &mut Poly, buf: &[u8]) {
        encode::unpack_z(gamma1_bits, z, buf)
    }

    #[inline]
    fn pack_w1(gamma2: i32, out: &mut [u8], w1: &Poly) {
        let bits = if gamma2 == GAMMA2_Q88 { 6 } else { 4 };
        encode::pack_bits(out, bits, &w1.coeffs, |c| c as u32)
    }

    #[inline]
    fn pack_eta(eta: i32, out: &mut [u8], s: &Poly) {
        encode::pack_eta(eta, out, s)
    }

    #[inline]
    fn pack_t0(out: &mut [u8], t0: &Poly) {
        encode::pack_t0(out, t0)
    }

    #[inline]
    fn pack_t1(out: &mut [u8], t1: &Poly) {
        encode::pack_bits(out, 10, &t1.coeffs, |c| c as u32)
    }

    #[inline]
    fn unpack_t1(t1: &mut Poly, buf: &[u8]) {
        encode::unpack_bits(buf, 10, t1, |v| v as i32)
    }
}

/// The portable sponge as a one-lane [`Xof`] (the samplers' interface).
impl<const RATE: usize, F: Permutation> Xof for Shake<RATE, F> {
    const LANES: usize = 1;
    const GRANULE: usize = 1;
    const RIDE_MIN: usize = usize::MAX;
    const RATE: usize = RATE;
    type Lanes<T> = [T; 1];
    type Blocks = [u8; RATE];

    #[inline]
    fn lanes<T>(f: impl FnMut(usize) -> T) -> [T; 1] {
        core::array::from_fn(f)
    }

    #[inline]
    fn blocks() -> [u8; RATE] {
        [0; RATE]
    }

    #[inline]
    fn absorb(inputs: &[&[u8]]) -> Self {
        let mut s = Self::new();
        s.update(inputs[0]);
        s.finalize();
        s
    }

    #[inline]
    fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]) {
        Shake::squeeze_blocks(self, out[0]);
    }

    /// One lane: none is ever free, so the rider waits for its `finish`.
    #[inline]
    fn absorb_riding(inputs: &[&[u8]], _: &mut Rider<'_>) -> Self {
        <Self as Xof>::absorb(inputs)
    }

    #[inline]
    fn squeeze_blocks_riding(&mut self, out: &mut [&mut [u8]], _: &mut Rider<'_>) {
        Shake::squeeze_blocks(self, out[0]);
    }
}
