//! Differential property tests of `mldsa-core` against two independent ML-DSA implementations
//! used as oracles: RustCrypto `ml-dsa` (0.1) and `fips204` (0.5), for ML-DSA-44/65/87.
//!
//! * the same seed ξ gives byte-equal public keys and expanded secret keys (all three);
//! * deterministic signatures (random message and context) are byte-equal (all three);
//! * hedged signatures with an explicit rnd are byte-equal: `fips204` takes rnd through
//!   `try_sign_with_seed`; RustCrypto `ml-dsa` has no pure-ML-DSA signer with an explicit rnd,
//!   so its `sign_internal` is called on the formatted M′ = 0 ‖ |ctx| ‖ ctx ‖ M;
//! * each side verifies the other's signatures, including signatures the oracles make with
//!   their own RNG (`fips204`: the OS RNG; `ml-dsa`: `rand::rng()`) and ours made with an RNG;
//! * a signature with one bit flipped, a changed message and a changed context are rejected by
//!   all three;
//! * the low-memory strategy (`mldsa_core::lowmem`) gives the same keys, the same signatures
//!   and the same verdicts everywhere the default one is checked.

use fips204::traits::{KeyGen as _, SerDes as _, Signer as _, Verifier as _};
use mldsa_core::{ParameterSet, Signature, SigningKey};
use proptest::prelude::*;
use proptest::sample::Index;

/// M′ = 0 ‖ |ctx| ‖ ctx ‖ M (FIPS 204, Algorithm 2, line 10), for the oracles' internal API.
fn m_prime(msg: &[u8], ctx: &[u8]) -> Vec<u8> {
    let mut v = vec![0u8, u8::try_from(ctx.len()).expect("ctx ≤ 255 bytes")];
    v.extend_from_slice(ctx);
    v.extend_from_slice(msg);
    v
}

/// Hex, so that a failing comparison prints something one can diff.
fn hx(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Flips bit `bit` (counted from bit 0 of byte 0) of `bytes`.
fn flip_bit(bytes: &mut [u8], bit: usize) {
    bytes[bit >> 3] ^= 1 << (bit & 7);
}

/// A different message: one bit flipped, or one byte appended to an empty message.
fn other_message(msg: &[u8], at: &Index) -> Vec<u8> {
    let mut m = msg.to_vec();
    if m.is_empty() {
        m.push(0);
    } else {
        let bit = at.index(m.len() << 3);
        flip_bit(&mut m, bit);
    }
    m
}

/// A different context of at most 255 bytes: one bit flipped, or a byte appended to an empty one.
fn other_context(ctx: &[u8], at: &Index) -> Vec<u8> {
    let mut c = ctx.to_vec();
    if c.is_empty() {
        c.push(at.index(256).to_le_bytes()[0]);
    } else {
        let bit = at.index(c.len() << 3);
        flip_bit(&mut c, bit);
    }
    c
}

fn message() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

fn context() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=255)
}

