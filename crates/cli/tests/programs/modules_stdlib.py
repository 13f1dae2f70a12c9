# Standard modules against CPython: seeded random, math, json, itertools, collections,
# functools, heapq, bisect, copy, base64, string, operator, dataclasses, typing.
import random, math, json, itertools, collections, functools, heapq, bisect, copy, base64
import string, operator, dataclasses, typing, sys, os, time, gc

random.seed(12345)
print(random.random(), random.randint(1, 6), random.randrange(10, 100, 5), random.choice("abcdef"))
xs = list(range(20))
random.shuffle(xs)
print(xs, random.sample(range(1000), 6), round(random.uniform(-1, 1), 12), random.getrandbits(70))
random.seed(2 ** 100 + 7)
print(random.random(), random.choices("xyz", k=5), random.choices([1, 2, 3], weights=[1, 0, 5], k=4))
print(random.sample(range(50), 30)[:5], round(random.gauss(0, 1), 12), round(random.expovariate(2), 12))
print(math.comb(60, 30), math.perm(10, 3), math.isqrt(10 ** 30), math.gcd(2 ** 80, 6 ** 40), math.lcm(12, 18, 5))
print(math.fsum([1e100, 1.0, -1e100, 1e-100]), math.prod(range(1, 15)), math.floor(-1e25), math.ceil(7.000001))
print(math.log(2 ** 2000), math.log2(2 ** 1100), math.frexp(-3.5), math.ldexp(0.75, -1070), math.remainder(7, 4))
print(math.nextafter(1.0, 2.0), math.ulp(1.0), math.copysign(0.0, -1), math.trunc(-3.9), math.modf(-0.0))
for bad in ["math.sqrt(-2)", "math.log(-1)", "math.pow(0, -1)", "math.exp(10000)", "math.fmod(1, 0)", "math.comb(-1, 2)"]:
    try:
        eval(bad)
    except (ValueError, OverflowError) as e:
        print(bad, type(e).__name__, e)
print(json.dumps({"k": [1, {"z": None}], "a": "\u00ff\n"}, sort_keys=True, indent=3, separators=(",", " = ")))
print(json.loads('[1e2, -0.5, "\\u20ac", {"a": [true, false, null]}]'), json.dumps("\U0001F600"))
for bad in ['{"a": 1,}', "[1 2]", '"\\x"', "nul"]:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(e)
print(list(itertools.combinations_with_replacement("abc", 2)), list(itertools.pairwise([1, 2, 3, 4])))
print(list(itertools.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(itertools.starmap(pow, [(2, 3), (3, 2)])), list(itertools.compress("abcd", [1, 0, 1, 0])))
a, b = itertools.tee([1, 2, 3])
print(list(a), list(b), list(itertools.filterfalse(None, [0, 1, "", "x"])), list(itertools.islice(itertools.cycle("ab"), 5)))
c = collections.Counter("the quick brown fox jumps over the lazy dog")
print(c.most_common(4), c["o"], c["!"], sorted(c.elements())[:6])
d = collections.deque(range(5), maxlen=4)
d.rotate(-1)
print(d, d.maxlen, list(reversed(d)))
P = collections.namedtuple("P", "a b c", defaults=[0])
print(P(1, 2), P._make([4, 5, 6])._asdict(), P(1, 2)._replace(c=9))
print(functools.reduce(operator.mul, range(1, 10)), functools.partial(int, base=16)("ff"))
h = [5, 3, 8, 1, 9, 2]
heapq.heapify(h)
print(h, [heapq.heappop(h) for _ in range(3)], list(heapq.merge([1, 5, 9], [2, 3], [4, 10])))
print(bisect.bisect_left([1, 2, 2, 3], 2), bisect.bisect_right([1, 2, 2, 3], 2))
orig = {"a": [1, [2, 3]], "b": (4, [5])}
deep = copy.deepcopy(orig)
deep["a"][1].append(99)
print(orig, deep, copy.copy(orig)["a"] is orig["a"])
print(base64.b64encode(b"hotpy!?"), base64.b64decode("aG90cHkhPw=="), base64.urlsafe_b64encode(b"\xfb\xff"), base64.b16encode(b"\x01\xab"))
print(string.ascii_letters, string.capwords("hello  big world"))
print(operator.itemgetter(1, 0)("ab"), operator.attrgetter("real")(3), operator.methodcaller("count", "a")("banana"))


@dataclasses.dataclass(order=True)
class Card:
    rank: int
    suit: str = "spades"


print(sorted([Card(3), Card(1, "hearts"), Card(3, "clubs")]), Card(2) == Card(2), dataclasses.astuple(Card(5)))
print(typing.Optional[int], typing.Dict[str, typing.List[int]], typing.TYPE_CHECKING)
print(sys.version_info[:2], sys.maxsize, type(time.perf_counter()).__name__, gc.isenabled(), os.sep, os.path.splitext("a/b.c.d"))
print(os.path.normpath("a//b/./c/../d"), os.path.join("x", "", "y"), os.path.split("/a/b/"), os.path.isabs("/x"))
import copy
from dataclasses import dataclass
class P:
    def __init__(self): self.items = [1, [2]]
p = P(); q = copy.copy(p); r = copy.deepcopy(p)
print(q is p, q.items is p.items, r.items == p.items, r.items[1] is p.items[1], type(r).__name__)
@dataclass
class D:
    xs: list
d = D([1, [2]]); e = copy.deepcopy(d)
print(e, e == d, e.xs[1] is d.xs[1])
class C:
    def __copy__(self): return "custom"
print(copy.copy(C()), copy.copy(len), copy.deepcopy((1, [2])))
import math
print([round(math.erf(x), 12) for x in (0, 0.5, 1, 2, 3, -1)], [round(math.gamma(x), 9) for x in (0.5, 1, 5, 7.5)], [round(math.lgamma(x), 9) for x in (0.5, 3, 150.5)])
