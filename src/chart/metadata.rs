//! Chart.yaml, requirements.yaml and Chart.lock as Helm reads them:
//! sigs.k8s.io/yaml's `Unmarshal` into Go structs, then `Metadata.Validate`.
//!
//! sigs.k8s.io/yaml converts YAML to JSON with the struct as a guide: a
//! number or boolean bound for a string field becomes a string first (an
//! integer as written, a float as Go's `FormatFloat(f, 'g', -1, 32)`, so
//! `appVersion: 1.10` is "1.1"). encoding/json then fills the struct: keys
//! match field names case-insensitively, in sorted key order (later wins),
//! unknown keys are ignored, `null` leaves a scalar field alone, and a value
//! of the wrong kind is skipped with the first such error reported at the end
//! (`json: cannot unmarshal array into Go struct field Metadata.name of type
//! string`). Decoding into an existing struct merges, which is how
//! requirements.yaml lands on top of Chart.yaml.

use std::collections::{BTreeMap, HashMap};

use gotemplate::Value;

use super::Dependency;
use super::Maintainer;
use super::Metadata;
use crate::render::HelmVersion;
use crate::render::funcs::{gojson, semver};
use crate::yaml::{self, OriginTable, Position, Target, YamlError};

/// A decode failure: the message after `cannot load FILE: `, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DecodeError {
    pub message: String,
    pub position: Option<Position>,
}

impl From<YamlError> for DecodeError {
    fn from(e: YamlError) -> Self {
        DecodeError {
            message: e.message,
            position: e.position,
        }
    }
}

/// Helm's `chart.Metadata` while it is being filled: list entries may still
/// be null, which validation reports.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawMetadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub maintainers: Vec<Option<Maintainer>>,
    pub icon: String,
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    pub annotations: BTreeMap<String, String>,
    pub kube_version: String,
    pub dependencies: Vec<Option<Dependency>>,
    pub chart_type: String,
    /// Where scalar fields were set (`name`, `dependencies.0.alias`, ...),
    /// for validation messages.
    pub positions: HashMap<String, Position>,
}

/// Helm's `chart.Lock`; only its validity matters to rendering.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawLock {
    pub digest: String,
    pub dependencies: Vec<Option<Dependency>>,
}

/// Go's package name of the chart types in error messages.
fn chart_package(helm: HelmVersion) -> &'static str {
    match helm {
        HelmVersion::V3 => "chart",
        HelmVersion::V4 => "v2",
    }
}

/// Parses `text` as sigs.k8s.io/yaml does (first document, any type), with
/// origins recorded in a private table so that numbers can be re-read as
/// written and errors can point at fields.
fn parse(text: &str) -> Result<(Value, OriginTable, yaml::FileId), DecodeError> {
    let mut table = OriginTable::new();
    let file = table.add_file("", text);
    let value = yaml::unmarshal(text, Target::Any, Some((&mut table, file)))?;
    Ok((value, table, file))
}

/// go-yaml's reader refuses invalid UTF-8 and control characters before
/// parsing: the message it gives (without `yaml: `) and the offending byte
/// offset.
pub(crate) fn check_utf8(bytes: &[u8]) -> Result<&str, (String, usize)> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && crate::yaml::all_printable(text)
    {
        return Ok(text);
    }
    let mut i = 0;
    while i < bytes.len() {
        let octet = bytes[i];
        let width = if octet & 0x80 == 0 {
            1
        } else if octet & 0xE0 == 0xC0 {
            2
        } else if octet & 0xF0 == 0xE0 {
            3
        } else if octet & 0xF8 == 0xF0 {
            4
        } else {
            return Err(("invalid leading UTF-8 octet".into(), i));
        };
        if i + width > bytes.len() {
            return Err(("incomplete UTF-8 octet sequence".into(), i));
        }
        let mut value = u32::from(match width {
            1 => octet & 0x7F,
            2 => octet & 0x1F,
            3 => octet & 0x0F,
            _ => octet & 0x07,
        });
        for k in 1..width {
            let trailing = bytes[i + k];
            if trailing & 0xC0 != 0x80 {
                return Err(("invalid trailing UTF-8 octet".into(), i + k));
            }
            value = (value << 6) + u32::from(trailing & 0x3F);
        }
        let shortest = width == 1
            || (width == 2 && value >= 0x80)
            || (width == 3 && value >= 0x800)
            || (width == 4 && value >= 0x10000);
        if !shortest {
            return Err(("invalid length of a UTF-8 sequence".into(), i));
        }
        if (0xD800..=0xDFFF).contains(&value) || value > 0x10FFFF {
            return Err(("invalid Unicode character".into(), i));
        }
        if !char::from_u32(value).is_some_and(crate::yaml::yaml_printable) {
            return Err(("control characters are not allowed".into(), i));
        }
        i += width;
    }
    std::str::from_utf8(bytes).map_err(|e| ("invalid leading UTF-8 octet".into(), e.valid_up_to()))
}

