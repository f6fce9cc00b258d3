//! The algorithms behind the C functions, on safe Rust types: inputs are slices of the exact
//! lengths the FFI layer checked, outputs are the parameter set's arrays (locals of the caller,
//! copied out only on success). Feature `std` selects the default strategy on mldsa-simd's
//! `Auto` dispatch; without it, or with feature `lowmem`, mldsa-core's low-memory strategy.

use mldsa_core::params::ParameterSet;
use mldsa_core::{Error, PreHashDigest, VerifyingKey};

/// tr = H(pk, 64) of a public key of `P::PK_BYTES` bytes.
pub fn tr_of_pk<P: ParameterSet>(pk: &[u8]) -> Result<[u8; 64], Error> {
    Ok(*VerifyingKey::<P>::from_bytes(pk)?.tr())
}

#[cfg(all(feature = "std", not(feature = "lowmem")))]
pub use hosted::*;
#[cfg(any(not(feature = "std"), feature = "lowmem"))]
pub use lowmem::*;

/// The default strategy on SIMD dispatch. A signing operation imports the expanded key with
/// `SigningKey::from_expanded`, which checks it strictly (s1/s2 ranges, t0 and tr recomputed).
#[cfg(all(feature = "std", not(feature = "lowmem")))]
mod hosted {
    use super::*;
    use mldsa_simd::{Auto, Signature, SigningKey, VerifyingKey};
    use zeroize::Zeroize;

    /// KeyGen_internal from ξ.
    pub fn keygen<P: ParameterSet>(
        seed: &[u8; 32],
        pk: &mut P::PkBytes,
        sk: &mut P::SkBytes,
    ) -> Result<(), Error> {
        let (p, mut s) = SigningKey::<P, Auto>::encoded_from_seed(seed);
        *pk = p;
        *sk = s;
        s.zeroize();
        Ok(())
    }

    /// The public key of an expanded secret key.
    pub fn public_key<P: ParameterSet>(sk: &[u8], pk: &mut P::PkBytes) -> Result<(), Error> {
        *pk = *SigningKey::<P, Auto>::from_expanded(sk)?
            .verifying_key()
            .as_bytes();
        Ok(())
    }

    /// ML-DSA.Sign with explicit randomness.
    pub fn sign<P: ParameterSet>(
        sk: &[u8],
        msg: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        let key = SigningKey::<P, Auto>::from_expanded(sk)?;
        *sig = key.sign_with_rnd(msg, ctx, rnd)?.to_bytes();
        Ok(())
    }

    /// Signing of an external μ.
    pub fn sign_mu<P: ParameterSet>(
        sk: &[u8],
        mu: &[u8; 64],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        let key = SigningKey::<P, Auto>::from_expanded(sk)?;
        *sig = key.sign_mu(mu, rnd).to_bytes();
        Ok(())
    }

    /// HashML-DSA.Sign with explicit randomness.
    pub fn sign_prehash<P: ParameterSet>(
        sk: &[u8],
        digest: &PreHashDigest,
        ctx: &[u8],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        let key = SigningKey::<P, Auto>::from_expanded(sk)?;
        *sig = key.sign_prehashed_with_rnd(digest, ctx, rnd)?.to_bytes();
        Ok(())
    }

    /// ML-DSA.Verify, one-shot from the encodings (tr hashed in ExpandA's spare lanes; the
    /// same checks, in the same order, as decoding the key and signature and then verifying).
    pub fn verify<P: ParameterSet>(
        pk: &[u8],
        msg: &[u8],
        ctx: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        VerifyingKey::<P, Auto>::verify_encoded(pk, msg, ctx, sig)
    }

    /// Verification of an external μ.
    pub fn verify_mu<P: ParameterSet>(pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> Result<(), Error> {
        let vk = VerifyingKey::<P, Auto>::from_bytes(pk)?;
        vk.verify_mu(mu, &Signature::<P>::from_bytes(sig)?)
    }

    /// HashML-DSA.Verify.
    pub fn verify_prehash<P: ParameterSet>(
        pk: &[u8],
        digest: &PreHashDigest,
        ctx: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        let vk = VerifyingKey::<P, Auto>::from_bytes(pk)?;
        vk.verify_prehashed(digest, ctx, &Signature::<P>::from_bytes(sig)?)
    }
}

/// The low-memory strategy on the caller's buffers (portable kernels). Signing range-checks s1
/// and s2 but, unlike the hosted build, does not recompute t0 and tr: a key whose t0 or tr was
/// altered gives a signature that does not verify instead of `MLDSA_ERR_MALFORMED_KEY`
/// (`mldsaXX_pk_from_sk` does check both).
#[cfg(any(not(feature = "std"), feature = "lowmem"))]
mod lowmem {
    use super::*;
    use mldsa_core::{MuBuilder, lowmem};

    /// KeyGen_internal from ξ.
    pub fn keygen<P: ParameterSet>(
        seed: &[u8; 32],
        pk: &mut P::PkBytes,
        sk: &mut P::SkBytes,
    ) -> Result<(), Error> {
        lowmem::keygen::<P>(seed, pk.as_mut(), sk.as_mut())
    }

    /// The public key of an expanded secret key.
    pub fn public_key<P: ParameterSet>(sk: &[u8], pk: &mut P::PkBytes) -> Result<(), Error> {
        lowmem::public_key::<P>(sk, pk.as_mut())
    }

    /// ML-DSA.Sign with explicit randomness.
    pub fn sign<P: ParameterSet>(
        sk: &[u8],
        msg: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        lowmem::sign::<P>(sk, msg, ctx, rnd, sig.as_mut())
    }

    /// Signing of an external μ.
    pub fn sign_mu<P: ParameterSet>(
        sk: &[u8],
        mu: &[u8; 64],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        lowmem::sign_mu::<P>(sk, mu, rnd, sig.as_mut())
    }

    /// HashML-DSA.Sign with explicit randomness: μ from the key's tr, then `sign_mu`.
    pub fn sign_prehash<P: ParameterSet>(
        sk: &[u8],
        digest: &PreHashDigest,
        ctx: &[u8],
        rnd: &[u8; 32],
        sig: &mut P::SigBytes,
    ) -> Result<(), Error> {
        let mut tr = [0u8; 64];
        match sk.get(64..128) {
            Some(t) => tr.copy_from_slice(t),
            None => {
                return Err(Error::InvalidLength {
                    what: "expanded secret key",
                    expected: P::SK_BYTES,
                    actual: sk.len(),
                });
            }
        }
        let mu = MuBuilder::prehashed(&tr, ctx, digest)?;
        lowmem::sign_mu::<P>(sk, &mu, rnd, sig.as_mut())
    }

    /// ML-DSA.Verify.
    pub fn verify<P: ParameterSet>(
        pk: &[u8],
        msg: &[u8],
        ctx: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        lowmem::verify::<P>(pk, msg, ctx, sig)
    }

    /// Verification of an external μ.
    pub fn verify_mu<P: ParameterSet>(pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> Result<(), Error> {
        lowmem::verify_mu::<P>(pk, mu, sig)
    }

    /// HashML-DSA.Verify: μ from tr = H(pk), then `verify_mu`.
    pub fn verify_prehash<P: ParameterSet>(
        pk: &[u8],
        digest: &PreHashDigest,
        ctx: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        let mu = MuBuilder::prehashed(&tr_of_pk::<P>(pk)?, ctx, digest)?;
        lowmem::verify_mu::<P>(pk, &mu, sig)
    }
}
