//! `--max-instructions`, `--max-heap`, `--recursion-limit`: what the user sees when a limit is
//! reached.

use std::process::{Command, Output};

fn hotpy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args(args)
        .output()
        .expect("run hotpy")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_infinite_loop_stops_at_the_instruction_budget_even_inside_try() {
    for program in [
        "while True:\n    pass\n",
        // The budget error is not an exception the program can catch.
        "try:\n    while True:\n        pass\nexcept BaseException:\n    print('caught')\n",
    ] {
        let out = hotpy(&["--max-instructions", "10000", "-c", program]);
        assert_eq!(out.status.code(), Some(1), "{program}");
        assert_eq!(text(&out.stdout), "", "{program}");
        assert_eq!(
            text(&out.stderr),
            "hotpy: error: instruction budget exhausted (--max-instructions 10000)\n",
            "{program}"
        );
    }
}

#[test]
fn a_program_within_its_budget_runs_normally() {
    let out = hotpy(&[
        "--max-instructions",
        "1000000",
        "-c",
        "print(sum(range(1000)))",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "499500\n");
}

#[test]
fn a_growing_list_past_the_heap_limit_is_a_memory_error() {
    for size in ["4M", "4194304"] {
        let out = hotpy(&[
            "--max-heap",
            size,
            "-c",
            "l = []\nwhile True:\n    l.append([0] * 1000)\n",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert_eq!(
            err,
            "MemoryError: heap limit of 4194304 bytes exceeded (--max-heap)\n"
        );
    }
}

#[test]
fn a_bad_heap_size_is_a_usage_error() {
    let out = hotpy(&["--max-heap", "lots", "-c", "pass"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a byte count"));
}

#[test]
fn the_recursion_limit_flag_sets_sys_getrecursionlimit_and_the_depth() {
    let program = "import sys\nprint(sys.getrecursionlimit())\ndepth = 0\ndef f(n):\n    global depth\n    depth = n\n    return f(n + 1)\ntry:\n    f(1)\nexcept RecursionError:\n    print('RecursionError at', depth)\n";
    let out = hotpy(&["--recursion-limit", "50", "-c", program]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The module's frame is one of the 50, as in CPython.
    assert_eq!(text(&out.stdout), "50\nRecursionError at 49\n");
    let out = hotpy(&["--recursion-limit", "0", "-c", "pass"]);
    assert_eq!(out.status.code(), Some(2));
}
