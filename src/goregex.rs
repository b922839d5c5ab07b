//! Go's `regexp`: the RE2 syntax Go accepts, with Go's parse errors,
//! rewritten into an equivalent pattern for the `regex` crate. Sprig's
//! regex functions and the JSON Schema `pattern` keyword (both Go libraries
//! Helm uses) compile through it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::render::HelmVersion;

/// Go's `utf8.RuneError`.
const RUNE_ERROR: char = '\u{FFFD}';

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// Which Go's `regexp/syntax` to follow: Go 1.25 (Helm 4) looks `\p{...}`
/// names up loosely (`\p{letter}`, `\p{Cn}`, `\p{ASCII}`), Go 1.23 (Helm 3)
/// only by their exact table names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum RegexDialect {
    Go123,
    Go125,
}

impl RegexDialect {
    pub(crate) fn for_helm(version: HelmVersion) -> Self {
        match version {
            HelmVersion::V3 => RegexDialect::Go123,
            HelmVersion::V4 => RegexDialect::Go125,
        }
    }
}

/// A Go `*syntax.Error`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RegexError {
    code: &'static str,
    expr: String,
}

impl std::fmt::Display for RegexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

const ERR_INVALID_CHAR_RANGE: &str = "invalid character class range";
const ERR_INVALID_ESCAPE: &str = "invalid escape sequence";
const ERR_INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const ERR_INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const ERR_INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const ERR_INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const ERR_MISSING_BRACKET: &str = "missing closing ]";
const ERR_MISSING_PAREN: &str = "missing closing )";
const ERR_MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const ERR_TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const ERR_UNEXPECTED_PAREN: &str = "unexpected )";
const ERR_NESTING_DEPTH: &str = "expression nests too deeply";
const ERR_LARGE: &str = "expression too large";

fn rx_err(code: &'static str, expr: &str) -> RegexError {
    RegexError {
        code,
        expr: expr.to_string(),
    }
}

/// Go's regexp limits: counted repetitions (and their nested products) up
/// to 1000, and parse trees 1000 deep. We stop group nesting there.
const MAX_REPEAT: i64 = 1000;
const MAX_GROUP_DEPTH: usize = 1000;

/// A compiled Go regexp.
#[derive(Debug)]
pub(crate) struct GoRegex {
    pub(crate) regex: regex::Regex,
    /// Go's `SubexpNames`: the name of each group, index 0 the whole match.
    pub(crate) names: Vec<Option<String>>,
    pub(crate) expr_is_empty: bool,
}

#[derive(Clone, Copy, Debug)]
struct RxFlags {
    fold: bool,
    dot_nl: bool,
    one_line: bool,
    non_greedy: bool,
}

enum Item {
    /// Something a repetition can apply to, emitted from `start` on; `factor`
    /// is the largest product of counted repetitions inside it.
    Operand {
        start: usize,
        factor: i64,
    },
    /// `(`: the flags to restore at `)`.
    Paren {
        start: usize,
        saved: RxFlags,
    },
    Bar,
}

struct Translator<'a> {
    whole: &'a str,
    dialect: RegexDialect,
    out: String,
    flags: RxFlags,
    stack: Vec<Item>,
    names: Vec<Option<String>>,
    depth: usize,
}

/// Matches nothing: what Go's empty classes and out-of-range runes become.
const NEVER: &str = r"[^\x{0}-\x{10FFFF}]";

