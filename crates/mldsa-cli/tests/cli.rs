//! Runs the built `mldsa` binary: round trips for every set, format and private-key form,
//! tampering, malformed files, standard input/output, overwrite protection, and
//! interoperability with pyca/cryptography (OpenSSL's ML-DSA).

use std::path::Path;
use std::process::Stdio;

mod common;
use common::*;

/// `mldsa keygen` of a key pair into files `k` and `p` (replacing them).
fn keygen_files(set: &str, format: &str, form: &str, k: &str, p: &str, dir: &Path) {
    let args = [
        "keygen",
        "--alg",
        set,
        "--format",
        format,
        "--key-form",
        form,
    ];
    let mut all = args.to_vec();
    all.extend(["-o", k, "--pub", p, "--force"]);
    expect(&all, dir, 0);
}

#[test]
fn round_trips_every_set_format_and_form() {
    let d = scratch("round");
    std::fs::write(d.join("msg"), b"the message").unwrap();
    for set in SETS {
        for format in ["pem", "der", "raw"] {
            for form in ["seed", "expanded", "both"] {
                if format == "raw" && form == "both" {
                    expect(
                        &[
                            "keygen",
                            "--alg",
                            set,
                            "--format",
                            format,
                            "--key-form",
                            form,
                            "-o",
                            "x",
                        ],
                        &d,
                        2,
                    );
                    continue;
                }
                let (k, p) = (
                    format!("{set}-{format}-{form}.key"),
                    format!("{set}-{format}-{form}.pub"),
                );
                keygen_files(set, format, form, &k, &p, &d);
                let mut key_args = vec!["-k", &k];
                let mut pub_args = vec!["-p", &p];
                if format == "raw" {
                    key_args.extend(["--key-format", "raw", "--alg", set]);
                    pub_args.extend(["--key-format", "raw"]);
                }
                let sig = format!("{set}-{format}-{form}.sig");
                let mut a = vec!["sign"];
                a.extend(&key_args);
                a.extend(["--context", "ctx", "-o", &sig, "msg"]);
                expect(&a, &d, 0);
                let mut v = vec!["verify"];
                v.extend(&pub_args);
                v.extend(["-s", &sig, "--context", "ctx", "msg"]);
                expect(&v, &d, 0);
                // The private key verifies too, and pubkey derives the same public key.
                let mut v2 = vec!["verify", "-p", &k];
                v2.extend(&key_args[2..]);
                v2.extend(["-s", &sig, "--context", "ctx", "msg"]);
                expect(&v2, &d, 0);
                let mut pk = vec!["pubkey", &k, "--format", format];
                if format == "raw" {
                    pk.extend(["--key-format", "raw", "--alg", set]);
                }
                let o = expect(&pk, &d, 0);
                assert_eq!(
                    o.stdout,
                    std::fs::read(d.join(&p)).unwrap(),
                    "{set} {format} {form}"
                );
            }
        }
    }
}

