//! Runs ML-DSA key generation and signing (all three parameter sets; the default strategy on
//! one backend of `mldsa_simd::for_each_backend!`, and with `portable` also the low-memory
//! strategy) with every secret
//! input marked undefined for valgrind memcheck: the seed ξ, the signing randomness rnd, and the
//! secret fields (K, s1, s2, t0) of the expanded key given to the low-memory signer. Any
//! branch or memory index that depends on them is then a memcheck error, except the table
//! lookups inside mldsa-core's declassification functions (`ct.rs`, see `ct.supp`). Outputs (pk,
//! signature) are marked defined before they are compared or printed.
//!
//! Run: `valgrind --tool=memcheck --error-exitcode=1 --suppressions=tests/ct/ct.supp
//! target/release/mldsa-ct-valgrind [BACKEND]`, BACKEND one of `--list` (default `portable`;
//! exit 3 when the CPU as valgrind presents it cannot run that backend). `leak` as argument
//! runs a deliberately leaky branch instead, to show that the check catches one.

use mldsa_core::backend::Backend;
use mldsa_core::kernel::SkLayout;
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey, lowmem};

mod vg {
    //! Valgrind client requests (valgrind.h / memcheck.h), amd64 only: the "special
    //! instruction preamble" that valgrind recognises and a native CPU executes as a no-op.

    const RUNNING_ON_VALGRIND: usize = 0x1001;
    /// VG_USERREQ_TOOL_BASE('M', 'C').
    const MC_BASE: usize = (b'M' as usize) << 24 | (b'C' as usize) << 16;
    const MAKE_MEM_UNDEFINED: usize = MC_BASE + 1;
    const MAKE_MEM_DEFINED: usize = MC_BASE + 2;

    #[cfg(target_arch = "x86_64")]
    fn request(default: usize, args: [usize; 6]) -> usize {
        let result;
        // SAFETY: the four rotations of rdi add up to 128 bits (rdi is unchanged) and
        // `xchg rbx, rbx` changes nothing; natively this is a no-op that leaves rdx =
        // `default`. Under valgrind the sequence makes the core read the six words at rax
        // (a live local array) and write the answer to rdx. No stack or flags beyond those
        // declared are touched.
        unsafe {
            core::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                inout("rdx") default => result,
                in("rax") args.as_ptr(),
                inout("rdi") 0usize => _,
                options(nostack),
            );
        }
        result
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn request(default: usize, _: [usize; 6]) -> usize {
        default
    }

    pub fn running_on_valgrind() -> bool {
        request(0, [RUNNING_ON_VALGRIND, 0, 0, 0, 0, 0]) != 0
    }

    pub fn undefined(b: &[u8]) {
        request(
            0,
            [MAKE_MEM_UNDEFINED, b.as_ptr() as usize, b.len(), 0, 0, 0],
        );
    }

    pub fn defined(b: &[u8]) {
        request(0, [MAKE_MEM_DEFINED, b.as_ptr() as usize, b.len(), 0, 0, 0]);
    }
}

