//! The key-file module (features `pkcs8`, `pem`, `encryption`): round trips for every set,
//! private-key form and PKCS#8 version through the RustCrypto traits and the parts API;
//! every malformed class is a typed error; truncations and bit flips never panic; encrypted
//! keys round-trip, refuse wrong passphrases and damage, and bound the KDF cost they accept.

#![cfg(all(feature = "pkcs8", feature = "pem", feature = "encryption"))]

use mldsa_core::pkcs8::{
    Algorithm, DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey,
    KeyFormatError, LineEnding, Pkcs8Set, PrivateKeyForm, PrivateKeyParts, ScryptCost,
    decode_public_key_der, decrypt_private_key, encode_public_key_der, encrypt_private_key,
};
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, Portable, SigningKey, VerifyingKey};
use pkcs8::der::Encode;
use pkcs8::spki::SignatureAlgorithmIdentifier;

/// A cheap scrypt cost for tests (the default is tested once, for its timing only).
const FAST: ScryptCost = ScryptCost {
    log_n: 8,
    r: 8,
    p: 1,
};

fn seed(i: u8) -> [u8; 32] {
    core::array::from_fn(|j| (j as u8).wrapping_mul(31) ^ i)
}

fn der_of(parts: &PrivateKeyParts<'_>) -> Vec<u8> {
    parts.to_der().unwrap().as_bytes().to_vec()
}

/// [`der_of`] an ML-DSA-44 key of these parts.
fn der_44(form: PrivateKeyForm, seed: &[u8; 32], expanded: &[u8], pk: Option<&[u8]>) -> Vec<u8> {
    der_of(&parts(Algorithm::MlDsa44, form, seed, expanded, pk))
}

fn parts<'a>(
    algorithm: Algorithm,
    form: PrivateKeyForm,
    seed: &'a [u8; 32],
    expanded: &'a [u8],
    public_key: Option<&'a [u8]>,
) -> PrivateKeyParts<'a> {
    PrivateKeyParts {
        algorithm,
        form,
        seed: (form != PrivateKeyForm::Expanded).then_some(seed),
        expanded: (form != PrivateKeyForm::Seed).then_some(expanded),
        public_key,
    }
}

const FORMS: [PrivateKeyForm; 3] = [
    PrivateKeyForm::Seed,
    PrivateKeyForm::Expanded,
    PrivateKeyForm::Both,
];

