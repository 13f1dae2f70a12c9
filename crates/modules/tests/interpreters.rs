//! `concurrent.interpreters`: interpreters as separate VMs, values copied between them,
//! exceptions crossing `exec`/`call`, queues between threads, and limits in a child. Each
//! scenario runs twice, the second time with GC stress in the main interpreter (every safe point
//! collects), so the natives' rooting is checked too. Children send results back through `call`, queues or `ExecutionFailed`; only the
//! main interpreter's output is captured.

mod common;

use hotpy_modules::interpreters::queue::{channel, queue_object, queue_of, QueueCore};
use hotpy_modules::shareable::Shareable;
use hotpy_modules::spawn::default_spawn;
use hotpy_modules::{install, Config, Importer, Spawner};
use hotpy_vm::Vm;
use rstest::rstest;
use std::sync::Arc;
use std::time::Duration;

/// Run `main` in a fresh main interpreter (with GC stress when `stress`: every safe point
/// collects); its output, with an uncaught exception's last line.
fn run_in(mut vm: Vm, main: &str, stress: bool) -> String {
    vm.set_gc_stress(stress);
    common::run_main(&mut vm, main)
}

fn installed() -> Vm {
    let mut vm = Vm::default();
    install(&mut vm, Importer::new(), &Config::default()).expect("install");
    vm
}

fn run(main: &str, stress: bool) -> String {
    run_in(installed(), main, stress)
}

#[rstest]
#[case::ids_and_lifecycle(
    "from concurrent import interpreters as I
import interpreters
print(interpreters.create is I.create)
m = I.get_main()
print(m.id, m is I.get_current(), m.is_running(), m.whence)
a = I.create(); b = I.create()
print(a.id, b.id, [i.id for i in I.list_all()], a.is_running(), I.Interpreter(a.id) is a)
a.close()
print([i.id for i in I.list_all()])
try:
    a.exec('1')
except I.InterpreterNotFoundError as e:
    print('gone:', e)
try:
    m.close()
except I.InterpreterError as e:
    print('main:', e)
",
    "True\n0 True True runtime init\n1 2 [0, 1, 2] False True\n[0, 2]\ngone: unrecognized interpreter ID 1\nmain: cannot close a running interpreter\n"
)]
#[case::exception_crosses_exec(
    "from concurrent import interpreters as I
i = I.create()
class Boom(Exception): pass
try:
    i.exec('class Boom(Exception): pass\\nraise Boom(\"bad\", 2)')
except I.ExecutionFailed as e:
    print(type(e).__name__, isinstance(e, I.InterpreterError))
    print(e.excinfo.type.__name__, e.excinfo.type.__module__, repr(e.excinfo.msg))
    print(e.excinfo.formatted)
    lines = str(e).splitlines()
    print(lines[0], '|', lines[2], '|', lines[-1])
try:
    i.exec('x = (')
except I.ExecutionFailed as e:
    print(e.excinfo.type.__name__)
i.exec('y = 1')
print(i.call(eval, 'y') if False else 'still usable')
",
    "ExecutionFailed True\nBoom __main__ \"('bad', 2)\"\nBoom: ('bad', 2)\nBoom: ('bad', 2) | Uncaught in the interpreter: | Boom: ('bad', 2)\nSyntaxError\nstill usable\n"
)]
#[case::not_shareable_refused(
    "from concurrent import interpreters as I
i = I.create()
class C: pass
def outer():
    z = 1
    def inner(): return z
    return inner
for bad in ([1], {'a': 1}, C(), {1}, (1, [2]), outer()):
    try:
        i.prepare_main(v=bad)
    except TypeError as e:
        print(type(e).__name__, e)
print(I.is_shareable((1, 'a', b'b', 2.5, None, True, 10**40, ((),))), I.is_shareable([]))
try:
    i.call(len, [1])
except TypeError as e:
    print(e)
print(i.call(len, (1, 2)), i.call(max, 3, 9, 4))
",
    "NotShareableError object of type 'list' cannot be shared between interpreters
NotShareableError object of type 'dict' cannot be shared between interpreters
NotShareableError object of type 'C' cannot be shared between interpreters
NotShareableError object of type 'set' cannot be shared between interpreters
NotShareableError object of type 'list' cannot be shared between interpreters
NotShareableError function 'outer.<locals>.inner' cannot be shared between interpreters: it has free variables
True False
object of type 'list' cannot be shared between interpreters
2 9
"
)]
#[case::call_and_prepare_main(
    "from concurrent import interpreters as I
i = I.create()
i.prepare_main({'base': 100}, scale=(2, 3.5))
def f(x, y=1, *, z=0):
    return (base + x * y + z, scale, __name__)
print(i.call(f, 2))
print(i.call(f, 2, 5, z=7))
big = 7 ** 50
print(i.call(f, 0)[0], i.call(pow, 2) if False else '', i.call(lambda n: n * 2, big) == big * 2)
x = 'main value'
i.exec('x = \"child value\"')
print(x, i.call(lambda: x))
try:
    i.call(lambda: [1, 2])
