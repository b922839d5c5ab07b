//! Helm's YAML output: `toYaml` (sigs.k8s.io/yaml `Marshal`: Go's JSON
//! encoding, read back by go-yaml v2, then v2's encoder) and `toYamlPretty`
//! (go-yaml v3's `Encoder` with `SetIndent(2)` straight on the Go value).

use gotemplate::Value;

use super::emit::{Emitter, Event, Flavor, ScalarStyle};
use super::resolve::{self, Resolved};
use crate::render::funcs::gojson::{self, JsonError};

/// The depth at which encoding gives up, to bound recursion.
const MAX_DEPTH: usize = 10000;

/// sigs.k8s.io/yaml's `Marshal(v)`: the YAML text with its final newline,
/// or Go's error (`error marshaling into JSON: json: unsupported value: NaN`).
pub fn to_yaml(v: &Value) -> Result<String, String> {
    // json.Marshal runs first: its errors (NaN, infinities) win.
    gojson::marshal(v).map_err(|e| format!("error marshaling into JSON: {e}"))?;
    let mut emitter = Emitter::new(Flavor::V2, 2);
    let mut events = Vec::new();
    events.push(Event::StreamStart);
    events.push(Event::DocumentStart);
    v2_events(v, &mut events, 0).map_err(|e| format!("error marshaling into JSON: {e}"))?;
    events.push(Event::DocumentEnd);
    for event in events {
        emitter.emit(event)?;
    }
    emitter.finish()?;
    Ok(String::from_utf8_lossy(&emitter.out).into_owned())
}

/// go-yaml v3's `Encoder.Encode(v)` with a two-space indent (Helm's
/// `toYamlPretty`, before it trims the final newline). Helm 3 has v3.0.1,
/// Helm 4 v3.0.4.
pub fn to_yaml_pretty(v: &Value, helm4: bool) -> String {
    let flavor = if helm4 { Flavor::V3Fixed } else { Flavor::V3 };
    let mut emitter = Emitter::new(flavor, 2);
    let mut events = vec![Event::StreamStart, Event::DocumentStart];
    v3_events(v, &mut events, 0);
    events.push(Event::DocumentEnd);
    for event in events {
        if emitter.emit(event).is_err() {
            return String::new();
        }
    }
    String::from_utf8_lossy(&emitter.out).into_owned()
}

/// The value of a Helm object as JSON and YAML encoding see it.
fn object_value(obj: &dyn gotemplate::Object) -> Value {
    match obj.as_value() {
        Some(v) => v,
        None if obj.is_stringer() => Value::from(obj.go_string()),
        None => Value::empty_map(),
    }
}

/// The events v2 emits for the value go-yaml reads back from Go's JSON of
/// `v`: JSON numbers re-typed by v2's resolver, `[]byte` as base64 text.
fn v2_events(v: &Value, events: &mut Vec<Event>, depth: usize) -> Result<(), JsonError> {
    if depth > MAX_DEPTH {
        return Err(JsonError("json: exceeded max depth".to_string()));
    }
    match v {
        Value::Nil => events.push(plain("null")),
        Value::Bool(b, _) => events.push(plain(if *b { "true" } else { "false" })),
        Value::Int(i) | Value::Int64(i, _) => events.push(v2_number(&i.to_string())),
        Value::Float(f, _) => events.push(v2_number(&gojson::json_float(*f)?)),
        Value::String(s, _) => events.push(v2_string(s.as_bytes())),
        Value::Bytes(b) => events.push(v2_string(gojson::base64_std(b).as_bytes())),
        Value::List(list) => {
            events.push(Event::SequenceStart);
            for item in &list.items {
                v2_events(item, events, depth + 1)?;
            }
            events.push(Event::SequenceEnd);
        }
        Value::Map(map) => {
            let mut entries = map.entries();
            sort_by_less(&mut entries, |a, b| key_less(&a.0, &b.0, false));
            events.push(Event::MappingStart);
            for (k, item) in &entries {
                events.push(v2_string(k.as_bytes()));
                v2_events(item, events, depth + 1)?;
            }
            events.push(Event::MappingEnd);
        }
        Value::Object(obj) => v2_events(&object_value(obj.as_ref()), events, depth + 1)?,
    }
    Ok(())
}

fn plain(s: &str) -> Event {
    Event::Scalar(s.as_bytes().to_vec(), ScalarStyle::Plain)
}

/// A JSON number as go-yaml v2 resolves and re-encodes it: integers stay
/// integers (`uint64` above `MaxInt64`), others become float64 printed
/// with `%g`-like shortest formatting (`1e+06`, `1e-07`).
fn v2_number(text: &str) -> Event {
    match resolve::resolve_v2("", text) {
        Ok((_, Resolved::Int(i))) => plain(&i.to_string()),
        Ok((_, Resolved::Uint(u))) => plain(&u.to_string()),
        Ok((_, Resolved::Float(f))) => plain(&go_yaml_float(f)),
        _ => plain(text),
    }
}

