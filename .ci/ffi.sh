#!/usr/bin/env bash
# CI for crates/mldsa-ffi, the C API: builds the static library (hosted, and thumbv7em without
# default features), the shared library (cargo rustc --crate-type cdylib), checks that the
# header declares exactly the exported symbols, compiles and runs the C tests (round trips,
# every error code, PQClean's SURF known answers hashed and compared with the published
# values of tests/vectors/NISTKAT.md), all of it again under valgrind memcheck, and the
# README's example against both libraries. Run from the repo root by .ci/run. Budget: ~3 min.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v valgrind >/dev/null || missing+=(valgrind)
command -v nm >/dev/null || missing+=(binutils)
command -v arm-none-eabi-gcc >/dev/null || missing+=(gcc-arm-none-eabi)
command -v qemu-system-arm >/dev/null || missing+=(qemu-system-arm)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
fi
rustup target add thumbv7em-none-eabihf

crate=crates/mldsa-ffi
out=target/ffi
mkdir -p "$out"

echo "== mldsa-ffi: the ACVP suite through the C functions on the low-memory strategy"
# (`cargo test --workspace` runs it on the default build; feature `lowmem` is the firmware's
# code path on the host.)
cargo test -p mldsa-ffi --release --features lowmem --test acvp

echo "== mldsa-ffi: static libraries (hosted: SIMD dispatch, and low-memory; thumbv7em-none-eabihf)"
cargo build -p mldsa-ffi --release --features lowmem
cp target/release/libmldsa_ffi.a "$out/libmldsa_ffi_lowmem.a"
cargo build -p mldsa-ffi --release
cargo build -p mldsa-ffi --release --target thumbv7em-none-eabihf --no-default-features
echo "== mldsa-ffi: shared library (cdylib, hosted)"
cargo rustc -p mldsa-ffi --release --lib --crate-type cdylib
lib=target/release/libmldsa_ffi.a
so=target/release/libmldsa_ffi.so

echo "== mldsa-ffi: the header declares exactly the exported functions"
grep -oE '^int (mldsa[0-9a-z_]+)\(' "$crate/include/mldsa.h" | sed 's/^int //; s/($//' |
    sort >"$out/declared"
rng_only='^mldsa(44|65|87)_(keypair|sign_randomized)$'
exported() { nm -g --defined-only "$1" 2>/dev/null | awk '$2 == "T" && $3 ~ /^mldsa/ { print $3 }' | sort -u; }
exported "$lib" >"$out/exported-hosted"
nm -D --defined-only "$so" | awk '$2 == "T" && $3 ~ /^mldsa/ { print $3 }' | sort -u >"$out/exported-so"
exported target/thumbv7em-none-eabihf/release/libmldsa_ffi.a >"$out/exported-thumb"
grep -vE "$rng_only" "$out/declared" >"$out/declared-no-rng"
diff -u "$out/declared" "$out/exported-hosted"
diff -u "$out/declared" "$out/exported-so"
diff -u "$out/declared-no-rng" "$out/exported-thumb"
echo "$(wc -l <"$out/declared") functions declared and exported (hosted .a and .so);" \
    "$(wc -l <"$out/exported-thumb") in the firmware build"

echo "== mldsa-ffi: C tests"
cflags=(-std=c99 -O1 -g -Wall -Wextra -Werror -pedantic -I "$crate/include")
libs=(-lpthread -ldl -lm)
# -rdynamic: the test's own getrandom() (which can be told to fail) is found by the library.
gcc "${cflags[@]}" -rdynamic "$crate/tests/c/ffi_test.c" "$lib" "${libs[@]}" \
    -o "$out/ffi_test"
gcc "${cflags[@]}" -DMLDSA_TEST_LOWMEM -rdynamic "$crate/tests/c/ffi_test.c" \
    "$out/libmldsa_ffi_lowmem.a" "${libs[@]}" -o "$out/ffi_test_lowmem"
