//! Go's `encoding/json` for template values: `Marshal`, `MarshalIndent`, an
//! `Encoder` without HTML escaping, and `Unmarshal` into `interface{}`, with
//! Go's output byte for byte and Go's error messages word for word.
//!
//! Also Go's `strconv.FormatFloat` with the shortest precision, which JSON
//! and YAML encoding share.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use gotemplate::{ElemType, MapRef, Value};

/// How deep `Marshal` and `Unmarshal` go before giving up. Go's encoder has
/// no limit (it detects cycles after 1000 levels of pointers) and its
/// decoder stops at 10000 levels of nesting with "exceeded max depth"; we
/// keep Go's decoder limit for both so that a deep value cannot overflow
/// the Rust stack.
const MAX_DEPTH: usize = 10000;

/// Go's `time.RFC3339Nano` layout.
pub const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";

/// A `json.Marshal`/`json.Unmarshal` error, with Go's `Error()` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(pub String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

// ---------------------------------------------------------------------------
// strconv.FormatFloat with precision -1

/// The shortest decimal digits that read back as `f` (f finite and not
/// zero), and the decimal point position: value = 0.DIGITS × 10^dp.
fn shortest_digits(f: f64, bits32: bool) -> (Vec<u8>, i32) {
    // Rust's `{:e}` prints the shortest round-trip digits, like Go's
    // strconv with precision -1 (both use the shortest-uniqueness rule).
    let s = if bits32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exp + 1)
}

fn fmt_e(out: &mut String, digits: &[u8], dp: i32, prec: usize, zero: bool) {
    out.push(if digits.is_empty() {
        '0'
    } else {
        digits[0] as char
    });
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(digits.get(i).map_or('0', |&d| d as char));
        }
    }
    out.push('e');
    let exp = if zero { 0 } else { dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
}

fn fmt_f(out: &mut String, digits: &[u8], dp: i32, prec: usize) {
    if dp > 0 {
        let dp = dp as usize;
        for i in 0..dp {
            out.push(digits.get(i).map_or('0', |&d| d as char));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as i64 {
            let j = i64::from(dp) + i - 1;
            let ch = if j >= 0 {
                digits.get(j as usize).map_or('0', |&d| d as char)
            } else {
                '0'
            };
            out.push(ch);
        }
    }
}

/// Go's `strconv.FormatFloat(f, fmt, -1, bits)` for `fmt` in `e`, `f`, `g`.
pub fn format_float(f: f64, fmt: char, bits: u32) -> String {
    let bits32 = bits == 32;
    let f = if bits32 { f64::from(f as f32) } else { f };
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let zero = f == 0.0;
    // Go represents zero with no digits and the point at 0.
    let (digits, dp) = if zero {
        (Vec::new(), 0)
    } else {
        shortest_digits(f, bits32)
    };
    let nd = digits.len();
    match fmt {
        'e' => fmt_e(&mut out, &digits, dp, nd.saturating_sub(1), zero),
        'f' => fmt_f(
            &mut out,
            &digits,
            dp,
            (nd as i64 - i64::from(dp)).max(0) as usize,
        ),
        _ => {
            // %g with the shortest precision decides with eprec = 6.
            let exp = dp - 1;
            if !(-4..6).contains(&exp) {
                fmt_e(&mut out, &digits, dp, nd.saturating_sub(1), zero);
            } else {
                fmt_f(
                    &mut out,
                    &digits,
                    dp,
                    (nd as i64 - i64::from(dp)).max(0) as usize,
                );
            }
        }
    }
    out
}

/// How `encoding/json` writes a float64: `f` formatting, or `e` below 1e-6
/// and from 1e21 up, with `e-07` shortened to `e-7`.
pub fn json_float(f: f64) -> Result<String, JsonError> {
    if f.is_nan() || f.is_infinite() {
        return Err(JsonError(format!(
            "json: unsupported value: {}",
            format_float(f, 'g', 64)
        )));
    }
    let abs = f.abs();
    let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        'e'
    } else {
        'f'
    };
    let mut s = format_float(f, fmt, 64);
    if fmt == 'e' {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            let last = b[n - 1] as char;
            s.truncate(n - 2);
            s.push(last);
        }
    }
    Ok(s)
}

