//! The small strict DER subset the key files need (X.690): single-byte tags, definite minimal
//! lengths up to 65535, nothing left over.

/// A DER reading error: a short, specific reason.
pub type DerResult<T> = Result<T, String>;

/// Tag numbers used by PKCS#8 and SPKI.
pub mod tag {
    /// INTEGER.
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING.
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 0x04;
    /// OBJECT IDENTIFIER.
    pub const OID: u8 = 0x06;
    /// SEQUENCE (constructed).
    pub const SEQUENCE: u8 = 0x30;
    /// `[0]` IMPLICIT, primitive (the seed CHOICE of RFC 9881).
    pub const CONTEXT_0: u8 = 0x80;
    /// `[0]` constructed (PKCS#8 attributes).
    pub const CONTEXT_0_CONS: u8 = 0xa0;
    /// `[1]` IMPLICIT BIT STRING (PKCS#8 v2 publicKey).
    pub const CONTEXT_1: u8 = 0x81;
}

/// A cursor over DER bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Starts reading `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }

    /// The tag of the next element, if any.
    pub fn peek(&self) -> Option<u8> {
        self.buf.first().copied()
    }

    /// Reads one element and returns (tag, contents).
    pub fn any(&mut self) -> DerResult<(u8, &'a [u8])> {
        let (&t, rest) = self
            .buf
            .split_first()
            .ok_or("truncated DER (missing element)")?;
        if t & 0x1f == 0x1f {
            return Err("unsupported DER tag".into());
        }
        let (&l0, mut rest) = rest.split_first().ok_or("truncated DER (missing length)")?;
        let len = match l0 {
            0..=0x7f => l0 as usize,
            0x81 => {
                let (&l, r) = rest.split_first().ok_or("truncated DER length")?;
                rest = r;
                if l < 0x80 {
                    return Err("non-minimal DER length".into());
                }
                l as usize
            }
            0x82 => {
                if rest.len() < 2 {
                    return Err("truncated DER length".into());
                }
                let l = u16::from_be_bytes([rest[0], rest[1]]) as usize;
                rest = &rest[2..];
                if l < 0x100 {
                    return Err("non-minimal DER length".into());
                }
                l
            }
            _ => return Err("unsupported DER length".into()),
        };
        if rest.len() < len {
            return Err("truncated DER (element longer than the data)".into());
        }
        let (value, rest) = rest.split_at(len);
        self.buf = rest;
        Ok((t, value))
    }

    /// Reads one element that must have tag `t`.
    pub fn expect(&mut self, t: u8, what: &str) -> DerResult<&'a [u8]> {
        match self.any()? {
            (got, v) if got == t => Ok(v),
            (got, _) => Err(format!(
                "expected {what} (tag 0x{t:02x}), found tag 0x{got:02x}"
            )),
        }
    }

    /// Fails unless everything was read.
    pub fn finish(&self, what: &str) -> DerResult<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} bytes of trailing data after {what}",
                self.buf.len()
            ))
        }
    }
}

/// Encodes one element with a minimal definite length.
pub fn tlv(t: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(contents.len() + 4);
    out.push(t);
    match contents.len() {
        n @ 0..=0x7f => out.push(n as u8),
        n @ 0x80..=0xff => out.extend_from_slice(&[0x81, n as u8]),
        n => {
            let n = u16::try_from(n).expect("DER elements here are below 64 KiB");
            out.push(0x82);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip_and_are_strict() {
        for n in [0usize, 1, 127, 128, 255, 256, 4896] {
            let v = vec![7u8; n];
            let enc = tlv(tag::OCTET_STRING, &v);
            let mut r = Reader::new(&enc);
            assert_eq!(r.expect(tag::OCTET_STRING, "x").unwrap(), &v[..]);
            r.finish("x").unwrap();
        }
        assert!(
            Reader::new(&[0x04, 0x81, 0x05, 0, 0, 0, 0, 0])
                .any()
                .is_err()
        );
        assert!(
            Reader::new(&[0x04, 0x82, 0x00, 0x05, 0, 0, 0, 0, 0])
                .any()
                .is_err()
        );
        assert!(Reader::new(&[0x04, 0x05, 0, 0]).any().is_err());
        assert!(Reader::new(&[0x04, 0x80]).any().is_err());
    }
}
