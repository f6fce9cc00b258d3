//! Runs the built `mldsa` binary: encrypted private keys (every set and format, wrong
//! passphrases, truncated and tampered files, `passwd`), the capped whole-file reads, the
//! messages for raw files and wrong lengths, `sign`'s order of checks, external μ (`mldsa mu`,
//! `sign --mu`), and encrypted-key interoperability with pyca/cryptography both ways.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::*;

const SIG_LEN: [usize; 3] = [2420, 3309, 4627];
const PK_LEN: [usize; 3] = [1312, 1952, 2592];
const DAMAGED: &str = "wrong passphrase or damaged key file";

/// The passphrase environment used throughout.
const PW: [(&str, &str); 2] = [("PW", "correct horse"), ("PW2", "battery staple")];

/// `mldsa keygen --passphrase-env PW` with `extra` arguments; it must succeed.
fn keygen_with_pw(extra: &[&str], dir: &Path) {
    let mut args = vec!["keygen", "--passphrase-env", "PW"];
    args.extend_from_slice(extra);
    expect_env(&args, dir, &PW, 0);
}

/// `mldsa sign -k k.pem --mu-file MU -o SIG`, then `mldsa verify -p p.pem EXTRA -s SIG msg`:
/// both must succeed.
fn sign_mu_and_verify(mu: &str, sig: &str, verify_extra: &[&str], dir: &Path) {
    let sign = ["sign", "-k", "k.pem", "--mu-file", mu, "-o", sig, "--force"];
    expect(&sign, dir, 0);
    let mut verify = vec!["verify", "-p", "p.pem"];
    verify.extend_from_slice(verify_extra);
    verify.extend(["-s", sig, "msg"]);
    expect(&verify, dir, 0);
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn encrypted_keys_round_trip_every_set_and_format() {
    let d = scratch("enc");
    std::fs::write(d.join("msg"), b"a message").unwrap();
    std::fs::write(d.join("pass.txt"), b"correct horse\n").unwrap();
    for set in SETS {
        for format in ["pem", "der"] {
            let (k, p) = (format!("{set}.{format}"), format!("{set}.pub.{format}"));
            keygen_with_pw(
                &["--alg", set, "--format", format, "-o", &k, "--pub", &p],
                &d,
            );
            let bytes = std::fs::read(d.join(&k)).unwrap();
            if format == "pem" {
                assert!(bytes.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
            } else {
                // EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID pbes2 ...
                let pbes2 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
                assert!(bytes[..24].windows(9).any(|w| w == pbes2));
            }
            let o = expect_env(&["inspect", "--passphrase-env", "PW", &k], &d, &PW, 0);
            let text = stdout(&o);
            assert!(text.contains(&format!("{set} private key")), "{text}");
            assert!(
                text.contains("encrypted")
                    && text.contains("scrypt (N = 2^14, r = 8, p = 12), AES-256-CBC"),
                "{text}"
            );
            let sig = format!("{set}.{format}.sig");
            expect_env(
                &[
                    "sign",
                    "-k",
                    &k,
                    "--passphrase-file",
                    "pass.txt",
                    "-o",
                    &sig,
                    "msg",
                ],
                &d,
                &PW,
                0,
            );
            expect(&["verify", "-p", &p, "-s", &sig, "msg"], &d, 0);
            // The encrypted private key verifies too, and pubkey derives the same public key.
            expect_env(
                &[
                    "verify",
                    "-p",
                    &k,
                    "--passphrase-env",
                    "PW",
                    "-s",
                    &sig,
                    "msg",
                ],
                &d,
                &PW,
                0,
            );
            let o = expect_env(
                &["pubkey", &k, "--passphrase-env", "PW", "--format", format],
                &d,
                &PW,
                0,
            );
            assert_eq!(o.stdout, std::fs::read(d.join(&p)).unwrap());
        }
    }
    // The other private-key forms encrypt too, and keep their form.
    for form in ["expanded", "both"] {
        let k = format!("{form}.pem");
        expect_env(
            &[
                "keygen",
                "--encrypt",
                "--passphrase-env",
                "PW",
                "--key-form",
                form,
                "-o",
                &k,
            ],
            &d,
            &PW,
            0,
        );
        let o = expect_env(&["inspect", "--passphrase-env", "PW", &k], &d, &PW, 0);
        let want = if form == "both" {
            "both (seed"
        } else {
            "expandedKey"
        };
        assert!(stdout(&o).contains(want), "{}", stdout(&o));
        expect_env(
            &[
                "sign",
                "-k",
                &k,
                "--passphrase-env",
                "PW",
                "-o",
                "f.sig",
                "--force",
                "msg",
            ],
            &d,
            &PW,
            0,
        );
    }
    // A raw key cannot be encrypted.
    let o = expect_env(
        &[
            "keygen",
            "--format",
            "raw",
            "--passphrase-env",
            "PW",
            "-o",
            "r.raw",
        ],
        &d,
        &PW,
        2,
    );
    assert!(stderr(&o).contains("raw key files cannot be encrypted"));
    assert!(!d.join("r.raw").exists());
}

#[test]
fn wrong_passphrase_and_damaged_files_exit_2() {
    let d = scratch("damage");
    std::fs::write(d.join("msg"), b"m").unwrap();
    keygen_with_pw(
        &["--alg", "ML-DSA-44", "--format", "der", "-o", "k.der"],
        &d,
    );
    keygen_with_pw(&["--alg", "ML-DSA-44", "-o", "k.pem"], &d);
    let before = files_in(&d);
    let refused = |key: &str, pass_var: &str, d: &Path| {
        let o = expect_env(
            &[
                "sign",
                "-k",
                key,
                "--passphrase-env",
                pass_var,
                "-o",
                "out.sig",
                "msg",
            ],
            d,
            &PW,
            2,
        );
        let e = stderr(&o);
        assert!(e.contains(key) && e.contains(DAMAGED), "{key}: {e}");
        assert!(!d.join("out.sig").exists(), "{key}: no output on failure");
    };
    refused("k.der", "PW2", &d);
    refused("k.pem", "PW2", &d);
    // Truncated at many lengths (DER and PEM).
    let der = std::fs::read(d.join("k.der")).unwrap();
    let pem = std::fs::read(d.join("k.pem")).unwrap();
    // (From 24 bytes on: a shorter stump no longer shows the PBES2 OID that marks the file.)
    let mut cuts: Vec<usize> = (24..der.len()).collect();
    cuts.extend([der.len() - 1, der.len() - 16, der.len() - 17]);
    for n in cuts {
        std::fs::write(d.join("t.der"), &der[..n]).unwrap();
        refused("t.der", "PW", &d);
    }
    for n in [40, pem.len() >> 1, pem.len() - 30] {
        std::fs::write(d.join("t.pem"), &pem[..n]).unwrap();
        refused("t.pem", "PW", &d);
    }
    // Tampered: the salt, the IV, the scrypt parameters' neighbourhood and the last ciphertext
    // blocks (AES-CBC has no authentication: a change inside the encrypted seed bytes can
    // decrypt to a different seed, which no reader can tell from the right one; the README
    // says so).
    let salt_at = der
        .windows(2)
        .position(|w| w == [0x04, 0x10])
        .expect("16-byte salt")
        + 2;
    let iv_at = salt_at
        + 16
        + der[salt_at + 16..]
            .windows(2)
            .position(|w| w == [0x04, 0x10])
            .expect("16-byte IV")
        + 2;
    for at in [
        salt_at,
        salt_at + 15,
        iv_at,
        iv_at + 3,
        der.len() - 1,
        der.len() - 20,
    ] {
        let mut t = der.clone();
        t[at] ^= 0x04;
        std::fs::write(d.join("x.der"), &t).unwrap();
        refused("x.der", "PW", &d);
    }
    // Passphrase sources: a missing variable, an empty passphrase file.
    let o = expect(
        &[
            "sign",
            "-k",
            "k.der",
            "--passphrase-env",
            "NOPE_UNSET",
            "-o",
            "o.sig",
            "msg",
        ],
        &d,
        2,
    );
    assert!(
        stderr(&o).contains("NOPE_UNSET is not set"),
        "{}",
        stderr(&o)
    );
    std::fs::write(d.join("empty.txt"), b"\n").unwrap();
    let o = expect(
        &[
            "sign",
            "-k",
            "k.der",
            "--passphrase-file",
            "empty.txt",
            "-o",
            "o.sig",
            "msg",
        ],
        &d,
        2,
    );
    assert!(stderr(&o).contains("empty passphrase"), "{}", stderr(&o));
    // Without a source and without a terminal, a clear error (only checkable when this test
    // itself has no controlling terminal: otherwise the command would ask on it).
    if std::fs::File::open("/dev/tty").is_err() {
        fails_with(
            &["sign", "-k", "k.der", "-o", "o.sig", "msg"],
            &d,
            "--passphrase-file",
        );
    }
    // Nothing but the files written here: no output and no temporary files were left.
    let mut after = files_in(&d);
    after.retain(|f| !["t.der", "t.pem", "x.der", "empty.txt"].contains(&f.as_str()));
    assert_eq!(after, before);
}

#[test]
fn passwd_changes_adds_and_removes_a_passphrase() {
    let d = scratch("passwd");
    std::fs::write(d.join("msg"), b"m").unwrap();
    std::fs::write(d.join("new.txt"), b"battery staple\r\n").unwrap();
    let seed = "5a".repeat(32);
    expect(
        &[
            "keygen", "--seed", &seed, "--format", "der", "-o", "k.der", "--pub", "p.der",
        ],
        &d,
        0,
    );
    let plain = std::fs::read(d.join("k.der")).unwrap();
    // Add a passphrase.
    expect_env(
        &["passwd", "--new-passphrase-env", "PW", "k.der"],
        &d,
        &PW,
        0,
    );
    let enc1 = std::fs::read(d.join("k.der")).unwrap();
    assert_ne!(enc1, plain);
    assert!(!enc1.starts_with(b"-----"), "the format (DER) is kept");
    expect_env(
        &[
            "sign",
            "-k",
            "k.der",
            "--passphrase-env",
            "PW",
            "-o",
            "1.sig",
            "msg",
        ],
        &d,
        &PW,
        0,
    );
    expect(&["verify", "-p", "p.der", "-s", "1.sig", "msg"], &d, 0);
    // A wrong old passphrase changes nothing.
    let o = expect_env(
        &[
            "passwd",
            "--passphrase-env",
            "PW2",
            "--new-passphrase-env",
            "PW2",
            "k.der",
        ],
        &d,
        &PW,
        2,
    );
    assert!(stderr(&o).contains(DAMAGED));
    assert_eq!(std::fs::read(d.join("k.der")).unwrap(), enc1);
    // Change it (the new one from a file with a CRLF line ending).
    expect_env(
        &[
            "passwd",
            "--passphrase-env",
            "PW",
            "--new-passphrase-file",
            "new.txt",
            "k.der",
        ],
        &d,
        &PW,
        0,
    );
    let o = expect_env(
        &[
            "sign",
            "-k",
            "k.der",
            "--passphrase-env",
            "PW",
            "-o",
            "2.sig",
            "msg",
        ],
        &d,
        &PW,
        2,
    );
    assert!(stderr(&o).contains(DAMAGED));
    expect_env(
        &[
            "sign",
            "-k",
            "k.der",
            "--passphrase-env",
            "PW2",
            "-o",
            "2.sig",
            "msg",
        ],
        &d,
        &PW,
        0,
    );
    expect(&["verify", "-p", "p.der", "-s", "2.sig", "msg"], &d, 0);
    // Remove it: the same key, in the clear, byte for byte as keygen wrote it.
    expect_env(
        &["passwd", "--passphrase-env", "PW2", "--no-encrypt", "k.der"],
        &d,
        &PW,
        0,
    );
    assert_eq!(std::fs::read(d.join("k.der")).unwrap(), plain);
    let o = expect(&["inspect", "--show-secret", "k.der"], &d, 0);
    assert!(stdout(&o).contains(&seed) && !stdout(&o).contains("encrypted"));
    let o = expect(&["passwd", "--no-encrypt", "k.der"], &d, 2);
    assert!(stderr(&o).contains("not encrypted"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("k.der"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "rewritten keys stay private");
    }
    assert_eq!(
        files_in(&d),
        ["1.sig", "2.sig", "k.der", "msg", "new.txt", "p.der"],
        "no temporary files left"
    );
}

#[test]
fn wrong_lengths_raw_files_and_the_order_of_checks() {
    let d = scratch("edges");
    std::fs::write(d.join("msg"), b"m").unwrap();
    for (i, set) in SETS.into_iter().enumerate() {
        let (k, p) = (format!("{i}.pem"), format!("{i}.pub"));
        expect(&["keygen", "--alg", set, "-o", &k, "--pub", &p], &d, 0);
        std::fs::write(d.join("short.sig"), vec![1u8; 1000]).unwrap();
        let o = expect(&["verify", "-p", &p, "-s", "short.sig", "msg"], &d, 1);
        let want = format!(
            "msg: signature INVALID (wrong length: 1000 bytes, {set} has {})",
            SIG_LEN[i]
        );
        assert!(stderr(&o).contains(&want), "{}", stderr(&o));
        // Raw public keys: a wrong length names a public key and, with --alg, that set only.
        expect(
            &["pubkey", &k, "--format", "raw", "-o", "pk.raw", "--force"],
            &d,
            0,
        );
        assert_eq!(std::fs::read(d.join("pk.raw")).unwrap().len(), PK_LEN[i]);
        std::fs::write(d.join("bad.raw"), vec![9u8; PK_LEN[i] + 1]).unwrap();
        let o = expect(
            &[
                "verify",
                "-p",
                "bad.raw",
                "--key-format",
                "raw",
                "--alg",
                set,
                "-s",
                "short.sig",
                "msg",
            ],
            &d,
            2,
        );
        let e = stderr(&o);
        let want = format!(
            "raw public key has {} bytes; {set} public keys have {}",
            PK_LEN[i] + 1,
            PK_LEN[i]
        );
        assert!(e.contains(&want), "{e}");
        for (j, other) in PK_LEN.iter().enumerate() {
            if j != i {
                assert!(!e.contains(&other.to_string()), "{e}");
            }
        }
        assert!(!e.contains("private"), "{e}");
        // A raw key read without --key-format: said so, with the option to use.
        let o = expect(&["verify", "-p", "pk.raw", "msg"], &d, 2);
        let e = stderr(&o);
        assert!(
            e.contains(&format!("raw {set} public key")) && e.contains("--key-format raw"),
            "{e}"
        );
    }
    let o = expect(
        &[
            "verify",
            "-p",
            "bad.raw",
            "--key-format",
            "raw",
            "-s",
            "short.sig",
            "msg",
        ],
        &d,
        2,
    );
    assert!(
        stderr(&o).contains("not 1312, 1952 or 2592"),
        "{}",
        stderr(&o)
    );
    std::fs::write(d.join("seed.raw"), [3u8; 32]).unwrap();
    let o = expect(&["sign", "-k", "seed.raw", "-o", "s.sig", "msg"], &d, 2);
    assert!(
        stderr(&o).contains("raw 32-byte ML-DSA seed") && stderr(&o).contains("--key-format raw"),
        "{}",
        stderr(&o)
    );
    // sign reads and checks its inputs before refusing to overwrite the output.
    std::fs::write(d.join("msg.sig"), b"old").unwrap();
    let o = expect(&["sign", "-k", "missing.pem", "msg"], &d, 2);
    assert!(
        stderr(&o).contains("missing.pem") && !stderr(&o).contains("exists"),
        "{}",
        stderr(&o)
    );
    let o = expect(&["sign", "-k", "0.pem", "no-such-message"], &d, 2);
    assert!(
        stderr(&o).contains("no-such-message") && !stderr(&o).contains("exists"),
        "{}",
        stderr(&o)
    );
    fails_with(&["sign", "-k", "0.pem", "msg"], &d, "msg.sig: file exists");
    assert_eq!(std::fs::read(d.join("msg.sig")).unwrap(), b"old");
    // Whole-file reads are capped at 64 KiB: /dev/zero, a large key, a huge sparse signature.
    fails_with(
        &["sign", "-k", "/dev/zero", "-o", "z.sig", "msg"],
        &d,
        "/dev/zero: too large for a key file (over 64 KiB)",
    );
    std::fs::write(d.join("key.pem"), vec![b'A'; 1 << 20]).unwrap();
    fails_with(
        &["inspect", "key.pem"],
        &d,
        "key.pem: too large for a key file (over 64 KiB)",
    );
    let big = std::fs::File::create(d.join("huge.sig")).unwrap();
    big.set_len(8 << 30).unwrap(); // 8 GiB, sparse
    drop(big);
    fails_with(
        &["verify", "-p", "0.pub", "-s", "huge.sig", "msg"],
        &d,
        "huge.sig: too large for a signature file (over 64 KiB)",
    );
    std::fs::remove_file(d.join("huge.sig")).unwrap();
    // Exactly 64 KiB is read (and refused for what it is, not for its size).
    std::fs::write(d.join("k64"), vec![0u8; 64 << 10]).unwrap();
    let o = expect(&["sign", "-k", "k64", "-o", "k64.sig", "msg"], &d, 2);
    assert!(!stderr(&o).contains("too large"), "{}", stderr(&o));
}

#[test]
fn external_mu_round_trips_with_verify() {
    let d = scratch("mu");
    std::fs::write(d.join("msg"), vec![0x61u8; 200_000]).unwrap();
    for set in SETS {
        expect(
            &[
                "keygen", "--alg", set, "-o", "k.pem", "--pub", "p.pem", "--force",
            ],
            &d,
            0,
        );
        // μ in hex, signed elsewhere, verified against the file.
        let o = expect(&["mu", "-p", "p.pem", "msg"], &d, 0);
        let hex = stdout(&o).trim().to_string();
        assert_eq!(hex.len(), 128);
        expect(
            &[
                "sign", "-k", "k.pem", "--mu", &hex, "-o", "m1.sig", "--force",
            ],
            &d,
            0,
        );
        expect(&["verify", "-p", "p.pem", "-s", "m1.sig", "msg"], &d, 0);
        // Deterministic: the μ route gives the very signature signing the file gives.
        expect(
            &[
                "sign",
                "-k",
                "k.pem",
                "--deterministic",
                "--mu",
                &hex,
                "-o",
                "d1.sig",
                "--force",
            ],
            &d,
            0,
        );
        expect(
            &[
                "sign",
                "-k",
                "k.pem",
                "--deterministic",
                "-o",
                "d2.sig",
                "--force",
                "msg",
            ],
            &d,
            0,
        );
        assert_eq!(
            std::fs::read(d.join("d1.sig")).unwrap(),
            std::fs::read(d.join("d2.sig")).unwrap()
        );
        // A context, μ in a binary file; the signature verifies only with that context.
        expect(
            &[
                "mu",
                "-p",
                "p.pem",
                "--context",
                "app v1",
                "-o",
                "mu.bin",
                "--force",
                "msg",
            ],
            &d,
            0,
        );
        assert_eq!(std::fs::read(d.join("mu.bin")).unwrap().len(), 64);
        sign_mu_and_verify("mu.bin", "m2.sig", &["--context", "app v1"], &d);
        expect(&["verify", "-p", "p.pem", "-s", "m2.sig", "msg"], &d, 1);
        // HashML-DSA through μ, with the hex μ in a file; μ of standard input is the same.
        let o = expect(
            &["mu", "-p", "p.pem", "--prehash", "SHA2-512", "msg"],
            &d,
            0,
        );
        std::fs::write(d.join("mu.hex"), &o.stdout).unwrap();
        sign_mu_and_verify("mu.hex", "m3.sig", &["--prehash", "SHA2-512"], &d);
        let mut child = Command::new(env!("CARGO_BIN_EXE_mldsa"))
            .args(["mu", "-p", "p.pem", "-"])
            .current_dir(&d)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&std::fs::read(d.join("msg")).unwrap())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), hex);
        // μ of another public key does not verify.
        expect(
            &[
                "keygen", "--alg", set, "-o", "k2.pem", "--pub", "p2.pem", "--force",
            ],
            &d,
            0,
        );
        let o = expect(&["mu", "-p", "p2.pem", "msg"], &d, 0);
        expect(
            &[
                "sign",
                "-k",
                "k.pem",
                "--mu",
                stdout(&o).trim(),
                "-o",
                "m4.sig",
                "--force",
            ],
            &d,
            0,
        );
        expect(&["verify", "-p", "p.pem", "-s", "m4.sig", "msg"], &d, 1);
    }
    // Usage errors: a short μ, a context given to sign --mu, no input at all.
    let o = expect(
        &["sign", "-k", "k.pem", "--mu", "abcd", "-o", "x.sig"],
        &d,
        2,
    );
    assert!(stderr(&o).contains("64 bytes"), "{}", stderr(&o));
    let o = expect(
        &[
            "sign",
            "-k",
            "k.pem",
            "--mu",
            &"00".repeat(64),
            "--context",
            "c",
            "-o",
            "x.sig",
        ],
        &d,
        2,
    );
    assert!(stderr(&o).contains("part of μ"), "{}", stderr(&o));
    expect(&["sign", "-k", "k.pem"], &d, 2);
    assert!(!d.join("x.sig").exists());
}

