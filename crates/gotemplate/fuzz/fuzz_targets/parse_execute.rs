//! Parses arbitrary text as a template, then executes it over data built
//! from the same input. Any panic, overflow or hang is a bug.

#![no_main]

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{FuncMap, MissingKey, ParamType, Signature, TemplateSet, Value};
use libfuzzer_sys::fuzz_target;

/// Builds a small value tree from bytes: enough variety (nested maps,
/// lists, every scalar type) to reach the executor's type rules.
fn data_from(bytes: &[u8]) -> Value {
    let mut entries = BTreeMap::new();
    for (i, chunk) in bytes.chunks(3).take(16).enumerate() {
        let key: Arc<str> = Arc::from(["a", "b", "c", "list", "map", "s"][i % 6]);
        let v = match chunk.first().copied().unwrap_or(0) % 8 {
            0 => Value::Nil,
            1 => Value::from(chunk.len() % 2 == 0),
            2 => Value::Int(i64::from(chunk.get(1).copied().unwrap_or(0)) - 128),
            3 => Value::from(f64::from(chunk.get(1).copied().unwrap_or(0)) / 3.0),
            4 => Value::from(String::from_utf8_lossy(chunk).into_owned()),
            5 => Value::from(vec![Value::Int(1), Value::from("x"), Value::Nil]),
            6 => {
                let mut inner = BTreeMap::new();
                inner.insert(Arc::from("k"), Value::from("v"));
                Value::map(inner)
            }
            _ => Value::int64(i64::from(chunk.get(2).copied().unwrap_or(0))),
        };
        entries.insert(key, v);
    }
    let values = Value::map(entries);
    let mut top = BTreeMap::new();
    top.insert(Arc::from("Values"), values);
    Value::map(top)
}

fuzz_target!(|input: &[u8]| {
    let split = input.iter().position(|&b| b == 0).unwrap_or(input.len());
    let Ok(text) = std::str::from_utf8(&input[..split]) else {
        return;
    };
    let data = data_from(input.get(split + 1..).unwrap_or(&[]));
    let mut funcs = FuncMap::new();
    // A function that runs templates, so include-style recursion is covered.
    funcs.insert(
        "include",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let name = args[0].as_str().unwrap_or_default().to_string();
            ctx.execute_template(&name, args[1].clone())
                .map(Value::from)
                .map_err(Into::into)
        },
    );
    funcs.insert(
        "tpl",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let text = args[0].as_str().unwrap_or_default().to_string();
            ctx.parse_and_execute("tpl", &text, args[1].clone())
                .map(Value::from)
                .map_err(Into::into)
        },
    );
    let mut set = TemplateSet::new(funcs);
    set.options.missing_key = MissingKey::Zero;
    set.options.max_output_bytes = Some(1 << 20);
    set.options.max_template_depth = 1000;
    set.options.max_call_depth = 200;
    if set.parse("fuzz", text).is_ok() {
        let _ = set.execute("fuzz", &data);
    }
});
