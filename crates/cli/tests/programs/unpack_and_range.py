# Unpacking tuples and lists (straight onto the stack) and stepping ranges in place.
pairs = {"a": 1, "b": 2}
for k, v in pairs.items():
    print(k, v)
a, b = [1, [2, 3]]
print(a, b)
x, (y, z) = (1, (2, 3))
print(x, y, z)
a, b = b, a
print(a, b)
for bad in [(1, 2, 3), [1], (), "abc", "ab"]:
    try:
        p, q = bad
        print("ok", p, q)
    except ValueError as e:
        print("ValueError:", e)
try:
    p, q = 5
except TypeError as e:
    print("TypeError:", e)
gen = (i for i in range(2))
p, q = gen
print(p, q)
print(list(range(0)), list(range(5, 0, -2)), list(range(-3, 3, 2)))
big = 9223372036854775807
print(list(range(big - 2, big)), list(range(-big - 1, -big + 2)))
print(list(range(big - 5, big, 3)))
r = iter(range(3))
print(next(r), list(r), list(r), next(r, "done"))
print(sum(i for i in range(100000) if i % 7 == 0))
for i, (k, v) in enumerate(sorted(pairs.items())):
    print(i, k, v)
