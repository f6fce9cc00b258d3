//! Key files (feature `pkcs8`): ML-DSA private keys in PKCS#8 (RFC 5958) and public keys in
//! SubjectPublicKeyInfo (RFC 5280), as RFC 9881 defines them, on RustCrypto's `der`, `spki` and
//! `pkcs8` (the versions RustCrypto's `ml-dsa` 0.1 uses, so the keys drop into `x509-cert`).
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
//!
//! id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17/18/19, parameters absent (a present one, even
//! NULL, is refused). All three private-key CHOICEs are read; a `both` key is accepted only if
//! its seed generates its expanded key, and a PKCS#8 v2 public key only if it is the key's own.
//! Keys are written in the seed form unless asked otherwise (a key without a seed, imported
//! from the expanded encoding, is written as `expandedKey`). Decoding never panics: every
//! malformed input is a typed [`KeyFormatError`] (or the `pkcs8::Error` it maps to through the
//! RustCrypto traits).
//!
//! With only `pkcs8`, decoding and the algorithm identifiers need no heap, and
//! [`PrivateKeyParts::encode_der`] / [`encode_public_key_der`] write into a caller's buffer.
//! `alloc` adds `EncodePrivateKey` / `EncodePublicKey`, `pem` the PEM methods, and
//! `encryption` the PKCS#8 `EncryptedPrivateKeyInfo` (PBES2: scrypt or PBKDF2-HMAC-SHA2 with
//! AES-CBC, from `pkcs5`): [`encrypt_private_key`] and [`decrypt_private_key`].
//!
#![cfg_attr(
    all(feature = "pem", feature = "encryption"),
    doc = r##"
```
use mldsa_core::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
    ScryptCost, decrypt_private_key, encrypt_private_key,
};
use mldsa_core::{MlDsa65, SigningKey, VerifyingKey};

let sk = SigningKey::<MlDsa65>::from_seed(&[7u8; 32]);
// PEM "PRIVATE KEY" (the seed form) and "PUBLIC KEY".
let pem = sk.to_pkcs8_pem(LineEnding::LF)?;
let public_pem = sk.verifying_key().to_public_key_pem(LineEnding::LF)?;
assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));

let again = SigningKey::<MlDsa65>::from_pkcs8_pem(&pem)?;
let vk = VerifyingKey::<MlDsa65>::from_public_key_pem(&public_pem)?;
assert_eq!(again.verifying_key(), &vk);

// A key file of another set is refused by the type.
assert!(SigningKey::<mldsa_core::MlDsa44>::from_pkcs8_pem(&pem).is_err());

// Encrypted: scrypt + AES-256-CBC; salt and IV come from the caller's random generator.
// (A low cost keeps this example fast: use ScryptCost::DEFAULT for real keys.)
let cost = ScryptCost { log_n: 10, r: 8, p: 1 };
let plain = sk.to_pkcs8_der()?;
let encrypted = encrypt_private_key(plain.as_bytes(), b"correct horse", cost, &[1; 16], [2; 16])?;
let decrypted = decrypt_private_key(encrypted.as_bytes(), b"correct horse")?;
assert_eq!(SigningKey::<MlDsa65>::from_pkcs8_der(decrypted.as_bytes())?.seed(), sk.seed());
assert!(decrypt_private_key(encrypted.as_bytes(), b"wrong").is_err());
// The RustCrypto trait method reads the same file.
SigningKey::<MlDsa65>::from_pkcs8_encrypted_der(encrypted.as_bytes(), b"correct horse")?;
# Ok::<(), Box<dyn core::error::Error>>(())
```
"##
)]

use crate::{Backend, Error, KeyCache, MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey};
use crate::{Signature, VerifyingKey};
use ::pkcs8::der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef};
use ::pkcs8::der::{Decode, Encode, SliceWriter, Tag, TagNumber, Tagged};
use ::pkcs8::spki::{
    AlgorithmIdentifier, AlgorithmIdentifierRef, AssociatedAlgorithmIdentifier,
    SignatureAlgorithmIdentifier, SubjectPublicKeyInfoRef,
};
use ::pkcs8::{PrivateKeyInfoRef, der, spki};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

#[cfg(feature = "pem")]
pub use ::pkcs8::LineEnding;
pub use ::pkcs8::{DecodePrivateKey, DecodePublicKey};
#[cfg(feature = "alloc")]
pub use ::pkcs8::{Document, EncodePrivateKey, EncodePublicKey, SecretDocument};

/// id-ml-dsa-44 (RFC 9881).
pub const ID_ML_DSA_44: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.17");
/// id-ml-dsa-65 (RFC 9881).
pub const ID_ML_DSA_65: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.18");
/// id-ml-dsa-87 (RFC 9881).
pub const ID_ML_DSA_87: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.19");

