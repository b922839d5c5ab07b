//! libyaml's rules for flow collections and quoted scalars that span
//! lines, which saphyr (a YAML 1.2 parser) does not share.
//!
//! libyaml checks indentation only in the block context: its scanner does
//! not unroll indentation while `flow_level > 0`, and neither flow scalar
//! scanner looks at columns. So go-yaml v2 accepts
//!
//! ```yaml
//! a:
//!   args: [
//!     "server"
//!   ]
//!   b: "multi
//! line"
//! ```
//!
//! where YAML 1.2 (and saphyr) require every continuation line to be
//! indented deeper than the enclosing block collection. What follows from
//! the scanner's rules (scannerc.go and parserc.go, go-yaml v2.4.0):
//!
//! - A line that starts inside a flow collection or a quoted scalar may sit
//!   at any column. The only exceptions are lines that start at column 0
//!   with a document indicator (`---` or `...` before a blank), which end a
//!   quoted scalar with an error and become a document token in a flow
//!   collection, and in a flow collection a `%` at column 0, a directive.
//! - A multi-line plain scalar in a flow collection is checked for tabs:
//!   after a line break, a tab left of the enclosing block's indentation +
//!   1 is "found a tab character that violates indentation".
//! - A simple key must end on its line (and within 1024 characters), so a
//!   `:` after a key that ran over a line break in a flow collection has no
//!   key: the parser wants a `,` there ("did not find expected ',' or ']'")
//!   or finds no node ("did not find expected node content"), where saphyr
//!   accepts the key or words the error differently. Likewise a `-` entry,
//!   a `?` after a node (go-yaml v2 ends plain scalars at `?` in flow
//!   collections, so `[http://x?y]` fails) and a second node without a `,`.
//!
//! [`scan`] follows libyaml's scanner (indentation stack, simple keys, flow
//! level, scalars) and enough of its parser to know, for each line, whether
//! it starts in a flow collection or a quoted scalar and what libyaml's
//! block indentation is there, and to find the errors above where go-yaml
//! reports them. The loader pads such lines with spaces up to that
//! indentation + 1 (at least what saphyr wants; leading blanks of these
//! lines are never content) when saphyr rejects the text as written, and
//! maps saphyr's positions back.

use std::collections::HashSet;

use super::{Position, YamlError};

/// Spaces to insert at the start of a line so saphyr accepts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pad {
    /// 1-based line.
    pub line: usize,
    /// Byte offset of the line's start in the text.
    pub offset: usize,
    /// Char index of the line's start in the text.
    pub char_index: usize,
    /// How many spaces to insert.
    pub count: usize,
}

/// What [`scan`] found.
#[derive(Debug, Default)]
pub struct Layout {
    /// Lines to pad, in text order.
    pub pads: Vec<Pad>,
    /// go-yaml's first error, when it is one saphyr does not report (or not
    /// the same way): those in the module docs, a `|` or `>` in a flow
    /// collection, an unknown directive inside a document, an alias to an
    /// unknown anchor (which go-yaml may meet before a later error).
    pub error: Option<YamlError>,
}

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    line: usize,
    col: usize,
    index: usize,
}

/// A line that starts inside a flow collection or a quoted scalar.
#[derive(Clone, Copy, Debug)]
struct Continued {
    line: usize,
    char_index: usize,
    /// The column saphyr needs at least: libyaml's indentation + 1.
    need: usize,
    /// Whether the line starts inside a quoted scalar.
    quoted: bool,
}

/// libyaml stops at the first error; so do we (the parse reports it, or
/// [`Layout::error`] does).
struct Stop;

/// An open flow collection, with what the parser has seen of its current
/// entry.
#[derive(Clone, Copy, Debug, Default)]
struct Flow {
    mapping: bool,
    /// A node (or node properties) since the entry started or its `:`.
    has_node: bool,
    /// That node is only an anchor or a tag so far.
    props: bool,
    /// A `?` started the entry and no `:` followed yet.
    explicit_key: bool,
    /// The entry's `:` was seen.
    after_value: bool,
}

/// The text by character index, as libyaml walks it. ASCII text (nearly
/// every chart) is read in place; other text is decoded once. The scanner
/// is generic over the two so that the ASCII one reads bytes without a
/// branch on the representation at every character.
trait CharIndex {
    fn len(&self) -> usize;

