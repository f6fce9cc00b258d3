//! The low-memory strategy: ML-DSA for devices with a few KiB of stack (after Bos, Renes and
//! Sprenkels, "Dilithium for Memory Constrained Devices", and pqm4's stack-optimised code).
//!
//! The choice is made at compile time by calling these functions instead of the key types:
//! they work on the FIPS 204 encodings in the caller's buffers (pk, expanded sk, signature) and
//! never materialise Â, a whole vector of polynomials, or NTT forms of the secrets:
//! - Â is streamed: each entry Â\[i\]\[j\] is generated coefficient by coefficient from SHAKE128 and
//!   multiplied into a row accumulator as it is produced;
//! - y is never stored as polynomials: ExpandMask's SHAKE256 output *is* BitPack(y, γ1 - 1, γ1)
//!   (Algorithms 19 and 34), so it is squeezed straight into the z field of the caller's
//!   signature buffer, and z = y + c·s1 later replaces it there in place;
//! - w is recomputed row by row when the hint needs it, from y = z - c·s1;
//! - c·s1, c·s2, c·t0 and c·t1·2^d are sparse products (c has τ non-zero coefficients, ±1)
//!   computed exactly on small integers from the packed keys, without NTTs;
//! - the hint is kept as bits (k·32 bytes) and packed once the signature is accepted.
//!
//! Live state is three polynomials (3 KiB) plus two Keccak states and small buffers. Outputs are
//! byte-identical to the default strategy (tested against it and against the KATs); the price is
//! time: k·ℓ NTTs and matrix entries per signing attempt instead of ℓ and once per signature.
//!
//! Constant-time behaviour matches the default strategy: secrets flow only through
//! branch-free arithmetic, the sparse products branch and index only on c (public, see
//! `ct.rs`), and the rejection tests go through [`crate::kernel::declassify`].

use crate::Portable;
use crate::challenge::Challenge;
use crate::ct::{Secret, declassify, declassify_bytes, declassify_words};
use crate::encode::{
    SkLayout, check_len, field, field_mut, pack_bits, pack_eta, pack_hint, pack_t0, pack_z,
    unpack_bits, unpack_eta, unpack_hint, unpack_t0, unpack_z,
};
use crate::error::Error;
use crate::field::{caddq, mont_mul, reduce32};
use crate::hash::{MuBuilder, h};
use crate::keccak::{Shake128, Shake256};
use crate::ntt::{inv_ntt, ntt};
use crate::params::{N, POLY_T0_BYTES, POLY_T1_BYTES, ParameterSet};
use crate::poly::Poly;
use crate::rounding::{decompose, exceeds, make_hint, power2round, use_hint};
use crate::sample::{coeff_from_three_bytes, expand_s};
use subtle::{Choice, ConstantTimeEq, ConstantTimeGreater};

/// The coefficients of Â\[r\]\[s\] = RejNTTPoly(ρ ‖ s ‖ r) (FIPS 204, Algorithm 30), one at a time,
/// read three bytes at a time straight from the sponge (no block buffer: 168 bytes of stack
/// saved for a little speed).
struct UniformStream {
    xof: Shake128,
}

impl UniformStream {
    fn new(rho: &[u8; 32], r: usize, s: usize) -> Self {
        let mut xof = Shake128::new();
        xof.update(rho).update(&[s as u8, r as u8]);
        xof.finalize();
        UniformStream { xof }
    }

    fn next(&mut self) -> i32 {
        let mut b = [0u8; 3];
        loop {
            self.xof.squeeze(&mut b);
            if let Some(c) = coeff_from_three_bytes(&b) {
                return c;
            }
        }
    }
}

/// acc = NTT^-1(Σ_j Â\[i\]\[j\] ∘ NTT(v_j)) where `load(j, tmp)` writes v_j (|v_j| < q) into `tmp`;
/// each matrix entry is streamed. Every Montgomery product is < q, the sum of ℓ ≤ 7 of them is
/// < 7q and is reduced below q before the inverse NTT, whose output has |acc| < q.
fn matrix_row<P: ParameterSet>(
    rho: &[u8; 32],
    i: usize,
    acc: &mut Poly,
    tmp: &mut Poly,
    mut load: impl FnMut(usize, &mut Poly),
) {
    *acc = Poly::ZERO;
    for j in 0..P::L {
        load(j, tmp);
        ntt(tmp);
        let mut a = UniformStream::new(rho, i, j);
        for (x, &b) in acc.coeffs.iter_mut().zip(tmp.coeffs.iter()) {
            *x += mont_mul(a.next(), b);
        }
    }
    for x in acc.coeffs.iter_mut() {
        *x = reduce32(*x);
    }
    inv_ntt(acc);
}

