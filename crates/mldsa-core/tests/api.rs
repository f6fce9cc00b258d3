//! Round trips through the public API: every set, every signing interface, prepared keys,
//! the μ builder, hedged vs deterministic signing, and the expanded-key encodings.

use mldsa_core::{
    MlDsa44, MlDsa65, MlDsa87, MuBuilder, ParameterSet, PreHash, PreparedSigningKey, SigningKey,
    VerifyingKey, WithMatrix,
};

fn round_trips<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(&[9; 32]);
    let vk = sk.verifying_key();
    let msg: Vec<u8> = (0..3000u32).map(|i| (i * 31) as u8).collect();

    // Deterministic signing is deterministic; hedged signing depends on rnd.
    let d1 = sk.sign_deterministic(&msg, b"c").unwrap();
    let d2 = sk.sign_deterministic(&msg, b"c").unwrap();
    assert_eq!(d1, d2);
    let h1 = sk.sign_with_rnd(&msg, b"c", &[1; 32]).unwrap();
    let h2 = sk.sign_with_rnd(&msg, b"c", &[2; 32]).unwrap();
    assert_ne!(h1, h2);
    for s in [&d1, &h1, &h2] {
        vk.verify(&msg, b"c", s).unwrap();
    }

    // The μ builder fed in chunks equals the one-shot computation.
    for chunk in [1, 7, 136, 1000] {
        let mut b = vk.mu_builder(b"c").unwrap();
        for part in msg.chunks(chunk) {
            b.update(part);
        }
        let mu = b.finalize();
        assert_eq!(sk.sign_mu(&mu, &[1; 32]), h1);
        vk.verify_mu(&mu, &h1).unwrap();
    }

    // The internal interface: M′ = 0 ‖ |ctx| ‖ ctx ‖ M gives the same signature as Sign.
    let mut m_prime = vec![0u8, 1, b'c'];
    m_prime.extend_from_slice(&msg);
    assert_eq!(sk.sign_internal(&m_prime, &[1; 32]), h1);
    vk.verify_internal(&m_prime, &h1).unwrap();
    let mut b = MuBuilder::internal(vk.tr());
    b.update(&m_prime);
    assert_eq!(b.finalize(), {
        let mut b = MuBuilder::new(vk.tr(), b"c").unwrap();
        b.update(&msg);
        b.finalize()
    });

    // HashML-DSA with every pre-hash, streaming and one-shot digests agree.
    for alg in PreHash::ALL {
        let mut hasher = alg.hasher();
        for part in msg.chunks(100) {
            hasher.update(part);
        }
        let d = hasher.finalize();
        assert_eq!(d, alg.digest(&msg));
        let s = sk.sign_prehashed_with_rnd(&d, b"c", &[3; 32]).unwrap();
        vk.verify_prehashed(&d, b"c", &s).unwrap();
    }

    // Prepared keys sign and verify identically.
    let psk: PreparedSigningKey<P> = sk.to_cached::<WithMatrix<P>>();
    assert_eq!(psk.sign_with_rnd(&msg, b"c", &[1; 32]).unwrap(), h1);
    let pvk = vk.prepare();
    pvk.verify(&msg, b"c", &h1).unwrap();
    assert!(pvk.verify(&msg, b"d", &h1).is_err());

    // Expanded-key export and import round trip; an imported key has no seed and signs the same.
    let esk = sk.to_expanded();
    let imported = SigningKey::<P>::from_expanded(esk.as_ref()).unwrap();
    assert!(imported.seed().is_none());
    assert_eq!(sk.seed(), Some(&[9; 32]));
    assert_eq!(imported.to_expanded(), esk);
    assert_eq!(imported.sign_with_rnd(&msg, b"c", &[1; 32]).unwrap(), h1);
    // Key generation straight to the encodings gives the same two byte strings.
    for seed in [[9u8; 32], [0; 32], [0xff; 32]] {
        let (pk, esk2) = SigningKey::<P>::encoded_from_seed(&seed);
        let full = SigningKey::<P>::from_seed(&seed);
        assert_eq!(pk.as_ref(), full.verifying_key().as_bytes().as_ref());
        assert_eq!(esk2.as_ref(), full.to_expanded().as_ref());
    }
    let vk2 = VerifyingKey::<P>::from_bytes(vk.as_bytes().as_ref()).unwrap();
    assert_eq!(&vk2, vk);
    assert_eq!(vk2.tr(), vk.tr());

    // One-shot verification from the encodings gives the two-step path's verdict and error.
    let pk = vk.as_bytes().as_ref();
    let two_step = |pk: &[u8], m: &[u8], ctx: &[u8], sig: &[u8]| {
        let vk = VerifyingKey::<P>::from_bytes(pk)?;
        let sig = mldsa_core::Signature::<P>::from_bytes(sig)?;
        vk.verify(m, ctx, &sig)
    };
    let mut flipped = h1.as_bytes().to_vec();
    flipped[5] ^= 0x10;
    let long_ctx = [0u8; 256];
    // The last row's hint count past ω: a malformed hint, reported before the context.
    let mut bad_hint = h1.as_bytes().to_vec();
    *bad_hint.last_mut().unwrap() = 0xff;
    for (pk, m, ctx, sig) in [
        (pk, &msg[..], &b"c"[..], h1.as_bytes()),
        (pk, &msg[..], &b"c"[..], d1.as_bytes()),
        (pk, &msg[1..], &b"c"[..], h1.as_bytes()),
        (pk, &msg[..], &b""[..], h1.as_bytes()),
        (pk, &msg[..], &b"c"[..], &flipped[..]),
        (pk, &msg[..], &long_ctx[..], h1.as_bytes()),
        (pk, &msg[..], &b"c"[..], &bad_hint[..]),
        (pk, &msg[..], &long_ctx[..], &bad_hint[..]),
        (&pk[1..], &msg[..], &b"c"[..], h1.as_bytes()),
        (pk, &msg[..], &b"c"[..], &h1.as_bytes()[1..]),
    ] {
        let one_shot = VerifyingKey::<P>::verify_encoded(pk, m, ctx, sig);
        assert_eq!(one_shot, two_step(pk, m, ctx, sig));
    }
    assert!(VerifyingKey::<P>::verify_encoded(pk, &msg, b"c", h1.as_bytes()).is_ok());
}

