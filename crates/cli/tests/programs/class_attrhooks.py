class Fallback:
    real = 1
    def __getattr__(self, name):
        if name.startswith("x"):
            return "computed:" + name
        raise AttributeError(name)
f = Fallback()
print("real", f.real)
print("getattr", f.xyz)
print("hasattr yes", hasattr(f, "xa"))
print("hasattr no", hasattr(f, "nope"))
print("getattr default", getattr(f, "nope", "dflt"))
try:
    f.nope
except AttributeError as e:
    print("custom AE", e)

class Spy:
    def __init__(self):
        self.log = []
    def __getattribute__(self, name):
        if name != "log":
            object.__getattribute__(self, "log").append(name)
        if name == "magic":
            return 42
        return object.__getattribute__(self, name)
    def meth(self):
        return "m"
s = Spy()
print("magic", s.magic)
print("meth", s.meth())
try:
    s.missing
except AttributeError as e:
    print("spy AE", e)
print("spy log", s.log)

class Both:
    def __getattribute__(self, name):
        if name == "boom":
            raise AttributeError("boom!")
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "fallback:" + name
b = Both()
print("both", b.boom, b.other)

class Guard:
    def __setattr__(self, name, value):
        if name.startswith("_"):
            raise AttributeError("private " + name)
        object.__setattr__(self, name, value.upper() if isinstance(value, str) else value)
    def __delattr__(self, name):
        if name == "keep":
            raise AttributeError("cannot delete keep")
        object.__delattr__(self, name)
g = Guard()
g.a = "hello"; g.keep = 1
print("setattr", g.a)
try:
    g._p = 1
except AttributeError as e:
    print("setattr err", e)
setattr(g, "b", "via setattr")
print("setattr builtin", g.b)
del g.a
print("deleted", hasattr(g, "a"))
try:
    del g.keep
except AttributeError as e:
    print("delattr err", e)
try:
    delattr(g, "zzz")
except AttributeError as e:
    print("delattr missing", e)

class Plain:
    pass
p = Plain()
try:
    p.foo
except AttributeError as e:
    print("plain AE", e)
try:
    Plain.foo
except AttributeError as e:
    print("class AE", e)
try:
    del p.foo
except AttributeError as e:
    print("del AE", e)

class Slotted:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 1
sl = Slotted()
print("slot a", sl.a)
try:
    sl.b
except AttributeError as e:
    print("slot unset", e)
try:
    sl.c = 3
except AttributeError as e:
    print("slot new", e)
print("has dict", hasattr(sl, "__dict__"))
sl.b = 2
print("slot b", sl.b)
del sl.a
print("slot deleted", hasattr(sl, "a"))
print("slots attr", Slotted.__slots__)
print("slot descr type", type(Slotted.__dict__['a']).__name__)
class SubSlot(Slotted):
    pass
ss = SubSlot(); ss.c = 5
print("subclass gets dict", ss.c, sorted(vars(ss)))
class SlotOne:
    __slots__ = "only"
s1 = SlotOne(); s1.only = 7
print("string slots", s1.only)
try:
    vars(sl)
except TypeError as e:
    print("vars slot", e)

class V:
    cls_attr = 1
    def __init__(self):
        self.x = 1
        self.y = 2
    def m(self): pass
v = V()
print("vars", sorted(vars(v).items()))
print("vars is dict", vars(v) is v.__dict__)
print("dir inst", [n for n in dir(v) if not n.startswith('__')])
print("dir class", [n for n in dir(V) if not n.startswith('__')])
class W(V):
    w = 0
print("dir sub", [n for n in dir(W()) if not n.startswith('__')])
print("dunder in dir", "__init__" in dir(v), "__class__" in dir(v))
print("dir sorted", dir(v) == sorted(dir(v)))
v.__dict__["z"] = 3
print("dict write", v.z)
print("getattr method", getattr(v, "m").__name__)
try:
    getattr(v, "nope")
except AttributeError as e:
    print("getattr AE", e)
try:
    getattr(v, 5)
except TypeError as e:
    print("getattr type", e)
class DirHook:
    def __dir__(self):
        return ["b", "a"]
print("custom dir", dir(DirHook()))
try:
    object().x = 1
except AttributeError as e:
    print("object setattr", e)
