//! The instruction set: [`Opcode`], its operand sub-enums and [`stack_effect`].
//!
//! Stack notation in the docs: `[a, b] → [c]` means the instruction pops `b` (the top) and `a`, and
//! pushes `c`. `NULL` is the VM's "no value" marker (pushed by `PUSH_NULL` and by `LOAD_GLOBAL`/
//! `LOAD_METHOD`), used only in the call protocol.
//!
//! ## Call protocol (CPython 3.11's shape, without `PRECALL`/`KW_NAMES`)
//! Below a call's arguments sit two slots. `[NULL, callable, args…]` calls `callable(args…)`;
//! `[f, x, args…]` with a non-NULL first slot calls `f(x, args…)`. `LOAD_METHOD` leaves
//! `[method, self]` when it finds a plain function on the type (no bound-method object is made) and
//! `[NULL, attribute]` otherwise. Either way the arguments the callee receives are contiguous on the
//! stack, so a Python → Python call moves nothing. `LOAD_GLOBAL` can push the `NULL` itself (low
//! operand bit) to save a dispatch on `len(x)`-style calls. (A `with` exit call uses the rule too:
//! `[exit, None, None, None]` then `CALL 2` is `exit(None, None, None)`.)
//!
//! ## Jumps
//! Every jump operand is an **absolute** target: the word offset of the first word of the target
//! instruction (its `EXTENDED_ARG` prefix if it has one). Only `JUMP_BACKWARD` and the two
//! `POP_JUMP_BACKWARD_IF_*` jump backwards (the builder checks it, see
//! [`Opcode::is_backward_jump`]), so the VM checks its instruction budget and interrupts on those
//! three opcodes, and every loop passes through one of them.

use std::fmt;

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// One bytecode operation. The operand (24 bits inline, up to 32 with an `EXTENDED_ARG`
        /// prefix) and the stack effect are documented on each variant.
        #[repr(u8)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        pub enum Opcode {
            $( $(#[$doc])* $variant, )*
        }

        impl Opcode {
            /// Every opcode, in numeric order (`ALL[op as usize] == op`).
            pub const ALL: &'static [Opcode] = &[ $( Opcode::$variant, )* ];

            /// The upper-case name `dis` prints (`"LOAD_FAST"`).
            pub const fn name(self) -> &'static str {
                match self {
                    $( Opcode::$variant => $name, )*
                }
            }
        }
    };
}

