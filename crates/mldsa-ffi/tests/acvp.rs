//! The whole ACVP suite of tests/vectors (keyGen, sigGen of FIPS 204 and its tr1 revision,
//! sigVer) through the `extern "C"` functions, the way a C caller uses them: pure signing
//! through `mldsaXX_sign` (and again through the μ context and `mldsaXX_sign_mu`), HashML-DSA
//! through `mldsa_prehash` and `mldsaXX_sign_prehash`, the internal interface through
//! `mldsaXX_sign_mu`; likewise for verification.
#![allow(unsafe_code, reason = "calls the C API under test")]

use core::ffi::c_int;
use mldsa_core::{ParameterSet, PreHash};
use mldsa_ffi::*;
use mldsa_kat::acvp::{Cases, hexf, mu_of_case, run_keygen, run_siggen, run_sigver};
use serde_json::Value;

type Keypair = unsafe extern "C" fn(*mut u8, *mut u8, *const u8) -> c_int;
type Sign = unsafe extern "C" fn(
    *mut u8,
    *mut usize,
    *const u8,
    usize,
    *const u8,
    usize,
    *const u8,
    *const u8,
) -> c_int;
type Verify =
    unsafe extern "C" fn(*const u8, usize, *const u8, usize, *const u8, usize, *const u8) -> c_int;
type SignMu = unsafe extern "C" fn(*mut u8, *mut usize, *const u8, *const u8, *const u8) -> c_int;
type VerifyMu = unsafe extern "C" fn(*const u8, usize, *const u8, *const u8) -> c_int;
type MuInit = unsafe extern "C" fn(*mut MldsaMuCtx, *const u8, *const u8, usize) -> c_int;
type SignPh = unsafe extern "C" fn(
    *mut u8,
    *mut usize,
    *const u8,
    usize,
    c_int,
    *const u8,
    usize,
    *const u8,
    *const u8,
) -> c_int;
type VerifyPh = unsafe extern "C" fn(
    *const u8,
    usize,
    *const u8,
    usize,
    c_int,
    *const u8,
    usize,
    *const u8,
) -> c_int;

/// The C functions of one parameter set.
struct Set {
    keypair: Keypair,
    sign: Sign,
    verify: Verify,
    sign_mu: SignMu,
    verify_mu: VerifyMu,
    mu_init: MuInit,
    sign_prehash: SignPh,
    verify_prehash: VerifyPh,
}

macro_rules! set {
    ($kp:ident, $s:ident, $v:ident, $sm:ident, $vm:ident, $mi:ident, $sp:ident, $vp:ident) => {
        Set {
            keypair: $kp,
            sign: $s,
            verify: $v,
            sign_mu: $sm,
            verify_mu: $vm,
            mu_init: $mi,
            sign_prehash: $sp,
            verify_prehash: $vp,
        }
    };
}

fn functions<P: ParameterSet>() -> Set {
    match P::NAME {
        "ML-DSA-44" => set!(
            mldsa44_keypair_from_seed,
            mldsa44_sign,
            mldsa44_verify,
            mldsa44_sign_mu,
            mldsa44_verify_mu,
            mldsa44_mu_init,
            mldsa44_sign_prehash,
            mldsa44_verify_prehash
        ),
        "ML-DSA-65" => set!(
            mldsa65_keypair_from_seed,
            mldsa65_sign,
            mldsa65_verify,
            mldsa65_sign_mu,
            mldsa65_verify_mu,
            mldsa65_mu_init,
            mldsa65_sign_prehash,
            mldsa65_verify_prehash
        ),
        "ML-DSA-87" => set!(
            mldsa87_keypair_from_seed,
            mldsa87_sign,
            mldsa87_verify,
            mldsa87_sign_mu,
            mldsa87_verify_mu,
            mldsa87_mu_init,
            mldsa87_sign_prehash,
            mldsa87_verify_prehash
        ),
        other => panic!("unknown set {other}"),
    }
}

/// The `mldsa_prehash` id of an ACVP hash name: its position in `PreHash::ALL`, plus one.
fn prehash_id(t: &Value) -> c_int {
    let alg = PreHash::from_name(t["hashAlg"].as_str().expect("hashAlg")).expect("known");
    let i = PreHash::ALL.iter().position(|&p| p == alg).expect("listed");
    c_int::try_from(i + 1).expect("small")
}

