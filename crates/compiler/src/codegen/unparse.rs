//! CPython's `ast_unparse.c`: the text an annotation becomes under
//! `from __future__ import annotations` (`_PyAST_ExprAsUnicode`, at the "test" precedence).
//!
//! f-strings inside annotations fall back to their source text (CPython re-quotes them; the value
//! they evaluate to is the same).

use super::{convert_constant, Constant};
use crate::ast::*;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_BOR: u8 = 6;
const PR_EXPR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// The annotation text of `e` (`source` is what spans index, for the f-string fallback).
pub(crate) fn annotation(e: &Expr<'_>, source: &str) -> String {
    let mut u = Unparser {
        out: String::new(),
        source,
    };
    u.expr(e, PR_TEST);
    u.out
}

struct Unparser<'s> {
    out: String,
    source: &'s str,
}

impl Unparser<'_> {
    fn s(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn open(&mut self, cond: bool) {
        if cond {
            self.out.push('(');
        }
    }

    fn close(&mut self, cond: bool) {
        if cond {
            self.out.push(')');
        }
    }

    fn join(&mut self, items: &[Expr<'_>], level: u8) {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.expr(x, level);
        }
    }

    fn constant(&mut self, c: &crate::ast::Constant<'_>, kind: Option<&str>) {
        if let crate::ast::Constant::Ellipsis = c {
            return self.s("...");
        }
        if kind == Some("u") {
            self.s("u");
        }
        match convert_constant(c) {
            Some(k @ (Constant::Float(_) | Constant::Complex { .. })) => {
                let text = k.repr().replace("inf", "1e309");
                self.s(&text);
            }
            Some(k) => self.s(&k.repr()),
            None => self.s("''"),
        }
    }

    fn comprehensions(&mut self, generators: &[Comprehension<'_>]) {
        for g in generators {
            self.s(if g.is_async { " async for " } else { " for " });
            self.expr(g.target, PR_TUPLE);
            self.s(" in ");
            self.expr(g.iter, PR_TEST + 1);
            for cond in g.ifs {
                self.s(" if ");
                self.expr(cond, PR_TEST + 1);
            }
        }
    }

    fn genexp(&mut self, elt: &Expr<'_>, generators: &[Comprehension<'_>]) {
        self.s("(");
        self.expr(elt, PR_TEST);
        self.comprehensions(generators);
        self.s(")");
    }

    fn args(&mut self, args: &Arguments<'_>) {
        let mut first = true;
        let mut sep = |u: &mut Self| {
            if !first {
                u.s(", ");
            }
            first = false;
        };
        let positional: Vec<&Arg<'_>> = args.posonlyargs.iter().chain(args.args).collect();
        let default_start = positional.len() - args.defaults.len().min(positional.len());
        for (i, a) in positional.iter().enumerate() {
            sep(self);
            self.s(a.arg);
            if i >= default_start {
                self.s("=");
                self.expr(&args.defaults[i - default_start], PR_TEST);
            }
            if i + 1 == args.posonlyargs.len() {
                self.s(", /");
            }
        }
        if args.vararg.is_some() || !args.kwonlyargs.is_empty() {
            sep(self);
            self.s("*");
            if let Some(v) = args.vararg {
                self.s(v.arg);
            }
        }
        for (a, d) in args.kwonlyargs.iter().zip(args.kw_defaults) {
            sep(self);
            self.s(a.arg);
            if let Some(d) = d {
                self.s("=");
                self.expr(d, PR_TEST);
            }
        }
        if let Some(k) = args.kwarg {
            sep(self);
            self.s("**");
            self.s(k.arg);
        }
    }

    fn expr(&mut self, e: &Expr<'_>, level: u8) {
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let (pr, word) = match op {
                    BoolOp::And => (PR_AND, " and "),
                    BoolOp::Or => (PR_OR, " or "),
                };
                self.open(level > pr);
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.s(word);
                    }
                    self.expr(v, pr + 1);
                }
                self.close(level > pr);
            }
            ExprKind::BinOp { left, op, right } => {
                let (pr, text) = match op {
                    Operator::Add => (PR_ARITH, " + "),
                    Operator::Sub => (PR_ARITH, " - "),
                    Operator::Mult => (PR_TERM, " * "),
                    Operator::MatMult => (PR_TERM, " @ "),
                    Operator::Div => (PR_TERM, " / "),
                    Operator::Mod => (PR_TERM, " % "),
                    Operator::FloorDiv => (PR_TERM, " // "),
                    Operator::LShift => (PR_SHIFT, " << "),
                    Operator::RShift => (PR_SHIFT, " >> "),
                    Operator::BitOr => (PR_BOR, " | "),
                    Operator::BitXor => (PR_BXOR, " ^ "),
                    Operator::BitAnd => (PR_BAND, " & "),
                    Operator::Pow => (PR_POWER, " ** "),
                };
                let rassoc = u8::from(*op == Operator::Pow);
                self.open(level > pr);
                self.expr(left, pr + rassoc);
                self.s(text);
                self.expr(right, pr + 1 - rassoc);
                self.close(level > pr);
            }
            ExprKind::UnaryOp { op, operand } => {
                let (pr, text) = match op {
                    UnaryOp::Invert => (PR_FACTOR, "~"),
                    UnaryOp::Not => (PR_NOT, "not "),
                    UnaryOp::UAdd => (PR_FACTOR, "+"),
                    UnaryOp::USub => (PR_FACTOR, "-"),
                };
                self.open(level > pr);
                self.s(text);
                self.expr(operand, pr);
                self.close(level > pr);
            }
            ExprKind::Lambda { args, body } => {
                self.open(level > PR_TEST);
                let empty = args.posonlyargs.is_empty()
                    && args.args.is_empty()
                    && args.vararg.is_none()
                    && args.kwonlyargs.is_empty()
                    && args.kwarg.is_none();
                self.s("lambda");
                if !empty {
                    self.s(" ");
                    self.args(args);
                }
                self.s(": ");
                self.expr(body, PR_TEST);
                self.close(level > PR_TEST);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.open(level > PR_TEST);
                self.expr(body, PR_TEST + 1);
                self.s(" if ");
                self.expr(test, PR_TEST + 1);
                self.s(" else ");
                self.expr(orelse, PR_TEST);
                self.close(level > PR_TEST);
            }
            ExprKind::Dict { keys, values } => {
                self.s("{");
                for (i, (k, v)) in keys.iter().zip(values.iter()).enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    match k {
                        Some(k) => {
                            self.expr(k, PR_TEST);
                            self.s(": ");
                            self.expr(v, PR_TEST);
                        }
                        None => {
                            self.s("**");
                            self.expr(v, PR_EXPR);
                        }
                    }
                }
                self.s("}");
            }
            ExprKind::Set { elts } => {
                if elts.is_empty() {
                    self.s("{*()}");
                } else {
                    self.s("{");
                    self.join(elts, PR_TEST);
                    self.s("}");
                }
            }
            ExprKind::ListComp { elt, generators } => {
                self.s("[");
                self.expr(elt, PR_TEST);
                self.comprehensions(generators);
                self.s("]");
            }
            ExprKind::SetComp { elt, generators } => {
                self.s("{");
                self.expr(elt, PR_TEST);
                self.comprehensions(generators);
                self.s("}");
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.s("{");
                self.expr(key, PR_TEST);
                self.s(": ");
                self.expr(value, PR_TEST);
                self.comprehensions(generators);
                self.s("}");
            }
            ExprKind::GeneratorExp { elt, generators } => self.genexp(elt, generators),
            ExprKind::Await { value } => {
                self.open(level > PR_AWAIT);
                self.s("await ");
                self.expr(value, PR_ATOM);
                self.close(level > PR_AWAIT);
            }
            ExprKind::Yield { value } => match value {
                None => self.s("(yield)"),
                Some(v) => {
                    self.s("(yield ");
                    self.expr(v, PR_TEST);
                    self.s(")");
                }
            },
            ExprKind::YieldFrom { value } => {
                self.s("(yield from ");
                self.expr(value, PR_TEST);
                self.s(")");
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.open(level > PR_CMP);
                self.expr(left, PR_CMP + 1);
                for (op, c) in ops.iter().zip(comparators.iter()) {
                    self.s(match op {
                        CmpOp::Eq => " == ",
                        CmpOp::NotEq => " != ",
                        CmpOp::Lt => " < ",
                        CmpOp::LtE => " <= ",
                        CmpOp::Gt => " > ",
                        CmpOp::GtE => " >= ",
                        CmpOp::Is => " is ",
                        CmpOp::IsNot => " is not ",
                        CmpOp::In => " in ",
                        CmpOp::NotIn => " not in ",
                    });
                    self.expr(c, PR_CMP + 1);
                }
                self.close(level > PR_CMP);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func, PR_ATOM);
                if let ([arg], []) = (args, keywords) {
                    if let ExprKind::GeneratorExp { elt, generators } = arg.kind {
                        return self.genexp(elt, generators);
                    }
                }
                self.s("(");
                let mut first = true;
                for a in *args {
                    if !first {
                        self.s(", ");
                    }
                    first = false;
                    self.expr(a, PR_TEST);
                }
                for k in *keywords {
                    if !first {
                        self.s(", ");
                    }
                    first = false;
                    match k.arg {
                        Some(name) => {
                            self.s(name);
                            self.s("=");
                            self.expr(k.value, PR_TEST);
                        }
                        None => {
                            self.s("**");
                            self.expr(k.value, PR_EXPR);
                        }
                    }
                }
                self.s(")");
            }
            ExprKind::FormattedValue { .. } | ExprKind::JoinedStr { .. } => {
                let text = self
                    .source
                    .get(e.span.start as usize..e.span.end as usize)
                    .unwrap_or("''");
                self.s(text);
            }
            ExprKind::Constant { value, kind } => self.constant(value, *kind),
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value, PR_ATOM);
                let int_value = matches!(
                    value.kind,
                    ExprKind::Constant {
                        value: crate::ast::Constant::Int(_) | crate::ast::Constant::BigInt(_),
                        ..
                    }
                );
                self.s(if int_value { " ." } else { "." });
                self.s(attr);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value, PR_ATOM);
                self.s("[");
                match &slice.kind {
                    ExprKind::Tuple { elts, .. } if !elts.is_empty() => {
                        self.join(elts, PR_TEST);
                        if elts.len() == 1 {
                            self.s(",");
                        }
                    }
                    _ => self.expr(slice, PR_TUPLE),
                }
                self.s("]");
            }
            ExprKind::Starred { value, .. } => {
                self.s("*");
                self.expr(value, PR_EXPR);
            }
            ExprKind::Name { id, .. } => self.s(id),
            ExprKind::List { elts, .. } => {
                self.s("[");
                self.join(elts, PR_TEST);
                self.s("]");
            }
            ExprKind::Tuple { elts, .. } => {
                if elts.is_empty() {
                    return self.s("()");
                }
                self.open(level > PR_TUPLE);
                self.join(elts, PR_TEST);
                if elts.len() == 1 {
                    self.s(",");
                }
                self.close(level > PR_TUPLE);
            }
            ExprKind::Slice { lower, upper, step } => {
                if let Some(l) = lower {
                    self.expr(l, PR_TEST);
                }
                self.s(":");
                if let Some(u) = upper {
                    self.expr(u, PR_TEST);
                }
                if let Some(st) = step {
                    self.s(":");
                    self.expr(st, PR_TEST);
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.open(level > PR_TUPLE);
                self.expr(target, PR_ATOM);
                self.s(" := ");
                self.expr(value, PR_ATOM);
                self.close(level > PR_TUPLE);
            }
        }
    }
}