opcodes! {
    // ── Not executed ────────────────────────────────────────────────────────────────────────────
    /// `EXTENDED_ARG hi`: a prefix carrying the high 8 bits of the next instruction's operand
    /// (`arg = hi << 24 | low`). Stack: none. Never a jump target by itself: jumps land on it, and it
    /// is folded into the instruction that follows.
    ExtendedArg = "EXTENDED_ARG",
    /// `CACHE slot`: the word right after every instruction with an inline cache
    /// ([`Opcode::has_cache`]); its operand is the index of that instruction's cache slot in the
    /// function's cache array. Never dispatched: the instruction before it reads it and skips it.
    Cache = "CACHE",

    // ── Stack manipulation ──────────────────────────────────────────────────────────────────────
    /// `NOP`: no operand, no effect (keeps a line number alive for tracebacks).
    Nop = "NOP",
    /// `POP_TOP`: `[x] → []`.
    PopTop = "POP_TOP",
    /// `PUSH_NULL`: `[] → [NULL]` (the empty self slot of a plain call).
    PushNull = "PUSH_NULL",
    /// `COPY n` (n ≥ 1): push a copy of the n-th item from the top (`COPY 1` duplicates the top).
    /// `[x, …(n-1 items)] → [x, …, x]`.
    Copy = "COPY",
    /// `SWAP n` (n ≥ 2): exchange the top with the n-th item from the top.
    Swap = "SWAP",

    // ── Constants and variables ─────────────────────────────────────────────────────────────────
    /// `LOAD_CONST i`: `[] → [constants[i]]`.
    LoadConst = "LOAD_CONST",
    /// `LOAD_FAST i`: `[] → [local i]` (`varnames[i]`; `UnboundLocalError` when unset).
    LoadFast = "LOAD_FAST",
    /// `STORE_FAST i`: `[x] → []`, local i = x.
    StoreFast = "STORE_FAST",
    /// `DELETE_FAST i`: unset local i. Stack: none.
    DeleteFast = "DELETE_FAST",
    /// `LOAD_DEREF i`: `[] → [cell i contents]`. Deref indices run over `cellvars` then `freevars`
    /// (`i < cellvars.len()` is a cell of this code, else `freevars[i - cellvars.len()]`).
    LoadDeref = "LOAD_DEREF",
    /// `STORE_DEREF i`: `[x] → []`, cell i contents = x.
    StoreDeref = "STORE_DEREF",
    /// `DELETE_DEREF i`: empty cell i. Stack: none.
    DeleteDeref = "DELETE_DEREF",
    /// `LOAD_CLOSURE i`: `[] → [cell i]` (the cell itself, for building a closure tuple).
    LoadClosure = "LOAD_CLOSURE",
    /// `LOAD_CLASSDEREF i`: in a class body, `[] → [value]` from the class namespace if the name of
    /// deref slot i is there, else from the cell.
    LoadClassDeref = "LOAD_CLASSDEREF",
    /// `MAKE_CELL i`: put a new empty cell in deref slot i (a parameter that is also a cell is then
    /// copied in by `LOAD_FAST p; STORE_DEREF i`). Stack: none.
    MakeCell = "MAKE_CELL",
    /// `COPY_FREE_VARS n`: copy the function's n closure cells into deref slots
    /// `cellvars.len()..cellvars.len() + n`. Stack: none.
    CopyFreeVars = "COPY_FREE_VARS",
    /// `LOAD_GLOBAL (i << 1) | push_null`: `[] → [value]`, or `[] → [NULL, value]` when the low
    /// bit is set; `names[i]` is looked up in globals then builtins. Cached.
    LoadGlobal = "LOAD_GLOBAL",
    /// `STORE_GLOBAL i`: `[x] → []`, global `names[i]` = x.
    StoreGlobal = "STORE_GLOBAL",
    /// `DELETE_GLOBAL i`: delete global `names[i]`. Stack: none.
    DeleteGlobal = "DELETE_GLOBAL",
    /// `LOAD_NAME i`: `[] → [value]`: `names[i]` from locals, then globals, then builtins.
    LoadName = "LOAD_NAME",
    /// `STORE_NAME i`: `[x] → []`, locals[`names[i]`] = x.
    StoreName = "STORE_NAME",
    /// `DELETE_NAME i`: delete `names[i]` from locals. Stack: none.
    DeleteName = "DELETE_NAME",

    // ── Attributes and calls ────────────────────────────────────────────────────────────────────
    /// `LOAD_ATTR i`: `[obj] → [obj.names[i]]`. Cached.
    LoadAttr = "LOAD_ATTR",
    /// `STORE_ATTR i`: `[value, obj] → []`, `obj.names[i] = value`. Cached.
    StoreAttr = "STORE_ATTR",
    /// `DELETE_ATTR i`: `[obj] → []`, `del obj.names[i]`.
    DeleteAttr = "DELETE_ATTR",
    /// `LOAD_METHOD i`: `[obj] → [method, obj]` when `names[i]` is a plain function found on the
    /// type (no bound-method object is made), else `[obj] → [NULL, obj.names[i]]`. Cached.
    LoadMethod = "LOAD_METHOD",
    /// `CALL argc`: `[NULL, callable, arg1 … argN] → [callable(arg1, …)]`, or
    /// `[f, x, arg1 … argN] → [f(x, arg1, …)]` when the first slot is not NULL; N = argc. Cached.
    Call = "CALL",
    /// `CALL_KW argc`: `[NULL|method, callable|self, arg1 … argN, names] → [result]`: like `CALL`,
    /// with `names` a constant tuple of keyword names naming the last `len(names)` of the N
    /// arguments. Cached.
    CallKw = "CALL_KW",
    /// `CALL_FUNCTION_EX flags`: `[NULL, callable, args_tuple] → [result]`, or with `flags & 1`
    /// `[NULL, callable, args_tuple, kwargs_dict] → [result]` (`f(*a, **k)`).
    CallFunctionEx = "CALL_FUNCTION_EX",
    /// `MAKE_FUNCTION flags`: `[defaults?, kwdefaults?, annotations?, closure?, code] → [function]`;
    /// each optional input is present when its flag bit is set ([`MakeFunctionFlags`]), in that
    /// order from the bottom. The qualified name comes from the code object.
    MakeFunction = "MAKE_FUNCTION",
    /// `LOAD_BUILD_CLASS`: `[] → [builtins.__build_class__]`.
    LoadBuildClass = "LOAD_BUILD_CLASS",
    /// `RETURN_VALUE`: `[x] → []`, return x to the caller. Ends the block.
    ReturnValue = "RETURN_VALUE",

    // ── Operators ───────────────────────────────────────────────────────────────────────────────
    /// `UNARY_POSITIVE`: `[x] → [+x]`.
    UnaryPositive = "UNARY_POSITIVE",
    /// `UNARY_NEGATIVE`: `[x] → [-x]`.
    UnaryNegative = "UNARY_NEGATIVE",
    /// `UNARY_NOT`: `[x] → [not x]`.
    UnaryNot = "UNARY_NOT",
    /// `UNARY_INVERT`: `[x] → [~x]`.
    UnaryInvert = "UNARY_INVERT",
    /// `BINARY_OP op`: `[a, b] → [a op b]`; the operand is a [`BinaryOperator`] (CPython's `NB_*`
    /// numbering, in-place forms included). Cached.
    BinaryOp = "BINARY_OP",
    /// `COMPARE_OP op`: `[a, b] → [a op b]`; the operand is a [`CompareOperator`]. Cached.
    CompareOp = "COMPARE_OP",
    /// `IS_OP invert`: `[a, b] → [a is b]` (`is not` when the operand is 1).
    IsOp = "IS_OP",
    /// `CONTAINS_OP invert`: `[a, b] → [a in b]` (`not in` when the operand is 1).
    ContainsOp = "CONTAINS_OP",
    /// `BINARY_SUBSCR`: `[container, key] → [container[key]]`. Cached.
    BinarySubscr = "BINARY_SUBSCR",
    /// `STORE_SUBSCR`: `[value, container, key] → []`, `container[key] = value`. Cached.
    StoreSubscr = "STORE_SUBSCR",
    /// `DELETE_SUBSCR`: `[container, key] → []`, `del container[key]`.
    DeleteSubscr = "DELETE_SUBSCR",

    // ── Building containers ─────────────────────────────────────────────────────────────────────
    /// `BUILD_SLICE n` (2 or 3): `[start, stop] → [slice]` or `[start, stop, step] → [slice]`.
    BuildSlice = "BUILD_SLICE",
    /// `BUILD_TUPLE n`: `[x1 … xn] → [(x1, …, xn)]`.
    BuildTuple = "BUILD_TUPLE",
    /// `BUILD_LIST n`: `[x1 … xn] → [[x1, …, xn]]`.
    BuildList = "BUILD_LIST",
    /// `BUILD_SET n`: `[x1 … xn] → [{x1, …, xn}]`.
    BuildSet = "BUILD_SET",
    /// `BUILD_MAP n`: `[k1, v1, … kn, vn] → [{k1: v1, …}]`.
    BuildMap = "BUILD_MAP",
    /// `BUILD_CONST_KEY_MAP n`: `[v1 … vn, keys] → [dict(zip(keys, values))]`, `keys` a tuple.
    BuildConstKeyMap = "BUILD_CONST_KEY_MAP",
    /// `BUILD_STRING n`: `[s1 … sn] → [s1 + … + sn]` (f-string pieces).
    BuildString = "BUILD_STRING",
    /// `LIST_APPEND i`: `[list, …(i-1 items), x] → [list, …]`, `list.append(x)` with the list
    /// i-th from the top after popping x (comprehensions).
    ListAppend = "LIST_APPEND",
    /// `SET_ADD i`: `[set, …, x] → [set, …]`, as `LIST_APPEND`.
    SetAdd = "SET_ADD",
    /// `MAP_ADD i`: `[dict, …, key, value] → [dict, …]`, dict i-th from the top after popping both.
    MapAdd = "MAP_ADD",
    /// `LIST_EXTEND i`: `[list, …, iterable] → [list, …]`, `list.extend(iterable)`.
    ListExtend = "LIST_EXTEND",
    /// `SET_UPDATE i`: `[set, …, iterable] → [set, …]`, `set.update(iterable)`.
    SetUpdate = "SET_UPDATE",
    /// `DICT_UPDATE i`: `[dict, …, mapping] → [dict, …]`, `dict.update(mapping)` (`{**m}`).
    DictUpdate = "DICT_UPDATE",
    /// `DICT_MERGE i`: as `DICT_UPDATE`, but a duplicate key is a `TypeError` (`f(**a, **b)`).
    DictMerge = "DICT_MERGE",
    /// `LIST_TO_TUPLE`: `[list] → [tuple(list)]`.
    ListToTuple = "LIST_TO_TUPLE",
    /// `UNPACK_SEQUENCE n`: `[seq] → [xn, …, x1]` (x1 on top), exactly n items. Cached.
    UnpackSequence = "UNPACK_SEQUENCE",
    /// `UNPACK_EX before | after << 8`: `[seq] → [after items…, list, before items…]` with the
    /// first item on top: `a, *b, c = seq`.
    UnpackEx = "UNPACK_EX",
    /// `FORMAT_VALUE conversion | has_spec << 2`: `[x] → [formatted]` or `[x, spec] → [formatted]`;
    /// conversion is a [`Conversion`] (`!s`, `!r`, `!a`).
    FormatValue = "FORMAT_VALUE",

    // ── Control flow ────────────────────────────────────────────────────────────────────────────
    /// `JUMP_FORWARD target`: continue at `target` (> this offset). Ends the block.
    JumpForward = "JUMP_FORWARD",
    /// `JUMP_BACKWARD target`: continue at `target` (≤ this offset); the loop edge where the VM
    /// checks its budget. Ends the block.
    JumpBackward = "JUMP_BACKWARD",
    /// `POP_JUMP_BACKWARD_IF_TRUE target`: `[x] → []`, jump back (target ≤ this offset) when x is
    /// truthy: the bottom test of a `while` loop, a loop edge like `JUMP_BACKWARD`.
    PopJumpBackwardIfTrue = "POP_JUMP_BACKWARD_IF_TRUE",
    /// `POP_JUMP_BACKWARD_IF_FALSE target`: `[x] → []`, jump back when x is falsy (`while not c`).
    PopJumpBackwardIfFalse = "POP_JUMP_BACKWARD_IF_FALSE",
    /// `POP_JUMP_IF_FALSE target`: `[x] → []`, jump when x is falsy.
    PopJumpIfFalse = "POP_JUMP_IF_FALSE",
    /// `POP_JUMP_IF_TRUE target`: `[x] → []`, jump when x is truthy.
    PopJumpIfTrue = "POP_JUMP_IF_TRUE",
    /// `POP_JUMP_IF_NONE target`: `[x] → []`, jump when x is None.
    PopJumpIfNone = "POP_JUMP_IF_NONE",
    /// `POP_JUMP_IF_NOT_NONE target`: `[x] → []`, jump when x is not None.
    PopJumpIfNotNone = "POP_JUMP_IF_NOT_NONE",
    /// `JUMP_IF_FALSE_OR_POP target`: when x is falsy jump keeping `[x]`, else pop it (`and`).
    JumpIfFalseOrPop = "JUMP_IF_FALSE_OR_POP",
    /// `JUMP_IF_TRUE_OR_POP target`: when x is truthy jump keeping `[x]`, else pop it (`or`).
    JumpIfTrueOrPop = "JUMP_IF_TRUE_OR_POP",
    /// `GET_ITER`: `[x] → [iter(x)]`.
    GetIter = "GET_ITER",
    /// `FOR_ITER target`: `[it] → [it, next(it)]`; when exhausted `[it] → []` and jump.
    ForIter = "FOR_ITER",

    // ── Exceptions and `with` ───────────────────────────────────────────────────────────────────
    /// `RAISE_VARARGS n`: `raise` (n = 0, re-raise), `[exc] → []` (n = 1), `[exc, cause] → []`
    /// (n = 2, `raise exc from cause`). Ends the block.
    RaiseVarargs = "RAISE_VARARGS",
    /// `RERAISE n`: `[…, exc] → []` re-raise exc; when n > 0 the item n below it is the `lasti` a
    /// handler pushed, restored as the raising offset. Ends the block.
    Reraise = "RERAISE",
    /// `PUSH_EXC_INFO`: `[exc] → [previous exc, exc]`, exc becomes the handled exception.
    PushExcInfo = "PUSH_EXC_INFO",
    /// `POP_EXCEPT`: `[previous exc] → []`, restore it as the handled exception.
    PopExcept = "POP_EXCEPT",
    /// `CHECK_EXC_MATCH`: `[exc, type] → [exc, isinstance(exc, type)]`.
    CheckExcMatch = "CHECK_EXC_MATCH",
    /// `WITH_EXCEPT_START`: `[exit, lasti, prev_exc, exc] → [exit, lasti, prev_exc, exc, result]`,
    /// result = `exit(type(exc), exc, exc.__traceback__)`.
    WithExceptStart = "WITH_EXCEPT_START",
    /// `BEFORE_WITH`: `[mgr] → [bound mgr.__exit__, mgr.__enter__()]`.
    BeforeWith = "BEFORE_WITH",
    /// `LOAD_ASSERTION_ERROR`: `[] → [AssertionError]`.
    LoadAssertionError = "LOAD_ASSERTION_ERROR",

    // ── Imports, classes, modules ───────────────────────────────────────────────────────────────
    /// `IMPORT_NAME i`: `[level, fromlist] → [module]`, `__import__(names[i], …)`.
    ImportName = "IMPORT_NAME",
    /// `IMPORT_FROM i`: `[module] → [module, module.names[i]]` (or the submodule).
    ImportFrom = "IMPORT_FROM",
    /// `IMPORT_STAR`: `[module] → []`, copy its public names into locals.
    ImportStar = "IMPORT_STAR",
    /// `SETUP_ANNOTATIONS`: create `__annotations__` in locals if missing. Stack: none.
    SetupAnnotations = "SETUP_ANNOTATIONS",
    /// `PRINT_EXPR`: `[x] → []`, the REPL echo (`sys.displayhook(x)`).
    PrintExpr = "PRINT_EXPR",

    // ── Generators ──────────────────────────────────────────────────────────────────────────────
    /// `RETURN_GENERATOR`: first instruction of a generator: create the generator owning this frame
    /// and return it; on the first resume execution continues after it (the sent value, which must
    /// be None, is dropped). Stack: none.
    ReturnGenerator = "RETURN_GENERATOR",
    /// `YIELD_VALUE`: `[x] → [sent]`: suspend yielding x; resume with the value sent in.
    YieldValue = "YIELD_VALUE",
    /// `GET_YIELD_FROM_ITER`: `[x] → [iter(x)]` (a generator is kept as is).
    GetYieldFromIter = "GET_YIELD_FROM_ITER",
    /// `SEND target`: `[receiver, value] → [receiver, yielded]`, sending value into the
    /// sub-iterator; when it returns, `[receiver, value] → [return value]` and jump.
    Send = "SEND",

    // ── except* (PEP 654) ───────────────────────────────────────────────────────────────────────
    /// `CHECK_EG_MATCH`: `[exc, type] → [rest, match]`: the part of exc (an exception group, or
    /// a naked exception wrapped in one) that `except* type` handles, and what is left (`None`
    /// for an empty part); a non-`None` match becomes the handled exception.
    CheckEgMatch = "CHECK_EG_MATCH",
    /// `PREP_RERAISE_STAR`: `[orig, excs] → [exc or None]`: combine what the `except*` clauses
    /// raised and left unhandled (the list excs) into the exception to re-raise.
    PrepReraiseStar = "PREP_RERAISE_STAR",
}

