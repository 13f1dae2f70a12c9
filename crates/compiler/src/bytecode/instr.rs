//! The 32-bit instruction word and the decoder that folds `EXTENDED_ARG` prefixes and `CACHE` words.

use std::fmt;

use super::opcode::Opcode;

/// Largest operand that fits in one word (24 bits).
pub const MAX_INLINE_ARG: u32 = 0x00FF_FFFF;

/// One instruction word: the opcode in the low byte, a 24-bit operand in the upper bits.
///
/// An operand above [`MAX_INLINE_ARG`] is split: an `EXTENDED_ARG` word carrying its high 8 bits
/// comes first (`arg = hi << 24 | low`). The opcode byte of an `Instr` is always a valid [`Opcode`]:
/// the only ways to make one are [`Instr::new`] and the checked [`Instr::from_raw`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Instr(u32);

/// Opcode byte → opcode, 256 entries so indexing by a `u8` needs no bounds check. Bytes that are not
/// opcodes map to `NOP`; they never occur in an `Instr` (see the type's invariant).
static DECODE: [Opcode; 256] = {
    let mut table = [Opcode::Nop; 256];
    let mut i = 0;
    while i < Opcode::ALL.len() {
        table[i] = Opcode::ALL[i];
        i += 1;
    }
    table
};

impl Instr {
    /// The word for `op` with the low 24 bits of `arg` (the caller emits an `EXTENDED_ARG` for the
    /// rest; see [`encode`]).
    #[inline]
    pub const fn new(op: Opcode, arg: u32) -> Instr {
        Instr((arg << 8) | op as u32)
    }

    /// The word with raw bits `raw`, if its low byte is an opcode.
    pub fn from_raw(raw: u32) -> Option<Instr> {
        Opcode::from_u8(raw as u8).map(|_| Instr(raw))
    }

    /// The raw bits.
    #[inline]
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// The opcode.
    #[inline]
    pub fn opcode(self) -> Opcode {
        DECODE[(self.0 & 0xFF) as usize]
    }

    /// The 24-bit operand of this word alone (without any `EXTENDED_ARG` prefix).
    #[inline]
    pub const fn arg(self) -> u32 {
        self.0 >> 8
    }
}

impl fmt::Debug for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.opcode().name(), self.arg())
    }
}

/// Append the words of `op arg` to `out`: an `EXTENDED_ARG` prefix when `arg` needs more than 24
/// bits, then the instruction (without its `CACHE` word). Returns how many words were written.
pub fn encode(out: &mut Vec<Instr>, op: Opcode, arg: u32) -> usize {
    if arg > MAX_INLINE_ARG {
        out.push(Instr::new(Opcode::ExtendedArg, arg >> 24));
        out.push(Instr::new(op, arg & MAX_INLINE_ARG));
        2
    } else {
        out.push(Instr::new(op, arg));
        1
    }
}

/// Number of words `op arg` takes, prefix and `CACHE` word included.
pub fn encoded_len(op: Opcode, arg: u32) -> u32 {
    1 + u32::from(arg > MAX_INLINE_ARG) + u32::from(op.has_cache())
}

/// One instruction as the VM sees it: prefixes folded, cache word attached.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Decoded {
    /// Word offset of the instruction's first word (its first `EXTENDED_ARG` prefix, if any): the
    /// offset jumps and the exception table use.
    pub start: u32,
    /// Word offset of the opcode word itself.
    pub op_offset: u32,
    /// The opcode (never `EXTENDED_ARG` or `CACHE`, unless the stream is malformed: a lone `CACHE`
    /// or a trailing `EXTENDED_ARG` is returned as is).
    pub op: Opcode,
    /// The full operand.
    pub arg: u32,
    /// Number of `EXTENDED_ARG` prefixes folded in.
    pub prefixes: u32,
    /// The inline-cache slot, for opcodes with [`Opcode::has_cache`] followed by their `CACHE`.
    pub cache: Option<u32>,
    /// Word offset of the next instruction.
    pub end: u32,
}

/// Iterator over a word slice yielding [`Decoded`] instructions.
///
/// `EXTENDED_ARG` prefixes shift the accumulated operand left by 24 bits, so one prefix reaches the
/// full 32 bits; the builder never emits more than one (extra ones only keep their low bits).
#[derive(Clone)]
pub struct Decoder<'a> {
    words: &'a [Instr],
    pos: usize,
}

impl<'a> Decoder<'a> {
    /// Decode `words` from the start.
    pub fn new(words: &'a [Instr]) -> Self {
        Decoder { words, pos: 0 }
    }
}

impl Iterator for Decoder<'_> {
    type Item = Decoded;

    fn next(&mut self) -> Option<Decoded> {
        let start = self.pos;
        let mut ext: u32 = 0;
        let mut prefixes = 0;
        loop {
            let word = *self.words.get(self.pos)?;
            self.pos += 1;
            let op = word.opcode();
            let arg = ext.wrapping_shl(24) | word.arg();
            if op == Opcode::ExtendedArg && self.pos < self.words.len() {
                ext = arg;
                prefixes += 1;
                continue;
            }
            let op_offset = (self.pos - 1) as u32;
            let mut cache = None;
            if op.has_cache() {
                if let Some(next) = self.words.get(self.pos) {
                    if next.opcode() == Opcode::Cache {
                        cache = Some(next.arg());
                        self.pos += 1;
                    }
                }
            }
            return Some(Decoded {
                start: start as u32,
                op_offset,
                op,
                arg,
                prefixes,
                cache,
                end: self.pos as u32,
            });
        }
    }
}
