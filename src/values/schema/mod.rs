//! `values.schema.json` validation, as `helm template` runs it after
//! coalescing the values (`chartutil.ToRenderValuesWithSchemaValidation`).
//!
//! Each chart with a schema is checked against its part of the values, the
//! top-level chart against `.Values` and each enabled subchart, recursively,
//! against the table under its name. Failures are reported per chart:
//!
//! ```text
//! values don't meet the specifications of the schema(s) in the following chart(s):
//! <chart>:
//! - <violation>
//! ```
//!
//! Helm 3.17.1 validates with gojsonschema v1.2.0 ([`gojsonschema`]);
//! Helm 4.1.4 with santhosh-tekuri/jsonschema v6.0.2 ([`tekuri`]). The
//! two differ in keyword semantics, error order and wording; both are kept.
//!
//! The validator itself ([`compile`], [`Validator`]) knows nothing of
//! charts, so later stages can check other documents (Kubernetes OpenAPI
//! schemas) with it; every [`Violation`] keeps its instance path.
//!
//! Deliberate differences from Helm:
//! - a `$ref` (or Helm 4 `$schema`) naming another document is an error:
//!   Helm would read it from disk or fetch it over HTTP, chartguard never
//!   touches the network;
//! - Helm visits Go maps, in random order, so when several properties of
//!   one object fail, Helm's order changes from run to run; chartguard
//!   reports them in schema order (Helm 3) or key order (Helm 4);
//! - Helm 4 checks a schema against its draft's metaschema and prints that
//!   report; chartguard checks the keywords it uses and names the first
//!   wrong one.

pub mod compile;
mod format;
pub mod gojsonschema;
pub mod instance;
pub mod json;
pub mod number;
pub mod tekuri;

use gotemplate::Value;

use crate::chart::Chart;
use crate::render::HelmVersion;

pub use compile::{CompileError, CompileErrorKind, Schema};
pub use instance::{Instance, PathSegment};
pub use json::SyntaxError;

/// One failed check. Helm 4 nests the failures of subschemas under the
/// keyword that applied them (`causes`); Helm 3's list is flat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where in the values (`image.tag`, `list[1]`), for mapping back to
    /// the values file.
    pub instance_path: Vec<PathSegment>,
    /// The keyword that failed (`type`, `required`); empty for Helm 4's
    /// group of several failures.
    pub keyword: &'static str,
    /// The library's description.
    pub message: String,
    pub causes: Vec<Violation>,
}

/// A schema document that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Not JSON; displayed as Go's decoder words it.
    #[error("{0}")]
    Syntax(#[from] SyntaxError),
    #[error("{0}")]
    Compile(#[from] CompileError),
}

/// A compiled schema for one Helm version's validator.
#[derive(Clone, Debug)]
pub struct Validator {
    schema: Schema,
    helm: HelmVersion,
}

impl Validator {
    /// Reads and compiles a schema document as the Helm version's library
    /// does.
    pub fn new(document: &[u8], helm: HelmVersion) -> Result<Validator, SchemaError> {
        let trailing = match helm {
            HelmVersion::V3 => json::Trailing::Ignore,
            HelmVersion::V4 => json::Trailing::Reject,
        };
        let doc = json::parse(document, trailing)?;
        let schema = compile::compile(&doc, helm)?;
        Ok(Validator { schema, helm })
    }

    /// The violations of `instance`, in the library's order.
    pub fn validate(&self, instance: &Instance) -> Vec<Violation> {
        match self.helm {
            HelmVersion::V3 => gojsonschema::validate(&self.schema, instance),
            HelmVersion::V4 => tekuri::validate(&self.schema, instance),
        }
    }

    /// The violations as Helm prints them, one line each.
    pub fn report(&self, violations: &[Violation]) -> String {
        match self.helm {
            HelmVersion::V3 => violations.iter().map(gojsonschema::line).collect(),
            HelmVersion::V4 => format!("{}\n", tekuri::report(violations)),
        }
    }
}

/// `helm template` refused the values.
#[derive(Debug, thiserror::Error)]
#[error(
    "values don't meet the specifications of the schema(s) in the following chart(s):\n{report}"
)]
pub struct ValuesSchemaError {
    /// Helm's per-chart report (`<chart>:\n- …`).
    pub report: String,
    /// Each chart whose check failed, outermost first.
    pub failures: Vec<ChartFailure>,
}

