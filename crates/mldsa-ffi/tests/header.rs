//! include/mldsa.h agrees with the library: the size macros with the parameter sets, the
//! status values with [`Status`], the pre-hash ids with `PreHash::ALL`, the μ context's size.
//! (.ci/ffi.sh checks that the declared functions are exactly the exported symbols.)

use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash};
use mldsa_ffi::{MldsaMuCtx, Status};

const HEADER: &str = include_str!("../include/mldsa.h");

/// The integer value of `name` in the header (`#define name v` or `name = v,` in an enum).
fn value(name: &str) -> i64 {
    let hits: Vec<i64> = HEADER
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("#define ")
                .and_then(|r| r.strip_prefix(name))
                .filter(|r| r.starts_with(' '))
                .or_else(|| l.strip_prefix(name).and_then(|r| r.strip_prefix(" = ")))?;
            let v: String = rest
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            v.parse().ok()
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{name}: expected one definition, found {hits:?}"
    );
    hits[0]
}

fn sizes<P: ParameterSet>(n: &str) {
    let get = |s: &str| usize::try_from(value(&format!("MLDSA{n}_{s}"))).unwrap();
    assert_eq!(get("PUBLICKEYBYTES"), P::PK_BYTES, "{}", P::NAME);
    assert_eq!(get("SECRETKEYBYTES"), P::SK_BYTES, "{}", P::NAME);
    assert_eq!(get("BYTES"), P::SIG_BYTES, "{}", P::NAME);
}

#[test]
fn size_macros() {
    sizes::<MlDsa44>("44");
    sizes::<MlDsa65>("65");
    sizes::<MlDsa87>("87");
    assert_eq!(value("MLDSA_SEEDBYTES"), 32);
    assert_eq!(value("MLDSA_RNDBYTES"), 32);
    assert_eq!(value("MLDSA_MUBYTES"), 64);
    assert_eq!(value("MLDSA_CTX_MAXBYTES"), 255);
    let longest = PreHash::ALL.iter().map(|p| p.output_len()).max().unwrap();
    assert_eq!(
        value("MLDSA_PREHASH_MAXBYTES"),
        i64::try_from(longest).unwrap()
    );
}

#[test]
fn status_values() {
    let all = [
        ("MLDSA_OK", Status::Ok),
        ("MLDSA_ERR_NULL_POINTER", Status::NullPointer),
        ("MLDSA_ERR_BAD_LENGTH", Status::BadLength),
        ("MLDSA_ERR_BAD_CONTEXT_LENGTH", Status::BadContextLength),
        ("MLDSA_ERR_INVALID_SIGNATURE", Status::InvalidSignature),
        ("MLDSA_ERR_MALFORMED_KEY", Status::MalformedKey),
        ("MLDSA_ERR_RNG", Status::RngFailure),
        ("MLDSA_ERR_BAD_PREHASH", Status::BadPrehash),
        ("MLDSA_ERR_BAD_STATE", Status::BadState),
    ];
    for (name, s) in all {
        assert_eq!(value(name), s as i64, "{name}");
    }
    // No other status value in the header.
    let declared = HEADER
        .lines()
        .filter(|l| l.trim().starts_with("MLDSA_OK") || l.trim().starts_with("MLDSA_ERR_"))
        .count();
    assert_eq!(declared, all.len());
}

#[test]
fn prehash_ids() {
    for (i, p) in PreHash::ALL.iter().enumerate() {
        // "SHA2-512/224" -> MLDSA_PREHASH_SHA2_512_224, "SHAKE-128" -> MLDSA_PREHASH_SHAKE128.
        let name = p.name().replace("SHAKE-", "SHAKE").replace(['-', '/'], "_");
        assert_eq!(
            value(&format!("MLDSA_PREHASH_{name}")),
            i64::try_from(i + 1).unwrap(),
            "{}",
            p.name()
        );
    }
}

#[test]
fn mu_context_size() {
    let line = HEADER
        .lines()
        .find(|l| l.trim().starts_with("uint64_t opaque["))
        .expect("the mldsa_mu_ctx field");
    let n: usize = line.trim()["uint64_t opaque[".len()..]
        .trim_end_matches("];")
        .parse()
        .expect("a number of words");
    assert_eq!(n * 8, size_of::<MldsaMuCtx>());
    assert_eq!(align_of::<MldsaMuCtx>(), align_of::<u64>());
}
