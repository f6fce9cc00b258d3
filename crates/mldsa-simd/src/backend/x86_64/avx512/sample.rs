//! Rejection sampling (FIPS 204, Algorithms 30-31): the AVX2 kernels (see `mod.rs` for why).

pub(super) use super::super::avx2::sample::{rej_eta, rej_uniform};
