//! A fast parser for the simple YAML that values files and rendered
//! manifests are mostly written in: block mappings and sequences laid out by
//! indentation, plain and quoted scalars (over several lines too), empty
//! `[]` and `{}`, one-line flow sequences of scalars, literal and folded
//! block scalars, comments.
//!
//! It builds exactly the tree the full parser ([`super::load`], saphyr's
//! event stream plus libyaml's rules) builds, positions included, and gives
//! up (`None`) on anything else, or on anything it is not sure of, so the
//! full parser can decide. Giving up is always safe; a tree that differs is
//! a bug. The positions follow saphyr's marks: a collection ends where the
//! token after it starts (or at the stream end), an empty value sits at its
//! `:` or right after its `-` and the rest of that line, and a block scalar
//! ends wherever its scanner stopped eating indentation.

use super::Position;
use super::encode::yaml_printable;
use super::load::{Kind, Node, NodeSpan, Tree};

/// How deep collections may nest before we leave the text to the full
/// parser (which has its own limits and errors for deep documents).
const MAX_NESTING: usize = 100;

/// A simple key must fit in 1024 characters for libyaml and saphyr; stay
/// well clear of the boundary.
const MAX_KEY_BYTES: usize = 1000;

/// The tree of `text`, when `text` is in the subset this parser knows.
pub(super) fn parse(text: &str) -> Option<Tree> {
    let mut parser = FastParser::new(text)?;
    let Some(first) = parser.next_content_line(parser.line_at(0, 1)) else {
        // Only comments and blank lines: a stream without documents.
        parser.check_lines(None)?;
        return Some(Tree {
            nodes: Vec::new(),
            root: None,
        });
    };
    let (first, document_start) = if parser.is_document_start(&first) {
        let content = parser.next_content_line(parser.line_after(&first))?;
        (content, Some(first.start))
    } else {
        (first, None)
    };
    parser.check_lines(document_start)?;
    let (root, rest) = parser.parse_collection(first, first.content, 0)?;
    if rest.is_some() {
        return None;
    }
    Some(Tree {
        nodes: parser.nodes,
        root: Some(root),
    })
}

/// The character a double-quoted scalar's `\` and `c` stand for, for the
/// escapes that do not run over several characters or lines.
fn unescape(c: u8) -> Option<char> {
    Some(match c {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        _ => return None,
    })
}

/// One line of the text, without its line break.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    /// The offset of the line break, or the text's length.
    end: usize,
    /// The offset of the first non-space byte (`end` for a blank line).
    content: usize,
    /// 1-based.
    number: usize,
}

impl Line {
    fn indent(&self) -> usize {
        self.content - self.start
    }
}

/// What ended a plain scalar on its line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PlainEnd {
    LineEnd,
    /// A `#` after a space.
    Comment,
    /// A `:` before a space or the line's end, at this offset.
    Colon(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Clip,
    Strip,
    Keep,
}

/// A mapping key and where its `:` is.
struct Key {
    value: String,
    plain: bool,
    end: usize,
    colon: usize,
}

struct FastParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Columns count characters, so non-ASCII lines need counting.
    ascii: bool,
    newlines: usize,
    nodes: Vec<Node>,
}

impl<'a> FastParser<'a> {
    /// Rejects the characters whose handling differs between YAML
    /// versions, parsers or line-break rules: tabs, carriage returns,
    /// control characters, a byte order mark, Unicode line breaks and
    /// no-break spaces.
    fn new(text: &'a str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut newlines = 0;
        let mut ascii = true;
        for &b in bytes {
            match b {
                b'\n' => newlines += 1,
                0x20..=0x7E => {}
                0x80.. => ascii = false,
                _ => return None,
            }
        }
        if !ascii
            && text.chars().any(|c| {
                !c.is_ascii()
                    && (!yaml_printable(c)
                        || matches!(
                            c,
                            '\u{85}' | '\u{a0}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
                        ))
            })
        {
            return None;
        }
        Some(FastParser {
            text,
            bytes,
            ascii,
            newlines,
            nodes: Vec::with_capacity(newlines + 1),
        })
    }

    fn byte(&self, offset: usize) -> Option<u8> {
        self.bytes.get(offset).copied()
    }

    /// Document markers and directives end documents or change how they
    /// parse; the only one we take is the `---` at `document_start`.
    fn check_lines(&self, document_start: Option<usize>) -> Option<()> {
        let mut start = 0;
        loop {
            let rest = self.bytes.get(start..)?;
            let marker = rest.starts_with(b"---") || rest.starts_with(b"...");
            if rest.starts_with(b"%") || (marker && document_start != Some(start)) {
                return None;
            }
            match memchr::memchr(b'\n', rest) {
                Some(i) => start += i + 1,
                None => return Some(()),
            }
        }
    }

    fn is_document_start(&self, line: &Line) -> bool {
        self.bytes
            .get(line.start..line.end)
            .and_then(|l| l.strip_prefix(b"---"))
            .is_some_and(|rest| rest.iter().all(|&b| b == b' '))
    }

