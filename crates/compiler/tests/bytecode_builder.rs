//! `CodeBuilder`: labels, layout with `EXTENDED_ARG`, constant and name tables, stack depth, exception
//! and line tables, and the errors it reports instead of panicking.

use std::sync::Arc;

use hotpy_compiler::bytecode::{
    BinaryOperator, BuildError, Code, CodeBuilder, CodeFlags, CompareOperator, Constant, Decoded,
    ExceptionEntry, Opcode, SourceRange, MAX_INLINE_ARG,
};
use num_bigint::BigInt;
use rstest::rstest;

fn builder() -> CodeBuilder {
    CodeBuilder::new("f", "f", Arc::from("x.py"), 1)
}

fn at(line: u32) -> SourceRange {
    SourceRange::new(line, 4, line, 10)
}

fn decoded(code: &Code) -> Vec<Decoded> {
    code.decode().collect()
}

fn ops(code: &Code) -> Vec<(Opcode, u32)> {
    code.decode().map(|d| (d.op, d.arg)).collect()
}

/// Return None (the usual ending).
fn ret_none(b: &mut CodeBuilder, line: u32) {
    b.emit_const(Constant::None, at(line));
    b.emit(Opcode::ReturnValue, 0, at(line));
}

// ── Labels and layout ───────────────────────────────────────────────────────────────────────────

/// A loop with forward and backward jumps, cached instructions, a handler region and dead code,
/// laid out with the extended-argument threshold `threshold` (`None`: the default).
fn loop_code(threshold: Option<u32>) -> (String, usize) {
    let mut b = builder();
    if let Some(t) = threshold {
        b.set_extended_arg_threshold_for_tests(t);
    }
    let c = b.add_varname("c");
    let g = b.add_name("g");
    let top = b.new_label();
    let out = b.new_label();
    let handler = b.new_label();
    b.bind_label(top);
    b.push_handler(handler, 0, false);
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit_jump(Opcode::PopJumpIfFalse, out, at(1));
    b.emit(Opcode::LoadGlobal, g << 1, at(2));
    b.emit(Opcode::LoadFast, c, at(2));
    b.emit(Opcode::BinaryOp, 0, at(2));
    b.emit(Opcode::StoreFast, c, at(2));
    b.emit_jump(Opcode::JumpBackward, top, at(3));
    b.emit(Opcode::Nop, 0, at(3)); // unreachable
    b.pop_handler();
    b.bind_label(out);
    ret_none(&mut b, 4);
    b.bind_label(handler);
    b.emit(Opcode::PopTop, 0, at(5));
    ret_none(&mut b, 5);
    let n = b.instruction_count() as usize;
    (format!("{:?}", b.finish().unwrap()), n)
}

#[test]
fn short_code_layout_matches_the_general_one() {
    // Short code (three words an instruction stay within the threshold) is laid out in one pass;
    // a threshold just below that bound, still above every offset, takes the general two passes.
    let (short, n) = loop_code(None);
    let (general, _) = loop_code(Some(3 * n as u32 - 1));
    assert_eq!(short, general);
}

#[test]
fn forward_and_backward_jumps_are_patched() {
    // while x: x = f(x)
    let mut b = builder();
    let x = b.add_varname("x");
    let f = b.add_name("f");
    let top = b.new_label();
    let end = b.new_label();
    b.bind_label(top);
    b.emit(Opcode::LoadFast, x, at(1)); // 0
    b.emit_jump(Opcode::PopJumpIfFalse, end, at(1)); // 1
    b.emit(Opcode::LoadGlobal, (f << 1) | 1, at(2)); // 2 (+cache 3)
    b.emit(Opcode::LoadFast, x, at(2)); // 4
    b.emit(Opcode::Call, 1, at(2)); // 5 (+cache 6)
    b.emit(Opcode::StoreFast, x, at(2)); // 7
    b.emit_jump(Opcode::JumpBackward, top, at(2)); // 8
    b.bind_label(end);
    ret_none(&mut b, 3); // 9, 10
    let code = b.finish().unwrap();
    assert_eq!(
        ops(&code),
        [
            (Opcode::LoadFast, 0),
            (Opcode::PopJumpIfFalse, 9),
            (Opcode::LoadGlobal, 1),
            (Opcode::LoadFast, 0),
            (Opcode::Call, 1),
            (Opcode::StoreFast, 0),
            (Opcode::JumpBackward, 0),
            (Opcode::LoadConst, 0),
            (Opcode::ReturnValue, 0),
        ]
    );
    assert_eq!(code.instructions().len(), 11);
    assert_eq!(code.cache_slots(), 2);
    let caches: Vec<_> = code.decode().filter_map(|d| d.cache).collect();
    assert_eq!(caches, [0, 1]);
    assert_eq!(code.max_stack_depth(), 3);
}

