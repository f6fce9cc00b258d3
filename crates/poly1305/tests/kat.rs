//! Known-answer tests from `tests/vectors/poly1305` (see its SOURCE.md), run
//! through the one-shot and streaming APIs with every backend forced.
//!
//! The vectors come from the repository (through the unpublished `kat-vectors` crate), so this
//! file is left out of the crate's package (`exclude` in Cargo.toml); the other test files do
//! not read vectors and build from the package as well.

mod common;

use common::{engines, one_shot, streamed};
use kat_vectors::unhex;
use poly1305_simd::{Key, Poly1305, Tag, mac};

/// One known-answer vector.
struct Vector {
    name: String,
    key: Key,
    msg: Vec<u8>,
    tag: [u8; 16],
}

/// The vectors of `poly1305/<file>` in the repository's `tests/vectors` (through `kat-vectors`,
/// which checks the file against its SOURCE.md: a missing or altered file panics).
fn load(file: &str) -> Vec<Vector> {
    let text = kat_vectors::text(&format!("poly1305/{file}"));
    let mut out = Vec::new();
    let (mut name, mut key, mut msg) = (String::new(), None, None);
    for line in text.lines() {
        let line = line.trim();
        if let Some(c) = line.strip_prefix('#') {
            name = c.trim().to_string();
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "key" => key = Some(unhex(v).try_into().expect("key is 32 bytes")),
            "msg" => msg = Some(unhex(v)),
            "tag" => out.push(Vector {
                name: name.clone(),
                key: key.take().expect("key before tag"),
                msg: msg.take().expect("msg before tag"),
                tag: unhex(v).try_into().expect("tag is 16 bytes"),
            }),
            other => panic!("unknown field {other}"),
        }
    }
    assert!(!out.is_empty(), "{file}: no vectors");
    out
}

fn check_file(file: &str) {
    let vectors = load(file);
    for e in engines() {
        for v in &vectors {
            let want = Tag::from(v.tag);
            assert_eq!(
                one_shot(e, &v.key, &v.msg),
                want,
                "{file} {} one-shot {e:?}",
                v.name
            );
            for chunks in [&[1][..], &[17], &[4096], &[3, 250, 16, 1000]] {
                assert_eq!(
                    streamed(e, &v.key, &v.msg, chunks),
                    want,
                    "{file} {} stream {chunks:?} {e:?}",
                    v.name
                );
            }
        }
    }
    // The default dispatch too, including `verify`.
    for v in &vectors {
        let tag = Tag::from(v.tag);
        assert_eq!(mac(&v.key, &v.msg), tag);
        assert!(Poly1305::new(&v.key).chain(&v.msg).verify(&tag).is_ok());
        let mut bad = v.tag;
        bad[15] ^= 0x80;
        assert!(
            Poly1305::new(&v.key)
                .chain(&v.msg)
                .verify(&Tag::from(bad))
                .is_err()
        );
    }
}

#[test]
fn rfc8439() {
    check_file("rfc8439.txt");
}

#[test]
fn boringssl() {
    check_file("boringssl.txt");
}

#[test]
fn nacl() {
    check_file("nacl.txt");
}

#[test]
fn generated_crosscheck() {
    check_file("generated-crosscheck.txt");
}

/// poly1305-donna's "MAC of MACs" self-test; the expected value is the one
/// given in SOURCE.md.
#[test]
fn donna_mac_of_macs() {
    let text = kat_vectors::text("poly1305/SOURCE.md");
    // The expected tag is the bold 32-hex-digit value in SOURCE.md.
    let want = text
        .split("**")
        .find(|s| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(unhex)
        .expect("expected tag in SOURCE.md");
    let mut total_key = [0xffu8; 32];
    total_key[..14].copy_from_slice(&[
        1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9,
    ]);
    total_key[28..].fill(0);
    for e in engines() {
        let mut total = Poly1305::new_forced(&total_key, e.0, e.1).unwrap();
        for i in 0..=255u8 {
            let msg = vec![i; usize::from(i)];
            total.update(one_shot(e, &[i; 32], &msg).as_bytes());
        }
        assert_eq!(total.finalize().as_bytes()[..], want[..], "{e:?}");
    }
}

/// The NaCl message in chunks of 32, 64, 16, 8, 4, 2, 1, 1, 1, 1, 1 bytes.
#[test]
fn nacl_chunked() {
    let v = load("nacl.txt");
    let v = &v[0];
    assert_eq!(v.msg.len(), 131);
    for e in engines() {
        let tag = streamed(e, &v.key, &v.msg, &[32, 64, 16, 8, 4, 2, 1, 1, 1, 1, 1]);
        assert_eq!(tag, Tag::from(v.tag), "{e:?}");
        assert_eq!(tag, one_shot(e, &v.key, &v.msg));
    }
}

#[test]
fn debug_hides_key() {
    let st = Poly1305::new(&[0xab; 32]);
    let s = format!("{st:?}");
    assert!(!s.to_lowercase().contains("ab"), "{s}");
    assert!(s.starts_with("Poly1305"));
}

/// Names the backends this run exercises (the CI log shows them) and checks
/// that the production choice is one of them.
#[test]
fn backends_in_use() {
    let all = engines();
    println!("backends tested (threshold None = production): {all:?}");
    println!("detected: {:?}", Poly1305::detected_backend());
    assert!(all.iter().any(|e| e.0 == Poly1305::detected_backend()));
}
