//! Reload transactions, generations, rollback and the dependency cascade.
//!
//! The state lives with the VM ([`Vm::set_extension`]): the policy, each module's history of
//! generations, and for the last few generations what is needed to roll back to them. A kept
//! generation's objects are held through rooted handles; trimming the history drops them, so
//! the GC frees old generations and memory stays flat across any number of reloads.

use crate::policy::{dict_entries, policy_by_name, ReloadPolicy, Transaction, Upgrade};
use hotpy_modules::importer::{source_hash, with_importer};
use hotpy_modules::ModuleSource;
use hotpy_vm::error::{ExcKind, VmError, VmResult};
use hotpy_vm::gc::Rooted;
use hotpy_vm::object::Object;
use hotpy_vm::value::{ObjRef, Value};
use hotpy_vm::Vm;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Where a generation is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The generation running now.
    Live,
    /// Replaced by a newer generation.
    Old,
    /// A reload attempt that failed (the previous generation stayed live).
    Failed,
    /// Undone by a rollback (or by a failing cascade).
    RolledBack,
}

impl Status {
    /// The name Python sees (`"live"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Old => "old",
            Status::Failed => "failed",
            Status::RolledBack => "rolled back",
        }
    }
}

/// One entry of a module's history.
#[derive(Clone, Debug)]
pub struct Generation {
    /// 1 for the first import, one more for each successful reload.
    pub number: u64,
    /// A hash of the source it ran.
    pub source_hash: u64,
    /// The file it came from, if any.
    pub path: Option<String>,
    /// When it was made.
    pub time: SystemTime,
    /// Where it is in its life.
    pub status: Status,
    /// For a failed attempt, the error (`"SyntaxError: …"`).
    pub error: Option<String>,
}

/// What a reload did, for subscribers and the `--watch` output.
#[derive(Clone, Debug)]
pub struct ReloadEvent {
    /// The module.
    pub module: String,
    /// The generation before.
    pub old_generation: u64,
    /// The generation after (equal to `old_generation` when the reload failed).
    pub new_generation: u64,
    /// Names whose value changed (functions and classes upgraded in place included).
    pub changed: Vec<String>,
    /// Names the new generation added.
    pub added: Vec<String>,
    /// Names the new generation removed.
    pub removed: Vec<String>,
    /// How long the reload took.
    pub duration: Duration,
    /// The error, when the reload failed and nothing changed.
    pub error: Option<String>,
}

impl ReloadEvent {
    /// A reload that left module `name` at generation `number` (a failure, with its `error`,
    /// or a module without source to re-run).
    fn unchanged(name: &str, number: u64, duration: Duration, error: Option<String>) -> Self {
        ReloadEvent {
            module: name.to_string(),
            old_generation: number,
            new_generation: number,
            changed: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
            duration,
            error,
        }
    }
}

/// A subscriber to reload events.
pub type Listener = Arc<dyn Fn(&ReloadEvent) + Send + Sync>;

struct Kept {
    number: u64,
    /// The import system's record of the module before this reload (restored by a rollback).
    slot: Option<hotpy_modules::ModuleSlot>,
    tx: Transaction,
    policy: Arc<dyn ReloadPolicy>,
    _roots: Rooted,
}

#[derive(Default)]
struct History {
    generations: Vec<Generation>,
    kept: VecDeque<Kept>,
    /// The live generation's fingerprints, taken when it was committed: the next reload's
    /// "before" (each reload fingerprinted every function twice, before and after).
    fingerprints: Option<LiveFingerprints>,
}

/// [`fingerprints`] of a committed generation's namespace.
struct LiveFingerprints {
    /// The generation number they belong to.
    generation: u64,
    /// The namespace they were taken from.
    dict: ObjRef,
    by_name: Fingerprints,
}

/// How many records of past generations a module's history keeps (besides the ones rollback may
/// still need): without a bound, 10,000 reloads would keep 10,000 records (about 2 MiB) for
/// ever, and memory would grow with the number of reloads.
pub const HISTORY_RECORDS: usize = 100;

