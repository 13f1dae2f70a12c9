//! [`VmFactory`]: makes fully set-up VMs cheaply by sharing what does not change between them.
//!
//! What a VM needs that does not change — the pre-interned names, the standard library's module
//! declarations, the compiled code of its bundled Python sources, the `sys` settings, the
//! reload policy — is immutable, so a factory builds it once and each new VM takes `Arc`
//! clones of it. Everything mutable (heap, interner, `sys.modules`, the import graph) is per
//! VM; nothing is global or thread-local, so VMs from one factory run on different threads at
//! once.

use crate::Limits;
use hotpy_modules::{Config, Importer, ModuleSetup, NativeModule, SharedModules, Spawner};
use hotpy_reload::ReloadPolicy;
use hotpy_vm::error::{ExcKind, VmError};
use hotpy_vm::{SharedNames, Vm, VmResult};
use std::borrow::Cow;
use std::sync::Arc;

/// Makes VMs configured alike: module system installed (modules are imported on demand), the
/// reload layer installed with the factory's policy, [`Limits`] applied, and a [`Spawner`]
/// stored in each VM so its children (the `interpreters` module, the `isolate` reload policy)
/// are made by the same factory and share the same data.
///
/// `Clone` (an `Arc` clone), `Send` and `Sync`: share one factory between threads.
///
/// ```no_run
/// let factory = hotpy::VmFactory::builder()
///     .limits(hotpy::Limits { max_instructions: Some(1_000_000), ..Default::default() })
///     .build()
///     .expect("a known reload policy");
/// let mut vm = factory.new_vm().expect("a VM");
/// ```
#[derive(Clone)]
pub struct VmFactory {
    inner: Arc<Inner>,
}

struct Inner {
    modules: ModuleSetup,
    /// The pre-interned names, interned once for all the factory's VMs.
    names: SharedNames,
    config: Config,
    policy: Arc<dyn ReloadPolicy>,
    limits: Limits,
}

impl std::fmt::Debug for VmFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VmFactory")
            .field("config", &self.inner.config)
            .field("policy", &self.inner.policy.name())
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl Default for VmFactory {
    /// The standard library, an empty `sys.argv` and `sys.path`, the `reexec` policy, no
    /// limits.
    fn default() -> Self {
        VmFactory::from_parts(
            SharedNames::new(),
            ModuleSetup::with_modules(Arc::new(builder_table()), &Config::default()),
            Config::default(),
            Arc::new(hotpy_reload::Reexec),
            Limits::default(),
        )
    }
}

/// The standard library plus the `hotreload` module, so that `hotpy_reload::install` finds it
/// declared and does not build it per VM.
fn builder_table() -> SharedModules {
    let mut table = hotpy_modules::stdlib::table();
    table.register_native(hotpy_reload::hotreload_module());
    table
}

impl VmFactory {
    /// A factory with the defaults ([`VmFactory::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Choose the configuration, policy, limits and extra modules.
    pub fn builder() -> VmFactoryBuilder {
        VmFactoryBuilder::default()
    }

    fn from_parts(
        names: SharedNames,
        modules: ModuleSetup,
        config: Config,
        policy: Arc<dyn ReloadPolicy>,
        limits: Limits,
    ) -> Self {
        VmFactory {
            inner: Arc::new(Inner {
                modules,
                names,
                config,
                policy,
                limits,
            }),
        }
    }

    /// A new, independent VM, ready to run code.
    pub fn new_vm(&self) -> VmResult<Vm> {
        let (vm, _) = self.new_vm_with_importer()?;
        Ok(vm)
    }

    /// A new VM and its importer (for registering modules of this VM only, or asking the
    /// import graph).
    pub fn new_vm_with_importer(&self) -> VmResult<(Vm, Arc<Importer>)> {
        let inner = &self.inner;
        let mut vm = Vm::with_names(inner.limits.vm_config(), inner.names.clone());
        inner.limits.apply(&mut vm);
        let importer = inner.modules.install(&mut vm)?;
        hotpy_reload::install(&mut vm, &importer, inner.policy.clone());
        let factory = self.clone();
        vm.set_extension(Spawner(Arc::new(move || factory.new_vm())));
        Ok((vm, importer))
    }

    /// The same shared names, modules and code, with other limits.
    pub fn with_limits(&self, limits: Limits) -> VmFactory {
        let i = &self.inner;
        VmFactory::from_parts(
            i.names.clone(),
            i.modules.clone(),
            i.config.clone(),
            i.policy.clone(),
            limits,
        )
    }

    /// The same shared names, modules and code, with `sys` set up from `config`.
    pub fn with_config(&self, config: Config) -> VmFactory {
        let i = &self.inner;
        VmFactory::from_parts(
            i.names.clone(),
            i.modules.with_config(&config),
            config,
            i.policy.clone(),
            i.limits,
        )
    }

    /// The limits each VM gets.
    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// How `sys` is set up in each VM.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The name of the reload policy each VM starts with.
    pub fn policy_name(&self) -> &str {
        self.inner.policy.name()
    }

    /// The module table the factory's VMs share (how many sources it has compiled:
    /// [`SharedModules::compiled_count`]).
    pub fn shared_modules(&self) -> &Arc<SharedModules> {
        self.inner.modules.shared()
    }
}

/// Configures a [`VmFactory`].
pub struct VmFactoryBuilder {
    config: Config,
    policy: Cow<'static, str>,
    limits: Limits,
    table: SharedModules,
}

impl Default for VmFactoryBuilder {
    fn default() -> Self {
        VmFactoryBuilder {
            config: Config::default(),
            policy: Cow::Borrowed("reexec"),
            limits: Limits::default(),
            table: builder_table(),
        }
    }
}

impl std::fmt::Debug for VmFactoryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VmFactoryBuilder")
            .field("config", &self.config)
            .field("policy", &self.policy)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl VmFactoryBuilder {
    /// `sys.argv` and `sys.path` of each VM.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The reload policy each VM starts with, by name (one of
    /// [`hotpy_reload::POLICY_NAMES`]; checked by [`VmFactoryBuilder::build`]).
    pub fn reload_policy(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.policy = name.into();
        self
    }

    /// The limits each VM gets.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// A native module every VM can import (declared once, shared; replaces a standard module
    /// of the same name).
    pub fn native_module(mut self, module: NativeModule) -> Self {
        self.table.register_native(module);
        self
    }

    /// Python source of a module every VM can import (compiled once, on its first import).
    pub fn source(
        mut self,
        name: &str,
        source: impl Into<Cow<'static, str>>,
        is_package: bool,
    ) -> Self {
        self.table.register_source(name, source, is_package);
        self
    }

    /// The factory; a `ValueError` for an unknown reload policy name.
    pub fn build(self) -> VmResult<VmFactory> {
        let Some(policy) = hotpy_reload::policy_by_name(&self.policy) else {
            return Err(VmError::new(
                ExcKind::ValueError,
                format!(
                    "unknown reload policy '{}'; expected one of {}",
                    self.policy,
                    hotpy_reload::POLICY_NAMES.join(", ")
                ),
            ));
        };
        let modules = ModuleSetup::with_modules(Arc::new(self.table), &self.config);
        Ok(VmFactory::from_parts(
            SharedNames::new(),
            modules,
            self.config,
            policy,
            self.limits,
        ))
    }
}
