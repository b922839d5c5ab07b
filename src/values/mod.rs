//! Helm's values semantics, exactly as `helm template` applies them.
//!
//! The pipeline of `helm template CHART -f … --set …` (Helm 3.17.1 and
//! 4.1.4):
//!
//! 1. [`options::merge_values`]: the user's values, Helm's
//!    `values.Options.MergeValues` (`-f` files merged in order, then every
//!    `--set-json`, `--set`, `--set-string`, `--set-file` and
//!    `--set-literal`, parsed by [`strvals`]).
//! 2. [`dependencies::check_dependencies`]: every dependency of Chart.yaml
//!    must be present under `charts/` (top-level chart only).
//! 3. [`dependencies::process_dependencies`]: conditions, tags, aliases and
//!    `import-values`; disabled subcharts are removed from the chart tree.
//! 4. [`coalesce::render_values`]: `.Values` of the top-level chart
//!    (`chartutil.CoalesceValues`); each subchart renders with the table
//!    under its name ([`subchart_values`]).
//!
//! [`prepare`] runs steps 2 to 4. Where Helm only logs (`log.Printf`), a
//! [`Warning`] is collected instead.

pub mod coalesce;
pub mod dependencies;
pub mod options;
pub mod schema;
pub mod strvals;

use std::sync::Arc;

use gotemplate::{ElemType, Map, MapRef, Value};

use crate::chart::Chart;
use crate::render::HelmVersion;

pub use coalesce::CoalesceError;
pub use dependencies::DependencyError;
pub use options::{MergeValuesError, ValueOptions};
pub use strvals::StrvalsError;

/// Helm's key for values shared with every subchart.
pub const GLOBAL_KEY: &str = "global";

/// What Helm logs (and carries on past) while computing values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    /// The dotted key or chart the warning is about, as Helm names it
    /// (`parent.sub.key`), or the condition path / tag / dependency name.
    pub key: String,
    /// Helm's own text of the log line, without the `coalesce.go:301: `
    /// prefix Helm 3 adds (Helm 4 logs the same text as `msg=`).
    pub message: String,
}

/// The kinds of [`Warning`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// A user table where the chart has a scalar: the table is kept.
    SkippedNotTable,
    /// A user scalar where the chart has a table: the scalar is kept.
    CannotOverwriteTable,
    /// A user table where the chart (or a lower-priority source) has a
    /// scalar, one level or more down: the table is kept.
    DestinationIsTable,
    /// `global` is not a table, so globals are not passed down.
    GlobalsNotTable,
    /// A global table over a global scalar of a subchart.
    GlobalConflict,
    /// A global scalar over a global table of a subchart.
    GlobalKeyIsTable,
    /// A dependency's `condition` path holds something other than a bool.
    ConditionNotBool,
    /// A dependency's tag holds something other than a bool.
    TagNotBool,
    /// `import-values` names a table the subchart does not have.
    ImportMissingTable,
}

impl Warning {
    pub(crate) fn new(kind: WarningKind, key: impl Into<String>, message: String) -> Self {
        Warning {
            kind,
            key: key.into(),
            message,
        }
    }
}

/// Values nested deeper than this are refused (Go would recurse until its
/// stack overflows on a cycle; JSON values stop at 10000 levels anyway).
pub const MAX_VALUE_DEPTH: usize = 10_000;

/// Helm's `helm template` steps after the user values are known: checks
/// that Chart.yaml's dependencies are present, processes conditions, tags,
/// aliases and `import-values` (changing `chart`), and returns `.Values`
/// of the top-level chart.
pub fn prepare(
    chart: &mut Chart,
    user_values: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<Value, PrepareError> {
    dependencies::check_dependencies(chart, helm).map_err(PrepareError::Missing)?;
    dependencies::process_dependencies(chart, user_values, helm, warnings)
        .map_err(|error| PrepareError::Dependency { error, helm })?;
    Ok(coalesce::render_values(chart, user_values, helm, warnings)?)
}

/// Why [`prepare`] failed; displayed as `helm template` prints it after
/// `Error: `.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error("{}", .0.helm_message())]
    Missing(dependencies::MissingDependencies),
    /// Helm 4 prefixes `chart dependencies processing failed: `.
    #[error("{}", match .helm {
        HelmVersion::V3 => .error.to_string(),
        HelmVersion::V4 => format!("chart dependencies processing failed: {}", .error),
    })]
    Dependency {
        error: DependencyError,
        helm: HelmVersion,
    },
    #[error(transparent)]
    Coalesce(#[from] CoalesceError),
}

