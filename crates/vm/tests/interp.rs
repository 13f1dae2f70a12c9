//! The interpreter on hand-built code objects: calls, recursion, exceptions, loops, GC stress.

use std::sync::Arc;

use hotpy_compiler::bytecode::{
    BinaryOperator, Code, CodeBuilder, CodeFlags, CompareOperator, Constant, Opcode, SourceRange,
};
use hotpy_vm::{ExcKind, Vm, VmConfig};

const SRC: &str = "line1\nline2\nline3\nline4\nline5\nline6\nline7\nline8\n";

fn l(n: u32) -> SourceRange {
    SourceRange::line(n)
}

fn module() -> CodeBuilder {
    let mut b = CodeBuilder::new("<module>", "<module>", Arc::from("t.py"), 1);
    b.set_source(Arc::from(SRC));
    b
}

fn function(name: &str, args: &[&str]) -> CodeBuilder {
    let mut b = CodeBuilder::new(name, name, Arc::from("t.py"), 1);
    b.set_source(Arc::from(SRC));
    b.set_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
    b.set_arg_counts(args.len() as u32, 0, 0);
    for a in args {
        b.add_varname(a);
    }
    b
}

fn call_print(b: &mut CodeBuilder, load: impl FnOnce(&mut CodeBuilder), line: u32) {
    b.emit_load_global("print", true, l(line));
    load(b);
    b.emit(Opcode::Call, 1, l(line));
    b.emit(Opcode::PopTop, 0, l(line));
}

fn ret_none(b: &mut CodeBuilder, line: u32) {
    b.emit_const(Constant::None, l(line));
    b.emit(Opcode::ReturnValue, 0, l(line));
}

fn run(code: Code) -> (String, Result<(), String>) {
    run_with(code, VmConfig::default(), false)
}

fn run_with(code: Code, config: VmConfig, stress: bool) -> (String, Result<(), String>) {
    let mut vm = Vm::new(config);
    vm.set_gc_stress(stress);
    vm.capture_output();
    let g = vm.new_module_globals("__main__").unwrap();
    let r = vm.run_code(Arc::new(code), g);
    let out = vm.take_output();
    (out, r.map(|_| ()).map_err(|e| vm.format_exception(&e)))
}

/// def fib(n): return n if n < 2 else fib(n-1) + fib(n-2); print(fib(20))
fn fib_program() -> Code {
    let mut f = function("fib", &["n"]);
    let els = f.new_label();
    f.emit(Opcode::LoadFast, 0, l(2));
    f.emit_const(Constant::Int(2), l(2));
    f.emit_compare_op(CompareOperator::Lt, l(2));
    f.emit_jump(Opcode::PopJumpIfFalse, els, l(2));
    f.emit(Opcode::LoadFast, 0, l(2));
    f.emit(Opcode::ReturnValue, 0, l(2));
    f.bind_label(els);
    for k in [1, 2] {
        f.emit_load_global("fib", true, l(3));
        f.emit(Opcode::LoadFast, 0, l(3));
        f.emit_const(Constant::Int(k), l(3));
        f.emit_binary_op(BinaryOperator::Subtract, l(3));
        f.emit(Opcode::Call, 1, l(3));
    }
    f.emit_binary_op(BinaryOperator::Add, l(3));
    f.emit(Opcode::ReturnValue, 0, l(3));
    let f = f.finish().unwrap();

    let mut m = module();
    m.emit_const(Constant::Code(Arc::new(f)), l(1));
    m.emit(Opcode::MakeFunction, 0, l(1));
    m.emit_name(Opcode::StoreName, "fib", l(1));
    call_print(
        &mut m,
        |m| {
            m.emit(Opcode::PushNull, 0, l(4));
            m.emit_name(Opcode::LoadName, "fib", l(4));
            m.emit_const(Constant::Int(20), l(4));
            m.emit(Opcode::Call, 1, l(4));
        },
        4,
    );
    ret_none(&mut m, 4);
    m.finish().unwrap()
}

#[test]
fn recursive_calls() {
    let (out, r) = run(fib_program());
    r.unwrap();
    assert_eq!(out, "6765\n");
}

#[test]
fn gc_stress_gives_the_same_output() {
    let (out, r) = run_with(fib_program(), VmConfig::default(), true);
    r.unwrap();
    assert_eq!(out, "6765\n");
}

