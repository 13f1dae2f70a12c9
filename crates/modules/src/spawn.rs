//! How a VM makes another VM: the [`Spawner`] extension.
//!
//! The `interpreters` module (`interpreters.create()`) and the reload layer's `isolate` policy
//! build child VMs. A child should be configured like its parent (compiler, module system,
//! reload layer, limits), which only the embedder knows, so the embedder (the `hotpy` facade's
//! factory) stores a [`Spawner`] in each VM it makes with [`Vm::set_extension`]. A VM without
//! one spawns with [`default_spawn`]: the module system with the standard library and nothing
//! else.

use hotpy_vm::{Vm, VmResult};
use std::sync::Arc;

/// Builds a new, independent VM configured like the one it is stored in (a [`Vm`] extension).
#[derive(Clone)]
pub struct Spawner(pub Arc<dyn Fn() -> VmResult<Vm> + Send + Sync>);

impl std::fmt::Debug for Spawner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spawner")
    }
}

/// A new VM configured like `vm`: by `vm`'s [`Spawner`], or else with `vm`'s module system
/// (the same shared standard library and compiled code, the same `sys` settings) when it has
/// the hotpy importer, or else by [`default_spawn`].
pub fn spawn_from(vm: &Vm) -> VmResult<Vm> {
    if let Some(spawner) = vm.extension::<Spawner>() {
        return (spawner.0)();
    }
    let parent = crate::importer::importer_of(vm);
    let parent = parent
        .as_ref()
        .and_then(|h| h.as_any())
        .and_then(|a| a.downcast_ref::<crate::Importer>());
    match parent.and_then(|p| Some((p.shared()?.clone(), p.sys_settings().clone()))) {
        Some((shared, sys)) => {
            let mut child = Vm::default();
            let importer = crate::Importer::new().with_shared(shared).with_sys(sys);
            crate::install_importer(&mut child, importer)?;
            Ok(child)
        }
        None => default_spawn(),
    }
}

/// A VM with the module system and the standard library installed (no reload layer), whose
/// own children share its standard library (see [`spawn_from`]).
pub fn default_spawn() -> VmResult<Vm> {
    let mut vm = Vm::default();
    crate::install(&mut vm, crate::Importer::new(), &crate::Config::default())?;
    Ok(vm)
}
