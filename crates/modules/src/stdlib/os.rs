//! `os`: the file-system and environment calls programs use, with CPython's `OSError`
//! subclasses and messages (`[Errno 2] No such file or directory: 'x'`). `os.path` is the
//! bundled `posixpath` module.

use crate::native::NativeModule;
use hotpy_vm::error::{type_error, VmError};
use hotpy_vm::{Args, Value, Vm, VmResult};
use std::path::Path;

/// The OSError for `err` on `path`, as CPython raises it (subclass by errno, `errno`,
/// `strerror`, `filename` set).
fn os_error(vm: &mut Vm, err: &std::io::Error, path: &str, path2: Option<&str>) -> VmError {
    let errno = err.raw_os_error().unwrap_or(0);
    let reason = hotpy_vm::class::oserror::strerror(err);
    hotpy_vm::import::os_error(vm, i64::from(errno), &reason, path, path2)
}

fn path_arg(vm: &Vm, args: &Args<'_>, i: usize, fname: &str) -> VmResult<String> {
    let v = args.get(i).unwrap_or(Value::None);
    match vm.str_text(v) {
        Some(s) => Ok(s.to_string()),
        None => Err(type_error(format!(
            "{fname}: path should be string, bytes or os.PathLike, not {}",
            hotpy_vm::ops::type_name(&vm.heap, v)
        ))),
    }
}

fn getcwd(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("getcwd", 0, 0)?;
    match std::env::current_dir() {
        Ok(p) => vm.new_str(p.display().to_string()),
        Err(e) => Err(os_error(vm, &e, ".", None)),
    }
}

