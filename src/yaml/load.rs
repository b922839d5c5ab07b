//! Loading YAML as Helm does: sigs.k8s.io/yaml's `Unmarshal`, i.e. go-yaml
//! v2 decodes the first document into `interface{}` values, the result is
//! made JSON-compatible (non-string keys become strings), marshalled to
//! JSON and unmarshalled again, so every number ends up a float64.
//!
//! Parsing uses saphyr's event stream; typing, merge keys, aliases and the
//! error texts follow go-yaml v2.4.0.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use gotemplate::{ElemType, MapRef, Origin, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::flow::{self, Pad};
use super::resolve::{self, Resolved};
use super::{Position, YamlError};

/// How deep values may nest. go-yaml's scanner stops at 10000 levels
/// ("exceeded max depth of 10000"); our decoder recurses, so it stops
/// earlier to stay within a thread's stack.
pub const MAX_DEPTH: usize = 1000;

/// Where a node starts and ends in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Scalar,
    Sequence,
    Mapping,
    Alias,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Node {
    pub(super) kind: Kind,
    /// The full tag (`tag:yaml.org,2002:int`, `!foo`, `!`), or empty.
    pub(super) tag: String,
    pub(super) value: String,
    /// libyaml's `plain_implicit`: a plain scalar without a tag, or tagged
    /// with the non-specific `!`.
    pub(super) implicit: bool,
    pub(super) span: NodeSpan,
    pub(super) children: Vec<usize>,
    /// For aliases: the anchor's name and the node it refers to.
    pub(super) anchor_name: String,
    pub(super) target: usize,
}

/// Maps saphyr's character indices to byte offsets and positions in the
/// original text (saphyr may see it with lines padded, see [`flow`]).
///
/// [`flow`]: super::flow
struct Offsets<'a> {
    text: &'a str,
    /// Byte offset of each char, when the text is not ASCII.
    table: Option<Vec<u32>>,
    /// The pads saphyr's text has, each with its start in saphyr's text
    /// (char index) and the number of chars inserted before it.
    pads: Vec<(usize, usize, Pad)>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, pads: &[Pad]) -> Self {
        let table = if text.is_ascii() {
            None
        } else {
            let mut t: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            t.push(text.len() as u32);
            Some(t)
        };
        let mut inserted = 0;
        let pads = pads
            .iter()
            .map(|&pad| {
                let entry = (pad.char_index + inserted, inserted, pad);
                inserted += pad.count;
                entry
            })
            .collect();
        Offsets { text, table, pads }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.text.len()),
            Some(t) => t.get(char_index).map_or(self.text.len(), |&b| b as usize),
        }
    }

    fn position(&self, m: &saphyr_parser::Marker) -> Position {
        let (index, col) = self.unpad(m.index(), m.line(), m.col());
        Position {
            offset: self.byte(index),
            line: m.line(),
            column: col + 1,
        }
    }

    /// The char index and 0-based column in the original text of a place
    /// in saphyr's text. A place inside a pad is the start of its line.
    fn unpad(&self, index: usize, line: usize, col: usize) -> (usize, usize) {
        let k = self.pads.partition_point(|&(start, _, _)| start <= index);
        let Some(&(start, before, pad)) = k.checked_sub(1).and_then(|k| self.pads.get(k)) else {
            return (index, col);
        };
        let col = if pad.line == line {
            col.saturating_sub(pad.count)
        } else {
            col
        };
        if index < start + pad.count {
            (pad.char_index, col)
        } else {
            (index - before - pad.count, col)
        }
    }
}

/// The first document as a node tree, or `None` for a stream without
/// documents.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
    pub(super) root: Option<usize>,
}

pub(super) fn parse_tree(text: &str) -> Result<Tree, YamlError> {
    match super::fast::parse(text) {
        Some(tree) => Ok(tree),
        None => parse_tree_slow(text),
    }
}

/// The full parser, for any input; [`super::fast`] must agree with it.
pub(super) fn parse_tree_slow(text: &str) -> Result<Tree, YamlError> {
    check_characters(text)?;
    check_directives(text)?;
    // libyaml's view of flow collections and quoted scalars: the lines
    // saphyr needs padded, and errors saphyr does not see.
    let layout = flow::scan(text);
    let earlier = |error: YamlError, other: Option<YamlError>| match other {
        Some(other) if offset_of(&other) <= offset_of(&error) => other,
        _ => error,
    };
    let fixed = match super::tabs::check(text) {
        Ok(fixed) => fixed,
        Err(e) => return Err(earlier(e, layout.error)),
    };
    // go-yaml parses an empty input as a single line break.
    let source: &str = if text.is_empty() { "\n" } else { &fixed };
    let parsed = match parse_source(text, source, &[]) {
        Err(f) if f.indentation && !layout.pads.is_empty() => {
            // Lines in flow collections and quoted scalars that saphyr finds
            // under-indented: pad them and parse again.
            parse_source(text, &flow::apply(source, &layout.pads), &layout.pads)
        }
        other => other,
    };
    match (parsed, layout.error) {
        (parsed, None) => parsed.map_err(|f| f.error),
        (Ok(_), Some(e)) => Err(e),
        // A YAML 1.2 rule libyaml does not have: libyaml gets further.
        (Err(f), Some(e)) if f.yaml12_only => Err(e),
        (Err(f), other) => Err(earlier(f.error, other)),
    }
}

fn offset_of(error: &YamlError) -> usize {
    error.position.map_or(0, |p| p.offset)
}

/// A failed parse: the error, whether it is one of saphyr's indentation
/// errors, which libyaml does not have in flow collections and quoted
/// scalars (see [`flow`]), and whether it enforces any other YAML 1.2 rule
/// libyaml does not know.
struct Failure {
    error: YamlError,
    indentation: bool,
    yaml12_only: bool,
}

impl From<YamlError> for Failure {
    fn from(error: YamlError) -> Self {
        Failure {
            error,
            indentation: false,
            yaml12_only: false,
        }
    }
}

