//! Engine behaviour that the Helm golden cases can't reach: the missingkey
//! modes other than Helm's, limits, the source map and value origins.
//! Expected results follow Go's text/template documentation and source.

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::Arc;

use gotemplate::{Error, FuncMap, MissingKey, Origin, ParamType, Signature, TemplateSet, Value};

fn data(pairs: &[(&str, Value)]) -> Value {
    let values: BTreeMap<Arc<str>, Value> = pairs
        .iter()
        .map(|(k, v)| (Arc::from(*k), v.clone()))
        .collect();
    let mut top = BTreeMap::new();
    top.insert(Arc::from("Values"), Value::map(values));
    Value::map(top)
}

fn run(set: &mut TemplateSet, text: &str, data: &Value) -> Result<String, Error> {
    set.parse("t", text)?;
    set.execute("t", data).map(|o| o.text)
}

fn with_include() -> FuncMap {
    let mut funcs = FuncMap::new();
    funcs.insert(
        "include",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let name = args[0].as_str().unwrap_or_default().to_string();
            ctx.execute_template(&name, args[1].clone())
                .map(Value::from)
                .map_err(Into::into)
        },
    );
    funcs.insert(
        "tpl",
        Signature::fixed(&[ParamType::String, ParamType::Any]),
        |ctx, args| {
            let text = args[0].as_str().unwrap_or_default().to_string();
            ctx.parse_and_execute("tpl", &text, args[1].clone())
                .map(Value::from)
                .map_err(Into::into)
        },
    );
    funcs
}

#[test]
fn missingkey_default_gives_no_value_and_chains_silently() {
    let mut set = TemplateSet::new(FuncMap::new());
    let out = run(
        &mut set,
        "{{ .Values.nope }}|{{ .Values.nope.deeper }}",
        &data(&[]),
    )
    .unwrap();
    assert_eq!(out, "<no value>|<no value>");
}

