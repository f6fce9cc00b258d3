//! What every vector Keccak here shares: the constants of Keccak-f\[1600\] (FIPS 202,
//! Section 3), the round structure the x86-64 permutations (4- and 8-lane AVX2 and AVX-512,
//! single-lane BMI and AVX-512 `xmm`) instantiate with their own word operations, and the multi-lane SHAKE sponge (`sponge.rs`).

pub(crate) mod sponge;

/// Keccak-f\[1600\] round constants (FIPS 202, Algorithm 5).
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
pub(crate) const RHO: [i32; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/// π as a gather: B\[i\] = ρ(A\[PI_SRC\[i\]\]), i.e. B\[y + 5·((2x + 3y) mod 5)\] = A\[x + 5y\]
/// (FIPS 202, Section 3.2.3).
pub(crate) const PI_SRC: [usize; 25] = {
    let mut src = [0; 25];
    let mut x = 0;
    while x < 5 {
        let mut y = 0;
        while y < 5 {
            let mut t = 2 * x + 3 * y;
            while t >= 5 {
                t -= 5;
            }
            src[y + 5 * t] = x + 5 * y;
            y += 1;
        }
        x += 1;
    }
    src
};

/// The 24 rounds of Keccak-f\[1600\] on `$a: [W; 25]`, W a vector of lanes (the x86-64 4-lane permutations)
/// or one `u64` or `xmm` word (the single-lane permutations), with `$op` the word operations.
///
/// θ computes the column parities C and D\[x\] = C\[x-1\] ^ rol(C\[x+1\], 1) once; then each
/// output row y is produced on its own ([`chi_row`]): its five words gather
/// B = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[5y + x\] (ρ and π with θ applied)
/// and combine them by χ at once. Only D and one row of B are live at a time (10 vectors of
/// the 16 AVX2 registers), so B never spills: per round the state is read twice (parities,
/// gather) and written once.
///
/// `$op!(frame)` gives the round constants and whatever `$op`'s rotations need (AVX2's
/// `vpshufb` masks). The vector ops copy them into the permutation's own stack frame first,
/// and the loop reads those copies. Read from `.rodata` inside the loop, they
/// could share address bits 11:0 with a register spill stored just before (4K aliasing): the
/// load then waits on that unrelated store. On the Intel Xeon (family 6 model 207) the AVX2
/// permutation ran 145 ns per lane-permutation at most stack positions and up to 236 ns at
/// others (a 768-byte window of 4096, where the spill slots covered the masks' and round
/// constants' addresses mod 4096); with the copies it is 144-148 ns at all 32 positions
/// scanned. A stack copy cannot alias the spill slots: both lie in the same frame, less than
/// 4096 bytes apart. The scalar BMI rounds showed no such effect (330 ns at 16 positions) and
/// read the table in place: the copy cost them 2 %.
#[cfg(target_arch = "x86_64")]
macro_rules! f1600_rounds {
    ($a:expr, $op:ident) => {
        #[allow(unused_variables, reason = "ops whose rotations need no constants ignore it")]
        let (rcs, k) = $op!(frame);
        for &rc in rcs.iter() {
            let c: [_; 5] = [
                $op!(xor3 $op!(xor3 $a[0], $a[5], $a[10]), $a[15], $a[20]),
                $op!(xor3 $op!(xor3 $a[1], $a[6], $a[11]), $a[16], $a[21]),
                $op!(xor3 $op!(xor3 $a[2], $a[7], $a[12]), $a[17], $a[22]),
                $op!(xor3 $op!(xor3 $a[3], $a[8], $a[13]), $a[18], $a[23]),
                $op!(xor3 $op!(xor3 $a[4], $a[9], $a[14]), $a[19], $a[24]),
            ];
            let d: [_; 5] = [
                $op!(xor c[4], $op!(rol c[1], 1, k)),
                $op!(xor c[0], $op!(rol c[2], 1, k)),
                $op!(xor c[1], $op!(rol c[3], 1, k)),
                $op!(xor c[2], $op!(rol c[4], 1, k)),
                $op!(xor c[3], $op!(rol c[0], 1, k)),
            ];
            let mut e = [$op!(splat 0u64); 25];
            $crate::backend::keccak::chi_row!($a, d, e, k, $op; 0);
            $crate::backend::keccak::chi_row!($a, d, e, k, $op; 1);
            $crate::backend::keccak::chi_row!($a, d, e, k, $op; 2);
            $crate::backend::keccak::chi_row!($a, d, e, k, $op; 3);
            $crate::backend::keccak::chi_row!($a, d, e, k, $op; 4);
            e[0] = $op!(xor e[0], $op!(splat rc));
            $a = e;
        }
    };
}
#[cfg(target_arch = "x86_64")]
pub(crate) use f1600_rounds;

/// One output row y of θ-ρ-π-χ (see [`f1600_rounds`]): E\[5y + x\] = B\[x\] ^
/// (!B\[x+1\] & B\[x+2\]), B\[x\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]), j = PI_SRC\[5y + x\].
/// Every index and rotation is a constant.
#[cfg(target_arch = "x86_64")]
macro_rules! chi_row {
    ($a:expr, $d:ident, $e:ident, $k:ident, $op:ident; $y:literal) => {
        let b: [_; 5] = [
            $crate::backend::keccak::gather!($a, $d, $k, $op; 5 * $y),
            $crate::backend::keccak::gather!($a, $d, $k, $op; 5 * $y + 1),
            $crate::backend::keccak::gather!($a, $d, $k, $op; 5 * $y + 2),
            $crate::backend::keccak::gather!($a, $d, $k, $op; 5 * $y + 3),
            $crate::backend::keccak::gather!($a, $d, $k, $op; 5 * $y + 4),
        ];
        $e[5 * $y] = $op!(chi b[0], b[1], b[2]);
        $e[5 * $y + 1] = $op!(chi b[1], b[2], b[3]);
        $e[5 * $y + 2] = $op!(chi b[2], b[3], b[4]);
        $e[5 * $y + 3] = $op!(chi b[3], b[4], b[0]);
        $e[5 * $y + 4] = $op!(chi b[4], b[0], b[1]);
    };
}
#[cfg(target_arch = "x86_64")]
pub(crate) use chi_row;

/// B\[i\] = rol(A\[j\] ^ D\[j mod 5\], ρ\[j\]) for j = PI_SRC\[i\] (θ applied, then ρ, at π's place).
#[cfg(target_arch = "x86_64")]
macro_rules! gather {
    ($a:expr, $d:ident, $k:ident, $op:ident; $i:expr) => {
        $op!(
            rol $op!(xor $a[PI_SRC[$i]], $d[PI_SRC[$i] % 5]),
            RHO[PI_SRC[$i]],
            $k
        )
    };
}
#[cfg(target_arch = "x86_64")]
pub(crate) use gather;

/// The `u64` word operations of [`f1600_rounds`] (single lane).
#[cfg(target_arch = "x86_64")]
macro_rules! u64_op {
    (xor $x:expr, $y:expr) => {
        $x ^ $y
    };
    (xor3 $x:expr, $y:expr, $z:expr) => {
        $x ^ $y ^ $z
    };
    (frame) => {
        (&RC, ())
    };
    (rol $x:expr, $n:expr, $k:ident) => {
        ($x).rotate_left($n as u32)
    };
    (chi $x:expr, $y:expr, $z:expr) => {
        $x ^ (!$y & $z)
    };
    (splat $v:expr) => {
        $v
    };
}

#[cfg(target_arch = "x86_64")]
pub(crate) use u64_op;
