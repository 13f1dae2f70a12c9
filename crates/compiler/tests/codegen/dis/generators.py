def gen(it):
    x = yield 1
    y = yield from it
    yield
    return x, y
