//! Test support: a minimal loader for the fixture charts under
//! `fixtures/charts/values/` (Chart.yaml fields this module reads,
//! values.yaml, subchart directories under `charts/` in name order), and
//! a runner reproducing what their templates print under `helm template`.

use std::path::{Path, PathBuf};

use gotemplate::Value;

use super::options::{self, ValueOptions};
use super::{Warning, prepare, subchart_values};
use crate::chart::{Chart, Dependency, Metadata};
use crate::render::HelmVersion;
use crate::render::funcs::gojson;
use crate::yaml::{self, OriginTable};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/charts/values")
}

fn string_field(m: &gotemplate::MapRef, key: &str) -> String {
    m.get(key)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Loads a fixture chart directory.
pub fn load_chart(dir: &Path) -> Chart {
    let chart_yaml = std::fs::read_to_string(dir.join("Chart.yaml")).expect("Chart.yaml");
    let meta = yaml::unmarshal(&chart_yaml, yaml::Target::Map, None).expect("Chart.yaml parses");
    let meta = meta.as_map().expect("Chart.yaml is a map").clone();
    let mut dependencies = Vec::new();
    if let Some(Value::List(list)) = meta.get("dependencies") {
        for item in &list.items {
            let d = item.as_map().expect("dependency map");
            dependencies.push(Dependency {
                name: string_field(d, "name"),
                version: string_field(d, "version"),
                repository: string_field(d, "repository"),
                condition: string_field(d, "condition"),
                tags: match d.get("tags") {
                    Some(Value::List(tags)) => tags
                        .items
                        .iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                },
                enabled: false,
                import_values: match d.get("import-values") {
                    Some(Value::List(iv)) => iv.items.clone(),
                    _ => Vec::new(),
                },
                alias: string_field(d, "alias"),
            });
        }
    }
    let metadata = Metadata {
        name: string_field(&meta, "name"),
        version: string_field(&meta, "version"),
        api_version: string_field(&meta, "apiVersion"),
        dependencies,
        ..Metadata::default()
    };
    let mut origins = OriginTable::new();
    let (values, values_file_id) = match std::fs::read_to_string(dir.join("values.yaml")) {
        Ok(text) => {
            let id = origins.add_file(dir.join("values.yaml").display().to_string(), text.as_str());
            let v = yaml::load_values(&text, Some((&mut origins, id))).expect("values.yaml");
            (v, Some(id))
        }
        Err(_) => (Value::empty_map(), None),
    };
    let mut subdirs: Vec<PathBuf> = match std::fs::read_dir(dir.join("charts")) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect(),
        Err(_) => Vec::new(),
    };
    subdirs.sort();
    Chart {
        metadata,
        source: dir.to_path_buf(),
        templates: Vec::new(),
        values_file: None,
        values,
        values_file_id,
        schema: None,
        files: Vec::new(),
        dependencies: subdirs.iter().map(|d| load_chart(d)).collect(),
        origins,
        original_name: None,
    }
}

/// What one `helm template` run printed.
#[derive(Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Outcome {
    pub lines: Vec<String>,
    pub error: Option<String>,
    pub warnings: Vec<String>,
}

/// `NAME JSON` of every chart of the processed tree, as the fixture
/// templates print them, keyed by template path: charts of the same name
/// under one parent share their template names, and the last one wins in
/// Helm's engine.
fn render_lines(
    chart: &Chart,
    values: &Value,
    path: &str,
    out: &mut std::collections::BTreeMap<String, String>,
) {
    out.insert(
        path.to_string(),
        format!(
            "{} {}",
            chart.metadata.name,
            gojson::marshal(values).expect("json")
        ),
    );
    for sub in &chart.dependencies {
        let sub_path = format!("{path}/charts/{}", sub.metadata.name);
        render_lines(
            sub,
            &subchart_values(values, &sub.metadata.name),
            &sub_path,
            out,
        );
    }
}

