//! The executor: Go's `text/template/exec.go`.
//!
//! Go's executor works on `reflect.Value`s, and three of their properties
//! show in output and errors, so they are modelled here: whether a value is
//! *invalid* (Go's "no value", printed as `<no value>`), whether it sits in a
//! static `interface{}` slot (a map or slice element: errors then say
//! `interface {}` instead of its dynamic type), and its Go type.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::ast::*;
use crate::builtins;
use crate::error::{Error, ExecError, ExecLocation, Wrapped};
use crate::func::FuncMap;
use crate::parse;
use crate::sourcemap::{Segment, SourceMap};
use crate::value::{ElemType, FuncError, Origin, ParamType, Signature, Value};

/// Go's `missingkey` option: what a missing map key yields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MissingKey {
    /// `missingkey=default`/`invalid`: no value (`<no value>`).
    #[default]
    Default,
    /// `missingkey=zero`: the zero value of the map's element type. Helm's mode.
    Zero,
    /// `missingkey=error`: an error.
    Error,
}

/// Go releases whose text/template differs in ways templates can see.
/// Helm 3.17 is built with Go 1.23, Helm 4.1 with Go 1.25.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum GoVersion {
    /// Go 1.23: no `range` over integers; comparison errors without types;
    /// newlines inside comments are not counted in line numbers.
    #[default]
    Go123,
    /// Go 1.25: `range 3` works; `incompatible types for comparison: int and
    /// float64`; comment newlines count.
    Go125,
}

/// How execution behaves.
#[derive(Clone, Debug)]
pub struct Options {
    pub missing_key: MissingKey,
    /// Go's `maxExecDepth` for nested `template` calls.
    pub max_template_depth: usize,
    /// Nesting of templates run from functions (`include`, `tpl`), which Go
    /// does not count; without a cap a self-including template would run
    /// until memory runs out.
    pub max_call_depth: usize,
    /// Stop with an error once a template has printed this many bytes.
    pub max_output_bytes: Option<usize>,
    /// The Go release whose text/template to follow (see [`GoVersion`]).
    pub go_version: GoVersion,
    /// Record which template span printed each byte of output.
    pub source_map: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            missing_key: MissingKey::Default,
            max_template_depth: 100_000,
            max_call_depth: 10_000,
            max_output_bytes: None,
            go_version: GoVersion::Go123,
            source_map: false,
        }
    }
}

/// Whether `name` is one of Go's builtin template functions.
pub fn is_builtin_name(name: &str) -> bool {
    builtins::is_builtin(name)
}

/// A set of parsed templates that can call each other, with its functions:
/// Go's `*template.Template` and its associated templates.
#[derive(Clone, Debug, Default)]
pub struct TemplateSet {
    /// The set's own name (Go's root template name; Helm calls it `gotpl`),
    /// which "no template associated with" errors quote.
    pub name: String,
    templates: HashMap<Arc<str>, Arc<Tree>>,
    funcs: Arc<FuncMap>,
    pub options: Options,
    /// The trees parsed from each text so far, by a digest of the text.
    parsed_texts: HashMap<TextDigest, Vec<ParsedText>>,
}

/// A cheap digest of a text: its length and a hash of its two ends. Hashing
/// whole templates cost more than the re-parsing it saved; a match is
/// confirmed by comparing the texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct TextDigest {
    len: usize,
    ends: u64,
}

impl TextDigest {
    fn of(text: &str) -> Self {
        use std::hash::{Hash, Hasher};
        const END: usize = 128;
        let bytes = text.as_bytes();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes[..bytes.len().min(END)].hash(&mut hasher);
        bytes[bytes.len().saturating_sub(END)..].hash(&mut hasher);
        TextDigest {
            len: bytes.len(),
            ends: hasher.finish(),
        }
    }
}

/// What parsing one file's text gave, to give it again for another file
/// with the same text. Helm charts carry their subcharts' copies of the
/// same library (each bitnami chart bundles `common`), so about a tenth of
/// the template text of real charts is parsed more than once otherwise.
#[derive(Clone, Debug)]
struct ParsedText {
    /// The file it was parsed as, whose name the top-level tree has.
    file_name: Arc<str>,
    text: Arc<str>,
    trees: Vec<(Arc<str>, Arc<ListNode>)>,
}

impl ParsedText {
    fn of(file_name: &str, trees: &HashMap<Arc<str>, Tree>) -> Option<Self> {
        let shared_text = trees.values().next()?.text.clone();
        Some(ParsedText {
            file_name: Arc::from(file_name),
            text: shared_text,
            trees: trees
                .iter()
                .map(|(name, tree)| (name.clone(), tree.root.clone()))
                .collect(),
        })
    }

    /// Whether parsing `text` as `file_name` gives these trees renamed:
    /// the same text, naming neither file (a `define` of a file's own
    /// name merges with its top level, so the parse would differ).
    fn fits(&self, text: &str, file_name: &str) -> bool {
        *self.text == *text && !text.contains(&*self.file_name) && !text.contains(file_name)
    }

    /// The trees as if `file_name` had been parsed.
    fn as_file(&self, file_name: &str) -> HashMap<Arc<str>, Tree> {
        let file: Arc<str> = Arc::from(file_name);
        self.trees
            .iter()
            .map(|(name, root)| {
                let name = if *name == self.file_name {
                    file.clone()
                } else {
                    name.clone()
                };
                let tree = Tree {
                    name: name.clone(),
                    parse_name: file.clone(),
                    text: self.text.clone(),
                    root: root.clone(),
                };
                (name, tree)
            })
            .collect()
    }
}

