//! Forward and inverse NTT with AVX2, bit-for-bit equal to mldsa-core's `ntt.rs`.
//!
//! Each butterfly does exactly the portable arithmetic (one signed Montgomery product, one add,
//! one subtract, no extra reduction), so the outputs are identical; only the order in which
//! the butterflies run differs. Layout: the 256 coefficients are 32 vectors of 8.
//!
//! * Two passes over memory. Pass 1 runs len 128 and 64 merged on the quads {j, j + 8,
//!   j + 16, j + 24} (whole vectors, one broadcast ζ per butterfly). Pass 2 loads one
//!   64-coefficient block (8 vectors) at a time and runs the other six layers on it in
//!   registers: len 32, 16, 8 on whole vectors, then the in-vector layers len 4, 2, 1 on its
//!   four vector pairs side by side, after one or two shuffles per layer that put butterfly
//!   partners in the same lane of two vectors (ζ differs per lane: precomputed tables), and
//!   back to natural order before the stores. The inverse runs the passes backwards.
//! * Each in-vector layer is four independent butterflies, so their multiply latencies
//!   overlap; done one pair at a time, the chain of four layers per pair left the multipliers
//!   idle (pass 2 used to be three quarters of the NTT's time). The eight block vectors, q
//!   and the product temporaries fit the sixteen registers with the block loops written out
//!   (`unrolled!`); the per-lane ζ are loaded straight from the tables, the odd lanes' from
//!   one entry further on, so no shifts are spent on them.
//!
//! Bounds (the portable ones, as no butterfly changes): forward input |a| < q; each layer
//! adds a Montgomery product |t| < q, so after layer l |a| < (l+1)q, output |a| < 9q. Inverse:
//! input |a| < q; after layer l the sums are < 2^l·q and the differences' products < q, the
//! last sums < 256q < 2^31 (no i32 overflow), and the last layer, with the final scaling
//! folded in (two Montgomery products by constants below q), gives |a| < q.
//! Montgomery products: |ζ| ≤ q/2 and |b| < 256q, so |ζ·b| < 2^31·q, inside the domain.

use super::super::unrolled;
use super::{load, store};
use crate::backend::select::amd_core;
use core::arch::x86_64::*;
use mldsa_core::kernel::{
    INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, NEG_ZETAS, NEG_ZETAS_QINV, Poly, Q, QINV, ZETAS, ZETAS_QINV,
};

/// [`mont_mul_lanes`] by one ζ in every lane.
#[inline]
#[target_feature(enable = "avx2")]
fn mont_mul_bc<const MULLO: bool>(b: __m256i, k_z: i32, k_zq: i32) -> __m256i {
    let z = _mm256_set1_epi32(k_z);
    let zq = _mm256_set1_epi32(k_zq);
    mont_mul_lanes::<MULLO>(b, (z, z), (zq, zq))
}

/// Lane-wise Montgomery product b·z·2^-32, exactly `mldsa_core::kernel::mont_mul(z, b)`, for
/// |z·b| < 2^31·q: |r| < q. `z` and `zq` = z·q^-1 mod 2^32 come as (even-lane, odd-lane)
/// multipliers, each with its value in the low 32 bits of every 64-bit lane (the even one
/// also holds every lane's value, as loaded).
///
/// t = lo32(b·zq) = lo32(b·z)·q^-1 is, with `MULLO`, one `_mm256_mullo_epi32` on all lanes
/// (5 multiplies per 8 lanes), else two `_mm256_mul_epi32` on the even and odd lanes (6). On
/// AMD Zen 3 `vpmulld` issues two per cycle like `vpmuldq` (measured), and the `MULLO` form
/// ran the NTT in 236 against 245 ns; on Intel cores it is two µops with twice `vpmuldq`'s
/// latency, and on an Intel Xeon (family 6 model 207) the six-`vpmuldq` form ran the NTT in
/// 263 against 307 ns and the inverse in 291 against 338. The AVX2 kernels choose by CPU
/// vendor ([`amd_core`]: `MULLO` on AMD). (The AVX-512 backend has its own `zmm` NTT.)
/// The 64-bit products p = b·z and t·q run on the even and odd lanes separately with
/// `_mm256_mul_epi32`, and r = hi32(p) - hi32(t·q), since p - t·q ≡ 0 mod 2^32 (no borrow out
/// of the low halves).
#[inline]
#[target_feature(enable = "avx2")]
fn mont_mul_lanes<const MULLO: bool>(
    b: __m256i,
    z: (__m256i, __m256i),
    zq: (__m256i, __m256i),
) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    let b_odd = _mm256_srli_epi64::<32>(b);
    let p_even = _mm256_mul_epi32(b, z.0);
    let p_odd = _mm256_mul_epi32(b_odd, z.1);
    let (tq_even, tq_odd) = if MULLO {
        let t = _mm256_mullo_epi32(b, zq.0);
        (
            _mm256_mul_epi32(t, q),
            _mm256_mul_epi32(_mm256_srli_epi64::<32>(t), q),
        )
    } else {
        (
            _mm256_mul_epi32(_mm256_mul_epi32(b, zq.0), q),
            _mm256_mul_epi32(_mm256_mul_epi32(b_odd, zq.1), q),
        )
    };
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
///
/// Entry 8·(3p + s) + i is lane i of slot s; one spare entry at the end of `z` lets
/// [`lane_zetas`] read every ζ row one entry late, which puts the odd lanes' ζ where
/// `_mm256_mul_epi32` reads.
struct PairZetas {
    z: [i32; 16 * 3 * 8 + 1],
    zq: [i32; 16 * 3 * 8 + 1],
}

