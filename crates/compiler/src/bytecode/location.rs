//! Source locations of instructions: [`SourceRange`] and the compact [`LineTable`].

use hotpy_lexer::LineIndex;

/// Where an instruction comes from: lines are 1-based, columns 0-based UTF-8 byte offsets into the
/// line (as CPython's `ast` `col_offset` and `co_positions()`), the end exclusive.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct SourceRange {
    /// First line (1-based); 0 only in [`SourceRange::NONE`].
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// Start column on `line`.
    pub col: u32,
    /// End column on `end_line` (exclusive).
    pub end_col: u32,
}

impl SourceRange {
    /// "No location": for instructions a compiler synthesises with nothing to point at.
    /// [`LineTable::location`] reports it as `None`.
    pub const NONE: SourceRange = SourceRange {
        line: 0,
        end_line: 0,
        col: 0,
        end_col: 0,
    };

    /// The range `line:col` to `end_line:end_col`.
    pub const fn new(line: u32, col: u32, end_line: u32, end_col: u32) -> SourceRange {
        SourceRange {
            line,
            end_line,
            col,
            end_col,
        }
    }

    /// A whole line, without column information (columns 0..0).
    pub const fn line(line: u32) -> SourceRange {
        SourceRange::new(line, 0, line, 0)
    }

    /// The range of the source bytes `start..end` (an AST node's span), positioned with `index`
    /// (the [`LineIndex`] of the same source).
    pub fn from_byte_range(index: &LineIndex, start: u32, end: u32) -> SourceRange {
        let (line, col) = index.line_col_bytes(start);
        let (end_line, end_col) = index.line_col_bytes(end.max(start));
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        SourceRange::new(n(line), n(col), n(end_line), n(end_col))
    }

    /// Whether this is [`SourceRange::NONE`].
    pub const fn is_none(&self) -> bool {
        self.line == 0
    }
}

/// A run of instruction words sharing one location.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LocationRun {
    /// First word offset of the run.
    pub start: u32,
    /// Word offset after the run.
    pub end: u32,
    /// The location, `None` for synthetic instructions.
    pub range: Option<SourceRange>,
}

/// The location of every instruction word, compactly encoded.
///
/// The table is a byte string of runs. Each run is a varint `length << 1 | has_location`
/// (length in words), and when it has a location, four more varints: the line as a zigzag delta from
/// the previous located run's line (the code's first line for the first), `end_line - line`, `col`
/// and `end_col`. A typical run takes 5 bytes and covers several words. Lookups decode from the start:
/// they are for tracebacks and `dis`, never the hot loop.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LineTable {
    bytes: Box<[u8]>,
    first_line: u32,
}

impl LineTable {
    /// Encode `runs` of `(length in words, location)`; consecutive equal locations should already be
    /// merged (they are merged again here anyway). `first_line` is the base of the line deltas.
    pub fn encode(
        first_line: u32,
        runs: impl IntoIterator<Item = (u32, SourceRange)>,
    ) -> LineTable {
        Self::encode_in(first_line, runs, &mut Vec::new())
    }

    /// [`encode`](Self::encode), working in `buf` (cleared first; a buffer reused from one table
    /// to the next saves growing a fresh one each time). The table gets an exact-size copy.
    pub fn encode_in(
        first_line: u32,
        runs: impl IntoIterator<Item = (u32, SourceRange)>,
        buf: &mut Vec<u8>,
    ) -> LineTable {
        let mut encoder = LineEncoder::new(first_line, buf);
        for (len, range) in runs {
            encoder.push(len, range);
        }
        encoder.finish()
    }

    /// The encoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The runs in order.
    pub fn runs(&self) -> LocationRuns<'_> {
        LocationRuns {
            bytes: &self.bytes,
            pos: 0,
            offset: 0,
            prev_line: self.first_line,
        }
    }

    /// The location of the word at `offset`, `None` when it has none or is past the end.
    pub fn location(&self, offset: u32) -> Option<SourceRange> {
        self.runs()
            .find(|run| offset < run.end)
            .filter(|run| offset >= run.start)
            .and_then(|run| run.range)
    }

    /// The line of the word at `offset` (`location(offset)?.line`).
    pub fn line(&self, offset: u32) -> Option<u32> {
        self.location(offset).map(|r| r.line)
    }
}

