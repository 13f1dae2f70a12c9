s = f"{a} and {b!r:>{width}} {c!s} {d!a}"
t = f"plain"
u = f"{x=}"
