//! Running programs: `-c`, a file, stdin, the interactive session, exit statuses.

use std::io::Write;
use std::process::{Command, Stdio};

fn hotpy_with_stdin(args: &[&str], env: &[(&str, &str)], input: &str) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hotpy"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn hotpy");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn dash_c_runs_code() {
    let (out, _, status) = hotpy_with_stdin(&["-c", "print(6 * 7)"], &[], "");
    assert_eq!((out.as_str(), status), ("42\n", 0));
}

#[test]
fn uncaught_exception_prints_a_traceback_and_exits_1() {
    let (out, err, status) = hotpy_with_stdin(
        &["-c", "def f():\n    return 1 // 0\nprint('a')\nf()"],
        &[],
        "",
    );
    assert_eq!(out, "a\n");
    assert_eq!(status, 1);
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"<string>\", line 4, in <module>\n    f()\n  File \"<string>\", line 2, in f\n    return 1 // 0\nZeroDivisionError: integer division or modulo by zero\n"
    );
}

#[test]
fn system_exit_sets_the_status_without_traceback() {
    let (_, err, status) = hotpy_with_stdin(&["-c", "raise SystemExit(7)"], &[], "");
    assert_eq!((err.as_str(), status), ("", 7));
    let (_, err, status) = hotpy_with_stdin(&["-c", "exit('bye')"], &[], "");
    assert_eq!((err.as_str(), status), ("bye\n", 1));
}

#[test]
fn recursion_is_an_error_not_a_crash() {
    let (_, err, status) = hotpy_with_stdin(&["-c", "def f(): f()\nf()"], &[], "");
    assert_eq!(status, 1);
    assert!(
        err.ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{err}"
    );
    let (out, _, status) = hotpy_with_stdin(
        &["-c", "x = []\nfor _ in range(1000000): x = [x]\ntry:\n    print(x)\nexcept RecursionError:\n    print('deep')\nprint(x == x)"],
        &[],
        "",
    );
    assert_eq!((out.as_str(), status), ("deep\nTrue\n", 0));
}

#[test]
fn program_on_stdin_runs_like_a_file() {
    let (out, _, status) = hotpy_with_stdin(&[], &[], "print('from stdin')\n");
    assert_eq!((out.as_str(), status), ("from stdin\n", 0));
}

#[test]
fn interactive_session_echoes_and_continues_blocks() {
    let input = "x = 5\nx * 2\nNone\ndef f(n):\n    return n + 1\n\nf(x)\n[1,\n 2]\n1/0\n'after'\nexit(3)\nprint('no')\n";
    let (out, err, status) = hotpy_with_stdin(&[], &[("HOTPY_INTERACTIVE", "1")], input);
    assert_eq!(out, "10\n6\n[1, 2]\n'after'\n");
    assert!(err.contains("ZeroDivisionError: division by zero"), "{err}");
    assert_eq!(status, 3);
}

#[test]
fn natives_nested_a_million_deep_are_a_recursion_error() {
    // CPython 3.11 crashes on this one (segmentation fault); hotpy raises RecursionError.
    let (out, _, status) = hotpy_with_stdin(
        &[
            "-c",
            "it = iter([1])\nfor _ in range(10**6):\n    it = map(abs, it)\ntry:\n    next(it)\nexcept RecursionError as e:\n    print('RecursionError', e)",
        ],
        &[],
        "",
    );
    assert_eq!(
        (out.as_str(), status),
        (
            "RecursionError maximum recursion depth exceeded while calling a Python object\n",
            0
        )
    );
}

#[test]
fn sys_argv_path_and_hotpypath() {
    // python3 -c: sys.argv == ['-c', 'x', 'y'] and sys.path[0] == ''.
    let dir = std::env::temp_dir().join(format!("hotpy-cli-path-{}", std::process::id()));
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(lib.join("from_env.py"), "WHERE = 'HOTPYPATH'\n").unwrap();
    std::fs::write(dir.join("main.py"), "import sys, sibling, from_env\nprint(sys.argv[1:], sibling.N, from_env.WHERE, sys.path[0] == __import__('os').path.dirname(__file__))\n").unwrap();
    std::fs::write(dir.join("sibling.py"), "N = 'beside the script'\n").unwrap();
    let (out, _, status) = hotpy_with_stdin(
        &[
            "-c",
            "import sys; print(sys.argv, repr(sys.path[0]))",
            "x",
            "y",
        ],
        &[],
        "",
    );
    assert_eq!((out.as_str(), status), ("['-c', 'x', 'y'] ''\n", 0));
    let main = dir.join("main.py");
    let (out, err, status) = hotpy_with_stdin(
        &[main.to_str().unwrap(), "arg"],
        &[("HOTPYPATH", lib.to_str().unwrap())],
        "",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        (out.as_str(), status),
        ("['arg'] beside the script HOTPYPATH True\n", 0),
        "{err}"
    );
}

#[test]
fn sys_stdin_reads_and_iterates() {
    // python3 -c (same program, same input) prints the same.
    let (out, _, status) = hotpy_with_stdin(
        &[
            "-c",
            "import sys\nfirst = sys.stdin.readline()\nrest = [l.strip() for l in sys.stdin]\nprint(repr(first), rest, sys.float_info.dig)",
        ],
        &[],
        "one\ntwo\nthree\n",
    );
    assert_eq!(
        (out.as_str(), status),
        ("'one\\n' ['two', 'three'] 15\n", 0)
    );
}
