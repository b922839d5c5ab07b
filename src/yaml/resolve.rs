//! go-yaml's implicit typing of plain scalars: v2's `resolve` (YAML 1.1
//! booleans such as `yes`/`on`/`y`, octal `0777`, base-60 quoting, ...)
//! as sigs.k8s.io/yaml uses it for `toYaml`, `fromYaml` and values files,
//! and v3's for `toYamlPretty`.

pub const STR_TAG: &str = "tag:yaml.org,2002:str";
pub const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
pub const INT_TAG: &str = "tag:yaml.org,2002:int";
pub const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
pub const NULL_TAG: &str = "tag:yaml.org,2002:null";
pub const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
pub const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
pub const MERGE_TAG: &str = "tag:yaml.org,2002:merge";
pub const SEQ_TAG: &str = "tag:yaml.org,2002:seq";
pub const MAP_TAG: &str = "tag:yaml.org,2002:map";

const LONG_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// go-yaml's `shortTag`: `!!int` for `tag:yaml.org,2002:int`.
pub fn short_tag(tag: &str) -> String {
    match tag.strip_prefix(LONG_TAG_PREFIX) {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

/// The Go value a scalar resolves to, as go-yaml v2 returns it into an
/// `interface{}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    /// Go `int` (int64 on 64-bit platforms).
    Int(i64),
    /// `uint64`, for integers above `math.MaxInt64`.
    Uint(u64),
    Float(f64),
    /// The text itself: a string, a timestamp (kept as text for
    /// `interface{}` targets), a binary or an unknown tag's value.
    Str,
    /// The merge key `<<`.
    Merge,
}

fn table_hint(b: u8) -> u8 {
    match b {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => 0,
    }
}

fn resolve_map(s: &str) -> Option<(&'static str, Resolved)> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            (BOOL_TAG, Resolved::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            (BOOL_TAG, Resolved::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Resolved::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Resolved::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Resolved::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Resolved::Float(f64::NEG_INFINITY)),
        "<<" => (MERGE_TAG, Resolved::Merge),
        _ => return None,
    })
}

/// go-yaml's `resolvableTag`.
fn resolvable_tag(tag: &str) -> bool {
    matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    )
}

/// v2's `resolve(tag, in)`: the resolved tag and value, or go-yaml's error
/// text (without the `yaml: ` prefix) when an explicit tag does not fit.
pub fn resolve_v2<'t>(tag: &'t str, input: &str) -> Result<(&'t str, Resolved), String> {
    if !resolvable_tag(tag) {
        return Ok((tag, Resolved::Str));
    }
    let (rtag, out) = resolve_untagged(tag, input);
    // go-yaml's deferred check of an explicit tag against the resolution.
    if tag.is_empty() || tag == rtag || tag == STR_TAG || tag == BINARY_TAG {
        return Ok((rtag, out));
    }
    if tag == FLOAT_TAG && rtag == INT_TAG {
        let f = match out {
            Resolved::Int(i) => Some(i as f64),
            _ => None,
        };
        if let Some(f) = f {
            return Ok((FLOAT_TAG, Resolved::Float(f)));
        }
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        input,
        short_tag(tag)
    ))
}

fn resolve_untagged(tag: &str, input: &str) -> (&'static str, Resolved) {
    let hint = input.as_bytes().first().map_or(b'N', |&b| table_hint(b));
    if hint == 0 || tag == STR_TAG || tag == BINARY_TAG {
        return (STR_TAG, Resolved::Str);
    }
    if let Some(item) = resolve_map(input) {
        return item;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(input) {
                return (FLOAT_TAG, Resolved::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(input) {
                return (TIMESTAMP_TAG, Resolved::Str);
            }
            let plain: std::borrow::Cow<'_, str> = if input.contains('_') {
                input
                    .chars()
                    .filter(|&c| c != '_')
                    .collect::<String>()
                    .into()
            } else {
                input.into()
            };
            if let Some(i) = go_parse_int(&plain) {
                return (INT_TAG, Resolved::Int(i));
            }
            if let Some(u) = go_parse_uint(&plain) {
                return (INT_TAG, Resolved::Uint(u));
            }
            if is_yaml_style_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return (FLOAT_TAG, Resolved::Float(f));
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if let Ok(i) = i64::from_str_radix(rest, 2)
                    && !rest.starts_with(['+', '-'])
                {
                    return (INT_TAG, Resolved::Int(i));
                }
                if let Ok(u) = u64::from_str_radix(rest, 2)
                    && !rest.starts_with('+')
                {
                    return (INT_TAG, Resolved::Uint(u));
                }
            } else if let Some(rest) = plain.strip_prefix("-0b")
                && !rest.starts_with(['+', '-'])
                && let Ok(i) = i64::from_str_radix(&format!("-{rest}"), 2)
            {
                return (INT_TAG, Resolved::Int(i));
            }
        }
        _ => {}
    }
    (STR_TAG, Resolved::Str)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
