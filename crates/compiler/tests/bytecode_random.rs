//! Randomly generated, well-structured programs (nested `if`/`while`/`for`/`try`, returns followed by
//! dead code, operands of every size, prefixes forced at random thresholds) must all build, and the
//! laid-out code must pass an independent check on the words themselves: jumps and handlers land on
//! instruction starts, the depths re-derived from the words agree with the builder's maximum, the
//! tables cover exactly the code, cache slots are numbered in order, and no instruction is dead.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use hotpy_compiler::bytecode::{
    disassemble, Code, CodeBuilder, Constant, Decoded, Opcode, SourceRange,
};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Gen<'a> {
    rng: &'a mut Rng,
    b: CodeBuilder,
    line: u32,
}

impl Gen<'_> {
    fn loc(&mut self) -> SourceRange {
        self.line += self.rng.below(2) as u32;
        let col = self.rng.below(80) as u32;
        SourceRange::new(
            self.line,
            col,
            self.line,
            col + 1 + self.rng.below(10) as u32,
        )
    }

    fn push_value(&mut self) {
        let loc = self.loc();
        match self.rng.below(4) {
            0 => self
                .b
                .emit_const(Constant::Int(self.rng.below(5) as i64), loc),
            1 => self.b.emit_load_global("g", false, loc),
            2 => self.b.emit(Opcode::LoadFast, 0, loc),
            _ => {
                self.b.emit_load_global("f", true, loc);
                self.b.emit(Opcode::LoadFast, 0, loc);
                self.b.emit(Opcode::Call, 1, loc);
            }
        }
    }

    fn block(&mut self, depth: u32) {
        let n = 1 + self.rng.below(4);
        for _ in 0..n {
            self.stmt(depth);
        }
    }

    fn stmt(&mut self, depth: u32) {
        let choice = if depth >= 4 {
            self.rng.below(3)
        } else {
            self.rng.below(9)
        };
        let loc = self.loc();
        match choice {
            0 => {
                // expression statement: (a, b, …)
                let k = 1 + self.rng.below(3) as u32;
                for _ in 0..k {
                    self.push_value();
                }
                self.b.emit(Opcode::BuildTuple, k, loc);
                self.b.emit(Opcode::PopTop, 0, loc);
            }
            1 => {
                for _ in 0..self.rng.below(30) {
                    self.b.emit(Opcode::Nop, 0, loc);
                }
            }
            2 => {
                // a + b stored
                self.push_value();
                self.push_value();
                self.b
                    .emit(Opcode::BinaryOp, self.rng.below(26) as u32, loc);
                self.b.emit(Opcode::StoreFast, 0, loc);
            }
            3 => {
                // if / else
                let (orelse, end) = (self.b.new_label(), self.b.new_label());
                self.push_value();
                self.b.emit_jump(Opcode::PopJumpIfFalse, orelse, loc);
                self.block(depth + 1);
                self.b.emit_jump(Opcode::JumpForward, end, loc);
                self.b.bind_label(orelse);
                self.block(depth + 1);
                self.b.bind_label(end);
            }
            4 => {
                // while, tested at the top or (as CPython 3.11) also at the bottom
                let (top, end) = (self.b.new_label(), self.b.new_label());
                if self.rng.below(2) == 0 {
                    self.b.bind_label(top);
                    self.push_value();
                    self.b.emit_jump(Opcode::PopJumpIfFalse, end, loc);
                    self.block(depth + 1);
                    self.b.emit_jump(Opcode::JumpBackward, top, loc);
                } else {
                    self.push_value();
                    self.b.emit_jump(Opcode::PopJumpIfFalse, end, loc);
                    self.b.bind_label(top);
                    self.block(depth + 1);
                    self.push_value();
                    self.b.emit_jump(Opcode::PopJumpBackwardIfTrue, top, loc);
                }
                self.b.bind_label(end);
            }
            5 => {
                // for, with a possible break
                let (top, end, after) =
                    (self.b.new_label(), self.b.new_label(), self.b.new_label());
                self.push_value();
                self.b.emit(Opcode::GetIter, 0, loc);
                self.b.bind_label(top);
                self.b.emit_jump(Opcode::ForIter, end, loc);
                self.b.emit(Opcode::StoreFast, 0, loc);
                self.block(depth + 1);
                if self.rng.below(3) == 0 && self.b.is_reachable() {
                    self.b.emit(Opcode::PopTop, 0, loc);
                    self.b.emit_jump(Opcode::JumpForward, after, loc);
                } else {
                    self.b.emit_jump(Opcode::JumpBackward, top, loc);
                }
                self.b.bind_label(end);
                self.b.bind_label(after);
            }
            6 => {
                // try / except: swallow
                let (handler, end) = (self.b.new_label(), self.b.new_label());
                let d = self.b.current_depth().unwrap_or(0);
                let lasti = self.rng.below(2) == 0;
                self.b.push_handler(handler, d, lasti);
                self.block(depth + 1);
                self.b.pop_handler();
                self.b.emit_jump(Opcode::JumpForward, end, loc);
                self.b.bind_label(handler);
                self.b.emit(Opcode::PopTop, 0, loc);
                if lasti {
                    self.b.emit(Opcode::PopTop, 0, loc);
                }
                self.b.bind_label(end);
            }
            7 => {
                // return (followed by dead code up to the next label)
                self.push_value();
                self.b.emit(Opcode::ReturnValue, 0, loc);
                self.b.emit(Opcode::Nop, 0, loc);
                self.b.emit(Opcode::PopTop, 0, loc);
            }
            _ => {
                // unpack and repack, sometimes with an operand beyond 24 bits
                let k = if self.rng.below(4) == 0 {
                    (1u32 << 24) + self.rng.below(1000) as u32
                } else {
                    1 + self.rng.below(3) as u32
                };
                self.push_value();
                self.b.emit(Opcode::UnpackSequence, k, loc);
                self.b.emit(Opcode::BuildTuple, k, loc);
                self.b.emit(Opcode::PopTop, 0, loc);
            }
        }
    }
}

