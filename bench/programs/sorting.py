# Sorting: list.sort and sorted with keys over ints, tuples and strings.
seed = 12345
values = []
for _ in range(200_000):
    seed = (seed * 1103515245 + 12345) % 2147483648
    values.append(seed)
a = sorted(values)
pairs = [(v % 1000, v) for v in values]
pairs.sort()
names = [str(v) for v in values[:50_000]]
names.sort(key=len)
b = sorted(values, key=lambda v: -v)
print(a[0], a[-1], pairs[0], names[0], b[0])
