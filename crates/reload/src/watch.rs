//! Watching module files and reloading them when they are saved (`hotpy --watch`).
//!
//! The VM is single-threaded and cannot be touched while Python runs, so the work is split:
//! notify's debouncer thread watches the directories of the loaded modules and sends the
//! changed paths over a channel; the VM drains that channel only at safe moments, when the
//! program is between two of its own steps:
//!
//! - `time.sleep(...)`: [`install_watcher`] installs a [`SleepHook`] that spends the sleep
//!   waiting on the channel and reloads as soon as an edit arrives, so a loop that sleeps picks
//!   up edits without any change to the program;
//! - `hotreload.poll()`, for a loop that never sleeps;
//! - [`poll`], for an embedder's own loop.
//!
//! A changed file is mapped back to the modules loaded from it and each is reloaded with its
//! dependents ([`crate::reload`] with `cascade`), under the VM's policy. `__main__` is never
//! reloaded: its code is running (the loop that called `time.sleep` is in it), and there is no
//! safe point at which to swap it; an edit to it is reported instead.

use crate::engine::{self, ReloadEvent};
use hotpy_modules::{with_importer, SleepHook};
use hotpy_vm::error::VmResult;
use hotpy_vm::Vm;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one reload (or an edit that was not reloaded) came to; `Display` is the `--watch` line.
#[derive(Clone, Debug)]
pub enum WatchReport {
    /// A module was reloaded (one report per module of a cascade).
    Reloaded(ReloadEvent),
    /// A reload failed and was rolled back: every module involved still runs its old
    /// generation.
    Failed {
        /// The module whose file changed.
        module: String,
        /// The module whose reload raised (a dependent, in a cascade), if not `module` itself.
        failed_in: Option<String>,
        /// `module`'s live generation, still running.
        generation: u64,
        /// The exception, as its last traceback line (`SyntaxError: …`).
        error: String,
    },
    /// The main program's file changed: it is not reloaded.
    MainChanged {
        /// The main program's file.
        path: PathBuf,
    },
    /// The watcher itself failed (a directory could not be watched, the OS dropped events).
    WatchError(String),
}

impl std::fmt::Display for WatchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchReport::Reloaded(e) => {
                write!(
                    f,
                    "[reload] {}: generation {} → {}",
                    e.module, e.old_generation, e.new_generation
                )?;
                let mut any = false;
                for (what, names) in [
                    ("changed", &e.changed),
                    ("added", &e.added),
                    ("removed", &e.removed),
                ] {
                    if !names.is_empty() {
                        write!(f, ", {what}: {}", names.join(", "))?;
                        any = true;
                    }
                }
                if !any {
                    write!(f, ", no names changed")?;
                }
                write!(f, " ({:.2} ms)", e.duration.as_secs_f64() * 1000.0)
            }
            WatchReport::Failed {
                module,
                failed_in,
                generation,
                error,
            } => {
                write!(f, "[reload] {module}: ")?;
                if let Some(d) = failed_in {
                    write!(f, "dependent {d} failed: ")?;
                }
                write!(f, "{error} — old generation {generation} still running")
            }
            WatchReport::MainChanged { path } => write!(
                f,
                "[reload] __main__ ({}) changed: the main program is not reloaded; restart to run \
                 its new code",
                path.display()
            ),
            WatchReport::WatchError(e) => write!(f, "[reload] watcher: {e}"),
        }
    }
}

/// Where a [`Watcher`] sends its reports (`--watch` prints them to stderr).
pub type Reporter = Arc<dyn Fn(&WatchReport) + Send + Sync>;

/// A file watcher for one VM: the debouncer, the channel it fills, and the directories it
/// watches. Install it with [`install_watcher`].
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Directories watched so far (canonical).
    watched: BTreeSet<PathBuf>,
    /// `sys.modules`' length at the last scan: the set of files to watch only changes when it
    /// does, so most polls skip the scan.
    modules_seen: usize,
    /// Changed paths not yet handled.
    pending: BTreeSet<PathBuf>,
    report: Reporter,
}

impl Watcher {
    /// A watcher that coalesces the events of one file within `debounce` (an editor's save is
    /// often a write, a rename and a chmod) and sends its reports to `report`.
    pub fn new(debounce: Duration, report: Reporter) -> Result<Watcher, String> {
        let (tx, rx) = channel();
        let debouncer = new_debouncer(debounce, None, tx).map_err(|e| e.to_string())?;
        Ok(Watcher {
            debouncer,
            events: rx,
            watched: BTreeSet::new(),
            modules_seen: usize::MAX,
            pending: BTreeSet::new(),
            report,
        })
    }

