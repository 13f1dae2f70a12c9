//! The importer through each loader: in-memory packages (relative imports, `__init__`,
//! circular imports, failures), the file system (`sys.path`, packages on disk, reload), native
//! modules (the typed API), and the import graph. Expected outputs are CPython 3.11's for the
//! same modules on disk.

mod common;

use hotpy_modules::{install, Config, Importer, NativeModule};
use hotpy_vm::{Value, Vm, VmResult};
use std::sync::Arc;

/// Run `main` with `importer` installed (GC stress on: every safe point collects), returning
/// its output, with an uncaught exception appended as CPython prints its last line.
fn run_with(importer: Importer, config: &Config, main: &str) -> (String, Arc<Importer>) {
    let mut vm = Vm::default();
    vm.set_gc_stress(true);
    let imp = install(&mut vm, importer, config).expect("install");
    (common::run_main(&mut vm, main), imp)
}

fn run_sources(sources: &[(&str, &str, bool)], main: &str) -> String {
    let imp = Importer::new();
    for &(name, src, pkg) in sources {
        imp.register_source(name, src, pkg);
    }
    run_with(imp, &Config::default(), main).0
}

#[test]
fn package_init_and_relative_imports() {
    let out = run_sources(
        &[
            ("pkg", "print('init', __name__, __package__)\nfrom .util import shout\nV = 1\n", true),
            ("pkg.util", "def shout(s):\n    return s.upper()\n", false),
            ("pkg.sub", "", true),
            (
                "pkg.sub.deep",
                "from .. import util\nfrom ..util import shout as yell\nfrom . import leaf\nR = yell('x') + util.shout('y') + leaf.N\n",
                false,
            ),
            ("pkg.sub.leaf", "N = 'n'\n", false),
        ],
        "import pkg.sub.deep\nprint(pkg.sub.deep.R, pkg.V, pkg.shout('a'))\nfrom pkg.sub import deep, leaf\nprint(deep.__package__, leaf.__name__, hasattr(pkg, '__path__'), hasattr(leaf, '__path__'))\nimport sys\nprint(sorted(k for k in sys.modules if k.startswith('pkg')))\n",
    );
    assert_eq!(
        out,
        "init pkg pkg\nXYn 1 A\npkg.sub pkg.sub.leaf True False\n['pkg', 'pkg.sub', 'pkg.sub.deep', 'pkg.sub.leaf', 'pkg.util']\n"
    );
}

#[test]
fn circular_imports_see_partial_modules() {
    let out = run_sources(
        &[
            ("first", "import second\nA = 'a'\ndef get():\n    return second.use()\n", false),
            ("second", "import first\nprint('partial:', hasattr(first, 'A'))\ndef use():\n    return 'second sees ' + first.A\n", false),
            ("third", "from fourth import X\nY = 'y'\n", false),
            ("fourth", "from third import Y\nX = 'x'\n", false),
        ],
        "import first\nprint(first.get())\ntry:\n    import third\nexcept ImportError as e:\n    print(e.name, e)\n",
    );
    assert_eq!(
        out,
        "partial: False\nsecond sees a\nthird cannot import name 'Y' from partially initialized module 'third' (most likely due to a circular import)\n"
    );
}

#[test]
fn failures_leave_no_module_behind() {
    let out = run_sources(
        &[
            ("broken", "X = 1\nraise RuntimeError('boom')\n", false),
            ("nested", "import missing_dependency\n", false),
            ("syn", "def f(:\n    pass\n", false),
            ("plain", "", false),
        ],
        "import sys\ntry:\n    import broken\nexcept RuntimeError as e:\n    print(e, 'broken' in sys.modules)\ntry:\n    import nested\nexcept ModuleNotFoundError as e:\n    print(e.name, str(e), 'nested' in sys.modules)\ntry:\n    import syn\nexcept SyntaxError:\n    print('SyntaxError', 'syn' in sys.modules)\ntry:\n    import plain.sub\nexcept ModuleNotFoundError as e:\n    print(e)\ntry:\n    from . import x\nexcept ImportError as e:\n    print(e)\n",
    );
    assert_eq!(
        out,
        "boom False\nmissing_dependency No module named 'missing_dependency' False\nSyntaxError False\nNo module named 'plain.sub'; 'plain' is not a package\nattempted relative import with no known parent package\n"
    );
}

