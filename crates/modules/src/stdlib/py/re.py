"""Regular expressions (hotpy's own backtracking engine for Python's pattern syntax: literals,
classes, anchors, groups (named, non-capturing), alternation, greedy and lazy quantifiers,
backreferences, lookahead and fixed lookbehind; flags I, M, S, X, A)."""

I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
A = ASCII = 256
NOFLAG = 0


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        if pos is not None:
            msg = "%s at position %d" % (msg, pos)
        Exception.__init__(self, msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


PatternError = error

_DIGITS = "0123456789"
_SPACE = " \t\n\r\f\v"


def _is_word(c, ascii_only):
    if ascii_only:
        return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9")
    return c == "_" or c.isalnum()


class _Parser:
    def __init__(self, pattern, flags):
        self.p = pattern
        self.i = 0
        self.flags = flags
        self.ngroups = 0
        self.names = {}

    def error(self, msg, pos=None):
        return error(msg, self.p, self.i if pos is None else pos)

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def skip_verbose(self):
        if not self.flags & VERBOSE:
            return
        while self.i < len(self.p):
            c = self.p[self.i]
            if c in _SPACE:
                self.i += 1
            elif c == "#":
                while self.i < len(self.p) and self.p[self.i] != "\n":
                    self.i += 1
            else:
                return

    def parse(self):
        node = self.alt()
        if self.i < len(self.p):
            if self.p[self.i] == ")":
                raise self.error("unbalanced parenthesis")
            raise self.error("unexpected character")
        return node

    def alt(self):
        branches = [self.seq()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.seq())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def seq(self):
        items = []
        while True:
            self.skip_verbose()
            c = self.peek()
            if c is None or c in "|)":
                break
            atom = self.atom()
            self.skip_verbose()
            atom = self.quant(atom)
            items.append(atom)
        return ("seq", items)

    def quant(self, atom):
        c = self.peek()
        if c is None:
            return atom
        start = self.i
        if c == "*":
            lo, hi = 0, None
            self.i += 1
        elif c == "+":
            lo, hi = 1, None
            self.i += 1
        elif c == "?":
            lo, hi = 0, 1
            self.i += 1
        elif c == "{":
            j = self.p.find("}", self.i)
            body = self.p[self.i + 1:j] if j > 0 else ""
            parts = body.split(",")
            ok = j > 0 and len(parts) <= 2 and all(x == "" or x.isdigit() for x in parts) and body != ","
            if not ok or body == "":
                return atom
            if len(parts) == 1:
                lo = hi = int(parts[0])
            else:
                lo = int(parts[0]) if parts[0] else 0
                hi = int(parts[1]) if parts[1] else None
            if hi is not None and hi < lo:
                raise self.error("min repeat greater than max repeat", start + 1)
            self.i = j + 1
        else:
            return atom
        if atom[0] in ("bol", "eol", "bos", "eos", "wordb", "nwordb") or atom == ("seq", []):
            raise self.error("nothing to repeat", start)
        if atom[0] == "rep":
            raise self.error("multiple repeat", start)
        greedy = True
        if self.peek() == "?":
            greedy = False
            self.i += 1
        if self.peek() is not None and self.peek() in "*+?":
            raise self.error("multiple repeat", self.i)
        return ("rep", atom, lo, hi, greedy)

    def atom(self):
        c = self.p[self.i]
        self.i += 1
        if c == ".":
            return ("any",)
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == "[":
            return self.charset()
        if c == "(":
            return self.group()
        if c == "\\":
            return self.escape(False)
        if c in "*+?":
            raise self.error("nothing to repeat", self.i - 1)
        if c == "{":
            return ("lit", c)
        return ("lit", c)

    def group(self):
        start = self.i - 1
        if self.p.startswith("?", self.i):
            self.i += 1
            c = self.peek()
            if c == ":":
                self.i += 1
                node = self.alt()
                self.close(start)
                return node
            if c == "P" and self.p.startswith("P<", self.i):
                j = self.p.find(">", self.i)
                name = self.p[self.i + 2:j]
                if j < 0 or not name.isidentifier():
                    raise self.error("bad character in group name " + repr(name), self.i + 2)
                if name in self.names:
                    raise self.error("redefinition of group name %r as group %d; was group %d"
                                     % (name, self.ngroups + 1, self.names[name]), self.i + 2)
                self.i = j + 1
                self.ngroups += 1
                idx = self.ngroups
                self.names[name] = idx
                node = self.alt()
                self.close(start)
                return ("group", idx, node)
            if c == "P" and self.p.startswith("P=", self.i):
                j = self.p.find(")", self.i)
                name = self.p[self.i + 2:j]
                if name not in self.names:
                    raise self.error("unknown group name " + repr(name), self.i + 2)
                self.i = j + 1
                return ("backref", self.names[name])
            if c in "=!":
                self.i += 1
                node = self.alt()
                self.close(start)
                return ("look", True, c == "!", node)
            if c == "<" and self.p[self.i + 1:self.i + 2] in ("=", "!"):
                neg = self.p[self.i + 1] == "!"
                self.i += 2
                node = self.alt()
                self.close(start)
                width = _width(node)
                if width is None:
                    raise self.error("look-behind requires fixed-width pattern")
                return ("behind", neg, node, width)
            if c == "#":
                j = self.p.find(")", self.i)
                if j < 0:
                    raise self.error("missing ), unterminated comment", start)
                self.i = j + 1
                return ("seq", [])
            flags = 0
            while self.peek() is not None and self.peek() in "aiLmsux":
                flags |= {"a": A, "i": I, "L": L, "m": M, "s": S, "u": U, "x": X}[self.peek()]
                self.i += 1
            if self.peek() == ")" and start == 0 or (self.peek() == ")" and flags):
                self.i += 1
                self.flags |= flags
                return ("seq", [])
            raise self.error("unknown extension ?" + (self.peek() or ""), start + 1)
        self.ngroups += 1
        idx = self.ngroups
        node = self.alt()
        self.close(start)
        return ("group", idx, node)

    def close(self, start):
        if self.peek() != ")":
            raise self.error("missing ), unterminated subpattern", start)
        self.i += 1

    def escape(self, in_class):
        if self.i >= len(self.p):
            raise self.error("bad escape (end of pattern)", self.i - 1)
        c = self.p[self.i]
        self.i += 1
        simple = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "0": "\0"}
        if c in "dDwWsS":
            return ("cls", c)
        if not in_class:
            if c == "b":
                return ("wordb",)
            if c == "B":
                return ("nwordb",)
            if c == "A":
                return ("bos",)
            if c == "Z":
                return ("eos",)
            if c in "123456789":
                num = c
                while self.peek() is not None and self.peek().isdigit() and len(num) < 2:
                    num += self.p[self.i]
                    self.i += 1
                n = int(num)
                if n > self.ngroups:
                    raise self.error("invalid group reference %d" % n, self.i - len(num))
                return ("backref", n)
        elif c == "b":
            return ("lit", "\b")
        if c in simple:
            return ("lit", simple[c])
        if c == "x":
            h = self.p[self.i:self.i + 2]
            self.i += 2
            return ("lit", chr(int(h, 16)))
        if c == "u":
            h = self.p[self.i:self.i + 4]
            self.i += 4
            return ("lit", chr(int(h, 16)))
        if c.isalnum():
            raise self.error("bad escape \\" + c, self.i - 2)
        return ("lit", c)

    def charset(self):
        start = self.i - 1
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        items = []
        first = True
        while True:
            c = self.peek()
            if c is None:
                raise self.error("unterminated character set", start)
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            self.i += 1
            if c == "\\":
                item = self.escape(True)
                if item[0] == "cls":
                    items.append(item)
                    continue
                lo = item[1]
            else:
                lo = c
            if self.peek() == "-" and self.p[self.i + 1:self.i + 2] not in ("]", ""):
                self.i += 1
                hc = self.p[self.i]
                self.i += 1
                if hc == "\\":
                    item = self.escape(True)
                    if item[0] == "cls":
                        raise self.error("bad character range", self.i - 2)
                    hc = item[1]
                if hc < lo:
                    raise self.error("bad character range %s-%s" % (lo, hc), self.i - 3)
                items.append(("range", lo, hc))
            else:
                items.append(("lit", lo))
        return ("set", negate, items)


