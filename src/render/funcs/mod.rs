//! Helm's function map: Sprig v3's `TxtFuncMap` without `env` and
//! `expandenv`, plus Helm's own functions. One file per family.

use gotemplate::FuncMap;

use crate::render::HelmVersion;

pub mod aws_lc;
pub mod cast;
pub mod crypto;
pub mod dates;
pub mod dicts;
pub mod encoding;
pub mod flow;
pub mod gojson;
pub mod helm;
pub mod lists;
pub mod math;
pub mod paths;
pub mod random;
pub mod reflection;
pub mod rsa_keygen;
pub mod semver;
pub mod serialization;
pub mod strings;
pub mod urls;

/// Settings that change what functions do.
#[derive(Clone, Debug, Default)]
pub struct FuncOptions {
    pub helm_version: HelmVersion,
    /// Seeds every random function (randAlphaNum, uuidv4, genCA, ...) so
    /// tests get the same output each run; `None` uses fresh entropy.
    pub seed: Option<u64>,
}

/// Helm's whole function map: Sprig's (less `env` and `expandenv`, which
/// would read the environment) with Helm's own functions over it.
pub fn helm_funcs(options: &FuncOptions) -> FuncMap {
    let mut funcs = sprig_funcs(options);
    funcs.remove("env");
    funcs.remove("expandenv");
    helm::register(&mut funcs, options);
    funcs
}

/// Every Sprig function Helm exposes, for the given options.
pub fn sprig_funcs(options: &FuncOptions) -> FuncMap {
    let mut funcs = FuncMap::new();
    strings::register(&mut funcs, options);
    lists::register(&mut funcs, options);
    dicts::register(&mut funcs, options);
    math::register(&mut funcs, options);
    flow::register(&mut funcs, options);
    reflection::register(&mut funcs, options);
    semver::register(&mut funcs, options);
    paths::register(&mut funcs, options);
    urls::register(&mut funcs, options);
    encoding::register(&mut funcs, options);
    crypto::register(&mut funcs, options);
    random::register(&mut funcs, options);
    dates::register(&mut funcs, options);
    serialization::register(&mut funcs, options);
    funcs
}
