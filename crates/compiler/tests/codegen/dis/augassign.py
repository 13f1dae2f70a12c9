x += 1
o.attr *= 2
o[i] -= 3
