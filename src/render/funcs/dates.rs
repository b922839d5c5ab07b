//! Sprig's date functions and the part of Go's `time` package they need:
//! `time.Time` with its monotonic reading, layout formatting and parsing,
//! durations, and zones by IANA name.
//!
//! Go's `time.Local` is the machine's zone; chartguard never reads the
//! environment, so `Local` is UTC here (as Helm on a UTC machine). Zones by
//! name come from the tz database bundled with `jiff`, looked up with Go's
//! case-sensitive names.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use gotemplate::{FuncError, FuncMap, Object, ParamType, Signature, Value};

use super::FuncOptions;

/// Seconds from 0001-01-01 (Go's internal epoch) to 1970-01-01.
const UNIX_TO_INTERNAL: i64 = 62_135_596_800;
/// Seconds from 0001-01-01 to 1885-01-01, where Go's packed wall clock (the
/// one that carries a monotonic reading) starts.
const WALL_TO_INTERNAL: i64 = 59_453_308_800;
const SECONDS_PER_DAY: i64 = 86_400;
const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// `time.Duration` constants.
pub const NANOSECOND: i64 = 1;
pub const MICROSECOND: i64 = 1_000;
pub const MILLISECOND: i64 = 1_000_000;
pub const SECOND: i64 = 1_000_000_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;

/// A `*time.Location` as templates can meet it.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// `time.UTC` (and the zero `Time`'s nil location).
    Utc,
    /// `time.Local`, which is UTC for chartguard.
    Local,
    /// `time.FixedZone(name, offset)`, as `time.Parse` makes for offsets and
    /// abbreviations that are not the local zone's.
    Fixed { name: Arc<str>, offset: i32 },
    /// A zone of the tz database, as `time.LoadLocation` returns it.
    Zone(jiff::tz::TimeZone),
}

impl Location {
    /// `time.LoadLocation`: "" and "UTC" are UTC, "Local" is the local zone,
    /// anything else a tz database name, matched case-sensitively like the
    /// zoneinfo file names Go opens.
    pub fn load(name: &str) -> Option<Location> {
        match name {
            "" | "UTC" => return Some(Location::Utc),
            "Local" => return Some(Location::Local),
            _ => {}
        }
        // Go refuses these before touching the file system.
        if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
            return None;
        }
        let tz = jiff::tz::db().get(name).ok()?;
        if tz.iana_name() != Some(name) {
            return None;
        }
        Some(Location::Zone(tz))
    }

    /// The zone abbreviation and offset (seconds east of UTC) in effect at
    /// `unix` seconds, as Go's `Location.lookup`.
    pub fn lookup(&self, unix: i64) -> (String, i32) {
        match self {
            Location::Utc | Location::Local => ("UTC".to_string(), 0),
            Location::Fixed { name, offset } => (name.to_string(), *offset),
            Location::Zone(tz) => {
                // jiff covers years -9999..=9999; Go extends the first and
                // last rules beyond, which clamping reproduces.
                let clamped = unix.clamp(
                    jiff::Timestamp::MIN.as_second(),
                    jiff::Timestamp::MAX.as_second(),
                );
                match jiff::Timestamp::from_second(clamped) {
                    Ok(ts) => {
                        let info = tz.to_offset_info(ts);
                        (info.abbreviation().to_string(), info.offset().seconds())
                    }
                    Err(_) => ("UTC".to_string(), 0),
                }
            }
        }
    }
}

/// A Go `time.Time`: an instant with nanoseconds, a location, and maybe a
/// monotonic clock reading (only `time.Now` and times derived from it by
/// `Add` have one; Go prints it as `m=+…`).
#[derive(Clone, Debug, PartialEq)]
pub struct GoTime {
    /// Seconds since 0001-01-01 UTC, Go's internal epoch. Go's arithmetic
    /// on it wraps, and so does ours.
    sec: i64,
    nsec: u32,
    loc: Location,
    /// Nanoseconds since the process started.
    mono: Option<i64>,
}

