//! Errors of the VM: Python exceptions (catchable by the script), resource limits (never catchable)
//! and internal errors (bugs of the VM or of a native extension).
//!
//! A Python exception is carried as a [`PyException`]: for now an [`ExcKind`] plus a message. The
//! `object` field is ready to hold a heap exception instance once the interpreter creates them, so
//! the enum does not have to change shape later.

use crate::value::ObjRef;
use std::fmt;

/// The builtin exception classes the VM foundations can raise. The interpreter will map each kind to
/// its class object; user-defined exceptions travel as [`PyException::object`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExcKind {
    /// `BaseException`
    BaseException,
    /// `Exception`
    Exception,
    /// `ArithmeticError`
    ArithmeticError,
    /// `AssertionError`
    AssertionError,
    /// `AttributeError`
    AttributeError,
    /// `IndexError`
    IndexError,
    /// `KeyError`
    KeyError,
    /// `LookupError`
    LookupError,
    /// `MemoryError`
    MemoryError,
    /// `NameError`
    NameError,
    /// `NotImplementedError`
    NotImplementedError,
    /// `OverflowError`
    OverflowError,
    /// `RecursionError`
    RecursionError,
    /// `RuntimeError`
    RuntimeError,
    /// `StopIteration`
    StopIteration,
    /// `TypeError`
    TypeError,
    /// `UnicodeError`
    UnicodeError,
    /// `ValueError`
    ValueError,
    /// `ZeroDivisionError`
    ZeroDivisionError,
    /// `SystemExit`
    SystemExit,
    /// `KeyboardInterrupt`
    KeyboardInterrupt,
    /// `GeneratorExit`
    GeneratorExit,
    /// `UnboundLocalError`
    UnboundLocalError,
    /// `EOFError`
    EOFError,
    /// `ImportError`
    ImportError,
    /// `ModuleNotFoundError`
    ModuleNotFoundError,
    /// `OSError`
    OSError,
    /// `FileNotFoundError`
    FileNotFoundError,
    /// `UnicodeDecodeError`
    UnicodeDecodeError,
    /// `UnicodeEncodeError`
    UnicodeEncodeError,
    /// `FloatingPointError`
    FloatingPointError,
    /// `SyntaxError`
    SyntaxError,
    /// `IndentationError`
    IndentationError,
    /// `BufferError`
    BufferError,
    /// `StopAsyncIteration`
    StopAsyncIteration,
    /// `ReferenceError`
    ReferenceError,
    /// `Warning`
    Warning,
    /// `UserWarning`
    UserWarning,
    /// `DeprecationWarning`
    DeprecationWarning,
    /// `RuntimeWarning`
    RuntimeWarning,
    /// `PermissionError`
    PermissionError,
    /// `FileExistsError`
    FileExistsError,
    /// `IsADirectoryError`
    IsADirectoryError,
    /// `NotADirectoryError`
    NotADirectoryError,
    /// `TimeoutError`
    TimeoutError,
    /// `ConnectionError`
    ConnectionError,
    /// `BrokenPipeError`
    BrokenPipeError,
    /// `ConnectionResetError`
    ConnectionResetError,
    /// `ConnectionRefusedError`
    ConnectionRefusedError,
    /// `ConnectionAbortedError`
    ConnectionAbortedError,
    /// `ProcessLookupError`
    ProcessLookupError,
    /// `ChildProcessError`
    ChildProcessError,
    /// `InterruptedError`
    InterruptedError,
    /// `BlockingIOError`
    BlockingIOError,
    /// `UnicodeTranslateError`
    UnicodeTranslateError,
    /// `TabError`
    TabError,
    /// `SyntaxWarning`
    SyntaxWarning,
    /// `FutureWarning`
    FutureWarning,
    /// `ImportWarning`
    ImportWarning,
    /// `UnicodeWarning`
    UnicodeWarning,
    /// `BytesWarning`
    BytesWarning,
    /// `ResourceWarning`
    ResourceWarning,
    /// `PendingDeprecationWarning`
    PendingDeprecationWarning,
    /// `EncodingWarning`
    EncodingWarning,
    /// `BaseExceptionGroup`
    BaseExceptionGroup,
    /// `ExceptionGroup` (also a subclass of `Exception`)
    ExceptionGroup,
}

