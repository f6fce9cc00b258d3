//! Shared helpers for the integration tests.
#![allow(dead_code)]

use poly1305_simd::{Backend, Key, Poly1305, Tag, mac_forced};

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
