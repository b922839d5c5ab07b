//! The parse tree: Go's `text/template/parse` nodes, each with its byte
//! position in the template text.
//!
//! `Display` prints a node the way Go's `Node.String()` does, because
//! execution errors quote it (`executing "t" at <.Values.a>: ...`).

use std::fmt::{self, Debug, Display, Write};
use std::ops::Deref;
use std::sync::Arc;

/// A byte offset into the template text.
pub type Pos = usize;

/// A piece of a template's text. It shares the text's allocation, so the
/// parser allocates nothing for the text, names and literals of a tree.
#[derive(Clone)]
pub struct Src {
    text: Arc<str>,
    start: usize,
    end: usize,
}

impl Src {
    /// `text[start..end]`; a range that is not one (it never is, coming from
    /// the lexer) reads as the empty string rather than panicking.
    pub fn new(text: &Arc<str>, start: usize, end: usize) -> Self {
        Src {
            text: text.clone(),
            start,
            end,
        }
    }

    /// Text that is not in the template: its own allocation.
    pub fn owned(text: &str) -> Self {
        Src {
            text: Arc::from(text),
            start: 0,
            end: text.len(),
        }
    }

    pub fn as_str(&self) -> &str {
        self.text.get(self.start..self.end).unwrap_or_default()
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    /// This piece followed by `other`: one piece of the template when the
    /// two adjoin in it, as chained fields always do, else a new string.
    pub fn joined(&self, other: &Src) -> Src {
        if self.end == other.start && Arc::ptr_eq(&self.text, &other.text) {
            return Src {
                text: self.text.clone(),
                start: self.start,
                end: other.end,
            };
        }
        Src::owned(&format!("{self}{other}"))
    }

    /// Without its first character (a field's dot).
    pub fn without_first(&self) -> Src {
        let skip = self.as_str().chars().next().map_or(0, char::len_utf8);
        Src {
            text: self.text.clone(),
            start: self.start + skip,
            end: self.end,
        }
    }
}

impl Deref for Src {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Debug for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Debug::fmt(self.as_str(), f)
    }
}

impl Display for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Prints dot-separated names as a list, the shape the tree had when each
/// name was its own string.
struct Names<'s>(&'s str);

impl Debug for Names<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.split('.')).finish()
    }
}

/// One parsed template: a file's top level, or a `define`/`block` body.
#[derive(Debug)]
pub struct Tree {
    /// The template's name (`define "name"` or the file name).
    pub name: Arc<str>,
    /// The name of the text it was parsed from (the file), as Go's
    /// `ParseName`; error locations use it.
    pub parse_name: Arc<str>,
    /// The whole text it was parsed from, for line and column numbers.
    pub text: Arc<str>,
    /// Shared by the trees of every file with the same text (see
    /// `TemplateSet::parse`).
    pub root: Arc<ListNode>,
}

impl Tree {
    /// Go's `parse.IsEmptyTree`: only whitespace text and comments.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty_tree()
    }

    /// 1-based line and Go's 0-based byte column of `pos`.
    pub fn line_col(&self, pos: Pos) -> (usize, usize) {
        line_col(&self.text, pos)
    }
}

/// 1-based line and 0-based byte column, as Go's `ErrorContext` computes them.
pub fn line_col(text: &str, pos: Pos) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let col = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => pos - (nl + 1),
        None => pos,
    };
    (line, col)
}

#[derive(Debug, Default)]
pub struct ListNode {
    pub pos: Pos,
    pub nodes: Vec<Node>,
}

impl ListNode {
    fn is_empty_tree(&self) -> bool {
        self.nodes.iter().all(|node| match node {
            Node::Text(text) => text.text.trim_matches(is_go_space).is_empty(),
            Node::Comment(_) => true,
            _ => false,
        })
    }
}

/// `bytes.TrimSpace` trims Unicode white space.
fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

#[derive(Debug)]
pub enum Node {
    Text(TextNode),
    Action(ActionNode),
    Comment(Pos),
    If(Box<BranchNode>),
    Range(Box<BranchNode>),
    With(Box<BranchNode>),
    Template(Box<TemplateNode>),
    Break(Pos),
    Continue(Pos),
}

impl Node {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Text(n) => n.pos,
            Node::Action(n) => n.pos,
            Node::Comment(pos) | Node::Break(pos) | Node::Continue(pos) => *pos,
            Node::If(n) | Node::Range(n) | Node::With(n) => n.pos,
            Node::Template(n) => n.pos,
        }
    }
}

#[derive(Debug)]
pub struct TextNode {
    pub pos: Pos,
    pub text: Src,
}

#[derive(Debug)]
pub struct ActionNode {
    /// Go's position: the first token of the pipeline.
    pub pos: Pos,
    /// Where `{{` starts and `}}` ends, for the source map.
    pub start: Pos,
    pub end: Pos,
    pub pipe: PipeNode,
}

