//! The interpreter: the VM-owned runtime state and the dispatch loop.
//!
//! # Frames and the value stack
//! One `Vec<Value>` per VM holds every frame's slots. A frame is a window into it: `base` is where
//! its locals start (`nlocals` fast locals, then cells, then free variables: CPython's
//! "localsplus"), `stack_base = base + nlocalsplus` is where its evaluation stack starts. A call
//! leaves `[NULL|method, callable|self, args…]` on the caller's stack; for a Python function the
//! arguments *are* the callee's first locals (`base` = the first argument), nothing is copied.
//! When the callee returns, the stack is truncated to `ret_to` (the first of the two call slots)
//! and the result pushed.
//!
//! # Calls never recurse on the Rust stack
//! `CALL` of a Python function pushes a `Frame` and continues the same loop; `RETURN_VALUE` pops
//! it. Only natives that call back into Python ([`Vm::call`]) re-enter `run`, with the new frame
//! marked `entry` so the inner loop returns to the native when that frame returns. Both count
//! towards the recursion limit (frames on the frame stack), so `def f(): f()` and a `sorted` key
//! that sorts recursively both end in `RecursionError`, never a crash.
//!
//! # The loop
//! One `loop { match op { … } }` per frame activation: the code's instruction slice, `ip` and the
//! frame's `base` live in locals; calls and returns save `ip` into the frame and `continue
//! 'frame` to reload them. Errors leave the dispatch loop by `break 'dispatch` with the error and
//! the raising offset, and the table-driven unwinder (the code's exception table) either resumes
//! at a handler or pops the frame and repeats in the caller. Small-int arithmetic, comparisons,
//! `LOAD_FAST` and `for i in range(n)` (an inline-int iterator mutated in place) never allocate.
//!
//! # Rooting
//! [`Runtime`] is a [`RootSource`] the VM always passes to the collector: the whole value stack,
//! every frame's function and namespaces, the handled exception, the builtins, type objects and
//! method tables. The collector runs only at safe points: `JUMP_BACKWARD`, function entry, and
//! [`Vm::alloc`] calls made by natives.

pub(crate) mod attr_cache;
pub(crate) mod attrs;
pub(crate) mod call;
pub mod exceptions;
pub(crate) mod format;
pub(crate) mod gen;
pub(crate) mod import;
pub(crate) mod metaclass;
pub(crate) mod ops;
pub(crate) mod protocol;

use crate::error::{internal, type_error, ExcKind, Limit, VmError, VmResult};
use crate::function::LoadedCode;
use crate::gc::{NoRoots, RootSource, Tracer};
use crate::native::Args;
use crate::object::{Function, IterState, NativeImpl, Object, Slice};
use crate::types::{BuiltinType, MethodTable};
use crate::value::{ObjRef, Value};
use crate::{Name, PyDict, PySet, Vm};
use hotpy_compiler::bytecode::{
    BinaryOperator, Code, CodeFlags, CompareOperator, Constant, Opcode,
};
use std::sync::Arc;

/// The "no value" marker: an empty local, an empty cell, the `NULL` of the call protocol. A
/// handle no heap slot can have (the collector skips it). Never visible to Python code.
pub(crate) const NULL: Value = Value::Obj(ObjRef {
    index: u32::MAX,
    generation: u32::MAX,
});

/// Whether `v` is [`NULL`].
#[inline(always)]
pub(crate) fn is_null(v: Value) -> bool {
    matches!(v, Value::Obj(r) if r.index == u32::MAX)
}

/// A frame's code: a plain pointer to the `LoadedCode` of the frame's function. No reference
/// count is taken per call: the frame roots its function object (`Frame::func`), whose
/// `Arc<LoadedCode>` is never replaced, so the pointee outlives the frame.
#[derive(Clone, Copy)]
pub(crate) struct LoadedRef(std::ptr::NonNull<LoadedCode>);

// SAFETY: a `LoadedRef` is only a borrowed view of a `LoadedCode` (which is `Send + Sync`) owned
// by a function object of the same VM; it moves between threads only together with that VM.
unsafe impl Send for LoadedRef {}

impl LoadedRef {
    /// A view of the code of a live function object.
    #[inline]
    pub(crate) fn new(l: &Arc<LoadedCode>) -> Self {
        LoadedRef(std::ptr::NonNull::from(&**l))
    }
}

impl std::ops::Deref for LoadedRef {
    type Target = LoadedCode;
    #[inline]
    fn deref(&self) -> &LoadedCode {
        // SAFETY: see the type's documentation: the frame that holds this pointer roots the
        // function object that owns the `LoadedCode`.
        unsafe { self.0.as_ref() }
    }
}

impl std::fmt::Debug for LoadedRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LoadedRef({})", self.code.qualname())
    }
}

/// One activation of a code object.
#[derive(Debug)]
pub(crate) struct Frame {
    /// The code (with its constants, names and caches), owned by `func`.
    pub(crate) loaded: LoadedRef,
    /// The function object (keeps the code object and closure alive).
    pub(crate) func: Value,
    /// The module namespace.
    pub(crate) globals: ObjRef,
    /// The name-based locals (`LOAD_NAME`): module bodies (= globals) and `exec`.
    pub(crate) locals: Option<ObjRef>,
    /// First local slot in the value stack.
    pub(crate) base: usize,
    /// First evaluation-stack slot.
    pub(crate) stack_base: usize,
    /// On return, truncate the stack here and push the result.
    pub(crate) ret_to: usize,
    /// Resume offset while the frame is not running.
    pub(crate) ip: usize,
    /// Offset of the instruction last executed (the call in progress, for tracebacks).
    pub(crate) lasti: u32,
    /// Returning from this frame returns from [`run`] (a native called into Python).
    pub(crate) entry: bool,
    /// The generator running in this frame (its `YIELD_VALUE` suspends into it).
    pub(crate) gen: Option<ObjRef>,
}

/// Where `print` and friends write.
#[derive(Debug, Default)]
pub enum Output {
    /// The process's stdout (buffered by the VM; flushed at exit and on `flush=True`).
    #[default]
    Stdout,
    /// Captured in memory (tests, embedders).
    Capture(Vec<u8>),
}

/// The interpreter state a [`Vm`] owns besides its heap: everything here is a GC root.
#[derive(Debug)]
pub struct Runtime {
    /// Per-VM method tables of the builtin types.
    pub(crate) methods: MethodTable,
    /// The value stack: every frame's locals and evaluation stack.
    pub(crate) stack: Vec<Value>,
    /// The frame stack (innermost last).
    pub(crate) frames: Vec<Frame>,
    /// The exception being handled (`None` when none).
    pub(crate) handled: Value,
    /// The builtins namespace (a dict), once initialised.
    pub(crate) builtins: Option<ObjRef>,
    /// Type objects of the builtin types, by `BuiltinType as usize`.
    pub(crate) types: Vec<Value>,
    /// Builtin exception classes, in `ExcKind::ALL` order.
    pub(crate) exc_types: Vec<Value>,
    /// The last exception that escaped to the embedder (kept alive for printing).
    pub(crate) last_exc: Value,
    /// Values natives keep across calls back into Python.
    pub(crate) temp_roots: Vec<Value>,
    /// Buffered standard output.
    pub(crate) out_buf: Vec<u8>,
    /// Where the buffer goes.
    pub(crate) output: Output,
    /// Maximum frame depth.
    pub(crate) recursion_limit: usize,
    /// Remaining ticks (backward jumps and calls) before the instruction budget is spent.
    pub(crate) budget: Option<u64>,
    /// Modules' namespaces created by [`Vm::new_module_globals`] (roots).
    pub(crate) modules: Vec<ObjRef>,
    /// The compiler `exec`/`eval` use (the embedder may replace it).
    pub(crate) compiler: Option<crate::builtins::CompileFn>,
    /// The arena module source is compiled in, kept between compiles ([`Vm::compile_module`]).
    pub(crate) compile_arena: hotpy_compiler::CompileArena,
    /// Nesting of natives re-entering the VM ([`Vm::call`], iterators over iterators): bounded by
    /// the recursion limit too, so `map(f, map(f, …))` a million deep is a RecursionError.
    pub(crate) native_depth: usize,
    /// Str values of static names (dunders the object model looks up), allocated once. Fx, not
    /// SipHash: looked up on hot paths (every instantiation looked up two), and the keys are
    /// the VM's own literals.
    pub(crate) static_strs: hotpy_compiler::fxhash::FxHashMap<&'static str, Value>,
    /// Bumped by every class mutation: attribute caches recorded under another epoch are stale.
    pub(crate) class_epoch: u64,
    /// Cached [`crate::class::lookup::user_lookup_str`] answers: (class id, name) → attribute.
    pub(crate) special_cache:
        std::collections::HashMap<(u64, usize), Option<Value>, crate::types::KeyHash>,
    /// The class epoch `special_cache` and `ctor_cache` were filled under.
    pub(crate) class_caches_epoch: u64,
    /// Each class's `__new__` and `__init__` as found along its MRO (by class id), for
    /// [`crate::class::instantiate::type_call`]; cleared when the class epoch moves.
    pub(crate) ctor_cache:
        hotpy_compiler::fxhash::FxHashMap<u64, crate::class::lookup::Constructors>,
    /// The str object of every interned name code uses (shared by all code objects).
    pub(crate) name_strs: hotpy_compiler::fxhash::FxHashMap<crate::intern::Name, Value>,
    /// The `NotImplemented` singleton (allocated with the builtins).
    pub(crate) not_implemented: Value,
    /// How many distinct NaNs `float('nan')` has made (each gets its own payload).
    pub(crate) nan_serial: u64,
    /// The `Ellipsis` singleton (allocated with the builtins).
    pub(crate) ellipsis: Value,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            methods: MethodTable::default(),
            stack: Vec::new(),
            frames: Vec::new(),
            handled: Value::None,
            builtins: None,
            types: Vec::new(),
            exc_types: Vec::new(),
            last_exc: Value::None,
            temp_roots: Vec::new(),
            out_buf: Vec::new(),
            output: Output::Stdout,
            recursion_limit: 1000,
            budget: None,
            modules: Vec::new(),
            compiler: Some(crate::builtins::compile_source),
            compile_arena: hotpy_compiler::CompileArena::new(),
            native_depth: 0,
            static_strs: Default::default(),
            class_epoch: 0,
            nan_serial: 0,
            special_cache: Default::default(),
            class_caches_epoch: 0,
            ctor_cache: Default::default(),
            name_strs: Default::default(),
            not_implemented: Value::None,
            ellipsis: Value::None,
        }
    }
}

