import abc
class S(abc.ABC):
    pass
print(type(S()).__name__)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
try:
    A()
except TypeError as e:
    print(e)
class B(A):
    def f(self): return 1
print(B().f(), "append" in list.__dict__)
