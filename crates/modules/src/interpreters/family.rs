//! The interpreters one VM made, directly or through its children: a [`Family`].
//!
//! The first VM that imports `concurrent.interpreters` becomes the family's main interpreter
//! (id 0); every VM created from it (or from another member) joins the same family and gets
//! the next id. The family is an `Arc` held by each member as a [`Membership`] extension — no
//! process-wide state, so two embedders' VM trees never see each other.

use super::errors::ErrorClass;
use super::queue::QueueCore;
use hotpy_vm::{ObjRef, Vm, VmResult};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// Where an interpreter is in its life.
pub(crate) enum SlotState {
    /// Ready to run: its VM waits here.
    Idle(Box<Vm>),
    /// Running code (on some thread, which holds the VM).
    Running,
    /// Closed: the VM is gone.
    Closed,
}

/// One child interpreter: its VM (when idle) and its `__main__` namespace.
pub(crate) struct InterpSlot {
    pub(crate) id: u64,
    pub(crate) state: Mutex<SlotState>,
}

/// All interpreters of one tree of VMs, and its queues.
#[derive(Default)]
pub struct Family {
    next_id: AtomicU64,
    interps: Mutex<BTreeMap<u64, Arc<InterpSlot>>>,
    queues: Mutex<HashMap<u64, Weak<QueueCore>>>,
}

/// A VM's place in its family (a [`Vm`] extension).
#[derive(Clone)]
pub struct Membership {
    /// The family.
    pub family: Arc<Family>,
    /// This VM's interpreter id (0 for the main interpreter).
    pub id: u64,
}

/// `vm`'s membership, making `vm` the main interpreter of a new family if it has none.
pub(crate) fn membership(vm: &mut Vm) -> Membership {
    if let Some(m) = vm.extension::<Membership>() {
        return m.clone();
    }
    let family = Arc::new(Family {
        next_id: AtomicU64::new(1),
        ..Family::default()
    });
    let m = Membership { family, id: 0 };
    vm.set_extension(m.clone());
    m
}

/// The `__main__` namespace of a child VM (a [`Vm`] extension; the dict is kept alive by the
/// VM's module list).
pub(crate) struct MainGlobals(pub(crate) ObjRef);

/// Why a family operation was refused: the error class to raise and its message.
pub(crate) type Refusal = (ErrorClass, String);

/// `InterpreterError: interpreter already running`.
pub(crate) fn already_running() -> Refusal {
    (
        ErrorClass::Interpreter,
        "interpreter already running".to_string(),
    )
}

/// The refusal for an id that names no live interpreter.
pub(crate) fn not_found(id: u64) -> Refusal {
    (
        ErrorClass::InterpreterNotFound,
        format!("unrecognized interpreter ID {id}"),
    )
}

impl Family {
    /// Add a new interpreter running `vm`, giving it its id and membership.
    pub(crate) fn adopt(self: &Arc<Self>, mut vm: Vm) -> VmResult<u64> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        vm.set_extension(Membership {
            family: self.clone(),
            id,
        });
        let globals = vm.new_main_globals(None)?;
        crate::register_main(&mut vm, globals)?;
        vm.set_extension(MainGlobals(globals));
        let slot = Arc::new(InterpSlot {
            id,
            state: Mutex::new(SlotState::Idle(Box::new(vm))),
        });
        self.interps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, slot);
        Ok(id)
    }

    /// The live interpreter `id` (not the main one, which no slot holds).
    pub(crate) fn slot(&self, id: u64) -> Result<Arc<InterpSlot>, Refusal> {
        self.interps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    /// The ids of the live interpreters, the main one (0) first.
    pub(crate) fn ids(&self) -> Vec<u64> {
        let mut ids = vec![0];
        ids.extend(
            self.interps
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .keys()
                .copied(),
        );
        ids
    }

    /// Close interpreter `id`: refused while it runs; its VM is dropped.
    pub(crate) fn close(&self, id: u64) -> Result<(), Refusal> {
        let slot = self.slot(id)?;
        let vm = {
            let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
            match &*state {
                SlotState::Running => return Err(already_running()),
                SlotState::Closed => return Err(not_found(id)),
                SlotState::Idle(_) => {}
            }
            std::mem::replace(&mut *state, SlotState::Closed)
        };
        self.interps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        // The VM (and every object in it) goes here, outside the locks.
        drop(vm);
        Ok(())
    }

    /// Remember a queue so that its id finds it from any member.
    pub(crate) fn add_queue(&self, core: &Arc<QueueCore>) {
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        queues.retain(|_, q| q.strong_count() > 0);
        queues.insert(core.id, Arc::downgrade(core));
    }

    /// The queue with `id`, while anything still holds it.
    pub(crate) fn queue(&self, id: u64) -> Option<Arc<QueueCore>> {
        self.queues
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .and_then(Weak::upgrade)
    }
}
