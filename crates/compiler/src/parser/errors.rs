//! Building syntax errors with CPython's messages and positions.

use hotpy_lexer::{ErrorKind, LexError, Token, TokenKind as T};

use super::{PResult, Parser};
use crate::ast::{Expr, Span};

impl<'a, 's> Parser<'a, 's> {
    /// A SyntaxError with `message` at span `span` (file coordinates).
    pub(crate) fn error_span(&self, span: Span, message: &str) -> LexError {
        LexError::syntax(
            self.fstring_message(message),
            span.start as usize,
            span.end as usize,
        )
    }

    /// In an f-string replacement field, CPython prefixes messages with `f-string: `.
    fn fstring_message(&self, message: &str) -> String {
        if self.in_fstring && !message.starts_with("f-string") {
            format!("f-string: {message}")
        } else {
            message.to_string()
        }
    }

    /// A SyntaxError with `message` at token `t`.
    pub(crate) fn error_tok(&self, t: Token, message: &str) -> LexError {
        self.error_span(self.tok_span(t), message)
    }

    /// A SyntaxError with `message` at the current token.
    pub(crate) fn error_here(&self, message: &str) -> LexError {
        self.error_tok(self.tok(), message)
    }

    /// A SyntaxError with `message` pointing at expression `e`.
    pub(crate) fn error_at_expr(&self, e: &Expr<'a>, message: &str) -> LexError {
        self.error_span(e.span, message)
    }

    /// "invalid syntax" (or the IndentationError an INDENT token means) at the current token.
    pub(crate) fn invalid_syntax(&self) -> LexError {
        let t = self.toks[self.pos.max(self.furthest.get()).min(self.toks.len() - 1)];
        if t.kind == T::Indent {
            // CPython's offset is the indentation's width (its last character).
            let at = (t.end.saturating_sub(1).max(t.start) + self.base) as usize;
            return LexError::new(ErrorKind::Indentation, "unexpected indent", at, at);
        }
        if t.kind == T::Dedent {
            // At the end of the file CPython reports it where the last line ends.
            let at = if self.toks[self.pos..]
                .iter()
                .all(|t| matches!(t.kind, T::Dedent | T::EndMarker))
            {
                let src = self.src;
                let trimmed = src.strip_suffix('\n').unwrap_or(src);
                trimmed.len() + self.base as usize
            } else {
                (t.start + self.base) as usize
            };
            return LexError::new(ErrorKind::Indentation, "unexpected unindent", at, at);
        }
        if t.kind == T::EndMarker && self.in_fstring {
            return self.error_tok(t, "f-string: expecting '}'");
        }
        self.error_tok(t, "invalid syntax")
    }

    /// The error when a bracketed display does not continue with `,` or its closing bracket:
    /// CPython suggests a missing comma when two expressions stand side by side.
    pub(crate) fn bracket_error(&mut self, _close: T) -> LexError {
        let a = self.last_disjunction;
        if self.starts_expression()
            && !self.at(T::Star)
            && !self.at_kw("yield")
            && self.pos > 0
            && a.end == self.prev_end()
            && self.bracket_level() > 0
        {
            let a_text = self.span_text(a);
            let legacy = matches!(a_text, "print" | "exec");
            // CPython's NAME excludes keywords (`False "x"` still gets the hint).
            let is_name = a_text.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && a_text.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !super::is_keyword(a_text);
            let name_then_string = self.at(T::String) && is_name;
            // The hint needs a whole expression after the first one.
            if !legacy && !name_then_string && self.probe(|p| p.expression().is_ok()) {
                return self.error_span(
                    Span::new(a.start, self.tok().end + self.base),
                    "invalid syntax. Perhaps you forgot a comma?",
                );
            }
        }
        self.invalid_syntax()
    }

    /// The source text of a span (file coordinates), or "" if it is not in this parser's text.
    pub(crate) fn span_text(&self, span: Span) -> &'s str {
        let from = span.start.wrapping_sub(self.base) as usize;
        let to = span.end.wrapping_sub(self.base) as usize;
        self.src.get(from..to).unwrap_or("")
    }

    /// How many brackets are open before the current token (counted from the logical line start).
    pub(crate) fn bracket_level(&self) -> i32 {
        let mut level = 0;
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            match self.toks[i].kind {
                T::Newline | T::Indent | T::Dedent => break,
                T::LPar | T::LSqb | T::LBrace => level += 1,
                T::RPar | T::RSqb | T::RBrace => level -= 1,
                _ => {}
            }
        }
        level
    }

    /// Consume the closing bracket `close`, or fail as CPython does.
    pub(crate) fn expect_closing(&mut self, close: T) -> PResult<()> {
        if self.eat(close) {
            Ok(())
        } else {
            Err(self.bracket_error(close))
        }
    }

    /// The error for `f(kw=...)` where `kw` is a keyword rather than a name.
    pub(crate) fn keyword_target_error(&self, t: Token) -> LexError {
        let text = self.text_of(t);
        if matches!(text, "True" | "False" | "None") {
            return self.error_tok(t, &format!("cannot assign to {text}"));
        }
        self.error_tok(t, "invalid syntax")
    }
}
