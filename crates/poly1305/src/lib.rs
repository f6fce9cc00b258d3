#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(test)]
extern crate std;

mod backend;
#[cfg(feature = "universal-hash")]
mod uhf;

use backend::{Engine, Soft, Vector};
use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

#[doc(hidden)]
pub use backend::Backend;

/// Length of a one-time key `r || s` in bytes (RFC 8439 §2.5).
pub const KEY_SIZE: usize = 32;
/// Length of a Poly1305 block in bytes (RFC 8439 §2.5.1).
pub const BLOCK_SIZE: usize = 16;
/// Length of a tag in bytes (RFC 8439 §2.5.1).
pub const TAG_SIZE: usize = 16;

/// Bytes `update` collects before handing them to the block function: a
/// power of two and a multiple of every vector stride (and of the AVX-512
/// two-group step), so that a started kernel takes every flush whole; one
/// block where there are no vector kernels.
const BUF: usize = if cfg!(poly1305_simd) { 256 } else { BLOCK_SIZE };

/// A 32-byte one-time key: `r` (clamped by the MAC) followed by `s`.
///
/// RFC 8439 §2.5: a key must never authenticate two different messages.
pub type Key = [u8; KEY_SIZE];

/// A 16-byte Poly1305 tag. Equality is constant-time.
#[derive(Clone, Copy)]
pub struct Tag([u8; TAG_SIZE]);

impl Tag {
    /// The tag bytes (RFC 8439 §2.5.1: little-endian `(h + s) mod 2^128`).
    pub fn as_bytes(&self) -> &[u8; TAG_SIZE] {
        &self.0
    }

    /// Consumes the tag, returning its bytes.
    pub fn into_bytes(self) -> [u8; TAG_SIZE] {
        self.0
    }
}

impl From<[u8; TAG_SIZE]> for Tag {
    fn from(bytes: [u8; TAG_SIZE]) -> Self {
        Self(bytes)
    }
}

impl From<Tag> for [u8; TAG_SIZE] {
    fn from(tag: Tag) -> Self {
        tag.0
    }
}

impl AsRef<[u8]> for Tag {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl ConstantTimeEq for Tag {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for Tag {}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tag(")?;
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// Tag verification failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("poly1305: tag mismatch")
    }
}

impl core::error::Error for Error {}

/// Key, accumulator and r-powers: everything secret. Wiped on drop.
#[derive(Clone)]
struct Core {
    soft: Soft,
    s: [u8; 16],
    engine: Engine,
    vec: Vector,
}

impl Core {
    #[inline(always)]
    fn new(key: &Key, engine: Engine) -> Self {
        let (r, s) = key.split_at(16);
        let mut rb = [0u8; 16];
        rb.copy_from_slice(r);
        let mut sb = [0u8; 16];
        sb.copy_from_slice(s);
        let soft = Soft::new(&rb);
        rb.zeroize();
        Self {
            soft,
            s: sb,
            engine,
            vec: Vector::new(),
        }
    }

    /// Whole blocks; `data.len()` must be a multiple of 16. `len`: the
    /// message length, or the bytes seen so far when streaming.
    #[inline(always)]
    fn blocks(&mut self, data: &[u8], len: usize) {
        self.engine.blocks(&mut self.soft, &mut self.vec, data, len);
    }

