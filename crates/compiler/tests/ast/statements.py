import a, b.c as d
from . import x
from ..m.n import (y as z, w,)
from ... import q
from m import *
global g1, g2
def f():
    nonlocal_ = 1
del a, (b), [c], d.e, f[0]
assert x, "msg"
assert y
raise
raise E
raise E from None
pass; x = 1; y = z = 2
x += 1; x -= 1; x *= 1; x @= m; x /= 1; x //= 1; x %= 1; x **= 2
x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1
a.b += 1
a[1] += 2
x: int
x: int = 3
(x): int = 3
a.b: str
a[0]: list[int] = []
a, b = b, a
[a, *b] = c
a, = b
x = yield_ = 5
for i in range(3):
    break
else:
    continue
while x:
    pass
else:
    pass
if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass
with a: pass
with a as b, c as (d, e): pass
with (a as b, c): pass
with (a, b): pass
with (a, b) as c: pass
with (yield): pass
try:
    pass
except E as e:
    pass
except (A, B):
    pass
except:
    pass
else:
    pass
finally:
    pass
try:
    pass
finally:
    pass
try:
    pass
except* E:
    pass
except* (F, G) as g:
    pass
