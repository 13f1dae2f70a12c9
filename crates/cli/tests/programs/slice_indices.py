# gc-stress
# slice objects: attributes, repr, indices(), equality; range slicing edge cases.
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None), slice(1, None, -1))
for sl in [slice(None), slice(None, None, -1), slice(-3, None), slice(2, 100), slice(100, -100, -3), slice(-100, 100, 7), slice(5, 1)]:
    print(sl.indices(10), sl.indices(0), sl.indices(3))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3), slice(0, 10, 2).indices(True))
for bad in [-1, "x", 2.5]:
    try:
        slice(1).indices(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    slice(1, 2, 0).indices(5)
except ValueError as e:
    print("ValueError:", e)
r = range(0, 20, 3)
print(r[::2], r[::-1], r[1:-1], r[-2:], r[100:], r[:-100], r[::-3], r[5:1:-1], range(10)[slice(2, 8, 2)])
print(range(5)[::-1] == range(4, -1, -1), len(range(0, 20, 3)[::2]), list(range(10, 0, -2)[1:3]))
print(list(range(10))[slice(*slice(1, 8, 3).indices(10))], "abcdefghij"[slice(-3, None)])
