//! ML-DSA keygen, sign and verify for every parameter set, timed in one run for this crate's
//! backends and its peers, with our time over each peer's.
//!
//! `cargo run --release` (in `benches/peers`). The machine is shared and noisy, so the
//! implementations are measured interleaved: in each of `ROUNDS` rounds every implementation
//! runs `BATCH` calls of the operation (the first, which refills the caches the others
//! evicted, is not timed), so a burst of load hits all of them alike. Each figure is the
//! median over all timed calls (wall time); sign also reports its 90th percentile (the
//! rejection loop gives it a long tail). Keys are loaded once; "sign" signs a 64-byte message
//! with a context-free, randomised (hedged) signature where the peer allows it. Inputs are the
//! same for every implementation.

use std::hint::black_box;
use std::time::Instant;

/// One implementation: a name and its three operations, each owning the data it needs.
struct Imp {
    name: &'static str,
    keygen: Box<dyn FnMut()>,
    sign: Box<dyn FnMut()>,
    verify: Box<dyn FnMut()>,
}

/// One implementation's three timings (µs): keygen, sign (median, p90), verify.
struct Row {
    name: &'static str,
    keygen: f64,
    sign: (f64, f64),
    verify: f64,
}

const ROUNDS: usize = 400;
const BATCH: usize = 4;

