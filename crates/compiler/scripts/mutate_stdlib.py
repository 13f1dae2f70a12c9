#!/usr/bin/env python3
"""Invalid programs for the syntax-error tests, made by mutating 1-3 line windows of this
python3's standard library (one inserted token or a few deleted characters each); only sources
CPython rejects are kept. Usage: mutate_stdlib.py SEED COUNT > tests/errors/stdlib_mutations.txt
(one source per line, escaped as error_diff.py reads them)."""
import os, random, sys, ast, warnings
random.seed(int(sys.argv[1]))
import sysconfig
L=sysconfig.get_paths()['stdlib']
files=[]
for root,dirs,fs in os.walk(L):
    if 'site-packages' in root or '/test' in root: continue
    files += [os.path.join(root,f) for f in sorted(fs) if f.endswith('.py')]
files.sort()
pieces=['(',')','[',']','{','}',':',',','=','*','**','if ','else','lambda','"',"'",'yield','await ','.','not ',':=','@','in ','for ','import ','def ','return ','1','x','->','+=']
out=[]
n=int(sys.argv[2])
while len(out)<n:
    f=random.choice(files)
    try: s=open(f,encoding='utf-8').read()
    except Exception: continue
    lines=[l for l in s.split('\n')]
    a=random.randrange(len(lines)); 
    w=lines[a:a+random.randrange(1,4)]
    # dedent
    import textwrap
    s=textwrap.dedent('\n'.join(w))
    if not s.strip(): continue
    k=random.randrange(len(s)+1); op=random.randrange(2)
    if op==0: s=s[:k]+random.choice(pieces)+s[k:]
    else: s=s[:k]+s[k+random.randrange(1,4):]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(s,'x','exec',ast.PyCF_ONLY_AST)
        continue
    except SyntaxError: pass
    except Exception: continue
    out.append(s.replace('\\','\\\\').replace('\n','\\n').replace('\t','\\t').replace('\r','\\r'))
print('\n'.join(out))
