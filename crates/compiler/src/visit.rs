//! A read-only visitor over the [`crate::ast`] tree, for the passes after parsing.
//!
//! Implement the `visit_*` methods of [`Visitor`] you need; each default calls the matching
//! `walk_*` function, which visits the node's children in CPython's field order. Call the
//! `walk_*` function yourself from an override to keep descending.

use crate::ast::*;

/// A visitor over statements, expressions, patterns and the helper nodes that hold them.
pub trait Visitor<'a> {
    /// A statement.
    fn visit_stmt(&mut self, stmt: &'a Stmt<'a>) {
        walk_stmt(self, stmt);
    }

    /// An expression.
    fn visit_expr(&mut self, expr: &'a Expr<'a>) {
        walk_expr(self, expr);
    }

    /// A `match` pattern.
    fn visit_pattern(&mut self, pattern: &'a Pattern<'a>) {
        walk_pattern(self, pattern);
    }

    /// A parameter list (of a `def` or a `lambda`).
    fn visit_arguments(&mut self, args: &'a Arguments<'a>) {
        walk_arguments(self, args);
    }

    /// One parameter.
    fn visit_arg(&mut self, arg: &'a Arg<'a>) {
        if let Some(annotation) = arg.annotation {
            self.visit_expr(annotation);
        }
    }

    /// One `for … in … if …` clause of a comprehension.
    fn visit_comprehension(&mut self, comp: &'a Comprehension<'a>) {
        self.visit_expr(comp.target);
        self.visit_expr(comp.iter);
        for cond in comp.ifs {
            self.visit_expr(cond);
        }
    }

    /// An `except` clause.
    fn visit_except_handler(&mut self, handler: &'a ExceptHandler<'a>) {
        if let Some(type_) = handler.type_ {
            self.visit_expr(type_);
        }
        for stmt in handler.body {
            self.visit_stmt(stmt);
        }
    }

    /// A `case` block.
    fn visit_match_case(&mut self, case: &'a MatchCase<'a>) {
        self.visit_pattern(case.pattern);
        if let Some(guard) = case.guard {
            self.visit_expr(guard);
        }
        for stmt in case.body {
            self.visit_stmt(stmt);
        }
    }
}

/// Visit every statement of a module.
pub fn walk_module<'a, V: Visitor<'a> + ?Sized>(v: &mut V, module: &Module<'a>) {
    for stmt in module.body {
        v.visit_stmt(stmt);
    }
}

fn stmts<'a, V: Visitor<'a> + ?Sized>(v: &mut V, body: &'a [Stmt<'a>]) {
    for stmt in body {
        v.visit_stmt(stmt);
    }
}

fn exprs<'a, V: Visitor<'a> + ?Sized>(v: &mut V, list: &'a [Expr<'a>]) {
    for expr in list {
        v.visit_expr(expr);
    }
}

fn opt_expr<'a, V: Visitor<'a> + ?Sized>(v: &mut V, expr: Option<&'a Expr<'a>>) {
    if let Some(expr) = expr {
        v.visit_expr(expr);
    }
}

fn keywords<'a, V: Visitor<'a> + ?Sized>(v: &mut V, list: &'a [Keyword<'a>]) {
    for keyword in list {
        v.visit_expr(keyword.value);
    }
}

/// Visit the children of a statement, in CPython's field order.
pub fn walk_stmt<'a, V: Visitor<'a> + ?Sized>(v: &mut V, stmt: &'a Stmt<'a>) {
    match &stmt.kind {
        StmtKind::FunctionDef {
            args,
            body,
            decorator_list,
            returns,
            ..
        } => {
            v.visit_arguments(args);
            stmts(v, body);
            exprs(v, decorator_list);
            opt_expr(v, *returns);
        }
        StmtKind::ClassDef {
            bases,
            keywords: kw,
            body,
            decorator_list,
            ..
        } => {
            exprs(v, bases);
            keywords(v, kw);
            stmts(v, body);
            exprs(v, decorator_list);
        }
        StmtKind::Return { value } => opt_expr(v, *value),
        StmtKind::Delete { targets } => exprs(v, targets),
        StmtKind::Assign { targets, value } => {
            exprs(v, targets);
            v.visit_expr(value);
        }
        StmtKind::AugAssign { target, value, .. } => {
            v.visit_expr(target);
            v.visit_expr(value);
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            ..
        } => {
            v.visit_expr(target);
            v.visit_expr(annotation);
            opt_expr(v, *value);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            ..
        } => {
            v.visit_expr(target);
            v.visit_expr(iter);
            stmts(v, body);
            stmts(v, orelse);
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            v.visit_expr(test);
            stmts(v, body);
            stmts(v, orelse);
        }
        StmtKind::With { items, body, .. } => {
            for item in *items {
                v.visit_expr(item.context_expr);
                opt_expr(v, item.optional_vars);
            }
            stmts(v, body);
        }
        StmtKind::Match { subject, cases } => {
            v.visit_expr(subject);
            for case in *cases {
                v.visit_match_case(case);
            }
        }
        StmtKind::Raise { exc, cause } => {
            opt_expr(v, *exc);
            opt_expr(v, *cause);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        } => {
            stmts(v, body);
            for handler in *handlers {
                v.visit_except_handler(handler);
            }
            stmts(v, orelse);
            stmts(v, finalbody);
        }
        StmtKind::Assert { test, msg } => {
            v.visit_expr(test);
            opt_expr(v, *msg);
        }
        StmtKind::Expr { value } => v.visit_expr(value),
        StmtKind::Import { .. }
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global { .. }
        | StmtKind::Nonlocal { .. }
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => {}
    }
}

