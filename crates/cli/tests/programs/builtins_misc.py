def k(x):
    return sorted([x], key=k)
try:
    k(1)
except RecursionError as e:
    print("rec in key", e)
def bad(x):
    raise ValueError(x)
try:
    list(map(bad, [1, 2]))
except ValueError as e:
    print("map raised", e)
try:
    sorted([3, 1], key=bad)
except ValueError as e:
    print("key raised", e)
try:
    sorted([1, "a"])
except TypeError as e:
    print(e)
def gen_deep(n):
    return 0 if n == 0 else 1 + gen_deep(n - 1)
print(gen_deep(900))
try:
    raise TypeError
except TypeError as e:
    print(repr(e), e.args)
try:
    try:
        raise ValueError(1)
    finally:
        print("fin")
except ValueError:
    print("caught after finally")
def ret_in_finally():
    for i in range(3):
        try:
            continue
        finally:
            print("f", i)
    return "done"
print(ret_in_finally())
x = 10
def uses_global():
    global x
    x += 1
    return x
print(uses_global(), x)
del x
try:
    print(x)
except NameError as e:
    print(e)
print(eval("1 + 2 * 3"), exec("y = 5"), y)
print(globals()["y"], sorted(locals().keys())[:3])
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError", e)
print(divmod(7.5, 2), 7.5 // 2, -7.5 % 2, round(-0.5), round(1.5), 0.1 + 0.2)
print(int(1e20), float("inf"), -float("inf"), float("nan"))
print([1, 2] * 2, (1,) * 3, "ab" * 0, 3 * [0])
print(chr(0x1F600), len("😀"), "😀" < "a")
