//! Stack budget: ML-DSA-87 key generation, signing and verification each run on a thread with
//! a fixed 128 KiB stack; an operation that grows past it overflows and fails this test. The
//! budget is for optimised builds (debug builds keep every temporary and get 1 MiB). Each
//! operation runs in a frame of its own, as in `examples/stack.rs`, so that what is measured
//! is the operation and not the test's inlining; the 26 KiB signing key lives on the heap, as
//! an embedded user would keep it in static memory.

use mldsa_core::{MlDsa87, Signature, SigningKey};
use std::hint::black_box;

#[cfg(not(debug_assertions))]
const STACK: usize = 128 << 10;
#[cfg(debug_assertions)]
const STACK: usize = 1 << 20;

#[inline(never)]
fn keygen() -> Box<SigningKey<MlDsa87>> {
    Box::new(SigningKey::from_seed(black_box(&[5; 32])))
}

#[inline(never)]
fn sign(sk: &SigningKey<MlDsa87>) -> Box<Signature<MlDsa87>> {
    Box::new(
        sk.sign_with_rnd(b"stack", b"", black_box(&[6; 32]))
            .unwrap(),
    )
}

#[inline(never)]
fn verify(sk: &SigningKey<MlDsa87>, sig: &Signature<MlDsa87>) {
    sk.verifying_key()
        .verify(b"stack", b"", black_box(sig))
        .unwrap();
}

#[test]
fn ml_dsa_87_fits_the_stack_budget() {
    let t = std::thread::Builder::new().stack_size(STACK).spawn(|| {
        let sk = keygen();
        let sig = sign(&sk);
        verify(&sk, &sig);
    });
    t.unwrap()
        .join()
        .expect("ML-DSA-87 within the stack budget");
}
