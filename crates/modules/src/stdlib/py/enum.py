"""Enumerations: Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique (hotpy's own
implementation: a metaclass builds the members when the class is created)."""

_AUTO_START = object()


class auto:
    """Stands for the next value (1, 2, 3… for Enum; 1, 2, 4… for Flag)."""

    def __init__(self):
        self.value = _AUTO_START

    def __repr__(self):
        return "auto()"


def _is_descriptor(value):
    return (callable(value) and not isinstance(value, auto)) or isinstance(
        value, (property, classmethod, staticmethod))


def _next_auto(is_flag, last_values):
    if is_flag:
        if not last_values:
            return 1
        high = max(last_values)
        n = 1
        while n <= high:
            n <<= 1
        return n
    return (last_values[-1] + 1) if last_values else 1


class EnumMeta(type):
    """The metaclass of enumerations: members are instances made at class creation."""

    def __new__(mcls, name, bases, ns, **kwargs):
        members = []
        for key in list(ns):
            if key.startswith("_"):
                continue
            value = ns[key]
            if _is_descriptor(value):
                continue
            members.append((key, value))
        body = dict(ns)
        for key, _ in members:
            del body[key]
        cls = type.__new__(mcls, name, bases, body)
        # The data type a member is (int for IntEnum, str for a str mixin), if any.
        member_type = object
        for base in cls.__mro__[1:]:
            if base is object or isinstance(base, EnumMeta):
                continue
            member_type = base
            break
        is_flag = any(getattr(b, "_is_flag_", False) for b in cls.__mro__)
        cls._member_names_ = []
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        cls._member_type_ = member_type
        last_values = []
        # A user __init__ on the enum (or an enum base) receives each member's value.
        init = None
        for base in cls.__mro__:
            if isinstance(base, EnumMeta) and "__init__" in base.__dict__:
                init = base.__dict__["__init__"]
                break
        for key, value in members:
            if isinstance(value, auto):
                number = _next_auto(is_flag, last_values)
                value.value = number
                value = number
            if value in cls._value2member_map_:
                member = cls._value2member_map_[value]
                cls._member_map_[key] = member
                type.__setattr__(cls, key, member)
                continue
            args = value if isinstance(value, tuple) else (value,)
            if member_type is object:
                member = object.__new__(cls)
            elif member_type is tuple:
                member = member_type.__new__(cls, value)
            else:
                member = member_type.__new__(cls, *args)
            member._name_ = key
            member._value_ = value
            if init is not None:
                init(member, *args)
            cls._member_names_.append(key)
            cls._member_map_[key] = member
            try:
                cls._value2member_map_[value] = member
            except TypeError:
                pass
            if isinstance(value, int):
                last_values.append(value)
            type.__setattr__(cls, key, member)
        return cls

    def __iter__(cls):
        return iter([cls._member_map_[n] for n in cls._member_names_])

    def __reversed__(cls):
        return iter([cls._member_map_[n] for n in reversed(cls._member_names_)])

    def __len__(cls):
        return len(cls._member_names_)

    def __bool__(cls):
        return True

    def __contains__(cls, member):
        if isinstance(member, cls):
            return True
        return member in cls._value2member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __call__(cls, value, *args, **kwargs):
        if args or kwargs or not cls._member_names_ and not hasattr(cls, "_member_map_"):
            raise TypeError("functional Enum API is not supported by hotpy")
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        missing = cls._missing_(value)
        if missing is not None:
            return missing
        raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))

    @property
    def __members__(cls):
        return dict(cls._member_map_)

    def __repr__(cls):
        return "<enum %r>" % cls.__name__

    def __setattr__(cls, name, value):
        if name in cls.__dict__.get("_member_map_", {}):
            raise AttributeError("cannot reassign member %r" % name)
        type.__setattr__(cls, name, value)


EnumType = EnumMeta


class Enum(metaclass=EnumMeta):
    """Generic enumeration."""

    @classmethod
    def _missing_(cls, value):
        return None

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return type(self), (self._value_,)


class ReprEnum(Enum):
    """Enum whose str() and format() are those of its data type."""

    def __str__(self):
        return self._member_type_.__str__(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)


class IntEnum(int, ReprEnum):
    """Enum whose members are ints."""

    def __hash__(self):
        return hash(self._value_)


class StrEnum(str, ReprEnum):
    """Enum whose members are strs."""

    def __hash__(self):
        return hash(self._value_)


class Flag(Enum):
    """Members combine with the bitwise operators."""

    _is_flag_ = True

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            return None
        known = 0
        for m in cls:
            known |= m._value_
        if value < 0 or value & ~known:
            return None
        return cls._pseudo_member_(value)

    @classmethod
    def _pseudo_member_(cls, value):
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member
        if cls._member_type_ is object:
            member = object.__new__(cls)
        else:
            member = cls._member_type_.__new__(cls, value)
        names = [m._name_ for m in cls if m._value_ and m._value_ & value == m._value_]
        member._name_ = "|".join(names) if names else None
        member._value_ = value
        cls._value2member_map_[value] = member
        return member

    def __contains__(self, other):
        if not isinstance(other, type(self)):
            raise TypeError("unsupported operand type(s) for 'in': %r and %r"
                            % (type(other).__qualname__, type(self).__qualname__))
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return iter([m for m in type(self) if m._value_ and m._value_ & self._value_ == m._value_])

    def __len__(self):
        return len(list(self.__iter__()))

    def __bool__(self):
        return bool(self._value_)

    def _other_value(self, other):
        if isinstance(other, type(self)):
            return other._value_
        if isinstance(other, int) and self._member_type_ is int:
            return other
        return None

    def __or__(self, other):
        v = self._other_value(other)
        if v is None:
            return NotImplemented
        return type(self)(self._value_ | v)

    def __and__(self, other):
        v = self._other_value(other)
        if v is None:
            return NotImplemented
        return type(self)(self._value_ & v)

    def __xor__(self, other):
        v = self._other_value(other)
        if v is None:
            return NotImplemented
        return type(self)(self._value_ ^ v)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__

    def __invert__(self):
        known = 0
        for m in type(self):
            known |= m._value_
        return type(self)(known & ~self._value_)

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)


class IntFlag(int, ReprEnum, Flag):
    """Flag whose members are ints."""

    def __hash__(self):
        return hash(self._value_)

    def __str__(self):
        return str(self._value_)


def unique(enumeration):
    duplicates = [(name, member.name) for name, member in enumeration.__members__.items()
                  if name != member.name]
    if duplicates:
        raise ValueError("duplicate values found in %r: %s" % (
            enumeration, ", ".join("%s -> %s" % d for d in duplicates)))
    return enumeration
