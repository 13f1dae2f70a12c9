//! [`Object`]: the closed set of heap object kinds, dispatched by `match`, and their payload types.
//!
//! Kinds that the interpreter will flesh out later (functions, exceptions, modules, iterators) are
//! here already with the fields the GC must trace, so adding behaviour does not change the heap.
//! To add a kind (Class, Instance, Generator…): add a variant, its `type_name`, its `trace` arm and
//! its `heap_size` arm — the compiler points at every `match` that needs it.

use crate::dict::{PyDict, PySet};
use crate::error::ExcKind;
use crate::gc::Tracer;
use crate::strtext::StrText;
use crate::value::{ObjRef, Value};
use num_bigint::BigInt;
use std::cell::Cell;
use std::sync::Arc;

/// A Python `str`: UTF-8 text with its char count and a lazily cached hash.
///
/// When every char is ASCII (`char_len == byte len`), indexing and slicing by char index are O(1).
#[derive(Debug, Clone)]
pub struct PyStr {
    text: StrText,
    chars: usize,
    hash: Cell<i64>,
}

impl PyStr {
    /// Wrap `text`, counting its chars once.
    pub fn new(text: impl Into<StrText>) -> Self {
        let text = text.into();
        let chars = if text.as_str().is_ascii() {
            text.as_str().len()
        } else {
            text.as_str().chars().count()
        };
        PyStr {
            text,
            chars,
            hash: Cell::new(-1),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// The bytes of text held outside the object (none when it is stored inline).
    pub fn boxed_len(&self) -> usize {
        if self.text.is_boxed() {
            self.text.as_str().len()
        } else {
            0
        }
    }

    /// `len(s)`: the number of code points.
    #[inline]
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// True when every char is ASCII (indexing is O(1)).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.chars == self.as_str().len()
    }

    /// The char at code-point index `i` (`None` out of range): O(1) for ASCII text.
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.is_ascii() {
            self.as_str().as_bytes().get(i).map(|&b| b as char)
        } else {
            self.as_str().chars().nth(i)
        }
    }

    /// The byte offset of code-point index `i` (`i <= char_len`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() || i == 0 {
            i.min(self.as_str().len())
        } else {
            self.as_str()
                .char_indices()
                .nth(i)
                .map_or(self.as_str().len(), |(b, _)| b)
        }
    }

    /// The text between code-point indices `start` and `end` (clamped; `start > end` gives `""`):
    /// O(1) for ASCII text.
    pub fn char_slice(&self, start: usize, end: usize) -> &str {
        let end = end.min(self.chars);
        if start >= end {
            return "";
        }
        if self.is_ascii() {
            return &self.as_str()[start..end];
        }
        let b0 = self.byte_offset(start);
        let b1 = b0
            + self.as_str()[b0..]
                .char_indices()
                .nth(end - start)
                .map_or(self.as_str().len() - b0, |(i, _)| i);
        &self.as_str()[b0..b1]
    }

    /// The cached hash, if already computed.
    #[inline]
    pub fn hash_if_cached(&self) -> Option<i64> {
        let h = self.hash.get();
        (h != -1).then_some(h)
    }

    /// `hash(s)`, computed on first use and cached.
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = crate::hash::hash_str(self.as_str());
        self.hash.set(h);
        h
    }
}

pub use crate::native::{NativeClosure, NativeFnPtr};

/// A native function implementation: a plain function pointer (static natives) or a shared
/// closure (embedders' `register_fn`).
#[derive(Clone)]
pub enum NativeImpl {
    /// A plain function.
    Fn(NativeFnPtr),
    /// A closure.
    Closure(NativeClosure),
}

impl std::fmt::Debug for NativeImpl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NativeImpl::Fn(_) => "NativeImpl::Fn",
            NativeImpl::Closure(_) => "NativeImpl::Closure",
        })
    }
}

/// A builtin function or method implemented in Rust.
#[derive(Debug, Clone)]
pub struct NativeFunction {
    /// `__name__`.
    pub name: Box<str>,
    /// The implementation.
    pub imp: NativeImpl,
    /// `__self__` for builtin methods bound at creation (`[].append`), else `None`: a bound
    /// receiver is passed as the first positional argument.
    pub receiver: Option<Value>,
}

