//! Sprig's defaults and flow functions: `default`, `empty`, `coalesce`,
//! `all`, `any`, `ternary`, and Sprig's plain `fail` (Helm registers its own
//! `fail` over it).

use gotemplate::{FuncError, FuncMap, ParamType, Signature, Value};

use super::FuncOptions;

const ANY: ParamType = ParamType::Any;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    funcs.insert_plain("default", Signature::variadic(&[ANY], ANY), |mut args| {
        let given = args.split_off(1);
        let default = args.pop().unwrap_or(Value::Nil);
        Ok(dfault(default, given))
    });
    funcs.insert_plain("empty", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(empty(&args[0])))
    });
    funcs.insert_plain("coalesce", Signature::variadic(&[], ANY), |args| {
        Ok(coalesce(args))
    });
    funcs.insert_plain("all", Signature::variadic(&[], ANY), |args| {
        Ok(Value::from(args.iter().all(|v| !empty(v))))
    });
    funcs.insert_plain("any", Signature::variadic(&[], ANY), |args| {
        Ok(Value::from(args.iter().any(|v| !empty(v))))
    });
    funcs.insert_plain(
        "ternary",
        Signature::fixed(&[ANY, ANY, ParamType::Bool]),
        |mut args| {
            let cond = matches!(args.pop(), Some(Value::Bool(true, _)));
            let vf = args.pop().unwrap_or(Value::Nil);
            let vt = args.pop().unwrap_or(Value::Nil);
            Ok(if cond { vt } else { vf })
        },
    );
    funcs.insert_plain("fail", Signature::fixed(&[ParamType::String]), |args| {
        Err(fail(args[0].as_str().unwrap_or("")))
    });
}

/// Sprig's `default`: `given[0]` unless it is missing or empty.
pub fn dfault(default: Value, mut given: Vec<Value>) -> Value {
    if given.is_empty() || empty(&given[0]) {
        return default;
    }
    given.swap_remove(0)
}

/// Sprig's `coalesce`: the first non-empty argument, else nil.
pub fn coalesce(args: Vec<Value>) -> Value {
    args.into_iter().find(|v| !empty(v)).unwrap_or(Value::Nil)
}

/// Sprig's `fail`: `errors.New(msg)`.
pub fn fail(msg: &str) -> FuncError {
    FuncError::new(msg)
}

/// Sprig's `empty`: Go's zero value by reflect kind. Zero numbers, false,
/// nil and empty strings, slices and maps are empty; structs never are
/// (`.Release`, `semver.Version`), and neither is a non-nil pointer
/// (`.Capabilities`, `*semver.Version`). NaN is not zero, so not empty.
pub fn empty(value: &Value) -> bool {
    match value {
        Value::Nil => true,
        Value::Bool(b, _) => !b,
        Value::Int(i) | Value::Int64(i, _) => *i == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::String(s, _) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(list) => list.items.is_empty(),
        Value::Map(map) => map.is_empty(),
        Value::Object(obj) => match obj.kind() {
            "struct" | "ptr" | "func" | "chan" | "interface" | "unsafe.Pointer" => false,
            "map" | "slice" | "array" | "string" => match obj.len() {
                Some(len) => len == 0,
                None => obj.as_value().is_some_and(|inner| empty(&inner)),
            },
            _ => match obj.as_value() {
                Some(inner) => empty(&inner),
                None => !obj.is_truthy(),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gotemplate::ElemType;

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    #[test]
    fn empty_follows_reflect() {
        // Helm: empty "" 0.0 (list) nil (dict) are true, NaN is not.
        assert!(empty(&s("")));
        assert!(empty(&Value::Float(0.0, None)));
        assert!(empty(&Value::Float(-0.0, None)));
        assert!(!empty(&Value::Float(f64::NAN, None)));
        assert!(empty(&Value::Nil));
        assert!(empty(&Value::list(ElemType::Interface, vec![])));
        assert!(empty(&Value::empty_map()));
        assert!(empty(&Value::Bool(false, None)));
        assert!(empty(&Value::Int64(0, None)));
        assert!(!empty(&Value::Int(-1)));
        assert!(!empty(&s(" ")));
        assert!(!empty(&Value::from(vec![Value::Nil])));
    }

    #[test]
    fn default_and_coalesce() {
        // Helm: default "d" -> d; default "d" "" -> d; default "d" "x" "y" -> x.
        assert_eq!(dfault(s("d"), vec![]), s("d"));
        assert_eq!(dfault(s("d"), vec![s("")]), s("d"));
        assert_eq!(dfault(s("d"), vec![Value::Int(0)]), s("d"));
        assert_eq!(dfault(s("d"), vec![s("x"), s("y")]), s("x"));
        assert_eq!(dfault(s("d"), vec![Value::Bool(false, None)]), s("d"));
        assert!(matches!(
            dfault(s("d"), vec![Value::Float(f64::NAN, None)]),
            Value::Float(f, _) if f.is_nan()
        ));
        assert_eq!(coalesce(vec![Value::Int(0), s(""), s("a"), s("b")]), s("a"));
        assert!(coalesce(vec![Value::Int(0), s("")]).is_nil());
        assert!(coalesce(vec![]).is_nil());
        assert_eq!(fail("boom").message, "boom");
    }
}