impl History {
    /// Add a record, forgetting the oldest ones beyond [`HISTORY_RECORDS`] (and beyond the
    /// `keep` generations rollback may return to). Trimmed in batches, so adding stays O(1)
    /// amortised.
    fn push(&mut self, g: Generation, keep: usize) {
        self.generations.push(g);
        let limit = HISTORY_RECORDS.max(2 * keep + 2);
        if self.generations.len() > 2 * limit {
            let cut = self.generations.len() - limit;
            self.generations.drain(..cut);
        }
    }
}

/// The reload layer's per-VM state.
pub struct ReloadState {
    policy: Arc<dyn ReloadPolicy>,
    keep: usize,
    histories: BTreeMap<String, History>,
    listeners: Vec<Listener>,
}

impl Default for ReloadState {
    fn default() -> Self {
        ReloadState {
            policy: Arc::new(crate::policy::Reexec),
            keep: 1,
            histories: BTreeMap::new(),
            listeners: Vec::new(),
        }
    }
}

fn with_state<R>(vm: &mut Vm, f: impl FnOnce(&mut ReloadState) -> R) -> R {
    if vm.extension::<ReloadState>().is_none() {
        vm.set_extension(ReloadState::default());
    }
    f(vm.extension_mut::<ReloadState>().expect("reload state"))
}

/// Use `policy` for this VM's reloads.
pub fn set_policy(vm: &mut Vm, policy: Arc<dyn ReloadPolicy>) {
    with_state(vm, |s| s.policy = policy);
}

/// The VM's reload policy.
pub fn policy(vm: &mut Vm) -> Arc<dyn ReloadPolicy> {
    with_state(vm, |s| s.policy.clone())
}

/// Keep `n` previous generations for rollback (at least 1).
pub fn set_generations_kept(vm: &mut Vm, n: usize) {
    with_state(vm, |s| s.keep = n.max(1));
}

/// Subscribe to reload events.
pub fn subscribe(vm: &mut Vm, listener: Listener) {
    with_state(vm, |s| s.listeners.push(listener));
}

/// The live generation number of module `name` (1 after its first import).
pub fn generation(vm: &mut Vm, name: &str) -> u64 {
    let from_history = with_state(vm, |s| {
        s.histories.get(name).and_then(|h| {
            h.generations
                .iter()
                .rev()
                .find(|g| g.status == Status::Live)
                .map(|g| g.number)
        })
    });
    from_history.unwrap_or(1)
}

/// How many entries module `name`'s history has (0 when it has none yet).
pub fn history_len(vm: &mut Vm, name: &str) -> usize {
    with_state(vm, |s| {
        s.histories.get(name).map_or(0, |h| h.generations.len())
    })
}

/// Module `name`'s history, oldest first: the first import and every reload since, except that
/// records beyond the last [`HISTORY_RECORDS`] or so are forgotten.
pub fn history(vm: &mut Vm, name: &str) -> Vec<Generation> {
    ensure_history(vm, name);
    with_state(vm, |s| {
        s.histories
            .get(name)
            .map(|h| h.generations.clone())
            .unwrap_or_default()
    })
}

/// Start a module's history with its first import (generation 1) when it has none.
fn ensure_history(vm: &mut Vm, name: &str) {
    if with_state(vm, |s| s.histories.contains_key(name)) {
        return;
    }
    let slot = with_importer(vm, |imp, _| Ok(imp.slot(name)))
        .ok()
        .flatten();
    let g = Generation {
        number: 1,
        source_hash: slot.as_ref().map_or(0, |s| s.source_hash),
        path: slot.and_then(|s| s.file),
        time: SystemTime::now(),
        status: Status::Live,
        error: None,
    };
    with_state(vm, |s| {
        s.histories.insert(
            name.to_string(),
            History {
                generations: vec![g],
                kept: VecDeque::new(),
                fingerprints: None,
            },
        )
    });
}

/// The modules that import `name`, directly or transitively (sorted).
pub fn dependents(vm: &mut Vm, name: &str) -> Vec<String> {
    with_importer(vm, |imp, _| Ok(imp.dependents(name))).unwrap_or_default()
}