fn push_escaped(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || !c.is_ascii() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

fn class_escape(c: u32) -> String {
    format!("\\x{{{c:X}}}")
}

fn is_go_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn unhex(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// The POSIX classes of Go's `posixGroup`, as ASCII ranges.
fn posix_class(name: &str) -> Option<(bool, &'static str)> {
    let (negated, name) = match name.strip_prefix("[:^") {
        Some(rest) => (true, rest),
        None => (false, name.strip_prefix("[:")?),
    };
    let ranges = match name.strip_suffix(":]")? {
        "alnum" => r"0-9A-Za-z",
        "alpha" => r"A-Za-z",
        "ascii" => r"\x{0}-\x{7F}",
        "blank" => r"\x{9}\x{20}",
        "cntrl" => r"\x{0}-\x{1F}\x{7F}",
        "digit" => r"0-9",
        "graph" => r"\x{21}-\x{7E}",
        "lower" => r"a-z",
        "print" => r"\x{20}-\x{7E}",
        "punct" => r"\x{21}-\x{2F}\x{3A}-\x{40}\x{5B}-\x{60}\x{7B}-\x{7E}",
        "space" => r"\x{9}-\x{D}\x{20}",
        "upper" => r"A-Z",
        "word" => r"0-9A-Za-z_",
        "xdigit" => r"0-9A-Fa-f",
        _ => return None,
    };
    Some((negated, ranges))
}

/// Go's Perl classes are ASCII-only (`\s` without `\v`), unlike the
/// `regex` crate's Unicode ones.
fn perl_class(t: &str) -> Option<&'static str> {
    Some(match t.get(..2)? {
        r"\d" => "[0-9]",
        r"\D" => "[^0-9]",
        r"\s" => r"[\x{9}\x{A}\x{C}\x{D}\x{20}]",
        r"\S" => r"[^\x{9}\x{A}\x{C}\x{D}\x{20}]",
        r"\w" => "[0-9A-Za-z_]",
        r"\W" => "[^0-9A-Za-z_]",
        _ => return None,
    })
}

const GO_CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N",
    "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So",
    "Z", "Zl", "Zp", "Zs",
];

/// Go's `unicode.Scripts` (Unicode 15.0).
const GO_SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

/// Unicode's general category aliases, which Go 1.25 accepts.
const GO_CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("Other", "C"),
    ("Control", "Cc"),
    ("cntrl", "Cc"),
    ("Format", "Cf"),
    ("Unassigned", "Cn"),
    ("Private_Use", "Co"),
    ("Surrogate", "Cs"),
    ("Letter", "L"),
    ("Cased_Letter", "LC"),
    ("Lowercase_Letter", "Ll"),
    ("Modifier_Letter", "Lm"),
    ("Other_Letter", "Lo"),
    ("Titlecase_Letter", "Lt"),
    ("Uppercase_Letter", "Lu"),
    ("Mark", "M"),
    ("Combining_Mark", "M"),
    ("Spacing_Mark", "Mc"),
    ("Enclosing_Mark", "Me"),
    ("Nonspacing_Mark", "Mn"),
    ("Number", "N"),
    ("Decimal_Number", "Nd"),
    ("digit", "Nd"),
    ("Letter_Number", "Nl"),
    ("Other_Number", "No"),
    ("Punctuation", "P"),
    ("punct", "P"),
    ("Connector_Punctuation", "Pc"),
    ("Dash_Punctuation", "Pd"),
    ("Close_Punctuation", "Pe"),
    ("Final_Punctuation", "Pf"),
    ("Initial_Punctuation", "Pi"),
    ("Other_Punctuation", "Po"),
    ("Open_Punctuation", "Ps"),
    ("Symbol", "S"),
    ("Currency_Symbol", "Sc"),
    ("Modifier_Symbol", "Sk"),
    ("Math_Symbol", "Sm"),
    ("Other_Symbol", "So"),
    ("Separator", "Z"),
    ("Line_Separator", "Zl"),
    ("Paragraph_Separator", "Zp"),
    ("Space_Separator", "Zs"),
];

/// Go 1.25's `canonicalName`: first letter upper, the rest lower, without
/// `_`, `-` and spaces (which also makes multi-word script names unusable).
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut first = true;
    for b in name.bytes() {
        match b {
            b'_' | b'-' | b' ' => continue,
            _ if first => {
                first = false;
                out.push(char::from(b.to_ascii_uppercase()));
            }
            _ => out.push(char::from(b.to_ascii_lowercase())),
        }
    }
    if name.is_ascii() {
        out
    } else {
        name.to_string()
    }
}

