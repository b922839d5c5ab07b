//! Helm's `.Files` (pkg/engine/files.go): a `map[string][]byte` of the
//! chart's `files` (everything but Chart.yaml, Chart.lock, values.yaml,
//! values.schema.json, `templates/` and the subcharts; `.helmignore`,
//! `crds/` and `charts/*.prov` are in it), with methods.
//!
//! `%T` prints `engine.files` and `kindOf` says `map` in Helm 3.17.1 and
//! 4.1.4 alike; `len`, `range` and `index` see the map underneath.
//!
//! Helm probes that fix the behaviour below (chart with conf/a.txt =
//! "line1\nline2\n", conf/b.yaml = "x: 1\n"):
//! - `(.Files.Glob "conf/*").AsConfig` is `"a.txt: |\n  line1\n  line2\nb.yaml: |\n  x: 1"`
//!   (sigs.k8s.io/yaml's Marshal, final newline trimmed);
//! - `.AsSecrets` is `"a.txt: bGluZTEKbGluZTIK\nb.yaml: eDogMQo="`;
//! - an empty group gives `"{}"` for both;
//! - `.Files.Lines` drops one final `\n` and splits on `\n`, keeping `\r`;
//!   a missing file gives `[]`, an empty file fails with Go's
//!   `runtime error: index out of range [-1]`;
//! - `.Files.Glob "["` does not compile and Helm globs `**` instead.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use gotemplate::{FuncError, MapRef, Object, ParamType, Signature, Value};

use super::ChartFile;
use super::glob::Glob;
use crate::render::funcs::gojson;

/// The `.Files` of one chart.
#[derive(Clone, Debug, Default)]
pub struct Files {
    entries: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// `%v` of the files, made once: charts that print their whole context
    /// (`dict $ ...` stringifies its keys) print it again and again, and it
    /// is four bytes for every byte of every file.
    printed: Arc<OnceLock<String>>,
}

impl Files {
    /// Helm's `newFiles`: later files of the same name win.
    pub fn new(files: &[ChartFile]) -> Self {
        let entries = files
            .iter()
            .map(|f| (f.name.clone(), f.data.clone()))
            .collect();
        Files {
            entries: Arc::new(entries),
            printed: Arc::default(),
        }
    }

