//! Functions the embedder registers, and the context they run in.

use std::collections::HashMap;
use std::sync::Arc;

use crate::exec::CallContext;
use crate::value::{FuncError, Signature, Value};

/// The body of a function: it gets the call context (for `include`-like
/// functions that run templates) and its arguments, already converted to
/// the function's signature as Go's text/template converts them.
pub type FunctionBody =
    dyn Fn(&mut CallContext<'_, '_>, Vec<Value>) -> Result<Value, FuncError> + Send + Sync;

/// A function that templates can call by name.
#[derive(Clone)]
pub struct Function {
    pub signature: Signature,
    pub body: Arc<FunctionBody>,
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Function")
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// The functions of a template set, by name. Names in it shadow Go's
/// builtins, as `template.Funcs` does.
#[derive(Clone, Debug, Default)]
pub struct FuncMap {
    functions: HashMap<Arc<str>, Function>,
}

impl FuncMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `name`; a later registration of the same name replaces it.
    pub fn insert<F>(&mut self, name: &str, signature: Signature, body: F)
    where
        F: Fn(&mut CallContext<'_, '_>, Vec<Value>) -> Result<Value, FuncError>
            + Send
            + Sync
            + 'static,
    {
        self.functions.insert(
            Arc::from(name),
            Function {
                signature,
                body: Arc::new(body),
            },
        );
    }

    /// Registers a function that needs no context.
    pub fn insert_plain<F>(&mut self, name: &str, signature: Signature, body: F)
    where
        F: Fn(Vec<Value>) -> Result<Value, FuncError> + Send + Sync + 'static,
    {
        self.insert(name, signature, move |_, args| body(args));
    }

    pub fn remove(&mut self, name: &str) -> Option<Function> {
        self.functions.remove(name)
    }

    pub fn get(&self, name: &str) -> Option<&Function> {
        self.functions.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.functions.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.functions.keys().map(|k| &**k)
    }
}
