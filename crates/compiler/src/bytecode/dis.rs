//! A `dis`-style disassembly, laid out like CPython 3.11's `dis.dis` (deterministic: golden tests
//! compare it).
//!
//! ```text
//!   1           0 LOAD_FAST                0 (x)
//!               1 LOAD_CONST               0 (1)
//!               2 BINARY_OP                0 (+)
//!               4 RETURN_VALUE
//! ```
//! Columns: the source line at the first instruction of each line (a blank line before each new
//! line after the first), `>>` on jump and handler targets, the word offset, the opcode name, the
//! operand, and its meaning in parentheses. Offsets count 32-bit words, so an instruction with an
//! inline cache takes two (its `CACHE` word is not shown); an `EXTENDED_ARG` prefix has its own line
//! and the instruction after it shows the whole operand. The exception table follows
//! (`start to last -> target [depth] lasti`, `last` being the offset of the last instruction
//! covered), then each nested code object, recursively.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::code::Code;
use super::constant::Constant;
use super::instr::Decoded;
use super::opcode::FORMAT_VALUE_HAS_SPEC;
use super::opcode::{BinaryOperator, CompareOperator, Conversion, MakeFunctionFlags, Opcode};

/// The disassembly of `code` and, after it, of every nested code object (depth first, in constant
/// pool order), each introduced by `Disassembly of <code object NAME, file "FILE", line N>:`.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &Code, out: &mut String) {
    disassemble_one(code, out);
    for nested in code.nested_code() {
        out.push('\n');
        let _ = writeln!(
            out,
            "Disassembly of {}:",
            Constant::Code(nested.clone()).repr()
        );
        disassemble_into(nested, out);
    }
}

/// The disassembly of `code` alone (no nested code objects), appended to `out`.
pub fn disassemble_one(code: &Code, out: &mut String) {
    let decoded: Vec<Decoded> = code.decode().collect();
    let mut targets: HashSet<u32> = HashSet::new();
    for d in &decoded {
        if d.op.is_jump() {
            targets.insert(d.arg);
        }
    }
    for e in code.exception_table() {
        targets.insert(e.target);
    }
    let last_offset = decoded.last().map_or(0, |d| d.op_offset);
    let offset_width = last_offset.to_string().len().max(4);
    let max_line = code
        .line_table()
        .runs()
        .filter_map(|r| r.range.map(|r| r.line))
        .max()
        .unwrap_or(0);
    let line_width = max_line.to_string().len().max(3);

    let mut current_line: Option<u32> = None;
    let mut first = true;
    for d in &decoded {
        let line = code.location(d.start).map(|r| r.line);
        let starts_line = match line {
            Some(l) if current_line != Some(l) => {
                current_line = Some(l);
                Some(l)
            }
            _ => None,
        };
        if starts_line.is_some() && !first {
            out.push('\n');
        }
        first = false;
        // EXTENDED_ARG prefixes, each on its own line.
        let prefixes = &code.instructions()[d.start as usize..d.op_offset as usize];
        let mut starts = starts_line;
        let mut is_target = targets.contains(&d.start);
        for (offset, word) in (d.start..).zip(prefixes) {
            let fields = Fields {
                line: starts.take(),
                line_width,
                target: std::mem::take(&mut is_target),
                offset,
                offset_width,
                name: Opcode::ExtendedArg.name(),
                arg: Some(word.arg()),
                meaning: String::new(),
            };
            fields.write(out);
        }
        let fields = Fields {
            line: starts,
            line_width,
            target: is_target,
            offset: d.op_offset,
            offset_width,
            name: d.op.name(),
            arg: d.op.has_arg().then_some(d.arg),
            meaning: meaning(code, d.op, d.arg),
        };
        fields.write(out);
    }

    let table = code.exception_table();
    if !table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in table {
            let last = decoded
                .iter()
                .filter(|d| d.start < e.end)
                .map(|d| d.start)
                .next_back()
                .unwrap_or(e.start);
            let _ = write!(
                out,
                "  {} to {} -> {} [{}]",
                e.start, last, e.target, e.depth
            );
            if e.lasti {
                out.push_str(" lasti");
            }
            out.push('\n');
        }
    }
}

struct Fields<'a> {
    line: Option<u32>,
    line_width: usize,
    target: bool,
    offset: u32,
    offset_width: usize,
    name: &'a str,
    arg: Option<u32>,
    meaning: String,
}

impl Fields<'_> {
    fn write(&self, out: &mut String) {
        let mut s = String::new();
        match self.line {
            Some(l) => {
                let _ = write!(s, "{l:>w$}", w = self.line_width);
            }
            None => s.push_str(&" ".repeat(self.line_width)),
        }
        s.push_str("     ");
        s.push_str(if self.target { ">>" } else { "  " });
        let _ = write!(
            s,
            " {:>w$} {:<20}",
            self.offset,
            self.name,
            w = self.offset_width
        );
        if let Some(arg) = self.arg {
            let _ = write!(s, " {arg:>5}");
            if !self.meaning.is_empty() {
                let _ = write!(s, " ({})", self.meaning);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
}

/// The parenthesised meaning of `op arg` in `code` (empty when there is nothing to add).
pub fn meaning(code: &Code, op: Opcode, arg: u32) -> String {
    use Opcode::*;
    let name = |i: u32| code.names().get(i as usize).map(|n| n.to_string());
    let text = match op {
        LoadConst => code.constants().get(arg as usize).map(Constant::repr),
        LoadFast | StoreFast | DeleteFast => {
            code.varnames().get(arg as usize).map(|n| n.to_string())
        }
        LoadDeref | StoreDeref | DeleteDeref | LoadClosure | LoadClassDeref | MakeCell => {
            code.deref_name(arg).map(str::to_string)
        }
        LoadGlobal => name(arg >> 1).map(|n| {
            if arg & 1 == 1 {
                format!("NULL + {n}")
            } else {
                n
            }
        }),
        _ if op.uses_name() => name(arg),
        _ if op.is_jump() => Some(format!("to {arg}")),
        BinaryOp => BinaryOperator::from_arg(arg).map(|o| o.symbol().to_string()),
        CompareOp => CompareOperator::from_arg(arg).map(|o| o.symbol().to_string()),
        IsOp => Some(if arg == 1 { "is not" } else { "is" }.to_string()),
        ContainsOp => Some(if arg == 1 { "not in" } else { "in" }.to_string()),
        FormatValue => {
            let conv = match Conversion::from_arg(arg) {
                Conversion::None => None,
                Conversion::Str => Some("str"),
                Conversion::Repr => Some("repr"),
                Conversion::Ascii => Some("ascii"),
            };
            let spec = (arg & FORMAT_VALUE_HAS_SPEC != 0).then_some("with format");
            let parts: Vec<&str> = conv.into_iter().chain(spec).collect();
            Some(parts.join(", "))
        }
        MakeFunction => Some(MakeFunctionFlags(arg).names().join(", ")),
        _ => None,
    };
    text.unwrap_or_default()
}
