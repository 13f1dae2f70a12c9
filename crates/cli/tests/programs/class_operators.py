OPS = ["add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift",
       "rshift", "and", "or", "xor", "matmul"]

class N:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return "N(%r)" % (self.v,)

def mk(op):
    def f(self, other):
        return "%s(%r,%r)" % (op, self.v, other)
    def r(self, other):
        return "r%s(%r,%r)" % (op, self.v, other)
    def i(self, other):
        return "i%s(%r,%r)" % (op, self.v, other)
    return f, r, i
for op in OPS:
    f, r, i = mk(op)
    setattr(N, "__%s__" % op, f)
    setattr(N, "__r%s__" % op, r)
    setattr(N, "__i%s__" % op, i)

a = N(1)
print("+", a + 2, 2 + a)
print("-", a - 2, 2 - a)
print("*", a * 2, 2 * a)
print("/", a / 2, 2 / a)
print("//", a // 2, 2 // a)
print("%", a % 2, 2 % a)
print("**", a ** 2, 2 ** a)
print("<<", a << 2, 2 << a)
print(">>", a >> 2, 2 >> a)
print("&", a & 2, 2 & a)
print("|", a | 2, 2 | a)
print("^", a ^ 2, 2 ^ a)
print("@", a @ 2, 2 @ a)
x = N(5); x += 1; print("+=", x)
x = N(5); x -= 1; print("-=", x)
x = N(5); x *= 1; print("*=", x)
x = N(5); x /= 1; print("/=", x)
x = N(5); x //= 1; print("//=", x)
x = N(5); x %= 1; print("%=", x)
x = N(5); x **= 1; print("**=", x)
x = N(5); x <<= 1; print("<<=", x)
x = N(5); x >>= 1; print(">>=", x)
x = N(5); x &= 1; print("&=", x)
x = N(5); x |= 1; print("|=", x)
x = N(5); x ^= 1; print("^=", x)
x = N(5); x @= 1; print("@=", x)
print("pow3", pow(a, 2), pow(2, a))

class V:
    def __init__(self, v): self.v = v
    def __add__(self, o):
        if isinstance(o, V): return V(self.v + o.v)
        return NotImplemented
    def __radd__(self, o):
        if isinstance(o, int): return V(self.v + o + 1000)
        return NotImplemented
    def __sub__(self, o):
        return NotImplemented
    def __repr__(self): return "V(%d)" % self.v
print("V+V", V(1) + V(2))
print("int+V", 5 + V(1))
print("sum", sum([V(1), V(2)]))
try:
    V(1) + "s"
except TypeError as e:
    print(type(e).__name__, e)
try:
    V(1) - V(2)
except TypeError as e:
    print(type(e).__name__, e)
y = V(1); y += V(2); print("iadd fallback", y)
try:
    y -= 1
except TypeError as e:
    print(type(e).__name__, e)

class Sub(V):
    def __radd__(self, o):
        return "Sub.radd wins"
print("subclass reflected first", V(1) + Sub(2))

class Plain: pass
cases = [
    ("Plain() + 1", lambda: Plain() + 1),
    ("1 + Plain()", lambda: 1 + Plain()),
    ("Plain() * Plain()", lambda: Plain() * Plain()),
    ("-Plain()", lambda: -Plain()),
    ("~Plain()", lambda: ~Plain()),
    ("abs(Plain())", lambda: abs(Plain())),
    ("Plain() < 1", lambda: Plain() < 1),
    ("Plain() @ 1", lambda: Plain() @ 1),
    ("Plain() % 2", lambda: Plain() % 2),
    ("Plain() ** 2", lambda: Plain() ** 2),
    ("[1][Plain()]", lambda: [1][Plain()]),
    ("int(Plain())", lambda: int(Plain())),
    ("float(Plain())", lambda: float(Plain())),
    ("len(Plain())", lambda: len(Plain())),
    ("Plain()[0]", lambda: Plain()[0]),
    ("Plain()()", lambda: Plain()()),
    ("iter(Plain())", lambda: iter(Plain())),
    ("round(Plain())", lambda: round(Plain())),
    ("Plain() - 'x'", lambda: Plain() - 'x'),
    ("1.5 / Plain()", lambda: 1.5 / Plain()),
]
for expr, fn in cases:
    try:
        fn()
        print(expr, "ok")
    except TypeError as e:
        print(expr, "->", type(e).__name__, e)

class U:
    def __neg__(self): return "neg"
    def __pos__(self): return "pos"
    def __invert__(self): return "inv"
    def __abs__(self): return "abs"
    def __round__(self, n=None): return ("round", n)
    def __int__(self): return 7
    def __float__(self): return 2.5
    def __index__(self): return 3
u = U()
print("unary", -u, +u, ~u, abs(u))
print("round", round(u), round(u, 2))
print("int float", int(u), float(u))
print("index", [10, 20, 30, 40][u], bin(u), hex(u), oct(u))
print("slice with index", "abcdefg"[u:u + 2] if False else "abcdefg"[u:5])
print("range idx", list(range(u)))
class OnlyIndex:
    def __index__(self): return 4
print("int from index", int(OnlyIndex()), "ab" * OnlyIndex() if False else [0] * OnlyIndex())
class BadInt:
    def __int__(self): return "x"
try:
    int(BadInt())
except TypeError as e:
    print("bad int", e)
class Ord:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
class Acc:
    def __init__(self): self.items = []
    def __iadd__(self, o):
        self.items.append(o); return self
acc = Acc(); ref = acc; acc += 1; acc += 2
print("iadd identity", acc is ref, acc.items)
class Lst:
    def __init__(self): self.d = [0]
l = Lst(); l.d += [1]
print("attr iadd", l.d)
print("divmod", divmod(N(1), 2) if hasattr(N, "__divmod__") else "no divmod")
class DM:
    def __divmod__(self, o): return ("dm", o)
    def __rdivmod__(self, o): return ("rdm", o)
print("divmod", divmod(DM(), 3), divmod(3, DM()))
