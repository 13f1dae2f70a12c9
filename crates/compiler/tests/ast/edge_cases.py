x = f"{x:{'a'}}" f"{x:%H:%M}" f"{'{'}" f'{x:{{}}}' if 0 else 0
y = f"{x!r:{y}.{z}f}" f"{a['b']!s}" f"{ {'a': 1}['a'] }" f"{x,}" f"{(1, 2)}"
z = -9223372036854775808, 9223372036854775807, 9223372036854775808, 0xFFFFFFFFFFFFFFFFF, 0_0, 00, 1E5, 1e-5j
w = 1e22, 1e16, 0.1, 1.7976931348623157e308, 5e-324, 1e16j, 1.5e-7j, 0.0, 1_000.000_1, 2e308
lambda x=1, *, y=2: 0
async def f():
    return [x async for x in y], {x: y async for x, y in z}, (await a for a in b)
    async with a as b, c as d: pass
with (a, b as c): pass
with (a): pass
match x:
    case {**rest}: pass
    case -0: pass
    case 0 | 1 as x: pass
    case (a): pass
    case [a, (b, c)]: pass
    case str() | bytes(): pass
    case {"a": [1, 2], **kw}: pass
    case Point(x=0) as p: pass
    case a.b.c(d=e.f): pass
    case [*_]: pass
    case (1, 2,): pass
    case [1,]: pass
    case -1.5+2j: pass
    case b"x" b"y": pass
    case """doc""": pass
x = 'a' 'b' "c" '''d''' """e"""
x = b'a' rb'\d' Rb"x" BR'y'
x = '\
continued'
x = "\u0041\U00000042\x43\103\N{DIGIT ONE}"
x = '\ud83d\ude00' '\udc80'
x = 'é' "\xe9" '\u00e9'
x = "'" '"' "'\"" '\'"'
x = '\\' "\\'"
x = "\a\b\f\v\0"
x[1:2:3, ..., None]
x[:, 1]
x[a:b, c:d]
x[()]
(yield)
def g(): x = yield; y = (yield from z); await_ = 1
global a; nonlocal_ = 1
del (a, b), [c, d]
del (a)
for (a, b) in c: pass
for [a, *b] in c: pass
for a, in b: pass
a = b = c = d
a: "str"
(a.b): int = 1
a[0]: int
i = j = k = *a, b
assert (x, y)
raise
import a.b.c
from __future__ import annotations
from .... import x
if a: pass
elif b: pass
try: pass
except* A: pass
except* B as b: pass
else: pass
finally: pass
x = not a in b, not a is not b
x = a if b else c if d else e
x = lambda: (yield)
x = [i for i in range(10) if i if not i]
x = {**a, 'b': 1, **c}
x = {*a, *b}
x = (*a,)
x = *a, *b
f(*a, b, *c, d=e, **f, g=h)
f(a)(b)[c].d
x = a @ b @ c
x = a ** b ** c
x = -a ** -b
x = ~-+a
x = a < b < c
x = (a := 1, b := 2)
x = [a := 1]
x = f(a := 1, b=2)
x = {(a := 1)}
x = a[b := 1]
x = a[b := 1, c]
print(a, file=sys.stderr)
