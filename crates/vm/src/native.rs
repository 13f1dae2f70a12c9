//! The native calling convention: how Rust functions (builtins, methods of builtin types,
//! embedders' functions) receive their arguments.
//!
//! A native is `fn(&mut Vm, Args<'_>) -> VmResult<Value>` ([`NativeFnPtr`]); closures registered
//! by embedders have the same shape ([`NativeClosure`]). [`Args`] is a vectorcall-style view:
//! one slice of argument values in which the last `kwnames.len()` values are keyword arguments,
//! named by `kwnames` (str objects), in call order. Nothing is boxed into a tuple or dict unless
//! the native asks for it.
//!
//! **Methods of builtin types** are natives too: the receiver is the first positional argument
//! (`list.append(self, x)` gets `[self, x]`), so a method called as `xs.append(1)`,
//! `list.append(xs, 1)` or through a bound method object receives the same `Args`. See
//! [`crate::types`] for the per-type method tables.
//!
//! **Rooting.** The argument values stay on the VM's value stack (rooted) for the whole call: a
//! native may allocate and reach safe points freely without rooting its arguments. Values it
//! creates itself must be rooted ([`Vm::root`](crate::Vm::root)) if it keeps them across a call
//! back into Python ([`Vm::call`](crate::Vm::call)) or a safe point.
//!
//! **Errors** follow CPython's wording: [`Args::check_count`] gives the `f() takes at most 2
//! arguments (3 given)` family, [`Args::expect_count`] the `f expected at most 2 arguments, got 3`
//! family (CPython uses both, depending on the builtin), [`Args::bind`] binds positional-or-keyword
//! parameters by name with `f() got an unexpected keyword argument 'x'` and friends.
//!
//! ```ignore
//! fn divmod(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
//!     args.expect_count("divmod", 2, 2)?;
//!     let [a, b] = args.fixed::<2>();
//!     todo!()
//! }
//! ```

use crate::error::{type_error, VmResult};
use crate::heap::Heap;
use crate::object::Object;
use crate::value::Value;
use crate::Vm;
use std::sync::Arc;

