//! Helm's `values.Options.MergeValues` (pkg/cli/values): the user's values
//! from `-f`/`--values` files and the `--set*` flags.
//!
//! Files are merged in order (later files win; tables merge deeply,
//! anything else replaces), then every `--set-json`, `--set`,
//! `--set-string`, `--set-file` and `--set-literal` is parsed into the
//! result, in that order whatever the order on the command line.
//!
//! Helm 3 reads the first YAML document of each file; Helm 4 reads all of
//! them (split at `---` lines) and merges them, and its `--set-json` also
//! takes a whole JSON object (`--set-json '{"a":1}'`).
//!
//! Each scalar keeps where it came from: file values get origins in the
//! file's lines; `--set*` values get origins in a pseudo-file per flag
//! (path `--set #1`, text the flag's argument).

use std::ops::Range;

use gotemplate::{MapRef, Origin, Value};

pub use super::strvals::ReadFile;
use super::strvals::{self, Hooks, SetKind, StrvalsError};
use super::{as_table, grow, new_table};
use crate::render::HelmVersion;
use crate::render::funcs::gojson;
use crate::yaml::{self, FileId, OriginEntry, OriginTable, Position, YamlError};

/// The values flags of `helm template`, in the order given for each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueOptions {
    /// `-f`/`--values`.
    pub value_files: Vec<String>,
    /// `--set-string`.
    pub string_values: Vec<String>,
    /// `--set`.
    pub values: Vec<String>,
    /// `--set-file`.
    pub file_values: Vec<String>,
    /// `--set-json`.
    pub json_values: Vec<String>,
    /// `--set-literal`.
    pub literal_values: Vec<String>,
}

/// Why the user's values could not be gathered, worded as Helm words it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeValuesError {
    /// A `-f` file could not be read: the reader's message, which Helm
    /// prints alone (`open a.yaml: no such file or directory`).
    #[error("{message}")]
    Read { path: String, message: String },
    /// A `-f` file is not a YAML map. `position` is in the file (Helm 4's
    /// own message counts lines from the start of the document).
    #[error("failed to parse {path}: {message}")]
    Parse {
        path: String,
        message: String,
        position: Option<Position>,
    },
    /// A `--set-json` line that does not parse; Helm hides why, `detail`
    /// keeps it.
    #[error("failed parsing --set-json data {line}")]
    Json {
        index: usize,
        line: String,
        detail: StrvalsError,
    },
    /// Helm 4: a `--set-json` JSON object that does not parse.
    #[error("failed parsing --set-json data JSON: {line}")]
    JsonObject {
        index: usize,
        line: String,
        detail: String,
    },
    /// A `--set`, `--set-string`, `--set-file` or `--set-literal` line
    /// that does not parse; `index` counts flags of that kind from 0.
    #[error("failed parsing {} data: {source}", .kind.flag())]
    Set {
        kind: SetKind,
        index: usize,
        source: StrvalsError,
    },
}

/// `Options.MergeValues`. `read_file` reads `-f` files and `--set-file`
/// values (Helm reads `-` from stdin and URLs through its getters; the
/// caller decides what is allowed). Origins are recorded in `origins` when
/// given.
pub fn merge_values(
    opts: &ValueOptions,
    read_file: &mut ReadFile<'_>,
    mut origins: Option<&mut OriginTable>,
    helm: HelmVersion,
) -> Result<MapRef, MergeValuesError> {
    let mut base = new_table();

    for path in &opts.value_files {
        let bytes = read_file(path).map_err(|message| MergeValuesError::Read {
            path: path.clone(),
            message,
        })?;
        let current = load_values_file(&bytes, path, origins.as_deref_mut(), helm).map_err(
            |(message, position)| MergeValuesError::Parse {
                path: path.clone(),
                message,
                position,
            },
        )?;
        base = merge_maps(&base, &current);
    }

    for (index, line) in opts.json_values.iter().enumerate() {
        let trimmed = line.trim();
        if helm == HelmVersion::V4 && trimmed.starts_with('{') {
            let parsed =
                gojson::unmarshal(trimmed.as_bytes(), gojson::Target::Map).map_err(|e| {
                    MergeValuesError::JsonObject {
                        index,
                        line: line.clone(),
                        detail: e.0,
                    }
                })?;
            let origin =
                flag_origin(origins.as_deref_mut(), SetKind::SetJson, index, line)(0..line.len());
            let parsed = strvals::with_origins(parsed, origin);
            let parsed = as_table(&parsed).cloned().unwrap_or_else(new_table);
            base = merge_maps(&base, &parsed);
            continue;
        }
        let mut mint = flag_origin(origins.as_deref_mut(), SetKind::SetJson, index, line);
        let mut hooks = Hooks {
            read_file: None,
            origin: Some(&mut mint),
        };
        strvals::parse_into(SetKind::SetJson, line, &base, helm, &mut hooks).map_err(|detail| {
            MergeValuesError::Json {
                index,
                line: line.clone(),
                detail,
            }
        })?;
    }

    let kinds = [
        (SetKind::Set, &opts.values),
        (SetKind::SetString, &opts.string_values),
        (SetKind::SetFile, &opts.file_values),
        (SetKind::SetLiteral, &opts.literal_values),
    ];
    for (kind, lines) in kinds {
        for (index, line) in lines.iter().enumerate() {
            let mut mint = flag_origin(origins.as_deref_mut(), kind, index, line);
            let mut read = |path: &str| read_file(path);
            let mut hooks = Hooks {
                read_file: if kind == SetKind::SetFile {
                    Some(&mut read)
                } else {
                    None
                },
                origin: Some(&mut mint),
            };
            strvals::parse_into(kind, line, &base, helm, &mut hooks).map_err(|source| {
                MergeValuesError::Set {
                    kind,
                    index,
                    source,
                }
            })?;
        }
    }
    Ok(base)
}

