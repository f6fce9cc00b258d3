//! The x86-64 backends: AVX2 (`avx2/`), AVX-512 (`avx512/`, F/VL/BW), the BMI single-lane
//! Keccak (`bmi.rs`), and what the two vector folders share (the 4-lane permutation's
//! frame). [`Avx2`] runs on 4-lane sponges; [`Avx512`] and [`Auto`] on 8-lane ones (with
//! AVX-512 an 8-lane `zmm` permutation; with AVX2 alone, as under `Auto` on a CPU without
//! AVX-512, two 4-lane ones, or one while at most 4 lanes are in use).
#![allow(unsafe_code)]

mod arith;
pub(crate) mod avx2;
pub(crate) mod avx512;
pub(crate) mod bmi;

use crate::backend::kernels::{forward_to_kernels, simd_backend};
use crate::backend::select::{self, AutoKernels, Avx2Token, Avx512Token};
use crate::backend::{Auto, Avx2, Avx512};
// The types of the kernel signatures, which `simd_backend!` spells as written in the list.
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

simd_backend!(Avx2, 4, Option<Avx2Token> = Avx2Token::detect());
simd_backend!(Avx512, 8, Option<Avx512Token> = Avx512Token::detect());
simd_backend!(Auto, 8, AutoKernels = select::auto_kernels());

/// Defines `$name`, Keccak-f\[1600\] (FIPS 202, Algorithm 7) on the `$w` lanes `at..at + $w`
/// of word-interleaved states (`state[word][lane]`, `LANES` a multiple of `$w` and `at` of `$w`
/// below it) held in `$vec`s (`$w` × 64 bits: `__m256i` with 4, `__m512i` with 8), loaded and
/// stored with `$load` / `$store` and cleared with `$zero`, compiled with `$features`, for every
/// x86 vector ISA: `$op` is a macro providing `xor`, `xor3`, `rol` (by a constant), `chi`
/// (x ^ (!y & z)) and `splat` on those vectors.
///
/// The rounds are `keccak::f1600_rounds`: every index and rotation is a constant.
macro_rules! define_f1600 {
    ($(#[$doc:meta])* $name:ident, $features:literal, $op:ident,
     $vec:ty, $w:literal, $zero:ident, $load:ident, $store:ident) => {
        $(#[$doc])*
        #[target_feature(enable = $features)]
        #[allow(
            clippy::integer_division_remainder_used,
            reason = "constant lane indices, folded at compile time"
        )]
        pub(crate) fn $name<const LANES: usize>(state: &mut [[u64; LANES]; 25], at: usize) {
            let mut a: [$vec; 25] = [$zero(); 25];
            for (v, s) in a.iter_mut().zip(state.iter()) {
                let s: &[u64; $w] = s[at..at + $w].try_into().unwrap();
                // SAFETY: `s` is one vector's readable bytes; `loadu` has no alignment
                // requirement.
                *v = unsafe { $load(s.as_ptr().cast()) };
            }
            $crate::backend::keccak::f1600_rounds!(a, $op);
            for (v, s) in a.iter().zip(state.iter_mut()) {
                let s: &mut [u64; $w] = (&mut s[at..at + $w]).try_into().unwrap();
                // SAFETY: `s` is one vector's writable bytes; `storeu` has no alignment
                // requirement.
                unsafe { $store(s.as_mut_ptr().cast(), *v) };
            }
        }
    };
}
pub(crate) use define_f1600;

/// Runs `$body` once per listed index, written out: the NTT kernels keep their data vectors
/// in registers only if every index is a constant (LLVM leaves such loops rolled, with the
/// vectors in a stack array, otherwise).
macro_rules! unrolled {
    ($i:ident in [$($n:literal),*] $body:block) => {
        $( { let $i: usize = $n; $body } )*
    };
}
pub(crate) use unrolled;

/// Unit-test inputs of the ISA folders' kernel tests: a xorshift64 stream.
#[cfg(test)]
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// `x`'s high 32 bits scaled to [lo, hi] (no division).
#[cfg(test)]
pub(crate) fn scaled(x: u64, lo: i32, hi: i32) -> i32 {
    lo + (((x >> 32) * (hi - lo + 1) as u64) >> 32) as i32
}
