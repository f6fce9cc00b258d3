//! NEON backend (aarch64, chosen at compile time): four blocks in parallel,
//! five 26-bit limbs in 32-bit lanes, `umull`/`umlal` (32×32→64) products,
//! 50 multiply instructions per four blocks.
//!
//! Unlike a kernel that sums its lanes horizontally after every four blocks,
//! the four Horner chains here stay independent over the whole input and are
//! combined once at the end (see [`super`]).

use super::Soft;
use super::simd::{KEY_WORDS, LANE_WORDS, M26, from26, to26};
use super::soft64::Elem;
use core::arch::aarch64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (four blocks).
pub(crate) const STRIDE: usize = 64;
/// Shortest input handed to this kernel. Not measured on hardware (CI runs
/// NEON under qemu only): the 256 bytes of the reference NEON code.
pub(crate) const THRESHOLD: usize = 256;

/// Limbs, one 32-bit lane per block.
type V = [uint32x4_t; 5];
/// Limbs, 64-bit lanes: blocks 0 and 1, then blocks 2 and 3.
type W = [[uint64x2_t; 5]; 2];

// Layout of the precomputed powers: r^4, r^8 (five limbs each), then the
// final multipliers limb-major, lane j (block j) gets r^(4 − j). Lanes:
// five limbs × four.
const R4: usize = 0;
const R8: usize = 5;
const FINAL: usize = 10;

// This module is compiled only when the target enables NEON (`poly1305_neon`,
// set by build.rs from `target_feature`), which is what the
// `#[target_feature(enable = "neon")]` functions below require.

/// Fills `key` from the clamped `r` in `soft`.
#[inline]
pub(crate) fn precompute(soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    // SAFETY: NEON is enabled at compile time (module comment above).
    unsafe { precompute_neon(soft, key) }
}

/// Absorbs `data` (a non-zero multiple of 64 bytes) into the lanes, or
/// starts them from the scalar accumulator `start`.
#[inline]
pub(crate) fn absorb(
    key: &[u64; KEY_WORDS],
    lanes: &mut [u64; LANE_WORDS],
    start: Option<&Elem>,
    data: &[u8],
) {
    assert!(!data.is_empty() && data.len() & (STRIDE - 1) == 0);
    // SAFETY: NEON is enabled at compile time (module comment above).
    unsafe { absorb_neon(key, lanes, start, data) }
}

/// Multiplies each lane by its final power and sums the lanes.
#[inline]
pub(crate) fn finish(key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    // SAFETY: NEON is enabled at compile time (module comment above).
    unsafe { finish_neon(key, lanes) }
}

#[target_feature(enable = "neon")]
fn precompute_neon(soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    let mut r = soft.powers();
    let r4 = to26(&r[3]);
    key[R4..R4 + 5].copy_from_slice(&r4);
    let (r4v, s4v) = broadcast(&r4);
    let r8 = carry(mul_acc([[vdupq_n_u64(0); 5]; 2], &r4v, &r4v, &s4v));
    for i in 0..5 {
        key[R8 + i] = vgetq_lane_u64::<0>(r8[0][i]);
    }
    let mut lanes = [r4, to26(&r[2]), to26(&r[1]), to26(&r[0])];
    for limb in 0..5 {
        for lane in 0..4 {
            key[FINAL + 4 * limb + lane] = lanes[lane][limb];
        }
    }
    lanes.zeroize();
    r.zeroize();
}

