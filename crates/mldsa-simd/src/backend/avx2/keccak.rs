//! SHAKE128/256 on 4 independent inputs at once: a sponge whose state holds 4 Keccak-f[1600]
//! states word-interleaved (`state[w][lane]`), permuted together with AVX2 (one 64-bit lane
//! per instance). Absorbing and squeezing are scalar XORs and copies; the permutation is the
//! hot loop. Output is byte-for-byte `mldsa_core::keccak::Shake<RATE>` on each lane.

use crate::backend::Xof;
use core::arch::x86_64::*;
use core::marker::PhantomData;
use zeroize::Zeroize;

/// Which 4-way Keccak-f\[1600\] a sponge runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permutation {
    /// One scalar `keccak::f1600` per lane.
    Scalar,
    /// [`f1600x4`]; only when CPUID reported AVX2.
    Avx2,
    /// `avx512::keccak::f1600x4`; only when CPUID reported AVX-512 F/VL.
    Avx512,
}

/// The permutation a backend runs (decided once per sponge, at absorb).
pub trait Detect {
    /// Never names a permutation whose instructions the CPU lacks.
    fn permutation() -> Permutation;
}

/// Keccak-f[1600] round constants (FIPS 202, Algorithm 5).
pub(crate) const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// ρ offsets, indexed x + 5y (FIPS 202, Section 3.2.2).
pub(crate) const RHO: [i64; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/// π as a gather: B[i] = ρ(A[PI_SRC[i]]), i.e. B[y + 5·((2x + 3y) mod 5)] = A[x + 5y].
pub(crate) const PI_SRC: [usize; 25] = {
    let mut src = [0; 25];
    let mut x = 0;
    while x < 5 {
        let mut y = 0;
        while y < 5 {
            #[allow(
                clippy::integer_division_remainder_used,
                reason = "compile-time table of public indices"
            )]
            let dst = y + 5 * ((2 * x + 3 * y) % 5);
            src[dst] = x + 5 * y;
            y += 1;
        }
        x += 1;
    }
    src
};

/// Defines `$name`, Keccak-f\[1600\] (FIPS 202, Algorithm 7) on 4 word-interleaved states
/// (`state[word][lane]`) held in `__m256i`s, compiled with `$features`, for every x86 vector
/// ISA: `$op` is a macro providing `xor`, `xor3`, `rol` (by a constant), `chi`
/// (x ^ (!y & z)) and `splat` on those vectors.
///
/// The rounds are [`f1600_rounds`]: every index and rotation is a constant.
macro_rules! define_f1600x4 {
    ($(#[$doc:meta])* $name:ident, $features:literal, $op:ident) => {
        $(#[$doc])*
        #[target_feature(enable = $features)]
        #[allow(
            clippy::integer_division_remainder_used,
            reason = "constant lane indices, folded at compile time"
        )]
        pub(crate) fn $name(state: &mut [[u64; 4]; 25]) {
            let mut a = [_mm256_setzero_si256(); 25];
            for (v, s) in a.iter_mut().zip(state.iter()) {
                // SAFETY: `s` is 32 readable bytes; `loadu` has no alignment requirement.
                *v = unsafe { _mm256_loadu_si256(s.as_ptr().cast()) };
            }
            $crate::backend::avx2::keccak::f1600_rounds!(a, $op);
            for (v, s) in a.iter().zip(state.iter_mut()) {
                // SAFETY: `s` is 32 writable bytes; `storeu` has no alignment requirement.
                unsafe { _mm256_storeu_si256(s.as_mut_ptr().cast(), *v) };
            }
        }
    };
}
pub(crate) use define_f1600x4;

