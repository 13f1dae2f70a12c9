"""File objects for open() (hotpy's own implementation: reads load the whole file, writes are
buffered and appended on flush/close)."""


class UnsupportedOperation(OSError):
    pass


class _FileBase:
    def __init__(self, file, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        if not isinstance(file, str):
            raise TypeError("expected str, bytes or os.PathLike object, not " + type(file).__name__)
        if not isinstance(mode, str):
            raise TypeError("open() argument 'mode' must be str, not " + type(mode).__name__)
        kinds = [c for c in mode if c in "rwax"]
        if len(kinds) != 1 or any(c not in "rwaxbt+" for c in mode) or ("b" in mode and "t" in mode):
            raise ValueError("invalid mode: '" + mode + "'")
        self.name = file
        self.mode = mode
        self.closed = False
        self._binary = "b" in mode
        self._kind = kinds[0]
        self._readable = self._kind == "r" or "+" in mode
        self._writable = self._kind != "r" or "+" in mode
        self._pending = []
        self._pos = 0
        if self._kind == "r":
            self._data = _read(file, self._binary)
        else:
            if self._kind == "x" and _exists(file):
                _fail_exists(file)
            if self._kind in "wx":
                _truncate(file)
            else:
                _touch(file)
            self._data = b"" if self._binary else ""

    def _check(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def readable(self):
        self._check()
        return self._readable

    def writable(self):
        self._check()
        return self._writable

    def write(self, s):
        self._check()
        if not self._writable:
            raise UnsupportedOperation("not writable")
        if self._binary:
            if not isinstance(s, (bytes, bytearray)):
                raise TypeError("a bytes-like object is required, not '" + type(s).__name__ + "'")
        elif not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        self._pending.append(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._check()
        if self._pending:
            data = (b"" if self._binary else "").join(self._pending)
            self._pending = []
            _append(self.name, data)

    def read(self, size=-1):
        self._check()
        if not self._readable:
            raise UnsupportedOperation("not readable")
        if size is None or size < 0:
            out = self._data[self._pos:]
            self._pos = len(self._data)
        else:
            out = self._data[self._pos:self._pos + size]
            self._pos += len(out)
        return out

    def readline(self, size=-1):
        self._check()
        nl = b"\n" if self._binary else "\n"
        end = self._data.find(nl, self._pos)
        end = len(self._data) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        out = self._data[self._pos:end]
        self._pos = end
        return out

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, pos, whence=0):
        self._check()
        self.flush()
        if self._kind != "r":
            self._data = _read(self.name, self._binary)
        if whence == 0:
            self._pos = pos
        elif whence == 1:
            self._pos += pos
        else:
            self._pos = len(self._data) + pos
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def close(self):
        if not self.closed:
            self.flush()
            self.closed = True

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        kind = "BufferedReader" if self._binary else "TextIOWrapper"
        return "<_io." + kind + " name=" + repr(self.name) + " mode=" + repr(self.mode) + ">"


class TextIOWrapper(_FileBase):
    pass


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    return TextIOWrapper(file, mode, buffering, encoding, errors, newline)


class StringIO:
    """An in-memory text stream."""

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not " + type(initial_value).__name__)
        self._buf = initial_value
        self._pos = 0
        self.closed = False

    def _check(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '" + type(s).__name__ + "'")
        end = self._pos + len(s)
        if self._pos > len(self._buf):
            self._buf += "\0" * (self._pos - len(self._buf))
        self._buf = self._buf[:self._pos] + s + self._buf[end:]
        self._pos = end
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def getvalue(self):
        self._check()
        return self._buf

    def read(self, size=-1):
        self._check()
        if size is None or size < 0:
            out = self._buf[self._pos:]
        else:
            out = self._buf[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def readline(self, size=-1):
        self._check()
        end = self._buf.find("\n", self._pos)
        end = len(self._buf) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        out = self._buf[self._pos:end]
        self._pos = end
        return out

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            self._pos = pos
        elif whence == 1:
            self._pos += pos
        else:
            self._pos = len(self._buf) + pos
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        self._buf = self._buf[:size]
        return size

    def flush(self):
        pass

    def close(self):
        self.closed = True

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class BytesIO:
    """An in-memory binary stream."""

    def __init__(self, initial_bytes=b""):
        self._buf = bytes(initial_bytes)
        self._pos = 0
        self.closed = False

    def write(self, b):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        b = bytes(b)
        self._buf = self._buf[:self._pos] + b + self._buf[self._pos + len(b):]
        self._pos += len(b)
        return len(b)

    def getvalue(self):
        return self._buf

    def read(self, size=-1):
        if size is None or size < 0:
            out = self._buf[self._pos:]
        else:
            out = self._buf[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def seek(self, pos, whence=0):
        if whence == 0:
            self._pos = pos
        elif whence == 1:
            self._pos += pos
        else:
            self._pos = len(self._buf) + pos
        return self._pos

    def tell(self):
        return self._pos

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Stdin:
    """sys.stdin: a line iterator over the process's standard input (reads are native)."""

    def __init__(self, raw):
        self._raw = raw
        self.name = "<stdin>"
        self.closed = False

    def readline(self, size=-1):
        return self._raw.readline()

    def read(self, size=-1):
        return self._raw.read()

    def readlines(self, hint=-1):
        return self._raw.readlines()

    def __iter__(self):
        return self

    def __next__(self):
        line = self._raw.readline()
        if not line:
            raise StopIteration
        return line

    def fileno(self):
        return 0

    def isatty(self):
        return False

    def readable(self):
        return True
