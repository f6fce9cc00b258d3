//! Backends and the single place that chooses between them.
//!
//! * [`soft64`] / [`soft32`]: portable, picked by `target_pointer_width`.
//! * `avx2` (x86-64): 4 blocks in parallel, 5 × 26-bit limbs, `vpmuludq`.
//! * `avx512` (x86-64): 8 blocks in parallel, 3 × 44-bit limbs, AVX-512 IFMA
//!   `vpmadd52luq` / `vpmadd52huq`.
//! * `neon` (aarch64): 4 blocks in parallel, 5 × 26-bit limbs, `umlal`.
//!
//! Every vector kernel computes the same thing. With `k` lanes, `n = k·t`
//! blocks `m_1..m_n` and incoming accumulator `h`, RFC 8439 §2.5.1 asks for
//! `h·r^n + Σ m_i·r^(n+1−i)`. Lane `j` owns blocks `j, j+k, j+2k, …` and is
//! multiplied by `r^k` between them; the lanes stay independent over the
//! whole input, across `update` calls too (they live in [`Vector`]), and
//! are only multiplied by `r^k … r^1` and summed once, when the scalar code
//! needs the accumulator ([`Engine::settle`]). A loop step takes two groups,
//! `a·r^2k + m1·r^k + m2`, so that the `m1` products do not wait for `a`.
//! Kernels are reached only through [`Engine`], which holds a detection
//! token for the instruction set it uses.
//!
//! [`soft64`]: self
//! [`soft32`]: self

#[cfg(target_pointer_width = "64")]
mod soft64;
#[cfg(target_pointer_width = "64")]
pub(crate) use soft64::Soft;

// Also compiled for the unit tests on 64-bit hosts, which check it against soft64.
#[cfg(any(test, not(target_pointer_width = "64")))]
mod soft32;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) use soft32::Soft;

#[cfg(poly1305_simd)]
mod simd;
#[cfg(poly1305_simd)]
pub(crate) use simd::Vector;

#[cfg(poly1305_x86)]
#[allow(unsafe_code)]
mod avx2;
#[cfg(poly1305_x86)]
#[allow(unsafe_code)]
mod avx512;
#[cfg(poly1305_neon)]
#[allow(unsafe_code)]
mod neon;

/// Without vector backends there is no vector state to keep.
#[cfg(not(poly1305_simd))]
#[derive(Clone)]
pub(crate) struct Vector;

#[cfg(not(poly1305_simd))]
impl Vector {
    /// Nothing to keep.
    #[inline(always)]
    pub(crate) const fn new() -> Self {
        Self
    }
}

#[cfg(not(poly1305_simd))]
impl zeroize::Zeroize for Vector {
    fn zeroize(&mut self) {}
}

/// Names of the backends, for forcing one in tests and benchmarks.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Portable (`soft64` or `soft32`).
    Soft,
    /// x86-64 AVX2, 4 lanes of 26-bit limbs.
    Avx2,
    /// x86-64 AVX-512 F + IFMA, 8 lanes of 44-bit limbs.
    Avx512Ifma,
    /// aarch64 NEON, 4 lanes of 26-bit limbs.
    Neon,
}

impl Backend {
    /// Every backend name, available on this machine or not.
    pub const ALL: [Backend; 4] = [Self::Soft, Self::Avx2, Self::Avx512Ifma, Self::Neon];
}

/// A kernel together with the proof that the CPU supports it.
#[derive(Clone, Copy)]
enum Kernel {
    Soft,
    #[cfg(poly1305_x86)]
    Avx2(avx2::Token),
    #[cfg(poly1305_x86)]
    Ifma(avx512::Token),
    #[cfg(poly1305_neon)]
    Neon,
}

/// The chosen kernel and the message length from which it is used.
#[derive(Clone, Copy)]
pub(crate) struct Engine {
    kernel: Kernel,
    threshold: usize,
}

