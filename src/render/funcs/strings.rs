//! Sprig's string functions (strings.go, regex.go and the string entries of
//! functions.go in Sprig v3.3.0), with the helpers they lean on: Go's
//! `strings` and `unicode` rules, Masterminds/goutils v1.1.1 and
//! huandu/xstrings v1.5.0, and Go's `regexp` (RE2 syntax, errors and
//! replacement templates) on top of the `regex` crate.
//!
//! Go strings are byte strings; ours are UTF-8. Where Go slices bytes
//! (`substr`, `trunc`, `abbrev`, `wrapWith`) and may cut a character in two,
//! the broken bytes come out as U+FFFD instead of Go's raw bytes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gotemplate::{
    ElemType, FuncError, FuncMap, Map, MapRef, ParamType as P, Signature, Value,
    value::ElemTypeOrInterface,
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use unicode_general_category::{GeneralCategory, get_general_category};

use super::FuncOptions;
use crate::goregex::{GoRegex, RegexDialect, compile_regex};

/// The longest string a function may build (64 MiB). Go would build any
/// size until memory runs out (`repeat 1000000000 "x"` makes 1 GB); we refuse
/// with an error instead.
pub(crate) const MAX_STRING_BYTES: usize = 1 << 26;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    // Sprig's greeting, which its function map really has.
    funcs.insert_plain("hello", Signature::fixed(&[]), |_| {
        Ok(Value::from("Hello!"))
    });
    use P::{Any, Int, String as S};
    let fixed = Signature::fixed;

    funcs.insert_plain("trim", fixed(&[S]), |a| Ok(s_val(arg_str(&a, 0)?.trim())));
    funcs.insert_plain("trimAll", fixed(&[S, S]), |a| {
        Ok(s_val(trim_all(arg_str(&a, 1)?, arg_str(&a, 0)?)))
    });
    // Deprecated alias Sprig still ships.
    funcs.insert_plain("trimall", fixed(&[S, S]), |a| {
        Ok(s_val(trim_all(arg_str(&a, 1)?, arg_str(&a, 0)?)))
    });
    funcs.insert_plain("trimSuffix", fixed(&[S, S]), |a| {
        let (suffix, s) = (arg_str(&a, 0)?, arg_str(&a, 1)?);
        Ok(s_val(s.strip_suffix(suffix).unwrap_or(s)))
    });
    funcs.insert_plain("trimPrefix", fixed(&[S, S]), |a| {
        let (prefix, s) = (arg_str(&a, 0)?, arg_str(&a, 1)?);
        Ok(s_val(s.strip_prefix(prefix).unwrap_or(s)))
    });
    funcs.insert_plain("upper", fixed(&[S]), |a| {
        Ok(s_val(go_to_upper(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("lower", fixed(&[S]), |a| {
        Ok(s_val(go_to_lower(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("title", fixed(&[S]), |a| {
        Ok(s_val(go_title(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("untitle", fixed(&[S]), |a| {
        Ok(s_val(untitle(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("repeat", fixed(&[Int, S]), |a| {
        Ok(s_val(repeat(arg_int(&a, 0)?, arg_str(&a, 1)?)?))
    });
    funcs.insert_plain("substr", fixed(&[Int, Int, S]), |a| {
        Ok(s_val(substr(
            arg_int(&a, 0)?,
            arg_int(&a, 1)?,
            arg_str(&a, 2)?,
        )?))
    });
    funcs.insert_plain("nospace", fixed(&[S]), |a| {
        Ok(s_val(nospace(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("trunc", fixed(&[Int, S]), |a| {
        Ok(s_val(trunc(arg_int(&a, 0)?, arg_str(&a, 1)?)))
    });
    funcs.insert_plain("abbrev", fixed(&[Int, S]), |a| {
        Ok(s_val(abbrev(arg_int(&a, 0)?, arg_str(&a, 1)?)))
    });
    funcs.insert_plain("abbrevboth", fixed(&[Int, Int, S]), |a| {
        Ok(s_val(abbrevboth(
            arg_int(&a, 0)?,
            arg_int(&a, 1)?,
            arg_str(&a, 2)?,
        )))
    });
    funcs.insert_plain("initials", fixed(&[S]), |a| {
        Ok(s_val(initials(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("wrap", fixed(&[Int, S]), |a| {
        Ok(s_val(wrap_custom(
            arg_str(&a, 1)?,
            arg_int(&a, 0)?,
            "",
            false,
        )?))
    });
    funcs.insert_plain("wrapWith", fixed(&[Int, S, S]), |a| {
        Ok(s_val(wrap_custom(
            arg_str(&a, 2)?,
            arg_int(&a, 0)?,
            arg_str(&a, 1)?,
            true,
        )?))
    });
    funcs.insert_plain("contains", fixed(&[S, S]), |a| {
        Ok(Value::from(arg_str(&a, 1)?.contains(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("hasPrefix", fixed(&[S, S]), |a| {
        Ok(Value::from(arg_str(&a, 1)?.starts_with(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("hasSuffix", fixed(&[S, S]), |a| {
        Ok(Value::from(arg_str(&a, 1)?.ends_with(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("quote", Signature::variadic(&[], Any), |a| {
        Ok(s_val(quote(&a)))
    });
    funcs.insert_plain("squote", Signature::variadic(&[], Any), |a| {
        Ok(s_val(squote(&a)))
    });
    funcs.insert_plain("cat", Signature::variadic(&[], Any), |a| Ok(s_val(cat(&a))));
    funcs.insert_plain("indent", fixed(&[Int, S]), |a| {
        Ok(s_val(indent(arg_int(&a, 0)?, arg_str(&a, 1)?)?))
    });
    funcs.insert_plain("nindent", fixed(&[Int, S]), |a| {
        Ok(s_val(format!(
            "\n{}",
            indent(arg_int(&a, 0)?, arg_str(&a, 1)?)?
        )))
    });
    funcs.insert_plain("replace", fixed(&[S, S, S]), |a| {
        Ok(s_val(replace(
            arg_str(&a, 0)?,
            arg_str(&a, 1)?,
            arg_str(&a, 2)?,
        )?))
    });
    funcs.insert_plain("plural", fixed(&[S, S, Int]), |a| {
        let count = arg_int(&a, 2)?;
        Ok(s_val(if count == 1 {
            arg_str(&a, 0)?
        } else {
            arg_str(&a, 1)?
        }))
    });
    funcs.insert_plain("snakecase", fixed(&[S]), |a| {
        Ok(s_val(camel_case_to_lower_case(arg_str(&a, 0)?, '_')))
    });
    funcs.insert_plain("kebabcase", fixed(&[S]), |a| {
        Ok(s_val(camel_case_to_lower_case(arg_str(&a, 0)?, '-')))
    });
    // Sprig maps camelcase to xstrings.ToPascalCase (upper camel case).
    funcs.insert_plain("camelcase", fixed(&[S]), |a| {
        Ok(s_val(to_pascal_case(arg_str(&a, 0)?)))
    });
    // swapcase is goutils.SwapCase, not the xstrings function of that name.
    funcs.insert_plain("swapcase", fixed(&[S]), |a| {
        Ok(s_val(swap_case(arg_str(&a, 0)?)))
    });
    let rng = Arc::new(Mutex::new(match options.seed {
        Some(seed) => StdRng::seed_from_u64(seed),
        None => StdRng::from_entropy(),
    }));
    funcs.insert_plain("shuffle", fixed(&[S]), move |a| {
        let mut rng = rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(s_val(shuffle(arg_str(&a, 0)?, &mut rng)))
    });
    funcs.insert_plain("toString", fixed(&[Any]), |a| {
        Ok(s_val(strval(arg(&a, 0)?)))
    });
    funcs.insert_plain("toStrings", fixed(&[Any]), |a| {
        Ok(Value::string_list(strslice(arg(&a, 0)?)))
    });
    funcs.insert_plain("splitList", fixed(&[S, S]), |a| {
        Ok(Value::string_list(go_split(
            arg_str(&a, 1)?,
            arg_str(&a, 0)?,
            -1,
        )))
    });
    funcs.insert_plain("split", fixed(&[S, S]), |a| {
        Ok(parts_map(go_split(arg_str(&a, 1)?, arg_str(&a, 0)?, -1)))
    });
    funcs.insert_plain("splitn", fixed(&[S, Int, S]), |a| {
        Ok(parts_map(go_split(
            arg_str(&a, 2)?,
            arg_str(&a, 0)?,
            arg_int(&a, 1)?,
        )))
    });
    funcs.insert_plain("join", fixed(&[S, Any]), |a| {
        Ok(s_val(strslice(arg(&a, 1)?).join(arg_str(&a, 0)?)))
    });
    funcs.insert_plain("sortAlpha", fixed(&[Any]), |a| {
        Ok(Value::string_list(sort_alpha(arg(&a, 0)?)))
    });

    register_regex(funcs, options);
}

fn register_regex(funcs: &mut FuncMap, options: &FuncOptions) {
    use P::{Int, String as S};
    let fixed = Signature::fixed;
    let dialect = RegexDialect::for_helm(options.helm_version);

    funcs.insert_plain("regexMatch", fixed(&[S, S]), move |a| {
        // Sprig drops the compile error and answers false.
        let matched = match compile_regex(arg_str(&a, 0)?, dialect) {
            Ok(re) => re.regex.is_match(arg_str(&a, 1)?),
            Err(_) => false,
        };
        Ok(Value::from(matched))
    });
    funcs.insert_plain("mustRegexMatch", fixed(&[S, S]), move |a| {
        let re =
            compile_regex(arg_str(&a, 0)?, dialect).map_err(|e| FuncError::new(e.to_string()))?;
        Ok(Value::from(re.regex.is_match(arg_str(&a, 1)?)))
    });
    funcs.insert_plain("regexFindAll", fixed(&[S, S, Int]), move |a| {
        let re = must_compile(arg_str(&a, 0)?, dialect)?;
        Ok(Value::string_list(
            re.find_all_strings(arg_str(&a, 1)?, arg_int(&a, 2)?),
        ))
    });
    funcs.insert_plain("mustRegexFindAll", fixed(&[S, S, Int]), move |a| {
        let re = try_compile(arg_str(&a, 0)?, dialect)?;
        Ok(Value::string_list(
            re.find_all_strings(arg_str(&a, 1)?, arg_int(&a, 2)?),
        ))
    });
    funcs.insert_plain("regexFind", fixed(&[S, S]), move |a| {
        let re = must_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.find_string(arg_str(&a, 1)?)))
    });
    funcs.insert_plain("mustRegexFind", fixed(&[S, S]), move |a| {
        let re = try_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.find_string(arg_str(&a, 1)?)))
    });
    funcs.insert_plain("regexReplaceAll", fixed(&[S, S, S]), move |a| {
        let re = must_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.replace_all(
            arg_str(&a, 1)?,
            arg_str(&a, 2)?,
            false,
        )?))
    });
    funcs.insert_plain("mustRegexReplaceAll", fixed(&[S, S, S]), move |a| {
        let re = try_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.replace_all(
            arg_str(&a, 1)?,
            arg_str(&a, 2)?,
            false,
        )?))
    });
    funcs.insert_plain("regexReplaceAllLiteral", fixed(&[S, S, S]), move |a| {
        let re = must_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.replace_all(
            arg_str(&a, 1)?,
            arg_str(&a, 2)?,
            true,
        )?))
    });
    funcs.insert_plain("mustRegexReplaceAllLiteral", fixed(&[S, S, S]), move |a| {
        let re = try_compile(arg_str(&a, 0)?, dialect)?;
        Ok(s_val(re.replace_all(
            arg_str(&a, 1)?,
            arg_str(&a, 2)?,
            true,
        )?))
    });
    funcs.insert_plain("regexSplit", fixed(&[S, S, Int]), move |a| {
        let re = must_compile(arg_str(&a, 0)?, dialect)?;
        Ok(Value::string_list(
            re.split(arg_str(&a, 1)?, arg_int(&a, 2)?),
        ))
    });
    funcs.insert_plain("mustRegexSplit", fixed(&[S, S, Int]), move |a| {
        let re = try_compile(arg_str(&a, 0)?, dialect)?;
        Ok(Value::string_list(
            re.split(arg_str(&a, 1)?, arg_int(&a, 2)?),
        ))
    });
    funcs.insert_plain("regexQuoteMeta", fixed(&[S]), |a| {
        Ok(s_val(quote_meta(arg_str(&a, 0)?)))
    });
}

// ---------------------------------------------------------------------------
// Argument access. The engine has converted every argument to the declared
// Go type, so a mismatch here is a bug in the signature, not in the chart.

pub(crate) fn arg(args: &[Value], i: usize) -> Result<&Value, FuncError> {
    args.get(i)
        .ok_or_else(|| FuncError::new(format!("internal error: missing argument {i}")))
}

pub(crate) fn arg_str(args: &[Value], i: usize) -> Result<&str, FuncError> {
    match arg(args, i)? {
        Value::String(s, _) => Ok(s),
        other => Err(FuncError::new(format!(
            "internal error: argument {i} is {}, not string",
            other.type_name()
        ))),
    }
}

pub(crate) fn arg_int(args: &[Value], i: usize) -> Result<i64, FuncError> {
    match arg(args, i)? {
        Value::Int(n) | Value::Int64(n, _) => Ok(*n),
        other => Err(FuncError::new(format!(
            "internal error: argument {i} is {}, not int",
            other.type_name()
        ))),
    }
}

fn s_val(s: impl Into<Arc<str>>) -> Value {
    Value::String(s.into(), None)
}

fn too_long(what: &str, len: u128) -> FuncError {
    FuncError::new(format!(
        "{what}: the result would be {len} bytes, more than chartguard's limit of {MAX_STRING_BYTES}"
    ))
}

fn check_len(what: &str, len: u128) -> Result<(), FuncError> {
    if len > MAX_STRING_BYTES as u128 {
        return Err(too_long(what, len));
    }
    Ok(())
}

/// Go's message for a negative `strings.Repeat` count, which panics.
const NEGATIVE_REPEAT: &str = "strings: negative Repeat count";

/// Bytes of a Go string slice, with a cut character shown as U+FFFD.
fn byte_slice(s: &str, from: usize, to: usize) -> String {
    go_lossy(s.as_bytes().get(from..to).unwrap_or_default())
}

/// Go bytes as our text: each byte of a broken UTF-8 sequence becomes one
/// U+FFFD, as when Go ranges over the string or encodes it as JSON.
pub(crate) fn go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push('\u{FFFD}');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Go's `unicode` package on general categories (Go's tables follow Unicode
// 15; ours may be newer, which only matters for characters added since).

fn category(c: char) -> GeneralCategory {
    get_general_category(c)
}

fn major_class(c: char) -> u8 {
    category(c).abbreviation().as_bytes()[0]
}

/// `unicode.IsUpper`: category Lu only (Rust's `is_uppercase` also takes
/// Other_Uppercase, such as Ⓐ).
pub(crate) fn go_is_upper(c: char) -> bool {
    category(c) == GeneralCategory::UppercaseLetter
}

/// `unicode.IsLower`: category Ll only.
pub(crate) fn go_is_lower(c: char) -> bool {
    category(c) == GeneralCategory::LowercaseLetter
}

fn go_is_title(c: char) -> bool {
    category(c) == GeneralCategory::TitlecaseLetter
}

pub(crate) fn go_is_letter(c: char) -> bool {
    major_class(c) == b'L'
}

/// `unicode.IsDigit`: category Nd.
fn go_is_digit(c: char) -> bool {
    category(c) == GeneralCategory::DecimalNumber
}

fn go_is_number(c: char) -> bool {
    major_class(c) == b'N'
}

fn go_is_punct(c: char) -> bool {
    major_class(c) == b'P'
}

/// `unicode.IsSpace`: the White_Space property, as Rust's `is_whitespace`.
pub(crate) fn go_is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the
/// ASCII space.
fn go_is_print(c: char) -> bool {
    if (c as u32) < 0x80 {
        return (' '..='~').contains(&c);
    }
    matches!(major_class(c), b'L' | b'M' | b'N' | b'P' | b'S')
}

/// `unicode.ToUpper`: the simple (one character) mapping. Rust's
/// `to_uppercase` is the full mapping (ß → SS); where that has several
/// characters, Go keeps the character, except for the Greek letters with
/// ypogegrammeni, whose simple mapping is their titlecase form.
pub(crate) fn go_upper_char(c: char) -> char {
    let mut up = c.to_uppercase();
    if let (Some(u), None) = (up.next(), up.next()) {
        return u;
    }
    let n = c as u32;
    let mapped = match n {
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => n + 8,
        0x1FB3 => 0x1FBC,
        0x1FC3 => 0x1FCC,
        0x1FF3 => 0x1FFC,
        _ => n,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `unicode.ToLower`: the simple mapping (İ → i, where Rust gives "i̇").
pub(crate) fn go_lower_char(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `unicode.ToTitle`: as upper, except the DŽ/LJ/NJ/DZ digraphs, which have
/// their own titlecase letters, and Georgian Mkhedruli, whose titlecase is
/// itself although its uppercase is Mtavruli.
pub(crate) fn go_title_char(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        _ => go_upper_char(c),
    }
}

/// `strings.ToUpper`: character by character, with the simple mapping.
pub(crate) fn go_to_upper(s: &str) -> String {
    s.chars().map(go_upper_char).collect()
}

/// `strings.ToLower`: character by character, so no final-sigma rule.
pub(crate) fn go_to_lower(s: &str) -> String {
    s.chars().map(go_lower_char).collect()
}

/// The deprecated `strings.Title`: a letter after a separator becomes
/// titlecase. ASCII letters, digits and `_` are not separators; other
/// letters and digits are not either; of the rest only spaces are.
pub(crate) fn go_title(s: &str) -> String {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if go_is_letter(c) || go_is_digit(c) {
            return false;
        }
        go_is_space(c)
    }
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) {
                go_title_char(c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

/// `strings.Trim(s, cutset)`.
fn trim_all(s: &str, cutset: &str) -> String {
    if cutset.is_empty() {
        return s.to_string();
    }
    s.trim_matches(|c| cutset.contains(c)).to_string()
}

// ---------------------------------------------------------------------------
// Go's quoting.

/// `strconv.Quote`, which `%q` uses for strings.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ if go_is_print(c) => out.push(c),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            _ if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// `strconv.CanBackquote`.
fn can_backquote(s: &str) -> bool {
    s.chars().all(|c| {
        if c.len_utf8() > 1 {
            return c != '\u{feff}';
        }
        !((c < ' ' && c != '\t') || c == '`' || c == '\x7f')
    })
}

/// How `regexp.MustCompile` shows the expression in its panic.
fn regexp_quote(s: &str) -> String {
    if can_backquote(s) {
        format!("`{s}`")
    } else {
        go_quote(s)
    }
}

// ---------------------------------------------------------------------------
// Value conversions.

/// Sprig's `strval`: `%v` of a nil interface is `<nil>`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".to_string(),
        other => super::cast::to_string(other),
    }
}

/// `fmt.Sprintf("%v", v)` (not strval: `[]byte` prints as numbers).
fn sprint_v(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".to_string(),
        Value::String(s, _) => s.to_string(),
        other => gotemplate::gofmt::to_string(other),
    }
}

/// The elements of a Go slice as `interface{}` values, or `None` when the
/// value is not a slice. `[]byte` elements are Go `uint8`s, which we can
/// only carry as `int`.
pub(crate) fn slice_elems(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(list) => Some(list.items.clone()),
        Value::Bytes(bytes) => Some(bytes.iter().map(|b| Value::Int(i64::from(*b))).collect()),
        Value::Object(obj) => match obj.as_value() {
            Some(inner @ (Value::List(_) | Value::Bytes(_))) => slice_elems(&inner),
            _ => None,
        },
        _ => None,
    }
}

/// Sprig's `strslice` (`toStrings`, `join`): nil elements are dropped, a
/// non-slice becomes a one-element list, nil an empty one.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    if let Value::List(list) = v
        && list.elem == ElemType::String
    {
        return list.items.iter().map(strval).collect();
    }
    match slice_elems(v) {
        Some(items) => items.iter().filter(|i| !i.is_nil()).map(strval).collect(),
        None if v.is_nil() => Vec::new(),
        None => vec![strval(v)],
    }
}

/// Sprig's `sortAlpha`: slices are sorted by bytes, anything else (nil
/// included) becomes a one-element list.
fn sort_alpha(v: &Value) -> Vec<String> {
    if slice_elems(v).is_some() {
        let mut items = strslice(v);
        items.sort();
        return items;
    }
    vec![strval(v)]
}

// ---------------------------------------------------------------------------
// strings.go

fn repeat(count: i64, s: &str) -> Result<String, FuncError> {
    if count < 0 {
        return Err(FuncError::new(NEGATIVE_REPEAT));
    }
    check_len("repeat", s.len() as u128 * count as u128)?;
    Ok(s.repeat(count as usize))
}

/// Sprig's `substring`: byte offsets, and Go's slice panics as errors.
fn substr(start: i64, end: i64, s: &str) -> Result<String, FuncError> {
    let len = s.len() as i64;
    let oob =
        |msg: String| FuncError::new(format!("runtime error: slice bounds out of range {msg}"));
    if start < 0 {
        if end < 0 {
            return Err(oob(format!("[:{end}]")));
        }
        if end > len {
            return Err(oob(format!("[:{end}] with length {len}")));
        }
        return Ok(byte_slice(s, 0, end as usize));
    }
    if end < 0 || end > len {
        if start > len {
            return Err(oob(format!("[{start}:{len}]")));
        }
        return Ok(byte_slice(s, start as usize, s.len()));
    }
    if start > end {
        return Err(oob(format!("[{start}:{end}]")));
    }
    Ok(byte_slice(s, start as usize, end as usize))
}

/// Sprig's `trunc`: a negative count keeps that many bytes from the end.
fn trunc(c: i64, s: &str) -> String {
    let len = s.len() as i64;
    if c < 0 && len + c > 0 {
        return byte_slice(s, (len + c) as usize, s.len());
    }
    if c >= 0 && len > c {
        return byte_slice(s, 0, c as usize);
    }
    s.to_string()
}

fn abbrev(width: i64, s: &str) -> String {
    if width < 4 {
        return s.to_string();
    }
    lossy(abbreviate_full(s.as_bytes(), 0, width).unwrap_or_default())
}

fn abbrevboth(left: i64, right: i64, s: &str) -> String {
    if right < 4 || left > 0 && right < 7 {
        return s.to_string();
    }
    lossy(abbreviate_full(s.as_bytes(), left, right).unwrap_or_default())
}

fn lossy(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(err) => go_lossy(err.as_bytes()),
    }
}

/// goutils `AbbreviateFull`, on bytes as Go does; `None` for its errors
/// (Sprig ignores them and prints "").
fn abbreviate_full(s: &[u8], mut offset: i64, max_width: i64) -> Option<Vec<u8>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    if max_width < 4 {
        return None;
    }
    let len = s.len() as i64;
    if len <= max_width {
        return Some(s.to_vec());
    }
    if offset > len {
        offset = len;
    }
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    let marker = b"...";
    if offset <= 4 {
        let mut out = s.get(..(max_width - 3) as usize)?.to_vec();
        out.extend_from_slice(marker);
        return Some(out);
    }
    if max_width < 7 {
        return None;
    }
    let mut out = marker.to_vec();
    if offset + max_width - 3 < len {
        out.extend(abbreviate_full(
            s.get(offset as usize..)?,
            0,
            max_width - 3,
        )?);
    } else {
        out.extend_from_slice(s.get((len - (max_width - 3)) as usize..)?);
    }
    Some(out)
}

/// Latin-1 view of one byte: goutils walks strings byte by byte and turns
/// each byte into the rune of the same number.
fn byte_rune(b: u8) -> char {
    char::from(b)
}

/// goutils `Initials`: the first byte of each whitespace-separated word,
/// byte-wise (so `é` gives `Ã`, and the UTF-8 bytes 0x85 and 0xA0 count as
/// whitespace).
fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut last_was_gap = true;
    for &b in s.as_bytes() {
        let ch = byte_rune(b);
        if go_is_space(ch) {
            last_was_gap = true;
        } else if last_was_gap {
            out.push(ch);
            last_was_gap = false;
        }
    }
    out
}

/// goutils `DeleteWhiteSpace`: byte-wise, so non-ASCII text comes out as
/// Latin-1 mojibake when anything was deleted, and unchanged otherwise.
fn nospace(s: &str) -> String {
    if !s.bytes().any(|b| go_is_space(byte_rune(b))) {
        return s.to_string();
    }
    s.bytes()
        .map(byte_rune)
        .filter(|c| !go_is_space(*c))
        .collect()
}

/// goutils `Uncapitalize`: lowercase the first letter of every
/// whitespace-separated word.
fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|c| {
            if go_is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                go_lower_char(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils `SwapCase`: upper and title become lower; lower becomes title
/// at the start of a word and upper elsewhere.
fn swap_case(s: &str) -> String {
    let mut whitespace = true;
    s.chars()
        .map(|c| {
            if go_is_upper(c) || go_is_title(c) {
                whitespace = false;
                go_lower_char(c)
            } else if go_is_lower(c) {
                if whitespace {
                    whitespace = false;
                    go_title_char(c)
                } else {
                    go_upper_char(c)
                }
            } else {
                whitespace = go_is_space(c);
                c
            }
        })
        .collect()
}

/// goutils `WrapCustom`, byte-wise: words are split at ASCII spaces only.
fn wrap_custom(
    s: &str,
    wrap_length: i64,
    new_line: &str,
    wrap_long_words: bool,
) -> Result<String, FuncError> {
    if s.is_empty() {
        return Ok(String::new());
    }
    let new_line = if new_line.is_empty() { "\n" } else { new_line };
    let wrap_length = wrap_length.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0usize;
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let push = |out: &mut Vec<u8>, bytes: &[u8]| -> Result<(), FuncError> {
        check_len("wrapWith", (out.len() + bytes.len()) as u128)?;
        out.extend_from_slice(bytes);
        Ok(())
    };
    while len - offset > wrap_length {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = wrap_length + offset + 1;
        let window = &b[offset..end];
        match window.iter().rposition(|&c| c == b' ') {
            Some(space) => {
                let at = offset + space;
                push(&mut out, &b[offset..at])?;
                push(&mut out, new_line.as_bytes())?;
                offset = at + 1;
            }
            None if wrap_long_words => {
                push(&mut out, &b[offset..wrap_length + offset])?;
                push(&mut out, new_line.as_bytes())?;
                offset += wrap_length;
            }
            None => {
                let end = wrap_length + offset;
                match b[end..].iter().position(|&c| c == b' ') {
                    None => {
                        push(&mut out, &b[offset..])?;
                        offset = len;
                    }
                    Some(index) => {
                        let at = index + end;
                        push(&mut out, &b[offset..at])?;
                        push(&mut out, new_line.as_bytes())?;
                        offset = at + 1;
                    }
                }
            }
        }
    }
    push(&mut out, &b[offset..])?;
    Ok(lossy(out))
}

fn quote(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(|v| go_quote(&strval(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn squote(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(|v| format!("'{}'", sprint_v(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn cat(args: &[Value]) -> String {
    args.iter()
        .filter(|v| !v.is_nil())
        .map(sprint_v)
        .collect::<Vec<_>>()
        .join(" ")
}

fn indent(spaces: i64, s: &str) -> Result<String, FuncError> {
    if spaces < 0 {
        return Err(FuncError::new(NEGATIVE_REPEAT));
    }
    let lines = s.bytes().filter(|&b| b == b'\n').count() as u128 + 1;
    check_len("indent", s.len() as u128 + lines * spaces as u128)?;
    let pad = " ".repeat(spaces as usize);
    Ok(format!("{pad}{}", s.replace('\n', &format!("\n{pad}"))))
}

/// `strings.Replace(src, old, new, -1)`; an empty `old` matches before
/// every character and at the end, as with Rust's `replace`.
fn replace(old: &str, new: &str, src: &str) -> Result<String, FuncError> {
    let count = if old.is_empty() {
        src.chars().count() + 1
    } else {
        src.matches(old).count()
    };
    let len = src.len() as i128 + count as i128 * (new.len() as i128 - old.len() as i128);
    check_len("replace", len.max(0) as u128)?;
    Ok(src.replace(old, new))
}

/// `strings.SplitN(s, sep, n)` (`n < 0`: all parts); an empty `sep` splits
/// into characters.
fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let count = s.chars().count();
        let n = if n < 0 || n as u128 > count as u128 {
            count
        } else {
            n as usize
        };
        let mut out: Vec<String> = Vec::with_capacity(n);
        let mut rest = s;
        for _ in 1..n {
            let Some(c) = rest.chars().next() else { break };
            out.push(c.to_string());
            rest = &rest[c.len_utf8()..];
        }
        if n > 0 {
            out.push(rest.to_string());
        }
        return out;
    }
    if n < 0 {
        s.split(sep).map(str::to_string).collect()
    } else {
        s.splitn(n as usize, sep).map(str::to_string).collect()
    }
}

/// Sprig's `split`/`splitn` result: a `map[string]string` keyed `_0`, `_1`...
fn parts_map(parts: Vec<String>) -> Value {
    let entries: BTreeMap<Arc<str>, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| (Arc::from(format!("_{i}")), s_val(part)))
        .collect();
    Value::Map(MapRef::new(Map {
        type_name: None,
        elem: ElemTypeOrInterface(ElemType::String),
        entries,
    }))
}

/// xstrings `Shuffle`: Fisher-Yates over the runes from the end. Go's
/// generator is seeded from the clock; ours from `FuncOptions::seed`.
fn shuffle(s: &str, rng: &mut StdRng) -> String {
    let mut runes: Vec<char> = s.chars().collect();
    for i in (1..runes.len()).rev() {
        let index = rng.gen_range(0..=i);
        runes.swap(i, index);
    }
    runes.into_iter().collect()
}

// ---------------------------------------------------------------------------
// huandu/xstrings v1.5.0 case conversion, ported statement by statement.
// A literal U+FFFD in the input plays Go's `utf8.RuneError`.

const RUNE_ERROR: char = '\u{FFFD}';

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || go_is_space(c)
}

/// xstrings `isAlphabet`: letters, except the CJK ideographs.
fn is_alphabet(c: char) -> bool {
    if !go_is_letter(c) {
        return false;
    }
    let n = c as u32;
    if n < 0x3400 {
        return true;
    }
    !((0x4E00..=0x9FCC).contains(&n)
        || (0x3400..=0x4D85).contains(&n)
        || (0x20000..=0x2B81D).contains(&n))
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// xstrings `nextValidRune`: the first rune that is not RuneError and the
/// bytes up to its end; `prev` when only RuneErrors remain.
fn next_valid_rune(s: &str, prev: char) -> (char, usize) {
    let mut size = 0;
    for c in s.chars() {
        size += c.len_utf8();
        if c != RUNE_ERROR {
            return (c, size);
        }
    }
    (prev, size)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WordType {
    Invalid,
    Number,
    UpperCase,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// xstrings `nextWord`: the type and byte length of the word `s` starts with.
fn next_word(s: &str) -> (WordType, usize) {
    if s.is_empty() {
        return (WordType::Invalid, 0);
    }
    let (mut r, size) = next_valid_rune(s, RUNE_ERROR);
    let mut offset = size;
    if r == RUNE_ERROR {
        return (WordType::Invalid, offset);
    }
    // Consumes runes while `keep` holds, leaving `r` on the first that fails.
    let scan = |offset: &mut usize, r: &mut char, keep: &dyn Fn(char) -> bool| {
        while *offset < s.len() {
            let (next, size) = next_valid_rune(&s[*offset..], *r);
            *r = next;
            if !keep(next) {
                break;
            }
            *offset += size;
        }
    };
    let wt;
    if is_connector(r) {
        wt = WordType::Connector;
        scan(&mut offset, &mut r, &is_connector);
    } else if go_is_punct(r) {
        wt = WordType::Punct;
        scan(&mut offset, &mut r, &go_is_punct);
    } else if go_is_upper(r) {
        wt = WordType::UpperCase;
        if offset < s.len() {
            let (next, size) = next_valid_rune(&s[offset..], r);
            r = next;
            if go_is_upper(r) {
                let mut prev_size = size;
                offset += size;
                while offset < s.len() {
                    let (next, size) = next_valid_rune(&s[offset..], r);
                    r = next;
                    if !go_is_upper(r) {
                        break;
                    }
                    prev_size = size;
                    offset += size;
                }
                // "HTTPStatus" is "HTTP" + "Status": the last capital starts
                // the next word.
                if offset < s.len() && is_alphabet(r) {
                    offset -= prev_size;
                }
            } else if is_alphabet(r) {
                offset += size;
                scan(&mut offset, &mut r, &|c| is_alphabet(c) && !go_is_upper(c));
            }
        }
    } else if is_alphabet(r) {
        wt = WordType::Alphabet;
        scan(&mut offset, &mut r, &|c| is_alphabet(c) && !go_is_upper(c));
    } else if go_is_number(r) {
        wt = WordType::Number;
        scan(&mut offset, &mut r, &go_is_number);
    } else {
        wt = WordType::Other;
        scan(&mut offset, &mut r, &|c| {
            !(is_connector(c) || is_alphabet(c) || go_is_number(c) || go_is_punct(c))
        });
    }
    (wt, offset)
}

fn word_to_lower(buf: &mut String, wt: WordType, word: &str, connector: char) {
    if wt != WordType::UpperCase && wt != WordType::Connector {
        buf.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            buf.push(connector);
        } else if go_is_upper(c) {
            buf.push(go_lower_char(c));
        } else {
            buf.push(c);
        }
    }
}

/// xstrings `camelCaseToLowerCase` (ToSnakeCase / ToKebabCase).
fn camel_case_to_lower_case(s: &str, connector: char) -> String {
    use WordType as W;
    if s.is_empty() {
        return String::new();
    }
    let mut buf = String::with_capacity(s.len() + 8);
    let split = |rest: &str| -> (W, usize) { next_word(rest) };
    let mut rest = s;
    let (mut wt, n) = split(rest);
    let mut word = &rest[..n];
    rest = &rest[n..];

    while !rest.is_empty() {
        if wt != W::Connector {
            word_to_lower(&mut buf, wt, word, connector);
        }
        let prev = wt;
        let last = word;
        let (w, n) = split(rest);
        wt = w;
        word = &rest[..n];
        rest = &rest[n..];

        match prev {
            W::Number => {
                while wt == W::Alphabet || wt == W::Number {
                    word_to_lower(&mut buf, wt, word, connector);
                    let (w, n) = split(rest);
                    wt = w;
                    word = &rest[..n];
                    rest = &rest[n..];
                }
                if wt != W::Invalid && wt != W::Punct && wt != W::Connector {
                    buf.push(connector);
                }
            }
            W::Connector => word_to_lower(&mut buf, prev, last, connector),
            W::Punct => {}
            _ => {
                if wt != W::Number {
                    if wt != W::Connector && wt != W::Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let last = word;
                let (w, n) = split(rest);
                wt = w;
                word = &rest[..n];
                rest = &rest[n..];
                // A number followed by anything but letters belongs to the
                // word before it: "Bld4Floor" => "bld4_floor".
                if wt != W::Alphabet {
                    word_to_lower(&mut buf, W::Number, last, connector);
                    if wt != W::Connector && wt != W::Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                // Lower-case letters after a number start a new word with
                // it: "HTTP2xx" => "http_2xx".
                buf.push(connector);
                word_to_lower(&mut buf, W::Number, last, connector);
                while wt == W::Alphabet || wt == W::Number {
                    word_to_lower(&mut buf, wt, word, connector);
                    let (w, n) = split(rest);
                    wt = w;
                    word = &rest[..n];
                    rest = &rest[n..];
                }
                if wt != W::Invalid && wt != W::Connector && wt != W::Punct {
                    buf.push(connector);
                }
            }
        }
    }
    word_to_lower(&mut buf, wt, word, connector);
    buf
}

/// xstrings `ToPascalCase` (`toCamelCase(str, true)`), including its quirk
/// of writing the last connector twice when the input is only connectors.
fn to_pascal_case(s: &str) -> String {
    let mut chars = s.chars().peekable();
    if chars.peek().is_none() {
        return String::new();
    }
    let mut buf = String::with_capacity(s.len());
    let mut is_first_rune_upper = false;
    let mut r0 = RUNE_ERROR;
    let mut read_any = false;
    for c in chars.by_ref() {
        r0 = c;
        read_any = true;
        if !is_connector(c) {
            is_first_rune_upper = go_is_upper(c);
            r0 = go_upper_char(c);
            break;
        }
        buf.push(c);
    }
    if chars.peek().is_none() {
        if read_any {
            buf.push(r0);
        }
        return buf;
    }
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            buf.push(r1);
            continue;
        }
        if is_connector(r1) {
            is_first_rune_upper = go_is_upper(r0);
            r0 = go_upper_char(r0);
        } else {
            if is_first_rune_upper {
                if go_is_upper(r0) {
                    r0 = go_lower_char(r0);
                } else {
                    is_first_rune_upper = false;
                }
            }
            buf.push(r1);
        }
    }
    buf.push(r0);
    buf
}

/// For the `must*` forms: the compile error as the function's error.
fn try_compile(pattern: &str, dialect: RegexDialect) -> Result<Arc<GoRegex>, FuncError> {
    compile_regex(pattern, dialect).map_err(|e| FuncError::new(e.to_string()))
}

/// For the forms that call `regexp.MustCompile`, whose panic Go's template
/// engine reports as the error.
fn must_compile(pattern: &str, dialect: RegexDialect) -> Result<Arc<GoRegex>, FuncError> {
    compile_regex(pattern, dialect)
        .map_err(|e| FuncError::new(format!("regexp: Compile({}): {e}", regexp_quote(pattern))))
}

impl GoRegex {
    /// Go's `allMatches`: successive matches from each end, skipping an
    /// empty match right after the previous match.
    fn all_matches(&self, s: &str, n: i64) -> Vec<(usize, usize)> {
        let n = if n < 0 { s.len() as i64 + 1 } else { n };
        let mut out = Vec::new();
        let mut pos = 0;
        let mut prev_end: Option<usize> = None;
        while (out.len() as i64) < n && pos <= s.len() {
            let Some(m) = self.regex.find_at(s, pos) else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            let mut accept = true;
            if end == pos {
                if Some(start) == prev_end {
                    accept = false;
                }
                pos += first_char(&s[pos..]).map_or(1, char::len_utf8);
            } else {
                pos = end;
            }
            prev_end = Some(end);
            if accept {
                out.push((start, end));
            }
        }
        out
    }

    fn find_all_strings(&self, s: &str, n: i64) -> Vec<String> {
        self.all_matches(s, n)
            .into_iter()
            .map(|(a, b)| s[a..b].to_string())
            .collect()
    }

    fn find_string(&self, s: &str) -> String {
        self.regex
            .find(s)
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    }

    /// `Regexp.Split`.
    fn split(&self, s: &str, n: i64) -> Vec<String> {
        if n == 0 {
            return Vec::new();
        }
        if !self.expr_is_empty && s.is_empty() {
            return vec![String::new()];
        }
        let matches = self.all_matches(s, n);
        let mut out = Vec::with_capacity(matches.len() + 1);
        let (mut beg, mut end) = (0, 0);
        for (a, b) in matches {
            if n > 0 && out.len() as i64 >= n - 1 {
                break;
            }
            end = a;
            if b != 0 {
                out.push(s[beg..end].to_string());
            }
            beg = b;
        }
        if end != s.len() {
            out.push(s[beg..].to_string());
        }
        out
    }

    /// Go's `replaceAll` with `ReplaceAllString` (`$` templates) or
    /// `ReplaceAllLiteralString`.
    fn replace_all(&self, src: &str, repl: &str, literal: bool) -> Result<String, FuncError> {
        let expand = !literal && repl.contains('$');
        let mut out = String::with_capacity(src.len());
        let mut last_end = 0;
        let mut search = 0;
        let mut locs = self.regex.capture_locations();
        while search <= src.len() {
            let Some(m) = self.regex.captures_read_at(&mut locs, src, search) else {
                break;
            };
            let (a0, a1) = (m.start(), m.end());
            out.push_str(&src[last_end..a0]);
            // No replacement for an empty match right after another match.
            if a1 > last_end || a0 == 0 {
                if expand {
                    self.expand(&mut out, repl, src, &locs);
                } else {
                    out.push_str(repl);
                }
                check_len("regexReplaceAll", out.len() as u128)?;
            }
            last_end = a1;
            let width = first_char(&src[search..]).map_or(0, char::len_utf8);
            if search + width > a1 {
                search += width;
            } else if search + 1 > a1 {
                search += 1;
            } else {
                search = a1;
            }
        }
        out.push_str(&src[last_end..]);
        Ok(out)
    }

    /// `Regexp.expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; a name is
    /// the longest run of letters, digits and `_` (so `$1x` is group "1x").
    fn expand(&self, out: &mut String, template: &str, src: &str, locs: &regex::CaptureLocations) {
        let group = |i: usize| locs.get(i).map(|(a, b)| &src[a..b]);
        let mut t = template;
        while let Some(dollar) = t.find('$') {
            out.push_str(&t[..dollar]);
            t = &t[dollar + 1..];
            if let Some(rest) = t.strip_prefix('$') {
                out.push('$');
                t = rest;
                continue;
            }
            let Some((name, num, rest)) = extract_group_ref(t) else {
                out.push('$');
                continue;
            };
            t = rest;
            let text = match num {
                Some(num) => group(num),
                None => self
                    .names
                    .iter()
                    .position(|n| n.as_deref() == Some(name))
                    .and_then(group),
            };
            out.push_str(text.unwrap_or(""));
        }
        out.push_str(t);
    }
}

/// Go's `extract`: the group name after a `$`, its number when it is a
/// plain decimal without leading zeros, and the rest of the template.
fn extract_group_ref(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let len: usize = body
        .chars()
        .take_while(|&c| go_is_letter(c) || go_is_digit(c) || c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let mut rest = &body[len..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        num = match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                Some(n * 10 + usize::from(b - b'0'))
            }
            _ => None,
        };
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

/// `regexp.QuoteMeta`.
fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_every_function() {
        let mut funcs = FuncMap::new();
        register(&mut funcs, &FuncOptions::default());
        let names = [
            "trim",
            "trimAll",
            "trimall",
            "trimSuffix",
            "trimPrefix",
            "upper",
            "lower",
            "title",
            "untitle",
            "repeat",
            "substr",
            "nospace",
            "trunc",
            "abbrev",
            "abbrevboth",
            "initials",
            "wrap",
            "wrapWith",
            "contains",
            "hasPrefix",
            "hasSuffix",
            "quote",
            "squote",
            "cat",
            "indent",
            "nindent",
            "replace",
            "plural",
            "snakecase",
            "camelcase",
            "kebabcase",
            "swapcase",
            "shuffle",
            "toString",
            "toStrings",
            "splitList",
            "split",
            "splitn",
            "join",
            "sortAlpha",
            "regexMatch",
            "mustRegexMatch",
            "regexFindAll",
            "mustRegexFindAll",
            "regexFind",
            "mustRegexFind",
            "regexReplaceAll",
            "mustRegexReplaceAll",
            "regexReplaceAllLiteral",
            "mustRegexReplaceAllLiteral",
            "regexSplit",
            "mustRegexSplit",
            "regexQuoteMeta",
            "hello",
        ];
        for name in names {
            assert!(funcs.contains(name), "{name} is not registered");
        }
        assert_eq!(funcs.names().count(), 54);
    }

    fn rx(p: &str) -> Arc<GoRegex> {
        compile_regex(p, RegexDialect::Go123).unwrap()
    }

    fn rx_error(p: &str) -> String {
        compile_regex(p, RegexDialect::Go123)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn substr_and_trunc_follow_go_slices() {
        assert_eq!(substr(-3, 2, "abc").unwrap(), "ab");
        assert_eq!(substr(1, -1, "abc").unwrap(), "bc");
        assert_eq!(substr(1, 10, "abc").unwrap(), "bc");
        assert_eq!(substr(0, 0, "abc").unwrap(), "");
        let e = |a, b| substr(a, b, "abc").unwrap_err().message;
        assert_eq!(e(-1, -1), "runtime error: slice bounds out of range [:-1]");
        assert_eq!(
            e(-1, 5),
            "runtime error: slice bounds out of range [:5] with length 3"
        );
        assert_eq!(e(5, -1), "runtime error: slice bounds out of range [5:3]");
        assert_eq!(e(2, 1), "runtime error: slice bounds out of range [2:1]");
        assert_eq!(trunc(-2, "abcdef"), "ef");
        assert_eq!(trunc(-10, "abc"), "abc");
        assert_eq!(trunc(0, "abc"), "");
        assert_eq!(trunc(10, "abc"), "abc");
        assert_eq!(trunc(-3, "abc"), "abc");
        assert_eq!(trunc(1, "é"), "\u{FFFD}");
    }

    #[test]
    fn abbreviations_match_goutils() {
        assert_eq!(abbrev(5, "hello world"), "he...");
        assert_eq!(abbrev(3, "hello world"), "hello world");
        assert_eq!(abbrev(20, "hello"), "hello");
        assert_eq!(abbrevboth(5, 10, "1234 5678 9123"), "...5678...");
        assert_eq!(abbrevboth(0, 4, "abcdefgh"), "a...");
        assert_eq!(abbrevboth(-5, 8, "abcdefghijkl"), "abcde...");
    }

    #[test]
    fn byte_wise_goutils_functions() {
        assert_eq!(initials("hello wörld ébc"), "hwÃ");
        assert_eq!(nospace("h é l\tlo"), "hÃ©llo");
        assert_eq!(nospace("héllo"), "héllo");
        assert_eq!(untitle("Hello World\tÉcole"), "hello world\técole");
        assert_eq!(swap_case("hello WORLD ǆx ǅy"), "HELLO world ǅX ǆY");
    }

    #[test]
    fn unicode_case_is_go_simple_mapping() {
        assert_eq!(go_to_upper("straße ǆ ﬀ ᾳ"), "STRAßE Ǆ ﬀ ᾼ");
        assert_eq!(go_to_lower("İSTANBUL ǅ ΣΑΣ"), "istanbul ǆ σασ");
        assert_eq!(go_title("ᾳ ﬀ ǆ ა"), "ᾼ ﬀ ǅ ა");
        assert_eq!(
            go_title("hello wORLD ǆx o'neil foo-bar ß_a 3d"),
            "Hello WORLD ǅx O'Neil Foo-Bar ß_a 3d"
        );
    }

    #[test]
    fn xstrings_case_conversions() {
        let snake = |s| camel_case_to_lower_case(s, '_');
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("FirstName"), "first_name");
        assert_eq!(snake("http2xx"), "http_2xx");
        assert_eq!(snake("HTTP20xOK"), "http_20x_ok");
        assert_eq!(snake("Duration2m3s"), "duration_2m3s");
        assert_eq!(snake("Bld4Floor3rd"), "bld4_floor_3rd");
        assert_eq!(snake("GO PATH"), "go_path");
        assert_eq!(snake("a.b.C"), "a.b.c");
        assert_eq!(snake("__A__b__"), "__a__b__");
        assert_eq!(snake("ÉcoleNormale"), "école_normale");
        assert_eq!(snake("ab 12 cd"), "ab_12_cd");
        assert_eq!(camel_case_to_lower_case("HTTPServer", '-'), "http-server");
        assert_eq!(
            camel_case_to_lower_case("fooBar_baz qux", '-'),
            "foo-bar-baz-qux"
        );
        assert_eq!(to_pascal_case("http_server"), "HttpServer");
        assert_eq!(to_pascal_case("_complex__case_"), "_Complex_Case_");
        assert_eq!(to_pascal_case("some words"), "SomeWords");
        assert_eq!(to_pascal_case("GOLANG_IS_GREAT"), "GolangIsGreat");
        assert_eq!(to_pascal_case("x"), "X");
        assert_eq!(to_pascal_case("fooBar"), "FooBar");
        assert_eq!(to_pascal_case("FOO-bar"), "FooBar");
    }

    #[test]
    fn wrap_matches_goutils() {
        let w = |n, s| wrap_custom(s, n, "", false).unwrap();
        assert_eq!(
            w(5, "The quick brown fox jumps"),
            "The\nquick\nbrown\nfox\njumps"
        );
        assert_eq!(w(0, "a b"), "a\nb");
        assert_eq!(w(3, "abcdefg hi"), "abcdefg\nhi");
        assert_eq!(
            wrap_custom("Thequickbrown fox", 5, "<br>", true).unwrap(),
            "Thequ<br>ickbr<br>own<br>fox"
        );
    }

    #[test]
    fn quoting_matches_go() {
        let q = quote(&[
            Value::from("a\"b"),
            Value::Nil,
            Value::from("é\t\u{a0}\u{1}"),
        ]);
        assert_eq!(q, r#""a\"b" "é\t\u00a0\x01""#);
        assert_eq!(quote(&[]), "");
        assert_eq!(squote(&[Value::from("a"), Value::Nil]), "'a'");
        assert_eq!(
            cat(&[Value::from("a"), Value::Nil, Value::from("b")]),
            "a b"
        );
        assert_eq!(go_quote("\u{10ffff}x\u{7f}"), r#""\U0010ffffx\x7f""#);
        assert!(can_backquote("a\tb"));
        assert!(!can_backquote("\t`("));
    }

    #[test]
    fn split_forms() {
        assert_eq!(go_split("abc", "", -1), ["a", "b", "c"]);
        assert_eq!(go_split("abc", "", 2), ["a", "bc"]);
        assert!(go_split("", "", -1).is_empty());
        assert_eq!(go_split("", ",", -1), [""]);
        assert!(go_split("a,b", ",", 0).is_empty());
        assert_eq!(go_split("a,b,c", ",", 2), ["a", "b,c"]);
        let m = parts_map(go_split("a,b", ",", -1));
        assert_eq!(m.type_name(), "map[string]string");
    }

    #[test]
    fn string_lists() {
        let list = Value::from(vec![Value::from("b"), Value::Nil, Value::from("a")]);
        assert_eq!(strslice(&list), ["b", "a"]);
        assert!(strslice(&Value::Nil).is_empty());
        assert_eq!(sort_alpha(&Value::Nil), ["<nil>"]);
        assert_eq!(sort_alpha(&Value::from("x")), ["x"]);
        let strings = Value::string_list(["b", "a", "c"]);
        assert_eq!(sort_alpha(&strings), ["a", "b", "c"]);
    }

    #[test]
    fn repeat_indent_replace_limits() {
        assert_eq!(repeat(-1, "x").unwrap_err().message, NEGATIVE_REPEAT);
        assert!(repeat(1_000_000_000, "x").is_err());
        assert_eq!(repeat(3, "ab").unwrap(), "ababab");
        assert_eq!(indent(2, "a\nb").unwrap(), "  a\n  b");
        assert_eq!(indent(-1, "a").unwrap_err().message, NEGATIVE_REPEAT);
        assert_eq!(replace("", "-", "abc").unwrap(), "-a-b-c-");
        assert_eq!(trim_all("$$a$$", "$"), "a");
        assert_eq!(trim_all(" a ", ""), " a ");
    }

    #[test]
    fn regex_errors_are_gos() {
        assert_eq!(
            rx_error("("),
            "error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            rx_error("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            rx_error("x**?"),
            "error parsing regexp: invalid nested repetition operator: `**?`"
        );
        assert_eq!(
            rx_error("x{2}{3}"),
            "error parsing regexp: invalid nested repetition operator: `{2}{3}`"
        );
        assert_eq!(
            rx_error("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            rx_error(r"\8"),
            "error parsing regexp: invalid escape sequence: `\\8`"
        );
        assert_eq!(
            rx_error("x{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            rx_error("(x{100}){20}"),
            "error parsing regexp: invalid repeat count: `{20}`"
        );
        assert_eq!(
            rx_error("x{2,1}"),
            "error parsing regexp: invalid repeat count: `{2,1}`"
        );
        assert_eq!(
            rx_error("[abc"),
            "error parsing regexp: missing closing ]: `[abc`"
        );
        assert_eq!(rx_error("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(
            rx_error("*a"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            rx_error("a|*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            rx_error("(?i)*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            rx_error(r"\p{Foo}"),
            "error parsing regexp: invalid character class range: `\\p{Foo}`"
        );
        assert_eq!(
            rx_error("(?P<n"),
            "error parsing regexp: invalid named capture: `(?P<n`"
        );
        assert_eq!(
            rx_error("(?z)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?z`"
        );
        assert_eq!(
            rx_error("(?i-)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`"
        );
        assert_eq!(
            rx_error("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            rx_error("[[:foo:]]"),
            "error parsing regexp: invalid character class range: `[:foo:]`"
        );
        assert_eq!(
            rx_error(r"\x{110000}"),
            "error parsing regexp: invalid escape sequence: `\\x{110000`"
        );
        assert_eq!(
            rx_error(r"\C"),
            "error parsing regexp: invalid escape sequence: `\\C`"
        );
        assert_eq!(
            must_compile("\t`(", RegexDialect::Go123)
                .unwrap_err()
                .message,
            "regexp: Compile(\"\\t`(\"): error parsing regexp: missing closing ): `\t`(`"
        );
    }

    #[test]
    fn regex_dialects_differ_on_class_names() {
        assert!(compile_regex(r"\p{Letter}", RegexDialect::Go123).is_err());
        assert!(compile_regex(r"\p{Letter}", RegexDialect::Go125).is_ok());
        assert!(compile_regex(r"\p{Old_Italic}", RegexDialect::Go123).is_ok());
        assert!(compile_regex(r"\p{Old_Italic}", RegexDialect::Go125).is_err());
        assert_eq!(
            compile_regex(r"\pl+", RegexDialect::Go125)
                .unwrap()
                .find_string("aBC"),
            "aBC"
        );
        assert_eq!(
            compile_regex(r"\p{ASCII}+", RegexDialect::Go125)
                .unwrap()
                .find_string("aB1é"),
            "aB1"
        );
    }

    #[test]
    fn regex_matching_matches_go() {
        assert_eq!(
            rx("a(x*)b")
                .replace_all("-ab-axxb-", "${1}W", false)
                .unwrap(),
            "-W-xxW-"
        );
        assert_eq!(
            rx("a(x*)b").replace_all("-ab-axxb-", "$1W", false).unwrap(),
            "---"
        );
        assert_eq!(
            rx("(?P<n>x+)").replace_all("axxb", "[$n]", false).unwrap(),
            "a[xx]b"
        );
        assert_eq!(rx("x*").replace_all("abc", "-", false).unwrap(), "-a-b-c-");
        assert_eq!(rx("a*").replace_all("baaac", "-", false).unwrap(), "-b-c-");
        assert_eq!(
            rx("(a)")
                .replace_all("a", "$$1 $2 ${x} $ ${1", false)
                .unwrap(),
            "$1   $ ${1"
        );
        assert_eq!(rx("a(x)").replace_all("ax", "$1", true).unwrap(), "$1");
        assert_eq!(rx("a*").find_all_strings("baaab", -1), ["", "aaa", ""]);
        assert_eq!(rx("[0-9]+").find_all_strings("a1b22c333", 2), ["1", "22"]);
        assert!(rx(".").find_all_strings("abc", 0).is_empty());
        assert_eq!(rx("a*").split("baaab", -1), ["b", "b"]);
        assert_eq!(rx(",").split("a,b,c", 2), ["a", "b,c"]);
        assert_eq!(rx(",").split("", -1), [""]);
        assert_eq!(rx("").split("abc", -1), ["a", "b", "c"]);
        assert_eq!(rx("x*").split("axbxc", -1), ["a", "b", "c"]);
        assert!(!rx(r"^\w+$").regex.is_match("héllo"));
        assert!(rx(r"\bé").regex.is_match("aé"));
        assert!(!rx(r"^\s$").regex.is_match("\u{b}"));
        assert_eq!(
            rx("(?i)ß").replace_all("SS ß ẞ", "x", false).unwrap(),
            "SS x x"
        );
        assert_eq!(rx(r"a\Q.*\Ez").find_string("xa.*z"), "a.*z");
        assert_eq!(rx("(?U)a+").find_string("aaa"), "a");
        assert_eq!(rx("(?i:A)b").find_string("aB ab"), "ab");
        assert_eq!(rx("a(?i)*").find_string("xaaa"), "");
        assert_eq!(rx("^*a").find_string("a"), "a");
        assert_eq!(rx(r"\x{41}\101\x4A").find_string("AAJ"), "AAJ");
        assert_eq!(rx("a{,2}").find_string("a{,2}"), "a{,2}");
        assert_eq!(
            rx("(?<x>a)").replace_all("a", "<$x>", false).unwrap(),
            "<a>"
        );
        assert_eq!(rx("[]a]+").find_string("x]a]"), "]a]");
        assert_eq!(rx("[^]a]+").find_string("]ab"), "b");
        assert_eq!(rx("[a-]+").find_string("x-a-"), "-a-");
        assert_eq!(rx("(?m)^b$").find_string("a\nb\nc"), "b");
        assert_eq!(rx("(?s)a.b").find_string("a\nb"), "a\nb");
        assert_eq!(rx("(?i)[[:upper:]]+").find_string("aB"), "aB");
        assert_eq!(quote_meta(r"a.b*c\d{1}"), r"a\.b\*c\\d\{1\}");
    }
}
