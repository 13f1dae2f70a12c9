# re: hotpy's backtracking engine against CPython (syntax, flags, groups, sub/split/findall, errors).
import re
print(re.match(r"(\d+)-(\d+)", "12-345 x").groups(), re.search(r"b+", "aabbbc").span())
print(re.findall(r"\w+", "hello, big world!"), re.findall(r"(\w)(\d)", "a1 b2 c"), re.findall(r"a*", "baaa"))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@home you@work"), re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c3"))
print(re.split(r"[,;]\s*", "a, b;c,  d"), re.split(r"(,)", "a,b"), re.split(r"x", "axbxc", maxsplit=1))
m = re.match(r"(?P<first>\w+) (?P<last>\w+)", "Ada Lovelace rest")
print(m.group("first"), m["last"], m.groupdict(), m.group(0), m.start(2), m.end(), m.lastindex, m.lastgroup)
print(re.fullmatch(r"[a-f0-9]+", "deadbeef") is not None, re.fullmatch(r"[a-f]+", "xyz"), re.match(r"a|ab", "ab").group())
print(re.search(r"^b", "a\nb", re.M).start(), re.search(r"a.b", "a\nb", re.S) is not None, re.search(r"a.b", "a\nb"))
print(re.findall(r"(?i)hello", "Hello HELLO hello"), re.match(r"(a+)+b", "aaab").group(), re.match(r"<.*?>", "<a><b>").group())
print(re.sub(r"(?<=\d)(?=(\d{3})+$)", ",", "1234567"), re.findall(r"\b\w", "the cat sat"), re.search(r"(\w)\1", "abccd").group())
print(re.findall(r"x{2,3}", "x xx xxx xxxx"), re.findall(r"[^aeiou\s]+", "hello world"), re.escape("a.b*c"))
p = re.compile(r"\s+")
print(p.sub(" ", "a   b \t c"), p.split("  lead"), repr(p), [m.span() for m in re.finditer(r"o", "foo boo")])
print(re.sub(r"a|(b)", r"[\1]", "ab"), re.subn(r"o", "0", "foo"), re.match(r"(a)|(b)", "b").groups())
for bad in [r"(", r"a**", r"[b-a]", r"\k"]:
    try:
        re.compile(bad)
    except re.error as e:
        print("error:", e)
pat = re.compile(r"""
    (\d{3})   # area
    [-.\s]?
    (\d{4})   # number
""", re.X)
print(pat.findall("call 555-1234 or 555 9876"), re.match(r"(?:ab)+", "ababx").group(), re.search(r"(?!ab)a\w", "ab ac").group())
print(re.split(r'\b', 'a b'), re.split(r'', 'ab'), re.sub(r'x*', '-', 'abc'), re.findall(r'', 'ab'))
print(re.sub(r"\s+$", "", "text   "), re.match(r"^(\w+)\s*=\s*(.*)$", "key = some value").groups())
long = "a" * 5000 + "b"
print(len(re.search(r"a+b", long).group()), re.match(r".*", long).end(), re.findall(r"[ab]", "ab" * 3))
print(re.sub("x*", "-", "abxd"), re.findall(r"\d*", "a12b"))
