//! NTT and inverse NTT (FIPS 204, Algorithms 41-42) on `zmm`, bit-for-bit equal to
//! mldsa-core's `ntt.rs`: every butterfly is the portable one (one signed Montgomery product,
//! one add, one subtract), only their order differs.
//!
//! The 256 coefficients are 16 vectors of 16. Pass 1 runs the whole-vector layers len 128,
//! 64, 32 and 16 with the 16 vectors in registers and one broadcast ζ per butterfly. Pass 2
//! takes the vectors in pairs (A, B) = (2p, 2p + 1) and runs the in-vector layers len 8, 4, 2
//! and 1, each after one shuffle step that puts butterfly partners in the same lane of two
//! vectors (ζ per lane from tables built at compile time), then undoes the shuffles. The
//! layouts, as the lanes' coefficients (A0-15, B0-15), lower partners first:
//! - len 8: `vshufi64x2` gives [A0-7 | B0-7] and [A8-15 | B8-15];
//! - len 4: `vshufi64x2` gives [A0-3 B0-3 A8-11 B8-11] and [A4-7 B4-7 A12-15 B12-15];
//! - len 2: `vpunpck{l,h}qdq` give, per 128-bit lane, [A0 A1 A4 A5] and [A2 A3 A6 A7];
//! - len 1: `vshufps` 0x88 / 0xDD give, per 128-bit lane, [A0 A4 A2 A6] and [A1 A5 A3 A7].
//!
//! The inverse runs the same shuffles down first, the layers len 1 to 8 on the way back up,
//! then pass 1's layers backwards, len 128 with the scaling by 2^64/256 folded in (as the
//! AVX2 and portable kernels do).
//!
//! Montgomery products take t = lo32(b·ζq^-1) from two `vpmuldq` (even and odd lanes), not
//! `vpmulld` (two µops on Intel cores). On the Intel Xeon (family 6 model 207) `vpmuldq`
//! issues 1.9 per cycle on `zmm` against 2.0 on `ymm`: a `zmm` butterfly does nearly twice the
//! work per cycle. (A `zmm` pass 1 in front of the AVX2 kernels' 64-coefficient blocks ran
//! slower than either, 370 against 271 ns forward: the blocks' 32-byte loads of the 64-byte
//! stores just made cannot be store-forwarded.)
//!
//! Bounds are the portable ones (the butterflies are the same): forward in |a| < q, each
//! layer adds a product |t| < q, out |a| < 9q; inverse in |a| < q, sums before the last layer
//! < 256q < 2^31, out |a| < q. Every product has |ζ| ≤ q/2 and |b| < 256q: |ζ·b| < 2^31·q.

use core::arch::x86_64::*;
use mldsa_core::kernel::{
    INV_NTT_SCALE, INV_NTT_SCALE_ZETA1, NEG_ZETAS, NEG_ZETAS_QINV, Poly, Q, QINV, ZETAS, ZETAS_QINV,
};

/// Runs `$body` once per listed index, written out, so that the 16 vectors stay in registers
/// (a rolled loop indexes them by a variable and keeps them in a stack array).
macro_rules! unrolled {
    ($i:ident in [$($n:literal),*] $body:block) => {
        $( { let $i: usize = $n; $body } )*
    };
}

/// Per-lane ζ (and ζ·q^-1) of the in-vector layers: entry 16·(4p + l) + i is lane i of layer
/// l (len 8 >> l) for vector pair p, in the layouts of the module documentation. One spare
/// entry at the end lets [`lane_zetas`] read each row one entry late, which puts the odd
/// lanes' ζ where `vpmuldq` reads.
struct LaneTables {
    z: [i32; 8 * 4 * 16 + 1],
    zq: [i32; 8 * 4 * 16 + 1],
}

/// The coefficient (0-31: A0-15, then B0-15) that lane `i` of layer `l`'s lower vector holds.
const fn lane_coefficient(l: usize, i: usize) -> usize {
    let (base, o) = ([0, 16, 8, 24][i >> 2], i & 3);
    match l {
        0 => {
            if i < 8 {
                i
            } else {
                i + 8
            }
        }
        1 => base + o,
        2 => base + [0, 1, 4, 5][o],
        _ => base + [0, 4, 2, 6][o],
    }
}

