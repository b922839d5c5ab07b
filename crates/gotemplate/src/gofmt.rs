//! Go's fmt printing: `Sprint`, `Sprintln`, `Sprintf` with every verb and flag,
//! and the strconv functions they rest on (`FormatFloat`, `Quote`, `IsPrint`).
//!
//! This is a port of Go 1.23's `fmt/print.go` and `fmt/format.go` (and the
//! parts of `strconv` they call) over [`Value`], checked byte for byte
//! against Helm 3.17 (built with Go 1.23.5); the tests at the bottom hold
//! what Helm printed. Function and variable names follow Go's so that the
//! two can be read side by side.
//!
//! Where this departs from Go, because Go's behaviour cannot be reproduced
//! or would be harmful:
//!
//! * A Stringer object prints its [`Object::go_string`] through the string
//!   verbs (`%v %s %q %x %X`) as Go does. For any other verb, and for any
//!   verb on an object that is not a Stringer, it prints `go_string()` as
//!   is, without padding: Go would apply the verb and width to each struct
//!   field (`%d` of a semver gives `&{1 2 3 %!d(string=) …}`), print `%#v`
//!   in Go syntax, and print a pointer nested in a slice or map as its
//!   address.
//! * Output is a Rust `String`, so the invalid UTF-8 of a `[]byte` printed
//!   with `%s` becomes one U+FFFD per invalid byte (which keeps Go's rune
//!   counts for padding) where Go writes the raw bytes.
//! * `%p` prints the address of the Rust allocation.
//! * Go recurses without limit: it crashes on a map that contains itself
//!   (Sprig's `set` can build one) and on data nested a few million levels
//!   deep. Here a map met again inside itself prints as `...`, and so does
//!   anything nested deeper than 10000 levels.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::value::{List, Object, Value};

/// Nesting beyond which composite values print as `...`.
const MAX_DEPTH: usize = 10_000;

const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// Go's `tooLarge`: the largest width or precision a format may ask for.
const MAX_NUM: i64 = 1_000_000;

/// Beyond these precisions every digit of an f64 is a zero: 1074 fraction
/// digits is the most any f64 has, 767 significant digits likewise.
const MAX_EXACT_FRACTION: usize = 1100;
const MAX_EXACT_DIGITS: usize = 800;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// `fmt.Sprint(args...)`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    write_sprint(&mut out, args);
    out
}

/// `fmt.Sprintln(args...)`: spaces between all operands, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    write_sprintln(&mut out, args);
    out
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 8 * args.len());
    write_sprintf(&mut out, format, args);
    out
}

/// `fmt.Sprint(v)` of one value: what `{{ v }}` prints for a non-nil value.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

/// `fmt.Fprint(out, v)`: appends what `fmt.Sprint(v)` returns.
pub fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::String(s, _) => out.push_str(s),
        Value::Int(i) | Value::Int64(i, _) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
        Value::Float(f, _) => append_float(out, *f, 'g', -1),
        _ => Printer::new(out).print_arg(value, 'v'),
    }
}

/// `fmt.Fprint(out, args...)`.
pub fn write_sprint(out: &mut String, args: &[Value]) {
    if let [one] = args {
        write_value(out, one);
        return;
    }
    let mut p = Printer::new(out);
    let mut prev_string = false;
    for (n, arg) in args.iter().enumerate() {
        let is_string = is_string_kind(arg);
        // Add a space between two non-string arguments.
        if n > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
}

/// `fmt.Fprintln(out, args...)`.
pub fn write_sprintln(out: &mut String, args: &[Value]) {
    let mut p = Printer::new(out);
    for (n, arg) in args.iter().enumerate() {
        if n > 0 {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
    }
    p.buf.push('\n');
}

/// `fmt.Fprintf(out, format, args...)`.
pub fn write_sprintf(out: &mut String, format: &str, args: &[Value]) {
    if args.is_empty() && !format.contains('%') {
        out.push_str(format);
        return;
    }
    Printer::new(out).do_printf(format, args);
}

/// `strconv.FormatFloat(v, fmt, prec, 64)`: `fmt` is one of
/// `b e E f g G x X`, a negative `prec` asks for the shortest digits that
/// read back as `v`.
pub fn format_float(v: f64, fmt: char, prec: i32) -> String {
    let mut out = String::new();
    append_float(&mut out, v, fmt, prec);
    out
}

/// `strconv.AppendFloat(out, v, fmt, prec, 64)`.
pub fn append_float(out: &mut String, v: f64, fmt: char, prec: i32) {
    let mut bytes = Vec::with_capacity(24);
    let fmt = u8::try_from(fmt).unwrap_or(b'?');
    append_float_bytes(&mut bytes, v, fmt, prec);
    push_ascii(out, &bytes);
}

/// `strconv.FormatInt(i, base)` for a base from 2 to 36 (others give 10).
pub fn format_int(i: i64, base: u32) -> String {
    let base = if (2..=36).contains(&base) {
        u64::from(base)
    } else {
        10
    };
    let mut digits = Vec::with_capacity(65);
    let mut u = i.unsigned_abs();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(u % base) as usize]);
        u /= base;
        if u == 0 {
            break;
        }
    }
    if i < 0 {
        digits.push(b'-');
    }
    digits.reverse();
    let mut out = String::with_capacity(digits.len());
    push_ascii(&mut out, &digits);
    out
}

/// `strconv.Quote(s)`: a double-quoted Go string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quoted(&mut out, s.as_bytes(), '"', false);
    out
}

/// `strconv.QuoteToASCII(s)`: like [`quote`] with every non-ASCII rune escaped.
pub fn quote_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quoted(&mut out, s.as_bytes(), '"', true);
    out
}

/// `strconv.Quote(string(b))` of bytes that need not be UTF-8: invalid
/// bytes print as `\xNN`.
pub fn quote_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    append_quoted(&mut out, b, '"', false);
    out
}

/// `strconv.QuoteRune(r)`: a single-quoted Go character literal. Values that
/// are not Unicode code points print as `'�'`.
pub fn quote_rune(r: i64) -> String {
    let mut out = String::with_capacity(8);
    append_quoted_rune(&mut out, r, false);
    out
}

/// `strconv.CanBackquote(s)`.
pub fn can_backquote(s: &str) -> bool {
    can_backquote_bytes(s.as_bytes())
}

/// `strconv.IsPrint(r)`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space, per Unicode 15.0.0 as Go 1.23 has it.
pub fn is_print(c: char) -> bool {
    is_print_u32(c as u32)
}

// ---------------------------------------------------------------------------
// The printer: fmt/print.go and fmt/format.go
// ---------------------------------------------------------------------------

/// Go's `fmtFlags` plus width and precision.
#[derive(Clone, Copy, Default)]
struct Flags {
    wid: usize,
    prec: usize,
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    // For %+v and %#v the plus/sharp flags move here: they are in effect
    // different, flagless formats set at the top level.
    plus_v: bool,
    sharp_v: bool,
}

/// What `badVerb` prints after the type.
enum Bad<'v> {
    Nil,
    Value(&'v Value),
    Uint8(u8),
}

/// One open container of the composite printer's explicit stack.
enum Frame {
    List {
        list: Arc<List>,
        idx: usize,
    },
    Map {
        entries: Vec<(Arc<str>, Value)>,
        idx: usize,
        ptr: usize,
    },
}

enum Step {
    Pop,
    Open(Value),
    Next,
}

struct Printer<'a> {
    buf: &'a mut String,
    f: Flags,
    erroring: bool,
    scratch: Vec<u8>,
}

impl<'a> Printer<'a> {
    fn new(buf: &'a mut String) -> Self {
        Printer {
            buf,
            f: Flags::default(),
            erroring: false,
            scratch: Vec::new(),
        }
    }

    // -- doPrintf ----------------------------------------------------------

