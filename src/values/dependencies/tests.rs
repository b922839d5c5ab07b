use super::*;
use crate::values::testutil::{chart, dep, json, to_json};

const V3: HelmVersion = HelmVersion::V3;
const V4: HelmVersion = HelmVersion::V4;

#[test]
fn compatible_range_uses_masterminds_semver() {
    // An empty constraint does not parse: the chart is then kept as it is.
    assert!(!is_compatible_range("", "1.0.0", V3));
    assert!(is_compatible_range("*", "1.0.0", V3));
    assert!(is_compatible_range("~1.2.0", "1.2.3", V3));
    assert!(is_compatible_range(">=1.0.0", "2.0.0", V4));
    assert!(!is_compatible_range("^1.0.0", "2.0.0", V3));
    assert!(!is_compatible_range("latest", "1.0.0", V3));
    assert!(!is_compatible_range("1.0.0", "not-a-version", V3));
}

#[test]
fn missing_dependencies_are_named_in_order() {
    let c = chart(
        "p",
        "1.0.0",
        "",
        vec![dep("here", "1.0.0"), dep("gone", ""), dep("lost", "")],
        vec![chart("here", "9.9.9", "", vec![], vec![])],
    );
    let err = check_dependencies(&c, V3).unwrap_err();
    assert_eq!(err.names, ["gone", "lost"]);
    assert_eq!(
        err.to_string(),
        "found in Chart.yaml, but missing in charts/ directory: gone, lost"
    );
    assert!(
        err.helm_message()
            .starts_with("An error occurred while checking")
    );
    assert!(
        check_dependencies(&c, V4)
            .unwrap_err()
            .helm_message()
            .starts_with("an error occurred while checking")
    );
}

fn two_level() -> Chart {
    let mut aliased = dep("sub", "1.x");
    aliased.alias = "renamed".into();
    aliased.condition = "renamed.go".into();
    let mut tagged = dep("other", "1.0.0");
    tagged.tags = vec!["t".into()];
    chart(
        "p",
        "1.0.0",
        "renamed:\n  go: true\n",
        vec![aliased, tagged],
        vec![
            chart("sub", "1.0.0", "x: 1\n", vec![], vec![]),
            chart("other", "1.0.0", "w: 1\n", vec![], vec![]),
        ],
    )
}

#[test]
fn aliases_rename_charts_and_entries() {
    let mut c = two_level();
    let mut w = Vec::new();
    process_dependencies(&mut c, &Value::Nil, V3, &mut w).expect("processes");
    let names: Vec<&str> = c
        .dependencies
        .iter()
        .map(|d| d.metadata.name.as_str())
        .collect();
    assert_eq!(names, ["renamed", "other"]);
    let req_names: Vec<&str> = c
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(req_names, ["renamed", "other"]);
    assert!(c.metadata.dependencies.iter().all(|d| d.enabled));
    // The parent's defaults now include its subcharts' (nulls kept).
    assert_eq!(
        to_json(&c.values),
        r#"{"other":{"global":{},"w":1},"renamed":{"global":{},"go":true,"x":1}}"#
    );
}

