//! Sprig's list functions (list.go, `compact` from defaults.go, `until` and
//! `untilStep` from numeric.go in Sprig v3.3.0).
//!
//! Sprig takes lists as `interface{}` and walks them with reflection, so any
//! slice type works and the results are new `[]interface {}` slices. The
//! plain forms panic where the `must` forms return an error; Go's template
//! engine turns the panic into the same error, so both print alike. A nil
//! list makes Sprig call a method on a nil `reflect.Type`, which Go reports
//! as a nil pointer dereference.

use gotemplate::{ElemType, FuncError, FuncMap, ParamType as P, Signature, Value};

use super::FuncOptions;
use super::strings::{arg, arg_int, slice_elems};

/// The longest list a function may build (4 Mi elements). Go would keep
/// appending until memory runs out (`until 100000000000`); we refuse.
pub(crate) const MAX_LIST_LEN: usize = 1 << 22;

const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let _ = options;
    use P::{Any, Int};
    let fixed = Signature::fixed;
    let variadic = Signature::variadic;

    for name in ["list", "tuple"] {
        funcs.insert_plain(name, variadic(&[], Any), |a| Ok(Value::from(a)));
    }
    for name in ["push", "append", "mustPush", "mustAppend"] {
        funcs.insert_plain(name, fixed(&[Any, Any]), |a| push(arg(&a, 0)?, arg(&a, 1)?));
    }
    for name in ["prepend", "mustPrepend"] {
        funcs.insert_plain(name, fixed(&[Any, Any]), |a| {
            prepend(arg(&a, 0)?, arg(&a, 1)?)
        });
    }
    for name in ["chunk", "mustChunk"] {
        funcs.insert_plain(name, fixed(&[Int, Any]), |a| {
            chunk(arg_int(&a, 0)?, arg(&a, 1)?)
        });
    }
    for name in ["first", "mustFirst"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| first(arg(&a, 0)?));
    }
    for name in ["last", "mustLast"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| last(arg(&a, 0)?));
    }
    for name in ["rest", "mustRest"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| rest(arg(&a, 0)?));
    }
    for name in ["initial", "mustInitial"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| initial(arg(&a, 0)?));
    }
    for name in ["reverse", "mustReverse"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| reverse(arg(&a, 0)?));
    }
    for name in ["compact", "mustCompact"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| compact(arg(&a, 0)?));
    }
    for name in ["uniq", "mustUniq"] {
        funcs.insert_plain(name, fixed(&[Any]), |a| uniq(arg(&a, 0)?));
    }
    for name in ["without", "mustWithout"] {
        funcs.insert_plain(name, variadic(&[Any], Any), |a| {
            without(arg(&a, 0)?, a.get(1..).unwrap_or_default())
        });
    }
    for name in ["has", "mustHas"] {
        funcs.insert_plain(name, fixed(&[Any, Any]), |a| has(arg(&a, 0)?, arg(&a, 1)?));
    }
    for name in ["slice", "mustSlice"] {
        funcs.insert_plain(name, variadic(&[Any], Any), |a| {
            slice(arg(&a, 0)?, a.get(1..).unwrap_or_default())
        });
    }
    funcs.insert_plain("concat", variadic(&[], Any), |a| concat(&a));
    // `until` and `untilStep` live in math.rs with `seq`.
}

/// The elements of `list`, or Sprig's error naming the kind it got, built by
/// `message` (e.g. `Cannot find first on type string`).
fn elems(list: &Value, message: impl Fn(&str) -> String) -> Result<Vec<Value>, FuncError> {
    if list.is_nil() {
        return Err(FuncError::new(NIL_DEREF));
    }
    slice_elems(list).ok_or_else(|| FuncError::new(message(list.kind_name())))
}

fn iface(items: Vec<Value>) -> Value {
    Value::list(ElemType::Interface, items)
}

fn check_list_len(len: usize) -> Result<(), FuncError> {
    if len > MAX_LIST_LEN {
        return Err(FuncError::new(format!(
            "the result would have {len} elements, more than chartguard's limit of {MAX_LIST_LEN}"
        )));
    }
    Ok(())
}

fn push(list: &Value, v: &Value) -> Result<Value, FuncError> {
    let mut items = elems(list, |k| format!("Cannot push on type {k}"))?;
    check_list_len(items.len() + 1)?;
    items.push(v.clone());
    Ok(iface(items))
}

fn prepend(list: &Value, v: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot prepend on type {k}"))?;
    check_list_len(items.len() + 1)?;
    let mut out = Vec::with_capacity(items.len() + 1);
    out.push(v.clone());
    out.extend(items);
    Ok(iface(out))
}

