//! Forward and inverse NTT (FIPS 204, Algorithms 41 and 42) with NEON, bit-for-bit equal to
//! mldsa-core's `ntt.rs`.
//!
//! Each butterfly does exactly the portable arithmetic (one signed Montgomery product, one add,
//! one subtract, no extra reduction), so the outputs are identical, representative for
//! representative; only the order in which the butterflies run differs. The 256 coefficients
//! are 64 vectors of 4 lanes.
//!
//! * Pass A: the four outer layers (len 128, 64, 32, 16) run merged on the 16 vectors
//!   {j + 4m : m < 16} (coefficients 4j + 16m ..), j < 4; every butterfly pairs two whole
//!   vectors with one broadcast ζ.
//! * Pass B: for each 16-coefficient block (4 vectors), len 8 and 4 pair whole vectors; a 4×4
//!   transpose then turns len 2 and 1 into vector pairs with a per-lane ζ (precomputed
//!   tables), and an interleaving store (`st4`) writes the transposed block back in order.
//!
//! The inverse runs the same passes backwards (`ld4` de-interleaves a block for len 1 and 2).
//!
//! Bounds (the portable ones, as no butterfly changes): forward input |a| < q; each layer adds
//! a Montgomery product |t| < q, so after layer l (1-based) |a| < (l+1)q: < 5q after pass A,
//! < 9q at the output. Inverse: input |a| < q; after layer l the sums are < 2^l·q and each
//! product of a difference is < q; pass B ends with sums < 16q, pass A with sums < 256q < 2^31
//! (no i32 overflow), and the final scaling gives |a| < q. Every Montgomery product multiplies
//! |ζ| ≤ q/2 by |b| < 256q (a forward |a| < 8q, or an inverse difference of two sums < 128q),
//! so |ζ·b| < 128q² < 2^31·q, inside montgomery_reduce's domain.

use core::arch::aarch64::*;
use mldsa_core::kernel::{
    INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, NEG_ZETAS, NEG_ZETAS_QINV, Poly, Q, QINV, ZETAS, ZETAS_QINV,
};

/// Per-lane ζ vectors (and their ζ·q^-1) for the transposed layers of block b < 16, lane j < 4
/// (lane j holds the 4 coefficients 16b + 4j ..):
/// forward: slot 0 is len 2 (k = 64 + 4b + j), slots 1-2 len 1 (k = 128 + 8b + 2j + r);
/// inverse (ζ negated): slots 0-1 len 1 (k = 255 - (8b + 2j + r)), slot 2 len 2
/// (k = 127 - (4b + j)).
struct LaneZetas {
    z: [[[i32; 4]; 3]; 16],
    zq: [[[i32; 4]; 3]; 16],
}

const fn lane_zetas(inverse: bool) -> LaneZetas {
    let mut t = LaneZetas {
        z: [[[0; 4]; 3]; 16],
        zq: [[[0; 4]; 3]; 16],
    };
    let mut b = 0;
    while b < 16 {
        let mut s = 0;
        while s < 3 {
            let mut j = 0;
            while j < 4 {
                let z = if !inverse {
                    match s {
                        0 => ZETAS[64 + 4 * b + j],
                        _ => ZETAS[128 + 8 * b + 2 * j + (s - 1)],
                    }
                } else {
                    -match s {
                        0 | 1 => ZETAS[255 - (8 * b + 2 * j + s)],
                        _ => ZETAS[127 - (4 * b + j)],
                    }
                };
                t.z[b][s][j] = z;
                t.zq[b][s][j] = z.wrapping_mul(QINV);
                j += 1;
            }
            s += 1;
        }
        b += 1;
    }
    t
}

const FWD: LaneZetas = lane_zetas(false);
const INV: LaneZetas = lane_zetas(true);

/// Lane-wise Montgomery product b·z·2^-32, exactly `mldsa_core::kernel::mont_mul(z, b)` for
/// |z·b| < 2^31·q: |r| < q. `zq` = z·q^-1 mod 2^32 lane-wise.
///
/// With p = b·z and t = lo32(b·zq) = lo32(p)·q^-1 mod 2^32 (signed), p - t·q is divisible by
/// 2^32 and r = (p - t·q)/2^32. `sqdmulh` gives floor(2p/2^32) and floor(2tq/2^32); as 2p and
/// 2tq agree in their low 32 bits, the difference is exactly 2r, and the halving subtract
/// (`shsub`) returns r. Neither `sqdmulh` saturates: that needs both factors = -2^31, and
/// |z|, q < 2^31 (for the NTT) or |p| < 2^31·q (for the pointwise product).
#[inline]
#[target_feature(enable = "neon")]
pub(super) fn mont_mul(b: int32x4_t, z: int32x4_t, zq: int32x4_t) -> int32x4_t {
    let hi = vqdmulhq_s32(b, z);
    let t = vmulq_s32(b, zq);
    vhsubq_s32(hi, vqdmulhq_n_s32(t, Q))
}