impl Engine {
    /// Production dispatch: the best kernel this CPU supports, with its
    /// measured threshold (see the crate README).
    #[inline]
    pub(crate) fn detect() -> Self {
        #[cfg(poly1305_x86)]
        {
            if let Some(t) = avx512::Token::detect() {
                return Self {
                    kernel: Kernel::Ifma(t),
                    threshold: avx512::THRESHOLD,
                };
            }
            if let Some(t) = avx2::Token::detect() {
                return Self {
                    kernel: Kernel::Avx2(t),
                    threshold: avx2::THRESHOLD,
                };
            }
        }
        #[cfg(poly1305_neon)]
        {
            return Self {
                kernel: Kernel::Neon,
                threshold: neon::THRESHOLD,
            };
        }
        #[allow(unreachable_code)]
        Self {
            kernel: Kernel::Soft,
            threshold: usize::MAX,
        }
    }

    /// `backend` with `threshold` (or its production threshold), if this
    /// CPU and build support it.
    pub(crate) fn forced(backend: Backend, threshold: Option<usize>) -> Option<Self> {
        let (kernel, default) = match backend {
            Backend::Soft => (Kernel::Soft, usize::MAX),
            #[cfg(poly1305_x86)]
            Backend::Avx2 => (Kernel::Avx2(avx2::Token::detect()?), avx2::THRESHOLD),
            #[cfg(poly1305_x86)]
            Backend::Avx512Ifma => (Kernel::Ifma(avx512::Token::detect()?), avx512::THRESHOLD),
            #[cfg(poly1305_neon)]
            Backend::Neon => (Kernel::Neon, neon::THRESHOLD),
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        Some(Self {
            kernel,
            threshold: threshold.unwrap_or(default),
        })
    }

    /// Which backend this is.
    pub(crate) fn backend(&self) -> Backend {
        match self.kernel {
            Kernel::Soft => Backend::Soft,
            #[cfg(poly1305_x86)]
            Kernel::Avx2(_) => Backend::Avx2,
            #[cfg(poly1305_x86)]
            Kernel::Ifma(_) => Backend::Avx512Ifma,
            #[cfg(poly1305_neon)]
            Kernel::Neon => Backend::Neon,
        }
    }

    /// Absorbs whole blocks (`data.len()` a multiple of 16). `len` is the
    /// message length if known (one-shot) or the bytes seen so far
    /// (streaming); the vector kernel starts once it reaches the threshold.
    /// Once started, it keeps every whole multiple of its stride, so
    /// streaming does not recombine lanes per call.
    #[inline]
    pub(crate) fn blocks(&self, soft: &mut Soft, vec: &mut Vector, data: &[u8], len: usize) {
        #[cfg(poly1305_simd)]
        let data = if vec.active || len >= self.threshold {
            self.vector(soft, vec, data)
        } else {
            data
        };
        #[cfg(not(poly1305_simd))]
        let _ = len;
        if !data.is_empty() {
            self.settle(soft, vec);
            for b in data.chunks_exact(16) {
                let mut block = [0u8; 16];
                block.copy_from_slice(b);
                soft.block(&block, 1);
            }
        }
    }

    /// Moves the accumulator from the vector lanes back to `soft` (needed
    /// before scalar blocks and before the tag).
    #[inline]
    pub(crate) fn settle(&self, soft: &mut Soft, vec: &mut Vector) {
        #[cfg(poly1305_simd)]
        if vec.active {
            vec.active = false;
            let (key, lanes) = (&vec.key, &vec.lanes);
            soft.set_acc(match self.kernel {
                Kernel::Soft => return,
                #[cfg(poly1305_x86)]
                Kernel::Avx2(t) => avx2::finish(t, key, lanes),
                #[cfg(poly1305_x86)]
                Kernel::Ifma(t) => avx512::finish(t, key, lanes),
                #[cfg(poly1305_neon)]
                Kernel::Neon => neon::finish(key, lanes),
            });
        }
        #[cfg(not(poly1305_simd))]
        let _ = (soft, vec, self.threshold);
    }

    /// Runs the vector kernel on the longest prefix it takes; returns the rest.
    #[cfg(poly1305_simd)]
    #[inline]
    fn vector<'a>(&self, soft: &mut Soft, vec: &mut Vector, data: &'a [u8]) -> &'a [u8] {
        let stride = match self.kernel {
            Kernel::Soft => return data,
            #[cfg(poly1305_x86)]
            Kernel::Avx2(_) => avx2::STRIDE,
            #[cfg(poly1305_x86)]
            Kernel::Ifma(_) => avx512::STRIDE,
            #[cfg(poly1305_neon)]
            Kernel::Neon => neon::STRIDE,
        };
        let n = data.len() - (data.len() & (stride - 1));
        if n == 0 {
            return data;
        }
        let (bulk, rest) = data.split_at(n);
        if !vec.keyed {
            match self.kernel {
                Kernel::Soft => {}
                #[cfg(poly1305_x86)]
                Kernel::Avx2(t) => avx2::precompute(t, soft, &mut vec.key),
                #[cfg(poly1305_x86)]
                Kernel::Ifma(t) => avx512::precompute(t, soft, &mut vec.key),
                #[cfg(poly1305_neon)]
                Kernel::Neon => neon::precompute(soft, &mut vec.key),
            }
            vec.keyed = true;
        }
        // Starting: the kernel takes the scalar accumulator into its lanes.
        let start = (!vec.active).then(|| soft.acc());
        vec.active = true;
        let (key, lanes) = (&vec.key, &mut vec.lanes);
        match self.kernel {
            Kernel::Soft => {}
            #[cfg(poly1305_x86)]
            Kernel::Avx2(t) => avx2::absorb(t, key, lanes, start.as_ref(), bulk),
            #[cfg(poly1305_x86)]
            Kernel::Ifma(t) => avx512::absorb(t, key, lanes, start.as_ref(), bulk),
            #[cfg(poly1305_neon)]
            Kernel::Neon => neon::absorb(key, lanes, start.as_ref(), bulk),
        }
        rest
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    //! The 32-bit portable backend against the 64-bit one (the 32-bit one
    //! only runs natively on 32-bit targets; CI builds it for thumbv7em).
    use super::{soft32, soft64};
    use proptest::prelude::*;
    use std::vec;

