//! Run time in executed instructions, from SysTick under QEMU's `-icount`.
//!
//! QEMU is not cycle-accurate, but with `-icount shift=0` its virtual clock advances exactly
//! 1 ns per executed guest instruction, so a timer on that clock counts instructions. SysTick
//! runs from the 25 MHz processor clock of `mps2-an386` (CLKSOURCE = 1): one tick per 40
//! instructions. [`Timer::calibrate`] checks this against a loop of known length, and
//! [`Timer::instructions`] converts with the ratio it found. SysTick is a 24-bit down-counter
//! polled without its interrupt (which would push an exception frame onto the measured
//! stack), so one measurement must stay below 2^24 ticks (671 million instructions at 40 per
//! tick); [`Timer::time`] reports a wrap it can see (the counter's COUNTFLAG) as `None`.

use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;

/// SysTick's largest reload value (24 bits).
const RELOAD: u32 = 0x00FF_FFFF;

/// Iterations of the calibration loop (two instructions each).
const CALIBRATION_ITERATIONS: u32 = 1_000_000;
/// Instructions the calibration loop executes.
pub const CALIBRATION_INSTRUCTIONS: u32 = 2 * CALIBRATION_ITERATIONS;

/// SysTick, free-running over its whole 24-bit range.
pub struct Timer {
    syst: SYST,
    /// Instructions per tick, found by [`Timer::calibrate`] (0 before).
    per_tick: u32,
}

impl Timer {
    /// Starts SysTick on the processor clock, interrupt disabled.
    pub fn new(mut syst: SYST) -> Self {
        syst.disable_interrupt();
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        syst.enable_counter();
        Timer { syst, per_tick: 0 }
    }

    /// Ticks taken by `op`, or `None` if the counter wrapped during it.
    pub fn time(&mut self, op: impl FnOnce()) -> Option<u32> {
        // Restart from the top (writing the current value clears it to 0, and the next tick
        // reloads it), so that COUNTFLAG, cleared by reading the control register, is set
        // only by a measurement of 2^24 ticks or more. A start value of 0 stands for 2^24.
        self.syst.clear_current();
        self.syst.has_wrapped();
        let start = SYST::get_current();
        op();
        let end = SYST::get_current();
        (!self.syst.has_wrapped()).then(|| start.wrapping_sub(end) & RELOAD)
    }

    /// Times a loop of [`CALIBRATION_INSTRUCTIONS`] instructions (`subs`, `bne`) and keeps
    /// the instructions per tick; returns (ticks, instructions per tick).
    pub fn calibrate(&mut self) -> (u32, u32) {
        let ticks = self
            .time(|| {
                // SAFETY: a register-only countdown loop: no memory access, no stack use.
                unsafe {
                    core::arch::asm!(
                        "2:",
                        "subs {n}, {n}, #1",
                        "bne 2b",
                        n = inout(reg) CALIBRATION_ITERATIONS => _,
                        options(nomem, nostack),
                    );
                }
            })
            .unwrap_or(0);
        let instructions = CALIBRATION_INSTRUCTIONS;
        // Rounded to the nearest whole ratio (public data; integer division is fine here).
        #[allow(
            clippy::integer_division_remainder_used,
            reason = "public calibration data"
        )]
        let per_tick = (instructions + ticks / 2) / ticks.max(1);
        self.per_tick = per_tick;
        (ticks, per_tick)
    }

    /// `ticks` in instructions, with the calibrated ratio.
    pub fn instructions(&self, ticks: u32) -> u64 {
        u64::from(ticks) * u64::from(self.per_tick)
    }
}
