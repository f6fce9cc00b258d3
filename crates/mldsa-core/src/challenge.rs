//! The challenge c = SampleInBall(c̃) (FIPS 204, Algorithm 29) as a list of its τ ≤ 64 terms
//! ±X^p, and its products with other polynomials computed exactly in Z\[X\]/(X^256 + 1),
//! without NTTs.
//!
//! c̃, hence c, is public (see [`crate::ct`]): these functions branch and index on the terms of
//! c, and only touch the other operand with additions at those public offsets.

use crate::ct::SecretArray;
use crate::keccak::{KeccakF1600, Permutation, SHAKE256_RATE, Shake};
use crate::params::{N, ParameterSet};
use crate::poly::{Poly, SmallPoly};

/// The most non-zero coefficients a challenge has (τ ≤ 60 in FIPS 204; 64 keeps the sign bits
/// of SampleInBall's first 8 bytes in range).
pub const MAX_WEIGHT: usize = 64;

/// How many terms of a challenge product a signed byte lane can sum without overflow when
/// |s| ≤ η: 63 for η ≤ 2 (63·2 = 126), else 31 (31·4 = 124, for η ≤ 4). SIMD kernels add s's
/// rotations in byte lanes for this many terms, then widen the partial sums to 32 bits: one
/// widening for ML-DSA-44 and -87 (τ = 39, 60), two for ML-DSA-65 (τ = 49, η = 4).
pub const fn byte_lane_terms(eta: i32) -> usize {
    if eta <= 2 { 63 } else { 31 }
}

/// The challenge polynomial as exponents: term e stands for X^e with e in [0, 512), where
/// X^(p + 256) = -X^p, so e = p for a coefficient +1 at p and e = p + 256 for -1. A product
/// with s is then a sum of rotations of s (with the wrapped part negated) and nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    terms: [u16; MAX_WEIGHT],
    weight: usize,
}

impl Challenge {
    /// SampleInBall(c̃) (Algorithm 29), in a frame of its own, keeping the term list as it
    /// goes: step i sets c_i = c_j and c_j = ±1, so when c_j was already a term that term
    /// moves to position i (found through `index`) and j gets a new one; either way one term is
    /// added. No pass over the 256 coefficients is needed afterwards.
    pub fn sample<P: ParameterSet>(c_tilde: &[u8]) -> Self {
        Self::sample_with::<P, KeccakF1600>(c_tilde)
    }

    /// [`sample`](Self::sample) over the single-lane permutation `F` (a backend's
    /// `Backend::Keccak`: the same bytes, maybe faster).
    #[inline(never)]
    pub fn sample_with<P: ParameterSet, F: Permutation>(c_tilde: &[u8]) -> Self {
        let mut h = Shake::<SHAKE256_RATE, F>::new();
        h.update(c_tilde);
        h.finalize();
        let mut block = [0u8; 136];
        h.squeeze_blocks(&mut block);
        let signs = u64::from_le_bytes(block[..8].try_into().unwrap());
        let mut pos = 8;
        // c_p (0 or ±1) and, where c_p ≠ 0, the index of its term.
        let mut c = [0i8; N];
        let mut index = [0u8; N];
        let mut ch = Challenge {
            terms: [0; MAX_WEIGHT],
            weight: 0,
        };
        for (k, i) in (N - P::TAU..N).enumerate() {
            let j = loop {
                if pos == block.len() {
                    h.squeeze_blocks(&mut block);
                    pos = 0;
                }
                let j = usize::from(block[pos]);
                pos += 1;
                if j <= i {
                    break j;
                }
            };
            // Positions ≥ i are still zero, so c_j ≠ 0 implies j < i.
            if c[j] != 0 {
                let t = index[j];
                ch.terms[usize::from(t)] = (i + N * usize::from(c[j] < 0)) as u16;
                index[i] = t;
                c[i] = c[j];
            }
            let negative = ((signs >> k) & 1) as usize;
            c[j] = 1 - 2 * negative as i8;
            index[j] = ch.weight as u8;
            ch.terms[ch.weight] = (j + N * negative) as u16;
            ch.weight += 1;
        }
        ch
    }

    /// The challenge with coefficients `c` (constant term first), if every one is -1, 0 or 1
    /// and at most [`MAX_WEIGHT`] are non-zero.
    pub fn from_coefficients(c: &[i8; N]) -> Option<Self> {
        let mut ch = Challenge {
            terms: [0; MAX_WEIGHT],
            weight: 0,
        };
        for (p, &v) in c.iter().enumerate() {
            let e = match v {
                0 => continue,
                1 => p,
                -1 => p + N,
                _ => return None,
            };
            *ch.terms.get_mut(ch.weight)? = e as u16;
            ch.weight += 1;
        }
        Some(ch)
    }