impl RootSource for Runtime {
    fn trace_roots(&self, tracer: &mut Tracer<'_>) {
        for v in self.methods.values() {
            tracer.value(v);
        }
        tracer.values(&self.stack);
        for f in &self.frames {
            tracer.value(f.func);
            tracer.obj(f.globals);
            if let Some(l) = f.locals {
                tracer.obj(l);
            }
            if let Some(g) = f.gen {
                tracer.obj(g);
            }
        }
        tracer.value(self.handled);
        if let Some(b) = self.builtins {
            tracer.obj(b);
        }
        tracer.values(&self.types);
        tracer.values(&self.exc_types);
        tracer.value(self.last_exc);
        tracer.values(&self.temp_roots);
        for &m in &self.modules {
            tracer.obj(m);
        }
        for &v in self.static_strs.values() {
            tracer.value(v);
        }
        for &v in self.name_strs.values() {
            tracer.value(v);
        }
        for v in self.special_cache.values().flatten() {
            tracer.value(*v);
        }
        for c in self.ctor_cache.values() {
            for f in [c.new, c.init].into_iter().flatten() {
                tracer.value(f.value);
            }
        }
        tracer.values(&[self.not_implemented, self.ellipsis]);
    }
}

/// How a call instruction continues.
pub(crate) enum Callee {
    /// A Python frame was pushed: run it.
    Frame,
    /// The call finished with this value.
    Value(Value),
}

impl Vm {
    /// The method `name` of builtin type `ty` (a native function value whose first argument is
    /// the receiver), if it has one.
    pub fn builtin_method(&mut self, ty: BuiltinType, name: Name) -> Option<Value> {
        self.rt
            .methods
            .get(&mut self.heap, &self.interner, ty, name)
    }

    /// Call a native function object with `args` (a bound receiver is prepended).
    pub fn call_native(&mut self, f: Value, args: Args<'_>) -> VmResult<Value> {
        let Value::Obj(r) = f else {
            return Err(type_error("not a native function"));
        };
        let Object::NativeFunction(nf) = self.heap.get(r) else {
            return Err(type_error("not a native function"));
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

    /// Make sure the builtins and type objects exist (done on first use, so a VM that never runs
    /// code allocates nothing).
    pub fn ensure_runtime(&mut self) {
        if self.rt.builtins.is_none() {
            crate::builtins::init(self);
        }
    }

    /// The recursion limit (maximum frame depth).
    pub fn recursion_limit(&self) -> usize {
        self.rt.recursion_limit
    }

    /// Set the recursion limit (`sys.setrecursionlimit`).
    pub fn set_recursion_limit(&mut self, limit: usize) {
        self.rt.recursion_limit = limit.max(1);
    }

    /// Limit the run to `ticks` backward jumps and calls (`None`: unlimited). Spending the
    /// budget raises [`Limit::Instructions`], which scripts cannot catch.
    pub fn set_budget(&mut self, ticks: Option<u64>) {
        self.rt.budget = ticks;
    }

    /// Capture `print` output in memory instead of writing to stdout.
    pub fn capture_output(&mut self) {
        self.rt.output = Output::Capture(Vec::new());
    }

    /// Take the captured output (flushing the buffer first).
    pub fn take_output(&mut self) -> String {
        self.flush_stdout();
        match &mut self.rt.output {
            Output::Capture(v) => String::from_utf8_lossy(&std::mem::take(v)).into_owned(),
            Output::Stdout => String::new(),
        }
    }

    /// Write text to the VM's standard output (buffered).
    pub fn write_stdout(&mut self, s: &str) {
        self.rt.out_buf.extend_from_slice(s.as_bytes());
        if self.rt.out_buf.len() > 1 << 16 {
            self.flush_stdout();
        }
    }

    /// Flush buffered standard output.
    pub fn flush_stdout(&mut self) {
        if self.rt.out_buf.is_empty() {
            return;
        }
        let buf = std::mem::take(&mut self.rt.out_buf);
        match &mut self.rt.output {
            Output::Stdout => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&buf);
                let _ = out.flush();
            }
            Output::Capture(v) => v.extend_from_slice(&buf),
        }
        self.rt.out_buf = buf;
        self.rt.out_buf.clear();
    }

    /// The builtins namespace (a dict).
    pub fn builtins(&mut self) -> ObjRef {
        self.ensure_runtime();
        self.rt.builtins.expect("initialised")
    }

    /// A fresh module namespace with `__name__` and `__builtins__`, kept alive by the VM.
    pub fn new_module_globals(&mut self, name: &str) -> VmResult<ObjRef> {
        self.ensure_runtime();
        entry_safepoint(self);
        let d = self.heap.alloc(Object::Dict(PyDict::new()))?;
        self.rt.modules.push(d);
        let k = self.new_str("__name__")?;
        let v = self.new_str(name)?;
        ops::dict_set(self, d, k, v)?;
        let k = self.new_str("__builtins__")?;
        let b = Value::Obj(self.builtins());
        ops::dict_set(self, d, k, b)?;
        Ok(d)
    }

    /// The namespace of a program's `__main__` module, with CPython's entries in CPython's order
    /// (`__name__`, `__doc__`, `__package__`, `__loader__`, `__spec__`, `__annotations__`,
    /// `__builtins__`, then `__file__` and `__cached__` when running a file).
    pub fn new_main_globals(&mut self, file: Option<&str>) -> VmResult<ObjRef> {
        self.ensure_runtime();
        entry_safepoint(self);
        let d = self.heap.alloc(Object::Dict(PyDict::new()))?;
        self.rt.modules.push(d);
        let main = self.new_str("__main__")?;
        let ann = self.new_dict()?;
        let builtins = Value::Obj(self.builtins());
        let mut entries = vec![
            ("__name__", main),
            ("__doc__", Value::None),
            ("__package__", Value::None),
            ("__loader__", Value::None),
            ("__spec__", Value::None),
            ("__annotations__", ann),
            ("__builtins__", builtins),
        ];
        if let Some(f) = file {
            let fv = self.new_str(f)?;
            entries.push(("__file__", fv));
            entries.push(("__cached__", Value::None));
        }
        for (k, v) in entries {
            let k = self.new_str(k)?;
            ops::dict_set(self, d, k, v)?;
        }
        Ok(d)
    }

    /// Load compiled code into this VM: its constants become values (once), giving a code object.
    pub fn load_code(&mut self, code: Arc<Code>) -> VmResult<Value> {
        self.load_code_tree(code, &mut LoadedNames::default())
    }

    /// [`Vm::load_code`] of `code` and the code objects nested in it, with the names already
    /// interned for this tree.
    fn load_code_tree(&mut self, code: Arc<Code>, seen: &mut LoadedNames) -> VmResult<Value> {
        let mut consts = Vec::with_capacity(code.constants().len());
        for c in code.constants() {
            let v = self.load_constant(c, seen)?;
            consts.push(v);
        }
        let mut names = Vec::with_capacity(code.names().len());
        let mut name_ids = Vec::with_capacity(code.names().len());
        for n in code.names() {
            let address = SharedName::address_of(n);
            let (id, s) = match seen.0.get(&address) {
                Some(&found) => found,
                None => {
                    let found = self.interned_name_str(n)?;
                    let key = SharedName {
                        address,
                        _keep: Arc::clone(n),
                    };
                    seen.0.insert(key, found);
                    found
                }
            };
            names.push(s);
            name_ids.push(id);
        }
        // `co_name` is an identifier (or `<module>`, `<lambda>`…) too: the shared str.
        let name = self.interned_name_str(code.name())?.1;
        let qualname = self.new_str(code.qualname())?;
        let caches = (0..code.cache_slots())
            .map(|_| Default::default())
            .collect();
        let loaded = LoadedCode {
            nlocals: code.varnames().len(),
            ncells: code.cellvars().len(),
            nfree: code.freevars().len(),
            uses_fast_locals: code.flags().contains(CodeFlags::OPTIMIZED),
            fast_call: code.kwonly_arg_count() == 0
                && code.flags().0
                    & (CodeFlags::VARARGS.0 | CodeFlags::VARKEYWORDS.0 | CodeFlags::GENERATOR.0)
                    == 0,
            code,
            consts: consts.into(),
            names: names.into(),
            name_ids: name_ids.into(),
            name,
            qualname,
            caches,
        };
        Ok(Value::Obj(self.heap.alloc(Object::Code(Arc::new(loaded)))?))
    }

    /// The one str object of name `n` across all code (made on first use), so attribute
    /// caches and dict probes match names by identity, with its interned id.
    fn interned_name_str(&mut self, n: &str) -> VmResult<(crate::intern::Name, Value)> {
        let id = self.interner.intern(n);
        if let Some(&s) = self.rt.name_strs.get(&id) {
            return Ok((id, s));
        }
        let s = self.new_str(n)?;
        self.rt.name_strs.insert(id, s);
        Ok((id, s))
    }

    fn load_constant(&mut self, c: &Constant, seen: &mut LoadedNames) -> VmResult<Value> {
        Ok(match c {
            Constant::None => Value::None,
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Int(i) => Value::Int(*i),
            Constant::BigInt(b) => ops::big(&mut self.heap, b.clone())?,
            Constant::Float(f) => Value::Float(*f),
            Constant::Str(s) => self.new_str(&**s)?,
            Constant::Bytes(b) => Value::Obj(self.heap.alloc(Object::Bytes(b.to_vec().into()))?),
            Constant::Tuple(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items.iter() {
                    v.push(self.load_constant(i, seen)?);
                }
                self.new_tuple(v)?
            }
            Constant::FrozenSet(items) => {
                let mut s = PySet::new();
                for i in items.iter() {
                    let v = self.load_constant(i, seen)?;
                    ops::set_add_in(&self.heap, &mut s, v)?;
                }
                let s = s.reinserted();
                Value::Obj(self.heap.alloc(Object::FrozenSet(s))?)
            }
            Constant::Code(code) => self.load_code_tree(code.clone(), seen)?,
            Constant::Ellipsis => {
                self.ensure_runtime();
                self.rt.ellipsis
            }
            // Loaded as NULL; LOAD_CONST reports it.
            Constant::Complex { .. } => NULL,
        })
    }

