//! Helm's template engine (pkg/engine/engine.go): every template of a chart
//! and its subcharts in one set, parsed in Helm's order, each rendered with
//! its own chart's view of the values.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{GoVersion, MissingKey, SourceMap, TemplateSet, Value};

use super::HelmVersion;
use super::errors::{exec_error_message, parse_error_message};
use super::funcs::helm::ROOT_TEMPLATE;
use super::funcs::{FuncOptions, helm_funcs};
use super::objects::{Capabilities, chart_value};
use crate::chart::Chart;
use crate::chart::files::Files;

/// `.Release`.
#[derive(Clone, Debug)]
pub struct ReleaseOptions {
    pub name: String,
    pub namespace: String,
    pub is_upgrade: bool,
    pub revision: i64,
}

impl Default for ReleaseOptions {
    fn default() -> Self {
        ReleaseOptions {
            name: "release-name".to_string(),
            namespace: "default".to_string(),
            is_upgrade: false,
            revision: 1,
        }
    }
}

/// Everything about a render that is not the chart or its values.
#[derive(Clone, Debug)]
pub struct EngineOptions {
    pub helm_version: HelmVersion,
    pub release: ReleaseOptions,
    pub capabilities: Capabilities,
    /// Seeds random functions; `None` is real randomness, as in Helm.
    pub seed: Option<u64>,
    pub max_output_bytes: Option<usize>,
    /// Free the parsed templates when done (see
    /// `release::TemplateRequest::free_memory`).
    pub free_memory: bool,
}

/// One rendered template file.
#[derive(Clone, Debug)]
pub struct RenderedFile {
    /// Helm's name for it: `chart/templates/x.yaml`, or
    /// `chart/charts/sub/templates/x.yaml` for a subchart.
    pub name: String,
    pub text: String,
    pub source_map: SourceMap,
}

/// A render failure in Helm's words, with where it happened.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub message: String,
    /// The template file and byte offset the error points at, when known.
    pub file: Option<String>,
    pub offset: Option<usize>,
    pub line: Option<usize>,
}

/// A template of the tree with the values it renders with.
struct Renderable<'c> {
    text: &'c str,
    /// The chart's `.` (shared by all its templates, as in Helm).
    vals: Value,
    base_path: String,
}

fn go_version(helm: HelmVersion) -> GoVersion {
    match helm {
        HelmVersion::V3 => GoVersion::Go123,
        HelmVersion::V4 => GoVersion::Go125,
    }
}

fn map_value(entries: Vec<(&str, Value)>) -> Value {
    Value::map(
        entries
            .into_iter()
            .map(|(k, v)| (Arc::from(k), v))
            .collect(),
    )
}

fn values_type_name(helm: HelmVersion) -> &'static str {
    match helm {
        HelmVersion::V3 => "chartutil.Values",
        HelmVersion::V4 => "common.Values",
    }
}

/// Gives a map Helm's `Values` type name (what `typeOf .Values` prints).
fn as_values_type(value: &Value, helm: HelmVersion) -> Value {
    if let Value::Map(map) = value {
        map.with_mut(|m| m.type_name = Some(values_type_name(helm)));
    }
    value.clone()
}

/// What every chart of the tree shares in its `.`.
struct Shared<'o> {
    options: &'o EngineOptions,
    release: Value,
    capabilities: Value,
}

/// Helm's `allTemplates`/`recAllTpls`: walks the chart tree, building each
/// chart's `.` and listing its templates under their full names.
fn collect_templates<'c>(
    chart: &'c Chart,
    parent_values: &Value,
    parent_id: &str,
    is_root: bool,
    shared: &Shared<'_>,
    out: &mut BTreeMap<String, Renderable<'c>>,
) -> Value {
    let helm = shared.options.helm_version;
    let name = chart.metadata.name.as_str();
    let id = if is_root {
        name.to_string()
    } else {
        format!("{parent_id}/charts/{name}")
    };
    let parent_id_for_children = if is_root {
        id.clone()
    } else {
        format!("{parent_id}/charts/{}", children_parent_name(chart, helm))
    };
    // A subchart sees `.Values.<its name>` of its parent; the root sees all.
    let values = if is_root {
        parent_values.clone()
    } else {
        match parent_values.as_map().and_then(|m| m.get(name)) {
            Some(v @ Value::Map(_)) => v,
            _ => Value::empty_map(),
        }
    };
    let values = as_values_type(&values, helm);
    let subcharts = Value::empty_map();
    let metadata = Arc::new(chart.metadata.clone());
    let vals = map_value(vec![
        ("Chart", chart_value(&metadata, is_root, helm)),
        ("Files", Value::object(Files::new(&chart.files))),
        ("Release", shared.release.clone()),
        ("Capabilities", shared.capabilities.clone()),
        ("Values", values.clone()),
        ("Subcharts", subcharts.clone()),
    ]);
    as_values_type(&vals, helm);
    for child in &chart.dependencies {
        let child_vals =
            collect_templates(child, &values, &parent_id_for_children, false, shared, out);
        if let Value::Map(map) = &subcharts {
            map.insert(child.metadata.name.as_str(), child_vals);
        }
    }
    for template in &chart.templates {
        // A library chart only lends its partials.
        let base = template.name.rsplit('/').next().unwrap_or(&template.name);
        if chart.is_library() && !base.starts_with('_') {
            continue;
        }
        out.insert(
            format!("{id}/{}", template.name),
            Renderable {
                text: std::str::from_utf8(&template.data).unwrap_or(""),
                vals: vals.clone(),
                base_path: format!("{id}/templates"),
            },
        );
    }
    vals
}