/// An origin minter for one flag: registers the flag's text as a
/// pseudo-file the first time an origin is asked for.
fn flag_origin<'t>(
    table: Option<&'t mut OriginTable>,
    kind: SetKind,
    index: usize,
    line: &'t str,
) -> impl FnMut(Range<usize>) -> Option<Origin> + 't {
    let mut table = table;
    let mut file: Option<FileId> = None;
    move |span: Range<usize>| {
        let table = table.as_deref_mut()?;
        let id = *file
            .get_or_insert_with(|| table.add_file(format!("{} #{}", kind.flag(), index + 1), line));
        let (line_no, column) = line_column(line, span.start);
        table.record(OriginEntry {
            file: id,
            span,
            line: line_no,
            column,
        })
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let position = crate::yaml::Position::of(text.as_bytes(), offset);
    (position.line, position.column)
}

/// Helm's `mergeMaps` (Helm 4's `loader.MergeMaps`): a new map with `b`
/// over `a`, tables merged recursively (into new maps), anything else
/// replaced.
pub fn merge_maps(a: &MapRef, b: &MapRef) -> MapRef {
    grow(|| {
        let out = MapRef::from_entries(a.with(|m| m.entries.clone()));
        for (k, v) in b.entries() {
            if let Some(v_table) = as_table(&v)
                && let Some(existing) = out.get(&k)
                && let Some(existing_table) = as_table(&existing)
            {
                let merged = merge_maps(existing_table, v_table);
                out.insert(k, Value::Map(merged));
                continue;
            }
            out.insert(k, v);
        }
        out
    })
}

/// Loads a user values file as Helm does: Helm 3 `yaml.Unmarshal`s the
/// first document into a map; Helm 4 (`loader.LoadValues`) splits the
/// file at `---` lines and merges every document's map. Returns Helm's
/// message (after `failed to parse PATH: `) and the position in the file
/// on failure. Origins go to `origins` under a new file named `path`.
pub fn load_values_file(
    bytes: &[u8],
    path: &str,
    origins: Option<&mut OriginTable>,
    helm: HelmVersion,
) -> Result<MapRef, (String, Option<Position>)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let message = "error converting YAML to JSON: yaml: invalid leading UTF-8 octet";
            let message = match helm {
                HelmVersion::V3 => message.to_string(),
                HelmVersion::V4 => format!("cannot unmarshal yaml document: {message}"),
            };
            let offset = e.valid_up_to();
            let (line, column) = line_column(
                std::str::from_utf8(&bytes[..offset]).unwrap_or_default(),
                offset,
            );
            return Err((
                message,
                Some(Position {
                    offset,
                    line,
                    column,
                }),
            ));
        }
    };
    match helm {
        HelmVersion::V3 => {
            let loaded = match origins {
                Some(table) => {
                    let id = table.add_file(path, text);
                    yaml::load_values(text, Some((table, id)))
                }
                None => yaml::load_values(text, None),
            };
            let value = loaded.map_err(|e: YamlError| (e.message, e.position))?;
            Ok(as_table(&value).cloned().unwrap_or_else(new_table))
        }
        HelmVersion::V4 => load_documents(text, path, origins),
    }
}