    /// A function object running `code` (a code object from [`Vm::load_code`]) in `globals`.
    pub fn new_function(&mut self, code: Value, globals: ObjRef) -> VmResult<Value> {
        let loaded = match code.as_obj().map(|r| self.heap.get(r)) {
            Some(Object::Code(l)) => l.clone(),
            _ => return Err(type_error("not a code object")),
        };
        let f = Function {
            name: loaded.name,
            qualname: loaded.qualname,
            code,
            loaded,
            globals: Value::Obj(globals),
            defaults: Value::None,
            kwdefaults: Value::None,
            closure: Value::None,
            dict: Value::None,
        };
        Ok(Value::Obj(self.heap.alloc(Object::Function(Box::new(f)))?))
    }

    /// Run module-level `code` with `globals` as its namespace (globals and locals).
    pub fn run_code(&mut self, code: Arc<Code>, globals: ObjRef) -> VmResult<Value> {
        self.run_code_with_locals(code, globals, globals)
    }

    /// Run `code` with separate `globals` and `locals` dicts (`exec`).
    pub fn run_code_with_locals(
        &mut self,
        code: Arc<Code>,
        globals: ObjRef,
        locals: ObjRef,
    ) -> VmResult<Value> {
        self.ensure_runtime();
        entry_safepoint(self);
        let start = self.rt.stack.len();
        let codeobj = self.load_code(code)?;
        self.rt.stack.push(codeobj);
        let func = self.new_function(codeobj, globals)?;
        self.rt.stack.push(func);
        let loaded = match self.heap.get(func.as_obj().expect("function")) {
            Object::Function(f) => LoadedRef::new(&f.loaded),
            _ => unreachable!(),
        };
        let base = self.rt.stack.len();
        self.rt.stack.resize(base + loaded.nlocalsplus(), NULL);
        self.push_frame(Frame {
            stack_base: base + loaded.nlocalsplus(),
            loaded,
            func,
            globals,
            locals: Some(locals),
            base,
            ret_to: start,
            ip: 0,
            lasti: 0,
            entry: true,
            gen: None,
        })?;
        let r = run(self);
        self.rt.stack.truncate(start);
        r
    }

    /// Run function `func` (no arguments) with the name-based `locals` dict: a class body.
    /// Returns what the body returns (its `__class__` cell, or None).
    pub fn run_function_with_locals(&mut self, func: Value, locals: ObjRef) -> VmResult<Value> {
        self.ensure_runtime();
        let (loaded, globals) = match func.as_obj().map(|r| self.heap.get(r)) {
            Some(Object::Function(f)) => (
                LoadedRef::new(&f.loaded),
                f.globals
                    .as_obj()
                    .ok_or_else(|| internal("function without globals"))?,
            ),
            _ => return Err(type_error("class body is not a function")),
        };
        self.enter_native()?;
        let start = self.rt.stack.len();
        self.rt.stack.push(func);
        self.rt.stack.push(Value::Obj(locals));
        let base = self.rt.stack.len();
        self.rt.stack.resize(base + loaded.nlocalsplus(), NULL);
        let pushed = self.push_frame(Frame {
            stack_base: base + loaded.nlocalsplus(),
            loaded,
            func,
            globals,
            locals: Some(locals),
            base,
            ret_to: start,
            ip: 0,
            lasti: 0,
            entry: true,
            gen: None,
        });
        let r = match pushed {
            Ok(()) => run(self),
            Err(e) => Err(e),
        };
        self.rt.stack.truncate(start);
        self.rt.native_depth -= 1;
        r
    }

