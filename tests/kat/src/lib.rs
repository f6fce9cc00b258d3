//! Shared helpers of the known-answer tests: reading the vectors of `tests/vectors` (through
//! `kat-vectors`, which checks each file against its SOURCE.md) and dispatching over the three
//! parameter sets.

/// The checked contents of a vector file of `tests/vectors`, by its name in SOURCE.md's table
/// (`nistkat/ML-DSA-44.nistkat-count0.txt`). A missing, unlisted or altered file panics.
pub fn read_vector(rel: &str) -> &'static str {
    kat_vectors::text(rel)
}

/// Decodes hex (either case).
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex in vector file: {e}"))
}

/// The ACVP JSON files of one vector set, and helpers to read their test cases.
pub mod acvp {
    use serde_json::Value;
    use std::collections::HashMap;

    /// `acvp/<dir>/<file>` parsed (see [`super::read_vector`]).
    pub fn load(dir: &str, file: &str) -> Value {
        let text = super::read_vector(&format!("acvp/{dir}/{file}"));
        serde_json::from_str(text).expect("valid JSON")
    }

    /// The expected results of `dir` by tcId.
    pub fn expected(dir: &str) -> HashMap<u64, Value> {
        let v = load(dir, "expectedResults.json");
        let mut m = HashMap::new();
        for g in v["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                m.insert(t["tcId"].as_u64().expect("tcId"), t.clone());
            }
        }
        m
    }

    /// A hex field of a test case.
    pub fn hexf(t: &Value, k: &str) -> Vec<u8> {
        super::unhex(t[k].as_str().unwrap_or_else(|| panic!("missing field {k}")))
    }

    /// How one implementation (a backend, a memory strategy) answers each kind of ACVP case.
    pub trait Cases {
        /// Checks a keyGen case against its expected result.
        fn keygen<P: mldsa_core::ParameterSet>(&self, t: &Value, want: &Value);
        /// The signature of a sigGen case in group `g`.
        fn sign<P: mldsa_core::ParameterSet>(&self, g: &Value, t: &Value) -> Vec<u8>;
        /// Whether the signature of a sigVer case in group `g` verifies.
        fn verify<P: mldsa_core::ParameterSet>(&self, g: &Value, t: &Value) -> bool;
    }

    /// Every test case of `file` in `dir`, with its group and parameter set name.
    fn each_case(dir: &str, mut f: impl FnMut(&str, &Value, &Value)) -> usize {
        let prompt = load(dir, "prompt.json");
        let mut n = 0;
        for g in prompt["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                f(g["parameterSet"].as_str().expect("parameterSet"), g, t);
                n += 1;
            }
        }
        n
    }

    macro_rules! by_set {
        ($set:expr, $c:expr, $method:ident ( $($arg:expr),* )) => {
            match $set {
                "ML-DSA-44" => $c.$method::<mldsa_core::MlDsa44>($($arg),*),
                "ML-DSA-65" => $c.$method::<mldsa_core::MlDsa65>($($arg),*),
                "ML-DSA-87" => $c.$method::<mldsa_core::MlDsa87>($($arg),*),
                other => panic!("unknown parameter set {other}"),
            }
        };
    }

    /// All 75 keyGen cases.
    pub fn run_keygen(c: &impl Cases) {
        let dir = "ML-DSA-keyGen-FIPS204";
        let want = expected(dir);
        let n = each_case(dir, |set, _, t| {
            by_set!(set, c, keygen(t, &want[&t["tcId"].as_u64().expect("tcId")]))
        });
        assert_eq!(n, 75);
    }

    /// All `total` sigGen cases of `dir`, each signature compared with the expected one.
    pub fn run_siggen(c: &impl Cases, dir: &str, total: usize) {
        let want = expected(dir);
        let n = each_case(dir, |set, g, t| {
            let tc = t["tcId"].as_u64().expect("tcId");
            let sig = by_set!(set, c, sign(g, t));
            let expect = want[&tc]["signature"].as_str().expect("signature");
            assert_eq!(hex::encode_upper(sig), expect, "{dir} tcId {tc}");
        });
        assert_eq!(n, total);
    }

    /// All 180 sigVer cases (36 valid), each verdict compared with the expected one.
    pub fn run_sigver(c: &impl Cases) {
        let dir = "ML-DSA-sigVer-FIPS204";
        let want = expected(dir);
        let mut passed = 0;
        let n = each_case(dir, |set, g, t| {
            let tc = t["tcId"].as_u64().expect("tcId");
            let ok = by_set!(set, c, verify(g, t));
            assert_eq!(
                ok,
                want[&tc]["testPassed"].as_bool().expect("testPassed"),
                "sigVer tcId {tc}"
            );
            passed += ok as usize;
        });
        assert_eq!((n, passed), (180, 36));
    }

    /// μ of a sigGen or sigVer case in group `g`, for a key whose tr is `tr`: external pure
    /// (M′ = 0 ‖ |ctx| ‖ ctx ‖ M), external pre-hash (HashML-DSA), internal (M′ given) or
    /// external μ (given).
    pub fn mu_of_case(g: &Value, t: &Value, tr: &[u8; 64]) -> [u8; 64] {
        use mldsa_core::{MuBuilder, PreHash};
        if g["signatureInterface"] == "internal" {
            if g["externalMu"].as_bool() == Some(true) {
                return hexf(t, "mu").try_into().expect("64-byte mu");
            }
            let mut b = MuBuilder::internal(tr);
            b.update(&hexf(t, "message"));
            return b.finalize();
        }
        let (msg, ctx) = (hexf(t, "message"), hexf(t, "context"));
        if g["preHash"] == "preHash" {
            let alg = PreHash::from_name(t["hashAlg"].as_str().expect("hashAlg")).expect("known");
            MuBuilder::prehashed(tr, &ctx, &alg.digest(&msg)).expect("context ≤ 255 bytes")
        } else {
            let mut b = MuBuilder::new(tr, &ctx).expect("context ≤ 255 bytes");
            b.update(&msg);
            b.finalize()
        }
    }
}