    /// `.Files` as a template value.
    pub fn value(files: &[ChartFile]) -> Value {
        Value::object(Files::new(files))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Go's `%v` of the files (see `go_string`), made on first use.
    fn printed(&self) -> &str {
        self.printed.get_or_init(|| {
            let size: usize = self
                .entries
                .iter()
                .map(|(n, d)| n.len() + 4 * d.len() + 3)
                .sum();
            let mut out = String::with_capacity(size + 5);
            out.push_str("map[");
            for (i, (name, data)) in self.entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(name);
                out.push_str(":[");
                for (j, &b) in data.iter().enumerate() {
                    if j > 0 {
                        out.push(' ');
                    }
                    push_decimal(&mut out, b);
                }
                out.push(']');
            }
            out.push(']');
            out
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `GetBytes`: the data, or empty when there is no such file.
    pub fn get_bytes(&self, name: &str) -> Arc<[u8]> {
        self.entries
            .get(name)
            .cloned()
            .unwrap_or_else(|| Arc::from(&[][..]))
    }

    /// `Get`: the data as a string (invalid UTF-8 becomes U+FFFD, as
    /// everywhere a Go string meets our `str`).
    pub fn get(&self, name: &str) -> String {
        crate::text::lossy(&self.get_bytes(name)).into_owned()
    }

    /// `Glob`: the files whose names match (gobwas/glob with `/` as the
    /// separator; a pattern that does not compile matches everything).
    pub fn glob(&self, pattern: &str) -> Files {
        let glob = Glob::compile_or_everything(pattern);
        let entries = self
            .entries
            .iter()
            .filter(|(name, _)| glob.is_match(name))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Files {
            entries: Arc::new(entries),
            printed: Arc::default(),
        }
    }

    /// `Lines`: the file split on `\n`, after dropping one final `\n`.
    pub fn lines(&self, name: &str) -> Result<Vec<String>, FuncError> {
        let Some(data) = self.entries.get(name) else {
            return Ok(Vec::new());
        };
        let Some((&last, _)) = data.split_last() else {
            // Helm indexes s[len(s)-1] of an empty file.
            return Err(FuncError::new("runtime error: index out of range [-1]"));
        };
        let text = if last == b'\n' {
            &data[..data.len() - 1]
        } else {
            &data[..]
        };
        Ok(text
            .split(|&b| b == b'\n')
            .map(|line| crate::text::lossy(line).into_owned())
            .collect())
    }

    /// `AsConfig`: `base name: content` as YAML, for a ConfigMap's data.
    pub fn as_config(&self) -> String {
        self.to_yaml_by_base_name(gojson::lossy_string)
    }

    /// `AsSecrets`: `base name: base64(content)` as YAML, for a Secret.
    pub fn as_secrets(&self) -> String {
        self.to_yaml_by_base_name(gojson::base64_std)
    }

    /// Helm's `toYAML` of `map[path.Base(name)]text`: sigs.k8s.io/yaml's
    /// Marshal without the final newline, or "" on failure. Helm ranges over
    /// a Go map, so which of two files with the same base name wins is
    /// random; here the last in name order wins.
    fn to_yaml_by_base_name(&self, text: impl Fn(&[u8]) -> String) -> String {
        let mut by_base: BTreeMap<Arc<str>, Value> = BTreeMap::new();
        for (name, data) in self.entries.iter() {
            by_base.insert(Arc::from(go_path_base(name)), Value::from(text(data)));
        }
        match crate::yaml::to_yaml(&Value::Map(MapRef::from_entries(by_base))) {
            Ok(yaml) => yaml.strip_suffix('\n').unwrap_or(&yaml).to_string(),
            Err(_) => String::new(),
        }
    }

    /// The map underneath, as `index`, `range` and JSON see it.
    fn as_map(&self) -> Value {
        let entries = self
            .entries
            .iter()
            .map(|(k, v)| (Arc::from(k.as_str()), Value::Bytes(v.clone())))
            .collect();
        Value::Map(MapRef::from_entries(entries))
    }
}

/// Go's `path.Base`.
fn go_path_base(name: &str) -> &str {
    if name.is_empty() {
        return ".";
    }
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

const ONE_STRING: Signature = Signature::fixed(&[ParamType::String]);
const NO_ARGS: Signature = Signature::fixed(&[]);

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }

    fn kind(&self) -> &str {
        "map"
    }

    fn method(&self, name: &str) -> Option<Signature> {
        match name {
            "Get" | "GetBytes" | "Glob" | "Lines" => Some(ONE_STRING),
            "AsConfig" | "AsSecrets" => Some(NO_ARGS),
            _ => None,
        }
    }

    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        let arg = args.first().and_then(Value::as_str).unwrap_or("");
        Ok(match name {
            // Go strings hold any bytes; ours are UTF-8, so a binary file
            // comes back as its bytes, which the encoders take as a string.
            "Get" => match std::str::from_utf8(&self.get_bytes(arg)) {
                Ok(_) => Value::from(self.get(arg)),
                Err(_) => Value::Bytes(self.get_bytes(arg)),
            },
            "GetBytes" => Value::Bytes(self.get_bytes(arg)),
            "Glob" => Value::object(self.glob(arg)),
            "Lines" => Value::string_list(self.lines(arg)?),
            "AsConfig" => Value::from(self.as_config()),
            "AsSecrets" => Value::from(self.as_secrets()),
            _ => return Err(FuncError::new(format!("no method {name}"))),
        })
    }

    /// Go's `%v` of a `map[string][]byte`: `map[a:[104 105] b:[]]`.
    fn go_string(&self) -> String {
        self.printed().to_string()
    }

    fn write_go_string(&self, out: &mut String) {
        out.push_str(self.printed());
    }

    /// A Go map is true when it has entries.
    fn is_truthy(&self) -> bool {
        !self.entries.is_empty()
    }

    fn len(&self) -> Option<usize> {
        Some(self.entries.len())
    }

    fn as_value(&self) -> Option<Value> {
        Some(self.as_map())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Appends `b` in decimal, as `%v` prints a byte.
fn push_decimal(out: &mut String, b: u8) {
    if b >= 100 {
        out.push(char::from(b'0' + b / 100));
    }
    if b >= 10 {
        out.push(char::from(b'0' + b / 10 % 10));
    }
    out.push(char::from(b'0' + b % 10));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &[u8])]) -> Files {
        let list: Vec<ChartFile> = entries
            .iter()
            .map(|(name, data)| ChartFile {
                name: name.to_string(),
                data: Arc::from(*data),
            })
            .collect();
        Files::new(&list)
    }

