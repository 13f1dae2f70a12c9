class C(B, metaclass=M):
    """Doc."""
    x = 1
    def m(self):
        return super().m() + self.__private
    @property
    def p(self):
        return __class__
