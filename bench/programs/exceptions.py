# Exceptions: raising, catching, finally blocks and exception objects.
class_count = 0


def risky(i):
    if i % 3 == 0:
        raise ValueError(i)
    if i % 3 == 1:
        raise KeyError(i)
    return i


caught = 0
for i in range(500_000):
    try:
        risky(i)
    except ValueError as e:
        caught += e.args[0] % 2
    except KeyError:
        caught += 1
    finally:
        caught += 1
print(caught)
