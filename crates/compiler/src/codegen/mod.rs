//! Code generation: AST → [`Code`] objects through [`CodeBuilder`], following CPython 3.11's
//! `Python/compile.c` shapes and the executable recipes in `tests/bytecode_recipes.rs`.
//!
//! One *unit* (a [`CodeBuilder`] plus its scope, qualified name and block stack) per module,
//! function, lambda, comprehension and class body; nested units are finished into constants of
//! their parent. Names are resolved with the [`crate::symtable`] module.
//!
//! Control flow that leaves a block early (`break`, `continue`, `return`) walks the *frame block*
//! stack as CPython's `compiler_unwind_fblock_stack` does: it pops loop iterators, runs `finally`
//! bodies and `__exit__` calls, ends handler regions, and restores everything for the code after.
//! Handler regions are [`CodeBuilder::push_handler`] / [`CodeBuilder::pop_handler`] pairs; their
//! stack depth is the *structural* depth (what enclosing blocks keep on the stack: a `for`
//! iterator, a `with` exit, the previous exception of an `except` body), known without tracking.
//!
//! What hotpy does not compile yet (`async` constructs, `match`, string constants with
//! lone surrogates) is refused with a `SyntaxError` naming the construct, never compiled wrongly.
//!
//! # What the VM sees (the shapes, beyond each opcode's own documentation)
//! - **Prologue** of a code object: `COPY_FREE_VARS n` (if it has free variables), then
//!   `MAKE_CELL i` for each cell in `cellvars` order (a parameter that is a cell is copied in by
//!   `LOAD_FAST p; STORE_DEREF i`; its fast slot keeps the argument too, as `super()` needs), then
//!   `RETURN_GENERATOR` for generators (no `POP_TOP` after it). `cellvars` and `freevars` are
//!   sorted by name (CPython's order); a closure tuple follows the child's `freevars`.
//! - **Calls**: `PUSH_NULL` (or `LOAD_GLOBAL` with the NULL bit), callable, arguments, `CALL n`;
//!   methods: `LOAD_METHOD`, arguments, `CALL n`; keywords: their values last, then `LOAD_CONST`
//!   of the names tuple, `CALL_KW n`. With `*`/`**`: `CALL_FUNCTION_EX`, whose operands are always
//!   a real tuple and (flag 1) a fresh dict. Decorators, `assert x, msg` and the `with` exit call
//!   use the non-NULL-first-slot rule: `[decorator, function]` + `CALL 0` is
//!   `decorator(function)`, `[AssertionError, msg]` + `CALL 0`, `[exit, None, None, None]` +
//!   `CALL 2`.
//! - **Functions**: `MAKE_FUNCTION` operands are pushed defaults tuple, keyword-only defaults dict,
//!   annotations as a flat tuple `(name, value, name, value, …)` (CPython 3.11's form; values are
//!   strings under `from __future__ import annotations`), closure tuple, then the code. The first
//!   constant of a function is its docstring or None (lambdas: None).
//! - **Comprehensions** are functions of one argument (`.0`, the iterator):
//!   `PUSH_NULL; <make function>; <outermost iterable>; GET_ITER; CALL 1`.
//! - **Classes**: `PUSH_NULL; LOAD_BUILD_CLASS; <make function of the body>; LOAD_CONST name;
//!   <bases and keywords>; CALL/CALL_KW/CALL_FUNCTION_EX`. The body stores `__module__`
//!   (from `__name__`), `__qualname__`, `__doc__` when there is one, and returns the `__class__`
//!   cell (after `STORE_NAME __classcell__`) when a method uses `super()`/`__class__`, else None.
//!   Names free in a method and bound in the class are read in the body with `LOAD_CLASSDEREF`.
//! - **Modules and class bodies** with annotated names start with `SETUP_ANNOTATIONS` and store
//!   each annotation with `LOAD_NAME __annotations__; LOAD_CONST name; STORE_SUBSCR`.
//! - **Exceptions**: `try` bodies are handler regions at the structural depth; an `except` clause
//!   runs after `PUSH_EXC_INFO` under a cleanup region (depth + 1, lasti) ending in
//!   `COPY 3; POP_EXCEPT; RERAISE 1`; `except E as e` stores `e`, runs the body under a second
//!   cleanup that sets `e = None; del e` and re-raises, and does the same on the normal path.
//!   `finally` bodies are emitted twice (normal path, and a handler ending in `RERAISE 0`), and
//!   again at each `break`/`continue`/`return` leaving them.
//! - **Generators**: `yield` is `YIELD_VALUE` (the sent value replaces the yielded one);
//!   `yield from`/`await`-style delegation is `GET_YIELD_FROM_ITER; LOAD_CONST None; SEND;
//!   YIELD_VALUE; JUMP_BACKWARD` (the `SEND` exit leaves the result).
//! - **Loops**: `for` is `GET_ITER; FOR_ITER exit; <target>; <body>; JUMP_BACKWARD`; `while` is
//!   tested at the top and again at the bottom (`POP_JUMP_BACKWARD_IF_TRUE`/`FALSE` to the body,
//!   CPython 3.11's shape); `continue` jumps back to the top test or `FOR_ITER`. Conditions
//!   short-circuit with conditional jumps; `x is None` tests use `POP_JUMP_IF_NONE`/`NOT_NONE`.
//! - **Folding** (CPython's AST optimizer): constant operators within CPython's size limits,
//!   constant tuples and subscripts, `x in [..]`/`for x in [..]` as a tuple (a frozenset for a set
//!   of constants), `__debug__` as True, `'%s' % (a, b)` as an f-string, `a, b = x, y` with `SWAP`.
//! - **REPL** (`Mode::Single`): top-level expression statements end in `PRINT_EXPR`.

use std::rc::Rc;
use std::sync::Arc;

use hotpy_lexer::LineIndex;
use num_bigint::BigInt;

use crate::ast::*;
use crate::bytecode::{
    BinaryOperator, Code, CodeBuilder, CodeFlags, CompareOperator, Constant, Label,
    MakeFunctionFlags, Opcode, SourceRange,
};
use crate::parser::SyntaxError;
use crate::symtable::{self, mangle, ScopeId, ScopeKind, SymbolScope, SymbolTable};

mod unparse;

/// CPython's `STACK_USE_GUIDELINE`: displays and calls bigger than this are built incrementally.
const STACK_USE_GUIDELINE: usize = 30;

/// What kind of source a compile takes (the `mode` argument of Python's `compile`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module or `exec` source: statements; the code returns None.
    Exec,
    /// An `eval` source: one expression; the code returns its value.
    Eval,
    /// An interactive (REPL) statement: expression statements print their value with
    /// `PRINT_EXPR`; the code returns None.
    Single,
}

type R = Result<(), SyntaxError>;

fn err(span: Span, message: impl Into<String>) -> SyntaxError {
    SyntaxError::syntax(message, span.start as usize, span.end as usize)
}

/// The error for what hotpy refuses to compile.
fn unsupported(span: Span, what: &str) -> SyntaxError {
    err(span, format!("hotpy does not support {what} yet"))
}

/// The message prefix of every "not supported" error (for callers that tell them apart).
pub const UNSUPPORTED_PREFIX: &str = "hotpy does not support ";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UnitKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

#[derive(Clone, Copy)]
enum FBlock<'a> {
    While {
        start: Label,
        exit: Label,
    },
    For {
        start: Label,
        exit: Label,
    },
    TryExcept,
    FinallyTry {
        body: &'a [Stmt<'a>],
    },
    FinallyEnd,
    With {
        loc: SourceRange,
    },
    HandlerCleanup {
        name: Option<&'a str>,
    },
    ExceptionHandler,
    PopValue,
    /// The handlers of a `try`/`except*`: `break`, `continue` and `return` cannot leave them.
    ExceptStar,
}

impl FBlock<'_> {
    /// Items the block keeps on the value stack while its body runs.
    fn stack_items(&self) -> u32 {
        match self {
            FBlock::For { .. } | FBlock::With { .. } | FBlock::ExceptionHandler => 1,
            FBlock::PopValue => 1,
            FBlock::FinallyEnd => 2,
            // The original exception, the list of raised ones, the unhandled rest.
            FBlock::ExceptStar => 3,
            _ => 0,
        }
    }

    fn is_loop(&self) -> bool {
        matches!(self, FBlock::While { .. } | FBlock::For { .. })
    }
}

/// How [`Compiler::name_op`] reaches a name.
#[derive(Clone, Copy)]
enum NameKind {
    /// A cell or free variable: `*_DEREF`.
    Deref,
    /// A function local: `*_FAST`.
    Fast,
    /// A global seen from a function, or declared `global`: `*_GLOBAL`.
    Global,
    /// Looked up by name at run time (module and class bodies): `*_NAME`.
    Name,
}

#[derive(Clone, Copy)]
struct Region {
    target: Label,
    depth: u32,
    lasti: bool,
}

struct Unit<'a> {
    b: CodeBuilder,
    scope: ScopeId,
    kind: UnitKind,
    /// Shared with the unit's code object.
    qualname: Arc<str>,
    private: Option<Rc<str>>,
    fblocks: Vec<FBlock<'a>>,
    regions: Vec<Region>,
    loc: SourceRange,
    /// The node `loc` comes from (what compile errors point at).
    span: Span,
    /// The operand table index (`names`, `varnames` or deref slot: a symbol always takes the
    /// same one within a unit) of each symbol of the unit's block, by symbol index; `NO_SLOT`
    /// until first used. Spares looking each use of a name up again in the builder's tables.
    slots: Vec<u32>,
}

/// The line [`Compiler::line_col`] answered last: its 1-based number and the byte offsets where
/// it, the next line and the one after start (`u32::MAX` past the last line).
#[derive(Clone, Copy, Default)]
struct LineCache {
    line: u32,
    start: u32,
    next: u32,
    after: u32,
}

/// An entry of [`Unit::slots`] not filled yet.
const NO_SLOT: u32 = u32::MAX;

struct Compiler<'a, 's> {
    source: &'s str,
    lines: LineIndex,
    /// The line of the last position asked for (see [`Compiler::line_col`]).
    line_cache: std::cell::Cell<LineCache>,
    filename: Arc<str>,
    source_arc: Arc<str>,
    table: SymbolTable,
    units: Vec<Unit<'a>>,
    /// The buffers every code object of this compile is finished in.
    finish_buffers: crate::bytecode::FinishBuffers,
    /// Where a nested unit's qualified name is joined before its shared copy is made (a fresh
    /// `String` each time was one more allocation per method).
    qualname_buf: String,
    /// [`Unit::slots`], `fblocks` and `regions` of finished units, emptied, for the next units
    /// (each growing its own from empty was one more allocation per code object, or per
    /// function with a loop or `try`).
    spare_slots: Vec<Vec<u32>>,
    spare_fblocks: Vec<Vec<FBlock<'a>>>,
    spare_regions: Vec<Vec<Region>>,
    interactive: bool,
    future_annotations: bool,
    future_lineno: u32,
    /// The span CPython gives a generator expression that is a call's sole argument (it starts
    /// at the call's `(`), keyed by the node's address.
    genexp_span: Option<(usize, Span)>,
    /// The reload generation stamped on every code object.
    generation: u64,
    /// The last comparison a conditional jump tested (where an `assert` raises, as CPython).
    last_compare: Option<Span>,
}

/// Compile a parsed module to its code object. `source` is the text `module` was parsed from
/// (spans index it).
pub fn compile_parsed(
    module: &Module<'_>,
    source: &str,
    filename: &str,
    mode: Mode,
) -> Result<Code, SyntaxError> {
    compile_parsed_generation(module, source, filename, mode, 0)
}

/// [`compile_parsed`], stamping every code object with reload `generation`.
pub fn compile_parsed_generation(
    module: &Module<'_>,
    source: &str,
    filename: &str,
    mode: Mode,
    generation: u64,
) -> Result<Code, SyntaxError> {
    let mut buffers = crate::bytecode::FinishBuffers::new();
    compile_parsed_in(module, source, filename, mode, generation, &mut buffers)
}

/// [`compile_parsed_generation`], finishing the code objects in `buffers`, which a caller
/// compiling one module after another keeps (a compile's working vectors then start at the size
/// the last one grew them to, instead of growing from empty each time).
pub fn compile_parsed_in(
    module: &Module<'_>,
    source: &str,
    filename: &str,
    mode: Mode,
    generation: u64,
    buffers: &mut crate::bytecode::FinishBuffers,
) -> Result<Code, SyntaxError> {
    let lines = LineIndex::new(source);
    let (future_annotations, future_lineno) = parse_future(module, &lines)?;
    let table = symtable::build(module, future_annotations)?;
    let mut c = Compiler {
        source,
        lines,
        line_cache: std::cell::Cell::new(LineCache::default()),
        filename: Arc::from(filename),
        source_arc: Arc::from(source),
        table,
        units: Vec::new(),
        finish_buffers: std::mem::take(buffers),
        qualname_buf: String::new(),
        spare_slots: Vec::new(),
        spare_fblocks: Vec::new(),
        spare_regions: Vec::new(),
        interactive: mode == Mode::Single,
        future_annotations,
        future_lineno,
        genexp_span: None,
        generation,
        last_compare: None,
    };
    let result = (|| {
        c.enter_unit(0, "<module>", UnitKind::Module, 1);
        match mode {
            Mode::Exec => {
                c.body(module.body)?;
                c.return_none();
            }
            Mode::Single => {
                if let Some(second) = single_mode_extra(module, &c.lines) {
                    return Err(err(
                        second.span,
                        "multiple statements found while compiling a single statement",
                    ));
                }
                if find_ann(module.body) {
                    c.emit(Opcode::SetupAnnotations, 0);
                }
                c.stmts(module.body)?;
                c.return_none();
            }
            Mode::Eval => {
                let expr = match module.body {
                    [Stmt {
                        kind: StmtKind::Expr { value },
                        ..
                    }] => *value,
                    [first, ..] => {
                        // CPython's eval grammar stops at the first token an expression cannot hold:
                        // the `=` of an assignment, else the statement's start.
                        let at = match first.kind {
                            StmtKind::Assign { targets, .. } => source
                                .get(targets[0].span.end as usize..)
                                .and_then(|rest| rest.find('='))
                                .map_or(first.span, |i| {
                                    let p = targets[0].span.end + i as u32;
                                    Span::new(p, p + 1)
                                }),
                            _ => first.span,
                        };
                        return Err(err(at, "invalid syntax"));
                    }
                    [] => return Err(err(Span::new(0, 0), "invalid syntax")),
                };
                c.expr(expr)?;
                c.emit(Opcode::ReturnValue, 0);
            }
        }
        c.finish_unit()
    })();
    *buffers = std::mem::take(&mut c.finish_buffers);
    result
}