impl Failure {
    fn new(text: &str, offsets: &Offsets<'_>, e: &ScanError) -> Self {
        let indentation = matches!(
            e.info(),
            "invalid indentation"
                | "invalid indentation in flow construct"
                | "invalid indentation in quoted scalar"
        );
        let yaml12_only = indentation
            || matches!(
                e.info(),
                "':' may not precede any of `[{` in flow mapping"
                    | "illegal placement of ':' indicator"
                    | "\"-\" is only valid inside a block"
                    | "plain scalar cannot start with '-' followed by ,[]{}"
                    | "comments must be separated from other tokens by whitespace"
                    | "':' must be followed by a valid YAML whitespace"
            );
        Failure {
            error: scan_error(text, offsets, e),
            indentation,
            yaml12_only,
        }
    }
}

/// Parses `source`, which is `text` as saphyr should see it: with the
/// separator tabs made spaces and with `pads` applied.
fn parse_source(text: &str, source: &str, pads: &[Pad]) -> Result<Tree, Failure> {
    let offsets = Offsets::new(text, pads);
    let mut parser = Parser::new_from_str(source);
    // Nodes are large and rendered documents have about one or two a line:
    // start at one a line rather than grow from nothing.
    let mut nodes: Vec<Node> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1);
    let mut stack: Vec<usize> = Vec::new();
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    let mut root = None;
    let mut in_document = false;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            // go-yaml stops after the first document's content and never
            // looks at the brackets saphyr finds unbalanced after it.
            Err(e) if e.info() == "misplaced bracket" && starts_flow(text) => {
                let cut = offsets.position(e.marker()).offset;
                if cut > 0 && cut < text.len() {
                    return Ok(parse_tree(&text[..cut])?);
                }
                return Err(scan_error(text, &offsets, &e).into());
            }
            // A directive after a document's content ends the document for
            // libyaml (an unknown one is an error, see `flow::scan`).
            Err(e) if e.info() == "missing explicit document end marker before directive" => {
                let cut = offsets.position(e.marker()).offset;
                if cut > 0 && cut < text.len() {
                    return Ok(parse_tree(&text[..cut])?);
                }
                return Err(scan_error(text, &offsets, &e).into());
            }
            Err(e) => return Err(Failure::new(text, &offsets, &e)),
        };
        let node_span = |span: &Span| NodeSpan {
            start: offsets.position(&span.start),
            end: offsets.position(&span.end),
        };
        let new_node =
            |kind: Kind, tag: String, value: String, implicit: bool, span: NodeSpan| Node {
                kind,
                tag,
                value,
                implicit,
                span,
                children: Vec::new(),
                anchor_name: String::new(),
                target: 0,
            };
        let id = nodes.len();
        let is_sequence = matches!(event, Event::SequenceStart(..));
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => in_document = true,
            Event::DocumentEnd => {
                // yaml.Unmarshal decodes the first document only.
                if in_document {
                    break;
                }
            }
            Event::Alias(anchor) => {
                let target = anchors.get(&anchor).copied().unwrap_or(0);
                let mut node = new_node(
                    Kind::Alias,
                    String::new(),
                    String::new(),
                    false,
                    node_span(&span),
                );
                node.target = target;
                node.anchor_name = alias_name(text, node.span.start.offset);
                nodes.push(node);
                attach(&mut nodes, &stack, &mut root, id);
            }
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag
                    .map(|t| format!("{}{}", t.handle, t.suffix))
                    .unwrap_or_default();
                let implicit = (tag.is_empty() && style == ScalarStyle::Plain) || tag == "!";
                nodes.push(new_node(
                    Kind::Scalar,
                    tag,
                    value.into_owned(),
                    implicit,
                    node_span(&span),
                ));
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
                attach(&mut nodes, &stack, &mut root, id);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                let kind = if is_sequence {
                    Kind::Sequence
                } else {
                    Kind::Mapping
                };
                let tag = tag
                    .map(|t| format!("{}{}", t.handle, t.suffix))
                    .unwrap_or_default();
                nodes.push(new_node(kind, tag, String::new(), false, node_span(&span)));
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
                attach(&mut nodes, &stack, &mut root, id);
                stack.push(id);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = stack.pop() {
                    nodes[open].span.end = offsets.position(&span.end);
                }
            }
        }
    }
    Ok(Tree { nodes, root })
}

/// Whether the document is a flow collection (`{...}`/`[...]`), after
/// which a stray closing bracket is past the document's end.
fn starts_flow(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .is_some_and(|l| {
            l.starts_with(['{', '[']) || l.starts_with("--- {") || l.starts_with("--- [")
        })
}

/// libyaml's reader refuses control characters anywhere in the input (a
/// byte order mark is allowed at the start).
fn check_characters(text: &str) -> Result<(), YamlError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match super::encode::first_unprintable(body) {
        None => Ok(()),
        Some(i) => {
            let offset = text.len() - body.len() + i;
            Err(YamlError::convert(
                "yaml: control characters are not allowed".to_string(),
                Some(Position::of(text.as_bytes(), offset)),
            ))
        }
    }
}

/// libyaml knows only the `%YAML` and `%TAG` directives.
fn check_directives(text: &str) -> Result<(), YamlError> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix('%') {
            let name: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            if name != "YAML" && name != "TAG" {
                let line0 = text[..offset].matches('\n').count();
                let message = if line0 == 0 {
                    "yaml: found unknown directive name".to_string()
                } else {
                    format!("yaml: line {}: found unknown directive name", line0 + 1)
                };
                return Err(YamlError::convert(
                    message,
                    Some(Position {
                        offset,
                        line: line0 + 1,
                        column: 1,
                    }),
                ));
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
            // Directives only come before a document's content.
            if trimmed != "---" && !trimmed.starts_with("--- ") {
                return Ok(());
            }
        }
        offset += line.len();
    }
    Ok(())
}

fn attach(nodes: &mut [Node], stack: &[usize], root: &mut Option<usize>, id: usize) {
    match stack.last() {
        Some(&parent) => nodes[parent].children.push(id),
        None => {
            if root.is_none() {
                *root = Some(id);
            }
        }
    }
}

