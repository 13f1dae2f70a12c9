class Foo:
    __x = 1
    def __m(self, __a):
        return self.__x + __a
