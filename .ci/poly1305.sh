#!/usr/bin/env bash
# CI for crates/poly1305 (poly1305-simd), called by .ci/run from the repo root.
# x86-64: `cargo test --workspace` already runs every backend this CPU has
# (the tests force each one); here: the force-soft build, the no_std 32-bit
# portable backend for thumbv7em, and the NEON backend on aarch64 under qemu.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add aarch64-unknown-linux-gnu thumbv7em-none-eabihf
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y gcc-aarch64-linux-gnu qemu-user
fi

echo "== poly1305: backends on this CPU"
cargo test -p poly1305-simd --release --test kat -- --nocapture backends_in_use

echo "== poly1305: universal-hash traits against RustCrypto poly1305"
cargo test -p poly1305-simd --release --features universal-hash

echo "== poly1305: portable backend forced by the force-soft feature"
cargo test -p poly1305-simd --release --features force-soft,universal-hash

echo "== poly1305: 32-bit portable backend (5 x 26 limbs), no_std, thumbv7em-none-eabihf"
cargo build -p poly1305-simd --release --target thumbv7em-none-eabihf
cargo clippy -p poly1305-simd --target thumbv7em-none-eabihf -- -D warnings

echo "== poly1305: NEON backend, aarch64 under qemu-user"
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
    cargo test -p poly1305-simd --release --target aarch64-unknown-linux-gnu --features universal-hash

echo "== poly1305: package (no test vectors shipped)"
if cargo package -p poly1305-simd --allow-dirty --list | grep -vx '.cargo_vcs_info.json' |
    grep -E '\.(json|rsp|txt|gz|zst|xz)$'; then
    echo "poly1305: test vectors must not be packaged" >&2
    exit 1
fi
cargo package -p poly1305-simd --allow-dirty
