# gc-stress
xs = [1, 2, 3, 4]
print(sum(x * x for x in xs))
print(" ".join(str(i) for i in range(5)))
print(list(x + 1 for x in xs if x % 2))
print(sorted((-x for x in xs)))
print(any(x > 3 for x in xs), all(x > 0 for x in xs), any(x > 9 for x in xs))
print(min(x * 2 for x in xs), max(x % 3 for x in xs))
print(tuple(str(x) for x in "abc"), set(x for x in [1, 1, 2]) == {1, 2})
print(dict((k, k * 2) for k in range(3)))
print([(a, b) for a, b in zip((i for i in range(3)), (j * j for j in range(10)))])

def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

print(list(count(5)))
for v in count(3):
    print("v", v)

def nested():
    for a in count(3):
        for b in count(a):
            yield (a, b)

print(list(nested()))

def naturals():
    n = 0
    while True:
        yield n
        n += 1

g = naturals()
print(next(g), next(g), next(g))
for x in g:
    if x > 6:
        break
print(x)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for f in fib():
    if f > 100:
        break
    out.append(f)
print(out)

def closure_gen(k):
    def inner():
        return k * 10
    yield inner()
    k += 1
    yield inner()

print(list(closure_gen(1)))
e = (x for x in [])
print(list(e), list(e))
g = count(2)
print(next(g), next(g), next(g, "done"))
try:
    next(g)
except StopIteration as ex:
    print("StopIteration", ex.args)
print(type(g).__name__ if hasattr(type(g), "__name__") else "generator")
r = repr(count(1))
print(r.startswith("<generator object count at 0x"), r.endswith(">"))
r = repr(x for x in xs)
print(r.startswith("<generator object <genexpr> at 0x"))
print(iter(g) is g)
gs = [x for x in (y * 2 for y in range(4))]
print(gs)
print(sum(sum(j for j in range(i)) for i in range(10)))
