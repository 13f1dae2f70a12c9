//! The abstract syntax tree, mirroring CPython 3.11's `ast` module node for node.
//!
//! Nodes live in a [`bumpalo::Bump`] arena: children are `&'a` references and lists are `&'a [T]`
//! slices, so the whole tree is freed at once when the compile is done. Every statement and
//! expression carries its [`Span`] (byte range in the source); line and column come from a
//! [`hotpy_lexer::LineIndex`].
//!
//! Names follow CPython (`StmtKind::FunctionDef`, `ExprKind::BinOp`, field names as in `ast`), so
//! that the later passes can be checked against CPython's documentation of the tree.

/// A byte range `start..end` in the source.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The smallest span covering `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// An identifier (already NFKC-normalised), allocated in the arena.
pub type Ident<'a> = &'a str;

/// `ast.Module`: the root of a parsed file.
#[derive(Copy, Clone, Debug)]
pub struct Module<'a> {
    /// The statements of the file.
    pub body: &'a [Stmt<'a>],
}

/// A statement with its span.
#[derive(Copy, Clone, Debug)]
pub struct Stmt<'a> {
    /// What statement this is.
    pub kind: StmtKind<'a>,
    /// Where it is in the source.
    pub span: Span,
}

/// The statement kinds of `ast.stmt`.
#[derive(Copy, Clone, Debug)]
pub enum StmtKind<'a> {
    /// `def name(args) -> returns: body` (also `async def` when `is_async`).
    FunctionDef {
        /// The function name.
        name: Ident<'a>,
        /// The parameters.
        args: &'a Arguments<'a>,
        /// The body.
        body: &'a [Stmt<'a>],
        /// Decorators, outermost first.
        decorator_list: &'a [Expr<'a>],
        /// The return annotation.
        returns: Option<&'a Expr<'a>>,
        /// True for `async def` (`ast.AsyncFunctionDef`).
        is_async: bool,
    },
    /// `class name(bases, keywords): body`.
    ClassDef {
        /// The class name.
        name: Ident<'a>,
        /// Positional bases.
        bases: &'a [Expr<'a>],
        /// Keyword arguments (`metaclass=…`).
        keywords: &'a [Keyword<'a>],
        /// The body.
        body: &'a [Stmt<'a>],
        /// Decorators.
        decorator_list: &'a [Expr<'a>],
    },
    /// `return value`.
    Return {
        /// The returned value, if any.
        value: Option<&'a Expr<'a>>,
    },
    /// `del targets`.
    Delete {
        /// The deleted targets (context `Del`).
        targets: &'a [Expr<'a>],
    },
    /// `t1 = t2 = value`.
    Assign {
        /// The targets, left to right.
        targets: &'a [Expr<'a>],
        /// The assigned value.
        value: &'a Expr<'a>,
    },
    /// `target op= value`.
    AugAssign {
        /// The target (Name, Attribute or Subscript).
        target: &'a Expr<'a>,
        /// The operator.
        op: Operator,
        /// The value.
        value: &'a Expr<'a>,
    },
    /// `target: annotation = value`.
    AnnAssign {
        /// The target.
        target: &'a Expr<'a>,
        /// The annotation.
        annotation: &'a Expr<'a>,
        /// The value, if any.
        value: Option<&'a Expr<'a>>,
        /// True when the target is a plain name not in parentheses.
        simple: bool,
    },
    /// `for target in iter: body else: orelse` (also `async for` when `is_async`).
    For {
        /// The loop target.
        target: &'a Expr<'a>,
        /// The iterable.
        iter: &'a Expr<'a>,
        /// The body.
        body: &'a [Stmt<'a>],
        /// The `else` block.
        orelse: &'a [Stmt<'a>],
        /// True for `async for`.
        is_async: bool,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: &'a Expr<'a>,
        /// The body.
        body: &'a [Stmt<'a>],
        /// The `else` block.
        orelse: &'a [Stmt<'a>],
    },
    /// `if test: body else: orelse` (`elif` is a nested `If` in `orelse`).
    If {
        /// The condition.
        test: &'a Expr<'a>,
        /// The body.
        body: &'a [Stmt<'a>],
        /// The `else` block.
        orelse: &'a [Stmt<'a>],
    },
    /// `with items: body` (also `async with` when `is_async`).
    With {
        /// The context managers.
        items: &'a [WithItem<'a>],
        /// The body.
        body: &'a [Stmt<'a>],
        /// True for `async with`.
        is_async: bool,
    },
    /// `match subject: cases`.
    Match {
        /// The subject.
        subject: &'a Expr<'a>,
        /// The cases.
        cases: &'a [MatchCase<'a>],
    },
    /// `raise exc from cause`.
    Raise {
        /// The exception.
        exc: Option<&'a Expr<'a>>,
        /// The cause.
        cause: Option<&'a Expr<'a>>,
    },
    /// `try` with `except` (or `except*` when `is_star`, `ast.TryStar`).
    Try {
        /// The body.
        body: &'a [Stmt<'a>],
        /// The handlers.
        handlers: &'a [ExceptHandler<'a>],
        /// The `else` block.
        orelse: &'a [Stmt<'a>],
        /// The `finally` block.
        finalbody: &'a [Stmt<'a>],
        /// True for `except*` handlers (`ast.TryStar`).
        is_star: bool,
    },
    /// `assert test, msg`.
    Assert {
        /// The condition.
        test: &'a Expr<'a>,
        /// The message.
        msg: Option<&'a Expr<'a>>,
    },
    /// `import a.b as c, d`.
    Import {
        /// The imported names.
        names: &'a [Alias<'a>],
    },
    /// `from ..module import names`.
    ImportFrom {
        /// The module, if any (`from . import x` has none).
        module: Option<Ident<'a>>,
        /// The imported names (`*` is a single alias named `*`).
        names: &'a [Alias<'a>],
        /// The number of leading dots.
        level: u32,
    },
    /// `global names`.
    Global {
        /// The names.
        names: &'a [Ident<'a>],
    },
    /// `nonlocal names`.
    Nonlocal {
        /// The names.
        names: &'a [Ident<'a>],
    },
    /// An expression statement.
    Expr {
        /// The expression.
        value: &'a Expr<'a>,
    },
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// An expression with its span.
#[derive(Copy, Clone, Debug)]
pub struct Expr<'a> {
    /// What expression this is.
    pub kind: ExprKind<'a>,
    /// Where it is in the source.
    pub span: Span,
}

