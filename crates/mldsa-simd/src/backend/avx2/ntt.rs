//! Forward and inverse NTT with AVX2, bit-for-bit equal to `mldsa_core::ntt`.
//!
//! Each butterfly does exactly the portable arithmetic (one signed Montgomery product, one add,
//! one subtract, no extra reduction), so the outputs are identical; only the order in which
//! the butterflies run differs. Layout: the 256 coefficients are 32 vectors of 8.
//!
//! * Layers with distance len ≥ 8 pair whole vectors (one broadcast ζ per pair): len 128 and 64
//!   run merged on the quads {j, j + 8, j + 16, j + 24}, len 32 and 16 on {v, v + 2, v + 4,
//!   v + 6} inside each 64-coefficient block, and len 8 on each vector pair (2p, 2p + 1).
//! * The in-vector layers len 4, 2, 1 run on that same pair after one or two shuffles per layer
//!   put butterfly partners in the same lane of two vectors (ζ differs per lane: precomputed
//!   tables), and the pair goes back to natural order before it is stored.
//! * At most four data vectors are live at a time, so the Montgomery products' temporaries fit
//!   the sixteen registers (the previous 8-vector, double-transpose layout spilled about 470
//!   times per inverse NTT); 12 shuffles per vector pair. The inverse runs the passes backwards.
//!
//! Bounds (the portable ones, as no butterfly changes): forward input |a| < q; each layer
//! adds a Montgomery product |t| < q, so after layer l |a| < (l+1)q, output |a| < 9q. Inverse:
//! input |a| < q; after layer l the sums are < 2^l·q and the differences' products < q, the
//! last sums < 256q < 2^31 (no i32 overflow), and the last layer, with the final scaling
//! folded in (two Montgomery products by constants below q), gives |a| < q.
//! Montgomery products: |ζ| ≤ q/2 and |b| < 256q, so |ζ·b| < 2^31·q, inside the domain.

use super::{load, store};
use core::arch::x86_64::*;
use mldsa_core::field::QINV;
use mldsa_core::ntt::{INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, ZETAS, ZETAS_QINV};
use mldsa_core::params::Q;
use mldsa_core::poly::Poly;

/// Lane-wise Montgomery product b·z·2^-32, exactly `mldsa_core::field::mont_mul(z, b)`, for
/// |z·b| < 2^31·q: |r| < q. `zq` = z·q^-1 mod 2^32 lane-wise.
///
/// Even and odd lanes go through `_mm256_mul_epi32` separately: p = b·z (64-bit),
/// t = lo32(b·zq) = lo32(p)·q^-1, and r = hi32(p) - hi32(t·q), since p - t·q ≡ 0 mod 2^32
/// (no borrow out of the low halves).
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn mont_mul(b: __m256i, z: __m256i, zq: __m256i) -> __m256i {
    let z_odd = _mm256_srli_epi64::<32>(z);
    let zq_odd = _mm256_srli_epi64::<32>(zq);
    mont_mul_lanes(b, (z, z_odd), (zq, zq_odd))
}

/// [`mont_mul`] by one ζ in every lane (saves the odd-lane shifts of z and zq).
#[inline]
#[target_feature(enable = "avx2")]
fn mont_mul_bc(b: __m256i, k_z: i32, k_zq: i32) -> __m256i {
    let z = _mm256_set1_epi32(k_z);
    let zq = _mm256_set1_epi32(k_zq);
    mont_mul_lanes(b, (z, z), (zq, zq))
}

/// The core of [`mont_mul`]: `z` and `zq` as (even-lane, odd-lane) multipliers, each with its
/// value in the low 32 bits of every 64-bit lane.
#[inline]
#[target_feature(enable = "avx2")]
fn mont_mul_lanes(b: __m256i, z: (__m256i, __m256i), zq: (__m256i, __m256i)) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    let b_odd = _mm256_srli_epi64::<32>(b);
    let p_even = _mm256_mul_epi32(b, z.0);
    let p_odd = _mm256_mul_epi32(b_odd, z.1);
    let t_even = _mm256_mul_epi32(b, zq.0);
    let t_odd = _mm256_mul_epi32(b_odd, zq.1);
    let tq_even = _mm256_mul_epi32(t_even, q);
    let tq_odd = _mm256_mul_epi32(t_odd, q);
    // The differences of the high halves sit in the odd 32-bit positions.
    let r_even = _mm256_srli_epi64::<32>(_mm256_sub_epi32(p_even, tq_even));
    let r_odd = _mm256_sub_epi32(p_odd, tq_odd);
    _mm256_blend_epi32::<0xAA>(r_even, r_odd)
}

