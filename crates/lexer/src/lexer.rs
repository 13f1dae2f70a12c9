//! The driver: indentation, brackets, continuation lines, number tails and string bodies above the
//! raw `logos` tokens, producing CPython 3.11's token stream.

use logos::Logos;
use unicode_normalization::UnicodeNormalization;

use crate::error::ErrorKind;
use crate::raw::Raw;
use crate::{LexError, Token, TokenKind};

/// CPython's limit on bracket nesting (`MAXLEVEL`).
const MAX_PAREN_DEPTH: usize = 200;
/// CPython's limit on indentation levels (`MAXINDENT`).
const MAX_INDENT_DEPTH: usize = 100;
/// Columns a tab advances to the next multiple of.
const TAB_SIZE: u32 = 8;

/// What one raw token did.
enum Step {
    /// It made a token (and perhaps INDENT/DEDENTs before it).
    Token,
    /// It joined two lines (a backslash continuation): no token.
    Joined,
    /// The input ended; the closing tokens are made.
    Done,
}

/// One level of the indentation stack. CPython measures indentation twice — with tabs to the next
/// multiple of 8 (`col`) and with tabs as one column (`alt_col`) — and calls the indentation
/// inconsistent when the two measures disagree on the order of two lines.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Indent {
    col: u32,
    alt_col: u32,
}

/// An iterator over the tokens of a source, trivia (COMMENT, NL) included.
///
/// The stream is CPython 3.11's: NEWLINE ends a logical line, NL a line that is blank, a comment or
/// inside brackets; INDENT/DEDENT come before the first token of a line; a source that does not end in
/// a line break gets an empty NEWLINE; DEDENTs and ENDMARKER close it. Yields `Err` once at the first
/// lexical error and then ends.
pub struct Lexer<'s> {
    source: &'s str,
    raw: logos::Lexer<'s, Raw>,
    /// Tokens made but not yet yielded by the iterator (one raw token can make several: DEDENTs
    /// before a name). [`tokenize`] does not use it: it collects straight into its result.
    pending: Vec<Token>,
    /// How many of `pending` the iterator has yielded.
    pending_pos: usize,
    indents: Vec<Indent>,
    /// Open brackets: the byte and its offset.
    parens: Vec<(u8, u32)>,
    /// Offset where the current physical line starts.
    line_start: u32,
    /// No token has been seen yet on this logical line, so indentation is still to be measured.
    at_line_start: bool,
    /// The current logical line has a token, so its line break is a NEWLINE, not an NL.
    line_has_tokens: bool,
    /// The last token made was a comment, so a final comment line gets its closing NL (nothing but a
    /// line break can follow a comment).
    after_comment: bool,
    /// Make COMMENT and NL tokens (off for [`tokenize_significant`]).
    trivia: bool,
    /// Without trivia: where the comment before the coming line break starts.
    comment_start: Option<u32>,
    done: bool,
}

impl<'s> Lexer<'s> {
    /// A lexer over decoded source text.
    pub fn new(source: &'s str) -> Self {
        Lexer {
            source,
            raw: Raw::lexer(source),
            pending: Vec::new(),
            pending_pos: 0,
            indents: vec![Indent { col: 0, alt_col: 0 }],
            parens: Vec::new(),
            line_start: 0,
            at_line_start: true,
            line_has_tokens: false,
            after_comment: false,
            trivia: true,
            comment_start: None,
            done: false,
        }
    }

    fn token(kind: TokenKind, start: usize, end: usize) -> Token {
        Token::new(kind, start as u32, end as u32)
    }