/// The longest ML-DSA-PrivateKey CHOICE: `both` for ML-DSA-87 (SEQUENCE header 4, seed 34,
/// expandedKey 4 + 4896).
const MAX_CHOICE_BYTES: usize = 4 + 34 + 4 + MlDsa87::SK_BYTES;

/// A parameter set chosen at run time (from a key file's algorithm identifier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// ML-DSA-44.
    MlDsa44,
    /// ML-DSA-65.
    MlDsa65,
    /// ML-DSA-87.
    MlDsa87,
}

impl Algorithm {
    /// The three sets.
    pub const ALL: [Algorithm; 3] = [Algorithm::MlDsa44, Algorithm::MlDsa65, Algorithm::MlDsa87];

    /// The set's OID.
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Algorithm::MlDsa44 => ID_ML_DSA_44,
            Algorithm::MlDsa65 => ID_ML_DSA_65,
            Algorithm::MlDsa87 => ID_ML_DSA_87,
        }
    }

    /// The set an OID names, if it is one of the three.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.oid() == *oid)
    }

    /// The set of a type-level parameter set.
    pub fn of<P: ParameterSet>() -> Algorithm {
        // The three sets differ in k, and ParameterSet is sealed to them.
        match P::K {
            4 => Algorithm::MlDsa44,
            6 => Algorithm::MlDsa65,
            _ => Algorithm::MlDsa87,
        }
    }

    /// The AlgorithmIdentifier: the OID with absent parameters.
    pub const fn algorithm_identifier(self) -> AlgorithmIdentifierRef<'static> {
        AlgorithmIdentifier {
            oid: self.oid(),
            parameters: None,
        }
    }

    /// "ML-DSA-65" etc.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::MlDsa44 => MlDsa44::NAME,
            Algorithm::MlDsa65 => MlDsa65::NAME,
            Algorithm::MlDsa87 => MlDsa87::NAME,
        }
    }

    /// Bytes of the public key encoding pk.
    pub const fn public_key_len(self) -> usize {
        match self {
            Algorithm::MlDsa44 => MlDsa44::PK_BYTES,
            Algorithm::MlDsa65 => MlDsa65::PK_BYTES,
            Algorithm::MlDsa87 => MlDsa87::PK_BYTES,
        }
    }

    /// Bytes of the expanded private key encoding sk.
    pub const fn expanded_key_len(self) -> usize {
        match self {
            Algorithm::MlDsa44 => MlDsa44::SK_BYTES,
            Algorithm::MlDsa65 => MlDsa65::SK_BYTES,
            Algorithm::MlDsa87 => MlDsa87::SK_BYTES,
        }
    }

    /// Bytes of a signature.
    pub const fn signature_len(self) -> usize {
        match self {
            Algorithm::MlDsa44 => MlDsa44::SIG_BYTES,
            Algorithm::MlDsa65 => MlDsa65::SIG_BYTES,
            Algorithm::MlDsa87 => MlDsa87::SIG_BYTES,
        }
    }

    /// Checks an AlgorithmIdentifier: one of the three OIDs, parameters absent.
    pub fn from_algorithm_identifier(
        id: &AlgorithmIdentifierRef<'_>,
    ) -> Result<Algorithm, KeyFormatError> {
        let alg = Algorithm::from_oid(&id.oid).ok_or(KeyFormatError::UnknownAlgorithm(id.oid))?;
        if id.parameters.is_some() {
            return Err(KeyFormatError::ParametersPresent);
        }
        Ok(alg)
    }
}

impl core::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which RFC 9881 ML-DSA-PrivateKey CHOICE a PKCS#8 key holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrivateKeyForm {
    /// `seed [0]`: the 32-byte seed ξ (what BoringSSL, RustCrypto, pyca and Go write).
    Seed,
    /// `expandedKey`: the FIPS 204 expanded private key.
    Expanded,
    /// `both`: the seed and the expanded key (OpenSSL's default output).
    Both,
}

