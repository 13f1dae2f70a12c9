//! The text `python3 -m tokenize -e FILE` prints, for comparing hotpy's lexer with CPython's.
//!
//! CPython's `tokenize` module counts lines by `\n` only and columns in characters, writes the
//! ENCODING token first, and puts the DEDENTs and ENDMARKER of the end of input at column 0 of the
//! line after the last; an empty NEWLINE added at the end spans one column past the last line.

use std::fmt::Write;

use crate::pyrepr::str_repr;
use crate::{decode_source, LexError, Lexer, TokenKind};

/// Format the tokens of the file `bytes` as `python3 -m tokenize -e` does. On a lexical error, the
/// error is returned (the tokens before it are not printed).
pub fn format_tokenize(bytes: &[u8], filename: &str) -> Result<String, LexError> {
    let decoded = decode_source(bytes, filename)?;
    let source = decoded.text.as_str();
    let lines = Lines::new(source);
    let mut out = String::with_capacity(source.len() * 4);
    write_row(&mut out, (0, 0), (0, 0), "ENCODING", &decoded.encoding);
    let eof_line = source.bytes().filter(|&b| b == b'\n').count()
        + usize::from(!source.is_empty() && !source.ends_with('\n'))
        + 1;
    for token in Lexer::new(source) {
        let token = token?;
        let text = token.text(source);
        let (start, end) = match token.kind {
            TokenKind::Dedent | TokenKind::EndMarker if token.start as usize == source.len() => {
                ((eof_line, 0), (eof_line, 0))
            }
            TokenKind::Newline if text.is_empty() => {
                let (line, col) = lines.position(source, token.start as usize);
                ((line, col), (line, col + 1))
            }
            _ => (
                lines.position(source, token.start as usize),
                lines.end_position(source, token.start as usize, token.end as usize),
            ),
        };
        if token.kind == TokenKind::Name && !text.is_ascii() {
            write_name_pieces(&mut out, start, text);
            continue;
        }
        write_row(&mut out, start, end, token.kind.name(), text);
    }
    Ok(out)
}

/// `tokenize` matches names with the regular expression `\\w+`, which leaves out combining marks that
/// Python identifiers allow; each such character becomes an ERRORTOKEN of its own.
fn write_name_pieces(out: &mut String, start: (usize, usize), text: &str) {
    let (line, mut col) = start;
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let (name, len) = if is_word_char(first) {
            let len = rest
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(rest.len(), |(i, _)| i);
            ("NAME", len)
        } else {
            ("ERRORTOKEN", first.len_utf8())
        };
        let piece = &rest[..len];
        let width = piece.chars().count();
        write_row(out, (line, col), (line, col + width), name, piece);
        col += width;
        rest = &rest[len..];
    }
}

/// Python's `\w` for `str`: letters, numbers and the underscore.
fn is_word_char(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    c == '_'
        || matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::DecimalNumber
                | G::LetterNumber
                | G::OtherNumber
        )
}

fn write_row(out: &mut String, start: (usize, usize), end: (usize, usize), name: &str, text: &str) {
    let range = format!("{},{}-{},{}:", start.0, start.1, end.0, end.1);
    let _ = writeln!(out, "{range:<20}{name:<15}{:<15}", str_repr(text));
}

/// Line starts by `\n` only, as `tokenize` reads lines.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// 1-based line and 0-based column in characters.
    fn position(&self, source: &str, offset: usize) -> (usize, usize) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let prefix = &source[self.starts[line]..offset];
        let col = if prefix.is_ascii() {
            prefix.len()
        } else {
            prefix.chars().count()
        };
        (line + 1, col)
    }

    /// The end of a token as `tokenize` reports it: just after its last character, on that
    /// character's line (so a NEWLINE ends on its own line, not at the start of the next).
    fn end_position(&self, source: &str, start: usize, end: usize) -> (usize, usize) {
        let Some(last) = source[start..end].chars().next_back() else {
            return self.position(source, end);
        };
        let (line, col) = self.position(source, end - last.len_utf8());
        (line, col + 1)
    }
}
