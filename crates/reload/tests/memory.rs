//! Memory under reload: old generations are garbage once nothing refers to them, so the number
//! of live objects stays flat over thousands of reloads under every policy, and any number of
//! class definitions is fine.

mod common;

use common::Py;
use rstest::rstest;

/// A module with what a reload has to replace: classes (one with a subclass, one an enum),
/// functions with closures and defaults, a decorated function, containers of callbacks, a
/// module-level instance, and `__reload__` carrying a counter over.
const MODULE: &str = r#"
import enum
reloads = 0
class Base:
    def f(self):
        return 'base'
class Sub(Base):
    def g(self, x=[1, 2]):
        return len(x)
class Color(enum.Enum):
    RED = 1
    GREEN = 2
def deco(fn):
    def wrapper(*a):
        return fn(*a)
    return wrapper
@deco
def h(x):
    return x + 1
def make(n):
    def inner():
        return n
    return inner
CALLBACKS = [h, make(3)]
TABLE = {'h': h}
INSTANCE = Sub()
def __reload__(old):
    global reloads
    reloads = old['reloads'] + 1
"#;

/// Reload `m` `n` times from Python.
fn reload_n(py: &mut Py, n: usize) {
    py.ok(&format!("for _ in range({n}):\n    importlib.reload(m)\n"));
}

#[rstest]
fn memory_flat_over_many_reloads(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("m.py", MODULE);
    // Things held from outside keep (at most) one old generation's objects alive.
    py.ok("import m, importlib, hotreload\ns = m.Sub()\nfrom m import h\ncb = [m.make(1)]\nr = m.Color.RED\n");
    reload_n(&mut py, 10);
    let live10 = py.live_after_gc();
    let stats10 =
        py.ok("st = hotreload.stats()\nprint(st['live_types'], st['generations_kept'])\n");
    let bytes10 = py.ok("print(hotreload.stats()['heap_bytes'])\n");
    reload_n(&mut py, 1990);
    let live2000 = py.live_after_gc();
    let stats2000 =
        py.ok("st = hotreload.stats()\nprint(st['live_types'], st['generations_kept'])\n");
    let bytes2000 = py.ok("print(hotreload.stats()['heap_bytes'])\n");
    assert_eq!(
        py.ok("print(m.reloads, hotreload.generation(m), s.f(), h(1), cb[0](), m.Color.GREEN.value)\n"),
        "2000 2001 base 2 1 2\n"
    );
    assert!(
        live2000 <= live10 + 100,
        "{policy}: {live10} live objects after 10 reloads, {live2000} after 2000"
    );
    assert_eq!(stats10, stats2000, "live types and generations kept");
    let (b10, b2000): (usize, usize) = (
        bytes10.trim().parse().unwrap(),
        bytes2000.trim().parse().unwrap(),
    );
    assert!(
        b2000 <= b10 + 64 * 1024,
        "{policy}: heap bytes {b10} after 10 reloads, {b2000} after 2000"
    );
}

#[rstest]
fn reloads_under_gc_stress(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::with_stress(policy, true);
    py.write("m.py", MODULE);
    py.ok("import m, importlib, hotreload\ns = m.Sub()\nfrom m import h\nr = m.Color.RED\n");
    let before = py.vm.gc_stats().collections;
    reload_n(&mut py, 20);
    assert!(
        py.vm.gc_stats().collections > before + 20,
        "stress mode collects"
    );
    let out = py.ok(
        "print(m.reloads, s.f(), s.g(), h(1), m.CALLBACKS[1](), m.TABLE['h'](2), type(m.INSTANCE).__name__, m.Color(1).name)\n",
    );
    assert_eq!(out, "20 base 2 2 3 3 Sub RED\n");
    let same = py.ok("print(r is m.Color.RED, isinstance(s, m.Sub))\n");
    assert_eq!(
        same,
        if policy == "upgrade" {
            "True True\n"
        } else {
            "False False\n"
        }
    );
}

#[rstest]
fn forty_thousand_class_definitions(#[values(false, true)] keep: bool) {
    let mut py = Py::new("upgrade");
    py.ok("import hotreload\n");
    let base = py.live_after_gc();
    let types_before = py.ok("print(hotreload.stats()['live_types'])\n");
    let src = if keep {
        "ks = []\nfor i in range(40000):\n    class K:\n        n = i\n        def f(self):\n            return self.n\n    ks.append(K)\nprint(len(ks), ks[0] is not ks[-1], ks[-1]().f(), ks[123].n)\n"
    } else {
        "for i in range(40000):\n    class K:\n        n = i\n        def f(self):\n            return self.n\nprint(K().f())\n"
    };
    let out = py.ok(src);
    assert_eq!(
        out,
        if keep {
            "40000 True 39999 123\n"
        } else {
            "39999\n"
        }
    );
    if keep {
        let types: usize = py
            .ok("print(hotreload.stats()['live_types'])\n")
            .trim()
            .parse()
            .unwrap();
        assert!(types >= 40000, "{types} live types with 40,000 kept");
        py.ok("del ks\n");
    }
    py.ok("del K\n");
    let after = py.live_after_gc();
    assert!(
        after <= base + 100,
        "{base} live objects before 40,000 class definitions, {after} after"
    );
    assert_eq!(
        py.ok("print(hotreload.stats()['live_types'])\n"),
        types_before
    );
}

#[rstest]
fn memory_flat_over_failed_reloads_and_rollbacks(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
) {
    let mut py = Py::new(policy);
    py.write("m.py", MODULE);
    py.ok("import m, importlib, hotreload\ns = m.Sub()\n");
    let failing = format!("{MODULE}raise RuntimeError('no')\n");
    let cycle = |py: &mut Py, n: usize| {
        for _ in 0..n {
            py.write("m.py", MODULE);
            py.ok("importlib.reload(m)\nhotreload.rollback(m)\n");
            py.write("m.py", &failing);
            py.raises("importlib.reload(m)\n");
        }
    };
    cycle(&mut py, 10);
    let live10 = py.live_after_gc();
    cycle(&mut py, 300);
    let live310 = py.live_after_gc();
    assert_eq!(
        py.ok("print(hotreload.generation(m), s.f(), m.reloads)\n"),
        "1 base 0\n"
    );
    assert!(
        live310 <= live10 + 100,
        "{policy}: {live10} live objects after 10 cycles, {live310} after 310"
    );
}
