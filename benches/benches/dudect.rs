//! dudect (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", 2017) timing
//! tests with `dudect-bencher`: each bench times one operation on secret inputs drawn from two
//! classes, a fixed value ("Left") and fresh random values ("Right"), interleaved in random
//! order, and reports Welch's t statistic between the two timing distributions (over several
//! percentile crops; `max t` is the largest). |t| > 4.5 is dudect's "definitely not constant
//! time"; see SECURITY.md for the thresholds CI uses.
//!
//! Covered, per backend where the operation is backend-specific (every backend of
//! `mldsa_simd::for_each_backend!` this CPU runs, named `portable_*`, `avx2_*`, `avx512_*`,
//! `neon_*`; Poly1305: every backend this CPU and build have): montgomery_reduce / reduce32 / caddq, the
//! NTT, Decompose, Power2Round, MakeHint, the norm check, skDecode's unpack of s1/s2, key
//! expansion from an expanded key with a fixed ρ (`SigningKey::from_expanded`), Poly1305 MAC
//! under a secret key, and the Poly1305 tag comparison (`verify`, on wrong tags only).
//!
//! `selftest_early_exit` is a deliberate leak (an early exit on secret data) that must be
//! flagged: CI checks that the method still detects one.
//!
//! `info_from_seed` times `SigningKey::from_seed` with a fixed vs random ξ. It is informative
//! only (not gated): ξ also determines the public ρ (ExpandA's rejection sampling time) and the
//! declassified ExpandS rejections, so its classes legitimately differ in time.
//!
//! Usage: `cargo bench -p mldsa-benches --bench dudect -- [--filter NAME] [--continuous NAME]`;
//! `DUDECT_SAMPLES` sets the samples per bench (default 200 000; key expansion uses 1/50).

use dudect_bencher::ctbench::{BenchFn, BenchMetadata, BenchName, BenchOpts, run_benches_console};
use dudect_bencher::rand::Rng;
use dudect_bencher::{BenchRng, Class, CtRunner};
use mldsa_core::backend::Backend;
use mldsa_core::kernel::reference::{caddq, montgomery_reduce, pack_eta, reduce32, unpack_eta};
use mldsa_core::kernel::{GAMMA2_Q32, GAMMA2_Q88, Poly, Q, SkLayout};
use mldsa_core::{MlDsa44, MlDsa65, ParameterSet, Portable, SigningKey};
use std::hint::black_box;

/// Distinct random inputs per bench (reused across batches).
const POOL: usize = 256;

fn samples() -> usize {
    std::env::var("DUDECT_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000)
}

/// A uniform value in [lo, hi] by multiply-and-shift (no division).
fn uniform(rng: &mut BenchRng, lo: i64, hi: i64) -> i64 {
    let span = (hi - lo + 1) as u128;
    lo + ((rng.next_u64() as u128 * span) >> 64) as i64
}

fn random_poly(rng: &mut BenchRng, lo: i64, hi: i64) -> Poly {
    let mut p = Poly::ZERO;
    for c in p.coeffs.iter_mut() {
        *c = uniform(rng, lo, hi) as i32;
    }
    p
}

/// The class sequence: each sample independently Left or Right.
fn classes(rng: &mut BenchRng, n: usize) -> Vec<Class> {
    (0..n)
        .map(|_| {
            if rng.next_u32() & 1 == 0 {
                Class::Left
            } else {
                Class::Right
            }
        })
        .collect()
}

/// Runs `op` on `fixed` for Left samples and on random values (from `random`, cycled) for
/// Right ones, as dudect does: the samples are taken in batches over one array of `BATCH`
/// slots; before each batch (untimed) every slot gets a fresh random class and its input, then
/// the batch is timed slot by slot. Which slot, address or cache line holds which class changes
/// from batch to batch, so the classes differ only in the values.
fn fixed_vs_random<T: Clone, R>(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    n: usize,
    fixed: T,
    random: Vec<T>,
    op: impl Fn(&T) -> R,
) {
    const BATCH: usize = 1024;
    let mut slots = vec![fixed.clone(); BATCH];
    let mut next = 0;
    let mut done = 0;
    while done < n {
        let cls = classes(rng, BATCH);
        for (slot, class) in slots.iter_mut().zip(&cls) {
            match class {
                Class::Left => slot.clone_from(&fixed),
                Class::Right => {
                    next = if next + 1 == random.len() {
                        0
                    } else {
                        next + 1
                    };
                    slot.clone_from(&random[next]);
                }
            }
        }
        let m = BATCH.min(n - done);
        for (slot, class) in slots.iter().zip(cls).take(m) {
            runner.run_one(class, || op(black_box(slot)));
        }
        done += m;
    }
}

/// A bench over polynomials: fixed class = one random polynomial (from the same range), so
/// only the value, not its distribution, differs.
fn poly_bench<R>(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    lo: i64,
    hi: i64,
    op: impl Fn(&Poly) -> R,
) {
    let fixed = random_poly(rng, lo, hi);
    let pool = (0..POOL).map(|_| random_poly(rng, lo, hi)).collect();
    fixed_vs_random(runner, rng, samples(), fixed, pool, op);
}

const QL: i64 = Q as i64;

fn field_montgomery_reduce(runner: &mut CtRunner, rng: &mut BenchRng) {
    // Inputs |a| < 2^31·q (the domain), as 256 products of values < 9q.
    poly_bench(runner, rng, -9 * QL + 1, 9 * QL - 1, |p| {
        let mut acc = 0i32;
        for c in p.coeffs.iter() {
            acc ^= montgomery_reduce(*c as i64 * 35_000_000);
        }
        acc
    });
}

fn field_reduce32(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -(1 << 31), (1 << 31) - (1 << 22) - 1, |p| {
        p.coeffs.iter().fold(0, |a, &c| a ^ reduce32(c))
    });
}

