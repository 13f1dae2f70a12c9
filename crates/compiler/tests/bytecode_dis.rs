//! Golden disassemblies of hand-built code objects.
//!
//! The expected text is inline; when the format changes on purpose, run with `HOTPY_PRINT_DIS=1`
//! to print the new text, review it, and paste it in.

use std::sync::Arc;

use hotpy_compiler::bytecode::{
    disassemble, BinaryOperator, Code, CodeBuilder, CodeFlags, CompareOperator, Constant,
    Conversion, MakeFunctionFlags, Opcode, SourceRange,
};
use num_bigint::BigInt;

fn line(n: u32) -> SourceRange {
    SourceRange::line(n)
}

fn check(code: &Code, expected: &str) {
    let text = disassemble(code);
    if std::env::var_os("HOTPY_PRINT_DIS").is_some() {
        println!("{text}");
    }
    assert_eq!(text, expected, "\n--- got ---\n{text}");
}

/// ```python
/// def f(x):
///     total = 0
///     for i in x:
///         total += i
///     return total
///
/// print(f([1, 2]))
/// ```
fn module_with_function() -> Code {
    let file: Arc<str> = Arc::from("x.py");

    let mut f = CodeBuilder::new("f", "f", file.clone(), 1);
    f.set_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
    f.set_arg_counts(1, 0, 0);
    let x = f.add_varname("x");
    let total = f.add_varname("total");
    let i = f.add_varname("i");
    f.emit_const(Constant::Int(0), line(2));
    f.emit(Opcode::StoreFast, total, line(2));
    f.emit(Opcode::LoadFast, x, line(3));
    f.emit(Opcode::GetIter, 0, line(3));
    let top = f.new_label();
    let done = f.new_label();
    f.bind_label(top);
    f.emit_jump(Opcode::ForIter, done, line(3));
    f.emit(Opcode::StoreFast, i, line(3));
    f.emit(Opcode::LoadFast, total, line(4));
    f.emit(Opcode::LoadFast, i, line(4));
    f.emit(Opcode::BinaryOp, BinaryOperator::InplaceAdd as u32, line(4));
    f.emit(Opcode::StoreFast, total, line(4));
    f.emit_jump(Opcode::JumpBackward, top, line(3));
    f.bind_label(done);
    f.emit(Opcode::LoadFast, total, line(5));
    f.emit(Opcode::ReturnValue, 0, line(5));
    let f = Arc::new(f.finish().unwrap());

    let mut m = CodeBuilder::new("<module>", "<module>", file, 1);
    m.emit_const(Constant::Code(f), line(1));
    m.emit(Opcode::MakeFunction, 0, line(1));
    let name_f = m.add_name("f");
    m.emit(Opcode::StoreName, name_f, line(1));
    let print = m.add_name("print");
    m.emit(Opcode::PushNull, 0, line(7));
    m.emit(Opcode::LoadName, print, line(7));
    m.emit(Opcode::PushNull, 0, line(7));
    m.emit(Opcode::LoadName, name_f, line(7));
    m.emit(Opcode::BuildList, 0, line(7));
    m.emit_const(
        Constant::tuple([Constant::Int(1), Constant::Int(2)]),
        line(7),
    );
    m.emit(Opcode::ListExtend, 1, line(7));
    m.emit(Opcode::Call, 1, line(7));
    m.emit(Opcode::Call, 1, line(7));
    m.emit(Opcode::PopTop, 0, line(7));
    m.emit_const(Constant::None, line(7));
    m.emit(Opcode::ReturnValue, 0, line(7));
    m.finish().unwrap()
}

