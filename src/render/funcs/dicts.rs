//! Sprig's dictionary functions (dict.go and `deepCopy` from defaults.go in
//! Sprig v3.3.0), with `merge`/`mergeOverwrite` following dario.cat/mergo
//! v1.0.1 and `deepCopy` following mitchellh/copystructure v1.2.0.
//!
//! Go maps are references: `set`, `unset` and the merges change the map
//! they are given, and every holder of it sees the change. Go ranges over a
//! map in random order; where Sprig returns keys or values in that order we
//! give them in key order.

use std::sync::Arc;

use gotemplate::{ElemType, FuncError, FuncMap, Map, MapRef, ParamType as P, Signature, Value};

use super::FuncOptions;
use super::lists::{MAX_LIST_LEN, sprig_empty};
use super::strings::{arg, arg_str, strval};

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    use P::{Any, Map as M, String as S};
    let fixed = Signature::fixed;
    let variadic = Signature::variadic;

    funcs.insert_plain("dict", variadic(&[], Any), |a| Ok(dict(&a)));
    funcs.insert_plain("get", fixed(&[M, S]), |a| {
        Ok(get(arg(&a, 0)?, arg_str(&a, 1)?))
    });
    funcs.insert_plain("set", fixed(&[M, S, Any]), |a| {
        set(arg(&a, 0)?, arg_str(&a, 1)?, arg(&a, 2)?)
    });
    funcs.insert_plain("unset", fixed(&[M, S]), |a| {
        Ok(unset(arg(&a, 0)?, arg_str(&a, 1)?))
    });
    funcs.insert_plain("hasKey", fixed(&[M, S]), |a| {
        let found =
            map_of(arg(&a, 0)?).is_some_and(|m| m.contains_key(arg_str(&a, 1).unwrap_or_default()));
        Ok(Value::from(found))
    });
    funcs.insert_plain("pluck", variadic(&[S], M), |a| {
        let key = arg_str(&a, 0)?;
        let found = a
            .get(1..)
            .unwrap_or_default()
            .iter()
            .filter_map(|d| map_of(d).and_then(|m| m.get(key)))
            .collect();
        Ok(Value::list(ElemType::Interface, found))
    });
    funcs.insert_plain("keys", variadic(&[], M), |a| Ok(keys(&a)));
    funcs.insert_plain("values", fixed(&[M]), |a| {
        let values = map_of(arg(&a, 0)?).map(|m| m.entries().into_iter().map(|(_, v)| v).collect());
        Ok(Value::list(ElemType::Interface, values.unwrap_or_default()))
    });
    funcs.insert_plain("pick", variadic(&[M], S), |a| {
        Ok(pick(arg(&a, 0)?, a.get(1..).unwrap_or_default(), true))
    });
    funcs.insert_plain("omit", variadic(&[M], S), |a| {
        Ok(pick(arg(&a, 0)?, a.get(1..).unwrap_or_default(), false))
    });
    // Sprig's non-must merges swallow mergo's errors and return "", but the
    // errors mergo can return need mismatched argument types, which the
    // signature rules out; what remains are reflect panics, errors in both.
    for (name, overwrite) in [
        ("merge", false),
        ("mustMerge", false),
        ("mergeOverwrite", true),
        ("mustMergeOverwrite", true),
    ] {
        funcs.insert_plain(name, variadic(&[M], M), move |a| merge(&a, overwrite));
    }
    for name in ["deepCopy", "mustDeepCopy"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| deep_copy_checked(arg(&a, 0)?));
    }
    funcs.insert_plain("dig", variadic(&[], Any), |a| dig(&a));
}

/// How deep `merge` and `deepCopy` follow nested maps and lists: only a
/// value that contains itself gets deeper, and there Go overflows its stack.
const MAX_DEPTH: usize = 1000;

fn too_deep(what: &str) -> FuncError {
    FuncError::new(format!(
        "{what}: values nested more than {MAX_DEPTH} deep (does a map contain itself?)"
    ))
}

/// A `map[string]interface{}` parameter: nil stands for Go's nil map.
fn map_of(v: &Value) -> Option<&MapRef> {
    v.as_map()
}

/// A nil map prints as `map[]` like an empty one.
fn nil_map_result() -> Value {
    Value::empty_map()
}

