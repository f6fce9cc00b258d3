//! Key generation (FIPS 204, Algorithm 6) and the public key of an expanded secret key, on the
//! caller's buffers: t = NTT^-1(Â ∘ NTT(s1)) + s2 is computed one row at a time in one
//! polynomial, with s1 and s2 read from the secret key being written.

use super::matrix::matrix_row;
use super::packed::{Packed, secrets_out_of_range};
use crate::ct::{Secret, declassify, declassify_bytes};
use crate::encode::{SkLayout, check_len, field, field_mut, pack_bits, pack_t0_coeffs};
use crate::error::Error;
use crate::field::{caddq, reduce32};
use crate::hash::h;
use crate::keccak::Shake256;
use crate::params::{N, POLY_T0_BYTES, POLY_T1_BYTES, ParameterSet};
use crate::rounding::power2round;
use crate::sample::rej_eta;
use subtle::{Choice, ConstantTimeEq};

/// The rows of t = NTT^-1(Â ∘ NTT(s1)) + s2 (FIPS 204, Algorithm 6, lines 5-6), with s1 and s2
/// read from the packed key `sk_s` (at least up to t0's offset) and Â streamed row by row:
/// (t1, t0) = Power2Round(t) (Algorithm 35), t1 packed into `pk` (Algorithm 22) and row i's t0
/// handed to `t0_row(i, t0)`. `t` is the caller's scratch polynomial.
fn t_rows<P: ParameterSet>(
    rho: &[u8; 32],
    sk_s: &[u8],
    pk: &mut [u8],
    t: &mut [i32; N],
    mut t0_row: impl FnMut(usize, &[i32; N]),
) {
    let eb = P::POLY_ETA_BYTES;
    let s1 = |j| Packed::eta::<P>(field(sk_s, SkLayout::S1, eb, j));
    for i in 0..P::K {
        matrix_row::<P>(rho, i, t, s1);
        let s2 = Packed::eta::<P>(field(sk_s, SkLayout::s2::<P>(), eb, i));
        for (n, a) in t.iter_mut().enumerate() {
            *a = caddq(reduce32(*a + s2.coeff(n)));
        }
        // (t1, t0) = Power2Round(t): t1 packed, then t0 replaces t.
        let t1_field = field_mut(pk, 32, POLY_T1_BYTES, i);
        pack_bits(t1_field, 10, t, |c| power2round(c).0 as u32);
        for a in t.iter_mut() {
            *a = power2round(*a).1;
        }
        t0_row(i, t);
    }
}

/// ML-DSA.KeyGen_internal (FIPS 204, Algorithm 6) writing pk (Algorithm 22) and the expanded sk
/// (Algorithm 24) straight into the caller's buffers, which must have exactly `P::PK_BYTES` and
/// `P::SK_BYTES` bytes.
pub fn keygen<P: ParameterSet>(xi: &[u8; 32], pk: &mut [u8], sk: &mut [u8]) -> Result<(), Error> {
    check_len("public key buffer", pk, P::PK_BYTES)?;
    check_len("secret key buffer", sk, P::SK_BYTES)?;
    expand_secrets::<P>(xi, pk, sk);
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&pk[..32]);
    let mut t = Secret([0i32; N]);
    // s1 and s2 lie before t0: read them while t0 is written.
    let (s, t0s) = sk.split_at_mut(SkLayout::t0::<P>());
    t_rows::<P>(&rho, s, pk, &mut t, |i, t0| {
        pack_t0_coeffs(field_mut(t0s, 0, POLY_T0_BYTES, i), t0)
    });
    // tr = H(pk, 64).
    h(&[pk], &mut sk[64..128]);
    Ok(())
}

