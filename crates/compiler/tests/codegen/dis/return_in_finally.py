def f():
    try:
        raise E
    finally:
        return 1