    pub(crate) fn push_frame(&mut self, frame: Frame) -> VmResult<()> {
        if self.rt.frames.len() >= self.rt.recursion_limit {
            self.rt.stack.truncate(frame.ret_to);
            return Err(VmError::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.rt
            .stack
            .reserve(frame.loaded.code.max_stack_depth() as usize + 1);
        self.rt.frames.push(frame);
        Ok(())
    }

    /// Call `f(*args)` (re-entering the interpreter for Python functions).
    pub fn call(&mut self, f: Value, args: &[Value]) -> VmResult<Value> {
        self.call_kw(f, args, &[])
    }

    /// Call `f` with `args`, the last `kwnames.len()` of which are keyword arguments.
    pub fn call_kw(&mut self, f: Value, args: &[Value], kwnames: &[Value]) -> VmResult<Value> {
        self.ensure_runtime();
        self.enter_native()?;
        let r = self.call_kw_inner(f, args, kwnames);
        self.rt.native_depth -= 1;
        r
    }

    /// Count one level of natives re-entering the VM; `RecursionError` past the limit. The
    /// caller decrements `native_depth` when it returns.
    pub(crate) fn enter_native(&mut self) -> VmResult<()> {
        // Each level re-enters the interpreter loop on the Rust stack: besides the count, stop
        // while the thread's stack still has room (an embedder's thread may have only 2 MiB).
        if stacker::remaining_stack().is_some_and(|left| left < NATIVE_STACK_RESERVE) {
            return Err(VmError::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        if self.rt.native_depth >= self.rt.recursion_limit {
            return Err(VmError::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        self.rt.native_depth += 1;
        Ok(())
    }

    fn call_kw_inner(&mut self, f: Value, args: &[Value], kwnames: &[Value]) -> VmResult<Value> {
        let p = self.rt.stack.len();
        self.rt.stack.push(NULL);
        self.rt.stack.push(f);
        self.rt.stack.extend_from_slice(args);
        let r = match call::call_at(self, p, args.len(), kwnames, true) {
            Ok(Callee::Value(v)) => Ok(v),
            Ok(Callee::Frame) => run(self),
            Err(e) => Err(e),
        };
        self.rt.stack.truncate(p);
        r
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: Value) -> VmResult<String> {
        format::repr(self, v)
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: Value) -> VmResult<String> {
        format::to_str(self, v)
    }

    /// `a == b`.
    pub fn eq(&mut self, a: Value, b: Value) -> VmResult<bool> {
        ops::eq_vm(self, a, b)
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: Value) -> VmResult<i64> {
        ops::hash_vm(self, v)
    }

    /// `bool(v)`.
    pub fn truthy(&mut self, v: Value) -> VmResult<bool> {
        ops::truthy_vm(self, v)
    }

    /// `iter(v)`.
    pub fn iter(&mut self, v: Value) -> VmResult<Value> {
        ops::get_iter(self, v)
    }

    /// `next(it)`, `None` when exhausted.
    pub fn next(&mut self, it: Value) -> VmResult<Option<Value>> {
        ops::iter_next(self, it)
    }

    /// Every item of `v`.
    pub fn collect_iterable(&mut self, v: Value) -> VmResult<Vec<Value>> {
        ops::collect_iterable(self, v)
    }

    /// The type object of a builtin type.
    pub fn type_object(&mut self, ty: BuiltinType) -> Value {
        self.ensure_runtime();
        self.rt.types[ty as usize]
    }

    /// The class object of a builtin exception kind.
    pub fn exc_type(&mut self, kind: ExcKind) -> Value {
        self.ensure_runtime();
        let i = ExcKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.rt.exc_types[i]
    }

    /// Keep `v` alive until [`Vm::pop_temp_root`] (natives calling back into Python).
    pub fn push_temp_root(&mut self, v: Value) {
        self.rt.temp_roots.push(v);
    }

    /// Release the last [`Vm::push_temp_root`].
    pub fn pop_temp_root(&mut self) {
        self.rt.temp_roots.pop();
    }
}

#[inline]
pub(crate) fn call_imp(vm: &mut Vm, imp: &NativeImpl, args: Args<'_>) -> VmResult<Value> {
    match imp {
        NativeImpl::Fn(f) => f(vm, args),
        NativeImpl::Closure(c) => c(vm, args),
    }
}

/// A safe point: collect when the allocation debt calls for it, or when the heap nears its
/// limit with enough allocated since the last cycle (so garbage is freed before the limit is
/// reported, without collecting at every safe point when the live data itself is that big).
#[inline]
pub(crate) fn safepoint(vm: &mut Vm) {
    if vm.gc.should_collect(&vm.heap) || near_limit(&vm.heap) {
        vm.collect(&NoRoots);
    }
}

/// The safe point at the VM's entry points (no Python code running): also collect whenever the
/// heap is near its limit, so a run that failed on the limit leaves room for the next.
fn entry_safepoint(vm: &mut Vm) {
    let full = vm
        .heap
        .limit()
        .is_some_and(|l| vm.heap.live_bytes() > l / 4 * 3);
    if full || vm.gc.should_collect(&vm.heap) {
        vm.collect(&NoRoots);
    }
}

#[inline]
fn near_limit(heap: &crate::Heap) -> bool {
    match heap.limit() {
        None => false,
        Some(l) => heap.live_bytes() > l / 4 * 3 && heap.allocated_since_gc > l / 8,
    }
}

/// The Rust stack a native re-entering the interpreter must leave free.
const NATIVE_STACK_RESERVE: usize = 256 * 1024;

#[cold]
fn budget_spent() -> VmError {
    VmError::Limit(Limit::Instructions)
}

#[inline]
fn tick(vm: &mut Vm) -> VmResult<()> {
    if vm.take_interrupt() {
        return Err(VmError::Limit(crate::error::Limit::Interrupted));
    }
    if let Some(b) = &mut vm.rt.budget {
        if *b == 0 {
            return Err(budget_spent());
        }
        *b -= 1;
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn unsupported(what: &str) -> VmError {
    VmError::new(
        ExcKind::NotImplementedError,
        format!("hotpy does not support {what} yet"),
    )
}

#[cold]
#[inline(never)]
fn unbound_local(code: &Code, i: usize) -> VmError {
    let name = code.varnames().get(i).map(|s| &**s).unwrap_or("?");
    VmError::new(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

#[cold]
#[inline(never)]
fn name_error(vm: &Vm, name: Value) -> VmError {
    let n = ops::as_str(&vm.heap, name)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    VmError::new(ExcKind::NameError, format!("name '{n}' is not defined"))
}

/// The str key's index in a dict (names are str objects, so no user `__eq__` runs).
#[inline]
fn find_name(heap: &crate::Heap, d: &PyDict, key: Value) -> Option<usize> {
    let h = match ops::as_str(heap, key) {
        Some(s) => s.hash(),
        None => return None,
    };
    d.find(h, Some(key), |k| ops::eq(heap, k, key))
        .ok()
        .flatten()
}

fn dict_of(heap: &crate::Heap, r: ObjRef) -> &PyDict {
    match heap.get(r) {
        Object::Dict(d) => d,
        _ => panic!("namespace is not a dict"),
    }
}

/// `LOAD_GLOBAL` slow path: look the name up in globals then builtins and fill the cache.
#[cold]
#[inline(never)]
fn load_global_slow(
    vm: &mut Vm,
    loaded: &LoadedCode,
    globals: ObjRef,
    name_idx: usize,
    slot: usize,
) -> VmResult<Value> {
    let key = loaded.names[name_idx];
    let heap = &vm.heap;
    let g = dict_of(heap, globals);
    let cache = &loaded.caches[slot];
    let gid = globals.id();
    if let Some(i) = find_name(heap, g, key) {
        cache.set(0, g.version() + 1);
        cache.set(1, gid);
        cache.set(2, i as u64);
        return Ok(*g.entry_at(i).expect("found").1);
    }
    let b = vm.rt.builtins.expect("builtins");
    let bd = dict_of(heap, b);
    if let Some(i) = find_name(heap, bd, key) {
        cache.set(0, g.version() + 1);
        cache.set(1, gid);
        cache.set(2, (bd.version() << 32) | (1 << 31) | i as u64);
        return Ok(*bd.entry_at(i).expect("found").1);
    }
    cache.set(0, 0);
    Err(name_error(vm, key))
}

/// `LOAD_GLOBAL` through the inline cache.
#[inline(always)]
fn load_global(
    vm: &mut Vm,
    loaded: &LoadedCode,
    globals: ObjRef,
    name_idx: usize,
    slot: usize,
) -> VmResult<Value> {
    let cache = &loaded.caches[slot];
    let w0 = cache.get(0);
    if w0 != 0 && cache.get(1) == globals.id() {
        if let Object::Dict(g) = vm.heap.get(globals) {
            let w2 = cache.get(2);
            let idx = (w2 & 0x7FFF_FFFF) as usize;
            if w2 & (1 << 31) == 0 {
                // Found in the globals: the entry is still the name's while it holds that very
                // key (entries keep their places, and a key is in a dict once), whatever other
                // names came and went (`except E as e` deletes `e` on every pass).
                if let Some((k, v)) = g.entry_at(idx) {
                    if w0 == g.version() + 1 || k.is(loaded.names[name_idx]) {
                        return Ok(*v);
                    }
                }
            } else if w0 == g.version() + 1 {
                // Found in the builtins: valid while no name was added to the globals.
                if let Some(b) = vm.rt.builtins {
                    if let Object::Dict(bd) = vm.heap.get(b) {
                        if bd.version() == w2 >> 32 {
                            if let Some((_, v)) = bd.entry_at(idx) {
                                return Ok(*v);
                            }
                        }
                    }
                }
            }
        }
    }
    load_global_slow(vm, loaded, globals, name_idx, slot)
}

/// `STORE_GLOBAL`, or `STORE_NAME` into namespace `d`, through the inline cache: the name's
/// entry is where the store that filled the cache found it, and its value is replaced in place,
/// with no hashing or probing.
#[inline(always)]
fn store_global(
    vm: &mut Vm,
    loaded: &LoadedCode,
    d: ObjRef,
    name_idx: usize,
    slot: usize,
    v: Value,
) -> VmResult<()> {
    let cache = &loaded.caches[slot];
    let key = loaded.names[name_idx];
    let w0 = cache.get(0);
    if w0 != 0 && cache.get(1) == d.id() {
        if let Object::Dict(t) = vm.heap.get_mut(d) {
            let i = cache.get(2) as usize;
            // The entry at `i` is the name's while it holds that very key (whatever names came
            // and went), or while the dict has had no insert or delete since.
            let valid = t
                .entry_at(i)
                .is_some_and(|(k, _)| w0 == t.version() + 1 || k.is(key));
            if valid {
                t.set_value_at(i, v);
                return Ok(());
            }
        }
    }
    let i = ops::dict_set_index(vm, d, key, v)?;
    if let Object::Dict(t) = vm.heap.get(d) {
        cache.set(0, t.version() + 1);
        cache.set(1, d.id());
        cache.set(2, i as u64);
    }
    Ok(())
}

fn load_name(
    vm: &mut Vm,
    frame_locals: Option<ObjRef>,
    globals: ObjRef,
    key: Value,
) -> VmResult<Value> {
    let heap = &vm.heap;
    if let Some(l) = frame_locals {
        if let Some(v) = ops::dict_get(heap, l, key)? {
            return Ok(v);
        }
    }
    // Module bodies run with locals == globals: one lookup, not two.
    if frame_locals != Some(globals) {
        if let Some(v) = ops::dict_get(heap, globals, key)? {
            return Ok(v);
        }
    }
    let b = vm.rt.builtins.expect("builtins");
    if let Some(v) = ops::dict_get(heap, b, key)? {
        return Ok(v);
    }
    Err(name_error(vm, key))
}

/// What the dispatch loop hands the unwinder.
struct Raised {
    error: VmError,
    offset: u32,
    /// A re-raise (`RERAISE`, bare `raise`): no new traceback entry, no new context.
    reraise: bool,
    /// `RERAISE n`'s restored offset, pushed as `lasti` by a handler that wants it.
    lasti: Option<u32>,
}

/// Run the innermost frame (an `entry` frame) until it returns.
pub(crate) fn run(vm: &mut Vm) -> VmResult<Value> {
    'frame: loop {
        let fi = vm.rt.frames.len() - 1;
        let (loaded_ptr, mut ip, base, globals, frame_locals) = {
            let f = &vm.rt.frames[fi];
            (f.loaded, f.ip, f.base, f.globals, f.locals)
        };
        // SAFETY: frame `fi` roots the function that owns this `LoadedCode` and stays on the frame
        // stack while this activation of the dispatch loop runs: the only paths that pop it
        // (`RETURN_VALUE` and the unwinder) leave the dispatch loop right away (`continue
        // 'frame` / `return`) without touching `loaded` again.
        let loaded: &LoadedCode = unsafe { loaded_ptr.0.as_ref() };
        let code: &Code = &loaded.code;
        let instrs = code.instructions();
        let consts: &[Value] = &loaded.consts;
        let raised: Raised = 'dispatch: loop {
            let word = instrs[ip];
            let op_off = ip as u32;
            ip += 1;
            let mut arg = word.arg();
            let mut op = word.opcode();
            if op == Opcode::ExtendedArg {
                let w = instrs[ip];
                ip += 1;
                arg = (arg << 24) | w.arg();
                op = w.opcode();
            }
            macro_rules! throw {
                ($e:expr) => {
                    break 'dispatch Raised {
                        error: $e,
                        offset: op_off,
                        reraise: false,
                        lasti: None,
                    }
                };
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => throw!(e),
                    }
                };
            }
            macro_rules! stack {
                () => {
                    vm.rt.stack
                };
            }
            macro_rules! pop {
                () => {
                    match vm.rt.stack.pop() {
                        Some(v) => v,
                        None => throw!(internal("value stack underflow")),
                    }
                };
            }
            macro_rules! top {
                () => {
                    *vm.rt.stack.last().expect("non-empty stack")
                };
            }
            macro_rules! push {
                ($v:expr) => {{
                    let v = $v;
                    vm.rt.stack.push(v)
                }};
            }
            macro_rules! save_ip {
                () => {{
                    let f = &mut vm.rt.frames[fi];
                    f.ip = ip;
                    f.lasti = op_off;
                }};
            }
            match op {
                Opcode::Nop | Opcode::Cache | Opcode::ExtendedArg => {}
                Opcode::PopTop => {
                    stack!().pop();
                }
                Opcode::PushNull => push!(NULL),
                Opcode::Copy => {
                    let n = stack!().len();
                    let v = stack!()[n - arg as usize];
                    push!(v);
                }
                Opcode::Swap => {
                    let n = stack!().len();
                    stack!().swap(n - 1, n - arg as usize);
                }
                Opcode::LoadConst => {
                    let v = consts[arg as usize];
                    if is_null(v) {
                        throw!(unsupported("complex numbers"));
                    }
                    push!(v);
                }
                Opcode::LoadFast => {
                    let v = stack!()[base + arg as usize];
                    if is_null(v) {
                        throw!(unbound_local(code, arg as usize));
                    }
                    push!(v);
                }
                Opcode::StoreFast => {
                    let v = pop!();
                    stack!()[base + arg as usize] = v;
                }
                Opcode::DeleteFast => {
                    let slot = base + arg as usize;
                    if is_null(stack!()[slot]) {
                        throw!(unbound_local(code, arg as usize));
                    }
                    stack!()[slot] = NULL;
                }
                Opcode::MakeCell => {
                    let slot = base + loaded.nlocals + arg as usize;
                    let cell = tri!(vm.heap.alloc(Object::Cell(NULL)));
                    stack!()[slot] = Value::Obj(cell);
                }
                Opcode::CopyFreeVars => {
                    let func = vm.rt.frames[fi].func;
                    let closure = match func.as_obj().map(|f| vm.heap.get(f)) {
                        Some(Object::Function(f)) => f.closure,
                        _ => Value::None,
                    };
                    let cells: Vec<Value> = match closure.as_obj().map(|c| vm.heap.get(c)) {
                        Some(Object::Tuple(t)) => t.to_vec(),
                        _ => vec![],
                    };
                    let at = base + loaded.nlocals + loaded.ncells;
                    for (i, c) in cells.into_iter().take(arg as usize).enumerate() {
                        stack!()[at + i] = c;
                    }
                }
                Opcode::LoadDeref | Opcode::LoadClosure | Opcode::LoadClassDeref => {
                    let slot = base + loaded.nlocals + arg as usize;
                    let cell = stack!()[slot];
                    if op == Opcode::LoadClosure {
                        push!(cell);
                    } else {
                        if op == Opcode::LoadClassDeref {
                            if let Some(l) = frame_locals {
                                let name = code.deref_name(arg).unwrap_or("");
                                let key = tri!(vm.new_str(name));
                                if let Some(v) = tri!(ops::dict_get(&vm.heap, l, key)) {
                                    push!(v);
                                    continue;
                                }
                            }
                        }
                        let v = match cell.as_obj().map(|c| vm.heap.get(c)) {
                            Some(Object::Cell(v)) => *v,
                            _ => NULL,
                        };
                        if is_null(v) {
                            throw!(exceptions::unbound_deref(code, arg));
                        }
                        push!(v);
                    }
                }
                Opcode::StoreDeref => {
                    let v = pop!();
                    let slot = base + loaded.nlocals + arg as usize;
                    let cell = stack!()[slot];
                    match cell.as_obj() {
                        Some(c) if !is_null(cell) => {
                            if let Object::Cell(x) = vm.heap.get_mut(c) {
                                *x = v;
                            }
                        }
                        _ => throw!(internal("STORE_DEREF on a slot without a cell")),
                    }
                }
                Opcode::DeleteDeref => {
                    let slot = base + loaded.nlocals + arg as usize;
                    let cell = stack!()[slot];
                    if let Some(c) = cell.as_obj().filter(|_| !is_null(cell)) {
                        if let Object::Cell(x) = vm.heap.get_mut(c) {
                            if is_null(*x) {
                                throw!(exceptions::unbound_deref(code, arg));
                            }
                            *x = NULL;
                        }
                    }
                }
                Opcode::LoadGlobal => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let v = tri!(load_global(vm, loaded, globals, (arg >> 1) as usize, slot));
                    if arg & 1 == 1 {
                        push!(NULL);
                    }
                    push!(v);
                }
                Opcode::StoreGlobal => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let v = pop!();
                    tri!(store_global(vm, loaded, globals, arg as usize, slot, v));
                }
                Opcode::DeleteGlobal => {
                    let key = loaded.names[arg as usize];
                    if tri!(ops::dict_del(vm, globals, key)).is_none() {
                        throw!(name_error(vm, key));
                    }
                }
                Opcode::LoadName => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    // Module level (locals are the globals): globals then builtins, which is
                    // `LOAD_GLOBAL`, cached the same way.
                    let v = if frame_locals.is_none_or(|l| l == globals) {
                        tri!(load_global(vm, loaded, globals, arg as usize, slot))
                    } else {
                        let key = loaded.names[arg as usize];
                        tri!(load_name(vm, frame_locals, globals, key))
                    };
                    push!(v);
                }
                Opcode::StoreName => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let v = pop!();
                    let target = frame_locals.unwrap_or(globals);
                    tri!(store_global(vm, loaded, target, arg as usize, slot, v));
                }
                Opcode::DeleteName => {
                    let key = loaded.names[arg as usize];
                    let target = frame_locals.unwrap_or(globals);
                    if tri!(ops::dict_del(vm, target, key)).is_none() {
                        throw!(name_error(vm, key));
                    }
                }
                Opcode::LoadAttr => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let obj = top!();
                    let v = tri!(attr_cache::load_attr(
                        vm,
                        &loaded.caches[slot],
                        obj,
                        loaded.names[arg as usize],
                        loaded.name_ids[arg as usize]
                    ));
                    *stack!().last_mut().expect("non-empty") = v;
                }
                Opcode::LoadMethod => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let obj = top!();
                    let cache = &loaded.caches[slot];
                    let name_id = loaded.name_ids[arg as usize];
                    match tri!(attr_cache::load_method(
                        vm,
                        cache,
                        obj,
                        loaded.names[arg as usize],
                        name_id
                    )) {
                        Some((Some(m), _)) => {
                            let n = stack!().len();
                            stack!()[n - 1] = m;
                            push!(obj);
                            continue;
                        }
                        Some((None, v)) => {
                            let n = stack!().len();
                            stack!()[n - 1] = NULL;
                            push!(v);
                            continue;
                        }
                        None => {}
                    }
                    let ty = BuiltinType::of(&vm.heap, obj);
                    // Inline cache: (type tag + 1, method object) for methods of builtin types.
                    if cache.get(0) == ty as u64 + 1 {
                        let m = Value::Obj(ObjRef::from_id(cache.get(1)));
                        let n = stack!().len();
                        stack!()[n - 1] = m;
                        push!(obj);
                        continue;
                    }
                    match tri!(attrs::get_method(
                        vm,
                        obj,
                        loaded.names[arg as usize],
                        name_id
                    )) {
                        (Some(m), _) => {
                            if let Value::Obj(mr) = m {
                                cache.set(0, ty as u64 + 1);
                                cache.set(1, mr.id());
                            }
                            let n = stack!().len();
                            stack!()[n - 1] = m;
                            push!(obj);
                        }
                        (None, v) => {
                            let n = stack!().len();
                            stack!()[n - 1] = NULL;
                            push!(v);
                        }
                    }
                }
                Opcode::StoreAttr => {
                    let slot = instrs[ip].arg() as usize;
                    ip += 1;
                    let obj = pop!();
                    let v = pop!();
                    tri!(attr_cache::store_attr(
                        vm,
                        &loaded.caches[slot],
                        obj,
                        loaded.names[arg as usize],
                        v
                    ));
                }
                Opcode::DeleteAttr => {
                    let obj = pop!();
                    tri!(attrs::del_attr(vm, obj, loaded.names[arg as usize]));
                }
                Opcode::Call => {
                    ip += 1;
                    let argc = arg as usize;
                    let p = stack!().len() - argc - 2;
                    save_ip!();
                    match call::call_at(vm, p, argc, &[], false) {
                        Ok(Callee::Frame) => {
                            if let Err(e) = tick(vm) {
                                throw!(e);
                            }
                            safepoint(vm);
                            continue 'frame;
                        }
                        Ok(Callee::Value(v)) => {
                            stack!().truncate(p);
                            push!(v);
                        }
                        Err(e) => throw!(e),
                    }
                }
                Opcode::CallKw => {
                    ip += 1;
                    let names = pop!();
                    let mut buf = [Value::None; 8];
                    let big: Vec<Value>;
                    let kwnames: &[Value] = match names.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::Tuple(t)) if t.len() <= 8 => {
                            buf[..t.len()].copy_from_slice(t);
                            &buf[..t.len()]
                        }
                        Some(Object::Tuple(t)) => {
                            big = t.to_vec();
                            &big
                        }
                        _ => throw!(internal("CALL_KW without a names tuple")),
                    };
                    let argc = arg as usize;
                    let p = stack!().len() - argc - 2;
                    save_ip!();
                    match call::call_at(vm, p, argc, kwnames, false) {
                        Ok(Callee::Frame) => {
                            safepoint(vm);
                            continue 'frame;
                        }
                        Ok(Callee::Value(v)) => {
                            stack!().truncate(p);
                            push!(v);
                        }
                        Err(e) => throw!(e),
                    }
                }
                Opcode::CallFunctionEx => {
                    // Collecting `*args` may run Python: the operands stay on the stack until
                    // then, and the `**kwargs` dict (whose keys are the kwnames) is a temp root
                    // for the call.
                    let n = stack!().len();
                    let kwargs = if arg & 1 == 1 {
                        Some(stack!()[n - 1])
                    } else {
                        None
                    };
                    let args = stack!()[n - 1 - usize::from(kwargs.is_some())];
                    let p = n - 3 - usize::from(kwargs.is_some());
                    save_ip!();
                    let positional = tri!(ops::collect_iterable(vm, args));
                    stack!().truncate(p + 2);
                    let mut kwnames = Vec::new();
                    let mut kwvalues = Vec::new();
                    if let Some(k) = kwargs {
                        match k.as_obj().map(|r| vm.heap.get(r)) {
                            Some(Object::Dict(d)) => {
                                for (key, v) in d.iter() {
                                    if ops::as_str(&vm.heap, key).is_none() {
                                        throw!(type_error("keywords must be strings"));
                                    }
                                    kwnames.push(key);
                                    kwvalues.push(*v);
                                }
                            }
                            _ => throw!(type_error(format!(
                                "argument after ** must be a mapping, not {}",
                                crate::types::type_name(&vm.heap, k)
                            ))),
                        }
                    }
                    let argc = positional.len() + kwvalues.len();
                    stack!().extend(positional);
                    stack!().extend(kwvalues);
                    let mark = vm.rt.temp_roots.len();
                    if let Some(k) = kwargs {
                        vm.rt.temp_roots.push(k);
                    }
                    let called = call::call_at(vm, p, argc, &kwnames, false);
                    vm.rt.temp_roots.truncate(mark);
                    match called {
                        Ok(Callee::Frame) => {
                            safepoint(vm);
                            continue 'frame;
                        }
                        Ok(Callee::Value(v)) => {
                            stack!().truncate(p);
                            push!(v);
                        }
                        Err(e) => throw!(e),
                    }
                }
                Opcode::MakeFunction => {
                    let codeobj = pop!();
                    let closure = if arg & 8 != 0 { pop!() } else { Value::None };
                    let annotations = if arg & 4 != 0 { Some(pop!()) } else { None };
                    let kwdefaults = if arg & 2 != 0 { pop!() } else { Value::None };
                    let defaults = if arg & 1 != 0 { pop!() } else { Value::None };
                    // The popped values are not on the stack any more, but nothing below
                    // reaches a safe point before they are stored in the function.
                    let f = tri!(vm.new_function(codeobj, globals));
                    if let Some(Object::Function(func)) = f.as_obj().map(|r| vm.heap.get_mut(r)) {
                        func.closure = closure;
                        func.defaults = defaults;
                        func.kwdefaults = kwdefaults;
                    }
                    push!(f);
                    if let Some(ann) = annotations {
                        // `(name, value, name, value, …)` → `f.__annotations__`.
                        let pairs: Vec<Value> = match ann.as_obj().map(|r| vm.heap.get(r)) {
                            Some(Object::Tuple(t)) => t.to_vec(),
                            _ => Vec::new(),
                        };
                        vm.rt.temp_roots.push(ann);
                        let d = tri!(vm.new_dict());
                        let dref = d.as_obj().expect("dict");
                        vm.rt.temp_roots.push(d);
                        let mut res = Ok(());
                        for kv in pairs.chunks(2) {
                            if let [k, v] = kv {
                                res = ops::dict_set(vm, dref, *k, *v);
                                if res.is_err() {
                                    break;
                                }
                            }
                        }
                        let key = crate::class::static_str(vm, "__annotations__");
                        let res = res.and(key).and_then(|key| attrs::set_attr(vm, f, key, d));
                        vm.rt.temp_roots.truncate(vm.rt.temp_roots.len() - 2);
                        tri!(res);
                    }
                }
                Opcode::ReturnValue => {
                    let v = pop!();
                    let frame = vm.rt.frames.pop().expect("frame");
                    vm.rt.stack.truncate(frame.ret_to);
                    if frame.entry {
                        return Ok(v);
                    }
                    vm.rt.stack.push(v);
                    continue 'frame;
                }
                Opcode::UnaryPositive | Opcode::UnaryNegative | Opcode::UnaryInvert => {
                    let a = pop!();
                    let c = match op {
                        Opcode::UnaryPositive => '+',
                        Opcode::UnaryNegative => '-',
                        _ => '~',
                    };
                    let v = tri!(ops::unary_op(vm, c, a));
                    push!(v);
                }
                Opcode::UnaryNot => {
                    let a = pop!();
                    let t = match a {
                        Value::Bool(b) => b,
                        _ => {
                            save_ip!();
                            tri!(ops::truthy_vm(vm, a))
                        }
                    };
                    push!(Value::Bool(!t));
                }
                Opcode::BinaryOp => {
                    ip += 1;
                    let n = stack!().len();
                    let (a, b) = (stack!()[n - 2], stack!()[n - 1]);
                    let fast = match (a, b) {
                        (Value::Int(x), Value::Int(y)) => match arg {
                            0 | 13 => x.checked_add(y).map(Value::Int),
                            10 | 23 => x.checked_sub(y).map(Value::Int),
                            5 | 18 => x.checked_mul(y).map(Value::Int),
                            6 | 19 if y > 0 => Some(Value::Int(x.rem_euclid(y))),
                            2 | 15 if y > 0 => Some(Value::Int(x.div_euclid(y))),
                            1 | 14 => Some(Value::Int(x & y)),
                            7 | 20 => Some(Value::Int(x | y)),
                            12 | 25 => Some(Value::Int(x ^ y)),
                            11 | 24
                                if y != 0
                                    && x.unsigned_abs() < (1 << 53)
                                    && y.unsigned_abs() < (1 << 53) =>
                            {
                                Some(Value::Float(x as f64 / y as f64))
                            }
                            3 | 16 if (0..63).contains(&y) => x
                                .checked_shl(y as u32)
                                .filter(|r| r >> y == x)
                                .map(Value::Int),
                            9 | 22 if (0..64).contains(&y) => Some(Value::Int(x >> y)),
                            _ => None,
                        },
                        (Value::Int(x), Value::Float(y)) => {
                            let x = x as f64;
                            match arg {
                                0 | 13 => Some(Value::Float(x + y)),
                                10 | 23 => Some(Value::Float(x - y)),
                                5 | 18 => Some(Value::Float(x * y)),
                                11 | 24 if y != 0.0 => Some(Value::Float(x / y)),
                                _ => None,
                            }
                        }
                        (Value::Float(x), Value::Int(y)) => {
                            let y = y as f64;
                            match arg {
                                0 | 13 => Some(Value::Float(x + y)),
                                10 | 23 => Some(Value::Float(x - y)),
                                5 | 18 => Some(Value::Float(x * y)),
                                11 | 24 if y != 0.0 => Some(Value::Float(x / y)),
                                _ => None,
                            }
                        }
                        (Value::Float(x), Value::Float(y)) => match arg {
                            0 | 13 => Some(Value::Float(x + y)),
                            10 | 23 => Some(Value::Float(x - y)),
                            5 | 18 => Some(Value::Float(x * y)),
                            11 | 24 if y != 0.0 => Some(Value::Float(x / y)),
                            _ => None,
                        },
                        _ => None,
                    };
                    let v = match fast {
                        Some(v) => v,
                        None => {
                            let Some(bop) = BinaryOperator::from_arg(arg) else {
                                throw!(internal("bad BINARY_OP operand"));
                            };
                            tri!(ops::binary_op(vm, bop, a, b))
                        }
                    };
                    stack!().truncate(n - 2);
                    push!(v);
                }
                Opcode::CompareOp => {
                    ip += 1;
                    let n = stack!().len();
                    let (a, b) = (stack!()[n - 2], stack!()[n - 1]);
                    let fast = match (a, b) {
                        (Value::Int(x), Value::Int(y)) => Some(match arg {
                            0 => x < y,
                            1 => x <= y,
                            2 => x == y,
                            3 => x != y,
                            4 => x > y,
                            _ => x >= y,
                        }),
                        (Value::Float(x), Value::Float(y)) => Some(match arg {
                            0 => x < y,
                            1 => x <= y,
                            2 => x == y,
                            3 => x != y,
                            4 => x > y,
                            _ => x >= y,
                        }),
                        _ => None,
                    };
                    let r = match fast {
                        Some(t) => Value::Bool(t),
                        None => {
                            let Some(cop) = CompareOperator::from_arg(arg) else {
                                throw!(internal("bad COMPARE_OP operand"));
                            };
                            // The operands stay on the stack (rooted) while a dunder runs.
                            save_ip!();
                            tri!(ops::compare_value(vm, cop, a, b))
                        }
                    };
                    stack!().truncate(n - 2);
                    push!(r);
                }
                Opcode::IsOp => {
                    let b = pop!();
                    let a = pop!();
                    push!(Value::Bool(a.is(b) != (arg == 1)));
                }
                Opcode::ContainsOp => {
                    let b = pop!();
                    let a = pop!();
                    let r = tri!(ops::contains(vm, b, a));
                    push!(Value::Bool(r != (arg == 1)));
                }
                Opcode::BinarySubscr => {
                    ip += 1;
                    let n = stack!().len();
                    let (c, k) = (stack!()[n - 2], stack!()[n - 1]);
                    let fast = match (c, k) {
                        (Value::Obj(r), Value::Int(i)) => match vm.heap.get(r) {
                            Object::List(items) => {
                                ops::resolve_index(i, items.len()).map(|i| items[i])
                            }
                            Object::Tuple(items) => {
                                ops::resolve_index(i, items.len()).map(|i| items[i])
                            }
                            _ => None,
                        },
                        _ => None,
                    };
                    let v = match fast {
                        Some(v) => v,
                        None => tri!(ops::getitem(vm, c, k)),
                    };
                    stack!().truncate(n - 2);
                    push!(v);
                }
                Opcode::StoreSubscr => {
                    ip += 1;
                    let k = pop!();
                    let c = pop!();
                    let v = pop!();
                    if let (Value::Obj(r), Value::Int(i)) = (c, k) {
                        if let Object::List(items) = vm.heap.get_mut(r) {
                            if let Some(i) = ops::resolve_index(i, items.len()) {
                                items[i] = v;
                                continue;
                            }
                        }
                    }
                    tri!(ops::setitem(vm, c, k, v));
                }
                Opcode::DeleteSubscr => {
                    let k = pop!();
                    let c = pop!();
                    tri!(ops::delitem(vm, c, k));
                }
                Opcode::BuildSlice => {
                    let step = if arg == 3 { pop!() } else { Value::None };
                    let stop = pop!();
                    let start = pop!();
                    let s = tri!(vm.heap.alloc(Object::Slice(Slice { start, stop, step })));
                    push!(Value::Obj(s));
                }
                Opcode::BuildTuple | Opcode::BuildList => {
                    let n = stack!().len() - arg as usize;
                    let items: Vec<Value> = stack!().drain(n..).collect();
                    let obj = if op == Opcode::BuildTuple {
                        Object::Tuple(items.into())
                    } else {
                        Object::List(items)
                    };
                    let r = tri!(vm.heap.alloc(obj));
                    push!(Value::Obj(r));
                }
                Opcode::BuildSet => {
                    // Built in place (the items stay on the stack, rooted) because a user key's
                    // `__hash__`/`__eq__` may run Python.
                    let n = stack!().len() - arg as usize;
                    let r = tri!(vm
                        .heap
                        .alloc(Object::Set(PySet::with_capacity(arg as usize))));
                    push!(Value::Obj(r));
                    for i in n..n + arg as usize {
                        let v = stack!()[i];
                        tri!(protocol::set_add_vm(vm, r, v));
                    }
                    stack!().truncate(n);
                    push!(Value::Obj(r));
                }
                Opcode::BuildMap => {
                    let n = stack!().len() - 2 * arg as usize;
                    let r = tri!(vm
                        .heap
                        .alloc(Object::Dict(PyDict::with_capacity(arg as usize))));
                    push!(Value::Obj(r));
                    for i in 0..arg as usize {
                        let (k, v) = (stack!()[n + 2 * i], stack!()[n + 2 * i + 1]);
                        tri!(ops::dict_set(vm, r, k, v));
                    }
                    stack!().truncate(n);
                    push!(Value::Obj(r));
                }
                Opcode::BuildConstKeyMap => {
                    let keys = pop!();
                    let keys: Vec<Value> = match keys.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::Tuple(t)) => t.to_vec(),
                        _ => throw!(internal("BUILD_CONST_KEY_MAP without a keys tuple")),
                    };
                    let n = stack!().len() - arg as usize;
                    let mut d = PyDict::with_capacity(arg as usize);
                    for (i, k) in keys.into_iter().enumerate() {
                        let v = stack!()[n + i];
                        tri!(ops::dict_set_in(&vm.heap, &mut d, k, v));
                    }
                    stack!().truncate(n);
                    let r = tri!(vm.heap.alloc(Object::Dict(d)));
                    push!(Value::Obj(r));
                }
                Opcode::BuildString => {
                    let n = stack!().len() - arg as usize;
                    let mut s = String::new();
                    for i in n..stack!().len() {
                        let v = stack!()[i];
                        match ops::as_str(&vm.heap, v) {
                            Some(p) => s.push_str(p.as_str()),
                            None => throw!(internal("BUILD_STRING of a non-str")),
                        }
                    }
                    stack!().truncate(n);
                    let v = tri!(vm.new_str(s));
                    push!(v);
                }
                Opcode::ListAppend | Opcode::SetAdd | Opcode::ListExtend | Opcode::SetUpdate => {
                    let v = pop!();
                    let n = stack!().len();
                    let target = stack!()[n - arg as usize];
                    let Some(r) = target.as_obj() else {
                        throw!(internal("container op on a non-container"));
                    };
                    match op {
                        Opcode::ListAppend => {
                            let grew = match vm.heap.get_mut(r) {
                                Object::List(items) => {
                                    let cap = items.capacity();
                                    items.push(v);
                                    items.capacity() - cap
                                }
                                _ => 0,
                            };
                            if grew > 0 {
                                tri!(vm.heap.account((grew * 16) as isize));
                            }
                        }
                        Opcode::ListExtend => {
                            let items = match v.as_obj().map(|x| vm.heap.get(x)) {
                                Some(Object::List(_) | Object::Tuple(_)) | None | Some(_) => {
                                    match ops::collect_iterable(vm, v) {
                                        Ok(items) => items,
                                        Err(e) => {
                                            if e.kind() == Some(ExcKind::TypeError) {
                                                throw!(type_error(format!(
                                                    "Value after * must be an iterable, not {}",
                                                    crate::types::type_name(&vm.heap, v)
                                                )));
                                            }
                                            throw!(e)
                                        }
                                    }
                                }
                            };
                            if let Object::List(l) = vm.heap.get_mut(r) {
                                l.extend(items);
                            }
                        }
                        Opcode::SetAdd => {
                            if !matches!(vm.heap.get(r), Object::Set(_)) {
                                throw!(internal("SET_ADD on a non-set"));
                            }
                            vm.rt.temp_roots.push(v);
                            let res = protocol::set_add_vm(vm, r, v);
                            vm.rt.temp_roots.pop();
                            tri!(res);
                        }
                        _ => {
                            if !matches!(vm.heap.get(r), Object::Set(_)) {
                                throw!(internal("SET_UPDATE on a non-set"));
                            }
                            // A set display of constants merges a frozenset: CPython's table
                            // copy decides the order, so take the set module's merge.
                            let plain_set = match v.as_obj().map(|x| vm.heap.get(x)) {
                                Some(Object::Set(t) | Object::FrozenSet(t)) => t
                                    .iter()
                                    .all(|(k, _)| !protocol::key_needs_python(&vm.heap, k)),
                                Some(Object::Dict(d)) => d
                                    .iter()
                                    .all(|(k, _)| !protocol::key_needs_python(&vm.heap, k)),
                                Some(Object::List(_) | Object::Tuple(_)) => {
                                    !protocol::key_needs_python(&vm.heap, v)
                                }
                                _ => false,
                            };
                            if plain_set {
                                tri!(crate::types::set::update_internal(vm, r, v));
                                continue;
                            }
                            let items = tri!(ops::collect_iterable(vm, v));
                            let mark = vm.rt.temp_roots.len();
                            vm.rt.temp_roots.extend_from_slice(&items);
                            let mut res = Ok(());
                            for x in items {
                                res = protocol::set_add_vm(vm, r, x);
                                if res.is_err() {
                                    break;
                                }
                            }
                            vm.rt.temp_roots.truncate(mark);
                            tri!(res);
                        }
                    }
                }
                Opcode::MapAdd => {
                    let v = pop!();
                    let k = pop!();
                    let n = stack!().len();
                    let target = stack!()[n - arg as usize];
                    tri!(ops::dict_set(vm, target.as_obj().expect("dict"), k, v));
                }
                Opcode::DictUpdate | Opcode::DictMerge => {
                    let m = pop!();
                    let n = stack!().len();
                    let target = stack!()[n - arg as usize].as_obj().expect("dict");
                    let pairs: Vec<(Value, Value)> = match m.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::Dict(d)) => d.iter().map(|(k, v)| (k, *v)).collect(),
                        _ => throw!(type_error(format!(
                            "'{}' object is not a mapping",
                            crate::types::type_name(&vm.heap, m)
                        ))),
                    };
                    for (k, v) in pairs {
                        if op == Opcode::DictMerge
                            && tri!(ops::dict_get(&vm.heap, target, k)).is_some()
                        {
                            let ks = tri!(format::to_str(vm, k));
                            throw!(type_error(format!(
                                "function got multiple values for keyword argument '{ks}'"
                            )));
                        }
                        tri!(ops::dict_set(vm, target, k, v));
                    }
                }
                Opcode::ListToTuple => {
                    let l = pop!();
                    let items = match l.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::List(items)) => items.clone(),
                        _ => throw!(internal("LIST_TO_TUPLE of a non-list")),
                    };
                    let t = tri!(vm.new_tuple(items));
                    push!(t);
                }
                Opcode::UnpackSequence => {
                    ip += 1;
                    let seq = pop!();
                    let n = arg as usize;
                    // A tuple or list (`for k, v in d.items()`, `a, b = b, a`): its items go
                    // straight onto the stack, with no copy of them first.
                    let direct = match seq.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::Tuple(t)) => Some(&t[..]),
                        Some(Object::List(l)) => Some(&l[..]),
                        _ => None,
                    };
                    if let Some(items) = direct {
                        if items.len() != n {
                            throw!(exceptions::unpack_count_error(n, items.len()));
                        }
                        vm.rt.stack.extend(items.iter().rev());
                        continue;
                    }
                    let items = match ops::collect_iterable(vm, seq) {
                        Ok(v) => v,
                        Err(e) => {
                            if e.kind() == Some(ExcKind::TypeError) {
                                throw!(type_error(format!(
                                    "cannot unpack non-iterable {} object",
                                    crate::types::type_name(&vm.heap, seq)
                                )));
                            }
                            throw!(e)
                        }
                    };
                    if items.len() != n {
                        throw!(exceptions::unpack_count_error(n, items.len()));
                    }
                    stack!().extend(items.into_iter().rev());
                }
                Opcode::UnpackEx => {
                    let seq = pop!();
                    let (before, after) = ((arg & 0xFF) as usize, (arg >> 8) as usize);
                    let items = tri!(ops::collect_iterable(vm, seq));
                    if items.len() < before + after {
                        throw!(VmError::new(
                            ExcKind::ValueError,
                            format!(
                                "not enough values to unpack (expected at least {}, got {})",
                                before + after,
                                items.len()
                            )
                        ));
                    }
                    let mid_end = items.len() - after;
                    let middle = tri!(vm.new_list(items[before..mid_end].to_vec()));
                    for &v in items[mid_end..].iter().rev() {
                        push!(v);
                    }
                    push!(middle);
                    for &v in items[..before].iter().rev() {
                        push!(v);
                    }
                }
                Opcode::FormatValue => {
                    let spec = if arg & 4 != 0 { Some(pop!()) } else { None };
                    let v = pop!();
                    let converted = match arg & 3 {
                        1 => Some(tri!(format::to_str(vm, v))),
                        2 => Some(tri!(format::repr(vm, v))),
                        3 => Some(crate::builtins::ascii_of(&tri!(format::repr(vm, v)))),
                        _ => None,
                    };
                    let spec_s = match spec {
                        Some(s) => ops::as_str(&vm.heap, s)
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                        None => String::new(),
                    };
                    let out = match converted {
                        Some(s) => {
                            if spec_s.is_empty() {
                                s
                            } else {
                                let sv = tri!(vm.new_str(s));
                                tri!(crate::builtins::format_value(vm, sv, &spec_s))
                            }
                        }
                        None => {
                            if spec_s.is_empty() && ops::as_str(&vm.heap, v).is_some() {
                                push!(v);
                                continue;
                            }
                            tri!(crate::builtins::format_value(vm, v, &spec_s))
                        }
                    };
                    let s = tri!(vm.new_str(out));
                    push!(s);
                }
                Opcode::JumpForward => ip = arg as usize,
                Opcode::JumpBackward => {
                    ip = arg as usize;
                    if let Err(e) = tick(vm) {
                        throw!(e);
                    }
                    safepoint(vm);
                }
                Opcode::PopJumpIfFalse | Opcode::PopJumpIfTrue => {
                    let v = pop!();
                    let t = match v {
                        Value::Bool(b) => b,
                        _ => {
                            save_ip!();
                            tri!(ops::truthy_vm(vm, v))
                        }
                    };
                    if t == (op == Opcode::PopJumpIfTrue) {
                        ip = arg as usize;
                    }
                }
                Opcode::PopJumpBackwardIfFalse | Opcode::PopJumpBackwardIfTrue => {
                    let v = pop!();
                    let t = match v {
                        Value::Bool(b) => b,
                        _ => {
                            save_ip!();
                            tri!(ops::truthy_vm(vm, v))
                        }
                    };
                    if t == (op == Opcode::PopJumpBackwardIfTrue) {
                        ip = arg as usize;
                        if let Err(e) = tick(vm) {
                            throw!(e);
                        }
                        safepoint(vm);
                    }
                }
                Opcode::PopJumpIfNone => {
                    if pop!().is_none() {
                        ip = arg as usize;
                    }
                }
                Opcode::PopJumpIfNotNone => {
                    if !pop!().is_none() {
                        ip = arg as usize;
                    }
                }
                Opcode::JumpIfFalseOrPop | Opcode::JumpIfTrueOrPop => {
                    let v = top!();
                    save_ip!();
                    let t = tri!(ops::truthy_vm(vm, v));
                    if t == (op == Opcode::JumpIfTrueOrPop) {
                        ip = arg as usize;
                    } else {
                        stack!().pop();
                    }
                }
                Opcode::GetIter => {
                    let v = pop!();
                    let it = tri!(ops::get_iter(vm, v));
                    push!(it);
                }
                Opcode::ForIter => {
                    let it = top!();
                    if let Value::Obj(r) = it {
                        if let Object::Iterator(IterState::Range { next, stop, step }) =
                            vm.heap.get_mut(r)
                        {
                            let cur = *next;
                            if (*step > 0 && cur < *stop) || (*step < 0 && cur > *stop) {
                                *next = cur.checked_add(*step).unwrap_or(*stop);
                                push!(Value::Int(cur));
                            } else {
                                stack!().pop();
                                ip = arg as usize;
                            }
                            continue;
                        }
                        if let Some(item) = crate::iter::next_list_or_tuple(&mut vm.heap, r) {
                            match item {
                                Some(v) => push!(v),
                                None => {
                                    stack!().pop();
                                    ip = arg as usize;
                                }
                            }
                            continue;
                        }
                    }
                    match tri!(ops::iter_next(vm, it)) {
                        Some(v) => push!(v),
                        None => {
                            stack!().pop();
                            ip = arg as usize;
                        }
                    }
                }
                Opcode::RaiseVarargs => match arg {
                    0 => {
                        let h = vm.rt.handled;
                        if h.is_none() {
                            throw!(VmError::new(
                                ExcKind::RuntimeError,
                                "No active exception to reraise"
                            ));
                        }
                        break 'dispatch Raised {
                            error: exceptions::error_of_lazy(vm, h.as_obj().expect("exception")),
                            offset: op_off,
                            reraise: true,
                            lasti: None,
                        };
                    }
                    _ => {
                        let cause = if arg == 2 { Some(pop!()) } else { None };
                        let exc = pop!();
                        throw!(exceptions::make_raise(vm, exc, cause));
                    }
                },
                Opcode::Reraise => {
                    let exc = pop!();
                    let lasti = if arg > 0 {
                        let n = stack!().len();
                        match stack!()[n - arg as usize] {
                            Value::Int(i) => Some(i as u32),
                            _ => None,
                        }
                    } else {
                        None
                    };
                    let Some(r) = exc.as_obj() else {
                        throw!(internal("RERAISE of a non-exception"));
                    };
                    break 'dispatch Raised {
                        error: exceptions::error_of_lazy(vm, r),
                        offset: op_off,
                        reraise: true,
                        lasti,
                    };
                }
                Opcode::PushExcInfo => {
                    let exc = pop!();
                    let prev = vm.rt.handled;
                    push!(prev);
                    push!(exc);
                    vm.rt.handled = exc;
                }
                Opcode::PopExcept => {
                    let prev = pop!();
                    vm.rt.handled = prev;
                }
                Opcode::CheckExcMatch => {
                    let ty = pop!();
                    let exc = top!();
                    let m = tri!(exceptions::matches(vm, exc, ty));
                    push!(Value::Bool(m));
                }
                Opcode::CheckEgMatch => {
                    // The operands stay on the stack (rooted) while the split runs Python.
                    let n = stack!().len();
                    let (exc, ty) = (stack!()[n - 2], stack!()[n - 1]);
                    save_ip!();
                    let (matched, rest) = tri!(crate::class::group::check_eg_match(vm, exc, ty));
                    if !matched.is_none() {
                        vm.rt.handled = matched;
                    }
                    stack!()[n - 2] = rest;
                    stack!()[n - 1] = matched;
                }
                Opcode::PrepReraiseStar => {
                    let n = stack!().len();
                    let (orig, excs) = (stack!()[n - 2], stack!()[n - 1]);
                    save_ip!();
                    let r = tri!(crate::class::group::prep_reraise_star(vm, orig, excs));
                    stack!().truncate(n - 2);
                    push!(r);
                }
                Opcode::LoadAssertionError => {
                    let t = vm.exc_type(ExcKind::AssertionError);
                    push!(t);
                }
                Opcode::PrintExpr => {
                    let v = pop!();
                    if !v.is_none() {
                        let s = tri!(format::repr(vm, v));
                        vm.write_stdout(&s);
                        vm.write_stdout("\n");
                    }
                }
                Opcode::SetupAnnotations => {
                    let target = frame_locals.unwrap_or(globals);
                    let key = tri!(vm.new_str("__annotations__"));
                    if tri!(ops::dict_get(&vm.heap, target, key)).is_none() {
                        let d = tri!(vm.new_dict());
                        tri!(ops::dict_set(vm, target, key, d));
                    }
                }
                Opcode::LoadBuildClass => {
                    let key = tri!(crate::class::static_str(vm, "__build_class__"));
                    let found = match vm.rt.builtins {
                        Some(b) => tri!(ops::dict_get(&vm.heap, b, key)),
                        None => None,
                    };
                    match found {
                        Some(f) => push!(f),
                        None => throw!(VmError::new(
                            ExcKind::NameError,
                            "__build_class__ not found"
                        )),
                    }
                }
                Opcode::BeforeWith => {
                    let mgr = top!();
                    save_ip!();
                    let (enter, exit) = tri!(with_methods(vm, mgr));
                    let n = stack!().len();
                    stack!()[n - 1] = exit;
                    let r = tri!(vm.call(enter, &[]));
                    push!(r);
                }
                Opcode::WithExceptStart => {
                    let n = stack!().len();
                    let (exit, exc) = (stack!()[n - 4], stack!()[n - 1]);
                    save_ip!();
                    let ty = crate::class::type_of(vm, exc);
                    let tb = match exc.as_obj().map(|r| vm.heap.get(r)) {
                        Some(Object::Exception(e)) => e.traceback,
                        _ => Value::None,
                    };
                    let r = tri!(vm.call(exit, &[ty, exc, tb]));
                    push!(r);
                }
                Opcode::ImportName => {
                    // level and fromlist stay on the stack (rooted) while the module runs.
                    let n = stack!().len();
                    let (level, fromlist) = (stack!()[n - 2], stack!()[n - 1]);
                    save_ip!();
                    let m = tri!(import::import_name(
                        vm,
                        loaded.names[arg as usize],
                        globals,
                        fromlist,
                        level
                    ));
                    stack!().truncate(n - 2);
                    push!(m);
                }
                Opcode::ImportFrom => {
                    let module = top!();
                    save_ip!();
                    let v = tri!(import::import_from(
                        vm,
                        module,
                        loaded.names[arg as usize],
                        loaded.name_ids[arg as usize]
                    ));
                    push!(v);
                }
                Opcode::ImportStar => {
                    let module = top!();
                    save_ip!();
                    tri!(import::import_star(
                        vm,
                        module,
                        frame_locals.unwrap_or(globals)
                    ));
                    stack!().pop();
                }
                // The generator was made by the call; its first resume starts here.
                Opcode::ReturnGenerator => {}
                Opcode::YieldValue => {
                    let v = pop!();
                    if vm.rt.frames[fi].gen.is_none() {
                        throw!(internal("YIELD_VALUE outside a generator"));
                    }
                    save_ip!();
                    gen::suspend(vm);
                    return Ok(v);
                }
                Opcode::GetYieldFromIter => {
                    let v = pop!();
                    let it = tri!(ops::get_iter(vm, v));
                    push!(it);
                }
                Opcode::Send => {
                    let n = stack!().len();
                    let (recv, val) = (stack!()[n - 2], stack!()[n - 1]);
                    save_ip!();
                    match tri!(gen::send_to(vm, recv, val)) {
                        gen::GenResult::Yielded(y) => stack!()[n - 1] = y,
                        gen::GenResult::Returned(r) => {
                            stack!().truncate(n - 2);
                            push!(r);
                            ip = arg as usize;
                        }
                    }
                }
            }
        };
        // ── unwinding ──
        unwind(vm, raised)?;
    }
}

