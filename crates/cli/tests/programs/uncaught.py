def inner(d):
    return d["missing"]

def outer():
    try:
        inner({})
    except KeyError:
        raise ValueError("converted")

print("before")
outer()
print("not reached")
