# gc-stress
# Ellipsis: the ... singleton.
def f():
    ...
print(f(), ..., Ellipsis, ... is Ellipsis, type(...).__name__, [...], repr(...), str(...), bool(...))
x = ...
print(x == Ellipsis, x != 1, hash(...) == hash(Ellipsis), {...: 1}[Ellipsis], f"{...}", "%s" % (...,))
def g(a=...):
    return a is ...
print(g(), g(1), (1, ..., 2))
try:
    ... + 1
except TypeError as e:
    print("TypeError:", e)
