//! Signing (FIPS 204, Algorithms 2 and 7) on the caller's buffers: y lives in the signature's
//! z field until the attempt is accepted, w is recomputed one row at a time, and every
//! operand of a challenge product is read from its encoding.

use super::matrix::matrix_row;
use super::packed::{Packed, absorb_w1, secrets_out_of_range};
use crate::challenge::Challenge;
use crate::ct::{Secret, declassify, declassify_bytes, declassify_words};
use crate::encode::{SkLayout, check_len, field, field_mut, pack_hint, pack_z, unpack_z};
use crate::error::Error;
use crate::field::caddq;
use crate::hash::{MuBuilder, h};
use crate::keccak::Shake256;
use crate::params::{N, POLY_T0_BYTES, ParameterSet};
use crate::poly::Poly;
use crate::rounding::{decompose, exceeds, make_hint};
use subtle::{Choice, ConstantTimeGreater};

/// ML-DSA.Sign (FIPS 204, Algorithm 2) from the expanded secret key `sk`, into `sig`.
pub fn sign<P: ParameterSet>(
    sk: &[u8],
    msg: &[u8],
    ctx: &[u8],
    rnd: &[u8; 32],
    sig: &mut [u8],
) -> Result<(), Error> {
    check_len("expanded secret key", sk, P::SK_BYTES)?;
    let mut mu = [0u8; 64];
    message_mu(&sk[64..128], msg, ctx, &mut mu)?;
    sign_mu::<P>(sk, &mu, rnd, sig)
}

/// μ = H(tr ‖ 0 ‖ |ctx| ‖ ctx ‖ msg, 64) (Algorithm 2 line 10, Algorithm 7 line 6) in a frame
/// of its own, written into `mu`.
#[inline(never)]
fn message_mu(tr: &[u8], msg: &[u8], ctx: &[u8], mu: &mut [u8; 64]) -> Result<(), Error> {
    let tr: &[u8; 64] = tr.try_into().expect("tr is 64 bytes");
    let mut b = MuBuilder::new(tr, ctx)?;
    b.update(msg);
    *mu = b.finalize();
    Ok(())
}

/// W1 · 2^24 + w0 packs Decompose(w) into one word: |w0 - c·s2| ≤ γ2 + β < 2^23, so the low
/// part never reaches the high one.
const W1_SHIFT: u32 = 24;

/// Signs μ (FIPS 204, Algorithm 7 from line 7) from the expanded secret key `sk` (as written by
/// [`super::keygen`]; its s1 and s2 are range-checked, its consistency is the caller's to
/// vouch for), writing the signature (Algorithm 26) into `sig`.
pub fn sign_mu<P: ParameterSet>(
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) -> Result<(), Error> {
    check_len("expanded secret key", sk, P::SK_BYTES)?;
    check_len("signature buffer", sig, P::SIG_BYTES)?;
    // Whether the key is well-formed is not a secret (see `ct`).
    if declassify(secrets_out_of_range::<P>(sk)) {
        return Err(Error::SecretOutOfRange);
    }
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&sk[..32]);
    // ρ″ = H(K ‖ rnd ‖ μ, 64) (line 7).
    let mut rho2 = Secret([0u8; 64]);
    h(&[&sk[32..64], rnd, mu], &mut rho2[..]);
    let mut w = Secret(Poly::ZERO);
    let mut hint = Secret([[0u64; 4]; 8]);
    let mut kappa: u16 = 0;
    loop {
        expand_mask::<P>(&rho2, kappa, sig);
        kappa = kappa.wrapping_add(P::L as u16);
        commit::<P>(&rho, mu, sig, &mut w);
        let c = Challenge::sample::<P>(&sig[..ct]);
        // ‖z‖∞ < γ1 - β (line 23), z = y + c·s1 computed and dropped: y stays in `sig`.
        let z_bad = (0..P::L).any(|j| {
            response::<P>(sk, sig, &c, j, &mut w);
            declassify(norm_exceeds(&w, P::GAMMA1 - P::BETA))
        });
        if z_bad || !hint_rows::<P>(sk, &rho, sig, &c, &mut w, &mut hint) {
            continue;
        }
        // Accepted: z replaces y in the signature, and the hint (now public, see `ct`) follows.
        for j in 0..P::L {
            response::<P>(sk, sig, &c, j, &mut w);
            pack_z(P::GAMMA1_BITS, field_mut(sig, ct, zb, j), &w);
        }
        declassify_words(hint[..P::K].as_flattened_mut());
        pack_hint::<P>(&mut sig[ct + P::L * zb..], &hint[..P::K]);
        return Ok(());
    }
}

