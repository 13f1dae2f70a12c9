//! `hotpy --watch` end to end: the built binary runs a program in a temporary directory while
//! the test edits the module it imports, and the new behaviour shows in its output. Every wait
//! polls the output against a deadline, and the child is killed however the test ends.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: a debug build on a loaded machine; a passing run takes a few seconds.
const DEADLINE: Duration = Duration::from_secs(60);

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("hotpy-watch-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The running `hotpy --watch` and the lines it has printed so far on each stream.
struct Running {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(stream: impl std::io::Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().expect("lines").push(line);
        }
    });
    lines
}

impl Running {
    fn start(dir: &Path, extra: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hotpy"))
            .arg("--watch")
            .args(extra)
            .arg(dir.join("main.py"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hotpy");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        Running {
            child,
            stdout,
            stderr,
        }
    }

    fn snapshot(&self) -> (Vec<String>, Vec<String>) {
        (
            self.stdout.lock().expect("stdout").clone(),
            self.stderr.lock().expect("stderr").clone(),
        )
    }

    /// Wait until `done(stdout, stderr)` holds; panic with both streams after the deadline or
    /// if the program exits first.
    fn wait_for(&mut self, what: &str, done: impl Fn(&[String], &[String]) -> bool) {
        let start = Instant::now();
        loop {
            let (out, err) = self.snapshot();
            if done(&out, &err) {
                return;
            }
            let exited = matches!(self.child.try_wait(), Ok(Some(_)));
            if exited || start.elapsed() > DEADLINE {
                // Let the reader threads catch up before reporting.
                std::thread::sleep(Duration::from_millis(200));
                let (out, err) = self.snapshot();
                panic!(
                    "waiting for {what}: {}\n--- stdout\n{}\n--- stderr\n{}",
                    if exited { "hotpy exited" } else { "timed out" },
                    out.join("\n"),
                    err.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

const MAIN: &str = "\
import time
import rules

for tick in range(100000):
    print('value', rules.value(), flush=True)
    time.sleep(0.05)
";

/// `rules.py` returning `body`; `helper` never changes, so the reload line must not list it.
fn rules(body: &str) -> String {
    format!("def helper():\n    return 1\n\ndef value():\n    return {body}\n")
}

/// Replace `path` the way many editors save: write a new file beside it, rename it over.
fn save_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("py.tmp");
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

fn count(lines: &[String], line: &str) -> usize {
    lines.iter().filter(|l| l.as_str() == line).count()
}

#[test]
fn watch_reloads_an_edited_module_and_survives_a_broken_edit() {
    let dir = TempDir::new("edit");
    std::fs::write(dir.0.join("main.py"), MAIN).expect("main.py");
    let rules_py = dir.0.join("rules.py");
    std::fs::write(&rules_py, rules("'old'")).expect("rules.py");
    let mut hotpy = Running::start(&dir.0, &[]);

    hotpy.wait_for("the first generation's output", |out, _| {
        count(out, "value old") >= 2
    });

    // An edit in place: the running loop calls the new code.
    std::fs::write(&rules_py, rules("'new'")).expect("rewrite");
    hotpy.wait_for("the new behaviour and the reload line", |out, err| {
        count(out, "value new") >= 1
            && err
                .iter()
                .any(|l| l.starts_with("[reload] rules: generation 1 → 2, changed: value ("))
    });

    // A broken edit: reported, and the second generation keeps running.
    save_atomically(&rules_py, "def value(:\n    return 'broken'\n");
    hotpy.wait_for("the syntax error report", |_, err| {
        err.iter().any(|l| {
            l.starts_with("[reload] rules: SyntaxError")
                && l.ends_with("old generation 2 still running")
        })
    });
    let seen = hotpy.snapshot().0.len();
    hotpy.wait_for("more output after the failed reload", |out, _| {
        out.len() >= seen + 3
    });
    let (out, _) = hotpy.snapshot();
    assert!(
        out[seen..].iter().all(|l| l == "value new"),
        "after the broken edit: {:?}",
        &out[seen..]
    );

    // Fixing the file reloads again (generation 3), saved the editors' way.
    save_atomically(&rules_py, &rules("'fixed'"));
    hotpy.wait_for("the fixed generation", |out, err| {
        count(out, "value fixed") >= 1
            && err
                .iter()
                .any(|l| l.starts_with("[reload] rules: generation 2 → 3"))
    });
    let (_, err) = hotpy.snapshot();
    assert!(
        err.iter().all(|l| l.starts_with("[reload] ")),
        "unexpected stderr: {err:?}"
    );
}

#[test]
fn watch_cascades_to_dependents_and_keeps_instances() {
    // `shapes` imports `colors`; editing `colors` reloads both (the dependent after it), and
    // under the default `upgrade` policy the instance made before the edit runs the new method.
    let dir = TempDir::new("cascade");
    std::fs::write(
        dir.0.join("main.py"),
        "\
import time
import shapes

sq = shapes.Square()
for tick in range(100000):
    print(sq.describe(), flush=True)
    time.sleep(0.05)
",
    )
    .expect("main.py");
    std::fs::write(dir.0.join("colors.py"), "FILL = 'red'\n").expect("colors.py");
    std::fs::write(
        dir.0.join("shapes.py"),
        "\
from colors import FILL

class Square:
    def describe(self):
        return 'square ' + FILL
",
    )
    .expect("shapes.py");
    let mut hotpy = Running::start(&dir.0, &[]);
    hotpy.wait_for("the first output", |out, _| count(out, "square red") >= 1);
    std::fs::write(dir.0.join("colors.py"), "FILL = 'blue'\n").expect("colors.py");
    hotpy.wait_for("the cascade", |out, err| {
        count(out, "square blue") >= 1
            && err
                .iter()
                .any(|l| l.starts_with("[reload] colors: generation 1 → 2"))
            && err
                .iter()
                .any(|l| l.starts_with("[reload] shapes: generation 1 → 2"))
    });
}

#[test]
fn unknown_reload_policy_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args(["--watch", "--reload-policy", "bogus", "main.py"])
        .output()
        .expect("run hotpy");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bogus"), "{err}");
}

#[test]
fn watch_needs_a_file() {
    let out = Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args(["--watch", "-c", "print(1)"])
        .output()
        .expect("run hotpy");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reload_policy_applies_without_watch() {
    let out = Command::new(env!("CARGO_BIN_EXE_hotpy"))
        .args([
            "--reload-policy",
            "fresh",
            "-c",
            "import hotreload; print(hotreload.policy(), hotreload.poll())",
        ])
        .output()
        .expect("run hotpy");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "fresh []\n");
}

#[test]
fn a_loop_that_never_sleeps_polls() {
    // No time.sleep: the loop calls hotreload.poll() itself, and says when the value changes.
    let dir = TempDir::new("poll");
    std::fs::write(
        dir.0.join("main.py"),
        "\
import time
import hotreload
import rules

last = None
deadline = time.time() + 120
while time.time() < deadline:
    hotreload.poll()
    v = rules.value()
    if v != last:
        print('value', v, flush=True)
        last = v
",
    )
    .expect("main.py");
    let rules_py = dir.0.join("rules.py");
    std::fs::write(&rules_py, rules("'old'")).expect("rules.py");
    let mut hotpy = Running::start(&dir.0, &["--reload-policy", "fresh"]);
    hotpy.wait_for("the first value", |out, _| count(out, "value old") == 1);
    std::fs::write(&rules_py, rules("'new'")).expect("rewrite");
    hotpy.wait_for("the polled reload", |out, err| {
        count(out, "value new") == 1
            && err
                .iter()
                .any(|l| l.starts_with("[reload] rules: generation 1 → 2"))
    });
}

#[test]
fn an_edit_of_the_main_program_is_reported_not_reloaded() {
    let dir = TempDir::new("main");
    let main_py = dir.0.join("main.py");
    std::fs::write(&main_py, "import time\nwhile True:\n    time.sleep(0.05)\n").expect("main.py");
    let mut hotpy = Running::start(&dir.0, &[]);
    // The watch starts before the program runs; give it a moment, then edit, until reported.
    let start = Instant::now();
    let mut n = 0;
    loop {
        n += 1;
        std::fs::write(
            &main_py,
            format!("import time\nwhile True:\n    time.sleep(0.05)  # edit {n}\n"),
        )
        .expect("edit main.py");
        std::thread::sleep(Duration::from_millis(300));
        let (_, err) = hotpy.snapshot();
        if err
            .iter()
            .any(|l| l.starts_with("[reload] __main__ (") && l.contains("is not reloaded"))
        {
            break;
        }
        if start.elapsed() > DEADLINE {
            hotpy.wait_for("the main-changed report", |_, _| false);
        }
    }
}
