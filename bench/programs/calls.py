# Function calls: positional, keyword, default and *args calls, closures.
def add(a, b=1):
    return a + b


def kw(a, *, scale=2):
    return a * scale


def varargs(*args):
    return len(args)


def make_adder(k):
    def inner(v):
        return v + k
    return inner


add5 = make_adder(5)
acc = 0
for i in range(600_000):
    acc = add(acc, i) - add(i) + kw(i, scale=1) - varargs(i, i) + add5(0)
print(acc)
