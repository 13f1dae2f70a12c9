//! Lexical errors: values with a position and CPython's message.

use std::fmt;

/// Which Python exception a lexical error becomes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError` (a subclass of `SyntaxError`).
    Indentation,
    /// `TabError` (a subclass of `IndentationError`).
    Tab,
}

impl ErrorKind {
    /// The Python exception name.
    pub fn python_name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Indentation => "IndentationError",
            ErrorKind::Tab => "TabError",
        }
    }
}

/// How much of its position an error shows when printed.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// File, line, the source line and a caret.
    #[default]
    Caret,
    /// File, line and the source line, without a caret.
    Line,
    /// Only the message (CPython's decoding errors have no position).
    MessageOnly,
}

/// A lexical error: the exception kind, CPython's message, and the byte range it points at.
///
/// `start`/`end` are byte offsets into the decoded source; turn them into line and column with a
/// [`crate::LineIndex`]. When CPython reports an error on a line without a column (for example
/// "unexpected EOF"), `start == end` at the place it points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    /// Which exception this becomes.
    pub kind: ErrorKind,
    /// The message, exactly as CPython words it.
    pub message: String,
    /// Byte offset of the start of the offending text.
    pub start: u32,
    /// Byte offset one past the end of the offending text.
    pub end: u32,
    /// How much of the position is printed.
    pub shown: Shown,
}

impl LexError {
    /// A `SyntaxError` at `start..end`.
    pub fn syntax(message: impl Into<String>, start: usize, end: usize) -> Self {
        Self::new(ErrorKind::Syntax, message, start, end)
    }

    /// An error of `kind` at `start..end`.
    pub fn new(kind: ErrorKind, message: impl Into<String>, start: usize, end: usize) -> Self {
        LexError {
            kind,
            message: message.into(),
            start: start as u32,
            end: end as u32,
            shown: Shown::Caret,
        }
    }

    /// The same error, printed with less of its position.
    pub fn shown(mut self, shown: Shown) -> Self {
        self.shown = shown;
        self
    }
}

impl LexError {
    /// The 1-based line and 1-based column (in characters) CPython reports for this error: the
    /// `lineno` and `offset` of the `SyntaxError`.
    pub fn line_and_offset(&self, source: &str) -> (usize, usize) {
        let index = crate::LineIndex::new(source);
        let start = clamp_to_boundary(source, self.start as usize) as u32;
        let (line, col) = index.line_col_chars(source, start);
        (line, col + 1)
    }

    /// The error as CPython prints an uncaught `SyntaxError`:
    ///
    /// ```text
    ///   File "f.py", line 1
    ///     x = (1,
    ///         ^
    /// SyntaxError: '(' was never closed
    /// ```
    ///
    /// The source line is shown without its indentation, and the caret (or carets, for a range on the
    /// same line) under the offending text.
    pub fn render(&self, filename: &str, source: &str) -> String {
        if self.shown == Shown::MessageOnly {
            return format!("{}: {}\n", self.kind.python_name(), self.message);
        }
        let index = crate::LineIndex::new(source);
        let start = clamp_to_boundary(source, self.start as usize) as u32;
        let end = clamp_to_boundary(source, self.end as usize) as u32;
        let (line, col) = index.line_col_chars(source, start);
        let mut out = format!("  File \"{filename}\", line {line}\n");
        let text = index.line_text(source, line);
        let text = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(text);
        let trimmed = text.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.trim_end().is_empty() {
            out.push_str("    ");
            out.push_str(trimmed);
            out.push('\n');
            if self.shown == Shown::Caret {
                out.push_str(&self.caret_line(&index, source, text, trimmed, line, col, end));
            }
        }
        out.push_str(&format!("{}: {}\n", self.kind.python_name(), self.message));
        out
    }

    /// The caret line under the shown source line, or nothing when the caret would stand left of
    /// it. This follows CPython 3.11's `print_error_text`: offsets past the end of the line are
    /// clipped to it, and subclasses of `SyntaxError` (`IndentationError`, `TabError`) have no end
    /// offset, so they get a single caret.
    #[allow(clippy::too_many_arguments)]
    fn caret_line(
        &self,
        index: &crate::LineIndex,
        source: &str,
        text: &str,
        trimmed: &str,
        line: usize,
        col: usize,
        end: u32,
    ) -> String {
        let stripped = text.chars().count() - trimmed.chars().count();
        let Some(caret_col) = col.checked_sub(stripped) else {
            return String::new();
        };
        let caret_col = caret_col.min(trimmed.chars().count());
        let width = match self.kind {
            ErrorKind::Syntax => {
                let (end_line, end_col) = index.line_col_chars(source, end);
                // A range running onto later lines is highlighted to the end of the first one.
                let line_size = text.chars().count() + 1;
                let end_col = if end_line > line {
                    line_size - 1
                } else {
                    end_col.min(line_size)
                };
                end_col.saturating_sub(col).max(1)
            }
            ErrorKind::Indentation | ErrorKind::Tab => 1,
        };
        format!("    {}{}\n", " ".repeat(caret_col), "^".repeat(width))
    }
}

/// The largest char boundary at or below `offset`, within the source.
fn clamp_to_boundary(source: &str, offset: usize) -> usize {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.python_name(), self.message)
    }
}

impl std::error::Error for LexError {}
