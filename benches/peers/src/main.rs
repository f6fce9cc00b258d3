//! ML-DSA keygen, sign and verify for every parameter set, timed in one run for this crate's
//! backends and its peers, with our time over each peer's.
//!
//! `cargo run --release` (in `benches/peers`). Each figure is the median of many timed runs
//! of one operation (CPU time is not separated from wall time: run on a quiet machine); sign
//! also reports its 90th percentile (the rejection loop gives it a long tail). Keys are loaded
//! once; "sign" signs a 64-byte message with a context-free, randomised (hedged) signature
//! where the peer allows it. Inputs are the same for every implementation.

use std::hint::black_box;
use std::time::Instant;

/// Median and 90th percentile (µs) of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    for _ in 0..runs.min(20) {
        f();
    }
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() >> 1], t[(t.len() * 9) / 10])
}

/// One implementation's three timings: keygen, sign (median, p90), verify.
struct Row {
    name: &'static str,
    keygen: f64,
    sign: (f64, f64),
    verify: f64,
}

const MSG: [u8; 64] = [0x42; 64];
const RUNS: usize = 400;

macro_rules! ours {
    ($name:expr, $p:ty, $b:ty) => {{
        use mldsa_simd::{SigningKey, VerifyingKey};
        let seed = [7u8; 32];
        let sk = SigningKey::<$p, $b>::from_seed(&seed);
        let sig = sk.sign_with_rnd(&MSG, b"", &[1; 32]).unwrap();
        let vk =
            VerifyingKey::<$p, $b>::from_bytes(sk.verifying_key().as_bytes().as_ref()).unwrap();
        let mut rnd = [0u8; 32];
        Row {
            name: $name,
            keygen: time(RUNS, || {
                black_box(SigningKey::<$p, $b>::from_seed(black_box(&seed)));
            })
            .0,
            sign: time(RUNS, || {
                rnd[0] = rnd[0].wrapping_add(1);
                black_box(sk.sign_with_rnd(&MSG, b"", &rnd).unwrap());
            }),
            verify: time(RUNS, || {
                let vk =
                    VerifyingKey::<$p, $b>::from_bytes(black_box(vk.as_bytes().as_ref())).unwrap();
                vk.verify(&MSG, b"", black_box(&sig)).unwrap();
            })
            .0,
        }
    }};
}

macro_rules! peers {
    ($p:ty, $rc:ty, $fips:ident, $lx:ident, $aws_sign:expr, $aws_verify:expr, $pq:ident) => {{
        let seed = [7u8; 32];
        let mut rows = vec![
            ours!("mldsa-simd (Auto: best backend)", $p, mldsa_simd::Auto),
            ours!("mldsa-simd, AVX2 forced", $p, mldsa_simd::Avx2),
            ours!("mldsa-core, portable", $p, mldsa_simd::Portable),
        ];
        // RustCrypto ml-dsa.
        {
            use ml_dsa::Keypair as _;
            let sk = ml_dsa::SigningKey::<$rc>::from_seed(&seed.into());
            let esk = ml_dsa::ExpandedSigningKey::<$rc>::from_seed(&seed.into());
            let enc = sk.verifying_key().encode();
            let sig = esk.sign_internal(&[&[0, 0], &MSG], &[1; 32].into());
            let mut rnd = [0u8; 32];
            rows.push(Row {
                name: "RustCrypto ml-dsa",
                keygen: time(RUNS, || {
                    black_box(ml_dsa::SigningKey::<$rc>::from_seed(black_box(
                        &seed.into(),
                    )));
                })
                .0,
                sign: time(RUNS, || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(esk.sign_internal(&[&[0, 0], &MSG], &rnd.into()));
                }),
                verify: time(RUNS, || {
                    let vk = ml_dsa::VerifyingKey::<$rc>::decode(black_box(&enc));
                    assert!(vk.verify_with_context(&MSG, b"", black_box(&sig)));
                })
                .0,
            });
        }
        // fips204.
        {
            use fips204::traits::{KeyGen as _, SerDes as _, Signer as _, Verifier as _};
            use fips204::$fips as f;
            let (pk, sk) = f::KG::keygen_from_seed(&seed);
            let sig = sk.try_sign_with_seed(&[1; 32], &MSG, b"").unwrap();
            let pkb = pk.into_bytes();
            let mut rnd = [0u8; 32];
            rows.push(Row {
                name: "fips204",
                keygen: time(RUNS, || {
                    black_box(f::KG::keygen_from_seed(black_box(&seed)));
                })
                .0,
                sign: time(RUNS, || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(sk.try_sign_with_seed(&rnd, &MSG, b"").unwrap());
                }),
                verify: time(RUNS, || {
                    let pk = f::PublicKey::try_from_bytes(black_box(pkb)).unwrap();
                    assert!(pk.verify(&MSG, black_box(&sig), b""));
                })
                .0,
            });
        }
        // libcrux, portable and AVX2 builds.
        for (name, avx2) in [
            ("libcrux-ml-dsa, portable", false),
            ("libcrux-ml-dsa, AVX2", true),
        ] {
            use libcrux_ml_dsa::$lx as l;
            let kg = |s: [u8; 32]| {
                if avx2 {
                    l::avx2::generate_key_pair(s)
                } else {
                    l::portable::generate_key_pair(s)
                }
            };
            let kp = kg(seed);
            let sign = |r: [u8; 32]| {
                if avx2 {
                    l::avx2::sign(&kp.signing_key, &MSG, b"", r)
                } else {
                    l::portable::sign(&kp.signing_key, &MSG, b"", r)
                }
                .unwrap()
            };
            let sig = sign([1; 32]);
            let mut rnd = [0u8; 32];
            rows.push(Row {
                name,
                keygen: time(RUNS, || {
                    black_box(kg(black_box(seed)));
                })
                .0,
                sign: time(RUNS, || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(sign(rnd));
                }),
                verify: time(RUNS, || {
                    let r = if avx2 {
                        l::avx2::verify(&kp.verification_key, &MSG, b"", black_box(&sig))
                    } else {
                        l::portable::verify(&kp.verification_key, &MSG, b"", black_box(&sig))
                    };
                    r.unwrap();
                })
                .0,
            });
        }
        // aws-lc-rs (mldsa-native inside).
        {
            use aws_lc_rs::signature::PqdsaKeyPair;
            use aws_lc_rs::signature::{KeyPair, UnparsedPublicKey};
            let kp = PqdsaKeyPair::from_seed($aws_sign, &seed).unwrap();
            let mut sig = vec![0u8; 4627];
            let n = kp.sign(&MSG, &mut sig).unwrap();
            sig.truncate(n);
            let pk = kp.public_key().as_ref().to_vec();
            let mut buf = vec![0u8; 4627];
            rows.push(Row {
                name: "aws-lc-rs (mldsa-native)",
                keygen: time(RUNS, || {
                    black_box(PqdsaKeyPair::from_seed($aws_sign, black_box(&seed)).unwrap());
                })
                .0,
                sign: time(RUNS, || {
                    black_box(kp.sign(&MSG, &mut buf).unwrap());
                }),
                verify: time(RUNS, || {
                    UnparsedPublicKey::new($aws_verify, black_box(&pk))
                        .verify(&MSG, black_box(&sig))
                        .unwrap();
                })
                .0,
            });
        }
        // pqcrypto-mldsa (PQClean; AVX2 code where the CPU has it). Its keygen draws its own
        // randomness (no seed API), so that row includes the system RNG call.
        {
            use pqcrypto_mldsa::$pq as q;
            let (pk, sk) = q::keypair();
            let sig = q::detached_sign(&MSG, &sk);
            rows.push(Row {
                name: "pqcrypto-mldsa (PQClean AVX2)",
                keygen: time(RUNS, || {
                    black_box(q::keypair());
                })
                .0,
                sign: time(RUNS, || {
                    black_box(q::detached_sign(&MSG, &sk));
                }),
                verify: time(RUNS, || {
                    q::verify_detached_signature(black_box(&sig), &MSG, &pk).unwrap();
                })
                .0,
            });
        }
        rows
    }};
}

