//! Helm's `pkg/strvals`: the `name=value` lines of `--set`, `--set-string`,
//! `--set-file`, `--set-json` and `--set-literal`. Helm 3.17.1 and 4.1.4
//! parse alike, except that Helm 4 takes an index left open at the end of
//! the line (`a[0`) as the end of the line instead of an error.
//!
//! - `a.b=c` nests maps (at most 30 levels of names), `a[0]=x` sets list
//!   items (index at most 65536; gaps are nil), `a={x,y}` makes a list, `,`
//!   separates assignments, and `\` escapes the next character anywhere.
//! - `--set` types each value: `true`/`false` (any case) are bools, `null`
//!   is nil, `0` and integers not starting with `0` are int64, everything
//!   else (`007`, `1.5`, `0x10`) is a string. `--set-string` keeps strings.
//! - `--set-file` replaces each value by the contents of the file it names.
//! - `--set-json` values are JSON (numbers are float64); an empty value is
//!   nil.
//! - `--set-literal` takes everything after the first `=` verbatim, and
//!   knows no escapes.
//!
//! Parsing merges into an existing map, as Helm does into the values
//! gathered so far, and fails where Go's type assertions panic (setting
//! `a.b` when `a` is a number). Each scalar can be given an [`Origin`]
//! pointing into the flag's text.

use std::ops::Range;

use gotemplate::gofmt::quote;
use gotemplate::{MapRef, Origin, Value};

use super::{MAX_VALUE_DEPTH, as_table, go_dynamic_type, grow, new_table};
use crate::render::HelmVersion;
use crate::render::funcs::gojson;

/// Helm's `MaxIndex`.
pub const MAX_INDEX: i64 = 65536;
/// Helm's `MaxNestedNameLevel`.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// Which flag a line comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetKind {
    /// `--set`: typed values.
    Set,
    /// `--set-string`: string values.
    SetString,
    /// `--set-file`: values are paths whose contents become strings.
    SetFile,
    /// `--set-json`: values are JSON.
    SetJson,
    /// `--set-literal`: one value, verbatim.
    SetLiteral,
}

impl SetKind {
    /// The flag's name, as Helm's messages spell it.
    pub fn flag(self) -> &'static str {
        match self {
            SetKind::Set => "--set",
            SetKind::SetString => "--set-string",
            SetKind::SetFile => "--set-file",
            SetKind::SetJson => "--set-json",
            SetKind::SetLiteral => "--set-literal",
        }
    }
}

/// Reads the file a `--set-file` value names: its bytes, or Go's error text
/// (`open PATH: no such file or directory`). The caller decides which paths
/// may be read.
pub type ReadFile<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

/// Mints the origin of a scalar parsed from `line[range]`.
pub type MintOrigin<'a> = dyn FnMut(Range<usize>) -> Option<Origin> + 'a;

/// What the parser may call back into.
#[derive(Default)]
pub struct Hooks<'a> {
    /// Needed by `--set-file`; without it every file read fails.
    pub read_file: Option<&'a mut ReadFile<'a>>,
    /// Gives parsed scalars their origins; without it they have none.
    pub origin: Option<&'a mut MintOrigin<'a>>,
}

/// A parse failure: Helm's message, and the byte offset in the line where
/// the parser stood when it gave up.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct StrvalsError {
    pub kind: StrvalsErrorKind,
    pub offset: usize,
}