/// Forward butterfly (Algorithm 41, lines 10-12) on vectors x, y with ζ, ζ·q^-1 in every lane
/// of `z`, `zq`: t = ζ·y, y = x - t, x = x + t.
#[inline]
#[target_feature(enable = "neon")]
fn fwd(v: &mut [int32x4_t], x: usize, y: usize, z: int32x4_t, zq: int32x4_t) {
    let t = mont_mul(v[y], z, zq);
    v[y] = vsubq_s32(v[x], t);
    v[x] = vaddq_s32(v[x], t);
}

/// Inverse butterfly (Algorithm 42, lines 10-13) with ζ = -ZETAS[k] (in `z`, `zq`):
/// x = x + y, y = ζ·(x - y).
#[inline]
#[target_feature(enable = "neon")]
fn inv(v: &mut [int32x4_t], x: usize, y: usize, z: int32x4_t, zq: int32x4_t) {
    let t = v[x];
    v[x] = vaddq_s32(t, v[y]);
    v[y] = mont_mul(vsubq_s32(t, v[y]), z, zq);
}

/// [`fwd`] with table entry k broadcast.
#[inline]
#[target_feature(enable = "neon")]
fn fwd_k(v: &mut [int32x4_t], x: usize, y: usize, k: usize) {
    fwd(v, x, y, vdupq_n_s32(ZETAS[k]), vdupq_n_s32(ZETAS_QINV[k]));
}

/// [`inv`] with -ZETAS[k] broadcast.
#[inline]
#[target_feature(enable = "neon")]
fn inv_k(v: &mut [int32x4_t], x: usize, y: usize, k: usize) {
    inv(
        v,
        x,
        y,
        vdupq_n_s32(NEG_ZETAS[k]),
        vdupq_n_s32(NEG_ZETAS_QINV[k]),
    );
}

/// Loads a per-lane ζ vector and its ζ·q^-1.
#[inline]
#[target_feature(enable = "neon")]
fn lanes(t: &LaneZetas, b: usize, s: usize) -> (int32x4_t, int32x4_t) {
    (super::load(&t.z[b][s]), super::load(&t.zq[b][s]))
}

/// In-register 4×4 transpose of 32-bit lanes: out[j] lane i = in[i] lane j.
#[inline]
#[target_feature(enable = "neon")]
fn transpose(v: &mut [int32x4_t; 4]) {
    let t0 = vreinterpretq_s64_s32(vtrn1q_s32(v[0], v[1]));
    let t1 = vreinterpretq_s64_s32(vtrn2q_s32(v[0], v[1]));
    let t2 = vreinterpretq_s64_s32(vtrn1q_s32(v[2], v[3]));
    let t3 = vreinterpretq_s64_s32(vtrn2q_s32(v[2], v[3]));
    v[0] = vreinterpretq_s32_s64(vtrn1q_s64(t0, t2));
    v[1] = vreinterpretq_s32_s64(vtrn1q_s64(t1, t3));
    v[2] = vreinterpretq_s32_s64(vtrn2q_s64(t0, t2));
    v[3] = vreinterpretq_s32_s64(vtrn2q_s64(t1, t3));
}

/// Loads vectors j + 4m, m < 16, of `c` (coefficients 4j + 16m ..).
#[inline]
#[target_feature(enable = "neon")]
fn load_strided(c: &[[i32; 4]], j: usize) -> [int32x4_t; 16] {
    let mut v = [vdupq_n_s32(0); 16];
    for (m, x) in v.iter_mut().enumerate() {
        *x = super::load(&c[j + 4 * m]);
    }
    v
}

/// Stores vectors j + 4m, m < 16, of `c`.
#[inline]
#[target_feature(enable = "neon")]
fn store_strided(c: &mut [[i32; 4]], j: usize, v: &[int32x4_t; 16]) {
    for (m, x) in v.iter().enumerate() {
        super::store(&mut c[j + 4 * m], *x);
    }
}

