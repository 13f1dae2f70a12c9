# gc-stress
# Ranges beyond 64-bit ints: indexing, slicing, iteration; list slice assignment of non-iterables.
for e in ["max(range(10 ** 18, 10 ** 18 + 5))", "range(0, 10 ** 20, 3)[-1]", "range(10 ** 20)[-1]",
          "10 ** 19 in range(0, 10 ** 20, 7)", "range(10**20)[5:10**19:3]", "range(10**20)[10**19]",
          "list(range(10**20, 10**20+3))", "range(10**20)[::-1]", "sum(range(2**63-3, 2**63+2))",
          "list(range(2**63+2, 2**63-3, -2))", "type(iter(range(2**64))).__name__", "range(5)[True]",
          "range(5)['a']", "range(10)[2:8:0]", "range(10)[-100:100]", "list(range(-2**70, -2**70+10, 3)[::-2])",
          "range(10**20)[10**20]", "range(3)[-4]", "(10 ** 20).__str__()", "(7).__repr__()", "True.__str__()"]:
    try:
        print(e, "->", eval(e))
    except Exception as exc:
        print(e, "->", type(exc).__name__, exc)
L = [1, 2, 3]
for v in [5, None, 2.5]:
    try:
        L[1:2] = v
    except TypeError as exc:
        print("TypeError:", exc)
L[1:2] = (x * 10 for x in range(3))
L[:1] = "ab"
print(L)
def bad():
    yield 1
    raise TypeError("from the generator")
try:
    L[:] = bad()
except TypeError as exc:
    print("TypeError:", exc)
print(L)