// ---------------------------------------------------------------------------
// Marshal

/// Settings of one encoding run.
#[derive(Clone, Copy, Debug)]
pub struct EncodeOptions<'a> {
    /// Escape `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (Go's default).
    pub escape_html: bool,
    /// `MarshalIndent`'s prefix and indent; `None` for compact output.
    pub indent: Option<(&'a str, &'a str)>,
}

/// `json.Marshal(v)`.
pub fn marshal(v: &Value) -> Result<String, JsonError> {
    encode(
        v,
        EncodeOptions {
            escape_html: true,
            indent: None,
        },
    )
}

/// `json.MarshalIndent(v, prefix, indent)`.
pub fn marshal_indent(v: &Value, prefix: &str, indent: &str) -> Result<String, JsonError> {
    encode(
        v,
        EncodeOptions {
            escape_html: true,
            indent: Some((prefix, indent)),
        },
    )
}

/// What a `json.Encoder` with `SetEscapeHTML(false)` writes, without the
/// newline `Encode` adds.
pub fn marshal_no_html(v: &Value) -> Result<String, JsonError> {
    encode(
        v,
        EncodeOptions {
            escape_html: false,
            indent: None,
        },
    )
}

pub fn encode(v: &Value, options: EncodeOptions<'_>) -> Result<String, JsonError> {
    let mut out = String::new();
    encode_value(&mut out, v, options, 0)?;
    if let Some((prefix, indent)) = options.indent {
        // Go's MarshalIndent compacts and re-indents the compact output.
        return Ok(reindent(&out, prefix, indent));
    }
    Ok(out)
}

/// Go's `json.Indent` over valid compact JSON.
fn reindent(src: &str, prefix: &str, indent: &str) -> String {
    let mut out = String::with_capacity(src.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut need_indent = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(prefix);
        for _ in 0..depth {
            out.push_str(indent);
        }
    };
    for c in src.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if need_indent && c != ']' && c != '}' {
            need_indent = false;
            depth += 1;
            newline(&mut out, depth);
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                need_indent = true;
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => {
                out.push(c);
                out.push(' ');
            }
            '}' | ']' => {
                if need_indent {
                    // An empty object or array stays `{}` / `[]`.
                    need_indent = false;
                } else {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn depth_error() -> JsonError {
    JsonError("json: exceeded max depth".to_string())
}

fn encode_value(
    out: &mut String,
    v: &Value,
    options: EncodeOptions<'_>,
    depth: usize,
) -> Result<(), JsonError> {
    // Deep values recurse deeply: grow the stack rather than overflow.
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        encode_one(out, v, options, depth)
    })
}

fn encode_one(
    out: &mut String,
    v: &Value,
    options: EncodeOptions<'_>,
    depth: usize,
) -> Result<(), JsonError> {
    if depth > MAX_DEPTH {
        return Err(depth_error());
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i, _) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f, _) => out.push_str(&json_float(*f)?),
        Value::String(s, _) => write_string(out, s.as_bytes(), options.escape_html),
        Value::Bytes(b) => {
            out.push('"');
            out.push_str(&base64_std(b));
            out.push('"');
        }
        Value::List(list) => {
            out.push('[');
            for (i, item) in list.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode_value(out, item, options, depth + 1)?;
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            // Go sorts map keys by their bytes; the map keeps them sorted.
            for (i, (k, item)) in map.entries().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k.as_bytes(), options.escape_html);
                out.push(':');
                encode_value(out, item, options, depth + 1)?;
            }
            out.push('}');
        }
        Value::Object(obj) => {
            encode_value(out, &object_json_value(obj.as_ref()), options, depth + 1)?;
        }
    }
    Ok(())
}

