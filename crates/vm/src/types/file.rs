//! File objects: the `open()` builtin and the methods of what it returns (CPython's
//! `_io.TextIOWrapper`, `_io.BufferedReader`, `_io.BufferedWriter`, `_io.BufferedRandom`).
//!
//! Text mode decodes (UTF-8 by default, or the `encoding` given) and translates `\r\n` and `\r`
//! to `\n` on reading, as CPython's universal newlines; binary mode gives bytes. Reading loads
//! the rest of the file into a read-ahead on the first read (programs read small files; this
//! keeps `read(n)`/`readline()` simple and exact); writes go straight to the OS file, so nothing
//! is lost when a file object is collected without `close()`. Errors carry CPython's messages
//! (`[Errno 2] No such file or directory: 'x'`, `I/O operation on closed file.`).

use super::{type_name, util, MethodDef};
use crate::error::{type_error, value_error, ExcKind, VmError, VmResult};
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;
use std::io::{Read, Seek, SeekFrom, Write};

/// What was read ahead and not yet consumed.
#[derive(Debug, Default)]
enum ReadAhead {
    /// Nothing read yet (or dropped by a write).
    #[default]
    None,
    /// Text mode: decoded, newline-translated text, the byte offset consumed so far, and the
    /// file offset where the text started.
    Text {
        text: String,
        pos: usize,
        start: u64,
    },
    /// Binary mode: the bytes and how many were consumed; the file offset where they started.
    Bytes {
        data: Vec<u8>,
        pos: usize,
        start: u64,
    },
}

/// An open (or closed) file.
#[derive(Debug)]
pub struct PyFile {
    /// `name`: the path as given (a str object).
    pub name: Value,
    /// `mode` as given (`"r"`, `"wb"`, …).
    pub mode: Box<str>,
    /// Binary mode (bytes in and out).
    pub binary: bool,
    /// Opened for reading.
    pub readable: bool,
    /// Opened for writing.
    pub writable: bool,
    /// The text encoding (canonical codec name), for text mode.
    pub encoding: &'static str,
    /// The codec error handler (`errors=`), for text mode.
    pub errors: Box<str>,
    /// `newline=`: `None` for universal newlines (translated to `\n` on reading), else the
    /// line ending recognised (`""`: any, untranslated).
    pub newline: Option<Box<str>>,
    /// The OS file; `None` once closed.
    handle: Option<std::fs::File>,
    ahead: ReadAhead,
}

impl PyFile {
    /// The Python type name (`TextIOWrapper`, `BufferedReader`, …).
    pub fn type_name(&self) -> &'static str {
        match (self.binary, self.readable, self.writable) {
            (false, _, _) => "TextIOWrapper",
            (true, true, true) => "BufferedRandom",
            (true, false, _) => "BufferedWriter",
            (true, true, false) => "BufferedReader",
        }
    }

    /// `repr(f)`: `<_io.TextIOWrapper name='x' mode='r' encoding='UTF-8'>`.
    pub fn repr(&self, name_repr: &str) -> String {
        if self.binary {
            format!("<_io.{} name={name_repr}>", self.type_name())
        } else {
            format!(
                "<_io.TextIOWrapper name={name_repr} mode='{}' encoding='{}'>",
                self.mode,
                display_encoding(self.encoding)
            )
        }
    }

    /// `f.closed`.
    pub fn is_closed(&self) -> bool {
        self.handle.is_none()
    }
}

/// How CPython spells the encoding in `f.encoding` (`open(p)` says `'UTF-8'`, the locale's).
fn display_encoding(codec: &'static str) -> &'static str {
    match codec {
        "utf-8" => "UTF-8",
        other => other,
    }
}

/// The methods of file objects.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("read", read),
    MethodDef::new("readline", readline),
    MethodDef::new("readlines", readlines),
    MethodDef::new("write", write),
    MethodDef::new("writelines", writelines),
    MethodDef::new("close", close),
    MethodDef::new("flush", flush),
    MethodDef::new("readable", readable),
    MethodDef::new("writable", writable),
    MethodDef::new("seekable", |vm: &mut Vm, args: Args<'_>| {
        let (r, _) = this(vm, &args, "seekable")?;
        open_file(vm, r)?;
        Ok(Value::Bool(true))
    }),
    MethodDef::new("tell", tell),
    MethodDef::new("seek", seek),
    MethodDef::new("__enter__", enter),
    MethodDef::new("__exit__", exit),
    MethodDef::new("__iter__", enter),
    MethodDef::new("__next__", |vm: &mut Vm, args: Args<'_>| {
        let (r, _) = this(vm, &args, "__next__")?;
        match next_line(vm, r)? {
            Some(v) => Ok(v),
            None => Err(VmError::new(ExcKind::StopIteration, "")),
        }
    }),
];