/// The anchor name of an alias `*name` starting at `offset`.
fn alias_name(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let rest = rest.strip_prefix('*').unwrap_or(rest);
    rest.chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}

/// Turns saphyr's error into go-yaml's: libyaml's problem text (go-yaml
/// prints the problem without its context) and go-yaml's line rule: a
/// scanner error reports the 1-based line, a parser error the 0-based line
/// of the offending token, and nothing when that is line 0.
fn scan_error(text: &str, offsets: &Offsets<'_>, err: &ScanError) -> YamlError {
    let info = err.info();
    let marker = err.marker();
    // Like libyaml, saphyr puts the stream end on a line of its own when the
    // text does not end in a line break.
    let mut position = offsets.position(marker);
    let problem = match info.split_once(", ") {
        Some((context, problem)) if context.starts_with("while ") => problem,
        _ => info,
    };
    if problem == "found unexpected document indicator" {
        // saphyr points at the quoted scalar, libyaml at the indicator: the
        // first line after the scalar's start that begins with one.
        if let Some(found) = document_indicator_after(text, position) {
            position = found;
        }
    }
    if problem == "found unknown anchor" {
        let name = alias_name(text, position.offset);
        return YamlError::decode(
            format!("unknown anchor '{name}' referenced"),
            Some(position),
        );
    }
    let (message, scanner) = match problem {
        "did not find expected key"
        | "did not find expected '-' indicator"
        | "did not find expected ',' or '}'"
        | "did not find expected node content"
        | "did not find expected <document start>"
        | "did not find expected <document-start>" => {
            (problem.replace("document-start", "document start"), false)
        }
        "expected ',' or ']'" => ("did not find expected ',' or ']'".to_string(), false),
        // A block entry in a flow collection (`flow::scan` finds the cases
        // where libyaml says "did not find expected ',' or ']'").
        "\"-\" is only valid inside a block" => {
            ("did not find expected node content".to_string(), false)
        }
        // A closing bracket in block context: libyaml scans it as a token
        // the block mapping does not expect.
        "misplaced bracket" => ("did not find expected key".to_string(), false),
        "the handle wasn't declared" => ("found undefined tag handle".to_string(), false),
        "duplicate version directive" => ("found duplicate %YAML directive".to_string(), false),
        "simple key expect ':'" | "simple key expected" => {
            ("could not find expected ':'".to_string(), true)
        }
        "tabs disallowed within this context (block indentation)"
        | "tab cannot be used as indentation"
        | "tabs disallowed in this context" => (
            "found character that cannot start any token".to_string(),
            true,
        ),
        p if p.starts_with("unexpected character: ") => (
            "found character that cannot start any token".to_string(),
            true,
        ),
        "could not find expected directive name" => {
            ("could not find expected directive name".to_string(), true)
        }
        "unexpected eof" => ("found unexpected end of stream".to_string(), true),
        other => (other.to_string(), true),
    };
    let zero_based = position.line.saturating_sub(1);
    let reported = if scanner { zero_based + 1 } else { zero_based };
    let text = if zero_based != 0 && reported != 0 {
        format!("yaml: line {reported}: {message}")
    } else {
        format!("yaml: {message}")
    };
    YamlError::convert(text, Some(position))
}

