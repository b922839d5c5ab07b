//! Sprig's numeric functions: conversions (`int`, `int64`, `float64`,
//! `atoi`, `toDecimal`), int64 arithmetic (`add` ... `min`), float
//! arithmetic through shopspring/decimal (`addf` ... `minf`), rounding, and
//! integer sequences (`seq`, `until`, `untilStep`, `randInt`).

use std::sync::{Arc, Mutex};

use gotemplate::{ElemType, FuncError, FuncMap, ParamType, Signature, Value};
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::FuncOptions;
use super::cast;

const ANY: ParamType = ParamType::Any;
const INT: ParamType = ParamType::Int;

/// The longest list (or `seq` output, in numbers) chartguard builds. Go has
/// no limit: `until 100000000000` makes Helm allocate until the process
/// dies, so refusing with an error is the only useful answer. A million
/// elements is far beyond what any chart ranges over.
pub const MAX_SEQUENCE_LEN: usize = 1_000_000;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    funcs.insert_plain("int", Signature::fixed(&[ANY]), |args| {
        Ok(Value::Int(cast::to_int(&args[0])))
    });
    funcs.insert_plain("int64", Signature::fixed(&[ANY]), |args| {
        Ok(Value::int64(cast::to_int64(&args[0])))
    });
    funcs.insert_plain("float64", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(cast::to_float64(&args[0])))
    });
    funcs.insert_plain("atoi", Signature::fixed(&[ParamType::String]), |args| {
        Ok(Value::Int(atoi(str_arg(&args[0]))))
    });
    funcs.insert_plain("toDecimal", Signature::fixed(&[ANY]), |args| {
        Ok(Value::int64(to_decimal(&args[0])))
    });

    funcs.insert_plain("add", Signature::variadic(&[], ANY), |args| {
        Ok(Value::int64(add(&args)))
    });
    funcs.insert_plain("add1", Signature::fixed(&[ANY]), |args| {
        Ok(Value::int64(cast::to_int64(&args[0]).wrapping_add(1)))
    });
    funcs.insert_plain("sub", Signature::fixed(&[ANY, ANY]), |args| {
        Ok(Value::int64(
            cast::to_int64(&args[0]).wrapping_sub(cast::to_int64(&args[1])),
        ))
    });
    funcs.insert_plain("mul", Signature::variadic(&[ANY], ANY), |args| {
        Ok(Value::int64(mul(&args)))
    });
    funcs.insert_plain("div", Signature::fixed(&[ANY, ANY]), |args| {
        div(cast::to_int64(&args[0]), cast::to_int64(&args[1])).map(Value::int64)
    });
    funcs.insert_plain("mod", Signature::fixed(&[ANY, ANY]), |args| {
        modulo(cast::to_int64(&args[0]), cast::to_int64(&args[1])).map(Value::int64)
    });
    for name in ["max", "biggest"] {
        funcs.insert_plain(name, Signature::variadic(&[ANY], ANY), |args| {
            Ok(Value::int64(max(&args)))
        });
    }
    funcs.insert_plain("min", Signature::variadic(&[ANY], ANY), |args| {
        Ok(Value::int64(min(&args)))
    });

    funcs.insert_plain("addf", Signature::variadic(&[], ANY), |args| {
        // Sprig starts from float64(0) and adds every argument.
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(Value::from(0.0));
        all.extend(args);
        decimal_op(&all, DecimalOp::Add).map(Value::from)
    });
    funcs.insert_plain("add1f", Signature::fixed(&[ANY]), |args| {
        decimal_op(&[args[0].clone(), Value::Int(1)], DecimalOp::Add).map(Value::from)
    });
    funcs.insert_plain("subf", Signature::variadic(&[ANY], ANY), |args| {
        decimal_op(&args, DecimalOp::Sub).map(Value::from)
    });
    funcs.insert_plain("mulf", Signature::variadic(&[ANY], ANY), |args| {
        decimal_op(&args, DecimalOp::Mul).map(Value::from)
    });
    funcs.insert_plain("divf", Signature::variadic(&[ANY], ANY), |args| {
        decimal_op(&args, DecimalOp::Div).map(Value::from)
    });
    funcs.insert_plain("maxf", Signature::variadic(&[ANY], ANY), |args| {
        Ok(Value::from(maxf(&args)))
    });
    funcs.insert_plain("minf", Signature::variadic(&[ANY], ANY), |args| {
        Ok(Value::from(minf(&args)))
    });
    funcs.insert_plain("floor", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(cast::to_float64(&args[0]).floor()))
    });
    funcs.insert_plain("ceil", Signature::fixed(&[ANY]), |args| {
        Ok(Value::from(cast::to_float64(&args[0]).ceil()))
    });
    funcs.insert_plain(
        "round",
        Signature::variadic(&[ANY, INT], ParamType::Float64),
        |args| {
            let round_on = args.get(2).map(float_arg);
            Ok(Value::from(round(
                cast::to_float64(&args[0]),
                int_arg(&args[1]),
                round_on,
            )))
        },
    );

    funcs.insert_plain("seq", Signature::variadic(&[], INT), |args| {
        let params: Vec<i64> = args.iter().map(int_arg).collect();
        seq(&params).map(Value::from)
    });
    funcs.insert_plain("until", Signature::fixed(&[INT]), |args| {
        until(int_arg(&args[0])).map(int_list)
    });
    funcs.insert_plain("untilStep", Signature::fixed(&[INT, INT, INT]), |args| {
        until_step(int_arg(&args[0]), int_arg(&args[1]), int_arg(&args[2])).map(int_list)
    });

    let rng = Arc::new(Mutex::new(match options.seed {
        Some(seed) => StdRng::seed_from_u64(seed),
        None => StdRng::from_entropy(),
    }));
    funcs.insert_plain("randInt", Signature::fixed(&[INT, INT]), move |args| {
        let mut rng = rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rand_int(&mut *rng, int_arg(&args[0]), int_arg(&args[1])).map(Value::Int)
    });
}

