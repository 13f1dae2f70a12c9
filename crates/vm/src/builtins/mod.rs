//! The `builtins` module's core: builtin functions, builtin type objects and their constructors,
//! the builtin exception classes.
//!
//! Every function here is a native with the [`crate::native`] calling convention. `init` fills
//! a VM's builtins namespace once (on first use): one `builtin_function_or_method` object per
//! function, one type object per builtin type and exception class.

mod convert;
mod iters;

pub(crate) use convert::{ascii_of, format_value};
pub(crate) use iters::{iter_next_ext, iter_next_zip_map};

use crate::error::{type_error, value_error, ExcKind, VmError, VmResult};
use crate::interp::format;
use crate::interp::ops::{self, Num};
use crate::native::{Args, NativeFnPtr};
use crate::object::{IterState, NativeFunction, NativeImpl, Object, Range, Slice};
use crate::types::{type_name, BuiltinType, TypeObject};
use crate::value::Value;
use crate::{PyDict, Vm};
use hotpy_compiler::bytecode::BinaryOperator;

/// The builtin functions: name and implementation.
pub static FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("print", print),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("abs", abs),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("iter", iter),
    ("open", crate::types::file::open),
    ("next", next),
    ("sorted", sorted),
    ("hash", hash),
    ("id", id),
    ("ord", ord),
    ("chr", chr),
    ("hex", hex),
    ("oct", oct),
    ("bin", bin),
    ("round", convert::round),
    ("divmod", divmod),
    ("pow", pow),
    ("any", any),
    ("all", all),
    ("callable", callable),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("delattr", delattr),
    ("globals", globals),
    ("locals", locals),
    ("exec", exec),
    ("eval", eval),
    ("input", input),
    ("exit", exit),
    ("quit", exit),
    ("format", format_builtin),
    ("__import__", crate::interp::import::builtin_import),
    ("__build_class__", crate::class::create::build_class),
    ("dir", dir),
    ("vars", vars),
    ("compile", compile_builtin),
];

/// Builtin types visible as builtins names.
const TYPE_NAMES: &[BuiltinType] = &[
    BuiltinType::Int,
    BuiltinType::Float,
    BuiltinType::Str,
    BuiltinType::Bool,
    BuiltinType::List,
    BuiltinType::Tuple,
    BuiltinType::Dict,
    BuiltinType::Set,
    BuiltinType::FrozenSet,
    BuiltinType::Range,
    BuiltinType::Slice,
    BuiltinType::Type,
    BuiltinType::Bytes,
    BuiltinType::ByteArray,
    BuiltinType::Object,
    BuiltinType::Property,
    BuiltinType::StaticMethod,
    BuiltinType::ClassMethod,
    BuiltinType::Super,
];

/// Iterator constructors exposed as builtins (`enumerate`, `zip`, …) are natives too.
const ITER_FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("enumerate", iters::enumerate),
    ("zip", iters::zip),
    ("map", iters::map),
    ("filter", iters::filter),
    ("reversed", iters::reversed),
];

fn native(vm: &mut Vm, name: &str, f: NativeFnPtr) -> VmResult<Value> {
    Ok(Value::Obj(vm.heap.alloc(Object::NativeFunction(
        Box::new(NativeFunction {
            name: name.into(),
            imp: NativeImpl::Fn(f),
            receiver: None,
        }),
    ))?))
}

/// Fill the VM's builtins namespace, type objects and exception classes.
pub(crate) fn init(vm: &mut Vm) {
    let result = (|| -> VmResult<()> {
        let d = vm.heap.alloc(Object::Dict(PyDict::new()))?;
        vm.rt.builtins = Some(d);
        for &ty in BuiltinType::ALL {
            let t = vm.heap.alloc(Object::Type(TypeObject::Builtin(ty)))?;
            vm.rt.types.push(Value::Obj(t));
        }
        for &k in ExcKind::ALL {
            let t = vm.heap.alloc(Object::Type(TypeObject::Exception(k)))?;
            vm.rt.exc_types.push(Value::Obj(t));
        }
        let set = |vm: &mut Vm, name: &str, v: Value| -> VmResult<()> {
            let k = vm.new_str(name)?;
            ops::dict_set(vm, d, k, v)
        };
        let ni = vm.heap.alloc(Object::NotImplemented)?;
        vm.rt.not_implemented = Value::Obj(ni);
        set(vm, "NotImplemented", Value::Obj(ni))?;
        let el = vm.heap.alloc(Object::Ellipsis)?;
        vm.rt.ellipsis = Value::Obj(el);
        set(vm, "Ellipsis", Value::Obj(el))?;
        for &(name, f) in FUNCTIONS.iter().chain(ITER_FUNCTIONS) {
            let v = native(vm, name, f)?;
            set(vm, name, v)?;
        }
        for &ty in TYPE_NAMES {
            let v = vm.rt.types[ty as usize];
            set(vm, ty.name(), v)?;
        }
        for (i, &k) in ExcKind::ALL.iter().enumerate() {
            let v = vm.rt.exc_types[i];
            set(vm, k.name(), v)?;
        }
        set(
            vm,
            "EnvironmentError",
            vm.rt.exc_types[index_of_kind(ExcKind::OSError)],
        )?;
        set(
            vm,
            "IOError",
            vm.rt.exc_types[index_of_kind(ExcKind::OSError)],
        )?;
        let name = vm.new_str("builtins")?;
        set(vm, "__name__", name)?;
        Ok(())
    })();
    if result.is_err() {
        // Only the heap limit can fail here; leave a usable (if empty) namespace.
        if vm.rt.builtins.is_none() {
            vm.rt.builtins = vm.heap.alloc(Object::Dict(PyDict::new())).ok();
        }
    }
}

