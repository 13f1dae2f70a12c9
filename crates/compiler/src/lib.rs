//! The hotpy compiler: parser → AST (in a `bumpalo` arena) → scopes → bytecode code objects.

pub mod bytecode;

use hotpy_lexer::LexError;

/// `ast.dump(ast.parse(source))` for `source` (without the final newline).
///
/// The parser is not written yet: this reports that clearly rather than printing a wrong tree.
pub fn dump_ast(source: &str) -> Result<String, LexError> {
    check_syntax(source)?;
    Err(LexError::syntax(
        "hotpy cannot parse to an AST yet (the parser is in progress)",
        0,
        0,
    ))
}

/// Check that `source` is valid Python, returning the first `SyntaxError`.
///
/// Until the parser lands this checks what the lexer can: tokens, indentation and brackets.
pub fn check_syntax(source: &str) -> Result<(), LexError> {
    match hotpy_lexer::tokenize(source) {
        (_, Some(err)) => Err(err),
        (_, None) => Ok(()),
    }
}
