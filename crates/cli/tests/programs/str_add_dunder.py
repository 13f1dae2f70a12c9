# gc-stress
# str.__add__ (concatenation or CPython's TypeError) beside the other str dunders.
print("x".__add__("y"), "abc".__contains__("b"), "abc".__len__(), str.__add__("a", "b"))
for other in [1, None, b"x", ["y"]]:
    try:
        "x".__add__(other)
    except TypeError as e:
        print("TypeError:", e)