/// An I/O error on an open file (no path in the message, as CPython's).
fn io_error(e: &std::io::Error) -> VmError {
    let strerror = crate::class::oserror::strerror(e);
    match e.raw_os_error() {
        Some(n) => VmError::new(ExcKind::OSError, format!("[Errno {n}] {strerror}")),
        None => VmError::new(ExcKind::OSError, strerror),
    }
}

/// The parsed `mode` argument.
struct Mode {
    read: bool,
    write: bool,
    append: bool,
    create_new: bool,
    truncate: bool,
    binary: bool,
}

/// Parse `mode` with CPython's rules and messages.
fn parse_mode(mode: &str) -> VmResult<Mode> {
    let invalid = || value_error(format!("invalid mode: '{mode}'"));
    let mut seen = std::collections::HashSet::new();
    let (mut r, mut w, mut a, mut x, mut plus, mut b, mut t) =
        (false, false, false, false, false, false, false);
    for c in mode.chars() {
        if !seen.insert(c) {
            return Err(invalid());
        }
        match c {
            'r' => r = true,
            'w' => w = true,
            'a' => a = true,
            'x' => x = true,
            '+' => plus = true,
            'b' => b = true,
            't' => t = true,
            _ => return Err(invalid()),
        }
    }
    if b && t {
        return Err(value_error("can't have text and binary mode at once"));
    }
    if [r, w, a, x].iter().filter(|&&f| f).count() != 1 {
        return Err(value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    Ok(Mode {
        read: r || plus,
        write: w || a || x || plus,
        append: a,
        create_new: x,
        truncate: w,
        binary: b,
    })
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True,
/// opener=None)`.
pub fn open(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [file, mode, _buffering, encoding, errors, newline, _closefd, _opener] = args.bind(
        &vm.heap,
        "open",
        [
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        0,
        8,
        1,
    )?;
    let file = file.unwrap_or(Value::None);
    // A bytes path is taken as UTF-8; messages show it as bytes, as CPython's.
    let bytes_path = match util::obj(&vm.heap, file) {
        Some(Object::Bytes(b)) => Some((
            String::from_utf8_lossy(b).into_owned(),
            hotpy_lexer::pyrepr::bytes_repr(b),
        )),
        _ => None,
    };
    let str_path = crate::interp::ops::as_str(&vm.heap, file).map(|s| {
        (
            s.as_str().to_string(),
            hotpy_lexer::pyrepr::str_repr(s.as_str()),
        )
    });
    let Some((path, shown)) = str_path.or(bytes_path) else {
        return Err(match file {
            Value::Int(_) => VmError::new(
                ExcKind::NotImplementedError,
                "hotpy does not support opening file descriptors",
            ),
            _ => type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_name(&vm.heap, file)
            )),
        });
    };
    if path.contains('\0') {
        return Err(value_error("embedded null byte"));
    }
    let mode_str = match mode {
        None => "r".to_string(),
        Some(m) => match crate::interp::ops::as_str(&vm.heap, m) {
            Some(s) => s.as_str().to_string(),
            None => {
                return Err(type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    type_name(&vm.heap, m)
                )))
            }
        },
    };
    let m = parse_mode(&mode_str)?;
    let encoding = match encoding.filter(|e| !e.is_none()) {
        None => "utf-8",
        Some(e) => {
            if m.binary {
                return Err(value_error("binary mode doesn't take an encoding argument"));
            }
            match crate::interp::ops::as_str(&vm.heap, e) {
                Some(s) => {
                    let name = s.as_str().to_string();
                    super::str::codec(&name)?
                }
                None => {
                    return Err(type_error(format!(
                        "open() argument 'encoding' must be str or None, not {}",
                        type_name(&vm.heap, e)
                    )))
                }
            }
        }
    };
    let text_arg = |v: Option<Value>, what: &str| -> VmResult<Option<String>> {
        match v.filter(|v| !v.is_none()) {
            None => Ok(None),
            Some(v) => {
                if m.binary {
                    return Err(value_error(format!(
                        "binary mode doesn't take {} {what} argument",
                        if what == "errors" { "an" } else { "a" }
                    )));
                }
                match crate::interp::ops::as_str(&vm.heap, v) {
                    Some(s) => Ok(Some(s.as_str().to_string())),
                    None => Err(type_error(format!(
                        "open() argument '{what}' must be str or None, not {}",
                        type_name(&vm.heap, v)
                    ))),
                }
            }
        }
    };
    let errors = text_arg(errors, "errors")?.unwrap_or_else(|| "strict".to_string());
    let newline = text_arg(newline, "newline")?;
    if let Some(nl) = &newline {
        if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
            return Err(value_error(format!("illegal newline value: {nl}")));
        }
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(m.read)
        .write(m.write && !m.append)
        .append(m.append)
        .truncate(m.truncate)
        .create(m.truncate || m.append)
        .create_new(m.create_new);
    let handle = match opts.open(&path) {
        Ok(h) => h,
        Err(e) => return Err(crate::class::oserror::from_io(vm, &e, file)),
    };
    if handle.metadata().is_ok_and(|md| md.is_dir()) {
        return Err(VmError::new(
            ExcKind::IsADirectoryError,
            format!("[Errno 21] Is a directory: {shown}"),
        ));
    }
    let f = PyFile {
        name: file,
        mode: mode_str.into(),
        binary: m.binary,
        readable: m.read,
        writable: m.write,
        encoding,
        errors: errors.into(),
        newline: newline.map(Into::into),
        handle: Some(handle),
        ahead: ReadAhead::None,
    };
    Ok(Value::Obj(vm.heap.alloc(Object::File(Box::new(f)))?))
}

