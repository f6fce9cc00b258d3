//! The price of the low-memory strategy on the host: keygen, sign and verify with the default
//! strategy (`SigningKey`, portable kernels) and with `mldsa_core::lowmem`, same inputs, same run.
//! Signing uses a fixed rnd so both strategies take the same rejection-loop path.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey, lowmem};
use std::hint::black_box;

fn strategies<P: ParameterSet>(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("strategy/{}", P::NAME));
    let seed = [3u8; 32];
    let sk = SigningKey::<P>::from_seed(&seed);
    let vk = sk.verifying_key().clone();
    let esk = sk.to_expanded();
    let pk = *vk.as_bytes();
    let sig = sk
        .sign_with_rnd(b"benchmark message", b"", &[5; 32])
        .unwrap();
    let (mut pk_out, mut sk_out, mut sig_out) = (pk, esk, sig.to_bytes());

    g.bench_function(BenchmarkId::new("keygen", "default"), |b| {
        b.iter(|| black_box(SigningKey::<P>::from_seed(black_box(&seed))))
    });
    g.bench_function(BenchmarkId::new("keygen", "lowmem"), |b| {
        b.iter(|| lowmem::keygen::<P>(black_box(&seed), pk_out.as_mut(), sk_out.as_mut()).unwrap())
    });
    g.bench_function(BenchmarkId::new("sign", "default"), |b| {
        b.iter(|| {
            black_box(
                sk.sign_with_rnd(b"benchmark message", b"", &[5; 32])
                    .unwrap(),
            )
        })
    });
    g.bench_function(BenchmarkId::new("sign", "lowmem"), |b| {
        b.iter(|| {
            lowmem::sign::<P>(
                esk.as_ref(),
                b"benchmark message",
                b"",
                &[5; 32],
                sig_out.as_mut(),
            )
            .unwrap()
        })
    });
    g.bench_function(BenchmarkId::new("verify", "default"), |b| {
        b.iter(|| {
            vk.verify(b"benchmark message", b"", black_box(&sig))
                .unwrap()
        })
    });
    g.bench_function(BenchmarkId::new("verify", "lowmem"), |b| {
        b.iter(|| {
            lowmem::verify::<P>(
                pk.as_ref(),
                b"benchmark message",
                b"",
                black_box(sig.as_bytes()),
            )
            .unwrap()
        })
    });
    g.finish();
}

fn all(c: &mut Criterion) {
    strategies::<MlDsa44>(c);
    strategies::<MlDsa65>(c);
    strategies::<MlDsa87>(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
