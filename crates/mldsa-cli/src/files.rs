//! File input and output: whole small files, streamed large ones, and outputs written to a
//! temporary file and moved into place so that nothing is left half-written on failure.

use crate::Failure;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Whether `p` names standard input or output.
pub fn is_stdio(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// The most a key, signature or μ file may hold: 64 KiB. The largest valid one is far
/// smaller (an ML-DSA-87 PKCS#8 `both` key with a v2 public key, encrypted and in PEM, is
/// under 11 KiB), so a bigger file is refused before it can exhaust memory (`/dev/zero`, a
/// multi-gigabyte `.sig` from an untrusted source).
pub const SMALL_FILE_LIMIT: usize = 64 << 10;

/// Reads a small file (a key, a signature, a μ) whole, into a buffer allocated once at the
/// limit and never grown, so no copy of key bytes is left behind in freed memory; the buffer
/// is wiped when dropped. `what`: "key", "signature" ... for the too-large message.
pub fn read_small(p: &Path, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let err = |e: io::Error| Failure::input(format!("{}: {e}", p.display()));
    let mut reader: Box<dyn Read> = if is_stdio(p) {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(p).map_err(err)?)
    };
    // One byte more than the limit tells "exactly 64 KiB" from "more".
    let mut buf = Zeroizing::new(vec![0u8; SMALL_FILE_LIMIT + 1]);
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(err(e)),
        }
    }
    if n > SMALL_FILE_LIMIT {
        return Err(Failure::input(format!(
            "{}: too large for a {what} file (over {} KiB)",
            p.display(),
            SMALL_FILE_LIMIT >> 10
        )));
    }
    buf.truncate(n);
    Ok(buf)
}

/// Streams a file (or standard input) through `f` in 64 KiB chunks.
pub fn stream(p: &Path, mut f: impl FnMut(&[u8])) -> Result<(), Failure> {
    let err = |e: io::Error| Failure::input(format!("{}: {e}", p.display()));
    let mut reader: Box<dyn Read> = if is_stdio(p) {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(p).map_err(err)?)
    };
    let mut buf = vec![0u8; 64 << 10];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => f(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(err(e)),
        }
    }
}

/// Writes `data` to `dest` ("-": standard output) atomically: a temporary file in the same
/// directory, then moved into place, so no reader ever sees a partial file; an existing `dest`
/// is replaced only with `force`. Private keys are created with mode 0600 and synced to disk
/// before the move (a lost key cannot be re-made; a lost signature can, so signatures skip the
/// 10 ms fsync that would otherwise dominate signing a small file).
pub fn write_output(dest: &Path, data: &[u8], private: bool, force: bool) -> Result<(), Failure> {
    if is_stdio(dest) {
        let mut out = io::stdout().lock();
        return out
            .write_all(data)
            .and_then(|_| out.flush())
            .map_err(|e| Failure::input(format!("standard output: {e}")));
    }
    let name = |e: io::Error| Failure::input(format!("{}: {e}", dest.display()));
    if !force && dest.exists() {
        return Err(Failure::input(format!(
            "{}: file exists (use --force to overwrite)",
            dest.display()
        )));
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| Failure::input(format!("random generator: {e}")))?;
    let file_name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", hex::encode(nonce)));
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(if private { 0o600 } else { 0o644 });
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(data)?;
        if private {
            f.sync_all()?;
        }
        drop(f);
        if force {
            fs::rename(&tmp, dest)
        } else {
            // A hard link fails if `dest` appeared meanwhile: never overwrite without --force.
            fs::hard_link(&tmp, dest).and_then(|_| fs::remove_file(&tmp))
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(name)
}
