//! The key-file traits through mldsa-simd's type aliases (default backend `Auto`): keys written
//! and read here are the same keys as with the portable backend.

#![cfg(all(feature = "pkcs8", feature = "pem"))]

use mldsa_simd::pkcs8::LineEnding;
use mldsa_simd::pkcs8::Pkcs8Set;
use mldsa_simd::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use mldsa_simd::{MlDsa44, MlDsa65, MlDsa87, Portable, SigningKey, VerifyingKey};

fn same_keys<P: Pkcs8Set>() {
    let seed = [P::K as u8; 32];
    let sk = SigningKey::<P>::from_seed(&seed);
    let pem = sk.to_pkcs8_pem(LineEnding::LF).unwrap();
    let portable = SigningKey::<P, Portable>::from_pkcs8_pem(&pem).unwrap();
    assert_eq!(portable.to_pkcs8_pem(LineEnding::LF).unwrap(), pem);
    let pub_der = sk.verifying_key().to_public_key_der().unwrap();
    let vk = VerifyingKey::<P, Portable>::from_public_key_der(pub_der.as_bytes()).unwrap();
    assert_eq!(
        vk.as_bytes().as_ref(),
        sk.verifying_key().as_bytes().as_ref()
    );
    let sig = sk.sign_deterministic(b"m", b"").unwrap();
    vk.verify(b"m", b"", &sig).unwrap();
    assert!(VerifyingKey::<P>::from_public_key_der(&pub_der.as_bytes()[1..]).is_err());
}

#[test]
fn auto_backend_keys_are_portable_keys() {
    same_keys::<MlDsa44>();
    same_keys::<MlDsa65>();
    same_keys::<MlDsa87>();
}
