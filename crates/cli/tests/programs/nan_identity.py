import math
n = float("nan")
print(float("nan") in [float("nan")], n in [n], [n] == [n], n == n, math.isnan(n), n, -n, float("-nan"), n + 1, {n: 1}[n] if False else 0, hash(n) == hash(n))
print(math.nan is math.nan, math.nan in [math.nan])
