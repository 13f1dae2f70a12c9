//! [`CompileArena`]: the memory one compile after another reuses.
//!
//! The syntax tree of a 1,000-line module takes about 180 KiB of arena. A fresh arena per
//! compile is memory the allocator has just returned to the kernel, so every reload faulted its
//! pages in again (about 40 page faults, a tenth of the reload's time); a VM that recompiles the
//! same modules over and over keeps one arena instead.

use std::sync::Arc;

use bumpalo::Bump;

use crate::{
    bytecode::{Code, FinishBuffers},
    codegen, on_big_stack, parse_module, Mode, SyntaxError,
};

/// The most instructions' worth of working vectors kept between compiles (a few megabytes).
const KEEP_INSTRUCTIONS_AT_MOST: usize = 1 << 16;

/// An arena kept across compiles: reset, not freed, between them.
///
/// ```
/// use hotpy_compiler::{CompileArena, Mode};
///
/// let mut arena = CompileArena::new();
/// let first = arena.compile("x = 1\n", "m.py", Mode::Exec, 0).unwrap();
/// let again = arena.compile("x = 2\n", "m.py", Mode::Exec, 0).unwrap();
/// assert_eq!(first.name(), again.name());
/// ```
///
/// It keeps at most [`CompileArena::KEEP_AT_MOST`] bytes between compiles (unless made
/// [`with_limit`](Self::with_limit)), so compiling one huge file does not pin its memory for the
/// rest of the program.
pub struct CompileArena {
    bump: Bump,
    keep_at_most: usize,
    /// The code generator's working vectors, kept likewise (grown from empty in every compile,
    /// they were reallocated a few dozen times each time).
    buffers: FinishBuffers,
}

impl std::fmt::Debug for CompileArena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileArena")
            .field("held_bytes", &self.held_bytes())
            .field("keep_at_most", &self.keep_at_most)
            .finish()
    }
}

impl Default for CompileArena {
    fn default() -> CompileArena {
        CompileArena::with_limit(Self::KEEP_AT_MOST)
    }
}

impl CompileArena {
    /// The most memory kept between compiles by default (enough for a module of about 100,000
    /// lines).
    pub const KEEP_AT_MOST: usize = 16 * 1024 * 1024;

    /// An empty arena; it allocates nothing until the first compile.
    pub fn new() -> CompileArena {
        CompileArena::default()
    }

    /// An empty arena that keeps at most `bytes` between compiles.
    pub fn with_limit(bytes: usize) -> CompileArena {
        CompileArena {
            bump: Bump::new(),
            keep_at_most: bytes,
            buffers: FinishBuffers::new(),
        }
    }

    /// An arena sized for compiling `source` in one chunk: the tree takes about eight times the
    /// source's size.
    pub(crate) fn for_source(source: &str) -> CompileArena {
        CompileArena {
            bump: Bump::with_capacity(source.len().saturating_mul(8)),
            keep_at_most: Self::KEEP_AT_MOST,
            buffers: FinishBuffers::new(),
        }
    }

    /// Compile `source` from `filename` in `mode`, stamping its code objects with reload
    /// `generation`, as [`crate::compile_with_generation`] does, building the tree in this arena.
    pub fn compile(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
        generation: u64,
    ) -> Result<Arc<Code>, SyntaxError> {
        let bump = &self.bump;
        let buffers = &mut self.buffers;
        let result = on_big_stack(|| {
            let module = parse_module(source, bump)?;
            codegen::compile_parsed_in(&module, source, filename, mode, generation, buffers)
                .map(Arc::new)
        });
        self.buffers.keep_at_most(KEEP_INSTRUCTIONS_AT_MOST);
        self.recycle();
        result
    }

    /// The bytes the arena holds now (between compiles: what it keeps for the next one).
    pub fn held_bytes(&self) -> usize {
        self.bump.allocated_bytes()
    }

    /// Make the arena ready for the next compile: emptied, in a single chunk as big as this
    /// compile needed (a reset keeps only the last chunk, about half of them all), or dropped
    /// when that is more than it may keep.
    fn recycle(&mut self) {
        let used = self.bump.allocated_bytes();
        if used > self.keep_at_most {
            self.bump = Bump::new();
            return;
        }
        self.bump.reset();
        if self.bump.allocated_bytes() < used {
            self.bump = Bump::with_capacity(used);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module of `n` small functions.
    fn module(n: usize) -> String {
        (0..n)
            .map(|i| format!("def f{i}(a, b=1):\n    return [a + b, {i}]\n"))
            .collect()
    }

    #[test]
    fn reuses_one_chunk_for_the_same_module() {
        let source = module(200);
        let mut arena = CompileArena::new();
        assert_eq!(arena.held_bytes(), 0, "nothing before the first compile");
        arena
            .compile(&source, "m.py", Mode::Exec, 0)
            .expect("compiles");
        let held = arena.held_bytes();
        assert!(held > source.len(), "keeps the tree's memory: {held} bytes");
        for _ in 0..5 {
            arena
                .compile(&source, "m.py", Mode::Exec, 0)
                .expect("compiles");
            assert_eq!(
                arena.held_bytes(),
                held,
                "the same single chunk serves again"
            );
        }
    }

    #[test]
    fn compiles_like_a_fresh_arena() {
        let source = module(30);
        let mut arena = CompileArena::new();
        let reused = arena
            .compile(&source, "m.py", Mode::Exec, 3)
            .expect("compiles");
        let reused = arena
            .compile(&source, "m.py", Mode::Exec, 3)
            .map(|_| reused);
        let fresh = crate::compile_with_generation(&source, "m.py", Mode::Exec, 3).expect("ok");
        let reused = reused.expect("compiles again");
        assert_eq!(reused.instructions(), fresh.instructions());
        assert_eq!(reused.generation(), 3);
    }

    #[test]
    fn a_syntax_error_leaves_it_usable() {
        let mut arena = CompileArena::new();
        let err = arena
            .compile("def f(:\n", "m.py", Mode::Exec, 0)
            .expect_err("a syntax error");
        assert_eq!(err.message, "invalid syntax");
        let code = arena.compile("x = 1\n", "m.py", Mode::Exec, 0);
        assert!(code.is_ok());
    }

    #[test]
    fn drops_a_compile_bigger_than_its_limit() {
        let mut arena = CompileArena::with_limit(64 * 1024);
        arena
            .compile(&module(10), "m.py", Mode::Exec, 0)
            .expect("compiles");
        let small = arena.held_bytes();
        assert!(
            small > 0 && small <= 64 * 1024,
            "a small compile is kept: {small}"
        );
        arena
            .compile(&module(400), "m.py", Mode::Exec, 0)
            .expect("compiles");
        assert_eq!(arena.held_bytes(), 0, "a big one is not");
    }
}
