//! The low-memory strategy: ML-DSA for devices with a few KiB of stack (after Bos, Renes and
//! Sprenkels, "Dilithium for Memory Constrained Devices", and Greconici, Kannwischer and
//! Sprenkels, "Compact Dilithium Implementations on Cortex-M3 and Cortex-M4").
//!
//! The choice is made at compile time by calling these functions instead of the key types:
//! they work on the FIPS 204 encodings in the caller's buffers (pk, expanded sk, signature) and
//! never materialise Â, a vector of polynomials, NTT forms of the secrets, or a second
//! polynomial next to the one being computed:
//! - t1, s1, s2, t0, z and y are read one coefficient at a time from their packed encodings
//!   (`packed.rs`); a rejection test runs on the encoding itself;
//! - a row of Â·v is one polynomial: each entry Â\[i\]\[j\] is generated coefficient by
//!   coefficient from SHAKE128 and multiplied into the row as it is produced, against NTT(v_j)
//!   computed a quarter at a time (`matrix.rs`);
//! - y is never stored as polynomials: ExpandMask's SHAKE256 output *is* BitPack(y, γ1 - 1, γ1)
//!   (Algorithms 19 and 34), so it is squeezed straight into the z field of the caller's
//!   signature buffer, and stays there until the attempt is accepted, when z = y + c·s1
//!   replaces it polynomial by polynomial;
//! - w1 is absorbed into the c̃ hash eight coefficients at a time as each row is produced;
//! - c is kept as its τ terms ±X^p; c·s1, c·s2 and c·t1·2^d are added into the row coefficient
//!   by coefficient from the packed operand, and c·t0 is computed one output coefficient at a
//!   time, without NTTs;
//! - the hint is kept as bits (k·32 bytes) and packed once the signature is accepted.
//!
//! Outputs are byte-identical to the default strategy (tested against it and against the
//! KATs); the price is time: k·ℓ NTTs and matrix entries per signing attempt instead of ℓ and
//! once per signature, each NTT input read four times, and the sparse products read from the
//! encodings.
//!
//! Constant-time behaviour matches the default strategy: secrets flow only through
//! branch-free arithmetic, memory indices depend only on public positions and on c (public,
//! see `ct.rs`), and the rejection tests go through [`crate::kernel::declassify`].

mod keygen;
mod matrix;
mod packed;
mod sign;
mod verify;

pub use keygen::{keygen, public_key};
pub use sign::{sign, sign_mu};
pub use verify::{verify, verify_mu};
