//! The symbol table: which scope each name of each block lives in, decided as CPython 3.11's
//! `Python/symtable.c` decides it.
//!
//! Two passes, as CPython:
//! 1. [`build`] walks the tree and records, per block (module, class, function, lambda,
//!    comprehension), the flags of every name it mentions: assigned, parameter, used, `global`,
//!    `nonlocal`, imported, annotated, comprehension iteration variable. Declaration errors
//!    ("name 'x' is used prior to global declaration", duplicate parameters, walrus conflicts,
//!    `import *` outside a module) are found here.
//! 2. `analyze` resolves each name to a [`SymbolScope`] (local, cell, free, global explicit or
//!    implicit) with the sets of names bound and declared global in the enclosing blocks, turning
//!    locals captured by nested functions into cells and propagating free variables up through the
//!    blocks that do not bind them ("no binding for nonlocal 'x' found" comes from here).
//!
//! Blocks are found again by the code generator through the address of their AST node
//! ([`SymbolTable::scope_of`]): the tree lives in an arena and does not move.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::ast::*;
use crate::bytecode::Interner;
use crate::parser::SyntaxError;

/// Assigned in the block.
pub const DEF_GLOBAL: u32 = 1;
/// Assigned (or deleted) in the block.
pub const DEF_LOCAL: u32 = 2;
/// A parameter.
pub const DEF_PARAM: u32 = 4;
/// Declared `nonlocal`.
pub const DEF_NONLOCAL: u32 = 8;
/// Read in the block.
pub const USE: u32 = 16;
/// Free in a nested function and bound or global in this class block.
pub const DEF_FREE_CLASS: u32 = 64;
/// Bound by an import.
pub const DEF_IMPORT: u32 = 128;
/// Annotated (`x: int`).
pub const DEF_ANNOT: u32 = 256;
/// An iteration variable of a comprehension.
pub const DEF_COMP_ITER: u32 = 512;
/// Any binding.
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// Where a name lives at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolScope {
    /// Not analysed (never the case after [`build`]).
    Unknown,
    /// A local of the block (a fast slot in functions, the namespace dict in modules and classes).
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere visible: globals, then builtins.
    GlobalImplicit,
    /// Bound in an enclosing function: read through the closure.
    Free,
    /// A local captured by a nested function: lives in a cell.
    Cell,
}

impl SymbolScope {
    /// The name Python's `symtable` module would use for the scope.
    pub fn name(self) -> &'static str {
        match self {
            SymbolScope::Unknown => "unknown",
            SymbolScope::Local => "local",
            SymbolScope::GlobalExplicit => "global_explicit",
            SymbolScope::GlobalImplicit => "global_implicit",
            SymbolScope::Free => "free",
            SymbolScope::Cell => "cell",
        }
    }
}

/// One name of a block.
#[derive(Clone, Debug)]
pub struct Symbol {
    /// The (mangled) name, shared with the block's index and the analysis' name sets.
    pub name: Arc<str>,
    /// `DEF_*` and `USE` bits.
    pub flags: u32,
    /// The resolved scope.
    pub scope: SymbolScope,
}

/// What kind of block a scope is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module body.
    Module,
    /// A class body.
    Class,
    /// A `def`.
    Function,
    /// A `lambda`.
    Lambda,
    /// A comprehension or generator expression.
    Comprehension(ComprehensionKind),
    /// An annotation under `from __future__ import annotations` (never compiled).
    Annotation,
}

/// The kinds of comprehension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComprehensionKind {
    /// `[x for …]`
    List,
    /// `{x for …}`
    Set,
    /// `{k: v for …}`
    Dict,
    /// `(x for …)`
    Generator,
}

impl ComprehensionKind {
    /// The code name (`"<listcomp>"`).
    pub fn code_name(self) -> &'static str {
        match self {
            ComprehensionKind::List => "<listcomp>",
            ComprehensionKind::Set => "<setcomp>",
            ComprehensionKind::Dict => "<dictcomp>",
            ComprehensionKind::Generator => "<genexpr>",
        }
    }

    /// The block name CPython's `symtable` gives it (`"listcomp"`).
    pub fn scope_name(self) -> &'static str {
        let name = self.code_name();
        &name[1..name.len() - 1]
    }

    fn description(self) -> &'static str {
        match self {
            ComprehensionKind::List => "list comprehension",
            ComprehensionKind::Set => "set comprehension",
            ComprehensionKind::Dict => "dict comprehension",
            ComprehensionKind::Generator => "generator expression",
        }
    }
}

/// Up to this many symbols a block is searched linearly (see `Scope::position`).
const SCOPE_LINEAR: usize = 8;

/// Index of a scope in [`SymbolTable::scopes`].
pub type ScopeId = usize;

