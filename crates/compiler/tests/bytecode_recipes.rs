//! How code generation lays out Python's compound constructs with `CodeBuilder`, as executable
//! recipes: each test builds the bytecode for the snippet in its doc comment (CPython 3.11's shapes)
//! and checks what the builder derives from it (stack depth, exception table, layout). The code
//! generator follows these shapes; a change to the instruction set that breaks one shows up here.

use std::sync::Arc;

use hotpy_compiler::bytecode::{
    disassemble, BinaryOperator, Code, CodeBuilder, CodeFlags, CompareOperator, Constant,
    MakeFunctionFlags, Opcode, SourceRange,
};

fn line(n: u32) -> SourceRange {
    SourceRange::line(n)
}

fn module() -> CodeBuilder {
    CodeBuilder::new("<module>", "<module>", Arc::from("r.py"), 1)
}

fn function(name: &str, first_line: u32) -> CodeBuilder {
    let mut b = CodeBuilder::new(name, name, Arc::from("r.py"), first_line);
    b.set_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
    b
}

fn return_none(b: &mut CodeBuilder, l: u32) {
    b.emit_const(Constant::None, line(l));
    b.emit(Opcode::ReturnValue, 0, line(l));
}

fn ops(code: &Code) -> Vec<Opcode> {
    code.decode().map(|d| d.op).collect()
}

/// ```python
/// for x in xs:        # 1
///     if x: continue  # 2
///     break           # 3
/// else:
///     y = 1           # 5
/// ```
/// `FOR_ITER` pops the exhausted iterator itself, so `break` pops it by hand before jumping out.
#[test]
fn for_loop_with_continue_break_and_else() {
    let mut b = module();
    let top = b.new_label();
    let next = b.new_label();
    let orelse = b.new_label();
    let after = b.new_label();
    b.emit_name(Opcode::LoadName, "xs", line(1));
    b.emit(Opcode::GetIter, 0, line(1));
    b.bind_label(top);
    b.emit_jump(Opcode::ForIter, orelse, line(1));
    b.emit_name(Opcode::StoreName, "x", line(1));
    b.emit_name(Opcode::LoadName, "x", line(2));
    b.emit_jump(Opcode::PopJumpIfFalse, next, line(2));
    b.emit_jump(Opcode::JumpBackward, top, line(2)); // continue
    b.bind_label(next);
    b.emit(Opcode::PopTop, 0, line(3)); // break: drop the iterator
    b.emit_jump(Opcode::JumpForward, after, line(3));
    b.bind_label(orelse);
    assert_eq!(b.current_depth(), Some(0));
    b.emit_const(Constant::Int(1), line(5));
    b.emit_name(Opcode::StoreName, "y", line(5));
    b.bind_label(after);
    return_none(&mut b, 5);
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 2);
    assert!(code.exception_table().is_empty());
}

/// ```python
/// while i < n:   # 1
///     i += 1     # 2
/// ```
/// CPython 3.11's bottom-tested loop: the test is emitted twice, and the loop edge is the
/// conditional `POP_JUMP_BACKWARD_IF_TRUE` (one dispatch per iteration fewer than a top test plus a
/// `JUMP_BACKWARD`).
#[test]
fn while_loop_tested_at_the_bottom() {
    let mut b = module();
    let body = b.new_label();
    let end = b.new_label();
    let test = |b: &mut CodeBuilder| {
        b.emit_name(Opcode::LoadName, "i", line(1));
        b.emit_name(Opcode::LoadName, "n", line(1));
        b.emit_compare_op(CompareOperator::Lt, line(1));
    };
    test(&mut b);
    b.emit_jump(Opcode::PopJumpIfFalse, end, line(1));
    b.bind_label(body);
    b.emit_name(Opcode::LoadName, "i", line(2));
    b.emit_const(Constant::Int(1), line(2));
    b.emit_binary_op(BinaryOperator::InplaceAdd, line(2));
    b.emit_name(Opcode::StoreName, "i", line(2));
    test(&mut b);
    b.emit_jump(Opcode::PopJumpBackwardIfTrue, body, line(1));
    b.bind_label(end);
    return_none(&mut b, 2);
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 2);
    let backward: Vec<_> = code.decode().filter(|d| d.op.is_backward_jump()).collect();
    assert_eq!(backward.len(), 1);
    assert_eq!(backward[0].arg, 7); // the body, after the first test (a CACHE after each LOAD_NAME and the COMPARE_OP)
}

