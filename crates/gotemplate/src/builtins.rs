//! Go's builtin template functions (`text/template/funcs.go`).
//!
//! `and`/`or` short-circuit and are run by the executor itself; the rest are
//! here. Most take Go `reflect.Value`s, so they see the executor's values
//! with their static types.

use crate::exec::{GoVersion, Val};
use crate::gofmt;
use crate::value::{ElemType, Object, Value};

pub const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

pub enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

pub fn arity(name: &str) -> Arity {
    match name {
        "not" | "len" => Arity::Exactly(1),
        "ne" | "lt" | "le" | "gt" | "ge" => Arity::Exactly(2),
        "and" | "or" | "index" | "slice" | "call" | "eq" | "printf" => Arity::AtLeast(1),
        _ => Arity::AtLeast(0),
    }
}

/// Whether the builtin's parameters are `reflect.Value`s (so an invalid
/// argument is an error) rather than `interface{}`.
pub fn takes_reflect_values(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "len"
            | "index"
            | "slice"
            | "call"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
    )
}

/// Go's complex128, which only an imaginary literal (`1i`) can make.
#[derive(Debug)]
pub struct Complex(pub f64, pub f64);

impl Object for Complex {
    fn type_name(&self) -> &str {
        "complex128"
    }
    fn kind(&self) -> &str {
        "complex128"
    }
    fn go_string(&self) -> String {
        let re = gofmt::to_string(&Value::from(self.0));
        let mut im = gofmt::to_string(&Value::from(self.1));
        if !im.starts_with(['-', '+']) {
            im.insert(0, '+');
        }
        format!("({re}{im}i)")
    }
    fn is_truthy(&self) -> bool {
        self.0 != 0.0 || self.1 != 0.0
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Runs a builtin other than `and`, `or` and `call`.
pub fn call_builtin(name: &str, args: &[Val], go: GoVersion) -> Result<Val, String> {
    let values = || args.iter().map(|a| a.v.clone()).collect::<Vec<_>>();
    let text = |s: String| Ok(Val::concrete(Value::from(s)));
    match name {
        "not" => Ok(Val::concrete(Value::from(!args[0].v.is_truthy()))),
        "len" => length(&args[0]).map(|n| Val::concrete(Value::Int(n as i64))),
        "index" => index(&args[0], &args[1..]),
        "slice" => slice(&args[0], &args[1..]),
        "eq" => eq(go, &args[0], &args[1..]).map(|b| Val::concrete(Value::from(b))),
        "ne" => eq(go, &args[0], &args[1..2]).map(|b| Val::concrete(Value::from(!b))),
        "lt" => lt(go, &args[0], &args[1]).map(|b| Val::concrete(Value::from(b))),
        "le" => le(go, &args[0], &args[1]).map(|b| Val::concrete(Value::from(b))),
        "gt" => le(go, &args[0], &args[1]).map(|b| Val::concrete(Value::from(!b))),
        "ge" => lt(go, &args[0], &args[1]).map(|b| Val::concrete(Value::from(!b))),
        "print" => text(gofmt::sprint(&values())),
        "println" => text(gofmt::sprintln(&values())),
        "printf" => {
            let format = args[0].v.as_str().unwrap_or_default().to_string();
            text(gofmt::sprintf(&format, &values()[1..]))
        }
        "html" => text(crate::escape::html_escape(&escaper_input(args))),
        "js" => text(crate::escape::js_escape(&escaper_input(args))),
        "urlquery" => text(crate::escape::query_escape(&escaper_input(args))),
        _ => Err(format!("{name} is not a builtin")),
    }
}

/// Go's `evalArgs` for the escapers: one string as is, otherwise
/// `fmt.Sprint` with a nil argument shown as `<no value>`.
fn escaper_input(args: &[Val]) -> String {
    if let [
        Val {
            v: Value::String(s, _),
            ..
        },
    ] = args
    {
        return s.to_string();
    }
    let values: Vec<Value> = args
        .iter()
        .map(|a| match &a.v {
            Value::Nil => Value::from("<no value>"),
            v => v.clone(),
        })
        .collect();
    gofmt::sprint(&values)
}

/// `call`: Go calls a function value; a template's data holds none here.
pub fn call(callee: &str, args: &[Val]) -> Result<Val, String> {
    let f = &args[0];
    if f.v.is_nil() {
        return Err("call of nil".to_string());
    }
    Err(format!("non-function {callee} of type {}", f.v.type_name()))
}

fn length(item: &Val) -> Result<usize, String> {
    match &item.v {
        // Go calls Type() on the zero reflect.Value, which panics.
        Value::Nil if !item.iface => {
            Err("reflect: call of reflect.Value.Type on zero Value".to_string())
        }
        Value::Nil => Err("len of nil pointer".to_string()),
        Value::String(s, _) => Ok(s.len()),
        Value::Bytes(b) => Ok(b.len()),
        Value::List(list) => Ok(list.items.len()),
        Value::Map(map) => Ok(map.len()),
        Value::Object(obj) => obj
            .len()
            .ok_or_else(|| format!("len of type {}", obj.type_name())),
        other => Err(format!("len of type {}", other.type_name())),
    }
}

/// Go's `indexArg`: an integer index within `0..=cap`.
fn index_arg(index: &Value, cap: usize) -> Result<usize, String> {
    let x = match index {
        Value::Int(i) | Value::Int64(i, _) => *i,
        Value::Nil => return Err("cannot index slice/array with nil".to_string()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ));
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(item: &Val, indexes: &[Val]) -> Result<Val, String> {
    let mut item = item.clone();
    if item.v.is_nil() {
        return Err("index of untyped nil".to_string());
    }
    for index in indexes {
        if item.v.is_nil() {
            return Err("index of nil pointer".to_string());
        }
        let value = match &item.v {
            Value::Object(obj) => obj.as_value().unwrap_or_else(|| item.v.clone()),
            v => v.clone(),
        };
        item = match &value {
            Value::List(list) => {
                let x = index_arg(&index.v, list.items.len())?;
                match list.items.get(x) {
                    Some(v) => Val {
                        v: v.clone(),
                        iface: list.elem == ElemType::Interface,
                    },
                    // Go's index lets x == len through to reflect, which panics.
                    None => return Err("reflect: slice index out of range".to_string()),
                }
            }
            Value::String(s, _) => {
                let x = index_arg(&index.v, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Val::concrete(Value::Int(i64::from(*b))),
                    None => return Err("reflect: string index out of range".to_string()),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(&index.v, b.len())?;
                match b.get(x) {
                    Some(b) => Val::concrete(Value::Int(i64::from(*b))),
                    None => return Err("reflect: slice index out of range".to_string()),
                }
            }
            Value::Map(map) => {
                let key = match &index.v {
                    Value::String(s, _) => s.clone(),
                    Value::Nil => {
                        return Err("value is nil; should be of type string".to_string());
                    }
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        ));
                    }
                };
                let elem = map.elem();
                match map.get(&key) {
                    Some(v) => Val {
                        v,
                        iface: elem == ElemType::Interface,
                    },
                    None => Val {
                        v: elem.zero(),
                        iface: elem == ElemType::Interface,
                    },
                }
            }
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(item)
}

fn slice(item: &Val, indexes: &[Val]) -> Result<Val, String> {
    if item.v.is_nil() {
        return Err("slice of untyped nil".to_string());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match &item.v {
        Value::String(s, _) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".to_string());
            }
            s.len()
        }
        Value::List(list) => list.items.len(),
        Value::Bytes(b) => b.len(),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut idx = [0, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(&index.v, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    let (from, to) = (idx[0], idx[1]);
    Ok(Val::concrete(match &item.v {
        Value::String(s, _) => match s.get(from..to) {
            Some(sub) => Value::from(sub),
            // Go slices bytes; a cut through a character is kept as U+FFFD.
            None => Value::from(String::from_utf8_lossy(&s.as_bytes()[from..to]).into_owned()),
        },
        Value::List(list) => Value::list(list.elem, list.items[from..to].to_vec()),
        Value::Bytes(b) => Value::Bytes(b[from..to].into()),
        _ => Value::Nil,
    }))
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum BasicKind {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
}

fn basic_kind(v: &Value) -> BasicKind {
    match v {
        Value::Bool(..) => BasicKind::Bool,
        Value::Int(_) | Value::Int64(..) => BasicKind::Int,
        Value::Float(..) => BasicKind::Float,
        Value::String(..) => BasicKind::String,
        Value::Object(obj) if obj.type_name() == "complex128" => BasicKind::Complex,
        _ => BasicKind::Invalid,
    }
}

const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";
const BAD_COMPARISON: &str = "incompatible types for comparison";

/// Go 1.25 names the two types; Go 1.23 does not.
fn bad_comparison(go: GoVersion, a: &Value, b: &Value) -> String {
    match go {
        GoVersion::Go123 => BAD_COMPARISON.to_string(),
        GoVersion::Go125 => format!("{BAD_COMPARISON}: {} and {}", a.type_name(), b.type_name()),
    }
}

fn int_of(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i, _) => *i,
        _ => 0,
    }
}

fn float_of(v: &Value) -> f64 {
    match v {
        Value::Float(f, _) => *f,
        _ => 0.0,
    }
}

fn complex_of(v: &Value) -> (f64, f64) {
    match v {
        Value::Object(obj) => match obj.as_any().downcast_ref::<Complex>() {
            Some(c) => (c.0, c.1),
            None => (0.0, 0.0),
        },
        _ => (0.0, 0.0),
    }
}

fn eq(go: GoVersion, arg1: &Val, rest: &[Val]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".to_string());
    }
    let a = &arg1.v;
    let k1 = basic_kind(a);
    for arg in rest {
        let b = &arg.v;
        let k2 = basic_kind(b);
        let truth = if k1 != k2 {
            if !a.is_nil() && !b.is_nil() {
                return Err(bad_comparison(go, a, b));
            }
            false
        } else {
            match k1 {
                BasicKind::Bool => a.is_truthy() == b.is_truthy(),
                BasicKind::Complex => complex_of(a) == complex_of(b),
                BasicKind::Float => float_of(a) == float_of(b),
                BasicKind::Int => int_of(a) == int_of(b),
                BasicKind::String => a.as_str() == b.as_str(),
                BasicKind::Invalid => {
                    if !can_compare(a, b) {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            gofmt::sprintf("%s", std::slice::from_ref(a)),
                            a.type_name(),
                            b.type_name(),
                            gofmt::to_string(b)
                        ));
                    }
                    if a.is_nil() || b.is_nil() {
                        a.is_nil() == b.is_nil()
                    } else {
                        if matches!(b, Value::List(_) | Value::Map(_) | Value::Bytes(_)) {
                            return Err(format!(
                                "non-comparable type {}: {}",
                                gofmt::sprintf("%s", std::slice::from_ref(b)),
                                b.type_name()
                            ));
                        }
                        a == b
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `canCompare`: the same reflect kind, or one side nil.
fn can_compare(a: &Value, b: &Value) -> bool {
    a.kind_name() == b.kind_name() || a.is_nil() || b.is_nil()
}

fn lt(go: GoVersion, arg1: &Val, arg2: &Val) -> Result<bool, String> {
    let (a, b) = (&arg1.v, &arg2.v);
    let k1 = basic_kind(a);
    if k1 == BasicKind::Invalid {
        return Err(BAD_COMPARISON_TYPE.to_string());
    }
    let k2 = basic_kind(b);
    if k2 == BasicKind::Invalid {
        return Err(BAD_COMPARISON_TYPE.to_string());
    }
    if k1 != k2 {
        return Err(bad_comparison(go, a, b));
    }
    Ok(match k1 {
        BasicKind::Bool | BasicKind::Complex | BasicKind::Invalid => {
            return Err(BAD_COMPARISON_TYPE.to_string());
        }
        BasicKind::Float => float_of(a) < float_of(b),
        BasicKind::Int => int_of(a) < int_of(b),
        BasicKind::String => a.as_str() < b.as_str(),
    })
}

fn le(go: GoVersion, arg1: &Val, arg2: &Val) -> Result<bool, String> {
    if lt(go, arg1, arg2)? {
        return Ok(true);
    }
    eq(go, arg1, std::slice::from_ref(arg2))
}