/// One block.
#[derive(Clone, Debug)]
pub struct Scope {
    /// What it is.
    pub kind: ScopeKind,
    /// Its name (`"top"` for the module, as CPython's `symtable`): the compile's shared copy (a
    /// function's name is already interned as a symbol of the enclosing block).
    pub name: Arc<str>,
    /// The names, in order of first mention.
    pub symbols: Vec<Symbol>,
    index: crate::bytecode::builder::NameMap<usize>,
    /// Parameters in slot order (positional-only, positional, keyword-only, `*args`, `**kwargs`).
    pub varnames: Vec<Arc<str>>,
    /// Nested blocks, in source order.
    pub children: Vec<ScopeId>,
    /// The enclosing block.
    pub parent: Option<ScopeId>,
    /// Contains `yield` (a generator function, or a generator expression).
    pub is_generator: bool,
    /// Contains `await`, `async for` or `async with` (or is `async def`).
    pub is_coroutine: bool,
    /// Takes `*args`.
    pub has_varargs: bool,
    /// Takes `**kwargs`.
    pub has_varkeywords: bool,
    /// Inside a function (or is nested in one).
    pub nested: bool,
    /// A class whose methods use `__class__` or `super`: the class body makes the `__class__` cell.
    pub needs_class_closure: bool,
    /// Has free variables.
    pub has_free: bool,
    /// A nested block has free variables.
    pub child_free: bool,
    /// Contains `return` with a value.
    pub returns_value: bool,
    /// Line of the block's node (for `symtable`'s `get_lineno`).
    pub span: Span,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// Where each `global`/`nonlocal` (or walrus-implied) declaration is, for error positions.
    directives: HashMap<String, Span>,
}

impl Scope {
    fn new(kind: ScopeKind, name: Arc<str>, parent: Option<ScopeId>, span: Span) -> Scope {
        Scope {
            kind,
            name,
            // A typical function block's names (parameters, locals, globals it reads) fit: it
            // used to grow through 4 to 8.
            symbols: Vec::with_capacity(8),
            index: Default::default(),
            varnames: Vec::new(),
            children: Vec::new(),
            parent,
            is_generator: false,
            is_coroutine: false,
            has_varargs: false,
            has_varkeywords: false,
            nested: false,
            needs_class_closure: false,
            has_free: false,
            child_free: false,
            returns_value: false,
            span,
            comp_iter_target: false,
            comp_iter_expr: 0,
            directives: HashMap::default(),
        }
    }

    /// The index in [`symbols`](Self::symbols) of the symbol named `name` (already mangled), if
    /// the block mentions it.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.position(name)
    }

    /// The symbol named `name` (already mangled), if the block mentions it.
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.position(name).map(|i| &self.symbols[i])
    }

    /// The index in `symbols` of `name`. Most blocks (a method) have a handful of names: those
    /// are compared directly, and only a block past [`SCOPE_LINEAR`] names has a hash index.
    #[inline]
    fn position(&self, name: &str) -> Option<usize> {
        if self.index.is_empty() {
            self.symbols.iter().position(|s| *s.name == *name)
        } else {
            self.position_hashed(name)
        }
    }

    /// [`position`](Self::position) in a block with a hash index. Out of line: inlined, the hash
    /// lookup made every caller save and restore many registers, the linear search too.
    #[inline(never)]
    fn position_hashed(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Add the symbol `name` (not yet in the block), returning its index.
    fn push_symbol(&mut self, name: Arc<str>, flags: u32, scope: SymbolScope) -> usize {
        let symbol = Symbol { name, flags, scope };
        let i = self.symbols.len();
        self.symbols.push(symbol);
        if !self.index.is_empty() || self.symbols.len() > SCOPE_LINEAR {
            self.index_last();
        }
        i
    }

    /// Put the symbol just pushed in the hash index, making the index when the block has just
    /// passed [`SCOPE_LINEAR`] names (out of line, as [`position_hashed`](Self::position_hashed)).
    #[inline(never)]
    fn index_last(&mut self) {
        if self.index.is_empty() {
            self.index = self
                .symbols
                .iter()
                .enumerate()
                .map(|(j, s)| (Arc::clone(&s.name), j))
                .collect();
        } else if let Some(last) = self.symbols.last() {
            self.index
                .insert(Arc::clone(&last.name), self.symbols.len() - 1);
        }
    }

    /// The flags of `name` (0 when the block does not mention it).
    pub fn flags(&self, name: &str) -> u32 {
        self.lookup(name).map_or(0, |s| s.flags)
    }

    /// The scope of `name`; a name the block does not mention is [`SymbolScope::Unknown`].
    pub fn scope(&self, name: &str) -> SymbolScope {
        self.lookup(name).map_or(SymbolScope::Unknown, |s| s.scope)
    }

    /// Whether the block is a function-like block (def, lambda, comprehension): its locals are fast.
    pub fn is_function(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension(_)
        )
    }

    /// The cell variables, sorted (CPython's `co_cellvars` order); a class needing the `__class__`
    /// cell has it.
    pub fn cellvars(&self) -> Vec<String> {
        // Most blocks have none: no set built then.
        if !self.needs_class_closure && !self.symbols.iter().any(|s| s.scope == SymbolScope::Cell) {
            return Vec::new();
        }
        let mut cells: BTreeSet<String> = self
            .symbols
            .iter()
            .filter(|s| s.scope == SymbolScope::Cell)
            .map(|s| s.name.to_string())
            .collect();
        if self.needs_class_closure {
            cells.insert("__class__".to_string());
        }
        cells.into_iter().collect()
    }

    /// The free variables, sorted (CPython's `co_freevars` order), including names free in a
    /// method and bound in this class.
    pub fn freevars(&self) -> Vec<String> {
        let is_free = |s: &Symbol| s.scope == SymbolScope::Free || s.flags & DEF_FREE_CLASS != 0;
        // Most blocks have none: no set built then.
        if !self.symbols.iter().any(is_free) {
            return Vec::new();
        }
        let frees: BTreeSet<String> = self
            .symbols
            .iter()
            .filter(|s| s.scope == SymbolScope::Free || s.flags & DEF_FREE_CLASS != 0)
            .map(|s| s.name.to_string())
            .collect();
        frees.into_iter().collect()
    }

    fn is_function_block(&self) -> bool {
        self.is_function()
    }
}