    /// Append the next token(s) to `out` (at least one unless the input is done), or fail. With
    /// `ALL`, go on to the end of the input: [`tokenize`] lexes in one call, with no call and no
    /// return per token.
    ///
    /// On an error, the tokens made since the last complete one (INDENT/DEDENTs before the
    /// failing token) are removed from `out` again.
    fn advance<const ALL: bool>(&mut self, out: &mut Vec<Token>) -> Result<(), LexError> {
        let mut made = out.len();
        loop {
            match self.step(out) {
                Ok(Step::Token) if ALL => made = out.len(),
                Ok(Step::Token | Step::Done) => return Ok(()),
                Ok(Step::Joined) => {}
                Err(err) => {
                    out.truncate(made);
                    return Err(err);
                }
            }
        }
    }

    /// Lex one raw token, appending what it makes to `out`.
    #[inline(always)]
    fn step(&mut self, out: &mut Vec<Token>) -> Result<Step, LexError> {
        let Some(raw) = self.raw.next() else {
            self.finish(out)?;
            return Ok(Step::Done);
        };
        let span = self.raw.span();
        let (start, end) = (span.start, span.end);
        let raw = match raw {
            Ok(raw) => raw,
            Err(()) => {
                self.begin_line_tokens(start, out)?;
                return Err(LexError::syntax("invalid syntax", start, end));
            }
        };
        match raw {
            Raw::Newline => {
                let kind = if self.parens.is_empty() && self.line_has_tokens {
                    TokenKind::Newline
                } else {
                    TokenKind::Nl
                };
                self.line_start = end as u32;
                if self.parens.is_empty() {
                    self.at_line_start = true;
                    self.line_has_tokens = false;
                }
                self.after_comment = false;
                self.push_line_break(out, kind, start, end);
            }
            Raw::Comment => {
                self.after_comment = true;
                if self.trivia {
                    out.push(Self::token(TokenKind::Comment, start, end));
                } else {
                    self.comment_start = Some(start as u32);
                }
            }
            Raw::Continuation => {
                self.begin_line_tokens(start, out)?;
                if end == self.source.len() {
                    return Err(unexpected_eof_after(start));
                }
                self.line_start = end as u32;
                return Ok(Step::Joined);
            }
            Raw::StrayBackslash => {
                self.begin_line_tokens(start, out)?;
                if end == self.source.len() {
                    return Err(unexpected_eof_after(start));
                }
                return Err(LexError::syntax(
                    "unexpected character after line continuation character",
                    end,
                    end,
                ));
            }
            Raw::AsciiName | Raw::Keyword => {
                self.begin_line_tokens(start, out)?;
                self.line_has_tokens = true;
                let mut token = Token::new(TokenKind::Name, start as u32, end as u32);
                token.keyword = raw == Raw::Keyword;
                out.push(token);
            }
            Raw::Name => {
                self.begin_line_tokens(start, out)?;
                if !self.source.as_bytes()[start..end].is_ascii() {
                    check_identifier(&self.source[start..end], start)?;
                }
                self.line_has_tokens = true;
                out.push(Token::name(self.source, start as u32, end as u32));
            }
            Raw::NumberStart | Raw::DotNumberStart => {
                self.begin_line_tokens(start, out)?;
                let number_end = match plain_int_end(self.source.as_bytes(), start) {
                    Some(number_end) => number_end,
                    None => NumberScanner::new(self.source, start, self.line_start).scan()?,
                };
                self.raw.bump(number_end - end);
                self.push(out, TokenKind::Number, start, number_end);
            }
            Raw::StringStart => {
                self.begin_line_tokens(start, out)?;
                let string_end = self.scan_string(start, end)?;
                self.raw.bump(string_end - end);
                self.push(out, TokenKind::String, start, string_end);
            }
            other => {
                self.begin_line_tokens(start, out)?;
                let kind = other.operator().unwrap_or(TokenKind::Name);
                self.track_bracket(kind, start)?;
                self.push(out, kind, start, end);
            }
        }
        Ok(Step::Token)
    }

