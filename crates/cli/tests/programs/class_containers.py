class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __contains__(self, x):
        print("  contains called", x)
        return x in self.items
    def __iter__(self):
        return BagIter(self.items)
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return self.items[key]
    def __setitem__(self, key, value):
        if isinstance(key, slice):
            print("  setslice", key.start, key.stop, key.step, value)
        else:
            self.items[key] = value
    def __delitem__(self, key):
        if isinstance(key, slice):
            print("  delslice", key.start, key.stop, key.step)
        else:
            del self.items[key]

class BagIter:
    def __init__(self, items):
        self.items = items
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= len(self.items):
            raise StopIteration
        self.i += 1
        return self.items[self.i - 1]

b = Bag(1, 2, 3)
print("len", len(b))
print("bool via len", bool(b), bool(Bag()))
print("in", 2 in b)
print("not in", 5 not in b)
print("iter", list(b), [x * 2 for x in b])
print("unpack", *b)
x, y, z = b
print("destructure", x, y, z)
print("getitem", b[0], b[-1])
print("slice", b[1:2], b[::2], b[:], b[1:])
b[0] = 10
print("setitem", b.items)
b[1:3] = [9]
del b[0]
print("delitem", b.items)
del b[::3]
print("sum/max", sum(Bag(1, 2, 3)), max(Bag(4, 9, 2)), sorted(Bag(3, 1, 2)))
print("enumerate zip", list(enumerate(Bag("a", "b"))), list(zip(Bag(1, 2), Bag(3, 4))))
print("tuple set", tuple(Bag(1, 2)), sorted(set(Bag(2, 2, 1))))
print("dict from", dict(Bag(("k", 1), ("j", 2))))
print("join", "-".join(Bag("a", "b", "c")))
try:
    b[10]
except IndexError as e:
    print("index error", e)

class OldSeq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
o = OldSeq()
print("old-style iter", list(o))
print("old-style in", 9 in o, 5 in o)
it = iter(o)
print("old-style iter type", type(it).__name__, next(it), next(it))
print("old-style for", [v for v in o])

class Truth:
    def __init__(self, v): self.v = v
    def __bool__(self): return self.v
    def __len__(self): return 100
print("bool beats len", bool(Truth(False)), "yes" if Truth(True) else "no", not Truth(False))
class BadBool:
    def __bool__(self): return 1
try:
    bool(BadBool())
except TypeError as e:
    print("bad bool", e)
class BadLen:
    def __len__(self): return -1
try:
    len(BadLen())
except ValueError as e:
    print("neg len", e)
class NoBool: pass
print("default truthy", bool(NoBool()))

class Rev:
    def __init__(self, d): self.d = d
    def __len__(self): return len(self.d)
    def __getitem__(self, i): return self.d[i]
    def __reversed__(self): return iter(["custom", "reversed"])
print("reversed custom", list(reversed(Rev([1, 2]))))
class SeqRev:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError
        return "abc"[i]
print("reversed seq", list(reversed(SeqRev())))
try:
    reversed(NoBool())
except TypeError as e:
    print("not reversible", e)

class Adder:
    def __init__(self, n): self.n = n
    def __call__(self, x, *rest, scale=1):
        return (self.n + x + sum(rest)) * scale
add5 = Adder(5)
print("call", add5(1), add5(1, 2, 3), add5(1, scale=10))
print("callable", callable(add5), callable(Adder), callable(NoBool()), callable(len), callable(5))
print("map with callable", list(map(add5, [1, 2])))
class NotIter:
    def __iter__(self): return 5
try:
    iter(NotIter())
except TypeError as e:
    print("iter non-iterator", e)
try:
    next(NoBool())
except TypeError as e:
    print("next non-iter", e)
it = BagIter([1])
print("next default", next(it), next(it, "done"))
class Ctn:
    def __contains__(self, x): return 1
print("contains coerced", 3 in Ctn())
class Mapping:
    def __init__(self): self.d = {}
    def __getitem__(self, k): return self.d[k]
    def __setitem__(self, k, v): self.d[k] = v
    def __missing__(self, k): return "never"
m = Mapping(); m["a"] = 1; m[1, 2] = "tuplekey"
print("mapping", m["a"], m[1, 2], sorted(m.d, key=str))
try:
    m["zz"]
except KeyError as e:
    print("key error", e)
