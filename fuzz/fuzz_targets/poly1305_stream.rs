//! Poly1305: arbitrary splits of the message give the one-shot tag, on every backend this CPU
//! and build have (with fuzzer-chosen dispatch thresholds), and each equals the portable one.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_fuzz::Input;
use poly1305_simd::{Backend, Poly1305, Tag, mac, mac_forced};

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let key: [u8; 32] = inp.array();
    let threshold = match inp.byte() {
        0..=127 => None,
        t => Some((t as usize) & 127),
    };
    let nsplits = inp.byte() & 15;
    let splits: Vec<usize> = (0..nsplits).map(|_| inp.u16() as usize & 1023).collect();
    let msg = inp.rest();

    let soft = mac_forced(Backend::Soft, None, &key, msg).expect("soft always exists");
    assert_eq!(mac(&key, msg), soft, "detected backend differs from soft");
    for b in Backend::ALL {
        let Some(one) = mac_forced(b, threshold, &key, msg) else {
            continue;
        };
        assert_eq!(one, soft, "{b:?} one-shot differs from soft");
        let mut st = Poly1305::new_forced(&key, b, threshold).expect("available");
        let mut rest = msg;
        for &s in &splits {
            let (head, tail) = rest.split_at(s.min(rest.len()));
            st.update(head);
            rest = tail;
        }
        st.update(rest);
        let streamed = st.clone().finalize();
        assert_eq!(streamed, soft, "{b:?} streamed differs from one-shot");
        assert!(st.clone().verify(&soft).is_ok());
        let mut bad = soft.into_bytes();
        bad[(key[0] & 15) as usize] ^= 1 << (key[1] & 7);
        assert!(st.verify(&Tag::from(bad)).is_err());
    }
});
