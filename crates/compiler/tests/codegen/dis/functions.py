def f(a, b=1, *args, c, d=2, **kw) -> int:
    """Docstring."""
    return a
def g(x: int, /, y: str = 'y'):
    pass
