//! The bytecode layer: instruction set, code objects, the builder code generation drives, and `dis`.
//!
//! # Shape
//! The VM is a CPython-3.11-like stack machine. One [`Code`] per function, lambda, comprehension,
//! class body or module body; it is immutable once [`CodeBuilder::finish`] returns it and is shared
//! as `Arc<Code>` by functions, frames and tracebacks.
//!
//! - [`opcode`]: [`Opcode`], a `#[repr(u8)]` enum whose variants document their operand and stack
//!   effect; the operand sub-enums ([`BinaryOperator`], [`CompareOperator`], [`Conversion`],
//!   [`MakeFunctionFlags`]); [`stack_effect`]. The call protocol and jump conventions are described
//!   there.
//! - [`instr`]: the 32-bit [`Instr`] word and the [`Decoder`] that folds prefixes.
//! - [`code`]: [`Code`], [`CodeFlags`], [`ExceptionEntry`]; [`constant`]: [`Constant`];
//!   [`location`]: [`SourceRange`] and the compact [`LineTable`].
//! - [`builder`]: [`CodeBuilder`], labels, handler regions, stack-depth analysis, layout.
//! - [`dis`]: the disassembler.
//!
//! # Example
//! ```
//! use std::sync::Arc;
//! use hotpy_compiler::bytecode::{
//!     disassemble, BinaryOperator, CodeBuilder, CodeFlags, Constant, Opcode, SourceRange,
//! };
//!
//! // def f(x):
//! //     while x:
//! //         x = x - 1
//! //     return x
//! let mut b = CodeBuilder::new("f", "f", Arc::from("x.py"), 1);
//! b.set_flags(CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS);
//! b.set_arg_counts(1, 0, 0);
//! let x = b.add_varname("x");
//! let (top, done) = (b.new_label(), b.new_label());
//! b.bind_label(top);
//! b.emit(Opcode::LoadFast, x, SourceRange::new(2, 10, 2, 11));
//! b.emit_jump(Opcode::PopJumpIfFalse, done, SourceRange::new(2, 10, 2, 11));
//! b.emit(Opcode::LoadFast, x, SourceRange::new(3, 12, 3, 13));
//! b.emit_const(Constant::Int(1), SourceRange::new(3, 16, 3, 17));
//! b.emit_binary_op(BinaryOperator::Subtract, SourceRange::new(3, 12, 3, 17));
//! b.emit(Opcode::StoreFast, x, SourceRange::new(3, 8, 3, 9));
//! b.emit_jump(Opcode::JumpBackward, top, SourceRange::new(3, 8, 3, 17));
//! b.bind_label(done);
//! b.emit(Opcode::LoadFast, x, SourceRange::new(4, 11, 4, 12));
//! b.emit(Opcode::ReturnValue, 0, SourceRange::new(4, 4, 4, 12));
//! let code = Arc::new(b.finish().expect("consistent bytecode"));
//! assert_eq!(code.max_stack_depth(), 2);
//! assert_eq!(code.cache_slots(), 1); // the BINARY_OP
//! assert_eq!(
//!     disassemble(&code),
//!     "  2     >>    0 LOAD_FAST                0 (x)
//!               1 POP_JUMP_IF_FALSE        8 (to 8)
//!
//!   3           2 LOAD_FAST                0 (x)
//!               3 LOAD_CONST               0 (1)
//!               4 BINARY_OP               10 (-)
//!               6 STORE_FAST               0 (x)
//!               7 JUMP_BACKWARD            0 (to 0)
//!
//!   4     >>    8 LOAD_FAST                0 (x)
//!               9 RETURN_VALUE
//! "
//! );
//! ```
//! `tests/bytecode_recipes.rs` shows the shapes of `for`, `try`, `with`, comprehensions, closures,
//! generators and classes.
//!
//! # Why fixed 32-bit instructions
//! An instruction is one `u32`: the opcode in the low byte, a 24-bit operand above it. The dispatch
//! loop reads one aligned word and decodes it with a mask and a shift: no variable-length decoding,
//! no unaligned reads, and the instruction pointer is a plain index into `&[Instr]`. 24 bits hold
//! every operand a real program needs (16 million constants, names, slots or jump offsets), so the
//! `EXTENDED_ARG` prefix (which carries the high 8 bits of a 32-bit operand) is a correctness
//! fallback that real code practically never pays for, unlike CPython's 8-bit operands. Operands
//! that pack two fields (`FORMAT_VALUE`, `UNPACK_EX`, `LOAD_GLOBAL`'s push-NULL bit) keep CPython's
//! packing.
//!
//! The dispatch loop needs no decoder: it reads `code.instructions()[ip]`, matches on
//! [`Instr::opcode`], and treats `EXTENDED_ARG` as an opcode that stashes `arg << 24` for the next
//! word; cached instructions read their slot from the next word and add 1 to `ip`.
//! [`Code::decode`] (folding prefixes and caches) is for `dis`, tests and analyses.
//!
//! Offsets everywhere (jump targets, exception table, line table, tracebacks) count words, not bytes.
//! Jump operands are absolute offsets (`ip = arg`); only the three backward jumps
//! ([`Opcode::is_backward_jump`]) go backwards, so the VM checks its instruction budget where every
//! loop passes.
//!
//! # Where inline caches live
//! Caches are mutable and specific to one function object (and reload bumps the versions they
//! check), so they never live in the immutable, shared `Code`: the function object (beside which the
//! frame runs) owns an array of `code.cache_slots()` caches. `Code` only says how many there are and
//! which instruction uses which: each cached instruction ([`Opcode::has_cache`]: `LOAD_GLOBAL`,
//! `LOAD_ATTR`, `STORE_ATTR`, `LOAD_METHOD`, `CALL`, `CALL_KW`, `BINARY_OP`, `COMPARE_OP`,
//! `BINARY_SUBSCR`, `STORE_SUBSCR`, `UNPACK_SEQUENCE`) is followed by a `CACHE` word whose operand
//! is its slot number. The VM reads it with the instruction (same cache line) and steps over it; it
//! is never dispatched. This is CPython 3.11's layout (cache entries after the instruction), with
//! the cache contents moved out to the function.
//!
//! # What a `Code` guarantees
//! A `Code` is made only by [`CodeBuilder::finish`], which checks the whole program, so the VM can
//! rely on these invariants (and state them in its `// SAFETY:` comments where it uses them):
//! - every instruction is reachable, and on every path reaching it the stack holds at least the
//!   items it needs and, after it, at most [`Code::max_stack_depth`] items (handler entries
//!   included): a frame reserves `max_stack_depth` slots once and pushes never need a capacity check;
//! - every jump and handler target is the first word of an instruction; only the backward jumps go
//!   backwards; control never runs past the last word;
//! - operands that index a table (`LOAD_CONST`, names, locals, deref slots) are in range, and
//!   enumerated operands (`BINARY_OP`, `COMPARE_OP`, `BUILD_SLICE`, `MAKE_FUNCTION` flags, …) are
//!   valid;
//! - the exception table is sorted and disjoint, and each handler's depth is at most the stack depth
//!   of every instruction it covers;
//! - cache slots are numbered `0..cache_slots()` in instruction order.
//!
//! # Exceptions and locations
//! Exception handling is table-driven (zero cost when nothing is raised), as in CPython 3.11: each
//! [`ExceptionEntry`] maps a range of words to a handler, the stack depth to unwind to and whether
//! to push the raising offset. Locations (line, end line, column, end column; columns are UTF-8 byte
//! offsets within their line, like CPython's `col_offset`) are kept per word in a varint-compressed
//! [`LineTable`] that only tracebacks and `dis` decode.

pub mod builder;
pub mod code;
pub mod constant;
pub mod dis;
pub mod instr;
pub mod location;
pub mod opcode;

pub use builder::{BuildError, CodeBuilder, FinishBuffers, Interner, Label};
pub use code::{Code, CodeFlags, ExceptionEntry};
pub use constant::Constant;
pub use dis::disassemble;
pub use instr::{Decoded, Decoder, Instr, MAX_INLINE_ARG};
pub use location::{LineEncoder, LineTable, LocationRun, SourceRange};
pub use opcode::{
    stack_effect, BinaryOperator, CompareOperator, Conversion, MakeFunctionFlags, Opcode,
    CALL_FUNCTION_EX_HAS_KWARGS, FORMAT_VALUE_HAS_SPEC,
};
