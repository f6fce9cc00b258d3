//! Constant-time glue: the declassification points and a wiping wrapper for secrets.
//!
//! Secrets (ξ, ρ′, K, s1, s2, t0, rnd, ρ″, y, and everything computed from them) flow only
//! through branch-free arithmetic with public memory indices. A secret-derived fact becomes
//! public only through a function of this module, so a checker (valgrind memcheck with the
//! secrets marked undefined, see `tests/ct` and `SECURITY.md`) can allow exactly these and
//! nothing else. What is revealed, and why:
//! - [`declassify`]: each rejection test of the signing loop (FIPS 204, Algorithm 7, lines 23
//!   and 28): whether ‖z‖∞ ≥ γ1 - β, ‖r0‖∞ ≥ γ2 - β, ‖ct0‖∞ ≥ γ2, or the hint weight exceeds ω
//!   — hence the number of iterations. The distribution of these decisions is independent of
//!   the key (the rejection-sampling argument of the scheme).
//! - [`declassify`]: which half-bytes ExpandS rejects (Algorithm 31, [`crate::sample::rej_eta`]):
//!   only the accept/reject bit of each half-byte, never its value. Rejection is independent of
//!   the accepted coefficients (a rejected half-byte is uniform on the rejected set).
//! - [`declassify`]: the validity verdicts of an imported expanded secret key: s1 and s2 in
//!   range (`SigningKey::from_expanded` and the low-memory signer), t0 and tr consistent with
//!   ρ, s1, s2 (`SigningKey::from_expanded`).
//! - [`declassify_bytes`], [`declassify_u64`]: the accept mask of each group of half-bytes in
//!   the ExpandS kernels (the same fact as above, 16 at a time in the portable kernel, eight
//!   or 64 at a time in SIMD ones).
//! - [`declassify_bytes`]: c̃ of each signing iteration, right after it is squeezed. It is
//!   output for the accepted iteration; for a rejected one it is a hash of a commitment w1 that
//!   is never revealed. SampleInBall branches and indexes memory on it.
//! - [`declassify_bytes`]: ρ on entry to ExpandA: it is the first field of the public key
//!   (in key generation it is computed from ξ).
//! - [`declassify_bytes`]: the hint of the accepted signature, just before it is encoded into
//!   the output (Algorithm 20 branches on its bits).
//!
//! How: each function is a load from a static table at the secret-derived index (`black_box`ed
//! so the compiler cannot fold it away), `#[inline(never)]` so that checkers can name it: the
//! address computation is the one reported use of the secret, and the loaded value comes from
//! public memory.

use core::ops::{Deref, DerefMut};
use subtle::Choice;
use zeroize::{DefaultIsZeroes, Zeroize};

/// 0 and 1 as `bool`s, read at a secret-derived index by [`declassify`].
static BOOLS: [bool; 2] = [false, true];

/// The identity on bytes, read at secret-derived indices by [`declassify_bytes`].
static IDENTITY: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i as u8;
        i += 1;
    }
    t
};

/// Makes a secret-derived decision public (see the module documentation for which ones).
#[inline(never)]
pub fn declassify(c: Choice) -> bool {
    core::hint::black_box(&BOOLS)[(c.unwrap_u8() & 1) as usize]
}

/// Makes secret-derived bytes public in place, value unchanged (see the module documentation
/// for which ones).
#[inline(never)]
pub fn declassify_bytes(bytes: &mut [u8]) {
    let table = core::hint::black_box(&IDENTITY);
    for b in bytes.iter_mut() {
        *b = table[*b as usize];
    }
}

/// [`declassify_bytes`] on the eight bytes of a word, in registers: no byte-wise stores for a
/// word-wide load to wait on (SIMD ExpandS reveals eight accept masks at a time this way).
#[inline(never)]
pub fn declassify_u64(w: u64) -> u64 {
    let table = core::hint::black_box(&IDENTITY);
    let mut out = 0u64;
    for i in 0..8 {
        // (No closure here: the table load must sit in this function for the checker's
        // suppression, which names it.)
        out |= (table[((w >> (8 * i)) & 0xff) as usize] as u64) << (8 * i);
    }
    out
}

/// [`declassify_u64`] on each word (the bit-per-coefficient hint).
pub fn declassify_words(words: &mut [u64]) {
    for w in words.iter_mut() {
        *w = declassify_u64(*w);
    }
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

/// A buffer of plain values (bytes, words) wiped when it goes out of scope, with one bulk write
/// and an optimisation barrier: zeroize's slice path. `Secret<[T; M]>` would wipe it with a
/// volatile store per element, which for the kilobyte scratch of a per-call kernel costs more
/// than the kernel.
pub struct SecretArray<T: DefaultIsZeroes, const M: usize>(pub [T; M]);

impl<T: DefaultIsZeroes, const M: usize> Drop for SecretArray<T, M> {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

impl<T: DefaultIsZeroes, const M: usize> Deref for SecretArray<T, M> {
    type Target = [T; M];
    fn deref(&self) -> &[T; M] {
        &self.0
    }
}

impl<T: DefaultIsZeroes, const M: usize> DerefMut for SecretArray<T, M> {
    fn deref_mut(&mut self) -> &mut [T; M] {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declassification_keeps_values() {
        assert!(!declassify(Choice::from(0)));
        assert!(declassify(Choice::from(1)));
        let mut all: [u8; 256] = core::array::from_fn(|i| i as u8);
        declassify_bytes(&mut all);
        assert!(all.iter().enumerate().all(|(i, &b)| b as usize == i));
    }
}
