//! Compile every `.py` file of CPython's standard library (when python3 is installed): each must
//! compile, or be refused with the documented "hotpy does not support …" error (async, match),
//! never fail otherwise and never panic. Files the parser rejects (CPython's deliberately broken
//! test inputs) are skipped.
//!
//! `HOTPY_STDLIB_REPORT=1` prints the per-file outcome.

use std::path::{Path, PathBuf};
use std::process::Command;

use hotpy_compiler::codegen::UNSUPPORTED_PREFIX;
use hotpy_compiler::{check_syntax, compile_module};

fn stdlib_dir() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    dir.is_dir().then_some(dir)
}

/// `"LINE: MESSAGE"` of the SyntaxError CPython reports compiling `path`, if any.
fn cpython_error(path: &Path) -> Option<String> {
    let script = "import sys\ntry:\n    compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')\nexcept SyntaxError as e:\n    print(f'{e.lineno}: {e.msg}')\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "site-packages") {
                continue;
            }
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

#[test]
fn stdlib_compiles_or_is_refused_cleanly() {
    let Some(dir) = stdlib_dir() else {
        eprintln!("python3's standard library not found: skipped");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let report = std::env::var_os("HOTPY_STDLIB_REPORT").is_some();
    let (mut compiled, mut refused, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = path.display().to_string();
        let Ok(source) = hotpy_lexer::decode_source(&bytes, &name) else {
            skipped += 1;
            continue;
        };
        let text = source.text;
        let result = std::panic::catch_unwind(|| {
            if check_syntax(&text).is_err() {
                return None;
            }
            Some(compile_module(&text, &name).map(|_| ()))
        });
        match result {
            Err(_) => failures.push(format!("{name}: panic")),
            Ok(None) => skipped += 1,
            Ok(Some(Ok(()))) => compiled += 1,
            Ok(Some(Err(e))) if e.message.starts_with(UNSUPPORTED_PREFIX) => {
                refused += 1;
                if report {
                    println!("refused {name}: {}", e.message);
                }
            }
            Ok(Some(Err(e))) => {
                let (line, _) = e.line_and_offset(&text);
                // A file CPython rejects too, with the same message and line, is skipped.
                if cpython_error(path).as_deref() == Some(&format!("{line}: {}", e.message)) {
                    skipped += 1;
                    continue;
                }
                failures.push(format!("{name}:{line}: {}", e.message));
            }
        }
    }
    println!(
        "stdlib: {} files, {compiled} compiled, {refused} refused (unsupported), {skipped} skipped (not parsed), {} failed",
        files.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
