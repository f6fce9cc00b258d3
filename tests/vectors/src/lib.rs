//! The workspace's known-answer vectors, read from this crate's own folder and checked as they
//! are read.
//!
//! The folder holds the ACVP, NIST KAT and Poly1305 vector files, most of them gzip-compressed,
//! and `SOURCE.md`, whose table lists every file by its original name with the length and
//! SHA-256 of the original bytes and the name it is stored under. [`bytes`] and [`text`] hand
//! out a file only after its decompressed contents matched that table; anything else (a file
//! that is missing, not listed, truncated, edited or a damaged gzip stream) panics, so the test
//! that asked for it fails. There is no way to skip: the vectors are part of the repository.
//!
//! Each file is read, decompressed and hashed at most once per process (the result is kept for
//! the process's lifetime), so test binaries that ask for the same file many times pay once.
//!
//! This crate is a dev-dependency of the known-answer tests (`tests/kat`, `poly1305-simd`'s
//! tests) and a build-dependency of the firmware harness; it is never published.

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// The vectors folder: this crate's directory, which holds `SOURCE.md`.
pub fn dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One row of the table in `SOURCE.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The original file name, relative to the folder (`acvp/ML-DSA-keyGen-FIPS204/prompt.json`).
    pub file: String,
    /// Length in bytes of the original file.
    pub len: usize,
    /// SHA-256 of the original file.
    pub sha256: [u8; 32],
    /// The file in the folder that holds it: `file` itself, or `file` + `.gz` (gzip).
    pub stored: String,
}

impl Entry {
    /// Whether the stored file is gzip-compressed.
    pub fn compressed(&self) -> bool {
        self.stored.ends_with(".gz")
    }
}

/// The header row of the table in `SOURCE.md`.
const HEADER: &str = "| file | bytes | sha256 | stored as |";

/// Parses the table of `SOURCE.md`: the header row `| file | bytes | sha256 | stored as |`, a
/// separator row, then one row per file until the first line that is not a table row. Names
/// may be in backticks; the length may contain spaces; the hash is 64 lower-case hex digits.
pub fn parse_table(md: &str) -> Result<Vec<Entry>, String> {
    let mut lines = md.lines().map(str::trim);
    lines
        .by_ref()
        .find(|l| *l == HEADER)
        .ok_or_else(|| format!("no table with header `{HEADER}`"))?;
    match lines.next() {
        Some(sep) if sep.starts_with('|') && sep.bytes().all(|b| b"|-: ".contains(&b)) => {}
        other => {
            return Err(format!(
                "expected the table's separator row, found {other:?}"
            ));
        }
    }
    let mut out: Vec<Entry> = Vec::new();
    for row in lines.take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row
            .strip_prefix('|')
            .and_then(|r| r.strip_suffix('|'))
            .ok_or_else(|| format!("row not closed by `|`: {row}"))?
            .split('|')
            .map(|c| c.trim().trim_matches('`'))
            .collect();
        let [file, len, sha, stored] = cells[..] else {
            return Err(format!("row without 4 cells: {row}"));
        };
        if file.is_empty()
            || file.starts_with('/')
            || file.split('/').any(|c| c == ".." || c.is_empty())
        {
            return Err(format!(
                "not a relative file name inside the folder: {file:?}"
            ));
        }
        if stored != file && stored.strip_suffix(".gz") != Some(file) {
            return Err(format!(
                "{file}: stored as {stored:?}, expected the same name or + .gz"
            ));
        }
        let len = len
            .replace(' ', "")
            .parse()
            .map_err(|e| format!("{file}: bad length {len:?}: {e}"))?;
        let sha256 = parse_sha256(sha).ok_or_else(|| format!("{file}: bad sha256 {sha:?}"))?;
        if out.iter().any(|e| e.file == file) {
            return Err(format!("{file} listed twice"));
        }
        out.push(Entry {
            file: file.into(),
            len,
            sha256,
            stored: stored.into(),
        });
    }
    if out.is_empty() {
        return Err("the table lists no file".into());
    }
    Ok(out)
}

