//! `ast.dump` of CPython 3.11: the tree printed on one line, without positions.
//!
//! A field whose value is `None` is left out (CPython skips optional fields that are `None`); empty
//! lists are printed as `[]`.

use hotpy_lexer::pyrepr::{bytes_repr, str_repr};

use hotpy_lexer::pyrepr::float_repr as py_float_repr;

use hotpy_lexer::LineIndex;

use crate::ast::*;

/// `ast.dump(module)` as CPython 3.11 prints it.
pub fn dump_module(module: &Module<'_>) -> String {
    let mut d = Dumper::default();
    d.module(module)
}

/// `ast.dump(module, include_attributes=True)`: also `lineno`, `col_offset` (in UTF-8 bytes),
/// `end_lineno` and `end_col_offset` of every node that has them. `source` is the parsed text.
pub fn dump_module_with_positions(module: &Module<'_>, source: &str) -> String {
    let mut d = Dumper {
        out: String::new(),
        positions: Some(LineIndex::new(source)),
    };
    d.module(module)
}

impl Dumper {
    fn module(&mut self, module: &Module<'_>) -> String {
        let d = self;
        d.out.push_str("Module(body=[");
        d.stmts(module.body);
        d.out.push_str("], type_ignores=[])");
        std::mem::take(&mut d.out)
    }
}

/// Accumulates the dump text.
#[derive(Default)]
struct Dumper {
    out: String,
    /// With `include_attributes`: the line index to turn spans into CPython's positions.
    positions: Option<LineIndex>,
}

/// Opens a node `Name(` and tracks whether a field separator is needed.
struct Node {
    first: bool,
}

impl Dumper {
    fn open(&mut self, name: &str) -> Node {
        self.out.push_str(name);
        self.out.push('(');
        Node { first: true }
    }

    fn close(&mut self) {
        self.out.push(')');
    }

    /// Close a node that has position attributes.
    fn close_at(&mut self, n: &mut Node, span: Span) {
        if let Some(index) = &self.positions {
            let (line, col) = index.line_col_bytes(span.start);
            let (end_line, end_col) = index.line_col_bytes(span.end);
            let text = format!(
                "lineno={line}, col_offset={col}, end_lineno={end_line}, end_col_offset={end_col}"
            );
            if !n.first {
                self.out.push_str(", ");
            }
            n.first = false;
            self.out.push_str(&text);
        }
        self.close();
    }

