//! `repr()` and `str()` of builtin values that need the heap but not the interpreter.
//!
//! Nested containers are walked with a depth limit: past it, RecursionError "maximum recursion
//! depth exceeded while getting the repr of an object" (CPython's message), so a list nested a
//! million deep cannot overflow the Rust stack. Self-containing containers print `[...]`/`{...}`.

use crate::error::{recursion_error, VmResult};
use crate::heap::Heap;
use crate::numeric::int::Int;
use crate::object::{IterState, Object};
use crate::value::{ObjRef, Value};
use hotpy_lexer::pyrepr::bytes_repr;
use std::fmt::Write;

/// `repr(x)` for a float: Python's shortest round-trip repr (shared with the compiler's `ast`
/// dump, so both print every float as CPython does).
pub use hotpy_lexer::pyrepr::{float_repr, str_repr};

/// The RecursionError message for `repr`.
pub const REPR_RECURSION: &str =
    "maximum recursion depth exceeded while getting the repr of an object";

enum Task {
    Value(Value, usize),
    Text(&'static str),
    Leave,
}

struct Ctx<'h> {
    heap: &'h Heap,
    max_depth: usize,
    active: Vec<ObjRef>,
    out: String,
    tasks: Vec<Task>,
}

/// `repr(v)`; `max_depth` bounds container nesting (see [`VmConfig::max_depth`](crate::VmConfig)).
/// Containers are walked with an explicit task stack, never Rust recursion.
pub fn repr(heap: &Heap, v: Value, max_depth: usize) -> VmResult<String> {
    let mut c = Ctx {
        heap,
        max_depth,
        active: Vec::new(),
        out: String::new(),
        tasks: vec![Task::Value(v, 0)],
    };
    while let Some(t) = c.tasks.pop() {
        match t {
            Task::Value(v, depth) => c.value(v, depth)?,
            Task::Text(s) => c.out.push_str(s),
            Task::Leave => {
                c.active.pop();
            }
        }
    }
    Ok(c.out)
}

/// `str(v)`: the text itself for a str, else `repr(v)` (exceptions: their message).
pub fn str(heap: &Heap, v: Value, max_depth: usize) -> VmResult<String> {
    if let Value::Obj(r) = v {
        match heap.try_get(r)? {
            Object::Str(s) => return Ok(s.as_str().to_string()),
            Object::Exception(e) => {
                if let Value::Obj(a) = e.args {
                    if let Object::Tuple(items) = heap.try_get(a)? {
                        return match items.len() {
                            0 => Ok(String::new()),
                            1 => str(heap, items[0], max_depth),
                            _ => repr(heap, e.args, max_depth),
                        };
                    }
                }
                return Ok(String::new());
            }
            _ => {}
        }
    }
    repr(heap, v, max_depth)
}

