# The import system on files written at run time: packages, relative and star imports,
# circular imports, failures, __import__, importlib.reload, module attributes.
import os
import sys
import importlib

TMP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tmp_modules_import")
made = []


def write(rel, text):
    path = os.path.join(TMP, rel)
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        os.makedirs(d)
    with open(path, "w") as f:
        f.write(text)
    made.append(path)
    importlib.invalidate_caches()


def cleanup():
    for p in made:
        if os.path.exists(p):
            os.remove(p)
    for d in [os.path.join(TMP, "mi_pkg", "inner"), os.path.join(TMP, "mi_pkg"), TMP]:
        if os.path.isdir(d):
            os.rmdir(d)


sys.path.insert(0, TMP)
try:
    write(os.path.join("mi_pkg", "__init__.py"), '"""Package doc."""\n__all__ = ["exported"]\nexported = "e"\nhidden = "h"\n')
    write(os.path.join("mi_pkg", "inner", "__init__.py"), "from .. import exported as up\n")
    write(os.path.join("mi_pkg", "inner", "leaf.py"), "from . import up\nfrom ..inner import up as again\nVALUE = up + again\n")
    write("mi_a.py", "import mi_b\nA = 'a'\ndef both():\n    return A + mi_b.B\n")
    write("mi_b.py", "import mi_a\nB = 'b'\nSEEN = hasattr(mi_a, 'A')\n")
    write("mi_counter.py", "count = 0\ncount += 1\nkept = 'first'\n")
    import mi_pkg.inner.leaf
    print(mi_pkg.__doc__, mi_pkg.inner.leaf.VALUE, mi_pkg.inner.leaf.__package__, mi_pkg.inner.__package__)
    print(mi_pkg.__spec__.name, mi_pkg.inner.leaf.__spec__.parent, os.path.basename(mi_pkg.__spec__.origin))
    from mi_pkg import *
    print(exported, "hidden" in dir())
    import mi_a
    print(mi_a.both(), mi_a.mi_b.SEEN)
    m = __import__("mi_pkg.inner", fromlist=["leaf"])
    print(m.__name__, __import__("mi_pkg.inner").__name__)
    import mi_counter
    write("mi_counter.py", "count = 10\n")
    again = importlib.reload(mi_counter)
    print(again is mi_counter, mi_counter.count, mi_counter.kept)
    try:
        from mi_pkg import nothing
    except ImportError as e:
        print(e.name, str(e).split(" (")[0])
    try:
        import mi_pkg.missing
    except ModuleNotFoundError as e:
        print(e.name, e)
    print(sorted(k for k in sys.modules if k.startswith("mi_")))
finally:
    cleanup()
print(os.path.exists(TMP))
