class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B"
class C(A):
    def who(self): return "C"
class D(B, C):
    pass

def names(cls):
    return [k.__name__ for k in cls.__mro__]

print("D mro", names(D))
print("D mro()", [k.__name__ for k in D.mro()])
print("D who", D().who())
print("bases", [b.__name__ for b in D.__bases__])
print("base", D.__base__.__name__)
print("mro is tuple", type(D.__mro__).__name__, type(D.mro()).__name__)

class O: pass
class F(O): pass
class E(O): pass
class Dd(O): pass
class Cc(Dd, F): pass
class Bb(Dd, E): pass
class Aa(Bb, Cc, E): pass
print("wiki mro", names(Aa))

class K1(O): pass
class K2(O): pass
class K3(O): pass
class Z1(K1, K2): pass
class Z2(K2, K3): pass
class Z(Z1, Z2): pass
print("Z mro", names(Z))

try:
    class X(A, B): pass
except TypeError as e:
    print("inconsistent:", e)

try:
    class Y(A, A): pass
except TypeError as e:
    print("duplicate:", e)

class P1: pass
class P2: pass
class Q1(P1, P2): pass
class Q2(P2, P1): pass
try:
    class R(Q1, Q2): pass
except TypeError as e:
    print("inconsistent2:", e)

try:
    class S(D, B, C, A): pass
    print("S ok", names(S))
except TypeError as e:
    print("S err", e)

try:
    class T(object, A): pass
except TypeError as e:
    print("object first:", e)

print("issubclass", issubclass(D, A), issubclass(A, D), issubclass(D, (int, C)))
print("object mro", [k.__name__ for k in object.__mro__])
print("bool mro", names(bool))
print("subclasses", sorted(k.__name__ for k in A.__subclasses__()))

class M1:
    attr = "M1"
class M2:
    attr = "M2"
    other = "M2other"
class M3(M1, M2): pass
print("attr lookup", M3.attr, M3.other)
M1.attr = "changed"
print("after change", M3().attr)
del M1.attr
print("after delete", M3().attr)

class Base:
    def __init__(self):
        self.log = ["Base"]
class Left(Base):
    def __init__(self):
        Base.__init__(self)
        self.log.append("Left")
class Right(Base):
    def __init__(self):
        Base.__init__(self)
        self.log.append("Right")
class Both(Left, Right):
    def __init__(self):
        Left.__init__(self)
        Right.__init__(self)
print("explicit init", Both().log)

def make(n):
    return type("Dyn%d" % n, (A,), {"n": n})
d = make(3)
print("dyn", d.__name__, d.n, names(d))
print("mro len", len(Aa.__mro__))
try:
    class U(int, str): pass
except TypeError as e:
    print("layout:", e)