#[test]
fn operands_beyond_24_bits_get_an_extended_arg_prefix() {
    let mut b = builder();
    let x = b.add_varname("x");
    b.emit(Opcode::LoadFast, x, at(1));
    b.emit(Opcode::UnpackSequence, MAX_INLINE_ARG + 1, at(1));
    b.emit(Opcode::ReturnValue, 0, at(1));
    let code = b.finish().unwrap();
    let words = code.instructions();
    assert_eq!(words.len(), 5);
    assert_eq!(
        (words[1].opcode(), words[1].arg()),
        (Opcode::ExtendedArg, 1)
    );
    assert_eq!(
        (words[2].opcode(), words[2].arg()),
        (Opcode::UnpackSequence, 0)
    );
    assert_eq!((words[3].opcode(), words[3].arg()), (Opcode::Cache, 0));
    assert_eq!(
        ops(&code),
        [
            (Opcode::LoadFast, 0),
            (Opcode::UnpackSequence, MAX_INLINE_ARG + 1),
            (Opcode::ReturnValue, 0)
        ]
    );
    assert_eq!(code.max_stack_depth(), MAX_INLINE_ARG + 1);
}

/// A jump over `filler` NOPs, with prefixes forced above `threshold`: the layout must converge and
/// every jump land on its target's first word.
#[rstest]
#[case::no_prefix_needed(10, 1000)]
#[case::forward_prefix(300, 255)]
#[case::target_at_threshold(252, 255)]
#[case::target_one_past(253, 255)]
fn jump_layout_with_extended_args(#[case] filler: u32, #[case] threshold: u32) {
    let mut b = builder();
    b.set_extended_arg_threshold_for_tests(threshold);
    let cond = b.add_varname("c");
    let top = b.new_label();
    let out = b.new_label();
    b.bind_label(top);
    b.emit(Opcode::LoadFast, cond, at(1));
    b.emit_jump(Opcode::PopJumpIfFalse, out, at(1));
    for _ in 0..filler {
        b.emit(Opcode::Nop, 0, at(2));
    }
    b.emit_jump(Opcode::JumpBackward, top, at(3));
    b.bind_label(out);
    ret_none(&mut b, 4);
    let code = b.finish().unwrap();

    let ds = decoded(&code);
    let starts: Vec<u32> = ds.iter().map(|d| d.start).collect();
    let jumps: Vec<&Decoded> = ds.iter().filter(|d| d.op.is_jump()).collect();
    assert_eq!(jumps.len(), 2);
    for j in &jumps {
        assert!(
            starts.contains(&j.arg),
            "{:?} lands inside an instruction",
            j
        );
        assert_eq!(j.prefixes, u32::from(j.arg > threshold), "{j:?}");
    }
    // The forward jump lands on LOAD_CONST None, the backward one on LOAD_FAST c.
    let landing = ds.iter().find(|d| d.start == jumps[0].arg).unwrap();
    assert_eq!(landing.op, Opcode::LoadConst);
    assert_eq!(jumps[1].arg, 0);
    assert_eq!(ds[0].op, Opcode::LoadFast);
}

#[test]
fn growing_one_jump_can_push_another_over_the_threshold() {
    // Jump A targets X, exactly at the threshold while no jump has a prefix; jump B targets Y, far
    // beyond it. B grows first, which moves X past the threshold, so A must grow in a second round.
    let threshold = 255;
    let mut b = builder();
    b.set_extended_arg_threshold_for_tests(threshold);
    let c = b.add_varname("c");
    let x = b.new_label();
    let y = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1)); // 0
    b.emit_jump(Opcode::PopJumpIfTrue, x, at(1)); // 1: A
    b.emit(Opcode::LoadFast, c, at(1)); // 2
    b.emit_jump(Opcode::PopJumpIfTrue, y, at(1)); // 3: B
    for _ in 0..251 {
        b.emit(Opcode::Nop, 0, at(2)); // 4..=254
    }
    b.bind_label(x); // 255 before any prefix
    b.emit(Opcode::LoadConst, 0, at(3));
    b.emit(Opcode::PopTop, 0, at(3));
    for _ in 0..50 {
        b.emit(Opcode::Nop, 0, at(4));
    }
    b.bind_label(y);
    ret_none(&mut b, 5);
    let code = b.finish().unwrap();
    let ds = decoded(&code);
    let jumps: Vec<&Decoded> = ds.iter().filter(|d| d.op.is_jump()).collect();
    assert_eq!((jumps[0].prefixes, jumps[0].arg), (1, 257));
    assert_eq!((jumps[1].prefixes, jumps[1].arg), (1, 309));
    let at_x = ds.iter().find(|d| d.start == 257).unwrap();
    assert_eq!((at_x.op, at_x.arg), (Opcode::LoadConst, 0));
    let at_y = ds.iter().find(|d| d.start == 309).unwrap();
    assert_eq!(at_y.op, Opcode::LoadConst);
    assert_eq!(ds.last().unwrap().op, Opcode::ReturnValue);
}

#[test]
fn jump_to_an_instruction_with_a_prefix_lands_on_the_prefix() {
    let mut b = builder();
    let c = b.add_varname("c");
    let target = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1)); // 0
    b.emit(Opcode::LoadFast, c, at(1)); // 1
    b.emit_jump(Opcode::PopJumpIfFalse, target, at(1)); // 2
    b.emit(Opcode::Nop, 0, at(1)); // 3
    b.bind_label(target);
    b.emit(Opcode::UnpackSequence, MAX_INLINE_ARG + 5, at(2)); // 4, 5, 6
    b.emit(Opcode::ReturnValue, 0, at(2)); // 7
    let code = b.finish().unwrap();
    let words = code.instructions();
    assert_eq!(words[2].arg(), 4);
    assert_eq!(words[4].opcode(), Opcode::ExtendedArg);
    assert_eq!(words[5].opcode(), Opcode::UnpackSequence);
}