/// Per-lane ζ tables of the in-vector layers for vector pair p (vectors 2p and 2p + 1 of the
/// natural order, called A and B), in the shuffled layouts those layers run in: slot 0 len 4
/// on ([A0-3 | B0-3], [A4-7 | B4-7]), slot 1 len 2 on ([A0 A1 A4 A5 | B..], [A2 A3 A6 A7 | B..]),
/// slot 2 len 1 on ([A0 A2 A4 A6 | B..], [A1 A3 A5 A7 | B..]). Forward: k = 32 + v (len 4),
/// 64 + 2v + r (len 2), 128 + 4v + r (len 1) for vector v and its r-th sub-block. Inverse
/// (ζ negated), with its own layouts: slot 0 len 1 on ([A0 A2 B0 B2 | A4 A6 B4 B6],
/// [A1 A3 B1 B3 | ..]), slot 1 len 2 on ([A0 A1 B0 B1 | A4 A5 B4 B5], [A2 A3 B2 B3 | ..]),
/// slot 2 len 4 as forward; k = 255 - (4v + r), 127 - (2v + r), 63 - v.
struct PairZetas {
    z: [[[i32; 8]; 3]; 16],
    zq: [[[i32; 8]; 3]; 16],
}

const fn pair_zetas(inverse: bool) -> PairZetas {
    let mut t = PairZetas {
        z: [[[0; 8]; 3]; 16],
        zq: [[[0; 8]; 3]; 16],
    };
    let mut p = 0;
    while p < 16 {
        let mut i = 0;
        while i < 8 {
            let (k, neg) = if !inverse {
                let v = 2 * p + (i >> 2);
                let lane = i & 3;
                ([32 + v, 64 + 2 * v + (lane >> 1), 128 + 4 * v + lane], 1)
            } else {
                // Lane i of the len-1 and len-2 layouts holds vector 2p + ((i >> 1) & 1)
                // (A, B, A, B in pairs); its sub-block is (i & 1) + 2·(i >> 2) for len 1
                // and i >> 2 for len 2. Len 4: lanes 0-3 A, 4-7 B.
                let v12 = 2 * p + ((i >> 1) & 1);
                let v4 = 2 * p + (i >> 2);
                (
                    [
                        255 - (4 * v12 + (i & 1) + 2 * (i >> 2)),
                        127 - (2 * v12 + (i >> 2)),
                        63 - v4,
                    ],
                    -1,
                )
            };
            let mut s = 0;
            while s < 3 {
                t.z[p][s][i] = neg * ZETAS[k[s]];
                t.zq[p][s][i] = (neg * ZETAS[k[s]]).wrapping_mul(QINV);
                s += 1;
            }
            i += 1;
        }
        p += 1;
    }
    t
}

const FWD_PAIRS: PairZetas = pair_zetas(false);
const INV_PAIRS: PairZetas = pair_zetas(true);

/// Forward butterfly on two vectors with a per-lane ζ.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd2(x: &mut __m256i, y: &mut __m256i, z: &[i32; 8], zq: &[i32; 8]) {
    let t = mont_mul(*y, load(z), load(zq));
    *y = _mm256_sub_epi32(*x, t);
    *x = _mm256_add_epi32(*x, t);
}

/// Forward butterflies of layers len 8, 4, 2, 1 on vectors 2p (`a`) and 2p + 1 (`b`), back
/// in natural order.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_pair(a: &mut [i32; 8], b: &mut [i32; 8], p: usize) {
    let mut v = [load(a), load(b)];
    fwd_bc(&mut v, 0, 1, 16 + p);
    let (z, zq) = (&FWD_PAIRS.z[p], &FWD_PAIRS.zq[p]);
    // [A0-3 | B0-3], [A4-7 | B4-7]: len 4.
    let mut x = _mm256_permute2x128_si256::<0x20>(v[0], v[1]);
    let mut y = _mm256_permute2x128_si256::<0x31>(v[0], v[1]);
    fwd2(&mut x, &mut y, &z[0], &zq[0]);
    // [A0 A1 A4 A5 | ..], [A2 A3 A6 A7 | ..]: len 2.
    let (mut x2, mut y2) = (_mm256_unpacklo_epi64(x, y), _mm256_unpackhi_epi64(x, y));
    fwd2(&mut x2, &mut y2, &z[1], &zq[1]);
    // [A0 A2 A4 A6 | ..], [A1 A3 A5 A7 | ..]: len 1.
    let mut x3 = _mm256_blend_epi32::<0xAA>(x2, _mm256_slli_epi64::<32>(y2));
    let mut y3 = _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<32>(x2), y2);
    fwd2(&mut x3, &mut y3, &z[2], &zq[2]);
    // Back to [A0-3 | B0-3], [A4-7 | B4-7], then A, B.
    let lo = _mm256_unpacklo_epi32(x3, y3);
    let hi = _mm256_unpackhi_epi32(x3, y3);
    store(a, _mm256_permute2x128_si256::<0x20>(lo, hi));
    store(b, _mm256_permute2x128_si256::<0x31>(lo, hi));
}

