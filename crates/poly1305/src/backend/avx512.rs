//! AVX-512 IFMA backend: eight blocks in parallel, limbs of 44, 44 and 42
//! bits per 64-bit lane, 52-bit multiply-accumulate (`vpmadd52luq` /
//! `vpmadd52huq`): 18 multiply instructions per eight blocks (RFC 8439
//! §2.5.1 evaluated in eight interleaved Horner chains, see [`super`]).
//!
//! Limb `i` sits at 2^(44·i). A product `h_i·r_j` with `i + j ≥ 3` lands at
//! 2^132 or above, and 2^132 ≡ 4·5 = 20 (mod 2^130 − 5), so those use
//! `s_j = 20·r_j`. The low half of a 52-bit product stays in its limb, the
//! high half belongs 2^52 = 2^44·2^8 higher, i.e. in the next limb shifted
//! left by 8 (by 10 and times 5 for the top limb, 2^140 = 2^130·2^10).

use super::Soft;
use super::simd::{KEY_WORDS, LANE_WORDS, M42, M44, from44, to44};
use super::soft64::Elem;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (eight blocks).
pub(crate) const STRIDE: usize = 128;
/// Shortest input handed to this kernel (measured, see README).
pub(crate) const THRESHOLD: usize = 512;

cpufeatures::new!(cpuid_ifma, "avx512f", "avx512ifma");

/// Proof that the CPU supports AVX-512 F and IFMA.
#[derive(Clone, Copy)]
pub(crate) struct Token(());

impl Token {
    /// `Some` only if CPUID reports AVX-512 F and IFMA (and the OS saves
    /// ZMM state).
    #[inline]
    pub(crate) fn detect() -> Option<Self> {
        cpuid_ifma::get().then_some(Self(()))
    }
}

// Layout of the precomputed powers: r^8, r^16 (three limbs each), then
// the final multipliers limb-major in lane order. Lanes: three limbs × eight.
const R8: usize = 0;
const R16: usize = 3;
const FINAL: usize = 6;

/// Fills `key` from the clamped `r` in `soft`.
#[inline]
pub(crate) fn precompute(_: Token, soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    // SAFETY: a `Token` exists only after CPUID reported AVX-512 F and IFMA,
    // the target features `precompute_ifma` needs.
    unsafe { precompute_ifma(soft, key) }
}

/// Absorbs `data` (a non-zero multiple of 128 bytes) into the lanes, or
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
    unsafe { absorb_ifma(key, lanes, start, data) }
}

/// Multiplies each lane by its final power and sums the lanes.
#[inline]
pub(crate) fn finish(_: Token, key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    // SAFETY: as in `precompute`.
    unsafe { finish_ifma(key, lanes) }
}

type V = [__m512i; 3];

/// Loads eight blocks as 44-bit limbs (with the 2^128 bit). Lane `k` holds
/// block `k/2 + 4·(k mod 2)`, from the in-lane unpack.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn load(chunk: &[u8]) -> V {
    assert!(chunk.len() == STRIDE);
    let p = chunk.as_ptr().cast::<__m512i>();
    // SAFETY: `chunk` has 128 bytes, so both unaligned 64-byte loads are in
    // bounds; `loadu` has no alignment requirement.
    let (a, b) = unsafe { (_mm512_loadu_si512(p), _mm512_loadu_si512(p.add(1))) };
    let lo = _mm512_unpacklo_epi64(a, b);
    let hi = _mm512_unpackhi_epi64(a, b);
    let m = _mm512_set1_epi64(M44 as i64);
    [
        _mm512_and_si512(lo, m),
        _mm512_and_si512(
            _mm512_or_si512(_mm512_srli_epi64::<44>(lo), _mm512_slli_epi64::<20>(hi)),
            m,
        ),
        _mm512_or_si512(_mm512_srli_epi64::<24>(hi), _mm512_set1_epi64(1 << 40)),
    ]
}

