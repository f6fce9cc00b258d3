//! ML-DSA keygen, sign and verify for every parameter set, timed in one run for this crate's
//! backends and its peers, with our time over each peer's.
//!
//! `cargo run --release` (in `benches/peers`; about two minutes). The machine is shared and
//! noisy, so the implementations are measured interleaved: in each round (each starting at the
//! next implementation in turn) every implementation makes one untimed call of the operation
//! (it refills the caches the others evicted) and then a few timed ones, so a burst of load hits
//! all of them alike. Keygen and verify (`ROUNDS` rounds of `TIMED` calls) report the median
//! over all timed calls (wall time, per call). "keygen" goes from a seed to the encoded public
//! and private keys, as the peers' keygens do; one extra row times our keygen to a
//! ready-to-sign key (`from_seed`, which also caches NTT(t0)). Signing keys are loaded once;
//! "verify" starts from the encoded public key and the encoded signature in every row (ours
//! with the one-shot `VerifyingKey::verify_encoded`, which hashes tr in a lane of ExpandA's
//! batches; RustCrypto's decodes both inside the timed call, as the peers that take bytes do).
//! The table "from bytes vs prepared key" also times our two-step path (decode, then verify).
//!
//! Sign's time is multi-modal, one mode per count of rejection-loop iterations, so its median
//! jumps between modes from run to run. It is reported as the mean, as CCTV's ML-DSA benchmark
//! does it: a fixed list of `SIGN_ROUNDS`·`SIGN_TIMED` = 10,000 messages (message k is 64 bytes
//! of SHAKE256(k)), each signed once with a context-free signature, total time over count. Every
//! implementation that takes rnd (ours, RustCrypto ml-dsa, fips204, libcrux) gets the same
//! fixed rnd, so all of them sign the same messages into the same signatures (checked on
//! message 0) and run the same iterations: their means differ from run to run only by the
//! machine's noise. aws-lc-rs and PQClean draw their own rnd (hedged signing); they sign the
//! same messages, and a call's time spreads by 0.6 to 0.9 of the mean, so over 10,000 calls one
//! standard error of their means is under 1 %. The mean's total is the thread's CPU time (read
//! once per batch), not wall time: a time slice lost to another job on the shared machine is a
//! few ms, and a handful of them moved a wall-clock mean by several per cent. The median and
//! 90th percentile (wall time, per call) stay beside the mean; sign's ratio is of the means.
//! The 10,000 sign calls (about eight times the 1,200 timed calls that keygen and verify keep)
//! take most of the run. Our rows also move with the process's address layout (see the
//! mldsa-simd README on 4 KiB aliasing), by up to about 3 % under ASLR, median and mean
//! alike; `setarch "$(uname -m)" -R` fixes the layout when runs are to be compared.
//!
//! The lower-bound table compares measured time with the Keccak permutations, NTTs and c·s
//! products each operation cannot avoid; sign's bound is for the fixed list's mean iteration
//! count, counted from its signatures, and is set against sign's mean. The unit costs are
//! fastest batch means (each unit's quietest moment), and the machine has a slow state that
//! comes and goes for tens of milliseconds at a time (a third to a half slower): against the
//! run's medians and means they overstate measured / bound whenever the run spent time in it.
//! So each operation is also timed as the units are, in batches taking turns with the unit
//! batches (keygen and verify 4 calls, sign the fixed list's first `QUIET_MSGS` messages, the
//! same signatures every round, at their own iteration count), and the table gives both
//! ratios.

use std::hint::black_box;
use std::time::Instant;

use mldsa_simd::ParameterSet;
use mldsa_simd::kernel::Shake256;

/// A message of sign's fixed list.
type Message = [u8; 64];

/// One implementation: a name and its three operations, each owning the data it needs (sign
/// takes the message).
struct Imp {
    name: &'static str,
    keygen: Box<dyn FnMut()>,
    sign: Box<dyn FnMut(&Message)>,
    verify: Box<dyn FnMut()>,
}

/// One implementation's timed calls of one operation (µs): each call's wall time, and the
/// thread's CPU time over all of them.
#[derive(Clone)]
struct Times {
    wall: Vec<f64>,
    cpu: f64,
}

/// One operation's figures (µs) over all its timed calls.
struct Stats {
    /// Total CPU time over count.
    mean: f64,
    /// Of the wall times.
    median: f64,
    p90: f64,
}

impl Stats {
    fn of(mut t: Times) -> Stats {
        t.wall.sort_by(f64::total_cmp);
        let n = t.wall.len();
        Stats {
            mean: t.cpu / n as f64,
            median: t.wall[n >> 1],
            p90: t.wall[(n * 9) / 10],
        }
    }
}

