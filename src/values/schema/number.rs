//! Exact decimal numbers. Both validators compare numbers as `big.Rat`
//! parsed from decimal text (a JSON literal, or Go's `%v` of a float64), so
//! `0.3` is a multiple of `0.1` and `1.0` is an integer.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_traits::{ToPrimitive, Zero};

/// `mantissa × 10^exponent`, negative when `negative`; normalized so the
/// mantissa has no trailing zeros (zero has exponent 0 and is never
/// negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    mantissa: BigUint,
    exponent: i64,
}

/// Exponent differences beyond this are not expanded into big integers;
/// the comparison falls back to the exponent alone (or float64 for
/// `multipleOf`), which no real schema reaches.
const MAX_EXPONENT_GAP: i64 = 4096;

impl Decimal {
    /// Parses a JSON number literal or Go float text (`1e+06`, `-0.5`).
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (number, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let digits = format!("{int_part}{frac_part}");
        let mantissa = BigUint::parse_bytes(digits.as_bytes(), 10)?;
        let exponent = exp.checked_sub(i64::try_from(frac_part.len()).ok()?)?;
        Some(Decimal::normalized(negative, mantissa, exponent))
    }

    /// The exact value of a float64, as Go's shortest formatting gives it.
    pub fn from_f64(f: f64) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{f:e}"))
    }

    pub fn from_i64(i: i64) -> Decimal {
        Decimal::normalized(i < 0, BigUint::from(i.unsigned_abs()), 0)
    }

    fn normalized(negative: bool, mut mantissa: BigUint, mut exponent: i64) -> Decimal {
        if mantissa.is_zero() {
            return Decimal {
                negative: false,
                mantissa,
                exponent: 0,
            };
        }
        let ten = BigUint::from(10u8);
        while (&mantissa % &ten).is_zero() {
            mantissa /= &ten;
            exponent += 1;
        }
        Decimal {
            negative,
            mantissa,
            exponent,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// `big.Rat.IsInt`.
    pub fn is_integer(&self) -> bool {
        self.exponent >= 0
    }

    pub fn to_f64(&self) -> f64 {
        let text = format!(
            "{}{}e{}",
            if self.negative { "-" } else { "" },
            self.mantissa,
            self.exponent
        );
        text.parse().unwrap_or(f64::NAN)
    }

    /// The value as a non-negative integer that fits an `i64`, if it is one.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() {
            return None;
        }
        let exponent = u32::try_from(self.exponent).ok()?;
        let magnitude = self.mantissa.clone() * BigUint::from(10u8).pow(exponent.min(40));
        let value = magnitude.to_i64()?;
        Some(if self.negative { -value } else { value })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        let (a, b) = (&self.mantissa, &other.mantissa);
        if a.is_zero() || b.is_zero() {
            return a.cmp(b);
        }
        // Compare the position of the leading digit first.
        let lead_a = a.to_string().len() as i64 + self.exponent;
        let lead_b = b.to_string().len() as i64 + other.exponent;
        if lead_a != lead_b {
            return lead_a.cmp(&lead_b);
        }
        let gap = self.exponent - other.exponent;
        if gap.abs() > MAX_EXPONENT_GAP {
            return Ordering::Equal;
        }
        let ten = BigUint::from(10u8);
        if gap >= 0 {
            (a * ten.pow(gap as u32)).cmp(b)
        } else {
            a.cmp(&(b * ten.pow((-gap) as u32)))
        }
    }

    /// `x / m` is an integer (`big.Rat.Quo(...).IsInt()`); `m` is non-zero.
    pub fn is_multiple_of(&self, m: &Decimal) -> bool {
        if m.is_zero() {
            return false;
        }
        if self.is_zero() {
            return true;
        }
        let gap = self.exponent - m.exponent;
        if gap.abs() > MAX_EXPONENT_GAP {
            let q = self.to_f64() / m.to_f64();
            return q.is_finite() && q.fract() == 0.0;
        }
        let ten = BigUint::from(10u8);
        if gap >= 0 {
            ((&self.mantissa * ten.pow(gap as u32)) % &m.mantissa).is_zero()
        } else {
            (&self.mantissa % (&m.mantissa * ten.pow((-gap) as u32))).is_zero()
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`).
pub fn go_float(f: f64) -> String {
    gotemplate::gofmt::format_float(f, 'g', -1)
}

/// `json.Marshal` of a float64 (the renderer's encoder); infinities, which
/// JSON refuses and only an out-of-range schema literal can give, as `%v`.
pub fn go_json_float(f: f64) -> String {
    crate::render::funcs::gojson::json_float(f).unwrap_or_else(|_| go_float(f))
}

/// golang.org/x/text's English `%d`: digits grouped by commas.
pub fn localized_int(i: i64) -> String {
    let digits = i.unsigned_abs().to_string();
    let grouped = group_thousands(&digits);
    if i < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// golang.org/x/text's English `%v` of a float64: the shortest digits,
/// grouped decimals when the exponent is within [-4, 6), otherwise
/// `d.ddd×10ⁿⁿ` with superscript exponent digits (at least two).
pub fn localized_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f.is_sign_negative() && f != 0.0 {
        "-"
    } else {
        ""
    };
    if f == 0.0 {
        return "0".to_string();
    }
    if !(-4..6).contains(&exp) {
        let mut out = String::from(sign);
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str("×10");
        if exp < 0 {
            out.push('⁻');
        }
        let exp_digits = format!("{:02}", exp.unsigned_abs());
        for c in exp_digits.chars() {
            out.push(superscript(c));
        }
        return out;
    }
    // Decimal notation: integer digits then fraction digits.
    let point = exp + 1; // digits before the decimal point
    let (int_digits, frac_digits) = if point <= 0 {
        (
            "0".to_string(),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        (
            digits[..point as usize].to_string(),
            digits[point as usize..].to_string(),
        )
    };
    let mut out = format!("{sign}{}", group_thousands(&int_digits));
    if !frac_digits.is_empty() {
        out.push('.');
        out.push_str(&frac_digits);
    }
    out
}

fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        _ => '⁹',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn decimals_compare_exactly() {
        assert!(d("1.0") == d("1"));
        assert!(d("0.1") < d("0.10001"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("1e3") > d("999.999"));
        assert!(d("1e+06") == d("1000000"));
        assert!(d("0") == d("-0"));
        assert!(!d("1.5").is_integer() && d("2.50e1").is_integer());
    }

    #[test]
    fn multiple_of_is_exact_for_decimal_text() {
        assert!(d("0.3").is_multiple_of(&d("0.1")));
        assert!(d("10").is_multiple_of(&d("2.5")));
        assert!(!d("3").is_multiple_of(&d("2")));
        assert!(d("0").is_multiple_of(&d("7")));
        assert!(Decimal::from_f64(0.3).unwrap().is_multiple_of(&d("0.1")));
    }

    #[test]
    fn localized_numbers_follow_x_text_english() {
        assert_eq!(localized_int(1000), "1,000");
        assert_eq!(localized_int(-1234567), "-1,234,567");
        assert_eq!(localized_int(12), "12");
        assert_eq!(localized_float(1234567.0), "1.234567×10⁰⁶");
        assert_eq!(localized_float(0.5), "0.5");
        assert_eq!(localized_float(123456.5), "123,456.5");
        assert_eq!(localized_float(3.0), "3");
        assert_eq!(localized_float(0.00001), "1×10⁻⁰⁵");
    }

    #[test]
    fn go_float_texts() {
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_json_float(1e6), "1000000");
        assert_eq!(go_json_float(1e-7), "1e-7");
        assert_eq!(go_json_float(1e21), "1e+21");
    }
}
