//! Coefficient-wise AVX-512 kernels (the NTT-domain products, reduce32, caddq, Power2Round,
//! Decompose, MakeHint, UseHint and the infinity-norm check): `x86_64::arith`'s kernels on
//! 16 lanes of `__m512i`, half the instructions of the AVX2 form per polynomial.

use super::{load, store};
use core::arch::x86_64::*;

/// The AVX-512 F operations of `define_arith` on 16 lanes of 32 bits.
macro_rules! zmm_op {
    (load $a:expr) => {
        load($a)
    };
    (store $a:expr, $v:expr) => {
        store($a, $v)
    };
    (splat $x:expr) => {
        _mm512_set1_epi32($x)
    };
    (zero) => {
        _mm512_setzero_si512()
    };
    (add $x:expr, $y:expr) => {
        _mm512_add_epi32($x, $y)
    };
    (sub $x:expr, $y:expr) => {
        _mm512_sub_epi32($x, $y)
    };
    (and $x:expr, $y:expr) => {
        _mm512_and_si512($x, $y)
    };
    (or $x:expr, $y:expr) => {
        _mm512_or_si512($x, $y)
    };
    (xor $x:expr, $y:expr) => {
        _mm512_xor_si512($x, $y)
    };
    (abs $x:expr) => {
        _mm512_abs_epi32($x)
    };
    (mullo $x:expr, $y:expr) => {
        _mm512_mullo_epi32($x, $y)
    };
    (srai $n:expr, $x:expr) => {
        _mm512_srai_epi32::<{ $n as u32 }>($x)
    };
    (srli $n:expr, $x:expr) => {
        _mm512_srli_epi32::<{ $n as u32 }>($x)
    };
    (slli $n:expr, $x:expr) => {
        _mm512_slli_epi32::<{ $n as u32 }>($x)
    };
    (srli64 $x:expr) => {
        _mm512_srli_epi64::<32>($x)
    };
    (mul $x:expr, $y:expr) => {
        _mm512_mul_epi32($x, $y)
    };
    (add64 $x:expr, $y:expr) => {
        _mm512_add_epi64($x, $y)
    };
    (blend_odd $x:expr, $y:expr) => {
        _mm512_mask_blend_epi32(0xAAAA, $x, $y)
    };
    (sign_bits $x:expr) => {
        _mm512_cmplt_epi32_mask($x, _mm512_setzero_si512()) as u32
    };
    (sum $x:expr) => {
        _mm512_reduce_add_epi32($x)
    };
}

super::super::arith::define_arith!("avx2,avx512f,avx512vl,avx512bw", zmm_op, __m512i, 16);
