for x in xs:
    if x:
        continue
    break
else:
    y = 1
