//! Go's dynamic values as text/template sees them.
//!
//! Every value a template touches is one of Go's types: the scalars Helm uses
//! (bool, int, int64, float64, string), slices, `map[string]interface{}`,
//! byte slices, and embedder objects with fields and methods. The Go type is
//! kept because it is observable: `%T` and `typeOf` print it, `add` returns an
//! int64 that `substr` refuses, and `1000000` from a values file is a float64
//! that prints as `1e+06`.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, RwLock};

/// Where a scalar came from (a values file line, a `--set` flag, ...).
///
/// The engine never looks inside: it carries the id from the data into the
/// output source map, and the embedder keeps the table that resolves it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Origin(pub NonZeroU32);

/// A Go value.
#[derive(Clone, Debug)]
pub enum Value {
    /// Go's untyped nil: an empty `interface{}`.
    Nil,
    Bool(bool, Option<Origin>),
    /// Go's `int` (64 bits on every platform Helm ships for).
    Int(i64),
    Int64(i64, Option<Origin>),
    Float(f64, Option<Origin>),
    String(Arc<str>, Option<Origin>),
    /// `[]byte`, as `.Files.GetBytes` returns it.
    Bytes(Arc<[u8]>),
    List(Arc<List>),
    Map(MapRef),
    Object(Arc<dyn Object>),
}

/// The element type of a slice or map, which Go keeps and prints.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ElemType {
    Interface,
    String,
    Int,
    Int64,
    Float64,
    Bool,
}

impl ElemType {
    /// Go's spelling of the type, as `%T` prints it.
    pub fn go_name(self) -> &'static str {
        match self {
            ElemType::Interface => "interface {}",
            ElemType::String => "string",
            ElemType::Int => "int",
            ElemType::Int64 => "int64",
            ElemType::Float64 => "float64",
            ElemType::Bool => "bool",
        }
    }

    /// The zero value Go gives an element of this type (for `missingkey=zero`
    /// on typed maps, and for `index` past a missing key).
    pub fn zero(self) -> Value {
        match self {
            ElemType::Interface => Value::Nil,
            ElemType::String => Value::from(""),
            ElemType::Int => Value::Int(0),
            ElemType::Int64 => Value::Int64(0, None),
            ElemType::Float64 => Value::Float(0.0, None),
            ElemType::Bool => Value::Bool(false, None),
        }
    }
}

/// An immutable Go slice. Sprig never changes a slice in place, so sharing
/// one behind an `Arc` is safe and makes copies free.
#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub elem: ElemType,
    pub items: Vec<Value>,
}

/// The contents of a Go map with string keys. Go prints and ranges over map
/// keys in sorted order, so the keys are kept sorted.
#[derive(Clone, Debug, Default)]
pub struct Map {
    /// A named map type such as `chartutil.Values`; `None` for a plain map.
    pub type_name: Option<&'static str>,
    pub elem: ElemTypeOrInterface,
    pub entries: BTreeMap<Arc<str>, Value>,
}

/// Newtype so that `Map` can derive `Default` with an `interface{}` element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElemTypeOrInterface(pub ElemType);

impl Default for ElemTypeOrInterface {
    fn default() -> Self {
        ElemTypeOrInterface(ElemType::Interface)
    }
}

/// A shared, mutable map: Go maps are references, and Sprig's `set`,
/// `unset` and `merge` change them in place where every holder sees it.
///
/// The lock is never held while a template runs: accessors copy out what
/// they return, so a template that changes a map it ranges over is safe.
#[derive(Clone, Debug)]
pub struct MapRef(Arc<RwLock<Map>>);

impl MapRef {
    pub fn new(map: Map) -> Self {
        MapRef(Arc::new(RwLock::new(map)))
    }

    pub fn from_entries(entries: BTreeMap<Arc<str>, Value>) -> Self {
        Self::new(Map {
            entries,
            ..Map::default()
        })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Map> {
        // A poisoned lock only means another thread panicked mid-write; the
        // map itself is still a valid BTreeMap.
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Map> {
        self.0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.read().entries.get(key).cloned()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.read().entries.contains_key(key)
    }

    pub fn insert(&self, key: impl Into<Arc<str>>, value: Value) -> Option<Value> {
        self.write().entries.insert(key.into(), value)
    }

    pub fn remove(&self, key: &str) -> Option<Value> {
        self.write().entries.remove(key)
    }

    pub fn len(&self) -> usize {
        self.read().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.read().entries.is_empty()
    }

    /// The keys in Go's sorted order.
    pub fn keys(&self) -> Vec<Arc<str>> {
        self.read().entries.keys().cloned().collect()
    }

    /// A snapshot of the entries in sorted key order.
    pub fn entries(&self) -> Vec<(Arc<str>, Value)> {
        self.read()
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub fn type_name(&self) -> Option<&'static str> {
        self.read().type_name
    }

    pub fn elem(&self) -> ElemType {
        self.read().elem.0
    }

    /// Runs `f` with read access; `f` must not run templates.
    pub fn with<R>(&self, f: impl FnOnce(&Map) -> R) -> R {
        f(&self.read())
    }

    /// Runs `f` with write access; `f` must not run templates.
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut Map) -> R) -> R {
        f(&mut self.write())
    }

