//! `chartguard render` against what real Helm printed for the cases in
//! fixtures/render-goldens/cases.txt (recorded by scripts/render-goldens).

use std::path::Path;
use std::process::Command;

fn split_args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// Standard error from the `Error: ` line on, without that prefix, as
/// scripts/render-goldens records Helm's.
fn error_text(stderr: &str) -> String {
    let start = stderr
        .match_indices("Error: ")
        .find(|(i, _)| *i == 0 || stderr.as_bytes()[i - 1] == b'\n')
        .map_or(0, |(i, _)| i);
    let text = &stderr[start..];
    let text = text.strip_prefix("Error: ").unwrap_or(text);
    // chartguard adds where the error is (`  --> file:line:col` and a
    // source excerpt); Helm does not, so those lines are not compared.
    text.split_inclusive('\n')
        .filter(|line| !line.starts_with("  --> ") && !is_excerpt_line(line))
        .collect()
}

/// A line of chartguard's source excerpt: `   |` or `  8 | text`.
fn is_excerpt_line(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    line.starts_with(' ') && (rest.starts_with(" |") || rest.starts_with('|'))
}

#[test]
fn render_matches_helm_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/render-goldens");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt is readable");
    // `.ci/run` checks the static release build (scripts/build-static)
    // with the same cases through CHARTGUARD_BIN.
    let binary = std::env::var_os("CHARTGUARD_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_chartguard").into());
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let Some((name, args)) = line.split_once('\t') else {
            continue;
        };
        for (key, version) in [("helm3", "3"), ("helm4", "4")] {
            let golden_path = dir.join(format!("{name}.{key}.json"));
            let golden: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(&golden_path).expect("golden is readable"),
            )
            .expect("golden is JSON");
            let output = Command::new(&binary)
                .current_dir(root)
                .arg("render")
                .args(split_args(args))
                .args(["--helm-version", version])
                .output()
                .expect("chartguard runs");
            checked += 1;
            let want_exit = golden["exit"].as_i64().unwrap_or(-1);
            let got_exit = i64::from(output.status.code().unwrap_or(-1));
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            if want_exit == 0 {
                if got_exit != 0 || stdout != golden["stdout"].as_str().unwrap_or_default() {
                    failures.push(format!(
                        "{name} [{key}]: stdout differs (exit {got_exit})\n{stderr}"
                    ));
                }
            } else {
                let root_text = root.display().to_string();
                let first = stderr
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .replace(&root_text, "<root>");
                if got_exit == 0 || first.as_str() != golden["error"].as_str().unwrap_or_default() {
                    failures.push(format!(
                        "{name} [{key}]: want error {:?}, got exit {got_exit} {first:?}",
                        golden["error"]
                    ));
                } else if let Some(want_text) = golden["error_text"].as_str() {
                    // The whole error as users read it: schema reports run
                    // over many lines.
                    let text = error_text(&stderr).replace(&root_text, "<root>");
                    if text != want_text {
                        failures.push(format!(
                            "{name} [{key}]: error text differs\n--- helm\n{want_text}--- ours\n{text}"
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
