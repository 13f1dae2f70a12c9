//! The hotpy virtual machine: foundations.
//!
//! This crate provides what the interpreter loop and the builtins are built on:
//! - [`value`]: [`Value`], a `Copy` enum of 16 bytes (None, bool, small int, float inline; a heap
//!   handle [`ObjRef`] for everything else);
//! - [`object`]: [`Object`], the closed enum of heap object kinds, and their payloads;
//! - [`heap`]: [`Heap`], the slot arena with a free list and generation-checked handles;
//! - [`gc`]: the tracing mark-and-sweep collector, its roots ([`RootSource`], [`Rooted`]) and pacing;
//! - [`intern`]: the per-VM identifier interner with the dunders pre-interned;
//! - [`numeric`]: Python int and float semantics (inline fast path, big-int slow path);
//! - [`hash`]: CPython's hash functions; [`ops`]: equality, hashing and dict/set access for builtin
//!   values that need the heap but not the interpreter; [`repr`]: `repr`/`str` of builtin values;
//! - [`dict`]: [`PyDict`] on `indexmap` with caller-supplied equality; [`setobject`]: [`PySet`],
//!   CPython 3.11's set table (open addressing, same probes and resizes, so the same iteration
//!   order), also with caller-supplied equality;
//! - [`iter`]: advancing the builtin iterators;
//! - [`format`](mod@format): `format(value, spec)` and `%`-formatting;
//! - [`error`]: [`VmError`] (Python exception / resource limit / internal error);
//! - [`native`]: the native calling convention, `fn(&mut Vm, Args<'_>) -> VmResult<Value>` with a
//!   vectorcall-style [`Args`] view (positional values, then keyword values named by `kwnames`);
//! - [`types`]: the per-type method tables of the builtin types ([`types::MethodDef`]), consulted
//!   by `LOAD_METHOD`/`LOAD_ATTR` on builtin values;
//! - [`interp`]: the interpreter's runtime state (always a GC root) and the dispatch loop.
//!
//! # Rooting
//! The collector runs only at safe points: [`Vm::safepoint`], [`Vm::alloc`] and [`Vm::collect`],
//! each given a [`RootSource`] (the interpreter's frames and stacks; a native's temporaries).
//! Rust code that must keep a value alive across safe points without being a `RootSource`
//! holds a [`Rooted`] from [`Vm::root`]. [`Heap::alloc`] never collects, so a native may build
//! several objects with `vm.heap.alloc` and root them all at its next safe point.
//! [`Vm::alloc`] also keeps the children of the object being allocated alive. Set
//! `HOTPY_GC_STRESS=1` to collect at every safe point (any test suite becomes a rooting test).
//! A stale handle (a rooting bug) is reported as [`VmError::Internal`] by `try_get`, never UB.
//!
//! # The interpreter ([`interp`], [`builtins`], [`function`], [`traceback`])
//! - **Frames** are windows into one VM-wide value stack (`Vec<Value>`): a frame's fast locals,
//!   cells and free variables, then its evaluation stack. A call leaves `[NULL|method,
//!   callable|self, args…]` on the caller's stack; a Python callee's frame starts at its first
//!   argument, so exact positional calls copy nothing. Python → Python calls push a frame and
//!   continue the same loop; only natives calling back ([`Vm::call`]) re-enter it, and both
//!   count towards the recursion limit ([`Vm::set_recursion_limit`], 1000 by default).
//! - **Code** is loaded once per VM into a [`function::LoadedCode`] (constants as values, names
//!   as str objects and interned ids, inline caches), owned by an `Object::Code` and shared by
//!   the functions made from it. Caches live there, never in the immutable `Code`:
//!   `LOAD_GLOBAL` caches (globals identity, dict version, entry index) with a builtins
//!   fallback; `LOAD_METHOD` caches (builtin type, method object).
//! - **Exceptions** are heap objects (`Object::Exception`); natives raise cheap `VmError`s that
//!   the loop materialises. Handling is table-driven (the code's exception table); `__context__`
//!   is set when raising while handling, `__cause__` by `raise … from …`; tracebacks record
//!   (code, offset) per frame and render lazily as CPython 3.11 (without carets). Resource
//!   limits ([`Vm::set_budget`], the heap limit) unwind every frame: `except` never sees them.
//! - **Natives** use [`native::Args`]; the methods of builtin types are natives in per-type
//!   tables ([`types`]), found by `LOAD_METHOD`/`LOAD_ATTR` without touching the loop.
//! - **Roots**: the interpreter state (`interp::Runtime`: stack, frames, handled exception,
//!   builtins, type objects, method tables, natives' temporary roots) is always traced; the
//!   collector runs at backward jumps, function entry and [`Vm::alloc`].
//!
//! # User `__eq__` and `__hash__` (for the interpreter)
//! [`PyDict`]/[`PySet`] never hash or compare keys themselves: [`dict::Table::find`] (and
//! [`setobject::SetTable::find`]) takes the
//! key's Python hash and an `eq` callback returning `VmResult<bool>`. The helpers in [`ops`]
//! plug in builtin equality; the interpreter computes `__hash__` itself for instances and passes
//! a callback that calls `__eq__` (collect candidate indices, release the heap borrow, call out,
//! then re-check [`dict::Table::version`] as CPython does when a dict mutates during lookup).
//! Likewise `%`-formatting asks a [`format::FormatHost`] for `str()`/`repr()`/`__index__`.
//!
//! # Departures from `ARCHITECTURE.md`
//! - The interner is per VM (`lasso::Rodeo`) over a read-only table of the pre-interned dunder
//!   names that VMs may share ([`SharedNames`], an `Arc`): VMs stay independent and `Send`
//!   without locks, and a new VM does not intern the dunders again.
//! - The host handle is an untyped [`Rooted`] holding a [`Value`] (not `Rooted<T>`): values are
//!   untyped handles anyway, and one table of `Value`s keeps the collector simple.
//! - Stale handles are detected by a generation check in every build (not only debug): the check
//!   is one compare, and a stale read is then an internal error instead of reading another object.
//! - Inline ints compare identical by value (`Value::is`): CPython caches only -5..=256, but no
//!   correct program depends on two equal ints being distinct objects.
//! - Strings hash with SipHash-1-3 under a zero key: `hash('abc')` equals CPython's under
//!   `PYTHONHASHSEED=0`; hashes are not randomised per process. `hash(nan)` is 0 (CPython 3.10+
//!   uses the object's identity, which an inline float does not have).
//! - Recursion through nested containers in `repr`, `==` and `hash` uses explicit work stacks and
//!   a depth limit ([`VmConfig::max_depth`]) that raises RecursionError, as CPython does, so no
//!   input can overflow the Rust stack.
//! - The heap limit is a resource limit ([`error::Limit::Heap`], not catchable) while an absurd
//!   size request (`[0] * 10**12`) is a catchable `MemoryError` before any allocation
//!   ([`error::checked_repeat_len`], capped at [`error::MAX_SEQUENCE_BYTES`]); ints larger than
//!   [`numeric::int::MAX_INT_BITS`] are refused with `MemoryError` instead of computed for minutes.
//! - No complex numbers yet: `(-8.0) ** 0.5` raises `ValueError` where CPython returns a complex.
//! - `int(s)` accepts ASCII digits only (CPython also accepts other Unicode decimal digits).

