//! Shared helpers for the integration tests.
#![allow(dead_code)]

use poly1305_simd::{Backend, Key, Poly1305, Tag, mac_forced};

/// One known-answer vector.
pub struct Vector {
    pub name: String,
    pub key: Key,
    pub msg: Vec<u8>,
    pub tag: [u8; 16],
}

pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("bad hex"))
        .collect()
}

/// The vectors of `poly1305/<file>` in the repository's `tests/vectors` (through `kat-vectors`,
/// which checks the file against its SOURCE.md: a missing or altered file panics).
pub fn load(file: &str) -> Vec<Vector> {
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

/// Every backend this machine runs, each with its production threshold and
/// with threshold 0 (vector kernel on every input long enough).
pub fn engines() -> Vec<(Backend, Option<usize>)> {
    let mut v = Vec::new();
    for b in Backend::ALL {
        if mac_forced(b, None, &[0; 32], b"").is_some() {
            v.push((b, None));
            if b != Backend::Soft {
                v.push((b, Some(0)));
            }
        }
    }
    v
}

pub fn one_shot(e: (Backend, Option<usize>), key: &Key, msg: &[u8]) -> Tag {
    mac_forced(e.0, e.1, key, msg).expect("backend available")
}

/// Streaming MAC of `msg` fed in chunks of the given sizes (cycled).
pub fn streamed(e: (Backend, Option<usize>), key: &Key, msg: &[u8], chunks: &[usize]) -> Tag {
    let mut st = Poly1305::new_forced(key, e.0, e.1).expect("backend available");
    let mut rest = msg;
    for &c in chunks.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (now, later) = rest.split_at(c.min(rest.len()));
        st.update(now);
        rest = later;
    }
    st.finalize()
}
