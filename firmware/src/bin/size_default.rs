//! Code-size probe: keygen, sign and verify of the default strategy for all three parameter
//! sets, and nothing of the low-memory one. Built, never run (`llvm-size` reads its `.text`).

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;
use cortex_m_rt::entry;
use mldsa_core::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey};

#[inline(never)]
fn all<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(black_box(&[1; 32]));
    let sig = sk.sign_with_rnd(black_box(b"m"), b"", black_box(&[2; 32]));
    if let Ok(sig) = sig {
        black_box(sk.verifying_key().verify(b"m", b"", &sig).is_ok());
    }
}

#[entry]
fn main() -> ! {
    all::<MlDsa44>();
    all::<MlDsa65>();
    all::<MlDsa87>();
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}