/// Why a key file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFormatError {
    /// The DER structure (PKCS#8, SPKI, the CHOICE, or PEM armour) is malformed.
    Der(der::Error),
    /// The algorithm OID is not ML-DSA-44/65/87.
    UnknownAlgorithm(ObjectIdentifier),
    /// The AlgorithmIdentifier has parameters; RFC 9881 requires them absent.
    ParametersPresent,
    /// The key is of another set than the one asked for.
    WrongAlgorithm {
        /// The set asked for.
        expected: Algorithm,
        /// The set the file names.
        found: Algorithm,
    },
    /// The ML-DSA-PrivateKey CHOICE has an unknown tag.
    UnknownChoice(Tag),
    /// The seed is not 32 bytes.
    SeedLength(usize),
    /// The expanded key has the wrong length for its set.
    ExpandedKeyLength {
        /// The key's set.
        algorithm: Algorithm,
        /// Its length.
        actual: usize,
    },
    /// The expanded key does not decode (FIPS 204 checks, see [`SigningKey::from_expanded`]).
    ExpandedKeyRejected(Error),
    /// In a `both` key, the seed does not generate the expanded key.
    SeedExpandedMismatch,
    /// The public key has the wrong length for its set.
    PublicKeyLength {
        /// The key's set.
        algorithm: Algorithm,
        /// Its length.
        actual: usize,
    },
    /// A BIT STRING holding a public key has unused bits.
    PublicKeyUnusedBits,
    /// The PKCS#8 v2 publicKey is not the private key's own.
    PublicKeyMismatch,
    /// The parts given to an encoder do not make the form asked for.
    MissingPart,
    /// Decryption failed: a wrong passphrase or a damaged (truncated, tampered) file. The two
    /// cannot be told apart.
    #[cfg(feature = "encryption")]
    Decrypt,
    /// The encryption scheme or KDF is not one of those supported (PBES2 with scrypt or
    /// PBKDF2-HMAC-SHA2, AES-128/192/256-CBC or AES-GCM).
    #[cfg(feature = "encryption")]
    UnsupportedEncryption,
    /// The KDF parameters ask for more work or memory than [`decrypt_private_key`] allows
    /// (scrypt: 128·r·N ≤ 256 MiB, N·r·p ≤ 2^24; PBKDF2: ≤ 10,000,000 iterations): a file from
    /// an untrusted source must not be able to stall or exhaust the reader.
    #[cfg(feature = "encryption")]
    KdfTooCostly,
}

impl core::fmt::Display for KeyFormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeyFormatError::Der(e) => write!(f, "malformed DER: {e}"),
            KeyFormatError::UnknownAlgorithm(oid) => {
                write!(f, "algorithm OID {oid} is not ML-DSA-44/65/87")
            }
            KeyFormatError::ParametersPresent => {
                f.write_str("ML-DSA AlgorithmIdentifier must have absent parameters")
            }
            KeyFormatError::WrongAlgorithm { expected, found } => {
                write!(f, "key is {found}, expected {expected}")
            }
            KeyFormatError::UnknownChoice(tag) => {
                write!(f, "ML-DSA private key has an unknown CHOICE (tag {tag})")
            }
            KeyFormatError::SeedLength(n) => write!(f, "seed must be 32 bytes, found {n}"),
            KeyFormatError::ExpandedKeyLength { algorithm, actual } => write!(
                f,
                "{algorithm} expanded key must be {} bytes, found {actual}",
                algorithm.expanded_key_len()
            ),
            KeyFormatError::ExpandedKeyRejected(e) => write!(f, "expanded private key rejected: {e}"),
            KeyFormatError::SeedExpandedMismatch => {
                f.write_str("the seed and the expanded key do not belong together")
            }
            KeyFormatError::PublicKeyLength { algorithm, actual } => write!(
                f,
                "{algorithm} public key must be {} bytes, found {actual}",
                algorithm.public_key_len()
            ),
            KeyFormatError::PublicKeyUnusedBits => {
                f.write_str("public key BIT STRING must have 0 unused bits")
            }
            KeyFormatError::PublicKeyMismatch => {
                f.write_str("the public key does not match the private key")
            }
            KeyFormatError::MissingPart => {
                f.write_str("the key parts given do not make the form asked for")
            }
            #[cfg(feature = "encryption")]
            KeyFormatError::Decrypt => f.write_str("wrong passphrase or damaged key file"),
            #[cfg(feature = "encryption")]
            KeyFormatError::UnsupportedEncryption => f.write_str(
                "unsupported key encryption (supported: PBES2 with scrypt or PBKDF2-HMAC-SHA2, AES-CBC or AES-GCM)",
            ),
            #[cfg(feature = "encryption")]
            KeyFormatError::KdfTooCostly => {
                f.write_str("the key file's KDF parameters exceed the allowed cost")
            }
        }
    }
}

impl core::error::Error for KeyFormatError {}

impl From<der::Error> for KeyFormatError {
    fn from(e: der::Error) -> Self {
        KeyFormatError::Der(e)
    }
}