#[test]
fn disabled_dependencies_leave_tree_and_metadata() {
    let mut c = two_level();
    let mut w = Vec::new();
    let user = json(r#"{"renamed":{"go":false},"tags":{"t":false}}"#);
    process_dependencies(&mut c, &user, V3, &mut w).expect("processes");
    assert!(c.dependencies.is_empty());
    assert!(c.metadata.dependencies.is_empty());
    // Nothing left to import from: the values stay as loaded.
    assert_eq!(to_json(&c.values), r#"{"renamed":{"go":true}}"#);
}

#[test]
fn conditions_warn_on_non_bools_and_fall_through() {
    let mut d = dep("sub", "1.0.0");
    d.condition = "sub.flag,sub.other".into();
    let mut c = chart(
        "p",
        "1.0.0",
        "sub:\n  flag: \"yes\"\n  other: false\n",
        vec![d],
        vec![chart("sub", "1.0.0", "", vec![], vec![])],
    );
    let mut w = Vec::new();
    process_dependencies(&mut c, &Value::Nil, V3, &mut w).expect("processes");
    assert!(c.dependencies.is_empty());
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind, WarningKind::ConditionNotBool);
    assert_eq!(
        w[0].message,
        "Warning: Condition path 'sub.flag' for chart sub returned non-bool value"
    );
}

fn importing(entries: Vec<Value>) -> Chart {
    let mut d = dep("sub", "1.0.0");
    d.import_values = entries;
    chart(
        "p",
        "1.0.0",
        "",
        vec![d],
        vec![chart(
            "sub",
            "1.0.0",
            "exports:\n  data:\n    x: 1\n\"1\":\n  yy: 2\n",
            vec![],
            vec![],
        )],
    )
}

#[test]
fn import_values_both_forms() {
    let mut c = importing(vec![
        Value::from("data"),
        json(r#"{"child":"1","parent":"a.b"}"#),
        json(r#"{"child":"nope","parent":"c"}"#),
    ]);
    let mut w = Vec::new();
    process_dependencies(&mut c, &Value::Nil, V3, &mut w).expect("processes");
    let v = to_json(&c.values);
    assert!(v.starts_with(r#"{"a":{"b":{"yy":2}},"sub":"#), "{v}");
    assert!(v.contains(r#","x":1}"#), "{v}");
    assert_eq!(
        w.iter().map(|w| w.message.as_str()).collect::<Vec<_>>(),
        ["Warning: ImportValues missing table from chart sub: \"nope\" is not a table"]
    );
    // Entries are rewritten to the map form, as Helm does.
    let rewritten: Vec<String> = c.metadata.dependencies[0]
        .import_values
        .iter()
        .map(|v| format!("{} {}", v.type_name(), to_json(v)))
        .collect();
    assert_eq!(
        rewritten,
        [
            r#"map[string]string {"child":"exports.data","parent":"."}"#,
            r#"map[string]string {"child":"1","parent":"a.b"}"#,
            r#"map[string]string {"child":"nope","parent":"c"}"#,
        ]
    );
}

/// Recorded from Helm: 3.17.1 panics on a non-string `child`/`parent`;
/// 4.1.4 prints it with `%v` (a missing parent is `<nil>`).
#[test]
fn import_values_with_non_strings() {
    let entries = || {
        vec![
            json(r#"{"child":"exports.data"}"#),
            json(r#"{"child":1,"parent":"two"}"#),
            json("5"),
        ]
    };
    let mut c = importing(entries());
    let mut w = Vec::new();
    let err = process_dependencies(&mut c, &Value::Nil, V3, &mut w).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"import-values of dependency "sub" in chart "p": "parent" must be a string, found nil"#
    );
    let mut c = importing(entries());
    process_dependencies(&mut c, &Value::Nil, V4, &mut w).expect("processes");
    let mut render_warnings = Vec::new();
    let v = crate::values::coalesce::render_values(&c, &Value::Nil, V4, &mut render_warnings)
        .expect("values");
    assert_eq!(
        to_json(&v),
        r#"{"\u003cnil\u003e":{"x":1},"sub":{"1":{"yy":2},"exports":{"data":{"x":1}},"global":{}},"two":{"yy":2}}"#
    );
}

/// Helm 3 shares the dependency entries of a chart between its aliased
/// copies: the second copy sees the first's alias renames and finds its
/// imports consumed. Helm 4 copies them (fixture `parent` covers both
/// against real Helm).
#[test]
fn helm3_aliased_copies_share_their_dependency_entries() {
    let build = || {
        let mut leaf = dep("leaf", "1.0.0");
        leaf.alias = "leafy".into();
        leaf.import_values = vec![Value::from("d")];
        let shared = chart(
            "shared",
            "1.0.0",
            "",
            vec![leaf],
            vec![chart(
                "leaf",
                "1.0.0",
                "exports:\n  d:\n    v: 1\n",
                vec![],
                vec![],
            )],
        );
        let mut first = dep("shared", "1.0.0");
        first.alias = "first".into();
        let mut second = dep("shared", "1.0.0");
        second.alias = "second".into();
        chart("p", "1.0.0", "", vec![first, second], vec![shared])
    };
    let children = |c: &Chart| -> Vec<String> {
        c.dependencies
            .iter()
            .map(|d| {
                let subs: Vec<&str> = d
                    .dependencies
                    .iter()
                    .map(|s| s.metadata.name.as_str())
                    .collect();
                format!(
                    "{}[{}] {}",
                    d.metadata.name,
                    subs.join(","),
                    to_json(&d.values)
                )
            })
            .collect()
    };
    let mut w = Vec::new();
    let mut c3 = build();
    process_dependencies(&mut c3, &Value::Nil, V3, &mut w).expect("v3");
    assert_eq!(
        children(&c3),
        [
            r#"first[leafy] {"leafy":{"exports":{"d":{"v":1}},"global":{}},"v":1}"#,
            // Its `leafy` entry finds no chart `leafy`: `leaf` stays as it is.
            r#"second[leaf] {"leaf":{"exports":{"d":{"v":1}},"global":{}}}"#,
        ]
    );
    let mut c4 = build();
    process_dependencies(&mut c4, &Value::Nil, V4, &mut w).expect("v4");
    assert_eq!(
        children(&c4),
        [
            r#"first[leafy] {"leafy":{"exports":{"d":{"v":1}},"global":{}},"v":1}"#,
            r#"second[leafy] {"leafy":{"exports":{"d":{"v":1}},"global":{}},"v":1}"#,
        ]
    );
}

#[test]
fn charts_without_dependencies_are_left_alone() {
    let mut c = chart(
        "p",
        "1.0.0",
        "a: 1\n",
        vec![],
        vec![chart("s", "1.0.0", "", vec![], vec![])],
    );
    let before = to_json(&c.values);
    let mut w = Vec::new();
    process_dependencies(&mut c, &Value::Nil, V3, &mut w).expect("processes");
    assert_eq!(c.dependencies.len(), 1);
    assert_eq!(to_json(&c.values), before);
}

/// Two imports into one parent where the second child contains the first
/// make Helm link a table into itself: Helm 3 then never finishes and
/// Helm 4 overflows its stack. We stop with an error.
#[test]
fn cyclic_imports_fail_instead_of_hanging() {
    let run = || {
        let mut d = dep("sub", "1.0.0");
        d.import_values = vec![
            json(r#"{"child":"a.b","parent":"x"}"#),
            json(r#"{"child":"a","parent":"x"}"#),
        ];
        let mut c = chart(
            "p",
            "1.0.0",
            "",
            vec![d],
            vec![chart(
                "sub",
                "1.0.0",
                "a:\n  b:\n    k: 1\n",
                vec![],
                vec![],
            )],
        );
        let mut w = Vec::new();
        for helm in [V3, V4] {
            let err = process_dependencies(&mut c.clone(), &Value::Nil, helm, &mut w).unwrap_err();
            assert_eq!(
                err,
                DependencyError::Coalesce(CoalesceError::TooDeep(crate::values::TooDeep))
            );
        }
        c.dependencies.clear();
    };
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("no panic");
}