/// This thread's CPU time (µs). Unlike wall time it stands still while the thread is
/// descheduled, so the time slices of the shared machine's other jobs (a few ms each, enough
/// to move a mean over thousands of calls by several per cent) stay out of the mean.
fn cpu_time() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through the pointer, which points to a local.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(r, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

/// One implementation's timings.
struct Row {
    name: &'static str,
    keygen: Stats,
    sign: Stats,
    verify: Stats,
}

/// Keygen and verify: rounds and timed calls per implementation and round.
const ROUNDS: usize = 400;
const TIMED: usize = 3;
/// Sign: rounds and timed calls per implementation and round. Their product is the length of
/// the fixed message list, each message signed once per implementation.
const SIGN_ROUNDS: usize = 1250;
const SIGN_TIMED: usize = 8;

/// The times of every timed call of the operation `run` makes, per implementation,
/// interleaved across `imps`: in each of `rounds` rounds every implementation makes one untimed
/// call (it refills the caches the others evicted) and then `timed` timed ones, each on the
/// wall clock and the batch on the CPU clock (whose read, a system call of about 0.5 µs, would
/// weigh on a single call). `run(imp, k)` makes timed call k (counted across rounds from 0;
/// the untimed call repeats the round's first k).
fn interleaved(
    imps: &mut [Imp],
    rounds: usize,
    timed: usize,
    run: impl Fn(&mut Imp, usize),
) -> Vec<Times> {
    let n = imps.len();
    let times = Times {
        wall: Vec::with_capacity(rounds * timed),
        cpu: 0.0,
    };
    let mut t = vec![times; n];
    for round in 0..rounds {
        // Each round starts at the next implementation, so none is always first after the
        // previous round's last (or always right after a particular neighbour).
        for i in (0..n).map(|k| (k + round) % n) {
            let (imp, t) = (&mut imps[i], &mut t[i]);
            let first = round * timed;
            run(imp, first);
            let cpu = cpu_time();
            for k in first..first + timed {
                let s = Instant::now();
                run(imp, k);
                t.wall.push(s.elapsed().as_secs_f64() * 1e6);
            }
            t.cpu += cpu_time() - cpu;
        }
    }
    t
}

/// Every implementation's keygen, sign (message k of `msgs` at timed call k) and verify.
fn measure(imps: &mut [Imp], msgs: &[Message]) -> Vec<Row> {
    let kg = interleaved(imps, ROUNDS, TIMED, |i, _| (i.keygen)());
    let sg = interleaved(imps, SIGN_ROUNDS, SIGN_TIMED, |i, k| (i.sign)(&msgs[k]));
    let vf = interleaved(imps, ROUNDS, TIMED, |i, _| (i.verify)());
    imps.iter()
        .zip(kg.into_iter().zip(sg).zip(vf))
        .map(|(i, ((kg, sg), vf))| Row {
            name: i.name,
            keygen: Stats::of(kg),
            sign: Stats::of(sg),
            verify: Stats::of(vf),
        })
        .collect()
}

/// Verify's message; keys for every implementation that takes a seed come from `SEED`.
const MSG: [u8; 64] = [0x42; 64];
const SEED: [u8; 32] = [7; 32];
/// Sign's rnd for every implementation that takes one.
const RND: [u8; 32] = [0x5a; 32];

/// SHAKE256 of the concatenated `parts`, `out.len()` bytes.
fn shake256(parts: &[&[u8]], out: &mut [u8]) {
    let mut h = Shake256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize();
    h.squeeze(out);
}

/// Message `k` of sign's fixed list: 64 bytes of SHAKE256(k as 8 bytes, little-endian).
fn message(k: usize) -> Message {
    let mut m = [0u8; 64];
    shake256(&[&(k as u64).to_le_bytes()], &mut m);
    m
}

/// The signature of message 0 under `SEED`'s key and `RND` (mldsa-simd Auto), which every
/// implementation given the same inputs must produce.
fn reference<P: ParameterSet>() -> Vec<u8> {
    let sk = mldsa_simd::SigningKey::<P>::from_seed(&SEED);
    sk.sign_with_rnd(&message(0), b"", &RND)
        .unwrap()
        .as_bytes()
        .to_vec()
}

/// The mean number of rejection-loop iterations when `SEED`'s key signs `msgs` with `RND`.
/// The signing APIs do not tell, so each signature tells: its z = y + c·s1 with
/// y = ExpandMask(ρ″, κ), κ = 0, ℓ, 2ℓ, … in iteration 1, 2, 3, …, so the first polynomial
/// of z - c·s1, packed, is H(ρ″ ‖ κ) (ExpandMask's first polynomial, unpacked) for the κ of
/// the iteration that returned.
fn mean_iterations<P: ParameterSet>(msgs: &[Message]) -> f64 {
    use mldsa_simd::kernel::reference::{pack_z, unpack_eta, unpack_z};
    use mldsa_simd::kernel::{Challenge, Poly, SkLayout};
    let key = mldsa_simd::SigningKey::<P>::from_seed(&SEED);
    let sk = mldsa_simd::SigningKey::<P>::encoded_from_seed(&SEED).1;
    let sk = sk.as_ref();
    let tr: &[u8; 64] = sk[64..128].try_into().unwrap();
    let mut s1 = Poly::ZERO;
    let bad = unpack_eta::<P>(&mut s1, &sk[SkLayout::S1..][..P::POLY_ETA_BYTES]);
    assert!(!bool::from(bad));
    let (ct, zb) = (P::CTILDE_BYTES, P::POLY_Z_BYTES);
    let (mut z, mut y, mut mask) = (Poly::ZERO, vec![0u8; zb], vec![0u8; zb]);
    let mut total = 0;
    for m in msgs {
        let sig = key.sign_with_rnd(m, b"", &RND).unwrap();
        let sig = sig.as_bytes();
        unpack_z(P::GAMMA1_BITS, &mut z, &sig[ct..ct + zb]);
        Challenge::sample::<P>(&sig[..ct]).mul_acc_with(&mut z.coeffs, |n| s1.coeffs[n], true);
        pack_z(P::GAMMA1_BITS, &mut y, &z);
        let mut mu = mldsa_simd::MuBuilder::new(tr, b"").unwrap();
        mu.update(m);
        let mut rho2 = [0u8; 64];
        shake256(&[&sk[32..64], &RND, &mu.finalize()], &mut rho2);
        total += 1
            + (0..1000)
                .position(|i| {
                    let kappa = (i * P::L) as u16;
                    shake256(&[&rho2, &kappa.to_le_bytes()], &mut mask);
                    mask == y
                })
                .expect("no mask within 1000 iterations gives the signature's z");
    }
    total as f64 / msgs.len() as f64
}

/// One of our rows. Keygen returns what the peers' keygens return, the two encodings (FIPS 204
/// KeyGen's output), unless `$keygen` says otherwise.
macro_rules! ours {
    ($name:expr, $p:ty, $b:ty) => {
        ours!($name, $p, $b, |seed: &[u8; 32]| {
            black_box(mldsa_simd::SigningKey::<$p, $b>::encoded_from_seed(seed));
        })
    };
    ($name:expr, $p:ty, $b:ty, $keygen:expr) => {{
        use mldsa_simd::{SigningKey, VerifyingKey};
        let keygen = $keygen;
        let sk = SigningKey::<$p, $b>::from_seed(&SEED);
        let sig = sk.sign_with_rnd(&MSG, b"", &[1; 32]).unwrap().to_bytes();
        let fixed = sk.sign_with_rnd(&message(0), b"", &RND).unwrap();
        assert_eq!(fixed.as_bytes(), reference::<$p>(), "{}", $name);
        let pk = sk.verifying_key().as_bytes().as_ref().to_vec();
        Imp {
            name: $name,
            keygen: Box::new(move || keygen(black_box(&SEED))),
            sign: Box::new(move |m| {
                black_box(sk.sign_with_rnd(black_box(m), b"", &RND).unwrap());
            }),
            // One-shot from the encodings, as PQClean's and mldsa-native's verify.
            verify: Box::new(move || {
                VerifyingKey::<$p, $b>::verify_encoded(
                    black_box(&pk),
                    &MSG,
                    b"",
                    black_box(sig.as_ref()),
                )
                .unwrap();
            }),
        }
    }};
}

macro_rules! peers {
    ($p:ty, $rc:ty, $fips:ident, $lx:ident, $aws_sign:expr, $aws_verify:expr, $pq:ident) => {{
        let seed = SEED;
        let first = message(0);
        let mut rows = vec![
            ours!("mldsa-simd (Auto: best backend)", $p, mldsa_simd::Auto),
            ours!("mldsa-simd, AVX2 forced", $p, mldsa_simd::Avx2),
            ours!("mldsa-core, portable", $p, mldsa_simd::Portable),
            ours!(
                "mldsa-simd Auto, keygen to a ready-to-sign key",
                $p,
                mldsa_simd::Auto,
                |seed: &[u8; 32]| {
                    black_box(mldsa_simd::SigningKey::<$p, mldsa_simd::Auto>::from_seed(
                        seed,
                    ));
                }
            ),
        ];
        // RustCrypto ml-dsa.
        {
            use ml_dsa::Keypair as _;
            let sk = ml_dsa::SigningKey::<$rc>::from_seed(&seed.into());
            let esk = ml_dsa::ExpandedSigningKey::<$rc>::from_seed(&seed.into());
            let enc = sk.verifying_key().encode();
            let sig = esk
                .sign_internal(&[&[0, 0], &MSG], &[1; 32].into())
                .encode();
            let fixed = esk.sign_internal(&[&[0, 0], &first], &RND.into());
            assert_eq!(fixed.encode().as_slice(), reference::<$p>(), "RustCrypto");
            rows.push(Imp {
                name: "RustCrypto ml-dsa",
                keygen: Box::new(move || {
                    black_box(ml_dsa::SigningKey::<$rc>::from_seed(black_box(
                        &seed.into(),
                    )));
                }),
                sign: Box::new(move |m| {
                    black_box(esk.sign_internal(&[&[0, 0], black_box(m)], &RND.into()));
                }),
                verify: Box::new(move || {
                    let vk = ml_dsa::VerifyingKey::<$rc>::decode(black_box(&enc));
                    let sig = ml_dsa::Signature::<$rc>::decode(black_box(&sig)).unwrap();
                    assert!(vk.verify_with_context(&MSG, b"", &sig));
                }),
            });
        }
        // fips204.
        {
            use fips204::traits::{KeyGen as _, SerDes as _, Signer as _, Verifier as _};
            use fips204::$fips as f;
            let (pk, sk) = f::KG::keygen_from_seed(&seed);
            let sig = sk.try_sign_with_seed(&[1; 32], &MSG, b"").unwrap();
            let fixed = sk.try_sign_with_seed(&RND, &first, b"").unwrap();
            assert_eq!(fixed.as_slice(), reference::<$p>(), "fips204");
            let pkb = pk.into_bytes();
            rows.push(Imp {
                name: "fips204",
                keygen: Box::new(move || {
                    black_box(f::KG::keygen_from_seed(black_box(&seed)));
                }),
                sign: Box::new(move |m| {
                    black_box(sk.try_sign_with_seed(&RND, black_box(m), b"").unwrap());
                }),
                verify: Box::new(move || {
                    let pk = f::PublicKey::try_from_bytes(black_box(pkb)).unwrap();
                    assert!(pk.verify(&MSG, black_box(&sig), b""));
                }),
            });
        }
        // libcrux, portable and AVX2 builds.
        for (name, avx2) in [
            ("libcrux-ml-dsa, portable", false),
            ("libcrux-ml-dsa, AVX2", true),
        ] {
            use libcrux_ml_dsa::$lx as l;
            let kg = move |s: [u8; 32]| {
                if avx2 {
                    l::avx2::generate_key_pair(s)
                } else {
                    l::portable::generate_key_pair(s)
                }
            };
            let kp = kg(seed);
            let (sk, vk) = (kp.signing_key, kp.verification_key);
            let sign = move |m: &[u8], r: [u8; 32]| {
                if avx2 {
                    l::avx2::sign(&sk, m, b"", r)
                } else {
                    l::portable::sign(&sk, m, b"", r)
                }
                .unwrap()
            };
            let sig = sign(&MSG, [1; 32]);
            assert_eq!(sign(&first, RND).as_slice(), reference::<$p>(), "{name}");
            rows.push(Imp {
                name,
                keygen: Box::new(move || {
                    black_box(kg(black_box(seed)));
                }),
                sign: Box::new(move |m| {
                    black_box(sign(black_box(m), RND));
                }),
                verify: Box::new(move || {
                    let r = if avx2 {
                        l::avx2::verify(&vk, &MSG, b"", black_box(&sig))
                    } else {
                        l::portable::verify(&vk, &MSG, b"", black_box(&sig))
                    };
                    r.unwrap();
                }),
            });
        }
        // aws-lc-rs (mldsa-native inside).
        {
            use aws_lc_rs::signature::PqdsaKeyPair;
            use aws_lc_rs::signature::{KeyPair, UnparsedPublicKey};
            let kp = PqdsaKeyPair::from_seed($aws_sign, &seed).unwrap();
            let mut sig = vec![0u8; 4627];
            let n = kp.sign(&MSG, &mut sig).unwrap();
            sig.truncate(n);
            let pk = kp.public_key().as_ref().to_vec();
            let mut buf = vec![0u8; 4627];
            rows.push(Imp {
                name: "aws-lc-rs (mldsa-native)",
                keygen: Box::new(move || {
                    black_box(PqdsaKeyPair::from_seed($aws_sign, black_box(&seed)).unwrap());
                }),
                sign: Box::new(move |m| {
                    black_box(kp.sign(black_box(m), &mut buf).unwrap());
                }),
                verify: Box::new(move || {
                    UnparsedPublicKey::new($aws_verify, black_box(&pk))
                        .verify(&MSG, black_box(&sig))
                        .unwrap();
                }),
            });
        }
        // pqcrypto-mldsa (PQClean; AVX2 code where the CPU has it). Its keygen draws its own
        // randomness (no seed API), so that row includes the system RNG call.
        {
            use pqcrypto_mldsa::$pq as q;
            let (pk, sk) = q::keypair();
            let sig = q::detached_sign(&MSG, &sk);
            rows.push(Imp {
                name: "pqcrypto-mldsa (PQClean AVX2)",
                keygen: Box::new(move || {
                    black_box(q::keypair());
                }),
                sign: Box::new(move |m| {
                    black_box(q::detached_sign(black_box(m), &sk));
                }),
                verify: Box::new(move || {
                    q::verify_detached_signature(black_box(&sig), &MSG, &pk).unwrap();
                }),
            });
        }
        rows
    }};
}

fn print(set: &str, rows: &[Row]) {
    println!(
        "\n### {set} (µs; keygen and verify: median; sign: mean over the fixed message list, then median and p90; ratio = mldsa-simd Auto time / this row's time, sign's of the means, below 1 = we are faster)\n"
    );
    println!(
        "| implementation | keygen | sign mean | sign median | sign p90 | verify | keygen ratio | sign ratio | verify ratio |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let ours = &rows[0];
    for r in rows {
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} |",
            r.name,
            r.keygen.median,
            r.sign.mean,
            r.sign.median,
            r.sign.p90,
            r.verify.median,
            ours.keygen.median / r.keygen.median,
            ours.sign.mean / r.sign.mean,
            ours.verify.median / r.verify.median
        );
    }
}

