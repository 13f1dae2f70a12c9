class P:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return "P(%r, %r)" % (self.x, self.y)
    def __str__(self): return "(%s, %s)" % (self.x, self.y)
    def __format__(self, spec):
        if spec == "":
            return str(self)
        if spec == "polar":
            return "polar!"
        return "(" + format(self.x, spec) + ", " + format(self.y, spec) + ")"

p = P(1, 2.5)
print(p)
print("str", str(p))
print("repr", repr(p))
print("fstring", f"{p}")
print("fstring !r", f"{p!r}")
print("fstring !s", f"{p!s}")
print("fstring spec", f"{p:.2f}")
print("fstring custom", f"{p:polar}")
print("format()", format(p, "08.3f"))
print("format no spec", format(p))
print("str.format", "{} | {!r} | {:.1f} | {0}".format(p, p, p) if False else "{0} | {0!r} | {0:.1f}".format(p))
print("percent s r", "%s %r" % (p, p))
print("list", [p, p])
print("tuple", (p,))
print("dict", {"k": p})
print("nested", [[p], {1: (p,)}])
print("str of list", str([p]))
print("sep", p, p, sep="|")

class OnlyRepr:
    def __repr__(self): return "<OnlyRepr>"
o = OnlyRepr()
print("str falls back", str(o), f"{o}", format(o), [o])
class OnlyStr:
    def __str__(self): return "only-str"
s = OnlyStr()
print("str only", str(s), f"{s}")
print("default repr shape", repr(s).startswith("<__main__.OnlyStr object at 0x"))
print("list uses repr", str([s]).startswith("[<__main__.OnlyStr object at 0x"))
class Plain: pass
pl = Plain()
print("plain repr", repr(pl).startswith("<__main__.Plain object at 0x"), repr(pl).endswith(">"))
print("plain str eq repr", str(pl) == repr(pl))
print("class repr", repr(Plain), str(Plain))
class Outer:
    class Inner: pass
print("nested class repr", repr(Outer.Inner))
print("nested inst repr", repr(Outer.Inner()).startswith("<__main__.Outer.Inner object at 0x"))
print("builtin class repr", repr(int), repr(object), repr(type))
print("method repr", repr(P.__str__).startswith("<function P.__str__ at 0x"))
print("bound repr", repr(p.__str__).startswith("<bound method P.__str__ of P(1, 2.5)>"))
try:
    format(pl, "d")
except TypeError as e:
    print("format err", e)
print("empty format plain", format(pl, "") == str(pl))

class BadRepr:
    def __repr__(self): return 42
try:
    repr(BadRepr())
except TypeError as e:
    print("bad repr", e)
class BadStr:
    def __str__(self): return None
try:
    str(BadStr())
except TypeError as e:
    print("bad str", e)
class BadFormat:
    def __format__(self, spec): return 1
try:
    f"{BadFormat()}"
except TypeError as e:
    print("bad format", e)

class Rec:
    def __init__(self): self.children = []
    def __repr__(self): return "Rec(%r)" % (self.children,)
r = Rec(); r.children.append(Rec())
print("recursive repr", r)
lst = [1]; lst.append(lst)
print("self list", lst)
class Money:
    def __init__(self, c): self.c = c
    def __format__(self, spec):
        return ("$" + format(self.c / 100, spec or ".2f"))
print("money", f"{Money(1234)}", f"{Money(5):>10}" if False else f"{Money(5):.1f}")
print("width on str result", f"{P(1,2)!s:>12}|", f"{P(1,2)!r:<10}|")
print("format fill", "{:*^20}".format(str(p)))
class StrSub(str):
    def __str__(self): return "overridden"
print("str subclass", str(StrSub("base")), repr(StrSub("base")), "%s" % StrSub("x"))
print("print str subclass", StrSub("raw"))
class IntSub(int):
    def __repr__(self): return "IntSub!"
print("int subclass", repr(IntSub(3)), str(IntSub(3)), f"{IntSub(3)}", [IntSub(3)])