/// The tables of the forward layers (ζ index 256/2len + c/2len for coefficient c) or of the
/// inverse ones (negated ζ, index 256/len - 1 - c/2len: Algorithm 42 counts down).
const fn lane_tables(inverse: bool) -> LaneTables {
    let mut t = LaneTables {
        z: [0; 8 * 4 * 16 + 1],
        zq: [0; 8 * 4 * 16 + 1],
    };
    let mut p = 0;
    while p < 8 {
        let mut l = 0;
        while l < 4 {
            // len = 8 >> l: a block of 2·len coefficients is c >> (4 - l); 256 / len = 32 << l.
            let mut i = 0;
            while i < 16 {
                let block = (32 * p + lane_coefficient(l, i)) >> (4 - l);
                let e = 16 * (4 * p + l) + i;
                if inverse {
                    let k = (32 << l) - 1 - block;
                    t.z[e] = NEG_ZETAS[k];
                    t.zq[e] = NEG_ZETAS_QINV[k];
                } else {
                    let k = (16 << l) + block;
                    t.z[e] = ZETAS[k];
                    t.zq[e] = ZETAS_QINV[k];
                }
                i += 1;
            }
            l += 1;
        }
        p += 1;
    }
    t
}

static FWD: LaneTables = lane_tables(false);
static INV: LaneTables = lane_tables(true);

/// (even-lane, odd-lane) multipliers of `tables`' row for pair p, layer l: ζ and ζ·q^-1, the
/// odd ones read one entry late.
#[inline]
#[target_feature(enable = "avx512f")]
fn lane_zetas(tables: &LaneTables, p: usize, l: usize) -> [(__m512i, __m512i); 2] {
    let at = 16 * (4 * p + l);
    [&tables.z, &tables.zq].map(|t| {
        let even: &[i32; 16] = t[at..at + 16].try_into().unwrap();
        let odd: &[i32; 16] = t[at + 1..at + 17].try_into().unwrap();
        (load(even), load(odd))
    })
}

/// Lane-wise Montgomery product b·z·2^-32, exactly `mldsa_core::kernel::mont_mul(z, b)` for
/// |z·b| < 2^31·q: |r| < q. `z` and `zq` = z·q^-1 mod 2^32 as (even-lane, odd-lane)
/// multipliers, each with its value in the low 32 bits of every 64-bit lane. The 64-bit
/// products run on the even and odd lanes separately, and r = hi32(b·z) - hi32(t·q) with
/// t = lo32(b·zq), since b·z - t·q ≡ 0 mod 2^32 (no borrow out of the low halves).
#[inline]
#[target_feature(enable = "avx512f")]
fn mont_mul(b: __m512i, z: (__m512i, __m512i), zq: (__m512i, __m512i)) -> __m512i {
    let q = _mm512_set1_epi32(Q);
    let b_odd = _mm512_srli_epi64::<32>(b);
    let p_even = _mm512_mul_epi32(b, z.0);
    let p_odd = _mm512_mul_epi32(b_odd, z.1);
    let tq_even = _mm512_mul_epi32(_mm512_mul_epi32(b, zq.0), q);
    let tq_odd = _mm512_mul_epi32(_mm512_mul_epi32(b_odd, zq.1), q);
    // The differences of the high halves sit in the odd 32-bit positions.
    let r_even = _mm512_srli_epi64::<32>(_mm512_sub_epi32(p_even, tq_even));
    let r_odd = _mm512_sub_epi32(p_odd, tq_odd);
    _mm512_mask_blend_epi32(0xAAAA, r_even, r_odd)
}

/// [`mont_mul`] by one constant in every lane.
#[inline]
#[target_feature(enable = "avx512f")]
fn mont_mul_bc(b: __m512i, z: i32, zq: i32) -> __m512i {
    let (z, zq) = (_mm512_set1_epi32(z), _mm512_set1_epi32(zq));
    mont_mul(b, (z, z), (zq, zq))
}