/// The `regex` crate class for a Go `\p{name}`: its text for the positive
/// and the negated form, or `None` when Go does not know the name.
fn unicode_class(name: &str, dialect: RegexDialect) -> Option<(String, String)> {
    let named = |n: &str| (format!("\\p{{{n}}}"), format!("\\P{{{n}}}"));
    match dialect {
        RegexDialect::Go123 => {
            if name == "Any" || GO_CATEGORIES.contains(&name) || GO_SCRIPTS.contains(&name) {
                return Some(named(name));
            }
            None
        }
        RegexDialect::Go125 => {
            let name = canonical_name(name);
            match name.as_str() {
                "Any" => return Some(named("Any")),
                "Assigned" => return Some((r"\P{Cn}".to_string(), r"\p{Cn}".to_string())),
                "Ascii" => {
                    return Some((
                        r"[\x{0}-\x{7F}]".to_string(),
                        r"[^\x{0}-\x{7F}]".to_string(),
                    ));
                }
                "Lc" => return Some(named("LC")),
                "Cn" => return Some(named("Cn")),
                _ => {}
            }
            if GO_CATEGORIES.contains(&name.as_str()) {
                return Some(named(&name));
            }
            if GO_SCRIPTS
                .iter()
                .any(|s| *s == name && canonical_name(s) == *s)
            {
                return Some(named(&name));
            }
            GO_CATEGORY_ALIASES
                .iter()
                .find(|(alias, _)| canonical_name(alias) == name)
                .map(|(_, actual)| named(actual))
        }
    }
}

impl<'a> Translator<'a> {
    fn new(whole: &'a str, dialect: RegexDialect) -> Self {
        Translator {
            whole,
            dialect,
            out: String::with_capacity(whole.len() * 2),
            flags: RxFlags {
                fold: false,
                dot_nl: false,
                one_line: true,
                non_greedy: false,
            },
            stack: Vec::new(),
            names: vec![None],
            depth: 0,
        }
    }

    fn atom(&mut self, text: &str, fold_sensitive: bool) {
        let start = self.out.len();
        if fold_sensitive && self.flags.fold {
            self.out.push_str("(?i:");
            self.out.push_str(text);
            self.out.push(')');
        } else {
            self.out.push_str(text);
        }
        self.stack.push(Item::Operand { start, factor: 1 });
    }

    fn literal(&mut self, c: u32) {
        match char::from_u32(c) {
            Some(c) => {
                let mut text = String::new();
                push_escaped(&mut text, c);
                self.atom(&text, true);
            }
            // A surrogate rune never occurs in valid UTF-8 text.
            None => self.atom(NEVER, false),
        }
    }

    fn run(mut self) -> Result<(String, Vec<Option<String>>), RegexError> {
        let whole = self.whole;
        let mut pos = 0;
        let mut last_repeat: Option<usize> = None;
        while pos < whole.len() {
            let t = &whole[pos..];
            let mut repeat = None;
            match t.as_bytes()[0] {
                b'(' => {
                    if t.as_bytes().get(1) == Some(&b'?') {
                        pos = self.perl_flags(pos)?;
                    } else {
                        self.open_paren();
                        self.names.push(None);
                        self.out.push('(');
                        pos += 1;
                    }
                }
                b'|' => {
                    self.stack.push(Item::Bar);
                    self.out.push('|');
                    pos += 1;
                }
                b')' => {
                    self.close_paren()?;
                    pos += 1;
                }
                b'^' => {
                    let text = if self.flags.one_line { r"\A" } else { "(?m:^)" };
                    self.atom(text, false);
                    pos += 1;
                }
                b'$' => {
                    let text = if self.flags.one_line { r"\z" } else { "(?m:$)" };
                    self.atom(text, false);
                    pos += 1;
                }
                b'.' => {
                    let text = if self.flags.dot_nl { "(?s:.)" } else { "." };
                    self.atom(text, false);
                    pos += 1;
                }
                b'[' => pos = self.class(pos)?,
                op @ (b'*' | b'+' | b'?') => {
                    let text = char::from(op).to_string();
                    pos = self.repeat(&text, None, pos, pos + 1, last_repeat)?;
                    repeat = Some(t.len());
                }
                b'{' => match parse_repeat(t) {
                    None => {
                        self.literal(u32::from('{'));
                        pos += 1;
                    }
                    Some((min, max, len)) => {
                        if !(0..=MAX_REPEAT).contains(&min)
                            || max > MAX_REPEAT
                            || max >= 0 && min > max
                        {
                            return Err(rx_err(ERR_INVALID_REPEAT_SIZE, &t[..len]));
                        }
                        let text = if max < 0 {
                            format!("{{{min},}}")
                        } else {
                            format!("{{{min},{max}}}")
                        };
                        let m = if max < 0 { min } else { max };
                        pos =
                            self.repeat(&text, Some((min, max, m)), pos, pos + len, last_repeat)?;
                        repeat = Some(t.len());
                    }
                },
                b'\\' => pos = self.backslash(pos)?,
                _ => {
                    let c = first_char(t).unwrap_or(RUNE_ERROR);
                    self.literal(u32::from(c));
                    pos += c.len_utf8();
                }
            }
            // Go remembers where the last repetition began, as the text left
            // from there.
            last_repeat = repeat.map(|left| whole.len() - left);
        }
        if self.stack.iter().any(|i| matches!(i, Item::Paren { .. })) {
            return Err(rx_err(ERR_MISSING_PAREN, whole));
        }
        Ok((self.out, self.names))
    }