pub mod builtins;
pub mod class;
pub mod dict;
pub mod error;
pub mod format;
pub mod function;
pub mod gc;
pub mod hash;
pub mod heap;
pub mod import;
pub mod intern;
pub mod interp;
pub mod iter;
pub mod native;
pub mod numeric;
pub mod object;
pub mod ops;
pub mod repr;
pub mod setobject;
pub mod strtext;
pub mod traceback;
pub mod types;
pub mod value;

pub use dict::{PyDict, PySet};
pub use error::{ExcKind, VmError, VmResult};
pub use gc::{GcConfig, NoRoots, RootSource, Rooted};
pub use heap::Heap;
pub use import::{ImportHook, ImportRequest};
pub use intern::{Interner, Name, Names, SharedNames};
pub use native::{Args, NativeClosure, NativeFnPtr};
pub use object::{Object, PyStr};
pub use value::{ObjRef, Value};

use gc::{Gc, RootTable, Tracer};

/// VM configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VmConfig {
    /// Cap on the estimated bytes of live heap objects; `None` for no cap.
    pub heap_limit: Option<usize>,
    /// Collector tuning (pacing factor, minimum threshold, stress mode).
    pub gc: GcConfig,
    /// Maximum nesting depth for `repr`, `==` and `hash` of nested containers (CPython's default
    /// recursion limit is 1000).
    pub max_depth: usize,
}