except I.ExecutionFailed as e:
    print(e.excinfo.type.__name__)
",
    "(102, (2, 3.5), '__main__')\n(117, (2, 3.5), '__main__')\n100  True\nmain value child value\nNotShareableError\n"
)]
#[case::queue_between_threads(
    "from concurrent import interpreters as I
work = I.create_queue()
results = I.create_queue()
producer = I.create(); consumer = I.create()
producer.prepare_main(q=work)
consumer.prepare_main(q=work, out=results)
c = consumer.exec_in_thread('''
total = 0
while True:
    item = q.get(timeout=10)
    if item is None:
        break
    total += item[1]
out.put(total)
''')
p = producer.exec_in_thread('''
for i in range(2000):
    q.put(('n', i))
q.put(None)
''')
p.join(); c.join()
print(results.get(timeout=10), sum(range(2000)), p.is_alive(), c.is_alive())
print(work.empty(), results.qsize())
",
    "1999000 1999000 False False\nTrue 0\n"
)]
#[case::queue_limits(
    "from concurrent import interpreters as I
q = I.create_queue(maxsize=2)
q.put(1); q.put_nowait((2, 'two'))
print(q.full(), q.qsize(), q.maxsize)
try:
    q.put_nowait(3)
except I.QueueFull as e:
    print('full:', e)
try:
    q.put(3, timeout=0.01)
except I.QueueFull:
    print('still full')
print(q.get(), q.get_nowait(), q.empty())
try:
    q.get(timeout=0.01)
except I.QueueEmpty as e:
    print('empty:', e)
same = I.Queue(q.id)
q.put('via other object')
print(same == q, same.get())
",
    "True 2 2\nfull: queue is full\nstill full\n1 (2, 'two') True\nempty: queue is empty\nTrue via other object\n"
)]
#[case::threads_and_running_state(
    "from concurrent import interpreters as I
i = I.create()
gate = I.create_queue(); done = I.create_queue()
i.prepare_main(gate=gate, done=done)
t = i.exec_in_thread('gate.get(timeout=10)\\ndone.put(\"finished\")')
print(i.is_running(), t.is_alive())
for attempt in (lambda: i.exec('1'), i.close):
    try:
        attempt()
    except I.InterpreterError as e:
        print('refused:', e)
gate.put(None)
t.join()
print(done.get(timeout=10), i.is_running(), t.is_alive())
def work(q, n, *, scale=1):
    q.put(sum(range(n)) * scale)
t = i.call_in_thread(work, done, 100, scale=2)
t.join()
print('call_in_thread:', done.get(timeout=10))
bad = i.exec_in_thread('1 / 0')
try:
    bad.join()
except I.ExecutionFailed as e:
    print('thread:', e.excinfo.formatted)
",
    "True True\nrefused: interpreter already running\nrefused: interpreter already running\nfinished False False\ncall_in_thread: 9900\nthread: ZeroDivisionError: division by zero\n"
)]
#[case::children_are_isolated_and_nest(
    "from concurrent import interpreters as I
import sys
i = I.create()
sys.marker = 'main'
i.exec('import sys\\nsys.marker = \"child\"\\nimport math\\nmath.pi = 3')
import math
print(sys.marker, math.pi > 3.1)
def nested():
    from concurrent import interpreters as J
    q = J.create_queue()
    g = J.create()
    g.prepare_main(q=q)
    g.exec('from concurrent import interpreters as K\\nq.put(K.get_current().id)')
    ids = tuple(x.id for x in J.list_all())
    g.close()
    return (J.get_current().id, q.get(), ids)
print(i.call(nested))
print([x.id for x in I.list_all()])
",
    "main True\n(1, 2, (0, 1, 2))\n[0, 1]\n"
)]
fn interpreters_scenario(#[case] main: &str, #[case] expected: &str) {
    assert_eq!(run(main, false), expected);
    // The natives' rooting: the same program with a collection at every safe point (the
    // thread-heavy cases spend their time waiting, so stress costs little there too).
    assert_eq!(run(main, true), expected);
}

#[test]
fn a_child_runs_out_of_its_instruction_budget() {
    let mut vm = installed();
    vm.set_extension(Spawner(Arc::new(|| {
        let mut child = default_spawn()?;
        child.set_budget(Some(100_000));
        Ok(child)
    })));
    let out = run_in(
        vm,
        "from concurrent import interpreters as I
i = I.create()
try:
    i.exec('while True: pass')
except I.ExecutionFailed as e:
    print(e.excinfo.type.__name__, e.excinfo.msg)
n = 0
for k in range(1000):
    n += 1
print('main goes on', n)
",
        true,
    );
    assert_eq!(
        out,
        "ResourceLimitError instruction budget exhausted\nmain goes on 1000\n"
    );
}