/// ```python
/// try:        # 1
///     f()     # 2
/// finally:
///     g()     # 4
/// ```
/// The `finally` body is emitted twice: on the normal path, and in the handler, which re-raises.
/// The handler's own cleanup (`COPY 3; POP_EXCEPT; RERAISE 1`) restores the previously handled
/// exception whatever happens inside it.
#[test]
fn try_finally() {
    let mut b = module();
    let handler = b.new_label();
    let cleanup = b.new_label();
    let call = |b: &mut CodeBuilder, name: &str, l: u32| {
        b.emit(Opcode::PushNull, 0, line(l));
        b.emit_name(Opcode::LoadName, name, line(l));
        b.emit(Opcode::Call, 0, line(l));
        b.emit(Opcode::PopTop, 0, line(l));
    };
    b.emit(Opcode::Nop, 0, line(1));
    b.push_handler(handler, 0, false);
    call(&mut b, "f", 2);
    b.pop_handler();
    call(&mut b, "g", 4);
    return_none(&mut b, 4);
    b.bind_label(handler);
    b.push_handler(cleanup, 1, true);
    b.emit(Opcode::PushExcInfo, 0, line(4));
    call(&mut b, "g", 4);
    b.emit(Opcode::Reraise, 0, line(4));
    b.pop_handler();
    b.bind_label(cleanup);
    b.emit(Opcode::Copy, 3, SourceRange::NONE);
    b.emit(Opcode::PopExcept, 0, SourceRange::NONE);
    b.emit(Opcode::Reraise, 1, SourceRange::NONE);
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 4);
    let table = code.exception_table();
    assert_eq!(table.len(), 2);
    assert_eq!(
        (table[0].start, table[0].depth, table[0].lasti),
        (1, 0, false)
    );
    assert_eq!((table[1].depth, table[1].lasti), (1, true));
    // The handler region starts at the handler itself and ends at the RERAISE, inclusive.
    assert_eq!(table[1].start, table[0].target);
    assert_eq!(code.handler_for(table[1].end - 1), Some(&table[1]));
}

/// ```python
/// with open(p) as fh:   # 1
///     fh.read()         # 2
/// ```
/// `BEFORE_WITH` leaves `[exit, value]`; the body runs above `exit` (handler depth 1, with lasti).
/// On the normal path `[exit, None, None, None]` and `CALL 2` call `exit(None, None, None)`. On an
/// exception the handler calls it through `WITH_EXCEPT_START` and either re-raises (`RERAISE 2`
/// finds the lasti two items below the exception) or suppresses.
fn with_statement() -> Code {
    let mut b = module();
    let handler = b.new_label();
    let cleanup = b.new_label();
    let suppress = b.new_label();
    let end = b.new_label();
    b.emit(Opcode::PushNull, 0, line(1));
    b.emit_name(Opcode::LoadName, "open", line(1));
    b.emit_name(Opcode::LoadName, "p", line(1));
    b.emit(Opcode::Call, 1, line(1));
    b.emit(Opcode::BeforeWith, 0, line(1));
    let depth = b.current_depth().unwrap() - 1;
    assert_eq!(depth, 1);
    b.push_handler(handler, depth, true);
    b.emit_name(Opcode::StoreName, "fh", line(1));
    b.emit_name(Opcode::LoadName, "fh", line(2));
    b.emit_name(Opcode::LoadMethod, "read", line(2));
    b.emit(Opcode::Call, 0, line(2));
    b.emit(Opcode::PopTop, 0, line(2));
    b.pop_handler();
    for _ in 0..3 {
        b.emit_const(Constant::None, line(1));
    }
    b.emit(Opcode::Call, 2, line(1));
    b.emit(Opcode::PopTop, 0, line(1));
    b.emit_jump(Opcode::JumpForward, end, line(1));
    b.bind_label(handler);
    b.push_handler(cleanup, 3, true);
    b.emit(Opcode::PushExcInfo, 0, line(1));
    b.emit(Opcode::WithExceptStart, 0, line(1));
    b.emit_jump(Opcode::PopJumpIfTrue, suppress, line(1));
    b.emit(Opcode::Reraise, 2, line(1));
    b.bind_label(suppress);
    b.emit(Opcode::PopTop, 0, line(1));
    b.pop_handler();
    b.emit(Opcode::PopExcept, 0, line(1));
    b.emit(Opcode::PopTop, 0, line(1));
    b.emit(Opcode::PopTop, 0, line(1));
    b.emit_jump(Opcode::JumpForward, end, line(1));
    b.bind_label(cleanup);
    b.emit(Opcode::Copy, 3, SourceRange::NONE);
    b.emit(Opcode::PopExcept, 0, SourceRange::NONE);
    b.emit(Opcode::Reraise, 1, SourceRange::NONE);
    b.bind_label(end);
    return_none(&mut b, 1);
    b.finish().unwrap()
}

