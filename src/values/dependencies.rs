//! Helm's dependency processing (pkg/chartutil/dependencies.go in Helm
//! 3.17.1, pkg/chart/v2/util/dependencies.go in 4.1.4) and the check
//! `helm template` makes before it (`action.CheckDependencies`).
//!
//! For each chart, top-down:
//!
//! - Chart.yaml's `dependencies` are matched to the charts under `charts/`
//!   by name and version constraint (Masterminds semver). A matching chart
//!   is copied under its `alias` when it has one; a chart under `charts/`
//!   that no dependency matches (undeclared, or a version outside the
//!   constraint) is kept as it is. A dependency nothing matches is skipped
//!   (only the top-level chart's dependencies must all be present, by
//!   name: [`check_dependencies`]).
//! - Every dependency starts enabled; `tags` then decide (any true tag
//!   enables, else any false tag disables), then `condition` (the first
//!   comma-separated path holding a bool wins; other values warn). Both
//!   are read from the chart's values coalesced with what the parent
//!   passed down (for a subchart, paths are prefixed with the chart names
//!   above it; `tags` are always read at the top).
//! - Disabled dependencies are removed, with every chart of that name.
//!
//! Then bottom-up, each chart with dependencies left gets new default
//! values: its values merged with its subcharts' (nulls kept), plus what
//! `import-values` pulls up from them (`- name` takes `exports.name`,
//! `{child: a.b, parent: c}` takes the table `a.b` to `c`), under the
//! chart's own.
//!
//! Helm 3 shares the dependency entries of one subchart between all its
//! aliased copies, so the second copy sees the first's renames and finds
//! its `import-values` already consumed; this is reproduced. Helm 4 copies
//! them.

use std::collections::{HashMap, HashSet};

use gotemplate::gofmt::sprintf;
use gotemplate::{MapRef, Value};

use super::coalesce::{self, CoalesceError, Coalescer};
use super::{
    Warning, WarningKind, as_table, deep_copy, grow, new_table, path_value, string_map, table,
};
use crate::chart::{Chart, Dependency};
use crate::render::HelmVersion;
use crate::render::funcs::semver;

/// Why dependency processing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DependencyError {
    #[error(transparent)]
    Coalesce(#[from] CoalesceError),
    /// An `import-values` map entry whose `child` or `parent` is not a
    /// string. Helm 3 panics (its type assertion fails); Helm 4 prints the
    /// value with `%v` and goes on, so this only happens for Helm 3.
    #[error(
        "import-values of dependency {dependency:?} in chart {chart:?}: {field:?} must be a string, found {found}"
    )]
    ImportValueNotString {
        chart: String,
        dependency: String,
        field: &'static str,
        found: String,
    },
}

/// Dependencies of Chart.yaml that have no chart of that name under
/// `charts/` (`action.CheckDependencies`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("found in Chart.yaml, but missing in charts/ directory: {}", .names.join(", "))]
pub struct MissingDependencies {
    pub names: Vec<String>,
    pub helm: HelmVersion,
}

impl MissingDependencies {
    /// The whole message `helm template` prints after `Error: `.
    pub fn helm_message(&self) -> String {
        let lead = match self.helm {
            HelmVersion::V3 => "An error occurred",
            HelmVersion::V4 => "an error occurred",
        };
        format!(
            "{lead} while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: {self}"
        )
    }
}

/// `action.CheckDependencies(chart, chart.Metadata.Dependencies)`: every
/// dependency of the top-level chart must have a chart of that name (not
/// alias, version not checked) under `charts/`.
pub fn check_dependencies(chart: &Chart, helm: HelmVersion) -> Result<(), MissingDependencies> {
    let names: Vec<String> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|req| {
            !chart
                .dependencies
                .iter()
                .any(|d| d.metadata.name == req.name)
        })
        .map(|req| req.name.clone())
        .collect();
    if names.is_empty() {
        Ok(())
    } else {
        Err(MissingDependencies { names, helm })
    }
}