/// Sprig's `dict`: keys go through strval; a missing last value is "".
fn dict(args: &[Value]) -> Value {
    let map = MapRef::new(Map::default());
    for pair in args.chunks(2) {
        let key = strval(&pair[0]);
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::from(""));
        map.insert(key, value);
    }
    Value::Map(map)
}

fn get(d: &Value, key: &str) -> Value {
    map_of(d)
        .and_then(|m| m.get(key))
        .unwrap_or_else(|| Value::from(""))
}

fn set(d: &Value, key: &str, value: &Value) -> Result<Value, FuncError> {
    let Some(m) = map_of(d) else {
        return Err(FuncError::new("assignment to entry in nil map"));
    };
    m.insert(key, value.clone());
    Ok(d.clone())
}

fn unset(d: &Value, key: &str) -> Value {
    match map_of(d) {
        Some(m) => {
            m.remove(key);
            d.clone()
        }
        None => nil_map_result(),
    }
}

fn keys(dicts: &[Value]) -> Value {
    let keys: Vec<Arc<str>> = dicts
        .iter()
        .filter_map(map_of)
        .flat_map(MapRef::keys)
        .collect();
    Value::string_list(keys)
}

fn pick(dict: &Value, keys: &[Value], keep: bool) -> Value {
    let out = MapRef::new(Map::default());
    let listed = |k: &str| keys.iter().any(|key| key.as_str() == Some(k));
    if let Some(m) = map_of(dict) {
        for (k, v) in m.entries() {
            if listed(&k) == keep {
                out.insert(k, v);
            }
        }
    }
    Value::Map(out)
}

fn merge(args: &[Value], overwrite: bool) -> Result<Value, FuncError> {
    let Some(dst) = args.first() else {
        return Err(FuncError::new(
            "internal error: merge without a destination",
        ));
    };
    // mergo gives a nil destination a new map once a source is not nil.
    let dst = match map_of(dst) {
        Some(m) => m.clone(),
        None => MapRef::new(Map::default()),
    };
    for src in &args[1..] {
        if let Some(src) = map_of(src) {
            merge_maps(&dst, src, overwrite, 0)?;
        }
    }
    Ok(Value::Map(dst))
}

/// mergo's `isEmptyValue` on a map element (pointers dereferenced).
fn mergo_empty(v: &Value) -> bool {
    match v {
        Value::Object(_) => false,
        other => sprig_empty(other),
    }
}

fn is_map(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_slice(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Bytes(_))
}

/// `reflect.Value.SetMapIndex` into `dst`: a map with a concrete element
/// type takes only values of that type.
fn set_map_index(
    dst: &MapRef,
    key: &Arc<str>,
    value: Value,
    value_type: &str,
) -> Result<(), FuncError> {
    let elem = dst.elem();
    if elem != ElemType::Interface && value_type != elem.go_name() {
        return Err(FuncError::new(format!(
            "reflect.Value.SetMapIndex: value of type {value_type} is not assignable to type {}",
            elem.go_name()
        )));
    }
    dst.insert(key.clone(), value);
    Ok(())
}

/// mergo's `deepMerge` for two maps, as Sprig calls it (`Merge` or
/// `MergeWithOverwrite`, no other options). Per key of `src`:
/// - a nil source value is skipped, or written over the destination's with
///   `overwrite`;
/// - a map merges into a destination map in place, recursively;
/// - then the source value replaces the destination's when overwriting,
///   when the key is missing, or when the destination value is empty; but
///   a non-empty destination keeps its own map (when both are maps) and its
///   own value when the source is a slice.
fn merge_maps(dst: &MapRef, src: &MapRef, overwrite: bool, depth: usize) -> Result<(), FuncError> {
    // Maps that contain themselves would make mergo recurse until Go's
    // stack overflows, which kills Helm; we stop with an error instead.
    if depth > MAX_DEPTH {
        return Err(too_deep("merge"));
    }
    let src_elem = src.elem().go_name();
    for (key, s) in src.entries() {
        let d = dst.get(&key);
        // The Go type of the source element as SetMapIndex sees it.
        let s_type = if src.elem() == ElemType::Interface {
            "interface {}".to_string()
        } else {
            s.type_name()
        };
        if s.is_nil() {
            if overwrite {
                set_map_index(dst, &key, Value::Nil, src_elem)?;
            }
            continue;
        }
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&s, &d)
            && !dm.ptr_eq(sm)
        {
            merge_maps(dm, sm, overwrite, depth + 1)?;
        }
        if is_slice(&s) && dst.elem() != ElemType::Interface {
            // mergo first stores a slice under the key, which a typed map
            // refuses (and asks IsNil of the old value, which panics).
            return Err(FuncError::new(match &d {
                Some(old) => format!(
                    "reflect: call of reflect.Value.IsNil on {} Value",
                    old.kind_name()
                ),
                None => format!(
                    "reflect.Value.SetMapIndex: value of type {} is not assignable to type {}",
                    s.type_name(),
                    dst.elem().go_name()
                ),
            }));
        }
        if is_slice(&s) && overwrite {
            set_map_index(dst, &key, s.clone(), &s.type_name())?;
        }
        if let Some(old) = &d
            && !mergo_empty(old)
            && (is_slice(&s) || (is_map(&s) && is_map(old)))
        {
            continue;
        }
        if overwrite || d.as_ref().is_none_or(mergo_empty) {
            set_map_index(dst, &key, s, &s_type)?;
        }
    }
    Ok(())
}

