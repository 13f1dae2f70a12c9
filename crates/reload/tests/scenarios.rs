//! Hot reload, policy by policy: each scenario runs under `reexec` (CPython's
//! `importlib.reload`), `fresh` (cleared namespace) and `upgrade` (classes and functions keep
//! their identity and take the new code), and asserts what that policy promises.
//!
//! Modules live in a temporary directory on `sys.path`; a test writes a module, imports it from
//! `__main__`, rewrites it and reloads it through Python (`importlib.reload`, `hotreload`).

mod common;

use common::Py;
use rstest::rstest;

/// The three policies' expectations for one observation.
fn per_policy<'a>(policy: &str, reexec: &'a str, fresh: &'a str, upgrade: &'a str) -> &'a str {
    match policy {
        "reexec" => reexec,
        "fresh" => fresh,
        "upgrade" => upgrade,
        other => panic!("no expectation for policy {other}"),
    }
}

#[rstest]
fn live_instances_see_new_methods_only_under_upgrade(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    py.write("m.py", "class C:\n    def f(self):\n        return 1\n");
    assert_eq!(
        py.ok("import m, importlib\nc = m.C()\nprint(c.f())\n"),
        "1\n"
    );
    py.write(
        "m.py",
        "class C:\n    def f(self):\n        return 2\n    def g(self):\n        return 'g'\n",
    );
    let out = py.ok(
        "C0 = m.C\nimportlib.reload(m)\nprint(c.f(), m.C().f(), isinstance(c, m.C), hasattr(c, 'g'), m.C is C0)\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "1 2 False False False\n",
            "1 2 False False False\n",
            "2 2 True True True\n"
        )
    );
}

#[rstest]
fn from_imports_and_callbacks(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write(
        "m.py",
        "def f():\n    return 'old'\nHANDLERS = [f]\nTABLE = {'k': f}\n",
    );
    py.ok("import m, importlib\nfrom m import f\ncbs = [m.f]\nd = {'k': m.f}\n");
    py.write(
        "m.py",
        "def f():\n    return 'new'\nHANDLERS = [f]\nTABLE = {'k': f}\n",
    );
    let out = py.ok(
        "importlib.reload(m)\nprint(m.f(), f(), cbs[0](), d['k']())\nprint(m.HANDLERS[0](), m.TABLE['k'](), m.HANDLERS[0] is m.f, f is m.f)\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "new old old old\nnew new True False\n",
            "new old old old\nnew new True False\n",
            "new new new new\nnew new True True\n"
        )
    );
}

#[rstest]
fn stale_names(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("m.py", "A = 1\nOLD = 'stale'\ndef gone():\n    pass\n");
    py.ok("import m, importlib\n");
    py.write("m.py", "A = 2\n");
    let out = py.ok(
        "importlib.reload(m)\nprint(m.A, hasattr(m, 'OLD'), hasattr(m, 'gone'), m.__name__, m.__file__.endswith('m.py'))\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "2 True True m True\n",
            "2 False False m True\n",
            "2 False False m True\n"
        )
    );
}

const V1: &str = r#"
X = 1
L = [1, 2]
class C:
    def f(self):
        return 'C1'
def f():
    return 'f1'
"#;

/// Everything `V1` defines, as `__main__` sees it (saved objects included).
const CHECK_V1: &str = r#"
print(m.X, m.L, m.L is L0, m.C is C0, m.f is f0, f0(), c.f(), m.C().f(), C0.f(c), m.f())
print(sorted(k for k in vars(m) if not k.startswith('__')), hotreload.generation(m))
"#;
const V1_SEEN: &str = "1 [1, 2] True True True f1 C1 C1 C1 f1\n['C', 'L', 'X', 'f'] 1\n";

fn setup_v1(policy: &str, stress: bool) -> Py {
    let mut py = Py::with_stress(policy, stress);
    py.write("m.py", V1);
    py.ok("import m, importlib, hotreload\nL0, C0, f0 = m.L, m.C, m.f\nc = m.C()\n");
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    py
}

fn last_history(py: &mut Py) -> String {
    py.ok("h = hotreload.history(m)[-1]\nprint(h['generation'], h['status'], h['error'])\n")
}

#[rstest]
fn syntax_error_leaves_module_unchanged(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = setup_v1(policy, stress);
    py.write("m.py", "X = 2\ndef f(:\n    pass\n");
    let err = py.raises("importlib.reload(m)\n");
    assert!(err.starts_with("SyntaxError"), "{err}");
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    let h = last_history(&mut py);
    assert!(h.starts_with("1 failed SyntaxError"), "{h}");
}

#[rstest]
fn runtime_error_rolls_back(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = setup_v1(policy, stress);
    py.write(
        "m.py",
        "X = 2\nL = [3]\nclass C:\n    def f(self):\n        return 'C2'\ndef f():\n    return 'f2'\nNEW = 1\nraise RuntimeError('boom')\n",
    );
    assert_eq!(py.raises("importlib.reload(m)\n"), "RuntimeError: boom");
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    assert_eq!(last_history(&mut py), "1 failed RuntimeError: boom\n");
}

#[rstest]
fn failing_reload_hook_rolls_back(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = setup_v1(policy, stress);
    py.write(
        "m.py",
        "X = 2\nL = [3]\nclass C:\n    def f(self):\n        return 'C2'\ndef f():\n    return 'f2'\ndef __reload__(old):\n    raise ValueError('no migration')\n",
    );
    assert_eq!(
        py.raises("importlib.reload(m)\n"),
        "ValueError: no migration"
    );
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    assert_eq!(last_history(&mut py), "1 failed ValueError: no migration\n");
}

