# gc-stress
# The type names of the builtin iterators.
d = {1: 2}
for x in [iter([]), iter(()), iter("ab"), iter("é"), iter(b"x"), iter(bytearray(b"x")), iter(d), iter(d.values()), iter(d.items()), iter({1}), iter(frozenset()), iter(range(3)), iter(range(2**70)), map(int, []), zip(), enumerate([]), filter(None, []), iter(int, 0)]:
    print(type(x).__name__, end=" ")
print()
try:
    len(iter([]))
except TypeError as e:
    print(e)
