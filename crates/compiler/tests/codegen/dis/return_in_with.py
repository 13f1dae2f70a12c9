def f():
    with lock:
        return compute()
