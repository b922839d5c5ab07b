use super::*;
use crate::values::testutil::{chart, dep, json, to_json};

const V3: HelmVersion = HelmVersion::V3;
const V4: HelmVersion = HelmVersion::V4;

fn coalesce_json(c: &Chart, user: &str, helm: HelmVersion) -> (String, Vec<Warning>) {
    let mut warnings = Vec::new();
    let v = coalesce_values(c, &json(user), helm, &mut warnings).expect("coalesces");
    (to_json(&Value::Map(v)), warnings)
}

#[test]
fn user_values_win_and_tables_merge() {
    let c = chart(
        "c",
        "1.0.0",
        "a: 1\nt:\n  x: 1\n  l: [1, 2]\n",
        vec![],
        vec![],
    );
    let (out, w) = coalesce_json(&c, r#"{"a":2,"t":{"l":[3]},"u":{"z":1}}"#, V3);
    assert_eq!(out, r#"{"a":2,"t":{"l":[3],"x":1},"u":{"z":1}}"#);
    assert!(w.is_empty());
}

#[test]
fn nulls_delete_differently_in_helm_3_and_4() {
    let c = chart(
        "c",
        "1.0.0",
        "top: 1\nt:\n  a: 1\n  nn: null\n",
        vec![],
        vec![],
    );
    let user = r#"{"top":null,"fresh":null,"t":{"a":null,"nn":null,"new":null}}"#;
    // Helm 3 deletes every user null over a chart key, even a null one.
    assert_eq!(
        coalesce_json(&c, user, V3).0,
        r#"{"fresh":null,"t":{"new":null}}"#
    );
    // Helm 4 keeps a null over a null default.
    assert_eq!(
        coalesce_json(&c, user, V4).0,
        r#"{"fresh":null,"t":{"new":null,"nn":null}}"#
    );
    // Merging keeps every null.
    let mut w = Vec::new();
    let merged = merge_values(&c, &json(user), V3, &mut w).expect("merges");
    assert_eq!(
        to_json(&Value::Map(merged)),
        r#"{"fresh":null,"t":{"a":null,"new":null,"nn":null},"top":null}"#
    );
}

#[test]
fn mismatched_kinds_keep_the_user_side_and_warn() {
    let c = chart(
        "c",
        "1.0.0",
        "s: x\nt:\n  deep: {a: 1}\n  leaf: 1\n",
        vec![],
        vec![],
    );
    let (out, w) = coalesce_json(&c, r#"{"s":{"k":1},"t":{"deep":2,"leaf":{"k":1}}}"#, V3);
    assert_eq!(out, r#"{"s":{"k":1},"t":{"deep":2,"leaf":{"k":1}}}"#);
    let texts: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        texts,
        [
            "warning: skipped value for c.s: Not a table.",
            "warning: cannot overwrite table with non table for c.t.deep (map[a:1])",
            "warning: destination for c.t.leaf is a table. Ignoring non-table value (1)",
        ]
    );
    assert_eq!(w[1].kind, WarningKind::CannotOverwriteTable);
    assert_eq!(w[1].key, "c.t.deep");
}

#[test]
fn subcharts_get_their_table_and_the_parent_globals() {
    let sub = chart(
        "sub",
        "1.0.0",
        "x: 1\nglobal:\n  g: sub\n  only: sub\n",
        vec![],
        vec![],
    );
    let parent = chart(
        "parent",
        "1.0.0",
        "sub:\n  x: 2\nglobal:\n  g: parent\n",
        vec![dep("sub", "1.0.0")],
        vec![sub],
    );
    let (out, _) = coalesce_json(&parent, "{}", V3);
    assert_eq!(
        out,
        r#"{"global":{"g":"parent"},"sub":{"global":{"g":"parent","only":"sub"},"x":2}}"#
    );
}

#[test]
fn a_subchart_key_must_hold_a_table() {
    let sub = chart("sub", "1.0.0", "", vec![], vec![]);
    let parent = chart("parent", "1.0.0", "", vec![], vec![sub]);
    let mut w = Vec::new();
    let err = coalesce_values(&parent, &json(r#"{"sub":"x"}"#), V3, &mut w).unwrap_err();
    assert_eq!(err.to_string(), "type mismatch on sub: %!t(string=x)");
    let err = coalesce_values(&parent, &json(r#"{"sub":true}"#), V3, &mut w).unwrap_err();
    assert_eq!(err.to_string(), "type mismatch on sub: true");
}

#[test]
fn origins_follow_the_winning_value() {
    let c = chart(
        "c",
        "1.0.0",
        "a: 1\nt:\n  x: one\n  z: two\n",
        vec![],
        vec![],
    );
    // User values with their own origins.
    let mut table = c.origins.clone();
    let file = table.add_file("user.yaml", "t:\n  z: mine\n");
    let user = crate::yaml::load_values("t:\n  z: mine\n", Some((&mut table, file))).expect("user");
    let mut w = Vec::new();
    let v = coalesce_values(&c, &user, V3, &mut w).expect("coalesces");
    let t = v.get("t").expect("t");
    let t = t.as_map().expect("map");
    let origin_of = |v: Value| {
        let entry = table.get(v.origin().expect("origin")).expect("entry");
        (
            table.file(entry.file).expect("file").path.clone(),
            entry.line,
            entry.column,
        )
    };
    assert_eq!(
        origin_of(t.get("z").expect("z")),
        ("user.yaml".to_string(), 2, 6)
    );
    assert_eq!(
        origin_of(t.get("x").expect("x")),
        ("c/values.yaml".to_string(), 3, 6)
    );
    assert_eq!(
        origin_of(v.get("a").expect("a")),
        ("c/values.yaml".to_string(), 1, 4)
    );
}

#[test]
fn inputs_are_not_changed() {
    let c = chart("c", "1.0.0", "t:\n  x: 1\n", vec![], vec![]);
    let user = json(r#"{"t":{"y":2}}"#);
    let before_user = to_json(&user);
    let before_chart = to_json(&c.values);
    let mut w = Vec::new();
    let v = coalesce_values(&c, &user, V3, &mut w).expect("coalesces");
    v.get("t")
        .and_then(|t| t.as_map().cloned())
        .expect("t")
        .insert("z", Value::from(3.0));
    assert_eq!(to_json(&user), before_user);
    assert_eq!(to_json(&c.values), before_chart);
}

#[test]
fn render_values_have_helms_named_type() {
    let c = chart("c", "1.0.0", "a: 1\n", vec![], vec![]);
    let mut w = Vec::new();
    let v3 = render_values(&c, &Value::Nil, V3, &mut w).expect("values");
    assert_eq!(v3.type_name(), "chartutil.Values");
    let v4 = render_values(&c, &Value::Nil, V4, &mut w).expect("values");
    assert_eq!(v4.type_name(), "common.Values");
    // Nested tables stay plain maps.
    let c = chart("c", "1.0.0", "t: {a: 1}\n", vec![], vec![]);
    let v = render_values(&c, &Value::Nil, V3, &mut w).expect("values");
    let t = v.as_map().and_then(|m| m.get("t")).expect("t");
    assert_eq!(t.type_name(), "map[string]interface {}");
}

#[test]
fn coalesce_and_merge_tables() {
    let dst = json(r#"{"a":null,"b":{"c":1},"k":1}"#);
    let src = json(r#"{"a":1,"b":{"d":2},"e":3,"k":{"x":1}}"#);
    let (dst_map, src_map) = (dst.as_map().expect("map"), src.as_map().expect("map"));
    let mut w = Vec::new();
    coalesce_tables(dst_map, src_map, V3, &mut w).expect("ok");
    assert_eq!(to_json(&dst), r#"{"b":{"c":1,"d":2},"e":3,"k":1}"#);
    assert_eq!(
        w[0].message,
        "warning: cannot overwrite table with non table for k (map[x:1])"
    );
    let dst = json(r#"{"a":null}"#);
    merge_tables(dst.as_map().expect("map"), src_map, V3, &mut w).expect("ok");
    assert_eq!(to_json(&dst), r#"{"a":null,"b":{"d":2},"e":3,"k":{"x":1}}"#);
}

#[test]
fn deep_values_are_refused_not_overflowed() {
    // Dropping such a value recurses too: give the test room.
    let run = || {
        let mut v = Value::from(1.0);
        for _ in 0..(MAX_VALUE_DEPTH + 5) {
            let m = table_from([("a".to_string(), v)]);
            v = Value::Map(m);
        }
        let c = chart("c", "1.0.0", "", vec![], vec![]);
        let mut w = Vec::new();
        let err = coalesce_values(&c, &v, V3, &mut w).unwrap_err();
        assert_eq!(err, CoalesceError::TooDeep(TooDeep));
    };
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("no panic");
}
