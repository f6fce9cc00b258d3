//! One row of Â·v (FIPS 204, Algorithm 32 ExpandA with the NTT products of Algorithms 6, 7
//! and 8) in one polynomial of memory: Â's entries are streamed from SHAKE128 and NTT(v_j) is
//! computed a block at a time from v's packed encoding.

use super::packed::Packed;
use crate::ct::SecretArray;
use crate::field::{mont_mul, reduce32};
use crate::keccak::Shake128;
use crate::ntt::{inv_ntt_coeffs, ntt_block};
use crate::params::{N, ParameterSet};
use crate::sample::coeff_from_three_bytes;

/// Coefficients of NTT(v_j) held at a time: a quarter of the transform (256 bytes), computed
/// by [`ntt_block`] at the price of 4 reads of each input and about 1.25× the NTT's products.
pub const BLOCK: usize = N >> 2;

/// The coefficients of Â\[r\]\[s\] = RejNTTPoly(ρ ‖ s ‖ r) (FIPS 204, Algorithm 30), one at a time,
/// read three bytes at a time straight from the sponge (no block buffer). One stream serves
/// every entry of a row, restarted in place.
struct UniformStream {
    xof: Shake128,
}

impl UniformStream {
    /// Restarts the stream on entry (r, s).
    fn start(&mut self, rho: &[u8; 32], r: usize, s: usize) {
        self.xof.reset();
        self.xof.update(rho).update(&[s as u8, r as u8]);
        self.xof.finalize();
    }

    fn next(&mut self) -> i32 {
        let mut b = [0u8; 3];
        loop {
            self.xof.squeeze(&mut b);
            if let Some(c) = coeff_from_three_bytes(&b) {
                return c;
            }
        }
    }
}

/// acc = NTT^-1(Σ_j Â\[i\]\[j\] ∘ NTT(v_j)) with v_j read from its encoding `v(j)` (|v| < q): for each j, Â\[i\]\[j\] is streamed in coefficient order while NTT(v_j) is
/// produced block by block by [`ntt_block`], so besides `acc` only [`BLOCK`] coefficients
/// (wiped afterwards) and one SHAKE128 state are live. Every Montgomery product is < q, the
/// sum of ℓ ≤ 7 of them is < 7q and is reduced below q before the inverse NTT, whose output
/// has |acc| < q.
#[inline(never)]
pub fn matrix_row<'a, P: ParameterSet>(
    rho: &[u8; 32],
    i: usize,
    acc: &mut [i32; N],
    v: impl Fn(usize) -> Packed<'a>,
) {
    let mut block = SecretArray([0i32; BLOCK]);
    let mut a = UniformStream {
        xof: Shake128::new(),
    };
    *acc = [0; N];
    for j in 0..P::L {
        a.start(rho, i, j);
        let vj = v(j);
        for (b, out) in acc.chunks_exact_mut(BLOCK).enumerate() {
            ntt_block(&mut block, b, |n| vj.coeff(n));
            for (x, &y) in out.iter_mut().zip(block.iter()) {
                *x += mont_mul(a.next(), y);
            }
        }
    }
    for x in acc.iter_mut() {
        *x = reduce32(*x);
    }
    inv_ntt_coeffs(acc);
}
