//! Cross-interpreter queues: a FIFO of [`Shareable`] values behind a mutex and two condition
//! variables, shared by `Arc` between every VM that holds the queue.
//!
//! In Python a queue is an instance of `concurrent.interpreters.Queue` whose `_h` attribute is
//! a native closure owning an `Arc<QueueCore>`: the queue lives while any VM (or any message
//! in flight) holds it, and is freed with the last holder. The family keeps only a weak
//! reference, by id, so that a `Queue` object crossing VMs finds its core again.
//!
//! For embedders a queue is also a channel between VMs (or between Rust threads and VMs):
//! [`channel`] makes one, [`QueueCore::send`]/[`QueueCore::recv`] move [`Shareable`] values
//! from Rust, [`queue_object`] gives a VM a Python `Queue` for it, and [`queue_of`] takes one
//! back out of a VM.

use super::errors::{raise, ErrorClass};
use super::family::membership;
use crate::shareable::Shareable;
use hotpy_vm::error::{type_error, value_error};
use hotpy_vm::object::NativeImpl;
use hotpy_vm::{Args, Value, Vm, VmResult};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The shared part of a queue.
#[derive(Debug)]
pub struct QueueCore {
    /// The queue's id in its family.
    pub id: u64,
    /// At most this many items (0: unbounded).
    pub maxsize: usize,
    items: Mutex<VecDeque<Shareable>>,
    not_empty: Condvar,
    not_full: Condvar,
}

/// How long a blocking operation may wait.
#[derive(Clone, Copy)]
enum Wait {
    No,
    Forever,
    Until(Instant),
}

/// How often a blocked `put`/`get` looks up from its wait (to notice an interrupt).
const WAIT_SLICE: Duration = Duration::from_millis(20);

impl Wait {
    fn from_timeout(timeout: Option<Duration>) -> Wait {
        match timeout {
            None => Wait::Forever,
            Some(t) if t.is_zero() => Wait::No,
            Some(t) => Wait::Until(Instant::now() + t),
        }
    }

    /// How long to wait before looking again; `None` when the wait is over (ran out, or `stop`).
    fn slice(self, stop: &dyn Fn() -> bool) -> Option<Duration> {
        if stop() {
            return None;
        }
        match self {
            Wait::No => None,
            Wait::Forever => Some(WAIT_SLICE),
            Wait::Until(t) => {
                let left = t.saturating_duration_since(Instant::now());
                (!left.is_zero()).then(|| left.min(WAIT_SLICE))
            }
        }
    }
}

/// Queue ids are unique in the process, not just in one family, because an embedder's channel
/// may enter VMs of several families (each family finds queues by id). A counter of ids is not
/// interpreter state: nothing else is shared through it.
static NEXT_QUEUE_ID: AtomicU64 = AtomicU64::new(1);

/// A new queue for an embedder: a channel of [`Shareable`] values holding at most `maxsize`
/// items (0: unbounded), to give to VMs with [`queue_object`].
pub fn channel(maxsize: usize) -> Arc<QueueCore> {
    Arc::new(QueueCore::new(maxsize))
}

/// A Python `concurrent.interpreters.Queue` in `vm` for `core` (the same queue: what one side
/// puts, the other gets).
pub fn queue_object(vm: &mut Vm, core: &Arc<QueueCore>) -> VmResult<Value> {
    to_python(vm, core.clone())
}

/// The queue behind `value`, if it is a `concurrent.interpreters.Queue`.
pub fn queue_of(vm: &mut Vm, value: Value) -> VmResult<Option<Arc<QueueCore>>> {
    core_of(vm, value)
}

