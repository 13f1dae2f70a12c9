//! Reads Python sources from stdin, one per line with `\n`, `\t`, `\r` and `\\` escaped, and
//! prints for each `OK` or `Kind<TAB>lineno<TAB>offset<TAB>message`: the first error hotpy
//! reports, in the shape `scripts/error_diff.py` compares with CPython.

use std::io::{BufRead, Write};

/// Undo the escaping of one input line.
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

fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let source = unescape(&line);
        let result = match hotpy_compiler::check_syntax(&source) {
            Ok(()) => "OK".to_string(),
            Err(e) => {
                let (lineno, offset) = e.line_and_offset(&source);
                format!(
                    "{}\t{lineno}\t{offset}\t{}",
                    e.kind.python_name(),
                    e.message.replace('\n', " ")
                )
            }
        };
        if writeln!(out, "{result}").is_err() {
            break;
        }
    }
}
