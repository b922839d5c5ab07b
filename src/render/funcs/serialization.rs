//! YAML, JSON and TOML functions: Helm's own (`toYaml`, `fromYaml`,
//! `toJson`, `fromJson`, `toToml`, `fromToml`, ... from pkg/engine/funcs.go)
//! and Sprig's JSON family (`toPrettyJson`, `toRawJson`, `mustFromJson`,
//! ...), which Helm keeps where it does not override them.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{ElemType, FuncError, FuncMap, MapRef, ParamType, Signature, Value};

use super::FuncOptions;
use super::gojson::{self, Target};
use crate::render::HelmVersion;
use crate::yaml;

const ANY: Signature = Signature::fixed(&[ParamType::Any]);
const STRING: Signature = Signature::fixed(&[ParamType::String]);

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let helm4 = options.helm_version == HelmVersion::V4;

    funcs.insert_plain("toYaml", ANY, |args| Ok(Value::from(to_yaml(arg(&args)))));
    funcs.insert_plain("toYamlPretty", ANY, |args| {
        Ok(Value::from(to_yaml_pretty(arg(&args))))
    });
    funcs.insert_plain("fromYaml", STRING, |args| Ok(from_yaml(&str_arg(&args))));
    funcs.insert_plain("fromYamlArray", STRING, |args| {
        Ok(from_yaml_array(&str_arg(&args)))
    });
    funcs.insert_plain("toJson", ANY, |args| Ok(Value::from(to_json(arg(&args)))));
    funcs.insert_plain("fromJson", STRING, |args| Ok(from_json(&str_arg(&args))));
    funcs.insert_plain("fromJsonArray", STRING, |args| {
        Ok(from_json_array(&str_arg(&args)))
    });
    funcs.insert_plain("toToml", ANY, move |args| {
        // BurntSushi asks reflect for the type of a nil interface, which
        // panics; the engine reports the panic as the call's error.
        if arg(&args).is_nil() {
            return Err(FuncError::new(
                "reflect: call of reflect.Value.Type on zero Value",
            ));
        }
        Ok(Value::from(to_toml(arg(&args), helm4)))
    });
    funcs.insert_plain("fromToml", STRING, |args| Ok(from_toml(&str_arg(&args))));

    // Sprig's JSON functions.
    funcs.insert_plain("toPrettyJson", ANY, |args| {
        Ok(Value::from(to_pretty_json(arg(&args))))
    });
    funcs.insert_plain("mustToPrettyJson", ANY, |args| {
        must_to_pretty_json(arg(&args)).map(Value::from)
    });
    funcs.insert_plain("toRawJson", ANY, |args| {
        to_raw_json(arg(&args)).map(Value::from)
    });
    funcs.insert_plain("mustToRawJson", ANY, |args| {
        to_raw_json(arg(&args)).map(Value::from)
    });
    funcs.insert_plain("mustFromJson", STRING, |args| {
        must_from_json(&str_arg(&args))
    });
    // Helm 3 keeps Sprig's mustToJson (string, error); Helm 4 has its own,
    // which panics with the same error. Both reach the template as
    // "error calling mustToJson: ...".
    funcs.insert_plain("mustToJson", ANY, |args| {
        must_to_json(arg(&args)).map(Value::from)
    });
    if helm4 {
        funcs.insert_plain("mustToYaml", ANY, |args| {
            must_to_yaml(arg(&args)).map(Value::from)
        });
    }
}

fn arg(args: &[Value]) -> &Value {
    args.first().unwrap_or(&Value::Nil)
}

fn str_arg(args: &[Value]) -> String {
    match args.first() {
        Some(Value::String(s, _)) => s.to_string(),
        _ => String::new(),
    }
}

/// Helm's `toYaml`: sigs.k8s.io/yaml `Marshal` without the final newline;
/// an error gives "".
pub fn to_yaml(v: &Value) -> String {
    match yaml::to_yaml(v) {
        Ok(s) => trim_newline(s),
        Err(_) => String::new(),
    }
}

/// Helm 4's `mustToYaml`: like `toYaml`, but an error panics, which the
/// template engine reports as the call's error.
pub fn must_to_yaml(v: &Value) -> Result<String, FuncError> {
    yaml::to_yaml(v).map(trim_newline).map_err(FuncError::new)
}

/// Helm's `toYamlPretty`: go-yaml v3 with a two-space indent, final newline
/// trimmed.
pub fn to_yaml_pretty(v: &Value) -> String {
    trim_newline(yaml::to_yaml_pretty(v))
}

