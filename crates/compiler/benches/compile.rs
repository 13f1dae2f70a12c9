//! Compile throughput (source → parse → symbol table → bytecode `Code`) over the modules of
//! CPython's standard library that hotpy compiles, when `python3` is on the machine; otherwise
//! over a generated corpus.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hotpy_compiler::compile_module;

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

/// Every `.py` file under `dir` that compiles (tests and site-packages left out).
fn sources_under(dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != "site-packages" && n != "test")
            {
                sources_under(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            let decoded = std::fs::read(&path)
                .ok()
                .and_then(|bytes| hotpy_lexer::decode_source(&bytes, "").ok());
            if let Some(source) = decoded {
                if compile_module(&source.text, "x.py").is_ok() {
                    out.push(source.text);
                }
            }
        }
    }
}

fn generated_corpus() -> Vec<String> {
    let unit = "import os\nfrom . import x as y\n\n@decorator(1)\nclass Shape(Base, metaclass=Meta):\n    \"\"\"Doc.\"\"\"\n    def area(self, *args, scale: float = 1.0, **kw) -> float:\n        try:\n            return sum(a * b for a, b in zip(args, kw.values()) if a) / scale\n        except (ValueError, TypeError) as e:\n            raise RuntimeError(f'bad {e!r:>{width}}') from e\n        finally:\n            for k in kw:\n                if k: break\n";
    (0..2000).map(|_| unit.repeat(10)).collect()
}

fn bench(c: &mut Criterion) {
    let mut corpus = Vec::new();
    if let Some(dir) = stdlib() {
        sources_under(&dir, &mut corpus);
    }
    if corpus.is_empty() {
        corpus = generated_corpus();
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = c.benchmark_group("compile");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("stdlib_to_code", |b| {
        b.iter(|| {
            for source in &corpus {
                let code = compile_module(source, "x.py").expect("compiles");
                std::hint::black_box(code);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
