"""Shallow and deep copy operations for the builtin containers."""

try:
    _bytearray = bytearray
except NameError:
    _bytearray = bytes


Error = TypeError
error = Error

_ATOMIC = (type(None), int, float, bool, complex if False else int, str, bytes, range, type)


def copy(x):
    t = type(x)
    if t is list:
        return list(x)
    if t is dict:
        return dict(x)
    if t is set:
        return set(x)
    if t is _bytearray:
        return _bytearray(x)
    return x


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    i = id(x)
    y = memo.get(i, _nil)
    if y is not _nil:
        return y
    t = type(x)
    if t is list:
        y = []
        memo[i] = y
        for v in x:
            y.append(deepcopy(v, memo))
    elif t is dict:
        y = {}
        memo[i] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif t is tuple:
        items = [deepcopy(v, memo) for v in x]
        if i in memo:
            return memo[i]
        y = x if all(a is b for a, b in zip(items, x)) else tuple(items)
    elif t is set:
        y = set(deepcopy(v, memo) for v in x)
    elif t is frozenset:
        y = frozenset(deepcopy(v, memo) for v in x)
    elif t is _bytearray:
        y = _bytearray(x)
    else:
        return x
    memo[i] = y
    return y