fn field_caddq(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -QL + 1, QL - 1, |p| {
        p.coeffs.iter().fold(0, |a, &c| a ^ caddq(c))
    });
}

fn reduce<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -(1 << 31), (1 << 31) - (1 << 22) - 1, |p| {
        let mut a = p.clone();
        B::reduce(&mut a);
        a
    });
}

fn caddq_poly<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -QL + 1, QL - 1, |p| {
        let mut a = p.clone();
        B::caddq(&mut a);
        a
    });
}

fn ntt<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    // Secret operands of the NTT: y in (-γ1, γ1] and s in [-η, η] are inside |a| < q.
    poly_bench(runner, rng, -QL + 1, QL - 1, |p| {
        let mut a = p.clone();
        B::ntt(&mut a);
        a
    });
}

fn inv_ntt<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -QL + 1, QL - 1, |p| {
        let mut a = p.clone();
        B::inv_ntt(&mut a);
        a
    });
}

fn decompose<B: Backend, const G: i32>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, 0, QL - 1, |p| {
        let (mut w, mut w0) = (p.clone(), Poly::ZERO);
        B::decompose(G, &mut w, &mut w0);
        (w, w0)
    });
}

fn power2round<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, 0, QL - 1, |p| {
        let (mut t, mut t0) = (p.clone(), Poly::ZERO);
        B::power2round(&mut t, &mut t0);
        (t, t0)
    });
}

fn make_hint<B: Backend, const G: i32>(runner: &mut CtRunner, rng: &mut BenchRng) {
    // r0 in (-2γ2, 2γ2) (hint set where |r0| > γ2), r1 a fixed Decompose high part.
    let g = G as i64;
    let mut r1 = random_poly(rng, 0, QL - 1);
    let mut scratch = Poly::ZERO;
    Portable::decompose(G, &mut r1, &mut scratch);
    poly_bench(runner, rng, -2 * g + 1, 2 * g - 1, |r0| {
        let mut h = Poly::ZERO;
        let n = B::make_hint(G, &mut h, r0, &r1);
        (h, n)
    });
}

fn norm_check<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    // z-like values around the γ1 - β bound of ML-DSA-65 (≈ half exceed it).
    let bound = (1 << 19) - 196;
    poly_bench(runner, rng, -(bound as i64) - 4, bound as i64 + 4, |p| {
        B::norm_exceeds(p, bound).unwrap_u8()
    });
}

/// skEncode's packing of s1 / s2 (η = 2: 3-bit fields) on a backend's kernel.
fn pack_eta_bench<B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    poly_bench(runner, rng, -2, 2, |s| {
        let mut b = [0u8; 96];
        B::pack_eta(2, &mut b, s);
        b
    });
}