    /// A new map holding the same entries (Go's shallow copy).
    pub fn shallow_copy(&self) -> MapRef {
        MapRef::new(self.read().clone())
    }

    /// Whether two handles share one map (Go's map identity).
    pub fn ptr_eq(&self, other: &MapRef) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A value defined by the embedder: a Go struct or pointer with fields and
/// methods, such as Helm's `.Files`, `.Capabilities`, a semver version or a
/// `time.Time`.
pub trait Object: fmt::Debug + Send + Sync {
    /// Go's type name as `%T` prints it, e.g. `*chartutil.Capabilities`.
    fn type_name(&self) -> &str;

    /// Go's reflect kind name as Sprig's `kindOf` prints it.
    fn kind(&self) -> &str {
        "ptr"
    }

    /// The field `name`, if the type has one.
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    /// The signature of method `name`, if the type has one.
    fn method(&self, _name: &str) -> Option<Signature> {
        None
    }

    /// Calls method `name` with arguments already converted to its signature.
    fn call_method(&self, name: &str, _args: Vec<Value>) -> Result<Value, FuncError> {
        Err(FuncError::new(format!("no method {name}")))
    }

    /// What Go's fmt prints for `%v` and `%s`: the result of a `String()` or
    /// `Error()` method when the type has one, else its fields the way fmt
    /// prints a struct (`{a b}`, or `&{a b}` behind a pointer).
    fn go_string(&self) -> String;

    /// Appends `go_string()` to `out`. Objects whose text is large and
    /// printed often (a chart's `.Files`, inside every `toString $`) keep it
    /// and append it here without building a new one.
    fn write_go_string(&self, out: &mut String) {
        out.push_str(&self.go_string());
    }

    /// Whether the type implements `fmt.Stringer` or `error`; fmt then prints
    /// `go_string()` for `%s`/`%q` too, instead of `%!s(TYPE=...)`.
    fn is_stringer(&self) -> bool {
        false
    }

    /// Go's truth of the value: pointers and structs are true.
    fn is_truthy(&self) -> bool {
        true
    }

    /// The length, for objects that are maps or slices underneath.
    fn len(&self) -> Option<usize> {
        None
    }

    /// Whether [`Object::len`] is zero.
    fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The same data seen as a plain Go value, for objects whose Go type is a
    /// named map or slice (Helm's `.Files` is a `map[string][]byte`). JSON
    /// encoding, `index` and `range` use it.
    fn as_value(&self) -> Option<Value> {
        None
    }

    /// Lets functions that know the concrete type (semver, time) reach it.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Go's type of a function parameter. The engine converts every argument to
/// it the way Go's text/template does, with Go's messages on mismatch.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParamType {
    /// `interface{}`: anything.
    Any,
    Bool,
    Int,
    Int64,
    /// `uint32`, which Sprig's `derivePassword` takes.
    Uint32,
    Float64,
    String,
    /// `[]interface{}`.
    List,
    /// `map[string]interface{}`.
    Map,
    /// An embedder object of the given Go type name, e.g. `time.Time`.
    Object(&'static str),
}

impl ParamType {
    pub fn go_name(self) -> &'static str {
        match self {
            ParamType::Any => "interface {}",
            ParamType::Bool => "bool",
            ParamType::Int => "int",
            ParamType::Int64 => "int64",
            ParamType::Uint32 => "uint32",
            ParamType::Float64 => "float64",
            ParamType::String => "string",
            ParamType::List => "[]interface {}",
            ParamType::Map => "map[string]interface {}",
            ParamType::Object(name) => name,
        }
    }
}

/// A function's or method's parameter list.
#[derive(Clone, Copy, Debug)]
pub struct Signature {
    /// The fixed parameters.
    pub params: &'static [ParamType],
    /// The element type of a trailing `...T` parameter.
    pub variadic: Option<ParamType>,
}

impl Signature {
    pub const fn fixed(params: &'static [ParamType]) -> Self {
        Signature {
            params,
            variadic: None,
        }
    }

    pub const fn variadic(params: &'static [ParamType], rest: ParamType) -> Self {
        Signature {
            params,
            variadic: Some(rest),
        }
    }
}

/// The error a function returns; the engine reports it as
/// `error calling NAME: MESSAGE` at the call site.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FuncError {
    pub message: String,
    /// The template error behind it, when the function ran a template
    /// (`include`, `tpl`); kept for its location.
    pub cause: Option<Box<crate::Error>>,
}

