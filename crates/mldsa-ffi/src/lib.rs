//! The C API of the mldsa stack: FIPS 204 ML-DSA-44, -65 and -87 in the shapes of
//! mldsa-native and PQClean, declared in `include/mldsa.h` (see the README).
//!
//! Two builds from one source:
//! - feature `std` (default, hosted): the default strategy on mldsa-simd's run-time dispatch
//!   (`Auto`), plus the functions that draw randomness from the operating system
//!   (`mldsaXX_keypair`, `mldsaXX_sign_randomized`);
//! - without it (firmware): mldsa-core's low-memory strategy on the caller's buffers
//!   ([`mldsa_core::lowmem`]), no RNG; a panic handler is provided on `target_os = "none"`;
//! - feature `lowmem` selects the low-memory strategy in a hosted build too (to test and
//!   measure the firmware's code path on the host).
//!
//! Every exported function validates its pointers and lengths before doing anything, returns a
//! [`Status`] value, writes its outputs only on success (results are computed into locals and
//! copied out at the end) and wipes the local copies of secrets. No code path at the boundary
//! panics: every fallible step is a `Result` mapped to a status.
#![no_std]

#[cfg(feature = "std")]
extern crate std;

mod engine;
mod ffi;

pub use ffi::*;

/// A function's result, as the `MLDSA_*` values of `mldsa.h` (returned as a C `int`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A required pointer is NULL (a data pointer may be NULL only with length 0).
    NullPointer = -1,
    /// A length is wrong: a signature length other than the set's, a pre-hash digest length
    /// other than its function's, or a length over `PTRDIFF_MAX`.
    BadLength = -2,
    /// The context string is longer than 255 bytes.
    BadContextLength = -3,
    /// The signature does not verify (or is malformed: non-canonical hint, z out of range).
    InvalidSignature = -4,
    /// The expanded secret key is malformed (s1/s2 out of range, or t0/tr inconsistent).
    MalformedKey = -5,
    /// The operating system's RNG failed.
    RngFailure = -6,
    /// The pre-hash identifier is not one of `mldsa_prehash`.
    BadPrehash = -7,
    /// The μ context was not initialised by `mldsaXX_mu_init` (or was already finalised).
    BadState = -8,
}

impl From<mldsa_core::Error> for Status {
    fn from(e: mldsa_core::Error) -> Self {
        use mldsa_core::Error as E;
        match e {
            E::ContextTooLong { .. } => Status::BadContextLength,
            E::MalformedHint | E::ResponseOutOfRange | E::VerificationFailed => {
                Status::InvalidSignature
            }
            E::SecretOutOfRange | E::InconsistentSecretKey => Status::MalformedKey,
            // InvalidLength, and any error a later mldsa-core adds (the enum is non_exhaustive).
            _ => Status::BadLength,
        }
    }
}

/// The firmware build's panic handler. No exported function can panic (every input is
/// validated and every fallible step returns a status), so this is never reached; if it were,
/// the device stops here rather than unwinding into C.
#[cfg(all(not(feature = "std"), target_os = "none", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
