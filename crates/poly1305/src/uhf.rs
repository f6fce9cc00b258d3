//! [`universal_hash`] 0.6 traits (feature `universal-hash`), so that
//! [`Poly1305`] can stand in for RustCrypto's `poly1305` 0.9 in code written
//! against `KeyInit` + `UniversalHash` (e.g. an AEAD, RFC 8439 §2.8).
//!
//! Trait `update` takes whole blocks, each with the 2^128 bit (RFC 8439
//! §2.5.1); `update_padded` zero-pads a partial last block to a whole one,
//! as RFC 8439 §2.8 does for the AEAD's AAD and ciphertext.

use crate::{BLOCK_SIZE, Poly1305};
use universal_hash::array::Array;
use universal_hash::common::{BlockSizeUser, KeySizeUser, ParBlocksSizeUser};
use universal_hash::consts::{U1, U16, U32};
use universal_hash::{Block, Key, KeyInit, UhfBackend, UhfClosure, UniversalHash};

impl KeySizeUser for Poly1305 {
    type KeySize = U32;
}

impl KeyInit for Poly1305 {
    fn new(key: &Key<Self>) -> Self {
        Poly1305::new(&(*key).into())
    }
}

impl BlockSizeUser for Poly1305 {
    type BlockSize = U16;
}

/// One block at a time through [`Poly1305::update`]; only reached by
/// callers of `update_with_backend`, as `update` is overridden below.
struct Blocks<'a>(&'a mut Poly1305);

impl BlockSizeUser for Blocks<'_> {
    type BlockSize = U16;
}

impl ParBlocksSizeUser for Blocks<'_> {
    type ParBlocksSize = U1;
}

impl UhfBackend for Blocks<'_> {
    fn proc_block(&mut self, block: &Block<Self>) {
        self.0.update(block);
    }
}

impl UniversalHash for Poly1305 {
    fn update_with_backend(&mut self, f: impl UhfClosure<BlockSize = Self::BlockSize>) {
        f.call(&mut Blocks(self));
    }

    fn update(&mut self, blocks: &[Block<Self>]) {
        Poly1305::update(self, Array::cast_slice_to_core(blocks).as_flattened());
    }

    fn update_padded(&mut self, data: &[u8]) {
        let full = data.len() & !(BLOCK_SIZE - 1);
        Poly1305::update(self, &data[..full]);
        let tail = &data[full..];
        if !tail.is_empty() {
            let mut block = [0u8; BLOCK_SIZE];
            block[..tail.len()].copy_from_slice(tail);
            Poly1305::update(self, &block);
        }
    }

    fn finalize(self) -> Block<Self> {
        Poly1305::finalize(self).into_bytes().into()
    }
}
