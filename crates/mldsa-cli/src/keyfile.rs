//! Key files: PKCS#8 private keys and SubjectPublicKeyInfo public keys for ML-DSA as RFC 9881
//! defines them, in PEM (RFC 7468) or DER, plus the raw FIPS 204 encodings.
//!
//! ```text
//! OneAsymmetricKey ::= SEQUENCE { version INTEGER (0 | 1), AlgorithmIdentifier { id-ml-dsa-NN },
//!                                 privateKey OCTET STRING (ML-DSA-PrivateKey),
//!                                 [0] attributes OPTIONAL, [1] publicKey OPTIONAL }
//! ML-DSA-PrivateKey ::= CHOICE { seed [0] IMPLICIT OCTET STRING (32 bytes),
//!                                expandedKey OCTET STRING,
//!                                both SEQUENCE { seed OCTET STRING, expandedKey OCTET STRING } }
//! SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier { id-ml-dsa-NN }, BIT STRING (pk) }
//! ```
//! id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17/18/19, with absent parameters.

use crate::der::{Reader, tag, tlv};
use base64ct::{Base64, Encoding};
use mldsa_simd::ParameterSet;
use zeroize::Zeroizing;

/// A parameter set chosen at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Alg {
    /// ML-DSA-44.
    #[value(name = "ML-DSA-44", alias = "ml-dsa-44", alias = "44")]
    MlDsa44,
    /// ML-DSA-65.
    #[value(name = "ML-DSA-65", alias = "ml-dsa-65", alias = "65")]
    MlDsa65,
    /// ML-DSA-87.
    #[value(name = "ML-DSA-87", alias = "ml-dsa-87", alias = "87")]
    MlDsa87,
}

/// Runs `$body` with the type alias `$p` bound to the parameter set of `$alg`.
#[macro_export]
macro_rules! with_alg {
    ($alg:expr, $p:ident => $body:expr) => {
        match $alg {
            $crate::keyfile::Alg::MlDsa44 => {
                type $p = $crate::mldsa_simd::MlDsa44;
                $body
            }
            $crate::keyfile::Alg::MlDsa65 => {
                type $p = $crate::mldsa_simd::MlDsa65;
                $body
            }
            $crate::keyfile::Alg::MlDsa87 => {
                type $p = $crate::mldsa_simd::MlDsa87;
                $body
            }
        }
    };
}

impl Alg {
    /// All sets.
    pub const ALL: [Alg; 3] = [Alg::MlDsa44, Alg::MlDsa65, Alg::MlDsa87];

    /// "ML-DSA-65" etc.
    pub fn name(self) -> &'static str {
        with_alg!(self, P => P::NAME)
    }

    /// Public key bytes.
    pub fn pk_len(self) -> usize {
        with_alg!(self, P => P::PK_BYTES)
    }

    /// Expanded secret key bytes.
    pub fn sk_len(self) -> usize {
        with_alg!(self, P => P::SK_BYTES)
    }

    /// Signature bytes.
    pub fn sig_len(self) -> usize {
        with_alg!(self, P => P::SIG_BYTES)
    }

    /// The DER encoding of the AlgorithmIdentifier (SEQUENCE { OID }, no parameters).
    fn algorithm_identifier(self) -> Vec<u8> {
        tlv(tag::SEQUENCE, &tlv(tag::OID, &self.oid()))
    }

    /// The OID contents: 2.16.840.1.101.3.4.3.{17,18,19}.
    fn oid(self) -> [u8; 9] {
        let arc = match self {
            Alg::MlDsa44 => 17,
            Alg::MlDsa65 => 18,
            Alg::MlDsa87 => 19,
        };
        [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, arc]
    }

    fn from_algorithm_identifier(der: &[u8]) -> Result<Alg, String> {
        let mut r = Reader::new(der);
        let oid = r.expect(tag::OID, "algorithm OID")?;
        if r.peek().is_some() {
            return Err("ML-DSA AlgorithmIdentifier must have absent parameters".into());
        }
        Alg::ALL
            .into_iter()
            .find(|a| a.oid() == oid)
            .ok_or_else(|| format!("algorithm OID {} is not ML-DSA-44/65/87", oid_text(oid)))
    }
}

