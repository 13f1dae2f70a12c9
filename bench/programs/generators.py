# Generators: a pipeline of generator functions and generator expressions.
def numbers(n):
    for i in range(n):
        yield i


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


def squares(source):
    for x in source:
        yield x * x


def main():
    total = 0
    for v in squares(evens(numbers(400000))):
        total += v
    total2 = sum(x * 3 for x in range(300000) if x % 3)
    print(total, total2)


main()