/// One document as Kubernetes' `YAMLReader` returns it.
struct Document {
    /// The lines, each ending in `\n` (a `\r\n` ending becomes `\n`).
    text: String,
    /// For each line of `text`: its byte offset there and in the file,
    /// and its 0-based line number in the file.
    lines: Vec<(usize, usize, usize)>,
}

/// Kubernetes' `YAMLReader.Read` over the whole file.
fn split_documents(text: &str) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    let mut current = Document {
        text: String::new(),
        lines: Vec::new(),
    };
    let mut offset = 0;
    let mut line_no = 0;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let raw = &text[offset..end];
        let content = raw
            .strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .unwrap_or(raw);
        if let Some(rest) = content.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {trimmed}"));
            }
            if !current.text.is_empty() {
                docs.push(std::mem::replace(
                    &mut current,
                    Document {
                        text: String::new(),
                        lines: Vec::new(),
                    },
                ));
                offset = end;
                line_no += 1;
                continue;
            }
        }
        current.lines.push((current.text.len(), offset, line_no));
        current.text.push_str(content);
        current.text.push('\n');
        offset = end;
        line_no += 1;
    }
    if !current.text.is_empty() {
        docs.push(current);
    }
    Ok(docs)
}

/// Helm 4's `loader.LoadValues`.
fn load_documents(
    text: &str,
    path: &str,
    mut origins: Option<&mut OriginTable>,
) -> Result<MapRef, (String, Option<Position>)> {
    let docs =
        split_documents(text).map_err(|e| (format!("error reading yaml document: {e}"), None))?;
    let file = origins
        .as_deref_mut()
        .map(|table| table.add_file(path, text));
    let mut values = new_table();
    for doc in &docs {
        let mut scratch = OriginTable::new();
        let scratch_file = scratch.add_file(path, doc.text.as_str());
        let want_origins = origins.is_some();
        let loaded = yaml::unmarshal(
            &doc.text,
            yaml::Target::Map,
            want_origins.then_some((&mut scratch, scratch_file)),
        );
        let value = loaded.map_err(|e| {
            let position = e.position.map(|p| doc_position(doc, text, p));
            (
                format!("cannot unmarshal yaml document: {}", e.message),
                position,
            )
        })?;
        let value = match (origins.as_deref_mut(), file) {
            (Some(table), Some(file)) => remap_origins(value, &scratch, table, file, doc, text),
            _ => value,
        };
        let current = as_table(&value).cloned().unwrap_or_else(new_table);
        values = merge_maps(&values, &current);
    }
    Ok(values)
}

/// The file position of a position in a document.
fn doc_position(doc: &Document, file_text: &str, p: Position) -> Position {
    let line_index = match doc
        .lines
        .binary_search_by(|(start, _, _)| start.cmp(&p.offset))
    {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let Some(&(doc_start, file_start, file_line)) = doc.lines.get(line_index) else {
        return p;
    };
    let offset = (file_start + (p.offset - doc_start)).min(file_text.len());
    Position {
        offset,
        line: file_line + 1,
        column: p.column,
    }
}

/// Re-records the origins of a document's scalars against the file.
fn remap_origins(
    v: Value,
    scratch: &OriginTable,
    table: &mut OriginTable,
    file: FileId,
    doc: &Document,
    file_text: &str,
) -> Value {
    grow(|| match v {
        Value::Map(m) => {
            for (k, item) in m.entries() {
                let item = remap_origins(item, scratch, table, file, doc, file_text);
                m.insert(k, item);
            }
            Value::Map(m)
        }
        Value::List(list) => Value::list(
            list.elem,
            list.items
                .iter()
                .map(|item| remap_origins(item.clone(), scratch, table, file, doc, file_text))
                .collect(),
        ),
        scalar => {
            let Some(entry) = scalar.origin().and_then(|o| scratch.get(o)) else {
                return scalar;
            };
            let start = doc_position(
                doc,
                file_text,
                Position {
                    offset: entry.span.start,
                    line: entry.line,
                    column: entry.column,
                },
            );
            let end = doc_position(
                doc,
                file_text,
                Position {
                    offset: entry.span.end,
                    line: 0,
                    column: 0,
                },
            );
            let origin = table.record(OriginEntry {
                file,
                span: start.offset..end.offset.max(start.offset),
                line: start.line,
                column: entry.column,
            });
            scalar.with_origin(origin)
        }
    })
}

#[cfg(test)]
mod tests;