pub fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` (no underscores: go-yaml strips them).
pub fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint_base0(body)?;
    if neg {
        if u <= (i64::MAX as u64) + 1 {
            Some((u as i64).wrapping_neg())
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`: no sign allowed.
pub fn go_parse_uint(s: &str) -> Option<u64> {
    go_parse_uint_base0(s)
}

fn go_parse_uint_base0(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let b = s.as_bytes();
    let (base, digits) = if b[0] == b'0' && b.len() > 1 {
        match b[1] {
            b'x' | b'X' => (16, &s[2..]),
            b'o' | b'O' => (8, &s[2..]),
            b'b' | b'B' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    u64::from_str_radix(digits, base).ok()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms go-yaml feeds it
/// (it has checked the shape first, or the text starts with `.`). Out of
/// range is an error in Go, so infinities are refused.
pub fn go_parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Go also accepts "inf", "infinity", "nan" and hex floats; none of them
    // reaches here except through the `.` hint, where they cannot start.
    if body.is_empty()
        || !body
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() { None } else { Some(f) }
}

/// v2's `isBase60Float`: strings such as `190:20:30` are quoted on output.
pub fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    if !(c == b'+' || c == b'-' || c.is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let mut i = 0;
    if c == b'+' || c == b'-' {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        // [0-5]?[0-9]: one digit, or two with the first in 0-5.
        let d1 = b.get(i).copied();
        let d2 = b.get(i + 1).copied();
        match (d1, d2) {
            (Some(x), Some(y)) if (b'0'..=b'5').contains(&x) && y.is_ascii_digit() => {
                // Prefer two digits when the regex can still match after;
                // backtracking to one digit only matters when the second
                // digit is followed by nothing valid, which fails either way
                // except for a following ':' or '.', handled by the loop.
                i += 2;
            }
            (Some(x), _) if x.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v2's `parseTimestamp`: one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`),
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`, as Go's `time.Parse`
/// accepts them (with its range checks on every field).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i != 4 || i == b.len() || b[i] != b'-' {
        return false;
    }
    parse_timestamp_layout(b, Layout::DateTimeTz(b'T'))
        || parse_timestamp_layout(b, Layout::DateTimeTz(b't'))
        || parse_timestamp_layout(b, Layout::DateTimeSpace)
        || parse_timestamp_layout(b, Layout::Date)
}

#[derive(Clone, Copy)]
enum Layout {
    DateTimeTz(u8),
    DateTimeSpace,
    Date,
}

/// Go's `getnum(s, false)`: one or two digits.
fn getnum(b: &[u8], i: &mut usize) -> Option<u32> {
    let d0 = *b.get(*i)?;
    if !d0.is_ascii_digit() {
        return None;
    }
    *i += 1;
    let mut n = u32::from(d0 - b'0');
    if let Some(&d1) = b.get(*i)
        && d1.is_ascii_digit()
    {
        *i += 1;
        n = n * 10 + u32::from(d1 - b'0');
    }
    Some(n)
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
                29
            } else {
                28
            }
        }
    }
}

fn parse_timestamp_layout(b: &[u8], layout: Layout) -> bool {
    let mut i = 0;
    let year: i64 = match std::str::from_utf8(&b[..4])
        .ok()
        .and_then(|y| y.parse().ok())
    {
        Some(y) => y,
        None => return false,
    };
    i += 4;
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(month) = getnum(b, &mut i) else {
        return false;
    };
    if !(1..=12).contains(&month) {
        return false;
    }
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = getnum(b, &mut i) else {
        return false;
    };
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    let sep = match layout {
        Layout::Date => return i == b.len(),
        Layout::DateTimeTz(sep) => sep,
        Layout::DateTimeSpace => b' ',
    };
    if b.get(i) != Some(&sep) {
        return false;
    }
    i += 1;
    let (Some(hour), true) = (getnum(b, &mut i), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let (Some(minute), true) = (getnum(b, &mut i), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let Some(second) = getnum(b, &mut i) else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    // Fractional seconds: '.' or ',' followed by digits (Go accepts both
    // after a seconds field).
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match layout {
        Layout::DateTimeSpace => i == b.len(),
        _ => {
            // Z07:00: "Z", or ±hh:mm.
            match b.get(i) {
                Some(b'Z') => i + 1 == b.len(),
                Some(b'+' | b'-') => {
                    let rest = &b[i + 1..];
                    rest.len() == 5
                        && rest[0].is_ascii_digit()
                        && rest[1].is_ascii_digit()
                        && rest[2] == b':'
                        && rest[3].is_ascii_digit()
                        && rest[4].is_ascii_digit()
                        && (rest[0] - b'0') * 10 + (rest[1] - b'0') <= 24
                        && (rest[3] - b'0') * 10 + (rest[4] - b'0') <= 60
                }
                _ => false,
            }
        }
    }
}

/// go-yaml v3's `resolve("", s)` tag for a plain scalar, which decides
/// whether `toYamlPretty` must quote a string. v3 follows YAML 1.2 but
/// still quotes the YAML 1.1 booleans (`isOldBool`) on output.
pub fn resolve_v3_is_str(s: &str) -> bool {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(&b) => match b {
            b'+' | b'-' => b'S',
            b'0'..=b'9' => b'D',
            b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
            b'.' => b'.',
            _ => 0,
        },
    };
    if hint == 0 {
        return true;
    }
    match s {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "" | "~" | "null" | "Null"
        | "NULL" | ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf"
        | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | "<<" => return false,
        _ => {}
    }
    match hint {
        b'.' => go_parse_float(s).is_none(),
        b'D' | b'S' => {
            if is_timestamp(s) {
                return false;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if go_parse_int(&plain).is_some() || go_parse_uint(&plain).is_some() {
                return false;
            }
            if is_yaml_style_float(&plain) && go_parse_float(&plain).is_some() {
                return false;
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if u64::from_str_radix(rest, 2).is_ok() && !rest.starts_with('+') {
                    return false;
                }
            } else if let Some(rest) = plain.strip_prefix("-0b")
                && !rest.starts_with(['+', '-'])
                && i64::from_str_radix(&format!("-{rest}"), 2).is_ok()
            {
                return false;
            }
            true
        }
        _ => true,
    }
}

/// v3's `isOldBool`: YAML 1.1 booleans v3 still quotes when encoding.
pub fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Resolved {
        resolve_v2("", s).map(|(_, v)| v).unwrap_or(Resolved::Str)
    }

    #[test]
    fn v2_resolution() {
        assert_eq!(r("yes"), Resolved::Bool(true));
        assert_eq!(r("Y"), Resolved::Bool(true));
        assert_eq!(r("off"), Resolved::Bool(false));
        assert_eq!(r("tRue"), Resolved::Str);
        assert_eq!(r("~"), Resolved::Null);
        assert_eq!(r(""), Resolved::Null);
        assert_eq!(r("0777"), Resolved::Int(511));
        assert_eq!(r("0o17"), Resolved::Int(15));
        assert_eq!(r("0x1F"), Resolved::Int(31));
        assert_eq!(r("1_000"), Resolved::Int(1000));
        assert_eq!(r("+12"), Resolved::Int(12));
        assert_eq!(r("0b101"), Resolved::Int(5));
        assert_eq!(r("-0b101"), Resolved::Int(-5));
        assert_eq!(r("08"), Resolved::Float(8.0));
        assert_eq!(r("0x"), Resolved::Str);
        assert_eq!(
            r("12345678901234567890"),
            Resolved::Uint(12345678901234567890)
        );
        assert_eq!(r("100000000000000000000"), Resolved::Float(1e20));
        assert_eq!(r("1e3"), Resolved::Float(1000.0));
        assert_eq!(r(".5"), Resolved::Float(0.5));
        assert_eq!(r("1."), Resolved::Float(1.0));
        assert_eq!(r("1e400"), Resolved::Str);
        assert_eq!(r("190:20:30"), Resolved::Str);
        assert_eq!(r("2001-12-14"), Resolved::Str);
        // `<` has no resolver hint: the merge key is recognised by its text.
        assert_eq!(r("<<"), Resolved::Str);
        assert!(matches!(r(".NaN"), Resolved::Float(f) if f.is_nan()));
        assert_eq!(r("-.inf"), Resolved::Float(f64::NEG_INFINITY));
        assert_eq!(
            resolve_v2(TIMESTAMP_TAG, "2001-12-14").map(|(t, _)| t),
            Ok(TIMESTAMP_TAG)
        );
        assert_eq!(
            resolve_v2(INT_TAG, "abc"),
            Err("cannot decode !!str `abc` as a !!int".to_string())
        );
        assert_eq!(
            resolve_v2(FLOAT_TAG, "1"),
            Ok((FLOAT_TAG, Resolved::Float(1.0)))
        );
        assert_eq!(resolve_v2("!foo", "12"), Ok(("!foo", Resolved::Str)));
    }

    #[test]
    fn timestamps_and_base60() {
        assert!(is_timestamp("2001-12-14"));
        assert!(is_timestamp("2001-1-2"));
        assert!(is_timestamp("2001-12-14t21:59:43.10-05:00"));
        assert!(is_timestamp("2001-12-14T21:59:43Z"));
        assert!(is_timestamp("2001-12-14 21:59:43.10"));
        assert!(!is_timestamp("2001-02-30"));
        assert!(!is_timestamp("2001-13-01"));
        assert!(!is_timestamp("2001-12-14 21:59:43.10 -5"));
        assert!(!is_timestamp("20011-12-14"));
        assert!(is_base60_float("190:20:30"));
        assert!(is_base60_float("1:2"));
        assert!(is_base60_float("-1:30.5"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("a:1"));
    }
}
