class Point:
    """A point."""
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y

p = Point(3, 4)
print("attr x", p.x, p.y)
print("class attr", Point.dims, p.dims)
print("method", p.norm2())
print("unbound call", Point.norm2(p))
print("doc", Point.__doc__)
print("name", Point.__name__)
print("qualname", Point.__qualname__)
print("module", Point.__module__)
print("inst dict", sorted(p.__dict__.items()))
print("class dict keys", sorted(k for k in Point.__dict__ if not k.startswith('__') or k in ('__init__', '__doc__', '__module__')))
p.dims = 3
print("shadow", p.dims, Point.dims)
del p.dims
print("unshadow", p.dims)
Point.dims = 5
print("class change", p.dims)

class Outer:
    class Inner:
        class Deep:
            def meth(self):
                pass
    def f(self):
        class Local:
            pass
        return Local

print("nested qualname", Outer.Inner.__qualname__)
print("deep qualname", Outer.Inner.Deep.__qualname__)
print("meth qualname", Outer.Inner.Deep.meth.__qualname__)
print("local qualname", Outer().f().__qualname__)
print("local name", Outer().f().__name__)
print("inner module", Outer.Inner.__module__)

class NoDoc:
    pass
print("nodoc", NoDoc.__doc__)
print("type name", type(NoDoc()).__name__)
print("type of class", type(NoDoc).__name__)

registry = []
def register(cls):
    registry.append(cls.__name__)
    cls.registered = True
    return cls

def add_greet(greeting):
    def deco(cls):
        cls.greet = lambda self: greeting + " from " + type(self).__name__
        return cls
    return deco

@register
@add_greet("hi")
class A:
    pass

print("registry", registry)
print("registered", A.registered)
print("greet", A().greet())

def replace(cls):
    return 42
@replace
class Gone:
    pass
print("replaced", Gone)

class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        self.id = Counter.count
c1 = Counter(); c2 = Counter()
print("counter", Counter.count, c1.id, c2.id)

class Mut:
    items = []
m1 = Mut(); m2 = Mut()
m1.items.append(1)
print("shared mutable", m2.items)

x = 10
class Scope:
    x = 20
    y = x + 1
    def get(self):
        return x
print("class scope", Scope.y, Scope().get())

class Empty: pass
e = Empty()
e.a = 1; e.b = 2
print("dynamic attrs", sorted(vars(e)))
print("init returns", Point.__init__(p, 7, 8), p.x)
try:
    class Bad:
        def __init__(self):
            return 5
    Bad()
except TypeError as ex:
    print("init return err", ex)
try:
    Point(1)
except TypeError as ex:
    print("missing arg", ex)
print("isinstance", isinstance(p, Point), isinstance(p, object))
print("class is", p.__class__ is Point)
print("bases", Point.__bases__ == (object,))
