//! [`CodeBuilder`]: what code generation drives to make a [`Code`].
//!
//! Instructions are appended in order with symbolic jump targets ([`Label`]) and exception-handler
//! regions ([`CodeBuilder::push_handler`] / [`CodeBuilder::pop_handler`]). Misuse (a jump to a label
//! never bound, an unbalanced handler, an inconsistent stack) never panics: the first problem is
//! recorded and [`CodeBuilder::finish`] returns it as a [`BuildError`].
//!
//! `finish` then
//! 1. checks every label use,
//! 2. computes the maximum stack depth by a flow analysis over the instruction graph (fall-through,
//!    jump and exception edges), reporting underflows and merge points reached with two depths,
//! 3. drops unreachable instructions (never analysed, so never trusted: every instruction left in a
//!    `Code` has a known stack depth within `max_stack_depth`),
//! 4. lays out the words: `EXTENDED_ARG` prefixes for operands above 24 bits, one `CACHE` word after
//!    each cached instruction, jump targets resolved to absolute offsets. A jump whose target offset
//!    needs a prefix grows by one word, which moves later targets, so layout repeats until no jump
//!    grows (sizes only grow, so it ends),
//! 5. builds the line table and the exception table from the per-instruction locations and handlers.

use crate::fxhash::FxBuildHasher;
use std::collections::HashMap;

use std::fmt;
use std::sync::Arc;

use super::code::{Code, CodeFlags, ExceptionEntry};
use super::constant::Constant;
use super::instr::{Instr, MAX_INLINE_ARG};
use super::location::{LineEncoder, SourceRange};
use super::opcode::{BinaryOperator, CompareOperator, Opcode};

/// A jump target, made by [`CodeBuilder::new_label`] and placed by [`CodeBuilder::bind_label`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Label(u32);

impl Label {
    /// The label's number (in creation order).
    pub fn index(self) -> u32 {
        self.0
    }
}

/// Why [`CodeBuilder::finish`] failed. `index` is the position of the instruction in emission order
/// (0 for the first `emit`), which is also what [`CodeBuilder::instruction_count`] returned just before
/// it was emitted.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BuildError {
    /// A jump or handler uses a label that was never bound.
    UnboundLabel {
        /// The label.
        label: Label,
    },
    /// A label was bound twice.
    LabelBoundTwice {
        /// The label.
        label: Label,
    },
    /// `emit` was given a jump opcode (use `emit_jump`).
    JumpNeedsLabel {
        /// The opcode.
        op: Opcode,
    },
    /// `emit_jump` was given an opcode that does not jump.
    NotAJump {
        /// The opcode.
        op: Opcode,
    },
    /// `emit_name` was given an opcode whose operand is not a name.
    NotANameOp {
        /// The opcode.
        op: Opcode,
    },
    /// `EXTENDED_ARG` and `CACHE` are made by the layout, never emitted.
    ReservedOpcode {
        /// The opcode.
        op: Opcode,
    },
    /// A jump goes the wrong way: only the backward jumps ([`Opcode::is_backward_jump`]) may go
    /// backwards, and they may not go forwards.
    JumpDirection {
        /// Index of the jump.
        index: u32,
        /// The opcode.
        op: Opcode,
    },
    /// An instruction needs more stack items than the stack holds there.
    StackUnderflow {
        /// Index of the instruction.
        index: u32,
        /// The opcode.
        op: Opcode,
        /// Stack depth before it.
        depth: u32,
        /// Items it needs.
        needed: u32,
    },
    /// Two paths reach an instruction with different stack depths.
    InconsistentStackDepth {
        /// Index of the instruction reached.
        index: u32,
        /// Depth from the path seen first.
        expected: u32,
        /// Depth from the other path.
        found: u32,
    },
    /// An instruction inside a handler region has fewer stack items than the handler unwinds to.
    HandlerDepthTooDeep {
        /// Index of the instruction.
        index: u32,
        /// Its stack depth.
        depth: u32,
        /// The handler's depth.
        handler_depth: u32,
    },
    /// Control can run past the last instruction (a missing `RETURN_VALUE`, or a jump to a label
    /// bound after the end).
    FallsOffEnd,
    /// `pop_handler` without a matching `push_handler`.
    PopHandlerWithoutPush,
    /// `finish` with handler regions still open.
    UnclosedHandlers {
        /// How many are open.
        open: u32,
    },
    /// A cell variable was declared after a free variable (deref slots of free variables follow all
    /// cell variables, so cells must come first).
    CellAfterFree {
        /// The cell variable's name.
        name: Box<str>,
    },
    /// An operand names a table entry that does not exist (a constant, name, local or deref slot)
    /// or is not a valid value for its opcode (an operator number, a flag set, a count).
    OperandOutOfRange {
        /// Index of the instruction.
        index: u32,
        /// The opcode.
        op: Opcode,
        /// The operand.
        arg: u32,
    },
    /// More than 2^24 inline-cache slots, more than 2^32 words, or a stack depth beyond `u32`.
    TooLarge,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::UnboundLabel { label } => write!(f, "label {} is never bound", label.0),
            BuildError::LabelBoundTwice { label } => write!(f, "label {} is bound twice", label.0),
            BuildError::JumpNeedsLabel { op } => write!(f, "{op} is a jump: emit it with a label"),
            BuildError::NotAJump { op } => write!(f, "{op} is not a jump"),
            BuildError::NotANameOp { op } => write!(f, "{op} does not take a name"),
            BuildError::ReservedOpcode { op } => write!(f, "{op} is made by the layout only"),
            BuildError::JumpDirection { index, op } => {
                write!(f, "instruction {index}: {op} jumps the wrong way")
            }
            BuildError::StackUnderflow {
                index,
                op,
                depth,
                needed,
            } => write!(
                f,
                "instruction {index}: {op} needs {needed} stack items but the stack holds {depth}"
            ),
            BuildError::InconsistentStackDepth {
                index,
                expected,
                found,
            } => write!(
                f,
                "instruction {index} is reached with stack depth {expected} and {found}"
            ),
            BuildError::HandlerDepthTooDeep {
                index,
                depth,
                handler_depth,
            } => write!(
                f,
                "instruction {index} has stack depth {depth}, below its handler's depth {handler_depth}"
            ),
            BuildError::FallsOffEnd => f.write_str("control runs past the last instruction"),
            BuildError::PopHandlerWithoutPush => f.write_str("pop_handler without push_handler"),
            BuildError::UnclosedHandlers { open } => {
                write!(f, "{open} handler region(s) still open at finish")
            }
            BuildError::CellAfterFree { name } => {
                write!(f, "cell variable {name:?} declared after a free variable")
            }
            BuildError::OperandOutOfRange { index, op, arg } => {
                write!(f, "instruction {index}: operand {arg} is out of range for {op}")
            }
            BuildError::TooLarge => f.write_str("code object too large"),
        }
    }
}

