//! The exported `extern "C"` functions and the only `unsafe` code of the stack outside the SIMD
//! kernels: turning C pointers into slices (after NULL and length checks) and copying results
//! out. Each function is a thin wrapper around a generic safe body in [`imp`].
#![allow(
    unsafe_code,
    reason = "the C boundary: raw pointers from C become slices here, each use justified"
)]

use crate::Status;
use crate::engine;
use core::ffi::c_int;
use mldsa_core::params::{ByteArray, ParameterSet};
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, MuBuilder, PreHash, PreHashDigest};
use zeroize::Zeroize;

/// The incremental μ context of `mldsa.h` (`mldsa_mu_ctx`): 256 bytes, aligned as `u64`, opaque
/// to C. Initialise it with `mldsaXX_mu_init`, feed it with [`mldsa_mu_update`], read μ with
/// [`mldsa_mu_final`] (which wipes it).
#[repr(C)]
pub struct MldsaMuCtx {
    opaque: [u64; 32],
}

impl MldsaMuCtx {
    /// A zero-filled context (reads as uninitialised: `MLDSA_ERR_BAD_STATE` until
    /// `mldsaXX_mu_init`), for Rust callers that need a value to pass.
    pub const fn zeroed() -> Self {
        MldsaMuCtx { opaque: [0; 32] }
    }
}

/// What an initialised [`MldsaMuCtx`] holds.
#[repr(C)]
struct MuInner {
    magic: u64,
    builder: MuBuilder,
}

/// Marks an initialised context ("mldsa-mu" in ASCII); `mldsa_mu_final` wipes it to zero.
const MU_MAGIC: u64 = 0x6d6c_6473_612d_6d75;

// The header's fixed-size struct must hold the builder.
const _: () = assert!(size_of::<MuInner>() <= size_of::<MldsaMuCtx>());
const _: () = assert!(align_of::<MuInner>() <= align_of::<MldsaMuCtx>());
// 256 bytes, aligned as uint64_t is on the target (8 bytes; 4 on i686, in C as in Rust).
const _: () = assert!(size_of::<MldsaMuCtx>() == 256);
const _: () = assert!(align_of::<MldsaMuCtx>() == align_of::<u64>());

/// The pre-hash identifiers of `mldsa.h` (`mldsa_prehash`): 1 to 12 in the order of
/// [`PreHash::ALL`]; 0 and anything else is [`Status::BadPrehash`].
fn prehash_from_id(id: c_int) -> Result<PreHash, Status> {
    usize::try_from(id)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| PreHash::ALL.get(i).copied())
        .ok_or(Status::BadPrehash)
}

/// The status as the C `int` it is returned as.
fn code(r: Result<(), Status>) -> c_int {
    match r {
        Ok(()) => Status::Ok as c_int,
        Err(s) => s as c_int,
    }
}

/// `len` bytes at `ptr` as a slice; NULL is allowed only with `len == 0` (and then ignored).
///
/// # Safety
/// If `len > 0` and `ptr` is not NULL, `ptr` must be valid for reads of `len` bytes that are
/// not written during the call.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Status::NullPointer);
    }
    if isize::try_from(len).is_err() {
        return Err(Status::BadLength);
    }
    // SAFETY: `ptr` is non-null, `len` ≤ isize::MAX, and the caller guarantees `len` readable
    // bytes at `ptr` that stay unchanged for the call (the function's contract in mldsa.h).
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// `len` bytes at a pointer that must not be NULL (keys: their length is the set's).
///
/// # Safety
/// If `ptr` is not NULL, it must be valid for reads of `len` bytes, unchanged during the call.
unsafe fn required<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Status> {
    if ptr.is_null() {
        return Err(Status::NullPointer);
    }
    // SAFETY: forwarded contract; `ptr` is non-null.
    unsafe { input(ptr, len) }
}

/// The `N` bytes at `ptr` (seed, rnd, μ), copied; NULL is an error.
///
/// # Safety
/// If `ptr` is not NULL, it must be valid for reads of `N` bytes.
unsafe fn array<const N: usize>(ptr: *const u8) -> Result<[u8; N], Status> {
    // SAFETY: forwarded contract.
    let s = unsafe { required(ptr, N) }?;
    let mut out = [0u8; N];
    out.copy_from_slice(s);
    Ok(out)
}

