//! chartguard: an offline linter and policy checker for Helm charts.

pub mod chart;
pub mod goregex;
pub mod render;
pub mod text;
pub mod values;
pub mod yaml;
