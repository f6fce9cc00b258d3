//! Arbitrary seed, message, context and rnd: keygen and sign (default strategy, Portable and
//! Avx2), verify; the low-memory strategy gives the same keys and signature.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::{ParameterSet, SigningKey, lowmem};
use mldsa_fuzz::{Input, with_set};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let sel = inp.byte();
    with_set!(sel, P => {
        let seed: [u8; 32] = inp.array();
        let rnd: [u8; 32] = inp.array();
        let ctx = inp.slice(300);
        let msg = inp.rest();
        let sk = SigningKey::<P>::from_seed(&seed);
        let res = sk.sign_with_rnd(msg, ctx, &rnd);
        let mut pk = vec![0u8; P::PK_BYTES];
        let mut esk = vec![0u8; P::SK_BYTES];
        lowmem::keygen::<P>(&seed, &mut pk, &mut esk).unwrap();
        assert_eq!(sk.verifying_key().as_bytes().as_ref(), &pk[..]);
        assert_eq!(sk.to_expanded().as_ref(), &esk[..]);
        let mut low_sig = vec![0u8; P::SIG_BYTES];
        let low = lowmem::sign::<P>(&esk, msg, ctx, &rnd, &mut low_sig);
        let avx = SigningKey::<P, mldsa_simd::Avx2>::from_seed(&seed);
        let avx_res = avx.sign_with_rnd(msg, ctx, &rnd);
        match res {
            Ok(sig) => {
                assert!(ctx.len() <= 255);
                sk.verifying_key().verify(msg, ctx, &sig).expect("signature verifies");
                low.expect("lowmem signs too");
                assert_eq!(sig.as_bytes(), &low_sig[..]);
                assert_eq!(avx_res.expect("avx2 signs too").as_bytes(), sig.as_bytes());
                lowmem::verify::<P>(&pk, msg, ctx, &low_sig).expect("lowmem verifies");
                // A different message must not verify.
                let mut other = msg.to_vec();
                other.push(0);
                assert!(sk.verifying_key().verify(&other, ctx, &sig).is_err());
            }
            Err(_) => {
                assert!(ctx.len() > 255);
                assert!(low.is_err() && avx_res.is_err());
            }
        }
    })
});
