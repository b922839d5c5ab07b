//! Parses template files the way `helm template` parses a chart's templates
//! and prints one verdict per file, for `scripts/parse-verdicts`.
//!
//! Input on stdin, one per line: `NAME<TAB>PATH`, where NAME is the template
//! name Helm would use (e.g. `x/templates/_f1.tpl`). Output: `NAME<TAB>ok` or
//! `NAME<TAB>error<TAB>MESSAGE` with Helm's parse error wording.

use std::io::{BufRead, Write};

use chartguard::render::HelmVersion;
use chartguard::render::errors::parse_error_message;
use chartguard::render::funcs::{FuncOptions, helm_funcs};
use gotemplate::{GoVersion, TemplateSet};

fn main() {
    let version = match std::env::args().nth(1).as_deref() {
        Some("4") => HelmVersion::V4,
        _ => HelmVersion::V3,
    };
    let funcs = helm_funcs(&FuncOptions {
        helm_version: version,
        seed: Some(0),
    });
    let mut set = TemplateSet::new(funcs);
    set.options.go_version = match version {
        HelmVersion::V3 => GoVersion::Go123,
        HelmVersion::V4 => GoVersion::Go125,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Some((name, path)) = line.split_once('\t') else {
            continue;
        };
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) => {
                let _ = writeln!(out, "{name}\terror\tcannot read {path}: {err}");
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // Each file is parsed on its own, as Helm parses file by file.
        let mut one = set.clone();
        let verdict = match one.parse(name, text) {
            Ok(()) => "ok".to_string(),
            Err(err) => format!("error\t{}", parse_error_message(name, &err)),
        };
        let _ = writeln!(out, "{name}\t{verdict}");
    }
}
