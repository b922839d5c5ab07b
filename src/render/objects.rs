//! The objects Helm puts in front of templates: `.Capabilities` and `.Chart`
//! (`.Files` is in `crate::chart::files`, `.Release` and `.Template` are
//! plain maps). Their Go types show through `%T`, `typeOf` and printing, and
//! differ between Helm 3 and Helm 4, so both are reproduced.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{ElemType, FuncError, Map, MapRef, Object, ParamType, Signature, Value};

use super::HelmVersion;
use crate::chart::{Dependency, Maintainer, Metadata};

/// `.Capabilities.KubeVersion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeVersion {
    pub version: String,
    pub major: String,
    pub minor: String,
    pub helm: HelmVersion,
}

impl KubeVersion {
    /// Parses `v1.32.0` / `1.32` the way Helm's `--kube-version` does.
    pub fn parse(text: &str, helm: HelmVersion) -> Option<KubeVersion> {
        let trimmed = text.strip_prefix('v').unwrap_or(text);
        let mut parts = trimmed.split(['.', '-', '+']);
        let major: u64 = parts.next()?.parse().ok()?;
        let minor: u64 = parts.next().unwrap_or("0").parse().ok()?;
        let patch: u64 = parts.next().unwrap_or("0").parse().unwrap_or(0);
        Some(KubeVersion {
            version: format!("v{major}.{minor}.{patch}"),
            major: major.to_string(),
            minor: minor.to_string(),
            helm,
        })
    }

