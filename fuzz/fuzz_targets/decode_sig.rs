//! Signature::from_bytes on arbitrary bytes: never panics; what it accepts it keeps byte for
//! byte, and verification of an accepted signature under a fixed key never panics and agrees
//! with the low-memory verifier.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::{ParameterSet, Signature, SigningKey, lowmem};
use mldsa_fuzz::{Input, mutate, with_set};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let sel = inp.byte();
    with_set!(sel, P => {
        let sk = SigningKey::<P>::from_seed(&[sel; 32]);
        let vk = sk.verifying_key();
        let sig = match sel >> 6 {
            // A real signature with a few mutations (reaches the hint and z checks).
            0 | 1 => {
                let mut s = sk.sign_deterministic(b"msg", b"").expect("ctx ok").to_bytes();
                mutate(&mut inp, s.as_mut());
                s.as_ref().to_vec()
            }
            2 => inp.take_padded(P::SIG_BYTES),
            _ => inp.rest().to_vec(),
        };
        let decoded = Signature::<P>::from_bytes(&sig);
        if let Ok(s) = &decoded {
            assert_eq!(s.as_bytes(), &sig[..]);
        }
        let ok = decoded.and_then(|s| vk.verify(b"msg", b"", &s)).is_ok();
        let low = lowmem::verify::<P>(vk.as_bytes().as_ref(), b"msg", b"", &sig).is_ok();
        assert_eq!(ok, low, "default and low-memory verifiers disagree");
    })
});
