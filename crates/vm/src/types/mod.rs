//! Methods of the builtin types: per-type method tables of natives.
//!
//! Each builtin type has a static table of [`MethodDef`]s (`types/list.rs`: `pub static METHODS`),
//! shared by every VM of the process. [`method_defs`] maps a [`BuiltinType`] to its table; the
//! interpreter consults it (through the per-VM [`MethodTable`], keyed by interned names) for
//! `LOAD_METHOD` and `LOAD_ATTR` on a builtin value, so adding a method never touches the loop:
//!
//! 1. write `fn list_sort(vm: &mut Vm, args: Args<'_>) -> VmResult<Value>` in `types/list.rs`
//!    (the receiver is `args` position 0: see [`crate::native`]);
//! 2. add `MethodDef::new("sort", list_sort)` to that file's `METHODS`.
//!
//! A new type file adds one arm to [`method_defs`]. `bool` inherits `int`'s methods (its own
//! table is consulted first).
//!
//! Per VM, the table is built lazily on the first method lookup: every method name is interned
//! once and each method gets one `builtin_function_or_method` object (kept alive by the VM), so
//! `xs.append(x)` costs a hash lookup on `(type, name)` and no allocation.

pub mod bytes;
pub mod dict;
pub mod dictview;
pub mod file;
pub mod float;
pub mod int;
pub mod list;
pub mod range;
pub mod set;
pub mod slice;
pub mod slots;
pub mod str;
pub mod str_format;
pub mod tuple;
pub mod unicode_tables;
pub mod util;

use crate::heap::Heap;
use crate::intern::Name;
use crate::native::NativeFnPtr;
use crate::object::{IterState, Object};
use crate::value::Value;
use std::collections::HashMap;

/// A method of a builtin type.
#[derive(Clone, Copy, Debug)]
pub struct MethodDef {
    /// The method name (`"append"`).
    pub name: &'static str,
    /// The implementation; receives the receiver as its first positional argument.
    pub imp: NativeFnPtr,
}

impl MethodDef {
    /// A method named `name`.
    pub const fn new(name: &'static str, imp: NativeFnPtr) -> Self {
        MethodDef { name, imp }
    }
}

macro_rules! builtin_types {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// The builtin types, as method-table keys.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum BuiltinType { $(#[doc = concat!("`", $name, "`")] $variant,)* }

        impl BuiltinType {
            /// Every builtin type.
            pub const ALL: &'static [BuiltinType] = &[$(BuiltinType::$variant),*];

            /// The Python name (`"list"`).
            pub const fn name(self) -> &'static str {
                match self { $(BuiltinType::$variant => $name,)* }
            }
        }
    };
}

builtin_types! {
    NoneType => "NoneType", Bool => "bool", Int => "int", Float => "float", Str => "str",
    Bytes => "bytes", ByteArray => "bytearray", List => "list", Tuple => "tuple", Dict => "dict",
    Set => "set", FrozenSet => "frozenset", Range => "range", Slice => "slice",
    Function => "function", BuiltinFunction => "builtin_function_or_method",
    Exception => "BaseException", Module => "module", Cell => "cell", Method => "method",
    Iterator => "iterator", Object => "object", Type => "type", Code => "code",
    Traceback => "traceback", Generator => "generator", Property => "property",
    StaticMethod => "staticmethod", ClassMethod => "classmethod", Super => "super",
    NotImplementedType => "NotImplementedType",
    Member => "member_descriptor", GenericAlias => "types.GenericAlias",
    DictKeys => "dict_keys", DictValues => "dict_values", DictItems => "dict_items",
    Map => "map", Zip => "zip", Enumerate => "enumerate", Filter => "filter",
    Reversed => "reversed", CallableIterator => "callable_iterator",
    RangeIterator => "range_iterator", LongRangeIterator => "longrange_iterator",
    File => "TextIOWrapper", BufferedReader => "BufferedReader",
    BufferedWriter => "BufferedWriter", BufferedRandom => "BufferedRandom",
    ListIterator => "list_iterator", TupleIterator => "tuple_iterator",
    StrAsciiIterator => "str_ascii_iterator", StrIterator => "str_iterator",
    BytesIterator => "bytes_iterator", ByteArrayIterator => "bytearray_iterator",
    DictKeyIterator => "dict_keyiterator", DictValueIterator => "dict_valueiterator",
    DictItemIterator => "dict_itemiterator", SetIterator => "set_iterator",
    DictReverseKeyIterator => "dict_reversekeyiterator",
    DictReverseValueIterator => "dict_reversevalueiterator",
    DictReverseItemIterator => "dict_reverseitemiterator",
    ListReverseIterator => "list_reverseiterator", Ellipsis => "ellipsis",
}

