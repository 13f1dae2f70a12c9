def outer(a):
    n = 0
    def inc():
        nonlocal n
        n += a
        return n
    return inc
