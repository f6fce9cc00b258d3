//! Every kernel of every vector backend of `mldsa_simd::for_each_backend!` that this CPU runs
//! (AVX2 and, on an AVX-512 machine, AVX-512; NEON on aarch64) equals mldsa_core::Portable on
//! arbitrary inputs clamped into the input bounds documented in mldsa_core::backend. The
//! first input prints which backends are compared.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::backend::{Backend, Xof};
use mldsa_core::kernel::{GAMMA2_Q32, GAMMA2_Q88, KeccakF1600, N, Poly, Q, Rider, Shake256};
use mldsa_core::Portable;
use mldsa_fuzz::Input;

const Q9: i64 = 9 * Q as i64;

fn poly(inp: &mut Input<'_>, lo: i64, hi: i64) -> Poly {
    let mut p = Poly::ZERO;
    for c in p.coeffs.iter_mut() {
        *c = inp.in_range(lo, hi);
    }
    p
}

fn gamma2(inp: &mut Input<'_>) -> i32 {
    if inp.byte() & 1 == 0 {
        GAMMA2_Q88
    } else {
        GAMMA2_Q32
    }
}

fn same(a: &Poly, b: &Poly, what: &str) {
    assert!(
        a == b,
        "{what}: vector {:?} != Portable {:?}",
        &a.coeffs[..8],
        &b.coeffs[..8]
    );
}

/// The multi-lane XOF's lanes equal the portable sponge, with a rider (a SHAKE256 of its own
/// input, permuted in a lane the batch leaves free) when the input asks for one: the rider's
/// hash must equal SHAKE256 of its input whatever share of its blocks the XOF ran.
fn xof<X: Xof, Y: Xof>(inp: &mut Input<'_>) {
    let lanes = (inp.byte() as usize % X::LANES) + 1;
    let len = inp.byte() as usize;
    let msgs: Vec<Vec<u8>> = (0..lanes).map(|_| inp.take_padded(len)).collect();
    let blocks = (inp.byte() as usize & 3) + 1;
    let ride = inp.byte();
    let rider_msg = inp.take_padded(usize::from(ride) * 3);
    let mut rider = if ride & 1 == 1 {
        Rider::new(&rider_msg)
    } else {
        Rider::idle()
    };
    let refs: Vec<&[u8]> = msgs.iter().map(|m| &m[..]).collect();
    let mut x = X::absorb_riding(&refs, &mut rider);
    let mut outs = vec![vec![0u8; blocks * X::RATE]; lanes];
    {
        let mut o: Vec<&mut [u8]> = outs.iter_mut().map(|v| &mut v[..]).collect();
        x.squeeze_blocks_riding(&mut o, &mut rider);
    }
    if ride & 1 == 1 {
        let (mut got, mut want) = ([0u8; 64], [0u8; 64]);
        rider.finish::<KeccakF1600>(&mut got);
        Shake256::digest(&[&rider_msg[..]], &mut want);
        assert_eq!(got, want, "rider's hash differs from SHAKE256");
    }
    for (m, out) in msgs.iter().zip(&outs) {
        let mut y = Y::absorb(&[&m[..]]);
        let mut want = vec![0u8; blocks * Y::RATE];
        y.squeeze_blocks(&mut [&mut want[..]]);
        assert_eq!(
            out, &want,
            "multi-lane XOF lane differs from the portable sponge"
        );
    }
}

