//! Parsing throughput (tokens → AST in an arena) over CPython's standard library when `python3`
//! is on the machine, otherwise over a generated corpus of about 6 MB. A second benchmark adds
//! the `ast.dump` text, what `hotpy ast` does.

use std::path::{Path, PathBuf};
use std::process::Command;

use bumpalo::Bump;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hotpy_compiler::{dump::dump_module, parse_module};

/// The standard library directory of the `python3` on PATH, if any.
fn stdlib() -> Option<PathBuf> {
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

/// Every decodable `.py` file under `dir` (site-packages left out), in a stable order.
fn sources_under(dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "site-packages") {
                sources_under(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            let decoded = std::fs::read(&path)
                .ok()
                .and_then(|bytes| hotpy_lexer::decode_source(&bytes, "").ok());
            if let Some(source) = decoded {
                out.push(source.text);
            }
        }
    }
}

/// A stand-in corpus when there is no standard library to read.
fn generated_corpus() -> Vec<String> {
    let unit = "import os\nfrom . import x as y\n\n@decorator(1)\nclass Shape(Base, metaclass=Meta):\n    \"\"\"Doc.\"\"\"\n    def area(self, *args, scale: float = 1.0, **kw) -> float:\n        try:\n            return sum(a * b for a, b in zip(args, kw.values()) if a) / scale\n        except (ValueError, TypeError) as e:\n            raise RuntimeError(f'bad {e!r:>{width}}') from e\n\nmatch point:\n    case Point(x=0, y=0) | [1, *rest]:\n        result = {k: v for k, v in table.items()}\n    case _:\n        result = lambda q, /, r=2: q[1:-1, ::2]\n";
    (0..6_000_000 / unit.len())
        .map(|_| unit.to_string())
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut corpus = Vec::new();
    if let Some(dir) = stdlib() {
        sources_under(&dir, &mut corpus);
    }
    if corpus.iter().map(String::len).sum::<usize>() < 5_000_000 {
        corpus = generated_corpus();
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("parse corpus", |b| {
        b.iter(|| {
            let mut statements = 0;
            for source in &corpus {
                let arena = Bump::new();
                if let Ok(module) = parse_module(source, &arena) {
                    statements += module.body.len();
                }
            }
            statements
        })
    });
    group.bench_function("parse and dump corpus", |b| {
        b.iter(|| {
            let mut len = 0;
            for source in &corpus {
                let arena = Bump::new();
                if let Ok(module) = parse_module(source, &arena) {
                    len += dump_module(&module).len();
                }
            }
            len
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