    /// Append a NEWLINE or NL. Without trivia, an NL is dropped and a NEWLINE after a comment
    /// starts where the comment does: CPython's tokenizer starts it there, and errors reported at
    /// it point there.
    #[inline]
    fn push_line_break(&mut self, out: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize) {
        if self.trivia {
            out.push(Self::token(kind, start, end));
            return;
        }
        let comment_start = self.comment_start.take();
        if kind == TokenKind::Newline {
            let start = comment_start.map_or(start, |at| at as usize);
            out.push(Self::token(kind, start, end));
        }
    }

    #[inline]
    fn push(&mut self, out: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize) {
        self.line_has_tokens = true;
        out.push(Self::token(kind, start, end));
    }

    /// Before a token that is not trivia: at the first one of a logical line, measure the
    /// indentation. Inlined, as it runs for every token and almost always only tests the flag.
    #[inline]
    fn begin_line_tokens(
        &mut self,
        token_start: usize,
        out: &mut Vec<Token>,
    ) -> Result<(), LexError> {
        if !self.at_line_start {
            return Ok(());
        }
        self.at_line_start = false;
        self.indentation(token_start, out)
    }

    /// Compare the indentation of the line whose first token starts at `token_start` with the
    /// stack, and append the INDENT or DEDENTs it implies.
    fn indentation(&mut self, token_start: usize, out: &mut Vec<Token>) -> Result<(), LexError> {
        let line_start = self.line_start as usize;
        let (col, alt_col) = measure_indent(&self.source.as_bytes()[line_start..token_start]);
        // Most lines are indented as the one before: nothing to do, and nothing to fail.
        if self.indents.last() == Some(&Indent { col, alt_col }) {
            return Ok(());
        }
        self.indentation_change(col, alt_col, token_start, out)
    }

    /// The rest of [`Self::indentation`] when the indentation is not the current level's: an
    /// INDENT, DEDENTs, or an error. Apart so that the common case stays small.
    #[inline(never)]
    fn indentation_change(
        &mut self,
        col: u32,
        alt_col: u32,
        token_start: usize,
        out: &mut Vec<Token>,
    ) -> Result<(), LexError> {
        let line_start = self.line_start as usize;
        let top = *self
            .indents
            .last()
            .unwrap_or(&Indent { col: 0, alt_col: 0 });
        // CPython reports these at the start of the line, so no caret is drawn.
        let tab_error = || {
            LexError::new(
                ErrorKind::Tab,
                "inconsistent use of tabs and spaces in indentation",
                line_start,
                line_start,
            )
        };
        if col == top.col {
            if alt_col != top.alt_col {
                return Err(tab_error());
            }
        } else if col > top.col {
            if alt_col <= top.alt_col {
                return Err(tab_error());
            }
            if self.indents.len() >= MAX_INDENT_DEPTH {
                return Err(LexError::new(
                    ErrorKind::Indentation,
                    "too many levels of indentation",
                    line_start,
                    line_start,
                ));
            }
            self.indents.push(Indent { col, alt_col });
            out.push(Self::token(TokenKind::Indent, line_start, token_start));
        } else {
            while self.indents.len() > 1 && col < self.indents[self.indents.len() - 1].col {
                self.indents.pop();
                out.push(Self::token(TokenKind::Dedent, token_start, token_start));
            }
            let top = self.indents[self.indents.len() - 1];
            if col != top.col {
                // CPython points just past the end of the offending line.
                let at = self.source[token_start..]
                    .find(['\n', '\r'])
                    .map_or(self.source.len(), |n| token_start + n);
                return Err(LexError::new(
                    ErrorKind::Indentation,
                    "unindent does not match any outer indentation level",
                    at,
                    at,
                ));
            }
            if alt_col != top.alt_col {
                return Err(tab_error());
            }
        }
        Ok(())
    }

    /// Keep the bracket stack for an operator token: cheap for the operators that are not
    /// brackets, which are most of them.
    #[inline]
    fn track_bracket(&mut self, kind: TokenKind, start: usize) -> Result<(), LexError> {
        match kind {
            TokenKind::LPar | TokenKind::LSqb | TokenKind::LBrace => self.open_bracket(start),
            TokenKind::RPar | TokenKind::RSqb | TokenKind::RBrace => self.close_bracket(start),
            _ => Ok(()),
        }
    }

