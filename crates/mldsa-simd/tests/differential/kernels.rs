// The kernel checks of `tests/differential.rs`, included once per vector backend, which the
// including module names `B` (with `NAME` and `available()`).

use mldsa_core::backend::Xof;
use mldsa_core::kernel::{Challenge, GAMMA2_Q32, GAMMA2_Q88, KeccakF1600, MAX_WEIGHT, Permutation, Poly, Q, Shake128, Shake256, SmallPoly};
use mldsa_simd::{Auto, Backend, MlDsa44, MlDsa65, MlDsa87, ParameterSet, Portable};
use proptest::prelude::*;

/// The lanes of B's sponges (both have the same count).
fn lanes() -> usize {
    <B as Backend>::Shake128::LANES
}

fn note() {
    if !available() {
        // A check run that names this backend in MLDSA_REQUIRE_BACKEND (comma-separated, e.g.
        // Miri's AVX2 step) must not pass by comparing nothing.
        let required = std::env::var("MLDSA_REQUIRE_BACKEND").unwrap_or_default();
        assert!(
            !required.split(',').any(|r| r.trim() == NAME),
            "{NAME} is required (MLDSA_REQUIRE_BACKEND) but was not detected"
        );
        eprintln!("NOTE: this CPU cannot run {NAME}; it falls back to portable, nothing is compared");
    }
}

/// Fails where the run requires this backend (MLDSA_REQUIRE_BACKEND) and it is not detected.
#[test]
fn required_backend_detected() {
    note();
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
    B::ntt(&mut y);
    assert_eq!(x.coeffs, y.coeffs, "ntt");
    let (mut x, mut y) = (a.clone(), a.clone());
    Portable::inv_ntt(&mut x);
    B::inv_ntt(&mut y);
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
        B::pointwise(&mut c2, &x, &y);
        assert_eq!(c1.coeffs, c2.coeffs);
    }
    for len in 1..=7 {
        for bv in [b, -b] {
            let a = vec![constant(Q - 1); len];
            let bs = vec![constant(bv); len];
            let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
            Portable::pointwise_acc(&mut c1, &a, &bs);
            B::pointwise_acc(&mut c2, &a, &bs);
            assert_eq!(c1.coeffs, c2.coeffs, "len {len} b {bv}");
        }
    }
}

fn check_challenge_mul(eta: i32, c: &Challenge, s: &SmallPoly) {
    let (mut x, mut y) = (Poly::ZERO, constant(7));
    Portable::challenge_mul(eta, &mut x, c, s);
    B::challenge_mul(eta, &mut y, c, s);
    assert_eq!(x.coeffs, y.coeffs, "challenge_mul, η = {eta}");
}

/// A challenge with a ±1 at each of `positions` (distinct, below 256).
fn challenge_at(positions: &[usize], negative: impl Fn(usize) -> bool) -> Challenge {
    let mut c = [0i8; 256];
    for (k, &p) in positions.iter().enumerate() {
        c[p] = if negative(k) { -1 } else { 1 };
    }
    Challenge::from_coefficients(&c).unwrap()
}

#[test]
fn challenge_mul_extremes() {
    // Weight 0, 1, around the byte-lane chunks (31, 63), τ of each set, and the maximum 64;
    // all signs alike (the largest sums: |c·s| reaches 64·η) or alternating; s = ±η,
    // alternating, or cycling through [-η, η]; terms at the start and the end (windows
    // touching both ends of the (s, -s, s) table) or spread out.
    let spread: Vec<usize> = (0..256).step_by(4).collect();
    let ends: Vec<usize> = (0..32).chain(224..256).collect();
    for eta in [2i32, 4] {
        let e = eta as i8;
        let ss = [
            SmallPoly { coeffs: [e; 256] },
            SmallPoly { coeffs: [-e; 256] },
            SmallPoly::ZERO,
            SmallPoly {
                coeffs: core::array::from_fn(|i| if i & 1 == 0 { e } else { -e }),
            },
            SmallPoly {
                coeffs: core::array::from_fn(|i| (i % (2 * eta as usize + 1)) as i8 - e),
            },
        ];
        for positions in [&spread, &ends] {
            for w in [0, 1, 2, 31, 32, 39, 49, 60, 62, 63, MAX_WEIGHT] {
                for neg in [|_| false, |_| true, |k: usize| k & 1 == 1] {
                    let c = challenge_at(&positions[..w], neg);
                    for s in &ss {
                        check_challenge_mul(eta, &c, s);
                    }
                }
            }
        }
    }
}

