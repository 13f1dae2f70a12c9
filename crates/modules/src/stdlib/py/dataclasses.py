"""Data classes: generated __init__, __repr__, __eq__, ordering, hashing and frozen instances
(hotpy's own implementation; methods are closures over the field list, not generated source)."""


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class FrozenInstanceError(AttributeError):
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,"
                "compare=%r,metadata=%r,kw_only=%r)" % (
                    self.name, self.type, self.default, self.default_factory, self.init,
                    self.repr, self.hash, self.compare, self.metadata, self.kw_only))


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None,
          compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _own_annotations(cls):
    ann = cls.__dict__.get("__annotations__")
    return ann if ann is not None else {}


def _process(cls, init, repr_, eq, order, unsafe_hash, frozen):
    fields_map = {}
    for base in reversed(cls.__mro__[1:]):
        base_fields = getattr(base, "__dataclass_fields__", None)
        if base_fields:
            for f in base_fields.values():
                fields_map[f.name] = f
    for name, tp in _own_annotations(cls).items():
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = field(default=default)
        f.name = name
        f.type = tp
        if f.default is not MISSING:
            setattr(cls, name, f.default)
        elif isinstance(cls.__dict__.get(name), Field):
            delattr(cls, name)
        if f.default is not MISSING and type(f.default) in (list, dict, set):
            raise ValueError("mutable default " + str(type(f.default)) + " for field " + name
                             + " is not allowed: use default_factory")
        fields_map[name] = f
    cls.__dataclass_fields__ = fields_map
    all_fields = list(fields_map.values())
    init_fields = [f for f in all_fields if f.init]
    seen_default = False
    for f in init_fields:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError("non-default argument " + repr(f.name) + " follows default argument")
    qualname = cls.__qualname__

    if init:
        def __init__(self, *args, **kwargs):
            if len(args) > len(init_fields):
                raise TypeError("%s.__init__() takes %d positional arguments but %d were given"
                                % (qualname, len(init_fields) + 1, len(args) + 1))
            values = {}
            for f, v in zip(init_fields, args):
                values[f.name] = v
            for k, v in kwargs.items():
                if not any(f.name == k for f in init_fields):
                    raise TypeError("%s.__init__() got an unexpected keyword argument %r" % (qualname, k))
                if k in values:
                    raise TypeError("%s.__init__() got multiple values for argument %r" % (qualname, k))
                values[k] = v
            missing = [f.name for f in init_fields if f.name not in values
                       and f.default is MISSING and f.default_factory is MISSING]
            if missing:
                if len(missing) == 1:
                    text = repr(missing[0])
                else:
                    text = ", ".join(repr(m) for m in missing[:-1]) + " and " + repr(missing[-1])
                raise TypeError("%s.__init__() missing %d required positional argument%s: %s"
                                % (qualname, len(missing), "" if len(missing) == 1 else "s", text))
            for f in all_fields:
                if f.name in values:
                    v = values[f.name]
                elif f.default_factory is not MISSING:
                    v = f.default_factory()
                elif f.default is not MISSING:
                    v = f.default
                else:
                    continue
                self.__dict__[f.name] = v
            post = getattr(self, "__post_init__", None)
            if post is not None:
                post()
        __init__.__qualname__ = qualname + ".__init__"
        cls.__init__ = __init__

    if repr_:
        def __repr__(self):
            return qualname + "(" + ", ".join(
                f.name + "=" + repr(getattr(self, f.name)) for f in all_fields if f.repr) + ")"
        __repr__.__qualname__ = qualname + ".__repr__"
        cls.__repr__ = __repr__

    compare_fields = [f for f in all_fields if f.compare]

    def as_tuple(obj):
        return tuple(getattr(obj, f.name) for f in compare_fields)

    if eq:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return as_tuple(self) == as_tuple(other)
            return NotImplemented
        cls.__eq__ = __eq__

    if order:
        def make(op):
            def compare(self, other):
                if other.__class__ is self.__class__:
                    return op(as_tuple(self), as_tuple(other))
                return NotImplemented
            return compare
        cls.__lt__ = make(lambda a, b: a < b)
        cls.__le__ = make(lambda a, b: a <= b)
        cls.__gt__ = make(lambda a, b: a > b)
        cls.__ge__ = make(lambda a, b: a >= b)

    hash_fields = [f for f in all_fields if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash or (eq and frozen):
        def __hash__(self):
            return hash(tuple(getattr(self, f.name) for f in hash_fields))
        cls.__hash__ = __hash__
    elif eq and "__hash__" not in cls.__dict__:
        cls.__hash__ = None

    if frozen:
        names = [f.name for f in all_fields]

        def __setattr__(self, name, value):
            if name in names:
                raise FrozenInstanceError("cannot assign to field " + repr(name))
            self.__dict__[name] = value

        def __delattr__(self, name):
            if name in names:
                raise FrozenInstanceError("cannot delete field " + repr(name))
            del self.__dict__[name]
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    cls.__match_args__ = tuple(f.name for f in init_fields)
    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(c):
        return _process(c, init, repr, eq, order, unsafe_hash, frozen)
    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def fields(class_or_instance):
    cls = class_or_instance if isinstance(class_or_instance, type) else type(class_or_instance)
    try:
        fs = cls.__dataclass_fields__
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple(fs.values())


def _convert(obj, factory, as_dict):
    if is_dataclass(obj) and not isinstance(obj, type):
        if as_dict:
            return factory([(f.name, _convert(getattr(obj, f.name), factory, True)) for f in fields(obj)])
        return factory([_convert(getattr(obj, f.name), factory, False) for f in fields(obj)])
    if isinstance(obj, list):
        return [_convert(v, factory, as_dict) for v in obj]
    if isinstance(obj, tuple):
        return type(obj)(_convert(v, factory, as_dict) for v in obj)
    if isinstance(obj, dict):
        return {_convert(k, factory, as_dict): _convert(v, factory, as_dict) for k, v in obj.items()}
    return obj


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory, True)


def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return _convert(obj, tuple_factory, False)


def replace(obj, /, **changes):
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError("field " + f.name + " is declared with init=False, it cannot be specified with replace()")
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