/// Checks an output pointer before any work is done.
fn out_ptr(ptr: *mut u8) -> Result<*mut u8, Status> {
    if ptr.is_null() {
        Err(Status::NullPointer)
    } else {
        Ok(ptr)
    }
}

/// Copies a finished result to the caller's buffer.
///
/// # Safety
/// `dst` (checked non-null) must be valid for writes of `src.len()` bytes and must not overlap
/// `src` (a local of the caller).
unsafe fn write_out(dst: *mut u8, src: &[u8]) {
    // SAFETY: the caller guarantees `src.len()` writable bytes at `dst`; `src` is a Rust local,
    // so the ranges cannot overlap.
    unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), dst, src.len()) }
}

/// Writes a signature and, if `siglen` is not NULL, its length.
///
/// # Safety
/// As [`write_out`] for `sig`; `siglen`, if not NULL, must be valid for a `size_t` write.
unsafe fn write_sig(sig: *mut u8, siglen: *mut usize, src: &[u8]) {
    // SAFETY: forwarded contract.
    unsafe { write_out(sig, src) };
    if !siglen.is_null() {
        // SAFETY: non-null, and the caller guarantees it points to a writable size_t.
        unsafe { siglen.write_unaligned(src.len()) };
    }
}

/// The generic bodies of the per-set functions. Each one checks every pointer and length, then
/// computes into locals, then copies out.
mod imp {
    use super::*;