/// What a template printed, and where each piece came from.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub text: String,
    pub source_map: SourceMap,
}

impl TemplateSet {
    pub fn new(funcs: FuncMap) -> Self {
        TemplateSet {
            name: String::new(),
            templates: HashMap::new(),
            funcs: Arc::new(funcs),
            options: Options::default(),
            parsed_texts: HashMap::new(),
        }
    }

    pub fn funcs(&self) -> &FuncMap {
        &self.funcs
    }

    /// Whether `name` is a function a template may call.
    pub fn has_function(&self, name: &str) -> bool {
        self.funcs.contains(name) || builtins::is_builtin(name)
    }

    /// Parses `text` as template `name` and adds it and every template it
    /// defines, as Go's `t.New(name).Parse(text)`: a definition replaces an
    /// earlier one of the same name unless it is empty.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), Error> {
        let digest = TextDigest::of(text);
        if let Some(parsed) = self
            .parsed_texts
            .get(&digest)
            .and_then(|same| same.iter().find(|p| p.fits(text, name)))
        {
            let trees = parsed.as_file(name);
            self.add_trees(trees);
            return Ok(());
        }
        let trees = parse::parse(name, text, self.options.go_version, &|f| {
            self.has_function(f)
        })?;
        if let Some(parsed) = ParsedText::of(name, &trees) {
            self.parsed_texts.entry(digest).or_default().push(parsed);
        }
        self.add_trees(trees);
        Ok(())
    }

    fn add_trees(&mut self, trees: HashMap<Arc<str>, Tree>) {
        for (name, tree) in trees {
            add_tree(&mut self.templates, name, tree);
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Arc<Tree>> {
        self.templates.get(name)
    }

    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(|k| &**k)
    }

    /// Runs template `name` with `data` as dot, as Go's `ExecuteTemplate`.
    pub fn execute(&self, name: &str, data: &Value) -> Result<Output, Error> {
        let budget = Cell::new(self.options.max_output_bytes.unwrap_or(usize::MAX));
        let mut out = Output::default();
        let ctx = Shared {
            set: self,
            overlay: None,
            budget: &budget,
            call_depth: 0,
            frames: None,
        };
        ctx.run(name, data.clone(), &mut out, self.options.source_map)?;
        Ok(out)
    }
}

fn add_tree(templates: &mut HashMap<Arc<str>, Arc<Tree>>, name: Arc<str>, tree: Tree) {
    // Go's `associate`: an empty definition does not replace a real one.
    if let Some(old) = templates.get(&name)
        && tree.is_empty()
        && !old.is_empty()
    {
        return;
    }
    templates.insert(name, Arc::new(tree));
}

/// Templates that `tpl` parsed into its copy of the set, visible while it runs.
struct Overlay<'p> {
    templates: HashMap<Arc<str>, Arc<Tree>>,
    parent: Option<&'p Overlay<'p>>,
}

/// A template run by a function (`include`), innermost first.
struct Frame<'p> {
    name: &'p str,
    parent: Option<&'p Frame<'p>>,
}

/// What nested executions share: the set, `tpl` overlays, and limits.
#[derive(Clone, Copy)]
struct Shared<'a> {
    set: &'a TemplateSet,
    overlay: Option<&'a Overlay<'a>>,
    budget: &'a Cell<usize>,
    call_depth: usize,
    frames: Option<&'a Frame<'a>>,
}

impl<'a> Shared<'a> {
    fn lookup(&self, name: &str) -> Option<&'a Arc<Tree>> {
        let mut overlay = self.overlay;
        while let Some(o) = overlay {
            if let Some(tree) = o.templates.get(name) {
                return Some(tree);
            }
            overlay = o.parent;
        }
        self.set.templates.get(name)
    }

    fn run(&self, name: &str, data: Value, out: &mut Output, record: bool) -> Result<(), Error> {
        let Some(tree) = self.lookup(name) else {
            return Err(Error::NoTemplate {
                name: name.to_string(),
                set: self.set.name.clone(),
            });
        };
        let mut state = State {
            shared: *self,
            tree,
            template_name: tree.name.clone(),
            node: None,
            vars: vec![("$", Val::concrete(data.clone()))],
            depth: 0,
            out,
            record,
        };
        let dot = Val::concrete(data);
        state.walk_list(&dot, &tree.root).map(|_| ())
    }
}

/// A value with the reflect facts Go's executor keeps (see module docs).
#[derive(Clone, Debug)]
pub(crate) struct Val {
    pub v: Value,
    /// Static type `interface{}` (a map/slice element or a range variable).
    pub iface: bool,
}

impl Val {
    pub fn concrete(v: Value) -> Val {
        Val { v, iface: false }
    }

    pub fn invalid() -> Val {
        Val {
            v: Value::Nil,
            iface: false,
        }
    }

    /// Go's `!v.IsValid()`.
    pub fn is_invalid(&self) -> bool {
        !self.iface && self.v.is_nil()
    }

    /// The Go type as errors print it.
    pub fn type_name(&self) -> String {
        if self.iface {
            "interface {}".to_string()
        } else {
            self.v.type_name()
        }
    }

    /// Go's "lovely!" step after each command: an `interface{}` is replaced
    /// by the value inside (a nil one becomes invalid).
    fn dig(self) -> Val {
        Val::concrete(self.v)
    }
}

