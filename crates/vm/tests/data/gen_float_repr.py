"""Regenerate float_repr_cases.txt: python3 gen_float_repr.py > float_repr_cases.txt

Each line: float.hex(x)<TAB>repr(x)<TAB>'%.17g' % x<TAB>'{:.3e}'.format(x)<TAB>round(x, 2)
<TAB>hash(x)<TAB>int(x)<TAB>'n/d' of x.as_integer_ratio()<TAB>'{:,.2f}'.format(x)
"""
import random, struct
rnd = random.Random(2026)
xs = []
for _ in range(2000):
    bits = rnd.getrandbits(64)
    x = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if x != x:
        continue
    xs.append(x)
for _ in range(2000):
    # decimal-ish values with few digits, where ties between shortest candidates happen
    xs.append(rnd.randint(-10**6, 10**6) / 10 ** rnd.randint(0, 8))
    xs.append(rnd.randint(1, 2**53) * 0.1)
for x in xs:
    try:
        r2 = repr(round(x, 2))
    except OverflowError as e:
        r2 = "!OverflowError"
    n, d = x.as_integer_ratio()
    print(f"{x.hex()}\t{x!r}\t{'%.17g' % x}\t{'{:.3e}'.format(x)}\t{r2}\t{hash(x)}\t{int(x)}\t{n}/{d}\t{'{:,.2f}'.format(x)}")