macro_rules! differential {
    ($module:ident, $ours:ty, $rc:ty, $fips:ident, $cases:expr) => {
        mod $module {
            use super::*;
            use fips204::$fips as fips;
            use ml_dsa::{EncodedSignature, EncodedVerifyingKey, Keypair as _};

            type Ours = $ours;
            type Rc = $rc;

            /// Our verdict on (msg, ctx, sig bytes): a malformed signature is a rejection. Both
            /// memory strategies must reach it.
            fn ours_accepts(sk: &SigningKey<Ours>, msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
                let default = match Signature::<Ours>::from_bytes(sig) {
                    Ok(s) => sk.verifying_key().verify(msg, ctx, &s).is_ok(),
                    Err(_) => false,
                };
                let pk = sk.verifying_key().as_bytes().as_ref();
                let low = mldsa_core::lowmem::verify::<Ours>(pk, msg, ctx, sig).is_ok();
                assert_eq!(default, low, "default and low-memory verification disagree");
                default
            }

            /// The low-memory strategy's keys and signature for the same inputs.
            fn lowmem_keys_and_sig(seed: &[u8; 32], msg: &[u8], ctx: &[u8], rnd: &[u8; 32]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
                let mut pk = vec![0u8; <Ours as ParameterSet>::PK_BYTES];
                let mut sk = vec![0u8; <Ours as ParameterSet>::SK_BYTES];
                mldsa_core::lowmem::keygen::<Ours>(seed, &mut pk, &mut sk).expect("buffer sizes");
                let mut sig = vec![0u8; <Ours as ParameterSet>::SIG_BYTES];
                mldsa_core::lowmem::sign::<Ours>(&sk, msg, ctx, rnd, &mut sig).expect("lowmem signs");
                (pk, sk, sig)
            }

            /// RustCrypto `ml-dsa`'s verdict, from our encoded public key.
            fn rc_accepts(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
                let pk = EncodedVerifyingKey::<Rc>::try_from(pk).expect("pk length");
                let vk = ml_dsa::VerifyingKey::<Rc>::decode(&pk);
                let sig = EncodedSignature::<Rc>::try_from(sig).expect("sig length");
                match ml_dsa::Signature::<Rc>::decode(&sig) {
                    Some(s) => vk.verify_with_context(msg, ctx, &s),
                    None => false,
                }
            }

            /// `fips204`'s verdict, from our encoded public key.
            fn fips_accepts(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
                let pk = fips::PublicKey::try_from_bytes(pk.try_into().expect("pk length"))
                    .expect("fips204 accepts the public key");
                let sig: [u8; fips::SIG_LEN] = sig.try_into().expect("sig length");
                pk.verify(msg, &sig, ctx)
            }

            fn all_accept(
                sk: &SigningKey<Ours>,
                msg: &[u8],
                ctx: &[u8],
                sig: &[u8],
            ) -> (bool, bool, bool) {
                let pk = sk.verifying_key().as_bytes().as_ref();
                (
                    ours_accepts(sk, msg, ctx, sig),
                    rc_accepts(pk, msg, ctx, sig),
                    fips_accepts(pk, msg, ctx, sig),
                )
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases($cases))]

                #[test]
                fn same_seed_same_keys(seed in any::<[u8; 32]>()) {
                    let ours = SigningKey::<Ours>::from_seed(&seed);
                    let pk = ours.verifying_key().as_bytes().as_ref().to_vec();
                    let sk = ours.to_expanded().as_ref().to_vec();
                    prop_assert_eq!(pk.len(), <Ours as ParameterSet>::PK_BYTES);
                    prop_assert_eq!(sk.len(), <Ours as ParameterSet>::SK_BYTES);

                    let rc = ml_dsa::SigningKey::<Rc>::from_seed(&seed.into());
                    let rc_pk = rc.verifying_key().encode();
                    prop_assert_eq!(hx(&pk), hx(&rc_pk), "pk vs ml-dsa");
                    #[allow(deprecated, reason = "the expanded encoding is what is compared")]
                    let rc_sk = rc.expanded_key().to_expanded();
                    prop_assert_eq!(hx(&sk), hx(&rc_sk), "sk vs ml-dsa");

                    let (fpk, fsk) = fips::KG::keygen_from_seed(&seed);
                    prop_assert_eq!(hx(&pk), hx(&fpk.into_bytes()), "pk vs fips204");
                    prop_assert_eq!(hx(&sk), hx(&fsk.into_bytes()), "sk vs fips204");

                    let (low_pk, low_sk, _) = lowmem_keys_and_sig(&seed, b"", b"", &[0; 32]);
                    prop_assert_eq!(hx(&low_pk), hx(&pk), "lowmem pk");
                    prop_assert_eq!(hx(&low_sk), hx(&sk), "lowmem sk");

                    // The oracle's expanded key imports into ours with the same public key.
                    let back = SigningKey::<Ours>::from_expanded(rc_sk.as_slice())
                        .expect("ml-dsa's expanded key imports");
                    prop_assert_eq!(hx(back.verifying_key().as_bytes().as_ref()), hx(&pk));
                }

                #[test]
                fn deterministic_signatures_agree(
                    seed in any::<[u8; 32]>(),
                    msg in message(),
                    ctx in context(),
                ) {
                    let ours = SigningKey::<Ours>::from_seed(&seed);
                    let sig = ours.sign_deterministic(&msg, &ctx).expect("ctx ≤ 255");

                    let rc = ml_dsa::ExpandedSigningKey::<Rc>::from_seed(&seed.into());
                    let rc_sig = rc.sign_deterministic(&msg, &ctx).expect("ml-dsa signs");
                    let rc_sig = rc_sig.encode();
                    prop_assert_eq!(hx(sig.as_bytes()), hx(&rc_sig), "vs ml-dsa");

                    let (_, fsk) = fips::KG::keygen_from_seed(&seed);
                    let f_sig = fsk.try_sign_with_seed(&[0u8; 32], &msg, &ctx)
                        .expect("fips204 signs");
                    prop_assert_eq!(hx(sig.as_bytes()), hx(&f_sig), "vs fips204");

                    let (_, _, low_sig) = lowmem_keys_and_sig(&seed, &msg, &ctx, &[0; 32]);
                    prop_assert_eq!(hx(&low_sig), hx(&f_sig), "lowmem vs fips204");

                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, sig.as_bytes()), (true, true, true));
                }

                #[test]
                fn hedged_signatures_with_explicit_rnd_agree(
                    seed in any::<[u8; 32]>(),
                    rnd in any::<[u8; 32]>(),
                    msg in message(),
                    ctx in context(),
                ) {
                    let ours = SigningKey::<Ours>::from_seed(&seed);
                    let sig = ours.sign_with_rnd(&msg, &ctx, &rnd).expect("ctx ≤ 255");
                    let mp = m_prime(&msg, &ctx);
                    let sig_internal = ours.sign_internal(&mp, &rnd);
                    prop_assert_eq!(
                        hx(sig_internal.as_bytes()),
                        hx(sig.as_bytes()),
                        "our sign_internal on M′ vs our sign_with_rnd"
                    );

                    let rc = ml_dsa::ExpandedSigningKey::<Rc>::from_seed(&seed.into());
                    let rc_sig = rc.sign_internal(&[&mp], &rnd.into());
                    let rc_sig = rc_sig.encode();
                    prop_assert_eq!(hx(sig.as_bytes()), hx(&rc_sig), "vs ml-dsa");

                    let (_, fsk) = fips::KG::keygen_from_seed(&seed);
                    let f_sig = fsk.try_sign_with_seed(&rnd, &msg, &ctx).expect("fips204 signs");
                    prop_assert_eq!(hx(sig.as_bytes()), hx(&f_sig), "vs fips204");

                    let (_, _, low_sig) = lowmem_keys_and_sig(&seed, &msg, &ctx, &rnd);
                    prop_assert_eq!(hx(&low_sig), hx(&f_sig), "lowmem vs fips204");

                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, sig.as_bytes()), (true, true, true));
                }

                #[test]
                fn rng_signatures_verify_across(
                    seed in any::<[u8; 32]>(),
                    msg in message(),
                    ctx in context(),
                ) {
                    let ours = SigningKey::<Ours>::from_seed(&seed);

                    // Oracles sign with their own randomness; we (and the other oracle) verify.
                    let (_, fsk) = fips::KG::keygen_from_seed(&seed);
                    let f_sig = fsk.try_sign(&msg, &ctx).expect("fips204 signs (OS RNG)");
                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, &f_sig), (true, true, true));

                    let rc = ml_dsa::ExpandedSigningKey::<Rc>::from_seed(&seed.into());
                    let rc_sig = rc.sign_randomized(&msg, &ctx, &mut rand::rng())
                        .expect("ml-dsa signs");
                    let rc_sig = rc_sig.encode();
                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, rc_sig.as_slice()), (true, true, true));

                    // We sign with an RNG; the oracles verify.
                    let sig = ours.sign(&mut rand::rng(), &msg, &ctx).expect("ctx ≤ 255");
                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, sig.as_bytes()), (true, true, true));
                    // Two hedged signatures of the same message differ (rnd is really used).
                    prop_assert_ne!(hx(sig.as_bytes()), hx(&f_sig));
                }

                #[test]
                fn tampering_is_rejected_by_all(
                    seed in any::<[u8; 32]>(),
                    rnd in any::<[u8; 32]>(),
                    msg in message(),
                    ctx in context(),
                    bit in any::<Index>(),
                    at in any::<Index>(),
                ) {
                    let ours = SigningKey::<Ours>::from_seed(&seed);
                    let sig = ours.sign_with_rnd(&msg, &ctx, &rnd).expect("ctx ≤ 255");
                    prop_assert_eq!(all_accept(&ours, &msg, &ctx, sig.as_bytes()), (true, true, true));

                    let mut bad = sig.as_bytes().to_vec();
                    let b = bit.index(bad.len() << 3);
                    flip_bit(&mut bad, b);
                    prop_assert_eq!(
                        all_accept(&ours, &msg, &ctx, &bad),
                        (false, false, false),
                        "signature bit {} flipped", b
                    );

                    let msg2 = other_message(&msg, &at);
                    prop_assert_eq!(
                        all_accept(&ours, &msg2, &ctx, sig.as_bytes()),
                        (false, false, false),
                        "tampered message"
                    );

                    let ctx2 = other_context(&ctx, &at);
                    prop_assert_eq!(
                        all_accept(&ours, &msg, &ctx2, sig.as_bytes()),
                        (false, false, false),
                        "wrong context"
                    );
                }
            }

            /// The extremes of the ranges the properties sample from (an empty message, a
            /// 255-byte context, a message longer than one SHAKE256 block), which random
            /// sampling reaches only rarely.
            #[test]
            fn edge_lengths_agree() {
                let seed = [0x5au8; 32];
                let rnd = [0xa5u8; 32];
                let ours = SigningKey::<Ours>::from_seed(&seed);
                let rc = ml_dsa::ExpandedSigningKey::<Rc>::from_seed(&seed.into());
                let (_, fsk) = fips::KG::keygen_from_seed(&seed);
                let long: Vec<u8> = (0..=u8::MAX).cycle().take(5000).collect();
                for msg in [&[][..], &[0xff][..], &long[..]] {
                    for ctx in [&[][..], &long[..255]] {
                        for r in [[0u8; 32], rnd] {
                            let sig = ours.sign_with_rnd(msg, ctx, &r).expect("ctx ≤ 255");
                            let rc_sig = rc.sign_internal(&[&m_prime(msg, ctx)], &r.into());
                            let f_sig = fsk.try_sign_with_seed(&r, msg, ctx).expect("signs");
                            let what = format!("|msg| {}, |ctx| {}, rnd {:02x}", msg.len(), ctx.len(), r[0]);
                            assert_eq!(hx(sig.as_bytes()), hx(&rc_sig.encode()), "{what}: vs ml-dsa");
                            assert_eq!(hx(sig.as_bytes()), hx(&f_sig), "{what}: vs fips204");
                            assert_eq!(all_accept(&ours, msg, ctx, sig.as_bytes()), (true, true, true), "{what}");
                        }
                    }
                }
            }

            #[test]
            fn over_long_context_is_refused_by_all() {
                let seed = [7u8; 32];
                let ctx = [0u8; 256];
                let ours = SigningKey::<Ours>::from_seed(&seed);
                assert!(ours.sign_deterministic(b"m", &ctx).is_err());
                let rc = ml_dsa::ExpandedSigningKey::<Rc>::from_seed(&seed.into());
                assert!(rc.sign_deterministic(b"m", &ctx).is_err());
                let (_, fsk) = fips::KG::keygen_from_seed(&seed);
                assert!(fsk.try_sign_with_seed(&[0u8; 32], b"m", &ctx).is_err());
            }
        }
    };
}

// 64 cases per property and parameter set (about 2 s in release mode for the whole file).
differential!(
    ml_dsa_44,
    mldsa_core::MlDsa44,
    ml_dsa::MlDsa44,
    ml_dsa_44,
    64
);
differential!(
    ml_dsa_65,
    mldsa_core::MlDsa65,
    ml_dsa::MlDsa65,
    ml_dsa_65,
    64
);
differential!(
    ml_dsa_87,
    mldsa_core::MlDsa87,
    ml_dsa::MlDsa87,
    ml_dsa_87,
    64
);