/// Where a node is, for `s.at(node)`.
#[derive(Clone, Copy)]
enum At<'t> {
    Node(&'t Node),
    Pipe(&'t PipeNode),
    Command(&'t CommandNode),
    Arg(&'t Arg),
}

impl At<'_> {
    fn pos(&self) -> Pos {
        match self {
            At::Node(n) => n.pos(),
            At::Pipe(p) => p.pos,
            At::Command(c) => c.pos,
            At::Arg(a) => a.pos(),
        }
    }

    fn context(&self) -> String {
        match self {
            At::Node(n) => n.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Command(c) => c.to_string(),
            At::Arg(a) => a.to_string(),
        }
    }
}

/// How a list walk ended.
enum Flow {
    Normal,
    Break,
    Continue,
}

type ExecResult<T> = Result<T, Error>;

/// Run a recursive step on a stack that grows on the heap when needed, so
/// deep templates can't overflow the thread's stack.
fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, f)
}

struct State<'a, 'o> {
    shared: Shared<'a>,
    tree: &'a Tree,
    template_name: Arc<str>,
    node: Option<At<'a>>,
    /// Variables in scope, named by the tree's text.
    vars: Vec<(&'a str, Val)>,
    depth: usize,
    out: &'o mut Output,
    record: bool,
}

impl<'a> State<'a, '_> {
    fn at(&mut self, at: At<'a>) {
        self.node = Some(at);
    }

    fn error(&self, message: impl Into<String>) -> Error {
        self.error_with_cause(message.into(), None)
    }

    fn error_with_cause(&self, message: String, wrapped: Option<Wrapped>) -> Error {
        let location = self.node.map(|at| {
            let pos = at.pos();
            let (line, column) = self.tree.line_col(pos);
            ExecLocation {
                file: self.tree.parse_name.to_string(),
                line,
                column,
                offset: pos,
                context: at.context(),
            }
        });
        Error::Exec(Box::new(ExecError {
            template: self.template_name.to_string(),
            location,
            message,
            wrapped,
        }))
    }

    fn write(&mut self, text: &str, span: (Pos, Pos), origin: Option<Origin>) -> ExecResult<()> {
        let left = self.shared.budget.get();
        if text.len() > left {
            return Err(self.error(format!(
                "output exceeds the limit of {} bytes",
                self.shared.set.options.max_output_bytes.unwrap_or(0)
            )));
        }
        self.shared.budget.set(left - text.len());
        if self.record && !text.is_empty() {
            let start = self.out.text.len();
            self.out.source_map.push(Segment {
                output: start..start + text.len(),
                template: self.tree.parse_name.clone(),
                span: span.0..span.1,
                origin,
            });
        }
        self.out.text.push_str(text);
        Ok(())
    }

