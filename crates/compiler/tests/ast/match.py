match x:
    case 1:
        pass
    case -1 | 1.5 | -2j | 1 + 2j | -1 - 2j:
        pass
    case "s" "t" | b"b":
        pass
    case None | True | False:
        pass
    case _:
        pass
    case y:
        pass
    case a.b.c:
        pass
    case (a, b) | [a, b] | ():
        pass
    case [1, *rest] | [*_, 2] | (*a, b):
        pass
    case {"k": v, 1: 2, a.b: c, **rest}:
        pass
    case {}:
        pass
    case C():
        pass
    case C(1, x, k=v, z=3):
        pass
    case a.B(k=[1, 2]):
        pass
    case (1 as one) | (2 as one):
        pass
    case [x] if x > 0:
        pass
    case 1, 2:
        pass
    case (x):
        pass
    case {**rest}:
        pass
match a, b:
    case x, y: pass
match *a, b:
    case _: pass
match (x):
    case _: pass
match = 1
match.attr = 2
match[1] = 3
match(x)
case = 4
print(match, case)
_ = 5