fn index_of_kind(k: ExcKind) -> usize {
    ExcKind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

fn one(args: &Args<'_>, name: &str) -> VmResult<Value> {
    args.check_count(name, 1, 1)?;
    Ok(args.positional()[0])
}

fn str_arg(vm: &Vm, v: Value, what: &str) -> VmResult<String> {
    match ops::as_str(&vm.heap, v) {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(type_error(format!(
            "{what} must be str, not {}",
            type_name(&vm.heap, v)
        ))),
    }
}

// ── output ─────────────────────────────────────────────────────────────────────────────────────

fn print(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut flush = false;
    let mut to_stderr = false;
    let mut file: Option<Value> = None;
    let mut file_target = None;
    let kwargs: Vec<(String, Value)> = args
        .kwargs(&vm.heap)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for (k, v) in kwargs {
        match k.as_str() {
            "sep" | "end" => {
                let s = if v.is_none() {
                    if k == "sep" { " " } else { "\n" }.to_string()
                } else {
                    match ops::as_str(&vm.heap, v) {
                        Some(s) => s.as_str().to_string(),
                        None => {
                            return Err(type_error(format!(
                                "{k} must be None or a string, not {}",
                                type_name(&vm.heap, v)
                            )))
                        }
                    }
                };
                if k == "sep" {
                    sep = s;
                } else {
                    end = s;
                }
            }
            "flush" => flush = ops::truthy(&vm.heap, v),
            "file" => {
                if v.is_none() {
                    continue;
                }
                let target = match v.as_obj().map(|r| vm.heap.get(r)) {
                    Some(Object::File(_)) => 1,
                    Some(Object::Module(_)) | Some(Object::Str(_)) => 2,
                    _ => 0,
                };
                match target {
                    1 => file_target = Some(v),
                    2 => {
                        let s = format::to_str(vm, v)?;
                        to_stderr = s.contains("stderr");
                    }
                    // Any other object: its `write` method gets the text.
                    _ => file = Some(v),
                }
            }
            _ => {
                return Err(type_error(format!(
                    "'{k}' is an invalid keyword argument for print()"
                )))
            }
        }
    }
    if file.is_none() && !to_stderr {
        file = crate::import::redirected_stdout(vm)?;
    }
    let mut out = String::new();
    for (i, &v) in args.positional().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&format::to_str(vm, v)?);
    }
    out.push_str(&end);
    if let Some(f) = file_target {
        crate::types::file::write_text(vm, f, &out)?;
        return Ok(Value::None);
    }
    if let Some(f) = file {
        // `f` may come from `sys.stdout`, which `write` could rebind: keep it alive.
        vm.push_temp_root(f);
        let r = (|| {
            let w = vm.get_attr_str(f, "write")?;
            vm.push_temp_root(w);
            let text = vm.new_str(out);
            let r = text.and_then(|t| vm.call(w, &[t]));
            vm.pop_temp_root();
            r?;
            if flush {
                if let Some(fl) = vm.get_attr_opt(f, "flush")? {
                    vm.call(fl, &[])?;
                }
            }
            Ok(())
        })();
        vm.pop_temp_root();
        r?;
    } else if to_stderr {
        vm.flush_stdout();
        eprint!("{out}");
    } else {
        vm.write_stdout(&out);
        if flush {
            vm.flush_stdout();
        }
    }
    Ok(Value::None)
}

fn input(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("input", 0, 1)?;
    if let Some(p) = args.get(0) {
        let s = format::to_str(vm, p)?;
        vm.write_stdout(&s);
    }
    vm.flush_stdout();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => Err(VmError::new(ExcKind::EOFError, "EOF when reading a line")),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            vm.new_str(line)
        }
    }
}

fn exit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("exit", 0, 1)?;
    let code: Vec<Value> = args.positional().to_vec();
    Err(vm.new_exception(ExcKind::SystemExit, &code)?)
}

// ── simple functions ───────────────────────────────────────────────────────────────────────────

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "len")?;
    // A C ssize_t: a range longer than `i64::MAX` is an OverflowError, never a wrapped length.
    let n = i64::try_from(ops::len_vm(vm, v)?).map_err(|_| {
        crate::error::overflow_error("Python int too large to convert to C ssize_t")
    })?;
    Ok(Value::Int(n))
}

fn repr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "repr")?;
    let s = format::repr(vm, v)?;
    vm.new_str(s)
}

fn ascii(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "ascii")?;
    let s = format::repr(vm, v)?;
    vm.new_str(ascii_of(&s))
}

fn format_builtin(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("format", 1, 2)?;
    let spec = match args.get(1) {
        Some(s) => str_arg(vm, s, "format() argument 2")?,
        None => String::new(),
    };
    let s = format_value(vm, args.positional()[0], &spec)?;
    vm.new_str(s)
}

fn hash(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "hash")?;
    Ok(Value::Int(ops::hash_vm(vm, v)?))
}

fn id(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "id")?;
    let _ = vm;
    Ok(Value::Int(match v {
        Value::Obj(r) => 0x7f00_0000_0000 + (r.id() as i64) * 16,
        Value::None => 0x5f_0000,
        Value::Bool(b) => 0x5f_1000 + i64::from(b) * 16,
        Value::Int(i) => 0x6000_0000_0000 + i.wrapping_mul(32),
        Value::Float(f) => 0x6800_0000_0000 + (f.to_bits() as i64 & 0xFFFF_FFFF) * 16,
    }))
}

pub(crate) fn callable(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "callable")?;
    if crate::class::is_user_object(vm, v) {
        return crate::class::dunder::callable(vm, v).map(Value::Bool);
    }
    Ok(Value::Bool(matches!(
        v.as_obj().map(|r| vm.heap.get(r)),
        Some(
            Object::Function(_)
                | Object::NativeFunction(_)
                | Object::BoundMethod(_)
                | Object::Type(_)
                | Object::Class(_)
                | Object::StaticMethod(_)
        )
    )))
}

