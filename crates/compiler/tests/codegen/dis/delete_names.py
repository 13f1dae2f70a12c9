del x
def f():
    y = 1
    del y