    fn get(&self, i: usize) -> Option<char>;

    /// The byte offset of char `i`; the text's length past the end.
    fn byte_offset(&self, i: usize) -> usize;

    /// The index of the first line break at or after `from`, or the
    /// length.
    fn break_at(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.len() && !self.get(i).is_some_and(is_break) {
            i += 1;
        }
        i
    }

    /// The index of the first char at or after `from` that may end a word
    /// of a plain scalar (see [`ends_plain_word`]), or the length.
    fn plain_run(&self, from: usize, flow: bool) -> usize {
        let mut i = from;
        while i < self.len() && !self.get(i).is_some_and(|c| ends_plain_word(c, flow)) {
            i += 1;
        }
        i
    }

    /// Chars `start..end` as a string.
    fn string(&self, start: usize, end: usize) -> String {
        (start..end).filter_map(|i| self.get(i)).collect()
    }
}

struct Ascii<'a>(&'a [u8]);

impl CharIndex for Ascii<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    #[inline]
    fn get(&self, i: usize) -> Option<char> {
        self.0.get(i).map(|&b| char::from(b))
    }

    fn byte_offset(&self, i: usize) -> usize {
        i.min(self.0.len())
    }

    fn plain_run(&self, from: usize, flow: bool) -> usize {
        let rest = self.0.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .position(|&b| ends_plain_word(char::from(b), flow))
            .unwrap_or(rest.len())
    }

    // Values files are mostly comments: skip them at memchr's speed.
    fn break_at(&self, from: usize) -> usize {
        let rest = self.0.get(from..).unwrap_or_default();
        from + memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len())
    }
}

struct Decoded {
    chars: Vec<char>,
    /// Byte offset of each char, plus the text's length.
    offsets: Vec<usize>,
}

impl Decoded {
    fn new(text: &str) -> Self {
        let (mut chars, mut offsets) = (Vec::new(), Vec::new());
        for (b, c) in text.char_indices() {
            chars.push(c);
            offsets.push(b);
        }
        offsets.push(text.len());
        Decoded { chars, offsets }
    }
}

impl CharIndex for Decoded {
    fn len(&self) -> usize {
        self.chars.len()
    }

    #[inline]
    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn byte_offset(&self, i: usize) -> usize {
        self.offsets
            .get(i)
            .or(self.offsets.last())
            .copied()
            .unwrap_or(0)
    }
}

struct Scanner<'a, C> {
    text: &'a str,
    chars: C,
    i: usize,
    /// 0-based line and column of `i`.
    line: usize,
    col: usize,
    /// The open flow collections, innermost last.
    flows: Vec<Flow>,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    /// Whether the first document has content (a later `---` ends it).
    content: bool,
    continued: Vec<Continued>,
    /// The anchors defined so far.
    anchors: HashSet<String>,
    /// A parser error waiting for the parser to get there.
    pending: Option<YamlError>,
    error: Option<YamlError>,
    /// Past libyaml's first error: only looking for lines to pad.
    frozen: bool,
}

/// Scans `text` as libyaml does: the lines saphyr needs padded and the
/// errors it does not see.
pub fn scan(text: &str) -> Layout {
    if text.is_ascii() {
        scan_with(text, Ascii(text.as_bytes()))
    } else {
        scan_with(text, Decoded::new(text))
    }
}

