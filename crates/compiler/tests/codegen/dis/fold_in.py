x in [1, 2, 3]
x in {1, 2, 3}
for i in [a, b]:
    pass
