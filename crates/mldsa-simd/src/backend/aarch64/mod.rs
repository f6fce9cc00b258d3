//! The aarch64 backend: NEON (`neon/`), built where the target enables NEON. [`Neon`] and
//! [`Auto`] run on 2-lane sponges.
#![allow(unsafe_code)]

mod neon;

use crate::backend::kernels::{Dispatch, forward_to_kernels, simd_backend};
use crate::backend::select::{self, AutoKernels, NeonToken};
use crate::backend::{Auto, Neon};
// The types of the kernel signatures, which `simd_backend!` spells as written in the list.
use mldsa_core::kernel::{Challenge, Poly, SmallPoly};
use subtle::Choice;

impl Dispatch<2> for Neon {
    type Kernels = Option<NeonToken>;
    #[inline]
    fn kernels() -> Self::Kernels {
        NeonToken::detect()
    }
}

impl Dispatch<2> for Auto {
    type Kernels = AutoKernels;
    #[inline]
    fn kernels() -> Self::Kernels {
        select::auto_kernels()
    }
}

simd_backend!(Neon, 2);
simd_backend!(Auto, 2);
