//! The instruction word, its decoder, the opcode tables and stack effects.

use hotpy_compiler::bytecode::instr::{encode, encoded_len};
use hotpy_compiler::bytecode::{
    stack_effect, BinaryOperator, CompareOperator, Conversion, Decoder, Instr, MakeFunctionFlags,
    Opcode, MAX_INLINE_ARG,
};
use rstest::rstest;

#[rstest]
#[case(Opcode::LoadFast, 0)]
#[case(Opcode::LoadFast, 1)]
#[case(Opcode::LoadConst, 255)]
#[case(Opcode::LoadConst, 256)]
#[case(Opcode::DeleteName, 0x00AB_CDEF)]
#[case(Opcode::BuildTuple, MAX_INLINE_ARG)]
#[case(Opcode::BuildTuple, MAX_INLINE_ARG + 1)]
#[case(Opcode::LoadFast, 0x1234_5678)]
#[case(Opcode::Swap, u32::MAX)]
fn encode_decode_round_trip(#[case] op: Opcode, #[case] arg: u32) {
    let mut words = Vec::new();
    let n = encode(&mut words, op, arg);
    assert_eq!(n, words.len());
    let wide = arg > MAX_INLINE_ARG;
    assert_eq!(n, 1 + usize::from(wide));
    assert_eq!(encoded_len(op, arg) as usize, n);
    if wide {
        assert_eq!(words[0].opcode(), Opcode::ExtendedArg);
        assert_eq!(words[0].arg(), arg >> 24);
    }
    let last = *words.last().unwrap();
    assert_eq!(last.opcode(), op);
    assert_eq!(last.arg(), arg & MAX_INLINE_ARG);
    assert_eq!(Instr::from_raw(last.raw()), Some(last));

    let decoded: Vec<_> = Decoder::new(&words).collect();
    assert_eq!(decoded.len(), 1);
    let d = decoded[0];
    assert_eq!((d.op, d.arg), (op, arg));
    assert_eq!(d.start, 0);
    assert_eq!(d.op_offset, u32::from(wide));
    assert_eq!(d.prefixes, u32::from(wide));
    assert_eq!(d.end as usize, n);
    assert_eq!(d.cache, None);
}

#[test]
fn word_layout_is_opcode_in_low_byte() {
    let w = Instr::new(Opcode::LoadConst, 0x0012_3456);
    assert_eq!(w.raw() & 0xFF, Opcode::LoadConst as u32);
    assert_eq!(w.raw() >> 8, 0x0012_3456);
    assert_eq!(std::mem::size_of::<Instr>(), 4);
    assert_eq!(format!("{w:?}"), "LOAD_CONST 1193046");
}

#[test]
fn from_raw_rejects_unknown_opcodes() {
    let bad = Opcode::COUNT as u32;
    assert_eq!(Instr::from_raw(bad | (7 << 8)), None);
    assert_eq!(Instr::from_raw(0xFF), None);
    assert!(Instr::from_raw(Opcode::Nop as u32).is_some());
}

#[test]
fn decoder_attaches_cache_words_and_folds_prefixes() {
    let words = vec![
        Instr::new(Opcode::LoadGlobal, 3),
        Instr::new(Opcode::Cache, 0),
        Instr::new(Opcode::ExtendedArg, 0x01),
        Instr::new(Opcode::LoadAttr, 0x02),
        Instr::new(Opcode::Cache, 1),
        Instr::new(Opcode::ReturnValue, 0),
    ];
    let decoded: Vec<_> = Decoder::new(&words).collect();
    assert_eq!(decoded.len(), 3);
    assert_eq!(
        (
            decoded[0].op,
            decoded[0].arg,
            decoded[0].cache,
            decoded[0].end
        ),
        (Opcode::LoadGlobal, 3, Some(0), 2)
    );
    assert_eq!(
        (decoded[1].start, decoded[1].op_offset, decoded[1].arg),
        (2, 3, 0x0100_0002)
    );
    assert_eq!((decoded[1].cache, decoded[1].end), (Some(1), 5));
    assert_eq!((decoded[2].op, decoded[2].start), (Opcode::ReturnValue, 5));
}

#[test]
fn decoder_tolerates_malformed_streams() {
    // A trailing prefix and a missing cache word come back as they are instead of panicking.
    let words = vec![
        Instr::new(Opcode::BinaryOp, 0),
        Instr::new(Opcode::ExtendedArg, 1),
    ];
    let decoded: Vec<_> = Decoder::new(&words).collect();
    assert_eq!(decoded.len(), 2);
    assert_eq!(decoded[0].cache, None);
    assert_eq!(decoded[1].op, Opcode::ExtendedArg);
}

