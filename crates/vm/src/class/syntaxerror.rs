//! `SyntaxError` (and `IndentationError`, `TabError`): CPython's attributes, read from `args`
//! (`SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset))`), its `str`,
//! and the error a compile failure becomes.

use crate::error::{ExcKind, SyntaxDetails, VmError, VmResult};
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_lexer::{ErrorKind, LexError, LineIndex};

/// The names of the location details, in `args[1]`'s order.
const DETAILS: [&str; 6] = [
    "filename",
    "lineno",
    "offset",
    "text",
    "end_lineno",
    "end_offset",
];

/// `msg` and the location tuple's items, when `r` is a syntax error whose args have them.
fn parts(vm: &Vm, r: ObjRef) -> Option<(Value, Vec<Value>)> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return None;
    };
    if !e.kind.is_subclass(ExcKind::SyntaxError) {
        return None;
    }
    let args: &[Value] = match e.args.as_obj().map(|a| vm.heap.get(a)) {
        Some(Object::Tuple(t)) => t,
        _ => &[],
    };
    let msg = args.first().copied().unwrap_or(Value::None);
    let info = match args {
        [_, info] => match info.as_obj().map(|i| vm.heap.get(i)) {
            Some(Object::Tuple(t)) if (4..=6).contains(&t.len()) => t.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Some((msg, info))
}

/// `exc.msg`, `exc.lineno`, … of a syntax error (an attribute set on the instance wins).
pub fn field(vm: &Vm, r: ObjRef, name: &str) -> Option<Value> {
    let (msg, info) = parts(vm, r)?;
    if let Object::Exception(e) = vm.heap.get(r) {
        if let Some(d) = e.dict.as_obj() {
            if let Ok(Some(v)) = crate::ops::dict_get_str(&vm.heap, d, name) {
                return Some(v);
            }
        }
    }
    if name == "msg" {
        return Some(msg);
    }
    if name == "print_file_and_line" {
        return Some(Value::None);
    }
    let i = DETAILS.iter().position(|d| *d == name)?;
    Some(info.get(i).copied().unwrap_or(Value::None))
}

/// `str(exc)` of a syntax error: `msg (file, line N)` as CPython words it (the file's base
/// name), `None` when `r` is not one.
pub fn syntax_error_str(vm: &mut Vm, r: ObjRef) -> VmResult<Option<String>> {
    let Some(msg) = parts(vm, r).map(|(m, _)| m) else {
        return Ok(None);
    };
    let filename = field(vm, r, "filename").unwrap_or(Value::None);
    let lineno = field(vm, r, "lineno").unwrap_or(Value::None);
    let has_args = match vm.heap.get(r) {
        Object::Exception(e) => {
            matches!(e.args.as_obj().map(|a| vm.heap.get(a)), Some(Object::Tuple(t)) if !t.is_empty())
        }
        _ => false,
    };
    if !has_args {
        return Ok(Some(String::new()));
    }
    let msg = vm.to_str(msg)?;
    let file = vm
        .str_text(filename)
        .map(|f| f.rsplit('/').next().unwrap_or(f).to_string());
    Ok(Some(match (file, lineno) {
        (Some(f), Value::Int(n)) => format!("{msg} ({f}, line {n})"),
        (Some(f), _) => format!("{msg} ({f})"),
        (None, Value::Int(n)) => format!("{msg} (line {n})"),
        _ => msg,
    }))
}

/// The `SyntaxError` (`IndentationError`, `TabError`) for a compile error in `source`,
/// compiled as `filename`, with CPython's location details.
pub fn from_lex_error(e: &LexError, source: &str, filename: &str) -> VmError {
    let kind = match e.kind {
        ErrorKind::Syntax => ExcKind::SyntaxError,
        ErrorKind::Indentation => ExcKind::IndentationError,
        ErrorKind::Tab => ExcKind::TabError,
    };
    let index = LineIndex::new(source);
    let at = |offset: u32| {
        let mut o = (offset as usize).min(source.len());
        while !source.is_char_boundary(o) {
            o -= 1;
        }
        index.line_col_chars(source, o as u32)
    };
    let (lineno, col) = at(e.start);
    let (end_lineno, end_col) = at(e.end.max(e.start));
    // CPython's text ends with the newline its tokenizer adds to the last line too, except
    // for errors the tokenizer reports inside a token before getting there.
    let mut text = index.line_text(source, lineno).to_string();
    if !text.ends_with('\n') && !text.is_empty() && !e.message.starts_with("unterminated") {
        text.push('\n');
    }
    VmError::syntax(
        kind,
        SyntaxDetails {
            msg: e.message.clone(),
            filename: filename.to_string(),
            lineno,
            offset: col + 1,
            text: (!text.is_empty()).then_some(text),
            end_lineno,
            end_offset: end_col + 1,
        },
    )
}
