x = a[1]
y = a[1:2]
z = a[::2, 3]
a[i] = v
del a[j]
