//! The standard modules: Rust natives where speed or the host matters (`sys`, `math`,
//! `random`'s generator, `os`, `time`, `gc`), bundled Python source elsewhere (`itertools`,
//! `json`, `heapq`, …; shipped inside the binary with `include_str!`). [`table`] declares them
//! all in a [`SharedModules`] table that the VMs of a factory share: the declarations are built
//! once and each Python source is compiled once per table (on its first import by any VM); the
//! module objects are per VM, created on each VM's first import.

mod io;
mod math;
mod os;
mod random;
mod sys;

use crate::importer::with_importer;
use crate::loader::SharedModules;
use crate::native::NativeModule;
use hotpy_vm::error::type_error;
use hotpy_vm::{Args, NoRoots, Value, Vm, VmResult};
use std::sync::Arc;
use std::time::Duration;

/// Python sources of the bundled modules: (name, source, is_package).
const PYTHON_MODULES: &[(&str, &str, bool)] = &[
    ("itertools", include_str!("py/itertools.py"), false),
    ("heapq", include_str!("py/heapq.py"), false),
    ("bisect", include_str!("py/bisect.py"), false),
    ("string", include_str!("py/string.py"), false),
    ("json", include_str!("py/json.py"), false),
    ("copy", include_str!("py/copy.py"), false),
    ("operator", include_str!("py/operator.py"), false),
    ("base64", include_str!("py/base64.py"), false),
    ("posixpath", include_str!("py/posixpath.py"), false),
    ("functools", include_str!("py/functools.py"), false),
    ("typing", include_str!("py/typing.py"), false),
    ("collections", include_str!("py/collections.py"), false),
    ("abc", include_str!("py/abc.py"), false),
    ("dataclasses", include_str!("py/dataclasses.py"), false),
    ("enum", include_str!("py/enum.py"), false),
    ("__future__", include_str!("py/__future__.py"), false),
    ("contextlib", include_str!("py/contextlib.py"), false),
    ("types", include_str!("py/types.py"), false),
    ("warnings", include_str!("py/warnings.py"), false),
    ("keyword", include_str!("py/keyword.py"), false),
    ("textwrap", include_str!("py/textwrap.py"), false),
    ("re", include_str!("py/re.py"), false),
    ("datetime", include_str!("py/datetime.py"), false),
];

/// A table of every standard module, to share between VMs (an embedder may add its own
/// modules, or replace a standard one, before sharing it; a module registered on one VM's
/// importer wins over the table's).
pub fn table() -> SharedModules {
    let mut table = SharedModules::new();
    let natives = [
        sys::module(),
        math::module(),
        random::module(),
        os::module(),
        io::module(),
        time_module(),
        gc_module(),
        importlib_module(),
    ];
    for m in natives {
        table.register_native(m);
    }
    crate::interpreters::register(&mut table);
    for &(name, src, pkg) in PYTHON_MODULES {
        table.register_source(name, src, pkg);
    }
    table
}

fn time_module() -> NativeModule {
    let start = std::time::Instant::now();
    let since_start = move || start.elapsed().as_secs_f64();
    let since_start_ns = move || i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX);
    NativeModule::new("time")
        .doc("Time access and conversions.")
        .function("time", wall_time)
        .function("time_ns", || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
                .unwrap_or(0)
        })
        .function("perf_counter", since_start)
        .function("monotonic", since_start)
        .function("process_time", since_start)
        .function("perf_counter_ns", since_start_ns)
        .function("monotonic_ns", since_start_ns)
        .raw_function("sleep", time_sleep)
}

/// An embedder's replacement for the wait in `time.sleep` (a [`Vm::set_extension`] value).
///
/// A program's `time.sleep` is the one moment a running loop is known to be idle and the VM in a
/// consistent state, so an embedder that has work queued for the VM (the `--watch` reloader)
/// installs a hook that waits for the same time while doing that work. The hook must wait
/// until `duration` has passed (or return the exception to raise).
#[derive(Clone)]
pub struct SleepHook(pub SleepFn);

/// The function behind a [`SleepHook`]: wait `duration`, doing the embedder's pending work.
pub type SleepFn = Arc<dyn Fn(&mut Vm, Duration) -> VmResult<()> + Send + Sync>;

fn time_sleep(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    // CPython names the function `time.sleep` in its argument errors.
    args.check_count("time.sleep", 1, 1)?;
    let secs: f64 = crate::native::arg(vm, "sleep", 0, args.positional()[0])?;
    if secs.is_nan() || secs < 0.0 {
        return Err(hotpy_vm::error::value_error(
            "sleep length must be non-negative",
        ));
    }
    let duration = Duration::from_secs_f64(secs.min(1e9));
    // What the program printed before sleeping shows while it sleeps.
    vm.flush_stdout();
    if let Some(hook) = vm.extension::<SleepHook>().cloned() {
        (hook.0)(vm, duration)?;
    } else {
        std::thread::sleep(duration);
    }
    Ok(Value::None)
}

fn wall_time() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn gc_module() -> NativeModule {
    NativeModule::new("gc")
        .doc("Interface to the garbage collector.")
        .raw_function("collect", gc_collect)
        .function("isenabled", || true)
        .function("enable", || ())
        .function("disable", || ())
}

fn gc_collect(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("collect", 0, 1)?;
    let freed = vm.collect(&NoRoots);
    Ok(Value::Int(i64::try_from(freed).unwrap_or(i64::MAX)))
}

fn importlib_module() -> NativeModule {
    NativeModule::new("importlib")
        .doc("A pure Python implementation of import.")
        .raw_function("import_module", importlib_import_module)
        .raw_function("invalidate_caches", |vm, args| {
            args.check_count("invalidate_caches", 0, 0)?;
            with_importer(vm, |imp, _| {
                imp.invalidate_caches();
                Ok(Value::None)
            })
        })
        .raw_function("reload", |vm, args| {
            args.check_count("reload", 1, 1)?;
            let m = args.positional()[0];
            if let Some(hook) = vm.extension::<crate::importer::ReloadHook>().cloned() {
                return (hook.0)(vm, m);
            }
            with_importer(vm, |imp, vm| imp.reload(vm, m))
        })
}

fn importlib_import_module(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [name, package] = args.bind(&vm.heap, "import_module", ["name", "package"], 0, 2, 1)?;
    let name = name.unwrap_or(Value::None);
    let Some(n) = vm.str_text(name).map(str::to_string) else {
        return Err(type_error(format!(
            "'{}' object is not subscriptable",
            hotpy_vm::ops::type_name(&vm.heap, name)
        )));
    };
    let package = match package {
        Some(p) if !p.is_none() => vm.str_text(p).map(str::to_string),
        _ => None,
    };
    with_importer(vm, |imp, vm| imp.import_module(vm, &n, package.as_deref()))
}