impl std::error::Error for BuildError {}

const NO_HANDLER: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Pending {
    op: Opcode,
    /// The operand, or the label number for a jump.
    arg: u32,
    loc: SourceRange,
    /// Index into `handlers`, or `NO_HANDLER`.
    handler: u32,
}

#[derive(Clone, Copy)]
struct Handler {
    target: Label,
    depth: u32,
    lasti: bool,
}

/// The buffers [`CodeBuilder::finish_in`] works in, kept by the caller from one code object
/// to the next: a module compiles to many small code objects, and allocating these afresh for
/// each was a good part of finishing one.
#[derive(Default)]
pub struct FinishBuffers {
    /// Jump target (instruction index) of each instruction.
    targets: Vec<u32>,
    /// Stack depth on entry of each instruction, `None` while unreached.
    depths: Vec<Option<u32>>,
    /// The stack analysis' work list.
    work: Vec<u32>,
    /// Whether each instruction is reachable.
    live: Vec<bool>,
    /// Word offset of each instruction, plus the end.
    offsets: Vec<u32>,
    /// The line table being encoded.
    line: Vec<u8>,
    /// The words of short code being laid out (see [`CodeBuilder::layout_short`]).
    words: Vec<Instr>,
    /// Working vectors of finished builders, emptied, for the next builders (see
    /// [`CodeBuilder::new_in`]): at most one set per builder open at once, so nested code
    /// objects each find one.
    spare: Vec<Spare>,
}

/// The vectors a builder works in that do not become part of its [`Code`].
#[derive(Default)]
struct Spare {
    instrs: Vec<Pending>,
    labels: Vec<Option<u32>>,
    label_depths: Vec<Option<u32>>,
    handlers: Vec<Handler>,
    handler_stack: Vec<u32>,
}

impl Spare {
    /// New vectors, for a builder with no finished one's to take.
    fn fresh() -> Spare {
        Spare {
            // Room for a typical function body: growing from empty reallocated it five times.
            instrs: Vec::with_capacity(32),
            ..Spare::default()
        }
    }
}

/// More spare sets than this are dropped (only deeply nested code opens more builders at once).
const KEEP_SPARE_MAX: usize = 32;

/// Past this many instructions a code object's buffers are not kept for the next one (a huge
/// module body should not pin its buffers for the rest of the compile).
const KEEP_BUFFERS_MAX: usize = 1 << 16;

impl FinishBuffers {
    /// Empty buffers.
    pub fn new() -> FinishBuffers {
        FinishBuffers::default()
    }

    /// Give up everything when the buffers hold room for more than `instructions`
    /// instructions in all (for a caller keeping them from one compile to the next: a huge
    /// module should not pin its buffers for the rest of the program).
    pub fn keep_at_most(&mut self, instructions: usize) {
        let held = self.offsets.capacity()
            + self
                .spare
                .iter()
                .map(|s| s.instrs.capacity())
                .sum::<usize>();
        if held > instructions {
            *self = FinishBuffers::default();
        }
    }

    /// Give up buffers that grew too big to keep.
    fn trim(&mut self) {
        if self.offsets.capacity() > KEEP_BUFFERS_MAX {
            *self = FinishBuffers::default();
        }
    }
}

/// Append an instruction's word and, when it has an inline cache, the `CACHE` word naming the
/// next slot.
#[inline]
fn push_instr(
    words: &mut Vec<Instr>,
    op: Opcode,
    arg: u32,
    cache_slots: &mut u32,
) -> Result<(), BuildError> {
    words.push(Instr::new(op, arg & MAX_INLINE_ARG));
    if op.has_cache() {
        if *cache_slots > MAX_INLINE_ARG {
            return Err(BuildError::TooLarge);
        }
        words.push(Instr::new(Opcode::Cache, *cache_slots));
        *cache_slots += 1;
    }
    Ok(())
}

/// A map keyed by names, hashed with [`FxBuildHasher`].
pub(crate) type NameMap<V> = HashMap<Arc<str>, V, FxBuildHasher>;

/// One shared copy of each name of a compile: the symbol table, every code object's name tables
/// and the code objects themselves hold clones of the same `Arc<str>`, so a name mentioned in many
/// blocks (`self`, a global) is allocated once per module instead of once per table.
#[derive(Default, Debug)]
pub struct Interner {
    names: std::collections::HashSet<Arc<str>, FxBuildHasher>,
}

impl Interner {
    /// An interner with room for `n` names before it grows.
    pub fn with_capacity(n: usize) -> Interner {
        Interner {
            names: std::collections::HashSet::with_capacity_and_hasher(n, Default::default()),
        }
    }

    /// The shared copy of `name`, made on first use.
    pub fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.names.get(name) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(name);
        self.names.insert(Arc::clone(&shared));
        shared
    }
}

/// A string table with deduplication (names, varnames, cellvars, freevars).
#[derive(Default)]
struct NameTable {
    names: Vec<Arc<str>>,
    /// Empty while the table is small: most code objects have a handful of names, and comparing
    /// a few strings is cheaper than hashing one.
    index: NameMap<u32>,
}

