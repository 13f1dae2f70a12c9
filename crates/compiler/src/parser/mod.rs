//! A hand-written recursive-descent parser for Python 3.11, producing the [`crate::ast`] tree.
//!
//! The parser works on the lexer's token vector (trivia removed) with one token of lookahead
//! plus explicit save/restore points where CPython's PEG grammar backtracks (soft keywords,
//! assignment targets). Binary operators use precedence climbing. Errors carry CPython's
//! messages and positions; see [`errors`].
//!
//! Modules: [`stmt`] (statements and blocks), [`expr`] (expressions), [`fstring`] (the inside of
//! f-strings), [`pattern`] (`match` patterns), [`target`] (assignment/deletion targets),
//! [`errors`] (error construction and the messages shared between them).

mod errors;
mod expr;
mod fstring;
mod pattern;
mod stmt;
mod target;

use bumpalo::collections::Vec as BVec;
use bumpalo::Bump;
use hotpy_lexer::{LexError, Token, TokenKind};

use crate::ast::{Expr, ExprKind, Module, Span};

/// A syntax error (or indentation error): the lexer's error type, which renders like CPython.
pub type SyntaxError = LexError;

/// The result of a parsing function.
pub(crate) type PResult<T> = Result<T, SyntaxError>;

/// The most nested constructs the parser accepts: brackets, blocks, and chains that recurse
/// (unary operators, `not`, `**`, `lambda`, `… if … else …`, patterns). This, not the thread's
/// stack size, is what keeps deep inputs from overflowing the Rust stack.
///
/// Brackets alone are limited to 200 by the lexer ("too many nested parentheses") and blocks to
/// 100 ("too many levels of indentation"), as in CPython; the rest of the budget lets valid
/// programs like `-` repeated 900 times parse, as they do in CPython. At this depth the parser
/// needs about 8 MiB of stack in a debug build ([`crate::dump_ast`] and [`crate::check_syntax`]
/// parse on a thread with 64 MiB).
pub const MAX_DEPTH: u32 = 1000;

/// Parse a whole module (`ast.parse(source)`), allocating the tree in `arena`.
///
/// `source` is decoded text (see [`hotpy_lexer::decode_source`]). The first lexical or syntax
/// error is returned with CPython's message and position.
pub fn parse_module<'a>(source: &str, arena: &'a Bump) -> Result<Module<'a>, SyntaxError> {
    let (tokens, lex_error) = hotpy_lexer::tokenize(source);
    let lex_error = lex_error.map(|e| fix_lex_error(source, e));
    let mut p = Parser::new(arena, source, tokens, 0);
    let end = p.toks[p.toks.len() - 1].start;
    let result = p.module();
    match (result, lex_error) {
        (Ok(module), None) => Ok(module),
        // CPython tokenizes lazily: when the parser fails before it reaches the place where the
        // lexer stopped (the final ENDMARKER here), the parser's error is the one reported.
        (Err(err), Some(lex)) => Err(if err.start >= end || p.hit_end {
            lex
        } else if err.message == "invalid syntax" {
            // With only a generic "invalid syntax", CPython tokenizes the rest of the file and
            // reports a tokenizer error found there instead; an unclosed bracket only when it
            // was opened on an earlier line than the error.
            if lex.message.ends_with("was never closed") {
                let index = hotpy_lexer::LineIndex::new(source);
                let err_line = index.line_col_chars(source, err.start).0;
                let open_line = index.line_col_chars(source, lex.start).0;
                if err_line > open_line {
                    lex
                } else {
                    err
                }
            } else {
                lex
            }
        } else {
            err
        }),
        (Err(err), None) => Err(err),
        (Ok(_), Some(lex)) => Err(lex),
    }
}

/// Work around a lexer position bug: CPython reports "unindent does not match any outer
/// indentation level" at the end of the offending line (offset = line length + 1), the lexer
/// at its indentation.
fn fix_lex_error(source: &str, mut e: LexError) -> LexError {
    if e.message.starts_with("unindent does not match") {
        let from = (e.start as usize).min(source.len());
        let end = source[from..]
            .find(['\n', '\r'])
            .map_or(source.len(), |k| from + k);
        e.start = end as u32;
        e.end = end as u32;
    }
    e
}

