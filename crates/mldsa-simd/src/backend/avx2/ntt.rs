//! Forward and inverse NTT with AVX2, bit-for-bit equal to `mldsa_core::ntt`.
//!
//! Each butterfly does exactly the portable arithmetic (one signed Montgomery product, one add,
//! one subtract, no extra reduction), so the outputs are identical; only the order in which
//! the butterflies run differs. Layout: the 256 coefficients are 32 vectors of 8.
//!
//! * Layers with distance len ≥ 8 pair whole vectors (one broadcast ζ per pair). The three
//!   outer layers (len 128, 64, 32) run merged on 8 vectors {j + 4m : m < 8}, j < 4.
//! * For each 64-coefficient block, len 16 and 8 run on its 8 vectors, then an 8×8 transpose
//!   turns len 4, 2, 1 into vector pairs too (ζ differs per lane: precomputed tables), then a
//!   second transpose restores the order. The inverse runs the same passes backwards.
//!
//! Bounds (the portable ones, as no butterfly changes): forward input |a| < q; each layer
//! adds a Montgomery product |t| < q, so after layer l |a| < (l+1)q, output |a| < 9q. Inverse:
//! input |a| < q; after layer l the sums are < 2^l·q and the differences' products < q, the
//! last sums < 256q < 2^31 (no i32 overflow), and the final scaling gives |a| < q.
//! Montgomery products: |ζ| ≤ q/2 and |b| < 256q, so |ζ·b| < 2^31·q, inside the domain.

use super::{load, store};
use core::arch::x86_64::*;
use mldsa_core::field::QINV;
use mldsa_core::ntt::{INV_NTT_SCALE, ZETAS, ZETAS_QINV};
use mldsa_core::params::Q;
use mldsa_core::poly::Poly;

/// Per-lane ζ vectors for the transposed layers: for block b < 4 and slot s < 7, lane i < 8.
/// Forward: slot 0 is len 4 (k = 32 + 8b + i), slots 1-2 len 2 (k = 64 + 16b + 2i + r),
/// slots 3-6 len 1 (k = 128 + 32b + 4i + r). Inverse (ζ negated): slots 0-3 len 1
/// (k = 255 - (32b + 4i + r)), slots 4-5 len 2 (k = 127 - (16b + 2i + r)), slot 6 len 4
/// (k = 63 - (8b + i)).
struct LaneZetas {
    z: [[[i32; 8]; 7]; 4],
    zq: [[[i32; 8]; 7]; 4],
}

const fn lane_zetas(inverse: bool) -> LaneZetas {
    let mut t = LaneZetas {
        z: [[[0; 8]; 7]; 4],
        zq: [[[0; 8]; 7]; 4],
    };
    let mut b = 0;
    while b < 4 {
        let mut s = 0;
        while s < 7 {
            let mut i = 0;
            while i < 8 {
                let z = if !inverse {
                    match s {
                        0 => ZETAS[32 + 8 * b + i],
                        1 | 2 => ZETAS[64 + 16 * b + 2 * i + (s - 1)],
                        _ => ZETAS[128 + 32 * b + 4 * i + (s - 3)],
                    }
                } else {
                    -match s {
                        0..=3 => ZETAS[255 - (32 * b + 4 * i + s)],
                        4 | 5 => ZETAS[127 - (16 * b + 2 * i + (s - 4))],
                        _ => ZETAS[63 - (8 * b + i)],
                    }
                };
                t.z[b][s][i] = z;
                t.zq[b][s][i] = z.wrapping_mul(QINV);
                i += 1;
            }
            s += 1;
        }
        b += 1;
    }
    t
}

const FWD: LaneZetas = lane_zetas(false);
const INV: LaneZetas = lane_zetas(true);

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

/// Forward butterfly (Algorithm 41, lines 10-12) with table entry k: t = ζ_k·y, y = x - t,
/// x = x + t.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_bc(v: &mut [__m256i; 8], x: usize, y: usize, k: usize) {
    let t = mont_mul_bc(v[y], ZETAS[k], ZETAS_QINV[k]);
    v[y] = _mm256_sub_epi32(v[x], t);
    v[x] = _mm256_add_epi32(v[x], t);
}

/// Forward butterfly with a per-lane ζ vector.
#[inline]
#[target_feature(enable = "avx2")]
fn fwd_lanes(v: &mut [__m256i; 8], x: usize, y: usize, z: &[i32; 8], zq: &[i32; 8]) {
    let t = mont_mul(v[y], load(z), load(zq));
    v[y] = _mm256_sub_epi32(v[x], t);
    v[x] = _mm256_add_epi32(v[x], t);
}

