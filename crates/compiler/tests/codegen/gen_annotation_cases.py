"""Print the rstest cases of tests/codegen_annotations.rs: annotations and the string CPython 3.11
makes of each under `from __future__ import annotations`.

    python3 crates/compiler/tests/codegen/gen_annotation_cases.py > /tmp/cases.rs
"""

ANNOTATIONS = [
    "int", "List[int]", "Dict[str,   int]", '"Foo"', "Optional['X']", "int | None",
    "Callable[[int, str], bool]", "Tuple[int, ...]", "tuple[()]", "a.b.c", "Literal[1, -2, 3.5]",
    "Literal[b'x', u'y']", "x if y else z", "lambda: 0", "lambda a, /, b=1, *c, d, e=2, **f: a",
    "not a", "a and b or c", "(a or b) and c", "a + b * c", "(a + b) * c", "a ** b ** c",
    "(a ** b) ** c", "-a ** b", "(-a) ** b", "~a", "a < b <= c", "a is not b", "a not in b",
    "f(x, *y, k=1, **z)", "f(x for x in y)", "[x for x in y if x]", "{k: v for k, v in d}",
    "{a, b}", "{}", "{**a, 'b': c}", "(a, b)", "(a,)", "()", "x[1:2, ::3]", "x[a:b:c]",
    "x[1,]", "*Ts", "1 .real", "1e400", "2j", "...", "None", "True", "'it''s'", "'\\n'",
    "[a, *b]", "(yield)", "a @ b", "a // b % c", "a << b >> c", "a | b ^ c & d",
]


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for i, ann in enumerate(ANNOTATIONS):
    src = f"from __future__ import annotations\nx: {ann}\n"
    if ann.startswith("*"):
        src = f"from __future__ import annotations\ndef f(*args: {ann}): pass\n"
        ns = {}
        exec(compile(src, "x", "exec"), ns)
        text = ns["f"].__annotations__["args"]
    elif "yield" in ann:
        continue
    else:
        ns = {}
        exec(compile(src, "x", "exec"), ns)
        text = ns["__annotations__"]["x"]
    print(f"#[case::a{i}({rust_str(src)}, {rust_str(text)})]")
