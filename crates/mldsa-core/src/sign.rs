//! Signing (FIPS 204, Algorithm 7, ML-DSA.Sign_internal, from line 7 on: μ is given).

use crate::backend::Backend;
use crate::ct::{Secret, declassify};
use crate::encode::{field_mut, pack_hint};
use crate::hash::h;
use crate::keccak::Shake256;
use crate::params::{ParameterSet, PolyVec};
use crate::poly::Poly;
use crate::sample::{expand_mask, sample_in_ball};
use subtle::ConstantTimeGreater;

/// The cached secret parts a signature needs, all in the NTT domain.
pub(crate) struct SignInputs<'a, P: ParameterSet> {
    pub key: &'a [u8; 32],
    pub s1_hat: &'a P::VecL,
    pub s2_hat: &'a P::VecK,
    pub t0_hat: &'a P::VecK,
    /// Â, row-major.
    pub a_hat: &'a [Poly],
}

/// Signs μ with randomness `rnd` (32 zero bytes for the deterministic variant) and writes the
/// encoded signature (Algorithm 26) to `sig`.
///
/// Loop invariants and bounds: ŷ = NTT(y) has |·| < 9q; every product with ĉ is < q after the
/// Montgomery multiply, < q after the inverse NTT, and is reduced (reduce32) before its norm
/// is tested, so small residues are represented exactly.
pub(crate) fn sign_mu<P: ParameterSet, B: Backend>(
    inp: &SignInputs<'_, P>,
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    let ct = P::CTILDE_BYTES;
    // ρ″ = H(K ‖ rnd ‖ μ, 64) (line 7).
    let mut rho2 = Secret([0u8; 64]);
    h(&[inp.key, rnd, mu], &mut rho2[..]);

    let mut y = Secret(P::VecL::zero()); // y, then z = y + cs1 in place
    let mut y_hat = Secret(P::VecL::zero());
    let mut w1 = Secret(P::VecK::zero());
    let mut w0 = Secret(P::VecK::zero());
    // The hint as one bit per coefficient (k·32 bytes): packed only once the signature is
    // accepted, so no secret-dependent branch touches a rejected hint.
    let mut hint = Secret([[0u64; 4]; 8]);
    let mut tmp = Secret(Poly::ZERO);
    let mut w1_bytes = [0u8; 192];
    let mut kappa: u16 = 0;

    'attempt: loop {
        // y = ExpandMask(ρ″, κ) (line 11); κ wraps like IntegerToBytes(κ + r, 2).
        expand_mask::<P, B>(&rho2, kappa, y.as_mut());
        kappa = kappa.wrapping_add(P::L as u16);

        // w = NTT^-1(Â ∘ NTT(y)), (w1, w0) = Decompose(w) (lines 12-13 with Algorithm 36).
        y_hat.as_mut().clone_from_slice(y.as_ref());
        for p in y_hat.as_mut() {
            B::ntt(p);
        }
        for (i, (w1i, w0i)) in w1.as_mut().iter_mut().zip(w0.as_mut()).enumerate() {
            B::pointwise_acc(w1i, &inp.a_hat[i * P::L..(i + 1) * P::L], y_hat.as_ref());
            B::inv_ntt(w1i);
            B::caddq(w1i);
            B::decompose(P::GAMMA2, w1i, w0i);
        }

        // c̃ = H(μ ‖ w1Encode(w1), λ/4) (line 15), written straight into the signature.
        let mut hc = Shake256::new();
        hc.update(mu);
        for w1i in w1.as_ref() {
            let out = &mut w1_bytes[..P::POLY_W1_BYTES];
            B::pack_w1(P::GAMMA2, out, w1i);
            hc.update(out);
        }
        hc.finalize();
        hc.squeeze(&mut sig[..ct]);

        // c = SampleInBall(c̃), ĉ = NTT(c) (lines 16-17).
        let mut c_hat = sample_in_ball::<P>(&sig[..ct]);
        B::ntt(&mut c_hat);

        // z = y + NTT^-1(ĉ ∘ ŝ1); reject if ‖z‖∞ ≥ γ1 - β (lines 18, 20, 23).
        for (z, s1) in y.as_mut().iter_mut().zip(inp.s1_hat.as_ref()) {
            B::pointwise(&mut tmp, &c_hat, s1);
            B::inv_ntt(&mut tmp);
            z.add_assign(&tmp);
            B::reduce(z);
            if declassify(B::norm_exceeds(z, P::GAMMA1 - P::BETA)) {
                continue 'attempt;
            }
        }

        // r0 = LowBits(w - cs2) = w0 - cs2; reject if ‖r0‖∞ ≥ γ2 - β (lines 19, 21, 23).
        for (r0, s2) in w0.as_mut().iter_mut().zip(inp.s2_hat.as_ref()) {
            B::pointwise(&mut tmp, &c_hat, s2);
            B::inv_ntt(&mut tmp);
            r0.sub_assign(&tmp);
            B::reduce(r0);
            if declassify(B::norm_exceeds(r0, P::GAMMA2 - P::BETA)) {
                continue 'attempt;
            }
        }

        // ct0; reject if ‖ct0‖∞ ≥ γ2; h = MakeHint(-ct0, w - cs2 + ct0); reject if the hint
        // has more than ω ones (lines 25-28).
        let mut ones = 0usize;
        for (i, t0) in inp.t0_hat.as_ref().iter().enumerate() {
            B::pointwise(&mut tmp, &c_hat, t0);
            B::inv_ntt(&mut tmp);
            B::reduce(&mut tmp);
            if declassify(B::norm_exceeds(&tmp, P::GAMMA2)) {
                continue 'attempt;
            }
            let r0 = &mut w0.as_mut()[i];
            r0.add_assign(&tmp);
            let r0: &Poly = r0;
            ones += B::make_hint(P::GAMMA2, &mut tmp, r0, &w1.as_ref()[i]);
            hint[i] = [0; 4];
            for (j, &b) in tmp.coeffs.iter().enumerate() {
                hint[i][j >> 6] |= (b as u64) << (j & 63);
            }
        }
        if declassify((ones as u64).ct_gt(&(P::OMEGA as u64))) {
            continue 'attempt;
        }

        // σ = sigEncode(c̃, z mod± q, h) (line 33, Algorithm 26).
        for (j, z) in y.as_ref().iter().enumerate() {
            B::pack_z(P::GAMMA1_BITS, field_mut(sig, ct, P::POLY_Z_BYTES, j), z);
        }
        pack_hint::<P>(&mut sig[ct + P::L * P::POLY_Z_BYTES..], &hint[..P::K]);
        return;
    }
}