impl From<KeyFormatError> for ::pkcs8::Error {
    fn from(e: KeyFormatError) -> Self {
        use ::pkcs8::KeyError;
        match e {
            KeyFormatError::Der(e) => ::pkcs8::Error::Asn1(e),
            KeyFormatError::UnknownAlgorithm(oid) => {
                ::pkcs8::Error::PublicKey(spki::Error::OidUnknown { oid })
            }
            KeyFormatError::WrongAlgorithm { found, .. } => {
                ::pkcs8::Error::PublicKey(spki::Error::OidUnknown { oid: found.oid() })
            }
            KeyFormatError::ParametersPresent => ::pkcs8::Error::ParametersMalformed,
            KeyFormatError::SeedLength(n) if n < 32 => KeyError::TooShort.into(),
            KeyFormatError::SeedLength(_) => KeyError::TooLong.into(),
            KeyFormatError::ExpandedKeyLength { algorithm, actual }
                if actual < algorithm.expanded_key_len() =>
            {
                KeyError::TooShort.into()
            }
            KeyFormatError::PublicKeyLength { algorithm, actual }
                if actual < algorithm.public_key_len() =>
            {
                KeyError::TooShort.into()
            }
            KeyFormatError::ExpandedKeyLength { .. } | KeyFormatError::PublicKeyLength { .. } => {
                KeyError::TooLong.into()
            }
            #[cfg(feature = "encryption")]
            KeyFormatError::Decrypt => {
                ::pkcs8::Error::EncryptedPrivateKey(::pkcs8::pkcs5::Error::DecryptFailed)
            }
            _ => KeyError::Invalid.into(),
        }
    }
}

impl From<KeyFormatError> for spki::Error {
    fn from(e: KeyFormatError) -> Self {
        match e {
            KeyFormatError::Der(e) => spki::Error::Asn1(e),
            KeyFormatError::UnknownAlgorithm(oid) => spki::Error::OidUnknown { oid },
            KeyFormatError::WrongAlgorithm { found, .. } => {
                spki::Error::OidUnknown { oid: found.oid() }
            }
            _ => spki::Error::KeyMalformed,
        }
    }
}

/// The contents of an ML-DSA PKCS#8 private key, borrowed from the DER (decoded and
/// length-checked, not yet checked for consistency: [`PrivateKeyParts::to_signing_key`] does
/// that), or given to [`PrivateKeyParts::encode_der`] to write one.
#[derive(Clone, Copy)]
pub struct PrivateKeyParts<'a> {
    /// The set.
    pub algorithm: Algorithm,
    /// Which CHOICE.
    pub form: PrivateKeyForm,
    /// ξ (forms `Seed` and `Both`).
    pub seed: Option<&'a [u8; 32]>,
    /// The expanded key (forms `Expanded` and `Both`).
    pub expanded: Option<&'a [u8]>,
    /// A PKCS#8 v2 publicKey.
    pub public_key: Option<&'a [u8]>,
}

impl core::fmt::Debug for PrivateKeyParts<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKeyParts")
            .field("algorithm", &self.algorithm)
            .field("form", &self.form)
            .finish_non_exhaustive()
    }
}

impl<'a> PrivateKeyParts<'a> {
    /// Decodes PKCS#8 DER (`OneAsymmetricKey`, v1 or v2) holding an ML-DSA key.
    pub fn from_pkcs8_der(der: &'a [u8]) -> Result<Self, KeyFormatError> {
        Self::from_private_key_info(PrivateKeyInfoRef::from_der(der)?)
    }

    /// Decodes the ML-DSA contents of a parsed `PrivateKeyInfo`.
    pub fn from_private_key_info(info: PrivateKeyInfoRef<'a>) -> Result<Self, KeyFormatError> {
        let algorithm = Algorithm::from_algorithm_identifier(&info.algorithm)?;
        let public_key = match info.public_key {
            None => None,
            Some(bits) => {
                let pk = bits.as_bytes().ok_or(KeyFormatError::PublicKeyUnusedBits)?;
                if pk.len() != algorithm.public_key_len() {
                    return Err(KeyFormatError::PublicKeyLength {
                        algorithm,
                        actual: pk.len(),
                    });
                }
                Some(pk)
            }
        };
        let choice = AnyRef::from_der(info.private_key.as_bytes())?;
        let seed_of = |v: &'a [u8]| -> Result<&'a [u8; 32], KeyFormatError> {
            v.try_into()
                .map_err(|_| KeyFormatError::SeedLength(v.len()))
        };
        let expanded_of = |v: &'a [u8]| -> Result<&'a [u8], KeyFormatError> {
            if v.len() == algorithm.expanded_key_len() {
                Ok(v)
            } else {
                Err(KeyFormatError::ExpandedKeyLength {
                    algorithm,
                    actual: v.len(),
                })
            }
        };
        let (form, seed, expanded) = match choice.tag() {
            Tag::ContextSpecific {
                constructed: false,
                number: TagNumber(0),
            } => (PrivateKeyForm::Seed, Some(seed_of(choice.value())?), None),
            Tag::OctetString => (
                PrivateKeyForm::Expanded,
                None,
                Some(expanded_of(choice.value())?),
            ),
            Tag::Sequence => {
                let mut r = der::SliceReader::new(choice.value())?;
                let s = <&OctetStringRef>::decode(&mut r)?;
                let e = <&OctetStringRef>::decode(&mut r)?;
                der::Reader::finish(r)?;
                (
                    PrivateKeyForm::Both,
                    Some(seed_of(s.as_bytes())?),
                    Some(expanded_of(e.as_bytes())?),
                )
            }
            tag => return Err(KeyFormatError::UnknownChoice(tag)),
        };
        Ok(PrivateKeyParts {
            algorithm,
            form,
            seed,
            expanded,
            public_key,
        })
    }

