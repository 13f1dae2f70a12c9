"""Base16 and Base64 data encodings (hotpy's own implementation)."""

try:
    _bytearray = bytearray
except NameError:
    _bytearray = bytes


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _bytes(s, fname):
    if isinstance(s, str):
        if fname.endswith("decode"):
            return s.encode("ascii")
        raise TypeError("a bytes-like object is required, not 'str'")
    if isinstance(s, (bytes, _bytearray)):
        return bytes(s)
    raise TypeError("a bytes-like object is required, not '" + type(s).__name__ + "'")


def b64encode(s, altchars=None):
    data = _bytes(s, "b64encode")
    alphabet = _B64
    if altchars is not None:
        alt = _bytes(altchars, "b64encode")
        alphabet = _B64[:62] + chr(alt[0]) + chr(alt[1])
    out = []
    for i in range(0, len(data) - len(data) % 3, 3):
        n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out.append(alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63])
    rest = len(data) % 3
    if rest == 1:
        n = data[-1] << 16
        out.append(alphabet[n >> 18] + alphabet[(n >> 12) & 63] + "==")
    elif rest == 2:
        n = (data[-2] << 16) | (data[-1] << 8)
        out.append(alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + "=")
    return "".join(out).encode("ascii")


def b64decode(s, altchars=None, validate=False):
    data = _bytes(s, "b64decode").decode("ascii")
    if altchars is not None:
        alt = _bytes(altchars, "b64decode").decode("ascii")
        data = data.replace(alt[0], "+").replace(alt[1], "/")
    values = []
    pad = 0
    for c in data:
        if c == "=":
            pad += 1
            continue
        i = _B64.find(c)
        if i < 0 or pad:
            if validate or pad:
                if i < 0 and not validate:
                    continue
                raise ValueError("Non-base64 digit found")
            continue
        values.append(i)
    if len(values) % 4 == 1:
        raise ValueError("Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4" % len(values))
    if (len(values) + pad) % 4 and pad < (4 - len(values) % 4) % 4:
        raise ValueError("Incorrect padding")
    out = []
    for i in range(0, len(values), 4):
        chunk = values[i:i + 4]
        n = 0
        for v in chunk:
            n = (n << 6) | v
        n <<= 6 * (4 - len(chunk))
        b = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
        out.extend(b[:len(chunk) - 1])
    return bytes(out)


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return b64encode(s, b"-_")


def urlsafe_b64decode(s):
    return b64decode(s, b"-_")


def b16encode(s):
    return _bytes(s, "b16encode").hex().upper().encode("ascii")


def b16decode(s, casefold=False):
    text = _bytes(s, "b16decode").decode("ascii")
    if casefold:
        text = text.upper()
    for c in text:
        if c not in "0123456789ABCDEF":
            raise ValueError("Non-base16 digit found")
    return bytes.fromhex(text)
