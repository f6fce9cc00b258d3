//! The subcommands.

use crate::files::{is_stdio, read_small, stream, write_output};
use crate::{
    ContextArgs, Failure, InspectArgs, KeyInput, KeygenArgs, MuArgs, PassphraseArgs, PasswdArgs,
    PubkeyArgs, SignArgs, VerifyArgs,
};
use mldsa_cli::keyfile::{
    Alg, Format, KeyForm, PrivateKey, encrypt_der, looks_private, parse_private_with, parse_public,
    pem, private_der_v2, public_der, reason,
};
use mldsa_cli::with_alg;
use mldsa_simd::pkcs8::ScryptCost;
use mldsa_simd::{Error, MuBuilder, ParameterSet, PreHash, Signature, SigningKey, VerifyingKey};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The scrypt cost of keys the command encrypts (see the README for the choice).
const SCRYPT: ScryptCost = ScryptCost::DEFAULT;

/// 32 bytes from the operating system's generator.
fn random32() -> Result<Zeroizing<[u8; 32]>, Failure> {
    let mut b = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut b[..]).map_err(|e| Failure::input(format!("random generator: {e}")))?;
    Ok(b)
}

/// Prefixes an error with the file it concerns.
fn at(path: &Path) -> impl Fn(String) -> Failure + '_ {
    move |e| Failure::input(format!("{}: {e}", path.display()))
}

/// A passphrase from `--passphrase-file` (its first line), `--passphrase-env`, or the
/// terminal (echo off; asked twice when `confirm`). Empty passphrases are refused.
fn passphrase(
    args: &PassphraseArgs,
    prompt: &str,
    confirm: bool,
) -> Result<Zeroizing<String>, String> {
    let pass = if let Some(f) = &args.passphrase_file {
        first_line(f)?
    } else if let Some(var) = &args.passphrase_env {
        let v =
            std::env::var_os(var).ok_or_else(|| format!("--passphrase-env: {var} is not set"))?;
        Zeroizing::new(
            v.into_string()
                .map_err(|_| format!("--passphrase-env: {var} is not UTF-8"))?,
        )
    } else {
        let ask = |p: &str| {
            rpassword::prompt_password(p).map(Zeroizing::new).map_err(|e| {
                format!(
                    "cannot ask for the passphrase on the terminal ({e}): give --passphrase-file or --passphrase-env"
                )
            })
        };
        let first = ask(prompt)?;
        if confirm && !first.is_empty() {
            let again = ask("Again: ")?;
            if *again != *first {
                return Err("the passphrases do not match".into());
            }
        }
        first
    };
    if pass.is_empty() {
        return Err("empty passphrase".into());
    }
    Ok(pass)
}

/// The first line of a passphrase file (without its line ending).
fn first_line(f: &Path) -> Result<Zeroizing<String>, String> {
    let data = read_small(f, "passphrase").map_err(|e| e.message)?;
    let text = core::str::from_utf8(&data)
        .map_err(|_| format!("{}: passphrase file is not UTF-8", f.display()))?;
    let line = text.split('\n').next().unwrap_or("");
    Ok(Zeroizing::new(
        line.strip_suffix('\r').unwrap_or(line).to_string(),
    ))
}

/// PEM, DER or raw bytes of a private key in its form (and with its PKCS#8 v2 public key, if
/// it had one), encrypted with `pass` if given.
fn encode_private(
    k: &PrivateKey,
    format: Format,
    pass: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let seed = k.seed.as_deref().copied().unwrap_or([0; 32]);
    let seed = Zeroizing::new(seed);
    let expanded = k.expanded.as_deref().map(|e| &e[..]).unwrap_or(&[]);
    let fail = |e: String| Failure::input(e);
    if format == Format::Raw {
        if pass.is_some() {
            return Err(Failure::input(
                "raw key files cannot be encrypted: use pem or der",
            ));
        }
        return Ok(match k.form {
            KeyForm::Seed => Zeroizing::new(seed.to_vec()),
            _ => Zeroizing::new(expanded.to_vec()),
        });
    }
    let plain =
        private_der_v2(k.alg, k.form, &seed, expanded, k.public.as_deref()).map_err(fail)?;
    let (der, label) = match pass {
        None => (plain, "PRIVATE KEY"),
        Some(p) => {
            let enc = encrypt_der(&plain, p.as_bytes(), SCRYPT).map_err(fail)?;
            (enc.to_bytes(), "ENCRYPTED PRIVATE KEY")
        }
    };
    match format {
        Format::Pem => Ok(Zeroizing::new(
            pem(label, &der).map_err(fail)?.as_bytes().to_vec(),
        )),
        _ => Ok(der),
    }
}