#[test]
fn with_statement_depths_and_handlers() {
    let code = with_statement();
    // The cleanup handler enters with [exit, lasti, prev_exc, lasti, exc]; COPY 3 makes 6.
    assert_eq!(code.max_stack_depth(), 6);
    let table = code.exception_table();
    assert_eq!(table.len(), 2);
    assert_eq!((table[0].depth, table[0].lasti), (1, true));
    assert_eq!((table[1].depth, table[1].lasti), (3, true));
}

#[test]
fn with_statement_dis() {
    let text = disassemble(&with_statement());
    let expected = r#"  1           0 PUSH_NULL
              1 LOAD_NAME                0 (open)
              3 LOAD_NAME                1 (p)
              5 CALL                     1
              7 BEFORE_WITH
              8 STORE_NAME               2 (fh)

  2          10 LOAD_NAME                2 (fh)
             12 LOAD_METHOD              3 (read)
             14 CALL                     0
             16 POP_TOP

  1          17 LOAD_CONST               0 (None)
             18 LOAD_CONST               0 (None)
             19 LOAD_CONST               0 (None)
             20 CALL                     2
             22 POP_TOP
             23 JUMP_FORWARD            36 (to 36)
        >>   24 PUSH_EXC_INFO
             25 WITH_EXCEPT_START
             26 POP_JUMP_IF_TRUE        28 (to 28)
             27 RERAISE                  2
        >>   28 POP_TOP
             29 POP_EXCEPT
             30 POP_TOP
             31 POP_TOP
             32 JUMP_FORWARD            36 (to 36)
        >>   33 COPY                     3
             34 POP_EXCEPT
             35 RERAISE                  1
        >>   36 LOAD_CONST               0 (None)
             37 RETURN_VALUE
ExceptionTable:
  8 to 16 -> 24 [1] lasti
  24 to 28 -> 33 [3] lasti
"#;
    assert_eq!(text, expected, "\n--- got ---\n{text}");
}

/// ```python
/// [x * 2 for x in xs]   # 1
/// ```
/// The comprehension is a nested function of one argument (`.0`, the iterator), called at once.
/// `LIST_APPEND 2` reaches the list under the iterator.
#[test]
fn list_comprehension() {
    let mut inner = function("<listcomp>", 1);
    inner.set_arg_counts(1, 0, 0);
    let arg = inner.add_varname(".0");
    let x = inner.add_varname("x");
    let top = inner.new_label();
    let end = inner.new_label();
    inner.emit(Opcode::BuildList, 0, line(1));
    inner.emit(Opcode::LoadFast, arg, line(1));
    inner.bind_label(top);
    inner.emit_jump(Opcode::ForIter, end, line(1));
    inner.emit(Opcode::StoreFast, x, line(1));
    inner.emit(Opcode::LoadFast, x, line(1));
    inner.emit_const(Constant::Int(2), line(1));
    inner.emit_binary_op(BinaryOperator::Multiply, line(1));
    inner.emit(Opcode::ListAppend, 2, line(1));
    inner.emit_jump(Opcode::JumpBackward, top, line(1));
    inner.bind_label(end);
    inner.emit(Opcode::ReturnValue, 0, line(1));
    let inner = inner.finish().unwrap();
    assert_eq!(inner.max_stack_depth(), 4);

    let mut b = module();
    b.emit(Opcode::PushNull, 0, line(1));
    b.emit_const(Constant::Code(Arc::new(inner)), line(1));
    b.emit(Opcode::MakeFunction, 0, line(1));
    b.emit_name(Opcode::LoadName, "xs", line(1));
    b.emit(Opcode::GetIter, 0, line(1));
    b.emit(Opcode::Call, 1, line(1));
    b.emit(Opcode::PopTop, 0, line(1));
    return_none(&mut b, 1);
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 3);
    assert_eq!(code.nested_code().count(), 1);
}

