//! Helm's `chartutil` coalescing (pkg/chartutil/coalesce.go in Helm
//! 3.17.1, pkg/chart/common/util/coalesce.go in 4.1.4): how user values,
//! chart defaults and subchart defaults become `.Values`.
//!
//! - User values win over chart defaults; tables merge key by key; lists
//!   and scalars are replaced whole.
//! - A table never replaces a scalar nor a scalar a table: the
//!   higher-priority side is kept and Helm logs a warning ([`Warning`]).
//! - `null` deletes: when *coalescing*, a user `null` over a chart default
//!   removes the key. Helm 3 also removes a `null` the chart does not
//!   know about (one level down and deeper), Helm 4 keeps it. When
//!   *merging* (subchart defaults pulled into a parent, `import-values`),
//!   nulls are kept for the final coalesce.
//! - Each subchart's values live under its name (alias, once
//!   [`super::dependencies`] has run) in the parent's, merged with the
//!   subchart's defaults, and receive the parent's `global` table (parent
//!   globals win; nested global tables are shared with the parent, so a
//!   subchart's own nested global defaults show through to its parent, as
//!   in Helm).
//!
//! Values are shared maps ([`MapRef`]) as in Go, and the algorithms copy
//! exactly where Helm copies, so that aliasing shows the same way.
//! Scalars keep their [`Origin`](gotemplate::Origin): a value from a
//! `-f` file keeps that file's, a default keeps `values.yaml`'s.

use std::collections::BTreeSet;
use std::sync::Arc;

use gotemplate::gofmt::{quote, sprintf};
use gotemplate::{MapRef, Value};

use super::{
    GLOBAL_KEY, MAX_VALUE_DEPTH, TooDeep, Warning, WarningKind, as_table, concat_prefix, copy_map,
    deep_copy, grow, is_table, new_table,
};
use crate::chart::Chart;
use crate::render::HelmVersion;

/// Why coalescing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoalesceError {
    /// A subchart's key in its parent's values holds something other than
    /// a table (`--set sub=1`). Go prints the value with `%t`.
    #[error("type mismatch on {name}: {}", sprintf("%t", std::slice::from_ref(.value)))]
    TypeMismatch { name: String, value: GoValue },
    /// Not in Helm (whose copy would recurse until the stack overflows).
    #[error(transparent)]
    TooDeep(#[from] TooDeep),
}

/// A [`Value`] inside an error: compared by Go's `==` where it can be.
#[derive(Clone, Debug)]
pub struct GoValue(pub Value);