/// The receiver file object.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(ObjRef, Args<'a>)> {
    let (v, rest) = util::split_self(args, "TextIOWrapper", method)?;
    match (v, util::obj(&vm.heap, v)) {
        (Value::Obj(r), Some(Object::File(_))) => Ok((r, rest)),
        _ => Err(util::wrong_receiver(
            "_io.TextIOWrapper",
            method,
            type_name(&vm.heap, v),
        )),
    }
}

fn file_mut(vm: &mut Vm, r: ObjRef) -> &mut PyFile {
    match vm.heap.get_mut(r) {
        Object::File(f) => f,
        _ => unreachable!("checked by this()"),
    }
}

/// The file, or `ValueError: I/O operation on closed file.`
fn open_file(vm: &mut Vm, r: ObjRef) -> VmResult<&mut PyFile> {
    let f = file_mut(vm, r);
    if f.handle.is_none() {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(f)
}

/// `io.UnsupportedOperation: not readable` (an OSError here: hotpy has no `io` module yet).
fn unsupported(what: &str) -> VmError {
    VmError::new(ExcKind::OSError, what.to_string())
}

/// Make sure the rest of the file is in the read-ahead.
fn fill(f: &mut PyFile) -> VmResult<()> {
    if !f.readable {
        return Err(unsupported("not readable"));
    }
    if !matches!(f.ahead, ReadAhead::None) {
        return Ok(());
    }
    let h = f
        .handle
        .as_mut()
        .ok_or_else(|| value_error("I/O operation on closed file."))?;
    let start = h.stream_position().map_err(|e| io_error(&e))?;
    let mut data = Vec::new();
    h.read_to_end(&mut data).map_err(|e| io_error(&e))?;
    f.ahead = if f.binary {
        ReadAhead::Bytes {
            data,
            pos: 0,
            start,
        }
    } else {
        let text = super::bytes::decode_bytes(&data, f.encoding, &f.errors)?;
        // Universal newlines: \r\n and lone \r read as \n.
        let text = if f.newline.is_none() && text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text
        };
        ReadAhead::Text {
            text,
            pos: 0,
            start,
        }
    };
    Ok(())
}

