//! Golden disassemblies: each `tests/codegen/dis/NAME.py` compiles to what `NAME.dis` holds
//! (`hotpy dis` output). `HOTPY_BLESS=1 cargo test --test codegen_dis` rewrites the `.dis` files
//! from hotpy itself; review the diff by eye (against `python3 -m dis NAME.py`: the shapes follow
//! CPython 3.11, with hotpy's word offsets, `CALL_KW` and no `RESUME`/`PRECALL`).

use std::path::{Path, PathBuf};

use hotpy_compiler::bytecode::disassemble;
use hotpy_compiler::compile_module;

fn snippets() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/codegen/dis");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/codegen/dis")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

#[test]
fn disassembly_matches_golden_files() {
    let bless = std::env::var_os("HOTPY_BLESS").is_some();
    let mut mismatches = Vec::new();
    let files = snippets();
    assert!(files.len() >= 40, "only {} snippets", files.len());
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let code = compile_module(&source, &name)
            .unwrap_or_else(|e| panic!("{name}: {}", e.render(&name, &source)));
        let text = disassemble(&code);
        let golden = path.with_extension("dis");
        if bless {
            std::fs::write(&golden, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != text {
            mismatches.push(format!("--- {name}: got ---\n{text}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches (HOTPY_BLESS=1 regenerates):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_code_object_has_a_checked_stack_depth() {
    // `finish` succeeding means the flow analysis found consistent depths; check they are sane.
    for path in snippets() {
        let source = std::fs::read_to_string(&path).unwrap();
        let code = compile_module(&source, "x.py").unwrap();
        let mut stack = vec![code];
        while let Some(code) = stack.pop() {
            assert!(code.max_stack_depth() < 32, "{}", path.display());
            stack.extend(code.nested_code().cloned());
        }
    }
}
