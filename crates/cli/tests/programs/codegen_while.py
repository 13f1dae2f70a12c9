# Code generation end to end: while loops tested at the top and again at the bottom (backward conditional jumps).
i = 0
while i < 5:
    i += 1
print(i)
i = 0
while i < 10 and i != 7:
    i += 1
    if i == 3:
        continue
else:
    print("else", i)
a, b = 0, 10
while a < b < 20 or a == 100:
    a += 3
print(a, b)
n = 0
while not n >= 4:
    n += 1
print(n)
k = None
cnt = 0
while k is None:
    cnt += 1
    if cnt > 3:
        k = cnt
print(k)
x = 5
while (y := x - 1) if x > 2 else False:
    x = y
print(x)
j = 0
while True:
    j += 1
    if j > 4:
        break
print(j)
z = 3
while z:
    z -= 1
else:
    print("z done")
def w(lst):
    while lst:
        v = lst.pop()
        if v == 2:
            return "found"
    return "none"
print(w([1, 2, 3]), w([5]))