impl Opcode {
    /// Number of opcodes.
    pub const COUNT: usize = Self::ALL.len();

    /// The opcode numbered `byte`, if any.
    #[inline]
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        Self::ALL.get(usize::from(byte)).copied()
    }

    /// Whether the operand is a jump target (the builder takes a label for these).
    #[inline]
    pub const fn is_jump(self) -> bool {
        self.prop(PROP_JUMP)
    }

    /// Whether the operand indexes the `names` table (`LOAD_GLOBAL` too, whose index is shifted
    /// left by one to make room for its push-NULL bit).
    #[inline]
    pub const fn uses_name(self) -> bool {
        self.prop(PROP_NAME)
    }

    /// Whether this jump goes backwards (to an offset at or before its own). Every loop passes
    /// through one of these, so they are where the VM checks its instruction budget and interrupts;
    /// every other jump goes forwards.
    #[inline]
    pub const fn is_backward_jump(self) -> bool {
        self.prop(PROP_BACKWARD)
    }

    /// Whether control never continues with the next instruction (returns, raises, unconditional
    /// jumps).
    #[inline]
    pub const fn is_terminal(self) -> bool {
        self.prop(PROP_TERMINAL)
    }

    /// Whether the instruction is followed by a `CACHE` word naming its inline-cache slot.
    #[inline]
    pub const fn has_cache(self) -> bool {
        self.prop(PROP_CACHE)
    }

    /// One bit of the opcode's entry in [`PROPS`]: a table lookup, where the `matches!` over a
    /// dozen scattered opcodes it replaces was a chain of compares run several times per
    /// instruction by the builder.
    #[inline]
    const fn prop(self, bit: u8) -> bool {
        PROPS[self as usize] & bit != 0
    }

    /// The opcode whose [`name`](Self::name) is `name` (`"LOAD_FAST"`).
    pub fn from_name(name: &str) -> Option<Opcode> {
        Self::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Whether the operand means something (`dis` prints it only then).
    pub const fn has_arg(self) -> bool {
        use Opcode::*;
        !matches!(
            self,
            Nop | PopTop
                | PushNull
                | DeleteSubscr
                | BinarySubscr
                | StoreSubscr
                | UnaryPositive
                | UnaryNegative
                | UnaryNot
                | UnaryInvert
                | ListToTuple
                | GetIter
                | ReturnValue
                | LoadBuildClass
                | PushExcInfo
                | PopExcept
                | CheckExcMatch
                | CheckEgMatch
                | PrepReraiseStar
                | WithExceptStart
                | BeforeWith
                | LoadAssertionError
                | ImportStar
                | SetupAnnotations
                | PrintExpr
                | ReturnGenerator
                | YieldValue
                | GetYieldFromIter
        )
    }

    /// [`Opcode::is_jump`], computed (for [`PROPS`]).
    const fn compute_is_jump(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            JumpForward
                | JumpBackward
                | PopJumpBackwardIfTrue
                | PopJumpBackwardIfFalse
                | PopJumpIfFalse
                | PopJumpIfTrue
                | PopJumpIfNone
                | PopJumpIfNotNone
                | JumpIfFalseOrPop
                | JumpIfTrueOrPop
                | ForIter
                | Send
        )
    }

    /// [`Opcode::uses_name`], computed (for [`PROPS`]).
    const fn compute_uses_name(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            LoadGlobal
                | StoreGlobal
                | DeleteGlobal
                | LoadName
                | StoreName
                | DeleteName
                | LoadAttr
                | StoreAttr
                | DeleteAttr
                | LoadMethod
                | ImportName
                | ImportFrom
        )
    }

    /// [`Opcode::is_backward_jump`], computed (for [`PROPS`]).
    const fn compute_is_backward_jump(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            JumpBackward | PopJumpBackwardIfTrue | PopJumpBackwardIfFalse
        )
    }

    /// [`Opcode::is_terminal`], computed (for [`PROPS`]).
    const fn compute_is_terminal(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            ReturnValue | RaiseVarargs | Reraise | JumpForward | JumpBackward
        )
    }

    /// [`Opcode::has_cache`], computed (for [`PROPS`]).
    const fn compute_has_cache(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            LoadGlobal
                | LoadName
                | StoreName
                | StoreGlobal
                | LoadAttr
                | StoreAttr
                | LoadMethod
                | Call
                | CallKw
                | BinaryOp
                | CompareOp
                | BinarySubscr
                | StoreSubscr
                | UnpackSequence
        )
    }

    /// `(popped, pushed)`: how many stack items the instruction needs on entry and how many it
    /// leaves in their place, when it falls through (`jump == false`) or takes its jump (`jump ==
    /// true`; for a non-jump the two are the same). Items an instruction only looks at (`COPY n`,
    /// `LIST_APPEND i`) count as popped and pushed back, so `popped` is the depth it needs. Counts
    /// saturate at `u32::MAX` for absurd operands instead of overflowing.
    ///
    /// Most opcodes' counts depend on neither the operand nor the jump: those come from a table,
    /// inlined (the builder asks about every instruction twice, and the call to the general
    /// `match` cost as much as the answer).
    #[inline]
    pub fn stack_io(self, arg: u32, jump: bool) -> (u32, u32) {
        let fixed = FIXED_IO[self as usize];
        if fixed != VARIES {
            return (u32::from(fixed >> 8), u32::from(fixed & 0xFF));
        }
        self.stack_io_general(arg, jump)
    }

    /// [`stack_io`](Self::stack_io) of any opcode (a `const fn`, to build [`FIXED_IO`]).
    const fn stack_io_general(self, arg: u32, jump: bool) -> (u32, u32) {
        use Opcode::*;
        let n = arg;
        match self {
            ExtendedArg | Cache | Nop | DeleteFast | DeleteDeref | MakeCell | CopyFreeVars
            | DeleteGlobal | DeleteName | SetupAnnotations | ReturnGenerator => (0, 0),
            JumpForward | JumpBackward => (0, 0),
            PopTop | StoreFast | StoreDeref | StoreGlobal | StoreName | ReturnValue
            | ImportStar | PrintExpr | PopExcept | DeleteAttr => (1, 0),
            PushNull | LoadConst | LoadFast | LoadDeref | LoadClosure | LoadClassDeref
            | LoadName | LoadBuildClass | LoadAssertionError => (0, 1),
            LoadGlobal => (0, 1 + (arg & 1)),
            Copy => (n, n.saturating_add(1)),
            Swap => (n, n),
            LoadAttr | UnaryPositive | UnaryNegative | UnaryNot | UnaryInvert | ListToTuple
            | GetIter | YieldValue | GetYieldFromIter => (1, 1),
            StoreAttr | DeleteSubscr => (2, 0),
            LoadMethod | PushExcInfo | BeforeWith | ImportFrom => (1, 2),
            BinaryOp | CompareOp | IsOp | ContainsOp | BinarySubscr | ImportName => (2, 1),
            StoreSubscr => (3, 0),
            Call => (n.saturating_add(2), 1),
            CallKw => (n.saturating_add(3), 1),
            CallFunctionEx => (3 + (arg & 1), 1),
            MakeFunction => (1 + (arg & 0xF).count_ones(), 1),
            BuildSlice | BuildTuple | BuildList | BuildSet | BuildString => (n, 1),
            BuildMap => (n.saturating_mul(2), 1),
            BuildConstKeyMap => (n.saturating_add(1), 1),
            ListAppend | SetAdd | ListExtend | SetUpdate | DictUpdate | DictMerge => {
                (n.saturating_add(1), n)
            }
            MapAdd => (n.saturating_add(2), n),
            UnpackSequence => (1, n),
            UnpackEx => (1, (arg & 0xFF) + (arg >> 8) + 1),
            FormatValue => (1 + (arg & FORMAT_VALUE_HAS_SPEC != 0) as u32, 1),
            PopJumpIfFalse
            | PopJumpIfTrue
            | PopJumpIfNone
            | PopJumpIfNotNone
            | PopJumpBackwardIfTrue
            | PopJumpBackwardIfFalse => (1, 0),
            JumpIfFalseOrPop | JumpIfTrueOrPop => (1, jump as u32),
            ForIter => (1, if jump { 0 } else { 2 }),
            Send => (2, if jump { 1 } else { 2 }),
            RaiseVarargs => (n, 0),
            Reraise => (n.saturating_add(1), n),
            CheckExcMatch => (2, 2),
            CheckEgMatch => (2, 2),
            PrepReraiseStar => (2, 1),
            WithExceptStart => (4, 5),
        }
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<u8> for Opcode {
    type Error = u8;
    fn try_from(byte: u8) -> Result<Self, u8> {
        Opcode::from_u8(byte).ok_or(byte)
    }
}

/// The net change of the stack depth when `op` with operand `arg` runs, falling through
/// (`jump == false`) or taking its jump (`jump == true`). See [`Opcode::stack_io`].
pub fn stack_effect(op: Opcode, arg: u32, jump: bool) -> i32 {
    let (popped, pushed) = op.stack_io(arg, jump);
    pushed as i32 - popped as i32
}

/// `FORMAT_VALUE` operand bit: a format spec is on the stack above the value.
pub const FORMAT_VALUE_HAS_SPEC: u32 = 0x4;
/// `CALL_FUNCTION_EX` operand bit: a keyword-argument dict is on the stack.
pub const CALL_FUNCTION_EX_HAS_KWARGS: u32 = 0x1;

/// The conversion of an f-string replacement field: the low two bits of `FORMAT_VALUE`'s operand.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Conversion {
    /// No conversion: `format(x, spec)`.
    None = 0,
    /// `!s`: `str(x)`.
    Str = 1,
    /// `!r`: `repr(x)`.
    Repr = 2,
    /// `!a`: `ascii(x)`.
    Ascii = 3,
}

