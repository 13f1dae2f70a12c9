#!/usr/bin/env python3
"""Invalid programs for the syntax-error tests, made from 2-7 line windows of this python3's
standard library by changing one line's indentation or inserting a block keyword line; only
sources CPython rejects are kept. Usage:
  mutate_indentation.py SEED COUNT > tests/errors/stdlib_indent_mutations.txt"""
import os, random, sys, ast, warnings, textwrap, sysconfig
random.seed(int(sys.argv[1]))
L=sysconfig.get_paths()['stdlib']
files=[]
for root,dirs,fs in os.walk(L):
    if 'site-packages' in root or '/test' in root: continue
    files += [os.path.join(root,f) for f in sorted(fs) if f.endswith('.py')]
files.sort()
out=[]
n=int(sys.argv[2])
while len(out)<n:
    f=random.choice(files)
    try: s=open(f,encoding='utf-8').read()
    except Exception: continue
    lines=s.split('\n')
    a=random.randrange(len(lines))
    w=textwrap.dedent('\n'.join(lines[a:a+random.randrange(2,8)])).split('\n')
    k=random.randrange(len(w))
    op=random.randrange(4)
    if op==0: w[k]=' '*random.choice([1,2,4,8])+w[k]
    elif op==1: w[k]=w[k].lstrip()
    elif op==2: w[k]=w[k][min(len(w[k])-len(w[k].lstrip()), random.choice([1,2])):]
    else: w.insert(k, random.choice(['else:','try:','if x:','pass','    pass','except:','finally:','elif y:','def f():','class C:']))
    s2='\n'.join(w)+'\n'
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(s2,'x','exec',ast.PyCF_ONLY_AST)
        continue
    except SyntaxError: pass
    except Exception: continue
    out.append(s2.replace('\\','\\\\').replace('\n','\\n').replace('\t','\\t').replace('\r','\\r'))
print('\n'.join(out))