/// Up to this many names a table is searched linearly.
const NAME_TABLE_LINEAR: usize = 8;

impl NameTable {
    fn add(&mut self, name: &str, interner: &mut Interner) -> u32 {
        match self.get(name) {
            Some(i) => i,
            None => self.push_new(&interner.intern(name)),
        }
    }

    /// [`add`](Self::add) of a name already shared (no interner lookup).
    fn add_shared(&mut self, name: &Arc<str>) -> u32 {
        match self.get(name) {
            Some(i) => i,
            None => self.push_new(name),
        }
    }

    /// Append `name`, known not to be in the table yet (the callers have just searched it).
    fn push_new(&mut self, name: &Arc<str>) -> u32 {
        let i = self.names.len() as u32;
        self.names.push(Arc::clone(name));
        if !self.index.is_empty() || self.names.len() > NAME_TABLE_LINEAR {
            self.index_last();
        }
        i
    }

    /// Put the name just pushed in the hash index, making the index when the table has just
    /// passed [`NAME_TABLE_LINEAR`] names. Out of line, as [`get_hashed`](Self::get_hashed).
    #[inline(never)]
    fn index_last(&mut self) {
        if self.index.is_empty() {
            self.index = self
                .names
                .iter()
                .enumerate()
                .map(|(j, n)| (Arc::clone(n), j as u32))
                .collect();
        } else if let Some(last) = self.names.last() {
            self.index
                .insert(Arc::clone(last), self.names.len() as u32 - 1);
        }
    }

    #[inline]
    fn get(&self, name: &str) -> Option<u32> {
        if self.index.is_empty() {
            self.names
                .iter()
                .position(|n| **n == *name)
                .map(|i| i as u32)
        } else {
            self.get_hashed(name)
        }
    }

    /// [`get`](Self::get) in a table with a hash index. Out of line: inlined, the hash lookup
    /// made every caller save and restore many registers, the linear search too.
    #[inline(never)]
    fn get_hashed(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
}

/// Builds one [`Code`]. See the [module docs](self) for what `finish` does.
///
/// ```
/// use std::sync::Arc;
/// use hotpy_compiler::bytecode::{CodeBuilder, Constant, Opcode, SourceRange};
///
/// // def f(x): return x + 1
/// let mut b = CodeBuilder::new("f", "f", Arc::from("x.py"), 1);
/// b.set_arg_counts(1, 0, 0);
/// let x = b.add_varname("x");
/// let loc = SourceRange::new(1, 9, 1, 21);
/// b.emit(Opcode::LoadFast, x, loc);
/// let one = b.add_const(Constant::Int(1));
/// b.emit(Opcode::LoadConst, one, loc);
/// b.emit(Opcode::BinaryOp, 0, loc);
/// b.emit(Opcode::ReturnValue, 0, loc);
/// let code = b.finish().unwrap();
/// assert_eq!(code.max_stack_depth(), 2);
/// ```
pub struct CodeBuilder {
    name: Arc<str>,
    qualname: Arc<str>,
    filename: Arc<str>,
    source: Option<Arc<str>>,
    first_line: u32,
    flags: CodeFlags,
    arg_count: u32,
    posonly_arg_count: u32,
    kwonly_arg_count: u32,
    generation: u64,

    instrs: Vec<Pending>,
    /// Bound position (instruction index) of each label.
    labels: Vec<Option<u32>>,
    /// Expected stack depth at each label, as far as straight-line tracking knows.
    label_depths: Vec<Option<u32>>,
    constants: Vec<Constant>,
    const_index: HashMap<Constant, u32, FxBuildHasher>,
    names: NameTable,
    varnames: NameTable,
    cellvars: NameTable,
    freevars: NameTable,
    /// Where the name tables get their shared copies (see [`CodeBuilder::set_interner`]).
    interner: Interner,
    handlers: Vec<Handler>,
    handler_stack: Vec<u32>,
    /// Stack depth after the last instruction, `None` after a terminal instruction until a label
    /// with a known depth is bound.
    depth: Option<u32>,
    error: Option<BuildError>,
    ext_threshold: u32,
}

impl CodeBuilder {
    /// A builder for code named `name` (qualified name `qualname`) from `filename`, starting at
    /// `first_line`. Flags default to none, argument counts to 0, generation to 0.
    pub fn new(name: &str, qualname: &str, filename: Arc<str>, first_line: u32) -> CodeBuilder {
        CodeBuilder::with_spare(
            name.into(),
            qualname.into(),
            filename,
            first_line,
            Spare::fresh(),
        )
    }

    /// [`new`](Self::new) with the names already shared (the code takes clones, not copies),
    /// working in vectors a builder finished with `buffers` left there: a module makes hundreds
    /// of small code objects, and each allocating its own strings and growing its own vectors
    /// from empty was a good part of the allocations of a compile.
    pub fn new_in(
        name: Arc<str>,
        qualname: Arc<str>,
        filename: Arc<str>,
        first_line: u32,
        buffers: &mut FinishBuffers,
    ) -> CodeBuilder {
        let spare = buffers.spare.pop().unwrap_or_else(Spare::fresh);
        CodeBuilder::with_spare(name, qualname, filename, first_line, spare)
    }

    fn with_spare(
        name: Arc<str>,
        qualname: Arc<str>,
        filename: Arc<str>,
        first_line: u32,
        spare: Spare,
    ) -> CodeBuilder {
        let Spare {
            instrs,
            labels,
            label_depths,
            handlers,
            handler_stack,
        } = spare;
        CodeBuilder {
            name,
            qualname,
            filename,
            source: None,
            first_line,
            flags: CodeFlags::empty(),
            arg_count: 0,
            posonly_arg_count: 0,
            kwonly_arg_count: 0,
            generation: 0,
            instrs,
            labels,
            label_depths,
            constants: Vec::new(),
            const_index: HashMap::default(),
            names: NameTable::default(),
            varnames: NameTable::default(),
            cellvars: NameTable::default(),
            freevars: NameTable::default(),
            interner: Interner::default(),
            handlers,
            handler_stack,
            depth: Some(0),
            error: None,
            ext_threshold: MAX_INLINE_ARG,
        }
    }

