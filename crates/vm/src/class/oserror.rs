//! `OSError`'s (and the Unicode errors') constructor and attributes as CPython has them: `OSError(errno, strerror)` makes
//! the subclass that errno names (`OSError(2, …)` is a `FileNotFoundError`), `str()` prints
//! `[Errno 2] No such file or directory`, and `errno`, `strerror`, `filename` are attributes.

use crate::error::{ExcKind, VmResult};
use crate::interp::ops;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// The `OSError` subclass CPython picks for `errno` (POSIX numbers, as on Linux).
pub fn kind_for_errno(errno: i64) -> Option<ExcKind> {
    Some(match errno {
        1 | 13 => ExcKind::PermissionError,
        2 => ExcKind::FileNotFoundError,
        3 => ExcKind::ProcessLookupError,
        4 => ExcKind::InterruptedError,
        10 => ExcKind::ChildProcessError,
        11 | 114 | 115 => ExcKind::BlockingIOError,
        17 => ExcKind::FileExistsError,
        20 => ExcKind::NotADirectoryError,
        21 => ExcKind::IsADirectoryError,
        32 | 108 => ExcKind::BrokenPipeError,
        103 => ExcKind::ConnectionAbortedError,
        104 => ExcKind::ConnectionResetError,
        110 => ExcKind::TimeoutError,
        111 => ExcKind::ConnectionRefusedError,
        _ => return None,
    })
}

/// `OSError(*args)` (or a subclass): the errno mapping, and a third argument kept as
/// `filename` rather than in `args`.
pub fn new_os_error(vm: &mut Vm, kind: ExcKind, args: &[Value]) -> VmResult<ObjRef> {
    let mut kind = kind;
    if (2..=5).contains(&args.len()) {
        if let (ExcKind::OSError, Value::Int(n)) = (kind, args[0]) {
            if let Some(k) = kind_for_errno(n) {
                kind = k;
            }
        }
    }
    let (stored, filename) = if (3..=5).contains(&args.len()) {
        (&args[..2], Some(args[2]))
    } else {
        (args, None)
    };
    let r = vm.new_exception_object(kind, stored)?;
    if let Some(f) = filename {
        let d = crate::class::lookup::exception_dict(vm, r)?;
        let k = crate::class::static_str(vm, "filename")?;
        ops::dict_set(vm, d, k, f)?;
    }
    Ok(r)
}

/// `errno`, `strerror` and `filename` of an `OSError` object.
pub fn field(vm: &Vm, r: ObjRef, name: &str) -> Option<Value> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return None;
    };
    if !e.kind.is_subclass(ExcKind::OSError) {
        return None;
    }
    let args: &[Value] = match e.args.as_obj().map(|a| vm.heap.get(a)) {
        Some(Object::Tuple(t)) => t,
        _ => &[],
    };
    let two = args.len() == 2;
    match name {
        "errno" => Some(if two { args[0] } else { Value::None }),
        "strerror" => Some(if two { args[1] } else { Value::None }),
        "filename" | "filename2" => {
            let d = e.dict.as_obj();
            Some(
                d.and_then(|d| crate::ops::dict_get_str(&vm.heap, d, name).ok().flatten())
                    .unwrap_or(Value::None),
            )
        }
        _ => None,
    }
}

/// `str(e)` for an `OSError` with an errno: `[Errno N] strerror` (`: 'filename'`).
pub fn os_error_str(vm: &mut Vm, r: ObjRef) -> VmResult<Option<String>> {
    let (errno, strerror, filename) = match (
        field(vm, r, "errno"),
        field(vm, r, "strerror"),
        field(vm, r, "filename"),
    ) {
        (Some(e), Some(s), Some(f)) if !e.is_none() => (e, s, f),
        _ => return Ok(None),
    };
    let e = crate::interp::format::to_str(vm, errno)?;
    let s = crate::interp::format::to_str(vm, strerror)?;
    Ok(Some(if filename.is_none() {
        format!("[Errno {e}] {s}")
    } else {
        let f = crate::interp::format::repr(vm, filename)?;
        format!("[Errno {e}] {s}: {f}")
    }))
}

/// The C library's text for an I/O error (`No such file or directory`): Rust adds
/// ` (os error 2)`, which CPython's messages do not have.
pub fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" (os error") {
        Some((s, _)) => s.to_string(),
        None => text,
    }
}

