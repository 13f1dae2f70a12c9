x = a and b or c
y = not a
z = a if b else c
