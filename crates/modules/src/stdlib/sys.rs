//! `sys`: the interpreter's face to the program (argv, path, modules, limits, streams).

use crate::native::NativeModule;
use hotpy_vm::error::{type_error, ExcKind, VmError};
use hotpy_vm::{Args, Value, Vm, VmResult};

/// `sys`: one declaration shared by every VM; `argv` and `path` come from the importer that
/// creates it ([`crate::Importer::sys_settings`]), so they stay per VM.
pub(super) fn module() -> NativeModule {
    NativeModule::new("sys")
        .doc("This module provides access to some objects used or maintained by the\ninterpreter and to functions that interact strongly with the interpreter.")
        .constant("maxsize", i64::MAX)
        .constant("version", "3.11.0 (hotpy)")
        .constant("platform", std::env::consts::OS)
        .constant(
            "byteorder",
            if cfg!(target_endian = "little") { "little" } else { "big" },
        )
        .constant("hexversion", 0x030b00f0_i64)
        .constant(
            "executable",
            std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        )
        .constant("dont_write_bytecode", true)
        .raw_function("getrecursionlimit", |vm, args| {
            args.check_count("getrecursionlimit", 0, 0)?;
            Ok(Value::Int(i64::try_from(vm.recursion_limit()).unwrap_or(i64::MAX)))
        })
        .raw_function("setrecursionlimit", setrecursionlimit)
        .raw_function("exit", exit)
        .raw_function("exception", |vm, args| {
            args.check_count("exception", 0, 0)?;
            Ok(vm.handled_exception())
        })
        .raw_function("exc_info", |vm, args| {
            args.check_count("exc_info", 0, 0)?;
            let e = vm.handled_exception();
            if e.is_none() {
                return vm.new_tuple(vec![Value::None, Value::None, Value::None]);
            }
            vm.push_temp_root(e);
            let t = vm.type_of(e);
            let tb = vm.get_attr_opt(e, "__traceback__");
            vm.pop_temp_root();
            let tb = tb?.unwrap_or(Value::None);
            vm.new_tuple(vec![t, e, tb])
        })
        .function("getdefaultencoding", || "utf-8")
        .function("getfilesystemencoding", || "utf-8")
        .raw_function("getsizeof", |vm, args| {
            args.check_count("getsizeof", 1, 2)?;
            let v = args.positional()[0];
            let n = match v.as_obj() {
                Some(r) => vm.heap.get(r).heap_size(),
                None => 24,
            };
            Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
        })
        .raw_function("intern", |vm, args| {
            args.check_count("intern", 1, 1)?;
            let v = args.positional()[0];
            if vm.str_text(v).is_none() {
                return Err(type_error(format!(
                    "intern() argument must be str, not {}",
                    hotpy_vm::ops::type_name(&vm.heap, v)
                )));
            }
            Ok(v)
        })
        .init(move |vm, d| {
            let settings = crate::importer::importer_of(vm)
                .and_then(|h| {
                    h.as_any()
                        .and_then(|a| a.downcast_ref::<crate::Importer>())
                        .map(|i| i.sys_settings().clone())
                })
                .unwrap_or_default();
            let (argv, path) = (&settings.argv, &settings.path);
            let items = vm.new_strs(argv.iter().map(String::as_str))?;
            let l = vm.new_list(items)?;
            vm.dict_set_str(d, "argv", l)?;
            let items = vm.new_strs(path.iter().map(String::as_str))?;
            let l = vm.new_list(items)?;
            vm.dict_set_str(d, "path", l)?;
            let sm = vm.sys_modules()?;
            vm.dict_set_str(d, "modules", Value::Obj(sm))?;
            let fin = vm.new_str("final")?;
            let vi = vm.new_tuple(vec![
                Value::Int(3),
                Value::Int(11),
                Value::Int(0),
                fin,
                Value::Int(0),
            ])?;
            vm.dict_set_str(d, "version_info", vi)?;
            // sys.float_info: the IEEE double's constants.
            let fi = vm.new_module("sys.float_info")?;
            vm.dict_set_str(d, "float_info", Value::Obj(fi))?;
            let fd = vm.module_dict(Value::Obj(fi)).expect("module");
            for (k, v) in [
                ("max", Value::Float(f64::MAX)),
                ("min", Value::Float(f64::MIN_POSITIVE)),
                ("epsilon", Value::Float(f64::EPSILON)),
                ("max_exp", Value::Int(i64::from(f64::MAX_EXP))),
                ("min_exp", Value::Int(i64::from(f64::MIN_EXP))),
                ("max_10_exp", Value::Int(i64::from(f64::MAX_10_EXP))),
                ("min_10_exp", Value::Int(i64::from(f64::MIN_10_EXP))),
                ("dig", Value::Int(i64::from(f64::DIGITS))),
                ("mant_dig", Value::Int(i64::from(f64::MANTISSA_DIGITS))),
                ("radix", Value::Int(i64::from(f64::RADIX))),
                ("rounds", Value::Int(1)),
            ] {
                vm.dict_set_str(fd, k, v)?;
            }
            // sys.stdin: read and readline from the process's standard input.
            let si = vm.new_module("sys.stdin")?;
            vm.dict_set_str(d, "stdin", Value::Obj(si))?;
            vm.dict_set_str(d, "__stdin__", Value::Obj(si))?;
            let sd = vm.module_dict(Value::Obj(si)).expect("module");
            let rl = vm.new_native("readline", hotpy_vm::object::NativeImpl::Fn(stdin_readline))?;
            vm.dict_set_str(sd, "readline", rl)?;
            let rd = vm.new_native("read", hotpy_vm::object::NativeImpl::Fn(stdin_read))?;
            vm.dict_set_str(sd, "read", rd)?;
            let rls = vm.new_native("readlines", hotpy_vm::object::NativeImpl::Fn(stdin_readlines))?;
            vm.dict_set_str(sd, "readlines", rls)?;
            let n = vm.new_str("<stdin>")?;
            vm.dict_set_str(sd, "name", n)?;
            let impl_ns = vm.new_module("sys.implementation")?;
            let idict = vm.module_dict(Value::Obj(impl_ns)).expect("module");
            vm.dict_set_str(d, "implementation", Value::Obj(impl_ns))?;
            let name = vm.new_str("hotpy")?;
            vm.dict_set_str(idict, "name", name)?;
            vm.dict_set_str(idict, "version", vi)?;
            let tag = vm.new_str("hotpy-311")?;
            vm.dict_set_str(idict, "cache_tag", Value::None)?;
            vm.dict_set_str(idict, "_multiarch", tag)?;
            let names = vm.new_tuple(Vec::<Value>::new())?;
            vm.dict_set_str(d, "builtin_module_names", names)?;
            let meta = vm.new_list(Vec::new())?;
            vm.dict_set_str(d, "meta_path", meta)?;
            vm.dict_set_str(d, "path_hooks", meta)?;
            for (name, write) in [
                ("stdout", write_stdout as hotpy_vm::NativeFnPtr),
                ("stderr", write_stderr),
            ] {
                let s = vm.new_module(&format!("sys.{name}"))?;
                vm.dict_set_str(d, name, Value::Obj(s))?;
                vm.dict_set_str(d, &format!("__{name}__"), Value::Obj(s))?;
                let sd = vm.module_dict(Value::Obj(s)).expect("module");
                let w = vm.new_native("write", hotpy_vm::object::NativeImpl::Fn(write))?;
                vm.dict_set_str(sd, "write", w)?;
                let f = vm.new_native("flush", hotpy_vm::object::NativeImpl::Fn(flush))?;
                vm.dict_set_str(sd, "flush", f)?;
                let n = vm.new_str(format!("<{name}>"))?;
                vm.dict_set_str(sd, "name", n)?;
            }
            Ok(())
        })
        // `sys.stdin` becomes iterable; done when `sys` is created, so a VM that never uses it
        // pays nothing.
        .python(include_str!("py/sys.py"))
}