/// 1 when some |coefficient| ≥ bound (reduced or exact small values), as a choice.
fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
    Choice::from(a.coeffs.iter().fold(0, |t, &c| t | exceeds(c, bound)) as u8)
}

/// The rows of t = NTT^-1(Â ∘ NTT(s1)) + s2 (FIPS 204, Algorithm 6, lines 5-6), with s1 and s2
/// read from the packed key `sk_s` (at least up to t0's offset) and Â streamed row by row:
/// (t1, t0) = Power2Round(t) (Algorithm 35), t1 packed into `pk` (Algorithm 22) and row i's t0
/// handed to `t0_row(i, t0)`. `acc` and `tmp` are the caller's scratch polynomials.
fn t_rows<P: ParameterSet>(
    rho: &[u8; 32],
    sk_s: &[u8],
    pk: &mut [u8],
    acc: &mut Poly,
    tmp: &mut Poly,
    mut t0_row: impl FnMut(usize, &Poly),
) {
    let (s1_at, s2_at) = (SkLayout::S1, SkLayout::s2::<P>());
    for i in 0..P::K {
        // Row i of Â ∘ NTT(s1), with s1 re-read from the packed key.
        matrix_row::<P>(rho, i, acc, tmp, |j, t| {
            unpack_eta::<P>(t, field(sk_s, s1_at, P::POLY_ETA_BYTES, j));
        });
        unpack_eta::<P>(tmp, field(sk_s, s2_at, P::POLY_ETA_BYTES, i));
        // (t1, t0) = Power2Round(t): t1 replaces t in `acc`, t0 replaces s2 in `tmp`.
        for (a, t) in acc.coeffs.iter_mut().zip(tmp.coeffs.iter_mut()) {
            (*a, *t) = power2round(caddq(reduce32(*a + *t)));
        }
        pack_bits(field_mut(pk, 32, POLY_T1_BYTES, i), 10, &acc.coeffs, |c| {
            c as u32
        });
        t0_row(i, tmp);
    }
}