#[test]
fn import_edges_and_dependents() {
    let imp = Importer::new();
    imp.register_source("base", "V = 1\n", false);
    imp.register_source("mid", "import base\n", false);
    imp.register_source("top", "from mid import base\n", false);
    imp.register_source("other", "", false);
    let (out, imp) = run_with(imp, &Config::default(), "import top, other\nprint('ok')\n");
    assert_eq!(out, "ok\n");
    assert_eq!(imp.imports_of("mid"), vec!["base".to_string()]);
    assert_eq!(
        imp.dependents("base"),
        vec!["__main__".to_string(), "mid".to_string(), "top".to_string()]
    );
    assert_eq!(imp.dependents("other"), vec!["__main__".to_string()]);
}

#[test]
fn file_system_packages_and_reload() {
    let dir = std::env::temp_dir().join(format!("hotpy-modules-test-{}", std::process::id()));
    let pkg = dir.join("fspkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("__init__.py"), "from .mod import value\n").unwrap();
    std::fs::write(pkg.join("mod.py"), "value = 1\nkept = 'old'\n").unwrap();
    let config = Config {
        extra_path: vec![dir.display().to_string()],
        ..Config::default()
    };
    let main = format!(
        "import fspkg, fspkg.mod, importlib, os\nprint(fspkg.value, os.path.basename(fspkg.__file__), fspkg.__path__ == [{:?}])\nm = fspkg.mod\nwith open(m.__file__, 'w') as f:\n    f.write('value = 2\\n')\nimportlib.reload(m)\nprint(m is fspkg.mod, m.value, m.kept, fspkg.value)\n",
        pkg.display().to_string()
    );
    let (out, imp) = run_with(Importer::new(), &config, &main);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out, "1 __init__.py True\nTrue 2 old 1\n");
    // The registry's slots: a reload bumps the generation and records the new source's hash.
    let pkg_slot = imp.slot("fspkg").expect("loaded");
    let mod_slot = imp.slot("fspkg.mod").expect("loaded");
    assert_eq!((pkg_slot.generation, mod_slot.generation), (1, 2));
    assert!(mod_slot
        .file
        .as_deref()
        .is_some_and(|f| f.ends_with("mod.py")));
    assert_ne!(mod_slot.source_hash, 0);
    assert!(imp.slot("math").is_none(), "never imported");
}

fn area(w: f64, h: f64) -> f64 {
    w * h
}

#[test]
fn native_modules_convert_arguments() {
    let imp = Importer::new();
    imp.register_native(
        NativeModule::new("geo")
            .doc("Geometry.")
            .constant("UNIT", 1.5)
            .constant("NAME", "geo")
            .function("area", area)
            .function("greet", |name: String, times: i64| -> VmResult<String> {
                if times < 0 {
                    return Err(hotpy_vm::error::value_error("times must be >= 0"));
                }
                Ok(format!("hi {name}").repeat(times as usize))
            })
            .function("total", |xs: Vec<i64>| xs.iter().sum::<i64>())
            .function("maybe", |x: Option<i64>| x.map(|v| v * 2))
            .raw_function("nargs", |_vm, args| Ok(Value::Int(args.len() as i64))),
    );
    let (out, _) = run_with(
        imp,
        &Config::default(),
        "import geo\nprint(geo.__doc__, geo.UNIT, geo.NAME, geo.area(2, 3.5), geo.greet('x', 2), geo.total([1, 2, 3]), geo.maybe(None), geo.maybe(4), geo.nargs(1, 2))\nfor call in [lambda: geo.area('a', 1), lambda: geo.area(1), lambda: geo.greet('x', -1), lambda: geo.total([1, 'b'])]:\n    try:\n        call()\n    except (TypeError, ValueError) as e:\n        print(type(e).__name__, e)\n",
    );
    assert_eq!(
        out,
        "Geometry. 1.5 geo 7.0 hi xhi x 6 None 8 2\nTypeError area() argument 1 must be real number, not str\nTypeError area() takes exactly 2 arguments (1 given)\nValueError times must be >= 0\nTypeError list item must be int, not str\n"
    );
}

#[test]
fn importlib_and_sys() {
    let config = Config {
        argv: vec!["prog.py".into(), "a".into()],
        script_dir: Some("/nowhere".into()),
        ..Config::default()
    };
    let imp = Importer::new();
    imp.register_source("pk", "", true);
    imp.register_source("pk.m", "X = 3\n", false);
    let (out, _) = run_with(
        imp,
        &config,
        "import sys, importlib\nprint(sys.argv, sys.path[0], sys.modules['sys'] is sys, sys.getrecursionlimit())\nprint(importlib.import_module('.m', 'pk').X, importlib.import_module('pk.m') is sys.modules['pk.m'])\ntry:\n    importlib.import_module('.m')\nexcept TypeError as e:\n    print(e)\ntry:\n    importlib.import_module('')\nexcept ValueError as e:\n    print(e)\nsys.setrecursionlimit(50)\ndef f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError:\n    print('RecursionError', sys.getrecursionlimit())\n",
    );
    assert_eq!(
        out,
        "['prog.py', 'a'] /nowhere True 1000\n3 True\nthe 'package' argument is required to perform a relative import for '.m'\nEmpty module name\nRecursionError 50\n"
    );
}