/// The plain value `encoding/json` sees in an embedder object: a time's
/// `MarshalJSON` text, a duration's, month's or weekday's integer, a Sprig
/// certificate's fields, the object's own plain form (`as_value`), a
/// stringer's text (semver versions marshal as their string), else `{}` (a
/// struct whose fields we cannot list).
pub fn object_json_value(obj: &dyn gotemplate::Object) -> Value {
    use super::dates::{GoDuration, GoMonth, GoTime, GoWeekday};
    let any = obj.as_any();
    if let Some(t) = any.downcast_ref::<GoTime>() {
        return Value::from(t.format(RFC3339_NANO));
    }
    if let Some(d) = any.downcast_ref::<GoDuration>() {
        return Value::Int64(d.0, None);
    }
    if let Some(m) = any.downcast_ref::<GoMonth>() {
        return Value::Int(i64::from(m.0));
    }
    if let Some(w) = any.downcast_ref::<GoWeekday>() {
        return Value::Int(i64::from(w.0));
    }
    if let Some(c) = any.downcast_ref::<super::crypto::Certificate>() {
        let mut entries = BTreeMap::new();
        entries.insert(Arc::from("Cert"), Value::from(c.cert.as_str()));
        entries.insert(Arc::from("Key"), Value::from(c.key.as_str()));
        return Value::Map(MapRef::from_entries(entries));
    }
    match obj.as_value() {
        Some(v) => v,
        None if obj.is_stringer() => Value::from(obj.go_string()),
        None => Value::empty_map(),
    }
}

/// Go's `base64.StdEncoding`, which `encoding/json` uses for `[]byte`.
pub fn base64_std(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Go's `encodeState.string`: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
/// other control characters as `\u00XX`, `<>&` as `\u003c` etc. when
/// escaping HTML, U+2028/U+2029 always escaped, and every invalid UTF-8
/// byte replaced by `\ufffd`.
pub fn write_string(out: &mut String, s: &[u8], escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x80 {
            i += 1;
            let safe = b >= 0x20
                && b != b'"'
                && b != b'\\'
                && !(escape_html && (b == b'<' || b == b'>' || b == b'&'));
            if safe {
                out.push(b as char);
                continue;
            }
            match b {
                b'\\' | b'"' => {
                    out.push('\\');
                    out.push(b as char);
                }
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                _ => {
                    out.push_str("\\u00");
                    out.push(HEX[usize::from(b >> 4)] as char);
                    out.push(HEX[usize::from(b & 0xf)] as char);
                }
            }
            continue;
        }
        match decode_rune(&s[i..]) {
            Some((c, size)) => {
                if c == '\u{2028}' || c == '\u{2029}' {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    out.push(c);
                }
                i += size;
            }
            None => {
                out.push_str("\\ufffd");
                i += 1;
            }
        }
    }
    out.push('"');
}

/// Bytes as text the way Go's encoding/json (and `string` conversions
/// through it) read them: each invalid UTF-8 byte becomes U+FFFD, where
/// `String::from_utf8_lossy` would replace a whole invalid sequence once.
pub fn lossy_string(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        i += push_rune_lossy(&mut out, &bytes[i..]);
    }
    out
}

/// Appends the character at the start of `bytes` (not empty), or U+FFFD
/// for an invalid byte, as Go's conversions do: the bytes it took.
fn push_rune_lossy(out: &mut String, bytes: &[u8]) -> usize {
    match decode_rune(bytes) {
        Some((c, size)) => {
            out.push(c);
            size
        }
        None => {
            out.push('\u{fffd}');
            1
        }
    }
}

/// Decodes one UTF-8 character at the start of `s` as Go's
/// `utf8.DecodeRune` does; `None` where Go returns `RuneError` width 1.
pub fn decode_rune(s: &[u8]) -> Option<(char, usize)> {
    let b0 = *s.first()?;
    let need = match b0 {
        0x00..=0x7f => return Some((b0 as char, 1)),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let chunk = s.get(..need)?;
    let text = std::str::from_utf8(chunk).ok()?;
    text.chars().next().map(|c| (c, need))
}

// ---------------------------------------------------------------------------
// Unmarshal

/// The Go type `Unmarshal` decodes into, for its type-mismatch errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `interface{}`
    Any,
    /// `map[string]interface{}` (Helm's `fromJson`)
    Map,
    /// `[]interface{}` (Helm's `fromJsonArray`)
    List,
}

