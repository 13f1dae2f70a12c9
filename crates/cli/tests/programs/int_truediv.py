# int / int is correctly rounded for big operands.
print(24046995073417842080286458620252980257608326/593957833436903748476895132269891)
print(10**400 / 10**399)
print(-10**400 / 10**399, 10**399 / -10**400)
print(2**1100 // 3 / 2**1000, 1 / 10**400, (2**53 + 1) / 1)
print((2**64 + 1) / 3, 9007199254740993 / 2)
for a, b in [(10**500, 1), (1, 0)]:
    try:
        print(a / b)
    except (OverflowError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
