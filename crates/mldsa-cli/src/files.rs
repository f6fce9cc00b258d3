//! File input and output: whole small files, streamed large ones, and outputs written to a
//! temporary file and moved into place so that nothing is left half-written on failure.

use crate::Failure;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Whether `p` names standard input or output.
pub fn is_stdio(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Reads a small file (a key or a signature) whole.
pub fn read_small(p: &Path) -> Result<Vec<u8>, Failure> {
    let mut data = Vec::new();
    let r = if is_stdio(p) {
        io::stdin().read_to_end(&mut data)
    } else {
        File::open(p).and_then(|mut f| f.read_to_end(&mut data))
    };
    r.map_err(|e| Failure::input(format!("{}: {e}", p.display())))?;
    Ok(data)
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
