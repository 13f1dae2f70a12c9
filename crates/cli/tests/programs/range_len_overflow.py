# len() of a range longer than a C ssize_t raises; indexing such a range still works.
r = range(0, 2**63)
try:
    print(len(r))
except OverflowError as e:
    print(type(e).__name__, e)
print(r[2**62], r[-1], bool(r))
print(len(range(0, 2**63 - 1)), len(range(-2**63, -1)))
try:
    print(len(range(-2**63, 2**63, 3)))
except OverflowError as e:
    print(type(e).__name__, e)
print(len(range(-2**63, 2**63, 2**62)))