def _width(node):
    kind = node[0]
    if kind in ("lit", "any", "set", "cls"):
        return 1
    if kind in ("bol", "eol", "bos", "eos", "wordb", "nwordb", "look", "behind"):
        return 0
    if kind == "seq":
        total = 0
        for n in node[1]:
            w = _width(n)
            if w is None:
                return None
            total += w
        return total
    if kind == "alt":
        ws = [_width(b) for b in node[1]]
        return ws[0] if ws and all(w == ws[0] for w in ws) else None
    if kind == "group":
        return _width(node[2])
    if kind == "rep":
        w = _width(node[1])
        if w is not None and node[2] == node[3]:
            return w * node[2]
    return None


class _Matcher:
    def __init__(self, pattern, string, pos, endpos):
        self.pat = pattern
        self.s = string
        self.end = endpos
        self.start = pos
        self.flags = pattern.flags
        self.ci = bool(self.flags & IGNORECASE)
        self.ascii = bool(self.flags & ASCII) or isinstance(string, bytes)
        self.groups = [None] * (pattern.groups + 1)

    def char_cls(self, c, k):
        if k in "dD":
            r = ("0" <= c <= "9") if self.ascii else c.isdigit()
        elif k in "wW":
            r = _is_word(c, self.ascii)
        else:
            r = c in _SPACE or (not self.ascii and c.isspace())
        return r if k.islower() else not r

    def one(self, node, c):
        kind = node[0]
        if kind == "lit":
            return c == node[1] or (self.ci and c.lower() == node[1].lower())
        if kind == "any":
            return c != "\n" or bool(self.flags & DOTALL)
        if kind == "cls":
            return self.char_cls(c, node[1])
        if kind == "set":
            hit = False
            for it in node[2]:
                if it[0] == "lit":
                    if c == it[1] or (self.ci and c.lower() == it[1].lower()):
                        hit = True
                        break
                elif it[0] == "range":
                    if it[1] <= c <= it[2] or (self.ci and (it[1] <= c.lower() <= it[2] or it[1] <= c.upper() <= it[2])):
                        hit = True
                        break
                elif self.char_cls(c, it[1]):
                    hit = True
                    break
            return hit != node[1]
        return False

    def m(self, node, i, k):
        kind = node[0]
        s = self.s
        if kind in ("lit", "any", "cls", "set"):
            if i < self.end and self.one(node, s[i]):
                return k(i + 1)
            return None
        if kind == "seq":
            items = node[1]
            return self.seq(items, 0, i, k)
        if kind == "alt":
            for b in node[1]:
                r = self.m(b, i, k)
                if r is not None:
                    return r
            return None
        if kind == "group":
            idx = node[1]
            saved = self.groups[idx]

            def close(j):
                prev = self.groups[idx]
                self.groups[idx] = (i, j)
                r = k(j)
                if r is None:
                    self.groups[idx] = prev
                return r
            r = self.m(node[2], i, close)
            if r is None:
                self.groups[idx] = saved
            return r
        if kind == "rep":
            return self.rep(node, i, k)
        if kind == "bol":
            if i == 0 or (self.flags & MULTILINE and s[i - 1] == "\n"):
                return k(i)
            return None
        if kind == "eol":
            n = len(s)
            if i == n or (i == n - 1 and s[i] == "\n") or (self.flags & MULTILINE and i < n and s[i] == "\n"):
                return k(i)
            return None
        if kind == "bos":
            return k(i) if i == 0 else None
        if kind == "eos":
            return k(i) if i == len(s) else None
        if kind in ("wordb", "nwordb"):
            before = i > 0 and _is_word(s[i - 1], self.ascii)
            after = i < len(s) and _is_word(s[i], self.ascii)
            at = before != after
            return k(i) if at == (kind == "wordb") else None
        if kind == "backref":
            g = self.groups[node[1]]
            if g is None:
                return None
            text = s[g[0]:g[1]]
            seg = s[i:i + len(text)]
            if seg == text or (self.ci and seg.lower() == text.lower()):
                return k(i + len(text))
            return None
        if kind == "look":
            saved = list(self.groups)
            r = self.m(node[3], i, lambda j: j)
            if node[2]:
                self.groups = saved
                return k(i) if r is None else None
            if r is None:
                return None
            res = k(i)
            if res is None:
                self.groups = saved
            return res
        if kind == "behind":
            width = node[3]
            ok = False
            if i - width >= 0:
                saved = list(self.groups)
                ok = self.m(node[2], i - width, lambda j: j if j == i else None) is not None
                if not ok or node[1]:
                    self.groups = saved
            if ok != node[1]:
                return k(i)
            return None
        raise error("internal: unknown node " + repr(kind))

    def seq(self, items, n, i, k):
        if n == len(items):
            return k(i)
        return self.m(items[n], i, lambda j: self.seq(items, n + 1, j, k))

    def rep(self, node, i, k):
        sub, lo, hi, greedy = node[1], node[2], node[3], node[4]
        if sub[0] in ("lit", "any", "cls", "set"):
            # Single-character body: count matches once, then try continuations.
            s = self.s
            limit = self.end if hi is None else min(self.end, i + hi)
            j = i
            while j < limit and self.one(sub, s[j]):
                j += 1
            if j - i < lo:
                return None
            if greedy:
                n = j
                while n >= i + lo:
                    r = k(n)
                    if r is not None:
                        return r
                    n -= 1
            else:
                n = i + lo
                while n <= j:
                    r = k(n)
                    if r is not None:
                        return r
                    n += 1
            return None
        return self.rep_general(sub, lo, hi, greedy, i, k, 0)

    def rep_general(self, sub, lo, hi, greedy, i, k, count):
        def again(j):
            if j == i and count >= lo:
                return None
            return self.rep_general(sub, lo, hi, greedy, j, k, count + 1)
        if count < lo:
            return self.m(sub, i, again)
        if hi is not None and count >= hi:
            return k(i)
        if greedy:
            r = self.m(sub, i, again)
            if r is not None:
                return r
            return k(i)
        r = k(i)
        if r is not None:
            return r
        return self.m(sub, i, again)