#[test]
fn dis_of_a_module_and_its_function() {
    check(
        &module_with_function(),
        r#"  1           0 LOAD_CONST               0 (<code object f, file "x.py", line 1>)
              1 MAKE_FUNCTION            0
              2 STORE_NAME               0 (f)

  7           4 PUSH_NULL
              5 LOAD_NAME                1 (print)
              7 PUSH_NULL
              8 LOAD_NAME                0 (f)
             10 BUILD_LIST               0
             11 LOAD_CONST               1 ((1, 2))
             12 LIST_EXTEND              1
             13 CALL                     1
             15 CALL                     1
             17 POP_TOP
             18 LOAD_CONST               2 (None)
             19 RETURN_VALUE

Disassembly of <code object f, file "x.py", line 1>:
  2           0 LOAD_CONST               0 (0)
              1 STORE_FAST               1 (total)

  3           2 LOAD_FAST                0 (x)
              3 GET_ITER
        >>    4 FOR_ITER                12 (to 12)
              5 STORE_FAST               2 (i)

  4           6 LOAD_FAST                1 (total)
              7 LOAD_FAST                2 (i)
              8 BINARY_OP               13 (+=)
             10 STORE_FAST               1 (total)

  3          11 JUMP_BACKWARD            4 (to 4)

  5     >>   12 LOAD_FAST                1 (total)
             13 RETURN_VALUE
"#,
    );
}

/// A function using the operand kinds `dis` explains, a `try`/`except`, and `EXTENDED_ARG`s.
fn operands_and_handlers() -> Code {
    let file: Arc<str> = Arc::from("ops.py");
    let mut inner = CodeBuilder::new("<lambda>", "g.<locals>.<lambda>", file.clone(), 12);
    inner.add_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS | CodeFlags::NESTED);
    let c = inner.add_freevar("c");
    inner.emit(Opcode::CopyFreeVars, 1, line(12));
    inner.emit(Opcode::LoadDeref, c, line(12));
    inner.emit(Opcode::ReturnValue, 0, line(12));
    let inner = Arc::new(inner.finish().unwrap());

    let mut b = CodeBuilder::new("g", "g", file, 10);
    // Jumps to offsets above 30 get an EXTENDED_ARG prefix (a redundant one: its bits are zero).
    b.set_extended_arg_threshold_for_tests(30);
    b.add_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
    let a = b.add_varname("a");
    let c = b.add_cellvar("c");
    let len = b.add_name("len");
    let attr = b.add_name("real");
    let err = b.add_name("ValueError");
    b.emit(Opcode::MakeCell, c, line(10));
    // c = (a is not None) < len(a)
    b.emit(Opcode::LoadFast, a, line(11));
    b.emit_const(Constant::None, line(11));
    b.emit(Opcode::IsOp, 1, line(11));
    b.emit(Opcode::LoadGlobal, (len << 1) | 1, line(11));
    b.emit(Opcode::LoadFast, a, line(11));
    b.emit(Opcode::Call, 1, line(11));
    b.emit(Opcode::CompareOp, CompareOperator::Lt as u32, line(11));
    b.emit(Opcode::StoreDeref, c, line(11));
    // lambda: c
    b.emit(Opcode::LoadClosure, c, line(12));
    b.emit(Opcode::BuildTuple, 1, line(12));
    b.emit_const(Constant::Code(inner), line(12));
    b.emit(Opcode::MakeFunction, MakeFunctionFlags::CLOSURE, line(12));
    b.emit(Opcode::PopTop, 0, line(12));
    // try: f"{a.real!r:>{-0.0}}" except ValueError: pass
    let handler = b.new_label();
    let cleanup = b.new_label();
    let no_match = b.new_label();
    let end = b.new_label();
    b.emit(Opcode::Nop, 0, line(13));
    b.push_handler(handler, 0, false);
    b.emit(Opcode::LoadFast, a, line(14));
    b.emit(Opcode::LoadAttr, attr, line(14));
    b.emit_const(Constant::Float(-0.0), line(14));
    b.emit(Opcode::FormatValue, 0, line(14));
    b.emit(
        Opcode::FormatValue,
        Conversion::Repr.format_value_arg(true),
        line(14),
    );
    b.emit(Opcode::PopTop, 0, line(14));
    b.pop_handler();
    b.emit_jump(Opcode::JumpForward, end, line(14));
    b.bind_label(handler);
    b.push_handler(cleanup, 1, true);
    b.emit(Opcode::PushExcInfo, 0, line(15));
    b.emit(Opcode::LoadGlobal, err << 1, line(15));
    b.emit(Opcode::CheckExcMatch, 0, line(15));
    b.emit_jump(Opcode::PopJumpIfFalse, no_match, line(15));
    b.emit(Opcode::PopTop, 0, line(15));
    b.pop_handler();
    b.emit(Opcode::PopExcept, 0, line(16));
    b.emit_jump(Opcode::JumpForward, end, line(16));
    b.bind_label(no_match);
    b.push_handler(cleanup, 1, true);
    b.emit(Opcode::Reraise, 0, line(15));
    b.pop_handler();
    b.bind_label(cleanup);
    b.emit(Opcode::Copy, 3, SourceRange::NONE);
    b.emit(Opcode::PopExcept, 0, SourceRange::NONE);
    b.emit(Opcode::Reraise, 1, SourceRange::NONE);
    b.bind_label(end);
    // return (1j, b"\x00'", "it's", ..., 2**70, frozenset({1.5, True}), (-1+2j))
    let tuple = Constant::tuple([
        Constant::Complex { re: 0.0, im: 1.0 },
        Constant::bytes(b"\x00'"),
        Constant::str("it's"),
        Constant::Ellipsis,
        Constant::int(BigInt::from(1) << 70),
        Constant::FrozenSet(Arc::from([Constant::Float(1.5), Constant::Bool(true)])),
        Constant::Complex { re: -1.0, im: 2.0 },
    ]);
    b.emit_const(tuple, line(17));
    b.emit(Opcode::PopTop, 0, line(17));
    b.emit_const(Constant::None, line(17));
    b.emit(Opcode::ReturnValue, 0, line(17));
    b.finish().unwrap()
}