/// The name the charts under `chart` use for it in their paths. Helm 3's
/// alias makes a shallow copy of the chart; unless the copy re-parents its
/// own dependencies (it does only when its Chart.yaml lists some), the
/// charts under it still point at the original, with the original name.
pub fn children_parent_name(chart: &Chart, helm: HelmVersion) -> &str {
    match helm {
        HelmVersion::V3 if chart.metadata.dependencies.is_empty() => chart.original_name(),
        _ => &chart.metadata.name,
    }
}

/// Helm's `sortTemplates`: deeper paths first, then reverse lexical order,
/// so a parent's definitions are parsed last and win.
fn sort_templates(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut keys: Vec<String> = names.collect();
    keys.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
    keys
}

/// Renders every template of `chart` (dependencies already processed) with
/// the coalesced `values`. Returns the files Helm would render, partials
/// left out, with `<no value>` removed as Helm removes it.
pub fn render(
    chart: &Chart,
    values: &Value,
    options: &EngineOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    let helm = options.helm_version;
    let release = map_value(vec![
        ("Name", Value::from(options.release.name.as_str())),
        ("Namespace", Value::from(options.release.namespace.as_str())),
        ("IsUpgrade", Value::from(options.release.is_upgrade)),
        ("IsInstall", Value::from(!options.release.is_upgrade)),
        ("Revision", Value::Int(options.release.revision)),
        ("Service", Value::from("Helm")),
    ]);
    let shared = Shared {
        options,
        release,
        capabilities: Value::object(options.capabilities.clone()),
    };
    let mut renderables = BTreeMap::new();
    collect_templates(chart, values, "", true, &shared, &mut renderables);

    let funcs = helm_funcs(&FuncOptions {
        helm_version: helm,
        seed: options.seed,
    });
    let mut set = TemplateSet::new(funcs);
    set.name = ROOT_TEMPLATE.to_string();
    set.options.missing_key = MissingKey::Zero;
    set.options.go_version = go_version(helm);
    set.options.max_output_bytes = options.max_output_bytes;
    set.options.source_map = true;

    let keys = sort_templates(renderables.keys().cloned());
    for key in &keys {
        let text = renderables[key].text;
        // Helm drops a byte order mark at the start of a template.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Err(err) = set.parse(key, text) {
            let (line, offset) = match &err {
                gotemplate::Error::Parse { line, pos, .. } => (Some(*line), Some(*pos)),
                _ => (None, None),
            };
            return Err(RenderError {
                message: parse_error_message(key, &err),
                file: Some(key.clone()),
                offset,
                line,
            });
        }
    }

    let mut rendered = Vec::new();
    for key in &keys {
        let base = key.rsplit('/').next().unwrap_or(key);
        if base.starts_with('_') {
            continue;
        }
        let renderable = &renderables[key];
        if let Value::Map(map) = &renderable.vals {
            let template = map_value(vec![
                ("Name", Value::from(key.as_str())),
                ("BasePath", Value::from(renderable.base_path.as_str())),
            ]);
            as_values_type(&template, helm);
            map.insert("Template", template);
        }
        match set.execute(key, &renderable.vals) {
            Ok(output) => {
                let text = if output.text.contains("<no value>") {
                    output.text.replace("<no value>", "")
                } else {
                    output.text
                };
                rendered.push(RenderedFile {
                    name: key.clone(),
                    text,
                    source_map: output.source_map,
                });
            }
            Err(err) => {
                let location = err.exec().and_then(|e| e.location.clone());
                return Err(RenderError {
                    message: exec_error_message(key, &err, helm),
                    file: location.as_ref().map(|l| l.file.clone()),
                    offset: location.as_ref().map(|l| l.offset),
                    line: location.as_ref().map(|l| l.line),
                });
            }
        }
    }
    if !options.free_memory {
        std::mem::forget(set);
        std::mem::forget(renderables);
    }
    Ok(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_templates_puts_deeper_paths_first_then_reverse_order() {
        let keys = sort_templates(
            [
                "a/templates/x.yaml",
                "a/charts/b/templates/y.yaml",
                "a/templates/_h.tpl",
            ]
            .into_iter()
            .map(String::from),
        );
        assert_eq!(
            keys,
            [
                "a/charts/b/templates/y.yaml",
                "a/templates/x.yaml",
                "a/templates/_h.tpl"
            ]
        );
    }
}
