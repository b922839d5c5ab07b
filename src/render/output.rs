//! What `helm template` prints from the rendered files: NOTES.txt left out,
//! documents split and sorted into install order, hooks after them, CRDs
//! first with `--include-crds` (pkg/action/action.go `renderResources`,
//! pkg/releaseutil, cmd/helm/template.go).

use std::sync::LazyLock;

use gotemplate::Value;
use regex::Regex;

use super::HelmVersion;
use super::engine::{RenderError, RenderedFile};
use crate::yaml::{GoShape, json_field};

/// Helm's kind order for installing (`releaseutil.InstallOrder`).
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// Helm 4 installs webhook configurations last.
const INSTALL_ORDER_V4_EXTRA: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    // Helm 2's name, still accepted.
    "test-success",
];

/// One document of a rendered file.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The template file it came from.
    pub path: String,
    pub content: String,
    pub kind: String,
    pub api_version: String,
    /// For hooks: whether one of its events is `test`.
    pub is_test_hook: bool,
}

/// `releaseutil.SplitManifests`: documents split at `---` lines, trimmed,
/// empty ones dropped.
pub fn split_manifests(text: &str) -> Vec<&str> {
    // Helm splits on the regexp `(?:^|\s*\n)---\s*` (Go's \s is ASCII
    // white space). Compiling it cost a tenth of a small chart's render, so
    // its leftmost-first matches are found directly: `---` at the start,
    // or `\n---` together with the white space run that ends in that line
    // break; each match takes the white space after it.
    let trimmed = text.trim_matches(is_go_space);
    let bytes = trimmed.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    let mut docs = Vec::new();
    let mut doc_start = 0;
    let mut search = 0;
    loop {
        let (start, dashes_end) = if search == 0 && bytes.starts_with(b"---") {
            (0, 3)
        } else {
            let Some(found) = memchr::memmem::find(&bytes[search..], b"\n---") else {
                break;
            };
            let newline = search + found;
            let mut start = newline;
            while start > search && is_space(bytes[start - 1]) {
                start -= 1;
            }
            (start, newline + 4)
        };
        let end = dashes_end
            + bytes[dashes_end..]
                .iter()
                .take_while(|&&b| is_space(b))
                .count();
        docs.push(&trimmed[doc_start..start]);
        doc_start = end;
        search = end;
    }
    docs.push(&trimmed[doc_start..]);
    docs.into_iter()
        .filter(|doc| !doc.is_empty())
        .map(|doc| doc.trim_matches(is_go_space))
        .collect()
}

/// Go's `strings.TrimSpace` trims Unicode white space.
fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

fn kind_rank(kind: &str, helm: HelmVersion) -> Option<usize> {
    INSTALL_ORDER
        .iter()
        .chain(match helm {
            HelmVersion::V3 => [].iter(),
            HelmVersion::V4 => INSTALL_ORDER_V4_EXTRA.iter(),
        })
        .position(|k| *k == kind)
}

/// `lessByKind`: known kinds in install order, unknown kinds after them in
/// alphabetical order; a stable sort keeps file order otherwise.
fn sort_by_kind(manifests: &mut [Manifest], helm: HelmVersion) {
    manifests.sort_by(
        |a, b| match (kind_rank(&a.kind, helm), kind_rank(&b.kind, helm)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.kind.cmp(&b.kind),
        },
    );
}

/// The part of a document Helm reads to sort it (`releaseutil.SimpleHead`).
#[derive(Default)]
struct Head {
    api_version: String,
    kind: String,
    hook: Option<String>,
}

/// `SimpleHead`'s fields, for sigs.k8s.io/yaml's string coercion.
const HEAD_FIELDS: &[(&str, GoShape)] = &[
    ("apiVersion", GoShape::String),
    ("kind", GoShape::String),
    ("metadata", GoShape::Struct(METADATA_FIELDS)),
];
const METADATA_FIELDS: &[(&str, GoShape)] = &[
    ("name", GoShape::String),
    ("annotations", GoShape::StringMap),
];

