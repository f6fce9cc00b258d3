//! The key-file formats of the `mldsa` command (RFC 9881 PKCS#8 and SubjectPublicKeyInfo, PEM,
//! DER and raw, on the library's `pkcs8` module), as a library so that they can be fuzzed. The command itself is the
//! `mldsa` binary of this package; see the README.

pub mod keyfile;

#[doc(hidden)]
pub use mldsa_simd;