    fn do_printf(&mut self, format: &str, a: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut reordered = false;
        let mut i = 0usize;
        'format_loop: while i < end {
            let mut good_arg_num = true;
            let lasti = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.buf.push_str(&format[lasti..i]);
            }
            if i >= end {
                break;
            }
            // Process one verb.
            i += 1;
            self.f = Flags::default();
            while i < end {
                let c = fb[i];
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = !self.f.minus, // Only allow zero padding to the left.
                    b'+' => self.f.plus = true,
                    b'-' => {
                        self.f.minus = true;
                        self.f.zero = false; // Do not pad with zeros to the right.
                    }
                    b' ' => self.f.space = true,
                    _ => {
                        // Fast path for the common case of an ASCII lower case
                        // verb without precision, width or argument index.
                        if c.is_ascii_lowercase() && arg_num < a.len() {
                            let verb = c as char;
                            if verb == 'v' || verb == 'w' {
                                self.move_v_flags();
                            }
                            self.print_arg(&a[arg_num], verb);
                            arg_num += 1;
                            i += 1;
                            continue 'format_loop;
                        }
                        break;
                    }
                }
                i += 1;
            }

            // Do we have an explicit argument index?
            let mut after_index;
            (arg_num, i, after_index) =
                arg_number(arg_num, fb, i, a.len(), &mut good_arg_num, &mut reordered);

            // Do we have width?
            if i < end && fb[i] == b'*' {
                i += 1;
                let (num, is_int, new_arg) = int_from_arg(a, arg_num);
                arg_num = new_arg;
                self.f.wid_present = is_int;
                if !is_int {
                    self.buf.push_str("%!(BADWIDTH)");
                }
                // A negative width sets the minus flag.
                if num < 0 {
                    self.f.minus = true;
                    self.f.zero = false;
                }
                self.f.wid = num.unsigned_abs() as usize;
                after_index = false;
            } else {
                let (num, is_num, ni) = parsenum(fb, i, end);
                self.f.wid = num;
                self.f.wid_present = is_num;
                i = ni;
                if after_index && self.f.wid_present {
                    // "%[3]2d"
                    good_arg_num = false;
                }
            }

            // Do we have precision?
            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    // "%[3].2d"
                    good_arg_num = false;
                }
                (arg_num, i, after_index) =
                    arg_number(arg_num, fb, i, a.len(), &mut good_arg_num, &mut reordered);
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (num, is_int, new_arg) = int_from_arg(a, arg_num);
                    arg_num = new_arg;
                    self.f.prec_present = is_int;
                    // Negative precision arguments don't make sense.
                    if num < 0 {
                        self.f.prec = 0;
                        self.f.prec_present = false;
                    } else {
                        self.f.prec = num as usize;
                    }
                    if !self.f.prec_present {
                        self.buf.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (num, is_num, ni) = parsenum(fb, i, end);
                    self.f.prec = num;
                    self.f.prec_present = true;
                    i = ni;
                    if !is_num {
                        self.f.prec = 0;
                    }
                }
            }

            if !after_index {
                (arg_num, i, _) =
                    arg_number(arg_num, fb, i, a.len(), &mut good_arg_num, &mut reordered);
            }

            let Some(verb) = format.get(i..).and_then(|rest| rest.chars().next()) else {
                self.buf.push_str("%!(NOVERB)");
                break;
            };
            i += verb.len_utf8();

            if verb == '%' {
                // Percent does not absorb operands and ignores width and precision.
                self.buf.push('%');
            } else if !good_arg_num {
                self.buf.push_str("%!");
                self.buf.push(verb);
                self.buf.push_str("(BADINDEX)");
            } else if arg_num >= a.len() {
                self.buf.push_str("%!");
                self.buf.push(verb);
                self.buf.push_str("(MISSING)");
            } else {
                if verb == 'v' || verb == 'w' {
                    self.move_v_flags();
                }
                self.print_arg(&a[arg_num], verb);
                arg_num += 1;
            }
        }

        // Check for extra arguments unless the call accessed the arguments
        // out of order.
        if !reordered && arg_num < a.len() {
            self.f = Flags::default();
            self.buf.push_str("%!(EXTRA ");
            for (n, arg) in a[arg_num..].iter().enumerate() {
                if n > 0 {
                    self.buf.push_str(", ");
                }
                if arg.is_nil() {
                    self.buf.push_str("<nil>");
                } else {
                    self.push_type_name(arg);
                    self.buf.push('=');
                    self.print_arg(arg, 'v');
                }
            }
            self.buf.push(')');
        }
    }

    /// `%+v` and `%#v` are flagless formats of their own.
    fn move_v_flags(&mut self) {
        self.f.sharp_v = self.f.sharp;
        self.f.sharp = false;
        self.f.plus_v = self.f.plus;
        self.f.plus = false;
    }

    // -- printArg ----------------------------------------------------------

    fn print_arg(&mut self, arg: &Value, verb: char) {
        if arg.is_nil() {
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, Bad::Nil),
            }
            return;
        }
        match verb {
            'T' => {
                match static_type_name(arg) {
                    Some(name) => self.fmt_s(name),
                    None => {
                        let name = arg.type_name();
                        self.fmt_s(&name);
                    }
                }
                return;
            }
            'p' => {
                self.fmt_pointer(arg, verb);
                return;
            }
            _ => {}
        }
        match arg {
            Value::Bytes(b) => self.fmt_bytes(b, verb, true),
            Value::List(_) | Value::Map(_) => {
                if verb == 'w' && !self.erroring {
                    // %w is only for Errorf with an error operand.
                    self.bad_verb(verb, Bad::Value(arg));
                } else {
                    self.print_composite(arg, verb);
                }
            }
            _ => self.print_leaf(arg, verb),
        }
    }

    /// Prints a value that is not a list or map; nested values come here too.
    fn print_leaf(&mut self, v: &Value, verb: char) {
        let ok = match v {
            Value::Nil => {
                // A nil interface inside a slice or map.
                self.buf.push_str(if self.f.sharp_v {
                    "interface {}(nil)"
                } else {
                    "<nil>"
                });
                true
            }
            Value::Bool(b, _) => self.fmt_bool(*b, verb),
            Value::Int(i) | Value::Int64(i, _) => self.fmt_integer_verb(*i as u64, true, verb),
            Value::Float(x, _) => self.fmt_float_verb(*x, verb),
            Value::String(s, _) => self.fmt_string(s, verb),
            Value::Bytes(b) => {
                self.fmt_bytes(b, verb, false);
                true
            }
            Value::Object(o) => {
                self.print_object(v, o.as_ref(), verb);
                true
            }
            Value::List(_) | Value::Map(_) => {
                self.print_composite(v, verb);
                true
            }
        };
        if !ok {
            self.bad_verb(verb, Bad::Value(v));
        }
    }

    fn bad_verb(&mut self, verb: char, bad: Bad<'_>) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match bad {
            Bad::Nil | Bad::Value(Value::Nil) => self.buf.push_str("<nil>"),
            Bad::Value(v) => {
                self.push_type_name(v);
                self.buf.push('=');
                self.print_arg(v, 'v');
            }
            Bad::Uint8(c) => {
                self.buf.push_str("uint8=");
                self.fmt_integer_verb(u64::from(c), false, 'v');
            }
        }
        self.buf.push(')');
        self.erroring = false;
    }

    fn push_type_name(&mut self, v: &Value) {
        match static_type_name(v) {
            Some(name) => self.buf.push_str(name),
            None => {
                let name = v.type_name();
                self.buf.push_str(&name);
            }
        }
    }

    fn fmt_bool(&mut self, v: bool, verb: char) -> bool {
        match verb {
            't' | 'v' => {
                self.pad(if v { "true" } else { "false" });
                true
            }
            _ => false,
        }
    }

    /// Go's `pp.fmtInteger`; false for a verb integers don't take.
    fn fmt_integer_verb(&mut self, v: u64, is_signed: bool, verb: char) -> bool {
        match verb {
            'v' => {
                if self.f.sharp_v && !is_signed {
                    self.fmt_0x64(v, true);
                } else {
                    self.fmt_integer(v, 10, is_signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt_integer(v, 10, is_signed, verb, LDIGITS),
            'b' => self.fmt_integer(v, 2, is_signed, verb, LDIGITS),
            'o' | 'O' => self.fmt_integer(v, 8, is_signed, verb, LDIGITS),
            'x' => self.fmt_integer(v, 16, is_signed, verb, LDIGITS),
            'X' => self.fmt_integer(v, 16, is_signed, verb, UDIGITS),
            'c' => self.fmt_c(v),
            'q' => self.fmt_qc(v),
            'U' => self.fmt_unicode(v),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtFloat`.
    fn fmt_float_verb(&mut self, v: f64, verb: char) -> bool {
        match verb {
            'v' => self.fmt_float(v, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(v, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt_float(v, verb as u8, 6),
            'F' => self.fmt_float(v, b'f', 6),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtString`.
    fn fmt_string(&mut self, s: &str, verb: char) -> bool {
        match verb {
            'v' => {
                if self.f.sharp_v {
                    self.fmt_q(s.as_bytes());
                } else {
                    self.fmt_s(s);
                }
            }
            's' => self.fmt_s(s),
            'x' => self.fmt_sbx(s.as_bytes(), LDIGITS),
            'X' => self.fmt_sbx(s.as_bytes(), UDIGITS),
            'q' => self.fmt_q(s.as_bytes()),
            _ => return false,
        }
        true
    }

    /// Go's `pp.fmtBytes`. At the top level Go names the type `[]byte` in
    /// `%#v`; nested, reflection names it `[]uint8`.
    fn fmt_bytes(&mut self, b: &[u8], verb: char, top: bool) {
        match verb {
            'v' | 'd' if top => self.bytes_generic(b, verb, "[]byte"),
            's' => self.fmt_bs(b),
            'x' => self.fmt_sbx(b, LDIGITS),
            'X' => self.fmt_sbx(b, UDIGITS),
            'q' => self.fmt_q(b),
            _ => self.bytes_generic(b, verb, "[]uint8"),
        }
    }

    /// A byte slice printed element by element, as reflection prints it.
    fn bytes_generic(&mut self, b: &[u8], verb: char, type_string: &str) {
        if self.f.sharp_v {
            self.buf.push_str(type_string);
            self.buf.push('{');
            for (n, &c) in b.iter().enumerate() {
                if n > 0 {
                    self.buf.push_str(", ");
                }
                self.print_uint8(c, verb);
            }
            self.buf.push('}');
        } else {
            self.buf.push('[');
            for (n, &c) in b.iter().enumerate() {
                if n > 0 {
                    self.buf.push(' ');
                }
                self.print_uint8(c, verb);
            }
            self.buf.push(']');
        }
    }

    fn print_uint8(&mut self, c: u8, verb: char) {
        if !self.fmt_integer_verb(u64::from(c), false, verb) {
            self.bad_verb(verb, Bad::Uint8(c));
        }
    }

    /// Go's `pp.fmtPointer` for `%p`.
    fn fmt_pointer(&mut self, v: &Value, verb: char) {
        let addr = match v {
            Value::Map(m) => Some(m.with(|inner| inner as *const _ as usize)),
            Value::List(l) => Some(Arc::as_ptr(l) as usize),
            Value::Bytes(b) => Some(b.as_ptr() as usize),
            Value::Object(o) if matches!(o.kind(), "ptr" | "map" | "slice" | "func" | "chan") => {
                Some(Arc::as_ptr(o) as *const () as usize)
            }
            _ => None,
        };
        match addr {
            Some(u) => self.fmt_0x64(u as u64, !self.f.sharp),
            None => self.bad_verb(verb, Bad::Value(v)),
        }
    }

    /// An embedder object: Go's `handleMethods`, then its struct printing.
    fn print_object(&mut self, v: &Value, o: &dyn Object, verb: char) {
        if !self.erroring {
            if verb == 'w' {
                self.bad_verb(verb, Bad::Value(v));
                return;
            }
            if !self.f.sharp_v && o.is_stringer() && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                let s = o.go_string();
                self.fmt_string(&s, verb);
                return;
            }
        }
        o.write_go_string(self.buf);
    }

    // -- printValue for lists and maps -------------------------------------

    /// Go's `printValue` for slices and maps, with an explicit stack so that
    /// deep data cannot overflow Rust's.
    fn print_composite(&mut self, root: &Value, verb: char) {
        let mut stack: Vec<Frame> = Vec::new();
        self.open(root, &mut stack);
        loop {
            let sharp_v = self.f.sharp_v;
            let Some(frame) = stack.last_mut() else {
                break;
            };
            let step = match frame {
                Frame::List { list, idx } => {
                    if *idx >= list.items.len() {
                        Step::Pop
                    } else {
                        if *idx > 0 {
                            self.buf.push_str(if sharp_v { ", " } else { " " });
                        }
                        let item = &list.items[*idx];
                        *idx += 1;
                        if matches!(item, Value::List(_) | Value::Map(_)) {
                            Step::Open(item.clone())
                        } else {
                            self.print_leaf(item, verb);
                            Step::Next
                        }
                    }
                }
                Frame::Map { entries, idx, .. } => {
                    if *idx >= entries.len() {
                        Step::Pop
                    } else {
                        if *idx > 0 {
                            self.buf.push_str(if sharp_v { ", " } else { " " });
                        }
                        let (key, item) = &entries[*idx];
                        *idx += 1;
                        if !self.fmt_string(key, verb) {
                            self.bad_verb(verb, Bad::Value(&Value::String(key.clone(), None)));
                        }
                        self.buf.push(':');
                        if matches!(item, Value::List(_) | Value::Map(_)) {
                            Step::Open(item.clone())
                        } else {
                            self.print_leaf(item, verb);
                            Step::Next
                        }
                    }
                }
            };
            match step {
                Step::Pop => {
                    stack.pop();
                    self.buf.push(if sharp_v { '}' } else { ']' });
                }
                Step::Open(v) => self.open(&v, &mut stack),
                Step::Next => {}
            }
        }
    }

    /// Writes the opening of a list or map and pushes its frame.
    fn open(&mut self, v: &Value, stack: &mut Vec<Frame>) {
        if stack.len() >= MAX_DEPTH {
            // Go would recurse until its stack overflows.
            self.buf.push_str("...");
            return;
        }
        match v {
            Value::List(list) => {
                if self.f.sharp_v {
                    self.buf.push_str("[]");
                    self.buf.push_str(list.elem.go_name());
                    self.buf.push('{');
                } else {
                    self.buf.push('[');
                }
                stack.push(Frame::List {
                    list: list.clone(),
                    idx: 0,
                });
            }
            Value::Map(map) => {
                let (type_name, elem, ptr, entries) = map.with(|m| {
                    (
                        m.type_name,
                        m.elem.0,
                        m as *const _ as usize,
                        m.entries
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect::<Vec<_>>(),
                    )
                });
                let cyclic = stack
                    .iter()
                    .any(|frame| matches!(frame, Frame::Map { ptr: p, .. } if *p == ptr));
                if cyclic {
                    // The map contains itself: Go would recurse forever.
                    self.buf.push_str("...");
                    return;
                }
                if self.f.sharp_v {
                    match type_name {
                        Some(name) => self.buf.push_str(name),
                        None => {
                            self.buf.push_str("map[string]");
                            self.buf.push_str(elem.go_name());
                        }
                    }
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                stack.push(Frame::Map {
                    entries,
                    idx: 0,
                    ptr,
                });
            }
            _ => {}
        }
    }

    // -- format.go -----------------------------------------------------------

    /// Appends `n` bytes of padding.
    fn write_padding(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        let pad = if self.f.zero { '0' } else { ' ' };
        self.buf.extend(std::iter::repeat_n(pad, n));
    }

    /// Appends `s`, padded on the left (or the right with `-`) to the width.
    fn pad(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.buf.push_str(s);
            return;
        }
        let width = self.f.wid.saturating_sub(s.chars().count());
        if !self.f.minus {
            self.write_padding(width);
            self.buf.push_str(s);
        } else {
            self.buf.push_str(s);
            self.write_padding(width);
        }
    }

    fn pad_ascii(&mut self, b: &[u8]) {
        match std::str::from_utf8(b) {
            Ok(s) => self.pad(s),
            Err(_) => self.pad(&String::from_utf8_lossy(b)),
        }
    }

    /// Go's `fmt.fmtUnicode`: `U+0078`, or `U+0078 'x'` with `#`.
    fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4usize;
        if self.f.prec_present && self.f.prec > 4 {
            prec = self.f.prec;
        }
        let mut out: Vec<u8> = Vec::with_capacity(prec + 12);
        // Hex digits, least significant first; reversed below.
        let mut v = u;
        loop {
            out.push(UDIGITS[(v & 0xF) as usize]);
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        while out.len() < prec {
            out.push(b'0');
        }
        out.extend_from_slice(b"+U");
        out.reverse();
        let printable = u32::try_from(u)
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| is_print(c));
        if let (true, Some(c)) = (self.f.sharp, printable) {
            out.extend_from_slice(b" '");
            let mut tmp = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            out.push(b'\'');
        }
        let old_zero = self.f.zero;
        self.f.zero = false;
        self.pad_ascii(&out);
        self.f.zero = old_zero;
    }

    /// Go's `fmt.fmtInteger`.
    fn fmt_integer(&mut self, u: u64, base: u64, is_signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = is_signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        let f = self.f;

        // Fast path: plain decimal.
        if base == 10 && !f.wid_present && !f.prec_present && !f.plus && !f.space {
            if negative {
                self.buf.push('-');
            }
            let _ = write!(self.buf, "{u}");
            return;
        }

        let mut stack_buf = [0u8; 72];
        let mut heap_buf;
        let need = 72 + f.wid + f.prec;
        let buf: &mut [u8] = if (f.wid_present || f.prec_present) && need > stack_buf.len() {
            heap_buf = vec![0u8; need];
            &mut heap_buf
        } else {
            &mut stack_buf
        };

        // Two ways to ask for extra leading zero digits: %.3d or %03d.
        // If both are given the zero flag is ignored and spaces pad.
        let mut prec = 0usize;
        if f.prec_present {
            prec = f.prec;
            // Precision 0 and value 0 means "print nothing" but padding.
            if prec == 0 && u == 0 {
                let old_zero = self.f.zero;
                self.f.zero = false;
                self.write_padding(f.wid);
                self.f.zero = old_zero;
                return;
            }
        } else if f.zero && f.wid_present {
            prec = f.wid;
            if negative || f.plus || f.space {
                prec = prec.saturating_sub(1); // leave room for the sign
            }
        }

        // Print right to left into buf, ending at buf[i].
        let len = buf.len();
        let mut i = len;
        match base {
            10 => {
                while u >= 10 {
                    i -= 1;
                    let next = u / 10;
                    buf[i] = b'0' + (u - next * 10) as u8;
                    u = next;
                }
            }
            16 => {
                while u >= 16 {
                    i -= 1;
                    buf[i] = digits[(u & 0xF) as usize];
                    u >>= 4;
                }
            }
            8 => {
                while u >= 8 {
                    i -= 1;
                    buf[i] = b'0' + (u & 7) as u8;
                    u >>= 3;
                }
            }
            _ => {
                while u >= 2 {
                    i -= 1;
                    buf[i] = b'0' + (u & 1) as u8;
                    u >>= 1;
                }
            }
        }
        i -= 1;
        buf[i] = digits[u as usize];
        while i > 4 && prec > len - i {
            i -= 1;
            buf[i] = b'0';
        }

        // Various prefixes: 0x, -, etc.
        if f.sharp {
            match base {
                2 => {
                    i -= 2;
                    buf[i] = b'0';
                    buf[i + 1] = b'b';
                }
                8 if buf[i] != b'0' => {
                    i -= 1;
                    buf[i] = b'0';
                }
                16 => {
                    i -= 2;
                    buf[i] = b'0';
                    buf[i + 1] = digits[16];
                }
                _ => {}
            }
        }
        if verb == 'O' {
            i -= 2;
            buf[i] = b'0';
            buf[i + 1] = b'o';
        }
        if negative {
            i -= 1;
            buf[i] = b'-';
        } else if f.plus {
            i -= 1;
            buf[i] = b'+';
        } else if f.space {
            i -= 1;
            buf[i] = b' ';
        }

        // Zero padding was done above as precision, or is ignored.
        let old_zero = self.f.zero;
        self.f.zero = false;
        self.pad_ascii(&buf[i..]);
        self.f.zero = old_zero;
    }

    fn fmt_0x64(&mut self, v: u64, leading0x: bool) {
        let sharp = self.f.sharp;
        self.f.sharp = leading0x;
        self.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.f.sharp = sharp;
    }

    /// Go's `fmt.fmtS`: truncated to the precision, then padded.
    fn fmt_s(&mut self, s: &str) {
        let s = truncate_str(s, &self.f);
        self.pad(s);
    }

    /// Go's `fmt.fmtBs` for a byte slice that need not be UTF-8.
    fn fmt_bs(&mut self, b: &[u8]) {
        let b = truncate_bytes(b, &self.f);
        match std::str::from_utf8(b) {
            Ok(s) => self.pad(s),
            Err(_) => {
                let s = go_lossy(b);
                self.pad(&s);
            }
        }
    }

    /// Go's `fmt.fmtSbx`: hexadecimal encoding of a string or byte slice.
    fn fmt_sbx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let f = self.f;
        let mut length = s.len();
        // Don't encode more bytes than the precision asks for.
        if f.prec_present && f.prec < length {
            length = f.prec;
        }
        // Width of the encoding with the sharp and space flags.
        let mut width = 2 * length;
        if width > 0 {
            if f.space {
                // Each element gets its own 0x.
                if f.sharp {
                    width *= 2;
                }
                // Elements are separated by a space.
                width += length - 1;
            } else if f.sharp {
                // One leading 0x for the whole string.
                width += 2;
            }
        } else {
            // Nothing to encode.
            if f.wid_present {
                self.write_padding(f.wid);
            }
            return;
        }
        // Padding on the left.
        if f.wid_present && f.wid > width && !f.minus {
            self.write_padding(f.wid - width);
        }
        if f.sharp {
            self.buf.push('0');
            self.buf.push(digits[16] as char);
        }
        for (n, &c) in s[..length].iter().enumerate() {
            if f.space && n > 0 {
                self.buf.push(' ');
                if f.sharp {
                    self.buf.push('0');
                    self.buf.push(digits[16] as char);
                }
            }
            self.buf.push(digits[usize::from(c >> 4)] as char);
            self.buf.push(digits[usize::from(c & 0xF)] as char);
        }
        // Padding on the right.
        if f.wid_present && f.wid > width && f.minus {
            self.write_padding(f.wid - width);
        }
    }

    /// Go's `fmt.fmtQ`: a double-quoted Go string, or backquoted with `#`.
    fn fmt_q(&mut self, s: &[u8]) {
        let s = truncate_bytes(s, &self.f);
        let mut quoted = String::with_capacity(s.len() + 2);
        if self.f.sharp && can_backquote_bytes(s) {
            quoted.push('`');
            quoted.push_str(std::str::from_utf8(s).unwrap_or_default());
            quoted.push('`');
        } else {
            append_quoted(&mut quoted, s, '"', self.f.plus);
        }
        self.pad(&quoted);
    }

    /// Go's `fmt.fmtC`: the integer as a character.
    fn fmt_c(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut tmp = [0u8; 4];
        self.pad(ch.encode_utf8(&mut tmp));
    }

    /// Go's `fmt.fmtQc`: the integer as a single-quoted character literal.
    fn fmt_qc(&mut self, c: u64) {
        let r = if c > 0x10FFFF { 0xFFFD } else { c as i64 };
        let mut quoted = String::with_capacity(12);
        append_quoted_rune(&mut quoted, r, self.f.plus);
        self.pad(&quoted);
    }

    /// Go's `fmt.fmtFloat`.
    fn fmt_float(&mut self, v: f64, verb: u8, prec: i32) {
        let f = self.f;
        // An explicit precision overrules the default.
        let prec = if f.prec_present {
            i32::try_from(f.prec).unwrap_or(i32::MAX)
        } else {
            prec
        };
        // Fast path: nothing to adjust.
        if !f.wid_present && !f.plus && !f.space && !f.sharp {
            let mut num = std::mem::take(&mut self.scratch);
            num.clear();
            append_float_bytes(&mut num, v, verb, prec);
            push_ascii(self.buf, &num);
            self.scratch = num;
            return;
        }
        // Format the number, reserving space for a leading + sign.
        let mut num = std::mem::take(&mut self.scratch);
        num.clear();
        num.push(b'+');
        append_float_bytes(&mut num, v, verb, prec);
        if num[1] == b'-' || num[1] == b'+' {
            num.remove(0);
        } else {
            num[0] = b'+';
        }
        // The space flag means a leading space instead of a "+" unless the
        // plus flag asks for the sign.
        if f.space && num[0] == b'+' && !f.plus {
            num[0] = b' ';
        }
        // Infinities and NaN don't look like numbers: no zero padding.
        if num.len() > 1 && (num[1] == b'I' || num[1] == b'N') {
            let old_zero = self.f.zero;
            self.f.zero = false;
            // Remove the sign before NaN if not asked for.
            let start = usize::from(num[1] == b'N' && !f.space && !f.plus);
            self.pad_ascii(&num[start..]);
            self.f.zero = old_zero;
            self.scratch = num;
            return;
        }
        // The sharp flag forces a decimal point and keeps trailing zeros.
        if f.sharp && verb != b'b' {
            let mut digits: i64 = 0;
            if matches!(verb, b'v' | b'g' | b'G' | b'x') {
                digits = i64::from(prec);
                // Without an explicit precision use 6.
                if digits == -1 {
                    digits = 6;
                }
            }
            let mut tail: Vec<u8> = Vec::new();
            let mut has_decimal_point = false;
            let mut saw_nonzero_digit = false;
            // Skip the sign at num[0].
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_decimal_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero_digit = true;
                        }
                        // Count significant digits after the first non-zero one.
                        if saw_nonzero_digit {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_decimal_point {
                // A leading digit 0 counts once.
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        // We want a sign if asked for and if the sign is not positive.
        if f.plus || num[0] != b'+' {
            // Zero padding goes after the sign.
            if f.zero && f.wid_present && f.wid > num.len() {
                self.buf.push(num[0] as char);
                self.write_padding(f.wid - num.len());
                push_ascii(self.buf, &num[1..]);
            } else {
                self.pad_ascii(&num);
            }
        } else {
            // No sign to show and the number is positive.
            self.pad_ascii(&num[1..]);
        }
        self.scratch = num;
    }
}

// ---------------------------------------------------------------------------
// Format-string parsing helpers
// ---------------------------------------------------------------------------

/// Go's `parsenum`: an unsigned decimal number at `s[start..end]`.
fn parsenum(s: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut is_num = false;
    let mut newi = start;
    while newi < end && s[newi].is_ascii_digit() {
        if num > MAX_NUM {
            // Overflow; a crazy long number most likely.
            return (0, false, end);
        }
        num = num * 10 + i64::from(s[newi] - b'0');
        is_num = true;
        newi += 1;
    }
    (num as usize, is_num, newi)
}

/// Go's `parseArgNumber`: the zero-based index in `[n]` at the start of
/// `format`, the bytes to consume, and whether it parsed.
fn parse_arg_number(format: &[u8]) -> (i64, usize, bool) {
    // There must be at least 3 bytes: [n].
    if format.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..format.len() {
        if format[i] == b']' {
            let (width, ok, newi) = parsenum(format, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            // Argument numbers are one-indexed.
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// Go's `argNumber`.
fn arg_number(
    arg_num: usize,
    format: &[u8],
    i: usize,
    num_args: usize,
    good_arg_num: &mut bool,
    reordered: &mut bool,
) -> (usize, usize, bool) {
    if format.len() <= i || format[i] != b'[' {
        return (arg_num, i, false);
    }
    *reordered = true;
    let (index, wid, ok) = parse_arg_number(&format[i..]);
    if ok && index >= 0 && (index as usize) < num_args {
        return (index as usize, i + wid, true);
    }
    *good_arg_num = false;
    (arg_num, i + wid, ok)
}

/// Go's `intFromArg`: a `*` width or precision.
fn int_from_arg(a: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let mut new_arg_num = arg_num;
    let mut num = 0;
    let mut is_int = false;
    if let Some(arg) = a.get(arg_num) {
        if let Value::Int(n) | Value::Int64(n, _) = arg {
            num = *n;
            is_int = true;
        }
        new_arg_num = arg_num + 1;
        if !(-MAX_NUM..=MAX_NUM).contains(&num) {
            num = 0;
            is_int = false;
        }
    }
    (num, is_int, new_arg_num)
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Whether Sprint treats the operand as a string (reflect kind String).
fn is_string_kind(v: &Value) -> bool {
    match v {
        Value::String(..) => true,
        Value::Object(o) => o.kind() == "string",
        _ => false,
    }
}

fn static_type_name(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Nil => "<nil>",
        Value::Bool(..) => "bool",
        Value::Int(_) => "int",
        Value::Int64(..) => "int64",
        Value::Float(..) => "float64",
        Value::String(..) => "string",
        Value::Bytes(_) => "[]uint8",
        _ => return None,
    })
}

fn push_ascii(out: &mut String, b: &[u8]) {
    match std::str::from_utf8(b) {
        Ok(s) => out.push_str(s),
        Err(_) => out.push_str(&String::from_utf8_lossy(b)),
    }
}

/// Go's `fmt.truncate` for a valid string: at most `prec` runes.
fn truncate_str<'s>(s: &'s str, f: &Flags) -> &'s str {
    if !f.prec_present {
        return s;
    }
    match s.char_indices().nth(f.prec) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Go's `fmt.truncate` for bytes: every invalid byte counts as one rune.
fn truncate_bytes<'s>(b: &'s [u8], f: &Flags) -> &'s [u8] {
    if !f.prec_present {
        return b;
    }
    let mut n = f.prec;
    let mut pos = 0;
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            if n == 0 {
                return &b[..pos];
            }
            n -= 1;
            pos += c.len_utf8();
        }
        for _ in chunk.invalid() {
            if n == 0 {
                return &b[..pos];
            }
            n -= 1;
            pos += 1;
        }
    }
    b
}

/// Bytes as text, each invalid byte replaced by U+FFFD (Go counts each as
/// one rune, so padding stays right).
fn go_lossy(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push('\u{FFFD}');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// strconv: quoting
// ---------------------------------------------------------------------------

const LOWERHEX: &[u8; 16] = b"0123456789abcdef";
const UPPERHEX: &[u8; 16] = b"0123456789ABCDEF";

/// Go's `appendQuotedWith` over a Go string (bytes that need not be UTF-8).
fn append_quoted(out: &mut String, s: &[u8], quote: char, ascii_only: bool) {
    out.push(quote);
    for chunk in s.utf8_chunks() {
        for c in chunk.valid().chars() {
            append_escaped_rune(out, c as u32, quote, ascii_only);
        }
        for &b in chunk.invalid() {
            out.push_str("\\x");
            out.push(LOWERHEX[usize::from(b >> 4)] as char);
            out.push(LOWERHEX[usize::from(b & 0xF)] as char);
        }
    }
    out.push(quote);
}

/// Go's `appendQuotedRuneWith`.
fn append_quoted_rune(out: &mut String, r: i64, ascii_only: bool) {
    out.push('\'');
    let r = u32::try_from(r)
        .ok()
        .filter(|&r| char::from_u32(r).is_some())
        .unwrap_or(0xFFFD);
    append_escaped_rune(out, r, '\'', ascii_only);
    out.push('\'');
}

/// Go's `appendEscapedRune`; `r` is a valid code point.
fn append_escaped_rune(out: &mut String, r: u32, quote: char, ascii_only: bool) {
    let ch = char::from_u32(r).unwrap_or('\u{FFFD}');
    if ch == quote || ch == '\\' {
        // Always backslashed.
        out.push('\\');
        out.push(ch);
        return;
    }
    if ascii_only {
        if r < 0x80 && is_print_u32(r) {
            out.push(ch);
            return;
        }
    } else if is_print_u32(r) {
        out.push(ch);
        return;
    }
    match ch {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ => {
            let (prefix, shift_start) = if r < 0x20 || r == 0x7f {
                ("\\x", 4)
            } else if r < 0x10000 {
                ("\\u", 12)
            } else {
                ("\\U", 28)
            };
            out.push_str(prefix);
            let mut s = shift_start;
            loop {
                out.push(LOWERHEX[((r >> s) & 0xF) as usize] as char);
                if s == 0 {
                    break;
                }
                s -= 4;
            }
        }
    }
}

/// Go's `CanBackquote` over a Go string.
fn can_backquote_bytes(s: &[u8]) -> bool {
    for chunk in s.utf8_chunks() {
        if !chunk.invalid().is_empty() {
            return false;
        }
        for c in chunk.valid().chars() {
            if c.len_utf8() > 1 {
                if c == '\u{FEFF}' {
                    // BOMs are invisible and should not be quoted.
                    return false;
                }
                continue;
            }
            if (c < ' ' && c != '\t') || c == '`' || c == '\u{7F}' {
                return false;
            }
        }
    }
    true
}

fn is_print_u32(r: u32) -> bool {
    if r < 0x80 {
        return (0x20..0x7f).contains(&r);
    }
    PRINT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < r {
                std::cmp::Ordering::Less
            } else if lo > r {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

// ---------------------------------------------------------------------------
// strconv: floats
// ---------------------------------------------------------------------------

/// A `fmt::Write` sink that keeps short output on the stack.
struct SmallBuf {
    inline: [u8; 48],
    len: usize,
    heap: Vec<u8>,
}

impl SmallBuf {
    fn new() -> Self {
        SmallBuf {
            inline: [0; 48],
            len: 0,
            heap: Vec::new(),
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        if self.heap.is_empty() {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }
}

impl std::fmt::Write for SmallBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let b = s.as_bytes();
        if self.heap.is_empty() && self.len + b.len() <= self.inline.len() {
            self.inline[self.len..self.len + b.len()].copy_from_slice(b);
            self.len += b.len();
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.inline[..self.len]);
            }
            self.heap.extend_from_slice(b);
        }
        Ok(())
    }
}

/// Appends formatted output to a byte vector.
struct VecWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Decimal digits `d` (no leading or trailing zeros; empty for zero) with
/// the decimal point before digit `dp`: Go's `decimalSlice`.
struct Digits<'a> {
    d: &'a [u8],
    dp: i32,
}

/// Splits Rust's `{:e}` output ("1.2345e-5", "1e6", "0.00e0") into digits.
fn parse_exp_form(s: &mut [u8]) -> Digits<'_> {
    let e_pos = s.iter().position(|&c| c == b'e').unwrap_or(s.len());
    let mut exp: i32 = 0;
    let mut neg = false;
    for &c in s.get(e_pos + 1..).unwrap_or(&[]) {
        match c {
            b'-' => neg = true,
            b'0'..=b'9' => exp = exp.saturating_mul(10).saturating_add(i32::from(c - b'0')),
            _ => {}
        }
    }
    if neg {
        exp = -exp;
    }
    let mant = &mut s[..e_pos];
    if mant.first().is_none_or(|&c| c == b'0') {
        return Digits { d: &[], dp: 0 };
    }
    let digits: &[u8] = if mant.len() > 2 && mant[1] == b'.' {
        // Move the first digit over the point to make the digits contiguous.
        mant[1] = mant[0];
        &mant[1..]
    } else {
        &mant[..1]
    };
    let mut nd = digits.len();
    while nd > 0 && digits[nd - 1] == b'0' {
        nd -= 1;
    }
    Digits {
        d: &digits[..nd],
        dp: exp + 1,
    }
}