    fn field(&mut self, node: &mut Node, name: &str) {
        if !node.first {
            self.out.push_str(", ");
        }
        node.first = false;
        self.out.push_str(name);
        self.out.push('=');
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            each(self, item);
        }
        self.out.push(']');
    }

    fn stmts(&mut self, stmts: &[Stmt<'_>]) {
        for (i, s) in stmts.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.stmt(s);
        }
    }

    fn stmt_list(&mut self, n: &mut Node, name: &str, stmts: &[Stmt<'_>]) {
        self.field(n, name);
        self.out.push('[');
        self.stmts(stmts);
        self.out.push(']');
    }

    fn expr_field(&mut self, n: &mut Node, name: &str, e: &Expr<'_>) {
        self.field(n, name);
        self.expr(e);
    }

    fn opt_expr_field(&mut self, n: &mut Node, name: &str, e: Option<&Expr<'_>>) {
        if let Some(e) = e {
            self.expr_field(n, name, e);
        }
    }

    fn exprs_field(&mut self, n: &mut Node, name: &str, es: &[Expr<'_>]) {
        self.field(n, name);
        self.list(es, |d, e| d.expr(e));
    }

    fn str_field(&mut self, n: &mut Node, name: &str, s: &str) {
        self.field(n, name);
        self.out.push_str(&str_repr(s));
    }

    fn opt_str_field(&mut self, n: &mut Node, name: &str, s: Option<&str>) {
        if let Some(s) = s {
            self.str_field(n, name, s);
        }
    }

    fn raw_field(&mut self, n: &mut Node, name: &str, text: &str) {
        self.field(n, name);
        self.out.push_str(text);
    }

    fn ctx_field(&mut self, n: &mut Node, ctx: ExprContext) {
        self.raw_field(
            n,
            "ctx",
            match ctx {
                ExprContext::Load => "Load()",
                ExprContext::Store => "Store()",
                ExprContext::Del => "Del()",
            },
        );
    }

    fn stmt(&mut self, s: &Stmt<'_>) {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                is_async,
            } => {
                let mut n = self.open(if *is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                });
                self.str_field(&mut n, "name", name);
                self.field(&mut n, "args");
                self.arguments(args);
                self.stmt_list(&mut n, "body", body);
                self.exprs_field(&mut n, "decorator_list", decorator_list);
                self.opt_expr_field(&mut n, "returns", *returns);
                self.close_at(&mut n, s.span);
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                let mut n = self.open("ClassDef");
                self.str_field(&mut n, "name", name);
                self.exprs_field(&mut n, "bases", bases);
                self.field(&mut n, "keywords");
                self.list(keywords, |d, k| d.keyword(k));
                self.stmt_list(&mut n, "body", body);
                self.exprs_field(&mut n, "decorator_list", decorator_list);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Return { value } => {
                let mut n = self.open("Return");
                self.opt_expr_field(&mut n, "value", *value);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Delete { targets } => {
                let mut n = self.open("Delete");
                self.exprs_field(&mut n, "targets", targets);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Assign { targets, value } => {
                let mut n = self.open("Assign");
                self.exprs_field(&mut n, "targets", targets);
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, s.span);
            }
            StmtKind::AugAssign { target, op, value } => {
                let mut n = self.open("AugAssign");
                self.expr_field(&mut n, "target", target);
                self.raw_field(&mut n, "op", operator_name(*op));
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, s.span);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                let mut n = self.open("AnnAssign");
                self.expr_field(&mut n, "target", target);
                self.expr_field(&mut n, "annotation", annotation);
                self.opt_expr_field(&mut n, "value", *value);
                self.raw_field(&mut n, "simple", if *simple { "1" } else { "0" });
                self.close_at(&mut n, s.span);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                let mut n = self.open(if *is_async { "AsyncFor" } else { "For" });
                self.expr_field(&mut n, "target", target);
                self.expr_field(&mut n, "iter", iter);
                self.stmt_list(&mut n, "body", body);
                self.stmt_list(&mut n, "orelse", orelse);
                self.close_at(&mut n, s.span);
            }
            StmtKind::While { test, body, orelse } => {
                let mut n = self.open("While");
                self.expr_field(&mut n, "test", test);
                self.stmt_list(&mut n, "body", body);
                self.stmt_list(&mut n, "orelse", orelse);
                self.close_at(&mut n, s.span);
            }
            StmtKind::If { test, body, orelse } => {
                let mut n = self.open("If");
                self.expr_field(&mut n, "test", test);
                self.stmt_list(&mut n, "body", body);
                self.stmt_list(&mut n, "orelse", orelse);
                self.close_at(&mut n, s.span);
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                let mut n = self.open(if *is_async { "AsyncWith" } else { "With" });
                self.field(&mut n, "items");
                self.list(items, |d, item| {
                    let mut n = d.open("withitem");
                    d.expr_field(&mut n, "context_expr", item.context_expr);
                    d.opt_expr_field(&mut n, "optional_vars", item.optional_vars);
                    d.close();
                });
                self.stmt_list(&mut n, "body", body);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Match { subject, cases } => {
                let mut n = self.open("Match");
                self.expr_field(&mut n, "subject", subject);
                self.field(&mut n, "cases");
                self.list(cases, |d, c| {
                    let mut n = d.open("match_case");
                    d.field(&mut n, "pattern");
                    d.pattern(c.pattern);
                    d.opt_expr_field(&mut n, "guard", c.guard);
                    d.stmt_list(&mut n, "body", c.body);
                    d.close();
                });
                self.close_at(&mut n, s.span);
            }
            StmtKind::Raise { exc, cause } => {
                let mut n = self.open("Raise");
                self.opt_expr_field(&mut n, "exc", *exc);
                self.opt_expr_field(&mut n, "cause", *cause);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => {
                let mut n = self.open(if *is_star { "TryStar" } else { "Try" });
                self.stmt_list(&mut n, "body", body);
                self.field(&mut n, "handlers");
                self.list(handlers, |d, h| {
                    let mut n = d.open("ExceptHandler");
                    d.opt_expr_field(&mut n, "type", h.type_);
                    d.opt_str_field(&mut n, "name", h.name);
                    d.stmt_list(&mut n, "body", h.body);
                    d.close_at(&mut n, h.span);
                });
                self.stmt_list(&mut n, "orelse", orelse);
                self.stmt_list(&mut n, "finalbody", finalbody);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Assert { test, msg } => {
                let mut n = self.open("Assert");
                self.expr_field(&mut n, "test", test);
                self.opt_expr_field(&mut n, "msg", *msg);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Import { names } => {
                let mut n = self.open("Import");
                self.field(&mut n, "names");
                self.list(names, |d, a| d.alias(a));
                self.close_at(&mut n, s.span);
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                let mut n = self.open("ImportFrom");
                self.opt_str_field(&mut n, "module", *module);
                self.field(&mut n, "names");
                self.list(names, |d, a| d.alias(a));
                self.raw_field(&mut n, "level", &level.to_string());
                self.close_at(&mut n, s.span);
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                let kind = if matches!(s.kind, StmtKind::Global { .. }) {
                    "Global"
                } else {
                    "Nonlocal"
                };
                let mut n = self.open(kind);
                self.field(&mut n, "names");
                self.list(names, |d, s| d.out.push_str(&str_repr(s)));
                self.close_at(&mut n, s.span);
            }
            StmtKind::Expr { value } => {
                let mut n = self.open("Expr");
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, s.span);
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {
                let name = match s.kind {
                    StmtKind::Pass => "Pass",
                    StmtKind::Break => "Break",
                    _ => "Continue",
                };
                let mut n = self.open(name);
                self.close_at(&mut n, s.span);
            }
        }
    }

    fn alias(&mut self, a: &Alias<'_>) {
        let mut n = self.open("alias");
        self.str_field(&mut n, "name", a.name);
        self.opt_str_field(&mut n, "asname", a.asname);
        self.close_at(&mut n, a.span);
    }

    fn keyword(&mut self, k: &Keyword<'_>) {
        let mut n = self.open("keyword");
        self.opt_str_field(&mut n, "arg", k.arg);
        self.expr_field(&mut n, "value", k.value);
        self.close_at(&mut n, k.span);
    }

    fn arg(&mut self, a: &Arg<'_>) {
        let mut n = self.open("arg");
        self.str_field(&mut n, "arg", a.arg);
        self.opt_expr_field(&mut n, "annotation", a.annotation);
        self.close_at(&mut n, a.span);
    }

    fn arguments(&mut self, a: &Arguments<'_>) {
        let mut n = self.open("arguments");
        self.field(&mut n, "posonlyargs");
        self.list(a.posonlyargs, |d, a| d.arg(a));
        self.field(&mut n, "args");
        self.list(a.args, |d, a| d.arg(a));
        if let Some(v) = a.vararg {
            self.field(&mut n, "vararg");
            self.arg(v);
        }
        self.field(&mut n, "kwonlyargs");
        self.list(a.kwonlyargs, |d, a| d.arg(a));
        self.field(&mut n, "kw_defaults");
        self.list(a.kw_defaults, |d, e| match e {
            Some(e) => d.expr(e),
            None => d.out.push_str("None"),
        });
        if let Some(k) = a.kwarg {
            self.field(&mut n, "kwarg");
            self.arg(k);
        }
        self.exprs_field(&mut n, "defaults", a.defaults);
        self.close();
    }

    fn comprehensions(&mut self, n: &mut Node, gens: &[Comprehension<'_>]) {
        self.field(n, "generators");
        self.list(gens, |d, g| {
            let mut n = d.open("comprehension");
            d.expr_field(&mut n, "target", g.target);
            d.expr_field(&mut n, "iter", g.iter);
            d.exprs_field(&mut n, "ifs", g.ifs);
            d.raw_field(&mut n, "is_async", if g.is_async { "1" } else { "0" });
            d.close();
        });
    }

    fn expr(&mut self, e: &Expr<'_>) {
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let mut n = self.open("BoolOp");
                self.raw_field(
                    &mut n,
                    "op",
                    match op {
                        BoolOp::And => "And()",
                        BoolOp::Or => "Or()",
                    },
                );
                self.exprs_field(&mut n, "values", values);
                self.close_at(&mut n, e.span);
            }
            ExprKind::NamedExpr { target, value } => {
                let mut n = self.open("NamedExpr");
                self.expr_field(&mut n, "target", target);
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, e.span);
            }
            ExprKind::BinOp { left, op, right } => {
                let mut n = self.open("BinOp");
                self.expr_field(&mut n, "left", left);
                self.raw_field(&mut n, "op", operator_name(*op));
                self.expr_field(&mut n, "right", right);
                self.close_at(&mut n, e.span);
            }
            ExprKind::UnaryOp { op, operand } => {
                let mut n = self.open("UnaryOp");
                self.raw_field(
                    &mut n,
                    "op",
                    match op {
                        UnaryOp::Invert => "Invert()",
                        UnaryOp::Not => "Not()",
                        UnaryOp::UAdd => "UAdd()",
                        UnaryOp::USub => "USub()",
                    },
                );
                self.expr_field(&mut n, "operand", operand);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Lambda { args, body } => {
                let mut n = self.open("Lambda");
                self.field(&mut n, "args");
                self.arguments(args);
                self.expr_field(&mut n, "body", body);
                self.close_at(&mut n, e.span);
            }
            ExprKind::IfExp { test, body, orelse } => {
                let mut n = self.open("IfExp");
                self.expr_field(&mut n, "test", test);
                self.expr_field(&mut n, "body", body);
                self.expr_field(&mut n, "orelse", orelse);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Dict { keys, values } => {
                let mut n = self.open("Dict");
                self.field(&mut n, "keys");
                self.list(keys, |d, k| match k {
                    Some(k) => d.expr(k),
                    None => d.out.push_str("None"),
                });
                self.exprs_field(&mut n, "values", values);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Set { elts } => {
                let mut n = self.open("Set");
                self.exprs_field(&mut n, "elts", elts);
                self.close_at(&mut n, e.span);
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                let name = match e.kind {
                    ExprKind::ListComp { .. } => "ListComp",
                    ExprKind::SetComp { .. } => "SetComp",
                    _ => "GeneratorExp",
                };
                let mut n = self.open(name);
                self.expr_field(&mut n, "elt", elt);
                self.comprehensions(&mut n, generators);
                self.close_at(&mut n, e.span);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                let mut n = self.open("DictComp");
                self.expr_field(&mut n, "key", key);
                self.expr_field(&mut n, "value", value);
                self.comprehensions(&mut n, generators);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Await { value } => {
                let mut n = self.open("Await");
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Yield { value } => {
                let mut n = self.open("Yield");
                self.opt_expr_field(&mut n, "value", *value);
                self.close_at(&mut n, e.span);
            }
            ExprKind::YieldFrom { value } => {
                let mut n = self.open("YieldFrom");
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                let mut n = self.open("Compare");
                self.expr_field(&mut n, "left", left);
                self.field(&mut n, "ops");
                self.list(ops, |d, op| d.out.push_str(cmpop_name(*op)));
                self.exprs_field(&mut n, "comparators", comparators);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                let mut n = self.open("Call");
                self.expr_field(&mut n, "func", func);
                self.exprs_field(&mut n, "args", args);
                self.field(&mut n, "keywords");
                self.list(keywords, |d, k| d.keyword(k));
                self.close_at(&mut n, e.span);
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let mut n = self.open("FormattedValue");
                self.expr_field(&mut n, "value", value);
                self.raw_field(&mut n, "conversion", &conversion.to_string());
                self.opt_expr_field(&mut n, "format_spec", *format_spec);
                self.close_at(&mut n, e.span);
            }
            ExprKind::JoinedStr { values } => {
                let mut n = self.open("JoinedStr");
                self.exprs_field(&mut n, "values", values);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Constant { value, kind } => {
                let mut n = self.open("Constant");
                self.field(&mut n, "value");
                self.constant(value);
                self.opt_str_field(&mut n, "kind", *kind);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                let mut n = self.open("Attribute");
                self.expr_field(&mut n, "value", value);
                self.str_field(&mut n, "attr", attr);
                self.ctx_field(&mut n, *ctx);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Subscript { value, slice, ctx } => {
                let mut n = self.open("Subscript");
                self.expr_field(&mut n, "value", value);
                self.expr_field(&mut n, "slice", slice);
                self.ctx_field(&mut n, *ctx);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Starred { value, ctx } => {
                let mut n = self.open("Starred");
                self.expr_field(&mut n, "value", value);
                self.ctx_field(&mut n, *ctx);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Name { id, ctx } => {
                let mut n = self.open("Name");
                self.str_field(&mut n, "id", id);
                self.ctx_field(&mut n, *ctx);
                self.close_at(&mut n, e.span);
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                let name = if matches!(e.kind, ExprKind::List { .. }) {
                    "List"
                } else {
                    "Tuple"
                };
                let mut n = self.open(name);
                self.exprs_field(&mut n, "elts", elts);
                self.ctx_field(&mut n, *ctx);
                self.close_at(&mut n, e.span);
            }
            ExprKind::Slice { lower, upper, step } => {
                let mut n = self.open("Slice");
                self.opt_expr_field(&mut n, "lower", *lower);
                self.opt_expr_field(&mut n, "upper", *upper);
                self.opt_expr_field(&mut n, "step", *step);
                self.close_at(&mut n, e.span);
            }
        }
    }

    fn constant(&mut self, c: &Constant<'_>) {
        match c {
            Constant::None => self.out.push_str("None"),
            Constant::True => self.out.push_str("True"),
            Constant::False => self.out.push_str("False"),
            Constant::Ellipsis => self.out.push_str("Ellipsis"),
            Constant::Int(i) => self.out.push_str(&i.to_string()),
            Constant::BigInt(digits) => self.out.push_str(digits),
            Constant::Float(f) => self.out.push_str(&py_float_repr(*f)),
            Constant::Complex(f) => self.out.push_str(&complex_repr(*f)),
            Constant::Str(s) => self.out.push_str(&str_repr(s)),
            Constant::StrCodePoints(cps) => self.out.push_str(&code_points_repr(cps)),
            Constant::Bytes(b) => self.out.push_str(&bytes_repr(b)),
        }
    }

    fn pattern(&mut self, p: &Pattern<'_>) {
        match &p.kind {
            PatternKind::MatchValue { value } => {
                let mut n = self.open("MatchValue");
                self.expr_field(&mut n, "value", value);
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchSingleton { value } => {
                let mut n = self.open("MatchSingleton");
                self.field(&mut n, "value");
                self.constant(value);
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchSequence { patterns } => {
                let mut n = self.open("MatchSequence");
                self.field(&mut n, "patterns");
                self.list(patterns, |d, p| d.pattern(p));
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                let mut n = self.open("MatchMapping");
                self.exprs_field(&mut n, "keys", keys);
                self.field(&mut n, "patterns");
                self.list(patterns, |d, p| d.pattern(p));
                self.opt_str_field(&mut n, "rest", *rest);
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                let mut n = self.open("MatchClass");
                self.expr_field(&mut n, "cls", cls);
                self.field(&mut n, "patterns");
                self.list(patterns, |d, p| d.pattern(p));
                self.field(&mut n, "kwd_attrs");
                self.list(kwd_attrs, |d, s| d.out.push_str(&str_repr(s)));
                self.field(&mut n, "kwd_patterns");
                self.list(kwd_patterns, |d, p| d.pattern(p));
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchStar { name } => {
                let mut n = self.open("MatchStar");
                self.opt_str_field(&mut n, "name", *name);
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchAs { pattern, name } => {
                let mut n = self.open("MatchAs");
                if let Some(p) = pattern {
                    self.field(&mut n, "pattern");
                    self.pattern(p);
                }
                self.opt_str_field(&mut n, "name", *name);
                self.close_at(&mut n, p.span);
            }
            PatternKind::MatchOr { patterns } => {
                let mut n = self.open("MatchOr");
                self.field(&mut n, "patterns");
                self.list(patterns, |d, p| d.pattern(p));
                self.close_at(&mut n, p.span);
            }
        }
    }
}

/// The dump of an `ast.operator` node.
fn operator_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "Add()",
        Operator::Sub => "Sub()",
        Operator::Mult => "Mult()",
        Operator::MatMult => "MatMult()",
        Operator::Div => "Div()",
        Operator::Mod => "Mod()",
        Operator::Pow => "Pow()",
        Operator::LShift => "LShift()",
        Operator::RShift => "RShift()",
        Operator::BitOr => "BitOr()",
        Operator::BitXor => "BitXor()",
        Operator::BitAnd => "BitAnd()",
        Operator::FloorDiv => "FloorDiv()",
    }
}

/// The dump of an `ast.cmpop` node.
fn cmpop_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "Eq()",
        CmpOp::NotEq => "NotEq()",
        CmpOp::Lt => "Lt()",
        CmpOp::LtE => "LtE()",
        CmpOp::Gt => "Gt()",
        CmpOp::GtE => "GtE()",
        CmpOp::Is => "Is()",
        CmpOp::IsNot => "IsNot()",
        CmpOp::In => "In()",
        CmpOp::NotIn => "NotIn()",
    }
}

/// Python's repr of a pure imaginary number `imag * 1j` (as `complex.__repr__` prints it).
fn complex_repr(imag: f64) -> String {
    let mut s = py_float_repr(imag);
    // complex repr drops a trailing `.0` (`2.0j` prints `2j`) but keeps `inf`/`nan` words.
    if let Some(stripped) = s.strip_suffix(".0") {
        s = stripped.to_string();
    }
    s.push('j');
    s
}

/// Python's repr of a str given as code points, some of which may be lone surrogates (or
/// characters Python 3.11 does not know, which it escapes too).
pub fn code_points_repr(cps: &[u32]) -> String {
    // The quote is chosen from the whole string: decide it on a surrogate-free copy, then
    // render each code point.
    let clean: String = cps.iter().filter_map(|&c| char::from_u32(c)).collect();
    let quoted = str_repr(&clean);
    let quote = if quoted.starts_with('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for &cp in cps {
        match char::from_u32(cp) {
            Some(c) if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            Some(c @ ('\'' | '"')) => out.push(c),
            Some(c) => {
                let mut buf = [0u8; 4];
                let one = str_repr(c.encode_utf8(&mut buf));
                out.push_str(&one[1..one.len() - 1]);
            }
            _ if cp <= 0xff => out.push_str(&format!("\\x{cp:02x}")),
            _ if cp <= 0xffff => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out.push(quote);
    out
}