impl BuiltinType {
    /// The type of `v`.
    pub fn of(heap: &Heap, v: Value) -> BuiltinType {
        match v {
            Value::None => BuiltinType::NoneType,
            Value::Bool(_) => BuiltinType::Bool,
            Value::Int(_) => BuiltinType::Int,
            Value::Float(_) => BuiltinType::Float,
            Value::Obj(r) => match heap.try_get(r) {
                Ok(Object::Iterator(it)) => iterator_type(heap, it),
                Ok(o) => BuiltinType::of_object(o),
                Err(_) => BuiltinType::Object,
            },
        }
    }

    /// The type of a heap object.
    pub fn of_object(o: &Object) -> BuiltinType {
        match o {
            Object::Str(_) => BuiltinType::Str,
            Object::BigInt(_) => BuiltinType::Int,
            Object::Bytes(_) => BuiltinType::Bytes,
            Object::ByteArray(_) => BuiltinType::ByteArray,
            Object::List(_) => BuiltinType::List,
            Object::Tuple(_) => BuiltinType::Tuple,
            Object::Dict(_) => BuiltinType::Dict,
            Object::Set(_) => BuiltinType::Set,
            Object::FrozenSet(_) => BuiltinType::FrozenSet,
            Object::Range(_) => BuiltinType::Range,
            Object::Slice(_) => BuiltinType::Slice,
            Object::Function(_) => BuiltinType::Function,
            Object::NativeFunction(_) => BuiltinType::BuiltinFunction,
            Object::Exception(_) => BuiltinType::Exception,
            Object::Module(_) => BuiltinType::Module,
            Object::Cell(_) => BuiltinType::Cell,
            Object::BoundMethod(_) => BuiltinType::Method,
            Object::Type(_) => BuiltinType::Type,
            Object::Code(_) => BuiltinType::Code,
            Object::Traceback(_) => BuiltinType::Traceback,
            Object::Generator(_) => BuiltinType::Generator,
            // Instances of classes have their class as type; this is the builtin layout.
            Object::Instance(_) => BuiltinType::Object,
            Object::Class(_) => BuiltinType::Type,
            Object::Property(_) => BuiltinType::Property,
            Object::StaticMethod(_) => BuiltinType::StaticMethod,
            Object::ClassMethod(_) => BuiltinType::ClassMethod,
            Object::Super(_) => BuiltinType::Super,
            Object::NotImplemented => BuiltinType::NotImplementedType,
            Object::Member(_) => BuiltinType::Member,
            Object::GenericAlias(_) => BuiltinType::GenericAlias,
            Object::DictView(v) => v.kind.builtin_type(),
            Object::Ellipsis => BuiltinType::Ellipsis,
            Object::File(f) => match f.type_name() {
                "BufferedReader" => BuiltinType::BufferedReader,
                "BufferedWriter" => BuiltinType::BufferedWriter,
                "BufferedRandom" => BuiltinType::BufferedRandom,
                _ => BuiltinType::File,
            },
            Object::Iterator(it) => state_type(it),
            #[allow(unreachable_patterns)]
            _ => BuiltinType::Object,
        }
    }

