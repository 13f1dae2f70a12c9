# Code generation end to end: the incremental paths for big calls, displays and f-strings; nested finally.
def f(*a, **k):
    return len(a), sorted(k.items())
print(f(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39))
print(f(*[1, 2], 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, x=1))
print(f(1, k0=0, k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9, k10=10, k11=11, k12=12, k13=13, k14=14, k15=15, k16=16, k17=17, k18=18, k19=19))
print(f(**{'a': 1}, k0=0, k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9, k10=10, k11=11, k12=12, k13=13, k14=14, k15=15, k16=16, k17=17, k18=18, k19=19))
print(f(*range(3), **{'a': 1}, b=2, **{'c': 3}))
d = {'k0': 0, 'k1': 1, 'k2': 2, 'k3': 3, 'k4': 4, 'k5': 5, 'k6': 6, 'k7': 7, 'k8': 8, 'k9': 9, 'k10': 10, 'k11': 11, 'k12': 12, 'k13': 13, 'k14': 14, 'k15': 15, 'k16': 16, 'k17': 17, 'k18': 18, 'k19': 19}
print(len(d), d['k19'])
k0 = k1 = k2 = 'p'
d2 = {k0+str(0): 0, k1+str(1): 1, k2+str(2): 2, k0+str(3): 3, k1+str(4): 4, k2+str(5): 5, k0+str(6): 6, k1+str(7): 7, k2+str(8): 8, k0+str(9): 9, k1+str(10): 10, k2+str(11): 11, k0+str(12): 12, k1+str(13): 13, k2+str(14): 14, k0+str(15): 15, k1+str(16): 16, k2+str(17): 17, k0+str(18): 18, k1+str(19): 19}
print(len(d2), d2['p19'])
x0, x1 = 'a', 'b'
l = [x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0]
print(len(l), l[:4])
t = (x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, *l)
print(len(t))
s = {x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0, x1, x0}
print(sorted(s))
print(f'{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-{x1}-{x0}-')
print(1 < 2 < 3 < 4, 1 < 3 < 2 < 4, (1 < 2) == True)
def g():
    for i in range(5):
        try:
            try:
                if i == 1: continue
                if i == 3: return i
            finally:
                print('inner', i)
        except Exception:
            pass
        finally:
            print('outer', i)
print(g())
def h():
    try:
        try:
            return 'a'
        finally:
            return 'b'
    finally:
        print('h fin')
print(h())
def w():
    total = 0
    data = [1, 2, 3]
    [total := total + v for v in data]
    return total
print(w())
def gl():
    def inner():
        global GG
        GG = 7
    inner()
    return GG
print(gl())
