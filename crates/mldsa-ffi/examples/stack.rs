//! Peak stack of each C function, by stack painting on the host (the method of the firmware's
//! `src/stack.rs`, here on a thread of this process): the operation runs on a thread with a
//! 2 MiB stack whose free part below the current frame was filled with a pattern; the lowest
//! word no longer holding it marks the peak. Run it on the firmware's code path:
//!
//! `cargo run --release -p mldsa-ffi --features lowmem --example stack`
//!
//! For comparison it measures `mldsa_core::lowmem` called directly in the same way: the
//! difference is what the C layer adds (its local copies of the outputs, so that nothing is
//! written on failure, and its own frames). Figures are for x86-64; a Cortex-M4 figure is the
//! firmware's measured `mldsa_core::lowmem` figure plus about this difference (firmware/README).
#![allow(
    unsafe_code,
    reason = "calls the C API, and paints this thread's own stack below the current frame"
)]

use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, lowmem};
use mldsa_ffi::*;
use std::hint::black_box;

/// Bytes painted below the measuring frame, and the margin left above them for that frame.
const PAINT: usize = 256 << 10;
const MARGIN: usize = 2 << 10;
const PATTERN: u64 = 0x5a5a_a5a5_c3c3_3c3c;

/// Peak stack of `op` in bytes, measured from this function's frame.
#[inline(never)]
fn measure(op: &mut dyn FnMut()) -> usize {
    let marker = 0u8;
    let top = (&raw const marker as usize - MARGIN) & !7;
    let bottom = top - PAINT;
    for addr in (bottom..top).step_by(8) {
        // SAFETY: [bottom, top) lies inside this thread's 2 MiB stack (spawned with that size
        // by `main`, and this frame is among its first), below the current frame and its
        // margin: no live object is there, and nothing else runs on this thread's stack.
        unsafe { std::ptr::with_exposed_provenance_mut::<u64>(addr).write_volatile(PATTERN) };
    }
    op();
    let mut lowest = top;
    for addr in (bottom..top).step_by(8) {
        // SAFETY: as above; the memory is mapped and below the current frame again.
        let v = unsafe { std::ptr::with_exposed_provenance::<u64>(addr).read_volatile() };
        if v != PATTERN {
            lowest = addr;
            break;
        }
    }
    assert!(
        lowest > bottom,
        "the operation used all of the painted stack"
    );
    &raw const marker as usize - lowest
}

/// The C functions measured, for one set.
struct Fns {
    keypair: unsafe extern "C" fn(*mut u8, *mut u8, *const u8) -> i32,
    pk_from_sk: unsafe extern "C" fn(*mut u8, *const u8) -> i32,
    sign: unsafe extern "C" fn(
        *mut u8,
        *mut usize,
        *const u8,
        usize,
        *const u8,
        usize,
        *const u8,
        *const u8,
    ) -> i32,
    verify: unsafe extern "C" fn(
        *const u8,
        usize,
        *const u8,
        usize,
        *const u8,
        usize,
        *const u8,
    ) -> i32,
    sign_mu: unsafe extern "C" fn(*mut u8, *mut usize, *const u8, *const u8, *const u8) -> i32,
    verify_mu: unsafe extern "C" fn(*const u8, usize, *const u8, *const u8) -> i32,
    mu_init: unsafe extern "C" fn(*mut MldsaMuCtx, *const u8, *const u8, usize) -> i32,
}