/// The failures, worded as Helm words them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StrvalsErrorKind {
    #[error("key {} has no value", quote(.0))]
    NoValue(String),
    #[error("key {} has no value (cannot end with ,)", quote(.0))]
    NoValueBeforeComma(String),
    #[error("key map {} has no value", quote(.0))]
    MapNoValue(String),
    #[error(
        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
    )]
    TooManyNameLevels,
    /// `[` without a closing `]` (Helm 3; Helm 4 ends the line there).
    #[error("error parsing index: EOF")]
    IndexUnterminated,
    /// An index that `strconv.Atoi` refuses.
    #[error("error parsing index: strconv.Atoi: parsing {}: {reason}", quote(.text))]
    BadIndex { text: String, reason: &'static str },
    #[error("negative {0} index not allowed")]
    NegativeIndex(i64),
    #[error("index of {0} is greater than maximum supported index of {MAX_INDEX}")]
    IndexTooLarge(i64),
    /// Text between `]` and the next `[`, `.` or `=` (Go prints the runes).
    #[error("unexpected data at end of array index: {}", rune_list(.0))]
    DataAfterIndex(String),
    #[error("list must terminate with '}}'")]
    UnterminatedList,
    /// Where Go's type assertion panics: the key already holds a value of
    /// another type (`a=1,a.b=2`).
    #[error("unable to parse key: interface conversion: interface {{}} is {found}, not {expected}")]
    TypeMismatch {
        found: String,
        expected: &'static str,
    },
    /// A `--set-json` value that is not JSON (Go's decoder message).
    #[error("{0}")]
    Json(String),
    /// The `--set-file` reader's error.
    #[error("{0}")]
    ReadFile(String),
    /// Not in Helm (Go recurses without bound): a line nesting more than
    /// [`MAX_VALUE_DEPTH`] levels.
    #[error("value nests deeper than {MAX_VALUE_DEPTH} levels")]
    TooDeep,
}

/// Go's `%q` of a `[]rune`: each rune quoted, space separated, in brackets.
fn rune_list(s: &str) -> String {
    let parts: Vec<String> = s.chars().map(gotemplate::strconv::quote_rune).collect();
    format!("[{}]", parts.join(" "))
}

/// Parses `line` into a new map (Helm's `Parse`, `ParseString`,
/// `ParseFile`, `ParseLiteral`; `--set-json` starts from an empty map too).
pub fn parse(
    kind: SetKind,
    line: &str,
    helm: HelmVersion,
    hooks: &mut Hooks<'_>,
) -> Result<MapRef, StrvalsError> {
    let dest = new_table();
    parse_into(kind, line, &dest, helm, hooks)?;
    Ok(dest)
}

/// Parses `line` and merges the result into `dest`, overwriting what is
/// there (Helm's `ParseInto`, `ParseIntoString`, `ParseIntoFile`,
/// `ParseJSON`, `ParseLiteralInto`). On error `dest` may be partly changed,
/// as in Helm, which then gives up.
pub fn parse_into(
    kind: SetKind,
    line: &str,
    dest: &MapRef,
    helm: HelmVersion,
    hooks: &mut Hooks<'_>,
) -> Result<(), StrvalsError> {
    let mut parser = Parser {
        line,
        pos: 0,
        last_len: 0,
        kind,
        helm,
        hooks,
        depth: 0,
    };
    loop {
        match parser.key(dest, 0) {
            Ok(()) => continue,
            Err(Flow::Eof) => return Ok(()),
            Err(Flow::Err(kind)) => {
                return Err(StrvalsError {
                    kind,
                    offset: parser.pos,
                });
            }
        }
    }
}

/// How a step of the parser ends other than normally: Go's `io.EOF`, which
/// ends the line successfully, or an error.
enum Flow {
    Eof,
    Err(StrvalsErrorKind),
}

impl From<StrvalsErrorKind> for Flow {
    fn from(kind: StrvalsErrorKind) -> Self {
        Flow::Err(kind)
    }
}

type Step<T> = Result<T, Flow>;

/// What `runesUntil` read.
struct Runes {
    text: String,
    /// The stop rune, `None` at the end of the line.
    last: Option<char>,
    span: Range<usize>,
}

/// `valList`'s outcomes besides a list.
enum ListOutcome {
    List(Vec<Value>),
    NotList,
}

struct Parser<'l, 'h, 'a> {
    line: &'l str,
    pos: usize,
    /// Length of the rune last read, for `UnreadRune`.
    last_len: usize,
    kind: SetKind,
    helm: HelmVersion,
    hooks: &'h mut Hooks<'a>,
    depth: usize,
}