    // ── Code properties ─────────────────────────────────────────────────────────────────────────

    /// Keep the source text (shared by all code objects of one file).
    pub fn set_source(&mut self, source: Arc<str>) {
        self.source = Some(source);
    }

    /// Replace the flags.
    pub fn set_flags(&mut self, flags: CodeFlags) {
        self.flags = flags;
    }

    /// Add flags.
    pub fn add_flags(&mut self, flags: CodeFlags) {
        self.flags |= flags;
    }

    /// Positional (incl. positional-only), positional-only and keyword-only parameter counts.
    pub fn set_arg_counts(&mut self, arg_count: u32, posonly: u32, kwonly: u32) {
        self.arg_count = arg_count;
        self.posonly_arg_count = posonly;
        self.kwonly_arg_count = kwonly;
    }

    /// The reload generation stamped on the code.
    pub fn set_generation(&mut self, generation: u64) {
        self.generation = generation;
    }

    /// The file name given to [`new`](Self::new) (to pass on to nested builders).
    pub fn filename(&self) -> &Arc<str> {
        &self.filename
    }

    /// Take names from `interner` (a code generator hands one interner from builder to builder,
    /// so all the code objects of a module share their name strings).
    pub fn set_interner(&mut self, interner: Interner) {
        self.interner = interner;
    }

    /// Give back the interner (the one set, with the names added since).
    pub fn take_interner(&mut self) -> Interner {
        std::mem::take(&mut self.interner)
    }

    // ── Tables ──────────────────────────────────────────────────────────────────────────────────

    /// Index of `constant` in the pool, adding it if new. Deduplication follows [`Constant`]'s
    /// equality: `1`, `1.0` and `True` stay distinct, `0.0` and `-0.0` too.
    pub fn add_const(&mut self, constant: Constant) -> u32 {
        // A code constant equals only itself (by identity): compare pointers, without the general
        // equality or the hash index (which then lacks it: no other constant's lookup can match
        // it, and this scan finds it again).
        if let Constant::Code(code) = &constant {
            let same = |c: &Constant| matches!(c, Constant::Code(d) if Arc::ptr_eq(d, code));
            if let Some(i) = self.constants.iter().position(same) {
                return i as u32;
            }
            self.constants.push(constant);
            return self.constants.len() as u32 - 1;
        }
        // A small pool is searched directly (most code objects have a few constants); the hash
        // index is built once the pool passes NAME_TABLE_LINEAR entries.
        if self.const_index.is_empty() {
            if let Some(i) = self.constants.iter().position(|c| *c == constant) {
                return i as u32;
            }
        } else if let Some(&i) = self.const_index.get(&constant) {
            return i;
        }
        let i = self.constants.len() as u32;
        if !self.const_index.is_empty() {
            self.const_index.insert(constant.clone(), i);
        }
        self.constants.push(constant);
        if self.const_index.is_empty() && self.constants.len() > NAME_TABLE_LINEAR {
            self.const_index = self
                .constants
                .iter()
                .enumerate()
                .map(|(j, c)| (c.clone(), j as u32))
                .collect();
        }
        i
    }

    /// `LOAD_CONST` of `code`, a code object just made and so in no pool yet: appended without
    /// the scan [`add_const`](Self::add_const) makes for a code constant (a class body with
    /// many methods scanned its whole pool once per method).
    pub fn emit_new_code(&mut self, code: Arc<Code>, loc: SourceRange) {
        let i = self.constants.len() as u32;
        self.constants.push(Constant::Code(code));
        self.emit(Opcode::LoadConst, i, loc);
    }

    /// Index of `name` in the name table (globals, attributes, imports), adding it if new.
    pub fn add_name(&mut self, name: &str) -> u32 {
        self.names.add(name, &mut self.interner)
    }

    /// Local slot of `name`, adding it if new. Add parameters first, in order.
    pub fn add_varname(&mut self, name: &str) -> u32 {
        self.varnames.add(name, &mut self.interner)
    }

    /// Make room for `n` local slots in all (a hint: the table grows past it if need be; sized
    /// once, it does not reallocate as the slots are added).
    pub fn reserve_varnames(&mut self, n: usize) {
        self.varnames.names.reserve_exact(n);
    }

    /// [`add_name`](Self::add_name) of a name the caller already holds shared (a symbol's).
    pub fn add_name_shared(&mut self, name: &Arc<str>) -> u32 {
        self.names.add_shared(name)
    }

    /// [`add_varname`](Self::add_varname) of a name the caller already holds shared.
    pub fn add_varname_shared(&mut self, name: &Arc<str>) -> u32 {
        self.varnames.add_shared(name)
    }

    /// Local slot of `name`, if it has one.
    pub fn varname_index(&self, name: &str) -> Option<u32> {
        self.varnames.get(name)
    }

    /// Deref slot of cell variable `name`, adding it if new. Declare every cell variable before the
    /// first free variable.
    pub fn add_cellvar(&mut self, name: &str) -> u32 {
        if self.cellvars.get(name).is_none() && !self.freevars.names.is_empty() {
            self.fail(BuildError::CellAfterFree { name: name.into() });
        }
        self.cellvars.add(name, &mut self.interner)
    }

    /// Deref slot of free variable `name` (after all cell variables), adding it if new.
    pub fn add_freevar(&mut self, name: &str) -> u32 {
        self.cellvars.names.len() as u32 + self.freevars.add(name, &mut self.interner)
    }

    /// Deref slot of `name`, cell or free, if it has one.
    pub fn deref_index(&self, name: &str) -> Option<u32> {
        self.cellvars.get(name).or_else(|| {
            self.freevars
                .get(name)
                .map(|i| self.cellvars.names.len() as u32 + i)
        })
    }

    // ── Instructions ────────────────────────────────────────────────────────────────────────────

