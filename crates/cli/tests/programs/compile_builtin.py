c = compile("x = 2\nprint(x * 21)\n", "<s>", "exec")
exec(c)
print(eval(compile("1 + 2", "<e>", "eval")), type(c).__name__)
try:
    compile("x = (", "f.py", "exec")
except SyntaxError:
    print("SyntaxError")
try:
    compile("1", "f", "bad")
except ValueError as e:
    print(e)