echo "default strategy (SIMD dispatch):"
"$out/ffi_test"
echo "low-memory strategy:"
"$out/ffi_test_lowmem"
# The NIST-KAT-derived PQClean testvectors (test C of tests/kat/tests/nistkat.rs), through C.
published=$(grep -E '^\| C\. PQClean' tests/vectors/NISTKAT.md | awk -F'`' '{ print $2, $4, $6 }')
read -r want44 want65 want87 <<<"$published"
for t in ffi_test ffi_test_lowmem; do
    for set in 44 65 87; do
        want="want$set"
        got=$("$out/$t" kat "$set" | tee "$out/kat$set.txt" | sha256sum | cut -d' ' -f1)
        lines=$(wc -l <"$out/kat$set.txt")
        if [ "$got" != "${!want}" ] || [ "$lines" -ne 28 ]; then
            echo "$t ML-DSA-$set: testvectors through the C API hash to $got ($lines lines)," \
                "published ${!want}" >&2
            exit 1
        fi
        echo "$t ML-DSA-$set: PQClean testvectors through the C API match the published SHA-256"
    done
done

echo "== mldsa-ffi: valgrind memcheck (C tests and the ML-DSA-87 known answers, both strategies)"
vg=(valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite)
for t in ffi_test ffi_test_lowmem; do
    "${vg[@]}" "$out/$t"
    "${vg[@]}" "$out/$t" kat 87 | sha256sum | grep -q "^$want87 "
done
echo "valgrind: clean"

echo "== mldsa-ffi: the README example, against the static and the shared library"
# The README includes examples/example.c verbatim; check that it still does.
python3 - "$crate" <<'PY'
import sys
d = sys.argv[1]
example = open(f"{d}/examples/example.c").read()
readme = open(f"{d}/README.md").read()
assert "```c\n" + example + "```" in readme, "README.md must include examples/example.c verbatim"
PY
gcc "${cflags[@]}" "$crate/examples/example.c" "$lib" "${libs[@]}" -o "$out/example-static"
"$out/example-static"
gcc "${cflags[@]}" "$crate/examples/example.c" -L target/release -lmldsa_ffi -o "$out/example-shared"
LD_LIBRARY_PATH=target/release "$out/example-shared"
echo "== mldsa-ffi: a bare-metal C program on the firmware library (Cortex-M4, QEMU mps2-an386)"
# tests/firmware/main.c: the SURF records of the three sets, round trips and error codes, and
# the peak stack of each C function by stack painting, all on the device.
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -std=c99 -O2 -g \
    -Wall -Wextra -Werror -ffreestanding -nostdlib -I "$crate/include" \
    -T "$crate/tests/firmware/link.ld" "$crate/tests/firmware/main.c" \
    target/thumbv7em-none-eabihf/release/libmldsa_ffi.a -lgcc -Wl,--gc-sections \
    -Wl,-z,noexecstack -o "$out/firmware.elf"
status=0
timeout 300 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
    -kernel "$out/firmware.elf" </dev/null >"$out/firmware.log" 2>&1 || status=$?
grep -vE '^[0-9a-f]+$' "$out/firmware.log" | grep -v '^KAT '
if [ "$status" -ne 0 ] || ! grep -qE '^[0-9]+ checks, 0 failed$' "$out/firmware.log"; then
    echo "mldsa-ffi firmware: FAILED (qemu exit status $status)" >&2
    exit 1
fi
for set in 44 65 87; do
    want="want$set"
    got=$(sed -n "/^KAT $set BEGIN$/,/^KAT $set END$/p" "$out/firmware.log" | sed '1d;$d' |
        sha256sum | cut -d' ' -f1)
    if [ "$got" != "${!want}" ]; then
        echo "firmware ML-DSA-$set: testvectors hash to $got, published ${!want}" >&2
        exit 1
    fi
    echo "firmware ML-DSA-$set: PQClean testvectors through the C API match the published SHA-256"
done

echo "== mldsa-ffi: peak stack per C function, low-memory strategy (x86-64, stack painting)"
cargo run --release -p mldsa-ffi --features lowmem --example stack
echo "mldsa-ffi: all checks passed"