/// Find a handler for `raised`, starting in the innermost frame. `Ok(())`: a handler was found
/// and the frame set up to run it. `Err`: the exception left the entry frame.
#[cold]
#[inline(never)]
fn unwind(vm: &mut Vm, raised: Raised) -> VmResult<()> {
    let Raised {
        error,
        mut offset,
        reraise,
        lasti,
    } = raised;
    let exc = match error {
        VmError::Exception(p) => {
            let r = match exceptions::materialize(vm, *p) {
                Ok(r) => r,
                Err(e) => {
                    // Out of heap while making the exception object: leave like a limit.
                    pop_to_entry(vm);
                    return Err(e);
                }
            };
            if !reraise {
                exceptions::set_context(vm, r);
            }
            r
        }
        other => {
            // Resource limits and internal errors are not catchable: leave every frame up to
            // (and including) the entry frame.
            pop_to_entry(vm);
            return Err(other);
        }
    };
    if !reraise {
        let code = vm.rt.frames.last().expect("frame").loaded.code.clone();
        exceptions::add_traceback(vm, exc, code, offset);
    }
    let mut lasti = lasti;
    loop {
        let frame = vm.rt.frames.last_mut().expect("frame");
        if let Some(h) = frame.loaded.code.handler_for(offset).copied() {
            let at = frame.stack_base + h.depth as usize;
            frame.ip = h.target as usize;
            vm.rt.stack.truncate(at);
            if h.lasti {
                vm.rt
                    .stack
                    .push(Value::Int(i64::from(lasti.unwrap_or(offset))));
            }
            vm.rt.stack.push(Value::Obj(exc));
            return Ok(());
        }
        let frame = vm.rt.frames.pop().expect("frame");
        vm.rt.stack.truncate(frame.ret_to);
        if frame.entry {
            vm.rt.last_exc = Value::Obj(exc);
            return Err(exceptions::error_of(vm, exc));
        }
        let caller = vm.rt.frames.last().expect("caller frame");
        offset = caller.lasti;
        lasti = None;
        let code = caller.loaded.code.clone();
        exceptions::add_traceback(vm, exc, code, offset);
    }
}

