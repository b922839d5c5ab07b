//! Keyword semantics of both validators, checked against what real Helm
//! 3.17.1 and 4.1.4 printed for the same schema and values (one failing
//! property per object, where Helm's order is stable).

use super::*;

/// The report Helm prints under the chart's name, or "" when valid.
fn report(schema: &str, values: &str, helm: HelmVersion) -> String {
    let values = crate::render::funcs::gojson::unmarshal(
        values.as_bytes(),
        crate::render::funcs::gojson::Target::Map,
    )
    .expect("test values are JSON");
    match check_single(schema.as_bytes(), &values, helm) {
        None => String::new(),
        Some((text, _)) => text,
    }
}

fn both(schema: &str, values: &str) -> (String, String) {
    (
        report(schema, values, HelmVersion::V3),
        report(schema, values, HelmVersion::V4),
    )
}

#[test]
fn type_required_enum_minimum_and_additional_properties() {
    let schema = r#"{"type":"object","required":["name","image"],"additionalProperties":false,
        "properties":{"name":{"type":"string"},"image":{"type":"string"},"replicas":{"type":"integer","minimum":1},
        "mode":{"enum":["a","b"]}}}"#;
    assert_eq!(
        both(schema, r#"{"name":3,"extra":1}"#),
        (
            "- (root): image is required\n- (root): Additional property extra is not allowed\n- name: Invalid type. Expected: string, given: integer\n".to_string(),
            "- at '': missing property 'image'\n- at '/name': got number, want string\n- at '': additional properties 'extra' not allowed\n".to_string(),
        )
    );
    assert_eq!(
        both(schema, r#"{"name":"x","image":"i","replicas":0}"#),
        (
            "- replicas: Must be greater than or equal to 1\n".to_string(),
            "- at '/replicas': minimum: got 0, want 1\n".to_string(),
        )
    );
    assert_eq!(
        both(schema, r#"{"name":"x","image":"i","mode":"weird"}"#),
        (
            "- mode: mode must be one of the following: \"a\", \"b\"\n".to_string(),
            "- at '/mode': value must be one of 'a', 'b'\n".to_string(),
        )
    );
    assert_eq!(
        both(schema, r#"{"name":"x","image":"i","mode":"a"}"#),
        (String::new(), String::new())
    );
}

#[test]
fn numbers_print_as_each_library_formats_them() {
    assert_eq!(
        both(r#"{"properties":{"b":{"minLength":1000}}}"#, r#"{"b":"x"}"#),
        (
            "- b: String length must be greater than or equal to 1000\n".to_string(),
            "- at '/b': minLength: got 1, want 1,000\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"c":{"maximum":0.5}}}"#,
            r#"{"c":1234567}"#
        ),
        (
            "- c: Must be less than or equal to 0.5\n".to_string(),
            "- at '/c': maximum: got 1.234567×10⁰⁶, want 0.5\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"d":{"enum":[1.0,2,"x",null,true]}}}"#,
            r#"{"d":3}"#
        ),
        (
            "- d: d must be one of the following: 1, 2, \"x\", null, true\n".to_string(),
            "- at '/d': value must be one of 1.0, 2, 'x', <nil>, true\n".to_string(),
        )
    );
    // 1.0 from YAML is an integer for both.
    assert_eq!(
        both(r#"{"properties":{"a":{"type":"integer"}}}"#, r#"{"a":1.0}"#),
        (String::new(), String::new())
    );
}

#[test]
fn refs_and_combinators_nest_in_helm4_and_flatten_in_helm3() {
    assert_eq!(
        both(
            r##"{"properties":{"a":{"$ref":"#/definitions/x"}},"definitions":{"x":{"type":"string","minLength":3,"pattern":"^z"}}}"##,
            r#"{"a":"ab"}"#
        ),
        (
            "- a: String length must be greater than or equal to 3\n- a: Does not match pattern '^z'\n".to_string(),
            "- at '/a': validation failed\n  - at '/a': minLength: got 2, want 3\n  - at '/a': 'ab' does not match pattern '^z'\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"a":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}"#,
            r#"{"a":true}"#
        ),
        (
            "- a: Must validate one and only one schema (oneOf)\n- a: Invalid type. Expected: string, given: boolean\n".to_string(),
            "- at '/a': 'oneOf' failed, none matched\n  - at '/a': got boolean, want string\n  - at '/a': got boolean, want integer\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"a":{"allOf":[{"type":"string"},{"minimum":3}]}}}"#,
            r#"{"a":1}"#
        ),
        (
            "- a: Invalid type. Expected: string, given: integer\n- a: Must be greater than or equal to 3\n- a: Must validate all the schemas (allOf)\n".to_string(),
            "- at '/a': 'allOf' failed\n  - at '/a': got number, want string\n  - at '/a': minimum: got 1, want 3\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"a":{"if":{"minimum":3},"then":{"maximum":4},"else":{"const":0}}}}"#,
            r#"{"a":1}"#
        ),
        (
            "- a: Must validate \"else\" as \"if\" was not valid\n- a: a does not match: 0\n"
                .to_string(),
            "- at '/a': value must be 0\n".to_string(),
        )
    );
}

#[test]
fn formats_assert_in_helm3_always_and_in_helm4_up_to_draft7() {
    assert_eq!(
        both(
            r#"{"properties":{"a":{"format":"email"}}}"#,
            r#"{"a":"foo"}"#
        ),
        (
            "- a: Does not match format 'email'\n".to_string(),
            String::new()
        )
    );
    assert_eq!(
        both(
            r##"{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"a":{"format":"ipv4"}}}"##,
            r#"{"a":"1.2.3"}"#
        ),
        (
            "- a: Does not match format 'ipv4'\n".to_string(),
            "- at '/a': '1.2.3' is not valid ipv4: expected four decimals\n".to_string(),
        )
    );
}

#[test]
fn arrays_objects_and_property_names() {
    assert_eq!(
        both(
            r#"{"properties":{"a":{"uniqueItems":true,"minItems":5,"maxItems":1}}}"#,
            r#"{"a":[1,2,1]}"#
        ),
        (
            "- a: Array must have at least 5 items\n- a: Array must have at most 1 items\n- a: array items[0,2] must be unique\n".to_string(),
            "- at '/a': minItems: got 3, want 5\n- at '/a': maxItems: got 3, want 1\n- at '/a': items at 0 and 2 are equal\n".to_string(),
        )
    );
    assert_eq!(
        both(
            r#"{"properties":{"x":{"propertyNames":{"pattern":"^[a-z]+$"}}}}"#,
            r#"{"x":{"A1":1}}"#
        ),
        (
            "- x: Property name of \"A1\" does not match\n- x: Does not match pattern '^[a-z]+$'\n".to_string(),
            "- at '': invalid propertyName 'A1'\n  - at '': 'A1' does not match pattern '^[a-z]+$'\n".to_string(),
        )
    );
    assert_eq!(
        both(r#"{"properties":{"x":{"contains":{"type":"string"}}}}"#, r#"{"x":[1,2]}"#),
        (
            "- x: At least one of the items must match\n- x.0: Invalid type. Expected: string, given: integer\n".to_string(),
            "- at '/x': no items match contains schema\n  - at '/x/0': got number, want string\n  - at '/x/1': got number, want string\n".to_string(),
        )
    );
    assert_eq!(
        both(r#"{"dependencies":{"a":["b","c"]}}"#, r#"{"a":1}"#),
        (
            "- (root): Has a dependency on b\n- (root): Has a dependency on c\n".to_string(),
            "- at '': properties 'b', 'c' required, if 'a' exists\n".to_string(),
        )
    );
}

#[test]
fn draft4_exclusive_minimum_is_a_flag() {
    assert_eq!(
        both(
            r##"{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":{"minimum":1,"exclusiveMinimum":true}}}"##,
            r#"{"a":1}"#
        ),
        (
            "- a: Must be greater than 1\n".to_string(),
            "- at '/a': exclusiveMinimum: got 1, want 1\n".to_string(),
        )
    );
}

#[test]
fn broken_schemas_fail_as_the_libraries_do() {
    assert_eq!(
        both(r#"{"type": "object","#, "{}"),
        ("unexpected EOF".to_string(), "unexpected EOF".to_string())
    );
    assert_eq!(
        report(r#"{"type":"strin"}"#, "{}", HelmVersion::V3),
        "has a primitive type that is NOT VALID -- given: /strin/ Expected valid values are:[array boolean integer number null object string]"
    );
    assert_eq!(
        report(
            r#"{"properties":{"a":{"minimum":"x"}}}"#,
            "{}",
            HelmVersion::V3
        ),
        "minimum must be of a number"
    );
    assert_eq!(
        both(r##"{"$ref":"#/definitions/missing"}"##, "{}"),
        (
            "Object has no key 'definitions'".to_string(),
            "json-pointer in \"file:///values.schema.json#/definitions/missing\" not found"
                .to_string(),
        )
    );
    assert_eq!(report("[]", "{}", HelmVersion::V3), "schema is invalid");
}

#[test]
fn external_refs_are_refused_without_network() {
    for helm in [HelmVersion::V3, HelmVersion::V4] {
        let text = report(
            r#"{"properties":{"a":{"$ref":"https://example.com/s.json"}}}"#,
            "{}",
            helm,
        );
        assert!(text.contains("chartguard never does"), "{text}");
    }
}

#[test]
fn no_schema_or_values_makes_it_panic() {
    let schemas = [
        r##"{"$ref":"#"}"##,
        r##"{"properties":{"a":{"$ref":"#"}}}"##,
        r##"{"allOf":[{"$ref":"#"}]}"##,
        r#"{"items":[true,false],"additionalItems":false}"#,
        r#"{"minimum":1e400,"multipleOf":1e-400}"#,
        r#"{"pattern":"("}"#,
        "{\"a\":\"\\ud800\"}",
        "null",
        "",
    ];
    let values = [r#"{"a":{"a":{"a":1}}}"#, r#"{"a":[1,2,3]}"#, "{}"];
    for schema in schemas {
        for value in values {
            let _ = both(schema, value);
        }
    }
}
