"""JSON (JavaScript Object Notation) encoder and decoder (hotpy's own implementation)."""

try:
    _bytearray = bytearray
except NameError:
    _bytearray = bytes


_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HEX = "0123456789abcdef"


def _u(n):
    return "\\u" + _HEX[(n >> 12) & 15] + _HEX[(n >> 8) & 15] + _HEX[(n >> 4) & 15] + _HEX[n & 15]


def _encode_str(s, ensure_ascii):
    out = ['"']
    for c in s:
        e = _ESC.get(c)
        if e is not None:
            out.append(e)
            continue
        n = ord(c)
        if n < 0x20:
            out.append(_u(n))
        elif ensure_ascii and n > 0x7E:
            if n > 0xFFFF:
                n -= 0x10000
                out.append(_u(0xD800 | (n >> 10)))
                out.append(_u(0xDC00 | (n & 0x3FF)))
            else:
                out.append(_u(n))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _float_str(o, allow_nan):
    if o != o:
        text = "NaN"
    elif o == float("inf"):
        text = "Infinity"
    elif o == -float("inf"):
        text = "-Infinity"
    else:
        return repr(o)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
          cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    if indent is not None and not isinstance(indent, str):
        indent = " " * indent
    if separators is not None:
        item_sep, key_sep = separators
    elif indent is not None:
        item_sep, key_sep = ",", ": "
    else:
        item_sep, key_sep = ", ", ": "
    chunks = []
    markers = {} if check_circular else None

    def key_str(k):
        if isinstance(k, str):
            return k
        if k is True:
            return "true"
        if k is False:
            return "false"
        if k is None:
            return "null"
        if isinstance(k, float):
            return _float_str(k, allow_nan)
        if isinstance(k, int):
            return repr(int(k))
        return None

    def enc(o, level):
        if isinstance(o, str):
            chunks.append(_encode_str(o, ensure_ascii))
        elif o is None:
            chunks.append("null")
        elif o is True:
            chunks.append("true")
        elif o is False:
            chunks.append("false")
        elif isinstance(o, int):
            chunks.append(repr(int(o)))
        elif isinstance(o, float):
            chunks.append(_float_str(o, allow_nan))
        elif isinstance(o, (list, tuple)):
            if not o:
                chunks.append("[]")
                return
            mark(o)
            chunks.append("[")
            if indent is not None:
                level += 1
                nl = "\n" + indent * level
                sep = item_sep + nl
                chunks.append(nl)
            else:
                sep = item_sep
            first = True
            for v in o:
                if not first:
                    chunks.append(sep)
                first = False
                enc(v, level)
            if indent is not None:
                level -= 1
                chunks.append("\n" + indent * level)
            chunks.append("]")
            unmark(o)
        elif isinstance(o, dict):
            if not o:
                chunks.append("{}")
                return
            mark(o)
            chunks.append("{")
            if indent is not None:
                level += 1
                nl = "\n" + indent * level
                sep = item_sep + nl
                chunks.append(nl)
            else:
                sep = item_sep
            items = sorted(o.items()) if sort_keys else o.items()
            first = True
            for k, v in items:
                ks = key_str(k)
                if ks is None:
                    if skipkeys:
                        continue
                    raise TypeError("keys must be str, int, float, bool or None, not "
                                    + type(k).__name__)
                if not first:
                    chunks.append(sep)
                first = False
                chunks.append(_encode_str(ks, ensure_ascii))
                chunks.append(key_sep)
                enc(v, level)
            if indent is not None:
                level -= 1
                chunks.append("\n" + indent * level)
            chunks.append("}")
            unmark(o)
        else:
            if default is None:
                raise TypeError("Object of type " + type(o).__name__ + " is not JSON serializable")
            mark(o)
            enc(default(o), level)
            unmark(o)

    def mark(o):
        if markers is not None:
            if id(o) in markers:
                raise ValueError("Circular reference detected")
            markers[id(o)] = o

    def unmark(o):
        if markers is not None:
            del markers[id(o)]

    enc(obj, 0)
    return "".join(chunks)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the position of the error in the document."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        ValueError.__init__(self, "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


def _error(msg, doc, pos):
    return JSONDecodeError(msg, doc, pos)

