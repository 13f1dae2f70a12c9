# gc-stress
# Set operations with the same set on both sides (CPython's self-aliasing shortcuts keep its layouts).
def mk():
    s = set(range(0, 60, 3)) | {7, 15, 23, 100, 2**40}
    for x in (3, 9, 30):
        s.discard(x)
    return s
s = mk(); print(s.intersection(s), s.union(s), s.difference(s), s.symmetric_difference(s), s & s, s | s, s ^ s, s - s)
s = mk(); s.update(s); print(s)
s = mk(); s.intersection_update(s); print(s)
s = mk(); s.intersection_update(s, s); print(s)
s = mk(); s.difference_update(s); print(s)
s = mk(); s.symmetric_difference_update(s); print(s)
s = mk(); s |= s; print(s)
s = mk(); s &= s; print(s)
s = mk(); print(s.copy(), set(s), frozenset(s), {*s}, s.intersection(), s.difference(), s.union())
d = dict.fromkeys(mk())
print(d.keys() & d.keys(), d.keys() | d.keys(), d.keys() ^ d.keys(), d.keys() - d.keys())
print(sorted(d.items() & d.items())[:3], set(d) == mk())
fs = frozenset(mk())
print(fs & fs, fs | fs, type(fs & fs).__name__, fs.copy() is fs, frozenset(fs) is fs, fs.union() is fs)
