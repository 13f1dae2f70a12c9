//! `ast_positions FILE`: `ast.dump(ast.parse(source), include_attributes=True)` of a file, to
//! compare node positions with CPython (`scripts/positions_diff.py`).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: ast_positions FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let source = match hotpy_lexer::decode_source(&bytes, &path) {
        Ok(s) => s.text,
        Err(e) => {
            eprintln!("{}", e.message);
            std::process::exit(1);
        }
    };
    let arena = bumpalo::Bump::new();
    match hotpy_compiler::parse_module(&source, &arena) {
        Ok(module) => println!(
            "{}",
            hotpy_compiler::dump::dump_module_with_positions(&module, &source)
        ),
        Err(e) => {
            eprintln!("{}", e.message);
            std::process::exit(1);
        }
    }
}
