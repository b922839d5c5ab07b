//! Sprig's base64 and base32 functions, with Go's `encoding/base64` and
//! `encoding/base32` standard (padded) encodings.
//!
//! The decoders are ours rather than a crate's because Sprig returns Go's
//! error text as the result (`illegal base64 data at input byte 4`), so the
//! byte offsets must be Go's, including its skipping of `\r` and `\n`.

use gotemplate::{FuncMap, ParamType, Signature, Value};

use super::FuncOptions;

const B64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base64.StdEncoding.EncodeToString`.
pub fn b64_encode(src: &[u8]) -> String {
    let mut out = String::with_capacity(src.len().div_ceil(3) * 4);
    for chunk in src.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(B64_ALPHABET[(v >> shift & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Go's `CorruptInputError` text.
fn b64_error(at: usize) -> String {
    format!("illegal base64 data at input byte {at}")
}

/// `base64.StdEncoding.DecodeString`: the bytes, or Go's error text.
///
/// Go decodes quantum by quantum, skipping `\r` and `\n` anywhere, and
/// reports the offset where a quantum went wrong; this follows its
/// `decodeQuantum` step by step.
pub fn b64_decode(src: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut trailing_err = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // Padding is required: a short final quantum is corrupt.
                return Err(b64_error(si - j));
            }
            let c = src[si];
            si += 1;
            if let Some(v) = b64_value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(b64_error(si - 1));
            }
            // Padding: the end of the data.
            match j {
                0 | 1 => return Err(b64_error(si - 1)),
                2 => {
                    // "==" is expected; the first '=' is consumed.
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(b64_error(src.len()));
                    }
                    if src[si] != b'=' {
                        return Err(b64_error(si - 1));
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing_err = Some(b64_error(si));
            }
            dlen = j;
            break;
        }
        let val = u32::from(dbuf[0]) << 18
            | u32::from(dbuf[1]) << 12
            | u32::from(dbuf[2]) << 6
            | u32::from(dbuf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(err) = trailing_err {
            return Err(err);
        }
    }
    Ok(out)
}

/// `base32.StdEncoding.EncodeToString`.
pub fn b32_encode(src: &[u8]) -> String {
    let mut out = String::with_capacity(src.len().div_ceil(5) * 8);
    for chunk in src.chunks(5) {
        let mut b = [0u8; 5];
        b[..chunk.len()].copy_from_slice(chunk);
        let v = b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        // Characters that carry data for 1..=5 input bytes.
        let used = [0, 2, 4, 5, 7, 8][chunk.len()];
        for i in 0..8 {
            if i < used {
                out.push(char::from(
                    B32_ALPHABET[(v >> (35 - 5 * i) & 0x1f) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b32_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'2'..=b'7' => Some(c - b'2' + 26),
        _ => None,
    }
}

fn b32_error(at: usize) -> String {
    format!("illegal base32 data at input byte {at}")
}

/// `base32.StdEncoding.DecodeString`: the bytes, or Go's error text. Go
/// strips `\r` and `\n` first, so offsets count the stripped input.
pub fn b32_decode(src: &[u8]) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = src
        .iter()
        .copied()
        .filter(|&c| c != b'\r' && c != b'\n')
        .collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                // The end came without the padding Go requires.
                return Err(b32_error(olen - rest.len() - j));
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                // Padding: the end of the data.
                if rest.len() + j < 8 - 1 {
                    return Err(b32_error(olen));
                }
                for k in 0..8 - 1 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(b32_error(olen - rest.len() + k - 1));
                    }
                }
                dlen = j;
                end = true;
                // 1, 3 and 6 leftover characters cannot encode whole bytes.
                if matches!(dlen, 1 | 3 | 6) {
                    return Err(b32_error(olen - rest.len() - 1));
                }
                break;
            }
            match b32_value(c) {
                Some(v) => dbuf[j] = v,
                None => return Err(b32_error(olen - rest.len() - 1)),
            }
            j += 1;
        }
        let b = [
            dbuf[0] << 3 | dbuf[1] >> 2,
            dbuf[1] << 6 | dbuf[2] << 1 | dbuf[3] >> 4,
            dbuf[3] << 4 | dbuf[4] >> 1,
            dbuf[4] << 7 | dbuf[5] << 2 | dbuf[6] >> 3,
            dbuf[6] << 5 | dbuf[7],
        ];
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&b[..n]);
    }
    Ok(out)
}

/// Sprig's `b64dec`: the decoded text, or Go's error text as the result.
pub fn b64dec(s: &str) -> String {
    match b64_decode(s.as_bytes()) {
        Ok(bytes) => crate::text::lossy_owned(bytes),
        Err(e) => e,
    }
}

/// Sprig's `b32dec`: the decoded text, or Go's error text as the result.
pub fn b32dec(s: &str) -> String {
    match b32_decode(s.as_bytes()) {
        Ok(bytes) => crate::text::lossy_owned(bytes),
        Err(e) => e,
    }
}

pub fn register(funcs: &mut FuncMap, _options: &FuncOptions) {
    const ONE_STRING: Signature = Signature::fixed(&[ParamType::String]);
    fn s(args: &[Value]) -> &str {
        args.first().and_then(Value::as_str).unwrap_or("")
    }
    funcs.insert_plain("b64enc", ONE_STRING, |args| {
        Ok(Value::from(b64_encode(super::cast::string_bytes(
            args.first(),
        ))))
    });
    funcs.insert_plain("b64dec", ONE_STRING, |args| {
        Ok(Value::from(b64dec(s(&args))))
    });
    funcs.insert_plain("b32enc", ONE_STRING, |args| {
        Ok(Value::from(b32_encode(super::cast::string_bytes(
            args.first(),
        ))))
    });
    funcs.insert_plain("b32dec", ONE_STRING, |args| {
        Ok(Value::from(b32dec(s(&args))))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for input in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "hello, world\n",
            "\u{e9}t\u{e9}",
        ] {
            let enc = b64_encode(input.as_bytes());
            assert_eq!(b64dec(&enc), input);
        }
        assert_eq!(b64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(b64_encode(b"\xff\xfe"), "//4=");
    }

    #[test]
    fn base64_errors_as_go() {
        // Expected texts from Helm 3.17.1.
        assert_eq!(b64dec("abc"), "illegal base64 data at input byte 0");
        assert_eq!(b64dec("YWJj"), "abc");
        assert_eq!(b64dec("YW\nJj\r\n"), "abc");
        assert_eq!(b64dec("YQ="), "illegal base64 data at input byte 3");
        assert_eq!(b64dec("YQ=="), "a");
        assert_eq!(b64dec("YQ==YQ=="), "illegal base64 data at input byte 4");
        assert_eq!(b64dec("Y==="), "illegal base64 data at input byte 1");
        assert_eq!(b64dec("YWJj!"), "illegal base64 data at input byte 4");
        assert_eq!(b64dec("YW=j"), "illegal base64 data at input byte 2");
        assert_eq!(b64dec("YWI=\n"), "ab");
        assert_eq!(b64dec("YWI=x"), "illegal base64 data at input byte 4");
    }

    #[test]
    fn base32_round_trip() {
        for input in ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "hello"] {
            let enc = b32_encode(input.as_bytes());
            assert_eq!(b32dec(&enc), input, "{enc}");
        }
        assert_eq!(b32_encode(b"hello"), "NBSWY3DP");
        assert_eq!(b32_encode(b"a"), "ME======");
    }

    #[test]
    fn base32_errors_as_go() {
        assert_eq!(b32dec("x"), "illegal base32 data at input byte 0");
        assert_eq!(b32dec("NBSWY3D"), "illegal base32 data at input byte 0");
        assert_eq!(b32dec("ME====="), "illegal base32 data at input byte 7");
        assert_eq!(b32dec("M======="), "illegal base32 data at input byte 1");
        assert_eq!(
            b32dec("ME======ME======"),
            "illegal base32 data at input byte 2"
        );
        assert_eq!(b32dec("NBSW\nY3DP"), "hello");
    }
}