impl Conversion {
    /// The `FORMAT_VALUE` operand for this conversion, with or without a spec on the stack.
    pub const fn format_value_arg(self, has_spec: bool) -> u32 {
        self as u32 | if has_spec { FORMAT_VALUE_HAS_SPEC } else { 0 }
    }

    /// The conversion in a `FORMAT_VALUE` operand.
    pub const fn from_arg(arg: u32) -> Conversion {
        match arg & 3 {
            0 => Conversion::None,
            1 => Conversion::Str,
            2 => Conversion::Repr,
            _ => Conversion::Ascii,
        }
    }
}

/// The flag bits of `MAKE_FUNCTION`'s operand (CPython's values).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct MakeFunctionFlags(pub u32);

impl MakeFunctionFlags {
    /// A tuple of positional defaults is on the stack.
    pub const DEFAULTS: u32 = 0x01;
    /// A dict of keyword-only defaults is on the stack.
    pub const KWDEFAULTS: u32 = 0x02;
    /// An annotations tuple/dict is on the stack.
    pub const ANNOTATIONS: u32 = 0x04;
    /// A tuple of cells (the closure) is on the stack.
    pub const CLOSURE: u32 = 0x08;

    /// The names of the set flags, in bit order (for `dis`).
    pub fn names(self) -> Vec<&'static str> {
        [
            (Self::DEFAULTS, "defaults"),
            (Self::KWDEFAULTS, "kwdefaults"),
            (Self::ANNOTATIONS, "annotations"),
            (Self::CLOSURE, "closure"),
        ]
        .into_iter()
        .filter(|&(bit, _)| self.0 & bit != 0)
        .map(|(_, name)| name)
        .collect()
    }
}

