//! Shared helpers of the known-answer tests: locating the vectors in `../shared/kat` and
//! dispatching over the three parameter sets.

use std::path::PathBuf;

/// The directory of the shared known-answer data (`<workspace>/../shared/kat`).
pub fn kat_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/kat")
}

/// Reads a vector file below [`kat_dir`]. Returns `None` (after saying so) when it is missing,
/// unless the `CI` environment variable is set, in which case a missing file fails the test.
pub fn read_vector(rel: &str) -> Option<String> {
    let path = kat_dir().join(rel);
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "SKIPPED: {} not readable ({e}); set CI to make this fatal",
                path.display()
            );
            None
        }
        Err(e) => panic!(
            "{}: {e} (CI is set, so missing vectors are an error)",
            path.display()
        ),
    }
}

/// Decodes hex (either case).
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex in vector file: {e}"))
}
