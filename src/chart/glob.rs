//! The glob patterns of `.Files.Glob`: github.com/gobwas/glob v0.2.3 compiled
//! with `/` as the only separator, as Helm's `files.Glob` does.
//!
//! Syntax: `*` (any run of characters without `/`), `**` (any run at all),
//! `?` (one character other than `/`), `[abc]`, `[!abc]`, `[a-z]`, `[!a-z]`
//! (one character, `/` included), `{a,b}` (alternatives, nestable) and `\`
//! (escapes the next character). The pattern must match the whole name.
//!
//! The parser copies gobwas's lexer quirks on purpose, because they decide
//! which patterns fail to compile (Helm then matches everything): an
//! unclosed `{` is accepted, `,` and `}` outside braces are plain text, a NUL
//! character ends the pattern, and `[ab-c]` is the list `a`, `b`, `-`, `c`
//! (only a class that is exactly `x-y` is a range). Matching runs a Thompson
//! NFA, so no pattern takes more than linear time per name.

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(Vec<char>),
    /// `*`
    Any,
    /// `**`
    Super,
    /// `?`
    Single,
    List {
        chars: Vec<char>,
        not: bool,
    },
    Range {
        lo: char,
        hi: char,
        not: bool,
    },
    /// `{a,b}`: each alternative is a sequence.
    AnyOf(Vec<Vec<Node>>),
}

/// A compiled `.Files.Glob` pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    states: Vec<State>,
    start: usize,
}

#[derive(Clone, Debug)]
enum State {
    /// Consumes one character that satisfies the test, then goes to `next`.
    Char(CharTest, usize),
    /// Epsilon moves.
    Split(Vec<usize>),
    Match,
}

#[derive(Clone, Debug)]
enum CharTest {
    Literal(char),
    NotSeparator,
    Anything,
    List(Vec<char>, bool),
    Range(char, char, bool),
}

impl CharTest {
    fn accepts(&self, c: char) -> bool {
        match self {
            CharTest::Literal(l) => *l == c,
            CharTest::NotSeparator => c != '/',
            CharTest::Anything => true,
            CharTest::List(chars, not) => chars.contains(&c) != *not,
            CharTest::Range(lo, hi, not) => (*lo <= c && c <= *hi) != *not,
        }
    }
}

/// Why gobwas refuses a pattern (Helm then falls back to `**`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobError(pub String);

impl Glob {
    /// gobwas's `glob.Compile(pattern, '/')`.
    pub fn compile(pattern: &str) -> Result<Glob, GlobError> {
        let nodes = Parser::new(pattern).parse()?;
        Ok(Glob::build(&nodes))
    }

    /// What Helm's `Glob` uses: the pattern, or `**` when it does not compile.
    pub fn compile_or_everything(pattern: &str) -> Glob {
        Glob::compile(pattern).unwrap_or_else(|_| Glob::build(&[Node::Super]))
    }

    fn build(nodes: &[Node]) -> Glob {
        let mut states = vec![State::Match];
        let start = compile_seq(nodes, 0, &mut states);
        Glob { states, start }
    }

    /// Whether the whole of `name` matches.
    pub fn is_match(&self, name: &str) -> bool {
        let mut list = Vec::new();
        self.add(self.start, &mut vec![false; self.states.len()], &mut list);
        for c in name.chars() {
            let mut seen = vec![false; self.states.len()];
            let mut next = Vec::new();
            for &s in &list {
                if let State::Char(test, to) = &self.states[s]
                    && test.accepts(c)
                {
                    self.add(*to, &mut seen, &mut next);
                }
            }
            if next.is_empty() {
                return false;
            }
            list = next;
        }
        list.iter().any(|&s| matches!(self.states[s], State::Match))
    }

    /// Adds `state` and its epsilon closure.
    fn add(&self, state: usize, seen: &mut [bool], list: &mut Vec<usize>) {
        let mut stack = vec![state];
        while let Some(s) = stack.pop() {
            if seen[s] {
                continue;
            }
            seen[s] = true;
            match &self.states[s] {
                State::Split(targets) => stack.extend(targets.iter().rev().copied()),
                _ => list.push(s),
            }
        }
    }
}

