//! hotpy: an embeddable Python 3 interpreter with hot reload of modules.
//!
//! This is the facade embedders depend on. It re-exports the layers below it (hot reload is
//! [`reload`]).
//!
//! Modules: build an [`Importer`], register native modules ([`NativeModule`], typed through
//! [`FromPy`]/[`IntoPy`]) and in-memory sources, then [`install`] it into a [`Vm`] with a
//! [`ModulesConfig`] (`sys.argv`, `sys.path`). `examples/native_module.rs` shows the whole
//! round trip.
//!
//! Many VMs: a [`VmFactory`] makes fully set-up VMs (module system, reload layer, [`Limits`])
//! that share the standard library's declarations and compiled code through `Arc`s, so a new
//! VM costs tens of microseconds; each VM is independent and `Send`, so VMs run on different
//! threads in parallel. Stop a running VM from another thread with its
//! [`InterruptHandle`] (`Vm::interrupt_handle`).
//!
//! Message passing: VMs share no objects; they exchange [`Shareable`] values (copied) over
//! channels ([`channel`], a [`Channel`] handle usable from Rust threads too), which a VM sees as
//! `concurrent.interpreters.Queue` objects ([`queue_object`]). Python code makes its own
//! interpreters and queues with `concurrent.interpreters` (PEP 734).

mod factory;
mod limits;

pub use factory::{VmFactory, VmFactoryBuilder};
pub use limits::Limits;

pub use hotpy_compiler as compiler;
pub use hotpy_lexer as lexer;
pub use hotpy_modules as modules;
pub use hotpy_reload as reload;
pub use hotpy_vm as vm;

pub use hotpy_modules::interpreters::queue::{
    channel, queue_object, queue_of, QueueCore as Channel,
};
pub use hotpy_modules::shareable::Shareable;
pub use hotpy_modules::{
    install, register_main, Config as ModulesConfig, FromPy, Importer, IntoPy, Loader,
    ModuleSource, NativeClass, NativeModule,
};
pub use hotpy_vm::{InterruptHandle, Value, Vm, VmError, VmResult};
