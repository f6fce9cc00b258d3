#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod backend;
pub mod challenge;
pub mod ct;
pub mod encode;
mod error;
pub mod field;
mod hash;
pub mod keccak;
mod keygen;
mod keys;
pub mod lowmem;
pub mod ntt;
pub mod params;
#[cfg(feature = "pkcs8")]
pub mod pkcs8;
pub mod poly;
pub mod rounding;
pub mod sample;
mod sign;
#[cfg(feature = "signature")]
mod signature_traits;
mod verify;

pub use backend::{Backend, Portable};
pub use error::Error;
pub use hash::{MuBuilder, PreHash, PreHashDigest, PreHasher};
pub use keys::{
    DETERMINISTIC, KeyCache, Prepared, PreparedSigningKey, PreparedVerifyingKey, Signature,
    SigningKey, Unprepared, VerifyingKey, WithMatrix,
};
pub use params::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};
