//! Methods of `list`.

use super::{receiver_error, type_name, MethodDef};
use crate::error::{index_error, VmResult};
use crate::native::Args;
use crate::object::Object;
use crate::value::Value;
use crate::Vm;

/// The methods of `list`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("append", append),
    MethodDef::new("pop", pop),
    MethodDef::new("clear", clear),
    MethodDef::new("copy", copy),
    MethodDef::new("sort", sort),
    MethodDef::new("extend", extend),
    MethodDef::new("insert", insert),
    MethodDef::new("index", index),
    MethodDef::new("count", count),
    MethodDef::new("reverse", reverse),
    MethodDef::new("remove", remove),
];

/// The receiver as a list, or CPython's descriptor TypeError.
fn with_list<R>(
    vm: &mut Vm,
    args: &Args<'_>,
    method: &str,
    f: impl FnOnce(&mut Vec<Value>) -> R,
) -> VmResult<R> {
    let Some((this, _)) = args.split_self() else {
        return Err(crate::error::type_error(format!(
            "unbound method list.{method}() needs an argument"
        )));
    };
    if let Value::Obj(r) = this {
        if let Object::List(items) = vm.heap.get_mut(r) {
            return Ok(f(items));
        }
    }
    Err(receiver_error("list", method, type_name(&vm.heap, this)))
}

fn append(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.append", 1, 1)?;
    let x = rest.positional()[0];
    let grew = with_list(vm, &args, "append", |items| {
        let before = items.capacity();
        items.push(x);
        items.capacity() - before
    })?;
    if grew > 0 {
        vm.heap
            .account((grew * std::mem::size_of::<Value>()) as isize)?;
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("pop", 0, 1)?;
    let index = match rest.get(0) {
        None => None,
        Some(Value::Int(i)) => Some(i),
        Some(Value::Bool(b)) => Some(i64::from(b)),
        Some(other) => {
            return Err(crate::error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&vm.heap, other)
            )))
        }
    };
    with_list(vm, &args, "pop", |items| {
        if items.is_empty() {
            return Err(index_error("pop from empty list"));
        }
        let len = items.len() as i64;
        let i = match index {
            None => len - 1,
            Some(i) if i < 0 => i + len,
            Some(i) => i,
        };
        if i < 0 || i >= len {
            return Err(index_error("pop index out of range"));
        }
        Ok(items.remove(i as usize))
    })?
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.clear", 0, 0)?;
    with_list(vm, &args, "clear", |items| items.clear())?;
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.copy", 0, 0)?;
    let items = with_list(vm, &args, "copy", |items| items.clone())?;
    vm.new_list(items)
}

fn items_of(vm: &Vm, args: &Args<'_>, method: &str) -> VmResult<(crate::ObjRef, Vec<Value>)> {
    let Some((this, _)) = args.split_self() else {
        return Err(crate::error::type_error(format!(
            "unbound method list.{method}() needs an argument"
        )));
    };
    match this.as_obj().map(|r| (r, vm.heap.get(r))) {
        Some((r, Object::List(items))) => Ok((r, items.clone())),
        _ => Err(receiver_error("list", method, type_name(&vm.heap, this))),
    }
}

fn sort(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, mut items) = items_of(vm, &args, "sort")?;
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    if !rest.is_empty() {
        return Err(crate::error::type_error(
            "sort() takes no positional arguments",
        ));
    }
    let [key, reverse] = rest.bind(&vm.heap, "sort", ["key", "reverse"], 0, 0, 0)?;
    let key = key.filter(|k| !k.is_none());
    let rev = reverse.is_some_and(|v| crate::interp::ops::truthy(&vm.heap, v));
    // CPython empties the list while sorting; a key that looks at it sees [].
    if let Object::List(l) = vm.heap.get_mut(r) {
        l.clear();
    }
    let holder = vm.new_list(items.clone())?;
    vm.push_temp_root(holder);
    let res = crate::builtins::sort_values(vm, &mut items, key, rev);
    vm.pop_temp_root();
    let modified = matches!(vm.heap.get(r), Object::List(l) if !l.is_empty());
    if let Object::List(l) = vm.heap.get_mut(r) {
        *l = items;
    }
    res?;
    if modified {
        return Err(crate::error::value_error("list modified during sort"));
    }
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = items_of(vm, &args, "extend")?;
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.extend", 1, 1)?;
    let add = crate::interp::ops::collect_iterable(vm, rest.positional()[0])?;
    let grew = if let Object::List(l) = vm.heap.get_mut(r) {
        let before = l.capacity();
        l.extend(add);
        l.capacity().saturating_sub(before)
    } else {
        0
    };
    vm.heap.account((grew * 16) as isize)?;
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, items) = items_of(vm, &args, "insert")?;
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.expect_count("insert", 2, 2)?;
    let [i, x] = rest.fixed::<2>();
    let Some(Ok(i)) = crate::interp::ops::index_of(&vm.heap, i) else {
        return Err(crate::error::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(&vm.heap, i)
        )));
    };
    let len = items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    if let Object::List(l) = vm.heap.get_mut(r) {
        l.insert(at, x);
    }
    Ok(Value::None)
}

fn find(
    vm: &mut Vm,
    args: &Args<'_>,
    method: &str,
) -> VmResult<(crate::ObjRef, Vec<Value>, Value)> {
    let (r, items) = items_of(vm, args, method)?;
    let (_, rest) = args.split_self().unwrap_or((Value::None, *args));
    if method == "index" {
        rest.expect_count("index", 1, 3)?;
    } else {
        rest.check_count(&format!("list.{method}"), 1, 1)?;
    }
    Ok((r, items, rest.positional()[0]))
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, items, x) = find(vm, &args, "index")?;
    for (i, &v) in items.iter().enumerate() {
        if v.is(x) || crate::interp::ops::eq(&vm.heap, v, x)? {
            return Ok(Value::Int(i as i64));
        }
    }
    let r = crate::interp::format::repr(vm, x)?;
    Err(crate::error::value_error(format!("{r} is not in list")))
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, items, x) = find(vm, &args, "count")?;
    let mut n = 0;
    for &v in &items {
        if v.is(x) || crate::interp::ops::eq(&vm.heap, v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn remove(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, items, x) = find(vm, &args, "remove")?;
    for (i, &v) in items.iter().enumerate() {
        if v.is(x) || crate::interp::ops::eq(&vm.heap, v, x)? {
            if let Object::List(l) = vm.heap.get_mut(r) {
                if i < l.len() {
                    l.remove(i);
                }
            }
            return Ok(Value::None);
        }
    }
    Err(crate::error::value_error("list.remove(x): x not in list"))
}

fn reverse(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = items_of(vm, &args, "reverse")?;
    if let Object::List(l) = vm.heap.get_mut(r) {
        l.reverse();
    }
    Ok(Value::None)
}