#[test]
fn unreachable_instructions_are_dropped_and_offsets_close_up() {
    // if c: return 1 / else: return 2 — the `JUMP_FORWARD end` after the first return is dead, and
    // so is the implicit `return None` at `end`.
    let mut b = builder();
    let c = b.add_varname("c");
    let orelse = b.new_label();
    let end = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit_jump(Opcode::PopJumpIfFalse, orelse, at(1));
    b.emit_const(Constant::Int(1), at(2));
    b.emit(Opcode::ReturnValue, 0, at(2));
    assert!(!b.is_reachable());
    b.emit_jump(Opcode::JumpForward, end, at(2));
    b.emit(Opcode::BinaryOp, 0, at(2)); // would underflow if it were analysed
    b.emit_load_global("unused", true, at(2)); // would take a cache slot
    b.bind_label(orelse);
    assert!(b.is_reachable());
    b.emit_const(Constant::Int(2), at(4));
    b.emit(Opcode::ReturnValue, 0, at(4));
    b.bind_label(end);
    ret_none(&mut b, 4);
    let code = b.finish().unwrap();
    assert_eq!(
        ops(&code),
        [
            (Opcode::LoadFast, 0),
            (Opcode::PopJumpIfFalse, 4),
            (Opcode::LoadConst, 0),
            (Opcode::ReturnValue, 0),
            (Opcode::LoadConst, 1),
            (Opcode::ReturnValue, 0),
        ]
    );
    assert_eq!(code.instructions().len(), 6);
    assert_eq!(code.cache_slots(), 0);
    assert_eq!(code.line_table().runs().last().unwrap().end, 6);
    assert_eq!(code.location(4), Some(at(4)));
}

#[test]
fn dead_code_inside_a_handler_region_leaves_no_entry() {
    let mut b = builder();
    let h = b.new_label();
    ret_none(&mut b, 1);
    b.push_handler(h, 0, false);
    b.emit(Opcode::Nop, 0, at(2));
    b.pop_handler();
    b.bind_label(h);
    b.emit(Opcode::Reraise, 0, at(3));
    let code = b.finish().unwrap();
    assert!(code.exception_table().is_empty());
    assert_eq!(code.instructions().len(), 2);
}

#[test]
fn depth_tracking_ignores_handlers_opened_in_dead_code() {
    // for it in …: if c: <a> else: return; try: pass except: pass  — the try is dead; the label
    // after it is reached from the live `if` branch with the iterator on the stack.
    let mut b = builder();
    let c = b.add_varname("c");
    let end = b.new_label();
    let orelse = b.new_label();
    let handler = b.new_label();
    let after_try = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit(Opcode::GetIter, 0, at(1)); // [it]
    b.emit(Opcode::LoadFast, c, at(2));
    b.emit_jump(Opcode::PopJumpIfFalse, orelse, at(2));
    b.emit_jump(Opcode::JumpForward, end, at(3)); // live, depth 1
    b.bind_label(orelse);
    b.emit(Opcode::ReturnValue, 0, at(4)); // returns the iterator
    b.push_handler(handler, 0, false); // dead
    b.emit(Opcode::Nop, 0, at(5));
    b.pop_handler();
    b.emit_jump(Opcode::JumpForward, after_try, at(5));
    b.bind_label(handler);
    assert_eq!(b.current_depth(), None);
    b.emit(Opcode::PopTop, 0, at(6));
    b.bind_label(after_try);
    b.bind_label(end);
    assert_eq!(b.current_depth(), Some(1));
    b.emit(Opcode::ReturnValue, 0, at(7));
    let code = b.finish().unwrap();
    assert!(code.exception_table().is_empty());
}

#[test]
fn typed_emit_helpers() {
    let mut b = builder();
    let x = b.add_varname("x");
    b.emit_load_global("print", true, at(1));
    b.emit(Opcode::LoadFast, x, at(1));
    b.emit_name(Opcode::LoadAttr, "real", at(1));
    b.emit_name(Opcode::LoadGlobal, "y", at(1));
    b.emit_binary_op(BinaryOperator::Power, at(1));
    b.emit_const(Constant::Int(0), at(1));
    b.emit_compare_op(CompareOperator::Ge, at(1));
    b.emit(Opcode::Call, 1, at(1));
    b.emit(Opcode::ReturnValue, 0, at(1));
    let code = b.finish().unwrap();
    assert_eq!(
        ops(&code),
        [
            (Opcode::LoadGlobal, 1),
            (Opcode::LoadFast, 0),
            (Opcode::LoadAttr, 1),
            (Opcode::LoadGlobal, 4),
            (Opcode::BinaryOp, 8),
            (Opcode::LoadConst, 0),
            (Opcode::CompareOp, 5),
            (Opcode::Call, 1),
            (Opcode::ReturnValue, 0),
        ]
    );
    let names: Vec<&str> = code.names().iter().map(|n| &**n).collect();
    assert_eq!(names, ["print", "real", "y"]);
    assert_eq!(code.cache_slots(), 6);
    assert_eq!(code.max_stack_depth(), 4);
}

