//! The code objects hotpy makes for the standard library, compared with CPython's (when python3 is
//! installed): for every code object, its qualified name, name, first line, argument counts, flags
//! (OPTIMIZED, NEWLOCALS, VARARGS, VARKEYWORDS, NESTED, GENERATOR), local variable names in slot
//! order, cell variables and free variables. This checks the symbol table and the unit layout of
//! the code generator on real code (`tests/codegen/code_info.py` dumps CPython's side).
//!
//! Code that CPython's optimizer deletes (the body of `if 0:`) may leave extra code objects in
//! hotpy's constants; only code objects CPython has too are compared.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use hotpy_compiler::bytecode::Code;
use hotpy_compiler::compile_module;

fn stdlib_dir() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    dir.is_dir().then_some(dir)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "site-packages") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn line(path: &str, code: &Code) -> String {
    let mut cells: Vec<&str> = code.cellvars().iter().map(|s| &**s).collect();
    cells.sort();
    let join = |v: &[std::sync::Arc<str>]| v.iter().map(|s| &**s).collect::<Vec<_>>().join(",");
    format!(
        "{path}\t{}\t{}\t{}\t{}/{}/{}\t{}\t{}\t{}\t{}",
        code.qualname(),
        code.name(),
        code.first_line(),
        code.arg_count(),
        code.posonly_arg_count(),
        code.kwonly_arg_count(),
        code.flags().0 & 0x3f,
        join(code.varnames()),
        cells.join(","),
        join(code.freevars()),
    )
}

fn walk(path: &str, code: &Arc<Code>, out: &mut Vec<String>) {
    out.push(line(path, code));
    for nested in code.nested_code() {
        walk(path, nested, out);
    }
}

/// The key a code object is matched by: file, qualified name, first line.
fn key(line: &str) -> String {
    line.split('\t').take(4).collect::<Vec<_>>().join("\t")
}

#[test]
fn code_objects_match_cpython() {
    let Some(dir) = stdlib_dir() else {
        eprintln!("python3's standard library not found: skipped");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let mut ours: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut compiled = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(source) = hotpy_lexer::decode_source(&bytes, &name) else {
            continue;
        };
        if let Ok(code) = compile_module(&source.text, &name) {
            let mut lines = Vec::new();
            walk(&name, &code, &mut lines);
            for l in lines {
                ours.entry(key(&l)).or_default().push(l);
            }
            compiled.push(name);
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/codegen/code_info.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let input = compiled.join("\n") + "\n";
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let theirs = String::from_utf8(out.stdout).unwrap();
    let mut mismatches = BTreeSet::new();
    let mut checked = 0;
    for l in theirs.lines() {
        checked += 1;
        match ours.get(&key(l)) {
            Some(candidates) if candidates.iter().any(|c| c == l) => {}
            Some(candidates) => {
                mismatches.insert(format!("cpython: {l}\nhotpy:   {}", candidates[0]));
            }
            None => {
                mismatches.insert(format!("cpython: {l}\nhotpy:   (missing)"));
            }
        }
    }
    println!(
        "{} files, {checked} code objects checked, {} mismatches",
        compiled.len(),
        mismatches.len()
    );
    let shown: Vec<_> = mismatches.iter().take(40).cloned().collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first ones:\n{}",
        mismatches.len(),
        shown.join("\n")
    );
}