/// 64 lower-case hex digits as 32 bytes.
fn parse_sha256(s: &str) -> Option<[u8; 32]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let s = s.as_bytes();
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        *o = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// Turns the stored bytes of `entry` into the original contents (gunzip or as is) and checks
/// them with [`check`]. Decompression stops one byte past the expected length, so a damaged
/// length cannot make it allocate without bound.
pub fn decode(entry: &Entry, stored: &[u8]) -> Result<Vec<u8>, String> {
    let data = if entry.compressed() {
        let mut out = Vec::with_capacity(entry.len);
        GzDecoder::new(stored)
            .take(entry.len as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: damaged gzip stream: {e}", entry.stored))?;
        out
    } else {
        stored.to_vec()
    };
    check(entry, &data)?;
    Ok(data)
}

/// Checks original contents against the length and SHA-256 that `SOURCE.md` lists.
pub fn check(entry: &Entry, data: &[u8]) -> Result<(), String> {
    if data.len() != entry.len {
        return Err(format!(
            "{}: {} bytes, SOURCE.md lists {}",
            entry.file,
            data.len(),
            entry.len
        ));
    }
    let got: [u8; 32] = Sha256::digest(data).into();
    if got != entry.sha256 {
        return Err(format!(
            "{}: SHA-256 {} differs from the {} that SOURCE.md lists",
            entry.file,
            hex(&got),
            hex(&entry.sha256)
        ));
    }
    Ok(())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A table entry and, once it was asked for, the file's checked contents.
struct Slot {
    entry: Entry,
    data: OnceLock<Box<[u8]>>,
}

/// The table of `SOURCE.md`, parsed once per process.
fn table() -> &'static HashMap<String, Slot> {
    static TABLE: OnceLock<HashMap<String, Slot>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let path = dir().join("SOURCE.md");
        let md =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entries = parse_table(&md).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        entries
            .into_iter()
            .map(|entry| {
                (
                    entry.file.clone(),
                    Slot {
                        entry,
                        data: OnceLock::new(),
                    },
                )
            })
            .collect()
    })
}

/// Every file the table lists, in name order.
pub fn entries() -> Vec<&'static Entry> {
    let mut v: Vec<_> = table().values().map(|s| &s.entry).collect();
    v.sort_by(|a, b| a.file.cmp(&b.file));
    v
}

/// The checked original contents of `file` (its name in `SOURCE.md`'s table, e.g.
/// `acvp/ML-DSA-sigVer-FIPS204/prompt.json`). Panics, naming the file and the reason, when it
/// is not listed, cannot be read, does not decompress or does not match its length and hash.
pub fn bytes(file: &str) -> &'static [u8] {
    let slot = table().get(file).unwrap_or_else(|| {
        panic!(
            "{file}: not listed in {}",
            dir().join("SOURCE.md").display()
        )
    });
    slot.data.get_or_init(|| {
        let path = dir().join(&slot.entry.stored);
        let stored = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        decode(&slot.entry, &stored)
            .unwrap_or_else(|e| panic!("known-answer vector rejected: {e}"))
            .into_boxed_slice()
    })
}

/// [`bytes`] as UTF-8 text.
pub fn text(file: &str) -> &'static str {
    std::str::from_utf8(bytes(file)).unwrap_or_else(|e| panic!("{file}: not UTF-8: {e}"))
}