    fn walk_list(&mut self, dot: &Val, list: &'a ListNode) -> ExecResult<Flow> {
        for node in &list.nodes {
            match self.walk(dot, node)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val, node: &'a Node) -> ExecResult<Flow> {
        self.at(At::Node(node));
        match node {
            Node::Action(action) => {
                let val = self.eval_pipeline(dot, &action.pipe)?;
                if action.pipe.decl.is_empty() {
                    self.at(At::Node(node));
                    self.print_value(&val, (action.start, action.end))?;
                }
            }
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
            Node::Comment(_) => {}
            Node::If(branch) => return self.walk_if_or_with(false, dot, branch),
            Node::With(branch) => return self.walk_if_or_with(true, dot, branch),
            Node::Range(branch) => return deep(|| self.walk_range(dot, node, branch)),
            Node::Template(t) => deep(|| self.walk_template(dot, node, t))?,
            Node::Text(text) => {
                self.write(&text.text, (text.pos, text.pos + text.text.len()), None)?;
            }
        }
        Ok(Flow::Normal)
    }

    fn print_value(&mut self, val: &Val, span: (Pos, Pos)) -> ExecResult<()> {
        if val.v.is_nil() {
            return self.write("<no value>", span, None);
        }
        let origin = val.v.origin();
        match &val.v {
            Value::String(s, _) => {
                let s = s.clone();
                self.write(&s, span, origin)
            }
            other => {
                let text = crate::gofmt::to_string(other);
                self.write(&text, span, origin)
            }
        }
    }

    fn walk_if_or_with(
        &mut self,
        with: bool,
        dot: &Val,
        branch: &'a BranchNode,
    ) -> ExecResult<Flow> {
        let mark = self.vars.len();
        let result = deep(|| -> ExecResult<Flow> {
            let val = self.eval_pipeline(dot, &branch.pipe)?;
            if val.v.is_truthy() {
                if with {
                    self.walk_list(&val, &branch.list)
                } else {
                    self.walk_list(dot, &branch.list)
                }
            } else if let Some(else_list) = &branch.else_list {
                self.walk_list(dot, else_list)
            } else {
                Ok(Flow::Normal)
            }
        });
        self.vars.truncate(mark);
        result
    }

    fn walk_range(&mut self, dot: &Val, node: &'a Node, r: &'a BranchNode) -> ExecResult<Flow> {
        self.at(At::Node(node));
        let mark = self.vars.len();
        let result = self.walk_range_inner(dot, r);
        self.vars.truncate(mark);
        result.map(|_| Flow::Normal)
    }

    fn walk_range_inner(&mut self, dot: &Val, r: &'a BranchNode) -> ExecResult<()> {
        let mut val = self.eval_pipeline(dot, &r.pipe)?;
        // Objects that are maps or slices underneath (`.Files`) range as such.
        if let Value::Object(obj) = &val.v
            && let Some(inner) = obj.as_value()
        {
            val = Val::concrete(inner);
        }
        let mark = self.vars.len();
        // Returns true when the body said {{break}}.
        let one_iteration = |this: &mut Self, index: Val, elem: Val| -> ExecResult<bool> {
            let decl = &r.pipe.decl;
            if !decl.is_empty() {
                if r.pipe.is_assign {
                    if decl.len() > 1 {
                        this.set_var(decl[0].name(), index.clone())?;
                    } else {
                        this.set_var(decl[0].name(), elem.clone())?;
                    }
                } else {
                    this.set_top_var(1, elem.clone());
                }
            }
            if decl.len() > 1 {
                if r.pipe.is_assign {
                    this.set_var(decl[1].name(), elem.clone())?;
                } else {
                    this.set_top_var(2, index);
                }
            }
            let flow = this.walk_list(&elem, &r.list);
            this.vars.truncate(mark);
            Ok(matches!(flow?, Flow::Break))
        };
        match &val.v {
            Value::List(list) if !list.items.is_empty() => {
                let iface = list.elem == ElemType::Interface;
                for (i, item) in list.items.iter().enumerate() {
                    let elem = Val {
                        v: item.clone(),
                        iface,
                    };
                    if one_iteration(self, Val::concrete(Value::Int(i as i64)), elem)? {
                        break;
                    }
                }
                return Ok(());
            }
            Value::Bytes(bytes) if !bytes.is_empty() => {
                for (i, b) in bytes.iter().enumerate() {
                    let elem = Val::concrete(Value::Int(i64::from(*b)));
                    if one_iteration(self, Val::concrete(Value::Int(i as i64)), elem)? {
                        break;
                    }
                }
                return Ok(());
            }
            Value::Map(map) if !map.is_empty() => {
                let iface = map.elem() == ElemType::Interface;
                for (key, value) in map.entries() {
                    let elem = Val { v: value, iface };
                    if one_iteration(self, Val::concrete(Value::String(key, None)), elem)? {
                        break;
                    }
                }
                return Ok(());
            }
            Value::List(_) | Value::Bytes(_) | Value::Map(_) => {}
            Value::Int(n) | Value::Int64(n, _)
                if self.shared.set.options.go_version >= GoVersion::Go125 =>
            {
                if r.pipe.decl.len() > 1 {
                    return Err(self.error(format!(
                        "can't use {} to iterate over more than one variable",
                        crate::gofmt::to_string(&val.v)
                    )));
                }
                let is_int64 = matches!(val.v, Value::Int64(..));
                let n = *n;
                if n > 0 {
                    for i in 0..n {
                        let v = if is_int64 {
                            Value::int64(i)
                        } else {
                            Value::Int(i)
                        };
                        if one_iteration(self, Val::invalid(), Val::concrete(v))? {
                            break;
                        }
                    }
                    return Ok(());
                }
            }
            Value::Nil => {}
            other => {
                return Err(self.error(format!(
                    "range can't iterate over {}",
                    crate::gofmt::to_string(other)
                )));
            }
        }
        if let Some(else_list) = &r.else_list {
            self.walk_list(dot, else_list)?;
        }
        Ok(())
    }

    fn walk_template(&mut self, dot: &Val, node: &'a Node, t: &'a TemplateNode) -> ExecResult<()> {
        self.at(At::Node(node));
        let Some(tree) = self.shared.lookup(&t.name) else {
            return Err(self.error(format!(
                "template {} not defined",
                crate::strconv::quote(&t.name)
            )));
        };
        if self.depth == self.shared.set.options.max_template_depth {
            return Err(self.error(format!(
                "exceeded maximum template depth ({})",
                self.shared.set.options.max_template_depth
            )));
        }
        let new_dot = match &t.pipe {
            Some(pipe) => self.eval_pipeline(dot, pipe)?,
            None => Val::invalid(),
        };
        // No dynamic scoping: the called template sees only `$`.
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$", new_dot.clone())]);
        let saved_tree = std::mem::replace(&mut self.tree, tree);
        let saved_name = std::mem::replace(&mut self.template_name, tree.name.clone());
        let saved_node = self.node;
        self.depth += 1;
        let result = self.walk_list(&new_dot, &tree.root);
        self.depth -= 1;
        self.vars = saved_vars;
        self.tree = saved_tree;
        self.template_name = saved_name;
        self.node = saved_node;
        result.map(|_| ())
    }

    fn set_var(&mut self, name: &str, value: Val) -> ExecResult<()> {
        for (var, slot) in self.vars.iter_mut().rev() {
            if &**var == name {
                *slot = value;
                return Ok(());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }

    fn set_top_var(&mut self, n: usize, value: Val) {
        let len = self.vars.len();
        if n <= len {
            self.vars[len - n].1 = value;
        }
    }

    fn var_value(&self, name: &str) -> ExecResult<Val> {
        for (var, value) in self.vars.iter().rev() {
            if &**var == name {
                return Ok(value.clone());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }

    fn eval_pipeline(&mut self, dot: &Val, pipe: &'a PipeNode) -> ExecResult<Val> {
        self.at(At::Pipe(pipe));
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            let result = deep(|| self.eval_command(dot, cmd, value.take()))?;
            value = Some(result.dig());
        }
        let value = value.unwrap_or_else(Val::invalid);
        for variable in &pipe.decl {
            if pipe.is_assign {
                self.set_var(variable.name(), value.clone())?;
            } else {
                self.vars.push((variable.name(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], has_final: bool) -> ExecResult<()> {
        if args.len() > 1 || has_final {
            return Err(self.error(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        dot: &Val,
        cmd: &'a CommandNode,
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        let first = &cmd.args[0];
        match first {
            Arg::Field(field) => return self.eval_field_node(dot, first, field, &cmd.args, final_),
            Arg::Chain(chain) => return self.eval_chain_node(dot, first, chain, &cmd.args, final_),
            Arg::Identifier(ident) => {
                return self.eval_function(dot, first, ident, cmd, &cmd.args, final_);
            }
            Arg::Pipe(pipe) => {
                self.not_a_function(&cmd.args, final_.is_some())?;
                return self.eval_pipeline(dot, pipe);
            }
            Arg::Variable(var) => {
                return self.eval_variable_node(dot, first, var, &cmd.args, final_);
            }
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, final_.is_some())?;
        match first {
            Arg::Bool(_, b) => Ok(Val::concrete(Value::from(*b))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.error("nil is not a command")),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String(s) => Ok(Val::concrete(Value::String(s.text.clone(), None))),
            _ => Err(self.error(format!(
                "can't evaluate command {}",
                crate::strconv::quote(&first.to_string())
            ))),
        }
    }

    fn ideal_constant(&mut self, arg: &'a Arg, n: &NumberNode) -> ExecResult<Val> {
        self.at(At::Arg(arg));
        if n.is_complex {
            return Ok(Val::concrete(Value::object(crate::builtins::Complex(
                n.complex.0,
                n.complex.1,
            ))));
        }
        let is_hex_int = n.text.len() > 2
            && n.text.starts_with('0')
            && matches!(n.text.as_bytes()[1], b'x' | b'X')
            && !n.text.contains(['p', 'P']);
        let is_rune = n.text.starts_with('\'');
        if n.is_float && !is_hex_int && !is_rune && n.text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Val::concrete(Value::Float(n.float64, None)));
        }
        if n.is_int {
            return Ok(Val::concrete(Value::Int(n.int64)));
        }
        if n.is_uint {
            return Err(self.error(format!("{} overflows int", n.text)));
        }
        Ok(Val::invalid())
    }

    fn eval_field_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        field: &'a FieldNode,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        self.at(At::Arg(node));
        self.eval_field_chain(dot, dot.clone(), node, &field.path, args, final_)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        chain: &'a ChainNode,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        self.at(At::Arg(node));
        if matches!(chain.node, Arg::Nil(_)) {
            return Err(self.error(format!("indirection through explicit nil in {node}")));
        }
        let pipe = self.eval_arg_any(dot, &chain.node)?;
        self.eval_field_chain(dot, pipe, node, &chain.path, args, final_)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        var: &'a VariableNode,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        self.at(At::Arg(node));
        let value = self.var_value(var.name())?;
        let Some(fields) = var.fields() else {
            self.not_a_function(args, final_.is_some())?;
            return Ok(value);
        };
        self.eval_field_chain(dot, value, node, fields, args, final_)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val,
        mut receiver: Val,
        node: &'a Arg,
        path: &'a str,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        // `path` is the names joined by dots: all but the last are looked
        // up without arguments.
        let (init, last) = match path.rsplit_once('.') {
            Some((init, last)) => (Some(init), last),
            None => (None, path),
        };
        for name in init.into_iter().flat_map(|init| init.split('.')) {
            receiver = self.eval_field(dot, name, node, &[], None, receiver)?;
        }
        self.eval_field(dot, last, node, args, final_, receiver)
    }

    fn eval_field(
        &mut self,
        dot: &Val,
        field_name: &str,
        node: &'a Arg,
        args: &'a [Arg],
        final_: Option<Val>,
        receiver: Val,
    ) -> ExecResult<Val> {
        if receiver.is_invalid() {
            if self.shared.set.options.missing_key == MissingKey::Error {
                return Err(self.error(format!(
                    "nil data; no entry for key {}",
                    crate::strconv::quote(field_name)
                )));
            }
            return Ok(Val::invalid());
        }
        let typ = receiver.type_name();
        if receiver.v.is_nil() {
            return Err(self.error(format!("nil pointer evaluating {typ}.{field_name}")));
        }
        let has_args = args.len() > 1 || final_.is_some();
        match &receiver.v {
            Value::Object(obj) => {
                if let Some(signature) = obj.method(field_name) {
                    let obj = obj.clone();
                    let name = field_name.to_string();
                    return self.eval_call(
                        dot,
                        Callee::Method(&obj, &name, signature),
                        At::Arg(node),
                        args,
                        final_,
                    );
                }
                if let Some(value) = obj.field(field_name) {
                    if has_args {
                        return Err(self.error(format!(
                            "{field_name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(Val::concrete(value));
                }
                if let Some(Value::Map(map)) = obj.as_value() {
                    if has_args {
                        return Err(
                            self.error(format!("{field_name} is not a method but has arguments"))
                        );
                    }
                    return Ok(match map.get(field_name) {
                        Some(v) => Val::concrete(v),
                        None => self.missing_key(field_name, map.elem())?,
                    });
                }
            }
            Value::Map(map) => {
                if has_args {
                    return Err(
                        self.error(format!("{field_name} is not a method but has arguments"))
                    );
                }
                let elem = map.elem();
                return Ok(match map.get(field_name) {
                    Some(v) => Val {
                        v,
                        iface: elem == ElemType::Interface,
                    },
                    None => self.missing_key(field_name, elem)?,
                });
            }
            _ => {}
        }
        Err(self.error(format!("can't evaluate field {field_name} in type {typ}")))
    }

    fn missing_key(&self, field_name: &str, elem: ElemType) -> ExecResult<Val> {
        match self.shared.set.options.missing_key {
            MissingKey::Default => Ok(Val::invalid()),
            MissingKey::Zero => Ok(Val {
                v: elem.zero(),
                iface: elem == ElemType::Interface,
            }),
            MissingKey::Error => Err(self.error(format!(
                "map has no entry for key {}",
                crate::strconv::quote(field_name)
            ))),
        }
    }

    fn eval_function(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        ident: &'a IdentifierNode,
        cmd: &'a CommandNode,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        self.at(At::Arg(node));
        let name = &ident.ident;
        if let Some(function) = self.shared.set.funcs.get(name) {
            let function = function.clone();
            return self.eval_call(
                dot,
                Callee::Function(name, &function),
                At::Command(cmd),
                args,
                final_,
            );
        }
        if builtins::is_builtin(name) {
            return self.eval_builtin(dot, name, cmd, args, final_);
        }
        Err(self.error(format!(
            "{} is not a defined function",
            crate::strconv::quote(name)
        )))
    }

    /// Evaluates an argument for a `reflect.Value` parameter (builtins):
    /// anything goes, `nil` and invalid values included.
    fn eval_arg_reflect(&mut self, dot: &Val, arg: &'a Arg) -> ExecResult<Val> {
        self.at(At::Arg(arg));
        match arg {
            Arg::Nil(_) => Ok(Val::invalid()),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Bool(_, b) => Ok(Val::concrete(Value::from(*b))),
            Arg::Number(n) => self.ideal_constant(arg, n),
            Arg::String(s) => Ok(Val::concrete(Value::String(s.text.clone(), None))),
            _ => self.eval_arg_any(dot, arg),
        }
    }

    /// `evalArg(dot, nil, n)`: an argument with no declared type (a chain's head).
    fn eval_arg_any(&mut self, dot: &Val, arg: &'a Arg) -> ExecResult<Val> {
        self.at(At::Arg(arg));
        match arg {
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Ok(Val::invalid()),
            Arg::Field(field) => self.eval_field_chain(
                dot,
                dot.clone(),
                arg,
                &field.path,
                std::slice::from_ref(arg),
                None,
            ),
            Arg::Variable(var) => self.eval_variable_node(dot, arg, var, &[], None),
            Arg::Pipe(pipe) => self.eval_pipeline(dot, pipe),
            Arg::Identifier(ident) => self.eval_function_no_cmd(dot, arg, ident),
            Arg::Chain(chain) => self.eval_chain_node(dot, arg, chain, &[], None),
            Arg::Bool(_, b) => Ok(Val::concrete(Value::from(*b))),
            Arg::Number(n) => self.ideal_constant(arg, n),
            Arg::String(s) => Ok(Val::concrete(Value::String(s.text.clone(), None))),
        }
    }

    /// A function named as an argument, called with no arguments.
    fn eval_function_no_cmd(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        ident: &'a IdentifierNode,
    ) -> ExecResult<Val> {
        self.at(At::Arg(node));
        let name = &ident.ident;
        if let Some(function) = self.shared.set.funcs.get(name) {
            let function = function.clone();
            return self.eval_call(
                dot,
                Callee::Function(name, &function),
                At::Arg(node),
                &[],
                None,
            );
        }
        if builtins::is_builtin(name) {
            return self.eval_builtin_args(dot, name, At::Arg(node), &[], None);
        }
        Err(self.error(format!(
            "{} is not a defined function",
            crate::strconv::quote(name)
        )))
    }

    /// Converts an evaluated value to a parameter type (Go's `validateType`).
    fn validate_type(&self, val: Val, typ: ParamType) -> ExecResult<Value> {
        if val.is_invalid() {
            // Go passes the zero value of a nillable type: a nil map, slice
            // or pointer, which functions see as `Value::Nil`.
            return match typ {
                ParamType::Any | ParamType::List | ParamType::Map | ParamType::Object(_) => {
                    Ok(Value::Nil)
                }
                _ => Err(self.error(format!("invalid value; expected {}", typ.go_name()))),
            };
        }
        if typ == ParamType::Any || assignable(&val.v, typ) && !(val.iface && val.v.is_nil()) {
            return Ok(val.v);
        }
        let got = if val.iface && val.v.is_nil() {
            "interface {}".to_string()
        } else {
            val.v.type_name()
        };
        Err(self.error(format!(
            "wrong type for value; expected {}; got {}",
            typ.go_name(),
            got
        )))
    }

    /// Evaluates one argument for a typed parameter (Go's `evalArg`).
    fn eval_arg(&mut self, dot: &Val, typ: ParamType, arg: &'a Arg) -> ExecResult<Value> {
        self.at(At::Arg(arg));
        match arg {
            Arg::Dot(_) => return self.validate_type(dot.clone(), typ),
            Arg::Nil(_) => {
                return match typ {
                    ParamType::Any | ParamType::List | ParamType::Map | ParamType::Object(_) => {
                        Ok(Value::Nil)
                    }
                    _ => Err(self.error(format!("cannot assign nil to {}", typ.go_name()))),
                };
            }
            Arg::Field(_)
            | Arg::Variable(_)
            | Arg::Pipe(_)
            | Arg::Identifier(_)
            | Arg::Chain(_) => {
                let val = self.eval_arg_any(dot, arg)?;
                return self.validate_type(val, typ);
            }
            _ => {}
        }
        match typ {
            ParamType::Bool => match arg {
                Arg::Bool(_, b) => Ok(Value::from(*b)),
                _ => Err(self.error(format!("expected bool; found {arg}"))),
            },
            ParamType::Int | ParamType::Int64 => match arg {
                Arg::Number(n) if n.is_int => Ok(if typ == ParamType::Int {
                    Value::Int(n.int64)
                } else {
                    Value::int64(n.int64)
                }),
                _ => Err(self.error(format!("expected integer; found {arg}"))),
            },
            ParamType::Uint32 => match arg {
                Arg::Number(n) if n.is_uint => Ok(Value::Int64(n.uint64 as u32 as i64, None)),
                _ => Err(self.error(format!("expected unsigned integer; found {arg}"))),
            },
            ParamType::Float64 => match arg {
                Arg::Number(n) if n.is_float => Ok(Value::Float(n.float64, None)),
                _ => Err(self.error(format!("expected float; found {arg}"))),
            },
            ParamType::String => match arg {
                Arg::String(s) => Ok(Value::String(s.text.clone(), None)),
                _ => Err(self.error(format!("expected string; found {arg}"))),
            },
            ParamType::Any => match arg {
                Arg::Bool(_, b) => Ok(Value::from(*b)),
                Arg::Number(n) => Ok(self.ideal_constant(arg, n)?.v),
                Arg::String(s) => Ok(Value::String(s.text.clone(), None)),
                _ => Err(self.error(format!("can't handle {arg} for arg of type interface {{}}"))),
            },
            ParamType::List | ParamType::Map | ParamType::Object(_) => Err(self.error(format!(
                "can't handle {arg} for arg of type {}",
                typ.go_name()
            ))),
        }
    }

    fn eval_call(
        &mut self,
        dot: &Val,
        callee: Callee<'_>,
        node: At<'a>,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        let (name, signature) = match &callee {
            Callee::Function(name, f) => (&**name, f.signature),
            Callee::Method(_, name, sig) => (name.as_str(), *sig),
        };
        // args[0] is the function's own name; a method's node has no name in args.
        let call_args: &'a [Arg] = if args.is_empty() { args } else { &args[1..] };
        let num_in = call_args.len() + usize::from(final_.is_some());
        let num_params = signature.params.len() + usize::from(signature.variadic.is_some());
        let num_fixed = if signature.variadic.is_some() {
            if num_in < signature.params.len() {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    signature.params.len(),
                    call_args.len()
                )));
            }
            signature.params.len()
        } else {
            if num_in != num_params {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want {num_params} got {num_in}"
                )));
            }
            call_args.len()
        };
        let mut argv = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < call_args.len() {
            argv.push(self.eval_arg(dot, signature.params[i], &call_args[i])?);
            i += 1;
        }
        if let Some(rest) = signature.variadic {
            while i < call_args.len() {
                argv.push(self.eval_arg(dot, rest, &call_args[i])?);
                i += 1;
            }
        }
        if let Some(final_) = final_ {
            let typ = match signature.variadic {
                Some(rest) if num_in > num_fixed => rest,
                _ => signature.params[num_in - 1],
            };
            argv.push(self.validate_type(final_, typ)?);
        }
        let result = match callee {
            Callee::Function(_, function) => {
                let mut ctx = CallContext {
                    shared: self.shared,
                    dot: dot.v.clone(),
                    template_name: self.template_name.clone(),
                    _marker: std::marker::PhantomData,
                };
                (function.body)(&mut ctx, argv)
            }
            Callee::Method(obj, name, _) => obj.call_method(name, argv),
        };
        match result {
            Ok(v) => Ok(Val::concrete(v)),
            Err(err) => {
                self.at(node);
                let FuncError { message, cause } = err;
                Err(self.error_with_cause(
                    format!("error calling {name}: {message}"),
                    Some(Wrapped { message, cause }),
                ))
            }
        }
    }

    fn eval_builtin(
        &mut self,
        dot: &Val,
        name: &str,
        cmd: &'a CommandNode,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        self.eval_builtin_args(
            dot,
            name,
            At::Command(cmd),
            if args.is_empty() { args } else { &args[1..] },
            final_,
        )
    }

    fn eval_builtin_args(
        &mut self,
        dot: &Val,
        name: &str,
        node: At<'a>,
        args: &'a [Arg],
        final_: Option<Val>,
    ) -> ExecResult<Val> {
        let num_in = args.len() + usize::from(final_.is_some());
        let arity = builtins::arity(name);
        match arity {
            builtins::Arity::Exactly(n) if num_in != n => {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want {n} got {num_in}"
                )));
            }
            builtins::Arity::AtLeast(n) if num_in < n => {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want at least {n} got {}",
                    args.len()
                )));
            }
            _ => {}
        }
        if name == "and" || name == "or" {
            // Short-circuit: stop at the first argument that decides.
            let want = name == "or";
            let mut last = Val::invalid();
            for arg in args {
                let v = self.eval_arg_reflect(dot, arg)?;
                if v.v.is_truthy() == want {
                    return Ok(v);
                }
                last = v;
            }
            if let Some(final_) = final_ {
                last = final_;
            }
            return Ok(last.dig());
        }
        let reflect_args = builtins::takes_reflect_values(name);
        let mut argv: Vec<Val> = Vec::with_capacity(num_in);
        for (i, arg) in args.iter().enumerate() {
            if reflect_args {
                argv.push(self.eval_arg_reflect(dot, arg)?);
            } else if name == "printf" && i == 0 {
                argv.push(Val::concrete(self.eval_arg(dot, ParamType::String, arg)?));
            } else {
                argv.push(Val::concrete(self.eval_arg(dot, ParamType::Any, arg)?));
            }
        }
        if let Some(final_) = final_ {
            if reflect_args {
                argv.push(final_);
            } else if name == "printf" && argv.is_empty() {
                argv.push(Val::concrete(
                    self.validate_type(final_, ParamType::String)?,
                ));
            } else {
                argv.push(Val::concrete(self.validate_type(final_, ParamType::Any)?));
            }
        }
        if name == "call" {
            let callee = args.first().map(|a| a.to_string()).unwrap_or_default();
            return match builtins::call(&callee, &argv) {
                Ok(v) => Ok(v),
                Err(message) => {
                    self.at(node);
                    Err(self.error_with_cause(
                        format!("error calling call: {message}"),
                        Some(Wrapped {
                            message,
                            cause: None,
                        }),
                    ))
                }
            };
        }
        match builtins::call_builtin(name, &argv, self.shared.set.options.go_version) {
            Ok(v) => Ok(v),
            Err(message) => {
                self.at(node);
                Err(self.error_with_cause(
                    format!("error calling {name}: {message}"),
                    Some(Wrapped {
                        message,
                        cause: None,
                    }),
                ))
            }
        }
    }
}