#[rstest]
fn reload_hook_carries_state(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write(
        "m.py",
        "count = 0\ndef bump():\n    global count\n    count += 1\n    return count\n",
    );
    py.ok("import m, importlib\nfor _ in range(3):\n    m.bump()\n");
    py.write(
        "m.py",
        "count = 0\ndef bump():\n    global count\n    count += 10\n    return count\ndef __reload__(old):\n    global count\n    count = old['count'] + 100\n    print(old['bump'] is bump)\n",
    );
    // `old` holds the previous generation's objects: under upgrade the old `bump` is the
    // surviving function, already running the new code.
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(m.count, m.bump())\n"),
        per_policy(
            policy,
            "False\n103 113\n",
            "False\n103 113\n",
            "True\n103 113\n"
        )
    );
    // Both generations define `__reload__`: the new one still runs (under upgrade it is the
    // old function object, merged).
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(m.count)\n"),
        per_policy(policy, "False\n213\n", "False\n213\n", "True\n213\n")
    );
}

#[rstest]
fn deleted_file_is_an_error_and_changes_nothing(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
) {
    let mut py = setup_v1(policy, false);
    py.remove("m.py");
    let err = py.raises("importlib.reload(m)\n");
    assert!(err.starts_with("ModuleNotFoundError"), "{err}");
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    let h = last_history(&mut py);
    assert!(h.starts_with("1 failed ModuleNotFoundError"), "{h}");
}

#[rstest]
fn cascade_order_with_a_cycle(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    // a <-> b is a cycle; c imports b; d imports c; e is unrelated.
    py.write("a.py", "V = 1\nimport b\n");
    py.write(
        "b.py",
        "import a\nfrom a import V as AV\ndef get():\n    return a.V\n",
    );
    py.write("c.py", "import b\n");
    py.write("d.py", "import c\nfrom b import get\n");
    py.write("e.py", "X = 1\n");
    py.ok("import a, b, d, e, hotreload\n");
    py.write("a.py", "V = 2\nimport b\n");
    let out = py.ok(
        "order = hotreload.reload(a, cascade=True)\nprint(order)\nprint(hotreload.dependents(a))\nprint(d.get(), a.V, b.AV, [hotreload.generation(x) for x in 'abcde'])\n",
    );
    let mut lines = out.lines();
    let order: Vec<String> = lines
        .next()
        .unwrap()
        .trim_matches(['[', ']'])
        .split(", ")
        .map(|s| s.trim_matches('\'').to_string())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, ["a", "b", "c", "d"], "each module once: {order:?}");
    let pos = |m: &str| order.iter().position(|x| x == m).unwrap();
    assert!(pos("b") < pos("c") && pos("c") < pos("d"), "{order:?}");
    // The changed module comes first, even in a cycle: `b`'s `from a import V` re-runs after
    // `a` has its new code.
    assert_eq!(order[0], "a", "{order:?}");
    assert_eq!(lines.next().unwrap(), "['__main__', 'b', 'c', 'd']");
    // `d` re-ran `from b import get` after `b` reloaded, so every policy sees the new `a.V`.
    assert_eq!(lines.next().unwrap(), "2 2 2 [2, 2, 2, 2, 1]");
}

#[rstest]
fn failing_dependent_undoes_the_cascade(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    py.write("a.py", "X = 1\ndef f():\n    return 'a1'\n");
    py.write(
        "b.py",
        "import a\nY = a.X * 10\nclass K:\n    def k(self):\n        return 'k1'\n",
    );
    py.ok("import a, b, hotreload\nfa = a.f\nk = b.K()\n");
    py.write("a.py", "X = 2\ndef f():\n    return 'a2'\n");
    py.write(
        "b.py",
        "import a\nclass K:\n    def k(self):\n        return 'k2'\nif a.X == 2:\n    raise RuntimeError('dependent failed')\nY = a.X * 10\n",
    );
    assert_eq!(
        py.raises("hotreload.reload(a, cascade=True)\n"),
        "RuntimeError: dependent failed"
    );
    let out = py.ok(
        "print(a.X, a.f(), fa(), fa is a.f, b.Y, k.k(), b.K().k(), hotreload.generation(a), hotreload.generation(b))\nprint([h['status'] for h in hotreload.history(a)], [h['status'] for h in hotreload.history(b)])\n",
    );
    assert_eq!(
        out,
        "1 a1 a1 True 10 k1 k1 1 1\n['live', 'rolled back'] ['live', 'failed']\n"
    );
}

#[rstest]
fn package_submodule_changes(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("pkg/__init__.py", "from .sub import f\nfrom . import sub\n");
    py.write("pkg/sub.py", "def f():\n    return 1\n");
    py.ok("import pkg, importlib, hotreload\nimport pkg.sub\nfrom pkg.sub import f\n");
    py.write("pkg/sub.py", "def f():\n    return 2\n");
    // Alone: the package's own `from .sub import f` binding keeps its identity only under
    // upgrade.
    let out =
        py.ok("importlib.reload(pkg.sub)\nprint(pkg.sub.f(), pkg.f(), f(), pkg.sub is pkg.sub)\n");
    assert_eq!(
        out,
        per_policy(policy, "2 1 1 True\n", "2 1 1 True\n", "2 2 2 True\n")
    );
    py.write("pkg/sub.py", "def f():\n    return 3\n");
    let out = py.ok(
        "names = hotreload.reload('pkg.sub', cascade=True)\nprint(names[0], 'pkg' in names, pkg.sub.f(), pkg.f(), sys_ok := pkg.sub is __import__('sys').modules['pkg.sub'])\n",
    );
    assert_eq!(out, "pkg.sub True 3 3 True\n");
}