#[test]
fn dis_of_operands_handlers_and_extended_arg() {
    check(
        &operands_and_handlers(),
        r#" 10           0 MAKE_CELL                0 (c)

 11           1 LOAD_FAST                0 (a)
              2 LOAD_CONST               0 (None)
              3 IS_OP                    1 (is not)
              4 LOAD_GLOBAL              1 (NULL + len)
              6 LOAD_FAST                0 (a)
              7 CALL                     1
              9 COMPARE_OP               0 (<)
             11 STORE_DEREF              0 (c)

 12          12 LOAD_CLOSURE             0 (c)
             13 BUILD_TUPLE              1
             14 LOAD_CONST               1 (<code object <lambda>, file "ops.py", line 12>)
             15 MAKE_FUNCTION            8 (closure)
             16 POP_TOP

 13          17 NOP

 14          18 LOAD_FAST                0 (a)
             19 LOAD_ATTR                1 (real)
             21 LOAD_CONST               2 (-0.0)
             22 FORMAT_VALUE             0
             23 FORMAT_VALUE             6 (repr, with format)
             24 POP_TOP
             25 EXTENDED_ARG             0
             26 JUMP_FORWARD            41 (to 41)

 15     >>   27 PUSH_EXC_INFO
             28 LOAD_GLOBAL              4 (ValueError)
             30 CHECK_EXC_MATCH
             31 EXTENDED_ARG             0
             32 POP_JUMP_IF_FALSE       37 (to 37)
             33 POP_TOP

 16          34 POP_EXCEPT
             35 EXTENDED_ARG             0
             36 JUMP_FORWARD            41 (to 41)

 15     >>   37 RERAISE                  0
        >>   38 COPY                     3
             39 POP_EXCEPT
             40 RERAISE                  1

 17     >>   41 LOAD_CONST               3 ((1j, b"\x00'", "it's", Ellipsis, 1180591620717411303424, frozenset({1.5, True}), (-1+2j)))
             42 POP_TOP
             43 LOAD_CONST               0 (None)
             44 RETURN_VALUE
ExceptionTable:
  18 to 24 -> 27 [0]
  27 to 33 -> 38 [1] lasti
  37 to 37 -> 38 [1] lasti

Disassembly of <code object <lambda>, file "ops.py", line 12>:
 12           0 COPY_FREE_VARS           1
              1 LOAD_DEREF               0 (c)
              2 RETURN_VALUE
"#,
    );
}
