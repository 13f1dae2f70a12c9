a = b = c
a, b = b, a
[a, *b, c] = d
a.x, a[0] = 1, 2