/// total = 0; for i in range(1000): total += i; print(total)
#[test]
fn range_loop() {
    let mut m = module();
    let top = m.new_label();
    let end = m.new_label();
    m.emit_const(Constant::Int(0), l(1));
    m.emit_name(Opcode::StoreName, "total", l(1));
    m.emit_load_global("range", true, l(2));
    m.emit(Opcode::PushNull, 0, l(2));
    m.emit(Opcode::PopTop, 0, l(2));
    m.emit(Opcode::PopTop, 0, l(2));
    m.emit(Opcode::PushNull, 0, l(2));
    m.emit_name(Opcode::LoadName, "range", l(2));
    m.emit_const(Constant::Int(1000), l(2));
    m.emit(Opcode::Call, 1, l(2));
    m.emit(Opcode::GetIter, 0, l(2));
    m.bind_label(top);
    m.emit_jump(Opcode::ForIter, end, l(2));
    m.emit_name(Opcode::StoreName, "i", l(2));
    m.emit_name(Opcode::LoadName, "total", l(3));
    m.emit_name(Opcode::LoadName, "i", l(3));
    m.emit_binary_op(BinaryOperator::InplaceAdd, l(3));
    m.emit_name(Opcode::StoreName, "total", l(3));
    m.emit_jump(Opcode::JumpBackward, top, l(3));
    m.bind_label(end);
    call_print(&mut m, |m| m.emit_name(Opcode::LoadName, "total", l(4)), 4);
    ret_none(&mut m, 4);
    let (out, r) = run(m.finish().unwrap());
    r.unwrap();
    assert_eq!(out, "499500\n");
}

/// def f(): return f()   f()  → RecursionError, no crash
#[test]
fn unbounded_recursion_is_a_recursion_error() {
    let mut f = function("f", &[]);
    f.emit_load_global("f", true, l(2));
    f.emit(Opcode::Call, 0, l(2));
    f.emit(Opcode::ReturnValue, 0, l(2));
    let f = f.finish().unwrap();
    let mut m = module();
    m.emit_const(Constant::Code(Arc::new(f)), l(1));
    m.emit(Opcode::MakeFunction, 0, l(1));
    m.emit_name(Opcode::StoreName, "f", l(1));
    m.emit(Opcode::PushNull, 0, l(3));
    m.emit_name(Opcode::LoadName, "f", l(3));
    m.emit(Opcode::Call, 0, l(3));
    m.emit(Opcode::PopTop, 0, l(3));
    ret_none(&mut m, 3);
    let (_, r) = run(m.finish().unwrap());
    let text = r.unwrap_err();
    assert!(text.starts_with("Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n    line3\n  File \"t.py\", line 2, in f\n    line2\n"), "{text}");
    assert!(
        text.contains("[Previous line repeated 996 more times]"),
        "{text}"
    );
    assert!(
        text.ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{text}"
    );
}

/// try: 1/0  except ZeroDivisionError as e: print(e)
#[test]
fn try_except_catches_by_class() {
    let mut m = module();
    let handler = m.new_label();
    let cleanup = m.new_label();
    let nomatch = m.new_label();
    let end = m.new_label();
    m.emit(Opcode::Nop, 0, l(1));
    m.push_handler(handler, 0, false);
    m.emit_const(Constant::Int(1), l(2));
    m.emit_const(Constant::Int(0), l(2));
    m.emit_binary_op(BinaryOperator::TrueDivide, l(2));
    m.emit(Opcode::PopTop, 0, l(2));
    m.pop_handler();
    m.emit_jump(Opcode::JumpForward, end, l(2));
    m.bind_label(handler);
    m.push_handler(cleanup, 1, true);
    m.emit(Opcode::PushExcInfo, 0, l(3));
    m.emit_load_global("ZeroDivisionError", false, l(3));
    m.emit(Opcode::CheckExcMatch, 0, l(3));
    m.emit_jump(Opcode::PopJumpIfTrue, nomatch, l(3));
    m.emit(Opcode::Reraise, 0, l(3));
    m.bind_label(nomatch);
    m.emit_name(Opcode::StoreName, "e", l(3));
    call_print(&mut m, |m| m.emit_name(Opcode::LoadName, "e", l(4)), 4);
    m.pop_handler();
    m.emit(Opcode::PopExcept, 0, l(4));
    m.emit_jump(Opcode::JumpForward, end, l(4));
    m.bind_label(cleanup);
    m.emit(Opcode::Copy, 3, SourceRange::NONE);
    m.emit(Opcode::PopExcept, 0, SourceRange::NONE);
    m.emit(Opcode::Reraise, 1, SourceRange::NONE);
    m.bind_label(end);
    call_print(&mut m, |m| m.emit_const(Constant::str("after"), l(5)), 5);
    ret_none(&mut m, 5);
    let (out, r) = run(m.finish().unwrap());
    r.unwrap();
    assert_eq!(out, "division by zero\nafter\n");
}

