# An uncaught KeyboardInterrupt prints its traceback and exits with status 130.
print("before")
d = {}
try:
    d.popitem()
except KeyError as e:
    print(repr(e), e)
raise KeyboardInterrupt
