//! Verification (FIPS 204, Algorithms 3 and 8) reading pk and the signature in place: w′ is
//! computed one row at a time in one polynomial, and w1′ absorbed into the hash as it is
//! produced.

use super::matrix::matrix_row;
use super::packed::{Packed, absorb_w1};
use crate::challenge::Challenge;
use crate::encode::{check_len, field, unpack_hint};
use crate::error::Error;
use crate::field::{caddq, reduce32};
use crate::hash::{MuBuilder, h};
use crate::keccak::Shake256;
use crate::params::{D, N, POLY_T1_BYTES, ParameterSet};
use crate::rounding::use_hint;

/// ML-DSA.Verify (FIPS 204, Algorithm 3), reading pk and the signature in place.
pub fn verify<P: ParameterSet>(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<(), Error> {
    check_len("public key", pk, P::PK_BYTES)?;
    let mut mu = [0u8; 64];
    pure_mu(pk, msg, ctx, &mut mu)?;
    verify_mu::<P>(pk, &mu, sig)
}

/// μ for pure ML-DSA under `pk`, in a frame of its own (the hash states do not stay on the stack
/// during verification), written into `mu` (not returned: a returned `Result<[u8; 64], _>`
/// is copied twice in the caller's frame).
#[inline(never)]
fn pure_mu(pk: &[u8], msg: &[u8], ctx: &[u8], mu: &mut [u8; 64]) -> Result<(), Error> {
    let mut tr = [0u8; 64];
    h(&[pk], &mut tr);
    let mut b = MuBuilder::new(&tr, ctx)?;
    b.update(msg);
    *mu = b.finalize();
    Ok(())
}

/// Verification of μ (FIPS 204, Algorithm 8 from line 7), reading pk and the signature in
/// place: the hint's encoding and ‖z‖∞ < γ1 - β (line 13) are checked on the signature
/// bytes, c = SampleInBall(c̃) is kept as its terms, and c̃ is recomputed row by row.
pub fn verify_mu<P: ParameterSet>(pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> Result<(), Error> {
    check_len("public key", pk, P::PK_BYTES)?;
    check_len("signature", sig, P::SIG_BYTES)?;
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    unpack_hint::<P>(None, &sig[ct + P::L * zb..])?;
    let z = |j| Packed::z::<P>(field(sig, ct, zb, j));
    if (0..P::L).any(|j| bool::from(z(j).norm_exceeds(P::GAMMA1 - P::BETA))) {
        return Err(Error::ResponseOutOfRange);
    }
    let c = Challenge::sample::<P>(&sig[..ct]);
    if c_tilde_matches::<P>(pk, mu, sig, &c) {
        Ok(())
    } else {
        Err(Error::VerificationFailed)
    }
}

/// Lines 9-12 of Algorithm 8 row by row, then whether H(μ ‖ w1Encode(w1′), λ/4) = c̃: row i
/// of w′ = NTT^-1(Â ∘ NTT(z)) - c·t1·2^d with c·t1_i·2^d added from the packed t1, and
/// w1′ = UseHint(h, w′) absorbed into the hash as it is produced.
#[inline(never)]
fn c_tilde_matches<P: ParameterSet>(pk: &[u8], mu: &[u8; 64], sig: &[u8], c: &Challenge) -> bool {
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    let hints = &sig[ct + P::L * zb..];
    let rho: &[u8; 32] = pk[..32].try_into().expect("length checked by the caller");
    let mut w = [0i32; N];
    let mut hc = Shake256::new();
    hc.update(mu);
    let mut start = 0;
    for i in 0..P::K {
        matrix_row::<P>(rho, i, &mut w, |j| Packed::z::<P>(field(sig, ct, zb, j)));
        // - c·t1·2^d: |w| < q + τ·2^23 stays far below reduce32's limit.
        let t1 = Packed::t1(field(pk, 32, POLY_T1_BYTES, i));
        c.mul_acc_with(&mut w, |n| (t1.raw(n) as i32) << D, true);
        // The hint positions of row i (validated by the caller).
        let end = hints[P::OMEGA + i] as usize;
        let mut bits = [0u64; 4];
        for &n in &hints[start..end] {
            bits[(n >> 6) as usize] |= 1 << (n & 63);
        }
        start = end;
        for (n, a) in w.iter_mut().enumerate() {
            let hbit = ((bits[n >> 6] >> (n & 63)) & 1) as i32;
            *a = use_hint(caddq(reduce32(*a)), hbit, P::GAMMA2);
        }
        absorb_w1::<P>(&mut hc, &w, |c| c);
    }
    hc.finalize();
    // Compare with c̃ eight bytes at a time (public data).
    let mut equal = true;
    for want in sig[..ct].chunks_exact(8) {
        let mut got = [0u8; 8];
        hc.squeeze(&mut got);
        equal &= got == want;
    }
    equal
}
