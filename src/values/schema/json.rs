//! A JSON reader for schema documents that keeps what Go's
//! `encoding/json` Decoder (with `UseNumber`) keeps: number literals as
//! written, and its syntax error texts, which Helm prints verbatim. Each
//! error also carries a 1-based line and column for chartguard's own
//! reports.

use std::fmt;

use crate::render::funcs::gojson::quote_char;

/// A JSON value. Objects keep their members in document order; a repeated
/// key replaces the earlier value in place (Go decodes into a map, where the
/// last one wins).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The literal as written (`1.0` stays `1.0`, as `json.Number` keeps it).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Go's name of the decoded type, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

/// A syntax error, displayed as Go's decoder words it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// What follows a complete top-level value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trailing {
    /// Go's `Decoder.Decode` reads one value and stops (gojsonschema).
    Ignore,
    /// santhosh-tekuri's `UnmarshalJSON` asks for EOF after the value.
    Reject,
}

/// Values nested deeper than this are refused as Go refuses them
/// ("exceeded max depth" at 10000).
const MAX_DEPTH: usize = 10_000;

pub fn parse(data: &[u8], trailing: Trailing) -> Result<Json, SyntaxError> {
    let mut reader = Reader { data, pos: 0 };
    reader.skip_space();
    if reader.pos == data.len() {
        // An empty document is io.EOF for the Decoder.
        return Err(reader.error_at(reader.pos, "EOF".to_string()));
    }
    let value = reader.value(0, Context::Value)?;
    if trailing == Trailing::Reject {
        reader.skip_space();
        if reader.pos < data.len() {
            return Err(reader.error_at(
                reader.pos,
                "invalid character after top-level value".to_string(),
            ));
        }
    }
    Ok(value)
}

/// Where the reader is, for Go's "invalid character … <context>" texts.
#[derive(Clone, Copy)]
enum Context {
    Value,
    ObjectKey,
    AfterKey,
    AfterMember,
    AfterElement,
}

impl Context {
    fn describe(self) -> &'static str {
        match self {
            Context::Value => "looking for beginning of value",
            Context::ObjectKey => "looking for beginning of object key string",
            Context::AfterKey => "after object key",
            Context::AfterMember => "after object key:value pair",
            Context::AfterElement => "after array element",
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error_at(&self, pos: usize, message: String) -> SyntaxError {
        let position = crate::yaml::Position::of(self.data, pos);
        SyntaxError {
            message,
            line: position.line,
            column: position.column,
        }
    }

    /// Go's error for the byte at `pos`, or "unexpected EOF" at the end.
    fn invalid(&self, context: &str) -> SyntaxError {
        match self.data.get(self.pos) {
            None => self.error_at(self.pos, "unexpected EOF".to_string()),
            Some(&b) => self.error_at(
                self.pos,
                format!("invalid character {} {context}", quote_char(b)),
            ),
        }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.data.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize, context: Context) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error_at(self.pos, "exceeded max depth".to_string()));
        }
        self.skip_space();
        match self.data.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                crate::values::grow(|| self.object(depth + 1))
            }
            Some(b'[') => {
                self.pos += 1;
                crate::values::grow(|| self.array(depth + 1))
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            _ => Err(self.invalid(context.describe())),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        let mut members: Vec<(String, Json)> = Vec::new();
        self.skip_space();
        if self.data.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.data.get(self.pos) != Some(&b'"') {
                return Err(self.invalid(Context::ObjectKey.describe()));
            }
            let key = self.string()?;
            self.skip_space();
            if self.data.get(self.pos) != Some(&b':') {
                return Err(self.invalid(Context::AfterKey.describe()));
            }
            self.pos += 1;
            let value = self.value(depth, Context::Value)?;
            match members.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => members.push((key, value)),
            }
            self.skip_space();
            match self.data.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.invalid(Context::AfterMember.describe())),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        let mut items = Vec::new();
        self.skip_space();
        if self.data.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth, Context::Value)?);
            self.skip_space();
            match self.data.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.invalid(Context::AfterElement.describe())),
            }
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, SyntaxError> {
        for (i, expected) in word.bytes().enumerate().skip(1) {
            self.pos += 1;
            if self.data.get(self.pos) != Some(&expected) {
                let context = format!(
                    "in literal {word} (expecting {})",
                    quote_char(word.as_bytes()[i])
                );
                return Err(self.invalid(&context));
            }
        }
        self.pos += 1;
        Ok(value)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.data.get(self.pos) == Some(&b'-') {
            self.pos += 1;
            if !matches!(self.data.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.invalid("in numeric literal"));
            }
        }
        if self.data.get(self.pos) == Some(&b'0') {
            self.pos += 1;
        } else {
            self.digits();
        }
        if self.data.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !matches!(self.data.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.invalid("after decimal point in numeric literal"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.data.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.data.get(self.pos) {
                self.pos += 1;
            }
            if !matches!(self.data.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.invalid("in exponent of numeric literal"));
            }
            self.digits();
        }
        Ok(crate::text::lossy(&self.data[start..self.pos]).into_owned())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.data.get(self.pos) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        // At the opening quote.
        self.pos += 1;
        // Most strings have no escapes: take them in one piece.
        let start = self.pos;
        let plain = self.data[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .map(|n| start + n);
        if let Some(end) = plain
            && self.data[end] == b'"'
        {
            self.pos = end + 1;
            return Ok(crate::text::lossy(&self.data[start..end]).into_owned());
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(self.invalid(""));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    // Go replaces invalid UTF-8 with U+FFFD rather than failing.
                    return Ok(crate::text::lossy_owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.data.get(self.pos) else {
                        return Err(self.invalid(""));
                    };
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(self.invalid("in string escape code")),
                    };
                    if let Some(c) = simple {
                        out.push(c);
                        self.pos += 1;
                        continue;
                    }
                    self.pos += 1;
                    let first = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&first)
                        && self.data.get(self.pos) == Some(&b'\\')
                        && self.data.get(self.pos + 1) == Some(&b'u')
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let second = self.hex4()?;
                        if (0xDC00..0xE000).contains(&second) {
                            char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                        } else {
                            self.pos = save;
                            None
                        }
                    } else {
                        char::from_u32(first)
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.unwrap_or('\u{FFFD}').encode_utf8(&mut buf).as_bytes());
                }
                0..0x20 => return Err(self.invalid("in string literal")),
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let digit = match self.data.get(self.pos) {
                Some(&b) => (b as char).to_digit(16),
                None => None,
            };
            let Some(d) = digit else {
                return Err(self.invalid("in \\u hexadecimal character escape"));
            };
            n = n * 16 + d;
            self.pos += 1;
        }
        Ok(n)
    }
}