/// `20·x` per lane (the factor for products at 2^132 and above). One
/// `vpmadd52luq` (exact, as 20·x < 2^52 for limbs below 2^47); LLVM would
/// turn shifts and adds into an emulated 64-bit multiply.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn times20(x: &V) -> V {
    let twenty = _mm512_set1_epi64(20);
    x.map(|v| _mm512_madd52lo_epu64(_mm512_setzero_si512(), v, twenty))
}

/// Unreduced products: low and high 52-bit halves per limb.
type Acc = [[__m512i; 2]; 3];

/// `d + x · r` per lane, unreduced (`s = 20·r`): limb `k` gets
/// `Σ x_i·r_(k−i)`, with `s` where `k − i` wraps past limb 2.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mul_acc(d: Acc, x: &V, r: &V, s: &V) -> Acc {
    let mut d = d;
    for k in 0..3 {
        for i in 0..3 {
            let b = if i <= k { r[k - i] } else { s[k + 3 - i] };
            d[k][0] = _mm512_madd52lo_epu64(d[k][0], x[i], b);
            d[k][1] = _mm512_madd52hi_epu64(d[k][1], x[i], b);
        }
    }
    d
}

/// Carries unreduced products back to limbs below 2^44 + 2^10, 2^44 + 2^10
/// and 2^42.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn carry(d: Acc) -> V {
    let [[d0lo, d0hi], [d1lo, d1hi], [d2lo, d2hi]] = d;
    let m44 = _mm512_set1_epi64(M44 as i64);
    let c = _mm512_add_epi64(_mm512_slli_epi64::<8>(d0hi), _mm512_srli_epi64::<44>(d0lo));
    let h0 = _mm512_and_si512(d0lo, m44);
    let d1 = _mm512_add_epi64(d1lo, c);
    let c = _mm512_add_epi64(_mm512_slli_epi64::<8>(d1hi), _mm512_srli_epi64::<44>(d1));
    let h1 = _mm512_and_si512(d1, m44);
    let d2 = _mm512_add_epi64(d2lo, c);
    // Everything at 2^130 and above, times 5.
    let c = _mm512_add_epi64(_mm512_slli_epi64::<10>(d2hi), _mm512_srli_epi64::<42>(d2));
    let h2 = _mm512_and_si512(d2, _mm512_set1_epi64(M42 as i64));
    let h0 = _mm512_add_epi64(h0, _mm512_add_epi64(c, _mm512_slli_epi64::<2>(c)));
    let h1 = _mm512_add_epi64(h1, _mm512_srli_epi64::<44>(h0));
    [_mm512_and_si512(h0, m44), h1, h2]
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add(a: V, b: V) -> V {
    [
        _mm512_add_epi64(a[0], b[0]),
        _mm512_add_epi64(a[1], b[1]),
        _mm512_add_epi64(a[2], b[2]),
    ]
}

/// Three limbs from `w`, limb `i` at `w[8·i ..]` (eight lanes each).
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn load_lanes(w: &[u64]) -> V {
    assert!(w.len() >= 24);
    let p = w.as_ptr().cast::<__m512i>();
    // SAFETY: limb i reads w[8i .. 8i + 8], within the 24 checked words;
    // `loadu` has no alignment requirement.
    core::array::from_fn(|i| unsafe { _mm512_loadu_si512(p.add(i)) })
}

