//! Statements: simple statements on a logical line, compound statements and indented blocks.

use bumpalo::collections::Vec as BVec;
use hotpy_lexer::{ErrorKind, LexError, TokenKind as T};

use super::expr::ParamsKind;
use super::target::TargetOf;
use super::{PResult, Parser};
use crate::ast::*;

/// The augmented-assignment operator a token stands for.
fn aug_op(kind: T) -> Option<Operator> {
    Some(match kind {
        T::PlusEqual => Operator::Add,
        T::MinEqual => Operator::Sub,
        T::StarEqual => Operator::Mult,
        T::AtEqual => Operator::MatMult,
        T::SlashEqual => Operator::Div,
        T::PercentEqual => Operator::Mod,
        T::AmperEqual => Operator::BitAnd,
        T::VBarEqual => Operator::BitOr,
        T::CircumflexEqual => Operator::BitXor,
        T::LeftShiftEqual => Operator::LShift,
        T::RightShiftEqual => Operator::RShift,
        T::DoubleStarEqual => Operator::Pow,
        T::DoubleSlashEqual => Operator::FloorDiv,
        _ => return None,
    })
}

impl<'a, 's> Parser<'a, 's> {
    /// One statement (compound, or a line of simple statements), appended to `body`.
    pub(crate) fn statement(&mut self, body: &mut BVec<'a, Stmt<'a>>) -> PResult<()> {
        let t = self.tok();
        // Compound statements start with a keyword, or the soft keyword `match`.
        if t.keyword || (t.kind == T::Name && self.text_of(t) == "match") {
            let stmt = match self.text() {
                "if" => Some(self.if_stmt("if")?),
                "while" => Some(self.while_stmt()?),
                "for" => Some(self.for_stmt(self.start(), false)?),
                "try" => Some(self.try_stmt()?),
                "with" => Some(self.with_stmt(self.start(), false)?),
                "def" => Some(self.function_def(self.start(), &[], false)?),
                "class" => Some(self.class_def(self.start(), &[])?),
                "async" => Some(self.async_stmt(self.start(), &[])?),
                "match" => self.match_stmt()?,
                _ => None,
            };
            if let Some(stmt) = stmt {
                body.push(stmt);
                return Ok(());
            }
        } else if self.at(T::At) {
            body.push(self.decorated()?);
            return Ok(());
        }
        self.simple_stmts(body)
    }

    /// `simple_stmts`: simple statements separated by `;`, ending with NEWLINE.
    fn simple_stmts(&mut self, body: &mut BVec<'a, Stmt<'a>>) -> PResult<()> {
        loop {
            body.push(self.simple_stmt()?);
            if self.eat(T::Semi) {
                if self.eat(T::Newline) {
                    return Ok(());
                }
                continue;
            }
            if self.eat(T::Newline) {
                return Ok(());
            }
            return Err(self.invalid_syntax());
        }
    }