// ── Constants and names ─────────────────────────────────────────────────────────────────────────

#[rstest]
#[case::same_int(Constant::Int(1), Constant::Int(1), true)]
#[case::int_and_true(Constant::Int(1), Constant::Bool(true), false)]
#[case::zero_and_false(Constant::Int(0), Constant::Bool(false), false)]
#[case::int_and_float(Constant::Int(0), Constant::Float(0.0), false)]
#[case::zero_and_negative_zero(Constant::Float(0.0), Constant::Float(-0.0), false)]
#[case::same_float(Constant::Float(1.5), Constant::Float(1.5), true)]
#[case::nan_and_nan(Constant::Float(f64::NAN), Constant::Float(f64::NAN), true)]
#[case::complex_signed_zero(
    Constant::Complex { re: 0.0, im: 1.0 },
    Constant::Complex { re: -0.0, im: 1.0 },
    false
)]
#[case::str_and_bytes(Constant::str("a"), Constant::bytes(b"a"), false)]
#[case::same_str(Constant::str("a"), Constant::str("a"), true)]
#[case::tuples_by_item(
    Constant::tuple([Constant::Int(1), Constant::Float(0.0)]),
    Constant::tuple([Constant::Int(1), Constant::Float(0.0)]),
    true
)]
#[case::tuples_keep_types(
    Constant::tuple([Constant::Int(1)]),
    Constant::tuple([Constant::Bool(true)]),
    false
)]
#[case::tuples_keep_zero_sign(
    Constant::tuple([Constant::Float(0.0)]),
    Constant::tuple([Constant::Float(-0.0)]),
    false
)]
#[case::tuple_and_frozenset(
    Constant::tuple([Constant::Int(1)]),
    Constant::FrozenSet(Arc::from([Constant::Int(1)])),
    false
)]
#[case::none_and_ellipsis(Constant::None, Constant::Ellipsis, false)]
#[case::big_ints(
    Constant::int(BigInt::from(1) << 100),
    Constant::int(BigInt::from(1) << 100),
    true
)]
fn constant_dedup(#[case] a: Constant, #[case] b: Constant, #[case] same: bool) {
    let mut builder = builder();
    let i = builder.add_const(a);
    let j = builder.add_const(b);
    assert_eq!(i, 0);
    assert_eq!(i == j, same);
}

#[test]
fn constant_int_picks_the_small_form() {
    assert_eq!(Constant::int(BigInt::from(7)), Constant::Int(7));
    assert!(matches!(
        Constant::int(BigInt::from(i64::MAX) + 1),
        Constant::BigInt(_)
    ));
}

#[test]
fn code_constants_dedup_by_identity() {
    let make = || {
        let mut b = builder();
        ret_none(&mut b, 1);
        Arc::new(b.finish().unwrap())
    };
    let (c1, c2) = (make(), make());
    let mut b = builder();
    let i = b.add_const(Constant::Code(c1.clone()));
    assert_eq!(b.add_const(Constant::Code(c1)), i);
    assert_ne!(b.add_const(Constant::Code(c2)), i);
}

#[test]
fn name_tables_dedup_and_keep_order() {
    let mut b = builder();
    assert_eq!(b.add_name("print"), 0);
    assert_eq!(b.add_name("x"), 1);
    assert_eq!(b.add_name("print"), 0);
    assert_eq!(b.add_varname("a"), 0);
    assert_eq!(b.add_varname("x"), 1);
    assert_eq!(b.add_varname("a"), 0);
    assert_eq!(b.varname_index("x"), Some(1));
    assert_eq!(b.varname_index("nope"), None);
    assert_eq!(b.add_cellvar("c1"), 0);
    assert_eq!(b.add_cellvar("c2"), 1);
    assert_eq!(b.add_freevar("f1"), 2);
    assert_eq!(b.add_freevar("f1"), 2);
    assert_eq!(b.deref_index("c2"), Some(1));
    assert_eq!(b.deref_index("f1"), Some(2));
    assert_eq!(b.deref_index("x"), None);
    ret_none(&mut b, 1);
    let code = b.finish().unwrap();
    assert_eq!(&*code.names()[0], "print");
    assert_eq!(code.varnames().len(), 2);
    assert_eq!(code.deref_name(1), Some("c2"));
    assert_eq!(code.deref_name(2), Some("f1"));
    assert_eq!(code.deref_name(3), None);
}

// ── Stack depth ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn stack_depth_of_a_for_loop() {
    // total = 0; for i in x: total += i; return total
    let mut b = builder();
    let x = b.add_varname("x");
    let total = b.add_varname("total");
    let i = b.add_varname("i");
    b.emit_const(Constant::Int(0), at(2));
    b.emit(Opcode::StoreFast, total, at(2));
    b.emit(Opcode::LoadFast, x, at(3));
    b.emit(Opcode::GetIter, 0, at(3));
    let top = b.new_label();
    let done = b.new_label();
    b.bind_label(top);
    b.emit_jump(Opcode::ForIter, done, at(3));
    assert_eq!(b.current_depth(), Some(2));
    b.emit(Opcode::StoreFast, i, at(3));
    b.emit(Opcode::LoadFast, total, at(4));
    b.emit(Opcode::LoadFast, i, at(4));
    b.emit(Opcode::BinaryOp, 13, at(4));
    b.emit(Opcode::StoreFast, total, at(4));
    b.emit_jump(Opcode::JumpBackward, top, at(4));
    assert!(!b.is_reachable());
    b.bind_label(done);
    assert_eq!(b.current_depth(), Some(0));
    b.emit(Opcode::LoadFast, total, at(5));
    b.emit(Opcode::ReturnValue, 0, at(5));
    let code = b.finish().unwrap();
    assert_eq!(code.max_stack_depth(), 3);
}