impl ExcKind {
    /// The Python name of the class, e.g. `"ZeroDivisionError"`.
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::BaseException => "BaseException",
            ExcKind::Exception => "Exception",
            ExcKind::ArithmeticError => "ArithmeticError",
            ExcKind::AssertionError => "AssertionError",
            ExcKind::AttributeError => "AttributeError",
            ExcKind::IndexError => "IndexError",
            ExcKind::KeyError => "KeyError",
            ExcKind::LookupError => "LookupError",
            ExcKind::MemoryError => "MemoryError",
            ExcKind::NameError => "NameError",
            ExcKind::NotImplementedError => "NotImplementedError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::RecursionError => "RecursionError",
            ExcKind::RuntimeError => "RuntimeError",
            ExcKind::StopIteration => "StopIteration",
            ExcKind::TypeError => "TypeError",
            ExcKind::UnicodeError => "UnicodeError",
            ExcKind::ValueError => "ValueError",
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::SystemExit => "SystemExit",
            ExcKind::KeyboardInterrupt => "KeyboardInterrupt",
            ExcKind::GeneratorExit => "GeneratorExit",
            ExcKind::UnboundLocalError => "UnboundLocalError",
            ExcKind::EOFError => "EOFError",
            ExcKind::ImportError => "ImportError",
            ExcKind::ModuleNotFoundError => "ModuleNotFoundError",
            ExcKind::OSError => "OSError",
            ExcKind::FileNotFoundError => "FileNotFoundError",
            ExcKind::UnicodeDecodeError => "UnicodeDecodeError",
            ExcKind::UnicodeEncodeError => "UnicodeEncodeError",
            ExcKind::FloatingPointError => "FloatingPointError",
            ExcKind::SyntaxError => "SyntaxError",
            ExcKind::IndentationError => "IndentationError",
            ExcKind::BufferError => "BufferError",
            ExcKind::StopAsyncIteration => "StopAsyncIteration",
            ExcKind::ReferenceError => "ReferenceError",
            ExcKind::Warning => "Warning",
            ExcKind::UserWarning => "UserWarning",
            ExcKind::DeprecationWarning => "DeprecationWarning",
            ExcKind::RuntimeWarning => "RuntimeWarning",
            ExcKind::PermissionError => "PermissionError",
            ExcKind::FileExistsError => "FileExistsError",
            ExcKind::IsADirectoryError => "IsADirectoryError",
            ExcKind::NotADirectoryError => "NotADirectoryError",
            ExcKind::TimeoutError => "TimeoutError",
            ExcKind::ConnectionError => "ConnectionError",
            ExcKind::BrokenPipeError => "BrokenPipeError",
            ExcKind::ConnectionResetError => "ConnectionResetError",
            ExcKind::ConnectionRefusedError => "ConnectionRefusedError",
            ExcKind::ConnectionAbortedError => "ConnectionAbortedError",
            ExcKind::ProcessLookupError => "ProcessLookupError",
            ExcKind::ChildProcessError => "ChildProcessError",
            ExcKind::InterruptedError => "InterruptedError",
            ExcKind::BlockingIOError => "BlockingIOError",
            ExcKind::UnicodeTranslateError => "UnicodeTranslateError",
            ExcKind::TabError => "TabError",
            ExcKind::SyntaxWarning => "SyntaxWarning",
            ExcKind::FutureWarning => "FutureWarning",
            ExcKind::ImportWarning => "ImportWarning",
            ExcKind::UnicodeWarning => "UnicodeWarning",
            ExcKind::BytesWarning => "BytesWarning",
            ExcKind::ResourceWarning => "ResourceWarning",
            ExcKind::PendingDeprecationWarning => "PendingDeprecationWarning",
            ExcKind::EncodingWarning => "EncodingWarning",
            ExcKind::BaseExceptionGroup => "BaseExceptionGroup",
            ExcKind::ExceptionGroup => "ExceptionGroup",
        }
    }

    /// Every kind, base classes before their subclasses.
    pub const ALL: &'static [ExcKind] = &[
        ExcKind::BaseException,
        ExcKind::Exception,
        ExcKind::ArithmeticError,
        ExcKind::AssertionError,
        ExcKind::AttributeError,
        ExcKind::LookupError,
        ExcKind::IndexError,
        ExcKind::KeyError,
        ExcKind::MemoryError,
        ExcKind::NameError,
        ExcKind::RuntimeError,
        ExcKind::NotImplementedError,
        ExcKind::OverflowError,
        ExcKind::RecursionError,
        ExcKind::StopIteration,
        ExcKind::TypeError,
        ExcKind::ValueError,
        ExcKind::UnicodeError,
        ExcKind::ZeroDivisionError,
        ExcKind::SystemExit,
        ExcKind::KeyboardInterrupt,
        ExcKind::GeneratorExit,
        ExcKind::UnboundLocalError,
        ExcKind::EOFError,
        ExcKind::ImportError,
        ExcKind::ModuleNotFoundError,
        ExcKind::OSError,
        ExcKind::FileNotFoundError,
        ExcKind::UnicodeDecodeError,
        ExcKind::UnicodeEncodeError,
        ExcKind::FloatingPointError,
        ExcKind::SyntaxError,
        ExcKind::IndentationError,
        ExcKind::BufferError,
        ExcKind::StopAsyncIteration,
        ExcKind::ReferenceError,
        ExcKind::Warning,
        ExcKind::UserWarning,
        ExcKind::DeprecationWarning,
        ExcKind::RuntimeWarning,
        ExcKind::PermissionError,
        ExcKind::FileExistsError,
        ExcKind::IsADirectoryError,
        ExcKind::NotADirectoryError,
        ExcKind::TimeoutError,
        ExcKind::ConnectionError,
        ExcKind::BrokenPipeError,
        ExcKind::ConnectionResetError,
        ExcKind::ConnectionRefusedError,
        ExcKind::ConnectionAbortedError,
        ExcKind::ProcessLookupError,
        ExcKind::ChildProcessError,
        ExcKind::InterruptedError,
        ExcKind::BlockingIOError,
        ExcKind::UnicodeTranslateError,
        ExcKind::TabError,
        ExcKind::SyntaxWarning,
        ExcKind::FutureWarning,
        ExcKind::ImportWarning,
        ExcKind::UnicodeWarning,
        ExcKind::BytesWarning,
        ExcKind::ResourceWarning,
        ExcKind::PendingDeprecationWarning,
        ExcKind::EncodingWarning,
        ExcKind::BaseExceptionGroup,
        ExcKind::ExceptionGroup,
    ];

    /// The direct base class (`None` for `BaseException`), as CPython's hierarchy.
    pub fn parent(self) -> Option<ExcKind> {
        use ExcKind::*;
        Some(match self {
            BaseException => return None,
            Exception | SystemExit | KeyboardInterrupt | GeneratorExit => BaseException,
            ArithmeticError | AssertionError | AttributeError | LookupError | MemoryError
            | NameError | RuntimeError | StopIteration | TypeError | ValueError | EOFError
            | ImportError | OSError | SyntaxError | BufferError | StopAsyncIteration
            | ReferenceError | Warning => Exception,
            ZeroDivisionError | OverflowError | FloatingPointError => ArithmeticError,
            IndexError | KeyError => LookupError,
            UnboundLocalError => NameError,
            NotImplementedError | RecursionError => RuntimeError,
            UnicodeError => ValueError,
            UnicodeDecodeError | UnicodeEncodeError => UnicodeError,
            ModuleNotFoundError => ImportError,
            FileNotFoundError => OSError,
            IndentationError => SyntaxError,
            UserWarning
            | DeprecationWarning
            | RuntimeWarning
            | SyntaxWarning
            | FutureWarning
            | ImportWarning
            | UnicodeWarning
            | BytesWarning
            | ResourceWarning
            | PendingDeprecationWarning
            | EncodingWarning => Warning,
            PermissionError | FileExistsError | IsADirectoryError | NotADirectoryError
            | TimeoutError | ConnectionError | ProcessLookupError | ChildProcessError
            | InterruptedError | BlockingIOError => OSError,
            BrokenPipeError
            | ConnectionResetError
            | ConnectionRefusedError
            | ConnectionAbortedError => ConnectionError,
            UnicodeTranslateError => UnicodeError,
            TabError => IndentationError,
            BaseExceptionGroup => BaseException,
            // Its other base, `Exception`, is answered by `is_subclass` and the MRO.
            ExceptionGroup => BaseExceptionGroup,
        })
    }

    /// Whether `self` is `other` or a subclass of it.
    pub fn is_subclass(self, other: ExcKind) -> bool {
        if self == ExcKind::ExceptionGroup && other == ExcKind::Exception {
            return true;
        }
        let mut k = Some(self);
        while let Some(c) = k {
            if c == other {
                return true;
            }
            k = c.parent();
        }
        false
    }
}