    /// The signing key, for set `P`: the set must match; a `both` key's seed must generate its
    /// expanded key (compared in constant time) and a v2 public key must be the key's own.
    pub fn to_signing_key<P: ParameterSet, B: Backend, C: KeyCache<P>>(
        &self,
    ) -> Result<SigningKey<P, B, C>, KeyFormatError> {
        let expected = Algorithm::of::<P>();
        if self.algorithm != expected {
            return Err(KeyFormatError::WrongAlgorithm {
                expected,
                found: self.algorithm,
            });
        }
        let sk = match (self.seed, self.expanded) {
            (Some(seed), _) => SigningKey::<P, B, C>::from_seed(seed),
            (None, Some(e)) => {
                SigningKey::from_expanded(e).map_err(KeyFormatError::ExpandedKeyRejected)?
            }
            (None, None) => return Err(KeyFormatError::MissingPart),
        };
        if let (Some(_), Some(e)) = (self.seed, self.expanded) {
            let derived = Zeroizing::new(sk.to_expanded());
            if !bool::from(derived.as_ref().ct_eq(e)) {
                return Err(KeyFormatError::SeedExpandedMismatch);
            }
        }
        if let Some(pk) = self.public_key
            && pk != sk.verifying_key().as_bytes().as_ref()
        {
            return Err(KeyFormatError::PublicKeyMismatch);
        }
        Ok(sk)
    }

    /// The public key these parts define (building the signing key: see
    /// [`PrivateKeyParts::to_signing_key`]).
    pub fn public_key_of<P: ParameterSet, B: Backend>(
        &self,
    ) -> Result<VerifyingKey<P, B>, KeyFormatError> {
        let sk: SigningKey<P, B> = self.to_signing_key()?;
        Ok(sk.verifying_key().clone())
    }

    /// Writes the PKCS#8 DER (v2 if `public_key` is set) into `buf`; no heap.
    pub fn encode_der<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], KeyFormatError> {
        let mut choice = Zeroizing::new([0u8; MAX_CHOICE_BYTES]);
        let choice = self.encode_choice(&mut choice[..])?;
        let public_key = match self.public_key {
            Some(pk) => Some(BitStringRef::new(0, pk)?),
            None => None,
        };
        let info = PrivateKeyInfoRef {
            algorithm: self.algorithm.algorithm_identifier(),
            private_key: OctetStringRef::new(choice)?,
            public_key,
        };
        Ok(info.encode_to_slice(buf)?)
    }

    /// The PKCS#8 DER as an owned, wiped-on-drop document.
    #[cfg(feature = "alloc")]
    pub fn to_der(&self) -> Result<SecretDocument, KeyFormatError> {
        // The longest PKCS#8 here: the ML-DSA-87 `both` CHOICE, its OCTET STRING header, the
        // version and AlgorithmIdentifier, a v2 public key and the outer header.
        let mut buf = Zeroizing::new(
            alloc::vec![0u8; MAX_CHOICE_BYTES + 4 + 3 + 13 + 5 + MlDsa87::PK_BYTES + 4],
        );
        let der = self.encode_der(&mut buf)?;
        Ok(SecretDocument::try_from(der)?)
    }

    fn encode_choice<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], KeyFormatError> {
        let check = |e: &[u8]| {
            if e.len() == self.algorithm.expanded_key_len() {
                Ok(())
            } else {
                Err(KeyFormatError::ExpandedKeyLength {
                    algorithm: self.algorithm,
                    actual: e.len(),
                })
            }
        };
        match (self.form, self.seed, self.expanded) {
            (PrivateKeyForm::Seed, Some(seed), _) => {
                let tag = Tag::ContextSpecific {
                    constructed: false,
                    number: TagNumber(0),
                };
                Ok(AnyRef::new(tag, seed)?.encode_to_slice(buf)?)
            }
            (PrivateKeyForm::Expanded, _, Some(e)) => {
                check(e)?;
                Ok(OctetStringRef::new(e)?.encode_to_slice(buf)?)
            }
            (PrivateKeyForm::Both, Some(seed), Some(e)) => {
                check(e)?;
                let s = OctetStringRef::new(seed)?;
                let e = OctetStringRef::new(e)?;
                let len = (s.encoded_len()? + e.encoded_len()?)?;
                let mut w = SliceWriter::new(buf);
                w.sequence(len, |w| {
                    w.encode(&s)?;
                    w.encode(&e)
                })?;
                Ok(w.finish()?)
            }
            _ => Err(KeyFormatError::MissingPart),
        }
    }
}

