# SyntaxError from compile()/exec()/eval(): CPython's class, msg, lineno, offset, filename, text and str().
for src in ["x = (", "def f(:\n  pass", "a = 1\n  b = 2\n", "x = 'abc"]:
    try:
        compile(src, "f.py", "exec")
    except SyntaxError as e:
        print(type(e).__name__, repr(e.msg), e.lineno, e.filename, repr(e.text))
        print(str(e))
try:
    exec("1 +")
except SyntaxError as e:
    print(e.msg, e.lineno, e.filename)
try:
    eval("(")
except SyntaxError as e:
    print(e.msg, e.lineno, e.filename)
e = SyntaxError("m", ("f", 3, 4, "txt", 3, 5))
print(e.msg, e.lineno, e.offset, e.text, e.filename, str(e), e.args)
for src in ["if 1:\npass", "\tif 1:\n        x = 1\n\ty = 2"]:
    try:
        exec(src)
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno, e.offset, isinstance(e, SyntaxError))
e = SyntaxError("bare")
print(e.msg, e.lineno, e.filename, str(e), repr(SyntaxError()))
e = IndentationError("m", ("/x/y.py", 7, 1, "t\n"))
print(str(e), e.end_lineno, e.end_offset)