/// `if`, `range` and `with`.
#[derive(Debug)]
pub struct BranchNode {
    pub pos: Pos,
    pub pipe: PipeNode,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

#[derive(Debug)]
pub struct TemplateNode {
    pub pos: Pos,
    pub end: Pos,
    pub name: Arc<str>,
    pub pipe: Option<PipeNode>,
}

#[derive(Debug)]
pub struct PipeNode {
    pub pos: Pos,
    pub is_assign: bool,
    pub decl: Vec<VariableNode>,
    pub cmds: Vec<CommandNode>,
}

#[derive(Debug)]
pub struct CommandNode {
    pub pos: Pos,
    pub args: Vec<Arg>,
}

/// An operand of a command.
#[derive(Debug)]
pub enum Arg {
    Field(FieldNode),
    Chain(Box<ChainNode>),
    Identifier(IdentifierNode),
    Pipe(Box<PipeNode>),
    Variable(VariableNode),
    Bool(Pos, bool),
    Dot(Pos),
    Nil(Pos),
    Number(Box<NumberNode>),
    String(StringNode),
}

impl Arg {
    pub fn pos(&self) -> Pos {
        match self {
            Arg::Field(n) => n.pos,
            Arg::Chain(n) => n.pos,
            Arg::Identifier(n) => n.pos,
            Arg::Pipe(n) => n.pos,
            Arg::Variable(n) => n.pos,
            Arg::Bool(pos, _) | Arg::Dot(pos) | Arg::Nil(pos) => *pos,
            Arg::Number(n) => n.pos,
            Arg::String(n) => n.pos,
        }
    }
}

pub struct FieldNode {
    pub pos: Pos,
    /// The field names joined by their dots, without the leading one:
    /// `.a.b` is `a.b`.
    pub path: Src,
}

impl Debug for FieldNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldNode")
            .field("pos", &self.pos)
            .field("ident", &Names(&self.path))
            .finish()
    }
}

pub struct ChainNode {
    pub pos: Pos,
    pub node: Arg,
    /// The field names after the node, as in [`FieldNode::path`].
    pub path: Src,
}

impl Debug for ChainNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainNode")
            .field("pos", &self.pos)
            .field("node", &self.node)
            .field("field", &Names(&self.path))
            .finish()
    }
}

#[derive(Debug)]
pub struct IdentifierNode {
    pub pos: Pos,
    pub ident: Src,
}

pub struct VariableNode {
    pub pos: Pos,
    /// The variable and the fields after it, as written: `$x.a.b`.
    pub path: Src,
}

impl VariableNode {
    /// The variable's name: `$x` of `$x.a.b`.
    pub fn name(&self) -> &str {
        let path = self.path.as_str();
        path.split_once('.').map_or(path, |(name, _)| name)
    }

    /// The fields after the variable: `a.b` of `$x.a.b`.
    pub fn fields(&self) -> Option<&str> {
        self.path.split_once('.').map(|(_, fields)| fields)
    }
}

impl Debug for VariableNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VariableNode")
            .field("pos", &self.pos)
            .field("ident", &Names(&self.path))
            .finish()
    }
}

#[derive(Debug)]
pub struct NumberNode {
    pub pos: Pos,
    pub text: Src,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int64: i64,
    pub uint64: u64,
    pub float64: f64,
    pub complex: (f64, f64),
}

#[derive(Debug)]
pub struct StringNode {
    pub pos: Pos,
    /// As written, with its quotes.
    pub quoted: Src,
    pub text: Arc<str>,
}

impl Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(n) => f.write_str(&n.text),
            Node::Action(n) => write!(f, "{{{{{}}}}}", n.pipe),
            Node::Comment(_) => f.write_str("{{/* */}}"),
            Node::If(n) => write_branch(f, "if", n),
            Node::Range(n) => write_branch(f, "range", n),
            Node::With(n) => write_branch(f, "with", n),
            Node::Template(n) => {
                write!(f, "{{{{template {}", crate::strconv::quote(&n.name))?;
                if let Some(pipe) = &n.pipe {
                    write!(f, " {pipe}")?;
                }
                f.write_str("}}")
            }
            Node::Break(_) => f.write_str("{{break}}"),
            Node::Continue(_) => f.write_str("{{continue}}"),
        }
    }
}

fn write_branch(f: &mut fmt::Formatter<'_>, name: &str, n: &BranchNode) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", n.pipe, n.list)?;
    if let Some(else_list) = &n.else_list {
        write!(f, "{{{{else}}}}{else_list}")?;
    }
    f.write_str("{{end}}")
}

impl Display for ListNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for node in &self.nodes {
            write!(f, "{node}")?;
        }
        Ok(())
    }
}

impl Display for PipeNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl Display for CommandNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(pipe) = arg {
                write!(f, "({pipe})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field(n) => write!(f, "{n}"),
            Arg::Chain(n) => {
                if let Arg::Pipe(pipe) = &n.node {
                    write!(f, "({pipe})")?;
                } else {
                    write!(f, "{}", n.node)?;
                }
                write!(f, ".{}", n.path)
            }
            Arg::Identifier(n) => f.write_str(&n.ident),
            Arg::Pipe(n) => write!(f, "{n}"),
            Arg::Variable(n) => write!(f, "{n}"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Dot(_) => f.write_char('.'),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String(n) => f.write_str(&n.quoted),
        }
    }
}

impl Display for FieldNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ".{}", self.path)
    }
}

impl Display for VariableNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_go_error_context() {
        let text = "ab\ncd{{ x }}";
        assert_eq!(line_col(text, 1), (1, 1));
        assert_eq!(line_col(text, 3), (2, 0));
        assert_eq!(line_col(text, 6), (2, 3));
    }
}
