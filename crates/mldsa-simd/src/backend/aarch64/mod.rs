//! The aarch64 backend: NEON (`neon/`), built where the target enables NEON. [`Neon`] and
//! [`Auto`] run on 2-lane sponges.
#![allow(unsafe_code)]

mod neon;

use crate::backend::kernels::{forward_to_kernels, simd_backend};
use crate::backend::select::{self, AutoKernels, NeonToken};
use crate::backend::{Auto, Neon};
// The types of the kernel signatures, which `simd_backend!` spells as written in the list.
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

simd_backend!(Neon, 2, Option<NeonToken> = NeonToken::detect());
simd_backend!(Auto, 2, AutoKernels = select::auto_kernels());
