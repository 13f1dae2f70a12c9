//! The format-spec mini-language parser:
//! `[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]`.

use crate::error::{value_error, VmResult};

/// Alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=`: padding after the sign and prefix.
    AfterSign,
}

/// A parsed format spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// The fill char (default space).
    pub fill: char,
    /// The explicit alignment, if any (the default depends on the value's type).
    pub align: Option<Align>,
    /// `'+'`, `'-'` or `' '`; `None` when absent.
    pub sign: Option<char>,
    /// `z`: coerce negative zero to positive.
    pub no_neg_zero: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// Minimum width in chars.
    pub width: usize,
    /// `','` or `'_'`.
    pub grouping: Option<char>,
    /// Precision.
    pub precision: Option<usize>,
    /// The presentation type, if any.
    pub ty: Option<char>,
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

fn number(chars: &[char], pos: &mut usize) -> VmResult<Option<usize>> {
    let start = *pos;
    let mut n: usize = 0;
    while let Some(d) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(d as usize))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| value_error("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(n))
}

impl FormatSpec {
    /// Parse `spec` for a value of type `type_name` (named in error messages); `numeric` selects
    /// the default alignment (`>` for numbers, `<` otherwise), which the `0` flag depends on;
    /// `default_type` is the type's default presentation (`'d'` for int, `'s'` for str, none for
    /// float), used when the spec names none.
    pub fn parse(
        spec: &str,
        type_name: &str,
        numeric: bool,
        default_type: Option<char>,
    ) -> VmResult<FormatSpec> {
        let chars: Vec<char> = spec.chars().collect();
        let mut f = FormatSpec {
            fill: ' ',
            align: None,
            sign: None,
            no_neg_zero: false,
            alternate: false,
            width: 0,
            grouping: None,
            precision: None,
            ty: None,
        };
        let mut pos = 0;
        let mut fill_specified = false;
        if chars.len() >= 2 && align_of(chars[1]).is_some() {
            f.fill = chars[0];
            f.align = align_of(chars[1]);
            fill_specified = true;
            pos = 2;
        } else if let Some(a) = chars.first().and_then(|&c| align_of(c)) {
            f.align = Some(a);
            pos = 1;
        }
        if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
            f.sign = Some(c);
            pos += 1;
        }
        if chars.get(pos) == Some(&'z') {
            f.no_neg_zero = true;
            pos += 1;
        }
        if chars.get(pos) == Some(&'#') {
            f.alternate = true;
            pos += 1;
        }
        if !fill_specified && chars.get(pos) == Some(&'0') {
            f.fill = '0';
            if f.align.is_none() && numeric {
                f.align = Some(Align::AfterSign);
            }
            pos += 1;
        }
        f.width = number(&chars, &mut pos)?.unwrap_or(0);
        if chars.get(pos) == Some(&',') {
            f.grouping = Some(',');
            pos += 1;
        }
        if chars.get(pos) == Some(&'_') {
            if f.grouping.is_some() {
                return Err(value_error("Cannot specify both ',' and '_'."));
            }
            f.grouping = Some('_');
            pos += 1;
        }
        if chars.get(pos) == Some(&',') && f.grouping == Some('_') {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
        if chars.get(pos) == Some(&'.') {
            pos += 1;
            f.precision = number(&chars, &mut pos)?;
            if f.precision.is_none() {
                return Err(value_error("Format specifier missing precision"));
            }
        }
        if chars.len() - pos > 1 {
            return Err(value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )));
        }
        f.ty = chars.get(pos).copied();
        if let Some(g) = f.grouping {
            let ok = match f.ty.or(default_type) {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
                Some('b' | 'o' | 'x' | 'X') => g == '_',
                _ => false,
            };
            if !ok {
                let t = f.ty.or(default_type).unwrap_or('\0');
                let shown = if (' '..'\x7f').contains(&t) && t != ' ' {
                    format!("'{t}'")
                } else {
                    format!("'\\x{:x}'", t as u32)
                };
                return Err(value_error(format!("Cannot specify '{g}' with {shown}.")));
            }
        }
        Ok(f)
    }
}