/// Short public fingerprint of an output (FNV-1a), printed so runs can be compared by eye.
fn fp(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ x as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Default strategy on backend B: keygen from an undefined ξ, two signatures with undefined
/// rnd (hedged and deterministic). Returns (pk, signatures), marked defined.
fn default_strategy<P: ParameterSet, B: Backend>(
    xi: [u8; 32],
    rnd: [u8; 32],
) -> (Vec<u8>, Vec<u8>) {
    let xi = std::hint::black_box(xi);
    vg::undefined(&xi);
    let sk = SigningKey::<P, B>::from_seed(&xi);
    let pk = sk.verifying_key().as_bytes().as_ref().to_vec();
    vg::defined(&pk);
    let mut sigs = Vec::new();
    for (i, r) in [rnd, [0u8; 32]].into_iter().enumerate() {
        let r = std::hint::black_box(r);
        vg::undefined(&r);
        let sig = sk
            .sign_with_rnd(format!("message {i}").as_bytes(), b"ct", &r)
            .expect("context fits");
        sigs.extend_from_slice(sig.as_bytes());
    }
    vg::defined(&sigs);
    (pk, sigs)
}

/// Low-memory strategy: keygen from an undefined ξ, then signing from the expanded key with
/// its secret fields K, s1, s2, t0 (not ρ and tr, which are public) marked undefined.
fn low_memory<P: ParameterSet>(xi: [u8; 32], rnd: [u8; 32]) -> (Vec<u8>, Vec<u8>) {
    let xi = std::hint::black_box(xi);
    vg::undefined(&xi);
    let mut pk = vec![0u8; P::PK_BYTES];
    let mut sk = vec![0u8; P::SK_BYTES];
    lowmem::keygen::<P>(&xi, &mut pk, &mut sk).expect("buffer sizes");
    vg::defined(&pk);
    // Start signing from a key whose public parts are defined and secret parts undefined.
    vg::defined(&sk);
    vg::undefined(&sk[32..64]);
    vg::undefined(&sk[SkLayout::S1..]);
    let mut sigs = Vec::new();
    for (i, r) in [rnd, [0u8; 32]].into_iter().enumerate() {
        let r = std::hint::black_box(r);
        vg::undefined(&r);
        let mut sig = vec![0u8; P::SIG_BYTES];
        lowmem::sign::<P>(&sk, format!("message {i}").as_bytes(), b"ct", &r, &mut sig)
            .expect("valid key");
        sigs.extend_from_slice(&sig);
    }
    vg::defined(&sigs);
    (pk, sigs)
}

/// Keygen and two signatures per seed, for two seeds, on backend B (and, with `lowmem`, the
/// low-memory strategy). The marked runs' outputs must equal a reference computed by the
/// KAT-tested portable default strategy on defined inputs.
fn check<P: ParameterSet, B: Backend>(name: &str, lowmem: bool) -> bool {
    let mut ok = true;
    for n in 0..2u8 {
        let xi = [0x11 ^ n; 32];
        let rnd = [0x5a ^ n; 32];
        let mut results = vec![(name, default_strategy::<P, B>(xi, rnd))];
        if lowmem {
            results.push(("lowmem", low_memory::<P>(xi, rnd)));
        }
        let sk = SigningKey::<P>::from_seed(&xi);
        let mut want = Vec::new();
        for (i, r) in [rnd, [0u8; 32]].into_iter().enumerate() {
            let sig = sk.sign_with_rnd(format!("message {i}").as_bytes(), b"ct", &r);
            want.extend_from_slice(sig.expect("context fits").as_bytes());
        }
        let want_pk = sk.verifying_key().as_bytes().as_ref().to_vec();
        for (name, (pk, sig)) in results {
            println!(
                "{} #{n} {name:8}: pk {:016x} sig {:016x}",
                P::NAME,
                fp(&pk),
                fp(&sig)
            );
            ok &= pk == want_pk && sig == want;
        }
    }
    ok
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        macro_rules! list {
            ($id:ident, $ty:ty, $label:literal, $available:expr) => {
                println!("{}", stringify!($id));
            };
        }
        mldsa_simd::for_each_backend!(list);
        return;
    }
    if args.iter().any(|a| a == "--require-valgrind") && !vg::running_on_valgrind() {
        eprintln!("not running under valgrind: the check would prove nothing");
        std::process::exit(2);
    }
    if args.iter().any(|a| a == "leak") {
        // A deliberate secret-dependent branch: memcheck must report it.
        let secret = std::hint::black_box([7u8; 1]);
        vg::undefined(&secret);
        if std::hint::black_box(secret[0]) > 3 {
            println!("leak self-test: branch taken");
        }
        return;
    }
    let name = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or("portable", String::as_str);
    let mut result = None;
    macro_rules! run {
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            if name == stringify!($id) {
                if !$available {
                    eprintln!("{}: this CPU (as valgrind presents it) cannot run it", $label);
                    std::process::exit(3);
                }
                let lowmem = stringify!($id) == "portable";
                result = Some(
                    check::<MlDsa44, $ty>($label, lowmem)
                        & check::<MlDsa65, $ty>($label, lowmem)
                        & check::<MlDsa87, $ty>($label, lowmem),
                );
            }
        };
    }
    mldsa_simd::for_each_backend!(run);
    match result {
        None => {
            eprintln!("{name}: no such backend (see --list)");
            std::process::exit(2);
        }
        Some(false) => {
            eprintln!("outputs differ between backends or strategies");
            std::process::exit(1);
        }
        Some(true) => println!("all outputs agree"),
    }
}
