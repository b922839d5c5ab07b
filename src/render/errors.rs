//! Helm's wording of template errors (pkg/engine/engine.go): parse errors
//! are shortened to `parse error at (FILE:LINE): MSG`, `required`/`fail`
//! become `execution error at (FILE:LINE:COL): MSG`, and Helm 4 lays other
//! execution errors out over several lines.

use gotemplate::{Error, ExecError};

use super::HelmVersion;
use super::funcs::helm::{WARN_END, WARN_START};

/// Helm's `cleanupParseError`: keeps the location and the last part of the
/// message only.
pub fn parse_error_message(filename: &str, err: &Error) -> String {
    let text = err.to_string();
    let tokens: Vec<&str> = text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {text}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

/// Helm's message for an error while executing template file `filename`.
pub fn exec_error_message(filename: &str, err: &Error, version: HelmVersion) -> String {
    let text = err.to_string();
    let Error::Exec(exec) = err else {
        return text;
    };
    let tokens: Vec<&str> = text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {text}");
    }
    if let Some(message) = warn_message(tokens[2]) {
        return format!("execution error at ({}): {message}", tokens[1]);
    }
    match version {
        HelmVersion::V3 => text,
        HelmVersion::V4 => traceable_message(exec).unwrap_or(text),
    }
}

/// The text between Helm's warning markers (`(?s)START(.*)END`, greedy).
fn warn_message(text: &str) -> Option<&str> {
    let start = text.find(WARN_START)? + WARN_START.len();
    let end = text.rfind(WARN_END)?;
    (end >= start).then(|| &text[start..end])
}

/// One step of Helm 4's error chain.
#[derive(PartialEq)]
struct Traceable {
    location: String,
    message: String,
    executed_function: String,
}

impl Traceable {
    fn render(&self, out: &mut String) {
        if !self.location.is_empty() {
            out.push_str(&self.location);
            out.push_str("\n  ");
        }
        if !self.executed_function.is_empty() {
            out.push_str(&self.executed_function);
            out.push_str("\n    ");
        }
        if !self.message.is_empty() {
            out.push_str(&self.message);
            out.push('\n');
        }
    }
}

/// The texts Go's `errors.Unwrap` walks through, outermost first.
fn error_chain(err: &Error, chain: &mut Vec<String>) {
    chain.push(err.to_string());
    if let Error::Exec(exec) = err {
        exec_chain(exec, chain);
    }
}

fn exec_chain(exec: &ExecError, chain: &mut Vec<String>) {
    let Some(wrapped) = &exec.wrapped else {
        return;
    };
    match &wrapped.cause {
        // A function that returned a template error as it is (include).
        Some(cause) if cause.to_string() == wrapped.message => error_chain(cause, chain),
        Some(cause) => {
            chain.push(wrapped.message.clone());
            error_chain(cause, chain);
        }
        None => chain.push(wrapped.message.clone()),
    }
}

/// Helm 4's `reformatExecErrorMsg`: every error of the chain must parse as a
/// template error, or the plain message stands.
fn traceable_message(exec: &ExecError) -> Option<String> {
    let mut chain = vec![exec.to_string()];
    exec_chain(exec, &mut chain);
    let mut steps: Vec<Traceable> = Vec::new();
    for text in &chain {
        let step = parse_traceable(text)?;
        if steps.last() != Some(&step) {
            steps.push(step);
        }
    }
    let mut out = String::new();
    for step in &steps {
        step.render(&mut out);
    }
    Some(out.trim().to_string())
}

fn parse_traceable(s: &str) -> Option<Traceable> {
    let remainder = s.strip_prefix("template: ")?;
    if remainder.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: s.to_string(),
            executed_function: String::new(),
        });
    }
    if let Some(idx) = remainder.find(": executing ") {
        let template_name = &remainder[..idx];
        let after = &remainder[idx + ": executing ".len()..];
        let after = after.strip_prefix('"')?;
        let end_quote = after.find('"')?;
        let function_name = &after[..end_quote];
        let after_func = after[end_quote + 1..].strip_prefix(" at <")?;
        let end_loc = after_func.find(">: ")?;
        let location_name = &after_func[..end_loc];
        let mut message = &after_func[end_loc + ">: ".len()..];
        if let Some(cut) = message.find(" template:") {
            message = &message[..cut];
        }
        return Some(Traceable {
            location: template_name.to_string(),
            message: message.to_string(),
            executed_function: format!("executing \"{function_name}\" at <{location_name}>:"),
        });
    }
    let sep = remainder.rfind(": ")?;
    let mut message = &remainder[sep + 2..];
    if let Some(cut) = message.find(" template:") {
        message = &message[..cut];
    }
    Some(Traceable {
        location: remainder[..sep].to_string(),
        message: message.to_string(),
        executed_function: String::new(),
    })
}