#[test]
fn round_trips_44() {
    round_trips::<MlDsa44>();
}

#[test]
fn round_trips_65() {
    round_trips::<MlDsa65>();
}

#[test]
fn round_trips_87() {
    round_trips::<MlDsa87>();
}

#[test]
#[cfg(target_pointer_width = "64")]
fn key_sizes_match_the_documented_table() {
    use mldsa_core::PreparedVerifyingKey;
    use std::mem::size_of;
    fn row<P: ParameterSet>() -> [usize; 4] {
        [
            size_of::<VerifyingKey<P>>(),
            size_of::<PreparedVerifyingKey<P>>(),
            size_of::<SigningKey<P>>(),
            size_of::<PreparedSigningKey<P>>(),
        ]
    }
    // The table in the `keys` module documentation (src/keys.rs).
    assert_eq!(row::<MlDsa44>(), [1376, 21888, 7616, 24000]);
    assert_eq!(row::<MlDsa65>(), [2016, 38912, 11072, 41792]);
    assert_eq!(row::<MlDsa87>(), [2656, 68224, 14784, 72128]);
}

#[test]
fn sizes() {
    assert_eq!(
        [MlDsa44::PK_BYTES, MlDsa44::SK_BYTES, MlDsa44::SIG_BYTES],
        [1312, 2560, 2420]
    );
    assert_eq!(
        [MlDsa65::PK_BYTES, MlDsa65::SK_BYTES, MlDsa65::SIG_BYTES],
        [1952, 4032, 3309]
    );
    assert_eq!(
        [MlDsa87::PK_BYTES, MlDsa87::SK_BYTES, MlDsa87::SIG_BYTES],
        [2592, 4896, 4627]
    );
}
