//! ML-DSA: the kernels and operations of every backend this CPU runs (`for_each_backend!`),
//! measured in the same run.
//!
//! `cargo bench -p mldsa-benches --bench mldsa -- --warm-up-time 1 --measurement-time 2`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mldsa_core::kernel::{Challenge, GAMMA2_Q32, Poly, Q, SmallPoly, Xof};
use mldsa_core::{
    Backend, MlDsa44, MlDsa65, MlDsa87, ParameterSet, Portable, Signature, SigningKey, VerifyingKey,
};
use std::hint::black_box;

/// A polynomial with coefficients in (-q, q), from a simple public pattern.
fn sample_poly(seed: u32) -> Poly {
    let mut p = Poly::ZERO;
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    for c in p.coeffs.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *c = (x & 0x7f_ffff) as i32 - (Q >> 1);
    }
    p
}

fn kernels_for<B: Backend>(c: &mut Criterion, name: &str) {
    let mut g = c.benchmark_group("mldsa-kernel");
    let a = sample_poly(1);
    g.bench_function(BenchmarkId::new("ntt", name), |bch| {
        bch.iter(|| {
            let mut x = a.clone();
            B::ntt(black_box(&mut x));
            x
        })
    });
    g.bench_function(BenchmarkId::new("inv_ntt", name), |bch| {
        bch.iter(|| {
            let mut x = a.clone();
            B::inv_ntt(black_box(&mut x));
            x
        })
    });
    // One row of ML-DSA-65's A·ŝ1 (ℓ = 5).
    let mat: Vec<Poly> = (0..5)
        .map(|i| {
            let mut p = sample_poly(10 + i);
            Portable::caddq(&mut p);
            p
        })
        .collect();
    let vec: Vec<Poly> = (0..5).map(|i| sample_poly(20 + i)).collect();
    g.bench_function(BenchmarkId::new("pointwise_acc_l5", name), |bch| {
        bch.iter(|| {
            let mut out = Poly::ZERO;
            B::pointwise_acc(&mut out, black_box(&mat), black_box(&vec));
            out
        })
    });
    // ML-DSA-87's c·s1 (τ = 60, η = 2), the sparse product that replaced NTT^-1(ĉ ∘ ŝ1).
    let ch = Challenge::sample::<MlDsa87>(&[9; 64]);
    let small = SmallPoly {
        coeffs: core::array::from_fn(|i| (i as i8 & 3) - 2),
    };
    g.bench_function(BenchmarkId::new("challenge_mul_tau60", name), |bch| {
        bch.iter(|| {
            let mut out = Poly::ZERO;
            B::challenge_mul(2, &mut out, black_box(&ch), black_box(&small));
            out
        })
    });
    let mut w = a.clone();
    Portable::caddq(&mut w);
    g.bench_function(BenchmarkId::new("decompose", name), |bch| {
        bch.iter(|| {
            let (mut w1, mut w0) = (w.clone(), Poly::ZERO);
            B::decompose(GAMMA2_Q32, black_box(&mut w1), &mut w0);
            (w1, w0)
        })
    });
    // 4 independent ExpandA-sized SHAKE128 streams (34-byte seed, 5 blocks each): four
    // single-lane sponges for Portable, one 4-lane sponge for Avx2.
    let seeds: [[u8; 34]; 4] = core::array::from_fn(|i| [i as u8; 34]);
    g.bench_function(BenchmarkId::new("shake128_4x5blocks", name), |bch| {
        bch.iter(|| {
            let mut out = [[0u8; 5 * 168]; 4];
            squeeze4::<B::Shake128, 34, { 5 * 168 }>(black_box(&seeds), &mut out);
            out
        })
    });
    let seeds: [[u8; 66]; 4] = core::array::from_fn(|i| [i as u8; 66]);
    g.bench_function(BenchmarkId::new("shake256_4x5blocks", name), |bch| {
        bch.iter(|| {
            let mut out = [[0u8; 5 * 136]; 4];
            squeeze4::<B::Shake256, 66, { 5 * 136 }>(black_box(&seeds), &mut out);
            out
        })
    });
    // One ExpandA polynomial's worth of candidates (5 SHAKE128 blocks) and one ExpandS
    // polynomial's (η = 4: 2 SHAKE256 blocks), from a public pattern.
    let mut stream = [0u8; 5 * 168];
    let mut x = 0x9e37_79b9u32;
    for b in stream.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    g.bench_function(BenchmarkId::new("rej_uniform", name), |bch| {
        bch.iter(|| {
            let mut out = [0i32; 256];
            B::rej_uniform(&mut out, black_box(&stream))
        })
    });
    g.bench_function(BenchmarkId::new("rej_eta4", name), |bch| {
        bch.iter(|| {
            let mut out = [0i32; 256];
            B::rej_eta(4, &mut out, black_box(&stream[..2 * 136]))
        })
    });
    g.finish();
}

