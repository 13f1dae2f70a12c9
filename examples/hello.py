"""A first program for hotpy: a little of everything the front end understands."""


def greet(name: str, times: int = 1) -> str:
    # f-strings, keyword arguments, big numbers and floats
    return " ".join([f"Hello, {name}!" for _ in range(times)])


squares = {n: n ** 2 for n in range(10) if n % 2 == 0}
big = 2 ** 100
ratio = 1 / 3

if __name__ == "__main__":
    print(greet("world", times=2))
    print(squares, big, ratio)
