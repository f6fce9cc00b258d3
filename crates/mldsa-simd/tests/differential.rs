//! The byte-identical gate: every kernel [`Avx2`] overrides, against [`Portable`], on random
//! inputs and on the extremes of the input bounds documented in `mldsa_core::backend`; the
//! 4-lane SHAKE against `mldsa_core::keccak`. On a CPU without AVX2 the tests still pass (both
//! sides run the portable kernels) and say so.

#![allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]

use mldsa_core::backend::Xof;
use mldsa_core::keccak::{Shake128, Shake256};
use mldsa_core::params::{GAMMA2_Q32, GAMMA2_Q88, Q};
use mldsa_core::poly::Poly;
use mldsa_simd::{Auto, Avx2, Backend, Portable};
use proptest::prelude::*;

fn note() {
    if !Avx2::is_available() {
        eprintln!("NOTE: no AVX2 on this CPU; Avx2 falls back to portable, nothing is compared");
    }
}

fn poly(v: Vec<i32>) -> Poly {
    let mut p = Poly::ZERO;
    p.coeffs.copy_from_slice(&v);
    p
}

/// Polynomials with coefficients in [lo, hi], often exactly lo or hi.
fn poly_in(lo: i32, hi: i32) -> impl Strategy<Value = Poly> {
    proptest::collection::vec(prop_oneof![4 => lo..=hi, 1 => Just(lo), 1 => Just(hi)], 256)
        .prop_map(poly)
}

fn constant(v: i32) -> Poly {
    let mut p = Poly::ZERO;
    p.coeffs = [v; 256];
    p
}

fn alternating(a: i32, b: i32) -> Poly {
    let mut p = Poly::ZERO;
    for (i, c) in p.coeffs.iter_mut().enumerate() {
        *c = if i & 1 == 0 { a } else { b };
    }
    p
}

fn check_ntt(a: &Poly) {
    let (mut x, mut y) = (a.clone(), a.clone());
    Portable::ntt(&mut x);
    Avx2::ntt(&mut y);
    assert_eq!(x.coeffs, y.coeffs, "ntt");
    let (mut x, mut y) = (a.clone(), a.clone());
    Portable::inv_ntt(&mut x);
    Avx2::inv_ntt(&mut y);
    assert_eq!(x.coeffs, y.coeffs, "inv_ntt");
}

#[test]
fn ntt_extremes() {
    note();
    for p in [
        constant(Q - 1),
        constant(-(Q - 1)),
        alternating(Q - 1, -(Q - 1)),
        alternating(-(Q - 1), Q - 1),
        constant(0),
        poly((0..256).collect()),
    ] {
        check_ntt(&p);
    }
}

#[test]
fn pointwise_extremes() {
    let b = 9 * Q - 1;
    for (x, y) in [
        (constant(b), constant(b)),
        (constant(-b), constant(b)),
        (alternating(b, -b), constant(-b)),
    ] {
        let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
        Portable::pointwise(&mut c1, &x, &y);
        Avx2::pointwise(&mut c2, &x, &y);
        assert_eq!(c1.coeffs, c2.coeffs);
    }
    for len in 1..=7 {
        for bv in [b, -b] {
            let a = vec![constant(Q - 1); len];
            let bs = vec![constant(bv); len];
            let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
            Portable::pointwise_acc(&mut c1, &a, &bs);
            Avx2::pointwise_acc(&mut c2, &a, &bs);
            assert_eq!(c1.coeffs, c2.coeffs, "len {len} b {bv}");
        }
    }
}

#[test]
fn rounding_extremes() {
    for gamma2 in [GAMMA2_Q88, GAMMA2_Q32] {
        // 0, q - 1, and every multiple of 2γ2 (and ± 1) below q, in chunks of 256.
        let mut vals = vec![0, 1, Q - 2, Q - 1, Q - 1 - gamma2, Q - gamma2];
        let mut m = 0;
        while m < Q {
            for d in [-1, 0, 1] {
                if (0..Q).contains(&(m + d)) {
                    vals.push(m + d);
                }
            }
            m += 2 * gamma2;
        }
        for chunk in vals.chunks(256) {
            let mut w = Poly::ZERO;
            w.coeffs[..chunk.len()].copy_from_slice(chunk);
            check_rounding(gamma2, &w, &alternating(0, 1));
            check_rounding(gamma2, &w, &alternating(1, 0));
        }
    }
}

