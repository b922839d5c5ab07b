//! `helm template` from a loaded chart to its standard output: values,
//! dependencies, `.Capabilities`, the engine, and the output layout, in
//! Helm's order (cmd/helm/template.go, pkg/action/install.go).

use gotemplate::Value;

use super::HelmVersion;
use super::engine::{self, EngineOptions, ReleaseOptions, RenderError};
use super::objects::{Capabilities, KubeVersion, VersionSet};
use super::output::{self, CrdFile, OutputOptions};
use crate::chart::Chart;
use crate::values::{self, Warning};

/// Everything `helm template` takes besides the chart.
#[derive(Clone, Debug, Default)]
pub struct TemplateRequest {
    pub helm_version: HelmVersion,
    pub release_name: String,
    pub namespace: String,
    pub is_upgrade: bool,
    /// `--skip-schema-validation` (Helm 3.16+).
    pub skip_schema_validation: bool,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub output: OutputOptions,
    pub seed: Option<u64>,
    pub max_output_bytes: Option<usize>,
    /// Free the chart, the values and the parsed templates when the render
    /// is done. A process that exits right after rendering sets this to
    /// false and leaves them to the operating system, as clang's
    /// `-disable-free` does: dropping tens of thousands of small nodes one by one
    /// only to exit cost about 2% of the instructions of a render.
    pub free_memory: bool,
}

/// The outcome of a successful render.
#[derive(Debug)]
pub struct Rendered {
    /// Exactly what `helm template` prints on standard output.
    pub stdout: String,
    /// The rendered files, with their source maps, for later stages.
    pub files: Vec<engine::RenderedFile>,
    /// What Helm would have logged on the way.
    pub warnings: Vec<Warning>,
}

/// A failure, with Helm's message (what follows `Error: `).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TemplateError {
    pub message: String,
    /// Where in the chart, when the failure is a template's.
    pub render: Option<RenderError>,
    /// Whether Helm adds "Use --debug flag to render out invalid YAML".
    pub debug_hint: bool,
}

impl TemplateError {
    fn plain(message: impl Into<String>) -> Self {
        TemplateError {
            message: message.into(),
            render: None,
            debug_hint: false,
        }
    }

    fn rendering(err: RenderError) -> Self {
        TemplateError {
            message: err.message.clone(),
            render: Some(err),
            debug_hint: true,
        }
    }
}

/// Runs `helm template` on `chart` with the user's values already read.
pub fn template(
    mut chart: Chart,
    user_values: &Value,
    request: &TemplateRequest,
) -> Result<Rendered, TemplateError> {
    let helm = request.helm_version;
    validate_release_name(&request.release_name, helm)?;
    match chart.metadata.chart_type.as_str() {
        "" | "application" => {}
        other => {
            return Err(TemplateError::plain(format!(
                "{other} charts are not installable"
            )));
        }
    }
    let mut warnings = Vec::new();
    let values = values::prepare(&mut chart, user_values, helm, &mut warnings)
        .map_err(|err| TemplateError::plain(err.to_string()))?;

    let kube_version = match &request.kube_version {
        Some(text) => KubeVersion::parse(text, helm).ok_or_else(|| {
            TemplateError::plain(format!(
                "invalid kube version '{text}': Invalid Semantic Version"
            ))
        })?,
        None => KubeVersion::default_for(helm),
    };
    // Helm checks the values in ToRenderValues, after parsing
    // --kube-version and before the chart's kubeVersion constraint.
    if !request.skip_schema_validation {
        values::schema::validate_chart(&chart, &values, helm)
            .map_err(|err| TemplateError::plain(err.to_string()))?;
    }
    let capabilities = Capabilities {
        kube_version: kube_version.clone(),
        api_versions: VersionSet::default_for(helm, &request.api_versions),
        helm,
    };
    if !chart.metadata.kube_version.is_empty()
        && !kube_version_compatible(&chart.metadata.kube_version, &kube_version.version, helm)
    {
        // Helm checks this in renderResources, after the release exists, so
        // `helm template` adds its --debug hint.
        let mut err = TemplateError::plain(format!(
            "chart requires kubeVersion: {} which is incompatible with Kubernetes {}",
            chart.metadata.kube_version, kube_version.version
        ));
        err.debug_hint = true;
        return Err(err);
    }

    let options = EngineOptions {
        helm_version: helm,
        release: ReleaseOptions {
            name: request.release_name.clone(),
            namespace: request.namespace.clone(),
            is_upgrade: request.is_upgrade,
            revision: 1,
        },
        capabilities,
        seed: request.seed,
        max_output_bytes: request.max_output_bytes,
        free_memory: request.free_memory,
    };
    let files = engine::render(&chart, &values, &options).map_err(TemplateError::rendering)?;
    if !request.free_memory {
        std::mem::forget(values);
    }
    let crds = crd_files(&chart, "", helm);
    let stdout =
        output::template_output(&files, &chart.metadata.name, &crds, helm, &request.output)
            .map_err(|err| {
                let show_only = err.file.is_none();
                let mut err = TemplateError::rendering(err);
                // A --show-only miss is a plain error in Helm.
                err.debug_hint = !show_only;
                err
            })?;
    if !request.free_memory {
        std::mem::forget(chart);
    }
    Ok(Rendered {
        stdout,
        files,
        warnings,
    })
}