macro_rules! binary_operators {
    ($( $variant:ident = $n:literal, $symbol:literal, $dunder:literal; )*) => {
        /// `BINARY_OP`'s operand: the operator, numbered as CPython 3.11's `NB_*` constants (the
        /// 13 plain operators, then the same 13 in-place).
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[repr(u8)]
        pub enum BinaryOperator {
            $(
                #[doc = concat!("`", $symbol, "`")]
                $variant = $n,
            )*
        }

        impl BinaryOperator {
            /// Every operator, in operand order.
            pub const ALL: &'static [BinaryOperator] = &[ $( BinaryOperator::$variant, )* ];

            /// The Python symbol (`"+"`, `"+="`).
            pub const fn symbol(self) -> &'static str {
                match self { $( BinaryOperator::$variant => $symbol, )* }
            }

            /// The special method (`"__add__"`, `"__iadd__"`).
            pub const fn dunder(self) -> &'static str {
                match self { $( BinaryOperator::$variant => $dunder, )* }
            }
        }
    };
}

binary_operators! {
    Add = 0, "+", "__add__";
    And = 1, "&", "__and__";
    FloorDivide = 2, "//", "__floordiv__";
    LShift = 3, "<<", "__lshift__";
    MatMul = 4, "@", "__matmul__";
    Multiply = 5, "*", "__mul__";
    Remainder = 6, "%", "__mod__";
    Or = 7, "|", "__or__";
    Power = 8, "**", "__pow__";
    RShift = 9, ">>", "__rshift__";
    Subtract = 10, "-", "__sub__";
    TrueDivide = 11, "/", "__truediv__";
    Xor = 12, "^", "__xor__";
    InplaceAdd = 13, "+=", "__iadd__";
    InplaceAnd = 14, "&=", "__iand__";
    InplaceFloorDivide = 15, "//=", "__ifloordiv__";
    InplaceLShift = 16, "<<=", "__ilshift__";
    InplaceMatMul = 17, "@=", "__imatmul__";
    InplaceMultiply = 18, "*=", "__imul__";
    InplaceRemainder = 19, "%=", "__imod__";
    InplaceOr = 20, "|=", "__ior__";
    InplacePower = 21, "**=", "__ipow__";
    InplaceRShift = 22, ">>=", "__irshift__";
    InplaceSubtract = 23, "-=", "__isub__";
    InplaceTrueDivide = 24, "/=", "__itruediv__";
    InplaceXor = 25, "^=", "__ixor__";
}