#[rstest]
fn subclass_in_another_module(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write(
        "base.py",
        "class Base:\n    def hello(self):\n        return 'v1'\n",
    );
    py.write(
        "derived.py",
        "from base import Base\nclass D(Base):\n    def name(self):\n        return 'D ' + self.hello()\n",
    );
    py.ok("import base, derived, importlib\nd = derived.D()\n");
    py.write(
        "base.py",
        "class Base:\n    def hello(self):\n        return 'v2'\n    def extra(self):\n        return 'extra'\n",
    );
    let out = py.ok(
        "importlib.reload(base)\nprint(d.name(), hasattr(d, 'extra'), isinstance(d, base.Base), issubclass(derived.D, base.Base))\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "D v1 False False False\n",
            "D v1 False False False\n",
            "D v2 True True True\n"
        )
    );
}

#[rstest]
fn base_class_change(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let classes = "class A:\n    def who(self):\n        return 'A'\nclass B:\n    def who(self):\n        return 'B'\n";
    py.write("m.py", &format!("{classes}class C(A):\n    pass\n"));
    py.write("other.py", "import m\nclass E(m.C):\n    pass\n");
    py.ok("import m, other, importlib\nc = m.C()\ne = other.E()\n");
    py.write("m.py", &format!("{classes}class C(B):\n    pass\n"));
    let out = py.ok(
        "importlib.reload(m)\nprint(c.who(), e.who(), m.C().who(), [k.__name__ for k in other.E.__mro__], m.C.__bases__ == (m.B,))\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "A A B ['E', 'C', 'A', 'object'] True\n",
            "A A B ['E', 'C', 'A', 'object'] True\n",
            "B B B ['E', 'C', 'B', 'object'] True\n"
        )
    );
}

#[rstest]
fn decorated_functions(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let src = |tag: &str, v: i32| {
        format!(
            "def deco(fn):\n    def wrapper(*a):\n        return ('{tag}', fn(*a))\n    return wrapper\n@deco\ndef f(x):\n    return x + {v}\n"
        )
    };
    py.write("m.py", &src("w1", 1));
    py.ok("import m, importlib\nfrom m import f\n");
    py.write("m.py", &src("w2", 2));
    let out = py.ok("importlib.reload(m)\nprint(f(10), m.f(10))\n");
    assert_eq!(
        out,
        per_policy(
            policy,
            "('w1', 11) ('w2', 12)\n",
            "('w1', 11) ('w2', 12)\n",
            "('w2', 12) ('w2', 12)\n"
        )
    );
}

#[rstest]
fn enum_members(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    py.write(
        "m.py",
        "import enum\nclass Color(enum.Enum):\n    RED = 1\n    GREEN = 2\n",
    );
    py.ok("import m, importlib\nr = m.Color.RED\nC0 = m.Color\n");
    py.write(
        "m.py",
        "import enum\nclass Color(enum.Enum):\n    RED = 1\n    GREEN = 2\n    BLUE = 3\n    def label(self):\n        return self.name.lower()\n",
    );
    let out = py.ok(
        "importlib.reload(m)\nprint(r is m.Color.RED, m.Color(1) is r, m.Color['RED'] is r, isinstance(r, m.Color), C0 is m.Color)\nprint([c.name for c in m.Color], hasattr(r, 'label'))\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "False False False False False\n['RED', 'GREEN', 'BLUE'] False\n",
            "False False False False False\n['RED', 'GREEN', 'BLUE'] False\n",
            "True True True True True\n['RED', 'GREEN', 'BLUE'] True\n"
        )
    );
    if policy == "upgrade" {
        assert_eq!(
            py.ok("print(r.label(), m.Color.BLUE.label(), r == m.Color.RED)\n"),
            "red blue True\n"
        );
    }
}

#[rstest]
fn rollback_restores_previous_generation(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = setup_v1(policy, stress);
    py.write(
        "m.py",
        "X = 2\nL = [3]\nclass C:\n    def f(self):\n        return 'C2'\ndef f():\n    return 'f2'\nNEW = 'n'\n",
    );
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(m.X, m.f(), m.C().f(), hotreload.generation(m))\n"),
        "2 f2 C2 2\n"
    );
    assert_eq!(py.ok("print(hotreload.rollback(m))\n"), "1\n");
    assert_eq!(py.ok(CHECK_V1), V1_SEEN);
    assert_eq!(
        py.ok("print([(h['generation'], h['status']) for h in hotreload.history(m)])\n"),
        "[(1, 'live'), (2, 'rolled back')]\n"
    );
    // Only one previous generation is kept: a second rollback has nothing to go back to.
    let err = py.raises("hotreload.rollback(m)\n");
    assert!(err.starts_with("ValueError"), "{err}");
    // Reloading again makes generation 2 again.
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(m.f(), hotreload.generation(m))\n"),
        "f2 2\n"
    );
}

