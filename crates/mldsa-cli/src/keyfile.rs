//! Key files as the `mldsa` command reads and writes them: PKCS#8 private keys (plain or
//! encrypted) and SubjectPublicKeyInfo public keys for ML-DSA as RFC 9881 defines them, in PEM
//! (RFC 7468) or DER, plus the raw FIPS 204 encodings. The DER, PEM and encryption code is the
//! library's (`mldsa_simd::pkcs8`, feature `pkcs8`); this module picks formats, adds the raw
//! encodings and turns errors into messages for the command line.

use mldsa_simd::ParameterSet;
use mldsa_simd::pkcs8::{
    Algorithm, KeyFormatError, LineEnding, PrivateKeyForm, PrivateKeyParts, ScryptCost,
    SecretDocument, decode_public_key_der, decrypt_private_key, encrypt_private_key,
    public_key_document,
};
use pkcs8::der::pem::PemLabel;
use pkcs8::der::{Decode, ErrorKind};
use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef, SubjectPublicKeyInfoRef};
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

    /// The library's name for the set.
    pub fn algorithm(self) -> Algorithm {
        match self {
            Alg::MlDsa44 => Algorithm::MlDsa44,
            Alg::MlDsa65 => Algorithm::MlDsa65,
            Alg::MlDsa87 => Algorithm::MlDsa87,
        }
    }

    /// The set the library names.
    pub fn from_algorithm(a: Algorithm) -> Alg {
        match a {
            Algorithm::MlDsa44 => Alg::MlDsa44,
            Algorithm::MlDsa65 => Alg::MlDsa65,
            Algorithm::MlDsa87 => Alg::MlDsa87,
        }
    }
}

/// How a key file is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PEM (RFC 7468): PKCS#8 "PRIVATE KEY" / "ENCRYPTED PRIVATE KEY", SPKI "PUBLIC KEY".
    Pem,
    /// DER: PKCS#8 / EncryptedPrivateKeyInfo / SubjectPublicKeyInfo.
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

impl KeyForm {
    fn to_lib(self) -> PrivateKeyForm {
        match self {
            KeyForm::Seed => PrivateKeyForm::Seed,
            KeyForm::Expanded => PrivateKeyForm::Expanded,
            KeyForm::Both => PrivateKeyForm::Both,
        }
    }

    fn from_lib(f: PrivateKeyForm) -> KeyForm {
        match f {
            PrivateKeyForm::Seed => KeyForm::Seed,
            PrivateKeyForm::Expanded => KeyForm::Expanded,
            PrivateKeyForm::Both => KeyForm::Both,
        }
    }
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
    /// How the file was encrypted (`None`: it was not).
    pub encryption: Option<String>,
}

impl PrivateKey {
    /// The library's view of the key's parts (borrowed).
    pub fn parts(&self) -> PrivateKeyParts<'_> {
        PrivateKeyParts {
            algorithm: self.alg.algorithm(),
            form: self.form.to_lib(),
            seed: self.seed.as_deref(),
            expanded: self.expanded.as_deref().map(|e| &e[..]),
            public_key: self.public.as_deref(),
        }
    }
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

/// Where the passphrase of an encrypted key comes from; called at most once, and only for an
/// encrypted file.
pub type PassphraseSource<'a> = &'a mut dyn FnMut() -> Result<Zeroizing<String>, String>;

/// The message for a DER error, in the words the command uses.
fn der_reason(e: pkcs8::der::Error) -> String {
    match e.kind() {
        ErrorKind::Incomplete { .. } => format!("truncated DER ({e})"),
        ErrorKind::TrailingData { .. } => format!("trailing data after the DER structure ({e})"),
        _ => format!("malformed DER ({e})"),
    }
}

/// The message for a library error.
pub fn reason(e: KeyFormatError) -> String {
    match e {
        KeyFormatError::Der(d) => der_reason(d),
        e => e.to_string(),
    }
}

/// PKCS#8 DER of a private key in the given CHOICE form (`expanded` is ignored for the seed
/// form, `seed` for the expanded form).
pub fn private_der(
    alg: Alg,
    form: KeyForm,
    seed: &[u8; 32],
    expanded: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    private_der_v2(alg, form, seed, expanded, None)
}

/// As [`private_der`], with an optional PKCS#8 v2 public key.
pub fn private_der_v2(
    alg: Alg,
    form: KeyForm,
    seed: &[u8; 32],
    expanded: &[u8],
    public: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let parts = PrivateKeyParts {
        algorithm: alg.algorithm(),
        form: form.to_lib(),
        seed: Some(seed),
        expanded: Some(expanded),
        public_key: public,
    };
    Ok(parts.to_der().map_err(reason)?.to_bytes())
}

