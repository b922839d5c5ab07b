//! Loading a chart from a directory or a `.tgz`, as Helm's
//! pkg/chart/loader does (v3.17.1; v4.1.4's pkg/chart/v2/loader where
//! they differ).
//!
//! - A directory is walked in lexical order per directory (Helm's
//!   `sympath.Walk`), skipping what `.helmignore` and Helm's default rule
//!   (`templates/.?*`) exclude. Symlinks are followed, as Helm does, but
//!   only while they stay inside the chart directory: a link that leaves it
//!   is refused, and so is a link cycle.
//! - An archive is read with Helm's path checks (see `archive.rs`);
//!   `.helmignore` does not apply to archives.
//! - The files are then sorted as Helm's `LoadFiles` sorts them: Chart.yaml
//!   first, Chart.lock, values.yaml, values.schema.json, requirements.yaml
//!   and requirements.lock (apiVersion v1), `templates/`, `charts/` (each
//!   directory or `.tgz` under it a subchart, loaded recursively; names
//!   starting with `_` or `.` skipped; `*.prov` kept as files), and
//!   everything else into `files`.
//!
//! Every error carries Helm's message and the file (and line) it is about.
//! One [`OriginTable`] is threaded through the whole tree: the root chart's
//! `origins` resolves the origins of every values.yaml in it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gotemplate::Value;

use super::archive::{self, ArchiveLimits, BufferedFile};
use super::ignore::IgnoreRules;
use super::metadata::{self, DecodeError, RawMetadata};
use super::{Chart, ChartError, ChartErrorKind, ChartFile};
use crate::render::HelmVersion;
use crate::yaml::{FileId, OriginEntry, OriginTable, Position};

/// Helm 4's `MaxDecompressedChartSize`.
pub const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;
/// Helm 4's `MaxDecompressedFileSize`.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// How to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Whose loader to follow where Helm 3.17.1 and 4.1.4 differ:
    /// Helm 4 merges every document of values.yaml, caps files at 5 MiB,
    /// refuses the names `.` and `..`, and renders only apiVersion v1/v2.
    pub helm: HelmVersion,
    /// Limits of one archive (Helm 4's; with Helm 3, which has none, the
    /// total still applies so that a decompression bomb is refused).
    pub archive: ArchiveLimits,
    /// The most bytes the whole tree may hold: a directory's files plus
    /// every archive inside it, however deeply nested (chartguard's limit,
    /// against archives of archives).
    pub max_total_size: u64,
    /// How deeply charts may nest under `charts/`.
    pub max_depth: usize,
}

impl LoadOptions {
    pub fn new(helm: HelmVersion) -> Self {
        LoadOptions {
            helm,
            archive: ArchiveLimits {
                max_chart_size: MAX_CHART_SIZE,
                max_file_size: match helm {
                    HelmVersion::V3 => None,
                    HelmVersion::V4 => Some(MAX_FILE_SIZE),
                },
            },
            max_total_size: 4 * MAX_CHART_SIZE,
            max_depth: 64,
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::new(HelmVersion::default())
    }
}

/// Loads the chart at `path` (a directory or a packaged `.tgz`) as Helm
/// 3.17.1 does.
pub fn load(path: &Path) -> Result<Chart, ChartError> {
    load_with(path, &LoadOptions::default())
}

/// Loads the chart at `path` with the given options.
pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Chart, ChartError> {
    load_with_warnings(path, options).map(|loaded| loaded.chart)
}

/// A loaded chart and what Helm would have logged while loading it.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub chart: Chart,
    /// Helm's log lines (a symlink followed, requirements.yaml in an
    /// apiVersion v2 chart), each naming its file, for the whole tree.
    pub warnings: Vec<String>,
}

/// [`load_with`], keeping Helm's warnings.
pub fn load_with_warnings(path: &Path, options: &LoadOptions) -> Result<Loaded, ChartError> {
    let display = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            ChartErrorKind::NotFound
        } else {
            ChartErrorKind::Io
        };
        ChartError::new(
            kind,
            format!("path {} not found", gotemplate::strconv::quote(&display)),
        )
        .at(display.clone())
    })?;
    let mut loader = Loader::new(options);
    let mut chart = if meta.is_dir() {
        loader.load_directory(path)?
    } else {
        let absolute = absolute(path);
        let size_cap = options.max_total_size;
        if meta.len() > size_cap {
            return Err(ChartError::new(
                ChartErrorKind::TooLarge,
                format!("archive is larger than the maximum size {size_cap}"),
            )
            .at(display));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            ChartError::new(
                ChartErrorKind::Io,
                format!("file '{absolute}' cannot be read: {}", go_errno(&e)),
            )
            .at(display.clone())
        })?;
        loader.load_archive_file(&display, &absolute, &bytes)?
    };
    let warnings = loader.finish(&mut chart);
    Ok(Loaded { chart, warnings })
}

/// Loads a packaged chart from memory as `helm template x NAME` loads the
/// file NAME; `name_for_messages` names it in errors and in [`Chart::source`].
pub fn load_archive(name_for_messages: &str, bytes: &[u8]) -> Result<Chart, ChartError> {
    load_archive_with(name_for_messages, bytes, &LoadOptions::default())
}

/// [`load_archive`] with the given options.
pub fn load_archive_with(
    name_for_messages: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> Result<Chart, ChartError> {
    let mut loader = Loader::new(options);
    let mut chart = loader.load_archive_file(name_for_messages, name_for_messages, bytes)?;
    loader.finish(&mut chart);
    Ok(chart)
}

/// Go's `filepath.Abs` (no symlink resolution), as Helm prints paths.
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The text of an errno as Go prints it (`no such file or directory`).
fn go_errno(e: &std::io::Error) -> String {
    let text = e.to_string();
    let bare = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = bare.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Joins a chart's display path and a name inside it.
fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else if base.ends_with('/') {
        format!("{base}{name}")
    } else {
        format!("{base}/{name}")
    }
}

struct Loader<'o> {
    options: &'o LoadOptions,
    origins: OriginTable,
    /// Bytes the tree may still hold.
    budget: u64,
    warnings: Vec<String>,
}