    /// One simple statement.
    fn simple_stmt(&mut self) -> PResult<Stmt<'a>> {
        let start = self.start();
        // Every simple statement but an expression or assignment starts with a keyword.
        if self.tok().keyword {
            let kind = match self.text() {
                "pass" => {
                    self.bump();
                    Some(StmtKind::Pass)
                }
                "break" => {
                    self.bump();
                    Some(StmtKind::Break)
                }
                "continue" => {
                    self.bump();
                    Some(StmtKind::Continue)
                }
                "return" => {
                    self.bump();
                    let value = if self.starts_expression() {
                        {
                            let v = self.star_expressions()?;
                            Some(self.alloc(v))
                        }
                    } else {
                        None
                    };
                    Some(StmtKind::Return { value })
                }
                "raise" => Some(self.raise_stmt()?),
                "global" | "nonlocal" => {
                    let global = self.text() == "global";
                    self.bump();
                    let mut names = self.vec();
                    loop {
                        names.push(self.name()?);
                        if !self.eat(T::Comma) {
                            break;
                        }
                    }
                    let names = names.into_bump_slice();
                    Some(if global {
                        StmtKind::Global { names }
                    } else {
                        StmtKind::Nonlocal { names }
                    })
                }
                "del" => Some(self.del_stmt()?),
                "assert" => {
                    self.bump();
                    let test = self.expression()?;
                    let msg = if self.eat(T::Comma) {
                        {
                            let v = self.expression()?;
                            Some(self.alloc(v))
                        }
                    } else {
                        None
                    };
                    Some(StmtKind::Assert {
                        test: self.alloc(test),
                        msg,
                    })
                }
                "import" => Some(self.import_stmt()?),
                "from" => Some(self.import_from_stmt()?),
                _ => None,
            };
            if let Some(kind) = kind {
                return Ok(Stmt {
                    kind,
                    span: self.span_from(start),
                });
            }
        }
        self.expression_stmt()
    }

    /// `raise [exc [from cause]]`.
    fn raise_stmt(&mut self) -> PResult<StmtKind<'a>> {
        self.bump();
        if !self.starts_expression() {
            return Ok(StmtKind::Raise {
                exc: None,
                cause: None,
            });
        }
        let exc = self.expression()?;
        let cause = if self.eat_kw("from") {
            {
                let v = self.expression()?;
                Some(self.alloc(v))
            }
        } else {
            None
        };
        Ok(StmtKind::Raise {
            exc: Some(self.alloc(exc)),
            cause,
        })
    }

    /// `del targets`.
    fn del_stmt(&mut self) -> PResult<StmtKind<'a>> {
        self.bump();
        let mut targets = self.vec();
        loop {
            if self.at(T::Star) {
                let start = self.start();
                self.bump();
                self.bitwise_or()?;
                let span = self.span_from(start);
                return Err(self.error_span(span, "cannot delete starred"));
            }
            let save = self.pos;
            let depth = self.depth;
            let e = match self.bitwise_or() {
                Ok(e) => e,
                Err(err) => {
                    // `del not a`, `del lambda: 0`: name what cannot be deleted.
                    self.pos = save;
                    self.depth = depth;
                    return Err(match self.expression() {
                        Ok(e) if matches!(self.kind(), T::Comma | T::Semi | T::Newline) => self
                            .to_target(&e, ExprContext::Del, TargetOf::Delete)
                            .err()
                            .unwrap_or(err),
                        _ => err,
                    });
                }
            };
            if !matches!(self.kind(), T::Comma | T::Semi | T::Newline) {
                // Not a target: parse it as a whole expression to name what it is.
                self.pos = save;
                let e = self.expression()?;
                if !matches!(self.kind(), T::Comma | T::Semi | T::Newline) {
                    return Err(self.invalid_syntax());
                }
                return Err(self
                    .to_target(&e, ExprContext::Del, TargetOf::Delete)
                    .err()
                    .unwrap_or_else(|| self.invalid_syntax()));
            }
            targets.push(self.to_target(&e, ExprContext::Del, TargetOf::Delete)?);
            if !self.eat(T::Comma) || matches!(self.kind(), T::Semi | T::Newline) {
                break;
            }
        }
        Ok(StmtKind::Delete {
            targets: targets.into_bump_slice(),
        })
    }

    /// `import a.b as c, d`.
    fn import_stmt(&mut self) -> PResult<StmtKind<'a>> {
        self.bump();
        let mut names = self.vec();
        loop {
            let start = self.start();
            let name = self.dotted_name()?;
            let asname = if self.eat_kw("as") {
                Some(self.name()?)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                span: self.span_from(start),
            });
            if !self.eat(T::Comma) {
                break;
            }
        }
        Ok(StmtKind::Import {
            names: names.into_bump_slice(),
        })
    }

    /// A dotted module name `a.b.c`, allocated as one string.
    fn dotted_name(&mut self) -> PResult<&'a str> {
        let first = self.name()?;
        if !self.at(T::Dot) {
            return Ok(first);
        }
        let mut full = String::from(first);
        while self.eat(T::Dot) {
            full.push('.');
            full.push_str(self.name()?);
        }
        Ok(self.alloc_str(&full))
    }

    /// `from ..module import names`.
    fn import_from_stmt(&mut self) -> PResult<StmtKind<'a>> {
        self.bump();
        let mut level = 0;
        loop {
            match self.kind() {
                T::Dot => level += 1,
                T::Ellipsis => level += 3,
                _ => break,
            }
            self.bump();
        }
        let module = if level == 0 || !self.at_kw("import") {
            Some(self.dotted_name()?)
        } else {
            None
        };
        self.expect_kw("import")?;
        let mut names = self.vec();
        if self.at(T::Star) {
            let t = self.bump();
            names.push(Alias {
                name: "*",
                asname: None,
                span: self.tok_span(t),
            });
        } else {
            let paren = self.eat(T::LPar);
            loop {
                let start = self.start();
                let name = self.name()?;
                let asname = if self.eat_kw("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                names.push(Alias {
                    name,
                    asname,
                    span: self.span_from(start),
                });
                if !self.eat(T::Comma) {
                    break;
                }
                if paren && self.at(T::RPar) {
                    break;
                }
                if !paren && self.at(T::Newline) {
                    return Err(self
                        .error_here("trailing comma not allowed without surrounding parentheses"));
                }
            }
            if paren {
                self.expect_closing(T::RPar)?;
            }
        }
        Ok(StmtKind::ImportFrom {
            module,
            names: names.into_bump_slice(),
            level,
        })
    }

    /// An expression statement, assignment, annotated or augmented assignment.
    fn expression_stmt(&mut self) -> PResult<Stmt<'a>> {
        let start = self.start();
        let first_tok = self.tok();
        let e = if self.at_kw("yield") {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        let kind = if self.at(T::Colon) {
            let colon = self.bump();
            // CPython's rules for bad annotation targets need an expression after the `:`.
            let valid = matches!(
                e.kind,
                ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
            );
            let annotated =
                valid || (self.starts_expression() && self.probe(|p| p.expression().is_ok()));
            if !annotated {
                return Err(self.error_tok(colon, "invalid syntax"));
            }
            let target = match e.kind {
                ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                    self.to_target(&e, ExprContext::Store, TargetOf::Assign)?
                }
                ExprKind::Tuple { .. } => {
                    return Err(
                        self.error_at_expr(&e, "only single target (not tuple) can be annotated")
                    )
                }
                ExprKind::List { .. } => {
                    return Err(
                        self.error_at_expr(&e, "only single target (not list) can be annotated")
                    )
                }
                _ => return Err(self.error_at_expr(&e, "illegal target for annotation")),
            };
            let annotation = self.expression()?;
            let value = if self.eat(T::Equal) {
                {
                    let v = self.assignment_value()?;
                    Some(self.alloc(v))
                }
            } else {
                None
            };
            StmtKind::AnnAssign {
                target: self.alloc(target),
                annotation: self.alloc(annotation),
                value,
                simple: matches!(e.kind, ExprKind::Name { .. }) && first_tok.kind == T::Name,
            }
        } else if self.at(T::Equal) {
            // Nearly always one target (`a = b = c` has two).
            let mut targets = self.vec_with_capacity(1);
            let mut value = e;
            // A bare `yield` on the right of `=` cannot be a target either; `(yield)` can be
            // diagnosed like other expressions.
            let mut bare_yield = first_tok.kind == T::Name && self.text_of(first_tok) == "yield";
            while self.eat(T::Equal) {
                if bare_yield {
                    return Err(
                        self.error_at_expr(&value, "assignment to yield expression not possible")
                    );
                }
                let target = self.to_target(&value, ExprContext::Store, TargetOf::Assign);
                let next_is_yield = self.at_kw("yield");
                let rhs = match (self.assignment_value(), target) {
                    (Ok(rhs), Ok(t)) => {
                        targets.push(t);
                        rhs
                    }
                    // A bad target is reported even when no value follows.
                    (Ok(_), Err(err)) => {
                        let chained = !targets.is_empty() || self.at(T::Equal);
                        return Err(self.assign_target_error(&value, err, chained));
                    }
                    (Err(_), Err(err)) => return Err(err),
                    (Err(err), Ok(_)) => return Err(err),
                };
                value = rhs;
                bare_yield = next_is_yield;
            }
            StmtKind::Assign {
                targets: targets.into_bump_slice(),
                value: self.alloc(value),
            }
        } else if let Some(op) = aug_op(self.kind()) {
            let target = match e.kind {
                ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                    self.to_target(&e, ExprContext::Store, TargetOf::Assign)?
                }
                _ => {
                    return Err(self.error_at_expr(
                        &e,
                        &format!(
                            "'{}' is an illegal expression for augmented assignment",
                            super::target::describe(&e)
                        ),
                    ))
                }
            };
            self.bump();
            let value = self.assignment_value()?;
            StmtKind::AugAssign {
                target: self.alloc(target),
                op,
                value: self.alloc(value),
            }
        } else {
            if let ExprKind::Name { id, .. } = e.kind {
                if (id == "print" || id == "exec") && self.starts_expression() {
                    let end = self.line_end_offset();
                    return Err(LexError::syntax(
                        format!("Missing parentheses in call to '{id}'. Did you mean {id}(...)?"),
                        e.span.start as usize,
                        end as usize,
                    ));
                }
            }
            if self.starts_expression() || self.at(T::Name) {
                // After a lone name, CPython's "Missing parentheses" rule reads the rest as
                // `star_expressions` first, and a specific error found there wins.
                let after_name = matches!(e.kind, ExprKind::Name { .. });
                if let Some(err) = self.legacy_probe(after_name) {
                    return Err(err);
                }
                return Err(self.bracket_error(T::Newline));
            }
            StmtKind::Expr {
                value: self.alloc(e),
            }
        };
        Ok(Stmt {
            kind,
            span: self.span_from(start),
        })
    }

    /// After a statement that is a lone name followed by more (`print x`), probe the rest as
    /// `star_expressions`, returning a specific (not generic) error found there.
    fn legacy_probe(&mut self, after_name: bool) -> Option<LexError> {
        let specific = |r: PResult<Expr<'a>>| match r {
            Err(err) if err.message != "invalid syntax" => Some(err),
            _ => None,
        };
        if after_name && !self.at(T::LPar) {
            if let Some(err) = specific(self.probe(|p| p.star_expressions())) {
                return Some(err);
            }
        }
        None
    }

    /// The file offset of the end of the current logical line (its NEWLINE token).
    fn line_end_offset(&self) -> u32 {
        let mut i = self.pos;
        while i < self.toks.len() - 1 && !matches!(self.toks[i].kind, T::Newline | T::EndMarker) {
            i += 1;
        }
        self.toks[i].start + self.base
    }

    /// The right-hand side of `=`: a yield expression or `star_expressions`.
    fn assignment_value(&mut self) -> PResult<Expr<'a>> {
        if self.at_kw("yield") {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// True if nothing but DEDENTs and the end remain.
    fn only_dedents_left(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .all(|t| matches!(t.kind, T::Dedent | T::EndMarker))
    }

    /// Where CPython reports a block missing at the end of the file: the end of the text
    /// without its final line break.
    fn eof_error_offset(&self) -> usize {
        let src = self.src;
        let trimmed = if let Some(s) = src.strip_suffix("\r\n") {
            s
        } else if let Some(s) = src.strip_suffix(['\n', '\r']) {
            s
        } else {
            src
        };
        trimmed.len() + self.base as usize
    }

    /// The 1-based line of file offset `at`.
    fn line_of(&self, at: u32) -> usize {
        let at = at.saturating_sub(self.base) as usize;
        let upto = &self.src.as_bytes()[..at.min(self.src.len())];
        // `\r\n` counts once, a lone `\r` is a line break too, as CPython's tokenizer sees it.
        let mut line = 1;
        let mut i = 0;
        while i < upto.len() {
            match upto[i] {
                b'\n' => line += 1,
                b'\r' if upto.get(i + 1) != Some(&b'\n') => line += 1,
                _ => {}
            }
            i += 1;
        }
        line
    }

    /// `':' block`, where `what` names the statement for the IndentationError message
    /// ("'if' statement", "function definition") and `kw_start` is where it began.
    fn colon_block(&mut self, what: &str, kw_start: u32) -> PResult<&'a [Stmt<'a>]> {
        if !self.at(T::Colon) {
            // CPython's grammar forces the `:` of `def`, `for`, `try`, `else` and `finally`
            // ("expected ':'" wherever it is missing); for the others it only says so before a
            // line break.
            let forced = matches!(
                what,
                "function definition"
                    | "'try' statement"
                    | "'else' statement"
                    | "'finally' statement"
            );
            if forced || self.at(T::Newline) {
                return Err(self.error_here("expected ':'"));
            }
            return Err(self.invalid_syntax());
        }
        self.bump();
        self.block(what, kw_start)
    }

    /// `block`: NEWLINE INDENT statements DEDENT, or simple statements on the same line.
    fn block(&mut self, what: &str, kw_start: u32) -> PResult<&'a [Stmt<'a>]> {
        let mut body = self.vec_with_capacity(4);
        if self.eat(T::Newline) {
            if !self.at(T::Indent) {
                let t = self.tok();
                let at = if self.only_dedents_left() {
                    self.eof_error_offset()
                } else {
                    (t.start + self.base) as usize
                };
                let line = self.line_of(kw_start);
                return Err(LexError::new(
                    ErrorKind::Indentation,
                    format!("expected an indented block after {what} on line {line}"),
                    at,
                    at,
                ));
            }
            self.bump();
            self.enter()?;
            let result = (|| {
                while !self.at(T::Dedent) && !self.at(T::EndMarker) {
                    self.statement(&mut body)?;
                }
                Ok(())
            })();
            self.leave();
            result?;
            self.eat(T::Dedent);
        } else {
            self.simple_stmts(&mut body)?;
        }
        Ok(body.into_bump_slice())
    }

    /// `if`/`elif` chains (`kw` is the keyword that opened this link).
    fn if_stmt(&mut self, kw: &str) -> PResult<Stmt<'a>> {
        let start = self.start();
        self.bump();
        let test = self.named_expression()?;
        let what = if kw == "if" {
            "'if' statement"
        } else {
            "'elif' statement"
        };
        let body = self.colon_block(what, start)?;
        let orelse: &'a [Stmt<'a>] = if self.at_kw("elif") {
            let s = self.if_stmt("elif")?;
            self.alloc_slice_one(s)
        } else if self.at_kw("else") {
            let else_start = self.start();
            self.bump();
            self.colon_block("'else' statement", else_start)?
        } else {
            &[]
        };
        Ok(Stmt {
            kind: StmtKind::If {
                test: self.alloc(test),
                body,
                orelse,
            },
            span: self.span_from(start),
        })
    }

    /// A one-element slice in the arena.
    fn alloc_slice_one<T: Copy>(&self, value: T) -> &'a [T] {
        std::slice::from_ref(self.alloc(value))
    }

    /// An optional `else: block`.
    fn else_block(&mut self) -> PResult<&'a [Stmt<'a>]> {
        if self.at_kw("else") {
            let start = self.start();
            self.bump();
            self.colon_block("'else' statement", start)
        } else {
            Ok(&[])
        }
    }

    /// `while test: body [else: orelse]`.
    fn while_stmt(&mut self) -> PResult<Stmt<'a>> {
        let start = self.start();
        self.bump();
        let test = self.named_expression()?;
        let body = self.colon_block("'while' statement", start)?;
        let orelse = self.else_block()?;
        Ok(Stmt {
            kind: StmtKind::While {
                test: self.alloc(test),
                body,
                orelse,
            },
            span: self.span_from(start),
        })
    }

    /// `[async] for targets in iter: body [else: orelse]`.
    fn for_stmt(&mut self, start: u32, is_async: bool) -> PResult<Stmt<'a>> {
        let kw_start = self.start();
        self.expect_kw("for")?;
        let target = self.for_targets()?;
        let iter = self.star_expressions()?;
        let body = self.colon_block("'for' statement", kw_start)?;
        let orelse = self.else_block()?;
        Ok(Stmt {
            kind: StmtKind::For {
                target: self.alloc(target),
                iter: self.alloc(iter),
                body,
                orelse,
                is_async,
            },
            span: self.span_from(start),
        })
    }

    /// `try` with `except`/`except*` handlers, `else` and `finally`.
    fn try_stmt(&mut self) -> PResult<Stmt<'a>> {
        let start = self.start();
        self.bump();
        let body = self.colon_block("'try' statement", start)?;
        let mut handlers = self.vec();
        let mut star: Option<bool> = None;
        while self.at_kw("except") {
            let h_start = self.start();
            self.bump();
            let is_star = self.eat(T::Star);
            match star {
                Some(s) if s != is_star => {
                    return Err(LexError::syntax(
                        "cannot have both 'except' and 'except*' on the same 'try'",
                        h_start as usize,
                        self.prev_end() as usize,
                    ))
                }
                _ => star = Some(is_star),
            }
            let (type_, name) = if self.at(T::Colon) {
                if is_star {
                    return Err(self.error_here("expected one or more exception types"));
                }
                (None, None)
            } else {
                let t = self.expression()?;
                if self.at(T::Comma) {
                    return Err(self.error_span(
                        t.span.to(self.span_to_line_colon()),
                        "multiple exception types must be parenthesized",
                    ));
                }
                let name = if self.eat_kw("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(self.alloc(t)), name)
            };
            let what = if is_star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let hbody = self.colon_block(what, h_start)?;
            handlers.push(ExceptHandler {
                type_,
                name,
                body: hbody,
                span: self.span_from(h_start),
            });
        }
        let orelse = if !handlers.is_empty() {
            self.else_block()?
        } else {
            &[]
        };
        let finalbody = if self.at_kw("finally") {
            let f_start = self.start();
            self.bump();
            self.colon_block("'finally' statement", f_start)?
        } else {
            &[]
        };
        if handlers.is_empty() && finalbody.is_empty() {
            let t = self.tok();
            if self.only_dedents_left() {
                let at = self.eof_error_offset();
                return Err(LexError::syntax(
                    "expected 'except' or 'finally' block",
                    at,
                    at,
                ));
            }
            return Err(self.error_tok(t, "expected 'except' or 'finally' block"));
        }
        Ok(Stmt {
            kind: StmtKind::Try {
                body,
                handlers: handlers.into_bump_slice(),
                orelse,
                finalbody,
                is_star: star == Some(true),
            },
            span: self.span_from(start),
        })
    }

    /// The span from the current token to the end of the line's tokens before `:`.
    fn span_to_line_colon(&self) -> Span {
        let mut i = self.pos;
        while i + 1 < self.toks.len()
            && !matches!(self.toks[i + 1].kind, T::Colon | T::Newline | T::EndMarker)
        {
            i += 1;
        }
        self.tok_span(self.toks[i])
    }

    /// `[async] with items: body`, with the parenthesised form of 3.9+.
    fn with_stmt(&mut self, start: u32, is_async: bool) -> PResult<Stmt<'a>> {
        let kw_start = self.start();
        self.expect_kw("with")?;
        let mut items = None;
        if self.at(T::LPar) {
            // `with (a as b, c):` — try the parenthesised item list; fall back to an expression.
            let save = self.pos;
            let depth = self.depth;
            self.bump();
            match self.with_items(true) {
                Ok(list) if self.at(T::RPar) && self.nth_consumed(1).kind == T::Colon => {
                    self.bump();
                    items = Some(list);
                }
                _ => {
                    self.pos = save;
                    self.depth = depth;
                }
            }
        }
        let items = match items {
            Some(items) => items,
            None => self.with_items(false)?,
        };
        let body = self.colon_block("'with' statement", kw_start)?;
        Ok(Stmt {
            kind: StmtKind::With {
                items,
                body,
                is_async,
            },
            span: self.span_from(start),
        })
    }

    /// `with_item (',' with_item)*` (a trailing comma allowed inside parentheses).
    fn with_items(&mut self, paren: bool) -> PResult<&'a [WithItem<'a>]> {
        let mut items = self.vec();
        loop {
            let context_expr = self.expression()?;
            let optional_vars = if self.eat_kw("as") {
                let t = self.with_target()?;
                Some(self.alloc(t))
            } else {
                None
            };
            items.push(WithItem {
                context_expr: self.alloc(context_expr),
                optional_vars,
            });
            if !self.eat(T::Comma) {
                break;
            }
            if paren && self.at(T::RPar) {
                break;
            }
        }
        Ok(items.into_bump_slice())
    }

    /// `@decorator` lines, then a function or class definition.
    fn decorated(&mut self) -> PResult<Stmt<'a>> {
        let mut decorators = self.vec();
        while self.eat(T::At) {
            decorators.push(self.named_expression()?);
            if !self.eat(T::Newline) {
                return Err(self.invalid_syntax());
            }
        }
        let decorators = decorators.into_bump_slice();
        // As in CPython, a decorated definition starts at its `def`/`class`/`async` keyword.
        let start = self.start();
        if self.at_kw("def") {
            self.function_def(start, decorators, false)
        } else if self.at_kw("class") {
            self.class_def(start, decorators)
        } else if self.at_kw("async") && self.is_kw(self.nth(1), "def") {
            self.bump();
            self.function_def(start, decorators, true)
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// `async def`, `async for` or `async with`.
    fn async_stmt(&mut self, start: u32, decorators: &'a [Expr<'a>]) -> PResult<Stmt<'a>> {
        self.bump();
        if self.at_kw("def") {
            self.function_def(start, decorators, true)
        } else if self.at_kw("for") {
            self.for_stmt(start, true)
        } else if self.at_kw("with") {
            self.with_stmt(start, true)
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// `def name(params) -> returns: body`.
    fn function_def(
        &mut self,
        start: u32,
        decorator_list: &'a [Expr<'a>],
        is_async: bool,
    ) -> PResult<Stmt<'a>> {
        let kw_start = self.start();
        self.expect_kw("def")?;
        let name = self.name()?;
        if !self.at(T::LPar) {
            return Err(self.error_here("expected '('"));
        }
        self.bump();
        let args = self.parameters(ParamsKind::Def)?;
        if self.at(T::RArrow) && !self.nth_starts_expression(1) {
            // The return annotation is optional; CPython then insists on the `:` here.
            return Err(self.error_here("expected ':'"));
        }
        let returns = if self.eat(T::RArrow) {
            {
                let v = self.expression()?;
                Some(self.alloc(v))
            }
        } else {
            None
        };
        let body = self.colon_block("function definition", kw_start)?;
        Ok(Stmt {
            kind: StmtKind::FunctionDef {
                name,
                args: self.alloc(args),
                body,
                decorator_list,
                returns,
                is_async,
            },
            span: self.span_from(start),
        })
    }

    /// `class name(bases, keywords): body`.
    fn class_def(&mut self, start: u32, decorator_list: &'a [Expr<'a>]) -> PResult<Stmt<'a>> {
        let kw_start = self.start();
        self.bump();
        let name = self.name()?;
        let (bases, keywords) = if self.at(T::LPar) {
            let call = self.class_arguments()?;
            match call.kind {
                ExprKind::Call { args, keywords, .. } => (args, keywords),
                _ => (&[][..], &[][..]),
            }
        } else {
            (&[][..], &[][..])
        };
        let body = self.colon_block("class definition", kw_start)?;
        Ok(Stmt {
            kind: StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            },
            span: self.span_from(start),
        })
    }

    /// `match subject: cases`, or `None` when `match` is used as a name here (soft keyword).
    fn match_stmt(&mut self) -> PResult<Option<Stmt<'a>>> {
        let start = self.start();
        let save = self.pos;
        let depth = self.depth;
        self.bump();
        let subject = match self.match_subject() {
            Ok(s) if self.at(T::Colon) && self.nth(1).kind == T::Newline => s,
            Ok(_) if self.at(T::Newline) => {
                // `match x` then a line break: a statement if it parses as one (`match(x)`),
                // otherwise CPython's "expected ':'".
                let newline = self.tok();
                self.pos = save;
                self.depth = depth;
                let mut body = self.vec();
                return match self.simple_stmts(&mut body) {
                    Ok(()) => Ok(body.pop()),
                    Err(_) => Err(self.error_tok(newline, "expected ':'")),
                };
            }
            _ => {
                self.pos = save;
                self.depth = depth;
                return Ok(None);
            }
        };
        self.bump();
        self.bump();
        if !self.at(T::Indent) {
            let line = self.line_of(start);
            let at = self.start() as usize;
            return Err(LexError::new(
                ErrorKind::Indentation,
                format!("expected an indented block after 'match' statement on line {line}"),
                at,
                at,
            ));
        }
        self.bump();
        let mut cases = self.vec();
        while !self.at(T::Dedent) && !self.at(T::EndMarker) {
            cases.push(self.case_block()?);
        }
        self.eat(T::Dedent);
        Ok(Some(Stmt {
            kind: StmtKind::Match {
                subject: self.alloc(subject),
                cases: cases.into_bump_slice(),
            },
            span: self.span_from(start),
        }))
    }

    /// `subject_expr`: `star_named_expression ',' star_named_expressions? | named_expression`.
    fn match_subject(&mut self) -> PResult<Expr<'a>> {
        let start = self.start();
        let first = self.star_named_expression()?;
        if !self.at(T::Comma) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.invalid_syntax());
            }
            return Ok(first);
        }
        let mut elts = self.vec();
        elts.push(first);
        while self.eat(T::Comma) {
            if self.at(T::Colon) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        Ok(self.expr(
            ExprKind::Tuple {
                elts: elts.into_bump_slice(),
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `case patterns [if guard]: block`.
    fn case_block(&mut self) -> PResult<MatchCase<'a>> {
        let start = self.start();
        if !self.at_kw("case") {
            return Err(self.invalid_syntax());
        }
        self.bump();
        let pattern = self.patterns()?;
        let guard = if self.eat_kw("if") {
            {
                let v = self.named_expression()?;
                Some(self.alloc(v))
            }
        } else {
            None
        };
        let body = self.colon_block("'case' statement", start)?;
        Ok(MatchCase {
            pattern: self.alloc(pattern),
            guard,
            body,
        })
    }
}
