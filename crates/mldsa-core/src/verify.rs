//! Verification (FIPS 204, Algorithm 8, ML-DSA.Verify_internal, from line 7 on: μ is given).
//! Everything here is public data; the matrix and t1 are streamed row by row unless a
//! prepared key supplies them.

use crate::backend::Backend;
use crate::encode::{field, field_mut, unpack_hint};
use crate::error::Error;
use crate::keccak::Rider;
use crate::params::{POLY_T1_BYTES, ParameterSet, PolyMatrix, PolyVec};
use crate::poly::Poly;
use crate::rounding::exceeds;
use crate::sample::{RowStream, expand_a, sample_in_ball};

/// Decodes z (Algorithm 27) into `z` and checks ‖z‖∞ < γ1 - β (Algorithm 8, line 13).
pub(crate) fn decode_z<P: ParameterSet, B: Backend>(
    sig: &[u8],
    z: &mut [Poly],
) -> Result<(), Error> {
    let mut bad = 0;
    for (j, zj) in z.iter_mut().enumerate() {
        B::unpack_z(
            P::GAMMA1_BITS,
            zj,
            field(sig, P::CTILDE_BYTES, P::POLY_Z_BYTES, j),
        );
        bad |= zj
            .coeffs
            .iter()
            .fold(0, |b, &c| b | exceeds(c, P::GAMMA1 - P::BETA));
    }
    if bad == 0 {
        Ok(())
    } else {
        Err(Error::ResponseOutOfRange)
    }
}

/// The offset of the hint in a signature.
pub(crate) const fn hint_offset<P: ParameterSet>() -> usize {
    P::CTILDE_BYTES + P::L * P::POLY_Z_BYTES
}

/// Verifies an encoded signature (already length-checked) on μ. `prepared` is (Â, NTT(t1·2^d))
/// when a prepared key caches them.
pub(crate) fn verify_mu<P: ParameterSet, B: Backend>(
    pk: &[u8],
    prepared: Option<(&P::Matrix, &P::VecK)>,
    mu: &[u8; 64],
    sig: &[u8],
) -> Result<(), Error> {
    verify_with::<P, B>(pk, prepared, sig, Rider::idle(), |_| *mu)
}

/// [`verify_mu`] with μ computed by `mu` from `rider` once the rider has run all its blocks:
/// one-shot verification from the encodings passes tr = H(pk) as the rider (hashed in the lanes
/// ExpandA's batches leave free) and builds μ = H(tr ‖ M′) from it. From then on c̃′'s
/// absorption rides in those lanes instead, μ and each row of w1Encode(w1′) as it is encoded,
/// and what is left runs single-lane after the last row.
pub(crate) fn verify_with<'r, P: ParameterSet, B: Backend>(
    pk: &[u8],
    prepared: Option<(&P::Matrix, &P::VecK)>,
    sig: &[u8],
    rider: Rider<'r>,
    mu: impl FnOnce(Rider<'r>) -> [u8; 64],
) -> Result<(), Error> {
    let c_tilde = &sig[..P::CTILDE_BYTES];
    let mut z = P::VecL::zero();
    decode_z::<P, B>(sig, z.as_mut())?;
    let mut hint = P::VecK::zero();
    unpack_hint::<P>(Some(hint.as_mut()), &sig[hint_offset::<P>()..])?;

    // ĉ = NTT(SampleInBall(c̃)), ẑ = NTT(z) (lines 5, 9).
    let mut c_hat = sample_in_ball::<P, B::Keccak>(c_tilde);
    B::ntt(&mut c_hat);
    for p in z.as_mut() {
        B::ntt(p);
    }

    let rho: &[u8; 32] = pk[..32].try_into().map_err(|_| Error::VerificationFailed)?;
    let mut rows = RowStream::<P, B>::new(rho);
    let (mut w, mut t1_hat, mut ct1) = (Poly::ZERO, Poly::ZERO, Poly::ZERO);
    // c̃′'s input μ ‖ w1Encode(w1′): 64 + k · 32 · bitlen((q-1)/2γ2 - 1) bytes (832, 832 and 1 088
    // for ML-DSA-44, -65, -87). μ is written once tr's rider is done (at once when μ is given).
    let mut c_input = [0u8; 64 + 1024];
    let c_len = 64 + P::K * P::POLY_W1_BYTES;
    // tr's rider and what makes μ of it, until μ is written.
    let mut tr = Some((rider, mu));
    let mut c_rider = Rider::pending_input(c_len);
    for i in 0..P::K {
        if let Some((done, mu)) = tr.take_if(|(r, _)| r.pending() == 0) {
            c_input[..64].copy_from_slice(&mu(done));
        }
        // w′ = NTT^-1(Â ∘ ẑ - ĉ ∘ NTT(t1·2^d)) row by row (line 9); both products are < q, their
        // difference < 2q is reduced below q before the inverse NTT.
        let (a_row, t1_row) = match prepared {
            Some((a, t1)) => (&a.entries()[i * P::L..(i + 1) * P::L], &t1.as_ref()[i]),
            None => {
                B::unpack_t1(&mut t1_hat, field(pk, 32, POLY_T1_BYTES, i));
                t1_hat.shift_left_d();
                B::ntt(&mut t1_hat);
                // The batches carry tr's blocks while it has any, then c̃′'s written so far.
                let row = match tr.as_mut() {
                    Some((tr, _)) => rows.next_row(tr),
                    None => {
                        let mut live = c_rider.resume(&c_input[..64 + i * P::POLY_W1_BYTES]);
                        let row = rows.next_row(&mut live);
                        c_rider = live.suspend();
                        row
                    }
                };
                (row, &t1_hat)
            }
        };
        B::pointwise_acc(&mut w, a_row, z.as_ref());
        B::pointwise(&mut ct1, &c_hat, t1_row);
        w.sub_assign(&ct1);
        B::reduce(&mut w);
        B::inv_ntt(&mut w);
        B::caddq(&mut w);
        // w1′ = UseHint(h, w′) (line 10), encoded for line 12.
        B::use_hint(P::GAMMA2, &mut w, &hint.as_ref()[i]);
        B::pack_w1(
            P::GAMMA2,
            field_mut(&mut c_input, 64, P::POLY_W1_BYTES, i),
            &w,
        );
    }
    if let Some((tr, mu)) = tr {
        c_input[..64].copy_from_slice(&mu(tr));
    }
    // c̃′ = H(μ ‖ w1Encode(w1′)) (line 12).
    let mut c_tilde2 = [0u8; 64];
    c_rider
        .resume(&c_input[..c_len])
        .finish::<B::Keccak>(&mut c_tilde2[..P::CTILDE_BYTES]);
    if c_tilde2[..P::CTILDE_BYTES] == *c_tilde {
        Ok(())
    } else {
        Err(Error::VerificationFailed)
    }
}

/// The prepared form of a public key: Â and NTT(t1·2^d).
pub(crate) fn prepare<P: ParameterSet, B: Backend>(
    pk: &[u8],
    a: &mut P::Matrix,
    t1_hat: &mut P::VecK,
) {
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&pk[..32]);
    expand_a::<P, B>(&rho, 0, a.entries_mut().iter_mut(), &mut Rider::idle());
    for (i, t) in t1_hat.as_mut().iter_mut().enumerate() {
        B::unpack_t1(t, field(pk, 32, POLY_T1_BYTES, i));
        t.shift_left_d();
        B::ntt(t);
    }
}