    fn open_paren(&mut self) {
        self.depth += 1;
        self.stack.push(Item::Paren {
            start: self.out.len(),
            saved: self.flags,
        });
    }

    fn close_paren(&mut self) -> Result<(), RegexError> {
        let mut factor = 1;
        loop {
            match self.stack.pop() {
                None => return Err(rx_err(ERR_UNEXPECTED_PAREN, self.whole)),
                Some(Item::Operand { factor: f, .. }) => factor = factor.max(f),
                Some(Item::Bar) => {}
                Some(Item::Paren { start, saved }) => {
                    self.flags = saved;
                    self.depth -= 1;
                    self.out.push(')');
                    self.stack.push(Item::Operand { start, factor });
                    return Ok(());
                }
            }
        }
    }

    /// Go's `parser.repeat`. `counted` is `(min, max, count)` for `{...}`.
    fn repeat(
        &mut self,
        op: &str,
        counted: Option<(i64, i64, i64)>,
        before: usize,
        mut after: usize,
        last_repeat: Option<usize>,
    ) -> Result<usize, RegexError> {
        let mut non_greedy = self.flags.non_greedy;
        if self.whole.as_bytes().get(after) == Some(&b'?') {
            after += 1;
            non_greedy = !non_greedy;
        }
        if let Some(last) = last_repeat {
            return Err(rx_err(ERR_INVALID_REPEAT_OP, &self.whole[last..after]));
        }
        let Some(Item::Operand { start, factor }) = self.stack.last_mut() else {
            return Err(rx_err(
                ERR_MISSING_REPEAT_ARGUMENT,
                &self.whole[before..after],
            ));
        };
        let start = *start;
        if let Some((min, max, count)) = counted {
            let product = if count == 0 {
                1
            } else {
                count.saturating_mul(*factor)
            };
            if (min >= 2 || max >= 2) && product > MAX_REPEAT {
                return Err(rx_err(ERR_INVALID_REPEAT_SIZE, &self.whole[before..after]));
            }
            *factor = product;
        }
        let body = self.out.split_off(start);
        self.out.push_str("(?:");
        self.out.push_str(&body);
        self.out.push(')');
        self.out.push_str(op);
        if non_greedy {
            self.out.push('?');
        }
        Ok(after)
    }