fn check_rounding(gamma2: i32, w: &Poly, h: &Poly) {
    let (mut w1, mut w0) = (w.clone(), Poly::ZERO);
    let (mut v1, mut v0) = (w.clone(), Poly::ZERO);
    Portable::decompose(gamma2, &mut w1, &mut w0);
    Avx2::decompose(gamma2, &mut v1, &mut v0);
    assert_eq!((w1.coeffs, w0.coeffs), (v1.coeffs, v0.coeffs), "decompose");
    let (mut a, mut b) = (w.clone(), w.clone());
    Portable::use_hint(gamma2, &mut a, h);
    Avx2::use_hint(gamma2, &mut b, h);
    assert_eq!(a.coeffs, b.coeffs, "use_hint");
    let (mut t1, mut t0) = (w.clone(), Poly::ZERO);
    let (mut u1, mut u0) = (w.clone(), Poly::ZERO);
    Portable::power2round(&mut t1, &mut t0);
    Avx2::power2round(&mut u1, &mut u0);
    assert_eq!(
        (t1.coeffs, t0.coeffs),
        (u1.coeffs, u0.coeffs),
        "power2round"
    );
    let (mut a, mut b) = (w.clone(), w.clone());
    Portable::caddq(&mut a);
    Avx2::caddq(&mut b);
    assert_eq!(a.coeffs, b.coeffs, "caddq");
}

fn check_make_hint(gamma2: i32, r0: &Poly, r1: &Poly) {
    let (mut h1, mut h2) = (Poly::ZERO, Poly::ZERO);
    let n1 = Portable::make_hint(gamma2, &mut h1, r0, r1);
    let n2 = Avx2::make_hint(gamma2, &mut h2, r0, r1);
    assert_eq!((n1, h1.coeffs), (n2, h2.coeffs), "make_hint");
}

#[test]
fn make_hint_extremes() {
    for gamma2 in [GAMMA2_Q88, GAMMA2_Q32] {
        let top = (Q - 1) / (2 * gamma2) - 1;
        for r0 in [
            -gamma2 - 1,
            -gamma2,
            -gamma2 + 1,
            0,
            gamma2,
            gamma2 + 1,
            2 * gamma2 - 1,
        ] {
            for r1 in [0, 1, top] {
                check_make_hint(gamma2, &constant(r0), &constant(r1));
            }
        }
        check_make_hint(gamma2, &constant(-(2 * gamma2 - 1)), &constant(top));
        check_make_hint(gamma2, &constant(gamma2 + 1), &constant(0));
    }
}

#[test]
fn norm_extremes() {
    let b = (Q - 1) / 8;
    for bound in [1, 2, b - 1, b] {
        for v in [
            0,
            bound - 1,
            bound,
            -(bound - 1),
            -bound,
            6_283_009,
            -6_283_009,
        ] {
            let mut p = Poly::ZERO;
            p.coeffs[255] = v;
            assert_eq!(
                Portable::norm_exceeds(&p, bound).unwrap_u8(),
                Avx2::norm_exceeds(&p, bound).unwrap_u8(),
                "{v} vs {bound}"
            );
        }
    }
    for v in [i32::MIN, i32::MAX - (1 << 22), i32::MIN + 1, -1, 0, Q, -Q] {
        let (mut a, mut b) = (constant(v), constant(v));
        Portable::reduce(&mut a);
        Avx2::reduce(&mut b);
        assert_eq!(a.coeffs, b.coeffs, "reduce {v}");
    }
}

/// SHAKE via the 4-lane sponge of backend B, `lanes` inputs, `blocks` blocks out.
fn multi<X: Xof>(inputs: &[Vec<u8>], blocks: usize, split: bool) -> Vec<Vec<u8>> {
    let refs: Vec<&[u8]> = inputs.iter().map(|v| v.as_slice()).collect();
    let mut xof = X::absorb(&refs);
    let mut out = vec![vec![0u8; blocks * X::RATE]; inputs.len()];
    if split && blocks > 1 {
        // First one block, then the rest: the squeeze state carries over.
        let mut heads: Vec<&mut [u8]> = out.iter_mut().map(|o| &mut o[..X::RATE]).collect();
        xof.squeeze_blocks(&mut heads);
        let mut tails: Vec<&mut [u8]> = out.iter_mut().map(|o| &mut o[X::RATE..]).collect();
        xof.squeeze_blocks(&mut tails);
    } else {
        let mut all: Vec<&mut [u8]> = out.iter_mut().map(|o| o.as_mut_slice()).collect();
        xof.squeeze_blocks(&mut all);
    }
    out
}

