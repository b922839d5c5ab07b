//! Value conversions as Sprig does them (spf13/cast v1.7.0 and Sprig's own
//! `strval`/`strslice`), shared by every function family, plus the pieces of
//! Go's `strconv` they rest on (`ParseInt`, `ParseFloat`, `Atoi`, `Quote`),
//! ported so that edge cases (`0x1F`, `1_000`, `08`, `1e400`) come out as Go
//! has them.

use std::fmt;

use gotemplate::Value;

/// Sprig's `strval`: strings as they are, `[]byte` as text, errors and
/// Stringers by their method, anything else with `%v`.
pub fn to_string(value: &Value) -> String {
    match value {
        Value::String(s, _) => s.to_string(),
        Value::Bytes(b) => crate::text::lossy(b).into_owned(),
        other => gotemplate::gofmt::to_string(other),
    }
}

/// Sprig's `strslice` (`toStrings`): slices element by element through
/// `strval`, skipping nil elements; nil gives an empty list; anything else
/// gives a one-element list.
pub fn to_strings(value: &Value) -> Vec<String> {
    match value {
        Value::List(list) => list
            .items
            .iter()
            .filter(|item| !item.is_nil())
            .map(to_string)
            .collect(),
        // A []byte is a slice to reflect: each element is a uint8 that
        // strval prints with %v, i.e. as a decimal number.
        Value::Bytes(bytes) => bytes.iter().map(|b| b.to_string()).collect(),
        Value::Nil => Vec::new(),
        Value::Object(obj) if obj.kind() == "slice" || obj.kind() == "array" => {
            match obj.as_value() {
                Some(inner @ (Value::List(_) | Value::Bytes(_))) => to_strings(&inner),
                _ => vec![to_string(value)],
            }
        }
        other => vec![to_string(other)],
    }
}

/// `cast.ToInt64E`: `None` where cast reports an error.
pub fn try_int64(value: &Value) -> Option<i64> {
    match value {
        Value::Nil => Some(0),
        Value::Bool(b, _) => Some(i64::from(*b)),
        Value::Int(i) | Value::Int64(i, _) => Some(*i),
        Value::Float(f, _) => Some(float_to_int64(*f)),
        // cast trims a zero fraction ("3.00" -> "3") and then lets
        // strconv.ParseInt pick the base from the prefix (0x, 0o, 0b, and a
        // bare leading 0 for octal, so "08" fails), with underscores allowed.
        Value::String(s, _) => parse_int(trim_zero_decimal(s), 0, 64).ok(),
        _ => None,
    }
}

/// `cast.ToInt64`: 0 when the value does not convert.
pub fn to_int64(value: &Value) -> i64 {
    try_int64(value).unwrap_or(0)
}

/// `cast.ToInt` (Go's `int` is 64 bits on every platform Helm ships for, so
/// this is `ToInt64` under another name).
pub fn to_int(value: &Value) -> i64 {
    to_int64(value)
}

/// `cast.ToFloat64E`: `None` where cast reports an error.
pub fn try_float64(value: &Value) -> Option<f64> {
    match value {
        Value::Nil => Some(0.0),
        Value::Bool(b, _) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Int(i) | Value::Int64(i, _) => Some(*i as f64),
        Value::Float(f, _) => Some(*f),
        // No trimming here, unlike the integer casts; out-of-range input
        // ("1e400") is an error to ParseFloat and so 0 to cast.
        Value::String(s, _) => parse_float(s).ok(),
        _ => None,
    }
}

/// `cast.ToFloat64`: 0 when the value does not convert.
pub fn to_float64(value: &Value) -> f64 {
    try_float64(value).unwrap_or(0.0)
}

/// `cast.ToBool`: numbers are true when non-zero, strings go through
/// `strconv.ParseBool`, anything else is false.
pub fn to_bool(value: &Value) -> bool {
    match value {
        Value::Nil => false,
        Value::Bool(b, _) => *b,
        Value::Int(i) | Value::Int64(i, _) => *i != 0,
        Value::Float(f, _) => *f != 0.0,
        Value::String(s, _) => parse_bool(s).unwrap_or(false),
        _ => false,
    }
}