/// Verify from an encoded public key vs with a prepared key (Â and NTT(t1·2^d) cached), best
/// backend: the issue asks for at least 3×.
fn prepared<P: mldsa_simd::ParameterSet>() {
    use mldsa_simd::{SigningKey, VerifyingKey};
    let sk = SigningKey::<P>::from_seed(&SEED);
    let sig = sk.sign_with_rnd(&MSG, b"", &[1; 32]).unwrap();
    let pk = sk.verifying_key().as_bytes().as_ref().to_vec();
    let pvk = VerifyingKey::<P>::from_bytes(&pk).unwrap().prepare();
    let (pk2, sig2) = (pk.clone(), sig.to_bytes());
    let mut imps = vec![
        Imp {
            name: "from bytes",
            keygen: Box::new(|| {}),
            sign: Box::new(|_| {}),
            verify: Box::new(move || {
                let vk = VerifyingKey::<P>::from_bytes(black_box(&pk)).unwrap();
                vk.verify(&MSG, b"", black_box(&sig)).unwrap();
            }),
        },
        Imp {
            name: "one-shot",
            keygen: Box::new(|| {}),
            sign: Box::new(|_| {}),
            verify: Box::new(move || {
                VerifyingKey::<P>::verify_encoded(
                    black_box(&pk2),
                    &MSG,
                    b"",
                    black_box(sig2.as_ref()),
                )
                .unwrap();
            }),
        },
        Imp {
            name: "prepared",
            keygen: Box::new(|| {}),
            sign: Box::new(|_| {}),
            verify: Box::new(move || pvk.verify(&MSG, b"", black_box(&sig)).unwrap()),
        },
    ];
    let mut t = interleaved(&mut imps, ROUNDS, TIMED, |i, _| (i.verify)())
        .into_iter()
        .map(|t| Stats::of(t).median);
    let (from_bytes, one_shot, prep) = (t.next().unwrap(), t.next().unwrap(), t.next().unwrap());
    println!(
        "| {} | {from_bytes:.1} | {one_shot:.1} | {prep:.1} | {:.2} |",
        P::NAME,
        from_bytes / prep
    );
}