/// Lines 1-4 of Algorithm 6 in a frame of their own: (ρ, ρ′, K) = H(ξ ‖ k ‖ ℓ, 128), ρ into pk
/// and sk, K into sk, and (s1, s2) = ExpandS(ρ′) packed into sk one polynomial at a time.
#[inline(never)]
fn expand_secrets<P: ParameterSet>(xi: &[u8; 32], pk: &mut [u8], sk: &mut [u8]) {
    let mut seeds = Secret([0u8; 128]);
    h(&[xi, &[P::K as u8, P::L as u8]], &mut seeds[..]);
    // ρ is the public key's first field (see `ct`): ExpandA branches on its output.
    declassify_bytes(&mut seeds[..32]);
    pk[..32].copy_from_slice(&seeds[..32]);
    sk[..32].copy_from_slice(&seeds[..32]);
    sk[32..64].copy_from_slice(&seeds[96..]);
    let mut rho_prime = Secret([0u8; 64]);
    rho_prime.copy_from_slice(&seeds[32..96]);
    let mut xof = Shake256::new();
    // s1 then s2, which follows it in sk.
    for r in 0..P::L + P::K {
        xof.reset();
        xof.update(&rho_prime[..]).update(&(r as u16).to_le_bytes());
        xof.finalize();
        pack_bounded::<P>(&mut xof, field_mut(sk, SkLayout::S1, P::POLY_ETA_BYTES, r));
    }
}

/// RejBoundedPoly (FIPS 204, Algorithm 31) from the finalized sponge `xof`, packed with
/// BitPack(·, η, η) (Algorithm 17) into `out` eight coefficients at a time as they are
/// accepted: no polynomial and no block buffer. [`rej_eta`] is given one byte at a time and
/// room for both of its half-bytes until the polynomial's last coefficient, so it sees
/// exactly the half-bytes, and stops where, the whole-block sampler does.
fn pack_bounded<P: ParameterSet>(xof: &mut Shake256, out: &mut [u8]) {
    let bits = P::ETA_BITS;
    let mut run = Secret([0i32; 9]);
    let mut byte = Secret([0u8; 1]);
    let (mut done, mut filled) = (0, 0);
    while done < N {
        xof.squeeze(&mut byte[..]);
        let room = (N - done - filled).min(2);
        filled += rej_eta(P::ETA, &mut run[filled..filled + room], &byte[..]);
        if filled >= 8 {
            let at = (done >> 3) * bits;
            pack_bits(&mut out[at..at + bits], bits as u32, &run[..8], |c| {
                (P::ETA - c) as u32
            });
            run[0] = run[8];
            filled -= 8;
            done += 8;
        }
    }
}

/// The public key of an expanded secret key `sk` (`P::SK_BYTES`), written into `pk`
/// (`P::PK_BYTES`): t = NTT^-1(Â ∘ NTT(s1)) + s2 recomputed row by row from the packed key,
/// exactly as [`keygen`] does. The key is checked strictly on the way: s1 and s2 must lie in
/// [-η, η] ([`Error::SecretOutOfRange`]), and the t0 and tr it holds must be the ones ρ, s1 and
/// s2 define (compared in constant time; [`Error::InconsistentSecretKey`]). On an error `pk`
/// may hold a partial result.
pub fn public_key<P: ParameterSet>(sk: &[u8], pk: &mut [u8]) -> Result<(), Error> {
    check_len("expanded secret key", sk, P::SK_BYTES)?;
    check_len("public key buffer", pk, P::PK_BYTES)?;
    // Whether the key is well-formed is not a secret (see `ct`).
    if declassify(secrets_out_of_range::<P>(sk)) {
        return Err(Error::SecretOutOfRange);
    }
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&sk[..32]);
    pk[..32].copy_from_slice(&rho);
    let t0_at = SkLayout::t0::<P>();
    let mut t = Secret([0i32; N]);
    let mut same = Choice::from(1);
    t_rows::<P>(&rho, sk, pk, &mut t, |i, t0| {
        // Eight coefficients (13 bytes) at a time against the key's t0.
        let want = field(sk, t0_at, POLY_T0_BYTES, i);
        for (run, w) in t0.chunks_exact(8).zip(want.chunks_exact(13)) {
            let mut got = Secret([0u8; 13]);
            pack_t0_coeffs(&mut got[..], run);
            same &= got[..].ct_eq(w);
        }
    });
    let mut tr = [0u8; 64];
    h(&[pk], &mut tr);
    same &= tr[..].ct_eq(&sk[64..128]);
    if declassify(same) {
        Ok(())
    } else {
        Err(Error::InconsistentSecretKey)
    }
}