#[rstest]
fn history_contents(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("m.py", "X = 1\n");
    py.ok("import m, importlib, hotreload\n");
    let show = "print([(h['generation'], h['status'], h['source_hash'], h['error']) for h in hotreload.history(m)])\n";
    let first = py.ok(show);
    py.write("m.py", "X = 2\n");
    py.ok("importlib.reload(m)\n");
    py.write("m.py", "X = (\n");
    py.raises("importlib.reload(m)\n");
    py.write("m.py", "X = 1\n");
    py.ok("importlib.reload(m)\n");
    let out = py.ok(
        "hs = hotreload.history(m)\nprint([(h['generation'], h['status']) for h in hs])\nprint(hs[0]['source_hash'] == hs[3]['source_hash'], hs[0]['source_hash'] != hs[1]['source_hash'], hs[1]['source_hash'] != hs[2]['source_hash'])\nprint([h['error'] for h in hs][:2], hs[2]['error'].split(':')[0], hs[3]['error'])\nprint(all(isinstance(h['source_hash'], str) and len(h['source_hash']) == 16 for h in hs))\n",
    );
    assert!(first.starts_with("[(1, 'live', '"), "{first}");
    assert!(first.ends_with("', None)]\n"), "{first}");
    assert_eq!(
        out,
        "[(1, 'old'), (2, 'old'), (2, 'failed'), (3, 'live')]\nTrue True True\n[None, None] SyntaxError None\nTrue\n"
    );
}

#[test]
fn python_face_argument_errors() {
    let mut py = Py::new("reexec");
    py.ok("import hotreload, importlib\n");
    assert_eq!(py.ok("print(hotreload.policy())\n"), "reexec\n");
    let err = py.raises("hotreload.set_policy('nope')\n");
    assert!(
        err.starts_with("ValueError: unknown reload policy 'nope'"),
        "{err}"
    );
    assert_eq!(py.ok("print(hotreload.policy())\n"), "reexec\n");
    let err = py.raises("importlib.reload(42)\n");
    assert_eq!(err, "TypeError: reload() argument must be a module");
    py.ok("hotreload.set_policy('upgrade')\n");
    assert_eq!(py.ok("print(hotreload.policy())\n"), "upgrade\n");
}

#[rstest]
fn stats_counts(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("m.py", "class C:\n    pass\n");
    py.ok("import m, importlib, hotreload\nimportlib.reload(m)\n");
    let out = py.ok(
        "s = hotreload.stats()\nprint(s['modules'], s['generations_kept'], s['live_types'] > 0, s['heap_bytes'] > 0)\n",
    );
    assert_eq!(out, "1 1 True True\n");
}

#[rstest]
fn upgrade_reaches_objects_the_new_code_made(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    let src = |v: &str, extra: &str| {
        format!(
            "import enum\nclass Base:\n    def f(self):\n        return 'base{v}'\nclass Sub(Base):\n    def f(self):\n        return 'sub{v}+' + super().f()\nclass Color(enum.Enum):\n    RED = 1\n{extra}ITEMS = [Sub()]\nCONFIG = {{'s': Sub()}}\n"
        )
    };
    py.write("m.py", &src("1", ""));
    py.ok("import m, importlib\ns = m.Sub()\n");
    assert_eq!(py.ok("print(s.f())\n"), "sub1+base1\n");
    py.write(
        "m.py",
        &src("2", "    BLUE = 3\nclass Newer(Base):\n    pass\n"),
    );
    let out = py.ok(
        "importlib.reload(m)\nprint(s.f(), m.Sub().f(), m.ITEMS[0].f(), isinstance(m.ITEMS[0], m.Sub), isinstance(m.CONFIG['s'], m.Sub))\nprint(isinstance(m.Color.BLUE, m.Color), type(m.Color.BLUE) is m.Color, issubclass(m.Newer, m.Base), isinstance(m.Newer(), m.Base), m.Newer().f())\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "sub1+base1 sub2+base2 sub2+base2 True True\nTrue True True True base2\n",
            "sub1+base1 sub2+base2 sub2+base2 True True\nTrue True True True base2\n",
            "sub2+base2 sub2+base2 sub2+base2 True True\nTrue True True True base2\n"
        )
    );
}

#[rstest]
fn class_members_of_every_kind(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let src = |v: i32| {
        format!(
            "class Err(Exception):\n    pass\nclass C:\n    class Inner:\n        def v(self):\n            return {v}\n    @property\n    def p(self):\n        return {v}\n    @classmethod\n    def cm(cls):\n        return ({v}, cls.__name__)\n    @staticmethod\n    def sm():\n        return {v}\n    def m(self):\n        return {v}\n"
        )
    };
    py.write("m.py", &src(1));
    py.ok("import m, importlib\nc = m.C()\nbound = c.m\ninner = m.C.Inner()\ncm, sm = m.C.cm, m.C.sm\ne = m.Err('x')\nIn0 = m.C.Inner\n");
    py.write("m.py", &src(2));
    let out = py.ok(
        "importlib.reload(m)\nprint(c.p, c.m(), bound(), cm(), sm(), c.cm(), c.sm(), inner.v(), In0 is m.C.Inner)\ntry:\n    raise e\nexcept m.Err:\n    print('caught as the live class')\nexcept Exception:\n    print('not the live class')\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "1 1 1 (1, 'C') 1 (1, 'C') 1 1 False\nnot the live class\n",
            "1 1 1 (1, 'C') 1 (1, 'C') 1 1 False\nnot the live class\n",
            "2 2 2 (2, 'C') 2 (2, 'C') 2 2 True\ncaught as the live class\n"
        )
    );
}

#[rstest]
fn names_that_change_kind(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write(
        "m.py",
        "def a():\n    return 1\nclass B:\n    pass\nc = 3\n",
    );
    py.ok("import m, importlib\nfa = m.a\n");
    py.write(
        "m.py",
        "class a:\n    pass\ndef B():\n    return 'B'\ndef c():\n    return 'c'\n",
    );
    let out =
        py.ok("importlib.reload(m)\nprint(type(m.a).__name__, m.B(), m.c(), fa(), fa is m.a)\n");
    assert_eq!(out, "type B c 1 False\n");
}

