//! Helm 4's validator: github.com/santhosh-tekuri/jsonschema/v6 (v6.0.2,
//! validator.go), with its keyword order and its tree of errors: a keyword
//! that fails because of subschemas (`allOf`, `$ref`, a property with
//! several failures) carries their errors as causes. Messages are
//! printed through golang.org/x/text's English printer, so integers are
//! grouped (`1,000`) and large floats read `1.234567×10⁰⁶`.

use super::Violation;
use super::compile::{Additional, Dependency, Draft, Items, JsonType, NodeId, Schema};
use super::format;
use super::instance::{Instance, PathSegment};
use super::json::Json;
use super::number::{Decimal, localized_float, localized_int};

/// Validates `instance`; the errors are the causes under the root (what
/// Helm prints after trimming the "jsonschema validation failed" line).
pub fn validate(schema: &Schema, instance: &Instance) -> Vec<Violation> {
    let validator = Validator { schema };
    let mut path = Vec::new();
    match validator.validate(schema.root, instance, &mut path, 0) {
        Ok(()) => Vec::new(),
        Err(err) if err.keyword.is_empty() => err.causes,
        Err(err) => vec![err],
    }
}

/// Helm 4's report of the errors: one `- at '<pointer>': <message>` line
/// each, causes indented under their error, a `$ref` with a single cause
/// left out.
pub fn report(violations: &[Violation]) -> String {
    let mut lines = Vec::new();
    for v in violations {
        display(v, 1, &mut lines);
    }
    lines.join("\n")
}

fn display(v: &Violation, mut indent: usize, lines: &mut Vec<String>) {
    let skip = v.keyword == "$ref" && v.causes.len() == 1;
    if !skip {
        lines.push(format!(
            "{}- at {}: {}",
            "  ".repeat(indent - 1),
            quote(&json_pointer(&v.instance_path)),
            v.message
        ));
        indent += 1;
    }
    for cause in &v.causes {
        display(cause, indent, lines);
    }
}

fn json_pointer(path: &[PathSegment]) -> String {
    path.iter()
        .map(|s| format!("/{}", s.text().replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// santhosh-tekuri's `quote`: Go's `%q` in single quotes.
pub fn quote(s: &str) -> String {
    let q = gotemplate::strconv::quote(s);
    let inner = q[1..q.len() - 1].replace("\\\"", "\"").replace('\'', "\\'");
    format!("'{inner}'")
}

fn join_quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `display` of a schema value in messages.
fn display_json(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Null => "<nil>".to_string(),
        Json::Array(_) | Json::Object(_) => "value".to_string(),
        other => other.to_string(),
    }
}

fn type_of(instance: &Instance) -> Option<JsonType> {
    Some(match instance {
        Instance::Null => JsonType::Null,
        Instance::Bool(_) => JsonType::Boolean,
        Instance::Number(_) => JsonType::Number,
        Instance::String(_) => JsonType::String,
        Instance::Array(_) => JsonType::Array,
        Instance::Object(_) => JsonType::Object,
        Instance::Invalid(_) => return None,
    })
}

/// `equals` of a value and a schema constant.
fn equals(instance: &Instance, json: &Json) -> bool {
    match (instance, json) {
        (Instance::Null, Json::Null) => true,
        (Instance::Bool(a), Json::Bool(b)) => a == b,
        (Instance::String(a), Json::String(b)) => a == b,
        (Instance::Number(a), Json::Number(b)) => Decimal::parse(b).is_some_and(|b| a.value == b),
        (Instance::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equals(x, y))
        }
        (Instance::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(k, v)| {
                    b.iter()
                        .find(|(bk, _)| bk == k)
                        .is_some_and(|(_, bv)| equals(v, bv))
                })
        }
        _ => false,
    }
}

fn instances_equal(a: &Instance, b: &Instance) -> bool {
    match (a, b) {
        (Instance::Null, Instance::Null) => true,
        (Instance::Bool(x), Instance::Bool(y)) => x == y,
        (Instance::String(x), Instance::String(y)) => x == y,
        (Instance::Number(x), Instance::Number(y)) => x.value == y.value,
        (Instance::Array(x), Instance::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| instances_equal(p, q))
        }
        (Instance::Object(x), Instance::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(yk, _)| yk == k)
                        .is_some_and(|(_, yv)| instances_equal(v, yv))
                })
        }
        _ => false,
    }
}

/// `$ref` chains that consume no input stop here (the library reports a
/// reference cycle; Go would not overflow since it detects them).
const MAX_DEPTH: usize = 2_000;