/// ML-DSA.KeyGen_internal (FIPS 204, Algorithm 6) writing pk (Algorithm 22) and the expanded sk
/// (Algorithm 24) straight into the caller's buffers, which must have exactly `P::PK_BYTES` and
/// `P::SK_BYTES` bytes.
pub fn keygen<P: ParameterSet>(xi: &[u8; 32], pk: &mut [u8], sk: &mut [u8]) -> Result<(), Error> {
    check_len("public key buffer", pk, P::PK_BYTES)?;
    check_len("secret key buffer", sk, P::SK_BYTES)?;
    let mut seeds = Secret([0u8; 128]);
    h(&[xi, &[P::K as u8, P::L as u8]], &mut seeds[..]);
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&seeds[..32]);
    // ρ is the public key's first field (see `ct`): ExpandA branches on its output.
    declassify_bytes(&mut rho);
    let mut rho_prime = Secret([0u8; 64]);
    rho_prime.copy_from_slice(&seeds[32..96]);
    pk[..32].copy_from_slice(&rho);
    sk[..32].copy_from_slice(&rho);
    sk[32..64].copy_from_slice(&seeds[96..]);
    let (s1_at, s2_at, t0_at) = (SkLayout::S1, SkLayout::s2::<P>(), SkLayout::t0::<P>());

    let mut acc = Secret(Poly::ZERO);
    let mut tmp = Secret(Poly::ZERO);
    for r in 0..P::L + P::K {
        expand_s::<P, Portable>(&rho_prime, r as u16, core::slice::from_mut(&mut tmp));
        let at = if r < P::L {
            field_mut(sk, s1_at, P::POLY_ETA_BYTES, r)
        } else {
            field_mut(sk, s2_at, P::POLY_ETA_BYTES, r - P::L)
        };
        pack_eta(P::ETA, at, &tmp);
    }
    // s1 and s2 lie before t0: read them while t0 is written.
    let (s, t0s) = sk.split_at_mut(t0_at);
    t_rows::<P>(&rho, s, pk, &mut acc, &mut tmp, |i, t0| {
        pack_t0(field_mut(t0s, 0, POLY_T0_BYTES, i), t0)
    });
    // tr = H(pk, 64).
    let mut tr = [0u8; 64];
    h(&[pk], &mut tr);
    sk[64..128].copy_from_slice(&tr);
    Ok(())
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
    let (s1_at, s2_at, t0_at) = (SkLayout::S1, SkLayout::s2::<P>(), SkLayout::t0::<P>());
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&sk[..32]);
    pk[..32].copy_from_slice(&rho);
    let mut acc = Secret(Poly::ZERO);
    let mut tmp = Secret(Poly::ZERO);
    // Whether the key is well-formed is not a secret (see `ct`).
    let mut bad = Choice::from(0);
    for j in 0..P::L + P::K {
        let at = if j < P::L {
            field(sk, s1_at, P::POLY_ETA_BYTES, j)
        } else {
            field(sk, s2_at, P::POLY_ETA_BYTES, j - P::L)
        };
        bad |= unpack_eta::<P>(&mut tmp, at);
    }
    if declassify(bad) {
        return Err(Error::SecretOutOfRange);
    }
    let mut same = Choice::from(1);
    let mut t0 = Secret([0u8; POLY_T0_BYTES]);
    t_rows::<P>(&rho, sk, pk, &mut acc, &mut tmp, |i, t| {
        pack_t0(&mut t0[..], t);
        same &= t0[..].ct_eq(field(sk, t0_at, POLY_T0_BYTES, i));
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

/// ML-DSA.Sign (FIPS 204, Algorithm 2) from the expanded secret key `sk`, into `sig`.
pub fn sign<P: ParameterSet>(
    sk: &[u8],
    msg: &[u8],
    ctx: &[u8],
    rnd: &[u8; 32],
    sig: &mut [u8],
) -> Result<(), Error> {
    check_len("expanded secret key", sk, P::SK_BYTES)?;
    let mut tr = [0u8; 64];
    tr.copy_from_slice(&sk[64..128]);
    let mut b = MuBuilder::new(&tr, ctx)?;
    b.update(msg);
    sign_mu::<P>(sk, &b.finalize(), rnd, sig)
}

/// Signs μ (FIPS 204, Algorithm 7 from line 7) from the expanded secret key `sk` (as written by
/// [`keygen`]; its s1 and s2 are range-checked, its consistency is the caller's to vouch for),
/// writing the signature (Algorithm 26) into `sig`.
pub fn sign_mu<P: ParameterSet>(
    sk: &[u8],
    mu: &[u8; 64],
    rnd: &[u8; 32],
    sig: &mut [u8],
) -> Result<(), Error> {
    check_len("expanded secret key", sk, P::SK_BYTES)?;
    check_len("signature buffer", sig, P::SIG_BYTES)?;
    let (s1_at, s2_at, t0_at) = (SkLayout::S1, SkLayout::s2::<P>(), SkLayout::t0::<P>());
    let (ct, zb, eb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES, P::POLY_ETA_BYTES);
    let mut rho = [0u8; 32];
    rho.copy_from_slice(&sk[..32]);
    // ρ″ = H(K ‖ rnd ‖ μ, 64) (line 7).
    let mut rho2 = Secret([0u8; 64]);
    h(&[&sk[32..64], rnd, mu], &mut rho2[..]);

    let mut acc = Secret(Poly::ZERO);
    let mut tmp = Secret(Poly::ZERO);
    let mut aux = Secret(Poly::ZERO);
    // Whether the key is well-formed is not a secret (see `ct`).
    let mut bad = Choice::from(0);
    for j in 0..P::L + P::K {
        let at = if j < P::L {
            field(sk, s1_at, eb, j)
        } else {
            field(sk, s2_at, eb, j - P::L)
        };
        bad |= unpack_eta::<P>(&mut aux, at);
    }
    if declassify(bad) {
        return Err(Error::SecretOutOfRange);
    }
    let mut hint = Secret([[0u64; 4]; 8]);
    let mut w1_bytes = Secret([0u8; 192]);
    let w1_len = P::POLY_W1_BYTES;
    let mut kappa: u16 = 0;

    'attempt: loop {
        // y_j = ExpandMask(ρ″, κ + j) (line 11), squeezed into the z field of the signature.
        for j in 0..P::L {
            let mut x = Shake256::new();
            x.update(&rho2[..])
                .update(&kappa.wrapping_add(j as u16).to_le_bytes());
            x.finalize();
            x.squeeze(field_mut(sig, ct, zb, j));
        }
        kappa = kappa.wrapping_add(P::L as u16);

        // c̃ = H(μ ‖ w1Encode(HighBits(Â·y)), λ/4), w streamed row by row (lines 12-15).
        let mut hc = Shake256::new();
        hc.update(mu);
        for i in 0..P::K {
            matrix_row::<P>(&rho, i, &mut acc, &mut tmp, |j, t| {
                unpack_z(P::GAMMA1_BITS, t, field(sig, ct, zb, j));
            });
            for a in acc.coeffs.iter_mut() {
                *a = decompose(caddq(*a), P::GAMMA2).0;
            }
            pack_bits(
                &mut w1_bytes[..w1_len],
                P::W1_BITS as u32,
                &acc.coeffs,
                |c| c as u32,
            );
            hc.update(&w1_bytes[..w1_len]);
        }
        hc.finalize();
        hc.squeeze(&mut sig[..ct]);
        // c̃ is public (see `ct`): the challenge and the sparse products branch on it.
        declassify_bytes(&mut sig[..ct]);
        let c = Challenge::sample::<P>(&sig[..ct]);

        // z = y + c·s1, exact, replacing y in the signature; reject if ‖z‖∞ ≥ γ1 - β.
        for j in 0..P::L {
            unpack_z(P::GAMMA1_BITS, &mut tmp, field(sig, ct, zb, j));
            unpack_eta::<P>(&mut aux, field(sk, s1_at, eb, j));
            c.mul_acc(&mut tmp, &aux, false);
            if declassify(norm_exceeds(&tmp, P::GAMMA1 - P::BETA)) {
                continue 'attempt;
            }
            pack_z(P::GAMMA1_BITS, field_mut(sig, ct, zb, j), &tmp);
        }

        // Row by row: w again from y = z - c·s1; r0 = w0 - c·s2, ct0, the hint (lines 19-28).
        let mut ones = 0u64;
        for i in 0..P::K {
            matrix_row::<P>(&rho, i, &mut acc, &mut tmp, |j, t| {
                unpack_z(P::GAMMA1_BITS, t, field(sig, ct, zb, j));
                unpack_eta::<P>(&mut aux, field(sk, s1_at, eb, j));
                c.mul_acc(t, &aux, true);
            });
            // (w1, w0) = Decompose(w): w1 to `w1_bytes`, w0 to `tmp`.
            for (a, t) in acc.coeffs.iter_mut().zip(tmp.coeffs.iter_mut()) {
                (*a, *t) = decompose(caddq(*a), P::GAMMA2);
            }
            pack_bits(
                &mut w1_bytes[..w1_len],
                P::W1_BITS as u32,
                &acc.coeffs,
                |c| c as u32,
            );
            unpack_eta::<P>(&mut aux, field(sk, s2_at, eb, i));
            c.mul_acc(&mut tmp, &aux, true);
            if declassify(norm_exceeds(&tmp, P::GAMMA2 - P::BETA)) {
                continue 'attempt;
            }
            unpack_t0(&mut aux, field(sk, t0_at, POLY_T0_BYTES, i));
            acc.coeffs = [0; N];
            c.mul_acc(&mut acc, &aux, false);
            if declassify(norm_exceeds(&acc, P::GAMMA2)) {
                continue 'attempt;
            }
            tmp.add_assign(&acc);
            unpack_bits(&w1_bytes[..w1_len], P::W1_BITS as u32, &mut acc, |v| {
                v as i32
            });
            hint[i] = [0; 4];
            for (n, (&r0, &r1)) in tmp.coeffs.iter().zip(acc.coeffs.iter()).enumerate() {
                let b = make_hint(r0, r1, P::GAMMA2);
                hint[i][n >> 6] |= (b as u64) << (n & 63);
                ones += b as u64;
            }
        }
        if declassify(ones.ct_gt(&(P::OMEGA as u64))) {
            continue 'attempt;
        }
        // The accepted hint is output (see `ct`).
        declassify_words(hint[..P::K].as_flattened_mut());
        pack_hint::<P>(&mut sig[ct + P::L * zb..], &hint[..P::K]);
        return Ok(());
    }
}

/// ML-DSA.Verify (FIPS 204, Algorithm 3), reading pk and the signature in place.
pub fn verify<P: ParameterSet>(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<(), Error> {
    check_len("public key", pk, P::PK_BYTES)?;
    let mu = pure_mu(pk, msg, ctx)?;
    verify_mu::<P>(pk, &mu, sig)
}

/// μ for pure ML-DSA under `pk`, in a frame of its own (the hash states do not stay on the stack
/// during verification).
#[inline(never)]
fn pure_mu(pk: &[u8], msg: &[u8], ctx: &[u8]) -> Result<[u8; 64], Error> {
    let mut tr = [0u8; 64];
    h(&[pk], &mut tr);
    let mut b = MuBuilder::new(&tr, ctx)?;
    b.update(msg);
    Ok(b.finalize())
}

/// Verification of μ (FIPS 204, Algorithm 8 from line 7), reading pk and the signature in
/// place: Â streamed, w′ = NTT^-1(Â ∘ NTT(z)) - c·t1·2^d row by row with a sparse product.
/// Each stage runs in a frame of its own, so that only the two polynomials of the row loop are
/// live together with the hash state.
pub fn verify_mu<P: ParameterSet>(pk: &[u8], mu: &[u8; 64], sig: &[u8]) -> Result<(), Error> {
    check_len("public key", pk, P::PK_BYTES)?;
    check_len("signature", sig, P::SIG_BYTES)?;
    unpack_hint::<P>(None, &sig[P::CTILDE_BYTES + P::L * P::POLY_Z_BYTES..])?;
    check_z::<P>(sig)?;
    let c = Challenge::sample::<P>(&sig[..P::CTILDE_BYTES]);
    if recompute_c_tilde_matches::<P>(pk, mu, sig, &c) {
        Ok(())
    } else {
        Err(Error::VerificationFailed)
    }
}

/// ‖z‖∞ < γ1 - β (Algorithm 8, line 13), one polynomial at a time.
#[inline(never)]
fn check_z<P: ParameterSet>(sig: &[u8]) -> Result<(), Error> {
    let mut z = Poly::ZERO;
    for j in 0..P::L {
        unpack_z(
            P::GAMMA1_BITS,
            &mut z,
            field(sig, P::CTILDE_BYTES, P::POLY_Z_BYTES, j),
        );
        if bool::from(norm_exceeds(&z, P::GAMMA1 - P::BETA)) {
            return Err(Error::ResponseOutOfRange);
        }
    }
    Ok(())
}

/// Lines 9-12 of Algorithm 8 row by row, then whether H(μ ‖ w1Encode(w1′), λ/4) = c̃.
#[inline(never)]
fn recompute_c_tilde_matches<P: ParameterSet>(
    pk: &[u8],
    mu: &[u8; 64],
    sig: &[u8],
    c: &Challenge,
) -> bool {
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    let hints = &sig[ct + P::L * zb..];
    let rho: &[u8; 32] = pk[..32].try_into().expect("length checked by the caller");
    let mut acc = Poly::ZERO;
    let mut tmp = Poly::ZERO;
    let mut hc = Shake256::new();
    hc.update(mu);
    let mut start = 0;
    for i in 0..P::K {
        matrix_row::<P>(rho, i, &mut acc, &mut tmp, |j, t| {
            unpack_z(P::GAMMA1_BITS, t, field(sig, ct, zb, j));
        });
        // - c·t1·2^d: |acc| < q + τ·q stays far below reduce32's limit.
        unpack_bits(field(pk, 32, POLY_T1_BYTES, i), 10, &mut tmp, |v| v as i32);
        tmp.shift_left_d();
        c.mul_acc(&mut acc, &tmp, true);
        // The hint positions of row i (validated by the caller).
        let end = hints[P::OMEGA + i] as usize;
        let mut bits = [0u64; 4];
        for &n in &hints[start..end] {
            bits[(n >> 6) as usize] |= 1 << (n & 63);
        }
        start = end;
        for (n, a) in acc.coeffs.iter_mut().enumerate() {
            let hbit = ((bits[n >> 6] >> (n & 63)) & 1) as i32;
            *a = use_hint(caddq(reduce32(*a)), hbit, P::GAMMA2);
        }
        // w1Encode (Algorithm 28), eight coefficients at a time straight into the hash.
        let mut packed = [0u8; 6];
        for run in acc.coeffs.chunks_exact(8) {
            pack_bits(&mut packed[..P::W1_BITS], P::W1_BITS as u32, run, |c| {
                c as u32
            });
            hc.update(&packed[..P::W1_BITS]);
        }
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