/// `try: f() / except E: g()`, shaped as CPython 3.11 compiles it. Returns the code and checks
/// nothing; the tests below look at it.
fn try_except() -> Code {
    let mut b = CodeBuilder::new("<module>", "<module>", Arc::from("t.py"), 1);
    // LOAD_BUILD_CLASS stands for the loads of `f`, `E` and `g`: one word each, no cache.
    let handler = b.new_label();
    let cleanup = b.new_label();
    let reraise = b.new_label();
    let end = b.new_label();
    b.emit(Opcode::Nop, 0, at(1)); // 0
    b.push_handler(handler, 0, false);
    b.emit(Opcode::PushNull, 0, at(2)); // 1
    b.emit(Opcode::LoadBuildClass, 0, at(2)); // 2
    b.emit(Opcode::Call, 0, at(2)); // 3 (+4)
    b.emit(Opcode::PopTop, 0, at(2)); // 5
    b.pop_handler();
    b.emit_jump(Opcode::JumpForward, end, at(2)); // 6
    b.bind_label(handler);
    assert_eq!(b.current_depth(), Some(1));
    b.push_handler(cleanup, 1, true);
    b.emit(Opcode::PushExcInfo, 0, at(3)); // 7
    b.emit(Opcode::LoadBuildClass, 0, at(3)); // 8
    b.emit(Opcode::CheckExcMatch, 0, at(3)); // 9
    b.emit_jump(Opcode::PopJumpIfFalse, reraise, at(3)); // 10
    b.emit(Opcode::PopTop, 0, at(3)); // 11
    b.emit(Opcode::PushNull, 0, at(4)); // 12
    b.emit(Opcode::LoadBuildClass, 0, at(4)); // 13
    b.emit(Opcode::Call, 0, at(4)); // 14 (+15)
    b.emit(Opcode::PopTop, 0, at(4)); // 16
    b.pop_handler();
    b.emit(Opcode::PopExcept, 0, at(4)); // 17
    b.emit_jump(Opcode::JumpForward, end, at(4)); // 18
    b.bind_label(reraise);
    b.push_handler(cleanup, 1, true);
    b.emit(Opcode::Reraise, 0, at(3)); // 19
    b.pop_handler();
    b.bind_label(cleanup);
    assert_eq!(b.current_depth(), Some(3));
    b.emit(Opcode::Copy, 3, SourceRange::NONE); // 20
    b.emit(Opcode::PopExcept, 0, SourceRange::NONE); // 21
    b.emit(Opcode::Reraise, 1, SourceRange::NONE); // 22
    b.bind_label(end);
    assert_eq!(b.current_depth(), Some(0));
    ret_none(&mut b, 4); // 23, 24
    b.finish().unwrap()
}

#[test]
fn stack_depth_of_try_except_counts_handler_entries() {
    let code = try_except();
    // The cleanup handler enters with [prev_exc, lasti, exc] and COPY 3 makes 4.
    assert_eq!(code.max_stack_depth(), 4);
    assert_eq!(code.instructions().len(), 25);
}

#[test]
fn exception_table_ranges() {
    let code = try_except();
    assert_eq!(
        code.exception_table(),
        [
            ExceptionEntry {
                start: 1,
                end: 6,
                target: 7,
                depth: 0,
                lasti: false
            },
            ExceptionEntry {
                start: 7,
                end: 17,
                target: 20,
                depth: 1,
                lasti: true
            },
            ExceptionEntry {
                start: 19,
                end: 20,
                target: 20,
                depth: 1,
                lasti: true
            },
        ]
    );
}

#[rstest]
#[case(0, None)]
#[case(1, Some(7))]
#[case(4, Some(7))] // the CALL's cache word
#[case(5, Some(7))]
#[case(6, None)]
#[case(7, Some(20))]
#[case(16, Some(20))]
#[case(17, None)]
#[case(18, None)]
#[case(19, Some(20))]
#[case(20, None)]
#[case(24, None)]
#[case(1000, None)]
fn exception_table_lookup(#[case] offset: u32, #[case] target: Option<u32>) {
    let code = try_except();
    assert_eq!(code.handler_for(offset).map(|e| e.target), target);
}

