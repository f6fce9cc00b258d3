//! The number-theoretic transform over R_q (FIPS 204, Algorithms 41 and 42), portable kernels.
//!
//! Coefficients stay in signed `i32` form without reduction between layers; the bounds are:
//! - forward: input |a| < q ⇒ output |a| < 9q (each of the 8 layers adds less than q, since
//!   the Montgomery product has |t| < q);
//! - inverse: input |a| < q ⇒ the running sums stay below 256q < 2^31 and the output has
//!   |a| < q. The output carries an extra factor 2^32 (Montgomery form), which a following
//!   Montgomery multiplication removes; see [`inv_ntt`].

use crate::field::{MONT, mont_mul};
use crate::params::{N, Q};
use crate::poly::Poly;

/// 1753, the 512th root of unity ζ that FIPS 204 fixes (Section 7.5).
const ZETA: i64 = 1753;

/// ζ^brv8(i)·2^32 mod q, centred in (-q/2, q/2], for i = 0..256 (FIPS 204, Appendix B, in
/// Montgomery form). Entry 0 is unused. Computed at compile time from ζ itself.
pub const ZETAS: [i32; N] = zetas();

/// ζ·q^-1 mod 2^32 for every entry of [`ZETAS`]: the multiplier of a Montgomery product's
/// low half, precomputed for SIMD backends that multiply by ζ and by ζ·q^-1 separately.
pub const ZETAS_QINV: [i32; N] = {
    let mut t = [0; N];
    let mut i = 0;
    while i < N {
        t[i] = ZETAS[i].wrapping_mul(crate::field::QINV);
        i += 1;
    }
    t
};

/// -ZETAS and -ZETAS·q^-1 (the inverse NTT's multipliers, Algorithm 42 line 10), tabulated
/// for SIMD backends whose inverse would otherwise negate them at run time on its
/// dependency chain.
pub const NEG_ZETAS: [i32; N] = {
    let mut t = [0; N];
    let mut i = 0;
    while i < N {
        t[i] = -ZETAS[i];
        i += 1;
    }
    t
};

/// ζ·q^-1 mod 2^32 for every entry of [`NEG_ZETAS`] (= -[`ZETAS_QINV`] mod 2^32).
pub const NEG_ZETAS_QINV: [i32; N] = {
    let mut t = [0; N];
    let mut i = 0;
    while i < N {
        t[i] = ZETAS_QINV[i].wrapping_neg();
        i += 1;
    }
    t
};

#[allow(
    clippy::integer_division_remainder_used,
    reason = "compile-time computation of public constants"
)]
const fn zetas() -> [i32; N] {
    let q = Q as i64;
    let mut out = [0i32; N];
    let mut i = 1;
    while i < N {
        // ζ^brv8(i) mod q by square-and-multiply.
        let mut e = (i as u8).reverse_bits() as u32;
        let (mut base, mut acc) = (ZETA, 1i64);
        while e > 0 {
            if e & 1 == 1 {
                acc = acc * base % q;
            }
            base = base * base % q;
            e >>= 1;
        }
        let mut v = acc * MONT as i64 % q;
        if v > q / 2 {
            v -= q;
        }
        out[i] = v as i32;
        i += 1;
    }
    out
}

/// 2^64 / 256 mod q: undoes the 1/256 of the inverse transform and leaves the result in
/// Montgomery form (the last multiply removes one factor 2^32 and adds none).
pub const INV_NTT_SCALE: i32 = 41_978;
#[allow(
    clippy::integer_division_remainder_used,
    reason = "compile-time check of constants"
)]
const _: () = assert!(
    (INV_NTT_SCALE as i64 * 256) % (Q as i64) == ((MONT as i64 * MONT as i64) % (Q as i64))
);

/// Forward NTT in place (FIPS 204, Algorithm 41), bit-reversed output order.
/// Input |a| < q, output |a| < 9q.
pub fn ntt(a: &mut Poly) {
    let c = &mut a.coeffs;
    let mut k = 0;
    let mut len = 128;
    while len > 0 {
        let mut start = 0;
        while start < N {
            k += 1;
            let zeta = ZETAS[k];
            let (lo, hi) = c[start..start + 2 * len].split_at_mut(len);
            for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = mont_mul(zeta, *y);
                *y = *x - t;
                *x += t;
            }
            start += 2 * len;
        }
        len >>= 1;
    }
}

