"""Regenerate bigint_cases.txt: python3 gen_bigint.py > bigint_cases.txt

Each line: a<TAB>b<TAB>float(a)<TAB>a / b<TAB>a // b<TAB>a % b<TAB>a & b, a | b, a ^ b<TAB>cmp(a, float(b))
<TAB>hash(a)<TAB>hex(a)<TAB>a * b<TAB>a >> 7, a << 7
Floats are repr()s; errors are '!Type'.
"""
import random
rnd = random.Random(61)

def r(f):
    try:
        v = f()
        return repr(v)
    except Exception as e:
        return "!" + type(e).__name__

def rand_int():
    bits = rnd.choice([1, 5, 31, 52, 53, 54, 63, 64, 65, 100, 500, 1023, 1024, 1025, 1100])
    n = rnd.getrandbits(bits)
    if rnd.random() < 0.3:
        n |= 1 << (bits - 1)
    if rnd.random() < 0.3:
        # runs of ones/zeros around the rounding point
        n = (n >> 20) << 20 | rnd.choice([0, 1, (1 << 20) - 1, 1 << 19])
    return -n if rnd.random() < 0.5 else n

for _ in range(1200):
    a, b = rand_int(), rand_int()
    if rnd.random() < 0.25:
        b = rnd.choice([1, -1, 2, 3, 7, 10, 1 << 60, 3 << 70])
    fb = r(lambda: float(b))
    def cmp():
        fb = float(b)
        return "<" if a < fb else "=" if a == fb else ">" if a > fb else "?"
    print("\t".join([str(a), str(b), r(lambda: float(a)), r(lambda: a / b), r(lambda: a // b), r(lambda: a % b),
                     f"{a & b},{a | b},{a ^ b}", r(cmp), str(hash(a)), hex(a), str(a * b), f"{a >> 7},{a << 7}"]))