impl Parser<'_, '_, '_> {
    fn read_rune(&mut self) -> Option<char> {
        let c = self.line[self.pos..].chars().next()?;
        self.last_len = c.len_utf8();
        self.pos += self.last_len;
        Some(c)
    }

    fn unread_rune(&mut self) {
        self.pos -= self.last_len;
        self.last_len = 0;
    }

    fn literal(&self) -> bool {
        self.kind == SetKind::SetLiteral
    }

    /// `runesUntil` (with `\` escapes) or, for `--set-literal`,
    /// `runesUntilLiteral`.
    fn runes_until(&mut self, stop: &[char]) -> Runes {
        let start = self.pos;
        let mut text = String::new();
        loop {
            let before = self.pos;
            let Some(c) = self.read_rune() else {
                return Runes {
                    text,
                    last: None,
                    span: start..self.pos,
                };
            };
            if stop.contains(&c) {
                return Runes {
                    text,
                    last: Some(c),
                    span: start..before,
                };
            }
            if c == '\\' && !self.literal() {
                match self.read_rune() {
                    Some(next) => text.push(next),
                    None => {
                        return Runes {
                            text,
                            last: None,
                            span: start..self.pos,
                        };
                    }
                }
            } else {
                text.push(c);
            }
        }
    }

    fn origin(&mut self, span: Range<usize>) -> Option<Origin> {
        self.hooks.origin.as_mut().and_then(|mint| mint(span))
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_VALUE_DEPTH {
            return Err(StrvalsErrorKind::TooDeep.into());
        }
        Ok(())
    }

    /// `parser.key`: one assignment (or the rest of a dotted name).
    fn key(&mut self, data: &MapRef, nested: usize) -> Step<()> {
        self.enter()?;
        let result = grow(|| self.key_inner(data, nested));
        self.depth -= 1;
        result
    }

    fn key_inner(&mut self, data: &MapRef, nested: usize) -> Step<()> {
        let stop: &[char] = if self.literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let k = self.runes_until(stop);
        let Some(last) = k.last else {
            if k.text.is_empty() {
                return Err(Flow::Eof);
            }
            return Err(StrvalsErrorKind::NoValue(k.text).into());
        };
        match last {
            '[' => {
                let i = self.key_index()?;
                let list = existing_list(data.get(&k.text))?;
                let (list, result) = self.list_item(list, i, nested);
                set(data, &k.text, Value::from(list));
                result
            }
            '=' => self.assign(data, &k.text),
            ',' => {
                set(data, &k.text, Value::from(""));
                Err(StrvalsErrorKind::NoValueBeforeComma(k.text).into())
            }
            _ => {
                // '.'
                let nested = nested + 1;
                if nested > MAX_NESTED_NAME_LEVEL {
                    return Err(StrvalsErrorKind::TooManyNameLevels.into());
                }
                let inner = existing_map(data.get(&k.text))?;
                let result = self.key(&inner, nested);
                if result.is_ok() && inner.is_empty() {
                    return Err(StrvalsErrorKind::MapNoValue(k.text).into());
                }
                if !inner.is_empty() {
                    set(data, &k.text, Value::Map(inner));
                }
                result
            }
        }
    }

    /// The value after `key=`.
    fn assign(&mut self, data: &MapRef, key: &str) -> Step<()> {
        match self.kind {
            SetKind::SetLiteral => {
                let (value, span) = self.rest();
                let origin = self.origin(span);
                set(data, key, Value::String(value.into(), origin));
                Ok(())
            }
            SetKind::SetJson => {
                if self.empty_val() {
                    set(data, key, Value::Nil);
                    return Ok(());
                }
                let value = self.json_value()?;
                set(data, key, value);
                self.empty_val();
                Ok(())
            }
            _ => match self.val_list() {
                Ok(ListOutcome::List(list)) => {
                    set(data, key, Value::from(list));
                    Ok(())
                }
                Ok(ListOutcome::NotList) => {
                    let rs = self.val();
                    let v = self.read_value(rs)?;
                    set(data, key, v);
                    Ok(())
                }
                Err(Flow::Eof) => {
                    set(data, key, Value::from(""));
                    Err(Flow::Eof)
                }
                Err(e) => Err(e),
            },
        }
    }

    /// `parser.keyIndex`: the index up to `]`.
    fn key_index(&mut self) -> Step<i64> {
        let r = self.runes_until(&[']']);
        if r.last.is_none() {
            // Go wraps the io.EOF; Helm 4's `errors.Is` still sees it.
            return Err(match self.helm {
                HelmVersion::V3 => StrvalsErrorKind::IndexUnterminated.into(),
                HelmVersion::V4 => Flow::Eof,
            });
        }
        atoi(&r.text).map_err(|reason| {
            StrvalsErrorKind::BadIndex {
                text: r.text,
                reason,
            }
            .into()
        })
    }

    /// `parser.listItem`: what follows `name[i]`. Returns the list to store
    /// whatever happened, as Go does.
    fn list_item(&mut self, list: Vec<Value>, i: i64, nested: usize) -> (Vec<Value>, Step<()>) {
        if let Err(e) = self.enter() {
            return (list, Err(e));
        }
        let result = grow(|| self.list_item_inner(list, i, nested));
        self.depth -= 1;
        result
    }

    fn list_item_inner(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        nested: usize,
    ) -> (Vec<Value>, Step<()>) {
        if i < 0 {
            return (list, Err(StrvalsErrorKind::NegativeIndex(i).into()));
        }
        let r = self.runes_until(&['[', '.', '=']);
        if !r.text.is_empty() {
            return (list, Err(StrvalsErrorKind::DataAfterIndex(r.text).into()));
        }
        let Some(last) = r.last else {
            return (list, Err(Flow::Eof));
        };
        match last {
            '=' => match self.kind {
                SetKind::SetLiteral => {
                    let (value, span) = self.rest();
                    let origin = self.origin(span);
                    set_index(list, i, Value::String(value.into(), origin))
                }
                SetKind::SetJson => {
                    if self.empty_val() {
                        return set_index(list, i, Value::Nil);
                    }
                    let value = match self.json_value() {
                        Ok(v) => v,
                        Err(e) => return (list, Err(e)),
                    };
                    let (list, result) = set_index(list, i, value);
                    if result.is_err() {
                        return (list, result);
                    }
                    self.empty_val();
                    (list, Ok(()))
                }
                _ => match self.val_list() {
                    Ok(ListOutcome::List(items)) => set_index(list, i, Value::from(items)),
                    Ok(ListOutcome::NotList) => {
                        let rs = self.val();
                        match self.read_value(rs) {
                            Ok(v) => set_index(list, i, v),
                            Err(e) => (list, Err(e)),
                        }
                    }
                    Err(Flow::Eof) => set_index(list, i, Value::from("")),
                    Err(e) => (list, Err(e)),
                },
            },
            '[' => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return (list, Err(e)),
                };
                let current = match list.get(i as usize) {
                    Some(Value::Nil) | None => Vec::new(),
                    Some(existing) => match existing_list(Some(existing.clone())) {
                        Ok(items) => items,
                        Err(e) => return (list, Err(e)),
                    },
                };
                let (inner, result) = self.list_item(current, next, nested);
                if result.is_err() {
                    return (list, result);
                }
                set_index(list, i, Value::from(inner))
            }
            _ => {
                // '.'
                let inner = match list.get_mut(i as usize) {
                    Some(slot) => match as_table(slot) {
                        Some(m) => m.clone(),
                        None => {
                            // Indices out of order: Go puts a new map there.
                            let m = new_table();
                            *slot = Value::Map(m.clone());
                            m
                        }
                    },
                    None => new_table(),
                };
                if let Err(e) = self.key(&inner, nested) {
                    return (list, Err(e));
                }
                set_index(list, i, Value::Map(inner))
            }
        }
    }

    /// `parser.emptyVal`: skips spaces; true at a `,` (consumed) or the end.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read_rune() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(_) => {
                    self.unread_rune();
                    return false;
                }
            }
        }
    }

    /// `parser.val`: up to the next `,`.
    fn val(&mut self) -> Runes {
        self.runes_until(&[','])
    }

    /// For `--set-literal`: the rest of the line.
    fn rest(&mut self) -> (String, Range<usize>) {
        let start = self.pos;
        self.pos = self.line.len();
        (self.line[start..].to_string(), start..self.pos)
    }

    /// `parser.valList`: a `{a,b}` list, or `NotList` (nothing consumed),
    /// or `Eof` at the end of the line.
    fn val_list(&mut self) -> Step<ListOutcome> {
        match self.read_rune() {
            None => return Err(Flow::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread_rune();
                return Ok(ListOutcome::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let r = self.runes_until(&[',', '}']);
            match r.last {
                None => return Err(StrvalsErrorKind::UnterminatedList.into()),
                Some('}') => {
                    if let Some(c) = self.read_rune()
                        && c != ','
                    {
                        self.unread_rune();
                    }
                    list.push(self.read_value(r)?);
                    return Ok(ListOutcome::List(list));
                }
                Some(_) => list.push(self.read_value(r)?),
            }
        }
    }

    /// The parser's `reader`: `typedVal` for `--set`/`--set-string`, the
    /// file's contents for `--set-file`.
    fn read_value(&mut self, rs: Runes) -> Step<Value> {
        let origin = self.origin(rs.span);
        match self.kind {
            SetKind::SetFile => {
                let Some(read) = self.hooks.read_file.as_mut() else {
                    return Err(StrvalsErrorKind::ReadFile(format!(
                        "open {}: reading files is not allowed here",
                        rs.text
                    ))
                    .into());
                };
                match read(&rs.text) {
                    // Go keeps the bytes; a Rust string cannot hold
                    // invalid UTF-8, which becomes U+FFFD.
                    Ok(bytes) => Ok(Value::String(
                        String::from_utf8_lossy(&bytes).into(),
                        origin,
                    )),
                    Err(message) => Err(StrvalsErrorKind::ReadFile(message).into()),
                }
            }
            kind => Ok(typed_val(&rs.text, kind == SetKind::SetString).with_origin(origin)),
        }
    }

    /// One JSON value at the current position, as Go's `json.Decoder`
    /// reads it: the value ends where its last byte does, whatever
    /// follows.
    fn json_value(&mut self) -> Step<Value> {
        let rest = &self.line.as_bytes()[self.pos..];
        let end = json_extent(rest).map_err(StrvalsErrorKind::Json)?;
        let value = gojson::unmarshal(&rest[..end], gojson::Target::Any)
            .map_err(|e| StrvalsErrorKind::Json(e.0))?;
        let span = self.pos..self.pos + end;
        self.pos += end;
        self.last_len = 0;
        let origin = self.origin(span);
        Ok(with_origins(value, origin))
    }
}

/// `set`: empty keys are ignored.
fn set(data: &MapRef, key: &str, value: Value) {
    if !key.is_empty() {
        data.insert(key, value);
    }
}

/// `setIndex`.
fn set_index(mut list: Vec<Value>, index: i64, value: Value) -> (Vec<Value>, Step<()>) {
    if index < 0 {
        return (list, Err(StrvalsErrorKind::NegativeIndex(index).into()));
    }
    if index > MAX_INDEX {
        return (list, Err(StrvalsErrorKind::IndexTooLarge(index).into()));
    }
    let index = index as usize;
    if list.len() <= index {
        list.resize(index + 1, Value::Nil);
    }
    list[index] = value;
    (list, Ok(()))
}

/// `data[k].([]interface{})` for a key that may be absent.
fn existing_list(v: Option<Value>) -> Step<Vec<Value>> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::List(list)) if list.elem == gotemplate::ElemType::Interface => {
            Ok(list.items.clone())
        }
        Some(other) => Err(StrvalsErrorKind::TypeMismatch {
            found: go_dynamic_type(&other),
            expected: "[]interface {}",
        }
        .into()),
    }
}