fn check_xof(inputs: &[Vec<u8>], blocks: usize, split: bool) {
    let a = multi::<<Avx2 as Backend>::Shake128>(inputs, blocks, split);
    let b = multi::<<Auto as Backend>::Shake128>(inputs, blocks, split);
    for (i, input) in inputs.iter().enumerate() {
        let mut want = vec![0u8; blocks * 168];
        Shake128::digest(&[input], &mut want);
        assert_eq!(a[i], want, "shake128 lane {i} len {}", input.len());
        assert_eq!(b[i], want, "auto shake128 lane {i}");
    }
    let a = multi::<<Avx2 as Backend>::Shake256>(inputs, blocks, split);
    for (i, input) in inputs.iter().enumerate() {
        let mut want = vec![0u8; blocks * 136];
        Shake256::digest(&[input], &mut want);
        assert_eq!(a[i], want, "shake256 lane {i} len {}", input.len());
    }
}

#[test]
fn xof_lengths() {
    note();
    for len in [
        0, 1, 7, 8, 33, 34, 66, 135, 136, 137, 167, 168, 169, 300, 340,
    ] {
        for lanes in 1..=4 {
            let inputs: Vec<Vec<u8>> = (0..lanes)
                .map(|l| (0..len).map(|i| (i * 31 + l * 7 + 1) as u8).collect())
                .collect();
            check_xof(&inputs, 3, true);
            check_xof(&inputs, 1, false);
        }
    }
}

fn check_rej_uniform(buf: &[u8], room: usize) {
    let mut a = vec![-7i32; room];
    let mut b = vec![-7i32; room];
    let na = Portable::rej_uniform(&mut a, buf);
    let nb = Avx2::rej_uniform(&mut b, buf);
    assert_eq!(
        (na, &a),
        (nb, &b),
        "rej_uniform room {room} len {}",
        buf.len()
    );
}

/// 3-byte little-endian candidates.
fn candidates(vals: &[u32]) -> Vec<u8> {
    vals.iter()
        .flat_map(|v| v.to_le_bytes()[..3].to_vec())
        .collect()
}

#[test]
fn rej_uniform_edges() {
    let q = Q as u32;
    let edge = [
        q - 1,
        q,
        q + 1,
        0x7f_ffff,
        0,
        q - 1 + (1 << 23),
        1 << 23,
        0xff_ffff,
    ];
    let vals: Vec<u32> = (0..280)
        .map(|i| edge[(i * 5 + i / 8) % edge.len()])
        .collect();
    let buf = candidates(&vals);
    for room in [0, 1, 7, 8, 9, 15, 16, 17, 100, 256] {
        for len in [0, 3, 21, 24, 27, 48, 504, 840] {
            check_rej_uniform(&buf[..len], room);
        }
    }
    // All accepted, none accepted.
    check_rej_uniform(&candidates(&[q - 1; 64]), 256);
    check_rej_uniform(&candidates(&[q; 64]), 256);
}

fn check_rej_eta(buf: &[u8], room: usize) {
    for eta in [2, 4] {
        let mut a = vec![-7i32; room];
        let mut b = vec![-7i32; room];
        let na = Portable::rej_eta(eta, &mut a, buf);
        let nb = Avx2::rej_eta(eta, &mut b, buf);
        assert_eq!(
            (na, &a),
            (nb, &b),
            "rej_eta {eta} room {room} len {}",
            buf.len()
        );
    }
}

