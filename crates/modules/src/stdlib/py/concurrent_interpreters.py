"""Multiple interpreters in one process (PEP 734), over hotpy's native _interpreters.

Each interpreter is a separate hotpy VM: its own modules, builtins and objects. Values cross
between interpreters by copy (None, bool, int, float, str, bytes, tuples of these, queues,
and functions without free variables); anything else raises NotShareableError, a TypeError.
hotpy adds Interpreter.exec_in_thread(code), which runs code on a new OS thread.
"""

import _interpreters

__all__ = [
    'get_current', 'get_main', 'create', 'list_all', 'is_shareable',
    'Interpreter',
    'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed',
    'NotShareableError',
    'create_queue', 'Queue', 'QueueEmpty', 'QueueFull', 'QueueError',
    'QueueNotFoundError',
]


class InterpreterError(Exception):
    """A cross-interpreter operation failed."""


class InterpreterNotFoundError(InterpreterError):
    """The interpreter no longer exists."""


class NotShareableError(TypeError):
    """The object cannot be shared between interpreters."""


class QueueError(RuntimeError):
    """A cross-interpreter queue operation failed."""


class QueueNotFoundError(QueueError):
    """The queue no longer exists."""


class QueueEmpty(QueueError):
    """get() found the queue empty."""


class QueueFull(QueueError):
    """put() found the queue full."""


class _ExcType:
    """Stands for the exception class of the other interpreter (not an object here)."""

    def __init__(self, name, qualname, module):
        self.__name__ = name
        self.__qualname__ = qualname
        self.__module__ = module

    def __repr__(self):
        return f'<exception type {self.__module__}.{self.__qualname__}>'


class _ExcInfo:
    """What is known of an exception that escaped another interpreter."""

    def __init__(self, name, qualname, module, msg, formatted, errdisplay):
        self.type = _ExcType(name, qualname, module)
        self.msg = msg
        self.formatted = formatted
        self.errdisplay = errdisplay

    def __repr__(self):
        return f'ExceptionInfo(type={self.type!r}, msg={self.msg!r})'


class ExecutionFailed(InterpreterError):
    """An unhandled exception happened in the other interpreter."""

    def __init__(self, excinfo):
        super().__init__(excinfo.formatted)
        self.excinfo = excinfo

    def __str__(self):
        return (f'{self.excinfo.formatted}\n\nUncaught in the interpreter:\n\n'
                f'{self.excinfo.errdisplay.rstrip()}')


for _name, _cls in [('InterpreterError', InterpreterError),
                    ('InterpreterNotFoundError', InterpreterNotFoundError),
                    ('NotShareableError', NotShareableError),
                    ('QueueEmpty', QueueEmpty), ('QueueFull', QueueFull),
                    ('QueueNotFoundError', QueueNotFoundError)]:
    _interpreters._register(_name, _cls)


def _raise_failure(outcome):
    ok, value = outcome
    if ok:
        return value
    raise ExecutionFailed(_ExcInfo(*value))


_known = {}


def _interp(id):
    interp = _known.get(id)
    if interp is None:
        interp = object.__new__(Interpreter)
        interp._id = id
        _known[id] = interp
    return interp


class _Handle:
    """What interpreters and queues share: an id, shown in repr, equal when the ids are."""

    def __repr__(self):
        return f'{type(self).__name__}({self._id})'

    def __hash__(self):
        return hash(self._id)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._id == other._id

    @property
    def id(self):
        return self._id


class Interpreter(_Handle):
    """A single interpreter in the current process."""

    def __new__(cls, id):
        if type(id) is not int:
            raise TypeError(f'id must be an int, got {id!r}')
        if id not in _interpreters.list_all():
            raise InterpreterNotFoundError(f'unrecognized interpreter ID {id}')
        return _interp(id)

    @property
    def whence(self):
        if self._id == 0:
            return 'runtime init'
        return 'stdlib'

    def is_running(self):
        """Whether the interpreter is running code right now."""
        return _interpreters.is_running(self._id)

    def close(self):
        """Finalize and destroy the interpreter."""
        _interpreters.destroy(self._id)
        _known.pop(self._id, None)

    def prepare_main(self, ns=None, /, **kwargs):
        """Bind the given shareable values in the interpreter's __main__."""
        names = dict(ns) if ns is not None else {}
        names.update(kwargs)
        _interpreters.set_main_attrs(self._id, names)

    def exec(self, code, /):
        """Run code (source text, or a function taking no arguments) in __main__.

        An exception that escapes it raises ExecutionFailed here.
        """
        _raise_failure(_interpreters.exec(self._id, code))

    def call(self, callable, /, *args, **kwargs):
        """Call callable(*args, **kwargs) in the interpreter and return its result."""
        return _raise_failure(_interpreters.call(self._id, callable, args, kwargs))

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Call callable(*args, **kwargs) in the interpreter on a new OS thread.

        Returns the same kind of handle as exec_in_thread() (the result is dropped, as in
        CPython; an exception makes join() raise ExecutionFailed).
        """
        return _Thread(_interpreters.call_in_thread(self._id, callable, args, kwargs))

    def exec_in_thread(self, code, /):
        """Run code in the interpreter on a new OS thread (hotpy's addition).

        Returns a handle: join() waits (raising ExecutionFailed if the code raised) and
        is_alive() tells whether it still runs.
        """
        return _Thread(_interpreters.exec_in_thread(self._id, code))


class _Thread:
    """A thread running code in another interpreter."""

    def __init__(self, handle):
        self._h = handle

    def join(self):
        info = self._h('join')
        if info is not None:
            raise ExecutionFailed(_ExcInfo(*info))

    def is_alive(self):
        return self._h('is_alive')

    def __repr__(self):
        state = 'alive' if self.is_alive() else 'finished'
        return f'<interpreter thread ({state})>'


def create():
    """Return a new (idle) interpreter."""
    return _interp(_interpreters.create())


def list_all():
    """Return all existing interpreters."""
    return [_interp(id) for id in _interpreters.list_all()]


def get_current():
    """Return the currently running interpreter."""
    return _interp(_interpreters.get_current())


def get_main():
    """Return the main interpreter."""
    return _interp(0)


def is_shareable(obj):
    """Whether obj can be passed between interpreters."""
    return _interpreters.is_shareable(obj)


class Queue(_Handle):
    """A FIFO queue shared between interpreters (items are copied in and out)."""

    def __init__(self, id, _handle=None):
        if _handle is None:
            _handle = _interpreters.queue_handle(id)
        self._id = id
        self._h = _handle

    @property
    def maxsize(self):
        return self._h('maxsize')

    def empty(self):
        return self._h('qsize') == 0

    def full(self):
        maxsize = self._h('maxsize')
        return maxsize > 0 and self._h('qsize') >= maxsize

    def qsize(self):
        return self._h('qsize')

    def put(self, obj, block=True, timeout=None):
        """Add obj (copied), waiting for room if the queue is full."""
        self._h('put', obj, block, timeout)

    def put_nowait(self, obj):
        self._h('put', obj, False, None)

    def get(self, block=True, timeout=None):
        """Remove and return the oldest item, waiting for one if the queue is empty."""
        return self._h('get', block, timeout)

    def get_nowait(self):
        return self._h('get', False, None)


_interpreters._register('Queue', Queue)


def create_queue(maxsize=0):
    """Return a new cross-interpreter queue (maxsize 0: unbounded)."""
    id, handle = _interpreters.queue_create(maxsize)
    return Queue(id, handle)