/// `Chart.CRDObjects`: `crds/*.{yaml,yml,json}` of the chart, then of each
/// subchart, named by the chart's full path.
fn crd_files(chart: &Chart, parent: &str, helm: HelmVersion) -> Vec<CrdFile> {
    let (id, base) = if parent.is_empty() {
        (chart.metadata.name.clone(), chart.metadata.name.clone())
    } else {
        (
            format!("{parent}/charts/{}", chart.metadata.name),
            format!(
                "{parent}/charts/{}",
                engine::children_parent_name(chart, helm)
            ),
        )
    };
    let mut out: Vec<CrdFile> = chart
        .crd_files()
        .filter(|f| {
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| f.name.ends_with(ext))
        })
        .map(|f| CrdFile {
            name: format!("{id}/{}", f.name),
            content: f.text().into_owned(),
        })
        .collect();
    for dep in &chart.dependencies {
        out.extend(crd_files(dep, &base, helm));
    }
    out
}

/// Helm's `IsCompatibleRange`: does the cluster version satisfy the chart's
/// `kubeVersion` constraint? Helm compares without the prerelease part.
fn kube_version_compatible(constraint: &str, version: &str, helm: HelmVersion) -> bool {
    use super::funcs::semver::{parse_constraint, parse_version};
    let Ok(constraint) = parse_constraint(constraint, helm) else {
        return false;
    };
    let Ok(version) = parse_version(version, helm) else {
        return false;
    };
    constraint.matches(&version)
}

/// Helm's `ValidateReleaseName`: a DNS-1123 subdomain of at most 53 bytes.
fn validate_release_name(name: &str, helm: HelmVersion) -> Result<(), TemplateError> {
    const PATTERN: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    static RELEASE_NAME: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
        regex_lite::Regex::new(PATTERN).expect("valid release name regex")
    });
    if name.is_empty() || name.len() > 53 || !RELEASE_NAME.is_match(name) {
        let prefix = match helm {
            HelmVersion::V3 => "",
            HelmVersion::V4 => "release name check failed: ",
        };
        return Err(TemplateError::plain(format!(
            "{prefix}release name {}: invalid release name, must match regex {PATTERN} and the length must not be longer than 53",
            gotemplate::strconv::quote(name)
        )));
    }
    Ok(())
}

/// `--name-template`: Helm executes it with Sprig's functions and no data.
pub fn release_name_from_template(template: &str, helm: HelmVersion) -> Result<String, String> {
    use super::funcs::{FuncOptions, sprig_funcs};
    let mut set = gotemplate::TemplateSet::new(sprig_funcs(&FuncOptions {
        helm_version: helm,
        seed: None,
    }));
    set.parse("name-template", template)
        .map_err(|e| e.to_string())?;
    set.execute("name-template", &Value::Nil)
        .map(|out| out.text)
        .map_err(|e| e.to_string())
}