/// Forward butterflies of two layers on four vectors (a, b, c, d) of `c`: (a, c) and (b, d)
/// with ZETAS\[k1\], then (a, b) with ZETAS\[k2\] and (c, d) with ZETAS\[k3\].
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_quad(c: &mut [[i32; 8]], idx: [usize; 4], k: [usize; 3]) {
    let mut v = idx.map(|i| load(&c[i]));
    fwd_bc(&mut v, 0, 2, k[0]);
    fwd_bc(&mut v, 1, 3, k[0]);
    fwd_bc(&mut v, 0, 1, k[1]);
    fwd_bc(&mut v, 2, 3, k[2]);
    for (i, x) in idx.iter().zip(v) {
        store(&mut c[*i], x);
    }
}

/// Forward butterfly (Algorithm 41, lines 10-12) on vectors x, y of `v` with ζ = ZETAS\[k\]:
/// t = ζ·y, y = x - t, x = x + t.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_bc<const N: usize>(v: &mut [__m256i; N], x: usize, y: usize, k: usize) {
    let t = mont_mul_bc(v[y], ZETAS[k], ZETAS_QINV[k]);
    v[y] = _mm256_sub_epi32(v[x], t);
    v[x] = _mm256_add_epi32(v[x], t);
}

/// Forward NTT, identical to `mldsa_core::ntt::ntt`. In |a| < q, out |a| < 9q.
///
/// Three passes over memory, each with at most four data vectors live (so the product
/// temporaries fit the sixteen registers): len 128 and 64 on vectors {j, j + 8, j + 16, j + 24};
/// len 32 and 16 on {v, v + 2, v + 4, v + 6} in each 64-coefficient block; len 8, 4, 2, 1 on
/// each vector pair, the in-vector layers after shuffles that put butterfly partners in
/// different vectors (and back).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    for j in 0..8 {
        fwd_quad(c, [j, j + 8, j + 16, j + 24], [1, 2, 3]);
    }
    for b in 0..4 {
        for j in 0..2 {
            let v = 8 * b + j;
            fwd_quad(c, [v, v + 2, v + 4, v + 6], [4 + b, 8 + 2 * b, 9 + 2 * b]);
        }
    }
    for (p, pair) in c.as_chunks_mut::<2>().0.iter_mut().enumerate() {
        let [a, b] = pair;
        fwd_pair(a, b, p);
    }
}

/// Inverse butterfly on two vectors with a per-lane ζ (already negated): x = x + y,
/// y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx2")]
fn inv2(x: &mut __m256i, y: &mut __m256i, z: &[i32; 8], zq: &[i32; 8]) {
    let t = *x;
    *x = _mm256_add_epi32(t, *y);
    *y = mont_mul(_mm256_sub_epi32(t, *y), load(z), load(zq));
}