/// A Python function.
#[derive(Debug, Clone)]
pub struct Function {
    /// `__name__` (a str object).
    pub name: Value,
    /// `__qualname__` (a str object).
    pub qualname: Value,
    /// The code object (an [`Object::Code`]), which keeps the loaded constants alive.
    pub code: Value,
    /// The loaded code the frames run (the same as the code object's).
    pub loaded: Arc<crate::function::LoadedCode>,
    /// The module namespace dict the function reads its globals from.
    pub globals: Value,
    /// `__defaults__` (tuple or None).
    pub defaults: Value,
    /// `__kwdefaults__` (dict or None).
    pub kwdefaults: Value,
    /// `__closure__` (tuple of cells or None).
    pub closure: Value,
    /// `__dict__` (dict or None until first attribute write).
    pub dict: Value,
}

/// An exception instance.
#[derive(Debug, Clone)]
pub struct ExceptionObj {
    /// The nearest builtin exception class (the instance's layout and default behaviour).
    pub kind: ExcKind,
    /// The user class (an [`Object::Class`]) when the exception's class is defined in Python,
    /// else `None`.
    pub class: Value,
    /// Attributes a user exception sets (`self.code = 5`): a dict, or `None` until the first.
    pub dict: Value,
    /// `args` (a tuple).
    pub args: Value,
    /// `__context__`.
    pub context: Value,
    /// `__cause__`.
    pub cause: Value,
    /// `__suppress_context__`.
    pub suppress_context: bool,
    /// `__traceback__` (None until raised).
    pub traceback: Value,
}

/// The builtin type whose instance layout a class extends: what `object.__new__` allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolidBase {
    /// Plain instances ([`Object::Instance`] without a payload).
    Object,
    /// A subclass of a builtin type (`class Stack(list)`): instances carry a payload of it.
    Builtin(crate::types::BuiltinType),
    /// A subclass of a builtin exception: instances are [`Object::Exception`]s.
    Exception(ExcKind),
}

/// A class defined in Python (a `class` statement or `type(name, bases, ns)`).
#[derive(Debug, Clone)]
pub struct ClassObj {
    /// `__name__`.
    pub name: Box<str>,
    /// `__qualname__` (a str).
    pub qualname: Value,
    /// `__bases__` (type objects).
    pub bases: Box<[Value]>,
    /// `__mro__`: the class itself first, `object` last (C3 linearisation).
    pub mro: Box<[Value]>,
    /// The namespace (a dict object): methods, class attributes, `__module__`, `__doc__`.
    pub dict: ObjRef,
    /// The metaclass: a user metaclass (a class deriving from `type`), or `None` for `type`.
    pub meta: Value,
    /// The builtin layout instances have.
    pub solid: SolidBase,
    /// `__slots__` when every class of the MRO declares them without `__dict__`: the only
    /// attribute names instances accept.
    pub slots: Option<Box<[Value]>>,
    /// How many `__slots__` values instances store (this class's and its bases').
    pub nslots: usize,
    /// Whether the class (or a user base) defines `__getattribute__`, `__getattr__`,
    /// `__setattr__` or `__delattr__`: the generic attribute paths check these bits first.
    pub hooks: AttrHooks,
}

/// Which attribute-access dunders a class's user MRO defines (computed at creation and after a
/// class attribute changes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttrHooks {
    /// `__getattribute__`
    pub getattribute: bool,
    /// `__getattr__`
    pub getattr: bool,
    /// `__setattr__`
    pub setattr: bool,
    /// `__delattr__`
    pub delattr: bool,
}

/// An instance of a class defined in Python.
#[derive(Debug)]
pub struct Instance {
    /// The class (an [`Object::Class`]).
    pub class: Value,
    /// The attribute dict (a dict object).
    pub dict: ObjRef,
    /// For subclasses of builtin types, the builtin value the instance extends (a list for
    /// `class Stack(list)`); else `None`.
    pub payload: Value,
    /// The values of `__slots__` attributes, by [`Member::index`] (NULL while unset).
    pub slots: Box<[Value]>,
}

