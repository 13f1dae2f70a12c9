//! String formatting: `format(value, spec)` (the format-spec mini-language, [`spec`] and
//! [`render`]) and `%`-formatting ([`percent`]), with CPython 3.11's output and error messages.

pub mod percent;
pub mod render;
pub mod spec;

pub use percent::{bytes_percent_format, percent_format, FormatHost, HeapHost};
pub use spec::{Align, FormatSpec};

use crate::error::{type_error, VmResult};
use crate::heap::Heap;
use crate::numeric::int::Int;
use crate::object::Object;
use crate::value::Value;

/// `format(v, spec)` for builtin ints, bools, floats and strs; other values accept only an empty
/// spec (`str(v)`), else `TypeError: unsupported format string passed to list.__format__`.
pub fn format_value(heap: &Heap, v: Value, spec: &str, max_depth: usize) -> VmResult<String> {
    if spec.is_empty() {
        return crate::repr::str(heap, v, max_depth);
    }
    match v {
        Value::Float(x) => render::format_float(x, &FormatSpec::parse(spec, "float", true, None)?),
        Value::Obj(r) if matches!(heap.try_get(r)?, Object::Str(_)) => {
            let Object::Str(s) = heap.try_get(r)? else {
                unreachable!()
            };
            render::format_str(
                s.as_str(),
                &FormatSpec::parse(spec, "str", false, Some('s'))?,
            )
        }
        v => match Int::from_value(heap, v) {
            Some(n) => {
                let tn = crate::ops::type_name(heap, v);
                render::format_int(&n, &FormatSpec::parse(spec, tn, true, Some('d'))?, tn)
            }
            None => Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                crate::ops::type_name(heap, v)
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    // expected values printed by python3 3.11
    #[rstest]
    #[case(1e16, "", "1e+16")]
    #[case(2.675, ".2f", "2.67")]
    #[case(1234567.891, ",.2f", "1,234,567.89")]
    #[case(123.0, ".2", "1.2e+02")]
    #[case(-0.0001, "z.2f", "0.00")]
    #[case(f64::INFINITY, "010", "0000000inf")]
    #[case(0.5, ".0%", "50%")]
    fn float_specs(#[case] x: f64, #[case] spec: &str, #[case] want: &str) {
        let heap = Heap::new(None);
        assert_eq!(
            format_value(&heap, Value::Float(x), spec, 10).unwrap(),
            want
        );
    }

    #[rstest]
    #[case("%.3g", 1e-5, "1e-05")]
    #[case("%.2e", 9.995, "9.99e+00")]
    #[case("%010.3f", -4.56789, "-00004.568")]
    fn percent_floats(#[case] fmt: &str, #[case] x: f64, #[case] want: &str) {
        let heap = Heap::new(None);
        let mut host = HeapHost {
            heap: &heap,
            max_depth: 10,
        };
        assert_eq!(
            percent_format(&mut host, fmt, Value::Float(x)).unwrap(),
            want
        );
    }

    #[test]
    fn absurd_sizes_are_errors_not_aborts() {
        // python3: format(1, '9999999999999') -> MemoryError; format(1.5, '.2147483648f') ->
        // ValueError('precision too big'); '%9999999999999d' % 1 -> MemoryError
        let heap = Heap::new(None);
        let e = format_value(&heap, Value::Int(1), "9999999999999", 10).unwrap_err();
        assert_eq!(e.kind(), Some(crate::ExcKind::MemoryError));
        let e = format_value(&heap, Value::Float(1.5), ".2147483648f", 10).unwrap_err();
        assert_eq!(e.message(), Some("precision too big"));
        let e = format_value(&heap, Value::Int(1), "99999999999999999999", 10).unwrap_err();
        assert_eq!(
            e.message(),
            Some("Too many decimal digits in format string")
        );
        let mut host = HeapHost {
            heap: &heap,
            max_depth: 10,
        };
        let e = percent_format(&mut host, "%9999999999999d", Value::Int(1)).unwrap_err();
        assert_eq!(e.kind(), Some(crate::ExcKind::MemoryError));
    }

    #[test]
    fn int_specs() {
        let heap = Heap::new(None);
        let f = |v, s| format_value(&heap, v, s, 10);
        assert_eq!(f(Value::Int(1234), "010,").unwrap(), "00,001,234");
        assert_eq!(f(Value::Int(255), "#010_x").unwrap(), "0x000_00ff");
        assert_eq!(
            f(Value::Int(5), "q").unwrap_err().message(),
            Some("Unknown format code 'q' for object of type 'int'")
        );
        assert_eq!(
            f(Value::None, "5").unwrap_err().message(),
            Some("unsupported format string passed to NoneType.__format__")
        );
    }
}
