//! The `mldsa` command (not implemented yet, see the crate README).

fn main() {
    eprintln!("mldsa: the command line tool is not implemented yet (issue 5)");
    std::process::exit(2);
}
