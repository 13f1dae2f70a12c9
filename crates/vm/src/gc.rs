//! The garbage collector: non-moving, tracing mark-and-sweep with an explicit mark stack.
//!
//! **Roots** come from two places:
//! - a [`RootSource`] passed to every safe point: the interpreter implements it over its frames,
//!   value stack, module registry and suspended generators;
//! - the VM's host root table: [`Rooted`] handles that Rust code holds across safe points
//!   (released on drop, or explicitly with [`Rooted::release`]).
//!
//! **Marking** pushes handles onto a `Vec` and pops them: no recursion on the Rust stack, so a list
//! nested a million deep is marked (and freed) like any other.
//!
//! **Pacing**: a collection runs at a safe point once the bytes allocated since the last cycle
//! exceed `max(min_threshold, live_bytes_after_last_cycle * factor)`: short scripts never collect,
//! long ones collect in proportion to their live heap. **Stress mode** collects at every safe point
//! and every [`Vm::alloc`](crate::Vm::alloc), to shake out rooting bugs in tests.

use crate::heap::Heap;
use crate::value::{ObjRef, Value};
use std::sync::{Arc, Mutex, MutexGuard};

/// Collects the handles reachable from one object or root.
pub struct Tracer<'a> {
    stack: &'a mut Vec<ObjRef>,
}

impl Tracer<'_> {
    /// Trace one value (inline values are ignored).
    #[inline]
    pub fn value(&mut self, v: Value) {
        if let Value::Obj(r) = v {
            self.stack.push(r);
        }
    }

    /// Trace several values.
    #[inline]
    pub fn values(&mut self, vs: &[Value]) {
        for &v in vs {
            self.value(v);
        }
    }

    /// Trace one handle.
    #[inline]
    pub fn obj(&mut self, r: ObjRef) {
        self.stack.push(r);
    }
}

/// Anything that holds roots: the interpreter's frames and stacks, a native's temporaries.
pub trait RootSource {
    /// Report every value this source keeps alive.
    fn trace_roots(&self, tracer: &mut Tracer<'_>);
}

/// No roots at all (besides the host root table).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoRoots;

impl RootSource for NoRoots {
    fn trace_roots(&self, _: &mut Tracer<'_>) {}
}

impl RootSource for [Value] {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        tracer.values(self);
    }
}

impl RootSource for Vec<Value> {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        tracer.values(self);
    }
}

impl RootSource for Value {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        tracer.value(*self);
    }
}

impl<T: RootSource + ?Sized> RootSource for &T {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        (**self).trace_roots(tracer);
    }
}

impl<A: RootSource, B: RootSource> RootSource for (A, B) {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        self.0.trace_roots(tracer);
        self.1.trace_roots(tracer);
    }
}

#[derive(Debug, Default)]
struct RootSlots {
    entries: Vec<Option<Value>>,
    free: Vec<usize>,
    count: usize,
}

/// The host root table of one VM, shared with the [`Rooted`] handles it issued.
#[derive(Debug, Clone, Default)]
pub(crate) struct RootTable(Arc<Mutex<RootSlots>>);

impl RootTable {
    fn lock(&self) -> MutexGuard<'_, RootSlots> {
        // A poisoned table only means a panic elsewhere; the data is still consistent.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn root(&self, value: Value) -> Rooted {
        let mut t = self.lock();
        let index = match t.free.pop() {
            Some(i) => {
                t.entries[i] = Some(value);
                i
            }
            None => {
                t.entries.push(Some(value));
                t.entries.len() - 1
            }
        };
        t.count += 1;
        Rooted {
            table: self.clone(),
            index,
            value,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().count
    }

    fn trace(&self, tracer: &mut Tracer<'_>) {
        for v in self.lock().entries.iter().flatten() {
            tracer.value(*v);
        }
    }
}

/// A value kept alive by the host: while a `Rooted` exists the GC treats its value as a root.
/// Dropping it (or calling [`Rooted::release`]) unroots the value. `Send`, so a host can keep one
/// beside a VM it moves to another thread; cloning roots the value again.
#[derive(Debug)]
pub struct Rooted {
    table: RootTable,
    index: usize,
    value: Value,
}

impl Rooted {
    /// The rooted value.
    #[inline]
    pub fn value(&self) -> Value {
        self.value
    }

    /// Unroot now (same as dropping).
    pub fn release(self) {}
}

