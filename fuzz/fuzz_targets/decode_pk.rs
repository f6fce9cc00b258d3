//! VerifyingKey::from_bytes on arbitrary bytes: never panics; accepts exactly the right length;
//! the key keeps the bytes; every cache form (Unprepared, Prepared, Avx2) agrees on tr.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::{ParameterSet, PreparedVerifyingKey, VerifyingKey};
use mldsa_fuzz::{Input, with_set};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let sel = inp.byte();
    with_set!(sel, P => {
        // Mostly the right length (padded), sometimes the raw length.
        let pk = if sel & 0x80 == 0 {
            inp.take_padded(P::PK_BYTES)
        } else {
            inp.rest().to_vec()
        };
        match VerifyingKey::<P>::from_bytes(&pk) {
            Ok(vk) => {
                assert_eq!(pk.len(), P::PK_BYTES);
                assert_eq!(vk.as_bytes().as_ref(), &pk[..]);
                let pvk = PreparedVerifyingKey::<P>::from_bytes(&pk).expect("same bytes");
                assert_eq!(pvk.tr(), vk.tr());
                let avx = VerifyingKey::<P, mldsa_simd::Avx2>::from_bytes(&pk).expect("same bytes");
                assert_eq!(avx.tr(), vk.tr());
            }
            Err(_) => assert_ne!(pk.len(), P::PK_BYTES),
        }
    })
});
