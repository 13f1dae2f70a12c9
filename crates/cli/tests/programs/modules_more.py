# More standard modules: __future__, contextlib, types, warnings, keyword, textwrap.
from __future__ import annotations
import contextlib, types, warnings, keyword, textwrap, sys
@contextlib.contextmanager
def tag(name):
    print("<" + name + ">")
    try:
        yield name.upper()
    finally:
        print("</" + name + ">")
with tag("b") as t:
    print("inside", t)
try:
    with tag("i"):
        raise KeyError("k")
except KeyError as e:
    print("caught", e)
with contextlib.suppress(ZeroDivisionError):
    1 / 0
print("suppressed")
with contextlib.ExitStack() as stack:
    stack.callback(print, "callback ran")
    print("in stack")
ns = types.SimpleNamespace(a=1, b="x")
ns.c = [1]
print(ns, ns == types.SimpleNamespace(a=1, b="x", c=[1]), type(tag) is types.FunctionType)
print(keyword.iskeyword("yield"), keyword.iskeyword("match"), keyword.issoftkeyword("match"))
text = "The quick brown fox jumps over the lazy dog and keeps running far away from here."
print(textwrap.wrap(text, 20))
print(textwrap.fill(text, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.dedent("    a\n      b\n    c\n"), textwrap.indent("x\ny\n", "> "), textwrap.shorten(text, 30))
warnings.simplefilter("ignore")
warnings.warn("hidden")
print("done")
import io, json
s = io.StringIO()
s.write("hello ")
print("world", 1, file=s)
json.dump({"a": [1, 2]}, s)
print(repr(s.getvalue()))
r = io.StringIO("line1\nline2\nline3")
print(r.readline(), r.readlines(), r.read())
r.seek(0)
print([l for l in r])
b = io.BytesIO(b"abc")
b.seek(0, 2)
b.write(b"def")
print(b.getvalue(), b.tell())
with io.StringIO("x") as f:
    print(f.read())
print(f.closed)
import sys, io, contextlib
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured", 1)
print("after", repr(buf.getvalue()))
old = sys.stdout
sys.stdout = io.StringIO()
print("hidden")
text = sys.stdout.getvalue()
sys.stdout = old
print("restored", repr(text))
import sys, os
print(sys.exc_info(), sys.exception())
try:
    1 / 0
except ZeroDivisionError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v, tb is not None, sys.exception() is v)
print(sys.implementation.name != "", sys.getdefaultencoding())
base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tmp_walk")
os.makedirs(os.path.join(base, "a", "b"))
open(os.path.join(base, "a", "f.txt"), "w").close()
for root, dirs, files in os.walk(base):
    print(os.path.relpath(root, base), sorted(dirs), sorted(files))
os.remove(os.path.join(base, "a", "f.txt"))
os.removedirs(os.path.join(base, "a", "b"))
print(os.path.exists(base))
