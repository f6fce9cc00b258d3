//! Property tests: chunking invariance, every vector backend against the
//! portable one, and the portable one against RustCrypto's `poly1305`.

mod common;

use common::{engines, one_shot, streamed};
use poly1305_simd::{Backend, Key, Poly1305, Tag};
use proptest::prelude::*;
use rustcrypto_poly1305::universal_hash::KeyInit;

const SOFT: (Backend, Option<usize>) = (Backend::Soft, None);

fn oracle(key: &Key, msg: &[u8]) -> [u8; 16] {
    rustcrypto_poly1305::Poly1305::new(&(*key).into())
        .compute_unpadded(msg)
        .into()
}

/// Keys that stress carries: r and s all ones (r = max clamped), r = 1
/// (h is then a plain sum, easily driven near 2^130 − 5), zero, or random.
fn key() -> impl Strategy<Value = Key> {
    let half = prop_oneof![
        Just([0xffu8; 16]),
        Just([0u8; 16]),
        Just({
            let mut one = [0u8; 16];
            one[0] = 1;
            one
        }),
        any::<[u8; 16]>(),
    ];
    (half.clone(), half).prop_map(|(r, s)| {
        let mut k = [0u8; 32];
        k[..16].copy_from_slice(&r);
        k[16..].copy_from_slice(&s);
        k
    })
}

/// Messages of length 0..2048: random, all 0xff, or 0xff with a few random
/// bytes (partial final blocks come from the length).
fn message() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        (0usize..2048).prop_map(|n| vec![0xff; n]),
        (1usize..2048, any::<u8>(), any::<prop::sample::Index>()).prop_map(|(n, b, i)| {
            let mut v = vec![0xff; n];
            v[i.index(n)] = b;
            v
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_backend_matches_soft(key in key(), msg in message()) {
        let want = one_shot(SOFT, &key, &msg);
        for e in engines() {
            prop_assert_eq!(one_shot(e, &key, &msg), want, "{:?}", e);
        }
    }

    #[test]
    fn soft_matches_rustcrypto(key in key(), msg in message()) {
        prop_assert_eq!(one_shot(SOFT, &key, &msg).into_bytes(), oracle(&key, &msg));
    }

    #[test]
    fn any_split_gives_one_shot(
        key in any::<[u8; 32]>(),
        msg in proptest::collection::vec(any::<u8>(), 0..2048),
        cuts in proptest::collection::vec(1usize..600, 1..8),
    ) {
        for e in engines() {
            let want = one_shot(e, &key, &msg);
            prop_assert_eq!(streamed(e, &key, &msg, &cuts), want, "{:?}", e);
        }
        prop_assert_eq!(poly1305_simd::mac(&key, &msg), Tag::from(oracle(&key, &msg)));
    }

    #[test]
    fn empty_updates_change_nothing(key in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut st = Poly1305::new(&key);
        st.update(&[]);
        st.update(&msg);
        st.update(&[]);
        prop_assert_eq!(st.finalize(), poly1305_simd::mac(&key, &msg));
    }
}

/// Long inputs take the vector kernels with several iterations, the
/// lane combination and the scalar tail; 1, 17 and 4096-byte chunks too.
#[test]
fn long_inputs_all_tails() {
    let key: Key = core::array::from_fn(|i| (i as u8).wrapping_mul(29) ^ 0xa5);
    let msg: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for len in [4096, 4097, 8191, 8200, 16384, 19_999] {
        let want = oracle(&key, &msg[..len]);
        for e in engines() {
            assert_eq!(
                one_shot(e, &key, &msg[..len]).into_bytes(),
                want,
                "{e:?} {len}"
            );
            for c in [1, 17, 4096] {
                assert_eq!(
                    streamed(e, &key, &msg[..len], &[c]).into_bytes(),
                    want,
                    "{e:?} {len} {c}"
                );
            }
        }
    }
}

/// Accumulators that end just below, at and just above 2^130 − 5: with
/// r = 1, h is the plain sum of the padded blocks modulo p, and n all-0xff
/// blocks whose last block is lowered by k walk h across p. Every backend
/// (vector kernels from threshold 0) against RustCrypto, s zero and all ones.
#[test]
fn accumulator_near_p() {
    for s in [0x00u8, 0xff] {
        let mut key = [s; 32];
        key[..16].fill(0);
        key[0] = 1;
        for n in 1..=40usize {
            for k in 0..8u8 {
                let mut msg = vec![0xff; 16 * n];
                msg[16 * (n - 1)] = 0xff - k;
                let want = oracle(&key, &msg);
                for e in engines() {
                    assert_eq!(
                        one_shot(e, &key, &msg).into_bytes(),
                        want,
                        "{e:?} n={n} k={k}"
                    );
                }
            }
        }
    }
}