/// `name` and its dependents in reload order: each module after the modules it imports
/// (cycles broken where they close; each module once). `__main__` (the running program, which
/// imports everything and has no module source to re-run) is never part of a cascade.
pub fn cascade_order(vm: &mut Vm, name: &str) -> Vec<String> {
    let mut members: BTreeSet<String> = dependents(vm, name)
        .into_iter()
        .filter(|m| m != "__main__")
        .collect();
    members.insert(name.to_string());
    let edges: BTreeMap<String, Vec<String>> = members
        .iter()
        .map(|m| {
            let imports = with_importer(vm, |imp, _| Ok(imp.imports_of(m))).unwrap_or_default();
            (m.clone(), imports)
        })
        .collect();
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    fn visit(
        m: &str,
        edges: &BTreeMap<String, Vec<String>>,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if !seen.insert(m.to_string()) {
            return;
        }
        if let Some(deps) = edges.get(m) {
            for d in deps {
                if edges.contains_key(d) {
                    visit(d, edges, seen, order);
                }
            }
        }
        order.push(m.to_string());
    }
    // The reloaded module first (it has the new code; every other member imports it, so a
    // module it imports back is in a cycle with it, and the cycle breaks here), then its
    // dependents in dependency order.
    seen.insert(name.to_string());
    order.push(name.to_string());
    for m in members.iter() {
        visit(m, &edges, &mut seen, &mut order);
    }
    order
}

fn module_name(vm: &mut Vm, module: Value) -> VmResult<String> {
    let Some(d) = vm.module_dict(module) else {
        return Err(hotpy_vm::error::type_error(
            "reload() argument must be a module",
        ));
    };
    match vm.dict_get_str(d, "__name__")? {
        Some(n) => match vm.str_text(n) {
            Some(s) => Ok(s.to_string()),
            None => Err(hotpy_vm::error::type_error(
                "reload() argument must be a module",
            )),
        },
        None => Err(hotpy_vm::error::type_error(
            "reload() argument must be a module",
        )),
    }
}

/// `importlib.reload(module)` with the VM's policy: the module object.
pub fn reload_module_object(vm: &mut Vm, module: Value) -> VmResult<Value> {
    let name = module_name(vm, module)?;
    reload(vm, &name, false).map_err(|e| e.error)?;
    Ok(module)
}

/// A failed reload: the error, and the module it happened in.
#[derive(Debug)]
pub struct ReloadError {
    /// The module whose reload failed.
    pub module: String,
    /// The Python exception (or limit) that stopped it.
    pub error: VmError,
}

impl std::fmt::Display for ReloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "reloading {}: {}", self.module, self.error)
    }
}

impl std::error::Error for ReloadError {}

/// Reload module `name` (and, with `cascade`, its dependents in dependency order) atomically:
/// on any failure every module of the group is left exactly as it was and the error returned.
pub fn reload(vm: &mut Vm, name: &str, cascade: bool) -> Result<Vec<ReloadEvent>, ReloadError> {
    let order = if cascade {
        cascade_order(vm, name)
    } else {
        vec![name.to_string()]
    };
    let mut done: Vec<(String, ReloadEvent)> = Vec::new();
    for m in &order {
        match reload_one(vm, m) {
            Ok(ev) => done.push((m.clone(), ev)),
            Err(error) => {
                // Undo the group, newest first.
                for (n, _) in done.iter().rev() {
                    let _ = undo_last(vm, n, Status::RolledBack);
                }
                return Err(ReloadError {
                    module: m.clone(),
                    error,
                });
            }
        }
    }
    let events: Vec<ReloadEvent> = done.into_iter().map(|(_, e)| e).collect();
    let listeners = with_state(vm, |s| s.listeners.clone());
    for e in &events {
        for l in &listeners {
            l(e);
        }
    }
    Ok(events)
}