/// YAML text of a chart file, or go-yaml's encoding error.
pub(crate) fn yaml_text(bytes: &[u8]) -> Result<&str, DecodeError> {
    check_utf8(bytes).map_err(|(problem, offset)| DecodeError {
        message: format!("error converting YAML to JSON: yaml: {problem}"),
        position: Some(Position::of(bytes, offset)),
    })
}

/// The JSON kind of a value, as encoding/json names it in type errors.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(..) => "bool",
        Value::Int(_) | Value::Int64(..) | Value::Float(..) => "number",
        Value::String(..) | Value::Bytes(_) => "string",
        Value::List(_) => "array",
        _ => "object",
    }
}

/// The fields of a Go struct as encoding/json finds them: the declared JSON
/// names, compared case-insensitively.
fn field_name<'n>(key: &str, fields: &[&'n str]) -> Option<&'n str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];
const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];
const LOCK_FIELDS: &[&str] = &["generated", "digest", "dependencies"];

/// encoding/json's decoding of a YAML-derived value into Helm's structs.
struct Decoder<'a> {
    table: &'a OriginTable,
    text: &'a str,
    package: &'static str,
    /// encoding/json's `errorContext`: the innermost struct and the field
    /// names that led to the value.
    struct_name: &'static str,
    fields: Vec<String>,
    /// The first type error (decoding goes on after it).
    saved: Option<DecodeError>,
}

impl<'a> Decoder<'a> {
    fn position(&self, v: &Value) -> Option<Position> {
        first_origin(v)
            .and_then(|o| self.table.get(o))
            .map(|e| Position {
                offset: e.span.start,
                line: e.line,
                column: e.column,
            })
    }