impl Clone for Rooted {
    fn clone(&self) -> Self {
        self.table.root(self.value)
    }
}

impl Drop for Rooted {
    fn drop(&mut self) {
        let mut t = self.table.lock();
        t.entries[self.index] = None;
        t.free.push(self.index);
        t.count -= 1;
    }
}

/// GC tuning; part of [`VmConfig`](crate::VmConfig).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GcConfig {
    /// Collect when the allocation debt exceeds `live_bytes * factor` …
    pub factor: f64,
    /// … and at least this many bytes.
    pub min_threshold: usize,
    /// Collect at every safe point (tests).
    pub stress: bool,
}

impl Default for GcConfig {
    /// Factor 1.0, 4 MiB minimum threshold; stress mode when the environment variable
    /// `HOTPY_GC_STRESS` is set to anything but `0` or empty (so a whole test suite can run with a
    /// collection at every safe point).
    fn default() -> Self {
        let stress = std::env::var_os("HOTPY_GC_STRESS").is_some_and(|v| !v.is_empty() && v != "0");
        GcConfig {
            factor: 1.0,
            min_threshold: 4 << 20,
            stress,
        }
    }
}

/// Statistics of the last collections.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcStats {
    /// Collections run so far.
    pub collections: u64,
    /// Objects freed by the last collection.
    pub last_freed: usize,
    /// Objects live after the last collection.
    pub last_live: usize,
}

/// The collector's state: configuration, pacing threshold and reusable mark buffers.
#[derive(Debug)]
pub struct Gc {
    config: GcConfig,
    threshold: usize,
    /// A collection was asked for ([`Gc::request`]).
    requested: bool,
    marks: Vec<u64>,
    stack: Vec<ObjRef>,
    stats: GcStats,
}

impl Gc {
    /// A collector with `config`.
    pub fn new(config: GcConfig) -> Self {
        Gc {
            config,
            threshold: config.min_threshold,
            requested: false,
            marks: Vec::new(),
            stack: Vec::new(),
            stats: GcStats::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> GcConfig {
        self.config
    }

    /// Turn stress mode on or off.
    pub fn set_stress(&mut self, stress: bool) {
        self.config.stress = stress;
    }

    /// Statistics so far.
    pub fn stats(&self) -> GcStats {
        self.stats
    }

    /// True when a safe point should collect now (stress mode, or debt past the threshold).
    #[inline]
    pub fn should_collect(&self, heap: &Heap) -> bool {
        self.config.stress || self.requested || heap.allocated_since_gc > self.threshold
    }

    /// Collect at the next safe point whatever the debt (a reload just made a generation
    /// garbage).
    pub fn request(&mut self) {
        self.requested = true;
    }

    /// Mark from the roots and the host table, sweep the rest. Returns the number of objects freed.
    pub(crate) fn collect(
        &mut self,
        heap: &mut Heap,
        roots: &dyn RootSource,
        host: &RootTable,
    ) -> usize {
        self.requested = false;
        let n = heap.slot_count();
        self.marks.clear();
        self.marks.resize(n.div_ceil(64), 0);
        self.stack.clear();
        {
            let mut t = Tracer {
                stack: &mut self.stack,
            };
            roots.trace_roots(&mut t);
            host.trace(&mut t);
        }
        while let Some(r) = self.stack.pop() {
            let i = r.index as usize;
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            if i >= n || self.marks[word] & bit != 0 {
                continue;
            }
            let Ok(obj) = heap.try_get(r) else {
                // A stale root is a rooting bug elsewhere; never mark a slot's new occupant.
                debug_assert!(false, "stale handle {r:?} reached from the roots");
                continue;
            };
            self.marks[word] |= bit;
            obj.trace(&mut Tracer {
                stack: &mut self.stack,
            });
        }
        let marks = &self.marks;
        let freed = heap.sweep(|i| marks[i / 64] & (1u64 << (i % 64)) != 0);
        self.stack.shrink_to(1024);
        let live = heap.live_bytes();
        self.threshold =
            ((live as f64 * self.config.factor) as usize).max(self.config.min_threshold);
        self.stats.collections += 1;
        self.stats.last_freed = freed;
        self.stats.last_live = heap.live_objects();
        freed
    }
}

/// Handles of every live object (for debugging and heap statistics).
pub fn live_handles(heap: &Heap) -> Vec<ObjRef> {
    (0..heap.slot_count())
        .filter_map(|i| heap.handle_at(i))
        .collect()
}
