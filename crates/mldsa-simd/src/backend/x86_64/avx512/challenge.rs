//! The sparse challenge product c·s: the AVX2 kernel (a zmm one would halve the loads per term;
//! not written yet).

pub(super) use super::super::avx2::challenge::challenge_mul;