/// True for the hard keywords of Python 3.11, which can never be names.
pub(crate) fn is_keyword(text: &str) -> bool {
    matches!(
        text,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// The parser state: the tokens, a cursor and the arena.
pub(crate) struct Parser<'a, 's> {
    /// Where nodes are allocated.
    arena: &'a Bump,
    /// The text the tokens point into.
    src: &'s str,
    /// The significant tokens (no comments or NL), ending with ENDMARKER.
    toks: Vec<Token>,
    /// The index of the current token.
    pos: usize,
    /// Current recursion depth (see [`MAX_DEPTH`]).
    depth: u32,
    /// Added to every span: the offset of `src` inside the file (for f-string expressions).
    base: u32,
    /// Set when the parser reached the end of the tokens (a lexer error there takes precedence).
    hit_end: bool,
    /// Set while parsing the inside of an f-string replacement field.
    in_fstring: bool,
    /// The furthest token index looked at: CPython reports "invalid syntax" there.
    furthest: std::cell::Cell<usize>,
    /// The span of the last `disjunction` parsed (for "Perhaps you forgot a comma?").
    last_disjunction: Span,
    /// Where errors found while scanning an f-string's text are reported: CPython points at the
    /// token after the string.
    fstring_error_at: u32,
}

impl<'a, 's> Parser<'a, 's> {
    /// A parser over `tokens` (trivia is dropped here) of `src`, whose spans are shifted by `base`.
    pub(crate) fn new(arena: &'a Bump, src: &'s str, tokens: Vec<Token>, base: u32) -> Self {
        let mut toks: Vec<Token> = Vec::with_capacity(tokens.len());
        let mut comment_start = None;
        for mut t in tokens {
            match t.kind {
                // CPython's tokenizer starts a NEWLINE after a comment where the comment starts,
                // and errors reported at that NEWLINE point there.
                TokenKind::Comment => comment_start = Some(t.start),
                TokenKind::Nl => comment_start = None,
                _ => {
                    if t.kind == TokenKind::Newline {
                        if let Some(start) = comment_start {
                            t.start = start;
                        }
                    }
                    comment_start = None;
                    toks.push(t);
                }
            }
        }
        // The lexer stops at an error without an ENDMARKER: add one so lookahead never runs out.
        if toks.last().map(|t| t.kind) != Some(TokenKind::EndMarker) {
            let end = toks.last().map_or(0, |t| t.end);
            toks.push(Token {
                kind: TokenKind::EndMarker,
                start: end,
                end,
            });
        }
        Parser {
            arena,
            src,
            toks,
            pos: 0,
            depth: 0,
            base,
            hit_end: false,
            in_fstring: false,
            last_disjunction: Span::default(),
            furthest: std::cell::Cell::new(0),
            fstring_error_at: 0,
        }
    }

    // ----- token access -----

    /// The current token.
    fn tok(&self) -> Token {
        self.toks[self.pos.min(self.toks.len() - 1)]
    }

    /// The token `n` ahead of the current one.
    fn nth(&self, n: usize) -> Token {
        let i = (self.pos + n).min(self.toks.len() - 1);
        self.furthest.set(self.furthest.get().max(i));
        self.toks[i]
    }

    /// The kind of the current token.
    fn kind(&self) -> TokenKind {
        self.tok().kind
    }

    /// The text of a token.
    fn text_of(&self, t: Token) -> &'s str {
        t.text(self.src)
    }

    /// The text of the current token.
    fn text(&self) -> &'s str {
        self.text_of(self.tok())
    }

    /// True if the current token is `kind`.
    fn at(&self, kind: TokenKind) -> bool {
        self.kind() == kind
    }

    /// True if the current token is the keyword (or soft keyword) `kw`.
    fn at_kw(&self, kw: &str) -> bool {
        self.kind() == TokenKind::Name && self.text() == kw
    }

    /// True if token `t` is the keyword `kw`.
    fn is_kw(&self, t: Token, kw: &str) -> bool {
        t.kind == TokenKind::Name && self.text_of(t) == kw
    }

    /// True if the current token is a NAME that is not a hard keyword.
    fn at_name(&self) -> bool {
        self.kind() == TokenKind::Name && !is_keyword(self.text())
    }

    /// Move past the current token and return it.
    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind == TokenKind::EndMarker {
            self.hit_end = true;
        }
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    /// Consume the current token if it is `kind`.
    fn eat(&mut self, kind: TokenKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Consume the current token if it is the keyword `kw`.
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Consume a token of `kind` or fail with "invalid syntax" at the current token.
    fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// Consume a keyword or fail with "invalid syntax".
    fn expect_kw(&mut self, kw: &str) -> PResult<Token> {
        if self.at_kw(kw) {
            Ok(self.bump())
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// The end offset (in file coordinates) of the previous token.
    fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            self.base
        } else {
            self.toks[self.pos - 1].end + self.base
        }
    }

    /// The start offset (in file coordinates) of the current token.
    fn start(&self) -> u32 {
        self.tok().start + self.base
    }

    /// The span from `start` to the end of the previous token.
    fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    /// The span of token `t` in file coordinates.
    fn tok_span(&self, t: Token) -> Span {
        Span::new(t.start + self.base, t.end + self.base)
    }

    // ----- allocation -----

    /// Allocate a value in the arena.
    fn alloc<T>(&self, value: T) -> &'a T {
        self.arena.alloc(value)
    }

    /// Allocate a string in the arena.
    fn alloc_str(&self, s: &str) -> &'a str {
        self.arena.alloc_str(s)
    }

    /// A new arena vector.
    fn vec<T>(&self) -> BVec<'a, T> {
        BVec::new_in(self.arena)
    }

    /// An expression node.
    fn expr(&self, kind: ExprKind<'a>, span: Span) -> Expr<'a> {
        Expr { kind, span }
    }

    /// An identifier from a NAME token, NFKC-normalised and allocated.
    fn ident_of(&self, t: Token) -> &'a str {
        let text = self.text_of(t);
        self.alloc_str(&hotpy_lexer::literal::normalize_identifier(text))
    }

    /// Consume a NAME that is not a keyword and return the identifier.
    fn name(&mut self) -> PResult<&'a str> {
        if self.at_name() {
            let t = self.bump();
            Ok(self.ident_of(t))
        } else {
            Err(self.invalid_syntax())
        }
    }

    // ----- recursion guard -----

    /// Enter one recursion level, failing past [`MAX_DEPTH`].
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let t = self.tok();
            return Err(LexError::syntax(
                "too many nested expressions (hotpy's parser nesting limit)",
                (t.start + self.base) as usize,
                (t.end + self.base) as usize,
            ));
        }
        Ok(())
    }

    /// Leave a recursion level.
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ----- module -----

    /// `file: [statements] ENDMARKER`.
    fn module(&mut self) -> PResult<Module<'a>> {
        let mut body = self.vec();
        while !self.at(TokenKind::EndMarker) {
            self.statement(&mut body)?;
        }
        Ok(Module {
            body: body.into_bump_slice(),
        })
    }
}