/// The expression kinds of `ast.expr`.
#[derive(Copy, Clone, Debug)]
pub enum ExprKind<'a> {
    /// `a and b and c` / `a or b`.
    BoolOp {
        /// `And` or `Or`.
        op: BoolOp,
        /// The operands (two or more).
        values: &'a [Expr<'a>],
    },
    /// `target := value`.
    NamedExpr {
        /// The target (a Name in Store context).
        target: &'a Expr<'a>,
        /// The value.
        value: &'a Expr<'a>,
    },
    /// `left op right`.
    BinOp {
        /// The left operand.
        left: &'a Expr<'a>,
        /// The operator.
        op: Operator,
        /// The right operand.
        right: &'a Expr<'a>,
    },
    /// `op operand`.
    UnaryOp {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: &'a Expr<'a>,
    },
    /// `lambda args: body`.
    Lambda {
        /// The parameters.
        args: &'a Arguments<'a>,
        /// The body.
        body: &'a Expr<'a>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// The condition.
        test: &'a Expr<'a>,
        /// The value when true.
        body: &'a Expr<'a>,
        /// The value when false.
        orelse: &'a Expr<'a>,
    },
    /// `{k: v, **d}`: a `None` key is a `**d` unpacking.
    Dict {
        /// The keys (`None` for `**` unpackings).
        keys: &'a [Option<&'a Expr<'a>>],
        /// The values.
        values: &'a [Expr<'a>],
    },
    /// `{a, b}`.
    Set {
        /// The elements.
        elts: &'a [Expr<'a>],
    },
    /// `[elt for …]`.
    ListComp {
        /// The element.
        elt: &'a Expr<'a>,
        /// The generators.
        generators: &'a [Comprehension<'a>],
    },
    /// `{elt for …}`.
    SetComp {
        /// The element.
        elt: &'a Expr<'a>,
        /// The generators.
        generators: &'a [Comprehension<'a>],
    },
    /// `{key: value for …}`.
    DictComp {
        /// The key.
        key: &'a Expr<'a>,
        /// The value.
        value: &'a Expr<'a>,
        /// The generators.
        generators: &'a [Comprehension<'a>],
    },
    /// `(elt for …)`.
    GeneratorExp {
        /// The element.
        elt: &'a Expr<'a>,
        /// The generators.
        generators: &'a [Comprehension<'a>],
    },
    /// `await value`.
    Await {
        /// The awaited value.
        value: &'a Expr<'a>,
    },
    /// `yield value`.
    Yield {
        /// The yielded value.
        value: Option<&'a Expr<'a>>,
    },
    /// `yield from value`.
    YieldFrom {
        /// The delegated iterable.
        value: &'a Expr<'a>,
    },
    /// `left op1 c1 op2 c2 …`.
    Compare {
        /// The leftmost operand.
        left: &'a Expr<'a>,
        /// The operators.
        ops: &'a [CmpOp],
        /// The right operands, one per operator.
        comparators: &'a [Expr<'a>],
    },
    /// `func(args, keywords)`.
    Call {
        /// The callee.
        func: &'a Expr<'a>,
        /// Positional arguments (with `Starred` for `*a`).
        args: &'a [Expr<'a>],
        /// Keyword arguments (with no name for `**k`).
        keywords: &'a [Keyword<'a>],
    },
    /// A replacement field of an f-string.
    FormattedValue {
        /// The expression.
        value: &'a Expr<'a>,
        /// `-1`, or the conversion character (`'r'`, `'s'`, `'a'`) as an integer.
        conversion: i32,
        /// The format spec (a `JoinedStr`).
        format_spec: Option<&'a Expr<'a>>,
    },
    /// An f-string: constant parts and `FormattedValue`s.
    JoinedStr {
        /// The parts.
        values: &'a [Expr<'a>],
    },
    /// A literal.
    Constant {
        /// The value.
        value: Constant<'a>,
        /// `Some("u")` for `u"…"` strings.
        kind: Option<&'a str>,
    },
    /// `value.attr`.
    Attribute {
        /// The object.
        value: &'a Expr<'a>,
        /// The attribute name.
        attr: Ident<'a>,
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// `value[slice]`.
    Subscript {
        /// The object.
        value: &'a Expr<'a>,
        /// The index (a `Slice`, a `Tuple` of them, or any expression).
        slice: &'a Expr<'a>,
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// `*value`.
    Starred {
        /// The starred value.
        value: &'a Expr<'a>,
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// A name.
    Name {
        /// The identifier.
        id: Ident<'a>,
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// `[a, b]`.
    List {
        /// The elements.
        elts: &'a [Expr<'a>],
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// `(a, b)` or `a, b`.
    Tuple {
        /// The elements.
        elts: &'a [Expr<'a>],
        /// Load, Store or Del.
        ctx: ExprContext,
    },
    /// `lower:upper:step` (only inside a subscript).
    Slice {
        /// The lower bound.
        lower: Option<&'a Expr<'a>>,
        /// The upper bound.
        upper: Option<&'a Expr<'a>>,
        /// The step.
        step: Option<&'a Expr<'a>>,
    },
}

/// The value of a `Constant` node.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Constant<'a> {
    /// `None`.
    None,
    /// `True`.
    True,
    /// `False`.
    False,
    /// `...`.
    Ellipsis,
    /// An integer that fits in `i64`.
    Int(i64),
    /// A larger integer, as its decimal digits (with a leading `-` never: literals are positive).
    BigInt(&'a str),
    /// A float.
    Float(f64),
    /// An imaginary number: its imaginary part (`2j` is `Complex(2.0)`).
    Complex(f64),
    /// A `str` without lone surrogates.
    Str(&'a str),
    /// A `str` containing lone surrogates (`'\ud800'`), as its code points: Rust strings
    /// cannot hold surrogates, Python strings can.
    StrCodePoints(&'a [u32]),
    /// A `bytes` value.
    Bytes(&'a [u8]),
}

/// `ast.expr_context`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExprContext {
    /// Read.
    Load,
    /// Assigned.
    Store,
    /// Deleted.
    Del,
}

/// `ast.boolop`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BoolOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// `ast.operator`: binary operators (also those of augmented assignment).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `//`
    FloorDiv,
}

/// `ast.unaryop`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    UAdd,
    /// `-`
    USub,
}

/// `ast.cmpop`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

/// `ast.comprehension`: one `for … in … if …` clause.
#[derive(Copy, Clone, Debug)]
pub struct Comprehension<'a> {
    /// The target (Store context).
    pub target: &'a Expr<'a>,
    /// The iterable.
    pub iter: &'a Expr<'a>,
    /// The `if` conditions.
    pub ifs: &'a [Expr<'a>],
    /// True for `async for`.
    pub is_async: bool,
}