/// Block `b` of NTT(a) (FIPS 204, Algorithm 41) without the rest: `out` receives the
/// `out.len()` = 256/2^s coefficients [b·len, (b+1)·len) of the bit-reversed output, for a
/// block length of 32, 64 or 128 (s = 3, 2, 1), with input coefficient n read as `a(n)`.
///
/// After the first s layers of [`ntt`] the blocks are independent, and entry n of block b
/// depends only on the inputs n + t·len (t < 2^s): each is computed along its own path
/// through those layers (2^s - 1 products instead of s·2^(s-1)), then the last 8 - s layers
/// run on the block. The butterflies are exactly those of [`ntt`], so the output equals the
/// corresponding part of [`ntt`]'s, bounds included (|a| < q ⇒ |out| < 9q). Computing all
/// blocks costs 2^s reads of each input and about 1 + s/8 times [`ntt`]'s products.
pub fn ntt_block<const LEN: usize>(out: &mut [i32; LEN], b: usize, a: impl Fn(usize) -> i32) {
    // s, constant for each block length, so that the loops below unroll.
    let s = const {
        assert!(LEN.is_power_of_two() && 32 <= LEN && LEN <= 128);
        N.trailing_zeros() - LEN.trailing_zeros()
    };
    let len = LEN;
    debug_assert!(b < 1 << s);
    for (n, o) in out.iter_mut().enumerate() {
        let mut v = [0i32; 8];
        for (t, x) in v.iter_mut().enumerate().take(1 << s) {
            *x = a(n + t * len);
        }
        // Layer l: b's group of 2^(s-l) entries is v[..width]; keep the half b lies in.
        let mut width = 1usize << s;
        for l in 0..s {
            let half = width >> 1;
            let zeta = ZETAS[(1 << l) + (b >> (s - l))];
            let upper = (b >> (s - 1 - l)) & 1 == 1;
            for u in 0..half {
                let t = mont_mul(zeta, v[u + half]);
                v[u] = if upper { v[u] - t } else { v[u] + t };
            }
            width = half;
        }
        *o = v[0];
    }
    // Layers s..8 inside the block: layer s + l has zeta indices 2^(s+l) + b·2^l + group.
    let mut half = len >> 1;
    let mut l = 0;
    while half > 0 {
        for (g, chunk) in out.chunks_exact_mut(2 * half).enumerate() {
            let zeta = ZETAS[(1 << (s + l)) + (b << l) + g];
            let (lo, hi) = chunk.split_at_mut(half);
            for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = mont_mul(zeta, *y);
                *y = *x - t;
                *x += t;
            }
        }
        half >>= 1;
        l += 1;
    }
}

/// The last inverse layer's difference multiplier with the final scaling folded in:
/// INV_NTT_SCALE·(-ZETAS\[1\])·2^-32 mod q (|·| < q). Every backend uses this same value, so
/// their inverse NTTs agree bit for bit.
pub const INV_NTT_SCALE_ZETA1: i32 = mont_mul(-ZETAS[1], INV_NTT_SCALE);

/// Inverse NTT in place (FIPS 204, Algorithm 42), times 2^32: for input â = NTT(a)·2^32·…
/// the output is the Montgomery form of the plain inverse. Input |a| < q, output |a| < q.
///
/// The scaling by 2^64/256 is folded into the last layer (len 128): x = f·(x + y) and
/// y = (f·ζ·2^-32)·(x - y), one Montgomery product per coefficient instead of two for the
/// second half. Bounds: the sums entering it are < 128q, so |x ± y| < 256q < 2^31 and both
/// products (|f| < 2^16, |f·ζ·2^-32| < q) stay below 2^31·q: outputs |a| < q.
pub fn inv_ntt(a: &mut Poly) {
    inv_ntt_coeffs(&mut a.coeffs)
}

