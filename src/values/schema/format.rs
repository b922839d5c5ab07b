//! `format` checks. Helm 3 (gojsonschema) asserts every format it knows,
//! for any draft, and refuses non-strings for them. Helm 4
//! (santhosh-tekuri) asserts formats only for drafts 4 to 7 and explains
//! why a value fails.
//!
//! Where a library's check is too involved to copy exactly (Go's
//! `net/mail` address parser, `net/url`), the check here accepts at least
//! everything the library accepts: chartguard must never fail a chart that
//! Helm renders.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use crate::render::HelmVersion;

static HOSTNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))*$")
        .expect("hostname regex compiles")
});
static UUID_LOWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")
        .expect("uuid regex compiles")
});
static JSON_POINTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^(?:/(?:[^~/]|~0|~1)*)*$").expect("pointer regex compiles"));
static RELATIVE_JSON_POINTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$").expect("pointer regex compiles")
});

/// gojsonschema's `FormatCheckers.IsFormat`; `None` is a non-string
/// (a number), which every known checker refuses.
pub fn helm3_accepts(name: &str, value: Option<&str>) -> bool {
    const KNOWN: &[&str] = &[
        "date",
        "time",
        "date-time",
        "hostname",
        "email",
        "idn-email",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uri-template",
        "uuid",
        "regex",
        "json-pointer",
        "relative-json-pointer",
    ];
    if !KNOWN.contains(&name) {
        return true;
    }
    let Some(s) = value else { return false };
    match name {
        "date" => go_time_parses("2006-01-02", s),
        "time" => go_time_parses("15:04:05Z07:00", s) || go_time_parses("15:04:05", s),
        "date-time" => [
            "15:04:05",
            "15:04:05Z07:00",
            "2006-01-02",
            "2006-01-02T15:04:05Z07:00",
            "2006-01-02T15:04:05.999999999Z07:00",
        ]
        .iter()
        .any(|layout| go_time_parses(layout, s)),
        "hostname" => HOSTNAME.is_match(s) && s.len() < 256,
        "email" | "idn-email" => plausible_email(s),
        "ipv4" => go_parse_ip(s) && s.contains('.'),
        "ipv6" => go_parse_ip(s) && s.contains(':'),
        // gojsonschema: `url.Parse` succeeds (with a scheme for a URI) and
        // there is no backslash.
        "uri" | "iri" => go_url(s) == Some(true) && !s.contains('\\'),
        "uri-reference" | "iri-reference" | "uri-template" => {
            go_url(s).is_some() && !s.contains('\\')
        }
        "uuid" => UUID_LOWER.is_match(s),
        "regex" => {
            s.is_empty() || crate::goregex::compile_schema_regex(s, HelmVersion::V3).is_some()
        }
        "json-pointer" => JSON_POINTER.is_match(s),
        "relative-json-pointer" => RELATIVE_JSON_POINTER.is_match(s),
        _ => true,
    }
}

/// santhosh-tekuri's format check: why `s` is not a valid `name`, or
/// `None` when it is (or the format is one chartguard does not check).
pub fn helm4_rejects(name: &str, s: &str) -> Option<String> {
    match name {
        "ipv4" => ipv4_reason(s),
        // netip's parse errors are not rebuilt: only the missing colon.
        "ipv6" => (!s.contains(':')).then(|| "missing colon".to_string()),
        "hostname" => hostname_reason(s),
        "email" => email_reason(s),
        "uuid" => uuid_reason(s),
        "json-pointer" => json_pointer_reason(s),
        _ => None,
    }
}

fn ipv4_reason(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return Some("expected four decimals".to_string());
    }
    for group in groups {
        if group.len() > 1 && group.starts_with('0') {
            return Some("leading zeros".to_string());
        }
        // strconv.Atoi's errors are not rebuilt; a non-number passes here.
        let Ok(n) = group.parse::<i64>() else {
            return None;
        };
        if !(0..=255).contains(&n) {
            return Some("decimal must be between 0 and 255".to_string());
        }
    }
    None
}

fn hostname_reason(s: &str) -> Option<String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return Some("more than 253 characters long".to_string());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Some("label must be 1 to 63 characters long".to_string());
        }
        if label.starts_with('-') {
            return Some("label starts with hyphen".to_string());
        }
        if label.ends_with('-') {
            return Some("label ends with hyphen".to_string());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Some(format!(
                "invalid character {}",
                gotemplate::strconv::quote_rune(c)
            ));
        }
    }
    None
}

