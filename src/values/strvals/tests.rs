use super::*;
use crate::values::options::{ValueOptions, merge_values};

#[derive(serde::Deserialize)]
struct Case {
    flag: String,
    line: String,
    v3: String,
    v4: String,
}

/// What `helm template` printed for the line alone: the values as JSON,
/// or the error after `Error: `.
fn helm_like(flag: &str, line: &str, helm: HelmVersion) -> String {
    let mut opts = ValueOptions::default();
    match flag {
        "--set" => opts.values.push(line.to_string()),
        "--set-string" => opts.string_values.push(line.to_string()),
        "--set-literal" => opts.literal_values.push(line.to_string()),
        "--set-json" => opts.json_values.push(line.to_string()),
        other => panic!("flag {other}"),
    }
    let mut read = |path: &str| Err(format!("open {path}: no such file or directory"));
    match merge_values(&opts, &mut read, None, helm) {
        Ok(m) => gojson::marshal(&Value::Map(m)).expect("json"),
        Err(e) => e.to_string(),
    }
}

/// fixtures/charts/values/strvals.jsonl: each line parsed alone by real
/// Helm 3.17.1 and 4.1.4.
#[test]
fn lines_parse_as_helm_parses_them() {
    let text =
        std::fs::read_to_string(crate::values::testutil::fixtures_dir().join("strvals.jsonl"))
            .expect("strvals.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.is_empty()) {
        let case: Case = serde_json::from_str(line).expect("case");
        for (helm, expected) in [(HelmVersion::V3, &case.v3), (HelmVersion::V4, &case.v4)] {
            count += 1;
            let got = helm_like(&case.flag, &case.line, helm);
            if &got != expected {
                failures.push(format!(
                    "{} {:?} ({helm:?})\n  ours: {got}\n  helm: {expected}",
                    case.flag, case.line
                ));
            }
        }
    }
    assert!(count > 200, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn parse_v3(kind: SetKind, line: &str) -> Result<MapRef, StrvalsError> {
    parse(kind, line, HelmVersion::V3, &mut Hooks::default())
}

#[test]
fn index_limit_is_inclusive() {
    let m = parse_v3(SetKind::Set, "a[65536]=1").expect("max index");
    let Some(Value::List(list)) = m.get("a") else {
        panic!("list")
    };
    assert_eq!(list.items.len(), 65537);
    assert_eq!(
        parse_v3(SetKind::Set, "a[65537]=1")
            .unwrap_err()
            .to_string(),
        "index of 65537 is greater than maximum supported index of 65536"
    );
}

#[test]
fn typed_values_follow_typed_val() {
    let cases: &[(&str, &str)] = &[
        ("true", "bool"),
        ("tRuE", "bool"),
        ("falſe", "bool"),
        ("null", "<nil>"),
        ("NULL", "<nil>"),
        ("0", "int64"),
        ("-0", "int64"),
        ("+12", "int64"),
        ("007", "string"),
        ("00", "string"),
        ("1.5", "string"),
        ("1e3", "string"),
        ("9223372036854775808", "string"),
        ("-9223372036854775808", "int64"),
        ("", "string"),
        ("yes", "string"),
    ];
    for (text, ty) in cases {
        assert_eq!(typed_val(text, false).type_name(), *ty, "{text}");
        assert_eq!(typed_val(text, true).type_name(), "string", "{text}");
    }
}

#[test]
fn scalars_get_origins_of_their_text() {
    let line = "a=1,b={x,yy},c.d=true,e=null";
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut mint = |span: Range<usize>| {
        spans.push(span);
        Origin(std::num::NonZeroU32::new(spans.len() as u32).expect("non-zero")).into()
    };
    let mut hooks = Hooks {
        read_file: None,
        origin: Some(&mut mint),
    };
    let m = parse(SetKind::Set, line, HelmVersion::V3, &mut hooks).expect("parses");
    let texts: Vec<&str> = spans.iter().map(|s| &line[s.clone()]).collect();
    assert_eq!(texts, ["1", "x", "yy", "true", "null"]);
    assert_eq!(
        m.get("a").and_then(|v| v.origin()).map(|o| o.0.get()),
        Some(1)
    );
    let Some(Value::List(b)) = m.get("b") else {
        panic!("list")
    };
    assert_eq!(b.items[1].origin().map(|o| o.0.get()), Some(3));
    // nil has nowhere to keep an origin.
    assert!(m.get("e").is_some_and(|v| v.is_nil()));
}

#[test]
fn json_values_get_the_origin_of_the_whole_value() {
    let line = r#"a={"b":[1,"x"]},c=2"#;
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut mint = |span: Range<usize>| {
        spans.push(span);
        Origin(std::num::NonZeroU32::new(spans.len() as u32).expect("non-zero")).into()
    };
    let mut hooks = Hooks {
        read_file: None,
        origin: Some(&mut mint),
    };
    let m = parse(SetKind::SetJson, line, HelmVersion::V3, &mut hooks).expect("parses");
    assert_eq!(&line[spans[0].clone()], r#"{"b":[1,"x"]}"#);
    assert_eq!(&line[spans[1].clone()], "2");
    let a = m.get("a").expect("a");
    let b = a.as_map().and_then(|m| m.get("b")).expect("b");
    let items = &b.as_list().expect("list").items;
    assert_eq!(items[0].type_name(), "float64");
    assert!(
        items
            .iter()
            .all(|v| v.origin().map(|o| o.0.get()) == Some(1))
    );
}

#[test]
fn set_file_reads_through_the_callback() {
    let mut asked = Vec::new();
    let mut read = |path: &str| {
        asked.push(path.to_string());
        match path {
            "ok.txt" => Ok(b"contents\n".to_vec()),
            "bin" => Ok(vec![0xff, b'a']),
            _ => Err(format!("open {path}: permission denied")),
        }
    };
    {
        let mut hooks = Hooks {
            read_file: Some(&mut read),
            origin: None,
        };
        let m = parse(
            SetKind::SetFile,
            r"a=ok.txt,b={ok.txt,bin},c=o\k.txt",
            HelmVersion::V3,
            &mut hooks,
        )
        .expect("parses");
        assert_eq!(m.get("a"), Some(Value::from("contents\n")));
        assert_eq!(
            gojson::marshal(&m.get("b").expect("b")).expect("json"),
            "[\"contents\\n\",\"\u{fffd}a\"]"
        );
        let err = parse(SetKind::SetFile, "x=secret", HelmVersion::V3, &mut hooks).unwrap_err();
        assert_eq!(err.to_string(), "open secret: permission denied");
    }
    assert_eq!(asked, ["ok.txt", "ok.txt", "bin", "ok.txt", "secret"]);
    // Without a reader nothing is read.
    let err = parse_v3(SetKind::SetFile, "a=x").unwrap_err();
    assert!(matches!(err.kind, StrvalsErrorKind::ReadFile(_)));
}

#[test]
fn errors_carry_the_offset_where_parsing_stopped() {
    let err = parse_v3(SetKind::Set, "a=1,b[x]=2").unwrap_err();
    assert_eq!(err.offset, 8);
    let err = parse_v3(SetKind::Set, "a=1,bad").unwrap_err();
    assert_eq!(err.kind, StrvalsErrorKind::NoValue("bad".into()));
    assert_eq!(err.offset, 7);
}

#[test]
fn parse_into_merges_and_fails_on_go_type_assertions() {
    let dest = new_table();
    dest.insert("f", Value::Float(1.0, None));
    dest.insert("l", Value::string_list(["x"]));
    dest.insert("m", Value::empty_map());
    parse_into(
        SetKind::Set,
        "m.k=1,n.k=2",
        &dest,
        HelmVersion::V3,
        &mut Hooks::default(),
    )
    .expect("ok");
    let e = |line: &str| {
        parse_into(
            SetKind::Set,
            line,
            &dest,
            HelmVersion::V3,
            &mut Hooks::default(),
        )
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        e("f.x=1"),
        "unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"
    );
    assert_eq!(
        e("l[0]=1"),
        "unable to parse key: interface conversion: interface {} is []string, not []interface {}"
    );
    assert_eq!(
        e("m[0]=1"),
        "unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"
    );
}

#[test]
fn very_deep_lines_are_refused_without_overflowing() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(very_deep_lines)
        .expect("thread")
        .join()
        .expect("no panic");
}

fn very_deep_lines() {
    let line = format!("a{}=1", "[0]".repeat(MAX_VALUE_DEPTH + 10));
    let err = parse_v3(SetKind::Set, &line).unwrap_err();
    assert_eq!(err.kind, StrvalsErrorKind::TooDeep);
    let line = format!("a{}=1", "[0].b".repeat(MAX_VALUE_DEPTH));
    assert_eq!(
        parse_v3(SetKind::Set, &line).unwrap_err().kind,
        StrvalsErrorKind::TooDeep
    );
    let line = format!("a={}", "[".repeat(MAX_VALUE_DEPTH + 10));
    assert_eq!(
        parse_v3(SetKind::SetJson, &line).unwrap_err().kind,
        StrvalsErrorKind::Json("exceeded max depth".into())
    );
}

/// No input makes the parser panic: every string over a small alphabet of
/// the syntax's characters up to length 5, and random longer ones.
#[test]
fn no_input_panics() {
    let alphabet: Vec<char> = "a0.[]=,{}\\ \"-1".chars().collect();
    let kinds = [
        SetKind::Set,
        SetKind::SetString,
        SetKind::SetJson,
        SetKind::SetLiteral,
        SetKind::SetFile,
    ];
    let mut run = |line: &str| {
        for kind in kinds {
            for helm in [HelmVersion::V3, HelmVersion::V4] {
                let mut read = |_: &str| Ok(b"x".to_vec());
                let mut mint = |_: Range<usize>| None;
                let mut hooks = Hooks {
                    read_file: Some(&mut read),
                    origin: Some(&mut mint),
                };
                let _ = parse(kind, line, helm, &mut hooks);
            }
        }
    };
    let mut line = String::new();
    fn each(alphabet: &[char], line: &mut String, depth: usize, run: &mut dyn FnMut(&str)) {
        run(line);
        if depth == 0 {
            return;
        }
        for &c in alphabet {
            line.push(c);
            each(alphabet, line, depth - 1, run);
            line.pop();
        }
    }
    each(&alphabet, &mut line, 4, &mut run);
    // A small xorshift for longer lines.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 40) as usize;
        let line: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        run(&line);
    }
}

#[test]
fn rune_lists_print_like_go() {
    assert_eq!(rune_list("x"), "['x']");
    assert_eq!(rune_list("x'\n"), r"['x' '\'' '\n']");
}