/// Pop every frame up to and including the innermost entry frame.
fn pop_to_entry(vm: &mut Vm) {
    while let Some(f) = vm.rt.frames.pop() {
        vm.rt.stack.truncate(f.ret_to);
        if f.entry {
            break;
        }
    }
}

/// The type object of `v`.
/// `mgr.__enter__` and `mgr.__exit__` (bound), or CPython's TypeError.
fn with_methods(vm: &mut Vm, mgr: Value) -> VmResult<(Value, Value)> {
    let get = |vm: &mut Vm, name: &'static str| -> VmResult<Option<Value>> {
        let key = crate::class::static_str(vm, name)?;
        let id = vm.interner.intern(name);
        match attrs::get_attr(vm, mgr, key, id) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == Some(ExcKind::AttributeError) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let enter = get(vm, "__enter__")?;
    let exit = get(vm, "__exit__")?;
    match (enter, exit) {
        (Some(a), Some(b)) => Ok((a, b)),
        (Some(_), None) => Err(type_error(format!(
            "'{}' object does not support the context manager protocol (missed __exit__ method)",
            crate::types::type_name(&vm.heap, mgr)
        ))),
        _ => Err(type_error(format!(
            "'{}' object does not support the context manager protocol",
            crate::types::type_name(&vm.heap, mgr)
        ))),
    }
}