/// SubjectPublicKeyInfo DER of a public key.
pub fn public_der(alg: Alg, pk: &[u8]) -> Result<Vec<u8>, String> {
    Ok(public_key_document(alg.algorithm(), pk)
        .map_err(reason)?
        .into_vec())
}

/// PEM armour with 64-column lines.
pub fn pem(label: &str, der: &[u8]) -> Result<Zeroizing<String>, String> {
    pkcs8::der::pem::encode_string(label, LineEnding::LF, der)
        .map(Zeroizing::new)
        .map_err(|e| format!("PEM encoding: {e}"))
}

/// Encrypts PKCS#8 DER with `passphrase` (scrypt + AES-256-CBC, fresh salt and IV).
pub fn encrypt_der(
    plain: &[u8],
    passphrase: &[u8],
    cost: ScryptCost,
) -> Result<SecretDocument, String> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("random generator: {e}"))?;
    getrandom::fill(&mut iv).map_err(|e| format!("random generator: {e}"))?;
    encrypt_private_key(plain, passphrase, cost, &salt, iv).map_err(reason)
}

/// A PEM block: its label and its decoded body.
pub type PemBlock = (String, Zeroizing<Vec<u8>>);

/// If `data` is PEM, returns (label, DER body); `None` if it does not look like PEM.
fn unpem(data: &[u8]) -> Option<Result<PemBlock, String>> {
    let start = data.iter().position(|b| !b.is_ascii_whitespace())?;
    if !data[start..].starts_with(b"-----BEGIN ") {
        return None;
    }
    Some((|| {
        let text = core::str::from_utf8(&data[start..]).map_err(|_| "PEM is not UTF-8 text")?;
        let (label, doc) = SecretDocument::from_pem(text).map_err(|e| match e.kind() {
            ErrorKind::Pem(p) => {
                format!("invalid PEM ({p}; Base64 body, header and footer must match RFC 7468)")
            }
            _ => der_reason(e),
        })?;
        Ok((label.to_string(), doc.to_bytes()))
    })())
}

/// A file's format, its PEM label if it is PEM, and its DER (or raw) bytes.
type Split = (Format, Option<String>, Zeroizing<Vec<u8>>);

