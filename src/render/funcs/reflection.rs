//! Sprig's reflection functions: `typeOf` (`%T`), `typeIs`, `typeIsLike`,
//! `kindOf` (reflect kind), `kindIs`, and `deepEqual` (`reflect.DeepEqual`).

use std::sync::Arc;

use gotemplate::{FuncMap, Object, ParamType, Signature, Value};

use super::FuncOptions;
use super::semver::SemverObject;

const ANY: ParamType = ParamType::Any;
const STRING: ParamType = ParamType::String;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    funcs.insert_plain("typeOf", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(args[0].type_name()))
    });
    funcs.insert_plain("typeIs", Signature::fixed(&[STRING, ANY]), |args| {
        Ok(Value::from(args[0].as_str() == Some(&args[1].type_name())))
    });
    funcs.insert_plain("typeIsLike", Signature::fixed(&[STRING, ANY]), |args| {
        Ok(Value::from(type_is_like(
            args[0].as_str().unwrap_or(""),
            &args[1],
        )))
    });
    funcs.insert_plain("kindOf", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(args[0].kind_name()))
    });
    funcs.insert_plain("kindIs", Signature::fixed(&[STRING, ANY]), |args| {
        Ok(Value::from(args[0].as_str() == Some(args[1].kind_name())))
    });
    funcs.insert_plain("deepEqual", Signature::fixed(&[ANY, ANY]), |args| {
        Ok(Value::from(deep_equal(&args[0], &args[1])))
    });
}

/// Sprig's `typeIsLike`: the type or a pointer to it.
pub fn type_is_like(target: &str, value: &Value) -> bool {
    let t = value.type_name();
    t == target || t.strip_prefix('*') == Some(target)
}

/// `reflect.DeepEqual`: the dynamic types must be identical (int is not
/// int64, `[]string` is not `[]interface{}`, `chartutil.Values` is not
/// `map[string]interface{}`), then values compare deeply; NaN differs from
/// itself except where both sides are the same slice or map.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x, _), Value::Bool(y, _)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int64(x, _), Value::Int64(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::String(x, _), Value::String(y, _)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.elem == y.elem
                && (Arc::ptr_eq(x, y)
                    || (x.items.len() == y.items.len()
                        && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))))
        }
        (Value::Map(x), Value::Map(y)) => {
            if a.type_name() != b.type_name() {
                return false;
            }
            if x.ptr_eq(y) {
                return true;
            }
            let (xs, ys) = (x.entries(), y.entries());
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(&ys)
                    .all(|((kx, vx), (ky, vy))| kx == ky && deep_equal(vx, vy))
        }
        (Value::Object(x), Value::Object(y)) => objects_deep_equal(x, y),
        _ => false,
    }
}

fn objects_deep_equal(x: &Arc<dyn Object>, y: &Arc<dyn Object>) -> bool {
    if x.type_name() != y.type_name() {
        return false;
    }
    if Arc::ptr_eq(x, y) {
        return true;
    }
    if let (Some(sx), Some(sy)) = (
        x.as_any().downcast_ref::<SemverObject>(),
        y.as_any().downcast_ref::<SemverObject>(),
    ) {
        return sx.deep_equal(sy);
    }
    if let (Some(vx), Some(vy)) = (x.as_value(), y.as_value()) {
        return deep_equal(&vx, &vy);
    }
    // Other objects (time.Time, Helm's built-in objects) expose no fields
    // to compare; the same type printing the same way is the closest
    // stand-in for Go's field-by-field comparison.
    x.go_string() == y.go_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::HelmVersion;
    use crate::render::funcs::semver::parse_version;
    use gotemplate::ElemType;

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    fn semver(text: &str) -> Value {
        let version = parse_version(text, HelmVersion::V3).unwrap_or_else(|e| panic!("{e}"));
        SemverObject::pointer(version, HelmVersion::V3)
    }

    #[test]
    fn types_and_kinds() {
        assert!(type_is_like("semver.Version", &semver("1.0.0")));
        assert!(type_is_like("int", &Value::Int(1)));
        assert!(!type_is_like("int64", &Value::Int(1)));
        assert_eq!(Value::Nil.kind_name(), "invalid");
        assert_eq!(semver("1.0.0").kind_name(), "ptr");
        assert_eq!(semver("1.0.0").type_name(), "*semver.Version");
    }

    #[test]
    fn deep_equal_matches_reflect() {
        // Helm 3.17.1: deepEqual 1 1, 1 (int64 1), 1.0 1, (list 1 2) (list 1 2) ...
        assert!(deep_equal(&Value::Int(1), &Value::Int(1)));
        assert!(!deep_equal(&Value::Int(1), &Value::int64(1)));
        assert!(!deep_equal(&Value::Float(1.0, None), &Value::Int(1)));
        let l12 = || Value::from(vec![Value::Int(1), Value::Int(2)]);
        assert!(deep_equal(&l12(), &l12()));
        assert!(!deep_equal(
            &Value::from(vec![Value::Int(1)]),
            &Value::from(vec![Value::int64(1)])
        ));
        assert!(deep_equal(&Value::Nil, &Value::Nil));
        assert!(!deep_equal(
            &Value::string_list(["a"]),
            &Value::from(vec![s("a")])
        ));
        assert!(deep_equal(
            &Value::list(ElemType::Interface, vec![]),
            &Value::list(ElemType::Interface, vec![])
        ));
        let nan = || Value::Float(f64::NAN, None);
        assert!(!deep_equal(&nan(), &nan()));
        let same = Value::from(vec![nan()]);
        assert!(deep_equal(&same, &same.clone()));
        assert!(!deep_equal(
            &Value::from(vec![nan()]),
            &Value::from(vec![nan()])
        ));
        assert!(deep_equal(&semver("1.2.3"), &semver("1.2.3")));
        assert!(!deep_equal(&semver("1.2.3"), &semver("v1.2.3")));
        let map = |v: i64| Value::map([(Arc::from("a"), Value::Int(v))].into_iter().collect());
        assert!(deep_equal(&map(1), &map(1)));
        assert!(!deep_equal(&map(1), &map(2)));
    }
}