/// Run `code` in a new VM's `__main__` with `names` bound first; the error's text if it raised.
fn run_with_globals(code: &str, names: &[(&str, &Arc<QueueCore>)]) -> Result<(), String> {
    let mut vm = installed();
    let globals = vm.new_main_globals(None).expect("globals");
    hotpy_modules::register_main(&mut vm, globals).expect("main");
    for (name, core) in names {
        let q = queue_object(&mut vm, core).expect("a Queue object");
        vm.dict_set_str(globals, name, q).expect("bound");
    }
    let code = hotpy_compiler::compile_module(code, "<worker>").expect("compiles");
    vm.run_code(code, globals)
        .map(drop)
        .map_err(|e| vm.format_exception(&e))
}

/// An embedder's channels: Rust sends work to two independent VMs on two threads (not one
/// family), each sums what it gets and sends the total back.
#[test]
fn channels_between_rust_and_vms_on_threads() {
    let jobs = channel(16);
    let results = channel(0);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (jobs, results) = (jobs.clone(), results.clone());
            std::thread::spawn(move || {
                run_with_globals(
                    "total = 0\nwhile True:\n    item = jobs.get(timeout=10)\n    if item is None:\n        break\n    total += item[0] * len(item[1])\nresults.put(('done', total))\n",
                    &[("jobs", &jobs), ("results", &results)],
                )
            })
        })
        .collect();
    for i in 0..1000 {
        let item = Shareable::Tuple(vec![Shareable::Int(i), Shareable::Str("ab".into())].into());
        jobs.send(item, None).expect("room eventually");
    }
    for _ in 0..2 {
        jobs.send(Shareable::None, None).expect("room eventually");
    }
    for w in workers {
        assert_eq!(w.join().expect("no panic"), Ok(()));
    }
    let mut total = 0;
    for _ in 0..2 {
        match results.recv(Some(Duration::from_secs(10))) {
            Some(Shareable::Tuple(t)) => match &t[..] {
                [Shareable::Str(s), Shareable::Int(n)] if &**s == "done" => total += n,
                other => panic!("unexpected result {other:?}"),
            },
            other => panic!("unexpected result {other:?}"),
        }
    }
    assert_eq!(total, 2 * (0..1000).sum::<i64>());
    assert!(results.recv(Some(Duration::ZERO)).is_none());
}

/// A full channel gives the item back when the wait runs out; a `Queue` object taken out of a
/// VM is the same channel.
#[test]
fn channel_limits_and_identity() {
    let q = channel(1);
    assert!(q.send(Shareable::Int(1), Some(Duration::ZERO)).is_ok());
    match q.send(Shareable::Int(2), Some(Duration::from_millis(5))) {
        Err(Shareable::Int(2)) => {}
        other => panic!("expected the item back, got {other:?}"),
    }
    let mut vm = installed();
    let obj = queue_object(&mut vm, &q).expect("Queue");
    let back = queue_of(&mut vm, obj).expect("no error").expect("a queue");
    assert!(Arc::ptr_eq(&back, &q));
    assert!(queue_of(&mut vm, hotpy_vm::Value::Int(3))
        .expect("no error")
        .is_none());
    assert_eq!(q.len(), 1);
}

/// An interrupt from another thread ends a `get` that would wait forever, and the VM runs again
/// afterwards.
#[test]
fn an_interrupt_ends_a_blocked_get() {
    let q = channel(0);
    let mut vm = installed();
    let globals = vm.new_main_globals(None).expect("globals");
    let obj = queue_object(&mut vm, &q).expect("Queue");
    vm.dict_set_str(globals, "q", obj).expect("bound");
    let handle = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let code = hotpy_compiler::compile_module(
        "try:\n    q.get()\nexcept BaseException:\n    pass\n",
        "<m>",
    )
    .expect("compiles");
    let err = vm.run_code(code, globals).expect_err("interrupted");
    assert_eq!(
        err,
        hotpy_vm::VmError::Limit(hotpy_vm::error::Limit::Interrupted)
    );
    stopper.join().expect("no panic");
    let code = hotpy_compiler::compile_module("x = 41 + 1\n", "<m>").expect("compiles");
    vm.run_code(code, globals).expect("runs again");
    assert_eq!(
        vm.dict_get_str(globals, "x").expect("read"),
        Some(hotpy_vm::Value::Int(42))
    );
}

/// A program that runs itself in a new interpreter, forever: the chain stops at
/// `MAX_NESTING` with a RecursionError that reaches the top as `ExecutionFailed`, carrying
/// bounded text (each level wraps its child's message), and everything is still usable.
#[test]
fn runaway_nesting_of_interpreters_stops() {
    // On a thread with room for 64 nested VMs (a debug build's frames are large), so that the
    // nesting limit, not the stack check, is what stops the chain.
    let program = "from concurrent import interpreters as I
src = 'from concurrent import interpreters as J\\ni = J.create()\\ni.prepare_main(src=src)\\ni.exec(src)\\n'
i = I.create()
i.prepare_main(src=src)
try:
    i.exec(src)
except I.ExecutionFailed as e:
    print(e.excinfo.type.__name__, len(str(e)) < 20000, 'nesting depth' in str(e))
print(I.create().call(len, 'ok'))
";
    let out = std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(move || run(program, false))
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(out, "ExecutionFailed True True\n2\n");
}