const fn pair_zetas(inverse: bool) -> PairZetas {
    let mut t = PairZetas {
        z: [0; 16 * 3 * 8 + 1],
        zq: [0; 16 * 3 * 8 + 1],
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
                let e = 8 * (3 * p + s) + i;
                t.z[e] = neg * ZETAS[k[s]];
                t.zq[e] = (neg * ZETAS[k[s]]).wrapping_mul(QINV);
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

/// The multipliers of slot `s` of pair `p` in `t` as `mont_mul_lanes` takes them: ζ as (even
/// lanes, odd lanes) and ζ·q^-1, loaded straight from the tables (no shifts).
#[inline]
#[target_feature(enable = "avx2")]
fn lane_zetas(t: &PairZetas, p: usize, s: usize) -> LaneZetas {
    let e = 8 * (3 * p + s);
    let row = |a: &[i32], o: usize| -> __m256i {
        let (r, _) = a[e + o..]
            .split_first_chunk::<8>()
            .expect("ζ row in the table");
        load(r)
    };
    ((row(&t.z, 0), row(&t.z, 1)), (row(&t.zq, 0), row(&t.zq, 1)))
}

/// One in-vector layer's multipliers: ζ and ζ·q^-1, each as (even lanes, odd lanes).
type LaneZetas = ((__m256i, __m256i), (__m256i, __m256i));

/// The 2×2 transpose of 32-bit lanes within each 64-bit lane of two vectors (a shift and a
/// blend each): ([x0 y0 x2 y2 ..], [x1 y1 x3 y3 ..]).
#[inline]
#[target_feature(enable = "avx2")]
fn transpose_2x2_32(x: __m256i, y: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_blend_epi32::<0xAA>(x, _mm256_slli_epi64::<32>(y)),
        _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<32>(x), y),
    )
}

/// Forward butterfly on two vectors with a per-lane ζ.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd2<const MULLO: bool>(x: &mut __m256i, y: &mut __m256i, zetas: LaneZetas) {
    let t = mont_mul_lanes::<MULLO>(*y, zetas.0, zetas.1);
    *y = _mm256_sub_epi32(*x, t);
    *x = _mm256_add_epi32(*x, t);
}

