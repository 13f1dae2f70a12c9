a or b or c
a and b and not c
a or b and c
not not x
a < b <= c == d != e > f >= g is h is not i in j not in k
a | b ^ c & d << e >> f + g - h * i / j // k % l @ m
-a + +b - ~c
a ** -b ** c
-a ** b
await_x = 1
x if y else z
(x if y else z) if w else v
a.b.c
a[1]
a[1:2]
a[:]
a[::]
a[1:2:3]
a[::2]
a[1:2, 3]
a[1,]
a[()]
a[*b]
a[*b, c]
a[b:=1]
f()
f(a, b, *c, d=1, **e)
f(*a, *b, c=1, *d)
f(x for x in y)
f((x for x in y), 1)
f(a)(b)(c)
f(a=1, **k, b=2)
(x := 5)
[y := 1, 2]
f(x := 1)
x[1:2][3]
()
(1,)
(1, 2)
(*a, b)
[]
[1, 2, *c]
{}
{1: 2, **d, 3: 4}
{1, 2, *s}
[x for x in y]
[x for x in y if x if z for w in x]
{x for x in y}
{k: v for k, v in d.items()}
(x for x in y)
[(a, b) for a, *b in c]
...
None; True; False
0; 1; 123456789012345678901234567890; 0xff; 0o17; 0b101; 1_000
1.5; 1e100; 1e400; .5; 5.; 1_0.0_1
1j; 2.5j; 1e400j; 0j
"abc" 'def'
b"bytes" b'more'
u"unicode"
r"raw\n" R'\d'
rb"\x00" Br'\n'
"""triple
quoted"""
"\N{LATIN SMALL LETTER A}\x41\u00e9\U0001F600\0\777"
'\ud800' '\udfff'
"it's"
'say "hi"'
'both \' and "'
"\t\n\r\x00\x7f\x80\xff"
x = *a, *b
print(*a, sep='')
a if b else lambda: c
[*a]
{**a}
f(**{'a': 1})
x = a, b = c
x = {(a := 1): 2, **{}}