    /// The default of each Helm version: v1.32.0 for 3.17.1, v1.35.0 for 4.1.4.
    pub fn default_for(helm: HelmVersion) -> KubeVersion {
        let text = match helm {
            HelmVersion::V3 => "v1.32.0",
            HelmVersion::V4 => "v1.35.0",
        };
        KubeVersion::parse(text, helm).unwrap_or(KubeVersion {
            version: text.to_string(),
            major: "1".into(),
            minor: "32".into(),
            helm,
        })
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> &str {
        match self.helm {
            HelmVersion::V3 => "chartutil.KubeVersion",
            HelmVersion::V4 => "common.KubeVersion",
        }
    }
    fn kind(&self) -> &str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" => Some(Value::from(self.version.as_str())),
            "Major" => Some(Value::from(self.major.as_str())),
            "Minor" => Some(Value::from(self.minor.as_str())),
            _ => None,
        }
    }
    fn method(&self, name: &str) -> Option<Signature> {
        matches!(name, "String" | "GitVersion").then_some(Signature::fixed(&[]))
    }
    fn call_method(&self, _name: &str, _args: Vec<Value>) -> Result<Value, FuncError> {
        Ok(Value::from(self.version.as_str()))
    }
    fn go_string(&self) -> String {
        self.version.clone()
    }
    fn is_stringer(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `.Capabilities.APIVersions`: a `[]string` with a `Has` method.
#[derive(Clone, Debug)]
pub struct VersionSet {
    pub versions: Vec<String>,
    pub helm: HelmVersion,
}

impl VersionSet {
    /// Helm's default set (the API versions its client library knows), plus
    /// `extra` from `--api-versions`.
    pub fn default_for(helm: HelmVersion, extra: &[String]) -> VersionSet {
        let builtin = match helm {
            HelmVersion::V3 => include_str!("data/api-versions-helm3.txt"),
            HelmVersion::V4 => include_str!("data/api-versions-helm4.txt"),
        };
        let mut versions: Vec<String> = builtin.lines().map(str::to_string).collect();
        versions.extend(extra.iter().cloned());
        VersionSet { versions, helm }
    }
}

impl Object for VersionSet {
    fn type_name(&self) -> &str {
        match self.helm {
            HelmVersion::V3 => "chartutil.VersionSet",
            HelmVersion::V4 => "common.VersionSet",
        }
    }
    fn kind(&self) -> &str {
        "slice"
    }
    fn method(&self, name: &str) -> Option<Signature> {
        (name == "Has").then_some(Signature::fixed(&[ParamType::String]))
    }
    fn call_method(&self, _name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        let wanted = args.first().and_then(Value::as_str).unwrap_or_default();
        Ok(Value::from(self.versions.iter().any(|v| v == wanted)))
    }
    fn go_string(&self) -> String {
        format!("[{}]", self.versions.join(" "))
    }
    fn len(&self) -> Option<usize> {
        Some(self.versions.len())
    }
    fn as_value(&self) -> Option<Value> {
        Some(Value::string_list(self.versions.iter().map(String::as_str)))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `.Capabilities.HelmVersion`: Helm's `version.BuildInfo`.
#[derive(Clone, Debug)]
pub struct BuildInfo {
    pub helm: HelmVersion,
}

impl BuildInfo {
    fn fields(&self) -> &'static [(&'static str, &'static str)] {
        match self.helm {
            HelmVersion::V3 => &[
                ("Version", "v3.17.1"),
                ("GitCommit", "980d8ac1939e39138101364400756af2bdee1da5"),
                ("GitTreeState", "clean"),
                ("GoVersion", "go1.23.5"),
            ],
            HelmVersion::V4 => &[
                ("Version", "v4.1.4"),
                ("GitCommit", "05fa37973dc9e42b76e1d2883494c87174b6074f"),
                ("GitTreeState", "clean"),
                ("GoVersion", "go1.25.9"),
                ("KubeClientVersion", "v1.35"),
            ],
        }
    }
}

impl Object for BuildInfo {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn kind(&self) -> &str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.fields()
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| Value::from(*value))
    }
    fn go_string(&self) -> String {
        let values: Vec<&str> = self.fields().iter().map(|(_, v)| *v).collect();
        format!("{{{}}}", values.join(" "))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `.Capabilities`.
#[derive(Clone, Debug)]
pub struct Capabilities {
    pub kube_version: KubeVersion,
    pub api_versions: VersionSet,
    pub helm: HelmVersion,
}

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        match self.helm {
            HelmVersion::V3 => "*chartutil.Capabilities",
            HelmVersion::V4 => "*common.Capabilities",
        }
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::object(self.kube_version.clone())),
            "APIVersions" => Some(Value::object(self.api_versions.clone())),
            "HelmVersion" => Some(Value::object(BuildInfo { helm: self.helm })),
            _ => None,
        }
    }
    fn go_string(&self) -> String {
        format!(
            "&{{{} {} {}}}",
            self.kube_version.version,
            self.api_versions.go_string(),
            BuildInfo { helm: self.helm }.go_string()
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Helm 3's `.Chart`: `struct { chart.Metadata; IsRoot bool }`.
#[derive(Clone, Debug)]
pub struct ChartObject {
    pub metadata: Arc<Metadata>,
    pub is_root: bool,
}

fn string_list(items: &[String], elem: ElemType) -> Value {
    Value::list(
        elem,
        items.iter().map(|s| Value::from(s.as_str())).collect(),
    )
}

fn string_map(map: &BTreeMap<String, String>) -> Value {
    let entries = map
        .iter()
        .map(|(k, v)| (Arc::from(k.as_str()), Value::from(v.as_str())))
        .collect();
    Value::Map(MapRef::new(Map {
        type_name: None,
        elem: gotemplate::value::ElemTypeOrInterface(ElemType::String),
        entries,
    }))
}

/// A maintainer or dependency: a pointer to a struct in Helm 3.
#[derive(Clone, Debug)]
struct FieldsObject {
    type_name: &'static str,
    fields: Vec<(&'static str, Value)>,
}

impl Object for FieldsObject {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, v)| v.clone())
    }
    fn go_string(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|(_, v)| gotemplate::gofmt::to_string(v))
            .collect();
        format!("&{{{}}}", parts.join(" "))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn maintainer_fields(m: &Maintainer) -> Vec<(&'static str, Value)> {
    vec![
        ("Name", Value::from(m.name.as_str())),
        ("Email", Value::from(m.email.as_str())),
        ("URL", Value::from(m.url.as_str())),
    ]
}

fn dependency_fields(d: &Dependency, elem: ElemType) -> Vec<(&'static str, Value)> {
    vec![
        ("Name", Value::from(d.name.as_str())),
        ("Version", Value::from(d.version.as_str())),
        ("Repository", Value::from(d.repository.as_str())),
        ("Condition", Value::from(d.condition.as_str())),
        ("Tags", string_list(&d.tags, elem)),
        ("Enabled", Value::from(d.enabled)),
        ("ImportValues", Value::from(d.import_values.clone())),
        ("Alias", Value::from(d.alias.as_str())),
    ]
}

impl ChartObject {
    fn field_value(&self, name: &str) -> Option<Value> {
        let m = &self.metadata;
        Some(match name {
            "Name" => Value::from(m.name.as_str()),
            "Home" => Value::from(m.home.as_str()),
            "Sources" => string_list(&m.sources, ElemType::String),
            "Version" => Value::from(m.version.as_str()),
            "Description" => Value::from(m.description.as_str()),
            "Keywords" => string_list(&m.keywords, ElemType::String),
            "Maintainers" => Value::from(
                m.maintainers
                    .iter()
                    .map(|mt| {
                        Value::object(FieldsObject {
                            type_name: "*chart.Maintainer",
                            fields: maintainer_fields(mt),
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
            "Icon" => Value::from(m.icon.as_str()),
            "APIVersion" => Value::from(m.api_version.as_str()),
            "Condition" => Value::from(m.condition.as_str()),
            "Tags" => Value::from(m.tags.as_str()),
            "AppVersion" => Value::from(m.app_version.as_str()),
            "Deprecated" => Value::from(m.deprecated),
            "Annotations" => string_map(&m.annotations),
            "KubeVersion" => Value::from(m.kube_version.as_str()),
            "Dependencies" => Value::from(
                m.dependencies
                    .iter()
                    .map(|d| {
                        Value::object(FieldsObject {
                            type_name: "*chart.Dependency",
                            fields: dependency_fields(d, ElemType::String),
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
            "Type" => Value::from(m.chart_type.as_str()),
            "IsRoot" => Value::from(self.is_root),
            _ => return None,
        })
    }
}

const METADATA_FIELDS: &[&str] = &[
    "Name",
    "Home",
    "Sources",
    "Version",
    "Description",
    "Keywords",
    "Maintainers",
    "Icon",
    "APIVersion",
    "Condition",
    "Tags",
    "AppVersion",
    "Deprecated",
    "Annotations",
    "KubeVersion",
    "Dependencies",
    "Type",
];

impl Object for ChartObject {
    fn type_name(&self) -> &str {
        "struct { chart.Metadata; IsRoot bool }"
    }
    fn kind(&self) -> &str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.field_value(name)
    }
    fn go_string(&self) -> String {
        let parts: Vec<String> = METADATA_FIELDS
            .iter()
            .filter_map(|f| self.field_value(f))
            .map(|v| gotemplate::gofmt::to_string(&v))
            .collect();
        format!("{{{{{}}} {}}}", parts.join(" "), self.is_root)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `.Chart` for the given Helm version: Helm 3's struct, or Helm 4's map.
pub fn chart_value(metadata: &Arc<Metadata>, is_root: bool, helm: HelmVersion) -> Value {
    match helm {
        HelmVersion::V3 => Value::object(ChartObject {
            metadata: metadata.clone(),
            is_root,
        }),
        HelmVersion::V4 => {
            let object = ChartObject {
                metadata: metadata.clone(),
                is_root,
            };
            let mut entries = BTreeMap::new();
            for field in METADATA_FIELDS.iter().chain(std::iter::once(&"IsRoot")) {
                let value = match *field {
                    "Keywords" => string_list(&metadata.keywords, ElemType::Interface),
                    "Sources" => string_list(&metadata.sources, ElemType::Interface),
                    "Maintainers" => Value::from(
                        metadata
                            .maintainers
                            .iter()
                            .map(|m| fields_map(maintainer_fields(m)))
                            .collect::<Vec<_>>(),
                    ),
                    "Dependencies" => Value::from(
                        metadata
                            .dependencies
                            .iter()
                            .map(|d| fields_map(dependency_fields(d, ElemType::Interface)))
                            .collect::<Vec<_>>(),
                    ),
                    "Annotations" => {
                        let entries = metadata
                            .annotations
                            .iter()
                            .map(|(k, v)| (Arc::from(k.as_str()), Value::from(v.as_str())))
                            .collect();
                        Value::map(entries)
                    }
                    other => object.field_value(other).unwrap_or(Value::Nil),
                };
                entries.insert(Arc::from(*field), value);
            }
            Value::map(entries)
        }
    }
}

fn fields_map(fields: Vec<(&'static str, Value)>) -> Value {
    Value::map(fields.into_iter().map(|(k, v)| (Arc::from(k), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_version_parses_helm_flag_forms() {
        let v = KubeVersion::parse("1.29", HelmVersion::V3).unwrap();
        assert_eq!(
            (v.version.as_str(), v.major.as_str(), v.minor.as_str()),
            ("v1.29.0", "1", "29")
        );
        assert!(KubeVersion::parse("abc", HelmVersion::V3).is_none());
    }

    #[test]
    fn version_set_has() {
        let set = VersionSet::default_for(HelmVersion::V3, &["example.com/v1".to_string()]);
        let has = |v: &str| {
            set.call_method("Has", vec![Value::from(v)])
                .unwrap()
                .is_truthy()
        };
        assert!(has("apps/v1"));
        assert!(has("example.com/v1"));
        assert!(!has("apps/v1/Deployment"));
    }
}