/// What a call targets.
enum Callee<'f> {
    Function(&'f str, &'f crate::func::Function),
    Method(&'f Arc<dyn crate::value::Object>, &'f String, Signature),
}

/// Go's assignability for the parameter types functions declare.
fn assignable(v: &Value, typ: ParamType) -> bool {
    match (typ, v) {
        (ParamType::Any, _) => true,
        (ParamType::Bool, Value::Bool(..)) => true,
        (ParamType::Int, Value::Int(_)) => true,
        (ParamType::Int64, Value::Int64(..)) => true,
        (ParamType::Float64, Value::Float(..)) => true,
        (ParamType::String, Value::String(..)) => true,
        // Embedders hand out `[]byte` for Go strings that are not UTF-8.
        (ParamType::String, Value::Bytes(..)) => true,
        (ParamType::List, Value::List(list)) => list.elem == ElemType::Interface,
        (ParamType::Map, Value::Map(map)) => map.elem() == ElemType::Interface,
        (ParamType::Object(name), Value::Object(obj)) => obj.type_name() == name,
        _ => false,
    }
}

/// What a function sees of the running template: it can run other templates
/// of the set (`include`) or parse and run new text in a copy of the set
/// (`tpl`).
pub struct CallContext<'e, 's> {
    shared: Shared<'e>,
    dot: Value,
    template_name: Arc<str>,
    _marker: std::marker::PhantomData<&'s ()>,
}