impl Default for GoTime {
    /// Go's zero `time.Time`: 0001-01-01 00:00:00 UTC.
    fn default() -> Self {
        GoTime {
            sec: 0,
            nsec: 0,
            loc: Location::Utc,
            mono: None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (any range).
fn days_from_civil(year: i128, month: u32, day: u32) -> i128 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i128::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i128::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number from 1970-01-01.
fn civil_from_days(days: i128) -> (i128, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i128) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(month: u32, year: i128) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `norm`: moves whole multiples of `base` from `lo` into `hi`.
fn norm(hi: i128, lo: i128, base: i128) -> (i128, i128) {
    (hi + lo.div_euclid(base), lo.rem_euclid(base))
}

/// The broken-down wall clock of an instant in some zone.
#[derive(Clone, Copy, Debug)]
struct Civil {
    year: i128,
    month: u32,
    day: u32,
    yday: u32,
    /// 0 = Sunday.
    weekday: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

fn civil_of(local_internal_sec: i128) -> Civil {
    let unix = local_internal_sec - i128::from(UNIX_TO_INTERNAL);
    let days = unix.div_euclid(i128::from(SECONDS_PER_DAY));
    let secs = unix.rem_euclid(i128::from(SECONDS_PER_DAY)) as u32;
    let (year, month, day) = civil_from_days(days);
    let yday = (days - days_from_civil(year, 1, 1) + 1) as u32;
    let weekday = (days + 4).rem_euclid(7) as u32;
    Civil {
        year,
        month,
        day,
        yday,
        weekday,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
    }
}

const LONG_DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const SHORT_DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT_MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl GoTime {
    /// `time.Unix(sec, nsec)` in `Local`, wrapping like Go for absurd inputs.
    pub fn from_unix(sec: i64, nsec: u32) -> GoTime {
        let (sec, nsec) = if nsec >= 1_000_000_000 {
            (
                sec.wrapping_add(i64::from(nsec / 1_000_000_000)),
                nsec % 1_000_000_000,
            )
        } else {
            (sec, nsec)
        };
        GoTime {
            sec: sec.wrapping_add(UNIX_TO_INTERNAL),
            nsec,
            loc: Location::Local,
            mono: None,
        }
    }

    /// Go's `time.Date`, normalizing out-of-range fields.
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        loc: Location,
    ) -> GoTime {
        let (year, m) = norm(i128::from(year), i128::from(month) - 1, 12);
        let (sec, nsec) = norm(i128::from(sec), i128::from(nsec), 1_000_000_000);
        let (min, sec) = norm(i128::from(min), sec, 60);
        let (hour, min) = norm(i128::from(hour), min, 60);
        let (day, hour) = norm(i128::from(day), hour, 24);
        let days = days_from_civil(year, (m + 1) as u32, 1) + day - 1;
        let wall = days * i128::from(SECONDS_PER_DAY) + hour * 3600 + min * 60 + sec;
        // The offset in effect at the wall time taken as UTC, corrected
        // once if subtracting it crosses a transition (Go's approach).
        let unix_guess = clamp_i64(wall);
        let (_, offset) = loc.lookup(unix_guess);
        let mut unix = wall - i128::from(offset);
        if offset != 0 {
            let (_, offset2) = loc.lookup(clamp_i64(unix));
            if offset2 != offset {
                unix = wall - i128::from(offset2);
            }
        }
        GoTime {
            sec: (unix + i128::from(UNIX_TO_INTERNAL)) as i64,
            nsec: nsec as u32,
            loc,
            mono: None,
        }
    }

    pub fn unix(&self) -> i64 {
        self.sec.wrapping_sub(UNIX_TO_INTERNAL)
    }

    pub fn nanosecond(&self) -> u32 {
        self.nsec
    }

    pub fn location(&self) -> &Location {
        &self.loc
    }

    pub fn monotonic(&self) -> Option<i64> {
        self.mono
    }

    /// The same instant with a monotonic reading (what `time.Now` gives).
    pub fn with_monotonic(mut self, mono: Option<i64>) -> GoTime {
        self.mono = mono;
        self
    }

    /// `t.UnixNano()`, wrapping like Go outside ±292 years.
    pub fn unix_nano(&self) -> i64 {
        self.unix()
            .wrapping_mul(NANOS_PER_SECOND)
            .wrapping_add(i64::from(self.nsec))
    }

    /// `t.In(loc)`: same instant, other zone, no monotonic reading.
    pub fn in_location(&self, loc: Location) -> GoTime {
        GoTime {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    pub fn is_zero(&self) -> bool {
        self.sec == 0 && self.nsec == 0
    }

    fn civil(&self) -> (Civil, String, i32) {
        let (name, offset) = self.loc.lookup(self.unix());
        let civil = civil_of(i128::from(self.sec) + i128::from(offset));
        (civil, name, offset)
    }

    /// Go's `addSec`: moves the wall clock, dropping the monotonic reading
    /// when the time leaves the range Go can pack it in, and saturating.
    fn add_sec(&mut self, d: i64) {
        if self.mono.is_some() {
            let wall = i128::from(self.sec) - i128::from(WALL_TO_INTERNAL) + i128::from(d);
            if (0..=(1i128 << 33) - 1).contains(&wall) {
                self.sec = (wall + i128::from(WALL_TO_INTERNAL)) as i64;
                return;
            }
            self.mono = None;
        }
        self.sec = match self.sec.checked_add(d) {
            Some(sum) => sum,
            None if d > 0 => i64::MAX,
            None => -i64::MAX,
        };
    }

    /// `t.Add(d)`.
    pub fn add(&self, d: i64) -> GoTime {
        let mut t = self.clone();
        let mut dsec = d / NANOS_PER_SECOND;
        let mut nsec = i64::from(t.nsec) + d % NANOS_PER_SECOND;
        if nsec >= NANOS_PER_SECOND {
            dsec += 1;
            nsec -= NANOS_PER_SECOND;
        } else if nsec < 0 {
            dsec -= 1;
            nsec += NANOS_PER_SECOND;
        }
        t.nsec = nsec as u32;
        t.add_sec(dsec);
        if let Some(mono) = t.mono {
            t.mono = mono.checked_add(d);
        }
        t
    }

    /// `t.Sub(u)`, saturating at the Duration range like Go.
    pub fn sub(&self, u: &GoTime) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, u.mono) {
            let d = a.wrapping_sub(b);
            if d < 0 && a > b {
                return i64::MAX;
            }
            if d > 0 && a < b {
                return i64::MIN;
            }
            return d;
        }
        let exact = (i128::from(self.sec) - i128::from(u.sec)) * i128::from(NANOS_PER_SECOND)
            + (i128::from(self.nsec) - i128::from(u.nsec));
        exact.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// `t.AddDate(years, months, days)`.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> GoTime {
        let (c, _, _) = self.civil();
        GoTime::date(
            clamp_i64(c.year + i128::from(years)),
            i64::from(c.month).saturating_add(months),
            i64::from(c.day).saturating_add(days),
            i64::from(c.hour),
            i64::from(c.minute),
            i64::from(c.second),
            i64::from(self.nsec),
            self.loc.clone(),
        )
    }

    fn total_nanos(&self) -> i128 {
        i128::from(self.sec) * i128::from(NANOS_PER_SECOND) + i128::from(self.nsec)
    }

    pub fn before(&self, u: &GoTime) -> bool {
        match (self.mono, u.mono) {
            (Some(a), Some(b)) => a < b,
            _ => self.total_nanos() < u.total_nanos(),
        }
    }

    pub fn after(&self, u: &GoTime) -> bool {
        match (self.mono, u.mono) {
            (Some(a), Some(b)) => a > b,
            _ => self.total_nanos() > u.total_nanos(),
        }
    }

    pub fn equal(&self, u: &GoTime) -> bool {
        match (self.mono, u.mono) {
            (Some(a), Some(b)) => a == b,
            _ => self.total_nanos() == u.total_nanos(),
        }
    }

    /// `t.Truncate(d)` and `t.Round(d)`: multiples of `d` since the zero
    /// time, without the monotonic reading.
    fn round_to(&self, d: i64, round: bool) -> GoTime {
        let t = GoTime {
            mono: None,
            ..self.clone()
        };
        if d <= 0 {
            return t;
        }
        let r = t.total_nanos().rem_euclid(i128::from(d)) as i64;
        if round {
            if less_than_half(r, d) {
                t.add(-r)
            } else {
                t.add(d - r)
            }
        } else {
            t.add(-r)
        }
    }

    /// `t.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let (c, name, offset) = self.civil();
        format_civil(&c, &name, offset, self.nsec, layout)
    }

    /// `t.String()`: the fixed layout, plus the monotonic reading.
    pub fn to_go_string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(mono) = self.mono {
            let sign = if mono < 0 { '-' } else { '+' };
            let m = mono.unsigned_abs();
            let (secs, frac) = (m / 1_000_000_000, m % 1_000_000_000);
            s.push_str(&format!(" m={sign}{secs}.{frac:09}"));
        }
        s
    }
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn less_than_half(x: i64, y: i64) -> bool {
    (x as u64).wrapping_add(x as u64) < y as u64
}

// ---------------------------------------------------------------------------
// Layouts

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    Iso8601TZ,
    Iso8601SecondsTZ,
    Iso8601ShortTZ,
    Iso8601ColonTZ,
    Iso8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTz,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    /// Fractional seconds: digits, trailing zeros kept (`.000`), separator.
    FracSecond0(usize, u8),
    /// Fractional seconds with trailing zeros trimmed (`.999`).
    FracSecond9(usize, u8),
}

fn starts_with_lower(s: &[u8]) -> bool {
    s.first().is_some_and(u8::is_ascii_lowercase)
}

/// Go's `nextStdChunk`: the text before the first layout element, the
/// element, and the rest.
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| b.len() >= i + s.len() && &b[i..i + s.len()] == s.as_bytes();
    for i in 0..b.len() {
        let found = match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    Some((Std::LongMonth, 7))
                } else if !starts_with_lower(&b[i + 3..]) {
                    Some((Std::Month, 3))
                } else {
                    None
                }
            }
            b'M' if b.len() >= i + 3 => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        Some((Std::LongWeekDay, 6))
                    } else if !starts_with_lower(&b[i + 3..]) {
                        Some((Std::WeekDay, 3))
                    } else {
                        None
                    }
                } else if at(i, "MST") {
                    Some((Std::TZ, 3))
                } else {
                    None
                }
            }
            b'0' => {
                if b.len() >= i + 2 && (b'1'..=b'6').contains(&b[i + 1]) {
                    let std = [
                        Std::ZeroMonth,
                        Std::ZeroDay,
                        Std::ZeroHour12,
                        Std::ZeroMinute,
                        Std::ZeroSecond,
                        Std::Year,
                    ][usize::from(b[i + 1] - b'1')];
                    Some((std, 2))
                } else if at(i, "002") {
                    Some((Std::ZeroYearDay, 3))
                } else {
                    None
                }
            }
            b'1' => {
                if at(i, "15") {
                    Some((Std::Hour, 2))
                } else {
                    Some((Std::NumMonth, 1))
                }
            }
            b'2' => {
                if at(i, "2006") {
                    Some((Std::LongYear, 4))
                } else {
                    Some((Std::Day, 1))
                }
            }
            b'_' => {
                if at(i, "_2") {
                    // `_2006` is a literal underscore before the year.
                    if at(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    Some((Std::UnderDay, 2))
                } else if at(i, "__2") {
                    Some((Std::UnderYearDay, 3))
                } else {
                    None
                }
            }
            b'3' => Some((Std::Hour12, 1)),
            b'4' => Some((Std::Minute, 1)),
            b'5' => Some((Std::Second, 1)),
            b'P' if at(i, "PM") => Some((Std::PM, 2)),
            b'p' if at(i, "pm") => Some((Std::Pm, 2)),
            b'-' => {
                if at(i, "-070000") {
                    Some((Std::NumSecondsTz, 7))
                } else if at(i, "-07:00:00") {
                    Some((Std::NumColonSecondsTZ, 9))
                } else if at(i, "-0700") {
                    Some((Std::NumTZ, 5))
                } else if at(i, "-07:00") {
                    Some((Std::NumColonTZ, 6))
                } else if at(i, "-07") {
                    Some((Std::NumShortTZ, 3))
                } else {
                    None
                }
            }
            b'Z' => {
                if at(i, "Z070000") {
                    Some((Std::Iso8601SecondsTZ, 7))
                } else if at(i, "Z07:00:00") {
                    Some((Std::Iso8601ColonSecondsTZ, 9))
                } else if at(i, "Z0700") {
                    Some((Std::Iso8601TZ, 5))
                } else if at(i, "Z07:00") {
                    Some((Std::Iso8601ColonTZ, 6))
                } else if at(i, "Z07") {
                    Some((Std::Iso8601ShortTZ, 3))
                } else {
                    None
                }
            }
            c @ (b'.' | b',') if i + 1 < b.len() && (b[i + 1] == b'0' || b[i + 1] == b'9') => {
                let ch = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == ch {
                    j += 1;
                }
                // Only a run of digits that ends here is a fraction.
                if !(j < b.len() && b[j].is_ascii_digit()) {
                    // Go keeps the digit count in 12 bits.
                    let n = (j - (i + 1)) & 0xfff;
                    let std = if ch == b'0' {
                        Std::FracSecond0(n, c)
                    } else {
                        Std::FracSecond9(n, c)
                    };
                    Some((std, j - i))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some((std, len)) = found {
            return (&layout[..i], Some(std), &layout[i + len..]);
        }
    }
    (layout, None, "")
}

/// Go's `appendInt`: decimal, zero-padded to `width`.
fn append_int(b: &mut String, x: i128, width: usize) {
    if x < 0 {
        b.push('-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        b.push('0');
    }
    b.push_str(&digits);
}

fn append_nano(b: &mut String, nanosec: u32, digits: usize, sep: u8, trim: bool) {
    if trim && (digits == 0 || nanosec == 0) {
        return;
    }
    let dot = char::from(sep);
    let mut frac = format!("{nanosec:09}");
    if digits < 9 {
        frac.truncate(digits);
    }
    b.push(dot);
    b.push_str(&frac);
    if trim {
        while b.ends_with('0') {
            b.pop();
        }
        if b.ends_with(dot) {
            b.pop();
        }
    }
}

fn format_civil(c: &Civil, name: &str, offset: i32, nsec: u32, layout: &str) -> String {
    let mut b = String::with_capacity(layout.len() + 10);
    let mut layout = layout;
    while !layout.is_empty() {
        let (prefix, std, suffix) = next_std_chunk(layout);
        b.push_str(prefix);
        let Some(std) = std else { break };
        layout = suffix;
        match std {
            Std::Year => append_int(&mut b, (c.year % 100).abs(), 2),
            Std::LongYear => append_int(&mut b, c.year, 4),
            Std::Month => b.push_str(SHORT_MONTH_NAMES[(c.month - 1) as usize]),
            Std::LongMonth => b.push_str(LONG_MONTH_NAMES[(c.month - 1) as usize]),
            Std::NumMonth => append_int(&mut b, c.month.into(), 0),
            Std::ZeroMonth => append_int(&mut b, c.month.into(), 2),
            Std::WeekDay => b.push_str(SHORT_DAY_NAMES[c.weekday as usize]),
            Std::LongWeekDay => b.push_str(LONG_DAY_NAMES[c.weekday as usize]),
            Std::Day => append_int(&mut b, c.day.into(), 0),
            Std::UnderDay => {
                if c.day < 10 {
                    b.push(' ');
                }
                append_int(&mut b, c.day.into(), 0);
            }
            Std::ZeroDay => append_int(&mut b, c.day.into(), 2),
            Std::UnderYearDay => {
                if c.yday < 100 {
                    b.push(' ');
                    if c.yday < 10 {
                        b.push(' ');
                    }
                }
                append_int(&mut b, c.yday.into(), 0);
            }
            Std::ZeroYearDay => append_int(&mut b, c.yday.into(), 3),
            Std::Hour => append_int(&mut b, c.hour.into(), 2),
            Std::Hour12 | Std::ZeroHour12 => {
                // Noon is 12PM, midnight is 12AM.
                let hr = match c.hour % 12 {
                    0 => 12,
                    h => h,
                };
                let width = if std == Std::ZeroHour12 { 2 } else { 0 };
                append_int(&mut b, hr.into(), width);
            }
            Std::Minute => append_int(&mut b, c.minute.into(), 0),
            Std::ZeroMinute => append_int(&mut b, c.minute.into(), 2),
            Std::Second => append_int(&mut b, c.second.into(), 0),
            Std::ZeroSecond => append_int(&mut b, c.second.into(), 2),
            Std::PM => b.push_str(if c.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => b.push_str(if c.hour >= 12 { "pm" } else { "am" }),
            Std::Iso8601TZ
            | Std::Iso8601ColonTZ
            | Std::Iso8601SecondsTZ
            | Std::Iso8601ShortTZ
            | Std::Iso8601ColonSecondsTZ
            | Std::NumTZ
            | Std::NumColonTZ
            | Std::NumSecondsTz
            | Std::NumShortTZ
            | Std::NumColonSecondsTZ => {
                let iso = matches!(
                    std,
                    Std::Iso8601TZ
                        | Std::Iso8601ColonTZ
                        | Std::Iso8601SecondsTZ
                        | Std::Iso8601ShortTZ
                        | Std::Iso8601ColonSecondsTZ
                );
                if offset == 0 && iso {
                    b.push('Z');
                    continue;
                }
                let mut zone = offset / 60;
                let mut absoffset = offset;
                if zone < 0 {
                    b.push('-');
                    zone = -zone;
                    absoffset = -absoffset;
                } else {
                    b.push('+');
                }
                append_int(&mut b, (zone / 60).into(), 2);
                if matches!(
                    std,
                    Std::Iso8601ColonTZ
                        | Std::NumColonTZ
                        | Std::Iso8601ColonSecondsTZ
                        | Std::NumColonSecondsTZ
                ) {
                    b.push(':');
                }
                if !matches!(std, Std::NumShortTZ | Std::Iso8601ShortTZ) {
                    append_int(&mut b, (zone % 60).into(), 2);
                }
                if matches!(
                    std,
                    Std::Iso8601SecondsTZ
                        | Std::NumSecondsTz
                        | Std::NumColonSecondsTZ
                        | Std::Iso8601ColonSecondsTZ
                ) {
                    if matches!(std, Std::NumColonSecondsTZ | Std::Iso8601ColonSecondsTZ) {
                        b.push(':');
                    }
                    append_int(&mut b, (absoffset % 60).into(), 2);
                }
            }
            Std::TZ => {
                if !name.is_empty() {
                    b.push_str(name);
                    continue;
                }
                // No abbreviation known: Go prints the -0700 form.
                let mut zone = offset / 60;
                if zone < 0 {
                    b.push('-');
                    zone = -zone;
                } else {
                    b.push('+');
                }
                append_int(&mut b, (zone / 60).into(), 2);
                append_int(&mut b, (zone % 60).into(), 2);
            }
            Std::FracSecond0(n, sep) => append_nano(&mut b, nsec, n, sep, false),
            Std::FracSecond9(n, sep) => append_nano(&mut b, nsec, n, sep, true),
        }
    }
    b
}

/// The text of a layout element, for parse errors.
fn std_text<'a>(layout: &'a str, prefix: &str, suffix: &str) -> &'a str {
    &layout[prefix.len()..layout.len() - suffix.len()]
}

/// Go's `time.quote` (used in time error messages): like `%q` for ASCII,
/// a `\x` escape for every other byte (Go strings are bytes, and a parse
/// can stop inside a multi-byte character).
fn time_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        if !(b' '..0x80).contains(&b) {
            let _ = write!(out, "\\x{b:02x}");
        } else {
            if b == b'"' || b == b'\\' {
                out.push('\\');
            }
            out.push(char::from(b));
        }
    }
    out.push('"');
    out
}

