# Two interpreters doing CPU-bound work: one after the other, then on two threads at once.
# Each interpreter is a separate hotpy VM, so the threads run truly in parallel (no shared
# lock). Run: cargo run --release -- examples/interpreters/parallel.py
import time
from concurrent import interpreters

WORK = """
total = 0
for i in range(N):
    total += i * i % 7
"""

def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start

a, b = interpreters.create(), interpreters.create()
for interp in (a, b):
    interp.prepare_main(N=3_000_000)

def sequential():
    a.exec(WORK)
    b.exec(WORK)

def parallel():
    threads = [a.exec_in_thread(WORK), b.exec_in_thread(WORK)]
    for t in threads:
        t.join()

seq = min(timed(sequential) for _ in range(3))
par = min(timed(parallel) for _ in range(3))
print(f"sequential {seq:.3f} s, parallel {par:.3f} s, ratio {par / seq:.2f}")