impl<'e> CallContext<'e, '_> {
    /// The dot of the calling template.
    pub fn dot(&self) -> &Value {
        &self.dot
    }

    /// The name of the template that made the call.
    pub fn template_name(&self) -> &str {
        &self.template_name
    }

    /// How many templates run from functions enclose this call.
    pub fn call_depth(&self) -> usize {
        self.shared.call_depth
    }

    fn nested(&self) -> Result<Shared<'e>, Error> {
        if self.shared.call_depth >= self.shared.set.options.max_call_depth {
            return Err(Error::Exec(Box::new(ExecError {
                template: self.template_name.to_string(),
                location: None,
                message: format!(
                    "templates nested more than {} deep through functions",
                    self.shared.set.options.max_call_depth
                ),
                wrapped: None,
            })));
        }
        Ok(Shared {
            call_depth: self.shared.call_depth + 1,
            ..self.shared
        })
    }

    /// Runs the named template with `data` as dot and returns what it
    /// printed (Go's `ExecuteTemplate`, as Helm's `include` calls it).
    pub fn execute_template(&mut self, name: &str, data: Value) -> Result<String, Error> {
        let shared = self.nested()?;
        let frame = Frame {
            name,
            parent: shared.frames,
        };
        let inner = Shared {
            frames: Some(&frame),
            ..shared
        };
        let mut out = Output::default();
        deep(|| inner.run(name, data, &mut out, false))?;
        Ok(out.text)
    }

    /// How many runs of template `name` through [`execute_template`]
    /// enclose this call (Helm counts these to stop runaway `include`s).
    ///
    /// [`execute_template`]: CallContext::execute_template
    pub fn active_runs(&self, name: &str) -> usize {
        let mut count = 0;
        let mut frame = self.shared.frames;
        while let Some(f) = frame {
            if f.name == name {
                count += 1;
            }
            frame = f.parent;
        }
        count
    }

    /// Parses `text` as template `name` in a copy of the set and runs it with
    /// `data` as dot; templates it defines are visible only while it runs
    /// (Helm's `tpl`, which clones the set).
    pub fn parse_and_execute(
        &mut self,
        name: &str,
        text: &str,
        data: Value,
    ) -> Result<String, Error> {
        let shared = self.nested()?;
        let set = shared.set;
        let trees = parse::parse(name, text, set.options.go_version, &|f| set.has_function(f))?;
        let mut templates = HashMap::new();
        for (tree_name, tree) in trees {
            // Go's `associate` against the copy: look through to the set.
            // Go's `Clone` leaves the template named like the set without a
            // tree, so text parsed under that name always takes its place.
            if *tree_name != *set.name
                && let Some(old) = shared.lookup(&tree_name)
                && tree.is_empty()
                && !old.is_empty()
            {
                continue;
            }
            templates.insert(tree_name, Arc::new(tree));
        }
        let overlay = Overlay {
            templates,
            parent: shared.overlay,
        };
        let inner = Shared {
            overlay: Some(&overlay),
            ..shared
        };
        let mut out = Output::default();
        deep(|| inner.run(name, data, &mut out, false))?;
        Ok(out.text)
    }
}

/// Formats a value as an action prints it (`fmt.Fprint`, `<no value>` for nil).
pub fn print_to(out: &mut String, value: &Value) {
    match value {
        Value::Nil => out.push_str("<no value>"),
        Value::String(s, _) => out.push_str(s),
        other => {
            let _ = write!(out, "{}", crate::gofmt::to_string(other));
        }
    }
}