/// A raised Python exception.
#[derive(Clone, Debug, PartialEq)]
pub struct PyException {
    /// The builtin class (or the nearest builtin base once user classes exist).
    pub kind: ExcKind,
    /// The message (`str(exc)` for single-argument exceptions).
    pub message: String,
    /// The heap exception instance, once the interpreter materialises one. The GC does not see
    /// this field: whoever holds a `VmError` with an object across a safe point must root it.
    pub object: Option<ObjRef>,
    /// For a `SyntaxError` from the compiler: where, so the exception gets CPython's `args`
    /// (`msg`, `filename`, `lineno`, `offset`, `text`, …).
    pub syntax: Option<Box<SyntaxDetails>>,
}

/// Where a syntax error is: the second argument of CPython's `SyntaxError(msg, details)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxDetails {
    /// The message alone (`invalid syntax`).
    pub msg: String,
    /// The file name the source was compiled as.
    pub filename: String,
    /// 1-based line.
    pub lineno: usize,
    /// 1-based column, in characters.
    pub offset: usize,
    /// The line's text.
    pub text: Option<String>,
    /// 1-based line of the end of the offending text.
    pub end_lineno: usize,
    /// 1-based column of its end.
    pub end_offset: usize,
}

impl SyntaxDetails {
    /// `str(exc)` as CPython makes it: `msg (file, line N)` with the file's base name.
    pub fn display(&self) -> String {
        let base = self.filename.rsplit('/').next().unwrap_or(&self.filename);
        format!("{} ({base}, line {})", self.msg, self.lineno)
    }
}