/// A directory walk in progress.
struct Walk<'a> {
    /// The chart directory, canonical (for the containment check).
    root: PathBuf,
    /// The chart directory as Helm prints it (absolute, not canonical).
    root_display: String,
    rules: &'a IgnoreRules,
    files: Vec<BufferedFile>,
    /// Canonical directories being walked, to detect symlink cycles.
    ancestors: Vec<PathBuf>,
}

impl<'o> Loader<'o> {
    fn new(options: &'o LoadOptions) -> Self {
        Loader {
            options,
            origins: OriginTable::new(),
            budget: options.max_total_size,
            warnings: Vec::new(),
        }
    }

    /// Hands the shared table to the root chart; returns the warnings.
    fn finish(&mut self, chart: &mut Chart) -> Vec<String> {
        chart.origins = std::mem::take(&mut self.origins);
        std::mem::take(&mut self.warnings)
    }

    fn helm(&self) -> HelmVersion {
        self.options.helm
    }

    /// Helm 4's dispatch on Chart.yaml's apiVersion before loading.
    fn check_api_version(&self, chart_yaml: &[u8], display: &str) -> Result<(), ChartError> {
        if self.helm() != HelmVersion::V4 {
            return Ok(());
        }
        let api_version = metadata::decode_api_version(chart_yaml)
            .map_err(|e| decode_error(ChartErrorKind::ChartYaml, "Chart.yaml", e, display))?;
        match api_version.as_str() {
            "" | "v1" | "v2" => Ok(()),
            // Helm 4.1.4 loads apiVersion v3 charts but refuses to render them.
            "v3" => Err(ChartError::new(
                ChartErrorKind::UnsupportedApiVersion,
                "invalid chart apiVersion",
            )
            .at(display)),
            _ => Err(ChartError::new(
                ChartErrorKind::UnsupportedApiVersion,
                "unsupported chart version",
            )
            .at(display)),
        }
    }

    fn load_directory(&mut self, dir: &Path) -> Result<Chart, ChartError> {
        let display = dir.display().to_string();
        let root_display = absolute(dir);
        let root = dir.canonicalize().map_err(|e| {
            ChartError::new(
                ChartErrorKind::Io,
                format!("{root_display}: {}", go_errno(&e)),
            )
            .at(display.clone())
        })?;
        if self.helm() == HelmVersion::V4 {
            // Helm 4 reads Chart.yaml directly to pick a loader.
            let chart_yaml = format!("{root_display}/Chart.yaml");
            let data = self
                .read_inside(
                    &root,
                    &dir.join("Chart.yaml"),
                    &join(&display, "Chart.yaml"),
                )
                .map_err(|e| match e {
                    ReadFailure::Io(err) => ChartError::new(
                        ChartErrorKind::NotFound,
                        format!(
                            "unable to detect chart at {chart_yaml}: open {chart_yaml}: {}",
                            go_errno(&err)
                        ),
                    )
                    .at(join(&display, "Chart.yaml")),
                    ReadFailure::Chart(err) => err,
                })?;
            self.check_api_version(&data, &join(&display, "Chart.yaml"))?;
        }
        let ignore_path = dir.join(".helmignore");
        let rules = if std::fs::metadata(&ignore_path).is_ok() {
            let ignore_display = join(&display, ".helmignore");
            let data = self
                .read_inside(&root, &ignore_path, &ignore_display)
                .map_err(|e| match e {
                    ReadFailure::Io(err) => ChartError::new(ChartErrorKind::Io, go_errno(&err))
                        .at(ignore_display.clone()),
                    ReadFailure::Chart(err) => err,
                })?;
            if data
                .split(|&b| b == b'\n')
                .any(|line| line.len() >= 64 * 1024)
            {
                // bufio.Scanner's limit.
                return Err(ChartError::new(
                    ChartErrorKind::HelmIgnore,
                    "bufio.Scanner: token too long",
                )
                .at(ignore_display));
            }
            IgnoreRules::parse(&data).map_err(|e| {
                ChartError::new(ChartErrorKind::HelmIgnore, e.message)
                    .at(ignore_display)
                    .at_position(Some(e.line), Some(1))
            })?
        } else {
            IgnoreRules::defaults()
        };
        let mut walk = Walk {
            root: root.clone(),
            root_display,
            rules: &rules,
            files: Vec::new(),
            ancestors: vec![root.clone()],
        };
        self.walk_dir(&mut walk, dir, "", &display)?;
        let files = walk.files;
        self.load_files(files, &display, 0)
    }

    /// Reads a file that must resolve inside `root`.
    fn read_inside(
        &mut self,
        root: &Path,
        path: &Path,
        display: &str,
    ) -> Result<Vec<u8>, ReadFailure> {
        let real = path.canonicalize().map_err(ReadFailure::Io)?;
        if !real.starts_with(root) {
            return Err(ReadFailure::Chart(
                ChartError::new(
                    ChartErrorKind::UnsafePath,
                    format!(
                        "refusing to read {display}: it resolves to {}, outside the chart directory {}",
                        real.display(),
                        root.display()
                    ),
                )
                .at(display),
            ));
        }
        let meta = std::fs::metadata(&real).map_err(ReadFailure::Io)?;
        if meta.len() > self.budget {
            return Err(ReadFailure::Chart(self.total_too_large(display)));
        }
        std::fs::read(&real).map_err(ReadFailure::Io)
    }

    fn total_too_large(&self, display: &str) -> ChartError {
        ChartError::new(
            ChartErrorKind::TooLarge,
            format!(
                "the chart and its subcharts are larger than the maximum total size {}",
                self.options.max_total_size
            ),
        )
        .at(display)
    }