#[test]
fn missingkey_zero_makes_nested_access_a_nil_pointer_error() {
    let mut set = TemplateSet::new(FuncMap::new());
    set.options.missing_key = MissingKey::Zero;
    let err = run(&mut set, "{{ .Values.nope.deeper }}", &data(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "template: t:1:10: executing \"t\" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper"
    );
}

#[test]
fn missingkey_error_reports_the_key() {
    let mut set = TemplateSet::new(FuncMap::new());
    set.options.missing_key = MissingKey::Error;
    let err = run(&mut set, "{{ .Values.nope }}", &data(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "template: t:1:10: executing \"t\" at <.Values.nope>: map has no entry for key \"nope\""
    );
}

#[test]
fn template_recursion_stops_at_the_depth_limit() {
    let mut set = TemplateSet::new(FuncMap::new());
    set.options.max_template_depth = 500;
    let err = run(
        &mut set,
        "{{ define \"a\" }}{{ template \"a\" . }}{{ end }}{{ template \"a\" . }}",
        &data(&[]),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("exceeded maximum template depth (500)"),
        "{err}"
    );
}

#[test]
fn go_default_template_depth_is_reached_without_overflowing_the_stack() {
    // Go's own limit is 100000 nested template calls; the executor grows its
    // stack on the heap, so it gets there and reports Go's message.
    let mut set = TemplateSet::new(FuncMap::new());
    let err = run(
        &mut set,
        "{{ define \"a\" }}{{ template \"a\" . }}{{ end }}{{ template \"a\" . }}",
        &data(&[]),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("exceeded maximum template depth (100000)"),
        "{err}"
    );
}

#[test]
fn include_recursion_stops_at_the_call_depth_limit() {
    let mut set = TemplateSet::new(with_include());
    set.options.max_call_depth = 50;
    let err = run(
        &mut set,
        "{{ define \"a\" }}{{ include \"a\" . }}{{ end }}{{ include \"a\" . }}",
        &data(&[]),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("nested more than 50 deep"),
        "{err}"
    );
}

#[test]
fn ten_thousand_nested_parens_get_a_clear_error_not_a_crash() {
    let text = format!("{{{{ {}1{} }}}}", "(".repeat(10_001), ")".repeat(10_001));
    let mut set = TemplateSet::new(FuncMap::new());
    let err = set.parse("t", &text).unwrap_err();
    assert!(err.to_string().contains("nested more than 10000"), "{err}");
}

#[test]
fn ten_thousand_nested_ifs_get_a_clear_error_not_a_crash() {
    let text = format!(
        "{}x{}",
        "{{ if 1 }}".repeat(10_001),
        "{{ end }}".repeat(10_001)
    );
    let mut set = TemplateSet::new(FuncMap::new());
    let err = set.parse("t", &text).unwrap_err();
    assert!(err.to_string().contains("nested more than 10000"), "{err}");
}

#[test]
fn deep_but_allowed_nesting_parses_and_runs() {
    let text = format!(
        "{}x{}",
        "{{ if 1 }}".repeat(5_000),
        "{{ end }}".repeat(5_000)
    );
    let mut set = TemplateSet::new(FuncMap::new());
    assert_eq!(run(&mut set, &text, &data(&[])).unwrap(), "x");
}

#[test]
fn output_limit_stops_runaway_output() {
    let mut set = TemplateSet::new(FuncMap::new());
    set.options.max_output_bytes = Some(100);
    let items = Value::from(vec![Value::Int(0); 1000]);
    let err = run(
        &mut set,
        "{{ range .Values.items }}0123456789{{ end }}",
        &data(&[("items", items)]),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("output exceeds the limit of 100 bytes"),
        "{err}"
    );
}

#[test]
fn source_map_points_output_at_template_spans_and_value_origins() {
    let origin = Origin(NonZeroU32::new(7).unwrap());
    let mut set = TemplateSet::new(FuncMap::new());
    set.options.source_map = true;
    let text = "image: {{ .Values.tag }}\n";
    set.parse("t", text).unwrap();
    let out = set
        .execute(
            "t",
            &data(&[("tag", Value::from("1.0").with_origin(Some(origin)))]),
        )
        .unwrap();
    assert_eq!(out.text, "image: 1.0\n");
    let printed = out.source_map.lookup(8).unwrap();
    assert_eq!(&text[printed.span.clone()], "{{ .Values.tag }}");
    assert_eq!(printed.origin, Some(origin));
    let literal = out.source_map.lookup(0).unwrap();
    assert_eq!(&text[literal.span.clone()], "image: ");
    assert_eq!(literal.origin, None);
}

#[test]
fn tpl_definitions_are_visible_only_while_tpl_runs() {
    let mut set = TemplateSet::new(with_include());
    let out = run(
        &mut set,
        "{{ tpl \"{{ define \\\"d\\\" }}D{{ end }}{{ include \\\"d\\\" . }}\" . }}",
        &data(&[]),
    )
    .unwrap();
    assert_eq!(out, "D");
    assert!(set.lookup("d").is_none());
}

#[test]
fn set_on_a_shared_map_is_seen_by_every_holder() {
    let mut funcs = FuncMap::new();
    funcs.insert_plain(
        "set",
        Signature::fixed(&[ParamType::Map, ParamType::String, ParamType::Any]),
        |args| {
            if let (Value::Map(m), Some(k)) = (&args[0], args[1].as_str()) {
                m.insert(k, args[2].clone());
            }
            Ok(args[0].clone())
        },
    );
    let mut set = TemplateSet::new(funcs);
    let out = run(
        &mut set,
        "{{ $m := .Values }}{{ $_ := set $m \"x\" \"y\" }}{{ .Values.x }}",
        &data(&[]),
    )
    .unwrap();
    assert_eq!(out, "y");
}

/// Files with the same text (a subchart's copy of a library) are parsed
/// once; each must still behave as its own parse.
#[test]
fn same_text_in_two_files_behaves_as_two_parses() {
    let text = "{{ define \"lib.name\" }}n{{ end }}top {{ .Values.x.y }}";
    let mut set = TemplateSet::new(FuncMap::new());
    set.parse("a/templates/_lib.tpl", text).expect("parses");
    set.parse("b/templates/_lib.tpl", text).expect("parses");
    let dot = data(&[("x", Value::Nil)]);
    for file in ["a/templates/_lib.tpl", "b/templates/_lib.tpl"] {
        let tree = set.lookup(file).expect("top level under the file's name");
        assert_eq!(&*tree.name, file);
        assert_eq!(&*tree.parse_name, file);
        // Errors name the file that ran.
        let err = set
            .execute(file, &dot)
            .expect_err("nil pointer")
            .to_string();
        assert!(err.starts_with(&format!("template: {file}:1:")), "{err}");
    }
    // The definition is the last file's, as Go's associate leaves it.
    let lib = set.lookup("lib.name").expect("defined");
    assert_eq!(&*lib.parse_name, "b/templates/_lib.tpl");
}

/// A text that defines a template named like the file it is parsed as
/// parses differently under another name, so it is not reused.
#[test]
fn text_naming_its_own_file_is_parsed_again() {
    let text = "{{ define \"b\" }}inner{{ end }}";
    let mut set = TemplateSet::new(FuncMap::new());
    set.parse("a", text).expect("parses");
    set.parse("b", text).expect("parses");
    let out = set.execute("b", &Value::Nil).expect("runs").text;
    // As b, the definition replaces the empty top level.
    assert_eq!(out, "inner");
    assert_eq!(set.execute("a", &Value::Nil).expect("runs").text, "");
}
