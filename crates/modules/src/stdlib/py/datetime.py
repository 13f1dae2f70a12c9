"""Dates, times and durations (hotpy's own implementation of naive datetime arithmetic;
`now()`/`today()` read the system clock as UTC, and only `timezone.utc` is a time zone)."""

import time as _time

MINYEAR = 1
MAXYEAR = 9999

_DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_MONTH_NAMES = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_FULL_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]
_DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_FULL_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_in_month(y, m):
    return 29 if m == 2 and _is_leap(y) else _DAYS_IN_MONTH[m]


def _days_before_year(y):
    y -= 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _days_before_month(y, m):
    return sum(_DAYS_IN_MONTH[1:m]) + (1 if m > 2 and _is_leap(y) else 0)


def _ymd_to_ord(y, m, d):
    return _days_before_year(y) + _days_before_month(y, m) + d


def _ord_to_ymd(n):
    # Walk down by 400-, 100-, 4- and 1-year cycles from day 1 of year 1.
    n -= 1
    n400, n = divmod(n, 146097)
    y = n400 * 400 + 1
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    y += n100 * 100 + n4 * 4 + n1
    if n1 == 4 or n100 == 4:
        return y - 1, 12, 31
    m = 1
    while True:
        dim = _days_in_month(y, m)
        if n < dim:
            return y, m, n + 1
        n -= dim
        m += 1


def _check_date(y, m, d):
    for v in (y, m, d):
        if not isinstance(v, int):
            raise TypeError("'" + type(v).__name__ + "' object cannot be interpreted as an integer")
    if not MINYEAR <= y <= MAXYEAR:
        raise ValueError("year %d is out of range" % y)
    if not 1 <= m <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= d <= _days_in_month(y, m):
        raise ValueError("day is out of range for month")


def _check_time(h, mi, s, us):
    if not 0 <= h <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= mi <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= s <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= us <= 999999:
        raise ValueError("microsecond must be in 0..999999")


class IsoCalendarDate(tuple):
    """(year, week, weekday) with names, as date.isocalendar() returns it."""

    def __new__(cls, year, week, weekday):
        return tuple.__new__(cls, (year, week, weekday))

    year = property(lambda self: self[0])
    week = property(lambda self: self[1])
    weekday = property(lambda self: self[2])

    def __repr__(self):
        return "datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)" % tuple(self)