/// The smallest batch mean (µs per call) of each kernel in `kernels` (batches of `n` calls),
/// over 200 rounds in which the kernels take turns batch by batch: a burst of load from the
/// machine's other jobs lands in the same rounds for all of them, and each kernel's fastest
/// batch comes from a quiet moment.
fn fastest_means(kernels: &mut [(usize, &mut dyn FnMut())]) -> Vec<f64> {
    let mut best = vec![f64::MAX; kernels.len()];
    for _ in 0..200 {
        for ((n, f), b) in kernels.iter_mut().zip(best.iter_mut()) {
            let s = Instant::now();
            for _ in 0..*n {
                f();
            }
            *b = b.min(s.elapsed().as_secs_f64() * 1e6 / *n as f64);
        }
    }
    best
}

/// Unit costs (µs) of one backend's kernels: a multi-lane Keccak-f\[1600\] (all lanes), a
/// single-lane one, an NTT, an inverse NTT, and signing's sparse c·s product for each set's τ
/// and η (44, 65, 87).
struct Units {
    xn: f64,
    x1: f64,
    ntt: f64,
    intt: f64,
    cmul: [f64; 3],
}

/// Unit costs of backend `B`, and the fastest batch mean of each of `ops` measured in the same
/// rounds (so an operation and the units of its bound meet the machine's slow moments alike).
fn units<B: mldsa_simd::Backend>(ops: &mut [(usize, &mut dyn FnMut())]) -> (Units, Vec<f64>) {
    use mldsa_simd::backend::Xof;
    use mldsa_simd::kernel::{Challenge, Poly, SmallPoly};
    use mldsa_simd::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};
    type X<B> = <B as mldsa_simd::Backend>::Shake128;
    let lanes = X::<B>::LANES;
    let seeds = vec![[3u8; 34]; lanes];
    let inputs: Vec<&[u8]> = seeds.iter().map(|s| &s[..]).collect();
    // One block per lane at a time into a stack buffer, as the samplers squeeze. (Before
    // 2026-12-07 the AVX2 permutation's speed depended on the stack position modulo 4096,
    // 4K aliasing of its constant loads with its spills: see the mldsa-simd README.)
    let mut block = [[0u8; 168]; 8];
    // absorb: 1 permutation; 20 blocks squeezed: 19 more.
    let mut xn = || {
        let mut x = X::<B>::absorb(black_box(&inputs));
        for _ in 0..20 {
            let mut o = block.each_mut().map(|b| &mut b[..X::<B>::RATE]);
            x.squeeze_blocks(&mut o[..lanes]);
        }
        black_box(&block);
    };
    // 20·136 - 1 bytes absorbed with padding: 20 permutations of B's single-lane Keccak.
    let msg = vec![5u8; 20 * 136 - 1];
    let mut h = [0u8; 64];
    let mut x1 = || {
        mldsa_simd::kernel::Shake::<136, B::Keccak>::digest(&[black_box(&msg[..])], &mut h);
        black_box(h);
    };
    let mut p = Poly::ZERO;
    for (i, c) in p.coeffs.iter_mut().enumerate() {
        *c = (i as i32 * 7919) & 0x3f_ffff;
    }
    let mut ntt = || {
        let mut a = p.clone();
        B::ntt(black_box(&mut a));
        black_box(a);
    };
    let mut intt = || {
        let mut a = p.clone();
        B::inv_ntt(black_box(&mut a));
        black_box(a);
    };
    // c·s for a challenge of P's weight τ and s in [-η, η].
    fn product<P: ParameterSet, B: mldsa_simd::Backend>() -> impl FnMut() {
        let c = Challenge::sample::<P>(&[9u8; 64][..P::CTILDE_BYTES]);
        let eta = P::ETA as i8;
        let s = SmallPoly {
            coeffs: core::array::from_fn(|i| (i as i8 & 7).clamp(-eta, eta)),
        };
        let mut out = Poly::ZERO;
        move || {
            B::challenge_mul(P::ETA, black_box(&mut out), black_box(&c), black_box(&s));
            black_box(&out);
        }
    }
    let (mut c44, mut c65, mut c87) = (
        product::<MlDsa44, B>(),
        product::<MlDsa65, B>(),
        product::<MlDsa87, B>(),
    );
    let mut kernels: Vec<(usize, &mut dyn FnMut())> = vec![
        (200, &mut xn),
        (200, &mut x1),
        (2000, &mut ntt),
        (2000, &mut intt),
        (2000, &mut c44),
        (2000, &mut c65),
        (2000, &mut c87),
    ];
    kernels.extend(
        ops.iter_mut()
            .map(|(n, f)| (*n, &mut **f as &mut dyn FnMut())),
    );
    let m = fastest_means(&mut kernels);
    let u = Units {
        xn: m[0] / 20.0,
        x1: m[1] / 20.0,
        ntt: m[2],
        intt: m[3],
        cmul: [m[4], m[5], m[6]],
    };
    (u, m[7..].to_vec())
}