fn ord(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "ord")?;
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Str(s)) => {
            if s.char_len() == 1 {
                Ok(Value::Int(i64::from(
                    s.as_str().chars().next().unwrap_or('\0') as u32,
                )))
            } else {
                Err(type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )))
            }
        }
        Some(Object::Bytes(b)) if b.len() == 1 => Ok(Value::Int(i64::from(b[0]))),
        _ => Err(type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name(&vm.heap, v)
        ))),
    }
}

fn chr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "chr")?;
    let i = match ops::index_of(&vm.heap, v) {
        Some(Ok(i)) => i,
        Some(Err(())) => {
            return Err(crate::error::overflow_error(
                "Python int too large to convert to C int",
            ))
        }
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&vm.heap, v)
            )))
        }
    };
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => vm.new_str(c.to_string()),
        None if (0..0x110000).contains(&i) => Err(VmError::new(
            ExcKind::NotImplementedError,
            "hotpy does not support lone surrogates in str yet",
        )),
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn radix(vm: &mut Vm, args: Args<'_>, name: &str, prefix: &str, base: u32) -> VmResult<Value> {
    if let Some(v) = args.get(0) {
        if crate::class::is_user_object(vm, v) {
            if let Some(i) = crate::class::dunder::index(vm, v)? {
                return radix(vm, Args::new(&[i], &[]), name, prefix, base);
            }
        }
    }
    let radix = base;
    let v = one(&args, name)?;
    let Some(b) = ops::int_of(&vm.heap, v) else {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(&vm.heap, v)
        )));
    };
    let digits = b.magnitude().to_str_radix(radix);
    let sign = if b.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    vm.new_str(format!("{sign}{prefix}{digits}"))
}

fn hex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    radix(vm, args, "hex", "0x", 16)
}

fn oct(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    radix(vm, args, "oct", "0o", 8)
}

fn bin(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    radix(vm, args, "bin", "0b", 2)
}

fn abs(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let mut v = one(&args, "abs")?;
    if crate::class::is_user_object(vm, v) {
        match crate::class::dunder::convert(vm, v, &["__abs__"], &[])? {
            Ok(Some(r)) => return Ok(r),
            Ok(None) => {}
            Err(p) => v = p,
        }
    }
    match ops::num(&vm.heap, v) {
        Some(Num::I(i)) => match i.checked_abs() {
            Some(a) => Ok(Value::Int(a)),
            None => ops::big(
                &mut vm.heap,
                num_bigint::BigInt::from(i).magnitude().clone().into(),
            ),
        },
        Some(Num::B(b)) => ops::big(&mut vm.heap, b.magnitude().clone().into()),
        Some(Num::F(f)) => Ok(Value::Float(f.abs())),
        None => Err(type_error(format!(
            "bad operand type for abs(): '{}'",
            type_name(&vm.heap, v)
        ))),
    }
}

fn divmod(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("divmod", 2, 2)?;
    let [mut a, mut b] = args.fixed::<2>();
    if crate::class::is_user_object(vm, a) || crate::class::is_user_object(vm, b) {
        let ni = vm.rt.not_implemented;
        if let Some(r) = crate::class::dunder::try_call(vm, a, "__divmod__", &[b])? {
            if !r.is(ni) {
                return Ok(r);
            }
        }
        if let Some(r) = crate::class::dunder::try_call(vm, b, "__rdivmod__", &[a])? {
            if !r.is(ni) {
                return Ok(r);
            }
        }
        a = crate::class::instantiate::payload_of(vm, a);
        b = crate::class::instantiate::payload_of(vm, b);
    }
    if ops::num(&vm.heap, a).is_none() || ops::num(&vm.heap, b).is_none() {
        return Err(type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            type_name(&vm.heap, a),
            type_name(&vm.heap, b)
        )));
    }
    let q = ops::binary_op(vm, BinaryOperator::FloorDivide, a, b)?;
    let r = ops::binary_op(vm, BinaryOperator::Remainder, a, b)?;
    vm.new_tuple(vec![q, r])
}

fn pow(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [base, exp, modulus] = args.bind(&vm.heap, "pow", ["base", "exp", "mod"], 0, 3, 2)?;
    let (base, exp) = (base.unwrap_or(Value::None), exp.unwrap_or(Value::None));
    match modulus {
        None | Some(Value::None) => ops::binary_op(vm, BinaryOperator::Power, base, exp),
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (
                ops::int_of(&vm.heap, base),
                ops::int_of(&vm.heap, exp),
                ops::int_of(&vm.heap, m),
            ) else {
                return Err(type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            };
            use num_traits::{Signed, Zero};
            if m.is_zero() {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            let (b, e) = if e.is_negative() {
                match mod_inverse(&b, &m) {
                    Some(inv) => (inv, -e),
                    None => {
                        return Err(value_error("base is not invertible for the given modulus"))
                    }
                }
            } else {
                (b, e)
            };
            let r = b.modpow(&e, &m);
            // Python's result takes the sign of the modulus.
            let r = if !r.is_zero() && (r.is_negative() != m.is_negative()) {
                r + &m
            } else {
                r
            };
            ops::big(&mut vm.heap, r)
        }
    }
}

/// The inverse of `a` modulo `m` (extended Euclid), if it exists.
fn mod_inverse(a: &num_bigint::BigInt, m: &num_bigint::BigInt) -> Option<num_bigint::BigInt> {
    use num_traits::{One, Signed, Zero};
    let m_abs = m.abs();
    let (mut old_r, mut r) = (((a % &m_abs) + &m_abs) % &m_abs, m_abs.clone());
    let (mut old_s, mut s) = (num_bigint::BigInt::one(), num_bigint::BigInt::zero());
    while !r.is_zero() {
        let q = &old_r / &r;
        let nr = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, nr);
        let ns = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, ns);
    }
    if !old_r.is_one() {
        return None;
    }
    Some(((old_s % &m_abs) + &m_abs) % &m_abs)
}

