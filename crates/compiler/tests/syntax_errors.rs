//! Syntax errors against CPython: every case in `tests/errors/cases.txt` (written by
//! `scripts/error_diff.py --write` from python3's own answers) must give the same exception
//! kind, message, line and offset.

use std::fs;
use std::path::Path;

/// Undo the `\n`/`\t`/`\r`/`\\` escaping of a case's source.
fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[test]
fn errors_match_cpython() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors/cases.txt");
    let cases = fs::read_to_string(path).expect("cases.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in cases.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.splitn(5, '\t').collect();
        let [kind, lineno, offset, message, source] = fields[..] else {
            panic!("malformed case line: {line}");
        };
        count += 1;
        let source = unescape(source);
        let want = format!("{kind}\t{lineno}\t{offset}\t{message}");
        let got = match hotpy_compiler::check_syntax(&source) {
            Ok(()) => "OK".to_string(),
            Err(e) => {
                let (l, o) = e.line_and_offset(&source);
                format!("{}\t{l}\t{o}\t{}", e.kind.python_name(), e.message)
            }
        };
        if got != want {
            failures.push(format!("{source:?}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