#[rstest]
fn failed_upgrade_after_merge_restores_super_and_instances(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    let src = |v: &str, hook: &str| {
        format!(
            "class Base:\n    def f(self):\n        return 'base{v}'\nclass Sub(Base):\n    def f(self):\n        return 'sub{v}+' + super().f()\nITEMS = [Sub()]\n{hook}"
        )
    };
    py.write("m.py", &src("1", ""));
    py.ok("import m, importlib, hotreload\ns = m.Sub()\nitems = m.ITEMS\n");
    py.write(
        "m.py",
        &src(
            "2",
            "def __reload__(old):\n    raise KeyError('migration')\n",
        ),
    );
    assert_eq!(py.raises("importlib.reload(m)\n"), "KeyError: 'migration'");
    let check = "print(s.f(), m.Sub().f(), m.ITEMS[0].f(), m.ITEMS is items, isinstance(m.ITEMS[0], m.Sub), hotreload.generation(m))\n";
    assert_eq!(
        py.ok(check),
        "sub1+base1 sub1+base1 sub1+base1 True True 1\n"
    );
    py.write("m.py", &src("3", ""));
    let expected_s = per_policy(policy, "sub1+base1", "sub1+base1", "sub3+base3");
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(s.f(), m.Sub().f(), m.ITEMS[0].f(), hotreload.generation(m))\n"),
        format!("{expected_s} sub3+base3 sub3+base3 2\n")
    );
    py.ok("hotreload.rollback(m)\n");
    assert_eq!(
        py.ok(check),
        "sub1+base1 sub1+base1 sub1+base1 True True 1\n"
    );
}

#[rstest]
fn reload_of_a_module_missing_from_sys_modules(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
) {
    let mut py = Py::new(policy);
    py.write("m.py", "X = 1\n");
    py.ok("import m, importlib, sys\ndel sys.modules['m']\n");
    let err = py.raises("importlib.reload(m)\n");
    assert_eq!(err, "ImportError: module m not in sys.modules");
    assert_eq!(py.ok("print(m.X)\n"), "1\n");
}

/// Layout changes under upgrade must never crash the VM: a live instance made with the old
/// layout either works or raises a Python exception.
#[rstest]
#[case::slots_grow(
    "class C:\n    __slots__ = ('a',)\n    def __init__(self):\n        self.a = 1\n",
    "class C:\n    __slots__ = ('z', 'a', 'b')\n    def __init__(self):\n        self.a = 1\n        self.b = 2\n        self.z = 0\n",
    "try:\n    print(c.a, c.b)\nexcept AttributeError as e:\n    print('AttributeError')\nc.b = 5\nprint(c.b)\n"
)]
#[case::slots_removed(
    "class C:\n    __slots__ = ('a',)\n    def __init__(self):\n        self.a = 1\n",
    "class C:\n    def __init__(self):\n        self.a = 1\n",
    "try:\n    print(c.a)\nexcept AttributeError as e:\n    print('AttributeError')\ntry:\n    c.x = 5\n    print(c.x)\nexcept AttributeError as e:\n    print('AttributeError')\n"
)]
#[case::becomes_list(
    "class C:\n    pass\n",
    "class C(list):\n    pass\n",
    "try:\n    c.append(1)\n    print(len(c))\nexcept TypeError as e:\n    print('TypeError')\n"
)]
#[case::stops_being_list(
    "class C(list):\n    pass\n",
    "class C:\n    def size(self):\n        return 0\n",
    "print(c.size())\n"
)]
#[case::exception_to_plain(
    "class C(Exception):\n    pass\n",
    "class C:\n    def hi(self):\n        return 'hi'\n",
    "try:\n    print(c.hi())\nexcept TypeError as e:\n    print('TypeError')\n"
)]
fn layout_changes_never_crash(#[case] v1: &str, #[case] v2: &str, #[case] probe: &str) {
    for policy in common::POLICIES {
        let mut py = Py::new(policy);
        py.write("m.py", v1);
        py.ok("import m, importlib\nc = m.C()\n");
        py.write("m.py", v2);
        py.ok("importlib.reload(m)\n");
        let guarded: String = probe.lines().map(|l| format!("    {l}\n")).collect();
        let (out, err) = py.exec(&format!(
            "try:\n{guarded}except Exception as e:\n    print(type(e).__name__)\n"
        ));
        assert!(err.is_none(), "{policy}: {err:?} (output {out:?})");
        assert!(!out.is_empty(), "{policy}");
        // The new class works for new instances under every policy.
        let (_, err) = py.exec("d = m.C()\n");
        assert!(err.is_none(), "{policy}: {err:?}");
    }
}

/// (Not with `abc.ABC` as a base: instantiating any `abc.ABC` subclass fails today, because
/// `abc._abstracts` reads `object.__dict__`, which hotpy's builtin types lack.)
#[rstest]
fn dataclasses(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let src = |extra: &str| {
        format!(
            "import dataclasses\nclass Shape:\n    def kind(self):\n        return 'shape'\n@dataclasses.dataclass\nclass Sq(Shape):\n    side: int\n{extra}    def area(self):\n        return self.side ** 2\n"
        )
    };
    py.write("m.py", &src(""));
    py.ok("import m, importlib\nq = m.Sq(3)\n");
    py.write("m.py", &src("    label: str = 'sq'\n"));
    let out = py.ok(
        "importlib.reload(m)\nprint(m.Sq(2), m.Sq(2).area(), q.area(), q.kind(), isinstance(q, m.Shape), m.Sq(2) == m.Sq(2))\n",
    );
    let live = per_policy(policy, "False", "False", "True");
    assert_eq!(
        out,
        format!("Sq(side=2, label='sq') 4 9 shape {live} True\n")
    );
}