fn any(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "any")?;
    let it = ops::get_iter(vm, v)?;
    vm.push_temp_root(it);
    let r = (|| {
        while let Some(x) = ops::iter_next(vm, it)? {
            if ops::truthy_vm(vm, x)? {
                return Ok(true);
            }
        }
        Ok(false)
    })();
    vm.pop_temp_root();
    r.map(Value::Bool)
}

fn all(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = one(&args, "all")?;
    let it = ops::get_iter(vm, v)?;
    vm.push_temp_root(it);
    let r = (|| {
        while let Some(x) = ops::iter_next(vm, it)? {
            if !ops::truthy_vm(vm, x)? {
                return Ok(false);
            }
        }
        Ok(true)
    })();
    vm.pop_temp_root();
    r.map(Value::Bool)
}

fn sum(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [iterable, start] = args.bind(&vm.heap, "sum", ["iterable", "start"], 1, 2, 1)?;
    let mut acc = start.unwrap_or(Value::Int(0));
    if ops::as_str(&vm.heap, acc).is_some() {
        return Err(type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let it = ops::get_iter(vm, iterable.unwrap_or(Value::None))?;
    // `iter_next` and `+` may run Python: the iterator and the running total (a big int, a
    // list…) stay rooted at `[it, acc]` from `mark`; every exit truncates back to `mark`.
    let mark = vm.rt.temp_roots.len();
    vm.push_temp_root(it);
    vm.push_temp_root(acc);
    let r = (|| {
        while let Some(x) = ops::iter_next(vm, it)? {
            acc = match (acc, x) {
                (Value::Int(a), Value::Int(b)) if a.checked_add(b).is_some() => Value::Int(a + b),
                (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
                _ => {
                    vm.rt.temp_roots.truncate(mark + 2);
                    vm.push_temp_root(x);
                    let r = ops::binary_op(vm, BinaryOperator::Add, acc, x);
                    vm.rt.temp_roots.truncate(mark + 2);
                    r?
                }
            };
            vm.rt.temp_roots[mark + 1] = acc;
        }
        Ok(acc)
    })();
    vm.rt.temp_roots.truncate(mark);
    r
}

/// `min`/`max`: one iterable or several arguments, `key=`, `default=`.
fn min_max(vm: &mut Vm, args: Args<'_>, name: &str, want_greater: bool) -> VmResult<Value> {
    let key = args.kw(&vm.heap, "key").filter(|k| !k.is_none());
    let default = args.kw(&vm.heap, "default");
    for (k, _) in args.kwargs(&vm.heap) {
        if k != "key" && k != "default" {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for {name}()"
            )));
        }
    }
    let pos = args.positional();
    let items: Vec<Value> = match pos.len() {
        0 => {
            return Err(type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => ops::collect_iterable(vm, pos[0])?,
        _ => {
            if default.is_some() {
                return Err(type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            pos.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(value_error(format!("{name}() arg is an empty sequence"))),
        };
    }
    let holder = vm.new_list(items.clone())?;
    vm.push_temp_root(holder);
    let r = (|| {
        let keys: Vec<Value> = match key {
            Some(k) => {
                let mut ks = Vec::with_capacity(items.len());
                let kl = vm.new_list(Vec::new())?;
                vm.push_temp_root(kl);
                for &x in &items {
                    let kv = vm.call(k, &[x]);
                    let kv = match kv {
                        Ok(v) => v,
                        Err(e) => {
                            vm.pop_temp_root();
                            return Err(e);
                        }
                    };
                    if let Object::List(l) = vm.heap.get_mut(kl.as_obj().expect("list")) {
                        l.push(kv);
                    }
                    ks.push(kv);
                }
                // `kl` stays rooted (popped below) while the keys are compared.
                ks
            }
            None => {
                vm.push_temp_root(Value::None);
                items.clone()
            }
        };
        let mut best = 0;
        let mut out = Ok(());
        for i in 1..items.len() {
            let better = if want_greater {
                crate::types::util::lt(vm, keys[best], keys[i])
            } else {
                crate::types::util::lt(vm, keys[i], keys[best])
            };
            match better {
                Ok(true) => best = i,
                Ok(false) => {}
                Err(e) => {
                    out = Err(e);
                    break;
                }
            }
        }
        vm.pop_temp_root();
        out.map(|()| items[best])
    })();
    vm.pop_temp_root();
    r
}

fn min(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    min_max(vm, args, "min", false)
}

fn max(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    min_max(vm, args, "max", true)
}

/// Sort `items` in place (stable), by `key` values when given, reversed when asked: `list.sort`'s
/// algorithm (the caller keeps the items rooted).
pub(crate) fn sort_values(
    vm: &mut Vm,
    items: &mut [Value],
    key: Option<Value>,
    reverse: bool,
) -> VmResult<()> {
    crate::types::list::sort_values(vm, items, key, reverse)
}

fn sorted(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    for (k, _) in args.kwargs(&vm.heap) {
        if k != "key" && k != "reverse" {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for sort()"
            )));
        }
    }
    let [iterable, key, reverse] =
        args.bind(&vm.heap, "sorted", ["iterable", "key", "reverse"], 1, 1, 1)?;
    let items = ops::collect_iterable(vm, iterable.unwrap_or(Value::None))?;
    let list = vm.new_list(items)?;
    vm.push_temp_root(list);
    let r = (|| {
        let mut items = match vm.heap.get(list.as_obj().expect("list")) {
            Object::List(l) => l.clone(),
            _ => vec![],
        };
        let key = key.filter(|k| !k.is_none());
        let rev = match reverse {
            Some(r) => ops::truthy_vm(vm, r)?,
            None => false,
        };
        sort_values(vm, &mut items, key, rev)?;
        if let Object::List(l) = vm.heap.get_mut(list.as_obj().expect("list")) {
            *l = items;
        }
        Ok(list)
    })();
    vm.pop_temp_root();
    r
}

fn iter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    if args.len() == 2 {
        return iters::call_iter(vm, args);
    }
    args.expect_count("iter", 1, 2)?;
    ops::get_iter(vm, args.positional()[0])
}

