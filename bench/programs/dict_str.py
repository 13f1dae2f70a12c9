# Dicts and strings: building, looking up, formatting and joining.
words = {}
for i in range(600_000):
    key = "k" + str(i % 5000)
    words[key] = words.get(key, 0) + 1
parts = []
for k, v in words.items():
    if v % 2 == 0:
        parts.append(f"{k}={v}")
text = ",".join(parts)
print(len(words), len(text), text[:40].upper(), text.count("k1"))