#[test]
fn python_face_errors_name_the_problem() {
    let mut py = Py::new("upgrade");
    py.ok("import hotreload\n");
    let err = py.raises("hotreload.history(42)\n");
    assert!(err.starts_with("TypeError"), "{err}");
    let err = py.raises("hotreload.reload('no_such_module')\n");
    assert_eq!(err, "ImportError: module no_such_module not in sys.modules");
    for f in ["rollback", "generation", "history"] {
        let err = py.raises(&format!("hotreload.{f}('no_such_module')\n"));
        assert_eq!(
            err, "ImportError: module no_such_module not in sys.modules",
            "{f}"
        );
    }
    // Asking about a module that never ran invents no history for it.
    assert_eq!(py.ok("print(hotreload.stats()['modules'])\n"), "0\n");
    let err = py.raises("hotreload.set_policy(3)\n");
    assert!(err.starts_with("TypeError"), "{err}");
}

/// Warm inline caches (attribute, method and global lookups in a function that ran before the
/// reload) never serve the old generation's code afterwards.
#[rstest]
fn warm_caches_see_the_new_code(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    let src = |v: i32| {
        format!("K = {v}\nclass C:\n    def f(self):\n        return {v}\n    x = {v}\ndef g():\n    return K\n")
    };
    py.write("m.py", &src(1));
    py.ok("import m, importlib\nfrom m import g\nc = m.C()\ndef probe():\n    d = m.C()\n    return (c.f(), c.x, d.f(), d.x, m.K, m.g(), g(), m.C.x)\nfor _ in range(50):\n    r = probe()\nprint(r)\n");
    py.write("m.py", &src(2));
    let out = py.ok("importlib.reload(m)\nfor _ in range(3):\n    print(probe())\n");
    let line = per_policy(
        policy,
        "(1, 1, 2, 2, 2, 2, 2, 2)\n",
        "(1, 1, 2, 2, 2, 2, 2, 2)\n",
        "(2, 2, 2, 2, 2, 2, 2, 2)\n",
    );
    assert_eq!(out, line.repeat(3));
}

/// Reloading a package keeps its submodules bound on it (the import system put them there, not
/// the package's source).
#[rstest]
fn package_reload_keeps_submodule_bindings(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("pkg/__init__.py", "X = 1\n");
    py.write("pkg/sub.py", "def f():\n    return 'sub'\n");
    py.ok("import importlib\nimport pkg.sub\n");
    py.write("pkg/__init__.py", "X = 2\n");
    let out = py.ok(
        "importlib.reload(pkg)\nprint(pkg.X, pkg.sub.f(), hasattr(pkg, '__path__'))\nimport pkg.sub\nfrom pkg import sub\nprint(sub.f())\n",
    );
    assert_eq!(out, "2 sub True\nsub\n");
}

#[rstest]
fn enum_member_values_change_and_roll_back(#[values(false, true)] stress: bool) {
    let mut py = Py::with_stress("upgrade", stress);
    let src = |red: i32, extra: &str| {
        format!("import enum\nclass Color(enum.Enum):\n    RED = {red}\n    GREEN = 2\n{extra}")
    };
    py.write("m.py", &src(1, ""));
    py.ok("import m, importlib, hotreload\nr, g = m.Color.RED, m.Color.GREEN\nseen = {r: 'red'}\n");
    py.write("m.py", &src(10, ""));
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(r.value, m.Color(10) is r, m.Color.RED is r, seen[m.Color.RED], list(m.Color) == [r, g])\n"),
        "10 True True red True\n"
    );
    let err = py.raises("m.Color(1)\n");
    assert!(err.starts_with("ValueError"), "{err}");
    py.ok("hotreload.rollback(m)\n");
    assert_eq!(
        py.ok("print(r.value, m.Color(1) is r, m.Color.RED is r, list(m.Color) == [r, g])\n"),
        "1 True True True\n"
    );
    // A failing reload after the merge leaves the members as they were.
    py.write(
        "m.py",
        &src(5, "def __reload__(old):\n    raise RuntimeError('undo')\n"),
    );
    py.raises("importlib.reload(m)\n");
    assert_eq!(
        py.ok("print(r.value, m.Color(1) is r, [c.value for c in m.Color])\n"),
        "1 True [1, 2]\n"
    );
}