#[test]
fn tampering_and_contexts() {
    let d = scratch("tamper");
    std::fs::write(d.join("msg"), vec![7u8; 100_000]).unwrap();
    expect(&["keygen", "-o", "k.pem", "--pub", "p.pem"], &d, 0);
    expect(&["sign", "-k", "k.pem", "msg"], &d, 0);
    assert!(d.join("msg.sig").exists());
    expect(&["verify", "-p", "p.pem", "msg"], &d, 0);
    let sig = std::fs::read(d.join("msg.sig")).unwrap();
    for bit in [0usize, 8 * 100 + 3, 8 * 1000, 8 * (sig.len() - 1)] {
        let mut t = sig.clone();
        t[bit >> 3] ^= 1 << (bit & 7);
        std::fs::write(d.join("t.sig"), &t).unwrap();
        let o = expect(&["verify", "-p", "p.pem", "-s", "t.sig", "msg"], &d, 1);
        assert!(stderr(&o).contains("INVALID"));
    }
    let mut m = std::fs::read(d.join("msg")).unwrap();
    m[500] ^= 0x80;
    std::fs::write(d.join("msg2"), &m).unwrap();
    expect(&["verify", "-p", "p.pem", "-s", "msg.sig", "msg2"], &d, 1);
    expect(&["verify", "-p", "p.pem", "--context", "x", "msg"], &d, 1);
    let q = expect(
        &["verify", "-q", "-p", "p.pem", "--context", "x", "msg"],
        &d,
        1,
    );
    assert!(q.stdout.is_empty() && q.stderr.is_empty());
    // Contexts: text and hex agree; 255 bytes work, 256 are a usage error.
    expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--context",
            "AB",
            "-o",
            "c.sig",
            "msg",
        ],
        &d,
        0,
    );
    expect(
        &[
            "verify",
            "-p",
            "p.pem",
            "--context-hex",
            "4142",
            "-s",
            "c.sig",
            "msg",
        ],
        &d,
        0,
    );
    let c255 = "a".repeat(255);
    expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--context",
            &c255,
            "-o",
            "c255.sig",
            "msg",
        ],
        &d,
        0,
    );
    expect(
        &[
            "verify",
            "-p",
            "p.pem",
            "--context",
            &c255,
            "-s",
            "c255.sig",
            "msg",
        ],
        &d,
        0,
    );
    let o = expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--context",
            &"a".repeat(256),
            "-o",
            "c256.sig",
            "msg",
        ],
        &d,
        2,
    );
    assert!(stderr(&o).contains("255"));
    // Deterministic signatures repeat; hedged ones do not.
    expect(
        &["sign", "-k", "k.pem", "--deterministic", "-o", "d1", "msg"],
        &d,
        0,
    );
    expect(
        &["sign", "-k", "k.pem", "--deterministic", "-o", "d2", "msg"],
        &d,
        0,
    );
    expect(&["sign", "-k", "k.pem", "-o", "h1", "msg"], &d, 0);
    expect(&["sign", "-k", "k.pem", "-o", "h2", "msg"], &d, 0);
    let rd = |f: &str| std::fs::read(d.join(f)).unwrap();
    assert_eq!(rd("d1"), rd("d2"));
    assert_ne!(rd("h1"), rd("h2"));
    // HashML-DSA: verifies only as HashML-DSA with the same function.
    expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--prehash",
            "SHA2-512",
            "-o",
            "ph.sig",
            "msg",
        ],
        &d,
        0,
    );
    expect(
        &[
            "verify",
            "-p",
            "p.pem",
            "--prehash",
            "sha2-512",
            "-s",
            "ph.sig",
            "msg",
        ],
        &d,
        0,
    );
    expect(
        &[
            "verify",
            "-p",
            "p.pem",
            "--prehash",
            "SHA3-512",
            "-s",
            "ph.sig",
            "msg",
        ],
        &d,
        1,
    );
    expect(&["verify", "-p", "p.pem", "-s", "ph.sig", "msg"], &d, 1);
    expect(
        &["sign", "-k", "k.pem", "--prehash", "MD5", "-o", "x", "msg"],
        &d,
        2,
    );
}

