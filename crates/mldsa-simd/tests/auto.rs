//! The dispatching backend: `Auto` follows `MLDSA_BACKEND` (when set) or the CPU, and the
//! default key types of mldsa-simd produce exactly mldsa-core's bytes.
//!
//! Run once as is and once with `MLDSA_BACKEND=portable` to cover both choices.

use mldsa_simd::backend::Selected;
use mldsa_simd::{Auto, Avx2, Avx512, MlDsa44, MlDsa65, MlDsa87, Neon, ParameterSet};

#[test]
fn auto_follows_env_or_cpu() {
    let want = match std::env::var("MLDSA_BACKEND").as_deref() {
        Ok("portable") => Selected::Portable,
        Ok("avx2") => Selected::Avx2,
        Ok("avx512") => Selected::Avx512,
        Ok("neon") => Selected::Neon,
        _ if Avx512::is_available() => Selected::Avx512,
        _ if Avx2::is_available() => Selected::Avx2,
        _ if Neon::is_available() => Selected::Neon,
        _ => Selected::Portable,
    };
    assert_eq!(Auto::selected(), want);
    eprintln!("Auto dispatches to {:?}", Auto::selected());
}

fn same_bytes<P: ParameterSet>() {
    for seed in 0..4u8 {
        let ours = mldsa_simd::SigningKey::<P>::from_seed(&[seed; 32]);
        let core = mldsa_core::SigningKey::<P>::from_seed(&[seed; 32]);
        assert_eq!(
            ours.verifying_key().as_bytes(),
            core.verifying_key().as_bytes()
        );
        assert_eq!(ours.to_expanded().as_ref(), core.to_expanded().as_ref());
        let msg = [seed; 100];
        let a = ours
            .sign_with_rnd(&msg, b"ctx", &[seed ^ 0x55; 32])
            .unwrap();
        let b = core
            .sign_with_rnd(&msg, b"ctx", &[seed ^ 0x55; 32])
            .unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
        assert!(ours.verifying_key().verify(&msg, b"ctx", &b).is_ok());
        let prepared: mldsa_simd::PreparedVerifyingKey<P> = ours.verifying_key().prepare();
        assert!(prepared.verify(&msg, b"ctx", &a).is_ok());
        assert!(prepared.verify(&msg, b"cty", &a).is_err());
    }
}

#[test]
fn default_keys_match_core() {
    same_bytes::<MlDsa44>();
    same_bytes::<MlDsa65>();
    same_bytes::<MlDsa87>();
}
