//! base64 (padded, for HAR bodies and PEM) and base64url (unpadded, for JWTs): encoding and strict decoding.
//!
//! Written here rather than taken from the `base64` crate: the page needs just these two forms,
//! and this is a fraction of the crate's code in the page's module. Decoding is as strict as the
//! crate's engines `STANDARD` and `URL_SAFE_NO_PAD` (the property test in
//! `tests/analysis/base64.rs` compares them): canonical padding for the first, none for the
//! second, and no stray bits in the last symbol.

/// The two forms used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Alphabet {
    /// `+` and `/`, padded with `=` to a multiple of four characters.
    Standard,
    /// `-` and `_`, without padding (JWTs).
    UrlSafe,
}

/// Why a text is not base64 of this form (the cases the `base64` crate names).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DecodeError {
    /// A character outside the alphabet (or `=` where it can't be), at this byte offset.
    InvalidByte(usize, u8),
    /// One symbol left over: no byte can be made of six bits.
    InvalidLength(usize),
    /// The last symbol, at this offset, has bits set that no encoder writes.
    InvalidLastSymbol(usize, u8),
    /// Padding missing or too long (standard), or present (base64url).
    InvalidPadding,
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn symbols(a: Alphabet) -> &'static [u8; 64] {
    match a {
        Alphabet::Standard => STANDARD,
        Alphabet::UrlSafe => URL_SAFE,
    }
}

/// The six bits a symbol stands for.
fn value(c: u8, a: Alphabet) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' if a == Alphabet::Standard => 62,
        b'/' if a == Alphabet::Standard => 63,
        b'-' if a == Alphabet::UrlSafe => 62,
        b'_' if a == Alphabet::UrlSafe => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// `bytes` as base64 of the form `a`.
pub fn encode(bytes: impl AsRef<[u8]>, a: Alphabet) -> String {
    encode_bytes(bytes.as_ref(), a)
}

/// `encode`'s body, one copy for every kind of argument.
fn encode_bytes(bytes: &[u8], a: Alphabet) -> String {
    let table = symbols(a);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let six = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(table.get(six as usize).copied().unwrap_or(b'A')));
            } else if a == Alphabet::Standard {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes `text` encodes in the form `a`, or why it is not canonical base64 of that form.
pub fn decode(text: impl AsRef<[u8]>, a: Alphabet) -> Result<Vec<u8>, DecodeError> {
    decode_bytes(text.as_ref(), a)
}

/// `decode`'s body, one copy for every kind of argument.
fn decode_bytes(input: &[u8], a: Alphabet) -> Result<Vec<u8>, DecodeError> {
    // The symbols end where the trailing run of `=` starts.
    let data_len = input.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
    let (data, padding) = input.split_at(data_len);
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    let mut bits: u32 = 0;
    let mut held = 0;
    for (i, &c) in data.iter().enumerate() {
        let v = value(c, a).ok_or(DecodeError::InvalidByte(i, c))?;
        bits = (bits << 6) | v;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    let rest = data_len % 4;
    if rest == 1 {
        return Err(DecodeError::InvalidLength(data_len));
    }
    // `=` right after a quad, or three of them, sits where no symbol may be padded.
    if padding.len() > 2 || (!padding.is_empty() && rest == 0) {
        return Err(DecodeError::InvalidByte(data_len, b'='));
    }
    let canonical = match a {
        Alphabet::Standard => padding.len() == (4 - rest) % 4,
        Alphabet::UrlSafe => padding.is_empty(),
    };
    if !canonical {
        return Err(DecodeError::InvalidPadding);
    }
    if bits != 0 {
        let last = data_len.saturating_sub(1);
        let c = data.get(last).copied().unwrap_or(b'A');
        return Err(DecodeError::InvalidLastSymbol(last, c));
    }
    Ok(out)
}
