//! Prints the names in chartguard's function map for a Helm version, one per
//! line, for coverage reports (`cargo run --example function_names -- 4`).

use chartguard::render::HelmVersion;
use chartguard::render::funcs::{FuncOptions, helm_funcs};

fn main() {
    let helm_version = match std::env::args().nth(1).as_deref() {
        Some("4") => HelmVersion::V4,
        _ => HelmVersion::V3,
    };
    let funcs = helm_funcs(&FuncOptions {
        helm_version,
        seed: Some(0),
    });
    let mut names: Vec<&str> = funcs.names().collect();
    names.sort_unstable();
    for name in names {
        println!("{name}");
    }
}
