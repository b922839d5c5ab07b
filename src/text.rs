//! Bytes as text (Go strings hold any bytes, ours are UTF-8), with invalid
//! UTF-8 replaced as Rust's `from_utf8_lossy` replaces it, but checked the fast way first: `str::from_utf8` takes
//! ASCII a word at a time where the lossy scan goes byte by byte, and
//! nearly every chart file, values file and rendered text is valid.
//! (Where Go's own per-byte replacement matters, see
//! `render::funcs::gojson::lossy_string`.)

use std::borrow::Cow;

/// `bytes` as text, borrowed when it is valid UTF-8.
pub fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `bytes` as text, without a copy when it is valid UTF-8.
pub fn lossy_owned(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_as_from_utf8_lossy() {
        let inputs: [&[u8]; 6] = [
            b"",
            b"plain ascii",
            "caf\u{e9} \u{1f600}".as_bytes(),
            b"bad \xff byte",
            b"cut \xe2\x82",
            b"\xf0\x9f\x98 mixed \xc3\xa9 \x80\x80",
        ];
        for input in inputs {
            let expected = String::from_utf8_lossy(input);
            assert_eq!(lossy(input), expected);
            assert_eq!(lossy_owned(input.to_vec()), expected);
        }
        assert!(matches!(lossy(b"ok"), Cow::Borrowed("ok")));
    }
}
