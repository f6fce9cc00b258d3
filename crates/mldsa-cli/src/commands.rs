//! The subcommands.

use crate::files::{is_stdio, read_small, stream, write_output};
use crate::{
    ContextArgs, Failure, InspectArgs, KeyInput, KeygenArgs, PubkeyArgs, SignArgs, VerifyArgs,
};
use mldsa_cli::keyfile::{
    Alg, Format, KeyForm, PrivateKey, looks_private, parse_private, parse_public, pem, private_der,
    public_der,
};
use mldsa_cli::with_alg;
use mldsa_simd::{Error, MuBuilder, ParameterSet, PreHash, Signature, SigningKey, VerifyingKey};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

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

/// Equal without an early exit (the compared keys are secret).
fn ct_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn encode_private(
    alg: Alg,
    format: Format,
    form: KeyForm,
    seed: &[u8; 32],
    expanded: &[u8],
) -> Zeroizing<Vec<u8>> {
    match (format, form) {
        (Format::Raw, KeyForm::Seed) => Zeroizing::new(seed.to_vec()),
        (Format::Raw, _) => Zeroizing::new(expanded.to_vec()),
        (Format::Der, _) => private_der(alg, form, seed, expanded),
        (Format::Pem, _) => {
            let der = private_der(alg, form, seed, expanded);
            Zeroizing::new(pem("PRIVATE KEY", &der).as_bytes().to_vec())
        }
    }
}

fn encode_public(alg: Alg, format: Format, pk: &[u8]) -> Vec<u8> {
    match format {
        Format::Raw => pk.to_vec(),
        Format::Der => public_der(alg, pk),
        Format::Pem => pem("PUBLIC KEY", &public_der(alg, pk)).as_bytes().to_vec(),
    }
}

/// The signing key a decoded private key file describes. A file with both a seed and an
/// expanded key (or a PKCS#8 v2 public key) is refused unless they all agree.
fn signing_key<P: ParameterSet>(k: &PrivateKey, path: &Path) -> Result<SigningKey<P>, Failure> {
    let sk = match (&k.seed, &k.expanded) {
        (Some(seed), _) => SigningKey::<P>::from_seed(seed),
        (None, Some(e)) => SigningKey::<P>::from_expanded(e)
            .map_err(|e| at(path)(format!("expanded private key rejected: {e}")))?,
        (None, None) => unreachable!("a parsed private key has a seed or an expanded key"),
    };
    if let (Some(_), Some(e)) = (&k.seed, &k.expanded) {
        let derived = Zeroizing::new(sk.to_expanded());
        if !ct_equal(derived.as_ref(), e) {
            return Err(at(path)(
                "the seed and the expanded key in this file do not belong together".into(),
            ));
        }
    }
    if let Some(pk) = &k.public
        && pk.as_slice() != sk.verifying_key().as_bytes().as_ref()
    {
        return Err(at(path)(
            "the public key in this file does not match its private key".into(),
        ));
    }
    Ok(sk)
}

fn read_private(path: &Path, input: &KeyInput) -> Result<PrivateKey, Failure> {
    let data = Zeroizing::new(read_small(path)?);
    parse_private(&data, input.key_format, input.alg).map_err(at(path))
}

/// Refuses early (before any work) to overwrite an existing output.
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
    with_alg!(a.alg, P => {
        // Both encodings straight from key generation: no ready-to-sign key is built.
        let (pk, expanded) = SigningKey::<P>::encoded_from_seed(&seed);
        let expanded = Zeroizing::new(expanded);
        let private = encode_private(a.alg, a.format, a.key_form, &seed, expanded.as_ref());
        write_output(&out, &private, true, a.force)?;
        if let Some(p) = &a.public {
            let public = encode_public(a.alg, a.format, pk.as_ref());
            write_output(p, &public, false, a.force)?;
        }
        Ok(())
    })
}

pub fn pubkey(a: PubkeyArgs) -> Result<(), Failure> {
    let out = a.out.unwrap_or_else(|| PathBuf::from("-"));
    check_absent(&out, a.force)?;
    let k = read_private(&a.key, &a.input)?;
    with_alg!(k.alg, P => {
        let sk = signing_key::<P>(&k, &a.key)?;
        write_output(&out, &encode_public(k.alg, a.format, sk.verifying_key().as_bytes().as_ref()), false, a.force)
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

pub fn sign(a: SignArgs) -> Result<(), Failure> {
    let (ctx, ph) = context(&a.ctx)?;
    let out = a.out.clone().unwrap_or_else(|| {
        if is_stdio(&a.file) {
            PathBuf::from("-")
        } else {
            sig_path(&a.file)
        }
    });
    check_absent(&out, a.force)?;
    let k = read_private(&a.key, &a.input)?;
    with_alg!(k.alg, P => {
        let sk = signing_key::<P>(&k, &a.key)?;
        let rnd = if a.deterministic { Zeroizing::new([0u8; 32]) } else { random32()? };
        let mu = mu_of_file(sk.verifying_key().tr(), &a.file, &ctx, ph)?;
        let sig = sk.sign_mu(&mu, &rnd);
        write_output(&out, sig.as_bytes(), false, a.force)
    })
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
    let key_data = Zeroizing::new(read_small(&a.public)?);
    // Raw files have no header: a public key is told apart by its length.
    let private = match a.input.key_format {
        Some(Format::Raw) => !Alg::ALL.iter().any(|x| x.pk_len() == key_data.len()),
        _ => looks_private(&key_data),
    };
    let (alg, pk) = if private {
        let k = parse_private(&key_data, a.input.key_format, a.input.alg).map_err(at(&a.public))?;
        let pk = with_alg!(k.alg, P => signing_key::<P>(&k, &a.public)?.verifying_key().as_bytes().as_ref().to_vec());
        (k.alg, pk)
    } else {
        let p = parse_public(&key_data, a.input.key_format, a.input.alg).map_err(at(&a.public))?;
        (p.alg, p.bytes)
    };
    let sig_bytes = read_small(&sig_file)?;
    if sig_bytes.len() != alg.sig_len() {
        return Err(Failure::input(format!(
            "{}: {} bytes is not an {} signature ({} bytes)",
            sig_file.display(),
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
        Err(e) => Err(Failure {
            message: if a.quiet {
                String::new()
            } else {
                format!("{}: signature INVALID ({e})", a.file.display())
            },
            code: 1,
        }),
    }
}

pub fn inspect(a: InspectArgs) -> Result<(), Failure> {
    let data = Zeroizing::new(read_small(&a.file)?);
    let name = a.file.display();
    let fmt = |f: Format| match f {
        Format::Pem => "PEM",
        Format::Der => "DER",
        Format::Raw => "raw",
    };
    if looks_private(&data) {
        let k = parse_private(&data, None, None).map_err(at(&a.file))?;
        let form = match k.form {
            KeyForm::Seed => "seed (32-byte seed only)",
            KeyForm::Expanded => "expandedKey (FIPS 204 expanded key only)",
            KeyForm::Both => "both (seed and expanded key)",
        };
        let pk = with_alg!(k.alg, P => signing_key::<P>(&k, &a.file)?.verifying_key().as_bytes().as_ref().to_vec());
        println!(
            "{name}: {} private key, PKCS#8 {}",
            k.alg.name(),
            fmt(k.format)
        );
        println!("  private-key CHOICE: {form}");
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
            let ok = with_alg!(alg, P => Signature::<P>::from_bytes(&data).map(|_| ()));
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