/// How encoding/json names `SimpleHead.Metadata`'s anonymous struct type.
const METADATA_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// encoding/json's decoding of the head: keys in sorted order (as
/// json.Marshal wrote them), a later key filling the same field wins, and
/// the first type error is reported after the whole object is read. A
/// field of an anonymous struct is named `.metadata.name` in errors.
fn read_head(doc: &str, path: &str, helm: HelmVersion) -> Result<Head, RenderError> {
    let fail = |message: String| RenderError {
        message: format!("YAML parse error on {path}: {message}"),
        file: Some(path.to_string()),
        offset: None,
        line: None,
    };
    // Only these fields are read, but any error in the document counts.
    let value = crate::yaml::unmarshal_struct(doc, HEAD_FIELDS).map_err(|err| {
        let mut failure = fail(err.to_string());
        // Helm counts lines within the document; keep where in it the
        // problem is so the caller can find the template line behind it.
        failure.offset = err.position.map(|p| p.offset);
        failure
    })?;
    let type_error = |kind: &str, field: &str, go_type: &str| {
        fail(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go struct field {field} of type {go_type}"
        ))
    };
    let map = match &value {
        Value::Map(map) => map.clone(),
        Value::Nil => return Ok(Head::default()),
        other => {
            let type_name = match helm {
                HelmVersion::V3 => "releaseutil.SimpleHead",
                HelmVersion::V4 => "util.SimpleHead",
            };
            return Err(fail(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type {type_name}",
                json_kind(other)
            )));
        }
    };
    let mut head = Head::default();
    let mut first_error: Option<RenderError> = None;
    let mut keep_first = |err: RenderError| {
        first_error.get_or_insert(err);
    };
    for (key, value) in map.entries() {
        match json_field(HEAD_FIELDS, &key).map(|&(name, _)| name) {
            Some(field @ ("apiVersion" | "kind")) => match value {
                Value::String(s, _) => {
                    let slot = if field == "kind" {
                        &mut head.kind
                    } else {
                        &mut head.api_version
                    };
                    *slot = s.to_string();
                }
                Value::Nil => {}
                other => keep_first(type_error(
                    json_kind(&other),
                    &format!("SimpleHead.{field}"),
                    "string",
                )),
            },
            Some(_) => match value {
                Value::Map(metadata) => {
                    for (key, value) in metadata.entries() {
                        match json_field(METADATA_FIELDS, &key).map(|&(name, _)| name) {
                            Some("name") => match value {
                                Value::String(..) | Value::Nil => {}
                                other => keep_first(type_error(
                                    json_kind(&other),
                                    ".metadata.name",
                                    "string",
                                )),
                            },
                            Some(_) => match value {
                                Value::Map(annotations) => {
                                    for (key, value) in annotations.entries() {
                                        match value {
                                            Value::String(s, _) => {
                                                if &*key == "helm.sh/hook" {
                                                    head.hook = Some(s.to_string());
                                                }
                                            }
                                            // A null element decodes as "".
                                            Value::Nil => {
                                                if &*key == "helm.sh/hook" {
                                                    head.hook = Some(String::new());
                                                }
                                            }
                                            other => keep_first(type_error(
                                                json_kind(&other),
                                                ".metadata.annotations",
                                                "string",
                                            )),
                                        }
                                    }
                                }
                                // A null map clears what an earlier key set.
                                Value::Nil => head.hook = None,
                                other => keep_first(type_error(
                                    json_kind(&other),
                                    ".metadata.annotations",
                                    "map[string]string",
                                )),
                            },
                            None => {}
                        }
                    }
                }
                // A null pointer clears what an earlier key set.
                Value::Nil => head.hook = None,
                other => keep_first(type_error(
                    json_kind(&other),
                    "SimpleHead.metadata",
                    METADATA_TYPE,
                )),
            },
            None => {}
        }
    }
    match first_error {
        Some(err) => Err(err),
        None => Ok(head),
    }
}

