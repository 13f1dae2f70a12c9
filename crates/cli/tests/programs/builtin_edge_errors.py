# gc-stress
# Error messages and results of set, dict view, slice, iter, bytes % and open() edge cases.
tests = [
 "set([1]).union(5)", "set().update(1)", "{1} | [1]", "{1} & 2", "{1}.issubset(3)", "frozenset([1]).add", "{1}.pop(1)", "set().remove([1])", "set([[]])",
 "{1} - {1: 2}", "{1, 2}.difference({1: 0}, [2])", "{1}.intersection()", "{1}.symmetric_difference(1)", "{1}.symmetric_difference([1, 2], [3])",
 "set(1)", "frozenset(1, 2)", "set([1], [2])", "{}.keys().isdisjoint(1)", "{1: 2}.items() & 5", "{1: 2}.keys() | None", "{1: 2}.values() | {1}",
 "{1: 2}.values() & {2}", "{1: 2}.keys() - 1", "{1: 2} | {2: 3} | {1: 0}", "dict.keys(1)", "{1:2}.keys(1)", "len({1: 2}.keys())", "{1: 2}.keys()[0]",
 "slice(1, 2).indices()", "slice(1).indices(1, 2)", "iter(1, 2, 3)", "iter()", "next(iter(int, 1))", "list(iter([1, 2, 3].pop, 0))[:1]",
 "sorted({3, 1, 2} ^ {2, 5})", "{(1, 2), (2, 1)}", "{-1, -2, 1, 2, 0}", "{2**64, 2**64 + 1, 5}", "{1.5, 2.5, 0.5}", "{True, 2, 1.0}", "set('abc') == {'c', 'b', 'a'}",
 "bytearray(b'ab') % ()", "b'%s' % bytearray(b'xy')", "b'%d' % 'x'", "b'%x' % 2.5", "b'%5.1f|%-5d|' % (3.14159, 7)", "b'%(x)d' % {b'x': 3}", "b'%(x)d' % {'x': 3}",
 "open('/nonexistent_dir/x', 'w')", "open(5.5)", "open('x', 'rz')", "open('x', mode=1)", "open('/tmp', 'r')",
]
for t in tests:
    try:
        r = eval(t)
        print(t, "->", repr(r))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
