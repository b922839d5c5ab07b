//! Helm 3's validator: github.com/xeipuuv/gojsonschema v1.2.0
//! (validation.go), with its keyword order, its "score" for picking the
//! closest `anyOf`/`oneOf`/`contains` branch, and its messages
//! (locales.go). Errors come out as one flat list.

use super::Violation;
use super::compile::{Additional, Dependency, Items, JsonType, NodeId, Schema};
use super::format;
use super::instance::{Instance, PathSegment};
use super::json::{Json, go_json_string};
use super::number::{Decimal, go_float, go_json_float};

/// gojsonschema's `Result`: errors and the score of the attempt.
#[derive(Default)]
struct Outcome {
    errors: Vec<Violation>,
    score: i64,
}

impl Outcome {
    fn valid(&self) -> bool {
        self.errors.is_empty()
    }

    fn add(&mut self, path: &[PathSegment], keyword: &'static str, message: String) {
        self.errors.push(Violation {
            instance_path: path.to_vec(),
            keyword,
            message,
            causes: Vec::new(),
        });
        // Net -1 once the check's own +1 is counted, as in gojsonschema.
        self.score -= 2;
    }

    fn merge(&mut self, other: Outcome) {
        self.errors.extend(other.errors);
        self.score += other.score;
    }
}

/// Validates `instance` against `schema` as gojsonschema does.
pub fn validate(schema: &Schema, instance: &Instance) -> Vec<Violation> {
    let validator = Validator { schema };
    let mut outcome = Outcome::default();
    let mut path = Vec::new();
    validator.recurse(schema.root, instance, &mut outcome, &mut path, 0);
    outcome.errors
}

/// gojsonschema's field name for an instance path: `(root)` or `a.b.0`.
pub fn field(path: &[PathSegment]) -> String {
    if path.is_empty() {
        return "(root)".to_string();
    }
    path.iter()
        .map(PathSegment::text)
        .collect::<Vec<_>>()
        .join(".")
}

/// One line of Helm 3's report: `- field: description`.
pub fn line(violation: &Violation) -> String {
    format!(
        "- {}: {}\n",
        field(&violation.instance_path),
        violation.message
    )
}

/// Recursion through `$ref` cycles that consume no input stops here (Go
/// would overflow its stack).
const MAX_DEPTH: usize = 2_000;

struct Validator<'a> {
    schema: &'a Schema,
}

