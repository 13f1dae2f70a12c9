def f(): pass
def f(a, b=1, *args, c, d=2, **kw) -> int: return a
def f(a, /, b, *, c): pass
def f(a=1, /, b=2, *, c, d=3): pass
def f(*, a): pass
def f(a: int, *args: str, b: "x" = 1, **kwargs: dict): pass
def f(*args: *Ts): pass
@dec
@dec.attr(1)
@(lambda f: f)
def g(): yield
async def h():
    await x
    async for a in b:
        pass
    async with c as d:
        pass
    return [i async for i in aiter() if await i]
class C: pass
class C(B, metaclass=M, **kw):
    x = 1
    def m(self): return self
@dataclass
class D(*bases): pass
def gen():
    x = yield
    y = yield 1, 2
    yield from g()
    z = yield from g()
    await_ = 1
lambda: 0
lambda x: x
lambda x, y=1, *a, z, w=2, **k: (x, y)
lambda *, a: a
lambda a, /, b: a
lambda *a: a
lambda **k: k
def f(a, b, /): pass
class C(f(x for x in y), metaclass=g(z for z in w)): pass
