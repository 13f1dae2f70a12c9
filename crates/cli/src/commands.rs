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
                limits: cli.limits(),
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
                        return ExitCode::from(on_big_stack(move || {
                            crate::repl::run(forced, &opts)
                        }));
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

/// How to run a program: the reload policy, whether to watch its modules, the limits.
#[derive(Clone, Debug, Default)]
pub(crate) struct RunOptions {
    /// `--watch`: reload the program's modules when their files change.
    pub watch: bool,
    /// `--reload-policy`: a built-in policy's name (checked by the argument parser).
    pub policy: Option<String>,
    /// `--max-instructions`, `--max-heap`, `--recursion-limit`.
    pub limits: hotpy::Limits,
}

impl RunOptions {
    /// The reload policy the program starts with: `--reload-policy`, else `upgrade` with
    /// `--watch`, else CPython's `reexec`.
    fn policy_name(&self) -> String {
        match &self.policy {
            Some(name) => name.clone(),
            None if self.watch => hotpy::reload::watch_policy().name().to_string(),
            None => "reexec".to_string(),
        }
    }
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
    let config = module_config(code.filename(), file, argv);
    let (mut vm, globals) = match new_vm(config, opts, |vm| vm.new_main_globals(file)) {
        Ok(made) => made,
        Err(e) => {
            eprintln!("hotpy: {e}");
            return 1;
        }
    };
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
            if let Some(line) = limit_message(&err, &opts.limits) {
                eprintln!("{line}");
                return 1;
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

/// The program's VM, made by a [`hotpy::VmFactory`] (module system, reload layer with the
/// run's policy, the limits; child VMs are made alike), with `__main__`'s namespace from
/// `main_globals` registered in `sys.modules`.
pub(crate) fn new_vm(
    config: hotpy::modules::Config,
    opts: &RunOptions,
    main_globals: impl FnOnce(&mut Vm) -> hotpy::vm::VmResult<hotpy::vm::ObjRef>,
) -> hotpy::vm::VmResult<(Vm, hotpy::vm::ObjRef)> {
    let factory = hotpy::VmFactory::builder()
        .config(config)
        .reload_policy(opts.policy_name())
        .limits(opts.limits)
        .build()?;
    let mut vm = factory.new_vm()?;
    if std::env::var_os("HOTPY_GC_STRESS").is_some() {
        vm.set_gc_stress(true);
    }
    let globals = main_globals(&mut vm)?;
    hotpy::modules::register_main(&mut vm, globals)?;
    Ok((vm, globals))
}

/// The one line that reports a spent limit (`None` for other errors), naming the flag that set
/// it: these are not Python exceptions (the program cannot catch them) and have no traceback.
pub(crate) fn limit_message(err: &hotpy::VmError, limits: &hotpy::Limits) -> Option<String> {
    use hotpy::vm::error::Limit;
    let hotpy::VmError::Limit(limit) = err else {
        return None;
    };
    Some(match limit {
        Limit::Instructions => format!(
            "hotpy: error: instruction budget exhausted (--max-instructions {})",
            limits.max_instructions.unwrap_or(0)
        ),
        Limit::Heap { limit } => {
            format!("MemoryError: heap limit of {limit} bytes exceeded (--max-heap)")
        }
        Limit::Interrupted => "hotpy: error: interrupted".to_string(),
    })
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
