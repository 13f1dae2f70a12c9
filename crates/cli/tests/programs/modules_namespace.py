# Namespace packages (PEP 420): one package spread over two sys.path entries, no __init__.py;
# a regular package later on the path wins over an earlier namespace portion.
import os
import sys

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tmp_modules_namespace")
made = []


def write(rel, text):
    path = os.path.join(BASE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    made.append(path)


try:
    write(os.path.join("one", "nsp", "alpha.py"), "NAME = 'alpha from one'\n")
    write(os.path.join("two", "nsp", "beta.py"), "NAME = 'beta from two'\n")
    write(os.path.join("two", "regular", "__init__.py"), "KIND = 'regular'\n")
    os.makedirs(os.path.join(BASE, "one", "regular"), exist_ok=True)
    sys.path[:0] = [os.path.join(BASE, "one"), os.path.join(BASE, "two")]
    import nsp.alpha
    import nsp.beta
    import regular
    print(nsp.alpha.NAME, nsp.beta.NAME, regular.KIND)
    print(hasattr(nsp, "__file__"), nsp.__spec__.origin, len(list(nsp.__path__)), nsp.__package__)
    print([os.path.basename(os.path.dirname(p)) for p in nsp.__path__])
finally:
    for p in made:
        os.remove(p)
    for d in ["one/nsp", "one/regular", "one", "two/nsp", "two/regular", "two", ""]:
        path = os.path.join(BASE, d)
        if os.path.isdir(path):
            os.rmdir(path)
print(os.path.exists(BASE))
