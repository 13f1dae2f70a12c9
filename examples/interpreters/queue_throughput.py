# Messages per second through a cross-interpreter queue: one interpreter puts, another gets,
# each on its own thread. Run: cargo run --release -- examples/interpreters/queue_throughput.py
import time
from concurrent import interpreters

N = 200_000
items = interpreters.create_queue(maxsize=1000)
producer, consumer = interpreters.create(), interpreters.create()
producer.prepare_main(q=items, N=N)
consumer.prepare_main(q=items, N=N)

start = time.perf_counter()
got = consumer.exec_in_thread("for _ in range(N):\n    q.get()")
put = producer.exec_in_thread("for i in range(N):\n    q.put((i, 'payload'))")
put.join()
got.join()
elapsed = time.perf_counter() - start
print(f"{N} messages in {elapsed:.3f} s: {N / elapsed:,.0f} messages/s")