    /// Absorbs `msg` (whole blocks, then the padded partial block, RFC 8439
    /// §2.5.1) and returns the tag; `len` as for [`Core::blocks`].
    #[inline(always)]
    fn finish(&mut self, msg: &[u8], len: usize) -> Tag {
        let full = msg.len() & !15;
        self.blocks(&msg[..full], len);
        self.engine.settle(&mut self.soft, &mut self.vec);
        let tail = &msg[full..];
        if !tail.is_empty() {
            // The partial block gets a 0x01 byte after the message and no
            // 2^128 bit (the length is public, so branching on it is fine).
            let mut last = [0u8; 16];
            last[..tail.len()].copy_from_slice(tail);
            last[tail.len()] = 1;
            self.soft.block(&last, 0);
        }
        Tag(self.soft.tag(&self.s))
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        self.soft.zeroize();
        self.s.zeroize();
        self.vec.zeroize();
    }
}

/// Computes the Poly1305 tag of `msg` under the one-time `key`
/// (RFC 8439 §2.5.1).
///
/// ```
/// let key = [7u8; 32];
/// let tag = poly1305_simd::mac(&key, b"attack at dawn");
/// assert!(poly1305_simd::Poly1305::new(&key).chain(b"attack at dawn").verify(&tag).is_ok());
/// ```
#[inline]
#[must_use]
pub fn mac(key: &Key, msg: &[u8]) -> Tag {
    Core::new(key, Engine::detect()).finish(msg, msg.len())
}

/// Streaming Poly1305 (RFC 8439 §2.5): `new`, any number of `update`
/// calls of any sizes, then `finalize` or `verify`.
///
/// The key, r-powers and accumulator are wiped when the value is dropped;
/// `Debug` shows only the backend.
#[derive(Clone)]
pub struct Poly1305 {
    core: Core,
    buf: [u8; BUF],
    len: usize,
    /// Bytes absorbed so far (saturating), for the dispatch threshold.
    seen: usize,
}

impl Poly1305 {
    /// Starts a MAC under the one-time `key`, using the fastest backend the
    /// CPU supports.
    #[inline]
    pub fn new(key: &Key) -> Self {
        Self::with_engine(key, Engine::detect())
    }

    #[inline(always)]
    fn with_engine(key: &Key, engine: Engine) -> Self {
        Self {
            core: Core::new(key, engine),
            buf: [0; BUF],
            len: 0,
            seen: 0,
        }
    }

    /// Starts a MAC with a forced backend, used from its length `threshold`
    /// on (its production threshold if `None`). `None` if the CPU or the
    /// build lacks it. For tests and benchmarks.
    #[doc(hidden)]
    pub fn new_forced(key: &Key, backend: Backend, threshold: Option<usize>) -> Option<Self> {
        Engine::forced(backend, threshold).map(|e| Self::with_engine(key, e))
    }

    /// The backend `new` picks on this CPU.
    #[doc(hidden)]
    pub fn detected_backend() -> Backend {
        Engine::detect().backend()
    }

    /// Absorbs `data`; chunk boundaries do not affect the tag.
    #[inline]
    pub fn update(&mut self, data: &[u8]) {
        self.seen = self.seen.saturating_add(data.len());
        // Small chunks only append to the buffer: inlined, no call.
        if data.len() < BUF - self.len {
            self.buf[self.len..self.len + data.len()].copy_from_slice(data);
            self.len += data.len();
        } else {
            self.absorb(data);
        }
    }

    /// Fills and flushes the buffer, absorbs whole buffers of `data`
    /// directly and keeps the rest.
    fn absorb(&mut self, mut data: &[u8]) {
        if self.len > 0 {
            let (head, rest) = data.split_at(BUF - self.len);
            self.buf[self.len..].copy_from_slice(head);
            self.core.blocks(&self.buf, self.seen);
            data = rest;
        }
        // Whole buffers only (BUF is a power of two and a multiple of every
        // kernel stride), so a started vector kernel keeps going.
        let full = data.len() & !(BUF - 1);
        self.core.blocks(&data[..full], self.seen);
        let rest = &data[full..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.len = rest.len();
    }

    /// [`update`](Self::update), by value.
    pub fn chain(mut self, data: &[u8]) -> Self {
        self.update(data);
        self
    }

    /// Returns the tag of everything absorbed.
    #[must_use]
    pub fn finalize(mut self) -> Tag {
        let (core, buf) = (&mut self.core, &self.buf[..self.len]);
        core.finish(buf, self.seen)
    }

    /// Checks `tag` in constant time.
    pub fn verify(self, tag: &Tag) -> Result<(), Error> {
        if bool::from(self.finalize().ct_eq(tag)) {
            Ok(())
        } else {
            Err(Error)
        }
    }
}

impl fmt::Debug for Poly1305 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poly1305")
            .field("backend", &self.core.engine.backend())
            .finish_non_exhaustive()
    }
}

/// One-shot MAC with a forced backend (see [`Poly1305::new_forced`]).
#[doc(hidden)]
pub fn mac_forced(
    backend: Backend,
    threshold: Option<usize>,
    key: &Key,
    msg: &[u8],
) -> Option<Tag> {
    Engine::forced(backend, threshold).map(|e| Core::new(key, e).finish(msg, msg.len()))
}
