//! Assignment and deletion targets: expressions re-made with a Store or Del context, with
//! CPython's messages for what cannot be assigned to or deleted.

use hotpy_lexer::TokenKind as T;

use super::{PResult, Parser};
use crate::ast::*;

/// What kind of statement a target belongs to (it changes CPython's message).
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum TargetOf {
    /// `x = …`: messages end with a hint about `==`.
    Assign,
    /// `for x in`, `with … as x`, comprehensions: plain "cannot assign to …".
    Plain,
    /// `del x`.
    Delete,
}

/// CPython's name for an expression in error messages (`_PyPegen_get_expr_name`).
pub(crate) fn describe(e: &Expr<'_>) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::True => "True",
            Constant::False => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// True if `e` is an operand-level expression (CPython's `bitwise_or`), for which a stray `=`
/// gets the hint "Maybe you meant '==' instead of '='?".
pub(crate) fn is_bitwise_or_level(e: &Expr<'_>) -> bool {
    !matches!(
        e.kind,
        ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not,
                ..
            }
    )
}

/// The leftmost atom of an operand expression (`(a, b)` in `(a, b)[0] + 1`).
pub(crate) fn leftmost_atom<'e, 'a>(mut e: &'e Expr<'a>) -> &'e Expr<'a> {
    loop {
        e = match &e.kind {
            ExprKind::BinOp { left, .. } => left,
            ExprKind::Call { func, .. } => func,
            ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
            _ => return e,
        };
    }
}

/// The part of a `for` target read as an expression that cannot be assigned to
/// (`_PyPegen_get_invalid_target` for FOR_TARGETS): `in` comparisons are the `in` of the loop.
fn invalid_for_target<'e, 'a>(e: &'e Expr<'a>) -> Option<&'e Expr<'a>> {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(invalid_for_target)
        }
        ExprKind::Starred { value, .. } => invalid_for_target(value),
        ExprKind::Compare { left, ops, .. } => {
            if ops.first() == Some(&CmpOp::In) {
                invalid_for_target(left)
            } else {
                None
            }
        }
        _ => Some(e),
    }
}