    /// See `mldsaXX_keypair_from_seed`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn keypair_from_seed<P: ParameterSet>(
        pk: *mut u8,
        sk: *mut u8,
        seed: *const u8,
    ) -> Result<(), Status> {
        let (pk, sk) = (out_ptr(pk)?, out_ptr(sk)?);
        // SAFETY: the caller's contract for `seed` (32 readable bytes).
        let mut xi = unsafe { array::<32>(seed) }?;
        let r = keypair_with::<P>(pk, sk, &xi);
        xi.zeroize();
        r
    }

    /// Key generation from ξ into the (checked) output pointers.
    pub(super) fn keypair_with<P: ParameterSet>(
        pk: *mut u8,
        sk: *mut u8,
        xi: &[u8; 32],
    ) -> Result<(), Status> {
        let mut p = P::PkBytes::zeroed();
        let mut s = P::SkBytes::zeroed();
        let r = engine::keygen::<P>(xi, &mut p, &mut s).map_err(Status::from);
        if r.is_ok() {
            // SAFETY: the contract of the exported function: `pk` and `sk` are writable
            // buffers of PUBLICKEYBYTES and SECRETKEYBYTES, checked non-null.
            unsafe {
                write_out(pk, p.as_ref());
                write_out(sk, s.as_ref());
            }
        }
        s.zeroize();
        r
    }

    /// See `mldsaXX_keypair`.
    #[cfg(feature = "std")]
    pub fn keypair<P: ParameterSet>(pk: *mut u8, sk: *mut u8) -> Result<(), Status> {
        let (pk, sk) = (out_ptr(pk)?, out_ptr(sk)?);
        let mut xi = [0u8; 32];
        let r = match getrandom::fill(&mut xi) {
            Ok(()) => keypair_with::<P>(pk, sk, &xi),
            Err(_) => Err(Status::RngFailure),
        };
        xi.zeroize();
        r
    }

    /// See `mldsaXX_pk_from_sk`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn pk_from_sk<P: ParameterSet>(pk: *mut u8, sk: *const u8) -> Result<(), Status> {
        let pk = out_ptr(pk)?;
        // SAFETY: the caller's contract: `sk` holds SECRETKEYBYTES readable bytes.
        let sk = unsafe { required(sk, P::SK_BYTES) }?;
        let mut p = P::PkBytes::zeroed();
        engine::public_key::<P>(sk, &mut p)?;
        // SAFETY: `pk` is a writable buffer of PUBLICKEYBYTES (contract), checked non-null.
        unsafe { write_out(pk, p.as_ref()) };
        Ok(())
    }

    /// See `mldsaXX_sign`; the randomness is already read (explicit, from the OS, or zero).
    ///
    /// # Safety
    /// As documented in mldsa.h.
    #[allow(clippy::too_many_arguments, reason = "the C signature")]
    pub unsafe fn sign<P: ParameterSet>(
        sig: *mut u8,
        siglen: *mut usize,
        msg: *const u8,
        msglen: usize,
        ctx: *const u8,
        ctxlen: usize,
        rnd: &[u8; 32],
        sk: *const u8,
    ) -> Result<(), Status> {
        let sig = out_ptr(sig)?;
        // SAFETY: the caller's contract for each (pointer, length) pair and for `sk`.
        let (msg, ctx, sk) = unsafe {
            (
                input(msg, msglen)?,
                input(ctx, ctxlen)?,
                required(sk, P::SK_BYTES)?,
            )
        };
        if ctx.len() > 255 {
            return Err(Status::BadContextLength);
        }
        let mut s = P::SigBytes::zeroed();
        engine::sign::<P>(sk, msg, ctx, rnd, &mut s)?;
        // SAFETY: `sig` is a writable buffer of BYTES (contract), checked non-null; `siglen`
        // is NULL or a writable size_t.
        unsafe { write_sig(sig, siglen, s.as_ref()) };
        Ok(())
    }

    /// See `mldsaXX_verify`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn verify<P: ParameterSet>(
        sig: *const u8,
        siglen: usize,
        msg: *const u8,
        msglen: usize,
        ctx: *const u8,
        ctxlen: usize,
        pk: *const u8,
    ) -> Result<(), Status> {
        // SAFETY: the caller's contract for each (pointer, length) pair and for `pk`.
        let (sig, msg, ctx, pk) = unsafe {
            (
                required(sig, siglen)?,
                input(msg, msglen)?,
                input(ctx, ctxlen)?,
                required(pk, P::PK_BYTES)?,
            )
        };
        if sig.len() != P::SIG_BYTES {
            return Err(Status::BadLength);
        }
        if ctx.len() > 255 {
            return Err(Status::BadContextLength);
        }
        Ok(engine::verify::<P>(pk, msg, ctx, sig)?)
    }

    /// See `mldsaXX_sign_mu`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn sign_mu<P: ParameterSet>(
        sig: *mut u8,
        siglen: *mut usize,
        mu: *const u8,
        rnd: *const u8,
        sk: *const u8,
    ) -> Result<(), Status> {
        let sig = out_ptr(sig)?;
        // SAFETY: the caller's contract: 64 bytes at `mu`, 32 at `rnd`, SECRETKEYBYTES at `sk`.
        let (mu, mut rnd, sk) = unsafe {
            (
                array::<64>(mu)?,
                array::<32>(rnd)?,
                required(sk, P::SK_BYTES)?,
            )
        };
        let mut s = P::SigBytes::zeroed();
        let r = engine::sign_mu::<P>(sk, &mu, &rnd, &mut s);
        rnd.zeroize();
        r?;
        // SAFETY: as in `sign`.
        unsafe { write_sig(sig, siglen, s.as_ref()) };
        Ok(())
    }

    /// See `mldsaXX_verify_mu`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn verify_mu<P: ParameterSet>(
        sig: *const u8,
        siglen: usize,
        mu: *const u8,
        pk: *const u8,
    ) -> Result<(), Status> {
        // SAFETY: the caller's contract for `sig`/`siglen`, 64 bytes at `mu`, `pk`.
        let (sig, mu, pk) = unsafe {
            (
                required(sig, siglen)?,
                array::<64>(mu)?,
                required(pk, P::PK_BYTES)?,
            )
        };
        if sig.len() != P::SIG_BYTES {
            return Err(Status::BadLength);
        }
        Ok(engine::verify_mu::<P>(pk, &mu, sig)?)
    }

    /// The digest of a HashML-DSA call, checked against its function.
    ///
    /// # Safety
    /// As [`input`].
    unsafe fn digest(ph: *const u8, phlen: usize, alg: c_int) -> Result<PreHashDigest, Status> {
        // SAFETY: forwarded contract.
        let ph = unsafe { required(ph, phlen) }?;
        let alg = prehash_from_id(alg)?;
        PreHashDigest::from_bytes(alg, ph).map_err(|_| Status::BadLength)
    }

    /// See `mldsaXX_sign_prehash`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    #[allow(clippy::too_many_arguments, reason = "the C signature")]
    pub unsafe fn sign_prehash<P: ParameterSet>(
        sig: *mut u8,
        siglen: *mut usize,
        ph: *const u8,
        phlen: usize,
        alg: c_int,
        ctx: *const u8,
        ctxlen: usize,
        rnd: *const u8,
        sk: *const u8,
    ) -> Result<(), Status> {
        let sig = out_ptr(sig)?;
        // SAFETY: the caller's contract for each pointer and length.
        let (digest, ctx, mut rnd, sk) = unsafe {
            (
                digest(ph, phlen, alg)?,
                input(ctx, ctxlen)?,
                array::<32>(rnd)?,
                required(sk, P::SK_BYTES)?,
            )
        };
        if ctx.len() > 255 {
            return Err(Status::BadContextLength);
        }
        let mut s = P::SigBytes::zeroed();
        let r = engine::sign_prehash::<P>(sk, &digest, ctx, &rnd, &mut s);
        rnd.zeroize();
        r?;
        // SAFETY: as in `sign`.
        unsafe { write_sig(sig, siglen, s.as_ref()) };
        Ok(())
    }

    /// See `mldsaXX_verify_prehash`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    #[allow(clippy::too_many_arguments, reason = "the C signature")]
    pub unsafe fn verify_prehash<P: ParameterSet>(
        sig: *const u8,
        siglen: usize,
        ph: *const u8,
        phlen: usize,
        alg: c_int,
        ctx: *const u8,
        ctxlen: usize,
        pk: *const u8,
    ) -> Result<(), Status> {
        // SAFETY: the caller's contract for each pointer and length.
        let (sig, digest, ctx, pk) = unsafe {
            (
                required(sig, siglen)?,
                digest(ph, phlen, alg)?,
                input(ctx, ctxlen)?,
                required(pk, P::PK_BYTES)?,
            )
        };
        if sig.len() != P::SIG_BYTES {
            return Err(Status::BadLength);
        }
        if ctx.len() > 255 {
            return Err(Status::BadContextLength);
        }
        Ok(engine::verify_prehash::<P>(pk, &digest, ctx, sig)?)
    }

    /// See `mldsaXX_mu_init`.
    ///
    /// # Safety
    /// As documented in mldsa.h.
    pub unsafe fn mu_init<P: ParameterSet>(
        state: *mut MldsaMuCtx,
        pk: *const u8,
        ctx: *const u8,
        ctxlen: usize,
    ) -> Result<(), Status> {
        if state.is_null() {
            return Err(Status::NullPointer);
        }
        // SAFETY: the caller's contract for `pk` (PUBLICKEYBYTES) and `ctx`/`ctxlen`.
        let (pk, ctx) = unsafe { (required(pk, P::PK_BYTES)?, input(ctx, ctxlen)?) };
        let tr = engine::tr_of_pk::<P>(pk)?;
        let builder = MuBuilder::new(&tr, ctx)?;
        // SAFETY: `state` is non-null and points to a writable mldsa_mu_ctx (contract), which
        // is large and aligned enough for `MuInner` (the const assertions above). `write` does
        // not read or drop what was there (uninitialised memory, or an earlier context).
        unsafe {
            state.cast::<MuInner>().write(MuInner {
                magic: MU_MAGIC,
                builder,
            })
        };
        Ok(())
    }

    /// `sign` with the randomness read from `rnd` (32 bytes), wiped after use.
    ///
    /// # Safety
    /// As documented in mldsa.h for `mldsaXX_sign`.
    #[allow(clippy::too_many_arguments, reason = "the C signature")]
    pub unsafe fn sign_rnd<P: ParameterSet>(
        sig: *mut u8,
        siglen: *mut usize,
        msg: *const u8,
        msglen: usize,
        ctx: *const u8,
        ctxlen: usize,
        rnd: *const u8,
        sk: *const u8,
    ) -> Result<(), Status> {
        // SAFETY: the caller's contract: 32 readable bytes at `rnd`.
        let mut r = unsafe { array::<32>(rnd) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { sign::<P>(sig, siglen, msg, msglen, ctx, ctxlen, &r, sk) };
        r.zeroize();
        out
    }

    /// See [`mldsa_mu_update`].
    ///
    /// # Safety
    /// As documented there.
    pub unsafe fn mu_update(
        state: *mut MldsaMuCtx,
        data: *const u8,
        len: usize,
    ) -> Result<(), Status> {
        // SAFETY: forwarded contract.
        let inner = unsafe { mu_inner(state) }?;
        // SAFETY: forwarded contract.
        let data = unsafe { input(data, len) }?;
        inner.builder.update(data);
        Ok(())
    }

    /// See [`mldsa_mu_final`].
    ///
    /// # Safety
    /// As documented there.
    pub unsafe fn mu_final(state: *mut MldsaMuCtx, mu: *mut u8) -> Result<(), Status> {
        let mu = out_ptr(mu)?;
        // SAFETY: forwarded contract.
        let builder = unsafe { mu_inner(state) }?.clone_builder();
        // Wipe the caller's copy of the state (the clone wipes itself when finalised); the
        // magic becomes 0, so the context reads as uninitialised from now on.
        // SAFETY: `state` is non-null (checked by mu_inner) and writable (contract); the
        // reference mu_inner returned is no longer used.
        unsafe { (*state).opaque.zeroize() };
        let mut out = builder.finalize();
        // SAFETY: `mu` is writable for 64 bytes (contract), checked non-null.
        unsafe { write_out(mu, &out) };
        out.zeroize();
        Ok(())
    }

    /// See [`mldsa_prehash`].
    ///
    /// # Safety
    /// As documented there.
    pub unsafe fn prehash(
        alg: c_int,
        msg: *const u8,
        msglen: usize,
        out: *mut u8,
        outlen: *mut usize,
    ) -> Result<(), Status> {
        let out = out_ptr(out)?;
        if outlen.is_null() {
            return Err(Status::NullPointer);
        }
        let alg = prehash_from_id(alg)?;
        // SAFETY: forwarded contract.
        let msg = unsafe { input(msg, msglen) }?;
        let d = alg.digest(msg);
        // SAFETY: `out` writable for 64 bytes (≥ every digest length), `outlen` writable
        // (contract), both checked non-null.
        unsafe {
            write_out(out, d.as_bytes());
            outlen.write_unaligned(d.as_bytes().len());
        }
        Ok(())
    }
}

