//! The whole ACVP suite (keyGen, sigGen in both revisions, sigVer) through the low-memory
//! strategy (`mldsa_core::lowmem`), which works on the FIPS 204 encodings directly.

use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, lowmem};
use mldsa_kat::acvp::{expected, hexf, load, mu_of_case};
use serde_json::Value;

macro_rules! by_set {
    ($name:expr, $f:ident ( $($arg:expr),* )) => {
        match $name {
            "ML-DSA-44" => $f::<MlDsa44>($($arg),*),
            "ML-DSA-65" => $f::<MlDsa65>($($arg),*),
            "ML-DSA-87" => $f::<MlDsa87>($($arg),*),
            other => panic!("unknown parameter set {other}"),
        }
    };
}

fn keygen_case<P: ParameterSet>(t: &Value, want: &Value) {
    let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
    lowmem::keygen::<P>(&hexf(t, "seed").try_into().unwrap(), &mut pk, &mut sk);
    assert_eq!(pk, hexf(want, "pk"), "pk, tcId {}", t["tcId"]);
    assert_eq!(sk, hexf(want, "sk"), "sk, tcId {}", t["tcId"]);
}

#[test]
fn keygen() {
    let Some(prompt) = load("ML-DSA-keyGen-FIPS204", "prompt.json") else {
        return;
    };
    let want = expected("ML-DSA-keyGen-FIPS204").unwrap();
    let mut n = 0;
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            by_set!(
                g["parameterSet"].as_str().unwrap(),
                keygen_case(t, &want[&t["tcId"].as_u64().unwrap()])
            );
            n += 1;
        }
    }
    assert_eq!(n, 75);
}

fn sign_case<P: ParameterSet>(g: &Value, t: &Value) -> Vec<u8> {
    let sk = if g["keyFormat"] == "seed" {
        let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
        lowmem::keygen::<P>(&hexf(t, "seed").try_into().unwrap(), &mut pk, &mut sk);
        sk
    } else {
        hexf(t, "sk")
    };
    let rnd: [u8; 32] = if g["deterministic"].as_bool().unwrap() {
        [0; 32]
    } else {
        hexf(t, "rnd").try_into().unwrap()
    };
    let mu = mu_of_case(g, t, &sk[64..128].try_into().unwrap());
    let mut sig = vec![0u8; P::SIG_BYTES];
    lowmem::sign_mu::<P>(&sk, &mu, &rnd, &mut sig).unwrap();
    sig
}

fn siggen(dir: &str, total: usize) {
    let Some(prompt) = load(dir, "prompt.json") else {
        return;
    };
    let want = expected(dir).unwrap();
    let mut n = 0;
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let tc = t["tcId"].as_u64().unwrap();
            let sig = by_set!(g["parameterSet"].as_str().unwrap(), sign_case(g, t));
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

#[test]
fn siggen_fips204() {
    siggen("ML-DSA-sigGen-FIPS204", 360);
}

#[test]
fn siggen_fips204_tr1() {
    siggen("ML-DSA-sigGen-FIPS204-tr1", 720);
}

fn verify_case<P: ParameterSet>(g: &Value, t: &Value) -> bool {
    let pk = hexf(t, "pk");
    if pk.len() != P::PK_BYTES {
        return false;
    }
    let mut tr = [0u8; 64];
    mldsa_core::keccak::Shake256::digest(&[&pk], &mut tr);
    lowmem::verify_mu::<P>(&pk, &mu_of_case(g, t, &tr), &hexf(t, "signature")).is_ok()
}

#[test]
fn sigver() {
    let Some(prompt) = load("ML-DSA-sigVer-FIPS204", "prompt.json") else {
        return;
    };
    let want = expected("ML-DSA-sigVer-FIPS204").unwrap();
    let (mut n, mut passed) = (0, 0);
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let tc = t["tcId"].as_u64().unwrap();
            let ok = by_set!(g["parameterSet"].as_str().unwrap(), verify_case(g, t));
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