/// One input against backend `B`'s kernel and the portable one.
fn check<B: Backend>(data: &[u8]) {
    let mut inp = Input::new(data);
    let q = Q as i64;
    match inp.byte() % 19 {
        0 => {
            let mut a = poly(&mut inp, -q + 1, q - 1);
            let mut b = a.clone();
            B::ntt(&mut a);
            Portable::ntt(&mut b);
            same(&a, &b, "ntt");
        }
        1 => {
            let mut a = poly(&mut inp, -q + 1, q - 1);
            let mut b = a.clone();
            B::inv_ntt(&mut a);
            Portable::inv_ntt(&mut b);
            same(&a, &b, "inv_ntt");
        }
        2 => {
            let x = poly(&mut inp, -Q9 + 1, Q9 - 1);
            let y = poly(&mut inp, -Q9 + 1, Q9 - 1);
            let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
            B::pointwise(&mut a, &x, &y);
            Portable::pointwise(&mut b, &x, &y);
            same(&a, &b, "pointwise");
        }
        3 => {
            let n = (inp.byte() as usize % 7) + 1;
            let xs: Vec<Poly> = (0..n).map(|_| poly(&mut inp, 0, q - 1)).collect();
            let ys: Vec<Poly> = (0..n).map(|_| poly(&mut inp, -Q9 + 1, Q9 - 1)).collect();
            let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
            B::pointwise_acc(&mut a, &xs, &ys);
            Portable::pointwise_acc(&mut b, &xs, &ys);
            same(&a, &b, "pointwise_acc");
        }
        4 => {
            let mut a = poly(&mut inp, i32::MIN as i64, (1 << 31) - (1 << 22) - 1);
            let mut b = a.clone();
            B::reduce(&mut a);
            Portable::reduce(&mut b);
            same(&a, &b, "reduce");
        }
        5 => {
            let mut a = poly(&mut inp, -q + 1, q - 1);
            let mut b = a.clone();
            B::caddq(&mut a);
            Portable::caddq(&mut b);
            same(&a, &b, "caddq");
        }
        6 => {
            let mut a = poly(&mut inp, 0, q - 1);
            let mut b = a.clone();
            let (mut a0, mut b0) = (Poly::ZERO, Poly::ZERO);
            B::power2round(&mut a, &mut a0);
            Portable::power2round(&mut b, &mut b0);
            same(&a, &b, "power2round t1");
            same(&a0, &b0, "power2round t0");
        }
        7 => {
            let g = gamma2(&mut inp);
            let mut a = poly(&mut inp, 0, q - 1);
            let mut b = a.clone();
            let (mut a0, mut b0) = (Poly::ZERO, Poly::ZERO);
            B::decompose(g, &mut a, &mut a0);
            Portable::decompose(g, &mut b, &mut b0);
            same(&a, &b, "decompose w1");
            same(&a0, &b0, "decompose w0");
        }
        8 => {
            let g = gamma2(&mut inp);
            let r0 = poly(&mut inp, -2 * g as i64 + 1, 2 * g as i64 - 1);
            let mut r1 = poly(&mut inp, 0, q - 1);
            let mut scratch = Poly::ZERO;
            Portable::decompose(g, &mut r1, &mut scratch);
            let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
            let na = B::make_hint(g, &mut a, &r0, &r1);
            let nb = Portable::make_hint(g, &mut b, &r0, &r1);
            same(&a, &b, "make_hint");
            assert_eq!(na, nb, "make_hint count");
        }
        9 => {
            let g = gamma2(&mut inp);
            let mut a = poly(&mut inp, 0, q - 1);
            let h = poly(&mut inp, 0, 1);
            let mut b = a.clone();
            B::use_hint(g, &mut a, &h);
            Portable::use_hint(g, &mut b, &h);
            same(&a, &b, "use_hint");
        }
        10 => {
            let a = poly(&mut inp, -6283009, 6283009);
            let bound = inp.in_range(1, (q - 1) >> 3);
            let x = B::norm_exceeds(&a, bound).unwrap_u8();
            let y = Portable::norm_exceeds(&a, bound).unwrap_u8();
            assert_eq!(x, y, "norm_exceeds");
        }
        11 => {
            let room = inp.byte() as usize;
            let len = (inp.u16() as usize % 900) / 3 * 3;
            let buf = inp.take_padded(len);
            let (mut a, mut b) = ([0i32; N], [0i32; N]);
            let na = B::rej_uniform(&mut a[..room], &buf);
            let nb = Portable::rej_uniform(&mut b[..room], &buf);
            // Entries past the count are scratch (`Backend::rej_uniform`).
            assert_eq!((na, &a[..na]), (nb, &b[..nb]), "rej_uniform");
        }
        12 => {
            let eta = if inp.byte() & 1 == 0 { 2 } else { 4 };
            let room = inp.byte() as usize;
            let len = inp.u16() as usize % 700;
            let buf = inp.take_padded(len);
            let (mut a, mut b) = ([0i32; N], [0i32; N]);
            let na = B::rej_eta(eta, &mut a[..room], &buf);
            let nb = Portable::rej_eta(eta, &mut b[..room], &buf);
            // Entries past the count are scratch (`Backend::rej_eta`).
            assert_eq!((na, &a[..na]), (nb, &b[..nb]), "rej_eta");
        }
        13 => {
            let bits = if inp.byte() & 1 == 0 { 17 } else { 19 };
            let g1 = 1i64 << bits;
            let z = poly(&mut inp, -g1 + 1, g1);
            let len = 32 * (bits as usize + 1);
            let (mut a, mut b) = (vec![0u8; len], vec![0u8; len]);
            B::pack_z(bits, &mut a, &z);
            Portable::pack_z(bits, &mut b, &z);
            assert_eq!(a, b, "pack_z");
        }
        14 => {
            let bits = if inp.byte() & 1 == 0 { 17 } else { 19 };
            let buf = inp.take_padded(32 * (bits as usize + 1));
            let (mut a, mut b) = (Poly::ZERO, Poly::ZERO);
            B::unpack_z(bits, &mut a, &buf);
            Portable::unpack_z(bits, &mut b, &buf);
            same(&a, &b, "unpack_z");
        }
        15 => {
            let g = gamma2(&mut inp);
            let top = if g == GAMMA2_Q88 { 43 } else { 15 };
            let w1 = poly(&mut inp, 0, top);
            let len = if g == GAMMA2_Q88 { 192 } else { 128 };
            let (mut a, mut b) = (vec![0u8; len], vec![0u8; len]);
            B::pack_w1(g, &mut a, &w1);
            Portable::pack_w1(g, &mut b, &w1);
            assert_eq!(a, b, "pack_w1");
        }
        16 => {
            let t1 = poly(&mut inp, 0, 1023);
            let (mut a, mut b) = ([0u8; 320], [0u8; 320]);
            B::pack_t1(&mut a, &t1);
            Portable::pack_t1(&mut b, &t1);
            assert_eq!(a, b, "pack_t1");
            let buf = inp.take_padded(320);
            let (mut x, mut y) = (Poly::ZERO, Poly::ZERO);
            B::unpack_t1(&mut x, &buf);
            Portable::unpack_t1(&mut y, &buf);
            same(&x, &y, "unpack_t1");
        }
        17 => xof::<<B as Backend>::Shake128, <Portable as Backend>::Shake128>(&mut inp),
        _ => xof::<<B as Backend>::Shake256, <Portable as Backend>::Shake256>(&mut inp),
    }
}

fuzz_target!(|data: &[u8]| {
    // Every vector backend of the one list that this CPU runs; which ones is printed once.
    macro_rules! say {
        (portable, $($rest:tt)*) => {};
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            eprintln!(
                "simd_vs_portable: {} {}",
                $label,
                if $available { "compared with portable" } else { "not on this CPU" }
            );
        };
    }
    macro_rules! each {
        (portable, $($rest:tt)*) => {};
        ($id:ident, $ty:ty, $label:literal, $available:expr) => {
            if $available {
                check::<$ty>(data);
            }
        };
    }
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        mldsa_simd::for_each_backend!(say);
    });
    mldsa_simd::for_each_backend!(each);
});