    /// Append `op arg` (any operand size: prefixes come at layout).
    pub fn emit(&mut self, op: Opcode, arg: u32, loc: SourceRange) {
        if op.is_jump() {
            return self.fail(BuildError::JumpNeedsLabel { op });
        }
        if matches!(op, Opcode::ExtendedArg | Opcode::Cache) {
            return self.fail(BuildError::ReservedOpcode { op });
        }
        self.push(op, arg, loc);
    }

    /// Append a jump `op` to `target`, bound before or after.
    pub fn emit_jump(&mut self, op: Opcode, target: Label, loc: SourceRange) {
        if !op.is_jump() {
            return self.fail(BuildError::NotAJump { op });
        }
        if let Some(d) = self.depth {
            let (popped, pushed) = op.stack_io(0, true);
            if popped <= d {
                self.note_label_depth(target, (d - popped).saturating_add(pushed));
            }
        }
        self.push(op, target.0, loc);
    }

    /// `LOAD_CONST` of `constant` (added to the pool).
    pub fn emit_const(&mut self, constant: Constant, loc: SourceRange) {
        let i = self.add_const(constant);
        self.emit(Opcode::LoadConst, i, loc);
    }

    /// `op` with operand `names[name]` (added to the name table): `LOAD_NAME`, `STORE_ATTR`,
    /// `IMPORT_NAME`, … ([`Opcode::uses_name`]). `LOAD_GLOBAL` gets its shifted index without the
    /// push-NULL bit (see [`emit_load_global`](Self::emit_load_global)).
    pub fn emit_name(&mut self, op: Opcode, name: &str, loc: SourceRange) {
        if !op.uses_name() {
            return self.fail(BuildError::NotANameOp { op });
        }
        if op == Opcode::LoadGlobal {
            return self.emit_load_global(name, false, loc);
        }
        let i = self.add_name(name);
        self.emit(op, i, loc);
    }

    /// `LOAD_GLOBAL name`, pushing a `NULL` below the value when `push_null` (a call follows).
    pub fn emit_load_global(&mut self, name: &str, push_null: bool, loc: SourceRange) {
        let i = self.add_name(name);
        match i.checked_mul(2) {
            Some(arg) => self.emit(Opcode::LoadGlobal, arg | u32::from(push_null), loc),
            None => self.fail(BuildError::TooLarge),
        }
    }

    /// `BINARY_OP op`.
    pub fn emit_binary_op(&mut self, op: BinaryOperator, loc: SourceRange) {
        self.emit(Opcode::BinaryOp, op as u32, loc);
    }

