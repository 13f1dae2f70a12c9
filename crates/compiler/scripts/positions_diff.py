#!/usr/bin/env python3
"""Compare node positions with CPython: for each FILE (default: this python3's standard
library), `ast_positions FILE` must print ast.dump(ast.parse(source), include_attributes=True).
Prints the first difference per failing file and a summary. Builds the example first."""
import ast
import os
import subprocess
import sys
import sysconfig
import warnings

CRATE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
            for name in sorted(names):
                if name.endswith(".py"):
                    yield os.path.join(root, name)


def main():
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "hotpy-compiler", "--example",
                    "ast_positions"], cwd=CRATE, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(CRATE, "../../target"))
    exe = os.path.join(target, "release/examples/ast_positions")
    passed = failed = 0
    for path in files(sys.argv[1:] or [sysconfig.get_paths()["stdlib"]]):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = ast.dump(ast.parse(open(path, "rb").read()), include_attributes=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        got = subprocess.run([exe, path], capture_output=True, text=True).stdout.rstrip("\n")
        if got == want:
            passed += 1
            continue
        failed += 1
        at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        print("FAIL %s\n  got  ...%s\n  want ...%s" % (path, got[max(0, at - 150):at + 60],
                                                      want[max(0, at - 150):at + 60]))
    print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main()
