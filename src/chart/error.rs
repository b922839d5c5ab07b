//! Errors of chart loading.

use std::fmt;

/// What went wrong, for callers that react differently (a missing chart is
/// not a broken one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartErrorKind {
    /// The path does not exist.
    NotFound,
    /// Reading the file system failed.
    Io,
    /// The file is not a gzipped tar archive, or the archive is corrupt.
    Archive,
    /// An archive entry or a symlink would read outside the chart.
    UnsafePath,
    /// A file or the whole chart is larger than the limits allow.
    TooLarge,
    /// `.helmignore` has a rule Helm refuses.
    HelmIgnore,
    /// `Chart.yaml` (or `requirements.yaml`) does not parse or decode.
    ChartYaml,
    /// `Chart.yaml` decodes but fails Helm's validation, or is missing.
    Validation,
    /// `values.yaml` does not parse.
    Values,
    /// `Chart.lock` or `requirements.lock` does not parse or decode.
    Lock,
    /// The chart's apiVersion is one the selected Helm does not render.
    UnsupportedApiVersion,
}

/// A chart that cannot be loaded.
///
/// `message` is exactly what Helm prints after `Error: ` for the same chart
/// (including the `error unpacking subchart X in Y: ` prefixes of nested
/// charts). `path`, `line` and `column` say where the problem is: the
/// innermost file concerned, and the position in it when known (YAML errors,
/// the offending field of Chart.yaml, the rule of .helmignore). Paths of
/// files inside archives are the archive's path joined with the member's
/// name, e.g. `charts/db-1.0.0.tgz/values.yaml`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ChartError {
    pub kind: ChartErrorKind,
    pub message: String,
    pub path: Option<String>,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
}

impl ChartError {
    pub(crate) fn new(kind: ChartErrorKind, message: impl Into<String>) -> Self {
        ChartError {
            kind,
            message: message.into(),
            path: None,
            line: None,
            column: None,
        }
    }

    pub(crate) fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub(crate) fn at_position(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Helm's wrapping of an error of a subchart.
    pub(crate) fn wrap(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}: {}", self.message);
        self
    }
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            f.write_str(path)?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}