fn round_trips<P: Pkcs8Set>() {
    let alg = Algorithm::of::<P>();
    assert_eq!(alg.name(), P::NAME);
    assert_eq!(P::ALGORITHM_IDENTIFIER.oid, alg.oid());
    assert!(P::ALGORITHM_IDENTIFIER.parameters.is_none());
    let xi = seed(alg.public_key_len() as u8);
    let (pk, sk) = SigningKey::<P>::encoded_from_seed(&xi);
    let reference = SigningKey::<P>::from_seed(&xi);
    let sig = reference.sign_deterministic(b"msg", b"").unwrap();
    for form in FORMS {
        for public in [None, Some(pk.as_ref())] {
            let p = parts(alg, form, &xi, sk.as_ref(), public);
            let der = der_of(&p);
            let back = PrivateKeyParts::from_pkcs8_der(&der).unwrap();
            assert_eq!((back.algorithm, back.form), (alg, form));
            assert_eq!(back.seed, p.seed);
            assert_eq!(back.expanded, p.expanded);
            assert_eq!(back.public_key, public);
            // The RustCrypto trait, with the portable backend named explicitly.
            let key = SigningKey::<P, Portable>::from_pkcs8_der(&der).unwrap();
            assert_eq!(key.verifying_key(), reference.verifying_key());
            assert_eq!(key.seed().is_some(), form != PrivateKeyForm::Expanded);
            let s2 = key.sign_deterministic(b"msg", b"").unwrap();
            assert_eq!(s2.as_bytes(), sig.as_bytes());
            // The no-heap encoder writes the same bytes.
            let mut buf = [0u8; 8192];
            assert_eq!(p.encode_der(&mut buf).unwrap(), &der[..]);
        }
    }
    // EncodePrivateKey writes the seed form, and the expanded form for a key without a seed.
    let form_of = |doc: pkcs8::SecretDocument| {
        PrivateKeyParts::from_pkcs8_der(doc.as_bytes())
            .unwrap()
            .form
    };
    let doc = reference.to_pkcs8_der().unwrap();
    assert_eq!(form_of(doc.clone()), PrivateKeyForm::Seed);
    let no_seed = SigningKey::<P>::from_expanded(sk.as_ref()).unwrap();
    assert_eq!(
        form_of(no_seed.to_pkcs8_der().unwrap()),
        PrivateKeyForm::Expanded
    );
    // PEM, both kinds.
    let pem = reference.to_pkcs8_pem(LineEnding::LF).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    let again = SigningKey::<P>::from_pkcs8_pem(&pem).unwrap();
    assert_eq!(again.seed(), Some(&xi));
    let vk = reference.verifying_key();
    let pub_pem = vk.to_public_key_pem(LineEnding::LF).unwrap();
    assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let vk2 = VerifyingKey::<P>::from_public_key_pem(&pub_pem).unwrap();
    assert_eq!(&vk2, vk);
    let spki = vk.to_public_key_der().unwrap();
    let (a, bytes) = decode_public_key_der(spki.as_bytes()).unwrap();
    assert_eq!((a, bytes), (alg, pk.as_ref()));
    let mut buf = [0u8; 4096];
    assert_eq!(
        encode_public_key_der(alg, pk.as_ref(), &mut buf).unwrap(),
        spki.as_bytes()
    );
    // The signature algorithm identifier is the key's (RFC 9881).
    assert_eq!(
        <SigningKey<P> as SignatureAlgorithmIdentifier>::SIGNATURE_ALGORITHM_IDENTIFIER.oid,
        alg.oid()
    );
    // Encrypted round trip, and the trait method reads the same file.
    let enc = encrypt_private_key(doc.as_bytes(), b"pass", FAST, &[3; 16], [4; 16]).unwrap();
    let plain = decrypt_private_key(enc.as_bytes(), b"pass").unwrap();
    assert_eq!(plain.as_bytes(), doc.as_bytes());
    let k = SigningKey::<P>::from_pkcs8_encrypted_der(enc.as_bytes(), b"pass").unwrap();
    assert_eq!(k.verifying_key(), vk);
    assert_eq!(
        decrypt_private_key(enc.as_bytes(), b"pasS").err(),
        Some(KeyFormatError::Decrypt)
    );
}

#[test]
fn round_trips_every_set_form_and_version() {
    round_trips::<MlDsa44>();
    round_trips::<MlDsa65>();
    round_trips::<MlDsa87>();
}

#[test]
fn algorithm_identifiers_are_rfc_9881() {
    // SEQUENCE { OID 2.16.840.1.101.3.4.3.x }: no parameters, not even NULL.
    for (alg, arc) in Algorithm::ALL.into_iter().zip([17u8, 18, 19]) {
        let der = alg.algorithm_identifier().to_der().unwrap();
        assert_eq!(
            der,
            [
                0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, arc
            ]
        );
        assert_eq!(Algorithm::from_oid(&alg.oid()), Some(alg));
    }
}

/// A valid ML-DSA-44 both-form v2 key and its parts' bytes.
fn sample() -> (Vec<u8>, [u8; 32], Vec<u8>, Vec<u8>) {
    let xi = seed(9);
    let (pk, sk) = SigningKey::<MlDsa44>::encoded_from_seed(&xi);
    let der = der_44(PrivateKeyForm::Both, &xi, sk.as_ref(), Some(pk.as_ref()));
    (der, xi, sk.to_vec(), pk.to_vec())
}

fn replace(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let at = hay
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle present");
    [&hay[..at], with, &hay[at + needle.len()..]].concat()
}