/// The windows at both ends of the (s, -s, s) table: 64 terms at positions 0-31 and 224-255
/// (+X^0's window ends at the table's last byte), and -X^255 alone (X^511: its window starts
/// at byte 1). Small enough for Miri, which checks the kernels' loads.
#[test]
fn challenge_mul_table_ends() {
    let ends: Vec<usize> = (0..32).chain(224..256).collect();
    for eta in [2i32, 4] {
        let s = SmallPoly {
            coeffs: [eta as i8; 256],
        };
        check_challenge_mul(eta, &challenge_at(&ends, |k| k & 1 == 1), &s);
        check_challenge_mul(eta, &challenge_at(&[255], |_| true), &s);
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
    B::decompose(gamma2, &mut v1, &mut v0);
    assert_eq!((w1.coeffs, w0.coeffs), (v1.coeffs, v0.coeffs), "decompose");
    let (mut a, mut b) = (w.clone(), w.clone());
    Portable::use_hint(gamma2, &mut a, h);
    B::use_hint(gamma2, &mut b, h);
    assert_eq!(a.coeffs, b.coeffs, "use_hint");
    let (mut t1, mut t0) = (w.clone(), Poly::ZERO);
    let (mut u1, mut u0) = (w.clone(), Poly::ZERO);
    Portable::power2round(&mut t1, &mut t0);
    B::power2round(&mut u1, &mut u0);
    assert_eq!(
        (t1.coeffs, t0.coeffs),
        (u1.coeffs, u0.coeffs),
        "power2round"
    );
    let (mut a, mut b) = (w.clone(), w.clone());
    Portable::caddq(&mut a);
    B::caddq(&mut b);
    assert_eq!(a.coeffs, b.coeffs, "caddq");
}

fn check_make_hint(gamma2: i32, r0: &Poly, r1: &Poly) {
    let (mut h1, mut h2) = (Poly::ZERO, Poly::ZERO);
    let n1 = Portable::make_hint(gamma2, &mut h1, r0, r1);
    let n2 = B::make_hint(gamma2, &mut h2, r0, r1);
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
                B::norm_exceeds(&p, bound).unwrap_u8(),
                "{v} vs {bound}"
            );
        }
    }
    for v in [i32::MIN, i32::MAX - (1 << 22), i32::MIN + 1, -1, 0, Q, -Q] {
        let (mut a, mut b) = (constant(v), constant(v));
        Portable::reduce(&mut a);
        B::reduce(&mut b);
        assert_eq!(a.coeffs, b.coeffs, "reduce {v}");
    }
}

/// SHAKE via a multi-lane sponge, one lane per input, `blocks` blocks out.
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