/// Decodes SubjectPublicKeyInfo DER of an ML-DSA public key: its set and the pk bytes
/// (length-checked; [`VerifyingKey::from_bytes`] decodes them).
pub fn decode_public_key_der(der: &[u8]) -> Result<(Algorithm, &[u8]), KeyFormatError> {
    public_key_parts(SubjectPublicKeyInfoRef::from_der(der)?)
}

fn public_key_parts(
    spki: SubjectPublicKeyInfoRef<'_>,
) -> Result<(Algorithm, &[u8]), KeyFormatError> {
    let algorithm = Algorithm::from_algorithm_identifier(&spki.algorithm)?;
    let pk = spki
        .subject_public_key
        .as_bytes()
        .ok_or(KeyFormatError::PublicKeyUnusedBits)?;
    if pk.len() != algorithm.public_key_len() {
        return Err(KeyFormatError::PublicKeyLength {
            algorithm,
            actual: pk.len(),
        });
    }
    Ok((algorithm, pk))
}

/// Writes SubjectPublicKeyInfo DER of `pk` (checked for length) into `buf`; no heap.
pub fn encode_public_key_der<'b>(
    algorithm: Algorithm,
    pk: &[u8],
    buf: &'b mut [u8],
) -> Result<&'b [u8], KeyFormatError> {
    if pk.len() != algorithm.public_key_len() {
        return Err(KeyFormatError::PublicKeyLength {
            algorithm,
            actual: pk.len(),
        });
    }
    let spki = SubjectPublicKeyInfoRef {
        algorithm: algorithm.algorithm_identifier(),
        subject_public_key: BitStringRef::new(0, pk)?,
    };
    Ok(spki.encode_to_slice(buf)?)
}

/// SubjectPublicKeyInfo DER of `pk` as an owned document.
#[cfg(feature = "alloc")]
pub fn public_key_document(algorithm: Algorithm, pk: &[u8]) -> Result<Document, KeyFormatError> {
    let mut buf = alloc::vec![0u8; MlDsa87::PK_BYTES + 32];
    let der = encode_public_key_der(algorithm, pk, &mut buf)?;
    Ok(Document::try_from(der)?)
}

macro_rules! associated_oid {
    ($($set:ty => $oid:expr),*) => {$(
        impl AssociatedAlgorithmIdentifier for $set {
            type Params = AnyRef<'static>;
            const ALGORITHM_IDENTIFIER: AlgorithmIdentifierRef<'static> = AlgorithmIdentifier {
                oid: $oid,
                parameters: None,
            };
        }
    )*};
}
associated_oid!(MlDsa44 => ID_ML_DSA_44, MlDsa65 => ID_ML_DSA_65, MlDsa87 => ID_ML_DSA_87);

/// The parameter sets with an RFC 9881 algorithm identifier (all three).
pub trait Pkcs8Set: ParameterSet + AssociatedAlgorithmIdentifier<Params = AnyRef<'static>> {}
impl<P: ParameterSet + AssociatedAlgorithmIdentifier<Params = AnyRef<'static>>> Pkcs8Set for P {}

/// Both key types carry their set's identifier (RFC 9881, section 2), and ML-DSA signs with the
/// same identifier as its keys (section 3).
macro_rules! key_identifiers {
    ($($key:ident),*) => {$(
        impl<P: Pkcs8Set, B: Backend, C: KeyCache<P>> AssociatedAlgorithmIdentifier
            for $key<P, B, C>
        {
            type Params = AnyRef<'static>;
            const ALGORITHM_IDENTIFIER: AlgorithmIdentifierRef<'static> = P::ALGORITHM_IDENTIFIER;
        }

        impl<P: Pkcs8Set, B: Backend, C: KeyCache<P>> SignatureAlgorithmIdentifier
            for $key<P, B, C>
        {
            type Params = AnyRef<'static>;
            const SIGNATURE_ALGORITHM_IDENTIFIER: AlgorithmIdentifierRef<'static> =
                P::ALGORITHM_IDENTIFIER;
        }
    )*};
}
key_identifiers!(SigningKey, VerifyingKey);

