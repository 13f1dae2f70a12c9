a = [x * 2 for x in xs if x]
b = {x for x in xs}
c = {k: v for k, v in items}
d = (x for x in xs)
e = [(x, y) for x in xs for y in ys if x != y]
