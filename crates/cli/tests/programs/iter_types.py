# gc-stress
# The type names of the builtin iterators (kept once exhausted); reversed dicts and views are live.
d = {1: 2}
for x in [iter([]), iter(()), iter("ab"), iter("é"), iter(b"x"), iter(bytearray(b"x")), iter(d), iter(d.values()), iter(d.items()), iter({1}), iter(frozenset()), iter(range(3)), iter(range(2**70)), map(int, []), zip(), enumerate([]), filter(None, []), iter(int, 0)]:
    print(type(x).__name__, end=" ")
print()
try:
    len(iter([]))
except TypeError as e:
    print(e)
its = [iter([1]), iter("a"), iter({1: 2}), iter({1: 2}.items()), iter({3}), iter(range(1)), iter(b"x")]
for it in its:
    list(it)
print([type(it).__name__ for it in its])
l = [1]
it = iter(l)
print(list(it))
l.append(2)
print(list(it))
s = "ab"
it = iter(s)
print(list(it), list(it), next(it, "end"))
d = {1: 1}
it = iter(d)
print(list(it))
d[2] = 2
print(list(it), next(it, "end"))
d = {"a": 1, "b": 2, "c": 3}
for r in [reversed(d), reversed(d.keys()), reversed(d.values()), reversed(d.items()), reversed([1, 2]), reversed(range(3)), reversed("ab"), reversed((1,))]:
    print(type(r).__name__, list(r), type(r).__name__)
r = reversed(d)
print(next(r))
d["z"] = 0
try:
    next(r)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    next(r)
except (RuntimeError, StopIteration) as e:
    print(type(e).__name__, e)
r = reversed(d.items())
del d["a"]
try:
    print(list(r))
except RuntimeError as e:
    print("RuntimeError:", e)
r = reversed(d.values())
d["b"] = 20
print(list(r), list(reversed({})), list(reversed({}.items())))