    /// Push the bracket at `start`.
    #[inline]
    fn open_bracket(&mut self, start: usize) -> Result<(), LexError> {
        if self.parens.len() >= MAX_PAREN_DEPTH {
            return Err(LexError::syntax(
                "too many nested parentheses",
                start,
                start + 1,
            ));
        }
        self.parens
            .push((self.source.as_bytes()[start], start as u32));
        Ok(())
    }

    /// Pop the bracket the closing one at `start` matches, or fail.
    #[inline]
    fn close_bracket(&mut self, start: usize) -> Result<(), LexError> {
        let byte = self.source.as_bytes()[start];
        let Some((open, open_at)) = self.parens.pop() else {
            return Err(LexError::syntax(
                format!("unmatched '{}'", byte as char),
                start,
                start + 1,
            ));
        };
        let expected = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        if byte != expected {
            return Err(self.mismatched_bracket(open, open_at as usize, byte, start));
        }
        Ok(())
    }

    /// The error for closing bracket `close` at `start` after opening bracket `open` at `open_at`.
    #[cold]
    fn mismatched_bracket(&self, open: u8, open_at: usize, close: u8, start: usize) -> LexError {
        let open_line = line_of(self.source, open_at);
        let close_line = line_of(self.source, start);
        let message = if open_line == close_line {
            format!(
                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                close as char, open as char
            )
        } else {
            format!(
                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                close as char, open as char
            )
        };
        LexError::syntax(message, start, start + 1)
    }

    /// Scan a string body from just after its opening quote; returns the offset past the closing
    /// quote.
    fn scan_string(&mut self, token_start: usize, opener_end: usize) -> Result<usize, LexError> {
        let bytes = self.source.as_bytes();
        let opener = &bytes[token_start..opener_end];
        let quote = opener[opener.len() - 1];
        let triple = opener.len() >= 3 && opener[opener.len() - 3..].iter().all(|&b| b == quote);
        let mut pos = opener_end;
        loop {
            let Some(&b) = bytes.get(pos) else {
                let last = self.source.len().saturating_sub(1).max(token_start);
                let detected = line_of(self.source, last);
                let message = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected})")
                };
                return Err(LexError::syntax(message, token_start, token_start));
            };
            match b {
                b'\\' => {
                    pos += 1;
                    if bytes.get(pos) == Some(&b'\r') && bytes.get(pos + 1) == Some(&b'\n') {
                        pos += 1;
                    }
                    if pos < bytes.len() {
                        pos += 1;
                    }
                }
                b'\n' | b'\r' if !triple => {
                    let detected = line_of(self.source, pos);
                    return Err(LexError::syntax(
                        format!("unterminated string literal (detected at line {detected})"),
                        token_start,
                        token_start,
                    ));
                }
                b if b == quote => {
                    if !triple {
                        return Ok(pos + 1);
                    }
                    if bytes.get(pos + 1) == Some(&quote) && bytes.get(pos + 2) == Some(&quote) {
                        return Ok(pos + 3);
                    }
                    pos += 1;
                }
                _ => pos += 1,
            }
        }
    }

    /// End of input: close the last line, the open brackets and the indentation levels.
    fn finish(&mut self, out: &mut Vec<Token>) -> Result<(), LexError> {
        let end = self.source.len();
        if let Some(&(open, at)) = self.parens.first() {
            let _ = open;
            let (open, at) = self.parens.last().copied().unwrap_or((open, at));
            return Err(LexError::syntax(
                format!("'{}' was never closed", open as char),
                at as usize,
                at as usize + 1,
            ));
        }
        if self.line_has_tokens {
            self.push_line_break(out, TokenKind::Newline, end, end);
            self.line_has_tokens = false;
        } else if self.after_comment {
            // A final comment line without a line break still ends in an (empty) NL.
            self.push_line_break(out, TokenKind::Nl, end, end);
        }
        for _ in 1..self.indents.len() {
            out.push(Self::token(TokenKind::Dedent, end, end));
        }
        self.indents.truncate(1);
        out.push(Self::token(TokenKind::EndMarker, end, end));
        self.done = true;
        Ok(())
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(&token) = self.pending.get(self.pending_pos) {
                self.pending_pos += 1;
                return Some(Ok(token));
            }
            if self.done {
                return None;
            }
            // Refill the (drained) queue; taken out of `self` so `advance` can borrow both.
            let mut pending = std::mem::take(&mut self.pending);
            pending.clear();
            self.pending_pos = 0;
            let result = self.advance::<false>(&mut pending);
            self.pending = pending;
            if let Err(err) = result {
                self.done = true;
                self.pending.clear();
                return Some(Err(err));
            }
        }
    }
}