    /// Go's `parsePerlFlags`, at a `(?`.
    fn perl_flags(&mut self, pos: usize) -> Result<usize, RegexError> {
        let t = &self.whole[pos..];
        let b = t.as_bytes();
        let starts_with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let starts_with_name = b.len() > 3 && b[2] == b'<';
        if starts_with_p || starts_with_name {
            let expr_start = if starts_with_p { 4 } else { 3 };
            let Some(end) = t.find('>') else {
                return Err(rx_err(ERR_INVALID_NAMED_CAPTURE, t));
            };
            let name = &t[expr_start..end];
            if name.is_empty() || !name.bytes().all(|c| c == b'_' || is_go_alnum(c)) {
                return Err(rx_err(ERR_INVALID_NAMED_CAPTURE, &t[..end + 1]));
            }
            self.open_paren();
            self.names.push(Some(name.to_string()));
            self.out.push('(');
            return Ok(pos + end + 1);
        }
        let mut flags = self.flags;
        let mut negative = false;
        let mut saw_flag = false;
        let mut i = 2;
        while let Some(c) = first_char(&t[i..]) {
            i += c.len_utf8();
            match c {
                'i' => {
                    flags.fold = !negative;
                    saw_flag = true;
                }
                'm' => {
                    flags.one_line = negative;
                    saw_flag = true;
                }
                's' => {
                    flags.dot_nl = !negative;
                    saw_flag = true;
                }
                'U' => {
                    flags.non_greedy = !negative;
                    saw_flag = true;
                }
                '-' => {
                    if negative {
                        break;
                    }
                    negative = true;
                    saw_flag = false;
                }
                ':' | ')' => {
                    if negative && !saw_flag {
                        break;
                    }
                    if c == ':' {
                        self.open_paren();
                        self.out.push_str("(?:");
                    }
                    self.flags = flags;
                    return Ok(pos + i);
                }
                _ => break,
            }
        }
        Err(rx_err(ERR_INVALID_PERL_OP, &t[..i]))
    }

    /// A `\` outside a class.
    fn backslash(&mut self, pos: usize) -> Result<usize, RegexError> {
        let t = &self.whole[pos..];
        if let Some(&next) = t.as_bytes().get(1) {
            let simple = match next {
                b'A' => Some(r"\A"),
                b'b' => Some(r"(?-u:\b)"),
                b'B' => Some(r"(?-u:\B)"),
                b'z' => Some(r"\z"),
                _ => None,
            };
            if let Some(text) = simple {
                self.atom(text, false);
                return Ok(pos + 2);
            }
            if next == b'C' {
                return Err(rx_err(ERR_INVALID_ESCAPE, &t[..2]));
            }
            if next == b'Q' {
                let body = &t[2..];
                let (lit, consumed) = match body.find(r"\E") {
                    Some(end) => (&body[..end], 2 + end + 2),
                    None => (body, t.len()),
                };
                for c in lit.chars() {
                    self.literal(u32::from(c));
                }
                return Ok(pos + consumed);
            }
        }
        if let Some((text, len)) = self.unicode_escape(t)? {
            self.atom(&text, true);
            return Ok(pos + len);
        }
        if let Some(class) = perl_class(t) {
            self.atom(class, true);
            return Ok(pos + 2);
        }
        let (c, len) = parse_escape(t)?;
        self.literal(c);
        Ok(pos + len)
    }

