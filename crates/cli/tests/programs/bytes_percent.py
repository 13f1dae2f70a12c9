# gc-stress
# bytes and bytearray %-formatting (PEP 461).
for f, a in [(b'%s', 'x'), (b'%c', 300), (b'%c', b'ab'), (b'%c', 'a'), (b'%c', 65), (b'%c', b'z'),
             (b'%r', '\xe9'), (b'%a', b'x'), (b'%5s|%-4b|%.2s', (b'ab', b'c', b'xyz')),
             (b'%(k)s', {b'k': b'v'}), (b'\xff%d', 3), (b'%d %i %x %o %e %f %g', (1, 2, 255, 8, 1.5, 2.25, 3.0)),
             (b'%s %s', (b'a',)), (b'%s', (b'a', b'b')), (b'%s', bytearray(b'ba')), (b'abc', 'x'),
             (b'%z', 1), (b'%', 1), (b'%05d|%+.3f|%#x|%-6r|', (42, 2.5, 255, 'q')), (b'%%%s%%', b'!'),
             (b'%(a)s %(b)d', {b'a': b'A', b'b': 7}), (b'%s', [1])]:
    try:
        print(repr(f % a))
    except Exception as e:
        print(type(e).__name__, e)
print(bytearray(b'%s!') % b'q', type(bytearray(b'x') % ()).__name__, b"%s-%d" % (b"bytes", 5), b"%x" % 255)