#[test]
fn nested_handlers_innermost_wins_and_outer_resumes() {
    let mut b = builder();
    let outer = b.new_label();
    let inner = b.new_label();
    b.push_handler(outer, 0, false);
    b.emit(Opcode::Nop, 0, at(1)); // 0 outer
    b.push_handler(inner, 0, true);
    b.emit(Opcode::Nop, 0, at(2)); // 1 inner
    b.pop_handler();
    b.emit(Opcode::Nop, 0, at(3)); // 2 outer
    b.pop_handler();
    ret_none(&mut b, 3); // 3, 4
    b.bind_label(outer);
    b.emit(Opcode::Reraise, 0, at(4)); // 5
    b.bind_label(inner);
    b.emit(Opcode::PopTop, 0, at(5)); // 6
    b.emit(Opcode::Reraise, 0, at(5)); // 7
    let code = b.finish().unwrap();
    let targets: Vec<_> = (0..5)
        .map(|o| code.handler_for(o).map(|e| e.target))
        .collect();
    assert_eq!(targets, [Some(5), Some(6), Some(5), None, None]);
    assert_eq!(code.exception_table().len(), 3);
    assert_eq!(code.max_stack_depth(), 2);
}

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn stack_underflow_is_reported() {
    let mut b = builder();
    b.emit_const(Constant::Int(1), at(1));
    b.emit(Opcode::BinaryOp, 0, at(1));
    b.emit(Opcode::ReturnValue, 0, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::StackUnderflow {
            index: 1,
            op: Opcode::BinaryOp,
            depth: 1,
            needed: 2
        }
    );
}

#[test]
fn underflow_in_a_return_is_reported() {
    let mut b = builder();
    b.emit(Opcode::ReturnValue, 0, at(1));
    assert!(matches!(
        b.finish(),
        Err(BuildError::StackUnderflow { index: 0, .. })
    ));
}

#[test]
fn inconsistent_depth_at_a_merge_is_reported() {
    // if c: push 1 — then both paths meet at `join` with different depths.
    let mut b = builder();
    let c = b.add_varname("c");
    let join = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit_jump(Opcode::PopJumpIfFalse, join, at(1));
    b.emit_const(Constant::Int(1), at(1));
    b.bind_label(join);
    ret_none(&mut b, 2);
    let err = b.finish().unwrap_err();
    assert!(
        matches!(err, BuildError::InconsistentStackDepth { index: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("stack depth"));
}

#[test]
fn handler_deeper_than_the_stack_is_reported() {
    let mut b = builder();
    let h = b.new_label();
    b.push_handler(h, 2, false);
    b.emit(Opcode::Nop, 0, at(1));
    b.pop_handler();
    ret_none(&mut b, 1);
    b.bind_label(h);
    b.emit(Opcode::Reraise, 0, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::HandlerDepthTooDeep {
            index: 0,
            depth: 0,
            handler_depth: 2
        }
    );
}

#[test]
fn misuse_is_reported_not_panicked() {
    let mut b = builder();
    let l = b.new_label();
    b.emit_jump(Opcode::JumpForward, l, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::UnboundLabel { label: l }
    );

    let mut b = builder();
    let l = b.new_label();
    b.bind_label(l);
    b.bind_label(l);
    ret_none(&mut b, 1);
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::LabelBoundTwice { label: l }
    );

    let mut b = builder();
    b.emit(Opcode::JumpForward, 3, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::JumpNeedsLabel {
            op: Opcode::JumpForward
        }
    );

    let mut b = builder();
    let l = b.new_label();
    b.emit_jump(Opcode::LoadFast, l, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::NotAJump {
            op: Opcode::LoadFast
        }
    );

    let mut b = builder();
    b.emit_name(Opcode::LoadFast, "x", at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::NotANameOp {
            op: Opcode::LoadFast
        }
    );

    let mut b = builder();
    b.emit(Opcode::Cache, 0, at(1));
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::ReservedOpcode { op: Opcode::Cache }
    );

    let mut b = builder();
    b.pop_handler();
    assert_eq!(b.finish().unwrap_err(), BuildError::PopHandlerWithoutPush);

    let mut b = builder();
    let l = b.new_label();
    b.push_handler(l, 0, false);
    ret_none(&mut b, 1);
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::UnclosedHandlers { open: 1 }
    );

    let mut b = builder();
    b.add_freevar("f");
    b.add_cellvar("c");
    assert!(matches!(b.finish(), Err(BuildError::CellAfterFree { .. })));
}

#[rstest]
#[case::const_index(Opcode::LoadConst, 1)]
#[case::local_slot(Opcode::StoreFast, 1)]
#[case::name(Opcode::LoadName, 1)]
#[case::global_name(Opcode::LoadGlobal, 2)]
#[case::deref_slot(Opcode::LoadDeref, 0)]
#[case::binary_operator(Opcode::BinaryOp, 26)]
#[case::comparison(Opcode::CompareOp, 6)]
#[case::slice_arity(Opcode::BuildSlice, 1)]
#[case::function_flags(Opcode::MakeFunction, 16)]
#[case::copy_zero(Opcode::Copy, 0)]
fn operands_out_of_range_are_reported(#[case] op: Opcode, #[case] arg: u32) {
    // One constant, one local, one name: index 1 (2 for LOAD_GLOBAL's shifted index) is past them.
    let mut b = builder();
    b.add_const(Constant::None);
    b.add_varname("x");
    b.add_name("n");
    b.emit(op, arg, at(1));
    ret_none(&mut b, 1);
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::OperandOutOfRange { index: 0, op, arg }
    );
}

