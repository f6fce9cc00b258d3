//! NEON backend (aarch64, chosen at compile time): four blocks in parallel,
//! five 26-bit limbs in 32-bit lanes, `umull`/`umlal` (32×32→64) products,
//! 50 multiply instructions per four blocks.
//!
//! Unlike a kernel that sums its lanes horizontally after every four blocks,
//! the four Horner chains here stay independent over the whole input and are
//! combined once at the end (see [`super`]).

use super::simd::{M26, from26, to26};
use super::soft64::Elem;
use core::arch::aarch64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (four blocks).
pub(crate) const STRIDE: usize = 64;
/// Powers `r^1 ..= r^4` used.
pub(crate) const POWERS: usize = 4;
/// Shortest input handed to this kernel. Not measured on hardware (CI runs
/// NEON under qemu only): the 256 bytes of the reference NEON code.
pub(crate) const THRESHOLD: usize = 256;

/// Limbs, one 32-bit lane per block.
type V = [uint32x4_t; 5];
/// Limbs, 64-bit lanes: blocks 0 and 1, then blocks 2 and 3.
type W = [[uint64x2_t; 5]; 2];

/// Absorbs `data` (a non-zero multiple of 64 bytes) into `h`; `r` holds
/// `r^1 ..= r^4`.
#[inline]
pub(crate) fn blocks(h: &mut Elem, r: &[Elem], data: &[u8]) {
    assert!(r.len() >= POWERS && !data.is_empty() && data.len() & (STRIDE - 1) == 0);
    // SAFETY: this module is compiled only when the target enables NEON
    // (`poly1305_neon`, set by build.rs from `target_feature`), the only
    // feature `kernel` needs.
    unsafe { kernel(h, r, data) }
}

#[target_feature(enable = "neon")]
fn kernel(h: &mut Elem, r: &[Elem], data: &[u8]) {
    let mut r4 = to26(&r[3]);
    let (rk, sk) = spread(&[r4; 4]);
    // Lanes are blocks 0..3 in order: final multipliers r^4, r^3, r^2, r^1.
    let mut lanes = [r4, to26(&r[2]), to26(&r[1]), to26(&r[0])];
    let (rl, sl) = spread(&lanes);
    r4.zeroize();
    lanes.zeroize();

    let h26 = to26(h);
    let mut acc = [vdupq_n_u32(0); 5];
    for i in 0..5 {
        acc[i] = vsetq_lane_u32::<0>(h26[i] as u32, acc[i]);
    }
    let (body, last) = data.split_at(data.len() - STRIDE);
    for chunk in body.chunks_exact(STRIDE) {
        acc = narrow(carry(mul(add(acc, load(chunk)), &rk, &sk)));
    }
    let d = carry(mul(add(acc, load(last)), &rl, &sl));
    let mut sum = [0u64; 5];
    for i in 0..5 {
        sum[i] = vaddvq_u64(vaddq_u64(d[0][i], d[1][i]));
    }
    *h = from26(sum);
}

/// Loads four blocks as 26-bit limbs (with the 2^128 bit), block `j` in lane `j`.
#[inline]
#[target_feature(enable = "neon")]
fn load(chunk: &[u8]) -> V {
    assert!(chunk.len() == STRIDE);
    // SAFETY: `chunk` has 64 bytes = 16 words, exactly what `ld4` reads;
    // it has no alignment requirement. Lane j of `w.k` is word k of block j.
    let w = unsafe { vld4q_u32(chunk.as_ptr().cast::<u32>()) };
    let m = vdupq_n_u32(M26 as u32);
    [
        vandq_u32(w.0, m),
        vandq_u32(vorrq_u32(vshrq_n_u32::<26>(w.0), vshlq_n_u32::<6>(w.1)), m),
        vandq_u32(vorrq_u32(vshrq_n_u32::<20>(w.1), vshlq_n_u32::<12>(w.2)), m),
        vandq_u32(vorrq_u32(vshrq_n_u32::<14>(w.2), vshlq_n_u32::<18>(w.3)), m),
        vorrq_u32(vshrq_n_u32::<8>(w.3), vdupq_n_u32(1 << 24)),
    ]
}

/// Lane-wise `r` from limbs `l[lane]` (each below 2^27), and `s = 5·r`.
#[inline]
#[target_feature(enable = "neon")]
fn spread(l: &[[u64; 5]; 4]) -> (V, V) {
    let mut r = [vdupq_n_u32(0); 5];
    let mut s = r;
    for i in 0..5 {
        let w = [
            l[0][i] as u32,
            l[1][i] as u32,
            l[2][i] as u32,
            l[3][i] as u32,
        ];
        // SAFETY: reads the four words of the local array `w`.
        r[i] = unsafe { vld1q_u32(w.as_ptr()) };
        s[i] = vaddq_u32(r[i], vshlq_n_u32::<2>(r[i]));
    }
    (r, s)
}

#[inline]
#[target_feature(enable = "neon")]
fn add(a: V, b: V) -> V {
    let mut o = a;
    for i in 0..5 {
        o[i] = vaddq_u32(a[i], b[i]);
    }
    o
}

/// `h · r` per lane, unreduced 64-bit limb sums (`s = 5·r`).
#[inline]
#[target_feature(enable = "neon")]
fn mul(h: V, r: &V, s: &V) -> W {
    let mut d = [[vdupq_n_u64(0); 5]; 2];
    for k in 0..5 {
        for i in 0..5 {
            // h_i·r_j lands in limb i + j; past limb 4 it wraps times 5.
            let b = if i <= k { r[k - i] } else { s[k + 5 - i] };
            d[0][k] = vmlal_u32(d[0][k], vget_low_u32(h[i]), vget_low_u32(b));
            d[1][k] = vmlal_high_u32(d[1][k], h[i], b);
        }
    }
    d
}

/// Carries both halves back to limbs below ~2^26 (carry out of limb 4 re-enters
/// limb 0 times 5, 2^130 ≡ 5).
#[inline]
#[target_feature(enable = "neon")]
fn carry(d: W) -> W {
    d.map(|mut l| {
        let m = vdupq_n_u64(M26);
        for i in [0, 3, 1, 4, 2, 0, 3] {
            let c = vshrq_n_u64::<26>(l[i]);
            l[i] = vandq_u64(l[i], m);
            if i == 4 {
                l[0] = vaddq_u64(l[0], vaddq_u64(c, vshlq_n_u64::<2>(c)));
            } else {
                l[i + 1] = vaddq_u64(l[i + 1], c);
            }
        }
        l
    })
}

/// Back to 32-bit lanes (limbs are below 2^27 after [`carry`]).
#[inline]
#[target_feature(enable = "neon")]
fn narrow(d: W) -> V {
    let mut v = [vdupq_n_u32(0); 5];
    for i in 0..5 {
        v[i] = vmovn_high_u64(vmovn_u64(d[0][i]), d[1][i]);
    }
    v
}