/// [`inv_ntt`] on a bare coefficient array (no 64-byte alignment: the low-memory strategy's
/// frames do not realign for it).
pub fn inv_ntt_coeffs(c: &mut [i32; N]) {
    let mut k = N;
    let mut len = 1;
    while len < N >> 1 {
        let mut start = 0;
        while start < N {
            k -= 1;
            let zeta = -ZETAS[k];
            let (lo, hi) = c[start..start + 2 * len].split_at_mut(len);
            for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = *x;
                *x = t + *y;
                *y = mont_mul(zeta, t - *y);
            }
            start += 2 * len;
        }
        len <<= 1;
    }
    let (lo, hi) = c.split_at_mut(N >> 1);
    for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
        let t = *x;
        *x = mont_mul(INV_NTT_SCALE, t + *y);
        *y = mont_mul(INV_NTT_SCALE_ZETA1, t - *y);
    }
}

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]
mod tests {
    use super::*;
    use crate::field::{freeze, montgomery_reduce};
    use proptest::prelude::*;

    #[test]
    fn zetas_match_fips204_appendix_b() {
        // FIPS 204 lists ζ^brv(k) mod q; in Montgomery form, un-Montgomery them to compare.
        let plain = |i: usize| freeze(montgomery_reduce(ZETAS[i] as i64));
        assert_eq!(plain(1), 4_808_194);
        assert_eq!(plain(2), 3_765_607);
        assert_eq!(plain(3), 3_761_513);
        assert!(ZETAS.iter().all(|z| z.abs() <= Q / 2));
    }

    /// Schoolbook product in Z_q\[X\]/(X^256 + 1).
    fn schoolbook(a: &Poly, b: &Poly) -> [i64; N] {
        crate::poly::schoolbook(a, b).map(|x| x.rem_euclid(Q as i64))
    }

    fn poly_strategy(bound: i32) -> impl Strategy<Value = Poly> {
        proptest::collection::vec(-bound + 1..bound, N).prop_map(|v| {
            let mut p = Poly::ZERO;
            p.coeffs.copy_from_slice(&v);
            p
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn ntt_multiplies(a in poly_strategy(Q), b in poly_strategy(Q)) {
            let (mut ah, mut bh) = (a.clone(), b.clone());
            ntt(&mut ah);
            ntt(&mut bh);
            prop_assert!(ah.coeffs.iter().all(|c| c.abs() < 9 * Q));
            let mut c = Poly::ZERO;
            for i in 0..N {
                c.coeffs[i] = mont_mul(ah.coeffs[i], bh.coeffs[i]);
            }
            inv_ntt(&mut c);
            prop_assert!(c.coeffs.iter().all(|x| x.abs() < Q));
            let want = schoolbook(&a, &b);
            for (got, want) in c.coeffs.iter().zip(want) {
                prop_assert_eq!(freeze(*got) as i64, want);
            }
        }

        #[test]
        fn inverse_round_trip(a in poly_strategy(Q)) {
            let mut x = a.clone();
            ntt(&mut x);
            for c in x.coeffs.iter_mut() {
                *c = crate::field::reduce32(*c);
            }
            inv_ntt(&mut x);
            for i in 0..N {
                // inv_ntt(ntt(a)) = a·2^32; one Montgomery reduction removes it.
                prop_assert_eq!(freeze(montgomery_reduce(x.coeffs[i] as i64)), freeze(a.coeffs[i]));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn blocks_equal_the_whole_transform(a in poly_strategy(Q)) {
            let mut whole = a.clone();
            ntt(&mut whole);
            fn check<const LEN: usize>(a: &Poly, whole: &Poly) -> Result<(), TestCaseError> {
                let mut out = [0i32; LEN];
                for (b, want) in whole.coeffs.chunks_exact(LEN).enumerate() {
                    ntt_block(&mut out, b, |n| a.coeffs[n]);
                    prop_assert_eq!(&out[..], want, "block {} of length {}", b, LEN);
                }
                Ok(())
            }
            check::<32>(&a, &whole)?;
            check::<64>(&a, &whole)?;
            check::<128>(&a, &whole)?;
        }
    }

    #[test]
    fn inverse_at_extreme_input() {
        let mut x = Poly::ZERO;
        x.coeffs = [Q - 1; N];
        inv_ntt(&mut x);
        assert!(x.coeffs.iter().all(|c| c.abs() < Q));
        x.coeffs = [-(Q - 1); N];
        inv_ntt(&mut x);
        assert!(x.coeffs.iter().all(|c| c.abs() < Q));
    }
}