/// A resource limit was hit. The script cannot catch these: they unwind to the embedder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The heap limit (`VmConfig::heap_limit`) would be exceeded even after a collection.
    Heap {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The instruction budget is spent.
    Instructions,
    /// Another thread asked the VM to stop ([`crate::InterruptHandle::interrupt`]).
    Interrupted,
}

/// Everything that can go wrong while running Python code.
#[derive(Clone, Debug, PartialEq)]
pub enum VmError {
    /// A Python exception: `try`/`except` can catch it.
    Exception(Box<PyException>),
    /// A resource limit: not catchable by the script.
    Limit(Limit),
    /// A bug in the VM or in a native function (stale handle, broken invariant).
    Internal(Box<String>),
}

impl VmError {
    /// A Python exception of `kind` with `message`.
    #[cold]
    pub fn new(kind: ExcKind, message: impl Into<String>) -> Self {
        VmError::Exception(Box::new(PyException {
            kind,
            message: message.into(),
            object: None,
            syntax: None,
        }))
    }

    /// A `SyntaxError` (or `IndentationError`, `TabError`) at a known place.
    #[cold]
    pub fn syntax(kind: ExcKind, details: SyntaxDetails) -> Self {
        VmError::Exception(Box::new(PyException {
            kind,
            message: details.display(),
            object: None,
            syntax: Some(Box::new(details)),
        }))
    }

    /// The exception kind, if this is a Python exception.
    pub fn kind(&self) -> Option<ExcKind> {
        match self {
            VmError::Exception(e) => Some(e.kind),
            _ => None,
        }
    }

    /// The message, if this is a Python exception.
    pub fn message(&self) -> Option<&str> {
        match self {
            VmError::Exception(e) => Some(&e.message),
            _ => None,
        }
    }

    /// True for a `MemoryError` exception and for the (uncatchable) heap limit.
    pub fn is_memory_error(&self) -> bool {
        matches!(self, VmError::Limit(Limit::Heap { .. }))
            || self.kind() == Some(ExcKind::MemoryError)
    }

    /// True for errors the script may catch (Python exceptions only).
    pub fn is_catchable(&self) -> bool {
        matches!(self, VmError::Exception(_))
    }
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::Exception(e) if e.message.is_empty() => f.write_str(e.kind.name()),
            VmError::Exception(e) => write!(f, "{}: {}", e.kind.name(), e.message),
            VmError::Limit(Limit::Heap { limit }) => {
                write!(f, "MemoryError: heap limit of {limit} bytes exceeded")
            }
            VmError::Limit(Limit::Instructions) => f.write_str("instruction budget exhausted"),
            VmError::Limit(Limit::Interrupted) => f.write_str("interrupted"),
            VmError::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl std::error::Error for VmError {}

/// Shorthand for results of VM operations.
pub type VmResult<T> = Result<T, VmError>;

/// `TypeError(msg)`.
#[cold]
pub fn type_error(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::TypeError, msg)
}

/// `ValueError(msg)`.
#[cold]
pub fn value_error(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::ValueError, msg)
}

/// `OverflowError(msg)`.
#[cold]
pub fn overflow_error(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::OverflowError, msg)
}