/// Median and 90th percentile (µs) of each operation `op` picks, interleaved across `imps`.
fn interleaved(imps: &mut [Imp], op: fn(&mut Imp) -> &mut Box<dyn FnMut()>) -> Vec<(f64, f64)> {
    let mut t: Vec<Vec<f64>> = vec![Vec::with_capacity(ROUNDS * BATCH); imps.len()];
    for _ in 0..ROUNDS {
        for (imp, t) in imps.iter_mut().zip(t.iter_mut()) {
            let f = op(imp);
            f();
            for _ in 1..BATCH {
                let s = Instant::now();
                f();
                t.push(s.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    t.into_iter()
        .map(|mut t| {
            t.sort_by(f64::total_cmp);
            (t[t.len() >> 1], t[(t.len() * 9) / 10])
        })
        .collect()
}

fn measure(mut imps: Vec<Imp>) -> Vec<Row> {
    let kg = interleaved(&mut imps, |i| &mut i.keygen);
    let sg = interleaved(&mut imps, |i| &mut i.sign);
    let vf = interleaved(&mut imps, |i| &mut i.verify);
    imps.iter()
        .enumerate()
        .map(|(n, i)| Row {
            name: i.name,
            keygen: kg[n].0,
            sign: sg[n],
            verify: vf[n].0,
        })
        .collect()
}

const MSG: [u8; 64] = [0x42; 64];

macro_rules! ours {
    ($name:expr, $p:ty, $b:ty) => {{
        use mldsa_simd::{SigningKey, VerifyingKey};
        let seed = [7u8; 32];
        let sk = SigningKey::<$p, $b>::from_seed(&seed);
        let sig = sk.sign_with_rnd(&MSG, b"", &[1; 32]).unwrap();
        let vk =
            VerifyingKey::<$p, $b>::from_bytes(sk.verifying_key().as_bytes().as_ref()).unwrap();
        let mut rnd = [0u8; 32];
        Imp {
            name: $name,
            keygen: Box::new(move || {
                black_box(SigningKey::<$p, $b>::from_seed(black_box(&seed)));
            }),
            sign: Box::new(move || {
                rnd[0] = rnd[0].wrapping_add(1);
                black_box(sk.sign_with_rnd(&MSG, b"", &rnd).unwrap());
            }),
            verify: Box::new(move || {
                let vk =
                    VerifyingKey::<$p, $b>::from_bytes(black_box(vk.as_bytes().as_ref())).unwrap();
                vk.verify(&MSG, b"", black_box(&sig)).unwrap();
            }),
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
            rows.push(Imp {
                name: "RustCrypto ml-dsa",
                keygen: Box::new(move || {
                    black_box(ml_dsa::SigningKey::<$rc>::from_seed(black_box(
                        &seed.into(),
                    )));
                }),
                sign: Box::new(move || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(esk.sign_internal(&[&[0, 0], &MSG], &rnd.into()));
                }),
                verify: Box::new(move || {
                    let vk = ml_dsa::VerifyingKey::<$rc>::decode(black_box(&enc));
                    assert!(vk.verify_with_context(&MSG, b"", black_box(&sig)));
                }),
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
            rows.push(Imp {
                name: "fips204",
                keygen: Box::new(move || {
                    black_box(f::KG::keygen_from_seed(black_box(&seed)));
                }),
                sign: Box::new(move || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(sk.try_sign_with_seed(&rnd, &MSG, b"").unwrap());
                }),
                verify: Box::new(move || {
                    let pk = f::PublicKey::try_from_bytes(black_box(pkb)).unwrap();
                    assert!(pk.verify(&MSG, black_box(&sig), b""));
                }),
            });
        }
        // libcrux, portable and AVX2 builds.
        for (name, avx2) in [
            ("libcrux-ml-dsa, portable", false),
            ("libcrux-ml-dsa, AVX2", true),
        ] {
            use libcrux_ml_dsa::$lx as l;
            let kg = move |s: [u8; 32]| {
                if avx2 {
                    l::avx2::generate_key_pair(s)
                } else {
                    l::portable::generate_key_pair(s)
                }
            };
            let kp = kg(seed);
            let (sk, vk) = (kp.signing_key, kp.verification_key);
            let sign = move |r: [u8; 32]| {
                if avx2 {
                    l::avx2::sign(&sk, &MSG, b"", r)
                } else {
                    l::portable::sign(&sk, &MSG, b"", r)
                }
                .unwrap()
            };
            let sig = sign([1; 32]);
            let mut rnd = [0u8; 32];
            rows.push(Imp {
                name,
                keygen: Box::new(move || {
                    black_box(kg(black_box(seed)));
                }),
                sign: Box::new(move || {
                    rnd[0] = rnd[0].wrapping_add(1);
                    black_box(sign(rnd));
                }),
                verify: Box::new(move || {
                    let r = if avx2 {
                        l::avx2::verify(&vk, &MSG, b"", black_box(&sig))
                    } else {
                        l::portable::verify(&vk, &MSG, b"", black_box(&sig))
                    };
                    r.unwrap();
                }),
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
            rows.push(Imp {
                name: "aws-lc-rs (mldsa-native)",
                keygen: Box::new(move || {
                    black_box(PqdsaKeyPair::from_seed($aws_sign, black_box(&seed)).unwrap());
                }),
                sign: Box::new(move || {
                    black_box(kp.sign(&MSG, &mut buf).unwrap());
                }),
                verify: Box::new(move || {
                    UnparsedPublicKey::new($aws_verify, black_box(&pk))
                        .verify(&MSG, black_box(&sig))
                        .unwrap();
                }),
            });
        }
        // pqcrypto-mldsa (PQClean; AVX2 code where the CPU has it). Its keygen draws its own
        // randomness (no seed API), so that row includes the system RNG call.
        {
            use pqcrypto_mldsa::$pq as q;
            let (pk, sk) = q::keypair();
            let sig = q::detached_sign(&MSG, &sk);
            rows.push(Imp {
                name: "pqcrypto-mldsa (PQClean AVX2)",
                keygen: Box::new(move || {
                    black_box(q::keypair());
                }),
                sign: Box::new(move || {
                    black_box(q::detached_sign(&MSG, &sk));
                }),
                verify: Box::new(move || {
                    q::verify_detached_signature(black_box(&sig), &MSG, &pk).unwrap();
                }),
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
    let pvk = VerifyingKey::<P>::from_bytes(&pk).unwrap().prepare();
    let mut imps = vec![
        Imp {
            name: "from bytes",
            keygen: Box::new(|| {}),
            sign: Box::new(|| {}),
            verify: Box::new(move || {
                let vk = VerifyingKey::<P>::from_bytes(black_box(&pk)).unwrap();
                vk.verify(&MSG, b"", black_box(&sig)).unwrap();
            }),
        },
        Imp {
            name: "prepared",
            keygen: Box::new(|| {}),
            sign: Box::new(|| {}),
            verify: Box::new(move || pvk.verify(&MSG, b"", black_box(&sig)).unwrap()),
        },
    ];
    let t = interleaved(&mut imps, |i| &mut i.verify);
    let (from_bytes, prep) = (t[0].0, t[1].0);
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
    print("ML-DSA-44", &measure(r44));
    let r65 = peers!(
        mldsa_simd::MlDsa65,
        ml_dsa::MlDsa65,
        ml_dsa_65,
        ml_dsa_65,
        &aws::ML_DSA_65_SIGNING,
        &aws::ML_DSA_65,
        mldsa65
    );
    print("ML-DSA-65", &measure(r65));
    let r87 = peers!(
        mldsa_simd::MlDsa87,
        ml_dsa::MlDsa87,
        ml_dsa_87,
        ml_dsa_87,
        &aws::ML_DSA_87_SIGNING,
        &aws::ML_DSA_87,
        mldsa87
    );
    print("ML-DSA-87", &measure(r87));
    println!("\n### Verify: from bytes vs prepared key (µs, median, mldsa-simd Auto)\n");
    println!("| set | from bytes | prepared | speed-up |");
    println!("| --- | ---: | ---: | ---: |");
    prepared::<mldsa_simd::MlDsa44>();
    prepared::<mldsa_simd::MlDsa65>();
    prepared::<mldsa_simd::MlDsa87>();
}
