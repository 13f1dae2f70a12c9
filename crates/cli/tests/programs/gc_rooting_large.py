# Building a long list through map() collects garbage many times (no stress mode needed).
def f(x):
    return g(x)
def g(x):
    return "x" * 100 + str(x)
r = list(map(f, range(200000)))
print(len(r), r[0][-3:], r[-1][-3:])
