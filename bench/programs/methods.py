# Method calls and attribute access on instances of user classes.
class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scaled(self, k):
        return Vector(self.x * k, self.y * k)


class Counter:
    def __init__(self):
        self.count = 0

    def bump(self, n):
        self.count += n
        return self.count


def main():
    v = Vector(1, 2)
    w = Vector(3, 4)
    c = Counter()
    total = 0
    for i in range(300000):
        total += v.dot(w)
        c.bump(i & 7)
        if i % 1000 == 0:
            v = v.scaled(1)
    print(total, c.count, v.x, v.y)


main()
