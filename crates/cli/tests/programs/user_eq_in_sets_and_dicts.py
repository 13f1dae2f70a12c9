# Sets and dicts of objects with their own __eq__/__hash__: every operation asks __eq__.
class P:
    def __init__(self, x): self.x = x
    def __eq__(self, o): return isinstance(o, P) and o.x == self.x
    def __hash__(self): return hash(self.x)
s = set()
s.add(P(1)); s.add(P(1)); s.add(P(2))
print(len(s), P(1) in s)
t = {P(1), P(1)}
print(len(t))
s.discard(P(1)); print(len(s))
s.update([P(2), P(3)]); print(len(s))
print(len({P(1)} | {P(1)}), len({P(1)} & {P(1)}), len({P(1)} - {P(1)}))
fs = frozenset([P(5), P(5)]); print(len(fs))
d = {P(1): 'a'}; d[P(1)] = 'b'; print(len(d), d[P(1)])
print(len(set([P(1), P(1)])))
s2 = {P(1)}; s2.remove(P(1)); print(len(s2))
print({P(1)} == {P(1)}, {P(1)} <= {P(1), P(2)})
print({1: P(1)} == {1: P(1)}, {P(1): 1} == {P(1): 1}, [{P(1)}] == [{P(1)}])
print(frozenset([P(1)]) == frozenset([P(1)]), {P(1)} != {P(1)}, {P(1)} < {P(1), P(2)})
# Nested and mixed containers, and a frozenset key holding user objects.
print({frozenset([P(1)]): 'k'}[frozenset([P(1)])])
print([{1: (P(2),)}] == [{1: (P(2),)}], {P(1): [P(2)]} == {P(1): [P(3)]})
s3 = {P(1), P(2)}
s3 ^= {P(2), P(3)}
print(sorted(p.x for p in s3), len(s3 - {P(1)}), {P(1)}.isdisjoint({P(1)}), {P(1)}.issubset([P(1)]))
# A user object equal to a builtin key with the same hash, met while merging.
class One:
    def __eq__(self, o): return o == 1
    def __hash__(self): return hash(1)
print(len({One()} | {1}), len({1} | {One()}), len({One()} | {1: 'x'}.keys()), {1} == {One()})
d = {One(): 'a'}
print(d[1], 1 in d, d.get(1), 1 in {One()})
d[1] = 'b'; print(len(d), list(d.values()))
del d[1]; print(len(d))
d = {One(): 1, 'a': [1]}
print(1 in d.keys(), (1, 1) in d.items(), ('a', [1]) in d.items(), ('a', 2) in d.items(), 3 in d.items())
