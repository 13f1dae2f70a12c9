//! Identifier interning: the common dunder names pre-interned in a read-only table that many VMs
//! share ([`SharedNames`]), and a per-VM [`lasso::Rodeo`] for every other name.
//!
//! Intern identifiers and compile-time constant names only: the interner never shrinks, so
//! interning arbitrary runtime strings would leak.

use hotpy_compiler::fxhash::FxBuildHasher;
use lasso::{Capacity, Key, Rodeo, RodeoReader, Spur};
use std::num::NonZeroUsize;
use std::sync::Arc;

/// An interned name: a 4-byte key, `Copy`, compared by integer equality.
pub type Name = Spur;

macro_rules! dunders {
    ($($field:ident => $text:literal),* $(,)?) => {
        /// The common dunder (and a few other) names, interned when the VM is built.
        #[derive(Clone, Copy, Debug)]
        pub struct Names {
            $(#[doc = concat!("`", $text, "`")] pub $field: Name,)*
        }

        impl Names {
            fn new(rodeo: &mut Rodeo<Spur, FxBuildHasher>) -> Self {
                Names { $($field: rodeo.get_or_intern_static($text),)* }
            }

            /// Every pre-interned name's text (for tests and introspection).
            pub const ALL: &'static [&'static str] = &[$($text),*];
        }
    };
}

dunders! {
    init => "__init__", new => "__new__", del => "__del__", name => "__name__",
    qualname => "__qualname__", module => "__module__", doc => "__doc__", dict => "__dict__",
    class => "__class__", bases => "__bases__", mro => "__mro__", slots => "__slots__",
    file => "__file__", builtins => "__builtins__", main => "__main__", all => "__all__",
    spec => "__spec__", package => "__package__", loader => "__loader__",
    eq => "__eq__", ne => "__ne__", lt => "__lt__", le => "__le__", gt => "__gt__", ge => "__ge__",
    hash => "__hash__", bool_ => "__bool__", repr => "__repr__", str_ => "__str__",
    format => "__format__", bytes => "__bytes__", len => "__len__", length_hint => "__length_hint__",
    iter => "__iter__", next => "__next__", reversed => "__reversed__",
    getitem => "__getitem__", setitem => "__setitem__", delitem => "__delitem__",
    missing => "__missing__", contains => "__contains__",
    getattr => "__getattr__", getattribute => "__getattribute__", setattr => "__setattr__",
    delattr => "__delattr__", get => "__get__", set => "__set__", delete => "__delete__",
    set_name => "__set_name__", init_subclass => "__init_subclass__",
    call => "__call__", enter => "__enter__", exit => "__exit__",
    add => "__add__", radd => "__radd__", iadd => "__iadd__",
    sub => "__sub__", rsub => "__rsub__", isub => "__isub__",
    mul => "__mul__", rmul => "__rmul__", imul => "__imul__",
    matmul => "__matmul__", rmatmul => "__rmatmul__", imatmul => "__imatmul__",
    truediv => "__truediv__", rtruediv => "__rtruediv__", itruediv => "__itruediv__",
    floordiv => "__floordiv__", rfloordiv => "__rfloordiv__", ifloordiv => "__ifloordiv__",
    mod_ => "__mod__", rmod => "__rmod__", imod => "__imod__",
    divmod => "__divmod__", rdivmod => "__rdivmod__",
    pow => "__pow__", rpow => "__rpow__", ipow => "__ipow__",
    lshift => "__lshift__", rlshift => "__rlshift__", ilshift => "__ilshift__",
    rshift => "__rshift__", rrshift => "__rrshift__", irshift => "__irshift__",
    and => "__and__", rand => "__rand__", iand => "__iand__",
    or => "__or__", ror => "__ror__", ior => "__ior__",
    xor => "__xor__", rxor => "__rxor__", ixor => "__ixor__",
    neg => "__neg__", pos => "__pos__", abs => "__abs__", invert => "__invert__",
    int => "__int__", float => "__float__", index => "__index__", round => "__round__",
    trunc => "__trunc__", floor => "__floor__", ceil => "__ceil__", complex => "__complex__",
    await_ => "__await__", aiter => "__aiter__", anext => "__anext__",
    aenter => "__aenter__", aexit => "__aexit__",
    class_getitem => "__class_getitem__", reduce => "__reduce__", copy => "__copy__",
    deepcopy => "__deepcopy__", sizeof => "__sizeof__", dir => "__dir__",
    instancecheck => "__instancecheck__", subclasscheck => "__subclasscheck__",
    reload => "__reload__", annotations => "__annotations__", wrapped => "__wrapped__",
    traceback => "__traceback__", cause => "__cause__", context => "__context__",
    suppress_context => "__suppress_context__",
    self_ => "self", cls => "cls", args => "args",
}