/// The blocks of one module.
#[derive(Debug)]
pub struct SymbolTable {
    /// Every block; the module is scope 0.
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, ScopeId>,
    /// `from __future__ import annotations` is in effect.
    pub future_annotations: bool,
    /// The shared copy of every symbol name, handed on to code generation (see [`Interner`]).
    names: Interner,
}

impl SymbolTable {
    /// The block made for the AST node at `node` (a `FunctionDef`/`ClassDef` statement, a
    /// `Lambda` or comprehension expression).
    pub fn scope_of<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }

    /// The scope with id `id`.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    /// Take the interner holding the symbol names (for the code generator to go on with).
    pub(crate) fn take_names(&mut self) -> Interner {
        std::mem::take(&mut self.names)
    }
}

/// CPython's `_Py_Mangle`: `__spam` in class `Ham` is `_Ham__spam`. Borrowed when the name
/// stays as it is (nearly always), so looking a name up allocates nothing.
#[inline]
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> Cow<'n, str> {
    // Inlined test for the common case (no class, or not a `__` name); the rest out of line.
    match private {
        Some(class) if name.starts_with("__") => mangle_private(class, name),
        _ => Cow::Borrowed(name),
    }
}

/// [`mangle`] of a `__` name inside class `class`.
fn mangle_private<'n>(class: &str, name: &'n str) -> Cow<'n, str> {
    if name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

fn err(span: Span, message: impl Into<String>) -> SyntaxError {
    SyntaxError::syntax(message, span.start as usize, span.end as usize)
}

/// The error for a parameter named twice (cold and out of line: its formatting inlined made
/// [`Builder::add_def_in`], which runs for every name, save and restore many registers).
#[cold]
#[inline(never)]
fn duplicate_argument(name: &str, span: Span) -> SyntaxError {
    err(
        span,
        format!("duplicate argument '{name}' in function definition"),
    )
}

/// The error for a comprehension's loop variable that a walrus binds (cold, as
/// [`duplicate_argument`]).
#[cold]
#[inline(never)]
fn comprehension_rebinds(name: &str, span: Span) -> SyntaxError {
    err(
        span,
        format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
    )
}

struct Builder<'t> {
    table: &'t mut SymbolTable,
    stack: Vec<ScopeId>,
    private: Option<String>,
    future_annotations: bool,
}

type R = Result<(), SyntaxError>;

/// Build and analyse the symbol table of `module`.
pub fn build(module: &Module<'_>, future_annotations: bool) -> Result<SymbolTable, SyntaxError> {
    // Sized from the blocks outside functions, as the vector of scopes below: the set and the
    // node map each rehashed several times as they grew from empty.
    let defs = count_defs(module.body);
    let mut names = Interner::with_capacity(2 * defs + 32);
    let top = names.intern("top");
    let mut table = SymbolTable {
        scopes: {
            // Sized once: the scopes are large, and each time the vector grew reallocating and
            // moving them cost several thousand instructions.
            let mut scopes = Vec::with_capacity(1 + defs + 8);
            scopes.push(Scope::new(ScopeKind::Module, top, None, Span::default()));
            scopes
        },
        by_node: HashMap::with_capacity_and_hasher(defs + 8, Default::default()),
        future_annotations,
        names,
    };
    {
        let mut b = Builder {
            table: &mut table,
            stack: vec![0],
            private: None,
            future_annotations,
        };
        for s in module.body {
            b.stmt(s)?;
        }
    }
    link_children(&mut table.scopes);
    analyze(&mut table)?;
    Ok(table)
}

