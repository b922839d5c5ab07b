//! Runs every golden case under `fixtures/template-cases/` through our
//! engine and Helm's function map, for Helm 3 and Helm 4, and compares the
//! result with what real Helm printed (see that directory's README).
//!
//! `CASES=engine/printf cargo test --test template_cases` runs a subset.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use base64::Engine as _;
use chartguard::chart::{Chart, ChartFile, Metadata};
use chartguard::render::HelmVersion;
use chartguard::render::engine::{self, EngineOptions, ReleaseOptions};
use chartguard::render::objects::{Capabilities, KubeVersion, VersionSet};
use chartguard::yaml::OriginTable;
use gotemplate::Value;

const OUT_FILE: &str = "x/templates/out.yaml";
const OUT_TEMPLATE: &str = "out: {{ include \"x/templates/_case.tpl\" . | b64enc }}\n";

struct Case {
    template: String,
    values: String,
}

fn parse_case(text: &str) -> Case {
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if let Some(name) = bare.strip_prefix("--- ")
            && !name.contains(' ')
            && !name.is_empty()
        {
            sections.push((name.to_string(), String::new()));
            continue;
        }
        if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
        }
    }
    let mut case = Case {
        template: String::new(),
        values: String::new(),
    };
    for (name, mut body) in sections {
        // The newline that ends a section belongs to the file.
        if body.ends_with('\n') {
            body.pop();
        }
        match name.as_str() {
            "template" => case.template = body,
            "values.yaml" => case.values = body,
            _ => {}
        }
    }
    case
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Output(String),
    Error(String),
}

fn run_case(case: &Case, version: HelmVersion) -> Outcome {
    // The case runs through the real renderer, in a chart like the one
    // scripts/helm-goldens builds, so it sees Helm's whole `.`.
    let values = match chartguard::yaml::load_values(&case.values, None) {
        Ok(v) => v,
        Err(err) => return Outcome::Error(format!("values: {err}")),
    };
    let file = |name: &str, text: &str| ChartFile {
        name: name.to_string(),
        data: Arc::from(text.as_bytes()),
    };
    let chart = Chart {
        metadata: Metadata {
            api_version: "v2".to_string(),
            name: "x".to_string(),
            version: "0.1.0".to_string(),
            ..Metadata::default()
        },
        source: PathBuf::from("x"),
        templates: vec![
            file("templates/_case.tpl", &case.template),
            file("templates/out.yaml", OUT_TEMPLATE),
        ],
        values_file: None,
        values: values.clone(),
        values_file_id: None,
        schema: None,
        files: Vec::new(),
        dependencies: Vec::new(),
        origins: OriginTable::new(),
        original_name: None,
    };
    let options = EngineOptions {
        helm_version: version,
        release: ReleaseOptions {
            name: "x".to_string(),
            ..ReleaseOptions::default()
        },
        capabilities: Capabilities {
            kube_version: KubeVersion::default_for(version),
            api_versions: VersionSet::default_for(version, &[]),
            helm: version,
        },
        seed: Some(1),
        max_output_bytes: None,
        free_memory: true,
    };
    let mut warnings = Vec::new();
    let mut chart = chart;
    let values = match chartguard::values::prepare(
        &mut chart,
        &Value::empty_map(),
        version,
        &mut warnings,
    ) {
        Ok(v) => v,
        Err(err) => return Outcome::Error(format!("values: {err}")),
    };
    match engine::render(&chart, &values, &options) {
        Ok(files) => {
            let Some(out) = files.iter().find(|f| f.name == OUT_FILE) else {
                return Outcome::Error("no output file".to_string());
            };
            let encoded = out.text.trim_end_matches('\n').trim_start_matches("out: ");
            match base64::engine::general_purpose::STANDARD.decode(encoded.trim()) {
                Ok(bytes) => Outcome::Output(String::from_utf8_lossy(&bytes).into_owned()),
                Err(err) => Outcome::Error(format!("bad wrapper output {:?}: {err}", out.text)),
            }
        }
        Err(err) => Outcome::Error(err.message),
    }
}

fn expected(golden: &serde_json::Value, key: &str) -> Option<Outcome> {
    let entry = golden.get(key)?;
    if let Some(out) = entry.get("output").and_then(|v| v.as_str()) {
        return Some(Outcome::Output(out.to_string()));
    }
    entry
        .get("error")
        .and_then(|v| v.as_str())
        .map(|e| Outcome::Error(e.to_string()))
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "case") {
            out.push(path);
        }
    }
}

#[test]
fn golden_cases_match_helm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/template-cases");
    let filter = std::env::var("CASES").unwrap_or_default();
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        if !rel.starts_with(&filter) {
            continue;
        }
        let golden_path = file.with_extension("golden.json");
        let Ok(golden_text) = std::fs::read_to_string(&golden_path) else {
            failures.push(format!("{rel}: no golden file"));
            continue;
        };
        let golden: serde_json::Value = match serde_json::from_str(&golden_text) {
            Ok(g) => g,
            Err(err) => {
                failures.push(format!("{rel}: bad golden: {err}"));
                continue;
            }
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let case = parse_case(&text);
        for (key, version) in [("helm3", HelmVersion::V3), ("helm4", HelmVersion::V4)] {
            let Some(want) = expected(&golden, key) else {
                continue;
            };
            checked += 1;
            let got = std::panic::catch_unwind(|| run_case(&case, version))
                .unwrap_or_else(|_| Outcome::Error("PANIC".to_string()));
            if got != want {
                failures.push(format!(
                    "{rel} [{key}]\n   want: {want:?}\n    got: {got:?}"
                ));
            }
        }
    }
    let report = failures.join("\n");
    let _ = std::fs::write(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/template-cases-failures.txt"),
        &report,
    );
    assert!(checked > 0, "no cases found under {}", root.display());
    // Differences we know of and can't fix yet, each with its reason; the
    // list must stay exact, so a fixed case has to leave it.
    let known_text =
        std::fs::read_to_string(root.join("known-differences.txt")).unwrap_or_default();
    let known: Vec<&str> = known_text
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| l.starts_with(&filter))
        .collect();
    let failed: Vec<&str> = failures.iter().filter_map(|f| f.lines().next()).collect();
    let unexpected: Vec<&String> = failures
        .iter()
        .filter(|f| !known.contains(&f.lines().next().unwrap_or_default()))
        .collect();
    let fixed: Vec<&&str> = known.iter().filter(|k| !failed.contains(k)).collect();
    println!(
        "{checked} case runs, {} differ from Helm ({} known)",
        failures.len(),
        failures.len() - unexpected.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} of {checked} case runs differ from Helm:\n{}",
        unexpected.len(),
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these cases now match Helm; remove them from known-differences.txt: {fixed:?}"
    );
}
