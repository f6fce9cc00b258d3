//! Code-size probe: the runtime alone (reset handler, vector table, an idle loop), the baseline
//! subtracted from `size_default` and `size_lowmem`. Built, never run.

#![no_std]
#![no_main]

use core::panic::PanicInfo;
use cortex_m_rt::entry;

#[entry]
fn main() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}