/// Dotted text of an OID's contents, for error messages.
fn oid_text(oid: &[u8]) -> String {
    let Some((&first, rest)) = oid.split_first() else {
        return "(empty)".into();
    };
    let (a, b) = match first {
        0..=39 => (0u8, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut arcs = vec![u64::from(a), u64::from(b)];
    let mut v = 0u64;
    for &byte in rest {
        v = (v << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            arcs.push(v);
            v = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// How a key file is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PEM (RFC 7468): PKCS#8 "PRIVATE KEY" / SPKI "PUBLIC KEY".
    Pem,
    /// DER: PKCS#8 / SubjectPublicKeyInfo.
    Der,
    /// The bare FIPS 204 encoding (private: the 32-byte seed or the expanded key).
    Raw,
}

/// Which RFC 9881 private-key CHOICE a PKCS#8 file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyForm {
    /// seed `[0]`: the 32-byte seed ξ (what BoringSSL, RustCrypto, pyca and Go write).
    Seed,
    /// expandedKey: the FIPS 204 expanded secret key.
    Expanded,
    /// both: the seed and the expanded key (OpenSSL's default output).
    Both,
}

/// A decoded private key file.
pub struct PrivateKey {
    /// Parameter set.
    pub alg: Alg,
    /// How it was encoded.
    pub format: Format,
    /// Which CHOICE (raw seeds count as `Seed`, raw expanded keys as `Expanded`).
    pub form: KeyForm,
    /// ξ, when present.
    pub seed: Option<Zeroizing<[u8; 32]>>,
    /// The expanded key, when present.
    pub expanded: Option<Zeroizing<Vec<u8>>>,
    /// A PKCS#8 v2 publicKey field, when present.
    pub public: Option<Vec<u8>>,
}

/// A decoded public key file.
pub struct PublicKey {
    /// Parameter set.
    pub alg: Alg,
    /// How it was encoded.
    pub format: Format,
    /// The FIPS 204 encoding pk.
    pub bytes: Vec<u8>,
}

/// PKCS#8 DER of a private key in the given CHOICE form.
pub fn private_der(
    alg: Alg,
    form: KeyForm,
    seed: &[u8; 32],
    expanded: &[u8],
) -> Zeroizing<Vec<u8>> {
    let choice = Zeroizing::new(match form {
        KeyForm::Seed => tlv(tag::CONTEXT_0, seed),
        KeyForm::Expanded => tlv(tag::OCTET_STRING, expanded),
        KeyForm::Both => {
            let mut both = Zeroizing::new(tlv(tag::OCTET_STRING, seed));
            both.extend_from_slice(&tlv(tag::OCTET_STRING, expanded));
            tlv(tag::SEQUENCE, &both)
        }
    });
    let mut body = Zeroizing::new(tlv(tag::INTEGER, &[0]));
    body.extend_from_slice(&alg.algorithm_identifier());
    body.extend_from_slice(&Zeroizing::new(tlv(tag::OCTET_STRING, &choice)));
    Zeroizing::new(tlv(tag::SEQUENCE, &body))
}

/// SubjectPublicKeyInfo DER of a public key.
pub fn public_der(alg: Alg, pk: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(pk);
    let mut body = alg.algorithm_identifier();
    body.extend_from_slice(&tlv(tag::BIT_STRING, &bits));
    tlv(tag::SEQUENCE, &body)
}

/// PEM armour with 64-column lines.
pub fn pem(label: &str, der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(Base64::encode_string(der));
    let mut out = Zeroizing::new(format!("-----BEGIN {label}-----\n"));
    for line in b64.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// If `data` is PEM, returns (label, DER body); `None` if it does not look like PEM.
/// A PEM block: its label and its decoded body.
pub type PemBlock = (String, Zeroizing<Vec<u8>>);

fn unpem(data: &[u8]) -> Option<Result<PemBlock, String>> {
    let text = core::str::from_utf8(data).ok()?;
    let trimmed = text.trim();
    let rest = trimmed.strip_prefix("-----BEGIN ")?;
    Some((|| {
        let (label, rest) = rest.split_once("-----").ok_or("malformed PEM header")?;
        let end = format!("-----END {label}-----");
        let body = rest.strip_suffix(end.as_str()).ok_or_else(|| {
            format!(
                "PEM footer missing or not matching \"-----BEGIN {label}-----\" (or data after it)"
            )
        })?;
        if body.contains("-----") {
            return Err("more than one PEM block".to_string());
        }
        let b64 = Zeroizing::new(body.split_ascii_whitespace().collect::<String>());
        let der = Base64::decode_vec(&b64).map_err(|_| "invalid Base64 in PEM body".to_string())?;
        Ok((label.to_string(), Zeroizing::new(der)))
    })())
}

/// Reads the format of a file: PEM if it looks like PEM, else DER, unless `raw` is asked for.
fn split_format(
    data: &[u8],
    format: Option<Format>,
    want_label: &str,
) -> Result<(Format, Zeroizing<Vec<u8>>), String> {
    match (format, unpem(data)) {
        (Some(Format::Raw), _) => Ok((Format::Raw, Zeroizing::new(data.to_vec()))),
        (Some(Format::Der), Some(_)) => Err("file is PEM but --format der was given".into()),
        (_, Some(p)) => {
            let (label, der) = p?;
            if label != want_label {
                return Err(format!(
                    "PEM label is \"{label}\", expected \"{want_label}\""
                ));
            }
            Ok((Format::Pem, der))
        }
        (Some(Format::Pem), None) => Err("file is not PEM but --format pem was given".into()),
        (_, None) => {
            if data.is_empty() {
                return Err("file is empty".into());
            }
            Ok((Format::Der, Zeroizing::new(data.to_vec())))
        }
    }
}

/// Checks a parameter set found in a file against the one given with `--alg`.
fn check_alg(found: Alg, given: Option<Alg>, source: &str) -> Result<Alg, String> {
    match given {
        Some(g) if g != found => Err(format!(
            "{source} is {} but --alg says {}",
            found.name(),
            g.name()
        )),
        _ => Ok(found),
    }
}

/// Parses a private key file. `format`: from `--format` (PEM/DER are detected otherwise);
/// `alg`: from `--alg` (needed only for a raw seed; must agree with the key otherwise).
pub fn parse_private(
    data: &[u8],
    format: Option<Format>,
    alg: Option<Alg>,
) -> Result<PrivateKey, String> {
    let (format, der) = split_format(data, format, "PRIVATE KEY")?;
    if format == Format::Raw {
        if data.len() == 32 {
            let alg = alg.ok_or("a raw 32-byte seed does not say its parameter set: give --alg")?;
            let mut seed = Zeroizing::new([0u8; 32]);
            seed.copy_from_slice(data);
            return Ok(PrivateKey {
                alg,
                format,
                form: KeyForm::Seed,
                seed: Some(seed),
                expanded: None,
                public: None,
            });
        }
        let found = Alg::ALL.into_iter().find(|a| a.sk_len() == data.len()).ok_or_else(|| {
            format!("raw private key has {} bytes: neither a 32-byte seed nor an expanded key (2560, 4032 or 4896 bytes)", data.len())
        })?;
        let alg = check_alg(found, alg, "raw expanded key length")?;
        return Ok(PrivateKey {
            alg,
            format,
            form: KeyForm::Expanded,
            seed: None,
            expanded: Some(Zeroizing::new(data.to_vec())),
            public: None,
        });
    }
    let mut outer = Reader::new(&der);
    let body = outer.expect(tag::SEQUENCE, "PKCS#8 SEQUENCE")?;
    outer.finish("the PKCS#8 structure")?;
    let mut r = Reader::new(body);
    let version = r.expect(tag::INTEGER, "PKCS#8 version")?;
    if version != [0] && version != [1] {
        return Err("PKCS#8 version must be 0 or 1".into());
    }
    let found = Alg::from_algorithm_identifier(r.expect(tag::SEQUENCE, "AlgorithmIdentifier")?)
        .map_err(|e| format!("PKCS#8: {e}"))?;
    let alg = check_alg(found, alg, "PKCS#8 algorithm")?;
    let inner = r.expect(tag::OCTET_STRING, "privateKey OCTET STRING")?;
    if r.peek() == Some(tag::CONTEXT_0_CONS) {
        r.any()?; // attributes: carried by some writers, meaningless here
    }
    let mut public = None;
    if r.peek() == Some(tag::CONTEXT_1) {
        if version != [1] {
            return Err("PKCS#8 v1 (version 0) must not carry a publicKey".into());
        }
        let bits = r.expect(tag::CONTEXT_1, "publicKey")?;
        match bits.split_first() {
            Some((0, pk)) => public = Some(pk.to_vec()),
            _ => return Err("publicKey BIT STRING must have 0 unused bits".into()),
        }
    }
    r.finish("the PKCS#8 fields")?;

    let mut c = Reader::new(inner);
    let (t, v) = c.any().map_err(|e| format!("ML-DSA private key: {e}"))?;
    c.finish("the ML-DSA private key")?;
    let seed_of = |v: &[u8]| -> Result<Zeroizing<[u8; 32]>, String> {
        let s: [u8; 32] = v
            .try_into()
            .map_err(|_| format!("seed must be 32 bytes, found {}", v.len()))?;
        Ok(Zeroizing::new(s))
    };
    let expanded_of = |v: &[u8]| -> Result<Zeroizing<Vec<u8>>, String> {
        if v.len() != alg.sk_len() {
            return Err(format!(
                "{} expanded key must be {} bytes, found {}",
                alg.name(),
                alg.sk_len(),
                v.len()
            ));
        }
        Ok(Zeroizing::new(v.to_vec()))
    };
    let (form, seed, expanded) = match t {
        tag::CONTEXT_0 => (KeyForm::Seed, Some(seed_of(v)?), None),
        tag::OCTET_STRING => (KeyForm::Expanded, None, Some(expanded_of(v)?)),
        tag::SEQUENCE => {
            let mut b = Reader::new(v);
            let s = seed_of(b.expect(tag::OCTET_STRING, "seed")?)?;
            let e = expanded_of(b.expect(tag::OCTET_STRING, "expandedKey")?)?;
            b.finish("the both-form private key")?;
            (KeyForm::Both, Some(s), Some(e))
        }
        t => {
            return Err(format!(
                "ML-DSA private key has an unknown CHOICE (tag 0x{t:02x})"
            ));
        }
    };
    Ok(PrivateKey {
        alg,
        format,
        form,
        seed,
        expanded,
        public,
    })
}

/// Parses a public key file (SPKI in PEM or DER, or raw pk with `--format raw`).
pub fn parse_public(
    data: &[u8],
    format: Option<Format>,
    alg: Option<Alg>,
) -> Result<PublicKey, String> {
    let (format, der) = split_format(data, format, "PUBLIC KEY")?;
    if format == Format::Raw {
        let found = Alg::ALL
            .into_iter()
            .find(|a| a.pk_len() == data.len())
            .ok_or_else(|| {
                format!(
                    "raw public key has {} bytes, not 1312, 1952 or 2592",
                    data.len()
                )
            })?;
        let alg = check_alg(found, alg, "raw public key length")?;
        return Ok(PublicKey {
            alg,
            format,
            bytes: data.to_vec(),
        });
    }
    let mut outer = Reader::new(&der);
    let body = outer.expect(tag::SEQUENCE, "SubjectPublicKeyInfo SEQUENCE")?;
    outer.finish("the SubjectPublicKeyInfo")?;
    let mut r = Reader::new(body);
    let found = Alg::from_algorithm_identifier(r.expect(tag::SEQUENCE, "AlgorithmIdentifier")?)
        .map_err(|e| format!("SubjectPublicKeyInfo: {e}"))?;
    let alg = check_alg(found, alg, "SubjectPublicKeyInfo algorithm")?;
    let bits = r.expect(tag::BIT_STRING, "subjectPublicKey BIT STRING")?;
    r.finish("the SubjectPublicKeyInfo fields")?;
    let pk = match bits.split_first() {
        Some((0, pk)) => pk,
        _ => return Err("subjectPublicKey BIT STRING must have 0 unused bits".into()),
    };
    if pk.len() != alg.pk_len() {
        return Err(format!(
            "{} public key must be {} bytes, found {}",
            alg.name(),
            alg.pk_len(),
            pk.len()
        ));
    }
    Ok(PublicKey {
        alg,
        format,
        bytes: pk.to_vec(),
    })
}

/// Whether DER/PEM `data` is a private key (PKCS#8) rather than a public key, for `inspect`
/// and for commands that accept either.
pub fn looks_private(data: &[u8]) -> bool {
    match unpem(data) {
        Some(Ok((label, _))) => label == "PRIVATE KEY",
        Some(Err(_)) => false,
        None => {
            // PKCS#8 starts SEQUENCE { INTEGER ...; SPKI starts SEQUENCE { SEQUENCE ...
            let mut r = Reader::new(data);
            matches!(
                r.expect(tag::SEQUENCE, "").map(|b| b.first().copied()),
                Ok(Some(tag::INTEGER))
            )
        }
    }
}
