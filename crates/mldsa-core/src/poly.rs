//! Polynomials of R_q = Z_q\[X\]/(X^256 + 1) and the element-wise helpers the algorithms use.

use zeroize::Zeroize;

/// Degree of the ring R_q = Z_q\[X\]/(X^256 + 1).
pub const N: usize = 256;

/// A polynomial with 256 signed coefficients. Which range the coefficients are in (standard
/// [0, q), centred, or lazily reduced) is stated by each function that produces one. Aligned to
/// 64 bytes so SIMD backends can use aligned loads.
#[derive(Clone, PartialEq, Eq)]
#[repr(C, align(64))]
pub struct Poly {
    /// The coefficients, constant term first (or the NTT-domain values, bit-reversed order).
    pub coeffs: [i32; N],
}

impl Poly {
    /// The zero polynomial.
    pub const ZERO: Poly = Poly { coeffs: [0; N] };

    /// `self += other`, coefficient-wise, without reduction.
    #[inline]
    pub fn add_assign(&mut self, other: &Poly) {
        for (a, b) in self.coeffs.iter_mut().zip(other.coeffs.iter()) {
            *a += *b;
        }
    }

    /// `self -= other`, coefficient-wise, without reduction.
    #[inline]
    pub fn sub_assign(&mut self, other: &Poly) {
        for (a, b) in self.coeffs.iter_mut().zip(other.coeffs.iter()) {
            *a -= *b;
        }
    }

    /// Multiplies every coefficient by 2^d (d = 13), as for t1·2^d in verification.
    #[inline]
    pub fn shift_left_d(&mut self) {
        for a in self.coeffs.iter_mut() {
            *a <<= crate::params::D;
        }
    }
}

impl Default for Poly {
    fn default() -> Self {
        Poly::ZERO
    }
}

impl Zeroize for Poly {
    /// One bulk write and a barrier (the slice path; the array impl would store each
    /// coefficient separately, volatile).
    fn zeroize(&mut self) {
        self.coeffs.as_mut_slice().zeroize();
    }
}

/// A polynomial with coefficients in [-η, η] (s1 or s2 of a private key) as one signed byte
/// each: a quarter of a [`Poly`]'s memory, and the operand of the sparse challenge products
/// ([`Challenge`](crate::kernel::Challenge)). Aligned to 32 bytes for SIMD loads.
#[derive(Clone, PartialEq, Eq)]
#[repr(C, align(32))]
pub struct SmallPoly {
    /// The coefficients, constant term first.
    pub coeffs: [i8; N],
}

impl SmallPoly {
    /// The zero polynomial.
    pub const ZERO: SmallPoly = SmallPoly { coeffs: [0; N] };

    /// The coefficients of `p`, which must be exact small values (|c| ≤ 127), as bytes.
    pub fn from_poly(p: &Poly) -> Self {
        debug_assert!(p.coeffs.iter().all(|c| (-127..=127).contains(c)));
        SmallPoly {
            coeffs: core::array::from_fn(|i| p.coeffs[i] as i8),
        }
    }

    /// Widens the coefficients into `out`.
    pub fn to_poly(&self, out: &mut Poly) {
        for (o, &c) in out.coeffs.iter_mut().zip(self.coeffs.iter()) {
            *o = c as i32;
        }
    }
}

impl Default for SmallPoly {
    fn default() -> Self {
        SmallPoly::ZERO
    }
}

impl Zeroize for SmallPoly {
    fn zeroize(&mut self) {
        self.coeffs.as_mut_slice().zeroize();
    }
}

impl core::fmt::Debug for SmallPoly {
    /// Small polynomials are private-key parts: never printed.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SmallPoly([..])")
    }
}

impl core::fmt::Debug for Poly {
    /// Polynomials may hold secrets (s1, y, ...), so their coefficients are never printed.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Poly([..])")
    }
}

/// Schoolbook product in Z\[X\]/(X^256 + 1), exactly (the definition the tests check the NTT
/// and the sparse products against).
#[cfg(test)]
pub(crate) fn schoolbook(a: &Poly, b: &Poly) -> [i64; N] {
    let mut r = [0i64; N];
    for i in 0..N {
        for j in 0..N {
            let p = a.coeffs[i] as i64 * b.coeffs[j] as i64;
            if i + j < N {
                r[i + j] += p;
            } else {
                r[i + j - N] -= p;
            }
        }
    }
    r
}