#[test]
fn malformed_files_exit_2_with_a_message() {
    let d = scratch("malformed");
    std::fs::write(d.join("msg"), b"m").unwrap();
    expect(
        &[
            "keygen",
            "--alg",
            "ML-DSA-44",
            "-o",
            "k.pem",
            "--pub",
            "p.pem",
        ],
        &d,
        0,
    );
    expect(
        &[
            "keygen",
            "--alg",
            "ML-DSA-44",
            "--format",
            "der",
            "-o",
            "k.der",
            "--pub",
            "p.der",
        ],
        &d,
        0,
    );
    expect(&["sign", "-k", "k.pem", "msg"], &d, 0);
    let kder = std::fs::read(d.join("k.der")).unwrap();
    let pder = std::fs::read(d.join("p.der")).unwrap();
    let kpem = std::fs::read_to_string(d.join("k.pem")).unwrap();
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        ("truncated", kder[..kder.len() - 1].to_vec(), "truncated"),
        ("trailing", [kder.clone(), vec![0]].concat(), "trailing"),
        (
            "wrongpem",
            kpem.replace("PRIVATE KEY", "RSA PRIVATE KEY").into_bytes(),
            "label",
        ),
        ("badb64", kpem.replacen("M", "*", 1).into_bytes(), "Base64"),
        ("public-as-private", pder.clone(), "expected"),
    ];
    // Wrong OID: change the last arc 17 to 20.
    let mut oid = kder.clone();
    let pos = oid
        .windows(9)
        .position(|w| w == [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 17])
        .unwrap();
    oid[pos + 8] = 20;
    cases.push(("wrongoid", oid, "not ML-DSA"));
    // Seed of the wrong length inside the CHOICE.
    let mut short = kder.clone();
    let n = short.len();
    short[n - 33] = 31; // [0] length 32 -> 31 makes the structure inconsistent
    cases.push(("badseedlen", short, ""));
    for (name, bytes, needle) in &cases {
        std::fs::write(d.join(name), bytes).unwrap();
        let o = expect(
            &["sign", "-k", name, "-o", "out.sig", "--force", "msg"],
            &d,
            2,
        );
        let e = stderr(&o);
        assert!(e.contains(name), "{name}: message must name the file: {e}");
        assert!(e.contains(needle), "{name}: {e}");
        assert!(
            !d.join("out.sig").exists(),
            "{name}: nothing written on failure"
        );
    }
    // Public key files.
    let bad_pub: Vec<(&str, Vec<u8>)> = vec![
        ("p-empty", vec![]),
        ("p-trunc", pder[..pder.len() - 10].to_vec()),
        ("p-trailing", [pder.clone(), vec![1, 2]].concat()),
        (
            "p-label",
            std::fs::read_to_string(d.join("p.pem"))
                .unwrap()
                .replace("PUBLIC KEY", "CERTIFICATE")
                .into_bytes(),
        ),
    ];
    for (name, bytes) in &bad_pub {
        std::fs::write(d.join(name), bytes).unwrap();
        let o = expect(&["verify", "-p", name, "-s", "msg.sig", "msg"], &d, 2);
        assert!(stderr(&o).contains(name));
    }
    // Signature files of the wrong length are signatures that do not verify (exit 1), with
    // the length found and the set's.
    let sig = std::fs::read(d.join("msg.sig")).unwrap();
    for (name, bytes) in [
        ("s-trunc", sig[..100].to_vec()),
        ("s-long", [sig.clone(), vec![0]].concat()),
        ("s-empty", vec![]),
    ] {
        let n = bytes.len();
        std::fs::write(d.join(name), bytes).unwrap();
        let o = expect(&["verify", "-p", "p.pem", "-s", name, "msg"], &d, 1);
        assert!(
            stderr(&o).contains(&format!(
                "msg: signature INVALID (wrong length: {n} bytes, ML-DSA-44 has {})",
                sig.len()
            )),
            "{}",
            stderr(&o)
        );
    }
    // --alg must agree with the key.
    let o = expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--alg",
            "ML-DSA-87",
            "-o",
            "o.sig",
            "msg",
        ],
        &d,
        2,
    );
    assert!(
        stderr(&o).contains("k.pem: PKCS#8 algorithm is ML-DSA-44 but --alg says ML-DSA-87"),
        "{}",
        stderr(&o)
    );
    // A raw seed needs --alg.
    std::fs::write(d.join("seed.raw"), [1u8; 32]).unwrap();
    expect(&["pubkey", "seed.raw", "--key-format", "raw"], &d, 2);
    expect(
        &["pubkey", "seed.raw", "--key-format", "raw", "--alg", "65"],
        &d,
        0,
    );
    // Missing files and usage errors.
    expect(&["sign", "-k", "nope.pem", "msg"], &d, 2);
    expect(&["verify", "-p", "p.pem", "-"], &d, 2);
    expect(&["frobnicate"], &d, 2);
    expect(&["sign"], &d, 2);
}