#[test]
fn rej_eta_edges() {
    // Every byte value, so every half-byte in both positions.
    let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    for room in [0, 1, 7, 8, 9, 16, 100, 256] {
        for len in [0, 1, 3, 4, 5, 8, 136, 272, 512] {
            check_rej_eta(&all[..len], room);
        }
    }
    check_rej_eta(&[0xff; 136], 256);
    check_rej_eta(&[0x00; 136], 256);
    check_rej_eta(&[0xe9; 136], 256);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rej_eta_random(buf in proptest::collection::vec(any::<u8>(), 0..300), room in 0usize..=256) {
        check_rej_eta(&buf, room);
    }

    #[test]
    fn rej_uniform_random(
        words in proptest::collection::vec(prop_oneof![
            3 => any::<u32>(),
            1 => (Q as u32 - 4)..(Q as u32 + 4),
            1 => (Q as u32 - 4 + (1 << 23))..(Q as u32 + 4 + (1 << 23)),
        ], 0..300),
        room in 0usize..=256,
    ) {
        check_rej_uniform(&candidates(&words), room);
    }

    #[test]
    fn ntt_random(a in poly_in(-(Q - 1), Q - 1)) {
        check_ntt(&a);
    }

    #[test]
    fn pointwise_random(a in poly_in(-(9 * Q - 1), 9 * Q - 1), b in poly_in(-(9 * Q - 1), 9 * Q - 1)) {
        let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
        Portable::pointwise(&mut c1, &a, &b);
        Avx2::pointwise(&mut c2, &a, &b);
        prop_assert_eq!(c1.coeffs, c2.coeffs);
    }

    #[test]
    fn pointwise_acc_random(
        len in 1usize..=7,
        a in proptest::collection::vec(poly_in(0, Q - 1), 7),
        b in proptest::collection::vec(poly_in(-(9 * Q - 1), 9 * Q - 1), 7),
    ) {
        let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
        Portable::pointwise_acc(&mut c1, &a[..len], &b[..len]);
        Avx2::pointwise_acc(&mut c2, &a[..len], &b[..len]);
        prop_assert_eq!(c1.coeffs, c2.coeffs);
    }

    #[test]
    fn reduce_random(a in poly_in(i32::MIN, i32::MAX - (1 << 22))) {
        let (mut x, mut y) = (a.clone(), a);
        Portable::reduce(&mut x);
        Avx2::reduce(&mut y);
        prop_assert_eq!(x.coeffs, y.coeffs);
    }

    #[test]
    fn caddq_random(a in poly_in(-(Q - 1), Q - 1)) {
        let (mut x, mut y) = (a.clone(), a);
        Portable::caddq(&mut x);
        Avx2::caddq(&mut y);
        prop_assert_eq!(x.coeffs, y.coeffs);
    }

    #[test]
    fn rounding_random(w in poly_in(0, Q - 1), h in poly_in(0, 1), q32 in any::<bool>()) {
        check_rounding(if q32 { GAMMA2_Q32 } else { GAMMA2_Q88 }, &w, &h);
    }

    #[test]
    fn make_hint_random(seed in poly_in(0, Q - 1), r0 in poly_in(-(1 << 20), 1 << 20), q32 in any::<bool>()) {
        let gamma2 = if q32 { GAMMA2_Q32 } else { GAMMA2_Q88 };
        // r1 a Decompose high part; r0 folded into (-2γ2, 2γ2).
        let (mut r1, mut scratch) = (seed, Poly::ZERO);
        Portable::decompose(gamma2, &mut r1, &mut scratch);
        let mut r0 = r0;
        for c in r0.coeffs.iter_mut() {
            *c %= 2 * gamma2;
        }
        check_make_hint(gamma2, &r0, &r1);
    }

    #[test]
    fn norm_random(a in poly_in(-6_283_009, 6_283_009), bound in 1..=(Q - 1) / 8, pick in 0usize..256) {
        // Also a bound right at one coefficient's magnitude.
        let at = a.coeffs[pick].abs().clamp(1, (Q - 1) / 8);
        for bound in [bound, at, at + 1 - (at == (Q - 1) / 8) as i32] {
            prop_assert_eq!(
                Portable::norm_exceeds(&a, bound).unwrap_u8(),
                Avx2::norm_exceeds(&a, bound).unwrap_u8()
            );
        }
    }

    #[test]
    fn xof_random(
        lanes in 1usize..=4,
        len in 0usize..400,
        blocks in 1usize..6,
        split in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let inputs: Vec<Vec<u8>> = (0..lanes)
            .map(|l| (0..len).map(|i| (seed.rotate_left((i + 13 * l) as u32) as u8) ^ i as u8).collect())
            .collect();
        check_xof(&inputs, blocks, split);
    }
}