/// `chartutil.IsCompatibleRange`: whether `version` satisfies
/// `constraint`; false when either does not parse.
pub fn is_compatible_range(constraint: &str, version: &str, helm: HelmVersion) -> bool {
    let Ok(version) = semver::parse_version(version, helm) else {
        return false;
    };
    let Ok(constraint) = semver::parse_constraint(constraint, helm) else {
        return false;
    };
    constraint.matches(&version)
}

/// What `helm template` runs: Helm 3's `ProcessDependenciesWithMerge`,
/// Helm 4's `ProcessDependencies`. Changes `chart`: disabled subcharts are
/// gone, aliased ones renamed, metadata dependencies renamed and filtered,
/// and the values of charts with dependencies replaced as described in
/// the module documentation. `vals` are the user's values.
pub fn process_dependencies(
    chart: &mut Chart,
    vals: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<(), DependencyError> {
    process(chart, vals, helm, warnings, true)
}

/// Helm 3's `ProcessDependencies` (used by `helm lint`, not by `helm
/// template`): imports coalesce instead of merging, dropping nulls.
pub fn process_dependencies_coalescing(
    chart: &mut Chart,
    vals: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) -> Result<(), DependencyError> {
    process(chart, vals, helm, warnings, false)
}

fn process(
    chart: &mut Chart,
    vals: &Value,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
    merge: bool,
) -> Result<(), DependencyError> {
    let user = match as_table(vals) {
        Some(m) => m.clone(),
        None => new_table(),
    };
    let mut p = Processor {
        helm,
        warnings,
        merge,
        shared_reqs: HashMap::new(),
        nodes: HashMap::new(),
        imports_consumed: HashSet::new(),
    };
    p.enabled(chart, &user, "", Vec::new(), Vec::new(), false)?;
    p.import_values_rec(chart, &mut Vec::new())
}

/// Where a chart of the processed tree came from, for Helm 3's sharing.
struct NodeInfo {
    /// The original chart's place in the loaded tree (indices under
    /// `charts/` from the top chart).
    ident: Vec<usize>,
    /// For each remaining metadata dependency, its index in the original
    /// Chart.yaml list.
    req_ids: Vec<usize>,
}

struct Processor<'w> {
    helm: HelmVersion,
    warnings: &'w mut Vec<Warning>,
    merge: bool,
    /// Helm 3: the dependency entries of each original chart, as its
    /// copies processed so far left them (renamed, re-enabled).
    shared_reqs: HashMap<Vec<usize>, Vec<Dependency>>,
    /// Keyed by the path of processed indices from the top chart.
    nodes: HashMap<Vec<usize>, NodeInfo>,
    /// Helm 3: entries whose `import-values` a copy already rewrote.
    imports_consumed: HashSet<(Vec<usize>, usize)>,
}