/// What a read takes: at most `limit` chars (text) or bytes (binary), up to and including the
/// first newline when `line`. Returns a str or bytes value.
fn take(vm: &mut Vm, r: ObjRef, limit: Option<usize>, line: bool) -> VmResult<Value> {
    let f = open_file(vm, r)?;
    fill(f)?;
    let newline = f.newline.clone();
    match &mut f.ahead {
        ReadAhead::Text { text, pos, .. } => {
            let rest = &text[*pos..];
            let mut end = rest.len();
            if let Some(n) = limit {
                end = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
            }
            if line {
                if let Some(i) = line_end(&rest[..end], newline.as_deref()) {
                    end = i;
                }
            }
            let out = rest[..end].to_string();
            *pos += end;
            vm.new_str(out)
        }
        ReadAhead::Bytes { data, pos, .. } => {
            let rest = &data[*pos..];
            let mut end = rest.len();
            if let Some(n) = limit {
                end = end.min(n);
            }
            if line {
                if let Some(i) = rest[..end].iter().position(|&b| b == b'\n') {
                    end = i + 1;
                }
            }
            let out: Box<[u8]> = rest[..end].into();
            *pos += end;
            Ok(Value::Obj(vm.heap.alloc(Object::Bytes(out))?))
        }
        ReadAhead::None => Err(crate::error::internal("file read-ahead missing")),
    }
}

/// Where the first line of `text` ends (just past its terminator), by the `newline=` setting:
/// `\n` for translated text and `'\n'`; any of `\n`, `\r`, `\r\n` for `''`; else that string.
fn line_end(text: &str, newline: Option<&str>) -> Option<usize> {
    match newline {
        None | Some("\n") => text.find('\n').map(|i| i + 1),
        Some("") => {
            let i = text.find(['\n', '\r'])?;
            Some(if text[i..].starts_with("\r\n") {
                i + 2
            } else {
                i + 1
            })
        }
        Some(nl) => text.find(nl).map(|i| i + nl.len()),
    }
}

/// A size argument: None or negative means "all".
fn size_arg(vm: &Vm, v: Option<Value>) -> VmResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match crate::interp::ops::index_of(&vm.heap, v) {
            Some(Ok(n)) if n < 0 => Ok(None),
            Some(Ok(n)) => Ok(Some(n as usize)),
            Some(Err(())) => Err(crate::error::overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
            None => Err(type_error(format!(
                "argument should be integer or None, not '{}'",
                type_name(&vm.heap, v)
            ))),
        },
    }
}

fn read(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "read")?;
    rest.check_count("read", 0, 1)?;
    let n = size_arg(vm, rest.get(0))?;
    take(vm, r, n, false)
}

fn readline(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "readline")?;
    rest.check_count("readline", 0, 1)?;
    let n = size_arg(vm, rest.get(0))?;
    take(vm, r, n, true)
}

/// The next line, or `None` at the end of the file (`for line in f`).
pub fn next_line(vm: &mut Vm, r: ObjRef) -> VmResult<Option<Value>> {
    let line = take(vm, r, None, true)?;
    let empty = match util::obj(&vm.heap, line) {
        Some(Object::Str(s)) => s.as_str().is_empty(),
        Some(Object::Bytes(b)) => b.is_empty(),
        _ => true,
    };
    Ok((!empty).then_some(line))
}

fn readlines(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "readlines")?;
    rest.check_count("readlines", 0, 1)?;
    let hint = size_arg(vm, rest.get(0))?.filter(|&n| n > 0);
    let out = vm.new_list(Vec::new())?;
    let _root = vm.root(out);
    let mut total = 0usize;
    while let Some(line) = next_line(vm, r)? {
        total += crate::interp::ops::len(&vm.heap, line)?;
        if let Some(Object::List(items)) = out.as_obj().map(|o| vm.heap.get_mut(o)) {
            items.push(line);
        }
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(out)
}

/// Write `data` after a read-ahead (`r+`) as CPython does: binary files (`BufferedRandom`)
/// write where reading stopped; text files write where the OS file is — after everything read
/// ahead (a small file's end), the read-ahead then dropped — a quirk programs can observe.
fn write_bytes(f: &mut PyFile, data: &[u8]) -> VmResult<()> {
    if !f.writable {
        return Err(unsupported("not writable"));
    }
    let consumed = match &f.ahead {
        ReadAhead::Bytes { pos, start, .. } => Some(start + *pos as u64),
        ReadAhead::None | ReadAhead::Text { .. } => None,
    };
    f.ahead = ReadAhead::None;
    let h = f
        .handle
        .as_mut()
        .ok_or_else(|| value_error("I/O operation on closed file."))?;
    if let Some(at) = consumed {
        h.seek(SeekFrom::Start(at)).map_err(|e| io_error(&e))?;
    }
    h.write_all(data).map_err(|e| io_error(&e))
}