fn str_arg(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

fn int_arg(value: &Value) -> i64 {
    match value {
        Value::Int(i) | Value::Int64(i, _) => *i,
        _ => 0,
    }
}

fn float_arg(value: &Value) -> f64 {
    match value {
        Value::Float(f, _) => *f,
        other => cast::to_float64(other),
    }
}

fn int_list(items: Vec<i64>) -> Value {
    Value::list(ElemType::Int, items.into_iter().map(Value::Int).collect())
}

/// Sprig's `atoi`: `strconv.Atoi` with the error dropped, so a syntax error
/// gives 0 and an out-of-range number gives the clamped bound.
pub fn atoi(s: &str) -> i64 {
    match cast::atoi(s) {
        Ok(n) => n,
        Err(err) => err.clamped,
    }
}

/// Sprig's `toDecimal`: `strconv.ParseInt(fmt.Sprint(v), 8, 64)`, 0 on error.
pub fn to_decimal(value: &Value) -> i64 {
    let text = match value {
        Value::String(s, _) => s.to_string(),
        Value::Int(i) | Value::Int64(i, _) => i.to_string(),
        // %v prints an integral float below 1e21 as plain digits ("10", "-0");
        // anything else has a '.' or an exponent, which base 8 rejects.
        Value::Float(f, _) if f.fract() == 0.0 && f.abs() < 1e21 => {
            if f.is_sign_negative() {
                format!("-{}", (-f) as u128)
            } else {
                format!("{}", *f as u128)
            }
        }
        Value::Float(..) | Value::Bool(..) | Value::Nil => return 0,
        other => cast::to_string(other),
    };
    cast::parse_int(&text, 8, 64).unwrap_or(0)
}

/// Sprig's `add`: int64 sum with Go's wrap-around.
pub fn add(args: &[Value]) -> i64 {
    args.iter()
        .fold(0i64, |acc, v| acc.wrapping_add(cast::to_int64(v)))
}

/// Sprig's `mul`: int64 product with Go's wrap-around.
pub fn mul(args: &[Value]) -> i64 {
    let mut iter = args.iter();
    let first = iter.next().map(cast::to_int64).unwrap_or(0);
    iter.fold(first, |acc, v| acc.wrapping_mul(cast::to_int64(v)))
}

/// Go's int64 `/`: a zero divisor is a runtime panic, which text/template
/// reports as the call's error; MinInt64 / -1 wraps to MinInt64.
pub fn div(a: i64, b: i64) -> Result<i64, FuncError> {
    if b == 0 {
        return Err(FuncError::new("runtime error: integer divide by zero"));
    }
    Ok(a.wrapping_div(b))
}

/// Go's int64 `%` (sign of the dividend); zero divisor as in [`div`].
pub fn modulo(a: i64, b: i64) -> Result<i64, FuncError> {
    if b == 0 {
        return Err(FuncError::new("runtime error: integer divide by zero"));
    }
    Ok(a.wrapping_rem(b))
}

pub fn max(args: &[Value]) -> i64 {
    let mut iter = args.iter().map(cast::to_int64);
    let first = iter.next().unwrap_or(0);
    iter.fold(first, i64::max)
}

pub fn min(args: &[Value]) -> i64 {
    let mut iter = args.iter().map(cast::to_int64);
    let first = iter.next().unwrap_or(0);
    iter.fold(first, i64::min)
}

/// Go's `math.Max`: +Inf wins over NaN, NaN over numbers, +0 over -0.
pub fn go_max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        f64::INFINITY
    } else if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x == 0.0 && x == y {
        if x.is_sign_negative() { y } else { x }
    } else if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`: -Inf wins over NaN, NaN over numbers, -0 over +0.
pub fn go_min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x == 0.0 && x == y {
        if x.is_sign_negative() { x } else { y }
    } else if x < y {
        x
    } else {
        y
    }
}

pub fn maxf(args: &[Value]) -> f64 {
    let mut iter = args.iter().map(cast::to_float64);
    let first = iter.next().unwrap_or(0.0);
    iter.fold(first, go_max)
}

pub fn minf(args: &[Value]) -> f64 {
    let mut iter = args.iter().map(cast::to_float64);
    let first = iter.next().unwrap_or(0.0);
    iter.fold(first, go_min)
}

/// Sprig's `round`: scale by `math.Pow(10, places)`, round up when the
/// fractional part (negative for negative numbers, a Sprig quirk that makes
/// `round -1.4 0` give -2) reaches `round_on` (default .5), then unscale.
pub fn round(val: f64, places: i64, round_on: Option<f64>) -> f64 {
    let round_on = round_on.unwrap_or(0.5);
    let pow = go_pow10(places as f64);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let rounded = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    rounded / pow
}

/// Go's `math.Pow(10, y)` for an integral `y`: repeated squaring of the
/// mantissa and exponent, which is exact up to 10^22 and can differ from
/// libm in the last bit beyond.
fn go_pow10(y: f64) -> f64 {
    if y == 0.0 {
        return 1.0;
    }
    if y == 1.0 {
        return 10.0;
    }
    if y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        return if y > 0.0 { f64::INFINITY } else { 0.0 };
    }
    let yi = y.abs().trunc();
    if yi >= 9_223_372_036_854_775_808.0 {
        return if y > 0.0 { f64::INFINITY } else { 0.0 };
    }
    let mut a1 = 1.0f64;
    let mut ae: i64 = 0;
    let (mut x1, mut xe) = frexp(10.0);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// Go's `math.Frexp` for finite, non-zero, normal input.
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (f, mut exp) = normalize(f);
    let mut bits = f.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1022;
    bits &= !(0x7ff << 52);
    bits |= 1022 << 52;
    (f64::from_bits(bits), exp)
}

fn normalize(f: f64) -> (f64, i64) {
    if f.abs() < f64::MIN_POSITIVE {
        (f * (1u64 << 52) as f64, -52)
    } else {
        (f, 0)
    }
}

/// Go's `math.Ldexp`, rounding once into the subnormal range.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = normalize(frac);
    let mut bits = frac.to_bits();
    let exp = exp + e + ((bits >> 52) & 0x7ff) as i64 - 1023;
    if exp < -1075 {
        return 0.0f64.copysign(frac);
    }
    if exp > 1023 {
        return if frac < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let (exp, m) = if exp < -1022 {
        (exp + 53, 1.0 / (1u64 << 53) as f64)
    } else {
        (exp, 1.0)
    };
    bits &= !(0x7ff << 52);
    bits |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(bits)
}

/// Sprig's `seq`: Unix seq's argument forms (`seq LAST`, `seq FIRST LAST`,
/// `seq FIRST STEP LAST`), counting down when LAST is below FIRST, numbers
/// joined by spaces. Other arities give "". Go's int arithmetic wraps.
pub fn seq(params: &[i64]) -> Result<String, FuncError> {
    let numbers = match *params {
        [end] => {
            let start = 1;
            let increment = if end < start { -1 } else { 1 };
            sequence("seq", start, end.wrapping_add(increment), increment)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            sequence("seq", start, end.wrapping_add(step), step)?
        }
        [start, step, end] => {
            let mut increment = 1;
            if end < start {
                increment = -1;
                if step > 0 {
                    return Ok(String::new());
                }
            }
            sequence("seq", start, end.wrapping_add(increment), step)?
        }
        _ => return Ok(String::new()),
    };
    let mut out = String::new();
    for (i, n) in numbers.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&n.to_string());
    }
    Ok(out)
}

/// Sprig's `until`: 0 up to (or down to) `count`, exclusive.
pub fn until(count: i64) -> Result<Vec<i64>, FuncError> {
    let step = if count < 0 { -1 } else { 1 };
    sequence("until", 0, count, step)
}

/// Sprig's `untilStep`: from `start` toward `stop` (exclusive) by `step`;
/// empty when the step points away from `stop` or is 0.
pub fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    sequence("untilStep", start, stop, step)
}

fn sequence(name: &str, start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let len = sequence_len(start, stop, step);
    let len = match len {
        Some(len) if len <= MAX_SEQUENCE_LEN as u128 => len as usize,
        _ => {
            return Err(FuncError::new(format!(
                "{name}: the sequence from {start} to {stop} by {step} has more than \
                 {MAX_SEQUENCE_LEN} elements, chartguard's limit (Helm would try to \
                 build it until memory runs out)"
            )));
        }
    };
    let mut out = Vec::with_capacity(len);
    let mut i = start;
    for _ in 0..len {
        out.push(i);
        i = i.wrapping_add(step);
    }
    Ok(out)
}

/// How many elements Sprig's `untilStep` loop yields; `None` when Go's
/// counter would wrap around past the end and the loop would never stop.
fn sequence_len(start: i64, stop: i64, step: i64) -> Option<u128> {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let len = if stop < start {
        if step >= 0 {
            return Some(0);
        }
        (start - stop + (-step) - 1) / (-step)
    } else {
        if step <= 0 {
            return Some(0);
        }
        (stop - start + step - 1) / step
    };
    if len == 0 {
        return Some(0);
    }
    // The counter after the last element must still be representable, or
    // Go's `i += step` wraps and the loop continues.
    let after = start + len * step;
    if after > i128::from(i64::MAX) || after < i128::from(i64::MIN) {
        return None;
    }
    Some(len as u128)
}

/// Sprig's `randInt`: `rand.Intn(max-min) + min`, with Go's panic text when
/// the range is empty.
pub fn rand_int(rng: &mut impl Rng, min: i64, max: i64) -> Result<i64, FuncError> {
    let n = max.wrapping_sub(min);
    if n <= 0 {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    Ok(rng.gen_range(0..n).wrapping_add(min))
}

#[derive(Clone, Copy, Debug)]
enum DecimalOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Sprig's `execDecimalOp`: every operand goes through
/// `decimal.NewFromFloat(toFloat64(x))` and the operation runs on exact
/// decimals (division rounded to 16 places, half away from zero), then
/// `Float64()` rounds the result to the nearest float64.
fn decimal_op(args: &[Value], op: DecimalOp) -> Result<f64, FuncError> {
    let mut iter = args.iter();
    let first = iter.next().map(cast::to_float64).unwrap_or(0.0);
    let mut acc = Decimal::from_f64(first)?;
    for arg in iter {
        let d = Decimal::from_f64(cast::to_float64(arg))?;
        acc = match op {
            DecimalOp::Add => acc.add(&d),
            DecimalOp::Sub => acc.add(&d.neg()),
            DecimalOp::Mul => acc.mul(&d),
            DecimalOp::Div => acc.div(&d)?,
        };
    }
    Ok(acc.to_f64())
}

/// A shopspring/decimal value: `value * 10^exp`.
#[derive(Clone, Debug, PartialEq)]
struct Decimal {
    value: BigInt,
    exp: i64,
}

/// decimal's `DivisionPrecision`.
const DIVISION_PRECISION: i64 = 16;

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Result<Decimal, FuncError> {
        if f.is_nan() {
            return Err(FuncError::new("Cannot create a Decimal from NaN"));
        }
        if f.is_infinite() {
            let sign = if f > 0.0 { "+" } else { "-" };
            return Err(FuncError::new(format!(
                "Cannot create a Decimal from {sign}Inf"
            )));
        }
        if f == 0.0 {
            return Ok(Decimal {
                value: BigInt::zero(),
                exp: 0,
            });
        }
        // Rust's `{:e}` prints the shortest round-trip digits, as decimal's
        // roundShortest computes them: "-1.2345e-5".
        let text = format!("{f:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i64 = exponent.parse().unwrap_or(0);
        let frac_len = mantissa.split_once('.').map_or(0, |(_, frac)| frac.len()) as i64;
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let value: BigInt = digits.parse().unwrap_or_default();
        Ok(Decimal {
            value,
            exp: exponent - frac_len,
        })
    }

    fn rescaled(&self, exp: i64) -> BigInt {
        // Only called with exp <= self.exp.
        let shift = (self.exp - exp) as u32;
        &self.value * BigInt::from(10u8).pow(shift)
    }

    fn add(&self, other: &Decimal) -> Decimal {
        let exp = self.exp.min(other.exp);
        Decimal {
            value: self.rescaled(exp) + other.rescaled(exp),
            exp,
        }
    }

    fn neg(&self) -> Decimal {
        Decimal {
            value: -&self.value,
            exp: self.exp,
        }
    }

    fn mul(&self, other: &Decimal) -> Decimal {
        Decimal {
            value: &self.value * &other.value,
            exp: self.exp + other.exp,
        }
    }

    /// `Div`: `DivRound(d2, 16)`, i.e. `QuoRem` truncated to 10^-16 and the
    /// last place rounded half away from zero.
    fn div(&self, other: &Decimal) -> Result<Decimal, FuncError> {
        if other.value.is_zero() {
            return Err(FuncError::new("decimal division by 0"));
        }
        let e = self.exp - other.exp + DIVISION_PRECISION;
        if e > i64::from(i32::MAX) || e < i64::from(i32::MIN) {
            return Err(FuncError::new("overflow in decimal QuoRem"));
        }
        let ten = BigInt::from(10u8);
        let (aa, bb) = if e < 0 {
            (self.value.clone(), &other.value * ten.pow((-e) as u32))
        } else {
            (&self.value * ten.pow(e as u32), other.value.clone())
        };
        // big.Int.QuoRem truncates toward zero, as BigInt's `/` and `%` do.
        let mut q = &aa / &bb;
        let r = &aa % &bb;
        if (r.abs() * 2u8) >= bb.abs() {
            let negative =
                (self.value.sign() == Sign::Minus) != (other.value.sign() == Sign::Minus);
            if negative {
                q -= 1;
            } else {
                q += 1;
            }
        }
        Ok(Decimal {
            value: q,
            exp: -DIVISION_PRECISION,
        })
    }

    /// `Float64()`: `big.Rat.Float64`, the nearest float64 (ties to even),
    /// which Rust's decimal parser also gives.
    fn to_f64(&self) -> f64 {
        if self.value.is_zero() {
            return 0.0;
        }
        format!("{}e{}", self.value, self.exp)
            .parse()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> Value {
        Value::from(x)
    }

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    #[test]
    fn atoi_and_to_decimal() {
        // Helm 3.17.1: atoi "42" " 42" "+5" "-5" "99999999999999999999" ...
        assert_eq!(atoi("42"), 42);
        assert_eq!(atoi(" 42"), 0);
        assert_eq!(atoi("+5"), 5);
        assert_eq!(atoi("99999999999999999999"), i64::MAX);
        assert_eq!(atoi("-99999999999999999999"), i64::MIN);
        assert_eq!(atoi("1_000"), 0);
        assert_eq!(atoi("0x10"), 0);
        assert_eq!(atoi("4.0"), 0);
        // toDecimal "0777" 777 "8" 10.0 "-17" "0o17" true "+17"
        assert_eq!(to_decimal(&s("0777")), 511);
        assert_eq!(to_decimal(&Value::Int(777)), 511);
        assert_eq!(to_decimal(&s("8")), 0);
        assert_eq!(to_decimal(&f(10.0)), 8);
        assert_eq!(to_decimal(&s("-17")), -15);
        assert_eq!(to_decimal(&s("0o17")), 0);
        assert_eq!(to_decimal(&Value::Bool(true, None)), 0);
        assert_eq!(to_decimal(&s("+17")), 15);
        assert_eq!(to_decimal(&f(1.5)), 0);
    }

    #[test]
    fn integer_arithmetic() {
        // Helm: add 1 "2" 3.7 = 6; add 9223372036854775807 1 wraps.
        assert_eq!(add(&[Value::Int(1), s("2"), f(3.7)]), 6);
        assert_eq!(add(&[]), 0);
        assert_eq!(add(&[Value::Int(i64::MAX), Value::Int(1)]), i64::MIN);
        assert_eq!(mul(&[Value::Int(2), Value::Int(3), s("4")]), 24);
        assert_eq!(mul(&[Value::Int(3)]), 3);
        assert_eq!(div(7, 2), Ok(3));
        assert_eq!(div(-7, 2), Ok(-3));
        assert_eq!(div(i64::MIN, -1), Ok(i64::MIN));
        assert_eq!(modulo(-7, 3), Ok(-1));
        assert_eq!(modulo(i64::MIN, -1), Ok(0));
        assert_eq!(
            div(1, 0).unwrap_err().message,
            "runtime error: integer divide by zero"
        );
        assert_eq!(max(&[Value::Int(1), s("5"), Value::Int(3)]), 5);
        assert_eq!(min(&[Value::Int(3), Value::Int(-1), s("x")]), -1);
    }

    #[test]
    fn float_min_max() {
        assert_eq!(maxf(&[Value::Int(1), f(2.5), s("3.5")]), 3.5);
        assert_eq!(minf(&[Value::Int(1), f(-2.5)]), -2.5);
        assert!(maxf(&[f(f64::NAN), Value::Int(1)]).is_nan());
        let m = minf(&[Value::Int(0), f(-0.0)]);
        assert!(m == 0.0 && m.is_sign_negative());
        let m = maxf(&[f(-0.0), Value::Int(0)]);
        assert!(m == 0.0 && m.is_sign_positive());
        assert_eq!(maxf(&[f(f64::NAN), f(f64::INFINITY)]), f64::INFINITY);
    }

    #[test]
    fn decimal_ops_match_shopspring() {
        // Expected values printed by Helm 3.17.1.
        let op = |args: &[Value], op| decimal_op(args, op).unwrap();
        assert_eq!(op(&[f(0.0), f(1.1), f(2.2)], DecimalOp::Add), 3.3);
        assert_eq!(op(&[f(0.1), Value::Int(1)], DecimalOp::Add), 1.1);
        assert_eq!(op(&[f(0.3), f(0.1)], DecimalOp::Sub), 0.2);
        assert_eq!(op(&[f(0.1), Value::Int(3)], DecimalOp::Mul), 0.3);
        assert_eq!(
            op(&[Value::Int(1), Value::Int(3)], DecimalOp::Div),
            0.3333333333333333
        );
        assert_eq!(
            op(&[Value::Int(2), Value::Int(3)], DecimalOp::Div),
            0.6666666666666667
        );
        assert_eq!(
            op(&[Value::Int(-2), Value::Int(3)], DecimalOp::Div),
            -0.6666666666666667
        );
        assert_eq!(
            op(&[Value::Int(1), Value::Int(7)], DecimalOp::Div),
            0.1428571428571429
        );
        assert_eq!(
            op(&[Value::Int(2), f(0.3)], DecimalOp::Div),
            6.666666666666667
        );
        assert_eq!(op(&[f(1e300), f(1e300)], DecimalOp::Mul), f64::INFINITY);
        assert_eq!(op(&[f(1e-300), f(1e300)], DecimalOp::Div), 0.0);
        assert_eq!(op(&[Value::Int(1), f(-3e20)], DecimalOp::Div), 0.0);
        assert_eq!(op(&[f(1.1), f(1.1)], DecimalOp::Mul), 1.21);
        assert_eq!(op(&[Value::Int(1), f(0.9)], DecimalOp::Sub), 0.1);
        assert_eq!(op(&[f(1e-320), f(1e-320)], DecimalOp::Add), 2e-320);
        assert_eq!(
            op(&[f(123456789.123), f(987654321.987)], DecimalOp::Mul),
            1.219326313559686e17
        );
        let zero = op(&[Value::Int(-1), Value::Int(0)], DecimalOp::Mul);
        assert!(zero == 0.0 && zero.is_sign_positive());
        assert_eq!(
            decimal_op(&[Value::Int(1), Value::Int(0)], DecimalOp::Div)
                .unwrap_err()
                .message,
            "decimal division by 0"
        );
        assert_eq!(
            decimal_op(&[f(1.0), f(f64::INFINITY)], DecimalOp::Add)
                .unwrap_err()
                .message,
            "Cannot create a Decimal from +Inf"
        );
        assert_eq!(
            decimal_op(&[f(f64::NAN)], DecimalOp::Add)
                .unwrap_err()
                .message,
            "Cannot create a Decimal from NaN"
        );
    }

    #[test]
    fn rounding() {
        // Helm: round 3.14159 2 = 3.14; 2.5 0 = 3; -2.5 0 = -3; -1.4 0 = -2 ...
        assert_eq!(round(5.5555, 2, None), 5.56);
        assert_eq!(round(2.5, 0, None), 3.0);
        assert_eq!(round(-2.5, 0, None), -3.0);
        assert_eq!(round(-1.4, 0, None), -2.0);
        assert_eq!(round(1.45, 1, None), 1.5);
        assert_eq!(round(1.44, 1, Some(0.4)), 1.4);
        assert_eq!(round(12.345, 2, None), 12.35);
        assert_eq!(round(1234.0, -2, None), 1200.0);
        assert_eq!(round(1.005, 2, None), 1.0);
        assert!(round(1.0, 400, None).is_nan());
        assert!(round(123.456, -400, None).is_nan());
        assert_eq!(go_pow10(22.0), 1e22);
        assert_eq!(go_pow10(-3.0), 0.001);
        assert_eq!(go_pow10(-320.0), 1e-320);
        assert_eq!(go_pow10(309.0), f64::INFINITY);
        assert_eq!(go_pow10(4611686018427387904.0), f64::INFINITY);
    }

    #[test]
    fn sequences() {
        let seq_str = |p: &[i64]| seq(p).unwrap();
        assert_eq!(seq_str(&[5]), "1 2 3 4 5");
        assert_eq!(seq_str(&[0]), "1 0");
        assert_eq!(seq_str(&[-2]), "1 0 -1 -2");
        assert_eq!(seq_str(&[2, 5]), "2 3 4 5");
        assert_eq!(seq_str(&[5, 2]), "5 4 3 2");
        assert_eq!(seq_str(&[10, -2, 1]), "10 8 6 4 2");
        assert_eq!(seq_str(&[1, 2, 10]), "1 3 5 7 9");
        assert_eq!(seq_str(&[1, -2, 10]), "");
        assert_eq!(seq_str(&[10, 2, 1]), "");
        assert_eq!(seq_str(&[3, 0, 3]), "");
        assert_eq!(seq_str(&[]), "");
        assert_eq!(seq_str(&[1, 2, 3, 4]), "");
        assert_eq!(seq_str(&[1, 1]), "1");
        assert_eq!(seq_str(&[i64::MAX]), "");
        assert_eq!(until(5).unwrap(), vec![0, 1, 2, 3, 4]);
        assert_eq!(until(-3).unwrap(), vec![0, -1, -2]);
        assert!(until(0).unwrap().is_empty());
        assert_eq!(until_step(0, 10, 3).unwrap(), vec![0, 3, 6, 9]);
        assert_eq!(until_step(10, 0, -3).unwrap(), vec![10, 7, 4, 1]);
        assert!(until_step(0, 10, 0).unwrap().is_empty());
        assert!(until_step(0, 10, -1).unwrap().is_empty());
        assert!(until(100_000_000_000).is_err());
        assert_eq!(
            until(MAX_SEQUENCE_LEN as i64).map(|v| v.len()),
            Ok(MAX_SEQUENCE_LEN)
        );
        assert!(until(MAX_SEQUENCE_LEN as i64 + 1).is_err());
        assert!(until_step(0, i64::MAX, 1 << 62).is_err());
        assert_eq!(
            until_step(i64::MAX - 2, i64::MAX, 1).unwrap(),
            vec![i64::MAX - 2, i64::MAX - 1]
        );
        assert_eq!(seq_str(&[i64::MIN, i64::MAX]), "");
        assert!(seq(&[1, 99_999_999_999]).is_err());
    }

    #[test]
    fn random_ints() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..100 {
            let n = rand_int(&mut rng, -3, 4).unwrap();
            assert!((-3..4).contains(&n));
        }
        assert_eq!(
            rand_int(&mut rng, 5, 5).unwrap_err().message,
            "invalid argument to Intn"
        );
        assert!(rand_int(&mut rng, i64::MIN, i64::MAX).is_err());
    }
}