impl Processor<'_> {
    fn warn(&mut self, kind: WarningKind, key: &str, message: String) {
        self.warnings.push(Warning::new(kind, key, message));
    }

    /// `processDependencyEnabled`. `node` is the chart's path in the
    /// processed tree, `ident` its original's in the loaded tree, and
    /// `is_copy` tells a copy made for a dependency from a chart kept as
    /// it is.
    fn enabled(
        &mut self,
        c: &mut Chart,
        v: &MapRef,
        path: &str,
        node: Vec<usize>,
        ident: Vec<usize>,
        is_copy: bool,
    ) -> Result<(), DependencyError> {
        grow(|| self.enabled_inner(c, v, path, node, ident, is_copy))
    }

    fn enabled_inner(
        &mut self,
        c: &mut Chart,
        v: &MapRef,
        path: &str,
        node: Vec<usize>,
        ident: Vec<usize>,
        is_copy: bool,
    ) -> Result<(), DependencyError> {
        let helm = self.helm;
        if helm == HelmVersion::V3
            && is_copy
            && let Some(state) = self.shared_reqs.get(&ident)
        {
            c.metadata.dependencies = state.clone();
        }
        // Helm tests for a nil list; an empty `dependencies:` loads as nil
        // in our model.
        if c.metadata.dependencies.is_empty() {
            self.nodes.insert(
                node,
                NodeInfo {
                    ident,
                    req_ids: Vec::new(),
                },
            );
            return Ok(());
        }

        let originals = std::mem::take(&mut c.dependencies);
        let compatible = |req: &Dependency, ch: &Chart| {
            ch.metadata.name == req.name
                && is_compatible_range(&req.version, &ch.metadata.version, helm)
        };

        // Charts no dependency matches stay as they are; each dependency
        // takes a copy of the first chart it matches, under its alias.
        let mut children: Vec<(Chart, (usize, bool))> = Vec::new();
        for (i, existing) in originals.iter().enumerate() {
            if !c
                .metadata
                .dependencies
                .iter()
                .any(|req| compatible(req, existing))
            {
                children.push((existing.clone(), (i, false)));
            }
        }
        for req in c.metadata.dependencies.iter_mut() {
            if let Some(i) = originals.iter().position(|ch| compatible(req, ch)) {
                let mut copy = originals[i].clone();
                if !req.alias.is_empty() {
                    // Helm's copy keeps its children pointing at the
                    // original, so their paths use the original name.
                    if copy.original_name.is_none() {
                        copy.original_name = Some(copy.metadata.name.clone());
                    }
                    copy.metadata.name = req.alias.clone();
                }
                children.push((copy, (i, true)));
            }
            if !req.alias.is_empty() {
                req.name = req.alias.clone();
            }
        }
        let (charts, origins): (Vec<Chart>, Vec<(usize, bool)>) = children.into_iter().unzip();
        c.dependencies = charts;

        for req in c.metadata.dependencies.iter_mut() {
            req.enabled = true;
        }
        let cvals = coalesce::coalesce_values(c, &Value::Map(v.clone()), helm, self.warnings)?;
        self.tags(&mut c.metadata.dependencies, &cvals);
        self.conditions(&mut c.metadata.dependencies, &cvals, path);

        if helm == HelmVersion::V3 && is_copy {
            self.shared_reqs
                .insert(ident.clone(), c.metadata.dependencies.clone());
        }

        let removed: HashSet<String> = c
            .metadata
            .dependencies
            .iter()
            .filter(|r| !r.enabled)
            .map(|r| r.name.clone())
            .collect();
        let mut kept: Vec<(Chart, (usize, bool))> = std::mem::take(&mut c.dependencies)
            .into_iter()
            .zip(origins)
            .filter(|(ch, _)| !removed.contains(&ch.metadata.name))
            .collect();
        let (reqs, req_ids): (Vec<Dependency>, Vec<usize>) =
            std::mem::take(&mut c.metadata.dependencies)
                .into_iter()
                .enumerate()
                .filter(|(_, r)| !removed.contains(&r.name))
                .map(|(i, r)| (r, i))
                .unzip();

        // The subcharts read their conditions from these values, with
        // their names as prefix.
        for (n, (t, (original, copy))) in kept.iter_mut().enumerate() {
            let subpath = format!("{path}{}.", t.metadata.name);
            let mut child_node = node.clone();
            child_node.push(n);
            let mut child_ident = ident.clone();
            child_ident.push(*original);
            self.enabled(t, &cvals, &subpath, child_node, child_ident, *copy)?;
        }

        c.metadata.dependencies = reqs;
        c.dependencies = kept.into_iter().map(|(ch, _)| ch).collect();
        self.nodes.insert(node, NodeInfo { ident, req_ids });
        Ok(())
    }

    /// `processDependencyTags`.
    fn tags(&mut self, reqs: &mut [Dependency], cvals: &MapRef) {
        let Ok(vt) = table(cvals, "tags") else {
            return;
        };
        for r in reqs.iter_mut() {
            let (mut has_true, mut has_false) = (false, false);
            for k in &r.tags {
                match vt.get(k) {
                    None => {}
                    Some(Value::Bool(true, _)) => has_true = true,
                    Some(Value::Bool(false, _)) => has_false = true,
                    Some(_) => {
                        let message = match self.helm {
                            HelmVersion::V3 => format!(
                                "Warning: Tag '{k}' for chart {} returned non-bool value",
                                r.name
                            ),
                            HelmVersion::V4 => {
                                format!("returned non-bool value tag={k} chart={}", r.name)
                            }
                        };
                        self.warn(WarningKind::TagNotBool, k, message);
                    }
                }
            }
            r.enabled = has_true || !has_false;
        }
    }

    /// `processDependencyConditions`.
    fn conditions(&mut self, reqs: &mut [Dependency], cvals: &MapRef, cpath: &str) {
        for r in reqs.iter_mut() {
            let condition = r.condition.trim().to_string();
            for c in condition.split(',') {
                if c.is_empty() {
                    continue;
                }
                match path_value(cvals, &format!("{cpath}{c}")) {
                    None => {}
                    Some(Value::Bool(b, _)) => {
                        r.enabled = b;
                        break;
                    }
                    Some(_) => {
                        let message = match self.helm {
                            HelmVersion::V3 => format!(
                                "Warning: Condition path '{c}' for chart {} returned non-bool value",
                                r.name
                            ),
                            HelmVersion::V4 => {
                                format!("returned non-bool value path={c} chart={}", r.name)
                            }
                        };
                        self.warn(WarningKind::ConditionNotBool, c, message);
                    }
                }
            }
        }
    }

    /// `processDependencyImportValues`: children first.
    fn import_values_rec(
        &mut self,
        c: &mut Chart,
        node: &mut Vec<usize>,
    ) -> Result<(), DependencyError> {
        grow(|| {
            for (n, d) in c.dependencies.iter_mut().enumerate() {
                node.push(n);
                let result = self.import_values_rec(d, node);
                node.pop();
                result?;
            }
            self.import_values(c, node)
        })
    }

    /// `processImportValues`.
    fn import_values(&mut self, c: &mut Chart, node: &[usize]) -> Result<(), DependencyError> {
        if c.metadata.dependencies.is_empty() {
            return Ok(());
        }
        let helm = self.helm;
        let merge = self.merge;
        let cvals = if merge {
            coalesce::merge_values(c, &Value::Nil, helm, self.warnings)?
        } else {
            coalesce::coalesce_values(c, &Value::Nil, helm, self.warnings)?
        };
        let info = self.nodes.get(node);
        let ident = info.map(|i| i.ident.clone());
        let req_ids: Vec<usize> = match info {
            Some(i) => i.req_ids.clone(),
            None => (0..c.metadata.dependencies.len()).collect(),
        };
        let b = new_table();
        let chart_name = c.metadata.name.clone();
        for (j, r) in c.metadata.dependencies.iter_mut().enumerate() {
            // Helm 3: a copy sharing this entry with one processed before
            // finds it rewritten to `map[string]string` entries, which
            // match neither form.
            if helm == HelmVersion::V3
                && let Some(id) = &ident
            {
                let key = (id.clone(), req_ids.get(j).copied().unwrap_or(j));
                if !self.imports_consumed.insert(key) {
                    r.import_values = Vec::new();
                    continue;
                }
            }
            let mut rewritten = Vec::new();
            for riv in &r.import_values {
                if let Some(entry) = as_table(riv) {
                    let child = import_field(entry, "child", &chart_name, &r.name, helm)?;
                    let parent = import_field(entry, "parent", &chart_name, &r.name, helm)?;
                    rewritten.push(string_map(&[("child", &child), ("parent", &parent)]));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Err(e) => {
                            let message = match helm {
                                HelmVersion::V3 => format!(
                                    "Warning: ImportValues missing table from chart {}: {e}",
                                    r.name
                                ),
                                HelmVersion::V4 => format!(
                                    "ImportValues missing table from chart chart={} error={}",
                                    r.name,
                                    slog_quote(&e.to_string())
                                ),
                            };
                            self.warnings.push(Warning::new(
                                WarningKind::ImportMissingTable,
                                &r.name,
                                message,
                            ));
                        }
                        Ok(vv) => {
                            let src = path_to_map(&parent, as_map(&vv));
                            self.tables(&b, &src, merge)?;
                        }
                    }
                } else if let Some(name) = riv.as_str() {
                    let child = format!("exports.{name}");
                    rewritten.push(string_map(&[("child", &child), ("parent", ".")]));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Err(e) => {
                            let message = match helm {
                                HelmVersion::V3 => {
                                    format!("Warning: ImportValues missing table: {e}")
                                }
                                HelmVersion::V4 => format!(
                                    "ImportValues missing table error={}",
                                    slog_quote(&e.to_string())
                                ),
                            };
                            self.warnings.push(Warning::new(
                                WarningKind::ImportMissingTable,
                                &r.name,
                                message,
                            ));
                        }
                        Ok(vm) => self.tables(&b, &as_map(&vm), merge)?,
                    }
                }
            }
            r.import_values = rewritten;
        }

        // Imported values rank below the chart's own.
        let cvals = if merge {
            match deep_copy(&Value::Map(cvals)).map_err(CoalesceError::from)? {
                Value::Map(m) => m,
                _ => new_table(),
            }
        } else {
            trim_nil_values(&cvals)?
        };
        self.tables(&cvals, &b, merge)?;
        c.values = Value::Map(cvals);
        Ok(())
    }

    /// `MergeTables` or `CoalesceTables`.
    fn tables(&mut self, dst: &MapRef, src: &MapRef, merge: bool) -> Result<(), DependencyError> {
        let mut c = Coalescer {
            helm: self.helm,
            warnings: self.warnings,
        };
        c.tables(dst, src, "", merge, 0)?;
        Ok(())
    }
}