impl Ctx<'_> {
    /// Schedule `items` separated by ", " (tasks run in reverse push order).
    fn seq(&mut self, items: &[Value], depth: usize) {
        for (i, &v) in items.iter().enumerate().rev() {
            self.tasks.push(Task::Value(v, depth));
            if i > 0 {
                self.tasks.push(Task::Text(", "));
            }
        }
    }

    fn value(&mut self, v: Value, depth: usize) -> VmResult<()> {
        match v {
            Value::None => self.out.push_str("None"),
            Value::Bool(true) => self.out.push_str("True"),
            Value::Bool(false) => self.out.push_str("False"),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Float(x) => self.out.push_str(&float_repr(x)),
            Value::Obj(r) => self.object(r, depth)?,
        }
        Ok(())
    }

    fn object(&mut self, r: ObjRef, depth: usize) -> VmResult<()> {
        let heap = self.heap;
        let obj = heap.try_get(r)?;
        let container = matches!(
            obj,
            Object::List(_)
                | Object::Tuple(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::FrozenSet(_)
                | Object::Exception(_)
                | Object::Range(_)
                | Object::Slice(_)
                | Object::DictView(_)
        );
        if container {
            if depth >= self.max_depth {
                return Err(recursion_error(REPR_RECURSION));
            }
            if self.active.contains(&r) {
                self.out.push_str(match obj {
                    Object::Dict(_) => "{...}",
                    Object::List(_) => "[...]",
                    _ => "...",
                });
                return Ok(());
            }
            self.active.push(r);
            self.tasks.push(Task::Leave);
        }
        let d = depth + 1;
        match obj {
            Object::Str(s) => self.out.push_str(&str_repr(s.as_str())),
            Object::BigInt(b) => self.out.push_str(&Int::Big(b.clone()).to_decimal()?),
            Object::Bytes(b) => self.out.push_str(&bytes_repr(b)),
            Object::ByteArray(b) => {
                let _ = write!(self.out, "bytearray({})", bytes_repr(b));
            }
            Object::List(items) => {
                self.out.push('[');
                self.tasks.push(Task::Text("]"));
                self.seq(items, d);
            }
            Object::Tuple(items) => {
                self.out.push('(');
                self.tasks
                    .push(Task::Text(if items.len() == 1 { ",)" } else { ")" }));
                self.seq(items, d);
            }
            Object::Dict(dict) => {
                self.out.push('{');
                self.tasks.push(Task::Text("}"));
                // The tasks run last-pushed first: push in order, then reverse them.
                let start = self.tasks.len();
                for (i, (k, &v)) in dict.iter().enumerate() {
                    if i > 0 {
                        self.tasks.push(Task::Text(", "));
                    }
                    self.tasks.push(Task::Value(k, d));
                    self.tasks.push(Task::Text(": "));
                    self.tasks.push(Task::Value(v, d));
                }
                self.tasks[start..].reverse();
            }
            Object::Set(s) | Object::FrozenSet(s) => {
                let frozen = matches!(obj, Object::FrozenSet(_));
                if s.is_empty() {
                    self.out
                        .push_str(if frozen { "frozenset()" } else { "set()" });
                } else {
                    self.out.push_str(if frozen { "frozenset({" } else { "{" });
                    self.tasks.push(Task::Text(if frozen { "})" } else { "}" }));
                    let keys: Vec<Value> = s.iter().map(|(k, _)| k).collect();
                    self.seq(&keys, d);
                }
            }
            Object::Range(rg) => {
                self.out.push_str("range(");
                self.tasks.push(Task::Text(")"));
                if rg.step == Value::Int(1) {
                    self.seq(&[rg.start, rg.stop], d);
                } else {
                    self.seq(&[rg.start, rg.stop, rg.step], d);
                }
            }
            Object::Ellipsis => self.out.push_str("Ellipsis"),
            Object::File(f) => {
                let name = repr(heap, f.name, self.max_depth)?;
                self.out.push_str(&f.repr(&name));
            }
            Object::DictView(w) => {
                use crate::types::dictview::ViewKind;
                self.out.push_str(w.kind.type_name());
                self.out.push_str("([");
                self.tasks.push(Task::Text("])"));
                let pairs: Vec<(Value, Value)> = match heap.try_get(w.dict)? {
                    Object::Dict(dict) => dict.iter().map(|(k, v)| (k, *v)).collect(),
                    _ => Vec::new(),
                };
                for (i, &(k, v)) in pairs.iter().enumerate().rev() {
                    match w.kind {
                        ViewKind::Keys => self.tasks.push(Task::Value(k, d)),
                        ViewKind::Values => self.tasks.push(Task::Value(v, d)),
                        ViewKind::Items => {
                            self.tasks.push(Task::Text(")"));
                            self.tasks.push(Task::Value(v, d + 1));
                            self.tasks.push(Task::Text(", "));
                            self.tasks.push(Task::Value(k, d + 1));
                            self.tasks.push(Task::Text("("));
                        }
                    }
                    if i > 0 {
                        self.tasks.push(Task::Text(", "));
                    }
                }
            }
            Object::Slice(s) => {
                self.out.push_str("slice(");
                self.tasks.push(Task::Text(")"));
                self.seq(&[s.start, s.stop, s.step], d);
            }
            Object::Exception(e) => {
                self.out.push_str(e.kind.name());
                self.out.push('(');
                self.tasks.push(Task::Text(")"));
                if let Value::Obj(a) = e.args {
                    if let Object::Tuple(items) = heap.try_get(a)? {
                        self.seq(items, d);
                    }
                }
            }
            Object::Function(f) => {
                let name = match f.qualname {
                    Value::Obj(q) => match heap.try_get(q)? {
                        Object::Str(s) => s.as_str().to_string(),
                        _ => "?".into(),
                    },
                    _ => "?".into(),
                };
                let _ = write!(self.out, "<function {name} at {:#x}>", r.id());
            }
            Object::NativeFunction(f) => {
                let _ = write!(self.out, "<built-in function {}>", f.name);
            }
            Object::Module(m) => {
                let name = match m.name {
                    Value::Obj(q) => match heap.try_get(q)? {
                        Object::Str(s) => str_repr(s.as_str()),
                        _ => "?".into(),
                    },
                    _ => "?".into(),
                };
                let _ = write!(self.out, "<module {name}>");
            }
            Object::Cell(_) => {
                let _ = write!(self.out, "<cell at {:#x}>", r.id());
            }
            Object::BoundMethod(_) => {
                let _ = write!(self.out, "<bound method at {:#x}>", r.id());
            }
            Object::Iterator(it) => {
                let kind = match it {
                    IterState::Seq { seq, .. } => match heap.try_get(*seq)? {
                        Object::List(_) => "list_iterator",
                        Object::Tuple(_) => "tuple_iterator",
                        Object::Str(_) => "str_ascii_iterator",
                        Object::Bytes(_) => "bytes_iterator",
                        _ => "iterator",
                    },
                    _ => obj.type_name(),
                };
                let _ = write!(self.out, "<{kind} object at {:#x}>", r.id());
            }
            Object::Type(t) => {
                let _ = write!(self.out, "<class '{}'>", t.name());
            }
            Object::NotImplemented => self.out.push_str("NotImplemented"),
            // The foundations cannot call `__repr__`: the interpreter's printer handles
            // instances; here they print generically.
            Object::Code(_)
            | Object::Traceback(_)
            | Object::Generator(_)
            | Object::Class(_)
            | Object::Instance(_)
            | Object::Property(_)
            | Object::StaticMethod(_)
            | Object::ClassMethod(_)
            | Object::Super(_)
            | Object::Member(_)
            | Object::GenericAlias(_) => {
                let _ = write!(self.out, "<{} object at {:#x}>", obj.type_name(), r.id());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    // expected strings printed by python3 3.11
    #[rstest]
    #[case(0.0, "0.0")]
    #[case(-0.0, "-0.0")]
    #[case(1e16, "1e+16")]
    #[case(1e15, "1000000000000000.0")]
    #[case(0.0001, "0.0001")]
    #[case(0.00001, "1e-05")]
    #[case(9007199254740992.0 * 0.1, "900719925474099.2")]
    #[case(5e-324, "5e-324")]
    #[case(1.7976931348623157e308, "1.7976931348623157e+308")]
    #[case(f64::NEG_INFINITY, "-inf")]
    #[case(f64::NAN, "nan")]
    #[case(2.0 / 3.0, "0.6666666666666666")]
    #[case(123456789012345680.0, "1.2345678901234568e+17")]
    #[case(0.1 + 0.2, "0.30000000000000004")]
    fn float_reprs(#[case] x: f64, #[case] want: &str) {
        assert_eq!(float_repr(x), want);
    }
}