#[test]
fn malformed_keys_are_typed_errors() {
    let (der, xi, sk, pk) = sample();
    let err = |d: &[u8]| {
        PrivateKeyParts::from_pkcs8_der(d)
            .and_then(|p| p.to_signing_key::<MlDsa44, Portable, mldsa_core::Unprepared>())
            .err()
    };
    assert_eq!(err(&der), None);
    // Another set's type refuses the key.
    let e = PrivateKeyParts::from_pkcs8_der(&der)
        .unwrap()
        .to_signing_key::<MlDsa65, Portable, mldsa_core::Unprepared>()
        .err();
    assert_eq!(
        e,
        Some(KeyFormatError::WrongAlgorithm {
            expected: Algorithm::MlDsa65,
            found: Algorithm::MlDsa44
        })
    );
    assert!(SigningKey::<MlDsa87>::from_pkcs8_der(&der).is_err());
    // Unknown OID (arc 17 -> 20).
    let oid44 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 17];
    let mut bad = oid44;
    bad[8] = 20;
    assert!(matches!(
        err(&replace(&der, &oid44, &bad)),
        Some(KeyFormatError::UnknownAlgorithm(_))
    ));
    // Parameters present (NULL): the outer lengths grow by two.
    let p = parts(Algorithm::MlDsa44, PrivateKeyForm::Seed, &xi, &sk, None);
    let seed_der = der_of(&p);
    let mut with_null = seed_der.clone();
    with_null[1] += 2; // outer SEQUENCE (short form: the seed form is 54 bytes)
    let alg_at = 5; // 30 len 02 01 00 | 30 0b ...
    assert_eq!(&with_null[alg_at..alg_at + 2], &[0x30, 0x0b]);
    with_null[alg_at + 1] = 0x0d;
    with_null.splice(alg_at + 13..alg_at + 13, [0x05, 0x00]);
    assert_eq!(err(&with_null), Some(KeyFormatError::ParametersPresent));
    // Seed of 31 and 33 bytes (the enclosing lengths adjusted).
    for n in [31usize, 33] {
        let mut choice = vec![0x80, n as u8];
        choice.extend(std::iter::repeat_n(7u8, n));
        let d = pkcs8_with_choice(&choice);
        assert_eq!(err(&d), Some(KeyFormatError::SeedLength(n)));
    }
    // Unknown CHOICE tag ([1] instead of [0]).
    let mut choice = vec![0x81, 32];
    choice.extend_from_slice(&xi);
    assert!(matches!(
        err(&pkcs8_with_choice(&choice)),
        Some(KeyFormatError::UnknownChoice(_))
    ));
    // The CHOICE with trailing bytes.
    let mut choice = vec![0x80, 32];
    choice.extend_from_slice(&xi);
    choice.push(0);
    assert!(matches!(
        err(&pkcs8_with_choice(&choice)),
        Some(KeyFormatError::Der(_))
    ));
    // An expanded key one byte short.
    let d = der_44(PrivateKeyForm::Expanded, &xi, &sk, None);
    let short = pkcs8_with_choice(&octets(&sk[..sk.len() - 1]));
    assert_eq!(
        err(&short),
        Some(KeyFormatError::ExpandedKeyLength {
            algorithm: Algorithm::MlDsa44,
            actual: sk.len() - 1
        })
    );
    assert_eq!(err(&d), None);
    // An expanded key with a bad s1 coefficient (η = 2: 3-bit fields, 7 is out of range).
    let mut bad_sk = sk.clone();
    bad_sk[128] |= 0x07;
    assert!(matches!(
        err(&pkcs8_with_choice(&octets(&bad_sk))),
        Some(KeyFormatError::ExpandedKeyRejected(_))
    ));
    // Both form whose seed does not generate the expanded key.
    let mut other = xi;
    other[0] ^= 1;
    let mismatched = der_44(PrivateKeyForm::Both, &other, &sk, None);
    assert_eq!(err(&mismatched), Some(KeyFormatError::SeedExpandedMismatch));
    // A v2 public key of another key, and one of the wrong length.
    let mut pk2 = pk.clone();
    pk2[40] ^= 1;
    let d = der_44(PrivateKeyForm::Seed, &xi, &sk, Some(&pk2));
    assert_eq!(err(&d), Some(KeyFormatError::PublicKeyMismatch));
    let d = replace(&der, &pk, &pk[..pk.len() - 1]);
    assert!(err(&d).is_some());
    // Trailing data after the structure.
    assert!(matches!(
        err(&[der.clone(), vec![0]].concat()),
        Some(KeyFormatError::Der(_))
    ));
    // Public keys: wrong length, unused bits, trailing data, wrong set.
    let vk = SigningKey::<MlDsa44>::from_seed(&xi);
    let spki = vk
        .verifying_key()
        .to_public_key_der()
        .unwrap()
        .as_bytes()
        .to_vec();
    assert_eq!(decode_public_key_der(&spki).unwrap().1, &pk[..]);
    let mut unused = spki.clone();
    let bits_at = 2 + 2 + 13 + 4; // 30 82 .. .. | 30 0b .. | 03 82 .. .. | unused-bits byte
    assert_eq!(unused[bits_at], 0);
    unused[bits_at] = 1;
    assert_eq!(
        decode_public_key_der(&unused).err(),
        Some(KeyFormatError::PublicKeyUnusedBits)
    );
    assert!(decode_public_key_der(&[spki.clone(), vec![0]].concat()).is_err());
    assert!(VerifyingKey::<MlDsa65>::from_public_key_der(&spki).is_err());
    let mut buf = [0u8; 4096];
    assert_eq!(
        encode_public_key_der(Algorithm::MlDsa65, &pk, &mut buf).err(),
        Some(KeyFormatError::PublicKeyLength {
            algorithm: Algorithm::MlDsa65,
            actual: pk.len()
        })
    );
    // An encoder given a form without its parts.
    let missing = PrivateKeyParts {
        seed: None,
        ..parts(Algorithm::MlDsa44, PrivateKeyForm::Seed, &xi, &sk, None)
    };
    assert_eq!(missing.to_der().err(), Some(KeyFormatError::MissingPart));
}