/// `child` or `parent` of an `import-values` map entry.
fn import_field(
    entry: &MapRef,
    field: &'static str,
    chart: &str,
    dependency: &str,
    helm: HelmVersion,
) -> Result<String, DependencyError> {
    let value = entry.get(field).unwrap_or(Value::Nil);
    match (helm, &value) {
        (_, Value::String(s, _)) => Ok(s.to_string()),
        (HelmVersion::V4, v) => Ok(sprintf("%v", std::slice::from_ref(v))),
        (HelmVersion::V3, v) => Err(DependencyError::ImportValueNotString {
            chart: chart.to_string(),
            dependency: dependency.to_string(),
            field,
            found: super::go_dynamic_type(v),
        }),
    }
}

/// `Values.AsMap`: an empty table becomes a new map.
fn as_map(m: &MapRef) -> MapRef {
    if m.is_empty() { new_table() } else { m.clone() }
}

/// `pathToMap`: `data` nested under the dotted `path` (`.` is the top).
fn path_to_map(path: &str, data: MapRef) -> MapRef {
    if path == "." {
        return data;
    }
    let mut current = data;
    for part in path.split('.').rev() {
        let outer = new_table();
        outer.insert(part, Value::Map(current));
        current = outer;
    }
    current
}

/// `trimNilValues`: a copy without null-valued keys, at every level of
/// tables.
fn trim_nil_values(vals: &MapRef) -> Result<MapRef, CoalesceError> {
    let copy = match deep_copy(&Value::Map(vals.clone()))? {
        Value::Map(m) => m,
        _ => new_table(),
    };
    trim_in_place(&copy);
    Ok(copy)
}

fn trim_in_place(m: &MapRef) {
    grow(|| {
        for (key, val) in m.entries() {
            if val.is_nil() {
                m.remove(&key);
            } else if let Some(inner) = as_table(&val) {
                trim_in_place(inner);
            }
        }
    })
}

/// How Go's `slog` text handler quotes a value that needs it.
fn slog_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c != '"' && c != '=' && !c.is_whitespace() && !c.is_control());
    if plain {
        s.to_string()
    } else {
        gotemplate::gofmt::quote(s)
    }
}

#[cfg(test)]
mod tests;