/// Work an operation cannot avoid: multi-lane and single-lane permutations, NTTs, inverse NTTs,
/// and (signing) sparse challenge products.
#[derive(Clone, Copy)]
struct Work {
    xn: f64,
    x1: f64,
    ntt: f64,
    intt: f64,
    cmul: f64,
}

impl Work {
    /// The cost at the unit speeds `u`, with `cmul` µs per challenge product.
    fn cost(&self, u: &Units, cmul: f64) -> f64 {
        self.xn * u.xn + self.x1 * u.x1 + self.ntt * u.ntt + self.intt * u.intt + self.cmul * cmul
    }
    fn plus(self, o: Work, times: f64) -> Work {
        Work {
            xn: self.xn + times * o.xn,
            x1: self.x1 + times * o.x1,
            ntt: self.ntt + times * o.ntt,
            intt: self.intt + times * o.intt,
            cmul: self.cmul + times * o.cmul,
        }
    }
}

/// Single-lane SHAKE256 permutations to absorb `len` bytes (with padding) and squeeze at most
/// one block.
fn h_perms(len: usize) -> f64 {
    (len / 136 + 1) as f64
}

/// The permutation and NTT counts of keygen, verify and sign (a fixed part, a complete
/// iteration, and an iteration rejected at its first check) for parameter set P with
/// `lanes`-lane SHAKE, a 64-byte message and an empty context.
///
/// Multi-lane work is counted in lane-permutations over `lanes`: as if every batch were full.
/// A real batch that is not full costs at least its share (an 8-lane sponge runs a partial
/// batch of at most 4 on the 4-lane permutation, dearer per lane), so this stays a lower bound
/// for any batching. With `ride_c` (the AVX-512 backend), the signing loop hashes c̃ in a lane
/// of the batch that draws the next attempt's y (see mldsa-core's `MaskStream`): as many of its
/// blocks as that batch runs permutations (5) count as lane-permutations; one-shot verification
/// hashes c̃′ in ExpandA's lanes after tr.
fn work<P: mldsa_simd::ParameterSet>(lanes: usize, ride_c: bool) -> (Work, Work, Work, Work, Work) {
    use mldsa_simd::params::POLY_T1_BYTES;
    let (k, l) = (P::K, P::L);
    let batches = |polys: usize| polys as f64 / lanes as f64;
    // ExpandA: 5 SHAKE128 blocks per entry (256 of 280 candidates kept), batched across rows.
    let expand_a = 5.0 * batches(k * l);
    // ExpandS: 2 SHAKE256 blocks per polynomial, s1 and s2 as one stream of batches.
    let expand_s = 2.0 * batches(l + k);
    let tr = h_perms(P::PK_BYTES);
    let mu = h_perms(64 + 2 + 64);
    let w1_hash = h_perms(64 + k * P::POLY_W1_BYTES);
    // Key generation hashes tr = H(pk) while ExpandA runs, each block in a lane as soon as the
    // rows of t1 written so far hold it; the blocks from the last row's start on can only be
    // hashed after the last row, single-lane.
    let tr_tail = tr - ((P::PK_BYTES - POLY_T1_BYTES) / 136) as f64;
    let keygen = Work {
        xn: expand_a + expand_s + (tr - tr_tail) / lanes as f64,
        x1: 1.0 + tr_tail,
        // NTT(s1) (keygen to the encodings; a ready-to-sign key also transforms t0);
        // NTT^-1 of each row of t.
        ntt: l as f64,
        intt: k as f64,
        cmul: 0.0,
    };
    // One-shot verification hashes tr in a lane of ExpandA's batches: its blocks are
    // lane-permutations like ExpandA's. With `ride_c`, c̃′'s blocks follow it in those lanes,
    // at most as many as the rider slots tr leaves (5 per batch of lanes - 1 entries).
    let slots = 5.0 * (k * l).div_ceil(lanes.saturating_sub(1).max(1)) as f64;
    let c_riding_verify = if ride_c {
        w1_hash.min((slots - tr).max(0.0))
    } else {
        0.0
    };
    let verify = Work {
        xn: expand_a + (tr + c_riding_verify) / lanes as f64,
        // μ, SampleInBall, c̃'.
        x1: mu + 1.0 + w1_hash - c_riding_verify,
        ntt: (l + 1 + k) as f64,
        intt: k as f64,
        cmul: 0.0,
    };
    // Once per signature from a loaded key: μ, ρ'' and ExpandA.
    let sign_fixed = Work {
        xn: expand_a,
        x1: mu + 1.0,
        ntt: 0.0,
        intt: 0.0,
        cmul: 0.0,
    };
    // ExpandMask (5 SHAKE256 blocks per polynomial), c̃, SampleInBall, NTT(y); w; the first
    // z's c·s1.
    let mask = 5.0 * batches(l);
    let c_riding = if ride_c { w1_hash.min(5.0) } else { 0.0 };
    let rejected = Work {
        xn: mask + c_riding / lanes as f64,
        x1: w1_hash - c_riding + 1.0,
        ntt: l as f64,
        intt: k as f64,
        cmul: 1.0,
    };
    let complete = Work {
        // NTT(c), for c·t0 only.
        ntt: (l + 1) as f64,
        // w, c·t0.
        intt: (2 * k) as f64,
        // c·s1, c·s2.
        cmul: (l + k) as f64,
        ..rejected
    };
    (keygen, verify, sign_fixed, complete, rejected)
}