fn trim_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// A map holding only `Error`, as Helm's `from*` functions return on failure.
fn error_map(message: &str) -> Value {
    let mut entries = BTreeMap::new();
    entries.insert(Arc::from("Error"), Value::from(message));
    Value::Map(MapRef::from_entries(entries))
}

/// Helm's `fromYaml`: the document as a map, or `{"Error": message}`.
pub fn from_yaml(s: &str) -> Value {
    match yaml::unmarshal(s, yaml::Target::Map, None) {
        Ok(Value::Map(m)) => Value::Map(m),
        Ok(_) => Value::empty_map(),
        Err(e) => error_map(&e.message),
    }
}

/// Helm's `fromYamlArray`: the document as a list, or `[message]`.
pub fn from_yaml_array(s: &str) -> Value {
    match yaml::unmarshal(s, yaml::Target::List, None) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(_) => Value::list(ElemType::Interface, Vec::new()),
        Err(e) => Value::list(ElemType::Interface, vec![Value::from(e.message)]),
    }
}

/// Helm's (and Sprig's) `toJson`: `json.Marshal`, "" on error.
pub fn to_json(v: &Value) -> String {
    gojson::marshal(v).unwrap_or_default()
}

pub fn must_to_json(v: &Value) -> Result<String, FuncError> {
    gojson::marshal(v).map_err(|e| FuncError::new(e.0))
}

/// Sprig's `toPrettyJson`: `json.MarshalIndent(v, "", "  ")`, "" on error.
pub fn to_pretty_json(v: &Value) -> String {
    gojson::marshal_indent(v, "", "  ").unwrap_or_default()
}

pub fn must_to_pretty_json(v: &Value) -> Result<String, FuncError> {
    gojson::marshal_indent(v, "", "  ").map_err(|e| FuncError::new(e.0))
}

/// Sprig's `toRawJson`/`mustToRawJson`: an `Encoder` without HTML
/// escaping, final newline trimmed. `toRawJson` panics on error, which the
/// engine reports like `mustToRawJson`'s returned error.
pub fn to_raw_json(v: &Value) -> Result<String, FuncError> {
    gojson::marshal_no_html(v).map_err(|e| FuncError::new(e.0))
}

/// Helm's `fromJson`: the object as a map, or `{"Error": message}`.
pub fn from_json(s: &str) -> Value {
    match gojson::unmarshal(s.as_bytes(), Target::Map) {
        Ok(Value::Map(m)) => Value::Map(m),
        // JSON null sets Go's map to nil; an empty map prints the same
        // with `{{ }}` ("map[]").
        Ok(_) => Value::empty_map(),
        Err(e) => error_map(&e.0),
    }
}

/// Helm's `fromJsonArray`: the array as a list, or `[message]`.
pub fn from_json_array(s: &str) -> Value {
    match gojson::unmarshal(s.as_bytes(), Target::List) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(_) => Value::list(ElemType::Interface, Vec::new()),
        Err(e) => Value::list(ElemType::Interface, vec![Value::from(e.0)]),
    }
}

/// Sprig's `mustFromJson`: any JSON value (numbers as float64), or the
/// error.
pub fn must_from_json(s: &str) -> Result<Value, FuncError> {
    gojson::unmarshal(s.as_bytes(), Target::Any).map_err(|e| FuncError::new(e.0))
}

// ---------------------------------------------------------------------------
// TOML: BurntSushi/toml's encoder (v1.4.0 in Helm 3, v1.6.0 in Helm 4).

/// The TOML type of a Go value, as `tomlTypeOfGo` sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TomlType {
    Nil,
    Hash,
    ArrayHash,
    Other,
}

fn toml_value(v: &Value) -> Value {
    match v {
        Value::Object(obj) if obj.as_any().is::<super::dates::GoTime>() => v.clone(),
        Value::Object(obj) => gojson::object_json_value(obj.as_ref()),
        other => other.clone(),
    }
}

fn toml_type(v: &Value) -> Result<TomlType, String> {
    Ok(match toml_value(v) {
        Value::Nil => TomlType::Nil,
        Value::Map(_) => TomlType::Hash,
        Value::List(list) => {
            // isTableArray: every element a table; a nil element is an error.
            if list.items.is_empty() {
                return Ok(TomlType::Other);
            }
            let mut all_hash = true;
            for item in &list.items {
                let t = toml_type(item)?;
                if t == TomlType::Nil {
                    return Err("toml: cannot encode array with nil element".to_string());
                }
                if t != TomlType::Hash {
                    all_hash = false;
                }
            }
            if all_hash {
                TomlType::ArrayHash
            } else {
                TomlType::Other
            }
        }
        _ => TomlType::Other,
    })
}

