//! Every malformed-input class the decoders reject, with the typed error each gives, and the
//! context-string rules of FIPS 204 (Algorithms 2-5, 21, 25, 27).

use mldsa_core::params::GAMMA2_Q88;
use mldsa_core::{
    Error, MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, PreHashDigest, Signature, SigningKey,
    VerifyingKey,
};

fn key<P: ParameterSet>() -> SigningKey<P> {
    SigningKey::<P>::from_seed(&[42; 32])
}

/// Offsets inside an encoded signature.
fn hint_at<P: ParameterSet>() -> usize {
    P::CTILDE_BYTES + P::L * P::POLY_Z_BYTES
}

fn classes<P: ParameterSet>() {
    let sk = key::<P>();
    let vk = sk.verifying_key();
    let sig = sk.sign_deterministic(b"msg", b"ctx").unwrap();
    let good = sig.as_bytes().to_vec();
    assert!(vk.verify(b"msg", b"ctx", &sig).is_ok());

    // Contexts: 255 bytes work, 256 are refused on both sides, a wrong context fails.
    let long = [7u8; 256];
    let s255 = sk.sign_deterministic(b"msg", &long[..255]).unwrap();
    assert!(vk.verify(b"msg", &long[..255], &s255).is_ok());
    assert_eq!(
        sk.sign_deterministic(b"msg", &long).err(),
        Some(Error::ContextTooLong { len: 256 })
    );
    assert_eq!(
        vk.verify(b"msg", &long, &s255),
        Err(Error::ContextTooLong { len: 256 })
    );
    assert_eq!(
        vk.verify(b"msg", b"ctx2", &sig),
        Err(Error::VerificationFailed)
    );
    assert_eq!(vk.verify(b"msg", b"", &sig), Err(Error::VerificationFailed));
    assert_eq!(
        vk.verify(b"msh", b"ctx", &sig),
        Err(Error::VerificationFailed)
    );

    // Truncated, extended and empty signatures.
    for len in [0, 1, P::SIG_BYTES - 1, P::SIG_BYTES + 1] {
        let mut b = good.clone();
        b.resize(len, 0);
        assert_eq!(
            Signature::<P>::from_bytes(&b),
            Err(Error::InvalidLength {
                what: "signature",
                expected: P::SIG_BYTES,
                actual: len
            })
        );
    }

    // Hints (Algorithm 21). Start from a hint with at least one 1 in polynomial 0.
    let h = hint_at::<P>();
    let counts = h + P::OMEGA;
    let total = good[counts + P::K - 1] as usize;
    assert!(total >= 2, "test needs a hint with two ones");
    let first_nonempty = (0..P::K).find(|&i| good[counts + i] > 0).unwrap();
    // Count above ω.
    let mut b = good.clone();
    b[counts + P::K - 1] = P::OMEGA as u8 + 1;
    assert_eq!(Signature::<P>::from_bytes(&b), Err(Error::MalformedHint));
    // Decreasing counts.
    let mut b = good.clone();
    b[counts + first_nonempty] = 0;
    if first_nonempty + 1 < P::K {
        b[counts + first_nonempty + 1] = b[counts + first_nonempty + 1].max(1);
        b[counts] = total as u8;
        assert_eq!(Signature::<P>::from_bytes(&b), Err(Error::MalformedHint));
    }
    // Non-zero padding after the last index.
    if total < P::OMEGA {
        let mut b = good.clone();
        b[h + P::OMEGA - 1] = 1;
        assert_eq!(Signature::<P>::from_bytes(&b), Err(Error::MalformedHint));
    }
    // Indices not strictly increasing: find two in the same polynomial and swap them.
    let mut start = 0;
    for i in 0..P::K {
        let end = good[counts + i] as usize;
        if end - start >= 2 {
            let mut b = good.clone();
            b.swap(h + start, h + start + 1);
            assert_eq!(Signature::<P>::from_bytes(&b), Err(Error::MalformedHint));
            let mut b = good.clone();
            b[h + start + 1] = b[h + start];
            assert_eq!(Signature::<P>::from_bytes(&b), Err(Error::MalformedHint));
            break;
        }
        start = end;
    }

    // z out of range: the packed value 0 decodes to z = γ1 ≥ γ1 - β. The encoding decodes;
    // verification rejects it by its range check (FIPS 204, Algorithm 8, line 13), before
    // any hashing.
    let mut b = good.clone();
    let z0 = P::CTILDE_BYTES;
    b[z0..z0 + 3].fill(0);
    let out_of_range = Signature::<P>::from_bytes(&b).expect("z's range is verify's check");
    assert_eq!(
        out_of_range.check_response(),
        Err(Error::ResponseOutOfRange)
    );
    assert_eq!(
        vk.verify(b"msg", b"ctx", &out_of_range),
        Err(Error::ResponseOutOfRange)
    );
    // The largest allowed |z| = γ1 - β - 1 decodes (and the signature then fails to verify).
    let v = (P::GAMMA1 - (P::GAMMA1 - P::BETA - 1)) as u32; // encodes z = γ1 - β - 1
    let mut b = good.clone();
    let bits = P::GAMMA1_BITS + 1;
    let mut x = u32::from_le_bytes([b[z0], b[z0 + 1], b[z0 + 2], 0]);
    x = (x & !((1 << bits) - 1)) | v;
    b[z0..z0 + 3].copy_from_slice(&x.to_le_bytes()[..3]);
    let tampered = Signature::<P>::from_bytes(&b).expect("in range");
    assert_eq!(tampered.check_response(), Ok(()));
    assert_eq!(
        vk.verify(b"msg", b"ctx", &tampered),
        Err(Error::VerificationFailed)
    );

    // One flipped bit anywhere in c̃ or z is rejected by decoding or by verification.
    for pos in [0, P::CTILDE_BYTES - 1, z0 + 100, h - 1] {
        let mut b = good.clone();
        b[pos] ^= 0x10;
        let ok = Signature::<P>::from_bytes(&b).map(|s| vk.verify(b"msg", b"ctx", &s));
        assert!(!matches!(ok, Ok(Ok(()))), "bit flip at {pos} accepted");
    }

    // Public keys: only the length can be wrong.
    let pk = vk.as_bytes().as_ref().to_vec();
    for len in [0, P::PK_BYTES - 1, P::PK_BYTES + 1] {
        let mut b = pk.clone();
        b.resize(len, 0);
        assert!(matches!(
            VerifyingKey::<P>::from_bytes(&b),
            Err(Error::InvalidLength {
                what: "public key",
                ..
            })
        ));
    }
    // A different public key rejects the signature.
    let other = SigningKey::<P>::from_seed(&[43; 32]);
    assert_eq!(
        other.verifying_key().verify(b"msg", b"ctx", &sig),
        Err(Error::VerificationFailed)
    );

    // Expanded secret keys (Algorithm 25 plus the consistency check).
    let esk = sk.to_expanded().as_ref().to_vec();
    assert!(SigningKey::<P>::from_expanded(&esk).is_ok());
    for len in [0, P::SK_BYTES - 1, P::SK_BYTES + 1] {
        let mut b = esk.clone();
        b.resize(len, 0);
        assert!(matches!(
            SigningKey::<P>::from_expanded(&b),
            Err(Error::InvalidLength {
                what: "expanded secret key",
                ..
            })
        ));
    }
    // s1 coefficient out of [-η, η]: all-ones bits encode η - 7 (η = 2) or η - 15 (η = 4).
    let s1 = 128;
    let mut b = esk.clone();
    b[s1] = 0xff;
    assert_eq!(
        SigningKey::<P>::from_expanded(&b).err(),
        Some(Error::SecretOutOfRange)
    );
    // s2 likewise (last byte of s2).
    let t0 = 128 + (P::K + P::L) * P::POLY_ETA_BYTES;
    let mut b = esk.clone();
    b[t0 - 1] = 0xff;
    assert_eq!(
        SigningKey::<P>::from_expanded(&b).err(),
        Some(Error::SecretOutOfRange)
    );
    // t0 that does not match ρ, s1, s2.
    let mut b = esk.clone();
    b[t0 + 5] ^= 1;
    assert_eq!(
        SigningKey::<P>::from_expanded(&b).err(),
        Some(Error::InconsistentSecretKey)
    );
    // tr that does not match pk.
    let mut b = esk.clone();
    b[64] ^= 1;
    assert_eq!(
        SigningKey::<P>::from_expanded(&b).err(),
        Some(Error::InconsistentSecretKey)
    );
    // A valid-range s1 change makes t0 and tr inconsistent.
    let mut b = esk.clone();
    b[s1 + 3] ^= 0x01;
    let r = SigningKey::<P>::from_expanded(&b).err();
    assert!(matches!(
        r,
        Some(Error::InconsistentSecretKey | Error::SecretOutOfRange)
    ));

    // Pre-hash digests of the wrong length.
    for alg in PreHash::ALL {
        let n = alg.output_len();
        assert!(PreHashDigest::from_bytes(alg, &vec![0; n]).is_ok());
        assert!(matches!(
            PreHashDigest::from_bytes(alg, &vec![0; n + 1]),
            Err(Error::InvalidLength { .. })
        ));
    }
    // HashML-DSA and pure ML-DSA signatures do not verify as each other.
    let d = PreHash::Sha2_256.digest(b"msg");
    let hs = sk.sign_prehashed_with_rnd(&d, b"ctx", &[0; 32]).unwrap();
    assert!(vk.verify_prehashed(&d, b"ctx", &hs).is_ok());
    assert_eq!(
        vk.verify(b"msg", b"ctx", &hs),
        Err(Error::VerificationFailed)
    );
    assert_eq!(
        vk.verify_prehashed(&d, b"ctx", &sig),
        Err(Error::VerificationFailed)
    );
    let d512 = PreHash::Sha2_512.digest(b"msg");
    assert_eq!(
        vk.verify_prehashed(&d512, b"ctx", &hs),
        Err(Error::VerificationFailed)
    );
}

#[test]
fn malformed_ml_dsa_44() {
    classes::<MlDsa44>();
}

#[test]
fn malformed_ml_dsa_65() {
    classes::<MlDsa65>();
}

#[test]
fn malformed_ml_dsa_87() {
    classes::<MlDsa87>();
}

#[test]
fn debug_prints_no_secrets() {
    let sk = key::<MlDsa44>();
    let text = format!("{sk:?}");
    let seed_hex: String = sk
        .seed()
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(!text.contains(&seed_hex[..16]));
    assert!(!text.contains("42, 42"));
    assert!(text.contains("ML-DSA-44"));
    let _ = GAMMA2_Q88;
}
