//! Verification of arbitrary (pk, msg, ctx, sig) for all three sets: never panics, and the
//! default (Unprepared and Prepared, Portable and Avx2) and low-memory verifiers agree.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::{ParameterSet, PreparedVerifyingKey, Signature, SigningKey, VerifyingKey, lowmem};
use mldsa_fuzz::{Input, mutate, with_set};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let sel = inp.byte();
    with_set!(sel, P => {
        let msg = inp.slice(255);
        let ctx = inp.slice(300);
        let (pk, sig) = if sel & 0x80 == 0 {
            // A real key and signature, then mutations of pk, sig, or neither.
            let seed: [u8; 32] = inp.array();
            let sk = SigningKey::<P>::from_seed(&seed);
            let mut pk = sk.verifying_key().as_bytes().as_ref().to_vec();
            let mut sig = match sk.sign_with_rnd(msg, ctx, &[1; 32]) {
                Ok(s) => s.as_bytes().to_vec(),
                Err(_) => vec![0u8; P::SIG_BYTES],
            };
            match inp.byte() & 3 {
                0 => mutate(&mut inp, &mut pk),
                1 => mutate(&mut inp, &mut sig),
                _ => {}
            }
            (pk, sig)
        } else {
            (inp.take_padded(P::PK_BYTES), inp.take_padded(P::SIG_BYTES))
        };
        let vk = VerifyingKey::<P>::from_bytes(&pk).expect("right length");
        let parsed = Signature::<P>::from_bytes(&sig);
        let a = parsed.and_then(|s| vk.verify(msg, ctx, &s)).is_ok();
        let b = parsed.and_then(|s| vk.prepare().verify(msg, ctx, &s)).is_ok();
        let c = parsed
            .and_then(|s| VerifyingKey::<P, mldsa_simd::Avx2>::from_bytes(&pk)?.verify(msg, ctx, &s))
            .is_ok();
        let d = parsed
            .and_then(|s| PreparedVerifyingKey::<P>::from_bytes(&pk)?.verify(msg, ctx, &s))
            .is_ok();
        let low = lowmem::verify::<P>(&pk, msg, ctx, &sig).is_ok();
        assert_eq!((a, a, a, a), (b, c, d, low), "verifiers disagree");
        if ctx.len() > 255 {
            assert!(!a);
        }
    })
});