/// `isolate`: the module runs in a child VM of its own; the importer sees functions that call
/// into it and copies of its shareable constants; state that cannot cross stays in the child
/// (and says so); a reload builds a new child, so state starts afresh, and `from m import f`
/// reaches the new code; a failing reload leaves the old child serving; rollback brings the
/// previous child back with its state.
#[rstest]
fn isolate_rebuilds_the_module(#[values(false, true)] stress: bool) {
    let mut py = Py::with_stress("isolate", stress);
    py.write(
        "m.py",
        "import sys\nsys.marker = 'child'\nLIMIT = 10\nNAMES = ('a', 'b')\nSTATE = []\n\ndef f(x=1, *, scale=1):\n    STATE.append(x)\n    return (LIMIT, len(STATE) * scale, x)\n\ndef fail(kind):\n    raise ValueError(kind)\n",
    );
    assert_eq!(
        py.ok("import m, importlib, hotreload, sys\nfrom m import f\nprint(f(), m.f(5), m.f(x=(1, 'y'), scale=3), m.LIMIT, m.NAMES)\n"),
        "(10, 1, 1) (10, 2, 5) (10, 9, (1, 'y')) 10 ('a', 'b')\n"
    );
    assert_eq!(
        py.ok("print(hasattr(sys, 'marker'), hotreload.generation(m))\n"),
        "False 1\n"
    );
    let err = py.raises("m.STATE\n");
    assert!(
        err.starts_with("AttributeError: module 'm' is isolated: 'STATE' is a list"),
        "{err}"
    );
    assert_eq!(
        py.raises("m.nothing\n"),
        "AttributeError: module 'm' has no attribute 'nothing'"
    );
    assert_eq!(py.raises("m.fail('no good')\n"), "ValueError: no good");
    let err = py.raises("m.f([1])\n");
    assert!(
        err.contains("object of type 'list' cannot be shared"),
        "{err}"
    );
    py.write(
        "m.py",
        "LIMIT = 20\nSTATE = []\n\ndef f(x=1, *, scale=1):\n    STATE.append(x)\n    return (LIMIT, len(STATE) * 100, x)\n",
    );
    assert_eq!(
        py.ok("importlib.reload(m)\nprint(f(), m.f(), m.LIMIT, hasattr(m, 'fail'), hotreload.generation(m))\n"),
        "(20, 100, 1) (20, 200, 1) 20 False 2\n"
    );
    for (broken, calls) in [("raise RuntimeError('bad')\n", 300), ("def f(:\n", 400)] {
        py.write("m.py", broken);
        let err = py.raises("importlib.reload(m)\n");
        assert!(
            err.starts_with("RuntimeError: bad") || err.starts_with("SyntaxError"),
            "{err}"
        );
        assert_eq!(
            py.ok("print(m.f(), hotreload.generation(m), hotreload.history(m)[-1]['status'])\n"),
            format!("(20, {calls}, 1) 2 failed\n")
        );
    }
    assert_eq!(
        py.ok("hotreload.rollback(m)\nprint(m.f(), f(), m.LIMIT, m.fail.__name__, hotreload.generation(m))\n"),
        "(10, 4, 1) (10, 5, 1) 10 fail 1\n"
    );
}

/// A reload under `isolate` whose new child raises a class of its own: the caller gets a
/// `RuntimeError` naming it, and the old child keeps serving.
#[test]
fn isolate_failure_with_a_user_exception() {
    let mut py = Py::new("isolate");
    py.write("m.py", "def g():\n    return 'old'\n");
    py.ok("import m, importlib\n");
    py.write(
        "m.py",
        "class Bad(Exception):\n    pass\nraise Bad('custom')\n",
    );
    assert_eq!(
        py.raises("importlib.reload(m)\n"),
        "RuntimeError: Bad: custom"
    );
    assert_eq!(py.ok("print(m.g())\n"), "old\n");
}

/// As in CPython, reloading a module without Python source (a native module, a namespace
/// package) succeeds, returns the module and changes nothing; a bundled Python module reloads.
#[rstest]
fn modules_without_source_reload_as_no_ops(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("ns/leaf.py", "X = 1\n");
    let out = py.ok(
        "import importlib, math, sys, json, hotreload\nimport ns.leaf\np = sys.path\nprint(importlib.reload(math) is math, math.sqrt(4.0), importlib.reload(sys) is sys, sys.path is p)\nprint(importlib.reload(ns) is ns, ns.leaf.X, importlib.reload(json) is json, json.dumps({'a': 1}))\nprint(hotreload.generation(math), hotreload.generation(json), hotreload.reload('math'))\n",
    );
    assert_eq!(
        out,
        "True 2.0 True True\nTrue 1 True {\"a\": 1}\n1 2 ['math']\n"
    );
}

/// Rolling a base module back after a module deriving from it was upgraded keeps the derived
/// module's own upgrade (only the MRO follows the base back).
#[rstest]
fn rollback_of_a_base_keeps_a_later_subclass_upgrade(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
) {
    let mut py = Py::new(policy);
    let base = |v: i32| format!("class Base:\n    def hello(self):\n        return 'base{v}'\n");
    let derived = |v: i32| {
        format!("from base import Base\nclass D(Base):\n    def own(self):\n        return 'own{v}'\n    V{v} = {v}\n")
    };
    py.write("base.py", &base(1));
    py.write("derived.py", &derived(1));
    py.ok("import base, derived, importlib, hotreload\nd = derived.D()\n");
    py.write("base.py", &base(2));
    py.ok("importlib.reload(base)\n");
    py.write("derived.py", &derived(2));
    py.ok("importlib.reload(derived)\n");
    py.ok("hotreload.rollback(base)\n");
    let out = py.ok("print(base.Base().hello(), derived.D().own(), derived.D().hello(), d.own(), d.hello(), hasattr(derived.D, 'V2'))\n");
    assert_eq!(
        out,
        per_policy(
            policy,
            "base1 own2 base2 own1 base1 True\n",
            "base1 own2 base2 own1 base1 True\n",
            "base1 own2 base1 own2 base1 True\n"
        )
    );
}