#[rstest]
#[case(Opcode::LoadConst, 0, false, 1)]
#[case(Opcode::PopTop, 0, false, -1)]
#[case(Opcode::LoadGlobal, 4, false, 1)]
#[case(Opcode::LoadGlobal, 5, false, 2)]
#[case(Opcode::LoadMethod, 0, false, 1)]
#[case(Opcode::Call, 0, false, -1)]
#[case(Opcode::Call, 3, false, -4)]
#[case(Opcode::CallKw, 2, false, -4)]
#[case(Opcode::CallFunctionEx, 0, false, -2)]
#[case(Opcode::CallFunctionEx, 1, false, -3)]
#[case(Opcode::MakeFunction, 0, false, 0)]
#[case(Opcode::MakeFunction, 0x09, false, -2)]
#[case(Opcode::MakeFunction, 0x0F, false, -4)]
#[case(Opcode::BinaryOp, 0, false, -1)]
#[case(Opcode::StoreSubscr, 0, false, -3)]
#[case(Opcode::StoreAttr, 0, false, -2)]
#[case(Opcode::BuildTuple, 0, false, 1)]
#[case(Opcode::BuildTuple, 3, false, -2)]
#[case(Opcode::BuildMap, 2, false, -3)]
#[case(Opcode::BuildConstKeyMap, 2, false, -2)]
#[case(Opcode::BuildSlice, 3, false, -2)]
#[case(Opcode::ListAppend, 2, false, -1)]
#[case(Opcode::MapAdd, 2, false, -2)]
#[case(Opcode::UnpackSequence, 3, false, 2)]
#[case(Opcode::UnpackEx, 1 | (2 << 8), false, 3)]
#[case(Opcode::FormatValue, 2, false, 0)]
#[case(Opcode::FormatValue, 2 | 4, false, -1)]
#[case(Opcode::Copy, 1, false, 1)]
#[case(Opcode::Swap, 2, false, 0)]
#[case(Opcode::ForIter, 0, false, 1)]
#[case(Opcode::ForIter, 0, true, -1)]
#[case(Opcode::JumpIfFalseOrPop, 0, false, -1)]
#[case(Opcode::JumpIfFalseOrPop, 0, true, 0)]
#[case(Opcode::PopJumpIfTrue, 0, true, -1)]
#[case(Opcode::PopJumpBackwardIfTrue, 0, false, -1)]
#[case(Opcode::PopJumpBackwardIfFalse, 0, true, -1)]
#[case(Opcode::Send, 0, false, 0)]
#[case(Opcode::Send, 0, true, -1)]
#[case(Opcode::PushExcInfo, 0, false, 1)]
#[case(Opcode::WithExceptStart, 0, false, 1)]
#[case(Opcode::BeforeWith, 0, false, 1)]
#[case(Opcode::ImportName, 0, false, -1)]
#[case(Opcode::ImportFrom, 0, false, 1)]
#[case(Opcode::RaiseVarargs, 2, false, -2)]
#[case(Opcode::Reraise, 1, false, -1)]
#[case(Opcode::ReturnValue, 0, false, -1)]
fn stack_effects(#[case] op: Opcode, #[case] arg: u32, #[case] jump: bool, #[case] effect: i32) {
    assert_eq!(stack_effect(op, arg, jump), effect);
}

#[test]
fn stack_io_needs_at_least_what_it_pops() {
    // `popped` is the depth an instruction needs: COPY n looks n deep, LIST_APPEND i reaches the list.
    assert_eq!(Opcode::Copy.stack_io(3, false), (3, 4));
    assert_eq!(Opcode::ListAppend.stack_io(1, false), (2, 1));
    assert_eq!(Opcode::Reraise.stack_io(1, false), (2, 1));
}

#[test]
fn jump_and_terminal_classification() {
    let jumps: Vec<&str> = Opcode::ALL
        .iter()
        .filter(|op| op.is_jump())
        .map(|op| op.name())
        .collect();
    assert_eq!(
        jumps,
        [
            "JUMP_FORWARD",
            "JUMP_BACKWARD",
            "POP_JUMP_BACKWARD_IF_TRUE",
            "POP_JUMP_BACKWARD_IF_FALSE",
            "POP_JUMP_IF_FALSE",
            "POP_JUMP_IF_TRUE",
            "POP_JUMP_IF_NONE",
            "POP_JUMP_IF_NOT_NONE",
            "JUMP_IF_FALSE_OR_POP",
            "JUMP_IF_TRUE_OR_POP",
            "FOR_ITER",
            "SEND"
        ]
    );
    for op in Opcode::ALL {
        if op.is_jump() {
            assert!(op.has_arg(), "{op}");
        }
        if op.has_cache() {
            assert!(!op.is_jump(), "{op}: jumps carry no cache");
        }
    }
    assert!(Opcode::ReturnValue.is_terminal() && !Opcode::PopJumpIfFalse.is_terminal());
}

#[rstest]
#[case(0, "+", "__add__", false)]
#[case(4, "@", "__matmul__", false)]
#[case(8, "**", "__pow__", false)]
#[case(10, "-", "__sub__", false)]
#[case(13, "+=", "__iadd__", true)]
#[case(25, "^=", "__ixor__", true)]
fn binary_operators(
    #[case] arg: u32,
    #[case] symbol: &str,
    #[case] dunder: &str,
    #[case] inplace: bool,
) {
    let op = BinaryOperator::from_arg(arg).unwrap();
    assert_eq!(op.symbol(), symbol);
    assert_eq!(op.dunder(), dunder);
    assert_eq!(op.is_inplace(), inplace);
    assert!(op.to_inplace().is_inplace());
    assert!(!op.without_inplace().is_inplace());
    assert_eq!(op.to_inplace().without_inplace(), op.without_inplace());
}

#[test]
fn operator_tables_end_where_they_should() {
    assert_eq!(BinaryOperator::from_arg(26), None);
    assert_eq!(
        BinaryOperator::InplaceSubtract.reflected_dunder(),
        "__rsub__"
    );
    assert_eq!(CompareOperator::from_arg(6), None);
    assert_eq!(CompareOperator::from_arg(1).unwrap().symbol(), "<=");
    assert_eq!(CompareOperator::Lt.swapped(), CompareOperator::Gt);
    assert_eq!(CompareOperator::Ge.dunder(), "__ge__");
    assert_eq!(Conversion::Repr.format_value_arg(true), 6);
    assert_eq!(Conversion::from_arg(6), Conversion::Repr);
    assert_eq!(
        MakeFunctionFlags(MakeFunctionFlags::DEFAULTS | MakeFunctionFlags::CLOSURE).names(),
        ["defaults", "closure"]
    );
}
