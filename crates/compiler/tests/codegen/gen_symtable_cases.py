"""Print the rstest cases of tests/codegen_symtable.rs: each snippet with CPython's symtable verdict.

    python3 crates/compiler/tests/codegen/gen_symtable_cases.py > /tmp/cases.rs

Each verdict lists the blocks depth first, one per line: `kind name: sym=scope …` (symbols sorted,
`*` after a parameter), with CPython's scope names (local, global_explicit, global_implicit, free,
cell).
"""
import symtable

SCOPES = {1: "local", 2: "global_explicit", 3: "global_implicit", 4: "free", 5: "cell"}
DEF_PARAM = 2 << 1

SNIPPETS = [
    ("module_names", "x = 1\nprint(x, y)\n"),
    ("function_locals", "def f(a, b=1, *c, d, **e):\n    g = a\n    return h\n"),
    ("global_decl", "def f():\n    global x\n    x = 1\n    y = x\n"),
    ("global_decl_module_effect", "def f():\n    global x\n    x = 1\nx = 2\n"),
    ("closure", "def f():\n    x = 1\n    def g():\n        return x\n    return g\n"),
    ("nonlocal", "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g\n"),
    ("free_through_middle", "def f():\n    x = 1\n    def g():\n        def h():\n            return x\n        return h\n"),
    ("param_cell", "def f(a):\n    return lambda: a\n"),
    ("class_body_hidden", "def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x\n"),
    ("class_free_class", "def f():\n    x = 1\n    class C:\n        x = x\n        def m(self):\n            return x\n"),
    ("super_cell", "class C:\n    def m(self):\n        return super().m()\n"),
    ("dunder_class", "class C:\n    def m(self):\n        return __class__\n"),
    ("listcomp", "def f(xs):\n    return [x * y for x in xs if x]\n"),
    ("nested_comp", "[[a + b for b in c] for a, c in d]\n"),
    ("genexp_outer_iter", "def f():\n    return (x for x in range(n))\n"),
    ("walrus_module", "[y := x for x in range(3)]\n"),
    ("walrus_function", "def f():\n    [y := x for x in range(3)]\n    return y\n"),
    ("walrus_global", "def f():\n    global y\n    [y := x for x in range(3)]\n"),
    ("del_local", "def f():\n    del x\n"),
    ("import_binds", "def f():\n    import os.path\n    from a import b as c\n    return os, c\n"),
    ("except_name", "def f():\n    try:\n        pass\n    except E as e:\n        pass\n"),
    ("with_as", "def f():\n    with a as (b, c):\n        pass\n"),
    ("for_target", "def f():\n    for i, *j in k:\n        pass\n"),
    ("annotation_local", "def f():\n    x: int\n    y: int = 1\n"),
    ("augassign_local", "def f():\n    x += 1\n"),
    ("lambda_defaults", "def f(a):\n    return lambda b=a: b + c\n"),
    ("decorator_scope", "def f():\n    d = 1\n    @d\n    def g():\n        pass\n"),
    ("class_in_class", "class A:\n    y = 1\n    class B:\n        z = y\n"),
    ("method_uses_global", "x = 1\nclass C:\n    def m(self):\n        return x\n"),
    ("mangled", "class C:\n    __a = 1\n    def m(self):\n        return self.__a, __b\n"),
    ("global_in_class", "class C:\n    global g\n    g = 1\n"),
    ("nonlocal_in_method", "def f():\n    x = 0\n    class C:\n        def m(self):\n            nonlocal x\n            x += 1\n"),
    ("generator", "def g(n):\n    yield n\n    yield from range(n)\n"),
    ("star_params", "def f(a, /, b, *, c):\n    return a, b, c\n"),
    ("comp_in_class", "class C:\n    xs = [1]\n    ys = [x for x in xs]\n"),
    ("dictcomp_setcomp", "def f(d):\n    return {k: v for k, v in d}, {v for v in d}\n"),
    ("implicit_global_in_nested", "def f():\n    def g():\n        return len\n"),
    ("cell_and_global", "def f():\n    global a\n    b = 1\n    def g():\n        return a, b\n"),
    ("free_via_class_method", "def f(x):\n    class C:\n        def m(self):\n            return x\n    return C\n"),
    ("lambda_nested_lambda", "f = lambda x: lambda y: x + y\n"),
]


def dump(table, depth, out):
    symbols = []
    for sym in sorted(table.get_symbols(), key=lambda s: s.get_name()):
        scope = SCOPES[sym._Symbol__scope]
        star = "*" if sym._Symbol__flags & DEF_PARAM else ""
        symbols.append(f"{sym.get_name()}={scope}{star}")
    out.append("  " * depth + f"{table.get_type()} {table.get_name()}: " + " ".join(symbols))
    for child in table.get_children():
        dump(child, depth + 1, out)


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for name, src in SNIPPETS:
    out = []
    dump(symtable.symtable(src, "x.py", "exec"), 0, out)
    print(f"#[case::{name}({rust_str(src)}, {rust_str(chr(10).join(out))})]")