/// The signature of a native function.
pub type NativeFnPtr = fn(&mut Vm, Args<'_>) -> VmResult<Value>;

/// A native closure (embedders' `register_fn`).
pub type NativeClosure = Arc<dyn Fn(&mut Vm, Args<'_>) -> VmResult<Value> + Send + Sync>;

/// The arguments of a native call: `values` holds the positional arguments followed by the
/// keyword arguments' values; `kwnames` (str objects) names the last `kwnames.len()` values.
#[derive(Clone, Copy, Debug)]
pub struct Args<'a> {
    values: &'a [Value],
    kwnames: &'a [Value],
}

impl<'a> Args<'a> {
    /// Arguments `values` of which the last `kwnames.len()` are keyword arguments.
    #[inline]
    pub fn new(values: &'a [Value], kwnames: &'a [Value]) -> Self {
        debug_assert!(kwnames.len() <= values.len());
        Args { values, kwnames }
    }

    /// Positional arguments only.
    #[inline]
    pub fn positional_only(values: &'a [Value]) -> Self {
        Args {
            values,
            kwnames: &[],
        }
    }

    /// Every value, positional then keyword.
    #[inline]
    pub fn values(&self) -> &'a [Value] {
        self.values
    }

    /// The positional arguments.
    #[inline]
    pub fn positional(&self) -> &'a [Value] {
        &self.values[..self.values.len() - self.kwnames.len()]
    }

    /// The number of positional arguments.
    #[inline]
    pub fn len(&self) -> usize {
        self.values.len() - self.kwnames.len()
    }

    /// True when there are no positional arguments.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Positional argument `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        self.positional().get(i).copied()
    }

    /// The keyword names (str objects).
    #[inline]
    pub fn kwnames(&self) -> &'a [Value] {
        self.kwnames
    }

    /// The keyword arguments' values (same order as [`Args::kwnames`]).
    #[inline]
    pub fn kwvalues(&self) -> &'a [Value] {
        &self.values[self.values.len() - self.kwnames.len()..]
    }

    /// True when keyword arguments were passed.
    #[inline]
    pub fn has_kwargs(&self) -> bool {
        !self.kwnames.is_empty()
    }

    /// The keyword arguments as `(name, value)`.
    pub fn kwargs<'h>(&self, heap: &'h Heap) -> impl Iterator<Item = (&'h str, Value)> + 'a
    where
        'h: 'a,
    {
        self.kwnames
            .iter()
            .zip(self.kwvalues())
            .map(move |(&n, &v)| (str_of(heap, n), v))
    }

    /// The keyword argument named `key`, if passed.
    pub fn kw(&self, heap: &Heap, key: &str) -> Option<Value> {
        self.kwnames
            .iter()
            .position(|&n| str_of(heap, n) == key)
            .map(|i| self.kwvalues()[i])
    }

    /// Split off the receiver of a method (the first positional argument).
    pub fn split_self(&self) -> Option<(Value, Args<'a>)> {
        if self.is_empty() {
            return None;
        }
        Some((
            self.values[0],
            Args {
                values: &self.values[1..],
                kwnames: self.kwnames,
            },
        ))
    }

    /// The first `N` positional arguments (the caller has checked the count), missing ones `None`.
    pub fn fixed<const N: usize>(&self) -> [Value; N] {
        let mut out = [Value::None; N];
        for (o, v) in out.iter_mut().zip(self.positional()) {
            *o = *v;
        }
        out
    }

    /// `TypeError: f() takes no keyword arguments` when keywords were passed.
    pub fn no_kwargs(&self, name: &str) -> VmResult<()> {
        if self.has_kwargs() {
            return Err(type_error(format!("{name}() takes no keyword arguments")));
        }
        Ok(())
    }

    /// Check there are no keyword arguments and `min..=max` positional ones, with CPython's
    /// `PyArg_ParseTuple`/METH_O/METH_NOARGS messages: `f() takes no arguments (1 given)`,
    /// `f() takes exactly one argument (2 given)`, `f() takes at most 2 arguments (3 given)`,
    /// `f() takes at least 1 argument (0 given)`, `f() takes exactly 2 arguments (1 given)`.
    pub fn check_count(&self, name: &str, min: usize, max: usize) -> VmResult<()> {
        self.no_kwargs(name)?;
        let n = self.len();
        if n >= min && n <= max {
            return Ok(());
        }
        Err(type_error(takes_message(name, min, max, n)))
    }

    /// Check there are no keyword arguments and `min..=max` positional ones, with CPython's
    /// `_PyArg_CheckPositional` messages: `f expected 2 arguments, got 1`, `f expected at most 3
    /// arguments, got 4`, `f expected at least 1 argument, got 0`.
    pub fn expect_count(&self, name: &str, min: usize, max: usize) -> VmResult<()> {
        self.no_kwargs(name)?;
        let n = self.len();
        if n >= min && n <= max {
            return Ok(());
        }
        Err(type_error(expected_message(name, min, max, n)))
    }

    /// Bind arguments to `params` by position and by name. The first `posonly` parameters are
    /// positional-only; parameters from `kwonly_from` on are keyword-only (`params.len()` for none);
    /// the first `required` must be given. Missing optional parameters are `None`. Errors are
    /// CPython's: `f() takes at most 2 arguments (3 given)`, `f() got an unexpected keyword argument
    /// 'x'`, `argument for f() given by name ('x') and position (1)`, `f() missing required argument
    /// 'x' (pos 1)`.
    pub fn bind<const N: usize>(
        &self,
        heap: &Heap,
        name: &str,
        params: [&str; N],
        posonly: usize,
        kwonly_from: usize,
        required: usize,
    ) -> VmResult<[Option<Value>; N]> {
        let mut out = [None; N];
        let pos = self.positional();
        if pos.len() > kwonly_from {
            return Err(type_error(if kwonly_from == N {
                takes_message(name, required.min(kwonly_from), kwonly_from, pos.len())
            } else {
                format!(
                    "{name}() takes at most {kwonly_from} positional argument{} ({} given)",
                    plural(kwonly_from),
                    pos.len()
                )
            }));
        }
        for (o, v) in out.iter_mut().zip(pos) {
            *o = Some(*v);
        }
        for (key, v) in self.kwargs(heap) {
            match params.iter().position(|p| *p == key) {
                Some(i) if i >= posonly => {
                    if out[i].is_some() {
                        return Err(type_error(format!(
                            "argument for {name}() given by name ('{key}') and position ({})",
                            i + 1
                        )));
                    }
                    out[i] = Some(v);
                }
                _ => {
                    return Err(type_error(format!(
                        "{name}() got an unexpected keyword argument '{key}'"
                    )))
                }
            }
        }
        for (i, o) in out.iter().enumerate().take(required) {
            if o.is_none() {
                return Err(type_error(if i < posonly {
                    takes_message(name, required, kwonly_from.min(N), pos.len())
                } else {
                    format!(
                        "{name}() missing required argument '{}' (pos {})",
                        params[i],
                        i + 1
                    )
                }));
            }
        }
        Ok(out)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `f() takes …` messages (see [`Args::check_count`]).
pub fn takes_message(name: &str, min: usize, max: usize, given: usize) -> String {
    if max == 0 {
        return format!("{name}() takes no arguments ({given} given)");
    }
    if min == max {
        if min == 1 {
            return format!("{name}() takes exactly one argument ({given} given)");
        }
        return format!("{name}() takes exactly {min} arguments ({given} given)");
    }
    if given < min {
        format!(
            "{name}() takes at least {min} argument{} ({given} given)",
            plural(min)
        )
    } else {
        format!(
            "{name}() takes at most {max} argument{} ({given} given)",
            plural(max)
        )
    }
}

/// `f expected …` messages (see [`Args::expect_count`]).
pub fn expected_message(name: &str, min: usize, max: usize, given: usize) -> String {
    if min == max {
        format!("{name} expected {min} argument{}, got {given}", plural(min))
    } else if given < min {
        format!(
            "{name} expected at least {min} argument{}, got {given}",
            plural(min)
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {given}",
            plural(max)
        )
    }
}

/// The text of a str object (`""` for anything else: keyword names are always str).
fn str_of(heap: &Heap, v: Value) -> &str {
    match v {
        Value::Obj(r) => match heap.get(r) {
            Object::Str(s) => s.as_str(),
            _ => "",
        },
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_messages() {
        let vals = [Value::Int(1), Value::Int(2), Value::Int(3)];
        let a = Args::positional_only(&vals);
        assert_eq!(a.len(), 3);
        assert!(a.check_count("f", 1, 3).is_ok());
        let e = a.check_count("f", 0, 2).unwrap_err();
        assert_eq!(e.message(), Some("f() takes at most 2 arguments (3 given)"));
        let e = a.check_count("len", 1, 1).unwrap_err();
        assert_eq!(
            e.message(),
            Some("len() takes exactly one argument (3 given)")
        );
        let e = a.expect_count("getattr", 2, 2).unwrap_err();
        assert_eq!(e.message(), Some("getattr expected 2 arguments, got 3"));
        let e = Args::positional_only(&[]).check_count("f", 0, 0);
        assert!(e.is_ok());
        let e = a.check_count("f", 0, 0).unwrap_err();
        assert_eq!(e.message(), Some("f() takes no arguments (3 given)"));
    }

    #[test]
    fn keywords() {
        let mut vm = Vm::default();
        let k = vm.new_str("key").unwrap();
        let vals = [Value::Int(1), Value::Int(9)];
        let kw = [k];
        let a = Args::new(&vals, &kw);
        assert_eq!(a.positional(), &[Value::Int(1)]);
        assert_eq!(a.kw(&vm.heap, "key"), Some(Value::Int(9)));
        assert_eq!(a.kw(&vm.heap, "reverse"), None);
        let [x, key, rev] = a
            .bind(&vm.heap, "sorted", ["iterable", "key", "reverse"], 1, 1, 1)
            .unwrap();
        assert_eq!(
            (x, key, rev),
            (Some(Value::Int(1)), Some(Value::Int(9)), None)
        );
        let e = a
            .bind(&vm.heap, "f", ["a", "b"], 0, 2, 0)
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            e.message(),
            Some("f() got an unexpected keyword argument 'key'")
        );
        assert_eq!(
            a.check_count("f", 0, 5).unwrap_err().message(),
            Some("f() takes no keyword arguments")
        );
    }
}
