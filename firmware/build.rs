//! Build script: puts `memory.x` on the linker search path and turns a few NIST ACVP ML-DSA
//! vectors (the repository's `tests/vectors/acvp`, read through `kat-vectors`, which checks
//! each file against its SOURCE.md) into `$OUT_DIR/kat.rs`: for each parameter set one keyGen
//! case (seed, SHA-256 of the expected pk and sk) and one deterministic external/pure sigGen
//! case (sk, message, context, SHA-256 of the expected signature). Only digests of the
//! expected outputs go into the image. A missing or altered vector file fails the build.

use kat_vectors::unhex;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

const SETS: [&str; 3] = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));

    fs::copy(manifest.join("memory.x"), out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");

    let files = [
        "acvp/ML-DSA-keyGen-FIPS204/prompt.json",
        "acvp/ML-DSA-keyGen-FIPS204/expectedResults.json",
        "acvp/ML-DSA-sigGen-FIPS204/prompt.json",
        "acvp/ML-DSA-sigGen-FIPS204/expectedResults.json",
    ];
    println!(
        "cargo:rerun-if-changed={}",
        kat_vectors::dir().join("SOURCE.md").display()
    );
    for f in files {
        let stored = kat_vectors::entries()
            .into_iter()
            .find(|e| e.file == f)
            .unwrap_or_else(|| panic!("{f}: not listed in tests/vectors/SOURCE.md"));
        println!(
            "cargo:rerun-if-changed={}",
            kat_vectors::dir().join(&stored.stored).display()
        );
    }
    fs::write(out.join("kat.rs"), from_vectors(&files)).expect("write kat.rs");
}

fn load(file: &str) -> Value {
    serde_json::from_str(kat_vectors::text(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string field {key}"))
}

fn groups(v: &Value) -> &Vec<Value> {
    v["testGroups"].as_array().expect("testGroups")
}

/// The test with `tcId` in the expected-results file.
fn expected(results: &Value, tc_id: u64) -> &Value {
    groups(results)
        .iter()
        .flat_map(|g| g["tests"].as_array().expect("tests"))
        .find(|t| t["tcId"].as_u64() == Some(tc_id))
        .unwrap_or_else(|| panic!("no expected result for tcId {tc_id}"))
}

fn bytes(v: &[u8]) -> String {
    let mut s = String::from("&[");
    for b in v {
        write!(s, "{b},").unwrap();
    }
    s.push(']');
    s
}

fn digest(v: &[u8]) -> String {
    format!("{:?}", <[u8; 32]>::from(Sha256::digest(v)))
}

const HEADER: &str =
    "/// Inputs and expected-output digests of the known-answer cases of one parameter set.
pub struct Kat {
    /// ACVP keyGen test case id.
    pub keygen_tc: u64,
    /// keyGen seed ξ.
    pub seed: [u8; 32],
    /// SHA-256 of the expected public key.
    pub pk_sha256: [u8; 32],
    /// SHA-256 of the expected (expanded) secret key.
    pub sk_sha256: [u8; 32],
    /// ACVP sigGen test case id (deterministic, external interface, pure).
    pub sign_tc: u64,
    /// Expanded secret key to sign with; empty: sign with the keyGen case's key.
    pub sk: &'static [u8],
    /// Message.
    pub msg: &'static [u8],
    /// Context string.
    pub ctx: &'static [u8],
    /// SHA-256 of the expected signature.
    pub sig_sha256: [u8; 32],
}
";

fn from_vectors(files: &[&str; 4]) -> String {
    let [kg_prompt, kg_results, sg_prompt, sg_results] = files.each_ref().map(|f| load(f));
    let mut code = String::from(HEADER);
    for set in SETS {
        // keyGen: the first case of the set.
        let g = groups(&kg_prompt)
            .iter()
            .find(|g| g["parameterSet"] == set)
            .unwrap_or_else(|| panic!("no keyGen group for {set}"));
        let t = &g["tests"][0];
        let kg_tc = t["tcId"].as_u64().expect("tcId");
        let seed = unhex(str_field(t, "seed"));
        let e = expected(&kg_results, kg_tc);
        let (pk, sk) = (unhex(str_field(e, "pk")), unhex(str_field(e, "sk")));

        // sigGen: the deterministic external pure case with the shortest message and context.
        let g = groups(&sg_prompt)
            .iter()
            .find(|g| {
                g["parameterSet"] == set
                    && g["deterministic"] == true
                    && g["signatureInterface"] == "external"
                    && g["preHash"] == "pure"
            })
            .unwrap_or_else(|| panic!("no deterministic external pure sigGen group for {set}"));
        let t = g["tests"]
            .as_array()
            .expect("tests")
            .iter()
            .min_by_key(|t| str_field(t, "message").len() + str_field(t, "context").len())
            .expect("a sigGen case");
        let sg_tc = t["tcId"].as_u64().expect("tcId");
        let sig = unhex(str_field(expected(&sg_results, sg_tc), "signature"));
        let ident = set.replace('-', "_");
        writeln!(
            code,
            "/// {set}: ACVP keyGen tcId {kg_tc}, sigGen tcId {sg_tc}.\n\
             pub const {ident}: Kat = Kat {{ keygen_tc: {kg_tc}, seed: {seed:?}, \
             pk_sha256: {pkd}, sk_sha256: {skd}, sign_tc: {sg_tc}, sk: {sk_bytes}, msg: {msg}, \
             ctx: {ctx}, sig_sha256: {sigd} }};",
            seed = <[u8; 32]>::try_from(seed).expect("32-byte seed"),
            pkd = digest(&pk),
            skd = digest(&sk),
            sk_bytes = bytes(&unhex(str_field(t, "sk"))),
            msg = bytes(&unhex(str_field(t, "message"))),
            ctx = bytes(&unhex(str_field(t, "context"))),
            sigd = digest(&sig),
        )
        .unwrap();
    }
    code
}