/// Go's `*time.ParseError` message.
fn parse_error(
    layout: &str,
    value: &str,
    layout_elem: &str,
    value_elem: &[u8],
    msg: &str,
) -> String {
    if msg.is_empty() {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value.as_bytes()),
            time_quote(layout.as_bytes()),
            time_quote(value_elem),
            time_quote(layout_elem.as_bytes())
        )
    } else {
        format!("parsing time {}{}", time_quote(value.as_bytes()), msg)
    }
}

/// Go's case-insensitive prefix `lookup` in a name table.
fn lookup_name<'a>(tab: &[&str], val: &'a [u8]) -> Option<(usize, &'a [u8])> {
    for (i, name) in tab.iter().enumerate() {
        if val.len() >= name.len() && val[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some((i, &val[name.len()..]));
        }
    }
    None
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// `getnum`: one or two digits (`fixed` forces two).
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    if !is_digit(s, 0) {
        return None;
    }
    if !is_digit(s, 1) {
        if fixed {
            return None;
        }
        return Some((i64::from(s[0] - b'0'), &s[1..]));
    }
    Some((
        i64::from(s[0] - b'0') * 10 + i64::from(s[1] - b'0'),
        &s[2..],
    ))
}

/// `getnum3`: one to three digits (`fixed` forces three).
fn getnum3(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let mut n = 0i64;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s[i] - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

/// `leadingInt`: the leading digits as a number, `None` on overflow.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1u64 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1u64 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

/// The time package's `atoi`: optional sign, then digits and nothing else.
fn time_atoi(s: &[u8]) -> Option<i64> {
    let (neg, rest) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (q, rem) = leading_int(rest)?;
    if !rem.is_empty() {
        return None;
    }
    let x = q as i64;
    Some(if neg { x.wrapping_neg() } else { x })
}

fn cutspace(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b' ').count();
    &s[n..]
}

/// `skip`: removes `prefix` from `value`, runs of spaces matching runs.
fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&v| v != b' ') {
                return Err(value);
            }
            prefix = cutspace(prefix);
            value = cutspace(value);
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

fn parse_signed_offset(value: &[u8]) -> usize {
    let Some(&sign) = value.first() else {
        return 0;
    };
    if sign != b'-' && sign != b'+' {
        return 0;
    }
    match leading_int(&value[1..]) {
        Some((x, rem)) if rem.len() != value.len() - 1 && x <= 23 => value.len() - rem.len(),
        _ => 0,
    }
}

fn parse_gmt(value: &[u8]) -> usize {
    let rest = &value[3..];
    if rest.is_empty() {
        return 3;
    }
    3 + parse_signed_offset(rest)
}

/// `parseTimeZone`: the length of a zone abbreviation at the start.
fn parse_time_zone(b: &[u8]) -> Option<usize> {
    if b.len() < 3 {
        return None;
    }
    // ChST and MeST are the only zones with a lower-case letter.
    if b.len() >= 4 && (&b[..4] == b"ChST" || &b[..4] == b"MeST") {
        return Some(4);
    }
    if &b[..3] == b"GMT" {
        return Some(parse_gmt(b));
    }
    if b[0] == b'+' || b[0] == b'-' {
        let n = parse_signed_offset(b);
        return (n > 0).then_some(n);
    }
    let mut n_upper = 0;
    while n_upper < 6 && n_upper < b.len() && b[n_upper].is_ascii_uppercase() {
        n_upper += 1;
    }
    match n_upper {
        5 if b[4] == b'T' => Some(5),
        4 if b[3] == b'T' || &b[..4] == b"WITA" => Some(4),
        3 => Some(3),
        _ => None,
    }
}

fn comma_or_period(b: u8) -> bool {
    b == b'.' || b == b','
}

