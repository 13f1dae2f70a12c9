"""Regenerate numeric_cases.txt from CPython: python3 gen_numeric.py > numeric_cases.txt

Each line: OP<TAB>A<TAB>B<TAB>RESULT, where RESULT is repr(result) or !ExcType: message.
"""
import math, operator

ints = ["0", "1", "-1", "2", "-2", "3", "7", "-7", "10", "255", "-256",
        str(2**53 + 1), str(2**63 - 1), str(-2**63), str(2**64), str(-(2**70) + 5), str(10**30), str(-3 * 10**25)]
floats = ["0.0", "-0.0", "1.5", "-2.5", "7.0", "0.1", "1e+300", "-1e-300", "inf", "-inf", "nan", "9007199254740993.0", "1e+16"]
ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
       "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
       ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
       "divmod": divmod, "cmp": None}

def val(s):
    return float(s) if any(c in s for c in ".nie") else int(s)

def show(r):
    if isinstance(r, tuple):
        return "(" + ", ".join(repr(x) for x in r) + ")"
    return repr(r)

for name, fn in ops.items():
    for a in ints + floats:
        for b in ints + floats:
            x, y = val(a), val(b)
            if name == "**" and isinstance(y, int) and isinstance(x, int) and abs(y) > 200 and abs(x) > 1:
                continue
            if name == "<<" and isinstance(y, int) and y > 200:
                continue
            if name == "**" and isinstance(y, float) and x < 0 and y != int(y) if math.isfinite(y) else False:
                continue  # a complex result
            if name == "cmp":
                r = "".join(c for c, f in (("<", x < y), ("=", x == y), (">", x > y)) if f) or "?"
                print(f"{name}\t{a}\t{b}\t{r}")
                continue
            try:
                r = show(fn(x, y))
            except Exception as e:
                r = f"!{type(e).__name__}: {e}"
            if "j" in r:
                continue
            print(f"{name}\t{a}\t{b}\t{r}")
for a in ints + floats:
    x = val(a)
    for name, fn in (("neg", operator.neg), ("abs", abs), ("~", operator.invert), ("hash", hash), ("float", float), ("int", int)):
        try:
            r = repr(fn(x))
        except Exception as e:
            r = f"!{type(e).__name__}: {e}"
        print(f"{name}\t{a}\t-\t{r}")
