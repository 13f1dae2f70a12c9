# gc-stress
# Big-int slice/range/format arguments and set edge cases (no panics, CPython's answers).
tests = ["slice(None, None, 2**70).indices(10)", "slice(-2**70, 2**70, -2**70).indices(2**62)", "slice(2**62, -2**62).indices(2**63 - 1)", "range(10)[::2**70]",
 "range(-2**70, 2**70, 3**50)[::-2**65]", "b'%*d' % (2**70, 1)", "b'%.*f' % (-5, 1.5)", "b'%c' % 2**70", "b'%c' % -1", "b'%c' % True",
 "{0.0, -0.0}", "{1, 1.0, True}", "sorted({2**64, -2**64, 2**63})", "frozenset(range(100)) == set(range(100))",
 "list({}.keys()) + list({}.values())", "{1: 2}.items() == {(1, 2)}", "{1: [2]}.items() == {(1, 2)}", "{1: [2]}.items() <= {(1, 2)}",
 "{1: [2]}.items() & {(1, 2)}", "({1: [2]}.items() - {(1, 2)})", "list(range(2**64, 2**64 + 3)[::-1])", "range(2**64)[2**63:][:3]",
 "slice(1, 2, 3).indices(-0)", "b'%(a)s' % {}", "b'%(a' % {}", "'%(a' % {}", "b'%s %(a)s' % {b'a': b'1'}"]
for t in tests:
    try:
        r = eval(t)
        print(t, "->", repr(r)[:200])
    except Exception as e:
        print(t, "->", type(e).__name__, e)
