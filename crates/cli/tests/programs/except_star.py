def f():
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2), KeyError(3)])
    except* ValueError:
        raise RuntimeError("from handler")
    except* TypeError as t:
        raise
try:
    f()
except BaseException as e:
    print(type(e).__name__, e, [type(x).__name__ for x in e.exceptions])
    for x in e.exceptions:
        print(" ", repr(x), [repr(y) for y in getattr(x, "exceptions", [])])
try:
    try:
        raise ExceptionGroup("x", [OSError(1)])
    except* ValueError:
        print("no")
except ExceptionGroup as e:
    print("passed through", repr(e))
try:
    raise KeyboardInterrupt
except* KeyboardInterrupt as g:
    print(type(g).__name__, repr(g))
print(BaseExceptionGroup("m", [ValueError()]).__class__.__name__, BaseExceptionGroup("m", [KeyboardInterrupt()]).__class__.__name__)
try:
    ExceptionGroup("m", [KeyboardInterrupt()])
except TypeError as e:
    print(e)
try:
    try:
        raise ValueError(5)
    except* ValueError:
        pass
    print("handled naked")
finally:
    print("finally ran")
class MyEG(ExceptionGroup):
    pass
e = MyEG("mine", [ValueError()])
print(type(e).__name__, isinstance(e, ExceptionGroup), e.message)