fn encode_public(alg: Alg, format: Format, pk: &[u8]) -> Result<Vec<u8>, Failure> {
    let fail = |e: String| Failure::input(e);
    Ok(match format {
        Format::Raw => pk.to_vec(),
        Format::Der => public_der(alg, pk).map_err(fail)?,
        Format::Pem => pem("PUBLIC KEY", &public_der(alg, pk).map_err(fail)?)
            .map_err(fail)?
            .as_bytes()
            .to_vec(),
    })
}

/// The signing key a decoded private key file describes. A file with both a seed and an
/// expanded key (or a PKCS#8 v2 public key) is refused unless they all agree.
fn signing_key<P: ParameterSet>(k: &PrivateKey, path: &Path) -> Result<SigningKey<P>, Failure> {
    k.parts().to_signing_key().map_err(|e| {
        at(path)(match e {
            mldsa_simd::pkcs8::KeyFormatError::SeedExpandedMismatch => {
                "the seed and the expanded key in this file do not belong together".into()
            }
            mldsa_simd::pkcs8::KeyFormatError::PublicKeyMismatch => {
                "the public key in this file does not match its private key".into()
            }
            e => reason(e),
        })
    })
}

/// Reads a private key file, asking for its passphrase if it is encrypted.
fn read_private(path: &Path, input: &KeyInput) -> Result<PrivateKey, Failure> {
    let data = read_small(path, "key")?;
    read_private_data(&data, path, input.key_format, input.alg, &input.pass)
}

fn read_private_data(
    data: &[u8],
    path: &Path,
    format: Option<Format>,
    alg: Option<Alg>,
    pass: &PassphraseArgs,
) -> Result<PrivateKey, Failure> {
    let prompt = format!("Passphrase for {}: ", path.display());
    parse_private_with(data, format, alg, &mut || passphrase(pass, &prompt, false))
        .map_err(at(path))
}

/// Refuses to overwrite an existing output without `--force` (commands read and check their
/// inputs first, so that an error in them is the one reported).
fn check_absent(path: &Path, force: bool) -> Result<(), Failure> {
    if !force && !is_stdio(path) && path.exists() {
        return Err(Failure::input(format!(
            "{}: file exists (use --force to overwrite)",
            path.display()
        )));
    }
    Ok(())
}

pub fn keygen(a: KeygenArgs) -> Result<(), Failure> {
    if a.format == Format::Raw && a.key_form == KeyForm::Both {
        return Err(Failure::input("--format raw cannot hold --key-form both"));
    }
    let encrypt = a.encrypt || a.pass.passphrase_file.is_some() || a.pass.passphrase_env.is_some();
    if encrypt && a.format == Format::Raw {
        return Err(Failure::input(
            "raw key files cannot be encrypted: use --format pem or der",
        ));
    }
    let out = a.out.unwrap_or_else(|| PathBuf::from("-"));
    check_absent(&out, a.force)?;
    if let Some(p) = &a.public {
        check_absent(p, a.force)?;
    }
    let seed = match &a.seed {
        Some(h) => {
            let bytes =
                Zeroizing::new(hex::decode(h).map_err(|e| Failure::input(format!("--seed: {e}")))?);
            let s: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                Failure::input(format!(
                    "--seed must be 32 bytes (64 hex digits), got {}",
                    bytes.len()
                ))
            })?;
            Zeroizing::new(s)
        }
        None => random32()?,
    };
    let pass = if encrypt {
        let prompt = format!("Passphrase for the new key {}: ", out.display());
        Some(passphrase(&a.pass, &prompt, true).map_err(Failure::input)?)
    } else {
        None
    };
    with_alg!(a.alg, P => {
        // Both encodings straight from key generation: no ready-to-sign key is built.
        let (pk, expanded) = SigningKey::<P>::encoded_from_seed(&seed);
        let expanded = Zeroizing::new(expanded);
        let key = PrivateKey {
            alg: a.alg,
            format: a.format,
            form: a.key_form,
            seed: Some(seed),
            expanded: Some(Zeroizing::new(expanded.as_ref().to_vec())),
            public: None,
            encryption: None,
        };
        let private = encode_private(&key, a.format, pass.as_deref().map(|p| p.as_str()))?;
        write_output(&out, &private, true, a.force)?;
        if pass.is_none() && !is_stdio(&out) && a.seed.is_none() {
            use std::io::IsTerminal;
            if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
                eprintln!(
                    "mldsa: note: {} is not encrypted; `mldsa passwd {}` adds a passphrase",
                    out.display(),
                    out.display()
                );
            }
        }
        if let Some(p) = &a.public {
            let public = encode_public(a.alg, a.format, pk.as_ref())?;
            write_output(p, &public, false, a.force)?;
        }
        Ok(())
    })
}

