//! What each command does.

use std::path::Path;
use std::process::ExitCode;

use hotpy::lexer::{decode_source, format_tokenize, tokenize, LexError};

use crate::args::{Cli, Command};

/// Run the command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Tokenize { file }) => tokenize_file(&file),
        Some(Command::Ast { file }) => ast_file(&file),
        Some(Command::Dis { file }) => dis_file(&file),
        None => {
            match (cli.code, cli.argv.first()) {
                (Some(code), _) => run_source(code.as_bytes(), "<string>"),
                (None, Some(file)) => match read(Path::new(file)) {
                    Ok(bytes) => run_source(&bytes, file),
                    Err(code) => code,
                },
                (None, None) => {
                    eprintln!("hotpy: the interactive session is not implemented yet (it comes with the VM)");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Read a file, or report it as CPython does and give the exit status.
fn read(path: &Path) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|err| {
        let code = err.raw_os_error().unwrap_or(0);
        let reason = err.to_string();
        let reason = reason.split(" (os error").next().unwrap_or(&reason);
        eprintln!(
            "hotpy: can't open file '{}': [Errno {code}] {reason}",
            path.display()
        );
        ExitCode::from(2)
    })
}

fn tokenize_file(path: &Path) -> ExitCode {
    let bytes = match read(path) {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    let name = path.display().to_string();
    match format_tokenize(&bytes, &name) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => report_syntax_error(&err, &name, &bytes),
    }
}

fn ast_file(path: &Path) -> ExitCode {
    let bytes = match read(path) {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    let name = path.display().to_string();
    let source = match decode_source(&bytes, &name) {
        Ok(source) => source.text,
        Err(err) => return report_syntax_error(&err, &name, &bytes),
    };
    match hotpy::compiler::dump_ast(&source) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => report_syntax_error(&err, &name, &bytes),
    }
}

fn dis_file(path: &Path) -> ExitCode {
    let bytes = match read(path) {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    let name = path.display().to_string();
    let source = match decode_source(&bytes, &name) {
        Ok(source) => source.text,
        Err(err) => return report_syntax_error(&err, &name, &bytes),
    };
    match hotpy::compiler::compile_module(&source, &name) {
        Ok(code) => {
            print!("{}", hotpy::compiler::bytecode::disassemble(&code));
            ExitCode::SUCCESS
        }
        Err(err) => report_syntax_error(&err, &name, &bytes),
    }
}

/// Check a program as far as hotpy can today; executing it arrives with the VM.
fn run_source(bytes: &[u8], name: &str) -> ExitCode {
    let source = match decode_source(bytes, name) {
        Ok(source) => source.text,
        Err(err) => return report_syntax_error(&err, name, bytes),
    };
    if let (_, Some(err)) = tokenize(&source) {
        return report_syntax_error(&err, name, bytes);
    }
    if let Err(err) = hotpy::compiler::check_syntax(&source) {
        return report_syntax_error(&err, name, bytes);
    }
    eprintln!("hotpy: {name} is valid Python, but executing programs is not implemented yet (it comes with the VM)");
    ExitCode::from(1)
}

/// Print a `SyntaxError` as CPython does and exit with status 1.
fn report_syntax_error(err: &LexError, name: &str, bytes: &[u8]) -> ExitCode {
    let text = String::from_utf8_lossy(bytes);
    eprint!("{}", err.render(name, &text));
    ExitCode::from(1)
}