    /// The base whose methods this type inherits (`bool` → `int`).
    pub fn base(self) -> Option<BuiltinType> {
        match self {
            BuiltinType::Bool => Some(BuiltinType::Int),
            _ => None,
        }
    }
}

/// The type of an iterator over a sequence, dict or set, which depends on what it iterates
/// (`list_iterator`, `dict_keyiterator`, `set_iterator`, …); the others by their state.
fn iterator_type(heap: &Heap, it: &IterState) -> BuiltinType {
    let target = |r| heap.try_get(r).ok();
    match it {
        IterState::Seq { seq, .. } => match target(*seq) {
            Some(Object::List(_)) => BuiltinType::ListIterator,
            Some(Object::Tuple(_)) => BuiltinType::TupleIterator,
            Some(Object::Str(s)) if s.is_ascii() => BuiltinType::StrAsciiIterator,
            Some(Object::Str(_)) => BuiltinType::StrIterator,
            Some(Object::Bytes(_)) => BuiltinType::BytesIterator,
            Some(Object::ByteArray(_)) => BuiltinType::ByteArrayIterator,
            _ => BuiltinType::Iterator,
        },
        IterState::Dict { dict, what, .. } => match (target(*dict), *what) {
            (Some(Object::Dict(_)), crate::iter::dict_yields::VALUES) => {
                BuiltinType::DictValueIterator
            }
            (Some(Object::Dict(_)), crate::iter::dict_yields::ITEMS) => {
                BuiltinType::DictItemIterator
            }
            (Some(Object::Dict(_)), _) => BuiltinType::DictKeyIterator,
            _ => BuiltinType::SetIterator,
        },
        IterState::DictRev { what, .. } => match *what {
            crate::iter::dict_yields::VALUES => BuiltinType::DictReverseValueIterator,
            crate::iter::dict_yields::ITEMS => BuiltinType::DictReverseItemIterator,
            _ => BuiltinType::DictReverseKeyIterator,
        },
        IterState::Reversed {
            seq: Value::Obj(r), ..
        } => match target(*r) {
            Some(Object::List(_)) => BuiltinType::ListReverseIterator,
            Some(Object::Range(_)) => BuiltinType::RangeIterator,
            _ => BuiltinType::Reversed,
        },
        other => state_type(other),
    }
}

/// The type of an iterator, as far as its state tells (without looking at what it iterates).
fn state_type(it: &IterState) -> BuiltinType {
    match it {
        IterState::Map { .. } => BuiltinType::Map,
        IterState::Zip { .. } => BuiltinType::Zip,
        IterState::Enumerate { .. } => BuiltinType::Enumerate,
        IterState::Filter { .. } => BuiltinType::Filter,
        IterState::Reversed { .. } => BuiltinType::Reversed,
        IterState::Call { .. } => BuiltinType::CallableIterator,
        IterState::Range { .. } => BuiltinType::RangeIterator,
        IterState::LongRange(_) => BuiltinType::LongRangeIterator,
        _ => BuiltinType::Iterator,
    }
}

/// A type object's payload: a builtin type or a builtin exception class.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TypeObject {
    /// `int`, `str`, `list`, …
    Builtin(BuiltinType),
    /// `ValueError`, …
    Exception(crate::error::ExcKind),
}

impl TypeObject {
    /// The class name (`"int"`, `"ValueError"`).
    pub fn name(self) -> &'static str {
        match self {
            TypeObject::Builtin(t) => t.name(),
            TypeObject::Exception(k) => k.name(),
        }
    }
}

