class Ver:
    def __init__(self, *parts):
        self.parts = parts
    def __eq__(self, o):
        if not isinstance(o, Ver): return NotImplemented
        return self.parts == o.parts
    def __lt__(self, o):
        if not isinstance(o, Ver): return NotImplemented
        return self.parts < o.parts
    def __le__(self, o): return self == o or self < o
    def __hash__(self): return hash(self.parts)
    def __repr__(self): return "Ver" + repr(self.parts)

a, b, c = Ver(1, 0), Ver(1, 2), Ver(1, 0)
print("eq", a == c, a == b, a != b, a != c)
print("lt", a < b, b < a)
print("gt reflected", b > a, a > b)
print("le ge", a <= c, b >= a)
print("eq other type", a == 5, a != 5)
try:
    a < 5
except TypeError as e:
    print("lt other", e)
print("sorted", sorted([Ver(2), Ver(1, 5), Ver(1), Ver(0, 9)]))
print("sorted rev", sorted([Ver(2), Ver(1)], reverse=True))
print("min max", min(b, a), max(a, b), max([Ver(3), Ver(9), Ver(1)]))
print("dict key", {a: "x"}[Ver(1, 0)])
print("set dedup", len({a, b, c, Ver(1, 2)}))
print("in list", Ver(1, 2) in [a, b], Ver(5) in [a, b])
print("list index", [a, b].index(Ver(1, 2)), [a, b, c].count(Ver(1, 0)))

class EqOnly:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, EqOnly) and self.v == o.v
print("hash is None", EqOnly.__hash__ is None)
try:
    hash(EqOnly(1))
except TypeError as e:
    print("unhashable", e)
try:
    {EqOnly(1): 1}
except TypeError as e:
    print("dict key", e)
try:
    {EqOnly(1)}
except TypeError as e:
    print("set", e)
class NoEq: pass
n1 = NoEq()
print("identity hash ok", hash(n1) == hash(n1), n1 == n1, n1 == NoEq(), n1 != NoEq())
d = {n1: 1}
print("identity key", d[n1], NoEq() in d)

class Inherit(Ver):
    pass
print("inherited hash", hash(Inherit(1)) == hash(Ver(1)))
class EqSub(Ver):
    def __eq__(self, o): return True
print("sub eq kills hash", EqSub.__hash__ is None)
class Restore(EqOnly):
    __hash__ = object.__hash__
print("restored", type(hash(Restore(1))).__name__)

log = []
class L:
    def __init__(self, n): self.n = n
    def __eq__(self, o): log.append("eq " + self.n); return NotImplemented
    def __ne__(self, o): log.append("ne " + self.n); return NotImplemented
    def __lt__(self, o): log.append("lt " + self.n); return NotImplemented
    def __gt__(self, o): log.append("gt " + self.n); return NotImplemented
x, y = L("x"), L("y")
print("both NI eq", x == y, log); log.clear()
print("both NI ne", x != y, log); log.clear()
try:
    x < y
except TypeError as e:
    print("both NI lt", e, log)
log.clear()

class Sub(L):
    pass
class SubOverride(L):
    def __lt__(self, o): log.append("sub lt"); return "sub"
    def __gt__(self, o): log.append("sub gt"); return "subgt"
print("subclass reflected priority", L("p") < SubOverride("s"), log); log.clear()

class AlwaysEq:
    def __eq__(self, o): return True
    __hash__ = None
print("reflected eq", 3 == AlwaysEq(), AlwaysEq() == 3, "a" != AlwaysEq())
print("in via eq", AlwaysEq() in [1, 2], 1 in [AlwaysEq()])

class Truthy:
    def __init__(self, r): self.r = r
    def __eq__(self, o): return self.r
    def __bool__(self): return False
r = Truthy("non-bool")
print("eq returns non-bool", r == 1)
print("ne default inverts", Truthy(0) != 1, Truthy(1) != 1)

class Card:
    def __init__(self, rank, suit): self.rank, self.suit = rank, suit
    def __repr__(self): return "%s%s" % (self.rank, self.suit)
cards = [Card(3, "h"), Card(1, "s"), Card(2, "d"), Card(1, "c")]
print("key sort", sorted(cards, key=lambda c: (c.rank, c.suit)))
print("max key", max(cards, key=lambda c: c.suit))
cards.sort(key=lambda c: c.rank)
print("stable sort", cards)
try:
    sorted([Card(1, "a"), Card(2, "b")])
except TypeError as e:
    print("unorderable", e)
class Chain:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
print("chained", Chain(1) < Chain(2) < Chain(3), Chain(1) < Chain(3) < Chain(2))
print("gt via lt", Chain(5) > Chain(2))
try:
    Chain(1) <= Chain(2)
except TypeError as e:
    print("no le", e)
class H:
    def __hash__(self): return 12345
print("custom hash", hash(H()))
class BigHash:
    def __hash__(self): return 2 ** 70
print("big hash reduced", hash(BigHash()) == hash(2 ** 70))
class BadHash:
    def __hash__(self): return "x"
try:
    hash(BadHash())
except TypeError as e:
    print("bad hash", e)
print("tuple of user", (Ver(1), 2) == (Ver(1), 2), (Ver(1),) < (Ver(2),))