impl fmt::Display for Json {
    /// Compact JSON as Go's `json.Marshal` writes a decoded value: object
    /// keys sorted, numbers as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => f.write_str(n),
            Json::String(s) => f.write_str(&go_json_string(s)),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Json::Object(members) => {
                let mut sorted: Vec<&(String, Json)> = members.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                f.write_str("{")?;
                for (i, (k, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{v}", go_json_string(k))?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A string as Go's `json.Marshal` escapes it (HTML-safe).
pub fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::render::funcs::gojson::write_string(&mut out, s.as_bytes(), true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_go_1_22_and_later_marshal_them() {
        // Helm 3.17.1 prints `"p\bq\fr\u003c"` for this enum value.
        assert_eq!(go_json_string("p\u{8}q\u{c}r<"), r#""p\bq\fr\u003c""#);
    }

    fn err(text: &str) -> String {
        parse(text.as_bytes(), Trailing::Ignore)
            .unwrap_err()
            .message
    }

    #[test]
    fn syntax_errors_read_as_gos() {
        assert_eq!(err(r#"{"type": "object","#), "unexpected EOF");
        assert_eq!(err(""), "EOF");
        assert_eq!(
            err("{'a': 1}"),
            "invalid character '\\'' looking for beginning of object key string"
        );
        assert_eq!(err(r#"{"a" 1}"#), "invalid character '1' after object key");
        assert_eq!(
            err(r#"{"a": 1 "b": 2}"#),
            "invalid character '\"' after object key:value pair"
        );
        assert_eq!(err("[1 2]"), "invalid character '2' after array element");
        assert_eq!(
            err(r#"{"a": tru}"#),
            "invalid character '}' in literal true (expecting 'e')"
        );
        assert_eq!(
            err("{\"a\": \"x\ny\"}"),
            "invalid character '\\n' in string literal"
        );
        assert_eq!(
            err(r#"{"a": -}"#),
            "invalid character '}' in numeric literal"
        );
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = parse(b"{\n  \"a\": x\n}", Trailing::Ignore).unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
    }

    #[test]
    fn trailing_data_depends_on_the_reader() {
        assert!(parse(b"{} x", Trailing::Ignore).is_ok());
        assert_eq!(
            parse(b"{} x", Trailing::Reject).unwrap_err().message,
            "invalid character after top-level value"
        );
    }

    #[test]
    fn numbers_keep_their_literal_and_keys_their_order() {
        let v = parse(br#"{"b": 1.0, "a": [1e3], "b": 2}"#, Trailing::Ignore).unwrap();
        assert_eq!(
            v,
            Json::Object(vec![
                ("b".into(), Json::Number("2".into())),
                ("a".into(), Json::Array(vec![Json::Number("1e3".into())])),
            ])
        );
        assert_eq!(v.to_string(), r#"{"a":[1e3],"b":2}"#);
    }
}
