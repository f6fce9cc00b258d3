//! The `universal-hash` traits against RustCrypto's `poly1305`, driven by
//! the same generic code (feature `universal-hash`).

use proptest::prelude::*;
use rustcrypto_poly1305::universal_hash::common::{BlockSizeUser, KeySizeUser};
use rustcrypto_poly1305::universal_hash::consts::{U16, U32};
use rustcrypto_poly1305::universal_hash::{KeyInit, UniversalHash};

/// `update_padded` over `parts`, a whole-block `update`, then `finalize`.
fn tag<U>(key: &[u8; 32], parts: &[&[u8]], blocks: &[[u8; 16]]) -> [u8; 16]
where
    U: KeyInit + KeySizeUser<KeySize = U32> + UniversalHash + BlockSizeUser<BlockSize = U16>,
{
    let mut u = U::new(&(*key).into());
    for p in parts {
        u.update_padded(p);
    }
    let blocks: Vec<_> = blocks.iter().map(|b| (*b).into()).collect();
    u.update(&blocks);
    let out = u.finalize();
    let mut t = [0u8; 16];
    t.copy_from_slice(&out);
    t
}

proptest! {
    #[test]
    fn matches_rustcrypto(
        key in any::<[u8; 32]>(),
        a in proptest::collection::vec(any::<u8>(), 0..300),
        b in proptest::collection::vec(any::<u8>(), 0..3000),
        blocks in proptest::collection::vec(any::<[u8; 16]>(), 0..40),
    ) {
        let parts: [&[u8]; 2] = [&a, &b];
        prop_assert_eq!(
            tag::<poly1305_simd::Poly1305>(&key, &parts, &blocks),
            tag::<rustcrypto_poly1305::Poly1305>(&key, &parts, &blocks)
        );
    }

    #[test]
    fn verify_via_trait(key in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 0..600)) {
        let want = tag::<rustcrypto_poly1305::Poly1305>(&key, &[&msg], &[]);
        let mut ours = <poly1305_simd::Poly1305 as KeyInit>::new(&key.into());
        ours.update_padded(&msg);
        prop_assert!(UniversalHash::verify(ours.clone(), &want.into()).is_ok());
        let mut bad = want;
        bad[0] ^= 1;
        prop_assert!(UniversalHash::verify(ours, &bad.into()).is_err());
    }
}