    fn type_error(&mut self, v: &Value, go_type: &str) {
        if self.saved.is_some() {
            return;
        }
        self.saved = Some(DecodeError {
            message: format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field {}.{} of type {}",
                json_kind(v),
                self.struct_name,
                self.fields.join("."),
                go_type
            ),
            position: self.position(v),
        });
    }

    /// The text a number bound for a string field turns into.
    fn number_text(&self, f: f64, v: &Value) -> String {
        let written = v
            .origin()
            .and_then(|o| self.table.get(o))
            .and_then(|e| self.text.get(e.span.clone()))
            .map(|s| {
                // Skip an explicit tag such as `!!float `.
                let s = s.trim();
                match s.strip_prefix('!') {
                    Some(rest) => rest.split_once(char::is_whitespace).map_or("", |x| x.1),
                    None => s,
                }
                .trim()
            });
        if let Some(written) = written
            && let Ok((_, resolved)) = yaml::resolve::resolve_v2("", written)
        {
            match resolved {
                yaml::resolve::Resolved::Int(i) => return i.to_string(),
                yaml::resolve::Resolved::Uint(u) => return u.to_string(),
                yaml::resolve::Resolved::Float(x) if x == f => {
                    return gojson::format_float(x, 'g', 32);
                }
                _ => {}
            }
        }
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            format!("{}", f as i64)
        } else {
            gojson::format_float(f, 'g', 32)
        }
    }

    /// A `string` field: numbers and booleans were made strings by
    /// sigs.k8s.io/yaml; null leaves the field unchanged.
    fn string(
        &mut self,
        v: &Value,
        target: &mut String,
        position_key: Option<(&mut HashMap<String, Position>, String)>,
    ) {
        let text = match v {
            Value::Nil => return,
            Value::String(s, _) => s.to_string(),
            Value::Float(f, _) => self.number_text(*f, v),
            Value::Bool(b, _) => b.to_string(),
            _ => return self.type_error(v, "string"),
        };
        *target = text;
        if let (Some((positions, key)), Some(pos)) = (position_key, self.position(v)) {
            positions.insert(key, pos);
        }
    }

    fn boolean(&mut self, v: &Value, target: &mut bool) {
        match v {
            Value::Nil => {}
            Value::Bool(b, _) => *target = *b,
            _ => self.type_error(v, "bool"),
        }
    }

    fn strings(&mut self, v: &Value, target: &mut Vec<String>) {
        match v {
            Value::Nil => target.clear(),
            Value::List(list) => {
                target.resize(list.items.len(), String::new());
                for (item, slot) in list.items.iter().zip(target.iter_mut()) {
                    self.string(item, slot, None);
                }
            }
            _ => self.type_error(v, "[]string"),
        }
    }

    fn annotations(&mut self, v: &Value, target: &mut BTreeMap<String, String>) {
        match v {
            Value::Nil => target.clear(),
            Value::Map(map) => {
                for (key, item) in map.entries() {
                    let mut text = target.get(&*key).cloned().unwrap_or_default();
                    self.string(&item, &mut text, None);
                    target.insert(key.to_string(), text);
                }
            }
            _ => self.type_error(v, "map[string]string"),
        }
    }

    /// A `[]*T` of structs: null entries stay null, existing entries are
    /// decoded into (Go reuses them).
    fn struct_list<T: Default + Clone>(
        &mut self,
        v: &Value,
        target: &mut Vec<Option<T>>,
        elem: &'static str,
        decode: fn(&mut Self, &Value, &mut T),
    ) {
        match v {
            Value::Nil => target.clear(),
            Value::List(list) => {
                target.resize(list.items.len(), None);
                for (item, slot) in list.items.iter().zip(target.iter_mut()) {
                    match item {
                        Value::Nil => *slot = None,
                        Value::Map(_) => {
                            let mut value = slot.take().unwrap_or_default();
                            decode(self, item, &mut value);
                            *slot = Some(value);
                        }
                        other => {
                            let go_type = format!("{}.{elem}", self.package);
                            self.type_error(other, &go_type);
                        }
                    }
                }
            }
            _ => {
                let go_type = format!("[]*{}.{elem}", self.package);
                self.type_error(v, &go_type);
            }
        }
    }

    /// Runs `f` for each known field of an object, in key order, with the
    /// error context set to `struct_name.field`.
    fn each_field(
        &mut self,
        v: &Value,
        struct_name: &'static str,
        fields: &[&'static str],
        mut f: impl FnMut(&mut Self, &'static str, &Value),
    ) {
        let Some(map) = v.as_map() else {
            return;
        };
        let outer = self.struct_name;
        for (key, item) in map.entries() {
            let Some(name) = field_name(&key, fields) else {
                continue;
            };
            self.struct_name = struct_name;
            self.fields.push(name.to_string());
            f(self, name, &item);
            self.fields.pop();
        }
        self.struct_name = outer;
    }

    fn maintainer(&mut self, v: &Value, m: &mut Maintainer) {
        self.each_field(
            v,
            "Maintainer",
            MAINTAINER_FIELDS,
            |d, name, item| match name {
                "name" => d.string(item, &mut m.name, None),
                "email" => d.string(item, &mut m.email, None),
                _ => d.string(item, &mut m.url, None),
            },
        );
    }

    fn dependency(&mut self, v: &Value, dep: &mut Dependency) {
        self.each_field(
            v,
            "Dependency",
            DEPENDENCY_FIELDS,
            |d, name, item| match name {
                "name" => d.string(item, &mut dep.name, None),
                "version" => d.string(item, &mut dep.version, None),
                "repository" => d.string(item, &mut dep.repository, None),
                "condition" => d.string(item, &mut dep.condition, None),
                "tags" => d.strings(item, &mut dep.tags),
                "enabled" => d.boolean(item, &mut dep.enabled),
                "import-values" => match item {
                    Value::Nil => dep.import_values.clear(),
                    Value::List(list) => dep.import_values = list.items.clone(),
                    _ => d.type_error(item, "[]interface {}"),
                },
                _ => d.string(item, &mut dep.alias, None),
            },
        );
    }

    fn metadata(&mut self, v: &Value, md: &mut RawMetadata) {
        let mut positions = std::mem::take(&mut md.positions);
        self.each_field(v, "Metadata", METADATA_FIELDS, |d, name, item| {
            let key = Some((&mut positions, name.to_string()));
            match name {
                "name" => d.string(item, &mut md.name, key),
                "home" => d.string(item, &mut md.home, key),
                "sources" => d.strings(item, &mut md.sources),
                "version" => d.string(item, &mut md.version, key),
                "description" => d.string(item, &mut md.description, key),
                "keywords" => d.strings(item, &mut md.keywords),
                "maintainers" => {
                    d.struct_list(item, &mut md.maintainers, "Maintainer", Self::maintainer)
                }
                "icon" => d.string(item, &mut md.icon, key),
                "apiVersion" => d.string(item, &mut md.api_version, key),
                "condition" => d.string(item, &mut md.condition, key),
                "tags" => d.string(item, &mut md.tags, key),
                "appVersion" => d.string(item, &mut md.app_version, key),
                "deprecated" => d.boolean(item, &mut md.deprecated),
                "annotations" => d.annotations(item, &mut md.annotations),
                "kubeVersion" => d.string(item, &mut md.kube_version, key),
                "dependencies" => {
                    if let Some(pos) = d.position(item) {
                        positions.insert("dependencies".into(), pos);
                    }
                    d.struct_list(item, &mut md.dependencies, "Dependency", Self::dependency)
                }
                _ => d.string(item, &mut md.chart_type, key),
            }
        });
        md.positions = positions;
    }
}

/// The origin of the first scalar in `v`, depth first.
fn first_origin(v: &Value) -> Option<gotemplate::Origin> {
    match v {
        Value::List(list) => list.items.iter().find_map(first_origin),
        Value::Map(map) => map.entries().iter().find_map(|(_, v)| first_origin(v)),
        other => other.origin(),
    }
}

/// The Go error for a document that is not an object.
fn not_an_object(v: &Value, go_type: &str, decoder: &Decoder<'_>) -> DecodeError {
    DecodeError {
        message: format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type {go_type}",
            json_kind(v)
        ),
        position: decoder.position(v),
    }
}

