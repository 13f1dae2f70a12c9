//! Golden AST tests: every `tests/ast/*.py` snippet must dump exactly as the stored
//! `*.expected` text, which is `ast.dump(ast.parse(source))` from CPython 3.11.
//!
//! `HOTPY_BLESS=1 cargo test -p hotpy-compiler --test ast_golden` regenerates the expected files
//! with `python3` (which must be 3.11).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The snippet files, sorted.
fn snippets() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ast");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/ast exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

/// CPython's dump of `path`, via python3 (with positions when `attributes`).
fn python_dump(path: &Path, attributes: bool) -> String {
    let script = format!(
        "import ast,sys; print(ast.dump(ast.parse(open(sys.argv[1],'rb').read()), \
         include_attributes={}), end='')",
        if attributes { "True" } else { "False" }
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "python3 failed on {}", path.display());
    String::from_utf8(out.stdout).expect("utf-8 dump")
}

/// With `HOTPY_BLESS` set, regenerate every expected file once, before any test reads them
/// (the tests of this file run in parallel).
fn bless_once() {
    static BLESSED: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    BLESSED.get_or_init(|| {
        if std::env::var_os("HOTPY_BLESS").is_none() {
            return;
        }
        for path in snippets() {
            fs::write(path.with_extension("expected"), python_dump(&path, false))
                .expect("write expected");
            fs::write(path.with_extension("positions"), python_dump(&path, true))
                .expect("write positions");
        }
    });
}

#[test]
fn snippets_dump_like_cpython() {
    bless_once();
    let mut failures = Vec::new();
    let files = snippets();
    assert!(!files.is_empty());
    for path in &files {
        let expected_path = path.with_extension("expected");
        let source = fs::read_to_string(path).expect("read snippet");
        let expected = fs::read_to_string(&expected_path).expect("expected file (bless first)");
        match hotpy_compiler::dump_ast(&source) {
            Ok(got) if got == expected => {}
            Ok(got) => {
                let at = got
                    .bytes()
                    .zip(expected.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(expected.len()));
                let from = at.saturating_sub(80);
                failures.push(format!(
                    "{}: differs at byte {at}\n  got:  …{}\n  want: …{}",
                    path.display(),
                    got.get(from..(at + 80).min(got.len())).unwrap_or(""),
                    expected
                        .get(from..(at + 80).min(expected.len()))
                        .unwrap_or("")
                ));
            }
            Err(e) => failures.push(format!("{}: error {}", path.display(), e.message)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn snippet_positions_match_cpython() {
    bless_once();
    let mut failures = Vec::new();
    for path in snippets() {
        let source = fs::read_to_string(&path).expect("read snippet");
        let expected = fs::read_to_string(path.with_extension("positions"))
            .expect("positions file (bless first)");
        let arena = bumpalo::Bump::new();
        let got = match hotpy_compiler::parse_module(&source, &arena) {
            Ok(module) => hotpy_compiler::dump::dump_module_with_positions(&module, &source),
            Err(e) => e.message,
        };
        if got != expected {
            let at = got
                .bytes()
                .zip(expected.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(expected.len()));
            let from = at.saturating_sub(100);
            failures.push(format!(
                "{}: differs at byte {at}\n  got:  …{}\n  want: …{}",
                path.display(),
                got.get(from..(at + 60).min(got.len())).unwrap_or(""),
                expected
                    .get(from..(at + 60).min(expected.len()))
                    .unwrap_or("")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Counts statements and expressions with the visitor.
#[derive(Default)]
struct Counter {
    stmts: usize,
    exprs: usize,
}

impl<'a> hotpy_compiler::visit::Visitor<'a> for Counter {
    fn visit_stmt(&mut self, stmt: &'a hotpy_compiler::ast::Stmt<'a>) {
        self.stmts += 1;
        hotpy_compiler::visit::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a hotpy_compiler::ast::Expr<'a>) {
        self.exprs += 1;
        hotpy_compiler::visit::walk_expr(self, expr);
    }
}

#[test]
fn visitor_reaches_every_node() {
    bless_once();
    for path in snippets() {
        let source = fs::read_to_string(&path).expect("read snippet");
        // Every node with positions is a statement or expression (or a helper node); the
        // dump with positions has one `lineno=` per statement, expression, arg, keyword,
        // alias, except handler and pattern.
        let arena = bumpalo::Bump::new();
        let module = hotpy_compiler::parse_module(&source, &arena).expect("valid snippet");
        let mut counter = Counter::default();
        hotpy_compiler::visit::walk_module(&mut counter, &module);
        let expected = fs::read_to_string(path.with_extension("positions")).expect("positions");
        let stmts = [
            "FunctionDef(",
            "AsyncFunctionDef(",
            "ClassDef(",
            "Return(",
            "Delete(",
            "Assign(",
            "AugAssign(",
            "AnnAssign(",
            "For(",
            "AsyncFor(",
            "While(",
            "If(",
            "With(",
            "AsyncWith(",
            "Match(",
            "Raise(",
            "Try(",
            "TryStar(",
            "Assert(",
            "Import(",
            "ImportFrom(",
            "Global(",
            "Nonlocal(",
            "Expr(",
            "Pass(",
            "Break(",
            "Continue(",
        ];
        let count = |names: &[&str]| -> usize {
            names
                .iter()
                .map(|n| {
                    expected
                        .match_indices(n)
                        .filter(|(i, _)| {
                            !expected[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                        .count()
                })
                .sum()
        };
        assert_eq!(counter.stmts, count(&stmts), "{}", path.display());
        let exprs = [
            "BoolOp(",
            "NamedExpr(",
            "BinOp(",
            "UnaryOp(",
            "Lambda(",
            "IfExp(",
            "Dict(",
            "Set(",
            "ListComp(",
            "SetComp(",
            "DictComp(",
            "GeneratorExp(",
            "Await(",
            "Yield(",
            "YieldFrom(",
            "Compare(",
            "Call(",
            "FormattedValue(",
            "JoinedStr(",
            "Constant(",
            "Attribute(",
            "Subscript(",
            "Starred(",
            "Name(",
            "List(",
            "Tuple(",
            "Slice(",
        ];
        assert_eq!(counter.exprs, count(&exprs), "{}", path.display());
    }
}
