//! A schema document compiled into an arena of nodes, with local `$ref`s
//! resolved. The same model serves Helm 3's validator (gojsonschema) and
//! Helm 4's (santhosh-tekuri/jsonschema); each reads only the keywords its
//! library knows for the document's draft. Compilation fails as the library
//! does for what it checks; the error keeps the JSON pointer of the node.

use std::collections::HashMap;

use regex::Regex;

use super::json::Json;
use super::number::Decimal;
use crate::render::HelmVersion;

/// Index of a node in [`Schema::nodes`].
pub type NodeId = usize;

/// The JSON Schema dialect a document declares with `$schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Draft {
    Draft4 = 4,
    Draft6 = 6,
    Draft7 = 7,
    Draft2019 = 2019,
    Draft2020 = 2020,
    /// gojsonschema without a known `$schema`: every keyword it knows, with
    /// `exclusiveMinimum` either a bool or a number.
    Hybrid = 9999,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonType {
    Null,
    Boolean,
    Number,
    Integer,
    String,
    Array,
    Object,
}

impl JsonType {
    pub fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

/// `additionalProperties` / `additionalItems`.
#[derive(Clone, Debug)]
pub enum Additional {
    Bool(bool),
    Schema(NodeId),
}

#[derive(Clone, Debug)]
pub enum Items {
    Single(NodeId),
    Tuple(Vec<NodeId>),
}

#[derive(Clone, Debug)]
pub enum Dependency {
    Required(Vec<String>),
    Schema(NodeId),
}

#[derive(Clone, Debug)]
pub struct Pattern {
    pub source: String,
    pub regex: Regex,
}

/// One schema: a boolean schema or an object of keywords.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// JSON pointer of the node in its document (`/properties/a`).
    pub location: String,
    /// `true` / `false` schemas.
    pub bool_schema: Option<bool>,
    pub reference: Option<NodeId>,
    /// In document order (gojsonschema prints them so).
    pub types: Vec<JsonType>,
    pub enumeration: Option<Vec<Json>>,
    pub constant: Option<Json>,
    pub format: Option<String>,
    pub properties: Vec<(String, NodeId)>,
    pub pattern_properties: Vec<(Pattern, NodeId)>,
    pub additional_properties: Option<Additional>,
    pub property_names: Option<NodeId>,
    pub required: Vec<String>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub dependencies: Vec<(String, Dependency)>,
    pub dependent_required: Vec<(String, Vec<String>)>,
    pub dependent_schemas: Vec<(String, NodeId)>,
    pub items: Option<Items>,
    pub additional_items: Option<Additional>,
    pub prefix_items: Vec<NodeId>,
    pub items_2020: Option<NodeId>,
    pub contains: Option<NodeId>,
    pub min_contains: Option<u64>,
    pub max_contains: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Pattern>,
    pub minimum: Option<Decimal>,
    pub maximum: Option<Decimal>,
    pub exclusive_minimum: Option<Decimal>,
    pub exclusive_maximum: Option<Decimal>,
    pub multiple_of: Option<Decimal>,
    pub all_of: Vec<NodeId>,
    pub any_of: Vec<NodeId>,
    pub one_of: Vec<NodeId>,
    pub not: Option<NodeId>,
    pub if_: Option<NodeId>,
    pub then_: Option<NodeId>,
    pub else_: Option<NodeId>,
}

/// A compiled document.
#[derive(Clone, Debug)]
pub struct Schema {
    pub nodes: Vec<Node>,
    pub root: NodeId,
    pub draft: Draft,
}

impl Schema {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

/// Why a schema does not compile. `message` is the library's text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CompileError {
    pub message: String,
    /// JSON pointer of the offending node.
    pub location: String,
    pub kind: CompileErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// A keyword has the wrong shape.
    Invalid,
    /// A `$ref` points at nothing in the document.
    RefNotFound,
    /// A `$ref` (or `$schema`) names another document; Helm would load it
    /// from disk or the network, chartguard never does.
    External,
}

