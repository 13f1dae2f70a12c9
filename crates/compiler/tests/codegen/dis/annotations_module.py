x: int = 1
y: str
o.a: int
z[0]: int = 2