/// Forward butterfly (Algorithm 41, lines 10-12) with ζ = ZETAS\[k\]: t = ζ·y, y = x - t,
/// x = x + t.
#[inline]
#[target_feature(enable = "avx512f")]
fn fwd_bc(v: &mut [__m512i; 16], x: usize, y: usize, k: usize) {
    let t = mont_mul_bc(v[y], ZETAS[k], ZETAS_QINV[k]);
    v[y] = _mm512_sub_epi32(v[x], t);
    v[x] = _mm512_add_epi32(v[x], t);
}

/// Inverse butterfly (Algorithm 42, lines 10-13) with ζ = -ZETAS\[k\]: x = x + y,
/// y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx512f")]
fn inv_bc(v: &mut [__m512i; 16], x: usize, y: usize, k: usize) {
    let t = v[x];
    v[x] = _mm512_add_epi32(t, v[y]);
    v[y] = mont_mul_bc(_mm512_sub_epi32(t, v[y]), NEG_ZETAS[k], NEG_ZETAS_QINV[k]);
}

/// Forward butterfly with per-lane ζ: t = ζ·y, y = x - t, x = x + t.
#[inline]
#[target_feature(enable = "avx512f")]
fn fwd2(x: &mut __m512i, y: &mut __m512i, [z, zq]: [(__m512i, __m512i); 2]) {
    let t = mont_mul(*y, z, zq);
    *y = _mm512_sub_epi32(*x, t);
    *x = _mm512_add_epi32(*x, t);
}

/// Inverse butterfly with per-lane ζ (already negated): x = x + y, y = ζ·(x - y).
#[inline]
#[target_feature(enable = "avx512f")]
fn inv2(x: &mut __m512i, y: &mut __m512i, [z, zq]: [(__m512i, __m512i); 2]) {
    let t = *x;
    *x = _mm512_add_epi32(t, *y);
    *y = mont_mul(_mm512_sub_epi32(t, *y), z, zq);
}

/// Loads 16 coefficients.
#[inline]
#[target_feature(enable = "avx512f")]
fn load(a: &[i32; 16]) -> __m512i {
    // SAFETY: `a` is 64 readable bytes; `loadu` has no alignment requirement.
    unsafe { _mm512_loadu_si512(a.as_ptr().cast()) }
}

/// Stores 16 coefficients.
#[inline]
#[target_feature(enable = "avx512f")]
fn store(a: &mut [i32; 16], v: __m512i) {
    // SAFETY: `a` is 64 writable bytes; `storeu` has no alignment requirement.
    unsafe { _mm512_storeu_si512(a.as_mut_ptr().cast(), v) }
}

/// The shuffles between the layouts (module documentation): `down[l]` takes the pair from
/// layer l - 1's layout (the natural (A, B) for l = 0) to layer l's, `up[l]` back.
#[inline]
#[target_feature(enable = "avx512f")]
fn down(l: usize, x: __m512i, y: __m512i) -> (__m512i, __m512i) {
    match l {
        0 => (
            _mm512_shuffle_i64x2::<0x44>(x, y),
            _mm512_shuffle_i64x2::<0xEE>(x, y),
        ),
        1 => (
            _mm512_shuffle_i64x2::<0x88>(x, y),
            _mm512_shuffle_i64x2::<0xDD>(x, y),
        ),
        2 => (_mm512_unpacklo_epi64(x, y), _mm512_unpackhi_epi64(x, y)),
        _ => {
            let (x, y) = (_mm512_castsi512_ps(x), _mm512_castsi512_ps(y));
            (
                _mm512_castps_si512(_mm512_shuffle_ps::<0x88>(x, y)),
                _mm512_castps_si512(_mm512_shuffle_ps::<0xDD>(x, y)),
            )
        }
    }
}