/// Go's float64-to-int conversion on amd64: NaN and out-of-range values
/// become the minimum int.
fn go_float_to_int(f: f64) -> i64 {
    // 2^63: the first float64 past the int64 range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// Sprig's `mustChunk`, float arithmetic and all: a size of 0 or one that
/// makes a negative length panics in `make` as in Go, and a negative size
/// sometimes yields `[]` or a one-element chunk.
fn chunk(size: i64, list: &Value) -> Result<Value, FuncError> {
    const MAKESLICE: &str = "runtime error: makeslice: len out of range";
    let items = elems(list, |k| format!("Cannot chunk type {k}"))?;
    let l = items.len() as i64;
    let cs = go_float_to_int(((l - 1) as f64 / size as f64).floor()).wrapping_add(1);
    if cs < 0 {
        return Err(FuncError::new(MAKESLICE));
    }
    check_list_len(cs as usize)?;
    let mut out = Vec::with_capacity(cs as usize);
    for i in 0..cs {
        let mut clen = size;
        if i == cs - 1 {
            clen = go_float_to_int((l as f64 % size as f64).floor());
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(FuncError::new(MAKESLICE));
        }
        check_list_len(clen as usize)?;
        let mut part = Vec::with_capacity(clen as usize);
        for j in 0..clen {
            let ix = i.wrapping_mul(size).wrapping_add(j);
            let item = usize::try_from(ix).ok().and_then(|ix| items.get(ix));
            match item {
                Some(v) => part.push(v.clone()),
                None => return Err(FuncError::new("reflect: slice index out of range")),
            }
        }
        out.push(iface(part));
    }
    // Go's type is [][]interface {}; our slices of slices are []interface {}.
    Ok(iface(out))
}

fn first(list: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot find first on type {k}"))?;
    Ok(items.into_iter().next().unwrap_or(Value::Nil))
}

fn last(list: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot find last on type {k}"))?;
    Ok(items.into_iter().last().unwrap_or(Value::Nil))
}

fn rest(list: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot find rest on type {k}"))?;
    Ok(iface(items.into_iter().skip(1).collect()))
}

fn initial(list: &Value) -> Result<Value, FuncError> {
    let mut items = elems(list, |k| format!("Cannot find initial on type {k}"))?;
    items.pop();
    Ok(iface(items))
}

fn reverse(list: &Value) -> Result<Value, FuncError> {
    let mut items = elems(list, |k| format!("Cannot find reverse on type {k}"))?;
    items.reverse();
    Ok(iface(items))
}

fn compact(list: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot compact on type {k}"))?;
    Ok(iface(
        items.into_iter().filter(|v| !sprig_empty(v)).collect(),
    ))
}

fn uniq(list: &Value) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot find uniq on type {k}"))?;
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.iter().any(|o| deep_equal(&item, o)) {
            out.push(item);
        }
    }
    Ok(iface(out))
}

fn without(list: &Value, omit: &[Value]) -> Result<Value, FuncError> {
    let items = elems(list, |k| format!("Cannot find without on type {k}"))?;
    Ok(iface(
        items
            .into_iter()
            .filter(|i| !omit.iter().any(|o| deep_equal(i, o)))
            .collect(),
    ))
}

fn has(needle: &Value, haystack: &Value) -> Result<Value, FuncError> {
    if haystack.is_nil() {
        return Ok(Value::from(false));
    }
    let items = elems(haystack, |k| format!("Cannot find has on type {k}"))?;
    Ok(Value::from(items.iter().any(|i| deep_equal(needle, i))))
}