/// Points a YAML error of a rendered document at the template span that
/// printed the failing text, through the file's source map: Helm only says
/// which line of the rendered document is wrong.
fn locate(mut err: RenderError, file: &RenderedFile, doc: &str) -> RenderError {
    let doc_start = (doc.as_ptr() as usize).saturating_sub(file.text.as_ptr() as usize);
    let Some(offset_in_doc) = err.offset.take() else {
        return err;
    };
    // The error is often reported at the start of the next token; look back
    // to the last printed byte at or before it.
    let target = (doc_start + offset_in_doc).min(file.text.len().saturating_sub(1));
    let segment = (0..=target)
        .rev()
        .take(256)
        .find_map(|offset| file.source_map.lookup(offset));
    if let Some(segment) = segment {
        err.file = Some(segment.template.to_string());
        err.offset = Some(segment.span.start);
        err.line = None;
    }
    err
}

/// How encoding/json names a JSON value's type in unmarshal errors.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::String(..) => "string",
        Value::Float(..) | Value::Int(_) | Value::Int64(..) => "number",
        Value::Bool(..) => "bool",
        Value::List(_) => "array",
        Value::Map(_) => "object",
        _ => "null",
    }
}

/// `releaseutil.SortManifests`: manifests and hooks, each in install order.
pub fn sort_manifests(
    files: &[RenderedFile],
    helm: HelmVersion,
) -> Result<(Vec<Manifest>, Vec<Manifest>), RenderError> {
    let mut sorted: Vec<&RenderedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut generic = Vec::new();
    let mut hooks = Vec::new();
    for file in sorted {
        let base = file.name.rsplit('/').next().unwrap_or(&file.name);
        if base.starts_with('_') || file.text.trim_matches(is_go_space).is_empty() {
            continue;
        }
        for doc in split_manifests(&file.text) {
            let head = read_head(doc, &file.name, helm).map_err(|err| locate(err, file, doc))?;
            let mut manifest = Manifest {
                path: file.name.clone(),
                content: doc.to_string(),
                kind: head.kind,
                api_version: head.api_version,
                is_test_hook: false,
            };
            match head.hook {
                None => generic.push(manifest),
                Some(events) => {
                    let events: Vec<String> =
                        events.split(',').map(|e| e.trim().to_lowercase()).collect();
                    // Helm skips a document with an unknown hook event.
                    if events.iter().any(|e| !HOOK_EVENTS.contains(&e.as_str())) {
                        continue;
                    }
                    manifest.is_test_hook =
                        events.iter().any(|e| e == "test" || e == "test-success");
                    hooks.push(manifest);
                }
            }
        }
    }
    sort_by_kind(&mut generic, helm);
    sort_by_kind(&mut hooks, helm);
    Ok((generic, hooks))
}

/// How `helm template` lays out its output.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    pub include_crds: bool,
    pub skip_tests: bool,
    pub no_hooks: bool,
    /// `--show-only` patterns (`templates/x.yaml`, globs allowed).
    pub show_only: Vec<String>,
}

/// A CRD file from a chart's `crds/`, named as Helm prints it.
pub struct CrdFile {
    pub name: String,
    pub content: String,
}

/// Assembles `helm template`'s standard output.
pub fn template_output(
    files: &[RenderedFile],
    root_chart: &str,
    crds: &[CrdFile],
    helm: HelmVersion,
    options: &OutputOptions,
) -> Result<String, RenderError> {
    let notes_suffix = "NOTES.txt";
    let _ = root_chart;
    let files: Vec<RenderedFile> = files
        .iter()
        .filter(|f| !f.name.ends_with(notes_suffix))
        .cloned()
        .collect();
    let (manifests, hooks) = sort_manifests(&files, helm)?;
    let mut release_manifest = String::new();
    if options.include_crds {
        for crd in crds {
            release_manifest.push_str(&format!("---\n# Source: {}\n{}\n", crd.name, crd.content));
        }
    }
    for m in &manifests {
        release_manifest.push_str(&format!("---\n# Source: {}\n{}\n", m.path, m.content));
    }
    let mut out = String::new();
    out.push_str(release_manifest.trim_matches(is_go_space));
    out.push('\n');
    if !options.no_hooks {
        for hook in &hooks {
            if options.skip_tests && hook.is_test_hook {
                continue;
            }
            out.push_str(&format!("---\n# Source: {}\n{}\n", hook.path, hook.content));
        }
    }
    if options.show_only.is_empty() {
        return Ok(out);
    }
    show_only(&out, &options.show_only)
}

