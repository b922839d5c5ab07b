//! The parser: Go's `text/template/parse/parse.go`, rule for rule, so that
//! it accepts and rejects the same templates with the same messages.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::*;
use crate::lex::{Item, ItemType, Lexer};

/// Go rejects nothing for depth, but its stacks grow; ours do not, so
/// nesting past this many levels is refused instead of overflowing.
pub const MAX_NESTING: usize = 10_000;

/// A parse error, before it is placed in a template (`template: NAME:LINE: MSG`).
#[derive(Debug)]
pub struct ParseError {
    pub line: usize,
    pub pos: usize,
    pub message: String,
}

type Result<T> = std::result::Result<T, ParseError>;

/// Parses `text` as template `name`. Returns every tree it defines: the
/// top level under `name` plus each `define` and `block`, checked with Go's
/// rule that a name is defined at most once per text (empty bodies aside).
pub fn parse(
    name: &str,
    text: &str,
    go_version: crate::exec::GoVersion,
    has_function: &dyn Fn(&str) -> bool,
) -> std::result::Result<HashMap<Arc<str>, Tree>, crate::Error> {
    let text_arc: Arc<str> = Arc::from(text);
    let parse_name: Arc<str> = Arc::from(name);
    let mut parser = Parser {
        lex: Lexer::new(text),
        token: [eof_item(), eof_item(), eof_item()],
        peek_count: 0,
        vars: vec!["$"],
        has_function,
        action_line: 0,
        range_depth: 0,
        depth: 0,
        last_right_delim_end: 0,
        trees: HashMap::new(),
        text: text_arc,
        parse_name,
    };
    parser.lex.comment_newlines = go_version >= crate::exec::GoVersion::Go125;
    parser.lex.break_ok = !has_function("break");
    parser.lex.continue_ok = !has_function("continue");
    match parser.parse_top(name) {
        Ok(()) => Ok(parser.trees),
        Err(err) => Err(crate::Error::Parse {
            name: name.to_string(),
            line: err.line,
            pos: err.pos,
            message: err.message,
        }),
    }
}

/// Recursion on a stack that grows on the heap when needed.
fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, f)
}

fn eof_item() -> Item<'static> {
    Item {
        typ: ItemType::Eof,
        pos: 0,
        val: "",
        line: 1,
    }
}

/// What `item_list` stopped at.
enum ListEnd {
    End,
    Else(Pos),
}

impl std::fmt::Display for ListEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListEnd::End => f.write_str("{{end}}"),
            ListEnd::Else(_) => f.write_str("{{else}}"),
        }
    }
}

/// A node of a list, or the `end`/`else` that closes it.
enum Parsed {
    Node(Node),
    End(ListEnd),
}