impl<'a, 's> Parser<'a, 's> {
    /// The message for `e = …` where `e` cannot be assigned to: CPython adds a hint about `==`
    /// when `e` itself (not a part of it) is an operand-level expression not starting with a
    /// display or a singleton, and the value is not followed by another `=`.
    pub(crate) fn assign_target_error(
        &self,
        e: &Expr<'a>,
        err: hotpy_lexer::LexError,
        chained: bool,
    ) -> hotpy_lexer::LexError {
        let whole_invalid = !matches!(
            e.kind,
            ExprKind::Name { .. }
                | ExprKind::Attribute { .. }
                | ExprKind::Subscript { .. }
                | ExprKind::Tuple { .. }
                | ExprKind::List { .. }
                | ExprKind::Starred { .. }
        );
        let left = leftmost_atom(e);
        let left_excluded = match left.kind {
            ExprKind::List { .. } | ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. } => true,
            ExprKind::Constant { value, .. } => {
                matches!(value, Constant::True | Constant::False | Constant::None)
            }
            _ => false,
        };
        if whole_invalid && !chained && !left_excluded && is_bitwise_or_level(e) {
            return self.error_at_expr(
                e,
                &format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    describe(e)
                ),
            );
        }
        err
    }

    /// `e` as a target with context `ctx`, or CPython's error for what it is.
    pub(crate) fn to_target(
        &self,
        e: &Expr<'a>,
        ctx: ExprContext,
        of: TargetOf,
    ) -> PResult<Expr<'a>> {
        let kind = match e.kind {
            ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
            ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
            ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
            ExprKind::Starred { value, .. } if of != TargetOf::Delete => {
                let inner = self.to_target(value, ctx, of)?;
                ExprKind::Starred {
                    value: self.alloc(inner),
                    ctx,
                }
            }
            ExprKind::Tuple { elts, .. } => ExprKind::Tuple {
                elts: self.to_targets(elts, ctx, of)?,
                ctx,
            },
            ExprKind::List { elts, .. } => ExprKind::List {
                elts: self.to_targets(elts, ctx, of)?,
                ctx,
            },
            _ => return Err(self.target_error(e, of)),
        };
        Ok(self.expr(kind, e.span))
    }

    /// Every element of `elts` as a target.
    fn to_targets(
        &self,
        elts: &'a [Expr<'a>],
        ctx: ExprContext,
        of: TargetOf,
    ) -> PResult<&'a [Expr<'a>]> {
        let mut out = self.vec();
        for e in elts {
            out.push(self.to_target(e, ctx, of)?);
        }
        Ok(out.into_bump_slice())
    }

    /// CPython's message for an invalid target `e`.
    fn target_error(&self, e: &Expr<'a>, of: TargetOf) -> hotpy_lexer::LexError {
        let what = describe(e);
        match of {
            TargetOf::Delete => self.error_at_expr(e, &format!("cannot delete {what}")),
            _ => self.error_at_expr(e, &format!("cannot assign to {what}")),
        }
    }

    /// `star_targets` for `for`, comprehensions and `with … as`: targets separated by commas,
    /// parsed below the comparison level so that `in` is not taken as an operator.
    pub(crate) fn star_targets(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.star_target_element()?;
        let e = if self.at(T::Comma) {
            let mut elts = self.vec();
            elts.push(first);
            while self.eat(T::Comma) {
                if !self.starts_expression() || self.at_kw("in") {
                    break;
                }
                elts.push(self.star_target_element()?);
            }
            self.expr(
                ExprKind::Tuple {
                    elts: elts.into_bump_slice(),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            )
        } else {
            first
        };
        self.to_target(&e, ExprContext::Store, TargetOf::Plain)
    }

    /// The targets of `for … in` (statement or comprehension), up to `in`; when they are not
    /// valid targets, CPython's "cannot assign to …" for the first bad part.
    pub(crate) fn for_targets(&mut self) -> PResult<Expr<'a>> {
        let save = self.pos;
        let depth = self.depth;
        let first_try = self.star_targets();
        if let Ok(t) = first_try {
            if self.at_kw("in") {
                self.bump();
                return Ok(t);
            }
        }
        let first_error = match first_try {
            Ok(_) => self.invalid_syntax(),
            Err(e) => e,
        };
        // `invalid_for_target`: read the targets as expressions to name what is wrong.
        self.pos = save;
        self.depth = depth;
        let Ok(e) = self.star_expressions() else {
            return Err(first_error);
        };
        match invalid_for_target(&e) {
            Some(bad) => {
                Err(self.error_at_expr(bad, &format!("cannot assign to {}", describe(bad))))
            }
            None => Err(first_error),
        }
    }

    /// The target of `with … as`: a single `star_target` followed by `,`, `)` or `:`.
    pub(crate) fn with_target(&mut self) -> PResult<Expr<'a>> {
        let save = self.pos;
        let depth = self.depth;
        let e = if self.at(T::Star) {
            self.star_expression()?
        } else {
            self.bitwise_or()?
        };
        if matches!(self.kind(), T::Comma | T::RPar | T::Colon | T::Newline) {
            return self.to_target(&e, ExprContext::Store, TargetOf::Plain);
        }
        let err = self.invalid_syntax();
        self.pos = save;
        self.depth = depth;
        match self.expression() {
            Ok(e) if matches!(self.kind(), T::Comma | T::RPar | T::Colon) => Err(self
                .to_target(&e, ExprContext::Store, TargetOf::Plain)
                .err()
                .unwrap_or(err)),
            _ => Err(err),
        }
    }

    /// One element of `star_targets`: `['*'] bitwise_or`.
    fn star_target_element(&mut self) -> PResult<Expr<'a>> {
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
        self.bitwise_or()
    }
}