impl BinaryOperator {
    /// The operator numbered `arg`, if any.
    pub fn from_arg(arg: u32) -> Option<BinaryOperator> {
        Self::ALL.get(arg as usize).copied()
    }

    /// Whether this is an augmented-assignment form (`+=`).
    pub const fn is_inplace(self) -> bool {
        self as u8 >= 13
    }

    /// The plain operator of an in-place one (`+=` → `+`); a plain operator is returned as is.
    pub fn without_inplace(self) -> BinaryOperator {
        Self::ALL[(self as usize) % 13]
    }

    /// The in-place form (`+` → `+=`); an in-place operator is returned as is.
    pub fn to_inplace(self) -> BinaryOperator {
        Self::ALL[(self as usize) % 13 + 13]
    }

    /// The reflected special method of the plain operator (`"__radd__"` for `+` and `+=`).
    pub fn reflected_dunder(self) -> &'static str {
        const R: [&str; 13] = [
            "__radd__",
            "__rand__",
            "__rfloordiv__",
            "__rlshift__",
            "__rmatmul__",
            "__rmul__",
            "__rmod__",
            "__ror__",
            "__rpow__",
            "__rrshift__",
            "__rsub__",
            "__rtruediv__",
            "__rxor__",
        ];
        R[(self as usize) % 13]
    }
}