/// Whether `module` starts with `from __future__ import annotations` (checking its future
/// imports as CPython does).
pub fn future_annotations(module: &Module<'_>, source: &str) -> Result<bool, SyntaxError> {
    parse_future(module, &LineIndex::new(source)).map(|(on, _)| on)
}

/// In `single` mode, the first statement that makes the input more than one statement.
fn single_mode_extra<'m, 'a>(module: &'m Module<'a>, lines: &LineIndex) -> Option<&'m Stmt<'a>> {
    let first = module.body.first()?;
    let compound = matches!(
        first.kind,
        StmtKind::FunctionDef { .. }
            | StmtKind::ClassDef { .. }
            | StmtKind::For { .. }
            | StmtKind::While { .. }
            | StmtKind::If { .. }
            | StmtKind::With { .. }
            | StmtKind::Match { .. }
            | StmtKind::Try { .. }
    );
    let line = lines.line(first.span.start);
    module.body[1..]
        .iter()
        .find(|s| compound || lines.line(s.span.start) != line)
}

/// `from __future__ import …` at the top of the module: whether `annotations` is on, and the line
/// of the last future import.
fn parse_future(module: &Module<'_>, lines: &LineIndex) -> Result<(bool, u32), SyntaxError> {
    let mut annotations = false;
    let mut future_line = 0;
    let mut done = false;
    let mut found_docstring = false;
    let mut prev_line = 0;
    for s in module.body {
        let line = lines.line(s.span.start) as u32;
        if done && line > prev_line {
            break;
        }
        prev_line = line;
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some("__future__"),
                names,
                ..
            } => {
                if done {
                    return Err(err(
                        s.span,
                        "from __future__ imports must occur at the beginning of the file",
                    ));
                }
                for a in *names {
                    match a.name {
                        "nested_scopes" | "generators" | "division" | "absolute_import"
                        | "with_statement" | "print_function" | "unicode_literals"
                        | "generator_stop" => {}
                        "annotations" => annotations = true,
                        "barry_as_FLUFL" => return Err(unsupported(a.span, "'barry_as_FLUFL'")),
                        "braces" => return Err(err(s.span, "not a chance")),
                        other => {
                            return Err(err(
                                s.span,
                                format!("future feature {other} is not defined"),
                            ))
                        }
                    }
                }
                future_line = line;
            }
            StmtKind::ImportFrom { .. } => done = true,
            StmtKind::Expr { value } if !found_docstring => {
                if !matches!(
                    value.kind,
                    ExprKind::Constant {
                        value: crate::ast::Constant::Str(_)
                            | crate::ast::Constant::StrCodePoints(_),
                        ..
                    }
                ) {
                    done = true;
                }
                found_docstring = true;
            }
            _ => done = true,
        }
    }
    Ok((annotations, future_line))
}

/// Whether a block (not counting nested functions and classes) has an annotated assignment.
fn find_ann(stmts: &[Stmt<'_>]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::If { body, orelse, .. } => find_ann(body) || find_ann(orelse),
        StmtKind::With { body, .. } => find_ann(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        } => {
            find_ann(body)
                || handlers.iter().any(|h| find_ann(h.body))
                || find_ann(orelse)
                || find_ann(finalbody)
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| find_ann(c.body)),
        _ => false,
    })
}

