//! chartguard: an offline linter and policy checker for Helm charts.

pub mod render;
pub mod yaml;
