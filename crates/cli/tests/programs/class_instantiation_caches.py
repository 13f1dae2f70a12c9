# Instantiation and attribute stores keep working when classes change between calls: the
# constructor lookups and the instance-attribute store paths are cached per class until a
# class changes.


class P:
    def __init__(self, x):
        self.x = x


def make(n):
    return [P(i) for i in range(n)]


print([p.x for p in make(3)])

# A new __init__ on the class itself.
def init2(self, x):
    self.x = x * 10
    self.y = -x


P.__init__ = init2
print([(p.x, p.y) for p in make(3)])

# __init__ removed: object.__init__ takes no arguments.
del P.__init__
try:
    P(1)
except TypeError as e:
    print("TypeError", e)
print(type(P()).__name__)


# A base class gains __new__ after its subclass was instantiated.
class Base:
    pass


class Child(Base):
    def __init__(self, v):
        self.v = v


print([c.v for c in (Child(1), Child(2))])


def new_with_tag(cls, *args):
    obj = object.__new__(cls)
    obj.tag = "made by __new__"
    return obj


Base.__new__ = new_with_tag
c = Child(3)
print(c.v, c.tag)


# __new__ returning another type's object: __init__ is skipped.
class Odd:
    def __new__(cls, v):
        return v

    def __init__(self, v):
        print("never")


print(Odd(5), Odd("s"))


# Stores on fresh instances after the class gains a property, a __setattr__ or __slots__ in
# a subclass.
class Q:
    def __init__(self, v):
        self.v = v


qs = [Q(i) for i in range(3)]
print([q.v for q in qs])
log = []
Q.v = property(lambda self: self._v, lambda self, value: log.append(value) or setattr(self, "_v", value))
qs = [Q(i) for i in range(3, 6)]
print([q.v for q in qs], log, sorted(vars(qs[0])))
del Q.v
qs = [Q(i) for i in range(6, 8)]
print([q.v for q in qs], sorted(vars(qs[0])))


def loud(self, name, value):
    object.__setattr__(self, name, ("loud", value))


Q.__setattr__ = loud
print(Q(9).v)
del Q.__setattr__
print(Q(10).v)


class R:
    def __init__(self, a, b):
        self.a = a
        self.b = b


# Attributes set in another order on some instances.
class S(R):
    def __init__(self, a, b):
        self.b = b
        self.a = a


for k in (R, S, R, S):
    o = k(1, 2)
    print(k.__name__, o.a, o.b, list(vars(o)))


# Instances of two classes through one store site.
def set_z(o, z):
    o.z = z
    return o


print([set_z(o, i).z for i, o in enumerate([R(0, 0), S(0, 0), R(0, 0), Q(0)])])


# A method call site whose instance starts shadowing the method with an attribute.
class M:
    def hello(self):
        return "method"


objs = [M(), M(), M()]
objs[1].hello = lambda: "instance attribute"
print([o.hello() for o in objs])
objs[2].__dict__["hello"] = lambda: "via __dict__"
print([o.hello() for o in objs])
del objs[1].hello
print([o.hello() for o in objs])
