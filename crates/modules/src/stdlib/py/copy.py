"""Shallow and deep copy operations for the builtin containers."""

try:
    _bytearray = bytearray
except NameError:
    _bytearray = bytes


Error = TypeError
error = Error



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
    hook = getattr(t, "__copy__", None)
    if hook is not None:
        return hook(x)
    if _is_plain_instance(x):
        y = object.__new__(t)
        y.__dict__.update(x.__dict__)
        return y
    return x


def _is_plain_instance(x):
    # An instance of a class defined in Python (it has a __dict__ and is not a class).
    return not isinstance(x, type) and hasattr(x, "__dict__") and not callable(x) \
        and type(x).__module__ != "builtins"


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
        hook = getattr(t, "__deepcopy__", None)
        if hook is not None:
            y = hook(x, memo)
        elif _is_plain_instance(x):
            y = object.__new__(t)
            memo[i] = y
            for k, v in x.__dict__.items():
                y.__dict__[k] = deepcopy(v, memo)
        else:
            return x
    memo[i] = y
    return y
