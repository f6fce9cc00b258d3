#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets into fuzz/corpus/<target>/ (git-ignored) from the
ACVP and Poly1305 vectors of the repository's tests/vectors. Each file is checked against the
length and SHA-256 that tests/vectors/SOURCE.md lists for it (as the Rust tests' kat-vectors
crate does); a missing or altered file stops the script. Each seed is laid out the way its
target reads its input (see fuzz_targets/*.rs)."""
import base64, gzip, hashlib, json, os, sys, zlib

here = os.path.dirname(os.path.abspath(__file__))
vectors = os.path.join(here, "..", "tests", "vectors")
out = os.path.join(here, "corpus")


def source_table():
    """SOURCE.md's table: original name -> (length, sha256 hex, stored name)."""
    lines = iter(l.strip() for l in open(os.path.join(vectors, "SOURCE.md"), encoding="utf-8"))
    for l in lines:
        if l == "| file | bytes | sha256 | stored as |":
            break
    else:
        sys.exit("tests/vectors/SOURCE.md: no file table")
    next(lines)  # the separator row
    table = {}
    for l in lines:
        if not l.startswith("|"):
            break
        name, size, sha, stored = (c.strip().strip("`") for c in l.strip("|").split("|"))
        table[name] = (int(size.replace(" ", "")), sha, stored)
    return table


TABLE = source_table()


def vector(name):
    """The checked original bytes of the vector file `name` (its name in SOURCE.md)."""
    if name not in TABLE:
        sys.exit("%s: not listed in tests/vectors/SOURCE.md" % name)
    size, sha, stored = TABLE[name]
    try:
        with open(os.path.join(vectors, stored), "rb") as f:
            data = gzip.decompress(f.read()) if stored.endswith(".gz") else f.read()
    except (OSError, EOFError, zlib.error) as e:  # missing file, damaged gzip stream
        sys.exit("tests/vectors/%s: %s" % (stored, e))
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        sys.exit("%s: does not match its length and SHA-256 in tests/vectors/SOURCE.md" % stored)
    return data


SETS = {"ML-DSA-44": 0, "ML-DSA-65": 1, "ML-DSA-87": 2}
PER_SET = 6


def write(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def sel(idx, top):
    """A selector byte s with s % 3 == idx and s >> 6 == top."""
    return next(s for s in range(top << 6, (top + 1) << 6) if s % 3 == idx)


def tests(name):
    for g in json.loads(vector("acvp/%s/prompt.json" % name))["testGroups"]:
        if g.get("parameterSet") not in SETS:
            continue
        for t in g["tests"][:PER_SET]:
            yield g, t


def der(tag, body):
    n = len(body)
    if n < 0x80:
        ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + body


def alg_id(idx):
    return der(0x30, der(0x06, bytes([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 17 + idx])))


def pem(label, body):
    b = base64.b64encode(body).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)).encode()


h = bytes.fromhex
for g, t in tests("ML-DSA-keyGen-FIPS204"):
    i = SETS[g["parameterSet"]]
    seed = h(t["seed"])
    write("sign_verify_roundtrip", bytes([i]) + seed + seed[::-1] + b"\x00" + b"seed corpus")
    write("decode_sk_expanded", bytes([sel(i, 0)]) + seed)
    write("verify", bytes([sel(i, 0), 3]) + b"abc" + b"\x00" + seed + b"\x02")
    write("keyfile", b"\x00" + pem("PRIVATE KEY", der(0x30, der(0x02, b"\x00") + alg_id(i) + der(0x04, der(0x80, seed)))))
    write("keyfile", bytes([3 | (i + 1) << 2]) + seed)
for g, t in tests("ML-DSA-sigVer-FIPS204"):
    i = SETS[g["parameterSet"]]
    pk, msg, ctx, sig = (h(t.get(k, "")) for k in ("pk", "message", "context", "signature"))
    write("decode_pk", bytes([i]) + pk)
    write("decode_sig", bytes([sel(i, 2)]) + sig)
    write("verify", bytes([sel(i, 2), min(len(msg), 255)]) + msg[:255] + bytes([min(len(ctx), 255)]) + ctx[:255] + pk + sig)
    write("mu_chunks", hashlib.sha512(pk).digest() + bytes([len(ctx) & 255]) + ctx[:255] + b"\x03\x01\x00\x07\x00\x40\x00" + msg)
    write("keyfile", b"\x00" + der(0x30, alg_id(i) + der(0x03, b"\x00" + pk)))
    write("keyfile", b"\x01" + pem("PUBLIC KEY", der(0x30, alg_id(i) + der(0x03, b"\x00" + pk))))
for g, t in tests("ML-DSA-sigGen-FIPS204"):
    i = SETS[g["parameterSet"]]
    if "sk" not in t:
        continue
    sk = h(t["sk"])
    write("decode_sk_expanded", bytes([sel(i, 2)]) + sk)
    write("keyfile", b"\x00" + der(0x30, der(0x02, b"\x00") + alg_id(i) + der(0x04, der(0x04, sk))))
for f in sorted(n for n in TABLE if n.startswith("poly1305/") and n.endswith(".txt")):
    n = 0
    for block in vector(f).decode().split("\n\n"):
        kv = dict(l.split("=", 1) for l in block.splitlines() if "=" in l and not l.startswith("#"))
        kv = {k.strip(): v.strip() for k, v in kv.items()}
        if "key" in kv and n < 12:
            n += 1
            write("poly1305_stream", h(kv["key"]) + bytes([n * 11 & 255, 2, 17, 0, 64, 0]) + h(kv.get("msg", "")))
rng = hashlib.shake_256(b"simd_vs_portable seeds")
blob = rng.digest(19 * 4 * 2100)
for k in range(19 * 4):
    write("simd_vs_portable", bytes([k % 19]) + blob[k * 2100:(k + 1) * 2100])
print("corpora in", out, {d: len(os.listdir(os.path.join(out, d))) for d in sorted(os.listdir(out))})
