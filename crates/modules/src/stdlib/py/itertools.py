# hotpy's itertools: the iterator building blocks, written as generators.


def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element


def repeat(object, times=None):
    if times is None:
        while True:
            yield object
    else:
        for _ in range(times):
            yield object


def chain(*iterables):
    for it in iterables:
        yield from it


def _chain_from_iterable(iterables):
    for it in iterables:
        yield from it


chain.from_iterable = _chain_from_iterable


def _islice_arg(v, what):
    if v is None:
        return None
    if type(v) is int and v >= 0:
        return v
    raise ValueError(what)


def islice(iterable, *args):
    if len(args) == 0 or len(args) > 3:
        raise TypeError("islice expected at most 4 arguments, got %d" % (len(args) + 1) if args
                        else "islice expected at least 2 arguments, got 1")
    if len(args) == 1:
        start, stop, step = 0, args[0], 1
        stop = _islice_arg(stop, "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    else:
        start, stop = args[0], args[1]
        step = args[2] if len(args) == 3 else 1
        start = _islice_arg(start, "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        stop = _islice_arg(stop, "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        if start is None:
            start = 0
        if step is None:
            step = 1
        if type(step) is not int or step <= 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
    it = iter(iterable)
    return _islice_gen(it, start, stop, step)


def _islice_gen(it, start, stop, step):
    wanted = start
    seen = 0
    while True:
        if stop is not None and wanted > stop:
            wanted = stop
        while seen < wanted:
            try:
                next(it)
            except StopIteration:
                return
            seen += 1
        if stop is not None and seen >= stop:
            return
        try:
            value = next(it)
        except StopIteration:
            return
        seen += 1
        yield value
        wanted += step


def accumulate(iterable, func=None, *, initial=None):
    it = iter(iterable)
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    for element in it:
        total = total + element if func is None else func(total, element)
        yield total


def starmap(function, iterable):
    for args in iterable:
        yield function(*args)


def takewhile(predicate, iterable):
    for x in iterable:
        if not predicate(x):
            return
        yield x


def dropwhile(predicate, iterable):
    it = iter(iterable)
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x


def filterfalse(predicate, iterable):
    if predicate is None:
        predicate = bool
    for x in iterable:
        if not predicate(x):
            yield x


def compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


def zip_longest(*iterables, fillvalue=None):
    iterators = [iter(it) for it in iterables]
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            try:
                value = next(it)
            except StopIteration:
                active -= 1
                if not active:
                    return
                iterators[i] = repeat(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)


def pairwise(iterable):
    it = iter(iterable)
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield a, b
        a = b


def _identity(x):
    return x


def groupby(iterable, key=None):
    # One shared cursor: the outer generator and the current group's generator both advance
    # it; a group becomes empty as soon as the outer generator moves past it.
    keyfunc = _identity if key is None else key
    it = iter(iterable)
    st = {"done": False, "id": 0, "val": None, "key": None}

    def advance():
        try:
            v = next(it)
        except StopIteration:
            st["done"] = True
            return False
        st["val"] = v
        st["key"] = keyfunc(v)
        return True

    def grouper(target, gid):
        while True:
            if st["id"] != gid or st["done"] or not (st["key"] == target):
                return
            yield st["val"]
            if st["id"] != gid:
                return
            if not advance():
                return

    def groups():
        if not advance():
            return
        while not st["done"]:
            target = st["key"]
            st["id"] += 1
            gid = st["id"]
            yield target, grouper(target, gid)
            while not st["done"] and st["key"] == target:
                advance()

    return groups()


def tee(iterable, n=2):
    if n < 0:
        raise ValueError("n must be >= 0")
    it = iter(iterable)
    buffers = [[] for _ in range(n)]

    def gen(mine):
        while True:
            if not mine:
                try:
                    v = next(it)
                except StopIteration:
                    return
                for b in buffers:
                    b.append(v)
            yield mine.pop(0)

    return tuple(gen(b) for b in buffers)


def product(*iterables, repeat=1):
    if repeat < 0:
        raise ValueError("repeat argument cannot be negative")
    pools = [tuple(p) for p in iterables] * repeat
    return _product_gen(pools)


def _product_gen(pools):
    result = [[]]
    for pool in pools:
        result = [x + [y] for x in result for y in pool]
    for p in result:
        yield tuple(p)


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r < 0:
        raise ValueError("r must be non-negative")
    return _permutations_gen(pool, n, r)


def _permutations_gen(pool, n, r):
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[k] for k in indices[:r])
                break
        else:
            return


def combinations(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combinations_gen(pool, len(pool), r)


def _combinations_gen(pool, n, r):
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _cwr_gen(pool, len(pool), r)


def _cwr_gen(pool, n, r):
    if not n and r:
        return
    indices = [0] * r
    yield tuple(pool[i] for i in indices)
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple(pool[i] for i in indices)
