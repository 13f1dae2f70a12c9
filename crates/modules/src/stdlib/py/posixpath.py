"""Common operations on POSIX pathnames (hotpy's own implementation)."""

import os

sep = "/"
curdir = "."
pardir = ".."
extsep = "."
pathsep = ":"
defpath = "/bin:/usr/bin"
altsep = None
devnull = "/dev/null"


def _check(p, fname):
    if not isinstance(p, str):
        raise TypeError(fname + "() argument must be str, bytes, or os.PathLike object, not '"
                        + type(p).__name__ + "'")


def isabs(s):
    return s.startswith("/")


def join(a, *p):
    _check(a, "join")
    path = a
    for b in p:
        _check(b, "join")
        if b.startswith("/"):
            path = b
        elif not path or path.endswith("/"):
            path += b
        else:
            path += "/" + b
    return path


def split(p):
    i = p.rfind("/") + 1
    head, tail = p[:i], p[i:]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head, tail


def splitext(p):
    slash = p.rfind("/")
    dot = p.rfind(".")
    if dot > slash:
        # a leading run of dots in the file name is not an extension
        i = slash + 1
        while i < dot:
            if p[i] != ".":
                return p[:dot], p[dot:]
            i += 1
    return p, ""


def splitdrive(p):
    return p[:0], p


def basename(p):
    return p[p.rfind("/") + 1:]


def dirname(p):
    i = p.rfind("/") + 1
    head = p[:i]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head


def normpath(path):
    if path == "":
        return "."
    if path.startswith("//") and not path.startswith("///"):
        initial = 2
    elif path.startswith("/"):
        initial = 1
    else:
        initial = 0
    parts = []
    for comp in path.split("/"):
        if comp in ("", "."):
            continue
        if comp != ".." or (not initial and not parts) or (parts and parts[-1] == ".."):
            parts.append(comp)
        elif parts:
            parts.pop()
    path = "/" * initial + "/".join(parts)
    return path or "."


def abspath(path):
    if not isabs(path):
        path = join(os.getcwd(), path)
    return normpath(path)


realpath = abspath


def exists(path):
    return os._exists(path)


def isfile(path):
    return os._isfile(path)


def isdir(path):
    return os._isdir(path)


def islink(path):
    return os._islink(path)


def lexists(path):
    return os._exists(path) or os._islink(path)


def getsize(path):
    return os._getsize(path)


def getmtime(path):
    return os._getmtime(path)


def expanduser(path):
    if not path.startswith("~"):
        return path
    i = path.find("/", 1)
    if i < 0:
        i = len(path)
    if i != 1:
        return path
    home = os.environ.get("HOME")
    if home is None:
        return path
    return (home.rstrip("/") or "/") + path[i:]


def commonprefix(m):
    if not m:
        return ""
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def relpath(path, start=None):
    if not path:
        raise ValueError("no path specified")
    if start is None:
        start = curdir
    start_list = [x for x in abspath(start).split("/") if x]
    path_list = [x for x in abspath(path).split("/") if x]
    i = len(commonprefix([start_list, path_list]))
    rel_list = [pardir] * (len(start_list) - i) + path_list[i:]
    if not rel_list:
        return curdir
    return join(*rel_list)