pub fn passwd(a: PasswdArgs) -> Result<(), Failure> {
    let data = read_small(&a.key, "key")?;
    let k = read_private_data(&data, &a.key, None, None, &a.pass)?;
    if k.format == Format::Raw {
        return Err(at(&a.key)("raw key files cannot be encrypted".into()));
    }
    if a.no_encrypt && k.encryption.is_none() {
        return Err(at(&a.key)("the key is not encrypted".into()));
    }
    // The key must be sound before it is rewritten.
    with_alg!(k.alg, P => signing_key::<P>(&k, &a.key).map(|_| ()))?;
    let new = if a.no_encrypt {
        None
    } else {
        let args = PassphraseArgs {
            passphrase_file: a.new_passphrase_file.clone(),
            passphrase_env: a.new_passphrase_env.clone(),
        };
        let prompt = format!("New passphrase for {}: ", a.key.display());
        Some(passphrase(&args, &prompt, true).map_err(Failure::input)?)
    };
    let bytes = encode_private(&k, k.format, new.as_deref().map(|p| p.as_str()))?;
    // Replaced atomically: a temporary file moved over the old one.
    write_output(&a.key, &bytes, true, true)
}

pub fn pubkey(a: PubkeyArgs) -> Result<(), Failure> {
    let out = a.out.unwrap_or_else(|| PathBuf::from("-"));
    let k = read_private(&a.key, &a.input)?;
    with_alg!(k.alg, P => {
        let sk = signing_key::<P>(&k, &a.key)?;
        let public = encode_public(k.alg, a.format, sk.verifying_key().as_bytes().as_ref())?;
        check_absent(&out, a.force)?;
        write_output(&out, &public, false, a.force)
    })
}

/// The context bytes and the pre-hash choice.
fn context(c: &ContextArgs) -> Result<(Vec<u8>, Option<PreHash>), Failure> {
    let ctx = match (&c.context, &c.context_hex) {
        (Some(t), _) => t.as_bytes().to_vec(),
        (None, Some(h)) => {
            hex::decode(h).map_err(|e| Failure::input(format!("--context-hex: {e}")))?
        }
        (None, None) => Vec::new(),
    };
    if ctx.len() > 255 {
        return Err(Failure::input(format!(
            "the context is {} bytes; at most 255 are allowed",
            ctx.len()
        )));
    }
    let ph = match &c.prehash {
        None => None,
        Some(name) => Some(PreHash::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = PreHash::ALL.iter().map(|p| p.name()).collect();
            Failure::input(format!(
                "unknown --prehash {name:?}; one of: {}",
                names.join(", ")
            ))
        })?),
    };
    Ok((ctx, ph))
}

/// μ of the streamed message: pure ML-DSA, or HashML-DSA with `ph`.
fn mu_of_file(
    tr: &[u8; 64],
    file: &Path,
    ctx: &[u8],
    ph: Option<PreHash>,
) -> Result<[u8; 64], Failure> {
    let lib = |e: Error| Failure::input(e.to_string());
    match ph {
        None => {
            let mut b = MuBuilder::new(tr, ctx).map_err(lib)?;
            stream(file, |chunk| {
                b.update(chunk);
            })?;
            Ok(b.finalize())
        }
        Some(ph) => {
            let mut h = ph.hasher();
            stream(file, |chunk| {
                h.update(chunk);
            })?;
            MuBuilder::prehashed(tr, ctx, &h.finalize()).map_err(lib)
        }
    }
}

fn sig_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

/// The set and pk of a public key file (or of a private key file, whose public key it
/// derives), for `verify` and `mu`.
fn read_public(path: &Path, input: &KeyInput) -> Result<(Alg, Vec<u8>), Failure> {
    let key_data = read_small(path, "key")?;
    // Raw files have no header: a private key is told apart by its length (a seed, or an
    // expanded key of the given set or any set); anything else is taken for a public key, so
    // that a wrong length is reported as a public key's.
    let private = match input.key_format {
        Some(Format::Raw) => {
            let n = key_data.len();
            n == 32
                || match input.alg {
                    Some(a) => n == a.sk_len(),
                    None => Alg::ALL.iter().any(|x| x.sk_len() == n),
                }
        }
        _ => looks_private(&key_data),
    };
    if private {
        let k = read_private_data(&key_data, path, input.key_format, input.alg, &input.pass)?;
        let pk = with_alg!(k.alg, P => signing_key::<P>(&k, path)?.verifying_key().as_bytes().as_ref().to_vec());
        Ok((k.alg, pk))
    } else {
        let p = parse_public(&key_data, input.key_format, input.alg).map_err(at(path))?;
        Ok((p.alg, p.bytes))
    }
}

