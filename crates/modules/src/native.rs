//! Native modules: Python modules declared in Rust.
//!
//! A [`NativeModule`] is a declaration (name, doc, functions, constants, optional Python source
//! run after them) that the importer turns into a module object the first time it is imported,
//! once per VM. Functions are either raw natives (`fn(&mut Vm, Args) -> VmResult<Value>`, full
//! control) or *typed* Rust functions whose parameters convert from Python values through
//! [`FromPy`] and whose result converts back through [`IntoPy`]; a mismatch is a `TypeError`
//! worded as CPython words it for builtins (`f() argument 1 must be int, not str`,
//! `f() takes exactly 2 arguments (3 given)`).
//!
//! ```ignore
//! let m = NativeModule::new("geometry")
//!     .constant("UNIT", 1.0)
//!     .function("area", |w: f64, h: f64| w * h)
//!     .function("greet", |name: String| format!("hello {name}"));
//! ```

use hotpy_vm::error::{type_error, ExcKind, VmError};
use hotpy_vm::object::{NativeImpl, Object};
use hotpy_vm::{Args, NativeClosure, NativeFnPtr, ObjRef, Value, Vm, VmResult};
use std::sync::Arc;

/// A constant a native module binds at import time.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// `None`
    None,
    /// a bool
    Bool(bool),
    /// an int
    Int(i64),
    /// a float
    Float(f64),
    /// a str
    Str(String),
}

impl From<bool> for Const {
    fn from(v: bool) -> Self {
        Const::Bool(v)
    }
}
impl From<i64> for Const {
    fn from(v: i64) -> Self {
        Const::Int(v)
    }
}
impl From<f64> for Const {
    fn from(v: f64) -> Self {
        Const::Float(v)
    }
}
impl From<&str> for Const {
    fn from(v: &str) -> Self {
        Const::Str(v.to_string())
    }
}
impl From<String> for Const {
    fn from(v: String) -> Self {
        Const::Str(v)
    }
}

/// Extra set-up run when the module is created (after functions and constants are bound,
/// before the Python part): receives the module's namespace dict.
pub type InitFn = Arc<dyn Fn(&mut Vm, ObjRef) -> VmResult<()> + Send + Sync>;

#[derive(Clone)]
enum Item {
    Function(NativeImpl),
    Const(Const),
}

/// A module implemented in Rust (optionally completed by Python source), registered with the
/// importer before the program runs.
#[derive(Clone)]
pub struct NativeModule {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    items: Vec<(String, Item)>,
    init: Vec<InitFn>,
    classes: Vec<NativeClass>,
    pub(crate) python: Option<&'static str>,
}

impl std::fmt::Debug for NativeModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeModule")
            .field("name", &self.name)
            .finish()
    }
}

impl NativeModule {
    /// An empty module named `name` (a dotted name for a submodule: `"os.path"`).
    pub fn new(name: &str) -> Self {
        NativeModule {
            name: name.to_string(),
            doc: None,
            items: Vec::new(),
            init: Vec::new(),
            classes: Vec::new(),
            python: None,
        }
    }

    /// The module's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `__doc__`.
    pub fn doc(mut self, doc: &str) -> Self {
        self.doc = Some(doc.to_string());
        self
    }

    /// A raw native function (receives the VM and the call's [`Args`]).
    pub fn raw_function(mut self, name: &str, f: NativeFnPtr) -> Self {
        self.items
            .push((name.to_string(), Item::Function(NativeImpl::Fn(f))));
        self
    }

    /// A raw native closure (it may capture embedder state; it must be `Send + Sync`).
    pub fn closure(mut self, name: &str, f: NativeClosure) -> Self {
        self.items
            .push((name.to_string(), Item::Function(NativeImpl::Closure(f))));
        self
    }

    /// A typed Rust function: each parameter converts from Python through [`FromPy`], the
    /// result back through [`IntoPy`] (return `VmResult<T>` to raise).
    pub fn function<M, F: TypedFn<M>>(mut self, name: &str, f: F) -> Self {
        let imp = f.into_native(name);
        self.items
            .push((name.to_string(), Item::Function(NativeImpl::Closure(imp))));
        self
    }

