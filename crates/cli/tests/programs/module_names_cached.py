# Module-level names (LOAD_NAME / STORE_NAME / STORE_GLOBAL) read and written through inline
# caches, while namespaces change under them.
B = __builtins__ if isinstance(__builtins__, dict) else __builtins__.__dict__

total = 0
for i in range(5):
    total = total + i
print(total, i)

# A module-level name shadows a builtin, then goes away again.
out = []
for step in range(4):
    out.append(len([1, 2, 3]))
    if step == 1:
        len = lambda x: -1
    if step == 2:
        del len
print(out)

# Builtins replaced and added while a loop reads them.
seen = []
saved_abs = abs
for step in range(3):
    seen.append(abs(-5))
    B["abs"] = lambda x: "patched"
B["abs"] = saved_abs
print(seen, abs(-2))
for step in range(2):
    try:
        print(brand_new_builtin)
    except NameError as e:
        print("NameError:", e)
    B["brand_new_builtin"] = "now here"
del B["brand_new_builtin"]

# Stores after the namespace gained and lost other names.
for step in range(4):
    counter = step * 10
    globals()["extra_%d" % step] = step
    if step == 2:
        del extra_0
print(counter, sorted(k for k in globals() if k.startswith("extra_")))

# `del` then a read at the same site.
for step in range(3):
    gone = step
    if step == 1:
        del gone
        try:
            gone
        except NameError as e:
            print("NameError:", e)
print(gone)


# STORE_GLOBAL from a function.
def bump():
    global counter
    counter += 1


for _ in range(3):
    bump()
print(counter)


# Class bodies and exec with separate locals read and write their own namespaces.
class C:
    a = 1
    b = a + 1
    len = len


print(C.a, C.b, C.len([1]))
g, l = {"x": 1}, {}
for _ in range(2):
    exec("y = x + 1\nx = 100", g, l)
print(g["x"], sorted(l.items()))
g2 = {}
for v in range(3):
    exec("z = %d\nw = z * 2" % v, g2)
print(g2["z"], g2["w"])

# Other names come and go (`except ... as e` deletes `e` each pass; many deletes squeeze the
# namespace and move its entries) while the same sites read and write.
steady = 0
for n in range(40):
    try:
        raise ValueError(n)
    except ValueError as e:
        steady += e.args[0]
    globals()["tmp_%d" % n] = n
    if n % 2:
        for k in [k for k in globals() if k.startswith("tmp_")]:
            del globals()[k]
    steady += 1
print(steady, sorted(k for k in globals() if k.startswith("tmp_")))