/// μ given on the command line (`--mu HEX`) or in a file (64 bytes, or 128 hex digits).
fn given_mu(a: &SignArgs) -> Result<Option<[u8; 64]>, Failure> {
    let (bytes, source) = match (&a.mu, &a.mu_file) {
        (Some(h), _) => (
            hex::decode(h.trim()).map_err(|e| Failure::input(format!("--mu: {e}")))?,
            "--mu".to_string(),
        ),
        (None, Some(f)) => {
            let data = read_small(f, "μ")?;
            let bytes = if data.len() == 64 {
                data.to_vec()
            } else {
                let text = core::str::from_utf8(&data).map_err(|_| {
                    Failure::input(format!(
                        "{}: neither 64 bytes of μ nor 128 hex digits",
                        f.display()
                    ))
                })?;
                hex::decode(text.trim())
                    .map_err(|e| Failure::input(format!("{}: {e}", f.display())))?
            };
            (bytes, f.display().to_string())
        }
        (None, None) => return Ok(None),
    };
    let mu: [u8; 64] = bytes.as_slice().try_into().map_err(|_| {
        Failure::input(format!(
            "{source}: μ must be 64 bytes (128 hex digits), got {}",
            bytes.len()
        ))
    })?;
    if a.ctx.context.is_some() || a.ctx.context_hex.is_some() || a.ctx.prehash.is_some() {
        return Err(Failure::input(
            "the context and pre-hash are part of μ: give them to `mldsa mu`, not to sign --mu",
        ));
    }
    Ok(Some(mu))
}

pub fn sign(a: SignArgs) -> Result<(), Failure> {
    // Every input is read and checked first; only then is an existing output refused.
    let (ctx, ph) = context(&a.ctx)?;
    let mu = given_mu(&a)?;
    let k = read_private(&a.key, &a.input)?;
    let out = match (&a.out, &a.file) {
        (Some(o), _) => o.clone(),
        (None, Some(f)) if !is_stdio(f) => sig_path(f),
        _ => PathBuf::from("-"),
    };
    with_alg!(k.alg, P => {
        let sk = signing_key::<P>(&k, &a.key)?;
        if let Some(f) = &a.file
            && !is_stdio(f)
        {
            std::fs::File::open(f).map_err(|e| Failure::input(format!("{}: {e}", f.display())))?;
        }
        check_absent(&out, a.force)?;
        let rnd = if a.deterministic { Zeroizing::new([0u8; 32]) } else { random32()? };
        let mu = match (mu, &a.file) {
            (Some(mu), _) => mu,
            (None, Some(f)) => mu_of_file(sk.verifying_key().tr(), f, &ctx, ph)?,
            (None, None) => return Err(Failure::input("nothing to sign: give FILE, --mu or --mu-file")),
        };
        let sig = sk.sign_mu(&mu, &rnd);
        write_output(&out, sig.as_bytes(), false, a.force)
    })
}

pub fn mu(a: MuArgs) -> Result<(), Failure> {
    let (ctx, ph) = context(&a.ctx)?;
    let (alg, pk) = read_public(&a.public, &a.input)?;
    if let Some(o) = &a.out {
        check_absent(o, a.force)?;
    }
    let mu = with_alg!(alg, P => {
        let vk = VerifyingKey::<P>::from_bytes(&pk).map_err(|e| at(&a.public)(e.to_string()))?;
        mu_of_file(vk.tr(), &a.file, &ctx, ph)?
    });
    match &a.out {
        Some(o) => write_output(o, &mu, false, a.force),
        None => {
            println!("{}", hex::encode(mu));
            Ok(())
        }
    }
}

