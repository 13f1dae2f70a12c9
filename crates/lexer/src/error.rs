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
        }
    }
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.python_name(), self.message)
    }
}

impl std::error::Error for LexError {}