/// Visit the children of an expression, in CPython's field order.
pub fn walk_expr<'a, V: Visitor<'a> + ?Sized>(v: &mut V, expr: &'a Expr<'a>) {
    match &expr.kind {
        ExprKind::BoolOp { values, .. } => exprs(v, values),
        ExprKind::NamedExpr { target, value } => {
            v.visit_expr(target);
            v.visit_expr(value);
        }
        ExprKind::BinOp { left, right, .. } => {
            v.visit_expr(left);
            v.visit_expr(right);
        }
        ExprKind::UnaryOp { operand, .. } => v.visit_expr(operand),
        ExprKind::Lambda { args, body } => {
            v.visit_arguments(args);
            v.visit_expr(body);
        }
        ExprKind::IfExp { test, body, orelse } => {
            v.visit_expr(test);
            v.visit_expr(body);
            v.visit_expr(orelse);
        }
        ExprKind::Dict { keys, values } => {
            for key in keys.iter().flatten() {
                v.visit_expr(key);
            }
            exprs(v, values);
        }
        ExprKind::Set { elts } => exprs(v, elts),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            v.visit_expr(elt);
            for comp in *generators {
                v.visit_comprehension(comp);
            }
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            v.visit_expr(key);
            v.visit_expr(value);
            for comp in *generators {
                v.visit_comprehension(comp);
            }
        }
        ExprKind::Await { value } | ExprKind::YieldFrom { value } => v.visit_expr(value),
        ExprKind::Yield { value } => opt_expr(v, *value),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            v.visit_expr(left);
            exprs(v, comparators);
        }
        ExprKind::Call {
            func,
            args,
            keywords: kw,
        } => {
            v.visit_expr(func);
            exprs(v, args);
            keywords(v, kw);
        }
        ExprKind::FormattedValue {
            value, format_spec, ..
        } => {
            v.visit_expr(value);
            opt_expr(v, *format_spec);
        }
        ExprKind::JoinedStr { values } => exprs(v, values),
        ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => v.visit_expr(value),
        ExprKind::Subscript { value, slice, .. } => {
            v.visit_expr(value);
            v.visit_expr(slice);
        }
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => exprs(v, elts),
        ExprKind::Slice { lower, upper, step } => {
            opt_expr(v, *lower);
            opt_expr(v, *upper);
            opt_expr(v, *step);
        }
        ExprKind::Constant { .. } | ExprKind::Name { .. } => {}
    }
}

/// Visit the children of a pattern, in CPython's field order.
pub fn walk_pattern<'a, V: Visitor<'a> + ?Sized>(v: &mut V, pattern: &'a Pattern<'a>) {
    match &pattern.kind {
        PatternKind::MatchValue { value } => v.visit_expr(value),
        PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => {}
        PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
            for p in *patterns {
                v.visit_pattern(p);
            }
        }
        PatternKind::MatchMapping { keys, patterns, .. } => {
            exprs(v, keys);
            for p in *patterns {
                v.visit_pattern(p);
            }
        }
        PatternKind::MatchClass {
            cls,
            patterns,
            kwd_patterns,
            ..
        } => {
            v.visit_expr(cls);
            for p in patterns.iter().chain(kwd_patterns.iter()) {
                v.visit_pattern(p);
            }
        }
        PatternKind::MatchAs { pattern, .. } => {
            if let Some(p) = pattern {
                v.visit_pattern(p);
            }
        }
    }
}

/// Visit the parameters of a parameter list and their defaults, in CPython's field order.
pub fn walk_arguments<'a, V: Visitor<'a> + ?Sized>(v: &mut V, args: &'a Arguments<'a>) {
    for arg in args.posonlyargs.iter().chain(args.args) {
        v.visit_arg(arg);
    }
    if let Some(arg) = args.vararg {
        v.visit_arg(arg);
    }
    for arg in args.kwonlyargs {
        v.visit_arg(arg);
    }
    for default in args.kw_defaults.iter().flatten() {
        v.visit_expr(default);
    }
    if let Some(arg) = args.kwarg {
        v.visit_arg(arg);
    }
    exprs(v, args.defaults);
}
