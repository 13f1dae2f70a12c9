//! The hotpy compiler: parser → AST (in a `bumpalo` arena) → scopes → bytecode code objects.
//!
//! - [`ast`]: the tree, mirroring CPython 3.11's `ast` module;
//! - [`parser`]: [`parse_module`], a recursive-descent parser over the lexer's tokens;
//! - [`dump`]: `ast.dump` text of a tree, for the `hotpy ast` oracle;
//! - [`bytecode`]: opcodes, the immutable [`bytecode::Code`] object, the builder codegen drives, `dis`;
//! - [`symtable`]: scopes of names (local, global, free, cell) as CPython's `symtable.c` decides;
//! - [`codegen`]: AST → [`bytecode::Code`], driven by [`compile`] / [`compile_module`];
//! - [`visit`]: a read-only visitor over the tree, for the later passes;
//! - [`CompileArena`]: the tree's memory, kept by a VM between compiles.
//!
//! # Compiling
//! ```
//! use hotpy_compiler::{compile, compile_module, Mode};
//!
//! let code = compile_module("x = 1\nprint(x)\n", "m.py").unwrap();
//! assert_eq!(code.name(), "<module>");
//! let expr = compile("1 + 2", "<string>", Mode::Eval).unwrap();   // returns its value
//! let repl = compile("x", "<stdin>", Mode::Single).unwrap();       // PRINT_EXPR echoes it
//! let err = compile_module("return 1\n", "m.py").unwrap_err();
//! assert_eq!(err.message, "'return' outside function");
//! # let _ = (expr, repl);
//! ```
//! Errors are [`SyntaxError`]s with CPython's message and a byte range (render them with
//! [`SyntaxError::render`](hotpy_lexer::LexError::render)). Constructs hotpy cannot run yet
//! (`async`, `match`) are refused with a message starting with
//! [`codegen::UNSUPPORTED_PREFIX`] (`"hotpy does not support "`).

mod arena;
pub mod ast;
pub mod bytecode;
pub mod codegen;
pub mod dump;
pub mod fxhash;
pub mod parser;
pub mod symtable;
mod validate;
pub mod visit;

pub use arena::CompileArena;
pub use codegen::Mode;
pub use parser::{parse_module, SyntaxError, MAX_DEPTH};

use std::sync::Arc;

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

/// Compile `source` (decoded text) from `filename` to its code object, in `mode`:
/// [`Mode::Exec`] for a module or `exec`, [`Mode::Eval`] for an expression (the code returns its
/// value), [`Mode::Single`] for a REPL statement (expression statements are echoed with
/// `PRINT_EXPR`). Nested functions, classes, lambdas and comprehensions are constants of it.
///
/// Parsing and code generation run with 64 MiB of stack (the parser bounds nesting at
/// [`MAX_DEPTH`], so the recursion is bounded), on the calling thread: switching to a fresh stack
/// segment for the call when the thread has less left.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
) -> Result<Arc<bytecode::Code>, SyntaxError> {
    compile_with_generation(source, filename, mode, 0)
}

/// [`compile`], stamping every code object with reload `generation` (see
/// [`bytecode::Code::generation`]).
pub fn compile_with_generation(
    source: &str,
    filename: &str,
    mode: Mode,
    generation: u64,
) -> Result<Arc<bytecode::Code>, SyntaxError> {
    // One chunk as big as the tree needs instead of a dozen doubling chunks, each a large
    // allocation; a VM compiling again and again keeps a [`CompileArena`] instead.
    CompileArena::for_source(source).compile(source, filename, mode, generation)
}

/// A thread with at least this much stack left compiles on its own stack.
///
/// Compiling the deepest inputs [`MAX_DEPTH`] allows (`examples/stack_probe.rs --compile`)
/// needs 1.5 MiB in a release build and 8–12 MiB in a debug build: the zone is about 2.5 times
/// that, so a release build compiles on an ordinary 8 MiB main thread and skips the `mmap` and
/// page faults of a fresh stack segment, which cost a third of compiling a 1,000-line module.
const COMPILE_RED_ZONE: usize = if cfg!(debug_assertions) {
    32 * 1024 * 1024
} else {
    4 * 1024 * 1024
};