/// Forward butterflies of layers len 32 to 1 on the 64-coefficient block `b` (vectors 8b to
/// 8b + 7): len 32 and 16 pair whole vectors, len 8 each vector pair (2q, 2q + 1), and the
/// in-vector layers run on the four pairs side by side (four independent butterflies per
/// step) after one or two shuffles per layer, back in natural order before the stores.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_block<const MULLO: bool>(blk: &mut [[i32; 8]; 8], b: usize) {
    let mut v: [__m256i; 8] = core::array::from_fn(|i| load(&blk[i]));
    unrolled!(i in [0, 1, 2, 3] {
        fwd_bc::<MULLO, _>(&mut v, i, i + 4, 4 + b);
    });
    unrolled!(i in [0, 1] {
        fwd_bc::<MULLO, _>(&mut v, i, i + 2, 8 + 2 * b);
        fwd_bc::<MULLO, _>(&mut v, i + 4, i + 6, 9 + 2 * b);
    });
    unrolled!(q in [0, 1, 2, 3] {
        fwd_bc::<MULLO, _>(&mut v, 2 * q, 2 * q + 1, 16 + 4 * b + q);
    });
    let p = |q: usize| 4 * b + q;
    // [A0-3 | B0-3], [A4-7 | B4-7]: len 4.
    let mut x: [__m256i; 4] =
        core::array::from_fn(|q| _mm256_permute2x128_si256::<0x20>(v[2 * q], v[2 * q + 1]));
    let mut y: [__m256i; 4] =
        core::array::from_fn(|q| _mm256_permute2x128_si256::<0x31>(v[2 * q], v[2 * q + 1]));
    unrolled!(q in [0, 1, 2, 3] {
        fwd2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&FWD_PAIRS, p(q), 0));
    });
    // [A0 A1 A4 A5 | ..], [A2 A3 A6 A7 | ..]: len 2.
    unrolled!(q in [0, 1, 2, 3] {
        (x[q], y[q]) = (
            _mm256_unpacklo_epi64(x[q], y[q]),
            _mm256_unpackhi_epi64(x[q], y[q]),
        );
        fwd2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&FWD_PAIRS, p(q), 1));
    });
    // [A0 A2 A4 A6 | ..], [A1 A3 A5 A7 | ..]: len 1.
    unrolled!(q in [0, 1, 2, 3] {
        (x[q], y[q]) = transpose_2x2_32(x[q], y[q]);
        fwd2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&FWD_PAIRS, p(q), 2));
    });
    // Back to [A0-3 | B0-3], [A4-7 | B4-7], then A, B.
    unrolled!(q in [0, 1, 2, 3] {
        let lo = _mm256_unpacklo_epi32(x[q], y[q]);
        let hi = _mm256_unpackhi_epi32(x[q], y[q]);
        store(&mut blk[2 * q], _mm256_permute2x128_si256::<0x20>(lo, hi));
        store(&mut blk[2 * q + 1], _mm256_permute2x128_si256::<0x31>(lo, hi));
    });
}

/// Forward butterflies of two layers on four vectors (a, b, c, d) of `c`: (a, c) and (b, d)
/// with ZETAS\[k1\], then (a, b) with ZETAS\[k2\] and (c, d) with ZETAS\[k3\].
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_quad<const MULLO: bool>(c: &mut [[i32; 8]], idx: [usize; 4], k: [usize; 3]) {
    let mut v = idx.map(|i| load(&c[i]));
    fwd_bc::<MULLO, _>(&mut v, 0, 2, k[0]);
    fwd_bc::<MULLO, _>(&mut v, 1, 3, k[0]);
    fwd_bc::<MULLO, _>(&mut v, 0, 1, k[1]);
    fwd_bc::<MULLO, _>(&mut v, 2, 3, k[2]);
    for (i, x) in idx.iter().zip(v) {
        store(&mut c[*i], x);
    }
}

/// Forward butterfly (Algorithm 41, lines 10-12) on vectors x, y of `v` with ζ = ZETAS\[k\]:
/// t = ζ·y, y = x - t, x = x + t.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_bc<const MULLO: bool, const N: usize>(v: &mut [__m256i; N], x: usize, y: usize, k: usize) {
    let t = mont_mul_bc::<MULLO>(v[y], ZETAS[k], ZETAS_QINV[k]);
    v[y] = _mm256_sub_epi32(v[x], t);
    v[x] = _mm256_add_epi32(v[x], t);
}

/// Forward NTT, identical to `mldsa_core::kernel::ntt`. In |a| < q, out |a| < 9q.
///
/// Pass 1: len 128 and 64 on vectors {j, j + 8, j + 16, j + 24}; pass 2: len 32 to 1 on each
/// 64-coefficient block in registers ([`fwd_block`]).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn ntt(a: &mut Poly) {
    if amd_core() {
        ntt_with::<true>(a)
    } else {
        ntt_with::<false>(a)
    }
}

/// [`ntt`] with the Montgomery product's t by `vpmulld` (`MULLO`) or by two `vpmuldq` (see
/// [`mont_mul_lanes`]).
#[inline]
#[target_feature(enable = "avx2")]
fn ntt_with<const MULLO: bool>(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    for j in 0..8 {
        fwd_quad::<MULLO>(c, [j, j + 8, j + 16, j + 24], [1, 2, 3]);
    }
    for (b, blk) in c.as_chunks_mut::<8>().0.iter_mut().enumerate() {
        fwd_block::<MULLO>(blk, b);
    }
}

