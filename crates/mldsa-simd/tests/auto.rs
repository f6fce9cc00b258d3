//! The dispatching backend: `Auto` follows `MLDSA_BACKEND` (when set) or the CPU, and the
//! default key types of mldsa-simd produce exactly mldsa-core's bytes.
//!
//! Run once as is and once with `MLDSA_BACKEND=portable` to cover both choices; `.ci/run`
//! also runs it with a value naming no backend and with one this CPU lacks, which must not
//! panic: `Auto` follows detection and `env_error()` says why.

use mldsa_simd::backend::{EnvError, Selected, env_error};
use mldsa_simd::{Auto, Avx2, Avx512, MlDsa44, MlDsa65, MlDsa87, Neon, ParameterSet};

#[test]
fn auto_follows_env_or_cpu() {
    let detected = if Avx512::is_available() {
        Selected::Avx512
    } else if Avx2::is_available() {
        Selected::Avx2
    } else if Neon::is_available() {
        Selected::Neon
    } else {
        Selected::Portable
    };
    let env = std::env::var("MLDSA_BACKEND").ok();
    let asked = match env.as_deref() {
        Some("portable") => Some(Selected::Portable),
        Some("avx2") => Some(Selected::Avx2),
        Some("avx512") => Some(Selected::Avx512),
        Some("neon") => Some(Selected::Neon),
        _ => None,
    };
    let (want, error) = match (env.as_deref(), asked) {
        (None | Some("") | Some("auto"), _) => (detected, None),
        (_, Some(a)) if a.is_available() => (a, None),
        (_, Some(a)) => (
            detected,
            Some(EnvError::Unavailable {
                asked: a,
                used: detected,
            }),
        ),
        (Some(v), None) => (
            detected,
            Some(EnvError::Unknown {
                value: v.to_owned(),
                used: detected,
            }),
        ),
    };
    assert_eq!(Auto::selected(), want);
    assert_eq!(env_error(), error);
    eprintln!("Auto dispatches to {:?}", Auto::selected());
    if let Some(e) = env_error() {
        eprintln!("not followed: {e}; using {}", e.used().name());
        assert!(e.to_string().contains("MLDSA_BACKEND"));
        assert_eq!(e.used(), detected);
    }
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
