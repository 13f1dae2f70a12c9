# `import builtins`: the module around the builtins namespace itself.
import builtins
print(type(builtins).__name__, builtins.__name__, builtins.len is len, builtins.max([3, 1]))
from builtins import min, ValueError as VE
print(min(4, 2), VE is ValueError)
import sys
print(sys.modules["builtins"] is builtins)
saved = builtins.print
def shout(*a, **k):
    saved(*[str(x).upper() for x in a], **k)
builtins.print = shout
print("hello")
builtins.print = saved
print("back")
builtins.answer = 42
print(answer)
del builtins.answer
try:
    answer
except NameError as e:
    print("NameError:", e)
exec("print(__name__)", {})
print(hasattr(builtins, "open"), "abs" in dir(builtins))
import builtins, importlib
m = importlib.reload(builtins)
print(m is builtins, len([1]))
