//! Helm's own template functions (pkg/engine/engine.go `initFunMap` and
//! funcs.go): `include`, `tpl`, `required`, `fail`, `lookup`, and the
//! offline `getHostByName`. The YAML/JSON/TOML helpers are in
//! `serialization.rs`.

use gotemplate::{FuncError, FuncMap, ParamType, Signature, Value};

use super::FuncOptions;

/// Helm's markers around `required`/`fail` messages; the renderer turns an
/// error carrying them into `execution error at (FILE:LINE:COL): MSG`.
pub const WARN_START: &str = "HELM_ERR_START";
pub const WARN_END: &str = "HELM_ERR_END";

/// Helm stops an `include` that is already running this many times inside itself.
const RECURSION_MAX: usize = 1000;

/// The name of Helm's root template, which `tpl` parses its text under.
pub const ROOT_TEMPLATE: &str = "gotpl";

fn warn_wrap(message: &str) -> String {
    format!("{WARN_START}{message}{WARN_END}")
}

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    funcs.insert(
        "include",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let mut args = args.into_iter();
            let name = args.next().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let data = args.next().unwrap_or(Value::Nil);
            if ctx.active_runs(&name) > RECURSION_MAX {
                return Err(FuncError::new(format!(
                    "rendering template has a nested reference name: {name}: unable to execute template"
                )));
            }
            ctx.execute_template(&name, data)
                .map(Value::from)
                .map_err(FuncError::from)
        },
    );
    funcs.insert(
        "tpl",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let mut args = args.into_iter();
            let text = args
                .next()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let data = args.next().unwrap_or(Value::Nil);
            match ctx.parse_and_execute(ROOT_TEMPLATE, &text, data) {
                // Helm strips "<no value>" from tpl's output (not from include's).
                Ok(out) => Ok(Value::from(out.replace("<no value>", ""))),
                Err(err @ gotemplate::Error::Parse { .. }) => Err(FuncError {
                    message: format!(
                        "cannot parse template {}: {err}",
                        gotemplate::strconv::quote(&text)
                    ),
                    cause: Some(Box::new(err)),
                }),
                Err(err) => Err(FuncError {
                    message: format!(
                        "error during tpl function execution for {}: {err}",
                        gotemplate::strconv::quote(&text)
                    ),
                    cause: Some(Box::new(err)),
                }),
            }
        },
    );
    funcs.insert_plain(
        "required",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |args| {
            let mut args = args.into_iter();
            let warn = args
                .next()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let value = args.next().unwrap_or(Value::Nil);
            let missing = match &value {
                Value::Nil => true,
                Value::String(s, _) => s.is_empty(),
                _ => false,
            };
            if missing {
                return Err(FuncError::new(warn_wrap(&warn)));
            }
            Ok(value)
        },
    );
    funcs.insert_plain("fail", Signature::fixed(&[ParamType::String]), |args| {
        let message = args.first().and_then(Value::as_str).unwrap_or_default();
        Err(FuncError::new(warn_wrap(message)))
    });
    // `helm template` has no cluster: lookup finds nothing.
    funcs.insert_plain(
        "lookup",
        Signature::fixed(&[
            ParamType::String,
            ParamType::String,
            ParamType::String,
            ParamType::String,
        ]),
        |_| Ok(Value::empty_map()),
    );
    // Helm answers "" unless --enable-dns is given; chartguard never uses the network.
    funcs.insert_plain(
        "getHostByName",
        Signature::fixed(&[ParamType::String]),
        |_| Ok(Value::from("")),
    );
}
