//! [`Limits`]: what one VM may spend (instructions, heap, recursion depth).

use hotpy_vm::{Vm, VmConfig};

/// Per-VM resource limits, applied by a [`VmFactory`](crate::VmFactory) to each VM it makes
/// (children made through the VM's spawner get the same limits, each its own allowance).
///
/// Running out of the instruction budget or the heap ends the run with a
/// [`VmError::Limit`](hotpy_vm::VmError::Limit), which Python code cannot catch (a sandboxed
/// script must not be able to swallow it); the recursion limit raises an ordinary
/// `RecursionError`, as in CPython.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// How many backward jumps and calls the VM may execute in all (`None`: unlimited). Those
    /// are the points where the interpreter checks, so every loop iteration and every call
    /// counts one; straight-line code between them is bounded by the code's length.
    pub max_instructions: Option<u64>,
    /// Cap on the estimated bytes of live heap objects (`None`: unlimited).
    pub heap_limit: Option<usize>,
    /// The maximum depth of Python calls (`sys.getrecursionlimit()`; `None`: CPython's 1000).
    pub recursion_limit: Option<usize>,
}

impl Limits {
    /// No limits.
    pub fn none() -> Self {
        Self::default()
    }

    /// The VM configuration that carries the heap limit (the heap is sized when the VM is
    /// made).
    pub fn vm_config(&self) -> VmConfig {
        VmConfig {
            heap_limit: self.heap_limit,
            ..VmConfig::default()
        }
    }

    /// Apply the limits to an existing VM (a `None` field leaves that setting as it is; the
    /// instruction budget starts afresh).
    pub fn apply(&self, vm: &mut Vm) {
        if let Some(n) = self.max_instructions {
            vm.set_budget(Some(n));
        }
        if let Some(bytes) = self.heap_limit {
            vm.heap.set_limit(Some(bytes));
        }
        if let Some(depth) = self.recursion_limit {
            vm.set_recursion_limit(depth);
        }
    }
}