/// `parseNanoseconds`: `value[0]` is the separator, then `nbytes - 1`
/// digits. Errors are `Err(Some(range message))` or `Err(None)` (bad).
fn parse_nanoseconds(value: &[u8], nbytes: usize) -> Result<i64, Option<&'static str>> {
    if !value.first().is_some_and(|&c| comma_or_period(c)) {
        return Err(None);
    }
    let nbytes = nbytes.min(10);
    let ns = time_atoi(value.get(1..nbytes).ok_or(None)?).ok_or(None)?;
    if ns < 0 {
        return Err(Some("fractional second"));
    }
    let mut ns = ns;
    for _ in 0..(10 - nbytes) {
        ns *= 10;
    }
    Ok(ns)
}

/// The first `n` bytes and the rest, Go's `value[0:n], value[n:]` (the
/// caller has checked the length).
fn split(value: &[u8], n: usize) -> (&[u8], &[u8]) {
    value.split_at(n.min(value.len()))
}

/// Go's `time.ParseInLocation(layout, value, Local)` with Local = UTC:
/// the parsed time or Go's error text.
pub fn parse_in_local(layout: &str, value: &str) -> Result<GoTime, String> {
    let alayout = layout;
    let avalue = value;
    let mut layout = layout;
    let mut value: &[u8] = value.as_bytes();
    let mut range_err: &str = "";
    let mut am_set = false;
    let mut pm_set = false;

    let mut year: i64 = 0;
    let mut month: i64 = -1;
    let mut day: i64 = -1;
    let mut yday: i64 = -1;
    let mut hour: i64 = 0;
    let mut min: i64 = 0;
    let mut sec: i64 = 0;
    let mut nsec: i64 = 0;
    let mut z_utc = false;
    let mut zone_offset: i64 = -1;
    let mut zone_name: &[u8] = b"";

    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = std_text(layout, prefix, suffix);
        value = match skip(value, prefix.as_bytes()) {
            Ok(v) => v,
            Err(v) => return Err(parse_error(alayout, avalue, prefix, v, "")),
        };
        let Some(std) = std else {
            if !value.is_empty() {
                return Err(parse_error(
                    alayout,
                    avalue,
                    "",
                    value,
                    &format!(": extra text: {}", time_quote(value)),
                ));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut ok = true;
        match std {
            Std::Year => {
                if value.len() < 2 {
                    ok = false;
                } else {
                    let (p, rest) = split(value, 2);
                    value = rest;
                    match time_atoi(p) {
                        Some(y) => year = if y >= 69 { y + 1900 } else { y + 2000 },
                        None => ok = false,
                    }
                }
            }
            Std::LongYear => {
                if value.len() < 4 || !is_digit(value, 0) {
                    ok = false;
                } else {
                    let (p, rest) = split(value, 4);
                    value = rest;
                    match time_atoi(p) {
                        Some(y) => year = y,
                        None => ok = false,
                    }
                }
            }
            Std::Month | Std::LongMonth => {
                let tab: &[&str] = if std == Std::Month {
                    &SHORT_MONTH_NAMES
                } else {
                    &LONG_MONTH_NAMES
                };
                match lookup_name(tab, value) {
                    Some((i, rest)) => {
                        month = i as i64 + 1;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::NumMonth | Std::ZeroMonth => match getnum(value, std == Std::ZeroMonth) {
                Some((m, rest)) => {
                    month = m;
                    value = rest;
                    if month <= 0 || 12 < month {
                        range_err = "month";
                    }
                }
                None => ok = false,
            },
            Std::WeekDay | Std::LongWeekDay => {
                // Checked for syntax only.
                let tab: &[&str] = if std == Std::WeekDay {
                    &SHORT_DAY_NAMES
                } else {
                    &LONG_DAY_NAMES
                };
                match lookup_name(tab, value) {
                    Some((_, rest)) => value = rest,
                    None => ok = false,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.first() == Some(&b' ') {
                    value = &value[1..];
                }
                match getnum(value, std == Std::ZeroDay) {
                    Some((d, rest)) => {
                        day = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.first() == Some(&b' ') {
                        value = &value[1..];
                    }
                }
                match getnum3(value, std == Std::ZeroYearDay) {
                    Some((d, rest)) => {
                        yday = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..24).contains(&hour) {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(value, std == Std::ZeroHour12) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..=12).contains(&hour) {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Minute | Std::ZeroMinute => match getnum(value, std == Std::ZeroMinute) {
                Some((m, rest)) => {
                    min = m;
                    value = rest;
                    if !(0..60).contains(&min) {
                        range_err = "minute";
                    }
                }
                None => ok = false,
            },
            Std::Second | Std::ZeroSecond => match getnum(value, std == Std::ZeroSecond) {
                Some((s, rest)) => {
                    sec = s;
                    value = rest;
                    if !(0..60).contains(&sec) {
                        range_err = "second";
                    } else if value.len() >= 2 && comma_or_period(value[0]) && is_digit(value, 1) {
                        // A fraction in the input that the layout lacks.
                        let (_, next, _) = next_std_chunk(layout);
                        if !matches!(next, Some(Std::FracSecond0(..) | Std::FracSecond9(..))) {
                            let mut n = 2;
                            while n < value.len() && is_digit(value, n) {
                                n += 1;
                            }
                            match parse_nanoseconds(value, n) {
                                Ok(ns) => nsec = ns,
                                Err(Some(r)) => range_err = r,
                                Err(None) => ok = false,
                            }
                            value = &value[n..];
                        }
                    }
                }
                None => ok = false,
            },
            Std::PM | Std::Pm => {
                if value.len() < 2 {
                    ok = false;
                } else {
                    let (p, rest) = split(value, 2);
                    value = rest;
                    let (pm, am): (&[u8], &[u8]) = if std == Std::PM {
                        (b"PM", b"AM")
                    } else {
                        (b"pm", b"am")
                    };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        ok = false;
                    }
                }
            }
            Std::Iso8601TZ
            | Std::Iso8601ShortTZ
            | Std::Iso8601ColonTZ
            | Std::Iso8601SecondsTZ
            | Std::Iso8601ColonSecondsTZ
            | Std::NumTZ
            | Std::NumShortTZ
            | Std::NumColonTZ
            | Std::NumSecondsTz
            | Std::NumColonSecondsTZ => {
                let iso = matches!(
                    std,
                    Std::Iso8601TZ
                        | Std::Iso8601ShortTZ
                        | Std::Iso8601ColonTZ
                        | Std::Iso8601SecondsTZ
                        | Std::Iso8601ColonSecondsTZ
                );
                if iso && value.first() == Some(&b'Z') {
                    value = &value[1..];
                    z_utc = true;
                } else {
                    match parse_offset(std, value) {
                        Some((offset, rest, r)) => {
                            value = rest;
                            zone_offset = offset;
                            if !r.is_empty() {
                                range_err = r;
                            }
                        }
                        None => ok = false,
                    }
                }
            }
            Std::TZ => {
                if value.starts_with(b"UTC") {
                    z_utc = true;
                    value = &value[3..];
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            let (name, rest) = split(value, n);
                            zone_name = name;
                            value = rest;
                        }
                        None => ok = false,
                    }
                }
            }
            Std::FracSecond0(digits, _) => {
                let ndigit = 1 + digits;
                if value.len() < ndigit {
                    ok = false;
                } else {
                    match parse_nanoseconds(value, ndigit) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range_err = r,
                        Err(None) => ok = false,
                    }
                    value = &value[ndigit..];
                }
            }
            Std::FracSecond9(..) => {
                if value.len() >= 2 && comma_or_period(value[0]) && value[1].is_ascii_digit() {
                    let mut i = 0;
                    while i + 1 < value.len() && value[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    match parse_nanoseconds(value, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range_err = r,
                        Err(None) => ok = false,
                    }
                    value = &value[1 + i..];
                }
            }
        }
        if !range_err.is_empty() {
            return Err(parse_error(
                alayout,
                avalue,
                stdstr,
                value,
                &format!(": {range_err} out of range"),
            ));
        }
        if !ok {
            return Err(parse_error(alayout, avalue, stdstr, hold, ""));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }

    if yday >= 0 {
        let mut d = 0;
        let mut m = 0;
        if is_leap(year.into()) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year out of range",
            ));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            if days_before(m + 1) < yday {
                m += 1;
            }
            d = yday - days_before(m);
        }
        if month >= 0 && month != m {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match month",
            ));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match day",
            ));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }

    if day < 1 || day > i64::from(days_in_month(month.clamp(1, 12) as u32, year.into())) {
        return Err(parse_error(
            alayout,
            avalue,
            "",
            value,
            ": day out of range",
        ));
    }

    if z_utc {
        return Ok(GoTime::date(
            year,
            month,
            day,
            hour,
            min,
            sec,
            nsec,
            Location::Utc,
        ));
    }
    // Zone abbreviations are ASCII (parseTimeZone only takes letters,
    // digits and signs).
    let zone_name = String::from_utf8_lossy(zone_name);
    if zone_offset != -1 {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, Location::Utc);
        t.add_sec(-zone_offset);
        // The local zone (UTC) is used when the offset and name match it.
        if zone_offset == 0 && (zone_name.is_empty() || zone_name == "UTC") {
            t.loc = Location::Local;
            return Ok(t);
        }
        t.loc = Location::Fixed {
            name: Arc::from(zone_name.as_ref()),
            offset: zone_offset as i32,
        };
        return Ok(t);
    }
    if !zone_name.is_empty() {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, Location::Utc);
        // Local (UTC) only knows the name "UTC", which never gets here.
        let mut offset = 0i64;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = time_atoi(&zone_name.as_bytes()[3..]).unwrap_or(0) * 3600;
        }
        t.loc = Location::Fixed {
            name: Arc::from(zone_name.as_ref()),
            offset: offset as i32,
        };
        return Ok(t);
    }
    Ok(GoTime::date(
        year,
        month,
        day,
        hour,
        min,
        sec,
        nsec,
        Location::Local,
    ))
}

