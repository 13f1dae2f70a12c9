//! `io`: the primitives `open()` is built on (whole-file reads, appends, truncation); the file
//! object itself is Python (`py/io.py`).

use super::os::os_error;
use crate::native::NativeModule;
use hotpy_vm::error::type_error;
use hotpy_vm::object::Object;
use hotpy_vm::{Args, Value, Vm, VmResult};
use std::io::Write;

fn path(vm: &Vm, args: &Args<'_>) -> VmResult<String> {
    let v = args.get(0).unwrap_or(Value::None);
    vm.str_text(v)
        .map(str::to_string)
        .ok_or_else(|| type_error("expected str, bytes or os.PathLike object"))
}

fn read(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("_read", 2, 2)?;
    let p = path(vm, &args)?;
    let binary = vm.truthy(args.positional()[1])?;
    if std::path::Path::new(&p).is_dir() {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, &p, None));
    }
    let bytes = std::fs::read(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    if binary {
        return Ok(Value::Obj(vm.heap.alloc(Object::Bytes(bytes.into()))?));
    }
    match String::from_utf8(bytes) {
        Ok(s) => vm.new_str(s),
        Err(e) => Err(hotpy_vm::VmError::new(
            hotpy_vm::ExcKind::UnicodeDecodeError,
            format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                e.as_bytes()
                    .get(e.utf8_error().valid_up_to())
                    .copied()
                    .unwrap_or(0),
                e.utf8_error().valid_up_to()
            ),
        )),
    }
}

fn append(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("_append", 2, 2)?;
    let p = path(vm, &args)?;
    let data: Vec<u8> = match args.positional()[1].as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Str(s)) => s.as_str().as_bytes().to_vec(),
        Some(Object::Bytes(b)) => b.to_vec(),
        Some(Object::ByteArray(b)) => b.clone(),
        _ => return Err(type_error("_append() needs str or bytes")),
    };
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&p)
        .map_err(|e| os_error(vm, &e, &p, None))?;
    f.write_all(&data).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn open_with(vm: &mut Vm, args: Args<'_>, truncate: bool) -> VmResult<Value> {
    args.check_count("_open", 1, 1)?;
    let p = path(vm, &args)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(truncate)
        .append(!truncate)
        .open(&p)
        .map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

/// The `io` module.
pub(super) fn module() -> NativeModule {
    NativeModule::new("io")
        .doc("The io module provides the Python interfaces to stream handling.")
        .raw_function("_read", read)
        .raw_function("_append", append)
        .raw_function("_truncate", |vm, args| open_with(vm, args, true))
        .raw_function("_touch", |vm, args| open_with(vm, args, false))
        .raw_function("_exists", |vm, args| {
            let p = path(vm, &args)?;
            Ok(Value::Bool(std::path::Path::new(&p).exists()))
        })
        .raw_function("_fail_exists", |vm, args| {
            let p = path(vm, &args)?;
            let e = std::io::Error::from_raw_os_error(17);
            Err(os_error(vm, &e, &p, None))
        })
        .python(include_str!("py/io.py"))
}
