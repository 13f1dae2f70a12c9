//! The Python 3.11 lexer of hotpy.
//!
//! Raw tokens come from a [`logos`] automaton ([`raw`]); the driver in [`lexer`] adds what a regular
//! lexer cannot do: the indentation stack, bracket nesting, continuation lines and string bodies.
//! Tokens are small and payload-free ([`Token`]: kind, byte range and a hard-keyword flag); their
//! text is sliced from the source, and literal values are decoded on demand by [`literal`].
//!
//! Entry points:
//! - [`decode_source`]: bytes → text (PEP 263 declarations, BOM, invalid UTF-8 and NUL errors);
//! - [`Lexer`]: an iterator of tokens (trivia included: the parser skips [`TokenKind::is_trivia`]);
//! - [`tokenize`]: the whole stream at once, stopping at the first error;
//! - [`tokenize_significant`]: the same without trivia, for a parser;
//! - [`literal::decode_string`], [`literal::parse_number`]: the values of literals;
//! - [`format_tokenize`]: the text `python3 -m tokenize -e` prints, for the oracle.

pub mod error;
pub mod lexer;
pub mod line_index;
pub mod literal;
pub mod pyrepr;
mod raw;
pub mod source;
pub mod token;
pub mod tokenize_format;
mod unicode14;

pub use error::{ErrorKind, LexError, Shown};
pub use lexer::{tokenize, tokenize_significant, Lexer};
pub use line_index::LineIndex;
pub use source::{decode_source, DecodedSource};
pub use token::{is_keyword, Token, TokenKind};
pub use tokenize_format::format_tokenize;
