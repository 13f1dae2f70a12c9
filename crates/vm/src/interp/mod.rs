//! The interpreter: the VM-owned runtime state (value stack, frames, method tables) and the
//! dispatch loop.

use crate::gc::{RootSource, Tracer};
use crate::native::Args;
use crate::object::{NativeImpl, Object};
use crate::types::{BuiltinType, MethodTable};
use crate::value::Value;
use crate::{Name, Vm, VmResult};

/// The interpreter state a [`Vm`] owns besides its heap: everything here is a GC root.
#[derive(Debug, Default)]
pub struct Runtime {
    /// Per-VM method tables of the builtin types.
    pub(crate) methods: MethodTable,
}

impl RootSource for Runtime {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        for v in self.methods.values() {
            tracer.value(v);
        }
    }
}

impl Vm {
    /// The method `name` of builtin type `ty` (a native function value whose first argument is
    /// the receiver), if it has one.
    pub fn builtin_method(&mut self, ty: BuiltinType, name: Name) -> Option<Value> {
        if !self.rt.methods.is_built() {
            self.rt.methods.build(&mut self.heap, &mut self.interner);
        }
        self.rt.methods.get(ty, name)
    }

    /// Call a native function object with `args` (a bound receiver is prepended).
    pub fn call_native(&mut self, f: Value, args: Args<'_>) -> VmResult<Value> {
        let Value::Obj(r) = f else {
            return Err(crate::error::type_error("not a native function"));
        };
        let Object::NativeFunction(nf) = self.heap.get(r) else {
            return Err(crate::error::type_error("not a native function"));
        };
        let imp = nf.imp.clone();
        match nf.receiver {
            None => call_imp(self, &imp, args),
            Some(recv) => {
                let mut buf = Vec::with_capacity(args.values().len() + 1);
                buf.push(recv);
                buf.extend_from_slice(args.values());
                call_imp(self, &imp, Args::new(&buf, args.kwnames()))
            }
        }
    }
}

#[inline]
pub(crate) fn call_imp(vm: &mut Vm, imp: &NativeImpl, args: Args<'_>) -> VmResult<Value> {
    match imp {
        NativeImpl::Fn(f) => f(vm, args),
        NativeImpl::Closure(c) => c(vm, args),
    }
}
