#!/usr/bin/env python3
"""Invalid programs for the syntax-error tests, made from 1-5 line windows of this python3's
standard library by deleting one token, or repeating one token at its place or elsewhere; only
sources CPython rejects are kept. Usage:
  mutate_tokens.py SEED COUNT > tests/errors/stdlib_token_mutations.txt"""
import os, random, sys, ast, warnings, io, tokenize, textwrap, sysconfig
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
    s=textwrap.dedent('\n'.join(lines[a:a+random.randrange(1,6)]))+'\n'
    try:
        toks=[t for t in tokenize.generate_tokens(io.StringIO(s).readline) if t.type not in (tokenize.ENDMARKER,)]
    except Exception: continue
    toks=[t for t in toks if t.string.strip()]
    if len(toks)<2: continue
    # byte offsets per line
    starts=[0]
    for l in s.split('\n'): starts.append(starts[-1]+len(l)+1)
    def off(pos): return starts[pos[0]-1]+pos[1]
    t=random.choice(toks); u=random.choice(toks)
    op=random.randrange(3)
    a0,a1=off(t.start),off(t.end)
    if op==0: s2=s[:a0]+s[a1:]
    elif op==1: s2=s[:a0]+t.string+' '+s[a0:]
    else:
        b0=off(u.start)
        s2=s[:b0]+t.string+' '+s[b0:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            compile(s2,'x','exec',ast.PyCF_ONLY_AST)
        continue
    except SyntaxError: pass
    except Exception: continue
    out.append(s2.replace('\\','\\\\').replace('\n','\\n').replace('\t','\\t').replace('\r','\\r'))
print('\n'.join(out))