/// `data[k].(map[string]interface{})` for a key that may be absent.
fn existing_map(v: Option<Value>) -> Step<MapRef> {
    match v {
        None => Ok(new_table()),
        Some(other) => match as_table(&other) {
            Some(m) => Ok(m.clone()),
            None => Err(StrvalsErrorKind::TypeMismatch {
                found: go_dynamic_type(&other),
                expected: "map[string]interface {}",
            }
            .into()),
        },
    }
}

/// Go's `strconv.Atoi`, with its error reasons.
fn atoi(s: &str) -> Result<i64, &'static str> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    s.parse::<i64>().map_err(|_| "value out of range")
}

/// Helm's `typedVal`.
pub fn typed_val(s: &str, force_string: bool) -> Value {
    if force_string {
        return Value::from(s);
    }
    if equal_fold(s, "true") {
        return Value::from(true);
    }
    if equal_fold(s, "false") {
        return Value::from(false);
    }
    if equal_fold(s, "null") {
        return Value::Nil;
    }
    if s == "0" {
        return Value::int64(0);
    }
    if !s.is_empty()
        && !s.starts_with('0')
        && let Ok(i) = s.parse::<i64>()
    {
        return Value::int64(i);
    }
    Value::from(s)
}

/// Go's `strings.EqualFold` against a lower-case ASCII word: ASCII letters
/// match either case, and Unicode's simple folding adds `ſ` (U+017F) for
/// `s` and the Kelvin sign (U+212A) for `k`.
fn equal_fold(s: &str, word: &str) -> bool {
    let mut chars = s.chars();
    for w in word.chars() {
        let Some(c) = chars.next() else {
            return false;
        };
        let ok = c.to_ascii_lowercase() == w
            || (w == 's' && c == '\u{17f}')
            || (w == 'k' && c == '\u{212a}');
        if !ok {
            return false;
        }
    }
    chars.next().is_none()
}

