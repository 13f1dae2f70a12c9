//! Expressions: from `star_expressions` down to atoms, with precedence climbing for the binary
//! operators, plus calls, subscripts, comprehensions, lambdas and parameter lists.

use hotpy_lexer::literal::{parse_number, NumberValue};
use hotpy_lexer::TokenKind as T;
use num_traits::ToPrimitive;

use super::{PResult, Parser};
use crate::ast::*;

/// The binding power of a binary operator token (higher binds tighter), or `None`.
fn binary_op(kind: T) -> Option<(u8, Operator)> {
    Some(match kind {
        T::VBar => (1, Operator::BitOr),
        T::Circumflex => (2, Operator::BitXor),
        T::Amper => (3, Operator::BitAnd),
        T::LeftShift => (4, Operator::LShift),
        T::RightShift => (4, Operator::RShift),
        T::Plus => (5, Operator::Add),
        T::Minus => (5, Operator::Sub),
        T::Star => (6, Operator::Mult),
        T::Slash => (6, Operator::Div),
        T::DoubleSlash => (6, Operator::FloorDiv),
        T::Percent => (6, Operator::Mod),
        T::At => (6, Operator::MatMult),
        _ => return None,
    })
}

/// True for the tokens that cannot continue an expression at any precedence level after an
/// operand (no trailer, operator, comparison, `and`/`or`/`if`): they end it.
fn ends_expression(kind: T) -> bool {
    matches!(
        kind,
        T::Comma
            | T::RPar
            | T::RSqb
            | T::RBrace
            | T::Colon
            | T::Newline
            | T::Semi
            | T::Equal
            | T::PlusEqual
            | T::MinEqual
            | T::StarEqual
            | T::SlashEqual
            | T::PercentEqual
            | T::AmperEqual
            | T::VBarEqual
            | T::CircumflexEqual
            | T::LeftShiftEqual
            | T::RightShiftEqual
            | T::DoubleStarEqual
            | T::DoubleSlashEqual
            | T::AtEqual
    )
}

/// The value of `text` when it is all decimal digits and at most 18 of them (which always fit
/// in an `i64`), read in one pass: cheaper than `str::parse`, which checks for signs and
/// overflow.
#[inline]
fn short_decimal(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 18 {
        return None;
    }
    let mut value = 0i64;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(b - b'0');
    }
    Some(value)
}

/// Which kind of bracketed parameter list is being parsed.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum ParamsKind {
    /// `def f(...)`: annotations allowed, closed by `)`.
    Def,
    /// `lambda ...:`: no annotations, closed by `:`.
    Lambda,
}

impl<'a, 's> Parser<'a, 's> {
    /// `star_expressions`: one or more `star_expression`s; a comma makes a Tuple.
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.star_expression()?;
        if !self.at(T::Comma) {
            return Ok(first);
        }
        let mut elts = self.vec();
        elts.push(first);
        while self.eat(T::Comma) {
            if !self.starts_expression() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(self.expr(
            ExprKind::Tuple {
                elts: elts.into_bump_slice(),
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// True if the current token can start an expression.
    pub(crate) fn starts_expression(&self) -> bool {
        self.nth_starts_expression(0)
    }

    /// True if the token `n` ahead can start an expression.
    pub(crate) fn nth_starts_expression(&self, n: usize) -> bool {
        let t = self.nth(n);
        match t.kind {
            T::Name => {
                !t.keyword
                    || matches!(
                        self.text_of(t),
                        "None" | "True" | "False" | "not" | "lambda" | "await" | "yield"
                    )
            }
            T::Number
            | T::String
            | T::LPar
            | T::LSqb
            | T::LBrace
            | T::Minus
            | T::Plus
            | T::Tilde
            | T::Star
            | T::Ellipsis => true,
            _ => false,
        }
    }

    /// `star_expression`: `'*' bitwise_or | expression`.
    pub(crate) fn star_expression(&mut self) -> PResult<Expr<'a>> {
        if self.at(T::Star) {
            let start = self.start();
            self.bump();
            let value = self.bitwise_or()?;
            return Ok(self.expr(
                ExprKind::Starred {
                    value: self.alloc(value),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        self.expression()
    }

    /// `star_named_expression`: `'*' bitwise_or | named_expression`.
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr<'a>> {
        if self.at(T::Star) {
            return self.star_expression();
        }
        self.named_expression()
    }

    /// `named_expression` without the "Maybe you meant '=='" diagnosis (call arguments have
    /// their own message for `=`).
    fn named_expression_no_equal_check(&mut self) -> PResult<Expr<'a>> {
        if self.at_name() && self.nth(1).kind == T::ColonEqual {
            return self.named_expression();
        }
        self.expression()
    }

    /// `named_expression`: `NAME ':=' expression | expression`.
    pub(crate) fn named_expression(&mut self) -> PResult<Expr<'a>> {
        if self.at_name() && self.nth(1).kind == T::ColonEqual {
            let start = self.start();
            let t = self.bump();
            let target = self.expr(
                ExprKind::Name {
                    id: self.ident_of(t),
                    ctx: ExprContext::Store,
                },
                self.tok_span(t),
            );
            self.bump();
            let value = self.expression()?;
            return Ok(self.expr(
                ExprKind::NamedExpr {
                    target: self.alloc(target),
                    value: self.alloc(value),
                },
                self.span_from(start),
            ));
        }
        let e = self.expression()?;
        if self.at(T::Equal) {
            // CPython's diagnosis needs an operand after the `=`.
            let next = self.nth(1);
            let operand = match next.kind {
                T::Name => {
                    !next.keyword
                        || matches!(self.text_of(next), "None" | "True" | "False" | "await")
                }
                T::Number
                | T::String
                | T::LPar
                | T::LSqb
                | T::LBrace
                | T::Minus
                | T::Plus
                | T::Tilde
                | T::Ellipsis => true,
                _ => false,
            };
            if operand {
                // CPython reads the operand after `=` and one more token before deciding.
                self.probe(|p| {
                    p.bump();
                    if p.bitwise_or().is_ok() {
                        p.nth_consumed(0);
                    }
                });
                return Err(self.stray_equal_error(&e));
            }
        }
        if self.at(T::ColonEqual) && self.nth_starts_expression(1) {
            return Err(self.error_at_expr(
                &e,
                &format!(
                    "cannot use assignment expressions with {}",
                    super::target::describe(&e)
                ),
            ));
        }
        Ok(e)
    }

    /// The error for `e = …` where a named expression was expected (`if x = 1:`).
    fn stray_equal_error(&self, e: &Expr<'a>) -> hotpy_lexer::LexError {
        if let ExprKind::Name { .. } = e.kind {
            return self.error_at_expr(
                e,
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            );
        }
        let left = super::target::leftmost_atom(e);
        let excluded = match left.kind {
            ExprKind::List { .. } | ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. } => true,
            ExprKind::Constant { value, .. } => {
                matches!(value, Constant::True | Constant::False | Constant::None)
            }
            _ => false,
        };
        if !excluded && super::target::is_bitwise_or_level(e) {
            return self.error_at_expr(
                e,
                &format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    super::target::describe(e)
                ),
            );
        }
        self.invalid_syntax()
    }

    /// `expression`: a conditional expression or a lambda.
    pub(crate) fn expression(&mut self) -> PResult<Expr<'a>> {
        if let Some(e) = self.lone_operand() {
            return Ok(e);
        }
        self.expression_inner()
    }

    /// The shortcut for the commonest expression, a lone name or number (`x = 1`, `return y`,
    /// `f(a, b)`): when the token after it ends any expression, build the node directly instead of
    /// passing it up through the dozen precedence levels, none of which would find anything to
    /// do. Leaves the same state as the long way (`last_disjunction` included); `None` when the
    /// shortcut does not apply.
    #[inline]
    fn lone_operand(&mut self) -> Option<Expr<'a>> {
        let e = self.lone_atom(ends_expression)?;
        self.last_disjunction = e.span;
        Some(e)
    }

