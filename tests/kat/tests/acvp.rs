//! Every case of the NIST ACVP ML-DSA vectors in `../shared/kat/acvp` (see its SOURCE.md):
//! keyGen, sigGen (FIPS204 and FIPS204-tr1: seed and expanded keys, external and internal
//! interface, pure and pre-hash, external μ, deterministic and hedged) and sigVer.
//!
//! Every test runs once per backend: `portable::*` with `mldsa_core::Portable`, `avx2::*` with
//! `mldsa_simd::Avx2` (skipped, with a note, on a CPU without AVX2).

use mldsa_core::{
    Backend, MlDsa44, MlDsa65, MlDsa87, MuBuilder, ParameterSet, PreHash, PreHashDigest, Signature,
    SigningKey, VerifyingKey,
};
use mldsa_kat::{read_vector, unhex};
use serde_json::Value;
use std::collections::HashMap;

fn load(dir: &str, file: &str) -> Option<Value> {
    let text = read_vector(&format!("acvp/{dir}/{file}"))?;
    Some(serde_json::from_str(&text).expect("valid JSON"))
}

/// Expected results by tcId.
fn expected(dir: &str) -> Option<HashMap<u64, Value>> {
    let v = load(dir, "expectedResults.json")?;
    let mut m = HashMap::new();
    for g in v["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            m.insert(t["tcId"].as_u64().unwrap(), t.clone());
        }
    }
    Some(m)
}

fn hexf(t: &Value, k: &str) -> Vec<u8> {
    unhex(t[k].as_str().unwrap_or_else(|| panic!("missing field {k}")))
}

macro_rules! by_set {
    ($name:expr, $b:ty, $f:ident ( $($arg:expr),* )) => {
        match $name {
            "ML-DSA-44" => $f::<MlDsa44, $b>($($arg),*),
            "ML-DSA-65" => $f::<MlDsa65, $b>($($arg),*),
            "ML-DSA-87" => $f::<MlDsa87, $b>($($arg),*),
            other => panic!("unknown parameter set {other}"),
        }
    };
}

fn keygen_case<P: ParameterSet, B: Backend>(t: &Value, want: &Value) {
    let seed: [u8; 32] = hexf(t, "seed").try_into().unwrap();
    let sk = SigningKey::<P, B>::from_seed(&seed);
    assert_eq!(
        sk.verifying_key().as_bytes().as_ref(),
        hexf(want, "pk"),
        "pk, tcId {}",
        t["tcId"]
    );
    assert_eq!(
        sk.to_expanded().as_ref(),
        hexf(want, "sk"),
        "sk, tcId {}",
        t["tcId"]
    );
    // The expanded key imports, passes the consistency check and re-exports unchanged.
    let back = SigningKey::<P, B>::from_expanded(&hexf(want, "sk")).expect("consistent key");
    assert_eq!(
        back.verifying_key().as_bytes(),
        sk.verifying_key().as_bytes()
    );
}

fn keygen<B: Backend>() {
    let Some(prompt) = load("ML-DSA-keyGen-FIPS204", "prompt.json") else {
        return;
    };
    let want = expected("ML-DSA-keyGen-FIPS204").unwrap();
    let mut n = 0;
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let w = &want[&t["tcId"].as_u64().unwrap()];
            by_set!(g["parameterSet"].as_str().unwrap(), B, keygen_case(t, w));
            n += 1;
        }
    }
    assert_eq!(n, 75);
}

/// Signs one sigGen case the way its group says and returns the signature bytes.
fn sign_case<P: ParameterSet, B: Backend>(g: &Value, t: &Value) -> Vec<u8> {
    let sk = match g["keyFormat"].as_str() {
        Some("seed") => SigningKey::<P, B>::from_seed(&hexf(t, "seed").try_into().unwrap()),
        _ => SigningKey::<P, B>::from_expanded(&hexf(t, "sk")).expect("consistent key"),
    };
    let rnd: [u8; 32] = if g["deterministic"].as_bool().unwrap() {
        [0; 32]
    } else {
        hexf(t, "rnd").try_into().unwrap()
    };
    let sig = if g["signatureInterface"] == "internal" {
        if g["externalMu"].as_bool().unwrap() {
            sk.sign_mu(&hexf(t, "mu").try_into().unwrap(), &rnd)
        } else {
            sk.sign_internal(&hexf(t, "message"), &rnd)
        }
    } else {
        let (msg, ctx) = (hexf(t, "message"), hexf(t, "context"));
        if g["preHash"] == "preHash" {
            let alg = PreHash::from_name(t["hashAlg"].as_str().unwrap()).expect("known hash");
            sk.sign_prehashed_with_rnd(&alg.digest(&msg), &ctx, &rnd)
                .unwrap()
        } else {
            sk.sign_with_rnd(&msg, &ctx, &rnd).unwrap()
        }
    };
    // Every produced signature verifies under the key's own verifying key.
    let vk = sk.verifying_key();
    let mu = match (g["signatureInterface"].as_str(), g["externalMu"].as_bool()) {
        (Some("internal"), Some(true)) => hexf(t, "mu").try_into().unwrap(),
        (Some("internal"), _) => {
            let mut b = MuBuilder::internal(vk.tr());
            b.update(&hexf(t, "message"));
            b.finalize()
        }
        _ => [0; 64],
    };
    if g["signatureInterface"] == "internal" {
        vk.verify_mu(&mu, &sig).expect("own signature verifies");
    }
    sig.as_bytes().to_vec()
}

