//! The driver: indentation, brackets, continuation lines and string bodies above the raw tokens.

use crate::{LexError, Token, TokenKind};

/// An iterator over the tokens of a source, trivia (COMMENT, NL) included.
///
/// Yields `Err` once at the first lexical error and then ends.
pub struct Lexer<'s> {
    source: &'s str,
    done: bool,
}

impl<'s> Lexer<'s> {
    /// A lexer over decoded source text.
    pub fn new(source: &'s str) -> Self {
        Lexer {
            source,
            done: false,
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.done = true;
        let end = self.source.len() as u32;
        Some(Ok(Token {
            kind: TokenKind::EndMarker,
            start: end,
            end,
        }))
    }
}

/// Every token of `source` up to the first error, and that error if there was one.
pub fn tokenize(source: &str) -> (Vec<Token>, Option<LexError>) {
    let mut tokens = Vec::new();
    for item in Lexer::new(source) {
        match item {
            Ok(token) => tokens.push(token),
            Err(err) => return (tokens, Some(err)),
        }
    }
    (tokens, None)
}
