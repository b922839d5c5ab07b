//! The lexer: Go's `text/template/parse/lex.go`, state for state.
//!
//! It is pulled by the parser one item at a time, as in Go, because the
//! parser's error messages depend on how far the lexer has read (the line
//! of a parse error is the line of the last item lexed).

use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum ItemType {
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords come after everything else, as in Go (`typ > itemKeyword`).
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

/// One token: its type, byte offset, text and starting line. The text is
/// borrowed from the input, so tokens are `Copy` and the parser's
/// look-ahead costs nothing. An error's message is not in the input: it
/// stays with the lexer ([`Lexer::error_message`]) and `val` is empty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item<'a> {
    pub typ: ItemType,
    pub pos: usize,
    pub val: &'a str,
    pub line: usize,
}

impl Item<'_> {
    /// Go's `item.String()`, which parse errors quote; `error` is the
    /// lexer's message, shown for an error item.
    pub fn display<'s>(&'s self, error: &'s str) -> impl fmt::Display + 's {
        ItemDisplay { item: self, error }
    }
}

struct ItemDisplay<'s, 'a> {
    item: &'s Item<'a>,
    error: &'s str,
}

impl fmt::Display for ItemDisplay<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let val = self.item.val;
        match self.item.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(self.error),
            t if t > ItemType::Keyword => write!(f, "<{val}>"),
            _ if val.len() > 10 => {
                // Go's `%.10q`: the first ten characters, quoted, then "...".
                let head: String = val.chars().take(10).collect();
                write!(f, "{}...", crate::strconv::quote(&head))
            }
            _ => f.write_str(&crate::strconv::quote(val)),
        }
    }
}

fn keyword(word: &str) -> Option<ItemType> {
    // Most words are function names: reject those quickly.
    if !matches!(
        word.as_bytes().first(),
        Some(b'.' | b'b' | b'c' | b'd' | b'e' | b'i' | b'r' | b'n' | b't' | b'w')
    ) {
        return None;
    }
    Some(match word {
        "." => ItemType::Dot,
        "block" => ItemType::Block,
        "break" => ItemType::Break,
        "continue" => ItemType::Continue,
        "define" => ItemType::Define,
        "else" => ItemType::Else,
        "end" => ItemType::End,
        "if" => ItemType::If,
        "range" => ItemType::Range,
        "nil" => ItemType::Nil,
        "template" => ItemType::Template,
        "with" => ItemType::With,
        _ => return None,
    })
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
const TRIM_MARKER_LEN: usize = 2;

pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: usize,
    line: usize,
    start_line: usize,
    inside_action: bool,
    /// The message of the last error item (its `val` is empty).
    error: String,
    pub emit_comment: bool,
    /// Count newlines inside comments (Go 1.25 does; Go 1.23 loses them).
    pub comment_newlines: bool,
    pub break_ok: bool,
    pub continue_ok: bool,
}

/// Go's `isSpace`.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Go's `isAlphaNumeric`: `_`, Unicode letters and Unicode decimal digits.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c == '_' || c.is_ascii_alphanumeric();
    }
    c.is_alphabetic() || is_unicode_digit(c)
}

/// ASCII bytes of words: Go's `isAlphaNumeric` below 0x80.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Where the next `{{` starts: memchr for `{`, which is rare in text.
fn find_left_delim(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &bytes[from..]) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Go's `unicode.IsDigit` is the Nd category; Rust's `is_numeric` is wider
/// (it includes letter-like numbers such as Ⅻ), so decimal digits are
/// checked as Nd through `to_digit`-free means.
fn is_unicode_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    c.is_numeric() && !c.is_alphabetic() && unicode_nd(c)
}

/// Approximates Nd for non-ASCII: digits come in runs of ten starting at a
/// code point ending in 0 or 6 (the Unicode blocks lay them out that way);
/// other numeric characters (fractions, Roman numerals, superscripts) do not.
fn unicode_nd(c: char) -> bool {
    let cp = c as u32;
    // Superscripts, subscripts, circled and vulgar-fraction numbers are No/Nl.
    !matches!(cp, 0x00B2 | 0x00B3 | 0x00B9 | 0x00BC..=0x00BE | 0x2070..=0x218F | 0x2460..=0x24FF | 0x2776..=0x2793 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303A | 0x3192..=0x3195 | 0x3220..=0x3229 | 0x3248..=0x324F | 0x3251..=0x325F | 0x3280..=0x3289 | 0x32B1..=0x32BF)
}

