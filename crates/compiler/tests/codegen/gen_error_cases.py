"""Print the rstest cases of tests/codegen_errors.rs: compile-time SyntaxErrors found by the symbol
table and the code generator, with CPython 3.11's message, line and offset.

    python3 crates/compiler/tests/codegen/gen_error_cases.py > /tmp/cases.rs
"""

SNIPPETS = [
    ("return_module", "return 1\n"),
    ("return_class", "class C:\n    return\n"),
    ("yield_module", "x = yield 1\n"),
    ("yield_class", "class C:\n    yield\n"),
    ("yield_from_module", "yield from x\n"),
    ("break_outside", "if x:\n    break\n"),
    ("break_in_def_in_loop", "for x in y:\n    def f():\n        break\n"),
    ("continue_outside", "continue\n"),
    ("continue_in_class_in_loop", "while x:\n    class C:\n        continue\n"),
    ("global_after_use", "def f():\n    print(x)\n    global x\n"),
    ("global_after_assign", "def f():\n    x = 1\n    global x\n"),
    ("global_param", "def f(x):\n    global x\n"),
    ("nonlocal_after_use", "def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n"),
    ("nonlocal_after_assign", "def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x\n"),
    ("nonlocal_param", "def f():\n    x = 1\n    def g(x):\n        nonlocal x\n"),
    ("nonlocal_no_binding", "def f():\n    nonlocal x\n"),
    ("nonlocal_no_binding_global", "x = 1\ndef f():\n    def g():\n        nonlocal x\n"),
    ("nonlocal_module", "nonlocal x\n"),
    ("nonlocal_and_global", "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n"),
    ("duplicate_argument", "def f(a, b, a):\n    pass\n"),
    ("duplicate_kwonly", "def f(a, *, a):\n    pass\n"),
    ("duplicate_lambda", "lambda x, x: 1\n"),
    ("walrus_rebinds_iter", "[i := 0 for i in range(3)]\n"),
    ("walrus_in_iterable", "[x for x in (y := [1, 2])]\n"),
    ("walrus_in_class_comp", "class C:\n    [y := x for x in range(3)]\n"),
    ("inner_loop_rebinds_walrus", "[(j := i) for i in range(3) for j in range(2)]\n"),
    ("import_star_function", "def f():\n    from os import *\n"),
    ("import_star_class", "class C:\n    from os import *\n"),
    ("await_module", "await x\n"),
    ("await_sync_function", "def f():\n    await x\n"),
    ("yield_in_listcomp", "def f():\n    return [(yield x) for x in y]\n"),
    ("yield_in_genexp", "def f():\n    return ((yield x) for x in y)\n"),
    ("async_for_sync_def", "def f():\n    async for x in y:\n        pass\n"),
    ("async_with_sync_def", "def f():\n    async with a:\n        pass\n"),
    ("async_listcomp_sync_def", "def f():\n    return [x async for x in y]\n"),
    ("await_in_listcomp", "def f():\n    return [await x for x in y]\n"),
    ("async_listcomp_module", "[x async for x in y]\n"),
    ("annotated_global", "def f():\n    global x\n    x: int = 1\n"),
    ("annotated_nonlocal", "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x: int\n"),
    ("global_annotated", "def f():\n    x: int\n    global x\n"),
    ("keyword_repeated", "f(a=1, b=2, a=3)\n"),
    ("multiple_starred", "a, *b, *c = d\n"),
    ("future_late", "import os\nfrom __future__ import annotations\n"),
    ("future_unknown", "from __future__ import nonsense\n"),
    ("future_braces", "from __future__ import braces\n"),
    ("break_in_finally_def", "try:\n    pass\nfinally:\n    def f():\n        continue\n"),
    ("assign_debug", "__debug__ = 1\n"),
    ("delete_debug", "del __debug__\n"),
    ("param_debug", "def f(a, *, __debug__=1):\n    pass\n"),
    ("lambda_param_debug", "x = lambda __debug__: 1\n"),
    ("keyword_debug", "f(__debug__=1)\n"),
    ("import_as_debug", "import a as __debug__\n"),
    ("from_import_debug", "from m import __debug__\n"),
    ("attribute_debug", "x.__debug__ = 1\n"),
    ("for_target_debug", "for __debug__ in x:\n    pass\n"),
    ("walrus_debug", "(__debug__ := 1)\n"),
    ("with_as_debug", "with a as __debug__:\n    pass\n"),
    ("augassign_debug", "__debug__ += 1\n"),
    ("annotated_debug", "__debug__: int\n"),
    ("class_debug", "class __debug__:\n    pass\n"),
    ("nested_blocks", "".join(" " * i + "for x in y:\n" for i in range(21)) + " " * 21 + "pass\n"),
    ("nested_blocks_try", "".join(" " * i + "try:\n" for i in range(21)) + "".join(" " * i + "pass\n" + " " * (i-1) + "finally: pass\n" for i in range(21, 0, -1))),
    ("future_annotation_yield", "from __future__ import annotations\ndef f(x: (yield)):\n    pass\n"),
    ("future_annotation_walrus", "from __future__ import annotations\ndef f(x: (y := 1)):\n    pass\n"),
    ("future_annotation_await", "from __future__ import annotations\ndef f(x: await y):\n    pass\n"),
    ("future_annassign_yield", "from __future__ import annotations\nx: (yield) = 1\n"),
    ("annotation_yield_module", "def f(x: (yield)):\n    pass\n"),
    ("return_in_class_in_def", "def f():\n    class C:\n        return 1\n"),
]


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for name, src in SNIPPETS:
    try:
        compile(src, "x.py", "exec")
    except SyntaxError as e:
        print(f"#[case::{name}({rust_str(src)}, {rust_str(e.msg)}, {e.lineno}, {e.offset})]")
    else:
        raise SystemExit(f"{name} compiles in CPython")