/// Write a str to a text file (or `TypeError`), returning the number of chars written.
fn write_value(vm: &mut Vm, r: ObjRef, v: Value) -> VmResult<usize> {
    let binary = open_file(vm, r)?.binary;
    let (data, count) = if binary {
        match util::obj(&vm.heap, v) {
            Some(Object::Bytes(b)) => (b.to_vec(), b.len()),
            Some(Object::ByteArray(b)) => (b.clone(), b.len()),
            _ => {
                return Err(type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    type_name(&vm.heap, v)
                )))
            }
        }
    } else {
        let f = file_mut(vm, r);
        let (enc, errors) = (f.encoding, f.errors.clone());
        // `newline='\r'` or `'\r\n'` translate written line ends.
        let nl = f.newline.clone().filter(|n| n.starts_with('\r'));
        match crate::interp::ops::as_str(&vm.heap, v) {
            Some(s) => {
                let text = match &nl {
                    Some(nl) => std::borrow::Cow::Owned(s.as_str().replace('\n', nl)),
                    None => std::borrow::Cow::Borrowed(s.as_str()),
                };
                (super::str::encode_str(&text, enc, &errors)?, s.char_len())
            }
            None => {
                return Err(type_error(format!(
                    "write() argument must be str, not {}",
                    type_name(&vm.heap, v)
                )))
            }
        }
    };
    write_bytes(file_mut(vm, r), &data)?;
    Ok(count)
}

/// Write text to a file object (`print(..., file=f)`).
pub fn write_text(vm: &mut Vm, f: Value, text: &str) -> VmResult<()> {
    let Value::Obj(r) = f else {
        return Err(crate::error::internal("write_text on a non-file"));
    };
    let s = vm.new_str(text)?;
    vm.push_temp_root(s);
    let out = write_value(vm, r, s);
    vm.pop_temp_root();
    out.map(|_| ())
}

fn write(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "write")?;
    rest.check_count("write", 1, 1)?;
    let n = write_value(vm, r, rest.positional()[0])?;
    Ok(Value::Int(n as i64))
}

fn writelines(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "writelines")?;
    rest.check_count("writelines", 1, 1)?;
    open_file(vm, r)?;
    let items = crate::interp::ops::collect_iterable(vm, rest.positional()[0])?;
    let holder = vm.new_list(items.clone())?;
    let _root = vm.root(holder);
    for v in items {
        write_value(vm, r, v)?;
    }
    Ok(Value::None)
}

fn close(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "close")?;
    rest.check_count("close", 0, 0)?;
    let f = file_mut(vm, r);
    f.ahead = ReadAhead::None;
    // Dropping the OS file closes it; writes were never buffered here.
    f.handle = None;
    Ok(Value::None)
}

fn flush(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "flush")?;
    rest.check_count("flush", 0, 0)?;
    let f = open_file(vm, r)?;
    if let Some(h) = f.handle.as_mut() {
        h.flush().map_err(|e| io_error(&e))?;
    }
    Ok(Value::None)
}

/// The logical position: the OS position, less what was read ahead and not consumed. (In text
/// mode CPython's value is an opaque cookie; for UTF-8 text without `\r` it is this byte offset.)
fn position(f: &mut PyFile) -> VmResult<u64> {
    let consumed = match &f.ahead {
        ReadAhead::Bytes { pos, start, .. } => Some(start + *pos as u64),
        ReadAhead::Text { text, pos, start } => {
            Some(start + super::str::encode_str(&text[..*pos], f.encoding, &f.errors)?.len() as u64)
        }
        ReadAhead::None => None,
    };
    let h = f
        .handle
        .as_mut()
        .ok_or_else(|| value_error("I/O operation on closed file."))?;
    match consumed {
        Some(p) => Ok(p),
        None => h.stream_position().map_err(|e| io_error(&e)),
    }
}

