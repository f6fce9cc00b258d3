//! Rounding, hints and the infinity norm (FIPS 204, Algorithms 35-40 and Section 7.4), as
//! branch-free coefficient functions. Divisions by 2γ2 are multiply-and-shift; no `/` or `%`
//! touches a coefficient.

use crate::params::{D, GAMMA2_Q32, GAMMA2_Q88, Q};

/// Decompose's r1 = round(r / 2γ2) is computed as ⌈r/128⌉·M + 2^(S-1) >> S, with M/2^S close
/// enough to 128/2γ2 that the result is exact for every r in [0, q) (checked exhaustively by
/// the tests). For γ2 = (q-1)/32: 2γ2/128 = 4092, M = ⌊2^22/4092⌋ = 1025, S = 22.
#[allow(
    clippy::integer_division_remainder_used,
    reason = "a compile-time constant of public parameters"
)]
pub const DECOMPOSE_Q32_MUL: i32 = (1 << DECOMPOSE_Q32_SHIFT) / (2 * GAMMA2_Q32 / 128);
/// The shift S of [`DECOMPOSE_Q32_MUL`].
pub const DECOMPOSE_Q32_SHIFT: u32 = 22;
/// As [`DECOMPOSE_Q32_MUL`] for γ2 = (q-1)/88: 2γ2/128 = 1488, M = ⌊2^24/1488⌋ = 11275, S = 24.
#[allow(
    clippy::integer_division_remainder_used,
    reason = "a compile-time constant of public parameters"
)]
pub const DECOMPOSE_Q88_MUL: i32 = (1 << DECOMPOSE_Q88_SHIFT) / (2 * GAMMA2_Q88 / 128);
/// The shift S of [`DECOMPOSE_Q88_MUL`].
pub const DECOMPOSE_Q88_SHIFT: u32 = 24;

/// Power2Round (FIPS 204, Algorithm 35): for r in [0, q) returns (r1, r0) with
/// r = r1·2^d + r0 and -2^(d-1) < r0 ≤ 2^(d-1).
#[inline(always)]
pub const fn power2round(r: i32) -> (i32, i32) {
    let r1 = (r + (1 << (D - 1)) - 1) >> D;
    (r1, r - (r1 << D))
}

/// Decompose (FIPS 204, Algorithm 36): for r in [0, q) returns (r1, r0) with
/// r ≡ r1·2γ2 + r0 (mod q), -γ2 < r0 ≤ γ2, and the special case r - r0 = q - 1 giving r1 = 0.
/// `gamma2` is [`GAMMA2_Q88`](crate::params::GAMMA2_Q88) or [`GAMMA2_Q32`].
#[inline(always)]
pub const fn decompose(r: i32, gamma2: i32) -> (i32, i32) {
    // ceil(r / 128), then r1 = round(r / 2γ2) by a multiply-and-shift that is exact on [0, q).
    let mut r1 = (r + 127) >> 7;
    if gamma2 == GAMMA2_Q32 {
        r1 = (r1 * DECOMPOSE_Q32_MUL + (1 << (DECOMPOSE_Q32_SHIFT - 1))) >> DECOMPOSE_Q32_SHIFT;
        // r1 = 16 only when r - r0 = q - 1; the mask maps it to 0.
        r1 &= 15;
    } else {
        r1 = (r1 * DECOMPOSE_Q88_MUL + (1 << (DECOMPOSE_Q88_SHIFT - 1))) >> DECOMPOSE_Q88_SHIFT;
        // r1 = 44 only when r - r0 = q - 1; map it to 0 without a branch.
        r1 ^= ((43 - r1) >> 31) & r1;
    }
    let mut r0 = r - r1 * 2 * gamma2;
    // r0 > (q-1)/2 happens only in the special case: subtract q.
    r0 -= (((Q - 1) >> 1) - r0) >> 31 & Q;
    (r1, r0)
}

/// 1 when a ≠ 0, else 0, without a branch.
#[inline(always)]
const fn nonzero(a: i32) -> u32 {
    ((a | a.wrapping_neg()) as u32) >> 31
}

/// MakeHint (FIPS 204, Algorithm 39) in the form used with Decompose's outputs: given the low
/// part r0 of w - cs2 + ct0 (centred) and the high part r1 of w, returns 1 exactly when
/// HighBits(w - cs2) ≠ HighBits(w - cs2 + ct0) (Section 6.2, "MakeHint(-ct0, w - cs2 + ct0)").
#[inline(always)]
pub const fn make_hint(r0: i32, r1: i32, gamma2: i32) -> u32 {
    let above = ((gamma2 - r0) as u32) >> 31; // r0 > γ2
    let below = ((r0 + gamma2) as u32) >> 31; // r0 < -γ2
    let at_edge = 1 ^ nonzero(r0 + gamma2); // r0 = -γ2
    above | below | (at_edge & nonzero(r1))
}