    /// Watch `dir` (not its subdirectories: only directories that hold loaded modules are
    /// watched, so a big tree costs nothing).
    fn watch_dir(&mut self, dir: &Path) -> Option<WatchReport> {
        let dir = canonical(dir);
        if self.watched.contains(&dir) || !dir.is_dir() {
            return None;
        }
        match self.debouncer.watch(&dir, RecursiveMode::NonRecursive) {
            Ok(()) => {
                self.watched.insert(dir);
                None
            }
            Err(e) => {
                // Remember it anyway: one report per directory, not one per poll.
                self.watched.insert(dir.clone());
                Some(WatchReport::WatchError(format!(
                    "cannot watch {}: {e}",
                    dir.display()
                )))
            }
        }
    }

    /// Move what the debouncer sent into `pending`.
    fn take(&mut self, result: DebounceEventResult, reports: &mut Vec<WatchReport>) {
        match result {
            Ok(events) => {
                for e in events {
                    // Opening and reading a file is not a change, and the reloads themselves
                    // read the files: counting those would reload forever.
                    if matches!(e.event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    self.pending.extend(e.event.paths.iter().cloned());
                }
            }
            Err(errors) => reports.extend(
                errors
                    .into_iter()
                    .map(|e| WatchReport::WatchError(e.to_string())),
            ),
        }
    }

    fn drain(&mut self, reports: &mut Vec<WatchReport>) {
        while let Ok(r) = self.events.try_recv() {
            self.take(r, reports);
        }
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Put `watcher` into `vm`: the directories of the modules loaded so far are watched (and of
/// those imported later, at each poll), and `time.sleep` waits for edits and reloads them.
pub fn install_watcher(vm: &mut Vm, watcher: Watcher) {
    vm.set_extension(watcher);
    vm.set_extension(SleepHook(Arc::new(|vm: &mut Vm, d: Duration| {
        wait(vm, d);
        Ok(())
    })));
    let _ = poll(vm);
}

/// `(module name, file)` for every module in `sys.modules` loaded from a file, `__main__`
/// included (its file is its `__file__`).
fn module_files(vm: &mut Vm) -> VmResult<Vec<(String, PathBuf)>> {
    let sm = vm.sys_modules()?;
    let names: Vec<String> = crate::policy::dict_entries(vm, sm)
        .into_iter()
        .filter_map(|(k, _)| vm.str_text(k).map(str::to_string))
        .collect();
    let mut out = Vec::new();
    for name in names {
        let file = if name == "__main__" {
            main_file(vm)
        } else {
            with_importer(vm, |imp, _| Ok(imp.slot(&name)))?.and_then(|s| s.file)
        };
        if let Some(f) = file {
            out.push((name, PathBuf::from(f)));
        }
    }
    Ok(out)
}

fn main_file(vm: &mut Vm) -> Option<String> {
    let m = vm.lookup_module("__main__").ok()??;
    let d = vm.module_dict(m)?;
    let f = vm.dict_get_str(d, "__file__").ok()??;
    vm.str_text(f).map(str::to_string)
}

fn sys_modules_len(vm: &mut Vm) -> usize {
    match vm.sys_modules() {
        Ok(sm) => crate::policy::dict_entries(vm, sm).len(),
        Err(_) => 0,
    }
}

/// The hash the importer recorded for the running source of `name`, and the file's hash now:
/// an editor that saves without changing anything (or a file put back as it was after a failed
/// edit) triggers no reload.
fn unchanged(vm: &mut Vm, name: &str, file: &Path) -> bool {
    let live = with_importer(vm, |imp, _| Ok(imp.slot(name)))
        .ok()
        .flatten()
        .map(|s| s.source_hash);
    let Ok(text) = std::fs::read_to_string(file) else {
        return false;
    };
    live == Some(hotpy_modules::importer::source_hash(&text))
}

/// Handle the edits that have arrived: reload each changed module with its dependents.
/// Returns what happened (also sent to the watcher's reporter). Does nothing when no watcher
/// is installed, or when called from inside a reload (a module body that sleeps).
pub fn poll(vm: &mut Vm) -> Vec<WatchReport> {
    // Taking the watcher out of the VM is also the re-entrancy guard: a module body that calls
    // `time.sleep` while being reloaded finds no watcher and just sleeps.
    let Some(mut w) = vm.take_extension::<Watcher>() else {
        return Vec::new();
    };
    let mut reports = Vec::new();
    w.drain(&mut reports);
    let n = sys_modules_len(vm);
    let rescan = n != w.modules_seen;
    let files = if rescan || !w.pending.is_empty() {
        module_files(vm).unwrap_or_default()
    } else {
        Vec::new()
    };
    if rescan {
        w.modules_seen = n;
        let dirs: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|(_, f)| f.parent().map(Path::to_path_buf))
            .collect();
        for d in dirs {
            reports.extend(w.watch_dir(&d));
        }
    }
    let changed = std::mem::take(&mut w.pending);
    if !changed.is_empty() {
        let by_file: BTreeMap<PathBuf, Vec<String>> =
            files.iter().fold(BTreeMap::new(), |mut m, (name, f)| {
                m.entry(canonical(f)).or_default().push(name.clone());
                m
            });
        let mut to_reload: Vec<(String, PathBuf)> = Vec::new();
        for path in &changed {
            let Some(names) = by_file.get(&canonical(path)) else {
                continue;
            };
            for name in names {
                if name == "__main__" {
                    reports.push(WatchReport::MainChanged { path: path.clone() });
                } else if !unchanged(vm, name, path) {
                    to_reload.push((name.clone(), path.clone()));
                }
            }
        }
        let mut done: BTreeSet<String> = BTreeSet::new();
        for (name, _) in to_reload {
            // A cascade from an earlier edit of this batch already reloaded it from its file.
            if done.contains(&name) {
                continue;
            }
            match engine::reload(vm, &name, true) {
                Ok(events) => {
                    for e in events {
                        done.insert(e.module.clone());
                        reports.push(WatchReport::Reloaded(e));
                    }
                }
                Err(e) => {
                    let error = engine::error_text(vm, &e.error);
                    let generation = engine::generation(vm, &name);
                    reports.push(WatchReport::Failed {
                        failed_in: (e.module != name).then_some(e.module),
                        module: name,
                        generation,
                        error,
                    });
                }
            }
        }
    }
    if !reports.is_empty() {
        // Keep the program's output and the reload lines in the order they happened.
        vm.flush_stdout();
        for r in &reports {
            (w.report)(r);
        }
    }
    vm.set_extension(w);
    reports
}

/// Wait `duration`, reloading edits as they arrive (the `time.sleep` hook). Without a watcher
/// (or inside a reload) this is a plain sleep.
pub fn wait(vm: &mut Vm, duration: Duration) {
    // The program is about to go quiet: show what it printed so far.
    vm.flush_stdout();
    let now = Instant::now();
    // An absurd duration must not overflow the clock: a century is forever enough.
    let deadline = now
        .checked_add(duration)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 86_400)))
        .unwrap_or(now);
    loop {
        poll(vm);
        let now = Instant::now();
        if now >= deadline {
            return;
        }
        let Some(mut w) = vm.take_extension::<Watcher>() else {
            std::thread::sleep(deadline - now);
            return;
        };
        let got = w.events.recv_timeout(deadline - now);
        let mut reports = Vec::new();
        let stop = match got {
            Ok(r) => {
                w.take(r, &mut reports);
                false
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => {
                // The debouncer is gone: nothing more will arrive; sleep out the rest.
                std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                true
            }
        };
        for r in &reports {
            (w.report)(r);
        }
        vm.set_extension(w);
        if stop {
            // Edits that arrived with the last event are still handled before returning.
            poll(vm);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(changed: &[&str], added: &[&str], removed: &[&str]) -> ReloadEvent {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        ReloadEvent {
            module: "rules".into(),
            old_generation: 1,
            new_generation: 2,
            changed: names(changed),
            added: names(added),
            removed: names(removed),
            duration: Duration::from_micros(410),
            error: None,
        }
    }

    #[test]
    fn the_reload_line() {
        let r = WatchReport::Reloaded(event(&["score", "step"], &[], &[]));
        assert_eq!(
            r.to_string(),
            "[reload] rules: generation 1 → 2, changed: score, step (0.41 ms)"
        );
        let r = WatchReport::Reloaded(event(&[], &["bonus"], &["old"]));
        assert_eq!(
            r.to_string(),
            "[reload] rules: generation 1 → 2, added: bonus, removed: old (0.41 ms)"
        );
        let r = WatchReport::Reloaded(event(&[], &[], &[]));
        assert!(r.to_string().contains(", no names changed ("));
    }

    #[test]
    fn the_failure_line() {
        let r = WatchReport::Failed {
            module: "rules".into(),
            failed_in: None,
            generation: 2,
            error: "SyntaxError: invalid syntax (rules.py, line 3)".into(),
        };
        assert_eq!(
            r.to_string(),
            "[reload] rules: SyntaxError: invalid syntax (rules.py, line 3) — old generation 2 \
             still running"
        );
        let r = WatchReport::Failed {
            module: "colors".into(),
            failed_in: Some("shapes".into()),
            generation: 1,
            error: "NameError: name 'x' is not defined".into(),
        };
        assert!(r
            .to_string()
            .starts_with("[reload] colors: dependent shapes failed: NameError"));
    }

    #[test]
    fn polling_without_a_watcher_does_nothing() {
        let mut vm = Vm::default();
        assert!(poll(&mut vm).is_empty());
        // And waiting is a plain sleep.
        let t = Instant::now();
        wait(&mut vm, Duration::from_millis(5));
        assert!(t.elapsed() >= Duration::from_millis(5));
    }

    #[test]
    fn the_watcher_starts_and_polls_nothing_when_nothing_changed() {
        let report: Reporter = Arc::new(|_| {});
        let w = Watcher::new(Duration::from_millis(10), report).expect("watcher");
        let mut vm = Vm::default();
        install_watcher(&mut vm, w);
        assert!(poll(&mut vm).is_empty());
        assert!(
            vm.extension::<Watcher>().is_some(),
            "the watcher goes back in"
        );
    }
}