/// `COMPARE_OP`'s operand: the rich comparison, numbered as CPython's `Py_LT` … `Py_GE`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum CompareOperator {
    /// `<`
    Lt = 0,
    /// `<=`
    Le = 1,
    /// `==`
    Eq = 2,
    /// `!=`
    Ne = 3,
    /// `>`
    Gt = 4,
    /// `>=`
    Ge = 5,
}

impl CompareOperator {
    /// Every comparison, in operand order.
    pub const ALL: &'static [CompareOperator] = &[
        CompareOperator::Lt,
        CompareOperator::Le,
        CompareOperator::Eq,
        CompareOperator::Ne,
        CompareOperator::Gt,
        CompareOperator::Ge,
    ];

    /// The comparison numbered `arg`, if any.
    pub fn from_arg(arg: u32) -> Option<CompareOperator> {
        Self::ALL.get(arg as usize).copied()
    }

    /// The Python symbol (`"<="`).
    pub const fn symbol(self) -> &'static str {
        match self {
            CompareOperator::Lt => "<",
            CompareOperator::Le => "<=",
            CompareOperator::Eq => "==",
            CompareOperator::Ne => "!=",
            CompareOperator::Gt => ">",
            CompareOperator::Ge => ">=",
        }
    }

    /// The special method (`"__le__"`).
    pub const fn dunder(self) -> &'static str {
        match self {
            CompareOperator::Lt => "__lt__",
            CompareOperator::Le => "__le__",
            CompareOperator::Eq => "__eq__",
            CompareOperator::Ne => "__ne__",
            CompareOperator::Gt => "__gt__",
            CompareOperator::Ge => "__ge__",
        }
    }

    /// The comparison with its operands swapped, tried on the right operand (`<` → `>`).
    pub const fn swapped(self) -> CompareOperator {
        match self {
            CompareOperator::Lt => CompareOperator::Gt,
            CompareOperator::Le => CompareOperator::Ge,
            CompareOperator::Eq => CompareOperator::Eq,
            CompareOperator::Ne => CompareOperator::Ne,
            CompareOperator::Gt => CompareOperator::Lt,
            CompareOperator::Ge => CompareOperator::Le,
        }
    }
}