/// The pre-interned names ([`Names`]) in a read-only table: built once and shared (an `Arc`)
/// by the VMs made with it ([`crate::Vm::with_names`]), so a new VM does not intern them again.
/// Their keys are the same in every VM sharing the table; each VM's own names get keys after
/// them.
#[derive(Clone, Debug)]
pub struct SharedNames(Arc<(RodeoReader<Spur, FxBuildHasher>, Names)>);

impl SharedNames {
    /// The table of pre-interned names.
    pub fn new() -> Self {
        let mut rodeo = Rodeo::with_hasher(FxBuildHasher::default());
        let names = Names::new(&mut rodeo);
        SharedNames(Arc::new((rodeo.into_reader(), names)))
    }
}

impl Default for SharedNames {
    fn default() -> Self {
        Self::new()
    }
}

/// The per-VM identifier interner: the shared pre-interned names, then this VM's own.
#[derive(Debug)]
pub struct Interner {
    shared: SharedNames,
    /// This VM's names; key `k` here is [`Name`] `shared.len() + k`. Hashed with Fx: every
    /// name of every loaded code object is interned (hundreds per module load or reload), and
    /// SipHash cost more than the rest of the lookup.
    rodeo: Rodeo<Spur, FxBuildHasher>,
    names: Names,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

impl Interner {
    /// A new interner with [`Names`] pre-interned (in a table of its own).
    pub fn new() -> Self {
        Self::with_shared(SharedNames::new())
    }

    /// A new interner over a shared table of the pre-interned names.
    pub fn with_shared(shared: SharedNames) -> Self {
        let names = shared.0 .1;
        // Small to start: a VM running a snippet interns a few dozen names, and Rodeo's default
        // (a 4 KiB arena and room for 50 strings) would be most of a new VM's memory.
        let capacity = Capacity::new(16, NonZeroUsize::new(256).expect("non-zero"));
        Interner {
            shared,
            rodeo: Rodeo::with_capacity_and_hasher(capacity, FxBuildHasher::default()),
            names,
        }
    }

    fn base(&self) -> &RodeoReader<Spur, FxBuildHasher> {
        &self.shared.0 .0
    }

    /// This VM's key `k` as a [`Name`] (after the shared names).
    fn own(&self, k: Spur) -> Name {
        Spur::try_from_usize(self.base().len() + k.into_usize()).expect("fewer than 2^32 names")
    }

    /// The pre-interned names.
    #[inline]
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Intern `s` (an identifier or compile-time constant).
    pub fn intern(&mut self, s: &str) -> Name {
        if let Some(k) = self.base().get(s) {
            return k;
        }
        let k = self.rodeo.get_or_intern(s);
        self.own(k)
    }

    /// The key of `s` if it is already interned (never grows the table).
    pub fn get(&self, s: &str) -> Option<Name> {
        self.base()
            .get(s)
            .or_else(|| self.rodeo.get(s).map(|k| self.own(k)))
    }

    /// The text of an interned name.
    #[inline]
    pub fn resolve(&self, name: Name) -> &str {
        let base = self.base();
        let i = name.into_usize();
        if i < base.len() {
            return base.resolve(&name);
        }
        let own = Spur::try_from_usize(i - base.len()).expect("a key of this interner");
        self.rodeo.resolve(&own)
    }

    /// The number of interned names.
    pub fn len(&self) -> usize {
        self.base().len() + self.rodeo.len()
    }

    /// True when nothing is interned (never, in practice: the dunders are).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dunders_are_preinterned() {
        let mut i = Interner::new();
        let init = i.names().init;
        assert_eq!(i.resolve(init), "__init__");
        assert_eq!(i.intern("__init__"), init);
        assert_eq!(i.get("__len__"), Some(i.names().len));
        assert_eq!(i.len(), Names::ALL.len());
        let x = i.intern("x");
        assert_eq!(i.intern("x"), x);
        assert_eq!(i.resolve(x), "x");
        assert_eq!(i.get("x"), Some(x));
        assert_eq!(i.len(), Names::ALL.len() + 1);
    }

    #[test]
    fn interners_over_one_shared_table_agree_on_dunders_and_keep_their_own_names() {
        let shared = SharedNames::new();
        let mut a = Interner::with_shared(shared.clone());
        let mut b = Interner::with_shared(shared);
        assert_eq!(a.names().len, b.names().len);
        assert_eq!(a.intern("__len__"), b.names().len);
        let ax = a.intern("only_in_a");
        let by = b.intern("only_in_b");
        // The same key means different names in the two VMs, each resolving its own.
        assert_eq!(ax, by);
        assert_eq!(a.resolve(ax), "only_in_a");
        assert_eq!(b.resolve(by), "only_in_b");
        assert_eq!(a.get("only_in_b"), None);
        assert_eq!(a.resolve(a.names().init), "__init__");
    }
}