/// `copystructure.Copy`: maps and slices are copied all the way down and
/// keep their Go types; nil cannot be copied.
fn deep_copy_checked(v: &Value) -> Result<Value, FuncError> {
    if v.is_nil() {
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    let mut budget = MAX_LIST_LEN;
    deep_copy(v, &mut budget, 0)
}

fn deep_copy(v: &Value, budget: &mut usize, depth: usize) -> Result<Value, FuncError> {
    if depth > MAX_DEPTH {
        return Err(too_deep("deepCopy"));
    }
    if *budget == 0 {
        return Err(FuncError::new(format!(
            "deepCopy: more than chartguard's limit of {MAX_LIST_LEN} values"
        )));
    }
    *budget -= 1;
    Ok(match v {
        Value::Map(m) => {
            let (type_name, elem) = m.with(|inner| (inner.type_name, inner.elem));
            let copy = MapRef::new(Map {
                type_name,
                elem,
                entries: Default::default(),
            });
            for (k, item) in m.entries() {
                copy.insert(k, deep_copy(&item, budget, depth + 1)?);
            }
            Value::Map(copy)
        }
        Value::List(l) => {
            let items = l
                .items
                .iter()
                .map(|i| deep_copy(i, budget, depth + 1))
                .collect::<Result<_, _>>()?;
            Value::list(l.elem, items)
        }
        other => other.clone(),
    })
}

/// Go's message for a failed type assertion on an `interface{}`.
fn conversion_error(v: &Value, want: &str) -> FuncError {
    let got = if v.is_nil() {
        "nil".to_string()
    } else {
        v.type_name()
    };
    FuncError::new(format!(
        "interface conversion: interface {{}} is {got}, not {want}"
    ))
}

const PLAIN_MAP: &str = "map[string]interface {}";

/// A value Go's `v.(map[string]interface{})` accepts: a plain map, not a
/// named type like `chartutil.Values` nor a `map[string]string`.
fn as_plain_map(v: &Value) -> Result<&MapRef, FuncError> {
    match v {
        Value::Map(m) if m.type_name().is_none() && m.elem() == ElemType::Interface => Ok(m),
        other => Err(conversion_error(other, PLAIN_MAP)),
    }
}

/// Sprig's `dig "k1" "k2" default dict`.
fn dig(args: &[Value]) -> Result<Value, FuncError> {
    if args.len() < 3 {
        return Err(FuncError::new("dig needs at least three arguments"));
    }
    let mut dict = as_plain_map(&args[args.len() - 1])?.clone();
    let default = &args[args.len() - 2];
    let keys = args[..args.len() - 2]
        .iter()
        .map(|k| k.as_str().ok_or_else(|| conversion_error(k, "string")))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, key) in keys.iter().enumerate() {
        let Some(step) = dict.get(key) else {
            return Ok(default.clone());
        };
        if i == keys.len() - 1 {
            return Ok(step);
        }
        dict = as_plain_map(&step)?.clone();
    }
    Ok(default.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_every_function() {
        let mut funcs = FuncMap::new();
        register(&mut funcs, &FuncOptions::default());
        let names = [
            "dict",
            "get",
            "set",
            "unset",
            "hasKey",
            "pluck",
            "keys",
            "values",
            "pick",
            "omit",
            "merge",
            "mustMerge",
            "mergeOverwrite",
            "mustMergeOverwrite",
            "deepCopy",
            "mustDeepCopy",
            "dig",
        ];
        for name in names {
            assert!(funcs.contains(name), "{name} is not registered");
        }
        assert_eq!(funcs.names().count(), 17);
    }

    fn d(pairs: Vec<(&str, Value)>) -> Value {
        let args: Vec<Value> = pairs
            .into_iter()
            .flat_map(|(k, v)| [Value::from(k), v])
            .collect();
        dict(&args)
    }

    fn int(i: i64) -> Value {
        Value::Int(i)
    }

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    fn list(items: Vec<Value>) -> Value {
        Value::list(ElemType::Interface, items)
    }

    /// A compact rendering for comparisons (keys sorted, like Go's JSON).
    fn show(v: &Value) -> String {
        match v {
            Value::Nil => "null".into(),
            Value::Int(i) => i.to_string(),
            Value::String(x, _) => format!("{x:?}"),
            Value::Bool(b, _) => b.to_string(),
            Value::List(l) => format!(
                "[{}]",
                l.items.iter().map(show).collect::<Vec<_>>().join(",")
            ),
            Value::Map(m) => format!(
                "{{{}}}",
                m.entries()
                    .iter()
                    .map(|(k, v)| format!("{k:?}:{}", show(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            other => other.type_name(),
        }
    }

    #[test]
    fn dict_get_set_unset() {
        assert_eq!(show(&dict(&[s("a")])), r#"{"a":""}"#);
        let m = d(vec![("a", int(1))]);
        set(&m, "b", &int(2)).unwrap();
        assert_eq!(show(&m), r#"{"a":1,"b":2}"#);
        assert_eq!(show(&unset(&m, "a")), r#"{"b":2}"#);
        assert_eq!(show(&m), r#"{"b":2}"#);
        assert_eq!(show(&get(&m, "zz")), r#""""#);
        assert_eq!(get(&Value::Nil, "a").type_name(), "string");
        assert_eq!(
            set(&Value::Nil, "a", &int(1)).unwrap_err().message,
            "assignment to entry in nil map"
        );
        assert_eq!(show(&unset(&Value::Nil, "a")), "{}");
    }

    #[test]
    fn keys_pick_omit() {
        let a = d(vec![("b", int(1)), ("a", int(2))]);
        let b = d(vec![("c", int(1)), ("a", int(3))]);
        assert_eq!(show(&keys(&[a.clone(), b])), r#"["a","b","a","c"]"#);
        assert_eq!(keys(&[]).type_name(), "[]string");
        let abc = d(vec![("a", int(1)), ("b", int(2)), ("c", int(3))]);
        assert_eq!(
            show(&pick(&abc, &[s("a"), s("c"), s("z")], true)),
            r#"{"a":1,"c":3}"#
        );
        assert_eq!(
            show(&pick(&abc, &[s("a"), s("z")], false)),
            r#"{"b":2,"c":3}"#
        );
    }

    #[test]
    fn merge_keeps_non_empty_destination_values() {
        let a = d(vec![
            ("a", int(1)),
            ("n", d(vec![("x", int(1)), ("y", s(""))])),
            ("e", s("")),
            ("z", int(0)),
            ("l", list(vec![int(1)])),
        ]);
        let b = d(vec![
            ("a", int(2)),
            ("n", d(vec![("y", int(2)), ("z", int(3))])),
            ("e", s("filled")),
            ("z", int(5)),
            ("l", list(vec![int(2), int(3)])),
            ("new", s("v")),
            ("nil", Value::Nil),
        ]);
        let r = merge(&[a.clone(), b], false).unwrap();
        let want = r#"{"a":1,"e":"filled","l":[1],"n":{"x":1,"y":2,"z":3},"new":"v","z":5}"#;
        assert_eq!(show(&r), want);
        assert_eq!(show(&a), want);
    }

    #[test]
    fn merge_overwrite_replaces_values() {
        let a = d(vec![
            ("a", int(1)),
            ("n", d(vec![("x", int(1)), ("y", s(""))])),
            ("l", list(vec![int(1)])),
            ("k", s("keep")),
        ]);
        let b = d(vec![
            ("a", int(2)),
            ("n", d(vec![("y", int(2)), ("z", int(3))])),
            ("l", list(vec![int(2), int(3)])),
            ("k", Value::Nil),
        ]);
        let r = merge(&[a, b], true).unwrap();
        assert_eq!(
            show(&r),
            r#"{"a":2,"k":null,"l":[2,3],"n":{"x":1,"y":2,"z":3}}"#
        );
        let c = d(vec![("a", s("str")), ("b", d(vec![("x", int(1))]))]);
        let e = d(vec![("a", d(vec![("y", int(1))])), ("b", s("str"))]);
        assert_eq!(
            show(&merge(&[c.clone(), e.clone()], false).unwrap()),
            r#"{"a":"str","b":{"x":1}}"#
        );
        assert_eq!(
            show(&merge(&[c, e], true).unwrap()),
            r#"{"a":{"y":1},"b":"str"}"#
        );
        let emptyish = merge(
            &[
                d(vec![("a", s("")), ("b", int(0))]),
                d(vec![("a", Value::from(false)), ("b", list(vec![]))]),
            ],
            false,
        );
        assert_eq!(show(&emptyish.unwrap()), r#"{"a":false,"b":[]}"#);
        assert_eq!(
            show(&merge(&[Value::Nil, d(vec![("a", int(1))])], false).unwrap()),
            r#"{"a":1}"#
        );
    }

    #[test]
    fn merge_shares_source_maps() {
        let a = dict(&[]);
        let inner = d(vec![("x", int(1))]);
        let b = d(vec![("n", inner.clone())]);
        merge(&[a.clone(), b], false).unwrap();
        set(&inner, "y", &int(2)).unwrap();
        assert_eq!(show(&a), r#"{"n":{"x":1,"y":2}}"#);
    }

    #[test]
    fn merge_into_typed_map_fails_like_reflect() {
        let typed = Value::Map(MapRef::new(Map {
            type_name: None,
            elem: gotemplate::value::ElemTypeOrInterface(ElemType::String),
            entries: [(Arc::from("_0"), s("x"))].into_iter().collect(),
        }));
        let a = d(vec![("a", typed)]);
        let b = d(vec![("a", d(vec![("_0", s("z")), ("_5", s("w"))]))]);
        assert_eq!(
            merge(&[a, b], false).unwrap_err().message,
            "reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string"
        );
    }

    #[test]
    fn self_containing_maps_stop_with_an_error() {
        let a = dict(&[]);
        let b = dict(&[]);
        set(&a, "self", &a).unwrap();
        set(&b, "self", &b).unwrap();
        assert!(merge(&[a.clone(), b], false).is_err());
        assert!(deep_copy_checked(&a).is_err());
    }

    #[test]
    fn deep_copy_is_deep() {
        let inner = d(vec![("b", int(2))]);
        let v = d(vec![("a", list(vec![int(1), inner.clone()]))]);
        let c = deep_copy_checked(&v).unwrap();
        set(&inner, "c", &int(3)).unwrap();
        assert_eq!(show(&c), r#"{"a":[1,{"b":2}]}"#);
        assert_eq!(
            deep_copy_checked(&Value::Nil).unwrap_err().message,
            "reflect: call of reflect.Value.Type on zero Value"
        );
        let strings = Value::string_list(["a"]);
        assert_eq!(deep_copy_checked(&strings).unwrap().type_name(), "[]string");
    }

    #[test]
    fn dig_walks_plain_maps() {
        let m = d(vec![("a", d(vec![("b", s("found"))]))]);
        assert_eq!(
            show(&dig(&[s("a"), s("b"), s("def"), m.clone()]).unwrap()),
            r#""found""#
        );
        assert_eq!(
            show(&dig(&[s("a"), s("x"), s("def"), m.clone()]).unwrap()),
            r#""def""#
        );
        assert_eq!(
            dig(&[s("a"), m.clone()]).unwrap_err().message,
            "dig needs at least three arguments"
        );
        assert_eq!(
            dig(&[s("a"), s("b"), s("d"), d(vec![("a", Value::Nil)])])
                .unwrap_err()
                .message,
            "interface conversion: interface {} is nil, not map[string]interface {}"
        );
        assert_eq!(
            dig(&[int(1), s("d"), dict(&[])]).unwrap_err().message,
            "interface conversion: interface {} is int, not string"
        );
        let values = Value::Map(MapRef::new(Map {
            type_name: Some("chartutil.Values"),
            ..Map::default()
        }));
        assert_eq!(
            dig(&[s("a"), s("d"), values]).unwrap_err().message,
            "interface conversion: interface {} is chartutil.Values, not map[string]interface {}"
        );
    }
}