impl MuInner {
    fn clone_builder(&self) -> MuBuilder {
        self.builder.clone()
    }
}

/// The initialised context behind `state`.
///
/// # Safety
/// `state`, if not NULL, must point to an mldsa_mu_ctx that `mldsaXX_mu_init` initialised (and
/// that may since have been finalised, which zeroes it), not accessed elsewhere during the call.
unsafe fn mu_inner<'a>(state: *mut MldsaMuCtx) -> Result<&'a mut MuInner, Status> {
    if state.is_null() {
        return Err(Status::NullPointer);
    }
    let inner = state.cast::<MuInner>();
    // SAFETY: `state` points to a context initialised by mu_init (contract): its first field
    // is a u64 written by mu_init, or zero after mldsa_mu_final. Size and alignment suffice
    // (const assertions).
    let magic = unsafe { core::ptr::addr_of!((*inner).magic).read() };
    if magic != MU_MAGIC {
        return Err(Status::BadState);
    }
    // SAFETY: the magic value shows mu_init wrote a valid `MuInner` here, and mldsa_mu_final
    // (the only function that moves the builder out) zeroes the magic; the caller does not
    // access the context concurrently (contract).
    Ok(unsafe { &mut *inner })
}

/// Absorbs `len` bytes at `data` into an initialised μ context (any number of calls).
///
/// # Safety
/// `state` as for `mldsa_mu_init`'s output; `data`, if `len > 0`, valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mldsa_mu_update(
    state: *mut MldsaMuCtx,
    data: *const u8,
    len: usize,
) -> c_int {
    // SAFETY: forwarded contract of this function.
    code(unsafe { imp::mu_update(state, data, len) })
}