/// The 24 rounds of [`define_f1600x4`] on `$a: [__m256i; 25]`.
///
/// θ computes the column parities C and D\[x\] = C\[x-1\] ^ rol(C\[x+1\], 1) once; then each
/// output row y is produced on its own ([`chi_row`]): its five words gather
/// B = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[5y + x\] (ρ and π with θ applied)
/// and combine them by χ at once. Only D and one row of B are live at a time (10 vectors of
/// the 16 AVX2 registers), so B never spills: per round the state is read twice (parities,
/// gather) and written once.
macro_rules! f1600_rounds {
    ($a:ident, $op:ident) => {
        for rc in RC {
            let c: [_; 5] = [
                $op!(xor3 $op!(xor3 $a[0], $a[5], $a[10]), $a[15], $a[20]),
                $op!(xor3 $op!(xor3 $a[1], $a[6], $a[11]), $a[16], $a[21]),
                $op!(xor3 $op!(xor3 $a[2], $a[7], $a[12]), $a[17], $a[22]),
                $op!(xor3 $op!(xor3 $a[3], $a[8], $a[13]), $a[18], $a[23]),
                $op!(xor3 $op!(xor3 $a[4], $a[9], $a[14]), $a[19], $a[24]),
            ];
            let d: [_; 5] = [
                $op!(xor c[4], $op!(rol c[1], 1)),
                $op!(xor c[0], $op!(rol c[2], 1)),
                $op!(xor c[1], $op!(rol c[3], 1)),
                $op!(xor c[2], $op!(rol c[4], 1)),
                $op!(xor c[3], $op!(rol c[0], 1)),
            ];
            let mut e = [_mm256_setzero_si256(); 25];
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 0);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 1);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 2);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 3);
            $crate::backend::avx2::keccak::chi_row!($a, d, e, $op; 4);
            e[0] = $op!(xor e[0], $op!(splat rc));
            $a = e;
        }
    };
}
pub(crate) use f1600_rounds;

/// One output row y of θ-ρ-π-χ (see [`f1600_rounds`]): E\[5y + x\] = B\[x\] ^
/// (!B\[x+1\] & B\[x+2\]), B\[x\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]), j = PI_SRC\[5y + x\].
/// Every index and rotation is a constant.
macro_rules! chi_row {
    ($a:ident, $d:ident, $e:ident, $op:ident; $y:literal) => {
        let b: [_; 5] = [
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 1),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 2),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 3),
            $crate::backend::avx2::keccak::gather!($a, $d, $op; 5 * $y + 4),
        ];
        $e[5 * $y] = $op!(chi b[0], b[1], b[2]);
        $e[5 * $y + 1] = $op!(chi b[1], b[2], b[3]);
        $e[5 * $y + 2] = $op!(chi b[2], b[3], b[4]);
        $e[5 * $y + 3] = $op!(chi b[3], b[4], b[0]);
        $e[5 * $y + 4] = $op!(chi b[4], b[0], b[1]);
    };
}
pub(crate) use chi_row;

/// B\[i\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[i\] (θ applied, then ρ, at π's place).
macro_rules! gather {
    ($a:ident, $d:ident, $op:ident; $i:expr) => {
        $op!(
            rol $op!(xor $a[PI_SRC[$i]], $d[PI_SRC[$i] % 5]),
            RHO[PI_SRC[$i]]
        )
    };
}
pub(crate) use gather;

/// The AVX2 word operations of [`f1600_rounds`]. Rotations are shift-shift-or (AVX2 has no
/// 64-bit rotate); the n = 0 case gives x, since a right shift by 64 yields 0.
macro_rules! avx2_op {
    (xor $x:expr, $y:expr) => {
        _mm256_xor_si256($x, $y)
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256(_mm256_xor_si256($x, $y), $z)
    };
    (rol $x:expr, $n:expr) => {{
        let x = $x;
        _mm256_or_si256(
            _mm256_slli_epi64::<{ $n as i32 }>(x),
            _mm256_srli_epi64::<{ 64 - $n as i32 }>(x),
        )
    }};
    (chi $x:expr, $y:expr, $z:expr) => {
        _mm256_xor_si256($x, _mm256_andnot_si256($y, $z))
    };
    (splat $v:expr) => {
        _mm256_set1_epi64x($v as i64)
    };
}

define_f1600x4!(
    /// Keccak-f\[1600\] on 4 word-interleaved states with AVX2.
    f1600x4, "avx2", avx2_op
);

/// Keccak-f[1600] on 4 word-interleaved states without AVX2: one scalar permutation per lane.
#[allow(
    clippy::needless_range_loop,
    reason = "the lane is the inner index of a word-major state"
)]
fn f1600x4_scalar(state: &mut [[u64; 4]; 25]) {
    for lane in 0..4 {
        let mut s: [u64; 25] = core::array::from_fn(|w| state[w][lane]);
        keccak::f1600(&mut s);
        for (w, v) in s.iter().enumerate() {
            state[w][lane] = *v;
        }
        s.zeroize();
    }
}

