def f():
    try:
        return "try"
    finally:
        print("finally runs")

print(f())

def g():
    try:
        1 / 0
    finally:
        return "finally wins"

print(g())

try:
    try:
        {}["k"]
    except KeyError as e:
        raise ValueError("bad") from e
except ValueError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)

try:
    try:
        raise TypeError("first")
    except TypeError:
        raise RuntimeError("second")
except RuntimeError as e:
    print(repr(e.__context__), e.__cause__)

try:
    try:
        raise KeyError("x")
    except KeyError:
        raise
except LookupError as e:
    print("reraised", repr(e), str(e))

for exc in (IndexError, KeyError, ZeroDivisionError, NameError, AttributeError):
    try:
        raise exc("m")
    except (LookupError, ArithmeticError) as e:
        print("lookup/arith", type(e).__name__)
    except Exception as e:
        print("other", type(e).__name__)

def depth(n):
    return depth(n + 1)

try:
    depth(0)
except RecursionError as e:
    print("RecursionError:", e)

try:
    "a" * 10 ** 12
except MemoryError:
    print("MemoryError")

nested = []
for _ in range(100000):
    nested = [nested]
try:
    repr(nested)
except RecursionError:
    print("repr RecursionError")

l = [1]
l.append(l)
print(l)
e = ValueError("a", 2)
print(e, repr(e), e.args, ValueError(), repr(KeyError("k")), str(KeyError("k")))
try:
    assert 1 == 2, "msg"
except AssertionError as e:
    print("assert", e)
x = 0
try:
    x = 1
except Exception:
    x = 2
else:
    x = 3
finally:
    print("x =", x)
print(sorted([(1, "b"), (0, "z"), (1, "a")], key=lambda p: p[0]))
