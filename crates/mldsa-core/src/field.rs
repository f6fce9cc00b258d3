//! Arithmetic in Z_q, q = 8380417, on `i32` representatives: Montgomery multiplication and the
//! branch-free reductions every kernel builds on (FIPS 204, Section 7.5 and Appendix A).
//!
//! No function here branches on, divides or indexes by its input.

use crate::params::Q;

/// q^-1 mod 2^32, the Montgomery constant: `Q.wrapping_mul(QINV) == 1`.
pub const QINV: i32 = 58_728_449;
const _: () = assert!(Q.wrapping_mul(QINV) == 1);

/// 2^32 mod q, the Montgomery form of 1.
pub const MONT: i32 = 4_193_792;
const _: () = assert!(MONT as i64 == (1i64 << 32) - 512 * Q as i64);

/// Montgomery reduction: for |a| < 2^31·q returns r ≡ a·2^-32 (mod q) with |r| < q.
#[inline(always)]
pub const fn montgomery_reduce(a: i64) -> i32 {
    let t = (a as i32).wrapping_mul(QINV);
    // a - t·q is divisible by 2^32 by the choice of t, so the shift is exact.
    ((a - t as i64 * Q as i64) >> 32) as i32
}

/// Montgomery product a·b·2^-32 mod q; |r| < q whenever |a·b| < 2^31·q.
#[inline(always)]
pub const fn mont_mul(a: i32, b: i32) -> i32 {
    montgomery_reduce(a as i64 * b as i64)
}

/// For a ≤ 2^31 - 2^22 - 1 returns r ≡ a (mod q) with -6283009 ≤ r ≤ 6283008. When a is
/// congruent to a value v with |v| < q/8, the result is exactly v (used before norm checks).
#[inline(always)]
pub const fn reduce32(a: i32) -> i32 {
    // round(a / 2^23); 2^23 = q + 2^13 - 1, so this is round(a / q) up to one.
    let t = (a + (1 << 22)) >> 23;
    a - t * Q
}

/// Adds q when a is negative: maps (-q, q) onto [0, q) without a branch.
#[inline(always)]
pub const fn caddq(a: i32) -> i32 {
    a + ((a >> 31) & Q)
}

/// The standard representative in [0, q) of any a ≤ 2^31 - 2^22 - 1.
#[inline(always)]
pub const fn freeze(a: i32) -> i32 {
    caddq(reduce32(a))
}

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn modq(a: i64) -> i64 {
        a.rem_euclid(Q as i64)
    }

    #[test]
    fn montgomery_extremes() {
        let lim = (1i64 << 31) * Q as i64 - 1;
        for a in [-lim, lim, 0, 1, -1, Q as i64, (Q as i64) << 31] {
            let r = montgomery_reduce(a.clamp(-lim, lim));
            assert!(r.abs() < Q);
            assert_eq!(modq(r as i64 * (1i64 << 32)), modq(a.clamp(-lim, lim)));
        }
    }

    #[test]
    fn reduce32_extremes() {
        for a in [i32::MIN, i32::MAX - (1 << 22), 0, Q, -Q, Q / 2, -(Q / 2)] {
            let r = reduce32(a);
            assert!((-6_283_009..=6_283_008).contains(&r), "{a} -> {r}");
            assert_eq!(modq(r as i64), modq(a as i64));
        }
    }

    proptest! {
        #[test]
        fn montgomery_matches_modular(a in -(1i64 << 31) * Q as i64 + 1..(1i64 << 31) * Q as i64) {
            let r = montgomery_reduce(a);
            prop_assert!(r.abs() < Q);
            prop_assert_eq!(modq(r as i64 * (1i64 << 32)), modq(a));
        }

        #[test]
        fn freeze_is_canonical(a in i32::MIN..=i32::MAX - (1 << 22)) {
            let r = freeze(a);
            prop_assert!((0..Q).contains(&r));
            prop_assert_eq!(r as i64, modq(a as i64));
        }

        #[test]
        fn reduce32_keeps_small_values(v in -(Q / 8)..Q / 8, m in -200i32..200) {
            prop_assert_eq!(reduce32(v + m * Q), v);
        }
    }
}
