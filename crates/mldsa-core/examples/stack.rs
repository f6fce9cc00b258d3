//! Measures the peak stack of keygen, sign and verify for each parameter set: for each
//! operation it finds, by bisection over child processes, the smallest thread stack the
//! operation runs in without overflowing (Rust aborts the child on overflow).
//!
//! `cargo run --release -p mldsa-core --example stack` prints a markdown table. The numbers are
//! whole thread stacks (they include the thread's start-up frames, well under 1 KiB), rounded
//! up to 1 KiB; below the C library's minimum thread stack only that minimum can be shown.

use mldsa_core::{
    MlDsa44, MlDsa65, MlDsa87, ParameterSet, Signature, SigningKey, VerifyingKey, lowmem,
};
use std::hint::black_box;
use std::process::{Command, Stdio};

const OPS: [&str; 7] = [
    "noop",
    "keygen",
    "sign",
    "verify",
    "lowmem keygen",
    "lowmem sign",
    "lowmem verify",
];
const SETS: [&str; 3] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];

#[inline(never)]
fn keygen<P: ParameterSet>() {
    // The key is the operation's output: it lives in this frame and is counted.
    let sk = SigningKey::<P>::from_seed(black_box(&[7; 32]));
    black_box(&sk);
}

#[inline(never)]
fn sign<P: ParameterSet>(sk: &SigningKey<P>) {
    black_box(
        &sk.sign_with_rnd(b"message", b"", black_box(&[1; 32]))
            .unwrap(),
    );
}

#[inline(never)]
fn verify<P: ParameterSet>(vk: &VerifyingKey<P>, sig: &Signature<P>) {
    vk.verify(b"message", b"", black_box(sig)).unwrap();
}

#[inline(never)]
fn lowmem_keygen<P: ParameterSet>(pk: &mut [u8], sk: &mut [u8]) {
    lowmem::keygen::<P>(black_box(&[7; 32]), pk, sk).unwrap();
}

#[inline(never)]
fn lowmem_sign<P: ParameterSet>(sk: &[u8], sig: &mut [u8]) {
    lowmem::sign::<P>(sk, b"message", b"", black_box(&[1; 32]), sig).unwrap();
}

#[inline(never)]
fn lowmem_verify<P: ParameterSet>(pk: &[u8], sig: &[u8]) {
    lowmem::verify::<P>(pk, b"message", b"", black_box(sig)).unwrap();
}

/// Runs `op` on a thread with `stack` bytes of stack. Inputs the operation does not count
/// (the key for sign and verify, the signature) are prepared before, in boxes.
fn run<P: ParameterSet>(op: &str, stack: usize) {
    let sk = Box::new(SigningKey::<P>::from_seed(&[7; 32]));
    let sig = Box::new(sk.sign_deterministic(b"message", b"").unwrap());
    let vk =
        Box::new(VerifyingKey::<P>::from_bytes(sk.verifying_key().as_bytes().as_ref()).unwrap());
    // Encodings for the low-memory strategy, on the heap (the caller's buffers).
    let mut pk = vec![0u8; P::PK_BYTES];
    pk.copy_from_slice(sk.verifying_key().as_bytes().as_ref());
    let esk = sk.to_expanded().as_ref().to_vec();
    let mut out_sk = vec![0u8; P::SK_BYTES];
    let mut out_sig = vec![0u8; P::SIG_BYTES];
    let op = op.to_string();
    let t = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || match op.as_str() {
            "keygen" => keygen::<P>(),
            "sign" => sign::<P>(&sk),
            "verify" => verify::<P>(&vk, &sig),
            "lowmem keygen" => lowmem_keygen::<P>(&mut out_sig[..P::PK_BYTES], &mut out_sk),
            "lowmem sign" => lowmem_sign::<P>(&esk, &mut out_sig),
            "lowmem verify" => lowmem_verify::<P>(&pk, sig.as_bytes()),
            _ => {}
        });
    t.unwrap().join().unwrap();
}

fn probe(op: &str, set: &str, stack: usize) -> bool {
    let exe = std::env::current_exe().unwrap();
    Command::new(exe)
        .args(["probe", op, set, &stack.to_string()])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Smallest stack (multiple of 1 KiB) that `op` runs in.
pub fn measure(op: &str, set: &str) -> usize {
    // KiB: lo fails (or is below glibc's 16 KiB minimum thread stack, which any smaller request
    // gets), hi succeeds.
    let (mut lo, mut hi) = (16usize, 1024usize);
    assert!(
        probe(op, set, hi << 10),
        "{op} {set} needs more than {hi} KiB"
    );
    while hi - lo > 1 {
        let mid = (lo + hi) >> 1;
        if probe(op, set, mid << 10) {
            hi = mid
        } else {
            lo = mid
        }
    }
    hi
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("probe") {
        let stack: usize = args[4].parse().unwrap();
        match args[3].as_str() {
            "ML-DSA-44" => run::<MlDsa44>(&args[2], stack),
            "ML-DSA-65" => run::<MlDsa65>(&args[2], stack),
            _ => run::<MlDsa87>(&args[2], stack),
        }
        return;
    }
    // The C library will not make a thread stack smaller than its minimum (16 KiB plus TLS
    // with glibc); an empty operation measures that floor.
    let floor = measure("noop", SETS[0]);
    println!("| operation | {} |", SETS.join(" | "));
    println!("| --- | ---: | ---: | ---: |");
    for op in &OPS[1..] {
        let cells: Vec<String> = SETS
            .iter()
            .map(|s| match measure(op, s) {
                k if k <= floor => "< 17 KiB (host minimum)".to_string(),
                k => format!("{k} KiB"),
            })
            .collect();
        println!("| {op} | {} |", cells.join(" | "));
    }
}
