//! Go's `text/template` in Rust, as Helm uses it.
//!
//! Layers, as in Go: [`lex`] turns text into tokens, [`parse`] builds trees
//! whose every node keeps its span, and [`exec`] runs them over [`Value`]s.
//! Go's printing rules live in [`gofmt`]. The crate knows nothing of Helm:
//! the embedder registers functions ([`FuncMap`]) and objects ([`Object`]).

pub mod ast;
mod builtins;
pub mod error;
pub mod escape;
pub mod exec;
pub mod func;
pub mod gofmt;
pub mod lex;
pub mod parse;
pub mod sourcemap;
pub mod strconv;
pub mod value;

pub use error::{Error, ExecError, ExecLocation, Wrapped};
pub use exec::CallContext;
pub use exec::{GoVersion, MissingKey, Options, Output, TemplateSet};
pub use func::{FuncMap, Function};
pub use sourcemap::{Segment, SourceMap};
pub use value::{
    ElemType, FuncError, List, Map, MapRef, Object, Origin, ParamType, Signature, Value,
};
