//! Tracebacks: recorded while an exception unwinds, rendered lazily as CPython 3.11 prints them.
//!
//! An exception's `__traceback__` is a [`Traceback`] heap object: the `(code, offset)` of every
//! frame the exception passed through, innermost first. Nothing is formatted until the traceback
//! is printed; the code object (`Arc<Code>`) carries the file name, the source text and the line
//! table, so a traceback from an old generation still shows that generation's source.

use hotpy_compiler::bytecode::Code;
use std::fmt::Write as _;
use std::sync::Arc;

/// One frame of a traceback.
#[derive(Debug, Clone)]
pub struct TbEntry {
    /// The code the frame ran.
    pub code: Arc<Code>,
    /// The word offset of the instruction that raised or propagated the exception.
    pub offset: u32,
}

/// The frames an exception passed through, innermost first.
#[derive(Debug, Clone, Default)]
pub struct Traceback {
    /// The entries, innermost first (rendering reverses them).
    pub entries: Vec<TbEntry>,
}

impl Traceback {
    /// Render the `Traceback (most recent call last):` block (without the final exception line).
    pub fn render(&self, out: &mut String) {
        out.push_str("Traceback (most recent call last):\n");
        render_entries(self.entries.iter().rev(), out);
    }
}

/// CPython collapses more than 3 identical consecutive lines into one message.
const RECURSIVE_CUTOFF: usize = 3;

fn render_entries<'a>(entries: impl Iterator<Item = &'a TbEntry>, out: &mut String) {
    let mut last: Option<(String, u32, String)> = None;
    let mut count = 0usize;
    for e in entries {
        let code = &e.code;
        let line = code.location(e.offset).map(|r| r.line).unwrap_or(0);
        let key = (code.filename().to_string(), line, code.name().to_string());
        if last.as_ref() == Some(&key) {
            count += 1;
            if count > RECURSIVE_CUTOFF {
                continue;
            }
        } else {
            flush_repeats(count, out);
            last = Some(key);
            count = 1;
        }
        if line == 0 {
            let _ = writeln!(
                out,
                "  File \"{}\", line ?, in {}",
                code.filename(),
                code.name()
            );
            continue;
        }
        let _ = writeln!(
            out,
            "  File \"{}\", line {line}, in {}",
            code.filename(),
            code.name()
        );
        if let Some(text) = code.source_line(line) {
            let text = text.trim();
            if !text.is_empty() {
                let _ = writeln!(out, "    {text}");
            }
        }
    }
    flush_repeats(count, out);
}

fn flush_repeats(count: usize, out: &mut String) {
    if count > RECURSIVE_CUTOFF {
        let n = count - RECURSIVE_CUTOFF;
        let _ = writeln!(
            out,
            "  [Previous line repeated {n} more time{}]",
            if n == 1 { "" } else { "s" }
        );
    }
}
