//! A hand-written recursive-descent parser for Python 3.11, producing the [`crate::ast`] tree.
//!
//! The parser works on the lexer's token vector (without trivia) with one token of lookahead
//! plus explicit save/restore points where CPython's PEG grammar backtracks (soft keywords,
//! assignment targets). Binary operators use precedence climbing. Errors carry CPython's
//! messages and positions; see `errors`.
//!
//! Modules: `stmt` (statements and blocks), `expr` (expressions), `fstring` (the inside of
//! f-strings), `pattern` (`match` patterns), `target` (assignment/deletion targets),
//! `errors` (error construction and the messages shared between them).

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
/// programs like `-` repeated 900 times parse, as they do in CPython. Left-deep chains
/// (`a + b + …`, `a.b.c…`) count one level per link, so tree depth is bounded too.
///
/// At this depth the parser needs about 8 MiB of stack in a debug build and 2 MiB in a release
/// build (`examples/stack_probe.rs`); [`crate::dump_ast`] and [`crate::check_syntax`] parse on a
/// thread with 64 MiB.
pub const MAX_DEPTH: u32 = 1000;

/// Parse a whole module (`ast.parse(source)`), allocating the tree in `arena`.
///
/// `source` is decoded text (see [`hotpy_lexer::decode_source`]). The first lexical or syntax
/// error is returned with CPython's message and position.
pub fn parse_module<'a>(source: &str, arena: &'a Bump) -> Result<Module<'a>, SyntaxError> {
    let (mut tokens, lex_error) = hotpy_lexer::tokenize_significant(source);
    let lex_error = lex_error.map(|e| fix_lex_error(source, e));
    if let Some(lex) = &lex_error {
        restore_missing_indent(source, &mut tokens, lex);
    }
    let mut p = Parser::new(arena, source, tokens, 0);
    let end = p.toks[p.toks.len() - 1].start;
    let err = match (p.module(), lex_error) {
        (Ok(module), None) => return Ok(module),
        (Err(err), None) => return Err(err),
        (Ok(_), Some(lex)) => lex,
        (Err(err), Some(lex)) => {
            // CPython's tokenizer runs as the parser asks for tokens: if the parser looked at
            // the place where the lexer stopped, that is where it fails. A character no token
            // starts with is only an error token there (the parser reports "invalid syntax" at
            // it); anything else is a tokenizer exception, raised at once.
            if err.start >= end || p.hit_end || p.touched_end.get() {
                if !is_soft_lex_error(&lex) {
                    return Err(lex);
                }
                lex
            } else {
                err
            }
        }
    };
    if err.kind != hotpy_lexer::ErrorKind::Syntax && err.message.starts_with("unexpected") {
        // "unexpected indent" is decided without looking further.
        return Err(err);
    }
    // After a parser error CPython tokenizes the rest of the file, and a tokenizer error found
    // there replaces the parser's; an unclosed bracket only when it was opened on a line before
    // the last token the parser read.
    let Some(later) = first_hard_lex_error(source) else {
        return Err(err);
    };
    if later.message.ends_with("was never closed") {
        // CPython's second pass tries to read an expression where a generic error stands (to
        // suggest a missing comma): do the same, to see how far it reads.
        let at = p.pos.max(p.furthest.get()).min(p.toks.len() - 1);
        let after_operand = at > 0 && p.last_disjunction.end == p.toks[at - 1].end;
        if err.message == "invalid syntax" && after_operand {
            p.pos = at;
            p.depth = 0;
            if p.starts_expression() {
                let _ = p.probe(|p| p.expression());
            }
            if p.touched_end.get() {
                return Err(later);
            }
        }
        let read = p.pos.max(p.furthest.get()).max(p.read_ahead);
        let last = p.toks[read.min(p.toks.len() - 1)];
        let index = hotpy_lexer::LineIndex::new(source);
        let last_line = index.line_col_chars(source, last.start).0;
        let open_line = index.line_col_chars(source, later.start).0;
        return Err(if last_line > open_line { later } else { err });
    }
    Err(later)
}

