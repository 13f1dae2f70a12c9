# Code generation end to end: control flow through try/finally, loops, closures, calls.
def gen(n):
    for i in range(n):
        try:
            if i == 2:
                continue
            yield i
        finally:
            print("fin", i)

def f():
    for i in range(3):
        try:
            return i * 10
        finally:
            print("cleanup", i)
print(f())

def g():
    try:
        raise ValueError("x")
    except ValueError as e:
        print("caught", e)
        try:
            raise KeyError("k")
        except KeyError:
            print("inner")
        return "done"
    finally:
        print("g finally")
print(g())

def h():
    try:
        1 / 0
    finally:
        return "override"
print(h())

x = 0
while True:
    x += 1
    if x > 5:
        break
else:
    print("no")
print(x)

for i in range(3):
    pass
else:
    print("else ran", i)

def closures():
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i * 2)
    n = 10
    def add(k):
        nonlocal n
        n += k
        return n
    add(5)
    return [f() for f in fs], n
print(closures())


a, *b, c = range(6)
print(a, b, c)
d = {"k": 1, **{"j": 2}}
print(sorted(d.items()))
print(f"{a!r:>5}|{c:03d}|{'s'}")
s = {x * x for x in range(4)}
print(sorted(s))
print({k: v for k, v in zip("ab", (1, 2))})
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3))
print(1 < 2 < 3, 1 < 3 < 2, not (1 == 1))
print([y for y in range(10) if y % 2 if y > 3])
t = (1, 2)
t += (3,)
print(t)
lst = [1, 2, 3]
lst[1] += 10
print(lst, lst[::-1], lst[1:])
def kw(a, b=2, *args, c, d=4, **rest):
    return a, b, args, c, d, sorted(rest)
print(kw(1, c=3))
print(kw(1, 2, 3, 4, c=5, e=6))
print(kw(*[1, 2], **{"c": 7}))
