//! Cross-interpreter queues: a FIFO of [`Shareable`] values behind a mutex and two condition
//! variables, shared by `Arc` between every VM that holds the queue.
//!
//! In Python a queue is an instance of `concurrent.interpreters.Queue` whose `_h` attribute is
//! a native closure owning an `Arc<QueueCore>`: the queue lives while any VM (or any message
//! in flight) holds it, and is freed with the last holder. The family keeps only a weak
//! reference, by id, so that a `Queue` object crossing VMs finds its core again.

use super::errors::{raise, ErrorClass};
use super::family::membership;
use crate::shareable::Shareable;
use hotpy_vm::error::{type_error, value_error};
use hotpy_vm::object::NativeImpl;
use hotpy_vm::{Args, Value, Vm, VmResult};
use std::collections::VecDeque;
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

impl QueueCore {
    fn new(id: u64, maxsize: usize) -> Self {
        QueueCore {
            id,
            maxsize,
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Shareable>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Add `item`, waiting for room; `false` if the wait ran out.
    fn put(&self, item: Shareable, wait: Wait) -> bool {
        let mut items = self.lock();
        while self.maxsize > 0 && items.len() >= self.maxsize {
            items = match wait {
                Wait::No => return false,
                Wait::Forever => self.not_full.wait(items).unwrap_or_else(|e| e.into_inner()),
                Wait::Until(t) => {
                    let left = t.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return false;
                    }
                    self.not_full
                        .wait_timeout(items, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
        items.push_back(item);
        self.not_empty.notify_one();
        true
    }

    /// Take the oldest item, waiting for one; `None` if the wait ran out.
    fn get(&self, wait: Wait) -> Option<Shareable> {
        let mut items = self.lock();
        loop {
            if let Some(item) = items.pop_front() {
                self.not_full.notify_one();
                return Some(item);
            }
            items = match wait {
                Wait::No => return None,
                Wait::Forever => self
                    .not_empty
                    .wait(items)
                    .unwrap_or_else(|e| e.into_inner()),
                Wait::Until(t) => {
                    let left = t.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    self.not_empty
                        .wait_timeout(items, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
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
    let core = Arc::new(QueueCore::new(family.next_queue_id(), maxsize));
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
                if core.put(item, wait) {
                    Ok(Value::None)
                } else {
                    Err(raise(vm, ErrorClass::QueueFull, "queue is full"))
                }
            }
            Some("get") => {
                let [_, block, timeout] = args.fixed();
                let wait = wait_of(vm, block, timeout)?;
                vm.flush_stdout();
                match core.get(wait) {
                    Some(item) => {
                        let globals = super::main_globals(vm)?;
                        item.to_value(vm, globals)
                    }
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