/// `strconv.AppendFloat(dst, v, fmt, prec, 64)` on bytes.
fn append_float_bytes(dst: &mut Vec<u8>, v: f64, fmt: u8, prec: i32) {
    let bits = v.to_bits();
    let neg = bits >> 63 != 0;
    let raw_exp = ((bits >> 52) & 0x7FF) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    if raw_exp == 0x7FF {
        dst.extend_from_slice(if mant != 0 {
            b"NaN"
        } else if neg {
            b"-Inf"
        } else {
            b"+Inf"
        });
        return;
    }
    let mut exp = raw_exp;
    if exp == 0 {
        // Denormalized.
        exp += 1;
    } else {
        // Add the implicit top bit.
        mant |= 1u64 << 52;
    }
    exp -= 1023;
    match fmt {
        b'b' => return fmt_b(dst, neg, mant, exp),
        b'x' | b'X' => return fmt_x(dst, prec, fmt, neg, mant, exp),
        b'e' | b'E' | b'f' | b'g' | b'G' => {}
        _ => {
            // Unknown format.
            dst.push(b'%');
            dst.push(fmt);
            return;
        }
    }
    let abs = v.abs();
    let shortest = prec < 0;
    if shortest && (fmt == b'g' || fmt == b'f') && abs < 1e6 && v.fract() == 0.0 {
        // Fast path for whole numbers, which is what most values are.
        if neg {
            dst.push(b'-');
        }
        let _ = write!(VecWriter(dst), "{}", abs as u64);
        return;
    }
    if fmt == b'f' && !shortest {
        // Rust's fixed formatting is exact with round-half-even, as Go's.
        if neg {
            dst.push(b'-');
        }
        let p = prec as usize;
        let exact = p.min(MAX_EXACT_FRACTION);
        let _ = write!(VecWriter(dst), "{abs:.exact$}");
        dst.extend(std::iter::repeat_n(b'0', p - exact));
        return;
    }
    let mut prec = prec;
    if shortest {
        let mut buf = [0u8; 32];
        let (nd, dp) = shortest_digits(abs, mant, exp, &mut buf);
        let digs = Digits { d: &buf[..nd], dp };
        let nd = nd as i32;
        prec = match fmt {
            b'e' | b'E' => (nd - 1).max(0),
            b'f' => (nd - digs.dp).max(0),
            _ => nd,
        };
        format_digits(dst, true, neg, &digs, prec, fmt);
        return;
    }
    let ndigits = match fmt {
        b'e' | b'E' => prec.saturating_add(1),
        _ => {
            if prec == 0 {
                prec = 1;
            }
            prec
        }
    };
    let nd = (ndigits as usize).min(MAX_EXACT_DIGITS);
    let mut w = SmallBuf::new();
    let _ = write!(w, "{:.*e}", nd - 1, abs);
    let digs = parse_exp_form(w.bytes_mut());
    format_digits(dst, false, neg, &digs, prec, fmt);
}

/// The shortest digits that read back as `abs` (`mant`·2^(`exp`-52) with
/// Go's unbiased `exp`), into `out`; returns their count and decimal point.
///
/// Rust and Go both pick the candidate closest to the exact value, but
/// when the exact value lies halfway between two shortest candidates Rust
/// rounds up and Go's Ryū rounds to even (1870934951694547.25 is
/// `1.8709349516945472e+15` in Go). Such ties need the last digit's unit
/// to be at least the float's spacing, so only then is it checked.
fn shortest_digits(abs: f64, mant: u64, exp: i32, out: &mut [u8; 32]) -> (usize, i32) {
    let mut w = SmallBuf::new();
    let _ = write!(w, "{abs:e}");
    let digs = parse_exp_form(w.bytes_mut());
    let nd = digs.d.len().min(out.len());
    out[..nd].copy_from_slice(&digs.d[..nd]);
    let dp = digs.dp;
    if nd == 0 {
        return (0, 0);
    }
    // The value is mant·2^e2; ties are possible only if 10^(dp-nd) <= 2^e2.
    let e2 = exp - 52;
    if f64::from(dp - nd as i32) > f64::from(e2) * std::f64::consts::LOG10_2 + 1.0 {
        return (nd, dp);
    }
    // The nd+1 significant digits of the exact value: a tie ends in 5 and
    // is exact.
    let mut w = SmallBuf::new();
    let _ = write!(w, "{:.*e}", nd, abs);
    let bytes = w.bytes_mut();
    let e_pos = bytes.iter().position(|&c| c == b'e').unwrap_or(bytes.len());
    let mut r: u128 = 0;
    for &c in &bytes[..e_pos] {
        if c.is_ascii_digit() {
            r = r * 10 + u128::from(c - b'0');
        }
    }
    if r % 10 != 5 {
        return (nd, dp);
    }
    let x = std::str::from_utf8(&bytes[e_pos.saturating_add(1).min(bytes.len())..])
        .ok()
        .and_then(|t| t.parse::<i32>().ok())
        .unwrap_or(0);
    // value == r·10^b?
    let b = x - nd as i32;
    if !exact_equal(mant, e2, r, b) {
        return (nd, dp);
    }
    let lower = r / 10;
    let even = if lower & 1 == 0 { lower } else { lower + 1 };
    let text = even.to_string();
    let exp10 = b + 1;
    if format!("{text}e{exp10}").parse::<f64>().ok() != Some(abs) {
        return (nd, dp);
    }
    let mut n = text.len().min(out.len());
    out[..n].copy_from_slice(&text.as_bytes()[..n]);
    let dp = text.len() as i32 + exp10;
    while n > 0 && out[n - 1] == b'0' {
        n -= 1;
    }
    (n, dp)
}

/// Whether `m`·2^`a` equals `r`·10^`b` exactly.
fn exact_equal(m: u64, a: i32, r: u128, b: i32) -> bool {
    if m == 0 || r == 0 {
        return m == 0 && r == 0;
    }
    let tm = m.trailing_zeros() as i32;
    let m_odd = u128::from(m >> tm);
    let mut r_rest = r;
    let mut tr = 0i32;
    while r_rest & 1 == 0 {
        r_rest >>= 1;
        tr += 1;
    }
    let mut fr = 0i32;
    loop {
        let q = r_rest / 5;
        if q * 5 != r_rest {
            break;
        }
        r_rest = q;
        fr += 1;
    }
    // m_odd·2^(a+tm) == r_rest·2^(tr+b)·5^(fr+b)
    if a + tm != tr + b {
        return false;
    }
    let k = fr + b;
    if k < 0 {
        return false;
    }
    let mut rhs = r_rest;
    for _ in 0..k {
        match rhs.checked_mul(5) {
            Some(v) if v <= m_odd => rhs = v,
            _ => return false,
        }
    }
    rhs == m_odd
}

/// Go's `formatDigits`.
fn format_digits(dst: &mut Vec<u8>, shortest: bool, neg: bool, digs: &Digits, prec: i32, fmt: u8) {
    let nd = digs.d.len() as i32;
    match fmt {
        b'e' | b'E' => fmt_e(dst, neg, digs, prec, fmt),
        b'f' => fmt_f(dst, neg, digs, prec),
        _ => {
            let mut prec = prec;
            let mut eprec = prec;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            // %e is used if the exponent from the conversion is less than -4
            // or greater than or equal to the precision. If precision was
            // the shortest possible, use precision 6 for this decision.
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            if exp < -4 || exp >= eprec {
                if prec > nd {
                    prec = nd;
                }
                fmt_e(dst, neg, digs, prec - 1, fmt + b'e' - b'g');
                return;
            }
            if prec > digs.dp {
                prec = nd;
            }
            fmt_f(dst, neg, digs, (prec - digs.dp).max(0));
        }
    }
}

/// Go's `fmtE`: -d.ddddde±dd.
fn fmt_e(dst: &mut Vec<u8>, neg: bool, digs: &Digits, prec: i32, fmt: u8) {
    if neg {
        dst.push(b'-');
    }
    // First digit.
    dst.push(digs.d.first().copied().unwrap_or(b'0'));
    // .moredigits
    if prec > 0 {
        dst.push(b'.');
        let prec = prec as usize;
        let mut i = 1;
        let m = digs.d.len().min(prec + 1);
        if i < m {
            dst.extend_from_slice(&digs.d[i..m]);
            i = m;
        }
        dst.extend(std::iter::repeat_n(b'0', (prec + 1).saturating_sub(i)));
    }
    // e±
    dst.push(fmt);
    let mut exp = digs.dp - 1;
    if digs.d.is_empty() {
        // 0 has exponent 0.
        exp = 0;
    }
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    // dd or ddd
    if exp < 10 {
        dst.push(b'0');
        dst.push(b'0' + exp as u8);
    } else if exp < 100 {
        dst.push(b'0' + (exp / 10) as u8);
        dst.push(b'0' + (exp % 10) as u8);
    } else {
        dst.push(b'0' + (exp / 100) as u8);
        dst.push(b'0' + (exp / 10 % 10) as u8);
        dst.push(b'0' + (exp % 10) as u8);
    }
}