const PY: &str = r#"
import sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import mldsa
cmd, pw = sys.argv[1], sys.argv[2].encode()
def load_priv(p, pw):
    d = open(p, 'rb').read()
    return s.load_pem_private_key(d, pw) if d.startswith(b'-----') else s.load_der_private_key(d, pw)
def load_pub(p):
    d = open(p, 'rb').read()
    return s.load_pem_public_key(d) if d.startswith(b'-----') else s.load_der_public_key(d)
if cmd == 'use-ours':        # pw key pub: decrypt our key, check it, sign with it
    k = load_priv(sys.argv[3], pw)
    assert k.public_key().public_bytes_raw() == load_pub(sys.argv[4]).public_bytes_raw()
    open('py-signed.sig', 'wb').write(k.sign(b'signed by pyca'))
    try:
        load_priv(sys.argv[3], b'not the passphrase')
        raise SystemExit('a wrong passphrase was accepted')
    except ValueError:
        pass
elif cmd == 'make':          # pw set: an encrypted pyca key (BestAvailableEncryption), PEM and DER
    cls = {'44': mldsa.MLDSA44PrivateKey, '65': mldsa.MLDSA65PrivateKey, '87': mldsa.MLDSA87PrivateKey}[sys.argv[3]]
    k = cls.generate()
    enc = s.BestAvailableEncryption(pw)
    open('pyenc.pem', 'wb').write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, enc))
    open('pyenc.der', 'wb').write(k.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, enc))
    open('pypub.pem', 'wb').write(k.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
elif cmd == 'verify':        # pw pub msg sig
    load_pub(sys.argv[3]).verify(open(sys.argv[5], 'rb').read(), open(sys.argv[4], 'rb').read())
print('ok')
"#;

#[test]
fn encrypted_keys_interoperate_with_pyca_cryptography() {
    let Some(python) = pyca() else { return };
    let d = scratch("pyca");
    let pw = PW[0].1;
    std::fs::write(d.join("pymsg"), b"signed by pyca").unwrap();
    std::fs::write(d.join("msg"), b"signed by mldsa").unwrap();
    for (set, short) in SETS.into_iter().zip(["44", "65", "87"]) {
        // pyca decrypts our keys (scrypt + AES-256-CBC), checks them against our public key
        // and signs with them; we verify.
        for format in ["pem", "der"] {
            let (k, p) = (
                format!("ours-{short}.{format}"),
                format!("ours-{short}.pub"),
            );
            let args = [
                "--alg", set, "--format", format, "-o", &k, "--pub", &p, "--force",
            ];
            keygen_with_pw(&args, &d);
            py(&python, PY, &["use-ours", pw, &k, &p], &d);
            expect(&["verify", "-p", &p, "-s", "py-signed.sig", "pymsg"], &d, 0);
        }
        // We decrypt pyca's (PBKDF2-HMAC-SHA256 + AES-256-CBC), sign, and pyca verifies.
        py(&python, PY, &["make", pw, short], &d);
        for k in ["pyenc.pem", "pyenc.der"] {
            let o = expect_env(&["inspect", "--passphrase-env", "PW", k], &d, &PW, 0);
            assert!(
                stdout(&o).contains("PBKDF2") && stdout(&o).contains(set),
                "{}",
                stdout(&o)
            );
            expect_env(
                &[
                    "sign",
                    "-k",
                    k,
                    "--passphrase-env",
                    "PW",
                    "-o",
                    "ours.sig",
                    "--force",
                    "msg",
                ],
                &d,
                &PW,
                0,
            );
            py(
                &python,
                PY,
                &["verify", pw, "pypub.pem", "msg", "ours.sig"],
                &d,
            );
            expect(
                &["verify", "-p", "pypub.pem", "-s", "ours.sig", "msg"],
                &d,
                0,
            );
            let o = expect_env(
                &[
                    "sign",
                    "-k",
                    k,
                    "--passphrase-env",
                    "PW2",
                    "-o",
                    "bad.sig",
                    "msg",
                ],
                &d,
                &PW,
                2,
            );
            assert!(stderr(&o).contains(DAMAGED));
            // Re-encrypted by passwd (now scrypt), pyca still reads it.
            std::fs::copy(d.join(k), d.join(format!("re-{k}"))).unwrap();
            expect_env(
                &[
                    "passwd",
                    "--passphrase-env",
                    "PW",
                    "--new-passphrase-env",
                    "PW",
                    &format!("re-{k}"),
                ],
                &d,
                &PW,
                0,
            );
            let o = expect_env(
                &[
                    "pubkey",
                    "--passphrase-env",
                    "PW",
                    &format!("re-{k}"),
                    "-o",
                    "re.pub",
                    "--force",
                ],
                &d,
                &PW,
                0,
            );
            assert!(o.status.success());
            py(
                &python,
                PY,
                &["use-ours", pw, &format!("re-{k}"), "re.pub"],
                &d,
            );
        }
    }
}
