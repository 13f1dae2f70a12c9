//! What each command does.

use std::path::Path;
use std::process::ExitCode;

use hotpy::lexer::{decode_source, format_tokenize, LexError};
use hotpy::vm::Vm;

use crate::args::{Cli, Command};

/// Run the command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Tokenize { file }) => tokenize_file(&file),
        Some(Command::Ast { file }) => ast_file(&file),
        Some(Command::Dis { file }) => dis_file(&file),
        None => {
            let opts = RunOptions {
                watch: cli.watch,
                policy: cli.reload_policy.clone(),
            };
            if cli.watch && (cli.code.is_some() || cli.argv.is_empty()) {
                // Only a program read from a file has modules beside it to edit.
                eprintln!("hotpy: error: --watch needs a FILE to run (not -c or stdin)");
                return ExitCode::from(2);
            }
            match (cli.code, cli.argv.first()) {
                (Some(code), _) => run_source(code.as_bytes(), "<string>", &cli.argv, opts),
                (None, Some(file)) => match read(Path::new(file)) {
                    // CPython shows the main script's path made absolute in tracebacks.
                    Ok(bytes) => run_source(
                        &bytes,
                        &std::path::absolute(file)
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|_| file.clone()),
                        &cli.argv,
                        opts,
                    ),
                    Err(code) => code,
                },
                (None, None) => {
                    use std::io::{IsTerminal, Read};
                    let forced = std::env::var_os("HOTPY_INTERACTIVE").is_some();
                    if forced || std::io::stdin().is_terminal() {
                        return ExitCode::from(on_big_stack(move || crate::repl::run(forced)));
                    }
                    // A program piped in on stdin runs like a file, as in CPython.
                    let mut bytes = Vec::new();
                    if std::io::stdin().read_to_end(&mut bytes).is_err() {
                        return ExitCode::from(1);
                    }
                    run_source(&bytes, "<stdin>", &cli.argv, opts)
                }
            }
        }
    }
}

/// Read a file, or report it as CPython does and give the exit status.
fn read(path: &Path) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|err| {
        let code = err.raw_os_error().unwrap_or(0);
        let reason = hotpy::vm::class::oserror::strerror(&err);
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

/// The stack size of the thread programs run on: natives that call back into Python (a `sorted`
/// key, `map`) re-enter the interpreter on the Rust stack, bounded by the recursion limit.
const RUN_STACK: usize = 512 * 1024 * 1024;

/// How to run a program: the reload policy and whether to watch its modules.
#[derive(Clone, Debug, Default)]
pub(crate) struct RunOptions {
    /// `--watch`: reload the program's modules when their files change.
    pub watch: bool,
    /// `--reload-policy`: a built-in policy's name (checked by the argument parser).
    pub policy: Option<String>,
}

/// Compile and run a program; the exit status follows CPython (1 for an uncaught exception or
/// a syntax error, `SystemExit`'s code).
fn run_source(bytes: &[u8], name: &str, argv: &[String], opts: RunOptions) -> ExitCode {
    let source = match decode_source(bytes, name) {
        Ok(source) => source.text,
        Err(err) => return report_syntax_error(&err, name, bytes),
    };
    let code = match hotpy::compiler::compile_module(&source, name) {
        Ok(code) => code,
        Err(err) => return report_syntax_error(&err, name, bytes),
    };
    let argv = argv.to_vec();
    ExitCode::from(on_big_stack(move || run_code(code, &argv, &opts)))
}

/// Run `f` on a thread with a big stack; its result is the exit status.
fn on_big_stack(f: impl FnOnce() -> u8 + Send + 'static) -> u8 {
    std::thread::Builder::new()
        .stack_size(RUN_STACK)
        .spawn(f)
        .ok()
        .and_then(|h| h.join().ok())
        .unwrap_or(70)
}

fn run_code(
    code: std::sync::Arc<hotpy::compiler::bytecode::Code>,
    argv: &[String],
    opts: &RunOptions,
) -> u8 {
    let file = argv.first().map(|f| {
        std::path::absolute(f)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| f.clone())
    });
    let file = if code.filename().as_ref() == "<string>" || code.filename().as_ref() == "<stdin>" {
        None
    } else {
        file
    };
    let file = file.as_deref();
    let mut vm = Vm::default();
    if std::env::var_os("HOTPY_GC_STRESS").is_some() {
        vm.set_gc_stress(true);
    }
    let globals = match vm.new_main_globals(file) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("hotpy: {e}");
            return 1;
        }
    };
    let config = module_config(code.filename(), file, argv);
    if let Err(e) = install_modules(&mut vm, &config, Some(globals)) {
        eprintln!("hotpy: {e}");
        return 1;
    }
    if let Err(e) = crate::watch::configure(&mut vm, opts) {
        eprintln!("hotpy: {e}");
        return 1;
    }
    let Some(result) = run_flushed(&mut vm, |vm| vm.run_code(code, globals)) else {
        eprintln!("hotpy: internal error: the interpreter panicked (this is a bug in hotpy)");
        return 70;
    };
    match result {
        Ok(_) => 0,
        Err(err) => {
            if let Some((status, message)) = vm.system_exit_status(&err) {
                if let Some(m) = message {
                    eprintln!("{m}");
                }
                return status as u8;
            }
            eprint!("{}", vm.format_exception(&err));
            // CPython exits with 130 (128 + SIGINT) after an uncaught KeyboardInterrupt.
            if err.kind() == Some(hotpy::vm::ExcKind::KeyboardInterrupt) {
                return 130;
            }
            1
        }
    }
}