struct TomlEncoder {
    out: String,
    helm4: bool,
    depth: usize,
}

/// BurntSushi's `dblQuotedReplacer`.
fn toml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x08' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_bare_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|r| r.is_ascii_alphanumeric() || r == '_' || r == '-')
}

fn key_piece(k: &str) -> String {
    if k.is_empty() {
        "\"\"".to_string()
    } else if is_bare_key(k) {
        k.to_string()
    } else {
        toml_quote(k)
    }
}

fn key_string(key: &[String]) -> String {
    key.iter()
        .map(|k| key_piece(k))
        .collect::<Vec<_>>()
        .join(".")
}

impl TomlEncoder {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&self, key: &[String]) -> String {
        "  ".repeat(key.len().saturating_sub(1))
    }

    fn encode(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.encode_entry(key, v))
    }

    fn encode_entry(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        self.depth += 1;
        if self.depth > 1000 {
            return Err("toml: value nested too deeply".to_string());
        }
        let v = toml_value(v);
        let result = match &v {
            Value::Nil => Ok(()),
            Value::Map(_) => self.table(key, &v),
            Value::List(list) if toml_type(&v)? == TomlType::ArrayHash => {
                if key.is_empty() {
                    return Err("toml: top-level values must be Go maps or structs".to_string());
                }
                for item in &list.items {
                    self.newline();
                    let line = format!("{}[[{}]]", self.indent(key), key_string(key));
                    self.out.push_str(&line);
                    self.newline();
                    self.map_body(key, &toml_value(item), false)?;
                }
                Ok(())
            }
            _ => self.key_value(key, &v, false),
        };
        self.depth -= 1;
        result
    }

    fn table(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            let line = format!("{}[{}]", self.indent(key), key_string(key));
            self.out.push_str(&line);
            self.newline();
        }
        self.map_body(key, v, false)
    }

    fn map_body(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), String> {
        let Value::Map(map) = v else {
            return Ok(());
        };
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, item) in map.entries() {
            match toml_type(&item)? {
                TomlType::Hash | TomlType::ArrayHash => sub.push((k, item)),
                _ => direct.push((k, item)),
            }
        }
        if inline {
            self.out.push('{');
        }
        let trail = !sub.is_empty();
        for (group, trail_comma) in [(direct, trail), (sub, false)] {
            let n = group.len();
            for (i, (k, item)) in group.into_iter().enumerate() {
                if toml_value(&item).is_nil() {
                    continue;
                }
                if inline {
                    self.key_value(&[k.to_string()], &item, true)?;
                    if trail_comma || i != n - 1 {
                        self.out.push_str(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(k.to_string());
                    self.encode(&child, &item)?;
                }
            }
        }
        if inline {
            self.out.push('}');
        }
        Ok(())
    }

    fn key_value(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), String> {
        if key.is_empty() {
            return self.element(v);
        }
        let prefix = format!(
            "{}{} = ",
            self.indent(key),
            key_piece(key.last().map_or("", String::as_str))
        );
        self.out.push_str(&prefix);
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &Value) -> Result<(), String> {
        let v = toml_value(v);
        match &v {
            Value::String(s, _) => self.out.push_str(&toml_quote(s)),
            Value::Bool(b, _) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i, _) => self.out.push_str(&i.to_string()),
            Value::Float(f, _) => {
                if f.is_nan() {
                    if f.is_sign_negative() {
                        self.out.push('-');
                    }
                    self.out.push_str("nan");
                } else if f.is_infinite() {
                    if f.is_sign_negative() {
                        self.out.push('-');
                    }
                    self.out.push_str("inf");
                } else {
                    // v1.4.0 writes %f-style digits; v1.6.0 switched to %g
                    // (so 1000000 is "1e+06") and adds no ".0" after an
                    // exponent.
                    let s = gojson::format_float(*f, if self.helm4 { 'g' } else { 'f' }, 64);
                    let needs_point = if self.helm4 {
                        !s.contains('.') && !s.contains('e')
                    } else {
                        !s.contains('.')
                    };
                    self.out.push_str(&s);
                    if needs_point {
                        self.out.push_str(".0");
                    }
                }
            }
            Value::Bytes(b) => {
                self.out.push('[');
                let items: Vec<String> = b.iter().map(u8::to_string).collect();
                self.out.push_str(&items.join(", "));
                self.out.push(']');
            }
            Value::List(list) => {
                // An element type check happens first (tomlTypeOfGo walks
                // the array), so a nil anywhere is an error.
                toml_type(&v)?;
                self.out.push('[');
                for (i, item) in list.items.iter().enumerate() {
                    self.element(item)?;
                    if i + 1 != list.items.len() {
                        self.out.push_str(", ");
                    }
                }
                self.out.push(']');
            }
            Value::Map(_) => self.map_body(&[], &v, true)?,
            Value::Nil => {
                return Err("toml: cannot encode array with nil element".to_string());
            }
            Value::Object(obj) => match obj.as_any().downcast_ref::<super::dates::GoTime>() {
                Some(t) => self.out.push_str(&toml_time(t)),
                None => self.out.push_str(&toml_quote(&cast_string(&v))),
            },
        }
        Ok(())
    }
}