/// Four streams through `X`, `X::LANES` at a time.
fn squeeze4<X: Xof, const S: usize, const O: usize>(seeds: &[[u8; S]; 4], out: &mut [[u8; O]; 4]) {
    let lanes = X::LANES;
    let mut i = 0;
    while i < 4 {
        let n = lanes.min(4 - i);
        let inputs: Vec<&[u8]> = seeds[i..i + n].iter().map(|s| &s[..]).collect();
        let mut xof = X::absorb(&inputs);
        let mut outs: Vec<&mut [u8]> = out[i..i + n].iter_mut().map(|o| &mut o[..]).collect();
        xof.squeeze_blocks(&mut outs);
        i += n;
    }
}

fn kernels(c: &mut Criterion) {
    // Each vector backend only where this CPU runs it (elsewhere it would measure the portable
    // fallback under another name).
    macro_rules! each {
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            if $available {
                kernels_for::<$ty>(c, stringify!($id));
            }
        };
    }
    mldsa_simd::for_each_backend!(each);
}

fn ops_for<P: ParameterSet, B: Backend>(c: &mut Criterion, set: &str, name: &str) {
    let mut g = c.benchmark_group(format!("mldsa-op/{set}"));
    let seed = [7u8; 32];
    g.bench_function(BenchmarkId::new("keygen", name), |bch| {
        bch.iter(|| SigningKey::<P, B>::from_seed(black_box(&seed)))
    });
    g.bench_function(BenchmarkId::new("keygen_encoded", name), |bch| {
        bch.iter(|| SigningKey::<P, B>::encoded_from_seed(black_box(&seed)))
    });
    let sk = SigningKey::<P, B>::from_seed(&seed);
    let msg = [0x5au8; 32];
    g.bench_function(BenchmarkId::new("sign", name), |bch| {
        bch.iter(|| sk.sign_deterministic(black_box(&msg), b"").unwrap())
    });
    let prepared_sk = sk.to_cached::<mldsa_core::WithMatrix<P>>();
    g.bench_function(BenchmarkId::new("sign_prepared", name), |bch| {
        bch.iter(|| {
            prepared_sk
                .sign_deterministic(black_box(&msg), b"")
                .unwrap()
        })
    });
    let sig = sk.sign_deterministic(&msg, b"").unwrap();
    let pk = *sk.verifying_key().as_bytes();
    let sig_bytes = sig.to_bytes();
    g.bench_function(BenchmarkId::new("verify_from_bytes", name), |bch| {
        bch.iter(|| {
            let vk = VerifyingKey::<P, B>::from_bytes(black_box(pk.as_ref())).unwrap();
            let sig = Signature::<P>::from_bytes(black_box(sig_bytes.as_ref())).unwrap();
            vk.verify(&msg, b"", &sig).is_ok()
        })
    });
    let prepared_vk = sk.verifying_key().prepare();
    g.bench_function(BenchmarkId::new("verify_prepared", name), |bch| {
        bch.iter(|| {
            prepared_vk
                .verify(black_box(&msg), b"", black_box(&sig))
                .is_ok()
        })
    });
    g.finish();
}

fn ops_set<P: ParameterSet>(c: &mut Criterion, set: &str) {
    macro_rules! each {
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            if $available {
                ops_for::<P, $ty>(c, set, stringify!($id));
            }
        };
    }
    mldsa_simd::for_each_backend!(each);
}

fn operations(c: &mut Criterion) {
    ops_set::<MlDsa44>(c, "44");
    ops_set::<MlDsa65>(c, "65");
    ops_set::<MlDsa87>(c, "87");
}

criterion_group!(benches, kernels, operations);
criterion_main!(benches);