/// `ZeroDivisionError(msg)`; CPython's messages are `"division by zero"`,
/// `"integer division or modulo by zero"`, `"float division by zero"`, `"float modulo"`, ….
#[cold]
pub fn zero_division(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::ZeroDivisionError, msg)
}

/// A catchable `MemoryError` (an absurd size request such as `[0] * 10**12`).
#[cold]
pub fn memory_error() -> VmError {
    VmError::new(ExcKind::MemoryError, "")
}

/// `RecursionError(msg)`.
#[cold]
pub fn recursion_error(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::RecursionError, msg)
}

/// `IndexError(msg)`.
#[cold]
pub fn index_error(msg: impl Into<String>) -> VmError {
    VmError::new(ExcKind::IndexError, msg)
}

/// An internal error (a VM bug, never the script's fault).
#[cold]
pub fn internal(msg: impl Into<String>) -> VmError {
    VmError::Internal(Box::new(msg.into()))
}

/// The largest sequence, in bytes, the VM agrees to build in one request (16 GiB). Bigger
/// requests fail with a catchable `MemoryError` before anything is allocated, where CPython would
/// try and fail (and Rust would abort the process).
pub const MAX_SEQUENCE_BYTES: usize = 1 << 34;

/// The length of `seq * n` for a list or tuple of `len` items of `item_size` bytes each: `0` for
/// `n <= 0`; `MemoryError` when the count overflows or the result would exceed
/// [`MAX_SEQUENCE_BYTES`] — never an abort. (An `n` that does not fit `i64` is rejected earlier by
/// [`Int::to_index`](crate::numeric::int::Int::to_index).)
pub fn checked_repeat_len(len: usize, n: i64, item_size: usize) -> VmResult<usize> {
    repeat_len(len, n, item_size, None)
}

/// The length of `text * n` for a str or bytes of `len` bytes: as [`checked_repeat_len`], but a
/// count overflow is CPython's `OverflowError` (`overflow_msg`: `"repeated string is too long"`,
/// `"repeated bytes are too long"`).
pub fn checked_text_repeat_len(len: usize, n: i64, overflow_msg: &'static str) -> VmResult<usize> {
    repeat_len(len, n, 1, Some(overflow_msg))
}

fn repeat_len(
    len: usize,
    n: i64,
    item_size: usize,
    overflow_msg: Option<&'static str>,
) -> VmResult<usize> {
    if n <= 0 || len == 0 {
        return Ok(0);
    }
    let overflow = || match overflow_msg {
        Some(m) => overflow_error(m),
        None => memory_error(),
    };
    let n = usize::try_from(n).map_err(|_| overflow())?;
    let total = len
        .checked_mul(n)
        .filter(|&t| t <= isize::MAX as usize)
        .ok_or_else(overflow)?;
    if (total as u128) * (item_size.max(1) as u128) > MAX_SEQUENCE_BYTES as u128 {
        return Err(memory_error());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_small() {
        assert!(std::mem::size_of::<VmError>() <= 16);
        assert!(std::mem::size_of::<VmResult<crate::Value>>() <= 24);
    }

    #[test]
    fn repeat_len() {
        assert_eq!(checked_repeat_len(3, 4, 1).unwrap(), 12);
        assert_eq!(checked_repeat_len(3, -4, 1).unwrap(), 0);
        assert_eq!(checked_repeat_len(0, i64::MAX, 1).unwrap(), 0);
        let e = checked_repeat_len(1, 1_000_000_000_000, 16).unwrap_err();
        assert_eq!(e.kind(), Some(ExcKind::MemoryError));
        let e = checked_repeat_len(usize::MAX / 2, 3, 1).unwrap_err();
        assert_eq!(e.kind(), Some(ExcKind::MemoryError));
        // python3: 'a' * 10**12 -> MemoryError; 'ab' * 2**62 -> OverflowError
        let e = checked_text_repeat_len(1, 1_000_000_000_000, "repeated string is too long");
        assert_eq!(e.unwrap_err().kind(), Some(ExcKind::MemoryError));
        let e = checked_text_repeat_len(2, 1 << 62, "repeated string is too long").unwrap_err();
        assert_eq!(e.kind(), Some(ExcKind::OverflowError));
        assert_eq!(e.message(), Some("repeated string is too long"));
    }

    #[test]
    fn display() {
        assert_eq!(
            zero_division("division by zero").to_string(),
            "ZeroDivisionError: division by zero"
        );
        assert_eq!(memory_error().to_string(), "MemoryError");
        assert!(!VmError::Limit(Limit::Instructions).is_catchable());
    }
}