/// The static method table of `ty` (its own methods, not inherited ones).
pub fn method_defs(ty: BuiltinType) -> &'static [MethodDef] {
    match ty {
        BuiltinType::List => list::METHODS,
        BuiltinType::Tuple => tuple::METHODS,
        BuiltinType::Str => self::str::METHODS,
        BuiltinType::Dict => dict::METHODS,
        BuiltinType::Bytes => bytes::BYTES_METHODS,
        BuiltinType::ByteArray => bytes::BYTEARRAY_METHODS,
        BuiltinType::Set => set::SET_METHODS,
        BuiltinType::FrozenSet => set::FROZENSET_METHODS,
        BuiltinType::Int => int::METHODS,
        BuiltinType::Float => float::METHODS,
        BuiltinType::Range => range::METHODS,
        BuiltinType::Slice => slice::METHODS,
        BuiltinType::Generator => crate::interp::gen::METHODS,
        BuiltinType::Object => crate::class::natives::OBJECT_METHODS,
        BuiltinType::Exception => crate::class::natives::EXCEPTION_METHODS,
        BuiltinType::Property => crate::class::natives::PROPERTY_METHODS,
        BuiltinType::Type => crate::class::natives::TYPE_METHODS,
        BuiltinType::Function => crate::class::natives::FUNCTION_METHODS,
        BuiltinType::ClassMethod => crate::class::natives::CLASSMETHOD_METHODS,
        BuiltinType::StaticMethod => crate::class::natives::STATICMETHOD_METHODS,
        _ => &[],
    }
}

/// The `__init__` of the mutable builtin types (kept apart from their method tables, which list
/// what Python code calls by name).
fn init_defs(ty: BuiltinType) -> &'static [MethodDef] {
    match ty {
        BuiltinType::List => crate::class::natives::LIST_INIT,
        BuiltinType::Dict => crate::class::natives::DICT_INIT,
        BuiltinType::Set => crate::class::natives::SET_INIT,
        BuiltinType::File
        | BuiltinType::BufferedReader
        | BuiltinType::BufferedWriter
        | BuiltinType::BufferedRandom => file::METHODS,
        BuiltinType::DictKeys => dictview::KEYS_METHODS,
        BuiltinType::DictValues => dictview::VALUES_METHODS,
        BuiltinType::DictItems => dictview::ITEMS_METHODS,
        _ => &[],
    }
}

/// One VM's view of the method tables: `(type, interned name)` → the method's native function
/// object (a `builtin_function_or_method` value, allocated on the first lookup and kept alive
/// by the VM). Filled on demand, one method at a time: the static tables hold about 900
/// (type, method) pairs, and making them all on a VM's first method call cost ~200 KiB and
/// ~0.3 ms per VM, most of it for methods the program never uses.
#[derive(Debug, Default)]
pub struct MethodTable {
    /// Each pair looked up so far: the method, or `None` when the type has no such method.
    map: HashMap<(BuiltinType, Name), Option<Value>, KeyHash>,
    /// The type whose table each method object came from (by object id), so a method called
    /// unbound on an instance of a subclass (`float.__repr__(self)`) can get the payload.
    owner: HashMap<u64, BuiltinType>,
}

/// A fast hasher for `(type, interned name)` keys (small integers; no DoS concern).
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// See [`KeyHash`].
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = self.0.rotate_left(8) ^ u64::from(i);
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(i);
    }
}

impl MethodTable {
    /// `ty` and its builtin bases, the type itself first.
    fn chain(ty: BuiltinType) -> Vec<BuiltinType> {
        let mut chain = vec![ty];
        while let Some(b) = chain.last().and_then(|t| t.base()) {
            chain.push(b);
        }
        chain
    }

    /// Every method definition `ty` has, in precedence order: base types first, then the
    /// type's own; within a type the generic dunders, then the hand-written methods and
    /// `__init__`. A later definition of a name replaces an earlier one.
    fn defs(ty: BuiltinType) -> Vec<(BuiltinType, &'static str, crate::native::NativeFnPtr)> {
        let mut out = Vec::new();
        for &t in Self::chain(ty).iter().rev() {
            let defs = slots::dunder_defs(t).into_iter().chain(
                method_defs(t)
                    .iter()
                    .chain(init_defs(t))
                    .map(|d| (d.name, d.imp)),
            );
            out.extend(defs.map(|(n, imp)| (t, n, imp)));
        }
        out
    }