    /// Go's `parseUnicodeClass` at `\p` or `\P`: the class text and length.
    fn unicode_escape(&self, t: &str) -> Result<Option<(String, usize)>, RegexError> {
        let b = t.as_bytes();
        if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
            return Ok(None);
        }
        let mut negated = b[1] == b'P';
        let rest = &t[2..];
        let (seq, mut name) = match first_char(rest) {
            Some('{') => {
                let Some(end) = t.find('}') else {
                    return Err(rx_err(ERR_INVALID_CHAR_RANGE, t));
                };
                (&t[..end + 1], &t[3..end])
            }
            Some(c) => (&t[..2 + c.len_utf8()], &t[2..2 + c.len_utf8()]),
            None => (&t[..2], ""),
        };
        if let Some(stripped) = name.strip_prefix('^') {
            negated = !negated;
            name = stripped;
        }
        let Some((positive, negative)) = unicode_class(name, self.dialect) else {
            return Err(rx_err(ERR_INVALID_CHAR_RANGE, seq));
        };
        Ok(Some((if negated { negative } else { positive }, seq.len())))
    }

    /// Go's `parseClass`, at a `[`.
    fn class(&mut self, pos: usize) -> Result<usize, RegexError> {
        let whole_class = &self.whole[pos..];
        let mut i = 1;
        let mut negated = false;
        if whole_class.as_bytes().get(1) == Some(&b'^') {
            negated = true;
            i += 1;
        }
        let mut items = String::new();
        let mut first = true;
        loop {
            let t = &whole_class[i..];
            if !t.is_empty() && t.as_bytes()[0] == b']' && !first {
                break;
            }
            first = false;
            if t.len() > 2
                && t.starts_with("[:")
                && let Some(end) = t[2..].find(":]")
            {
                let name = &t[..end + 4];
                let Some((neg, ranges)) = posix_class(name) else {
                    return Err(rx_err(ERR_INVALID_CHAR_RANGE, name));
                };
                items.push_str(if neg { "[^" } else { "[" });
                items.push_str(ranges);
                items.push(']');
                i += name.len();
                continue;
            }
            if let Some((text, len)) = self.unicode_escape(t)? {
                items.push_str(&text);
                i += len;
                continue;
            }
            if let Some(class) = perl_class(t) {
                items.push_str(class);
                i += 2;
                continue;
            }
            let range_text = t;
            let (lo, len) = class_char(t, whole_class)?;
            i += len;
            let mut hi = lo;
            let t = &whole_class[i..];
            if t.len() >= 2 && t.as_bytes()[0] == b'-' && t.as_bytes()[1] != b']' {
                i += 1;
                let (h, len) = class_char(&whole_class[i..], whole_class)?;
                i += len;
                hi = h;
                if hi < lo {
                    let consumed = range_text.len() - whole_class[i..].len();
                    return Err(rx_err(ERR_INVALID_CHAR_RANGE, &range_text[..consumed]));
                }
            }
            // Surrogates cannot occur in UTF-8 text: drop them from ranges.
            let (lo, hi) = (
                if (0xD800..=0xDFFF).contains(&lo) {
                    0xE000
                } else {
                    lo
                },
                if (0xD800..=0xDFFF).contains(&hi) {
                    0xD7FF
                } else {
                    hi
                },
            );
            if lo <= hi {
                items.push_str(&class_escape(lo));
                if hi != lo {
                    items.push('-');
                    items.push_str(&class_escape(hi));
                }
            }
        }
        i += 1;
        let text = match (items.is_empty(), negated) {
            (true, false) => NEVER.to_string(),
            (true, true) => r"[\x{0}-\x{10FFFF}]".to_string(),
            (false, neg) => format!("[{}{items}]", if neg { "^" } else { "" }),
        };
        self.atom(&text, true);
        Ok(pos + i)
    }
}

/// Go's `parseClassChar`: one character (maybe escaped) and its length.
fn class_char(t: &str, whole_class: &str) -> Result<(u32, usize), RegexError> {
    match first_char(t) {
        None => Err(rx_err(ERR_MISSING_BRACKET, whole_class)),
        Some('\\') => parse_escape(t),
        Some(c) => Ok((u32::from(c), c.len_utf8())),
    }
}

/// Go's `parseEscape` at a `\`: the rune and the length of the escape.
fn parse_escape(t: &str) -> Result<(u32, usize), RegexError> {
    let rest = &t[1..];
    let Some(c) = first_char(rest) else {
        return Err(rx_err(ERR_TRAILING_BACKSLASH, ""));
    };
    let mut len = 1 + c.len_utf8();
    let invalid = |len: usize| Err(rx_err(ERR_INVALID_ESCAPE, &t[..len.min(t.len())]));
    let is_octal = |b: Option<&u8>| matches!(b, Some(b'0'..=b'7'));
    match c {
        '1'..='7' | '0' => {
            // A lone \1-\7 would be a backreference, which Go refuses.
            if c != '0' && !is_octal(t.as_bytes().get(len)) {
                return invalid(len);
            }
            let mut r = c as u32 - u32::from(b'0');
            for _ in 1..3 {
                match t.as_bytes().get(len) {
                    Some(&d @ b'0'..=b'7') => {
                        r = r * 8 + u32::from(d - b'0');
                        len += 1;
                    }
                    _ => break,
                }
            }
            Ok((r, len))
        }
        'x' => {
            let Some(c) = first_char(&t[len..]) else {
                return invalid(len);
            };
            len += c.len_utf8();
            if c == '{' {
                let mut nhex = 0;
                let mut r: u32 = 0;
                loop {
                    let Some(c) = first_char(&t[len..]) else {
                        return invalid(len);
                    };
                    len += c.len_utf8();
                    if c == '}' {
                        break;
                    }
                    let Some(v) = unhex(c) else {
                        return invalid(len);
                    };
                    r = r * 16 + v;
                    if r > 0x10FFFF {
                        return invalid(len);
                    }
                    nhex += 1;
                }
                if nhex == 0 {
                    return invalid(len);
                }
                return Ok((r, len));
            }
            let x = unhex(c);
            let y = match first_char(&t[len..]) {
                Some(c) => {
                    len += c.len_utf8();
                    unhex(c)
                }
                None => None,
            };
            match (x, y) {
                (Some(x), Some(y)) => Ok((x * 16 + y, len)),
                _ => invalid(len),
            }
        }
        'a' => Ok((7, len)),
        'f' => Ok((12, len)),
        'n' => Ok((10, len)),
        'r' => Ok((13, len)),
        't' => Ok((9, len)),
        'v' => Ok((11, len)),
        _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((u32::from(c), len)),
        _ => invalid(len),
    }
}

