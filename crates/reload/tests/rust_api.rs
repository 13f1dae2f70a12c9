//! The reload layer's Rust face: reload by name, events to subscribers, several generations
//! kept for rollback, and the cascade order.

mod common;

use common::Py;
use hotpy_reload::ReloadEvent;
use rstest::rstest;
use std::sync::{Arc, Mutex};

fn module(v: i32, extra: &str) -> String {
    format!("X = {v}\ndef f():\n    return {v}\nclass C:\n    def m(self):\n        return {v}\n{extra}")
}

#[rstest]
fn events_name_what_changed(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let seen: Arc<Mutex<Vec<ReloadEvent>>> = Arc::default();
    let sink = seen.clone();
    hotpy_reload::subscribe(
        &mut py.vm,
        Arc::new(move |e: &ReloadEvent| sink.lock().unwrap().push(e.clone())),
    );
    py.write("m.py", &module(1, "GONE = 1\nSAME = 'same'\n"));
    py.ok("import m\n");
    py.write("m.py", &module(2, "NEW = 1\nSAME = 'same'\n"));
    let events = hotpy_reload::reload(&mut py.vm, "m", false).expect("reload");
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.module.as_str(), e.old_generation, e.new_generation),
        ("m", 1, 2)
    );
    assert!(e.error.is_none());
    assert_eq!(e.added, ["NEW"]);
    let removed: &[&str] = if policy == "reexec" { &[] } else { &["GONE"] };
    assert_eq!(e.removed, removed);
    for n in ["X", "f", "C"] {
        assert!(
            e.changed.iter().any(|c| c == n),
            "{n} changed: {:?}",
            e.changed
        );
    }
    assert!(
        !e.changed.iter().any(|c| c == "SAME" || c == "NEW"),
        "a constant spelled the same is not a change: {:?}",
        e.changed
    );
    py.write("m.py", "X = (\n");
    let err = hotpy_reload::reload(&mut py.vm, "m", false).expect_err("syntax error");
    assert_eq!(err.module, "m");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "one event per attempt");
    assert_eq!((seen[1].old_generation, seen[1].new_generation), (2, 2));
    assert!(
        seen[1]
            .error
            .as_deref()
            .unwrap_or("")
            .starts_with("SyntaxError"),
        "{:?}",
        seen[1].error
    );
    assert_eq!(py.ok("print(m.X, m.f())\n"), "2 2\n");
}

/// Consecutive reloads compare with the generation before each (whose fingerprints the last
/// commit kept), and a rollback makes the older generation the one compared with.
#[rstest]
fn changed_follows_the_live_generation(#[values("reexec", "fresh", "upgrade")] policy: &str) {
    let mut py = Py::new(policy);
    let changed = |py: &mut Py| -> Vec<String> {
        let events = hotpy_reload::reload(&mut py.vm, "m", false).expect("reload");
        let mut c = events[0].changed.clone();
        c.sort();
        c
    };
    py.write("m.py", &module(1, ""));
    py.ok("import m\n");
    py.write("m.py", &module(2, ""));
    assert_eq!(changed(&mut py), ["C", "X", "f"]);
    // The same source again: nothing it defines changed.
    assert!(changed(&mut py).is_empty());
    // Back to generation 2 (the live one had the same code); then generation 1's code.
    hotpy_reload::rollback(&mut py.vm, "m").expect("rollback");
    hotpy_reload::rollback(&mut py.vm, "m").expect_err("one generation kept");
    py.write("m.py", &module(1, ""));
    assert_eq!(changed(&mut py), ["C", "X", "f"]);
    // Roll that back: generation 2's code is live again, and reloading it changes nothing.
    hotpy_reload::rollback(&mut py.vm, "m").expect("rollback");
    py.write("m.py", &module(2, ""));
    assert!(changed(&mut py).is_empty());
    // A failed reload in between does not disturb the comparison.
    py.write("m.py", "X = (\n");
    hotpy_reload::reload(&mut py.vm, "m", false).expect_err("syntax error");
    py.write("m.py", &module(3, ""));
    assert_eq!(changed(&mut py), ["C", "X", "f"]);
}

#[rstest]
fn several_generations_kept(
    #[values("reexec", "fresh", "upgrade")] policy: &str,
    #[values(false, true)] stress: bool,
) {
    let mut py = Py::with_stress(policy, stress);
    hotpy_reload::set_generations_kept(&mut py.vm, 3);
    py.write("m.py", &module(1, ""));
    py.ok("import m, hotreload\nc = m.C()\nf0 = m.f\n");
    for v in 2..=4 {
        py.write("m.py", &module(v, ""));
        hotpy_reload::reload(&mut py.vm, "m", false).expect("reload");
    }
    assert_eq!(
        py.ok("print(hotreload.stats()['generations_kept'])\n"),
        "3\n"
    );
    let check = "print(m.X, m.f(), m.C().m(), f0(), c.m(), hotreload.generation(m))\n";
    let upgrade = policy == "upgrade";
    for v in (1..=4).rev() {
        let old = if upgrade { v } else { 1 };
        assert_eq!(py.ok(check), format!("{v} {v} {v} {old} {old} {v}\n"));
        if v > 1 {
            assert_eq!(
                hotpy_reload::rollback(&mut py.vm, "m").expect("rollback"),
                v as u64 - 1
            );
        }
    }
    assert!(hotpy_reload::rollback(&mut py.vm, "m").is_err());
    let statuses = py.ok("print([(h['generation'], h['status']) for h in hotreload.history(m)])\n");
    assert_eq!(
        statuses,
        "[(1, 'live'), (2, 'rolled back'), (3, 'rolled back'), (4, 'rolled back')]\n"
    );
}

#[test]
fn cascade_order_is_dependency_order() {
    let mut py = Py::new("reexec");
    // top -> mid -> low; side -> low; a cycle low <-> helper.
    py.write("low.py", "import helper\n");
    py.write("helper.py", "import low\n");
    py.write("mid.py", "import low\n");
    py.write("top.py", "import mid\n");
    py.write("side.py", "import low\n");
    py.ok("import top, side\n");
    let order = hotpy_reload::cascade_order(&mut py.vm, "low");
    assert_eq!(
        order[0], "low",
        "the reloaded module comes first: {order:?}"
    );
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, ["helper", "low", "mid", "side", "top"]);
    let pos = |m: &str| order.iter().position(|x| x == m).unwrap();
    assert!(pos("mid") < pos("top"), "{order:?}");
    assert_eq!(
        hotpy_reload::dependents(&mut py.vm, "low"),
        ["__main__", "helper", "mid", "side", "top"]
    );
}