fn has_left_trim_marker(s: &[u8]) -> bool {
    matches!(s, [b'-', b, ..] if is_space_byte(*b))
}

fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn right_trim_length(s: &str) -> usize {
    s.bytes().rev().take_while(|&b| is_space_byte(b)).count()
}

fn left_trim_length(s: &str) -> usize {
    s.bytes().take_while(|&b| is_space_byte(b)).count()
}

/// Newlines in `s`. Text has a newline every few dozen bytes, too often
/// for a searcher; counting into a byte per 64-byte block lets the
/// compiler compare whole vectors at a time.
fn count_newlines(s: &str) -> usize {
    if s.len() < 64 {
        // Most spans are a delimiter's few bytes of space.
        return s.bytes().fold(0, |n, b| n + usize::from(b == b'\n'));
    }
    let mut blocks = s.as_bytes().chunks_exact(64);
    let mut count = 0;
    for block in &mut blocks {
        let in_block: u8 = block.iter().map(|&b| u8::from(b == b'\n')).sum();
        count += usize::from(in_block);
    }
    count + blocks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// Go's `atRightDelim`: whether `rest` starts with `}}`, or with a
/// trim-marked ` -}}` (the second flag).
fn at_right_delim(rest: &[u8]) -> (bool, bool) {
    // Most calls are at a word or a space: decide on the first byte.
    match rest.first() {
        Some(b'}') if rest.get(1) == Some(&b'}') => (true, false),
        Some(&b) if is_space_byte(b) && rest.get(1..4) == Some(b"-}}") => (true, true),
        _ => (false, false),
    }
}

/// Whether `c` is in `valid`, a short ASCII set: compared byte by byte,
/// cheaper than a substring search.
fn is_one_of(c: char, valid: &str) -> bool {
    u8::try_from(c).is_ok_and(|b| valid.as_bytes().contains(&b))
}

/// Go's `%#U`: `U+0023 '#'`, without the quoted character when it does
/// not print (`U+0007`).
fn sharp_u(c: char) -> String {
    if crate::gofmt::is_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            inside_action: false,
            error: String::new(),
            emit_comment: false,
            comment_newlines: false,
            break_ok: true,
            continue_ok: true,
        }
    }

    /// The message of the last error item.
    pub fn error_message(&self) -> &str {
        &self.error
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn rest_bytes(&self) -> &'a [u8] {
        self.input.as_bytes().get(self.pos..).unwrap_or_default()
    }

    fn byte_at(&self, pos: usize) -> Option<u8> {
        self.input.as_bytes().get(pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        // Templates are mostly ASCII: skip UTF-8 decoding for it.
        if let Some(b) = self.byte_at(self.pos)
            && b.is_ascii()
        {
            self.pos += 1;
            if b == b'\n' {
                self.line += 1;
            }
            return Some(char::from(b));
        }
        match self.rest().chars().next() {
            None => {
                self.at_eof = true;
                None
            }
            Some(c) => {
                self.pos += c.len_utf8();
                Some(c)
            }
        }
    }

    fn peek(&self) -> Option<char> {
        match self.byte_at(self.pos) {
            Some(b) if b.is_ascii() => Some(char::from(b)),
            _ => self.rest().chars().next(),
        }
    }

    /// Steps back over the character `next` returned; Go's `backup`, which
    /// does nothing once the input has run out.
    fn backup(&mut self) {
        if self.at_eof || self.pos == 0 {
            return;
        }
        let bytes = self.input.as_bytes();
        let last = bytes[self.pos - 1];
        if last.is_ascii() {
            self.pos -= 1;
            if last == b'\n' {
                self.line -= 1;
            }
        } else if let Some(c) = self.input[..self.pos].chars().next_back() {
            self.pos -= c.len_utf8();
        }
    }

    fn this_item(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item {
            typ,
            pos: self.start,
            val: &self.input[self.start..self.pos],
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn emit(&mut self, typ: ItemType) -> Item<'a> {
        self.this_item(typ)
    }

    fn ignore(&mut self) {
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if is_one_of(c, valid) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(c) = self.next() {
            if !is_one_of(c, valid) {
                break;
            }
        }
        self.backup();
    }

    #[inline(never)]
    fn errorf(&mut self, message: String) -> Item<'a> {
        let item = Item {
            typ: ItemType::Error,
            pos: self.start,
            val: "",
            line: self.start_line,
        };
        self.error = message;
        self.start = 0;
        self.pos = 0;
        self.input = "";
        item
    }

    /// The next item. After an error the input is gone, so it returns EOF,
    /// or the error of an action left open, as Go's lexer does.
    pub fn next_item(&mut self) -> Item<'a> {
        if self.inside_action {
            self.lex_inside_action()
        } else {
            self.lex_text()
        }
    }

    fn lex_text(&mut self) -> Item<'a> {
        loop {
            let Some(x) = find_left_delim(self.rest()) else {
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.line += count_newlines(&self.input[self.start..self.pos]);
                    return self.emit(ItemType::Text);
                }
                return self.emit(ItemType::Eof);
            };
            if x > 0 {
                let delim = self.pos + x;
                let delim_end = delim + LEFT_DELIM.len();
                let trim_length = if has_left_trim_marker(&self.input.as_bytes()[delim_end..]) {
                    right_trim_length(&self.input[self.start..delim])
                } else {
                    0
                };
                self.pos = delim - trim_length;
                self.line += count_newlines(&self.input[self.start..self.pos]);
                let item = self.this_item(ItemType::Text);
                self.pos += trim_length;
                self.ignore();
                if !item.val.is_empty() {
                    return item;
                }
            }
            if let Some(item) = self.lex_left_delim() {
                return item;
            }
            // A comment was skipped: go on with the text after it.
        }
    }

    /// `None` when it skipped a comment and the lexer is back in text.
    fn lex_left_delim(&mut self) -> Option<Item<'a>> {
        self.pos += LEFT_DELIM.len();
        let trim_space = has_left_trim_marker(self.rest_bytes());
        let after_marker = if trim_space { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return self.lex_comment();
        }
        let item = self.this_item(ItemType::LeftDelim);
        self.inside_action = true;
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        Some(item)
    }

    #[inline(never)]
    fn lex_comment(&mut self) -> Option<Item<'a>> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = memchr::memmem::find(self.rest().as_bytes(), RIGHT_COMMENT.as_bytes()) else {
            return Some(self.errorf("unclosed comment".into()));
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim_space) = at_right_delim(self.rest_bytes());
        if !delim {
            return Some(self.errorf("comment ends before closing delimiter".into()));
        }
        if self.comment_newlines {
            self.line += count_newlines(&self.input[self.start..self.pos]);
        }
        let item = self.this_item(ItemType::Comment);
        if trim_space {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim_space {
            self.pos += left_trim_length(self.rest());
        }
        self.ignore();
        if self.emit_comment {
            return Some(item);
        }
        None
    }

    fn lex_right_delim(&mut self) -> Item<'a> {
        let (_, trim_space) = at_right_delim(self.rest_bytes());
        if trim_space {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim_space {
            self.pos += left_trim_length(self.rest());
            self.ignore();
        }
        self.inside_action = false;
        item
    }

    fn lex_inside_action(&mut self) -> Item<'a> {
        let rest = self.rest_bytes();
        let (delim, _) = at_right_delim(rest);
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return self.errorf("unclosed left paren".into());
        }
        // The common starts, dispatched on the byte: Go's `next` and
        // `backup` around them would leave the lexer where it is.
        match rest.first() {
            Some(b' ' | b'\t' | b'\r' | b'\n') => return self.lex_space(),
            Some(b'0'..=b'9' | b'+' | b'-') => return self.lex_number(),
            Some(&b) if WORD_BYTE[usize::from(b)] => return self.lex_identifier(),
            _ => {}
        }
        let Some(r) = self.next() else {
            return self.errorf("unclosed action".into());
        };
        match r {
            ' ' | '\t' | '\r' | '\n' => {
                self.backup();
                self.lex_space()
            }
            '=' => self.emit(ItemType::Assign),
            ':' => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(ItemType::Declare)
            }
            '|' => self.emit(ItemType::Pipe),
            '"' => self.lex_quote(),
            '`' => self.lex_raw_quote(),
            '$' => self.lex_variable(),
            '\'' => self.lex_char(),
            '.' => {
                // ".field" unless a digit follows, which makes a number.
                match self.byte_at(self.pos) {
                    Some(b) if !b.is_ascii_digit() => self.lex_field_or_variable(ItemType::Field),
                    _ => {
                        self.backup();
                        self.lex_number()
                    }
                }
            }
            '+' | '-' | '0'..='9' => {
                self.backup();
                self.lex_number()
            }
            c if is_alphanumeric(c) => {
                self.backup();
                self.lex_identifier()
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen)
            }
            ')' => {
                if self.paren_depth == 0 {
                    return self.errorf("unexpected right paren".into());
                }
                self.paren_depth -= 1;
                self.emit(ItemType::RightParen)
            }
            c if c.is_ascii() && !c.is_ascii_control() => self.emit(ItemType::Char),
            c => self.errorf(format!("unrecognized character in action: {}", sharp_u(c))),
        }
    }

    fn lex_space(&mut self) -> Item<'a> {
        // Spaces are ASCII: step over bytes.
        let bytes = self.input.as_bytes();
        let first = self.pos;
        while let Some(&b) = bytes.get(self.pos)
            && is_space_byte(b)
        {
            if b == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
        if self.pos == bytes.len() {
            // Go's loop peeks past the end, which marks it.
            self.at_eof = true;
        }
        let num_spaces = self.pos - first;
        // A trim-marked right delimiter starts with a space: leave it.
        if let Some(back) = self.pos.checked_sub(1).and_then(|at| bytes.get(at..))
            && at_right_delim(back) == (true, true)
        {
            self.backup();
            if num_spaces == 1 {
                return self.lex_right_delim();
            }
        }
        self.emit(ItemType::Space)
    }

    /// Steps over the rest of a word (Go's loop of `next` while
    /// `isAlphaNumeric`, then `backup`), and returns the character that
    /// ended it: ASCII bytes at a time, decoding only past ASCII.
    fn scan_word(&mut self) -> Option<char> {
        let bytes = self.input.as_bytes();
        let mut at = self.pos;
        loop {
            while let Some(&b) = bytes.get(at)
                && WORD_BYTE[usize::from(b)]
            {
                at += 1;
            }
            self.pos = at;
            match bytes.get(at) {
                None => {
                    self.at_eof = true;
                    return None;
                }
                Some(&b) if b.is_ascii() => return Some(char::from(b)),
                Some(_) => match self.rest().chars().next() {
                    Some(c) if is_alphanumeric(c) => at += c.len_utf8(),
                    r => return r,
                },
            }
        }
    }

    fn lex_identifier(&mut self) -> Item<'a> {
        let r = self.scan_word();
        let word = &self.input[self.start..self.pos];
        if !self.at_terminator() {
            return self.errorf(bad_character(r));
        }
        let typ = match keyword(word) {
            Some(ItemType::Break) if !self.break_ok => ItemType::Identifier,
            Some(ItemType::Continue) if !self.continue_ok => ItemType::Identifier,
            Some(k) => k,
            None if word.starts_with('.') => ItemType::Field,
            None if word == "true" || word == "false" => ItemType::Bool,
            None => ItemType::Identifier,
        };
        self.emit(typ)
    }

    fn lex_variable(&mut self) -> Item<'a> {
        if self.at_terminator() {
            return self.emit(ItemType::Variable);
        }
        self.lex_field_or_variable(ItemType::Variable)
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Item<'a> {
        if self.at_terminator() {
            if typ == ItemType::Variable {
                return self.emit(ItemType::Variable);
            }
            return self.emit(ItemType::Dot);
        }
        let r = self.scan_word();
        if !self.at_terminator() {
            return self.errorf(bad_character(r));
        }
        self.emit(typ)
    }

    fn at_terminator(&self) -> bool {
        match self.byte_at(self.pos) {
            None => true,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            Some(b'}') => self.byte_at(self.pos + 1) == Some(b'}'),
            Some(_) => false,
        }
    }

    #[inline(never)]
    fn lex_char(&mut self) -> Item<'a> {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return self.errorf("unterminated character constant".into());
                    }
                    Some(_) => {}
                },
                None | Some('\n') => {
                    return self.errorf("unterminated character constant".into());
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemType::CharConstant)
    }

    #[inline(never)]
    fn lex_number(&mut self) -> Item<'a> {
        if !self.scan_number() {
            let text = &self.input[self.start..self.pos];
            return self.errorf(format!(
                "bad number syntax: {}",
                crate::strconv::quote(text)
            ));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = &self.input[self.start..self.pos];
                return self.errorf(format!(
                    "bad number syntax: {}",
                    crate::strconv::quote(text)
                ));
            }
            return self.emit(ItemType::Complex);
        }
        self.emit(ItemType::Number)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            return false;
        }
        true
    }

    #[inline(never)]
    fn lex_quote(&mut self) -> Item<'a> {
        loop {
            // Jump to the next byte that matters; none of those skipped is a
            // newline, so the line count holds.
            let rest = &self.input.as_bytes()[self.pos..];
            self.pos += memchr::memchr3(b'\\', b'"', b'\n', rest).unwrap_or(rest.len());
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return self.errorf("unterminated quoted string".into());
                    }
                    Some(_) => {}
                },
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemType::String)
    }

    #[inline(never)]
    fn lex_raw_quote(&mut self) -> Item<'a> {
        let rest = self.rest();
        match memchr::memchr(b'`', rest.as_bytes()) {
            Some(x) => {
                self.line += count_newlines(&rest[..x]);
                self.pos += x + 1;
                self.emit(ItemType::RawString)
            }
            None => {
                self.line += count_newlines(rest);
                self.pos = self.input.len();
                self.at_eof = true;
                self.errorf("unterminated raw quoted string".into())
            }
        }
    }
}

