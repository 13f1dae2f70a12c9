while x:
    if y:
        break
    x -= 1
else:
    z = 1
while True:
    pass
