//! Keccak-f\[1600\] on 2 word-interleaved states (`state[w][lane]`) with NEON, one 64-bit
//! lane of a `uint64x2_t` per instance, for the 2-lane sponge of `keccak/sponge.rs`.
//!
//! Two permutations: the plain one (EOR, BIC, shift and shift-insert for the rotations), and,
//! when the CPU has the SHA-3 extension (FEAT_SHA3: EOR3, RAX1, XAR, BCAX), one that fuses θ's
//! column parities, θ with ρ, and χ into those instructions, used where a `Sha3Token` is
//! detected (the build enables the `sha3` target feature, or, with `std`, the CPU reports it).

use crate::backend::keccak::{PI_SRC, RC, RHO};
use crate::backend::select::Sha3Token;
use core::arch::aarch64::*;
use mldsa_core::kernel::{KeccakF1600, Permutation};

/// χ's neighbours of word i = x + 5y: (x+1 mod 5) + 5y and (x+2 mod 5) + 5y.
const CHI1: [usize; 25] = chi_neighbour(1);
const CHI2: [usize; 25] = chi_neighbour(2);

#[allow(
    clippy::integer_division_remainder_used,
    reason = "compile-time table of public indices"
)]
const fn chi_neighbour(d: usize) -> [usize; 25] {
    let mut t = [0; 25];
    let mut i = 0;
    while i < 25 {
        let (x, y) = (i % 5, i - i % 5);
        t[i] = y + (x + d) % 5;
        i += 1;
    }
    t
}

/// 64-bit lane rotation left by a constant n < 64: a shift, then a shift-right-and-insert of
/// the wrapped bits (n = 0 gives x: SRI by 64 inserts nothing).
macro_rules! rotl {
    ($x:expr, $n:expr) => {{
        let x = $x;
        vsriq_n_u64::<{ 64 - $n }>(vshlq_n_u64::<{ $n }>(x), x)
    }};
}

/// ρ and π with constant indices: B[i] = ρ(A[PI_SRC[i]]).
macro_rules! rho_pi {
    ($a:ident; $($i:literal)*) => {
        [$( rotl!($a[PI_SRC[$i]], RHO[PI_SRC[$i]]) ),*]
    };
}

/// θ and ρ fused with XAR (rotate right by (64 - ρ) mod 64 after the XOR with D), then π:
/// B[i] = ρ(A[PI_SRC[i]] ^ D[x of PI_SRC[i]]).
macro_rules! theta_rho_pi_xar {
    ($a:ident, $d:ident; $($i:literal)*) => {
        [$( vxarq_u64::<{ (64 - RHO[PI_SRC[$i]]) & 63 }>($a[PI_SRC[$i]], $d[PI_SRC[$i] % 5]) ),*]
    };
}

/// The five θ column parities C[x] = A[x] ^ A[x+5] ^ A[x+10] ^ A[x+15] ^ A[x+20].
#[inline]
#[target_feature(enable = "neon")]
fn parities(a: &[uint64x2_t; 25]) -> [uint64x2_t; 5] {
    core::array::from_fn(|x| {
        veorq_u64(
            veorq_u64(veorq_u64(a[x], a[x + 5]), veorq_u64(a[x + 10], a[x + 15])),
            a[x + 20],
        )
    })
}

/// Loads the word-interleaved state into 25 vectors.
#[inline]
#[target_feature(enable = "neon")]
fn load_state(state: &[[u64; 2]; 25]) -> [uint64x2_t; 25] {
    // SAFETY: each `s` is 16 readable bytes; `ld1` needs only 8-byte element alignment.
    core::array::from_fn(|w| unsafe { vld1q_u64(state[w].as_ptr()) })
}

/// Stores 25 vectors back into the word-interleaved state.
#[inline]
#[target_feature(enable = "neon")]
fn store_state(state: &mut [[u64; 2]; 25], a: &[uint64x2_t; 25]) {
    for (s, v) in state.iter_mut().zip(a) {
        // SAFETY: `s` is 16 writable bytes; `st1` needs only 8-byte element alignment.
        unsafe { vst1q_u64(s.as_mut_ptr(), *v) };
    }
}

/// Keccak-f[1600] (FIPS 202, Algorithm 7) on 2 word-interleaved states, fully unrolled within
/// a round (constant indices and immediate rotations), plain NEON.
#[target_feature(enable = "neon")]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "constant lane indices, folded at compile time"
)]
fn f1600x2_neon(state: &mut [[u64; 2]; 25]) {
    let mut a = load_state(state);
    for rc in RC {
        // θ
        let c = parities(&a);
        let d: [uint64x2_t; 5] =
            core::array::from_fn(|x| veorq_u64(c[(x + 4) % 5], rotl!(c[(x + 1) % 5], 1)));
        for row in a.chunks_exact_mut(5) {
            for (v, dx) in row.iter_mut().zip(d) {
                *v = veorq_u64(*v, dx);
            }
        }
        // ρ, π
        let b: [uint64x2_t; 25] =
            rho_pi!(a; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24);
        // χ: A[i] = B[i] ^ (!B[i+1] & B[i+2]) within each row (BIC computes b2 & !b1).
        a = core::array::from_fn(|i| veorq_u64(b[i], vbicq_u64(b[CHI2[i]], b[CHI1[i]])));
        // ι
        a[0] = veorq_u64(a[0], vdupq_n_u64(rc));
    }
    store_state(state, &a);
}