/// `ast.excepthandler`: `except type as name: body`.
#[derive(Copy, Clone, Debug)]
pub struct ExceptHandler<'a> {
    /// The exception type, if any.
    pub type_: Option<&'a Expr<'a>>,
    /// The bound name, if any.
    pub name: Option<Ident<'a>>,
    /// The handler body.
    pub body: &'a [Stmt<'a>],
    /// Where the handler is.
    pub span: Span,
}

/// `ast.arguments`: a parameter list.
#[derive(Copy, Clone, Debug, Default)]
pub struct Arguments<'a> {
    /// Parameters before `/`.
    pub posonlyargs: &'a [Arg<'a>],
    /// Ordinary parameters.
    pub args: &'a [Arg<'a>],
    /// `*args`.
    pub vararg: Option<&'a Arg<'a>>,
    /// Parameters after `*` or `*args`.
    pub kwonlyargs: &'a [Arg<'a>],
    /// Defaults of the keyword-only parameters (`None` where there is none).
    pub kw_defaults: &'a [Option<&'a Expr<'a>>],
    /// `**kwargs`.
    pub kwarg: Option<&'a Arg<'a>>,
    /// Defaults of the last positional parameters.
    pub defaults: &'a [Expr<'a>],
}

/// `ast.arg`: one parameter.
#[derive(Copy, Clone, Debug)]
pub struct Arg<'a> {
    /// The name.
    pub arg: Ident<'a>,
    /// The annotation.
    pub annotation: Option<&'a Expr<'a>>,
    /// Where it is.
    pub span: Span,
}

