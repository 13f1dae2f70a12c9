# Comprehensions: list, dict, set and nested comprehensions.
total = 0
for rep in range(60):
    squares = [i * i for i in range(20_000) if i % 3]
    lookup = {i: s for i, s in enumerate(squares)}
    distinct = {s % 1000 for s in squares}
    grid = [[r * c for c in range(30)] for r in range(30)]
    total += len(squares) + len(lookup) + len(distinct) + sum(map(sum, grid))
print(total)