    /// `COMPARE_OP op`.
    pub fn emit_compare_op(&mut self, op: CompareOperator, loc: SourceRange) {
        self.emit(Opcode::CompareOp, op as u32, loc);
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        self.label_depths.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Place `label` before the next instruction emitted.
    pub fn bind_label(&mut self, label: Label) {
        let Some(slot) = self.labels.get_mut(label.0 as usize) else {
            return self.fail(BuildError::UnboundLabel { label });
        };
        if slot.is_some() {
            return self.fail(BuildError::LabelBoundTwice { label });
        }
        *slot = Some(self.instrs.len() as u32);
        match self.depth {
            Some(d) => self.note_label_depth(label, d),
            None => self.depth = self.label_depths[label.0 as usize],
        }
    }

    /// Whether `label` is bound already (a jump to it goes backwards).
    pub fn is_bound(&self, label: Label) -> bool {
        self.labels
            .get(label.0 as usize)
            .is_some_and(|slot| slot.is_some())
    }

    /// Open a handler region: instructions emitted until the matching [`pop_handler`] jump to
    /// `target` on an exception, after unwinding the stack to `depth` items and pushing (the
    /// raising offset when `lasti`, then) the exception. Regions nest; the innermost wins.
    ///
    /// [`pop_handler`]: Self::pop_handler
    pub fn push_handler(&mut self, target: Label, depth: u32, lasti: bool) {
        // Only reachable code tells the straight-line tracking anything (a region opened in dead
        // code has a dead handler).
        if self.depth.is_some() {
            self.note_label_depth(target, depth.saturating_add(u32::from(lasti) + 1));
        }
        self.handlers.push(Handler {
            target,
            depth,
            lasti,
        });
        self.handler_stack.push(self.handlers.len() as u32 - 1);
    }

    /// Close the innermost handler region.
    pub fn pop_handler(&mut self) {
        if self.handler_stack.pop().is_none() {
            self.fail(BuildError::PopHandlerWithoutPush);
        }
    }

    /// Number of instructions emitted so far.
    pub fn instruction_count(&self) -> u32 {
        self.instrs.len() as u32
    }

    /// The stack depth after the instructions emitted so far, as straight-line tracking sees it:
    /// exact for structured code emitted in order (every label reached by fall-through, an earlier
    /// jump or a handler opened in reachable code); `None` in code after a return, raise or
    /// unconditional jump, until a label that reachable code jumps to is bound. Handy for
    /// `push_handler`'s `depth`. [`finish`](Self::finish) does not rely on it: its flow analysis
    /// decides.
    pub fn current_depth(&self) -> Option<u32> {
        self.depth
    }

    /// Whether the next instruction can be reached (false right after a return, raise or jump).
    pub fn is_reachable(&self) -> bool {
        self.depth.is_some()
    }

    /// Make the layout give a jump an `EXTENDED_ARG` prefix when its target offset exceeds
    /// `threshold` instead of 2^24 - 1. The prefix is then redundant (its high bits are zero) but the
    /// code is still correct; this lets tests exercise prefix layout without 16 million instructions.
    #[doc(hidden)]
    pub fn set_extended_arg_threshold_for_tests(&mut self, threshold: u32) {
        self.ext_threshold = threshold.min(MAX_INLINE_ARG);
    }

    /// A listing of the instructions emitted so far, for debugging a code generator (and reading a
    /// [`BuildError`]'s `index`): one line per instruction with its index, labels bound there,
    /// opcode, operand (`L3` for a label) and handler (`h1 -> L2 [depth] lasti`).
    pub fn debug_listing(&self) -> String {
        let mut out = String::new();
        let mut bound: HashMap<u32, Vec<u32>> = HashMap::new();
        for (label, pos) in self.labels.iter().enumerate() {
            if let Some(pos) = pos {
                bound.entry(*pos).or_default().push(label as u32);
            }
        }
        for i in 0..=self.instrs.len() {
            if let Some(labels) = bound.get(&(i as u32)) {
                for l in labels {
                    out.push_str(&format!("L{l}:\n"));
                }
            }
            let Some(p) = self.instrs.get(i) else { break };
            let arg = if p.op.is_jump() {
                format!("L{}", p.arg)
            } else {
                p.arg.to_string()
            };
            out.push_str(&format!("{i:>6} {:<20} {arg}", p.op.name()));
            if p.handler != NO_HANDLER {
                let h = self.handlers[p.handler as usize];
                out.push_str(&format!(
                    "  h{} -> L{} [{}]{}",
                    p.handler,
                    h.target.0,
                    h.depth,
                    if h.lasti { " lasti" } else { "" }
                ));
            }
            out.push('\n');
        }
        out
    }

    fn push(&mut self, op: Opcode, arg: u32, loc: SourceRange) {
        if let Some(d) = self.depth {
            let arg_for_effect = if op.is_jump() { 0 } else { arg };
            let (popped, pushed) = op.stack_io(arg_for_effect, false);
            self.depth = if op.is_terminal() {
                None
            } else if popped <= d {
                Some((d - popped).saturating_add(pushed))
            } else {
                Some(0) // underflow: `finish` reports it
            };
        }
        let handler = self.handler_stack.last().copied().unwrap_or(NO_HANDLER);
        self.instrs.push(Pending {
            op,
            arg,
            loc,
            handler,
        });
    }

    fn note_label_depth(&mut self, label: Label, depth: u32) {
        if let Some(slot) = self.label_depths.get_mut(label.0 as usize) {
            slot.get_or_insert(depth);
        }
    }

    fn fail(&mut self, error: BuildError) {
        self.error.get_or_insert(error);
    }

    // ── Finish ──────────────────────────────────────────────────────────────────────────────────

    /// Check, analyse and lay out the code. See the [module docs](self).
    pub fn finish(self) -> Result<Code, BuildError> {
        self.finish_in(&mut FinishBuffers::new())
    }

    /// [`finish`](Self::finish), working in `buffers` (kept for the next code object).
    pub fn finish_in(mut self, buffers: &mut FinishBuffers) -> Result<Code, BuildError> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        if !self.handler_stack.is_empty() {
            return Err(BuildError::UnclosedHandlers {
                open: self.handler_stack.len() as u32,
            });
        }
        self.check_operands()?;
        buffers.trim();
        let scratch = buffers;
        self.resolve_labels(&mut scratch.targets)?;
        let handler_targets: Vec<u32> = self
            .handlers
            .iter()
            .map(|h| self.label_position(h.target))
            .collect::<Result<_, _>>()?;
        let max_stack_depth = self.stack_analysis(scratch, &handler_targets)?;
        let FinishBuffers {
            targets,
            live,
            offsets,
            line,
            spare,
            words,
            work,
            ..
        } = scratch;
        let mut lines = LineEncoder::new(self.first_line, line);
        let (instructions, cache_slots) = if self.is_short() {
            self.layout_short(targets, live, offsets, words, work, &mut lines)?
        } else {
            self.layout(targets, live, offsets, &mut lines)?
        };
        let line_table = lines.finish();
        let exception_table = self.exception_table(offsets, &handler_targets, live);
        if spare.len() < KEEP_SPARE_MAX && self.instrs.capacity() <= KEEP_BUFFERS_MAX {
            let mut set = Spare {
                instrs: std::mem::take(&mut self.instrs),
                labels: std::mem::take(&mut self.labels),
                label_depths: std::mem::take(&mut self.label_depths),
                handlers: std::mem::take(&mut self.handlers),
                handler_stack: std::mem::take(&mut self.handler_stack),
            };
            set.instrs.clear();
            set.labels.clear();
            set.label_depths.clear();
            set.handlers.clear();
            set.handler_stack.clear();
            spare.push(set);
        }
        Ok(Code {
            name: self.name,
            qualname: self.qualname,
            filename: self.filename,
            source: self.source,
            first_line: self.first_line,
            flags: self.flags,
            arg_count: self.arg_count,
            posonly_arg_count: self.posonly_arg_count,
            kwonly_arg_count: self.kwonly_arg_count,
            instructions,
            constants: self.constants,
            names: self.names.names,
            varnames: self.varnames.names,
            cellvars: self.cellvars.names,
            freevars: self.freevars.names,
            line_table,
            exception_table,
            max_stack_depth,
            cache_slots,
            generation: self.generation,
        })
    }

    fn label_position(&self, label: Label) -> Result<u32, BuildError> {
        self.labels
            .get(label.0 as usize)
            .copied()
            .flatten()
            .ok_or(BuildError::UnboundLabel { label })
    }

    /// Every operand within its table or its opcode's range of values.
    fn check_operands(&self) -> Result<(), BuildError> {
        use Opcode::*;
        let len = |n: usize| n as u64;
        let derefs = len(self.cellvars.names.len() + self.freevars.names.len());
        for (i, p) in self.instrs.iter().enumerate() {
            let arg = u64::from(p.arg);
            let ok = match p.op {
                LoadConst => arg < len(self.constants.len()),
                LoadFast | StoreFast | DeleteFast => arg < len(self.varnames.names.len()),
                LoadDeref | StoreDeref | DeleteDeref | LoadClosure | LoadClassDeref | MakeCell => {
                    arg < derefs
                }
                CopyFreeVars => arg <= len(self.freevars.names.len()),
                LoadGlobal => arg >> 1 < len(self.names.names.len()),
                op if op.uses_name() => arg < len(self.names.names.len()),
                BinaryOp => arg < 26,
                CompareOp => arg < 6,
                IsOp | ContainsOp | CallFunctionEx => arg <= 1,
                BuildSlice => arg == 2 || arg == 3,
                FormatValue => arg <= 7,
                MakeFunction => arg <= 0xF,
                RaiseVarargs => arg <= 2,
                Copy => arg >= 1,
                Swap => arg >= 2,
                _ => true,
            };
            if !ok {
                return Err(BuildError::OperandOutOfRange {
                    index: i as u32,
                    op: p.op,
                    arg: p.arg,
                });
            }
        }
        Ok(())
    }

