#!/usr/bin/env bash
# The portable code on other targets, under qemu-user (user mode: the vectors of tests/vectors
# are read directly), with Debian's cross gcc as linker:
#   s390x-unknown-linux-gnu   big-endian, 64-bit (where encoders and Keccak glue break);
#   i686-unknown-linux-gnu    32-bit x86, u64 arithmetic emulated (`i686` argument);
#   riscv64gc-unknown-linux-gnu  (`riscv64` argument);
#   wasm32-unknown-unknown    builds only: mldsa-core and mldsa-simd without default features
#                             (`wasm32` argument);
#   wasm32-wasip1             on Node's WASI (`wasip1` argument, .ci/wasi-run.mjs): mldsa-core's
#                             unit tests, the ACVP / NIST KAT / low-memory known answers, and
#                             the C API's ACVP suite on both strategies and header checks (no C
#                             test: no C toolchain for WASI is installed).
# On each: mldsa-core's unit tests; the known-answer subset that proves the bytes, every set and
# every vector file (mldsa-kat's ACVP suite on the portable backend and mldsa-simd's Auto,
# the NIST KAT / PQClean / mldsa-native records, the ACVP suite on the low-memory strategy);
# the C API: its ACVP suite on both strategies and the header checks, and the C test
# (round trips, every error code, the PQClean SURF records hashed against the published values)
# cross-compiled and run. Not here: proptests and differential tests under emulation (slow;
# they run natively on x86-64). i686 runs the NIST KAT records, the header check and the C tests
# (PQClean's records through the C API) but none of the ACVP suites: qemu-i386 runs them at a
# twentieth to a thirtieth of qemu-s390x's speed (the default strategy's two suites took 103 s
# and 154 s on an Intel Xeon host in 2026-12-07's CI, against 4 s and 5 s on s390x; the
# low-memory ones 285 s and 334 s before that), which put the whole CI over its 30 minutes.
# The ACVP suites' 32-bit run is wasm32-wasip1's (32-bit pointers and usize), and the
# Cortex-M4's (.ci/firmware.sh, ACVP answers of both strategies). Usage: .ci/cross.sh [target-alias ...] (default: s390x).
# Run from the repo root by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

run_target() {
    # suites: all (default), or records (no ACVP suite; see above).
    local target=$1 gcc=$2 pkgs=$3 qemu=$4 sysroot=$5 suites=${6:-all}
    echo "== cross: $target"
    rustup target add "$target"
    if ! command -v "$gcc" >/dev/null || ! command -v "$qemu" >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        # shellcheck disable=SC2086
        apt-get install -y $pkgs qemu-user
    fi
    local env_target
    env_target=$(echo "$target" | tr 'a-z-' 'A-Z_')
    export "CARGO_TARGET_${env_target}_LINKER=$gcc"
    export "CARGO_TARGET_${env_target}_RUNNER=$qemu -L $sysroot"

    echo "== cross $target: mldsa-core unit tests"
    cargo test -p mldsa-core --release --target "$target" --lib
    if [ "$suites" = records ]; then
        echo "== cross $target: known answers (NIST KAT records); the C API's header"
        cargo test -p mldsa-kat --release --target "$target" --test nistkat
        cargo test -p mldsa-ffi --release --target "$target" --test header
    else
        echo "== cross $target: known answers (ACVP, NIST KAT records); the C API (ACVP, header)"
        cargo test -p mldsa-kat --release --target "$target" --test acvp --test nistkat
        cargo test -p mldsa-ffi --release --target "$target" --test acvp --test header
    fi
    if [ "$suites" = all ]; then
        echo "== cross $target: the low-memory strategy's ACVP suites (known answers, C API)"
        cargo test -p mldsa-kat --release --target "$target" --test lowmem
        cargo test -p mldsa-ffi --release --target "$target" --features lowmem --test acvp
    fi

    echo "== cross $target: C tests of the C API"
    cargo build -p mldsa-ffi --release --target "$target"
    local out=target/ffi/$target
    mkdir -p "$out"
    "$gcc" -std=c99 -O1 -Wall -Wextra -Werror -pedantic -I crates/mldsa-ffi/include -rdynamic \
        crates/mldsa-ffi/tests/c/ffi_test.c "target/$target/release/libmldsa_ffi.a" \
        -lpthread -ldl -lm -o "$out/ffi_test"
    "$qemu" -L "$sysroot" "$out/ffi_test"
    local published want44 want65 want87
    published=$(grep -E '^\| C\. PQClean' tests/vectors/NISTKAT.md | awk -F'`' '{ print $2, $4, $6 }')
    read -r want44 want65 want87 <<<"$published"
    for set in 44 65 87; do
        local want="want$set" got
        got=$("$qemu" -L "$sysroot" "$out/ffi_test" kat "$set" | sha256sum | cut -d' ' -f1)
        if [ "$got" != "${!want}" ]; then
            echo "$target ML-DSA-$set: C API testvectors hash to $got, published ${!want}" >&2
            exit 1
        fi
        echo "$target ML-DSA-$set: PQClean testvectors through the C API match the published SHA-256"
    done
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(s390x)
for t in "${targets[@]}"; do
    case "$t" in
    s390x)
        run_target s390x-unknown-linux-gnu s390x-linux-gnu-gcc \
            "gcc-s390x-linux-gnu libc6-dev-s390x-cross" qemu-s390x /usr/s390x-linux-gnu
        ;;
    i686)
        run_target i686-unknown-linux-gnu i686-linux-gnu-gcc \
            "gcc-i686-linux-gnu libc6-dev-i386-cross" qemu-i386 /usr/i686-linux-gnu records
        ;;
    riscv64)
        run_target riscv64gc-unknown-linux-gnu riscv64-linux-gnu-gcc \
            "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross" qemu-riscv64 /usr/riscv64-linux-gnu
        ;;
    wasm32)
        echo "== cross: wasm32-unknown-unknown (build only)"
        rustup target add wasm32-unknown-unknown
        cargo build -p mldsa-core --release --target wasm32-unknown-unknown
        cargo build -p mldsa-core --release --target wasm32-unknown-unknown --no-default-features
        cargo build -p mldsa-simd --release --target wasm32-unknown-unknown --no-default-features
        ;;
    wasip1)
        echo "== cross: wasm32-wasip1 on Node's WASI"
        command -v node >/dev/null || { apt-get update && apt-get install -y nodejs; }
        rustup target add wasm32-wasip1
        export CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings --single-threaded $PWD/.ci/wasi-run.mjs"
        cargo test -p mldsa-core --release --target wasm32-wasip1 --lib
        cargo test -p mldsa-kat --release --target wasm32-wasip1 --test acvp --test nistkat --test lowmem
        cargo test -p mldsa-ffi --release --target wasm32-wasip1 --test acvp --test header
        cargo test -p mldsa-ffi --release --target wasm32-wasip1 --features lowmem --test acvp
        ;;
    *)
        echo "unknown target alias $t (s390x, i686, riscv64, wasm32, wasip1)" >&2
        exit 2
        ;;
    esac
done
echo "cross: all checks passed (${targets[*]})"
