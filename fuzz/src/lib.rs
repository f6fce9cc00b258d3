//! Helpers shared by the fuzz targets: a byte reader that never fails (it pads with zeros),
//! parameter-set dispatch and clamping of kernel inputs into documented bounds.

/// Reads fuzzer bytes front to back; past the end every read returns zeros.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    pub fn array<const M: usize>(&mut self) -> [u8; M] {
        core::array::from_fn(|_| self.byte())
    }

    /// Up to `max` bytes, the length chosen by one byte (so short inputs stay short).
    pub fn slice(&mut self, max: usize) -> &'a [u8] {
        let want = (self.byte() as usize).min(max);
        self.take(want)
    }

    /// Up to `n` bytes (fewer if the input ends).
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }

    /// Exactly `n` bytes, zero padded.
    pub fn take_padded(&mut self, n: usize) -> Vec<u8> {
        let mut v = self.take(n).to_vec();
        v.resize(n, 0);
        v
    }

    pub fn rest(&mut self) -> &'a [u8] {
        self.take(usize::MAX)
    }

    /// A value in [lo, hi], biased towards the ends and zero (where kernels break).
    pub fn in_range(&mut self, lo: i64, hi: i64) -> i32 {
        assert!(lo <= hi);
        let v = match self.byte() & 7 {
            0 => lo,
            1 => hi,
            2 => 0i64.clamp(lo, hi),
            3 => (lo + 1).min(hi),
            4 => (hi - 1).max(lo),
            _ => lo + (self.u32() as i64).rem_euclid(hi - lo + 1),
        };
        v as i32
    }
}

/// Runs `$body` with `$p` bound to the parameter set chosen by `$sel` (mod 3).
#[macro_export]
macro_rules! with_set {
    ($sel:expr, $p:ident => $body:expr) => {
        match $sel % 3 {
            0 => {
                type $p = mldsa_core::MlDsa44;
                $body
            }
            1 => {
                type $p = mldsa_core::MlDsa65;
                $body
            }
            _ => {
                type $p = mldsa_core::MlDsa87;
                $body
            }
        }
    };
}

/// XORs fuzzer-chosen bytes into `buf` at fuzzer-chosen positions (a few mutations of a valid
/// object reach deeper than random bytes).
pub fn mutate(inp: &mut Input<'_>, buf: &mut [u8]) {
    let n = inp.byte() & 7;
    for _ in 0..n {
        let at = inp.u16() as usize % buf.len();
        buf[at] ^= inp.byte();
    }
}