    fn probe_files() -> Files {
        files(&[
            (".helmignore", b"# comment\n"),
            ("README.md", b"hi\n"),
            ("conf/a.txt", b"line1\nline2\n"),
            ("conf/b.yaml", b"x: 1\n"),
            ("crds/c.yaml", b"x\n"),
        ])
    }

    #[test]
    fn methods_match_helm() {
        let f = probe_files();
        let conf = f.glob("conf/*");
        assert_eq!(conf.len(), 2);
        assert_eq!(
            conf.as_config(),
            "a.txt: |\n  line1\n  line2\nb.yaml: |\n  x: 1"
        );
        assert_eq!(
            conf.as_secrets(),
            "a.txt: bGluZTEKbGluZTIK\nb.yaml: eDogMQo="
        );
        assert_eq!(f.glob("zzz/*").as_config(), "{}");
        assert_eq!(f.glob("zzz/*").as_secrets(), "{}");
        assert_eq!(f.lines("conf/a.txt").expect("lines"), ["line1", "line2"]);
        assert!(f.lines("nope").expect("lines").is_empty());
        assert_eq!(f.get("conf/a.txt"), "line1\nline2\n");
        assert_eq!(f.get("nope"), "");
        assert_eq!(f.glob("[").len(), 5);
        assert_eq!(f.glob("*").len(), 2);
    }

    #[test]
    fn lines_and_configs_of_odd_files() {
        // helm template printed these for the same files.
        let f = files(&[
            ("f/nonl", b"a\n\nb"),
            ("f/crlf", b"a\r\nb\r\n"),
            ("f/nl", b"\n"),
            ("f/twonl", b"x\n\n"),
            ("f/empty", b""),
            ("f/bin", b"\xff\xfe bin"),
            ("f/key: x", b"v"),
            ("f/yes", b"v"),
            ("f/1.5", b"v"),
            ("f/multi", b"multi\n  indented\ntrail  \n"),
        ]);
        assert_eq!(f.lines("f/nonl").expect("ok"), ["a", "", "b"]);
        assert_eq!(f.lines("f/crlf").expect("ok"), ["a\r", "b\r"]);
        assert_eq!(f.lines("f/nl").expect("ok"), [""]);
        assert_eq!(f.lines("f/twonl").expect("ok"), ["x", ""]);
        assert_eq!(
            f.lines("f/empty").expect_err("panics in Go").message,
            "runtime error: index out of range [-1]"
        );
        assert_eq!(
            f.glob("f/*").as_config(),
            "\"1.5\": v\nbin: \u{fffd}\u{fffd} bin\ncrlf: \"a\\r\\nb\\r\\n\"\nempty: \"\"\n'key: x': v\nmulti: \"multi\\n  indented\\ntrail  \\n\"\nnl: |2+\n\nnonl: |-\n  a\n\n  b\ntwonl: |+\n  x\n\n\"yes\": v"
        );
        assert_eq!(
            f.glob("f/*").as_secrets(),
            "\"1.5\": dg==\nbin: //4gYmlu\ncrlf: YQ0KYg0K\nempty: \"\"\n'key: x': dg==\nmulti: bXVsdGkKICBpbmRlbnRlZAp0cmFpbCAgCg==\nnl: Cg==\nnonl: YQoKYg==\ntwonl: eAoK\n\"yes\": dg=="
        );
        let names: Vec<String> = f.glob("f/[a-c]*").entries.keys().cloned().collect();
        assert_eq!(names, ["f/bin", "f/crlf"]);
    }