/// Compiles `doc` as the given Helm version's library reads it.
pub fn compile(doc: &Json, helm: HelmVersion) -> Result<Schema, CompileError> {
    let draft = detect_draft(doc, helm)?;
    let mut compiler = Compiler {
        doc,
        helm,
        draft,
        // A node is large; growing the list one doubling at a time copied
        // a redis schema's nodes about twice over.
        nodes: Vec::with_capacity(object_count(doc).min(1 << 16)),
        by_location: HashMap::new(),
    };
    let root = compiler.node(doc, String::new())?;
    Ok(Schema {
        nodes: compiler.nodes,
        root,
        draft,
    })
}

/// The draft named by `$schema`; each library knows different spellings.
fn detect_draft(doc: &Json, helm: HelmVersion) -> Result<Draft, CompileError> {
    let Some(value) = doc.get("$schema") else {
        return Ok(match helm {
            HelmVersion::V3 => Draft::Hybrid,
            HelmVersion::V4 => Draft::Draft2020,
        });
    };
    let Some(url) = value.as_str() else {
        return Err(invalid(
            helm,
            "",
            "$schema must be of type string",
            "'/$schema': got {kind}, want string",
            value,
        ));
    };
    match helm {
        HelmVersion::V3 => {
            // gojsonschema compares the URL without an empty fragment.
            let url = url.strip_suffix('#').unwrap_or(url);
            Ok(match url {
                "http://json-schema.org/draft-04/schema" => Draft::Draft4,
                "http://json-schema.org/draft-06/schema" => Draft::Draft6,
                "http://json-schema.org/draft-07/schema" => Draft::Draft7,
                _ => Draft::Hybrid,
            })
        }
        HelmVersion::V4 => {
            let base = url.strip_suffix('#').unwrap_or(url);
            let base = base
                .strip_prefix("http://")
                .or_else(|| base.strip_prefix("https://"))
                .unwrap_or(base);
            match base {
                "json-schema.org/schema" | "json-schema.org/draft/2020-12/schema" => {
                    Ok(Draft::Draft2020)
                }
                "json-schema.org/draft/2019-09/schema" => Ok(Draft::Draft2019),
                "json-schema.org/draft-07/schema" => Ok(Draft::Draft7),
                "json-schema.org/draft-06/schema" => Ok(Draft::Draft6),
                "json-schema.org/draft-04/schema" => Ok(Draft::Draft4),
                _ => Err(CompileError {
                    message: format!(
                        "$schema {} is not a metaschema chartguard knows; Helm 4 would load it over the network, chartguard never does",
                        gotemplate::strconv::quote(url)
                    ),
                    location: "/$schema".to_string(),
                    kind: CompileErrorKind::External,
                }),
            }
        }
    }
}

/// An invalid keyword: gojsonschema's text for Helm 3; for Helm 4, a
/// metaschema-style line (santhosh-tekuri validates the document against
/// the draft's metaschema, whose full report chartguard does not rebuild).
fn invalid(
    helm: HelmVersion,
    location: &str,
    helm3: &str,
    helm4: &str,
    found: &Json,
) -> CompileError {
    let message = match helm {
        HelmVersion::V3 => helm3.to_string(),
        HelmVersion::V4 => format!(
            "\"file:///values.schema.json#\" is not valid against metaschema: at {}",
            helm4
                .replace("{kind}", found.kind_name())
                .replacen("'/", &format!("'{location}/"), 1)
        ),
    };
    CompileError {
        message,
        location: location.to_string(),
        kind: CompileErrorKind::Invalid,
    }
}

