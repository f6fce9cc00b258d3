//! Key generation (FIPS 204, Algorithm 6, ML-DSA.KeyGen_internal) and the parts of it that
//! importing an expanded secret key repeats to check consistency.

use crate::backend::Backend;
use crate::ct::Secret;
use crate::encode::field_mut;
use crate::hash::h;
use crate::params::{POLY_T1_BYTES, ParameterSet, PolyVec};
use crate::poly::Poly;
use crate::sample::{expand_a, expand_s};

/// The secret vectors of a key in the normal domain, wiped on drop.
pub(crate) struct SecretVectors<P: ParameterSet> {
    pub s1: Secret<P::VecL>,
    pub s2: Secret<P::VecK>,
    pub t0: Secret<P::VecK>,
}

/// Lines 1-5 of Algorithm 6: (ρ, ρ′, K) = H(ξ ‖ k ‖ ℓ, 128) and (s1, s2) = ExpandS(ρ′).
/// Returns ρ, K and the vectors (t0 still zero).
pub(crate) fn expand_seed<P: ParameterSet, B: Backend>(
    xi: &[u8; 32],
) -> ([u8; 32], Secret<[u8; 32]>, SecretVectors<P>) {
    let mut seeds = Secret([0u8; 128]);
    h(&[xi, &[P::K as u8, P::L as u8]], &mut seeds[..]);
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&seeds[..32]);
    let mut rho_prime = Secret([0u8; 64]);
    rho_prime.copy_from_slice(&seeds[32..96]);
    let mut key = Secret([0u8; 32]);
    key.copy_from_slice(&seeds[96..]);
    let mut v = SecretVectors::<P> {
        s1: Secret(P::VecL::zero()),
        s2: Secret(P::VecK::zero()),
        t0: Secret(P::VecK::zero()),
    };
    expand_s::<P, B>(&rho_prime, 0, v.s1.as_mut());
    expand_s::<P, B>(&rho_prime, P::L as u16, v.s2.as_mut());
    (rho, key, v)
}

/// Lines 6-9 of Algorithm 6, streaming Â row by row: t = NTT^-1(Â ∘ NTT(s1)) + s2,
/// (t1, t0) = Power2Round(t), pk = ρ ‖ t1 (Algorithm 22). Fills `pk` and `v.t0`; returns
/// NTT(s1), which the signing key caches.
pub(crate) fn public_key<P: ParameterSet, B: Backend>(
    rho: &[u8; 32],
    v: &mut SecretVectors<P>,
    pk: &mut [u8],
) -> Secret<P::VecL> {
    let mut s1_hat = Secret(v.s1.clone());
    for p in s1_hat.as_mut() {
        B::ntt(p);
    }
    pk[..32].copy_from_slice(rho);
    let mut row = P::VecL::zero();
    let mut t = Secret(Poly::ZERO);
    for i in 0..P::K {
        expand_a::<P, B>(rho, i * P::L, row.as_mut());
        // |Â·ŝ1| < q after the accumulate; + s2 stays far below reduce32's limit.
        B::pointwise_acc(&mut t, row.as_ref(), s1_hat.as_ref());
        B::inv_ntt(&mut t);
        t.add_assign(&v.s2.as_ref()[i]);
        B::reduce(&mut t);
        B::caddq(&mut t);
        B::power2round(&mut t, &mut v.t0.as_mut()[i]);
        B::pack_t1(field_mut(pk, 32, POLY_T1_BYTES, i), &t);
    }
    s1_hat
}
