x = a < b <= c
y = a is not b
z = a not in b
if a < b < c:
    pass
