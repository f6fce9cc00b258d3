//! mldsa_cli::keyfile::{parse_private, parse_public} (the library's mldsa_simd::pkcs8 code
//! underneath) on arbitrary bytes, with every format and
//! algorithm hint: never panic; what parses re-encodes (PKCS#8 / SPKI DER and PEM) and parses
//! back to the same key.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_cli::keyfile::{
    Alg, Format, KeyForm, parse_private, parse_public, pem, private_der, public_der,
};

/// A re-encoded key as DER and as PEM with `label`, each with its format.
fn encodings(label: &str, der: Vec<u8>) -> [(Vec<u8>, Format); 2] {
    let armoured = pem(label, &der).expect("PEM encodes");
    [(der, Format::Der), (armoured.as_bytes().to_vec(), Format::Pem)]
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let format = [
        None,
        Some(Format::Pem),
        Some(Format::Der),
        Some(Format::Raw),
    ][(sel & 3) as usize];
    let alg = [
        None,
        Some(Alg::MlDsa44),
        Some(Alg::MlDsa65),
        Some(Alg::MlDsa87),
    ][((sel >> 2) & 3) as usize];

    if let Ok(k) = parse_private(data, format, alg) {
        if let Some(a) = alg {
            assert_eq!(k.alg, a);
        }
        if let Some(e) = &k.expanded {
            assert_eq!(e.len(), k.alg.sk_len());
        }
        match k.form {
            KeyForm::Seed => assert!(k.seed.is_some() && k.expanded.is_none()),
            KeyForm::Expanded => assert!(k.seed.is_none() && k.expanded.is_some()),
            KeyForm::Both => assert!(k.seed.is_some() && k.expanded.is_some()),
        }
        let seed = k.seed.as_deref().copied().unwrap_or([0; 32]);
        let expanded = k.expanded.as_deref().map(|e| &e[..]).unwrap_or(&[]);
        let der = private_der(k.alg, k.form, &seed, expanded).expect("a parsed key re-encodes");
        for (bytes, fmt) in encodings("PRIVATE KEY", der.to_vec()) {
            for f in [None, Some(fmt)] {
                let again = parse_private(&bytes, f, None).expect("re-encoded private key parses");
                assert_eq!(again.alg, k.alg);
                assert_eq!(again.form, k.form);
                assert_eq!(again.format, fmt);
                assert_eq!(again.seed.as_deref(), k.seed.as_deref());
                assert_eq!(again.expanded.as_deref(), k.expanded.as_deref());
                assert!(again.public.is_none());
            }
        }
    }

    if let Ok(k) = parse_public(data, format, alg) {
        if let Some(a) = alg {
            assert_eq!(k.alg, a);
        }
        assert_eq!(k.bytes.len(), k.alg.pk_len());
        let der = public_der(k.alg, &k.bytes).expect("a parsed public key re-encodes");
        for (bytes, fmt) in encodings("PUBLIC KEY", der.clone()) {
            for f in [None, Some(fmt)] {
                let again = parse_public(&bytes, f, None).expect("re-encoded public key parses");
                assert_eq!(
                    (again.alg, again.format, &again.bytes),
                    (k.alg, fmt, &k.bytes)
                );
            }
        }
    }
});