impl QueueCore {
    fn new(maxsize: usize) -> Self {
        QueueCore {
            id: NEXT_QUEUE_ID.fetch_add(1, Ordering::Relaxed),
            maxsize,
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Shareable>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Add `item`, waiting for room; the item back if the wait ran out or `stop` said so.
    fn put(&self, item: Shareable, wait: Wait, stop: &dyn Fn() -> bool) -> Result<(), Shareable> {
        let mut items = self.lock();
        while self.maxsize > 0 && items.len() >= self.maxsize {
            match wait.slice(stop) {
                None => return Err(item),
                Some(slice) => {
                    items = self
                        .not_full
                        .wait_timeout(items, slice)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        items.push_back(item);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Take the oldest item, waiting for one; `None` if the wait ran out or `stop` said so.
    fn get(&self, wait: Wait, stop: &dyn Fn() -> bool) -> Option<Shareable> {
        let mut items = self.lock();
        loop {
            if let Some(item) = items.pop_front() {
                self.not_full.notify_one();
                return Some(item);
            }
            let slice = wait.slice(stop)?;
            items = self
                .not_empty
                .wait_timeout(items, slice)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Add `item`, waiting up to `timeout` (`None`: as long as it takes) while the queue is
    /// full; gives the item back if there was no room in time.
    pub fn send(&self, item: Shareable, timeout: Option<Duration>) -> Result<(), Shareable> {
        self.put(item, Wait::from_timeout(timeout), &|| false)
    }

    /// Take the oldest item, waiting up to `timeout` (`None`: as long as it takes) for one.
    pub fn recv(&self, timeout: Option<Duration>) -> Option<Shareable> {
        self.get(Wait::from_timeout(timeout), &|| false)
    }

    /// Number of items waiting.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no items wait.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `_interpreters.queue_create(maxsize)`: `(id, handle)` for a new queue.
pub(crate) fn create(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [maxsize] = args.fixed();
    let maxsize = match maxsize {
        Value::Int(n) if n >= 0 => n as usize,
        Value::Int(_) => return Err(value_error("maxsize must be >= 0")),
        Value::Bool(b) => usize::from(b),
        _ => return Err(type_error("maxsize must be an int")),
    };
    let family = membership(vm).family;
    let core = channel(maxsize);
    family.add_queue(&core);
    let handle = handle(vm, core.clone())?;
    vm.push_temp_root(handle);
    let t = vm.new_tuple(vec![Value::Int(core.id as i64), handle]);
    vm.pop_temp_root();
    t
}

/// `_interpreters.queue_handle(id)`: the handle of an existing queue.
pub(crate) fn handle_of(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id] = args.fixed();
    let Value::Int(id) = id else {
        return Err(type_error("queue id must be an int"));
    };
    match membership(vm).family.queue(id as u64) {
        Some(core) => handle(vm, core),
        None => Err(raise(
            vm,
            ErrorClass::QueueNotFound,
            &format!("queue {id} not found"),
        )),
    }
}

/// The native closure owning `core` through which a Python `Queue` works:
/// `h(op, *args)` with op one of `put`, `get`, `qsize`, `maxsize`.
fn handle(vm: &mut Vm, core: Arc<QueueCore>) -> VmResult<Value> {
    let f: hotpy_vm::NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        let op = args.get(0).and_then(|v| vm.str_text(v).map(str::to_string));
        match op.as_deref() {
            Some("put") => {
                let [_, obj, block, timeout] = args.fixed();
                let item = Shareable::from_value(vm, obj)?;
                let wait = wait_of(vm, block, timeout)?;
                vm.flush_stdout();
                let interrupt = vm.interrupt_handle();
                let stop = || interrupt.is_requested();
                if core.put(item, wait, &stop).is_ok() {
                    Ok(Value::None)
                } else if vm.take_interrupt() {
                    Err(hotpy_vm::VmError::Limit(
                        hotpy_vm::error::Limit::Interrupted,
                    ))
                } else {
                    Err(raise(vm, ErrorClass::QueueFull, "queue is full"))
                }
            }
            Some("get") => {
                let [_, block, timeout] = args.fixed();
                let wait = wait_of(vm, block, timeout)?;
                vm.flush_stdout();
                let interrupt = vm.interrupt_handle();
                let stop = || interrupt.is_requested();
                match core.get(wait, &stop) {
                    Some(item) => {
                        let globals = super::main_globals(vm)?;
                        item.to_value(vm, globals)
                    }
                    None if vm.take_interrupt() => Err(hotpy_vm::VmError::Limit(
                        hotpy_vm::error::Limit::Interrupted,
                    )),
                    None => Err(raise(vm, ErrorClass::QueueEmpty, "queue is empty")),
                }
            }
            Some("qsize") => Ok(Value::Int(core.len() as i64)),
            Some("maxsize") => Ok(Value::Int(core.maxsize as i64)),
            _ => Err(value_error("unknown queue operation")),
        }
    });
    vm.new_native("_queue_handle", NativeImpl::Closure(f))
}

/// The wait a `put`/`get` asked for: `block` false → none; `timeout` None → forever.
fn wait_of(vm: &mut Vm, block: Value, timeout: Value) -> VmResult<Wait> {
    if !vm.truthy(block)? {
        return Ok(Wait::No);
    }
    let secs = match timeout {
        Value::None => return Ok(Wait::Forever),
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        Value::Bool(b) => f64::from(u8::from(b)),
        _ => return Err(type_error("timeout must be a number or None")),
    };
    if secs.is_nan() || secs < 0.0 {
        return Err(value_error("timeout value must be a non-negative number"));
    }
    Ok(Wait::Until(
        Instant::now() + Duration::from_secs_f64(secs.min(1e9)),
    ))
}

/// If `value` is a `concurrent.interpreters.Queue` of this family, its core.
pub(crate) fn core_of(vm: &mut Vm, value: Value) -> VmResult<Option<Arc<QueueCore>>> {
    let Some(class) = super::errors::queue_class(vm) else {
        return Ok(None);
    };
    let ty = vm.type_of(value);
    if !ty.is(class) {
        return Ok(None);
    }
    let id = match vm.get_attr_str(value, "_id")? {
        Value::Int(i) => i as u64,
        _ => return Ok(None),
    };
    Ok(membership(vm).family.queue(id))
}

/// A `concurrent.interpreters.Queue` in `vm` for `core` (importing the module if needed).
pub(crate) fn to_python(vm: &mut Vm, core: Arc<QueueCore>) -> VmResult<Value> {
    let class = match super::errors::queue_class(vm) {
        Some(c) => c,
        None => {
            vm.import_module("concurrent.interpreters")?;
            super::errors::queue_class(vm)
                .ok_or_else(|| hotpy_vm::error::internal("Queue class not registered"))?
        }
    };
    let family = membership(vm).family;
    family.add_queue(&core);
    let id = Value::Int(core.id as i64);
    let h = handle(vm, core)?;
    vm.push_temp_root(h);
    let q = vm.call(class, &[id, h]);
    vm.pop_temp_root();
    q
}
