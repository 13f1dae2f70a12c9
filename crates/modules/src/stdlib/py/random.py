# The distributions of hotpy's random module. The generator (_seed, random, getrandbits,
# _randbelow) is native; these functions draw from it in the order CPython's do, so a seeded
# program sees CPython's numbers.

from math import log as _log, exp as _exp, sqrt as _sqrt, cos as _cos, sin as _sin
from math import pi as _pi, e as _e, ceil as _ceil, floor as _floor

_gauss_next = [None]


def seed(a=None, version=2):
    _gauss_next[0] = None
    _seed(a)


def _index(n):
    if type(n) is int or type(n) is bool:
        return int(n)
    raise TypeError("'" + type(n).__name__ + "' object cannot be interpreted as an integer")


def randrange(start, stop=None, step=1):
    istart = _index(start)
    if stop is None:
        if step != 1:
            raise TypeError("Missing a non-None stop argument")
        if istart > 0:
            return _randbelow(istart)
        raise ValueError("empty range for randrange()")
    istop = _index(stop)
    width = istop - istart
    istep = _index(step)
    if istep == 1:
        if width > 0:
            return istart + _randbelow(width)
        raise ValueError("empty range for randrange() (%d, %d, %d)" % (istart, istop, width))
    if istep > 0:
        n = (width + istep - 1) // istep
    elif istep < 0:
        n = (width + istep + 1) // istep
    else:
        raise ValueError("zero step for randrange()")
    if n <= 0:
        raise ValueError("empty range for randrange()")
    return istart + istep * _randbelow(n)


def randint(a, b):
    return randrange(a, b + 1)


def choice(seq):
    if not len(seq):
        raise IndexError("Cannot choose from an empty sequence")
    return seq[_randbelow(len(seq))]


def shuffle(x):
    for i in reversed(range(1, len(x))):
        j = _randbelow(i + 1)
        x[i], x[j] = x[j], x[i]


def sample(population, k, *, counts=None):
    if isinstance(population, (set, frozenset, dict)) or not hasattr(population, "__len__"):
        raise TypeError("Population must be a sequence.  For dicts or sets, use sorted(d).")
    n = len(population)
    if counts is not None:
        cum_counts = []
        total = 0
        for c in counts:
            total += c
            cum_counts.append(total)
        if len(cum_counts) != n:
            raise ValueError("The number of counts does not match the population")
        if not isinstance(total, int):
            raise TypeError("Counts must be integers")
        if total <= 0:
            raise ValueError("Total of counts must be greater than zero")
        selections = sample(range(total), k=k)
        from bisect import bisect as _bisect
        return [population[_bisect(cum_counts, s)] for s in selections]
    if not 0 <= k <= n:
        raise ValueError("Sample larger than population or is negative")
    result = [None] * k
    setsize = 21
    if k > 5:
        setsize += 4 ** _ceil(_log(k * 3, 4))
    if n <= setsize:
        pool = list(population)
        for i in range(k):
            j = _randbelow(n - i)
            result[i] = pool[j]
            pool[j] = pool[n - i - 1]
    else:
        selected = set()
        for i in range(k):
            j = _randbelow(n)
            while j in selected:
                j = _randbelow(n)
            selected.add(j)
            result[i] = population[j]
    return result


def choices(population, weights=None, *, cum_weights=None, k=1):
    n = len(population)
    if cum_weights is None:
        if weights is None:
            n += 0.0
            return [population[_floor(random() * n)] for i in range(k)]
        cum_weights = []
        total = 0
        for w in weights:
            total += w
            cum_weights.append(total)
    elif weights is not None:
        raise TypeError("Cannot specify both weights and cumulative weights")
    if len(cum_weights) != n:
        raise ValueError("The number of weights does not match the population")
    total = cum_weights[-1] + 0.0
    if total <= 0.0:
        raise ValueError("Total of weights must be greater than zero")
    from bisect import bisect as _bisect
    hi = n - 1
    return [population[_bisect(cum_weights, random() * total, 0, hi)] for i in range(k)]


def uniform(a, b):
    return a + (b - a) * random()


def triangular(low=0.0, high=1.0, mode=None):
    u = random()
    try:
        c = 0.5 if mode is None else (mode - low) / (high - low)
    except ZeroDivisionError:
        return low
    if u > c:
        u = 1.0 - u
        c = 1.0 - c
        low, high = high, low
    return low + (high - low) * _sqrt(u * c)


def expovariate(lambd):
    return -_log(1.0 - random()) / lambd


def gauss(mu=0.0, sigma=1.0):
    z = _gauss_next[0]
    _gauss_next[0] = None
    if z is None:
        x2pi = random() * 2 * _pi
        g2rad = _sqrt(-2.0 * _log(1.0 - random()))
        z = _cos(x2pi) * g2rad
        _gauss_next[0] = _sin(x2pi) * g2rad
    return mu + z * sigma


def normalvariate(mu=0.0, sigma=1.0):
    nv_magicconst = 4 * _exp(-0.5) / _sqrt(2.0)
    while True:
        u1 = random()
        u2 = 1.0 - random()
        z = nv_magicconst * (u1 - 0.5) / u2
        zz = z * z / 4.0
        if zz <= -_log(u2):
            break
    return mu + z * sigma


def randbytes(n):
    return getrandbits(n * 8).to_bytes(n, "little")
