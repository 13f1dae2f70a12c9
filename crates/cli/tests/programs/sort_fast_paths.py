# Sorting lists of one kind (ints alone, strs alone) and of builtin values, stably, with keys,
# reversed, and the errors of unorderable mixes.
ints = [5, -3, 0, 2**62, -(2**62), 7, 5, 1]
print(sorted(ints), sorted(ints, reverse=True))
print(sorted(["b", "a", "é", "z", "", "ab", "Z", "😀", "ä"]))
print(sorted(["b", "a", "é", "z", "", "ab"], reverse=True))
words = ["pear", "fig", "apple", "kiwi", "date", "plum", "lime"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True))
print(sorted(range(10), key=lambda v: v % 3))
print(sorted([3, True, 2.5, False, 1]))
print(sorted([(2, "b"), (1, "z"), (2, "a"), (1, "a")]))
print(sorted([[3], [1, 2], [1], []]))
print(sorted([2**70, 3, -(2**80), 1.5]))
for mix in ([1, "a"], ["a", 1], [(1, 2), (1, "x")], [None, 1]):
    try:
        sorted(mix)
    except TypeError as e:
        print("TypeError:", e)


class K:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v > other.v


print([k.v for k in sorted([K(1), K(3), K(2)])])
print(sorted([1, 3, 2], key=K) == [3, 2, 1])
pairs = [(i % 3, i) for i in range(9)]
pairs.sort(key=lambda p: p[0])
print(pairs)
s = ["x"] * 3 + ["a"]
s.sort()
print(s, [].sort(), sorted([]), sorted([1]))
