//! The `hotpy` command: run a Python file or `-c` code, and the front-end tools `tokenize`, `ast`
//! and `dis` that compare hotpy with CPython. A thin shell over the `hotpy` facade.

mod args;
mod commands;
mod repl;
mod watch;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with success; usage errors exit with status 2.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    commands::run(cli)
}
