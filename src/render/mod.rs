//! Helm on top of the gotemplate engine: Sprig and Helm functions, the
//! built-in objects, and `helm template`-identical output.

pub mod engine;
pub mod errors;
pub mod funcs;
pub mod objects;
pub mod output;
pub mod release;

/// Which Helm's behaviour to reproduce where Helm 3 and Helm 4 differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HelmVersion {
    /// Helm 3.17.1.
    #[default]
    V3,
    /// Helm 4.1.4.
    V4,
}