/// UseHint (FIPS 204, Algorithm 40): for r in [0, q) and a hint bit h, the high part of r
/// corrected by one step in the direction of r0's sign, wrapping at (q-1)/(2γ2).
#[inline(always)]
pub const fn use_hint(r: i32, h: i32, gamma2: i32) -> i32 {
    let (r1, r0) = decompose(r, gamma2);
    // +1 when r0 > 0, -1 otherwise; 0 when there is no hint.
    let step = (((r0.wrapping_neg() >> 31) & 2) - 1) & h.wrapping_neg();
    let v = r1 + step;
    if gamma2 == GAMMA2_Q32 {
        v & 15
    } else {
        // Wrap -1 to 43 and 44 to 0.
        let v = v + ((v >> 31) & 44);
        v - (((43 - v) >> 31) & 44)
    }
}

/// |a| for |a| < 2^31, branch-free.
#[inline(always)]
pub const fn abs(a: i32) -> i32 {
    let m = a >> 31;
    (a ^ m) - m
}

/// 1 when |a| ≥ bound, else 0 (FIPS 204, Section 7.4 infinity norm, one coefficient); for
/// coefficients already reduced by [`crate::field::reduce32`] and 0 < bound ≤ (q-1)/8.
#[inline(always)]
pub const fn exceeds(a: i32, bound: i32) -> u32 {
    ((bound - 1 - abs(a)) as u32) >> 31
}

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]
mod tests {
    use super::*;
    use crate::params::GAMMA2_Q88;

    /// FIPS 204's definition by plain integer arithmetic, for comparison.
    fn decompose_spec(r: i32, gamma2: i32) -> (i32, i32) {
        let r = r.rem_euclid(Q);
        let mut r0 = r.rem_euclid(2 * gamma2);
        if r0 > gamma2 {
            r0 -= 2 * gamma2;
        }
        if r - r0 == Q - 1 {
            (0, r0 - 1)
        } else {
            ((r - r0) / (2 * gamma2), r0)
        }
    }

    #[test]
    fn exhaustive_rounding() {
        for gamma2 in [GAMMA2_Q88, GAMMA2_Q32] {
            let m = (Q - 1) / (2 * gamma2);
            for r in 0..Q {
                let (r1, r0) = decompose(r, gamma2);
                assert_eq!((r1, r0), decompose_spec(r, gamma2), "r = {r}");
                for h in 0..2 {
                    let want = if h == 0 {
                        r1
                    } else if r0 > 0 {
                        (r1 + 1).rem_euclid(m)
                    } else {
                        (r1 - 1).rem_euclid(m)
                    };
                    assert_eq!(use_hint(r, h, gamma2), want);
                }
            }
        }
        for r in 0..Q {
            let (r1, r0) = power2round(r);
            assert_eq!(r1 * (1 << D) + r0, r);
            assert!(-(1 << (D - 1)) < r0 && r0 <= 1 << (D - 1));
        }
    }

    #[test]
    fn make_hint_matches_definition() {
        // HighBits(w - cs2) vs HighBits(w - cs2 + ct0) over a grid of w and small z = ct0.
        for gamma2 in [GAMMA2_Q88, GAMMA2_Q32] {
            for w in (0..Q).step_by(997).chain([0, 1, gamma2, Q - 1, Q - gamma2]) {
                for z in [-gamma2, -gamma2 + 1, -3, 0, 5, gamma2 - 1, gamma2] {
                    let (w1, w0) = decompose(w, gamma2);
                    let (v1, _) = decompose((w + z).rem_euclid(Q), gamma2);
                    let hint = make_hint(w0 + z, w1, gamma2);
                    assert_eq!(hint, u32::from(w1 != v1), "w={w} z={z}");
                    // UseHint recovers the high bits of w from w + z (Lemma: |z| ≤ γ2).
                    assert_eq!(use_hint((w + z).rem_euclid(Q), hint as i32, gamma2), w1);
                }
            }
        }
    }

    #[test]
    fn norm_edges() {
        assert_eq!(exceeds(9, 10), 0);
        assert_eq!(exceeds(10, 10), 1);
        assert_eq!(exceeds(-9, 10), 0);
        assert_eq!(exceeds(-10, 10), 1);
        assert_eq!(exceeds(6_283_008, (Q - 1) / 8), 1);
        assert_eq!(exceeds(-6_283_009, (Q - 1) / 8), 1);
    }
}