/// Inverse butterfly on two vectors with a per-lane ζ (already negated): x = x + y,
/// y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx2")]
fn inv2<const MULLO: bool>(x: &mut __m256i, y: &mut __m256i, zetas: LaneZetas) {
    let t = *x;
    *x = _mm256_add_epi32(t, *y);
    *y = mont_mul_lanes::<MULLO>(_mm256_sub_epi32(t, *y), zetas.0, zetas.1);
}

/// Inverse butterflies of layers len 1 to 32 on the 64-coefficient block `b` (vectors 8b to
/// 8b + 7), [`fwd_block`] backwards: the in-vector layers on the four pairs side by side,
/// len 8 on each pair, then len 16 and 32 on whole vectors.
#[inline]
#[target_feature(enable = "avx2")]
fn inv_block<const MULLO: bool>(blk: &mut [[i32; 8]; 8], b: usize) {
    let p = |q: usize| 4 * b + q;
    let mut x = [_mm256_setzero_si256(); 4];
    let mut y = [_mm256_setzero_si256(); 4];
    // [A0 A2 B0 B2 | A4 A6 B4 B6], [A1 A3 B1 B3 | A5 A7 B5 B7]: len 1.
    unrolled!(q in [0, 1, 2, 3] {
        let va = _mm256_castsi256_ps(load(&blk[2 * q]));
        let vb = _mm256_castsi256_ps(load(&blk[2 * q + 1]));
        x[q] = _mm256_castps_si256(_mm256_shuffle_ps::<0x88>(va, vb));
        y[q] = _mm256_castps_si256(_mm256_shuffle_ps::<0xDD>(va, vb));
        inv2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&INV_PAIRS, p(q), 0));
    });
    // [A0 A1 B0 B1 | A4 A5 B4 B5], [A2 A3 B2 B3 | A6 A7 B6 B7]: len 2.
    unrolled!(q in [0, 1, 2, 3] {
        (x[q], y[q]) = transpose_2x2_32(x[q], y[q]);
        inv2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&INV_PAIRS, p(q), 1));
    });
    // Natural order, then [A0-3 | B0-3], [A4-7 | B4-7]: len 4.
    unrolled!(q in [0, 1, 2, 3] {
        let (na, nb) = (
            _mm256_unpacklo_epi64(x[q], y[q]),
            _mm256_unpackhi_epi64(x[q], y[q]),
        );
        x[q] = _mm256_permute2x128_si256::<0x20>(na, nb);
        y[q] = _mm256_permute2x128_si256::<0x31>(na, nb);
        inv2::<MULLO>(&mut x[q], &mut y[q], lane_zetas(&INV_PAIRS, p(q), 2));
    });
    // Natural order: len 8 pairs the two vectors, len 16 and 32 whole vectors.
    let mut v: [__m256i; 8] = core::array::from_fn(|i| {
        let (q, hi) = (i >> 1, i & 1 == 1);
        if hi {
            _mm256_permute2x128_si256::<0x31>(x[q], y[q])
        } else {
            _mm256_permute2x128_si256::<0x20>(x[q], y[q])
        }
    });
    unrolled!(q in [0, 1, 2, 3] {
        inv_bc::<MULLO, _>(&mut v, 2 * q, 2 * q + 1, 31 - p(q));
    });
    unrolled!(i in [0, 1] {
        inv_bc::<MULLO, _>(&mut v, i, i + 2, 15 - 2 * b);
        inv_bc::<MULLO, _>(&mut v, i + 4, i + 6, 14 - 2 * b);
    });
    unrolled!(i in [0, 1, 2, 3] {
        inv_bc::<MULLO, _>(&mut v, i, i + 4, 7 - b);
    });
    for (dst, x) in blk.iter_mut().zip(v) {
        store(dst, x);
    }
}

