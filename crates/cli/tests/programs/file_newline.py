# gc-stress
# open(): newline= and errors= (translation on read and write, line splitting, codec errors).
path = "/tmp/_hotpy_program_test_file_newline.txt"  # outside the source tree: no os.remove yet
f = open(path, "wb")
f.write(b"a\r\nb\rc\nd\xff\xfee")
f.close()
for nl in [None, "", "\n", "\r", "\r\n"]:
    f = open(path, newline=nl, errors="replace")
    print(repr(nl), f.readlines())
    f.close()
f = open(path, errors="ignore")
print(repr(f.read()))
f.close()
f = open(path, encoding="latin-1")
print(repr(f.read()), f.encoding)
f.close()
try:
    open(path).read()
except UnicodeDecodeError as e:
    print("UnicodeDecodeError")
for nl in ["\r\n", "\r", "", "\n", None]:
    f = open(path, "w", newline=nl)
    f.write("x\ny\n")
    f.close()
    g = open(path, "rb")
    print(repr(nl), g.read())
    g.close()
f = open(path, "w", encoding="ascii", errors="replace")
print(f.write("caf\u00e9"))
f.close()
print(open(path, "rb").read())
for bad in [dict(newline="x"), dict(newline=5), dict(errors=5), dict(mode="rb", newline=""), dict(mode="rb", errors="strict")]:
    try:
        open(path, **bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
