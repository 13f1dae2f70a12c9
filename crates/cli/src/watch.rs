//! `--watch`: the file watcher that reloads the program's modules while it runs
//! (`hotpy_reload::watch` does the work; this file only says where the reload lines go; the
//! policy is chosen by `RunOptions::policy_name`).

use std::sync::Arc;
use std::time::Duration;

use hotpy::vm::Vm;

use crate::commands::RunOptions;

/// How long a file must be quiet before its change is handled: editors save in bursts (write,
/// rename, chmod), and one reload per save is what the user expects. Short enough to feel
/// immediate.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// With `--watch`, start watching the program's modules (the reload policy, `upgrade` unless
/// `--reload-policy` says otherwise, was given to the VM by its factory).
pub(crate) fn configure(vm: &mut Vm, opts: &RunOptions) -> Result<(), String> {
    if opts.watch {
        let report: hotpy::reload::Reporter = Arc::new(|r| eprintln!("{r}"));
        let watcher = hotpy::reload::Watcher::new(DEBOUNCE, report)
            .map_err(|e| format!("--watch: cannot start the file watcher: {e}"))?;
        hotpy::reload::install_watcher(vm, watcher);
    }
    Ok(())
}