/// An operation's fastest batch means (µs per call), timed in the rounds of its backend's unit
/// costs: keygen and verify, and sign over the first `QUIET_MSGS` messages of the fixed list
/// (the same signatures every round), whose mean iteration count is `sign_iterations`.
struct Quiet {
    keygen: f64,
    sign: f64,
    verify: f64,
    sign_iterations: f64,
}

/// Messages of the fixed list that sign's fastest batch signs.
const QUIET_MSGS: usize = 16;

/// The lower-bound table: counts, their cost at the measured unit speeds, and measured/bound
/// twice: the whole run's statistic (keygen and verify: median; sign: mean over the fixed
/// message list) and the fastest batch mean of the operation measured in the units' rounds
/// (the statistic the units have). `iterations` is the list's mean iteration count (counted
/// by [`mean_iterations`], not FIPS 204's expected 4.25 / 5.1 / 3.85), so the sign bound is
/// the mean of the per-message bounds over the very signatures the mean timed: every
/// iteration but the last is taken as rejected at its first check.
fn lower_bound<P: mldsa_simd::ParameterSet, B: mldsa_simd::Backend>(
    u: &Units,
    cmul: f64,
    row: &Row,
    iterations: f64,
    quiet: &Quiet,
) {
    use mldsa_simd::backend::Xof;
    let lanes = <B::Shake128 as Xof>::LANES;
    let ride_c =
        <B::Shake256 as Xof>::LANES > P::L && <B::Shake256 as Xof>::permutation_lanes() > P::L;
    let (keygen, verify, fixed, complete, rejected) = work::<P>(lanes, ride_c);
    let sign = |it: f64| fixed.plus(complete, 1.0).plus(rejected, it - 1.0);
    let list = format!("sign, fixed list ({iterations:.3} iterations)");
    let first = format!(
        "sign, its first {QUIET_MSGS} messages ({:.3} iterations)",
        quiet.sign_iterations
    );
    for (op, w, measured, fastest) in [
        ("keygen", keygen, row.keygen.median, quiet.keygen),
        ("sign, 1 iteration", sign(1.0), f64::NAN, f64::NAN),
        (list.as_str(), sign(iterations), row.sign.mean, f64::NAN),
        (
            first.as_str(),
            sign(quiet.sign_iterations),
            f64::NAN,
            quiet.sign,
        ),
        ("verify", verify, row.verify.median, quiet.verify),
    ] {
        let bound = w.cost(u, cmul);
        let cell = |t: f64| {
            if t.is_nan() {
                "- | -".to_string()
            } else {
                format!("{t:.1} | {:.2}", t / bound)
            }
        };
        println!(
            "| {} | {op} | {:.1} | {:.1} | {:.0} | {:.0} | {:.0} | {bound:.1} | {} | {} |",
            P::NAME,
            w.xn,
            w.x1,
            w.ntt,
            w.intt,
            w.cmul,
            cell(measured),
            cell(fastest),
        );
    }
}