pub fn verify(a: VerifyArgs) -> Result<(), Failure> {
    let (ctx, ph) = context(&a.ctx)?;
    let sig_file = match (&a.sig, is_stdio(&a.file)) {
        (Some(s), _) => s.clone(),
        (None, false) => sig_path(&a.file),
        (None, true) => {
            return Err(Failure::input(
                "reading the message from standard input needs -s SIGNATURE",
            ));
        }
    };
    let (alg, pk) = read_public(&a.public, &a.input)?;
    let sig_bytes = read_small(&sig_file, "signature")?;
    let invalid = |why: String| Failure {
        message: if a.quiet {
            String::new()
        } else {
            format!("{}: signature INVALID ({why})", a.file.display())
        },
        code: 1,
    };
    if sig_bytes.len() != alg.sig_len() {
        // A signature that cannot verify, not a usage error.
        return Err(invalid(format!(
            "wrong length: {} bytes, {} has {}",
            sig_bytes.len(),
            alg.name(),
            alg.sig_len()
        )));
    }
    let verdict = with_alg!(alg, P => {
        let vk = VerifyingKey::<P>::from_bytes(&pk).map_err(|e| at(&a.public)(e.to_string()))?;
        let mu = mu_of_file(vk.tr(), &a.file, &ctx, ph)?;
        Signature::<P>::from_bytes(&sig_bytes).and_then(|s| vk.verify_mu(&mu, &s))
    });
    match verdict {
        Ok(()) => {
            if !a.quiet {
                println!("{}: signature OK ({})", a.file.display(), alg.name());
            }
            Ok(())
        }
        Err(e) => Err(invalid(e.to_string())),
    }
}

pub fn inspect(a: InspectArgs) -> Result<(), Failure> {
    let data = read_small(&a.file, "key")?;
    let name = a.file.display();
    let fmt = |f: Format| match f {
        Format::Pem => "PEM",
        Format::Der => "DER",
        Format::Raw => "raw",
    };
    if looks_private(&data) {
        let k = read_private_data(&data, &a.file, None, None, &a.pass)?;
        let form = match k.form {
            KeyForm::Seed => "seed (32-byte seed only)",
            KeyForm::Expanded => "expandedKey (FIPS 204 expanded key only)",
            KeyForm::Both => "both (seed and expanded key)",
        };
        let pk = with_alg!(k.alg, P => signing_key::<P>(&k, &a.file)?.verifying_key().as_bytes().as_ref().to_vec());
        println!(
            "{name}: {} private key, PKCS#8 {}{}",
            k.alg.name(),
            fmt(k.format),
            if k.encryption.is_some() {
                ", encrypted"
            } else {
                ""
            }
        );
        if let Some(e) = &k.encryption {
            println!("  encryption: {e}");
        }
        println!("  private-key CHOICE: {form}");
        if k.public.is_some() {
            println!("  PKCS#8 v2: carries its public key (checked)");
        }
        println!(
            "  sizes: public key {} bytes, expanded key {} bytes, signature {} bytes",
            k.alg.pk_len(),
            k.alg.sk_len(),
            k.alg.sig_len()
        );
        println!("  public key begins: {}..", &hex::encode(&pk[..8]));
        if a.show_secret {
            if let Some(s) = &k.seed {
                println!("  seed: {}", hex::encode(&s[..]));
            }
            if let Some(e) = &k.expanded {
                println!("  expanded key: {}", hex::encode(&e[..]));
            }
        } else {
            println!("  (secret bytes not shown; --show-secret prints them)");
        }
        return Ok(());
    }
    if let Ok(p) = parse_public(&data, None, None) {
        println!(
            "{name}: {} public key, SubjectPublicKeyInfo {}",
            p.alg.name(),
            fmt(p.format)
        );
        println!(
            "  sizes: public key {} bytes, signature {} bytes",
            p.alg.pk_len(),
            p.alg.sig_len()
        );
        return Ok(());
    }
    let n = data.len();
    for alg in Alg::ALL {
        if n == alg.sig_len() {
            let ok = with_alg!(alg, P => Signature::<P>::from_bytes(&data).and_then(|s| s.check_response()));
            let verdict = match ok {
                Ok(()) => "well-formed".to_string(),
                Err(e) => format!("malformed: {e}"),
            };
            println!(
                "{name}: {} signature, raw ({n} bytes), {verdict}",
                alg.name()
            );
            return Ok(());
        }
        if n == alg.pk_len() {
            println!(
                "{name}: {} public key, raw FIPS 204 encoding ({n} bytes)",
                alg.name()
            );
            return Ok(());
        }
        if n == alg.sk_len() {
            println!(
                "{name}: {} expanded private key, raw FIPS 204 encoding ({n} bytes)",
                alg.name()
            );
            return Ok(());
        }
    }
    if n == 32 {
        println!(
            "{name}: 32 bytes: possibly a raw ML-DSA seed (read it with --key-format raw --alg ...)"
        );
        return Ok(());
    }
    Err(Failure::input(format!(
        "{name}: not an ML-DSA key or signature ({n} bytes)"
    )))
}