fn setrecursionlimit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("setrecursionlimit", 1, 1)?;
    match args.positional()[0] {
        Value::Int(n) if n >= 1 => {
            vm.set_recursion_limit(usize::try_from(n).unwrap_or(usize::MAX));
            Ok(Value::None)
        }
        Value::Int(_) => Err(hotpy_vm::error::value_error(
            "recursion limit must be greater or equal than 1",
        )),
        other => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            hotpy_vm::ops::type_name(&vm.heap, other)
        ))),
    }
}

fn exit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("exit", 0, 1)?;
    let e: VmError = vm.new_exception(ExcKind::SystemExit, args.positional())?;
    Err(e)
}

fn text_arg(vm: &mut Vm, args: &Args<'_>) -> VmResult<String> {
    args.check_count("write", 1, 1)?;
    let v = args.positional()[0];
    match vm.str_text(v) {
        Some(s) => Ok(s.to_string()),
        None => Err(type_error(format!(
            "write() argument must be str, not {}",
            hotpy_vm::ops::type_name(&vm.heap, v)
        ))),
    }
}

fn write_stdout(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let s = text_arg(vm, &args)?;
    vm.write_stdout(&s);
    Ok(Value::Int(
        i64::try_from(s.chars().count()).unwrap_or(i64::MAX),
    ))
}

fn write_stderr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let s = text_arg(vm, &args)?;
    vm.flush_stdout();
    eprint!("{s}");
    Ok(Value::Int(
        i64::try_from(s.chars().count()).unwrap_or(i64::MAX),
    ))
}

fn flush(vm: &mut Vm, _args: Args<'_>) -> VmResult<Value> {
    vm.flush_stdout();
    Ok(Value::None)
}

fn stdin_readline(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("readline", 0, 1)?;
    vm.flush_stdout();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    vm.new_str(line)
}

fn stdin_read(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    use std::io::Read;
    args.check_count("read", 0, 1)?;
    vm.flush_stdout();
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    vm.new_str(text)
}

fn stdin_readlines(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    use std::io::Read;
    args.check_count("readlines", 0, 1)?;
    vm.flush_stdout();
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    let mut items = Vec::new();
    for line in text.split_inclusive('\n') {
        items.push(vm.new_str(line)?);
    }
    vm.new_list(items)
}
