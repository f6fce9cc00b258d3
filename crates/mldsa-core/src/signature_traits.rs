//! The RustCrypto [`signature`] traits (feature `signature`).
//!
//! The traits carry no context string and no explicit randomness, so their choices are fixed
//! and stated here:
//! - [`Signer`] and [`MultipartSigner`]: **deterministic** ML-DSA.Sign (rnd = {0}^32) with the
//!   **empty context**;
//! - [`RandomizedSigner`] and [`RandomizedMultipartSigner`]: **hedged** ML-DSA.Sign (rnd from
//!   the given RNG) with the empty context;
//! - [`Verifier`] and [`MultipartVerifier`]: ML-DSA.Verify with the empty context.
//!
//! For a context string or HashML-DSA use the inherent methods of [`SigningKey`] and
//! [`VerifyingKey`]. Multipart messages are the concatenation of their parts, absorbed one by
//! one into μ (no copy).

use crate::backend::Backend;
use crate::keys::{DETERMINISTIC, KeyCache, Signature, SigningKey, VerifyingKey};
use crate::params::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};
use crate::{MuBuilder, ct::Secret};
use signature::rand_core::TryCryptoRng;
use signature::{
    Error, Keypair, MultipartSigner, MultipartVerifier, RandomizedMultipartSigner,
    RandomizedSigner, SignatureEncoding, Signer, Verifier,
};

fn mu_of(tr: &[u8; 64], parts: &[&[u8]]) -> [u8; 64] {
    let mut b = MuBuilder::new(tr, &[]).expect("the empty context is valid");
    for p in parts {
        b.update(p);
    }
    b.finalize()
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> MultipartSigner<Signature<P>>
    for SigningKey<P, B, C>
{
    fn try_multipart_sign(&self, msg: &[&[u8]]) -> Result<Signature<P>, Error> {
        Ok(self.sign_mu(&mu_of(self.verifying_key().tr(), msg), &DETERMINISTIC))
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> Signer<Signature<P>> for SigningKey<P, B, C> {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature<P>, Error> {
        self.try_multipart_sign(&[msg])
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> RandomizedMultipartSigner<Signature<P>>
    for SigningKey<P, B, C>
{
    fn try_multipart_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[&[u8]],
    ) -> Result<Signature<P>, Error> {
        let mut rnd = Secret([0u8; 32]);
        rng.try_fill_bytes(&mut rnd[..]).map_err(|_| Error::new())?;
        Ok(self.sign_mu(&mu_of(self.verifying_key().tr(), msg), &rnd))
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> RandomizedSigner<Signature<P>>
    for SigningKey<P, B, C>
{
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Signature<P>, Error> {
        self.try_multipart_sign_with_rng(rng, &[msg])
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> Keypair for SigningKey<P, B, C> {
    type VerifyingKey = VerifyingKey<P, B>;
    fn verifying_key(&self) -> VerifyingKey<P, B> {
        SigningKey::verifying_key(self).clone()
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> MultipartVerifier<Signature<P>>
    for VerifyingKey<P, B, C>
{
    fn multipart_verify(&self, msg: &[&[u8]], sig: &Signature<P>) -> Result<(), Error> {
        self.verify_mu(&mu_of(self.tr(), msg), sig)
            .map_err(|_| Error::new())
    }
}

impl<P: ParameterSet, B: Backend, C: KeyCache<P>> Verifier<Signature<P>> for VerifyingKey<P, B, C> {
    fn verify(&self, msg: &[u8], sig: &Signature<P>) -> Result<(), Error> {
        self.multipart_verify(&[msg], sig)
    }
}

macro_rules! encoding {
    ($($p:ty),*) => {$(
        impl From<Signature<$p>> for <$p as ParameterSet>::SigBytes {
            fn from(sig: Signature<$p>) -> Self {
                sig.to_bytes()
            }
        }
        impl SignatureEncoding for Signature<$p> {
            type Repr = <$p as ParameterSet>::SigBytes;
        }
    )*};
}
encoding!(MlDsa44, MlDsa65, MlDsa87);

#[cfg(test)]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "tests compute expected values from public data"
)]
mod tests {
    use super::*;

    /// A fixed-output RNG for the test (not a real RNG).
    struct Counter(u8);
    impl signature::rand_core::TryRng for Counter {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(0)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(0)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            dst.fill(self.0);
            self.0 = self.0.wrapping_add(1);
            Ok(())
        }
    }
    impl signature::rand_core::TryCryptoRng for Counter {}

    #[test]
    fn traits_agree_with_inherent_api() {
        let sk = SigningKey::<MlDsa65>::from_seed(&[3; 32]);
        let vk = Keypair::verifying_key(&sk);
        let s = Signer::sign(&sk, b"hello world");
        assert_eq!(s, sk.sign_deterministic(b"hello world", b"").unwrap());
        assert_eq!(sk.multipart_sign(&[b"hello ", b"world"]), s);
        Verifier::verify(&vk, b"hello world", &s).unwrap();
        vk.multipart_verify(&[b"hello", b" world"], &s).unwrap();
        assert!(Verifier::verify(&vk, b"hello worle", &s).is_err());
        let r = sk.sign_with_rng(&mut Counter(9), b"m");
        assert_eq!(r, sk.sign_with_rnd(b"m", b"", &[9; 32]).unwrap());
        assert_eq!(s.to_bytes().as_ref(), s.as_bytes());
        assert_eq!(s.encoded_len(), 3309);
    }
}