/// Parses the `helm template` arguments the fixtures use.
pub fn value_options(args: &[String]) -> ValueOptions {
    let mut opts = ValueOptions::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().expect("flag value").clone();
        match flag.as_str() {
            "-f" | "--values" => opts.value_files.push(value),
            "--set" => opts.values.push(value),
            "--set-string" => opts.string_values.push(value),
            "--set-file" => opts.file_values.push(value),
            "--set-json" => opts.json_values.push(value),
            "--set-literal" => opts.literal_values.push(value),
            other => panic!("unknown flag {other}"),
        }
    }
    opts
}

/// Runs a fixture case the way `helm template x CHART ARGS` does.
pub fn run_case(chart: &str, args: &[String], helm: HelmVersion) -> Outcome {
    let base = fixtures_dir();
    let mut chart = load_chart(&base.join(chart));
    let opts = value_options(args);
    let mut read = |path: &str| -> Result<Vec<u8>, String> {
        std::fs::read(base.join(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
            _ => format!("open {path}: {e}"),
        })
    };
    let mut origins = chart.origins.clone();
    let mut warnings: Vec<Warning> = Vec::new();
    let fail = |error: String, warnings: &[Warning]| Outcome {
        lines: Vec::new(),
        error: Some(error),
        warnings: warning_texts(warnings),
    };
    let user = match options::merge_values(&opts, &mut read, Some(&mut origins), helm) {
        Ok(m) => Value::Map(m),
        Err(e) => return fail(e.to_string(), &warnings),
    };
    match prepare(&mut chart, &user, helm, &mut warnings) {
        Ok(values) => {
            let mut by_path = std::collections::BTreeMap::new();
            render_lines(&chart, &values, &chart.metadata.name, &mut by_path);
            let mut lines: Vec<String> = by_path.into_values().collect();
            lines.sort();
            Outcome {
                lines,
                error: None,
                warnings: warning_texts(&warnings),
            }
        }
        Err(e) => fail(e.to_string(), &warnings),
    }
}

fn warning_texts(warnings: &[Warning]) -> Vec<String> {
    let mut texts: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
    texts.sort();
    texts
}

/// A fixture case with Helm's recorded outcomes.
#[derive(Debug, serde::Deserialize)]
pub struct Case {
    pub name: String,
    pub chart: String,
    pub args: Vec<String>,
    pub v3: Outcome,
    pub v4: Outcome,
}

pub fn cases() -> Vec<Case> {
    let text =
        std::fs::read_to_string(fixtures_dir().join("expected.jsonl")).expect("expected.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("case"))
        .collect()
}

/// Helm's outcome without what the CLI logs on its own (Helm 4 logs the
/// error it returns).
pub fn values_outcome(mut outcome: Outcome) -> Outcome {
    outcome
        .warnings
        .retain(|w| !w.starts_with("chart dependencies processing failed"));
    outcome
}

/// An in-memory chart: `values` is YAML (origins recorded in the chart's
/// table under `NAME/values.yaml`).
pub fn chart(
    name: &str,
    version: &str,
    values: &str,
    deps: Vec<Dependency>,
    subcharts: Vec<Chart>,
) -> Chart {
    let mut origins = OriginTable::new();
    let id = origins.add_file(format!("{name}/values.yaml"), values);
    let values = yaml::load_values(values, Some((&mut origins, id))).expect("values");
    Chart {
        metadata: Metadata {
            name: name.to_string(),
            version: version.to_string(),
            api_version: "v2".to_string(),
            dependencies: deps,
            ..Metadata::default()
        },
        source: PathBuf::from(name),
        templates: Vec::new(),
        values_file: None,
        values,
        values_file_id: Some(id),
        schema: None,
        files: Vec::new(),
        dependencies: subcharts,
        origins,
        original_name: None,
    }
}

/// A Chart.yaml dependency.
pub fn dep(name: &str, version: &str) -> Dependency {
    Dependency {
        name: name.to_string(),
        version: version.to_string(),
        ..Dependency::default()
    }
}

/// Values from JSON (numbers are float64, as from YAML).
pub fn json(text: &str) -> Value {
    gojson::unmarshal(text.as_bytes(), gojson::Target::Any).expect("json")
}

/// Go's JSON of a value.
pub fn to_json(v: &Value) -> String {
    gojson::marshal(v).expect("json")
}