/// B's SHAKE128 and SHAKE256 (and Auto's SHAKE128, for as many lanes as it has) against
/// mldsa-core's single-lane sponge, one lane per input (at most B's lane count).
fn check_xof(inputs: &[Vec<u8>], blocks: usize, split: bool) {
    assert!(inputs.len() <= lanes());
    let a = multi::<<B as Backend>::Shake128>(inputs, blocks, split);
    let auto_lanes = inputs.len().min(<Auto as Backend>::Shake128::LANES);
    let b = multi::<<Auto as Backend>::Shake128>(&inputs[..auto_lanes], blocks, split);
    for (i, input) in inputs.iter().enumerate() {
        let mut want = vec![0u8; blocks * 168];
        Shake128::digest(&[input], &mut want);
        assert_eq!(a[i], want, "shake128 lane {i} len {}", input.len());
        if i < auto_lanes {
            assert_eq!(b[i], want, "auto shake128 lane {i}");
        }
    }
    let a = multi::<<B as Backend>::Shake256>(inputs, blocks, split);
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
        for lanes in 1..=lanes() {
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
    let nb = B::rej_uniform(&mut b, buf);
    // Entries past the count are scratch (see `Backend::rej_uniform`).
    assert_eq!(
        (na, &a[..na]),
        (nb, &b[..nb]),
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
        let nb = B::rej_eta(eta, &mut b, buf);
        assert_eq!(
            (na, &a[..na]),
            (nb, &b[..nb]),
            "rej_eta {eta} room {room} len {}",
            buf.len()
        );
    }
}

#[test]
fn rej_eta_edges() {
    // Every byte value, so every half-byte in both positions.
    let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    // Rooms around each path's limit (64 and 32 free entries) too.
    for room in [0, 1, 7, 8, 9, 16, 31, 32, 33, 47, 63, 64, 65, 100, 256] {
        for len in [0, 1, 3, 4, 5, 8, 16, 17, 31, 32, 48, 136, 272, 512] {
            check_rej_eta(&all[..len], room);
        }
    }
    check_rej_eta(&[0xff; 136], 256);
    check_rej_eta(&[0x00; 136], 256);
    check_rej_eta(&[0xe9; 136], 256);
}

/// BitUnpack for z (both γ1) and SimpleBitUnpack for t1 on `bytes`, which it cycles to fill
/// each encoding (every bit pattern is a valid encoding of both).
fn check_unpack(bytes: &[u8]) {
    for (bits, len) in [(17, 576), (19, 640)] {
        let buf: Vec<u8> = bytes.iter().copied().cycle().take(len).collect();
        let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
        Portable::unpack_z(bits, &mut a, &buf);
        B::unpack_z(bits, &mut b, &buf);
        assert_eq!(a.coeffs, b.coeffs, "unpack_z γ1 = 2^{bits}");
    }
    let buf: Vec<u8> = bytes.iter().copied().cycle().take(320).collect();
    let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
    Portable::unpack_t1(&mut a, &buf);
    B::unpack_t1(&mut b, &buf);
    assert_eq!(a.coeffs, b.coeffs, "unpack_t1");
}

/// `pack` of `a` with each coefficient mapped by `map`, by Portable and by B, into `len` bytes.
fn check_packer(
    name: &str,
    len: usize,
    a: &Poly,
    map: impl Fn(i32) -> i32,
    pack: impl Fn(bool, &mut [u8], &Poly),
) {
    let mut p = a.clone();
    for c in p.coeffs.iter_mut() {
        *c = map(*c);
    }
    let (mut x, mut y) = (vec![0u8; len], vec![0u8; len]);
    pack(false, &mut x, &p);
    pack(true, &mut y, &p);
    assert_eq!(x, y, "{name}");
}

/// BitPack of z for both γ1 and of t0, and SimpleBitPack of t1, of `a` mapped into each input
/// range ((-γ1, γ1], (-2^12, 2^12] and [0, 2^10)).
fn check_pack_z_t1(a: &Poly) {
    for (bits, len) in [(17u32, 576), (19, 640)] {
        let g1 = 1i32 << bits;
        check_packer("pack_z", len, a, |c| g1 - c.rem_euclid(2 * g1), |simd, o, p| {
            if simd { B::pack_z(bits, o, p) } else { Portable::pack_z(bits, o, p) }
        });
    }
    check_packer("pack_t1", 320, a, |c| c.rem_euclid(1 << 10), |simd, o, p| {
        if simd { B::pack_t1(o, p) } else { Portable::pack_t1(o, p) }
    });
    check_packer("pack_t0", 416, a, |c| (1 << 12) - c.rem_euclid(1 << 13), |simd, o, p| {
        if simd { B::pack_t0(o, p) } else { Portable::pack_t0(o, p) }
    });
}

#[test]
fn pack_z_t1_extremes() {
    // Mapped to the range ends: 0 gives z = γ1, t0 = 2^12 and t1 = 0; -1 gives z = -(γ1 - 1),
    // t0 = -(2^12 - 1) and t1 = 1023 (every field all ones); alternating, and one non-zero
    // field at the end.
    for v in [0, -1, 1, 1 << 16] {
        check_pack_z_t1(&constant(v));
        check_pack_z_t1(&alternating(0, v));
        check_pack_z_t1(&alternating(v, 0));
        let mut p = Poly::ZERO;
        p.coeffs[255] = v;
        check_pack_z_t1(&p);
    }
}

/// w1Encode's packing for both γ2 of `w1` (taken mod each γ2's range).
fn check_pack_w1(w1: &Poly) {
    for (gamma2, len) in [(GAMMA2_Q88, 192), (GAMMA2_Q32, 128)] {
        let mut w = w1.clone();
        let m = (Q - 1) / (2 * gamma2);
        for c in w.coeffs.iter_mut() {
            *c = c.rem_euclid(m);
        }
        let (mut a, mut b) = (vec![0u8; len], vec![0u8; len]);
        Portable::pack_w1(gamma2, &mut a, &w);
        B::pack_w1(gamma2, &mut b, &w);
        assert_eq!(a, b, "pack_w1 γ2 = {gamma2}");
    }
}

/// skEncode's packing of s1 / s2 for both η, of `a` taken into [-η, η].
fn check_pack_eta(a: &Poly) {
    for (eta, len) in [(2, 96), (4, 128)] {
        check_packer("pack_eta", len, a, |c| c.rem_euclid(2 * eta + 1) - eta, |simd, o, p| {
            if simd { B::pack_eta(eta, o, p) } else { Portable::pack_eta(eta, o, p) }
        });
    }
}

#[test]
fn pack_eta_extremes() {
    // -η and η everywhere (rem_euclid maps 0 to -η and 2η to η), alternating, one position.
    for v in [0, 4, 8, 1] {
        check_pack_eta(&constant(v));
        check_pack_eta(&alternating(0, v));
        let mut p = Poly::ZERO;
        p.coeffs[255] = v;
        check_pack_eta(&p);
    }
}

#[test]
fn pack_w1_extremes() {
    // 0 and the top value (43 or 15) everywhere, alternating, and in one position.
    for v in [0, 15, 43, -1] {
        check_pack_w1(&constant(v));
        check_pack_w1(&alternating(0, v));
        let mut p = Poly::ZERO;
        p.coeffs[255] = v;
        check_pack_w1(&p);
    }
}

#[test]
fn unpack_extremes() {
    // All fields 0, all at the maximum (z = -(γ1 - 1) ... the extremes of (-γ1, γ1]), and a
    // single set bit walking through a field boundary.
    for pattern in [&[0x00][..], &[0xff], &[0x80, 0x00, 0x01], &[0x01, 0x00, 0x00, 0x80]] {
        check_unpack(pattern);
    }
}

/// Keys, expanded keys (also straight from `encoded_from_seed`) and signatures (hedged and deterministic) of B equal Portable's, and
/// verify under B both from the key and prepared.
fn keys_and_signatures<P: ParameterSet>() {
    for seed in 0..2u8 {
        let ours = mldsa_core::SigningKey::<P, B>::from_seed(&[seed; 32]);
        let reference = mldsa_core::SigningKey::<P, Portable>::from_seed(&[seed; 32]);
        assert_eq!(ours.verifying_key().as_bytes(), reference.verifying_key().as_bytes());
        assert_eq!(ours.to_expanded().as_ref(), reference.to_expanded().as_ref());
        let (pk, sk) = mldsa_core::SigningKey::<P, B>::encoded_from_seed(&[seed; 32]);
        assert_eq!(pk.as_ref(), reference.verifying_key().as_bytes().as_ref());
        assert_eq!(sk.as_ref(), reference.to_expanded().as_ref());
        let msg: Vec<u8> = (0..300).map(|i| (i as u8) ^ seed).collect();
        let rnd = [seed ^ 0xa5; 32];
        let a = ours.sign_with_rnd(&msg, b"ctx", &rnd).unwrap();
        let b = reference.sign_with_rnd(&msg, b"ctx", &rnd).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes(), "hedged signature, seed {seed}");
        let d1 = ours.sign_deterministic(&msg, b"").unwrap();
        let d2 = reference.sign_deterministic(&msg, b"").unwrap();
        assert_eq!(d1.as_bytes(), d2.as_bytes(), "deterministic signature, seed {seed}");
        assert!(ours.verifying_key().verify(&msg, b"ctx", &b).is_ok());
        assert!(ours.verifying_key().verify(&msg, b"cty", &b).is_err());
        let prepared = ours.verifying_key().prepare();
        assert!(prepared.verify(&msg, b"ctx", &a).is_ok());
        assert!(prepared.verify(&msg[1..], b"ctx", &a).is_err());
        // One-shot verification from the encodings (tr riding in ExpandA's lanes).
        let one_shot = |m: &[u8], ctx: &[u8], sig: &[u8]| {
            mldsa_core::VerifyingKey::<P, B>::verify_encoded(pk.as_ref(), m, ctx, sig)
        };
        assert!(one_shot(&msg, b"ctx", a.as_bytes()).is_ok());
        assert!(one_shot(&msg, b"", d1.as_bytes()).is_ok());
        assert!(one_shot(&msg, b"cty", a.as_bytes()).is_err());
        let mut bad = a.as_bytes().to_vec();
        bad[0] ^= 1;
        assert!(one_shot(&msg, b"ctx", &bad).is_err());
    }
}