/// The first line after `from`'s line that starts with a document
/// indicator (`---` or `...` before a blank or the end of the line).
fn document_indicator_after(text: &str, from: Position) -> Option<Position> {
    let mut offset = from.offset + text.get(from.offset..)?.find('\n')? + 1;
    let mut line = from.line + 1;
    while offset < text.len() {
        let rest = &text[offset..];
        if (rest.starts_with("---") || rest.starts_with("..."))
            && rest[3..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
        {
            return Some(Position {
                offset,
                line,
                column: 1,
            });
        }
        offset += rest.find('\n')? + 1;
        line += 1;
    }
    None
}

/// A Go value as go-yaml v2 decodes it into `interface{}`, with the node it
/// came from.
#[derive(Clone, Debug)]
enum GoVal<'t> {
    Nil,
    Bool(bool, usize),
    Int(i64, usize),
    Uint(u64, usize),
    Float(f64, usize),
    /// Bytes, since `!!binary` data need not be UTF-8; borrowed from the
    /// tree unless decoded from base64.
    Str(Cow<'t, [u8]>, usize),
    Seq(Vec<GoVal<'t>>),
    Map(GoMap<'t>),
}

/// `map[interface{}]interface{}`: keys compare with Go's `==` on their
/// dynamic types; entries keep their first insertion position.
#[derive(Clone, Debug, Default)]
struct GoMap<'t> {
    entries: Vec<(GoVal<'t>, GoVal<'t>)>,
}

impl<'t> GoMap<'t> {
    fn set(&mut self, key: GoVal<'t>, value: GoVal<'t>) {
        for entry in &mut self.entries {
            if key_eq(&entry.0, &key) {
                entry.1 = value;
                return;
            }
        }
        self.entries.push((key, value));
    }
}

fn key_eq(a: &GoVal, b: &GoVal) -> bool {
    match (a, b) {
        (GoVal::Nil, GoVal::Nil) => true,
        (GoVal::Bool(x, _), GoVal::Bool(y, _)) => x == y,
        (GoVal::Int(x, _), GoVal::Int(y, _)) => x == y,
        (GoVal::Uint(x, _), GoVal::Uint(y, _)) => x == y,
        // NaN != NaN, as in Go: each NaN key is a new entry.
        (GoVal::Float(x, _), GoVal::Float(y, _)) => x == y,
        (GoVal::Str(x, _), GoVal::Str(y, _)) => x == y,
        _ => false,
    }
}

struct Decoder<'t> {
    tree: &'t Tree,
    /// Alias nodes being expanded, for "anchor 'x' value contains itself".
    active_aliases: Vec<usize>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u64,
}

fn fail(msg: impl std::fmt::Display) -> YamlError {
    YamlError::convert(format!("yaml: {msg}"), None)
}

/// go-yaml's `allowedAliasRatio`.
fn allowed_alias_ratio(decode_count: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

impl<'t> Decoder<'t> {
    fn node(&self, id: usize) -> &'t Node {
        &self.tree.nodes[id]
    }

    fn unmarshal(&mut self, id: usize, depth: usize) -> Result<GoVal<'t>, YamlError> {
        // Deep documents recurse deeply: grow the stack rather than overflow.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.unmarshal_node(id, depth))
    }

    fn unmarshal_node(&mut self, id: usize, depth: usize) -> Result<GoVal<'t>, YamlError> {
        if depth > MAX_DEPTH {
            return Err(fail(format!("exceeded max depth of {MAX_DEPTH}")));
        }
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(fail("document contains excessive aliasing"));
        }
        let tree = self.tree;
        let node = &tree.nodes[id];
        match node.kind {
            Kind::Alias => {
                if self.active_aliases.contains(&id) {
                    return Err(fail(format!(
                        "anchor '{}' value contains itself",
                        node.anchor_name
                    )));
                }
                self.active_aliases.push(id);
                self.alias_depth += 1;
                let target = node.target;
                let result = self.unmarshal(target, depth + 1);
                self.alias_depth -= 1;
                self.active_aliases.pop();
                result
            }
            Kind::Scalar => self.scalar(id),
            Kind::Sequence => {
                let mut items = Vec::with_capacity(node.children.len());
                for &child in &node.children {
                    items.push(self.unmarshal(child, depth + 1)?);
                }
                Ok(GoVal::Seq(items))
            }
            Kind::Mapping => {
                let mut map = GoMap::default();
                self.mapping_into(id, &mut map, depth)?;
                Ok(GoVal::Map(map))
            }
        }
    }

    fn is_merge(&self, id: usize) -> bool {
        let n = self.node(id);
        n.kind == Kind::Scalar && n.value == "<<" && (n.implicit || n.tag == resolve::MERGE_TAG)
    }

    fn mapping_into(
        &mut self,
        id: usize,
        out: &mut GoMap<'t>,
        depth: usize,
    ) -> Result<(), YamlError> {
        let children = &self.node(id).children;
        for pair in children.chunks(2) {
            let key_id = pair[0];
            let Some(&value_id) = pair.get(1) else {
                break;
            };
            if self.is_merge(key_id) {
                self.merge(value_id, out, depth)?;
                continue;
            }
            let key = self.unmarshal(key_id, depth + 1)?;
            if matches!(key, GoVal::Seq(_) | GoVal::Map(_)) {
                return Err(fail(format!("invalid map key: {}", go_sharp_v(&key))));
            }
            let value = self.unmarshal(value_id, depth + 1)?;
            out.set(key, value);
        }
        Ok(())
    }

    /// Decodes a mapping (through aliases) into an existing map, as go-yaml
    /// does for merge keys.
    fn merge_one(&mut self, id: usize, out: &mut GoMap<'t>, depth: usize) -> Result<(), YamlError> {
        let node = self.node(id);
        match node.kind {
            Kind::Mapping => {
                self.decode_count += 1;
                if self.alias_depth > 0 {
                    self.alias_count += 1;
                }
                self.mapping_into(id, out, depth + 1)
            }
            Kind::Alias => {
                if self.active_aliases.contains(&id) {
                    return Err(fail(format!(
                        "anchor '{}' value contains itself",
                        node.anchor_name
                    )));
                }
                let target = node.target;
                self.active_aliases.push(id);
                self.alias_depth += 1;
                self.decode_count += 1;
                let result = self.merge_one(target, out, depth + 1);
                self.alias_depth -= 1;
                self.active_aliases.pop();
                result
            }
            _ => Err(fail(
                "map merge requires map or sequence of maps as the value",
            )),
        }
    }

    fn merge(&mut self, id: usize, out: &mut GoMap<'t>, depth: usize) -> Result<(), YamlError> {
        let want_map = || fail("map merge requires map or sequence of maps as the value");
        let node = self.node(id);
        match node.kind {
            Kind::Mapping => self.merge_one(id, out, depth),
            Kind::Alias => {
                if self.node(node.target).kind != Kind::Mapping {
                    return Err(want_map());
                }
                self.merge_one(id, out, depth)
            }
            Kind::Sequence => {
                // go-yaml merges the last map first, so earlier maps win.
                for &child in node.children.iter().rev() {
                    let c = self.node(child);
                    let is_map = match c.kind {
                        Kind::Alias => self.node(c.target).kind == Kind::Mapping,
                        Kind::Mapping => true,
                        _ => false,
                    };
                    if !is_map {
                        return Err(want_map());
                    }
                    self.merge_one(child, out, depth)?;
                }
                Ok(())
            }
            Kind::Scalar => Err(want_map()),
        }
    }

    fn scalar(&mut self, id: usize) -> Result<GoVal<'t>, YamlError> {
        let n = self.node(id);
        let (tag, resolved) = if n.tag.is_empty() && !n.implicit {
            (resolve::STR_TAG, Resolved::Str)
        } else {
            resolve::resolve_v2(&n.tag, &n.value).map_err(fail)?
        };
        if tag == resolve::BINARY_TAG {
            let data = decode_base64(&n.value)
                .ok_or_else(|| fail("!!binary value contains invalid base64 data"))?;
            return Ok(GoVal::Str(Cow::Owned(data), id));
        }
        Ok(match resolved {
            Resolved::Null => GoVal::Nil,
            Resolved::Bool(b) => GoVal::Bool(b, id),
            Resolved::Int(i) => GoVal::Int(i, id),
            Resolved::Uint(u) => GoVal::Uint(u, id),
            Resolved::Float(f) => GoVal::Float(f, id),
            // Timestamps stay text in an interface{}, and so does `<<`
            // where it is not a merge (a quoted or tagged value).
            Resolved::Str | Resolved::Merge => GoVal::Str(Cow::Borrowed(n.value.as_bytes()), id),
        })
    }
}

