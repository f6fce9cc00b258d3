//! The coefficient-wise kernels of every x86 vector width, written once: [`define_arith`]
//! expands them for a vector of `$w` 32-bit lanes (`__m256i` for AVX2, `__m512i` for
//! AVX-512) from that width's operations.

/// Defines, with `$features` enabled, the coefficient-wise kernels bit-for-bit equal to the
/// portable defaults of `mldsa_core::backend::Backend`: the NTT-domain products (one and a
/// row's sum), reduce32, caddq, Power2Round, Decompose, MakeHint, UseHint and the infinity-norm
/// check. Each is the branch-free scalar formula of `mldsa_core::{field, rounding}` applied to
/// `$w` lanes; no lane value selects a branch or a memory address.
///
/// `$op` is a macro giving the operations on `$vec`, `$w` lanes of 32 bits: `load` / `store`
/// of `&[i32; $w]`, `splat`, `zero`, `add`, `sub`, `and`, `or`, `xor`, `abs`, `mullo`, the
/// shifts `srai`, `srli`, `slli` (by a constant); for Montgomery products on 64-bit lane pairs
/// `srli64` (by 32), `mul` (`vpmuldq`: signed product of the even lanes), `add64` and
/// `blend_odd` (even lanes of the first, odd of the second); `sign_bits` (a `u32`, nonzero if
/// and only if some lane is negative) and `sum` (of the lanes, as i32).
macro_rules! define_arith {
    ($features:literal, $op:ident, $vec:ty, $w:literal) => {
        use mldsa_core::kernel::{
            DECOMPOSE_Q32_MUL, DECOMPOSE_Q32_SHIFT, DECOMPOSE_Q88_MUL, DECOMPOSE_Q88_SHIFT,
            GAMMA2_Q32, Poly, Q, QINV,
        };
        use subtle::Choice;

        /// `$w` lanes of 32 bits.
        type Vector = $vec;

        /// Montgomery reduction of 64-bit lane products (even lanes in `p_even`, odd lanes in
        /// `p_odd`), exactly `mldsa_core::kernel::montgomery_reduce` for |p| < 2^31·q:
        /// t = lo32(p)·q^-1 mod 2^32, r = hi32(p) - hi32(t·q) (the low halves of p and t·q are
        /// equal, so no borrow), |r| < q.
        #[inline]
        #[target_feature(enable = $features)]
        fn montgomery_reduce(p_even: Vector, p_odd: Vector) -> Vector {
            let q = $op!(splat Q);
            let qinv = $op!(splat QINV);
            let tq_even = $op!(mul $op!(mul p_even, qinv), q);
            let tq_odd = $op!(mul $op!(mul p_odd, qinv), q);
            let r_even = $op!(srli64 $op!(sub p_even, tq_even));
            let r_odd = $op!(sub p_odd, tq_odd);
            $op!(blend_odd r_even, r_odd)
        }

        /// The 64-bit products of the even lanes and of the odd lanes of `x` and `y`.
        #[inline]
        #[target_feature(enable = $features)]
        fn products(x: Vector, y: Vector) -> (Vector, Vector) {
            ($op!(mul x, y), $op!(mul $op!(srli64 x), $op!(srli64 y)))
        }

        /// c = a ∘ b · 2^-32. In |a·b| < 2^31·q lane-wise, out |c| < q.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn pointwise(c: &mut Poly, a: &Poly, b: &Poly) {
            let c = c.coeffs.as_chunks_mut::<$w>().0;
            let a = a.coeffs.as_chunks::<$w>().0;
            let b = b.coeffs.as_chunks::<$w>().0;
            for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
                let (p_even, p_odd) = products($op!(load a), $op!(load b));
                $op!(store c, montgomery_reduce(p_even, p_odd));
            }
        }

        /// c = Σ_j a_j ∘ b_j · 2^-32 with one reduction per coefficient. In a_j in [0, q),
        /// |b_j| < 9q, at most 7 terms: |Σ| < 7·9q² < 2^31·q (the 64-bit sums never overflow
        /// and stay in the Montgomery domain). Out |c| < q.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn pointwise_acc(c: &mut Poly, a: &[Poly], b: &[Poly]) {
            let c = c.coeffs.as_chunks_mut::<$w>().0;
            for (i, out) in c.iter_mut().enumerate() {
                let mut acc_even = $op!(zero);
                let mut acc_odd = $op!(zero);
                for (aj, bj) in a.iter().zip(b) {
                    let x = $op!(load & aj.coeffs.as_chunks::<$w>().0[i]);
                    let y = $op!(load & bj.coeffs.as_chunks::<$w>().0[i]);
                    let (p_even, p_odd) = products(x, y);
                    acc_even = $op!(add64 acc_even, p_even);
                    acc_odd = $op!(add64 acc_odd, p_odd);
                }
                $op!(store out, montgomery_reduce(acc_even, acc_odd));
            }
        }

        /// Applies `f` to every vector of `a` in place.
        #[inline]
        #[target_feature(enable = $features)]
        fn map(a: &mut Poly, f: impl Fn(Vector) -> Vector) {
            for x in a.coeffs.as_chunks_mut::<$w>().0 {
                $op!(store x, f($op!(load x)));
            }
        }

        /// x·q for the i32 lanes (q = 2^23 - 2^13 + 1), wrapping like `x * Q` never needs to.
        #[inline]
        #[target_feature(enable = $features)]
        fn times_q(x: Vector) -> Vector {
            $op!(add $op!(sub $op!(slli 23, x), $op!(slli 13, x)), x)
        }

        /// reduce32 lane-wise: t = (a + 2^22) >> 23, a - t·q. In a ≤ 2^31 - 2^22 - 1,
        /// out |a| ≤ 6283009.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn reduce(a: &mut Poly) {
            let half = $op!(splat 1 << 22);
            map(a, |x| {
                let t = $op!(srai 23, $op!(add x, half));
                $op!(sub x, times_q(t))
            });
        }

        /// caddq lane-wise: a + ((a >> 31) & q). In |a| < q, out [0, q).
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn caddq(a: &mut Poly) {
            let q = $op!(splat Q);
            map(a, |x| $op!(add x, $op!(and $op!(srai 31, x), q)));
        }

        /// Power2Round: r1 = (r + 2^12 - 1) >> 13, r0 = r - r1·2^13. In [0, q); out
        /// t1 < 2^10, t0 in (-2^12, 2^12].
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn power2round(t: &mut Poly, t0: &mut Poly) {
            let bias = $op!(splat (1 << 12) - 1);
            let t = t.coeffs.as_chunks_mut::<$w>().0;
            let t0 = t0.coeffs.as_chunks_mut::<$w>().0;
            for (a, b) in t.iter_mut().zip(t0.iter_mut()) {
                let r = $op!(load a);
                let r1 = $op!(srai 13, $op!(add r, bias));
                $op!(store a, r1);
                $op!(store b, $op!(sub r, $op!(slli 13, r1)));
            }
        }

        /// Decompose of one vector (`mldsa_core::kernel::decompose` lane-wise). In r in
        /// [0, q): ceil(r/128) ≤ 65473, so r1·M < 2^30 for both multipliers of Decompose's
        /// multiply-and-shift (no overflow); out (r1, r0).
        #[inline]
        #[target_feature(enable = $features)]
        fn decompose_v(r: Vector, q32: bool, gamma2: i32) -> (Vector, Vector) {
            let mut r1 = $op!(srai 7, $op!(add r, $op!(splat 127)));
            if q32 {
                // r1 = 16 only in the q - 1 case, masked to 0.
                r1 = $op!(mullo r1, $op!(splat DECOMPOSE_Q32_MUL));
                let half = $op!(splat 1 << (DECOMPOSE_Q32_SHIFT - 1));
                r1 = $op!(srai DECOMPOSE_Q32_SHIFT, $op!(add r1, half));
                r1 = $op!(and r1, $op!(splat 15));
            } else {
                // r1 = 44 only in the q - 1 case, mapped to 0.
                r1 = $op!(mullo r1, $op!(splat DECOMPOSE_Q88_MUL));
                let half = $op!(splat 1 << (DECOMPOSE_Q88_SHIFT - 1));
                r1 = $op!(srai DECOMPOSE_Q88_SHIFT, $op!(add r1, half));
                let over = $op!(srai 31, $op!(sub $op!(splat 43), r1));
                r1 = $op!(xor r1, $op!(and over, r1));
            }
            // r0 = r - r1·2γ2 (|r1·2γ2| < q), minus q when r0 > (q-1)/2.
            let mut r0 = $op!(sub r, $op!(mullo r1, $op!(splat 2 * gamma2)));
            let big = $op!(srai 31, $op!(sub $op!(splat (Q - 1) >> 1), r0));
            r0 = $op!(sub r0, $op!(and big, $op!(splat Q)));
            (r1, r0)
        }

        /// Decompose on every coefficient. In w in [0, q); out w1 in [0, (q-1)/2γ2),
        /// w0 in [-γ2, γ2].
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn decompose(gamma2: i32, w: &mut Poly, w0: &mut Poly) {
            let q32 = gamma2 == GAMMA2_Q32;
            let w = w.coeffs.as_chunks_mut::<$w>().0;
            let w0 = w0.coeffs.as_chunks_mut::<$w>().0;
            for (a, b) in w.iter_mut().zip(w0.iter_mut()) {
                let (r1, r0) = decompose_v($op!(load a), q32, gamma2);
                $op!(store a, r1);
                $op!(store b, r0);
            }
        }

        /// 1 in lanes where x ≠ 0, else 0.
        #[inline]
        #[target_feature(enable = $features)]
        fn nonzero(x: Vector) -> Vector {
            let neg = $op!(sub $op!(zero), x);
            $op!(srli 31, $op!(or x, neg))
        }

        /// MakeHint on every coefficient (`mldsa_core::kernel::make_hint`); returns the number
        /// of ones. In |r0| < 2γ2, r1 a Decompose high part.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn make_hint(gamma2: i32, h: &mut Poly, r0: &Poly, r1: &Poly) -> usize {
            let g = $op!(splat gamma2);
            let one = $op!(splat 1);
            // At most 32 ones per lane.
            let mut count = $op!(zero);
            let h = h.coeffs.as_chunks_mut::<$w>().0;
            let r0 = r0.coeffs.as_chunks::<$w>().0;
            let r1 = r1.coeffs.as_chunks::<$w>().0;
            for ((h, a), b) in h.iter_mut().zip(r0).zip(r1) {
                let (lo, hi) = ($op!(load a), $op!(load b));
                let above = $op!(srli 31, $op!(sub g, lo));
                let sum = $op!(add lo, g);
                let below = $op!(srli 31, sum);
                let at_edge = $op!(xor one, nonzero(sum));
                let hint = $op!(or $op!(or above, below), $op!(and at_edge, nonzero(hi)));
                $op!(store h, hint);
                count = $op!(add count, hint);
            }
            $op!(sum count) as usize
        }

        /// UseHint on every coefficient (`mldsa_core::kernel::use_hint`). In w in [0, q),
        /// h in {0, 1}.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn use_hint(gamma2: i32, w: &mut Poly, h: &Poly) {
            let q32 = gamma2 == GAMMA2_Q32;
            let zero = $op!(zero);
            let w = w.coeffs.as_chunks_mut::<$w>().0;
            let h = h.coeffs.as_chunks::<$w>().0;
            for (a, hv) in w.iter_mut().zip(h) {
                let (r1, r0) = decompose_v($op!(load a), q32, gamma2);
                // step = +1 when r0 > 0, -1 otherwise, masked by -h.
                let pos = $op!(and $op!(srai 31, $op!(sub zero, r0)), $op!(splat 2));
                let step = $op!(and
                    $op!(sub pos, $op!(splat 1)),
                    $op!(sub zero, $op!(load hv))
                );
                let v = $op!(add r1, step);
                let v = if q32 {
                    $op!(and v, $op!(splat 15))
                } else {
                    let m = $op!(splat 44);
                    let v = $op!(add v, $op!(and $op!(srai 31, v), m));
                    let over = $op!(srai 31, $op!(sub $op!(splat 43), v));
                    $op!(sub v, $op!(and over, m))
                };
                $op!(store a, v);
            }
        }

        /// Whether some |a| ≥ bound, branch-free: OR of the sign bits of bound - 1 - |a|.
        /// In |a| ≤ 6283009, 0 < bound ≤ (q-1)/8.
        #[inline]
        #[target_feature(enable = $features)]
        pub(crate) fn norm_exceeds(a: &Poly, bound: i32) -> Choice {
            let lim = $op!(splat bound - 1);
            let mut acc = $op!(zero);
            for x in a.coeffs.as_chunks::<$w>().0 {
                acc = $op!(or acc, $op!(sub lim, $op!(abs $op!(load x))));
            }
            let m: u32 = $op!(sign_bits acc);
            Choice::from(((m | m.wrapping_neg()) >> 31) as u8)
        }
    };
}
pub(crate) use define_arith;