/// ```python
/// def outer():          # 1
///     n = 0             # 2
///     def inc():        # 3
///         nonlocal n
///         n += 1        # 5
///         return n      # 6
///     return inc        # 7
/// ```
/// `n` is a cell of `outer` (deref slot 0) and a free variable of `inc` (its deref slot 0, as `inc`
/// has no cells). The closure tuple is built from `LOAD_CLOSURE`s in `inc`'s freevars order.
#[test]
fn closure_cells_and_free_variables() {
    let mut inc = function("inc", 3);
    inc.add_flags(CodeFlags::NESTED);
    let n = inc.add_freevar("n");
    assert_eq!(n, 0);
    inc.emit(Opcode::CopyFreeVars, 1, line(3));
    inc.emit(Opcode::LoadDeref, n, line(5));
    inc.emit_const(Constant::Int(1), line(5));
    inc.emit_binary_op(BinaryOperator::InplaceAdd, line(5));
    inc.emit(Opcode::StoreDeref, n, line(5));
    inc.emit(Opcode::LoadDeref, n, line(6));
    inc.emit(Opcode::ReturnValue, 0, line(6));
    let inc = inc.finish().unwrap();
    assert_eq!(inc.freevars().len(), 1);

    let mut outer = function("outer", 1);
    let cell = outer.add_cellvar("n");
    let local = outer.add_varname("inc");
    outer.emit(Opcode::MakeCell, cell, line(1));
    outer.emit_const(Constant::Int(0), line(2));
    outer.emit(Opcode::StoreDeref, cell, line(2));
    outer.emit(Opcode::LoadClosure, cell, line(3));
    outer.emit(Opcode::BuildTuple, 1, line(3));
    outer.emit_const(Constant::Code(Arc::new(inc)), line(3));
    outer.emit(Opcode::MakeFunction, MakeFunctionFlags::CLOSURE, line(3));
    outer.emit(Opcode::StoreFast, local, line(3));
    outer.emit(Opcode::LoadFast, local, line(7));
    outer.emit(Opcode::ReturnValue, 0, line(7));
    let outer = outer.finish().unwrap();
    assert_eq!(outer.cellvars().len(), 1);
    assert_eq!(outer.max_stack_depth(), 2);
}

/// ```python
/// def gen(it):          # 1
///     x = yield from it # 2
///     return x          # 3
/// ```
/// `SEND` loops with `YIELD_VALUE` until the sub-iterator returns, then jumps out with its value.
#[test]
fn generator_with_yield_from() {
    let mut b = function("gen", 1);
    b.add_flags(CodeFlags::GENERATOR);
    b.set_arg_counts(1, 0, 0);
    let it = b.add_varname("it");
    let x = b.add_varname("x");
    let top = b.new_label();
    let done = b.new_label();
    b.emit(Opcode::ReturnGenerator, 0, line(1));
    b.emit(Opcode::LoadFast, it, line(2));
    b.emit(Opcode::GetYieldFromIter, 0, line(2));
    b.emit_const(Constant::None, line(2));
    b.bind_label(top);
    b.emit_jump(Opcode::Send, done, line(2));
    b.emit(Opcode::YieldValue, 0, line(2));
    b.emit_jump(Opcode::JumpBackward, top, line(2));
    b.bind_label(done);
    b.emit(Opcode::StoreFast, x, line(2));
    b.emit(Opcode::LoadFast, x, line(3));
    b.emit(Opcode::ReturnValue, 0, line(3));
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 2);
    assert_eq!(ops(&code)[0], Opcode::ReturnGenerator);
}

/// ```python
/// class C(B):               # 1
///     def m(self): pass     # 2
/// ```
/// `__build_class__(func, "C", B)`: the class body is a function run with a fresh namespace.
#[test]
fn class_definition() {
    let mut m = function("m", 2);
    m.set_arg_counts(1, 0, 0);
    m.add_varname("self");
    return_none(&mut m, 2);
    let m = m.finish().unwrap();

    let mut body = CodeBuilder::new("C", "C", Arc::from("r.py"), 1);
    body.emit_name(Opcode::LoadName, "__name__", line(1));
    body.emit_name(Opcode::StoreName, "__module__", line(1));
    body.emit_const(Constant::str("C"), line(1));
    body.emit_name(Opcode::StoreName, "__qualname__", line(1));
    body.emit_const(Constant::Code(Arc::new(m)), line(2));
    body.emit(Opcode::MakeFunction, 0, line(2));
    body.emit_name(Opcode::StoreName, "m", line(2));
    return_none(&mut body, 2);
    let body = body.finish().unwrap();

    let mut b = module();
    b.emit(Opcode::PushNull, 0, line(1));
    b.emit(Opcode::LoadBuildClass, 0, line(1));
    b.emit_const(Constant::Code(Arc::new(body)), line(1));
    b.emit(Opcode::MakeFunction, 0, line(1));
    b.emit_const(Constant::str("C"), line(1));
    b.emit_name(Opcode::LoadName, "B", line(1));
    b.emit(Opcode::Call, 3, line(1));
    b.emit_name(Opcode::StoreName, "C", line(1));
    return_none(&mut b, 2);
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 5);
    let text = disassemble(&code);
    assert!(text.contains("Disassembly of <code object C, file \"r.py\", line 1>:"));
    assert!(text.contains("Disassembly of <code object m, file \"r.py\", line 2>:"));
    assert!(text.find("object C").unwrap() < text.find("object m").unwrap());
}