/// Go's `base64.StdEncoding.DecodeString`, which skips `\r` and `\n`.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|&b| b != b'\n' && b != b'\r').collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let chunks = clean.len() / 4;
    for (i, chunk) in clean.chunks(4).enumerate() {
        let last = i + 1 == chunks;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // Go rejects non-zero bits in the padding remainder (strict mode is
        // off for StdEncoding, so they are accepted): keep them as Go does.
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// `%#v` of a key that is a slice or map, for "invalid map key".
fn go_sharp_v(v: &GoVal) -> String {
    match v {
        GoVal::Nil => "interface {}(nil)".to_string(),
        GoVal::Bool(b, _) => b.to_string(),
        GoVal::Int(i, _) => i.to_string(),
        GoVal::Uint(u, _) => format!("0x{u:x}"),
        GoVal::Float(f, _) => crate::render::funcs::gojson::format_float(*f, 'g', 64),
        GoVal::Str(s, _) => go_quote(s),
        GoVal::Seq(items) => format!(
            "[]interface {{}}{{{}}}",
            items.iter().map(go_sharp_v).collect::<Vec<_>>().join(", ")
        ),
        GoVal::Map(m) => format!(
            "map[interface {{}}]interface {{}}{{{}}}",
            m.entries
                .iter()
                .map(|(k, v)| format!("{}:{}", go_sharp_v(k), go_sharp_v(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Go's `strconv.Quote` for `%#v` of strings (enough for messages).
fn go_quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for ch in crate::text::lossy(s).chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `%+#v` of a map value in sigs.k8s.io/yaml's "unsupported map key" error.
fn go_sharp_v_value(v: &GoVal) -> String {
    match v {
        GoVal::Nil => "<nil>".to_string(),
        other => go_sharp_v(other),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's spellings of
/// the infinities, as sigs.k8s.io/yaml writes float keys.
fn float_key(f: f64) -> String {
    let s = crate::render::funcs::gojson::format_float(f, 'g', 32);
    match s.as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        _ => s,
    }
}

/// Records where scalars came from.
pub trait OriginSink {
    fn origin(&mut self, span: NodeSpan) -> Option<Origin>;
}

/// A sink that records nothing.
pub struct NoOrigins;

impl OriginSink for NoOrigins {
    fn origin(&mut self, _span: NodeSpan) -> Option<Origin> {
        None
    }
}

/// Go's conversion of the decoded value to JSON and back into
/// `interface{}`: string keys, float64 numbers, invalid UTF-8 replaced.
struct Converter<'a> {
    tree: &'a Tree,
    sink: &'a mut dyn OriginSink,
}

/// Go's JSON round trip of a string: each invalid UTF-8 byte becomes U+FFFD.
fn json_string(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    match bytes {
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(crate::render::funcs::gojson::lossy_string(b)),
        },
        Cow::Owned(b) => Cow::Owned(
            String::from_utf8(b)
                .unwrap_or_else(|e| crate::render::funcs::gojson::lossy_string(e.as_bytes())),
        ),
    }
}

impl Converter<'_> {
    fn origin(&mut self, node: usize) -> Option<Origin> {
        let span = self.tree.nodes.get(node)?.span;
        self.sink.origin(span)
    }

    /// Keys to strings as convertToJSONableObject does; errors for keys
    /// JSON cannot hold.
    fn key_string<'k>(key: &'k GoVal<'_>, value: &GoVal<'_>) -> Result<Cow<'k, [u8]>, YamlError> {
        Ok(match key {
            GoVal::Str(s, _) => Cow::Borrowed(&**s),
            GoVal::Int(i, _) => Cow::Owned(i.to_string().into_bytes()),
            GoVal::Float(f, _) => Cow::Owned(float_key(*f).into_bytes()),
            GoVal::Bool(b, _) => Cow::Owned(b.to_string().into_bytes()),
            GoVal::Uint(..) => {
                return Err(YamlError::convert(
                    format!(
                        "unsupported map key of type: uint64, key: {}, value: {}",
                        go_sharp_v(key),
                        go_sharp_v_value(value)
                    ),
                    None,
                ));
            }
            GoVal::Nil => {
                return Err(YamlError::convert(
                    format!(
                        "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                        go_sharp_v_value(value)
                    ),
                    None,
                ));
            }
            GoVal::Seq(_) | GoVal::Map(_) => {
                return Err(fail(format!("invalid map key: {}", go_sharp_v(key))));
            }
        })
    }

    /// First pass: convertToJSONableObject (key errors, in Go's map order,
    /// which is random; we report the first in document order).
    fn check_keys(v: &GoVal) -> Result<(), YamlError> {
        match v {
            GoVal::Map(m) => {
                for (k, val) in &m.entries {
                    Self::key_string(k, val)?;
                    Self::check_keys(val)?;
                }
                Ok(())
            }
            GoVal::Seq(items) => items.iter().try_for_each(Self::check_keys),
            _ => Ok(()),
        }
    }

    /// Second pass: json.Marshal (unsupported float values, found in sorted
    /// key order) and json.Unmarshal.
    fn convert(&mut self, v: GoVal<'_>) -> Result<Value, YamlError> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.convert_value(v))
    }

    fn convert_value(&mut self, v: GoVal<'_>) -> Result<Value, YamlError> {
        let unsupported = |f: f64| {
            YamlError::convert(
                format!(
                    "json: unsupported value: {}",
                    crate::render::funcs::gojson::format_float(f, 'g', 64)
                ),
                None,
            )
        };
        Ok(match v {
            GoVal::Nil => Value::Nil,
            GoVal::Bool(b, n) => Value::Bool(b, self.origin(n)),
            GoVal::Int(i, n) => Value::Float(i as f64, self.origin(n)),
            GoVal::Uint(u, n) => Value::Float(u as f64, self.origin(n)),
            GoVal::Float(f, n) => {
                if !f.is_finite() {
                    return Err(unsupported(f));
                }
                Value::Float(f, self.origin(n))
            }
            GoVal::Str(s, n) => Value::String(Arc::from(json_string(s)), self.origin(n)),
            GoVal::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.convert(item)?);
                }
                Value::list(ElemType::Interface, out)
            }
            GoVal::Map(m) => self.convert_map(m, None)?,
        })
    }
}

