//! Forward and inverse NTT (FIPS 204, Algorithms 41-42) in `zmm`, bit-for-bit equal to
//! mldsa-core's `ntt.rs`: each butterfly does exactly the portable arithmetic (one signed
//! Montgomery product, one add, one subtract), only the order differs.
//!
//! The 256 coefficients are 16 vectors of 16, a whole polynomial in 16 of the 32 registers.
//! The layers len 128 to 16 pair whole vectors (distance 8, 4, 2, 1; one broadcast ζ per
//! butterfly). The in-vector layers len 8 to 1 run on each vector pair (2p, 2p + 1) in turn:
//! before each layer two `vpermt2d` rearrange the pair's 32 coefficients so that every
//! butterfly's partners sit in the same lane of the two vectors ([`layout`]), with ζ per lane
//! from precomputed tables; two more restore the natural order. The inverse runs the same
//! stages backwards and folds the final scaling into its last layer as the portable code does.
//!
//! Montgomery products take six `vpmuldq` per 16 lanes (even and odd lanes apart: b·ζ,
//! b·ζq^-1 and t·q). On an Intel Xeon (model 207) `vpmuldq` on `zmm` issues two per cycle,
//! as on `ymm`, so each instruction does twice the work of the AVX2 kernel's.
//!
//! Bounds are the portable ones (no butterfly changes): forward input |a| < q, output
//! |a| < 9q; inverse input |a| < q, sums < 256q < 2^31 before the last layer, output |a| < q.

use super::super::unrolled;
use super::{load, store};
use core::arch::x86_64::*;
use mldsa_core::kernel::{
    INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, NEG_ZETAS, NEG_ZETAS_QINV, Poly, Q, QINV, ZETAS, ZETAS_QINV,
};

/// The coefficient (0..32 of a vector pair: 0..16 the first vector, 16..32 the second) at
/// each position of the pair's layout for the in-vector layer of half-distance `len`:
/// positions 0..16 (the first vector) hold, in order, the coefficients j with j & len = 0,
/// positions 16..32 their partners j + len. `len` = 16 is the natural order.
const fn layout(len: usize) -> [usize; 32] {
    let mut out = [0; 32];
    let (mut i, mut j) = (0, 0);
    while j < 32 {
        if j & len == 0 {
            out[i] = j;
            out[16 + i] = j + len;
            i += 1;
        }
        j += 1;
    }
    out
}

/// The `vpermt2d` controls (for the first and the second vector) taking a pair from the
/// layout of `from` to that of `to`: output position i takes the input position holding the
/// same coefficient (an index into the two input vectors, 16 and up the second).
const fn transition(from: usize, to: usize) -> [[i32; 16]; 2] {
    let (f, t) = (layout(from), layout(to));
    let mut c = [[0; 16]; 2];
    let mut pos = 0;
    while pos < 32 {
        let mut src = 0;
        while f[src] != t[pos] {
            src += 1;
        }
        c[pos >> 4][pos & 15] = src as i32;
        pos += 1;
    }
    c
}

/// The half-distances of the in-vector layers, in the order they run.
const FWD_LENS: [usize; 4] = [8, 4, 2, 1];
const INV_LENS: [usize; 4] = [1, 2, 4, 8];

/// The `vpermt2d` controls of the in-vector layers run in the order `lens`: from the natural
/// order into each layer's layout, then back to the natural order.
const fn steps(lens: [usize; 4]) -> [[[i32; 16]; 2]; 5] {
    [
        transition(16, lens[0]),
        transition(lens[0], lens[1]),
        transition(lens[1], lens[2]),
        transition(lens[2], lens[3]),
        transition(lens[3], 16),
    ]
}

const FWD_STEPS: [[[i32; 16]; 2]; 5] = steps(FWD_LENS);
const INV_STEPS: [[[i32; 16]; 2]; 5] = steps(INV_LENS);

/// Per-lane ζ and ζ·q^-1 of the in-vector layers, in their layouts: entry 16·(4p + s) + i is
/// lane i of step s of pair p (forward, [`FWD_LENS`]: k = 128/len + c/(2·len) for the lane's
/// coefficient c; inverse, [`INV_LENS`]: -ζ and k = 256/len - 1 - c/(2·len)). One spare
/// entry at the end of `z` lets the odd lanes' ζ load one entry late, which puts them where
/// `vpmuldq` reads (ζ·q^-1 goes to `vpmulld`, which reads every lane).
struct LaneTables {
    z: [i32; 8 * 4 * 16 + 1],
    zq: [i32; 8 * 4 * 16],
}