/// Decodes the hex strings of the vector files (panics on odd length or a non-hex digit: a
/// vector file is never malformed after its SHA-256 check).
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex string");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The smallest listed file that is stored compressed.
    fn small_compressed() -> &'static Entry {
        entries()
            .into_iter()
            .filter(|e| e.compressed())
            .min_by_key(|e| e.len)
            .expect("a compressed file")
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn every_listed_file_matches_source_md() {
        let mut total = 0;
        for e in entries() {
            total += bytes(&e.file).len();
        }
        println!("{} files, {total} bytes checked", entries().len());
        assert!(total > 0);
    }

    /// Every file in the folder (other than this crate's own) is in the table, so none is read
    /// around the check or forgotten in SOURCE.md.
    #[test]
    fn every_file_in_the_folder_is_listed() {
        fn walk(root: &Path, rel: &str, out: &mut Vec<String>) {
            for d in std::fs::read_dir(root.join(rel)).unwrap() {
                let d = d.unwrap();
                let name = d.file_name().into_string().unwrap();
                let rel = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                if d.file_type().unwrap().is_dir() {
                    walk(root, &rel, out);
                } else {
                    out.push(rel);
                }
            }
        }
        let mut found = Vec::new();
        for sub in std::fs::read_dir(dir()).unwrap() {
            let sub = sub.unwrap();
            let name = sub.file_name().into_string().unwrap();
            match name.as_str() {
                "Cargo.toml" | "SOURCE.md" | "src" => {}
                _ if sub.file_type().unwrap().is_dir() => walk(dir(), &name, &mut found),
                _ => found.push(name),
            }
        }
        let mut listed: Vec<_> = entries().iter().map(|e| e.stored.clone()).collect();
        found.sort();
        listed.sort();
        assert_eq!(found, listed);
    }

    #[test]
    fn check_rejects_any_change() {
        let e = small_compressed();
        let good = bytes(&e.file).to_vec();
        assert!(check(e, &good).is_ok());
        for i in [0, good.len() >> 1, good.len() - 1] {
            let mut bad = good.clone();
            bad[i] ^= 1;
            let err = check(e, &bad).unwrap_err();
            assert!(err.contains("SHA-256"), "{err}");
        }
        assert!(
            check(e, &good[..good.len() - 1])
                .unwrap_err()
                .contains("bytes")
        );
        let mut longer = good.clone();
        longer.push(b'\n');
        assert!(check(e, &longer).is_err());
    }

    #[test]
    fn decode_rejects_damaged_or_edited_gzip() {
        let e = small_compressed();
        let stored = std::fs::read(dir().join(&e.stored)).unwrap();
        assert_eq!(decode(e, &stored).unwrap(), bytes(&e.file));
        // A flipped bit anywhere in the stream: bad header, bad deflate data or bad CRC-32,
        // or (should the damage decode) a hash mismatch.
        for i in [3, stored.len() >> 1, stored.len() - 5] {
            let mut bad = stored.clone();
            bad[i] ^= 0x10;
            assert!(decode(e, &bad).is_err(), "byte {i} flipped");
        }
        // A well-formed gzip stream of edited contents.
        let mut edited = bytes(&e.file).to_vec();
        edited[0] ^= 0x20;
        assert!(decode(e, &gzip(&edited)).unwrap_err().contains("SHA-256"));
        // Contents too long: decompression stops one byte past the listed length.
        let mut long = bytes(&e.file).to_vec();
        long.resize(e.len + 100_000, b'x');
        assert!(decode(e, &gzip(&long)).unwrap_err().contains("bytes"));
    }

    #[test]
    fn parse_table_rejects_malformed_rows() {
        let sha = "ab".repeat(32);
        let row = |r: &str| format!("x\n{HEADER}\n| --- | ---: | --- | --- |\n{r}\n\nafter\n");
        let ok = parse_table(&row(&format!(
            "| `a/b.txt` | 1 234 | `{sha}` | `a/b.txt.gz` |"
        )))
        .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(
            (ok[0].len, ok[0].sha256[0], ok[0].compressed()),
            (1234, 0xab, true)
        );
        for bad in [
            format!("| a.txt | 1 | {sha} | b.txt |"),
            format!("| a.txt | 1 | {sha} | a.txt.zst |"),
            format!("| ../a.txt | 1 | {sha} | ../a.txt |"),
            format!("| /a.txt | 1 | {sha} | /a.txt |"),
            format!("| a.txt | x | {sha} | a.txt |"),
            format!("| a.txt | 1 | {} | a.txt |", "AB".repeat(32)),
            format!("| a.txt | 1 | {} | a.txt |", "ab".repeat(31)),
            format!("| a.txt | 1 | {sha} |"),
            format!("| a.txt | 1 | {sha} | a.txt |\n| a.txt | 1 | {sha} | a.txt.gz |"),
        ] {
            assert!(parse_table(&row(&bad)).is_err(), "accepted {bad}");
        }
        assert!(parse_table("no table").is_err());
        assert!(parse_table(&format!("{HEADER}\n| --- | --- | --- | --- |\n")).is_err());
    }

    #[test]
    #[should_panic(expected = "not listed")]
    fn unlisted_file_panics() {
        bytes("acvp/ML-DSA-keyGen-FIPS204/validation.json");
    }
}