/// Writes μ (64 bytes) to `mu` and wipes the context, which must be initialised again before
/// its next use.
///
/// # Safety
/// `state` as for [`mldsa_mu_update`]; `mu` writable for 64 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mldsa_mu_final(state: *mut MldsaMuCtx, mu: *mut u8) -> c_int {
    // SAFETY: forwarded contract of this function.
    code(unsafe { imp::mu_final(state, mu) })
}

/// PH(M) with pre-hash function `alg` into `out` (64 bytes of room), its length into
/// `*outlen`.
///
/// # Safety
/// `msg` valid for `msglen` bytes (or `msglen == 0`), `out` writable for 64 bytes, `outlen`
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mldsa_prehash(
    alg: c_int,
    msg: *const u8,
    msglen: usize,
    out: *mut u8,
    outlen: *mut usize,
) -> c_int {
    // SAFETY: forwarded contract of this function.
    code(unsafe { imp::prehash(alg, msg, msglen, out, outlen) })
}

/// Exports the functions of one parameter set under the given C names.
macro_rules! export {
    ($p:ty, $set:literal, $keypair_from_seed:ident, $keypair:ident, $pk_from_sk:ident,
     $sign:ident, $sign_randomized:ident, $sign_deterministic:ident, $verify:ident,
     $sign_mu:ident, $verify_mu:ident, $mu_init:ident, $sign_prehash:ident,
     $verify_prehash:ident) => {
        #[doc = concat!($set, ": key pair (pk, expanded sk) from the 32-byte seed ξ (FIPS 204, Algorithm 6).")]
        ///
        /// # Safety
        /// `pk` and `sk` writable for the set's key sizes; `seed` readable for 32 bytes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $keypair_from_seed(
            pk: *mut u8,
            sk: *mut u8,
            seed: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::keypair_from_seed::<$p>(pk, sk, seed) })
        }

        #[doc = concat!($set, ": key pair from a seed drawn from the operating system (hosted builds).")]
        ///
        /// # Safety
        /// `pk` and `sk` writable for the set's key sizes.
        #[cfg(feature = "std")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $keypair(pk: *mut u8, sk: *mut u8) -> c_int {
            code(imp::keypair::<$p>(pk, sk))
        }

        #[doc = concat!($set, ": the public key of an expanded secret key (checked strictly).")]
        ///
        /// # Safety
        /// `pk` writable, `sk` readable, for the set's key sizes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $pk_from_sk(pk: *mut u8, sk: *const u8) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::pk_from_sk::<$p>(pk, sk) })
        }

        #[doc = concat!($set, ": ML-DSA.Sign with context and the 32 bytes of randomness `rnd`.")]
        ///
        /// # Safety
        /// `sig` writable for the signature size; `siglen` NULL or writable; `msg`/`ctx`
        /// readable for their lengths (or NULL with length 0); `rnd` 32 bytes; `sk` the key.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $sign(
            sig: *mut u8,
            siglen: *mut usize,
            msg: *const u8,
            msglen: usize,
            ctx: *const u8,
            ctxlen: usize,
            rnd: *const u8,
            sk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::sign_rnd::<$p>(sig, siglen, msg, msglen, ctx, ctxlen, rnd, sk) })
        }

        #[doc = concat!($set, ": hedged ML-DSA.Sign, randomness from the operating system (hosted builds).")]
        ///
        /// # Safety
        /// As for the explicit-randomness `sign`, without `rnd`.
        #[cfg(feature = "std")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $sign_randomized(
            sig: *mut u8,
            siglen: *mut usize,
            msg: *const u8,
            msglen: usize,
            ctx: *const u8,
            ctxlen: usize,
            sk: *const u8,
        ) -> c_int {
            let mut r = [0u8; 32];
            let out = match getrandom::fill(&mut r) {
                // SAFETY: forwarded contract of this function.
                Ok(()) => unsafe { imp::sign::<$p>(sig, siglen, msg, msglen, ctx, ctxlen, &r, sk) },
                Err(_) => Err(Status::RngFailure),
            };
            r.zeroize();
            code(out)
        }

        #[doc = concat!($set, ": deterministic ML-DSA.Sign (rnd = 0^32).")]
        ///
        /// # Safety
        /// As for the explicit-randomness `sign`, without `rnd`.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $sign_deterministic(
            sig: *mut u8,
            siglen: *mut usize,
            msg: *const u8,
            msglen: usize,
            ctx: *const u8,
            ctxlen: usize,
            sk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe {
                imp::sign::<$p>(sig, siglen, msg, msglen, ctx, ctxlen, &mldsa_core::DETERMINISTIC, sk)
            })
        }

        #[doc = concat!($set, ": ML-DSA.Verify with context.")]
        ///
        /// # Safety
        /// `sig`, `msg`, `ctx` readable for their lengths (or NULL with length 0, except
        /// `sig`); `pk` readable for the public key size.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $verify(
            sig: *const u8,
            siglen: usize,
            msg: *const u8,
            msglen: usize,
            ctx: *const u8,
            ctxlen: usize,
            pk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::verify::<$p>(sig, siglen, msg, msglen, ctx, ctxlen, pk) })
        }

        #[doc = concat!($set, ": signs an external μ (64 bytes) with randomness `rnd`.")]
        ///
        /// # Safety
        /// `sig` writable for the signature size; `siglen` NULL or writable; `mu` 64 bytes,
        /// `rnd` 32 bytes, `sk` the key size, all readable.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $sign_mu(
            sig: *mut u8,
            siglen: *mut usize,
            mu: *const u8,
            rnd: *const u8,
            sk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::sign_mu::<$p>(sig, siglen, mu, rnd, sk) })
        }

        #[doc = concat!($set, ": verifies a signature of an external μ (64 bytes).")]
        ///
        /// # Safety
        /// `sig` readable for `siglen`, `mu` for 64 bytes, `pk` for the public key size.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $verify_mu(
            sig: *const u8,
            siglen: usize,
            mu: *const u8,
            pk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::verify_mu::<$p>(sig, siglen, mu, pk) })
        }

        #[doc = concat!($set, ": starts μ = H(H(pk) ‖ 0 ‖ |ctx| ‖ ctx ‖ M, 64) in `state`.")]
        ///
        /// # Safety
        /// `state` writable (an `mldsa_mu_ctx`), `pk` readable for the public key size, `ctx`
        /// for `ctxlen` bytes (or NULL with 0).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $mu_init(
            state: *mut MldsaMuCtx,
            pk: *const u8,
            ctx: *const u8,
            ctxlen: usize,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe { imp::mu_init::<$p>(state, pk, ctx, ctxlen) })
        }

        #[doc = concat!($set, ": HashML-DSA.Sign of the digest `ph` made by pre-hash `alg`.")]
        ///
        /// # Safety
        /// `sig` writable for the signature size; `siglen` NULL or writable; `ph` readable for
        /// `phlen`, `ctx` for `ctxlen` (or NULL with 0), `rnd` for 32 bytes, `sk` the key.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $sign_prehash(
            sig: *mut u8,
            siglen: *mut usize,
            ph: *const u8,
            phlen: usize,
            alg: c_int,
            ctx: *const u8,
            ctxlen: usize,
            rnd: *const u8,
            sk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe {
                imp::sign_prehash::<$p>(sig, siglen, ph, phlen, alg, ctx, ctxlen, rnd, sk)
            })
        }

        #[doc = concat!($set, ": HashML-DSA.Verify of the digest `ph` made by pre-hash `alg`.")]
        ///
        /// # Safety
        /// `sig` readable for `siglen`, `ph` for `phlen`, `ctx` for `ctxlen` (or NULL with 0),
        /// `pk` for the public key size.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $verify_prehash(
            sig: *const u8,
            siglen: usize,
            ph: *const u8,
            phlen: usize,
            alg: c_int,
            ctx: *const u8,
            ctxlen: usize,
            pk: *const u8,
        ) -> c_int {
            // SAFETY: forwarded contract of this function.
            code(unsafe {
                imp::verify_prehash::<$p>(sig, siglen, ph, phlen, alg, ctx, ctxlen, pk)
            })
        }
    };
}