/// Inverse butterflies of layers len 1, 2, 4, 8 on vectors 2p (`a`) and 2p + 1 (`b`), in and
/// out of natural order.
#[inline]
#[target_feature(enable = "avx2")]
fn inv_pair(a: &mut [i32; 8], b: &mut [i32; 8], p: usize) {
    let (z, zq) = (&INV_PAIRS.z[p], &INV_PAIRS.zq[p]);
    let (va, vb) = (_mm256_castsi256_ps(load(a)), _mm256_castsi256_ps(load(b)));
    // [A0 A2 B0 B2 | A4 A6 B4 B6], [A1 A3 B1 B3 | A5 A7 B5 B7]: len 1.
    let mut x = _mm256_castps_si256(_mm256_shuffle_ps::<0x88>(va, vb));
    let mut y = _mm256_castps_si256(_mm256_shuffle_ps::<0xDD>(va, vb));
    inv2(&mut x, &mut y, &z[0], &zq[0]);
    // [A0 A1 B0 B1 | A4 A5 B4 B5], [A2 A3 B2 B3 | A6 A7 B6 B7]: len 2.
    let mut x2 = _mm256_blend_epi32::<0xAA>(x, _mm256_slli_epi64::<32>(y));
    let mut y2 = _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<32>(x), y);
    inv2(&mut x2, &mut y2, &z[1], &zq[1]);
    // Natural order, then [A0-3 | B0-3], [A4-7 | B4-7]: len 4.
    let (na, nb) = (_mm256_unpacklo_epi64(x2, y2), _mm256_unpackhi_epi64(x2, y2));
    let mut x4 = _mm256_permute2x128_si256::<0x20>(na, nb);
    let mut y4 = _mm256_permute2x128_si256::<0x31>(na, nb);
    inv2(&mut x4, &mut y4, &z[2], &zq[2]);
    // Natural order: len 8 pairs the two vectors.
    let mut v = [
        _mm256_permute2x128_si256::<0x20>(x4, y4),
        _mm256_permute2x128_si256::<0x31>(x4, y4),
    ];
    inv_bc(&mut v, 0, 1, 31 - p);
    store(a, v[0]);
    store(b, v[1]);
}

/// Inverse butterflies of two layers on four vectors (a, b, c, d): (a, b) with ζ = -ZETAS\[k1\]
/// and (c, d) with -ZETAS\[k2\], then (a, c) and (b, d) with -ZETAS\[k3\], or, when `last`
/// (k3 = 1, len 128), with the final scaling folded in as in `mldsa_core::ntt::inv_ntt`.
#[inline]
#[target_feature(enable = "avx2")]
fn inv_quad(c: &mut [[i32; 8]], idx: [usize; 4], k: [usize; 3], last: bool) {
    let mut v = idx.map(|i| load(&c[i]));
    inv_bc(&mut v, 0, 1, k[0]);
    inv_bc(&mut v, 2, 3, k[1]);
    for (x, y) in [(0, 2), (1, 3)] {
        if last {
            let t = v[x];
            v[x] = mont_mul_bc(
                _mm256_add_epi32(t, v[y]),
                INV_NTT_SCALE,
                INV_NTT_SCALE.wrapping_mul(QINV),
            );
            v[y] = mont_mul_bc(
                _mm256_sub_epi32(t, v[y]),
                INV_NTT_SCALE_ZETA1,
                INV_NTT_SCALE_ZETA1.wrapping_mul(QINV),
            );
        } else {
            inv_bc(&mut v, x, y, k[2]);
        }
    }
    for (i, x) in idx.iter().zip(v) {
        store(&mut c[*i], x);
    }
}

/// Inverse butterfly on vectors x, y of `v` with ζ = -ZETAS\[k\]: x = x + y, y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx2")]
fn inv_bc<const N: usize>(v: &mut [__m256i; N], x: usize, y: usize, k: usize) {
    let t = v[x];
    v[x] = _mm256_add_epi32(t, v[y]);
    v[y] = mont_mul_bc(
        _mm256_sub_epi32(t, v[y]),
        -ZETAS[k],
        ZETAS_QINV[k].wrapping_neg(),
    );
}

/// Inverse NTT times 2^32, identical to `mldsa_core::ntt::inv_ntt`. In |a| < q, out |a| < q.
///
/// The forward passes backwards: len 1, 2, 4, 8 on each vector pair (sums < 16q); len 16 and
/// 32 on {v, v + 2, v + 4, v + 6} in each 64-coefficient block (< 64q); len 64 and 128 on
/// {j, j + 8, j + 16, j + 24} (< 256q < 2^31), len 128 with the scaling folded in (|a| < q).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn inv_ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    for (p, pair) in c.as_chunks_mut::<2>().0.iter_mut().enumerate() {
        let [a, b] = pair;
        inv_pair(a, b, p);
    }
    for b in 0..4 {
        for j in 0..2 {
            let v = 8 * b + j;
            inv_quad(
                c,
                [v, v + 2, v + 4, v + 6],
                [15 - 2 * b, 14 - 2 * b, 7 - b],
                false,
            );
        }
    }
    for j in 0..8 {
        inv_quad(c, [j, j + 8, j + 16, j + 24], [3, 2, 1], true);
    }
}
