//! Signing (FIPS 204, Algorithm 7, ML-DSA.Sign_internal, from line 7 on: μ is given).

use crate::backend::Backend;
use crate::challenge::Challenge;
use crate::ct::{Secret, SecretArray, declassify, declassify_bytes, declassify_words};
use crate::encode::{field_mut, pack_hint};
use crate::hash::h_with;
use crate::keccak::{Rider, SHAKE256_RATE, Shake};
use crate::params::{ParameterSet, PolyVec};
use crate::poly::Poly;
use crate::sample::MaskStream;
use subtle::ConstantTimeGreater;

/// The cached secret parts a signature needs: s1 and s2 as they are (the challenge products
/// with them are sparse), t0 in the NTT domain.
pub(crate) struct SignInputs<'a, P: ParameterSet> {
    pub key: &'a [u8; 32],
    pub s1: &'a P::SmallVecL,
    pub s2: &'a P::SmallVecK,
    pub t0_hat: &'a P::VecK,
    /// Â, row-major.
    pub a_hat: &'a [Poly],
}

/// Signs μ with randomness `rnd` (32 zero bytes for the deterministic variant) and writes the
/// encoded signature (Algorithm 26) to `sig`.
///
/// Memory: besides Â, the loop keeps y (then z, in place), ŷ, and (w1, w0) = Decompose(w)
/// (w1 in place of w): 2ℓ + 2k polynomials of secret state. Each w is decomposed once.
/// Where ExpandMask draws the next attempt's y ahead (8-lane backends, see `MaskStream`), the
/// attempt also holds μ ‖ w1Encode(w1) (up to 1 088 bytes) for c̃.
///
/// Products: c·s1 and c·s2 are computed exactly from the sparse c ([`Backend::challenge_mul`],
/// |c·s| ≤ β), so z = y + c·s1 and r0 = w0 - c·s2 are exact integers and need no reduction;
/// c·t0 (|t0| ≤ 2^12) goes through the NTT. Bounds there: every Montgomery product is < q and
/// reduce32 returns small residues exactly, so the norm tests see exact values.
pub(crate) fn sign_mu<P: ParameterSet, B: Backend>(
    inp: &SignInputs<'_, P>,
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) {
    let ct = P::CTILDE_BYTES;
    // ρ″ = H(K ‖ rnd ‖ μ, 64) (line 7).
    let mut rho2 = Secret([0u8; 64]);
    h_with::<B>(&[inp.key, rnd, mu], &mut rho2[..]);

    let mut y = Secret(P::VecL::zero()); // y, then z, in place
    let mut y_hat = Secret(P::VecL::zero());
    let mut w = Secret(P::VecK::zero()); // w, then w1 = HighBits(w), in place
    let mut w0 = Secret(P::VecK::zero()); // LowBits(w), then w0 - cs2, then w0 - cs2 + ct0
    let mut tmp = Secret(Poly::ZERO);
    // The hint as one bit per coefficient (k·32 bytes): packed only once the signature is
    // accepted, so no secret-dependent branch touches a rejected hint.
    let mut hint = Secret([[0u64; 4]; 8]);
    // y for κ = 0, ℓ, 2ℓ, ...: κ wraps like IntegerToBytes(κ + r, 2).
    let mut masks = MaskStream::<P, B>::new(&rho2);

    'attempt: loop {
        // y = ExpandMask(ρ″, κ) (line 11), κ advancing by ℓ per attempt (line 32).
        masks.next(y.as_mut());

        // w = NTT^-1(Â ∘ NTT(y)) in [0, q) (line 12).
        for (p, yi) in y_hat.as_mut().iter_mut().zip(y.as_ref()) {
            p.clone_from(yi);
            B::ntt(p);
        }
        for (i, wi) in w.as_mut().iter_mut().enumerate() {
            B::pointwise_acc(wi, &inp.a_hat[i * P::L..(i + 1) * P::L], y_hat.as_ref());
            B::inv_ntt(wi);
            B::caddq(wi);
        }

        // c̃ = H(μ ‖ w1Encode(HighBits(w)), λ/4) (lines 13, 15), straight into the signature.
        // Each row of w is decomposed in place and its w1 encoded.
        if MaskStream::<P, B>::prefetching() {
            // μ ‖ w1 whole (up to 64 + 8·128 bytes), so that c̃'s absorption can ride in the
            // batch that draws the next attempt's y (see `MaskStream`); what does not ride
            // runs single-lane.
            let mut c_input = SecretArray([0u8; 64 + 1024]);
            c_input[..64].copy_from_slice(mu);
            let w1 = &mut c_input[64..64 + P::K * P::POLY_W1_BYTES];
            for ((wi, w0i), out) in w
                .as_mut()
                .iter_mut()
                .zip(w0.as_mut())
                .zip(w1.chunks_exact_mut(P::POLY_W1_BYTES))
            {
                B::decompose(P::GAMMA2, wi, w0i);
                B::pack_w1(P::GAMMA2, out, wi);
            }
            let mut rider = Rider::new(&c_input[..64 + P::K * P::POLY_W1_BYTES]);
            masks.prefetch(&mut rider);
            rider.finish::<B::Keccak>(&mut sig[..ct]);
        } else {
            let mut hc = Shake::<SHAKE256_RATE, B::Keccak>::new();
            hc.update(mu);
            let mut w1_row = SecretArray([0u8; 192]);
            for (wi, w0i) in w.as_mut().iter_mut().zip(w0.as_mut()) {
                B::decompose(P::GAMMA2, wi, w0i);
                let out = &mut w1_row[..P::POLY_W1_BYTES];
                B::pack_w1(P::GAMMA2, out, wi);
                hc.update(out);
            }
            hc.finalize();
            hc.squeeze(&mut sig[..ct]);
        }
        // c̃ is public (see `ct`): SampleInBall branches on it.
        declassify_bytes(&mut sig[..ct]);

        // c = SampleInBall(c̃) (line 16), as its τ terms.
        let c = Challenge::sample_with::<P, B::Keccak>(&sig[..ct]);

        // z = y + cs1, exact (|y| ≤ γ1, |cs1| ≤ β); reject if ‖z‖∞ ≥ γ1 - β (lines 18, 20, 23).
        for (z, s1) in y.as_mut().iter_mut().zip(inp.s1.as_ref()) {
            B::challenge_mul(P::ETA, &mut tmp, &c, s1);
            z.add_assign(&tmp);
            if declassify(B::norm_exceeds(z, P::GAMMA1 - P::BETA)) {
                continue 'attempt;
            }
        }

        // Per row: r0 = w0 - cs2, reject if ‖r0‖∞ ≥ γ2 - β (lines 19, 21, 23). All rows are
        // checked before any ct0 is computed: most iterations that pass the z check fail here
        // (ML-DSA-65: about two in three), and the ct0 work of the rows before the failing one
        // would be wasted. Once every row passed, w - cs2 = w1·2γ2 + r0 with |r0| < γ2 - β, so
        // HighBits(w - cs2) = w1 and LowBits(w - cs2) = r0 exactly: line 21's r0 and the hint's
        // inputs need no second Decompose.
        for (w0i, s2) in w0.as_mut().iter_mut().zip(inp.s2.as_ref()) {
            B::challenge_mul(P::ETA, &mut tmp, &c, s2);
            // Exact: |r0| ≤ γ2 + β.
            w0i.sub_assign(&tmp);
            if declassify(B::norm_exceeds(w0i, P::GAMMA2 - P::BETA)) {
                continue 'attempt;
            }
        }

        // ĉ = NTT(c) (line 17), only for c·t0: |t0| ≤ 2^12 would need 32-bit lanes, four times
        // the additions of the byte-lane products, about an inverse NTT's cost (estimated, not
        // measured).
        let mut c_hat = c.to_poly();
        B::ntt(&mut c_hat);

        // Per row: ct0, reject if ‖ct0‖∞ ≥ γ2; h = MakeHint(-ct0, w - cs2 + ct0) (lines 25-26).
        let mut ones = 0usize;
        for (i, (w1i, r0)) in w.as_ref().iter().zip(w0.as_mut()).enumerate() {
            B::pointwise(&mut tmp, &c_hat, &inp.t0_hat.as_ref()[i]);
            B::inv_ntt(&mut tmp);
            B::reduce(&mut tmp);
            if declassify(B::norm_exceeds(&tmp, P::GAMMA2)) {
                continue 'attempt;
            }
            // |r0 + ct0| < 2γ2 - β: MakeHint's low-part input.
            r0.add_assign(&tmp);
            ones += B::make_hint(P::GAMMA2, &mut tmp, r0, w1i);
            // Bit j of word j/64, gathered in a register per word.
            for (word, bits) in hint[i].iter_mut().zip(tmp.coeffs.as_chunks::<64>().0) {
                *word = bits
                    .iter()
                    .enumerate()
                    .fold(0, |acc, (j, &b)| acc | ((b as u64) << j));
            }
        }
        // Reject if the hint has more than ω ones (line 28).
        if declassify((ones as u64).ct_gt(&(P::OMEGA as u64))) {
            continue 'attempt;
        }

        // σ = sigEncode(c̃, z mod± q, h) (line 33, Algorithm 26); the accepted hint is output.
        declassify_words(hint[..P::K].as_flattened_mut());
        for (j, z) in y.as_ref().iter().enumerate() {
            B::pack_z(P::GAMMA1_BITS, field_mut(sig, ct, P::POLY_Z_BYTES, j), z);
        }
        pack_hint::<P>(&mut sig[ct + P::L * P::POLY_Z_BYTES..], &hint[..P::K]);
        return;
    }
}