fn email_reason(s: &str) -> Option<String> {
    if s.len() > 254 {
        return Some("more than 255 characters long".to_string());
    }
    let Some(at) = s.rfind('@') else {
        return Some("missing @".to_string());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return Some("local part more than 64 characters long".to_string());
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return Some(
                "backslash and quote are not allowed within quoted local part".to_string(),
            );
        }
    } else {
        if local.starts_with('.') {
            return Some("starts with dot".to_string());
        }
        if local.ends_with('.') {
            return Some("ends with dot".to_string());
        }
        if local.contains("..") {
            return Some("consecutive dots".to_string());
        }
        if let Some(c) = local
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
        {
            return Some(format!(
                "invalid character {}",
                gotemplate::strconv::quote_rune(c)
            ));
        }
    }
    if domain.starts_with('[') && domain.ends_with(']') && domain.len() >= 2 {
        let inner = &domain[1..domain.len() - 1];
        if inner.starts_with("IPv6:") {
            return None;
        }
        return ipv4_reason(inner).map(|r| format!("invalid ipv4 address: {r}"));
    }
    hostname_reason(domain).map(|r| format!("invalid domain: {r}"))
}

fn uuid_reason(s: &str) -> Option<String> {
    let lengths = [8, 4, 4, 4, 12];
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() != lengths.len() {
        return Some(format!("must have {} elements", lengths.len()));
    }
    for (i, (group, want)) in groups.iter().zip(lengths).enumerate() {
        if group.len() != want {
            return Some(format!("element {} must be {want} characters long", i + 1));
        }
        if let Some(c) = group.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Some(format!(
                "non-hex character {}",
                gotemplate::strconv::quote_rune(c)
            ));
        }
    }
    None
}

fn json_pointer_reason(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if !s.starts_with('/') {
        return Some("not starting with /".to_string());
    }
    for token in s.split('/').skip(1) {
        let mut chars = token.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Some("~ must be followed by 0 or 1".to_string());
            }
        }
    }
    None
}

/// Go's `time.Parse(layout, s)` succeeds (gojsonschema's date and time
/// checkers are exactly that).
fn go_time_parses(layout: &str, s: &str) -> bool {
    crate::render::funcs::dates::parse_in_local(layout, s).is_ok()
}

/// `net.ParseIP`: dotted IPv4 without leading zeros, or IPv6 (which may
/// end in a dotted IPv4), no zone.
fn go_parse_ip(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok() || (s.contains(':') && s.parse::<Ipv6Addr>().is_ok())
}

/// A lenient stand-in for `net/mail.ParseAddress`, which accepts display
/// names and angle brackets: an `@` with text on both sides.
fn plausible_email(s: &str) -> bool {
    match s.rfind('@') {
        Some(at) => at > 0 && at + 1 < s.len(),
        None => false,
    }
}

/// Go's `url.Parse(s)` (Helm 3's Go): `None` when it fails, else whether
/// the URL has a scheme.
fn go_url(s: &str) -> Option<bool> {
    crate::render::funcs::urls::parses_with_scheme(s, HelmVersion::V3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm3_formats() {
        assert!(!helm3_accepts("email", Some("foo")));
        assert!(helm3_accepts("email", Some("a@b.c")));
        assert!(!helm3_accepts("ipv4", Some("1.2.3")));
        assert!(helm3_accepts("ipv4", Some("10.0.0.1")));
        assert!(!helm3_accepts("uri", Some("foo")));
        assert!(helm3_accepts("uri", Some("https://x.io/a")));
        assert!(!helm3_accepts("hostname", Some("-x")));
        assert!(helm3_accepts("date-time", Some("2020-01-01")));
        assert!(helm3_accepts("date-time", Some("2020-01-01T10:00:00Z")));
        assert!(!helm3_accepts("date", Some("2020-02-30")));
        assert!(helm3_accepts("time", Some("9:30:00")));
        assert!(!helm3_accepts(
            "uuid",
            Some("ABCDEF00-0000-0000-0000-000000000000")
        ));
        assert!(helm3_accepts("made-up", Some("anything")));
        assert!(!helm3_accepts("email", None));
        assert!(helm3_accepts("made-up", None));
    }

    #[test]
    fn helm4_format_reasons() {
        assert_eq!(helm4_rejects("email", "foo").as_deref(), Some("missing @"));
        assert_eq!(
            helm4_rejects("ipv4", "1.2.3").as_deref(),
            Some("expected four decimals")
        );
        assert_eq!(
            helm4_rejects("hostname", "-x").as_deref(),
            Some("label starts with hyphen")
        );
        assert_eq!(helm4_rejects("email", "a@b.io"), None);
        assert_eq!(helm4_rejects("date-time", "nonsense"), None);
    }
}