class timedelta:
    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
        us = round(total * 1000000 + milliseconds * 1000 + microseconds)
        d, rem = divmod(us, 86400 * 1000000)
        s, u = divmod(rem, 1000000)
        if abs(d) > 999999999:
            raise OverflowError("days=%d; must have magnitude <= 999999999" % d)
        self._days = d
        self._seconds = s
        self._us = u

    days = property(lambda self: self._days)
    seconds = property(lambda self: self._seconds)
    microseconds = property(lambda self: self._us)

    def _total_us(self):
        return (self._days * 86400 + self._seconds) * 1000000 + self._us

    def total_seconds(self):
        return self._total_us() / 1000000

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() + other._total_us())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() - other._total_us())
        return NotImplemented

    def __neg__(self):
        return timedelta(microseconds=-self._total_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._days < 0 else self

    def __mul__(self, other):
        if isinstance(other, (int, float)):
            return timedelta(microseconds=round(self._total_us() * other))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() / other._total_us()
        if isinstance(other, (int, float)):
            return timedelta(microseconds=round(self._total_us() / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() // other._total_us()
        if isinstance(other, int):
            return timedelta(microseconds=self._total_us() // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() % other._total_us())
        return NotImplemented

    def _cmp(self, other):
        return self._total_us() - other._total_us()

    def __eq__(self, other):
        return isinstance(other, timedelta) and self._total_us() == other._total_us()

    def __lt__(self, other):
        return self._cmp(other) < 0 if isinstance(other, timedelta) else NotImplemented

    def __le__(self, other):
        return self._cmp(other) <= 0 if isinstance(other, timedelta) else NotImplemented

    def __gt__(self, other):
        return self._cmp(other) > 0 if isinstance(other, timedelta) else NotImplemented

    def __ge__(self, other):
        return self._cmp(other) >= 0 if isinstance(other, timedelta) else NotImplemented

    def __hash__(self):
        return hash(self._total_us())

    def __bool__(self):
        return self._total_us() != 0

    def __repr__(self):
        parts = []
        if self._days:
            parts.append("days=%d" % self._days)
        if self._seconds:
            parts.append("seconds=%d" % self._seconds)
        if self._us:
            parts.append("microseconds=%d" % self._us)
        return "datetime.timedelta(" + (", ".join(parts) or "0") + ")"

    def __str__(self):
        mm, ss = divmod(self._seconds, 60)
        hh, mm = divmod(mm, 60)
        s = "%d:%02d:%02d" % (hh, mm, ss)
        if self._days:
            s = "%d day%s, " % (self._days, "" if abs(self._days) == 1 else "s") + s
        if self._us:
            s += ".%06d" % self._us
        return s


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


def _strftime(fmt, y, m, d, hh, mi, ss, us, wd, yday):
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 >= len(fmt):
            out.append(c)
            i += 1
            continue
        f = fmt[i + 1]
        i += 2
        if f == "Y":
            out.append("%d" % y if y >= 1000 else "%04d" % y)
        elif f == "y":
            out.append("%02d" % (y % 100))
        elif f == "m":
            out.append("%02d" % m)
        elif f == "d":
            out.append("%02d" % d)
        elif f == "e":
            out.append("%2d" % d)
        elif f == "H":
            out.append("%02d" % hh)
        elif f == "I":
            out.append("%02d" % (hh % 12 or 12))
        elif f == "M":
            out.append("%02d" % mi)
        elif f == "S":
            out.append("%02d" % ss)
        elif f == "f":
            out.append("%06d" % us)
        elif f == "p":
            out.append("AM" if hh < 12 else "PM")
        elif f == "a":
            out.append(_DAY_NAMES[wd])
        elif f == "A":
            out.append(_FULL_DAYS[wd])
        elif f == "w":
            out.append("%d" % ((wd + 1) % 7))
        elif f == "u":
            out.append("%d" % (wd + 1))
        elif f == "b" or f == "h":
            out.append(_MONTH_NAMES[m])
        elif f == "B":
            out.append(_FULL_MONTHS[m])
        elif f == "j":
            out.append("%03d" % yday)
        elif f == "F":
            out.append("%04d-%02d-%02d" % (y, m, d))
        elif f == "T":
            out.append("%02d:%02d:%02d" % (hh, mi, ss))
        elif f == "D":
            out.append("%02d/%02d/%02d" % (m, d, y % 100))
        elif f == "c":
            out.append("%s %s %2d %02d:%02d:%02d %d" % (_DAY_NAMES[wd], _MONTH_NAMES[m], d, hh, mi, ss, y))
        elif f == "x":
            out.append("%02d/%02d/%02d" % (m, d, y % 100))
        elif f == "X":
            out.append("%02d:%02d:%02d" % (hh, mi, ss))
        elif f == "z" or f == "Z":
            out.append("")
        elif f == "%":
            out.append("%")
        else:
            out.append("%" + f)
    return "".join(out)


class date:
    def __init__(self, year, month, day):
        _check_date(year, month, day)
        self._y = year
        self._m = month
        self._d = day

    year = property(lambda self: self._y)
    month = property(lambda self: self._m)
    day = property(lambda self: self._d)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromtimestamp(cls, t):
        y, m, d = _ord_to_ymd(int(t // 86400) + 719163)
        return cls(y, m, d)

    @classmethod
    def fromordinal(cls, n):
        if n < 1:
            raise ValueError("ordinal must be >= 1")
        return cls(*_ord_to_ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        if len(s) != 10 or s[4] != "-" or s[7] != "-" or not (s[:4] + s[5:7] + s[8:]).isdigit():
            raise ValueError("Invalid isoformat string: " + repr(s))
        return cls(int(s[:4]), int(s[5:7]), int(s[8:]))

    def toordinal(self):
        return _ymd_to_ord(self._y, self._m, self._d)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def isocalendar(self):
        y = self._y
        def week1_monday(year):
            first = _ymd_to_ord(year, 1, 1)
            wd = (first + 6) % 7
            monday = first - wd
            if wd > 3:
                monday += 7
            return monday
        monday = week1_monday(y)
        today = self.toordinal()
        if today < monday:
            y -= 1
            monday = week1_monday(y)
        elif today >= week1_monday(y + 1):
            y += 1
            monday = week1_monday(y)
        week, day = divmod(today - monday, 7)
        return IsoCalendarDate(y, week + 1, day + 1)

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._y if year is None else year, self._m if month is None else month,
                          self._d if day is None else day)

    def timetuple(self):
        return (self._y, self._m, self._d, 0, 0, 0, self.weekday(),
                self.toordinal() - _ymd_to_ord(self._y, 1, 1) + 1, -1)

    def isoformat(self):
        return "%04d-%02d-%02d" % (self._y, self._m, self._d)

    __str__ = isoformat

    def strftime(self, fmt):
        return _strftime(fmt, self._y, self._m, self._d, 0, 0, 0, 0, self.weekday(),
                         self.toordinal() - _ymd_to_ord(self._y, 1, 1) + 1)

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def ctime(self):
        return self.strftime("%c")

    def __repr__(self):
        return "datetime.date(%d, %d, %d)" % (self._y, self._m, self._d)

    def __add__(self, other):
        if isinstance(other, timedelta):
            n = self.toordinal() + other.days
            if not 0 < n <= 3652059:
                raise OverflowError("result out of range")
            return type(self).fromordinal(n)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + timedelta(-other.days)
        if isinstance(other, date) and not isinstance(other, datetime):
            return timedelta(self.toordinal() - other.toordinal())
        return NotImplemented

    def _key(self):
        return (self._y, self._m, self._d)

    def __eq__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime) and not isinstance(self, datetime):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other):
        return self._key() < other._key() if isinstance(other, date) else NotImplemented

    def __le__(self, other):
        return self._key() <= other._key() if isinstance(other, date) else NotImplemented

    def __gt__(self, other):
        return self._key() > other._key() if isinstance(other, date) else NotImplemented

    def __ge__(self, other):
        return self._key() >= other._key() if isinstance(other, date) else NotImplemented

    def __hash__(self):
        return hash(self._key())


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


class tzinfo:
    pass


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        return "UTC" if not self._offset else "UTC" + _fmt_offset(self._offset)

    def __repr__(self):
        if self is timezone.utc:
            return "datetime.timezone.utc"
        return "datetime.timezone(%r)" % (self._offset,)

    def __str__(self):
        return self.tzname(None)


def _fmt_offset(off):
    total = off.days * 86400 + off.seconds
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return "%s%02d:%02d" % (sign, total // 3600, total // 60 % 60)


timezone.utc = timezone(timedelta(0))
UTC = timezone.utc


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None):
        _check_time(hour, minute, second, microsecond)
        self._h = hour
        self._mi = minute
        self._s = second
        self._us = microsecond
        self._tz = tzinfo

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._s)
    microsecond = property(lambda self: self._us)
    tzinfo = property(lambda self: self._tz)

    def isoformat(self, timespec="auto"):
        s = "%02d:%02d:%02d" % (self._h, self._mi, self._s)
        if self._us:
            s += ".%06d" % self._us
        return s

    __str__ = isoformat

    def strftime(self, fmt):
        return _strftime(fmt, 1900, 1, 1, self._h, self._mi, self._s, self._us, 0, 1)

    def replace(self, hour=None, minute=None, second=None, microsecond=None):
        return time(self._h if hour is None else hour, self._mi if minute is None else minute,
                    self._s if second is None else second, self._us if microsecond is None else microsecond)

    def _key(self):
        return (self._h, self._mi, self._s, self._us)

    def __eq__(self, other):
        return isinstance(other, time) and self._key() == other._key()

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        args = [self._h, self._mi]
        if self._s or self._us:
            args.append(self._s)
        if self._us:
            args.append(self._us)
        return "datetime.time(" + ", ".join(str(a) for a in args) + ")"


class datetime(date):
    def __init__(self, year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None):
        date.__init__(self, year, month, day)
        _check_time(hour, minute, second, microsecond)
        self._h = hour
        self._mi = minute
        self._s = second
        self._us = microsecond
        self._tz = tzinfo

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._s)
    microsecond = property(lambda self: self._us)
    tzinfo = property(lambda self: self._tz)

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        us_total = round(t * 1000000)
        days, us = divmod(us_total, 86400 * 1000000)
        y, m, d = _ord_to_ymd(days + 719163)
        s, us = divmod(us, 1000000)
        hh, s = divmod(s, 3600)
        mi, s = divmod(s, 60)
        return cls(y, m, d, hh, mi, s, us, tz)

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls.fromtimestamp(t)

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def combine(cls, d, t, tzinfo=None):
        return cls(d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond,
                   t.tzinfo if tzinfo is None else tzinfo)

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        d = date.fromisoformat(s[:10])
        rest = s[10:]
        if not rest:
            return cls(d.year, d.month, d.day)
        if rest[0] not in "T ":
            raise ValueError("Invalid isoformat string: " + repr(s))
        t = rest[1:]
        try:
            hh = int(t[0:2])
            mi = int(t[3:5]) if len(t) >= 5 else 0
            ss = int(t[6:8]) if len(t) >= 8 else 0
            us = int((t[9:] + "000000")[:6]) if len(t) > 9 else 0
        except ValueError:
            raise ValueError("Invalid isoformat string: " + repr(s)) from None
        return cls(d.year, d.month, d.day, hh, mi, ss, us)

    @classmethod
    def strptime(cls, text, fmt):
        raise NotImplementedError("hotpy does not support datetime.strptime yet")

    def date(self):
        return date(self._y, self._m, self._d)

    def time(self):
        return time(self._h, self._mi, self._s, self._us)

    def timestamp(self):
        return ((self.toordinal() - 719163) * 86400 + self._h * 3600 + self._mi * 60 + self._s) + self._us / 1000000

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None,
                microsecond=None, tzinfo=True):
        return datetime(self._y if year is None else year, self._m if month is None else month,
                        self._d if day is None else day, self._h if hour is None else hour,
                        self._mi if minute is None else minute, self._s if second is None else second,
                        self._us if microsecond is None else microsecond,
                        self._tz if tzinfo is True else tzinfo)

    def timetuple(self):
        return (self._y, self._m, self._d, self._h, self._mi, self._s, self.weekday(),
                self.toordinal() - _ymd_to_ord(self._y, 1, 1) + 1, -1)

    def isoformat(self, sep="T", timespec="auto"):
        s = "%04d-%02d-%02d%s%02d:%02d:%02d" % (self._y, self._m, self._d, sep, self._h, self._mi, self._s)
        if self._us:
            s += ".%06d" % self._us
        if self._tz is not None:
            s += _fmt_offset(self._tz.utcoffset(self))
        return s

    def __str__(self):
        return self.isoformat(" ")

    def strftime(self, fmt):
        return _strftime(fmt, self._y, self._m, self._d, self._h, self._mi, self._s, self._us,
                         self.weekday(), self.toordinal() - _ymd_to_ord(self._y, 1, 1) + 1)

    def __repr__(self):
        args = [self._y, self._m, self._d, self._h, self._mi]
        if self._s or self._us:
            args.append(self._s)
        if self._us:
            args.append(self._us)
        r = "datetime.datetime(" + ", ".join(str(a) for a in args)
        if self._tz is not None:
            r += ", tzinfo=" + repr(self._tz)
        return r + ")"

    def _us_total(self):
        return ((self.toordinal() * 86400 + self._h * 3600 + self._mi * 60 + self._s) * 1000000) + self._us

    def __add__(self, other):
        if isinstance(other, timedelta):
            t = self._us_total() + other._total_us()
            days, us = divmod(t, 86400 * 1000000)
            if not 0 < days <= 3652059:
                raise OverflowError("date value out of range")
            y, m, d = _ord_to_ymd(days)
            s, us = divmod(us, 1000000)
            hh, s = divmod(s, 3600)
            mi, s = divmod(s, 60)
            return datetime(y, m, d, hh, mi, s, us, self._tz)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + (-other)
        if isinstance(other, datetime):
            return timedelta(microseconds=self._us_total() - other._us_total())
        return NotImplemented

    def _key(self):
        return (self._y, self._m, self._d, self._h, self._mi, self._s, self._us)

    def __eq__(self, other):
        if isinstance(other, datetime):
            return self._key() == other._key()
        return NotImplemented if not isinstance(other, date) else False

    def __hash__(self):
        return hash(self._key())


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = timedelta(microseconds=1)
