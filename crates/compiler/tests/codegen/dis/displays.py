l = [a, *b, c]
t = (a, *b)
s = {a, *b}
d = {'k': v, **m, x: y}
big = [1, 2, 3, 4]
cd = {'a': 1, 'b': 2}
e = [], (), {}, set()