    fn line_at(&self, start: usize, number: usize) -> Option<Line> {
        if start >= self.bytes.len() {
            return None;
        }
        let rest = self.bytes.get(start..)?;
        let end = memchr::memchr(b'\n', rest).map_or(self.bytes.len(), |i| start + i);
        let spaces = rest.iter().take_while(|&&b| b == b' ').count();
        Some(Line {
            start,
            end,
            content: (start + spaces).min(end),
            number,
        })
    }

    fn line_after(&self, line: &Line) -> Option<Line> {
        self.line_at(line.end + 1, line.number + 1)
    }

    /// The first line from `line` on that is neither blank nor a comment.
    fn next_content_line(&self, mut line: Option<Line>) -> Option<Line> {
        while let Some(l) = line {
            match self.byte(l.content) {
                Some(b'#' | b'\n') | None => line = self.line_after(&l),
                Some(_) => return Some(l),
            }
        }
        None
    }

    /// The next content line after `line`; `None` at the text's end.
    fn next_after(&self, line: &Line) -> Option<Line> {
        self.next_content_line(self.line_after(line))
    }

    fn position(&self, line: &Line, offset: usize) -> Option<Position> {
        let column = if self.ascii {
            offset.checked_sub(line.start)?
        } else {
            self.text.get(line.start..offset)?.chars().count()
        };
        Some(Position {
            offset,
            line: line.number,
            column: column + 1,
        })
    }

    /// Where a block collection indented by `indent` ends when the text
    /// does. saphyr closes the collections deeper than the last line's
    /// length at the text's end on that line, and the others at the stream
    /// end, which moves to a line of its own when the last line is not
    /// empty.
    fn end_at_eof(&self, indent: usize) -> Option<Position> {
        let last_line_start = memchr::memrchr(b'\n', self.bytes).map_or(0, |i| i + 1);
        let last_line = self.text.get(last_line_start..)?;
        let length = if self.ascii {
            last_line.len()
        } else {
            last_line.chars().count()
        };
        Some(Position {
            offset: self.bytes.len(),
            line: self.newlines + 1 + usize::from(length > 0 && indent <= length),
            column: if indent > length { length + 1 } else { 1 },
        })
    }

    fn push(&mut self, kind: Kind, value: String, implicit: bool, start: Position) -> usize {
        self.nodes.push(Node {
            kind,
            tag: String::new(),
            value,
            implicit,
            span: NodeSpan { start, end: start },
            children: Vec::new(),
            anchor_name: String::new(),
            target: 0,
        });
        self.nodes.len() - 1
    }

    fn push_scalar(&mut self, value: String, plain: bool, start: Position, end: Position) -> usize {
        let id = self.push(Kind::Scalar, value, plain, start);
        self.finish(id, end, Vec::new());
        id
    }

    fn finish(&mut self, id: usize, end: Position, children: Vec<usize>) {
        if let Some(node) = self.nodes.get_mut(id) {
            node.span.end = end;
            node.children = children;
        }
    }

    fn is_entry(&self, line: &Line, at: usize) -> bool {
        self.byte(at) == Some(b'-') && (at + 1 == line.end || self.byte(at + 1) == Some(b' '))
    }

    fn skip_spaces(&self, line: &Line, mut at: usize) -> usize {
        while at < line.end && self.byte(at) == Some(b' ') {
            at += 1;
        }
        at
    }

    /// Whether only spaces and maybe a comment follow `from` on the line.
    fn only_comment_after(&self, line: &Line, from: usize) -> bool {
        let at = self.skip_spaces(line, from);
        at == line.end || (at > from && self.byte(at) == Some(b'#'))
    }

    /// A value on the lines after its key or `-`, in a collection indented
    /// by `indent`: a block collection, or a scalar or `[]`/`{}` alone on
    /// its line.
    fn parse_value_below(
        &mut self,
        line: Line,
        indent: usize,
        depth: usize,
    ) -> Option<(usize, Option<Line>)> {
        if self.is_entry(&line, line.content) || self.scan_key(&line, line.content).is_some() {
            self.parse_collection(line, line.content, depth)
        } else {
            self.parse_inline_value(&line, line.content, indent, depth)
        }
    }

    /// A block sequence or mapping starting at `at` on `line`.
    fn parse_collection(
        &mut self,
        line: Line,
        at: usize,
        depth: usize,
    ) -> Option<(usize, Option<Line>)> {
        if depth > MAX_NESTING {
            return None;
        }
        if self.is_entry(&line, at) {
            self.parse_sequence(line, at, false, depth)
        } else {
            self.parse_mapping(line, at, depth)
        }
    }

