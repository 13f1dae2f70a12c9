# gc-stress
def g():
    try:
        raise KeyError("k")
    except KeyError:
        yield 1
    yield 2

x = g()
print(next(x))
try:
    raise ValueError("v")
except ValueError as e:
    print(repr(e.__context__))
print(next(x))
