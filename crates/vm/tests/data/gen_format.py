"""Regenerate format_cases.txt from CPython: python3 gen_format.py > format_cases.txt

Each line: KIND<TAB>VALUE<TAB>SPEC_HEX<TAB>RESULT_HEX, KIND 'F' for format(value, spec) and 'P'
for spec % value. VALUE is encoded as: i<decimal>, f<float.hex()>, s<utf-8 hex>, T, F, N,
(a,b) tuple, [a,b] list, {k=v,...} dict. RESULT is the output or '!ExcType: message'.
"""
import random

def enc(v):
    if v is None: return "N"
    if v is True: return "T"
    if v is False: return "F"
    if isinstance(v, int): return f"i{v}"
    if isinstance(v, float): return f"f{v.hex()}"
    if isinstance(v, str): return "s" + v.encode().hex()
    if isinstance(v, tuple): return "(" + ",".join(enc(x) for x in v) + ")"
    if isinstance(v, list): return "[" + ",".join(enc(x) for x in v) + "]"
    if isinstance(v, dict): return "{" + ",".join(enc(k) + "=" + enc(x) for k, x in v.items()) + "}"
    raise TypeError(v)

def run(kind, v, spec):
    try:
        r = format(v, spec) if kind == "F" else spec % v
    except Exception as e:
        r = f"!{type(e).__name__}: {e}"
    print(f"{kind}\t{enc(v)}\t{spec.encode().hex()}\t{r.encode().hex()}")

rnd = random.Random(311)
ints = [0, 1, -1, 7, 42, -42, 255, 1234567, -1234567, 2**64, -(2**70), 10**30, True, False]
floats = [0.0, -0.0, 1.5, -2.675, 2.675, 1e16, 1e-5, 123456.789, 1e300, float("inf"), float("nan"),
          float("-inf"), 0.1, 5e-324, 1234567.0, 0.5, 9.995, 99.5, 1e22, -1e-7, 100.0, 0.00012345, 2.5, 3.5]
strs = ["", "a", "abc", "héllo", "😀x", "it's"]
aligns = ["", "<", ">", "^", "=", "*<", "*^", "0=", "x>"]
signs = ["", "+", "-", " "]

for v in ints:
    for _ in range(300):
        spec = (rnd.choice(aligns) + rnd.choice(signs) + rnd.choice(["", "", "#"]) + rnd.choice(["", "", "0"])
                + rnd.choice(["", "", "1", "8", "13"]) + rnd.choice(["", "", ",", "_"])
                + rnd.choice(["", "", "", "", ".2"]) + rnd.choice(["", "d", "b", "o", "x", "X", "c", "n", "e", "f", "g", "%", "s", "z"]))
        run("F", v, spec)
for v in floats:
    for _ in range(300):
        spec = (rnd.choice(aligns) + rnd.choice(signs) + rnd.choice(["", "", "", "z"]) + rnd.choice(["", "", "#"])
                + rnd.choice(["", "", "0"]) + rnd.choice(["", "", "1", "10", "25"]) + rnd.choice(["", "", ",", "_"])
                + rnd.choice(["", ".0", ".1", ".2", ".3", ".6", ".10", ".17", ".25"])
                + rnd.choice(["", "e", "E", "f", "F", "g", "G", "%", "n", "d", "s"]))
        run("F", v, spec)
for v in strs:
    for _ in range(100):
        spec = (rnd.choice(aligns) + rnd.choice(["", "", "", "+"]) + rnd.choice(["", "", "#"]) + rnd.choice(["", "", "0"])
                + rnd.choice(["", "", "1", "8"]) + rnd.choice(["", "", "", ","]) + rnd.choice(["", "", ".0", ".2"]) + rnd.choice(["", "s", "d"]))
        run("F", v, spec)