_WS = " \t\n\r"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    if isinstance(s, (bytes, _bytearray)):
        s = s.decode("utf-8")
    if not isinstance(s, str):
        raise TypeError("the JSON object must be str, bytes or bytearray, not " + type(s).__name__)
    n = len(s)
    pf = float if parse_float is None else parse_float
    pi = int if parse_int is None else parse_int

    def pc(name):
        if parse_constant is not None:
            return parse_constant(name)
        return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": -float("inf")}[name]

    def skip(i):
        while i < n and s[i] in _WS:
            i += 1
        return i

    def hex4(i):
        h = s[i:i + 4]
        if len(h) != 4 or any(c not in "0123456789abcdefABCDEF" for c in h):
            raise _error("Invalid \\uXXXX escape", s, i - 1)
        return int(h, 16)

    def string(i):
        # s[i - 1] is the opening quote
        start = i - 1
        out = []
        while True:
            j = i
            while j < n and s[j] != '"' and s[j] != "\\" and ord(s[j]) >= 0x20:
                j += 1
            out.append(s[i:j])
            if j >= n:
                raise _error("Unterminated string starting at", s, start)
            c = s[j]
            if c == '"':
                return "".join(out), j + 1
            if c != "\\":
                raise _error("Invalid control character at", s, j)
            j += 1
            if j >= n:
                raise _error("Unterminated string starting at", s, start)
            e = s[j]
            if e == "u":
                code = hex4(j + 1)
                j += 5
                if 0xD800 <= code <= 0xDBFF and s[j:j + 2] == "\\u":
                    low = hex4(j + 2)
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + (((code - 0xD800) << 10) | (low - 0xDC00))
                        j += 6
                out.append(chr(code))
                i = j
            else:
                r = _ESCAPES.get(e)
                if r is None:
                    raise _error("Invalid \\escape", s, j - 1)
                out.append(r)
                i = j + 1

    def number(i):
        j = i
        if j < n and s[j] == "-":
            j += 1
        if j < n and s[j] == "0":
            j += 1
        elif j < n and s[j] in "123456789":
            while j < n and s[j] in "0123456789":
                j += 1
        else:
            return None
        is_float = False
        if j + 1 < n and s[j] == "." and s[j + 1] in "0123456789":
            is_float = True
            j += 2
            while j < n and s[j] in "0123456789":
                j += 1
        if j < n and s[j] in "eE":
            k = j + 1
            if k < n and s[k] in "+-":
                k += 1
            if k < n and s[k] in "0123456789":
                while k < n and s[k] in "0123456789":
                    k += 1
                is_float = True
                j = k
        text = s[i:j]
        return (pf(text) if is_float else pi(text)), j

    def value(i):
        if i >= n:
            raise _error("Expecting value", s, i)
        c = s[i]
        if c == '"':
            return string(i + 1)
        if c == "{":
            return obj(i + 1)
        if c == "[":
            return arr(i + 1)
        if c == "n" and s[i:i + 4] == "null":
            return None, i + 4
        if c == "t" and s[i:i + 4] == "true":
            return True, i + 4
        if c == "f" and s[i:i + 5] == "false":
            return False, i + 5
        if c == "N" and s[i:i + 3] == "NaN":
            return pc("NaN"), i + 3
        if c == "I" and s[i:i + 8] == "Infinity":
            return pc("Infinity"), i + 8
        if c == "-" and s[i:i + 9] == "-Infinity":
            return pc("-Infinity"), i + 9
        r = number(i)
        if r is None:
            raise _error("Expecting value", s, i)
        return r

    def arr(i):
        out = []
        i = skip(i)
        if i < n and s[i] == "]":
            return out, i + 1
        while True:
            v, i = value(i)
            out.append(v)
            i = skip(i)
            if i < n and s[i] == "]":
                return out, i + 1
            if i >= n or s[i] != ",":
                raise _error("Expecting ',' delimiter", s, i)
            i = skip(i + 1)

    def obj(i):
        pairs = []
        i = skip(i)
        if i < n and s[i] == "}":
            return finish(pairs), i + 1
        while True:
            if i >= n or s[i] != '"':
                raise _error("Expecting property name enclosed in double quotes", s, i)
            k, i = string(i + 1)
            i = skip(i)
            if i >= n or s[i] != ":":
                raise _error("Expecting ':' delimiter", s, i)
            i = skip(i + 1)
            v, i = value(i)
            pairs.append((k, v))
            i = skip(i)
            if i < n and s[i] == "}":
                return finish(pairs), i + 1
            if i >= n or s[i] != ",":
                raise _error("Expecting ',' delimiter", s, i)
            i = skip(i + 1)

    def finish(pairs):
        if object_pairs_hook is not None:
            return object_pairs_hook(pairs)
        d = dict(pairs)
        if object_hook is not None:
            return object_hook(d)
        return d

    v, end = value(skip(0))
    end = skip(end)
    if end != n:
        raise _error("Extra data", s, end)
    return v


def load(fp, **kw):
    return loads(fp.read(), **kw)