#[test]
fn uncaught_exception_traceback() {
    let mut m = module();
    m.emit_const(Constant::Int(1), l(2));
    m.emit_const(Constant::Int(0), l(2));
    m.emit_binary_op(BinaryOperator::FloorDivide, l(2));
    m.emit(Opcode::PopTop, 0, l(2));
    ret_none(&mut m, 2);
    let (_, r) = run(m.finish().unwrap());
    assert_eq!(
        r.unwrap_err(),
        "Traceback (most recent call last):\n  File \"t.py\", line 2, in <module>\n    line2\nZeroDivisionError: integer division or modulo by zero\n"
    );
}

#[test]
fn instruction_budget_is_not_catchable() {
    let mut m = module();
    let top = m.new_label();
    m.bind_label(top);
    m.emit(Opcode::Nop, 0, l(1));
    m.emit_jump(Opcode::JumpBackward, top, l(1));
    let mut vm = Vm::default();
    vm.set_budget(Some(10_000));
    let g = vm.new_module_globals("__main__").unwrap();
    let e = vm.run_code(Arc::new(m.finish().unwrap()), g).unwrap_err();
    assert!(!e.is_catchable());
}

#[test]
fn many_vms() {
    let code = Arc::new(fib_program());
    for _ in 0..50 {
        let mut vm = Vm::default();
        vm.capture_output();
        let g = vm.new_module_globals("__main__").unwrap();
        vm.run_code(code.clone(), g).unwrap();
        assert_eq!(vm.take_output(), "6765\n");
    }
    let e = Vm::default();
    drop(e);
    let _ = ExcKind::ValueError;
}

fn compile(src: &str) -> Arc<Code> {
    hotpy_compiler::compile_module(src, "t.py").unwrap()
}

#[test]
fn heap_limit_is_not_catchable_and_the_vm_stays_usable() {
    let mut vm = Vm::new(VmConfig {
        heap_limit: Some(4 << 20),
        ..VmConfig::default()
    });
    vm.capture_output();
    let g = vm.new_module_globals("__main__").unwrap();
    let src =
        "try:\n    x = [[i] for i in range(10**7)]\nexcept MemoryError:\n    print('caught')\n";
    let e = vm.run_code(compile(src), g).unwrap_err();
    assert!(!e.is_catchable(), "{e}");
    assert_eq!(vm.take_output(), "");
    let g = vm.new_module_globals("__main__").unwrap();
    vm.run_code(compile("print(1 + 1)"), g).unwrap();
    assert_eq!(vm.take_output(), "2\n");
}

#[test]
fn natives_call_back_into_python() {
    let mut vm = Vm::default();
    vm.capture_output();
    let g = vm.new_module_globals("__main__").unwrap();
    let src =
        "def key(x):\n    return -x\nprint(sorted([3, 1, 2], key=key), list(map(key, [1, 2])))\n";
    vm.run_code(compile(src), g).unwrap();
    assert_eq!(vm.take_output(), "[3, 2, 1] [-1, -2]\n");
    // A Python function called from Rust.
    let k = vm.new_str("key").unwrap();
    let key = match vm.heap.get(g) {
        hotpy_vm::Object::Dict(d) => d
            .iter()
            .find(|(n, _)| matches!(n.as_obj().map(|r| vm.heap.get(r)), Some(hotpy_vm::Object::Str(s)) if s.as_str() == "key"))
            .map(|(_, v)| *v)
            .unwrap(),
        _ => unreachable!(),
    };
    let _ = k;
    let r = vm.call(key, &[hotpy_vm::Value::Int(5)]).unwrap();
    assert_eq!(r, hotpy_vm::Value::Int(-5));
}