for v, spec in [(1234, '.2'), (5, '5.5.5'), (5, 'dd'), (5, '.'), (5, ',,'), (5, '_,'), (5, ',_'), (None, ''), (None, '5'),
                ([1], ''), ([1], 's'), (0x110000, 'c'), (-1, 'c'), (65, '+c'), (65, '#c'), ('x', '\x00<5'), (5, '\n>5'),
                (0.1, '.60f'), (1.0, '.300e'), (2**1100, 'e'), (10**400, 'f'), (1e100, 'f'), (5.0, '.1'), (123.0, '.2'),
                (1e-300 * 1e-300, 'e'), (1.0, '#.0e'), (1.0, '#.0f'), (1.0, '#g'), (1e-5, '.3g'), (1234, 'é>7')]:
    run("F", v, spec)

pct_cases = [
 ("%s %d %5.2f %x %r %%", (1, 2, 3.14159, 255, 'a')), ("%s", ()), ("%s", (1, 2)), ("%d", "3"), ("%d", 3.7), ("%x", 3.5), ("%f", "x"), ("%c", 65), ("%c", "ab"), ("%c", 0x110000), ("%c", "é"),
 ("%q", 1), ("%", 1), ("%(a)s", 1), ("%(a)s %(b)r", {'a': 1, 'b': 'x'}), ("%(c)s", {'a': 1}), ("%*d", (5, 42)), ("%-*d|", (5, 42)), ("%.*f", (2, 3.14159)), ("%*d", ('x', 1)),
 ("%a", 'é'), ("%5s|%-5s|", ('ab', 'cd')), ("%.1s", 'abc'), ("%+d % d %05d %-5d|", (1, 2, -3, 4)), ("%#x %#o %#X", (255, 8, 255)), ("%.3d", 5), ("%e %E %g %G", (1e-5, 1e-5, 1e-5, 1e20)), ("%#g", 1.0), ("%010.3f", -3.14159),
 ("%i %u", (1, 2)), ("%ld", 5), ("%s", [1, 2]), ("%s %s", [1, 2]), ("%(a)s", ()), ("%s", {'a': 1}), ("%d", True), ("%s", True), ("%x", -255), ("%#x", -255), ("%05s", 'ab'), ("%r", "it's"), ("abc", 1), ("abc", ()), ("abc", {}), ("abc", []),
 ("%.0f %.0f", (0.5, 1.5)), ("%f", float('inf')), ("%05f", float('nan')), ("%d", 10**30), ("%d", float('inf')), ("%z", 1), ("%(a)", {'a':1}), ("%(a", {'a':1}), ("%*.*f", (8, 3, 2.5)), ("%c", -1), ("%o", 8), ("%X", 255), ("%%%d", 5), ("%s%%", 5), ("%5%", ()),
 ("%5%", (1,)), ("%(a)%", {'a': 1}), ("%s %(a)s", {'a': 1}), ("%(a)s %s", {'a': 1}), ("%c", 3.0), ("%c", True), ("%s", ([1],)), ("%d", 1.5e300), ("%.2s %.2r", ('abc', 'abc')), ("%-05d|", 3),
 ("%+05.1f", 2.25), ("% 5s", 'x'), ("%#.3g", 1.0), ("%#.0f", 1.0), ("%#.0e", 1.0), ("%#o", 0), ("%.0e", 15000.0), ("%.2e", 9.995), ("%.3g", 1e-5), ("%g", 123456789.0), ("%g", 0.0001), ("%g", 1e16),
 ("%s", None), ("%r", (1, 'a')), ("%s", ((1, 2),)), ("%-6.2f|", -0.0), ("%x", 2**70), ("%(x)d%%", {'x': 50}), ("%a", 'x\u1234\U0001f600'), ("%.3r", 'abc'), ("%*s|", (-4, 'a')),
]
for f, a in pct_cases:
    run("P", a, f)
for conv in "diouxXeEfFgGcrsa":
    for v in [0, 7, -42, 255, 3.75, -0.5, 1e20, float('nan'), 'ab', True, None, 2**64]:
        for _ in range(6):
            f = "%" + "".join(rnd.sample("-+ #0", rnd.randint(0, 3))) + rnd.choice(["", "3", "9"]) + rnd.choice(["", ".0", ".2", ".5"]) + conv
            run("P", (v,), f)