class Match:
    def __init__(self, pattern, string, pos, endpos, spans):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._spans = spans
        self.lastindex = None
        last = None
        for idx in range(1, len(spans)):
            if spans[idx] is not None:
                if last is None or spans[idx][1] >= spans[last][1]:
                    last = idx
        self.lastindex = last
        self.lastgroup = None
        if last is not None:
            for name, idx in pattern.groupindex.items():
                if idx == last:
                    self.lastgroup = name

    def _index(self, g):
        if isinstance(g, str):
            if g not in self.re.groupindex:
                raise IndexError("no such group")
            return self.re.groupindex[g]
        if not isinstance(g, int) or g < 0 or g >= len(self._spans):
            raise IndexError("no such group")
        return g

    def group(self, *gs):
        if not gs:
            gs = (0,)
        out = []
        for g in gs:
            span = self._spans[self._index(g)]
            out.append(None if span is None else self.string[span[0]:span[1]])
        return out[0] if len(out) == 1 else tuple(out)

    def __getitem__(self, g):
        return self.group(g)

    def groups(self, default=None):
        return tuple(default if sp is None else self.string[sp[0]:sp[1]] for sp in self._spans[1:])

    def groupdict(self, default=None):
        return {name: (default if self._spans[i] is None else self.string[self._spans[i][0]:self._spans[i][1]])
                for name, i in self.re.groupindex.items()}

    def start(self, g=0):
        sp = self._spans[self._index(g)]
        return -1 if sp is None else sp[0]

    def end(self, g=0):
        sp = self._spans[self._index(g)]
        return -1 if sp is None else sp[1]

    def span(self, g=0):
        sp = self._spans[self._index(g)]
        return (-1, -1) if sp is None else sp

    def expand(self, template):
        return _expand(self, template)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group())