    /// A block mapping whose first key starts at `key_at` on `line`.
    /// Returns it and the content line after it.
    fn parse_mapping(
        &mut self,
        mut line: Line,
        mut key_at: usize,
        depth: usize,
    ) -> Option<(usize, Option<Line>)> {
        let indent = key_at.checked_sub(line.start)?;
        let id = self.push(
            Kind::Mapping,
            String::new(),
            false,
            self.position(&line, key_at)?,
        );
        let mut children = Vec::new();
        loop {
            let key = self.scan_key(&line, key_at)?;
            let key_id = self.push_scalar(
                key.value,
                key.plain,
                self.position(&line, key_at)?,
                self.position(&line, key.end)?,
            );
            children.push(key_id);
            let (value_id, next) = if self.only_comment_after(&line, key.colon + 1) {
                let next = self.next_after(&line);
                match next {
                    Some(n) if n.indent() > indent => {
                        self.parse_value_below(n, indent, depth + 1)?
                    }
                    Some(n) if n.indent() == indent && self.is_entry(&n, n.content) => {
                        self.parse_sequence(n, n.content, true, depth + 1)?
                    }
                    _ => {
                        let colon = self.position(&line, key.colon)?;
                        (self.push_scalar(String::new(), true, colon, colon), next)
                    }
                }
            } else {
                let at = self.skip_spaces(&line, key.colon + 1);
                self.parse_inline_value(&line, at, indent, depth + 1)?
            };
            children.push(value_id);
            match next {
                None => {
                    self.finish(id, self.end_at_eof(indent)?, children);
                    return Some((id, None));
                }
                Some(n) if n.indent() == indent => {
                    line = n;
                    key_at = n.content;
                }
                Some(n) if n.indent() < indent => {
                    self.finish(id, self.position(&n, n.content)?, children);
                    return Some((id, Some(n)));
                }
                Some(_) => return None,
            }
        }
    }

    /// A block sequence whose first `-` is at `dash_at` on `line`. An
    /// indentless one is a mapping value at the mapping's own indentation.
    fn parse_sequence(
        &mut self,
        mut line: Line,
        mut dash_at: usize,
        indentless: bool,
        depth: usize,
    ) -> Option<(usize, Option<Line>)> {
        let indent = dash_at.checked_sub(line.start)?;
        let id = self.push(Kind::Sequence, String::new(), false, Position::default());
        let mut children = Vec::new();
        loop {
            let after = self.skip_spaces(&line, dash_at + 1);
            // saphyr's entry token sits after the `-`, its spaces and any
            // comment; an indentless sequence starts there.
            let empty = self.only_comment_after(&line, dash_at + 1);
            let entry_mark = if empty { line.end } else { after };
            if children.is_empty() {
                let start = if indentless { entry_mark } else { dash_at };
                let start = self.position(&line, start)?;
                if let Some(node) = self.nodes.get_mut(id) {
                    node.span.start = start;
                }
            }
            let (value_id, next) = if empty {
                let next = self.next_after(&line);
                match next {
                    Some(n) if n.indent() > indent => {
                        self.parse_value_below(n, indent, depth + 1)?
                    }
                    _ => {
                        let mark = self.position(&line, entry_mark)?;
                        (self.push_scalar(String::new(), true, mark, mark), next)
                    }
                }
            } else if self.is_entry(&line, after) || self.scan_key(&line, after).is_some() {
                self.parse_collection(line, after, depth + 1)?
            } else {
                self.parse_inline_value(&line, after, indent, depth + 1)?
            };
            children.push(value_id);
            match next {
                None => {
                    self.finish(id, self.end_at_eof(indent)?, children);
                    return Some((id, None));
                }
                Some(n) if n.indent() == indent && self.is_entry(&n, n.content) => {
                    line = n;
                    dash_at = n.content;
                }
                Some(n) if n.indent() < indent || (indentless && n.indent() == indent) => {
                    self.finish(id, self.position(&n, n.content)?, children);
                    return Some((id, Some(n)));
                }
                Some(_) => return None,
            }
        }
    }

    /// A value that starts on its key's or entry's line at `at`, in a
    /// collection indented by `indent`.
    fn parse_inline_value(
        &mut self,
        line: &Line,
        at: usize,
        indent: usize,
        depth: usize,
    ) -> Option<(usize, Option<Line>)> {
        if depth > MAX_NESTING {
            return None;
        }
        let first = self.byte(at)?;
        let id = match first {
            b'|' | b'>' => return self.parse_block_scalar(line, at, indent, first == b'>'),
            b'[' if self.byte(self.skip_spaces(line, at + 1)) != Some(b']') => {
                self.parse_flow_sequence(line, at)?
            }
            b'[' | b'{' => {
                let close = if first == b'[' { b']' } else { b'}' };
                let close_at = self.skip_spaces(line, at + 1);
                if self.byte(close_at) != Some(close)
                    || !self.only_comment_after(line, close_at + 1)
                {
                    return None;
                }
                let kind = if first == b'[' {
                    Kind::Sequence
                } else {
                    Kind::Mapping
                };
                // Like a quoted scalar's token, the closing bracket's takes
                // in the spaces and comment after it.
                let id = self.push(kind, String::new(), false, self.position(line, at)?);
                self.finish(id, self.position(line, line.end)?, Vec::new());
                id
            }
            b'"' | b'\'' => {
                let (value, close, end) = self.scan_quoted_lines(line, at, indent)?;
                if !self.only_comment_after(&close, end) {
                    return None;
                }
                // saphyr's quoted scalar token takes in the spaces and
                // comment after it.
                let start = self.position(line, at)?;
                let id = self.push_scalar(value, false, start, self.position(&close, close.end)?);
                return Some((id, self.next_after(&close)));
            }
            _ => {
                if !self.plain_can_start(line, at, false) {
                    return None;
                }
                let (end, stop) = self.scan_plain(line, at);
                if end == at || matches!(stop, PlainEnd::Colon(_)) {
                    return None;
                }
                let mut value = self.text.get(at..end)?.to_string();
                let start = self.position(line, at)?;
                if stop == PlainEnd::LineEnd {
                    let end = self.position(line, end)?;
                    let (end, next) = self.plain_continuation(line, indent, &mut value, end)?;
                    let id = self.push_scalar(value, true, start, end);
                    return Some((id, next));
                }
                self.push_scalar(value, true, start, self.position(line, end)?)
            }
        };
        Some((id, self.next_after(line)))
    }