/// Sprig's `mustSlice`: `reflect.Value.Slice`, which keeps the slice type;
/// an empty list gives nil. Indices go through `cast.ToInt`.
fn slice(list: &Value, indices: &[Value]) -> Result<Value, FuncError> {
    if list.is_nil() {
        return Err(FuncError::new(NIL_DEREF));
    }
    let Some(items) = slice_elems(list) else {
        return Err(FuncError::new(format!(
            "list should be type of slice or array but {}",
            list.kind_name()
        )));
    };
    let len = items.len() as i64;
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = indices.first().map_or(0, super::cast::to_int);
    let end = if indices.len() < 2 {
        len
    } else {
        super::cast::to_int(&indices[1])
    };
    if start < 0 || end < start || end > len {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    let (start, end) = (start as usize, end as usize);
    Ok(match list {
        Value::List(l) => Value::list(l.elem, l.items[start..end].to_vec()),
        Value::Bytes(b) => Value::Bytes(b[start..end].into()),
        _ => iface(items[start..end].to_vec()),
    })
}

fn concat(lists: &[Value]) -> Result<Value, FuncError> {
    let mut out = Vec::new();
    for list in lists {
        if list.is_nil() {
            return Err(FuncError::new(NIL_DEREF));
        }
        match slice_elems(list) {
            Some(items) => {
                check_list_len(out.len() + items.len())?;
                out.extend(items);
            }
            None => {
                return Err(FuncError::new(format!(
                    "Cannot concat type {} as list",
                    list.kind_name()
                )));
            }
        }
    }
    Ok(iface(out))
}

/// Sprig's `empty`: nil, false, zero numbers and empty strings, slices and
/// maps; structs and pointers are never empty.
pub(crate) fn sprig_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b, _) => !b,
        Value::Int(i) | Value::Int64(i, _) => *i == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::String(s, _) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Object(o) => matches!(o.kind(), "map" | "slice") && o.len() == Some(0),
    }
}