    /// Instruction index targeted by each instruction (`u32::MAX` for non-jumps), into `targets`;
    /// checks directions.
    fn resolve_labels(&self, targets: &mut Vec<u32>) -> Result<(), BuildError> {
        targets.clear();
        targets.resize(self.instrs.len(), u32::MAX);
        for (i, p) in self.instrs.iter().enumerate() {
            if !p.op.is_jump() {
                continue;
            }
            let target = self.label_position(Label(p.arg))?;
            let backward = target <= i as u32;
            if backward != p.op.is_backward_jump() {
                return Err(BuildError::JumpDirection {
                    index: i as u32,
                    op: p.op,
                });
            }
            targets[i] = target;
        }
        Ok(())
    }

    /// Depth-first propagation of stack depths; returns the maximum depth and which instructions
    /// are reachable.
    fn stack_analysis(
        &self,
        scratch: &mut FinishBuffers,
        handler_targets: &[u32],
    ) -> Result<u32, BuildError> {
        let n = self.instrs.len();
        if n == 0 {
            return Err(BuildError::FallsOffEnd);
        }
        let FinishBuffers {
            targets,
            depths,
            work,
            live,
            ..
        } = scratch;
        depths.clear();
        depths.resize(n, None);
        work.clear();
        let mut max = 0u32;
        // Marks `index` reached at `depth`; true when it is newly reached (to be analysed).
        let mark =
            |index: u32, depth: u32, depths: &mut Vec<Option<u32>>| -> Result<bool, BuildError> {
                match depths.get(index as usize) {
                    None => Err(BuildError::FallsOffEnd),
                    Some(None) => {
                        depths[index as usize] = Some(depth);
                        Ok(true)
                    }
                    Some(Some(expected)) if *expected == depth => Ok(false),
                    Some(Some(expected)) => Err(BuildError::InconsistentStackDepth {
                        index,
                        expected: *expected,
                        found: depth,
                    }),
                }
            };
        let reach = |index: u32,
                     depth: u32,
                     depths: &mut Vec<Option<u32>>,
                     work: &mut Vec<u32>|
         -> Result<(), BuildError> {
            if mark(index, depth, depths)? {
                work.push(index);
            }
            Ok(())
        };
        mark(0, 0, depths)?;
        // The instruction to analyse next: the one after the last, when that fell through to an
        // instruction not reached before. It would have been pushed last and popped at once, so
        // going straight on visits the same instructions in the same order without the push and
        // pop (most instructions only fall through).
        let mut next = Some(0u32);
        while let Some(i) = next.take().or_else(|| work.pop()) {
            let p = self.instrs[i as usize];
            let depth = depths[i as usize].unwrap_or(0);
            let arg = if p.op.is_jump() { 0 } else { p.arg };
            if p.handler != NO_HANDLER {
                let h = self.handlers[p.handler as usize];
                if h.depth > depth {
                    return Err(BuildError::HandlerDepthTooDeep {
                        index: i,
                        depth,
                        handler_depth: h.depth,
                    });
                }
                let entry = h
                    .depth
                    .checked_add(u32::from(h.lasti) + 1)
                    .ok_or(BuildError::TooLarge)?;
                max = max.max(entry);
                reach(handler_targets[p.handler as usize], entry, depths, work)?;
            }
            // The depth after the instruction, taking its jump or not.
            let mut after = |jump: bool| {
                let (popped, pushed) = p.op.stack_io(arg, jump);
                if popped > depth {
                    return Err(BuildError::StackUnderflow {
                        index: i,
                        op: p.op,
                        depth,
                        needed: popped,
                    });
                }
                let after = (depth - popped)
                    .checked_add(pushed)
                    .ok_or(BuildError::TooLarge)?;
                max = max.max(after).max(depth);
                Ok(after)
            };
            if p.op.is_jump() {
                let d = after(true)?;
                reach(targets[i as usize], d, depths, work)?;
            }
            if !p.op.is_terminal() {
                let d = after(false)?;
                if mark(i + 1, d, depths)? {
                    next = Some(i + 1);
                }
            } else if !p.op.is_jump() {
                // Returns and raises: still check they have their operands.
                let (popped, _) = p.op.stack_io(arg, false);
                if popped > depth {
                    return Err(BuildError::StackUnderflow {
                        index: i,
                        op: p.op,
                        depth,
                        needed: popped,
                    });
                }
                max = max.max(depth);
            }
        }
        live.clear();
        live.extend(depths.iter().map(Option::is_some));
        Ok(max)
    }