    /// A constant.
    pub fn constant(mut self, name: &str, value: impl Into<Const>) -> Self {
        self.items
            .push((name.to_string(), Item::Const(value.into())));
        self
    }

    /// A class whose methods are Rust functions (each receives the instance first).
    pub fn class(mut self, class: NativeClass) -> Self {
        self.classes.push(class);
        self
    }

    /// Extra Rust set-up on the module's namespace (values that need the heap: lists, dicts).
    pub fn init(
        mut self,
        f: impl Fn(&mut Vm, ObjRef) -> VmResult<()> + Send + Sync + 'static,
    ) -> Self {
        self.init.push(Arc::new(f));
        self
    }

    /// Python source run in the module's namespace after the Rust items are bound (helpers
    /// easier to write in Python; the Rust part may use leading-underscore names for them).
    pub fn python(mut self, source: &'static str) -> Self {
        self.python = Some(source);
        self
    }

    /// Bind the Rust items into `dict` (the module namespace) and run the init functions.
    pub(crate) fn fill(&self, vm: &mut Vm, dict: ObjRef) -> VmResult<()> {
        if let Some(doc) = &self.doc {
            let d = vm.new_str(doc.as_str())?;
            vm.dict_set_str(dict, "__doc__", d)?;
        }
        for (name, item) in &self.items {
            let v = match item {
                Item::Function(imp) => vm.new_native(name, imp.clone())?,
                Item::Const(c) => const_value(vm, c)?,
            };
            vm.dict_set_str(dict, name, v)?;
        }
        for f in &self.init {
            f(vm, dict)?;
        }
        for c in &self.classes {
            c.fill(vm, dict, &self.name)?;
        }
        Ok(())
    }
}

/// A class of a native module: a Python class whose methods call Rust functions with the
/// instance first (`self`). Instance state lives in ordinary attributes, which the Rust side
/// reads and writes with `Vm::get_attr_str`/`Vm::set_attr_str`.
#[derive(Clone)]
pub struct NativeClass {
    name: String,
    doc: Option<String>,
    methods: Vec<(String, NativeImpl)>,
}

impl std::fmt::Debug for NativeClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeClass")
            .field("name", &self.name)
            .finish()
    }
}

impl NativeClass {
    /// A class named `name` (an identifier).
    pub fn new(name: &str) -> Self {
        NativeClass {
            name: name.to_string(),
            doc: None,
            methods: Vec::new(),
        }
    }

    /// `__doc__`.
    pub fn doc(mut self, doc: &str) -> Self {
        self.doc = Some(doc.to_string());
        self
    }

    /// A raw method (`args[0]` is the instance). `__init__` and other dunders work too.
    pub fn raw_method(mut self, name: &str, f: NativeFnPtr) -> Self {
        self.methods.push((name.to_string(), NativeImpl::Fn(f)));
        self
    }

    /// A typed method: the first parameter (a [`Value`]) is the instance, the rest convert
    /// through [`FromPy`].
    pub fn method<M, F: TypedFn<M>>(mut self, name: &str, f: F) -> Self {
        let imp = f.into_native(name);
        self.methods
            .push((name.to_string(), NativeImpl::Closure(imp)));
        self
    }

