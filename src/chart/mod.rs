//! A Helm chart as loaded from a directory or a `.tgz`: Helm's
//! `chart.Chart` (pkg/chart), with the positions chartguard needs.
//!
//! [`load`] reads a chart as Helm's loader does; [`Files`] is the `.Files`
//! object templates see.

mod archive;
mod error;
pub mod files;
pub mod glob;
mod gunzip;
pub mod ignore;
pub mod load;
mod metadata;

pub use archive::ArchiveLimits;
pub use error::{ChartError, ChartErrorKind};
pub use files::Files;
pub use load::{
    LoadOptions, Loaded, load, load_archive, load_archive_with, load_with, load_with_warnings,
};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use gotemplate::Value;

use crate::yaml::{FileId, OriginTable};

/// One file of a chart. `name` is its path inside the chart, with `/`
/// separators (`templates/deployment.yaml`), as Helm names it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    pub name: String,
    pub data: Arc<[u8]>,
}

impl ChartFile {
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        crate::text::lossy(&self.data)
    }
}

/// `Chart.yaml` (Helm's `chart.Metadata`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub maintainers: Vec<Maintainer>,
    pub icon: String,
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    pub annotations: BTreeMap<String, String>,
    pub kube_version: String,
    pub dependencies: Vec<Dependency>,
    /// `application` or `library`; empty means application.
    pub chart_type: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    pub name: String,
    pub email: String,
    pub url: String,
}

/// One entry of `dependencies:` in Chart.yaml (or requirements.yaml for
/// `apiVersion: v1` charts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// Each entry is a string or a map with `child` and `parent`.
    pub import_values: Vec<Value>,
    pub alias: String,
}

/// A loaded chart and, recursively, the charts under its `charts/`.
#[derive(Clone, Debug)]
pub struct Chart {
    pub metadata: Metadata,
    /// Where it was loaded from: a directory, an archive, or an archive
    /// inside a parent chart (for messages).
    pub source: PathBuf,
    /// Every file under `templates/`, in Helm's order.
    pub templates: Vec<ChartFile>,
    /// The raw `values.yaml`, when there is one.
    pub values_file: Option<ChartFile>,
    /// `values.yaml` parsed as Helm parses it (a map; empty when absent);
    /// its scalars carry origins in [`Chart::origins`] under `values_file_id`.
    pub values: Value,
    pub values_file_id: Option<FileId>,
    /// `values.schema.json`, raw.
    pub schema: Option<ChartFile>,
    /// Every other file Helm keeps (what `.Files` sees, plus `crds/`), minus
    /// `Chart.yaml`, `values.yaml`, `templates/`, `charts/` and what
    /// `.helmignore` excludes.
    pub files: Vec<ChartFile>,
    /// The charts found under `charts/` (directories and archives).
    pub dependencies: Vec<Chart>,
    /// Origins of every values scalar loaded for this chart and its
    /// subcharts; overlays loaded later add to a copy of it. The loader
    /// threads one table through the whole tree and leaves it on the root
    /// chart: subcharts' own tables are empty, and their `values_file_id`
    /// refers to the root's table.
    pub origins: OriginTable,
    /// Set when a dependency alias renamed the chart: its earlier name.
    pub original_name: Option<String>,
}

impl Chart {
    /// The name the chart had before a dependency alias renamed it
    /// (Helm's alias copies the chart, and the charts under it keep pointing
    /// at the original). Same as the name when there was no alias.
    pub fn original_name(&self) -> &str {
        self.original_name.as_deref().unwrap_or(&self.metadata.name)
    }

    /// `type: library` charts render nothing themselves.
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type == "library"
    }

    /// The chart's own CRD files as Helm's `CRDObjects` picks them: the
    /// files under `crds/` whose extension is `.yaml`, `.yml` or `.json` in
    /// any case (subcharts' CRDs are in their own `crd_files`).
    pub fn crd_files(&self) -> impl Iterator<Item = &ChartFile> {
        self.files.iter().filter(|f| {
            let base = f.name.rsplit('/').next().unwrap_or("");
            let ext = base.rfind('.').map_or("", |i| &base[i..]);
            f.name.starts_with("crds/")
                && [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|m| ext.eq_ignore_ascii_case(m))
        })
    }

    /// The chart's name (`chart.Name()`).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `.Files` for this chart's templates.
    pub fn files_value(&self) -> Value {
        Files::value(&self.files)
    }
}
