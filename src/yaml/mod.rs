//! YAML exactly as Helm's Go libraries do it.
//!
//! - [`unmarshal`]/[`load_values`]: sigs.k8s.io/yaml's `Unmarshal` (go-yaml
//!   v2 typing, YAML 1.1 booleans, merge keys, then a JSON round trip that
//!   makes every number a float64 and every key a string), keeping where
//!   each scalar came from in an [`OriginTable`].
//! - [`to_yaml`]: sigs.k8s.io/yaml's `Marshal` (Go's JSON encoding, then
//!   go-yaml v2's emitter), which Helm's `toYaml` prints.
//! - [`to_yaml_pretty`]: go-yaml v3's encoder with a two-space indent, which
//!   Helm's `toYamlPretty` prints.

mod emit;
mod encode;
mod fast;
mod flow;
mod load;
pub mod resolve;
mod tabs;

use std::num::NonZeroU32;
use std::sync::Arc;

use gotemplate::{Origin, Value};

pub use encode::{all_printable, to_yaml, to_yaml_pretty, yaml_printable};
pub use load::{MAX_DEPTH, NoOrigins, NodeSpan, OriginSink, Target};

/// A place in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    /// Byte offset.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// Where byte `offset` of `bytes` is (clamped to the end). Columns count
    /// characters; invalid UTF-8 counts as replacement characters.
    pub fn of(bytes: &[u8], offset: usize) -> Position {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Position {
            offset,
            line,
            column,
        }
    }
}

/// A YAML loading error: Go's whole message, as Helm shows it (e.g.
/// `error converting YAML to JSON: yaml: line 3: did not find expected key`),
/// and where our parser found the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub position: Option<Position>,
}

impl YamlError {
    /// An error of the YAML-to-JSON stage: `text` is go-yaml's error
    /// (`yaml: ...`) or sigs.k8s.io/yaml's own.
    pub(crate) fn convert(text: String, position: Option<Position>) -> Self {
        YamlError {
            message: format!("error converting YAML to JSON: {text}"),
            position,
        }
    }

    /// go-yaml's decoder failure (`yaml: MESSAGE`).
    pub(crate) fn decode(text: String, position: Option<Position>) -> Self {
        Self::convert(format!("yaml: {text}"), position)
    }

    /// An error of the JSON-decoding stage.
    pub(crate) fn unmarshal_json(text: String) -> Self {
        YamlError {
            message: format!("error unmarshaling JSON: while decoding JSON: {text}"),
            position: None,
        }
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// Identifies a [`SourceFile`] in an [`OriginTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(pub u32);

/// A loaded text, such as a chart's values.yaml.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub path: String,
    pub text: Arc<str>,
}

/// Where one scalar came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginEntry {
    pub file: FileId,
    /// Byte range of the scalar's text (including quotes for quoted ones).
    pub span: std::ops::Range<usize>,
    /// 1-based line and column of its start.
    pub line: usize,
    pub column: usize,
}

/// Resolves the [`Origin`] ids that loaded values carry.
#[derive(Clone, Debug, Default)]
pub struct OriginTable {
    files: Vec<SourceFile>,
    entries: Vec<OriginEntry>,
}

impl OriginTable {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_file(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            id,
            path: path.into(),
            text: text.into(),
        });
        id
    }

    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// A new origin; `None` once 2^32-1 origins exist.
    pub fn record(&mut self, entry: OriginEntry) -> Option<Origin> {
        let next = u32::try_from(self.entries.len() + 1).ok()?;
        let id = NonZeroU32::new(next)?;
        self.entries.push(entry);
        Some(Origin(id))
    }

    pub fn get(&self, origin: Origin) -> Option<&OriginEntry> {
        self.entries.get(origin.0.get() as usize - 1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Records origins of one file into a table.
struct TableSink<'a> {
    table: &'a mut OriginTable,
    file: FileId,
}

impl OriginSink for TableSink<'_> {
    fn origin(&mut self, span: NodeSpan) -> Option<Origin> {
        self.table.record(OriginEntry {
            file: self.file,
            span: span.start.offset..span.end.offset,
            line: span.start.line,
            column: span.start.column,
        })
    }
}

/// sigs.k8s.io/yaml's `Unmarshal(text, &v)` for `v` of the target type,
/// recording origins of `file`'s scalars when a table is given. A document
/// that is null (or no document) gives `Value::Nil`.
pub fn unmarshal(
    text: &str,
    target: Target,
    origins: Option<(&mut OriginTable, FileId)>,
) -> Result<Value, YamlError> {
    match origins {
        Some((table, file)) => load::unmarshal(text, target, &mut TableSink { table, file }),
        None => load::unmarshal(text, target, &mut NoOrigins),
    }
}

pub use load::{GoShape, json_field, unmarshal_struct};

/// Helm 3's loading of a values file: `yaml.Unmarshal` into a
/// `map[string]interface{}` (first document only); empty gives an empty map.
pub fn load_values(
    text: &str,
    origins: Option<(&mut OriginTable, FileId)>,
) -> Result<Value, YamlError> {
    let value = unmarshal(text, Target::Map, origins)?;
    Ok(match value {
        Value::Nil => Value::empty_map(),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corner_values_round_trip_like_helm() {
        let text = include_str!("testdata/corners.values.yaml");
        let expected = include_str!("testdata/corners.toyaml.out");
        let values = load_values(text, None).expect("loads");
        let out = to_yaml(&values).expect("encodes");
        if out != expected {
            for (a, b) in out.lines().zip(expected.lines()) {
                if a != b {
                    panic!("first difference:\n ours: {a:?}\n helm: {b:?}");
                }
            }
            assert_eq!(out, expected);
        }
    }

    /// `fromYaml` of each input, printed with `toJson`, as Helm printed it.
    #[test]
    fn from_yaml_cases_match_helm() {
        check_from_yaml_cases(include_str!("testdata/fromyaml.cases.jsonl"));
    }

    /// Flow collections and quoted scalars whose lines are indented less
    /// than YAML 1.2 requires (libyaml has no indentation rule there).
    #[test]
    fn flow_indentation_cases_match_helm() {
        check_from_yaml_cases(include_str!("testdata/flow-indent.cases.jsonl"));
    }

    fn check_from_yaml_cases(cases: &str) {
        let mut failures = Vec::new();
        for line in cases.lines() {
            let case: (String, String) = serde_json::from_str(line).expect("case");
            let got = match unmarshal(&case.0, Target::Map, None) {
                Ok(Value::Nil) => "{}".to_string(),
                Ok(v) => crate::render::funcs::gojson::marshal(&v).expect("json"),
                Err(e) => {
                    let mut out = String::from("{\"Error\":");
                    crate::render::funcs::gojson::write_string(
                        &mut out,
                        e.message.as_bytes(),
                        true,
                    );
                    out.push('}');
                    out
                }
            };
            if got != case.1 {
                failures.push(format!("{:?}\n  ours: {}\n  helm: {}", case.0, got, case.1));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = |n: usize| {
            let mut text = String::new();
            for i in 0..n {
                text.push_str(&" ".repeat(i));
                text.push_str("a:\n");
            }
            text
        };
        let v = load_values(&deep(900), None).expect("900 levels load");
        assert!(to_yaml(&v).is_ok());
        assert!(!to_yaml_pretty(&v).is_empty());
        let err = load_values(&deep(1200), None).expect_err("too deep");
        assert!(
            err.message.contains("exceeded max depth"),
            "{}",
            err.message
        );
    }
}