/// Compiles `nodes` so that a match continues at `next`; returns the entry.
fn compile_seq(nodes: &[Node], next: usize, states: &mut Vec<State>) -> usize {
    let mut entry = next;
    for node in nodes.iter().rev() {
        entry = compile_node(node, entry, states);
    }
    entry
}

fn push(states: &mut Vec<State>, state: State) -> usize {
    states.push(state);
    states.len() - 1
}

fn compile_node(node: &Node, next: usize, states: &mut Vec<State>) -> usize {
    match node {
        Node::Text(chars) => {
            let mut entry = next;
            for &c in chars.iter().rev() {
                entry = push(states, State::Char(CharTest::Literal(c), entry));
            }
            entry
        }
        Node::Any | Node::Super => {
            let test = if matches!(node, Node::Any) {
                CharTest::NotSeparator
            } else {
                CharTest::Anything
            };
            // loop: split -> (char -> loop) | next
            let split = push(states, State::Split(Vec::new()));
            let step = push(states, State::Char(test, split));
            states[split] = State::Split(vec![step, next]);
            split
        }
        Node::Single => push(states, State::Char(CharTest::NotSeparator, next)),
        Node::List { chars, not } => push(
            states,
            State::Char(CharTest::List(chars.clone(), *not), next),
        ),
        Node::Range { lo, hi, not } => {
            push(states, State::Char(CharTest::Range(*lo, *hi, *not), next))
        }
        Node::AnyOf(alternatives) => {
            let entries = alternatives
                .iter()
                .map(|alt| compile_seq(alt, next, states))
                .collect();
            push(states, State::Split(entries))
        }
    }
}

/// gobwas's lexer and parser in one pass over the pattern's characters.
struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Open `{` groups: the finished alternatives of each, plus the one
    /// being read.
    groups: Vec<(Vec<Vec<Node>>, Vec<Node>)>,
}