    /// Bind the natives under private names and define the class in Python around them (a
    /// Python function per method, so instances bind `self` as for any class).
    fn fill(&self, vm: &mut Vm, dict: ObjRef, module: &str) -> VmResult<()> {
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c == '_' || c.is_alphanumeric())
                && !s.starts_with(|c: char| c.is_ascii_digit())
        };
        if !valid(&self.name) || self.methods.iter().any(|(n, _)| !valid(n)) {
            return Err(hotpy_vm::error::value_error(format!(
                "native class {} has a name that is not an identifier",
                self.name
            )));
        }
        let mut src = format!("class {}:\n", self.name);
        if let Some(doc) = &self.doc {
            src.push_str(&format!("    {}\n", hotpy_lexer::pyrepr::str_repr(doc)));
        }
        src.push_str(&format!(
            "    __module__ = {}\n",
            hotpy_lexer::pyrepr::str_repr(module)
        ));
        for (name, imp) in &self.methods {
            let hidden = format!("_{}__native_{}", self.name, name);
            let f = vm.new_native(name, imp.clone())?;
            vm.dict_set_str(dict, &hidden, f)?;
            src.push_str(&format!(
                "    def {name}(self, *args, **kwargs):\n        return {hidden}(self, *args, **kwargs)\n"
            ));
        }
        if self.methods.is_empty() && self.doc.is_none() {
            src.push_str("    pass\n");
        }
        crate::importer::run_source(vm, &src, &format!("<native class {}>", self.name), dict)
    }
}

fn const_value(vm: &mut Vm, c: &Const) -> VmResult<Value> {
    Ok(match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => vm.new_str(s.as_str())?,
    })
}

/// Conversion of a Python argument to a Rust value. `Err` carries what was expected, as
/// CPython's messages name it (`"int"`, `"str"`, `"real number"`).
pub trait FromPy: Sized {
    /// Convert `v`; on mismatch, the expected type's name for the `TypeError`.
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected>;
}

/// Why an argument did not convert.
#[derive(Debug)]
pub enum Expected {
    /// The value has the wrong type: the name of the expected type.
    Type(&'static str),
    /// A full error (an int too large for `i64`).
    Error(VmError),
}

impl FromPy for Value {
    fn from_py(_vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        Ok(v)
    }
}

impl FromPy for i64 {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        match v {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(i64::from(b)),
            Value::Obj(r) if matches!(vm.heap.get(r), Object::BigInt(_)) => {
                Err(Expected::Error(VmError::new(
                    ExcKind::OverflowError,
                    "Python int too large to convert to C long",
                )))
            }
            _ => Err(Expected::Type("int")),
        }
    }
}

impl FromPy for f64 {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        match v {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            Value::Bool(b) => Ok(f64::from(u8::from(b))),
            Value::Obj(r) => match vm.heap.get(r) {
                Object::BigInt(b) => num_to_f64(b).ok_or_else(|| {
                    Expected::Error(VmError::new(
                        ExcKind::OverflowError,
                        "int too large to convert to float",
                    ))
                }),
                _ => Err(Expected::Type("real number")),
            },
            Value::None => Err(Expected::Type("real number")),
        }
    }
}

fn num_to_f64(b: &num_bigint::BigInt) -> Option<f64> {
    use num_traits::ToPrimitive;
    b.to_f64().filter(|f| f.is_finite())
}

impl FromPy for bool {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        vm.truthy(v).map_err(Expected::Error)
    }
}

impl FromPy for String {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        vm.str_text(v)
            .map(str::to_string)
            .ok_or(Expected::Type("str"))
    }
}

impl<T: FromPy> FromPy for Option<T> {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        if v.is_none() {
            Ok(None)
        } else {
            T::from_py(vm, v).map(Some)
        }
    }
}

impl<T: FromPy> FromPy for Vec<T> {
    fn from_py(vm: &mut Vm, v: Value) -> Result<Self, Expected> {
        let items = match v.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::List(l)) => l.clone(),
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => return Err(Expected::Type("list")),
        };
        items
            .into_iter()
            .map(|i| {
                T::from_py(vm, i).map_err(|e| match e {
                    Expected::Type(t) => Expected::Error(type_error(format!(
                        "list item must be {t}, not {}",
                        hotpy_vm::ops::type_name(&vm.heap, i)
                    ))),
                    other => other,
                })
            })
            .collect()
    }
}

/// Conversion of a Rust result to a Python value.
pub trait IntoPy {
    /// Convert (may allocate; no safe point).
    fn into_py(self, vm: &mut Vm) -> VmResult<Value>;
}