/// The `OSError` (subclass by errno) for an I/O error on `filename`, with `errno`, `strerror`
/// and `filename` set as CPython's are.
pub fn from_io(vm: &mut Vm, e: &std::io::Error, filename: Value) -> crate::error::VmError {
    let strerror = strerror(e);
    let Some(errno) = e.raw_os_error() else {
        return crate::error::VmError::new(ExcKind::OSError, strerror);
    };
    let made = vm.new_str(strerror).and_then(|s| {
        new_os_error(
            vm,
            ExcKind::OSError,
            &[Value::Int(i64::from(errno)), s, filename],
        )
    });
    match made {
        Ok(r) => crate::interp::exceptions::error_of(vm, r),
        Err(err) => err,
    }
}

/// A `UnicodeDecodeError`/`UnicodeEncodeError` with CPython's args
/// `(encoding, object, start, end, reason)`, so `e.reason`, `e.start`, … work.
pub fn unicode_error(
    vm: &mut Vm,
    kind: ExcKind,
    codec: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> crate::error::VmError {
    let made = (|| -> VmResult<ObjRef> {
        let enc = vm.new_str(codec)?;
        let why = vm.new_str(reason)?;
        vm.new_exception_object(
            kind,
            &[
                enc,
                object,
                Value::Int(start as i64),
                Value::Int(end as i64),
                why,
            ],
        )
    })();
    match made {
        Ok(r) => crate::interp::exceptions::error_of(vm, r),
        Err(e) => e,
    }
}

/// The Unicode errors' attributes from their args.
pub fn unicode_field(vm: &Vm, r: ObjRef, name: &str) -> Option<Value> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return None;
    };
    if !e.kind.is_subclass(ExcKind::UnicodeError) {
        return None;
    }
    let args: &[Value] = match e.args.as_obj().map(|a| vm.heap.get(a)) {
        Some(Object::Tuple(t)) if t.len() == 5 => t,
        _ => return None,
    };
    Some(match name {
        "encoding" => args[0],
        "object" => args[1],
        "start" => args[2],
        "end" => args[3],
        "reason" => args[4],
        _ => return None,
    })
}

/// `str(e)` for a Unicode error made with CPython's five args.
pub fn unicode_error_str(vm: &mut Vm, r: ObjRef) -> VmResult<Option<String>> {
    let kind = match vm.heap.get(r) {
        Object::Exception(e) => e.kind,
        _ => return Ok(None),
    };
    let fields: Option<Vec<Value>> = ["encoding", "object", "start", "end", "reason"]
        .iter()
        .map(|n| unicode_field(vm, r, n))
        .collect();
    let Some(f) = fields else { return Ok(None) };
    let (Value::Int(start), Value::Int(end)) = (f[2], f[3]) else {
        return Ok(None);
    };
    let enc = crate::interp::format::to_str(vm, f[0])?;
    let reason = crate::interp::format::to_str(vm, f[4])?;
    let single = end - start == 1;
    let what = match kind {
        ExcKind::UnicodeDecodeError => {
            let byte = match f[1].as_obj().map(|o| vm.heap.get(o)) {
                Some(Object::Bytes(b)) => b.get(start as usize).copied(),
                Some(Object::ByteArray(b)) => b.get(start as usize).copied(),
                _ => None,
            };
            match (single, byte) {
                (true, Some(b)) => format!("can't decode byte 0x{b:02x} in position {start}"),
                _ => format!("can't decode bytes in position {start}-{}", end - 1),
            }
        }
        ExcKind::UnicodeEncodeError => {
            let ch =
                crate::interp::ops::as_str(&vm.heap, f[1]).and_then(|s| s.char_at(start as usize));
            match (single, ch) {
                (true, Some(c)) => {
                    let n = c as u32;
                    let esc = if n < 0x100 {
                        format!("\\x{n:02x}")
                    } else if n < 0x10000 {
                        format!("\\u{n:04x}")
                    } else {
                        format!("\\U{n:08x}")
                    };
                    format!("can't encode character '{esc}' in position {start}")
                }
                _ => format!("can't encode characters in position {start}-{}", end - 1),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(format!("'{enc}' codec {what}: {reason}")))
}
