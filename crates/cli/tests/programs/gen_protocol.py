# gc-stress
def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    finally:
        print("echo finally", received)

g = echo()
print(g.send(None))
print(g.send("a"), g.send("b"))
g.close()
g.close()
print("closed")

def inner():
    x = yield 1
    y = yield x * 2
    return x + y

def outer():
    r = yield from inner()
    print("inner returned", r)
    yield from [10, 20]
    yield from (c for c in "ab")
    return "outer done"

g = outer()
print(next(g))
print(g.send(5))
print(g.send(7))
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value, e.args)

def deleg():
    v = yield from [1, 2]
    return v
print(list(deleg()))

def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("caught", e)
            yield "after"

g = catcher()
next(g)
print(g.throw(ValueError("boom")))
print(next(g))
print(g.throw(ValueError, "second"))
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("propagated", repr(e))
print(list(g))

def via_yf():
    yield from catcher()

g = via_yf()
print(next(g))
print(g.throw(ValueError("through")))
g.close()

def fin():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

g = fin()
print(next(g))
g.close()
g = fin()
print(list(g))

def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2

g = stubborn()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def ret_value():
    yield 1
    return 42

g = ret_value()
print(next(g))
try:
    g.send(None)
except StopIteration as e:
    print("value", e.value)

def leaks_stop():
    yield 1
    raise StopIteration("inner")

try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__, e.__cause__)

def nxt():
    it = iter([])
    yield next(it)

try:
    for _ in nxt():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

def raiser():
    yield 1
    raise ValueError("bad")

g = raiser()
print(next(g))
try:
    next(g)
except ValueError as e:
    print("ValueError:", e)
print(next(g, "exhausted"))

def running():
    yield g2.send(None)
g2 = running()
try:
    next(g2)
except ValueError as e:
    print("ValueError:", e)

def fresh():
    yield 1
try:
    fresh().send(3)
except TypeError as e:
    print("TypeError:", e)
f = fresh()
try:
    f.throw(IndexError("early"))
except IndexError as e:
    print("IndexError:", e)
print(list(f))

def throw_return():
    try:
        yield 1
    except ValueError:
        return "handled"
g = throw_return()
next(g)
try:
    g.throw(ValueError)
except StopIteration as e:
    print("stop value", e.value)

def sub():
    try:
        yield 1
    except KeyError:
        return "sub handled"
def top():
    r = yield from sub()
    yield r
g = top()
next(g)
print(g.throw(KeyError))

def closing_sub():
    try:
        yield 1
    finally:
        print("sub finally")
def closing_top():
    try:
        yield from closing_sub()
    finally:
        print("top finally")
g = closing_top()
next(g)
g.close()

def rec(n):
    if n:
        yield from rec(n - 1)
    yield n
print(sum(rec(50)))

def deep(n):
    yield from deep(n + 1)
try:
    list(deep(0))
except RecursionError:
    print("RecursionError")

def gen_in_except():
    try:
        raise KeyError("x")
    except KeyError:
        yield "in except"
    yield "after"
print(list(gen_in_except()))