/// Go's `int64(f)` on amd64 (CVTTSD2SI): truncation toward zero, and the
/// "integer indefinite" value math.MinInt64 for NaN and out-of-range input,
/// where Rust's `as` would saturate.
pub fn float_to_int64(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `trimZeroDecimal`: drops a fraction made only of zeros ("3.00"
/// becomes "3", ".0" becomes ""), leaves everything else alone ("3." too).
pub fn trim_zero_decimal(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=bytes.len()).rev() {
        match bytes[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Why a `strconv` parse failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumErrorKind {
    /// `strconv.ErrSyntax`
    Syntax,
    /// `strconv.ErrRange`
    Range,
}

/// Go's `*strconv.NumError`, printed as Go prints it:
/// `strconv.Atoi: parsing "x": invalid syntax`.
#[derive(Clone, Debug, PartialEq)]
pub struct NumError {
    pub func: &'static str,
    pub num: String,
    pub kind: NumErrorKind,
    /// The value Go returns alongside a range error (the clamped bound).
    pub clamped: i64,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.kind {
            NumErrorKind::Syntax => "invalid syntax",
            NumErrorKind::Range => "value out of range",
        };
        write!(
            f,
            "strconv.{}: parsing {}: {}",
            self.func,
            go_quote(&self.num),
            reason
        )
    }
}

impl std::error::Error for NumError {}

fn num_error(func: &'static str, num: &str, kind: NumErrorKind, clamped: i64) -> NumError {
    NumError {
        func,
        num: num.to_string(),
        kind,
        clamped,
    }
}

/// `strconv.ParseUint(s, base, bitSize)`; `base` 0 reads Go's prefixes and
/// allows underscores. On a range error `clamped` holds the maximum as u64
/// bits (Go returns it with the error).
pub fn parse_uint(s: &str, base: u32, bit_size: u32) -> Result<u64, NumError> {
    const FUNC: &str = "ParseUint";
    let syntax = || num_error(FUNC, s, NumErrorKind::Syntax, 0);
    if s.is_empty() {
        return Err(syntax());
    }
    let base0 = base == 0;
    let mut digits = s.as_bytes();
    let base = match base {
        2..=36 => u64::from(base),
        0 => {
            let lower1 = digits.get(1).map(|c| c.to_ascii_lowercase());
            if digits[0] == b'0' {
                match lower1 {
                    Some(b'b') if digits.len() >= 3 => {
                        digits = &digits[2..];
                        2
                    }
                    Some(b'o') if digits.len() >= 3 => {
                        digits = &digits[2..];
                        8
                    }
                    Some(b'x') if digits.len() >= 3 => {
                        digits = &digits[2..];
                        16
                    }
                    _ => {
                        digits = &digits[1..];
                        8
                    }
                }
            } else {
                10
            }
        }
        _ => return Err(syntax()),
    };
    let bit_size = if bit_size == 0 { 64 } else { bit_size.min(64) };
    let max_val: u64 = if bit_size == 64 {
        u64::MAX
    } else {
        (1u64 << bit_size) - 1
    };
    // Go's cutoff: the smallest n with n*base overflowing u64.
    let cutoff = u64::MAX / base + 1;
    let range = || num_error(FUNC, s, NumErrorKind::Range, max_val as i64);
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            _ if c.to_ascii_lowercase().is_ascii_lowercase() => {
                u64::from(c.to_ascii_lowercase() - b'a') + 10
            }
            _ => return Err(syntax()),
        };
        if d >= base {
            return Err(syntax());
        }
        if n >= cutoff {
            return Err(range());
        }
        n *= base;
        let n1 = n.wrapping_add(d);
        if n1 < n || n1 > max_val {
            return Err(range());
        }
        n = n1;
    }
    if underscores && !underscore_ok(s) {
        return Err(syntax());
    }
    Ok(n)
}

/// `strconv.ParseInt(s, base, bitSize)`. A range error carries Go's clamped
/// result in `clamped`.
pub fn parse_int(s: &str, base: u32, bit_size: u32) -> Result<i64, NumError> {
    const FUNC: &str = "ParseInt";
    if s.is_empty() {
        return Err(num_error(FUNC, s, NumErrorKind::Syntax, 0));
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let bit_size = if bit_size == 0 { 64 } else { bit_size.min(64) };
    let cutoff: u64 = 1u64 << (bit_size - 1);
    let un = match parse_uint(body, base, bit_size) {
        Ok(un) => un,
        Err(err) if err.kind == NumErrorKind::Range => u64::MAX,
        Err(err) => return Err(num_error(FUNC, s, err.kind, 0)),
    };
    if !neg && un >= cutoff {
        return Err(num_error(FUNC, s, NumErrorKind::Range, (cutoff - 1) as i64));
    }
    if neg && un > cutoff {
        return Err(num_error(
            FUNC,
            s,
            NumErrorKind::Range,
            (cutoff as i64).wrapping_neg(),
        ));
    }
    let n = un as i64;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// `strconv.Atoi`: base 10 only, no underscores; a range error carries the
/// clamped bound (Sprig's `atoi` returns it, ignoring the error).
pub fn atoi(s: &str) -> Result<i64, NumError> {
    const FUNC: &str = "Atoi";
    let len = s.len();
    if 0 < len && len < 19 {
        // Go's fast path: every byte must be a digit after one sign.
        let bytes = s.as_bytes();
        let digits = if bytes[0] == b'-' || bytes[0] == b'+' {
            if len == 1 {
                return Err(num_error(FUNC, s, NumErrorKind::Syntax, 0));
            }
            &bytes[1..]
        } else {
            bytes
        };
        let mut n: i64 = 0;
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return Err(num_error(FUNC, s, NumErrorKind::Syntax, 0));
            }
            n = n * 10 + i64::from(d);
        }
        return Ok(if bytes[0] == b'-' { -n } else { n });
    }
    parse_int(s, 10, 64).map_err(|mut err| {
        err.func = FUNC;
        err
    })
}

/// `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Result<bool, NumError> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(num_error("ParseBool", s, NumErrorKind::Syntax, 0)),
    }
}

