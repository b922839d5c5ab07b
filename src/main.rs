//! chartguard's command line: parse, run, map the outcome to an exit code.

mod cli;

// The renderer allocates many small strings and maps; mimalloc is markedly
// faster than the system allocator for that pattern.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use chartguard::render::HelmVersion;
use chartguard::render::output::OutputOptions;
use chartguard::render::release::{self, TemplateRequest};
use chartguard::values::ValueOptions;
use cli::{Cli, Command, HelmVersionArg, RenderArgs};

/// mimalloc's `mi_option_purge_delay` (index 15 of `mi_option_e` in
/// mimalloc v3's header), which libmimalloc-sys does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: sets a process-wide allocator option before any other thread
    // exists. A render is short-lived; returning freed pages to the OS only
    // to fault them in again costs system time and gains nothing.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    disable_transparent_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Render(args) => render(&args),
    }
}

/// mimalloc asks for transparent huge pages on its arena, so each first
/// touch of 2 MiB makes the kernel clear (and, when memory is fragmented,
/// first compact) a whole huge page. A render touches a few MiB and exits:
/// the clearing cost more than the rendering in profiles, and compaction
/// stalls made single runs 4x slower. The flag covers memory mapped
/// before main too.
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and only
    // changes how the kernel backs this process's memory; a failure (old
    // kernels) leaves the default, which is correct, only slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn render(args: &RenderArgs) -> ExitCode {
    // A panic is a bug, but the user still gets an error, not a crash dump.
    let outcome = std::panic::catch_unwind(|| run_render(args)).unwrap_or_else(|_| {
        Err(Failure::plain(
            "internal error: chartguard panicked while rendering; please report it with the chart",
        ))
    });
    match outcome {
        Ok(stdout) => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(stdout.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("Error: {}", failure.message);
            if let Some(frame) = &failure.frame {
                eprintln!("{frame}");
            }
            if failure.debug_hint {
                eprintln!("\nUse --debug flag to render out invalid YAML");
            }
            ExitCode::FAILURE
        }
    }
}

/// A failed render as the user sees it.
struct Failure {
    message: String,
    /// A code frame at the template line, when there is one.
    frame: Option<String>,
    debug_hint: bool,
}

impl Failure {
    fn plain(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            frame: None,
            debug_hint: false,
        }
    }
}

fn run_render(args: &RenderArgs) -> Result<String, Failure> {
    let helm = match args.helm_version {
        HelmVersionArg::V3 => HelmVersion::V3,
        HelmVersionArg::V4 => HelmVersion::V4,
    };
    let (name, chart_path) = args.name_and_chart();
    let release_name = match (name, &args.name_template) {
        (Some(_), Some(_)) => {
            return Err(Failure::plain(
                "cannot set --name-template and also specify a name",
            ));
        }
        (Some(name), None) => name.to_string(),
        (None, Some(template)) => {
            release::release_name_from_template(template, helm).map_err(Failure::plain)?
        }
        (None, None) => "release-name".to_string(),
    };
    let value_options = ValueOptions {
        value_files: args
            .values
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        string_values: args.set_string.clone(),
        values: args.set.clone(),
        file_values: args.set_file.clone(),
        json_values: args.set_json.clone(),
        literal_values: args.set_literal.clone(),
    };
    // Helm reads the user's values before it loads the chart.
    let mut read_file = |path: &str| -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|err| format!("open {path}: {}", io_error_text(&err)))
    };
    let mut origins = chartguard::yaml::OriginTable::new();
    let user_values = chartguard::values::options::merge_values(
        &value_options,
        &mut read_file,
        Some(&mut origins),
        helm,
    )
    .map_err(|err| Failure::plain(err.to_string()))?;
    let load_options = chartguard::chart::load::LoadOptions::new(helm);
    let chart = chartguard::chart::load::load_with(Path::new(chart_path), &load_options).map_err(
        |err| {
            // Helm's words first; where in the chart, on the next line.
            let location = err.path.as_ref().map(|path| {
                let mut at = format!("  --> {path}");
                if let Some(line) = err.line {
                    at.push_str(&format!(":{line}"));
                    if let Some(column) = err.column {
                        at.push_str(&format!(":{column}"));
                    }
                }
                at
            });
            Failure {
                message: err.message,
                frame: location,
                debug_hint: false,
            }
        },
    )?;
    let request = TemplateRequest {
        helm_version: helm,
        release_name,
        namespace: args.namespace.clone(),
        is_upgrade: args.is_upgrade,
        skip_schema_validation: args.skip_schema_validation,
        kube_version: args.kube_version.clone(),
        api_versions: args.api_versions.clone(),
        output: OutputOptions {
            include_crds: args.include_crds,
            skip_tests: args.skip_tests,
            no_hooks: args.no_hooks,
            show_only: args.show_only.clone(),
        },
        seed: args.seed,
        max_output_bytes: Some(256 << 20),
        // The process exits right after printing.
        free_memory: false,
    };
    match release::template(chart, &gotemplate::Value::Map(user_values), &request) {
        Ok(rendered) => {
            // Helm logs these and renders on; so do we, but visibly.
            for warning in &rendered.warnings {
                let text = &warning.message;
                if text.to_ascii_lowercase().starts_with("warning:") {
                    eprintln!("{text}");
                } else {
                    eprintln!("warning: {text}");
                }
            }
            Ok(rendered.stdout)
        }
        Err(err) => {
            // Only a failure in a template needs the template texts again,
            // for the frame.
            let frame = err.render.as_ref().and_then(|r| {
                let sources =
                    chartguard::chart::load::load_with(Path::new(chart_path), &load_options)
                        .map(|chart| chart_sources(&chart))
                        .unwrap_or_default();
                code_frame(r, &sources)
            });
            Err(Failure {
                message: err.message,
                frame,
                debug_hint: err.debug_hint,
            })
        }
    }
}

/// Go's wording of common file errors (`no such file or directory`).
fn io_error_text(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// Template texts by Helm's name for them, for code frames.
fn chart_sources(chart: &chartguard::chart::Chart) -> Vec<(String, String)> {
    fn walk(chart: &chartguard::chart::Chart, parent: &str, out: &mut Vec<(String, String)>) {
        let id = if parent.is_empty() {
            chart.metadata.name.clone()
        } else {
            format!("{parent}/charts/{}", chart.metadata.name)
        };
        for t in &chart.templates {
            out.push((format!("{id}/{}", t.name), t.text().into_owned()));
        }
        for dep in &chart.dependencies {
            walk(dep, &id, out);
        }
    }
    let mut out = Vec::new();
    walk(chart, "", &mut out);
    out
}

/// A two-line code frame at the failing template line.
fn code_frame(
    err: &chartguard::render::engine::RenderError,
    sources: &[(String, String)],
) -> Option<String> {
    let file = err.file.as_ref()?;
    let (_, text) = sources.iter().find(|(name, _)| name == file)?;
    let line = match (err.line, err.offset) {
        (Some(line), _) => line,
        (None, Some(offset)) => {
            1 + text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        }
        (None, None) => return None,
    };
    let source_line = text.lines().nth(line.checked_sub(1)?)?;
    Some(format!(
        "  --> {file}:{line}\n   |\n{line:>3} | {source_line}\n   |"
    ))
}