/// Builds a [`LineTable`] a run at a time, for a caller that learns the runs one by one (the
/// builder's layout, as it lays out each instruction's words). Consecutive equal locations are
/// merged on the fly: a run is written when the next location differs.
pub struct LineEncoder<'b> {
    buf: &'b mut Vec<u8>,
    first_line: u32,
    prev_line: u32,
    pending: Option<(u32, SourceRange)>,
}

impl<'b> LineEncoder<'b> {
    /// An encoder writing into `buf` (cleared first) with line deltas based at `first_line`.
    pub fn new(first_line: u32, buf: &'b mut Vec<u8>) -> LineEncoder<'b> {
        buf.clear();
        LineEncoder {
            buf,
            first_line,
            prev_line: first_line,
            pending: None,
        }
    }

    /// `len` more words at `range` (nothing for 0 words).
    #[inline]
    pub fn push(&mut self, len: u32, range: SourceRange) {
        if len == 0 {
            return;
        }
        match &mut self.pending {
            Some((l, r)) if *r == range => *l += len,
            _ => {
                if let Some((l, r)) = self.pending.replace((len, range)) {
                    write_run(self.buf, &mut self.prev_line, l, r);
                }
            }
        }
    }

    /// The table (an exact-size copy of the bytes).
    pub fn finish(mut self) -> LineTable {
        if let Some((l, r)) = self.pending.take() {
            write_run(self.buf, &mut self.prev_line, l, r);
        }
        LineTable {
            bytes: Box::from(&self.buf[..]),
            first_line: self.first_line,
        }
    }
}

/// Iterator over a [`LineTable`]'s runs.
#[derive(Clone)]
pub struct LocationRuns<'a> {
    bytes: &'a [u8],
    pos: usize,
    offset: u32,
    prev_line: u32,
}

impl LocationRuns<'_> {
    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        let mut shift = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        value
    }
}

impl Iterator for LocationRuns<'_> {
    type Item = LocationRun;

    fn next(&mut self) -> Option<LocationRun> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let head = self.varint();
        let len = (head >> 1) as u32;
        let range = if head & 1 == 1 {
            let zz = self.varint();
            let delta = ((zz >> 1) as i64) ^ -((zz & 1) as i64);
            let line = (i64::from(self.prev_line) + delta) as u32;
            let end_line = line + self.varint() as u32;
            let col = self.varint() as u32;
            let end_col = self.varint() as u32;
            self.prev_line = line;
            Some(SourceRange {
                line,
                end_line,
                col,
                end_col,
            })
        } else {
            None
        };
        let start = self.offset;
        self.offset += len;
        Some(LocationRun {
            start,
            end: self.offset,
            range,
        })
    }
}

/// One run: its length and, when it has a location, the location (see [`LineTable`]). Nearly
/// every run's five numbers are below 128, one byte each: those are written as one fixed-size
/// copy (which the compiler turns into a few stores), the rest a byte at a time.
#[inline]
fn write_run(bytes: &mut Vec<u8>, prev_line: &mut u32, len: u32, range: SourceRange) {
    let has = !range.is_none();
    let head = (u64::from(len) << 1) | u64::from(has);
    if !has {
        write_varint(bytes, head);
        return;
    }
    let delta = i64::from(range.line) - i64::from(*prev_line);
    let zigzag = ((delta << 1) ^ (delta >> 63)) as u64;
    let lines = u64::from(range.end_line.saturating_sub(range.line));
    let (col, end_col) = (u64::from(range.col), u64::from(range.end_col));
    *prev_line = range.line;
    // One test of all five (an or of them is below 128 exactly when each is), not five.
    if (head | zigzag | lines | col | end_col) < 0x80 {
        bytes.extend_from_slice(&[
            head as u8,
            zigzag as u8,
            lines as u8,
            col as u8,
            end_col as u8,
        ]);
    } else {
        for f in [head, zigzag, lines, col, end_col] {
            write_varint(bytes, f);
        }
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
