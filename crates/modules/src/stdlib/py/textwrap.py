"""Text wrapping and filling (hotpy's own implementation of the common functions)."""


def _words(text):
    return text.split()


def wrap(text, width=70, *, initial_indent="", subsequent_indent="", break_long_words=True,
         **kwargs):
    if width <= 0:
        raise ValueError("invalid width %r (must be > 0)" % width)
    lines = []
    line = initial_indent
    empty = True
    for word in _words(text.expandtabs()):
        indent = initial_indent if not lines else subsequent_indent
        if empty:
            candidate = indent + word
        else:
            candidate = line + " " + word
        if len(candidate) <= width:
            line = candidate
            empty = False
            continue
        if not empty:
            lines.append(line)
            indent = subsequent_indent
        line = indent + word
        while break_long_words and len(line) > width:
            lines.append(line[:width])
            line = subsequent_indent + line[width:]
        empty = False
    if not empty:
        lines.append(line)
    return lines


def fill(text, width=70, **kwargs):
    return "\n".join(wrap(text, width, **kwargs))


def shorten(text, width, *, placeholder=" [...]", **kwargs):
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = text.split()
    out = ""
    for w in words:
        candidate = (out + " " + w) if out else w
        if len(candidate) + len(placeholder) > width:
            break
        out = candidate
    return out + placeholder if out else placeholder.lstrip()


def dedent(text):
    lines = text.split("\n")
    margin = None
    for line in lines:
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            i = 0
            while i < len(margin) and i < len(indent) and margin[i] == indent[i]:
                i += 1
            margin = margin[:i]
    out = []
    for line in lines:
        if not line.strip(" \t"):
            out.append(line.lstrip(" \t") if line.strip() == "" else line)
        elif margin:
            out.append(line[len(margin):])
        else:
            out.append(line)
    return "\n".join(out)


def indent(text, prefix, predicate=None):
    if predicate is None:
        def predicate(line):
            return line.strip()
    return "".join(prefix + line if predicate(line) else line for line in text.splitlines(True))
