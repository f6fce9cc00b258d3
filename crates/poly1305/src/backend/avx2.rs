//! AVX2 backend: four blocks in parallel, five 26-bit limbs per 64-bit lane,
//! 25 `vpmuludq` per four blocks (RFC 8439 §2.5.1 evaluated in four
//! interleaved Horner chains, see [`super`]).

use super::simd::{M26, from26, to26};
use super::soft64::Elem;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (four blocks).
pub(crate) const STRIDE: usize = 64;
/// Powers `r^1 ..= r^4` used.
pub(crate) const POWERS: usize = 4;
/// Shortest input handed to this kernel (measured, see README).
pub(crate) const THRESHOLD: usize = 1024;

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

/// Absorbs `data` (a non-zero multiple of 64 bytes) into `h`; `r` holds
/// `r^1 ..= r^4`.
#[inline]
pub(crate) fn blocks(_: Token, h: &mut Elem, r: &[Elem], data: &[u8]) {
    assert!(r.len() >= POWERS && !data.is_empty() && data.len() & (STRIDE - 1) == 0);
    // SAFETY: a `Token` exists only after CPUID reported AVX2, which is the
    // only target feature `kernel` needs.
    unsafe { kernel(h, r, data) }
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

/// Per-lane limbs `l[lane]`, and the same times 5.
#[inline]
#[target_feature(enable = "avx2")]
fn spread(l: &[[u64; 5]; 4]) -> (V, V) {
    let mut r = [_mm256_setzero_si256(); 5];
    for i in 0..5 {
        r[i] = _mm256_setr_epi64x(
            l[0][i] as i64,
            l[1][i] as i64,
            l[2][i] as i64,
            l[3][i] as i64,
        );
    }
    (r, times5(&r))
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

#[target_feature(enable = "avx2")]
fn kernel(h: &mut Elem, r: &[Elem], data: &[u8]) {
    let z = _mm256_setzero_si256();
    let mut r4 = to26(&r[3]);
    let (r4v, s4v) = spread(&[r4; 4]);
    // Final multipliers in lane order (blocks 0, 2, 1, 3): r^4, r^2, r^3, r^1.
    let mut lanes = [r4, to26(&r[1]), to26(&r[2]), to26(&r[0])];
    let (rl, sl) = spread(&lanes);
    r4.zeroize();
    lanes.zeroize();

    let h26 = to26(h);
    let mut acc = [z; 5];
    for i in 0..5 {
        acc[i] = _mm256_setr_epi64x(h26[i] as i64, 0, 0, 0);
    }
    let (mut body, last) = data.split_at(data.len() - STRIDE);
    if body.len() >= 2 * STRIDE {
        // Two groups per step, (h + m1)·r^8 + m2·r^4: the m2 products do
        // not wait for h, which halves the carried dependency chain.
        let r8v = carry(mul_acc([z; 5], &r4v, &r4v, &s4v));
        let s8v = times5(&r8v);
        let mut pairs = body.chunks_exact(2 * STRIDE);
        for pair in &mut pairs {
            let (m1, m2) = pair.split_at(STRIDE);
            let d = mul_acc([z; 5], &load(m2), &r4v, &s4v);
            acc = carry(mul_acc(d, &add(acc, load(m1)), &r8v, &s8v));
        }
        body = pairs.remainder();
    }
    for chunk in body.chunks_exact(STRIDE) {
        acc = carry(mul_acc([z; 5], &add(acc, load(chunk)), &r4v, &s4v));
    }
    acc = carry(mul_acc([z; 5], &add(acc, load(last)), &rl, &sl));

    let mut sum = [0u64; 5];
    for i in 0..5 {
        let v = _mm_add_epi64(
            _mm256_castsi256_si128(acc[i]),
            _mm256_extracti128_si256::<1>(acc[i]),
        );
        sum[i] = (_mm_cvtsi128_si64(v) as u64).wrapping_add(_mm_extract_epi64::<1>(v) as u64);
    }
    *h = from26(sum);
}
