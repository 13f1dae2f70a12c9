//! `--watch` and `--reload-policy`: the reload policy of a run, and the file watcher that
//! reloads the program's modules while it runs (`hotpy_reload::watch` does the work; this file
//! only chooses the policy and where the reload lines go).

use std::sync::Arc;
use std::time::Duration;

use hotpy::vm::Vm;

use crate::commands::RunOptions;

/// How long a file must be quiet before its change is handled: editors save in bursts (write,
/// rename, chmod), and one reload per save is what the user expects. Short enough to feel
/// immediate.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Set the run's reload policy (`--reload-policy`, else `upgrade` with `--watch`, else the
/// installed `reexec`) and, with `--watch`, start watching the program's modules.
pub(crate) fn configure(vm: &mut Vm, opts: &RunOptions) -> Result<(), String> {
    let policy = match &opts.policy {
        // The argument parser accepts only the built-in names; this refusal is for callers
        // that build `RunOptions` themselves.
        Some(name) => hotpy::reload::policy_by_name(name)
            .ok_or_else(|| format!("unknown reload policy '{name}'"))?,
        None if opts.watch => hotpy::reload::watch_policy(),
        None => return Ok(()),
    };
    hotpy::reload::set_policy(vm, policy);
    if opts.watch {
        let report: hotpy::reload::Reporter = Arc::new(|r| eprintln!("{r}"));
        let watcher = hotpy::reload::Watcher::new(DEBOUNCE, report)
            .map_err(|e| format!("--watch: cannot start the file watcher: {e}"))?;
        hotpy::reload::install_watcher(vm, watcher);
    }
    Ok(())
}
