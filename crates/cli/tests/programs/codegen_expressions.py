# Code generation end to end: evaluation order, short circuits, unpacking, augmented assignment.
def trace(tag, v):
    print("eval", tag)
    return v

print(trace(1, 0) and trace(2, 1))
print(trace(3, 1) or trace(4, 0))
print(trace(5, 0) or trace(6, 0) or trace(7, "last"))
if trace("a", 1) and not trace("b", 0) or trace("c", 1):
    print("cond1")
if trace("x", 1) < trace("y", 2) < trace("z", 0):
    print("no")
else:
    print("chain false")
print(trace("p", 1) if trace("q", 0) else trace("r", 2))

def loop_ctl():
    out = []
    for i in range(6):
        try:
            if i == 1:
                continue
            if i == 4:
                break
            out.append(i)
        except ZeroDivisionError:
            out.append("zde")
        finally:
            out.append(-i)
    return out
print(loop_ctl())

def nested_except():
    res = []
    for i in range(4):
        try:
            try:
                if i % 2:
                    raise ValueError(i)
                res.append(("ok", i))
            except ValueError as e:
                res.append(("ve", e.args[0]))
                if i == 3:
                    raise KeyError("again")
        except KeyError as k:
            res.append(("ke", str(k)))
    try:
        e
    except NameError:
        res.append("e deleted")
    return res
print(nested_except())

counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump(); bump()
print(counter)

def cells():
    x = 1
    def inner():
        return x + 1
    x = 5
    r = inner()
    del x
    try:
        inner()
    except NameError as e:
        return r, "unbound"
print(cells())

if (n := len("hello")) > 3:
    print("walrus", n)
print([(j := k) for k in range(3)], j)

def star(*a, **k):
    return a, k
print(star(*[1, 2], 3, *(4,), x=1, **{"y": 2}))
print(*[1, 2, 3], sep="-")
m = {"a": 1}
m |= {"b": 2}
print(m)
l = list(range(10))
l[2:5] = ["x"]
del l[0]
print(l)
l2 = [0] * 3
l2[1] -= 5
print(l2)
s = "abcdef"
print(s[1:4], s[::2], s[-2:])
print("%s-%d" % ("a", 3), "{}{}".format(1, 2))
x = 10
x //= 3; x **= 2; x <<= 1; x %= 7
print(x)
print(-2 ** 2, (-2) ** 2, 7 // -2, -7 % 3, 2 ** -1)
print(1 if [] else 2, [] or "empty", 0 and 1)
a = b = c = [1]
print(a is b is c, a == [1] != [2])
print(3 in [1, 2, 3], 4 not in {1, 2})
t = 1,
u = ()
print(t, u, (1,) * 3 + (2,))
def defaults(a, b=[]):
    b.append(a)
    return b
defaults(1)
print(defaults(2))
try:
    assert 1 == 2, "boom"
except AssertionError as e:
    print("assert", e)
try:
    raise ValueError("a") from KeyError("b")
except ValueError as e:
    print(repr(e.__cause__))
def reraise():
    try:
        raise TypeError("t")
    except TypeError:
        raise
try:
    reraise()
except TypeError as e:
    print("reraised", e)