/// `--show-only`: the documents whose source path (without the chart name)
/// matches one of the patterns, pattern by pattern.
fn show_only(out: &str, patterns: &[String]) -> Result<String, RenderError> {
    static SOURCE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"# Source: [^/]+/(.+)").expect("valid source regex"));
    let docs = split_manifests(out);
    let mut selected = String::new();
    for pattern in patterns {
        let mut missing = true;
        for doc in &docs {
            let Some(name) = SOURCE.captures(doc).and_then(|c| c.get(1)) else {
                continue;
            };
            if !glob_match(pattern, name.as_str()) {
                continue;
            }
            selected.push_str(&format!("---\n{doc}\n"));
            missing = false;
        }
        if missing {
            return Err(RenderError {
                message: format!("could not find template {pattern} in chart"),
                file: None,
                offset: None,
                line: None,
            });
        }
    }
    Ok(selected)
}

/// Go's `filepath.Match` on `/`-separated names: `*` and `?` stay within a
/// path segment, `[...]` classes, `\` escapes.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    fn matches(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => {
                let rest = &p[1..];
                for i in 0..=n.len() {
                    if matches(rest, &n[i..]) {
                        return true;
                    }
                    if i < n.len() && n[i] == '/' {
                        break;
                    }
                }
                false
            }
            Some('?') => !n.is_empty() && n[0] != '/' && matches(&p[1..], &n[1..]),
            Some('[') => {
                let Some(close) = p.iter().position(|&c| c == ']') else {
                    return false;
                };
                if n.is_empty() || n[0] == '/' {
                    return false;
                }
                let class = &p[1..close];
                let (negate, class) = match class.first() {
                    Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut found = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        if class[i] <= n[0] && n[0] <= class[i + 2] {
                            found = true;
                        }
                        i += 3;
                    } else {
                        if class[i] == n[0] {
                            found = true;
                        }
                        i += 1;
                    }
                }
                found != negate && matches(&p[close + 1..], &n[1..])
            }
            Some('\\') if p.len() > 1 => !n.is_empty() && n[0] == p[1] && matches(&p[2..], &n[1..]),
            Some(c) => !n.is_empty() && n[0] == *c && matches(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    matches(&p, &n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_manifests_like_helm() {
        // The blank lines after a separator are eaten by it, so the next
        // `---` is not at a line start for Go's regexp: Helm prints it.
        let docs = split_manifests("a: 1\n---\nb: 2\n---   \n\n---\nc: 3\n");
        assert_eq!(docs, ["a: 1", "b: 2", "---\nc: 3"]);
        assert_eq!(split_manifests("---\na: 1"), ["a: 1"]);
    }

    #[test]
    fn split_manifests_agrees_with_helms_regexp() {
        let separator =
            Regex::new(r"(?:^|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*").expect("valid regex");
        let by_regexp = |text: &str| -> Vec<String> {
            separator
                .split(text.trim_matches(is_go_space))
                .filter(|doc| !doc.is_empty())
                .map(|doc| doc.trim_matches(is_go_space).to_string())
                .collect()
        };
        // Every string of up to 7 pieces from an alphabet that exercises
        // the separator's edges.
        let pieces = ["-", "---", "\n", " ", "\t", "a", "\r\n", "\x0C"];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let mut longer = Vec::new();
            for text in &texts {
                for piece in pieces {
                    longer.push(format!("{text}{piece}"));
                }
            }
            texts.extend(longer);
            texts.dedup();
        }
        assert!(texts.len() > 50_000);
        for text in &texts {
            assert_eq!(split_manifests(text), by_regexp(text), "{text:?}");
        }
    }

    #[test]
    fn glob_match_like_filepath_match() {
        assert!(glob_match("templates/*.yaml", "templates/a.yaml"));
        assert!(!glob_match("templates/*", "templates/sub/a.yaml"));
        assert!(glob_match("templates/[a-c].yaml", "templates/b.yaml"));
    }
}