/// The docstring of a body: its first statement when that is a string constant.
fn docstring<'a>(body: &[Stmt<'a>]) -> Option<&'a str> {
    match body.first()?.kind {
        StmtKind::Expr { value } => match value.kind {
            ExprKind::Constant {
                value: crate::ast::Constant::Str(s),
                ..
            } => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn binary_operator(op: Operator) -> BinaryOperator {
    match op {
        Operator::Add => BinaryOperator::Add,
        Operator::Sub => BinaryOperator::Subtract,
        Operator::Mult => BinaryOperator::Multiply,
        Operator::MatMult => BinaryOperator::MatMul,
        Operator::Div => BinaryOperator::TrueDivide,
        Operator::Mod => BinaryOperator::Remainder,
        Operator::Pow => BinaryOperator::Power,
        Operator::LShift => BinaryOperator::LShift,
        Operator::RShift => BinaryOperator::RShift,
        Operator::BitOr => BinaryOperator::Or,
        Operator::BitXor => BinaryOperator::Xor,
        Operator::BitAnd => BinaryOperator::And,
        Operator::FloorDiv => BinaryOperator::FloorDivide,
    }
}

/// CPython's message for leaving an `except*` clause early.
const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

fn is_starred(e: &Expr<'_>) -> bool {
    matches!(e.kind, ExprKind::Starred { .. })
}

/// Python truthiness of a constant.
fn truthy(c: &Constant) -> bool {
    match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(_) => true,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Ellipsis => true,
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
        Constant::Code(_) => true,
    }
}

impl<'a, 's> Compiler<'a, 's> {
    // ── Units ───────────────────────────────────────────────────────────────────────────────────

    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is open")
    }

    fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is open")
    }

    fn range(&self, span: Span) -> SourceRange {
        let (line, col) = self.line_col(span.start);
        let end = span.end.max(span.start);
        let c = self.line_cache.get();
        // The end of a compound statement is far ahead: looked up without moving the cache
        // there, away from the line its body starts on.
        let (end_line, end_col) = if end < c.next {
            (c.line, end - c.start)
        } else {
            let l = self.lines.line(end).max(1);
            (l as u32, end - self.lines.line_start(l))
        };
        SourceRange::new(line, col, end_line, end_col)
    }

    /// The 1-based line and byte column of `offset`. A compile asks for positions in nearly
    /// source order: most are on the line of the one before, or the line after it.
    #[inline]
    fn line_col(&self, offset: u32) -> (u32, u32) {
        let c = self.line_cache.get();
        if c.start <= offset && offset < c.next {
            return (c.line, offset - c.start);
        }
        self.line_col_elsewhere(offset, c)
    }

    /// [`line_col`](Self::line_col) of an offset off the cached line: the next line, else a
    /// binary search; its line is cached.
    #[inline(never)]
    fn line_col_elsewhere(&self, offset: u32, c: LineCache) -> (u32, u32) {
        let line = if c.next <= offset && offset < c.after {
            c.line as usize + 1
        } else {
            self.lines.line(offset).max(1)
        };
        let start_of = |l: usize| {
            if l <= self.lines.line_count() {
                self.lines.line_start(l)
            } else {
                u32::MAX
            }
        };
        let start = start_of(line);
        self.line_cache.set(LineCache {
            line: line as u32,
            start,
            next: start_of(line + 1),
            after: start_of(line + 2),
        });
        (line as u32, offset - start)
    }

    fn line_of(&self, span: Span) -> u32 {
        self.lines.line(span.start) as u32
    }

    /// The qualified name of a unit named `name` opened now: `name` itself (a clone, no copy)
    /// at module level and for a declared global.
    fn qualname_for(&mut self, name: &Arc<str>, kind: UnitKind) -> Arc<str> {
        let Some(parent) = self.units.last() else {
            return Arc::clone(name);
        };
        if parent.kind == UnitKind::Module {
            return Arc::clone(name);
        }
        if matches!(kind, UnitKind::Function | UnitKind::Class) {
            let mangled = mangle(parent.private.as_deref(), name);
            if self.table.scope(parent.scope).scope(&mangled) == SymbolScope::GlobalExplicit {
                return Arc::clone(name);
            }
        }
        // Joined by hand: `format!` took several times as long for these short strings.
        let locals = matches!(parent.kind, UnitKind::Function | UnitKind::Lambda);
        let sep = if locals { ".<locals>." } else { "." };
        let joined = &mut self.qualname_buf;
        joined.clear();
        joined.push_str(&parent.qualname);
        joined.push_str(sep);
        joined.push_str(name);
        Arc::from(joined.as_str())
    }

    fn enter_unit(&mut self, scope: ScopeId, name: &str, kind: UnitKind, first_line: u32) {
        // One interner for the whole module, passed to the innermost open unit (the only one
        // emitting) and back: every code object shares the symbol table's name strings, its own
        // name too (a `def` or `class` bound it in the enclosing block).
        let mut interner = match self.units.last_mut() {
            Some(parent) => parent.b.take_interner(),
            None => self.table.take_names(),
        };
        // A def's or class's block holds its name shared already.
        let shared_name = match kind {
            UnitKind::Function | UnitKind::Class => Arc::clone(&self.table.scope(scope).name),
            _ => interner.intern(name),
        };
        let qualname = self.qualname_for(&shared_name, kind);
        let private = match kind {
            UnitKind::Class => Some(Rc::from(name)),
            // Shared with the class's unit: each method used to copy the class name.
            _ => self.units.last().and_then(|u| u.private.clone()),
        };
        let mut b = CodeBuilder::new_in(
            shared_name,
            Arc::clone(&qualname),
            self.filename.clone(),
            first_line,
            &mut self.finish_buffers,
        );
        b.set_interner(interner);
        b.set_source(self.source_arc.clone());
        b.set_generation(self.generation);
        let sc = self.table.scope(scope);
        let mut flags = CodeFlags::empty();
        if sc.is_function() {
            flags |= CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS;
            if sc.nested {
                flags |= CodeFlags::NESTED;
            }
            if sc.is_generator {
                flags |= CodeFlags::GENERATOR;
            }
            if sc.has_varargs {
                flags |= CodeFlags::VARARGS;
            }
            if sc.has_varkeywords {
                flags |= CodeFlags::VARKEYWORDS;
            }
        }
        b.set_flags(flags);
        if sc.is_function() {
            // Every parameter and local of a function gets a slot: size the table once.
            let locals = sc
                .symbols
                .iter()
                .filter(|s| s.scope == SymbolScope::Local || s.flags & symtable::DEF_PARAM != 0)
                .count();
            b.reserve_varnames(locals);
        }
        for v in &sc.varnames {
            b.add_varname_shared(v);
        }
        let cells = sc.cellvars();
        let frees = sc.freevars();
        for c in &cells {
            b.add_cellvar(c);
        }
        for f in &frees {
            b.add_freevar(f);
        }
        let is_generator = sc.is_function() && sc.is_generator;
        let loc = SourceRange::line(first_line);
        if !frees.is_empty() {
            b.emit(Opcode::CopyFreeVars, frees.len() as u32, loc);
        }
        for (i, c) in cells.iter().enumerate() {
            b.emit(Opcode::MakeCell, i as u32, loc);
            if sc.varnames.iter().any(|v| **v == **c) {
                if let Some(slot) = b.varname_index(c) {
                    b.emit(Opcode::LoadFast, slot, loc);
                    b.emit(Opcode::StoreDeref, i as u32, loc);
                }
            }
        }
        if is_generator {
            b.emit(Opcode::ReturnGenerator, 0, loc);
        }
        self.units.push(Unit {
            b,
            scope,
            kind,
            qualname,
            private,
            fblocks: self.spare_fblocks.pop().unwrap_or_default(),
            regions: self.spare_regions.pop().unwrap_or_default(),
            loc,
            span: Span::default(),
            slots: self.spare_slots.pop().unwrap_or_default(),
        });
    }

    fn finish_unit(&mut self) -> Result<Code, SyntaxError> {
        let mut unit = self.units.pop().expect("a unit is open");
        let mut slots = std::mem::take(&mut unit.slots);
        slots.clear();
        self.spare_slots.push(slots);
        let mut fblocks = std::mem::take(&mut unit.fblocks);
        fblocks.clear();
        self.spare_fblocks.push(fblocks);
        let mut regions = std::mem::take(&mut unit.regions);
        regions.clear();
        self.spare_regions.push(regions);
        if let Some(parent) = self.units.last_mut() {
            parent.b.set_interner(unit.b.take_interner());
        }
        unit.b.finish_in(&mut self.finish_buffers).map_err(|e| {
            SyntaxError::syntax(
                format!("internal compiler error in {}: {e}", unit.qualname),
                0,
                0,
            )
        })
    }

    fn in_function_scope(&self) -> bool {
        self.table.scope(self.ur().scope).is_function()
    }

    // ── Emission ────────────────────────────────────────────────────────────────────────────────

    fn emit(&mut self, op: Opcode, arg: u32) {
        let u = self.u();
        let loc = u.loc;
        u.b.emit(op, arg, loc);
    }

    fn emit_jump(&mut self, op: Opcode, label: Label) {
        let u = self.u();
        let loc = u.loc;
        u.b.emit_jump(op, label, loc);
    }

    fn emit_const(&mut self, c: Constant) {
        let u = self.u();
        let loc = u.loc;
        u.b.emit_const(c, loc);
    }

    fn emit_name(&mut self, op: Opcode, name: &str) {
        let mangled = mangle(self.ur().private.as_deref(), name);
        let u = self.u();
        let loc = u.loc;
        u.b.emit_name(op, &mangled, loc);
    }

    /// `op` on attribute `attr` of `e` (an `Attribute` node): when the attribute spans lines,
    /// CPython locates the instruction at the attribute name on the last line.
    fn emit_attr(&mut self, op: Opcode, e: &Expr<'_>, attr: &str) {
        let range = self.range(e.span);
        let mut loc = self.ur().loc;
        if loc.line != range.end_line {
            let len = attr.len() as u32;
            loc = if len <= range.end_col {
                SourceRange::new(
                    range.end_line,
                    range.end_col - len,
                    range.end_line,
                    loc.end_col,
                )
            } else {
                SourceRange::line(range.end_line)
            };
            loc.end_line = range.end_line;
        }
        let saved = std::mem::replace(&mut self.u().loc, loc);
        self.emit_name(op, attr);
        self.u().loc = saved;
    }

    fn emit_name_raw(&mut self, op: Opcode, name: &str) {
        let u = self.u();
        let loc = u.loc;
        u.b.emit_name(op, name, loc);
    }

    fn new_label(&mut self) -> Label {
        self.u().b.new_label()
    }

    fn bind(&mut self, label: Label) {
        let u = self.u();
        u.b.bind_label(label);
    }

    /// A conditional (`POP_JUMP_IF_TRUE`/`FALSE`) or unconditional (`JUMP_FORWARD`) jump to
    /// `label`, as its backward form when the label is already bound.
    fn emit_jump_to(&mut self, op: Opcode, label: Label) {
        let op = if self.ur().b.is_bound(label) {
            match op {
                Opcode::PopJumpIfTrue => Opcode::PopJumpBackwardIfTrue,
                Opcode::PopJumpIfFalse => Opcode::PopJumpBackwardIfFalse,
                Opcode::JumpForward => Opcode::JumpBackward,
                other => other,
            }
        } else {
            op
        };
        self.emit_jump(op, label);
    }

    fn set_loc(&mut self, span: Span) -> (SourceRange, Span) {
        let r = self.range(span);
        let u = self.u();
        (
            std::mem::replace(&mut u.loc, r),
            std::mem::replace(&mut u.span, span),
        )
    }

    fn restore_loc(&mut self, (loc, span): (SourceRange, Span)) {
        let u = self.u();
        u.loc = loc;
        u.span = span;
    }

    fn return_none(&mut self) {
        self.emit_const(Constant::None);
        self.emit(Opcode::ReturnValue, 0);
    }

    /// Enter a frame block (CPython's `CO_MAXBLOCKS` limit of 20 nested blocks applies).
    fn push_fblock(&mut self, block: FBlock<'a>) -> R {
        if self.ur().fblocks.len() >= 20 {
            return Err(err(self.ur().span, "too many statically nested blocks"));
        }
        self.u().fblocks.push(block);
        Ok(())
    }

    /// `SyntaxError` for assigning to or deleting `__debug__` (CPython's `forbidden_name`).
    fn forbidden_name(&self, name: &str, ctx: ExprContext) -> R {
        if name == "__debug__" {
            match ctx {
                ExprContext::Store => {
                    return Err(err(self.ur().span, "cannot assign to __debug__"))
                }
                ExprContext::Del => return Err(err(self.ur().span, "cannot delete __debug__")),
                ExprContext::Load => {}
            }
        }
        Ok(())
    }

    /// CPython's `compiler_check_debug_args`: no parameter may be named `__debug__`.
    fn check_debug_args(&self, args: &Arguments<'_>) -> R {
        let all = args
            .posonlyargs
            .iter()
            .chain(args.args)
            .chain(args.vararg)
            .chain(args.kwonlyargs)
            .chain(args.kwarg);
        for a in all {
            self.forbidden_name(a.arg, ExprContext::Store)?;
        }
        Ok(())
    }

    /// The stack items the enclosing blocks keep: the depth handler regions unwind to.
    fn depth(&self) -> u32 {
        self.ur().fblocks.iter().map(FBlock::stack_items).sum()
    }

    fn push_region(&mut self, target: Label, depth: u32, lasti: bool) {
        let u = self.u();
        u.b.push_handler(target, depth, lasti);
        u.regions.push(Region {
            target,
            depth,
            lasti,
        });
    }

    fn pop_region(&mut self) -> Option<Region> {
        let u = self.u();
        u.b.pop_handler();
        u.regions.pop()
    }

    fn reopen(&mut self, region: Region) {
        self.push_region(region.target, region.depth, region.lasti);
    }

    // ── Names ───────────────────────────────────────────────────────────────────────────────────

    fn name_op(&mut self, name: &str, ctx: ExprContext) -> R {
        self.forbidden_name(name, ctx)?;
        let mangled = mangle(self.ur().private.as_deref(), name);
        let scope_id = self.ur().scope;
        let sc = self.table.scope(scope_id);
        let index = sc.index_of(&mangled);
        let scope = index.map_or(SymbolScope::Unknown, |i| sc.symbols[i].scope);
        let is_function = sc.is_function();
        let is_class = sc.kind == ScopeKind::Class;
        let symbols = sc.symbols.len();
        let kind = match scope {
            SymbolScope::Free | SymbolScope::Cell => NameKind::Deref,
            SymbolScope::Local if is_function => NameKind::Fast,
            SymbolScope::GlobalImplicit if is_function => NameKind::Global,
            SymbolScope::GlobalExplicit => NameKind::Global,
            _ => NameKind::Name,
        };
        let loc = self.ur().loc;
        // Direct field borrows: the unit mutably, the symbol table (its shared names) not.
        let u = self.units.last_mut().expect("a unit is open");
        let shared = index.map(|i| &self.table.scopes[scope_id].symbols[i].name);
        let cached = index
            .and_then(|i| u.slots.get(i).copied())
            .filter(|&slot| slot != NO_SLOT);
        let slot = match cached {
            Some(slot) => slot,
            None => {
                let slot = match kind {
                    NameKind::Deref => match u.b.deref_index(&mangled) {
                        Some(slot) => slot,
                        None => {
                            return Err(SyntaxError::syntax(
                                format!("internal compiler error: no deref slot for '{mangled}'"),
                                0,
                                0,
                            ))
                        }
                    },
                    NameKind::Fast => match shared {
                        Some(name) => u.b.add_varname_shared(name),
                        None => u.b.add_varname(&mangled),
                    },
                    NameKind::Global | NameKind::Name => match shared {
                        Some(name) => u.b.add_name_shared(name),
                        None => u.b.add_name(&mangled),
                    },
                };
                if let Some(i) = index {
                    if u.slots.len() <= i {
                        u.slots.resize(symbols, NO_SLOT);
                    }
                    u.slots[i] = slot;
                }
                slot
            }
        };
        let b = &mut u.b;
        match kind {
            NameKind::Deref => {
                let op = match ctx {
                    ExprContext::Load if is_class => Opcode::LoadClassDeref,
                    ExprContext::Load => Opcode::LoadDeref,
                    ExprContext::Store => Opcode::StoreDeref,
                    ExprContext::Del => Opcode::DeleteDeref,
                };
                b.emit(op, slot, loc);
            }
            NameKind::Fast => {
                let op = match ctx {
                    ExprContext::Load => Opcode::LoadFast,
                    ExprContext::Store => Opcode::StoreFast,
                    ExprContext::Del => Opcode::DeleteFast,
                };
                b.emit(op, slot, loc);
            }
            NameKind::Global => match ctx {
                // `LOAD_GLOBAL`'s operand is the name index shifted left (no push-NULL bit).
                ExprContext::Load => match slot.checked_mul(2) {
                    Some(arg) => b.emit(Opcode::LoadGlobal, arg, loc),
                    None => b.emit_load_global(&mangled, false, loc),
                },
                ExprContext::Store => b.emit(Opcode::StoreGlobal, slot, loc),
                ExprContext::Del => b.emit(Opcode::DeleteGlobal, slot, loc),
            },
            NameKind::Name => {
                let op = match ctx {
                    ExprContext::Load => Opcode::LoadName,
                    ExprContext::Store => Opcode::StoreName,
                    ExprContext::Del => Opcode::DeleteName,
                };
                b.emit(op, slot, loc);
            }
        }
        Ok(())
    }

    /// Whether loading `name` is a `LOAD_GLOBAL` (so a call can fold its `PUSH_NULL` into it).
    fn is_global_load(&self, name: &str) -> bool {
        let mangled = mangle(self.ur().private.as_deref(), name);
        let sc = self.table.scope(self.ur().scope);
        match sc.scope(&mangled) {
            SymbolScope::GlobalExplicit => true,
            SymbolScope::GlobalImplicit => sc.is_function(),
            _ => false,
        }
    }

    // ── Statements ──────────────────────────────────────────────────────────────────────────────

    /// A module or class body: `SETUP_ANNOTATIONS` when needed, the docstring into `__doc__`.
    fn body(&mut self, stmts: &'a [Stmt<'a>]) -> R {
        if let Some(first) = stmts.first() {
            if self.ur().kind == UnitKind::Module {
                self.set_loc(first.span);
            }
        }
        if find_ann(stmts) {
            self.emit(Opcode::SetupAnnotations, 0);
        }
        let mut rest = stmts;
        if let Some(doc) = docstring(stmts) {
            let old = self.set_loc(stmts[0].span);
            self.emit_const(Constant::str(doc));
            self.name_op("__doc__", ExprContext::Store)?;
            self.restore_loc(old);
            rest = &stmts[1..];
        }
        self.stmts(rest)
    }

    fn stmts(&mut self, stmts: &'a [Stmt<'a>]) -> R {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt<'a>) -> R {
        let old = self.set_loc(s.span);
        let r = self.stmt_inner(s);
        self.restore_loc(old);
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt<'a>) -> R {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                is_async,
            } => {
                if *is_async {
                    return Err(unsupported(s.span, "'async def'"));
                }
                self.function_def(s, name, args, body, decorator_list, *returns)
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => self.class_def(s, name, bases, keywords, body, decorator_list),
            StmtKind::Return { value } => self.return_stmt(s, *value),
            StmtKind::Delete { targets } => {
                for t in *targets {
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                if let [target] = targets {
                    if self.swap_assign(target, value)? {
                        return Ok(());
                    }
                }
                self.expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Opcode::Copy, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.ann_assign(target, annotation, *value, *simple),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    return Err(err(s.span, "'async for' outside async function"));
                }
                self.for_stmt(target, iter, body, orelse)
            }
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let end = self.new_label();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_label()
                };
                self.jump_if(test, next, false)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.emit_jump(Opcode::JumpForward, end);
                    self.bind(next);
                    self.stmts(orelse)?;
                }
                self.bind(end);
                Ok(())
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    return Err(err(s.span, "'async with' outside async function"));
                }
                self.with_stmt(s, items, body, 0)
            }
            StmtKind::Match { .. } => Err(unsupported(s.span, "'match' statements")),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Opcode::RaiseVarargs, n);
                Ok(())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => {
                if finalbody.is_empty() {
                    if *is_star {
                        self.try_star(body, handlers, orelse)
                    } else {
                        self.try_except(body, handlers, orelse)
                    }
                } else {
                    self.try_finally(body, handlers, orelse, finalbody, *is_star)
                }
            }
            StmtKind::Assert { test, msg } => {
                let end = self.new_label();
                self.last_compare = None;
                self.jump_if(test, end, true)?;
                // CPython 3.11 points the raise at the last comparison of the condition (its
                // jump_if leaves that location behind), else at the statement.
                let at = self.last_compare.unwrap_or(s.span);
                let old = self.set_loc(at);
                self.emit(Opcode::LoadAssertionError, 0);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Opcode::Call, 0);
                }
                self.emit(Opcode::RaiseVarargs, 1);
                self.restore_loc(old);
                self.bind(end);
                Ok(())
            }
            StmtKind::Import { names } => self.import(names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(s, *module, names, *level),
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } | StmtKind::Pass => Ok(()),
            StmtKind::Expr { value } => {
                if self.interactive && self.units.len() == 1 {
                    self.expr(value)?;
                    self.emit(Opcode::PrintExpr, 0);
                    return Ok(());
                }
                if matches!(value.kind, ExprKind::Constant { .. }) {
                    self.check_constant(value)?;
                    return Ok(());
                }
                self.expr(value)?;
                self.emit(Opcode::PopTop, 0);
                Ok(())
            }
            StmtKind::Break => self.break_stmt(s),
            StmtKind::Continue => self.continue_stmt(s),
        }
    }

    /// `a, b = x, y` (1 to 3 items, no starred, not all constants) without building a tuple:
    /// the values, then `SWAP`s into store order (CPython's peephole result for
    /// `BUILD_TUPLE n; UNPACK_SEQUENCE n`). Returns false (emitting nothing) otherwise.
    fn swap_assign(
        &mut self,
        target: &'a Expr<'a>,
        value: &'a Expr<'a>,
    ) -> Result<bool, SyntaxError> {
        let (ExprKind::Tuple { elts: targets, .. } | ExprKind::List { elts: targets, .. }) =
            target.kind
        else {
            return Ok(false);
        };
        let ExprKind::Tuple {
            elts: values,
            ctx: ExprContext::Load,
        } = value.kind
        else {
            return Ok(false);
        };
        let n = targets.len();
        if n == 0
            || n > 3
            || values.len() != n
            || targets.iter().chain(values.iter()).any(is_starred)
            || self.const_value(value).is_some()
        {
            return Ok(false);
        }
        let old = self.set_loc(value.span);
        for v in values {
            self.expr(v)?;
        }
        if n > 1 {
            self.emit(Opcode::Swap, n as u32);
        }
        self.restore_loc(old);
        for t in targets {
            self.expr(t)?;
        }
        Ok(true)
    }

    /// Refuse constants hotpy cannot represent even where they are not evaluated.
    fn check_constant(&mut self, e: &Expr<'_>) -> R {
        if let ExprKind::Constant {
            value: crate::ast::Constant::StrCodePoints(_),
            ..
        } = e.kind
        {
            return Err(unsupported(e.span, "strings with lone surrogates"));
        }
        Ok(())
    }

    /// Whether leaving by `return` (all blocks) or `break`/`continue` (up to the innermost loop)
    /// would cross the handlers of an `except*`.
    fn in_except_star(&self, to_loop: bool) -> bool {
        for b in self.ur().fblocks.iter().rev() {
            if to_loop && b.is_loop() {
                return false;
            }
            if matches!(b, FBlock::ExceptStar) {
                return true;
            }
        }
        false
    }

    fn return_stmt(&mut self, s: &Stmt<'_>, value: Option<&'a Expr<'a>>) -> R {
        if !self.in_function_scope() {
            return Err(err(s.span, "'return' outside function"));
        }
        if self.in_except_star(false) {
            // CPython reports it where the value was compiled last.
            let at = value.map_or(s.span, |v| v.span);
            return Err(err(at, EXCEPT_STAR_EXIT));
        }
        let sc = self.table.scope(self.ur().scope);
        if value.is_some() && sc.is_coroutine && sc.is_generator {
            return Err(err(s.span, "'return' with value in async generator"));
        }
        let constant = value.and_then(|v| self.const_value(v));
        let preserve_tos = value.is_some() && constant.is_none();
        if preserve_tos {
            if let Some(v) = value {
                self.expr(v)?;
            }
        }
        let mut saved = Vec::new();
        self.unwind_fblock_stack(preserve_tos, false, &mut saved)?;
        match (value, constant) {
            (None, _) => self.emit_const(Constant::None),
            (Some(_), Some(c)) => self.emit_const(c),
            _ => {}
        }
        self.emit(Opcode::ReturnValue, 0);
        self.reopen_all(saved);
        Ok(())
    }

    fn break_stmt(&mut self, s: &Stmt<'_>) -> R {
        if self.in_except_star(true) {
            return Err(err(s.span, EXCEPT_STAR_EXIT));
        }
        let mut saved = Vec::new();
        match self.unwind_fblock_stack(false, true, &mut saved)? {
            Some(lp @ FBlock::For { exit, .. }) | Some(lp @ FBlock::While { exit, .. }) => {
                self.unwind_fblock(lp, false, &mut saved)?;
                self.emit_jump(Opcode::JumpForward, exit);
                self.reopen_all(saved);
                Ok(())
            }
            _ => Err(err(s.span, "'break' outside loop")),
        }
    }

    fn continue_stmt(&mut self, s: &Stmt<'_>) -> R {
        if self.in_except_star(true) {
            return Err(err(s.span, EXCEPT_STAR_EXIT));
        }
        let mut saved = Vec::new();
        match self.unwind_fblock_stack(false, true, &mut saved)? {
            Some(FBlock::For { start, .. }) | Some(FBlock::While { start, .. }) => {
                self.emit_jump(Opcode::JumpBackward, start);
                self.reopen_all(saved);
                Ok(())
            }
            _ => Err(err(s.span, "'continue' not properly in loop")),
        }
    }

    /// Reopen the handler regions an unwinding closed (they were closed innermost first), once the
    /// jump or return that left them is emitted: the code after it is in them again.
    fn reopen_all(&mut self, saved: Vec<Region>) {
        for region in saved.into_iter().rev() {
            self.reopen(region);
        }
    }

    /// Unwind the frame blocks (innermost first) up to the innermost loop when `to_loop`, or all
    /// of them; returns the loop found. The handler regions closed are appended to `saved`; the
    /// frame blocks are restored for the code that follows.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        to_loop: bool,
        saved: &mut Vec<Region>,
    ) -> Result<Option<FBlock<'a>>, SyntaxError> {
        let Some(&top) = self.ur().fblocks.last() else {
            return Ok(None);
        };
        if to_loop && top.is_loop() {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        let result = self
            .unwind_fblock(top, preserve_tos, saved)
            .and_then(|()| self.unwind_fblock_stack(preserve_tos, to_loop, saved));
        self.u().fblocks.push(top);
        result
    }

    /// The code leaving one frame block early; the handler regions it closes (innermost first)
    /// are appended to `saved`.
    fn unwind_fblock(
        &mut self,
        block: FBlock<'a>,
        preserve_tos: bool,
        saved: &mut Vec<Region>,
    ) -> R {
        match block {
            FBlock::While { .. } | FBlock::ExceptionHandler | FBlock::ExceptStar => {}
            FBlock::For { .. } | FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0);
            }
            FBlock::TryExcept => saved.extend(self.pop_region()),
            FBlock::FinallyTry { body } => {
                saved.extend(self.pop_region());
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue)?;
                }
                let r = self.stmts(body);
                if preserve_tos {
                    self.u().fblocks.pop();
                }
                r?;
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0);
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                saved.extend(self.pop_region());
                self.emit(Opcode::PopExcept, 0);
            }
            FBlock::With { loc } => {
                let old = std::mem::replace(&mut self.u().loc, loc);
                saved.extend(self.pop_region());
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.call_exit_with_nones();
                self.emit(Opcode::PopTop, 0);
                self.u().loc = old;
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    saved.extend(self.pop_region());
                }
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                saved.extend(self.pop_region());
                self.emit(Opcode::PopExcept, 0);
                if let Some(name) = name {
                    self.emit_const(Constant::None);
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                }
            }
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        for _ in 0..3 {
            self.emit_const(Constant::None);
        }
        self.emit(Opcode::Call, 2);
    }

    fn for_stmt(
        &mut self,
        target: &'a Expr<'a>,
        iter: &'a Expr<'a>,
        body: &'a [Stmt<'a>],
        orelse: &'a [Stmt<'a>],
    ) -> R {
        let start = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.iterable(iter)?;
        self.emit(Opcode::GetIter, 0);
        self.push_fblock(FBlock::For { start, exit: end })?;
        self.bind(start);
        self.emit_jump(Opcode::ForIter, cleanup);
        self.expr(target)?;
        self.stmts(body)?;
        self.emit_jump(Opcode::JumpBackward, start);
        self.bind(cleanup);
        self.u().fblocks.pop();
        self.stmts(orelse)?;
        self.bind(end);
        Ok(())
    }

    fn while_stmt(
        &mut self,
        test: &'a Expr<'a>,
        body: &'a [Stmt<'a>],
        orelse: &'a [Stmt<'a>],
    ) -> R {
        // CPython 3.11's shape: tested at the top, and again at the bottom with a backward
        // conditional jump (`continue` goes to the top test).
        let start = self.new_label();
        let body_label = self.new_label();
        let anchor = self.new_label();
        let exit = self.new_label();
        self.bind(start);
        self.push_fblock(FBlock::While { start, exit })?;
        self.jump_if(test, anchor, false)?;
        self.bind(body_label);
        self.stmts(body)?;
        self.jump_if(test, body_label, true)?;
        self.u().fblocks.pop();
        self.bind(anchor);
        self.stmts(orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn with_stmt(
        &mut self,
        s: &'a Stmt<'a>,
        items: &'a [WithItem<'a>],
        body: &'a [Stmt<'a>],
        pos: usize,
    ) -> R {
        let item = &items[pos];
        let d = self.depth();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let suppress = self.new_label();
        self.expr(item.context_expr)?;
        self.emit(Opcode::BeforeWith, 0);
        self.push_region(final_, d + 1, true);
        let loc = self.range(s.span);
        self.push_fblock(FBlock::With { loc })?;
        match item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.emit(Opcode::PopTop, 0),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_stmt(s, items, body, pos + 1)?;
        }
        self.u().fblocks.pop();
        self.pop_region();
        let old = self.set_loc(s.span);
        self.call_exit_with_nones();
        self.emit(Opcode::PopTop, 0);
        self.emit_jump(Opcode::JumpForward, exit);
        self.bind(final_);
        self.push_region(cleanup, d + 3, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.emit(Opcode::WithExceptStart, 0);
        self.emit_jump(Opcode::PopJumpIfTrue, suppress);
        self.emit(Opcode::Reraise, 2);
        self.bind(suppress);
        self.emit(Opcode::PopTop, 0);
        self.pop_region();
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::PopTop, 0);
        self.emit(Opcode::PopTop, 0);
        self.emit_jump(Opcode::JumpForward, exit);
        self.pop_except_and_reraise(cleanup);
        self.restore_loc(old);
        self.bind(exit);
        Ok(())
    }

    /// `cleanup: COPY 3; POP_EXCEPT; RERAISE 1` (restores the previously handled exception).
    fn pop_except_and_reraise(&mut self, cleanup: Label) {
        self.bind(cleanup);
        let u = self.u();
        u.b.emit(Opcode::Copy, 3, SourceRange::NONE);
        u.b.emit(Opcode::PopExcept, 0, SourceRange::NONE);
        u.b.emit(Opcode::Reraise, 1, SourceRange::NONE);
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt<'a>],
        handlers: &'a [ExceptHandler<'a>],
        orelse: &'a [Stmt<'a>],
        finalbody: &'a [Stmt<'a>],
        is_star: bool,
    ) -> R {
        let d = self.depth();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.push_region(end, d, false);
        self.u()
            .fblocks
            .push(FBlock::FinallyTry { body: finalbody });
        if handlers.is_empty() {
            self.stmts(body)?;
        } else if is_star {
            self.try_star(body, handlers, orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.u().fblocks.pop();
        self.pop_region();
        self.stmts(finalbody)?;
        self.emit_jump(Opcode::JumpForward, exit);
        self.bind(end);
        self.push_region(cleanup, d + 1, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.push_fblock(FBlock::FinallyEnd)?;
        self.stmts(finalbody)?;
        self.u().fblocks.pop();
        self.emit(Opcode::Reraise, 0);
        self.pop_region();
        self.pop_except_and_reraise(cleanup);
        self.bind(exit);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt<'a>],
        handlers: &'a [ExceptHandler<'a>],
        orelse: &'a [Stmt<'a>],
    ) -> R {
        let d = self.depth();
        let except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.push_region(except, d, false);
        self.push_fblock(FBlock::TryExcept)?;
        self.stmts(body)?;
        self.u().fblocks.pop();
        self.pop_region();
        self.stmts(orelse)?;
        self.emit_jump(Opcode::JumpForward, end);
        self.bind(except);
        self.push_region(cleanup, d + 1, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.push_fblock(FBlock::ExceptionHandler)?;
        let n = handlers.len();
        for (i, h) in handlers.iter().enumerate() {
            let old = self.set_loc(h.span);
            if h.type_.is_none() && i + 1 < n {
                return Err(err(h.span, "default 'except:' must be last"));
            }
            let next = self.new_label();
            if let Some(t) = h.type_ {
                self.expr(t)?;
                self.emit(Opcode::CheckExcMatch, 0);
                self.emit_jump(Opcode::PopJumpIfFalse, next);
            }
            if let Some(name) = h.name {
                let cleanup_end = self.new_label();
                self.name_op(name, ExprContext::Store)?;
                self.push_region(cleanup_end, d + 1, true);
                self.u()
                    .fblocks
                    .push(FBlock::HandlerCleanup { name: Some(name) });
                self.stmts(h.body)?;
                self.u().fblocks.pop();
                self.pop_region();
                let outer = self.pop_region();
                self.emit(Opcode::PopExcept, 0);
                self.emit_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
                self.emit_jump(Opcode::JumpForward, end);
                if let Some(r) = outer {
                    self.reopen(r);
                }
                self.bind(cleanup_end);
                self.emit_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
                self.emit(Opcode::Reraise, 1);
            } else {
                self.emit(Opcode::PopTop, 0);
                self.push_fblock(FBlock::HandlerCleanup { name: None })?;
                self.stmts(h.body)?;
                self.u().fblocks.pop();
                let outer = self.pop_region();
                self.emit(Opcode::PopExcept, 0);
                self.emit_jump(Opcode::JumpForward, end);
                if let Some(r) = outer {
                    self.reopen(r);
                }
            }
            self.bind(next);
            self.restore_loc(old);
        }
        self.u().fblocks.pop();
        self.emit(Opcode::Reraise, 0);
        self.pop_region();
        self.pop_except_and_reraise(cleanup);
        self.bind(end);
        Ok(())
    }

    /// `try`/`except*` (PEP 654), laid out as CPython 3.11 compiles it: the original exception
    /// and a list of what the clauses raise ride on the stack under the part still unhandled;
    /// each clause takes its part with `CHECK_EG_MATCH`; `PREP_RERAISE_STAR` combines the rest.
    fn try_star(
        &mut self,
        body: &'a [Stmt<'a>],
        handlers: &'a [ExceptHandler<'a>],
        orelse: &'a [Stmt<'a>],
    ) -> R {
        let d = self.depth();
        let except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.push_region(except, d, false);
        self.push_fblock(FBlock::TryExcept)?;
        self.stmts(body)?;
        self.u().fblocks.pop();
        self.pop_region();
        self.stmts(orelse)?;
        self.emit_jump(Opcode::JumpForward, end);
        self.bind(except);
        self.push_region(cleanup, d + 1, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.push_fblock(FBlock::ExceptionHandler)?;
        self.push_fblock(FBlock::ExceptStar)?;
        // [prev, exc] → [prev, orig, [], exc]
        self.emit(Opcode::Copy, 1);
        self.emit(Opcode::BuildList, 0);
        self.emit(Opcode::Swap, 2);
        let n = handlers.len();
        for (i, h) in handlers.iter().enumerate() {
            let old = self.set_loc(h.span);
            let next = self.new_label();
            let Some(t) = h.type_ else {
                return Err(err(h.span, "expected one or more exception types"));
            };
            self.expr(t)?;
            // [prev, orig, list, exc, type] → [prev, orig, list, rest, match]
            self.emit(Opcode::CheckEgMatch, 0);
            let handle = self.new_label();
            self.emit(Opcode::Copy, 1);
            self.emit_jump(Opcode::PopJumpIfNotNone, handle);
            self.emit(Opcode::PopTop, 0);
            self.emit_jump(Opcode::JumpForward, next);
            self.bind(handle);
            let cleanup_end = self.new_label();
            match h.name {
                Some(name) => self.name_op(name, ExprContext::Store)?,
                None => self.emit(Opcode::PopTop, 0),
            }
            // A raise in the clause body: [prev, orig, list, rest, lasti, exc] at cleanup_end.
            self.push_region(cleanup_end, d + 4, true);
            self.push_fblock(FBlock::HandlerCleanup { name: h.name })?;
            self.stmts(h.body)?;
            self.u().fblocks.pop();
            self.pop_region();
            if let Some(name) = h.name {
                self.emit_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
            }
            self.emit_jump(Opcode::JumpForward, next);
            self.bind(cleanup_end);
            if let Some(name) = h.name {
                self.emit_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
            }
            // Collect what the clause raised: LIST_APPEND into the list three below.
            self.emit(Opcode::ListAppend, 3);
            self.emit(Opcode::PopTop, 0);
            self.emit_jump(Opcode::JumpForward, next);
            self.bind(next);
            if i + 1 == n {
                // The part no clause handled joins the list.
                self.emit(Opcode::ListAppend, 1);
                self.emit_jump(Opcode::JumpForward, reraise_star);
            }
            self.restore_loc(old);
        }
        self.u().fblocks.pop();
        self.u().fblocks.pop();
        let reraise = self.new_label();
        self.bind(reraise_star);
        // [prev, orig, list] → [prev, exc or None]
        self.emit(Opcode::PrepReraiseStar, 0);
        self.emit(Opcode::Copy, 1);
        self.emit_jump(Opcode::PopJumpIfNotNone, reraise);
        let outer = self.pop_region();
        self.emit(Opcode::PopTop, 0);
        self.emit(Opcode::PopExcept, 0);
        self.emit_jump(Opcode::JumpForward, end);
        self.bind(reraise);
        if outer.is_none() {
            return Err(err(
                handlers.first().map_or(Span::default(), |h| h.span),
                "internal: except* without a cleanup region",
            ));
        }
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 0);
        self.pop_except_and_reraise(cleanup);
        self.bind(end);
        Ok(())
    }

    fn import(&mut self, names: &'a [Alias<'a>]) -> R {
        for a in names {
            self.emit_const(Constant::Int(0));
            self.emit_const(Constant::None);
            self.emit_name(Opcode::ImportName, a.name);
            match a.asname {
                Some(asname) => {
                    let parts: Vec<&str> = a.name.split('.').collect();
                    if parts.len() > 1 {
                        for (i, attr) in parts[1..].iter().enumerate() {
                            self.emit_name_raw(Opcode::ImportFrom, attr);
                            if i + 2 < parts.len() {
                                self.emit(Opcode::Swap, 2);
                                self.emit(Opcode::PopTop, 0);
                            }
                        }
                        self.name_op(asname, ExprContext::Store)?;
                        self.emit(Opcode::PopTop, 0);
                    } else {
                        self.name_op(asname, ExprContext::Store)?;
                    }
                }
                None => {
                    let first = a.name.split('.').next().unwrap_or(a.name);
                    self.name_op(first, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    fn import_from(
        &mut self,
        s: &Stmt<'_>,
        module: Option<&'a str>,
        names: &'a [Alias<'a>],
        level: u32,
    ) -> R {
        if module == Some("__future__") && self.line_of(s.span) > self.future_lineno {
            return Err(err(
                s.span,
                "from __future__ imports must occur at the beginning of the file",
            ));
        }
        self.emit_const(Constant::Int(i64::from(level)));
        self.emit_const(Constant::tuple(names.iter().map(|a| Constant::str(a.name))));
        self.emit_name(Opcode::ImportName, module.unwrap_or(""));
        for (i, a) in names.iter().enumerate() {
            if i == 0 && a.name == "*" {
                self.emit(Opcode::ImportStar, 0);
                return Ok(());
            }
            self.emit_name(Opcode::ImportFrom, a.name);
            self.name_op(a.asname.unwrap_or(a.name), ExprContext::Store)?;
        }
        self.emit(Opcode::PopTop, 0);
        Ok(())
    }

    fn aug_assign(&mut self, target: &'a Expr<'a>, op: Operator, value: &'a Expr<'a>) -> R {
        let old = self.set_loc(target.span);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.emit(Opcode::Copy, 1);
                self.emit_attr(Opcode::LoadAttr, target, attr);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::BinarySubscr, 0);
            }
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Load)?,
            _ => {
                return Err(err(
                    target.span,
                    "illegal expression for augmented assignment",
                ))
            }
        }
        self.restore_loc(old);
        self.expr(value)?;
        let bop = binary_operator(op).to_inplace();
        let loc = self.ur().loc;
        self.u().b.emit_binary_op(bop, loc);
        let old = self.set_loc(target.span);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.emit(Opcode::Swap, 2);
                self.emit_attr(Opcode::StoreAttr, target, attr);
            }
            ExprKind::Subscript { .. } => {
                self.emit(Opcode::Swap, 3);
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::StoreSubscr, 0);
            }
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Store)?,
            _ => {}
        }
        self.restore_loc(old);
        Ok(())
    }

    fn ann_assign(
        &mut self,
        target: &'a Expr<'a>,
        annotation: &'a Expr<'a>,
        value: Option<&'a Expr<'a>>,
        simple: bool,
    ) -> R {
        if let Some(v) = value {
            self.expr(v)?;
            self.expr(target)?;
        }
        if let ExprKind::Name { id, .. } = target.kind {
            self.forbidden_name(id, ExprContext::Store)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &target.kind {
            ExprKind::Name { id, .. } if simple && module_or_class => {
                self.annotation_value(annotation)?;
                self.emit_name_raw(Opcode::LoadName, "__annotations__");
                let mangled = mangle(self.ur().private.as_deref(), id);
                self.emit_const(Constant::str(&mangled));
                self.emit(Opcode::StoreSubscr, 0);
            }
            ExprKind::Attribute { value: obj, .. } if value.is_none() => {
                self.expr(obj)?;
                self.emit(Opcode::PopTop, 0);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } if value.is_none() => {
                self.expr(obj)?;
                self.emit(Opcode::PopTop, 0);
                self.check_ann_subscr(slice)?;
            }
            _ => {}
        }
        if !simple && module_or_class && !self.future_annotations {
            self.expr(annotation)?;
            self.emit(Opcode::PopTop, 0);
        }
        Ok(())
    }

    fn check_ann_subscr(&mut self, slice: &'a Expr<'a>) -> R {
        match &slice.kind {
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                    self.emit(Opcode::PopTop, 0);
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => {
                for e in *elts {
                    self.check_ann_subscr(e)?;
                }
                Ok(())
            }
            _ => {
                self.expr(slice)?;
                self.emit(Opcode::PopTop, 0);
                Ok(())
            }
        }
    }

    /// Push an annotation's value: the expression, or its source text under
    /// `from __future__ import annotations`.
    fn annotation_value(&mut self, annotation: &'a Expr<'a>) -> R {
        if self.future_annotations {
            let text = unparse::annotation(annotation, self.source);
            self.emit_const(Constant::str(&text));
            Ok(())
        } else if let ExprKind::Starred { value, .. } = annotation.kind {
            self.expr(value)?;
            self.emit(Opcode::UnpackSequence, 1);
            Ok(())
        } else {
            self.expr(annotation)
        }
    }

    // ── Functions and classes ───────────────────────────────────────────────────────────────────

    /// Push the defaults tuple and keyword-only defaults dict; returns the `MAKE_FUNCTION` flags.
    fn default_arguments(&mut self, args: &'a Arguments<'a>) -> Result<u32, SyntaxError> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in args.defaults {
                self.expr(d)?;
            }
            self.emit(Opcode::BuildTuple, args.defaults.len() as u32);
            flags |= MakeFunctionFlags::DEFAULTS;
        }
        let mut n = 0;
        for (a, d) in args.kwonlyargs.iter().zip(args.kw_defaults) {
            if let Some(d) = d {
                let mangled = mangle(self.ur().private.as_deref(), a.arg);
                self.emit_const(Constant::str(&mangled));
                self.expr(d)?;
                n += 1;
            }
        }
        if n > 0 {
            self.emit(Opcode::BuildMap, n);
            flags |= MakeFunctionFlags::KWDEFAULTS;
        }
        Ok(flags)
    }

    fn annotations(
        &mut self,
        args: &'a Arguments<'a>,
        returns: Option<&'a Expr<'a>>,
    ) -> Result<u32, SyntaxError> {
        let mut n = 0u32;
        let ordered = args
            .args
            .iter()
            .chain(args.posonlyargs)
            .chain(args.vararg)
            .chain(args.kwonlyargs)
            .chain(args.kwarg);
        for a in ordered {
            if let Some(ann) = a.annotation {
                let mangled = mangle(self.ur().private.as_deref(), a.arg);
                self.emit_const(Constant::str(&mangled));
                self.annotation_value(ann)?;
                n += 2;
            }
        }
        if let Some(r) = returns {
            self.emit_const(Constant::str("return"));
            self.annotation_value(r)?;
            n += 2;
        }
        if n > 0 {
            self.emit(Opcode::BuildTuple, n);
            Ok(MakeFunctionFlags::ANNOTATIONS)
        } else {
            Ok(0)
        }
    }

    fn set_arg_counts(&mut self, args: &Arguments<'_>) {
        let posonly = args.posonlyargs.len() as u32;
        self.u().b.set_arg_counts(
            posonly + args.args.len() as u32,
            posonly,
            args.kwonlyargs.len() as u32,
        );
    }

    /// Push the function made from `code` (with its closure), consuming `flags`' inputs.
    fn make_closure(&mut self, code: Code, flags: u32) -> R {
        let mut flags = flags;
        if !code.freevars().is_empty() {
            let is_class = self.ur().kind == UnitKind::Class;
            for name in code.freevars() {
                let idx = if is_class && &**name == "__class__" {
                    self.ur().b.deref_index("__class__")
                } else {
                    self.ur().b.deref_index(name)
                };
                let Some(i) = idx else {
                    return Err(SyntaxError::syntax(
                        format!("internal compiler error: no closure cell for '{name}'"),
                        0,
                        0,
                    ));
                };
                self.emit(Opcode::LoadClosure, i);
            }
            self.emit(Opcode::BuildTuple, code.freevars().len() as u32);
            flags |= MakeFunctionFlags::CLOSURE;
        }
        let u = self.u();
        let loc = u.loc;
        u.b.emit_new_code(Arc::new(code), loc);
        self.emit(Opcode::MakeFunction, flags);
        Ok(())
    }

    /// Call the decorators (pushed before the function or class) innermost first, each at its
    /// own location: `[decorator, function]` with `CALL 0` is `decorator(function)`.
    fn apply_decorators(&mut self, decorators: &[Expr<'_>]) {
        for d in decorators.iter().rev() {
            let old = self.set_loc(d.span);
            self.emit(Opcode::Call, 0);
            self.restore_loc(old);
        }
    }

    fn first_line_with_decorators(&self, s: &Stmt<'_>, decorators: &[Expr<'_>]) -> u32 {
        match decorators.first() {
            Some(d) => self.line_of(d.span),
            None => self.line_of(s.span),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn function_def(
        &mut self,
        s: &'a Stmt<'a>,
        name: &'a str,
        args: &'a Arguments<'a>,
        body: &'a [Stmt<'a>],
        decorators: &'a [Expr<'a>],
        returns: Option<&'a Expr<'a>>,
    ) -> R {
        self.check_debug_args(args)?;
        for d in decorators {
            self.expr(d)?;
        }
        let first_line = self.first_line_with_decorators(s, decorators);
        let mut flags = self.default_arguments(args)?;
        flags |= self.annotations(args, returns)?;
        let Some(scope) = self.table.scope_of(s) else {
            return Err(err(
                s.span,
                "internal compiler error: function has no scope",
            ));
        };
        self.enter_unit(scope, name, UnitKind::Function, first_line);
        let doc = docstring(body);
        self.u().b.add_const(match doc {
            Some(d) => Constant::str(d),
            None => Constant::None,
        });
        self.set_arg_counts(args);
        let rest = if doc.is_some() { &body[1..] } else { body };
        let r = self.stmts(rest);
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        self.return_none();
        let code = self.finish_unit()?;
        self.make_closure(code, flags)?;
        self.apply_decorators(decorators);
        self.name_op(name, ExprContext::Store)
    }

    fn class_def(
        &mut self,
        s: &'a Stmt<'a>,
        name: &'a str,
        bases: &'a [Expr<'a>],
        keywords: &'a [Keyword<'a>],
        body: &'a [Stmt<'a>],
        decorators: &'a [Expr<'a>],
    ) -> R {
        for d in decorators {
            self.expr(d)?;
        }
        let first_line = self.first_line_with_decorators(s, decorators);
        let Some(scope) = self.table.scope_of(s) else {
            return Err(err(s.span, "internal compiler error: class has no scope"));
        };
        self.enter_unit(scope, name, UnitKind::Class, first_line);
        let r = (|| {
            self.name_op("__name__", ExprContext::Load)?;
            self.name_op("__module__", ExprContext::Store)?;
            let qualname = self.ur().qualname.clone();
            self.emit_const(Constant::str(&qualname));
            self.name_op("__qualname__", ExprContext::Store)?;
            self.body(body)
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        self.u().loc = SourceRange::NONE;
        if self.table.scope(scope).needs_class_closure {
            let i = self.ur().b.deref_index("__class__").unwrap_or(0);
            self.emit(Opcode::LoadClosure, i);
            self.emit(Opcode::Copy, 1);
            self.emit_name_raw(Opcode::StoreName, "__classcell__");
        } else {
            self.emit_const(Constant::None);
        }
        self.emit(Opcode::ReturnValue, 0);
        let code = self.finish_unit()?;
        self.emit(Opcode::PushNull, 0);
        self.emit(Opcode::LoadBuildClass, 0);
        self.make_closure(code, 0)?;
        self.emit_const(Constant::str(name));
        self.call_helper(2, bases, keywords)?;
        self.apply_decorators(decorators);
        self.name_op(name, ExprContext::Store)
    }

    fn lambda(&mut self, e: &'a Expr<'a>, args: &'a Arguments<'a>, body: &'a Expr<'a>) -> R {
        self.check_debug_args(args)?;
        let flags = self.default_arguments(args)?;
        let Some(scope) = self.table.scope_of(e) else {
            return Err(err(e.span, "internal compiler error: lambda has no scope"));
        };
        let line = self.line_of(e.span);
        self.enter_unit(scope, "<lambda>", UnitKind::Lambda, line);
        self.u().loc = self.range(e.span);
        self.u().b.add_const(Constant::None);
        self.set_arg_counts(args);
        if let Err(er) = self.expr(body) {
            self.units.pop();
            return Err(er);
        }
        self.emit(Opcode::ReturnValue, 0);
        let code = self.finish_unit()?;
        self.make_closure(code, flags)
    }

    // ── Expressions ─────────────────────────────────────────────────────────────────────────────

    /// The constant an expression folds to, if it is one (literals, tuples of constants, unary
    /// minus/plus/invert on numbers, `__debug__`).
    ///
    /// Asked of every expression compiled, most of which (names, calls, attributes) cannot be
    /// one: those are answered here, inlined, and only the others go to the folding, whose size
    /// made every call save and restore many registers.
    #[inline]
    fn const_value(&self, e: &Expr<'_>) -> Option<Constant> {
        match &e.kind {
            ExprKind::Constant { .. }
            | ExprKind::Tuple { .. }
            | ExprKind::UnaryOp { .. }
            | ExprKind::BinOp { .. }
            | ExprKind::Subscript { .. }
            | ExprKind::Name {
                id: "__debug__", ..
            } => self.fold_constant(e),
            _ => None,
        }
    }

    /// [`const_value`](Self::const_value) of an expression that may be a constant.
    #[inline(never)]
    fn fold_constant(&self, e: &Expr<'_>) -> Option<Constant> {
        match &e.kind {
            ExprKind::Constant { value, .. } => convert_constant(value),
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            } => {
                let items: Option<Vec<Constant>> =
                    elts.iter().map(|x| self.const_value(x)).collect();
                items.map(Constant::tuple)
            }
            ExprKind::UnaryOp { op, operand } => {
                let c = self.const_value(operand)?;
                fold_unary(*op, &c)
            }
            ExprKind::BinOp { left, op, right } => {
                let l = self.const_value(left)?;
                let r = self.const_value(right)?;
                fold_binary(*op, &l, &r)
            }
            ExprKind::Subscript {
                value,
                slice,
                ctx: ExprContext::Load,
            } if !matches!(slice.kind, ExprKind::Slice { .. }) => {
                let v = self.const_value(value)?;
                let i = self.const_value(slice)?;
                fold_subscript(&v, &i)
            }
            ExprKind::Name {
                id: "__debug__",
                ctx: ExprContext::Load,
            } => Some(Constant::Bool(true)),
            _ => None,
        }
    }

    fn expr(&mut self, e: &'a Expr<'a>) -> R {
        let old = self.set_loc(e.span);
        let r = self.expr_inner(e);
        self.restore_loc(old);
        r
    }

    fn expr_inner(&mut self, e: &'a Expr<'a>) -> R {
        if let Some(c) = self.const_value(e) {
            self.emit_const(c);
            return Ok(());
        }
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let jump = match op {
                    BoolOp::And => Opcode::JumpIfFalseOrPop,
                    BoolOp::Or => Opcode::JumpIfTrueOrPop,
                };
                let end = self.new_label();
                let n = values.len();
                for v in &values[..n - 1] {
                    // A constant operand decides statically (CPython's optimizer removes the
                    // dead branch): it either ends the expression or drops out of it.
                    // (The operands after a deciding constant are still compiled, unreachable, so
                    // their compile errors are reported as CPython reports them.)
                    if let Some(c) = self.const_value(v) {
                        if truthy(&c) == (*op == BoolOp::Or) {
                            self.emit_const(c);
                            self.emit_jump(Opcode::JumpForward, end);
                        }
                        continue;
                    }
                    self.expr(v)?;
                    self.emit_jump(jump, end);
                }
                self.expr(&values[n - 1])?;
                self.bind(end);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Opcode::Copy, 1);
                self.expr(target)?;
            }
            ExprKind::BinOp { left, op, right } => {
                if *op == Operator::Mod && self.percent_format(left, right)? {
                    return Ok(());
                }
                self.expr(left)?;
                self.expr(right)?;
                let loc = self.ur().loc;
                self.u().b.emit_binary_op(binary_operator(*op), loc);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                let opcode = match op {
                    UnaryOp::Invert => Opcode::UnaryInvert,
                    UnaryOp::Not => Opcode::UnaryNot,
                    UnaryOp::UAdd => Opcode::UnaryPositive,
                    UnaryOp::USub => Opcode::UnaryNegative,
                };
                self.emit(opcode, 0);
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(test, next, false)?;
                self.expr(body)?;
                self.emit_jump(Opcode::JumpForward, end);
                self.bind(next);
                self.expr(orelse)?;
                self.bind(end);
            }
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::Set { elts } => self.starunpack(
                elts,
                0,
                Opcode::BuildSet,
                Opcode::SetAdd,
                Opcode::SetUpdate,
                false,
            )?,
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::GeneratorExp { .. } => self.comprehension(e)?,
            ExprKind::Await { .. } => {
                if !self.in_function_scope() {
                    return Err(err(e.span, "'await' outside function"));
                }
                // Units are never `async def` (refused), so no await is in an async function.
                return Err(err(e.span, "'await' outside async function"));
            }
            ExprKind::Yield { value } => {
                if !self.in_function_scope() {
                    return Err(err(e.span, "'yield' outside function"));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.emit_const(Constant::None),
                }
                self.emit(Opcode::YieldValue, 0);
            }
            ExprKind::YieldFrom { value } => {
                if !self.in_function_scope() {
                    return Err(err(e.span, "'yield' outside function"));
                }
                if self.table.scope(self.ur().scope).is_coroutine
                    && self.ur().kind == UnitKind::Function
                {
                    return Err(err(e.span, "'yield from' inside async function"));
                }
                self.expr(value)?;
                self.emit(Opcode::GetYieldFromIter, 0);
                self.emit_const(Constant::None);
                self.yield_from_loop();
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut arg = match u8::try_from(*conversion).map(char::from) {
                    Ok('s') => 1,
                    Ok('r') => 2,
                    Ok('a') => 3,
                    _ => 0,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    arg |= crate::bytecode::FORMAT_VALUE_HAS_SPEC;
                }
                self.emit(Opcode::FormatValue, arg);
            }
            ExprKind::JoinedStr { values } => {
                if values.len() > STACK_USE_GUIDELINE {
                    self.emit_const(Constant::str(""));
                    self.emit_name_raw(Opcode::LoadMethod, "join");
                    self.emit(Opcode::BuildList, 0);
                    for v in *values {
                        self.expr(v)?;
                        self.emit(Opcode::ListAppend, 1);
                    }
                    self.emit(Opcode::Call, 1);
                } else {
                    for v in *values {
                        self.expr(v)?;
                    }
                    if values.len() != 1 {
                        self.emit(Opcode::BuildString, values.len() as u32);
                    }
                }
            }
            ExprKind::Constant { .. } => {
                self.check_constant(e)?;
                return Err(unsupported(e.span, "this constant"));
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.forbidden_name(attr, *ctx)?;
                self.expr(value)?;
                let op = match ctx {
                    ExprContext::Load => Opcode::LoadAttr,
                    ExprContext::Store => Opcode::StoreAttr,
                    ExprContext::Del => Opcode::DeleteAttr,
                };
                self.emit_attr(op, e, attr);
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.expr(value)?;
                self.expr(slice)?;
                let op = match ctx {
                    ExprContext::Load => Opcode::BinarySubscr,
                    ExprContext::Store => Opcode::StoreSubscr,
                    ExprContext::Del => Opcode::DeleteSubscr,
                };
                self.emit(op, 0);
            }
            ExprKind::Starred { ctx, .. } => {
                return Err(err(
                    e.span,
                    if *ctx == ExprContext::Store {
                        "starred assignment target must be in a list or tuple"
                    } else {
                        "can't use starred expression here"
                    },
                ));
            }
            ExprKind::Name { id, ctx } => self.name_op(id, *ctx)?,
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Load => self.starunpack(
                    elts,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    false,
                )?,
                ExprContext::Store => self.assignment_helper(e, elts)?,
                ExprContext::Del => {
                    for x in *elts {
                        self.expr(x)?;
                    }
                }
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Load => self.starunpack(
                    elts,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    true,
                )?,
                ExprContext::Store => self.assignment_helper(e, elts)?,
                ExprContext::Del => {
                    for x in *elts {
                        self.expr(x)?;
                    }
                }
            },
            ExprKind::Slice { lower, upper, step } => {
                let mut n = 2;
                for x in [lower, upper] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => self.emit_const(Constant::None),
                    }
                }
                if let Some(s) = step {
                    self.expr(s)?;
                    n = 3;
                }
                self.emit(Opcode::BuildSlice, n);
            }
        }
        Ok(())
    }

    /// CPython 3.11's `optimize_format`: `'…%s…%r…' % (a, b)` with only `%s`/`%r`/`%a` units (with
    /// optional `-`, width and precision) and a tuple display of as many items (not all
    /// constants) becomes the f-string `f'…{a!s}…{b!r}…'`. Returns false (emitting nothing) when
    /// the expression does not qualify.
    fn percent_format(
        &mut self,
        left: &'a Expr<'a>,
        right: &'a Expr<'a>,
    ) -> Result<bool, SyntaxError> {
        let ExprKind::Constant {
            value: crate::ast::Constant::Str(fmt),
            ..
        } = left.kind
        else {
            return Ok(false);
        };
        let ExprKind::Tuple {
            elts,
            ctx: ExprContext::Load,
        } = right.kind
        else {
            return Ok(false);
        };
        if elts.iter().any(is_starred) || elts.iter().all(|x| self.const_value(x).is_some()) {
            return Ok(false);
        }
        enum Piece<'e> {
            Text(String),
            Value(&'e Expr<'e>, u32, Option<String>),
        }
        let chars: Vec<char> = fmt.chars().collect();
        let mut pieces = Vec::new();
        let mut pos = 0;
        let mut count = 0;
        loop {
            // A literal run, `%%` being a `%`.
            let mut text = String::new();
            while pos < chars.len() {
                if chars[pos] != '%' {
                    text.push(chars[pos]);
                    pos += 1;
                } else if chars.get(pos + 1) == Some(&'%') {
                    text.push('%');
                    pos += 2;
                } else {
                    break;
                }
            }
            if !text.is_empty() {
                pieces.push(Piece::Text(text));
            }
            if pos >= chars.len() {
                break;
            }
            if count >= elts.len() {
                return Ok(false);
            }
            pos += 1;
            let Some((conversion, spec)) = simple_format_unit(&chars, &mut pos) else {
                return Ok(false);
            };
            pieces.push(Piece::Value(&elts[count], conversion, spec));
            count += 1;
        }
        if count < elts.len() {
            return Ok(false);
        }
        let n = pieces.len() as u32;
        for piece in pieces {
            match piece {
                Piece::Text(t) => self.emit_const(Constant::str(&t)),
                Piece::Value(e, conversion, spec) => {
                    self.expr(e)?;
                    let old = self.set_loc(e.span);
                    let mut arg = conversion;
                    if let Some(spec) = spec {
                        self.emit_const(Constant::str(&spec));
                        arg |= crate::bytecode::FORMAT_VALUE_HAS_SPEC;
                    }
                    self.emit(Opcode::FormatValue, arg);
                    self.restore_loc(old);
                }
            }
        }
        if n != 1 {
            self.emit(Opcode::BuildString, n);
        }
        Ok(true)
    }

    /// The `SEND`/`YIELD_VALUE` loop of `yield from` (receiver and value on the stack).
    fn yield_from_loop(&mut self) {
        let top = self.new_label();
        let done = self.new_label();
        self.bind(top);
        self.emit_jump(Opcode::Send, done);
        self.emit(Opcode::YieldValue, 0);
        self.emit_jump(Opcode::JumpBackward, top);
        self.bind(done);
    }

    fn assignment_helper(&mut self, e: &Expr<'_>, elts: &'a [Expr<'a>]) -> R {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if is_starred(elt) {
                if seen_star {
                    return Err(err(e.span, "multiple starred expressions in assignment"));
                }
                if i >= 256 || n - i > (i32::MAX >> 8) as usize {
                    return Err(err(
                        e.span,
                        "too many expressions in star-unpacking assignment",
                    ));
                }
                self.emit(Opcode::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.emit(Opcode::UnpackSequence, n as u32);
        }
        for elt in elts {
            match &elt.kind {
                ExprKind::Starred { value, .. } => self.expr(value)?,
                _ => self.expr(elt)?,
            }
        }
        Ok(())
    }

    /// Push an iterable for `for`/comprehension: a list display becomes a tuple, a set display of
    /// constants a frozenset (CPython's `fold_iter`).
    fn iterable(&mut self, e: &'a Expr<'a>) -> R {
        match &e.kind {
            ExprKind::List { elts, .. } if !elts.iter().any(is_starred) => {
                let old = self.set_loc(e.span);
                let r = self.tuple_of(elts);
                self.restore_loc(old);
                r
            }
            ExprKind::Set { elts } => {
                let items: Option<Vec<Constant>> =
                    elts.iter().map(|x| self.const_value(x)).collect();
                match items {
                    Some(items) => {
                        let old = self.set_loc(e.span);
                        self.emit_const(frozenset(items));
                        self.restore_loc(old);
                        Ok(())
                    }
                    None => self.expr(e),
                }
            }
            _ => self.expr(e),
        }
    }

    fn tuple_of(&mut self, elts: &'a [Expr<'a>]) -> R {
        let items: Option<Vec<Constant>> = elts.iter().map(|x| self.const_value(x)).collect();
        match items {
            Some(items) => {
                self.emit_const(Constant::tuple(items));
                Ok(())
            }
            None => self.starunpack(
                elts,
                0,
                Opcode::BuildList,
                Opcode::ListAppend,
                Opcode::ListExtend,
                true,
            ),
        }
    }

    /// CPython's `starunpack_helper`: a list/set/tuple display, with `pushed` items already on the
    /// stack as its first elements.
    fn starunpack(
        &mut self,
        elts: &'a [Expr<'a>],
        pushed: u32,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> R {
        let n = elts.len();
        if n > 2 {
            let items: Option<Vec<Constant>> = elts.iter().map(|x| self.const_value(x)).collect();
            if let Some(items) = items {
                if tuple && pushed == 0 {
                    self.emit_const(Constant::tuple(items));
                } else {
                    let folded = if add == Opcode::SetAdd {
                        frozenset(items)
                    } else {
                        Constant::tuple(items)
                    };
                    self.emit(build, pushed);
                    self.emit_const(folded);
                    self.emit(extend, 1);
                    if tuple {
                        self.emit(Opcode::ListToTuple, 0);
                    }
                }
                return Ok(());
            }
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(is_starred);
        if !seen_star && !big {
            for x in elts {
                self.expr(x)?;
            }
            let op = if tuple { Opcode::BuildTuple } else { build };
            self.emit(op, n as u32 + pushed);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build, pushed);
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = x.kind {
                if !built {
                    self.emit(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(value)?;
                self.emit(extend, 1);
            } else {
                self.expr(x)?;
                if built {
                    self.emit(add, 1);
                }
            }
        }
        if tuple {
            self.emit(Opcode::ListToTuple, 0);
        }
        Ok(())
    }

    fn subdict(&mut self, keys: &'a [Option<&'a Expr<'a>>], values: &'a [Expr<'a>]) -> R {
        let n = keys.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            let consts: Option<Vec<Constant>> = keys
                .iter()
                .map(|k| {
                    k.and_then(|k| match k.kind {
                        ExprKind::Constant { .. } => self.const_value(k),
                        _ => None,
                    })
                })
                .collect();
            if let Some(consts) = consts {
                for v in values {
                    self.expr(v)?;
                }
                self.emit_const(Constant::tuple(consts));
                self.emit(Opcode::BuildConstKeyMap, n as u32);
                return Ok(());
            }
        }
        if big {
            self.emit(Opcode::BuildMap, 0);
        }
        for (k, v) in keys.iter().zip(values) {
            if let Some(k) = k {
                self.expr(k)?;
            }
            self.expr(v)?;
            if big {
                self.emit(Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.emit(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &'a [Option<&'a Expr<'a>>], values: &'a [Expr<'a>]) -> R {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(&keys[i - elements..i], &values[i - elements..i])?;
                    if have_dict {
                        self.emit(Opcode::DictUpdate, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Opcode::BuildMap, 0);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.emit(Opcode::DictUpdate, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&keys[i - elements..=i], &values[i - elements..=i])?;
                if have_dict {
                    self.emit(Opcode::DictUpdate, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&keys[n - elements..], &values[n - elements..])?;
            if have_dict {
                self.emit(Opcode::DictUpdate, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Opcode::BuildMap, 0);
        }
        Ok(())
    }

    fn compare_op(&mut self, op: CmpOp) {
        let (opcode, arg) = match op {
            CmpOp::Eq => (Opcode::CompareOp, CompareOperator::Eq as u32),
            CmpOp::NotEq => (Opcode::CompareOp, CompareOperator::Ne as u32),
            CmpOp::Lt => (Opcode::CompareOp, CompareOperator::Lt as u32),
            CmpOp::LtE => (Opcode::CompareOp, CompareOperator::Le as u32),
            CmpOp::Gt => (Opcode::CompareOp, CompareOperator::Gt as u32),
            CmpOp::GtE => (Opcode::CompareOp, CompareOperator::Ge as u32),
            CmpOp::Is => (Opcode::IsOp, 0),
            CmpOp::IsNot => (Opcode::IsOp, 1),
            CmpOp::In => (Opcode::ContainsOp, 0),
            CmpOp::NotIn => (Opcode::ContainsOp, 1),
        };
        self.emit(opcode, arg);
    }

    /// A comparison operand: the last one of `in`/`not in` gets CPython's `fold_iter`.
    fn comparator(&mut self, ops: &[CmpOp], comparators: &'a [Expr<'a>], i: usize) -> R {
        if i + 1 == comparators.len() && matches!(ops[i], CmpOp::In | CmpOp::NotIn) {
            self.iterable(&comparators[i])
        } else {
            self.expr(&comparators[i])
        }
    }

    fn compare(&mut self, left: &'a Expr<'a>, ops: &[CmpOp], comparators: &'a [Expr<'a>]) -> R {
        self.expr(left)?;
        let n = ops.len() - 1;
        if n == 0 {
            self.comparator(ops, comparators, 0)?;
            self.compare_op(ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        for i in 0..n {
            self.expr(&comparators[i])?;
            self.emit(Opcode::Swap, 2);
            self.emit(Opcode::Copy, 2);
            self.compare_op(ops[i]);
            self.emit_jump(Opcode::JumpIfFalseOrPop, cleanup);
        }
        self.comparator(ops, comparators, n)?;
        self.compare_op(ops[n]);
        let end = self.new_label();
        self.emit_jump(Opcode::JumpForward, end);
        self.bind(cleanup);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopTop, 0);
        self.bind(end);
        Ok(())
    }

    /// Jump to `next` when `e` is `cond` (truthy when `cond`), with short circuits.
    fn jump_if(&mut self, e: &'a Expr<'a>, next: Label, cond: bool) -> R {
        let old = self.set_loc(e.span);
        let r = self.jump_if_inner(e, next, cond);
        self.restore_loc(old);
        r
    }

    fn jump_if_inner(&mut self, e: &'a Expr<'a>, next: Label, cond: bool) -> R {
        if matches!(e.kind, ExprKind::Compare { .. }) {
            self.last_compare = Some(e.span);
        }
        if let Some(c) = self.const_value(e) {
            if truthy(&c) == cond {
                self.emit_jump_to(Opcode::JumpForward, next);
            }
            return Ok(());
        }
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.new_label()
                } else {
                    next
                };
                let n = values.len() - 1;
                for v in &values[..n] {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(&values[n], next, cond)?;
                if next2 != next {
                    self.bind(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, next, cond)?;
                self.emit_jump(Opcode::JumpForward, end);
                self.bind(next2);
                self.jump_if(orelse, next, cond)?;
                self.bind(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops: [op @ (CmpOp::Is | CmpOp::IsNot)],
                comparators: [right],
            } if matches!(
                right.kind,
                ExprKind::Constant {
                    value: crate::ast::Constant::None,
                    ..
                }
            ) && !self.ur().b.is_bound(next) =>
            {
                // `x is None` / `x is not None` (CPython's peephole result).
                self.expr(left)?;
                let jump_when_none = cond == (*op == CmpOp::Is);
                let opcode = if jump_when_none {
                    Opcode::PopJumpIfNone
                } else {
                    Opcode::PopJumpIfNotNone
                };
                self.emit_jump(opcode, next);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() > 1 => {
                let n = ops.len() - 1;
                let cleanup = self.new_label();
                self.expr(left)?;
                for i in 0..n {
                    self.expr(&comparators[i])?;
                    self.emit(Opcode::Swap, 2);
                    self.emit(Opcode::Copy, 2);
                    self.compare_op(ops[i]);
                    self.emit_jump(Opcode::PopJumpIfFalse, cleanup);
                }
                self.comparator(ops, comparators, n)?;
                self.compare_op(ops[n]);
                let op = if cond {
                    Opcode::PopJumpIfTrue
                } else {
                    Opcode::PopJumpIfFalse
                };
                self.emit_jump_to(op, next);
                let end = self.new_label();
                self.emit_jump(Opcode::JumpForward, end);
                self.bind(cleanup);
                self.emit(Opcode::PopTop, 0);
                if !cond {
                    self.emit_jump_to(Opcode::JumpForward, next);
                }
                self.bind(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        let op = if cond {
            Opcode::PopJumpIfTrue
        } else {
            Opcode::PopJumpIfFalse
        };
        self.emit_jump_to(op, next);
        Ok(())
    }

    fn validate_keywords(&self, keywords: &[Keyword<'_>]) -> R {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = k.arg else { continue };
            self.forbidden_name(name, ExprContext::Store)?;
            if let Some(other) = keywords[i + 1..].iter().find(|o| o.arg == Some(name)) {
                return Err(err(
                    other.span,
                    format!("keyword argument repeated: {name}"),
                ));
            }
        }
        Ok(())
    }

    fn call(&mut self, func: &'a Expr<'a>, args: &'a [Expr<'a>], keywords: &'a [Keyword<'a>]) -> R {
        // Method calls: `obj.m(args)` without `*`/`**`.
        if let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = func.kind
        {
            let argsl = args.len();
            let kwdsl = keywords.len();
            if argsl + kwdsl + usize::from(kwdsl != 0) < STACK_USE_GUIDELINE
                && !args.iter().any(is_starred)
                && keywords.iter().all(|k| k.arg.is_some())
            {
                self.validate_keywords(keywords)?;
                self.expr(value)?;
                let old = self.set_loc(func.span);
                self.emit_attr(Opcode::LoadMethod, func, attr);
                self.restore_loc(old);
                self.note_sole_genexp(func, args, keywords);
                for a in args {
                    self.expr(a)?;
                }
                // CPython starts a call on a multi-line attribute at the attribute's name.
                let loc = self.ur().loc;
                let f = self.range(func.span);
                let len = attr.len() as u32;
                if loc.line != f.end_line && len <= f.end_col {
                    let moved =
                        SourceRange::new(f.end_line, f.end_col - len, loc.end_line, loc.end_col);
                    let saved = std::mem::replace(&mut self.u().loc, moved);
                    let r = self.simple_call_tail(keywords, argsl as u32);
                    self.u().loc = saved;
                    return r;
                }
                return self.simple_call_tail(keywords, argsl as u32);
            }
        }
        match func.kind {
            ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            } if self.is_global_load(id) && self.const_value(func).is_none() => {
                let mangled = mangle(self.ur().private.as_deref(), id);
                let loc = self.range(func.span);
                self.u().b.emit_load_global(&mangled, true, loc);
            }
            _ => {
                let old = self.set_loc(func.span);
                self.emit(Opcode::PushNull, 0);
                self.restore_loc(old);
                self.expr(func)?;
            }
        }
        self.note_sole_genexp(func, args, keywords);
        self.call_helper(0, args, keywords)
    }

    /// `f(x for x in y)`: CPython's generator expression starts at the call's `(` (it has no
    /// parentheses of its own); remember that span for its code object's first line.
    fn note_sole_genexp(&mut self, func: &Expr<'_>, args: &[Expr<'_>], keywords: &[Keyword<'_>]) {
        let [arg] = args else { return };
        if !keywords.is_empty() || !matches!(arg.kind, ExprKind::GeneratorExp { .. }) {
            return;
        }
        let bytes = self.source.as_bytes();
        if bytes.get(arg.span.start as usize) == Some(&b'(') {
            return;
        }
        let Some(open) = bytes
            .get(func.span.end as usize..arg.span.start as usize)
            .and_then(|between| between.iter().position(|&b| b == b'('))
        else {
            return;
        };
        let start = func.span.end + open as u32;
        let end = bytes
            .get(arg.span.end as usize..)
            .and_then(|rest| rest.iter().position(|&b| b == b')'))
            .map_or(arg.span.end, |i| arg.span.end + i as u32 + 1);
        self.genexp_span = Some((arg as *const Expr<'_> as usize, Span::new(start, end)));
    }

    /// After the positional arguments: keyword values, then `CALL` or `CALL_KW`.
    fn simple_call_tail(&mut self, keywords: &'a [Keyword<'a>], positional: u32) -> R {
        if keywords.is_empty() {
            self.emit(Opcode::Call, positional);
            return Ok(());
        }
        for k in keywords {
            self.expr(k.value)?;
        }
        let names = Constant::tuple(keywords.iter().map(|k| Constant::str(k.arg.unwrap_or(""))));
        self.emit_const(names);
        self.emit(Opcode::CallKw, positional + keywords.len() as u32);
        Ok(())
    }

    /// CPython's `compiler_call_helper`: the arguments and the call, `pushed` positional arguments
    /// being on the stack already.
    fn call_helper(&mut self, pushed: u32, args: &'a [Expr<'a>], keywords: &'a [Keyword<'a>]) -> R {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkw = keywords.len();
        let simple = nelts + nkw * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(is_starred)
            && keywords.iter().all(|k| k.arg.is_some());
        if simple {
            for a in args {
                self.expr(a)?;
            }
            return self.simple_call_tail(keywords, pushed + nelts as u32);
        }
        // The general form: a tuple of positional arguments and a dict of keywords.
        self.starunpack(
            args,
            pushed,
            Opcode::BuildList,
            Opcode::ListAppend,
            Opcode::ListExtend,
            true,
        )?;
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0usize;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(&keywords[i - nseen..i])?;
                        if have_dict {
                            self.emit(Opcode::DictMerge, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.emit(Opcode::BuildMap, 0);
                        have_dict = true;
                    }
                    self.expr(k.value)?;
                    self.emit(Opcode::DictMerge, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(&keywords[nkw - nseen..])?;
                if have_dict {
                    self.emit(Opcode::DictMerge, 1);
                }
            }
        }
        self.emit(Opcode::CallFunctionEx, u32::from(nkw > 0));
        Ok(())
    }

    fn subkwargs(&mut self, keywords: &'a [Keyword<'a>]) -> R {
        let n = keywords.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in keywords {
                self.expr(k.value)?;
            }
            let names =
                Constant::tuple(keywords.iter().map(|k| Constant::str(k.arg.unwrap_or(""))));
            self.emit_const(names);
            self.emit(Opcode::BuildConstKeyMap, n as u32);
            return Ok(());
        }
        if big {
            self.emit(Opcode::BuildMap, 0);
        }
        for k in keywords {
            self.emit_const(Constant::str(k.arg.unwrap_or("")));
            self.expr(k.value)?;
            if big {
                self.emit(Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.emit(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    fn comprehension(&mut self, e: &'a Expr<'a>) -> R {
        let (generators, elt, value, build) = match &e.kind {
            ExprKind::ListComp { elt, generators } => {
                (*generators, *elt, None, Some(Opcode::BuildList))
            }
            ExprKind::SetComp { elt, generators } => {
                (*generators, *elt, None, Some(Opcode::BuildSet))
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => (*generators, *key, Some(*value), Some(Opcode::BuildMap)),
            ExprKind::GeneratorExp { elt, generators } => (*generators, *elt, None, None),
            _ => return Ok(()),
        };
        let Some(scope) = self.table.scope_of(e) else {
            return Err(err(
                e.span,
                "internal compiler error: comprehension has no scope",
            ));
        };
        if self.table.scope(scope).is_coroutine {
            // An asynchronous generator expression is legal anywhere; the other comprehensions
            // only in `async def`, which hotpy refuses.
            if build.is_none() {
                return Err(unsupported(e.span, "asynchronous generator expressions"));
            }
            return Err(err(
                e.span,
                "asynchronous comprehension outside of an asynchronous function",
            ));
        }
        let name = match self.table.scope(scope).kind {
            ScopeKind::Comprehension(k) => k.code_name(),
            _ => "<genexpr>",
        };
        let span = match self.genexp_span {
            Some((ptr, span)) if ptr == e as *const Expr<'_> as usize => span,
            _ => e.span,
        };
        let line = self.line_of(span);
        self.enter_unit(scope, name, UnitKind::Comprehension, line);
        self.u().loc = self.range(span);
        self.u().b.set_arg_counts(1, 0, 0);
        let r = (|| {
            if let Some(op) = build {
                self.emit(op, 0);
            }
            self.comprehension_generator(generators, 0, 0, elt, value, build)?;
            if build.is_some() {
                self.emit(Opcode::ReturnValue, 0);
            } else {
                self.return_none();
            }
            Ok(())
        })();
        if let Err(er) = r {
            self.units.pop();
            return Err(er);
        }
        let code = self.finish_unit()?;
        self.emit(Opcode::PushNull, 0);
        self.make_closure(code, 0)?;
        self.iterable(generators[0].iter)?;
        self.emit(Opcode::GetIter, 0);
        self.emit(Opcode::Call, 1);
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [Comprehension<'a>],
        index: usize,
        depth: u32,
        elt: &'a Expr<'a>,
        value: Option<&'a Expr<'a>>,
        build: Option<Opcode>,
    ) -> R {
        let gen = &generators[index];
        let mut depth = depth;
        if index == 0 {
            self.emit(Opcode::LoadFast, 0);
        } else {
            let single = match &gen.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. }
                    if elts.len() == 1 && !is_starred(&elts[0]) =>
                {
                    Some(&elts[0])
                }
                _ => None,
            };
            if let Some(x) = single {
                self.expr(x)?;
            } else {
                self.iterable(gen.iter)?;
                self.emit(Opcode::GetIter, 0);
            }
            if single.is_some() {
                let if_cleanup = self.new_label();
                self.expr(gen.target)?;
                for cond in gen.ifs {
                    self.jump_if(cond, if_cleanup, false)?;
                }
                self.comprehension_tail(generators, index, depth, elt, value, build)?;
                self.bind(if_cleanup);
                return Ok(());
            }
        }
        let start = self.new_label();
        let anchor = self.new_label();
        let if_cleanup = self.new_label();
        depth += 1;
        self.bind(start);
        self.emit_jump(Opcode::ForIter, anchor);
        self.expr(gen.target)?;
        for cond in gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        self.comprehension_tail(generators, index, depth, elt, value, build)?;
        self.bind(if_cleanup);
        self.emit_jump(Opcode::JumpBackward, start);
        self.bind(anchor);
        Ok(())
    }

    fn comprehension_tail(
        &mut self,
        generators: &'a [Comprehension<'a>],
        index: usize,
        depth: u32,
        elt: &'a Expr<'a>,
        value: Option<&'a Expr<'a>>,
        build: Option<Opcode>,
    ) -> R {
        if index + 1 < generators.len() {
            return self.comprehension_generator(generators, index + 1, depth, elt, value, build);
        }
        match build {
            None => {
                self.expr(elt)?;
                self.emit(Opcode::YieldValue, 0);
                self.emit(Opcode::PopTop, 0);
            }
            Some(Opcode::BuildList) => {
                self.expr(elt)?;
                self.emit(Opcode::ListAppend, depth + 1);
            }
            Some(Opcode::BuildSet) => {
                self.expr(elt)?;
                self.emit(Opcode::SetAdd, depth + 1);
            }
            Some(_) => {
                self.expr(elt)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.emit(Opcode::MapAdd, depth + 1);
            }
        }
        Ok(())
    }
}

/// One `%` unit after the `%` at `*pos` (CPython's `simple_format_arg_parse`, at most two digits
/// of width and of precision): its `FORMAT_VALUE` conversion and format spec, when it is an
/// `s`, `r` or `a` unit.
fn simple_format_unit(chars: &[char], pos: &mut usize) -> Option<(u32, Option<String>)> {
    let mut p = *pos;
    let mut next = || {
        let c = chars.get(p).copied();
        p += 1;
        c
    };
    let mut ljust = false;
    let mut ch = next()?;
    while matches!(ch, '-' | '+' | ' ' | '#' | '0') {
        ljust |= ch == '-';
        ch = next()?;
    }
    let mut width: Option<u32> = None;
    if ch.is_ascii_digit() {
        let mut w = 0;
        let mut digits = 0;
        while let Some(d) = ch.to_digit(10) {
            w = w * 10 + d;
            ch = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
        width = Some(w);
    }
    let mut prec: Option<u32> = None;
    if ch == '.' {
        ch = next()?;
        let mut q = 0;
        let mut digits = 0;
        while let Some(d) = ch.to_digit(10) {
            q = q * 10 + d;
            ch = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
        prec = Some(q);
    }
    let conversion = match ch {
        's' => 1,
        'r' => 2,
        'a' => 3,
        _ => return None,
    };
    *pos = p;
    let mut spec = String::new();
    if let Some(w) = width {
        if !ljust && w > 0 {
            spec.push('>');
        }
        spec.push_str(&w.to_string());
    }
    if let Some(q) = prec {
        spec.push_str(&format!(".{q}"));
    }
    Some((conversion, (!spec.is_empty()).then_some(spec)))
}

/// A frozenset constant of `items`, duplicates dropped (first occurrence kept).
fn frozenset(items: Vec<Constant>) -> Constant {
    let mut unique: Vec<Constant> = Vec::with_capacity(items.len());
    for c in items {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    Constant::FrozenSet(unique.into())
}

/// The bytecode constant of an AST constant (`None` for a string with lone surrogates, which
/// hotpy's constants cannot hold).
fn convert_constant(c: &crate::ast::Constant<'_>) -> Option<Constant> {
    use crate::ast::Constant as A;
    Some(match *c {
        A::None => Constant::None,
        A::True => Constant::Bool(true),
        A::False => Constant::Bool(false),
        A::Ellipsis => Constant::Ellipsis,
        A::Int(i) => Constant::Int(i),
        A::BigInt(digits) => Constant::int(digits.parse::<BigInt>().ok()?),
        A::Float(f) => Constant::Float(f),
        A::Complex(im) => Constant::Complex { re: 0.0, im },
        A::Str(s) => Constant::str(s),
        A::StrCodePoints(_) => return None,
        A::Bytes(b) => Constant::bytes(b),
    })
}

/// Fold a unary operator on a numeric constant (CPython's AST optimizer).
fn fold_unary(op: UnaryOp, c: &Constant) -> Option<Constant> {
    match (op, c) {
        (UnaryOp::USub, Constant::Int(i)) => Some(match i.checked_neg() {
            Some(n) => Constant::Int(n),
            None => Constant::int(-BigInt::from(*i)),
        }),
        (UnaryOp::USub, Constant::BigInt(b)) => Some(Constant::int(-b.clone())),
        (UnaryOp::USub, Constant::Float(f)) => Some(Constant::Float(-f)),
        (UnaryOp::USub, Constant::Complex { re, im }) => {
            Some(Constant::Complex { re: -re, im: -im })
        }
        (UnaryOp::UAdd, Constant::Int(_) | Constant::BigInt(_) | Constant::Float(_)) => {
            Some(c.clone())
        }
        (UnaryOp::UAdd, Constant::Complex { .. }) => Some(c.clone()),
        (UnaryOp::Invert, Constant::Int(i)) => Some(Constant::Int(!i)),
        (UnaryOp::Invert, Constant::BigInt(b)) => Some(Constant::int(-b.clone() - 1)),
        (UnaryOp::Not, _) if !matches!(c, Constant::Code(_)) => Some(Constant::Bool(!truthy(c))),
        _ => None,
    }
}

/// `constant[index]` for an int index into a str, bytes or tuple constant (CPython's
/// `fold_subscr`; anything that would raise is left to run time).
fn fold_subscript(value: &Constant, index: &Constant) -> Option<Constant> {
    let Constant::Int(i) = *index else {
        return None;
    };
    let at = |len: usize| -> Option<usize> {
        let len = i64::try_from(len).ok()?;
        let k = if i < 0 { i + len } else { i };
        (0..len).contains(&k).then_some(k as usize)
    };
    match value {
        Constant::Str(s) => {
            let n = s.chars().count();
            let c = s.chars().nth(at(n)?)?;
            Some(Constant::str(c.encode_utf8(&mut [0; 4])))
        }
        Constant::Bytes(b) => Some(Constant::Int(i64::from(b[at(b.len())?]))),
        Constant::Tuple(t) => Some(t[at(t.len())?].clone()),
        _ => None,
    }
}

/// CPython's `MAX_INT_SIZE`: folded int results stay within 128 bits.
const MAX_INT_BITS: u64 = 128;
/// CPython's `MAX_COLLECTION_SIZE` and `MAX_STR_SIZE` for folded repetitions.
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;

fn as_bigint(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Int(i) => Some(BigInt::from(*i)),
        Constant::BigInt(b) => Some(b.clone()),
        Constant::Bool(b) => Some(BigInt::from(i64::from(*b))),
        _ => None,
    }
}

/// A float operand: a float, or an int exactly representable (|i| ≤ 2^53).
fn as_float(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        Constant::Bool(b) => Some(f64::from(u8::from(*b))),
        Constant::Int(i) if i.unsigned_abs() <= 1 << 53 => Some(*i as f64),
        _ => None,
    }
}

fn as_complex(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Complex { re, im } => Some((*re, *im)),
        _ => as_float(c).map(|f| (f, 0.0)),
    }
}

fn bits(b: &BigInt) -> u64 {
    b.bits()
}

/// Python's floor division and modulo of ints (`None` for a zero divisor).
fn floor_divmod(a: &BigInt, b: &BigInt) -> Option<(BigInt, BigInt)> {
    if b.sign() == num_bigint::Sign::NoSign {
        return None;
    }
    let mut q = a / b;
    let mut r = a % b;
    if r.sign() != num_bigint::Sign::NoSign
        && (r.sign() == num_bigint::Sign::Minus) != (b.sign() == num_bigint::Sign::Minus)
    {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

/// A repetition count for `seq * n` (negative counts give an empty sequence, as Python).
fn repeat_count(c: &Constant) -> Option<usize> {
    match c {
        Constant::Int(i) => Some(usize::try_from((*i).max(0)).ok()?),
        _ => None,
    }
}

/// Fold a binary operator on constants as CPython 3.11's AST optimizer does, within its size
/// limits; `None` when the operation is not folded (it then runs, and raises, at run time).
fn fold_binary(op: Operator, l: &Constant, r: &Constant) -> Option<Constant> {
    use Operator::*;
    if let (Constant::Bool(a), Constant::Bool(b)) = (l, r) {
        // bool & | ^ bool stay bools.
        match op {
            BitAnd => return Some(Constant::Bool(a & b)),
            BitOr => return Some(Constant::Bool(a | b)),
            BitXor => return Some(Constant::Bool(a ^ b)),
            _ => {}
        }
    }
    if op == Pow {
        // Float powers (and ints to negative powers) with a positive base and a finite result.
        let negative_int_exponent = matches!(r, Constant::Int(e) if *e < 0);
        let float_operand = matches!(l, Constant::Float(_)) || matches!(r, Constant::Float(_));
        if float_operand || negative_int_exponent {
            let (x, y) = (as_float(l)?, as_float(r)?);
            let v = x.powf(y);
            return (x > 0.0 && v.is_finite()).then_some(Constant::Float(v));
        }
    }
    if let (Some(a), Some(b)) = (as_bigint(l), as_bigint(r)) {
        let result = match op {
            Add => a + b,
            Sub => a - b,
            Mult => {
                if a.bits() + b.bits() > MAX_INT_BITS {
                    return None;
                }
                a * b
            }
            FloorDiv => floor_divmod(&a, &b)?.0,
            Mod => floor_divmod(&a, &b)?.1,
            Pow => {
                let e = u32::try_from(&b).ok()?;
                if e > 0 && bits(&a) > MAX_INT_BITS / u64::from(e) {
                    return None;
                }
                num_traits::Pow::pow(a, e)
            }
            LShift => {
                let n = u64::try_from(&b).ok()?;
                if bits(&a) > MAX_INT_BITS || n > MAX_INT_BITS || bits(&a) + n > MAX_INT_BITS {
                    return None;
                }
                a << n
            }
            RShift => {
                if a.sign() == num_bigint::Sign::Minus {
                    return None;
                }
                let n = u64::try_from(&b).ok()?;
                a >> n.min(1 << 20)
            }
            BitAnd => a & b,
            BitOr => a | b,
            BitXor => a ^ b,
            Div => {
                let (x, y) = (as_float(l)?, as_float(r)?);
                if y == 0.0 {
                    return None;
                }
                return Some(Constant::Float(x / y));
            }
            MatMult => return None,
        };
        return Some(Constant::int(result));
    }
    if matches!(l, Constant::Float(_)) || matches!(r, Constant::Float(_)) {
        if let (Some(x), Some(y)) = (as_float(l), as_float(r)) {
            return match op {
                Add => Some(Constant::Float(x + y)),
                Sub => Some(Constant::Float(x - y)),
                Mult => Some(Constant::Float(x * y)),
                Div if y != 0.0 => Some(Constant::Float(x / y)),
                _ => None,
            };
        }
    }
    if matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. }) {
        let ((a, b), (c, d)) = (as_complex(l)?, as_complex(r)?);
        return match op {
            Add => Some(Constant::Complex {
                re: a + c,
                im: b + d,
            }),
            Sub => Some(Constant::Complex {
                re: a - c,
                im: b - d,
            }),
            _ => None,
        };
    }
    match (op, l, r) {
        (Add, Constant::Str(a), Constant::Str(b)) => Some(Constant::str(&format!("{a}{b}"))),
        (Add, Constant::Bytes(a), Constant::Bytes(b)) => {
            Some(Constant::bytes(&[&a[..], &b[..]].concat()))
        }
        (Add, Constant::Tuple(a), Constant::Tuple(b)) => {
            Some(Constant::tuple(a.iter().chain(b.iter()).cloned()))
        }
        (Mult, Constant::Str(s), n) | (Mult, n, Constant::Str(s)) => {
            let n = repeat_count(n)?;
            let len = s.chars().count();
            if len != 0 && n > MAX_STR_SIZE / len {
                return None;
            }
            Some(Constant::str(&s.repeat(n)))
        }
        (Mult, Constant::Bytes(b), n) | (Mult, n, Constant::Bytes(b)) => {
            let n = repeat_count(n)?;
            if !b.is_empty() && n > MAX_STR_SIZE / b.len() {
                return None;
            }
            Some(Constant::bytes(&b.repeat(n)))
        }
        (Mult, Constant::Tuple(t), n) | (Mult, n, Constant::Tuple(t)) => {
            let n = repeat_count(n)?;
            if !t.is_empty() && n > MAX_COLLECTION_SIZE / t.len() {
                return None;
            }
            Some(Constant::tuple(
                std::iter::repeat_n(t.iter(), n).flatten().cloned(),
            ))
        }
        _ => None,
    }
}