struct Parser<'a, 'f> {
    lex: Lexer<'a>,
    token: [Item<'a>; 3],
    peek_count: usize,
    /// Variables in scope, borrowed from the text.
    vars: Vec<&'a str>,
    has_function: &'f dyn Fn(&str) -> bool,
    action_line: usize,
    range_depth: usize,
    depth: usize,
    last_right_delim_end: Pos,
    trees: HashMap<Arc<str>, Tree>,
    text: Arc<str>,
    parse_name: Arc<str>,
}

impl<'a> Parser<'a, '_> {
    fn errorf<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(ParseError {
            line: self.token[0].line,
            pos: self.token[0].pos,
            message: message.into(),
        })
    }

    fn next(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        let item = self.token[self.peek_count];
        if item.typ == ItemType::RightDelim {
            self.last_right_delim_end = item.pos + item.val.len();
        }
        item
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'a>, t1: Item<'a>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1];
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0]
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let token = self.next();
            if token.typ != ItemType::Space {
                return token;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let token = self.next_non_space();
        self.backup();
        token
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> Result<Item<'a>> {
        let token = self.next_non_space();
        if token.typ != expected {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    fn expect_one_of(&mut self, a: ItemType, b: ItemType, context: &str) -> Result<Item<'a>> {
        let token = self.next_non_space();
        if token.typ != a && token.typ != b {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    fn unexpected<T>(&self, token: &Item<'_>, context: &str) -> Result<T> {
        if token.typ == ItemType::Error {
            let message = self.lex.error_message();
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.action_line
                );
                // Go avoids "action in action".
                if message.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{message}{extra}"));
        }
        self.errorf(format!(
            "unexpected {} in {context}",
            token.display(self.lex.error_message())
        ))
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.errorf(format!(
                "template nested more than {MAX_NESTING} levels deep"
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A token's text as a piece of the template.
    fn src(&self, token: &Item<'_>) -> Src {
        Src::new(&self.text, token.pos, token.pos + token.val.len())
    }

    fn variable_node(&self, token: &Item<'_>) -> VariableNode {
        VariableNode {
            pos: token.pos,
            path: self.src(token),
        }
    }

    /// Go's `Tree.add` within one parse: a second non-empty definition of a
    /// name is an error; an empty one never replaces a non-empty one.
    fn add_tree(&mut self, name: Arc<str>, root: ListNode) -> Result<()> {
        let tree = Tree {
            name: name.clone(),
            parse_name: self.parse_name.clone(),
            text: self.text.clone(),
            root: Arc::new(root),
        };
        match self.trees.get(&name) {
            Some(existing) if !existing.is_empty() => {
                if !tree.is_empty() {
                    return self.errorf(format!(
                        "template: multiple definition of template {}",
                        crate::strconv::quote(&name)
                    ));
                }
            }
            _ => {
                self.trees.insert(name, tree);
            }
        }
        Ok(())
    }

    fn parse_top(&mut self, name: &str) -> Result<()> {
        let mut root = ListNode {
            pos: self.peek().pos,
            nodes: Vec::new(),
        };
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    // A definition gets fresh variables, as Go's new Tree does.
                    let saved_vars = std::mem::replace(&mut self.vars, vec!["$"]);
                    let saved_range = std::mem::replace(&mut self.range_depth, 0);
                    let result = self.parse_definition();
                    self.vars = saved_vars;
                    self.range_depth = saved_range;
                    result?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::End(end) => return self.errorf(format!("unexpected {end}")),
                Parsed::Node(node) => root.nodes.push(node),
            }
        }
        self.add_tree(Arc::from(name), root)
    }

    fn parse_definition(&mut self) -> Result<()> {
        const CONTEXT: &str = "define clause";
        let name = self.expect_one_of(ItemType::String, ItemType::RawString, CONTEXT)?;
        let Some(name) = unquote(name.val) else {
            return self.errorf("invalid syntax");
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let (root, end) = self.item_list()?;
        if !matches!(end, ListEnd::End) {
            return self.errorf(format!("unexpected {end} in {CONTEXT}"));
        }
        self.add_tree(Arc::from(&*name), root)
    }

    fn item_list(&mut self) -> Result<(ListNode, ListEnd)> {
        let mut list = ListNode {
            pos: self.peek_non_space().pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::End(end) => return Ok((list, end)),
                Parsed::Node(node) => list.nodes.push(node),
            }
        }
        self.errorf("unexpected EOF")
    }

    fn text_or_action(&mut self) -> Result<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text(TextNode {
                pos: token.pos,
                text: self.src(&token),
            }))),
            ItemType::LeftDelim => {
                self.action_line = token.line;
                let result = self.action(token.pos);
                // Go clears the line after every action, nested ones too.
                self.action_line = 0;
                result
            }
            ItemType::Comment => Ok(Parsed::Node(Node::Comment(token.pos))),
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self, delim_pos: Pos) -> Result<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Block => return self.block_control(delim_pos).map(Parsed::Node),
            ItemType::Break => return self.break_control(token.pos, "break").map(Parsed::Node),
            ItemType::Continue => {
                return self.break_control(token.pos, "continue").map(Parsed::Node);
            }
            ItemType::Else => return self.else_control(),
            ItemType::End => return self.end_control(),
            ItemType::If => return self.branch_control("if").map(|b| Parsed::Node(Node::If(b))),
            ItemType::Range => {
                return self
                    .branch_control("range")
                    .map(|b| Parsed::Node(Node::Range(b)));
            }
            ItemType::Template => return self.template_control(delim_pos).map(Parsed::Node),
            ItemType::With => {
                return self
                    .branch_control("with")
                    .map(|b| Parsed::Node(Node::With(b)));
            }
            _ => {}
        }
        self.backup();
        let token = self.peek();
        let pipe = self.pipeline("command", ItemType::RightDelim)?;
        Ok(Parsed::Node(Node::Action(ActionNode {
            pos: token.pos,
            start: delim_pos,
            end: self.action_end(),
            pipe,
        })))
    }

    /// The byte offset just past the last `}}` read: where an action ends.
    fn action_end(&self) -> Pos {
        self.last_right_delim_end
    }

    fn break_control(&mut self, pos: Pos, word: &str) -> Result<Node> {
        let token = self.next_non_space();
        if token.typ != ItemType::RightDelim {
            return self.unexpected(&token, &format!("{{{{{word}}}}}"));
        }
        if self.range_depth == 0 {
            return self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}"));
        }
        Ok(if word == "break" {
            Node::Break(pos)
        } else {
            Node::Continue(pos)
        })
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> Result<PipeNode> {
        self.enter()?;
        let result = deep(|| self.pipeline_inner(context, end));
        self.leave();
        result
    }

    fn pipeline_inner(&mut self, context: &str, end: ItemType) -> Result<PipeNode> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break 'decls;
            }
            self.next();
            // Three-token look-ahead: in "$x foo", "foo" shows that $x is an
            // argument, not a declaration.
            let token_after_variable = self.peek();
            let next = self.peek_non_space();
            if next.typ == ItemType::Assign || next.typ == ItemType::Declare {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next_non_space();
                pipe.decl.push(self.variable_node(&v));
                self.vars.push(v.val);
            } else if next.typ == ItemType::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(self.variable_node(&v));
                self.vars.push(v.val);
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue 'decls;
                        }
                        _ => return self.errorf("range can only initialize variables"),
                    }
                }
                return self.errorf(format!("too many declarations in {context}"));
            } else if token_after_variable.typ == ItemType::Space {
                self.backup3(v, token_after_variable);
            } else {
                self.backup2(v);
            }
            break 'decls;
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> Result<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, cmd) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                cmd.args.first(),
                Some(Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String(_))
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn branch_control(&mut self, context: &str) -> Result<Box<BranchNode>> {
        let mark = self.vars.len();
        let result = deep(|| self.branch_control_inner(context));
        self.vars.truncate(mark);
        result
    }

    fn branch_control_inner(&mut self, context: &str) -> Result<Box<BranchNode>> {
        self.enter()?;
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, next) = listed?;
        let mut else_list = None;
        if let ListEnd::Else(else_pos) = next {
            // "else if" and "else with" nest a new branch in the else list,
            // whose {{end}} closes both.
            if context == "if" && self.peek().typ == ItemType::If {
                self.next();
                let nested = self.branch_control("if")?;
                else_list = Some(ListNode {
                    pos: else_pos,
                    nodes: vec![Node::If(nested)],
                });
            } else if context == "with" && self.peek().typ == ItemType::With {
                self.next();
                let nested = self.branch_control("with")?;
                else_list = Some(ListNode {
                    pos: else_pos,
                    nodes: vec![Node::With(nested)],
                });
            } else {
                let (list, next) = self.item_list()?;
                if !matches!(next, ListEnd::End) {
                    return self.errorf(format!("expected end; found {next}"));
                }
                else_list = Some(list);
            }
        }
        self.leave();
        Ok(Box::new(BranchNode {
            pos: pipe.pos,
            pipe,
            list,
            else_list,
        }))
    }

    fn end_control(&mut self) -> Result<Parsed> {
        self.expect(ItemType::RightDelim, "end")?;
        Ok(Parsed::End(ListEnd::End))
    }

    fn else_control(&mut self) -> Result<Parsed> {
        let peek = self.peek_non_space();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::End(ListEnd::Else(peek.pos)));
        }
        let token = self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::End(ListEnd::Else(token.pos)))
    }

    fn block_control(&mut self, delim_pos: Pos) -> Result<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        let end_pos = self.action_end();
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$"]);
        let saved_range = std::mem::replace(&mut self.range_depth, 0);
        let listed = self.item_list();
        self.vars = saved_vars;
        self.range_depth = saved_range;
        let (root, end) = listed?;
        if !matches!(end, ListEnd::End) {
            return self.errorf(format!("unexpected {end} in {CONTEXT}"));
        }
        self.add_tree(name.clone(), root)?;
        let _ = delim_pos;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            end: end_pos,
            name,
            pipe: Some(pipe),
        })))
    }

    fn template_control(&mut self, _delim_pos: Pos) -> Result<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            end: self.action_end(),
            name,
            pipe,
        })))
    }

    fn parse_template_name(&self, token: &Item<'_>, context: &str) -> Result<Arc<str>> {
        match token.typ {
            ItemType::String | ItemType::RawString => match unquote(token.val) {
                Some(s) => Ok(Arc::from(&*s)),
                None => self.errorf("invalid syntax"),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn command(&mut self) -> Result<CommandNode> {
        let mut cmd = CommandNode {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> Result<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        // The fields' text, dots included: `.a.b`.
        let mut fields: Option<Src> = None;
        while self.peek().typ == ItemType::Field {
            let field = self.next();
            let end = field.pos + field.val.len();
            let field = Src::new(&self.text, field.pos, end);
            fields = Some(match fields {
                None => field,
                Some(fields) => fields.joined(&field),
            });
        }
        let Some(fields) = fields else {
            return Ok(Some(node));
        };
        Ok(Some(match node {
            Arg::Field(mut field) => {
                field.path = field.path.joined(&fields);
                field.pos = chain_pos;
                Arg::Field(field)
            }
            Arg::Variable(mut variable) => {
                variable.path = variable.path.joined(&fields);
                variable.pos = chain_pos;
                Arg::Variable(variable)
            }
            Arg::Bool(..) | Arg::String(_) | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                return self.errorf(format!(
                    "unexpected . after term {}",
                    crate::strconv::quote(&node.to_string())
                ));
            }
            other => Arg::Chain(Box::new(ChainNode {
                pos: chain_pos,
                node: other,
                path: fields.without_first(),
            })),
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>> {
        let token = self.next_non_space();
        Ok(Some(match token.typ {
            ItemType::Identifier => {
                if !(self.has_function)(token.val) {
                    return self.errorf(format!(
                        "function {} not defined",
                        crate::strconv::quote(token.val)
                    ));
                }
                Arg::Identifier(IdentifierNode {
                    pos: token.pos,
                    ident: self.src(&token),
                })
            }
            ItemType::Dot => Arg::Dot(token.pos),
            ItemType::Nil => Arg::Nil(token.pos),
            ItemType::Variable => {
                if !self.vars.contains(&token.val) {
                    return self.errorf(format!(
                        "undefined variable {}",
                        crate::strconv::quote(token.val)
                    ));
                }
                Arg::Variable(self.variable_node(&token))
            }
            ItemType::Field => Arg::Field(FieldNode {
                pos: token.pos,
                path: self.src(&token).without_first(),
            }),
            ItemType::Bool => Arg::Bool(token.pos, token.val == "true"),
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match new_number(token.pos, self.src(&token), token.typ) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(message) => return self.errorf(message),
                }
            }
            ItemType::LeftParen => {
                let pipe = self.pipeline("parenthesized pipeline", ItemType::RightParen)?;
                Arg::Pipe(Box::new(pipe))
            }
            ItemType::String | ItemType::RawString => match unquote(token.val) {
                Some(text) => Arg::String(StringNode {
                    pos: token.pos,
                    quoted: self.src(&token),
                    text: Arc::from(&*text),
                }),
                None => return self.errorf("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// Go's `parse.newNumber`.
fn new_number(pos: Pos, src: Src, typ: ItemType) -> std::result::Result<NumberNode, String> {
    let text_src = src.clone();
    let text = text_src.as_str();
    let mut n = NumberNode {
        pos,
        text: src,
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        int64: 0,
        uint64: 0,
        float64: 0.0,
        complex: (0.0, 0.0),
    };
    match typ {
        ItemType::CharConstant => {
            let inner = &text[1..];
            let (c, tail) = unquote_char(inner, '\'').ok_or("invalid syntax")?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int64 = i64::from(u32::from(c));
            n.is_int = true;
            n.uint64 = u64::from(c);
            n.is_uint = true;
            n.float64 = f64::from(u32::from(c));
            n.is_float = true;
            return Ok(n);
        }
        ItemType::Complex => {
            let (re, im) = parse_complex(text).ok_or_else(|| "expected integer".to_string())?;
            n.is_complex = true;
            n.complex = (re, im);
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some(imag) = text.strip_suffix('i')
        && let Some(f) = parse_float(imag)
    {
        n.is_complex = true;
        n.complex = (0.0, f);
        simplify_complex(&mut n);
        return Ok(n);
    }
    let unsigned = parse_uint(text);
    if let Some(u) = unsigned {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = parse_int(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = unsigned.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", crate::strconv::quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if !n.is_int && (f as i64) as f64 == f {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if !n.is_uint && (f as u64) as f64 == f {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!(
            "illegal number syntax: {}",
            crate::strconv::quote(text)
        ));
    }
    Ok(n)
}

fn simplify_complex(n: &mut NumberNode) {
    let (re, im) = n.complex;
    if im == 0.0 {
        n.is_float = true;
        n.float64 = re;
        if (re as i64) as f64 == re {
            n.is_int = true;
            n.int64 = re as i64;
        }
        if (re as u64) as f64 == re {
            n.is_uint = true;
            n.uint64 = re as u64;
        }
    }
}

/// `fmt.Sscan` into a complex128 for the lexer's `1+2i` form.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let body = text.strip_suffix('i')?;
    let split = body
        .char_indices()
        .skip(1)
        .filter(|&(i, c)| {
            (c == '+' || c == '-') && !matches!(body.as_bytes()[i - 1], b'e' | b'E' | b'p' | b'P')
        })
        .map(|(i, _)| i)
        .last()?;
    let re = parse_float(&body[..split])?;
    let im = parse_float(&body[split..])?;
    Some((re, im))
}

/// Go's rule for underscores in number literals: only between digits, or
/// between a base prefix and a digit.
fn underscores_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        i = 1;
    }
    let mut hex = false;
    if b.len() - i >= 2 && b[i] == b'0' {
        let p = b[i + 1] | 0x20;
        if p == b'b' || p == b'o' || p == b'x' {
            hex = p == b'x';
            i += 2;
            saw = b'0';
        }
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (c | 0x20).is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(text, 0, 64)`.
fn parse_uint(text: &str) -> Option<u64> {
    if text.starts_with(['+', '-']) {
        return None;
    }
    parse_magnitude(text)
}

/// `strconv.ParseInt(text, 0, 64)`.
fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_magnitude(body)?;
    if neg {
        if magnitude > (i64::MAX as u64) + 1 {
            return None;
        }
        Some((magnitude as i64).wrapping_neg())
    } else {
        i64::try_from(magnitude).ok()
    }
}

fn parse_magnitude(body: &str) -> Option<u64> {
    if body.is_empty() || !underscores_ok(body) {
        return None;
    }
    let (radix, digits) = if let Some(rest) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, rest)
    } else if let Some(rest) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, rest)
    } else if let Some(rest) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, rest)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(&digits, radix).ok()
}

/// `strconv.ParseFloat(text, 64)`, for the literal forms the lexer lets
/// through: decimal and hexadecimal floats with optional underscores.
fn parse_float(text: &str) -> Option<f64> {
    if text.is_empty() || !underscores_ok(text) {
        return None;
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let value = if let Some(hex) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        parse_hex_float(hex)?
    } else {
        if body.is_empty()
            || !body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        let f: f64 = body.parse().ok()?;
        if f.is_infinite() {
            // Go reports out-of-range floats as errors (value out of range).
            return None;
        }
        f
    };
    Some(if neg { -value } else { value })
}

/// A hex float `1.8p3` (mantissa in hex, exponent of two in decimal). Go
/// requires the `p` exponent for hex floats.
fn parse_hex_float(hex: &str) -> Option<f64> {
    let (mantissa, exp) = hex.split_once(['p', 'P'])?;
    let exp: i32 = exp.parse().ok()?;
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in int_part.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac_part.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exp))
}

/// `strconv.Unquote` for the three Go quote forms. Text without escapes
/// (the usual case) comes back borrowed.
pub fn unquote(s: &str) -> Option<Cow<'_, str>> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return None;
    }
    let quote = bytes[0];
    if quote != bytes[bytes.len() - 1] {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match quote {
        b'`' => {
            if body.contains('`') {
                return None;
            }
            // Go drops carriage returns from raw strings.
            if body.contains('\r') {
                return Some(Cow::Owned(body.replace('\r', "")));
            }
            Some(Cow::Borrowed(body))
        }
        b'"' => {
            // Without escapes, newlines or quotes every character stands
            // for itself.
            if memchr::memchr3(b'\\', b'\n', b'"', body.as_bytes()).is_none() {
                return Some(Cow::Borrowed(body));
            }
            if body.contains('\n') {
                return None;
            }
            let mut out = String::with_capacity(body.len());
            let mut rest = body;
            while !rest.is_empty() {
                let (c, tail) = unquote_char(rest, '"')?;
                out.push(c);
                rest = tail;
            }
            Some(Cow::Owned(out))
        }
        b'\'' => {
            let (c, tail) = unquote_char(body, '\'')?;
            if !tail.is_empty() {
                return None;
            }
            Some(Cow::Owned(c.to_string()))
        }
        _ => None,
    }
}

/// `strconv.UnquoteChar`: decodes one character or escape of a quoted
/// literal. Byte escapes above 0x7f (`\xff`, `\377`) can't be held in a
/// Rust string and decode to U+FFFD.
pub fn unquote_char(s: &str, quote: char) -> Option<(char, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c, chars.as_str()));
    }
    let esc = chars.next()?;
    let rest = chars.as_str();
    let simple = match esc {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if esc != quote {
                return None;
            }
            Some(esc)
        }
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, rest));
    }
    let (len, radix) = match esc {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (2, 8),
        _ => return None,
    };
    if esc.is_ascii_digit() {
        let digits = rest.get(..len)?;
        let v = u32::from_str_radix(&format!("{esc}{digits}"), 8).ok()?;
        if v > 255 {
            return None;
        }
        return Some((byte_char(v), &rest[len..]));
    }
    let digits = rest.get(..len)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(digits, radix).ok()?;
    let c = if esc == 'x' {
        byte_char(v)
    } else {
        char::from_u32(v)?
    };
    Some((c, &rest[len..]))
}

fn byte_char(v: u32) -> char {
    if v < 0x80 {
        char::from_u32(v).unwrap_or('\u{FFFD}')
    } else {
        '\u{FFFD}'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> bool {
        matches!(
            name,
            "printf" | "len" | "index" | "and" | "or" | "not" | "eq"
        )
    }

    fn err(text: &str) -> String {
        match parse("t", text, crate::exec::GoVersion::Go123, &builtin) {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn go_messages_for_bad_templates() {
        assert_eq!(err("{{end}}"), "template: t:1: unexpected {{end}}");
        assert_eq!(err("{{if .x}}"), "template: t:1: unexpected EOF");
        assert_eq!(
            err("{{ foo }}"),
            "template: t:1: function \"foo\" not defined"
        );
        assert_eq!(err("{{ $x }}"), "template: t:1: undefined variable \"$x\"");
        assert_eq!(
            err("{{break}}"),
            "template: t:1: {{break}} outside {{range}}"
        );
        assert_eq!(err("{{if}}{{end}}"), "template: t:1: missing value for if");
        assert_eq!(
            err("{{ .a | 3 }}"),
            "template: t:1: non executable command in pipeline stage 2"
        );
        assert_eq!(err("a\n{{ .x"), "template: t:2: unclosed action");
    }

    #[test]
    fn accepts_valid_templates() {
        assert_eq!(
            err("{{ range $i, $e := .x }}{{ $i }}{{ break }}{{ end }}"),
            "ok"
        );
        assert_eq!(
            err("{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}"),
            "ok"
        );
        assert_eq!(
            err("{{ define \"a\" }}x{{ end }}{{ template \"a\" . }}"),
            "ok"
        );
        assert_eq!(err("{{ (printf \"%d\" 1).x }}"), "ok");
    }

    #[test]
    fn numbers_follow_go() {
        let n = new_number(0, Src::owned("0x1F"), ItemType::Number).unwrap();
        assert!(n.is_int && n.int64 == 31);
        let n = new_number(0, Src::owned("1_000"), ItemType::Number).unwrap();
        assert_eq!(n.int64, 1000);
        let n = new_number(0, Src::owned("'a'"), ItemType::CharConstant).unwrap();
        assert_eq!(n.int64, 97);
        assert!(new_number(0, Src::owned("99999999999999999999"), ItemType::Number).is_err());
        let n = new_number(0, Src::owned("1e3"), ItemType::Number).unwrap();
        assert!(n.is_float && n.is_int && n.int64 == 1000);
    }

    #[test]
    fn unquote_handles_escapes() {
        assert_eq!(unquote(r#""a\tb\x41\u00e9""#).as_deref(), Some("a\tbAé"));
        assert_eq!(unquote("`a\\n`").as_deref(), Some("a\\n"));
        assert_eq!(unquote(r#""\'""#), None);
    }
}