const PROP_JUMP: u8 = 1;
const PROP_NAME: u8 = 2;
const PROP_BACKWARD: u8 = 4;
const PROP_TERMINAL: u8 = 8;
const PROP_CACHE: u8 = 16;

/// The `PROP_*` bits of every opcode, by number, computed at compile time from the `compute_*`
/// predicates.
const PROPS: [u8; Opcode::COUNT] = {
    let mut table = [0u8; Opcode::COUNT];
    let mut i = 0;
    while i < Opcode::COUNT {
        let op = Opcode::ALL[i];
        let mut bits = 0;
        if op.compute_is_jump() {
            bits |= PROP_JUMP;
        }
        if op.compute_uses_name() {
            bits |= PROP_NAME;
        }
        if op.compute_is_backward_jump() {
            bits |= PROP_BACKWARD;
        }
        if op.compute_is_terminal() {
            bits |= PROP_TERMINAL;
        }
        if op.compute_has_cache() {
            bits |= PROP_CACHE;
        }
        table[i] = bits;
        i += 1;
    }
    table
};

/// An entry of [`FIXED_IO`] for an opcode whose counts depend on its operand or its jump.
const VARIES: u16 = u16::MAX;

/// `popped << 8 | pushed` of each opcode whose [`Opcode::stack_io`] is the same for every operand
/// and both jump outcomes (the same for a set of operands that tells every operand-dependent
/// opcode apart), else [`VARIES`].
const FIXED_IO: [u16; Opcode::COUNT] = {
    const ARGS: [u32; 9] = [0, 1, 2, 3, 4, 8, 0xFF, 0x100, u32::MAX];
    let mut table = [VARIES; Opcode::COUNT];
    let mut i = 0;
    while i < Opcode::COUNT {
        let op = Opcode::ALL[i];
        let (popped, pushed) = op.stack_io_general(0, false);
        let mut fixed = popped < 0x100 && pushed < 0x100;
        let mut a = 0;
        while a < ARGS.len() {
            let (p0, q0) = op.stack_io_general(ARGS[a], false);
            let (p1, q1) = op.stack_io_general(ARGS[a], true);
            if p0 != popped || q0 != pushed || p1 != popped || q1 != pushed {
                fixed = false;
            }
            a += 1;
        }
        if fixed {
            table[i] = (popped as u16) << 8 | pushed as u16;
        }
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    #[test]
    fn the_fixed_stack_io_table_agrees_with_the_general_counts() {
        let args = (0..600).chain([1 << 16, 1 << 24, u32::MAX - 1, u32::MAX]);
        for &op in Opcode::ALL {
            for arg in args.clone() {
                for jump in [false, true] {
                    assert_eq!(
                        op.stack_io(arg, jump),
                        op.stack_io_general(arg, jump),
                        "{op} {arg} {jump}"
                    );
                }
            }
        }
    }
    use super::*;

    #[test]
    fn numbering_is_dense_and_names_unique() {
        for (i, op) in Opcode::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Opcode::from_u8(i as u8), Some(*op));
            assert_eq!(Opcode::from_name(op.name()), Some(*op));
        }
        const { assert!(Opcode::COUNT < 256) };
        assert_eq!(Opcode::from_u8(Opcode::COUNT as u8), None);
    }

    #[test]
    fn binary_operator_numbering() {
        for (i, op) in BinaryOperator::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
        }
        assert_eq!(BinaryOperator::ALL.len(), 26);
    }
}
