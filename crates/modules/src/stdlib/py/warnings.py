"""Issue warning messages (hotpy's own, minimal implementation: printed to stderr once per
location and category, filters 'ignore', 'error', 'always', 'default')."""

import sys

filters = []
_seen = set()


def simplefilter(action, category=Warning, lineno=0, append=False):
    entry = (action, category)
    if append:
        filters.append(entry)
    else:
        filters.insert(0, entry)


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    simplefilter(action, category, lineno, append)


def resetwarnings():
    filters.clear()


def _action_for(category):
    for action, cat in filters:
        if issubclass(category, cat):
            return action
    return "default"


def warn(message, category=None, stacklevel=1, source=None):
    if isinstance(message, Warning):
        category = type(message)
    if category is None:
        category = UserWarning
    action = _action_for(category)
    if action == "ignore":
        return
    if action == "error":
        raise message if isinstance(message, Warning) else category(message)
    key = (str(message), category)
    if action != "always" and key in _seen:
        return
    _seen.add(key)
    sys.stderr.write("%s: %s\n" % (category.__name__, message))


class catch_warnings:
    def __init__(self, *, record=False):
        self._record = record

    def __enter__(self):
        self._saved = list(filters)
        return [] if self._record else None

    def __exit__(self, *exc):
        filters[:] = self._saved