/// The last line of `e`'s traceback (`SyntaxError: …`).
pub(crate) fn error_text(vm: &mut Vm, e: &VmError) -> String {
    let rendered = vm.format_exception(e);
    rendered
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn record_failure(vm: &mut Vm, name: &str, hash: u64, path: Option<String>, e: &VmError) {
    let text = error_text(vm, e);
    let listeners = with_state(vm, |s| s.listeners.clone());
    let number = generation(vm, name);
    with_state(vm, |s| {
        let keep = s.keep;
        if let Some(h) = s.histories.get_mut(name) {
            h.push(
                Generation {
                    number,
                    source_hash: hash,
                    path: path.clone(),
                    time: SystemTime::now(),
                    status: Status::Failed,
                    error: Some(text.clone()),
                },
                keep,
            );
        }
    });
    let ev = ReloadEvent::unchanged(name, number, Duration::ZERO, Some(text));
    for l in &listeners {
        l(&ev);
    }
}

/// Reload one module; on failure nothing changed and the attempt is in the history.
fn reload_one(vm: &mut Vm, name: &str) -> VmResult<ReloadEvent> {
    let started = Instant::now();
    let Some(module) = vm.lookup_module(name)? else {
        return Err(VmError::new(
            ExcKind::ImportError,
            format!("module {name} not in sys.modules"),
        ));
    };
    ensure_history(vm, name);
    // `builtins` has no source: the importer makes it around the builtins namespace.
    let source = if name == "builtins" {
        None
    } else {
        with_importer(vm, |imp, vm| imp.find(vm, name))?
    };
    let (text, filename, path) = match &source {
        Some(ModuleSource::Source {
            text, origin, file, ..
        }) => (
            // Borrowed: `source` lives to the commit (a 1,000-line module is 22 KB to copy).
            text.as_str(),
            file.clone().unwrap_or_else(|| origin.clone()),
            file.clone(),
        ),
        None if name != "builtins" => {
            let e = VmError::new(
                ExcKind::ModuleNotFoundError,
                format!(
                    "spec not found for the module {}",
                    hotpy_vm::repr::str_repr(name)
                ),
            );
            record_failure(vm, name, 0, None, &e);
            return Err(e);
        }
        _ => {
            // A native module, `builtins` or a namespace package has no code to re-run: as in
            // CPython (`importlib.reload(math)`, `importlib.reload(sys)`), the reload succeeds
            // and changes nothing.
            let number = generation(vm, name);
            return Ok(ReloadEvent::unchanged(
                name,
                number,
                started.elapsed(),
                None,
            ));
        }
    };
    let hash = source_hash(text);
    let code = match vm.compile_module(text, &filename) {
        Ok(c) => c,
        Err(e) => {
            record_failure(vm, name, hash, path, &e);
            return Err(e);
        }
    };
    let Some(old_dict) = vm.module_dict(module) else {
        return Err(hotpy_vm::error::type_error("not a module"));
    };
    let snapshot = copy_dict(vm, old_dict)?;
    let live_number = generation(vm, name);
    let cached = with_state(vm, |s| {
        let h = s.histories.get_mut(name)?;
        match h.fingerprints.take() {
            Some(f) if f.generation == live_number && f.dict == old_dict => Some(f.by_name),
            _ => None,
        }
    });
    let before = cached.unwrap_or_else(|| fingerprints(vm, old_dict));
    let policy = policy(vm);
    let mut tx = Transaction {
        module,
        name: name.to_string(),
        code,
        old_dict,
        snapshot,
        log: Default::default(),
        policy_state: None,
    };
    let _guard = vm.root(Value::Obj(snapshot));
    let _module_guard = vm.root(module);
    let applied = policy.apply(vm, &mut tx);
    let roots = match applied.and_then(|()| root_transaction(vm, &tx)) {
        Ok(r) => r,
        Err(e) => {
            let _ = policy.undo(vm, &mut tx);
            record_failure(vm, name, hash, path, &e);
            return Err(e);
        }
    };
    // State migration: `__reload__(old_globals)` from the new code, before committing.
    if let Err(e) = call_reload_hook(vm, &tx) {
        let _ = policy.undo(vm, &mut tx);
        record_failure(vm, name, hash, path, &e);
        return Err(e);
    }
    // Commit.
    let previous_slot = with_importer(vm, |imp, _| Ok(imp.slot(name)))
        .ok()
        .flatten();
    if let Some(src) = &source {
        let _ = with_importer(vm, |imp, _| {
            imp.record_reload(name, src, hash);
            Ok(())
        });
    }
    let live_dict = tx.live_dict(vm);
    let after = live_dict.map(|d| fingerprints(vm, d)).unwrap_or_default();
    let (changed, added, removed) = diff_names(vm, &tx, &before, &after);
    let old_number = generation(vm, name);
    let new_number = old_number + 1;
    let kept = Kept {
        number: old_number,
        slot: previous_slot,
        tx,
        policy,
        _roots: roots,
    };
    with_state(vm, |s| {
        let keep = s.keep;
        if let Some(h) = s.histories.get_mut(name) {
            for g in h.generations.iter_mut() {
                if g.status == Status::Live {
                    g.status = Status::Old;
                }
            }
            h.push(
                Generation {
                    number: new_number,
                    source_hash: hash,
                    path,
                    time: SystemTime::now(),
                    status: Status::Live,
                    error: None,
                },
                keep,
            );
            h.kept.push_back(kept);
            while h.kept.len() > keep {
                h.kept.pop_front();
            }
            h.fingerprints = live_dict.map(|dict| LiveFingerprints {
                generation: new_number,
                dict,
                by_name: after,
            });
        }
    });
    // The generation retired from the rollback window is garbage now: collect it at the next
    // safe point rather than when the allocation debt says, so memory stays flat.
    vm.request_collection();
    Ok(ReloadEvent {
        module: name.to_string(),
        old_generation: old_number,
        new_generation: new_number,
        changed,
        added,
        removed,
        duration: started.elapsed(),
        error: None,
    })
}

/// A new dict object with `d`'s entries.
fn copy_dict(vm: &mut Vm, d: ObjRef) -> VmResult<ObjRef> {
    hotpy_vm::ops::dict_copy(&mut vm.heap, d)
}

/// Keep everything a transaction may need to undo alive: one rooted list.
fn root_transaction(vm: &mut Vm, tx: &Transaction) -> VmResult<Rooted> {
    let mut values = tx.log.values();
    values.extend([tx.module, Value::Obj(tx.old_dict), Value::Obj(tx.snapshot)]);
    let list = vm.new_list(values)?;
    Ok(vm.root(list))
}

fn call_reload_hook(vm: &mut Vm, tx: &Transaction) -> VmResult<()> {
    let Some(live) = tx.live_dict(vm) else {
        return Ok(());
    };
    let Some(hook) = vm.dict_get_str(live, "__reload__")? else {
        return Ok(());
    };
    // Under `reexec` an old generation's hook survives in the namespace: only a hook the new
    // code defined runs. (Under `upgrade` the new hook was merged into the old function, which
    // keeps its identity: that one is new code and runs.)
    if let Some(old) = vm.dict_get_str(tx.snapshot, "__reload__")? {
        if old.is(hook) && !tx.log.upgraded(hook) {
            return Ok(());
        }
    }
    let old_globals = Value::Obj(copy_dict(vm, tx.snapshot)?);
    vm.call(hook, &[old_globals])?;
    Ok(())
}

/// The hasher of [`fingerprint`]s: fast (hundreds of code objects are hashed twice per reload)
/// and deterministic. Each step of Fx is a bijection of its state for a given input word, so two
/// inputs of the same length that differ in one word never collide: an edit to one
/// instruction or constant always shows.
type Fingerprinter = hotpy_compiler::fxhash::FxHasher;

/// What a function or a class does, as a hash: its code (instructions, constants, names —
/// not line numbers, so an edit above it does not make it "changed"), its defaults; for a class,
/// its bases and its namespace's entries. `None` for other values.
fn fingerprint(vm: &Vm, v: Value, depth: usize) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let r = v.as_obj()?;
    let mut h = Fingerprinter::default();
    match vm.heap.get(r) {
        Object::Function(f) => {
            hash_code(&f.loaded.code, &mut h);
            value_hash(vm, f.defaults, depth, &mut h);
            value_hash(vm, f.kwdefaults, depth, &mut h);
        }
        Object::Class(c) => {
            for b in c.bases.iter() {
                b.as_obj().hash(&mut h);
            }
            let mut entries: Vec<(&str, Value)> = dict_entries(vm, c.dict)
                .into_iter()
                .filter_map(|(k, v)| vm.str_text(k).map(|s| (s, v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                k.hash(&mut h);
                value_hash(vm, v, depth, &mut h);
            }
        }
        _ => return None,
    }
    Some(h.finish())
}

/// Hash a value for [`fingerprint`]: plain values and strings by value, functions and classes
/// by their fingerprint, tuples item by item, anything else by identity (so it counts as
/// changed whenever the reload made a new one).
fn value_hash(vm: &Vm, v: Value, depth: usize, h: &mut Fingerprinter) {
    use std::hash::Hash;
    if depth > 8 {
        return;
    }
    match v {
        Value::None => 0u8.hash(h),
        Value::Bool(b) => b.hash(h),
        Value::Int(i) => i.hash(h),
        Value::Float(f) => f.to_bits().hash(h),
        Value::Obj(r) => {
            if let Some(s) = vm.str_text(v) {
                s.hash(h);
            } else if let Some(fp) = fingerprint(vm, v, depth + 1) {
                fp.hash(h);
            } else if let Object::Tuple(items) = vm.heap.get(r) {
                for i in items.iter() {
                    value_hash(vm, *i, depth + 1, h);
                }
            } else {
                r.hash(h);
            }
        }
    }
}

fn hash_code(code: &hotpy_compiler::bytecode::Code, h: &mut Fingerprinter) {
    use hotpy_compiler::bytecode::Constant;
    use std::hash::{Hash, Hasher};
    fn constant(c: &Constant, h: &mut Fingerprinter) {
        match c {
            Constant::Code(inner) => {
                std::mem::discriminant(c).hash(h);
                hash_code(inner, h);
            }
            Constant::Tuple(items) | Constant::FrozenSet(items) => {
                std::mem::discriminant(c).hash(h);
                items.len().hash(h);
                items.iter().for_each(|i| constant(i, h));
            }
            // `Constant`'s own hash: by value, with the variant (so `1`, `1.0` and `True`
            // differ); it was the `Debug` text, a string formatted per constant per reload.
            other => other.hash(h),
        }
    }
    // The words as bytes, a block at a time: one `write` per block rather than one per word.
    let words = code.instructions();
    words.len().hash(h);
    for block in words.chunks(64) {
        let mut bytes = [0u8; 256];
        for (i, w) in block.iter().enumerate() {
            bytes[i * 4..i * 4 + 4].copy_from_slice(&w.raw().to_le_bytes());
        }
        h.write(&bytes[..block.len() * 4]);
    }
    code.flags().hash(h);
    (
        code.arg_count(),
        code.posonly_arg_count(),
        code.kwonly_arg_count(),
    )
        .hash(h);
    code.names().hash(h);
    code.varnames().hash(h);
    code.cellvars().hash(h);
    code.freevars().hash(h);
    code.constants().iter().for_each(|c| constant(c, h));
}

/// The fingerprints of the functions and classes of a namespace, by name (looked up once per
/// name per reload: hashed, not a tree of string comparisons).
type Fingerprints = hotpy_compiler::fxhash::FxHashMap<Box<str>, u64>;

/// The fingerprints of the functions and classes in namespace `d`, by name.
fn fingerprints(vm: &Vm, d: ObjRef) -> Fingerprints {
    dict_entries(vm, d)
        .into_iter()
        .filter_map(|(k, v)| Some((vm.str_text(k)?.into(), fingerprint(vm, v, 0)?)))
        .collect()
}

fn diff_names(
    vm: &mut Vm,
    tx: &Transaction,
    before: &Fingerprints,
    after: &Fingerprints,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let vm: &Vm = vm;
    let old: Vec<(&str, Value)> = dict_entries(vm, tx.snapshot)
        .into_iter()
        .filter_map(|(k, v)| vm.str_text(k).map(|s| (s, v)))
        .collect();
    let new: Vec<(&str, Value)> = match tx.live_dict(vm) {
        Some(d) => dict_entries(vm, d)
            .into_iter()
            .filter_map(|(k, v)| vm.str_text(k).map(|s| (s, v)))
            .collect(),
        None => Vec::new(),
    };
    let dunder = |n: &str| n.starts_with("__") && n.ends_with("__");
    // Looked up by name: a module has hundreds of names, and a scan per name was quadratic.
    let old_by_name: hotpy_compiler::fxhash::FxHashMap<&str, Value> =
        old.iter().map(|(n, v)| (*n, *v)).collect();
    let new_names: hotpy_compiler::fxhash::FxHashSet<&str> = new.iter().map(|(n, _)| *n).collect();
    let mut changed = Vec::new();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (n, v) in &new {
        if dunder(n) {
            continue;
        }
        match old_by_name.get(n) {
            None => added.push(n.to_string()),
            Some(ov) => {
                // A function or class: changed when what it does changed, whether the policy
                // upgraded it in place or made a new one. Anything else: when it is another
                // value (a function or class upgraded in place is the same object).
                let differs = match (before.get(*n), after.get(*n)) {
                    (Some(b), Some(a)) => b != a,
                    _ => !same_constant(vm, *ov, *v) || tx.log.upgraded(*ov),
                };
                if differs {
                    changed.push(n.to_string());
                }
            }
        }
    }
    for (n, _) in &old {
        if !dunder(n) && !new_names.contains(n) {
            removed.push(n.to_string());
        }
    }
    (changed, added, removed)
}

/// Whether `a` and `b` are the same object, or equal constants (str, bytes, numbers, tuples of
/// them): a string the new generation spells the same is not a change.
fn same_constant(vm: &Vm, a: Value, b: Value) -> bool {
    if a.is(b) {
        return true;
    }
    let (Some(ra), Some(rb)) = (a.as_obj(), b.as_obj()) else {
        return false;
    };
    match (vm.heap.get(ra), vm.heap.get(rb)) {
        (Object::Str(x), Object::Str(y)) => x.as_str() == y.as_str(),
        (Object::Bytes(x), Object::Bytes(y)) => x == y,
        (Object::BigInt(x), Object::BigInt(y)) => x == y,
        (Object::Tuple(x), Object::Tuple(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| same_constant(vm, *p, *q))
        }
        _ => false,
    }
}

/// Undo module `name`'s last committed reload, marking it `status`.
fn undo_last(vm: &mut Vm, name: &str, status: Status) -> VmResult<u64> {
    let kept = with_state(vm, |s| {
        s.histories.get_mut(name).and_then(|h| h.kept.pop_back())
    });
    let Some(mut kept) = kept else {
        return Err(VmError::new(
            ExcKind::ValueError,
            format!("module {name} has no previous generation to roll back to"),
        ));
    };
    kept.policy.undo(vm, &mut kept.tx)?;
    let slot = kept.slot.take();
    let _ = with_importer(vm, |imp, _| {
        imp.restore_slot(name, slot);
        Ok(())
    });
    let number = kept.number;
    with_state(vm, |s| {
        if let Some(h) = s.histories.get_mut(name) {
            h.fingerprints = None;
            if let Some(g) = h
                .generations
                .iter_mut()
                .rev()
                .find(|g| g.status == Status::Live)
            {
                g.status = status;
            }
            if let Some(g) = h
                .generations
                .iter_mut()
                .rev()
                .find(|g| g.number == number && g.status == Status::Old)
            {
                g.status = Status::Live;
            }
        }
    });
    Ok(number)
}

/// Roll module `name` back to its previous generation, whose number becomes the live one.
pub fn rollback(vm: &mut Vm, name: &str) -> VmResult<u64> {
    ensure_history(vm, name);
    undo_last(vm, name, Status::RolledBack)
}

/// Numbers about the reload layer: modules with a history, generations kept for rollback, live
/// classes, heap bytes.
pub fn stats(vm: &mut Vm) -> (usize, usize, usize, usize) {
    let (modules, kept) = with_state(vm, |s| {
        (
            s.histories.len(),
            s.histories.values().map(|h| h.kept.len()).sum(),
        )
    });
    let live_types = vm
        .heap
        .objects()
        .filter(|(_, o)| matches!(o, hotpy_vm::object::Object::Class(_)))
        .count();
    (modules, kept, live_types, vm.heap.live_bytes())
}

/// The built-in policy `name` as the VM's policy (`ValueError` for an unknown name).
pub fn set_policy_by_name(vm: &mut Vm, name: &str) -> VmResult<()> {
    match policy_by_name(name) {
        Some(p) => {
            set_policy(vm, p);
            Ok(())
        }
        None => Err(VmError::new(
            ExcKind::ValueError,
            format!(
                "unknown reload policy {}; expected one of {}",
                hotpy_vm::repr::str_repr(name),
                crate::policy::POLICY_NAMES.join(", ")
            ),
        )),
    }
}

/// The default policy for `--watch`.
pub fn watch_policy() -> Arc<dyn ReloadPolicy> {
    Arc::new(Upgrade)
}