/// Go's `bad character %#U`, where end of input is rune -1.
fn bad_character(r: Option<char>) -> String {
    match r {
        Some(c) => format!("bad character {}", sharp_u(c)),
        None => "bad character U+FFFFFFFFFFFFFFFF".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &str) -> Vec<(ItemType, String)> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let item = lexer.next_item();
            let done = matches!(item.typ, ItemType::Eof | ItemType::Error);
            let val = if item.typ == ItemType::Error {
                lexer.error_message()
            } else {
                item.val
            };
            out.push((item.typ, val.to_string()));
            if done {
                return out;
            }
        }
    }

    #[test]
    fn trim_markers_eat_surrounding_space() {
        let got = items("a  {{- .x -}}\n b");
        assert_eq!(got[0], (ItemType::Text, "a".into()));
        assert_eq!(got[2], (ItemType::Field, ".x".into()));
        assert_eq!(got[4], (ItemType::Text, "b".into()));
    }

    #[test]
    fn negative_number_is_not_a_trim_marker() {
        let got = items("{{-3}}");
        assert_eq!(got[1], (ItemType::Number, "-3".into()));
    }

    #[test]
    fn field_chain_splits_at_dots() {
        let got = items("{{.a.b}}");
        assert_eq!(got[1], (ItemType::Field, ".a".into()));
        assert_eq!(got[2], (ItemType::Field, ".b".into()));
    }

    #[test]
    fn errors_stop_the_lexer() {
        let got = items("{{ \"abc }}");
        assert_eq!(
            got.last(),
            Some(&(ItemType::Error, "unterminated quoted string".into()))
        );
        let got = items("{{ .a");
        assert_eq!(
            got.last(),
            Some(&(ItemType::Error, "unclosed action".into()))
        );
    }

    #[test]
    fn unprintable_characters_are_not_quoted() {
        let got = items("{{ \u{7} }}");
        assert_eq!(
            got.last(),
            Some(&(
                ItemType::Error,
                "unrecognized character in action: U+0007".into()
            ))
        );
        let got = items("{{ \u{2192} }}");
        assert_eq!(
            got.last(),
            Some(&(
                ItemType::Error,
                "unrecognized character in action: U+2192 '\u{2192}'".into()
            ))
        );
        let got = items("{{ .a\u{200b} }}");
        assert_eq!(
            got.last(),
            Some(&(ItemType::Error, "bad character U+200B".into()))
        );
    }

    #[test]
    fn comments_are_skipped() {
        let got = items("a {{- /* c */ -}} b");
        assert_eq!(got[0], (ItemType::Text, "a".into()));
        assert_eq!(got[1], (ItemType::Text, "b".into()));
    }
}