    /// Encode the live words (unreachable instructions take no space); returns them and the number
    /// of cache slots, leaves the word offset of each instruction (plus the end) in `offsets`, and
    /// gives `lines` each instruction's words and location (in the same pass: a separate one over
    /// the instructions for the line table cost as much again).
    fn layout(
        &self,
        targets: &[u32],
        live: &[bool],
        offsets: &mut Vec<u32>,
        lines: &mut LineEncoder<'_>,
    ) -> Result<(Vec<Instr>, u32), BuildError> {
        let threshold = self.ext_threshold;
        // First pass: offsets with only the operand prefixes known up front. When the whole code
        // fits below the threshold no jump target needs a prefix either (nearly always), and
        // these offsets are final: no per-instruction `wide` flags, no second pass.
        offsets.clear();
        let mut total: u64 = 0;
        for (p, &is_live) in self.instrs.iter().zip(live) {
            offsets.push(u32::try_from(total).map_err(|_| BuildError::TooLarge)?);
            if is_live {
                let wide = !p.op.is_jump() && p.arg > threshold;
                total += 1 + u64::from(wide) + u64::from(p.op.has_cache());
            }
        }
        offsets.push(u32::try_from(total).map_err(|_| BuildError::TooLarge)?);
        let wide = if total > u64::from(threshold) {
            Some(self.grow_jumps(targets, live, offsets)?)
        } else {
            None
        };
        let is_wide = |i: usize, p: &Pending| match &wide {
            Some(w) => w[i],
            None => !p.op.is_jump() && p.arg > threshold,
        };
        let end = offsets[self.instrs.len()] as usize;
        let mut words = Vec::with_capacity(end);
        let mut cache_slots = 0u32;
        for (i, ((p, &is_live), &target)) in self.instrs.iter().zip(live).zip(targets).enumerate() {
            if !is_live {
                continue;
            }
            let arg = if p.op.is_jump() {
                offsets[target as usize]
            } else {
                p.arg
            };
            let start = words.len();
            if is_wide(i, p) {
                words.push(Instr::new(Opcode::ExtendedArg, arg >> 24));
            }
            push_instr(&mut words, p.op, arg, &mut cache_slots)?;
            lines.push((words.len() - start) as u32, p.loc);
        }
        debug_assert_eq!(words.len(), end);
        Ok((words, cache_slots))
    }

    /// Whether the code is too short for a jump target to need a prefix: at most three words an
    /// instruction (a prefix, the instruction, a cache word) keep every offset within the
    /// threshold.
    fn is_short(&self) -> bool {
        (self.instrs.len() as u64) * 3 <= u64::from(self.ext_threshold)
    }

    /// [`layout`](Self::layout) of short code ([`is_short`](Self::is_short)) in one pass: no jump
    /// needs a prefix, so each instruction's offset is known when it is reached, a backward
    /// jump's target too, and the forward jumps (listed in `fixups`) get theirs once all are laid
    /// out. The words are built in `words` and copied out at their exact size: the separate pass
    /// computing the offsets first cost more than the copy.
    fn layout_short(
        &self,
        targets: &[u32],
        live: &[bool],
        offsets: &mut Vec<u32>,
        words: &mut Vec<Instr>,
        fixups: &mut Vec<u32>,
        lines: &mut LineEncoder<'_>,
    ) -> Result<(Vec<Instr>, u32), BuildError> {
        let threshold = self.ext_threshold;
        offsets.clear();
        words.clear();
        fixups.clear();
        let mut cache_slots = 0u32;
        for (i, ((p, &is_live), &target)) in self.instrs.iter().zip(live).zip(targets).enumerate() {
            offsets.push(words.len() as u32);
            if !is_live {
                continue;
            }
            let start = words.len();
            let arg = if !p.op.is_jump() {
                if p.arg > threshold {
                    words.push(Instr::new(Opcode::ExtendedArg, p.arg >> 24));
                }
                p.arg
            } else if target as usize <= i {
                offsets[target as usize]
            } else {
                fixups.push(i as u32);
                0
            };
            push_instr(words, p.op, arg, &mut cache_slots)?;
            lines.push((words.len() - start) as u32, p.loc);
        }
        offsets.push(words.len() as u32);
        for &i in fixups.iter() {
            let i = i as usize;
            let target = offsets[targets[i] as usize];
            words[offsets[i] as usize] = Instr::new(self.instrs[i].op, target);
        }
        Ok((words.to_vec(), cache_slots))
    }

    /// The slow path of [`layout`](Self::layout), for code past the prefix threshold: give every
    /// jump whose target offset exceeds it a prefix, which moves later targets, and repeat until no
    /// jump grows (sizes only grow, so it ends). Returns which instructions have a prefix, with
    /// `offsets` updated.
    fn grow_jumps(
        &self,
        targets: &[u32],
        live: &[bool],
        offsets: &mut [u32],
    ) -> Result<Vec<bool>, BuildError> {
        let n = self.instrs.len();
        let threshold = self.ext_threshold;
        let mut wide: Vec<bool> = self
            .instrs
            .iter()
            .map(|p| !p.op.is_jump() && p.arg > threshold)
            .collect();
        loop {
            let mut grew = false;
            for (i, p) in self.instrs.iter().enumerate() {
                if live[i] && p.op.is_jump() && !wide[i] && offsets[targets[i] as usize] > threshold
                {
                    wide[i] = true;
                    grew = true;
                }
            }
            if !grew {
                return Ok(wide);
            }
            let mut total: u64 = 0;
            for (i, p) in self.instrs.iter().enumerate() {
                offsets[i] = u32::try_from(total).map_err(|_| BuildError::TooLarge)?;
                if live[i] {
                    total += 1 + u64::from(wide[i]) + u64::from(p.op.has_cache());
                }
            }
            offsets[n] = u32::try_from(total).map_err(|_| BuildError::TooLarge)?;
        }
    }

    fn exception_table(
        &self,
        offsets: &[u32],
        handler_targets: &[u32],
        live: &[bool],
    ) -> Vec<ExceptionEntry> {
        let mut table: Vec<ExceptionEntry> = Vec::new();
        if self.handlers.is_empty() {
            // Most code objects have no `try` or `with`: no instruction has a handler.
            return table;
        }
        for (i, p) in self.instrs.iter().enumerate() {
            if p.handler == NO_HANDLER || !live[i] {
                continue;
            }
            let h = self.handlers[p.handler as usize];
            let entry = ExceptionEntry {
                start: offsets[i],
                end: offsets[i + 1],
                target: offsets[handler_targets[p.handler as usize] as usize],
                depth: h.depth,
                lasti: h.lasti,
            };
            match table.last_mut() {
                Some(last)
                    if last.end == entry.start
                        && last.target == entry.target
                        && last.depth == entry.depth
                        && last.lasti == entry.lasti =>
                {
                    last.end = entry.end;
                }
                _ => table.push(entry),
            }
        }
        table
    }
}