#[test]
fn both_form_must_agree() {
    let d = scratch("both");
    // Two keys in both form; splice the seed of one into the other.
    expect(
        &[
            "keygen",
            "--key-form",
            "both",
            "--format",
            "der",
            "--seed",
            &"11".repeat(32),
            "-o",
            "a.der",
        ],
        &d,
        0,
    );
    let a = std::fs::read(d.join("a.der")).unwrap();
    let seed_at = a
        .windows(34)
        .position(|w| w[..2] == [0x04, 0x20] && w[2..] == [0x11; 32])
        .unwrap();
    let mut b = a.clone();
    b[seed_at + 2] ^= 1;
    std::fs::write(d.join("b.der"), &b).unwrap();
    std::fs::write(d.join("m"), b"x").unwrap();
    expect(&["sign", "-k", "a.der", "m"], &d, 0);
    let o = expect(&["sign", "-k", "b.der", "-o", "b.sig", "m"], &d, 2);
    assert!(stderr(&o).contains("do not belong together"));
}

#[test]
fn stdio_overwrite_permissions_and_inspect() {
    let d = scratch("stdio");
    let seed = "0f".repeat(32);
    let o = expect(&["keygen", "--seed", &seed], &d, 0);
    assert!(o.stdout.starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
    std::fs::write(d.join("k.pem"), &o.stdout).unwrap();
    expect(&["pubkey", "k.pem", "-o", "p.pem"], &d, 0);
    // Sign standard input to standard output, verify from standard input.
    let mut child = bin()
        .args(["sign", "-k", "k.pem", "-"])
        .current_dir(&d)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"streamed").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0);
    assert_eq!(out.stdout.len(), 3309);
    std::fs::write(d.join("s.sig"), &out.stdout).unwrap();
    let mut v = bin()
        .args(["verify", "-p", "p.pem", "-s", "s.sig", "-"])
        .current_dir(&d)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    v.stdin.take().unwrap().write_all(b"streamed").unwrap();
    assert_eq!(code(&v.wait_with_output().unwrap()), 0);
    // Overwrite protection, --force, and mode 0600 for private keys.
    let before = std::fs::read(d.join("p.pem")).unwrap();
    let o = expect(&["keygen", "-o", "new.pem", "--pub", "p.pem"], &d, 2);
    assert!(stderr(&o).contains("exists"));
    assert!(
        !d.join("new.pem").exists(),
        "nothing written when one output exists"
    );
    assert_eq!(std::fs::read(d.join("p.pem")).unwrap(), before);
    expect(
        &["keygen", "-o", "new.pem", "--pub", "p.pem", "--force"],
        &d,
        0,
    );
    assert_ne!(std::fs::read(d.join("p.pem")).unwrap(), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("new.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // inspect never prints the seed unless asked.
    let o = expect(&["inspect", "k.pem"], &d, 0);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("ML-DSA-65 private key") && text.contains("seed"));
    assert!(!text.contains(&seed));
    let o = expect(&["inspect", "--show-secret", "k.pem"], &d, 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains(&seed));
    let o = expect(&["inspect", "s.sig"], &d, 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ML-DSA-65 signature"));
    let o = expect(&["inspect", "p.pem"], &d, 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ML-DSA-65 public key"));
    expect(&["--help"], &d, 0);
    expect(&["sign", "--help"], &d, 0);
    let o = expect(&["--version"], &d, 0);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("mldsa "));
}

const PY: &str = r#"
import sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import mldsa
cmd = sys.argv[1]
def load_priv(p):
    d = open(p, 'rb').read()
    return s.load_pem_private_key(d, None) if d.startswith(b'-----') else s.load_der_private_key(d, None)
def load_pub(p):
    d = open(p, 'rb').read()
    return s.load_pem_public_key(d) if d.startswith(b'-----') else s.load_der_public_key(d)
if cmd == 'verify':          # pub msg sig ctxhex
    ctx = bytes.fromhex(sys.argv[5]) or None
    load_pub(sys.argv[2]).verify(open(sys.argv[4], 'rb').read(), open(sys.argv[3], 'rb').read(), ctx)
elif cmd == 'check-priv':    # key pub: our private key file loads and matches our public key
    k = load_priv(sys.argv[2])
    assert k.public_key().public_bytes_raw() == load_pub(sys.argv[3]).public_bytes_raw()
elif cmd == 'make':          # set dir ctxhex: pyca keys (its default PKCS#8 form) and signatures
    cls = {'44': mldsa.MLDSA44PrivateKey, '65': mldsa.MLDSA65PrivateKey, '87': mldsa.MLDSA87PrivateKey}[sys.argv[2]]
    d, ctx = sys.argv[3], bytes.fromhex(sys.argv[4]) or None
    k = cls.generate()
    open(d + '/py.pem', 'wb').write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
    open(d + '/py.der', 'wb').write(k.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption()))
    pub = k.public_key()
    open(d + '/pypub.pem', 'wb').write(pub.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
    open(d + '/pypub.der', 'wb').write(pub.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo))
    msg = b'signed by pyca'
    open(d + '/pymsg', 'wb').write(msg)
    open(d + '/pymsg.sig', 'wb').write(k.sign(msg, ctx))
