//! `chartguard render` against what real Helm printed for the cases in
//! fixtures/render-goldens/cases.txt (recorded by scripts/render-goldens).

use std::path::Path;
use std::process::Command;

fn split_args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn render_matches_helm_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/render-goldens");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt is readable");
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
            let output = Command::new(env!("CARGO_BIN_EXE_chartguard"))
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
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