const fn lane_tables(inverse: bool) -> LaneTables {
    let lens = if inverse { INV_LENS } else { FWD_LENS };
    let mut t = LaneTables {
        z: [0; 8 * 4 * 16 + 1],
        zq: [0; 8 * 4 * 16],
    };
    let mut p = 0;
    while p < 8 {
        let mut s = 0;
        while s < 4 {
            let log_len = lens[s].trailing_zeros() as usize;
            let order = layout(lens[s]);
            let mut i = 0;
            while i < 16 {
                let block = (32 * p + order[i]) >> (log_len + 1);
                let e = 16 * (4 * p + s) + i;
                if inverse {
                    let k = (256 >> log_len) - 1 - block;
                    t.z[e] = NEG_ZETAS[k];
                    t.zq[e] = NEG_ZETAS_QINV[k];
                } else {
                    let k = (128 >> log_len) + block;
                    t.z[e] = ZETAS[k];
                    t.zq[e] = ZETAS_QINV[k];
                }
                i += 1;
            }
            s += 1;
        }
        p += 1;
    }
    t
}

const FWD_LANES: LaneTables = lane_tables(false);
const INV_LANES: LaneTables = lane_tables(true);

/// The multipliers of one Montgomery product by a ζ per lane: ζ with each even lane's value
/// in its 64-bit slot's low half, ζ with each odd lane's value there, and ζ·q^-1 mod 2^32 in
/// every lane.
type Zeta = (__m512i, __m512i, __m512i);

/// Lane-wise Montgomery product b·ζ·2^-32, exactly `mldsa_core::kernel::mont_mul(ζ, b)` for
/// |ζ·b| < 2^31·q: |r| < q. t = lo32(b·ζq^-1) for all lanes in one `vpmulld` (two µops on
/// Intel; the form with two `vpmuldq`, which LLVM compiles to four shifts more, ran the NTT
/// in 187 against 173 ns on the Xeon), then r = hi32(b·ζ) - hi32(t·q) on the even and odd
/// lanes apart, since b·ζ - t·q ≡ 0 mod 2^32 (no borrow out of the low halves).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn mont_mul(b: __m512i, (z_even, z_odd, zq): Zeta) -> __m512i {
    let q = _mm512_set1_epi32(Q);
    let p_even = _mm512_mul_epi32(b, z_even);
    let p_odd = _mm512_mul_epi32(_mm512_srli_epi64::<32>(b), z_odd);
    let t = _mm512_mullo_epi32(b, zq);
    let tq_even = _mm512_mul_epi32(t, q);
    let tq_odd = _mm512_mul_epi32(_mm512_srli_epi64::<32>(t), q);
    let r_even = _mm512_srli_epi64::<32>(_mm512_sub_epi32(p_even, tq_even));
    _mm512_mask_blend_epi32(0xAAAA, r_even, _mm512_sub_epi32(p_odd, tq_odd))
}

/// The multipliers of `mont_mul` for one constant ζ in every lane (`zq` = ζ·q^-1 mod 2^32).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn broadcast(z: i32, zq: i32) -> Zeta {
    let z = _mm512_set1_epi32(z);
    (z, z, _mm512_set1_epi32(zq))
}

/// The multipliers of `mont_mul` for step `s` of pair `p` from `t`: the ζ row, the same row
/// one entry later (the odd lanes' values in the even slots), and the ζ·q^-1 row.
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn lane_zetas(t: &LaneTables, p: usize, s: usize) -> Zeta {
    let e = 16 * (4 * p + s);
    let row = |a: &[i32], o: usize| {
        let (r, _) = a[e + o..]
            .split_first_chunk::<16>()
            .expect("ζ row in the table");
        load(r)
    };
    (row(&t.z, 0), row(&t.z, 1), row(&t.zq, 0))
}

/// The pair (x, y) moved to the next layout by the controls `c`.
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn permute(x: __m512i, y: __m512i, c: &[[i32; 16]; 2]) -> (__m512i, __m512i) {
    let (cx, cy) = (load(&c[0]), load(&c[1]));
    (
        _mm512_permutex2var_epi32(x, cx, y),
        _mm512_permutex2var_epi32(x, cy, y),
    )
}

/// Forward (Cooley-Tukey) butterfly: (x + ζy, x - ζy).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn fwd(x: __m512i, y: __m512i, z: Zeta) -> [__m512i; 2] {
    let t = mont_mul(y, z);
    [_mm512_add_epi32(x, t), _mm512_sub_epi32(x, t)]
}

/// Inverse (Gentleman-Sande) butterfly: (x + y, ζ(x - y)).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn inv(x: __m512i, y: __m512i, z: Zeta) -> [__m512i; 2] {
    [_mm512_add_epi32(x, y), mont_mul(_mm512_sub_epi32(x, y), z)]
}

