//! Every case of the NIST ACVP ML-DSA vectors in `tests/vectors/acvp` (see its SOURCE.md):
//! keyGen, sigGen (FIPS204 and FIPS204-tr1: seed and expanded keys, external and internal
//! interface, pure and pre-hash, external μ, deterministic and hedged) and sigVer, through the
//! key types of the default strategy.
//!
//! Every test runs once per backend of `mldsa_simd::for_each_backend!`: `portable::*` with
//! `mldsa_core::Portable`, then `avx2::*`, `avx512::*` and `neon::*` with mldsa-simd's vector
//! backends forced (each skipped, with a note, on a CPU that cannot run it).

use mldsa_core::{
    Backend, MuBuilder, ParameterSet, PreHash, PreHashDigest, Signature, SigningKey, VerifyingKey,
};
use mldsa_kat::acvp::{Cases, hexf, run_keygen, run_siggen, run_sigver};
use serde_json::Value;
use std::marker::PhantomData;

/// The default strategy's key types on backend `B`.
struct KeyTypes<B>(PhantomData<B>);

impl<B: Backend> Cases for KeyTypes<B> {
    fn keygen<P: ParameterSet>(&self, t: &Value, want: &Value) {
        keygen_case::<P, B>(t, want)
    }
    fn sign<P: ParameterSet>(&self, g: &Value, t: &Value) -> Vec<u8> {
        sign_case::<P, B>(g, t)
    }
    fn verify<P: ParameterSet>(&self, g: &Value, t: &Value) -> bool {
        verify_case::<P, B>(g, t)
    }
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
    // Key generation straight to the encodings gives the same vectors.
    let (pk, esk) = SigningKey::<P, B>::encoded_from_seed(&seed);
    assert_eq!(
        pk.as_ref(),
        hexf(want, "pk"),
        "encoded pk, tcId {}",
        t["tcId"]
    );
    assert_eq!(
        esk.as_ref(),
        hexf(want, "sk"),
        "encoded sk, tcId {}",
        t["tcId"]
    );
    // The expanded key imports, passes the consistency check and re-exports unchanged.
    let back = SigningKey::<P, B>::from_expanded(&hexf(want, "sk")).expect("consistent key");
    assert_eq!(
        back.verifying_key().as_bytes(),
        sk.verifying_key().as_bytes()
    );
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

/// The verdict of decoding the key and signature, then verifying with a plain and a prepared
/// key (which must agree); for pure ML-DSA also one-shot verification from the encodings
/// (`verify_encoded`, tr hashed riding in ExpandA's lanes), which must agree too.
fn verify_case<P: ParameterSet, B: Backend>(g: &Value, t: &Value) -> bool {
    let verdict = verify_decoded::<P, B>(g, t);
    if g["signatureInterface"] != "internal" && g["preHash"] != "preHash" {
        let one_shot = VerifyingKey::<P, B>::verify_encoded(
            &hexf(t, "pk"),
            &hexf(t, "message"),
            &hexf(t, "context"),
            &hexf(t, "signature"),
        );
        assert_eq!(one_shot.is_ok(), verdict, "one-shot verification disagrees");
    }
    verdict
}

fn verify_decoded<P: ParameterSet, B: Backend>(g: &Value, t: &Value) -> bool {
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
                    run_keygen(&KeyTypes::<$b>(PhantomData));
                }
            }

            #[test]
            fn siggen_fips204() {
                if !skip() {
                    run_siggen(&KeyTypes::<$b>(PhantomData), "ML-DSA-sigGen-FIPS204", 360);
                }
            }

            #[test]
            fn siggen_fips204_tr1() {
                if !skip() {
                    run_siggen(
                        &KeyTypes::<$b>(PhantomData),
                        "ML-DSA-sigGen-FIPS204-tr1",
                        720,
                    );
                }
            }

            #[test]
            fn sigver() {
                if !skip() {
                    run_sigver(&KeyTypes::<$b>(PhantomData));
                }
            }
        }
    };
}

/// The suite once per backend of mldsa-simd's one list.
macro_rules! acvp_for_backend {
    ($module:ident, $b:ty, $label:literal, $available:expr) => {
        acvp_tests!($module, $b, !$available);
    };
}
mldsa_simd::for_each_backend!(acvp_for_backend);
