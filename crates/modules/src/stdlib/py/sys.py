# The Python part of `sys` (a comment, not a docstring: it would replace sys.__doc__): the
# iterable `sys.stdin` around the native reads.


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


stdin = __stdin__ = _Stdin(stdin)
del _Stdin