/// Work around a lexer gap: when the first token of a more indented line is an error, the lexer
/// stops without the INDENT that CPython's tokenizer produces first (so CPython's parser can
/// report "unexpected indent" there). Add it back.
fn restore_missing_indent(source: &str, tokens: &mut Vec<Token>, lex: &LexError) {
    let last = tokens
        .iter()
        .rev()
        .find(|t| !t.kind.is_trivia())
        .map(|t| t.kind);
    if !matches!(last, None | Some(TokenKind::Newline)) {
        return;
    }
    let at = (lex.start as usize).min(source.len());
    let Some(line_start) = source
        .get(..at)
        .map(|s| s.rfind(['\n', '\r']).map_or(0, |k| k + 1))
    else {
        return;
    };
    let indent = &source[line_start..at];
    if indent.is_empty() || !indent.bytes().all(|b| b == b' ') {
        return;
    }
    // The indentation of the previous logical line: its first token's column.
    let prev_first = tokens
        .iter()
        .rposition(|t| t.kind == TokenKind::Newline)
        .and_then(|last_newline| {
            tokens[..last_newline]
                .iter()
                .rposition(|t| t.kind == TokenKind::Newline)
                .map_or(Some(0), |k| Some(k + 1))
        })
        .and_then(|i| tokens[i..].iter().find(|t| !t.kind.is_trivia()).copied());
    let prev_indent = prev_first.map_or(0, |t| {
        let start = t.start as usize;
        let ls = source[..start].rfind(['\n', '\r']).map_or(0, |k| k + 1);
        start - ls
    });
    if indent.len() > prev_indent {
        tokens.push(Token::new(TokenKind::Indent, line_start as u32, at as u32));
    }
}

/// True for the tokenizer errors CPython only turns into exceptions when the parser reads the
/// failing token (indentation, a stray continuation character, EOF), so they do not replace an
/// earlier parser error.
fn is_deferred_lex_error(e: &LexError) -> bool {
    e.message.starts_with("unindent does not match")
        || e.message.starts_with("inconsistent use of tabs")
        || e.message.starts_with("too many levels of indentation")
        || e.message
            .starts_with("unexpected character after line continuation")
        || e.message.starts_with("unexpected EOF")
}

/// True for the lexer's "invalid syntax" on a character no token starts with (`$`, `?`, a
/// backtick): CPython's tokenizer makes an error token of it and goes on.
fn is_soft_lex_error(e: &LexError) -> bool {
    e.message == "invalid syntax"
}

/// The first tokenizer error of `source` that CPython's tokenizer raises as an exception: the
/// lexer stops at soft errors ([`is_soft_lex_error`]), so blank those characters out and go on.
fn first_hard_lex_error(source: &str) -> Option<LexError> {
    let mut text = std::borrow::Cow::Borrowed(source);
    // Each round blanks one character; a file with very many is not worth more rounds.
    for _ in 0..64 {
        let err = hotpy_lexer::tokenize_significant(&text).1?;
        if is_deferred_lex_error(&err) {
            return None;
        }
        if !is_soft_lex_error(&err) {
            return Some(fix_lex_error(source, err));
        }
        let at = err.start as usize;
        let width = text.get(at..)?.chars().next()?.len_utf8();
        let mut owned = text.into_owned();
        owned.replace_range(at..at + width, &" ".repeat(width));
        text = std::borrow::Cow::Owned(owned);
    }
    None
}

/// Work around a lexer position bug: CPython reports "unindent does not match any outer
/// indentation level" at the end of the offending line (offset = line length + 1), the lexer
/// at its indentation.
fn fix_lex_error(source: &str, mut e: LexError) -> LexError {
    if e.message.starts_with("unindent does not match") {
        let mut from = (e.start as usize).min(source.len());
        while !source.is_char_boundary(from) {
            from -= 1;
        }
        let end = source[from..]
            .find(['\n', '\r'])
            .map_or(source.len(), |k| from + k);
        e.start = end as u32;
        e.end = end as u32;
    }
    e
}

/// True for the hard keywords of Python 3.11, which can never be names.
pub(crate) use hotpy_lexer::is_keyword;