    fn both(key: &[u8; 32], msg: &[u8]) -> ([u8; 16], [u8; 16]) {
        let (r, s) = key.split_at(16);
        let (r, s): (&[u8; 16], &[u8; 16]) = (r.try_into().unwrap(), s.try_into().unwrap());
        let (mut a, mut b) = (soft32::Soft::new(r), soft64::Soft::new(r));
        for chunk in msg.chunks(16) {
            // Whole blocks get the 2^128 bit, a partial one a 0x01 byte.
            let mut block = [0u8; 16];
            block[..chunk.len()].copy_from_slice(chunk);
            let hibit = u64::from(chunk.len() == 16);
            if hibit == 0 {
                block[chunk.len()] = 1;
            }
            a.block(&block, hibit);
            b.block(&block, hibit);
        }
        (a.tag(s), b.tag(s))
    }

    proptest! {
        #[test]
        fn soft32_matches_soft64(
            key in prop_oneof![Just([0xff; 32]), any::<[u8; 32]>()],
            msg in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..600),
                (0usize..600).prop_map(|n| vec![0xff; n]),
            ],
        ) {
            let (a, b) = both(&key, &msg);
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn soft32_reduction_edges() {
        // r = 1: h is a plain sum; all-0xff blocks drive it across 2^130 − 5.
        let mut key = [0xff; 32];
        key[..16].fill(0);
        key[0] = 1;
        for n in 0..80 {
            let (a, b) = both(&key, &vec![0xff; n]);
            assert_eq!(a, b, "{n}");
        }
    }
}
