def init(self, v):
    self.v = v
Dyn = type("Dyn", (object,), {"x": 1, "__init__": init, "get": lambda self: self.v})
d = Dyn(5)
print("type() class", Dyn.__name__, Dyn.x, d.get(), type(d).__name__)
print("type() qualname", Dyn.__qualname__)
Sub = type("Sub", (Dyn,), {})
print("type() sub", Sub(2).get(), [k.__name__ for k in Sub.__mro__])
print("type of type", type(type).__name__, type(Dyn) is type, type(5) is int)
try:
    type("X", 5, {})
except TypeError as e:
    print("type bad bases", e)

log = []
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        log.append(("new", name, sorted(k for k in ns if not k.startswith("__")), sorted(kw)))
        ns["injected"] = name.lower()
        return super().__new__(mcls, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        log.append(("init", name))
        super().__init__(name, bases, ns)
    def __call__(cls, *args, **kw):
        log.append(("call", cls.__name__, args))
        inst = super().__call__(*args, **kw)
        inst.via_meta = True
        return inst
    def describe(cls):
        return "class " + cls.__name__

class Model(metaclass=Meta):
    field = 1
    def __init__(self, a=0):
        self.a = a
class User(Model, flag=True):
    name = "u"
u = User(3)
print("log", log)
print("injected", Model.injected, User.injected)
print("meta call", u.a, u.via_meta)
print("meta method", User.describe())
print("type of class", type(User).__name__, isinstance(User, Meta), isinstance(User, type))
try:
    u.describe()
except AttributeError as e:
    print("meta method not on instance", e)

class Base:
    subclasses = []
    def __init_subclass__(cls, prefix="", **kw):
        super().__init_subclass__(**kw)
        cls.tag = prefix + cls.__name__
        Base.subclasses.append(cls.__name__)
class One(Base): pass
class Two(Base, prefix="x_"): pass
class Three(Two): pass
print("init_subclass", One.tag, Two.tag, Three.tag, Base.subclasses)
try:
    class Bad(Base, unknown=1): pass
except TypeError as e:
    print("bad kw", e)

class Box:
    def __class_getitem__(cls, item):
        return "Box[%s]" % (item.__name__ if isinstance(item, type) else item,)
print("class_getitem", Box[int], Box["x"])
print("builtin generic", list[int], dict[str, int])

class EvenMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int) and obj % 2 == 0
    def __subclasscheck__(cls, sub):
        return sub is bool
class Even(metaclass=EvenMeta): pass
print("instancecheck", isinstance(4, Even), isinstance(3, Even), isinstance("a", Even))
print("subclasscheck", issubclass(bool, Even), issubclass(int, Even))
print("tuple isinstance", isinstance(3, (str, Even)), isinstance(4, (str, Even)), isinstance("s", (int, (float, str))))
print("tuple issubclass", issubclass(bool, (str, int)), issubclass(Three, (One, Two)), issubclass(One, ()))
try:
    isinstance(1, 5)
except TypeError as e:
    print("isinstance bad", e)
try:
    issubclass(1, int)
except TypeError as e:
    print("issubclass bad", e)

class Prep(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return {"prepared": True}
class WithPrep(metaclass=Prep): pass
print("prepare", WithPrep.prepared)

class Singleton(type):
    _instances = {}
    def __call__(cls, *a):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*a)
        return cls._instances[cls]
class Conf(metaclass=Singleton):
    def __init__(self): self.n = 0
print("singleton", Conf() is Conf())

class AttrMeta(type):
    def __getattr__(cls, name):
        return "meta-getattr:" + name
class AM(metaclass=AttrMeta):
    real = 1
print("meta getattr", AM.real, AM.missing)
class MetaRepr(type):
    def __repr__(cls): return "<MetaRepr %s>" % cls.__name__
class MR(metaclass=MetaRepr): pass
print("meta repr", repr(MR), MR)
class SubMeta(Meta): pass
class Derived(metaclass=SubMeta): pass
class Mixed(Derived, Model): pass
print("derived meta", type(Mixed).__name__)
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    class Conflict(A1, A2): pass
except TypeError as e:
    print("conflict", e)
NewT = type.__new__(type, "NewT", (), {"k": 2})
print("type.__new__", NewT.k, NewT.__name__)
print("class attrs set", setattr(NewT, "k", 3), NewT.k)
