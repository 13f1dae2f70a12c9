//! `match` patterns (PEP 634): literal, capture, wildcard, value, group, sequence, mapping,
//! class, star, `as` and or-patterns.

use hotpy_lexer::TokenKind as T;

use super::{PResult, Parser};
use crate::ast::*;

impl<'a, 's> Parser<'a, 's> {
    /// A pattern node.
    fn pat(&self, kind: PatternKind<'a>, span: Span) -> Pattern<'a> {
        Pattern { kind, span }
    }

    /// `patterns`: an open sequence pattern `a, *b` or a single `pattern`.
    pub(crate) fn patterns(&mut self) -> PResult<Pattern<'a>> {
        let start = self.start();
        let first = self.maybe_star_pattern()?;
        if !self.at(T::Comma) {
            if let PatternKind::MatchStar { .. } = first.kind {
                return Err(self.invalid_syntax());
            }
            return Ok(first);
        }
        let mut items = self.vec();
        items.push(first);
        while self.eat(T::Comma) {
            if self.at(T::Colon) || self.at_kw("if") {
                break;
            }
            items.push(self.maybe_star_pattern()?);
        }
        Ok(self.pat(
            PatternKind::MatchSequence {
                patterns: items.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `maybe_star_pattern`: `'*' NAME | pattern`.
    fn maybe_star_pattern(&mut self) -> PResult<Pattern<'a>> {
        if self.at(T::Star) {
            let start = self.start();
            self.bump();
            let name = self.name()?;
            let name = if name == "_" { None } else { Some(name) };
            return Ok(self.pat(PatternKind::MatchStar { name }, self.span_from(start)));
        }
        self.pattern()
    }

    /// `pattern`: `or_pattern ['as' NAME]`.
    fn pattern(&mut self) -> PResult<Pattern<'a>> {
        self.enter()?;
        let r = self.pattern_inner();
        self.leave();
        r
    }

    fn pattern_inner(&mut self) -> PResult<Pattern<'a>> {
        let start = self.start();
        let p = self.or_pattern()?;
        if !self.at_kw("as") {
            return Ok(p);
        }
        self.bump();
        if self.at_kw("_") {
            return Err(self.error_here("cannot use '_' as a target"));
        }
        if !self.at_name() {
            if !self.starts_expression() {
                return Err(self.invalid_syntax());
            }
            return Err(self.error_here("invalid pattern target"));
        }
        let name = self.name()?;
        Ok(self.pat(
            PatternKind::MatchAs {
                pattern: Some(self.alloc(p)),
                name: Some(name),
            },
            self.span_from(start),
        ))
    }

    /// `or_pattern`: `closed_pattern ('|' closed_pattern)*`.
    fn or_pattern(&mut self) -> PResult<Pattern<'a>> {
        let start = self.start();
        let first = self.closed_pattern()?;
        if !self.at(T::VBar) {
            return Ok(first);
        }
        let mut alts = self.vec();
        alts.push(first);
        while self.eat(T::VBar) {
            alts.push(self.closed_pattern()?);
        }
        Ok(self.pat(
            PatternKind::MatchOr {
                patterns: alts.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// A closed pattern: everything but `|`, `as` and open sequences.
    fn closed_pattern(&mut self) -> PResult<Pattern<'a>> {
        let start = self.start();
        match self.kind() {
            T::Number | T::Minus | T::String => {
                let value = self.literal_expr()?;
                Ok(self.pat(
                    PatternKind::MatchValue {
                        value: self.alloc(value),
                    },
                    self.span_from(start),
                ))
            }
            T::Name => {
                let singleton = match self.text() {
                    "None" => Some(Constant::None),
                    "True" => Some(Constant::True),
                    "False" => Some(Constant::False),
                    _ => None,
                };
                if let Some(value) = singleton {
                    self.bump();
                    return Ok(
                        self.pat(PatternKind::MatchSingleton { value }, self.span_from(start))
                    );
                }
                let first = self.tok();
                let name_expr = self.name_or_attr()?;
                if self.at(T::LPar) {
                    return self.class_pattern(name_expr, start);
                }
                if let ExprKind::Name { id, .. } = name_expr.kind {
                    let _ = first;
                    let name = if id == "_" { None } else { Some(id) };
                    return Ok(self.pat(
                        PatternKind::MatchAs {
                            pattern: None,
                            name,
                        },
                        self.span_from(start),
                    ));
                }
                Ok(self.pat(
                    PatternKind::MatchValue {
                        value: self.alloc(name_expr),
                    },
                    self.span_from(start),
                ))
            }
            T::LPar => {
                self.bump();
                if self.eat(T::RPar) {
                    return Ok(self.pat(
                        PatternKind::MatchSequence { patterns: &[] },
                        self.span_from(start),
                    ));
                }
                let first = self.maybe_star_pattern()?;
                if self.at(T::RPar) {
                    if let PatternKind::MatchStar { .. } = first.kind {
                        return Err(self.invalid_syntax());
                    }
                    self.bump();
                    return Ok(first);
                }
                let mut items = self.vec();
                items.push(first);
                while self.eat(T::Comma) {
                    if self.at(T::RPar) {
                        break;
                    }
                    items.push(self.maybe_star_pattern()?);
                }
                self.expect_closing(T::RPar)?;
                Ok(self.pat(
                    PatternKind::MatchSequence {
                        patterns: items.into_bump_slice(),
                    },
                    self.span_from(start),
                ))
            }
            T::LSqb => {
                self.bump();
                let mut items = self.vec();
                while !self.at(T::RSqb) {
                    items.push(self.maybe_star_pattern()?);
                    if !self.eat(T::Comma) {
                        break;
                    }
                }
                self.expect_closing(T::RSqb)?;
                Ok(self.pat(
                    PatternKind::MatchSequence {
                        patterns: items.into_bump_slice(),
                    },
                    self.span_from(start),
                ))
            }
            T::LBrace => self.mapping_pattern(),
            _ => Err(self.invalid_syntax()),
        }
    }

    /// A name or dotted name `a.b.c` (Load context), for value and class patterns.
    fn name_or_attr(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let t = self.tok();
        let id = self.name()?;
        let mut e = self.expr(
            ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            },
            self.tok_span(t),
        );
        while self.eat(T::Dot) {
            let attr = self.name()?;
            e = self.expr(
                ExprKind::Attribute {
                    value: self.alloc(e),
                    attr,
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            );
        }
        Ok(e)
    }

    /// A literal in a pattern: signed numbers, complex `a + bj`, strings.
    fn literal_expr(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        if self.at(T::String) {
            let e = self.strings()?;
            if let ExprKind::JoinedStr { .. } = e.kind {
                return Err(self
                    .error_at_expr(&e, "patterns may only match literals and attribute lookups"));
            }
            return Ok(e);
        }
        let real = self.signed_number()?;
        if matches!(self.kind(), T::Plus | T::Minus) {
            let op = if self.bump().kind == T::Plus {
                Operator::Add
            } else {
                Operator::Sub
            };
            let t = self.expect(T::Number)?;
            let imag = self.number(t);
            if !matches!(imag, Constant::Complex(_)) {
                return Err(self.error_tok(t, "imaginary number required in complex literal"));
            }
            let right = self.constant(imag, self.tok_span(t));
            return Ok(self.expr(
                ExprKind::BinOp {
                    left: self.alloc(real),
                    op,
                    right: self.alloc(right),
                },
                self.span_from(start),
            ));
        }
        Ok(real)
    }

    /// `NUMBER | '-' NUMBER`.
    fn signed_number(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let neg = self.eat(T::Minus);
        let t = self.expect(T::Number)?;
        let value = self.constant(self.number(t), self.tok_span(t));
        if !neg {
            return Ok(value);
        }
        Ok(self.expr(
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand: self.alloc(value),
            },
            self.span_from(start),
        ))
    }

    /// `cls(patterns, kw=patterns)` after the class name.
    fn class_pattern(&mut self, cls: Expr<'a>, start: u32) -> PResult<Pattern<'a>> {
        self.bump();
        let mut patterns = self.vec();
        let mut kwd_attrs = self.vec();
        let mut kwd_patterns = self.vec();
        while !self.at(T::RPar) {
            if self.at_name() && self.nth(1).kind == T::Equal {
                let name = self.name()?;
                self.bump();
                kwd_attrs.push(name);
                kwd_patterns.push(self.pattern()?);
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return Err(
                        self.error_span(p.span, "positional patterns follow keyword patterns")
                    );
                }
                patterns.push(p);
            }
            if !self.eat(T::Comma) {
                break;
            }
        }
        self.expect_closing(T::RPar)?;
        Ok(self.pat(
            PatternKind::MatchClass {
                cls: self.alloc(cls),
                patterns: patterns.into_bump_slice(),
                kwd_attrs: kwd_attrs.into_bump_slice(),
                kwd_patterns: kwd_patterns.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `{key: pattern, **rest}`.
    fn mapping_pattern(&mut self) -> PResult<Pattern<'a>> {
        let start = self.start();
        self.bump();
        let mut keys = self.vec();
        let mut patterns = self.vec();
        let mut rest = None;
        while !self.at(T::RBrace) {
            if self.eat(T::DoubleStar) {
                if self.at_kw("_") {
                    return Err(self.invalid_syntax());
                }
                rest = Some(self.name()?);
                self.eat(T::Comma);
                break;
            }
            let key = match self.kind() {
                T::Name => match self.text() {
                    "None" | "True" | "False" => {
                        let t = self.bump();
                        let value = match self.text_of(t) {
                            "None" => Constant::None,
                            "True" => Constant::True,
                            _ => Constant::False,
                        };
                        self.constant(value, self.tok_span(t))
                    }
                    _ => self.name_or_attr()?,
                },
                _ => self.literal_expr()?,
            };
            self.expect(T::Colon)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if !self.eat(T::Comma) {
                break;
            }
        }
        self.expect_closing(T::RBrace)?;
        Ok(self.pat(
            PatternKind::MatchMapping {
                keys: keys.into_bump_slice(),
                patterns: patterns.into_bump_slice(),
                rest,
            },
            self.span_from(start),
        ))
    }
}
