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

use super::simd::{M42, M44, from44, to44};
use super::soft64::Elem;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Bytes per kernel iteration (eight blocks).
pub(crate) const STRIDE: usize = 128;
/// Powers `r^1 ..= r^8` used.
pub(crate) const POWERS: usize = 8;
/// Shortest input handed to this kernel (measured, see README).
pub(crate) const THRESHOLD: usize = 256;

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

/// Absorbs `data` (a non-zero multiple of 128 bytes) into `h`; `r` holds
/// `r^1 ..= r^8`.
#[inline]
pub(crate) fn blocks(_: Token, h: &mut Elem, r: &[Elem], data: &[u8]) {
    assert!(r.len() >= POWERS && !data.is_empty() && data.len() & (STRIDE - 1) == 0);
    // SAFETY: a `Token` exists only after CPUID reported AVX-512 F and IFMA,
    // the target features `kernel` needs.
    unsafe { kernel(h, r, data) }
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

/// Lane-wise `r` from limbs `l[lane]`, and `s = 20·r`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn spread(l: &[[u64; 3]; 8]) -> (V, V) {
    let mut r = [_mm512_setzero_si512(); 3];
    let mut s = r;
    for i in 0..3 {
        let g = |k: usize| l[k][i] as i64;
        r[i] = _mm512_setr_epi64(g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7));
        s[i] = _mm512_add_epi64(_mm512_slli_epi64::<4>(r[i]), _mm512_slli_epi64::<2>(r[i]));
    }
    (r, s)
}

/// `(h + m) · r` per lane, partially reduced (`s = 20·r`): limbs below
/// 2^44 + 2^10, 2^44 + 2^10 and 2^42.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mul_add(h: V, m: V, r: &V, s: &V) -> V {
    let h0 = _mm512_add_epi64(h[0], m[0]);
    let h1 = _mm512_add_epi64(h[1], m[1]);
    let h2 = _mm512_add_epi64(h[2], m[2]);
    let z = _mm512_setzero_si512();
    // Σ h_i·b_i, low and high 52-bit halves.
    let dot = |b0, b1, b2| {
        let lo = _mm512_madd52lo_epu64(z, h0, b0);
        let hi = _mm512_madd52hi_epu64(z, h0, b0);
        let lo = _mm512_madd52lo_epu64(lo, h1, b1);
        let hi = _mm512_madd52hi_epu64(hi, h1, b1);
        (
            _mm512_madd52lo_epu64(lo, h2, b2),
            _mm512_madd52hi_epu64(hi, h2, b2),
        )
    };
    let (d0lo, d0hi) = dot(r[0], s[2], s[1]);
    let (d1lo, d1hi) = dot(r[1], r[0], s[2]);
    let (d2lo, d2hi) = dot(r[2], r[1], r[0]);

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

#[target_feature(enable = "avx512f,avx512ifma")]
fn kernel(h: &mut Elem, r: &[Elem], data: &[u8]) {
    let mut r8 = to44(&r[7]);
    let (rk, sk) = spread(&[r8; 8]);
    // Lane k holds block k/2 + 4·(k mod 2), whose final multiplier is
    // r^(8 − block); `r[i]` is r^(i+1).
    let mut lanes = [7, 3, 6, 2, 5, 1, 4, 0].map(|i| to44(&r[i]));
    let (rl, sl) = spread(&lanes);
    r8.zeroize();
    lanes.zeroize();

    let h44 = to44(h);
    let z = _mm512_setzero_si512();
    let mut acc = [z; 3];
    for i in 0..3 {
        acc[i] = _mm512_mask_set1_epi64(z, 1, h44[i] as i64);
    }
    let (body, last) = data.split_at(data.len() - STRIDE);
    for chunk in body.chunks_exact(STRIDE) {
        acc = mul_add(acc, load(chunk), &rk, &sk);
    }
    acc = mul_add(acc, load(last), &rl, &sl);
    *h = from44(acc.map(|v| _mm512_reduce_add_epi64(v) as u64));
}