/// Gives every scalar inside `v` the origin `origin`.
pub(crate) fn with_origins(v: Value, origin: Option<Origin>) -> Value {
    if origin.is_none() {
        return v;
    }
    grow(|| match v {
        Value::Map(m) => {
            for (k, item) in m.entries() {
                m.insert(k, with_origins(item, origin));
            }
            Value::Map(m)
        }
        Value::List(list) => Value::list(
            list.elem,
            list.items
                .iter()
                .map(|item| with_origins(item.clone(), origin))
                .collect(),
        ),
        other => other.with_origin(origin),
    })
}

/// Where the first JSON value of `data` ends, as Go's `json.Decoder` finds
/// it, or the decoder's error: `unexpected EOF` when the text ends inside
/// the value, else the scanner's syntax error.
fn json_extent(data: &[u8]) -> Result<usize, String> {
    #[derive(Clone, Copy)]
    enum Ctx {
        Object,
        Array,
    }
    let eof = || "unexpected EOF".to_string();
    // The message Go's scanner gives for the byte at `at`: the same as a
    // full validation of the text up to and including it.
    let syntax = |at: usize| match gojson::unmarshal(&data[..=at], gojson::Target::Any) {
        Err(e) => e.0,
        Ok(_) => format!("invalid character at offset {at}"),
    };
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut stack: Vec<Ctx> = Vec::new();
    let mut i = 0;
    loop {
        // A value starts at `i` (after spaces).
        while i < data.len() && ws(data[i]) {
            i += 1;
        }
        let Some(&c) = data.get(i) else {
            return Err(eof());
        };
        match c {
            b'{' | b'[' => {
                if stack.len() >= MAX_VALUE_DEPTH {
                    return Err("exceeded max depth".to_string());
                }
                i += 1;
                while i < data.len() && ws(data[i]) {
                    i += 1;
                }
                let close = if c == b'{' { b'}' } else { b']' };
                match data.get(i) {
                    None => return Err(eof()),
                    Some(&b) if b == close => i += 1,
                    Some(_) if c == b'[' => {
                        stack.push(Ctx::Array);
                        continue;
                    }
                    Some(b'"') => {
                        stack.push(Ctx::Object);
                        i = json_key(data, i, &eof, &syntax)?;
                        continue;
                    }
                    Some(_) => return Err(syntax(i)),
                }
            }
            b'"' => i = json_string(data, i, &eof, &syntax)?,
            b'-' | b'0'..=b'9' => i = json_number(data, i, &eof, &syntax)?,
            b't' | b'f' | b'n' => {
                let word: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                for &w in word {
                    match data.get(i) {
                        None => return Err(eof()),
                        Some(&b) if b == w => i += 1,
                        Some(_) => return Err(syntax(i)),
                    }
                }
            }
            _ => return Err(syntax(i)),
        }
        // A value ended at `i`: close containers or go on to the next item.
        loop {
            let Some(&top) = stack.last() else {
                return Ok(i);
            };
            while i < data.len() && ws(data[i]) {
                i += 1;
            }
            let Some(&c) = data.get(i) else {
                return Err(eof());
            };
            match (top, c) {
                (Ctx::Object, b'}') | (Ctx::Array, b']') => {
                    i += 1;
                    stack.pop();
                }
                (Ctx::Array, b',') => {
                    i += 1;
                    break;
                }
                (Ctx::Object, b',') => {
                    i += 1;
                    while i < data.len() && ws(data[i]) {
                        i += 1;
                    }
                    match data.get(i) {
                        None => return Err(eof()),
                        Some(b'"') => {
                            i = json_key(data, i, &eof, &syntax)?;
                            break;
                        }
                        Some(_) => return Err(syntax(i)),
                    }
                }
                _ => return Err(syntax(i)),
            }
        }
    }
}

