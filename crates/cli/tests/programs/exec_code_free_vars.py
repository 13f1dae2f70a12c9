# exec/eval of a closure's code object is refused (it has no cells to run with).
def outer():
    x = 1
    def inner():
        return x
    return inner

f = outer()
for run in (exec, eval):
    try:
        run(f.__code__)
    except TypeError as e:
        print(type(e).__name__, e)

def plain():
    print("plain ran")

exec(plain.__code__)
print(f())