    #[test]
    fn object_face_matches_helm() {
        let f = probe_files();
        assert_eq!(f.type_name(), "engine.files");
        assert_eq!(f.kind(), "map");
        assert_eq!(Object::len(&f), Some(5));
        assert_eq!(
            f.go_string(),
            "map[.helmignore:[35 32 99 111 109 109 101 110 116 10] README.md:[104 105 10] conf/a.txt:[108 105 110 101 49 10 108 105 110 101 50 10] conf/b.yaml:[120 58 32 49 10] crds/c.yaml:[120 10]]"
        );
        let json = gojson::marshal(&f.as_map()).expect("json");
        assert_eq!(
            json,
            "{\".helmignore\":\"IyBjb21tZW50Cg==\",\"README.md\":\"aGkK\",\"conf/a.txt\":\"bGluZTEKbGluZTIK\",\"conf/b.yaml\":\"eDogMQo=\",\"crds/c.yaml\":\"eAo=\"}"
        );
        assert!(!Files::default().is_truthy());
        let Value::Object(glob) = f
            .call_method("Glob", vec![Value::from("conf/*")])
            .expect("glob")
        else {
            panic!("Glob returns files");
        };
        assert_eq!(glob.type_name(), "engine.files");
        // The glob has its own printed text, not the whole chart's.
        assert_eq!(
            glob.go_string(),
            "map[conf/a.txt:[108 105 110 101 49 10 108 105 110 101 50 10] conf/b.yaml:[120 58 32 49 10]]"
        );
        // Printed again, from the kept text, and appended in place.
        let mut out = String::from("x ");
        f.write_go_string(&mut out);
        assert_eq!(out, format!("x {}", f.go_string()));
    }

    /// The c1 probe template, rendered by `helm template` (3.17.1 and
    /// 4.1.4 printed the same).
    #[test]
    fn templates_see_files_as_helm_does() {
        use crate::render::funcs::{FuncOptions, helm_funcs};
        use gotemplate::{MissingKey, TemplateSet};
        let template = r#"# type: {{ printf "%T" .Files }} {{ typeOf .Files }}
# kind: {{ kindOf .Files }}
# len: {{ len .Files }}
# keys: {{ range $k, $v := .Files }}{{ $k }},{{ end }}
# glob: {{ .Files.Glob "conf/*" | len }} {{ typeOf (.Files.Glob "conf/*") }}
# cfg: {{ (.Files.Glob "conf/*").AsConfig | quote }}
# lines: {{ .Files.Lines "conf/a.txt" | toJson }}
# linesmissing: {{ .Files.Lines "nope" | toJson }}
# get: {{ .Files.Get "conf/a.txt" | quote }}
# getbytes: {{ .Files.GetBytes "conf/a.txt" | printf "%T" }}
# idx: {{ printf "%T" (index .Files "conf/a.txt") }}
# json: {{ .Files | toJson }}
# v: {{ printf "%v" .Files }}
# yaml: {{ .Files | toYaml | quote }}
# bad glob: {{ .Files.Glob "[" | len }}
# if: {{ if .Files }}yes{{ end }}{{ if .Files.Glob "zzz" }}no{{ end }}"#;
        let expected = r#"# type: engine.files engine.files
# kind: map
# len: 5
# keys: .helmignore,README.md,conf/a.txt,conf/b.yaml,crds/c.yaml,
# glob: 2 engine.files
# cfg: "a.txt: |\n  line1\n  line2\nb.yaml: |\n  x: 1"
# lines: ["line1","line2"]
# linesmissing: []
# get: "line1\nline2\n"
# getbytes: []uint8
# idx: []uint8
# json: {".helmignore":"IyBjb21tZW50Cg==","README.md":"aGkK","conf/a.txt":"bGluZTEKbGluZTIK","conf/b.yaml":"eDogMQo=","crds/c.yaml":"eAo="}
# v: map[.helmignore:[35 32 99 111 109 109 101 110 116 10] README.md:[104 105 10] conf/a.txt:[108 105 110 101 49 10 108 105 110 101 50 10] conf/b.yaml:[120 58 32 49 10] crds/c.yaml:[120 10]]
# yaml: ".helmignore: IyBjb21tZW50Cg==\nREADME.md: aGkK\nconf/a.txt: bGluZTEKbGluZTIK\nconf/b.yaml: eDogMQo=\ncrds/c.yaml: eAo="
# bad glob: 5
# if: yes"#;
        let mut set = TemplateSet::new(helm_funcs(&FuncOptions::default()));
        set.options.missing_key = MissingKey::Zero;
        set.parse("t", template).expect("parses");
        let data = Value::map(
            [(Arc::from("Files"), Value::object(probe_files()))]
                .into_iter()
                .collect(),
        );
        let out = set.execute("t", &data).expect("runs");
        for (ours, helm) in out.text.lines().zip(expected.lines()) {
            assert_eq!(ours, helm);
        }
        assert_eq!(out.text.lines().count(), expected.lines().count());
    }
}