/// Forward NTT (FIPS 204, Algorithm 41), identical to `mldsa_core::kernel::ntt`.
/// In |a| < q, out |a| < 9q.
#[target_feature(enable = "neon")]
pub(crate) fn ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<4>().0;
    // Pass A: len 128, 64, 32, 16 on vectors j + 4m: |a| < 5q after.
    for j in 0..4 {
        let mut v = load_strided(c, j);
        for m in 0..8 {
            fwd_k(&mut v, m, m + 8, 1);
        }
        for m in 0..4 {
            fwd_k(&mut v, m, m + 4, 2);
            fwd_k(&mut v, m + 8, m + 12, 3);
        }
        for g in 0..4 {
            fwd_k(&mut v, 4 * g, 4 * g + 2, 4 + g);
            fwd_k(&mut v, 4 * g + 1, 4 * g + 3, 4 + g);
        }
        for g in 0..8 {
            fwd_k(&mut v, 2 * g, 2 * g + 1, 8 + g);
        }
        store_strided(c, j, &v);
    }
    // Pass B, per 16-coefficient block b: len 8 and 4 (|a| < 7q), transpose, len 2 and 1
    // (|a| < 9q), interleaving store.
    for (b, block) in c.as_chunks_mut::<4>().0.iter_mut().enumerate() {
        let mut v: [int32x4_t; 4] = core::array::from_fn(|i| super::load(&block[i]));
        fwd_k(&mut v, 0, 2, 16 + b);
        fwd_k(&mut v, 1, 3, 16 + b);
        fwd_k(&mut v, 0, 1, 32 + 2 * b);
        fwd_k(&mut v, 2, 3, 33 + 2 * b);
        // Now v[i] lane j = coefficient 16b + 4j + i.
        transpose(&mut v);
        let (z, zq) = lanes(&FWD, b, 0);
        fwd(&mut v, 0, 2, z, zq);
        fwd(&mut v, 1, 3, z, zq);
        let (z, zq) = lanes(&FWD, b, 1);
        fwd(&mut v, 0, 1, z, zq);
        let (z, zq) = lanes(&FWD, b, 2);
        fwd(&mut v, 2, 3, z, zq);
        // SAFETY: `block` is 16 contiguous writable i32; `st4` writes v[i] lane j to 4j + i.
        unsafe {
            vst4q_s32(
                block.as_mut_ptr().cast(),
                int32x4x4_t(v[0], v[1], v[2], v[3]),
            )
        };
    }
}

/// Inverse NTT times 2^32 (FIPS 204, Algorithm 42 in Montgomery form), identical to
/// `mldsa_core::kernel::reference::inv_ntt`. In |a| < q, out |a| < q.
#[target_feature(enable = "neon")]
pub(crate) fn inv_ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<4>().0;
    // Pass B, per 16-coefficient block b: de-interleaving load, len 1 and 2 (sums < 4q),
    // transpose, len 4 and 8 (sums < 16q).
    for (b, block) in c.as_chunks_mut::<4>().0.iter_mut().enumerate() {
        // SAFETY: `block` is 16 contiguous readable i32; `ld4` puts 4j + i in v[i] lane j.
        let int32x4x4_t(v0, v1, v2, v3) = unsafe { vld4q_s32(block.as_ptr().cast()) };
        let mut v = [v0, v1, v2, v3];
        let (z, zq) = lanes(&INV, b, 0);
        inv(&mut v, 0, 1, z, zq);
        let (z, zq) = lanes(&INV, b, 1);
        inv(&mut v, 2, 3, z, zq);
        let (z, zq) = lanes(&INV, b, 2);
        inv(&mut v, 0, 2, z, zq);
        inv(&mut v, 1, 3, z, zq);
        // Back to v[j] lane i = coefficient 16b + 4j + i.
        transpose(&mut v);
        inv_k(&mut v, 0, 1, 63 - 2 * b);
        inv_k(&mut v, 2, 3, 62 - 2 * b);
        inv_k(&mut v, 0, 2, 31 - b);
        inv_k(&mut v, 1, 3, 31 - b);
        for (x, y) in block.iter_mut().zip(v) {
            super::store(x, y);
        }
    }
    // Pass A: len 16, 32, 64 on vectors j + 4m (sums < 128q), then len 128 with the scaling
    // by 2^64/256 folded in (|a| < q).
    let scale = vdupq_n_s32(INV_NTT_SCALE);
    let scale_q = vdupq_n_s32(INV_NTT_SCALE.wrapping_mul(QINV));
    let scale_z = vdupq_n_s32(INV_NTT_SCALE_ZETA1);
    let scale_zq = vdupq_n_s32(INV_NTT_SCALE_ZETA1.wrapping_mul(QINV));
    for j in 0..4 {
        let mut v = load_strided(c, j);
        for g in 0..8 {
            inv_k(&mut v, 2 * g, 2 * g + 1, 15 - g);
        }
        for g in 0..4 {
            inv_k(&mut v, 4 * g, 4 * g + 2, 7 - g);
            inv_k(&mut v, 4 * g + 1, 4 * g + 3, 7 - g);
        }
        for m in 0..4 {
            inv_k(&mut v, m, m + 4, 3);
            inv_k(&mut v, m + 8, m + 12, 2);
        }
        // Len 128 with the scaling folded in, as in `mldsa_core::kernel::reference::inv_ntt`.
        for m in 0..8 {
            let t = v[m];
            v[m] = mont_mul(vaddq_s32(t, v[m + 8]), scale, scale_q);
            v[m + 8] = mont_mul(vsubq_s32(t, v[m + 8]), scale_z, scale_zq);
        }
        store_strided(c, j, &v);
    }
}
