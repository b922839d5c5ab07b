//! The values as each validator sees them.
//!
//! Helm 3 marshals the values to YAML and back to JSON before validating
//! (sigs.k8s.io/yaml), so every map is an object, `[]byte` is a base64
//! string and every number is a JSON number. Helm 4 hands the Go values
//! over as they are, and santhosh-tekuri/jsonschema refuses any Go type
//! that is not a JSON one (`map[string]string`, `[]uint8`).
//!
//! Object members are sorted by key: both libraries visit a Go map, whose
//! order is random, and sorted order is the one a reader expects.

use gotemplate::{ElemType, Value};

use super::number::{Decimal, go_float};
use crate::render::HelmVersion;

#[derive(Clone, Debug)]
pub enum Instance {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Instance>),
    Object(Vec<(String, Instance)>),
    /// A Go value that is not JSON (Helm 4 only): its Go type name.
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct Number {
    pub value: Decimal,
    /// Go's `%v` of the value (`1e+06`, `3`).
    pub go_text: String,
    pub float: Option<f64>,
}

impl Number {
    pub fn from_json(text: &str) -> Option<Number> {
        Some(Number {
            value: Decimal::parse(text)?,
            go_text: text.to_string(),
            float: None,
        })
    }
}

/// Why values could not be turned into JSON (Helm 3's marshalling).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConvertError(pub String);

pub fn from_value(value: &Value, helm: HelmVersion) -> Result<Instance, ConvertError> {
    from_value_at(value, helm, 0)
}

fn from_value_at(value: &Value, helm: HelmVersion, depth: usize) -> Result<Instance, ConvertError> {
    if depth > crate::values::MAX_VALUE_DEPTH {
        return Err(ConvertError(
            "values nest too deeply to validate".to_string(),
        ));
    }
    let v4 = helm == HelmVersion::V4;
    Ok(match value {
        Value::Nil => Instance::Null,
        Value::Bool(b, _) => Instance::Bool(*b),
        Value::Int(i) | Value::Int64(i, _) => Instance::Number(Number {
            value: Decimal::from_i64(*i),
            go_text: i.to_string(),
            float: None,
        }),
        Value::Float(f, _) => match Decimal::from_f64(*f) {
            Some(d) => Instance::Number(Number {
                value: d,
                go_text: go_float(*f),
                float: Some(*f),
            }),
            None if v4 => Instance::Number(Number {
                value: Decimal::from_i64(0),
                go_text: go_float(*f),
                float: Some(*f),
            }),
            None => {
                // json.Marshal refuses NaN and ±Inf.
                return Err(ConvertError(format!(
                    "error marshaling into JSON: json: unsupported value: {}",
                    go_float(*f)
                )));
            }
        },
        Value::String(s, _) => Instance::String(s.to_string()),
        Value::Bytes(b) if v4 => Instance::Invalid("[]uint8".to_string()),
        Value::Bytes(b) => Instance::String(base64(b)),
        Value::List(list) => {
            if v4 && list.elem != ElemType::Interface {
                return Ok(Instance::Invalid(value.type_name()));
            }
            let mut items = Vec::with_capacity(list.items.len());
            for item in list.items.iter() {
                items.push(crate::values::grow(|| {
                    from_value_at(item, helm, depth + 1)
                })?);
            }
            Instance::Array(items)
        }
        Value::Map(m) => {
            // The named `common.Values` is handed over as a plain map
            // (`Values.AsMap`), so only the element type matters.
            let plain = m.with(|m| m.elem.0 == ElemType::Interface);
            if v4 && !plain {
                return Ok(Instance::Invalid(value.type_name()));
            }
            let entries: Vec<(String, Value)> = m.with(|m| {
                m.entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect()
            });
            let mut members = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                members.push((
                    k,
                    crate::values::grow(|| from_value_at(&v, helm, depth + 1))?,
                ));
            }
            members.sort_by(|a, b| a.0.cmp(&b.0));
            Instance::Object(members)
        }
        Value::Object(_) if v4 => Instance::Invalid(value.type_name()),
        Value::Object(_) => Instance::Object(Vec::new()),
    })
}

fn base64(data: &[u8]) -> String {
    crate::render::funcs::gojson::base64_std(data)
}

/// One step of an instance path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl PathSegment {
    pub fn text(&self) -> String {
        match self {
            PathSegment::Key(k) => k.clone(),
            PathSegment::Index(i) => i.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_go() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn helm4_refuses_go_types_that_are_not_json() {
        let bytes = Value::Bytes(std::sync::Arc::from(&b"x"[..]));
        assert!(matches!(
            from_value(&bytes, HelmVersion::V4),
            Ok(Instance::Invalid(t)) if t == "[]uint8"
        ));
        assert!(matches!(
            from_value(&bytes, HelmVersion::V3),
            Ok(Instance::String(s)) if s == "eA=="
        ));
    }
}