/// Keccak-f[1600] on 2 word-interleaved states with the SHA-3 extension: EOR3 for the column
/// parities, RAX1 for D[x] = C[x-1] ^ rotl(C[x+1], 1), XAR for θ-then-ρ, BCAX for χ.
#[target_feature(enable = "neon,sha3")]
#[allow(
    clippy::integer_division_remainder_used,
    reason = "constant lane indices, folded at compile time"
)]
fn f1600x2_sha3(state: &mut [[u64; 2]; 25]) {
    let mut a = load_state(state);
    for rc in RC {
        // θ (the XOR with D happens inside XAR below)
        let c: [uint64x2_t; 5] = core::array::from_fn(|x| {
            veor3q_u64(veor3q_u64(a[x], a[x + 5], a[x + 10]), a[x + 15], a[x + 20])
        });
        let d: [uint64x2_t; 5] =
            core::array::from_fn(|x| vrax1q_u64(c[(x + 4) % 5], c[(x + 1) % 5]));
        // θ, ρ, π
        let b: [uint64x2_t; 25] = theta_rho_pi_xar!(a, d;
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24);
        // χ: BCAX(b, b2, b1) = b ^ (b2 & !b1)
        a = core::array::from_fn(|i| vbcaxq_u64(b[i], b[CHI2[i]], b[CHI1[i]]));
        // ι
        a[0] = veorq_u64(a[0], vdupq_n_u64(rc));
    }
    store_state(state, &a);
}

/// Lanes one permutation runs at the cost of one (`Kernels::f1600_width`).
pub(super) fn width() -> usize {
    2
}

/// A lone lane stays in the 2-lane permutation (`Kernels::f1600_lone_single`; not measured on
/// aarch64 hardware).
pub(super) const LONE_SINGLE: bool = false;

/// Keccak-f\[1600\] on 2 word-interleaved states: with the SHA-3 extension where
/// [`Sha3Token`] is detected (once per call: a cached answer), else plain NEON. Both lanes are
/// permuted whatever the count of lanes in use (one vector holds both).
#[target_feature(enable = "neon")]
pub(super) fn f1600xn(state: &mut [[u64; 2]; 25], _lanes: usize) {
    match Sha3Token::detect() {
        // SAFETY: the `Sha3Token` proves FEAT_SHA3; NEON is enabled here.
        Some(_) => unsafe { f1600x2_sha3(state) },
        None => f1600x2_neon(state),
    }
}

/// The single-lane permutation: the scalar one (one lane of a NEON vector would be slower).
#[target_feature(enable = "neon")]
pub(super) fn f1600(state: &mut [u64; 25]) {
    KeccakF1600::permute(state)
}

/// A squeezed block of the 2-lane state: `kernels::copy_out_per_lane`, compiled with NEON (two
/// lanes leave little for a transposition to save).
#[target_feature(enable = "neon")]
pub(super) fn copy_out(state: &[[u64; 2]; 25], words: usize, at: usize, out: &mut [&mut [u8]]) {
    crate::backend::kernels::copy_out_per_lane(state, 0..words, at, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::kernels::f1600_per_lane;

    /// Both NEON permutations (the SHA-3 one where the CPU has it) against the scalar one.
    #[test]
    fn permutations_match_scalar() {
        use crate::backend::select::NeonToken;
        assert!(NeonToken::detect().is_some());
        let mut want: [[u64; 2]; 25] = core::array::from_fn(|w| {
            [
                (w as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                !(w as u64) << 7,
            ]
        });
        let mut plain = want;
        let mut sha3 = want;
        for _ in 0..3 {
            f1600_per_lane(&mut want, 2);
            // SAFETY: this module is compiled only with NEON (asserted above).
            unsafe { f1600x2_neon(&mut plain) };
            assert_eq!(plain, want, "plain NEON");
            if Sha3Token::detect().is_some() {
                // SAFETY: FEAT_SHA3 was just detected.
                unsafe { f1600x2_sha3(&mut sha3) };
                assert_eq!(sha3, want, "SHA-3 extension");
            }
        }
        #[cfg(feature = "std")]
        std::eprintln!("FEAT_SHA3 on this CPU: {}", Sha3Token::detect().is_some());
    }
}