fn chdir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("chdir", 1, 1)?;
    let p = path_arg(vm, &args, 0, "chdir")?;
    std::env::set_current_dir(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn listdir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("listdir", 0, 1)?;
    let p = if args.is_empty() {
        ".".to_string()
    } else {
        path_arg(vm, &args, 0, "listdir")?
    };
    let rd = std::fs::read_dir(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    let mut names = Vec::new();
    for e in rd.flatten() {
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    let items = vm.new_strs(names.iter().map(String::as_str))?;
    vm.new_list(items)
}

fn mkdir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [p, _mode] = args.bind(&vm.heap, "mkdir", ["path", "mode"], 0, 2, 1)?;
    let p = match p.and_then(|v| vm.str_text(v)) {
        Some(s) => s.to_string(),
        None => {
            return Err(type_error(
                "mkdir: path should be string, bytes or os.PathLike",
            ))
        }
    };
    std::fs::create_dir(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn makedirs(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [p, _mode, exist_ok] =
        args.bind(&vm.heap, "makedirs", ["name", "mode", "exist_ok"], 0, 3, 1)?;
    let p = match p.and_then(|v| vm.str_text(v)) {
        Some(s) => s.to_string(),
        None => {
            return Err(type_error(
                "makedirs: path should be string, bytes or os.PathLike",
            ))
        }
    };
    let exist_ok = match exist_ok {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    if Path::new(&p).exists() {
        if exist_ok && Path::new(&p).is_dir() {
            return Ok(Value::None);
        }
        let e = std::io::Error::from_raw_os_error(17);
        return Err(os_error(vm, &e, &p, None));
    }
    std::fs::create_dir_all(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("remove", 1, 1)?;
    let p = path_arg(vm, &args, 0, "remove")?;
    if Path::new(&p).is_dir() {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, &p, None));
    }
    std::fs::remove_file(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn rmdir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("rmdir", 1, 1)?;
    let p = path_arg(vm, &args, 0, "rmdir")?;
    std::fs::remove_dir(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::None)
}

fn rename(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("rename", 2, 2)?;
    let a = path_arg(vm, &args, 0, "rename")?;
    let b = path_arg(vm, &args, 1, "rename")?;
    std::fs::rename(&a, &b).map_err(|e| os_error(vm, &e, &a, Some(&b)))?;
    Ok(Value::None)
}

fn stat_pred(vm: &mut Vm, args: Args<'_>, name: &str, f: fn(&Path) -> bool) -> VmResult<Value> {
    args.check_count(name, 1, 1)?;
    let v = args.positional()[0];
    Ok(Value::Bool(vm.str_text(v).is_some_and(|s| f(Path::new(s)))))
}

fn getsize(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("getsize", 1, 1)?;
    let p = path_arg(vm, &args, 0, "stat")?;
    let md = std::fs::metadata(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    Ok(Value::Int(i64::try_from(md.len()).unwrap_or(i64::MAX)))
}

fn getmtime(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("getmtime", 1, 1)?;
    let p = path_arg(vm, &args, 0, "stat")?;
    let md = std::fs::metadata(&p).map_err(|e| os_error(vm, &e, &p, None))?;
    let t = md
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    Ok(Value::Float(t))
}

fn getenv(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("getenv", 1, 2)?;
    let environ = match vm.lookup_module("os")? {
        Some(os) => vm.get_attr_opt(os, "environ")?,
        None => None,
    };
    let key = args.positional()[0];
    let default = args.get(1).unwrap_or(Value::None);
    if let Some(env) = environ {
        if vm.contains(env, key)? {
            return vm.get_item(env, key);
        }
    }
    Ok(default)
}

/// The `os` module.
pub(super) fn module() -> NativeModule {
    let fns: &[(&str, hotpy_vm::NativeFnPtr)] = &[
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("listdir", listdir),
        ("mkdir", mkdir),
        ("makedirs", makedirs),
        ("remove", remove),
        ("unlink", remove),
        ("rmdir", rmdir),
        ("rename", rename),
        ("replace", rename),
        ("getenv", getenv),
        ("_exists", |vm, a| stat_pred(vm, a, "exists", Path::exists)),
        ("_isfile", |vm, a| stat_pred(vm, a, "isfile", Path::is_file)),
        ("_isdir", |vm, a| stat_pred(vm, a, "isdir", Path::is_dir)),
        ("_islink", |vm, a| {
            stat_pred(vm, a, "islink", Path::is_symlink)
        }),
        ("_getsize", getsize),
        ("_getmtime", getmtime),
    ];
    let mut m = NativeModule::new("os")
        .doc("OS routines for NT or Posix depending on what system we're on.")
        .constant("name", if cfg!(windows) { "nt" } else { "posix" })
        .constant("sep", "/")
        .constant("altsep", Const::None)
        .constant("extsep", ".")
        .constant("pathsep", ":")
        .constant("curdir", ".")
        .constant("pardir", "..")
        .constant("linesep", "\n")
        .constant("devnull", "/dev/null")
        .function("getpid", || i64::from(std::process::id()))
        .function("cpu_count", || {
            std::thread::available_parallelism()
                .map(|n| n.get() as i64)
                .unwrap_or(1)
        })
        .init(|vm, d| {
            let env = vm.new_dict()?;
            vm.dict_set_str(d, "environ", env)?;
            for (k, v) in std::env::vars() {
                let k = vm.new_str(k)?;
                let v = vm.new_str(v)?;
                vm.set_item(env, k, v)?;
            }
            Ok(())
        });
    for &(name, f) in fns {
        m = m.raw_function(name, f);
    }
    m.python(OS_PY)
}

/// The Python half of `os`: `os.path`, `walk`, `removedirs`.
const OS_PY: &str = r#"import sys as _sys
import posixpath as path
_sys.modules['os.path'] = path
del _sys


def walk(top, topdown=True, onerror=None, followlinks=False):
    try:
        names = listdir(top)
    except OSError as err:
        if onerror is not None:
            onerror(err)
        return
    dirs = []
    files = []
    for name in names:
        if path.isdir(path.join(top, name)):
            dirs.append(name)
        else:
            files.append(name)
    if topdown:
        yield top, dirs, files
    for d in dirs:
        full = path.join(top, d)
        if followlinks or not path.islink(full):
            yield from walk(full, topdown, onerror, followlinks)
    if not topdown:
        yield top, dirs, files


def removedirs(name):
    rmdir(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)
"#;

use crate::native::Const;