fn unpack_eta_bench<P: ParameterSet>(runner: &mut CtRunner, rng: &mut BenchRng) {
    let pack = |rng: &mut BenchRng| {
        let s = random_poly(rng, -P::ETA as i64, P::ETA as i64);
        let mut b = vec![0u8; P::POLY_ETA_BYTES];
        pack_eta(P::ETA, &mut b, &s);
        b
    };
    let fixed = pack(rng);
    let pool = (0..POOL).map(|_| pack(rng)).collect();
    fixed_vs_random(runner, rng, samples(), fixed, pool, |b| {
        let mut s = Poly::ZERO;
        let bad = unpack_eta::<P>(&mut s, b);
        (s, bad.unwrap_u8())
    });
}

/// Key expansion of secret data with a fixed public ρ: `from_expanded` unpacks s1, s2,
/// recomputes t = A·s1 + s2, Power2Round, tr and compares. Both classes carry a zero tr, so
/// both do all of that and fail at the same final comparison; only K, s1, s2 (and t0) differ.
fn key_expansion<P: ParameterSet, B: Backend>(runner: &mut CtRunner, rng: &mut BenchRng) {
    let base = SigningKey::<P>::from_seed(&[42; 32]).to_expanded();
    let make = |rng: &mut BenchRng, random: bool| {
        let mut sk = base.as_ref().to_vec();
        sk[64..128].fill(0);
        if random {
            rng.fill_bytes(&mut sk[32..64]);
            for i in 0..P::L + P::K {
                let s = random_poly(rng, -P::ETA as i64, P::ETA as i64);
                let at = SkLayout::S1 + i * P::POLY_ETA_BYTES;
                pack_eta(P::ETA, &mut sk[at..at + P::POLY_ETA_BYTES], &s);
            }
        }
        sk
    };
    let fixed = make(rng, false);
    let pool: Vec<Vec<u8>> = (0..POOL).map(|_| make(rng, true)).collect();
    fixed_vs_random(runner, rng, small_samples(), fixed, pool, |sk| {
        SigningKey::<P, B>::from_expanded(sk).is_err()
    });
}

fn small_samples() -> usize {
    (samples() >> 6).max(500)
}

fn info_from_seed(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut seed = || {
        let mut s = [0u8; 32];
        rng.fill_bytes(&mut s);
        s
    };
    let fixed = seed();
    let pool = (0..POOL).map(|_| seed()).collect();
    fixed_vs_random(runner, rng, small_samples(), fixed, pool, |xi| {
        SigningKey::<MlDsa44>::from_seed(xi).verifying_key().tr()[0]
    });
}

/// Self-test of the method (gated the other way round by CI: it must be flagged): an early
/// exit on the first non-zero coefficient, all-zero (Left) vs random (Right) polynomials.
fn selftest_early_exit(runner: &mut CtRunner, rng: &mut BenchRng) {
    let pool = (0..POOL)
        .map(|_| random_poly(rng, -QL + 1, QL - 1))
        .collect();
    fixed_vs_random(runner, rng, samples(), Poly::ZERO, pool, |p| {
        p.coeffs.iter().position(|&c| c != 0)
    });
}

/// Poly1305 MAC of a fixed 1 KiB message under a fixed vs random one-time key.
fn poly1305_mac<const I: usize>(runner: &mut CtRunner, rng: &mut BenchRng) {
    let b = poly1305_simd::Backend::ALL[I];
    let msg = [0x5au8; 1024];
    let mut key = || {
        let mut k = [0u8; 32];
        rng.fill_bytes(&mut k);
        k
    };
    let fixed = key();
    let pool = (0..POOL).map(|_| key()).collect();
    fixed_vs_random(runner, rng, samples(), fixed, pool, |k| {
        poly1305_simd::mac_forced(b, Some(64), k, &msg)
    });
}

/// Poly1305 verify: a fixed wrong tag that differs from the right one only in its last byte
/// (Left) vs random wrong tags (Right, differing from the first byte on, almost surely). Both
/// classes fail, so only the comparison differs: an early-exit comparison would take longer on
/// the Left. (Right vs wrong tags would time the public verdict, Ok vs Err, instead.)
fn poly1305_verify<const I: usize>(runner: &mut CtRunner, rng: &mut BenchRng) {
    let b = poly1305_simd::Backend::ALL[I];
    let key = [7u8; 32];
    let st = poly1305_simd::Poly1305::new_forced(&key, b, Some(64))
        .expect("registered only when available")
        .chain(&[0x5au8; 256]);
    let good = st.clone().finalize().into_bytes();
    let mut last = good;
    last[15] ^= 1;
    let pool = (0..POOL)
        .map(|_| {
            let mut t = [0u8; 16];
            rng.fill_bytes(&mut t);
            t[0] = !good[0];
            poly1305_simd::Tag::from(t)
        })
        .collect();
    fixed_vs_random(
        runner,
        rng,
        samples(),
        poly1305_simd::Tag::from(last),
        pool,
        |tag| st.clone().verify(tag).is_ok(),
    );
}