/// strconv's `underscoreOK`: underscores only between digits (a base
/// prefix counts as a digit).
fn underscore_ok(s: &str) -> bool {
    let mut bytes = s.as_bytes();
    if let Some(&(b'-' | b'+')) = bytes.first() {
        bytes = &bytes[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if bytes.len() >= 2
        && bytes[0] == b'0'
        && matches!(bytes[1].to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        i = 2;
        saw = b'0';
        hex = bytes[1].eq_ignore_ascii_case(&b'x');
    }
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        if c.is_ascii_digit() || (hex && matches!(c.to_ascii_lowercase(), b'a'..=b'f')) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// `strconv.ParseFloat(s, 64)`: Go's grammar (decimal and hexadecimal
/// literals, underscores after a base prefix or between digits, "inf",
/// "infinity", "nan"), correctly rounded; overflow is a range error (Go
/// returns ±Inf with it), underflow is silently 0.
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    const FUNC: &str = "ParseFloat";
    let syntax = || num_error(FUNC, s, NumErrorKind::Syntax, 0);
    if let Some((value, n)) = float_special(s) {
        return if n == s.len() {
            Ok(value)
        } else {
            Err(syntax())
        };
    }
    let read = read_float(s).ok_or_else(syntax)?;
    if read.end != s.len() {
        return Err(syntax());
    }
    let value = if read.hex {
        let (value, overflow) = atof_hex(read.mantissa, read.exp, read.neg, read.trunc);
        if overflow {
            return Err(num_error(FUNC, s, NumErrorKind::Range, 0));
        }
        value
    } else {
        // The grammar is checked; Rust's parser rounds correctly, like Go's.
        let cleaned: String = s.chars().filter(|&c| c != '_').collect();
        let value: f64 = cleaned.parse().map_err(|_| syntax())?;
        if value.is_infinite() {
            return Err(num_error(FUNC, s, NumErrorKind::Range, 0));
        }
        value
    };
    Ok(value)
}

/// strconv's `special`: a signed "inf"/"infinity" or an unsigned "nan",
/// in any case, and how many bytes it used.
fn float_special(s: &str) -> Option<(f64, usize)> {
    let bytes = s.as_bytes();
    let first = *bytes.first()?;
    let common = |rest: &[u8], word: &[u8]| {
        rest.iter()
            .zip(word)
            .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
            .count()
    };
    let (sign, nsign, rest) = match first {
        b'+' => (1.0, 1, &bytes[1..]),
        b'-' => (-1.0, 1, &bytes[1..]),
        b'i' | b'I' => (1.0, 0, bytes),
        b'n' | b'N' => {
            return (common(bytes, b"nan") == 3).then_some((f64::NAN, 3));
        }
        _ => return None,
    };
    let mut n = common(rest, b"infinity");
    if 3 < n && n < 8 {
        n = 3;
    }
    (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
}

struct ReadFloat {
    mantissa: u64,
    exp: i64,
    neg: bool,
    trunc: bool,
    hex: bool,
    end: usize,
}

/// strconv's `readFloat`: checks the grammar and, for hexadecimal input,
/// gathers the mantissa and binary exponent.
fn read_float(s: &str) -> Option<ReadFloat> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    let mut underscores = false;
    match bytes.first()? {
        b'+' => i += 1,
        b'-' => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < bytes.len() && bytes[i] == b'0' && bytes[i + 1].eq_ignore_ascii_case(&b'x') {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let mut sawdot = false;
    let mut sawdigits = false;
    let mut nd: i64 = 0;
    let mut nd_mant: i64 = 0;
    let mut dp: i64 = 0;
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
        } else if c.is_ascii_digit() {
            sawdigits = true;
            if c == b'0' && nd == 0 {
                dp -= 1;
            } else {
                nd += 1;
                if nd_mant < max_mant_digits {
                    mantissa = mantissa
                        .wrapping_mul(base)
                        .wrapping_add(u64::from(c - b'0'));
                    nd_mant += 1;
                } else if c != b'0' {
                    trunc = true;
                }
            }
        } else if base == 16 && matches!(c.to_ascii_lowercase(), b'a'..=b'f') {
            sawdigits = true;
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa * 16 + u64::from(c.to_ascii_lowercase() - b'a' + 10);
                nd_mant += 1;
            } else {
                trunc = true;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < bytes.len() && bytes[i].to_ascii_lowercase() == exp_char {
        i += 1;
        if i >= bytes.len() {
            return None;
        }
        let mut esign = 1;
        if bytes[i] == b'+' {
            i += 1;
        } else if bytes[i] == b'-' {
            i += 1;
            esign = -1;
        }
        if i >= bytes.len() || !bytes[i].is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
            if bytes[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(bytes[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        // A hexadecimal float must have a 'p' exponent.
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some(ReadFloat {
        mantissa,
        exp,
        neg,
        trunc,
        hex,
        end: i,
    })
}

/// strconv's `atofHex` for float64: rounds a binary mantissa and exponent
/// to nearest-even. Returns the value and whether it overflowed.
fn atof_hex(mut mantissa: u64, exp: i64, neg: bool, trunc: bool) -> (f64, bool) {
    const MANTBITS: u32 = 52;
    const BIAS: i64 = -1023;
    let max_exp: i64 = (1 << 11) + BIAS - 2;
    let min_exp: i64 = BIAS + 1;
    let mut exp = exp + i64::from(MANTBITS);
    while mantissa != 0 && mantissa >> (MANTBITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANTBITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANTBITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANTBITS == 0 {
        exp = BIAS;
    }
    let mut overflow = false;
    if exp > max_exp {
        mantissa = 1 << MANTBITS;
        exp = max_exp + 1;
        overflow = true;
    }
    let mut bits = mantissa & ((1 << MANTBITS) - 1);
    bits |= (((exp - BIAS) & ((1 << 11) - 1)) as u64) << MANTBITS;
    if neg {
        bits |= 1 << 63;
    }
    (f64::from_bits(bits), overflow)
}

/// `strconv.Quote` (what `%q` prints for a string): Go escapes, printable
/// runes kept as they are.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_go_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols
/// and the ASCII space (by this crate's Unicode tables, which may be a
/// version newer than Go's for code points assigned since).
fn is_go_print(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// The bytes of a `string` argument. Embedders hand out a `[]byte` for a Go
/// string that is not UTF-8 (`.Files.Get` of a binary file), and functions
/// that work on bytes (encoders, hashes) take those as they are.
pub fn string_bytes(value: Option<&Value>) -> &[u8] {
    match value {
        Some(Value::Bytes(b)) => b,
        Some(v) => v.as_str().unwrap_or("").as_bytes(),
        None => b"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::from(text)
    }

    #[test]
    fn to_int64_strings_follow_cast() {
        // Expected values from Helm 3.17.1: {{ int "..." }}.
        let cases = [
            ("3.9", 0),
            ("3.0", 3),
            ("0x1F", 31),
            ("08", 0),
            ("010", 8),
            ("1_000", 1000),
            ("_1", 0),
            ("0b101", 5),
            ("0o17", 15),
            ("0O17", 15),
            ("0X1f", 31),
            (" 5", 0),
            ("5.00", 5),
            ("5.", 0),
            (".0", 0),
            ("-0x10", -16),
            ("+7", 7),
            ("99999999999999999999", 0),
            ("9223372036854775807", i64::MAX),
            ("-1e3", 0),
            ("", 0),
        ];
        for (input, want) in cases {
            assert_eq!(to_int64(&s(input)), want, "int {input:?}");
        }
    }

    #[test]
    fn to_int64_other_kinds() {
        assert_eq!(to_int64(&Value::Bool(true, None)), 1);
        assert_eq!(to_int64(&Value::Nil), 0);
        assert_eq!(to_int64(&Value::Float(3.99, None)), 3);
        assert_eq!(to_int64(&Value::Float(-3.99, None)), -3);
        assert_eq!(to_int64(&Value::Float(1e20, None)), i64::MIN);
        assert_eq!(to_int64(&Value::Float(f64::NAN, None)), i64::MIN);
        assert_eq!(to_int64(&Value::from(vec![Value::Int(1)])), 0);
        assert_eq!(to_int64(&Value::Bytes(std::sync::Arc::from(&b"1"[..]))), 0);
    }

    #[test]
    fn to_float64_strings_follow_parse_float() {
        // Expected values from Helm 3.17.1: {{ float64 "..." }}.
        assert_eq!(to_float64(&s("1.5")), 1.5);
        assert_eq!(to_float64(&s(" 1.5")), 0.0);
        assert_eq!(to_float64(&s("1e400")), 0.0);
        assert!(to_float64(&s("nan")).is_nan());
        assert_eq!(to_float64(&s("-Infinity")), f64::NEG_INFINITY);
        assert_eq!(to_float64(&s("0x10")), 0.0);
        assert_eq!(to_float64(&s("0x1p-2")), 0.25);
        assert_eq!(to_float64(&s("1_0.5")), 10.5);
        assert_eq!(to_float64(&s("1_000")), 1000.0);
        assert_eq!(to_float64(&s("")), 0.0);
        assert_eq!(to_float64(&s("1.5.0")), 0.0);
        assert_eq!(to_float64(&s("5e-324")), 5e-324);
        assert_eq!(to_float64(&s("1e-400")), 0.0);
        assert_eq!(to_float64(&s("+nan")), 0.0);
        assert_eq!(to_float64(&s("infin")), 0.0);
        assert_eq!(to_float64(&s("5.")), 5.0);
        assert_eq!(to_float64(&Value::Bool(true, None)), 1.0);
    }

    #[test]
    fn hex_floats_round_to_even() {
        assert_eq!(parse_float("0x1.8p1"), Ok(3.0));
        assert_eq!(parse_float("-0x1p-1074"), Ok(-5e-324));
        assert_eq!(parse_float("0x1.fffffffffffff8p0"), Ok(2.0));
        assert_eq!(parse_float("0x1.fffffffffffff7p0"), Ok(1.9999999999999998));
        assert!(parse_float("0x1p1024").is_err());
        assert!(parse_float("0x1").is_err());
    }

    #[test]
    fn atoi_matches_go() {
        assert_eq!(atoi("42"), Ok(42));
        assert!(atoi(" 42").is_err());
        assert_eq!(atoi("+5"), Ok(5));
        assert_eq!(atoi("-5"), Ok(-5));
        assert!(atoi("-").is_err());
        assert!(atoi("1_000").is_err());
        let err = atoi("99999999999999999999").unwrap_err();
        assert_eq!(err.clamped, i64::MAX);
        assert_eq!(
            err.to_string(),
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(atoi("-99999999999999999999").unwrap_err().clamped, i64::MIN);
        assert_eq!(
            atoi("x").unwrap_err().to_string(),
            "strconv.Atoi: parsing \"x\": invalid syntax"
        );
    }

    #[test]
    fn to_bool_and_strings() {
        assert!(to_bool(&s("True")));
        assert!(!to_bool(&s("yes")));
        assert!(to_bool(&Value::Float(0.5, None)));
        assert_eq!(
            to_strings(&Value::from(vec![s("a"), Value::Nil, s("b")])),
            vec!["a", "b"]
        );
        assert_eq!(to_strings(&Value::Nil), Vec::<String>::new());
        assert_eq!(to_strings(&s("x")), vec!["x"]);
        assert_eq!(
            to_strings(&Value::Bytes(std::sync::Arc::from(&b"hi"[..]))),
            vec!["104", "105"]
        );
    }

    #[test]
    fn trim_zero_decimal_cases() {
        assert_eq!(trim_zero_decimal("3.00"), "3");
        assert_eq!(trim_zero_decimal("3."), "3.");
        assert_eq!(trim_zero_decimal(".0"), "");
        assert_eq!(trim_zero_decimal("100"), "100");
        assert_eq!(trim_zero_decimal("1.0.0"), "1.0");
    }

    #[test]
    fn quote_escapes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(go_quote("\n\x01\x7f"), "\"\\n\\x01\\x7f\"");
        assert_eq!(go_quote("é\u{ad}"), "\"é\\u00ad\"");
        assert_eq!(
            go_quote("\u{a0}\u{2028}\u{e000}x"),
            "\"\\u00a0\\u2028\\ue000x\""
        );
        assert_eq!(go_quote("\u{1F600}\u{10FFFF}"), "\"\u{1F600}\\U0010ffff\"");
    }
}