/// `reflect.DeepEqual`: identical Go types, then equal contents (NaN is
/// not equal to itself; a map is equal to itself).
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    if a.type_name() != b.type_name() {
        return false;
    }
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            let (xe, ye) = (x.entries(), y.entries());
            xe.len() == ye.len()
                && xe
                    .iter()
                    .zip(&ye)
                    .all(|((kx, vx), (ky, vy))| kx == ky && deep_equal(vx, vy))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_every_function() {
        let mut funcs = FuncMap::new();
        register(&mut funcs, &FuncOptions::default());
        let names = [
            "list",
            "tuple",
            "append",
            "push",
            "mustAppend",
            "mustPush",
            "prepend",
            "mustPrepend",
            "first",
            "mustFirst",
            "rest",
            "mustRest",
            "last",
            "mustLast",
            "initial",
            "mustInitial",
            "reverse",
            "mustReverse",
            "uniq",
            "mustUniq",
            "without",
            "mustWithout",
            "has",
            "mustHas",
            "compact",
            "mustCompact",
            "slice",
            "mustSlice",
            "concat",
            "chunk",
            "mustChunk",
        ];
        for name in names {
            assert!(funcs.contains(name), "{name} is not registered");
        }
        assert_eq!(funcs.names().count(), 31);
    }

    fn ints(v: &[i64]) -> Value {
        iface(v.iter().map(|i| Value::Int(*i)).collect())
    }

    fn as_ints(v: &Value) -> Vec<i64> {
        v.as_list()
            .map(|l| {
                l.items
                    .iter()
                    .map(|i| match i {
                        Value::Int(n) => *n,
                        _ => -999,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn errors_name_the_kind() {
        let s = Value::from("abc");
        assert_eq!(
            first(&s).unwrap_err().message,
            "Cannot find first on type string"
        );
        assert_eq!(
            push(&s, &Value::Int(1)).unwrap_err().message,
            "Cannot push on type string"
        );
        assert_eq!(
            prepend(&Value::Int(5), &Value::Int(1)).unwrap_err().message,
            "Cannot prepend on type int"
        );
        assert_eq!(
            rest(&Value::Int(1)).unwrap_err().message,
            "Cannot find rest on type int"
        );
        assert_eq!(
            has(&Value::Int(1), &Value::empty_map())
                .unwrap_err()
                .message,
            "Cannot find has on type map"
        );
        assert_eq!(
            uniq(&Value::empty_map()).unwrap_err().message,
            "Cannot find uniq on type map"
        );
        assert_eq!(
            chunk(2, &s).unwrap_err().message,
            "Cannot chunk type string"
        );
        assert_eq!(
            slice(&Value::Int(1), &[]).unwrap_err().message,
            "list should be type of slice or array but int"
        );
        assert_eq!(
            concat(&[ints(&[1]), s]).unwrap_err().message,
            "Cannot concat type string as list"
        );
        assert_eq!(first(&Value::Nil).unwrap_err().message, NIL_DEREF);
        assert_eq!(concat(&[Value::Nil]).unwrap_err().message, NIL_DEREF);
    }

    #[test]
    fn element_access() {
        let l = ints(&[1, 2, 3]);
        assert!(matches!(first(&l).unwrap(), Value::Int(1)));
        assert!(matches!(last(&l).unwrap(), Value::Int(3)));
        assert!(first(&ints(&[])).unwrap().is_nil());
        assert_eq!(as_ints(&rest(&l).unwrap()), [2, 3]);
        assert_eq!(as_ints(&initial(&l).unwrap()), [1, 2]);
        assert_eq!(as_ints(&reverse(&l).unwrap()), [3, 2, 1]);
        assert_eq!(rest(&ints(&[])).unwrap().type_name(), "[]interface {}");
        let strings = Value::string_list(["a", "b"]);
        assert_eq!(
            push(&strings, &Value::from("c")).unwrap().type_name(),
            "[]interface {}"
        );
        assert_eq!(first(&strings).unwrap().type_name(), "string");
    }

    #[test]
    fn equality_based_functions() {
        let l = iface(vec![
            Value::Int(1),
            Value::Int(1),
            Value::from("1"),
            Value::Int(2),
            Value::Float(1.0, None),
            ints(&[1]),
            ints(&[1]),
        ]);
        let u = uniq(&l).unwrap();
        assert_eq!(u.as_list().unwrap().items.len(), 5);
        assert_eq!(
            as_ints(&without(&ints(&[1, 2, 3, 1]), &[Value::Int(1), Value::Int(3)]).unwrap()),
            [2]
        );
        assert!(matches!(
            has(&Value::Int(1), &ints(&[1, 2])).unwrap(),
            Value::Bool(true, _)
        ));
        assert!(matches!(
            has(&Value::from("1"), &ints(&[1, 2])).unwrap(),
            Value::Bool(false, _)
        ));
        assert!(matches!(
            has(&Value::Int(1), &Value::Nil).unwrap(),
            Value::Bool(false, _)
        ));
        let c = compact(&iface(vec![
            Value::Int(0),
            Value::from(""),
            Value::Nil,
            Value::from(false),
            iface(vec![]),
            Value::empty_map(),
            Value::Int(1),
            Value::from("a"),
        ]))
        .unwrap();
        assert_eq!(c.as_list().unwrap().items.len(), 2);
    }

    #[test]
    fn slicing() {
        let l = ints(&[1, 2, 3, 4]);
        assert_eq!(
            as_ints(&slice(&l, &[Value::Int(1), Value::Int(3)]).unwrap()),
            [2, 3]
        );
        assert_eq!(as_ints(&slice(&l, &[Value::Int(2)]).unwrap()), [3, 4]);
        assert_eq!(as_ints(&slice(&l, &[]).unwrap()), [1, 2, 3, 4]);
        assert!(slice(&ints(&[]), &[]).unwrap().is_nil());
        let s = Value::string_list(["a", "b", "c"]);
        assert_eq!(slice(&s, &[Value::Int(1)]).unwrap().type_name(), "[]string");
        let oob = "reflect.Value.Slice: slice index out of bounds";
        assert_eq!(
            slice(&l, &[Value::Int(3), Value::Int(2)])
                .unwrap_err()
                .message,
            oob
        );
        assert_eq!(slice(&l, &[Value::Int(-1)]).unwrap_err().message, oob);
        assert_eq!(
            slice(&l, &[Value::Int(0), Value::Int(5)])
                .unwrap_err()
                .message,
            oob
        );
    }

    #[test]
    fn chunk_follows_sprig_arithmetic() {
        let c = chunk(2, &ints(&[1, 2, 3, 4, 5])).unwrap();
        let parts: Vec<Vec<i64>> = c.as_list().unwrap().items.iter().map(as_ints).collect();
        assert_eq!(parts, vec![vec![1, 2], vec![3, 4], vec![5]]);
        assert_eq!(
            chunk(3, &ints(&[])).unwrap().as_list().unwrap().items.len(),
            0
        );
        assert_eq!(
            chunk(5, &ints(&[1, 2]))
                .unwrap()
                .as_list()
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            chunk(-1, &ints(&[1, 2]))
                .unwrap()
                .as_list()
                .unwrap()
                .items
                .len(),
            0
        );
        let makeslice = "runtime error: makeslice: len out of range";
        assert_eq!(chunk(0, &ints(&[1, 2])).unwrap_err().message, makeslice);
        assert_eq!(chunk(0, &ints(&[])).unwrap_err().message, makeslice);
        assert_eq!(chunk(-1, &ints(&[1])).unwrap_err().message, makeslice);
        assert_eq!(
            chunk(-2, &ints(&[1, 2, 3, 4, 5])).unwrap_err().message,
            makeslice
        );
        let one = chunk(-5, &ints(&[7])).unwrap();
        assert_eq!(as_ints(&one.as_list().unwrap().items[0]), [7]);
    }
}