/// Days before the first of month `m` (1-based; 13 is the whole year) in a
/// non-leap year.
fn days_before(m: i64) -> i64 {
    const DAYS_BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    DAYS_BEFORE[(m - 1).clamp(0, 12) as usize]
}

/// The numeric zone offset forms: (offset seconds, rest, range error).
fn parse_offset(std: Std, b: &[u8]) -> Option<(i64, &[u8], &'static str)> {
    let (sign, hh, mm, ss, rest): (u8, &[u8], &[u8], &[u8], &[u8]) = match std {
        Std::Iso8601ColonTZ | Std::NumColonTZ => {
            if b.len() < 6 || b[3] != b':' {
                return None;
            }
            (b[0], &b[1..3], &b[4..6], b"00", &b[6..])
        }
        Std::NumShortTZ | Std::Iso8601ShortTZ => {
            if b.len() < 3 {
                return None;
            }
            (b[0], &b[1..3], b"00", b"00", &b[3..])
        }
        Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ => {
            if b.len() < 9 || b[3] != b':' || b[6] != b':' {
                return None;
            }
            (b[0], &b[1..3], &b[4..6], &b[7..9], &b[9..])
        }
        Std::Iso8601SecondsTZ | Std::NumSecondsTz => {
            if b.len() < 7 {
                return None;
            }
            (b[0], &b[1..3], &b[3..5], &b[5..7], &b[7..])
        }
        _ => {
            if b.len() < 5 {
                return None;
            }
            (b[0], &b[1..3], &b[3..5], b"00", &b[5..])
        }
    };
    let (hr, _) = getnum(hh, true)?;
    let (mm, _) = getnum(mm, true)?;
    let (ss, _) = getnum(ss, true)?;
    // Go tests with > so that offsets of 24 hours or 60 minutes pass.
    let mut range = "";
    if hr > 24 {
        range = "time zone offset hour";
    }
    if mm > 60 {
        range = "time zone offset minute";
    }
    if ss > 60 {
        range = "time zone offset second";
    }
    let offset = (hr * 60 + mm) * 60 + ss;
    let offset = match sign {
        b'+' => offset,
        b'-' => -offset,
        _ => return None,
    };
    Some((offset, rest, range))
}

// ---------------------------------------------------------------------------
// Durations

fn leading_fraction(b: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0;
    let mut overflow = false;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        if !overflow {
            if x > ((1u64 << 63) - 1) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(b[i] - b'0');
                if y > 1u64 << 63 {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &b[i..])
}

/// Go's `time.ParseDuration`, with its error texts.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let quoted = || time_quote(orig.as_bytes());
    let invalid = || format!("time: invalid duration {}", quoted());
    let mut s = orig.as_bytes();
    let mut d: u64 = 0;
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    while let Some(&c0) = s.first() {
        if !(c0 == b'.' || c0.is_ascii_digit()) {
            return Err(invalid());
        }
        let pl = s.len();
        let Some((mut v, rest)) = leading_int(s) else {
            return Err(invalid());
        };
        s = rest;
        let pre = pl != s.len();
        let mut post = false;
        let mut f = 0u64;
        let mut scale = 1.0;
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let pl = s.len();
            let (ff, sc, rest) = leading_fraction(s);
            f = ff;
            scale = sc;
            s = rest;
            post = pl != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let i = s
            .iter()
            .position(|&b| b == b'.' || b.is_ascii_digit())
            .unwrap_or(s.len());
        if i == 0 {
            return Err(format!("time: missing unit in duration {}", quoted()));
        }
        let (u, rest) = s.split_at(i);
        s = rest;
        let unit: u64 = match u {
            b"ns" => 1,
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(u),
                    quoted()
                ));
            }
        };
        if v > (1u64 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v = v.wrapping_add((f as f64 * (unit as f64 / scale)) as u64);
            if v > 1u64 << 63 {
                return Err(invalid());
            }
        }
        d = d.wrapping_add(v);
        if d > 1u64 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go's `fmtFrac`: the fraction of `v / 10^prec` with trailing zeros (and
/// then the dot) dropped; returns the text and the integer part.
fn fmt_frac(v: u64, prec: u32) -> (String, u64) {
    let mut digits = Vec::new();
    let mut v = v;
    let mut print = false;
    for _ in 0..prec {
        let digit = v % 10;
        print = print || digit != 0;
        if print {
            digits.push(char::from(b'0' + digit as u8));
        }
        v /= 10;
    }
    let mut s = String::new();
    if print {
        s.push('.');
        s.extend(digits.iter().rev());
    }
    (s, v)
}

