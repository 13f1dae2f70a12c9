//! Tokenizing throughput over a large real corpus: CPython's standard library when `python3` is on
//! the machine (about 34 MB), otherwise a generated file of about 6 MB.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hotpy_lexer::{decode_source, Lexer};

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

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && path.file_name().is_some_and(|n| n != "site-packages") {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            if let Ok(bytes) = std::fs::read(&path) {
                if let Ok(source) = decode_source(&bytes, "") {
                    out.push(source.text);
                }
            }
        }
    }
}

/// A generated corpus: varied statements, strings, numbers and nesting, repeated to about 6 MB.
fn generated() -> Vec<String> {
    let unit = "class Point:\n    \"\"\"A point.\"\"\"\n    def __init__(self, x=0.5, y=1_000):\n        self.x, self.y = x, y  # store\n\n    def norm(self):\n        return (self.x ** 2 + self.y ** 2) ** 0.5 if self.x else f'{self.y!r:>10}'\n\nvalues = [Point(i, i * 2) for i in range(0x10) if i % 3 != 0]\ntable = {'a': b'\\x00', \"b\": r'\\d+', 'c': [1e-3, 2j, 0o17]}\n";
    vec![unit.repeat(6_000_000 / unit.len())]
}

fn bench(c: &mut Criterion) {
    let mut corpus = Vec::new();
    if let Some(dir) = stdlib_dir() {
        collect(&dir, &mut corpus);
    }
    if corpus.iter().map(String::len).sum::<usize>() < 5_000_000 {
        corpus = generated();
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = c.benchmark_group("lexer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("tokenize corpus", |b| {
        b.iter(|| {
            let mut count = 0usize;
            for source in &corpus {
                count += Lexer::new(source).count();
            }
            count
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
