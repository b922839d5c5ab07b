//! Functions the embedder registers, and the context they run in.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    functions: HashMap<Arc<str>, Function, BuildHasherDefault<NameHasher>>,
}

/// FNV-1a. Every identifier a template names is looked up here while it is
/// parsed and run, and SipHash's protection against chosen collisions buys
/// nothing: the keys are the embedder's function names, not the template's.
#[derive(Clone, Copy, Debug)]
pub struct NameHasher(u64);

impl Default for NameHasher {
    fn default() -> Self {
        NameHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
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
