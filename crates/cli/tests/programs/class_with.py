log = []
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        log.append("enter " + self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        log.append("exit %s %s %s %s" % (self.name, et.__name__ if et else None,
                                          ev if ev is None else str(ev), tb is not None))
        return self.suppress

def show(label):
    print(label, log)
    log.clear()

with CM("a") as v:
    log.append("body " + v)
show("simple")
with CM("a") as x, CM("b") as y:
    log.append("body " + x + y)
show("two items")
with CM("a"), CM("b", suppress=True), CM("c"):
    raise ValueError("boom")
log.append("after")
show("middle suppresses")
try:
    with CM("a"), CM("b"):
        raise KeyError("k")
except KeyError as e:
    log.append("caught " + repr(e))
show("propagate")
with CM("outer", True):
    with CM("inner"):
        raise TypeError("t")
    log.append("not reached")
show("nested")

def func():
    with CM("f"):
        return "returned"
print("return through with", func())
show("return")
for i in range(3):
    with CM(str(i)):
        if i == 1:
            continue
        if i == 2:
            break
        log.append("loop body")
show("loop")

class Truthy:
    def __bool__(self): return True
class Sup:
    def __enter__(self): return self
    def __exit__(self, *a): return Truthy()
with Sup():
    raise RuntimeError
print("truthy suppress ok")
class ExitRaises:
    def __enter__(self): return self
    def __exit__(self, *a):
        raise ValueError("from exit")
try:
    with ExitRaises():
        raise KeyError("orig")
except ValueError as e:
    print("exit raises", e, type(e.__context__).__name__)
class EnterRaises:
    def __enter__(self): raise OSError("enter fail")
    def __exit__(self, *a):
        print("should not run"); return True
try:
    with CM("first"), EnterRaises():
        pass
except OSError as e:
    log.append("caught " + str(e))
show("enter raises")
class NoExit:
    def __enter__(self): return 1
try:
    with NoExit():
        pass
except (AttributeError, TypeError) as e:
    print("no exit", type(e).__name__, e)
class NoEnter:
    def __exit__(self, *a): pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print("no enter", type(e).__name__, e)
with CM("t") as (p):
    pass
class Pair:
    def __enter__(self): return (1, 2)
    def __exit__(self, *a): pass
with Pair() as (a, b):
    print("unpack target", a, b)
holder = {}
with Pair() as holder["k"]:
    pass
print("subscript target", holder)
show("misc")

def gen():
    try:
        log.append("gen start")
        yield 1
        yield 2
    finally:
        log.append("gen finally")
g = gen()
print("first", next(g))
g.close()
show("closed gen")
def gen_cm():
    with CM("g"):
        yield 1
        yield 2
g = gen_cm()
next(g)
g.close()
show("close with in gen")
g = gen_cm()
for v in g:
    break
g.close()
show("break then close")
for v in gen_cm():
    pass
show("exhausted")
class Reusable:
    def __init__(self): self.n = 0
    def __enter__(self):
        self.n += 1
        return self.n
    def __exit__(self, *a): return False
r = Reusable()
with r as n1: pass
with r as n2: pass
print("reuse", n1, n2)