/// Go's `fmtF`: -ddddddd.ddddd.
fn fmt_f(dst: &mut Vec<u8>, neg: bool, digs: &Digits, prec: i32) {
    if neg {
        dst.push(b'-');
    }
    let nd = digs.d.len();
    // Integer part, padded with zeros as needed.
    if digs.dp > 0 {
        let dp = digs.dp as usize;
        let m = nd.min(dp);
        dst.extend_from_slice(&digs.d[..m]);
        dst.extend(std::iter::repeat_n(b'0', dp - m));
    } else {
        dst.push(b'0');
    }
    // Fraction.
    if prec > 0 {
        dst.push(b'.');
        for i in 1..=prec {
            let j = digs.dp + i - 1;
            let ch = if j >= 0 && (j as usize) < nd {
                digs.d[j as usize]
            } else {
                b'0'
            };
            dst.push(ch);
        }
    }
}

/// Go's `fmtB`: -ddddp±ddd.
fn fmt_b(dst: &mut Vec<u8>, neg: bool, mant: u64, exp: i32) {
    if neg {
        dst.push(b'-');
    }
    let _ = write!(VecWriter(dst), "{mant}p");
    let exp = exp - 52;
    if exp >= 0 {
        dst.push(b'+');
    }
    let _ = write!(VecWriter(dst), "{exp}");
}

