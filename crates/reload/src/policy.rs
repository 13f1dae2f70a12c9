//! The [`ReloadPolicy`] trait and the built-in policies.
//!
//! A policy decides how a module's new code becomes its live state. It runs inside a
//! [`Transaction`], which records every change so that a failure anywhere (the new code raising,
//! `__reload__` raising, a dependent failing in a cascade) puts the module back exactly as it was.

use hotpy_compiler::bytecode::Code;
use hotpy_vm::class::upgrade::{self, UpgradeLog};
use hotpy_vm::error::VmResult;
use hotpy_vm::object::Object;
use hotpy_vm::value::{ObjRef, Value};
use hotpy_vm::Vm;
use std::sync::Arc;

/// The entries every policy keeps from the live namespace (what the import system set up).
pub const KEPT_NAMES: &[&str] = &[
    "__name__",
    "__file__",
    "__package__",
    "__spec__",
    "__loader__",
    "__path__",
    "__builtins__",
    "__cached__",
];

/// One reload of one module in progress: the module, its code, and the undo record.
pub struct Transaction {
    /// The module object (it keeps its identity under every policy).
    pub module: Value,
    /// The module's name.
    pub name: String,
    /// The new generation's compiled code.
    pub code: Arc<Code>,
    /// The namespace before the reload.
    pub old_dict: ObjRef,
    /// A copy of the namespace before the reload (what `__reload__(old)` receives).
    pub snapshot: ObjRef,
    /// Every change made to live objects, for rollback.
    pub log: UpgradeLog,
    /// What the policy itself needs to undo this reload (the `isolate` policy keeps the child
    /// VM that served before), kept as long as the transaction is.
    pub policy_state: Option<Box<dyn std::any::Any + Send>>,
}

impl Transaction {
    /// The module's namespace now.
    pub fn live_dict(&self, vm: &Vm) -> Option<ObjRef> {
        vm.module_dict(self.module)
    }

    /// Make the module's namespace exactly the snapshot's entries again (for policies that run
    /// the new code in the live namespace).
    pub fn restore_entries(&self, vm: &mut Vm) -> VmResult<()> {
        let entries = dict_entries(vm, self.snapshot);
        if let Object::Dict(d) = vm.heap.get_mut(self.old_dict) {
            d.clear();
        }
        for (k, v) in entries {
            hotpy_vm::ops::dict_set(&mut vm.heap, self.old_dict, k, v)?;
        }
        Ok(())
    }
}

/// Whether namespace entry `k = v` of module `module` belongs to the import system rather than
/// to the module's source: one of [`KEPT_NAMES`], or a submodule bound on its package (`pkg.sub`
/// is `sys.modules["pkg.sub"]`), which the package's new code does not recreate.
pub fn import_entry(vm: &mut Vm, module: &str, k: Value, v: Value) -> bool {
    match vm.str_text(k) {
        Some(key) if KEPT_NAMES.contains(&key) => return true,
        Some(_) => {}
        None => return false,
    }
    // Most entries are not modules: no copy of their name.
    if vm.module_dict(v).is_none() {
        return false;
    }
    let Some(key) = vm.str_text(k).map(str::to_string) else {
        return false;
    };
    matches!(vm.lookup_module(&format!("{module}.{key}")), Ok(Some(m)) if m.is(v))
}

/// Empty module `module`'s namespace `d` but for the import system's entries
/// ([`import_entry`]), in one pass (deleting entry by entry shifts the rest each time).
pub(crate) fn keep_only_import_entries(vm: &mut Vm, module: &str, d: ObjRef) -> VmResult<()> {
    let keep: Vec<bool> = dict_entries(vm, d)
        .into_iter()
        .map(|(k, v)| import_entry(vm, module, k, v))
        .collect();
    hotpy_vm::ops::dict_retain_positions(&mut vm.heap, d, &keep)
}

/// The entries of dict object `d`.
pub fn dict_entries(vm: &Vm, d: ObjRef) -> Vec<(Value, Value)> {
    match vm.heap.get(d) {
        Object::Dict(t) => t.iter().map(|(k, v)| (k, *v)).collect(),
        _ => Vec::new(),
    }
}