export!(
    MlDsa44,
    "ML-DSA-44",
    mldsa44_keypair_from_seed,
    mldsa44_keypair,
    mldsa44_pk_from_sk,
    mldsa44_sign,
    mldsa44_sign_randomized,
    mldsa44_sign_deterministic,
    mldsa44_verify,
    mldsa44_sign_mu,
    mldsa44_verify_mu,
    mldsa44_mu_init,
    mldsa44_sign_prehash,
    mldsa44_verify_prehash
);
export!(
    MlDsa65,
    "ML-DSA-65",
    mldsa65_keypair_from_seed,
    mldsa65_keypair,
    mldsa65_pk_from_sk,
    mldsa65_sign,
    mldsa65_sign_randomized,
    mldsa65_sign_deterministic,
    mldsa65_verify,
    mldsa65_sign_mu,
    mldsa65_verify_mu,
    mldsa65_mu_init,
    mldsa65_sign_prehash,
    mldsa65_verify_prehash
);
export!(
    MlDsa87,
    "ML-DSA-87",
    mldsa87_keypair_from_seed,
    mldsa87_keypair,
    mldsa87_pk_from_sk,
    mldsa87_sign,
    mldsa87_sign_randomized,
    mldsa87_sign_deterministic,
    mldsa87_verify,
    mldsa87_sign_mu,
    mldsa87_verify_mu,
    mldsa87_mu_init,
    mldsa87_sign_prehash,
    mldsa87_verify_prehash
);