/// `json.Unmarshal(data, &v)` with `v` of the given type. On a type error
/// Go still decodes the rest; `Target::Map`/`Target::List` callers discard
/// the value then, so only the error is returned.
pub fn unmarshal(data: &[u8], target: Target) -> Result<Value, JsonError> {
    check_valid(data)?;
    let mut parser = Parser { data, pos: 0 };
    parser.skip_ws();
    let first = parser.peek();
    let kind = match first {
        Some(b'{') => "object",
        Some(b'[') => "array",
        Some(b'"') => "string",
        Some(b't' | b'f') => "bool",
        Some(b'n') => "null",
        _ => "number",
    };
    let value = parser.value(0)?;
    match (target, kind) {
        (Target::Any, _) | (_, "null") => Ok(value),
        (Target::Map, "object") | (Target::List, "array") => Ok(value),
        (Target::Map, kind) => Err(JsonError(format!(
            "json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        ))),
        (Target::List, kind) => Err(JsonError(format!(
            "json: cannot unmarshal {kind} into Go value of type []interface {{}}"
        ))),
    }
}

/// Go's `quoteChar` for syntax errors.
pub(crate) fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            // Go converts the byte to a rune, so 0xff shows as 'ÿ'.
            let ch = char::from(c);
            let quoted = go_quote_rune_in_string(ch);
            format!("'{quoted}'")
        }
    }
}

/// `strconv.Quote(string(c))` without its outer quotes.
fn go_quote_rune_in_string(c: char) -> String {
    match c {
        '\x07' => "\\a".to_string(),
        '\x08' => "\\b".to_string(),
        '\x0c' => "\\f".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        '\x0b' => "\\v".to_string(),
        '\\' => "\\\\".to_string(),
        '"' => "\\\"".to_string(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\x{:02x}", c as u32),
        // U+0080..U+009F are not printable in Go; U+00A0 up to U+00FF are,
        // except U+00AD (soft hyphen).
        c if (0x80..0xa0).contains(&(c as u32)) || c as u32 == 0xad => {
            format!("\\u{:04x}", c as u32)
        }
        c => c.to_string(),
    }
}

fn syntax_error(msg: String) -> JsonError {
    JsonError(msg)
}

/// Go's `checkValid`: the scanner's state machine over the whole input,
/// which gives Go's syntax error messages before any decoding happens.
fn check_valid(data: &[u8]) -> Result<(), JsonError> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Ctx {
        Object,
        ObjectKey,
        Array,
    }
    let mut stack: Vec<Ctx> = Vec::new();
    let mut i = 0usize;
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let eof = || syntax_error("unexpected end of JSON input".to_string());
    // `expect_value`: what the scanner calls stateBeginValue, and the
    // context string for its error message.
    loop {
        // Begin value.
        while i < data.len() && ws(data[i]) {
            i += 1;
        }
        let Some(&c) = data.get(i) else {
            return Err(eof());
        };
        match c {
            b'{' => {
                i += 1;
                while i < data.len() && ws(data[i]) {
                    i += 1;
                }
                match data.get(i) {
                    None => return Err(eof()),
                    Some(b'}') => {
                        i += 1;
                    }
                    Some(b'"') => {
                        if stack.len() >= MAX_DEPTH {
                            return Err(depth_error());
                        }
                        stack.push(Ctx::ObjectKey);
                        i = scan_string(data, i)?;
                        i = expect_colon(data, i)?;
                        if let Some(top) = stack.last_mut() {
                            *top = Ctx::Object;
                        }
                        continue;
                    }
                    Some(&other) => {
                        return Err(syntax_error(format!(
                            "invalid character {} looking for beginning of object key string",
                            quote_char(other)
                        )));
                    }
                }
            }
            b'[' => {
                i += 1;
                while i < data.len() && ws(data[i]) {
                    i += 1;
                }
                match data.get(i) {
                    None => return Err(eof()),
                    Some(b']') => {
                        i += 1;
                    }
                    Some(_) => {
                        if stack.len() >= MAX_DEPTH {
                            return Err(depth_error());
                        }
                        stack.push(Ctx::Array);
                        continue;
                    }
                }
            }
            b'"' => {
                i = scan_string(data, i)?;
            }
            b'-' | b'0'..=b'9' => {
                i = scan_number(data, i)?;
            }
            b't' => {
                i = scan_literal(data, i, b"true")?;
            }
            b'f' => {
                i = scan_literal(data, i, b"false")?;
            }
            b'n' => {
                i = scan_literal(data, i, b"null")?;
            }
            other => {
                return Err(syntax_error(format!(
                    "invalid character {} looking for beginning of value",
                    quote_char(other)
                )));
            }
        }
        // End of a value: close containers or continue them.
        loop {
            while i < data.len() && ws(data[i]) {
                i += 1;
            }
            let Some(top) = stack.last().copied() else {
                // Top level: only whitespace may follow.
                return match data.get(i) {
                    None => Ok(()),
                    Some(&other) => Err(syntax_error(format!(
                        "invalid character {} after top-level value",
                        quote_char(other)
                    ))),
                };
            };
            let Some(&c) = data.get(i) else {
                return Err(eof());
            };
            match top {
                Ctx::Object | Ctx::ObjectKey => match c {
                    b',' => {
                        i += 1;
                        while i < data.len() && ws(data[i]) {
                            i += 1;
                        }
                        match data.get(i) {
                            None => return Err(eof()),
                            Some(b'"') => {
                                i = scan_string(data, i)?;
                                i = expect_colon(data, i)?;
                                break;
                            }
                            Some(&other) => {
                                return Err(syntax_error(format!(
                                    "invalid character {} looking for beginning of object key string",
                                    quote_char(other)
                                )));
                            }
                        }
                    }
                    b'}' => {
                        i += 1;
                        stack.pop();
                    }
                    other => {
                        return Err(syntax_error(format!(
                            "invalid character {} after object key:value pair",
                            quote_char(other)
                        )));
                    }
                },
                Ctx::Array => match c {
                    b',' => {
                        i += 1;
                        break;
                    }
                    b']' => {
                        i += 1;
                        stack.pop();
                    }
                    other => {
                        return Err(syntax_error(format!(
                            "invalid character {} after array element",
                            quote_char(other)
                        )));
                    }
                },
            }
        }
    }
}