/// PH(msg) through `mldsa_prehash`.
fn digest(id: c_int, msg: &[u8]) -> Vec<u8> {
    let (mut d, mut len) = ([0u8; 64], 0usize);
    // SAFETY: msg is a valid slice, d has 64 bytes, len is writable.
    let rc = unsafe { mldsa_prehash(id, msg.as_ptr(), msg.len(), d.as_mut_ptr(), &mut len) };
    assert_eq!(rc, 0);
    d[..len].to_vec()
}

struct Ffi;

impl Cases for Ffi {
    fn keygen<P: ParameterSet>(&self, t: &Value, want: &Value) {
        let f = functions::<P>();
        let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
        let seed = hexf(t, "seed");
        assert_eq!(seed.len(), 32);
        // SAFETY: buffers of the set's sizes, a 32-byte seed.
        let rc = unsafe { (f.keypair)(pk.as_mut_ptr(), sk.as_mut_ptr(), seed.as_ptr()) };
        assert_eq!(rc, 0);
        assert_eq!(pk, hexf(want, "pk"), "pk, tcId {}", t["tcId"]);
        assert_eq!(sk, hexf(want, "sk"), "sk, tcId {}", t["tcId"]);
    }

    fn sign<P: ParameterSet>(&self, g: &Value, t: &Value) -> Vec<u8> {
        let f = functions::<P>();
        let sk = if g["keyFormat"] == "seed" {
            let (mut pk, mut sk) = (vec![0u8; P::PK_BYTES], vec![0u8; P::SK_BYTES]);
            let seed = hexf(t, "seed");
            // SAFETY: as in keygen.
            let rc = unsafe { (f.keypair)(pk.as_mut_ptr(), sk.as_mut_ptr(), seed.as_ptr()) };
            assert_eq!(rc, 0);
            sk
        } else {
            hexf(t, "sk")
        };
        assert_eq!(sk.len(), P::SK_BYTES);
        let rnd: Vec<u8> = if g["deterministic"].as_bool().expect("deterministic") {
            vec![0; 32]
        } else {
            hexf(t, "rnd")
        };
        assert_eq!(rnd.len(), 32);
        let mut sig = vec![0u8; P::SIG_BYTES];
        let mut siglen = 0usize;
        let (s, sl) = (sig.as_mut_ptr(), &mut siglen as *mut usize);
        let rc = if g["signatureInterface"] == "internal" {
            let mu = mu_of_case(g, t, &sk[64..128].try_into().expect("tr"));
            // SAFETY: a signature buffer of the set's size, 64-byte μ, 32-byte rnd, the key.
            unsafe { (f.sign_mu)(s, sl, mu.as_ptr(), rnd.as_ptr(), sk.as_ptr()) }
        } else {
            let (msg, ctx) = (hexf(t, "message"), hexf(t, "context"));
            if g["preHash"] == "preHash" {
                let id = prehash_id(t);
                let d = digest(id, &msg);
                // SAFETY: as above; d and ctx are valid slices.
                unsafe {
                    (f.sign_prehash)(
                        s,
                        sl,
                        d.as_ptr(),
                        d.len(),
                        id,
                        ctx.as_ptr(),
                        ctx.len(),
                        rnd.as_ptr(),
                        sk.as_ptr(),
                    )
                }
            } else {
                // SAFETY: as above; msg and ctx are valid slices.
                let rc = unsafe {
                    (f.sign)(
                        s,
                        sl,
                        msg.as_ptr(),
                        msg.len(),
                        ctx.as_ptr(),
                        ctx.len(),
                        rnd.as_ptr(),
                        sk.as_ptr(),
                    )
                };
                assert_eq!(rc, 0);
                // The same signature through the incremental μ context and sign_mu.
                let mut pk = vec![0u8; P::PK_BYTES];
                let (mut st, mut mu) = (MldsaMuCtx::zeroed(), [0u8; 64]);
                let mut again = vec![0u8; P::SIG_BYTES];
                let half = msg.len() >> 1;
                // SAFETY: buffers of the right sizes; st is a context, initialised first.
                unsafe {
                    assert_eq!(mldsa_ffi_pk_from_sk::<P>(&mut pk, &sk), 0);
                    assert_eq!(
                        (f.mu_init)(&mut st, pk.as_ptr(), ctx.as_ptr(), ctx.len()),
                        0
                    );
                    assert_eq!(mldsa_mu_update(&mut st, msg.as_ptr(), half), 0);
                    let rest = &msg[half..];
                    assert_eq!(mldsa_mu_update(&mut st, rest.as_ptr(), rest.len()), 0);
                    assert_eq!(mldsa_mu_final(&mut st, mu.as_mut_ptr()), 0);
                    let p = again.as_mut_ptr();
                    assert_eq!(
                        (f.sign_mu)(p, sl, mu.as_ptr(), rnd.as_ptr(), sk.as_ptr()),
                        0
                    );
                }
                assert_eq!(
                    again, sig,
                    "sign_mu of the incremental μ, tcId {}",
                    t["tcId"]
                );
                rc
            }
        };
        assert_eq!(rc, 0, "tcId {}", t["tcId"]);
        assert_eq!(siglen, P::SIG_BYTES);
        sig
    }