/// The `def`s and `class`es of `stmts` outside any function body: the blocks a module has
/// besides the few functions, lambdas and comprehensions inside functions (only a capacity:
/// looking into function bodies would cost more than growing once for those).
fn count_defs(stmts: &[Stmt<'_>]) -> usize {
    stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::FunctionDef { .. } => 1,
            StmtKind::ClassDef { body, .. } => 1 + count_defs(body),
            StmtKind::If { body, orelse, .. }
            | StmtKind::For { body, orelse, .. }
            | StmtKind::While { body, orelse, .. } => count_defs(body) + count_defs(orelse),
            StmtKind::With { body, .. } => count_defs(body),
            StmtKind::Try {
                body,
                orelse,
                finalbody,
                ..
            } => count_defs(body) + count_defs(orelse) + count_defs(finalbody),
            _ => 0,
        })
        .sum()
}

/// Fill in each block's `children` from the `parent` links, once every block is made: each list
/// is allocated at its final size (pushed as the walk found them, a class's list of methods was
/// reallocated several times). Blocks are numbered in source order, so the lists are too.
fn link_children(scopes: &mut [Scope]) {
    let mut counts = vec![0u32; scopes.len()];
    for s in scopes.iter() {
        if let Some(p) = s.parent {
            counts[p] += 1;
        }
    }
    for (s, &n) in scopes.iter_mut().zip(&counts) {
        s.children.reserve_exact(n as usize);
    }
    for id in 1..scopes.len() {
        if let Some(p) = scopes[id].parent {
            scopes[p].children.push(id);
        }
    }
}