/// BurntSushi's writing of a `time.Time`: RFC 3339, or its local forms
/// for the times its decoder marks as local.
fn toml_time(t: &super::dates::GoTime) -> String {
    use super::dates::Location;
    let layout = match t.location() {
        Location::Fixed { name, .. } => match &**name {
            "datetime-local" => "2006-01-02T15:04:05.999999999",
            "date-local" => "2006-01-02",
            "time-local" => "15:04:05.999999999",
            _ => gojson::RFC3339_NANO,
        },
        _ => gojson::RFC3339_NANO,
    };
    t.format(layout)
}

fn cast_string(v: &Value) -> String {
    match v {
        Value::Object(obj) => obj.go_string(),
        other => super::cast::to_string(other),
    }
}

/// Helm's `toToml`: BurntSushi's encoding, or the error's text itself.
pub fn to_toml(v: &Value, helm4: bool) -> String {
    let mut enc = TomlEncoder {
        out: String::new(),
        helm4,
        depth: 0,
    };
    match enc.encode(&[], v) {
        Ok(()) => enc.out,
        Err(e) => e,
    }
}

/// Helm's `fromToml`: the document as a map (integers int64, floats
/// float64), or `{"Error": message}`.
pub fn from_toml(s: &str) -> Value {
    match toml::from_str::<toml::Table>(s) {
        Ok(table) => toml_table(table),
        Err(e) => {
            let line = e.span().map_or(1, |span| {
                s[..span.start.min(s.len())].matches('\n').count() + 1
            });
            error_map(&toml_error(line, e.message().trim_end()))
        }
    }
}

/// BurntSushi's wording where we know it; the toml crate's otherwise.
fn toml_error(line: usize, message: &str) -> String {
    // "duplicate key `a` in document root" / "... in table `t`"
    if let Some(rest) = message.strip_prefix("duplicate key `")
        && let Some((key, tail)) = rest.split_once('`')
    {
        let last = match tail
            .strip_prefix(" in table `")
            .and_then(|t| t.strip_suffix('`'))
        {
            Some(table) => format!("{table}.{key}"),
            None => key.to_string(),
        };
        return format!(
            "toml: line {line} (last key {}): Key '{key}' has already been defined.",
            go_quote(&last)
        );
    }
    format!("toml: line {line}: {message}")
}

/// Go's `%q` for a key (enough for TOML keys in messages).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_table(table: toml::Table) -> Value {
    let entries: BTreeMap<Arc<str>, Value> = table
        .into_iter()
        .map(|(k, v)| (Arc::from(k), toml_to_value(v)))
        .collect();
    Value::Map(MapRef::from_entries(entries))
}

/// BurntSushi's `time.Time` for a TOML date-time: offset date-times in
/// UTC or a fixed zone, local ones in its "datetime-local", "date-local"
/// and "time-local" zones (offset 0), local times on 0000-01-01.
fn toml_datetime(d: &toml::value::Datetime) -> Value {
    use super::dates::{GoTime, Location};
    let (year, month, day) = d.date.map_or((0, 1, 1), |date| {
        (
            i64::from(date.year),
            i64::from(date.month),
            i64::from(date.day),
        )
    });
    let (hour, minute, second, nanos) = d.time.map_or((0, 0, 0, 0), |t| {
        (
            i64::from(t.hour),
            i64::from(t.minute),
            i64::from(t.second),
            i64::from(t.nanosecond),
        )
    });
    let local = |name: &str| Location::Fixed {
        name: Arc::from(name),
        offset: 0,
    };
    let loc = match (d.offset, d.date, d.time) {
        (Some(toml::value::Offset::Z), _, _) => Location::Utc,
        (Some(toml::value::Offset::Custom { minutes }), _, _) => Location::Fixed {
            name: Arc::from(""),
            offset: i32::from(minutes) * 60,
        },
        (None, Some(_), Some(_)) => local("datetime-local"),
        (None, Some(_), None) => local("date-local"),
        (None, None, _) => local("time-local"),
    };
    Value::object(GoTime::date(
        year, month, day, hour, minute, second, nanos, loc,
    ))
}

