//! Template errors, printed exactly as Go prints them.

use std::fmt;

/// A parse or execution error. `Display` gives Go's message word for word.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Error {
    /// `template: NAME:LINE: MESSAGE`
    #[error("template: {name}:{line}: {message}")]
    Parse {
        /// The name the text was parsed under (the file).
        name: String,
        line: usize,
        /// Byte offset in the text of the token Go reports the line of.
        pos: usize,
        message: String,
    },
    /// Go's `ExecuteTemplate` of a name the set lacks.
    #[error(
        "template: no template {} associated with template {}",
        crate::strconv::quote(name),
        crate::strconv::quote(set)
    )]
    NoTemplate { name: String, set: String },
    /// An error while executing a template.
    #[error("{0}")]
    Exec(Box<ExecError>),
}

/// Go's `ExecError`:
/// `template: FILE:LINE:COL: executing "TEMPLATE" at <NODE>: MESSAGE`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecError {
    /// The template being executed (a `define` name or the file name).
    pub template: String,
    /// Where the failing node is: the file it was parsed from, its 1-based
    /// line, Go's 0-based byte column, and its byte offset. `None` when Go
    /// reports no node (e.g. an empty template).
    pub location: Option<ExecLocation>,
    pub message: String,
    /// When a function call failed (`error calling NAME: ...`), the error
    /// the function returned, as Go's `%w` wraps it: its text, and the
    /// template error behind it when it ran a template (`include`, `tpl`).
    pub wrapped: Option<Wrapped>,
}

/// A function's error inside an [`ExecError`].
#[derive(Clone, Debug, PartialEq)]
pub struct Wrapped {
    pub message: String,
    pub cause: Option<Box<Error>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExecLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    /// The failing node as Go prints it.
    pub context: String,
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            None => write!(f, "template: {}: {}", self.template, self.message),
            Some(loc) => write!(
                f,
                "template: {}:{}:{}: executing {} at <{}>: {}",
                loc.file,
                loc.line,
                loc.column,
                crate::strconv::quote(&self.template),
                loc.context,
                self.message
            ),
        }
    }
}

impl Error {
    /// The innermost error message, past every `error calling X:` wrapper.
    pub fn exec(&self) -> Option<&ExecError> {
        match self {
            Error::Exec(e) => Some(e),
            Error::Parse { .. } | Error::NoTemplate { .. } => None,
        }
    }
}
