# Code generation end to end: '%s' % (a, b) compiled as an f-string, as CPython 3.11 does.
x, y = "ab", [1]
print('<%s(%r)>' % (x, y))
print('%5s|%-5s|%.1s|%%|%s' % (x, x, x, y))
print('%d %s' % (3, x))
print('%s' % (x,))
print('%05s|%+s|% 3r' % (x, x, x))
print('%10.3s|' % (x * 3,))
