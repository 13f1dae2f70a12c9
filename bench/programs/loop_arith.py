# Loops and arithmetic: integer and float work in a tight while/for loop.
total = 0
x = 0.0
i = 0
while i < 1_000_000:
    total += i * i % 7
    x += i / 3.0
    i += 1
for j in range(500_000):
    total ^= j << 3
print(total, round(x, 2))