#[target_feature(enable = "neon")]
fn absorb_neon(
    key: &[u64; KEY_WORDS],
    lanes: &mut [u64; LANE_WORDS],
    start: Option<&Elem>,
    data: &[u8],
) {
    let z = [[vdupq_n_u64(0); 5]; 2];
    let (r4, s4) = broadcast(&key[R4..]);
    let (mut a, mut data) = match start {
        // Starting: h goes to the lane of block 0 and the first group is
        // only added; the lanes then hold h + m, awaiting a power.
        Some(h) => {
            let l = to26(h);
            let h = l.map(|x| vsetq_lane_u32::<0>(x as u32, vdupq_n_u32(0)));
            let (m, rest) = data.split_at(STRIDE);
            (add(h, load(m)), rest)
        }
        None => (load_lanes(lanes), data),
    };
    if data.len() >= 2 * STRIDE {
        // Two groups per step, a·r^8 + m1·r^4 + m2: the m1 products do not
        // wait for a, which halves the carried dependency chain.
        let (r8, s8) = broadcast(&key[R8..]);
        let mut pairs = data.chunks_exact(2 * STRIDE);
        for pair in &mut pairs {
            let (m1, m2) = pair.split_at(STRIDE);
            let d = mul_acc(z, &load(m1), &r4, &s4);
            a = add(narrow(carry(mul_acc(d, &a, &r8, &s8))), load(m2));
        }
        data = pairs.remainder();
    }
    for m in data.chunks_exact(STRIDE) {
        a = add(narrow(carry(mul_acc(z, &a, &r4, &s4))), load(m));
    }
    for (i, v) in a.iter().enumerate() {
        let dst = &mut lanes[4 * i..4 * i + 4];
        // SAFETY: `dst` is four words, exactly the two 2-word stores.
        unsafe {
            vst1q_u64(dst.as_mut_ptr(), vmovl_u32(vget_low_u32(*v)));
            vst1q_u64(dst.as_mut_ptr().add(2), vmovl_high_u32(*v));
        }
    }
}

#[target_feature(enable = "neon")]
fn finish_neon(key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    let rl = load_lanes(&key[FINAL..]);
    let sl = rl.map(|v| vaddq_u32(v, vshlq_n_u32::<2>(v)));
    let d = carry(mul_acc(
        [[vdupq_n_u64(0); 5]; 2],
        &load_lanes(lanes),
        &rl,
        &sl,
    ));
    let mut sum = [0u64; 5];
    for i in 0..5 {
        sum[i] = vaddvq_u64(vaddq_u64(d[0][i], d[1][i]));
    }
    from26(sum)
}

/// Five limbs from `w` (each below 2^32), limb `i` at `w[4·i ..]`.
#[inline]
#[target_feature(enable = "neon")]
fn load_lanes(w: &[u64]) -> V {
    assert!(w.len() >= 20);
    core::array::from_fn(|i| {
        let src = &w[4 * i..4 * i + 4];
        // SAFETY: `src` is four words, exactly the two 2-word loads.
        let (lo, hi) = unsafe { (vld1q_u64(src.as_ptr()), vld1q_u64(src.as_ptr().add(2))) };
        vmovn_high_u64(vmovn_u64(lo), hi)
    })
}

/// Each of five limbs `w[i]` (below 2^27) in all four lanes, and times 5.
#[inline]
#[target_feature(enable = "neon")]
fn broadcast(w: &[u64]) -> (V, V) {
    let r: V = core::array::from_fn(|i| vdupq_n_u32(w[i] as u32));
    (r, r.map(|v| vaddq_u32(v, vshlq_n_u32::<2>(v))))
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

#[inline]
#[target_feature(enable = "neon")]
fn add(a: V, b: V) -> V {
    let mut o = a;
    for i in 0..5 {
        o[i] = vaddq_u32(a[i], b[i]);
    }
    o
}

/// `d + x · r` per lane, unreduced 64-bit limb sums (`s = 5·r`).
#[inline]
#[target_feature(enable = "neon")]
fn mul_acc(d: W, x: &V, r: &V, s: &V) -> W {
    let mut d = d;
    for k in 0..5 {
        for i in 0..5 {
            // x_i·r_j lands in limb i + j; past limb 4 it wraps times 5.
            let b = if i <= k { r[k - i] } else { s[k + 5 - i] };
            d[0][k] = vmlal_u32(d[0][k], vget_low_u32(x[i]), vget_low_u32(b));
            d[1][k] = vmlal_high_u32(d[1][k], x[i], b);
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