    /// A name, number or `None`/`True`/`False` at the cursor, consumed and built directly when
    /// `ends(kind of the token after it)` says nothing can continue it at the level asking.
    #[inline]
    fn lone_atom(&mut self, ends: impl Fn(T) -> bool) -> Option<Expr<'a>> {
        let t = self.tok();
        // The operand first, and only then the token after it: looking ahead is not free (it can
        // note that the parser saw the end, which decides between a lexer and a parser error).
        // `Some` for a constant name; a number's value is read only once the shortcut is taken.
        let named_constant = match t.kind {
            T::Number => None,
            T::Name if !t.keyword => None,
            T::Name => match self.text_of(t) {
                "None" => Some(Constant::None),
                "True" => Some(Constant::True),
                "False" => Some(Constant::False),
                _ => return None,
            },
            _ => return None,
        };
        let next = self.nth(1).kind;
        if next == T::Dot && t.kind == T::Name && named_constant.is_none() {
            return self.lone_attributes(t, ends);
        }
        if !ends(next) {
            return None;
        }
        self.bump();
        let span = self.tok_span(t);
        let kind = match named_constant {
            _ if t.kind == T::Number => ExprKind::Constant {
                value: self.number(t),
                kind: None,
            },
            Some(value) => ExprKind::Constant { value, kind: None },
            None => ExprKind::Name {
                id: self.ident_of(t),
                ctx: ExprContext::Load,
            },
        };
        Some(self.expr(kind, span))
    }

    /// A dotted name at the cursor (`self.x`, `a.b.c`: the name `t` and its attributes),
    /// consumed and built as `primary` builds it when `ends(kind of the token after it)`.
    /// `None`, with nothing consumed, for anything else (a call or subscript in the chain, a
    /// keyword after a dot) or where `primary` would fail the nesting limit.
    fn lone_attributes(
        &mut self,
        t: hotpy_lexer::Token,
        ends: impl Fn(T) -> bool,
    ) -> Option<Expr<'a>> {
        // Each link is a `.` and a name: find where the chain ends before consuming anything.
        let mut links = 0;
        loop {
            let name = self.nth(2 * links + 2);
            if name.kind != T::Name || name.keyword {
                return None;
            }
            links += 1;
            let after = self.nth(2 * links + 1).kind;
            if after != T::Dot {
                if !ends(after) {
                    return None;
                }
                break;
            }
        }
        // `primary` enters one level per link.
        if self.depth as usize + links > super::MAX_DEPTH as usize {
            return None;
        }
        let start = self.start();
        self.bump();
        let mut e = self.expr(
            ExprKind::Name {
                id: self.ident_of(t),
                ctx: ExprContext::Load,
            },
            self.tok_span(t),
        );
        for _ in 0..links {
            self.bump();
            let name = self.bump();
            e = self.expr(
                ExprKind::Attribute {
                    value: self.alloc(e),
                    attr: self.ident_of(name),
                    ctx: ExprContext::Load,
                },
                Span::new(start, name.end + self.base),
            );
        }
        Some(e)
    }

    fn expression_inner(&mut self) -> PResult<Expr<'a>> {
        if self.at_kw("lambda") {
            return self.lambda();
        }
        let start = self.start();
        let body = self.disjunction()?;
        if self.at_kw("if") {
            self.bump();
            let test = self.disjunction()?;
            if !self.at_kw("else") {
                if self.at(T::Colon) {
                    return Err(self.invalid_syntax());
                }
                return Err(self.error_span(
                    Span::new(body.span.start, test.span.end),
                    "expected 'else' after 'if' expression",
                ));
            }
            self.bump();
            // `a if b else c if d else …` recurses once per link.
            self.enter()?;
            let orelse = self.expression();
            self.leave();
            let orelse = orelse?;
            return Ok(self.expr(
                ExprKind::IfExp {
                    test: self.alloc(test),
                    body: self.alloc(body),
                    orelse: self.alloc(orelse),
                },
                self.span_from(start),
            ));
        }
        Ok(body)
    }

    /// `lambda params: body`.
    fn lambda(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        let args = self.parameters(ParamsKind::Lambda)?;
        self.expect(T::Colon)?;
        self.enter()?;
        let body = self.expression();
        self.leave();
        let body = body?;
        Ok(self.expr(
            ExprKind::Lambda {
                args: self.alloc(args),
                body: self.alloc(body),
            },
            self.span_from(start),
        ))
    }

    /// `disjunction`: `conjunction ('or' conjunction)*`.
    pub(crate) fn disjunction(&mut self) -> PResult<Expr<'a>> {
        let e = self.disjunction_inner()?;
        self.last_disjunction = e.span;
        Ok(e)
    }

    #[inline(always)]
    fn disjunction_inner(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.conjunction()?;
        if !self.at_kw("or") {
            return Ok(first);
        }
        let mut values = self.vec();
        values.push(first);
        while self.eat_kw("or") {
            values.push(self.conjunction()?);
        }
        Ok(self.expr(
            ExprKind::BoolOp {
                op: BoolOp::Or,
                values: values.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `conjunction`: `inversion ('and' inversion)*`.
    #[inline(always)]
    fn conjunction(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.inversion()?;
        if !self.at_kw("and") {
            return Ok(first);
        }
        let mut values = self.vec();
        values.push(first);
        while self.eat_kw("and") {
            values.push(self.inversion()?);
        }
        Ok(self.expr(
            ExprKind::BoolOp {
                op: BoolOp::And,
                values: values.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `inversion`: `'not' inversion | comparison`.
    #[inline(always)]
    fn inversion(&mut self) -> PResult<Expr<'a>> {
        if self.at_kw("not") {
            return self.not_inversion();
        }
        self.comparison()
    }

    /// `'not' inversion`. Apart from [`Self::inversion`], so that the levels from `disjunction`
    /// down to `comparison` can be one function (none recurses without it).
    #[inline(never)]
    fn not_inversion(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        self.enter()?;
        let operand = self.inversion();
        self.leave();
        let operand = operand?;
        Ok(self.expr(
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: self.alloc(operand),
            },
            self.span_from(start),
        ))
    }

    /// The comparison operator at the cursor (consuming it), if any.
    fn comparison_op(&mut self) -> Option<CmpOp> {
        let op = match self.kind() {
            T::EqEqual => CmpOp::Eq,
            // `<>` is a NOTEQUAL token that only `from __future__ import barry_as_FLUFL` allows.
            T::NotEqual if self.text() == "!=" => CmpOp::NotEq,
            T::Less => CmpOp::Lt,
            T::LessEqual => CmpOp::LtE,
            T::Greater => CmpOp::Gt,
            T::GreaterEqual => CmpOp::GtE,
            T::Name => match self.text() {
                "in" => CmpOp::In,
                "is" => {
                    if self.is_kw(self.nth_consumed(1), "not") {
                        self.bump();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                "not" if self.is_kw(self.nth_consumed(1), "in") => {
                    self.bump();
                    CmpOp::NotIn
                }
                _ => return None,
            },
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    /// `comparison`: `bitwise_or (compare_op bitwise_or)*`.
    #[inline(always)]
    fn comparison(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let left = self.bitwise_or()?;
        let Some(mut op) = self.comparison_op() else {
            return Ok(left);
        };
        // Nearly always one operator (`a < b`): room for it from the start.
        let mut ops = self.vec_with_capacity(1);
        let mut comparators = self.vec_with_capacity(1);
        loop {
            ops.push(op);
            comparators.push(self.bitwise_or()?);
            match self.comparison_op() {
                Some(next) => op = next,
                None => break,
            }
        }
        Ok(self.expr(
            ExprKind::Compare {
                left: self.alloc(left),
                ops: ops.into_bump_slice(),
                comparators: comparators.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `bitwise_or` and everything below it down to `factor`, by precedence climbing.
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr<'a>> {
        self.binary(1)
    }

    /// Binary operators binding at least as tightly as `min_prec` (all left-associative).
    fn binary(&mut self, min_prec: u8) -> PResult<Expr<'a>> {
        // Each operator of a chain makes the tree one level deeper (`a + b + c` nests to the
        // left), and the later passes walk the tree recursively: count it against the limit.
        let saved = self.depth;
        let r = self.binary_chain(min_prec);
        self.depth = saved;
        r
    }

    fn binary_chain(&mut self, min_prec: u8) -> PResult<Expr<'a>> {
        let start = self.start();
        let mut left = self.factor()?;
        while let Some((prec, op)) = binary_op(self.kind()) {
            if prec < min_prec {
                break;
            }
            self.enter()?;
            self.bump();
            let right = match self.lone_right_operand(prec) {
                Some(right) => right,
                None => self.binary(prec + 1)?,
            };
            left = self.expr(
                ExprKind::BinOp {
                    left: self.alloc(left),
                    op,
                    right: self.alloc(right),
                },
                self.span_from(start),
            );
        }
        Ok(left)
    }

    /// The right operand of a binary operator of precedence `prec` when it is a lone name or
    /// number (`b` in `a + b`): what `binary(prec + 1)` would return, without its levels. The
    /// token after it must end the operand there: no trailer, no `**`, no operator binding more
    /// tightly than `prec`.
    #[inline]
    fn lone_right_operand(&mut self, prec: u8) -> Option<Expr<'a>> {
        self.lone_atom(|kind| {
            !matches!(kind, T::Dot | T::LPar | T::LSqb | T::DoubleStar)
                && binary_op(kind).is_none_or(|(next, _)| next <= prec)
        })
    }

    /// `factor`: `('+' | '-' | '~') factor | power`.
    fn factor(&mut self) -> PResult<Expr<'a>> {
        let op = match self.kind() {
            T::Plus => UnaryOp::UAdd,
            T::Minus => UnaryOp::USub,
            T::Tilde => UnaryOp::Invert,
            _ => {
                // An operand with no trailer and no `**` after it (`x` in `x * 2`): the levels
                // from `power` down to `atom` would only pass it up.
                let plain = |kind| !matches!(kind, T::Dot | T::LPar | T::LSqb | T::DoubleStar);
                if let Some(e) = self.lone_atom(plain) {
                    return Ok(e);
                }
                return self.power();
            }
        };
        let start = self.start();
        self.bump();
        self.enter()?;
        let operand = self.factor();
        self.leave();
        let operand = operand?;
        Ok(self.expr(
            ExprKind::UnaryOp {
                op,
                operand: self.alloc(operand),
            },
            self.span_from(start),
        ))
    }

    /// `power`: `await_primary ['**' factor]`.
    fn power(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let left = self.await_primary()?;
        if !self.eat(T::DoubleStar) {
            return Ok(left);
        }
        self.enter()?;
        let right = self.factor();
        self.leave();
        let right = right?;
        Ok(self.expr(
            ExprKind::BinOp {
                left: self.alloc(left),
                op: Operator::Pow,
                right: self.alloc(right),
            },
            self.span_from(start),
        ))
    }

    /// `await_primary`: `'await' primary | primary`.
    fn await_primary(&mut self) -> PResult<Expr<'a>> {
        if self.at_kw("await") {
            let start = self.start();
            self.bump();
            let value = self.primary()?;
            return Ok(self.expr(
                ExprKind::Await {
                    value: self.alloc(value),
                },
                self.span_from(start),
            ));
        }
        self.primary()
    }

    /// `primary`: an atom followed by `.name`, `(args)` and `[slices]` trailers.
    pub(crate) fn primary(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let saved = self.depth;
        let r = self.primary_chain(start);
        self.depth = saved;
        r
    }

    /// The trailers of a primary; each makes the tree one level deeper (see [`Self::binary`]).
    fn primary_chain(&mut self, start: u32) -> PResult<Expr<'a>> {
        let mut e = self.atom()?;
        loop {
            if matches!(self.kind(), T::Dot | T::LPar | T::LSqb) {
                self.enter()?;
            }
            match self.kind() {
                T::Dot => {
                    self.bump();
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
                T::LPar => {
                    self.bump();
                    self.enter()?;
                    let in_class_args = std::mem::replace(&mut self.in_class_args, false);
                    let call = self.call_arguments(e, start);
                    self.in_class_args = in_class_args;
                    self.leave();
                    e = call?;
                }
                T::LSqb => {
                    if self.nth(1).kind == T::RSqb && self.bracket_level() > 0 {
                        // `b[]` inside brackets: CPython reads `b` and `[]` as two expressions.
                        let close = self.nth(1);
                        return Err(self.error_span(
                            Span::new(e.span.start, close.end + self.base),
                            "invalid syntax. Perhaps you forgot a comma?",
                        ));
                    }
                    self.bump();
                    self.enter()?;
                    let slice = self.slices();
                    self.leave();
                    let slice = slice?;
                    self.expect_closing(T::RSqb)?;
                    e = self.expr(
                        ExprKind::Subscript {
                            value: self.alloc(e),
                            slice: self.alloc(slice),
                            ctx: ExprContext::Load,
                        },
                        self.span_from(start),
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    /// The arguments of a call after `(`, through the closing `)`.
    fn call_arguments(&mut self, func: Expr<'a>, start: u32) -> PResult<Expr<'a>> {
        // The `(` was just consumed.
        let open = self.prev_end().saturating_sub(1);
        // Room for a few arguments, unless there are none (`f()`).
        let mut args = self.vec_with_capacity(if self.at(T::RPar) { 0 } else { 4 });
        let mut keywords = self.vec();
        let mut seen_keyword = false;
        let mut seen_kwargs = false;
        let mut bare_generator = false;
        while !self.at(T::RPar) {
            let arg_start = self.start();
            if self.eat(T::DoubleStar) {
                let value = self.expression()?;
                keywords.push(Keyword {
                    arg: None,
                    value: self.alloc(value),
                    span: self.span_from(arg_start),
                });
                seen_kwargs = true;
            } else if self.at(T::Star) {
                self.bump();
                let value = self.expression()?;
                let e = self.expr(
                    ExprKind::Starred {
                        value: self.alloc(value),
                        ctx: ExprContext::Load,
                    },
                    self.span_from(arg_start),
                );
                if seen_kwargs {
                    return Err(self.error_at_expr(
                        &e,
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
                args.push(e);
            } else if self.at(T::Name)
                && (self.at_name() || matches!(self.text(), "True" | "False" | "None"))
                && self.nth(1).kind == T::Equal
            {
                let t = self.bump();
                if !self.at_name_token(t) {
                    return Err(self.keyword_target_error(t));
                }
                self.bump();
                let value = self.expression()?;
                if self.at_kw("for") || self.at_kw("async") {
                    return Err(self.error_span(
                        self.tok_span(t).to(value.span),
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    ));
                }
                keywords.push(Keyword {
                    arg: Some(self.ident_of(t)),
                    value: self.alloc(value),
                    span: self.span_from(arg_start),
                });
                seen_keyword = true;
            } else {
                let bare_walrus = self.at_name() && self.nth(1).kind == T::ColonEqual;
                let e = self.named_expression_no_equal_check()?;
                if self.at(T::Equal) && bare_walrus {
                    // `f(a := 1 = 2)`: an assignment expression is not an `expression`.
                    return Err(self.invalid_syntax());
                }
                if self.at(T::Equal) {
                    return Err(self.error_at_expr(
                        &e,
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    ));
                }
                if self.at_kw("for") || self.at_kw("async") {
                    if self.in_class_args {
                        return Err(self.invalid_syntax());
                    }
                    let gen = self.generator_rest(e, arg_start)?;
                    if !args.is_empty() || !keywords.is_empty() || !self.at(T::RPar) {
                        return Err(
                            self.error_at_expr(&gen, "Generator expression must be parenthesized")
                        );
                    }
                    args.push(gen);
                    bare_generator = true;
                    continue;
                }
                if seen_kwargs {
                    return Err(
                        self.error_here("positional argument follows keyword argument unpacking")
                    );
                }
                if seen_keyword {
                    return Err(self.error_here("positional argument follows keyword argument"));
                }
                args.push(e);
            }
            if !self.eat(T::Comma) {
                break;
            }
        }
        self.expect_closing(T::RPar)?;
        // A generator expression that is the only argument takes the call's parentheses.
        if bare_generator {
            if let Some(only) = args.first_mut() {
                only.span = Span::new(open, self.prev_end());
            }
        }
        Ok(self.expr(
            ExprKind::Call {
                func: self.alloc(func),
                args: args.into_bump_slice(),
                keywords: keywords.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// The `(bases, keywords)` of a class definition, as the Call they parse like.
    pub(crate) fn class_arguments(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        let func = self.expr(
            ExprKind::Tuple {
                elts: &[],
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        );
        self.enter()?;
        // A class's bases are `arguments`, but a bare generator expression is not allowed.
        self.in_class_args = true;
        let call = self.call_arguments(func, start);
        self.in_class_args = false;
        self.leave();
        call
    }

    /// True if token `t` (already consumed) is a plain name usable as a keyword argument.
    fn at_name_token(&self, t: hotpy_lexer::Token) -> bool {
        !t.keyword
    }

    /// `slices` inside `[...]`: one slice or expression, or a Tuple of them.
    fn slices(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.slice_item()?;
        if !self.at(T::Comma) {
            // `a[*b]` is a one-element tuple index (PEP 646).
            if !matches!(first.kind, ExprKind::Starred { .. }) {
                return Ok(first);
            }
        }
        let mut elts = self.vec();
        elts.push(first);
        while self.eat(T::Comma) {
            if self.at(T::RSqb) {
                break;
            }
            elts.push(self.slice_item()?);
        }
        Ok(self.expr(
            ExprKind::Tuple {
                elts: elts.into_bump_slice(),
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// One `slice`: `[lower] ':' [upper] [':' [step]]`, a named expression, or `*e`.
    fn slice_item(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        if self.at(T::Star) {
            return self.star_expression();
        }
        let lower = if self.at(T::Colon) {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at(T::Colon) {
                return Ok(e);
            }
            Some(e)
        };
        self.expect(T::Colon)?;
        let upper = if matches!(self.kind(), T::Colon | T::Comma | T::RSqb) {
            None
        } else {
            Some(self.expression()?)
        };
        let step = if self.eat(T::Colon) {
            if matches!(self.kind(), T::Comma | T::RSqb) {
                None
            } else {
                Some(self.expression()?)
            }
        } else {
            None
        };
        Ok(self.expr(
            ExprKind::Slice {
                lower: lower.map(|e| self.alloc(e)),
                upper: upper.map(|e| self.alloc(e)),
                step: step.map(|e| self.alloc(e)),
            },
            self.span_from(start),
        ))
    }

    /// `atom`: names, constants, strings, numbers and bracketed displays.
    fn atom(&mut self) -> PResult<Expr<'a>> {
        let t = self.tok();
        match t.kind {
            T::Name if !t.keyword => {
                self.bump();
                Ok(self.expr(
                    ExprKind::Name {
                        id: self.ident_of(t),
                        ctx: ExprContext::Load,
                    },
                    self.tok_span(t),
                ))
            }
            T::Name => {
                let value = match self.text() {
                    "None" => Constant::None,
                    "True" => Constant::True,
                    "False" => Constant::False,
                    _ => return Err(self.invalid_syntax()),
                };
                self.bump();
                Ok(self.constant(value, self.tok_span(t)))
            }
            T::Number => {
                self.bump();
                let value = self.number(t);
                Ok(self.constant(value, self.tok_span(t)))
            }
            T::String => self.strings(),
            T::Ellipsis => {
                self.bump();
                Ok(self.constant(Constant::Ellipsis, self.tok_span(t)))
            }
            T::LPar => {
                self.enter()?;
                let r = self.paren_atom();
                self.leave();
                r
            }
            T::LSqb => {
                self.enter()?;
                let r = self.list_atom();
                self.leave();
                r
            }
            T::LBrace => {
                self.enter()?;
                let r = self.brace_atom();
                self.leave();
                r
            }
            _ => Err(self.invalid_syntax()),
        }
    }

    /// A Constant node without a kind.
    pub(crate) fn constant(&self, value: Constant<'a>, span: Span) -> Expr<'a> {
        self.expr(ExprKind::Constant { value, kind: None }, span)
    }

    /// The value of a NUMBER token.
    pub(crate) fn number(&self, t: hotpy_lexer::Token) -> Constant<'a> {
        let text = self.text_of(t);
        // Most literals are short decimal ints: read them without parse_number's big int and
        // copies (18 digits always fit in an i64).
        if let Some(i) = short_decimal(text) {
            return Constant::Int(i);
        }
        match parse_number(text) {
            NumberValue::Int(big) => match big.to_i64() {
                Some(i) => Constant::Int(i),
                None => Constant::BigInt(self.alloc_str(&big.to_string())),
            },
            NumberValue::Float(f) => Constant::Float(f),
            NumberValue::Imaginary(f) => Constant::Complex(f),
        }
    }

    /// `(...)`: a parenthesised expression, a tuple, a generator expression or `(yield)`.
    fn paren_atom(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        if self.eat(T::RPar) {
            return Ok(self.expr(
                ExprKind::Tuple {
                    elts: &[],
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        if self.at_kw("yield") {
            let e = self.yield_expr()?;
            self.expect_closing(T::RPar)?;
            return Ok(e);
        }
        if self.at(T::DoubleStar) {
            return Err(self.error_here("cannot use double starred expression here"));
        }
        let first = self.star_named_expression()?;
        if self.at_kw("for") || self.at_kw("async") {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self
                    .error_at_expr(&first, "iterable unpacking cannot be used in comprehension"));
            }
            let g = self.generator_rest(first, start)?;
            self.expect_closing(T::RPar)?;
            // The span of a generator expression includes its parentheses.
            return Ok(self.expr(g.kind, self.span_from(start)));
        }
        if self.eat(T::RPar) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.error_at_expr(&first, "cannot use starred expression here"));
            }
            return Ok(first);
        }
        if !self.at(T::Comma) {
            return Err(self.bracket_error(T::RPar));
        }
        let mut elts = self.vec();
        elts.push(first);
        while self.eat(T::Comma) {
            if self.at(T::RPar) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.expect_closing(T::RPar)?;
        Ok(self.expr(
            ExprKind::Tuple {
                elts: elts.into_bump_slice(),
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `[...]`: a list display or a list comprehension.
    fn list_atom(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        let mut elts = self.vec();
        if !self.at(T::RSqb) {
            let first = self.star_named_expression()?;
            if self.at_kw("for") || self.at_kw("async") {
                if let ExprKind::Starred { .. } = first.kind {
                    return Err(self.error_at_expr(
                        &first,
                        "iterable unpacking cannot be used in comprehension",
                    ));
                }
                let generators = self.comprehension_clauses()?;
                self.expect_closing(T::RSqb)?;
                return Ok(self.expr(
                    ExprKind::ListComp {
                        elt: self.alloc(first),
                        generators,
                    },
                    self.span_from(start),
                ));
            }
            elts.push(first);
            while self.eat(T::Comma) {
                if self.at(T::RSqb) {
                    break;
                }
                elts.push(self.star_named_expression()?);
            }
            self.unparenthesized_comprehension_target(&elts)?;
        }
        self.expect_closing(T::RSqb)?;
        Ok(self.expr(
            ExprKind::List {
                elts: elts.into_bump_slice(),
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `{...}`: a dict or set display or comprehension.
    fn brace_atom(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.bump();
        if self.eat(T::RBrace) {
            return Ok(self.expr(
                ExprKind::Dict {
                    keys: &[],
                    values: &[],
                },
                self.span_from(start),
            ));
        }
        // The first item decides between a dict and a set.
        let first_star = self.tok();
        let (first_key, first_value) = if self.eat(T::DoubleStar) {
            let v = self.bitwise_or()?;
            if self.at_kw("for") || self.at_kw("async") {
                return Err(self.error_tok(
                    first_star,
                    "dict unpacking cannot be used in dict comprehension",
                ));
            }
            (None, v)
        } else {
            let e = self.star_named_expression()?;
            if !self.at(T::Colon) {
                return self.set_rest(e, start);
            }
            // A dict key is an `expression`: `*a` or an unparenthesised `a := b` cannot be one.
            let bare_walrus =
                matches!(e.kind, ExprKind::NamedExpr { .. }) && first_star.kind != T::LPar;
            if matches!(e.kind, ExprKind::Starred { .. }) || bare_walrus {
                return Err(self.invalid_syntax());
            }
            self.bump();
            (Some(e), self.dict_value()?)
        };
        if let Some(key) = first_key {
            if self.at_kw("for") || self.at_kw("async") {
                let generators = self.comprehension_clauses()?;
                self.expect_closing(T::RBrace)?;
                return Ok(self.expr(
                    ExprKind::DictComp {
                        key: self.alloc(key),
                        value: self.alloc(first_value),
                        generators,
                    },
                    self.span_from(start),
                ));
            }
        }
        let mut keys = self.vec();
        let mut values = self.vec();
        keys.push(first_key.map(|k| self.alloc(k)));
        values.push(first_value);
        while self.eat(T::Comma) {
            if self.at(T::RBrace) {
                break;
            }
            if self.eat(T::DoubleStar) {
                keys.push(None);
                values.push(self.bitwise_or()?);
            } else {
                let k = self.expression()?;
                if !self.at(T::Colon) {
                    // CPython points at the last character of the key.
                    let at = k.span.end.saturating_sub(1).max(k.span.start);
                    return Err(self.error_span(
                        Span::new(at, k.span.end),
                        "':' expected after dictionary key",
                    ));
                }
                self.bump();
                keys.push(Some(self.alloc(k)));
                values.push(self.dict_value()?);
            }
        }
        self.expect_closing(T::RBrace)?;
        Ok(self.expr(
            ExprKind::Dict {
                keys: keys.into_bump_slice(),
                values: values.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// `[a, b for …]`: CPython's hint when several elements are followed by `for`.
    fn unparenthesized_comprehension_target(&self, elts: &[Expr<'a>]) -> PResult<()> {
        if elts.len() > 1 && (self.at_kw("for") || self.at_kw("async")) {
            let span = elts[0].span.to(elts[elts.len() - 1].span);
            return Err(self.error_span(
                span,
                "did you forget parentheses around the comprehension target?",
            ));
        }
        Ok(())
    }

    /// A dict display's value after `:`.
    fn dict_value(&mut self) -> PResult<Expr<'a>> {
        if matches!(self.kind(), T::Comma | T::RBrace) {
            // CPython points at the `:`.
            let colon = self.toks[self.pos - 1];
            return Err(self.error_tok(colon, "expression expected after dictionary key and ':'"));
        }
        if self.at(T::Star) {
            return Err(self.error_here("cannot use a starred expression in a dictionary value"));
        }
        self.expression()
    }

    /// The rest of a set display or set comprehension after its first element.
    fn set_rest(&mut self, first: Expr<'a>, start: u32) -> PResult<Expr<'a>> {
        if self.at_kw("for") || self.at_kw("async") {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self
                    .error_at_expr(&first, "iterable unpacking cannot be used in comprehension"));
            }
            let generators = self.comprehension_clauses()?;
            self.expect_closing(T::RBrace)?;
            return Ok(self.expr(
                ExprKind::SetComp {
                    elt: self.alloc(first),
                    generators,
                },
                self.span_from(start),
            ));
        }
        let mut elts = self.vec();
        elts.push(first);
        while self.eat(T::Comma) {
            if self.at(T::RBrace) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.unparenthesized_comprehension_target(&elts)?;
        self.expect_closing(T::RBrace)?;
        Ok(self.expr(
            ExprKind::Set {
                elts: elts.into_bump_slice(),
            },
            self.span_from(start),
        ))
    }

    /// A generator expression whose element `elt` has been parsed.
    fn generator_rest(&mut self, elt: Expr<'a>, start: u32) -> PResult<Expr<'a>> {
        let generators = self.comprehension_clauses()?;
        Ok(self.expr(
            ExprKind::GeneratorExp {
                elt: self.alloc(elt),
                generators,
            },
            self.span_from(start),
        ))
    }

    /// `for_if_clauses`: one or more `[async] for targets in disjunction (if disjunction)*`.
    fn comprehension_clauses(&mut self) -> PResult<&'a [Comprehension<'a>]> {
        let mut gens = self.vec();
        while self.at_kw("for") || (self.at_kw("async") && self.is_kw(self.nth(1), "for")) {
            let is_async = self.eat_kw("async");
            self.expect_kw("for")?;
            let target = self.for_targets()?;
            let iter = self.disjunction()?;
            let mut ifs = self.vec();
            while self.eat_kw("if") {
                ifs.push(self.disjunction()?);
            }
            gens.push(Comprehension {
                target: self.alloc(target),
                iter: self.alloc(iter),
                ifs: ifs.into_bump_slice(),
                is_async,
            });
        }
        if gens.is_empty() {
            return Err(self.invalid_syntax());
        }
        Ok(gens.into_bump_slice())
    }

    /// `yield_expr`: `'yield' 'from' expression | 'yield' [star_expressions]`.
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        self.expect_kw("yield")?;
        if self.eat_kw("from") {
            let value = self.expression()?;
            return Ok(self.expr(
                ExprKind::YieldFrom {
                    value: self.alloc(value),
                },
                self.span_from(start),
            ));
        }
        let value = if self.starts_expression() {
            Some(self.star_expressions()?)
        } else {
            None
        };
        Ok(self.expr(
            ExprKind::Yield {
                value: value.map(|v| self.alloc(v)),
            },
            self.span_from(start),
        ))
    }

    /// A parameter list, for `def` (after `(`, through `)`) or `lambda` (up to the `:`).
    pub(crate) fn parameters(&mut self, kind: ParamsKind) -> PResult<Arguments<'a>> {
        let close = if kind == ParamsKind::Def {
            T::RPar
        } else {
            T::Colon
        };
        let mut posonly = self.vec();
        let mut args = self.vec_with_capacity(4);
        let mut defaults = self.vec();
        let mut vararg = None;
        let mut kwonly = self.vec();
        let mut kw_defaults = self.vec();
        let mut kwarg = None;
        let mut seen_star = false;
        let mut seen_slash = false;
        while !self.at(close) {
            if kwarg.is_some() {
                return Err(self.error_here("arguments cannot follow var-keyword argument"));
            }
            if self.at(T::Slash) {
                let t = self.bump();
                if seen_slash {
                    return Err(self.error_tok(t, "/ may appear only once"));
                }
                if seen_star {
                    return Err(self.error_tok(t, "/ must be ahead of *"));
                }
                if args.is_empty() {
                    return Err(self.error_tok(t, "at least one argument must precede /"));
                }
                seen_slash = true;
                posonly.extend(args.drain(..));
            } else if self.at(T::Star) {
                let t = self.bump();
                if seen_star {
                    return Err(self.error_tok(t, "* argument may appear only once"));
                }
                seen_star = true;
                // CPython points at the `*` in a `def`, after it in a `lambda`.
                let lambda = kind == ParamsKind::Lambda;
                if self.at(T::Comma) {
                    let next = self.nth(1);
                    if next.kind == close || next.kind == T::DoubleStar {
                        let at = if lambda { next } else { t };
                        return Err(self.error_tok(at, "named arguments must follow bare *"));
                    }
                } else if self.at(close) {
                    let at = if lambda { self.tok() } else { t };
                    return Err(self.error_tok(at, "named arguments must follow bare *"));
                } else {
                    let a = self.param(kind, true)?;
                    if self.at(T::Equal) {
                        return Err(
                            self.error_here("var-positional argument cannot have default value")
                        );
                    }
                    vararg = Some(self.alloc(a));
                }
            } else if self.at(T::LPar) && self.parenthesized_names_ahead() {
                return Err(self.error_here("Function parameters cannot be parenthesized"));
            } else if self.at(T::DoubleStar) {
                self.bump();
                let a = self.param(kind, false)?;
                if self.at(T::Equal) {
                    return Err(self.error_here("var-keyword argument cannot have default value"));
                }
                kwarg = Some(self.alloc(a));
            } else {
                let a = self.param(kind, false)?;
                let default = if self.at(T::Equal) {
                    let equal = self.bump();
                    if matches!(self.kind(), T::Comma | T::RPar | T::Colon) {
                        return Err(self.error_tok(equal, "expected default value expression"));
                    }
                    Some(self.expression()?)
                } else {
                    None
                };
                if seen_star {
                    kwonly.push(a);
                    kw_defaults.push(default.map(|d| self.alloc(d)));
                } else {
                    match default {
                        Some(d) => defaults.push(d),
                        None if !defaults.is_empty() => {
                            return Err(self.error_span(
                                a.span,
                                "non-default argument follows default argument",
                            ))
                        }
                        None => {}
                    }
                    args.push(a);
                }
            }
            if !self.eat(T::Comma) {
                break;
            }
        }
        if kind == ParamsKind::Def {
            self.expect_closing(T::RPar)?;
        } else if !self.at(T::Colon) {
            return Err(self.invalid_syntax());
        }
        Ok(Arguments {
            posonlyargs: posonly.into_bump_slice(),
            args: args.into_bump_slice(),
            vararg,
            kwonlyargs: kwonly.into_bump_slice(),
            kw_defaults: kw_defaults.into_bump_slice(),
            kwarg,
            defaults: defaults.into_bump_slice(),
        })
    }

    /// True if `( name, name, … [,] )` starts here (CPython's rule for parenthesised parameters).
    fn parenthesized_names_ahead(&self) -> bool {
        let mut n = 1;
        let mut names = 0;
        loop {
            let t = self.nth(n);
            match t.kind {
                T::Name if !t.keyword => names += 1,
                T::RPar => return names > 0,
                _ => return false,
            }
            n += 1;
            match self.nth(n).kind {
                T::Comma => n += 1,
                T::RPar => return true,
                _ => return false,
            }
        }
    }

    /// One parameter name with its annotation (in a `def`); `star` allows `*args: *Ts`.
    fn param(&mut self, kind: ParamsKind, star: bool) -> PResult<Arg<'a>> {
        let start = self.start();
        let arg = self.name()?;
        let annotation = if kind == ParamsKind::Def && self.eat(T::Colon) {
            Some(if star && self.at(T::Star) {
                self.star_expression()?
            } else {
                self.expression()?
            })
        } else {
            None
        };
        Ok(Arg {
            arg,
            annotation: annotation.map(|a| self.alloc(a)),
            span: self.span_from(start),
        })
    }
}
