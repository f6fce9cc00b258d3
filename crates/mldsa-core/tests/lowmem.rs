//! The low-memory strategy produces byte-identical keys and signatures to the default one, and
//! its verification gives the same verdicts, for every parameter set.

use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, Signature, SigningKey, lowmem};
use proptest::prelude::*;

#[allow(
    clippy::integer_division_remainder_used,
    reason = "test indexing on public data"
)]
fn same_as_default<P: ParameterSet>(seed: [u8; 32], mu: [u8; 64], rnd: [u8; 32], flip: usize) {
    let fast = SigningKey::<P>::from_seed(&seed);
    let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
    lowmem::keygen::<P>(&seed, &mut pk, &mut sk).unwrap();
    assert_eq!(pk, fast.verifying_key().as_bytes().as_ref());
    assert_eq!(sk, fast.to_expanded().as_ref());
    let mut pk2 = vec![0u8; P::PK_BYTES];
    lowmem::public_key::<P>(&sk, &mut pk2).unwrap();
    assert_eq!(pk2, pk, "public key recomputed from the expanded key");

    let mut sig = vec![0u8; P::SIG_BYTES];
    lowmem::sign_mu::<P>(&sk, &mu, &rnd, &mut sig).unwrap();
    let want = fast.sign_mu(&mu, &rnd);
    assert_eq!(sig, want.as_bytes());
    lowmem::verify_mu::<P>(&pk, &mu, &sig).unwrap();

    // A flipped bit: both strategies reach the same verdict.
    let mut bad = sig.clone();
    bad[flip % P::SIG_BYTES] ^= 1 << (flip & 7);
    let fast_verdict =
        Signature::<P>::from_bytes(&bad).and_then(|s| fast.verifying_key().verify_mu(&mu, &s));
    assert_eq!(lowmem::verify_mu::<P>(&pk, &mu, &bad), fast_verdict);
    assert!(fast_verdict.is_err());
    let mut mu2 = mu;
    mu2[0] ^= 1;
    assert!(lowmem::verify_mu::<P>(&pk, &mu2, &sig).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn ml_dsa_44(seed: [u8; 32], mu in prop::array::uniform32(any::<u8>()), rnd: [u8; 32], flip: usize) {
        let mut m = [0u8; 64];
        m[..32].copy_from_slice(&mu);
        same_as_default::<MlDsa44>(seed, m, rnd, flip);
    }
    #[test]
    fn ml_dsa_65(seed: [u8; 32], mu in prop::array::uniform32(any::<u8>()), rnd: [u8; 32], flip: usize) {
        let mut m = [1u8; 64];
        m[..32].copy_from_slice(&mu);
        same_as_default::<MlDsa65>(seed, m, rnd, flip);
    }
    #[test]
    fn ml_dsa_87(seed: [u8; 32], mu in prop::array::uniform32(any::<u8>()), rnd: [u8; 32], flip: usize) {
        let mut m = [2u8; 64];
        m[..32].copy_from_slice(&mu);
        same_as_default::<MlDsa87>(seed, m, rnd, flip);
    }
}

#[test]
fn pure_interface_and_errors() {
    let seed = [4u8; 32];
    let (mut pk, mut sk) = ([0u8; 1952], [0u8; 4032]);
    lowmem::keygen::<MlDsa65>(&seed, &mut pk, &mut sk).unwrap();
    let mut sig = [0u8; 3309];
    lowmem::sign::<MlDsa65>(&sk, b"msg", b"ctx", &[9; 32], &mut sig).unwrap();
    let fast = SigningKey::<MlDsa65>::from_seed(&seed);
    assert_eq!(
        sig,
        fast.sign_with_rnd(b"msg", b"ctx", &[9; 32])
            .unwrap()
            .to_bytes()
    );
    lowmem::verify::<MlDsa65>(&pk, b"msg", b"ctx", &sig).unwrap();
    assert!(lowmem::verify::<MlDsa65>(&pk, b"msg", b"ctx2", &sig).is_err());
    assert!(lowmem::verify::<MlDsa65>(&pk, b"msg", &[0; 256], &sig).is_err());
    assert!(lowmem::verify::<MlDsa65>(&pk[..100], b"msg", b"", &sig).is_err());
    assert!(lowmem::sign::<MlDsa65>(&sk[..10], b"m", b"", &[0; 32], &mut sig).is_err());
    // Wrong buffer sizes are typed errors, not panics.
    assert!(matches!(
        lowmem::keygen::<MlDsa65>(&seed, &mut pk[..100], &mut sk),
        Err(mldsa_core::Error::InvalidLength { .. })
    ));
    assert!(matches!(
        lowmem::keygen::<MlDsa65>(&seed, &mut pk, &mut sk[..4031]),
        Err(mldsa_core::Error::InvalidLength { .. })
    ));
    let mut bad_sk = sk;
    bad_sk[128] = 0xff; // s1 coefficient outside [-η, η]
    assert_eq!(
        lowmem::sign::<MlDsa65>(&bad_sk, b"m", b"", &[0; 32], &mut sig),
        Err(mldsa_core::Error::SecretOutOfRange)
    );
}

#[test]
fn public_key_checks_the_expanded_key() {
    let (mut pk, mut sk) = ([0u8; 1312], [0u8; 2560]);
    lowmem::keygen::<MlDsa44>(&[5; 32], &mut pk, &mut sk).unwrap();
    let mut out = [0u8; 1312];
    lowmem::public_key::<MlDsa44>(&sk, &mut out).unwrap();
    assert_eq!(out, pk);
    // A changed tr (byte 64), t0 (last byte), K (byte 40, not checked: it only seeds signing),
    // an s1 coefficient out of range, wrong lengths.
    for (at, want) in [
        (64, Err(mldsa_core::Error::InconsistentSecretKey)),
        (2559, Err(mldsa_core::Error::InconsistentSecretKey)),
        (40, Ok(())),
    ] {
        let mut bad = sk;
        bad[at] ^= 1;
        assert_eq!(
            lowmem::public_key::<MlDsa44>(&bad, &mut out),
            want,
            "byte {at}"
        );
    }
    let mut bad = sk;
    bad[128] = 0xff;
    assert_eq!(
        lowmem::public_key::<MlDsa44>(&bad, &mut out),
        Err(mldsa_core::Error::SecretOutOfRange)
    );
    assert!(lowmem::public_key::<MlDsa44>(&sk[..2559], &mut out).is_err());
    assert!(lowmem::public_key::<MlDsa44>(&sk, &mut out[..1311]).is_err());
}
