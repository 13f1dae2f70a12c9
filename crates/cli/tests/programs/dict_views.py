# gc-stress
# Dict views: live, set-like, repr, comparisons; dict | and |= (PEP 584).
d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it, len(k), len(v), len(it), bool(k), bool({}.keys()))
d["d"] = 4
del d["a"]
print(k, v, it)
print("b" in k, "a" in k, 2 in v, 9 in v, ("b", 2) in it, ("b", 3) in it, "b" in it, [1] in v)
print(list(k), list(v), list(it), sorted(v), sum(v), max(k))
print(list(reversed(k)), list(reversed(v)), list(reversed(it)))
print(k & {"b", "zz"}, sorted(k & ["c", "d", "q"]), {"b", "zz"} & k, ["c"] & k)
print(sorted(k | {"x"}), sorted(["y"] | k), sorted(k - {"b"}), sorted(k - ["b", "c"]), sorted({"b", "q"} - k))
print(sorted(k ^ {"b", "q"}), sorted(it & {("b", 2), ("c", 0)}), sorted(it - {("b", 2)}), sorted(it | [("z", 0)]))
print(k == {"b", "c", "d"}, k != {"b"}, {"b", "c", "d"} == k, k == ["b", "c", "d"], it == {("b", 2), ("c", 3), ("d", 4)})
print(k == d.keys(), v == d.values(), v == v, it == d.items(), d.keys() == {"b": 0, "c": 0, "d": 0}.keys())
print(k.isdisjoint({"x"}), k.isdisjoint(["b"]), it.isdisjoint([("b", 2)]))
print(type(k).__name__, type(v).__name__, type(it).__name__, type(k & k).__name__)
for key, val in d.items():
    print(key, val, end="; ")
print()
try:
    for x in k:
        d["new" + x] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
e = {1: "one"}
print(e | {2: "two"}, {2: "two"} | e, e)
e |= {3: "three"}
e |= [(4, "four")]
e |= {1: "uno"}.items()
print(e)
try:
    e | [(5, "five")]
except TypeError as exc:
    print("TypeError:", exc)
try:
    e |= 5
except TypeError as exc:
    print("TypeError:", exc)
n = {}
n["self"] = n.values()
print(n)
print({1: 2}.items(), {}.keys(), {}.values(), {(1, 2): (3,)}.items())
print(set(d.keys()) == set(k), frozenset(it) == frozenset(d.items()), sorted(set(v)))
for e in ["hash(d.keys())", "d.keys() <= {'a', 'b', 'c'}", "d.keys() < {'a', 'b'}", "d.keys() >= {'a'}", "{'a'} < d.keys()", "d.items() > {('a', 1)}",
          "d.values() == d.values()", "list(d.values()) == [1, 2]", "d.keys() & d.items()", "str(d.items())", "repr(d.values())", "sorted(d.items() ^ {('a', 1), ('c', 3)})",
          "d.keys() == d.keys()", "d.keys() != {'a'}", "len(d.keys() | [1, 2])", "d.keys().isdisjoint(d)", "bool(d.values())", "{}.items() == set()",
          "type(d.items()).__name__", "[k for k in d.keys() if k > 'a']", "dict(d.items()) == d", "tuple(d.values())", "' '.join(d.keys())", "min(d.items())",
          "d.keys() - d.keys()", "d.keys() == {'a': 0, 'b': 0}", "d.keys().mapping if False else 1"]:
    try:
        print(e, "->", eval(e))
    except Exception as exc:
        print(e, "->", type(exc).__name__, exc)