/// `yaml.Unmarshal(data, metadata)`: Chart.yaml, or requirements.yaml on
/// top of it.
pub(crate) fn decode_metadata(
    bytes: &[u8],
    md: &mut RawMetadata,
    helm: HelmVersion,
) -> Result<(), DecodeError> {
    let text = yaml_text(bytes)?;
    let (value, table, _) = parse(text)?;
    let package = chart_package(helm);
    let mut decoder = Decoder {
        table: &table,
        text,
        package,
        struct_name: "Metadata",
        fields: Vec::new(),
        saved: None,
    };
    match &value {
        Value::Nil => return Ok(()),
        Value::Map(_) => decoder.metadata(&value, md),
        other => {
            return Err(not_an_object(
                other,
                &format!("{package}.Metadata"),
                &decoder,
            ));
        }
    }
    decoder.saved.map_or(Ok(()), Err)
}

/// Helm 4's first look at Chart.yaml: only `apiVersion`, into its private
/// `loader.chartBase`, to pick a loader.
pub(crate) fn decode_api_version(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = yaml_text(bytes)?;
    let (value, table, _) = parse(text)?;
    let mut decoder = Decoder {
        table: &table,
        text,
        package: "loader",
        struct_name: "chartBase",
        fields: Vec::new(),
        saved: None,
    };
    let mut api_version = String::new();
    match &value {
        Value::Nil => {}
        Value::Map(_) => {
            decoder.each_field(&value, "chartBase", &["apiVersion"], |d, _, item| {
                d.string(item, &mut api_version, None)
            });
        }
        other => return Err(not_an_object(other, "loader.chartBase", &decoder)),
    }
    decoder.saved.map_or(Ok(api_version), Err)
}

/// `yaml.Unmarshal(data, &lock)` for Chart.lock and requirements.lock.
pub(crate) fn decode_lock(bytes: &[u8], helm: HelmVersion) -> Result<RawLock, DecodeError> {
    let text = yaml_text(bytes)?;
    let (value, table, _) = parse(text)?;
    let package = chart_package(helm);
    let mut decoder = Decoder {
        table: &table,
        text,
        package,
        struct_name: "Lock",
        fields: Vec::new(),
        saved: None,
    };
    let mut lock = RawLock::default();
    let mut fatal: Option<DecodeError> = None;
    match &value {
        Value::Nil => return Ok(lock),
        Value::Map(_) => {
            decoder.each_field(&value, "Lock", LOCK_FIELDS, |d, name, item| {
                if fatal.is_some() {
                    return;
                }
                match name {
                    "generated" => {
                        if let Err(message) = check_json_time(item) {
                            fatal = Some(DecodeError {
                                message: format!(
                                    "error unmarshaling JSON: while decoding JSON: {message}"
                                ),
                                position: d.position(item),
                            });
                        }
                    }
                    "digest" => d.string(item, &mut lock.digest, None),
                    _ => d.struct_list(
                        item,
                        &mut lock.dependencies,
                        "Dependency",
                        Decoder::dependency,
                    ),
                }
            });
        }
        other => return Err(not_an_object(other, &format!("{package}.Lock"), &decoder)),
    }
    // An UnmarshalJSON failure ends decoding at once and wins over type
    // errors saved before it.
    if let Some(err) = fatal.or(decoder.saved) {
        return Err(err);
    }
    Ok(lock)
}