/// A module that reloads itself from one of its own functions (a game loop's "reload rules"
/// key): the running call finishes with the code it started with; the next call runs the new
/// code.
#[rstest]
fn a_module_reloads_itself_mid_call(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    let src = |v: i32| {
        format!("import importlib, sys\ndef tick(reload):\n    before = {v}\n    if reload:\n        importlib.reload(sys.modules[__name__])\n    return (before, value())\ndef value():\n    return {v}\n")
    };
    py.write("m.py", &src(1));
    py.ok("import m\n");
    py.write("m.py", &src(2));
    assert_eq!(
        py.ok("print(m.tick(True), m.tick(False))\n"),
        "(1, 2) (2, 2)\n"
    );
}

/// Each kept generation is undone by the policy that made it, even after the VM's policy
/// changed.
#[test]
fn rollback_uses_the_policy_of_each_generation() {
    let mut py = Py::new("upgrade");
    hotpy_reload::set_generations_kept(&mut py.vm, 2);
    let src = |v: i32, extra: &str| {
        format!("class C:\n    def f(self):\n        return {v}\ndef g():\n    return {v}\n{extra}")
    };
    py.write("m.py", &src(1, "ONLY1 = 1\n"));
    py.ok("import m, importlib, hotreload\nc = m.C()\ng = m.g\n");
    py.write("m.py", &src(2, ""));
    py.ok("importlib.reload(m)\nhotreload.set_policy('reexec')\n");
    py.write("m.py", &src(3, ""));
    let check =
        "print(c.f(), g(), m.C().f(), m.g(), hasattr(m, 'ONLY1'), hotreload.generation(m))\n";
    assert_eq!(
        py.ok(&format!("importlib.reload(m)\n{check}")),
        "2 2 3 3 False 3\n"
    );
    assert_eq!(
        py.ok(&format!("hotreload.rollback(m)\n{check}")),
        "2 2 2 2 False 2\n"
    );
    assert_eq!(
        py.ok(&format!("hotreload.rollback(m)\n{check}")),
        "1 1 1 1 True 1\n"
    );
}

/// A registry in another module: under upgrade the new code's registration refers to the
/// surviving function; a later rollback does not overwrite what the program stored since.
#[rstest]
fn registries_in_other_modules(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    py.write("registry.py", "HANDLERS = []\nBY_NAME = {}\n");
    let src = |v: i32| {
        format!("import registry\ndef f():\n    return {v}\nregistry.HANDLERS.append(f)\nregistry.BY_NAME['f'] = f\n")
    };
    py.write("m.py", &src(1));
    py.ok("import registry, m, importlib, hotreload\n");
    py.write("m.py", &src(2));
    let out = py.ok(
        "importlib.reload(m)\nprint([h() for h in registry.HANDLERS], registry.HANDLERS[1] is m.f, registry.BY_NAME['f'] is m.f)\n",
    );
    assert_eq!(
        out,
        per_policy(
            policy,
            "[1, 2] True True\n",
            "[1, 2] True True\n",
            "[2, 2] True True\n"
        )
    );
    py.ok("registry.HANDLERS[1] = 'mine'\nregistry.BY_NAME['f'] = 'mine too'\nhotreload.rollback(m)\n");
    assert_eq!(
        py.ok("print(registry.HANDLERS[1], registry.BY_NAME['f'], m.f())\n"),
        "mine mine too 1\n"
    );
}

/// `__slots__` under upgrade: a class whose instance layout is unchanged is upgraded in place;
/// one whose layout changed (slots reordered or added) is replaced as under `fresh`, so live
/// instances never read a slot at another attribute's index.
#[rstest]
fn slots_layouts(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    let src = |same: &str, changed: &str, v: i32| {
        format!("class Same:\n    __slots__ = {same}\n    def __init__(self):\n        self.a, self.b = 'A', 'B'\n    def v(self):\n        return {v}\nclass Changed:\n    __slots__ = {changed}\n    def __init__(self):\n        self.a, self.b = 'A', 'B'\n    def v(self):\n        return {v}\n")
    };
    py.write("m.py", &src("('a', 'b')", "('a', 'b')", 1));
    py.ok("import m, importlib\ns, c = m.Same(), m.Changed()\n");
    py.write("m.py", &src("('a', 'b')", "('x', 'b', 'a')", 2));
    let out = py.ok(
        "importlib.reload(m)\nprint(s.a, s.b, s.v(), isinstance(s, m.Same))\nprint(c.a, c.b, c.v(), isinstance(c, m.Changed))\nn = m.Changed()\nn.x = 'X'\nprint(n.a, n.b, n.x, n.v())\n",
    );
    let same = per_policy(policy, "A B 1 False", "A B 1 False", "A B 2 True");
    assert_eq!(out, format!("{same}\nA B 1 False\nA B X 2\n"));
}

/// A module's history forgets its oldest records (memory must not grow with the number of
/// reloads), but never the live generation or what rollback returns to.
#[test]
fn history_is_bounded() {
    let mut py = Py::new("upgrade");
    py.write("m.py", "def f():\n    return 'v'\n");
    py.ok("import m, importlib, hotreload\nfor _ in range(450):\n    importlib.reload(m)\n");
    let limit = hotpy_reload::engine::HISTORY_RECORDS;
    let out = py.ok(&format!(
        "h = hotreload.history(m)\nprint(len(h) <= 2 * {limit}, len(h) >= {limit}, h[-1]['generation'], h[-1]['status'], hotreload.generation(m))\n"
    ));
    assert_eq!(out, "True True 451 live 451\n");
    assert_eq!(
        py.ok("hotreload.rollback(m)\nprint(hotreload.generation(m), m.f())\n"),
        "450 v\n"
    );
}