/// Why one chart's check failed.
#[derive(Debug)]
pub struct ChartFailure {
    /// The chart's name (its alias when it has one), as Helm prints it.
    pub chart: String,
    /// The schema file, relative to the top-level chart
    /// (`charts/sub/values.schema.json`).
    pub schema_file: String,
    pub kind: ChartFailureKind,
}

#[derive(Debug)]
pub enum ChartFailureKind {
    Schema(SchemaError),
    Violations(Vec<Violation>),
    /// The values could not be handed to the validator.
    Values(String),
}

/// Helm's `ValidateAgainstSchema`: `values` are the coalesced values of
/// `chart` (after dependency processing, so `chart.dependencies` are the
/// enabled subcharts).
pub fn validate_chart(
    chart: &Chart,
    values: &Value,
    helm: HelmVersion,
) -> Result<(), ValuesSchemaError> {
    let mut report = String::new();
    let mut failures = Vec::new();
    validate_chart_at(chart, values, helm, "", &mut report, &mut failures);
    if report.is_empty() {
        Ok(())
    } else {
        Err(ValuesSchemaError { report, failures })
    }
}

fn validate_chart_at(
    chart: &Chart,
    values: &Value,
    helm: HelmVersion,
    dir: &str,
    report: &mut String,
    failures: &mut Vec<ChartFailure>,
) {
    let name = chart.metadata.name.clone();
    if let Some(file) = &chart.schema {
        let outcome = check_single(&file.data, values, helm);
        if let Some((text, kind)) = outcome {
            report.push_str(&format!("{name}:\n{text}"));
            failures.push(ChartFailure {
                chart: name.clone(),
                schema_file: format!("{dir}{}", file.name),
                kind,
            });
        }
    }
    for sub in &chart.dependencies {
        let sub_name = &sub.metadata.name;
        let sub_dir = format!("{dir}charts/{}/", sub.original_name());
        let raw = values.as_map().and_then(|m| m.get(sub_name));
        let sub_values = match (helm, raw) {
            (HelmVersion::V3, Some(Value::Map(m))) => Value::Map(m),
            (HelmVersion::V4, Some(Value::Map(m)))
                if m.with(|m| m.elem.0 == gotemplate::ElemType::Interface) =>
            {
                Value::Map(m)
            }
            // Helm 4 skips a subchart without values.
            (HelmVersion::V4, None | Some(Value::Nil)) => continue,
            (HelmVersion::V4, Some(other)) => {
                let type_name = crate::values::go_dynamic_type(&other);
                report.push_str(&format!(
                    "{sub_name}:\ninvalid type for values: expected object (map), got {type_name}\n"
                ));
                failures.push(ChartFailure {
                    chart: sub_name.clone(),
                    schema_file: String::new(),
                    kind: ChartFailureKind::Values(format!("values are {type_name}, not a table")),
                });
                continue;
            }
            // Coalescing always leaves a table here in Helm 3; Go would
            // panic on anything else.
            (HelmVersion::V3, _) => Value::empty_map(),
        };
        validate_chart_at(sub, &sub_values, helm, &sub_dir, report, failures);
    }
}

/// Helm's `ValidateAgainstSingleSchema`: the report text (Helm's error
/// text) and what failed, or `None` when the values pass.
fn check_single(
    document: &[u8],
    values: &Value,
    helm: HelmVersion,
) -> Option<(String, ChartFailureKind)> {
    let validator = match Validator::new(document, helm) {
        Ok(v) => v,
        // Compile errors carry no trailing newline in Helm's report.
        Err(err) => return Some((err.to_string(), ChartFailureKind::Schema(err))),
    };
    let instance = match instance::from_value(values, helm) {
        // Helm 3's YAML round trip turns null values into `{}`.
        Ok(Instance::Null) if helm == HelmVersion::V3 => Instance::Object(Vec::new()),
        Ok(instance) => instance,
        Err(err) => return Some((err.to_string(), ChartFailureKind::Values(err.to_string()))),
    };
    let violations = validator.validate(&instance);
    if violations.is_empty() {
        return None;
    }
    Some((
        validator.report(&violations),
        ChartFailureKind::Violations(violations),
    ))
}

#[cfg(test)]
mod tests;