fn toml_to_value(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s),
        toml::Value::Integer(i) => Value::int64(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::from(b),
        toml::Value::Datetime(d) => toml_datetime(&d),
        toml::Value::Array(items) => Value::list(
            ElemType::Interface,
            items.into_iter().map(toml_to_value).collect(),
        ),
        toml::Value::Table(t) => toml_table(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Value {
        crate::yaml::load_values(include_str!("../../yaml/testdata/pretty.values.yaml"), None)
            .expect("values load")
    }

    fn first_diff(ours: &str, helm: &str) {
        for (i, (a, b)) in ours.lines().zip(helm.lines()).enumerate() {
            assert_eq!(a, b, "line {}", i + 1);
        }
        assert_eq!(ours, helm);
    }

    #[test]
    fn to_yaml_pretty_matches_helm() {
        let v = values();
        first_diff(
            &to_yaml_pretty(&v),
            include_str!("../../yaml/testdata/pretty.toyamlpretty.h3.out"),
        );
        first_diff(
            &to_yaml_pretty(&v),
            include_str!("../../yaml/testdata/pretty.toyamlpretty.h4.out"),
        );
    }

    #[test]
    fn to_yaml_nested_matches_helm() {
        let v = values();
        let nested = v.as_map().and_then(|m| m.get("nested")).expect("nested");
        first_diff(
            &to_yaml(&nested),
            include_str!("../../yaml/testdata/pretty.toyaml-nested.out"),
        );
    }

    #[test]
    fn to_toml_matches_helm() {
        let v = values();
        first_diff(
            &to_toml(&v, false),
            include_str!("../../yaml/testdata/pretty.totoml.h3.out"),
        );
        first_diff(
            &to_toml(&v, true),
            include_str!("../../yaml/testdata/pretty.totoml.h4.out"),
        );
    }

    fn json(v: &Value) -> String {
        to_json(v)
    }

    #[test]
    fn from_functions_report_errors_like_helm() {
        assert_eq!(
            json(&from_json("{")),
            r#"{"Error":"unexpected end of JSON input"}"#
        );
        assert_eq!(
            json(&from_json("[1]")),
            r#"{"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"}"#
        );
        assert_eq!(json(&from_json("null")), "{}");
        assert_eq!(
            json(&from_json_array("tru")),
            r#"["invalid character ' ' in literal true (expecting 'e')"]"#
        );
        assert_eq!(
            json(&from_yaml_array("a: 1")),
            r#"["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"]"#
        );
        assert_eq!(json(&from_yaml("")), "{}");
        assert_eq!(json(&from_yaml("a: [1, yes]")), r#"{"a":[1,true]}"#);
        assert_eq!(
            json(&from_toml("a = 1\na = 2")),
            r#"{"Error":"toml: line 2 (last key \"a\"): Key 'a' has already been defined."}"#
        );
        assert_eq!(json(&from_toml("a = 1\nb = 'x'")), r#"{"a":1,"b":"x"}"#);
        assert!(must_from_json("{").is_err());
        assert_eq!(
            must_to_json(&Value::Float(f64::NAN, None))
                .unwrap_err()
                .message,
            "json: unsupported value: NaN"
        );
        assert_eq!(
            must_to_yaml(&Value::Float(f64::NAN, None))
                .unwrap_err()
                .message,
            "error marshaling into JSON: json: unsupported value: NaN"
        );
    }

    #[test]
    fn toml_scalars_and_errors() {
        let list = |items: Vec<Value>| Value::list(ElemType::Interface, items);
        assert_eq!(
            to_toml(&list(vec![Value::Int(1), Value::Int(2)]), false),
            "[1, 2]"
        );
        assert_eq!(to_toml(&Value::from("s"), false), "\"s\"");
        assert_eq!(to_toml(&Value::Float(1.5, None), true), "1.5");
        assert_eq!(to_toml(&Value::Float(1e6, None), false), "1000000.0");
        assert_eq!(to_toml(&Value::Float(1e6, None), true), "1e+06");
        assert_eq!(
            to_toml(&list(vec![Value::empty_map()]), false),
            "toml: top-level values must be Go maps or structs"
        );
        assert_eq!(
            to_toml(&list(vec![Value::Int(1), Value::Nil]), false),
            "toml: cannot encode array with nil element"
        );
        assert_eq!(to_yaml(&Value::Float(f64::NAN, None)), "");
        assert_eq!(to_pretty_json(&Value::empty_map()), "{}");
        assert_eq!(
            to_raw_json(&Value::from("<&>")).expect("encodes"),
            "\"<&>\""
        );
    }
}