impl<P: Pkcs8Set> SignatureAlgorithmIdentifier for Signature<P> {
    type Params = AnyRef<'static>;
    const SIGNATURE_ALGORITHM_IDENTIFIER: AlgorithmIdentifierRef<'static> = P::ALGORITHM_IDENTIFIER;
}

/// The signature as an X.509 signatureValue BIT STRING.
#[cfg(feature = "alloc")]
impl<P: Pkcs8Set> spki::SignatureBitStringEncoding for Signature<P> {
    fn to_bitstring(&self) -> der::Result<der::asn1::BitString> {
        der::asn1::BitString::new(0, self.as_bytes())
    }
}

impl<'a, P: Pkcs8Set, B: Backend, C: KeyCache<P>> TryFrom<PrivateKeyInfoRef<'a>>
    for SigningKey<P, B, C>
{
    type Error = ::pkcs8::Error;

    fn try_from(info: PrivateKeyInfoRef<'a>) -> Result<Self, ::pkcs8::Error> {
        Ok(PrivateKeyParts::from_private_key_info(info)?.to_signing_key()?)
    }
}

impl<'a, P: Pkcs8Set, B: Backend, C: KeyCache<P>> TryFrom<SubjectPublicKeyInfoRef<'a>>
    for VerifyingKey<P, B, C>
{
    type Error = spki::Error;

    fn try_from(spki: SubjectPublicKeyInfoRef<'a>) -> Result<Self, spki::Error> {
        let (algorithm, pk) = public_key_parts(spki)?;
        let expected = Algorithm::of::<P>();
        if algorithm != expected {
            return Err(KeyFormatError::WrongAlgorithm {
                expected,
                found: algorithm,
            }
            .into());
        }
        VerifyingKey::from_bytes(pk).map_err(|_| spki::Error::KeyMalformed)
    }
}

/// Writes the seed form, or `expandedKey` for a key imported without its seed.
#[cfg(feature = "alloc")]
impl<P: Pkcs8Set, B: Backend, C: KeyCache<P>> EncodePrivateKey for SigningKey<P, B, C> {
    fn to_pkcs8_der(&self) -> ::pkcs8::Result<SecretDocument> {
        let algorithm = Algorithm::of::<P>();
        let doc = match self.seed() {
            Some(seed) => PrivateKeyParts {
                algorithm,
                form: PrivateKeyForm::Seed,
                seed: Some(seed),
                expanded: None,
                public_key: None,
            }
            .to_der()?,
            None => {
                let expanded = Zeroizing::new(self.to_expanded());
                PrivateKeyParts {
                    algorithm,
                    form: PrivateKeyForm::Expanded,
                    seed: None,
                    expanded: Some(expanded.as_ref()),
                    public_key: None,
                }
                .to_der()?
            }
        };
        Ok(doc)
    }
}

#[cfg(feature = "alloc")]
impl<P: Pkcs8Set, B: Backend, C: KeyCache<P>> EncodePublicKey for VerifyingKey<P, B, C> {
    fn to_public_key_der(&self) -> spki::Result<Document> {
        Ok(public_key_document(
            Algorithm::of::<P>(),
            self.as_bytes().as_ref(),
        )?)
    }
}

#[cfg(feature = "encryption")]
pub use encryption::{ScryptCost, decrypt_private_key, encrypt_private_key};

#[cfg(feature = "encryption")]
mod encryption {
    use super::{KeyFormatError, SecretDocument};
    use ::pkcs8::EncryptedPrivateKeyInfoRef;
    use ::pkcs8::der::Decode;
    use ::pkcs8::pkcs5::{EncryptionScheme, pbes2, scrypt};

