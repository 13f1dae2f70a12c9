//! `parse_time DIR`: parse every `.py` file under DIR and print the time spent on files that
//! parse and on files that fail (a quick look at throughput without criterion).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "site-packages") {
                files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    let sources: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| hotpy_lexer::decode_source(&b, "").ok().map(|s| s.text))
        .collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    let (mut ok_time, mut err_time, mut errors) = (Duration::ZERO, Duration::ZERO, 0);
    for _ in 0..3 {
        for source in &sources {
            let arena = bumpalo::Bump::new();
            let start = Instant::now();
            let result = hotpy_compiler::parse_module(source, &arena);
            let spent = start.elapsed();
            if result.is_ok() {
                ok_time += spent;
            } else {
                err_time += spent;
                errors += 1;
            }
        }
    }
    let start = Instant::now();
    for _ in 0..3 {
        for source in &sources {
            let _ = hotpy_lexer::tokenize(source);
        }
    }
    let lex = start.elapsed().as_secs_f64() / 3.0;
    println!("tokenizing alone: {lex:.3} s per pass");
    let total = (ok_time + err_time).as_secs_f64() / 3.0;
    println!(
        "{} files, {:.1} MB: {:.3} s per pass ({:.1} MiB/s); failing files {} took {:.3} s",
        sources.len(),
        bytes as f64 / 1e6,
        total,
        bytes as f64 / total / 1048576.0,
        errors / 3,
        err_time.as_secs_f64() / 3.0
    );
}
