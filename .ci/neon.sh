#!/usr/bin/env bash
# CI for the NEON backend of mldsa-simd (crates/mldsa-simd/src/backend/aarch64/neon), called from the
# repo root like the other .ci scripts. Cross-compiles for aarch64-unknown-linux-gnu and runs the
# tests under qemu-user (user mode, so the KAT vectors in tests/vectors are read directly):
#   1. clippy for aarch64 (kernels, tests), warnings denied;
#   2. mldsa-simd's tests: every NEON kernel, the 2-lane SHAKE and whole keys and signatures
#      against the portable ones (tests/differential.rs, unit tests of neon/keccak.rs), with
#      Auto on NEON and on portable;
#   3. the plain-NEON Keccak path again on a CPU model without FEAT_SHA3 (qemu's default "max"
#      CPU has it, so step 2 runs the EOR3/RAX1/XAR/BCAX permutation);
#   4. the known-answer tests (ACVP, NIST KAT) for aarch64, which include the Neon backend.
# Release builds throughout: the qemu runs are slow otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=aarch64-unknown-linux-gnu
rustup target add "$TARGET"
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y gcc-aarch64-linux-gnu qemu-user
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"

echo "== neon: clippy (aarch64)"
cargo clippy --target "$TARGET" -p mldsa-simd --all-targets -- -D warnings
cargo clippy --target "$TARGET" -p mldsa-simd --no-default-features -- -D warnings

echo "== neon: mldsa-simd tests under qemu-aarch64 (FEAT_SHA3 Keccak)"
cargo test -p mldsa-simd --release --target "$TARGET"

echo "== neon: Auto forced to portable"
MLDSA_BACKEND=portable cargo test -p mldsa-simd --release --target "$TARGET" --test differential --test auto

echo "== neon: plain NEON Keccak (qemu CPU model without FEAT_SHA3)"
QEMU_CPU=cortex-a72 cargo test -p mldsa-simd --release --target "$TARGET" --lib --test differential

echo "== neon: known-answer tests (ACVP, NIST KAT) for aarch64"
cargo test -p mldsa-kat --release --target "$TARGET" --test acvp --test nistkat
