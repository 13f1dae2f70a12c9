//! Hot reload for hotpy: generations, swappable reload policies, atomic rollback and the
//! dependency cascade.
//!
//! - [`policy`]: the public [`ReloadPolicy`] trait and the built-in policies `reexec` (CPython's
//!   `importlib.reload`), `fresh` (clear, then re-run), `upgrade` (classes and functions keep
//!   their identity and take the new code) and `isolate` ([`isolate`]: each module in a child VM
//!   of its own, seen through a proxy module).
//! - [`engine`]: a reload is a transaction — compile, run under the policy, call the new code's
//!   `__reload__(old_globals)`, then commit — or, on any error, undo every change. Each module
//!   keeps a history of generations; the last few (default 1) stay undoable for
//!   [`rollback`], older ones are dropped and collected. [`reload`] with `cascade` reloads the
//!   module's dependents after it, in dependency order, atomically as a group.
//!
//! - [`watch`]: reload modules when their files are saved (`hotpy --watch`): a debounced file
//!   watcher whose events the VM handles at safe points (`time.sleep`, `hotreload.poll()`).
//!
//! [`install`] puts the layer into a VM whose import system is `hotpy-modules`': it makes
//! `importlib.reload` use the VM's policy and registers the `hotreload` module.

pub mod engine;
pub mod isolate;
pub mod policy;
mod pymodule;
pub mod watch;

pub use engine::{
    cascade_order, dependents, generation, history, policy as current_policy, reload,
    reload_module_object, rollback, set_generations_kept, set_policy, set_policy_by_name, stats,
    subscribe, watch_policy, Generation, Listener, ReloadError, ReloadEvent, Status,
};
pub use policy::{
    policy_by_name, Fresh, Isolate, Reexec, ReloadPolicy, Transaction, Upgrade, POLICY_NAMES,
};
pub use watch::{install_watcher, poll, Reporter, WatchReport, Watcher};

use hotpy_modules::Importer;
use hotpy_vm::Vm;
use std::sync::Arc;

/// Install the reload layer in `vm` with `policy`: `importlib.reload` reloads through it and
/// `import hotreload` works. The VM's importer is `importer` (from `hotpy_modules::install`).
pub fn install(vm: &mut Vm, importer: &Importer, policy: Arc<dyn ReloadPolicy>) {
    set_policy(vm, policy);
    vm.set_extension(hotpy_modules::importer::ReloadHook(Arc::new(
        engine::reload_module_object,
    )));
    vm.set_extension(hotpy_modules::importer::SourceExecHook(Arc::new(
        isolate::load_isolated,
    )));
    // A factory shares one declaration of `hotreload` (in its `SharedModules` table) between
    // its VMs instead of building one per VM.
    if !importer.is_registered("hotreload") {
        importer.register_native(pymodule::module());
    }
}

/// The `hotreload` module's declaration, for a shared module table
/// ([`hotpy_modules::SharedModules`]): [`install`] then does not build one per VM.
pub fn hotreload_module() -> hotpy_modules::NativeModule {
    pymodule::module()
}