/// `time.Time.UnmarshalJSON` on the JSON encoding of `v`.
fn check_json_time(v: &Value) -> Result<(), String> {
    let text = match v {
        Value::Nil => return Ok(()),
        Value::String(s, _) => {
            let mut json = String::new();
            gojson::write_string(&mut json, s.as_bytes(), true);
            // The raw JSON between the quotes, escapes and all (Go's TODO).
            json[1..json.len() - 1].to_string()
        }
        _ => return Err("Time.UnmarshalJSON: input is not a JSON string".into()),
    };
    parse_rfc3339(&text)
}

/// Go's `time.Parse(time.RFC3339, value)`, for its error messages.
fn parse_rfc3339(value: &str) -> Result<(), String> {
    const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";
    let cannot = |value_elem: &str, layout_elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(LAYOUT),
            time_quote(value_elem),
            time_quote(layout_elem)
        )
    };
    let out_of_range =
        |what: &str| format!("parsing time {}: {what} out of range", time_quote(value));
    let is_digit = |s: &[u8], i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    // getnum(s, fixed): one or two digits.
    let getnum = |s: &[u8], fixed: bool| -> Option<(i64, usize)> {
        if !is_digit(s, 0) {
            return None;
        }
        if !is_digit(s, 1) {
            if fixed {
                return None;
            }
            return Some((i64::from(s[0] - b'0'), 1));
        }
        Some((i64::from(s[0] - b'0') * 10 + i64::from(s[1] - b'0'), 2))
    };
    let bytes = value.as_bytes();
    let mut rest: &[u8] = bytes;
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // (prefix, std element)
    let steps: [(&str, &str); 7] = [
        ("", "2006"),
        ("-", "01"),
        ("-", "02"),
        ("T", "15"),
        (":", "04"),
        (":", "05"),
        ("", "Z07:00"),
    ];
    let (mut year, mut month, mut day) = (0i64, 0i64, 0i64);
    for (prefix, std) in steps {
        match rest.strip_prefix(prefix.as_bytes()) {
            Some(r) => rest = r,
            None => return Err(cannot(&text(rest), prefix)),
        }
        let hold = rest;
        let bad = || cannot(&text(hold), std);
        match std {
            "2006" => {
                if rest.len() < 4 || !is_digit(rest, 0) || !rest[..4].iter().all(u8::is_ascii_digit)
                {
                    return Err(bad());
                }
                year = text(&rest[..4]).parse().unwrap_or(0);
                rest = &rest[4..];
            }
            "01" | "02" | "04" | "05" | "15" => {
                let (n, used) = getnum(rest, std != "15").ok_or_else(bad)?;
                rest = &rest[used..];
                let range_error = match std {
                    "01" => (!(1..=12).contains(&n)).then_some("month"),
                    "15" => (!(0..24).contains(&n)).then_some("hour"),
                    "04" => (!(0..60).contains(&n)).then_some("minute"),
                    "05" => (!(0..60).contains(&n)).then_some("second"),
                    _ => None,
                };
                if let Some(what) = range_error {
                    return Err(out_of_range(what));
                }
                match std {
                    "01" => month = n,
                    "02" => day = n,
                    // Fractional seconds after the seconds.
                    "05" if rest.len() >= 2
                        && matches!(rest[0], b'.' | b',')
                        && is_digit(rest, 1) =>
                    {
                        let n = 2 + rest[2..].iter().take_while(|b| b.is_ascii_digit()).count();
                        rest = &rest[n..];
                    }
                    _ => {}
                }
            }
            _ => {
                if rest.first() == Some(&b'Z') {
                    rest = &rest[1..];
                    continue;
                }
                if rest.len() < 6 || rest[3] != b':' {
                    return Err(bad());
                }
                let hours = getnum(&rest[1..3], true);
                let minutes = hours.and_then(|_| getnum(&rest[4..6], true));
                let hr = hours.map_or(0, |h| h.0);
                let mm = minutes.map_or(0, |m| m.0);
                let sign_ok = matches!(rest[0], b'+' | b'-');
                rest = &rest[6..];
                // Go reports a range problem before a syntax one.
                if mm > 60 {
                    return Err(out_of_range("time zone offset minute"));
                }
                if hr > 24 {
                    return Err(out_of_range("time zone offset hour"));
                }
                if minutes.is_none() || !sign_ok {
                    return Err(bad());
                }
            }
        }
    }
    if !rest.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            time_quote(value),
            time_quote(&text(rest))
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return Err(out_of_range("day"));
    }
    Ok(())
}