impl Converter<'_> {
    /// A map as json.Marshal writes it and json.Unmarshal reads it back;
    /// with `keep`, just the entries whose keys it accepts.
    fn convert_map(
        &mut self,
        m: GoMap<'_>,
        keep: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<Value, YamlError> {
        // Build the string-keyed map first (later duplicates win), then
        // marshal in sorted order.
        let mut pairs = Vec::with_capacity(m.entries.len());
        for (k, val) in m.entries {
            let key = match k {
                GoVal::Str(s, _) => s,
                other => Cow::Owned(Converter::key_string(&other, &val)?.into_owned()),
            };
            let key = json_string(key);
            if keep.is_none_or(|keep| keep(&key)) {
                pairs.push((key, val));
            }
        }
        // Stable: equal keys stay in document order, the last wins.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut entries = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        while let Some((key, val)) = pairs.next() {
            if pairs.peek().is_some_and(|(next, _)| *next == key) {
                continue;
            }
            entries.push((Arc::<str>::from(key), self.convert(val)?));
        }
        Ok(Value::Map(MapRef::from_entries(
            entries.into_iter().collect(),
        )))
    }
}

/// Whether json.Marshal could fail on `v`: it has a float JSON cannot
/// hold (which may yet sit under a key a later duplicate replaces).
fn has_non_finite(v: &GoVal<'_>) -> bool {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            GoVal::Float(f, _) if !f.is_finite() => return true,
            GoVal::Seq(items) => stack.extend(items),
            GoVal::Map(m) => stack.extend(m.entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    false
}

/// The Go type `Unmarshal` decodes into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `map[string]interface{}` (values files, `fromYaml`).
    Map,
    /// `[]interface{}` (`fromYamlArray`).
    List,
    /// `interface{}`.
    Any,
}

/// sigs.k8s.io/yaml's `Unmarshal(text, &target)`. A null document gives
/// `Value::Nil` (callers use an empty map or list for it).
pub fn unmarshal(
    text: &str,
    target: Target,
    sink: &mut dyn OriginSink,
) -> Result<Value, YamlError> {
    unmarshal_with(text, target, sink, None)
}

/// What a Go struct field holds, as far as sigs.k8s.io/yaml's conversion
/// cares: it looks at the target while it turns YAML into JSON, and writes
/// numbers and booleans that land in a string as text, so `apiVersion: 1`
/// reads as "1" where an `interface{}` would get a number.
#[derive(Clone, Copy, Debug)]
pub enum GoShape {
    String,
    /// `map[string]string`.
    StringMap,
    /// A struct, or a pointer to one: its fields' JSON names and shapes.
    Struct(&'static [(&'static str, GoShape)]),
}

/// Whether encoding/json (and sigs.k8s.io/yaml) would fill the field
/// named `field` (ASCII) from the key `key`: equal, or equal under Go's
/// case folding, which also maps the Kelvin sign to k and the long s to s.
fn json_field_matches(key: &str, field: &str) -> bool {
    let mut key = key.chars();
    let mut field = field.chars();
    loop {
        match (key.next(), field.next()) {
            (None, None) => return true,
            (Some(k), Some(f)) => {
                let f = f.to_ascii_lowercase();
                let k = match k {
                    '\u{212A}' => 'k',
                    '\u{17F}' => 's',
                    k => k.to_ascii_lowercase(),
                };
                if k != f {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The field of `fields` that sigs.k8s.io/yaml and encoding/json fill
/// from `key`: an exact match first, then the first field that matches
/// ignoring case.
pub fn json_field<'f>(
    fields: &'f [(&'f str, GoShape)],
    key: &str,
) -> Option<&'f (&'f str, GoShape)> {
    fields.iter().find(|(name, _)| *name == key).or_else(|| {
        fields
            .iter()
            .find(|(name, _)| json_field_matches(key, name))
    })
}

/// sigs.k8s.io/yaml's coercion of scalars that land in a string.
fn coerce(v: GoVal<'_>, shape: GoShape) -> GoVal<'_> {
    let text = |s: String, n: usize| GoVal::Str(Cow::Owned(s.into_bytes()), n);
    match (shape, v) {
        (GoShape::String, GoVal::Int(i, n)) => text(i.to_string(), n),
        (GoShape::String, GoVal::Uint(u, n)) => text(u.to_string(), n),
        (GoShape::String, GoVal::Float(f, n)) => {
            text(crate::render::funcs::gojson::format_float(f, 'g', 32), n)
        }
        (GoShape::String, GoVal::Bool(b, n)) => text(b.to_string(), n),
        (GoShape::StringMap, GoVal::Map(mut m)) => {
            for entry in &mut m.entries {
                let value = std::mem::replace(&mut entry.1, GoVal::Nil);
                entry.1 = coerce(value, GoShape::String);
            }
            GoVal::Map(m)
        }
        (GoShape::Struct(fields), GoVal::Map(mut m)) => {
            for entry in &mut m.entries {
                // Keys JSON cannot hold were refused before this runs.
                let Ok(key) = Converter::key_string(&entry.0, &entry.1) else {
                    continue;
                };
                if let Some(&(_, shape)) = std::str::from_utf8(&key)
                    .ok()
                    .and_then(|key| json_field(fields, key))
                {
                    let value = std::mem::replace(&mut entry.1, GoVal::Nil);
                    entry.1 = coerce(value, shape);
                }
            }
            GoVal::Map(m)
        }
        (_, v) => v,
    }
}

/// sigs.k8s.io/yaml's `Unmarshal(text, &s)` for a struct `s` with these
/// fields, up to the JSON it hands to encoding/json: the same errors as
/// [`unmarshal`], numbers and booleans in string fields as text, and of a
/// mapping document only the entries whose keys name a field (exactly or
/// ignoring case, as encoding/json matches them), keys as written. The
/// caller decodes those as encoding/json would (Helm's `SimpleHead`).
pub fn unmarshal_struct(
    text: &str,
    fields: &'static [(&'static str, GoShape)],
) -> Result<Value, YamlError> {
    unmarshal_with(text, Target::Any, &mut NoOrigins, Some(fields))
}