/// y_j = ExpandMask(ρ″, κ + j) (Algorithm 7 line 11, Algorithm 34), squeezed straight into the
/// z field j of the signature: the SHAKE256 output is BitPack(y_j, γ1 - 1, γ1).
fn expand_mask<P: ParameterSet>(rho2: &[u8; 64], kappa: u16, sig: &mut [u8]) {
    for j in 0..P::L {
        let mut x = Shake256::new();
        x.update(rho2)
            .update(&kappa.wrapping_add(j as u16).to_le_bytes());
        x.finalize();
        x.squeeze(field_mut(sig, P::CTILDE_BYTES, P::POLY_Z_BYTES, j));
    }
}

/// c̃ = H(μ ‖ w1Encode(HighBits(Â·y)), λ/4) (lines 12-15) into the signature's first field,
/// w = Â·y computed row by row into `w` from the y in the signature. c̃ is declassified (see
/// `ct`): the challenge and the sparse products branch on it.
fn commit<P: ParameterSet>(rho: &[u8; 32], mu: &[u8; 64], sig: &mut [u8], w: &mut Poly) {
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    let mut hc = Shake256::new();
    hc.update(mu);
    for i in 0..P::K {
        matrix_row::<P>(rho, i, &mut w.coeffs, |j| {
            Packed::z::<P>(field(sig, ct, zb, j))
        });
        absorb_w1::<P>(&mut hc, &w.coeffs, |c| decompose(caddq(c), P::GAMMA2).0);
    }
    hc.finalize();
    hc.squeeze(&mut sig[..ct]);
    declassify_bytes(&mut sig[..ct]);
}

/// z_j = y_j + c·s1_j (line 22), exactly, into `z`, from the y_j in the signature and s1_j in
/// the key.
fn response<P: ParameterSet>(sk: &[u8], sig: &[u8], c: &Challenge, j: usize, z: &mut Poly) {
    let y = field(sig, P::CTILDE_BYTES, P::POLY_Z_BYTES, j);
    unpack_z(P::GAMMA1_BITS, z, y);
    let s1 = Packed::eta::<P>(field(sk, SkLayout::S1, P::POLY_ETA_BYTES, j));
    c.mul_acc_with(&mut z.coeffs, |n| s1.coeff(n), false);
}

/// 1 when some |coefficient| ≥ bound (reduced or exact small values), as a choice.
fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
    Choice::from(a.coeffs.iter().fold(0, |t, &c| t | exceeds(c, bound)) as u8)
}

/// Lines 19-28 row by row, into the hint bits `hint`: w_i = (Â·y)_i again, r0 = LowBits(w_i -
/// c·s2_i) with ‖r0‖∞ < γ2 - β, ‖c·t0_i‖∞ < γ2, h_i = MakeHint(-c·t0_i, w_i - c·s2_i + c·t0_i),
/// at most ω ones in all. Returns whether the attempt passes them. `w` holds W1·2^24 + r0
/// (see [`W1_SHIFT`]); c·t0_i is computed coefficient by coefficient from the packed t0.
fn hint_rows<P: ParameterSet>(
    sk: &[u8],
    rho: &[u8; 32],
    sig: &[u8],
    c: &Challenge,
    w: &mut Poly,
    hint: &mut [[u64; 4]; 8],
) -> bool {
    let (ct, zb, eb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES, P::POLY_ETA_BYTES);
    let split = |x: i32| {
        let w1 = (x + (1 << (W1_SHIFT - 1))) >> W1_SHIFT;
        (w1, x - (w1 << W1_SHIFT))
    };
    let mut ones = 0u64;
    for (i, hint_i) in hint.iter_mut().enumerate().take(P::K) {
        matrix_row::<P>(rho, i, &mut w.coeffs, |j| {
            Packed::z::<P>(field(sig, ct, zb, j))
        });
        for a in w.coeffs.iter_mut() {
            let (w1, w0) = decompose(caddq(*a), P::GAMMA2);
            *a = (w1 << W1_SHIFT) + w0;
        }
        let s2 = Packed::eta::<P>(field(sk, SkLayout::s2::<P>(), eb, i));
        c.mul_acc_with(&mut w.coeffs, |n| s2.coeff(n), true);
        let r0_bad = w
            .coeffs
            .iter()
            .fold(0, |t, &x| t | exceeds(split(x).1, P::GAMMA2 - P::BETA));
        if declassify(Choice::from(r0_bad as u8)) {
            return false;
        }
        let t0 = Packed::t0(field(sk, SkLayout::t0::<P>(), POLY_T0_BYTES, i));
        let mut ct0_bad = 0;
        *hint_i = [0; 4];
        for n in 0..N {
            let ct0 = c.coeff_of_product(n, |m| t0.coeff(m));
            ct0_bad |= exceeds(ct0, P::GAMMA2);
            let (w1, r0) = split(w.coeffs[n]);
            let b = make_hint(r0 + ct0, w1, P::GAMMA2);
            hint_i[n >> 6] |= (b as u64) << (n & 63);
            ones += b as u64;
        }
        if declassify(Choice::from(ct0_bad as u8)) {
            return false;
        }
    }
    !declassify(ones.ct_gt(&(P::OMEGA as u64)))
}