#[test]
fn keys_and_signatures_match_portable() {
    note();
    keys_and_signatures::<MlDsa44>();
    keys_and_signatures::<MlDsa65>();
    keys_and_signatures::<MlDsa87>();
}

/// B's single-lane Keccak-f\[1600\] equals the `keccak` crate's (`KeccakF1600`).
fn check_keccak(state: [u64; 25]) {
    let (mut a, mut b) = (state, state);
    KeccakF1600::permute(&mut a);
    <B as Backend>::Keccak::permute(&mut b);
    assert_eq!(a, b, "single-lane Keccak-f[1600]");
}

#[test]
fn single_lane_keccak_edges() {
    note();
    check_keccak([0; 25]);
    check_keccak([u64::MAX; 25]);
    let mut chain = [0u64; 25];
    for _ in 0..50 {
        check_keccak(chain);
        KeccakF1600::permute(&mut chain);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn single_lane_keccak_random(v in proptest::collection::vec(any::<u64>(), 25)) {
        check_keccak(v.try_into().unwrap());
    }

    #[test]
    fn pack_w1_random(w in poly_in(0, 43)) {
        check_pack_w1(&w);
    }

    #[test]
    fn pack_eta_random(s in poly_in(0, 8)) {
        check_pack_eta(&s);
    }

    #[test]
    fn pack_z_t1_random(a in poly_in(i32::MIN, i32::MAX)) {
        check_pack_z_t1(&a);
    }

    #[test]
    fn unpack_random(bytes in proptest::collection::vec(any::<u8>(), 640)) {
        check_unpack(&bytes);
    }

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
    fn challenge_mul_random(
        c in proptest::collection::vec(prop_oneof![4 => Just(0i8), 1 => Just(1), 1 => Just(-1)], 256),
        s in proptest::collection::vec(-4i8..=4, 256),
        eta2 in any::<bool>(),
    ) {
        // At most MAX_WEIGHT terms: keep the first 64 non-zero ones.
        let mut cc = [0i8; 256];
        let mut w = 0;
        for (d, &v) in cc.iter_mut().zip(&c) {
            if v != 0 && w < MAX_WEIGHT {
                *d = v;
                w += 1;
            }
        }
        let eta = if eta2 { 2 } else { 4 };
        let s = SmallPoly { coeffs: core::array::from_fn(|i| s[i].clamp(-eta as i8, eta as i8)) };
        check_challenge_mul(eta, &Challenge::from_coefficients(&cc).unwrap(), &s);
    }

    #[test]
    fn ntt_random(a in poly_in(-(Q - 1), Q - 1)) {
        check_ntt(&a);
    }

    #[test]
    fn pointwise_random(a in poly_in(-(9 * Q - 1), 9 * Q - 1), b in poly_in(-(9 * Q - 1), 9 * Q - 1)) {
        let (mut c1, mut c2) = (Poly::ZERO, Poly::ZERO);
        Portable::pointwise(&mut c1, &a, &b);
        B::pointwise(&mut c2, &a, &b);
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
        B::pointwise_acc(&mut c2, &a[..len], &b[..len]);
        prop_assert_eq!(c1.coeffs, c2.coeffs);
    }

    #[test]
    fn reduce_random(a in poly_in(i32::MIN, i32::MAX - (1 << 22))) {
        let (mut x, mut y) = (a.clone(), a);
        Portable::reduce(&mut x);
        B::reduce(&mut y);
        prop_assert_eq!(x.coeffs, y.coeffs);
    }

    #[test]
    fn caddq_random(a in poly_in(-(Q - 1), Q - 1)) {
        let (mut x, mut y) = (a.clone(), a);
        Portable::caddq(&mut x);
        B::caddq(&mut y);
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
                B::norm_exceeds(&a, bound).unwrap_u8()
            );
        }
    }

    #[test]
    fn xof_random(
        lane_pick in 0usize..4,
        len in 0usize..400,
        blocks in 1usize..6,
        split in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let inputs: Vec<Vec<u8>> = (0..=lane_pick % lanes())
            .map(|l| (0..len).map(|i| (seed.rotate_left((i + 13 * l) as u32) as u8) ^ i as u8).collect())
            .collect();
        check_xof(&inputs, blocks, split);
    }
}