/// How many JSON objects `doc` holds: about how many nodes it compiles to
/// (every subschema is an object; `true`/`false` ones are few, and objects
/// inside `default` or `enum` values are not schemas, hence the cap where
/// it is used).
fn object_count(doc: &Json) -> usize {
    let mut count = 0;
    let mut pending = vec![doc];
    while let Some(json) = pending.pop() {
        match json {
            Json::Object(members) => {
                count += 1;
                pending.extend(members.iter().map(|(_, value)| value));
            }
            Json::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    count
}

struct Compiler<'a> {
    doc: &'a Json,
    helm: HelmVersion,
    draft: Draft,
    nodes: Vec<Node>,
    /// Nodes already compiled for a location, so `$ref` cycles terminate.
    by_location: HashMap<String, NodeId>,
}

impl Compiler<'_> {
    fn v3(&self) -> bool {
        self.helm == HelmVersion::V3
    }

    fn err(&self, location: &str, helm3: &str, helm4: &str, found: &Json) -> CompileError {
        invalid(self.helm, location, helm3, helm4, found)
    }

    fn node(&mut self, json: &Json, location: String) -> Result<NodeId, CompileError> {
        if let Some(&id) = self.by_location.get(&location) {
            return Ok(id);
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            location: location.clone(),
            ..Node::default()
        });
        self.by_location.insert(location.clone(), id);
        let node = crate::values::grow(|| self.keywords(json, &location))?;
        self.nodes[id] = node;
        Ok(id)
    }

    fn child(
        &mut self,
        json: &Json,
        location: &str,
        path: &[&str],
    ) -> Result<NodeId, CompileError> {
        let mut loc = location.to_string();
        for part in path {
            loc.push('/');
            loc.push_str(&part.replace('~', "~0").replace('/', "~1"));
        }
        self.node(json, loc)
    }

    fn keywords(&mut self, json: &Json, location: &str) -> Result<Node, CompileError> {
        let mut node = Node {
            location: location.to_string(),
            ..Node::default()
        };
        let members = match json {
            Json::Bool(_) if self.v3() && self.draft < Draft::Draft6 => {
                return Err(self.err(
                    location,
                    "Expected: valid schema, given: Invalid JSON",
                    "'/': got boolean, want object",
                    json,
                ));
            }
            Json::Bool(b) => {
                node.bool_schema = Some(*b);
                return Ok(node);
            }
            Json::Object(members) => members,
            other => {
                let helm3 = if location.is_empty() {
                    "schema is invalid"
                } else {
                    "Expected: valid schema, given: Invalid JSON"
                };
                return Err(self.err(
                    location,
                    helm3,
                    "'/': got {kind}, want boolean or object",
                    other,
                ));
            }
        };

        // gojsonschema's parseSchema order: definitions, $ref, type,
        // properties, additionalProperties, patternProperties, ...
        if let Some(defs) = lookup(members, "definitions") {
            match defs {
                Json::Object(entries) => {
                    for (name, def) in entries {
                        if !matches!(def, Json::Object(_) | Json::Bool(_)) {
                            return Err(self.err(
                                location,
                                "Invalid type. Expected: array of schemas, given: definitions",
                                "'/definitions': got {kind}, want object",
                                def,
                            ));
                        }
                        self.child(def, location, &["definitions", name])?;
                    }
                }
                other => {
                    return Err(self.err(
                        location,
                        "Invalid type. Expected: array of schemas, given: definitions",
                        "'/definitions': got {kind}, want object",
                        other,
                    ));
                }
            }
        }
        if let Some(Json::Object(entries)) = lookup(members, "$defs") {
            for (name, def) in entries {
                self.child(def, location, &["$defs", name])?;
            }
        }
        for key in ["title", "description"] {
            if let Some(v) = lookup(members, key)
                && !matches!(v, Json::String(_))
            {
                return Err(self.err(
                    location,
                    &format!("Invalid type. Expected: string, given: {key}"),
                    &format!("'/{key}': got {{kind}}, want string"),
                    v,
                ));
            }
        }
        if let Some(r) = lookup(members, "$ref") {
            let Json::String(text) = r else {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: string, given: $ref",
                    "'/$ref': got {kind}, want string",
                    r,
                ));
            };
            node.reference = Some(self.resolve(text, location)?);
            // gojsonschema validates only the target of a $ref; so does
            // santhosh-tekuri before draft 2019-09.
            if self.v3() || self.draft < Draft::Draft2019 {
                return Ok(node);
            }
        }
        if let Some(t) = lookup(members, "type") {
            node.types = self.types(t, location)?;
        }
        if let Some(props) = lookup(members, "properties") {
            let Json::Object(entries) = props else {
                return Err(self.err(
                    location,
                    "properties must be of type object",
                    "'/properties': got {kind}, want object",
                    props,
                ));
            };
            for (name, sub) in entries {
                let id = self.child(sub, location, &["properties", name])?;
                node.properties.push((name.clone(), id));
            }
        }
        if let Some(ap) = lookup(members, "additionalProperties") {
            node.additional_properties =
                Some(self.additional(ap, location, "additionalProperties")?);
        }
        if let Some(pp) = lookup(members, "patternProperties") {
            let Json::Object(entries) = pp else {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: valid schema, given: patternProperties",
                    "'/patternProperties': got {kind}, want object",
                    pp,
                ));
            };
            for (source, sub) in entries {
                let Some(regex) = self.regex(source) else {
                    return Err(self.err(
                        location,
                        &format!("Invalid regex pattern '{source}'"),
                        "'/patternProperties': invalid regex",
                        pp,
                    ));
                };
                let id = self.child(sub, location, &["patternProperties", source])?;
                node.pattern_properties.push((
                    Pattern {
                        source: source.clone(),
                        regex,
                    },
                    id,
                ));
            }
        }
        if let Some(pn) = lookup(members, "propertyNames")
            && self.draft >= Draft::Draft6
        {
            if !matches!(pn, Json::Object(_) | Json::Bool(_)) {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: valid schema, given: patternProperties",
                    "'/propertyNames': got {kind}, want boolean or object",
                    pn,
                ));
            }
            node.property_names = Some(self.child(pn, location, &["propertyNames"])?);
        }
        if let Some(deps) = lookup(members, "dependencies") {
            let Json::Object(entries) = deps else {
                return Err(self.err(
                    location,
                    "dependencies must be of type object",
                    "'/dependencies': got {kind}, want object",
                    deps,
                ));
            };
            for (name, dep) in entries {
                let dependency = match dep {
                    Json::Array(items) => {
                        let mut names = Vec::new();
                        for item in items {
                            let Json::String(s) = item else {
                                return Err(self.err(
                                    location,
                                    "dependencies items must be string",
                                    "'/dependencies': got {kind}, want string",
                                    item,
                                ));
                            };
                            names.push(s.clone());
                        }
                        Dependency::Required(names)
                    }
                    Json::Object(_) | Json::Bool(_) => {
                        Dependency::Schema(self.child(dep, location, &["dependencies", name])?)
                    }
                    other => {
                        return Err(self.err(
                            location,
                            "Invalid type. Expected: array of strings/valid schema, given: dependencies",
                            "'/dependencies': got {kind}, want array or object",
                            other,
                        ));
                    }
                };
                node.dependencies.push((name.clone(), dependency));
            }
        }
        self.array_keywords(&mut node, members, location)?;
        self.number_keywords(&mut node, members, location)?;
        self.string_keywords(&mut node, members, location)?;
        self.object_keywords(&mut node, members, location)?;
        self.value_keywords(&mut node, members, location)?;
        self.combinators(&mut node, members, location)?;
        Ok(node)
    }

    fn types(&mut self, t: &Json, location: &str) -> Result<Vec<JsonType>, CompileError> {
        let names: Vec<&Json> = match t {
            Json::String(_) => vec![t],
            Json::Array(items) => items.iter().collect(),
            other => {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: string/array of strings, given: type",
                    "'/type': got {kind}, want string or array",
                    other,
                ));
            }
        };
        let mut types = Vec::new();
        for name in names {
            let Json::String(s) = name else {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: string/array of strings, given: type",
                    "'/type': got {kind}, want string",
                    name,
                ));
            };
            let Some(ty) = JsonType::parse(s) else {
                return Err(self.err(
                    location,
                    &format!(
                        "has a primitive type that is NOT VALID -- given: /{s}/ Expected valid values are:[array boolean integer number null object string]"
                    ),
                    "'/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'",
                    name,
                ));
            };
            if types.contains(&ty) {
                return Err(self.err(
                    location,
                    &format!("{s} type is duplicated"),
                    "'/type': items are not unique",
                    name,
                ));
            }
            types.push(ty);
        }
        Ok(types)
    }

    fn additional(
        &mut self,
        json: &Json,
        location: &str,
        key: &str,
    ) -> Result<Additional, CompileError> {
        match json {
            Json::Bool(b) => Ok(Additional::Bool(*b)),
            Json::Object(_) => Ok(Additional::Schema(self.child(json, location, &[key])?)),
            other => Err(self.err(
                location,
                &format!("Invalid type. Expected: boolean/valid schema, given: {key}"),
                &format!("'/{key}': got {{kind}}, want boolean or object"),
                other,
            )),
        }
    }

    fn array_keywords(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        if let Some(items) = lookup(members, "items") {
            match items {
                Json::Array(list) if self.v3() || self.draft < Draft::Draft2020 => {
                    let mut ids = Vec::new();
                    for (i, item) in list.iter().enumerate() {
                        if !matches!(item, Json::Object(_) | Json::Bool(_)) {
                            return Err(self.err(
                                location,
                                "Invalid type. Expected: valid schema/array of schemas, given: items",
                                "'/items': got {kind}, want boolean or object",
                                item,
                            ));
                        }
                        ids.push(self.child(item, location, &["items", &i.to_string()])?);
                    }
                    node.items = Some(Items::Tuple(ids));
                }
                Json::Object(_) | Json::Bool(_) => {
                    let id = self.child(items, location, &["items"])?;
                    if self.draft == Draft::Draft2020 {
                        node.items_2020 = Some(id);
                    } else {
                        node.items = Some(Items::Single(id));
                    }
                }
                other => {
                    return Err(self.err(
                        location,
                        "Invalid type. Expected: valid schema/array of schemas, given: items",
                        "'/items': got {kind}, want boolean or object",
                        other,
                    ));
                }
            }
        }
        if let Some(ai) = lookup(members, "additionalItems")
            && (self.v3() || self.draft < Draft::Draft2020)
        {
            node.additional_items = Some(self.additional(ai, location, "additionalItems")?);
        }
        if let Some(Json::Array(list)) = lookup(members, "prefixItems")
            && !self.v3()
            && self.draft >= Draft::Draft2020
        {
            for (i, item) in list.iter().enumerate() {
                node.prefix_items.push(self.child(
                    item,
                    location,
                    &["prefixItems", &i.to_string()],
                )?);
            }
        }
        Ok(())
    }

    fn number_keywords(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        let number = |json: &Json| match json {
            Json::Number(text) => Decimal::parse(text),
            _ => None,
        };
        if let Some(m) = lookup(members, "multipleOf") {
            let Some(value) = number(m) else {
                return Err(self.err(
                    location,
                    "Invalid type. Expected: number, given: multipleOf",
                    "'/multipleOf': got {kind}, want number",
                    m,
                ));
            };
            if value.is_zero() || value.is_negative() {
                return Err(self.err(
                    location,
                    "multipleOf must be strictly greater than 0",
                    "'/multipleOf': exclusiveMinimum: got 0, want 0",
                    m,
                ));
            }
            node.multiple_of = Some(value);
        }
        for (key, is_max) in [("minimum", false), ("maximum", true)] {
            if let Some(v) = lookup(members, key) {
                let Some(value) = number(v) else {
                    return Err(self.err(
                        location,
                        &format!("{key} must be of a number"),
                        &format!("'/{key}': got {{kind}}, want number"),
                        v,
                    ));
                };
                if is_max {
                    node.maximum = Some(value);
                } else {
                    node.minimum = Some(value);
                }
            }
            let ex_key = if is_max {
                "exclusiveMaximum"
            } else {
                "exclusiveMinimum"
            };
            let Some(ex) = lookup(members, ex_key) else {
                continue;
            };
            let bool_form = self.draft == Draft::Draft4
                || (self.draft == Draft::Hybrid && matches!(ex, Json::Bool(_)));
            if bool_form {
                let Json::Bool(on) = ex else {
                    return Err(self.err(
                        location,
                        &format!("Invalid type. Expected: boolean, given: {ex_key}"),
                        &format!("'/{ex_key}': got {{kind}}, want boolean"),
                        ex,
                    ));
                };
                let bound = if is_max {
                    &mut node.maximum
                } else {
                    &mut node.minimum
                };
                if bound.is_none() {
                    return Err(self.err(
                        location,
                        &format!("{ex_key} cannot be used without {key}"),
                        &format!("'': properties '{key}' required, if '{ex_key}' exists"),
                        ex,
                    ));
                }
                if *on {
                    let moved = bound.take();
                    if is_max {
                        node.exclusive_maximum = moved;
                    } else {
                        node.exclusive_minimum = moved;
                    }
                }
            } else {
                let Some(value) = number(ex) else {
                    let want = if self.draft == Draft::Hybrid {
                        "boolean/number"
                    } else {
                        "number"
                    };
                    return Err(self.err(
                        location,
                        &format!("Invalid type. Expected: {want}, given: {ex_key}"),
                        &format!("'/{ex_key}': got {{kind}}, want number"),
                        ex,
                    ));
                };
                if is_max {
                    node.exclusive_maximum = Some(value);
                } else {
                    node.exclusive_minimum = Some(value);
                }
            }
        }
        Ok(())
    }

    /// gojsonschema's `mustBeInteger` for a non-negative count.
    fn count(
        &self,
        members: &[(String, Json)],
        key: &str,
        location: &str,
    ) -> Result<Option<u64>, CompileError> {
        let Some(v) = lookup(members, key) else {
            return Ok(None);
        };
        let value = match v {
            Json::Number(text) => Decimal::parse(text).and_then(|d| d.to_i64()),
            _ => None,
        };
        let Some(n) = value else {
            return Err(self.err(
                location,
                &format!("{key} must be of an integer"),
                &format!("'/{key}': got {{kind}}, want integer"),
                v,
            ));
        };
        if n < 0 {
            return Err(self.err(
                location,
                &format!("{key} must be greater than or equal to 0"),
                &format!("'/{key}': minimum: got {n}, want 0"),
                v,
            ));
        }
        Ok(Some(n as u64))
    }

    /// A `min*`/`max*` pair of counts; gojsonschema refuses min > max.
    fn count_range(
        &mut self,
        members: &[(String, Json)],
        (min_keyword, max_keyword): (&str, &str),
        location: &str,
    ) -> Result<(Option<u64>, Option<u64>), CompileError> {
        let min = self.count(members, min_keyword, location)?;
        let max = self.count(members, max_keyword, location)?;
        if let (Some(min), Some(max)) = (min, max)
            && min > max
            && self.v3()
        {
            return Err(self.err(
                location,
                &format!("{min_keyword} cannot be greater than {max_keyword}"),
                "",
                &Json::Null,
            ));
        }
        Ok((min, max))
    }

    fn string_keywords(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        (node.min_length, node.max_length) =
            self.count_range(members, ("minLength", "maxLength"), location)?;
        if let Some(p) = lookup(members, "pattern") {
            let Json::String(source) = p else {
                return Err(self.err(
                    location,
                    "pattern must be of a string",
                    "'/pattern': got {kind}, want string",
                    p,
                ));
            };
            let Some(regex) = self.regex(source) else {
                return Err(self.err(
                    location,
                    "pattern must be a valid regex",
                    "'/pattern': invalid regex",
                    p,
                ));
            };
            node.pattern = Some(Pattern {
                source: source.clone(),
                regex,
            });
        }
        if let Some(f) = lookup(members, "format") {
            let Json::String(name) = f else {
                return Err(self.err(
                    location,
                    "format must be of type string",
                    "'/format': got {kind}, want string",
                    f,
                ));
            };
            node.format = Some(name.clone());
        }
        Ok(())
    }

    fn object_keywords(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        (node.min_properties, node.max_properties) =
            self.count_range(members, ("minProperties", "maxProperties"), location)?;
        if let Some(r) = lookup(members, "required") {
            let Json::Array(items) = r else {
                return Err(self.err(
                    location,
                    "required must be of an array",
                    "'/required': got {kind}, want array",
                    r,
                ));
            };
            for item in items {
                let Json::String(name) = item else {
                    return Err(self.err(
                        location,
                        "required items must be string",
                        "'/required': got {kind}, want string",
                        item,
                    ));
                };
                if node.required.contains(name) {
                    if self.v3() || self.draft == Draft::Draft4 {
                        return Err(self.err(
                            location,
                            "required items must be unique",
                            "'/required': items are not unique",
                            r,
                        ));
                    }
                    continue;
                }
                node.required.push(name.clone());
            }
        }
        node.min_items = self.count(members, "minItems", location)?;
        node.max_items = self.count(members, "maxItems", location)?;
        if let Some(u) = lookup(members, "uniqueItems") {
            let Json::Bool(b) = u else {
                return Err(self.err(
                    location,
                    "uniqueItems must be of a boolean",
                    "'/uniqueItems': got {kind}, want boolean",
                    u,
                ));
            };
            node.unique_items = *b;
        }
        if let Some(c) = lookup(members, "contains")
            && self.draft >= Draft::Draft6
        {
            node.contains = Some(self.child(c, location, &["contains"])?);
        }
        if !self.v3() && self.draft >= Draft::Draft2019 {
            node.min_contains = self.count(members, "minContains", location)?;
            node.max_contains = self.count(members, "maxContains", location)?;
            if let Some(Json::Object(entries)) = lookup(members, "dependentRequired") {
                for (name, list) in entries {
                    if let Json::Array(items) = list {
                        let names = items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect();
                        node.dependent_required.push((name.clone(), names));
                    }
                }
            }
            if let Some(Json::Object(entries)) = lookup(members, "dependentSchemas") {
                for (name, sub) in entries {
                    let id = self.child(sub, location, &["dependentSchemas", name])?;
                    node.dependent_schemas.push((name.clone(), id));
                }
            }
        }
        Ok(())
    }

    fn value_keywords(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        if let Some(c) = lookup(members, "const")
            && self.draft >= Draft::Draft6
        {
            node.constant = Some(c.clone());
        }
        if let Some(e) = lookup(members, "enum") {
            let Json::Array(items) = e else {
                return Err(self.err(
                    location,
                    "enum must be of an array",
                    "'/enum': got {kind}, want array",
                    e,
                ));
            };
            if self.v3() {
                // gojsonschema refuses repeated values (compared as JSON).
                let mut seen: Vec<String> = Vec::new();
                for item in items {
                    let text = super::gojsonschema::canonical_json(item);
                    if seen.contains(&text) {
                        return Err(self.err(location, "enum items must be unique", "", e));
                    }
                    seen.push(text);
                }
            }
            node.enumeration = Some(items.clone());
        }
        Ok(())
    }

    fn combinators(
        &mut self,
        node: &mut Node,
        members: &[(String, Json)],
        location: &str,
    ) -> Result<(), CompileError> {
        for key in ["oneOf", "anyOf", "allOf"] {
            let Some(list) = lookup(members, key) else {
                continue;
            };
            let Json::Array(items) = list else {
                // gojsonschema names anyOf in the allOf error too.
                let named = if key == "allOf" { "anyOf" } else { key };
                return Err(self.err(
                    location,
                    &format!("{named} must be of an array"),
                    &format!("'/{key}': got {{kind}}, want array"),
                    list,
                ));
            };
            let mut ids = Vec::new();
            for (i, item) in items.iter().enumerate() {
                ids.push(self.child(item, location, &[key, &i.to_string()])?);
            }
            match key {
                "oneOf" => node.one_of = ids,
                "anyOf" => node.any_of = ids,
                _ => node.all_of = ids,
            }
        }
        if let Some(n) = lookup(members, "not") {
            if !matches!(n, Json::Object(_) | Json::Bool(_)) {
                return Err(self.err(
                    location,
                    "not must be of an object",
                    "'/not': got {kind}, want boolean or object",
                    n,
                ));
            }
            node.not = Some(self.child(n, location, &["not"])?);
        }
        if self.draft >= Draft::Draft7 {
            for key in ["if", "then", "else"] {
                let Some(sub) = lookup(members, key) else {
                    continue;
                };
                if !matches!(sub, Json::Object(_) | Json::Bool(_)) {
                    return Err(self.err(
                        location,
                        &format!("{key} must be of an object"),
                        &format!("'/{key}': got {{kind}}, want boolean or object"),
                        sub,
                    ));
                }
                let id = Some(self.child(sub, location, &[key])?);
                match key {
                    "if" => node.if_ = id,
                    "then" => node.then_ = id,
                    _ => node.else_ = id,
                }
            }
        }
        Ok(())
    }

    fn regex(&self, source: &str) -> Option<Regex> {
        crate::goregex::compile_schema_regex(source, self.helm)
    }

    /// Resolves a `$ref` inside this document.
    fn resolve(&mut self, reference: &str, location: &str) -> Result<NodeId, CompileError> {
        let root_id = self
            .doc
            .get("$id")
            .or_else(|| self.doc.get("id"))
            .and_then(Json::as_str)
            .map(|id| id.trim_end_matches('#').to_string());
        let fragment = match reference.split_once('#') {
            Some(("", frag)) => frag,
            Some((base, frag)) if Some(base) == root_id.as_deref() => frag,
            None if Some(reference) == root_id.as_deref() => "",
            _ => {
                return Err(CompileError {
                    message: format!(
                        "$ref {} at {} names another document; Helm would load it from disk or the network, chartguard never does",
                        gotemplate::strconv::quote(reference),
                        if location.is_empty() { "/" } else { location }
                    ),
                    location: location.to_string(),
                    kind: CompileErrorKind::External,
                });
            }
        };
        let pointer = percent_decode(fragment);
        let mut target = self.doc;
        let mut target_location = String::new();
        if !pointer.is_empty() {
            if !pointer.starts_with('/') {
                return Err(self.not_found(location, "", pointer.as_str()));
            }
            for raw in pointer[1..].split('/') {
                let token = raw.replace("~1", "/").replace("~0", "~");
                let next = match target {
                    Json::Object(_) => target.get(&token),
                    Json::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                let Some(next) = next else {
                    return Err(self.not_found(location, &token, &pointer));
                };
                target = next;
                target_location.push('/');
                target_location.push_str(raw);
            }
        }
        self.node(target, target_location)
    }

    fn not_found(&self, location: &str, token: &str, pointer: &str) -> CompileError {
        let message = match self.helm {
            // gojsonpointer's message for a missing key.
            HelmVersion::V3 => format!("Object has no key '{token}'"),
            HelmVersion::V4 => {
                format!("json-pointer in \"file:///values.schema.json#{pointer}\" not found")
            }
        };
        CompileError {
            message,
            location: location.to_string(),
            kind: CompileErrorKind::RefNotFound,
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    crate::text::lossy_owned(out)
}

fn lookup<'a>(members: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::schema::json::{Trailing, parse};

    #[test]
    fn object_count_counts_nested_objects() {
        let doc = parse(
            br#"{"properties": {"a": {"type": "string"}, "b": {"items": [{}, true]}}}"#,
            Trailing::Reject,
        )
        .expect("json");
        assert_eq!(object_count(&doc), 5);
        assert_eq!(object_count(&Json::Bool(true)), 0);
    }
}