/// Inverse butterflies of two layers on four vectors (a, b, c, d): (a, b) with ζ = -ZETAS\[k1\]
/// and (c, d) with -ZETAS\[k2\], then (a, c) and (b, d) with -ZETAS\[k3\], or, when `last`
/// (k3 = 1, len 128), with the final scaling folded in as in `mldsa_core::kernel::reference::inv_ntt`.
#[inline]
#[target_feature(enable = "avx2")]
fn inv_quad<const MULLO: bool>(c: &mut [[i32; 8]], idx: [usize; 4], k: [usize; 3], last: bool) {
    let mut v = idx.map(|i| load(&c[i]));
    inv_bc::<MULLO, _>(&mut v, 0, 1, k[0]);
    inv_bc::<MULLO, _>(&mut v, 2, 3, k[1]);
    for (x, y) in [(0, 2), (1, 3)] {
        if last {
            let t = v[x];
            v[x] = mont_mul_bc::<MULLO>(
                _mm256_add_epi32(t, v[y]),
                INV_NTT_SCALE,
                INV_NTT_SCALE.wrapping_mul(QINV),
            );
            v[y] = mont_mul_bc::<MULLO>(
                _mm256_sub_epi32(t, v[y]),
                INV_NTT_SCALE_ZETA1,
                INV_NTT_SCALE_ZETA1.wrapping_mul(QINV),
            );
        } else {
            inv_bc::<MULLO, _>(&mut v, x, y, k[2]);
        }
    }
    for (i, x) in idx.iter().zip(v) {
        store(&mut c[*i], x);
    }
}

/// Inverse butterfly on vectors x, y of `v` with ζ = -ZETAS\[k\]: x = x + y, y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx2")]
fn inv_bc<const MULLO: bool, const N: usize>(v: &mut [__m256i; N], x: usize, y: usize, k: usize) {
    let t = v[x];
    v[x] = _mm256_add_epi32(t, v[y]);
    v[y] = mont_mul_bc::<MULLO>(_mm256_sub_epi32(t, v[y]), NEG_ZETAS[k], NEG_ZETAS_QINV[k]);
}

/// Inverse NTT times 2^32, identical to `mldsa_core::kernel::reference::inv_ntt`. In |a| < q, out |a| < q.
///
/// The forward passes backwards: len 1 to 32 on each 64-coefficient block in registers
/// ([`inv_block`]; sums < 64q); len 64 and 128 on {j, j + 8, j + 16, j + 24} (< 256q < 2^31),
/// len 128 with the scaling folded in (|a| < q).
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn inv_ntt(a: &mut Poly) {
    if amd_core() {
        inv_ntt_with::<true>(a)
    } else {
        inv_ntt_with::<false>(a)
    }
}

/// [`inv_ntt`] with the Montgomery product's t by `vpmulld` (`MULLO`) or by two `vpmuldq` (see
/// [`mont_mul_lanes`]).
#[inline]
#[target_feature(enable = "avx2")]
fn inv_ntt_with<const MULLO: bool>(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    for (b, blk) in c.as_chunks_mut::<8>().0.iter_mut().enumerate() {
        inv_block::<MULLO>(blk, b);
    }
    for j in 0..8 {
        inv_quad::<MULLO>(c, [j, j + 8, j + 16, j + 24], [3, 2, 1], true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::select::Avx2Token;
    use crate::backend::x86_64::{scaled, xorshift};
    use mldsa_core::kernel::reference;

    /// Both Montgomery forms (`MULLO` or not: the CPU vendor picks one, so the differential
    /// suite sees only one per machine) against the reference, on the bound extremes and on
    /// pseudo-random coefficients in (-q, q).
    #[test]
    fn both_montgomery_forms_match_reference() {
        if Avx2Token::detect().is_none() {
            return;
        }
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let mut random = || scaled(next(), -(Q - 1), Q - 1);
        let mut inputs = [Q - 1, -(Q - 1), 0]
            .map(|c| Poly { coeffs: [c; 256] })
            .to_vec();
        inputs.extend((0..8).map(|_| Poly {
            coeffs: core::array::from_fn(|_| random()),
        }));
        for a in &inputs {
            let mut want = a.clone();
            reference::ntt(&mut want);
            let mut want_inv = a.clone();
            reference::inv_ntt(&mut want_inv);
            let (mut m, mut d, mut mi, mut di) = (a.clone(), a.clone(), a.clone(), a.clone());
            // SAFETY: AVX2 was detected above.
            unsafe {
                ntt_with::<true>(&mut m);
                ntt_with::<false>(&mut d);
                inv_ntt_with::<true>(&mut mi);
                inv_ntt_with::<false>(&mut di);
            }
            assert_eq!((m.coeffs, d.coeffs), (want.coeffs, want.coeffs), "ntt");
            assert_eq!(
                (mi.coeffs, di.coeffs),
                (want_inv.coeffs, want_inv.coeffs),
                "inv_ntt"
            );
        }
    }
}