/// Run `f` where at least [`COMPILE_RED_ZONE`] of stack is left: on this thread's own stack when
/// it has that much, otherwise on a fresh [`PARSE_STACK`] stack segment that this thread switches
/// to for the call (`stacker`; a panic in `f` unwinds to the caller as usual).
///
/// This was a hand-off to a big-stack helper thread: a reload waited for that thread to be
/// scheduled and then freed, on its own thread, everything the helper had allocated; on a busy
/// machine the hand-off cost more than compiling a 1,000-line module. Switching stacks on the
/// same thread costs a `mmap` and a few page faults.
pub(crate) fn on_big_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(COMPILE_RED_ZONE, PARSE_STACK, f)
}

/// [`compile`] in [`Mode::Exec`]: the code object of a module.
pub fn compile_module(source: &str, filename: &str) -> Result<Arc<bytecode::Code>, SyntaxError> {
    compile(source, filename, Mode::Exec)
}

/// The analysed symbol table of `source` (for tests and tools; [`compile`] builds its own).
pub fn symbol_table(source: &str) -> Result<symtable::SymbolTable, SyntaxError> {
    on_big_stack(|| {
        let arena = Bump::new();
        let module = parse_module(source, &arena)?;
        let future = codegen::future_annotations(&module, source)?;
        symtable::build(&module, future)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest inputs [`MAX_DEPTH`] lets through, of each kind that recurses.
    fn deepest_inputs() -> Vec<String> {
        let nested_blocks = |line: &str| -> String {
            (0..99)
                .map(|i| " ".repeat(i) + line + "\n")
                .collect::<String>()
                + &" ".repeat(99)
        };
        vec![
            "(".repeat(199) + &"-".repeat(790) + "x" + &")".repeat(199),
            "f(".repeat(199) + &")".repeat(199),
            "x if y else ".repeat(995) + "z",
            "lambda: ".repeat(995) + "x",
            "(".repeat(100) + &"not ".repeat(890) + "x" + &")".repeat(100),
            "[(".repeat(99) + "x for x in y" + &")]".repeat(99),
            nested_blocks("if x:") + &"(".repeat(199) + &"-".repeat(690) + "x" + &")".repeat(199),
            nested_blocks("def f():")
                + "return "
                + &"(".repeat(199)
                + &"-".repeat(690)
                + "x"
                + &")".repeat(199),
        ]
    }

    /// A thread left with just the red zone compiles where it is: the zone must cover the
    /// deepest input in this build (an overflow aborts the test binary).
    #[test]
    fn the_red_zone_covers_the_deepest_inputs() {
        let handle = std::thread::Builder::new()
            .stack_size(COMPILE_RED_ZONE + 256 * 1024)
            .spawn(|| {
                let arena = Bump::new();
                deepest_inputs()
                    .iter()
                    .map(|source| {
                        let module = parse_module(source, &arena).expect("parses");
                        codegen::compile_parsed(&module, source, "deep.py", Mode::Exec).is_ok()
                    })
                    .collect::<Vec<bool>>()
            })
            .expect("spawn");
        let compiled = handle.join().expect("no panic");
        assert!(compiled.iter().all(|ok| *ok), "{compiled:?}");
    }

    /// A thread with little stack compiles the deepest inputs too: on a fresh segment. (Half
    /// a MiB: dropping the code of 995 nested lambdas recurses on the caller's stack.)
    #[test]
    fn a_small_stack_switches_to_a_big_one() {
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(|| {
                deepest_inputs()
                    .iter()
                    .all(|source| compile_module(source, "deep.py").is_ok())
            })
            .expect("spawn");
        assert!(handle.join().expect("no panic"));
    }
}
