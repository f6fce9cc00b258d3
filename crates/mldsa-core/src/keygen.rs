//! Key generation (FIPS 204, Algorithm 6, ML-DSA.KeyGen_internal) and the parts of it that
//! importing an expanded secret key repeats to check consistency.

use crate::backend::Backend;
use crate::ct::Secret;
use crate::encode::field_mut;
use crate::hash::h_with;
use crate::keccak::Rider;
use crate::params::{POLY_T1_BYTES, ParameterSet};
use crate::poly::Poly;
use crate::sample::{RowStream, expand_s_into};

/// Lines 1-5 of Algorithm 6: (ρ, ρ′, K) = H(ξ ‖ k ‖ ℓ, 128), (s1, s2) = ExpandS(ρ′). Writes ρ to
/// the start of `pk`, K to `key`, s1 and s2 (normal domain) to `s1`, `s2`.
pub(crate) fn expand_seed<P: ParameterSet, B: Backend>(
    xi: &[u8; 32],
    pk: &mut [u8],
    key: &mut [u8; 32],
    s1: &mut P::VecL,
    s2: &mut P::VecK,
) {
    let mut seeds = Secret([0u8; 128]);
    h_with::<B>(&[xi, &[P::K as u8, P::L as u8]], &mut seeds[..]);
    pk[..32].copy_from_slice(&seeds[..32]);
    let mut rho_prime = Secret([0u8; 64]);
    rho_prime.copy_from_slice(&seeds[32..96]);
    key.copy_from_slice(&seeds[96..]);
    // s1 then s2: nonces 0..ℓ and ℓ..ℓ+k, as one stream of batches.
    expand_s_into::<P, B>(
        &rho_prime,
        0,
        s1.as_mut().iter_mut().chain(s2.as_mut().iter_mut()),
    );
}

/// Lines 6-10 of Algorithm 6, streaming Â row by row: ŝ1 = NTT(s1) (in place: `s1` enters in
/// the normal domain and leaves in the NTT domain), t = NTT^-1(Â ∘ ŝ1) + s2,
/// (t1, t0) = Power2Round(t), pk = ρ ‖ t1 (Algorithm 22), tr = H(pk, 64). `pk` must start with
/// ρ. tr's blocks ride in the lanes ExpandA's batches leave free as soon as the rows written so
/// far hold them (see [`Rider`]); what is left runs single-lane at the end.
pub(crate) fn public_key<P: ParameterSet, B: Backend>(
    s1: &mut P::VecL,
    s2: &P::VecK,
    t0: &mut P::VecK,
    pk: &mut [u8],
    tr: &mut [u8; 64],
) {
    for p in s1.as_mut() {
        B::ntt(p);
    }
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&pk[..32]);
    let mut rows = RowStream::<P, B>::new(&rho);
    let mut t = Secret(Poly::ZERO);
    let mut h = Rider::pending_input(pk.len());
    for i in 0..P::K {
        // The rider sees ρ and the rows of t1 packed so far.
        let mut live = h.resume(&pk[..32 + i * POLY_T1_BYTES]);
        // |Â·ŝ1| < q after the accumulate; + s2 stays far below reduce32's limit.
        B::pointwise_acc(&mut t, rows.next_row(&mut live), s1.as_ref());
        h = live.suspend();
        B::inv_ntt(&mut t);
        t.add_assign(&s2.as_ref()[i]);
        B::reduce(&mut t);
        B::caddq(&mut t);
        B::power2round(&mut t, &mut t0.as_mut()[i]);
        B::pack_t1(field_mut(pk, 32, POLY_T1_BYTES, i), &t);
    }
    h.resume(pk).finish::<B::Keccak>(tr);
}