    /// scrypt's cost parameters (RFC 7914): N = 2^log_n, block size r, parallelism p.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ScryptCost {
        /// log2 of N.
        pub log_n: u8,
        /// Block size r.
        pub r: u32,
        /// Parallelism p.
        pub p: u32,
    }

    impl ScryptCost {
        /// N = 2^14, r = 8, p = 12: 16 MiB of memory (within the 32 MiB OpenSSL allows an
        /// scrypt KDF by default, so OpenSSL reads the files as well as pyca/cryptography) and
        /// 12 sequential passes for the cost. About 0.25 s on an AMD Zen 4 core (see the CLI
        /// README for the measurement).
        pub const DEFAULT: ScryptCost = ScryptCost {
            log_n: 14,
            r: 8,
            p: 12,
        };
    }

    /// The most memory an scrypt KDF of a file being read may take (128·r·N bytes).
    const MAX_SCRYPT_MEMORY: u64 = 1 << 28;
    /// The most scrypt work (N·r·p) a file being read may ask for: 2^24 is about 10 times the
    /// default.
    const MAX_SCRYPT_WORK: u64 = 1 << 24;
    /// The most PBKDF2 iterations a file being read may ask for.
    const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

    /// Encrypts PKCS#8 DER `plain` as an `EncryptedPrivateKeyInfo`: PBES2 with scrypt (`cost`,
    /// the 16-byte `salt`) and AES-256-CBC (`iv`). Salt and IV must be fresh random bytes.
    pub fn encrypt_private_key(
        plain: &[u8],
        passphrase: &[u8],
        cost: ScryptCost,
        salt: &[u8; 16],
        iv: [u8; 16],
    ) -> Result<SecretDocument, KeyFormatError> {
        // The input must itself be a key file (it is what the reader will check).
        super::PrivateKeyParts::from_pkcs8_der(plain)?;
        let params = scrypt::Params::new(cost.log_n, cost.r, cost.p)
            .map_err(|_| KeyFormatError::UnsupportedEncryption)?;
        let pbes2 = pbes2::Parameters::generate_scrypt_aes256cbc(params, salt, iv)
            .map_err(|_| KeyFormatError::UnsupportedEncryption)?;
        let doc = ::pkcs8::PrivateKeyInfoRef::from_der(plain)?
            .encrypt_with_params(pbes2, passphrase)
            .map_err(|_| KeyFormatError::UnsupportedEncryption);
        scrub_stack();
        doc
    }

    /// Decrypts an `EncryptedPrivateKeyInfo` (PBES2: scrypt or PBKDF2-HMAC-SHA2; AES-CBC or
    /// AES-GCM) to the PKCS#8 DER it holds, checked to be an ML-DSA key. A wrong passphrase
    /// and a damaged file are both [`KeyFormatError::Decrypt`]; KDF costs over the limits of
    /// [`KeyFormatError::KdfTooCostly`] are refused before any work.
    pub fn decrypt_private_key(
        der: &[u8],
        passphrase: &[u8],
    ) -> Result<SecretDocument, KeyFormatError> {
        let info = EncryptedPrivateKeyInfoRef::from_der(der)?;
        let EncryptionScheme::Pbes2(params) = &info.encryption_algorithm else {
            return Err(KeyFormatError::UnsupportedEncryption);
        };
        check_cost(&params.kdf)?;
        let plain = info.decrypt(passphrase);
        scrub_stack();
        let plain = plain.map_err(|e| match e {
            ::pkcs8::Error::EncryptedPrivateKey(::pkcs8::pkcs5::Error::UnsupportedAlgorithm {
                ..
            }) => KeyFormatError::UnsupportedEncryption,
            _ => KeyFormatError::Decrypt,
        })?;
        // A wrong key leaves valid padding about once in 256 tries: the plaintext must then
        // still be an ML-DSA key, or it is the same failure.
        super::PrivateKeyParts::from_pkcs8_der(plain.as_bytes())
            .map_err(|_| KeyFormatError::Decrypt)?;
        Ok(plain)
    }

    /// Overwrites the stack below the caller's frame. `pkcs5` 0.8 derives the AES key into a
    /// stack buffer it does not wipe (and the AES key schedule lives there too): the calls
    /// above return from deeper frames, and this reuses that memory and zeroes it (volatile
    /// writes, so the compiler keeps them). 16 KiB covers the KDF and cipher frames.
    #[inline(never)]
    fn scrub_stack() {
        use zeroize::Zeroize;
        let mut area = [0u8; 16 << 10];
        area.zeroize();
        core::hint::black_box(&area);
    }

    fn check_cost(kdf: &pbes2::Kdf) -> Result<(), KeyFormatError> {
        match kdf {
            pbes2::Kdf::Pbkdf2(p) => {
                if p.iteration_count > MAX_PBKDF2_ITERATIONS {
                    return Err(KeyFormatError::KdfTooCostly);
                }
            }
            pbes2::Kdf::Scrypt(s) => {
                let n = s.cost_parameter;
                let r = u64::from(s.block_size);
                let p = u64::from(s.parallelization);
                let memory = n.saturating_mul(r).saturating_mul(128);
                let work = n.saturating_mul(r).saturating_mul(p);
                if memory > MAX_SCRYPT_MEMORY || work > MAX_SCRYPT_WORK {
                    return Err(KeyFormatError::KdfTooCostly);
                }
            }
            _ => return Err(KeyFormatError::UnsupportedEncryption),
        }
        Ok(())
    }
}
