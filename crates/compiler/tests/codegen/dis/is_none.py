def f(x):
    if x is None:
        return 1
    if x is not None and x:
        return 2
    return 3
print(f(None), f(0), f(5))
while (y := None) is not None:
    pass
print([z for z in (1, None, 2) if z is not None])