#[test]
fn native_classes() {
    use hotpy_modules::NativeClass;
    let imp = Importer::new();
    imp.register_native(
        NativeModule::new("counters").class(
            NativeClass::new("Counter")
                .doc("Counts things.")
                .raw_method("__init__", |vm, args| {
                    let this = args.positional()[0];
                    let start = args.get(1).unwrap_or(Value::Int(0));
                    vm.set_attr_str(this, "n", start)?;
                    Ok(Value::None)
                })
                .raw_method("incr", |vm, args| {
                    let this = args.positional()[0];
                    let n = vm.get_attr_str(this, "n")?;
                    let by = args.get(1).unwrap_or(Value::Int(1));
                    let sum = vm.binary_op(hotpy_compiler::bytecode::BinaryOperator::Add, n, by)?;
                    vm.set_attr_str(this, "n", sum)?;
                    Ok(sum)
                })
                .method("double", |_this: Value, x: i64| x * 2),
        ),
    );
    let (out, _) = run_with(
        imp,
        &Config::default(),
        "from counters import Counter\nc = Counter(5)\nc.incr()\nprint(c.incr(10), c.n, c.double(21), Counter.__doc__, Counter.__module__, type(c).__name__)\nclass Sub(Counter):\n    def incr(self, by=1):\n        return super().incr(by * 100)\nprint(Sub().incr(2))\n",
    );
    assert_eq!(out, "16 16 42 Counts things. counters Counter\n200\n");
}

/// A loader serving one generated module, to check custom loaders are consulted.
struct Generated;

impl hotpy_modules::Loader for Generated {
    fn find(&self, fullname: &str, _search: &[String]) -> Option<hotpy_modules::ModuleSource> {
        (fullname == "generated").then(|| hotpy_modules::ModuleSource::Source {
            text: "ORIGIN = 'custom loader'\n".into(),
            origin: "<generated>".into(),
            file: None,
            package_path: None,
        })
    }
}

#[test]
fn custom_loaders_and_find() {
    let imp = Importer::new().with_loader(Arc::new(Generated));
    let (out, imp) = run_with(
        imp,
        &Config::default(),
        "import generated\nprint(generated.ORIGIN, generated.__spec__.origin, hasattr(generated, '__file__'))\n",
    );
    assert_eq!(out, "custom loader <generated> False\n");
    let mut vm = Vm::default();
    let _ = install(&mut vm, Importer::new(), &Config::default()).unwrap();
    // `find` does not run anything: the reload layer compiles from what it returns.
    assert!(imp.find(&mut vm, "generated").unwrap().is_some());
    assert!(imp.find(&mut vm, "json").unwrap().is_some());
    assert!(imp.find(&mut vm, "no_such_module").unwrap().is_none());
}

#[test]
fn embedder_modules_win_over_the_standard_ones() {
    let imp = Importer::new();
    imp.register_source("json", "def dumps(o):\n    return 'embedder json'\n", false);
    let (out, _) = run_with(
        imp,
        &Config::default(),
        "import json, math\nprint(json.dumps(1), math.floor(2.5))\n",
    );
    assert_eq!(out, "embedder json 2\n");
}

/// PEP 562: a module's `__getattr__` answers for the names it lacks (attribute access and
/// `from m import name`); its AttributeError becomes the ImportError of a from-import.
#[test]
fn module_getattr_answers_missing_names() {
    let out = run_sources(
        &[(
            "lazy",
            "X = 1\ndef __getattr__(name):\n    if name.startswith('auto_'):\n        return name.upper()\n    raise AttributeError(f'custom {name}')\n",
            false,
        )],
        "import lazy\nprint(lazy.X, lazy.auto_a)\nfrom lazy import auto_b\nprint(auto_b)\ntry:\n    lazy.other\nexcept AttributeError as e:\n    print(e)\ntry:\n    from lazy import nope\nexcept ImportError as e:\n    print(type(e).__name__, e)\n",
    );
    assert_eq!(
        out,
        "1 AUTO_A\nAUTO_B\ncustom other\nImportError cannot import name 'nope' from 'lazy' (unknown location)\n"
    );
}
