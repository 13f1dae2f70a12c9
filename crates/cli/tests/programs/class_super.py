class A:
    def hello(self):
        return "A.hello"
    @classmethod
    def make(cls):
        return "A.make(%s)" % cls.__name__
    @staticmethod
    def st():
        return "A.st"

class B(A):
    def hello(self):
        return "B>" + super().hello()
    @classmethod
    def make(cls):
        return "B>" + super().make()
    def two(self):
        return super(B, self).hello()
    def st_via_super(self):
        return super().st()

b = B()
print("zero-arg", b.hello())
print("classmethod super", B.make())
print("classmethod inst", b.make())
print("two-arg", b.two())
print("static via super", b.st_via_super())
print("outside", super(B, b).hello())
print("unbound super class", super(B, B).make())

class Base:
    def __init__(self, x):
        self.x = x
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
c = Child(1, 2)
print("init chain", c.x, c.y)

class Single:
    _inst = None
    def __new__(cls, *args):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self, v):
        self.v = v
s1 = Single(1); s2 = Single(2)
print("new singleton", s1 is s2, s1.v)

class Tracked:
    def __new__(cls, *a, **k):
        obj = super().__new__(cls)
        obj.created_by = cls.__name__
        return obj
class SubTracked(Tracked):
    def __new__(cls, n):
        o = super().__new__(cls, n)
        o.n = n
        return o
st = SubTracked(5)
print("new chain", st.created_by, st.n)

log = []
class Root:
    def __init__(self, **kw):
        log.append("Root")
        super().__init__()
class L(Root):
    def __init__(self, left=None, **kw):
        log.append("L:%s" % left)
        super().__init__(**kw)
class R(Root):
    def __init__(self, right=None, **kw):
        log.append("R:%s" % right)
        super().__init__(**kw)
class LR(L, R):
    def __init__(self, **kw):
        log.append("LR")
        super().__init__(**kw)
LR(left=1, right=2)
print("cooperative", log)

class M1:
    def m(self): return ["M1"]
class M2(M1):
    def m(self): return ["M2"] + super().m()
class M3(M1):
    def m(self): return ["M3"] + super().m()
class M4(M2, M3):
    def m(self): return ["M4"] + super().m()
print("diamond", M4().m())
print("skip", super(M2, M4()).m())
print("skip2", super(M3, M4()).m())

class P:
    @property
    def val(self):
        return "P.val"
class Q(P):
    @property
    def val(self):
        return "Q>" + super().val
print("property super", Q().val)

class G:
    def gen(self):
        yield "G"
class H(G):
    def gen(self):
        yield "H"
        yield from super().gen()
print("gen super", list(H().gen()))

class I:
    def f(self): return "I"
class J(I):
    def f(self):
        g = lambda: super(J, self).f()
        return "J>" + g()
print("lambda two-arg", J().f())

class K(I):
    def f(self):
        return [super().f() for _ in range(2)][0] if False else "K>" + super().f()
print("k", K().f())

sp = super(B, b)
print("super repr type", type(sp).__name__)
print("super thisclass", sp.__thisclass__.__name__, sp.__self__ is b)
try:
    super(B, 5)
except TypeError as e:
    print("bad super:", e)

def outside():
    return super().x
try:
    outside()
except RuntimeError as e:
    print("no class:", e)

class Str(str):
    def upper(self):
        return "<" + super().upper() + ">"
print("builtin super", Str("ab").upper())
class AttrSet:
    def __setattr__(self, k, v):
        super().__setattr__(k, v * 2)
a = AttrSet(); a.z = 4
print("setattr super", a.z)
