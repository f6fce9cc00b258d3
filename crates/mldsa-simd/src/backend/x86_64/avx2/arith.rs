//! Coefficient-wise AVX2 kernels (the NTT-domain products, reduce32, caddq, Power2Round,
//! Decompose, MakeHint, UseHint and the infinity-norm check): `x86_64::arith`'s kernels on
//! 8 lanes of `__m256i`.

use super::{load, store};
use core::arch::x86_64::*;

/// The AVX2 operations of `define_arith` on 8 lanes of 32 bits.
macro_rules! ymm_op {
    (load $a:expr) => {
        load($a)
    };
    (store $a:expr, $v:expr) => {
        store($a, $v)
    };
    (splat $x:expr) => {
        _mm256_set1_epi32($x)
    };
    (zero) => {
        _mm256_setzero_si256()
    };
    (add $x:expr, $y:expr) => {
        _mm256_add_epi32($x, $y)
    };
    (sub $x:expr, $y:expr) => {
        _mm256_sub_epi32($x, $y)
    };
    (and $x:expr, $y:expr) => {
        _mm256_and_si256($x, $y)
    };
    (or $x:expr, $y:expr) => {
        _mm256_or_si256($x, $y)
    };
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (abs $x:expr) => {
        _mm256_abs_epi32($x)
    };
    (mullo $x:expr, $y:expr) => {
        _mm256_mullo_epi32($x, $y)
    };
    (srai $n:expr, $x:expr) => {
        _mm256_srai_epi32::<{ $n as i32 }>($x)
    };
    (srli $n:expr, $x:expr) => {
        _mm256_srli_epi32::<{ $n as i32 }>($x)
    };
    (slli $n:expr, $x:expr) => {
        _mm256_slli_epi32::<{ $n as i32 }>($x)
    };
    (srli64 $x:expr) => {
        _mm256_srli_epi64::<32>($x)
    };
    (mul $x:expr, $y:expr) => {
        _mm256_mul_epi32($x, $y)
    };
    (add64 $x:expr, $y:expr) => {
        _mm256_add_epi64($x, $y)
    };
    (blend_odd $x:expr, $y:expr) => {
        _mm256_blend_epi32::<0xAA>($x, $y)
    };
    (sign_bits $x:expr) => {
        _mm256_movemask_ps(_mm256_castsi256_ps($x)) as u32
    };
    (sum $x:expr) => {{
        let x = $x;
        let s = _mm_add_epi32(_mm256_castsi256_si128(x), _mm256_extracti128_si256::<1>(x));
        let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b01_00_11_10>(s));
        let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b10_11_00_01>(s));
        _mm_cvtsi128_si32(s)
    }};
}

super::super::arith::define_arith!("avx2", ymm_op, __m256i, 8);
