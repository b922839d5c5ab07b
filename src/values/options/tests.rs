use super::*;

const V3: HelmVersion = HelmVersion::V3;
const V4: HelmVersion = HelmVersion::V4;

fn files(
    map: &'static [(&'static str, &'static str)],
) -> impl FnMut(&str) -> Result<Vec<u8>, String> {
    move |path: &str| {
        map.iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.as_bytes().to_vec())
            .ok_or_else(|| format!("open {path}: no such file or directory"))
    }
}

fn origin_text(table: &OriginTable, v: &Value) -> (String, usize, usize, String) {
    let entry = table.get(v.origin().expect("origin")).expect("entry");
    let file = table.file(entry.file).expect("file");
    (
        file.path.clone(),
        entry.line,
        entry.column,
        file.text[entry.span.clone()].to_string(),
    )
}

#[test]
fn files_then_flags_in_helms_order() {
    let opts = ValueOptions {
        value_files: vec!["a.yaml".into(), "b.yaml".into()],
        values: vec!["o=set,n=1".into()],
        string_values: vec!["o=string".into()],
        json_values: vec!["o=1,j=[1]".into()],
        literal_values: vec!["o=literal".into()],
        file_values: vec!["f=a.yaml".into()],
    };
    let mut read = files(&[
        ("a.yaml", "t:\n  x: 1\n  w: 2\n"),
        ("b.yaml", "t:\n  w: 3\n"),
    ]);
    let mut table = OriginTable::new();
    let v = merge_values(&opts, &mut read, Some(&mut table), V3).expect("merges");
    assert_eq!(
        gojson::marshal(&Value::Map(v.clone())).expect("json"),
        r#"{"f":"t:\n  x: 1\n  w: 2\n","j":[1],"n":1,"o":"literal","t":{"w":3,"x":1}}"#
    );
    let t = v.get("t").expect("t");
    let t = t.as_map().expect("map");
    assert_eq!(
        origin_text(&table, &t.get("w").expect("w")),
        ("b.yaml".into(), 2, 6, "3".into())
    );
    assert_eq!(
        origin_text(&table, &t.get("x").expect("x")),
        ("a.yaml".into(), 2, 6, "1".into())
    );
    assert_eq!(
        origin_text(&table, &v.get("n").expect("n")),
        ("--set #1".into(), 1, 9, "1".into())
    );
    assert_eq!(
        origin_text(&table, &v.get("o").expect("o")),
        ("--set-literal #1".into(), 1, 3, "literal".into())
    );
    assert_eq!(
        origin_text(&table, &v.get("f").expect("f")),
        ("--set-file #1".into(), 1, 3, "a.yaml".into())
    );
}