    fn verify<P: ParameterSet>(&self, g: &Value, t: &Value) -> bool {
        let f = functions::<P>();
        let pk = hexf(t, "pk");
        if pk.len() != P::PK_BYTES {
            return false;
        }
        let sig = hexf(t, "signature");
        let (s, n) = (sig.as_ptr(), sig.len());
        let rc = if g["signatureInterface"] == "internal" {
            let tr = mldsa_core::VerifyingKey::<P>::from_bytes(&pk)
                .expect("length checked")
                .tr()
                .to_owned();
            let mu = mu_of_case(g, t, &tr);
            // SAFETY: valid slices; pk of the set's size; 64-byte μ.
            unsafe { (f.verify_mu)(s, n, mu.as_ptr(), pk.as_ptr()) }
        } else {
            let (msg, ctx) = (hexf(t, "message"), hexf(t, "context"));
            if g["preHash"] == "preHash" {
                let id = prehash_id(t);
                let d = digest(id, &msg);
                // SAFETY: valid slices; pk of the set's size.
                unsafe {
                    (f.verify_prehash)(
                        s,
                        n,
                        d.as_ptr(),
                        d.len(),
                        id,
                        ctx.as_ptr(),
                        ctx.len(),
                        pk.as_ptr(),
                    )
                }
            } else {
                // SAFETY: valid slices; pk of the set's size.
                unsafe {
                    (f.verify)(
                        s,
                        n,
                        msg.as_ptr(),
                        msg.len(),
                        ctx.as_ptr(),
                        ctx.len(),
                        pk.as_ptr(),
                    )
                }
            }
        };
        // A failure is one of the documented verdicts, never anything else.
        assert!([0, -2, -4].contains(&rc), "status {rc}, tcId {}", t["tcId"]);
        rc == 0
    }
}

/// `mldsaXX_pk_from_sk` of the set `P`.
///
/// # Safety
/// `pk` and `sk` have the set's sizes.
unsafe fn mldsa_ffi_pk_from_sk<P: ParameterSet>(pk: &mut [u8], sk: &[u8]) -> c_int {
    assert_eq!((pk.len(), sk.len()), (P::PK_BYTES, P::SK_BYTES));
    let f = match P::NAME {
        "ML-DSA-44" => mldsa44_pk_from_sk,
        "ML-DSA-65" => mldsa65_pk_from_sk,
        _ => mldsa87_pk_from_sk,
    };
    // SAFETY: lengths asserted above.
    unsafe { f(pk.as_mut_ptr(), sk.as_ptr()) }
}

#[test]
fn keygen() {
    run_keygen(&Ffi);
}

#[test]
fn siggen_fips204() {
    run_siggen(&Ffi, "ML-DSA-sigGen-FIPS204", 360);
}

#[test]
fn siggen_fips204_tr1() {
    run_siggen(&Ffi, "ML-DSA-sigGen-FIPS204-tr1", 720);
}

#[test]
fn sigver() {
    run_sigver(&Ffi);
}
