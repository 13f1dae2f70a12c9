# Deleting from dicts: order, reinsertion, iteration and views after deletes, errors while iterating.
d = {i: i for i in range(10000)}
for i in range(10000):
    del d[i]
print(len(d), d)
# order, reinsert, iteration, reversed, repr, equality, popitem after deletes
d = {k: k * 2 for k in "abcdefghij"}
for k in "bdfh":
    del d[k]
print(d, len(d), list(d), list(reversed(d)), list(d.items())[:3])
d["b"] = 99
print(d, list(reversed(d.values())))
print(d == {"a": 0, "c": 4, "e": 8, "g": 12, "i": 16, "j": 18, "b": 99})
print(d.popitem(), d.popitem(), d)
e = {i: i for i in range(40)}
for i in range(0, 40, 2):
    e.pop(i)
print(e, len(e), sum(e), min(e), max(e))
for i in range(1, 39, 2):
    del e[i]
print(e, len(e))
e.clear(); e[5] = 1; print(e)
f = dict.fromkeys(range(20))
for i in range(19, -1, -1):
    if i % 3: del f[i]
print(f, list(f.keys()), str(f.items()))
try:
    g = {1: 1, 2: 2, 3: 3}
    for k in g:
        del g[k]
except RuntimeError as exc:
    print("RuntimeError", exc)
h = {i: i for i in range(30)}
it = iter(h)
next(it)
del h[20]
try:
    next(it)
except RuntimeError as exc:
    print("RuntimeError", exc)
class K:
    def __init__(s, n): s.n = n
    def __hash__(s): return -1
    def __eq__(s, o): return isinstance(o, K) and o.n == s.n
m = {K(1): "one", K(2): "two"}
del m[K(1)]
print(len(m), m[K(2)], K(1) in m)
import json
print(json.dumps({k: v for k, v in zip("xyz", range(3)) if k != "y"}))