fn next(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("next", 1, 2)?;
    let it = args.positional()[0];
    if crate::class::is_user_object(vm, it) {
        return match crate::class::dunder::next(vm, it)? {
            Some(v) => Ok(v),
            None => match args.get(1) {
                Some(d) => Ok(d),
                None => Err(VmError::new(ExcKind::StopIteration, "")),
            },
        };
    }
    if let Some(g) = it.as_obj() {
        if let Object::Generator(_) = vm.heap.get(g) {
            return match crate::interp::gen::resume(vm, g, Value::None, None)? {
                crate::interp::gen::GenResult::Yielded(v) => Ok(v),
                crate::interp::gen::GenResult::Returned(v) => match args.get(1) {
                    Some(d) => Ok(d),
                    None => Err(crate::interp::gen::stop_iteration(vm, v)),
                },
            };
        }
    }
    if !matches!(
        it.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::Iterator(_))
    ) {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            type_name(&vm.heap, it)
        )));
    }
    match ops::iter_next(vm, it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d),
            None => Err(VmError::new(ExcKind::StopIteration, "")),
        },
    }
}

// ── types and attributes ───────────────────────────────────────────────────────────────────────

fn class_check(
    vm: &mut Vm,
    args: Args<'_>,
    name: &str,
    test: &dyn Fn(&mut Vm, Value) -> VmResult<bool>,
) -> VmResult<Value> {
    args.expect_count(name, 2, 2)?;
    let cls = args.positional()[1];
    let mut todo = vec![(cls, 0)];
    while let Some((c, depth)) = todo.pop() {
        match c.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Type(_) | Object::Class(_)) => {
                if test(vm, c)? {
                    return Ok(Value::Bool(true));
                }
            }
            Some(Object::Tuple(items)) if depth < 100 => {
                for &i in items.iter().rev() {
                    todo.push((i, depth + 1));
                }
            }
            Some(Object::GenericAlias(_)) => {
                if let Some(members) = crate::class::alias::check_members(vm, c, name)? {
                    for &i in members.iter().rev() {
                        todo.push((i, depth + 1));
                    }
                }
            }
            _ => {
                return Err(type_error(format!(
                    "{name}() arg 2 must be a type, a tuple of types, or a union"
                )))
            }
        }
    }
    Ok(Value::Bool(false))
}

/// `__instancecheck__`/`__subclasscheck__` of a user metaclass, if `t`'s metaclass defines it.
fn meta_check(vm: &mut Vm, t: Value, hook: &'static str, v: Value) -> VmResult<Option<bool>> {
    let meta = match t.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(c)) => c.meta,
        _ => return Ok(None),
    };
    let Some(m) = meta.as_obj() else {
        return Ok(None);
    };
    match crate::class::lookup::user_lookup_str(vm, m, hook)? {
        Some(f) => {
            let r = vm.call(f, &[t, v])?;
            ops::truthy_vm(vm, r).map(Some)
        }
        None => Ok(None),
    }
}

fn isinstance(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = args.get(0).unwrap_or(Value::None);
    class_check(vm, args, "isinstance", &|vm, t| {
        if let Some(r) = meta_check(vm, t, "__instancecheck__", v)? {
            return Ok(r);
        }
        Ok(crate::class::is_instance(vm, v, t))
    })
}

fn issubclass(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = args.get(0).unwrap_or(Value::None);
    if !crate::class::is_type(vm, v) {
        return Err(type_error("issubclass() arg 1 must be a class"));
    }
    class_check(vm, args, "issubclass", &|vm, t| {
        if let Some(r) = meta_check(vm, t, "__subclasscheck__", v)? {
            return Ok(r);
        }
        Ok(crate::class::is_subtype(vm, v, t))
    })
}

fn dir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("dir", 0, 1)?;
    let Some(v) = args.get(0) else {
        return locals(vm, Args::new(&[], &[])).and_then(|d| {
            let mut keys: Vec<Value> = match d.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::Dict(t)) => t.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            };
            let heap = &vm.heap;
            keys.sort_by(|a, b| {
                let a = ops::as_str(heap, *a).map(|s| s.as_str()).unwrap_or("");
                let b = ops::as_str(heap, *b).map(|s| s.as_str()).unwrap_or("");
                a.cmp(b)
            });
            vm.new_list(keys)
        });
    };
    if let Some(f) = crate::class::dunder::special(vm, v, "__dir__")? {
        let r = crate::class::dunder::call_special(vm, f, v, &[])?;
        let mut items = ops::collect_iterable(vm, r)?;
        crate::types::list::sort_values(vm, &mut items, None, false)?;
        return vm.new_list(items);
    }
    let mut names = crate::class::natives::dir_names(vm, v)?;
    // Builtin values list their type's methods.
    if !crate::class::is_user_object(vm, v) && !crate::class::is_type(vm, v) {
        let ty = BuiltinType::of(&vm.heap, v);
        let mut extra: Vec<&'static str> = crate::types::method_defs(ty)
            .iter()
            .map(|d| d.name)
            .collect();
        extra.sort_unstable();
        for n in extra {
            let s = vm.new_str(n)?;
            names.push(s);
        }
        let heap = &vm.heap;
        names.sort_by(|a, b| {
            let a = ops::as_str(heap, *a).map(|s| s.as_str()).unwrap_or("");
            let b = ops::as_str(heap, *b).map(|s| s.as_str()).unwrap_or("");
            a.cmp(b)
        });
    }
    vm.new_list(names)
}