    /// The exponents e in [0, 512) of the terms X^e (in no particular order).
    #[inline]
    pub fn terms(&self) -> &[u16] {
        &self.terms[..self.weight]
    }

    /// c as a polynomial with coefficients in {-1, 0, 1}.
    pub fn to_poly(&self) -> Poly {
        let mut p = Poly::ZERO;
        for &e in self.terms() {
            let e = usize::from(e);
            p.coeffs[e & (N - 1)] = if e < N { 1 } else { -1 };
        }
        p
    }

    /// acc ± c·s, exactly (no reduction: the caller bounds |acc| + τ·max|s|), with coefficient
    /// n of s read once, as `s(n)` (from a packed encoding, say), and added at the τ offsets
    /// of the terms.
    pub fn mul_acc_with(&self, acc: &mut [i32; N], s: impl Fn(usize) -> i32, subtract: bool) {
        for n in 0..N {
            let v = s(n);
            for &e in self.terms() {
                let e = usize::from(e);
                let v = if (e >= N) != subtract { -v } else { v };
                // X^256 = -1: a term that wraps around changes sign.
                let at = n + (e & (N - 1));
                if at < N {
                    acc[at] += v;
                } else {
                    acc[at - N] -= v;
                }
            }
        }
    }

    /// Coefficient n of c·s, exactly, reading the τ coefficients of s it depends on as `s(m)`.
    pub fn coeff_of_product(&self, n: usize, s: impl Fn(usize) -> i32) -> i32 {
        let mut sum = 0;
        for &e in self.terms() {
            let e = usize::from(e);
            let p = e & (N - 1);
            let v = if n >= p { s(n - p) } else { -s(n + N - p) };
            sum += if e >= N { -v } else { v };
        }
        sum
    }
}

/// The rotation table t = (s, -s, s) of a small polynomial (768 bytes, wiped on drop): X^e·s
/// for every e in [0, 512) is the window [`window`]`(t, e)`, so a challenge product is one run
/// of 256 additions per term at a public offset. The table of every `challenge_mul` kernel.
#[inline]
pub fn rotation_table(s: &SmallPoly) -> SecretArray<i8, { 3 * N }> {
    let mut t = SecretArray([0i8; 3 * N]);
    let (head, rest) = t.split_at_mut(N);
    let (mid, tail) = rest.split_at_mut(N);
    for (((&v, a), b), d) in s.coeffs.iter().zip(head).zip(mid).zip(tail) {
        (*a, *b, *d) = (v, -v, v);
    }
    t
}

/// X^e·s as the window t\[512 - e .. 768 - e\] of [`rotation_table`]`(s)` (e < 512, as every
/// challenge term is; the mask only lets the compiler drop the bounds checks).
#[inline]
pub fn window(t: &[i8; 3 * N], e: u16) -> &[i8; N] {
    let start = 2 * N - (usize::from(e) & (2 * N - 1));
    t[start..start + N].try_into().unwrap()
}

