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

/// A new VM configured like `vm`: by `vm`'s [`Spawner`], or else by [`default_spawn`].
pub fn spawn_from(vm: &Vm) -> VmResult<Vm> {
    match vm.extension::<Spawner>() {
        Some(spawner) => (spawner.0)(),
        None => default_spawn(),
    }
}

/// A VM with the module system and the standard library installed (no reload layer), whose
/// own children are made the same way.
pub fn default_spawn() -> VmResult<Vm> {
    let mut vm = Vm::default();
    crate::install(&mut vm, crate::Importer::new(), &crate::Config::default())?;
    Ok(vm)
}