fn main() {
    let mut opts = BenchOpts::default();
    // Own argument parsing: `cargo bench` adds `--bench`, which the crate's macro rejects.
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--filter" => opts.filter = args.next(),
            "--continuous" => {
                opts.continuous = true;
                opts.filter = args.next();
            }
            "--out" => opts.file_out = args.next().map(Into::into),
            _ => {}
        }
    }
    let mut benches: Vec<(&'static str, BenchFn)> = vec![
        ("field_montgomery_reduce", field_montgomery_reduce),
        ("field_reduce32", field_reduce32),
        ("field_caddq", field_caddq),
        ("unpack_eta_2", unpack_eta_bench::<MlDsa44>),
        ("unpack_eta_4", unpack_eta_bench::<MlDsa65>),
        ("info_from_seed", info_from_seed),
        ("selftest_early_exit", selftest_early_exit),
    ];
    // Every backend of the one list that this CPU runs (the others say so).
    macro_rules! backend_benches {
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            if $available {
                benches.extend_from_slice(&[
                    (
                        concat!(stringify!($id), "_reduce"),
                        reduce::<$ty> as BenchFn,
                    ),
                    (concat!(stringify!($id), "_caddq"), caddq_poly::<$ty>),
                    (concat!(stringify!($id), "_ntt"), ntt::<$ty>),
                    (concat!(stringify!($id), "_inv_ntt"), inv_ntt::<$ty>),
                    (
                        concat!(stringify!($id), "_decompose_88"),
                        decompose::<$ty, GAMMA2_Q88>,
                    ),
                    (
                        concat!(stringify!($id), "_decompose_32"),
                        decompose::<$ty, GAMMA2_Q32>,
                    ),
                    (concat!(stringify!($id), "_power2round"), power2round::<$ty>),
                    (
                        concat!(stringify!($id), "_make_hint_88"),
                        make_hint::<$ty, GAMMA2_Q88>,
                    ),
                    (
                        concat!(stringify!($id), "_make_hint_32"),
                        make_hint::<$ty, GAMMA2_Q32>,
                    ),
                    (concat!(stringify!($id), "_norm_check"), norm_check::<$ty>),
                    (concat!(stringify!($id), "_pack_eta"), pack_eta_bench::<$ty>),
                    (
                        concat!(stringify!($id), "_key_expansion_44"),
                        key_expansion::<MlDsa44, $ty>,
                    ),
                ]);
                println!("note: {} benches registered", $label);
            } else {
                println!(
                    "note: this CPU cannot run {}: the {}_* benches are not registered",
                    $label,
                    stringify!($id)
                );
            }
        };
    }
    mldsa_simd::for_each_backend!(backend_benches);
    let p1305: [(&'static str, &'static str, BenchFn, BenchFn); 4] = [
        (
            "poly1305_soft_mac",
            "poly1305_soft_verify",
            poly1305_mac::<0>,
            poly1305_verify::<0>,
        ),
        (
            "poly1305_avx2_mac",
            "poly1305_avx2_verify",
            poly1305_mac::<1>,
            poly1305_verify::<1>,
        ),
        (
            "poly1305_ifma_mac",
            "poly1305_ifma_verify",
            poly1305_mac::<2>,
            poly1305_verify::<2>,
        ),
        (
            "poly1305_neon_mac",
            "poly1305_neon_verify",
            poly1305_mac::<3>,
            poly1305_verify::<3>,
        ),
    ];
    for (i, (mac, verify, fm, fv)) in p1305.into_iter().enumerate() {
        let b = poly1305_simd::Backend::ALL[i];
        if poly1305_simd::mac_forced(b, None, &[0; 32], b"").is_some() {
            benches.push((mac, fm));
            benches.push((verify, fv));
        } else {
            println!(
                "note: Poly1305 backend {b:?} not available here: {mac}/{verify} not registered"
            );
        }
    }
    let benches = benches
        .into_iter()
        .map(|(name, benchfn)| BenchMetadata {
            name: BenchName(name),
            seed: None,
            benchfn,
        })
        .collect();
    run_benches_console(opts, benches).expect("console output");
}