fn generate(seed: u64) -> CodeBuilder {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut b = CodeBuilder::new("f", "f", Arc::from("r.py"), 1);
    b.add_varname("x");
    if rng.below(2) == 0 {
        b.set_extended_arg_threshold_for_tests(2 + rng.below(60) as u32);
    }
    let mut g = Gen {
        rng: &mut rng,
        b,
        line: 1,
    };
    g.block(0);
    let loc = g.loc();
    g.b.emit_const(Constant::None, loc);
    g.b.emit(Opcode::ReturnValue, 0, loc);
    g.b
}

/// Re-derive stack depths from the words alone; returns the maximum.
fn check_words(code: &Code) -> u32 {
    let ds: Vec<Decoded> = code.decode().collect();
    let by_start: BTreeMap<u32, usize> = ds.iter().enumerate().map(|(i, d)| (d.start, i)).collect();
    let total = code.instructions().len() as u32;
    assert_eq!(ds.last().map(|d| d.end), Some(total));

    // Cache slots in order.
    let caches: Vec<u32> = ds.iter().filter_map(|d| d.cache).collect();
    assert_eq!(caches, (0..code.cache_slots()).collect::<Vec<_>>());
    for d in &ds {
        assert_eq!(d.cache.is_some(), d.op.has_cache(), "{d:?}");
        assert!(
            !matches!(d.op, Opcode::ExtendedArg | Opcode::Cache),
            "{d:?}"
        );
    }

    // Exception table: sorted, disjoint, on instruction boundaries.
    let table = code.exception_table();
    for w in table.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    for e in table {
        assert!(e.start < e.end);
        assert!(by_start.contains_key(&e.start));
        assert!(e.end == total || by_start.contains_key(&e.end));
        assert!(by_start.contains_key(&e.target));
    }

    // Line table covers exactly the words.
    assert_eq!(code.line_table().runs().last().map(|r| r.end), Some(total));

    // Depths.
    let mut depth: Vec<Option<u32>> = vec![None; ds.len()];
    let mut work = vec![0usize];
    depth[0] = Some(0);
    let mut max = 0;
    let set = |i: usize, d: u32, work: &mut Vec<usize>, depth: &mut Vec<Option<u32>>| match depth[i]
    {
        None => {
            depth[i] = Some(d);
            work.push(i);
        }
        Some(old) => assert_eq!(old, d, "instruction at {}", ds[i].start),
    };
    while let Some(i) = work.pop() {
        let d = ds[i];
        let before = depth[i].unwrap();
        max = max.max(before);
        if let Some(e) = code.handler_for(d.op_offset) {
            assert!(e.depth <= before);
            let entry = e.depth + u32::from(e.lasti) + 1;
            max = max.max(entry);
            set(by_start[&e.target], entry, &mut work, &mut depth);
        }
        if d.op.is_jump() {
            let (p, q) = d.op.stack_io(0, true);
            assert!(p <= before);
            let target = *by_start
                .get(&d.arg)
                .unwrap_or_else(|| panic!("jump into the middle: {d:?}"));
            if d.op.is_backward_jump() {
                assert!(d.arg <= d.start);
            } else {
                assert!(d.arg > d.start);
            }
            max = max.max(before - p + q);
            set(target, before - p + q, &mut work, &mut depth);
        }
        if !d.op.is_terminal() {
            let arg = if d.op.is_jump() { 0 } else { d.arg };
            let (p, q) = d.op.stack_io(arg, false);
            assert!(p <= before);
            max = max.max(before - p + q);
            set(i + 1, before - p + q, &mut work, &mut depth);
        }
    }
    for (i, d) in depth.iter().enumerate() {
        assert!(d.is_some(), "dead instruction kept: {:?}", ds[i]);
    }
    max
}