/// Inverse butterfly (Algorithm 42, lines 10-13) with ζ = -ZETAS[k]: x = x + y,
/// y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx2")]
fn inv_bc(v: &mut [__m256i; 8], x: usize, y: usize, k: usize) {
    let t = v[x];
    v[x] = _mm256_add_epi32(t, v[y]);
    v[y] = mont_mul_bc(
        _mm256_sub_epi32(t, v[y]),
        -ZETAS[k],
        ZETAS_QINV[k].wrapping_neg(),
    );
}

/// Inverse butterfly with a per-lane ζ vector.
#[inline]
#[target_feature(enable = "avx2")]
fn inv_lanes(v: &mut [__m256i; 8], x: usize, y: usize, z: &[i32; 8], zq: &[i32; 8]) {
    let t = v[x];
    v[x] = _mm256_add_epi32(t, v[y]);
    v[y] = mont_mul(_mm256_sub_epi32(t, v[y]), load(z), load(zq));
}

/// In-register 8×8 transpose of 32-bit lanes: out[j][i] = in[i][j].
#[inline]
#[target_feature(enable = "avx2")]
fn transpose(v: &mut [__m256i; 8]) {
    let t0 = _mm256_unpacklo_epi32(v[0], v[1]);
    let t1 = _mm256_unpackhi_epi32(v[0], v[1]);
    let t2 = _mm256_unpacklo_epi32(v[2], v[3]);
    let t3 = _mm256_unpackhi_epi32(v[2], v[3]);
    let t4 = _mm256_unpacklo_epi32(v[4], v[5]);
    let t5 = _mm256_unpackhi_epi32(v[4], v[5]);
    let t6 = _mm256_unpacklo_epi32(v[6], v[7]);
    let t7 = _mm256_unpackhi_epi32(v[6], v[7]);
    let u0 = _mm256_unpacklo_epi64(t0, t2);
    let u1 = _mm256_unpackhi_epi64(t0, t2);
    let u2 = _mm256_unpacklo_epi64(t1, t3);
    let u3 = _mm256_unpackhi_epi64(t1, t3);
    let u4 = _mm256_unpacklo_epi64(t4, t6);
    let u5 = _mm256_unpackhi_epi64(t4, t6);
    let u6 = _mm256_unpacklo_epi64(t5, t7);
    let u7 = _mm256_unpackhi_epi64(t5, t7);
    v[0] = _mm256_permute2x128_si256::<0x20>(u0, u4);
    v[1] = _mm256_permute2x128_si256::<0x20>(u1, u5);
    v[2] = _mm256_permute2x128_si256::<0x20>(u2, u6);
    v[3] = _mm256_permute2x128_si256::<0x20>(u3, u7);
    v[4] = _mm256_permute2x128_si256::<0x31>(u0, u4);
    v[5] = _mm256_permute2x128_si256::<0x31>(u1, u5);
    v[6] = _mm256_permute2x128_si256::<0x31>(u2, u6);
    v[7] = _mm256_permute2x128_si256::<0x31>(u3, u7);
}

/// Loads vectors `first + stride·m`, m < 8, of `c`.
#[inline]
#[target_feature(enable = "avx2")]
fn load8(c: &[[i32; 8]], first: usize, stride: usize) -> [__m256i; 8] {
    let mut v = [_mm256_setzero_si256(); 8];
    for (m, x) in v.iter_mut().enumerate() {
        *x = load(&c[first + stride * m]);
    }
    v
}

/// Stores vectors `first + stride·m`, m < 8, of `c`.
#[inline]
#[target_feature(enable = "avx2")]
fn store8(c: &mut [[i32; 8]], first: usize, stride: usize, v: &[__m256i; 8]) {
    for (m, x) in v.iter().enumerate() {
        store(&mut c[first + stride * m], *x);
    }
}

