//! The immutable code object.

use std::fmt;
use std::sync::Arc;

use hotpy_lexer::LineIndex;

use super::constant::Constant;
use super::instr::{Decoder, Instr};
use super::location::{LineTable, SourceRange};

/// Properties of a code object (CPython's `co_flags` values, so `dis` output and tests compare).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Locals live in fast slots (`LOAD_FAST`), not a dict: functions, lambdas, comprehensions.
    pub const OPTIMIZED: CodeFlags = CodeFlags(0x01);
    /// A fresh locals namespace per call (set for functions; module code runs in its globals).
    pub const NEWLOCALS: CodeFlags = CodeFlags(0x02);
    /// The function takes `*args` (its slot follows the keyword-only parameters).
    pub const VARARGS: CodeFlags = CodeFlags(0x04);
    /// The function takes `**kwargs` (its slot follows `*args`, if any).
    pub const VARKEYWORDS: CodeFlags = CodeFlags(0x08);
    /// Defined inside another function (has or may have free variables).
    pub const NESTED: CodeFlags = CodeFlags(0x10);
    /// Calling it makes a generator.
    pub const GENERATOR: CodeFlags = CodeFlags(0x20);

    /// No flag.
    pub const fn empty() -> CodeFlags {
        CodeFlags(0)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: CodeFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The flags of both.
    pub const fn union(self, other: CodeFlags) -> CodeFlags {
        CodeFlags(self.0 | other.0)
    }
}

impl std::ops::BitOr for CodeFlags {
    type Output = CodeFlags;
    fn bitor(self, rhs: CodeFlags) -> CodeFlags {
        self.union(rhs)
    }
}

impl std::ops::BitOrAssign for CodeFlags {
    fn bitor_assign(&mut self, rhs: CodeFlags) {
        *self = self.union(rhs);
    }
}

impl fmt::Debug for CodeFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(CodeFlags, &str); 6] = [
            (CodeFlags::OPTIMIZED, "OPTIMIZED"),
            (CodeFlags::NEWLOCALS, "NEWLOCALS"),
            (CodeFlags::VARARGS, "VARARGS"),
            (CodeFlags::VARKEYWORDS, "VARKEYWORDS"),
            (CodeFlags::NESTED, "NESTED"),
            (CodeFlags::GENERATOR, "GENERATOR"),
        ];
        let set: Vec<&str> = NAMES
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
            .collect();
        if set.is_empty() {
            f.write_str("CodeFlags(0)")
        } else {
            write!(f, "CodeFlags({})", set.join(" | "))
        }
    }
}

/// One exception-table entry (CPython 3.11's shape).
///
/// When an exception is raised by an instruction whose words lie in `start..end`, the VM pops the
/// value stack down to `depth` items, pushes the raising instruction's offset (an int) when `lasti`
/// is set, pushes the exception, and continues at `target`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ExceptionEntry {
    /// First word offset covered.
    pub start: u32,
    /// Word offset after the last one covered.
    pub end: u32,
    /// Handler offset.
    pub target: u32,
    /// Stack depth to unwind to before pushing (`lasti` and) the exception.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed below the exception (`with`
    /// cleanups and `finally` blocks use it to re-raise from the original place).
    pub lasti: bool,
}

/// An immutable, shareable (`Arc<Code>`) code object: one function, lambda, comprehension, class body
/// or module body. Made by [`CodeBuilder::finish`](super::builder::CodeBuilder::finish).
///
/// Frames keep the code they run (`Arc`), and a function keeps the code it was made from, so a
/// traceback from an old generation still shows that generation's source.
///
/// The tables are the builder's vectors as they were grown, spare capacity and all: shrinking
/// each to an exact-size box cost a reallocation apiece, several per code object, and a module
/// makes hundreds of code objects per (re)load. The name and qualified name are shared for the
/// same reason: a function's name is the string its symbol table entry already holds.
#[derive(Debug)]
pub struct Code {
    /// `co_name`: `"f"`, `"<lambda>"`, `"<listcomp>"`, `"<module>"`.
    pub(crate) name: Arc<str>,
    /// `co_qualname`: `"C.method.<locals>.g"`.
    pub(crate) qualname: Arc<str>,
    /// Path or pseudo-name (`"<stdin>"`) of the source, shared by every code object of one compile.
    pub(crate) filename: Arc<str>,
    /// The whole source text of the compiled file, shared likewise (for traceback lines); `None` when
    /// the embedder did not keep it.
    pub(crate) source: Option<Arc<str>>,
    /// Line of the `def`/`class`/`lambda` (1 for a module): the base of the line table.
    pub(crate) first_line: u32,
    /// See [`CodeFlags`].
    pub(crate) flags: CodeFlags,
    /// Number of positional parameters, positional-only ones included (not `*args`).
    pub(crate) arg_count: u32,
    /// Number of positional-only parameters (before `/`).
    pub(crate) posonly_arg_count: u32,
    /// Number of keyword-only parameters (after `*` or `*args`).
    pub(crate) kwonly_arg_count: u32,
    /// The instruction words (see [`Instr`]; decode with [`Code::decode`]).
    pub(crate) instructions: Vec<Instr>,
    /// The constant pool, indexed by `LOAD_CONST`.
    pub(crate) constants: Vec<Constant>,
    /// Global, attribute and import names, indexed by the `*_NAME`, `*_GLOBAL`, `*_ATTR`,
    /// `LOAD_METHOD` and `IMPORT_*` operands. The VM interns them when it loads the code.
    pub(crate) names: Vec<Arc<str>>,
    /// Local variable names, parameters first (positional, keyword-only, `*args`, `**kwargs`):
    /// `LOAD_FAST` slot i is `varnames[i]`.
    pub(crate) varnames: Vec<Arc<str>>,
    /// Locals captured by nested functions (deref slots `0..cellvars.len()`).
    pub(crate) cellvars: Vec<Arc<str>>,
    /// Variables of enclosing functions this code uses (deref slots after the cellvars), in the
    /// order of the closure tuple.
    pub(crate) freevars: Vec<Arc<str>>,
    /// Location of every instruction word.
    pub(crate) line_table: LineTable,
    /// Exception handlers, sorted by `start`, ranges disjoint.
    pub(crate) exception_table: Vec<ExceptionEntry>,
    /// Largest value-stack depth the code can reach (handler entries included): the frame reserves
    /// this many slots.
    pub(crate) max_stack_depth: u32,
    /// Number of inline-cache slots: every instruction with [`Opcode::has_cache`] is followed by a
    /// `CACHE` word holding its slot index in `0..cache_slots`. The caches themselves live beside the
    /// function object (they are mutable and per-function), never in `Code`.
    ///
    /// [`Opcode::has_cache`]: super::opcode::Opcode::has_cache
    pub(crate) cache_slots: u32,
    /// The reload generation that compiled this code (0 for the first load of a module).
    pub(crate) generation: u64,
}