#[test]
fn absurd_operands_are_errors_not_overflows() {
    let mut b = builder();
    b.emit(Opcode::Call, u32::MAX, at(1));
    b.emit(Opcode::ReturnValue, 0, at(1));
    assert!(matches!(
        b.finish(),
        Err(BuildError::StackUnderflow { index: 0, .. })
    ));

    let mut b = builder();
    let x = b.add_varname("x");
    b.emit(Opcode::LoadFast, x, at(1));
    b.emit(Opcode::UnpackSequence, u32::MAX, at(1));
    b.emit(Opcode::UnpackSequence, u32::MAX, at(1));
    b.emit(Opcode::ReturnValue, 0, at(1));
    assert_eq!(b.finish().unwrap_err(), BuildError::TooLarge);

    let mut b = builder();
    let h = b.new_label();
    b.push_handler(h, u32::MAX, true);
    b.emit(Opcode::Nop, 0, at(1));
    b.pop_handler();
    ret_none(&mut b, 1);
    b.bind_label(h);
    b.emit(Opcode::Reraise, 0, at(1));
    assert!(matches!(
        b.finish(),
        Err(BuildError::HandlerDepthTooDeep { .. })
    ));
}

#[rstest]
#[case::empty(0)]
#[case::no_return(1)]
fn falling_off_the_end_is_reported(#[case] nops: usize) {
    let mut b = builder();
    for _ in 0..nops {
        b.emit(Opcode::Nop, 0, at(1));
    }
    assert_eq!(b.finish().unwrap_err(), BuildError::FallsOffEnd);
}

#[test]
fn jump_to_a_label_at_the_end_falls_off() {
    let mut b = builder();
    let c = b.add_varname("c");
    let end = b.new_label();
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit_jump(Opcode::PopJumpIfFalse, end, at(1));
    ret_none(&mut b, 1);
    b.bind_label(end);
    assert_eq!(b.finish().unwrap_err(), BuildError::FallsOffEnd);
}

#[rstest]
#[case::conditional_backward(Opcode::PopJumpIfTrue, true)]
#[case::forward_jump_backward(Opcode::JumpForward, true)]
#[case::backward_jump_forward(Opcode::JumpBackward, false)]
#[case::backward_conditional_forward(Opcode::PopJumpBackwardIfTrue, false)]
fn jump_direction_is_checked(#[case] op: Opcode, #[case] backward: bool) {
    let mut b = builder();
    let c = b.add_varname("c");
    let l = b.new_label();
    if backward {
        b.bind_label(l);
    }
    b.emit(Opcode::LoadFast, c, at(1));
    b.emit_jump(op, l, at(1));
    if !backward {
        b.bind_label(l);
    }
    ret_none(&mut b, 1);
    assert_eq!(
        b.finish().unwrap_err(),
        BuildError::JumpDirection { index: 1, op }
    );
}

// ── Line table and code properties ──────────────────────────────────────────────────────────────

#[test]
fn line_table_lookup_per_word() {
    let mut b = builder();
    let x = b.add_varname("x");
    let a = b.add_name("a");
    b.emit(Opcode::LoadFast, x, SourceRange::new(2, 4, 2, 5)); // 0
    b.emit(Opcode::LoadAttr, a, SourceRange::new(2, 4, 3, 1)); // 1 (+2)
    b.emit(Opcode::UnpackSequence, MAX_INLINE_ARG + 1, at(7)); // 3, 4, 5
    b.emit(Opcode::PopTop, 0, SourceRange::NONE); // 6
    b.emit(Opcode::PopTop, 0, SourceRange::new(1, 0, 1, 2)); // 7
    ret_none(&mut b, 200); // 8, 9
    let code = b.finish().unwrap();
    let expect = [
        Some(SourceRange::new(2, 4, 2, 5)),
        Some(SourceRange::new(2, 4, 3, 1)),
        Some(SourceRange::new(2, 4, 3, 1)),
        Some(at(7)),
        Some(at(7)),
        Some(at(7)),
        None,
        Some(SourceRange::new(1, 0, 1, 2)),
        Some(at(200)),
        Some(at(200)),
        None,
    ];
    for (offset, want) in expect.iter().enumerate() {
        assert_eq!(code.location(offset as u32), *want, "offset {offset}");
    }
    let runs: Vec<_> = code.line_table().runs().collect();
    assert_eq!(runs.len(), 6);
    assert_eq!(runs.last().unwrap().end, 10);
    assert_eq!(code.line_table().line(5), Some(7));
    // Five runs with locations of about five bytes each, one without: compact.
    assert!(code.line_table().as_bytes().len() <= 30);
}