/// An object key at `i` (a `"`) and its colon; returns where the value
/// may start.
fn json_key(
    data: &[u8],
    i: usize,
    eof: &dyn Fn() -> String,
    syntax: &dyn Fn(usize) -> String,
) -> Result<usize, String> {
    let mut i = json_string(data, i, eof, syntax)?;
    while i < data.len() && matches!(data[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    match data.get(i) {
        None => Err(eof()),
        Some(b':') => Ok(i + 1),
        Some(_) => Err(syntax(i)),
    }
}

/// A string at `i` (a `"`); returns the offset after its closing quote.
fn json_string(
    data: &[u8],
    mut i: usize,
    eof: &dyn Fn() -> String,
    syntax: &dyn Fn(usize) -> String,
) -> Result<usize, String> {
    i += 1;
    loop {
        let Some(&c) = data.get(i) else {
            return Err(eof());
        };
        match c {
            b'"' => return Ok(i + 1),
            b'\\' => {
                i += 1;
                match data.get(i) {
                    None => return Err(eof()),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                    Some(b'u') => {
                        i += 1;
                        for _ in 0..4 {
                            match data.get(i) {
                                None => return Err(eof()),
                                Some(h) if h.is_ascii_hexdigit() => i += 1,
                                Some(_) => return Err(syntax(i)),
                            }
                        }
                    }
                    Some(_) => return Err(syntax(i)),
                }
            }
            c if c < 0x20 => return Err(syntax(i)),
            _ => i += 1,
        }
    }
}

/// A number at `i`; returns the offset after its last byte. A number ends
/// at the first byte that cannot continue it (`01` is `0`, then `1`).
fn json_number(
    data: &[u8],
    mut i: usize,
    eof: &dyn Fn() -> String,
    syntax: &dyn Fn(usize) -> String,
) -> Result<usize, String> {
    let digit = |i: usize| data.get(i).is_some_and(|b| b.is_ascii_digit());
    // One digit is required here: EOF or another byte is an error.
    let need_digit = |i: usize| -> Result<(), String> {
        match data.get(i) {
            None => Err(eof()),
            Some(b) if b.is_ascii_digit() => Ok(()),
            Some(_) => Err(syntax(i)),
        }
    };
    if data[i] == b'-' {
        i += 1;
        need_digit(i)?;
    }
    if data[i] == b'0' {
        i += 1;
    } else {
        while digit(i) {
            i += 1;
        }
    }
    if data.get(i) == Some(&b'.') {
        i += 1;
        need_digit(i)?;
        while digit(i) {
            i += 1;
        }
    }
    if matches!(data.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(data.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        need_digit(i)?;
        while digit(i) {
            i += 1;
        }
    }
    Ok(i)
}

#[cfg(test)]
mod tests;