#[test]
fn random_structured_programs_build_and_check() {
    let mut with_prefixes = 0;
    let mut with_handlers = 0;
    for seed in 0..1000 {
        let b = generate(seed);
        let listing = b.debug_listing();
        let code = b
            .finish()
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{listing}"));
        let max = check_words(&code);
        assert_eq!(max, code.max_stack_depth(), "seed {seed}");
        with_prefixes += usize::from(code.decode().any(|d| d.prefixes > 0));
        with_handlers += usize::from(!code.exception_table().is_empty());
        let text = disassemble(&code);
        let lines: HashSet<&str> = text.lines().collect();
        assert!(lines.iter().any(|l| l.contains("RETURN_VALUE")));
    }
    // The generator really exercises what it claims to.
    assert!(with_prefixes > 50, "{with_prefixes}");
    assert!(with_handlers > 50, "{with_handlers}");
}

/// Arbitrary instruction soup (any opcode, any operand, labels bound anywhere or never, handlers
/// pushed and popped at random) never panics the builder; whatever it accepts passes the word-level
/// check.
#[test]
fn arbitrary_programs_never_panic() {
    let mut accepted = 0;
    for seed in 0..3000u64 {
        let mut rng = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
        let mut b = CodeBuilder::new("s", "s", Arc::from("s.py"), 1);
        b.add_varname("x");
        b.add_name("n");
        b.add_const(Constant::None);
        if rng.below(2) == 0 {
            b.set_extended_arg_threshold_for_tests(rng.below(8) as u32);
        }
        let labels: Vec<_> = (0..4).map(|_| b.new_label()).collect();
        let len = 1 + rng.below(30);
        for _ in 0..len {
            let loc = SourceRange::line(1 + rng.below(5) as u32);
            match rng.below(12) {
                0 => b.bind_label(labels[rng.below(4) as usize]),
                1 => b.push_handler(
                    labels[rng.below(4) as usize],
                    rng.below(3) as u32,
                    rng.below(2) == 0,
                ),
                2 => b.pop_handler(),
                3 | 4 => b.emit(Opcode::LoadFast, 0, loc),
                _ => {
                    let op = Opcode::ALL[rng.below(Opcode::COUNT as u64) as usize];
                    let arg = match rng.below(6) {
                        0 => u32::MAX,
                        1 => (1 << 24) + rng.below(5) as u32,
                        _ => rng.below(4) as u32,
                    };
                    if op.is_jump() && rng.below(8) != 0 {
                        b.emit_jump(op, labels[rng.below(4) as usize], loc);
                    } else {
                        b.emit(op, arg, loc);
                    }
                }
            }
        }
        if rng.below(2) == 0 {
            b.emit(Opcode::ReturnValue, 0, SourceRange::line(9));
        }
        if let Ok(code) = b.finish() {
            accepted += 1;
            assert_eq!(check_words(&code), code.max_stack_depth(), "seed {seed}");
            disassemble(&code);
        }
    }
    assert!(accepted > 5, "{accepted}");
}