    /// The lines that continue a plain scalar ending `line`, in a
    /// collection indented by `indent`, folded onto `value`: those indented
    /// deeper than the collection, each joined by a space, or by a line
    /// break per blank line between. Returns where the scalar ends (`end`
    /// if nothing continues it) and the content line after it.
    fn plain_continuation(
        &self,
        line: &Line,
        indent: usize,
        value: &mut String,
        mut end: Position,
    ) -> Option<(Position, Option<Line>)> {
        let mut blank_lines = 0;
        let mut current = *line;
        loop {
            let Some(next) = self.line_after(&current) else {
                return Some((end, None));
            };
            if next.content == next.end {
                blank_lines += 1;
                current = next;
                continue;
            }
            if next.indent() <= indent || self.byte(next.content) == Some(b'#') {
                return Some((end, self.next_content_line(Some(next))));
            }
            // Indicators are ordinary characters at the start of a
            // continuation line (saphyr and libyaml only look for a `#`,
            // handled above, and `: `); a line that holds a `: ` or a
            // comment is an error or subtle: leave it alone.
            let (text_end, stop) = self.scan_plain(&next, next.content);
            if stop != PlainEnd::LineEnd {
                return None;
            }
            if blank_lines == 0 {
                value.push(' ');
            }
            for _ in 0..blank_lines {
                value.push('\n');
            }
            value.push_str(self.text.get(next.content..text_end)?);
            end = self.position(&next, text_end)?;
            blank_lines = 0;
            current = next;
        }
    }

    /// A flow sequence of scalars that closes on its line, `[a, "b"]`,
    /// starting at `at`. Keys, nesting, empty entries and the characters
    /// whose meaning differs between libyaml and saphyr in flow context
    /// (`:`, `?`, `#`) are left to the full parser.
    fn parse_flow_sequence(&mut self, line: &Line, at: usize) -> Option<usize> {
        let id = self.push(
            Kind::Sequence,
            String::new(),
            false,
            self.position(line, at)?,
        );
        let mut children = Vec::new();
        let mut item = self.skip_spaces(line, at + 1);
        loop {
            // Like the closing bracket's, the tokens of quoted scalars and
            // commas take in the spaces after them.
            let (child, after) = match self.byte(item)? {
                b'"' | b'\'' => {
                    let (value, end) = self.scan_quoted(line, item)?;
                    let after = self.skip_spaces(line, end);
                    let start = self.position(line, item)?;
                    (
                        self.push_scalar(value, false, start, self.position(line, after)?),
                        after,
                    )
                }
                _ => {
                    if !self.plain_can_start(line, item, true) {
                        return None;
                    }
                    let mut end = item;
                    let mut i = item;
                    while i < line.end {
                        match self.byte(i)? {
                            b',' | b']' => break,
                            b'[' | b'{' | b'}' | b':' | b'#' | b'?' | b'\'' | b'"' => return None,
                            // saphyr refuses a `-` before a flow indicator.
                            b'-' if matches!(self.byte(i + 1), Some(b',' | b']')) => return None,
                            b' ' => {}
                            _ => end = i + 1,
                        }
                        i += 1;
                    }
                    let value = self.text.get(item..end)?.to_string();
                    let start = self.position(line, item)?;
                    (
                        self.push_scalar(value, true, start, self.position(line, end)?),
                        i,
                    )
                }
            };
            children.push(child);
            match self.byte(after)? {
                b',' => {
                    item = self.skip_spaces(line, after + 1);
                    if matches!(self.byte(item), Some(b',' | b']')) {
                        return None;
                    }
                }
                b']' => {
                    if !self.only_comment_after(line, after + 1) {
                        return None;
                    }
                    self.finish(id, self.position(line, line.end)?, children);
                    return Some(id);
                }
                _ => return None,
            }
        }
    }