/// Each of three limbs `w[i]` in all eight lanes, and the same times 20.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn broadcast(w: &[u64]) -> (V, V) {
    let r: V = core::array::from_fn(|i| _mm512_set1_epi64(w[i] as i64));
    (r, times20(&r))
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn precompute_ifma(soft: &Soft, key: &mut [u64; KEY_WORDS]) {
    let z = _mm512_setzero_si512();
    let mut r = soft.powers();
    // Lanes 0..3 and 4..7 get r^1..r^4, the upper four times r^4: r^(k+1).
    let mut p = [to44(&r[0]), to44(&r[1]), to44(&r[2]), to44(&r[3])];
    let mut base = [z; 3];
    let mut up = [z; 3];
    for i in 0..3 {
        let g = |k: usize| p[k][i] as i64;
        base[i] = _mm512_setr_epi64(g(0), g(1), g(2), g(3), g(0), g(1), g(2), g(3));
        let one = i64::from(i == 0);
        up[i] = _mm512_setr_epi64(one, one, one, one, g(3), g(3), g(3), g(3));
    }
    p.zeroize();
    r.zeroize();
    let pow = carry(mul_acc([[z; 2]; 3], &base, &up, &times20(&up)));
    // Lane k holds block k/2 + 4·(k mod 2), whose final multiplier is
    // r^(8 − block), i.e. lane 7 − block of `pow`.
    let order = _mm512_setr_epi64(7, 3, 6, 2, 5, 1, 4, 0);
    let r8 = pow.map(|v| _mm512_permutexvar_epi64(_mm512_set1_epi64(7), v));
    let r16 = carry(mul_acc([[z; 2]; 3], &r8, &r8, &times20(&r8)));
    for i in 0..3 {
        key[R8 + i] = _mm_cvtsi128_si64(_mm512_castsi512_si128(r8[i])) as u64;
        key[R16 + i] = _mm_cvtsi128_si64(_mm512_castsi512_si128(r16[i])) as u64;
        let dst = &mut key[FINAL + 8 * i..FINAL + 8 * i + 8];
        // SAFETY: `dst` is eight words, exactly one 64-byte store; `storeu`
        // has no alignment requirement.
        unsafe {
            _mm512_storeu_si512(
                dst.as_mut_ptr().cast(),
                _mm512_permutexvar_epi64(order, pow[i]),
            )
        };
    }
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn absorb_ifma(
    key: &[u64; KEY_WORDS],
    lanes: &mut [u64; LANE_WORDS],
    start: Option<&Elem>,
    data: &[u8],
) {
    let zacc = [[_mm512_setzero_si512(); 2]; 3];
    let (r8, s8) = broadcast(&key[R8..]);
    let (mut a, mut data) = match start {
        // Starting: h goes to the lane of block 0 and the first group is
        // only added; the lanes then hold h + m, awaiting a power.
        Some(h) => {
            let l = to44(h);
            let h = l.map(|x| _mm512_maskz_set1_epi64(1, x as i64));
            let (m, rest) = data.split_at(STRIDE);
            (add(h, load(m)), rest)
        }
        None => (load_lanes(lanes), data),
    };
    if data.len() >= 2 * STRIDE {
        // Two groups per step, a·r^16 + m1·r^8 + m2: the m1 products do not
        // wait for a, which halves the carried dependency chain.
        let (r16, s16) = broadcast(&key[R16..]);
        let mut pairs = data.chunks_exact(2 * STRIDE);
        for pair in &mut pairs {
            let (m1, m2) = pair.split_at(STRIDE);
            let d = mul_acc(zacc, &load(m1), &r8, &s8);
            a = add(carry(mul_acc(d, &a, &r16, &s16)), load(m2));
        }
        data = pairs.remainder();
    }
    for m in data.chunks_exact(STRIDE) {
        a = add(carry(mul_acc(zacc, &a, &r8, &s8)), load(m));
    }
    let p = lanes.as_mut_ptr().cast::<__m512i>();
    for (i, v) in a.iter().enumerate() {
        // SAFETY: limb i writes lanes[8i .. 8i + 8], within the 24 words.
        unsafe { _mm512_storeu_si512(p.add(i), *v) };
    }
}

#[target_feature(enable = "avx512f,avx512ifma")]
fn finish_ifma(key: &[u64; KEY_WORDS], lanes: &[u64; LANE_WORDS]) -> Elem {
    let rl = load_lanes(&key[FINAL..]);
    let zacc = [[_mm512_setzero_si512(); 2]; 3];
    let d = carry(mul_acc(zacc, &load_lanes(lanes), &rl, &times20(&rl)));
    from44(d.map(|v| _mm512_reduce_add_epi64(v) as u64))
}
