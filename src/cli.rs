//! The command line (clap definitions only; `main.rs` runs them).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "chartguard",
    version,
    about = "Offline linter and policy checker for Helm charts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a chart exactly as `helm template` does, offline.
    Render(RenderArgs),
}

/// Which Helm to reproduce.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum HelmVersionArg {
    /// Helm 3.17
    #[default]
    #[value(name = "3")]
    V3,
    /// Helm 4.1
    #[value(name = "4")]
    V4,
}

/// `helm template`'s arguments and flags.
#[derive(Debug, Args)]
#[command(override_usage = "chartguard render [OPTIONS] [NAME] CHART")]
pub struct RenderArgs {
    /// The release name (default `release-name`), then the chart directory
    /// or `.tgz`.
    #[arg(value_name = "ARGS", num_args = 1..=2, required = true)]
    pub positional: Vec<String>,

    /// Values files, merged in order (repeatable; commas separate files too).
    #[arg(
        short = 'f',
        long = "values",
        value_name = "FILE",
        value_delimiter = ','
    )]
    pub values: Vec<PathBuf>,

    /// Set values (`a.b=c,d=e`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Set string values (no type inference).
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,

    /// Set values from files (`key=path`).
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,

    /// Set JSON values (`key=JSON`).
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,

    /// Set a literal string value (no parsing of commas or dots).
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,

    /// The release namespace.
    #[arg(short = 'n', long = "namespace", default_value = "default")]
    pub namespace: String,

    /// Kubernetes version for `.Capabilities.KubeVersion`.
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,

    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
    pub api_versions: Vec<String>,

    /// Print the chart's CRDs (`crds/`) too.
    #[arg(long = "include-crds")]
    pub include_crds: bool,

    /// Leave out test hooks.
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,

    /// Leave out hooks.
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,

    /// Only print the manifests from these templates (`templates/x.yaml`, globs allowed).
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,

    /// Set `.Release.IsUpgrade` instead of `.Release.IsInstall`.
    #[arg(long = "is-upgrade")]
    pub is_upgrade: bool,

    /// Do not check the values against the charts' `values.schema.json`.
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,

    /// Template for the release name (when NAME is not given).
    #[arg(long = "name-template")]
    pub name_template: Option<String>,

    /// Which Helm's behaviour to reproduce.
    #[arg(long = "helm-version", value_enum, default_value = "3")]
    pub helm_version: HelmVersionArg,

    /// Seed for random functions (randAlphaNum, genCA, ...), for
    /// reproducible output; without it they are random as in Helm.
    #[arg(long = "seed")]
    pub seed: Option<u64>,
}

impl RenderArgs {
    /// The release name and the chart path from the positional arguments.
    pub fn name_and_chart(&self) -> (Option<&str>, &str) {
        match self.positional.as_slice() {
            [chart] => (None, chart),
            [name, chart, ..] => (Some(name), chart),
            [] => (None, ""),
        }
    }
}