fn unmarshal_with(
    text: &str,
    target: Target,
    sink: &mut dyn OriginSink,
    fields: Option<&'static [(&'static str, GoShape)]>,
) -> Result<Value, YamlError> {
    let tree = parse_tree(text)?;
    let Some(root) = tree.root else {
        return Ok(Value::Nil);
    };
    let mut decoder = Decoder {
        tree: &tree,
        active_aliases: Vec::new(),
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
    };
    let decoded = decoder.unmarshal(root, 0)?;
    Converter::check_keys(&decoded)?;
    let kind = match &decoded {
        GoVal::Nil => None,
        GoVal::Map(_) => Some("object"),
        GoVal::Seq(_) => Some("array"),
        GoVal::Str(..) => Some("string"),
        GoVal::Bool(..) => Some("bool"),
        GoVal::Int(..) | GoVal::Uint(..) | GoVal::Float(..) => Some("number"),
    };
    let decoded = match fields {
        Some(fields) => coerce(decoded, GoShape::Struct(fields)),
        None => decoded,
    };
    let mut converter = Converter { tree: &tree, sink };
    let value = match (fields, decoded) {
        // Marshal errors can come from anywhere in the document: leave the
        // rare documents that may have one to the whole conversion.
        (Some(fields), GoVal::Map(m)) if !m.entries.iter().any(|(_, v)| has_non_finite(v)) => {
            let names_a_field = |key: &str| json_field(fields, key).is_some();
            converter.convert_map(m, Some(&names_a_field))?
        }
        (_, decoded) => converter.convert(decoded)?,
    };
    let type_error = |go_type: &str, kind: &str| {
        YamlError::unmarshal_json(format!(
            "json: cannot unmarshal {kind} into Go value of type {go_type}"
        ))
    };
    match (target, kind) {
        (_, None) | (Target::Any, _) => Ok(value),
        (Target::Map, Some("object")) | (Target::List, Some("array")) => Ok(value),
        (Target::Map, Some(kind)) => Err(type_error("map[string]interface {}", kind)),
        (Target::List, Some(kind)) => Err(type_error("[]interface {}", kind)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Record(Vec<NodeSpan>);

    impl OriginSink for Record {
        fn origin(&mut self, span: NodeSpan) -> Option<Origin> {
            self.0.push(span);
            std::num::NonZeroU32::new(self.0.len() as u32).map(Origin)
        }
    }

    fn load(text: &str) -> Result<Value, YamlError> {
        unmarshal(text, Target::Map, &mut NoOrigins)
    }

    fn err(text: &str) -> String {
        load(text).expect_err("fails").message
    }

    #[test]
    fn values_are_float64_with_string_keys() {
        let v = load("a: 1\nb: yes\n1: x\n1.5: y\ntrue: z\nc: 2001-12-14\n").expect("loads");
        let m = v.as_map().expect("map");
        assert!(matches!(m.get("a"), Some(Value::Float(f, _)) if f == 1.0));
        assert!(matches!(m.get("b"), Some(Value::Bool(true, _))));
        assert_eq!(
            m.get("1").and_then(|v| v.as_str().map(str::to_string)),
            Some("x".into())
        );
        assert!(m.contains_key("1.5"));
        assert!(m.contains_key("true"));
        assert_eq!(
            m.get("c").and_then(|v| v.as_str().map(str::to_string)),
            Some("2001-12-14".into())
        );
    }

    #[test]
    fn origins_point_at_scalars() {
        let text = "a: 1\nb:\n  c: \"héllo\"\n";
        let mut rec = Record(Vec::new());
        let v = unmarshal(text, Target::Map, &mut rec).expect("loads");
        let m = v.as_map().expect("map");
        let b = m.get("b").expect("b");
        let c = b.as_map().and_then(|m| m.get("c")).expect("c");
        let origin = c.origin().expect("origin");
        let span = rec.0[origin.0.get() as usize - 1];
        assert_eq!(span.start.line, 3);
        assert_eq!(span.start.column, 6);
        assert_eq!(&text[span.start.offset..span.end.offset], "\"héllo\"");
    }

    #[test]
    fn origins_of_padded_lines_point_at_the_original_text() {
        // saphyr parses these lines padded (see `flow`); origins and errors
        // must still point into the text as written.
        let text = "vault:\n  server:\n    args: [\n      \"server\",\n  \"-dev\"\n    ]\n    b: {x: 1,\nq: \"é\nz\", w: [\n7]}\n";
        let mut rec = Record(Vec::new());
        let v = unmarshal(text, Target::Map, &mut rec).expect("loads");
        let span_of = |v: &Value| {
            let origin = v.origin().expect("origin");
            rec.0[origin.0.get() as usize - 1]
        };
        let server = v
            .as_map()
            .and_then(|m| m.get("vault"))
            .and_then(|v| v.as_map().and_then(|m| m.get("server")))
            .expect("server");
        let server = server.as_map().expect("map");
        let args = server.get("args").expect("args");
        let dev = args.as_list().expect("list").items[1].clone();
        let span = span_of(&dev);
        assert_eq!(&text[span.start.offset..span.end.offset], "\"-dev\"");
        assert_eq!((span.start.line, span.start.column), (5, 3));
        let b = server.get("b").expect("b");
        let b = b.as_map().expect("map");
        let y = b.get("q").expect("q");
        let span = span_of(&y);
        assert_eq!(&text[span.start.offset..span.end.offset], "\"é\nz\"");
        assert_eq!((span.start.line, span.start.column), (8, 4));
        let seven = b
            .get("w")
            .and_then(|w| w.as_list().and_then(|l| l.items.first().cloned()))
            .expect("7");
        let span = span_of(&seven);
        assert_eq!(&text[span.start.offset..span.end.offset], "7");
        assert_eq!((span.start.line, span.start.column), (10, 1));

        let e = load("a:\n  b: [1,\n  c\n: 2]\n").expect_err("fails");
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'"
        );
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((4, 1)));
        let e = load("a:\n  b: [\n1,\n- 2]\n").expect_err("fails");
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 3: did not find expected node content"
        );
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((4, 1)));
    }

    #[test]
    fn merge_and_aliases() {
        // `y` would be the boolean key "true" (YAML 1.1).
        let v = load("b: &b {x: 1, z: 2}\nd:\n  <<: *b\n  z: 3\ne: *b\n").expect("loads");
        let d = v.as_map().and_then(|m| m.get("d")).expect("d");
        let d = d.as_map().expect("map");
        assert!(matches!(d.get("x"), Some(Value::Float(f, _)) if f == 1.0));
        assert!(matches!(d.get("z"), Some(Value::Float(f, _)) if f == 3.0));
        assert_eq!(
            err("a: &a [*a]\n"),
            "error converting YAML to JSON: yaml: anchor 'a' value contains itself"
        );
    }

    const HEAD: &[(&str, GoShape)] = &[
        ("kind", GoShape::String),
        (
            "metadata",
            GoShape::Struct(&[
                ("name", GoShape::String),
                ("annotations", GoShape::StringMap),
            ]),
        ),
    ];

    fn text_at(v: &Value, path: &[&str]) -> Option<String> {
        let mut v = v.clone();
        for key in path {
            v = v.as_map()?.get(key)?;
        }
        v.as_str().map(str::to_string)
    }

    #[test]
    fn unmarshal_struct_keeps_the_fields_and_every_error() {
        let text = "kind: A\n1: x\nkind: B\nmetadata: {name: x, labels: {a: b}}\nspec: [1, 2]\n";
        let v = unmarshal_struct(text, HEAD).expect("loads");
        let full = unmarshal(text, Target::Any, &mut NoOrigins).expect("loads");
        let m = v.as_map().expect("map");
        assert_eq!(m.len(), 2);
        assert_eq!(text_at(&v, &["kind"]), Some("B".into()));
        assert_eq!(
            crate::render::funcs::gojson::marshal(&m.get("metadata").expect("metadata")),
            crate::render::funcs::gojson::marshal(
                &full
                    .as_map()
                    .and_then(|m| m.get("metadata"))
                    .expect("metadata")
            )
        );
        // Errors anywhere in the document, as `unmarshal` gives them.
        for bad in [
            "kind: A\nspec: {a: .inf, b: -.inf}\n",
            "kind: A\nspec: [.nan]\n",
            "kind: A\nspec: {? [1]: 2}\n",
            "kind: A\nspec: {~: 2}\n",
            "kind: A\nspec: !!int x\n",
            "kind: A\nspec: *nope\n",
        ] {
            let ours = unmarshal_struct(bad, HEAD).expect_err("fails");
            let full = unmarshal(bad, Target::Any, &mut NoOrigins).expect_err("fails");
            assert_eq!(ours, full, "{bad:?}");
        }
        // A replaced entry's float is never marshalled.
        let v = unmarshal_struct("1: .inf\n\"1\": 2\nkind: A\n", HEAD).expect("loads");
        assert!(v.as_map().is_some_and(|m| m.contains_key("kind")));
        assert!(
            unmarshal_struct("- 1\n", HEAD)
                .expect("loads")
                .as_list()
                .is_some()
        );
    }

    #[test]
    fn unmarshal_struct_writes_scalars_in_string_fields_as_text() {
        // sigs.k8s.io/yaml formats floats with 32-bit precision.
        let v = unmarshal_struct(
            "Kind: 123456789\nMETADATA: {name: 1.5e3, Annotations: {a: true, b: 0x10, c: .inf}}\nspec: {x: .1}\n",
            HEAD,
        )
        .expect("loads");
        assert_eq!(text_at(&v, &["Kind"]), Some("123456789".into()));
        assert_eq!(text_at(&v, &["METADATA", "name"]), Some("1500".into()));
        assert_eq!(
            text_at(&v, &["METADATA", "Annotations", "a"]),
            Some("true".into())
        );
        assert_eq!(
            text_at(&v, &["METADATA", "Annotations", "b"]),
            Some("16".into())
        );
        // An infinity that becomes text is no longer a marshal error.
        assert_eq!(
            text_at(&v, &["METADATA", "Annotations", "c"]),
            Some("+Inf".into())
        );
        assert!(v.as_map().is_some_and(|m| !m.contains_key("spec")));
        // Elsewhere numbers stay numbers, and infinities still fail.
        assert!(unmarshal_struct("kind: A\nmetadata: {labels: {a: .inf}}\n", HEAD).is_err());
        assert!(json_field_matches("\u{212A}IND", "kind"));
        assert!(!json_field_matches("kinds", "kind"));
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(
            err("a: 1\n b: 2"),
            "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
        );
        assert_eq!(
            err("a:\n  - 1\n b: 2"),
            "error converting YAML to JSON: yaml: line 2: did not find expected key"
        );
        assert_eq!(
            err("a: .inf"),
            "error converting YAML to JSON: json: unsupported value: +Inf"
        );
        assert_eq!(
            err("- 1"),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        assert_eq!(
            err("a: \"\u{7f}\""),
            "error converting YAML to JSON: yaml: control characters are not allowed"
        );
        let e = load("a: 1\n\tb: 2").expect_err("fails");
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 2: found a tab character that violates indentation"
        );
        assert_eq!(e.position.map(|p| (p.line, p.column)), Some((2, 1)));
        assert!(load("").expect("loads").is_nil());
        assert!(load("# only a comment\n").expect("loads").is_nil());
    }

    #[test]
    fn binary_and_invalid_utf8() {
        let v = load("a: !!binary aGVsbG8=\nb: !!binary /w==\n").expect("loads");
        let m = v.as_map().expect("map");
        assert_eq!(
            m.get("a").and_then(|v| v.as_str().map(str::to_string)),
            Some("hello".into())
        );
        assert_eq!(
            m.get("b").and_then(|v| v.as_str().map(str::to_string)),
            Some("\u{fffd}".into())
        );
    }
}