class Pattern:
    def __init__(self, pattern, flags):
        if isinstance(pattern, Pattern):
            pattern = pattern.pattern
        self.pattern = pattern
        parser = _Parser(pattern, flags)
        self._node = parser.parse()
        self.flags = parser.flags | (0 if isinstance(pattern, bytes) else UNICODE)
        self.groups = parser.ngroups
        self.groupindex = dict(parser.names)

    def _run(self, string, pos, endpos, anchored, full):
        if endpos is None or endpos > len(string):
            endpos = len(string)
        pos = max(0, pos)
        start = pos
        while start <= endpos:
            mt = _Matcher(self, string, start, endpos)
            if full:
                k = lambda j: j if j == endpos else None
            else:
                k = lambda j: j
            end = mt.m(self._node, start, k)
            if end is not None:
                spans = list(mt.groups)
                spans[0] = (start, end)
                return Match(self, string, pos, endpos, spans)
            if anchored:
                return None
            start += 1
        return None

    def match(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, True, False)

    def fullmatch(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, True, True)

    def search(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, False, False)

    def finditer(self, string, pos=0, endpos=None):
        if endpos is None or endpos > len(string):
            endpos = len(string)
        i = pos
        while i <= endpos:
            m = self._run(string, i, endpos, False, False)
            if m is None:
                return
            yield m
            s, e = m.span()
            i = e + 1 if e == s else e

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.groups("")[0])
            else:
                out.append(m.groups(""))
        return out

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            s, e = m.span()
            if s == e and s == last and s == 0 and False:
                continue
            out.append(string[last:s])
            out.extend(m.groups())
            last = e
            n += 1
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            s, e = m.span()
            out.append(string[last:s])
            out.append(repl(m) if callable(repl) else _expand(m, repl))
            last = e
            n += 1
        out.append(string[last:])
        return "".join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def __repr__(self):
        r = "re.compile(%r" % (self.pattern,)
        flags = self.flags & ~UNICODE
        if flags:
            names = [n for n, v in (("IGNORECASE", I), ("MULTILINE", M), ("DOTALL", S),
                                    ("VERBOSE", X), ("ASCII", A)) if flags & v]
            r += ", re." + "|re.".join(names)
        return r + ")"

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))