    /// Helm's `sympath.Walk` with `LoadDir`'s callback, below `dir`.
    fn walk_dir(
        &mut self,
        walk: &mut Walk<'_>,
        dir: &Path,
        rel: &str,
        display: &str,
    ) -> Result<(), ChartError> {
        let abs_dir = if rel.is_empty() {
            walk.root_display.clone()
        } else {
            format!("{}/{rel}", walk.root_display)
        };
        let entries = std::fs::read_dir(dir).map_err(|e| {
            ChartError::new(
                ChartErrorKind::Io,
                format!("open {abs_dir}: {}", go_errno(&e)),
            )
            .at(display)
        })?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| {
                ChartError::new(
                    ChartErrorKind::Io,
                    format!("readdirent {abs_dir}: {}", go_errno(&e)),
                )
                .at(display)
            })?;
            names.push(entry.file_name());
        }
        // Go sorts the names as byte strings.
        names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
        for name in names {
            let name_text = name.to_string_lossy().into_owned();
            let child = dir.join(&name);
            let child_rel = if rel.is_empty() {
                name_text.clone()
            } else {
                format!("{rel}/{name_text}")
            };
            let child_display = join(display, &name_text);
            let child_abs = format!("{}/{child_rel}", walk.root_display);
            let lmeta = std::fs::symlink_metadata(&child).map_err(|e| {
                ChartError::new(
                    ChartErrorKind::Io,
                    format!("lstat {child_abs}: {}", go_errno(&e)),
                )
                .at(child_display.clone())
            })?;
            let (meta, real, file_name) = if lmeta.file_type().is_symlink() {
                let real = child.canonicalize().map_err(|e| {
                    let target = std::fs::read_link(&child)
                        .map(|t| {
                            if t.is_absolute() {
                                t
                            } else {
                                Path::new(&abs_dir).join(t)
                            }
                        })
                        .unwrap_or_else(|_| PathBuf::from(&child_abs));
                    ChartError::new(
                        ChartErrorKind::Io,
                        format!(
                            "error evaluating symlink {child_abs}: lstat {}: {}",
                            target.display(),
                            go_errno(&e)
                        ),
                    )
                    .at(child_display.clone())
                })?;
                if !real.starts_with(&walk.root) {
                    return Err(ChartError::new(
                        ChartErrorKind::UnsafePath,
                        format!(
                            "refusing to follow symlink {child_rel}: it resolves to {}, outside the chart directory {}",
                            real.display(),
                            walk.root.display()
                        ),
                    )
                    .at(child_display));
                }
                self.warnings.push(format!(
                    "found symbolic link in path: {child_abs} resolves to {}. Contents of linked file included and used",
                    real.display()
                ));
                let meta = std::fs::metadata(&real).map_err(|e| {
                    ChartError::new(
                        ChartErrorKind::Io,
                        format!("lstat {}: {}", real.display(), go_errno(&e)),
                    )
                    .at(child_display.clone())
                })?;
                let file_name = real
                    .file_name()
                    .map_or_else(|| name_text.clone(), |n| n.to_string_lossy().into_owned());
                (meta, real, file_name)
            } else {
                let real = walk
                    .ancestors
                    .last()
                    .map_or_else(|| child.clone(), |d| d.join(&name));
                (lmeta, real, name_text.clone())
            };
            if meta.is_dir() {
                if walk.rules.is_ignored(&child_rel, true) {
                    continue;
                }
                if let Some(ancestor) = walk.ancestors.iter().find(|a| **a == real) {
                    return Err(ChartError::new(
                        ChartErrorKind::UnsafePath,
                        format!(
                            "refusing to follow symlink {child_rel}: it leads back to {}, which would repeat forever",
                            ancestor.display()
                        ),
                    )
                    .at(child_display));
                }
                walk.ancestors.push(real);
                let result = self.walk_dir(walk, &child, &child_rel, &child_display);
                walk.ancestors.pop();
                result?;
                continue;
            }
            if walk.rules.is_ignored(&child_rel, false) {
                continue;
            }
            if !meta.is_file() {
                return Err(ChartError::new(
                    ChartErrorKind::Io,
                    format!(
                        "cannot load irregular file {child_abs} as it has file mode type bits set"
                    ),
                )
                .at(child_display));
            }
            if let Some(max) = self.options.archive.max_file_size
                && meta.len() > max
            {
                return Err(ChartError::new(
                    ChartErrorKind::TooLarge,
                    format!(
                        "chart file {} is larger than the maximum file size {max}",
                        gotemplate::strconv::quote(&file_name)
                    ),
                )
                .at(child_display));
            }
            if meta.len() > self.budget {
                return Err(self.total_too_large(&child_display));
            }
            let mut data = std::fs::read(&child).map_err(|e| {
                ChartError::new(
                    ChartErrorKind::Io,
                    format!("error reading {child_rel}: {}", go_errno(&e)),
                )
                .at(child_display.clone())
            })?;
            if data.len() as u64 > self.budget {
                return Err(self.total_too_large(&child_display));
            }
            self.budget -= data.len() as u64;
            if data.starts_with(b"\xEF\xBB\xBF") {
                data.drain(..3);
            }
            walk.files.push(BufferedFile {
                name: child_rel,
                data,
            });
        }
        Ok(())
    }

    /// Helm's `LoadFile` on an archive: the content check, then the files.
    fn load_archive_file(
        &mut self,
        display: &str,
        helm_name: &str,
        bytes: &[u8],
    ) -> Result<Chart, ChartError> {
        archive::ensure_archive(helm_name, bytes)
            .map_err(|message| ChartError::new(ChartErrorKind::Archive, message).at(display))?;
        let files = self.read_archive(bytes, display).map_err(|(e, bad_header)| {
            if bad_header {
                ChartError::new(
                    ChartErrorKind::Archive,
                    format!("file '{helm_name}' does not appear to be a valid chart file (details: gzip: invalid header)"),
                )
                .at(display)
            } else if self.helm() == HelmVersion::V4 {
                // Helm 4 drops the detail of a top-level archive's failure.
                ChartError {
                    message: "unable to load chart archive".into(),
                    ..e
                }
            } else {
                e
            }
        })?;
        if self.helm() == HelmVersion::V4 {
            let Some(chart_yaml) = files.iter().find(|f| f.name == "Chart.yaml") else {
                return Err(ChartError::new(
                    ChartErrorKind::Validation,
                    "unable to detect chart version, no Chart.yaml found",
                )
                .at(display));
            };
            self.check_api_version(&chart_yaml.data, &join(display, "Chart.yaml"))?;
        }
        self.load_files(files, display, 0).map_err(|mut e| {
            // Helm 4 finds gzip.ErrHeader through the wrapping of nested
            // charts (errors.Is); Helm 3 compares the error itself.
            if self.helm() == HelmVersion::V4 && e.message.ends_with("gzip: invalid header") {
                e.message = format!(
                    "file '{helm_name}' does not appear to be a valid chart file (details: {})",
                    e.message
                );
            }
            e
        })
    }

    /// Reads an archive within the per-archive and the tree-wide limits.
    fn read_archive(
        &mut self,
        bytes: &[u8],
        display: &str,
    ) -> Result<Vec<BufferedFile>, (ChartError, bool)> {
        let mut limits = self.options.archive;
        let tree_bound = self.budget < limits.max_chart_size;
        if tree_bound {
            limits.max_chart_size = self.budget.saturating_add(1);
        }
        match archive::read_archive(bytes, limits) {
            Ok(files) => {
                let total: u64 = files.iter().map(|f| f.data.len() as u64).sum();
                self.budget = self.budget.saturating_sub(total);
                Ok(files)
            }
            Err(e) if tree_bound && e.kind == ChartErrorKind::TooLarge => {
                Err((self.total_too_large(display), false))
            }
            Err(e) => {
                let bad_header = e.bad_gzip_header || e.message == "gzip: invalid header";
                Err((ChartError::new(e.kind, e.message).at(display), bad_header))
            }
        }
    }

    /// Helm's `LoadFiles`.
    fn load_files(
        &mut self,
        files: Vec<BufferedFile>,
        source: &str,
        depth: usize,
    ) -> Result<Chart, ChartError> {
        let helm = self.helm();
        let at = |name: &str| join(source, name);
        let mut raw: Option<RawMetadata> = None;
        // Chart.yaml first, wherever it is in the list.
        for f in files.iter().filter(|f| f.name == "Chart.yaml") {
            let md = raw.get_or_insert_with(RawMetadata::default);
            metadata::decode_metadata(&f.data, md, helm).map_err(|e| {
                decode_error(
                    ChartErrorKind::ChartYaml,
                    "Chart.yaml",
                    e,
                    &at("Chart.yaml"),
                )
            })?;
            // Helm 2 charts had no apiVersion: they are v1.
            if md.api_version.is_empty() {
                md.api_version = "v1".into();
            }
        }
        let mut templates = Vec::new();
        let mut other = Vec::new();
        let mut values_file = None;
        let mut values = Value::empty_map();
        let mut values_file_id = None;
        let mut schema = None;
        let mut subcharts: BTreeMap<String, Vec<BufferedFile>> = BTreeMap::new();
        for f in files {
            let name = f.name.clone();
            match name.as_str() {
                "Chart.yaml" => {}
                "Chart.lock" | "requirements.lock" => {
                    metadata::decode_lock(&f.data, helm)
                        .map_err(|e| decode_error(ChartErrorKind::Lock, &name, e, &at(&name)))?;
                    if name == "requirements.lock" {
                        let md = raw.get_or_insert_with(RawMetadata::default);
                        if md.api_version != "v1" {
                            self.warnings.push(format!(
                                "{}: Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.",
                                at(&name)
                            ));
                        } else {
                            other.push(chart_file(f));
                        }
                    }
                }
                "values.yaml" => {
                    let (parsed, id) = self.load_values(&f.data, &at(&name))?;
                    values = parsed;
                    values_file_id = Some(id);
                    values_file = Some(chart_file(f));
                }
                "values.schema.json" => schema = Some(chart_file(f)),
                "requirements.yaml" => {
                    let md = raw.get_or_insert_with(RawMetadata::default);
                    let v1 = md.api_version == "v1";
                    if !v1 {
                        self.warnings.push(format!(
                            "{}: Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.",
                            at(&name)
                        ));
                    }
                    metadata::decode_metadata(&f.data, md, helm).map_err(|e| {
                        decode_error(ChartErrorKind::ChartYaml, &name, e, &at(&name))
                    })?;
                    if md.api_version == "v1" {
                        other.push(chart_file(f));
                    }
                }
                n if n.starts_with("templates/") => templates.push(chart_file(f)),
                n if n.starts_with("charts/") => {
                    if extension(n) == ".prov" {
                        other.push(chart_file(f));
                        continue;
                    }
                    let inner = &n["charts/".len()..];
                    let chart_name = inner.split('/').next().unwrap_or("").to_string();
                    subcharts.entry(chart_name).or_default().push(BufferedFile {
                        name: inner.to_string(),
                        data: f.data,
                    });
                }
                _ => other.push(chart_file(f)),
            }
        }
        let Some(raw) = raw else {
            return Err(
                ChartError::new(ChartErrorKind::Validation, "Chart.yaml file is missing")
                    .at(source),
            );
        };
        let chart_yaml = at("Chart.yaml");
        let metadata = metadata::validate(raw, helm).map_err(|e| {
            let (line, column) = position_parts(e.position);
            ChartError::new(ChartErrorKind::Validation, e.message)
                .at(chart_yaml.clone())
                .at_position(line, column)
        })?;
        let mut chart = Chart {
            metadata,
            source: PathBuf::from(source),
            templates,
            values_file,
            values,
            values_file_id,
            schema,
            files: other,
            dependencies: Vec::new(),
            origins: OriginTable::new(),
            original_name: None,
        };
        // Go ranges over a map here (random order); sorting keeps runs
        // reproducible.
        for (n, files) in subcharts {
            if n.starts_with('_') || n.starts_with('.') {
                continue;
            }
            let sub_source = join(source, &format!("charts/{n}"));
            let wrap = format!("error unpacking subchart {n} in {}", chart.metadata.name);
            if depth + 1 > self.options.max_depth {
                return Err(ChartError::new(
                    ChartErrorKind::TooLarge,
                    format!(
                        "charts are nested more than {} levels deep",
                        self.options.max_depth
                    ),
                )
                .at(sub_source));
            }
            let sub = if extension(&n) == ".tgz" {
                let got = files.first().map(|f| f.name.clone()).unwrap_or_default();
                let Some(file) = files.into_iter().next().filter(|f| f.name == n) else {
                    return Err(ChartError::new(
                        ChartErrorKind::Archive,
                        format!(
                            "error unpacking subchart tar in {}: expected {n}, got {got}",
                            chart.metadata.name
                        ),
                    )
                    .at(sub_source));
                };
                let archive_files = self
                    .read_archive(&file.data, &sub_source)
                    .map_err(|(e, _)| e.wrap(&wrap))?;
                self.load_files(archive_files, &sub_source, depth + 1)
                    .map_err(|e| e.wrap(&wrap))?
            } else {
                // Strip `NAME/`; a plain file `charts/NAME` has nothing left.
                let inner: Vec<BufferedFile> = files
                    .into_iter()
                    .filter_map(|f| {
                        let (_, rest) = f.name.split_once('/')?;
                        Some(BufferedFile {
                            name: rest.to_string(),
                            data: f.data,
                        })
                    })
                    .collect();
                self.load_files(inner, &sub_source, depth + 1)
                    .map_err(|e| e.wrap(&wrap))?
            };
            chart.dependencies.push(sub);
        }
        Ok(chart)
    }

    /// values.yaml: Helm 3 reads the first document, Helm 4 merges them
    /// all. Origins are recorded in the tree's table under a new file.
    fn load_values(&mut self, data: &[u8], display: &str) -> Result<(Value, FileId), ChartError> {
        let helm = self.helm();
        let wrap = |message: &str| match helm {
            HelmVersion::V3 => format!("cannot load values.yaml: {message}"),
            HelmVersion::V4 => {
                format!("cannot load values.yaml: cannot unmarshal yaml document: {message}")
            }
        };
        // go-yaml's reader refuses invalid UTF-8 first. Helm 4's document
        // reader ends the last line with `\n`, which go-yaml then sees.
        let checked: std::borrow::Cow<'_, [u8]> =
            if helm == HelmVersion::V4 && !data.is_empty() && !data.ends_with(b"\n") {
                [data, b"\n"].concat().into()
            } else {
                data.into()
            };
        if let Err((problem, offset)) = metadata::check_utf8(&checked) {
            let pos = crate::yaml::Position::of(data, offset);
            return Err(ChartError::new(
                ChartErrorKind::Values,
                wrap(&format!("error converting YAML to JSON: yaml: {problem}")),
            )
            .at(display)
            .at_position(Some(pos.line), Some(pos.column)));
        }
        let mut scratch = OriginTable::new();
        let map = crate::values::options::load_values_file(data, display, Some(&mut scratch), helm)
            .map_err(|(message, position)| {
                let (line, column) = position_parts(position);
                ChartError::new(
                    ChartErrorKind::Values,
                    format!("cannot load values.yaml: {message}"),
                )
                .at(display)
                .at_position(line, column)
            })?;
        let text: Arc<str> = Arc::from(crate::text::lossy(data).as_ref());
        let id = self.origins.add_file(display, text);
        let value = remap_origins(Value::Map(map), &scratch, &mut self.origins, id);
        Ok((value, id))
    }
}