/// `list[int]` (`types.GenericAlias`) or, with `union`, `int | None` (`types.UnionType`).
#[derive(Debug, Clone, Copy)]
pub struct GenericAlias {
    /// `__origin__` (None for a union).
    pub origin: Value,
    /// `__args__` (a tuple): the parameters, or a union's members.
    pub args: Value,
    /// Whether this is a union.
    pub union: bool,
}

/// A `__slots__` attribute of a class (`member_descriptor`): a data descriptor reading and
/// writing one slot of the instance.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The attribute name (a str).
    pub name: Value,
    /// The slot index in [`Instance::slots`].
    pub index: usize,
    /// The class that declared it.
    pub owner: Value,
}

/// `property(fget, fset, fdel, doc)`.
#[derive(Debug, Clone, Copy)]
pub struct Property {
    /// getter
    pub fget: Value,
    /// setter
    pub fset: Value,
    /// deleter
    pub fdel: Value,
    /// `__doc__`
    pub doc: Value,
    /// `__name__` (set by `__set_name__`, used in error messages), or None.
    pub name: Value,
}

/// `super(type, obj)`: attribute lookup starting after `type` in the MRO of `obj`'s class.
#[derive(Debug, Clone, Copy)]
pub struct Super {
    /// The class whose successors are searched (`__thisclass__`).
    pub this: Value,
    /// The receiver (`__self__`): an instance or a class.
    pub obj: Value,
    /// The class whose MRO is searched (`__self_class__`).
    pub obj_type: Value,
}

/// A module object.
#[derive(Debug, Clone)]
pub struct Module {
    /// `__name__` (a str object).
    pub name: Value,
    /// The namespace (a dict object).
    pub dict: ObjRef,
}

/// `range(start, stop, step)`; bounds are ints (inline or big).
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// start
    pub start: Value,
    /// stop
    pub stop: Value,
    /// step (never 0)
    pub step: Value,
}

/// `slice(start, stop, step)`; fields are any values (usually ints or None).
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    /// start
    pub start: Value,
    /// stop
    pub stop: Value,
    /// step
    pub step: Value,
}

/// A method bound to its receiver.
#[derive(Debug, Clone, Copy)]
pub struct BoundMethod {
    /// `__self__`
    pub receiver: Value,
    /// `__func__`
    pub function: Value,
}

/// The builtin iterator kinds.
#[derive(Debug, Clone)]
pub enum IterState {
    /// Over a list, tuple, str, bytes or bytearray by index (`index` counts elements/chars; for
    /// non-ASCII str `byte_pos` tracks the byte offset).
    Seq {
        /// the sequence object
        seq: ObjRef,
        /// next element index
        index: usize,
        /// byte offset for str iteration
        byte_pos: usize,
    },
    /// Over an inline-int range.
    Range {
        /// next value
        next: i64,
        /// exclusive bound
        stop: i64,
        /// step (never 0)
        step: i64,
    },
    /// Over a dict's keys (0), values (1) or items (2), or a set's elements (0).
    Dict {
        /// the dict or set object
        dict: ObjRef,
        /// next entry index
        index: usize,
        /// the length when iteration started (size change → RuntimeError)
        len: usize,
        /// the table version when iteration started (keys changed → RuntimeError)
        version: u64,
        /// 0 keys, 1 values, 2 items
        what: u8,
    },
    /// Calls `__getitem__` with 0, 1, 2… until IndexError (the old sequence protocol).
    GetItem {
        /// the object
        obj: Value,
        /// next index
        index: i64,
    },
    /// `enumerate(it, start)`.
    Enumerate {
        /// the underlying iterator
        it: Value,
        /// the next count (an int)
        count: Value,
    },
    /// `zip(*its)`.
    Zip {
        /// the underlying iterators
        its: Box<[Value]>,
        /// `strict=True`: unequal lengths are a ValueError
        strict: bool,
    },
    /// `map(func, *its)`.
    Map {
        /// the function
        func: Value,
        /// the underlying iterators
        its: Box<[Value]>,
    },
    /// `filter(func, it)` (`func` None: truth).
    Filter {
        /// the predicate or None
        func: Value,
        /// the underlying iterator
        it: Value,
    },
    /// `reversed(seq)` over a list, tuple, str or range by index.
    Reversed {
        /// the sequence
        seq: Value,
        /// the number of items left
        left: usize,
    },
    /// `iter(callable, sentinel)`: calls `func()` until it returns the sentinel.
    Call {
        /// the callable
        func: Value,
        /// the value that ends the iteration
        sentinel: Value,
    },
    /// `reversed(d)` / `reversed(d.values())` / `reversed(d.items())`: from the last entry down.
    DictRev {
        /// the dict
        dict: ObjRef,
        /// entries not yet yielded (the next is at `left - 1`)
        left: usize,
        /// the length when iteration started (size change → RuntimeError)
        len: usize,
        /// 0 keys, 1 values, 2 items
        what: u8,
    },
    /// Over a range whose bounds do not all fit `i64`: `[next, stop, step]`.
    LongRange(Box<[BigInt; 3]>),
    /// An exhausted iterator.
    Exhausted,
}