impl Validator<'_> {
    fn sub(
        &self,
        node: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) -> Outcome {
        let mut outcome = Outcome::default();
        self.recurse(node, instance, &mut outcome, path, depth);
        outcome
    }

    fn sub_at(
        &self,
        node: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        segment: PathSegment,
        depth: usize,
    ) -> Outcome {
        path.push(segment);
        let outcome = self.sub(node, instance, path, depth);
        path.pop();
        outcome
    }

    fn recurse(
        &self,
        id: NodeId,
        instance: &Instance,
        out: &mut Outcome,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            out.add(path, "$ref", "Internal Error reference cycle".to_string());
            return;
        }
        crate::values::grow(|| self.recurse_node(id, instance, out, path, depth + 1));
    }

    fn recurse_node(
        &self,
        id: NodeId,
        instance: &Instance,
        out: &mut Outcome,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) {
        let node = self.schema.node(id);
        if let Some(pass) = node.bool_schema {
            if !pass {
                out.add(path, "false", "False always fails validation".to_string());
            }
            return;
        }
        if let Some(target) = node.reference {
            self.recurse(target, instance, out, path, depth);
            return;
        }
        let given = match instance {
            Instance::Null | Instance::Invalid(_) => JsonType::Null,
            Instance::Bool(_) => JsonType::Boolean,
            Instance::Number(n) if n.value.is_integer() => JsonType::Integer,
            Instance::Number(_) => JsonType::Number,
            Instance::String(_) => JsonType::String,
            Instance::Array(_) => JsonType::Array,
            Instance::Object(_) => JsonType::Object,
        };
        if !node.types.is_empty() {
            let valid = match given {
                JsonType::Integer => {
                    node.types.contains(&JsonType::Number)
                        || node.types.contains(&JsonType::Integer)
                }
                other => node.types.contains(&other),
            };
            if !valid {
                out.add(
                    path,
                    "type",
                    format!(
                        "Invalid type. Expected: {}, given: {}",
                        types_text(&node.types),
                        given.name()
                    ),
                );
                return;
            }
        }
        self.validate_schema(id, instance, out, path, depth);
        match instance {
            Instance::Number(n) => {
                self.validate_number(id, &n.value, out, path);
                self.validate_common(id, instance, out, path);
            }
            Instance::Array(items) => {
                self.validate_array(id, items, out, path, depth);
                self.validate_common(id, instance, out, path);
            }
            Instance::Object(members) => {
                self.validate_object(id, members, out, path, depth);
                self.validate_common(id, instance, out, path);
                for (name, child) in &node.properties {
                    if let Some((_, value)) = members.iter().find(|(k, _)| k == name) {
                        path.push(PathSegment::Key(name.clone()));
                        self.recurse(*child, value, out, path, depth);
                        path.pop();
                    }
                }
            }
            Instance::String(s) => {
                self.validate_common(id, instance, out, path);
                self.validate_string(id, s, out, path);
            }
            _ => self.validate_common(id, instance, out, path),
        }
        out.score += 1;
    }

    fn validate_schema(
        &self,
        id: NodeId,
        instance: &Instance,
        out: &mut Outcome,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) {
        let node = self.schema.node(id);
        if !node.any_of.is_empty() {
            let mut best: Option<Outcome> = None;
            let mut matched = false;
            for &branch in &node.any_of {
                let result = self.sub(branch, instance, path, depth);
                if result.valid() {
                    matched = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| result.score > b.score) {
                    best = Some(result);
                }
            }
            if !matched {
                out.add(
                    path,
                    "anyOf",
                    "Must validate at least one schema (anyOf)".to_string(),
                );
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        if !node.one_of.is_empty() {
            let mut matched = 0;
            let mut best: Option<Outcome> = None;
            for &branch in &node.one_of {
                let result = self.sub(branch, instance, path, depth);
                if result.valid() {
                    matched += 1;
                } else if matched == 0 && best.as_ref().is_none_or(|b| result.score > b.score) {
                    best = Some(result);
                }
            }
            if matched != 1 {
                out.add(
                    path,
                    "oneOf",
                    "Must validate one and only one schema (oneOf)".to_string(),
                );
                if matched == 0
                    && let Some(best) = best
                {
                    out.merge(best);
                }
            }
        }
        if !node.all_of.is_empty() {
            let mut matched = 0;
            for &branch in &node.all_of {
                let result = self.sub(branch, instance, path, depth);
                if result.valid() {
                    matched += 1;
                }
                out.merge(result);
            }
            if matched != node.all_of.len() {
                out.add(
                    path,
                    "allOf",
                    "Must validate all the schemas (allOf)".to_string(),
                );
            }
        }
        if let Some(not) = node.not
            && self.sub(not, instance, path, depth).valid()
        {
            out.add(
                path,
                "not",
                "Must not validate the schema (not)".to_string(),
            );
        }
        if let Instance::Object(members) = instance {
            for (key, _) in members {
                let Some((_, dependency)) = node.dependencies.iter().find(|(k, _)| k == key) else {
                    continue;
                };
                match dependency {
                    Dependency::Required(names) => {
                        for name in names {
                            if !members.iter().any(|(k, _)| k == name) {
                                out.add(
                                    path,
                                    "dependencies",
                                    format!("Has a dependency on {name}"),
                                );
                            }
                        }
                    }
                    Dependency::Schema(sub) => self.recurse(*sub, instance, out, path, depth),
                }
            }
        }
        if let Some(condition) = node.if_ {
            let if_valid = self.sub(condition, instance, path, depth).valid();
            if if_valid && let Some(then) = node.then_ {
                let result = self.sub(then, instance, path, depth);
                if !result.valid() {
                    out.add(
                        path,
                        "then",
                        "Must validate \"then\" as \"if\" was valid".to_string(),
                    );
                    out.merge(result);
                }
            }
            if !if_valid && let Some(otherwise) = node.else_ {
                let result = self.sub(otherwise, instance, path, depth);
                if !result.valid() {
                    out.add(
                        path,
                        "else",
                        "Must validate \"else\" as \"if\" was not valid".to_string(),
                    );
                    out.merge(result);
                }
            }
        }
        out.score += 1;
    }

    fn validate_common(
        &self,
        id: NodeId,
        instance: &Instance,
        out: &mut Outcome,
        path: &[PathSegment],
    ) {
        let node = self.schema.node(id);
        let field = field(path);
        if let Some(constant) = &node.constant {
            let allowed = canonical_json(constant);
            if canonical_instance(instance) != allowed {
                out.add(path, "const", format!("{field} does not match: {allowed}"));
            }
        }
        if let Some(values) = &node.enumeration
            && !values.is_empty()
        {
            let text = canonical_instance(instance);
            let allowed: Vec<String> = values.iter().map(canonical_json).collect();
            if !allowed.contains(&text) {
                out.add(
                    path,
                    "enum",
                    format!(
                        "{field} must be one of the following: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
        out.score += 1;
    }

    fn validate_array(
        &self,
        id: NodeId,
        items: &[Instance],
        out: &mut Outcome,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) {
        let node = self.schema.node(id);
        match &node.items {
            Some(Items::Single(schema)) => {
                for (i, item) in items.iter().enumerate() {
                    let result = self.sub_at(*schema, item, path, PathSegment::Index(i), depth);
                    out.merge(result);
                }
            }
            Some(Items::Tuple(schemas)) if !schemas.is_empty() => {
                for (i, (schema, item)) in schemas.iter().zip(items).enumerate() {
                    let result = self.sub_at(*schema, item, path, PathSegment::Index(i), depth);
                    out.merge(result);
                }
                if schemas.len() < items.len() {
                    match &node.additional_items {
                        Some(Additional::Bool(false)) => out.add(
                            path,
                            "additionalItems",
                            "No additional items allowed on array".to_string(),
                        ),
                        Some(Additional::Schema(schema)) => {
                            for (i, item) in items.iter().enumerate().skip(schemas.len()) {
                                let result =
                                    self.sub_at(*schema, item, path, PathSegment::Index(i), depth);
                                out.merge(result);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        if let Some(min) = node.min_items
            && (items.len() as u64) < min
        {
            out.add(
                path,
                "minItems",
                format!("Array must have at least {min} items"),
            );
        }
        if let Some(max) = node.max_items
            && (items.len() as u64) > max
        {
            out.add(
                path,
                "maxItems",
                format!("Array must have at most {max} items"),
            );
        }
        if node.unique_items {
            // gojsonschema remembers the last index of each value.
            let mut seen: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            for (j, item) in items.iter().enumerate() {
                let text = canonical_instance(item);
                if let Some(&i) = seen.get(&text) {
                    out.add(
                        path,
                        "uniqueItems",
                        format!("array items[{i},{j}] must be unique"),
                    );
                }
                seen.insert(text, j);
            }
        }
        if let Some(contains) = node.contains {
            let mut matched = false;
            let mut best: Option<Outcome> = None;
            for (i, item) in items.iter().enumerate() {
                let result = self.sub_at(contains, item, path, PathSegment::Index(i), depth);
                if result.valid() {
                    matched = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| result.score > b.score) {
                    best = Some(result);
                }
            }
            if !matched {
                out.add(
                    path,
                    "contains",
                    "At least one of the items must match".to_string(),
                );
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        out.score += 1;
    }

    fn validate_object(
        &self,
        id: NodeId,
        members: &[(String, Instance)],
        out: &mut Outcome,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) {
        let node = self.schema.node(id);
        if let Some(min) = node.min_properties
            && (members.len() as u64) < min
        {
            out.add(
                path,
                "minProperties",
                format!("Must have at least {min} properties"),
            );
        }
        if let Some(max) = node.max_properties
            && (members.len() as u64) > max
        {
            out.add(
                path,
                "maxProperties",
                format!("Must have at most {max} properties"),
            );
        }
        for name in &node.required {
            if members.iter().any(|(k, _)| k == name) {
                out.score += 1;
            } else {
                out.add(path, "required", format!("{name} is required"));
            }
        }
        for (key, value) in members {
            let declared = node.properties.iter().any(|(k, _)| k == key);
            let mut pattern_matched = false;
            for (pattern, schema) in &node.pattern_properties {
                if pattern.regex.is_match(key) {
                    pattern_matched = true;
                    let result =
                        self.sub_at(*schema, value, path, PathSegment::Key(key.clone()), depth);
                    out.merge(result);
                }
            }
            if pattern_matched {
                out.score += 1;
            }
            if !declared && !pattern_matched {
                match &node.additional_properties {
                    Some(Additional::Bool(false)) => out.add(
                        path,
                        "additionalProperties",
                        format!("Additional property {key} is not allowed"),
                    ),
                    Some(Additional::Schema(schema)) => {
                        let result =
                            self.sub_at(*schema, value, path, PathSegment::Key(key.clone()), depth);
                        out.merge(result);
                    }
                    _ => {}
                }
            }
        }
        if let Some(names) = node.property_names {
            for (key, _) in members {
                let result = self.sub(names, &Instance::String(key.clone()), path, depth);
                if !result.valid() {
                    out.add(
                        path,
                        "propertyNames",
                        format!("Property name of \"{key}\" does not match"),
                    );
                    out.merge(result);
                }
            }
        }
        out.score += 1;
    }

    fn validate_string(&self, id: NodeId, s: &str, out: &mut Outcome, path: &[PathSegment]) {
        let node = self.schema.node(id);
        let length = s.chars().count() as u64;
        if let Some(min) = node.min_length
            && length < min
        {
            out.add(
                path,
                "minLength",
                format!("String length must be greater than or equal to {min}"),
            );
        }
        if let Some(max) = node.max_length
            && length > max
        {
            out.add(
                path,
                "maxLength",
                format!("String length must be less than or equal to {max}"),
            );
        }
        if let Some(pattern) = &node.pattern
            && !pattern.regex.is_match(s)
        {
            out.add(
                path,
                "pattern",
                format!("Does not match pattern '{}'", pattern.source),
            );
        }
        if let Some(name) = &node.format
            && !format::helm3_accepts(name, Some(s))
        {
            out.add(path, "format", format!("Does not match format '{name}'"));
        }
        out.score += 1;
    }

    fn validate_number(
        &self,
        id: NodeId,
        value: &Decimal,
        out: &mut Outcome,
        path: &[PathSegment],
    ) {
        let node = self.schema.node(id);
        if let Some(m) = &node.multiple_of
            && !value.is_multiple_of(m)
        {
            out.add(
                path,
                "multipleOf",
                format!("Must be a multiple of {}", big_float(m)),
            );
        }
        if let Some(max) = &node.maximum
            && value > max
        {
            out.add(
                path,
                "maximum",
                format!("Must be less than or equal to {}", big_float(max)),
            );
        }
        if let Some(max) = &node.exclusive_maximum
            && value >= max
        {
            out.add(
                path,
                "exclusiveMaximum",
                format!("Must be less than {}", big_float(max)),
            );
        }
        if let Some(min) = &node.minimum
            && value < min
        {
            out.add(
                path,
                "minimum",
                format!("Must be greater than or equal to {}", big_float(min)),
            );
        }
        if let Some(min) = &node.exclusive_minimum
            && value <= min
        {
            out.add(
                path,
                "exclusiveMinimum",
                format!("Must be greater than {}", big_float(min)),
            );
        }
        // gojsonschema v1.2.0 hands numbers to the format checkers too, and
        // every known checker refuses a non-string.
        if let Some(name) = &node.format
            && !format::helm3_accepts(name, None)
        {
            out.add(path, "format", format!("Does not match format '{name}'"));
        }
        out.score += 1;
    }
}

/// `jsonSchemaType.String`: one name, or `[a,b]` in schema order.
fn types_text(types: &[JsonType]) -> String {
    if types.len() == 1 {
        return types[0].name().to_string();
    }
    format!(
        "[{}]",
        types.iter().map(|t| t.name()).collect::<Vec<_>>().join(",")
    )
}

/// `*big.Float` printed with `%v`: Go's shortest `%g`.
fn big_float(d: &Decimal) -> String {
    go_float(d.to_f64())
}

/// `marshalWithoutNumber` of a schema value: JSON re-encoded after a
/// float64 round trip, so `1.0` and `1` are the same.
pub fn canonical_json(json: &Json) -> String {
    match json {
        Json::Number(text) => match Decimal::parse(text) {
            Some(d) => go_json_float(d.to_f64()),
            None => text.clone(),
        },
        Json::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        Json::Object(members) => {
            let mut sorted: Vec<&(String, Json)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let parts: Vec<String> = sorted
                .into_iter()
                .map(|(k, v)| format!("{}:{}", go_json_string(k), canonical_json(v)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// [`canonical_json`] of a value being validated.
fn canonical_instance(instance: &Instance) -> String {
    match instance {
        Instance::Null | Instance::Invalid(_) => "null".to_string(),
        Instance::Bool(b) => b.to_string(),
        Instance::Number(n) => go_json_float(n.value.to_f64()),
        Instance::String(s) => go_json_string(s),
        Instance::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_instance)
                .collect::<Vec<_>>()
                .join(",")
        ),
        Instance::Object(members) => {
            let parts: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}:{}", go_json_string(k), canonical_instance(v)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}