fn scan_with<C: CharIndex>(text: &str, chars: C) -> Layout {
    let mut s = Scanner {
        text,
        chars,
        i: 0,
        line: 0,
        col: 0,
        flows: Vec::new(),
        indent: -1,
        indents: Vec::new(),
        simple_key_allowed: true,
        simple_keys: vec![SimpleKey::default()],
        content: false,
        continued: Vec::new(),
        anchors: HashSet::new(),
        pending: None,
        error: None,
        frozen: false,
    };
    if s.peek() == '\u{feff}' {
        s.i += 1;
    }
    if s.run().is_err() {
        // libyaml stops here. saphyr may not (its error can come later, or
        // only past an under-indented line): keep finding the lines to pad.
        s.frozen = true;
        while !s.at_end() {
            let before = s.i;
            if s.run().is_ok() {
                break;
            }
            if s.i == before {
                s.skip_any();
            }
        }
    }
    let pads = s.pads();
    Layout {
        pads,
        error: s.error,
    }
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Blank, break or the end (`'\0'` stands for the end).
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

/// A blank, a break, the end (`'\0'`), `:`, or in a flow collection an
/// indicator that ends a plain scalar.
fn ends_plain_word(c: char, flow: bool) -> bool {
    is_blankz(c) || c == ':' || (flow && matches!(c, ',' | '?' | '[' | ']' | '{' | '}'))
}

fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl<C: CharIndex> Scanner<'_, C> {
    fn peek_at(&self, n: usize) -> char {
        self.chars.get(self.i + n).unwrap_or('\0')
    }

    fn peek(&self) -> char {
        self.peek_at(0)
    }

    fn at_end(&self) -> bool {
        self.i >= self.chars.len()
    }

    /// Steps over one char, a line break too.
    fn skip_any(&mut self) {
        if is_break(self.peek()) {
            self.skip_line(self.in_flow());
        } else {
            self.skip();
        }
    }

    /// Steps to the end of the line (the line break or the end).
    fn skip_to_break(&mut self) {
        let end = self.chars.break_at(self.i).max(self.i);
        self.col += end - self.i;
        self.i = end;
    }

    /// Steps over one char that is not a line break.
    fn skip(&mut self) {
        if !self.at_end() {
            self.i += 1;
            self.col += 1;
        }
    }

    /// Steps over a line break; `continued` says whether the next line
    /// starts inside a quoted scalar (`Some(true)`) or a flow collection
    /// (`Some(false)`).
    fn skip_line(&mut self, continued: Option<bool>) {
        if self.peek() == '\r' && self.peek_at(1) == '\n' {
            self.i += 2;
        } else {
            self.i += 1;
        }
        self.line += 1;
        self.col = 0;
        if let Some(quoted) = continued {
            self.continued.push(Continued {
                line: self.line,
                char_index: self.i,
                need: usize::try_from(self.indent + 1).unwrap_or(0),
                quoted,
            });
        }
    }

    /// The next line's continuation kind in the current context.
    fn in_flow(&self) -> Option<bool> {
        (self.flow_level() > 0).then_some(false)
    }

    fn is_document_indicator(&self) -> bool {
        self.col == 0
            && ((self.peek() == '-' && self.peek_at(1) == '-' && self.peek_at(2) == '-')
                || (self.peek() == '.' && self.peek_at(1) == '.' && self.peek_at(2) == '.'))
            && is_blankz(self.peek_at(3))
    }

    fn run(&mut self) -> Result<(), Stop> {
        loop {
            if self.pending.is_some() && !self.parser_blocked() {
                return Err(self.finish());
            }
            self.scan_to_next_token();
            self.stale_simple_keys()?;
            self.unroll_indent(self.col as isize);
            if self.at_end() {
                return Err(self.finish());
            }
            let c = self.peek();
            let next = self.peek_at(1);
            if self.col == 0 && c == '%' {
                // A directive: fine before the first document; after its
                // content it ends the document (block context) or is a
                // parser error (flow context), unless libyaml's scanner
                // rejects it first.
                if self.content || self.flow_level() > 0 {
                    let start = self.i + 1;
                    let mut end = start;
                    while is_alpha(self.chars.get(end).unwrap_or('\0')) {
                        end += 1;
                    }
                    let name = self.chars.string(start, end);
                    let after = self.chars.get(end).unwrap_or('\0');
                    if !name.is_empty() && is_blankz(after) && name != "YAML" && name != "TAG" {
                        return Err(self.scanner_error("found unknown directive name"));
                    }
                    return Err(self.finish());
                }
                self.skip_to_break();
                continue;
            }
            if self.is_document_indicator() {
                if self.content || self.flow_level() > 0 || c == '.' {
                    return Err(self.finish());
                }
                self.unroll_indent(-1);
                self.remove_simple_key()?;
                self.simple_key_allowed = false;
                for _ in 0..3 {
                    self.skip();
                }
                continue;
            }
            self.content = true;
            let flow = self.flow_level() > 0;
            match c {
                '[' | '{' => {
                    self.save_simple_key()?;
                    self.node(false)?;
                    self.flows.push(Flow {
                        mapping: c == '{',
                        ..Flow::default()
                    });
                    self.simple_keys.push(SimpleKey::default());
                    self.simple_key_allowed = true;
                    self.skip();
                }
                ']' | '}' => {
                    self.remove_simple_key()?;
                    if self.flows.pop().is_none() {
                        return Err(self.finish());
                    }
                    self.simple_keys.pop();
                    self.simple_key_allowed = false;
                    self.skip();
                }
                ',' => {
                    self.remove_simple_key()?;
                    if let Some(f) = self.flows.last_mut() {
                        *f = Flow {
                            mapping: f.mapping,
                            ..Flow::default()
                        };
                    }
                    self.simple_key_allowed = true;
                    self.skip();
                }
                '-' if is_blankz(next) => {
                    if flow {
                        // A block entry in a flow collection: the parser
                        // rejects it.
                        self.misplaced_token()?;
                        self.skip();
                        continue;
                    }
                    if !self.simple_key_allowed {
                        return Err(Stop);
                    }
                    self.roll_indent(self.col);
                    self.remove_simple_key()?;
                    self.simple_key_allowed = true;
                    self.skip();
                }
                '?' if flow || is_blankz(next) => {
                    if flow {
                        // A key indicator only starts an entry.
                        let f = self.flows.last().copied().unwrap_or_default();
                        if f.has_node || f.after_value || f.explicit_key {
                            self.misplaced_token()?;
                        }
                        if let Some(f) = self.flows.last_mut() {
                            f.explicit_key = true;
                        }
                    } else {
                        if !self.simple_key_allowed {
                            return Err(Stop);
                        }
                        self.roll_indent(self.col);
                    }
                    self.remove_simple_key()?;
                    self.simple_key_allowed = !flow;
                    self.skip();
                }
                ':' if flow || is_blankz(next) => {
                    let key = self.simple_keys.last().copied().unwrap_or_default();
                    if key.possible {
                        self.roll_indent(key.col);
                        if let Some(k) = self.simple_keys.last_mut() {
                            k.possible = false;
                        }
                        self.simple_key_allowed = false;
                    } else {
                        if flow {
                            // A value without a key (e.g. the key ran over
                            // a line break): fine only after `?`.
                            if !self.flows.last().is_some_and(|f| f.explicit_key) {
                                self.misplaced_token()?;
                            }
                        } else {
                            if !self.simple_key_allowed {
                                return Err(Stop);
                            }
                            self.roll_indent(self.col);
                        }
                        self.simple_key_allowed = !flow;
                    }
                    if let Some(f) = self.flows.last_mut() {
                        f.explicit_key = false;
                        f.has_node = false;
                        f.props = false;
                        f.after_value = true;
                    }
                    self.skip();
                }
                '*' | '&' => {
                    self.save_simple_key()?;
                    self.simple_key_allowed = false;
                    self.node(c == '&')?;
                    self.skip();
                    let start = self.i;
                    while is_alpha(self.peek()) {
                        self.skip();
                    }
                    let end = self.peek();
                    if self.i == start
                        || !(is_blankz(end)
                            || matches!(end, '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`'))
                    {
                        return Err(Stop);
                    }
                    let name = self.chars.string(start, self.i);
                    if c == '&' {
                        self.anchors.insert(name);
                    } else if !self.anchors.contains(&name) {
                        // go-yaml fails on the alias's event, before the
                        // parser looks at what follows it.
                        let here = self.i;
                        self.i = start - 1;
                        let position = self.position();
                        self.i = here;
                        self.parser_error(YamlError::decode(
                            format!("unknown anchor '{name}' referenced"),
                            Some(position),
                        ))?;
                    }
                }
                '!' => {
                    self.save_simple_key()?;
                    self.simple_key_allowed = false;
                    self.node(true)?;
                    while !is_blankz(self.peek()) {
                        self.skip();
                    }
                }
                '|' | '>' if !flow => {
                    self.remove_simple_key()?;
                    self.simple_key_allowed = true;
                    self.scan_block_scalar()?;
                }
                '|' | '>' => {
                    return Err(self.scanner_error("found character that cannot start any token"));
                }
                '\'' | '"' => {
                    self.save_simple_key()?;
                    self.simple_key_allowed = false;
                    self.node(false)?;
                    self.scan_quoted(c == '\'')?;
                }
                _ if starts_plain(c, next, flow) => {
                    self.save_simple_key()?;
                    self.simple_key_allowed = false;
                    self.node(false)?;
                    self.scan_plain()?;
                }
                _ => return Err(Stop),
            }
        }
    }

    fn flow_level(&self) -> usize {
        self.flows.len()
    }

    /// A node, or with `props` its anchor or tag, in the current flow
    /// collection's entry: after another node the parser wants a `,`.
    fn node(&mut self, props: bool) -> Result<(), Stop> {
        if self.flows.last().is_some_and(|f| f.has_node && !f.props) {
            self.misplaced_token()?;
        }
        if let Some(f) = self.flows.last_mut() {
            f.has_node = true;
            f.props = props;
        }
        Ok(())
    }

    /// The parser's error for a token that cannot come next in a flow
    /// collection (a `:` without a key, a `-`, a second node).
    fn misplaced_token(&mut self) -> Result<(), Stop> {
        let problem = match self.flows.last() {
            Some(f) if f.has_node && f.mapping => "did not find expected ',' or '}'",
            Some(f) if f.has_node => "did not find expected ',' or ']'",
            _ => "did not find expected node content",
        };
        // A parser error: go-yaml prints the token's 0-based line.
        let message = if self.line == 0 {
            format!("yaml: {problem}")
        } else {
            format!("yaml: line {}: {problem}", self.line)
        };
        self.parser_error(YamlError::convert(message, Some(self.position())))
    }

    /// An error of go-yaml's parser (or composer) at the current token. The
    /// parser only gets a token once no simple key before it (or at it) is
    /// pending, and the scanner runs ahead until then: a scanner error on
    /// the way comes first. So the error waits for those keys.
    fn parser_error(&mut self, error: YamlError) -> Result<(), Stop> {
        if self.pending.is_some() || self.frozen {
            // An earlier token's error comes first.
            return Ok(());
        }
        if self.parser_blocked() {
            self.pending = Some(error);
            return Ok(());
        }
        self.error = Some(error);
        Err(Stop)
    }

    /// Whether a simple key the scanner has not resolved yet holds the
    /// parser back (libyaml looks at the line and length only when asked).
    fn parser_blocked(&self) -> bool {
        self.simple_keys
            .iter()
            .any(|k| k.possible && k.line == self.line && k.index + 1024 >= self.i)
    }

    /// Stops where the parser gets to every token scanned so far (the end
    /// of the document or a parser error): a pending error is reported.
    fn finish(&mut self) -> Stop {
        if self.error.is_none() && !self.frozen {
            self.error = self.pending.take();
        }
        Stop
    }

    /// A scanner error here: go-yaml prints the 1-based line, except on
    /// line 1.
    fn scanner_error(&mut self, problem: &str) -> Stop {
        if self.frozen {
            return Stop;
        }
        let message = if self.line == 0 {
            format!("yaml: {problem}")
        } else {
            format!("yaml: line {}: {problem}", self.line + 1)
        };
        self.error = Some(YamlError::convert(message, Some(self.position())));
        Stop
    }

    fn position(&self) -> Position {
        let offset = self.chars.byte_offset(self.i);
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        Position {
            offset,
            line: self.line + 1,
            column: self.text[line_start..offset].chars().count() + 1,
        }
    }

    fn scan_to_next_token(&mut self) {
        loop {
            while self.peek() == ' '
                || ((self.flow_level() > 0 || !self.simple_key_allowed) && self.peek() == '\t')
            {
                self.skip();
            }
            if self.peek() == '#' {
                self.skip_to_break();
            }
            if is_break(self.peek()) {
                self.skip_line(self.in_flow());
                if self.flow_level() == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return;
            }
        }
    }

    fn stale_simple_keys(&mut self) -> Result<(), Stop> {
        let (line, index) = (self.line, self.i);
        for key in &mut self.simple_keys {
            if key.possible && (key.line < line || key.index + 1024 < index) {
                if key.required {
                    return Err(Stop);
                }
                key.possible = false;
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> Result<(), Stop> {
        if self.simple_key_allowed {
            let required = self.flow_level() == 0 && self.indent == self.col as isize;
            self.remove_simple_key()?;
            let key = SimpleKey {
                possible: true,
                required,
                line: self.line,
                col: self.col,
                index: self.i,
            };
            if let Some(last) = self.simple_keys.last_mut() {
                *last = key;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<(), Stop> {
        if let Some(key) = self.simple_keys.last_mut() {
            if key.possible && key.required {
                return Err(Stop);
            }
            key.possible = false;
        }
        Ok(())
    }

    fn roll_indent(&mut self, col: usize) {
        if self.flow_level() == 0 && self.indent < col as isize {
            self.indents.push(self.indent);
            self.indent = col as isize;
        }
    }

    fn unroll_indent(&mut self, col: isize) {
        if self.flow_level() > 0 {
            return;
        }
        while self.indent > col {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn scan_block_scalar(&mut self) -> Result<(), Stop> {
        self.skip();
        let mut increment = 0;
        let digit = |c: char| c.to_digit(10).map(|d| d as isize);
        if matches!(self.peek(), '+' | '-') {
            self.skip();
            if let Some(d) = digit(self.peek()) {
                if d == 0 {
                    return Err(Stop);
                }
                increment = d;
                self.skip();
            }
        } else if let Some(d) = digit(self.peek()) {
            if d == 0 {
                return Err(Stop);
            }
            increment = d;
            self.skip();
            if matches!(self.peek(), '+' | '-') {
                self.skip();
            }
        }
        while is_blank(self.peek()) {
            self.skip();
        }
        if self.peek() == '#' {
            self.skip_to_break();
        }
        if !is_break(self.peek()) && !self.at_end() {
            return Err(Stop);
        }
        if is_break(self.peek()) {
            self.skip_line(None);
        }
        let mut indent: isize = if increment > 0 {
            if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            }
        } else {
            0
        };
        self.block_scalar_breaks(&mut indent)?;
        while self.col as isize == indent && !self.at_end() {
            self.skip_to_break();
            if self.at_end() {
                break;
            }
            self.skip_line(None);
            self.block_scalar_breaks(&mut indent)?;
        }
        Ok(())
    }

    fn block_scalar_breaks(&mut self, indent: &mut isize) -> Result<(), Stop> {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || (self.col as isize) < *indent) && self.peek() == ' ' {
                self.skip();
            }
            max_indent = max_indent.max(self.col as isize);
            if (*indent == 0 || (self.col as isize) < *indent) && self.peek() == '\t' {
                return Err(Stop);
            }
            if !is_break(self.peek()) {
                break;
            }
            self.skip_line(None);
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    fn scan_quoted(&mut self, single: bool) -> Result<(), Stop> {
        let quote = if single { '\'' } else { '"' };
        self.skip();
        loop {
            if self.is_document_indicator() || self.at_end() {
                return Err(Stop);
            }
            while !is_blankz(self.peek()) {
                let c = self.peek();
                if single && c == '\'' && self.peek_at(1) == '\'' {
                    self.skip();
                    self.skip();
                } else if c == quote {
                    break;
                } else if !single && c == '\\' && is_break(self.peek_at(1)) {
                    self.skip();
                    self.skip_line(Some(true));
                    break;
                } else if !single && c == '\\' {
                    self.skip();
                    self.skip();
                } else {
                    self.skip();
                }
            }
            if self.peek() == quote {
                self.skip();
                return Ok(());
            }
            while is_blank(self.peek()) || is_break(self.peek()) {
                if is_blank(self.peek()) {
                    self.skip();
                } else {
                    self.skip_line(Some(true));
                }
            }
        }
    }

    fn scan_plain(&mut self) -> Result<(), Stop> {
        let indent = self.indent + 1;
        let flow = self.flow_level() > 0;
        let mut leading_blanks = false;
        loop {
            if self.is_document_indicator() || self.peek() == '#' {
                break;
            }
            loop {
                // Most of a plain scalar is chars that cannot end it.
                let run = self.chars.plain_run(self.i, flow).max(self.i);
                if run > self.i {
                    leading_blanks = false;
                    self.col += run - self.i;
                    self.i = run;
                }
                let c = self.peek();
                if is_blankz(c) {
                    break;
                }
                if (c == ':' && is_blankz(self.peek_at(1)))
                    || (flow && matches!(c, ',' | '?' | '[' | ']' | '{' | '}'))
                {
                    break;
                }
                // Text after a line break joins the scalar.
                leading_blanks = false;
                self.skip();
            }
            if !(is_blank(self.peek()) || is_break(self.peek())) {
                break;
            }
            while is_blank(self.peek()) || is_break(self.peek()) {
                if is_blank(self.peek()) {
                    if leading_blanks && (self.col as isize) < indent && self.peek() == '\t' {
                        if flow {
                            return Err(self
                                .scanner_error("found a tab character that violates indentation"));
                        }
                        return Err(Stop);
                    }
                    self.skip();
                } else {
                    self.skip_line(self.in_flow());
                    leading_blanks = true;
                }
            }
            if !flow && (self.col as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(())
    }

    /// The pads the recorded lines need.
    fn pads(&self) -> Vec<Pad> {
        let mut pads = Vec::new();
        for c in &self.continued {
            if c.need == 0 {
                continue;
            }
            let at = |n: usize| self.chars.get(c.char_index + n).unwrap_or('\0');
            let width = (0..).take_while(|&n| is_blank(at(n))).count();
            let first = at(width);
            if is_break(first) || first == '\0' || width >= c.need {
                continue;
            }
            if width == 0 {
                let starts =
                    |s: &str| s.chars().enumerate().all(|(n, ch)| at(n) == ch) && is_blankz(at(3));
                if starts("---") || starts("...") || (first == '%' && !c.quoted) {
                    continue;
                }
            }
            pads.push(Pad {
                line: c.line + 1,
                offset: self.chars.byte_offset(c.char_index),
                char_index: c.char_index,
                count: c.need - width,
            });
        }
        pads
    }
}

/// Whether `c` (followed by `next`) starts a plain scalar.
fn starts_plain(c: char, next: char, flow: bool) -> bool {
    let indicator = is_blankz(c)
        || matches!(
            c,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        );
    !indicator
        || (c == '-' && !is_blank(next))
        || (!flow && matches!(c, '?' | ':') && !is_blankz(next))
}

/// `text` with `pads` applied.
pub fn apply(text: &str, pads: &[Pad]) -> String {
    let extra: usize = pads.iter().map(|p| p.count).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut last = 0;
    for pad in pads {
        out.push_str(&text[last..pad.offset]);
        out.extend(std::iter::repeat_n(' ', pad.count));
        last = pad.offset;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padded(text: &str) -> String {
        apply(text, &scan(text).pads)
    }

    #[test]
    fn pads_flow_and_quoted_continuation_lines() {
        assert_eq!(
            padded("a:\n  b: [\n    1,\n  ]\n  c: \"x\ny\"\n"),
            "a:\n  b: [\n    1,\n   ]\n  c: \"x\n   y\"\n"
        );
        // libyaml's indentation is the block collection's, not the line's.
        assert_eq!(padded("k:\n  [a,\nb]\n"), "k:\n  [a,\n b]\n");
        assert_eq!(padded("- k: {a: 1,\nb: 2}\n"), "- k: {a: 1,\n   b: 2}\n");
        // Block scalars and plain scalars are not touched.
        let block = "a: |\n  [x\n b: \"y\n";
        assert_eq!(padded(block), block);
        let plain = "a: b [c\n  d\n";
        assert_eq!(padded(plain), plain);
        // Anchors and tags before a flow collection.
        assert_eq!(padded("a: &x !!seq [1,\n2]\n"), "a: &x !!seq [1,\n 2]\n");
        // Document indicators and directives at column 0 stay.
        let doc = "a:\n  b: [x,\n---\n]\n";
        assert_eq!(padded(doc), "a:\n  b: [x,\n---\n   ]\n");
        // Top-level flow collections need nothing.
        let top = "[a,\nb]\n";
        assert_eq!(padded(top), top);
    }

    #[test]
    fn tabs_in_flow_plain_scalars() {
        let e = scan("a:\n  b: [x\n  \ty]\n").error.expect("error");
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: line 3: found a tab character that violates indentation"
        );
        assert!(scan("a:\n  b: [x\n   \ty]\n").error.is_none());
        assert!(scan("a:\n  b: [x,\n\ty]\n").error.is_none());
    }
}