/// `.Values` of a subchart given its parent's: the table under the
/// subchart's name (Helm's `vals.Table("Values." + name)` in the engine,
/// so a dotted name is a path), or a new empty map when there is none.
/// The table is shared, as in Go. Helm gives it the named type
/// `chartutil.Values` (`common.Values` in Helm 4), which `typeOf` shows;
/// the renderer should present it so without changing the shared map.
pub fn subchart_values(parent_values: &Value, chart_name: &str) -> Value {
    match parent_values
        .as_map()
        .and_then(|m| table(m, chart_name).ok())
    {
        Some(m) => Value::Map(m),
        None => Value::empty_map(),
    }
}

// ---------------------------------------------------------------------------
// Helpers shared by the submodules: Go's view of values.

/// Runs `f` on a stack with room to spare, for recursion over deep values.
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, f)
}

/// Helm's `istable`: a `map[string]interface{}`.
pub(crate) fn is_table(v: &Value) -> bool {
    as_table(v).is_some()
}

/// The map of a `map[string]interface{}` value.
pub(crate) fn as_table(v: &Value) -> Option<&MapRef> {
    match v {
        Value::Map(m) if m.with(|m| m.type_name.is_none() && m.elem.0 == ElemType::Interface) => {
            Some(m)
        }
        _ => None,
    }
}

/// A new, empty `map[string]interface{}`.
pub(crate) fn new_table() -> MapRef {
    MapRef::new(Map::default())
}

/// Go's dynamic type name as a failed type assertion prints it
/// (`interface conversion: interface {} is int64, not …`).
pub(crate) fn go_dynamic_type(v: &Value) -> String {
    match v {
        Value::Nil => "nil".to_string(),
        other => other.type_name(),
    }
}

/// Helm's `concatPrefix`.
pub(crate) fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// The value is nested deeper than [`MAX_VALUE_DEPTH`] (or is cyclic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("values nest deeper than {MAX_VALUE_DEPTH} levels")]
pub struct TooDeep;

/// `copystructure.Copy`: new maps and lists all the way down; scalars keep
/// their origins.
pub(crate) fn deep_copy(v: &Value) -> Result<Value, TooDeep> {
    deep_copy_at(v, 0)
}

fn deep_copy_at(v: &Value, depth: usize) -> Result<Value, TooDeep> {
    if depth > MAX_VALUE_DEPTH {
        return Err(TooDeep);
    }
    match v {
        Value::Map(m) => grow(|| {
            let (type_name, elem, entries) = m.with(|m| {
                (
                    m.type_name,
                    m.elem,
                    m.entries
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<Vec<_>>(),
                )
            });
            let mut out = std::collections::BTreeMap::new();
            for (k, v) in entries {
                out.insert(k, deep_copy_at(&v, depth + 1)?);
            }
            Ok(Value::Map(MapRef::new(Map {
                type_name,
                elem,
                entries: out,
            })))
        }),
        Value::List(list) => grow(|| {
            let items = list
                .items
                .iter()
                .map(|item| deep_copy_at(item, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::list(list.elem, items))
        }),
        other => Ok(other.clone()),
    }
}

/// `copyMap`: a new map with the same entries.
pub(crate) fn copy_map(m: &MapRef) -> MapRef {
    MapRef::from_entries(m.with(|m| m.entries.clone()))
}

/// `chartutil.Values.Table`: the table at a dotted path, or the key that
/// is missing or not a table (`ErrNoTable`).
pub(crate) fn table(values: &MapRef, name: &str) -> Result<MapRef, NoTable> {
    let mut current = values.clone();
    for part in name.split('.') {
        match current.get(part) {
            Some(v) => match as_table(&v) {
                Some(m) => current = m.clone(),
                None => return Err(NoTable(part.to_string())),
            },
            None => return Err(NoTable(part.to_string())),
        }
    }
    Ok(current)
}

/// Helm's `ErrNoTable`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a table", gotemplate::gofmt::quote(.0))]
pub struct NoTable(pub String);

/// `chartutil.Values.PathValue`: the non-table value at a dotted path
/// (nil included), or `None` (`ErrNoValue`).
pub(crate) fn path_value(values: &MapRef, path: &str) -> Option<Value> {
    if path.is_empty() {
        return None;
    }
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (Some(parent), key),
        None => (None, path),
    };
    let holder = match parent {
        None => values.clone(),
        Some(parent) => table(values, parent).ok()?,
    };
    holder.get(key).filter(|v| !is_table(v))
}

