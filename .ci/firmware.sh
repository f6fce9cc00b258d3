#!/usr/bin/env bash
# CI for firmware/ (a standalone cargo project, not a workspace member): builds the Cortex-M4
# harness in release and runs it on QEMU's mps2-an386. The firmware checks ML-DSA-44/65/87
# keygen/sign/verify of both memory strategies against ACVP known answers (the repository's
# tests/vectors; the build fails if they are missing or altered), enforces the low-memory
# strategy's stack budgets (every set and operation) and prints the run time of every operation
# in executed instructions: QEMU runs with -icount shift=0 (its virtual clock advances 1 ns per
# instruction), which the firmware checks against a loop of known length before timing with
# SysTick. Its semihosting exit status is this script's verdict.
# Run from the repo root by .ci/run. Budget: about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add thumbv7em-none-eabihf
if ! command -v qemu-system-arm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y qemu-system-arm
fi

cd firmware
echo "== firmware: clippy (thumbv7em-none-eabihf)"
cargo clippy --locked --release -- -D warnings
echo "== firmware: build (release)"
cargo build --locked --release
elf=target/thumbv7em-none-eabihf/release/mldsa-firmware
if command -v llvm-size >/dev/null; then
    llvm-size "$elf"
    echo "== firmware: code size per strategy (probes: runtime alone, default only, lowmem only)"
    llvm-size target/thumbv7em-none-eabihf/release/size_{baseline,default,lowmem}
fi

echo "== firmware: run on qemu-system-arm -M mps2-an386"
log=target/firmware.log
status=0
timeout 180 qemu-system-arm -M mps2-an386 -nographic -icount shift=0 \
    -semihosting-config enable=on,target=native -kernel "$elf" </dev/null | tee "$log" ||
    status=$?
# The firmware prints the closing line only when every check and budget held.
if [ "$status" -ne 0 ] || ! grep -qE '^[0-9]+ passed, 0 failed$' "$log"; then
    echo "firmware: FAILED (qemu exit status $status): see the FAIL lines above" >&2
    exit 1
fi
echo "firmware: all checks passed"
