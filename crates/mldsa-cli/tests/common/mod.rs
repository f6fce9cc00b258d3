//! Helpers the CLI's test files share: scratch directories, running the built binary, and
//! finding pyca/cryptography.
#![allow(dead_code, reason = "each test file uses its own subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The three parameter sets' names as the CLI takes them.
pub const SETS: [&str; 3] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];

/// A fresh scratch directory under the target directory, named after the test file and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let file = module_path!().split("::").next().unwrap_or("test");
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{file}-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The built `mldsa` binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mldsa"))
}

/// Runs `mldsa args` in `dir` with the environment additions `env`, stdin closed.
pub fn run_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = bin();
    c.args(args).current_dir(dir).stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run mldsa")
}

/// Runs `mldsa args` in `dir`, stdin closed.
pub fn run(args: &[&str], dir: &Path) -> Output {
    run_env(args, dir, &[])
}

/// The exit status (the binary must not have died of a signal).
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs and expects exit status `want`; also that nothing panicked.
pub fn expect_env(args: &[&str], dir: &Path, env: &[(&str, &str)], want: i32) -> Output {
    let o = run_env(args, dir, env);
    let err = stderr(&o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{args:?}: {err}"
    );
    assert_eq!(
        code(&o),
        want,
        "{args:?}\nstdout: {}\nstderr: {err}",
        stdout(&o)
    );
    o
}

/// [`expect_env`] with no environment additions.
pub fn expect(args: &[&str], dir: &Path, want: i32) -> Output {
    expect_env(args, dir, &[], want)
}

/// A Python with pyca/cryptography ≥ 46 (ML-DSA support): `MLDSA_PYTHON`, else `python3` if it
/// has it. With `CI` set, its absence fails the test instead of skipping it.
pub fn pyca() -> Option<PathBuf> {
    let candidate = std::env::var_os("MLDSA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| "python3".into());
    let ok = Command::new(&candidate)
        .args([
            "-c",
            "from cryptography.hazmat.primitives.asymmetric import mldsa",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    match (ok, std::env::var_os("CI").is_some()) {
        (true, _) => Some(candidate),
        (false, false) => {
            eprintln!("SKIPPED: no Python with pyca/cryptography >= 46 (set MLDSA_PYTHON)");
            None
        }
        (false, true) => panic!(
            "CI is set but {} lacks pyca/cryptography with ML-DSA",
            candidate.display()
        ),
    }
}

/// Runs the Python `script` with `args` in `dir`; it must succeed.
pub fn py(python: &Path, script: &str, args: &[&str], dir: &Path) {
    let o = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pyca {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs, expects exit status 2 (a usage or input error) and `needle` in the message.
pub fn fails_with(args: &[&str], dir: &Path, needle: &str) -> Output {
    let o = expect(args, dir, 2);
    assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    o
}