/// Forward NTT, identical to `mldsa_core::ntt::ntt`. In |a| < q, out |a| < 9q.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    // Layers len 128, 64, 32 on the vectors j + 4m (coefficients 8j + 32m ..): |a| < 4q after.
    for j in 0..4 {
        let mut v = load8(c, j, 4);
        for m in 0..4 {
            fwd_bc(&mut v, m, m + 4, 1);
        }
        fwd_bc(&mut v, 0, 2, 2);
        fwd_bc(&mut v, 1, 3, 2);
        fwd_bc(&mut v, 4, 6, 3);
        fwd_bc(&mut v, 5, 7, 3);
        for m in 0..4 {
            fwd_bc(&mut v, 2 * m, 2 * m + 1, 4 + m);
        }
        store8(c, j, 4, &v);
    }
    // Per 64-coefficient block b: len 16 and 8 (|a| < 6q), transpose, len 4, 2, 1 (< 9q).
    for b in 0..4 {
        let mut v = load8(c, 8 * b, 1);
        fwd_bc(&mut v, 0, 2, 8 + 2 * b);
        fwd_bc(&mut v, 1, 3, 8 + 2 * b);
        fwd_bc(&mut v, 4, 6, 9 + 2 * b);
        fwd_bc(&mut v, 5, 7, 9 + 2 * b);
        for m in 0..4 {
            fwd_bc(&mut v, 2 * m, 2 * m + 1, 16 + 4 * b + m);
        }
        // Now v[j] lane i = coefficient 64b + 8i + j.
        transpose(&mut v);
        let (z, zq) = (&FWD.z[b], &FWD.zq[b]);
        for j in 0..4 {
            fwd_lanes(&mut v, j, j + 4, &z[0], &zq[0]);
        }
        fwd_lanes(&mut v, 0, 2, &z[1], &zq[1]);
        fwd_lanes(&mut v, 1, 3, &z[1], &zq[1]);
        fwd_lanes(&mut v, 4, 6, &z[2], &zq[2]);
        fwd_lanes(&mut v, 5, 7, &z[2], &zq[2]);
        for r in 0..4 {
            fwd_lanes(&mut v, 2 * r, 2 * r + 1, &z[3 + r], &zq[3 + r]);
        }
        transpose(&mut v);
        store8(c, 8 * b, 1, &v);
    }
}

/// Inverse NTT times 2^32, identical to `mldsa_core::ntt::inv_ntt`. In |a| < q, out |a| < q.
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) fn inv_ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<8>().0;
    // Per 64-coefficient block: transpose, len 1, 2, 4 (sums < 8q), transpose, len 8, 16
    // (sums < 32q).
    for b in 0..4 {
        let mut v = load8(c, 8 * b, 1);
        transpose(&mut v);
        let (z, zq) = (&INV.z[b], &INV.zq[b]);
        for r in 0..4 {
            inv_lanes(&mut v, 2 * r, 2 * r + 1, &z[r], &zq[r]);
        }
        inv_lanes(&mut v, 0, 2, &z[4], &zq[4]);
        inv_lanes(&mut v, 1, 3, &z[4], &zq[4]);
        inv_lanes(&mut v, 4, 6, &z[5], &zq[5]);
        inv_lanes(&mut v, 5, 7, &z[5], &zq[5]);
        for j in 0..4 {
            inv_lanes(&mut v, j, j + 4, &z[6], &zq[6]);
        }
        transpose(&mut v);
        for m in 0..4 {
            inv_bc(&mut v, 2 * m, 2 * m + 1, 31 - 4 * b - m);
        }
        inv_bc(&mut v, 0, 2, 15 - 2 * b);
        inv_bc(&mut v, 1, 3, 15 - 2 * b);
        inv_bc(&mut v, 4, 6, 14 - 2 * b);
        inv_bc(&mut v, 5, 7, 14 - 2 * b);
        store8(c, 8 * b, 1, &v);
    }
    // Layers len 32, 64, 128 (sums < 256q < 2^31), then the scaling (|a| < q).
    let scale = _mm256_set1_epi32(INV_NTT_SCALE);
    let scale_q = _mm256_set1_epi32(INV_NTT_SCALE.wrapping_mul(QINV));
    for j in 0..4 {
        let mut v = load8(c, j, 4);
        for m in 0..4 {
            inv_bc(&mut v, 2 * m, 2 * m + 1, 7 - m);
        }
        inv_bc(&mut v, 0, 2, 3);
        inv_bc(&mut v, 1, 3, 3);
        inv_bc(&mut v, 4, 6, 2);
        inv_bc(&mut v, 5, 7, 2);
        for m in 0..4 {
            inv_bc(&mut v, m, m + 4, 1);
        }
        for x in v.iter_mut() {
            *x = mont_mul(*x, scale, scale_q);
        }
        store8(c, j, 4, &v);
    }
}
