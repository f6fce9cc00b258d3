//! AVX2 backend: four blocks in parallel, five 26-bit limbs per 64-bit lane,
//! 25 `vpmuludq` per four blocks (RFC 8439 §2.5.1 evaluated in four
//! interleaved Horner chains, see [`super`]).

use super::Soft;
use super::simd::{KEY_WORDS, LANE_WORDS, M26, from26, to26};
use super::soft64::Elem;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (four blocks).
pub(crate) const STRIDE: usize = 64;
/// Shortest input handed to this kernel (measured, see README).
pub(crate) const THRESHOLD: usize = 512;

cpufeatures::new!(cpuid_avx2, "avx2");

/// Proof that the CPU supports AVX2.
#[derive(Clone, Copy)]
pub(crate) struct Token(());

impl Token {
    /// `Some` only if CPUID reports AVX2 (and the OS saves YMM state).
    #[inline]
    pub(crate) fn detect() -> Option<Self> {
        cpuid_avx2::get().then_some(Self(()))
    }
}

// Layout of the precomputed powers: r^4, r^8 (five limbs each), then the
// final multipliers limb-major in lane order. Lanes: five limbs × four.
const R4: usize = 0;
const R8: usize = 5;
const FINAL: usize = 10;

/// Fills `key` from the clamped `r` in `soft`.
#[inline]
pub(crate) fn precompute(_: Token, soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    // SAFETY: a `Token` exists only after CPUID reported AVX2, the only
    // target feature `precompute_avx2` needs.
    unsafe { precompute_avx2(soft, key) }
}

/// Absorbs `data` (a non-zero multiple of 64 bytes) into the lanes, or
/// starts them from the scalar accumulator `start`.
#[inline]
pub(crate) fn absorb(
    _: Token,
    key: &[u64; KEY_WORDS],
    lanes: &mut [u64; LANE_WORDS],
    start: Option<&Elem>,
    data: &[u8],
) {
    assert!(!data.is_empty() && data.len() & (STRIDE - 1) == 0);
    // SAFETY: as in `precompute`.
    unsafe { absorb_avx2(key, lanes, start, data) }
}

/// Multiplies each lane by its final power and sums the lanes.
#[inline]
pub(crate) fn finish(_: Token, key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    // SAFETY: as in `precompute`.
    unsafe { finish_avx2(key, lanes) }
}

type V = [__m256i; 5];

/// Loads four blocks and splits them into 26-bit limbs (with the 2^128 bit).
/// Lane order is blocks 0, 2, 1, 3 (from the in-lane unpack).
#[inline]
#[target_feature(enable = "avx2")]
fn load(chunk: &[u8]) -> V {
    assert!(chunk.len() == STRIDE);
    let p = chunk.as_ptr().cast::<__m256i>();
    // SAFETY: `chunk` has 64 bytes, so both unaligned 32-byte loads are in
    // bounds; `loadu` has no alignment requirement.
    let (a, b) = unsafe { (_mm256_loadu_si256(p), _mm256_loadu_si256(p.add(1))) };
    let lo = _mm256_unpacklo_epi64(a, b);
    let hi = _mm256_unpackhi_epi64(a, b);
    let m = _mm256_set1_epi64x(M26 as i64);
    [
        _mm256_and_si256(lo, m),
        _mm256_and_si256(_mm256_srli_epi64::<26>(lo), m),
        _mm256_and_si256(
            _mm256_or_si256(_mm256_srli_epi64::<52>(lo), _mm256_slli_epi64::<12>(hi)),
            m,
        ),
        _mm256_and_si256(_mm256_srli_epi64::<14>(hi), m),
        _mm256_or_si256(_mm256_srli_epi64::<40>(hi), _mm256_set1_epi64x(1 << 24)),
    ]
}

#[inline]
#[target_feature(enable = "avx2")]
fn add(a: V, b: V) -> V {
    let mut o = a;
    for i in 0..5 {
        o[i] = _mm256_add_epi64(a[i], b[i]);
    }
    o
}

/// `d + x · r` per lane, unreduced (`s = 5·r`): limb `k` gets
/// `Σ x_i·r_(k−i)`, with `s` where `k − i` wraps past limb 4.
#[inline]
#[target_feature(enable = "avx2")]
fn mul_acc(d: V, x: &V, r: &V, s: &V) -> V {
    let mut d = d;
    for k in 0..5 {
        for i in 0..5 {
            let b = if i <= k { r[k - i] } else { s[k + 5 - i] };
            d[k] = _mm256_add_epi64(d[k], _mm256_mul_epu32(x[i], b));
        }
    }
    d
}

/// `5·x` per lane.
#[inline]
#[target_feature(enable = "avx2")]
fn times5(x: &V) -> V {
    let mut o = *x;
    for i in 0..5 {
        o[i] = _mm256_add_epi64(x[i], _mm256_slli_epi64::<2>(x[i]));
    }
    o
}

