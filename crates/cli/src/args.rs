//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// hotpy: a Python 3.11 interpreter with hot reload of modules.
#[derive(Parser, Debug)]
#[command(
    name = "hotpy",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "With no FILE and no -c, hotpy starts an interactive session (once the VM exists)."
)]
pub struct Cli {
    /// A front-end tool instead of running a program.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Run the program passed in as a string.
    #[arg(short = 'c', value_name = "CODE")]
    pub code: Option<String>,

    /// Run FILE and reload the modules it imports when their files are saved (with their
    /// dependents; the main program itself is not reloaded). One line per reload on stderr.
    #[arg(long)]
    pub watch: bool,

    /// The reload policy: how a module's new code replaces the old (default: upgrade with
    /// --watch, reexec otherwise, as CPython's importlib.reload).
    #[arg(long, value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(hotpy::reload::POLICY_NAMES))]
    pub reload_policy: Option<String>,

    /// The program to run, then the arguments it sees in sys.argv.
    #[arg(
        value_name = "FILE",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub argv: Vec<String>,
}

/// The front-end tools.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print FILE's tokens exactly as `python3 -m tokenize -e FILE` does.
    Tokenize {
        /// The Python source file.
        file: PathBuf,
    },
    /// Print FILE's syntax tree exactly as `ast.dump(ast.parse(source))` does.
    Ast {
        /// The Python source file.
        file: PathBuf,
    },
    /// Print the bytecode of FILE's module and of every code object nested in it.
    Dis {
        /// The Python source file.
        file: PathBuf,
    },
}