pub(crate) fn type_of(vm: &mut Vm, v: Value) -> Value {
    vm.ensure_runtime();
    if let Some(Value::Obj(r)) = Some(v) {
        match vm.heap.get(r) {
            Object::Instance(i) => return i.class,
            Object::Exception(e) if !e.class.is_none() => return e.class,
            Object::Class(c) if !c.meta.is_none() => return c.meta,
            _ => {}
        }
    }
    if let Some(Object::Exception(e)) = v.as_obj().map(|r| vm.heap.get(r)) {
        let k = e.kind;
        return vm.exc_type(k);
    }
    let ty = BuiltinType::of(&vm.heap, v);
    vm.rt.types[ty as usize]
}

/// A name of a compile (the compiler gives a compile one `Arc<str>` per name), compared and
/// hashed by pointer: the code objects of one module share a few hundred names between
/// thousands of uses, and a pointer probe is cheaper than interning the text again.
/// Probed by the address alone (a `usize`), so a lookup touches no reference count: an `Arc`
/// clone and drop per name per code object are two atomic operations each.
struct SharedName {
    address: usize,
    _keep: Arc<str>,
}

impl SharedName {
    fn address_of(name: &Arc<str>) -> usize {
        Arc::as_ptr(name) as *const u8 as usize
    }
}

impl PartialEq for SharedName {
    fn eq(&self, other: &SharedName) -> bool {
        self.address == other.address
    }
}

impl Eq for SharedName {}

impl std::hash::Hash for SharedName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.address.hash(state);
    }
}

impl std::borrow::Borrow<usize> for SharedName {
    fn borrow(&self) -> &usize {
        &self.address
    }
}

/// The names [`Vm::load_code`] has interned while loading one tree of code objects: each
/// holds its `Arc`, so no pointer in it can be reused by another string while it is in use.
#[derive(Default)]
struct LoadedNames(hotpy_compiler::fxhash::FxHashMap<SharedName, (crate::intern::Name, Value)>);
