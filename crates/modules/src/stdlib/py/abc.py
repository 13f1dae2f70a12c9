"""Abstract Base Classes (hotpy's own, minimal implementation: abstract methods are marked,
instantiation of abstract classes is refused by ABC.__new__)."""


def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


def _abstracts(cls):
    names = set()
    for klass in reversed(cls.__mro__):
        for name, value in klass.__dict__.items():
            if getattr(value, "__isabstractmethod__", False):
                names.add(name)
            elif name in names:
                names.discard(name)
    return sorted(names)


class ABCMeta(type):
    pass


class ABC:
    """Helper class: subclasses with abstract methods cannot be instantiated."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        missing = _abstracts(cls)
        if missing:
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "" if len(missing) == 1 else "s", ", ".join(missing)))
        return object.__new__(cls)


def abstractproperty(f):
    return property(abstractmethod(f))


def get_cache_token():
    return 0
