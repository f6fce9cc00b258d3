//! Constant-time glue: the one declassification point and a wiping wrapper for secrets.
//!
//! What signing reveals on purpose, and only through [`declassify`]:
//! - each rejection test of the signing loop (FIPS 204, Algorithm 7, lines 23 and 28): whether
//!   ‖z‖∞ ≥ γ1 - β, ‖r0‖∞ ≥ γ2 - β, ‖ct0‖∞ ≥ γ2, or the hint weight exceeds ω — hence the number of
//!   iterations. The distribution of these decisions is independent of the key (the
//!   rejection-sampling argument of the scheme).
//!
//! Treated as public without a call here, with the reason:
//! - c̃ of each iteration: it is output for the accepted one, and for a rejected one it is a
//!   hash of a commitment that is never revealed;
//! - which half-bytes ExpandS rejects (Algorithm 31): independent of the accepted coefficients;
//! - the validity verdict of an imported expanded secret key.

use core::ops::{Deref, DerefMut};
use subtle::Choice;
use zeroize::Zeroize;

/// The single point where a secret-derived decision becomes public: the accept/reject
/// decisions of the signing loop.
#[inline(never)]
pub fn declassify(c: Choice) -> bool {
    bool::from(c)
}

/// A value that is wiped when it goes out of scope (intermediate secrets: y, cs1, ρ′, ...).
pub struct Secret<T: Zeroize>(pub T);

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> Deref for Secret<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> DerefMut for Secret<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}
