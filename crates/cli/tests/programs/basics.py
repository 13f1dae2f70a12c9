# gc-stress
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(20), "hello", 3.5, [1, 2, (3,)], {"a": 1}, None, True)
xs = [x * 2 for x in range(5)]
print(xs, sum(xs), len(xs), sorted([3, 1, 2], reverse=True))
d = {}
for i, c in enumerate("abc"):
    d[c] = i
print(d, list(zip([1, 2], "xy")), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))
print(f"{3.14159:.2f} {42:>5} {'x'!r} {7:05d} {1234567:,}")
print(max([1, 5, 3], key=lambda v: -v), min(4, 2, 8), abs(-3), divmod(-7, 2), pow(2, 10, 1000))
print("%s-%d-%5.1f" % ("a", 5, 2.25), 2 ** 100, -7 // 2, -7 % 2, 7 / 2, 1e300 * 10)
print(int("12") + 1, str(3) + "x", bool([]), float("1.5"), int(-2.7), round(2.5), round(3.14159, 2))
print(hex(255), oct(8), bin(5), ord("a"), chr(98), repr("it's"), ascii("é"))
print(isinstance(True, int), isinstance(3, (str, float)), type(1.5), type([]), callable(len))
print(list(reversed([1, 2, 3])), any([0, 0, 1]), all([1, 1, 0]), hash(1) == hash(1.0))
n = 0
while n < 10:
    n += 3
else:
    print("while done", n)
for i in range(3):
    if i == 1:
        continue
    print("loop", i)
a, *b, c = [1, 2, 3, 4, 5]
print(a, b, c)
t = (1, 2, 3)
print(t[1:], t[::-1], "hello"[1:4], [1, 2, 3, 4][::2])
s = {3, 1, 2}
print(sorted(s), 2 in s, len({1: 2}), {1, 2} | {3}, frozenset([1]))
print(1 < 2 < 3, 1 == 1.0, "a" < "b", [1, 2] < [1, 3], (1, "a") == (1, "a"))
print(big := 10 ** 20, big * big, -big // 3, big % 7)
print(list(range(10, 0, -3)), range(5), len(range(0, 100, 7)), 7 in range(0, 10, 7))
