//! Checks CPython makes after parsing, while building its symbol table, that `check_syntax`
//! includes: `ast.parse` accepts these programs (so [`crate::parse_module`] and
//! [`crate::dump_ast`] do too) but `compile` rejects them.
//!
//! Only what needs no scope analysis is here; the symbol-table pass will own the rest
//! (`'return' outside function`, `nonlocal` at module level, …).

use crate::ast::{Comprehension, Expr, ExprKind, Module};
use crate::visit::{walk_expr, walk_module, Visitor};
use crate::SyntaxError;

/// The first post-parse error of `module`, if any.
pub fn check_module(module: &Module<'_>) -> Result<(), SyntaxError> {
    let mut v = WalrusInIterable::default();
    walk_module(&mut v, module);
    match v.error {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

/// "assignment expression cannot be used in a comprehension iterable expression": CPython
/// rejects `:=` anywhere inside the iterable of a comprehension's `for` clause.
#[derive(Default)]
struct WalrusInIterable {
    /// How many comprehension iterables enclose the current node.
    in_iterable: usize,
    /// The first error found.
    error: Option<SyntaxError>,
}

impl<'a> Visitor<'a> for WalrusInIterable {
    fn visit_expr(&mut self, expr: &'a Expr<'a>) {
        if self.error.is_some() {
            return;
        }
        if let ExprKind::NamedExpr { .. } = expr.kind {
            if self.in_iterable > 0 {
                self.error = Some(SyntaxError::syntax(
                    "assignment expression cannot be used in a comprehension iterable expression",
                    expr.span.start as usize,
                    expr.span.end as usize,
                ));
                return;
            }
        }
        walk_expr(self, expr);
    }

    fn visit_comprehension(&mut self, comp: &'a Comprehension<'a>) {
        self.visit_expr(comp.target);
        self.in_iterable += 1;
        self.visit_expr(comp.iter);
        self.in_iterable -= 1;
        for cond in comp.ifs {
            self.visit_expr(cond);
        }
    }
}
