//! Instruction positions compared with CPython's (when python3 is installed): for the instructions
//! both compilers emit alike (binary operators, comparisons, subscripts, attribute access, calls),
//! the set of source ranges (line, column, end line, end column) per code object, over a sample of
//! the standard library. Tracebacks point with these.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use hotpy_compiler::bytecode::{Code, Opcode};
use hotpy_compiler::compile_module;

const SAMPLE: &[&str] = &[
    "argparse.py",
    "ast.py",
    "base64.py",
    "bisect.py",
    "calendar.py",
    "codecs.py",
    "colorsys.py",
    "copy.py",
    "csv.py",
    "difflib.py",
    "enum.py",
    "fnmatch.py",
    "fractions.py",
    "functools.py",
    "genericpath.py",
    "gettext.py",
    "heapq.py",
    "inspect.py",
    "ipaddress.py",
    "json/decoder.py",
    "json/encoder.py",
    "locale.py",
    "ntpath.py",
    "operator.py",
    "optparse.py",
    "os.py",
    "pathlib.py",
    "pickle.py",
    "posixpath.py",
    "pprint.py",
    "random.py",
    "re/_parser.py",
    "shlex.py",
    "shutil.py",
    "statistics.py",
    "string.py",
    "subprocess.py",
    "tarfile.py",
    "textwrap.py",
    "threading.py",
    "tokenize.py",
    "typing.py",
    "uuid.py",
    "warnings.py",
    "weakref.py",
    "zipfile.py",
];

fn stdlib_dir() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    dir.is_dir().then_some(dir)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "site-packages") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn positions(code: &Code) -> String {
    let mut out = std::collections::BTreeSet::new();
    for d in code.decode() {
        let name = match d.op {
            Opcode::BinaryOp if d.arg == 6 => continue,
            Opcode::BinaryOp => "BINARY_OP",
            Opcode::CompareOp => "COMPARE_OP",
            Opcode::BinarySubscr => "BINARY_SUBSCR",
            Opcode::StoreSubscr => "STORE_SUBSCR",
            Opcode::LoadAttr | Opcode::LoadMethod => "LOAD_ATTR",
            Opcode::StoreAttr => "STORE_ATTR",
            Opcode::Call | Opcode::CallKw | Opcode::CallFunctionEx => "CALL",
            _ => continue,
        };
        let p = code.location(d.op_offset).unwrap_or_default();
        out.insert(format!(
            "{name}@{}:{}-{}:{}",
            p.line, p.col, p.end_line, p.end_col
        ));
    }
    out.into_iter().collect::<Vec<_>>().join(" ")
}

fn walk(path: &str, code: &Arc<Code>, out: &mut BTreeMap<String, String>) {
    let key = format!("{path}\t{}\t{}", code.qualname(), code.first_line());
    out.insert(key, positions(code));
    for nested in code.nested_code() {
        walk(path, nested, out);
    }
}

#[test]
fn positions_match_cpython() {
    let Some(dir) = stdlib_dir() else {
        eprintln!("python3's standard library not found: skipped");
        return;
    };
    let mut ours = BTreeMap::new();
    let mut names = Vec::new();
    // HOTPY_POSITIONS_ALL=1 checks every file of the standard library hotpy compiles.
    let mut paths: Vec<PathBuf> = SAMPLE.iter().map(|rel| dir.join(rel)).collect();
    if std::env::var_os("HOTPY_POSITIONS_ALL").is_some() {
        paths.clear();
        collect(&dir, &mut paths);
    }
    for path in paths {
        let name = path.display().to_string();
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(code) = compile_module(&source, &name) else {
            continue;
        };
        walk(&name, &code, &mut ours);
        names.push(name);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/codegen/code_info.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg("--positions")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let input = names.join("\n") + "\n";
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let key = format!("{}\t{}\t{}", fields[0], fields[1], fields[3]);
        let theirs = fields.last().copied().unwrap_or("");
        checked += 1;
        match ours.get(&key) {
            Some(mine) if mine == theirs => {}
            Some(mine) => {
                let a: Vec<&str> = mine.split(' ').collect();
                let b: Vec<&str> = theirs.split(' ').collect();
                let only_ours: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
                let only_theirs: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
                mismatches.push(format!(
                    "{key}: only hotpy {only_ours:?}, only cpython {only_theirs:?}"
                ));
            }
            None => mismatches.push(format!("{key}: missing")),
        }
    }
    println!("{checked} code objects, {} mismatches", mismatches.len());
    let shown: Vec<_> = mismatches.iter().take(30).cloned().collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        shown.join("\n")
    );
}