/// A heap object. The closed set of kinds, dispatched by `match`.
#[derive(Debug)]
pub enum Object {
    /// `str`
    Str(PyStr),
    /// `int` that does not fit `i64` (never holds a value that does: see [`Value`]).
    BigInt(BigInt),
    /// `bytes`
    Bytes(Box<[u8]>),
    /// `bytearray`
    ByteArray(Vec<u8>),
    /// `list`
    List(Vec<Value>),
    /// `tuple`
    Tuple(Box<[Value]>),
    /// `dict`
    Dict(PyDict),
    /// `set`
    Set(PySet),
    /// `frozenset`
    FrozenSet(PySet),
    /// `range`
    Range(Range),
    /// `slice`
    Slice(Slice),
    /// `function`
    Function(Box<Function>),
    /// `builtin_function_or_method`
    NativeFunction(Box<NativeFunction>),
    /// An exception instance.
    Exception(Box<ExceptionObj>),
    /// `module`
    Module(Module),
    /// `cell` (closure variable).
    Cell(Value),
    /// `method`
    BoundMethod(BoundMethod),
    /// A builtin iterator.
    Iterator(IterState),
    /// A type object (`int`, `ValueError`, …).
    Type(crate::types::TypeObject),
    /// A code object: compiled code with its constants loaded into this VM.
    Code(Arc<crate::function::LoadedCode>),
    /// A traceback: the (code, offset) of every frame an exception passed through.
    Traceback(Box<crate::traceback::Traceback>),
    /// A generator: a suspended frame.
    Generator(Box<Generator>),
    /// A class defined in Python.
    Class(Box<ClassObj>),
    /// An instance of a class defined in Python.
    Instance(Box<Instance>),
    /// `property`
    Property(Box<Property>),
    /// `staticmethod(f)`
    StaticMethod(Value),
    /// `classmethod(f)`
    ClassMethod(Value),
    /// `super`
    Super(Super),
    /// A `__slots__` member descriptor.
    Member(Box<Member>),
    /// `list[int]` or `int | None`.
    GenericAlias(Box<GenericAlias>),
    /// `NotImplemented`
    NotImplemented,
    /// A dict view (`dict_keys`, `dict_values`, `dict_items`).
    DictView(crate::types::dictview::DictView),
    /// A file object (`open()`).
    File(Box<crate::types::file::PyFile>),
    /// `Ellipsis` (`...`): one per VM, kept in the builtins namespace.
    Ellipsis,
}

/// Where a generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenState {
    /// Not started: the next resume runs the code from its first instruction.
    Created,
    /// Suspended at a `YIELD_VALUE`.
    Suspended,
    /// Running (its frame is on the frame stack).
    Running,
    /// Returned or raised.
    Finished,
}

/// A generator object: it owns its suspended frame (the frame's locals and evaluation stack are
/// moved out of the VM value stack on `yield` and back on resume).
#[derive(Debug)]
pub struct Generator {
    /// The generator function (roots its code and globals).
    pub func: Value,
    /// The frame's window while suspended: locals, cells, free variables, then the stack.
    pub saved: Vec<Value>,
    /// The resume offset.
    pub ip: usize,
    /// The offset of the `YIELD_VALUE` it is suspended at.
    pub lasti: u32,
    /// Where it is in its life.
    pub state: GenState,
}