#[test]
fn helm4_merges_every_document_and_keeps_file_positions() {
    let text = "a: 1\r\n---\r\nb:\r\n  c: two\r\n--- # next\nd: [x]\n";
    let opts = ValueOptions {
        value_files: vec!["m.yaml".into()],
        ..ValueOptions::default()
    };
    let mut read = move |_: &str| Ok(text.as_bytes().to_vec());
    let mut table = OriginTable::new();
    let v = merge_values(&opts, &mut read, Some(&mut table), V4).expect("merges");
    assert_eq!(
        gojson::marshal(&Value::Map(v.clone())).expect("json"),
        r#"{"a":1,"b":{"c":"two"},"d":["x"]}"#
    );
    let c = v
        .get("b")
        .and_then(|b| b.as_map().and_then(|m| m.get("c")))
        .expect("c");
    assert_eq!(
        origin_text(&table, &c),
        ("m.yaml".into(), 4, 6, "two".into())
    );
    let d = v.get("d").expect("d");
    let x = &d.as_list().expect("list").items[0];
    assert_eq!(origin_text(&table, x), ("m.yaml".into(), 6, 5, "x".into()));
    // Helm 3 reads the first document only.
    let mut table = OriginTable::new();
    let v = merge_values(&opts, &mut read, Some(&mut table), V3).expect("merges");
    assert_eq!(gojson::marshal(&Value::Map(v)).expect("json"), r#"{"a":1}"#);
}

#[test]
fn document_splitting_follows_the_kubernetes_reader() {
    let docs = |text: &str| -> Result<Vec<String>, String> {
        split_documents(text).map(|d| d.into_iter().map(|d| d.text).collect())
    };
    assert_eq!(docs("---\na: 1\n").expect("ok"), ["---\na: 1\n"]);
    assert_eq!(
        docs("a: 1\n---\n---\nb: 2").expect("ok"),
        ["a: 1\n", "---\nb: 2\n"]
    );
    assert_eq!(docs("").expect("ok"), Vec::<String>::new());
    assert_eq!(
        docs("a: 1\n--- x\n").unwrap_err(),
        "invalid Yaml document separator: x"
    );
    assert_eq!(
        docs("----\n").unwrap_err(),
        "invalid Yaml document separator: -"
    );
}

#[test]
fn errors_read_as_helms() {
    let run = |opts: ValueOptions, helm| {
        let mut read = files(&[("bad.yaml", "a: [1\n"), ("sep.yaml", "a: 1\n--- !!map\n")]);
        merge_values(&opts, &mut read, None, helm)
            .unwrap_err()
            .to_string()
    };
    let f = |path: &str| ValueOptions {
        value_files: vec![path.into()],
        ..ValueOptions::default()
    };
    assert_eq!(
        run(f("none.yaml"), V3),
        "open none.yaml: no such file or directory"
    );
    assert_eq!(
        run(f("bad.yaml"), V3),
        "failed to parse bad.yaml: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
    );
    assert_eq!(
        run(f("bad.yaml"), V4),
        "failed to parse bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
    );
    assert_eq!(
        run(f("sep.yaml"), V4),
        "failed to parse sep.yaml: error reading yaml document: invalid Yaml document separator: !!map"
    );
    let json = |line: &str| ValueOptions {
        json_values: vec![line.into()],
        ..ValueOptions::default()
    };
    assert_eq!(
        run(json("a=tru"), V3),
        "failed parsing --set-json data a=tru"
    );
    assert_eq!(
        run(json(" {\"a\":"), V4),
        "failed parsing --set-json data JSON:  {\"a\":"
    );
    let set = ValueOptions {
        values: vec!["ok=1".into(), "bad".into()],
        ..ValueOptions::default()
    };
    let mut read = files(&[]);
    let err = merge_values(&set, &mut read, None, V3).unwrap_err();
    assert!(matches!(
        err,
        MergeValuesError::Set {
            kind: SetKind::Set,
            index: 1,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "failed parsing --set data: key \"bad\" has no value"
    );
}

#[test]
fn invalid_utf8_files_fail() {
    let opts = ValueOptions {
        value_files: vec!["x.yaml".into()],
        ..ValueOptions::default()
    };
    let mut read = |_: &str| Ok(b"a: 1\nb: \xff\n".to_vec());
    let err = merge_values(&opts, &mut read, None, V3).unwrap_err();
    let MergeValuesError::Parse { position, .. } = err else {
        panic!("parse error")
    };
    assert_eq!(position.map(|p| (p.line, p.column)), Some((2, 4)));
}

#[test]
fn merge_maps_merges_tables_into_new_maps() {
    let a = crate::values::testutil::json(r#"{"t":{"x":1,"y":{"z":1}},"s":1,"l":[1]}"#);
    let b = crate::values::testutil::json(r#"{"t":{"y":{"w":2}},"s":{"k":1},"l":[2]}"#);
    let (a, b) = (
        a.as_map().expect("a").clone(),
        b.as_map().expect("b").clone(),
    );
    let out = merge_maps(&a, &b);
    assert_eq!(
        gojson::marshal(&Value::Map(out.clone())).expect("json"),
        r#"{"l":[2],"s":{"k":1},"t":{"x":1,"y":{"w":2,"z":1}}}"#
    );
    // `a` is unchanged.
    assert_eq!(
        gojson::marshal(&Value::Map(a)).expect("json"),
        r#"{"l":[1],"s":1,"t":{"x":1,"y":{"z":1}}}"#
    );
}