struct Validator<'a> {
    schema: &'a Schema,
}

/// The `min*`/`max*` keywords that bound a count (properties, items,
/// characters): `minItems: got 1, want 2`.
fn count_bounds(
    path: &[PathSegment],
    count: i64,
    (min, min_keyword): (Option<u64>, &'static str),
    (max, max_keyword): (Option<u64>, &'static str),
    errors: &mut Vec<Violation>,
) {
    let count_u = count as u64;
    for (bound, keyword, violated) in [
        (min, min_keyword, min.is_some_and(|m| count_u < m)),
        (max, max_keyword, max.is_some_and(|m| count_u > m)),
    ] {
        if let (Some(bound), true) = (bound, violated) {
            errors.push(error(
                path,
                keyword,
                format!(
                    "{keyword}: got {}, want {}",
                    localized_int(count),
                    localized_int(bound as i64)
                ),
            ));
        }
    }
}

fn error(path: &[PathSegment], keyword: &'static str, message: String) -> Violation {
    Violation {
        instance_path: path.to_vec(),
        keyword,
        message,
        causes: Vec::new(),
    }
}

fn with_causes(mut v: Violation, causes: Vec<Violation>) -> Violation {
    v.causes = causes;
    v
}

impl Validator<'_> {
    fn validate(
        &self,
        id: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) -> Result<(), Violation> {
        if depth > MAX_DEPTH {
            return Err(error(path, "$ref", "reference cycle".to_string()));
        }
        crate::values::grow(|| self.validate_node(id, instance, path, depth + 1))
    }

    fn validate_at(
        &self,
        id: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        segment: PathSegment,
        depth: usize,
    ) -> Result<(), Violation> {
        path.push(segment);
        let result = self.validate(id, instance, path, depth);
        path.pop();
        result
    }

    fn validate_node(
        &self,
        id: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) -> Result<(), Violation> {
        let node = self.schema.node(id);
        let draft = self.schema.draft;
        if let Some(pass) = node.bool_schema {
            return if pass {
                Ok(())
            } else {
                Err(error(path, "false", "false schema".to_string()))
            };
        }
        let Some(ty) = type_of(instance) else {
            let Instance::Invalid(name) = instance else {
                unreachable!("only invalid instances have no type")
            };
            return Err(error(path, "type", format!("invalid jsonType {name}")));
        };
        if !node.types.is_empty() {
            let integral = matches!(instance, Instance::Number(n) if n.value.is_integer());
            let matched = node.types.contains(&ty)
                || (node.types.contains(&JsonType::Integer) && ty == JsonType::Number && integral);
            if !matched {
                let mut want: Vec<JsonType> = node.types.clone();
                want.sort();
                let want: Vec<&str> = want.iter().map(|t| t.name()).collect();
                return Err(error(
                    path,
                    "type",
                    format!("got {}, want {}", ty.name(), want.join(" or ")),
                ));
            }
        }
        if let Some(constant) = &node.constant
            && !equals(instance, constant)
        {
            let message = match constant {
                Json::Array(_) | Json::Object(_) => "'const' failed".to_string(),
                other => format!("value must be {}", display_json(other)),
            };
            return Err(error(path, "const", message));
        }
        if let Some(values) = &node.enumeration
            && !values.iter().any(|v| equals(instance, v))
        {
            let primitive = values
                .iter()
                .all(|v| !matches!(v, Json::Array(_) | Json::Object(_)));
            let message = if !primitive {
                "'enum' failed".to_string()
            } else if values.len() == 1 {
                format!("value must be {}", display_json(&values[0]))
            } else {
                format!(
                    "value must be one of {}",
                    values
                        .iter()
                        .map(display_json)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(error(path, "enum", message));
        }
        // Formats assert only up to draft-07 unless a vocabulary says so.
        if let Some(name) = &node.format
            && draft <= Draft::Draft7
            && let Instance::String(s) = instance
            && let Some(reason) = format::helm4_rejects(name, s)
        {
            return Err(error(
                path,
                "format",
                format!("{} is not valid {name}: {reason}", quote(s)),
            ));
        }
        let mut errors: Vec<Violation> = Vec::new();
        if let Some(target) = node.reference {
            let result = self.validate_ref(target, instance, path, depth);
            if draft < Draft::Draft2019 {
                return result;
            }
            if let Err(e) = result {
                errors.push(e);
            }
        }
        match instance {
            Instance::Object(members) => {
                self.validate_object(id, members, path, depth, &mut errors)
            }
            Instance::Array(items) => self.validate_array(id, items, path, depth, &mut errors),
            Instance::String(s) => self.validate_string(id, s, path, &mut errors),
            Instance::Number(n) => self.validate_number(id, &n.value, path, &mut errors),
            _ => {}
        }
        self.validate_conditions(id, instance, path, depth, &mut errors);
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(with_causes(
                error(path, "", "validation failed".to_string()),
                errors,
            )),
        }
    }

    fn validate_ref(
        &self,
        target: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        depth: usize,
    ) -> Result<(), Violation> {
        self.validate(target, instance, path, depth).map_err(|err| {
            let causes = if err.keyword.is_empty() {
                err.causes
            } else {
                vec![err]
            };
            with_causes(error(path, "$ref", "validation failed".to_string()), causes)
        })
    }

    fn validate_object(
        &self,
        id: NodeId,
        members: &[(String, Instance)],
        path: &mut Vec<PathSegment>,
        depth: usize,
        errors: &mut Vec<Violation>,
    ) {
        let node = self.schema.node(id);
        let count = members.len() as i64;
        count_bounds(
            path,
            count,
            (node.min_properties, "minProperties"),
            (node.max_properties, "maxProperties"),
            errors,
        );
        let has = |name: &str| members.iter().any(|(k, _)| k == name);
        let missing: Vec<String> = node.required.iter().filter(|n| !has(n)).cloned().collect();
        if !missing.is_empty() {
            let message = if missing.len() == 1 {
                format!("missing property {}", quote(&missing[0]))
            } else {
                format!("missing properties {}", join_quoted(&missing))
            };
            errors.push(error(path, "required", message));
        }
        for (name, dependency) in &node.dependencies {
            if !has(name) {
                continue;
            }
            match dependency {
                Dependency::Required(names) => {
                    let missing: Vec<String> = names.iter().filter(|n| !has(n)).cloned().collect();
                    if !missing.is_empty() {
                        errors.push(error(
                            path,
                            "dependencies",
                            format!(
                                "properties {} required, if {} exists",
                                join_quoted(&missing),
                                quote(name)
                            ),
                        ));
                    }
                }
                Dependency::Schema(sub) => {
                    let object = Instance::Object(members.to_vec());
                    if let Err(e) = self.validate(*sub, &object, path, depth) {
                        errors.push(e);
                    }
                }
            }
        }
        let mut additional = Vec::new();
        for (key, value) in members {
            let mut evaluated = false;
            if let Some((_, sub)) = node.properties.iter().find(|(k, _)| k == key) {
                evaluated = true;
                if let Err(e) =
                    self.validate_at(*sub, value, path, PathSegment::Key(key.clone()), depth)
                {
                    errors.push(e);
                }
            }
            for (pattern, sub) in &node.pattern_properties {
                if pattern.regex.is_match(key) {
                    evaluated = true;
                    if let Err(e) =
                        self.validate_at(*sub, value, path, PathSegment::Key(key.clone()), depth)
                    {
                        errors.push(e);
                    }
                }
            }
            if !evaluated {
                match &node.additional_properties {
                    Some(Additional::Bool(false)) => additional.push(key.clone()),
                    Some(Additional::Schema(sub)) => {
                        if let Err(e) = self.validate_at(
                            *sub,
                            value,
                            path,
                            PathSegment::Key(key.clone()),
                            depth,
                        ) {
                            errors.push(e);
                        }
                    }
                    _ => {}
                }
            }
        }
        if !additional.is_empty() {
            errors.push(error(
                path,
                "additionalProperties",
                format!(
                    "additional properties {} not allowed",
                    join_quoted(&additional)
                ),
            ));
        }
        let draft = self.schema.draft;
        if draft == Draft::Draft4 {
            return;
        }
        if let Some(names) = node.property_names {
            for (key, _) in members {
                // The library validates each name as a document of its own,
                // so its errors sit at the root ('').
                let mut root = Vec::new();
                if let Err(e) =
                    self.validate(names, &Instance::String(key.clone()), &mut root, depth)
                {
                    let causes = if e.keyword.is_empty() {
                        e.causes
                    } else {
                        vec![e]
                    };
                    errors.push(with_causes(
                        error(
                            &[],
                            "propertyNames",
                            format!("invalid propertyName {}", quote(key)),
                        ),
                        causes,
                    ));
                }
            }
        }
        if draft < Draft::Draft2019 {
            return;
        }
        for (name, sub) in &node.dependent_schemas {
            if has(name) {
                let object = Instance::Object(members.to_vec());
                if let Err(e) = self.validate(*sub, &object, path, depth) {
                    errors.push(e);
                }
            }
        }
        for (name, names) in &node.dependent_required {
            if has(name) {
                let missing: Vec<String> = names.iter().filter(|n| !has(n)).cloned().collect();
                if !missing.is_empty() {
                    errors.push(error(
                        path,
                        "dependentRequired",
                        format!(
                            "properties {} required, if {} exists",
                            join_quoted(&missing),
                            quote(name)
                        ),
                    ));
                }
            }
        }
    }

    fn validate_array(
        &self,
        id: NodeId,
        items: &[Instance],
        path: &mut Vec<PathSegment>,
        depth: usize,
        errors: &mut Vec<Violation>,
    ) {
        let node = self.schema.node(id);
        let len = items.len() as i64;
        count_bounds(
            path,
            len,
            (node.min_items, "minItems"),
            (node.max_items, "maxItems"),
            errors,
        );
        if node.unique_items && items.len() > 1 {
            'outer: for i in 1..items.len() {
                for j in 0..i {
                    if instances_equal(&items[i], &items[j]) {
                        errors.push(error(
                            path,
                            "uniqueItems",
                            format!(
                                "items at {} and {} are equal",
                                localized_int(j as i64),
                                localized_int(i as i64)
                            ),
                        ));
                        break 'outer;
                    }
                }
            }
        }
        if self.schema.draft < Draft::Draft2020 {
            match &node.items {
                Some(Items::Single(schema)) => {
                    self.validate_rest(*schema, items, 0, path, depth, errors)
                }
                Some(Items::Tuple(schemas)) => {
                    let evaluated = schemas.len().min(items.len());
                    for (i, (schema, item)) in schemas.iter().zip(items).enumerate() {
                        if let Err(e) =
                            self.validate_at(*schema, item, path, PathSegment::Index(i), depth)
                        {
                            errors.push(e);
                        }
                    }
                    match &node.additional_items {
                        Some(Additional::Bool(false)) if evaluated != items.len() => {
                            errors.push(error(
                                path,
                                "additionalItems",
                                format!(
                                    "last {} additionalItem(s) not allowed",
                                    localized_int((items.len() - evaluated) as i64)
                                ),
                            ));
                        }
                        Some(Additional::Schema(schema)) => {
                            self.validate_rest(*schema, items, evaluated, path, depth, errors)
                        }
                        _ => {}
                    }
                }
                None => {}
            }
        } else {
            let evaluated = node.prefix_items.len().min(items.len());
            for (i, (schema, item)) in node.prefix_items.iter().zip(items).enumerate() {
                if let Err(e) = self.validate_at(*schema, item, path, PathSegment::Index(i), depth)
                {
                    errors.push(e);
                }
            }
            if let Some(schema) = node.items_2020 {
                self.validate_rest(schema, items, evaluated, path, depth, errors);
            }
        }
        if let Some(contains) = node.contains {
            let mut failures = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match self.validate_at(contains, item, path, PathSegment::Index(i), depth) {
                    Ok(()) => matched.push(i),
                    Err(e) => failures.push(e),
                }
            }
            if let Some(min) = node.min_contains {
                if (matched.len() as u64) < min {
                    let message = if matched.is_empty() {
                        format!(
                            "min {} items required to match contains schema, but none matched",
                            localized_int(min as i64)
                        )
                    } else {
                        format!(
                            "min {} items required to match contains schema, but matched {} items at {}",
                            localized_int(min as i64),
                            localized_int(matched.len() as i64),
                            indexes(&matched)
                        )
                    };
                    errors.push(with_causes(error(path, "minContains", message), failures));
                }
            } else if matched.is_empty() {
                errors.push(with_causes(
                    error(
                        path,
                        "contains",
                        "no items match contains schema".to_string(),
                    ),
                    failures,
                ));
            }
            if let Some(max) = node.max_contains
                && (matched.len() as u64) > max
            {
                errors.push(error(
                    path,
                    "maxContains",
                    format!(
                        "max {} items required to match contains schema, but matched {} items at {}",
                        localized_int(max as i64),
                        localized_int(matched.len() as i64),
                        indexes(&matched)
                    ),
                ));
            }
        }
    }

    /// Items from `from` on against one schema. The library numbers them
    /// from zero again (`range arr[evaluated:]`); kept for identical paths.
    fn validate_rest(
        &self,
        schema: NodeId,
        items: &[Instance],
        from: usize,
        path: &mut Vec<PathSegment>,
        depth: usize,
        errors: &mut Vec<Violation>,
    ) {
        for (i, item) in items.iter().skip(from).enumerate() {
            if let Err(e) = self.validate_at(schema, item, path, PathSegment::Index(i), depth) {
                errors.push(e);
            }
        }
    }

    fn validate_string(
        &self,
        id: NodeId,
        s: &str,
        path: &[PathSegment],
        errors: &mut Vec<Violation>,
    ) {
        let node = self.schema.node(id);
        let len = s.chars().count() as i64;
        count_bounds(
            path,
            len,
            (node.min_length, "minLength"),
            (node.max_length, "maxLength"),
            errors,
        );
        if let Some(pattern) = &node.pattern
            && !pattern.regex.is_match(s)
        {
            errors.push(error(
                path,
                "pattern",
                format!(
                    "{} does not match pattern {}",
                    quote(s),
                    quote(&pattern.source)
                ),
            ));
        }
    }

    fn validate_number(
        &self,
        id: NodeId,
        value: &Decimal,
        path: &[PathSegment],
        errors: &mut Vec<Violation>,
    ) {
        let node = self.schema.node(id);
        let got = || localized_float(value.to_f64());
        let mut check = |bound: &Option<Decimal>,
                         failed: fn(&Decimal, &Decimal) -> bool,
                         keyword: &'static str| {
            if let Some(b) = bound
                && failed(value, b)
            {
                errors.push(error(
                    path,
                    keyword,
                    format!(
                        "{keyword}: got {}, want {}",
                        got(),
                        localized_float(b.to_f64())
                    ),
                ));
            }
        };
        check(&node.minimum, |v, b| v < b, "minimum");
        check(&node.maximum, |v, b| v > b, "maximum");
        check(&node.exclusive_minimum, |v, b| v <= b, "exclusiveMinimum");
        check(&node.exclusive_maximum, |v, b| v >= b, "exclusiveMaximum");
        check(&node.multiple_of, |v, b| !v.is_multiple_of(b), "multipleOf");
    }

    fn validate_conditions(
        &self,
        id: NodeId,
        instance: &Instance,
        path: &mut Vec<PathSegment>,
        depth: usize,
        errors: &mut Vec<Violation>,
    ) {
        let node = self.schema.node(id);
        if let Some(not) = node.not
            && self.validate(not, instance, path, depth).is_ok()
        {
            errors.push(error(path, "not", "'not' failed".to_string()));
        }
        if !node.all_of.is_empty() {
            let failures: Vec<Violation> = node
                .all_of
                .iter()
                .filter_map(|&s| self.validate(s, instance, path, depth).err())
                .collect();
            if !failures.is_empty() {
                errors.push(with_causes(
                    error(path, "allOf", "'allOf' failed".to_string()),
                    failures,
                ));
            }
        }
        if !node.any_of.is_empty() {
            let mut failures = Vec::new();
            let mut matched = false;
            for &s in &node.any_of {
                match self.validate(s, instance, path, depth) {
                    Ok(()) => {
                        matched = true;
                        break;
                    }
                    Err(e) => failures.push(e),
                }
            }
            if !matched {
                errors.push(with_causes(
                    error(path, "anyOf", "'anyOf' failed".to_string()),
                    failures,
                ));
            }
        }
        if !node.one_of.is_empty() {
            let mut failures = Vec::new();
            let mut matched: Option<usize> = None;
            for (i, &s) in node.one_of.iter().enumerate() {
                match self.validate(s, instance, path, depth) {
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            errors.push(error(
                                path,
                                "oneOf",
                                format!(
                                    "'oneOf' failed, subschemas {}, {} matched",
                                    localized_int(first as i64),
                                    localized_int(i as i64)
                                ),
                            ));
                            break;
                        }
                    },
                    Err(e) if matched.is_none() => failures.push(e),
                    Err(_) => {}
                }
            }
            if matched.is_none() {
                errors.push(with_causes(
                    error(path, "oneOf", "'oneOf' failed, none matched".to_string()),
                    failures,
                ));
            }
        }
        if let Some(condition) = node.if_ {
            let branch = if self.validate(condition, instance, path, depth).is_ok() {
                node.then_
            } else {
                node.else_
            };
            if let Some(branch) = branch
                && let Err(e) = self.validate(branch, instance, path, depth)
            {
                errors.push(e);
            }
        }
    }
}

/// Go's `%v` of an `[]int` without the brackets.
fn indexes(list: &[usize]) -> String {
    list.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