/// go-yaml's `floatv`: `strconv.FormatFloat(f, 'g', -1, 64)` with YAML's
/// spellings of the infinities and NaN.
fn go_yaml_float(f: f64) -> String {
    let s = gojson::format_float(f, 'g', 64);
    match s.as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        _ => s,
    }
}

/// Go's JSON round trip of a string (invalid UTF-8 becomes U+FFFD), then
/// v2's `stringv`: a literal block for text with a line break, plain when
/// the text would read back as a string, else double-quoted.
fn v2_string(s: &[u8]) -> Event {
    let text = json_roundtrip(s);
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else if v2_can_use_plain(&text) {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    };
    Event::Scalar(text.into_bytes(), style)
}

fn v2_can_use_plain(s: &str) -> bool {
    matches!(resolve::resolve_v2("", s), Ok((tag, _)) if tag == resolve::STR_TAG)
        && !resolve::is_base60_float(s)
}

fn json_roundtrip(s: &[u8]) -> String {
    match std::str::from_utf8(s) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let mut out = String::new();
            let mut i = 0;
            while i < s.len() {
                match gojson::decode_rune(&s[i..]) {
                    Some((c, n)) => {
                        out.push(c);
                        i += n;
                    }
                    None => {
                        out.push('\u{fffd}');
                        i += 1;
                    }
                }
            }
            out
        }
    }
}

/// v3's encoding of a Go value.
fn v3_events(v: &Value, events: &mut Vec<Event>, depth: usize) {
    if depth > MAX_DEPTH {
        events.push(plain("null"));
        return;
    }
    match v {
        Value::Nil => events.push(plain("null")),
        Value::Bool(b, _) => events.push(plain(if *b { "true" } else { "false" })),
        Value::Int(i) | Value::Int64(i, _) => events.push(plain(&i.to_string())),
        Value::Float(f, _) => events.push(plain(&go_yaml_float(*f))),
        Value::String(s, _) => events.push(v3_string(s)),
        // A []byte is a slice of uint8 to v3: a sequence of numbers.
        Value::Bytes(b) => {
            events.push(Event::SequenceStart);
            for byte in b.iter() {
                events.push(plain(&byte.to_string()));
            }
            events.push(Event::SequenceEnd);
        }
        Value::List(list) => {
            events.push(Event::SequenceStart);
            for item in &list.items {
                v3_events(item, events, depth + 1);
            }
            events.push(Event::SequenceEnd);
        }
        Value::Map(map) => {
            let mut entries = map.entries();
            sort_by_less(&mut entries, |a, b| key_less(&a.0, &b.0, true));
            events.push(Event::MappingStart);
            for (k, item) in &entries {
                events.push(v3_string(k));
                v3_events(item, events, depth + 1);
            }
            events.push(Event::MappingEnd);
        }
        Value::Object(obj) => v3_events(&object_value(obj.as_ref()), events, depth + 1),
    }
}

/// v3's `stringv`: also quotes the YAML 1.1 booleans v3 no longer reads.
fn v3_string(s: &str) -> Event {
    let can_use_plain =
        resolve::resolve_v3_is_str(s) && !(resolve::is_base60_float(s) || resolve::is_old_bool(s));
    let style = if s.contains('\n') {
        ScalarStyle::Literal
    } else if can_use_plain {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    };
    Event::Scalar(s.as_bytes().to_vec(), style)
}

/// Go's `unicode.IsLetter`; non-ASCII letters by Rust's Alphabetic
/// property, which is close to Go's L categories.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit` (category Nd); non-ASCII by Rust's numeric
/// property, which also counts a few other number forms.
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// go-yaml's `keyList.Less` for string keys: a "natural" order where runs
/// of digits compare by value and letters sort after other characters.
/// v3 adds a rule for a letter following a common run of digits.
pub fn key_less(a: &str, b: &str, v3: bool) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut digits = false;
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            digits = is_digit(ar[i]);
            i += 1;
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if v3 && digits { al } else { bl };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(i64::from(ar[ai] as u32) - i64::from(b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(i64::from(br[bi] as u32) - i64::from(b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// A stable merge sort driven by a `less` function. go-yaml uses Go's
/// `sort.Sort`; for a consistent `less` on distinct keys every sort gives
/// the same order, and unlike `slice::sort_by` this never panics when
/// `less` is not a total order.
fn sort_by_less<T: Clone>(items: &mut [T], less: impl Fn(&T, &T) -> bool + Copy) {
    let n = items.len();
    if n < 2 {
        return;
    }
    if n <= 12 {
        // Go's sort uses insertion sort for short slices too.
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(&items[j], &items[j - 1]) {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mid = n / 2;
    sort_by_less(&mut items[..mid], less);
    sort_by_less(&mut items[mid..], less);
    let mut merged = Vec::with_capacity(n);
    let (mut i, mut j) = (0, mid);
    while i < mid && j < n {
        if less(&items[j], &items[i]) {
            merged.push(items[j].clone());
            j += 1;
        } else {
            merged.push(items[i].clone());
            i += 1;
        }
    }
    merged.extend_from_slice(&items[i..mid]);
    merged.extend_from_slice(&items[j..n]);
    items.clone_from_slice(&merged);
}