/// The fastest-batch kernels of one set's operations on row `imp`: keygen and verify in
/// batches of 4 calls, sign as the fixed list's first `QUIET_MSGS` messages.
fn quiet_ops<'a>(imp: &'a mut Imp, msgs: &'a [Message]) -> [(usize, Box<dyn FnMut() + 'a>); 3] {
    let Imp {
        keygen,
        sign,
        verify,
        ..
    } = imp;
    [
        (4, Box::new(move || keygen())),
        (
            1,
            Box::new(move || {
                for m in &msgs[..QUIET_MSGS] {
                    sign(m);
                }
            }),
        ),
        (4, Box::new(move || verify())),
    ]
}

/// The lower-bound table of backend `B` (unit costs measured on its kernels) against its rows
/// of the three sets (`rows`, the run's statistics; `imps`, the same implementations, timed
/// again in the units' rounds).
fn bound_table<B: mldsa_simd::Backend>(
    label: &str,
    rows: [&Row; 3],
    imps: [&mut Imp; 3],
    msgs: &[Message],
    it: [f64; 3],
    quiet_it: [f64; 3],
) {
    let mut ops: Vec<(usize, Box<dyn FnMut() + '_>)> = imps
        .into_iter()
        .flat_map(|imp| quiet_ops(imp, msgs))
        .collect();
    let mut refs: Vec<(usize, &mut dyn FnMut())> = ops
        .iter_mut()
        .map(|(n, f)| (*n, &mut **f as &mut dyn FnMut()))
        .collect();
    let (u, t) = units::<B>(&mut refs);
    let quiet: Vec<Quiet> = (0..3)
        .map(|s| Quiet {
            keygen: t[3 * s],
            sign: t[3 * s + 1] / QUIET_MSGS as f64,
            verify: t[3 * s + 2],
            sign_iterations: quiet_it[s],
        })
        .collect();
    let cm = u.cmul;
    println!(
        "\n#### {label}\n\nUnit costs, µs (fastest batch mean): {}-lane Keccak-f[1600] {:.3}, single-lane {:.3}, NTT {:.3}, inverse NTT {:.3}, sparse c·s product (τ = 39 / 49 / 60) {:.3} / {:.3} / {:.3}.\n",
        <B::Shake128 as mldsa_simd::backend::Xof>::LANES,
        u.xn,
        u.x1,
        u.ntt,
        u.intt,
        cm[0],
        cm[1],
        cm[2],
    );
    println!(
        "| set | operation | multi-lane perms | single-lane perms | NTTs | inverse NTTs | c·s products | bound (µs) | measured (µs) | measured / bound | fastest batch (µs) | fastest / bound |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    lower_bound::<mldsa_simd::MlDsa44, B>(&u, cm[0], rows[0], it[0], &quiet[0]);
    lower_bound::<mldsa_simd::MlDsa65, B>(&u, cm[1], rows[1], it[1], &quiet[1]);
    lower_bound::<mldsa_simd::MlDsa87, B>(&u, cm[2], rows[2], it[2], &quiet[2]);
}

fn main() {
    use aws_lc_rs::signature as aws;
    println!("backend chosen by Auto: {:?}", mldsa_simd::Auto::selected());
    let msgs: Vec<Message> = (0..SIGN_ROUNDS * SIGN_TIMED).map(message).collect();
    let mut r44 = peers!(
        mldsa_simd::MlDsa44,
        ml_dsa::MlDsa44,
        ml_dsa_44,
        ml_dsa_44,
        &aws::ML_DSA_44_SIGNING,
        &aws::ML_DSA_44,
        mldsa44
    );
    let m44 = measure(&mut r44, &msgs);
    print("ML-DSA-44", &m44);
    let mut r65 = peers!(
        mldsa_simd::MlDsa65,
        ml_dsa::MlDsa65,
        ml_dsa_65,
        ml_dsa_65,
        &aws::ML_DSA_65_SIGNING,
        &aws::ML_DSA_65,
        mldsa65
    );
    let m65 = measure(&mut r65, &msgs);
    print("ML-DSA-65", &m65);
    let mut r87 = peers!(
        mldsa_simd::MlDsa87,
        ml_dsa::MlDsa87,
        ml_dsa_87,
        ml_dsa_87,
        &aws::ML_DSA_87_SIGNING,
        &aws::ML_DSA_87,
        mldsa87
    );
    let m87 = measure(&mut r87, &msgs);
    print("ML-DSA-87", &m87);
    let it = [
        mean_iterations::<mldsa_simd::MlDsa44>(&msgs),
        mean_iterations::<mldsa_simd::MlDsa65>(&msgs),
        mean_iterations::<mldsa_simd::MlDsa87>(&msgs),
    ];
    println!(
        "\n### Lower bound\n\nSign's fixed list of {} messages takes {:.3} / {:.3} / {:.3} iterations per signature on average (44 / 65 / 87, counted from the signatures; FIPS 204 expects 4.25 / 5.1 / 3.85).",
        msgs.len(),
        it[0],
        it[1],
        it[2],
    );
    let first = &msgs[..QUIET_MSGS];
    let quiet_it = [
        mean_iterations::<mldsa_simd::MlDsa44>(first),
        mean_iterations::<mldsa_simd::MlDsa65>(first),
        mean_iterations::<mldsa_simd::MlDsa87>(first),
    ];
    let (a44, b44) = r44.split_at_mut(1);
    let (a65, b65) = r65.split_at_mut(1);
    let (a87, b87) = r87.split_at_mut(1);
    bound_table::<mldsa_simd::Auto>(
        "best backend (Auto)",
        [&m44[0], &m65[0], &m87[0]],
        [&mut a44[0], &mut a65[0], &mut a87[0]],
        &msgs,
        it,
        quiet_it,
    );
    bound_table::<mldsa_simd::Avx2>(
        "AVX2 forced",
        [&m44[1], &m65[1], &m87[1]],
        [&mut b44[0], &mut b65[0], &mut b87[0]],
        &msgs,
        it,
        quiet_it,
    );
    println!("\n### Verify: from bytes vs prepared key (µs, median, mldsa-simd Auto)\n");
    println!(
        "| set | from bytes (decode, then verify) | one-shot (verify_encoded) | prepared | speed-up of prepared over from bytes |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    prepared::<mldsa_simd::MlDsa44>();
    prepared::<mldsa_simd::MlDsa65>();
    prepared::<mldsa_simd::MlDsa87>();
}