impl PartialEq for GoValue {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for GoValue {}

impl std::ops::Deref for GoValue {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl From<&GoValue> for Value {
    fn from(v: &GoValue) -> Value {
        v.0.clone()
    }
}

/// The type name Helm gives the top-level `.Values` (`chartutil.Values` in
/// Helm 3, `common.Values` in Helm 4), as `typeOf .Values` prints it.
pub fn values_type_name(helm: HelmVersion) -> &'static str {
    match helm {
        HelmVersion::V3 => "chartutil.Values",
        HelmVersion::V4 => "common.Values",
    }
}

/// The values part of `ToRenderValues`: `.Values` of the top-level chart,
/// `CoalesceValues(chart, user_values)`, as a map of Helm's named type.
pub fn render_values(
    chart: &Chart,
    user_values: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<Value, CoalesceError> {
    let values = coalesce_values(chart, user_values, helm, warnings)?;
    values.with_mut(|m| m.type_name = Some(values_type_name(helm)));
    Ok(Value::Map(values))
}

/// `chartutil.CoalesceValues`: the chart's values with `vals` (user
/// values; nil counts as empty) over them, subcharts included. `vals` is
/// copied first, never changed.
pub fn coalesce_values(
    chart: &Chart,
    vals: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<MapRef, CoalesceError> {
    let dest = copy_values(vals)?;
    let mut c = Coalescer { helm, warnings };
    c.coalesce(chart, &dest, "", false)?;
    Ok(dest)
}

/// `chartutil.MergeValues`: like [`coalesce_values`], but nulls are kept.
pub fn merge_values(
    chart: &Chart,
    vals: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<MapRef, CoalesceError> {
    let dest = copy_values(vals)?;
    let mut c = Coalescer { helm, warnings };
    c.coalesce(chart, &dest, "", true)?;
    Ok(dest)
}

/// `chartutil.CoalesceTables`: merges `src` into `dst` (which wins) in
/// place, dropping the keys `dst` nulls.
pub fn coalesce_tables(
    dst: &MapRef,
    src: &MapRef,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<(), CoalesceError> {
    Coalescer { helm, warnings }.tables(dst, src, "", false, 0)
}

/// `chartutil.MergeTables`: merges `src` into `dst` (which wins) in place,
/// keeping nulls.
pub fn merge_tables(
    dst: &MapRef,
    src: &MapRef,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<(), CoalesceError> {
    Coalescer { helm, warnings }.tables(dst, src, "", true, 0)
}

/// `copyValues`: a deep copy of the user's map (a new map for nil).
fn copy_values(vals: &Value) -> Result<MapRef, CoalesceError> {
    match deep_copy(vals)? {
        Value::Map(m) => Ok(m),
        _ => Ok(new_table()),
    }
}

/// The chart's own values as a table (an empty one when it has none).
pub(crate) fn chart_values_table(chart: &Chart) -> MapRef {
    match as_table(&chart.values) {
        Some(m) => m.clone(),
        None => new_table(),
    }
}

pub(crate) struct Coalescer<'w> {
    pub(crate) helm: HelmVersion,
    pub(crate) warnings: &'w mut Vec<Warning>,
}

impl Coalescer<'_> {
    fn warn(&mut self, kind: WarningKind, key: String, message: String) {
        self.warnings.push(Warning::new(kind, key, message));
    }

    /// `coalesce`: the chart's values into `dest`, then its subcharts'.
    pub(crate) fn coalesce(
        &mut self,
        chart: &Chart,
        dest: &MapRef,
        prefix: &str,
        merge: bool,
    ) -> Result<(), CoalesceError> {
        grow(|| {
            self.coalesce_chart_values(chart, dest, prefix, merge)?;
            self.coalesce_deps(chart, dest, prefix, merge)
        })
    }

    /// `coalesceDeps`.
    fn coalesce_deps(
        &mut self,
        chart: &Chart,
        dest: &MapRef,
        prefix: &str,
        merge: bool,
    ) -> Result<(), CoalesceError> {
        for sub in &chart.dependencies {
            let name = sub.metadata.name.as_str();
            let dvmap = match dest.get(name) {
                None => {
                    let m = new_table();
                    dest.insert(name, Value::Map(m.clone()));
                    m
                }
                Some(v) => match as_table(&v) {
                    Some(m) => m.clone(),
                    None => {
                        return Err(CoalesceError::TypeMismatch {
                            name: name.to_string(),
                            value: GoValue(v),
                        });
                    }
                },
            };
            let sub_prefix = concat_prefix(prefix, &chart.metadata.name);
            self.coalesce_globals(&dvmap, dest, &sub_prefix)?;
            self.coalesce(sub, &dvmap, &sub_prefix, merge)?;
            dest.insert(name, Value::Map(dvmap));
        }
        Ok(())
    }

    /// `coalesceGlobals`: the parent's globals (`src`) into the subchart's
    /// (`dest`), the parent's winning.
    fn coalesce_globals(
        &mut self,
        dest: &MapRef,
        src: &MapRef,
        prefix: &str,
    ) -> Result<(), CoalesceError> {
        let dg = match dest.get(GLOBAL_KEY) {
            None => new_table(),
            Some(v) => match as_table(&v) {
                Some(m) => m.clone(),
                None => {
                    self.warn(
                        WarningKind::GlobalsNotTable,
                        prefix.to_string(),
                        format!(
                            "warning: skipping globals because destination {GLOBAL_KEY} is not a table."
                        ),
                    );
                    return Ok(());
                }
            },
        };
        let sg = match src.get(GLOBAL_KEY) {
            None => new_table(),
            Some(v) => match as_table(&v) {
                Some(m) => m.clone(),
                None => {
                    self.warn(
                        WarningKind::GlobalsNotTable,
                        prefix.to_string(),
                        format!(
                            "warning: skipping globals because source {GLOBAL_KEY} is not a table."
                        ),
                    );
                    return Ok(());
                }
            },
        };
        for (key, val) in sg.entries() {
            if let Some(table) = as_table(&val) {
                let vv = copy_map(table);
                match dg.get(&key) {
                    None => {
                        dg.insert(key, Value::Map(vv));
                    }
                    Some(destv) => match as_table(&destv) {
                        None => self.warn(
                            WarningKind::GlobalConflict,
                            key.to_string(),
                            format!(
                                "Conflict: cannot merge map onto non-map for {}. Skipping.",
                                quote(&key)
                            ),
                        ),
                        Some(destvmap) => {
                            // Parent globals win: they are the destination.
                            let sub_prefix = concat_prefix(prefix, &key);
                            self.tables(&vv, destvmap, &sub_prefix, true, 0)?;
                            dg.insert(key, Value::Map(vv));
                        }
                    },
                }
            } else if dg.get(&key).is_some_and(|dv| is_table(&dv)) {
                self.warn(
                    WarningKind::GlobalKeyIsTable,
                    key.to_string(),
                    format!("key {key} is table. Skipping"),
                );
            } else {
                dg.insert(key, val);
            }
        }
        dest.insert(GLOBAL_KEY, Value::Map(dg));
        Ok(())
    }

    /// `coalesceValues`: the chart's defaults under `v`.
    fn coalesce_chart_values(
        &mut self,
        chart: &Chart,
        v: &MapRef,
        prefix: &str,
        merge: bool,
    ) -> Result<(), CoalesceError> {
        let sub_prefix = concat_prefix(prefix, &chart.metadata.name);
        let vc = match deep_copy(&Value::Map(chart_values_table(chart)))? {
            Value::Map(m) => m,
            _ => new_table(),
        };
        for (key, val) in vc.entries() {
            match v.get(&key) {
                Some(Value::Nil) if !merge => {
                    // A user null removes the chart's key.
                    v.remove(&key);
                }
                Some(value) => {
                    let Some(dest) = as_table(&value) else {
                        // A user scalar or list wins silently.
                        continue;
                    };
                    match as_table(&val) {
                        Some(src) => {
                            let merge = child_chart_merge_true(chart, &key, merge);
                            let full = concat_prefix(&sub_prefix, &key);
                            self.tables(dest, src, &full, merge, 0)?;
                        }
                        None => {
                            if !val.is_nil() {
                                self.warn(
                                    WarningKind::SkippedNotTable,
                                    format!("{sub_prefix}.{key}"),
                                    format!(
                                        "warning: skipped value for {sub_prefix}.{key}: Not a table."
                                    ),
                                );
                            }
                        }
                    }
                }
                None => {
                    v.insert(key, val);
                }
            }
        }
        Ok(())
    }

    /// `coalesceTablesFullKey`: `src` under `dst`, in place.
    pub(crate) fn tables(
        &mut self,
        dst: &MapRef,
        src: &MapRef,
        prefix: &str,
        merge: bool,
        depth: usize,
    ) -> Result<(), CoalesceError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(TooDeep.into());
        }
        grow(|| self.tables_inner(dst, src, prefix, merge, depth))
    }

    fn tables_inner(
        &mut self,
        dst: &MapRef,
        src: &MapRef,
        prefix: &str,
        merge: bool,
        depth: usize,
    ) -> Result<(), CoalesceError> {
        // Helm 4 keeps a null the user sets for a key the chart leaves
        // null or does not have: it first copies the nulls of `dst` into
        // `src` (changing `src`), and only deletes over a non-null default.
        let mut src_non_nil: Option<BTreeSet<Arc<str>>> = None;
        if self.helm == HelmVersion::V4 {
            src_non_nil = Some(
                src.entries()
                    .into_iter()
                    .filter(|(_, v)| !v.is_nil())
                    .map(|(k, _)| k)
                    .collect(),
            );
            for (key, val) in dst.entries() {
                if val.is_nil() {
                    src.insert(key, Value::Nil);
                }
            }
        }
        for (key, val) in src.entries() {
            let full = concat_prefix(prefix, &key);
            let dv = dst.get(&key);
            let deletes = match &src_non_nil {
                None => true,
                Some(set) => set.contains(&key),
            };
            match dv {
                Some(Value::Nil) if !merge && deletes => {
                    dst.remove(&key);
                }
                None => {
                    dst.insert(key, val);
                }
                Some(dv) => {
                    if let Some(val_table) = as_table(&val) {
                        match as_table(&dv) {
                            Some(dv_table) => {
                                self.tables(dv_table, val_table, &full, merge, depth + 1)?;
                            }
                            None => self.warn(
                                WarningKind::CannotOverwriteTable,
                                full.clone(),
                                format!(
                                    "warning: cannot overwrite table with non table for {full} ({})",
                                    sprintf("%v", std::slice::from_ref(&val))
                                ),
                            ),
                        }
                    } else if is_table(&dv) && !val.is_nil() {
                        self.warn(
                            WarningKind::DestinationIsTable,
                            full.clone(),
                            format!(
                                "warning: destination for {full} is a table. Ignoring non-table value ({})",
                                sprintf("%v", std::slice::from_ref(&val))
                            ),
                        );
                    }
                }
            }
        }
        Ok(())
    }
}

/// `childChartMergeTrue`: a key naming a subchart merges (keeps nulls for
/// the subchart's own coalesce).
fn child_chart_merge_true(chart: &Chart, key: &str, merge: bool) -> bool {
    chart
        .dependencies
        .iter()
        .any(|sub| sub.metadata.name == key)
        || merge
}

/// A new `map[string]interface{}` with the given entries.
#[cfg(test)]
pub(crate) fn table_from(entries: impl IntoIterator<Item = (String, Value)>) -> MapRef {
    MapRef::new(gotemplate::Map {
        entries: entries
            .into_iter()
            .map(|(k, v)| (Arc::from(k), v))
            .collect(),
        ..gotemplate::Map::default()
    })
}

#[cfg(test)]
mod tests;
