//! Engine benchmark: parse and execute a 5,000-line template that ranges
//! over 10,000 items.
//!
//! `cargo bench --bench engine` prints the best and median of several runs.
//! `cargo bench --bench engine -- --write-chart DIR` writes the same template
//! and data as a chart, so `benches/helm-engine.sh` can time real Helm on it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gotemplate::{FuncMap, MissingKey, TemplateSet, Value};

const TEMPLATE_LINES: usize = 5_000;
const ITEMS: usize = 10_000;

/// A Helm-like template: a long static-ish manifest with actions on most
/// lines, and one range over every item.
fn template() -> String {
    let mut t = String::new();
    let mut lines = 0;
    t.push_str("{{- $root := . }}\n");
    lines += 1;
    t.push_str("items:\n{{- range $i, $item := .Values.items }}\n  - name: {{ $item.name | printf \"%q\" }}\n    index: {{ $i }}\n    port: {{ $item.port }}\n    {{- if $item.enabled }}\n    enabled: true\n    {{- else }}\n    enabled: false\n    {{- end }}\n    labels: {{ $item.labels }}\n{{- end }}\n");
    lines += 11;
    let mut block = 0;
    while lines < TEMPLATE_LINES {
        let _ = write!(
            t,
            "section{block}:\n  name: {{{{ .Values.name }}}}-{block}\n  {{{{- if .Values.enabled }}}}\n  replicas: {{{{ .Values.replicas }}}}\n  {{{{- end }}}}\n  image: \"{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}\"\n  count: {{{{ len .Values.items }}}}\n  {{{{- with .Values.image }}}}\n  pull: {{{{ .pullPolicy }}}}\n  {{{{- end }}}}\n"
        );
        lines += 10;
        block += 1;
    }
    t
}

fn values() -> Value {
    let items: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let mut m = BTreeMap::new();
            m.insert(Arc::from("name"), Value::from(format!("item-{i}")));
            m.insert(Arc::from("port"), Value::from(8000.0 + i as f64));
            m.insert(Arc::from("enabled"), Value::from(i % 2 == 0));
            let mut labels = BTreeMap::new();
            labels.insert(Arc::from("app"), Value::from("bench"));
            labels.insert(Arc::from("tier"), Value::from(format!("t{}", i % 7)));
            m.insert(Arc::from("labels"), Value::map(labels));
            Value::map(m)
        })
        .collect();
    let mut image = BTreeMap::new();
    image.insert(
        Arc::from("repository"),
        Value::from("registry.example.com/model-server"),
    );
    image.insert(Arc::from("tag"), Value::from("1.2.3"));
    image.insert(Arc::from("pullPolicy"), Value::from("IfNotPresent"));
    let mut v = BTreeMap::new();
    v.insert(Arc::from("items"), Value::from(items));
    v.insert(Arc::from("name"), Value::from("bench"));
    v.insert(Arc::from("enabled"), Value::from(true));
    v.insert(Arc::from("replicas"), Value::from(3.0));
    v.insert(Arc::from("image"), Value::map(image));
    let mut top = BTreeMap::new();
    top.insert(Arc::from("Values"), Value::map(v));
    Value::map(top)
}

fn values_yaml() -> String {
    let mut y = String::from(
        "name: bench\nenabled: true\nreplicas: 3\nimage:\n  repository: registry.example.com/model-server\n  tag: 1.2.3\n  pullPolicy: IfNotPresent\nitems:\n",
    );
    for i in 0..ITEMS {
        let _ = writeln!(
            y,
            "- name: item-{i}\n  port: {}\n  enabled: {}\n  labels:\n    app: bench\n    tier: t{}",
            8000 + i,
            i % 2 == 0,
            i % 7
        );
    }
    y
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[times.len() / 2])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-chart") {
        let dir = std::path::PathBuf::from(
            args.get(i + 1)
                .map(String::as_str)
                .unwrap_or("/tmp/bench-chart"),
        );
        let _ = std::fs::create_dir_all(dir.join("templates"));
        let written = std::fs::write(
            dir.join("Chart.yaml"),
            "apiVersion: v2\nname: bench\nversion: 0.1.0\n",
        )
        .and_then(|_| std::fs::write(dir.join("values.yaml"), values_yaml()))
        .and_then(|_| std::fs::write(dir.join("templates/bench.yaml"), template()));
        match written {
            Ok(()) => println!("wrote {}", dir.display()),
            Err(err) => eprintln!("cannot write {}: {err}", dir.display()),
        }
        return;
    }
    let text = template();
    let data = values();
    let new_set = || {
        let mut set = TemplateSet::new(FuncMap::new());
        set.options.missing_key = MissingKey::Zero;
        set
    };
    let (parse_best, parse_median) = time(20, || {
        let mut set = new_set();
        set.parse("bench", &text).map(|_| set)
    });
    let mut set = new_set();
    if let Err(err) = set.parse("bench", &text) {
        eprintln!("bench template does not parse: {err}");
        std::process::exit(1);
    }
    let mut out_len = 0;
    let (exec_best, exec_median) = time(10, || {
        let out = set.execute("bench", &data);
        if let Ok(out) = &out {
            out_len = out.text.len();
        }
        out
    });
    set.options.source_map = true;
    let (map_best, map_median) = time(10, || set.execute("bench", &data));
    println!(
        "template: {} lines, {} bytes; data: {ITEMS} items; output: {out_len} bytes",
        text.lines().count(),
        text.len()
    );
    println!("parse:                    best {parse_best:>10.2?}  median {parse_median:>10.2?}");
    println!("execute:                  best {exec_best:>10.2?}  median {exec_median:>10.2?}");
    println!("execute with source map:  best {map_best:>10.2?}  median {map_median:>10.2?}");
}