/// `f.tell()`.
fn tell(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "tell")?;
    rest.check_count("tell", 0, 0)?;
    let p = position(open_file(vm, r)?)?;
    Ok(Value::Int(i64::try_from(p).unwrap_or(i64::MAX)))
}

/// `f.seek(offset, whence=0)`: the new position. Text files take only `seek(cookie)`,
/// `seek(0, 1)` and `seek(0, 2)`, as CPython's.
fn seek(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "seek")?;
    rest.check_count("seek", 1, 2)?;
    let int = |v: Value| match crate::interp::ops::index_of(&vm.heap, v) {
        Some(Ok(i)) => Ok(i),
        Some(Err(())) => Err(crate::error::overflow_error(
            "Python int too large to convert to C long",
        )),
        None => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(&vm.heap, v)
        ))),
    };
    let offset = int(rest.positional()[0])?;
    let whence = match rest.get(1) {
        Some(w) => int(w)?,
        None => 0,
    };
    let f = open_file(vm, r)?;
    if !f.binary && whence != 0 && offset != 0 {
        return Err(unsupported(if whence == 1 {
            "can't do nonzero cur-relative seeks"
        } else {
            "can't do nonzero end-relative seeks"
        }));
    }
    let target = match whence {
        0 => {
            if offset < 0 {
                return Err(value_error(format!("negative seek position {offset}")));
            }
            SeekFrom::Start(offset as u64)
        }
        1 => SeekFrom::Start(position(f)?.saturating_add_signed(offset)),
        2 => SeekFrom::End(offset),
        _ => {
            return Err(value_error(format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    };
    f.ahead = ReadAhead::None;
    let h = f
        .handle
        .as_mut()
        .ok_or_else(|| value_error("I/O operation on closed file."))?;
    let p = h.seek(target).map_err(|e| io_error(&e))?;
    Ok(Value::Int(i64::try_from(p).unwrap_or(i64::MAX)))
}

fn readable(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = this(vm, &args, "readable")?;
    Ok(Value::Bool(open_file(vm, r)?.readable))
}

fn writable(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = this(vm, &args, "writable")?;
    Ok(Value::Bool(open_file(vm, r)?.writable))
}

/// `__enter__` (and `__iter__`): the file itself, once checked open.
fn enter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = this(vm, &args, "__enter__")?;
    open_file(vm, r)?;
    Ok(Value::Obj(r))
}

/// `__exit__(*exc_info)`: close; never suppresses the exception.
fn exit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _) = this(vm, &args, "__exit__")?;
    let f = file_mut(vm, r);
    f.ahead = ReadAhead::None;
    f.handle = None;
    Ok(Value::None)
}

/// The data attributes: `closed`, `name`, `mode`, `encoding`. `None` for other names.
pub fn attr(vm: &mut Vm, r: ObjRef, name: &str) -> VmResult<Option<Value>> {
    let (closed, fname, mode, binary, encoding) = match vm.heap.get(r) {
        Object::File(f) => (
            f.is_closed(),
            f.name,
            f.mode.to_string(),
            f.binary,
            f.encoding,
        ),
        _ => return Ok(None),
    };
    Ok(Some(match name {
        "closed" => Value::Bool(closed),
        "name" => fname,
        "mode" => vm.new_str(mode)?,
        "encoding" if !binary => vm.new_str(display_encoding(encoding))?,
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("r", true, false, false)]
    #[case("rb", true, false, true)]
    #[case("w", false, true, false)]
    #[case("a", false, true, false)]
    #[case("r+", true, true, false)]
    #[case("wb+", true, true, true)]
    #[case("x", false, true, false)]
    fn modes(#[case] mode: &str, #[case] r: bool, #[case] w: bool, #[case] b: bool) {
        let m = parse_mode(mode).unwrap();
        assert_eq!((m.read, m.write, m.binary), (r, w, b));
    }

    #[rstest]
    #[case("z", "invalid mode: 'z'")]
    #[case("rr", "invalid mode: 'rr'")]
    #[case("rw", "must have exactly one of create/read/write/append mode")]
    #[case("", "must have exactly one of create/read/write/append mode")]
    #[case("rbt", "can't have text and binary mode at once")]
    fn bad_modes(#[case] mode: &str, #[case] msg: &str) {
        let e = parse_mode(mode).err().unwrap();
        assert_eq!(e.message(), Some(msg));
    }
}