impl Default for VmConfig {
    fn default() -> Self {
        VmConfig {
            heap_limit: None,
            gc: GcConfig::default(),
            max_depth: 1000,
        }
    }
}

/// Stops a running [`Vm`] from another thread (`Clone`, `Send`): the VM notices at its next
/// backward jump or call and ends the run with an uncatchable
/// [`Limit::Interrupted`](error::Limit::Interrupted).
#[derive(Clone, Debug)]
pub struct InterruptHandle(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl InterruptHandle {
    /// Ask the VM to stop.
    pub fn interrupt(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a stop was asked for and not yet acted on: for natives that block (a queue's
    /// `get`), which poll it while they wait so that an interrupt ends the wait too.
    pub fn is_requested(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// One virtual machine: owns its heap, interner and collector. No global or thread-local state;
/// `Send`, so it can move between threads.
#[derive(Debug)]
pub struct Vm {
    /// The object heap. Public so natives can read objects and allocate without a safe point.
    pub heap: Heap,
    /// The identifier interner.
    pub interner: Interner,
    gc: Gc,
    roots: RootTable,
    config: VmConfig,
    /// Set by an [`InterruptHandle`] from another thread; checked where the budget is.
    interrupt: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// State that higher layers keep per VM (the reload layer's generations), by type.
    extensions: std::collections::HashMap<std::any::TypeId, Box<dyn std::any::Any + Send>>,
    /// The interpreter's state (value stack, frames, method tables): always a GC root.
    pub(crate) rt: interp::Runtime,
    /// The import hook and `sys.modules` ([`import`]).
    pub(crate) imports: import::ImportState,
}

impl Default for Vm {
    fn default() -> Self {
        Self::new(VmConfig::default())
    }
}

/// The children of an object being allocated, rooted while a collection runs before it is stored.
struct Pending<'a>(&'a Object);

impl RootSource for Pending<'_> {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
}

impl Vm {
    /// A VM with `config`.
    pub fn new(config: VmConfig) -> Self {
        Self::with_names(config, SharedNames::new())
    }

    /// A VM with `config` whose pre-interned names are the shared table `names` (many VMs
    /// made with one table do not each intern them again).
    pub fn with_names(config: VmConfig, names: SharedNames) -> Self {
        Vm {
            heap: Heap::new(config.heap_limit),
            interner: Interner::with_shared(names),
            gc: Gc::new(config.gc),
            roots: RootTable::default(),
            extensions: Default::default(),
            interrupt: Default::default(),
            config,
            rt: interp::Runtime::default(),
            imports: import::ImportState::default(),
        }
    }

    /// A handle another thread can use to stop this VM's running Python code: the run ends
    /// with [`Limit::Interrupted`](error::Limit::Interrupted), which scripts cannot catch.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.interrupt.clone())
    }

    /// Whether an interrupt is pending (and clear it): the interpreter asks at backward jumps
    /// and calls; a native that blocks asks while it waits and then ends the run with
    /// [`Limit::Interrupted`](error::Limit::Interrupted) itself.
    #[inline]
    pub fn take_interrupt(&self) -> bool {
        self.interrupt.load(std::sync::atomic::Ordering::Relaxed)
            && self
                .interrupt
                .swap(false, std::sync::atomic::Ordering::Relaxed)
    }

    /// Store a value of type `T` with this VM (one per type; replaces the previous one): how
    /// higher layers keep per-VM state without globals. Values held here are not GC roots —
    /// keep heap values alive with [`Vm::root`] handles.
    pub fn set_extension<T: std::any::Any + Send>(&mut self, value: T) {
        self.extensions
            .insert(std::any::TypeId::of::<T>(), Box::new(value));
    }

    /// The value of type `T` stored with [`Vm::set_extension`].
    pub fn extension<T: std::any::Any + Send>(&self) -> Option<&T> {
        self.extensions
            .get(&std::any::TypeId::of::<T>())
            .and_then(|b| b.downcast_ref())
    }

    /// The value of type `T` stored with [`Vm::set_extension`], mutably.
    pub fn extension_mut<T: std::any::Any + Send>(&mut self) -> Option<&mut T> {
        self.extensions
            .get_mut(&std::any::TypeId::of::<T>())
            .and_then(|b| b.downcast_mut())
    }

    /// Take the value of type `T` out of the VM (put it back with [`Vm::set_extension`]).
    pub fn take_extension<T: std::any::Any + Send>(&mut self) -> Option<T> {
        self.extensions
            .remove(&std::any::TypeId::of::<T>())
            .and_then(|b| b.downcast().ok())
            .map(|b| *b)
    }

    /// The configuration.
    pub fn config(&self) -> &VmConfig {
        &self.config
    }

    /// The pre-interned names.
    #[inline]
    pub fn names(&self) -> &Names {
        self.interner.names()
    }

    /// Collect at the next safe point, whatever the allocation debt: for when a host knows a lot
    /// just became garbage (a reload retired a generation). Safe to call from a native: nothing
    /// is freed until the interpreter reaches a safe point.
    pub fn request_collection(&mut self) {
        self.gc.request();
    }

    /// Turn GC stress mode on or off.
    pub fn set_gc_stress(&mut self, stress: bool) {
        self.gc.set_stress(stress);
        self.config.gc.stress = stress;
    }

    /// Collector statistics.
    pub fn gc_stats(&self) -> gc::GcStats {
        self.gc.stats()
    }

    /// Number of live heap objects (after the last sweep, plus allocations since).
    pub fn live_objects(&self) -> usize {
        self.heap.live_objects()
    }

    /// Number of host roots currently held.
    pub fn host_roots(&self) -> usize {
        self.roots.len()
    }

    /// Keep `value` alive until the returned handle is dropped.
    pub fn root(&self, value: Value) -> Rooted {
        self.roots.root(value)
    }

    /// A safe point: collect if the allocation debt calls for it (always in stress mode).
    /// `roots` must report every value the caller still needs besides host roots and the
    /// interpreter's own state (frames, value stack, exception state, namespaces), which is
    /// always a root.
    #[inline]
    pub fn safepoint(&mut self, roots: &dyn RootSource) {
        if self.gc.should_collect(&self.heap) {
            self.collect(roots);
        }
    }

    /// Collect now; returns the number of objects freed.
    pub fn collect(&mut self, roots: &dyn RootSource) -> usize {
        self.gc
            .collect(&mut self.heap, &(roots, &self.rt), &self.roots)
    }

    /// Allocate at a safe point: may collect first (the object's own children are kept alive),
    /// and collects once more before reporting the heap limit.
    pub fn alloc(&mut self, object: Object, roots: &dyn RootSource) -> VmResult<ObjRef> {
        if self.gc.should_collect(&self.heap) || self.heap.would_exceed(object.heap_size()) {
            let pending = Pending(&object);
            self.gc
                .collect(&mut self.heap, &((roots, &pending), &self.rt), &self.roots);
        }
        self.heap.alloc(object)
    }

    /// Allocate a `str` (no safe point).
    pub fn new_str(&mut self, s: impl Into<crate::strtext::StrText>) -> VmResult<Value> {
        Ok(Value::Obj(self.heap.alloc(Object::Str(PyStr::new(s)))?))
    }

    /// Allocate a `str` for each of `texts`, in order (no safe point: the ones made first need no
    /// rooting while the rest are made).
    pub fn new_strs<'t>(
        &mut self,
        texts: impl IntoIterator<Item = &'t str>,
    ) -> VmResult<Vec<Value>> {
        texts.into_iter().map(|t| self.new_str(t)).collect()
    }

    /// Allocate a `list` (no safe point).
    pub fn new_list(&mut self, items: Vec<Value>) -> VmResult<Value> {
        Ok(Value::Obj(self.heap.alloc(Object::List(items))?))
    }

    /// Allocate a `tuple` (no safe point).
    pub fn new_tuple(&mut self, items: impl Into<Box<[Value]>>) -> VmResult<Value> {
        Ok(Value::Obj(self.heap.alloc(Object::Tuple(items.into()))?))
    }

    /// Allocate an empty `dict` (no safe point).
    pub fn new_dict(&mut self) -> VmResult<Value> {
        Ok(Value::Obj(self.heap.alloc(Object::Dict(PyDict::new()))?))
    }

    /// Allocate an empty `dict` with room for `n` entries (no safe point): for a namespace whose
    /// size is known in advance, so filling it does not grow it step by step.
    pub fn new_dict_with_capacity(&mut self, n: usize) -> VmResult<Value> {
        Ok(Value::Obj(
            self.heap.alloc(Object::Dict(PyDict::with_capacity(n)))?,
        ))
    }

    /// An int value from a big int: inline when it fits, else a heap big int (no safe point).
    pub fn new_int(&mut self, n: num_bigint::BigInt) -> VmResult<Value> {
        numeric::int::normalize(&mut self.heap, n)
    }

    /// `str(v)` for builtin values.
    pub fn str(&self, v: Value) -> VmResult<String> {
        repr::str(&self.heap, v, self.config.max_depth)
    }

    /// Give a raised Python exception its heap object (an [`object::ExceptionObj`] with
    /// `args == (message,)`, or `()` for an empty message) if it has none yet, and return it.
    /// Resource limits and internal errors have no Python object: `Ok(None)`. No safe point.
    pub fn materialize_exception(&mut self, err: &mut VmError) -> VmResult<Option<ObjRef>> {
        let VmError::Exception(e) = err else {
            return Ok(None);
        };
        if let Some(r) = e.object {
            return Ok(Some(r));
        }
        let args = interp::exceptions::exception_args(self, e)?;
        let r = self
            .heap
            .alloc(Object::Exception(Box::new(object::ExceptionObj {
                kind: e.kind,
                args,
                context: Value::None,
                cause: Value::None,
                suppress_context: false,
                class: Value::None,
                dict: Value::None,
                traceback: Value::None,
            })))?;
        e.object = Some(r);
        Ok(Some(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    #[test]
    fn exceptions_materialize() {
        // python3: repr(ValueError('bad')) == "ValueError('bad')", str(...) == 'bad',
        // repr(MemoryError()) == 'MemoryError()'
        let mut vm = Vm::default();
        let mut e = error::value_error("bad");
        let r = vm.materialize_exception(&mut e).unwrap().unwrap();
        assert_eq!(vm.repr(Value::Obj(r)).unwrap(), "ValueError('bad')");
        assert_eq!(vm.str(Value::Obj(r)).unwrap(), "bad");
        assert_eq!(vm.materialize_exception(&mut e).unwrap(), Some(r));
        let mut m = error::memory_error();
        let r = vm.materialize_exception(&mut m).unwrap().unwrap();
        assert_eq!(vm.repr(Value::Obj(r)).unwrap(), "MemoryError()");
        let mut l = VmError::Limit(error::Limit::Instructions);
        assert_eq!(vm.materialize_exception(&mut l).unwrap(), None);
    }

    #[test]
    fn vm_is_send() {
        assert_send::<Vm>();
        assert_send::<Rooted>();
        assert_send::<VmError>();
    }

    #[test]
    fn thousand_vms() {
        let vms: Vec<Vm> = (0..1000).map(|_| Vm::default()).collect();
        assert_eq!(vms.len(), 1000);
        for mut vm in vms {
            let s = vm.new_str("x").unwrap();
            assert!(matches!(vm.heap.get(s.as_obj().unwrap()), Object::Str(_)));
        }
    }

    #[test]
    fn vms_move_across_threads() {
        let mut vm = Vm::default();
        let l = vm.new_list(vec![Value::Int(1)]).unwrap();
        let r = vm.root(l);
        let (vm, r) = std::thread::spawn(move || {
            vm.collect(&NoRoots);
            (vm, r)
        })
        .join()
        .unwrap();
        assert!(vm.heap.is_live(r.value().as_obj().unwrap()));
        let handles: Vec<_> = (0..4)
            .map(|i| {
                std::thread::spawn(move || {
                    let mut vm = Vm::default();
                    let v = vm.new_list(vec![Value::Int(i)]).unwrap();
                    vm.collect(&v);
                    vm.live_objects()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 1);
        }
    }
}
