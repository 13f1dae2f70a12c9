# gc-stress
# iter(callable, sentinel), iterator type names (kept after exhaustion), `in` on iterators.
stack = [1, 2, 3, 4]
it = iter(stack.pop, 2)
print(type(it).__name__, list(it), stack, list(it))
count = [0]
def tick():
    count[0] += 1
    return count[0] * 10
print(list(iter(tick, 50)), count)
print(next(iter(lambda: None, 1)), next(iter(lambda: 1, 1), "done"))
lines = iter(["a", "b", "", "c"]).__next__ if False else None
try:
    iter(5, 1)
except TypeError as e:
    print("TypeError:", e)
m = map(str, [1])
z = zip([1], [2])
e = enumerate("a")
f = filter(None, [0, 1])
r = reversed("ab")
print([type(x).__name__ for x in (m, z, e, f, r, iter(range(3)))])
for x in (m, z, e, f, r):
    list(x)
print([type(x).__name__ for x in (m, z, e, f, r)], list(m), list(z), list(e), list(f), list(r))
g = (x * x for x in range(6))
print(9 in g, list(g), 4 in iter([1, 2]), 2 in map(int, "123"))