/// Go's `parseRepeat`: `{min}`, `{min,}` (max -1) or `{min,max}`, with
/// min -1 for numbers too big; `None` when `{` is a literal.
fn parse_repeat(t: &str) -> Option<(i64, i64, usize)> {
    let s = t.strip_prefix('{')?;
    let (mut min, s) = parse_int(s)?;
    let max;
    let s = match s.as_bytes().first()? {
        b',' => {
            let s = &s[1..];
            if s.as_bytes().first()? == &b'}' {
                max = -1;
                s
            } else {
                let (m, s) = parse_int(s)?;
                max = m;
                if max < 0 {
                    min = -1;
                }
                s
            }
        }
        _ => {
            max = min;
            s
        }
    };
    if s.as_bytes().first()? != &b'}' {
        return None;
    }
    Some((min, max, t.len() - s.len() + 1))
}

/// Go's `parser.parseInt`: no leading zeros; -1 past 10^8.
fn parse_int(s: &str) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    if b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit() {
        return None;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut n: i64 = 0;
    for &d in &b[..digits] {
        if n >= 100_000_000 {
            n = -1;
            break;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some((n, &s[digits..]))
}

type RegexCache = HashMap<(String, RegexDialect), Arc<GoRegex>>;

fn regex_cache() -> &'static Mutex<RegexCache> {
    static CACHE: std::sync::OnceLock<Mutex<RegexCache>> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// A JSON Schema `pattern` as the Helm version's validator compiles it:
/// both gojsonschema and santhosh-tekuri/jsonschema use Go's `regexp`.
pub(crate) fn compile_schema_regex(pattern: &str, helm: HelmVersion) -> Option<regex::Regex> {
    compile_regex(pattern, RegexDialect::for_helm(helm))
        .ok()
        .map(|re| re.regex.clone())
}

/// `regexp.Compile`, with Go's syntax and errors.
pub(crate) fn compile_regex(
    pattern: &str,
    dialect: RegexDialect,
) -> Result<Arc<GoRegex>, RegexError> {
    let key = (pattern.to_string(), dialect);
    if let Some(re) = regex_cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
    {
        return Ok(re.clone());
    }
    let translator = Translator::new(pattern, dialect);
    let (rust, names) = translator.run()?;
    let regex = regex::RegexBuilder::new(&rust)
        .size_limit(64 << 20)
        .nest_limit(MAX_GROUP_DEPTH as u32)
        .build()
        .map_err(|err| {
            let text = err.to_string();
            if text.contains("nest") {
                rx_err(ERR_NESTING_DEPTH, pattern)
            } else {
                rx_err(ERR_LARGE, pattern)
            }
        })?;
    let compiled = Arc::new(GoRegex {
        regex,
        names,
        expr_is_empty: pattern.is_empty(),
    });
    let mut cache = regex_cache().lock().unwrap_or_else(|p| p.into_inner());
    if cache.len() >= 512 {
        cache.clear();
    }
    cache.insert(key, compiled.clone());
    Ok(compiled)
}