/// The parser state: the tokens, a cursor and the arena.
pub(crate) struct Parser<'a, 's> {
    /// Where nodes are allocated.
    arena: &'a Bump,
    /// The text the tokens point into.
    src: &'s str,
    /// `src` copied into the arena once, so that an ASCII identifier is a slice of it rather
    /// than an allocation and a copy of its own (a parse makes thousands).
    arena_src: &'a str,
    /// `src` is all ASCII, so no identifier needs NFKC normalisation (nor the check for it).
    ascii_src: bool,
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
    /// The span of the string literals being parsed (CPython's position for f-string parts).
    fstring_span: Span,
    /// The span of the one string token being parsed (CPython's position for format specs).
    fstring_token_span: Span,
    /// Set while parsing the bases of a class (where `C(x for x in y)` is invalid).
    in_class_args: bool,
    /// Set when the parser looked at the final token (see [`Self::token_at`]).
    touched_end: std::cell::Cell<bool>,
    /// The furthest token index looked at: CPython reports "invalid syntax" there.
    furthest: std::cell::Cell<usize>,
    /// The furthest token index read, including by speculative parses made only to choose an
    /// error message (CPython's second pass reads that far too).
    read_ahead: usize,
    /// The span of the last `disjunction` parsed (for "Perhaps you forgot a comma?").
    last_disjunction: Span,
    /// Where errors found while scanning an f-string's text are reported: CPython points at the
    /// token after the string.
    fstring_error_at: u32,
}

impl<'a, 's> Parser<'a, 's> {
    /// A parser over `toks` of `src`, whose spans are shifted by `base`. The tokens are
    /// [`hotpy_lexer::tokenize_significant`]'s: no trivia, and a NEWLINE after a comment starting
    /// where the comment does.
    pub(crate) fn new(arena: &'a Bump, src: &'s str, mut toks: Vec<Token>, base: u32) -> Self {
        debug_assert!(toks.iter().all(|t| !t.kind.is_trivia()));
        // The lexer stops at an error without an ENDMARKER: add one so lookahead never runs out.
        if toks.last().map(|t| t.kind) != Some(TokenKind::EndMarker) {
            let end = toks.last().map_or(0, |t| t.end);
            toks.push(Token::new(TokenKind::EndMarker, end, end));
        }
        Parser {
            arena,
            src,
            arena_src: arena.alloc_str(src),
            ascii_src: src.is_ascii(),
            toks,
            pos: 0,
            depth: 0,
            base,
            hit_end: false,
            in_fstring: false,
            last_disjunction: Span::default(),
            furthest: std::cell::Cell::new(0),
            read_ahead: 0,
            touched_end: std::cell::Cell::new(false),
            in_class_args: false,
            fstring_span: Span::default(),
            fstring_token_span: Span::default(),
            fstring_error_at: 0,
        }
    }

    // ----- token access -----

    /// The current token.
    fn tok(&self) -> Token {
        self.token_at(self.pos)
    }

    /// The token at index `i` (the last one past the end), noting when the parser looks at the
    /// final token: after a lexical error that is where the lexer stopped.
    ///
    /// Asked for every token test, so the common case is one bounds check and one comparison:
    /// ENDMARKER is the final token and only that.
    #[inline]
    fn token_at(&self, i: usize) -> Token {
        match self.toks.get(i) {
            Some(&t) if t.kind != TokenKind::EndMarker => t,
            _ => self.end_token(),
        }
    }

    /// The final token (ENDMARKER), noting that the parser looked at it.
    fn end_token(&self) -> Token {
        self.touched_end.set(true);
        self.toks[self.toks.len() - 1]
    }

    /// The token `n` ahead of the current one.
    fn nth(&self, n: usize) -> Token {
        self.token_at(self.pos + n)
    }

    /// Like [`Self::nth`], for a token CPython's parser consumes at this point: "invalid
    /// syntax" is reported at the furthest such token.
    fn nth_consumed(&self, n: usize) -> Token {
        let i = (self.pos + n).min(self.toks.len() - 1);
        self.furthest.set(self.furthest.get().max(i));
        self.token_at(i)
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
        self.is_kw(self.tok(), kw)
    }

