words = {}
for w in "the quick brown fox jumps over the lazy dog the end".split():
    words[w] = words.get(w, 0) + 1
print(words)
print(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print(", ".join([k.upper() for k in words if len(k) > 3]))
print("  pad  ".strip(), "x".join(["a", "b"]), "a,b,,c".split(","), "hello".replace("l", "L"))
print("hello".startswith("he"), "hello".endswith(("x", "lo")), "banana".count("an"), "banana".find("n"))
print("{} + {} = {}".format(1, 2, 3), "{name}!".format(name="hi"), "{0}{0}".format("ab"))
d = {"a": 1}
d.update(b=2)
d.setdefault("c", 3)
print(d, d.pop("a"), d, list(d.keys()), list(d.values()))
del d["b"]
print(d, "c" in d, len(d))
xs = [5, 3, 8, 1]
xs.sort()
xs.insert(0, 9)
xs.extend([7, 7])
print(xs, xs.count(7), xs.index(8))
xs.remove(7)
xs.reverse()
print(xs)
m = [[0] * 3 for _ in range(3)]
m[1][2] = 5
print(m)
s = "héllo wörld"
print(len(s), s[1], s[::-1], s.upper())
