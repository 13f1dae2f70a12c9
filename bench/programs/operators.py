# Operator dunders on a user class: arithmetic, comparison, hashing.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __lt__(self, other):
        return self.cents < other.cents

    def __eq__(self, other):
        return self.cents == other.cents

    def __hash__(self):
        return hash(self.cents)


def main():
    acc = Money(0)
    step = Money(3)
    smaller = 0
    for i in range(150000):
        acc = acc + step
        if step < acc:
            smaller += 1
    seen = {Money(i % 100) for i in range(20000)}
    items = sorted(Money((i * 7919) % 1000) for i in range(20000))
    print(acc.cents, smaller, len(seen), items[0].cents, items[-1].cents)


main()
