class A:
    def __repr__(self): return repr(self)
try:
    repr(A())
except RecursionError as e:
    print("repr", e)
class B:
    def __getattr__(self, n): return self.missing
try:
    B().x
except RecursionError as e:
    print("getattr", e)
class C:
    def __eq__(self, o): return self == o
try:
    C() == C()
except RecursionError as e:
    print("eq", e)
class D:
    def __add__(self, o): return self + o
try:
    D() + 1
except RecursionError as e:
    print("add", e)
class E:
    def __init__(self): E()
try:
    E()
except RecursionError as e:
    print("init", e)
class F:
    def __len__(self): return len(self)
try:
    len(F())
except RecursionError as e:
    print("len", e)
class G:
    def __iter__(self): return iter(self)
try:
    iter(G())
except RecursionError as e:
    print("iter", e)
class H:
    @property
    def p(self): return self.p
try:
    H().p
except RecursionError as e:
    print("prop", e)