/// How a module's new code becomes its live state. Implement it to write your own policy;
/// install it with [`crate::set_policy`].
pub trait ReloadPolicy: Send + Sync {
    /// The policy's name (`"upgrade"`).
    fn name(&self) -> &str;

    /// Run `tx.code` as the module's new generation. On error the caller rolls back: the
    /// policy must record in `tx` (or make undoable through [`Transaction::restore_entries`])
    /// every change it makes to live objects.
    fn apply(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()>;

    /// Undo what [`ReloadPolicy::apply`] did (also after it succeeded, for a failed cascade or a
    /// failing `__reload__`). The default undoes the log and restores the namespace entries.
    fn undo(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        tx.log.rollback(vm)?;
        tx.restore_entries(vm)
    }
}

/// CPython's `importlib.reload`: the new code runs in the existing namespace; names the new
/// source no longer defines persist; old instances keep their old classes.
#[derive(Debug, Default)]
pub struct Reexec;

impl ReloadPolicy for Reexec {
    fn name(&self) -> &str {
        "reexec"
    }
    fn apply(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        vm.run_code(tx.code.clone(), tx.old_dict)?;
        Ok(())
    }
}

/// The namespace is cleared (keeping the import system's entries: [`KEPT_NAMES`] and submodules
/// bound on a package) and the new code runs: stale names disappear; old instances keep their
/// old classes.
#[derive(Debug, Default)]
pub struct Fresh;

impl ReloadPolicy for Fresh {
    fn name(&self) -> &str {
        "fresh"
    }
    fn apply(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        keep_only_import_entries(vm, &tx.name, tx.old_dict)?;
        vm.run_code(tx.code.clone(), tx.old_dict)?;
        Ok(())
    }
}

/// The new code runs in a scratch namespace, which then becomes the module's: classes and
/// functions that existed keep their identity and take the new bodies and code (live instances,
/// subclasses elsewhere, `from m import f` and stored callbacks all see the new code); enum
/// members that still exist keep their identity; names the new source no longer defines are
/// gone (except the import system's entries, as under [`Fresh`]).
#[derive(Debug, Default)]
pub struct Upgrade;

impl ReloadPolicy for Upgrade {
    fn name(&self) -> &str {
        "upgrade"
    }
    fn apply(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        let old_entries = dict_entries(vm, tx.old_dict);
        // The new code defines about as many names as the old one did.
        let scratch = vm.new_dict_with_capacity(old_entries.len())?;
        let _root = vm.root(scratch);
        let sref = scratch.as_obj().expect("dict");
        for (k, v) in old_entries {
            if import_entry(vm, &tx.name, k, v) {
                hotpy_vm::ops::dict_set(&mut vm.heap, sref, k, v)?;
            }
        }
        vm.run_code(tx.code.clone(), sref)?;
        // Merge: what existed keeps its identity.
        let kept = |vm: &Vm, k: Value| vm.str_text(k).is_some_and(|s| KEPT_NAMES.contains(&s));
        upgrade::merge_namespace(vm, tx.old_dict, sref, kept, &mut tx.log)?;
        upgrade::retarget_instances(vm, sref, &mut tx.log)?;
        upgrade::set_module_dict(vm, tx.module, sref, &mut tx.log);
        Ok(())
    }

    fn undo(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        // The old namespace was never written: undoing the log restores the module's dict and
        // every merged object.
        tx.log.rollback(vm)
    }
}

pub use crate::isolate::Isolate;

/// The built-in policy called `name`.
pub fn policy_by_name(name: &str) -> Option<Arc<dyn ReloadPolicy>> {
    Some(match name {
        "reexec" => Arc::new(Reexec),
        "fresh" => Arc::new(Fresh),
        "upgrade" => Arc::new(Upgrade),
        "isolate" => Arc::new(Isolate),
        _ => return None,
    })
}

/// The names of the built-in policies.
pub const POLICY_NAMES: &[&str] = &["reexec", "fresh", "upgrade", "isolate"];