/// out = c·s exactly, for |s| ≤ η ≤ 4 (s1 or s2), so |out| ≤ 64·4 = 256: the portable kernel
/// of [`crate::Backend::challenge_mul`] (which does not need η), summing the windows of
/// [`rotation_table`] in 16 bits.
pub fn mul_small(out: &mut Poly, c: &Challenge, s: &SmallPoly) {
    let t = rotation_table(s);
    let mut acc = SecretArray([0i16; N]);
    for &e in c.terms() {
        for (a, &v) in acc.iter_mut().zip(window(&t, e)) {
            *a += i16::from(v);
        }
    }
    for (o, &a) in out.coeffs.iter_mut().zip(acc.iter()) {
        *o = i32::from(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keccak::Shake256;
    use crate::params::{MlDsa44, MlDsa65, MlDsa87};

    /// Schoolbook product in Z[X]/(X^256 + 1), the definition.
    fn schoolbook(c: &Poly, s: &Poly) -> Poly {
        let mut p = Poly::ZERO;
        for (o, v) in p.coeffs.iter_mut().zip(crate::poly::schoolbook(c, s)) {
            *o = v as i32;
        }
        p
    }

    fn small(seed: u32, eta: i32) -> SmallPoly {
        let mut x = seed.wrapping_mul(2654435761) | 1;
        SmallPoly {
            coeffs: core::array::from_fn(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                ((x >> 8) as i32).rem_euclid(2 * eta + 1) as i8 - eta as i8
            }),
        }
    }

    #[test]
    fn products_match_schoolbook() {
        fn check<P: ParameterSet>() {
            for seed in 0..8u8 {
                let c = Challenge::sample::<P>(&[seed; 64][..P::CTILDE_BYTES]);
                assert_eq!(c.terms().len(), P::TAU);
                let cp = c.to_poly();
                let s = small(seed as u32, P::ETA);
                let mut sp = Poly::ZERO;
                s.to_poly(&mut sp);
                let want = schoolbook(&cp, &sp);
                let mut got = Poly::ZERO;
                mul_small(&mut got, &c, &s);
                assert_eq!(got, want);
                let mut acc = Poly::ZERO;
                c.mul_acc_with(&mut acc.coeffs, |n| sp.coeffs[n], false);
                assert_eq!(acc, want);
                for (n, &w) in want.coeffs.iter().enumerate() {
                    assert_eq!(c.coeff_of_product(n, |m| sp.coeffs[m]), w);
                }
                c.mul_acc_with(&mut acc.coeffs, |n| sp.coeffs[n], true);
                assert_eq!(acc, Poly::ZERO);
            }
        }
        check::<MlDsa44>();
        check::<MlDsa65>();
        check::<MlDsa87>();
    }

    /// Algorithm 29 as written: the swaps on the coefficient array.
    fn sample_in_ball_spec<P: ParameterSet>(c_tilde: &[u8]) -> [i8; N] {
        let mut h = Shake256::new();
        h.update(c_tilde);
        h.finalize();
        let mut stream = [0u8; 136 * 4];
        h.squeeze(&mut stream);
        let signs = u64::from_le_bytes(stream[..8].try_into().unwrap());
        let mut bytes = stream[8..].iter();
        let mut c = [0i8; N];
        for (k, i) in (N - P::TAU..N).enumerate() {
            let j = loop {
                let j = usize::from(*bytes.next().unwrap());
                if j <= i {
                    break j;
                }
            };
            c[i] = c[j];
            c[j] = if (signs >> k) & 1 == 1 { -1 } else { 1 };
        }
        c
    }

    #[test]
    fn sample_follows_algorithm_29() {
        fn check<P: ParameterSet>() {
            for seed in 0..200u8 {
                let ct = [seed; 64];
                let c = Challenge::sample::<P>(&ct[..P::CTILDE_BYTES]);
                let want = sample_in_ball_spec::<P>(&ct[..P::CTILDE_BYTES]);
                // The same terms, possibly in another order.
                let mut a = Challenge::from_coefficients(&want)
                    .unwrap()
                    .terms()
                    .to_vec();
                let mut b = c.terms().to_vec();
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, b);
                let mut p = Poly::ZERO;
                for (o, &v) in p.coeffs.iter_mut().zip(want.iter()) {
                    *o = i32::from(v);
                }
                assert_eq!(c.to_poly(), p);
            }
        }
        check::<MlDsa44>();
        check::<MlDsa65>();
        check::<MlDsa87>();
    }

    #[test]
    fn extreme_weight_and_range() {
        // 64 terms of one sign times s = ±4 everywhere: |c·s| reaches 256 in some coefficient.
        for (sign, v) in [(1i8, 4i8), (-1, 4), (1, -4), (-1, -4)] {
            let mut cc = [0i8; N];
            for p in (0..N).step_by(4) {
                cc[p] = sign;
            }
            let c = Challenge::from_coefficients(&cc).unwrap();
            let s = SmallPoly { coeffs: [v; N] };
            let mut sp = Poly::ZERO;
            s.to_poly(&mut sp);
            let want = schoolbook(&c.to_poly(), &sp);
            assert_eq!(want.coeffs.iter().map(|x| x.abs()).max(), Some(256));
            let mut got = Poly::ZERO;
            mul_small(&mut got, &c, &s);
            assert_eq!(got, want);
        }
        let mut too_many = [0i8; N];
        too_many[..65].fill(1);
        assert_eq!(Challenge::from_coefficients(&too_many), None);
        let mut bad = [0i8; N];
        bad[3] = 2;
        assert_eq!(Challenge::from_coefficients(&bad), None);
    }
}