/// The time package's `quote`: `"` and `\` escaped, bytes of non-ASCII and
/// control characters as `\xNN`.
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if !c.is_ascii() || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols
/// and the ASCII space).
fn is_print(c: char) -> bool {
    gotemplate::strconv::is_print(c)
}

/// Helm's `sanitizeString`: white space becomes a space, other
/// non-printable characters are dropped.
pub(crate) fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// A validation failure: Helm's message and the field's position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValidationError {
    pub message: String,
    pub position: Option<Position>,
}

/// Helm's `Metadata.Validate`: sanitizes strings and checks required fields,
/// in Helm's order.
pub(crate) fn validate(raw: RawMetadata, helm: HelmVersion) -> Result<Metadata, ValidationError> {
    let positions = raw.positions;
    let fail = |message: String, field: &str| ValidationError {
        message: format!("validation: {message}"),
        position: positions.get(field).copied(),
    };
    let name = sanitize(&raw.name);
    let api_version = raw.api_version;
    if api_version.is_empty() {
        return Err(fail(
            "chart.metadata.apiVersion is required".into(),
            "apiVersion",
        ));
    }
    if name.is_empty() {
        return Err(fail("chart.metadata.name is required".into(), "name"));
    }
    if helm == HelmVersion::V4 && (name == "." || name == "..") {
        return Err(fail(
            format!(
                "chart.metadata.name {} is not allowed",
                gotemplate::strconv::quote(&name)
            ),
            "name",
        ));
    }
    if name != super::ignore::go_base(&name) {
        return Err(fail(
            format!(
                "chart.metadata.name {} is invalid",
                gotemplate::strconv::quote(&name)
            ),
            "name",
        ));
    }
    let version = raw.version;
    if version.is_empty() {
        return Err(fail("chart.metadata.version is required".into(), "version"));
    }
    if semver::parse_version(&version, helm).is_err() {
        return Err(fail(
            format!(
                "chart.metadata.version {} is invalid",
                gotemplate::strconv::quote(&version)
            ),
            "version",
        ));
    }
    if !matches!(raw.chart_type.as_str(), "" | "application" | "library") {
        return Err(fail(
            "chart.metadata.type must be application or library".into(),
            "type",
        ));
    }
    let mut maintainers = Vec::with_capacity(raw.maintainers.len());
    for m in raw.maintainers {
        let Some(m) = m else {
            return Err(fail(
                "maintainers must not contain empty or null nodes".into(),
                "maintainers",
            ));
        };
        maintainers.push(Maintainer {
            name: sanitize(&m.name),
            email: sanitize(&m.email),
            url: sanitize(&m.url),
        });
    }
    let mut dependencies: Vec<Dependency> = Vec::with_capacity(raw.dependencies.len());
    let mut seen: HashMap<String, ()> = HashMap::new();
    for dep in raw.dependencies {
        let Some(mut dep) = dep else {
            return Err(fail(
                "dependencies must not contain empty or null nodes".into(),
                "dependencies",
            ));
        };
        dep.name = sanitize(&dep.name);
        dep.version = sanitize(&dep.version);
        dep.repository = sanitize(&dep.repository);
        dep.condition = sanitize(&dep.condition);
        dep.tags = dep.tags.iter().map(|t| sanitize(t)).collect();
        let alias_ok = dep
            .alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !dep.alias.is_empty() && !alias_ok {
            return Err(fail(
                format!(
                    "dependency {} has disallowed characters in the alias",
                    gotemplate::strconv::quote(&dep.name)
                ),
                "dependencies",
            ));
        }
        let key = if dep.alias.is_empty() {
            dep.name.clone()
        } else {
            dep.alias.clone()
        };
        if seen.insert(key.clone(), ()).is_some() {
            return Err(fail(
                format!(
                    "more than one dependency with name or alias {}",
                    gotemplate::strconv::quote(&key)
                ),
                "dependencies",
            ));
        }
        dependencies.push(dep);
    }
    Ok(Metadata {
        name,
        home: sanitize(&raw.home),
        sources: raw.sources.iter().map(|s| sanitize(s)).collect(),
        version,
        description: sanitize(&raw.description),
        keywords: raw.keywords.iter().map(|s| sanitize(s)).collect(),
        maintainers,
        icon: sanitize(&raw.icon),
        api_version,
        condition: sanitize(&raw.condition),
        tags: sanitize(&raw.tags),
        app_version: sanitize(&raw.app_version),
        deprecated: raw.deprecated,
        annotations: raw.annotations,
        kube_version: sanitize(&raw.kube_version),
        dependencies,
        chart_type: raw.chart_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, helm: HelmVersion) -> Result<Metadata, String> {
        let mut raw = RawMetadata::default();
        decode_metadata(text.as_bytes(), &mut raw, helm).map_err(|e| e.message)?;
        if raw.api_version.is_empty() {
            raw.api_version = "v1".into();
        }
        validate(raw, helm).map_err(|e| e.message)
    }

    const V3: HelmVersion = HelmVersion::V3;
    const V4: HelmVersion = HelmVersion::V4;

    #[test]
    fn numbers_become_strings_as_sigs_yaml_writes_them() {
        // helm template printed: 1|1.1|[1 2.5 true 12345678901 1000 31 15 15 3.1415927]|map[a:1 b:true]
        let md = load(
            "apiVersion: v2\nname: c4\nversion: 1.0\nappVersion: 1.10\nkeywords: [1, 2.50, yes, 12345678901, 1e3, 0x1F, 0o17, 017, 3.14159265358979]\nannotations: {a: 1.0, b: true}\n",
            V3,
        )
        .expect("loads");
        assert_eq!(md.version, "1");
        assert_eq!(md.app_version, "1.1");
        assert_eq!(
            md.keywords,
            [
                "1",
                "2.5",
                "true",
                "12345678901",
                "1000",
                "31",
                "15",
                "15",
                "3.1415927"
            ]
        );
        assert_eq!(md.annotations.get("a").map(String::as_str), Some("1"));
        assert_eq!(md.annotations.get("b").map(String::as_str), Some("true"));
    }

    #[test]
    fn keys_match_case_insensitively_in_sorted_order() {
        let md = load("apiVersion: v2\nName: c4\nVERSION: 0.1.0\nname: zz\n", V3).expect("loads");
        assert_eq!((md.name.as_str(), md.version.as_str()), ("zz", "0.1.0"));
    }

    #[test]
    fn type_errors_match_helm() {
        let cases = [
            (
                "apiVersion: v2\nname: [c4]\nversion: 0.1.0\ndeprecated: \"yes\"\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nkeywords: a\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.keywords of type []string",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nmaintainers: [{name: [x]}]\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nmaintainers: {a: 1}\n",
                V4,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field Metadata.maintainers of type []*v2.Maintainer",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nmaintainers: [x]\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.maintainers of type chart.Maintainer",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nannotations: {a: [1]}\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.annotations of type string",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ndependencies: [{name: a, import-values: x}]\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Dependency.dependencies.import-values of type []interface {}",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ndependencies: [{name: x, enabled: 1}]\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field Dependency.dependencies.enabled of type bool",
            ),
            (
                "x\n",
                V3,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type chart.Metadata",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\n  bad: indent\n",
                V3,
                "error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context",
            ),
        ];
        for (text, helm, expected) in cases {
            assert_eq!(load(text, helm).expect_err(text), expected, "{text}");
        }
    }

    #[test]
    fn validation_matches_helm() {
        let cases = [
            (
                "apiVersion: v2\nversion: 0.1.0\n",
                V3,
                "validation: chart.metadata.name is required",
            ),
            (
                "apiVersion: v2\nname: c4\n",
                V3,
                "validation: chart.metadata.version is required",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: x\n",
                V3,
                "validation: chart.metadata.version \"x\" is invalid",
            ),
            (
                "apiVersion: v2\nname: a/b\nversion: 0.1.0\n",
                V3,
                "validation: chart.metadata.name \"a/b\" is invalid",
            ),
            (
                "apiVersion: v2\nname: ..\nversion: 0.1.0\n",
                V4,
                "validation: chart.metadata.name \"..\" is not allowed",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ntype: lib\n",
                V3,
                "validation: chart.metadata.type must be application or library",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\nmaintainers: [~]\n",
                V3,
                "validation: maintainers must not contain empty or null nodes",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ndependencies: [~]\n",
                V3,
                "validation: dependencies must not contain empty or null nodes",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ndependencies: [{name: a, alias: \"a b\"}]\n",
                V3,
                "validation: dependency \"a\" has disallowed characters in the alias",
            ),
            (
                "apiVersion: v2\nname: c4\nversion: 0.1.0\ndependencies: [{name: a}, {name: b, alias: a}]\n",
                V3,
                "validation: more than one dependency with name or alias \"a\"",
            ),
        ];
        for (text, helm, expected) in cases {
            assert_eq!(load(text, helm).expect_err(text), expected, "{text}");
        }
        // Helm 3 accepts `..` as a name.
        assert_eq!(
            load("apiVersion: v2\nname: ..\nversion: 0.1.0\n", V3)
                .expect("ok")
                .name,
            ".."
        );
    }

    #[test]
    fn strings_are_sanitized() {
        let md = load(
            "apiVersion: v2\nname: c4\nversion: 0.1.0\ndescription: \"a\\tb\\nc\\u0007d\\u00a0e\"\n",
            V3,
        )
        .expect("loads");
        assert_eq!(md.description, "a b cd e");
    }

    #[test]
    fn validation_errors_point_at_the_field() {
        let mut raw = RawMetadata::default();
        decode_metadata(b"apiVersion: v2\nname: c4\nversion: \"x\"\n", &mut raw, V3)
            .expect("decodes");
        let err = validate(raw, V3).expect_err("invalid");
        let pos = err.position.expect("position");
        assert_eq!((pos.line, pos.column), (3, 10));
    }

    #[test]
    fn lock_errors_match_helm() {
        let cases = [
            (
                "generated: foo\n",
                "error unmarshaling JSON: while decoding JSON: parsing time \"foo\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"foo\" as \"2006\"",
            ),
            (
                "generated: 5\n",
                "error unmarshaling JSON: while decoding JSON: Time.UnmarshalJSON: input is not a JSON string",
            ),
            (
                "generated: 2024-01-01\n",
                "error unmarshaling JSON: while decoding JSON: parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"",
            ),
            (
                "generated: \"2024-01-01T00:00:00Z\"\ndigest: [x]\n",
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Lock.digest of type string",
            ),
            (
                "dependencies: [{name: [x]}]\n",
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Dependency.dependencies.name of type string",
            ),
            (
                "- a\n",
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type chart.Lock",
            ),
        ];
        for (text, expected) in cases {
            let err = decode_lock(text.as_bytes(), V3).expect_err(text);
            assert_eq!(err.message, expected, "{text}");
        }
        decode_lock(
            b"generated: \"2024-02-29T10:11:12.5+01:00\"\ndigest: sha256:x\n",
            V3,
        )
        .expect("valid");
        assert_eq!(
            parse_rfc3339("2023-02-29T00:00:00Z"),
            Err("parsing time \"2023-02-29T00:00:00Z\": day out of range".into())
        );
    }

    #[test]
    fn invalid_utf8_is_reported_as_go_yaml_does() {
        let cases: [(&[u8], &str, usize); 5] = [
            (b"a: 1\nc: \xff\n", "invalid leading UTF-8 octet", 8),
            (b"c: \"\xc3\"\n", "invalid trailing UTF-8 octet", 5),
            (b"a: \xed\xa0\x80\n", "invalid Unicode character", 3),
            (b"a: \xc0\x80\n", "invalid length of a UTF-8 sequence", 3),
            (b"a: b\xe2\x82", "incomplete UTF-8 octet sequence", 4),
        ];
        assert_eq!(
            check_utf8(b"a: 1\n\x00\n"),
            Err(("control characters are not allowed".to_string(), 5))
        );
        assert!(check_utf8("a: \u{feff}\u{85}é\t\r\n".as_bytes()).is_ok());
        for (bytes, message, offset) in cases {
            assert_eq!(check_utf8(bytes), Err((message.to_string(), offset)));
        }
    }
}