/// Two interleaved carry chains (0→1→2→3→4 and 3→4→0→1); the carry out
/// of limb 4 re-enters limb 0 times 5 (2^130 ≡ 5).
#[inline]
#[target_feature(enable = "avx2")]
fn carry(d: V) -> V {
    let m = _mm256_set1_epi64x(M26 as i64);
    let [mut d0, mut d1, mut d2, mut d3, mut d4] = d;
    let c = _mm256_srli_epi64::<26>(d0);
    d0 = _mm256_and_si256(d0, m);
    d1 = _mm256_add_epi64(d1, c);
    let c = _mm256_srli_epi64::<26>(d3);
    d3 = _mm256_and_si256(d3, m);
    d4 = _mm256_add_epi64(d4, c);
    let c = _mm256_srli_epi64::<26>(d1);
    d1 = _mm256_and_si256(d1, m);
    d2 = _mm256_add_epi64(d2, c);
    let c = _mm256_srli_epi64::<26>(d4);
    d4 = _mm256_and_si256(d4, m);
    d0 = _mm256_add_epi64(d0, _mm256_add_epi64(c, _mm256_slli_epi64::<2>(c)));
    let c = _mm256_srli_epi64::<26>(d2);
    d2 = _mm256_and_si256(d2, m);
    d3 = _mm256_add_epi64(d3, c);
    let c = _mm256_srli_epi64::<26>(d0);
    d0 = _mm256_and_si256(d0, m);
    d1 = _mm256_add_epi64(d1, c);
    let c = _mm256_srli_epi64::<26>(d3);
    d3 = _mm256_and_si256(d3, m);
    d4 = _mm256_add_epi64(d4, c);
    [d0, d1, d2, d3, d4]
}

/// Five limbs from `w`, limb `i` at `w[4·i ..]` (four lanes each).
#[inline]
#[target_feature(enable = "avx2")]
fn load_lanes(w: &[u64]) -> V {
    assert!(w.len() >= 20);
    let p = w.as_ptr().cast::<__m256i>();
    // SAFETY: limb i reads w[4i .. 4i + 4], within the 20 checked words;
    // `loadu` has no alignment requirement.
    core::array::from_fn(|i| unsafe { _mm256_loadu_si256(p.add(i)) })
}

/// Each of five limbs `w[i]` in all four lanes, and the same times 5.
#[inline]
#[target_feature(enable = "avx2")]
fn broadcast(w: &[u64]) -> (V, V) {
    let r: V = core::array::from_fn(|i| _mm256_set1_epi64x(w[i] as i64));
    (r, times5(&r))
}

#[target_feature(enable = "avx2")]
fn precompute_avx2(soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    let mut r = soft.powers();
    let r4 = to26(&r[3]);
    key[R4..R4 + 5].copy_from_slice(&r4);
    let (r4v, s4v) = broadcast(&r4);
    let r8 = carry(mul_acc([_mm256_setzero_si256(); 5], &r4v, &r4v, &s4v));
    for i in 0..5 {
        key[R8 + i] = _mm_cvtsi128_si64(_mm256_castsi256_si128(r8[i])) as u64;
    }
    // Final multipliers in lane order (blocks 0, 2, 1, 3): r^4, r^2, r^3, r^1.
    let mut lanes = [r4, to26(&r[1]), to26(&r[2]), to26(&r[0])];
    for limb in 0..5 {
        for lane in 0..4 {
            key[FINAL + 4 * limb + lane] = lanes[lane][limb];
        }
    }
    lanes.zeroize();
    r.zeroize();
}

#[target_feature(enable = "avx2")]
fn absorb_avx2(
    key: &[u64; KEY_WORDS],
    lanes: &mut [u64; LANE_WORDS],
    start: Option<&Elem>,
    data: &[u8],
) {
    let z = [_mm256_setzero_si256(); 5];
    let (r4, s4) = broadcast(&key[R4..]);
    let (mut a, mut data) = match start {
        // Starting: h goes to the lane of block 0 and the first group is
        // only added; the lanes then hold h + m, awaiting a power.
        Some(h) => {
            let l = to26(h);
            let h = core::array::from_fn(|i| _mm256_setr_epi64x(l[i] as i64, 0, 0, 0));
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
            a = add(carry(mul_acc(d, &a, &r8, &s8)), load(m2));
        }
        data = pairs.remainder();
    }
    for m in data.chunks_exact(STRIDE) {
        a = add(carry(mul_acc(z, &a, &r4, &s4)), load(m));
    }
    let p = lanes.as_mut_ptr().cast::<__m256i>();
    for (i, v) in a.iter().enumerate() {
        // SAFETY: limb i writes lanes[4i .. 4i + 4], within the 24 words.
        unsafe { _mm256_storeu_si256(p.add(i), *v) };
    }
}

#[target_feature(enable = "avx2")]
fn finish_avx2(key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    let rl = load_lanes(&key[FINAL..]);
    let d = carry(mul_acc(
        [_mm256_setzero_si256(); 5],
        &load_lanes(lanes),
        &rl,
        &times5(&rl),
    ));
    let sum = d.map(|v| {
        let v = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        (_mm_cvtsi128_si64(v) as u64).wrapping_add(_mm_extract_epi64::<1>(v) as u64)
    });
    from26(sum)
}