    /// The method `name` of `ty`, as a native function value (made on its first lookup).
    pub fn get(
        &mut self,
        heap: &mut Heap,
        interner: &crate::Interner,
        ty: BuiltinType,
        name: Name,
    ) -> Option<Value> {
        if let Some(&v) = self.map.get(&(ty, name)) {
            return v;
        }
        let text = interner.resolve(name);
        let found = Self::defs(ty)
            .into_iter()
            .rev()
            .find(|(_, n, _)| *n == text);
        let v = match found {
            None => None,
            Some((owner, def_name, imp)) => {
                let f = Object::NativeFunction(Box::new(crate::object::NativeFunction {
                    name: def_name.into(),
                    imp: crate::object::NativeImpl::Fn(imp),
                    receiver: None,
                }));
                // Allocation failure (heap limit) leaves the method out (not remembered, so a
                // later lookup may succeed); it surfaces as an AttributeError, not a crash.
                let r = heap.alloc(f).ok()?;
                self.owner.insert(r.id(), owner);
                Some(Value::Obj(r))
            }
        };
        self.map.insert((ty, name), v);
        v
    }

    /// The names of every method `ty` has (its own and inherited builtin ones), each once.
    pub fn names_of(ty: BuiltinType) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Self::defs(ty).into_iter().map(|(_, n, _)| n).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The builtin type whose method `f` is, if it is one.
    pub fn owner_of(&self, f: crate::value::ObjRef) -> Option<BuiltinType> {
        self.owner.get(&f.id()).copied()
    }

    /// Every method object made so far (GC roots).
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        self.map.values().filter_map(|v| *v)
    }
}

/// The receiver of a method call, as a `&mut` to the object of the expected kind, or a
/// `TypeError` naming the method (`descriptor 'append' for 'list' objects doesn't apply to a
/// 'int' object`).
pub fn receiver_error(ty: &str, method: &str, got: &str) -> crate::error::VmError {
    crate::error::type_error(format!(
        "descriptor '{method}' for '{ty}' objects doesn't apply to a '{got}' object"
    ))
}

/// The Python type name of `v` (`'list'`, or a class's `__name__`), for error messages.
pub fn type_name(heap: &Heap, v: Value) -> &str {
    match v {
        Value::Obj(r) => match heap.try_get(r) {
            Ok(Object::Instance(i)) => class_name(heap, i.class),
            Ok(Object::Exception(e)) if !e.class.is_none() => class_name(heap, e.class),
            Ok(Object::Class(c)) if !c.meta.is_none() => class_name(heap, c.meta),
            Ok(Object::Iterator(it)) => iterator_type(heap, it).name(),
            Ok(o) => o.type_name(),
            Err(_) => "object",
        },
        other => BuiltinType::of(heap, other).name(),
    }
}

/// The `__name__` of a type object (a class or a builtin type).
pub fn class_name(heap: &Heap, cls: Value) -> &str {
    match cls.as_obj().map(|r| heap.try_get(r)) {
        Some(Ok(Object::Class(c))) => &c.name,
        Some(Ok(Object::Type(t))) => t.name(),
        _ => "object",
    }
}

/// The `Ellipsis` singleton (what `...` evaluates to): the object the builtins namespace holds
/// (`builtins::init` makes it), `None` before that.
pub fn ellipsis(heap: &Heap, builtins: Option<crate::value::ObjRef>) -> Option<Value> {
    let d = builtins?;
    crate::ops::dict_get_str(heap, d, "Ellipsis")
        .ok()
        .flatten()
        .filter(|v| {
            matches!(
                v.as_obj().map(|r| heap.try_get(r)),
                Some(Ok(Object::Ellipsis))
            )
        })
}