/// Every token of `source` up to the first error, and that error if there was one.
pub fn tokenize(source: &str) -> (Vec<Token>, Option<LexError>) {
    collect(Lexer::new(source))
}

/// The tokens a parser reads: [`tokenize`] without the trivia (COMMENT and NL tokens), and with
/// a NEWLINE that follows a comment starting where the comment starts, as CPython's tokenizer
/// starts it (errors reported at that NEWLINE point there).
pub fn tokenize_significant(source: &str) -> (Vec<Token>, Option<LexError>) {
    let mut lexer = Lexer::new(source);
    lexer.trivia = false;
    collect(lexer)
}

/// All the tokens of `lexer` up to the first error, and that error.
fn collect(mut lexer: Lexer<'_>) -> (Vec<Token>, Option<LexError>) {
    let source = lexer.source;
    // Python source averages three to five bytes a token: one reservation, no regrowth.
    let mut tokens = Vec::with_capacity(source.len() / 2 + 16);
    // Tokens go straight into the result, not through the iterator's queue.
    match lexer.advance::<true>(&mut tokens) {
        Ok(()) => (tokens, None),
        Err(err) => (tokens, Some(err)),
    }
}

/// The end of a plain decimal integer starting at `start` (`7`, `120`), the commonest number:
/// one whose end needs none of [`NumberScanner`]'s checks. `None` for anything else (another base,
/// a float, underscores, leading zeros, a letter or `.` right after), which the scanner decides.
#[inline]
fn plain_int_end(bytes: &[u8], start: usize) -> Option<usize> {
    let first = *bytes.get(start)?;
    if !first.is_ascii_digit() {
        return None;
    }
    let mut end = start + 1;
    if first != b'0' {
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    match bytes.get(end) {
        Some(&b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b >= 0x80 => None,
        _ => Some(end),
    }
}

/// The indentation `indent` (the bytes before a line's first token) measures: with tabs to the
/// next multiple of [`TAB_SIZE`], and with tabs as one column.
#[inline]
fn measure_indent(indent: &[u8]) -> (u32, u32) {
    // Nearly always spaces only: then both measures are the length. Tested eight bytes at a
    // time, as indentation is often that long.
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let mut chunks = indent.chunks_exact(8);
    let spaces_only = chunks
        .by_ref()
        .all(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or_default()) == SPACES);
    if spaces_only && chunks.remainder().iter().all(|&b| b == b' ') {
        return (indent.len() as u32, indent.len() as u32);
    }
    let (mut col, mut alt_col) = (0u32, 0u32);
    for &b in indent {
        match b {
            b' ' => {
                col += 1;
                alt_col += 1;
            }
            b'\t' => {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                alt_col += 1;
            }
            b'\x0c' => {
                col = 0;
                alt_col = 0;
            }
            _ => {}
        }
    }
    (col, alt_col)
}

/// A backslash at the very end of the source: CPython points just after it.
fn unexpected_eof_after(backslash: usize) -> LexError {
    LexError::syntax("unexpected EOF while parsing", backslash + 1, backslash + 1)
}

/// The 1-based line of byte `offset` (only on error paths, so a linear count is fine).
fn line_of(source: &str, offset: usize) -> usize {
    let bytes = &source.as_bytes()[..offset.min(source.len())];
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

/// Check a non-ASCII identifier as CPython does (after NFKC normalisation, XID_Start then
/// XID_Continue), reporting the first character that cannot be part of it.
fn check_identifier(text: &str, start: usize) -> Result<(), LexError> {
    for (i, (at, c)) in text.char_indices().enumerate() {
        let ok = |c: char| {
            if i == 0 {
                c == '_' || unicode_ident::is_xid_start(c)
            } else {
                unicode_ident::is_xid_continue(c)
            }
        };
        let valid = ok(c) || {
            let mut normalized = std::iter::once(c).nfkc();
            normalized.next().is_some_and(ok) && normalized.all(unicode_ident::is_xid_continue)
        };
        if !valid {
            let message = if crate::pyrepr::is_printable(c) {
                format!("invalid character '{c}' (U+{:04X})", c as u32)
            } else {
                format!("invalid non-printable character U+{:04X}", c as u32)
            };
            return Err(LexError::syntax(message, start + at, start + at));
        }
    }
    Ok(())
}

/// Scans a number as CPython's tokenizer does, character by character with one step of backing up,
/// so that its errors say the same thing at the same place.
struct NumberScanner<'s> {
    bytes: &'s [u8],
    source: &'s str,
    start: usize,
    line_start: usize,
    /// Position of the next character to read.
    cur: usize,
}

impl<'s> NumberScanner<'s> {
    fn new(source: &'s str, start: usize, line_start: u32) -> Self {
        NumberScanner {
            bytes: source.as_bytes(),
            source,
            start,
            line_start: line_start as usize,
            cur: start,
        }
    }

    /// Read one character (0 at the end).
    fn next(&mut self) -> u8 {
        let c = self.bytes.get(self.cur).copied().unwrap_or(0);
        self.cur += 1;
        c
    }

    fn backup(&mut self) {
        self.cur -= 1;
    }

    /// An error whose caret is where CPython's is: at the last character consumed.
    fn error(&self, message: impl Into<String>) -> LexError {
        let end = self.cur.min(self.source.len());
        let at = if end > self.line_start {
            let mut at = end - 1;
            while !self.source.is_char_boundary(at) {
                at -= 1;
            }
            at
        } else {
            end
        };
        LexError::syntax(message, at, at)
    }

    fn scan(mut self) -> Result<usize, LexError> {
        let mut c = self.next();
        if c == b'.' {
            c = self.next();
            return self.fraction(c);
        }
        if c == b'0' {
            c = self.next();
            match c {
                b'x' | b'X' => return self.radix(16, "hexadecimal"),
                b'o' | b'O' => return self.radix(8, "octal"),
                b'b' | b'B' => return self.radix(2, "binary"),
                _ => {}
            }
            let mut nonzero = false;
            loop {
                if c == b'_' {
                    c = self.next();
                    if !c.is_ascii_digit() {
                        self.backup();
                        return Err(self.error("invalid decimal literal"));
                    }
                }
                if c != b'0' {
                    break;
                }
                c = self.next();
            }
            let zeros_end = self.cur - 1;
            if c.is_ascii_digit() {
                nonzero = true;
                c = self.decimal_tail()?;
            }
            return match c {
                b'.' => {
                    let c = self.next();
                    self.fraction(c)
                }
                b'e' | b'E' => self.exponent(c),
                b'j' | b'J' => self.imaginary(),
                _ if nonzero => {
                    let first = self.start + 1;
                    let _ = zeros_end;
                    Err(LexError::syntax(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        first - 1,
                        zeros_end,
                    ))
                }
                _ => self.end(c, "decimal"),
            };
        }
        self.backup();
        c = self.decimal_tail()?;
        if c == b'.' {
            c = self.next();
            return self.fraction(c);
        }
        match c {
            b'e' | b'E' => self.exponent(c),
            b'j' | b'J' => self.imaginary(),
            _ => self.end(c, "decimal"),
        }
    }

    /// Digits with single underscores between them; returns the first character after them.
    fn decimal_tail(&mut self) -> Result<u8, LexError> {
        loop {
            let mut c = self.next();
            while c.is_ascii_digit() {
                c = self.next();
            }
            if c != b'_' {
                return Ok(c);
            }
            c = self.next();
            if !c.is_ascii_digit() {
                self.backup();
                return Err(self.error("invalid decimal literal"));
            }
        }
    }

    /// After the point: `c` is the first character read there.
    fn fraction(&mut self, mut c: u8) -> Result<usize, LexError> {
        if c.is_ascii_digit() {
            self.backup();
            c = self.decimal_tail()?;
        }
        match c {
            b'e' | b'E' => self.exponent(c),
            b'j' | b'J' => self.imaginary(),
            _ => self.end(c, "decimal"),
        }
    }

    fn exponent(&mut self, e: u8) -> Result<usize, LexError> {
        let mut c = self.next();
        if c == b'+' || c == b'-' {
            c = self.next();
            if !c.is_ascii_digit() {
                self.backup();
                return Err(self.error("invalid decimal literal"));
            }
        } else if !c.is_ascii_digit() {
            // `1e` followed by something else: the number ends before the `e` (as in `1else`).
            self.backup();
            self.verify_end(e, "decimal")?;
            self.backup();
            return Ok(self.cur);
        }
        self.backup();
        c = self.decimal_tail()?;
        if c == b'j' || c == b'J' {
            return self.imaginary();
        }
        self.end(c, "decimal")
    }

    fn imaginary(&mut self) -> Result<usize, LexError> {
        let c = self.next();
        self.end(c, "imaginary")
    }

    fn radix(&mut self, radix: u32, kind: &str) -> Result<usize, LexError> {
        let is_digit = |c: u8| (c as char).is_digit(radix);
        let mut c = self.next();
        loop {
            if c == b'_' {
                c = self.next();
            }
            if !is_digit(c) {
                if radix < 10 && c.is_ascii_digit() {
                    return Err(
                        self.error(format!("invalid digit '{}' in {kind} literal", c as char))
                    );
                }
                self.backup();
                return Err(self.error(format!("invalid {kind} literal")));
            }
            while is_digit(c) {
                c = self.next();
            }
            if c != b'_' {
                break;
            }
        }
        if radix < 10 && c.is_ascii_digit() {
            return Err(self.error(format!("invalid digit '{}' in {kind} literal", c as char)));
        }
        self.end(c, kind)
    }

    /// `c` was read just after the number: check it cannot continue a name, then end there.
    fn end(&mut self, c: u8, kind: &str) -> Result<usize, LexError> {
        self.verify_end(c, kind)?;
        self.backup();
        Ok(self.cur)
    }

    /// CPython's `verify_end_of_number`: a number followed by a keyword that may legally follow it
    /// (`1if x else y`) is accepted; followed by any other name character it is an error.
    fn verify_end(&mut self, c: u8, kind: &str) -> Result<(), LexError> {
        let rest = &self.bytes[self.cur.min(self.bytes.len())..];
        let keyword_follows = match c {
            b'a' => rest.starts_with(b"nd"),
            b'e' => rest.starts_with(b"lse"),
            b'f' => rest.starts_with(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => rest.starts_with(b"r"),
            b'n' => rest.starts_with(b"ot"),
            _ => false,
        };
        if !keyword_follows && (c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80) {
            self.backup();
            return Err(self.error(format!("invalid {kind} literal")));
        }
        Ok(())
    }
}