/// Go's `fmtX`: -0x1.yyyyyyyyp±ddd or -0x0p+00.
fn fmt_x(dst: &mut Vec<u8>, prec: i32, fmt: u8, neg: bool, mut mant: u64, mut exp: i32) {
    if mant == 0 {
        exp = 0;
    }
    // Shift digits so the leading 1 (if any) is at bit 1<<60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    // Round if requested.
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            // Wrapped around.
            mant >>= 1;
            exp += 1;
        }
    }
    let hex = if fmt == b'X' { UPPERHEX } else { LOWERHEX };
    // sign, 0x, leading digit
    if neg {
        dst.push(b'-');
    }
    dst.push(b'0');
    dst.push(fmt);
    dst.push(b'0' + ((mant >> 60) & 1) as u8);
    // .fraction
    mant <<= 4; // remove the leading 0 or 1
    if prec < 0 && mant != 0 {
        dst.push(b'.');
        while mant != 0 {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    } else if prec > 0 {
        dst.push(b'.');
        for _ in 0..prec {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    }
    // p±
    dst.push(if fmt == b'X' { b'P' } else { b'p' });
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    // dd or ddd or dddd
    if exp < 100 {
        dst.push(b'0' + (exp / 10) as u8);
        dst.push(b'0' + (exp % 10) as u8);
    } else {
        let _ = write!(VecWriter(dst), "{exp}");
    }
}

// ---------------------------------------------------------------------------
// strconv.IsPrint table
// ---------------------------------------------------------------------------

// The printable code points above U+007F as Go 1.23's strconv.IsPrint has
// them (Unicode 15.0.0), as inclusive ranges. Generated from what Helm
// 3.17.1 printed for `printf "%q" (printf "%c" $i)` over every code point.
#[rustfmt::skip]
static PRINT_RANGES: [(u32, u32); 711] = [
    (0x00020, 0x0007e), (0x000a1, 0x000ac), (0x000ae, 0x00377), (0x0037a, 0x0037f),
    (0x00384, 0x0038a), (0x0038c, 0x0038c), (0x0038e, 0x003a1), (0x003a3, 0x0052f),
    (0x00531, 0x00556), (0x00559, 0x0058a), (0x0058d, 0x0058f), (0x00591, 0x005c7),
    (0x005d0, 0x005ea), (0x005ef, 0x005f4), (0x00606, 0x0061b), (0x0061d, 0x006dc),
    (0x006de, 0x0070d), (0x00710, 0x0074a), (0x0074d, 0x007b1), (0x007c0, 0x007fa),
    (0x007fd, 0x0082d), (0x00830, 0x0083e), (0x00840, 0x0085b), (0x0085e, 0x0085e),
    (0x00860, 0x0086a), (0x00870, 0x0088e), (0x00898, 0x008e1), (0x008e3, 0x00983),
    (0x00985, 0x0098c), (0x0098f, 0x00990), (0x00993, 0x009a8), (0x009aa, 0x009b0),
    (0x009b2, 0x009b2), (0x009b6, 0x009b9), (0x009bc, 0x009c4), (0x009c7, 0x009c8),
    (0x009cb, 0x009ce), (0x009d7, 0x009d7), (0x009dc, 0x009dd), (0x009df, 0x009e3),
    (0x009e6, 0x009fe), (0x00a01, 0x00a03), (0x00a05, 0x00a0a), (0x00a0f, 0x00a10),
    (0x00a13, 0x00a28), (0x00a2a, 0x00a30), (0x00a32, 0x00a33), (0x00a35, 0x00a36),
    (0x00a38, 0x00a39), (0x00a3c, 0x00a3c), (0x00a3e, 0x00a42), (0x00a47, 0x00a48),
    (0x00a4b, 0x00a4d), (0x00a51, 0x00a51), (0x00a59, 0x00a5c), (0x00a5e, 0x00a5e),
    (0x00a66, 0x00a76), (0x00a81, 0x00a83), (0x00a85, 0x00a8d), (0x00a8f, 0x00a91),
    (0x00a93, 0x00aa8), (0x00aaa, 0x00ab0), (0x00ab2, 0x00ab3), (0x00ab5, 0x00ab9),
    (0x00abc, 0x00ac5), (0x00ac7, 0x00ac9), (0x00acb, 0x00acd), (0x00ad0, 0x00ad0),
    (0x00ae0, 0x00ae3), (0x00ae6, 0x00af1), (0x00af9, 0x00aff), (0x00b01, 0x00b03),
    (0x00b05, 0x00b0c), (0x00b0f, 0x00b10), (0x00b13, 0x00b28), (0x00b2a, 0x00b30),
    (0x00b32, 0x00b33), (0x00b35, 0x00b39), (0x00b3c, 0x00b44), (0x00b47, 0x00b48),
    (0x00b4b, 0x00b4d), (0x00b55, 0x00b57), (0x00b5c, 0x00b5d), (0x00b5f, 0x00b63),
    (0x00b66, 0x00b77), (0x00b82, 0x00b83), (0x00b85, 0x00b8a), (0x00b8e, 0x00b90),
    (0x00b92, 0x00b95), (0x00b99, 0x00b9a), (0x00b9c, 0x00b9c), (0x00b9e, 0x00b9f),
    (0x00ba3, 0x00ba4), (0x00ba8, 0x00baa), (0x00bae, 0x00bb9), (0x00bbe, 0x00bc2),
    (0x00bc6, 0x00bc8), (0x00bca, 0x00bcd), (0x00bd0, 0x00bd0), (0x00bd7, 0x00bd7),
    (0x00be6, 0x00bfa), (0x00c00, 0x00c0c), (0x00c0e, 0x00c10), (0x00c12, 0x00c28),
    (0x00c2a, 0x00c39), (0x00c3c, 0x00c44), (0x00c46, 0x00c48), (0x00c4a, 0x00c4d),
    (0x00c55, 0x00c56), (0x00c58, 0x00c5a), (0x00c5d, 0x00c5d), (0x00c60, 0x00c63),
    (0x00c66, 0x00c6f), (0x00c77, 0x00c8c), (0x00c8e, 0x00c90), (0x00c92, 0x00ca8),
    (0x00caa, 0x00cb3), (0x00cb5, 0x00cb9), (0x00cbc, 0x00cc4), (0x00cc6, 0x00cc8),
    (0x00cca, 0x00ccd), (0x00cd5, 0x00cd6), (0x00cdd, 0x00cde), (0x00ce0, 0x00ce3),
    (0x00ce6, 0x00cef), (0x00cf1, 0x00cf3), (0x00d00, 0x00d0c), (0x00d0e, 0x00d10),
    (0x00d12, 0x00d44), (0x00d46, 0x00d48), (0x00d4a, 0x00d4f), (0x00d54, 0x00d63),
    (0x00d66, 0x00d7f), (0x00d81, 0x00d83), (0x00d85, 0x00d96), (0x00d9a, 0x00db1),
    (0x00db3, 0x00dbb), (0x00dbd, 0x00dbd), (0x00dc0, 0x00dc6), (0x00dca, 0x00dca),
    (0x00dcf, 0x00dd4), (0x00dd6, 0x00dd6), (0x00dd8, 0x00ddf), (0x00de6, 0x00def),
    (0x00df2, 0x00df4), (0x00e01, 0x00e3a), (0x00e3f, 0x00e5b), (0x00e81, 0x00e82),
    (0x00e84, 0x00e84), (0x00e86, 0x00e8a), (0x00e8c, 0x00ea3), (0x00ea5, 0x00ea5),
    (0x00ea7, 0x00ebd), (0x00ec0, 0x00ec4), (0x00ec6, 0x00ec6), (0x00ec8, 0x00ece),
    (0x00ed0, 0x00ed9), (0x00edc, 0x00edf), (0x00f00, 0x00f47), (0x00f49, 0x00f6c),
    (0x00f71, 0x00f97), (0x00f99, 0x00fbc), (0x00fbe, 0x00fcc), (0x00fce, 0x00fda),
    (0x01000, 0x010c5), (0x010c7, 0x010c7), (0x010cd, 0x010cd), (0x010d0, 0x01248),
    (0x0124a, 0x0124d), (0x01250, 0x01256), (0x01258, 0x01258), (0x0125a, 0x0125d),
    (0x01260, 0x01288), (0x0128a, 0x0128d), (0x01290, 0x012b0), (0x012b2, 0x012b5),
    (0x012b8, 0x012be), (0x012c0, 0x012c0), (0x012c2, 0x012c5), (0x012c8, 0x012d6),
    (0x012d8, 0x01310), (0x01312, 0x01315), (0x01318, 0x0135a), (0x0135d, 0x0137c),
    (0x01380, 0x01399), (0x013a0, 0x013f5), (0x013f8, 0x013fd), (0x01400, 0x0167f),
    (0x01681, 0x0169c), (0x016a0, 0x016f8), (0x01700, 0x01715), (0x0171f, 0x01736),
    (0x01740, 0x01753), (0x01760, 0x0176c), (0x0176e, 0x01770), (0x01772, 0x01773),
    (0x01780, 0x017dd), (0x017e0, 0x017e9), (0x017f0, 0x017f9), (0x01800, 0x0180d),
    (0x0180f, 0x01819), (0x01820, 0x01878), (0x01880, 0x018aa), (0x018b0, 0x018f5),
    (0x01900, 0x0191e), (0x01920, 0x0192b), (0x01930, 0x0193b), (0x01940, 0x01940),
    (0x01944, 0x0196d), (0x01970, 0x01974), (0x01980, 0x019ab), (0x019b0, 0x019c9),
    (0x019d0, 0x019da), (0x019de, 0x01a1b), (0x01a1e, 0x01a5e), (0x01a60, 0x01a7c),
    (0x01a7f, 0x01a89), (0x01a90, 0x01a99), (0x01aa0, 0x01aad), (0x01ab0, 0x01ace),
    (0x01b00, 0x01b4c), (0x01b50, 0x01b7e), (0x01b80, 0x01bf3), (0x01bfc, 0x01c37),
    (0x01c3b, 0x01c49), (0x01c4d, 0x01c88), (0x01c90, 0x01cba), (0x01cbd, 0x01cc7),
    (0x01cd0, 0x01cfa), (0x01d00, 0x01f15), (0x01f18, 0x01f1d), (0x01f20, 0x01f45),
    (0x01f48, 0x01f4d), (0x01f50, 0x01f57), (0x01f59, 0x01f59), (0x01f5b, 0x01f5b),
    (0x01f5d, 0x01f5d), (0x01f5f, 0x01f7d), (0x01f80, 0x01fb4), (0x01fb6, 0x01fc4),
    (0x01fc6, 0x01fd3), (0x01fd6, 0x01fdb), (0x01fdd, 0x01fef), (0x01ff2, 0x01ff4),
    (0x01ff6, 0x01ffe), (0x02010, 0x02027), (0x02030, 0x0205e), (0x02070, 0x02071),
    (0x02074, 0x0208e), (0x02090, 0x0209c), (0x020a0, 0x020c0), (0x020d0, 0x020f0),
    (0x02100, 0x0218b), (0x02190, 0x02426), (0x02440, 0x0244a), (0x02460, 0x02b73),
    (0x02b76, 0x02b95), (0x02b97, 0x02cf3), (0x02cf9, 0x02d25), (0x02d27, 0x02d27),
    (0x02d2d, 0x02d2d), (0x02d30, 0x02d67), (0x02d6f, 0x02d70), (0x02d7f, 0x02d96),
    (0x02da0, 0x02da6), (0x02da8, 0x02dae), (0x02db0, 0x02db6), (0x02db8, 0x02dbe),
    (0x02dc0, 0x02dc6), (0x02dc8, 0x02dce), (0x02dd0, 0x02dd6), (0x02dd8, 0x02dde),
    (0x02de0, 0x02e5d), (0x02e80, 0x02e99), (0x02e9b, 0x02ef3), (0x02f00, 0x02fd5),
    (0x02ff0, 0x02ffb), (0x03001, 0x0303f), (0x03041, 0x03096), (0x03099, 0x030ff),
    (0x03105, 0x0312f), (0x03131, 0x0318e), (0x03190, 0x031e3), (0x031f0, 0x0321e),
    (0x03220, 0x0a48c), (0x0a490, 0x0a4c6), (0x0a4d0, 0x0a62b), (0x0a640, 0x0a6f7),
    (0x0a700, 0x0a7ca), (0x0a7d0, 0x0a7d1), (0x0a7d3, 0x0a7d3), (0x0a7d5, 0x0a7d9),
    (0x0a7f2, 0x0a82c), (0x0a830, 0x0a839), (0x0a840, 0x0a877), (0x0a880, 0x0a8c5),
    (0x0a8ce, 0x0a8d9), (0x0a8e0, 0x0a953), (0x0a95f, 0x0a97c), (0x0a980, 0x0a9cd),
    (0x0a9cf, 0x0a9d9), (0x0a9de, 0x0a9fe), (0x0aa00, 0x0aa36), (0x0aa40, 0x0aa4d),
    (0x0aa50, 0x0aa59), (0x0aa5c, 0x0aac2), (0x0aadb, 0x0aaf6), (0x0ab01, 0x0ab06),
    (0x0ab09, 0x0ab0e), (0x0ab11, 0x0ab16), (0x0ab20, 0x0ab26), (0x0ab28, 0x0ab2e),
    (0x0ab30, 0x0ab6b), (0x0ab70, 0x0abed), (0x0abf0, 0x0abf9), (0x0ac00, 0x0d7a3),
    (0x0d7b0, 0x0d7c6), (0x0d7cb, 0x0d7fb), (0x0f900, 0x0fa6d), (0x0fa70, 0x0fad9),
    (0x0fb00, 0x0fb06), (0x0fb13, 0x0fb17), (0x0fb1d, 0x0fb36), (0x0fb38, 0x0fb3c),
    (0x0fb3e, 0x0fb3e), (0x0fb40, 0x0fb41), (0x0fb43, 0x0fb44), (0x0fb46, 0x0fbc2),
    (0x0fbd3, 0x0fd8f), (0x0fd92, 0x0fdc7), (0x0fdcf, 0x0fdcf), (0x0fdf0, 0x0fe19),
    (0x0fe20, 0x0fe52), (0x0fe54, 0x0fe66), (0x0fe68, 0x0fe6b), (0x0fe70, 0x0fe74),
    (0x0fe76, 0x0fefc), (0x0ff01, 0x0ffbe), (0x0ffc2, 0x0ffc7), (0x0ffca, 0x0ffcf),
    (0x0ffd2, 0x0ffd7), (0x0ffda, 0x0ffdc), (0x0ffe0, 0x0ffe6), (0x0ffe8, 0x0ffee),
    (0x0fffc, 0x0fffd), (0x10000, 0x1000b), (0x1000d, 0x10026), (0x10028, 0x1003a),
    (0x1003c, 0x1003d), (0x1003f, 0x1004d), (0x10050, 0x1005d), (0x10080, 0x100fa),
    (0x10100, 0x10102), (0x10107, 0x10133), (0x10137, 0x1018e), (0x10190, 0x1019c),
    (0x101a0, 0x101a0), (0x101d0, 0x101fd), (0x10280, 0x1029c), (0x102a0, 0x102d0),
    (0x102e0, 0x102fb), (0x10300, 0x10323), (0x1032d, 0x1034a), (0x10350, 0x1037a),
    (0x10380, 0x1039d), (0x1039f, 0x103c3), (0x103c8, 0x103d5), (0x10400, 0x1049d),
    (0x104a0, 0x104a9), (0x104b0, 0x104d3), (0x104d8, 0x104fb), (0x10500, 0x10527),
    (0x10530, 0x10563), (0x1056f, 0x1057a), (0x1057c, 0x1058a), (0x1058c, 0x10592),
    (0x10594, 0x10595), (0x10597, 0x105a1), (0x105a3, 0x105b1), (0x105b3, 0x105b9),
    (0x105bb, 0x105bc), (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767),
    (0x10780, 0x10785), (0x10787, 0x107b0), (0x107b2, 0x107ba), (0x10800, 0x10805),
    (0x10808, 0x10808), (0x1080a, 0x10835), (0x10837, 0x10838), (0x1083c, 0x1083c),
    (0x1083f, 0x10855), (0x10857, 0x1089e), (0x108a7, 0x108af), (0x108e0, 0x108f2),
    (0x108f4, 0x108f5), (0x108fb, 0x1091b), (0x1091f, 0x10939), (0x1093f, 0x1093f),
    (0x10980, 0x109b7), (0x109bc, 0x109cf), (0x109d2, 0x10a03), (0x10a05, 0x10a06),
    (0x10a0c, 0x10a13), (0x10a15, 0x10a17), (0x10a19, 0x10a35), (0x10a38, 0x10a3a),
    (0x10a3f, 0x10a48), (0x10a50, 0x10a58), (0x10a60, 0x10a9f), (0x10ac0, 0x10ae6),
    (0x10aeb, 0x10af6), (0x10b00, 0x10b35), (0x10b39, 0x10b55), (0x10b58, 0x10b72),
    (0x10b78, 0x10b91), (0x10b99, 0x10b9c), (0x10ba9, 0x10baf), (0x10c00, 0x10c48),
    (0x10c80, 0x10cb2), (0x10cc0, 0x10cf2), (0x10cfa, 0x10d27), (0x10d30, 0x10d39),
    (0x10e60, 0x10e7e), (0x10e80, 0x10ea9), (0x10eab, 0x10ead), (0x10eb0, 0x10eb1),
    (0x10efd, 0x10f27), (0x10f30, 0x10f59), (0x10f70, 0x10f89), (0x10fb0, 0x10fcb),
    (0x10fe0, 0x10ff6), (0x11000, 0x1104d), (0x11052, 0x11075), (0x1107f, 0x110bc),
    (0x110be, 0x110c2), (0x110d0, 0x110e8), (0x110f0, 0x110f9), (0x11100, 0x11134),
    (0x11136, 0x11147), (0x11150, 0x11176), (0x11180, 0x111df), (0x111e1, 0x111f4),
    (0x11200, 0x11211), (0x11213, 0x11241), (0x11280, 0x11286), (0x11288, 0x11288),
    (0x1128a, 0x1128d), (0x1128f, 0x1129d), (0x1129f, 0x112a9), (0x112b0, 0x112ea),
    (0x112f0, 0x112f9), (0x11300, 0x11303), (0x11305, 0x1130c), (0x1130f, 0x11310),
    (0x11313, 0x11328), (0x1132a, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339),
    (0x1133b, 0x11344), (0x11347, 0x11348), (0x1134b, 0x1134d), (0x11350, 0x11350),
    (0x11357, 0x11357), (0x1135d, 0x11363), (0x11366, 0x1136c), (0x11370, 0x11374),
    (0x11400, 0x1145b), (0x1145d, 0x11461), (0x11480, 0x114c7), (0x114d0, 0x114d9),
    (0x11580, 0x115b5), (0x115b8, 0x115dd), (0x11600, 0x11644), (0x11650, 0x11659),
    (0x11660, 0x1166c), (0x11680, 0x116b9), (0x116c0, 0x116c9), (0x11700, 0x1171a),
    (0x1171d, 0x1172b), (0x11730, 0x11746), (0x11800, 0x1183b), (0x118a0, 0x118f2),
    (0x118ff, 0x11906), (0x11909, 0x11909), (0x1190c, 0x11913), (0x11915, 0x11916),
    (0x11918, 0x11935), (0x11937, 0x11938), (0x1193b, 0x11946), (0x11950, 0x11959),
    (0x119a0, 0x119a7), (0x119aa, 0x119d7), (0x119da, 0x119e4), (0x11a00, 0x11a47),
    (0x11a50, 0x11aa2), (0x11ab0, 0x11af8), (0x11b00, 0x11b09), (0x11c00, 0x11c08),
    (0x11c0a, 0x11c36), (0x11c38, 0x11c45), (0x11c50, 0x11c6c), (0x11c70, 0x11c8f),
    (0x11c92, 0x11ca7), (0x11ca9, 0x11cb6), (0x11d00, 0x11d06), (0x11d08, 0x11d09),
    (0x11d0b, 0x11d36), (0x11d3a, 0x11d3a), (0x11d3c, 0x11d3d), (0x11d3f, 0x11d47),
    (0x11d50, 0x11d59), (0x11d60, 0x11d65), (0x11d67, 0x11d68), (0x11d6a, 0x11d8e),
    (0x11d90, 0x11d91), (0x11d93, 0x11d98), (0x11da0, 0x11da9), (0x11ee0, 0x11ef8),
    (0x11f00, 0x11f10), (0x11f12, 0x11f3a), (0x11f3e, 0x11f59), (0x11fb0, 0x11fb0),
    (0x11fc0, 0x11ff1), (0x11fff, 0x12399), (0x12400, 0x1246e), (0x12470, 0x12474),
    (0x12480, 0x12543), (0x12f90, 0x12ff2), (0x13000, 0x1342f), (0x13440, 0x13455),
    (0x14400, 0x14646), (0x16800, 0x16a38), (0x16a40, 0x16a5e), (0x16a60, 0x16a69),
    (0x16a6e, 0x16abe), (0x16ac0, 0x16ac9), (0x16ad0, 0x16aed), (0x16af0, 0x16af5),
    (0x16b00, 0x16b45), (0x16b50, 0x16b59), (0x16b5b, 0x16b61), (0x16b63, 0x16b77),
    (0x16b7d, 0x16b8f), (0x16e40, 0x16e9a), (0x16f00, 0x16f4a), (0x16f4f, 0x16f87),
    (0x16f8f, 0x16f9f), (0x16fe0, 0x16fe4), (0x16ff0, 0x16ff1), (0x17000, 0x187f7),
    (0x18800, 0x18cd5), (0x18d00, 0x18d08), (0x1aff0, 0x1aff3), (0x1aff5, 0x1affb),
    (0x1affd, 0x1affe), (0x1b000, 0x1b122), (0x1b132, 0x1b132), (0x1b150, 0x1b152),
    (0x1b155, 0x1b155), (0x1b164, 0x1b167), (0x1b170, 0x1b2fb), (0x1bc00, 0x1bc6a),
    (0x1bc70, 0x1bc7c), (0x1bc80, 0x1bc88), (0x1bc90, 0x1bc99), (0x1bc9c, 0x1bc9f),
    (0x1cf00, 0x1cf2d), (0x1cf30, 0x1cf46), (0x1cf50, 0x1cfc3), (0x1d000, 0x1d0f5),
    (0x1d100, 0x1d126), (0x1d129, 0x1d172), (0x1d17b, 0x1d1ea), (0x1d200, 0x1d245),
    (0x1d2c0, 0x1d2d3), (0x1d2e0, 0x1d2f3), (0x1d300, 0x1d356), (0x1d360, 0x1d378),
    (0x1d400, 0x1d454), (0x1d456, 0x1d49c), (0x1d49e, 0x1d49f), (0x1d4a2, 0x1d4a2),
    (0x1d4a5, 0x1d4a6), (0x1d4a9, 0x1d4ac), (0x1d4ae, 0x1d4b9), (0x1d4bb, 0x1d4bb),
    (0x1d4bd, 0x1d4c3), (0x1d4c5, 0x1d505), (0x1d507, 0x1d50a), (0x1d50d, 0x1d514),
    (0x1d516, 0x1d51c), (0x1d51e, 0x1d539), (0x1d53b, 0x1d53e), (0x1d540, 0x1d544),
    (0x1d546, 0x1d546), (0x1d54a, 0x1d550), (0x1d552, 0x1d6a5), (0x1d6a8, 0x1d7cb),
    (0x1d7ce, 0x1da8b), (0x1da9b, 0x1da9f), (0x1daa1, 0x1daaf), (0x1df00, 0x1df1e),
    (0x1df25, 0x1df2a), (0x1e000, 0x1e006), (0x1e008, 0x1e018), (0x1e01b, 0x1e021),
    (0x1e023, 0x1e024), (0x1e026, 0x1e02a), (0x1e030, 0x1e06d), (0x1e08f, 0x1e08f),
    (0x1e100, 0x1e12c), (0x1e130, 0x1e13d), (0x1e140, 0x1e149), (0x1e14e, 0x1e14f),
    (0x1e290, 0x1e2ae), (0x1e2c0, 0x1e2f9), (0x1e2ff, 0x1e2ff), (0x1e4d0, 0x1e4f9),
    (0x1e7e0, 0x1e7e6), (0x1e7e8, 0x1e7eb), (0x1e7ed, 0x1e7ee), (0x1e7f0, 0x1e7fe),
    (0x1e800, 0x1e8c4), (0x1e8c7, 0x1e8d6), (0x1e900, 0x1e94b), (0x1e950, 0x1e959),
    (0x1e95e, 0x1e95f), (0x1ec71, 0x1ecb4), (0x1ed01, 0x1ed3d), (0x1ee00, 0x1ee03),
    (0x1ee05, 0x1ee1f), (0x1ee21, 0x1ee22), (0x1ee24, 0x1ee24), (0x1ee27, 0x1ee27),
    (0x1ee29, 0x1ee32), (0x1ee34, 0x1ee37), (0x1ee39, 0x1ee39), (0x1ee3b, 0x1ee3b),
    (0x1ee42, 0x1ee42), (0x1ee47, 0x1ee47), (0x1ee49, 0x1ee49), (0x1ee4b, 0x1ee4b),
    (0x1ee4d, 0x1ee4f), (0x1ee51, 0x1ee52), (0x1ee54, 0x1ee54), (0x1ee57, 0x1ee57),
    (0x1ee59, 0x1ee59), (0x1ee5b, 0x1ee5b), (0x1ee5d, 0x1ee5d), (0x1ee5f, 0x1ee5f),
    (0x1ee61, 0x1ee62), (0x1ee64, 0x1ee64), (0x1ee67, 0x1ee6a), (0x1ee6c, 0x1ee72),
    (0x1ee74, 0x1ee77), (0x1ee79, 0x1ee7c), (0x1ee7e, 0x1ee7e), (0x1ee80, 0x1ee89),
    (0x1ee8b, 0x1ee9b), (0x1eea1, 0x1eea3), (0x1eea5, 0x1eea9), (0x1eeab, 0x1eebb),
    (0x1eef0, 0x1eef1), (0x1f000, 0x1f02b), (0x1f030, 0x1f093), (0x1f0a0, 0x1f0ae),
    (0x1f0b1, 0x1f0bf), (0x1f0c1, 0x1f0cf), (0x1f0d1, 0x1f0f5), (0x1f100, 0x1f1ad),
    (0x1f1e6, 0x1f202), (0x1f210, 0x1f23b), (0x1f240, 0x1f248), (0x1f250, 0x1f251),
    (0x1f260, 0x1f265), (0x1f300, 0x1f6d7), (0x1f6dc, 0x1f6ec), (0x1f6f0, 0x1f6fc),
    (0x1f700, 0x1f776), (0x1f77b, 0x1f7d9), (0x1f7e0, 0x1f7eb), (0x1f7f0, 0x1f7f0),
    (0x1f800, 0x1f80b), (0x1f810, 0x1f847), (0x1f850, 0x1f859), (0x1f860, 0x1f887),
    (0x1f890, 0x1f8ad), (0x1f8b0, 0x1f8b1), (0x1f900, 0x1fa53), (0x1fa60, 0x1fa6d),
    (0x1fa70, 0x1fa7c), (0x1fa80, 0x1fa88), (0x1fa90, 0x1fabd), (0x1fabf, 0x1fac5),
    (0x1face, 0x1fadb), (0x1fae0, 0x1fae8), (0x1faf0, 0x1faf8), (0x1fb00, 0x1fb92),
    (0x1fb94, 0x1fbca), (0x1fbf0, 0x1fbf9), (0x20000, 0x2a6df), (0x2a700, 0x2b739),
    (0x2b740, 0x2b81d), (0x2b820, 0x2cea1), (0x2ceb0, 0x2ebe0), (0x2f800, 0x2fa1d),
    (0x30000, 0x3134a), (0x31350, 0x323af), (0xe0100, 0xe01ef),
];

#[cfg(test)]
mod tests {
    //! Every expected string in the `helm_*` tests is what Helm 3.17.1 (Go
    //! 1.23.5) printed for the same `printf`/`print`/`println` call, run
    //! through `helm template` on a probe chart (values from YAML are
    //! float64, template integer literals are int, `int64 "…"` is int64,
    //! `list … | toStrings` is a []string, `until n` an []int, and
    //! `.Files.GetBytes` a []uint8). The other tests check properties Go
    //! cannot show (no panics, no stack overflow on cyclic data).

    use super::*;
    use crate::value::{ElemType, Map, MapRef};
    use std::collections::BTreeMap;

    fn check(got: String, want: &str) {
        assert_eq!(got, want);
    }

    fn int(i: i64) -> Value {
        Value::Int(i)
    }

    fn i64v(i: i64) -> Value {
        Value::Int64(i, None)
    }

    fn fl(f: f64) -> Value {
        Value::Float(f, None)
    }

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    fn bl(b: bool) -> Value {
        Value::Bool(b, None)
    }

    fn list(items: Vec<Value>) -> Value {
        Value::list(ElemType::Interface, items)
    }

    fn strs(items: &[&str]) -> Value {
        Value::string_list(items.iter().copied())
    }

    fn ints(items: &[i64]) -> Value {
        Value::list(
            ElemType::Int,
            items.iter().map(|&i| Value::Int(i)).collect(),
        )
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::map(
            entries
                .into_iter()
                .map(|(k, v)| (Arc::from(k), v))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    fn by(b: &[u8]) -> Value {
        Value::Bytes(Arc::from(b))
    }

    /// `.Values` of the probe chart: `a: 1`, `b: [x, 2.5]`, `c: {d: true}`.
    fn values() -> Value {
        let mut entries = BTreeMap::new();
        entries.insert(Arc::from("a"), fl(1.0));
        entries.insert(Arc::from("b"), list(vec![s("x"), fl(2.5)]));
        entries.insert(Arc::from("c"), map(vec![("d", bl(true))]));
        Value::Map(MapRef::new(Map {
            type_name: Some("chartutil.Values"),
            entries,
            ..Map::default()
        }))
    }

    #[test]
    fn helm_integers() {
        check(
            sprintf(
                "%d|%v|%5d|%-5d|%05d",
                &[int(42), int(42), int(42), int(42), int(42)],
            ),
            "42|42|   42|42   |00042",
        );
        check(
            sprintf(
                "%x|%X|%o|%b|%O|%#x|%#X|%#o|%#b|%#O",
                &[
                    int(255),
                    int(255),
                    int(8),
                    int(5),
                    int(8),
                    int(255),
                    int(255),
                    int(8),
                    int(5),
                    int(8),
                ],
            ),
            "ff|FF|10|101|0o10|0xff|0XFF|010|0b101|0o010",
        );
        check(
            sprintf(
                "%x|%o|%b|%O|%#x|%#o|%d",
                &[
                    int(-255),
                    int(-8),
                    int(-5),
                    int(-8),
                    int(-255),
                    int(-8),
                    int(-42),
                ],
            ),
            "-ff|-10|-101|-0o10|-0xff|-010|-42",
        );
        check(
            sprintf(
                "%08.3d|%.0d|%5.0d|%+.3d|%-+5d|%+-5d|% +d|%+ d",
                &[
                    int(7),
                    int(0),
                    int(0),
                    int(7),
                    int(7),
                    int(7),
                    int(7),
                    int(7),
                ],
            ),
            "     007||     |+007|+7   |+7   |+7|+7",
        );
        check(
            sprintf(
                "%08d|%+08d|% 08d|%-08d|%#08x|%08x",
                &[int(-7), int(7), int(7), int(7), int(255), int(255)],
            ),
            "-0000007|+0000007| 0000007|7       |0x000000ff|000000ff",
        );
        check(
            sprintf(
                "%.0x|%.0o|%#.0x|%#.0o|%+.0d|% .0d|%5.0x",
                &[int(0), int(0), int(0), int(0), int(0), int(0), int(0)],
            ),
            "||||||     ",
        );
        check(
            sprintf(
                "%#o|%#.3o|%#5o|%#05o|%#-5o|%#O|%#b|%#08b|%#X",
                &[
                    int(0),
                    int(8),
                    int(8),
                    int(8),
                    int(8),
                    int(0),
                    int(0),
                    int(5),
                    int(0),
                ],
            ),
            "0|010|  010|00010|010  |0o0|0b0|0b00000101|0X0",
        );
        check(
            sprintf(
                "%d|%v|%x|%T|%+d",
                &[i64v(3), i64v(-3), i64v(255), i64v(1), i64v(5)],
            ),
            "3|-3|ff|int64|+5",
        );
        check(
            sprintf(
                "%c|%q|%U|%x|%d|%b",
                &[
                    i64v(-9223372036854775808),
                    i64v(-9223372036854775808),
                    i64v(-9223372036854775808),
                    i64v(-9223372036854775808),
                    i64v(-9223372036854775808),
                    i64v(-9223372036854775808),
                ],
            ),
            "\u{fffd}|'\u{fffd}'|U+8000000000000000|-8000000000000000|-9223372036854775808|-1000000000000000000000000000000000000000000000000000000000000000",
        );
        check(
            sprintf(
                "%d|%x|%o",
                &[
                    int(9223372036854775807),
                    int(9223372036854775807),
                    int(9223372036854775807),
                ],
            ),
            "9223372036854775807|7fffffffffffffff|777777777777777777777",
        );
        check(
            sprintf(
                "%+v|%+d|% d|%#v|%+06v",
                &[int(5), int(5), int(5), int(5), int(12)],
            ),
            "5|+5| 5|5|000012",
        );
        check(
            sprintf("%6.2v|%6v|%-6v|%06v", &[int(12), int(12), int(12), int(12)]),
            "    12|    12|12    |000012",
        );
        check(
            sprintf(
                "%.3x|%8.3x|%-8.3X|%#.3x|%+x|% x",
                &[int(10), int(10), int(10), int(10), int(10), int(10)],
            ),
            "00a|     00a|00A     |0x00a|+a| a",
        );
        check(
            sprintf(
                "%d|%v|%x|%o|%c|%U",
                &[int(0), int(0), int(0), int(0), int(0), int(0)],
            ),
            "0|0|0|0|\u{0}|U+0000",
        );
    }

    #[test]
    fn helm_runes() {
        check(
            sprintf("%c|%5c|%-5c|%05c", &[int(65), int(65), int(65), int(65)]),
            "A|    A|A    |0000A",
        );
        check(
            sprintf(
                "%q|%+q|%#q|%q|%q|%q",
                &[
                    int(128512),
                    int(128512),
                    int(65),
                    int(127),
                    int(55296),
                    int(-1),
                ],
            ),
            "'\u{1f600}'|'\\U0001f600'|'A'|'\\x7f'|'\u{fffd}'|'\u{fffd}'",
        );
        check(
            sprintf(
                "%U|%#U|%.6U|%#.6U|%#U|%08U|%-8U|%#U",
                &[
                    int(128512),
                    int(128512),
                    int(65),
                    int(65),
                    int(10),
                    int(65),
                    int(65),
                    int(55296),
                ],
            ),
            "U+1F600|U+1F600 '\u{1f600}'|U+000041|U+000041 'A'|U+000A|  U+0041|U+0041  |U+D800",
        );
        check(
            sprintf(
                "%c|%q|%c|%q|%q|%q|%+q|%q",
                &[
                    int(1114112),
                    int(1114112),
                    int(1114111),
                    int(10),
                    int(39),
                    int(92),
                    int(233),
                    int(34),
                ],
            ),
            "\u{fffd}|'\u{fffd}'|\u{10ffff}|'\\n'|'\\''|'\\\\'|'\\u00e9'|'\"'",
        );
        check(
            sprintf(
                "%c|%c|%q|%+q|%q|%5q|%-5q",
                &[
                    int(26085),
                    int(-5),
                    int(26085),
                    int(26085),
                    int(7),
                    int(65),
                    int(65),
                ],
            ),
            "日|\u{fffd}|'日'|'\\u65e5'|'\\a'|  'A'|'A'  ",
        );
    }

    #[test]
    fn helm_floats_v() {
        check(
            sprintf(
                "%v|%v|%v|%v|%v|%v",
                &[
                    fl(1000000.0),
                    fl(100000.0),
                    fl(0.1),
                    fl(1e+21),
                    fl(1e-05),
                    fl(123456789.0),
                ],
            ),
            "1e+06|100000|0.1|1e+21|1e-05|1.23456789e+08",
        );
        check(
            sprintf(
                "%v|%v|%v|%v|%v|%v|%v|%v|%v",
                &[
                    fl(1e+20),
                    fl(1e+21),
                    fl(0.0001),
                    fl(1e-05),
                    fl(12345678.0),
                    fl(123456789012.0),
                    fl(1.5e+300),
                    fl(2.5e-300),
                    fl(5e-324),
                ],
            ),
            "1e+20|1e+21|0.0001|1e-05|1.2345678e+07|1.23456789012e+11|1.5e+300|2.5e-300|5e-324",
        );
        check(
            sprintf(
                "%v|%v|%v|%v",
                &[fl(0.1), fl(0.2), fl(0.30000000000000004), fl(3.0)],
            ),
            "0.1|0.2|0.30000000000000004|3",
        );
        check(
            sprintf(
                "%v|%v|%v|%v",
                &[
                    fl(1.7976931348623157e+308),
                    fl(2.2250738585072014e-308),
                    fl(-1.5),
                    fl(0.0),
                ],
            ),
            "1.7976931348623157e+308|2.2250738585072014e-308|-1.5|0",
        );
        check(
            sprintf(
                "%v|%+v|% v|%v|%v|%v|%-7v|%07v|%+07v",
                &[
                    fl(-0.0),
                    fl(f64::NAN),
                    fl(f64::NAN),
                    fl(f64::NAN),
                    fl(f64::NEG_INFINITY),
                    fl(f64::INFINITY),
                    fl(f64::INFINITY),
                    fl(f64::NAN),
                    fl(f64::INFINITY),
                ],
            ),
            "-0|NaN| NaN|NaN|-Inf|+Inf|+Inf   |    NaN|   +Inf",
        );
        check(
            sprintf(
                "%+v|% v|%+v|%#v|%#v|%#v|%#v",
                &[
                    fl(1.5),
                    fl(1.5),
                    fl(-1.5),
                    fl(1.0),
                    fl(1000000.0),
                    fl(0.5),
                    fl(-0.0),
                ],
            ),
            "1.5| 1.5|-1.5|1|1e+06|0.5|-0",
        );
        check(
            sprintf(
                "%6.2v|%.3v|%10.4v|%6v|%-6v|%06v|%+06v",
                &[
                    fl(2.34567),
                    fl(2.34567),
                    fl(2.34567),
                    fl(1.5),
                    fl(1.5),
                    fl(-1.5),
                    fl(1.5),
                ],
            ),
            "   2.3|2.35|     2.346|   1.5|1.5   |-001.5|0001.5",
        );
        check(
            sprintf("%T|%T", &[fl(1.5), fl(f64::NAN)]),
            "float64|float64",
        );
        check(
            sprintf(
                "%v|%v|%v|%e|%.16e|%g",
                &[
                    fl(-1870934951694547.2),
                    fl(1701111586987793.2),
                    fl(1701111586987793.8),
                    fl(1933250402021414.2),
                    fl(1933250402021414.2),
                    fl(9007199254740992.0),
                ],
            ),
            "-1.8709349516945472e+15|1.7011115869877932e+15|1.7011115869877938e+15|1.933250e+15|1.9332504020214142e+15|9.007199254740992e+15",
        );
        check(
            sprintf(
                "%v|%v|%v|%v",
                &[
                    fl(1.152921504606847e+18),
                    fl(1.1805916207174113e+21),
                    fl(1.2345678901234568e+17),
                    fl(4.35e-320),
                ],
            ),
            "1.152921504606847e+18|1.1805916207174113e+21|1.2345678901234568e+17|4.35e-320",
        );
    }

    #[test]
    fn helm_floats_efg() {
        check(
            sprintf(
                "%5.2f|%f|%F|%.2F|%.0f|%.1f",
                &[fl(2.34567), fl(1.5), fl(1.5), fl(1.5), fl(0.5), fl(0.25)],
            ),
            " 2.35|1.500000|1.500000|1.50|0|0.2",
        );
        check(
            sprintf(
                "%.2f|%.2f|%.0f|%.0f|%.0f|%.0f|%.1f|%.3f",
                &[
                    fl(0.125),
                    fl(0.375),
                    fl(0.5),
                    fl(1.5),
                    fl(2.5),
                    fl(3.5),
                    fl(0.25),
                    fl(1.0005),
                ],
            ),
            "0.12|0.38|0|2|2|4|0.2|1.000",
        );
        check(
            sprintf(
                "%e|%E|%.2e|%.0e|%#.0e|%g|%G|%.3g|%.10g|%g|%G|%g|%g|%g",
                &[
                    fl(1234.5678),
                    fl(1234.5678),
                    fl(1234.5678),
                    fl(5.0),
                    fl(5.0),
                    fl(1e+20),
                    fl(1e-07),
                    fl(1234.5678),
                    fl(1.0),
                    fl(0.0001),
                    fl(1e-05),
                    fl(0.0),
                    fl(100.0),
                    fl(1000000.0),
                ],
            ),
            "1.234568e+03|1.234568E+03|1.23e+03|5e+00|5.e+00|1e+20|1E-07|1.23e+03|1|0.0001|1E-05|0|100|1e+06",
        );
        check(
            sprintf(
                "%.3g|%.2g|%.1g|%g|%.5g|%.3e|%.0g|%.20g|%.20f",
                &[
                    fl(100.0),
                    fl(100.0),
                    fl(0.5),
                    fl(1.2345e-05),
                    fl(123456789.0),
                    fl(0.0),
                    fl(123.0),
                    fl(0.1),
                    fl(0.1),
                ],
            ),
            "100|1e+02|0.5|1.2345e-05|1.2346e+08|0.000e+00|1e+02|0.10000000000000000555|0.10000000000000000555",
        );
        check(
            sprintf("%.3f", &[fl(1e+300)]),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000",
        );
        check(
            sprintf(
                "%e|%.3e|%e|%e|%.20e|%.30g|%G|%E",
                &[
                    fl(0.0),
                    fl(1e-310),
                    fl(1e+100),
                    fl(-0.0),
                    fl(0.1),
                    fl(0.1),
                    fl(1e+100),
                    fl(1e-100),
                ],
            ),
            "0.000000e+00|1.000e-310|1.000000e+100|-0.000000e+00|1.00000000000000005551e-01|0.100000000000000005551115123126|1E+100|1.000000E-100",
        );
        check(
            sprintf(
                "%08.3f|%-8.3f|%+08.3f|% 8.3f|%+.0f|% .0f|%8.3e|%-+9.2g",
                &[
                    fl(-2.34567),
                    fl(2.34567),
                    fl(2.34567),
                    fl(2.34567),
                    fl(2.5),
                    fl(-2.5),
                    fl(314.159),
                    fl(0.000314),
                ],
            ),
            "-002.346|2.346   |+002.346|   2.346|+2|-2|3.142e+02|+0.00031 ",
        );
        check(
            sprintf(
                "%06.2f|%06.2f|%-06.2f|%-10.3e|%+10.3e|%010.3e|%010.3e",
                &[
                    fl(-1.5),
                    fl(f64::INFINITY),
                    fl(-1.5),
                    fl(2.34567),
                    fl(2.34567),
                    fl(2.34567),
                    fl(-2.34567),
                ],
            ),
            "-01.50|  +Inf|-1.50 |2.346e+00 |+2.346e+00|02.346e+00|-2.346e+00",
        );
        check(
            sprintf("%.d|%.f|%.e|%.g", &[int(5), fl(3.7), fl(2.5), fl(2.5)]),
            "5|4|2e+00|2",
        );
        check(
            sprintf(
                "%f|%e|%g|%.2f|%+f|% e",
                &[
                    fl(f64::NAN),
                    fl(f64::INFINITY),
                    fl(f64::NEG_INFINITY),
                    fl(f64::NAN),
                    fl(f64::NAN),
                    fl(f64::INFINITY),
                ],
            ),
            "NaN|+Inf|-Inf|NaN|+NaN| Inf",
        );
        check(
            sprintf(
                "%.1f|%.2f|%.3f|%.1e|%.2g",
                &[fl(0.05), fl(1.005), fl(2.0005), fl(1.25), fl(0.125)],
            ),
            "0.1|1.00|2.001|1.2e+00|0.12",
        );
        check(
            sprintf(
                "%g|%g|%g|%G|%.4g|%.4g",
                &[
                    fl(0.0001234),
                    fl(123456.0),
                    fl(1234567.0),
                    fl(1e-10),
                    fl(99999.0),
                    fl(0.00012345),
                ],
            ),
            "0.0001234|123456|1.234567e+06|1E-10|1e+05|0.0001234",
        );
        check(
            sprintf(
                "%.15g|%.16g|%.17g|%.17g",
                &[fl(0.1), fl(0.1), fl(0.1), fl(0.3333333333333333)],
            ),
            "0.1|0.1|0.10000000000000001|0.33333333333333331",
        );
    }

    #[test]
    fn helm_floats_sharp_hex() {
        check(
            sprintf(
                "%#v|%#g|%#.3g|%#e|%#.0f|%#x|%#v|%#g|%#.4g|%#g",
                &[
                    fl(1.0),
                    fl(1.0),
                    fl(1.0),
                    fl(1.0),
                    fl(3.0),
                    fl(1.0),
                    fl(1000000.0),
                    fl(1000000.0),
                    fl(123.0),
                    fl(0.0001),
                ],
            ),
            "1|1.00000|1.00|1.000000e+00|3.|0x1.0000p+00|1e+06|1.00000e+06|123.0|0.000100000",
        );
        check(
            sprintf(
                "%#.0e|%#.0g|%#.1g|%#v|%#.3x|%#x|%#g|%#G|%#.0x",
                &[
                    fl(1.0),
                    fl(1.0),
                    fl(10.0),
                    fl(0.5),
                    fl(3.0),
                    fl(0.0),
                    fl(f64::NAN),
                    fl(1e-07),
                    fl(1.5),
                ],
            ),
            "1.e+00|1.|1.e+01|0.5|0x1.800p+01|0x0.0000p+00|NaN|1.00000E-07|0x1.p+01",
        );
        check(
            sprintf(
                "%#X|%#.2X|%#E|%#G|%#X|%#g|%#.2g",
                &[
                    fl(1.0),
                    fl(1.0),
                    fl(1.0),
                    fl(1.0),
                    fl(0.0),
                    fl(0.0),
                    fl(0.001),
                ],
            ),
            "0X1.P+00|0X1.00P+00|1.000000E+00|1.00000|0X0.P+00|0.00000|0.0010",
        );
        check(
            sprintf(
                "%b|%x|%X|%.2x|%x|%x|%b|%#.3x",
                &[
                    fl(1.0),
                    fl(3.5),
                    fl(-3.5),
                    fl(1.0),
                    fl(0.0),
                    fl(5e-324),
                    int(5),
                    fl(1.0),
                ],
            ),
            "4503599627370496p-52|0x1.cp+01|-0X1.CP+01|0x1.00p+00|0x0p+00|0x1p-1074|101|0x1.000p+00",
        );
        check(
            sprintf(
                "%x|%X|%#x|%.0x|%.1x|%.1x|%.13x|%.15x|%x|%x",
                &[
                    fl(1.0),
                    fl(1e+300),
                    fl(255.0),
                    fl(1.5),
                    fl(1.96875),
                    fl(1.03125),
                    fl(1.0),
                    fl(1.0),
                    fl(f64::INFINITY),
                    fl(-0.1),
                ],
            ),
            "0x1p+00|0X1.7E43C8800759CP+996|0x1.fe00p+07|0x1p+01|0x1.0p+01|0x1.0p+00|0x1.0000000000000p+00|0x1.000000000000000p+00|+Inf|-0x1.999999999999ap-04",
        );
        check(
            sprintf(
                "%b|%b|%b|%10.3x|%-12x|%+x",
                &[fl(0.0), fl(-2.5), fl(5e-324), fl(1.0), fl(2.0), fl(2.0)],
            ),
            "0p-1074|-5629499534213120p-51|1p-1074|0x1.000p+00|0x1p+01     |+0x1p+01",
        );
    }

    #[test]
    fn helm_strings() {
        check(
            sprintf(
                "%s|%v|%5s|%-5s|%.2s|%5.1s|%q",
                &[
                    s("hi"),
                    s("hi"),
                    s("hi"),
                    s("hi"),
                    s("hello"),
                    s("hello"),
                    s("hi"),
                ],
            ),
            "hi|hi|   hi|hi   |he|    h|\"hi\"",
        );
        check(
            sprintf(
                "%06s|%-06d|%0-6d|%06q|%06x|%06t",
                &[s("ab"), int(5), int(5), s("ab"), s("ab"), bl(true)],
            ),
            "0000ab|5     |5     |00\"ab\"|006162|00true",
        );
        check(
            sprintf(
                "%5.3s|%-6s|%.0s|%.10s|%3s",
                &[s("héllo"), s("é"), s("abc"), s("ab"), s("abcdef")],
            ),
            "  hél|é     ||ab|abcdef",
        );
        check(
            sprintf(
                "%x|%X|% x|%# x|%#X|%.2x|%8x|%-8x|% X",
                &[
                    s("hi"),
                    s("hi"),
                    s("hi!"),
                    s("hi!"),
                    s("hi"),
                    s("hello"),
                    s("hi"),
                    s("hi"),
                    s("é"),
                ],
            ),
            "6869|6869|68 69 21|0x68 0x69 0x21|0X6869|6865|    6869|6869    |C3 A9",
        );
        check(
            sprintf(
                "%x|% x|%#x|%# X|%.1x|% .2x|%010x|%-010x|%# 10x",
                &[
                    s("日本"),
                    s("日本"),
                    s("日本"),
                    s("日本"),
                    s("日本"),
                    s("日本"),
                    s("ab"),
                    s("ab"),
                    s("ab"),
                ],
            ),
            "e697a5e69cac|e6 97 a5 e6 9c ac|0xe697a5e69cac|0XE6 0X97 0XA5 0XE6 0X9C 0XAC|e6|e6 97|0000006162|6162      | 0x61 0x62",
        );
        check(
            sprintf(
                "%.3s|%.5q|%8.3q|%-8.3q|%+.3q",
                &[
                    s("日本語文字"),
                    s("日本語文字"),
                    s("日本語文字"),
                    s("日本語文字"),
                    s("日本語文字"),
                ],
            ),
            "日本語|\"日本語文字\"|   \"日本語\"|\"日本語\"   |\"\\u65e5\\u672c\\u8a9e\"",
        );
        check(
            sprintf(
                "%5s|%-5s|%5q|%.1q",
                &[s("日本"), s("日本"), s("日本"), s("日本")],
            ),
            "   日本|日本   | \"日本\"|\"日\"",
        );
        check(
            sprintf(
                "%q|%+q|%#q|%#q|%#+q|%5.2q|%-8q|%q",
                &[
                    s("héllo"),
                    s("héllo"),
                    s("a`b"),
                    s("ab"),
                    s("é\t"),
                    s("héllo"),
                    s("a"),
                    s("a\"b\\c"),
                ],
            ),
            "\"héllo\"|\"h\\u00e9llo\"|\"a`b\"|`ab`|`é\t`| \"hé\"|\"a\"     |\"a\\\"b\\\\c\"",
        );
        check(
            sprintf(
                "%q",
                &[s(
                    "\u{0}\u{7}\u{1b}\u{ad}\u{200b}\u{feff}\u{8}\u{c}\u{b}\u{d}\n",
                )],
            ),
            "\"\\x00\\a\\x1b\\u00ad\\u200b\\ufeff\\b\\f\\v\\r\\n\"",
        );
        check(
            sprintf(
                "%q|%+q|%#q|%#+q",
                &[s("日本\n"), s("日本\n"), s("日本"), s("日本")],
            ),
            "\"日本\\n\"|\"\\u65e5\\u672c\\n\"|`日本`|`日本`",
        );
        check(
            sprintf(
                "%q",
                &[s(
                    "\u{2028} \u{85}\u{1f600}͸\u{e0001}\u{fffd}\u{200d}\u{61c}",
                )],
            ),
            "\"\\u2028\\u00a0\\u0085\u{1f600}\\u0378\\U000e0001\u{fffd}\\u200d\\u061c\"",
        );
        check(
            sprintf("%+q", &[s("\u{2028} \u{85}\u{1f600}͸\u{e0001}\u{fffd}")]),
            "\"\\u2028\\u00a0\\u0085\\U0001f600\\u0378\\U000e0001\\ufffd\"",
        );
        check(
            sprintf(
                "%#q|%#q|%#q|%#q",
                &[s("a\u{7f}b"), s("\u{feff}"), s("tab\there"), s("nl\n")],
            ),
            "\"a\\x7fb\"|\"\\ufeff\"|`tab\there`|\"nl\\n\"",
        );
        check(
            sprintf(
                "%10q|%-10q|%010q|%.0q|%#q",
                &[s("abc"), s("abc"), s("abc"), s("abc"), s("é\u{0}")],
            ),
            "     \"abc\"|\"abc\"     |00000\"abc\"|\"\"|\"é\\x00\"",
        );
        check(
            sprintf(
                "%q|%#q|%+q|%x|% X|%#v|%5x|%s|%-3s|",
                &[
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                    s(""),
                ],
            ),
            "\"\"|``|\"\"|||\"\"|     ||   |",
        );
        check(
            sprintf("%#v|%#v|%#v|%+v", &[s("str"), s("a\tb"), s("日本"), s("x")]),
            "\"str\"|\"a\\tb\"|\"日本\"|x",
        );
        check(
            sprintf(
                "%d|%t|%c|%e|%o|%U",
                &[s("hi"), s("hi"), s("hi"), s("hi"), s("hi"), s("hi")],
            ),
            "%!d(string=hi)|%!t(string=hi)|%!c(string=hi)|%!e(string=hi)|%!o(string=hi)|%!U(string=hi)",
        );
        check(
            sprintf("%q", &[s("̀א\u{1f1fa}éĀ\u{fe0f}　  ")]),
            "\"̀א\u{1f1fa}éĀ\u{fe0f}\\u3000\\u2000\\u00a0\"",
        );
    }

    #[test]
    fn helm_bools_nil() {
        check(
            sprintf(
                "%v|%t|%5t|%-6v|%06v|%d|%s|%#v|%x",
                &[
                    bl(true),
                    bl(false),
                    bl(true),
                    bl(true),
                    bl(true),
                    bl(true),
                    bl(true),
                    bl(false),
                    bl(true),
                ],
            ),
            "true|false| true|true  |00true|%!d(bool=true)|%!s(bool=true)|false|%!x(bool=true)",
        );
        check(
            sprintf(
                "%d|%s|%v|%T|%5v|%-6v|%06v|%x|%q",
                &[
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                    Value::Nil,
                ],
            ),
            "%!d(<nil>)|%!s(<nil>)|<nil>|<nil>|<nil>|<nil> |0<nil>|%!x(<nil>)|%!q(<nil>)",
        );
        check(
            sprintf(
                "%5t|%5s|%-5d|%.1s|%+s|%#s",
                &[int(3), int(7), s("hi"), fl(2.34), int(5), int(5)],
            ),
            "%!t(int=    3)|%!s(int=    7)|%!d(string=hi   )|%!s(float64=2)|%!s(int=+5)|%!s(int=5)",
        );
        check(
            sprintf(
                "%T|%T|%T|%T|%T|%T|%10T|%-10T|%.2T",
                &[
                    int(1),
                    i64v(1),
                    fl(1.5),
                    s("s"),
                    bl(true),
                    Value::Nil,
                    int(5),
                    int(5),
                    int(5),
                ],
            ),
            "int|int64|float64|string|bool|<nil>|       int|int       |in",
        );
    }

    #[test]
    fn helm_errors() {
        check(sprintf("%!", &[]), "%!!(MISSING)");
        check(sprintf("%", &[]), "%!(NOVERB)");
        check(sprintf("%5", &[]), "%!(NOVERB)");
        check(sprintf("%-", &[]), "%!(NOVERB)");
        check(sprintf("%.5", &[]), "%!(NOVERB)");
        check(sprintf("%d %d", &[int(1)]), "1 %!d(MISSING)");
        check(sprintf("%v %v", &[int(1)]), "1 %!v(MISSING)");
        check(
            sprintf(
                "%d",
                &[int(1), s("x"), int(3), Value::Nil, list(vec![int(1)])],
            ),
            "1%!(EXTRA string=x, int=3, <nil>, []interface {}=[1])",
        );
        check(
            sprintf("%5d|%d", &[int(1), int(2), int(3)]),
            "    1|2%!(EXTRA int=3)",
        );
        check(sprintf("hello", &[int(1)]), "hello%!(EXTRA int=1)");
        check(sprintf("%[2]d %[1]d", &[int(1), int(2)]), "2 1");
        check(
            sprintf("%[3]d|%[0]d|%[x]d|%[1]", &[int(1), int(2)]),
            "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)",
        );
        check(
            sprintf(
                "%*d|%-*d|%*d|%.*f|%.*f",
                &[
                    int(5),
                    int(1),
                    int(5),
                    int(1),
                    s("x"),
                    int(2),
                    int(2),
                    fl(2.34567),
                    int(-1),
                    fl(2.34567),
                ],
            ),
            "    1|1    |%!(BADWIDTH)2|2.35|%!(BADPREC)2.345670",
        );
        check(sprintf("%[2]*[1]d|%[1]*d", &[int(3), int(6)]), "     3|  6");
        check(
            sprintf("%[1]2d|%[1].2d", &[int(5)]),
            "%!d(BADINDEX)|%!d(BADINDEX)",
        );
        check(sprintf("%5.", &[int(3)]), "%!.(int=    3)");
        check(sprintf("%-5.|", &[int(3)]), "%!|(int=3    )");
        check(sprintf("%[1]*d", &[int(3)]), "%!d(MISSING)");
        check(
            sprintf("%[2]*[1]d|%[3]*[1]d", &[int(1), int(2)]),
            " 1|%!d(BADINDEX)",
        );
        check(
            sprintf("%[2]d %d %d", &[int(1), int(2), int(3)]),
            "2 3 %!d(MISSING)",
        );
        check(sprintf("%[1]d %[1]d", &[int(1), int(2)]), "1 1");
        check(
            sprintf("%.[2]d|%[1].[2]d|%.[3]*[1]d", &[int(5), int(3), int(2)]),
            "3|%!d(BADINDEX)|05",
        );
        check(
            sprintf("%[1]*.[2]*[3]f", &[int(8), int(2), fl(2.34567)]),
            "    2.35",
        );
        check(
            sprintf("%[]d|%[-1]d|%[1|%[1x]d|%[", &[int(1)]),
            "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)",
        );
        check(
            sprintf(
                "%-*d|%0*d|%*d",
                &[int(-5), int(1), int(-5), int(1), int(-5), int(1)],
            ),
            "1    |1    |1    ",
        );
        check(
            sprintf(
                "%0*d|%*x|%.*s",
                &[int(0), int(5), i64v(4), int(10), int(2), s("abcdef")],
            ),
            "5|   a|ab",
        );
        check(
            sprintf("%!d|%!|%%d|%#%|%5%|%-5%|%.2%|%05%", &[int(5)]),
            "%!!(int=5)d|%!!(MISSING)|%d|%|%|%|%|%",
        );
        check(
            sprintf(
                "%*d|%.*d|%100000000d|%.100000000d",
                &[int(10000000), int(1), int(10000001), int(1), int(1), int(1)],
            ),
            "%!(BADWIDTH)1|%!(BADPREC)1|%!(NOVERB)%!(EXTRA int=1, int=1)",
        );
        check(
            sprintf("%*d|%.*d", &[fl(3.0), int(1), Value::Nil, int(1)]),
            "%!(BADWIDTH)1|%!(BADPREC)1",
        );
        check(
            sprintf(
                "%w|%#w|%w|%w|%w",
                &[
                    int(5),
                    int(5),
                    map(vec![("a", int(1))]),
                    Value::Nil,
                    s("hi"),
                ],
            ),
            "%!w(int=5)|%!w(int=5)|%!w(map[string]interface {}=map[a:1])|%!w(<nil>)|%!w(string=hi)",
        );
        check(
            sprintf("%é|%p|%z|%!", &[int(5), int(5), int(5), int(5)]),
            "%!é(int=5)|%!p(int=5)|%!z(int=5)|%!!(int=5)",
        );
        check(sprintf("%d%%|%[1]d", &[int(5), int(6)]), "5%|5");
        check(sprintf("%v|%d", &[Value::Nil]), "<nil>|%!d(MISSING)");
        check(
            sprintf("%99999999d", &[int(1)]),
            "%!(NOVERB)%!(EXTRA int=1)",
        );
        check(
            sprintf(
                "%.*d|%.*d|%*d",
                &[
                    int(1000001),
                    int(0),
                    int(-1000001),
                    int(0),
                    int(-1000001),
                    int(0),
                ],
            ),
            "%!(BADPREC)0|%!(BADPREC)0|%!(BADWIDTH)0",
        );
        check(
            sprintf("%[18446744073709551617]d|%[99999999]d", &[int(1)]),
            "%!d(BADINDEX)|%!d(BADINDEX)",
        );
        check(sprintf("%#[1]x %#[1]o", &[int(8)]), "0x8 010");
    }

    #[test]
    fn helm_lists() {
        check(
            sprintf(
                "%v|%+v|%#v",
                &[
                    list(vec![fl(1.0), s("a")]),
                    list(vec![fl(1.0), s("a")]),
                    list(vec![fl(1.0), s("a")]),
                ],
            ),
            "[1 a]|[1 a]|[]interface {}{1, \"a\"}",
        );
        check(
            sprintf(
                "%5v|%-4v|%x|%X|%s|%t|%q|%x",
                &[
                    list(vec![fl(1.0), s("a")]),
                    list(vec![fl(1.0), s("a")]),
                    strs(&["a", "b"]),
                    list(vec![int(10), int(11)]),
                    list(vec![int(1), int(2)]),
                    list(vec![bl(true), bl(false)]),
                    strs(&["a", "b"]),
                    list(vec![int(255), s("a")]),
                ],
            ),
            "[    1     a]|[1    a   ]|[61 62]|[A B]|[%!s(int=1) %!s(int=2)]|[true false]|[\"a\" \"b\"]|[ff 61]",
        );
        check(
            sprintf(
                "%v|%#v|%d|%x",
                &[
                    list(vec![Value::Nil, fl(1.0)]),
                    list(vec![Value::Nil, fl(1.0)]),
                    list(vec![Value::Nil, fl(1.0)]),
                    list(vec![Value::Nil, fl(1.0)]),
                ],
            ),
            "[<nil> 1]|[]interface {}{interface {}(nil), 1}|[<nil> %!d(float64=1)]|[<nil> 0x1p+00]",
        );
        check(
            sprintf(
                "%v|%s|%#v",
                &[
                    list(vec![list(vec![s("a"), s("b")]), map(vec![("k", s("v"))])]),
                    list(vec![list(vec![s("a"), s("b")]), map(vec![("k", s("v"))])]),
                    list(vec![list(vec![s("a"), s("b")]), map(vec![("k", s("v"))])]),
                ],
            ),
            "[[a b] map[k:v]]|[[a b] map[k:v]]|[]interface {}{[]interface {}{\"a\", \"b\"}, map[string]interface {}{\"k\":\"v\"}}",
        );
        check(
            sprintf(
                "%v|%#v|%v|%#v|%T|%T",
                &[
                    list(vec![]),
                    list(vec![]),
                    strs(&[]),
                    strs(&[]),
                    list(vec![]),
                    strs(&[]),
                ],
            ),
            "[]|[]interface {}{}|[]|[]string{}|[]interface {}|[]string",
        );
        check(
            sprintf(
                "%#v|%#v|%T|%#v|%T|%#v",
                &[
                    ints(&[0, 1, 2]),
                    strs(&["a", "b"]),
                    strs(&["a", "b"]),
                    i64v(3),
                    i64v(3),
                    list(vec![i64v(3), fl(1.5), bl(true), s("x\n")]),
                ],
            ),
            "[]int{0, 1, 2}|[]string{\"a\", \"b\"}|[]string|3|int64|[]interface {}{3, 1.5, true, \"x\\n\"}",
        );
        check(
            sprintf(
                "%v|%q|%x|%X|%#x|%o|%b|%U|%c|%e|%s",
                &[
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    ints(&[0, 1, 2]),
                    list(vec![int(65), int(66)]),
                    list(vec![fl(1.5)]),
                    list(vec![s("a"), int(1), Value::Nil]),
                ],
            ),
            "[0 1 2]|['\\x00' '\\x01' '\\x02']|[0 1 2]|[0 1 2]|[0x0 0x1 0x2]|[0 1 2]|[0 1 10]|[U+0000 U+0001 U+0002]|[A B]|[1.500000e+00]|[a %!s(int=1) <nil>]",
        );
        check(
            sprintf(
                "%v|%v|%v",
                &[
                    list(vec![
                        int(1),
                        list(vec![
                            int(2),
                            list(vec![int(3), map(vec![("a", list(vec![]))])]),
                        ]),
                    ]),
                    map(vec![]),
                    list(vec![map(vec![])]),
                ],
            ),
            "[1 [2 [3 map[a:[]]]]]|map[]|[map[]]",
        );
        check(
            sprintf(
                "%#v|%#v|%#v",
                &[
                    list(vec![fl(f64::NAN), fl(f64::INFINITY), fl(-0.0), fl(1e+21)]),
                    list(vec![bl(true)]),
                    map(vec![("k", list(vec![]))]),
                ],
            ),
            "[]interface {}{NaN, +Inf, -0, 1e+21}|[]interface {}{true}|map[string]interface {}{\"k\":[]interface {}{}}",
        );
        check(
            sprintf(
                "%v|%d|%5d|%v",
                &[
                    list(vec![list(vec![])]),
                    list(vec![list(vec![int(1), int(2)]), list(vec![int(3)])]),
                    list(vec![int(1), int(2)]),
                    map(vec![("a", map(vec![]))]),
                ],
            ),
            "[[]]|[[1 2] [3]]|[    1     2]|map[a:map[]]",
        );
        check(
            sprintf(
                "%x|%d|%v|%06.2f|%+d",
                &[
                    list(vec![fl(1.5)]),
                    list(vec![fl(1.5)]),
                    list(vec![fl(1.5)]),
                    list(vec![fl(1.5), fl(-2.0)]),
                    list(vec![int(1), int(-1)]),
                ],
            ),
            "[0x1.8p+00]|[%!d(float64=1.5)]|[1.5]|[001.50 -02.00]|[+1 -1]",
        );
        check(
            sprintf(
                "%v|%T",
                &[
                    list(vec![
                        int(1),
                        i64v(2),
                        fl(3.0),
                        s("4"),
                        bl(true),
                        Value::Nil,
                        list(vec![]),
                        map(vec![]),
                    ]),
                    list(vec![]),
                ],
            ),
            "[1 2 3 4 true <nil> [] map[]]|[]interface {}",
        );
        check(
            sprintf("%w|%#w", &[list(vec![int(1)]), list(vec![s("a")])]),
            "%!w([]interface {}=[1])|%!w([]interface {}=[]interface {}{\"a\"})",
        );
        check(
            sprintf(
                "%s|%q|%v|%#v",
                &[
                    list(vec![strs(&["a"]), ints(&[0, 1])]),
                    list(vec![strs(&["a"]), ints(&[0, 1])]),
                    list(vec![strs(&["a"]), ints(&[0, 1])]),
                    list(vec![strs(&["a"]), ints(&[0, 1])]),
                ],
            ),
            "[[a] [%!s(int=0) %!s(int=1)]]|[[\"a\"] ['\\x00' '\\x01']]|[[a] [0 1]]|[]interface {}{[]string{\"a\"}, []int{0, 1}}",
        );
    }

    #[test]
    fn helm_maps() {
        check(
            sprintf(
                "%v|%#v|%+v",
                &[
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                ],
            ),
            "map[a:1 b:x]|map[string]interface {}{\"a\":1, \"b\":\"x\"}|map[a:1 b:x]",
        );
        check(
            sprintf(
                "%d|%s|%x|%q",
                &[
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                    map(vec![("a", fl(1.0)), ("b", s("x"))]),
                ],
            ),
            "map[%!d(string=a):%!d(float64=1) %!d(string=b):%!d(string=x)]|map[a:%!s(float64=1) b:x]|map[61:0x1p+00 62:78]|map[\"a\":%!q(float64=1) \"b\":\"x\"]",
        );
        check(
            sprintf(
                "%v|%#v|%T|%v|%#v",
                &[
                    map(vec![]),
                    map(vec![]),
                    map(vec![]),
                    map(vec![("n", Value::Nil)]),
                    map(vec![("n", Value::Nil)]),
                ],
            ),
            "map[]|map[string]interface {}{}|map[string]interface {}|map[n:<nil>]|map[string]interface {}{\"n\":interface {}(nil)}",
        );
        check(
            sprintf(
                "%s|%v|%d",
                &[
                    map(vec![(
                        "a",
                        map(vec![(
                            "b",
                            list(vec![int(1), map(vec![("c", Value::Nil)])]),
                        )]),
                    )]),
                    map(vec![
                        ("z", int(1)),
                        ("a", int(2)),
                        ("B", int(3)),
                        ("_", int(4)),
                    ]),
                    map(vec![("a", list(vec![int(1), int(2)]))]),
                ],
            ),
            "map[a:map[b:[%!s(int=1) map[c:<nil>]]]]|map[B:3 _:4 a:2 z:1]|map[%!d(string=a):[1 2]]",
        );
        check(
            sprintf(
                "%5v|%-3v|%05d",
                &[
                    map(vec![("a", int(1))]),
                    map(vec![("a", int(1))]),
                    map(vec![("a", int(1))]),
                ],
            ),
            "map[    a:    1]|map[a  :1  ]|map[%!d(string=0000a):00001]",
        );
        check(
            sprintf("%v|%#v|%T", &[values(), values(), values()]),
            "map[a:1 b:[x 2.5] c:map[d:true]]|chartutil.Values{\"a\":1, \"b\":[]interface {}{\"x\", 2.5}, \"c\":map[string]interface {}{\"d\":true}}|chartutil.Values",
        );
        check(
            sprintf(
                "%v|%#v",
                &[
                    map(vec![("é", s("日本")), ("k", strs(&["a"]))]),
                    map(vec![("é", s("日本")), ("k", strs(&["a"]))]),
                ],
            ),
            "map[k:[a] é:日本]|map[string]interface {}{\"k\":[]string{\"a\"}, \"é\":\"日本\"}",
        );
    }

    #[test]
    fn helm_bytes() {
        check(
            sprintf(
                "%v|%s|%d|%x|%#v|%q|%T|%c|%o|%X|% x|%#x|%8s|%5v|%.1s|%t",
                &[
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                ],
            ),
            "[104 105]|hi|[104 105]|6869|[]byte{0x68, 0x69}|\"hi\"|[]uint8|[h i]|[150 151]|6869|68 69|0x6869|      hi|[  104   105]|h|[%!t(uint8=104) %!t(uint8=105)]",
        );
        check(
            sprintf(
                "%v|%s|%d|%x|%#v|%q|%T|%c|%e|%+q",
                &[
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    list(vec![by(b"\x68\x69")]),
                    by(b"\x68\x69"),
                ],
            ),
            "[[104 105]]|[hi]|[[104 105]]|[6869]|[]interface {}{[]uint8{0x68, 0x69}}|[\"hi\"]|[]interface {}|[[h i]]|[[%!e(uint8=104) %!e(uint8=105)]]|\"hi\"",
        );
        check(
            sprintf(
                "%U|%b|%5.1x|%-5x|%05d|%08v|%#q|%p",
                &[
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    by(b"\x68\x69"),
                    int(1),
                ],
            ),
            "[U+0068 U+0069]|[1101000 1101001]|   68|6869 |[00104 00105]|[00000104 00000105]|`hi`|%!p(int=1)",
        );
        check(
            sprintf(
                "%q|%x|%v|%+q|%#q|%.3q",
                &[
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                    by(b"\xff\xfe\x61\xc3\xa9\xe2\x82"),
                ],
            ),
            "\"\\xff\\xfeaé\\xe2\\x82\"|fffe61c3a9e282|[255 254 97 195 169 226 130]|\"\\xff\\xfea\\u00e9\\xe2\\x82\"|\"\\xff\\xfeaé\\xe2\\x82\"|\"\\xff\\xfea\"",
        );
        check(
            sprintf(
                "%v|%s|%x|%#v|%q|%d",
                &[by(b""), by(b""), by(b""), by(b""), by(b""), by(b"")],
            ),
            "[]|||[]byte{}|\"\"|[]",
        );
    }

    #[test]
    fn helm_sprint() {
        check(
            sprint(&[
                int(1),
                int(2),
                s("a"),
                int(3),
                s("b"),
                s("c"),
                Value::Nil,
                int(4),
                list(vec![int(1)]),
                list(vec![int(2)]),
                fl(1.5),
                bl(true),
            ]),
            "1 2a3bc<nil> 4 [1] [2] 1.5 true",
        );
        check(
            sprintln(&[int(1), int(2), s("a"), s("b"), Value::Nil]),
            "1 2 a b <nil>\n",
        );
        check(sprint(&[s("a"), s("b")]), "ab");
        check(sprint(&[]), "");
        check(sprintln(&[]), "\n");
        check(sprint(&[Value::Nil, Value::Nil]), "<nil> <nil>");
        check(sprint(&[s("a"), Value::Nil, s("b")]), "a<nil>b");
        check(
            sprint(&[fl(1000000.0), fl(1e+21), fl(-0.0), i64v(-5)]),
            "1e+06 1e+21 -0 -5",
        );
        check(
            sprint(&[
                map(vec![("a", list(vec![int(1), Value::Nil]))]),
                by(b"\x68\x69"),
                strs(&["x"]),
            ]),
            "map[a:[1 <nil>]] [104 105] [x]",
        );
        check(sprintln(&[s("x")]), "x\n");
        check(sprint(&[s("x")]), "x");
        check(sprint(&[int(1)]), "1");
        check(sprint(&[fl(0.1)]), "0.1");
        check(sprint(&[list(vec![])]), "[]");
        check(sprint(&[values()]), "map[a:1 b:[x 2.5] c:map[d:true]]");
        check(
            sprint(&[fl(f64::NAN), fl(f64::INFINITY), fl(f64::NEG_INFINITY)]),
            "NaN +Inf -Inf",
        );
    }
    #[test]
    fn helm_huge_widths_and_precisions() {
        // Lengths Helm printed for the same calls.
        let zeros = sprintf("%.*d", &[int(1_000_000), int(0)]);
        assert_eq!(zeros.len(), 1_000_000);
        assert!(zeros.bytes().all(|b| b == b'0'));
        let left = sprintf("%*d", &[int(-1_000_000), int(7)]);
        assert_eq!(left.len(), 1_000_000);
        assert!(left.starts_with("7 "));
        let f = sprintf("%.1000000f", &[fl(1.5)]);
        assert_eq!(f.len(), 1_000_002);
        assert!(f.starts_with("1.5000000000"));
        assert_eq!(sprintf("%.1000000e", &[fl(1.5)]).len(), 1_000_006);
        check(
            sprintf("%.1000000g", &[fl(0.1)]),
            "0.1000000000000000055511151231257827021181583404541015625",
        );
        assert_eq!(sprintf("%1000000s", &[s("x")]).len(), 1_000_000);
        assert_eq!(sprintf("%.70000x", &[fl(1.5)]).len(), 70_008);
    }

    #[derive(Debug)]
    struct Obj {
        text: &'static str,
        type_name: &'static str,
        stringer: bool,
        kind: &'static str,
    }

    impl Object for Obj {
        fn type_name(&self) -> &str {
            self.type_name
        }
        fn kind(&self) -> &str {
            self.kind
        }
        fn go_string(&self) -> String {
            self.text.to_string()
        }
        fn is_stringer(&self) -> bool {
            self.stringer
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    fn semver() -> Value {
        Value::object(Obj {
            text: "1.2.3",
            type_name: "*semver.Version",
            stringer: true,
            kind: "ptr",
        })
    }

    fn kube_version() -> Value {
        Value::object(Obj {
            text: "{v1.32.0 1 32}",
            type_name: "chartutil.KubeVersion",
            stringer: false,
            kind: "struct",
        })
    }

    #[test]
    fn helm_objects() {
        // `semver "1.2.3"` and `.Capabilities.KubeVersion` in Helm.
        check(
            sprintf(
                "%v|%s|%T|%q|%x",
                &[semver(), semver(), semver(), semver(), semver()],
            ),
            "1.2.3|1.2.3|*semver.Version|\"1.2.3\"|312e322e33",
        );
        check(sprintf("%v", &[list(vec![semver()])]), "[1.2.3]");
        check(
            sprintf(
                "%v|%T|%s",
                &[kube_version(), kube_version(), kube_version()],
            ),
            "{v1.32.0 1 32}|chartutil.KubeVersion|{v1.32.0 1 32}",
        );
        check(
            sprintf("%7v|%-7s|", &[semver(), semver()]),
            "  1.2.3|1.2.3  |",
        );
        check(sprint(&[semver(), semver()]), "1.2.3 1.2.3");
        check(sprintf("%w", &[semver()]), "%!w(*semver.Version=1.2.3)");
        check(
            sprintf("%p", &[kube_version()]),
            "%!p(chartutil.KubeVersion={v1.32.0 1 32})",
        );
        assert!(sprintf("%p", &[semver()]).starts_with("0x"));
    }

    #[test]
    fn object_of_string_kind_sprints_as_string() {
        let named = Value::object(Obj {
            text: "txt",
            type_name: "main.Name",
            stringer: false,
            kind: "string",
        });
        check(sprint(&[named.clone(), int(1), named]), "txt1txt");
    }

    #[test]
    fn pointers_of_composites() {
        let m = map(vec![("a", int(1))]);
        let p = sprintf("%p", std::slice::from_ref(&m));
        assert!(p.starts_with("0x"), "{p}");
        assert_eq!(sprintf("%p", &[m]), p);
        assert!(
            sprintf("%#p", &[list(vec![])])
                .chars()
                .all(|c| c.is_ascii_hexdigit())
        );
        check(
            sprintf("%p|%p", &[int(5), Value::Nil]),
            "%!p(int=5)|%!p(<nil>)",
        );
    }

    #[test]
    fn cyclic_map_prints_ellipsis() {
        // Go overflows its stack here; we print `...` where the map recurs.
        let m = MapRef::new(Map::default());
        m.insert("a", int(1));
        m.insert("self", Value::Map(m.clone()));
        m.insert(
            "twice",
            list(vec![Value::Map(m.clone()), Value::Map(m.clone())]),
        );
        let v = Value::Map(m.clone());
        check(
            sprint(std::slice::from_ref(&v)),
            "map[a:1 self:... twice:[... ...]]",
        );
        check(
            sprintf("%#v", std::slice::from_ref(&v)),
            "map[string]interface {}{\"a\":1, \"self\":..., \"twice\":[]interface {}{..., ...}}",
        );
        // A map met twice side by side is not a cycle.
        let inner = map(vec![("k", s("v"))]);
        check(
            sprint(&[list(vec![inner.clone(), inner])]),
            "[map[k:v] map[k:v]]",
        );
        // Break the cycle so the Arcs can be freed.
        m.remove("self");
        m.remove("twice");
    }

    #[test]
    fn deep_nesting_stops_at_max_depth() {
        let mut v = int(7);
        for _ in 0..(MAX_DEPTH + 50) {
            v = list(vec![v]);
        }
        let deep_map = {
            let mut m = s("leaf");
            for _ in 0..(MAX_DEPTH + 5) {
                m = map(vec![("k", m)]);
            }
            m
        };
        // A small stack proves the printer does not recurse per level. The
        // clones only hold references: the data itself is dropped (which
        // recurses) on a big stack below.
        let (v2, deep_map2) = (v.clone(), deep_map.clone());
        let (out, out_map) = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || (sprint(&[v2]), sprintf("%v", &[deep_map2])))
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || drop((v, deep_map)))
            .expect("spawn")
            .join()
            .expect("drop");
        let want = format!("{}...{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(out, want);
        assert!(out_map.starts_with("map[k:map[k:"));
        assert!(out_map.contains("map[k:...]"));
        assert!(!out_map.contains("leaf"));
    }

    #[test]
    fn random_formats_never_panic() {
        const PIECES: &[&str] = &[
            "%", "%", "%", "d", "v", "s", "x", "X", "q", "*", "[", "]", "1", "2", "3", "0", "-",
            "+", "#", " ", ".", "é", "9", "T", "p", "w", "c", "U", "e", "E", "f", "F", "g", "G",
            "b", "o", "O", "t", "a", "日", "[0]", "[9]", "[-1]", "\n", "%%",
        ];
        let args = [
            int(3),
            int(-1),
            i64v(i64::MIN),
            fl(-0.0),
            fl(f64::NAN),
            fl(1e300),
            fl(5e-324),
            s("hé`\u{0}"),
            bl(true),
            Value::Nil,
            by(b"\xff\x00a"),
            list(vec![
                int(1),
                Value::Nil,
                by(b"x"),
                map(vec![("k", fl(1.5))]),
            ]),
            strs(&["a"]),
            ints(&[1, 2]),
            values(),
            semver(),
            kube_version(),
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 14) as usize;
            let mut format = String::new();
            for _ in 0..len {
                format.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let start = (next() % args.len() as u64) as usize;
            let n = (next() % 5) as usize;
            let picked: Vec<Value> = args.iter().cycle().skip(start).take(n).cloned().collect();
            let out = sprintf(&format, &picked);
            if !format.contains('%') && picked.is_empty() {
                assert_eq!(out, format);
            }
            let _ = sprint(&picked);
            let _ = sprintln(&picked);
        }
    }

    #[test]
    fn strconv_helpers() {
        // The same code paths as the `%q`, `%e`, `%b` checks above.
        check(quote("a\"b\n\u{7f}é\u{2028}"), "\"a\\\"b\\n\\x7fé\\u2028\"");
        check(quote_to_ascii("é😀"), "\"\\u00e9\\U0001f600\"");
        check(quote_bytes(b"\xffa"), "\"\\xffa\"");
        check(quote_rune(0x65e5), "'日'");
        check(quote_rune(-1), "'\u{fffd}'");
        check(quote_rune(i64::from(b'\'')), "'\\''");
        assert!(can_backquote("a\tb"));
        assert!(!can_backquote("a`b"));
        assert!(!can_backquote("\u{feff}"));
        assert!(is_print('é') && is_print(' ') && is_print('日'));
        assert!(!is_print('\u{ad}') && !is_print('\u{378}') && !is_print('\u{a0}'));
        check(format_float(1e6, 'g', -1), "1e+06");
        check(format_float(1e6, 'f', -1), "1000000");
        check(format_float(0.000001, 'f', -1), "0.000001");
        check(format_float(123.456, 'e', -1), "1.23456e+02");
        check(format_float(-0.0, 'g', -1), "-0");
        check(format_float(2.5, 'f', 0), "2");
        check(format_float(1.0, 'x', -1), "0x1p+00");
        check(format_float(1.0, 'b', -1), "4503599627370496p-52");
        check(format_float(f64::INFINITY, 'f', 2), "+Inf");
        check(format_float(1.0, 'z', 2), "%z");
        check(format_int(-255, 16), "-ff");
        check(format_int(i64::MIN, 2), &format!("-1{}", "0".repeat(63)));
        check(format_int(35, 36), "z");
        check(to_string(&fl(1e21)), "1e+21");
        check(to_string(&Value::Nil), "<nil>");
    }

    #[test]
    fn write_functions_append() {
        let mut out = String::from(">");
        write_sprintf(&mut out, "%d-%s", &[int(1), s("x")]);
        write_sprint(&mut out, &[int(2), int(3)]);
        write_sprintln(&mut out, &[s("y")]);
        write_value(&mut out, &fl(0.5));
        assert_eq!(out, ">1-x2 3y\n0.5");
    }
}
