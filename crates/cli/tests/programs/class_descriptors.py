class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        "celsius"
        return self._c
    @c.setter
    def c(self, v):
        self._c = v
    @c.deleter
    def c(self):
        self._c = None
    @property
    def ro(self):
        return "readonly"

t = Temp()
print("get", t.c)
t.c = 25
print("set", t.c)
del t.c
print("del", t.c)
print("prop doc", Temp.c.__doc__)
print("prop type", type(Temp.c).__name__)
print("fget name", Temp.c.fget.__name__, Temp.ro.fset)
try:
    t.ro = 1
except AttributeError as e:
    print("ro set err:", e)
try:
    del t.ro
except AttributeError as e:
    print("ro del err:", e)

def getx(self): return self._x
def setx(self, v): self._x = v * 10
class Old:
    x = property(getx, setx, None, "x doc")
o = Old(); o.x = 2
print("property()", o.x, Old.x.__doc__)

class S:
    @staticmethod
    def s(a, b): return a + b
    @classmethod
    def c(cls, a): return (cls.__name__, a)
class SS(S): pass
print("static", S.s(1, 2), S().s(3, 4))
print("classmethod", S.c(1), SS.c(2), SS().c(3))
print("sm type", type(S.__dict__['s']).__name__, type(S.__dict__['c']).__name__)
print("sm func", S.__dict__['s'].__func__(5, 6))

class Verbose:
    def __set_name__(self, owner, name):
        self.name = name
        self.owner = owner.__name__
    def __get__(self, inst, owner=None):
        if inst is None:
            return "class access " + self.name + " on " + owner.__name__
        return inst.__dict__.get("_" + self.name, "unset")
    def __set__(self, inst, value):
        inst.__dict__["_" + self.name] = "set:" + str(value)
    def __delete__(self, inst):
        inst.__dict__.pop("_" + self.name, None)
        print("deleting", self.name)

class Holder:
    alpha = Verbose()
    beta = Verbose()
h = Holder()
print("set_name", Holder.__dict__['alpha'].name, Holder.__dict__['beta'].owner)
print("class get", Holder.alpha)
print("inst get", h.alpha)
h.alpha = 5
print("after set", h.alpha)
h.__dict__['alpha'] = "shadow?"
print("data desc wins", h.alpha)
del h.alpha
print("after del", h.alpha)

class NonData:
    def __get__(self, inst, owner):
        return "nondata"
class ND:
    x = NonData()
nd = ND()
print("nondata", nd.x)
nd.x = "instance"
print("instance wins", nd.x)
del nd.x
print("back", nd.x)

class Meth:
    def f(self, a):
        return a * 2
m = Meth()
bm = m.f
print("bound self", bm.__self__ is m)
print("bound func", bm.__func__ is Meth.f)
print("bound call", bm(4))
print("bound name", bm.__name__)
print("bound eq", m.f == m.f, m.f is m.f)
print("func get", Meth.f.__get__(m)(5))
print("func get none", Meth.f.__get__(None, Meth) is Meth.f)
print("cm bound self", S.c.__self__.__name__)
def free(self): return "free:" + type(self).__name__
Meth.g = free
print("added later", m.g())
m.h = free
try:
    m.h()
except TypeError as e:
    print("inst func not bound:", e)

class Lazy:
    def __init__(self, func):
        self.func = func
        self.name = func.__name__
    def __get__(self, inst, owner):
        if inst is None:
            return self
        v = self.func(inst)
        inst.__dict__[self.name] = v
        return v
calls = []
class Data:
    @Lazy
    def expensive(self):
        calls.append(1)
        return 99
d = Data()
print("lazy", d.expensive, d.expensive, len(calls))

class Typed:
    def __init__(self, kind):
        self.kind = kind
    def __set_name__(self, owner, name):
        self.attr = "_" + name
    def __get__(self, inst, owner):
        return getattr(inst, self.attr)
    def __set__(self, inst, v):
        if not isinstance(v, self.kind):
            raise TypeError("%s must be %s" % (self.attr[1:], self.kind.__name__))
        setattr(inst, self.attr, v)
class Person:
    name = Typed(str)
    age = Typed(int)
    def __init__(self, n, a):
        self.name = n; self.age = a
pp = Person("bob", 3)
print("typed", pp.name, pp.age)
try:
    pp.age = "x"
except TypeError as e:
    print("typed err", e)

class GetOnlySet:
    def __get__(self, i, o): return "g"
    def __set__(self, i, v): raise AttributeError("nope")
class U:
    a = GetOnlySet()
u = U()
try:
    u.a = 1
except AttributeError as e:
    print("set raises", e)
print("cm on instance via class", classmethod(lambda c: c.__name__).__get__(None, U)())
print("sm callable", staticmethod(len)("abc"))
