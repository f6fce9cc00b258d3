//! `mldsa`: ML-DSA (FIPS 204) key generation, signing and verification from the command line,
//! with PKCS#8 / SPKI key files (RFC 9881) that OpenSSL 3.5+, BoringSSL, pyca/cryptography and Go
//! read and write. Messages are streamed through the external-μ interface, so a file of any
//! size is signed or verified in constant memory.

mod commands;
mod files;
mod wipe;

#[global_allocator]
static ALLOCATOR: wipe::Wiping = wipe::Wiping;

use clap::{Args, Parser, Subcommand};
use mldsa_cli::keyfile::{Alg, Format, KeyForm};
use std::path::PathBuf;
use std::process::ExitCode;

/// ML-DSA (FIPS 204) signatures with standard key files.
#[derive(Parser)]
#[command(name = "mldsa", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success (verify: valid), 1 invalid signature, 2 usage or input error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a key pair.
    #[command(after_help = "Examples:
  mldsa keygen -o key.pem --pub pub.pem
  mldsa keygen --alg ML-DSA-87 --format der -o key.der
  mldsa keygen --encrypt -o key.pem --pub pub.pem   (asks for a passphrase twice)
  mldsa keygen --passphrase-file pass.txt -o key.pem   (encrypted; for scripts)
  mldsa keygen --seed 000102...1f -o test.pem   (reproducible keys: a testing aid only)")]
    Keygen(KeygenArgs),
    /// Change, add or remove the passphrase of a private key file (rewritten atomically).
    #[command(after_help = "Examples:
  mldsa passwd key.pem                      (asks for the old and twice for the new passphrase)
  mldsa passwd --no-encrypt key.pem         (removes the passphrase)
  mldsa passwd --passphrase-env OLD --new-passphrase-env NEW key.pem")]
    Passwd(PasswdArgs),
    /// Derive and print the public key of a private key.
    #[command(after_help = "Example:\n  mldsa pubkey key.pem -o pub.pem")]
    Pubkey(PubkeyArgs),
    /// Sign a file (or standard input) with pure ML-DSA, or HashML-DSA with --prehash.
    #[command(after_help = "Examples:
  mldsa sign -k key.pem report.pdf              (writes report.pdf.sig)
  mldsa sign -k key.pem --context 'app v1' -o sig.bin -   < data
  mldsa sign -k key.pem --prehash SHA2-512 big.iso   (HashML-DSA: not for PKIX use)")]
    Sign(SignArgs),
    /// Verify a signature; exit 0 if valid, 1 if not, 2 on a usage or input error.
    #[command(after_help = "Examples:
  mldsa verify -p pub.pem report.pdf            (reads report.pdf.sig)
  mldsa verify -p pub.pem -s sig.bin --context 'app v1' -   < data")]
    Verify(VerifyArgs),
    /// Compute the external μ of a file for a public key (remote signing: only μ travels).
    #[command(after_help = "Examples:
  mldsa mu -p pub.pem big.iso > big.mu             (hex)
  mldsa mu -p pub.pem --context 'app v1' -o big.mu big.iso   (64 raw bytes)
  mldsa sign -k key.pem --mu-file big.mu -o big.iso.sig      (on the machine with the key)")]
    Mu(MuArgs),
    /// Tell what a key or signature file is (never prints secrets unless asked).
    #[command(after_help = "Example:\n  mldsa inspect key.pem")]
    Inspect(InspectArgs),
}

/// Where the passphrase of an encrypted key comes from (default: asked on the terminal).
#[derive(Args)]
struct PassphraseArgs {
    /// Read the passphrase from the first line of FILE.
    #[arg(
        long = "passphrase-file",
        value_name = "FILE",
        conflicts_with = "passphrase_env"
    )]
    passphrase_file: Option<PathBuf>,
    /// Read the passphrase from the environment variable VAR.
    #[arg(long = "passphrase-env", value_name = "VAR")]
    passphrase_env: Option<String>,
}

/// Options naming how a key file is read.
#[derive(Args)]
struct KeyInput {
    /// Parameter set; for key files that carry one it must agree with it.
    #[arg(long, value_enum)]
    alg: Option<Alg>,
    /// Input key format (PEM and DER are detected; raw must be asked for).
    #[arg(long = "key-format", value_enum)]
    key_format: Option<Format>,
    #[command(flatten)]
    pass: PassphraseArgs,
}

#[derive(Args)]
struct KeygenArgs {
    /// Parameter set.
    #[arg(long, value_enum, default_value = "ML-DSA-65")]
    alg: Alg,
    /// Private key output file ("-" or absent: standard output). Created with mode 0600.
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Also write the public key to this file.
    #[arg(long = "pub")]
    public: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "pem")]
    format: Format,
    /// Which RFC 9881 private-key form to write (raw format: seed or expanded).
    #[arg(long = "key-form", value_enum, default_value = "seed")]
    key_form: KeyForm,
    /// Use this 32-byte seed (64 hex digits) instead of fresh randomness. A testing aid: a key
    /// whose seed was typed on a command line is not secret.
    #[arg(long)]
    seed: Option<String>,
    /// Encrypt the private key with a passphrase (PKCS#8 EncryptedPrivateKeyInfo, scrypt +
    /// AES-256-CBC); asked twice on the terminal unless --passphrase-file/-env is given (which
    /// imply --encrypt).
    #[arg(long)]
    encrypt: bool,
    #[command(flatten)]
    pass: PassphraseArgs,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct PasswdArgs {
    /// Private key file, rewritten in place (same format and key form).
    key: PathBuf,
    /// The current passphrase, if the key is encrypted.
    #[command(flatten)]
    pass: PassphraseArgs,
    /// Read the new passphrase from the first line of FILE.
    #[arg(long = "new-passphrase-file", value_name = "FILE", conflicts_with_all = ["new_passphrase_env", "no_encrypt"])]
    new_passphrase_file: Option<PathBuf>,
    /// Read the new passphrase from the environment variable VAR.
    #[arg(
        long = "new-passphrase-env",
        value_name = "VAR",
        conflicts_with = "no_encrypt"
    )]
    new_passphrase_env: Option<String>,
    /// Remove the passphrase: write the key unencrypted.
    #[arg(long = "no-encrypt")]
    no_encrypt: bool,
}