/// A 4-lane SHAKE sponge with `RATE` bytes of rate, for backend `D` (which decides, once per
/// sponge, between the AVX2 permutation and the scalar one). The state is wiped on drop.
pub struct Keccak4<const RATE: usize, D> {
    state: [[u64; 4]; 25],
    /// Set once the first squeezed block has been read (the next one needs a permutation).
    started: bool,
    /// Lanes absorbed.
    lanes: usize,
    permutation: Permutation,
    _backend: PhantomData<D>,
}

impl<const RATE: usize, D: Detect> Keccak4<RATE, D> {
    fn permute(&mut self) {
        match self.permutation {
            // SAFETY: `Permutation::Avx2` comes from `D::permutation()`, which names it only
            // when CPUID reported AVX2.
            Permutation::Avx2 => unsafe { f1600x4(&mut self.state) },
            // SAFETY: as above, for AVX-512 F/VL.
            Permutation::Avx512 => unsafe {
                crate::backend::avx512::keccak::f1600x4(&mut self.state)
            },
            Permutation::Scalar => f1600x4_scalar(&mut self.state),
        }
    }

    /// XORs `block` (at most RATE bytes) into `lane` from byte 0.
    fn xor_lane(&mut self, lane: usize, block: &[u8]) {
        let mut words = block.chunks_exact(8);
        for (w, bytes) in (&mut words).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            self.state[w][lane] ^= u64::from_le_bytes(b);
        }
        let tail = words.remainder();
        let w = block.len() >> 3;
        for (i, byte) in tail.iter().enumerate() {
            self.state[w][lane] ^= (*byte as u64) << (i << 3);
        }
    }
}

impl<const RATE: usize, D: Detect> Xof for Keccak4<RATE, D> {
    const LANES: usize = 4;
    const RATE: usize = RATE;

    fn absorb(inputs: &[&[u8]]) -> Self {
        assert!((1..=4).contains(&inputs.len()), "1 to 4 lanes");
        let len = inputs[0].len();
        assert!(inputs.iter().all(|i| i.len() == len), "equal-length lanes");
        let mut s = Keccak4 {
            state: [[0; 4]; 25],
            started: false,
            lanes: inputs.len(),
            permutation: D::permutation(),
            _backend: PhantomData,
        };
        #[allow(
            clippy::integer_division_remainder_used,
            reason = "public input length"
        )]
        let full = len - len % RATE;
        let mut off = 0;
        while off < full {
            for (lane, input) in inputs.iter().enumerate() {
                s.xor_lane(lane, &input[off..off + RATE]);
            }
            s.permute();
            off += RATE;
        }
        // Last partial block, then SHAKE padding: 1111 suffix and pad10*1.
        let rem = len - off;
        for (lane, input) in inputs.iter().enumerate() {
            s.xor_lane(lane, &input[off..]);
            s.state[rem >> 3][lane] ^= 0x1f << ((rem & 7) << 3);
            s.state[(RATE - 1) >> 3][lane] ^= 0x80 << (((RATE - 1) & 7) << 3);
        }
        s.permute();
        s
    }

    fn squeeze_blocks(&mut self, out: &mut [&mut [u8]]) {
        assert_eq!(out.len(), self.lanes, "one output per absorbed lane");
        let len = out[0].len();
        assert!(
            out.iter().all(|o| o.len() == len) && len.is_multiple_of(RATE),
            "equal whole-block outputs"
        );
        let mut off = 0;
        while off < len {
            if self.started {
                self.permute();
            }
            self.started = true;
            for (lane, o) in out.iter_mut().enumerate() {
                for (w, bytes) in o[off..off + RATE].chunks_exact_mut(8).enumerate() {
                    bytes.copy_from_slice(&self.state[w][lane].to_le_bytes());
                }
            }
            off += RATE;
        }
    }
}

impl<const RATE: usize, D> Drop for Keccak4<RATE, D> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl<const RATE: usize, D> core::fmt::Debug for Keccak4<RATE, D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Keccak4 { .. }")
    }
}
