class MyList(list):
    def total(self):
        return sum(self)
    def append(self, x):
        super().append(x * 10)

ml = MyList([1, 2])
ml.append(3)
print("mylist", ml, ml.total(), len(ml))
print("type name", type(ml).__name__)
print("isinstance", isinstance(ml, list), isinstance(ml, MyList), issubclass(MyList, list))
print("add result", type(ml + [2]).__name__, ml + [2])
print("slice result", type(ml[:1]).__name__)
print("mul result", type(ml * 2).__name__)
ml += [7]
print("iadd keeps type", type(ml).__name__, ml)
ml.extend([8])
print("extend", ml, ml[0], ml[-1])
print("sorted", sorted(ml, reverse=True), type(sorted(ml)).__name__)
print("eq list", MyList([1]) == [1], [1] == MyList([1]))
ml.attr = "dyn"
print("has dict", ml.attr)
print("copy type", type(ml.copy()).__name__)

class DefaultDict(dict):
    def __init__(self, default, *a, **kw):
        super().__init__(*a, **kw)
        self.default = default
    def __missing__(self, key):
        self[key] = self.default()
        return self[key]
dd = DefaultDict(list, a=[1])
dd["b"].append(2)
print("missing", sorted(dd.items()), dd.get("zz"), "zz" in dd)
print("dict isinstance", isinstance(dd, dict), type(dd).__name__)
class LoudDict(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
ld = LoudDict()
ld["x"] = 1
print("setitem override", ld)
ld.update(y=1)
print("update bypasses", sorted(ld.items()))
print("dict keys", sorted(ld.keys()), type(ld | {}).__name__ if hasattr(dict, "__or__") else "")

class Upper(str):
    def shout(self):
        return self.upper() + "!"
u = Upper("hey")
print("str sub", u, u.shout(), len(u), u == "hey", u + "x", type(u + "x").__name__)
print("str methods return str", type(u.upper()).__name__, type(u[0:1]).__name__)
print("str hashable", {u: 1}["hey"])
class Tag(str):
    def __new__(cls, value, tag):
        obj = super().__new__(cls, value)
        obj.tag = tag
        return obj
t = Tag("body", "html")
print("str new", t, t.tag, t.startswith("bo"))

class Money(int):
    def __repr__(self):
        return "Money(%d)" % int(self)
    def __add__(self, o):
        return Money(int(self) + int(o))
m = Money(5)
print("int sub", m, repr(m), m + 3, type(m + 3).__name__, type(m * 2).__name__, type(3 + m).__name__)
print("int ops", m * 2, m // 2, -m, m == 5, m < 6, hash(m) == hash(5))
print("isinstance int", isinstance(m, int), isinstance(True, int))
class Pos(int):
    def __new__(cls, v):
        if v < 0:
            raise ValueError("negative")
        return super().__new__(cls, v)
try:
    Pos(-1)
except ValueError as e:
    print("int new", e, Pos(4) + 1)
print("range with int sub", list(range(Money(3))), [0, 1, 2, 3][Money(2)])

class Celsius(float):
    def fahrenheit(self):
        return self * 9 / 5 + 32
c = Celsius(100.0)
print("float sub", c, c.fahrenheit(), type(c + 1).__name__, round(c), isinstance(c, float))

class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    @property
    def first(self):
        return self[0]
    def swap(self):
        return Pair(self[1], self[0])
pr = Pair(1, 2)
print("tuple sub", pr, pr.first, pr.swap(), len(pr), type(pr + (3,)).__name__)
a, b = pr
print("unpack", a, b, pr == (1, 2), hash(pr) == hash((1, 2)))
class MySet(set):
    pass
print("set sub", sorted(MySet([3, 1])), type(MySet([1]) | {2}).__name__)
class Stack(list):
    def push(self, x): self.append(x)
    def peek(self): return self[-1]
s = Stack(); s.push(1); s.push(2)
print("stack", s.peek(), s.pop(), s, bool(Stack()))
class SortedList(list):
    def __init__(self, it):
        super().__init__(sorted(it))
print("sorted init", SortedList([3, 1, 2]))
print("mro", [k.__name__ for k in Money.__mro__])
class BoolLike(int):
    def __bool__(self): return False
print("int sub bool", bool(BoolLike(5)), "t" if BoolLike(5) else "f")
class MyObj(object): pass
print("explicit object", isinstance(MyObj(), object), MyObj.__bases__[0].__name__)