    /// Whether a plain scalar may start at `at`: not at an indicator,
    /// except a `-` glued to ordinary text (`-foo`, `--set`) and, outside
    /// flow collections, a `:` (`:8080`).
    fn plain_can_start(&self, line: &Line, at: usize, in_flow: bool) -> bool {
        match self.byte(at) {
            None | Some(b' ' | b'\n') => false,
            Some(b':') if !in_flow => self.byte(at + 1).is_some_and(|next| {
                at + 1 < line.end && !matches!(next, b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#')
            }),
            Some(b'-') => self.byte(at + 1).is_some_and(|next| {
                at + 1 < line.end && !matches!(next, b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#')
            }),
            Some(b) => !matches!(
                b,
                b'?' | b':'
                    | b','
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b'#'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b'\''
                    | b'"'
                    | b'%'
                    | b'@'
                    | b'`'
            ),
        }
    }

    /// A plain scalar's text on this line from `at`: where it ends
    /// (trailing spaces dropped) and what ended it.
    fn scan_plain(&self, line: &Line, at: usize) -> (usize, PlainEnd) {
        let mut end = at;
        let mut i = at;
        while i < line.end {
            match self.byte(i) {
                Some(b' ') => {}
                Some(b':') if i + 1 == line.end || self.byte(i + 1) == Some(b' ') => {
                    return (end, PlainEnd::Colon(i));
                }
                Some(b'#') if i > at && self.byte(i - 1) == Some(b' ') => {
                    return (end, PlainEnd::Comment);
                }
                _ => end = i + 1,
            }
            i += 1;
        }
        (end, PlainEnd::LineEnd)
    }

    /// A mapping key starting at `at`: a plain or quoted scalar followed
    /// by `:` and a space or the line's end.
    fn scan_key(&self, line: &Line, at: usize) -> Option<Key> {
        let key = match self.byte(at)? {
            b'"' | b'\'' => {
                let (value, end) = self.scan_quoted(line, at)?;
                let colon_ends = end + 1 == line.end || self.byte(end + 1) == Some(b' ');
                if self.byte(end) != Some(b':') || !colon_ends {
                    return None;
                }
                Key {
                    value,
                    plain: false,
                    end,
                    colon: end,
                }
            }
            _ => {
                if !self.plain_can_start(line, at, false) {
                    return None;
                }
                let (end, stop) = self.scan_plain(line, at);
                let PlainEnd::Colon(colon) = stop else {
                    return None;
                };
                if end == at {
                    return None;
                }
                Key {
                    value: self.text.get(at..end)?.to_string(),
                    plain: true,
                    end,
                    colon,
                }
            }
        };
        (key.colon - at <= MAX_KEY_BYTES).then_some(key)
    }

    /// A quoted scalar that closes on its line: its value and the offset
    /// after the closing quote.
    fn scan_quoted(&self, line: &Line, at: usize) -> Option<(String, usize)> {
        let quote = self.byte(at)?;
        let mut value = String::new();
        let mut i = at + 1;
        let mut run = i;
        loop {
            if i >= line.end {
                return None;
            }
            let b = self.byte(i)?;
            if b == quote {
                value.push_str(self.text.get(run..i)?);
                if quote == b'\'' && self.byte(i + 1) == Some(b'\'') && i + 1 < line.end {
                    value.push('\'');
                    i += 2;
                    run = i;
                    continue;
                }
                return Some((value, i + 1));
            }
            if quote == b'"' && b == b'\\' {
                value.push_str(self.text.get(run..i)?);
                let escaped = unescape(self.byte(i + 1)?)?;
                if i + 1 >= line.end {
                    return None;
                }
                value.push(escaped);
                i += 2;
                run = i;
                continue;
            }
            i += 1;
        }
    }

    /// A quoted scalar starting at `at` on `line`, which may go on
    /// over the lines after it, in a collection indented by `indent`: its
    /// value, the line it closes on and the offset after the closing quote.
    /// Folded as saphyr's `scan_flow_scalar` does: spaces around a line
    /// break are dropped, a single break becomes a space and `n` breaks
    /// (`n - 1` blank lines) become `n - 1` newlines. Continuation lines
    /// must be indented deeper than the collection, where saphyr and
    /// libyaml both take them as written. An escaped line break (a `\` at
    /// a line's end) is left to the full parser.
    fn scan_quoted_lines(
        &self,
        line: &Line,
        at: usize,
        indent: usize,
    ) -> Option<(String, Line, usize)> {
        let quote = self.byte(at)?;
        let mut value = String::new();
        let mut current = *line;
        let mut i = at + 1;
        loop {
            let mut run = i;
            while i < current.end {
                let b = self.byte(i)?;
                if quote == b'"' && b == b'\\' {
                    if i + 1 >= current.end {
                        return None;
                    }
                    value.push_str(self.text.get(run..i)?);
                    value.push(unescape(self.byte(i + 1)?)?);
                    i += 2;
                    run = i;
                    continue;
                }
                if b == quote {
                    value.push_str(self.text.get(run..i)?);
                    if quote == b'\'' && self.byte(i + 1) == Some(b'\'') && i + 1 < current.end {
                        value.push('\'');
                        i += 2;
                        run = i;
                        continue;
                    }
                    return Some((value, current, i + 1));
                }
                i += 1;
            }
            // The line ends inside the scalar: drop its trailing spaces
            // and fold the line breaks up to the next non-blank line.
            value.push_str(self.text.get(run..current.end)?.trim_end_matches(' '));
            let mut blank_lines = 0;
            let mut next = self.line_after(&current)?;
            while next.content == next.end {
                blank_lines += 1;
                next = self.line_after(&next)?;
            }
            if next.indent() <= indent {
                return None;
            }
            if blank_lines == 0 {
                value.push(' ');
            }
            for _ in 0..blank_lines {
                value.push('\n');
            }
            current = next;
            i = next.content;
        }
    }

    /// A block scalar whose indicator is at `at`, in a collection indented
    /// by `parent_indent`, scanned the way saphyr's `scan_block_scalar`
    /// does (no indentation indicator).
    fn parse_block_scalar(
        &mut self,
        line: &Line,
        at: usize,
        parent_indent: usize,
        folded: bool,
    ) -> Option<(usize, Option<Line>)> {
        let mut header_end = at + 1;
        let chomping = match self.byte(header_end) {
            Some(b'-') => Chomping::Strip,
            Some(b'+') => Chomping::Keep,
            _ => Chomping::Clip,
        };
        if chomping != Chomping::Clip {
            header_end += 1;
        }
        if !self.only_comment_after(line, header_end) {
            return None;
        }
        let len = self.bytes.len();
        let is = |i: usize, b: u8| self.byte(i) == Some(b);
        // The scanner's place: offset, line number, line start.
        let (mut cur, mut number, mut line_start) = if line.end < len {
            (line.end + 1, line.number + 1, line.end + 1)
        } else {
            (line.end, line.number, line.start)
        };
        let mut trailing_breaks = 0usize;
        let mut max_indent = 0;
        loop {
            while is(cur, b' ') {
                cur += 1;
            }
            max_indent = max_indent.max(cur - line_start);
            if is(cur, b'\n') {
                trailing_breaks += 1;
                cur += 1;
                number += 1;
                line_start = cur;
            } else {
                break;
            }
        }
        let indent = max_indent.max(parent_indent + 1);
        if cur >= len {
            // No content before the text ends: an empty scalar from the
            // indicator to the end (kept line breaks are subtle; leave them).
            if chomping == Chomping::Keep {
                return None;
            }
            let end_line = Line {
                start: line_start,
                end: cur,
                content: cur,
                number,
            };
            let start = self.position(line, at)?;
            let end = self.position(&end_line, cur)?;
            return Some((self.push_scalar(String::new(), false, start, end), None));
        }
        let column = cur - line_start;
        if column < indent && column > parent_indent {
            // "wrongly indented line in block scalar"
            return None;
        }
        let start_line = Line {
            start: line_start,
            end: line_start,
            content: line_start,
            number,
        };
        let start = self.position(&start_line, cur)?;
        let mut value = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        let push_breaks = |value: &mut String, n: usize| {
            for _ in 0..n {
                value.push('\n');
            }
        };
        while cur - line_start == indent && cur < len && !is(cur, b'\n') {
            let trailing_blank = is(cur, b' ');
            if folded && leading_break && !leading_blank && !trailing_blank {
                push_breaks(&mut value, trailing_breaks);
                if trailing_breaks == 0 {
                    value.push(' ');
                }
            } else {
                push_breaks(&mut value, usize::from(leading_break) + trailing_breaks);
            }
            leading_break = false;
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let rest = self.bytes.get(cur..)?;
            let end = memchr::memchr(b'\n', rest).map_or(len, |i| cur + i);
            value.push_str(self.text.get(cur..end)?);
            cur = end;
            if cur >= len {
                break;
            }
            leading_break = true;
            cur += 1;
            number += 1;
            line_start = cur;
            loop {
                while cur - line_start < indent && is(cur, b' ') {
                    cur += 1;
                }
                if is(cur, b'\n') {
                    trailing_breaks += 1;
                    cur += 1;
                    number += 1;
                    line_start = cur;
                } else {
                    break;
                }
            }
        }
        if chomping != Chomping::Strip {
            if leading_break {
                value.push('\n');
            }
            if cur >= len && cur - line_start >= indent.max(1) {
                value.push('\n');
            }
        }
        if chomping == Chomping::Keep {
            push_breaks(&mut value, trailing_breaks);
        }
        let end_line = Line {
            start: line_start,
            end: line_start,
            content: line_start,
            number,
        };
        let end = self.position(&end_line, cur)?;
        let id = self.push_scalar(value, false, start, end);
        let next = if cur >= len {
            None
        } else {
            self.next_content_line(self.line_at(line_start, number))
        };
        Some((id, next))
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::{Tree, parse_tree_slow};
    use super::parse;

    /// Whether the fast parser took `text`; panics when its tree is not the
    /// full parser's.
    fn agrees(text: &str) -> bool {
        let Some(fast) = parse(text) else {
            return false;
        };
        match parse_tree_slow(text) {
            Ok(slow) => {
                if fast != slow {
                    let first = (0..fast.nodes.len().max(slow.nodes.len()))
                        .find(|&i| fast.nodes.get(i) != slow.nodes.get(i));
                    let at = |tree: &Tree| {
                        first.and_then(|i| tree.nodes.get(i).map(|n| format!("{n:?}")))
                    };
                    panic!(
                        "trees differ for {text:?} at node {first:?}:\n fast {:?}\n slow {:?}",
                        at(&fast),
                        at(&slow)
                    );
                }
            }
            Err(e) => panic!("fast parser took {text:?}, which fails: {e}"),
        }
        true
    }

    /// Texts in the subset, each of which the fast parser must take.
    const TAKEN: &[&str] = &[
        "a: 1\n",
        "a: 1",
        "a: 1 \n",
        "a:   spaced   out  \n",
        "---\na: 1\n",
        "--- \na: 1\n",
        "# head\n---\n# after\na: 1\n",
        "# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\n",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "a:\n    deep: 1\nb: 2\n",
        "  indented: root\n  second: 2\n",
        "a:\nb:\nc:   \n",
        "a: # comment\nb: 1 # trailing\n",
        "a: x#y\nb: x #y\nc: http://h:80/p?q=1#frag\n",
        "a: b c  d\n",
        "a : b\n",
        "key:value: x\n",
        "a: -1\nb: --set\nc: -foo\nd: x-\n",
        "a: '' \nb: \"\"\nc: 'it''s'\nd: \"say \\\"hi\\\"\\n\\t\\\\\"\n",
        "a: 'x  '\nb: \"  y \"\nc: '#not'\nd: \"a: b\"\n",
        "'quoted key': 1\n\"dq\": 2\n",
        "a: []\nb: {}\nc: [] # none\nd: [ ]\n",
        "a: [1, 2]\nb: [\"ALL\"]\nc: [ 'x' , y z ,\"\" ]  # c\n",
        "- [a, -b]\n-\n  [c]\n",
        "- a\n- b\n",
        "-\n- \n-   # c\n- x\n",
        "- - a\n  - b\n- - - c\n",
        "- k: v\n  j: w\n- k2: v2\n",
        "-   k: v\n    j: w\n",
        "- name: x\n  items:\n  - 1\n  - 2\n  other:\n    - 3\n",
        "key:\n- a\n- b\nnext: 1\n",
        "key:\n- a\n-\nnext:\n",
        "key:\n  - a\n  -   b\nz:   \n",
        "a:\n  - k: v\n    l: m\n  - n\nb: []\n",
        "- \n  a: 1\n  b: 2\n-\n  - x\n",
        "- key:\n- other\n",
        "- key:\n    nested: 1\n  sib: 2\n",
        "a: |\n  line1\n  line2\nb: 1\n",
        "a: |-\n  x\n\n\nb: 1\n",
        "a: |+\n  x\n\n\nb: 1\n",
        "a: >\n  folded\n  text\n\n  para\nb: 1\n",
        "a: >-\n  folded\n    more\n  back\n",
        "a: >+\n  x\n\n",
        "a: |\n  x\n   y\n  # not a comment\n\n",
        "a: |  # header comment\n  x\n",
        "a:\n  b: |\n    x\n  c: 1\n",
        "a:\n  b: |\n    x\n  # comment\n  c: 1\n",
        "a: |\n  x",
        "a: |\n  x\n  ",
        "a: |+\n  x\n  ",
        "- |\n  in seq\n- >\n  folded\n",
        "- k: |\n    v\n  j: 1\n",
        "a: |\n\n  after blank\n",
        "a: |\nb: 1\n",
        "a: |\n  x\n    \n  y\n",
        "a: >\n  x\n    \n  y\n",
        "a: h\u{e9}llo\n\u{65e5}\u{672c}: x\n",
        "# \u{2014} comment \u{1f600}\na: \"\u{e9}\"\n\u{e9}: 1\n",
        "a: 1\n# trailing comment",
        "a:\n  b: 1\n\n\n",
        "a: 1\n   \n",
        "",
        "\n",
        "# only a comment\n",
        "# only a comment",
        "  \n\n# c\n  # d\n",
        "a: |",
        "a: |-\n",
        "a: >\n  \n\n   ",
        "a:\n  b: |-\n",
        "- |\n\n",
        "a: :8080\nb: ::x\n",
        "a: multi\n  line\n\n   folded  \n\n\n    text\nb: 1\n",
        "a:\n  below\n  too\nb: x\n",
        "- multi\n  line\n- k: a\n    b\n  j: c\n     d\n",
        "a:\n  b: x\n   y\n   z\n  c: 1\n",
        "a: x\n\n  y",
        "a: x\n  y\n  ",
        "a:\n  scalar on the next line\nb:\n    {}\nc:\n  'q'  \n",
        "-\n  below\n- x\n",
        "a:\n  |\n   block below\n",
        "a:\n  >-\n    folded\n    below\n",
        "a: starts\n  `code` then\n  'quoted', \"dq\" [x] {y} - z\n  -b &c *d !e |f >g ?h %i @j ,k :l\nb: 1\n",
        "- text\n  - not an entry\n  ? nor a key\n",
        "a: 'open\n  quote'\n",
        "a: 'one\n  two  \n\n   three\n\n\n  four'   # c\nb: 1\n",
        "a: '\n  x  '\nb: '  \n  y\n  '\n",
        "a: 'it''s\n  ''q'' '' \n  # not a comment: x\n  - not an entry'\n",
        "- 'in\n  seq'\n- k: 'in\n    map'\n  j:\n    'below\n     too'\n",
        "a:\n  - 'indentless\n    seq'\n",
        "a: 'h\u{e9}\n  \u{65e5}'\n",
        "a: 'x\n\n   \n  y'",
        "a: \"one\n  two \\t  \n\n   three\\\"\\\\\n  four\"  # c\nb: 1\n",
        "- \"\\ \n  x\\n\n  \"\n- k: \"in\n    'map' #\"\n",
    ];

    /// Texts outside the subset, which the fast parser must leave alone.
    const LEFT: &[&str] = &[
        "---\n",
        "# c\n---\n",
        "# c\n...\n",
        "scalar\n",
        "\"quoted root\"\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "a:\t1\n",
        "a: 1\r\n",
        "\u{feff}a: 1\n",
        "a: \u{85}\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "? a\n: b\n",
        "a: [1, [2]]\n",
        "a: [1, 2,]\n",
        "a: [a: b]\n",
        "a: [x?y]\n",
        "a: [1, 2] x\n",
        "a: [1, 2]: x\n",
        "a: {b: c}\n",
        "a: [\n]\n",
        "a: x\n  y: z\n",
        "a: x\n  # c\n  y\n",
        "a: x # c\n  y\n",
        "a: x\n  y # c\n",
        "a: \"escaped \\\n  break\"\n",
        "a: \"x\\\n",
        "a: \"x\n  \\u00e9\"\n",
        "a:\n  b: \"x\n  y\"\n",
        "a: \"x\n  y\" z\n",
        "a: 'x\nb: 1'\n",
        "a:\n  b: 'x\n  y'\n",
        "- k: 'x\n  y'\n",
        "a: 'x\n  y' z\n",
        "a: 'x\n  y': z\n",
        "a: 'x\n  y'#c\n",
        "a: 'unterminated\n  x\n",
        "a: 'unterminated\n",
        "a: 'x\n\n",
        "'multi\n  key': 1\n",
        "a: ['x\n  y']\n",
        "a: x\n  y: z\n  w\n",
        "a: x\n  y #c\n",
        "a: \"esc \\u00e9\"\n",
        "a: b: c\n",
        "a: b:\n",
        "a: - b\n",
        "a: -\n",
        "a: 1\n b: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "- a\nb: 1\n",
        "a: 1\n- b\n",
        "a: |2\n  x\n",
        "a: >\n   more\n  x\n",
        "a: |\n    x\n  y\n",
        "a: |\n    \n  x\n",
        "|\n  root block\n",
        "a: 'x'y\n",
        "a: 'x'#c\n",
        "a: x # c\n  more\n",
        "@a: 1\n",
        "a: `b`\n",
        "a: \"x\"\"y\"\n",
        "a: |+",
        "a: |+\n  \n",
    ];

    #[test]
    fn takes_the_subset_and_agrees() {
        for text in TAKEN {
            assert!(agrees(text), "fast parser gave up on {text:?}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for text in LEFT {
            assert!(parse(text).is_none(), "fast parser took {text:?}");
        }
    }

    /// Every text one byte away from ours: whenever the fast parser takes
    /// it, the full parser must build the same tree.
    #[test]
    fn single_edits_agree() {
        const BYTES: &[u8] = b" -:#'\"|>\n[]{}a1\\?&*!%+.~";
        let mut seeds = vec![
            "a:\n  b: |\n    x\n\n    y\n  c:\n  - d: 'e'\n    f: \"g\"\n  -   h\n",
            "- k: v # c\n  l: []\n- - x\n  - >-\n    y\n    z\nm: {}\n",
            "a: 'x\n  y''\n\n  z'\nb: p\n  'q\n  -r\nc:\n- 's\n  t'\n",
            "a: \"x \\\"\n  y\\t\n\n  z\"\nb:\n- \"s\n  t\"\n",
        ];
        seeds.extend(TAKEN.iter().filter(|t| t.len() > 12));
        let mut taken = 0;
        let mut total = 0;
        for seed in &seeds {
            let bytes = seed.as_bytes();
            let mut check = |edited: Vec<u8>| {
                if let Ok(text) = String::from_utf8(edited) {
                    total += 1;
                    taken += usize::from(agrees(&text));
                }
            };
            for i in 0..=bytes.len() {
                if i < bytes.len() {
                    let mut v = bytes.to_vec();
                    v.remove(i);
                    check(v);
                }
                for &b in BYTES {
                    let mut v = bytes.to_vec();
                    v.insert(i, b);
                    check(v);
                    if i < bytes.len() && bytes[i] != b {
                        let mut v = bytes.to_vec();
                        v[i] = b;
                        check(v);
                    }
                }
            }
        }
        // The edits must exercise the fast parser, not only its refusals.
        assert!(taken * 4 > total, "only {taken} of {total} edits taken");
    }

    /// Our own fixtures, whole: wherever the fast parser takes one, it
    /// agrees.
    #[test]
    fn fixtures_agree() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut taken = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    taken += usize::from(agrees(&text));
                }
            }
        }
        assert!(taken > 50, "only {taken} fixtures taken");
    }
}