/// The inverse of [`down`]`(l, ..)`.
#[inline]
#[target_feature(enable = "avx512f")]
fn up(l: usize, x: __m512i, y: __m512i) -> (__m512i, __m512i) {
    match l {
        0 => (
            _mm512_shuffle_i64x2::<0x44>(x, y),
            _mm512_shuffle_i64x2::<0xEE>(x, y),
        ),
        1 => (
            _mm512_permutex2var_epi64(x, _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11), y),
            _mm512_permutex2var_epi64(x, _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15), y),
        ),
        2 => (_mm512_unpacklo_epi64(x, y), _mm512_unpackhi_epi64(x, y)),
        _ => (_mm512_unpacklo_epi32(x, y), _mm512_unpackhi_epi32(x, y)),
    }
}

/// Forward NTT, identical to `mldsa_core::kernel::ntt`. In |a| < q, out |a| < 9q.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<16>().0;
    let mut v: [__m512i; 16] = core::array::from_fn(|i| load(&c[i]));
    for i in 0..8 {
        fwd_bc(&mut v, i, i + 8, 1);
    }
    for i in 0..4 {
        fwd_bc(&mut v, i, i + 4, 2);
        fwd_bc(&mut v, i + 8, i + 12, 3);
    }
    for b in 0..4 {
        fwd_bc(&mut v, 4 * b, 4 * b + 2, 4 + b);
        fwd_bc(&mut v, 4 * b + 1, 4 * b + 3, 4 + b);
    }
    for i in 0..8 {
        fwd_bc(&mut v, 2 * i, 2 * i + 1, 8 + i);
    }
    let pairs = c.as_chunks_mut::<2>().0;
    unrolled!(p in [0, 1, 2, 3, 4, 5, 6, 7] {
        let (mut x, mut y) = (v[2 * p], v[2 * p + 1]);
        for l in 0..4 {
            (x, y) = down(l, x, y);
            fwd2(&mut x, &mut y, lane_zetas(&FWD, p, l));
        }
        for l in (0..4).rev() {
            (x, y) = up(l, x, y);
        }
        store(&mut pairs[p][0], x);
        store(&mut pairs[p][1], y);
    });
}

/// Inverse NTT times 2^32, identical to `mldsa_core::kernel::reference::inv_ntt`. In |a| < q,
/// out |a| < q.
#[target_feature(enable = "avx2,avx512f,avx512vl,avx512bw")]
pub(super) fn inv_ntt(a: &mut Poly) {
    let c = a.coeffs.as_chunks_mut::<16>().0;
    let mut v = [_mm512_setzero_si512(); 16];
    let pairs = c.as_chunks::<2>().0;
    unrolled!(p in [0, 1, 2, 3, 4, 5, 6, 7] {
        let (mut x, mut y) = (load(&pairs[p][0]), load(&pairs[p][1]));
        for l in 0..4 {
            (x, y) = down(l, x, y);
        }
        for l in (0..4).rev() {
            inv2(&mut x, &mut y, lane_zetas(&INV, p, l));
            (x, y) = up(l, x, y);
        }
        (v[2 * p], v[2 * p + 1]) = (x, y);
    });
    for i in 0..8 {
        inv_bc(&mut v, 2 * i, 2 * i + 1, 15 - i);
    }
    for b in 0..4 {
        inv_bc(&mut v, 4 * b, 4 * b + 2, 7 - b);
        inv_bc(&mut v, 4 * b + 1, 4 * b + 3, 7 - b);
    }
    for i in 0..4 {
        inv_bc(&mut v, i, i + 4, 3);
        inv_bc(&mut v, i + 8, i + 12, 2);
    }
    for i in 0..8 {
        let t = v[i];
        v[i] = mont_mul_bc(
            _mm512_add_epi32(t, v[i + 8]),
            INV_NTT_SCALE,
            INV_NTT_SCALE.wrapping_mul(QINV),
        );
        v[i + 8] = mont_mul_bc(
            _mm512_sub_epi32(t, v[i + 8]),
            INV_NTT_SCALE_ZETA1,
            INV_NTT_SCALE_ZETA1.wrapping_mul(QINV),
        );
    }
    for (o, x) in c.iter_mut().zip(v) {
        store(o, x);
    }
}
