# gc-stress
# Values held only by the interpreter's Rust code while map/filter run Python must stay rooted.
def g(x):
    return str(x)
def f(x):
    return g(x)
print("3" in map(f, range(5)))
def g(x):
    return str(x) * 3
def f(x):
    return g(x)
for s in map(f, range(3)):
    print(s)
for i, s in enumerate(map(f, range(3))):
    print(i, s)
for a, b in zip(map(f, range(3)), map(f, range(3, 6))):
    print(a, b)
print(list(filter(lambda s: g(s) != '', map(f, range(3)))))
def g(x):
    return str(x) + "!"
def f(x):
    return g(x)
def h(*args, **kw):
    return args, kw
print(h(*map(f, range(3)), **{'a' + 'b': [1, 2]}))
def g(x):
    return str(x) * 3
def f(x):
    return g(x)
print([*map(f, range(4))])
print(sorted({*map(f, range(4))}))
def g(x):
    return str(x) * 2
def f(x):
    return g(x)
print(list(map(f, range(5))))
def g(x):
    return [str(x)]
def f(x):
    return g(x)
a, b, c = map(f, range(3))
print(a, b, c)
def f(x):
    return str(x) * 2
print(sorted(map(f, range(5))))
print(min(map(f, range(5))), max(map(f, range(5))))
print(tuple(map(f, range(3))), set(map(f, range(2))) == {"00", "11"})
print(dict(map(lambda x: (f(x), [x]), range(3))))
def g(x):
    return str(x) + "!"
def f(x):
    return g(x)
def h(*args):
    return args
print(h(*map(f, range(4))))
def g(x):
    return [str(x)]
def f(x):
    return g(x)
print(sum(map(f, range(4)), []))
def g(x):
    return [str(x)]
def f(x):
    return g(x)
a, *b, c = map(f, range(4))
print(a, b, c)
def g(x):
    return x * 2
def f(x):
    return g(x)
it = map(f, range(3))
print(sum(it, 10**30))
def g(x):
    return x * 2
def f(x):
    return g(x)
print(10**30 in map(f, range(3)))
def g(x):
    return [str(x)]
def f(x):
    return g(x)
e = ValueError()
e.args = map(f, range(3))
print(e.args)
lst = [[0]]
lst += map(f, range(3))
print(lst)
lst[1:3] = map(f, [10**20, 10**20 + 1])
print(lst)
print(10**30 in filter(lambda x: f(x), [1, 10**30]))
print(sum(map(f, range(3)), [10**30]))
print(sum([10**30, 1.5, 2**70]))
try:
    list(map(lambda x: 1 // x, [1, 0]))
except ZeroDivisionError as exc:
    print("error", exc)
print(list(map(f, range(2))))
