# gc-stress
# Set displays (constant frozensets rebuilt as CPython's constant merging does), comprehensions, frozenset().
print({7, 15}, {7, 15, 23}, {15, 7, 23, 31}, {7, 15, *[23]}, {x for x in (7, 15)}, frozenset({7, 15}), frozenset((7, 15, 23)))
a = 7
print({a, 15, 23}, {7, 15, 23, a}, 15 in {7, 15, 23})
print({1.5, 2.5, 7, 15, -1, 2**64}, {(1, 2), (2, 1), (), (0,)})