impl FuncError {
    pub fn new(message: impl Into<String>) -> Self {
        FuncError {
            message: message.into(),
            cause: None,
        }
    }
}

impl From<crate::Error> for FuncError {
    fn from(err: crate::Error) -> Self {
        FuncError {
            message: err.to_string(),
            cause: Some(Box::new(err)),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(Arc::from(s), None)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s), None)
    }
}

impl From<Arc<str>> for Value {
    fn from(s: Arc<str>) -> Self {
        Value::String(s, None)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b, None)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f, None)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::list(ElemType::Interface, items)
    }
}

impl From<MapRef> for Value {
    fn from(map: MapRef) -> Self {
        Value::Map(map)
    }
}

impl Value {
    /// Go `int`.
    pub fn int(i: i64) -> Value {
        Value::Int(i)
    }

    /// Go `int64`.
    pub fn int64(i: i64) -> Value {
        Value::Int64(i, None)
    }

    pub fn list(elem: ElemType, items: Vec<Value>) -> Value {
        Value::List(Arc::new(List { elem, items }))
    }

    /// A `[]string`.
    pub fn string_list<S: Into<Arc<str>>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::list(
            ElemType::String,
            items
                .into_iter()
                .map(|s| Value::String(s.into(), None))
                .collect(),
        )
    }

    /// A new, empty `map[string]interface{}`.
    pub fn empty_map() -> Value {
        Value::Map(MapRef::new(Map::default()))
    }

    pub fn map(entries: BTreeMap<Arc<str>, Value>) -> Value {
        Value::Map(MapRef::from_entries(entries))
    }

    pub fn object(object: impl Object + 'static) -> Value {
        Value::Object(Arc::new(object))
    }

    /// Go's type name, as `%T` and Sprig's `typeOf` print it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".to_string(),
            Value::Bool(..) => "bool".to_string(),
            Value::Int(_) => "int".to_string(),
            Value::Int64(..) => "int64".to_string(),
            Value::Float(..) => "float64".to_string(),
            Value::String(..) => "string".to_string(),
            Value::Bytes(_) => "[]uint8".to_string(),
            Value::List(list) => format!("[]{}", list.elem.go_name()),
            Value::Map(map) => map.with(|m| match m.type_name {
                Some(name) => name.to_string(),
                None => format!("map[string]{}", m.elem.0.go_name()),
            }),
            Value::Object(obj) => obj.type_name().to_string(),
        }
    }

    /// Go's reflect kind, as Sprig's `kindOf` prints it.
    pub fn kind_name(&self) -> &str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(..) => "bool",
            Value::Int(_) => "int",
            Value::Int64(..) => "int64",
            Value::Float(..) => "float64",
            Value::String(..) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(obj) => obj.kind(),
        }
    }

    /// Go's text/template truth: false, 0, nil, and empty strings, slices
    /// and maps are false; everything else is true.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b, _) => *b,
            Value::Int(i) | Value::Int64(i, _) => *i != 0,
            Value::Float(f, _) => *f != 0.0,
            Value::String(s, _) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(list) => !list.items.is_empty(),
            Value::Map(map) => !map.is_empty(),
            Value::Object(obj) => obj.is_truthy(),
        }
    }

    /// The origin of a scalar loaded from data, if the embedder gave one.
    pub fn origin(&self) -> Option<Origin> {
        match self {
            Value::Bool(_, origin)
            | Value::Int64(_, origin)
            | Value::Float(_, origin)
            | Value::String(_, origin) => *origin,
            _ => None,
        }
    }

    /// The same value carrying `origin` (scalars only; others are unchanged).
    pub fn with_origin(self, origin: Option<Origin>) -> Value {
        match self {
            Value::Bool(b, _) => Value::Bool(b, origin),
            Value::Int64(i, _) => Value::Int64(i, origin),
            Value::Float(f, _) => Value::Float(f, origin),
            Value::String(s, _) => Value::String(s, origin),
            other => other,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&MapRef> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&List> {
        match self {
            Value::List(list) => Some(list),
            _ => None,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }
}

/// Go's `==` on comparable values, as `eq` uses it after its own basic-kind
/// rules. Maps and slices are not comparable in Go; callers check first.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a, _), Value::Bool(b, _)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Int64(a, _), Value::Int64(b, _)) => a == b,
            (Value::Float(a, _), Value::Float(b, _)) => a == b,
            (Value::String(a, _), Value::String(b, _)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => {
                a.ptr_eq(b) || a.with(|ma| b.with(|mb| ma.entries == mb.entries))
            }
            (Value::Object(a), Value::Object(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}