/// The 16 vectors of `a`.
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn load_all(a: &Poly) -> [__m512i; 16] {
    let c = a.coeffs.as_chunks::<16>().0;
    let mut v = [_mm512_setzero_si512(); 16];
    unrolled!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] {
        v[i] = load(&c[i]);
    });
    v
}

/// Stores `v` to `a`.
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn store_all(a: &mut Poly, v: &[__m512i; 16]) {
    let c = a.coeffs.as_chunks_mut::<16>().0;
    unrolled!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] {
        store(&mut c[i], v[i]);
    });
}

/// One whole-vector layer on `v`: vectors at distance 2^`s` (len = 16·2^s), each butterfly
/// `f` with its block's ζ from `zeta(block)` (block = i >> (s + 1) for vector i).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn whole_layer(
    v: &mut [__m512i; 16],
    s: usize,
    zeta: impl Fn(usize) -> (i32, i32),
    f: impl Fn(__m512i, __m512i, Zeta) -> [__m512i; 2],
) {
    let d = 1 << s;
    unrolled!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] {
        if i & d == 0 {
            let (z, zq) = zeta(i >> (s + 1));
            [v[i], v[i + d]] = f(v[i], v[i + d], broadcast(z, zq));
        }
    });
}

/// The in-vector layers of every vector pair (2p, 2p + 1) of `v`, the eight pairs side by
/// side (eight independent chains of permutes and products): for each of the four steps, the
/// pairs moved to the step's layout (`steps[s]`), then butterflies `f` with the lane tables'
/// ζ; finally back to the natural order (`steps[4]`).
#[inline]
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
fn pair_layers(
    v: &mut [__m512i; 16],
    steps: &[[[i32; 16]; 2]; 5],
    t: &LaneTables,
    f: impl Fn(__m512i, __m512i, Zeta) -> [__m512i; 2],
) {
    unrolled!(s in [0, 1, 2, 3] {
        unrolled!(p in [0, 1, 2, 3, 4, 5, 6, 7] {
            let (x, y) = permute(v[2 * p], v[2 * p + 1], &steps[s]);
            [v[2 * p], v[2 * p + 1]] = f(x, y, lane_zetas(t, p, s));
        });
    });
    unrolled!(p in [0, 1, 2, 3, 4, 5, 6, 7] {
        (v[2 * p], v[2 * p + 1]) = permute(v[2 * p], v[2 * p + 1], &steps[4]);
    });
}

/// Forward NTT (FIPS 204, Algorithm 41), as `mldsa_core`'s `ntt`.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn ntt(a: &mut Poly) {
    let mut v = load_all(a);
    // len 128, 64, 32, 16: k = 8/2^s + block.
    unrolled!(s in [3, 2, 1, 0] {
        let zeta = |b: usize| (ZETAS[(8 >> s) + b], ZETAS_QINV[(8 >> s) + b]);
        whole_layer(&mut v, s, zeta, |x, y, z| fwd(x, y, z));
    });
    pair_layers(&mut v, &FWD_STEPS, &FWD_LANES, |x, y, z| fwd(x, y, z));
    store_all(a, &v);
}

/// Inverse NTT (FIPS 204, Algorithm 42) times 2^32, as `mldsa_core`'s `inv_ntt` (its final
/// scaling folded into the last layer the same way).
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn inv_ntt(a: &mut Poly) {
    let mut v = load_all(a);
    pair_layers(&mut v, &INV_STEPS, &INV_LANES, |x, y, z| inv(x, y, z));
    // len 16, 32, 64: k = 16/2^s - 1 - block.
    unrolled!(s in [0, 1, 2] {
        let zeta = |b: usize| {
            let k = (16 >> s) - 1 - b;
            (NEG_ZETAS[k], NEG_ZETAS_QINV[k])
        };
        whole_layer(&mut v, s, zeta, |x, y, z| inv(x, y, z));
    });
    // len 128 with the scaling: x = f·(x + y), y = (f·ζ·2^-32)·(x - y).
    let (f, fz) = (
        broadcast(INV_NTT_SCALE, INV_NTT_SCALE.wrapping_mul(QINV)),
        broadcast(INV_NTT_SCALE_ZETA1, INV_NTT_SCALE_ZETA1.wrapping_mul(QINV)),
    );
    unrolled!(i in [0, 1, 2, 3, 4, 5, 6, 7] {
        let (x, y) = (v[i], v[i + 8]);
        v[i] = mont_mul(_mm512_add_epi32(x, y), f);
        v[i + 8] = mont_mul(_mm512_sub_epi32(x, y), fz);
    });
    store_all(a, &v);
}
