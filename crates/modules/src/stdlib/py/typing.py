"""Support for type hints (hotpy's own, minimal implementation: enough for annotations,
TYPE_CHECKING and subscripted aliases such as List[int] or Optional[str])."""

TYPE_CHECKING = False


def _type_repr(t):
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return t.__module__ + "." + t.__qualname__
    if t is ...:
        return "..."
    if isinstance(t, list):
        return "[" + ", ".join(_type_repr(a) for a in t) + "]"
    return repr(t)


class _SpecialForm:
    """A typing construct (List, Optional, …) and its subscriptions."""

    def __init__(self, name, args=None):
        self._name = name
        self.__args__ = args
        self.__origin__ = self if args is None else _FORMS.get(name)

    def __getitem__(self, params):
        if self.__args__ is not None:
            raise TypeError(repr(self) + " is not a generic class")
        if not isinstance(params, tuple):
            params = (params,)
        if self._name == "Optional":
            return _SpecialForm("Optional", params)
        return _SpecialForm(self._name, params)

    def __call__(self, *args, **kwargs):
        raise TypeError("Cannot instantiate typing." + self._name)

    def __repr__(self):
        if self.__args__ is None:
            return "typing." + self._name
        if self._name == "Optional":
            return "typing.Optional[" + _type_repr(self.__args__[0]) + "]"
        return "typing." + self._name + "[" + ", ".join(_type_repr(a) for a in self.__args__) + "]"

    def __eq__(self, other):
        return isinstance(other, _SpecialForm) and self._name == other._name and self.__args__ == other.__args__

    def __hash__(self):
        return hash(self._name)

    def __or__(self, other):
        return _SpecialForm("Union", (self, other))

    def __ror__(self, other):
        return _SpecialForm("Union", (other, self))


_FORMS = {}
for _name in ["Any", "Union", "Optional", "List", "Dict", "Tuple", "Set", "FrozenSet", "Callable",
              "Iterable", "Iterator", "Generator", "Sequence", "MutableSequence", "Mapping",
              "MutableMapping", "Type", "Literal", "ClassVar", "Final", "Annotated", "NoReturn",
              "Never", "Awaitable", "Coroutine", "AsyncIterator", "AsyncIterable", "Collection",
              "Container", "Hashable", "Sized", "Reversible", "DefaultDict", "OrderedDict",
              "Counter", "Deque", "ChainMap", "AbstractSet", "MutableSet", "KeysView", "ValuesView",
              "ItemsView", "Pattern", "Match", "IO", "TextIO", "BinaryIO", "SupportsInt",
              "SupportsFloat", "SupportsIndex", "SupportsAbs", "SupportsRound", "LiteralString",
              "Self", "TypeAlias", "Concatenate", "TypeGuard", "Required", "NotRequired", "Unpack"]:
    _FORMS[_name] = _SpecialForm(_name)
    globals()[_name] = _FORMS[_name]
del _name

AnyStr = _SpecialForm("AnyStr")
Text = str


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__


class ParamSpec(TypeVar):
    pass


class Generic:
    """Base for generic classes (subscription returns the class itself)."""


class Protocol(Generic):
    """Base for structural types."""


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(f):
    return f


def runtime_checkable(cls):
    return cls


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    return dict(getattr(obj, "__annotations__", {}) or {})


def get_origin(tp):
    return getattr(tp, "__origin__", None) if isinstance(tp, _SpecialForm) and tp.__args__ is not None else None


def get_args(tp):
    if isinstance(tp, _SpecialForm) and tp.__args__ is not None:
        return tuple(tp.__args__)
    return ()


def assert_never(arg):
    raise AssertionError("Expected code to be unreachable")


def reveal_type(obj):
    return obj
