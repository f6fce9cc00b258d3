//! Code-size probe: keygen, sign and verify of the low-memory strategy for all three
//! parameter sets, and nothing of the default one. Built, never run (`llvm-size` reads its
//! `.text`).

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;
use cortex_m_rt::entry;
use mldsa_core::lowmem;
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};

/// Buffers as large as ML-DSA-87 needs, shared by the three sets.
static mut BUF: [u8; 2592 + 4896 + 4627] = [0; 2592 + 4896 + 4627];

#[inline(never)]
fn all<P: ParameterSet>(buf: &mut [u8]) {
    let (pk, rest) = buf.split_at_mut(P::PK_BYTES);
    let (sk, rest) = rest.split_at_mut(P::SK_BYTES);
    let sig = &mut rest[..P::SIG_BYTES];
    if lowmem::keygen::<P>(black_box(&[1; 32]), pk, sk).is_err() {
        return;
    }
    if lowmem::sign::<P>(sk, black_box(b"m"), b"", black_box(&[2; 32]), sig).is_ok() {
        black_box(lowmem::verify::<P>(pk, b"m", b"", sig).is_ok());
    }
}

#[entry]
fn main() -> ! {
    // SAFETY: the only reference to BUF, taken once in the single-threaded entry function.
    let buf = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
    all::<MlDsa44>(buf);
    all::<MlDsa65>(buf);
    all::<MlDsa87>(buf);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}