impl IntoPy for Value {
    fn into_py(self, _vm: &mut Vm) -> VmResult<Value> {
        Ok(self)
    }
}
impl IntoPy for () {
    fn into_py(self, _vm: &mut Vm) -> VmResult<Value> {
        Ok(Value::None)
    }
}
impl IntoPy for bool {
    fn into_py(self, _vm: &mut Vm) -> VmResult<Value> {
        Ok(Value::Bool(self))
    }
}
impl IntoPy for i64 {
    fn into_py(self, _vm: &mut Vm) -> VmResult<Value> {
        Ok(Value::Int(self))
    }
}
impl IntoPy for f64 {
    fn into_py(self, _vm: &mut Vm) -> VmResult<Value> {
        Ok(Value::Float(self))
    }
}
impl IntoPy for String {
    fn into_py(self, vm: &mut Vm) -> VmResult<Value> {
        vm.new_str(self)
    }
}
impl IntoPy for &str {
    fn into_py(self, vm: &mut Vm) -> VmResult<Value> {
        vm.new_str(self)
    }
}
impl<T: IntoPy> IntoPy for Option<T> {
    fn into_py(self, vm: &mut Vm) -> VmResult<Value> {
        match self {
            Some(v) => v.into_py(vm),
            None => Ok(Value::None),
        }
    }
}
impl<T: IntoPy> IntoPy for Vec<T> {
    fn into_py(self, vm: &mut Vm) -> VmResult<Value> {
        let mut out = Vec::with_capacity(self.len());
        for v in self {
            out.push(v.into_py(vm)?);
        }
        vm.new_list(out)
    }
}
impl<T: IntoPy> IntoPy for VmResult<T> {
    fn into_py(self, vm: &mut Vm) -> VmResult<Value> {
        self?.into_py(vm)
    }
}

/// A Rust function usable as a typed native (implemented for `Fn(A, B, …) -> R` up to four
/// parameters, each `FromPy`, with `R: IntoPy`). `M` only disambiguates the arities.
pub trait TypedFn<M>: Send + Sync + 'static {
    /// The native closure calling `self` with converted arguments.
    fn into_native(self, name: &str) -> NativeClosure;
}

/// Convert argument `i` of native `name`, raising the `TypeError` a typed native raises.
pub(crate) fn arg<T: FromPy>(vm: &mut Vm, name: &str, i: usize, v: Value) -> VmResult<T> {
    T::from_py(vm, v).map_err(|e| match e {
        Expected::Type(t) => type_error(format!(
            "{name}() argument {} must be {t}, not {}",
            i + 1,
            hotpy_vm::ops::type_name(&vm.heap, v)
        )),
        Expected::Error(e) => e,
    })
}

fn check_arity(name: &str, args: &Args<'_>, n: usize) -> VmResult<()> {
    if args.has_kwargs() {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.len() != n {
        return Err(type_error(match n {
            0 => format!("{name}() takes no arguments ({} given)", args.len()),
            1 => format!("{name}() takes exactly one argument ({} given)", args.len()),
            _ => format!(
                "{name}() takes exactly {n} arguments ({} given)",
                args.len()
            ),
        }));
    }
    Ok(())
}

macro_rules! typed_fn {
    ($n:expr; $($a:ident $i:tt),*) => {
        impl<F, R, $($a),*> TypedFn<(R, $($a,)*)> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: IntoPy,
            $($a: FromPy,)*
        {
            #[allow(unused_variables, non_snake_case)]
            fn into_native(self, name: &str) -> NativeClosure {
                let name = name.to_string();
                Arc::new(move |vm: &mut Vm, args: Args<'_>| {
                    check_arity(&name, &args, $n)?;
                    let pos = args.positional();
                    $(let $a: $a = arg(vm, &name, $i, pos[$i])?;)*
                    (self)($($a),*).into_py(vm)
                })
            }
        }
    };
}

typed_fn!(0;);
typed_fn!(1; A 0);
typed_fn!(2; A 0, B 1);
typed_fn!(3; A 0, B 1, C 2);
typed_fn!(4; A 0, B 1, C 2, D 3);
