//! Peak-stack measurement by stack painting.
//!
//! [`measure`] fills the free stack, from the bottom of the stack region (`_stack_end`, set in
//! `memory.x`) up to the current stack pointer, with [`PATTERN`], runs the operation, and scans
//! upwards from the bottom for the first word that no longer holds the pattern: the distance
//! from the stack pointer at the call to that word is the operation's peak stack, including the
//! frames of the closure that calls it (a few dozen bytes). A word the operation happened to
//! write with the pattern value itself is missed, so the figure can be low by a few words.
//!
//! Painting and scanning are inline assembly that uses registers only, so nothing of theirs
//! lands in the painted region. All of the firmware's raw memory accesses live here.

use core::arch::asm;

/// The paint.
const PATTERN: u32 = 0xA5C3_5A3C;

unsafe extern "C" {
    /// Lowest address of the stack region (linker script symbol, 4-byte aligned).
    static _stack_end: u32;
    /// Start of `.text` (cortex-m-rt's linker script).
    static __stext: u32;
    /// End of `.text`.
    static __etext: u32;
    /// Start of `.rodata`.
    static __srodata: u32;
    /// End of `.rodata`.
    static __erodata: u32;
}

/// Sizes in bytes of the image's `.text` (code) and `.rodata` (constants, including the
/// known-answer inputs), from the linker script's section boundary symbols.
pub fn image_sizes() -> (usize, usize) {
    let text = &raw const __etext as usize - &raw const __stext as usize;
    let rodata = &raw const __erodata as usize - &raw const __srodata as usize;
    (text, rodata)
}

/// Result of [`measure`].
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    /// Peak stack of the operation in bytes.
    pub peak: usize,
    /// Bytes of stack that were free below the stack pointer when the operation started.
    pub free: usize,
}

impl Usage {
    /// Whether the operation touched the lowest word of the stack region: then it may have run
    /// past it into the statics below, and the figure is only a lower bound.
    pub fn overflowed(&self) -> bool {
        self.peak >= self.free
    }
}

/// Runs `op` on freshly painted stack and returns its peak stack use.
#[inline(never)]
pub fn measure(op: impl FnOnce()) -> Usage {
    let bottom = &raw const _stack_end as usize;
    let sp: usize;
    // SAFETY: writes the pattern to every word from `bottom` (the 4-byte aligned lowest
    // address of the stack region, below which only the statics lie) up to, not including,
    // the current stack pointer. That memory is RAM that belongs to the stack and is free:
    // nothing live is stored below the stack pointer (no interrupts are enabled, and the
    // Arm procedure call standard has no red zone). The loop uses registers only.
    unsafe {
        asm!(
            "mov {sp}, sp",
            "2:",
            "cmp {p}, {sp}",
            "bhs 3f",
            "str {pat}, [{p}], #4",
            "b 2b",
            "3:",
            p = inout(reg) bottom => _,
            sp = out(reg) sp,
            pat = in(reg) PATTERN,
            options(nostack),
        );
    }
    op();
    let deepest: usize;
    // SAFETY: reads, word by word, from `bottom` upwards while the words hold the pattern,
    // stopping at `sp` at the latest: the same aligned, readable stack memory painted above.
    // The current frame is the one `sp` was read in (the stack pointer is back where it was
    // after `op` returned), so the loop reads only memory below the stack pointer, and
    // uses registers only.
    unsafe {
        asm!(
            "2:",
            "cmp {p}, {sp}",
            "bhs 3f",
            "ldr {w}, [{p}]",
            "cmp {w}, {pat}",
            "bne 3f",
            "adds {p}, {p}, #4",
            "b 2b",
            "3:",
            p = inout(reg) bottom => deepest,
            sp = in(reg) sp,
            pat = in(reg) PATTERN,
            w = out(reg) _,
            options(nostack, readonly),
        );
    }
    Usage {
        peak: sp - deepest,
        free: sp - bottom,
    }
}