fn siggen<B: Backend>(dir: &str, total: usize) {
    let Some(prompt) = load(dir, "prompt.json") else {
        return;
    };
    let want = expected(dir).unwrap();
    let mut n = 0;
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let tc = t["tcId"].as_u64().unwrap();
            let sig = by_set!(g["parameterSet"].as_str().unwrap(), B, sign_case(g, t));
            assert_eq!(
                hex::encode_upper(sig),
                want[&tc]["signature"].as_str().unwrap(),
                "{dir} tcId {tc}"
            );
            n += 1;
        }
    }
    assert_eq!(n, total);
}

fn verify_case<P: ParameterSet, B: Backend>(g: &Value, t: &Value) -> bool {
    let Ok(vk) = VerifyingKey::<P, B>::from_bytes(&hexf(t, "pk")) else {
        return false;
    };
    let Ok(sig) = Signature::<P>::from_bytes(&hexf(t, "signature")) else {
        return false;
    };
    let prepared = vk.prepare();
    let (a, b) = if g["signatureInterface"] == "internal" {
        if g["externalMu"].as_bool().unwrap() {
            let mu = hexf(t, "mu").try_into().unwrap();
            (vk.verify_mu(&mu, &sig), prepared.verify_mu(&mu, &sig))
        } else {
            let m = hexf(t, "message");
            (
                vk.verify_internal(&m, &sig),
                prepared.verify_internal(&m, &sig),
            )
        }
    } else {
        let (msg, ctx) = (hexf(t, "message"), hexf(t, "context"));
        if g["preHash"] == "preHash" {
            let alg = PreHash::from_name(t["hashAlg"].as_str().unwrap()).unwrap();
            let d = PreHashDigest::from_bytes(alg, alg.digest(&msg).as_bytes()).unwrap();
            (
                vk.verify_prehashed(&d, &ctx, &sig),
                prepared.verify_prehashed(&d, &ctx, &sig),
            )
        } else {
            (
                vk.verify(&msg, &ctx, &sig),
                prepared.verify(&msg, &ctx, &sig),
            )
        }
    };
    assert_eq!(a, b, "prepared and plain keys disagree");
    a.is_ok()
}

fn sigver<B: Backend>() {
    let Some(prompt) = load("ML-DSA-sigVer-FIPS204", "prompt.json") else {
        return;
    };
    let want = expected("ML-DSA-sigVer-FIPS204").unwrap();
    let (mut n, mut passed) = (0, 0);
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let tc = t["tcId"].as_u64().unwrap();
            let ok = by_set!(g["parameterSet"].as_str().unwrap(), B, verify_case(g, t));
            assert_eq!(
                ok,
                want[&tc]["testPassed"].as_bool().unwrap(),
                "sigVer tcId {tc}"
            );
            n += 1;
            passed += ok as usize;
        }
    }
    assert_eq!((n, passed), (180, 36));
}

/// One `#[test]` per ACVP file for backend `$b`; `$skip` (checked at run time) skips with a note.
macro_rules! acvp_tests {
    ($module:ident, $b:ty, $skip:expr) => {
        mod $module {
            use super::*;

            fn skip() -> bool {
                let skip: bool = $skip;
                if skip {
                    eprintln!(
                        "SKIPPED: {} backend: this CPU lacks the instructions",
                        stringify!($module)
                    );
                }
                skip
            }

            #[test]
            fn keygen() {
                if !skip() {
                    super::keygen::<$b>();
                }
            }

            #[test]
            fn siggen_fips204() {
                if !skip() {
                    siggen::<$b>("ML-DSA-sigGen-FIPS204", 360);
                }
            }

            #[test]
            fn siggen_fips204_tr1() {
                if !skip() {
                    siggen::<$b>("ML-DSA-sigGen-FIPS204-tr1", 720);
                }
            }

            #[test]
            fn sigver() {
                if !skip() {
                    super::sigver::<$b>();
                }
            }
        }
    };
}

acvp_tests!(portable, mldsa_core::Portable, false);
acvp_tests!(avx2, mldsa_simd::Avx2, !mldsa_simd::Avx2::is_available());
