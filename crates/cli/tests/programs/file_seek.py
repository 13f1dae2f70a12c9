# gc-stress
# File seek/tell: re-reading, binary relative seeks, text-mode restrictions.
path = "/tmp/_hotpy_program_test_file_seek.txt"  # outside the source tree: no os.remove yet
f = open(path, "w+")
print(f.write("hello\nworld\n"), f.tell())
print(f.seek(0), f.read(), f.tell())
print(f.seek(0), f.readline(), f.tell(), f.read(2), f.tell())
print(f.seek(0, 2), f.tell(), f.seek(0, 1))
for args in [(1, 1), (-1, 2), (-5,), (0, 7)]:
    try:
        f.seek(*args)
    except (OSError, ValueError) as e:
        print("error:", e)
f.close()
g = open(path, "rb")
print(g.read(3), g.tell(), g.seek(2, 1), g.read(2), g.seek(-3, 2), g.read(), g.tell())
g.close()
h = open(path, "r+")
h.seek(6)
h.write("WORLD")
h.seek(0)
print(repr(h.read()))
h.close()
try:
    h.tell()
except ValueError as e:
    print("ValueError:", e)