fn vars(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("vars", 0, 1)?;
    let Some(v) = args.get(0) else {
        return locals(vm, Args::new(&[], &[]));
    };
    let key = crate::class::static_str(vm, "__dict__")?;
    let id = vm.interner.intern("__dict__");
    crate::interp::attrs::get_attr(vm, v, key, id)
        .map_err(|_| type_error("vars() argument must have __dict__ attribute"))
}

fn attr_name(vm: &mut Vm, v: Value) -> VmResult<(Value, crate::Name)> {
    let s = match ops::as_str(&vm.heap, v) {
        Some(s) => s.as_str().to_string(),
        None => {
            return Err(type_error(format!(
                "attribute name must be string, not '{}'",
                type_name(&vm.heap, v)
            )))
        }
    };
    let id = vm.interner.intern(&s);
    Ok((v, id))
}

fn getattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("getattr", 2, 3)?;
    let [obj, name, default] = args.fixed::<3>();
    let (name, id) = attr_name(vm, name)?;
    match crate::interp::attrs::get_attr(vm, obj, name, id) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && e.kind() == Some(ExcKind::AttributeError) => Ok(default),
        Err(e) => Err(e),
    }
}

fn hasattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("hasattr", 2, 2)?;
    let [obj, name] = args.fixed::<2>();
    let (name, id) = attr_name(vm, name)?;
    match crate::interp::attrs::get_attr(vm, obj, name, id) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.kind() == Some(ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("setattr", 3, 3)?;
    let [obj, name, v] = args.fixed::<3>();
    let (name, _) = attr_name(vm, name)?;
    crate::interp::attrs::set_attr(vm, obj, name, v)?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("delattr", 2, 2)?;
    let [obj, name] = args.fixed::<2>();
    let (name, _) = attr_name(vm, name)?;
    crate::interp::attrs::del_attr(vm, obj, name)?;
    Ok(Value::None)
}

fn globals(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("globals", 0, 0)?;
    match vm.rt.frames.last() {
        Some(f) => Ok(Value::Obj(f.globals)),
        None => vm.new_dict(),
    }
}

fn locals(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("locals", 0, 0)?;
    let Some(f) = vm.rt.frames.last() else {
        return vm.new_dict();
    };
    if let Some(l) = f.locals {
        return Ok(Value::Obj(l));
    }
    let (base, loaded) = (f.base, f.loaded);
    let d = vm.new_dict()?;
    let dr = d.as_obj().expect("dict");
    for (i, name) in loaded.code.varnames().iter().enumerate() {
        let v = vm.rt.stack[base + i];
        if !crate::interp::is_null(v) {
            let k = vm.new_str(&**name)?;
            ops::dict_set(vm, dr, k, v)?;
        }
    }
    Ok(d)
}

/// How `exec`/`eval` compile source ([`compile_source`] unless the embedder sets another with
/// [`Vm::set_compiler`]).
pub type CompileFn = fn(
    source: &str,
    filename: &str,
    mode: CompileMode,
) -> VmResult<std::sync::Arc<hotpy_compiler::bytecode::Code>>;

/// What `exec`/`eval` compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileMode {
    /// Statements.
    Exec,
    /// One expression.
    Eval,
}

/// The compiler `exec`, `eval` and `compile()` use by default: hotpy's own; an error is the
/// `SyntaxError` (`IndentationError`, `TabError`) CPython raises, with its `msg`, `filename`,
/// `lineno`, `offset` and `text`.
pub fn compile_source(
    source: &str,
    filename: &str,
    mode: CompileMode,
) -> VmResult<std::sync::Arc<hotpy_compiler::bytecode::Code>> {
    let mode = match mode {
        CompileMode::Exec => hotpy_compiler::Mode::Exec,
        CompileMode::Eval => hotpy_compiler::Mode::Eval,
    };
    hotpy_compiler::compile(source, filename, mode)
        .map_err(|e| crate::class::syntaxerror::from_lex_error(&e, source, filename))
}

impl Vm {
    /// Compile a module's `source` (read from `filename`) in this VM's
    /// [`CompileArena`](hotpy_compiler::CompileArena), which is kept between compiles: a VM that
    /// reloads a module compiles it again and again, and fresh memory each time costs page
    /// faults. An error is the `SyntaxError` (`IndentationError`, `TabError`) CPython raises.
    pub fn compile_module(
        &mut self,
        source: &str,
        filename: &str,
    ) -> VmResult<std::sync::Arc<hotpy_compiler::bytecode::Code>> {
        self.rt
            .compile_arena
            .compile(source, filename, hotpy_compiler::Mode::Exec, 0)
            .map_err(|e| crate::class::syntaxerror::from_lex_error(&e, source, filename))
    }

    /// Install the compiler `exec` and `eval` use.
    pub fn set_compiler(&mut self, f: CompileFn) {
        self.rt.compiler = Some(f);
    }
}