fn row<P: ParameterSet>(f: &Fns) {
    let (mut pk, mut sk, mut sig) = (
        vec![0u8; P::PK_BYTES],
        vec![0u8; P::SK_BYTES],
        vec![0u8; P::SIG_BYTES],
    );
    let (seed, rnd, msg, ctx) = ([7u8; 32], [1u8; 32], *b"message", *b"ctx");
    let mut rc = 0;
    let mut n = 0usize;
    let mut cells = Vec::new();
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { (f.keypair)(pk.as_mut_ptr(), sk.as_mut_ptr(), seed.as_ptr()) }
    }));
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { (f.pk_from_sk)(pk.as_mut_ptr(), sk.as_ptr()) }
    }));
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe {
            (f.sign)(
                sig.as_mut_ptr(),
                &mut n,
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
                rnd.as_ptr(),
                sk.as_ptr(),
            )
        }
    }));
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe {
            (f.verify)(
                sig.as_ptr(),
                sig.len(),
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
                pk.as_ptr(),
            )
        }
    }));
    let (mut st, mut mu) = (MldsaMuCtx::zeroed(), [0u8; 64]);
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { (f.mu_init)(&mut st, pk.as_ptr(), ctx.as_ptr(), ctx.len()) };
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { mldsa_mu_update(&mut st, msg.as_ptr(), msg.len()) };
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { mldsa_mu_final(&mut st, mu.as_mut_ptr()) };
    }));
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe {
            (f.sign_mu)(
                sig.as_mut_ptr(),
                &mut n,
                mu.as_ptr(),
                rnd.as_ptr(),
                sk.as_ptr(),
            )
        }
    }));
    cells.push(measure(&mut || {
        // SAFETY: buffers of the set's sizes, valid slices with their lengths.
        rc |= unsafe { (f.verify_mu)(sig.as_ptr(), sig.len(), mu.as_ptr(), pk.as_ptr()) }
    }));
    assert_eq!(rc, 0, "{}: every call succeeds", P::NAME);
    // mldsa_core::lowmem directly, for the C layer's overhead.
    let mut ok = true;
    let direct = [
        measure(&mut || ok &= lowmem::keygen::<P>(black_box(&seed), &mut pk, &mut sk).is_ok()),
        measure(&mut || {
            ok &= lowmem::sign::<P>(&sk, &msg, &ctx, black_box(&rnd), &mut sig).is_ok()
        }),
        measure(&mut || ok &= lowmem::verify::<P>(&pk, &msg, &ctx, black_box(&sig)).is_ok()),
    ];
    assert!(ok);
    let c: Vec<String> = cells.iter().map(|b| b.to_string()).collect();
    println!(
        "| {} | {} | {} | {} ({}) | {} ({}) | {} | {} | {} |",
        P::NAME,
        c[0],
        c[1],
        c[2],
        direct[1],
        c[3],
        direct[2],
        c[4],
        c[5],
        c[6],
    );
    println!("  (lowmem::keygen directly: {} bytes)", direct[0]);
}

fn main() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            println!(
                "| set | keypair_from_seed | pk_from_sk | sign (lowmem::sign) | verify (lowmem::verify) | mu_init+update+final | sign_mu | verify_mu |"
            );
            println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            row::<MlDsa44>(&Fns {
                keypair: mldsa44_keypair_from_seed,
                pk_from_sk: mldsa44_pk_from_sk,
                sign: mldsa44_sign,
                verify: mldsa44_verify,
                sign_mu: mldsa44_sign_mu,
                verify_mu: mldsa44_verify_mu,
                mu_init: mldsa44_mu_init,
            });
            row::<MlDsa65>(&Fns {
                keypair: mldsa65_keypair_from_seed,
                pk_from_sk: mldsa65_pk_from_sk,
                sign: mldsa65_sign,
                verify: mldsa65_verify,
                sign_mu: mldsa65_sign_mu,
                verify_mu: mldsa65_verify_mu,
                mu_init: mldsa65_mu_init,
            });
            row::<MlDsa87>(&Fns {
                keypair: mldsa87_keypair_from_seed,
                pk_from_sk: mldsa87_pk_from_sk,
                sign: mldsa87_sign,
                verify: mldsa87_verify,
                sign_mu: mldsa87_sign_mu,
                verify_mu: mldsa87_verify_mu,
                mu_init: mldsa87_mu_init,
            });
        })
        .expect("thread")
        .join()
        .expect("measurement");
}
