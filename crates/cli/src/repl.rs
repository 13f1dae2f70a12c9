//! The interactive session: `hotpy` with no program.
//!
//! Lines are read with `rustyline` (history, line editing) when stdin is a terminal, or plainly
//! from stdin when `HOTPY_INTERACTIVE=1` forces a session on a pipe (tests). A statement runs
//! as soon as it is complete; a compound statement (a line ending in `:`) or an unclosed bracket
//! continues with `... ` until a blank line. Each statement compiles in `single` mode, so an
//! expression statement's value is echoed with `repr` (`None` is not), as CPython does.
//! `exit()`, `quit()` or end of input leave; Ctrl-C abandons the current input.

use hotpy::compiler::{compile, Mode, SyntaxError};
use hotpy::vm::{ObjRef, Vm};

use crate::commands::RunOptions;

/// What the session should do with the input gathered so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Feed {
    /// Wait for more lines (`... `).
    More,
    /// The input ran (or reported its error); start a new statement (`>>> `).
    Done,
    /// `SystemExit`: leave with this status.
    Exit(i32),
}

/// One interactive session: a VM and its `__main__` namespace.
pub struct Session {
    vm: Vm,
    globals: ObjRef,
    buffer: String,
}

fn incomplete(source: &str, err: &SyntaxError) -> bool {
    let m = err.message.as_str();
    m.contains("was never closed")
        || m.contains("unexpected EOF")
        || m.contains("expected an indented block")
        || m.contains("unterminated triple-quoted string")
        || source.trim_end_matches('\n').ends_with('\\')
}

impl Session {
    /// A new session (`opts`: the reload policy and limits from the command line).
    pub fn new(opts: &RunOptions) -> Result<Session, String> {
        let config = hotpy::modules::Config {
            argv: vec![String::new()],
            script_dir: Some(String::new()),
            use_hotpypath: true,
            extra_path: Vec::new(),
        };
        let (vm, globals) =
            crate::commands::new_vm(config, opts, |vm| vm.new_module_globals("__main__"))
                .map_err(|e| e.to_string())?;
        Ok(Session {
            vm,
            globals,
            buffer: String::new(),
        })
    }

    /// The prompt for the next line.
    pub fn prompt(&self) -> &'static str {
        if self.buffer.is_empty() {
            ">>> "
        } else {
            "... "
        }
    }

    /// Abandon the input gathered so far (Ctrl-C).
    pub fn interrupt(&mut self) {
        self.buffer.clear();
        eprintln!("KeyboardInterrupt");
    }

    /// Take one line of input.
    pub fn feed(&mut self, line: &str) -> Feed {
        if self.buffer.is_empty() && line.trim().is_empty() {
            return Feed::Done;
        }
        self.buffer.push_str(line);
        self.buffer.push('\n');
        let first_line_opens_block = self
            .buffer
            .lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with(':'));
        let multi = self.buffer.lines().count() > 1;
        if (first_line_opens_block || multi) && !line.trim().is_empty() {
            // Inside a block: it ends with a blank line, unless brackets are still open.
            if first_line_opens_block {
                return Feed::More;
            }
        }
        let code = match compile(&self.buffer, "<stdin>", Mode::Single) {
            Ok(code) => code,
            Err(err) => {
                if incomplete(&self.buffer, &err) && !line.trim().is_empty() {
                    return Feed::More;
                }
                eprint!("{}", err.render("<stdin>", &self.buffer));
                self.buffer.clear();
                return Feed::Done;
            }
        };
        self.buffer.clear();
        let result = self.vm.run_code(code, self.globals);
        self.vm.flush_stdout();
        if let Err(err) = result {
            if let Some((status, message)) = self.vm.system_exit_status(&err) {
                if let Some(m) = message {
                    eprintln!("{m}");
                }
                return Feed::Exit(status);
            }
            eprint!("{}", self.vm.format_exception(&err));
        }
        Feed::Done
    }

    /// Flush output before leaving.
    pub fn finish(&mut self) {
        self.vm.flush_stdout();
    }
}

/// Run an interactive session; returns the exit status.
pub fn run(plain: bool, opts: &RunOptions) -> u8 {
    let mut session = match Session::new(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hotpy: {e}");
            return 1;
        }
    };
    if plain {
        use std::io::BufRead;
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        while let Some(Ok(line)) = lines.next() {
            if let Feed::Exit(status) = session.feed(&line) {
                return status as u8;
            }
        }
        if !session.buffer.is_empty() {
            let _ = session.feed("");
        }
        session.finish();
        return 0;
    }
    eprintln!(
        "hotpy {} (Python 3.11 compatible)\nType exit() or Ctrl-D to leave.",
        env!("CARGO_PKG_VERSION")
    );
    let mut editor = match rustyline::DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hotpy: cannot start line editing: {e}");
            return 1;
        }
    };
    loop {
        match editor.readline(session.prompt()) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                if let Feed::Exit(status) = session.feed(&line) {
                    return status as u8;
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => session.interrupt(),
            Err(_) => break,
        }
    }
    session.finish();
    0
}
