class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, name, code=404):
        super().__init__(name, code)
        self.name = name
        self.code = code
    def __str__(self):
        return "not found: %s (%d)" % (self.name, self.code)
class Fatal(AppError):
    pass

try:
    raise NotFound("x.txt")
except AppError as e:
    print("caught base", type(e).__name__, str(e), e.args, e.code)
print("repr", repr(NotFound("y")))
try:
    raise AppError("plain", 2)
except Exception as e:
    print("args", e.args, str(e), repr(e))
print("no args", repr(AppError()), str(AppError()) == "")
print("one arg", str(AppError("one")), repr(AppError("one")))
for cls in (NotFound, Fatal, AppError):
    try:
        if cls is NotFound:
            raise cls("z")
        raise cls
    except NotFound as e:
        print("branch NotFound", e)
    except (Fatal, KeyError) as e:
        print("branch tuple", type(e).__name__)
    except AppError as e:
        print("branch AppError", type(e).__name__, e.args)
print("mro", [k.__name__ for k in NotFound.__mro__])
print("issubclass", issubclass(NotFound, Exception), issubclass(NotFound, BaseException), issubclass(AppError, NotFound))

class Wrapped(Exception): pass
try:
    try:
        {}["k"]
    except KeyError as ke:
        raise Wrapped("wrap") from ke
except Wrapped as e:
    print("cause", type(e.__cause__).__name__, e.__cause__, e.__suppress_context__)
    print("context", type(e.__context__).__name__)
try:
    try:
        raise NotFound("inner")
    except NotFound:
        raise Fatal("outer")
except Fatal as e:
    print("implicit context", type(e.__context__).__name__, e.__cause__, e.__suppress_context__)
try:
    try:
        raise NotFound("a")
    except NotFound:
        raise Fatal("b") from None
except Fatal as e:
    print("from None", e.__cause__, e.__suppress_context__, type(e.__context__).__name__)

class ValErr(ValueError):
    def __init__(self, val):
        super().__init__("bad value %r" % (val,))
        self.val = val
try:
    raise ValErr(3)
except ValueError as e:
    print("builtin parent", type(e).__name__, e, e.val)
try:
    raise ValErr([1])
except ValErr as e:
    print("raise instance", e)

class KE(KeyError): pass
try:
    raise KE("key")
except LookupError as e:
    print("KeyError str", str(e), repr(e))

e = NotFound("q", 500)
e.extra = "more"
print("attrs", e.name, e.code, e.extra)
print("with_traceback", e.with_traceback(None) is e)
try:
    raise e
except NotFound as caught:
    print("same object", caught is e, caught.__traceback__ is not None)

class NoInit(Exception):
    def __init__(self):
        pass
print("no super init args", NoInit().args, repr(NoInit()))
class Custom(Exception):
    def __init__(self, a, b):
        self.a, self.b = a, b
c = Custom(1, 2)
print("custom args", c.args, str(c))

def thrower(cls, *args):
    raise cls(*args)
for args in [(), ("m",), ("m", 2)]:
    try:
        thrower(AppError, *args)
    except AppError as e:
        print("str of", len(args), repr(str(e)))

try:
    raise 5
except TypeError as e:
    print("raise non-exc", e)
class NotExc: pass
try:
    raise NotExc
except TypeError as e:
    print("raise class non-exc", e)
try:
    try:
        pass
    except NotExc:
        pass
    raise AppError("x")
except AppError:
    print("except clause never evaluated")
try:
    try:
        raise AppError("y")
    except NotExc:
        pass
except TypeError as e:
    print("except bad class", e)

def finally_order():
    out = []
    try:
        try:
            raise Fatal("f")
        finally:
            out.append("finally")
    except Fatal as e:
        out.append("caught " + str(e))
    return out
print("finally", finally_order())
try:
    raise NotFound("bare")
except NotFound as err:
    pass
print("name deleted", "err" in dir())
class MyStop(StopIteration): pass
try:
    raise MyStop(7)
except StopIteration as e:
    print("stop value", e.value)
class BaseLevel(BaseException): pass
try:
    try:
        raise BaseLevel("bl")
    except Exception:
        print("wrong")
except BaseException as e:
    print("base exception", type(e).__name__, e)
