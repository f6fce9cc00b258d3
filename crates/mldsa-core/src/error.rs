//! The error type.

/// Everything that can go wrong, each with a message a user can act on. Verification failures
/// and malformed inputs are distinct, but no variant carries secret data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An encoding, digest or seed has the wrong length.
    InvalidLength {
        /// What was being decoded.
        what: &'static str,
        /// The length the parameter set requires.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// A context string is longer than 255 bytes (FIPS 204, Algorithms 2-5).
    ContextTooLong {
        /// The length given.
        len: usize,
    },
    /// A signature's hint is not in the canonical form of FIPS 204, Algorithm 21.
    MalformedHint,
    /// A signature's response z has ‖z‖∞ ≥ γ1 - β.
    ResponseOutOfRange,
    /// An expanded secret key has a coefficient of s1 or s2 outside [-η, η].
    SecretOutOfRange,
    /// An expanded secret key's t0 or tr does not match the key its ρ, s1 and s2 define.
    InconsistentSecretKey,
    /// The signature does not verify.
    VerificationFailed,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::InvalidLength {
                what,
                expected,
                actual,
            } => {
                write!(f, "{what} must be {expected} bytes, got {actual}")
            }
            Error::ContextTooLong { len } => {
                write!(f, "context string is {len} bytes; at most 255 are allowed")
            }
            Error::MalformedHint => f.write_str("signature hint is not canonically encoded"),
            Error::ResponseOutOfRange => f.write_str("signature response z is out of range"),
            Error::SecretOutOfRange => {
                f.write_str("secret key has an s1/s2 coefficient outside [-eta, eta]")
            }
            Error::InconsistentSecretKey => {
                f.write_str("secret key is inconsistent: t0 or tr does not match rho, s1, s2")
            }
            Error::VerificationFailed => f.write_str("signature verification failed"),
        }
    }
}

impl core::error::Error for Error {}