/// A `map[string]string`, as Helm rewrites `import-values` entries.
pub(crate) fn string_map(entries: &[(&str, &str)]) -> Value {
    Value::Map(MapRef::new(Map {
        type_name: None,
        elem: gotemplate::value::ElemTypeOrInterface(ElemType::String),
        entries: entries
            .iter()
            .map(|(k, v)| (Arc::from(*k), Value::from(*v)))
            .collect(),
    }))
}

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod tests {
    use super::*;

    fn map(json: &str) -> MapRef {
        let v = crate::render::funcs::gojson::unmarshal(
            json.as_bytes(),
            crate::render::funcs::gojson::Target::Map,
        )
        .expect("json");
        v.as_map().expect("map").clone()
    }

    #[test]
    fn table_and_path_value_follow_helm() {
        let v = map(r#"{"a":{"b":{"c":1},"n":null,"s":"x"},"top":true}"#);
        assert!(table(&v, "a.b").is_ok());
        assert_eq!(
            table(&v, "a.s").unwrap_err().to_string(),
            "\"s\" is not a table"
        );
        assert_eq!(
            table(&v, "x.y").unwrap_err().to_string(),
            "\"x\" is not a table"
        );
        assert_eq!(path_value(&v, "top"), Some(Value::from(true)));
        assert_eq!(path_value(&v, "a.n"), Some(Value::Nil));
        assert_eq!(path_value(&v, "a.b"), None);
        assert_eq!(
            path_value(&v, "a.b.c").map(|v| v.type_name()),
            Some("float64".into())
        );
        assert_eq!(path_value(&v, ""), None);
        assert_eq!(path_value(&v, "a.zz"), None);
    }

    #[test]
    fn deep_copy_refuses_cycles() {
        let m = new_table();
        m.insert("self", Value::Map(m.clone()));
        assert_eq!(deep_copy(&Value::Map(m.clone())).unwrap_err(), TooDeep);
        // Break the cycle so the test does not leak.
        m.remove("self");
    }

    /// Every case of fixtures/charts/values/expected.jsonl, recorded from
    /// real Helm 3.17.1 and 4.1.4 (regen.py there).
    #[test]
    fn fixture_cases_match_helm() {
        let mut failures = Vec::new();
        let cases = testutil::cases();
        assert!(cases.len() >= 40);
        for case in cases {
            for (helm, expected) in [(HelmVersion::V3, case.v3), (HelmVersion::V4, case.v4)] {
                let got = testutil::run_case(&case.chart, &case.args, helm);
                let expected = testutil::values_outcome(expected);
                if got != expected {
                    failures.push(format!(
                        "{} ({helm:?}) {:?}\n  ours: {got:#?}\n  helm: {expected:#?}",
                        case.name, case.args
                    ));
                }
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
    fn subchart_values_is_shared_table_or_empty() {
        let v = Value::Map(map(r#"{"sub":{"a":1},"s":2}"#));
        let sub = subchart_values(&v, "sub");
        assert!(
            sub.as_map()
                .unwrap()
                .ptr_eq(v.as_map().unwrap().get("sub").unwrap().as_map().unwrap())
        );
        assert!(subchart_values(&v, "s").as_map().unwrap().is_empty());
        assert!(subchart_values(&v, "none").as_map().unwrap().is_empty());
        let v = Value::Map(map(r#"{"a":{"b":{"c":1}},"a.b":{"d":1}}"#));
        assert_eq!(
            crate::values::testutil::to_json(&subchart_values(&v, "a.b")),
            r#"{"c":1}"#
        );
    }
}