fn print(set: &str, rows: &[Row]) {
    println!(
        "\n### {set} (µs; median, sign also p90; ratio = mldsa-simd Auto time / this row's time, below 1 = we are faster)\n"
    );
    println!(
        "| implementation | keygen | sign | sign p90 | verify | keygen ratio | sign ratio | verify ratio |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let ours = &rows[0];
    for r in rows {
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} |",
            r.name,
            r.keygen,
            r.sign.0,
            r.sign.1,
            r.verify,
            ours.keygen / r.keygen,
            ours.sign.0 / r.sign.0,
            ours.verify / r.verify
        );
    }
}

/// Verify from an encoded public key vs with a prepared key (Â and NTT(t1·2^d) cached), best
/// backend: the issue asks for at least 3×.
fn prepared<P: mldsa_simd::ParameterSet>() {
    use mldsa_simd::{SigningKey, VerifyingKey};
    let sk = SigningKey::<P>::from_seed(&[7; 32]);
    let sig = sk.sign_with_rnd(&MSG, b"", &[1; 32]).unwrap();
    let pk = sk.verifying_key().as_bytes().as_ref().to_vec();
    let from_bytes = time(RUNS, || {
        let vk = VerifyingKey::<P>::from_bytes(black_box(&pk)).unwrap();
        vk.verify(&MSG, b"", black_box(&sig)).unwrap();
    })
    .0;
    let pvk = VerifyingKey::<P>::from_bytes(&pk).unwrap().prepare();
    let prep = time(RUNS, || pvk.verify(&MSG, b"", black_box(&sig)).unwrap()).0;
    println!(
        "| {} | {from_bytes:.1} | {prep:.1} | {:.2} |",
        P::NAME,
        from_bytes / prep
    );
}

fn main() {
    use aws_lc_rs::signature as aws;
    println!("backend chosen by Auto: {:?}", mldsa_simd::Auto::selected());
    let r44 = peers!(
        mldsa_simd::MlDsa44,
        ml_dsa::MlDsa44,
        ml_dsa_44,
        ml_dsa_44,
        &aws::ML_DSA_44_SIGNING,
        &aws::ML_DSA_44,
        mldsa44
    );
    print("ML-DSA-44", &r44);
    let r65 = peers!(
        mldsa_simd::MlDsa65,
        ml_dsa::MlDsa65,
        ml_dsa_65,
        ml_dsa_65,
        &aws::ML_DSA_65_SIGNING,
        &aws::ML_DSA_65,
        mldsa65
    );
    print("ML-DSA-65", &r65);
    let r87 = peers!(
        mldsa_simd::MlDsa87,
        ml_dsa::MlDsa87,
        ml_dsa_87,
        ml_dsa_87,
        &aws::ML_DSA_87_SIGNING,
        &aws::ML_DSA_87,
        mldsa87
    );
    print("ML-DSA-87", &r87);
    println!("\n### Verify: from bytes vs prepared key (µs, median, mldsa-simd Auto)\n");
    println!("| set | from bytes | prepared | speed-up |");
    println!("| --- | ---: | ---: | ---: |");
    prepared::<mldsa_simd::MlDsa44>();
    prepared::<mldsa_simd::MlDsa65>();
    prepared::<mldsa_simd::MlDsa87>();
}
