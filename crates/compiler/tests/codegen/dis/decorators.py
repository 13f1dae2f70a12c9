@dec
@dec2(1)
def f():
    pass
@dec
class C:
    pass