#[derive(Args)]
struct PubkeyArgs {
    /// Private key file.
    key: PathBuf,
    #[command(flatten)]
    input: KeyInput,
    /// Output file ("-" or absent: standard output).
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "pem")]
    format: Format,
    /// Overwrite an existing output file.
    #[arg(long)]
    force: bool,
}

/// The context string, as text or hex.
#[derive(Args)]
struct ContextArgs {
    /// Context string (UTF-8 text, at most 255 bytes).
    #[arg(long, conflicts_with = "context_hex")]
    context: Option<String>,
    /// Context string as hex (at most 255 bytes).
    #[arg(long = "context-hex")]
    context_hex: Option<String>,
    /// HashML-DSA with this pre-hash (SHA2-224/256/384/512, SHA2-512/224, SHA2-512/256,
    /// SHA3-224/256/384/512, SHAKE-128, SHAKE-256). Not for PKIX/X.509 use.
    #[arg(long)]
    prehash: Option<String>,
}

#[derive(Args)]
struct SignArgs {
    /// Private key file.
    #[arg(short = 'k', long = "key")]
    key: PathBuf,
    #[command(flatten)]
    input: KeyInput,
    /// Signature output file (default: FILE.sig, or standard output when reading standard input).
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    #[command(flatten)]
    ctx: ContextArgs,
    /// Deterministic signing (rnd = 0): the same key and message give the same signature.
    #[arg(long)]
    deterministic: bool,
    /// Overwrite an existing signature file.
    #[arg(long)]
    force: bool,
    /// Sign this external μ (128 hex digits, from `mldsa mu`) instead of a file.
    #[arg(long, conflicts_with_all = ["mu_file", "file"])]
    mu: Option<String>,
    /// Sign the external μ in this file (64 bytes, or 128 hex digits) instead of a file.
    #[arg(long = "mu-file", conflicts_with = "file")]
    mu_file: Option<PathBuf>,
    /// The file to sign ("-" for standard input).
    #[arg(required_unless_present_any = ["mu", "mu_file"])]
    file: Option<PathBuf>,
}

#[derive(Args)]
struct MuArgs {
    /// Public key file (a private key file is accepted too).
    #[arg(short = 'p', long = "pub")]
    public: PathBuf,
    #[command(flatten)]
    input: KeyInput,
    #[command(flatten)]
    ctx: ContextArgs,
    /// Write the 64 bytes of μ to this file instead of printing them in hex.
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Overwrite an existing output file.
    #[arg(long)]
    force: bool,
    /// The file ("-" for standard input).
    file: PathBuf,
}

#[derive(Args)]
struct VerifyArgs {
    /// Public key file (a private key file is accepted too).
    #[arg(short = 'p', long = "pub")]
    public: PathBuf,
    #[command(flatten)]
    input: KeyInput,
    /// Signature file (default: FILE.sig).
    #[arg(short = 's', long = "sig")]
    sig: Option<PathBuf>,
    #[command(flatten)]
    ctx: ContextArgs,
    /// Print nothing; the exit status tells.
    #[arg(short, long)]
    quiet: bool,
    /// The signed file ("-" for standard input).
    file: PathBuf,
}

#[derive(Args)]
struct InspectArgs {
    /// Key or signature file.
    file: PathBuf,
    /// Print the secret seed and expanded key in hex.
    #[arg(long = "show-secret")]
    show_secret: bool,
    #[command(flatten)]
    pass: PassphraseArgs,
}

/// A failure: the message for standard error and the exit status.
pub struct Failure {
    /// What went wrong, naming the file.
    pub message: String,
    /// 1 for an invalid signature, 2 for usage and input errors.
    pub code: u8,
}

impl Failure {
    /// An input or usage error (status 2).
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 2,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A forced backend the library could not follow is a usage error here, not a silent switch.
    if let Some(e) = mldsa_simd::backend::env_error() {
        eprintln!("mldsa: {e}; unset it or name a backend this CPU runs");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Keygen(a) => commands::keygen(a),
        Command::Passwd(a) => commands::passwd(a),
        Command::Mu(a) => commands::mu(a),
        Command::Pubkey(a) => commands::pubkey(a),
        Command::Sign(a) => commands::sign(a),
        Command::Verify(a) => commands::verify(a),
        Command::Inspect(a) => commands::inspect(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("mldsa: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks of the argument definitions (conflicts, requirements,
    /// ids), which it otherwise runs only in debug builds.
    #[test]
    fn argument_definitions_are_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
