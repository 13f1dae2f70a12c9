# gc-stress
def g(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)

print(g(1, c=3))
print(g(1, 2, 3, 4, c=5, e=6))
print(g(*[1, 2], **{"c": 7}))

def outer():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc

f = outer()
f()
f(10)
print(f())

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]

print([h(10) for h in make_adders()])

def errors():
    tests = [
        lambda: g(),
        lambda: g(1, 2),
        lambda: g(1, c=1, a=2),
        lambda: (lambda x: x)(1, 2),
        lambda: (lambda: 0)(5),
        lambda: (lambda x, y: 0)(1),
        lambda: (lambda x, y, z: 0)(),
        lambda: len(1),
        lambda: len(),
        lambda: [].append(),
        lambda: sorted([1], foo=1),
        lambda: 1 + "a",
        lambda: "a" + 1,
        lambda: [1] + (1,),
        lambda: {}[1],
        lambda: {"k": 1}["x"],
        lambda: [][0],
        lambda: undefined_name,
        lambda: int("abc"),
        lambda: None(),
        lambda: (1).foo,
        lambda: 1 / 0,
        lambda: 1 % 0,
        lambda: 2.0 // 0,
        lambda: [1, 2].index(3),
        lambda: "x" < 1,
        lambda: hash([]),
        lambda: chr(-1),
        lambda: next(iter([])),
    ]
    for t in tests:
        try:
            t()
        except Exception as e:
            print(type(e).__name__ + ":", e)

errors()

def local_unbound():
    print(x)
    x = 1

try:
    local_unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

def kwonly(*, a, b=2):
    return a + b

print(kwonly(a=1), kwonly(b=5, a=1))
print((lambda *a, **k: (a, k))(1, 2, x=3))