print('ok')
"#;

#[test]
fn interoperates_with_pyca_cryptography() {
    let Some(python) = pyca() else { return };
    let d = scratch("pyca");
    std::fs::write(d.join("msg"), b"signed by mldsa").unwrap();
    for set in ["44", "65", "87"] {
        for ctx in ["", "636f6e74657874"] {
            // pyca reads our keys and verifies our signatures. (pyca/cryptography 50 loads only
            // the seed CHOICE of RFC 9881; the expanded and both forms are covered by the
            // round-trip and mismatch tests above.)
            for (format, form) in [("pem", "seed"), ("der", "seed")] {
                let (k, p, s) = (
                    format!("k{set}{form}.{format}"),
                    format!("p{set}{form}.{format}"),
                    format!("s{set}{form}{ctx}"),
                );
                keygen_files(set, format, form, &k, &p, &d);
                expect(
                    &[
                        "sign",
                        "-k",
                        &k,
                        "--context-hex",
                        ctx,
                        "-o",
                        &s,
                        "--force",
                        "msg",
                    ],
                    &d,
                    0,
                );
                py(&python, PY, &["verify", &p, "msg", &s, ctx], &d);
                py(&python, PY, &["check-priv", &k, &p], &d);
            }
            // We read pyca's keys (its default form) and verify its signatures, and it verifies ours
            // made with its key.
            py(&python, PY, &["make", set, d.to_str().unwrap(), ctx], &d);
            for pubfile in ["pypub.pem", "pypub.der", "py.pem"] {
                expect(
                    &["verify", "-p", pubfile, "--context-hex", ctx, "pymsg"],
                    &d,
                    0,
                );
            }
            expect(
                &["verify", "-p", "pypub.pem", "--context-hex", "ff", "pymsg"],
                &d,
                1,
            );
            expect(
                &[
                    "sign",
                    "-k",
                    "py.der",
                    "--context-hex",
                    ctx,
                    "-o",
                    "ours.sig",
                    "--force",
                    "msg",
                ],
                &d,
                0,
            );
            py(
                &python,
                PY,
                &["verify", "pypub.der", "msg", "ours.sig", ctx],
                &d,
            );
            let o = expect(&["inspect", "py.pem"], &d, 0);
            assert!(String::from_utf8_lossy(&o.stdout).contains("seed"));
        }
    }
}

/// `MLDSA_BACKEND` naming no backend, or one this CPU cannot run, is a usage error (exit 2 and
/// a message naming the variable), never a panic; a valid one is followed.
#[test]
fn invalid_mldsa_backend_is_a_usage_error() {
    let dir = scratch("backend-env");
    let lacking = if cfg!(target_arch = "aarch64") {
        "avx2"
    } else {
        "neon"
    };
    for (value, why) in [
        ("no-such-backend", "names no backend"),
        (lacking, "this CPU cannot run"),
    ] {
        let o = bin()
            .args(["keygen", "-o", "k.pem"])
            .env("MLDSA_BACKEND", value)
            .current_dir(&dir)
            .output()
            .expect("run mldsa");
        let err = stderr(&o);
        assert_eq!(code(&o), 2, "MLDSA_BACKEND={value}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("MLDSA_BACKEND") && err.contains(why), "{err}");
        assert!(!dir.join("k.pem").exists(), "no output on a usage error");
    }
    let o = bin()
        .args(["keygen", "-o", "k.pem"])
        .env("MLDSA_BACKEND", "portable")
        .current_dir(&dir)
        .output()
        .expect("run mldsa");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}
