//! The hotpy compiler: parser → AST (in a `bumpalo` arena) → scopes → bytecode code objects.
//!
//! - [`ast`]: the tree, mirroring CPython 3.11's `ast` module;
//! - [`parser`]: [`parse_module`], a recursive-descent parser over the lexer's tokens;
//! - [`dump`]: `ast.dump` text of a tree, for the `hotpy ast` oracle;
//! - [`visit`]: a read-only visitor over the tree, for the later passes.

pub mod ast;
pub mod dump;
mod floatrepr;
pub mod parser;
mod unicode14;
mod validate;
pub mod visit;

pub use parser::{parse_module, SyntaxError, MAX_DEPTH};

use bumpalo::Bump;

/// The stack size of the thread [`dump_ast`] and [`check_syntax`] parse on. The parser's depth
/// limit ([`MAX_DEPTH`]) is what bounds recursion; this only gives it generous headroom.
const PARSE_STACK: usize = 64 * 1024 * 1024;

/// Run `f` on a thread with a large stack (on the current thread if no thread can be started).
fn with_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    // The closure stays reachable here in case the thread cannot be spawned.
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    let spawned = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, || take().map(|f| f()))
            .ok()?;
        match handle.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match spawned {
        Some(r) => r,
        None => match take() {
            Some(f) => f(),
            // Unreachable: the closure runs exactly once, on one of the two paths.
            None => unreachable!("parse closure already taken"),
        },
    }
}

/// `ast.dump(ast.parse(source))` for `source` (without the final newline).
pub fn dump_ast(source: &str) -> Result<String, SyntaxError> {
    with_big_stack(|| {
        let arena = Bump::new();
        let module = parse_module(source, &arena)?;
        Ok(dump::dump_module(&module))
    })
}

/// Check that `source` is valid Python, returning the first `SyntaxError` as CPython reports it.
///
/// Beyond parsing, this makes the checks of CPython's compiler that need no scope analysis
/// (a `:=` in a comprehension's iterable); scope errors come with the symbol-table pass.
pub fn check_syntax(source: &str) -> Result<(), SyntaxError> {
    with_big_stack(|| {
        let arena = Bump::new();
        let module = parse_module(source, &arena)?;
        validate::check_module(&module)
    })
}
