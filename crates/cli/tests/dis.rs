//! `hotpy dis FILE`: the disassembly of a module and its nested code; compile errors as CPython
//! prints them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn hotpy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args(args)
        .output()
        .expect("run hotpy")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hotpy-dis-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn dis_prints_module_and_nested_code() {
    let path = temp_file("f.py", b"def f(x):\n    return x + 1\n");
    let out = hotpy(&["dis", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let want = format!(
        "  1           0 LOAD_CONST               0 (<code object f, file \"{0}\", line 1>)
              1 MAKE_FUNCTION            0
              2 STORE_NAME               0 (f)
              4 LOAD_CONST               1 (None)
              5 RETURN_VALUE

Disassembly of <code object f, file \"{0}\", line 1>:
  2           0 LOAD_FAST                0 (x)
              1 LOAD_CONST               1 (1)
              2 BINARY_OP                0 (+)
              4 RETURN_VALUE
",
        path.display()
    );
    assert_eq!(text, want);
}

#[test]
fn dis_reports_compile_errors_as_cpython() {
    let path = temp_file("bad.py", b"x = 1\nreturn x\n");
    let out = hotpy(&["dis", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let want = format!(
        "  File \"{}\", line 2\n    return x\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n",
        path.display()
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), want);
    let python = Command::new("python3").arg(&path).output();
    if let Ok(cpython) = python {
        if cpython.status.code().is_some() && !cpython.stderr.is_empty() {
            assert_eq!(String::from_utf8_lossy(&cpython.stderr), want);
        }
    }
}

#[test]
fn dis_refuses_unsupported_constructs() {
    let path = temp_file("m.py", b"match x:\n    case 1:\n        pass\n");
    let out = hotpy(&["dis", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with("SyntaxError: hotpy does not support 'match' statements yet\n"),
        "{err}"
    );
}