/// `compile(source, filename, mode)`: a code object for `exec`/`eval` (`single` compiles as
/// `exec`; the flags arguments are accepted and ignored).
fn compile_builtin(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [source, filename, mode, _flags, _inherit, _optimize] = args.bind(
        &vm.heap,
        "compile",
        [
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
        ],
        0,
        6,
        3,
    )?;
    let (source, filename, mode) = (
        source.unwrap_or(Value::None),
        filename.unwrap_or(Value::None),
        mode.unwrap_or(Value::None),
    );
    if let Some(Object::Code(_)) = source.as_obj().map(|r| vm.heap.get(r)) {
        return Ok(source);
    }
    let text = match source.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Str(s)) => s.as_str().to_string(),
        Some(Object::Bytes(b)) => match std::str::from_utf8(b) {
            Ok(t) => t.to_string(),
            Err(_) => {
                return Err(VmError::new(
                    ExcKind::SyntaxError,
                    "source code cannot contain invalid UTF-8",
                ))
            }
        },
        _ => {
            return Err(type_error(
                "compile() arg 1 must be a string, bytes or AST object",
            ))
        }
    };
    let filename = match ops::as_str(&vm.heap, filename) {
        Some(s) => s.as_str().to_string(),
        None => {
            return Err(type_error(format!(
                "compile() argument 'filename' must be str, not {}",
                type_name(&vm.heap, filename)
            )))
        }
    };
    let mode = match ops::as_str(&vm.heap, mode).map(|s| s.as_str().to_string()) {
        Some(m) if m == "exec" || m == "single" => CompileMode::Exec,
        Some(m) if m == "eval" => CompileMode::Eval,
        _ => {
            return Err(value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    let Some(compile) = vm.rt.compiler else {
        return Err(VmError::new(
            ExcKind::NotImplementedError,
            "hotpy does not support compile() yet (no compiler installed)",
        ));
    };
    let text = if mode == CompileMode::Eval {
        text.trim_start_matches([' ', '\t']).to_string()
    } else {
        text
    };
    let code = compile(&text, &filename, mode)?;
    vm.load_code(code)
}

fn exec_eval(vm: &mut Vm, args: Args<'_>, mode: CompileMode) -> VmResult<Value> {
    let name = if mode == CompileMode::Exec {
        "exec"
    } else {
        "eval"
    };
    let [source, g, l] = args.bind(&vm.heap, name, ["source", "globals", "locals"], 1, 3, 1)?;
    let source = source.unwrap_or(Value::None);
    let code = match source.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Str(s)) => {
            let text = s.as_str().to_string();
            let Some(compile) = vm.rt.compiler else {
                return Err(VmError::new(
                    ExcKind::NotImplementedError,
                    format!("hotpy does not support {name}() yet (no compiler installed)"),
                ));
            };
            let text = if mode == CompileMode::Eval {
                text.trim_start_matches([' ', '\t']).to_string()
            } else {
                text
            };
            compile(&text, "<string>", mode)?
        }
        Some(Object::Code(c)) => {
            // A closure's code has no cells to run with here (CPython 3.11 refuses it too).
            if c.nfree > 0 {
                return Err(type_error(if mode == CompileMode::Eval {
                    format!("code object passed to {name}() may not contain free variables")
                } else {
                    format!(
                        "code object requires a closure of exactly length {}",
                        c.nfree
                    )
                }));
            }
            c.code.clone()
        }
        _ => {
            return Err(type_error(format!(
                "{name}() arg 1 must be a string, bytes or code object"
            )))
        }
    };
    let cur = vm.rt.frames.last().map(|f| (f.globals, f.locals));
    let globals = match g.filter(|v| !v.is_none()) {
        Some(g) => match g.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Dict(_)) => g.as_obj().expect("dict"),
            _ => {
                return Err(type_error(format!(
                    "{name}() globals must be a dict, not {}",
                    type_name(&vm.heap, g)
                )))
            }
        },
        None => match cur {
            Some((g, _)) => g,
            None => vm.new_module_globals("__main__")?,
        },
    };
    let locals = match l.filter(|v| !v.is_none()) {
        Some(l) => l
            .as_obj()
            .ok_or_else(|| type_error("locals must be a mapping"))?,
        None if g.is_some_and(|v| !v.is_none()) => globals,
        None => match cur {
            Some((_, Some(l))) => l,
            _ => globals,
        },
    };
    // `__builtins__` is added to a user-supplied globals dict, as CPython does.
    let bk = vm.new_str("__builtins__")?;
    if ops::dict_get(&vm.heap, globals, bk)?.is_none() {
        let b = Value::Obj(vm.builtins());
        ops::dict_set(vm, globals, bk, b)?;
    }
    let r = vm.run_code_with_locals(code, globals, locals)?;
    Ok(if mode == CompileMode::Exec {
        Value::None
    } else {
        r
    })
}

fn exec(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    exec_eval(vm, args, CompileMode::Exec)
}

fn eval(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    exec_eval(vm, args, CompileMode::Eval)
}

// ── type calls ─────────────────────────────────────────────────────────────────────────────────