    /// True if token `t` is the keyword `kw`. Asked at every level of every expression (`or`,
    /// `and`, `not`, `if`, …): the lengths are compared first and then the bytes, without
    /// slicing the source as `str` (which checks character boundaries).
    fn is_kw(&self, t: Token, kw: &str) -> bool {
        t.kind == TokenKind::Name
            && (t.end - t.start) as usize == kw.len()
            && self.src.as_bytes().get(t.start as usize..t.end as usize) == Some(kw.as_bytes())
    }

    /// True if the current token is a NAME that is not a hard keyword.
    fn at_name(&self) -> bool {
        let t = self.tok();
        t.kind == TokenKind::Name && !t.keyword
    }

    /// Move past the current token and return it.
    fn bump(&mut self) -> Token {
        let t = self.tok();
        // ENDMARKER is the final token, and the cursor stays there.
        if t.kind == TokenKind::EndMarker {
            self.hit_end = true;
        } else {
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
        // A block ends with its last real token, not with the NEWLINE/DEDENT closing it.
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            let t = self.toks[i];
            if !matches!(
                t.kind,
                TokenKind::Newline | TokenKind::Dedent | TokenKind::Indent
            ) {
                return t.end + self.base;
            }
        }
        self.base
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

    /// A new arena vector with room for `n` items. For lists that usually hold a few: growing
    /// from empty reallocates at 1, 2 and 4 items, and the arena keeps every discarded buffer.
    fn vec_with_capacity<T>(&self, n: usize) -> BVec<'a, T> {
        BVec::with_capacity_in(n, self.arena)
    }

    /// An expression node.
    fn expr(&self, kind: ExprKind<'a>, span: Span) -> Expr<'a> {
        Expr { kind, span }
    }

    /// An identifier from a NAME token, NFKC-normalised and allocated.
    fn ident_of(&self, t: Token) -> &'a str {
        let text = t.text(self.arena_src);
        if self.ascii_src {
            return text;
        }
        self.normalized_ident(text)
    }