fn expect_colon(data: &[u8], mut i: usize) -> Result<usize, JsonError> {
    while i < data.len() && matches!(data[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    match data.get(i) {
        None => Err(syntax_error("unexpected end of JSON input".to_string())),
        Some(b':') => Ok(i + 1),
        Some(&other) => Err(syntax_error(format!(
            "invalid character {} after object key",
            quote_char(other)
        ))),
    }
}

fn scan_literal(data: &[u8], i: usize, word: &[u8]) -> Result<usize, JsonError> {
    let name = match word[0] {
        b't' => "true",
        b'f' => "false",
        _ => "null",
    };
    for (k, &expected) in word.iter().enumerate().skip(1) {
        // At the end of the input Go's scanner steps with a space.
        match data.get(i + k).or(Some(&b' ')) {
            None => return Err(syntax_error("unexpected end of JSON input".to_string())),
            Some(&c) if c == expected => {}
            Some(&c) => {
                return Err(syntax_error(format!(
                    "invalid character {} in literal {name} (expecting {})",
                    quote_char(c),
                    quote_char(expected)
                )));
            }
        }
    }
    Ok(i + word.len())
}

fn scan_string(data: &[u8], start: usize) -> Result<usize, JsonError> {
    let mut i = start + 1;
    loop {
        let Some(&c) = data.get(i) else {
            return Err(syntax_error("unexpected end of JSON input".to_string()));
        };
        match c {
            b'"' => return Ok(i + 1),
            b'\\' => {
                i += 1;
                // At the end of the input Go's scanner steps with a space.
                let e = data.get(i).copied().unwrap_or(b' ');
                match e {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => i += 1,
                    b'u' => {
                        i += 1;
                        for _ in 0..4 {
                            let h = data.get(i).copied().unwrap_or(b' ');
                            if !h.is_ascii_hexdigit() {
                                return Err(syntax_error(format!(
                                    "invalid character {} in \\u hexadecimal character escape",
                                    quote_char(h)
                                )));
                            }
                            i += 1;
                        }
                    }
                    other => {
                        return Err(syntax_error(format!(
                            "invalid character {} in string escape code",
                            quote_char(other)
                        )));
                    }
                }
            }
            c if c < 0x20 => {
                return Err(syntax_error(format!(
                    "invalid character {} in string literal",
                    quote_char(c)
                )));
            }
            _ => i += 1,
        }
    }
}

fn scan_number(data: &[u8], start: usize) -> Result<usize, JsonError> {
    // At the end of the input Go's scanner steps with a space, which a
    // number waiting for a digit rejects.
    let eof = || syntax_error("invalid character ' ' in numeric literal".to_string());
    let bad =
        |c: u8, what: &str| syntax_error(format!("invalid character {} {what}", quote_char(c)));
    let mut i = start;
    if data[i] == b'-' {
        i += 1;
        match data.get(i) {
            None => return Err(eof()),
            Some(b'0'..=b'9') => {}
            Some(&c) => return Err(bad(c, "in numeric literal")),
        }
    }
    if data[i] == b'0' {
        i += 1;
    } else {
        while matches!(data.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if data.get(i) == Some(&b'.') {
        i += 1;
        match data.get(i).copied().unwrap_or(b' ') {
            b'0'..=b'9' => {}
            c => return Err(bad(c, "after decimal point in numeric literal")),
        }
        while matches!(data.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(data.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(data.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        match data.get(i).copied().unwrap_or(b' ') {
            b'0'..=b'9' => {}
            c => return Err(bad(c, "in exponent of numeric literal")),
        }
        while matches!(data.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    Ok(i)
}

/// Decodes JSON already checked by `check_valid`.
struct Parser<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.value_at(depth))
    }

    fn value_at(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(depth_error());
        }
        self.skip_ws();
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut entries: BTreeMap<Arc<str>, Value> = BTreeMap::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => {
                            self.pos += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let key = self.string();
                    self.skip_ws();
                    self.pos += 1; // ':'
                    let value = self.value(depth + 1)?;
                    // Go keeps the last of duplicate keys.
                    entries.insert(Arc::from(key), value);
                }
                Ok(Value::Map(MapRef::from_entries(entries)))
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => {
                            self.pos += 1;
                            continue;
                        }
                        _ => {}
                    }
                    items.push(self.value(depth + 1)?);
                }
                Ok(Value::list(ElemType::Interface, items))
            }
            Some(b'"') => Ok(Value::from(self.string())),
            Some(b't') => {
                self.pos += 4;
                Ok(Value::Bool(true, None))
            }
            Some(b'f') => {
                self.pos += 5;
                Ok(Value::Bool(false, None))
            }
            Some(b'n') => {
                self.pos += 4;
                Ok(Value::Nil)
            }
            _ => {
                let start = self.pos;
                self.pos = scan_number(self.data, start)?;
                let text = std::str::from_utf8(&self.data[start..self.pos]).unwrap_or("0");
                match text.parse::<f64>() {
                    Ok(f) if f.is_finite() => Ok(Value::Float(f, None)),
                    _ => Err(JsonError(format!(
                        "json: cannot unmarshal number {text} into Go value of type float64"
                    ))),
                }
            }
        }
    }

    /// A string literal, unquoted as Go's `unquote` does: invalid UTF-8
    /// and lone surrogates become U+FFFD.
    fn string(&mut self) -> String {
        let data = self.data;
        let mut i = self.pos + 1;
        let mut out = String::new();
        while i < data.len() {
            let c = data[i];
            match c {
                b'"' => {
                    i += 1;
                    break;
                }
                b'\\' => {
                    let e = data.get(i + 1).copied().unwrap_or(b'"');
                    i += 2;
                    match e {
                        b'b' => out.push('\x08'),
                        b'f' => out.push('\x0c'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let r1 = hex4(data, i);
                            i += 4;
                            if (0xd800..0xdc00).contains(&r1)
                                && data.get(i) == Some(&b'\\')
                                && data.get(i + 1) == Some(&b'u')
                            {
                                let r2 = hex4(data, i + 2);
                                if (0xdc00..0xe000).contains(&r2) {
                                    let c = 0x10000 + ((r1 - 0xd800) << 10) + (r2 - 0xdc00);
                                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                                    i += 6;
                                    continue;
                                }
                            }
                            out.push(char::from_u32(r1).unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other as char),
                    }
                }
                _ => i += push_rune_lossy(&mut out, &data[i..]),
            }
        }
        self.pos = i;
        out
    }
}

fn hex4(data: &[u8], i: usize) -> u32 {
    let mut r = 0u32;
    for k in 0..4 {
        let d = data
            .get(i + k)
            .and_then(|&b| (b as char).to_digit(16))
            .unwrap_or(0);
        r = r * 16 + d;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::map(
            entries
                .iter()
                .map(|(k, v)| (Arc::from(*k), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn floats_format_like_strconv() {
        assert_eq!(format_float(1e6, 'g', 64), "1e+06");
        assert_eq!(format_float(123456789.123, 'g', 64), "1.23456789123e+08");
        assert_eq!(format_float(100000.0, 'g', 64), "100000");
        assert_eq!(format_float(0.0001, 'g', 64), "0.0001");
        assert_eq!(format_float(0.00001, 'g', 64), "1e-05");
        assert_eq!(format_float(1.5, 'g', 64), "1.5");
        assert_eq!(format_float(0.0, 'g', 64), "0");
        assert_eq!(format_float(-0.0, 'g', 64), "-0");
        assert_eq!(format_float(1e21, 'g', 64), "1e+21");
        assert_eq!(format_float(0.1, 'g', 32), "0.1");
        assert_eq!(format_float(std::f64::consts::PI, 'g', 32), "3.1415927");
        assert_eq!(format_float(1e21, 'f', 64), "1000000000000000000000");
        assert_eq!(format_float(1.5e-7, 'e', 64), "1.5e-07");
        assert_eq!(format_float(0.0, 'e', 64), "0e+00");
        assert_eq!(format_float(1e100, 'e', 64), "1e+100");
        assert_eq!(format_float(f64::NAN, 'g', 64), "NaN");
        assert_eq!(format_float(f64::NEG_INFINITY, 'g', 64), "-Inf");
    }

    #[test]
    fn json_floats() {
        assert_eq!(json_float(1e6).unwrap(), "1000000");
        assert_eq!(json_float(1.5).unwrap(), "1.5");
        assert_eq!(json_float(1e21).unwrap(), "1e+21");
        assert_eq!(json_float(1e20).unwrap(), "100000000000000000000");
        assert_eq!(json_float(1e-7).unwrap(), "1e-7");
        assert_eq!(json_float(0.000001).unwrap(), "0.000001");
        assert_eq!(json_float(1.5e-10).unwrap(), "1.5e-10");
        assert_eq!(json_float(-0.0).unwrap(), "-0");
        assert_eq!(
            json_float(12345678901234567890.0).unwrap(),
            "12345678901234567000"
        );
        assert_eq!(
            json_float(f64::NAN).unwrap_err().0,
            "json: unsupported value: NaN"
        );
        assert_eq!(
            json_float(f64::INFINITY).unwrap_err().0,
            "json: unsupported value: +Inf"
        );
    }

    #[test]
    fn marshal_values() {
        let v = map(&[
            ("b", Value::int(1)),
            ("a", s("<x>&")),
            (
                "c",
                Value::list(ElemType::Interface, vec![Value::Nil, Value::from(true)]),
            ),
            ("d", Value::empty_map()),
            ("e", Value::list(ElemType::String, vec![])),
        ]);
        assert_eq!(
            marshal(&v).unwrap(),
            r#"{"a":"\u003cx\u003e\u0026","b":1,"c":[null,true],"d":{},"e":[]}"#
        );
        assert_eq!(
            marshal_no_html(&v).unwrap(),
            r#"{"a":"<x>&","b":1,"c":[null,true],"d":{},"e":[]}"#
        );
        assert_eq!(
            marshal_indent(&v, "", "  ").unwrap(),
            "{\n  \"a\": \"\\u003cx\\u003e\\u0026\",\n  \"b\": 1,\n  \"c\": [\n    null,\n    true\n  ],\n  \"d\": {},\n  \"e\": []\n}"
        );
        assert_eq!(marshal(&Value::Nil).unwrap(), "null");
        assert_eq!(
            marshal(&Value::Bytes(Arc::from(&b"hi"[..]))).unwrap(),
            "\"aGk=\""
        );
        assert_eq!(
            marshal(&Value::Float(f64::NAN, None)).unwrap_err().0,
            "json: unsupported value: NaN"
        );
    }

    #[test]
    fn marshal_strings() {
        let mut out = String::new();
        write_string(
            &mut out,
            "a\"b\\c\n\t\r\x08\x0c\x01\x7f\u{2028}\u{2029}é".as_bytes(),
            true,
        );
        assert_eq!(
            out,
            "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\x7f\\u2028\\u2029é\""
        );
        let mut out = String::new();
        write_string(&mut out, b"a\xffb\xe2\x82", true);
        assert_eq!(out, r#""a\ufffdb\ufffd\ufffd""#);
    }

    #[test]
    fn unmarshal_values() {
        let v = unmarshal(
            br#" {"a": [1, 2.5, "x", true, null], "b": {"c": -1e3}, "a2": "\u00e9\ud83d\ude00"} "#,
            Target::Any,
        )
        .unwrap();
        assert_eq!(
            marshal(&v).unwrap(),
            r#"{"a":[1,2.5,"x",true,null],"a2":"é😀","b":{"c":-1000}}"#
        );
        assert!(matches!(unmarshal(b"12", Target::Any).unwrap(), Value::Float(f, _) if f == 12.0));
        assert_eq!(
            marshal(&unmarshal(br#"{"a":1,"a":2}"#, Target::Map).unwrap()).unwrap(),
            r#"{"a":2}"#
        );
        assert!(unmarshal(b"null", Target::Map).unwrap().is_nil());
    }

    #[test]
    fn unmarshal_errors() {
        let err = |s: &[u8]| unmarshal(s, Target::Any).unwrap_err().0;
        assert_eq!(err(b""), "unexpected end of JSON input");
        assert_eq!(err(b"{"), "unexpected end of JSON input");
        assert_eq!(
            err(b"x"),
            "invalid character 'x' looking for beginning of value"
        );
        assert_eq!(
            err(b"{a"),
            "invalid character 'a' looking for beginning of object key string"
        );
        assert_eq!(err(br#"{"a" 1}"#), "invalid character '1' after object key");
        assert_eq!(
            err(br#"{"a":1 "b"}"#),
            "invalid character '\"' after object key:value pair"
        );
        assert_eq!(err(b"[1 2]"), "invalid character '2' after array element");
        assert_eq!(err(b"1 2"), "invalid character '2' after top-level value");
        assert_eq!(
            err(b"tru"),
            "invalid character ' ' in literal true (expecting 'e')"
        );
        assert_eq!(err(b"-"), "invalid character ' ' in numeric literal");
        assert_eq!(
            err(b"1."),
            "invalid character ' ' after decimal point in numeric literal"
        );
        assert_eq!(
            err(b"1e"),
            "invalid character ' ' in exponent of numeric literal"
        );
        assert_eq!(err(b"\"\\"), "invalid character ' ' in string escape code");
        assert_eq!(
            err(b"[tr"),
            "invalid character ' ' in literal true (expecting 'u')"
        );
        assert_eq!(
            err(b"trx"),
            "invalid character 'x' in literal true (expecting 'u')"
        );
        assert_eq!(
            err(b"\"a\nb\""),
            "invalid character '\\n' in string literal"
        );
        assert_eq!(
            err(br#""\q""#),
            "invalid character 'q' in string escape code"
        );
        assert_eq!(err(b"01"), "invalid character '1' after top-level value");
        assert_eq!(err(b"-x"), "invalid character 'x' in numeric literal");
        assert_eq!(
            err(b"1.x"),
            "invalid character 'x' after decimal point in numeric literal"
        );
        assert_eq!(
            err(b"'a'"),
            "invalid character '\\'' looking for beginning of value"
        );
        assert_eq!(
            err(b"1e400"),
            "json: cannot unmarshal number 1e400 into Go value of type float64"
        );
        assert_eq!(
            unmarshal(b"[1]", Target::Map).unwrap_err().0,
            "json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        assert_eq!(
            unmarshal(b"{}", Target::List).unwrap_err().0,
            "json: cannot unmarshal object into Go value of type []interface {}"
        );
    }
}