/// `ast.keyword`: `arg=value`, or `**value` when `arg` is `None`.
#[derive(Copy, Clone, Debug)]
pub struct Keyword<'a> {
    /// The keyword, or `None` for `**value`.
    pub arg: Option<Ident<'a>>,
    /// The value.
    pub value: &'a Expr<'a>,
    /// Where it is.
    pub span: Span,
}

/// `ast.alias`: `name as asname` in an import.
#[derive(Copy, Clone, Debug)]
pub struct Alias<'a> {
    /// The (dotted) name.
    pub name: Ident<'a>,
    /// The local name.
    pub asname: Option<Ident<'a>>,
    /// Where it is.
    pub span: Span,
}

/// `ast.withitem`: `context_expr as optional_vars`.
#[derive(Copy, Clone, Debug)]
pub struct WithItem<'a> {
    /// The context manager.
    pub context_expr: &'a Expr<'a>,
    /// The target (Store context), if any.
    pub optional_vars: Option<&'a Expr<'a>>,
}

/// `ast.match_case`: `case pattern if guard: body`.
#[derive(Copy, Clone, Debug)]
pub struct MatchCase<'a> {
    /// The pattern.
    pub pattern: &'a Pattern<'a>,
    /// The guard.
    pub guard: Option<&'a Expr<'a>>,
    /// The body.
    pub body: &'a [Stmt<'a>],
}

/// A pattern with its span.
#[derive(Copy, Clone, Debug)]
pub struct Pattern<'a> {
    /// What pattern this is.
    pub kind: PatternKind<'a>,
    /// Where it is.
    pub span: Span,
}

/// The pattern kinds of `ast.pattern`.
#[derive(Copy, Clone, Debug)]
pub enum PatternKind<'a> {
    /// A literal or dotted-name value compared with `==`.
    MatchValue {
        /// The value.
        value: &'a Expr<'a>,
    },
    /// `None`, `True` or `False`, compared with `is`.
    MatchSingleton {
        /// The constant.
        value: Constant<'a>,
    },
    /// `[p1, p2, *rest]`.
    MatchSequence {
        /// The sub-patterns.
        patterns: &'a [Pattern<'a>],
    },
    /// `{k: p, **rest}`.
    MatchMapping {
        /// The keys.
        keys: &'a [Expr<'a>],
        /// The value patterns.
        patterns: &'a [Pattern<'a>],
        /// The `**rest` name.
        rest: Option<Ident<'a>>,
    },
    /// `Cls(p1, name=p2)`.
    MatchClass {
        /// The class.
        cls: &'a Expr<'a>,
        /// The positional patterns.
        patterns: &'a [Pattern<'a>],
        /// The keyword names.
        kwd_attrs: &'a [Ident<'a>],
        /// The keyword patterns.
        kwd_patterns: &'a [Pattern<'a>],
    },
    /// `*name` (or `*_` with no name) inside a sequence pattern.
    MatchStar {
        /// The captured name.
        name: Option<Ident<'a>>,
    },
    /// `pattern as name`, a capture `name`, or the wildcard `_` (both `None`).
    MatchAs {
        /// The sub-pattern.
        pattern: Option<&'a Pattern<'a>>,
        /// The captured name.
        name: Option<Ident<'a>>,
    },
    /// `p1 | p2`.
    MatchOr {
        /// The alternatives.
        patterns: &'a [Pattern<'a>],
    },
}