#[test]
fn code_properties_come_from_the_builder() {
    let source: Arc<str> = Arc::from("def f(a, /, b, *, c):\n    return a\n");
    let mut b = CodeBuilder::new("f", "C.f", Arc::from("m.py"), 1);
    b.set_source(source.clone());
    b.set_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
    b.add_flags(CodeFlags::GENERATOR);
    b.set_arg_counts(2, 1, 1);
    b.set_generation(7);
    for name in ["a", "b", "c"] {
        b.add_varname(name);
    }
    b.emit(Opcode::ReturnGenerator, 0, at(1));
    b.emit(Opcode::LoadFast, 0, at(2));
    b.emit(Opcode::ReturnValue, 0, at(2));
    let code = b.finish().unwrap();
    assert_eq!((code.name(), code.qualname()), ("f", "C.f"));
    assert_eq!(&**code.filename(), "m.py");
    assert!(Arc::ptr_eq(code.source().unwrap(), &source));
    assert_eq!(code.source_line(2), Some("    return a"));
    assert_eq!(code.source_line(0), None);
    assert_eq!(code.source_line(4), None);
    assert!(code
        .flags()
        .contains(CodeFlags::GENERATOR | CodeFlags::OPTIMIZED));
    assert!(!code.flags().contains(CodeFlags::VARARGS));
    assert_eq!(
        format!("{:?}", code.flags()),
        "CodeFlags(OPTIMIZED | NEWLOCALS | GENERATOR)"
    );
    assert_eq!(
        (
            code.arg_count(),
            code.posonly_arg_count(),
            code.kwonly_arg_count()
        ),
        (2, 1, 1)
    );
    assert_eq!(code.generation(), 7);
    assert_eq!(code.first_line(), 1);
    assert_eq!(code.max_stack_depth(), 1);
    assert_eq!(code.cache_slots(), 0);
}

#[rstest]
#[case::first_token(0, 3, SourceRange::new(1, 0, 1, 3))]
#[case::inside_a_line(13, 19, SourceRange::new(2, 4, 2, 10))]
#[case::across_lines(4, 19, SourceRange::new(1, 4, 2, 10))]
#[case::utf8_columns_count_bytes(20, 24, SourceRange::new(2, 11, 2, 15))]
fn source_ranges_from_byte_spans(#[case] start: u32, #[case] end: u32, #[case] want: SourceRange) {
    // "def f():\n" is 9 bytes; "    return " 11 more; 'é' is 4 bytes with its quotes.
    let source = "def f():\n    return 'é'\n";
    assert_eq!(&source[13..19], "return");
    assert_eq!(&source[20..24], "'é'");
    let index = hotpy_lexer::LineIndex::new(source);
    assert_eq!(SourceRange::from_byte_range(&index, start, end), want);
}

#[test]
fn source_lines_follow_the_lexer_line_breaks() {
    let mut b = builder();
    b.set_source(Arc::from("a = 1\rb = 2\r\nc = 3"));
    ret_none(&mut b, 1);
    let code = b.finish().unwrap();
    assert_eq!(code.source_line(1), Some("a = 1"));
    assert_eq!(code.source_line(2), Some("b = 2"));
    assert_eq!(code.source_line(3), Some("c = 3"));
    assert_eq!(code.source_line(4), None);
}

#[test]
fn code_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Code>();
    shareable::<Arc<Code>>();
}

/// The line table a builder encodes during layout is the one `LineTable::encode` makes from the
/// same runs (dead instructions take no words, equal neighbours merge).
#[test]
fn line_table_from_layout_matches_encode() {
    use hotpy_compiler::bytecode::LineTable;
    let mut b = builder();
    let x = b.add_varname("x");
    b.emit(Opcode::LoadFast, x, at(2));
    b.emit(Opcode::LoadFast, x, at(2));
    b.emit_binary_op(BinaryOperator::Add, at(3));
    b.emit(Opcode::ReturnValue, 0, SourceRange::new(300, 200, 301, 150));
    b.emit(Opcode::PopTop, 0, at(5)); // unreachable: dropped
    let code = b.finish().unwrap();
    let expected = LineTable::encode(
        1,
        [
            (2, at(2)),
            (2, at(3)), // BINARY_OP and its CACHE word
            (1, SourceRange::new(300, 200, 301, 150)),
        ],
    );
    assert_eq!(code.line_table().as_bytes(), expected.as_bytes());
}

/// Adding the same code object twice gives one constant; a different code object another.
#[test]
fn code_constants_are_deduplicated_by_identity() {
    let inner = || {
        let mut b = builder();
        ret_none(&mut b, 1);
        Arc::new(b.finish().unwrap())
    };
    let (f, g) = (inner(), inner());
    let mut b = builder();
    let i = b.add_const(Constant::Code(Arc::clone(&f)));
    assert_eq!(b.add_const(Constant::Code(Arc::clone(&f))), i);
    assert_ne!(b.add_const(Constant::Code(g)), i);
}

/// All the code objects of one module share their name strings (one allocation per name).
#[test]
fn names_are_shared_between_the_code_objects_of_a_module() {
    let module = hotpy_compiler::compile_module(
        "def f(self, x):\n    return self.x + x\n\ndef g(self):\n    return self.x\n",
        "m.py",
    )
    .unwrap();
    let codes: Vec<Arc<Code>> = module
        .constants()
        .iter()
        .filter_map(|c| match c {
            Constant::Code(code) => Some(Arc::clone(code)),
            _ => None,
        })
        .collect();
    let (f, g) = (&codes[0], &codes[1]);
    assert!(Arc::ptr_eq(&f.varnames()[0], &g.varnames()[0])); // `self`
    assert!(Arc::ptr_eq(&f.names()[0], &g.names()[0])); // `x` the attribute
    assert!(Arc::ptr_eq(&f.varnames()[1], &f.names()[0])); // `x` the local, too
}
