//! The `hotpy` binary end to end: arguments, exit statuses, and output compared with CPython's.

use std::path::PathBuf;
use std::process::{Command, Output};

fn hotpy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args(args)
        .output()
        .expect("run hotpy")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hotpy-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn python3() -> Option<Command> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .ok()?
        .status
        .success();
    ok.then(|| Command::new("python3"))
}

#[test]
fn version_and_help() {
    let out = hotpy(&["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("hotpy "));
    let out = hotpy(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("tokenize") && help.contains("-c"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hotpy(&["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(hotpy(&["tokenize"]).status.code(), Some(2));
    assert_eq!(hotpy(&["/no/such/file.py"]).status.code(), Some(2));
}

#[test]
fn syntax_error_is_printed_as_cpython_prints_it() {
    let path = temp_file("unclosed.py", b"x = 1\ny = (2,\n");
    let out = hotpy(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let want = format!(
        "  File \"{}\", line 2\n    y = (2,\n        ^\nSyntaxError: '(' was never closed\n",
        path.display()
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), want);
    if let Some(mut python) = python3() {
        let cpython = python.arg(&path).output().unwrap();
        assert_eq!(cpython.stderr, out.stderr);
        assert_eq!(cpython.status.code(), out.status.code());
    }
}

#[test]
fn dash_c_reports_syntax_errors_in_the_string() {
    let out = hotpy(&["-c", "x = 'abc"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("File \"<string>\", line 1"), "{err}");
    assert!(
        err.ends_with("SyntaxError: unterminated string literal (detected at line 1)\n"),
        "{err}"
    );
}

#[test]
fn tokenize_prints_what_cpython_prints() {
    let source = "# -*- coding: utf-8 -*-\nif x:\n\tname = f'{a!r}' + b\"\\x00\"  # c\n\n    \ny = (1,\n     2.5e-3j)\nπ = 1"
        .as_bytes();
    let path = temp_file("tokens.py", source);
    let out = hotpy(&["tokenize", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("0,0-0,0:            ENCODING       'utf-8'"),
        "{text}"
    );
    if let Some(mut python) = python3() {
        let cpython = python
            .args(["-m", "tokenize", "-e"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&cpython.stdout), text);
    }
}