/// Go's `Duration.String()`.
pub fn duration_string(d: i64) -> String {
    let neg = d < 0;
    let mut u = d.unsigned_abs();
    let mut out;
    if u < 1_000_000_000 {
        let (prec, unit) = match u {
            0 => return "0s".to_string(),
            u if u < 1_000 => (0, "ns"),
            u if u < 1_000_000 => (3, "\u{b5}s"),
            _ => (6, "ms"),
        };
        let (frac, int) = fmt_frac(u, prec);
        out = format!("{int}{frac}{unit}");
    } else {
        let (frac, secs) = fmt_frac(u, 9);
        u = secs;
        out = format!("{}{frac}s", u % 60);
        u /= 60;
        if u > 0 {
            out = format!("{}m{out}", u % 60);
            u /= 60;
            // Stop at hours because days can be different lengths.
            if u > 0 {
                out = format!("{u}h{out}");
            }
        }
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Go's `Duration.Round(m)`, saturating on overflow.
pub fn duration_round(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        let d1 = d.wrapping_sub(m).wrapping_add(r);
        if d1 < d { d1 } else { i64::MIN }
    } else {
        if less_than_half(r, m) {
            return d - r;
        }
        let d1 = d.wrapping_add(m).wrapping_sub(r);
        if d1 > d { d1 } else { i64::MAX }
    }
}

fn duration_truncate(d: i64, m: i64) -> i64 {
    if m <= 0 { d } else { d - d % m }
}

// ---------------------------------------------------------------------------
// Clock

fn process_start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Where `now` comes from: the system clock like Helm, or a fixed instant
/// for tests and reproducible runs.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> GoTime + Send + Sync>);

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

impl Clock {
    /// `time.Now()`: the wall clock in Local, and a monotonic reading
    /// counted from process start (Go starts it at 1ns).
    pub fn system() -> Clock {
        process_start();
        Clock(Arc::new(|| {
            let (sec, nsec) = match SystemTime::now().duration_since(UNIX_EPOCH) {
                Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
                Err(e) => {
                    let d = e.duration();
                    let (s, n) = (d.as_secs() as i64, d.subsec_nanos());
                    if n == 0 {
                        (-s, 0)
                    } else {
                        (-s - 1, 1_000_000_000 - n)
                    }
                }
            };
            let mono = i64::try_from(process_start().elapsed().as_nanos())
                .unwrap_or(i64::MAX)
                .saturating_add(1);
            GoTime::from_unix(sec, nsec).with_monotonic(Some(mono))
        }))
    }

    /// Always the same instant (in Local, monotonic reading 1ns).
    pub fn fixed(unix_sec: i64, nsec: u32) -> Clock {
        let t = GoTime::from_unix(unix_sec, nsec).with_monotonic(Some(1));
        Clock(Arc::new(move || t.clone()))
    }

    pub fn now(&self) -> GoTime {
        (self.0)()
    }
}

// ---------------------------------------------------------------------------
// Template objects

impl Object for GoTime {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn kind(&self) -> &str {
        "struct"
    }

    fn method(&self, name: &str) -> Option<Signature> {
        const NONE: Signature = Signature::fixed(&[]);
        Some(match name {
            "Add" | "Round" | "Truncate" => Signature::fixed(&[ParamType::Int64]),
            "AddDate" => Signature::fixed(&[ParamType::Int, ParamType::Int, ParamType::Int]),
            "After" | "Before" | "Equal" | "Compare" | "Sub" => {
                Signature::fixed(&[ParamType::Object("time.Time")])
            }
            "Format" => Signature::fixed(&[ParamType::String]),
            "Day" | "Hour" | "Minute" | "Second" | "Nanosecond" | "Year" | "YearDay" | "Month"
            | "Weekday" | "IsZero" | "Local" | "UTC" | "String" | "Unix" | "UnixMilli"
            | "UnixMicro" | "UnixNano" => NONE,
            _ => return None,
        })
    }

    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        let int_arg = |i: usize| match args.get(i) {
            Some(Value::Int(n) | Value::Int64(n, _)) => *n,
            _ => 0,
        };
        let time_arg = || -> Result<GoTime, FuncError> {
            args.first()
                .and_then(as_time)
                .ok_or_else(|| FuncError::new(format!("wrong argument for method {name}")))
        };
        let (c, _, _) = self.civil();
        Ok(match name {
            "Add" => Value::object(self.add(int_arg(0))),
            "Round" => Value::object(self.round_to(int_arg(0), true)),
            "Truncate" => Value::object(self.round_to(int_arg(0), false)),
            "AddDate" => Value::object(self.add_date(int_arg(0), int_arg(1), int_arg(2))),
            "After" => Value::from(self.after(&time_arg()?)),
            "Before" => Value::from(self.before(&time_arg()?)),
            "Equal" => Value::from(self.equal(&time_arg()?)),
            "Compare" => {
                let u = time_arg()?;
                Value::Int(if self.before(&u) {
                    -1
                } else if self.after(&u) {
                    1
                } else {
                    0
                })
            }
            "Sub" => Value::object(GoDuration(self.sub(&time_arg()?))),
            "Format" => {
                Value::from(self.format(args.first().and_then(Value::as_str).unwrap_or("")))
            }
            "Day" => Value::Int(c.day.into()),
            "Hour" => Value::Int(c.hour.into()),
            "Minute" => Value::Int(c.minute.into()),
            "Second" => Value::Int(c.second.into()),
            "Nanosecond" => Value::Int(self.nsec.into()),
            "Year" => Value::Int(clamp_i64(c.year)),
            "YearDay" => Value::Int(c.yday.into()),
            "Month" => Value::object(GoMonth(c.month)),
            "Weekday" => Value::object(GoWeekday(c.weekday)),
            "IsZero" => Value::from(self.is_zero()),
            "Local" => Value::object(self.in_location(Location::Local)),
            "UTC" => Value::object(self.in_location(Location::Utc)),
            "String" => Value::from(self.to_go_string()),
            "Unix" => Value::int64(self.unix()),
            "UnixMilli" => Value::int64(clamp_i64(
                i128::from(self.unix()) * 1000 + i128::from(self.nsec / 1_000_000),
            )),
            "UnixMicro" => Value::int64(clamp_i64(
                i128::from(self.unix()) * 1_000_000 + i128::from(self.nsec / 1000),
            )),
            "UnixNano" => Value::int64(self.unix_nano()),
            _ => return Err(FuncError::new(format!("no method {name}"))),
        })
    }

    fn go_string(&self) -> String {
        self.to_go_string()
    }

    fn is_stringer(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `time.Month`, which prints its English name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GoMonth(pub u32);

impl Object for GoMonth {
    fn type_name(&self) -> &str {
        "time.Month"
    }
    fn kind(&self) -> &str {
        "int"
    }
    fn method(&self, name: &str) -> Option<Signature> {
        (name == "String").then_some(Signature::fixed(&[]))
    }
    fn call_method(&self, name: &str, _args: Vec<Value>) -> Result<Value, FuncError> {
        match name {
            "String" => Ok(Value::from(self.go_string())),
            _ => Err(FuncError::new(format!("no method {name}"))),
        }
    }
    fn go_string(&self) -> String {
        match self.0 {
            1..=12 => LONG_MONTH_NAMES[(self.0 - 1) as usize].to_string(),
            m => format!("%!Month({m})"),
        }
    }
    fn is_stringer(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `time.Weekday`, which prints its English name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GoWeekday(pub u32);

impl Object for GoWeekday {
    fn type_name(&self) -> &str {
        "time.Weekday"
    }
    fn kind(&self) -> &str {
        "int"
    }
    fn method(&self, name: &str) -> Option<Signature> {
        (name == "String").then_some(Signature::fixed(&[]))
    }
    fn call_method(&self, name: &str, _args: Vec<Value>) -> Result<Value, FuncError> {
        match name {
            "String" => Ok(Value::from(self.go_string())),
            _ => Err(FuncError::new(format!("no method {name}"))),
        }
    }
    fn go_string(&self) -> String {
        LONG_DAY_NAMES
            .get(self.0 as usize)
            .map_or_else(|| format!("%!Weekday({})", self.0), |s| s.to_string())
    }
    fn is_stringer(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `time.Duration` (what `Time.Sub` returns), which prints like `1h2m3s`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GoDuration(pub i64);

impl Object for GoDuration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }
    fn kind(&self) -> &str {
        "int64"
    }
    fn method(&self, name: &str) -> Option<Signature> {
        Some(match name {
            "Round" | "Truncate" => Signature::fixed(&[ParamType::Int64]),
            "String" | "Hours" | "Minutes" | "Seconds" | "Milliseconds" | "Microseconds"
            | "Nanoseconds" | "Abs" => Signature::fixed(&[]),
            _ => return None,
        })
    }
    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        let d = self.0;
        let arg = match args.first() {
            Some(Value::Int(n) | Value::Int64(n, _)) => *n,
            _ => 0,
        };
        let split = |unit: i64| (d / unit) as f64 + (d % unit) as f64 / unit as f64;
        Ok(match name {
            "String" => Value::from(duration_string(d)),
            "Hours" => Value::from(split(HOUR)),
            "Minutes" => Value::from(split(MINUTE)),
            "Seconds" => Value::from(split(SECOND)),
            "Milliseconds" => Value::int64(d / MILLISECOND),
            "Microseconds" => Value::int64(d / MICROSECOND),
            "Nanoseconds" => Value::int64(d / NANOSECOND),
            "Abs" => Value::object(GoDuration(if d >= 0 {
                d
            } else if d == i64::MIN {
                i64::MAX
            } else {
                -d
            })),
            "Round" => Value::object(GoDuration(duration_round(d, arg))),
            "Truncate" => Value::object(GoDuration(duration_truncate(d, arg))),
            _ => return Err(FuncError::new(format!("no method {name}"))),
        })
    }
    fn go_string(&self) -> String {
        duration_string(self.0)
    }
    fn is_stringer(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The `time.Time` inside a value, if it holds one.
pub fn as_time(value: &Value) -> Option<GoTime> {
    match value {
        Value::Object(obj) => obj.as_any().downcast_ref::<GoTime>().cloned(),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Sprig's functions

/// Sprig's `dateInZone`: time.Time (or Unix seconds as int/int64) formatted
/// in the named zone; any other argument means now, an unknown zone UTC.
pub fn date_in_zone(clock: &Clock, layout: &str, date: &Value, zone: &str) -> String {
    let t = match date {
        Value::Int(n) | Value::Int64(n, _) => GoTime::from_unix(*n, 0),
        other => as_time(other).unwrap_or_else(|| clock.now()),
    };
    let loc = Location::load(zone).unwrap_or(Location::Utc);
    t.in_location(loc).format(layout)
}

/// Sprig's `dateModify`: the time moved by a Go duration, unchanged when
/// the duration does not parse.
pub fn date_modify(layout: &str, date: &GoTime) -> GoTime {
    match parse_duration(layout) {
        Ok(d) => date.add(d),
        Err(_) => date.clone(),
    }
}

pub fn must_date_modify(layout: &str, date: &GoTime) -> Result<GoTime, String> {
    parse_duration(layout).map(|d| date.add(d))
}

/// Sprig's `ago`: time since a time.Time or Unix seconds, rounded to the
/// second. Unlike `date`, only int and int64 count as seconds.
pub fn ago(clock: &Clock, date: &Value) -> String {
    let now = clock.now();
    let t = match date {
        Value::Int(n) | Value::Int64(n, _) => GoTime::from_unix(*n, 0),
        other => as_time(other).unwrap_or_else(|| now.clone()),
    };
    duration_string(duration_round(now.sub(&t), SECOND))
}

/// Sprig's `duration`: seconds as a Go duration string. Only strings and
/// int64 count; a Go `int` (any template literal) gives 0s.
pub fn duration(sec: &Value) -> String {
    let n = match sec {
        Value::String(s, _) => go_parse_int64(s).unwrap_or(0),
        Value::Int64(n, _) => *n,
        _ => 0,
    };
    duration_string(n.wrapping_mul(SECOND))
}

/// `strconv.ParseInt(s, 10, 64)`; Sprig ignores the error and keeps the
/// zero Go returns with it, except for range errors, where Go returns the
/// saturated value.
fn go_parse_int64(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    // Underscores are only allowed with base 0.
    if digits.contains('_') {
        return None;
    }
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > i128::from(i64::MAX) + 1 {
            break;
        }
    }
    let v = if neg { -v } else { v };
    Some(v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// Sprig's `durationRound`: the largest whole unit (y, mo, d, h, m, s) of a
/// duration string, int64 nanoseconds, or the time since a time.Time.
pub fn duration_round_sprig(clock: &Clock, value: &Value) -> String {
    let d: i64 = match value {
        Value::String(s, _) => parse_duration(s).unwrap_or(0),
        Value::Int64(n, _) => *n,
        other => match as_time(other) {
            Some(t) => clock.now().sub(&t),
            None => 0,
        },
    };
    let u = d.unsigned_abs();
    const HOUR_U: u64 = 3_600_000_000_000;
    let units: [(u64, &str); 6] = [
        (HOUR_U * 24 * 365, "y"),
        (HOUR_U * 24 * 30, "mo"),
        (HOUR_U * 24, "d"),
        (HOUR_U, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    for (size, suffix) in units {
        // Sprig compares with >, so exactly one hour is "60m".
        if u > size {
            return format!("{}{suffix}", u / size);
        }
    }
    "0s".to_string()
}

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    register_with_clock(funcs, options, Clock::system());
}

/// Registers the date functions reading time from `clock`.
pub fn register_with_clock(funcs: &mut FuncMap, _options: &FuncOptions, clock: Clock) {
    use ParamType::{Any, String as Str};
    const TIME: ParamType = ParamType::Object("time.Time");

    let c = clock.clone();
    funcs.insert_plain("now", Signature::fixed(&[]), move |_| {
        Ok(Value::object(c.now()))
    });

    let c = clock.clone();
    funcs.insert_plain("ago", Signature::fixed(&[Any]), move |args| {
        Ok(Value::from(ago(&c, arg(&args, 0))))
    });

    let c = clock.clone();
    funcs.insert_plain("date", Signature::fixed(&[Str, Any]), move |args| {
        Ok(Value::from(date_in_zone(
            &c,
            str_arg(&args, 0),
            arg(&args, 1),
            "Local",
        )))
    });

    for name in ["dateInZone", "date_in_zone"] {
        let c = clock.clone();
        funcs.insert_plain(name, Signature::fixed(&[Str, Any, Str]), move |args| {
            Ok(Value::from(date_in_zone(
                &c,
                str_arg(&args, 0),
                arg(&args, 1),
                str_arg(&args, 2),
            )))
        });
    }

    let c = clock.clone();
    funcs.insert_plain("htmlDate", Signature::fixed(&[Any]), move |args| {
        Ok(Value::from(date_in_zone(
            &c,
            "2006-01-02",
            arg(&args, 0),
            "Local",
        )))
    });

    let c = clock.clone();
    funcs.insert_plain(
        "htmlDateInZone",
        Signature::fixed(&[Any, Str]),
        move |args| {
            Ok(Value::from(date_in_zone(
                &c,
                "2006-01-02",
                arg(&args, 0),
                str_arg(&args, 1),
            )))
        },
    );

    for name in ["dateModify", "date_modify"] {
        funcs.insert_plain(name, Signature::fixed(&[Str, TIME]), |args| {
            let t = as_time(arg(&args, 1)).unwrap_or_default();
            Ok(Value::object(date_modify(str_arg(&args, 0), &t)))
        });
    }

    for name in ["mustDateModify", "must_date_modify"] {
        funcs.insert_plain(name, Signature::fixed(&[Str, TIME]), |args| {
            let t = as_time(arg(&args, 1)).unwrap_or_default();
            must_date_modify(str_arg(&args, 0), &t)
                .map(Value::object)
                .map_err(FuncError::new)
        });
    }

    funcs.insert_plain("duration", Signature::fixed(&[Any]), |args| {
        Ok(Value::from(duration(arg(&args, 0))))
    });

    let c = clock;
    funcs.insert_plain("durationRound", Signature::fixed(&[Any]), move |args| {
        Ok(Value::from(duration_round_sprig(&c, arg(&args, 0))))
    });

    funcs.insert_plain("toDate", Signature::fixed(&[Str, Str]), |args| {
        // Sprig drops the error and returns the zero time.
        let t = parse_in_local(str_arg(&args, 0), str_arg(&args, 1)).unwrap_or_default();
        Ok(Value::object(t))
    });

    funcs.insert_plain("mustToDate", Signature::fixed(&[Str, Str]), |args| {
        parse_in_local(str_arg(&args, 0), str_arg(&args, 1))
            .map(Value::object)
            .map_err(FuncError::new)
    });

    funcs.insert_plain("unixEpoch", Signature::fixed(&[TIME]), |args| {
        let t = as_time(arg(&args, 0)).unwrap_or_default();
        Ok(Value::from(t.unix().to_string()))
    });
}

fn arg(args: &[Value], i: usize) -> &Value {
    static NIL: Value = Value::Nil;
    args.get(i).unwrap_or(&NIL)
}

fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-02-29T13:07:09.012300456+05:30, the instant of most probes.
    fn probe_time() -> GoTime {
        parse_in_local(
            "2006-01-02T15:04:05.999999999Z07:00",
            "2024-02-29T13:07:09.012300456+05:30",
        )
        .unwrap_or_default()
    }

    fn fixed_clock() -> Clock {
        // 2023-11-14 22:13:20 UTC
        Clock::fixed(1_700_000_000, 0)
    }

    #[test]
    fn time_string_with_fixed_zone() {
        assert_eq!(
            probe_time().to_go_string(),
            "2024-02-29 13:07:09.012300456 +0530 +0530"
        );
    }

    #[test]
    fn every_layout_element() {
        // Expected text from Helm 3.17.1 and 4.1.4.
        let layout = "Mon Monday Jan January 1 01 2 _2 02 __2 002 15 3 03 4 04 5 05 2006 06 PM pm MST Z0700 Z070000 Z07 Z07:00 Z07:00:00 -0700 -070000 -07 -07:00 -07:00:00 .0 .000 .999 ,999999999 .9";
        let t = probe_time().in_location(Location::Local);
        assert_eq!(
            t.format(layout),
            "Thu Thursday Feb February 2 02 29 29 29  60 060 07 7 07 37 37 9 09 2024 24 AM am UTC Z Z Z Z Z +0000 +000000 +00 +00:00 +00:00:00 .0 .012 .012 ,012300456 "
        );
    }

    #[test]
    fn zones_by_name() {
        let c = fixed_clock();
        let t = Value::Int(1_700_000_000);
        let layout = "2006-01-02 15:04:05 MST -0700";
        assert_eq!(
            date_in_zone(&c, layout, &t, "Europe/Paris"),
            "2023-11-14 23:13:20 CET +0100"
        );
        assert_eq!(
            date_in_zone(&c, layout, &t, "America/Sao_Paulo"),
            "2023-11-14 19:13:20 -03 -0300"
        );
        assert_eq!(
            date_in_zone(&c, layout, &t, "Bogus/Zone"),
            "2023-11-14 22:13:20 UTC +0000"
        );
        // Go opens zoneinfo files by exact name.
        assert_eq!(
            date_in_zone(&c, layout, &t, "europe/paris"),
            "2023-11-14 22:13:20 UTC +0000"
        );
        assert_eq!(
            date_in_zone(&c, "2006-01-02", &t, "Asia/Kolkata"),
            "2023-11-15"
        );
        let t = Value::object(probe_time());
        assert_eq!(
            date_in_zone(&c, "2006-01-02 15:04 MST", &t, "America/New_York"),
            "2024-02-29 02:37 EST"
        );
        assert_eq!(
            date_in_zone(&c, "2006-01-02 15:04:05.000 MST", &t, ""),
            "2024-02-29 07:37:09.012 UTC"
        );
    }

    #[test]
    fn date_takes_times_and_unix_seconds() {
        let c = fixed_clock();
        assert_eq!(
            date_in_zone(&c, "2006-01-02 15:04:05 MST", &Value::Int(0), "Local"),
            "1970-01-01 00:00:00 UTC"
        );
        assert_eq!(
            date_in_zone(
                &c,
                "2006-01-02T15:04:05Z07:00",
                &Value::Int(1_700_000_000),
                "Local"
            ),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            date_in_zone(&c, "2006", &Value::int64(1_700_000_000), "Local"),
            "2023"
        );
        // Anything else is now.
        assert_eq!(
            date_in_zone(&c, "2006-01-02", &Value::from("2020-01-01"), "Local"),
            "2023-11-14"
        );
    }

    #[test]
    fn time_methods() {
        let t = probe_time();
        let call = |name: &str, args: Vec<Value>| t.call_method(name, args).unwrap_or(Value::Nil);
        assert!(matches!(call("Year", vec![]), Value::Int(2024)));
        assert!(matches!(call("YearDay", vec![]), Value::Int(60)));
        assert!(matches!(
            call("Unix", vec![]),
            Value::Int64(1_709_192_229, _)
        ));
        assert!(matches!(
            call("UnixNano", vec![]),
            Value::Int64(1_709_192_229_012_300_456, _)
        ));
        let month = call("Month", vec![]);
        assert_eq!(month.type_name(), "time.Month");
        let Value::Object(month) = month else {
            panic!("month")
        };
        assert_eq!(month.go_string(), "February");
        let Value::Object(utc) = call("UTC", vec![]) else {
            panic!("utc")
        };
        assert_eq!(utc.go_string(), "2024-02-29 07:37:09.012300456 +0000 UTC");
        assert_eq!(
            t.add_date(0, 1, 0).to_go_string(),
            "2024-03-29 13:07:09.012300456 +0530 +0530"
        );
        assert_eq!(
            t.add(3_600_000_000_000).to_go_string(),
            "2024-02-29 14:07:09.012300456 +0530 +0530"
        );
        let start = parse_in_local("2006-01-02", "2024-01-01").unwrap_or_default();
        assert_eq!(duration_string(t.sub(&start)), "1423h37m9.012300456s");
    }

    #[test]
    fn parse_zones_and_names() {
        let cases = [
            (
                "2006-01-02 15:04:05 MST",
                "2024-07-01 10:00:00 CEST",
                "2024-07-01 10:00:00 +0000 CEST",
            ),
            (
                "2006-01-02 15:04:05 MST",
                "2024-07-01 10:00:00 UTC",
                "2024-07-01 10:00:00 +0000 UTC",
            ),
            (
                "2006-01-02 15:04:05 -0700",
                "2024-07-01 10:00:00 +0000",
                "2024-07-01 10:00:00 +0000 UTC",
            ),
            (
                "2006-01-02 15:04:05 -0700",
                "2024-07-01 10:00:00 +0100",
                "2024-07-01 10:00:00 +0100 +0100",
            ),
            (
                "Jan _2 2006 3:04PM",
                "Feb  3 2021 4:05AM",
                "2021-02-03 04:05:00 +0000 UTC",
            ),
            ("02/01/06", "31/12/99", "1999-12-31 00:00:00 +0000 UTC"),
            ("2006-01-02", "2024-03-05", "2024-03-05 00:00:00 +0000 UTC"),
        ];
        for (layout, value, want) in cases {
            let got = parse_in_local(layout, value).map(|t| t.to_go_string());
            assert_eq!(got.as_deref(), Ok(want), "{layout} {value}");
        }
    }

    #[test]
    fn parse_errors() {
        let err =
            |layout: &str, value: &str| parse_in_local(layout, value).err().unwrap_or_default();
        assert_eq!(
            err("2006-01-02", "2024-13-01"),
            "parsing time \"2024-13-01\": month out of range"
        );
        assert_eq!(
            err("2006-01-02", "xx"),
            "parsing time \"xx\" as \"2006-01-02\": cannot parse \"xx\" as \"2006\""
        );
        assert_eq!(
            err("2006-01-02", "2024-02-30"),
            "parsing time \"2024-02-30\": day out of range"
        );
        assert_eq!(
            err("2006-01-02", "2024-02-03x"),
            "parsing time \"2024-02-03x\": extra text: \"x\""
        );
        // toDate's zero time.
        assert_eq!(
            GoTime::default().to_go_string(),
            "0001-01-01 00:00:00 +0000 UTC"
        );
    }

    #[test]
    fn errors_quote_bytes_like_go() {
        // Helm 3.17.1: a mismatch inside a multi-byte character.
        assert_eq!(
            parse_in_local("\u{e9}", "\u{e8}").err().as_deref(),
            Some(r#"parsing time "\xc3\xa8" as "\xc3\xa9": cannot parse "\xa8" as "\xc3\xa9""#)
        );
        assert_eq!(
            parse_duration("1\u{e9}").err().as_deref(),
            Some(r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#)
        );
        assert_eq!(parse_duration("1\u{b5}s"), Ok(1_000));
    }

    #[test]
    fn durations() {
        assert_eq!(duration(&Value::from("90061")), "25h1m1s");
        assert_eq!(duration(&Value::from("-1")), "-1s");
        assert_eq!(duration(&Value::from("x")), "0s");
        // A template literal is a Go int, which Sprig does not handle.
        assert_eq!(duration(&Value::Int(3600)), "0s");
        assert_eq!(duration(&Value::int64(3600)), "1h0m0s");
        assert_eq!(duration(&Value::int64(9_223_372_036)), "2562047h47m16s");
        assert_eq!(
            duration(&Value::from("9223372037")),
            "-2562047h47m16.709551616s"
        );
        assert_eq!(duration_string(1500), "1.5\u{b5}s");
        assert_eq!(duration_string(-1_500_000), "-1.5ms");
        assert_eq!(duration_string(12), "12ns");
    }

    #[test]
    fn duration_rounding() {
        let c = fixed_clock();
        let r = |v: Value| duration_round_sprig(&c, &v);
        assert_eq!(r(Value::from("2h30m")), "2h");
        assert_eq!(r(Value::from("8761h")), "1y");
        assert_eq!(r(Value::from("721h")), "1mo");
        assert_eq!(r(Value::from("25h")), "1d");
        assert_eq!(r(Value::from("1h")), "60m");
        assert_eq!(r(Value::from("-3h")), "3h");
        assert_eq!(r(Value::from("1s")), "0s");
        assert_eq!(r(Value::from("1.5s")), "1s");
        assert_eq!(r(Value::int64(1_000_000_001)), "1s");
        assert_eq!(r(Value::Int(3600)), "0s");
        assert_eq!(r(Value::from("bogus")), "0s");
    }

    #[test]
    fn parse_duration_errors() {
        assert_eq!(
            parse_duration("1d"),
            Err("time: unknown unit \"d\" in duration \"1d\"".to_string())
        );
        assert_eq!(
            parse_duration("x"),
            Err("time: invalid duration \"x\"".to_string())
        );
        assert_eq!(
            parse_duration("1"),
            Err("time: missing unit in duration \"1\"".to_string())
        );
        assert_eq!(parse_duration("-1.5h"), Ok(-5_400_000_000_000));
        assert_eq!(parse_duration("+90m"), Ok(5_400_000_000_000));
        assert_eq!(
            parse_duration("9999999999h"),
            Err("time: invalid duration \"9999999999h\"".to_string())
        );
    }

    #[test]
    fn date_modify_keeps_zone() {
        let t = probe_time();
        assert_eq!(
            date_modify("-1.5h", &t).to_go_string(),
            "2024-02-29 11:37:09.012300456 +0530 +0530"
        );
        assert_eq!(date_modify("xx", &t), t);
        assert!(must_date_modify("1d", &t).is_err());
    }

    #[test]
    fn now_prints_monotonic_reading() {
        let c = fixed_clock();
        assert_eq!(
            c.now().to_go_string(),
            "2023-11-14 22:13:20 +0000 UTC m=+0.000000001"
        );
        assert_eq!(ago(&c, &Value::Int(1_700_000_000 - 3661)), "1h1m1s");
        assert_eq!(ago(&c, &Value::object(c.now())), "0s");
        let real = Clock::system().now();
        assert!(real.to_go_string().contains(" m=+"));
    }

    #[test]
    fn golden_case_values() {
        // Outputs recorded from Helm 3.17.1 and 4.1.4 in the dates cases.
        let c = fixed_clock();
        let parse = |l: &str, v: &str| parse_in_local(l, v).map(|t| t.to_go_string());
        assert_eq!(
            parse("15 MST", "10 GMT+3").as_deref(),
            Ok("0000-01-01 13:00:00 +0300 GMT+3")
        );
        assert_eq!(
            parse("15:04:05", "10:11:12.123456").as_deref(),
            Ok("0000-01-01 10:11:12.123456 +0000 UTC")
        );
        assert_eq!(
            parse("15:04:05,999", "10:11:12,5").as_deref(),
            Ok("0000-01-01 10:11:12.5 +0000 UTC")
        );
        assert_eq!(
            parse("002 2006", "060 2024").as_deref(),
            Ok("2024-02-29 00:00:00 +0000 UTC")
        );
        assert_eq!(
            parse("Monday, 02-Jan-06", "Tuesday, 05-Mar-24").as_deref(),
            Ok("2024-03-05 00:00:00 +0000 UTC")
        );
        let unix = |l: &str, v: &str| parse_in_local(l, v).map(|t| t.unix());
        assert_eq!(unix("2006-01-02 -0700", "1969-12-31 -0100"), Ok(-82_800));
        assert_eq!(GoTime::default().unix(), -62_135_596_800);
        let zone = |layout: &str, v: Value, z: &str| date_in_zone(&c, layout, &v, z);
        assert_eq!(
            zone(
                "2006-01-02 15:04 MST",
                Value::Int(1_700_000_000),
                "Australia/Sydney"
            ),
            "2023-11-15 09:13 AEDT"
        );
        assert_eq!(
            zone("2006-01-02 15:04 MST", Value::int64(0), "Pacific/Chatham"),
            "1970-01-01 12:45 +1245"
        );
        assert_eq!(
            zone(
                "2006-01-02 15:04 MST",
                Value::Int(1_720_000_000),
                "Europe/Paris"
            ),
            "2024-07-03 11:46 CEST"
        );
        assert_eq!(
            zone("15:04 MST", Value::Int(1_700_000_000), "../etc"),
            "22:13 UTC"
        );
        let t = Value::object(probe_time());
        assert_eq!(
            zone("2006-01-02 15:04:05.000 MST", t.clone(), "Asia/Tokyo"),
            "2024-02-29 16:37:09.012 JST"
        );
        assert_eq!(zone("MST", t.clone(), "Asia/Kolkata"), "IST");
        assert_eq!(
            zone("2006-01-02", t.clone(), "Pacific/Kiritimati"),
            "2024-02-29"
        );
        assert_eq!(zone("2006-01-02", t, "America/Anchorage"), "2024-02-28");
        assert_eq!(zone("3:04PM", Value::Int(-1), "Local"), "11:59PM");
        assert_eq!(duration(&Value::from("99999999999999999999")), "-1s");
        assert_eq!(duration(&Value::Float(7200.0, None)), "0s");
        let round = |v: Value| duration_round_sprig(&c, &v);
        assert_eq!(round(Value::Int(3_600_000_000_000)), "0s");
        assert_eq!(round(Value::int64(-61_000_000_000)), "1m");
        assert_eq!(
            must_date_modify("+1h1m1s1ms", &probe_time())
                .map(|t| t.in_location(Location::Local).format("15:04:05.000"))
                .as_deref(),
            Ok("08:38:10.013")
        );
    }

    #[test]
    fn unix_seconds_wrap_like_go() {
        // time.Unix(math.MaxInt64, 0) overflows Go's internal seconds.
        let t = GoTime::from_unix(i64::MAX, 0);
        assert!(!t.format("2006").is_empty());
        let t = GoTime::from_unix(i64::MIN, 0);
        assert!(!t.to_go_string().is_empty());
    }
}
