# Code generation end to end: evaluation order, try/except/else/finally, scopes, literals, unpacking.
def order():
    log = []
    def t(x):
        log.append(x)
        return x
    def f(a, b, *, c, d):
        return a + b + c + d
    f(t(1), t(2), d=t(3), c=t(4))
    {t("k1"): t("v1"), t("k2"): t("v2")}
    t("l")[0:0] if False else None
    x = [t(i) for i in range(2)]
    return log
print(order())

def tef(n):
    log = []
    try:
        log.append("try")
        if n == 1:
            raise ValueError
        if n == 2:
            return log
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log
print(tef(0), tef(1), tef(2))

def while_else(n):
    i = 0
    while i < n:
        if i == 3:
            break
        i += 1
    else:
        return "exhausted", i
    return "broke", i
print(while_else(2), while_else(5))

def comp_scopes():
    y = 10
    a = [[x + y for x in range(i)] for i in range(3)]
    b = [lambda: x for x in range(3)]
    c = {x: [y * x for _ in range(2)] for x in range(2)}
    return a, [f() for f in b], c
print(comp_scopes())

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(15))

def outer():
    def middle():
        def inner():
            return "q"
        return inner
    return middle()
print(outer().__qualname__, outer.__name__)

big = 2 ** 100 + 1
print(big, -big, big // 3, 0xFF, 0o17, 0b101, 1_000_000)
print("tab\tnew\\n", 'q"', "\x41\u00e9", b"\x00ab", r"raw\n")
print(f"{'nested'!s:^10}", f"{3.14159:.2f}", f"{{literal}}")
g = 5
def shadow():
    g = 1
    def inner():
        global g
        g = 99
    inner()
    return g
print(shadow(), g)
def unbound():
    try:
        print(zz)
        zz = 1
    except UnboundLocalError as e:
        return "unbound local"
print(unbound())
def multi_target():
    a = b = []
    a.append(1)
    (c, d), e = (1, 2), 3
    [f, [g, h]] = [4, [5, 6]]
    return b, c, d, e, f, g, h
print(multi_target())
def aug_attr():
    class_like = {"v": 1}
    class_like["v"] += 1
    items = [[0]]
    items[0][0] += 5
    return class_like, items
print(aug_attr())
def deleting():
    x = [1, 2, 3]
    del x[0], x[-1]
    y = 1
    del y
    try:
        y
    except NameError:
        return x, "gone"
print(deleting())
print(sorted({3, 1, 2}), max([4, 8, 2], key=lambda v: -v))
