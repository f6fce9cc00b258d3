//! Decides, once per target, which vector backends are compiled in.
//!
//! `poly1305_x86`: x86-64 (AVX2 and AVX-512 IFMA kernels, chosen at run time).
//! `poly1305_neon`: little-endian aarch64 with NEON (chosen at compile time).
//! `poly1305_simd`: either of them. The `force-soft` feature disables all.

use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(poly1305_x86, poly1305_neon, poly1305_simd)");
    println!("cargo::rerun-if-changed=build.rs");
    if env::var_os("CARGO_FEATURE_FORCE_SOFT").is_some() {
        return;
    }
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let width = env::var("CARGO_CFG_TARGET_POINTER_WIDTH").unwrap_or_default();
    let endian = env::var("CARGO_CFG_TARGET_ENDIAN").unwrap_or_default();
    let features = env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let simd = if arch == "x86_64" && width == "64" {
        println!("cargo::rustc-cfg=poly1305_x86");
        true
    } else if arch == "aarch64" && endian == "little" && features.split(',').any(|f| f == "neon") {
        println!("cargo::rustc-cfg=poly1305_neon");
        true
    } else {
        false
    };
    if simd {
        println!("cargo::rustc-cfg=poly1305_simd");
    }
}
