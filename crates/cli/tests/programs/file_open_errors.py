# gc-stress
# open() argument errors and OS errors with CPython's messages.
for args in [("a\x00b",), ("",), ("/tmp/_hotpy_nope/x", "w"), ("/tmp", "w"), (b"x",), (None,)]:
    try:
        open(*args)
    except Exception as e:
        print(type(e).__name__, e)