/// DER of an OCTET STRING (long-form length as needed).
fn octets(v: &[u8]) -> Vec<u8> {
    pkcs8::der::asn1::OctetStringRef::new(v)
        .unwrap()
        .to_der()
        .unwrap()
}

/// An ML-DSA-44 PKCS#8 v1 key whose privateKey OCTET STRING holds `choice` as it is.
fn pkcs8_with_choice(choice: &[u8]) -> Vec<u8> {
    let alg = Algorithm::MlDsa44.algorithm_identifier().to_der().unwrap();
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend(alg);
    body.extend(octets(choice));
    let mut out = vec![0x30];
    let n = body.len();
    match n {
        0..=0x7f => out.push(n as u8),
        0x80..=0xff => out.extend([0x81, n as u8]),
        _ => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend(body);
    out
}

#[test]
fn truncations_and_bit_flips_never_panic() {
    let (der, ..) = sample();
    for n in 0..der.len() {
        assert!(
            SigningKey::<MlDsa44>::from_pkcs8_der(&der[..n]).is_err(),
            "{n}"
        );
    }
    // A flip in the structure is refused; a flip in the seed or the public key is a different
    // (mismatching) key: every flip must be refused, none may panic.
    for bit in (0..der.len() * 8).step_by(7) {
        let mut t = der.clone();
        t[bit >> 3] ^= 1 << (bit & 7);
        assert!(
            SigningKey::<MlDsa44>::from_pkcs8_der(&t).is_err(),
            "bit {bit}"
        );
    }
}

#[test]
fn encrypted_keys_refuse_damage_and_bound_the_kdf() {
    let (der, ..) = sample();
    let enc = encrypt_private_key(&der, b"secret", FAST, &[5; 16], [6; 16]).unwrap();
    let enc = enc.as_bytes().to_vec();
    assert_eq!(
        decrypt_private_key(&enc, b"secret").unwrap().as_bytes(),
        &der[..]
    );
    for n in 0..enc.len() {
        assert!(decrypt_private_key(&enc[..n], b"secret").is_err(), "{n}");
    }
    // AES-CBC has no integrity of its own: a flip in the ciphertext garbles one block and
    // flips a byte of the next. The key's own consistency checks (this one is `both` with a
    // v2 public key, so every byte is covered) must catch what decryption lets through.
    for byte in (0..enc.len()).step_by(5) {
        let mut t = enc.clone();
        t[byte] ^= 0x10;
        let e = SigningKey::<MlDsa44>::from_pkcs8_encrypted_der(&t, b"secret").err();
        assert!(e.is_some(), "byte {byte}");
    }
    // A flip in the last block breaks the padding: that is the decryption failure.
    let mut t = enc.clone();
    let n = t.len();
    t[n - 20] ^= 1;
    assert_eq!(
        decrypt_private_key(&t, b"secret").err(),
        Some(KeyFormatError::Decrypt)
    );
    // KDF costs over the limits are refused before any work (the files are made by hand:
    // encrypting with such a cost would run it).
    use pkcs8::pkcs5::pbes2::{Kdf, Parameters};
    let costly = |edit: &dyn Fn(&mut Kdf)| {
        let mut params = Parameters::generate_scrypt_aes256cbc(
            pkcs8::pkcs5::scrypt::Params::new(8, 8, 1).unwrap(),
            &[1; 16],
            [2; 16],
        )
        .unwrap();
        edit(&mut params.kdf);
        let ct = vec![0u8; 5008];
        pkcs8::EncryptedPrivateKeyInfoRef {
            encryption_algorithm: params.into(),
            encrypted_data: pkcs8::der::asn1::OctetStringRef::new(&ct).unwrap(),
        }
        .to_der()
        .unwrap()
    };
    let scrypt_n = costly(&|k| {
        if let Kdf::Scrypt(s) = k {
            s.cost_parameter = 1 << 24; // 2 GiB of memory with r = 8
        }
    });
    let scrypt_p = costly(&|k| {
        if let Kdf::Scrypt(s) = k {
            s.cost_parameter = 1 << 14;
            s.parallelization = 1024; // 16 MiB, but 64 times the default work
        }
    });
    let within = costly(&|_| {});
    for file in [scrypt_n, scrypt_p] {
        assert_eq!(
            decrypt_private_key(&file, b"x").err(),
            Some(KeyFormatError::KdfTooCostly)
        );
    }
    assert_eq!(
        decrypt_private_key(&within, b"x").err(),
        Some(KeyFormatError::Decrypt)
    );
    // scrypt with AES-256-GCM (read, not written: pyca/cryptography refuses it).
    let gcm = Parameters::scrypt_aes256gcm(
        pkcs8::pkcs5::scrypt::Params::new(8, 8, 1).unwrap(),
        &[1; 16],
        [2; 12],
    )
    .unwrap();
    let info = pkcs8::PrivateKeyInfoRef::try_from(&der[..]).unwrap();
    let doc = info.encrypt_with_params(gcm, b"pw").unwrap();
    assert_eq!(
        decrypt_private_key(doc.as_bytes(), b"pw")
            .unwrap()
            .as_bytes(),
        &der[..]
    );
    // GCM authenticates: every flipped ciphertext byte is the decryption failure.
    let n = doc.as_bytes().len();
    for at in [n - 1, n - 17, n - 100] {
        let mut t = doc.as_bytes().to_vec();
        t[at] ^= 1;
        assert_eq!(
            decrypt_private_key(&t, b"pw").err(),
            Some(KeyFormatError::Decrypt)
        );
    }
    // PBKDF2-HMAC-SHA256 with AES-128-CBC and AES-256-CBC (what OpenSSL and pyca write).
    for params in [
        Parameters::generate_pbkdf2_sha256_aes128cbc(2048, &[1; 16], [2; 16]).unwrap(),
        Parameters::generate_pbkdf2_sha256_aes256cbc(2048, &[1; 16], [2; 16]).unwrap(),
    ] {
        let doc = info.encrypt_with_params(params, b"pw").unwrap();
        assert_eq!(
            decrypt_private_key(doc.as_bytes(), b"pw")
                .unwrap()
                .as_bytes(),
            &der[..]
        );
        assert_eq!(
            decrypt_private_key(doc.as_bytes(), b"pW").err(),
            Some(KeyFormatError::Decrypt)
        );
    }
    // Too many PBKDF2 iterations are refused (without running them).
    let mut params = Parameters::generate_pbkdf2_sha256_aes256cbc(1, &[1; 16], [2; 16]).unwrap();
    if let Kdf::Pbkdf2(p) = &mut params.kdf {
        p.iteration_count = 50_000_000;
    }
    let ct = vec![0u8; 5008];
    let file = pkcs8::EncryptedPrivateKeyInfoRef {
        encryption_algorithm: params.into(),
        encrypted_data: pkcs8::der::asn1::OctetStringRef::new(&ct).unwrap(),
    }
    .to_der()
    .unwrap();
    assert_eq!(
        decrypt_private_key(&file, b"pw").err(),
        Some(KeyFormatError::KdfTooCostly)
    );
}