/// `sys.argv` and `sys.path` as CPython sets them: a script's own path and directory, `-c`
/// and `''` for code given on the command line, `''` and `''` for stdin.
fn module_config(filename: &str, file: Option<&str>, argv: &[String]) -> hotpy::modules::Config {
    let (sys_argv, dir) = match file {
        Some(f) => {
            let dir = std::path::Path::new(f)
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            (argv.to_vec(), dir)
        }
        None => {
            let first = if filename == "<string>" { "-c" } else { "" };
            let mut a = vec![first.to_string()];
            a.extend(argv.iter().cloned());
            (a, String::new())
        }
    };
    hotpy::modules::Config {
        argv: sys_argv,
        script_dir: Some(dir),
        use_hotpypath: true,
        extra_path: Vec::new(),
    }
}

/// Install the module system (standard modules, `sys`), the reload layer (`importlib.reload`
/// and `hotreload`, default policy `reexec`) and register `__main__`.
pub(crate) fn install_modules(
    vm: &mut Vm,
    config: &hotpy::modules::Config,
    main: Option<hotpy::vm::ObjRef>,
) -> hotpy::vm::VmResult<()> {
    let importer = hotpy::modules::install(vm, hotpy::modules::Importer::new(), config)?;
    hotpy::reload::install(vm, &importer, std::sync::Arc::new(hotpy::reload::Reexec));
    if let Some(g) = main {
        hotpy::modules::register_main(vm, g)?;
    }
    Ok(())
}

/// Run `f` and flush the VM's buffered stdout however it ends: a panic (an interpreter bug) must
/// not lose the output written before it. `None` when `f` panicked (the panic hook has printed
/// the details).
fn run_flushed<R>(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> R) -> Option<R> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut *vm)));
    vm.flush_stdout();
    result.ok()
}

/// Print a `SyntaxError` as CPython does and exit with status 1.
fn report_syntax_error(err: &LexError, name: &str, bytes: &[u8]) -> ExitCode {
    let text = String::from_utf8_lossy(bytes);
    eprint!("{}", err.render(name, &text));
    ExitCode::from(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_before_a_panic_is_flushed() {
        let mut vm = Vm::default();
        vm.capture_output();
        vm.write_stdout("before\n");
        let r: Option<()> = run_flushed(&mut vm, |vm| {
            vm.write_stdout("during\n");
            panic!("an interpreter bug");
        });
        assert!(r.is_none());
        assert_eq!(vm.take_output(), "before\nduring\n");
        assert_eq!(run_flushed(&mut vm, |_| 7), Some(7));
    }
}
