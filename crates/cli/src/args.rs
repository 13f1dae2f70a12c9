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

    /// Stop the program after N backward jumps and calls (every loop iteration and call
    /// counts one): an error on stderr and exit status 1; the program cannot catch it.
    #[arg(long, value_name = "N")]
    pub max_instructions: Option<u64>,

    /// Cap the heap at BYTES (suffixes K, M, G: powers of 1024): going past it ends the
    /// program with a MemoryError and exit status 1.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_heap: Option<usize>,

    /// The maximum depth of Python calls (sys.getrecursionlimit(); default 1000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub recursion_limit: Option<u64>,

    /// The program to run, then the arguments it sees in sys.argv.
    #[arg(
        value_name = "FILE",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub argv: Vec<String>,
}

impl Cli {
    /// The per-VM limits the flags ask for.
    pub fn limits(&self) -> hotpy::Limits {
        hotpy::Limits {
            max_instructions: self.max_instructions,
            heap_limit: self.max_heap,
            recursion_limit: self
                .recursion_limit
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        }
    }
}

/// A byte count: digits, optionally followed by `K`, `M` or `G` (binary multiples; a trailing
/// `B` or `iB` is allowed: `64M`, `64MiB`, `1G`).
pub fn parse_bytes(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let body = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (digits, shift) = match body.chars().last() {
        Some('K') => (&body[..body.len() - 1], 10),
        Some('M') => (&body[..body.len() - 1], 20),
        Some('G') => (&body[..body.len() - 1], 30),
        _ => (body, 0),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a byte count (like 1048576, 64M or 1G)"))?;
    n.checked_mul(1usize << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
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

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn byte_counts_take_binary_suffixes() {
        assert_eq!(parse_bytes("4096"), Ok(4096));
        assert_eq!(parse_bytes("64k"), Ok(64 * 1024));
        assert_eq!(parse_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_bytes("64MiB"), Ok(64 << 20));
        assert_eq!(parse_bytes("1G"), Ok(1 << 30));
        assert_eq!(parse_bytes("2gb"), Ok(2 << 30));
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("M").is_err());
        assert!(parse_bytes("-1").is_err());
    }
}
