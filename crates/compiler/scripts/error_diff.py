#!/usr/bin/env python3
"""Compare hotpy's syntax errors with CPython's over a list of sources.

  error_diff.py [SOURCES...]         print every case where hotpy and python3 differ
  error_diff.py --write [SOURCES...] also write the agreeing cases to tests/errors/cases.txt

SOURCES (default tests/errors/sources.txt and the stdlib_*mutations.txt files) hold one source per line with \\n, \\t, \\r and \\\\
escaped; lines starting with `# ` are comments. Only sources CPython rejects count. The cases
file is what `cargo test` checks: `Kind<TAB>lineno<TAB>offset<TAB>message<TAB>source`.
Run from anywhere; it builds the `syntax_errors` example of hotpy-compiler first.
"""
import ast
import os
import subprocess
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)


def unescape(line):
    out, i = [], 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            nxt = line[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def cpython(source):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "x.py", "exec", ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        return "%s\t%s\t%s\t%s" % (type(e).__name__, e.lineno, e.offset, e.msg.replace("\n", " "))
    except (ValueError, MemoryError, RecursionError) as e:
        return None
    return "OK"


def main():
    args = sys.argv[1:]
    write = "--write" in args
    args = [a for a in args if a != "--write"]
    paths = args or [os.path.join(CRATE, "tests/errors", name)
                     for name in ("sources.txt", "stdlib_mutations.txt",
                                  "stdlib_token_mutations.txt", "stdlib_indent_mutations.txt")]
    lines = []
    for path in paths:
        for l in open(path, encoding="utf-8"):
            l = l.rstrip("\n")
            if l and not l.startswith("# "):
                lines.append(l)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "hotpy-compiler",
                    "--example", "syntax_errors"], cwd=CRATE, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(CRATE, "../../target"))
    exe = os.path.join(target, "release/examples/syntax_errors")
    got = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=True).stdout.splitlines()
    passed, failed, keep = 0, 0, []
    for line, mine in zip(lines, got):
        want = cpython(unescape(line))
        if want is None or want == "OK":
            continue
        if mine == want:
            passed += 1
            keep.append(want + "\t" + line)
        else:
            failed += 1
            print("DIFF %s\n  want %s\n  got  %s" % (line, want, mine))
    print("%d agree, %d differ" % (passed, failed))
    if write:
        with open(os.path.join(CRATE, "tests/errors/cases.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(keep) + "\n")


if __name__ == "__main__":
    main()
