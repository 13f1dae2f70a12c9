//! Byte offsets to (line, column) positions.

/// Start offsets of every line of a source, for turning byte offsets into positions.
///
/// Lines end at `\n` (a `\r\n` pair ends at its `\n`; a lone `\r` also ends a line, as CPython's
/// universal newlines decide when it compiles a file).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

/// Whether some byte of `x` is below `n` (at most 128): the classic SWAR test, exact for
/// `n <= 128` (a borrow only reaches a byte's top bit from a byte that is itself below `n`).
#[inline]
fn has_byte_below(x: u64, n: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    x.wrapping_sub(ONES * n as u64) & !x & HIGHS != 0
}

impl LineIndex {
    /// Index the line starts of `source`.
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        // Lines of source average a few dozen bytes: one reservation instead of a dozen
        // doublings.
        let mut starts = Vec::with_capacity(bytes.len() / 24 + 2);
        starts.push(0u32);
        // Eight bytes at a time: a word with no byte as low as `\r` (most words: line breaks are
        // the only such bytes a source has in bulk) is skipped with one test.
        let words = bytes.chunks_exact(8);
        let tail = words.remainder().len();
        for (w, word) in words.enumerate() {
            let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if has_byte_below(x, b'\r' + 1) {
                Self::scan(bytes, w * 8, w * 8 + 8, &mut starts);
            }
        }
        Self::scan(bytes, bytes.len() - tail, bytes.len(), &mut starts);
        LineIndex { starts }
    }

    /// Record the line starts that follow line breaks in `bytes[from..to]`.
    #[inline]
    fn scan(bytes: &[u8], from: usize, to: usize, starts: &mut Vec<u32>) {
        for i in from..to {
            let b = bytes[i];
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
    }

    /// The 1-based line number holding byte `offset`.
    #[inline]
    pub fn line(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts (the end of the source past the last line).
    #[inline]
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts[(line.max(1) - 1).min(self.starts.len() - 1)]
    }

    /// The number of line starts (a source ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 0-based column in characters (code points) of byte `offset`, as CPython's
    /// `tokenize` module counts columns.
    pub fn line_col_chars(&self, source: &str, offset: u32) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_start(line) as usize;
        let col = source[start..offset as usize].chars().count();
        (line, col)
    }

    /// 1-based line and 0-based column in bytes of byte `offset` (CPython's `col_offset` counts UTF-8
    /// bytes). The position lookups are `#[inline]`: the compiler asks them for every node, from
    /// another crate.
    #[inline]
    pub fn line_col_bytes(&self, offset: u32) -> (usize, usize) {
        let line = self.line(offset);
        (line, (offset - self.line_start(line)) as usize)
    }

    /// [`line_col_bytes`](Self::line_col_bytes), checking first whether `offset` is on 1-based
    /// line `hint` or the one after it. A compiler asks for positions in nearly source order, so
    /// the previous answer's line usually is the answer and the binary search is skipped.
    #[inline]
    pub fn line_col_bytes_near(&self, offset: u32, hint: usize) -> (usize, usize) {
        for line in [hint, hint + 1] {
            if line >= 1 && line <= self.starts.len() {
                let start = self.starts[line - 1];
                let next = self.starts.get(line).copied().unwrap_or(u32::MAX);
                if start <= offset && (offset < next || line == self.starts.len()) {
                    return (line, (offset - start) as usize);
                }
            }
        }
        self.line_col_bytes(offset)
    }

    /// The text of 1-based `line` without its line break.
    pub fn line_text<'s>(&self, source: &'s str, line: usize) -> &'s str {
        let start = self.line_start(line) as usize;
        let end = if line < self.starts.len() {
            self.starts[line] as usize
        } else {
            source.len()
        };
        source[start..end.max(start)].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("a\nbc\n", 0, (1, 0))]
    #[case("a\nbc\n", 2, (2, 0))]
    #[case("a\nbc\n", 3, (2, 1))]
    #[case("a\r\nb", 3, (2, 0))]
    #[case("a\rb", 2, (2, 0))]
    #[case("é\nxé", 6, (2, 2))]
    fn positions(#[case] src: &str, #[case] offset: u32, #[case] want: (usize, usize)) {
        assert_eq!(LineIndex::new(src).line_col_chars(src, offset), want);
    }

    /// The line starts, found one byte at a time.
    fn line_starts_bytewise(src: &str) -> Vec<u32> {
        let b = src.as_bytes();
        let mut starts = vec![0];
        for i in 0..b.len() {
            if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
        starts
    }

    /// Breaks of every kind at every position of a word, beside bytes just above and below
    /// `\r`, tabs, form feeds and non-ASCII text.
    #[test]
    fn word_at_a_time_scan_finds_every_line_start() {
        let pieces = [
            "\n",
            "\r\n",
            "\r",
            "\x0c",
            "\t",
            "\x0e",
            "é",
            "ab",
            "\u{1F600}",
            "x",
        ];
        let mut state = 7u32;
        for len in 0..200 {
            let mut src = String::new();
            for _ in 0..len {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                src.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            for shift in 0..8 {
                let text = &src[src.char_indices().nth(shift).map_or(src.len(), |(i, _)| i)..];
                assert_eq!(
                    LineIndex::new(text).starts,
                    line_starts_bytewise(text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn near_agrees_with_the_search_for_any_hint() {
        let src = "a\nbc\n\ndef\r\ng";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() as u32 {
            for hint in 0..8 {
                assert_eq!(
                    index.line_col_bytes_near(offset, hint),
                    index.line_col_bytes(offset),
                    "offset {offset}, hint {hint}"
                );
            }
        }
    }

    #[test]
    fn line_text_strips_breaks() {
        let src = "one\r\ntwo\nthree";
        let index = LineIndex::new(src);
        assert_eq!(index.line_text(src, 1), "one");
        assert_eq!(index.line_text(src, 2), "two");
        assert_eq!(index.line_text(src, 3), "three");
    }
}