    /// `text` NFKC-normalised, allocated if that changed it.
    #[cold]
    fn normalized_ident(&self, text: &'a str) -> &'a str {
        match hotpy_lexer::literal::normalize_identifier(text) {
            std::borrow::Cow::Borrowed(text) => text,
            std::borrow::Cow::Owned(normalized) => self.alloc_str(&normalized),
        }
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

    /// Run `f` speculatively (to decide on an error message): the cursor and error state are
    /// restored afterwards, only how far it read is kept.
    fn probe<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let (pos, depth, furthest, last) = (
            self.pos,
            self.depth,
            self.furthest.get(),
            self.last_disjunction,
        );
        let r = f(self);
        self.read_ahead = self.read_ahead.max(self.pos).max(self.furthest.get());
        self.pos = pos;
        self.depth = depth;
        self.furthest.set(furthest);
        self.last_disjunction = last;
        r
    }

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
        let mut body = self.vec_with_capacity(16);
        while !self.at(TokenKind::EndMarker) {
            self.statement(&mut body)?;
        }
        Ok(Module {
            body: body.into_bump_slice(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{ExprKind, StmtKind};
    use hotpy_lexer::LineIndex;
    use rstest::rstest;

    /// `(lineno, col_offset, end_lineno, end_col_offset)` of a span, as CPython numbers them.
    fn position(source: &str, span: Span) -> (usize, usize, usize, usize) {
        let index = LineIndex::new(source);
        let (l1, c1) = index.line_col_chars(source, span.start);
        let (l2, c2) = index.line_col_chars(source, span.end);
        (l1, c1, l2, c2)
    }

    /// Positions of the first statement, checked against CPython 3.11's `ast` attributes.
    #[rstest]
    #[case("x = 1\n", (1, 0, 1, 5))]
    #[case("if a:\n    b\nc\n", (1, 0, 2, 5))]
    #[case("@d\ndef f():\n    return 1\n", (2, 0, 3, 12))]
    #[case("@d\nasync def f(): pass\n", (2, 0, 2, 19))]
    #[case("class C(B):\n    x = 1\n\n\ny = 2\n", (1, 0, 2, 9))]
    #[case("for i in x:\n    pass\nelse:\n    pass\n", (1, 0, 4, 8))]
    #[case("f(a,\n  b)\n", (1, 0, 2, 4))]
    fn statement_positions(#[case] source: &str, #[case] want: (usize, usize, usize, usize)) {
        let arena = Bump::new();
        let module = parse_module(source, &arena).expect("valid");
        assert_eq!(position(source, module.body[0].span), want);
    }

    /// Positions of the value of the first (expression or assignment) statement.
    #[rstest]
    #[case("a + b * c\n", (1, 0, 1, 9))]
    #[case("x = (1, 2)\n", (1, 4, 1, 10))]
    #[case("x = (y)\n", (1, 5, 1, 6))]
    #[case("x = [i for i in j]\n", (1, 4, 1, 18))]
    #[case("x = a.b[c](d)\n", (1, 4, 1, 13))]
    #[case("x = 'a' 'b'\n", (1, 4, 1, 11))]
    #[case("x = not a < b\n", (1, 4, 1, 13))]
    #[case("x = lambda: 0\n", (1, 4, 1, 13))]
    #[case("x = 1 if 2 else 3\n", (1, 4, 1, 17))]
    fn expression_positions(#[case] source: &str, #[case] want: (usize, usize, usize, usize)) {
        let arena = Bump::new();
        let module = parse_module(source, &arena).expect("valid");
        let value = match module.body[0].kind {
            StmtKind::Expr { value } | StmtKind::Assign { value, .. } => value,
            _ => panic!("not an expression statement"),
        };
        assert_eq!(position(source, value.span), want);
    }

    #[rstest]
    #[case("x", "Name")]
    #[case("x.y", "Attribute")]
    #[case("x[0]", "Subscript")]
    #[case("-x", "UnaryOp")]
    #[case("x if y else z", "IfExp")]
    fn expression_kinds(#[case] source: &str, #[case] want: &str) {
        let arena = Bump::new();
        let module = parse_module(source, &arena).expect("valid");
        let StmtKind::Expr { value } = module.body[0].kind else {
            panic!("not an expression statement")
        };
        let got = match value.kind {
            ExprKind::Name { .. } => "Name",
            ExprKind::Attribute { .. } => "Attribute",
            ExprKind::Subscript { .. } => "Subscript",
            ExprKind::UnaryOp { .. } => "UnaryOp",
            ExprKind::IfExp { .. } => "IfExp",
            _ => "other",
        };
        assert_eq!(got, want);
    }

    #[rstest]
    #[case("match", false)]
    #[case("case", false)]
    #[case("_", false)]
    #[case("lambda", true)]
    #[case("await", true)]
    #[case("print", false)]
    fn hard_keywords(#[case] word: &str, #[case] hard: bool) {
        assert_eq!(is_keyword(word), hard);
    }
}

#[cfg(test)]
mod validate_tests {
    use rstest::rstest;

    /// CPython's `compile` answers (line, offset) for a `:=` in a comprehension iterable.
    #[rstest]
    #[case("[i for i in (j := x)]", Some((1, 14)))]
    #[case("[i for i in range(3) for k in (j := x)]", Some((1, 32)))]
    #[case("[i for i in (lambda: (j := 1))()]", Some((1, 23)))]
    #[case("[i for i in [k for k in (j := x)]]", Some((1, 26)))]
    #[case("[i for i in [(j := k) for k in x]]", Some((1, 15)))]
    #[case("[(j := i) for i in x]", None)]
    #[case("x = [i for i in (y := [1])]\nz = 1", Some((1, 18)))]
    #[case("{i: 1 for i in (j := x)}", Some((1, 17)))]
    #[case("(i for i in (j:=x))", Some((1, 14)))]
    fn walrus_in_comprehension_iterable(
        #[case] source: &str,
        #[case] want: Option<(usize, usize)>,
    ) {
        let got = crate::check_syntax(source).err().map(|e| {
            assert_eq!(
                e.message,
                "assignment expression cannot be used in a comprehension iterable expression"
            );
            e.line_and_offset(source)
        });
        assert_eq!(got, want);
        // `ast.parse` accepts these programs.
        assert!(crate::dump_ast(source).is_ok());
    }
}