impl Parser {
    fn new(pattern: &str) -> Self {
        // gobwas's lexer treats rune 0 as the end of input.
        let chars = pattern.chars().take_while(|&c| c != '\0').collect();
        Parser {
            chars,
            pos: 0,
            groups: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next_char(&mut self) -> Result<Option<char>, GlobError> {
        let c = self.peek();
        if c == Some(char::REPLACEMENT_CHARACTER) {
            // gobwas decodes with utf8.DecodeRuneInString and refuses RuneError.
            return Err(GlobError("could not read rune".into()));
        }
        if c.is_some() {
            self.pos += 1;
        }
        Ok(c)
    }

    fn parse(mut self) -> Result<Vec<Node>, GlobError> {
        let mut current: Vec<Node> = Vec::new();
        while let Some(c) = self.next_char()? {
            let in_terms = !self.groups.is_empty();
            match c {
                '{' => {
                    self.groups.push((Vec::new(), std::mem::take(&mut current)));
                }
                ',' if in_terms => {
                    if let Some(group) = self.groups.last_mut() {
                        group.0.push(std::mem::take(&mut current));
                    }
                }
                '}' if in_terms => {
                    if let Some((mut alternatives, outer)) = self.groups.pop() {
                        alternatives.push(std::mem::take(&mut current));
                        current = outer;
                        current.push(Node::AnyOf(alternatives));
                    }
                }
                '[' => current.push(self.range()?),
                '?' => current.push(Node::Single),
                '*' => {
                    if self.peek() == Some('*') {
                        self.pos += 1;
                        current.push(Node::Super);
                    } else {
                        current.push(Node::Any);
                    }
                }
                _ => {
                    self.pos -= 1;
                    let breakers: &[char] = if in_terms {
                        &['?', '*', '[', '{', '}', ',']
                    } else {
                        &['?', '*', '[', '{']
                    };
                    let text = self.text(breakers)?;
                    if !text.is_empty() {
                        current.push(Node::Text(text));
                    }
                }
            }
        }
        // gobwas accepts unclosed braces: the parser stops at the end of input
        // with the groups still open, and compiles them as they are.
        while let Some((mut alternatives, outer)) = self.groups.pop() {
            alternatives.push(std::mem::take(&mut current));
            current = outer;
            current.push(Node::AnyOf(alternatives));
        }
        Ok(current)
    }

    /// gobwas's `fetchText`: characters up to a breaker, `\` escaping one.
    fn text(&mut self, breakers: &[char]) -> Result<Vec<char>, GlobError> {
        let mut data = Vec::new();
        let mut escaped = false;
        while let Some(c) = self.next_char()? {
            if !escaped {
                if c == '\\' {
                    escaped = true;
                    continue;
                }
                if breakers.contains(&c) {
                    self.pos -= 1;
                    break;
                }
            }
            escaped = false;
            data.push(c);
        }
        Ok(data)
    }

    /// gobwas's `fetchRange` and `parserRange`, after the `[`.
    fn range(&mut self) -> Result<Node, GlobError> {
        let end = || GlobError("unexpected end of input".into());
        let mut not = false;
        let mut lo: Option<char> = None;
        let mut hi: Option<char> = None;
        let mut chars: Vec<char> = Vec::new();
        let mut want_hi = false;
        let mut want_close = false;
        loop {
            let c = self.next_char()?.ok_or_else(end)?;
            if want_close {
                if c != ']' {
                    return Err(GlobError("expected close range character".into()));
                }
                break;
            }
            if want_hi {
                if let Some(l) = lo
                    && c < l
                {
                    return Err(GlobError(format!(
                        "hi character '{c}' should be greater than lo '{l}'"
                    )));
                }
                hi = Some(c);
                want_close = true;
                continue;
            }
            if !not && c == '!' {
                not = true;
                continue;
            }
            if self.peek() == Some('-') {
                self.pos += 1;
                lo = Some(c);
                want_hi = true;
                continue;
            }
            self.pos -= 1;
            chars = self.text(&[']'])?;
            want_close = true;
        }
        match (lo, hi) {
            (Some(lo), Some(hi)) if chars.is_empty() => Ok(Node::Range { lo, hi, not }),
            (None, None) if !chars.is_empty() => Ok(Node::List { chars, not }),
            _ => Err(GlobError("could not parse range".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, name: &str) -> bool {
        Glob::compile(pattern).expect("compiles").is_match(name)
    }

    #[test]
    fn stars_respect_the_separator() {
        assert!(m("conf/*", "conf/a.txt"));
        assert!(!m("conf/*", "conf/sub/a.txt"));
        assert!(m("conf/**", "conf/sub/a.txt"));
        assert!(m("**", "a/b/c"));
        assert!(!m("*", "a/b"));
        assert!(m("*", "Chart.yaml"));
        assert!(m("**.yaml", "a/b.yaml"));
        assert!(!m("?", "/"));
        assert!(m("a?c", "abc"));
        assert!(m("", ""));
        assert!(!m("", "a"));
    }

    #[test]
    fn classes_and_alternatives() {
        assert!(m("f/[a-c]*", "f/bin"));
        assert!(!m("f/[!a-c]*", "f/bin"));
        assert!(m("f/[!a-c]*", "f/nonl"));
        // A negated class may match the separator.
        assert!(m("a[!x]b", "a/b"));
        assert!(m("[ab-c]", "-"));
        assert!(!m("[ab-c]", "b-"));
        assert!(m("{f,g}/nonl", "g/nonl"));
        assert!(m("{a,b{c,d}}x", "bdx"));
        assert!(m("{a,}x", "x"));
        assert!(m("a,b}", "a,b}"));
        assert!(m("\\*", "*"));
        assert!(!m("\\*", "a"));
        // Unclosed braces compile.
        assert!(m("{a,b", "b"));
    }

    #[test]
    fn bad_patterns_fail_like_gobwas() {
        for bad in [
            "[",
            "[]",
            "[!]",
            "[a",
            "[a-",
            "[z-a]",
            "[a-b",
            "[a-bc]",
            "x\u{fffd}",
        ] {
            assert!(Glob::compile(bad).is_err(), "{bad:?} should not compile");
        }
        assert!(Glob::compile_or_everything("[").is_match("any/thing"));
    }

    #[test]
    fn nul_ends_the_pattern() {
        assert!(m("ab\0cd", "ab"));
    }

    #[test]
    fn pathological_patterns_stay_linear() {
        let pattern = "**a**a**a**a**a**a**a**a**a**a**b";
        let name = "a".repeat(5000);
        assert!(!m(pattern, &name));
    }
}
