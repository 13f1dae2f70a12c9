with open(p) as fh:
    fh.read()
with a, b as c:
    pass
