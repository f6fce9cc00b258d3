//! SigningKey::from_expanded and lowmem::sign on arbitrary expanded-key bytes: never panic.
//! An accepted key re-encodes to the same bytes, and both strategies sign it identically.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::{ParameterSet, SigningKey, lowmem};
use mldsa_fuzz::{Input, mutate, with_set};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let sel = inp.byte();
    with_set!(sel, P => {
        let sk = match sel >> 6 {
            // A valid key with a few mutations: reaches the range and consistency checks.
            0 | 1 => {
                let seed: [u8; 32] = inp.array();
                let mut e = SigningKey::<P>::from_seed(&seed).to_expanded();
                mutate(&mut inp, e.as_mut());
                e.as_ref().to_vec()
            }
            2 => inp.take_padded(P::SK_BYTES),
            _ => inp.rest().to_vec(),
        };
        let rnd: [u8; 32] = [sel; 32];
        let mut low_sig = vec![0u8; P::SIG_BYTES];
        // Must not panic, whatever the bytes (its consistency is the caller's to vouch for).
        let low = lowmem::sign::<P>(&sk, b"m", b"", &rnd, &mut low_sig);
        match SigningKey::<P>::from_expanded(&sk) {
            Ok(key) => {
                assert_eq!(key.to_expanded().as_ref(), &sk[..]);
                assert!(key.seed().is_none());
                let sig = key.sign_with_rnd(b"m", b"", &rnd).expect("ctx ok");
                low.expect("lowmem signs a key from_expanded accepts");
                assert_eq!(sig.as_bytes(), &low_sig[..]);
                key.verifying_key().verify(b"m", b"", &sig).expect("own signature verifies");
            }
            Err(_) => {
                if sk.len() != P::SK_BYTES {
                    assert!(low.is_err());
                }
            }
        }
    })
});