/// Why a file could not be read.
enum ReadFailure {
    Io(std::io::Error),
    Chart(ChartError),
}

/// Go's `filepath.Ext`.
fn extension(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) => &base[i..],
        None => "",
    }
}

fn chart_file(f: BufferedFile) -> ChartFile {
    ChartFile {
        name: f.name,
        data: Arc::from(f.data),
    }
}

fn position_parts(position: Option<Position>) -> (Option<usize>, Option<usize>) {
    match position {
        Some(p) => (Some(p.line), Some(p.column)),
        None => (None, None),
    }
}

/// `cannot load FILE: ...` at the decode error's position.
fn decode_error(kind: ChartErrorKind, file: &str, e: DecodeError, display: &str) -> ChartError {
    let (line, column) = position_parts(e.position);
    ChartError::new(kind, format!("cannot load {file}: {}", e.message))
        .at(display)
        .at_position(line, column)
}

/// Re-records the origins of `v` (from `scratch`) in `table` under `file`.
fn remap_origins(v: Value, scratch: &OriginTable, table: &mut OriginTable, file: FileId) -> Value {
    match v {
        Value::Map(m) => {
            for (k, item) in m.entries() {
                let item = remap_origins(item, scratch, table, file);
                m.insert(k, item);
            }
            Value::Map(m)
        }
        Value::List(list) => Value::list(
            list.elem,
            list.items
                .iter()
                .map(|item| remap_origins(item.clone(), scratch, table, file))
                .collect(),
        ),
        scalar => {
            let Some(entry) = scalar.origin().and_then(|o| scratch.get(o)) else {
                return scalar;
            };
            let origin = table.record(OriginEntry {
                file,
                span: entry.span.clone(),
                line: entry.line,
                column: entry.column,
            });
            scalar.with_origin(origin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Files;
    use crate::chart::archive::tests::{Entry, tgz};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/charts/loader")
            .join(name)
    }

    fn names(files: &[ChartFile]) -> Vec<&str> {
        files.iter().map(|f| f.name.as_str()).collect()
    }

    fn v4() -> LoadOptions {
        LoadOptions::new(HelmVersion::V4)
    }

    /// Every file under `dir`, as `prefix/relative path`, for archives.
    fn dir_entries(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .expect("prefix")
                        .display()
                        .to_string();
                    out.push((
                        format!("{prefix}/{rel}"),
                        std::fs::read(&path).expect("read"),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    fn archive_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
        let list: Vec<Entry<'_>> = entries
            .iter()
            .map(|(name, data)| Entry::File(name, data))
            .collect();
        tgz(&list)
    }

    #[test]
    fn directory_chart_sorts_files_as_helm() {
        // helm template on fixtures/charts/loader/basic (3.17.1 and 4.1.4)
        // listed these .Files keys and rendered these templates.
        let chart = load(&fixture("basic")).expect("loads");
        let md = &chart.metadata;
        assert_eq!((md.name.as_str(), md.version.as_str()), ("basic", "0.1.0"));
        assert_eq!(md.app_version, "1.1");
        assert_eq!(md.description, "A chart with a tab");
        assert_eq!(md.keywords, ["web", "8080"]);
        assert_eq!(md.maintainers[0].email, "ops@example.com");
        assert_eq!(md.dependencies[0].alias, "child");
        assert_eq!(md.dependencies[0].import_values.len(), 2);
        assert_eq!(
            names(&chart.templates),
            [
                "templates/_helpers.tpl",
                "templates/files.yaml",
                "templates/sub/b.yaml"
            ]
        );
        assert_eq!(
            names(&chart.files),
            [
                ".helmignore",
                "README.md",
                "conf/a.txt",
                "conf/b.yaml",
                "conf/nested/top-only.txt",
                "crds/notes.txt",
                "crds/widget.yaml"
            ]
        );
        let crds: Vec<&str> = chart.crd_files().map(|f| f.name.as_str()).collect();
        assert_eq!(crds, ["crds/widget.yaml"]);
        assert!(chart.schema.is_some());
        assert_eq!(
            chart.values_file.as_ref().map(|f| f.name.as_str()),
            Some("values.yaml")
        );
        // Helm 3 reads the first document of values.yaml only.
        let values = chart.values.as_map().expect("map");
        assert_eq!(values.keys(), ["child", "image", "replicas"].map(Arc::from));
        let replicas = values.get("replicas").expect("replicas");
        let origin = chart
            .origins
            .get(replicas.origin().expect("origin"))
            .expect("entry");
        assert_eq!((origin.line, origin.column), (1, 11));
        let file = chart.origins.file(origin.file).expect("file");
        assert!(
            file.path.ends_with("loader/basic/values.yaml"),
            "{}",
            file.path
        );
        assert_eq!(Some(origin.file), chart.values_file_id);

        assert_eq!(chart.dependencies.len(), 1);
        let sub = &chart.dependencies[0];
        assert_eq!(sub.name(), "sub");
        assert_eq!(names(&sub.files), ["notes.txt"]);
        assert!(sub.source.ends_with("basic/charts/sub"));
        let sub_id = sub.values_file_id.expect("sub values");
        assert!(
            chart
                .origins
                .file(sub_id)
                .expect("file")
                .path
                .ends_with("charts/sub/values.yaml")
        );
        assert_eq!(sub.dependencies.len(), 1);
        assert_eq!(sub.dependencies[0].name(), "deeper");

        let files = Files::new(&chart.files);
        assert_eq!(files.len(), 7);
        assert_eq!(
            files.glob("conf/*").as_config(),
            "a.txt: |\n  line1\n  line2\nb.yaml: |\n  x: 1"
        );
        assert_eq!(files.glob("conf/**").len(), 3);
    }

    #[test]
    fn helm4_merges_every_values_document() {
        let chart = load_with(&fixture("basic"), &v4()).expect("loads");
        let values = chart.values.as_map().expect("map");
        assert_eq!(
            values.keys(),
            ["child", "ignored", "image", "replicas"].map(Arc::from)
        );
        let ignored = values.get("ignored").expect("key");
        let origin = chart
            .origins
            .get(ignored.origin().expect("origin"))
            .expect("entry");
        assert_eq!((origin.line, origin.column), (7, 10));
    }

    #[test]
    fn archives_ignore_helmignore_and_nest() {
        // A chart packed with everything in it (as if .helmignore were
        // empty), with a subchart archive that holds another archive.
        let inner = archive_of(&[
            (
                "inner/Chart.yaml".into(),
                b"apiVersion: v2\nname: inner\nversion: 3.0.0\n".to_vec(),
            ),
            ("inner/values.yaml".into(), b"deep: true\n".to_vec()),
        ]);
        let packed = archive_of(&[
            (
                "packed/Chart.yaml".into(),
                b"apiVersion: v2\nname: packed\nversion: 2.0.0\n".to_vec(),
            ),
            ("packed/charts/inner-3.0.0.tgz".into(), inner),
            (
                "packed/templates/t.yaml".into(),
                b"# {{ .Chart.Name }}\n".to_vec(),
            ),
        ]);
        let mut entries = dir_entries(&fixture("basic"), "basic");
        entries.push(("basic/charts/packed-2.0.0.tgz".into(), packed));
        let bytes = archive_of(&entries);
        let chart = load_archive("basic-0.1.0.tgz", &bytes).expect("loads");
        assert!(names(&chart.templates).contains(&"templates/.hidden.yaml"));
        let files = names(&chart.files);
        for kept in ["file.bak", "ignored/x.txt", "top-only.txt"] {
            assert!(files.contains(&kept), "{kept} in {files:?}");
        }
        let subs: Vec<&str> = chart.dependencies.iter().map(Chart::name).collect();
        assert_eq!(subs, ["packed", "sub"]);
        let packed = &chart.dependencies[0];
        assert_eq!(
            packed.source,
            PathBuf::from("basic-0.1.0.tgz/charts/packed-2.0.0.tgz")
        );
        let inner = &packed.dependencies[0];
        assert_eq!(inner.name(), "inner");
        let deep = inner
            .values
            .as_map()
            .and_then(|m| m.get("deep"))
            .expect("deep");
        let entry = chart
            .origins
            .get(deep.origin().expect("origin"))
            .expect("entry");
        assert_eq!(
            chart.origins.file(entry.file).expect("file").path,
            "basic-0.1.0.tgz/charts/packed-2.0.0.tgz/charts/inner-3.0.0.tgz/values.yaml"
        );
    }

    #[test]
    fn packaged_chart_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("basic-0.1.0.tgz");
        std::fs::write(&path, archive_of(&dir_entries(&fixture("basic"), "basic"))).expect("write");
        let chart = load(&path).expect("loads");
        assert_eq!(chart.name(), "basic");
        assert_eq!(chart.dependencies.len(), 1);
    }

    #[test]
    fn apiversion_v1_keeps_requirements() {
        let chart = load(&fixture("v1-requirements")).expect("loads");
        assert_eq!(chart.metadata.api_version, "v1");
        assert_eq!(
            names(&chart.files),
            ["requirements.lock", "requirements.yaml"]
        );
        let dep = &chart.metadata.dependencies[0];
        assert_eq!(
            (dep.name.as_str(), dep.condition.as_str()),
            ("db", "db.enabled")
        );
        assert_eq!(dep.tags, ["backend"]);
    }

    #[test]
    fn requirements_in_a_v2_chart_warn() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("requirements.yaml"), "name: renamed\n").expect("write");
        let loaded = load_with_warnings(dir.path(), &LoadOptions::default()).expect("loads");
        // requirements.yaml still lands on the metadata, as in Helm.
        assert_eq!(loaded.chart.name(), "renamed");
        assert!(loaded.chart.files.is_empty());
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("Dependencies are handled in Chart.yaml"));
    }

    /// The error of loading a fixture: (Helm's message, path suffix, line).
    fn failure(name: &str, options: &LoadOptions) -> (String, String, Option<usize>) {
        let err = load_with(&fixture(name), options).expect_err(name);
        let path = err.path.clone().unwrap_or_default();
        let suffix = path
            .split("fixtures/charts/loader/")
            .nth(1)
            .unwrap_or(&path)
            .to_string();
        (err.message, suffix, err.line)
    }

    #[test]
    fn broken_charts_fail_with_helms_messages() {
        let v3 = LoadOptions::default();
        // Each message is what `helm template x DIR` printed after `Error: `.
        let cases: [(&str, &LoadOptions, &str, &str, Option<usize>); 11] = [
            (
                "broken-chart-yaml",
                &v3,
                "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context",
                "broken-chart-yaml/Chart.yaml",
                Some(4),
            ),
            (
                "invalid-version",
                &v3,
                "validation: chart.metadata.version \"1.0.0.0\" is invalid",
                "invalid-version/Chart.yaml",
                Some(3),
            ),
            (
                "broken-values",
                &v3,
                "cannot load values.yaml: error converting YAML to JSON: yaml: line 3: did not find expected '-' indicator",
                "broken-values/values.yaml",
                Some(4),
            ),
            (
                "broken-values",
                &v4(),
                "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 3: did not find expected '-' indicator",
                "broken-values/values.yaml",
                Some(4),
            ),
            (
                "helmignore-negation",
                &v3,
                "Chart.yaml file is missing",
                "helmignore-negation",
                None,
            ),
            (
                "helmignore-doublestar",
                &v3,
                "double-star (**) syntax is not supported",
                "helmignore-doublestar/.helmignore",
                Some(3),
            ),
            (
                "charts-plain-file",
                &v3,
                "error unpacking subchart README.md in charts-plain-file: Chart.yaml file is missing",
                "charts-plain-file/charts/README.md",
                None,
            ),
            (
                "nested-error",
                &v3,
                "error unpacking subchart mid in nested-error: error unpacking subchart leaf in mid: validation: chart.metadata.version is required",
                "nested-error/charts/mid/charts/leaf/Chart.yaml",
                None,
            ),
            (
                "no-chart-yaml",
                &v3,
                "Chart.yaml file is missing",
                "no-chart-yaml",
                None,
            ),
            ("no-chart-yaml", &v4(), "", "no-chart-yaml/Chart.yaml", None),
            (
                "v1-requirements",
                &LoadOptions {
                    max_total_size: 10,
                    ..LoadOptions::default()
                },
                "the chart and its subcharts are larger than the maximum total size 10",
                "v1-requirements/Chart.yaml",
                None,
            ),
        ];
        for (name, options, message, path, line) in cases {
            let (got_message, got_path, got_line) = failure(name, options);
            if message.is_empty() {
                let abs = fixture(name).join("Chart.yaml").display().to_string();
                assert_eq!(
                    got_message,
                    format!(
                        "unable to detect chart at {abs}: open {abs}: no such file or directory"
                    )
                );
            } else {
                assert_eq!(got_message, message, "{name}");
            }
            assert_eq!((got_path.as_str(), got_line), (path, line), "{name}");
        }
    }

    #[test]
    fn helm4_refuses_unknown_api_versions() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (api, message) in [
            ("v3", "invalid chart apiVersion"),
            ("foo", "unsupported chart version"),
            ("2", "unsupported chart version"),
        ] {
            std::fs::write(
                dir.path().join("Chart.yaml"),
                format!("apiVersion: {api}\nname: c\nversion: 1.0.0\n"),
            )
            .expect("write");
            assert_eq!(
                load_with(dir.path(), &v4()).expect_err(api).message,
                message
            );
            // Helm 3 renders them.
            assert_eq!(load(dir.path()).expect(api).metadata.api_version, api);
        }
    }

    #[test]
    fn paths_that_are_not_charts() {
        let missing = fixture("does-not-exist");
        let err = load(&missing).expect_err("missing");
        assert_eq!(err.kind, ChartErrorKind::NotFound);
        assert_eq!(
            err.message,
            format!("path \"{}\" not found", missing.display())
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let yaml = dir.path().join("values.yaml");
        std::fs::write(&yaml, "a: 1\n").expect("write");
        assert_eq!(
            load(&yaml).expect_err("not an archive").message,
            format!(
                "file '{}' seems to be a YAML file, but expected a gzipped archive",
                yaml.display()
            )
        );
    }

    #[test]
    fn archive_errors_follow_the_helm_version() {
        let bytes = tgz(&[
            Entry::File("t/Chart.yaml", b"apiVersion: v2\nname: t\nversion: 1.0.0\n"),
            Entry::File("t/../evil", b"x"),
        ]);
        let err = load_archive("t.tgz", &bytes).expect_err("unsafe");
        assert_eq!(err.message, "chart illegally references parent directory");
        assert_eq!(err.kind, ChartErrorKind::UnsafePath);
        // Helm 4 reports a top-level archive's failure without detail.
        assert_eq!(
            load_archive_with("t.tgz", &bytes, &v4())
                .expect_err("unsafe")
                .message,
            "unable to load chart archive"
        );
        // ...but not a subchart's.
        let outer = tgz(&[
            Entry::File("o/Chart.yaml", b"apiVersion: v2\nname: o\nversion: 1.0.0\n"),
            Entry::File("o/charts/t.tgz", &bytes),
        ]);
        assert_eq!(
            load_archive_with("o.tgz", &outer, &v4())
                .expect_err("unsafe")
                .message,
            "error unpacking subchart t.tgz in o: chart illegally references parent directory"
        );
        let no_chart = tgz(&[Entry::File("t/values.yaml", b"a: 1\n")]);
        assert_eq!(
            load_archive("t.tgz", &no_chart)
                .expect_err("missing")
                .message,
            "Chart.yaml file is missing"
        );
        assert_eq!(
            load_archive_with("t.tgz", &no_chart, &v4())
                .expect_err("missing")
                .message,
            "unable to detect chart version, no Chart.yaml found"
        );
        // A directory named like an archive under charts/.
        let odd = tgz(&[
            Entry::File("o/Chart.yaml", b"apiVersion: v2\nname: o\nversion: 1.0.0\n"),
            Entry::File("o/charts/x.tgz/Chart.yaml", b"name: x"),
        ]);
        assert_eq!(
            load_archive("o.tgz", &odd).expect_err("odd").message,
            "error unpacking subchart tar in o: expected x.tgz, got x.tgz/Chart.yaml"
        );
        assert_eq!(
            load_archive("o.tgz", b"\x1f\x8b\x08\x00garbage")
                .expect_err("short")
                .message,
            "unexpected EOF"
        );
        // A subchart that is not gzip: Helm 4 notices gzip.ErrHeader
        // through the wrapping, Helm 3 does not.
        let not_gzip = tgz(&[
            Entry::File("t/Chart.yaml", b"apiVersion: v2\nname: t\nversion: 1.0.0\n"),
            Entry::File("t/charts/x.tgz", b"notgzip but longer than ten bytes"),
        ]);
        assert_eq!(
            load_archive("t.tgz", &not_gzip)
                .expect_err("not gzip")
                .message,
            "error unpacking subchart x.tgz in t: gzip: invalid header"
        );
        assert_eq!(
            load_archive_with("t.tgz", &not_gzip, &v4())
                .expect_err("not gzip")
                .message,
            "file 't.tgz' does not appear to be a valid chart file (details: error unpacking subchart x.tgz in t: gzip: invalid header)"
        );
    }

    #[test]
    fn nested_archive_bombs_hit_the_tree_budget() {
        let zeros = vec![0u8; 1024 * 1024];
        let bomb = tgz(&[
            Entry::File("b/Chart.yaml", b"apiVersion: v2\nname: b\nversion: 1.0.0\n"),
            Entry::File("b/zeros", &zeros),
        ]);
        let mut entries = vec![Entry::File(
            "o/Chart.yaml",
            b"apiVersion: v2\nname: o\nversion: 1.0.0\n",
        )];
        let names: Vec<String> = (0..8).map(|i| format!("o/charts/b{i}.tgz")).collect();
        for name in &names {
            entries.push(Entry::File(name, &bomb));
        }
        let outer = tgz(&entries);
        let options = LoadOptions {
            max_total_size: 4 * 1024 * 1024,
            ..LoadOptions::default()
        };
        let err = load_archive_with("o.tgz", &outer, &options).expect_err("bomb");
        assert_eq!(err.kind, ChartErrorKind::TooLarge);
        assert!(
            err.message.ends_with(
                "the chart and its subcharts are larger than the maximum total size 4194304"
            ),
            "{}",
            err.message
        );
        // Without the tree limit each archive is within Helm's own limit.
        load_archive("o.tgz", &outer).expect("loads");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut bytes = tgz(&[Entry::File(
            "c/Chart.yaml",
            b"apiVersion: v2\nname: c\nversion: 1.0.0\n",
        )]);
        for _ in 0..5 {
            bytes = tgz(&[
                Entry::File("c/Chart.yaml", b"apiVersion: v2\nname: c\nversion: 1.0.0\n"),
                Entry::File("c/charts/c.tgz", &bytes),
            ]);
        }
        let options = LoadOptions {
            max_depth: 3,
            ..LoadOptions::default()
        };
        let err = load_archive_with("c.tgz", &bytes, &options).expect_err("deep");
        assert!(
            err.message
                .ends_with("charts are nested more than 3 levels deep"),
            "{}",
            err.message
        );
        let chart = load_archive("c.tgz", &bytes).expect("loads");
        assert_eq!(chart.dependencies[0].dependencies[0].name(), "c");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_stay_inside_the_chart() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let chart = dir.path().join("c");
        std::fs::create_dir_all(chart.join("templates")).expect("mkdir");
        std::fs::create_dir_all(chart.join("shared")).expect("mkdir");
        std::fs::write(
            chart.join("Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        )
        .expect("write");
        std::fs::write(chart.join("shared/a.txt"), "a").expect("write");
        symlink("Chart.yaml", chart.join("inside")).expect("symlink");
        symlink("shared", chart.join("linked")).expect("symlink");
        let loaded = load_with_warnings(&chart, &LoadOptions::default()).expect("loads");
        // Helm follows links inside the chart and names files by the link.
        assert_eq!(
            names(&loaded.chart.files),
            ["inside", "linked/a.txt", "shared/a.txt"]
        );
        assert_eq!(loaded.warnings.len(), 2);

        std::fs::write(dir.path().join("secret"), "s").expect("write");
        symlink("../secret", chart.join("outside")).expect("symlink");
        let err = load(&chart).expect_err("escapes");
        assert_eq!(err.kind, ChartErrorKind::UnsafePath);
        assert!(
            err.path
                .as_deref()
                .is_some_and(|p| p.ends_with("c/outside"))
        );
        std::fs::remove_file(chart.join("outside")).expect("rm");

        symlink("..", chart.join("templates/loop")).expect("symlink");
        let err = load(&chart).expect_err("cycle");
        assert_eq!(err.kind, ChartErrorKind::UnsafePath);
        assert!(err.message.contains("templates/loop"), "{}", err.message);
        std::fs::remove_file(chart.join("templates/loop")).expect("rm");

        symlink("nowhere", chart.join("dangling")).expect("symlink");
        let err = load(&chart).expect_err("dangling");
        let abs = std::path::absolute(&chart)
            .expect("abs")
            .display()
            .to_string();
        assert_eq!(
            err.message,
            format!(
                "error evaluating symlink {abs}/dangling: lstat {abs}/nowhere: no such file or directory"
            )
        );
        std::fs::remove_file(chart.join("dangling")).expect("rm");

        // .helmignore itself must not lead outside either.
        symlink("../secret", chart.join(".helmignore")).expect("symlink");
        assert_eq!(
            load(&chart).expect_err("escapes").kind,
            ChartErrorKind::UnsafePath
        );
    }

    #[cfg(unix)]
    #[test]
    fn irregular_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        )
        .expect("write");
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return;
        }
        let err = load(dir.path()).expect_err("fifo");
        let abs = std::path::absolute(dir.path())
            .expect("abs")
            .display()
            .to_string();
        assert_eq!(
            err.message,
            format!("cannot load irregular file {abs}/pipe as it has file mode type bits set")
        );
        // Ignored files are never looked at.
        std::fs::write(dir.path().join(".helmignore"), "pipe\n").expect("write");
        load(dir.path()).expect("loads");
    }

    #[test]
    fn helm4_caps_file_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("big.bin"), vec![0u8; 5 * 1024 * 1024 + 1]).expect("write");
        assert_eq!(
            load_with(dir.path(), &v4()).expect_err("big").message,
            "chart file \"big.bin\" is larger than the maximum file size 5242880"
        );
        load(dir.path()).expect("Helm 3 has no per-file limit");
    }
}
