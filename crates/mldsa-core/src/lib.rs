#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod backend;
mod challenge;
mod ct;
mod encode;
mod error;
mod field;
mod hash;
mod keccak;
pub mod kernel;
mod keygen;
mod keys;
pub mod lowmem;
mod ntt;
pub mod params;
#[cfg(feature = "pkcs8")]
pub mod pkcs8;
mod poly;
mod portable;
mod rounding;
mod sample;
mod sign;
#[cfg(feature = "signature")]
mod signature_traits;
mod verify;

pub use backend::Backend;
pub use error::Error;
pub use hash::{MuBuilder, PreHash, PreHashDigest, PreHasher};
pub use keys::{
    DETERMINISTIC, KeyCache, Prepared, PreparedSigningKey, PreparedVerifyingKey, Signature,
    SigningKey, Unprepared, VerifyingKey, WithMatrix,
};
pub use params::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};
pub use portable::Portable;
