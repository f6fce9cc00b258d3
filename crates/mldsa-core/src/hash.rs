//! The hashes around the core algorithms: H = SHAKE256 helpers, the incremental μ builder
//! (FIPS 204, Algorithm 7 line 6 with the message formatting of Algorithms 2-5), and the
//! HashML-DSA pre-hash functions with their OIDs (Algorithm 4, Section 5.4).

use crate::backend::Backend;
use crate::error::Error;
use crate::keccak::{KeccakF1600, Permutation, SHAKE256_RATE, Shake, Shake128, Shake256};
use sha2::Digest;

/// H(parts, n) = SHAKE256(parts₀ ‖ parts₁ ‖ …, 8n) (FIPS 204, Section 3.7).
pub fn h(parts: &[&[u8]], out: &mut [u8]) {
    Shake256::digest(parts, out)
}

/// [`h`] over backend B's single-lane permutation (the same bytes, maybe faster).
pub(crate) fn h_with<B: Backend>(parts: &[&[u8]], out: &mut [u8]) {
    Shake::<SHAKE256_RATE, B::Keccak>::digest(parts, out)
}

/// Rejects contexts over 255 bytes (FIPS 204, Algorithms 2-5, line 1).
pub(crate) fn check_context(ctx: &[u8]) -> Result<u8, Error> {
    u8::try_from(ctx.len()).map_err(|_| Error::ContextTooLong { len: ctx.len() })
}

/// Builds μ = H(tr ‖ M′, 64) incrementally, so a message of any size is signed or verified in
/// constant memory (the "external μ" interface). Start it with [`MuBuilder::new`] (pure
/// ML-DSA: M′ = 0 ‖ |ctx| ‖ ctx ‖ M) or [`MuBuilder::internal`] (M′ supplied whole by the
/// caller, as in ML-DSA.Sign_internal), feed the message with [`update`](Self::update) any
/// number of times, then [`finalize`](Self::finalize).
///
/// ```
/// use mldsa_core::{MlDsa44, MuBuilder, SigningKey};
/// let sk = SigningKey::<MlDsa44>::from_seed(&[1; 32]);
/// let vk = sk.verifying_key();
/// let mut b = MuBuilder::new(vk.tr(), b"ctx")?;
/// b.update(b"hello, ").update(b"world");
/// let mu = b.finalize();
/// let sig = sk.sign_mu(&mu, &[0; 32]);
/// vk.verify(b"hello, world", b"ctx", &sig)?;
/// # Ok::<(), mldsa_core::Error>(())
/// ```
///
/// `F` is the single-lane Keccak-f\[1600\] it runs on: the portable one for the builders made
/// here, a backend's (`Backend::Keccak`) inside the key types' own sign and verify.
#[derive(Clone, Debug)]
pub struct MuBuilder<F: Permutation = KeccakF1600> {
    h: Shake<SHAKE256_RATE, F>,
}

impl MuBuilder {
    /// μ for pure ML-DSA (Algorithms 2 and 3): absorbs tr ‖ 0 ‖ |ctx| ‖ ctx. `tr` is the
    /// 64-byte hash of the public key ([`VerifyingKey::tr`](crate::VerifyingKey::tr)).
    pub fn new(tr: &[u8; 64], ctx: &[u8]) -> Result<Self, Error> {
        Self::new_with(tr, ctx)
    }

    /// μ for the internal interface (Algorithms 7 and 8): absorbs tr only; everything passed
    /// to [`update`](Self::update) is M′ itself.
    pub fn internal(tr: &[u8; 64]) -> Self {
        Self::internal_with(tr)
    }

    /// μ for HashML-DSA (Algorithms 4 and 5): H(tr ‖ 1 ‖ |ctx| ‖ ctx ‖ OID ‖ PH(M), 64).
    pub fn prehashed(tr: &[u8; 64], ctx: &[u8], digest: &PreHashDigest) -> Result<[u8; 64], Error> {
        Self::prehashed_with(tr, ctx, digest)
    }
}

impl<F: Permutation> MuBuilder<F> {
    /// [`MuBuilder::new`] on the permutation `F`.
    pub(crate) fn new_with(tr: &[u8; 64], ctx: &[u8]) -> Result<Self, Error> {
        Ok(Self::pure_with(tr, check_context(ctx)?, ctx))
    }

    /// [`MuBuilder::new`] for a context whose length `ctx_len` [`check_context`] already
    /// returned: absorbs tr ‖ 0 ‖ |ctx| ‖ ctx.
    pub(crate) fn pure_with(tr: &[u8; 64], ctx_len: u8, ctx: &[u8]) -> Self {
        let mut b = Self::internal_with(tr);
        b.h.update(&[0, ctx_len]).update(ctx);
        b
    }

    /// [`MuBuilder::internal`] on the permutation `F`.
    pub(crate) fn internal_with(tr: &[u8; 64]) -> Self {
        let mut h = Shake::new();
        h.update(tr);
        MuBuilder { h }
    }

