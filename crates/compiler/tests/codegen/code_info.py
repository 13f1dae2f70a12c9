"""Print, for each file named on stdin (one path a line), what CPython 3.11 compiles it to: one line
per code object (the module and every nested one), as

    FILE\tQUALNAME\tNAME\tFIRSTLINE\tARGC/POSONLY/KWONLY\tFLAGS\tVARNAMES\tCELLVARS\tFREEVARS

FLAGS keeps OPTIMIZED|NEWLOCALS|VARARGS|VARKEYWORDS|NESTED|GENERATOR; CELLVARS is sorted (hotpy
orders cells by name, CPython puts argument cells first). Files CPython cannot compile are skipped.

With --positions, the last field lists the source positions of the instructions both compilers
emit alike (BINARY_OP, COMPARE_OP, BINARY_SUBSCR, STORE_SUBSCR, LOAD_ATTR, STORE_ATTR, and the
calls), as a sorted set: CPython repeats a `while` test at the loop's end, and turns `'%s' % x` into
an f-string (so `%` is left out).
"""
import dis
import sys

POSITIONED = {"BINARY_OP", "COMPARE_OP", "BINARY_SUBSCR", "STORE_SUBSCR", "LOAD_ATTR",
              "STORE_ATTR", "LOAD_METHOD", "CALL", "CALL_FUNCTION_EX"}
WITH_POSITIONS = "--positions" in sys.argv


def positions(code):
    out = []
    for ins in dis.get_instructions(code):
        if ins.opname in POSITIONED and not (ins.opname == "BINARY_OP" and ins.arg == 6):
            p = ins.positions
            name = "CALL" if ins.opname.startswith("CALL") else ins.opname
            name = "LOAD_ATTR" if name == "LOAD_METHOD" else name
            out.append(f"{name}@{p.lineno}:{p.col_offset}-{p.end_lineno}:{p.end_col_offset}")
    return " ".join(sorted(set(out)))

MASK = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20


def walk(path, code, out):
    out.append("\t".join([
        path, code.co_qualname, code.co_name, str(code.co_firstlineno),
        f"{code.co_argcount}/{code.co_posonlyargcount}/{code.co_kwonlyargcount}",
        str(code.co_flags & MASK), ",".join(code.co_varnames),
        ",".join(sorted(code.co_cellvars)), ",".join(code.co_freevars),
    ] + ([positions(code)] if WITH_POSITIONS else [])))
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            walk(path, c, out)


for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        code = compile(open(path, "rb").read(), path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        continue
    out = []
    walk(path, code, out)
    print("\n".join(out))
