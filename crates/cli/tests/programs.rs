//! Python test programs with CPython's output: `tests/programs/NAME.py` is run by `hotpy` and its
//! standard output and exit status compared with `NAME.out` (and `NAME.status` when CPython
//! exits non-zero). `HOTPY_BLESS=1 cargo test -p hotpy-cli --test programs` regenerates the
//! expected files with `python3`. Programs whose first line is `# gc-stress` run a second time
//! with the collector in stress mode (a collection at every safe point) and must print the same.
//! CPython runs with `PYTHONHASHSEED=0`, the str hashes hotpy always uses, so programs may print
//! sets of strs (their order follows the hashes).

use std::path::{Path, PathBuf};
use std::process::Command;

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("programs dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v
}

fn expected(path: &Path) -> (String, i32) {
    let out = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
    let status = std::fs::read_to_string(path.with_extension("status"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    (out, status)
}

fn bless(path: &Path) {
    let out = Command::new("python3")
        .env("PYTHONHASHSEED", "0")
        .arg(path)
        .current_dir(path.parent().unwrap())
        .output()
        .expect("python3");
    std::fs::write(path.with_extension("out"), &out.stdout).unwrap();
    let status = out.status.code().unwrap_or(1);
    let sp = path.with_extension("status");
    if status != 0 {
        std::fs::write(sp, format!("{status}\n")).unwrap();
    } else {
        let _ = std::fs::remove_file(sp);
    }
}

fn run(path: &Path, stress: bool) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hotpy"));
    cmd.arg(path).current_dir(path.parent().unwrap());
    if stress {
        cmd.env("HOTPY_GC_STRESS", "1");
    }
    let out = cmd.output().expect("run hotpy");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn programs_match_cpython() {
    let blessing = std::env::var_os("HOTPY_BLESS").is_some();
    let mut failures = Vec::new();
    let all = programs();
    assert!(!all.is_empty());
    for path in &all {
        if blessing {
            bless(path);
        }
        let (want_out, want_status) = expected(path);
        let stress = std::fs::read_to_string(path)
            .unwrap_or_default()
            .starts_with("# gc-stress");
        for mode in [false, true] {
            if mode && !stress {
                continue;
            }
            let (out, status) = run(path, mode);
            if out != want_out || status != want_status {
                failures.push(format!(
                    "{}{}: status {status} (want {want_status})\n--- got ---\n{out}--- want ---\n{want_out}",
                    path.display(),
                    if mode { " [gc stress]" } else { "" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