impl Object {
    /// The Python type name, as error messages print it (`'list'`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::Str(_) => "str",
            Object::BigInt(_) => "int",
            Object::Bytes(_) => "bytes",
            Object::ByteArray(_) => "bytearray",
            Object::List(_) => "list",
            Object::Tuple(_) => "tuple",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::Range(_) => "range",
            Object::Slice(_) => "slice",
            Object::Function(_) => "function",
            Object::NativeFunction(_) => "builtin_function_or_method",
            Object::Exception(e) => e.kind.name(),
            Object::Module(_) => "module",
            Object::Cell(_) => "cell",
            Object::Ellipsis => "ellipsis",
            Object::BoundMethod(_) => "method",
            Object::Iterator(it) => match it {
                IterState::Seq { .. } => "iterator",
                IterState::Range { .. } => "range_iterator",
                IterState::Dict { what: 1, .. } => "dict_valueiterator",
                IterState::Dict { what: 2, .. } => "dict_itemiterator",
                IterState::Dict { .. } => "dict_keyiterator",
                IterState::GetItem { .. } => "iterator",
                IterState::Exhausted => "iterator",
                IterState::Enumerate { .. } => "enumerate",
                IterState::Zip { .. } => "zip",
                IterState::Map { .. } => "map",
                IterState::Filter { .. } => "filter",
                IterState::Reversed { .. } => "reversed",
                IterState::Call { .. } => "callable_iterator",
                IterState::LongRange(_) => "longrange_iterator",
                IterState::DictRev { what: 1, .. } => "dict_reversevalueiterator",
                IterState::DictRev { what: 2, .. } => "dict_reverseitemiterator",
                IterState::DictRev { .. } => "dict_reversekeyiterator",
            },
            Object::Type(_) => "type",
            Object::Code(_) => "code",
            Object::Traceback(_) => "traceback",
            Object::Generator(_) => "generator",
            Object::Class(_) => "type",
            // The class name lives in the heap: `types::type_name` reads it from there.
            Object::Instance(_) => "object",
            Object::Property(_) => "property",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::Super(_) => "super",
            Object::Member(_) => "member_descriptor",
            Object::GenericAlias(g) if g.union => "types.UnionType",
            Object::GenericAlias(_) => "types.GenericAlias",
            Object::NotImplemented => "NotImplementedType",
            Object::DictView(v) => v.kind.type_name(),
            Object::File(f) => f.type_name(),
        }
    }

    /// Push every handle this object holds onto the tracer (the GC's only view of the object).
    pub fn trace(&self, t: &mut Tracer<'_>) {
        match self {
            Object::Str(_)
            | Object::BigInt(_)
            | Object::Bytes(_)
            | Object::ByteArray(_)
            | Object::Iterator(IterState::Range { .. })
            | Object::Iterator(IterState::Exhausted)
            | Object::Iterator(IterState::LongRange(_))
            | Object::Ellipsis
            | Object::Type(_)
            | Object::Traceback(_)
            | Object::NotImplemented => {}
            Object::Class(c) => {
                t.value(c.qualname);
                t.values(&c.bases);
                t.values(&c.mro);
                t.obj(c.dict);
                t.value(c.meta);
                if let Some(s) = &c.slots {
                    t.values(s);
                }
            }
            Object::Instance(i) => {
                t.value(i.class);
                t.obj(i.dict);
                t.value(i.payload);
                t.values(&i.slots);
            }
            Object::Member(m) => t.values(&[m.name, m.owner]),
            Object::GenericAlias(g) => t.values(&[g.origin, g.args]),
            Object::Property(p) => t.values(&[p.fget, p.fset, p.fdel, p.doc, p.name]),
            Object::StaticMethod(f) | Object::ClassMethod(f) => t.value(*f),
            Object::Super(s) => t.values(&[s.this, s.obj, s.obj_type]),
            Object::Code(c) => c.trace(t),
            Object::List(v) => t.values(v),
            Object::Tuple(v) => t.values(v),
            Object::Dict(d) => d.trace(t),
            Object::Set(s) | Object::FrozenSet(s) => s.trace(t),
            Object::Range(r) => t.values(&[r.start, r.stop, r.step]),
            Object::Slice(s) => t.values(&[s.start, s.stop, s.step]),
            Object::Function(f) => t.values(&[
                f.name,
                f.qualname,
                f.code,
                f.globals,
                f.defaults,
                f.kwdefaults,
                f.closure,
                f.dict,
            ]),
            Object::NativeFunction(f) => {
                if let Some(r) = f.receiver {
                    t.value(r);
                }
            }
            Object::Exception(e) => {
                t.values(&[e.args, e.context, e.cause, e.traceback, e.class, e.dict])
            }
            Object::Module(m) => {
                t.value(m.name);
                t.obj(m.dict);
            }
            Object::Cell(v) => t.value(*v),
            Object::BoundMethod(m) => t.values(&[m.receiver, m.function]),
            Object::Iterator(IterState::Seq { seq, .. }) => t.obj(*seq),
            Object::Iterator(IterState::Dict { dict, .. } | IterState::DictRev { dict, .. }) => {
                t.obj(*dict)
            }
            Object::Iterator(IterState::GetItem { obj, .. }) => t.value(*obj),
            Object::Iterator(IterState::Enumerate { it, count }) => t.values(&[*it, *count]),
            Object::Iterator(IterState::Zip { its, .. }) => t.values(its),
            Object::Iterator(IterState::Map { func, its }) => {
                t.value(*func);
                t.values(its);
            }
            Object::Iterator(IterState::Filter { func, it }) => t.values(&[*func, *it]),
            Object::Iterator(IterState::Reversed { seq, .. }) => t.value(*seq),
            Object::Iterator(IterState::Call { func, sentinel }) => t.values(&[*func, *sentinel]),
            Object::Generator(g) => {
                t.value(g.func);
                t.values(&g.saved);
            }
            Object::DictView(v) => t.obj(v.dict),
            Object::File(f) => t.value(f.name),
        }
    }

    /// An estimate of the bytes this object owns (slot plus out-of-line payload), for GC pacing and
    /// the heap limit.
    pub fn heap_size(&self) -> usize {
        let vsz = std::mem::size_of::<Value>();
        std::mem::size_of::<Object>()
            + match self {
                Object::Str(s) => s.boxed_len(),
                Object::BigInt(b) => (b.bits() as usize).div_ceil(8),
                Object::Bytes(b) => b.len(),
                Object::ByteArray(b) => b.capacity(),
                Object::List(v) => v.capacity() * vsz,
                Object::Tuple(v) => v.len() * vsz,
                Object::Dict(d) => d.capacity() * (2 * vsz + 16),
                Object::Set(s) | Object::FrozenSet(s) => s.capacity() * (vsz + 16),
                Object::Function(_) => std::mem::size_of::<Function>(),
                Object::NativeFunction(f) => std::mem::size_of::<NativeFunction>() + f.name.len(),
                Object::Exception(_) => std::mem::size_of::<ExceptionObj>(),
                Object::Traceback(tb) => tb.entries.capacity() * 16,
                Object::Generator(g) => std::mem::size_of::<Generator>() + g.saved.capacity() * vsz,
                Object::Class(c) => {
                    std::mem::size_of::<ClassObj>() + (c.bases.len() + c.mro.len()) * vsz
                }
                Object::Instance(_) => std::mem::size_of::<Instance>(),
                Object::Property(_) => std::mem::size_of::<Property>(),
                _ => 0,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_indexing() {
        let s = PyStr::new("héllo");
        assert_eq!(s.char_len(), 5);
        assert!(!s.is_ascii());
        assert_eq!(s.char_at(1), Some('é'));
        assert_eq!(s.byte_offset(2), 3);
        let a = PyStr::new("hello");
        assert!(a.is_ascii());
        assert_eq!(a.char_at(4), Some('o'));
        assert_eq!(a.char_at(5), None);
        assert_eq!(a.char_slice(1, 3), "el");
        assert_eq!(s.char_slice(1, 3), "él");
        assert_eq!(s.char_slice(3, 99), "lo");
        assert_eq!(s.char_slice(4, 2), "");
    }

    #[test]
    fn object_is_compact() {
        assert!(
            std::mem::size_of::<Object>() <= 80,
            "{}",
            std::mem::size_of::<Object>()
        );
    }
}
