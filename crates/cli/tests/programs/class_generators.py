class Tree:
    def __init__(self, val, *kids):
        self.val = val
        self.kids = kids
    def __iter__(self):
        yield self.val
        for k in self.kids:
            yield from k
    def depth_first(self, depth=0):
        yield depth, self.val
        for k in self.kids:
            yield from k.depth_first(depth + 1)

t = Tree(1, Tree(2, Tree(3)), Tree(4))
print("iter gen", list(t))
print("depth", list(t.depth_first()))
print("in", 3 in t, 9 in t)
print("sum", sum(t), max(t))
it = iter(t)
print("type", type(it).__name__, next(it), next(it))

class Countdown:
    def __init__(self, n): self.n = n
    def __iter__(self): return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n

def delegate():
    r = yield from Countdown(3)
    print("  user iterator result", r)
    yield "end"
print("yield from user iter", list(delegate()))

class Echo:
    def __init__(self): self.log = []
    def run(self):
        total = 0
        while True:
            try:
                x = yield total
            except ValueError as e:
                self.log.append("handled " + str(e))
                x = 100
            if x is None:
                return total
            total += x
e = Echo()
g = e.run()
print("prime", next(g))
print("send", g.send(5), g.send(10))
print("throw handled", g.throw(ValueError("v")))
try:
    g.send(None)
except StopIteration as s:
    print("return value", s.value)
print("log", e.log)

def outer(obj):
    res = yield from obj.run()
    yield "outer got %s" % res
e2 = Echo()
g = outer(e2)
print("delegated", next(g), g.send(3), g.throw(ValueError("w")), g.send(None))
print("delegated log", e2.log)

class Resource:
    def __init__(self): self.state = []
    def gen(self):
        self.state.append("open")
        try:
            yield 1
            yield 2
        except GeneratorExit:
            self.state.append("gen exit")
            raise
        finally:
            self.state.append("closed")
r = Resource()
g = r.gen()
next(g)
g.close()
print("close", r.state)
g.close()
print("close twice ok", r.state)
r2 = Resource()
g = r2.gen()
print("close unstarted", g.close(), r2.state)

def bad_close():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g = bad_close(); next(g)
try:
    g.close()
except RuntimeError as e:
    print("yield in close", e)

def thrower():
    yield 1
g = thrower()
try:
    g.throw(KeyError("unstarted"))
except KeyError as e:
    print("throw unstarted", e)
print("after throw exhausted", next(g, "exhausted"))

class MyErr(Exception): pass
def catcher():
    try:
        yield 1
    except MyErr as e:
        yield "caught " + str(e)
g = catcher(); next(g)
print("throw user exc", g.throw(MyErr("m")))

def pep479():
    yield 1
    raise StopIteration("bad")
try:
    list(pep479())
except RuntimeError as e:
    print("pep479", e, type(e.__cause__).__name__)

def retval():
    yield 1
    return "rv"
def wrap():
    v = yield from retval()
    return v + "!"
g = wrap(); next(g)
try:
    next(g)
except StopIteration as s:
    print("nested return", s.value)

class Gen:
    def __init__(self, data): self.data = data
    def evens(self):
        return (x for x in self.data if x % 2 == 0)
    def squares(self):
        return [x * x for x in self.evens()]
print("genexpr method", list(Gen(range(7)).evens()), Gen([1, 2, 4]).squares())
g = Gen([1]).evens()
print("gen running/name", g.__name__, type(g).__name__)
def named(): yield
print("gen qualname", named().__qualname__, Tree.depth_first(t).__qualname__)
def running():
    yield gr.gi_running
gr = running()
print("gi_running", next(gr), gr.gi_running)
def counter():
    n = 0
    while True:
        n += 1
        yield n
c = counter()
print("infinite", [next(c) for _ in range(3)])
try:
    g = named(); g.send(5)
except TypeError as e:
    print("send non-None first", e)
def reent():
    yield next(gg)
gg = reent()
try:
    next(gg)
except ValueError as e:
    print("reentrant", e)