/// Reads the format of a file: PEM if it looks like PEM, else DER, unless `raw` is asked for.
/// `labels`: the PEM labels accepted.
fn split_format(data: &[u8], format: Option<Format>, labels: &[&str]) -> Result<Split, String> {
    match (format, unpem(data)) {
        (Some(Format::Raw), _) => Ok((Format::Raw, None, Zeroizing::new(data.to_vec()))),
        (Some(Format::Der), Some(_)) => Err("file is PEM but --key-format der was given".into()),
        (_, Some(p)) => {
            let (label, der) = p?;
            if !labels.contains(&label.as_str()) {
                return Err(format!(
                    "PEM label is \"{label}\", expected \"{}\"",
                    labels.join("\" or \"")
                ));
            }
            Ok((Format::Pem, Some(label), der))
        }
        (Some(Format::Pem), None) => Err("file is not PEM but --key-format pem was given".into()),
        (_, None) => {
            if data.is_empty() {
                return Err("file is empty".into());
            }
            Ok((Format::Der, None, Zeroizing::new(data.to_vec())))
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

/// What a file of `n` bytes would be in a raw encoding, for messages about files that are not
/// DER: "a raw ML-DSA-65 public key" etc.
pub fn raw_guess(n: usize) -> Option<String> {
    if n == 32 {
        return Some("a raw 32-byte ML-DSA seed".into());
    }
    Alg::ALL.into_iter().find_map(|a| {
        if n == a.pk_len() {
            Some(format!("a raw {} public key", a.name()))
        } else if n == a.sk_len() {
            Some(format!("a raw {} expanded private key", a.name()))
        } else if n == a.sig_len() {
            Some(format!("a raw {} signature", a.name()))
        } else {
            None
        }
    })
}

/// The message for a key file whose DER `structure` (PKCS#8 or SubjectPublicKeyInfo) did not
/// decode: the reason (naming the structure where the algorithm identifier was at fault), with
/// the raw-file hint of [`hint_raw`] (`pem`: the file was PEM).
fn decode_failure(e: KeyFormatError, structure: &str, data: &[u8], pem: bool) -> String {
    let e = match e {
        KeyFormatError::UnknownAlgorithm(_) | KeyFormatError::ParametersPresent => {
            format!("{structure}: {}", reason(e))
        }
        e => reason(e),
    };
    hint_raw(e, data, pem.then_some(Format::Pem))
}

/// Replaces a DER error by the raw-encoding hint for a file read without `--key-format` whose
/// length is that of a raw encoding.
fn hint_raw(e: String, data: &[u8], format: Option<Format>) -> String {
    match (format, raw_guess(data.len())) {
        (None, Some(what)) if unpem(data).is_none() => format!(
            "not PEM or DER, and {} bytes long: {what}? Read it with --key-format raw{}",
            data.len(),
            if data.len() == 32 { " --alg ..." } else { "" }
        ),
        _ => e,
    }
}

/// Parses an unencrypted private key file. `format`: from `--key-format` (PEM/DER are
/// detected otherwise); `alg`: from `--alg` (needed only for a raw seed; must agree with the
/// key otherwise). An encrypted file is refused: see [`parse_private_with`].
pub fn parse_private(
    data: &[u8],
    format: Option<Format>,
    alg: Option<Alg>,
) -> Result<PrivateKey, String> {
    parse_private_with(data, format, alg, &mut || {
        Err("the key file is encrypted and no passphrase was given".into())
    })
}

/// Parses a private key file, plain or encrypted (`passphrase` is asked for only if it is).
pub fn parse_private_with(
    data: &[u8],
    format: Option<Format>,
    alg: Option<Alg>,
    passphrase: PassphraseSource<'_>,
) -> Result<PrivateKey, String> {
    let encrypted_label = EncryptedPrivateKeyInfoRef::PEM_LABEL;
    let (format, label, der) = split_format(
        data,
        format,
        &[PrivateKeyInfoRef::PEM_LABEL, encrypted_label],
    )
    .map_err(|e| {
        let armour = format!("-----BEGIN {encrypted_label}-----");
        if data.trim_ascii_start().starts_with(armour.as_bytes()) {
            format!("wrong passphrase or damaged key file ({e})")
        } else {
            e
        }
    })?;
    if format == Format::Raw {
        return parse_raw_private(data, alg);
    }
    let encrypted = match label.as_deref() {
        Some(l) => l == encrypted_label,
        None => is_encrypted_der(&der),
    };
    let (plain, encryption) = if encrypted {
        let info = EncryptedPrivateKeyInfoRef::from_der(&der)
            .map_err(|e| format!("wrong passphrase or damaged key file ({})", der_reason(e)))?;
        let scheme = describe_encryption(&info);
        let pass = passphrase()?;
        let plain = decrypt_private_key(&der, pass.as_bytes()).map_err(|e| match e {
            KeyFormatError::Decrypt | KeyFormatError::Der(_) => {
                "wrong passphrase or damaged key file".to_string()
            }
            e => reason(e),
        })?;
        (plain.to_bytes(), Some(scheme))
    } else {
        (der, None)
    };
    let parts = PrivateKeyParts::from_pkcs8_der(&plain).map_err(|e| {
        if SubjectPublicKeyInfoRef::from_der(&plain).is_ok() {
            return "this is a public key (SubjectPublicKeyInfo); expected a private key (PKCS#8)"
                .to_string();
        }
        decode_failure(e, "PKCS#8", data, label.is_some())
    })?;
    let found = Alg::from_algorithm(parts.algorithm);
    let alg = check_alg(found, alg, "PKCS#8 algorithm")?;
    Ok(PrivateKey {
        alg,
        format,
        form: KeyForm::from_lib(parts.form),
        seed: parts.seed.map(|s| Zeroizing::new(*s)),
        expanded: parts.expanded.map(|e| Zeroizing::new(e.to_vec())),
        public: parts.public_key.map(<[u8]>::to_vec),
        encryption,
    })
}

/// Whether DER is an EncryptedPrivateKeyInfo, or what is left of one: not PKCS#8, and the
/// PBES2 OID near the start (SEQUENCE { SEQUENCE { OID pbes2 ...).
fn is_encrypted_der(der: &[u8]) -> bool {
    const PBES2: [u8; 11] = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d,
    ];
    EncryptedPrivateKeyInfoRef::from_der(der).is_ok()
        || (PrivateKeyInfoRef::from_der(der).is_err()
            && der[..der.len().min(24)]
                .windows(PBES2.len())
                .any(|w| w == PBES2))
}

/// The tag of the first element inside a SEQUENCE whose first length byte is `l`.
fn first_inner_tag(der: &[u8], l: u8) -> Option<u8> {
    let skip = match l {
        0..=0x7f => 2,
        0x81 => 3,
        0x82 => 4,
        _ => return None,
    };
    der.get(skip).copied()
}

/// "PBES2: scrypt (N = 2^14, r = 8, p = 8), AES-256-CBC" etc.
fn describe_encryption(info: &EncryptedPrivateKeyInfoRef<'_>) -> String {
    use pkcs8::pkcs5::{EncryptionScheme, pbes2};
    let EncryptionScheme::Pbes2(p) = &info.encryption_algorithm else {
        return format!("PBES1 ({})", info.encryption_algorithm.oid());
    };
    let kdf = match &p.kdf {
        pbes2::Kdf::Scrypt(s) => format!(
            "scrypt (N = 2^{}, r = {}, p = {})",
            s.cost_parameter.trailing_zeros(),
            s.block_size,
            s.parallelization
        ),
        pbes2::Kdf::Pbkdf2(k) => format!("PBKDF2 ({:?}, {} iterations)", k.prf, k.iteration_count),
        k => format!("{}", k.oid()),
    };
    let cipher = match p.encryption {
        pbes2::EncryptionScheme::Aes128Cbc { .. } => "AES-128-CBC".to_string(),
        pbes2::EncryptionScheme::Aes192Cbc { .. } => "AES-192-CBC".to_string(),
        pbes2::EncryptionScheme::Aes256Cbc { .. } => "AES-256-CBC".to_string(),
        pbes2::EncryptionScheme::Aes128Gcm { .. } => "AES-128-GCM".to_string(),
        pbes2::EncryptionScheme::Aes256Gcm { .. } => "AES-256-GCM".to_string(),
        ref e => format!("{}", e.oid()),
    };
    format!("PBES2: {kdf}, {cipher}")
}

fn parse_raw_private(data: &[u8], alg: Option<Alg>) -> Result<PrivateKey, String> {
    if data.len() == 32 {
        let alg = alg.ok_or("a raw 32-byte seed does not say its parameter set: give --alg")?;
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(data);
        return Ok(PrivateKey {
            alg,
            format: Format::Raw,
            form: KeyForm::Seed,
            seed: Some(seed),
            expanded: None,
            public: None,
            encryption: None,
        });
    }
    let found = match alg {
        Some(a) if a.sk_len() == data.len() => a,
        Some(a) => {
            return Err(format!(
                "raw private key has {} bytes: neither a 32-byte seed nor an {} expanded key ({} bytes)",
                data.len(),
                a.name(),
                a.sk_len()
            ));
        }
        None => Alg::ALL.into_iter().find(|a| a.sk_len() == data.len()).ok_or_else(|| {
            format!("raw private key has {} bytes: neither a 32-byte seed nor an expanded key (2560, 4032 or 4896 bytes)", data.len())
        })?,
    };
    Ok(PrivateKey {
        alg: found,
        format: Format::Raw,
        form: KeyForm::Expanded,
        seed: None,
        expanded: Some(Zeroizing::new(data.to_vec())),
        public: None,
        encryption: None,
    })
}

/// Parses a public key file (SPKI in PEM or DER, or raw pk with `--key-format raw`).
pub fn parse_public(
    data: &[u8],
    format: Option<Format>,
    alg: Option<Alg>,
) -> Result<PublicKey, String> {
    let (format, label, der) = split_format(data, format, &[SubjectPublicKeyInfoRef::PEM_LABEL])?;
    if format == Format::Raw {
        let found = match alg {
            Some(a) if a.pk_len() == data.len() => a,
            Some(a) => {
                return Err(format!(
                    "raw public key has {} bytes; {} public keys have {}",
                    data.len(),
                    a.name(),
                    a.pk_len()
                ));
            }
            None => Alg::ALL
                .into_iter()
                .find(|a| a.pk_len() == data.len())
                .ok_or_else(|| {
                    format!(
                        "raw public key has {} bytes, not 1312, 1952 or 2592",
                        data.len()
                    )
                })?,
        };
        return Ok(PublicKey {
            alg: found,
            format,
            bytes: data.to_vec(),
        });
    }
    let (algorithm, pk) = decode_public_key_der(&der)
        .map_err(|e| decode_failure(e, "SubjectPublicKeyInfo", data, label.is_some()))?;
    let alg = check_alg(
        Alg::from_algorithm(algorithm),
        alg,
        "SubjectPublicKeyInfo algorithm",
    )?;
    Ok(PublicKey {
        alg,
        format,
        bytes: pk.to_vec(),
    })
}

/// Whether DER/PEM `data` is a private key (PKCS#8, plain or encrypted) rather than a public
/// key, for `inspect` and for commands that accept either.
pub fn looks_private(data: &[u8]) -> bool {
    match unpem(data) {
        Some(Ok((label, _))) => {
            label == PrivateKeyInfoRef::PEM_LABEL || label == EncryptedPrivateKeyInfoRef::PEM_LABEL
        }
        Some(Err(_)) => false,
        None => {
            // PKCS#8 starts SEQUENCE { INTEGER ...; SPKI starts SEQUENCE { SEQUENCE { OID
            // id-ml-dsa ...; an EncryptedPrivateKeyInfo SEQUENCE { SEQUENCE { OID PBES2 ...
            match data {
                [0x30, l, ..] => match first_inner_tag(data, *l) {
                    Some(0x02) => true,
                    Some(0x30) => is_encrypted_der(data),
                    _ => false,
                },
                _ => false,
            }
        }
    }
}
