//! Constant memory: signing and verifying a 1 GiB message streamed on standard input keeps the
//! process's peak resident set (VmHWM, read from /proc while it runs) under 16 MiB. Linux only;
//! optimised builds only (a debug build hashes 1 GiB too slowly to be worth it). Prints the
//! throughput for information; speed is not asserted here.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GIB: usize = 1 << 30;
const LIMIT_KIB: u64 = 16 << 10;

/// Peak resident set of a running process in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `mldsa args` with a 1 GiB generated stream on stdin; returns (exit code, peak KiB, MB/s).
fn run_streamed(args: &[&str], dir: &std::path::Path) -> (i32, u64, f64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mldsa"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let start = Instant::now();
    let writer = std::thread::spawn(move || {
        // A cheap deterministic generator: 1 MiB blocks that differ by a counter.
        let mut block = vec![0u8; 1 << 20];
        for (i, b) in block.iter_mut().enumerate() {
            *b = (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3];
        }
        for n in 0..(GIB >> 20) {
            block[..8].copy_from_slice(&(n as u64).to_le_bytes());
            stdin.write_all(&block).unwrap();
        }
    });
    let mut peak = 0;
    loop {
        if let Some(k) = vm_hwm(pid) {
            peak = peak.max(k);
        }
        if let Some(status) = child.try_wait().unwrap() {
            writer.join().unwrap();
            let secs = start.elapsed().as_secs_f64();
            return (status.code().unwrap(), peak, GIB as f64 / secs / 1e6);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "needs an optimised build (cargo test --release)"
)]
fn one_gib_in_constant_memory() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-stream");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_mldsa"))
        .args(["keygen", "-o", "k.pem", "--pub", "p.pem"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(st.success());
    let (code, peak, rate) = run_streamed(&["sign", "-k", "k.pem", "-o", "big.sig", "-"], &dir);
    assert_eq!(code, 0);
    eprintln!("sign 1 GiB from stdin: peak RSS {peak} KiB, {rate:.0} MB/s");
    assert!(peak > 0 && peak < LIMIT_KIB, "sign peak RSS {peak} KiB");
    let (code, peak, rate) =
        run_streamed(&["verify", "-q", "-p", "p.pem", "-s", "big.sig", "-"], &dir);
    eprintln!("verify 1 GiB from stdin: peak RSS {peak} KiB, {rate:.0} MB/s");
    assert_eq!(code, 0, "the streamed signature verifies");
    assert!(peak > 0 && peak < LIMIT_KIB, "verify peak RSS {peak} KiB");
}