impl Code {
    /// `co_name`.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// `co_qualname`.
    pub fn qualname(&self) -> &str {
        &self.qualname
    }
    /// The source file's name.
    pub fn filename(&self) -> &Arc<str> {
        &self.filename
    }
    /// The source text, if kept.
    pub fn source(&self) -> Option<&Arc<str>> {
        self.source.as_ref()
    }
    /// Text of source line `line` (1-based, without its line break), if the source was kept. Lines
    /// end as the lexer ends them (`\n`, `\r\n` or a lone `\r`). Indexes the source on each call:
    /// for tracebacks, not hot paths.
    pub fn source_line(&self, line: u32) -> Option<&str> {
        let source = self.source.as_deref()?;
        let index = LineIndex::new(source);
        let line = usize::try_from(line).ok()?;
        if line == 0 || line > index.line_count() {
            return None;
        }
        Some(index.line_text(source, line))
    }
    /// `co_firstlineno`.
    pub fn first_line(&self) -> u32 {
        self.first_line
    }
    /// `co_flags`.
    pub fn flags(&self) -> CodeFlags {
        self.flags
    }
    /// Number of positional parameters.
    pub fn arg_count(&self) -> u32 {
        self.arg_count
    }
    /// Number of positional-only parameters.
    pub fn posonly_arg_count(&self) -> u32 {
        self.posonly_arg_count
    }
    /// Number of keyword-only parameters.
    pub fn kwonly_arg_count(&self) -> u32 {
        self.kwonly_arg_count
    }
    /// The instruction words.
    #[inline]
    pub fn instructions(&self) -> &[Instr] {
        &self.instructions
    }
    /// The instructions decoded (prefixes folded, caches attached).
    pub fn decode(&self) -> Decoder<'_> {
        Decoder::new(&self.instructions)
    }
    /// The constant pool.
    #[inline]
    pub fn constants(&self) -> &[Constant] {
        &self.constants
    }
    /// The name table.
    #[inline]
    pub fn names(&self) -> &[Arc<str>] {
        &self.names
    }
    /// Local variable names.
    pub fn varnames(&self) -> &[Arc<str>] {
        &self.varnames
    }
    /// Cell variable names.
    pub fn cellvars(&self) -> &[Arc<str>] {
        &self.cellvars
    }
    /// Free variable names.
    pub fn freevars(&self) -> &[Arc<str>] {
        &self.freevars
    }
    /// Name of deref slot `i` (cellvars then freevars).
    pub fn deref_name(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        match self.cellvars.get(i) {
            Some(name) => Some(name),
            None => self
                .freevars
                .get(i - self.cellvars.len())
                .map(|name| &**name),
        }
    }
    /// The line table.
    pub fn line_table(&self) -> &LineTable {
        &self.line_table
    }
    /// The source location of the instruction word at `offset`.
    pub fn location(&self, offset: u32) -> Option<SourceRange> {
        self.line_table.location(offset)
    }
    /// The exception table.
    pub fn exception_table(&self) -> &[ExceptionEntry] {
        &self.exception_table
    }
    /// The handler covering the word at `offset`, if any (binary search).
    pub fn handler_for(&self, offset: u32) -> Option<&ExceptionEntry> {
        let table = &self.exception_table;
        let i = table.partition_point(|e| e.end <= offset);
        table.get(i).filter(|e| e.start <= offset)
    }
    /// Maximum stack depth.
    #[inline]
    pub fn max_stack_depth(&self) -> u32 {
        self.max_stack_depth
    }
    /// Number of inline-cache slots a function of this code needs.
    #[inline]
    pub fn cache_slots(&self) -> u32 {
        self.cache_slots
    }
    /// The reload generation.
    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// Nested code objects in the constant pool, in pool order.
    pub fn nested_code(&self) -> impl Iterator<Item = &Arc<Code>> {
        self.constants.iter().filter_map(|c| match c {
            Constant::Code(code) => Some(code),
            _ => None,
        })
    }
}