def _expand(m, template):
    out = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = template[i + 1]
        if d.isdigit():
            j = i + 1
            while j < n and template[j].isdigit() and j - i <= 2:
                j += 1
            g = int(template[i + 1:j])
            if g > m.re.groups:
                raise error("invalid group reference %d" % g, template, i + 1)
            out.append(m.group(g) or "")
            i = j
        elif d == "g" and i + 2 < n and template[i + 2] == "<":
            j = template.find(">", i)
            name = template[i + 3:j]
            g = int(name) if name.isdigit() else name
            try:
                out.append(m.group(g) or "")
            except IndexError:
                raise IndexError("unknown group name " + repr(name)) from None
            i = j + 1
        else:
            esc = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "f": "\f", "v": "\v", "a": "\a"}
            if d in esc:
                out.append(esc[d])
            elif d.isalpha():
                raise error("bad escape \\" + d, template, i)
            else:
                out.append("\\" + d)
            i += 2
    return "".join(out)


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        p = Pattern(pattern, flags)
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = p
    return p


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def escape(pattern):
    out = []
    for c in pattern:
        if c.isalnum() or c == "_" or ord(c) >= 128:
            out.append(c)
        elif c == "\0":
            out.append("\\000")
        else:
            out.append("\\" + c)
    return "".join(out)


def purge():
    _cache.clear()
