//! The `chartguard` binary as a user runs it.

use std::path::Path;
use std::process::Command;

fn chartguard(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chartguard"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(args)
        .output()
        .expect("chartguard runs")
}

#[test]
fn invalid_rendered_yaml_points_at_the_template_line() {
    let out = chartguard(&["render", "r", "fixtures/charts/invalid-yaml"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut lines = stderr.lines();
    // Helm's own message first, with the line of the rendered document...
    assert_eq!(
        lines.next(),
        Some(
            "Error: YAML parse error on invalid-yaml/templates/cm.yaml: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context"
        )
    );
    // ...then the template line that printed it.
    assert!(
        stderr.contains("--> invalid-yaml/templates/cm.yaml:8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("key: {{ .Values.labels.tier }}: x"),
        "{stderr}"
    );
}

#[test]
fn show_only_without_a_match_is_helms_error() {
    let out = chartguard(&[
        "render",
        "ml",
        "fixtures/charts/ml-model-serving",
        "--show-only",
        "templates/nope.yaml",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("Error: could not find template templates/nope.yaml in chart"),
        "{stderr}"
    );
}

#[test]
fn missing_chart_is_an_error_not_a_panic() {
    let out = chartguard(&["render", "r", "fixtures/charts/does-not-exist"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("Error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn values_helm_would_ignore_are_reported_on_stderr() {
    // Helm logs this and renders on; the render succeeds, but says so.
    let out = chartguard(&[
        "render",
        "p",
        "fixtures/charts/ml-platform",
        "--set",
        "registry.port.x=1",
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "warning: destination for ml-platform.registry.port is a table. Ignoring non-table value (5000)\n"
        ),
        "{stderr}"
    );
}