impl Builder<'_> {
    fn cur(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn cur_scope(&mut self) -> &mut Scope {
        let id = self.cur();
        &mut self.table.scopes[id]
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, key: usize, span: Span) {
        let name = self.table.names.intern(name);
        self.enter_shared(kind, name, key, span);
    }

    /// [`enter`](Self::enter) with the name already shared.
    fn enter_shared(&mut self, kind: ScopeKind, name: Arc<str>, key: usize, span: Span) {
        let parent = self.cur();
        let id = self.table.scopes.len();
        let mut scope = Scope::new(kind, name, Some(parent), span);
        let p = &self.table.scopes[parent];
        scope.nested = p.nested || p.is_function_block() || p.kind == ScopeKind::Annotation;
        self.table.scopes.push(scope);
        self.table.by_node.insert(key, id);
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn lookup(&self, name: &str) -> u32 {
        let mangled = mangle(self.private.as_deref(), name);
        self.table.scopes[self.cur()].flags(&mangled)
    }

    fn add_def(&mut self, name: &str, flag: u32, span: Span) -> R {
        let id = self.cur();
        self.add_def_in(name, flag, id, span).map(|_| ())
    }

    /// Bind the name of a `def` or `class` in the current block; returns the shared copy of the
    /// name for the block it opens (the symbol's own, unless the symbol is mangled: interning it
    /// again cost a hash lookup per block).
    fn add_def_named(&mut self, name: &str, span: Span) -> Result<Arc<str>, SyntaxError> {
        let id = self.cur();
        let i = self.add_def_in(name, DEF_LOCAL, id, span)?;
        let symbol = &self.table.scopes[id].symbols[i].name;
        Ok(if **symbol == *name {
            Arc::clone(symbol)
        } else {
            self.table.names.intern(name)
        })
    }

    /// Record `flag` for `name` in block `id`; returns the index of its symbol there.
    fn add_def_in(
        &mut self,
        name: &str,
        flag: u32,
        id: ScopeId,
        span: Span,
    ) -> Result<usize, SyntaxError> {
        let mangled = mangle(self.private.as_deref(), name);
        // Split borrows: the block's symbols and the table's interner.
        let table = &mut *self.table;
        let scope = &mut table.scopes[id];
        let existing = scope.position(&mangled);
        let mut val = match existing {
            Some(i) => {
                let old = scope.symbols[i].flags;
                if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                    return Err(duplicate_argument(name, span));
                }
                old | flag
            }
            None => flag,
        };
        if scope.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(comprehension_rebinds(name, span));
            }
            val |= DEF_COMP_ITER;
        }
        let i = match existing {
            Some(i) => {
                scope.symbols[i].flags = val;
                i
            }
            None => {
                let name = table.names.intern(&mangled);
                scope.push_symbol(name, val, SymbolScope::Unknown)
            }
        };
        // Most definitions (an assignment, a use) need no second reference to the name.
        if flag & (DEF_PARAM | DEF_GLOBAL) == 0 {
            return Ok(i);
        }
        let name = Arc::clone(&scope.symbols[i].name);
        if flag & DEF_PARAM != 0 {
            scope.varnames.push(name);
        } else if flag & DEF_GLOBAL != 0 {
            let module = &mut table.scopes[0];
            match module.position(&mangled) {
                Some(i) => module.symbols[i].flags |= flag,
                None => {
                    module.push_symbol(name, flag, SymbolScope::Unknown);
                }
            }
        }
        Ok(i)
    }

    fn record_directive(&mut self, name: &str, span: Span) {
        let mangled = mangle(self.private.as_deref(), name);
        self.cur_scope()
            .directives
            .entry(mangled.into_owned())
            .or_insert(span);
    }

    fn stmts(&mut self, stmts: &[Stmt<'_>]) -> R {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn exprs(&mut self, exprs: &[Expr<'_>]) -> R {
        for e in exprs {
            self.expr(e)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt<'_>) -> R {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                is_async,
            } => {
                let shared = self.add_def_named(name, s.span)?;
                self.defaults(args)?;
                self.annotations(args, *returns)?;
                self.exprs(decorator_list)?;
                self.enter_shared(
                    ScopeKind::Function,
                    shared,
                    s as *const Stmt<'_> as usize,
                    s.span,
                );
                if *is_async {
                    self.cur_scope().is_coroutine = true;
                }
                self.params(args)?;
                self.stmts(body)?;
                self.exit();
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                let shared = self.add_def_named(name, s.span)?;
                self.exprs(bases)?;
                for k in *keywords {
                    self.expr(k.value)?;
                }
                self.exprs(decorator_list)?;
                self.enter_shared(
                    ScopeKind::Class,
                    shared,
                    s as *const Stmt<'_> as usize,
                    s.span,
                );
                let saved = self.private.replace(name.to_string());
                self.stmts(body)?;
                self.private = saved;
                self.exit();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.cur_scope().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = target.kind {
                    let cur = self.lookup(id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur() != 0 && *simple {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{id}' can't be global")
                        } else {
                            format!("annotated name '{id}' can't be nonlocal")
                        };
                        return Err(err(s.span, msg));
                    }
                    if *simple {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.span)?;
                    } else if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.span)?;
                    }
                } else {
                    self.expr(target)?;
                }
                self.annotation(annotation)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                self.expr(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
                if *is_async {
                    self.cur_scope().is_coroutine = true;
                }
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                for item in *items {
                    self.expr(item.context_expr)?;
                    if let Some(v) = item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(body)?;
                if *is_async {
                    self.cur_scope().is_coroutine = true;
                }
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for case in *cases {
                    self.pattern(case.pattern)?;
                    if let Some(g) = case.guard {
                        self.expr(g)?;
                    }
                    self.stmts(case.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                    if let Some(c) = cause {
                        self.expr(c)?;
                    }
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                self.stmts(orelse)?;
                for h in *handlers {
                    if let Some(t) = h.type_ {
                        self.expr(t)?;
                    }
                    if let Some(n) = h.name {
                        self.add_def(n, DEF_LOCAL, h.span)?;
                    }
                    self.stmts(h.body)?;
                }
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for a in *names {
                    self.alias(a)?;
                }
            }
            StmtKind::Global { names } => {
                for name in *names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be global")
                        } else {
                            format!("name '{name}' is assigned to before global declaration")
                        };
                        return Err(err(s.span, msg));
                    }
                    self.add_def(name, DEF_GLOBAL, s.span)?;
                    self.record_directive(name, s.span);
                }
            }
            StmtKind::Nonlocal { names } => {
                for name in *names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be nonlocal")
                        } else {
                            format!("name '{name}' is assigned to before nonlocal declaration")
                        };
                        return Err(err(s.span, msg));
                    }
                    self.add_def(name, DEF_NONLOCAL, s.span)?;
                    self.record_directive(name, s.span);
                }
            }
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    fn alias(&mut self, a: &Alias<'_>) -> R {
        let store = match a.asname {
            Some(n) => n,
            None => a.name.split('.').next().unwrap_or(a.name),
        };
        if a.name != "*" {
            self.add_def(store, DEF_IMPORT, a.span)
        } else if self.table.scopes[self.cur()].kind != ScopeKind::Module {
            Err(err(a.span, "import * only allowed at module level"))
        } else {
            Ok(())
        }
    }

    fn defaults(&mut self, args: &Arguments<'_>) -> R {
        self.exprs(args.defaults)?;
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d)?;
        }
        Ok(())
    }

    fn annotation(&mut self, e: &Expr<'_>) -> R {
        if self.future_annotations {
            self.enter(
                ScopeKind::Annotation,
                "_annotation",
                e as *const Expr<'_> as usize,
                e.span,
            );
            self.expr(e)?;
            self.exit();
            Ok(())
        } else {
            self.expr(e)
        }
    }

    fn annotations(&mut self, args: &Arguments<'_>, returns: Option<&Expr<'_>>) -> R {
        let all = args
            .posonlyargs
            .iter()
            .chain(args.args)
            .chain(args.vararg)
            .chain(args.kwonlyargs)
            .chain(args.kwarg);
        for a in all {
            if let Some(ann) = a.annotation {
                self.annotation(ann)?;
            }
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn params(&mut self, args: &Arguments<'_>) -> R {
        for a in args
            .posonlyargs
            .iter()
            .chain(args.args)
            .chain(args.kwonlyargs)
        {
            self.add_def(a.arg, DEF_PARAM, a.span)?;
        }
        if let Some(a) = args.vararg {
            self.add_def(a.arg, DEF_PARAM, a.span)?;
            self.cur_scope().has_varargs = true;
        }
        if let Some(a) = args.kwarg {
            self.add_def(a.arg, DEF_PARAM, a.span)?;
            self.cur_scope().has_varkeywords = true;
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern<'_>) -> R {
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value),
            PatternKind::MatchSingleton { .. } => Ok(()),
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                for q in *patterns {
                    self.pattern(q)?;
                }
                Ok(())
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.exprs(keys)?;
                for q in *patterns {
                    self.pattern(q)?;
                }
                if let Some(r) = rest {
                    self.add_def(r, DEF_LOCAL, p.span)?;
                }
                Ok(())
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                for q in patterns.iter().chain(*kwd_patterns) {
                    self.pattern(q)?;
                }
                Ok(())
            }
            PatternKind::MatchStar { name } => match name {
                Some(n) => self.add_def(n, DEF_LOCAL, p.span),
                None => Ok(()),
            },
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.pattern(q)?;
                }
                match name {
                    Some(n) => self.add_def(n, DEF_LOCAL, p.span),
                    None => Ok(()),
                }
            }
        }
    }

    fn in_annotation(&self) -> bool {
        self.table.scopes[self.cur()].kind == ScopeKind::Annotation
    }

    fn raise_if_annotation(&self, what: &str, e: &Expr<'_>) -> R {
        if self.in_annotation() {
            return Err(err(
                e.span,
                format!("'{what}' can not be used within an annotation"),
            ));
        }
        Ok(())
    }

    fn raise_if_comprehension(&self, e: &Expr<'_>) -> R {
        if let ScopeKind::Comprehension(kind) = self.table.scopes[self.cur()].kind {
            return Err(err(
                e.span,
                format!("'yield' inside {}", kind.description()),
            ));
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr<'_>) -> R {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation("named expression", e)?;
                self.named_expr(target, value)?;
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.defaults(args)?;
                self.enter(
                    ScopeKind::Lambda,
                    "lambda",
                    e as *const Expr<'_> as usize,
                    e.span,
                );
                self.params(args)?;
                self.expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values.iter()) {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
            }
            ExprKind::Set { elts } => self.exprs(elts)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::Generator, generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, ComprehensionKind::Set, generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, ComprehensionKind::Dict, generators, key, Some(value))?,
            ExprKind::Yield { value } => {
                self.raise_if_annotation("yield expression", e)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.cur_scope().is_generator = true;
                self.raise_if_comprehension(e)?;
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation("yield expression", e)?;
                self.expr(value)?;
                self.cur_scope().is_generator = true;
                self.raise_if_comprehension(e)?;
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation("await expression", e)?;
                self.expr(value)?;
                self.cur_scope().is_coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in *keywords {
                    self.expr(k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                if let Some(s) = format_spec {
                    self.expr(s)?;
                }
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let flag = if *ctx == ExprContext::Load {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(id, flag, e.span)?;
                if *ctx == ExprContext::Load
                    && self.table.scopes[self.cur()].is_function_block()
                    && *id == "super"
                {
                    self.add_def("__class__", USE, e.span)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts)?,
        }
        Ok(())
    }

    fn named_expr(&mut self, target: &Expr<'_>, value: &Expr<'_>) -> R {
        if self.table.scopes[self.cur()].comp_iter_expr > 0 {
            return Err(err(
                target.span.to(value.span),
                "assignment expression cannot be used in a comprehension iterable expression",
            ));
        }
        if matches!(
            self.table.scopes[self.cur()].kind,
            ScopeKind::Comprehension(_)
        ) {
            self.extend_namedexpr_scope(target)?;
        }
        self.expr(value)?;
        self.expr(target)
    }

    fn extend_namedexpr_scope(&mut self, target: &Expr<'_>) -> R {
        let ExprKind::Name { id: name, .. } = target.kind else {
            return Ok(());
        };
        let mangled = mangle(self.private.as_deref(), name);
        for &id in self.stack.clone().iter().rev() {
            let scope = &self.table.scopes[id];
            match scope.kind {
                ScopeKind::Comprehension(_) => {
                    if scope.flags(&mangled) & DEF_COMP_ITER != 0 {
                        return Err(err(
                            target.span,
                            format!(
                                "assignment expression cannot rebind comprehension iteration variable '{name}'"
                            ),
                        ));
                    }
                }
                ScopeKind::Function | ScopeKind::Lambda => {
                    if scope.flags(&mangled) & DEF_GLOBAL != 0 {
                        self.add_def(name, DEF_GLOBAL, target.span)?;
                    } else {
                        self.add_def(name, DEF_NONLOCAL, target.span)?;
                    }
                    self.record_directive(name, target.span);
                    return self
                        .add_def_in(name, DEF_LOCAL, id, target.span)
                        .map(|_| ());
                }
                ScopeKind::Module => {
                    self.add_def(name, DEF_GLOBAL, target.span)?;
                    self.record_directive(name, target.span);
                    return self
                        .add_def_in(name, DEF_GLOBAL, id, target.span)
                        .map(|_| ());
                }
                ScopeKind::Class => {
                    return Err(err(
                        target.span,
                        "assignment expression within a comprehension cannot be used in a class body",
                    ));
                }
                ScopeKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr<'_>,
        kind: ComprehensionKind,
        generators: &[Comprehension<'_>],
        elt: &Expr<'_>,
        value: Option<&Expr<'_>>,
    ) -> R {
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        self.cur_scope().comp_iter_expr += 1;
        let r = self.expr(outermost.iter);
        self.cur_scope().comp_iter_expr -= 1;
        r?;
        self.enter(
            ScopeKind::Comprehension(kind),
            kind.scope_name(),
            e as *const Expr<'_> as usize,
            e.span,
        );
        if outermost.is_async {
            self.cur_scope().is_coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, e.span)?;
        self.cur_scope().comp_iter_target = true;
        let r = self.expr(outermost.target);
        self.cur_scope().comp_iter_target = false;
        r?;
        self.exprs(outermost.ifs)?;
        for g in &generators[1..] {
            self.cur_scope().comp_iter_target = true;
            let r = self.expr(g.target);
            self.cur_scope().comp_iter_target = false;
            r?;
            self.cur_scope().comp_iter_expr += 1;
            let r = self.expr(g.iter);
            self.cur_scope().comp_iter_expr -= 1;
            r?;
            self.exprs(g.ifs)?;
            if g.is_async {
                self.cur_scope().is_coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        let is_generator = kind == ComprehensionKind::Generator;
        self.cur_scope().is_generator = is_generator;
        let is_async = self.cur_scope().is_coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur_scope().is_coroutine = true;
        }
        Ok(())
    }
}

// ── Analysis ────────────────────────────────────────────────────────────────────────────────────

type Names = HashSet<Arc<str>>;

fn analyze(table: &mut SymbolTable) -> R {
    let mut free = Names::default();
    let mut global = Names::default();
    analyze_block(table, 0, None, &mut free, &mut global)
}

fn directive_error(scope: &Scope, name: &str, message: String) -> SyntaxError {
    let span = scope.directives.get(name).copied().unwrap_or(scope.span);
    err(span, message)
}

/// Decide the scope of `name` (with `flags`) in block `scope`, CPython's `analyze_name`; also
/// whether the decision makes the block have free variables. Only reads `bound` and `global`:
/// the caller applies what CPython's version changes in them (see [`record_name`]), which a block
/// without nested blocks can skip, each name appearing once per block.
fn analyze_name(
    scope: &Scope,
    name: &Arc<str>,
    flags: u32,
    bound: Option<&Names>,
    free: &mut Names,
    global: &Names,
) -> Result<(SymbolScope, bool), SyntaxError> {
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(directive_error(
                scope,
                name,
                format!("name '{name}' is nonlocal and global"),
            ));
        }
        return Ok((SymbolScope::GlobalExplicit, false));
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound else {
            return Err(directive_error(
                scope,
                name,
                "nonlocal declaration not allowed at module level".to_string(),
            ));
        };
        if !b.contains(&**name) {
            return Err(directive_error(
                scope,
                name,
                format!("no binding for nonlocal '{name}' found"),
            ));
        }
        insert_name(free, name);
        return Ok((SymbolScope::Free, true));
    }
    if flags & DEF_BOUND != 0 {
        return Ok((SymbolScope::Local, false));
    }
    if bound.is_some_and(|b| b.contains(&**name)) {
        insert_name(free, name);
        return Ok((SymbolScope::Free, true));
    }
    if global.contains(&**name) {
        return Ok((SymbolScope::GlobalImplicit, false));
    }
    Ok((SymbolScope::GlobalImplicit, scope.nested))
}

/// Add `name` to `names` unless there (no `Arc` clone when it is).
fn insert_name(names: &mut Names, name: &Arc<str>) {
    if !names.contains(&**name) {
        names.insert(Arc::clone(name));
    }
}

/// What CPython's `analyze_name` changes in the sets a block hands its nested blocks: a
/// `global` name joins `global` and leaves `bound`; a bound name leaves `global` (and joins the
/// block's `local`, kept only for a function, whose locals its nested blocks see as bound).
fn record_name(
    name: &Arc<str>,
    scope: SymbolScope,
    bound: Option<&mut Names>,
    local: Option<&mut Names>,
    global: &mut Names,
) {
    match scope {
        SymbolScope::GlobalExplicit => {
            insert_name(global, name);
            if let Some(b) = bound {
                b.remove(&**name);
            }
        }
        SymbolScope::Local => {
            if let Some(l) = local {
                insert_name(l, name);
            }
            global.remove(&**name);
        }
        _ => {}
    }
}

/// Analyse a block without nested blocks: nothing it decides is seen by another block except
/// its free names (added to `free`), so `bound` and `global` are only read, never copied.
fn analyze_leaf(
    table: &mut SymbolTable,
    id: ScopeId,
    bound: Option<&Names>,
    free: &mut Names,
    global: &Names,
) -> R {
    let scope = &mut table.scopes[id];
    let mut has_free = false;
    for i in 0..scope.symbols.len() {
        let sym = &scope.symbols[i];
        let (sc, makes_free) = analyze_name(scope, &sym.name, sym.flags, bound, free, global)?;
        scope.symbols[i].scope = sc;
        has_free |= makes_free;
    }
    scope.has_free |= has_free;
    Ok(())
}

fn analyze_block(
    table: &mut SymbolTable,
    id: ScopeId,
    mut bound: Option<&mut Names>,
    free: &mut Names,
    global: &mut Names,
) -> R {
    if table.scopes[id].children.is_empty() {
        return analyze_leaf(table, id, bound.as_deref(), free, global);
    }
    let kind = table.scopes[id].kind;
    let is_class = kind == ScopeKind::Class;
    let is_function = table.scopes[id].is_function_block();
    let mut local = Names::default();
    let mut newglobal = Names::default();
    let mut newfree = Names::default();
    let mut newbound = Names::default();

    if is_class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = &bound {
            newbound.extend(b.iter().cloned());
        }
    }
    // The scope decided for each symbol, by its index in the block's `symbols`.
    let mut scopes: Vec<SymbolScope> = Vec::with_capacity(table.scopes[id].symbols.len());
    {
        let scope = &table.scopes[id];
        let mut has_free = false;
        for sym in &scope.symbols {
            let (sc, makes_free) =
                analyze_name(scope, &sym.name, sym.flags, bound.as_deref(), free, global)?;
            record_name(
                &sym.name,
                sc,
                bound.as_deref_mut(),
                is_function.then_some(&mut local),
                global,
            );
            scopes.push(sc);
            has_free |= makes_free;
        }
        if has_free {
            table.scopes[id].has_free = true;
        }
    }
    if !is_class {
        if is_function {
            newbound.extend(local);
        }
        if let Some(b) = &bound {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert(table.names.intern("__class__"));
    }

    // Each nested block adds its free names straight to `newfree` (a union: the order children
    // add them in does not matter). Only a block with nested blocks of its own changes its
    // copies of `bound` and `global` in a way its siblings must not see.
    for c in 0..table.scopes[id].children.len() {
        let child = table.scopes[id].children[c];
        if table.scopes[child].children.is_empty() {
            analyze_leaf(table, child, Some(&newbound), &mut newfree, &newglobal)?;
        } else {
            let mut temp_bound = newbound.clone();
            let mut temp_global = newglobal.clone();
            analyze_block(
                table,
                child,
                Some(&mut temp_bound),
                &mut newfree,
                &mut temp_global,
            )?;
        }
        let c = &table.scopes[child];
        if c.has_free || c.child_free {
            table.scopes[id].child_free = true;
        }
    }

    let scope = &mut table.scopes[id];
    if is_function {
        // Locals captured by children become cells.
        for (sym, sc) in scope.symbols.iter().zip(scopes.iter_mut()) {
            if *sc == SymbolScope::Local && newfree.contains(&*sym.name) {
                *sc = SymbolScope::Cell;
                newfree.remove(&*sym.name);
            }
        }
    } else if is_class && newfree.remove("__class__") {
        scope.needs_class_closure = true;
    }

    // update_symbols
    for (sym, sc) in scope.symbols.iter_mut().zip(scopes) {
        sym.scope = sc;
    }
    let mut sorted_free: Vec<&Arc<str>> = newfree.iter().collect();
    sorted_free.sort();
    for name in sorted_free {
        if let Some(i) = scope.position(name) {
            let sym = &mut scope.symbols[i];
            if is_class && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                sym.flags |= DEF_FREE_CLASS;
            }
            continue;
        }
        if let Some(b) = &bound {
            if !b.contains(&**name) {
                continue;
            }
        }
        scope.push_symbol(Arc::clone(name), 0, SymbolScope::Free);
    }
    free.extend(newfree);
    Ok(())
}