    /// [`MuBuilder::prehashed`] on the permutation `F`.
    pub(crate) fn prehashed_with(
        tr: &[u8; 64],
        ctx: &[u8],
        digest: &PreHashDigest,
    ) -> Result<[u8; 64], Error> {
        let len = check_context(ctx)?;
        let mut b = Self::internal_with(tr);
        b.h.update(&[1, len])
            .update(ctx)
            .update(&digest.alg.oid())
            .update(digest.as_bytes());
        Ok(b.finalize())
    }

    /// Absorbs the next part of the message.
    pub fn update(&mut self, data: &[u8]) -> &mut Self {
        self.h.update(data);
        self
    }

    /// Returns μ.
    pub fn finalize(mut self) -> [u8; 64] {
        let mut mu = [0u8; 64];
        self.h.finalize();
        self.h.squeeze(&mut mu);
        mu
    }
}

/// The pre-hash functions HashML-DSA allows (FIPS 204, Section 5.4), named as in ACVP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PreHash {
    /// SHA2-224 (FIPS 180-4).
    Sha2_224,
    /// SHA2-256.
    Sha2_256,
    /// SHA2-384.
    Sha2_384,
    /// SHA2-512.
    Sha2_512,
    /// SHA2-512/224.
    Sha2_512_224,
    /// SHA2-512/256.
    Sha2_512_256,
    /// SHA3-224 (FIPS 202).
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
    /// SHAKE128 with 256 bits of output.
    Shake128,
    /// SHAKE256 with 512 bits of output.
    Shake256,
}

impl PreHash {
    /// Every pre-hash function, in the order ACVP lists them.
    pub const ALL: [PreHash; 12] = [
        PreHash::Sha2_224,
        PreHash::Sha2_256,
        PreHash::Sha2_384,
        PreHash::Sha2_512,
        PreHash::Sha2_512_224,
        PreHash::Sha2_512_256,
        PreHash::Sha3_224,
        PreHash::Sha3_256,
        PreHash::Sha3_384,
        PreHash::Sha3_512,
        PreHash::Shake128,
        PreHash::Shake256,
    ];

    /// The ACVP name, e.g. `"SHA2-512/256"`.
    pub const fn name(self) -> &'static str {
        match self {
            PreHash::Sha2_224 => "SHA2-224",
            PreHash::Sha2_256 => "SHA2-256",
            PreHash::Sha2_384 => "SHA2-384",
            PreHash::Sha2_512 => "SHA2-512",
            PreHash::Sha2_512_224 => "SHA2-512/224",
            PreHash::Sha2_512_256 => "SHA2-512/256",
            PreHash::Sha3_224 => "SHA3-224",
            PreHash::Sha3_256 => "SHA3-256",
            PreHash::Sha3_384 => "SHA3-384",
            PreHash::Sha3_512 => "SHA3-512",
            PreHash::Shake128 => "SHAKE-128",
            PreHash::Shake256 => "SHAKE-256",
        }
    }

    /// Looks a function up by its ACVP name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// The last arc of the OID 2.16.840.1.101.3.4.2.x (NIST hash algorithms).
    const fn arc(self) -> u8 {
        match self {
            PreHash::Sha2_256 => 1,
            PreHash::Sha2_384 => 2,
            PreHash::Sha2_512 => 3,
            PreHash::Sha2_224 => 4,
            PreHash::Sha2_512_224 => 5,
            PreHash::Sha2_512_256 => 6,
            PreHash::Sha3_224 => 7,
            PreHash::Sha3_256 => 8,
            PreHash::Sha3_384 => 9,
            PreHash::Sha3_512 => 10,
            PreHash::Shake128 => 11,
            PreHash::Shake256 => 12,
        }
    }

    /// The DER encoding of the function's OID, as HashML-DSA prefixes it to PH(M):
    /// tag 06, length 09, then 2.16.840.1.101.3.4.2 (60 86 48 01 65 03 04 02) and the last arc.
    pub const fn oid(self) -> [u8; 11] {
        [
            0x06,
            0x09,
            0x60,
            0x86,
            0x48,
            0x01,
            0x65,
            0x03,
            0x04,
            0x02,
            self.arc(),
        ]
    }

    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            PreHash::Sha2_224 | PreHash::Sha2_512_224 | PreHash::Sha3_224 => 28,
            PreHash::Sha2_256 | PreHash::Sha2_512_256 | PreHash::Sha3_256 => 32,
            PreHash::Shake128 => 32,
            PreHash::Sha2_384 | PreHash::Sha3_384 => 48,
            PreHash::Sha2_512 | PreHash::Sha3_512 | PreHash::Shake256 => 64,
        }
    }

    /// A streaming hasher for this function.
    pub fn hasher(self) -> PreHasher {
        PreHasher(match self {
            PreHash::Sha2_224 => State::Sha2_224(Default::default()),
            PreHash::Sha2_256 => State::Sha2_256(Default::default()),
            PreHash::Sha2_384 => State::Sha2_384(Default::default()),
            PreHash::Sha2_512 => State::Sha2_512(Default::default()),
            PreHash::Sha2_512_224 => State::Sha2_512_224(Default::default()),
            PreHash::Sha2_512_256 => State::Sha2_512_256(Default::default()),
            PreHash::Sha3_224 => State::Sha3_224(Default::default()),
            PreHash::Sha3_256 => State::Sha3_256(Default::default()),
            PreHash::Sha3_384 => State::Sha3_384(Default::default()),
            PreHash::Sha3_512 => State::Sha3_512(Default::default()),
            PreHash::Shake128 => State::Shake128(Shake128::new()),
            PreHash::Shake256 => State::Shake256(Shake256::new()),
        })
    }

    /// PH(msg) in one call.
    pub fn digest(self, msg: &[u8]) -> PreHashDigest {
        let mut h = self.hasher();
        h.update(msg);
        h.finalize()
    }
}

