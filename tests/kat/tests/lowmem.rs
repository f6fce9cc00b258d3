//! The whole ACVP suite (keyGen, sigGen in both revisions, sigVer) through the low-memory
//! strategy (`mldsa_core::lowmem`), which works on the FIPS 204 encodings directly.

use mldsa_core::{ParameterSet, kernel::Shake256, lowmem};
use mldsa_kat::acvp::{Cases, hexf, mu_of_case, run_keygen, run_siggen, run_sigver};
use serde_json::Value;

/// `mldsa_core::lowmem`.
struct LowMem;

impl Cases for LowMem {
    fn keygen<P: ParameterSet>(&self, t: &Value, want: &Value) {
        let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
        lowmem::keygen::<P>(&hexf(t, "seed").try_into().unwrap(), &mut pk, &mut sk).unwrap();
        assert_eq!(pk, hexf(want, "pk"), "pk, tcId {}", t["tcId"]);
        assert_eq!(sk, hexf(want, "sk"), "sk, tcId {}", t["tcId"]);
    }

    fn sign<P: ParameterSet>(&self, g: &Value, t: &Value) -> Vec<u8> {
        let sk = if g["keyFormat"] == "seed" {
            let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
            lowmem::keygen::<P>(&hexf(t, "seed").try_into().unwrap(), &mut pk, &mut sk).unwrap();
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

    fn verify<P: ParameterSet>(&self, g: &Value, t: &Value) -> bool {
        let pk = hexf(t, "pk");
        if pk.len() != P::PK_BYTES {
            return false;
        }
        let mut tr = [0u8; 64];
        Shake256::digest(&[&pk], &mut tr);
        lowmem::verify_mu::<P>(&pk, &mu_of_case(g, t, &tr), &hexf(t, "signature")).is_ok()
    }
}

#[test]
fn keygen() {
    run_keygen(&LowMem);
}

#[test]
fn siggen_fips204() {
    run_siggen(&LowMem, "ML-DSA-sigGen-FIPS204", 360);
}

#[test]
fn siggen_fips204_tr1() {
    run_siggen(&LowMem, "ML-DSA-sigGen-FIPS204-tr1", 720);
}

#[test]
fn sigver() {
    run_sigver(&LowMem);
}