/// Call a type object: `int("3")`, `list(x)`, `ValueError("msg")`.
pub(crate) fn construct(vm: &mut Vm, t: TypeObject, args: Args<'_>) -> VmResult<Value> {
    match t {
        TypeObject::Exception(k) => {
            args.no_kwargs(k.name())?;
            let a = args.positional().to_vec();
            if k.is_subclass(ExcKind::BaseExceptionGroup) {
                return Ok(Value::Obj(crate::class::group::new_group(vm, k, &a)?));
            }
            if k.is_subclass(ExcKind::OSError) {
                return Ok(Value::Obj(crate::class::oserror::new_os_error(vm, k, &a)?));
            }
            Ok(Value::Obj(vm.new_exception_object(k, &a)?))
        }
        TypeObject::Builtin(ty) => match ty {
            BuiltinType::Int => convert::int_new(vm, args),
            BuiltinType::Float => convert::float_new(vm, args),
            BuiltinType::Str => convert::str_new(vm, args),
            BuiltinType::Bool => {
                args.check_count("bool", 0, 1)?;
                Ok(Value::Bool(match args.get(0) {
                    Some(v) => ops::truthy_vm(vm, v)?,
                    None => false,
                }))
            }
            BuiltinType::Type => crate::class::create::type_call_builtin(vm, args),
            BuiltinType::Object => {
                if !args.is_empty() {
                    return Err(type_error("object() takes no arguments"));
                }
                let d = vm.new_dict()?;
                let cls = vm.type_object(BuiltinType::Object);
                let r = vm
                    .heap
                    .alloc(Object::Instance(Box::new(crate::object::Instance {
                        class: cls,
                        dict: d.as_obj().expect("dict"),
                        payload: Value::None,
                        slots: Box::new([]),
                    })))?;
                Ok(Value::Obj(r))
            }
            BuiltinType::Property => crate::class::natives::property_new(vm, args),
            BuiltinType::StaticMethod => crate::class::natives::wrapper_new(vm, args, false),
            BuiltinType::ClassMethod => crate::class::natives::wrapper_new(vm, args, true),
            BuiltinType::Super => crate::class::natives::super_new(vm, args),
            BuiltinType::List => {
                args.check_count("list", 0, 1)?;
                let items = match args.get(0) {
                    Some(v) => ops::collect_iterable(vm, v)?,
                    None => vec![],
                };
                vm.new_list(items)
            }
            BuiltinType::Tuple => {
                args.check_count("tuple", 0, 1)?;
                match args.get(0) {
                    Some(v)
                        if matches!(v.as_obj().map(|r| vm.heap.get(r)), Some(Object::Tuple(_))) =>
                    {
                        Ok(v)
                    }
                    Some(v) => {
                        let items = ops::collect_iterable(vm, v)?;
                        vm.new_tuple(items)
                    }
                    None => vm.new_tuple(Vec::new()),
                }
            }
            BuiltinType::Set | BuiltinType::FrozenSet => {
                let name = ty.name();
                args.expect_count(name, 0, 1)?;
                crate::types::set::construct(vm, ty == BuiltinType::FrozenSet, args.get(0))
            }
            BuiltinType::Dict => {
                if args.len() > 1 {
                    return Err(type_error(format!(
                        "dict expected at most 1 argument, got {}",
                        args.len()
                    )));
                }
                let d = vm.new_dict()?;
                let dr = d.as_obj().expect("dict");
                vm.push_temp_root(d);
                let r = (|| {
                    if let Some(src) = args.get(0) {
                        dict_update_from(vm, dr, src)?;
                    }
                    for (&k, &v) in args.kwnames().iter().zip(args.kwvalues()) {
                        ops::dict_set(vm, dr, k, v)?;
                    }
                    Ok(d)
                })();
                vm.pop_temp_root();
                r
            }
            BuiltinType::Range => {
                args.no_kwargs("range")?;
                let pos = args.positional();
                let int = |vm: &mut Vm, v: Value| -> VmResult<Value> {
                    let v = if crate::class::is_user_object(vm, v) {
                        crate::class::dunder::index(vm, v)?.unwrap_or(v)
                    } else {
                        v
                    };
                    match ops::index_of(&vm.heap, v) {
                        Some(_) => Ok(match v {
                            Value::Bool(b) => Value::Int(i64::from(b)),
                            other => other,
                        }),
                        None => Err(type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            type_name(&vm.heap, v)
                        ))),
                    }
                };
                let (start, stop, step) = match pos.len() {
                    1 => (Value::Int(0), int(vm, pos[0])?, Value::Int(1)),
                    2 => (int(vm, pos[0])?, int(vm, pos[1])?, Value::Int(1)),
                    3 => (int(vm, pos[0])?, int(vm, pos[1])?, int(vm, pos[2])?),
                    0 => return Err(type_error("range expected at least 1 argument, got 0")),
                    n => {
                        return Err(type_error(format!(
                            "range expected at most 3 arguments, got {n}"
                        )))
                    }
                };
                if step == Value::Int(0) {
                    return Err(value_error("range() arg 3 must not be zero"));
                }
                Ok(Value::Obj(vm.heap.alloc(Object::Range(Range {
                    start,
                    stop,
                    step,
                }))?))
            }
            BuiltinType::Slice => {
                args.no_kwargs("slice")?;
                let pos = args.positional();
                let (start, stop, step) = match pos.len() {
                    1 => (Value::None, pos[0], Value::None),
                    2 => (pos[0], pos[1], Value::None),
                    3 => (pos[0], pos[1], pos[2]),
                    n => {
                        return Err(type_error(format!(
                            "slice expected at {} 1 argument{}, got {n}",
                            if n == 0 { "least" } else { "most" },
                            if n == 0 { "" } else { "s" }
                        )))
                    }
                };
                Ok(Value::Obj(vm.heap.alloc(Object::Slice(Slice {
                    start,
                    stop,
                    step,
                }))?))
            }
            BuiltinType::Bytes => convert::bytes_new(vm, args),
            BuiltinType::ByteArray => convert::bytearray_new(vm, args),
            other => Err(type_error(format!(
                "cannot create '{}' instances",
                other.name()
            ))),
        },
    }
}

/// `d.update(src)` for a dict or an iterable of pairs.
pub(crate) fn dict_update_from(vm: &mut Vm, d: crate::ObjRef, src: Value) -> VmResult<()> {
    // A dict subclass's instance: its dict payload.
    let src = crate::class::instantiate::payload_of(vm, src);
    if let Some(Object::Dict(s)) = src.as_obj().map(|r| vm.heap.get(r)) {
        let pairs: Vec<(Value, Value)> = s.iter().map(|(k, v)| (k, *v)).collect();
        for (k, v) in pairs {
            ops::dict_set(vm, d, k, v)?;
        }
        return Ok(());
    }
    let items = ops::collect_iterable(vm, src)?;
    let holder = vm.new_list(items.clone())?;
    vm.push_temp_root(holder);
    let r = (|| {
        for (i, item) in items.into_iter().enumerate() {
            let pair = match ops::collect_iterable(vm, item) {
                Ok(p) => p,
                Err(_) => {
                    return Err(type_error(format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    )))
                }
            };
            if pair.len() != 2 {
                return Err(value_error(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                )));
            }
            ops::dict_set(vm, d, pair[0], pair[1])?;
        }
        Ok(())
    })();
    vm.pop_temp_root();
    r
}

/// The state of an iterator object (for the iterator natives).
pub(crate) fn iter_state(vm: &Vm, r: crate::ObjRef) -> Option<IterState> {
    match vm.heap.get(r) {
        Object::Iterator(s) => Some(s.clone()),
        _ => None,
    }
}