#[derive(Clone)]
enum State {
    Sha2_224(sha2::Sha224),
    Sha2_256(sha2::Sha256),
    Sha2_384(sha2::Sha384),
    Sha2_512(sha2::Sha512),
    Sha2_512_224(sha2::Sha512_224),
    Sha2_512_256(sha2::Sha512_256),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(Shake128),
    Shake256(Shake256),
}

/// A streaming pre-hash computation; see [`PreHash::hasher`].
#[derive(Clone)]
pub struct PreHasher(State);

impl core::fmt::Debug for PreHasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PreHasher { .. }")
    }
}

impl PreHasher {
    /// Absorbs the next part of the message.
    pub fn update(&mut self, data: &[u8]) -> &mut Self {
        match &mut self.0 {
            State::Sha2_224(h) => h.update(data),
            State::Sha2_256(h) => h.update(data),
            State::Sha2_384(h) => h.update(data),
            State::Sha2_512(h) => h.update(data),
            State::Sha2_512_224(h) => h.update(data),
            State::Sha2_512_256(h) => h.update(data),
            State::Sha3_224(h) => h.update(data),
            State::Sha3_256(h) => h.update(data),
            State::Sha3_384(h) => h.update(data),
            State::Sha3_512(h) => h.update(data),
            State::Shake128(h) => {
                h.update(data);
            }
            State::Shake256(h) => {
                h.update(data);
            }
        }
        self
    }

    /// PH(M).
    pub fn finalize(self) -> PreHashDigest {
        let mut bytes = [0u8; 64];
        let alg = match self.0 {
            State::Sha2_224(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_224),
            State::Sha2_256(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_256),
            State::Sha2_384(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_384),
            State::Sha2_512(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_512),
            State::Sha2_512_224(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_512_224),
            State::Sha2_512_256(h) => put(&mut bytes, &h.finalize(), PreHash::Sha2_512_256),
            State::Sha3_224(h) => put(&mut bytes, &h.finalize(), PreHash::Sha3_224),
            State::Sha3_256(h) => put(&mut bytes, &h.finalize(), PreHash::Sha3_256),
            State::Sha3_384(h) => put(&mut bytes, &h.finalize(), PreHash::Sha3_384),
            State::Sha3_512(h) => put(&mut bytes, &h.finalize(), PreHash::Sha3_512),
            State::Shake128(mut h) => {
                h.finalize();
                h.squeeze(&mut bytes[..32]);
                PreHash::Shake128
            }
            State::Shake256(mut h) => {
                h.finalize();
                h.squeeze(&mut bytes);
                PreHash::Shake256
            }
        };
        PreHashDigest { alg, bytes }
    }
}

fn put(out: &mut [u8; 64], d: &[u8], alg: PreHash) -> PreHash {
    out[..d.len()].copy_from_slice(d);
    alg
}

/// PH(M) together with the function that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreHashDigest {
    alg: PreHash,
    bytes: [u8; 64],
}

impl PreHashDigest {
    /// Wraps a digest computed elsewhere; its length must be the function's output length.
    pub fn from_bytes(alg: PreHash, digest: &[u8]) -> Result<Self, Error> {
        crate::encode::check_len("pre-hash digest", digest, alg.output_len())?;
        let mut bytes = [0u8; 64];
        bytes[..digest.len()].copy_from_slice(digest);
        Ok(PreHashDigest { alg, bytes })
    }

    /// The function.
    pub fn algorithm(&self) -> PreHash {
        self.alg
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.alg.output_len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lengths() {
        for p in PreHash::ALL {
            assert_eq!(PreHash::from_name(p.name()), Some(p));
            assert_eq!(p.digest(b"abc").as_bytes().len(), p.output_len());
        }
        // FIPS 180-4 example: SHA-256("abc") begins ba7816bf.
        assert_eq!(
            PreHash::Sha2_256.digest(b"abc").as_bytes()[..4],
            [0xba, 0x78, 0x16, 0xbf]
        );
        // Streaming equals one-shot.
        let mut s = PreHash::Shake256.hasher();
        s.update(b"a").update(b"bc");
        assert_eq!(s.finalize(), PreHash::Shake256.digest(b"abc"));
        assert_eq!(PreHash::Sha2_512_256.oid()[10], 6);
    }

    #[test]
    fn context_limit() {
        assert!(MuBuilder::new(&[0; 64], &[0; 255]).is_ok());
        assert_eq!(
            MuBuilder::new(&[0; 64], &[0; 256]).err(),
            Some(Error::ContextTooLong { len: 256 })
        );
    }
}
