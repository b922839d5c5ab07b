//! Sprig's `urlParse` and `urlJoin`, on a port of Go's `net/url` (`Parse`
//! and `URL.String`). Helm 3.17.1 is built with Go 1.23, Helm 4.1.4 with Go
//! 1.25, whose `Parse` also checks that a bracketed host is an IPv6 address
//! (`invalid IP-literal`, `invalid host: ParseAddr(...)`).
//!
//! Go strings are bytes; a URL whose escapes decode to invalid UTF-8 (such
//! as `/%ff`) comes out here with U+FFFD in place of the bad bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{FuncError, FuncMap, ParamType, Signature, Value};

use super::FuncOptions;
use super::cast::go_quote;
use crate::render::HelmVersion;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let helm = options.helm_version;
    funcs.insert_plain(
        "urlParse",
        Signature::fixed(&[ParamType::String]),
        move |args| url_parse(args[0].as_str().unwrap_or(""), helm),
    );
    funcs.insert_plain(
        "urlJoin",
        Signature::fixed(&[ParamType::Map]),
        move |args| match &args[0] {
            Value::Map(map) => {
                let entries: BTreeMap<Arc<str>, Value> = map.entries().into_iter().collect();
                url_join(&entries, helm).map(Value::from)
            }
            // A nil map reads as empty.
            _ => url_join(&BTreeMap::new(), helm).map(Value::from),
        },
    );
}

/// Sprig's `urlParse`: the parts of `url.Parse(v)` as a
/// `map[string]interface{}` of strings; a parse error is Sprig's panic.
pub fn url_parse(raw: &str, helm: HelmVersion) -> Result<Value, FuncError> {
    let url =
        parse(raw, helm).map_err(|err| FuncError::new(format!("unable to parse url: {err}")))?;
    let userinfo = url.user.as_ref().map(Userinfo::to_go_string);
    let text = |bytes: &[u8]| Value::from(String::from_utf8_lossy(bytes).into_owned());
    let mut entries: BTreeMap<Arc<str>, Value> = BTreeMap::new();
    entries.insert("scheme".into(), text(&url.scheme));
    entries.insert("host".into(), text(&url.host));
    entries.insert("hostname".into(), text(hostname(&url.host)));
    entries.insert("path".into(), text(&url.path));
    entries.insert("query".into(), text(&url.raw_query));
    entries.insert("opaque".into(), text(&url.opaque));
    entries.insert("fragment".into(), text(&url.fragment));
    entries.insert("userinfo".into(), text(&userinfo.unwrap_or_default()));
    Ok(Value::map(entries))
}

/// Sprig's `urlJoin`: builds a `url.URL` from the map's string entries and
/// prints it. A present key must hold a string; its kind is named otherwise.
pub fn url_join(dict: &BTreeMap<Arc<str>, Value>, helm: HelmVersion) -> Result<String, FuncError> {
    let get = |key: &str| -> Result<Vec<u8>, FuncError> {
        match dict.get(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s, _)) => Ok(s.as_bytes().to_vec()),
            // reflect.TypeOf(nil).Kind() dereferences a nil Type.
            Some(Value::Nil) => Err(FuncError::new(
                "runtime error: invalid memory address or nil pointer dereference",
            )),
            Some(other) => Err(FuncError::new(format!(
                "unable to parse {key} key, must be of type string, but {} found",
                other.kind_name()
            ))),
        }
    };
    let mut url = Url {
        scheme: get("scheme")?,
        host: get("host")?,
        path: get("path")?,
        raw_query: get("query")?,
        opaque: get("opaque")?,
        fragment: get("fragment")?,
        ..Url::default()
    };
    let userinfo = get("userinfo")?;
    if !userinfo.is_empty() {
        let userinfo = String::from_utf8_lossy(&userinfo);
        let temp = parse(&format!("proto://{userinfo}@host"), helm)
            .map_err(|err| FuncError::new(format!("unable to parse userinfo in dict: {err}")))?;
        url.user = temp.user;
    }
    Ok(String::from_utf8_lossy(&url.to_go_string()).into_owned())
}

/// The fields of Go's `url.URL` that Sprig reads or sets, as bytes.
#[derive(Clone, Debug, Default, PartialEq)]
struct Url {
    scheme: Vec<u8>,
    opaque: Vec<u8>,
    user: Option<Userinfo>,
    host: Vec<u8>,
    path: Vec<u8>,
    raw_path: Vec<u8>,
    omit_host: bool,
    force_query: bool,
    raw_query: Vec<u8>,
    fragment: Vec<u8>,
    raw_fragment: Vec<u8>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Userinfo {
    username: Vec<u8>,
    password: Vec<u8>,
    password_set: bool,
}

impl Userinfo {
    /// `Userinfo.String()`: the escaped `user[:password]`.
    fn to_go_string(&self) -> Vec<u8> {
        let mut out = escape(&self.username, Encoding::UserPassword);
        if self.password_set {
            out.push(b':');
            out.extend(escape(&self.password, Encoding::UserPassword));
        }
        out
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Path,
    Host,
    Zone,
    UserPassword,
    QueryComponent,
    Fragment,
}

fn should_escape(c: u8, mode: Encoding) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Encoding::Host | Encoding::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Encoding::Path => return c == b'?',
            Encoding::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Encoding::QueryComponent => return true,
            Encoding::Fragment => return false,
            Encoding::Host | Encoding::Zone => {}
        },
        _ => {}
    }
    if mode == Encoding::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `url.unescape`: `%XX` decoding with each component's restrictions
/// (hosts may only escape non-ASCII bytes, and `%25`).
fn unescape(s: &[u8], mode: Encoding) -> Result<Vec<u8>, String> {
    let mut n = 0;
    let mut has_plus = false;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                n += 1;
                if i + 2 >= s.len()
                    || !s[i + 1].is_ascii_hexdigit()
                    || !s[i + 2].is_ascii_hexdigit()
                {
                    let end = (i + 3).min(s.len());
                    return Err(format!(
                        "invalid URL escape {}",
                        go_quote(&lossy(&s[i..end]))
                    ));
                }
                let escaped = &s[i..i + 3];
                if mode == Encoding::Host && unhex(s[i + 1]) < 8 && escaped != b"%25" {
                    return Err(format!("invalid URL escape {}", go_quote(&lossy(escaped))));
                }
                if mode == Encoding::Zone {
                    let v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
                    if escaped != b"%25" && v != b' ' && should_escape(v, Encoding::Host) {
                        return Err(format!("invalid URL escape {}", go_quote(&lossy(escaped))));
                    }
                }
                i += 3;
            }
            b'+' => {
                has_plus = mode == Encoding::QueryComponent;
                i += 1;
            }
            c => {
                if matches!(mode, Encoding::Host | Encoding::Zone)
                    && c < 0x80
                    && should_escape(c, mode)
                {
                    return Err(format!(
                        "invalid character {} in host name",
                        go_quote(&lossy(&s[i..i + 1]))
                    ));
                }
                i += 1;
            }
        }
    }
    if n == 0 && !has_plus {
        return Ok(s.to_vec());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                out.push((unhex(s[i + 1]) << 4) | unhex(s[i + 2]));
                i += 2;
            }
            b'+' if mode == Encoding::QueryComponent => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// `url.escape`.
fn escape(s: &[u8], mode: Encoding) -> Vec<u8> {
    const UPPERHEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if c == b' ' && mode == Encoding::QueryComponent {
            out.push(b'+');
        } else if should_escape(c, mode) {
            out.push(b'%');
            out.push(UPPERHEX[usize::from(c >> 4)]);
            out.push(UPPERHEX[usize::from(c & 15)]);
        } else {
            out.push(c);
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    haystack.iter().rposition(|&b| b == needle)
}

/// `url.Parse`, errors worded as `*url.Error` prints them.
/// Whether Go's `url.Parse` accepts `raw`, and with a scheme.
pub(crate) fn parses_with_scheme(raw: &str, helm: HelmVersion) -> Option<bool> {
    parse(raw, helm).ok().map(|url| !url.scheme.is_empty())
}

fn parse(raw: &str, helm: HelmVersion) -> Result<Url, String> {
    let raw_bytes = raw.as_bytes();
    let (u, frag) = match raw_bytes.iter().position(|&b| b == b'#') {
        Some(i) => (&raw_bytes[..i], Some(&raw_bytes[i + 1..])),
        None => (raw_bytes, None),
    };
    let mut url = parse_no_fragment(u, helm)
        .map_err(|err| format!("parse {}: {err}", go_quote(&lossy(u))))?;
    if let Some(frag) = frag.filter(|f| !f.is_empty()) {
        let fragment = unescape(frag, Encoding::Fragment)
            .map_err(|err| format!("parse {}: {err}", go_quote(raw)))?;
        url.raw_fragment = if escape(&fragment, Encoding::Fragment) == frag {
            Vec::new()
        } else {
            frag.to_vec()
        };
        url.fragment = fragment;
    }
    Ok(url)
}

/// net/url's `parse(rawURL, viaRequest=false)`.
fn parse_no_fragment(raw: &[u8], helm: HelmVersion) -> Result<Url, String> {
    if raw.iter().any(|&b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_string());
    }
    let mut url = Url::default();
    if raw == b"*" {
        url.path = b"*".to_vec();
        return Ok(url);
    }
    let (scheme, rest) = get_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let mut rest: &[u8] = rest;
    let question_marks = rest.iter().filter(|&&b| b == b'?').count();
    if rest.last() == Some(&b'?') && question_marks == 1 {
        url.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some(i) = rest.iter().position(|&b| b == b'?') {
        url.raw_query = rest[i + 1..].to_vec();
        rest = &rest[..i];
    }
    if !rest.starts_with(b"/") {
        if !url.scheme.is_empty() {
            // A rootless path after a scheme is opaque.
            url.opaque = rest.to_vec();
            return Ok(url);
        }
        let segment = rest.split(|&b| b == b'/').next().unwrap_or(&[]);
        if segment.contains(&b':') {
            return Err("first path segment in URL cannot contain colon".to_string());
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with(b"///")) && rest.starts_with(b"//") {
        let mut authority = &rest[2..];
        rest = &[];
        if let Some(i) = authority.iter().position(|&b| b == b'/') {
            rest = &authority[i..];
            authority = &authority[..i];
        }
        let (user, host) = parse_authority(authority, helm)?;
        url.user = user;
        url.host = host;
    } else if !url.scheme.is_empty() && rest.starts_with(b"/") {
        url.omit_host = true;
    }
    let path = unescape(rest, Encoding::Path)?;
    url.raw_path = if escape(&path, Encoding::Path) == rest {
        Vec::new()
    } else {
        rest.to_vec()
    };
    url.path = path;
    Ok(url)
}

/// `getScheme`: `[a-zA-Z][a-zA-Z0-9+-.]*` before a colon, or none.
fn get_scheme(raw: &[u8]) -> Result<(&[u8], &[u8]), String> {
    for (i, &c) in raw.iter().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok((&[], raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".to_string());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok((&[], raw)),
        }
    }
    Ok((&[], raw))
}

fn parse_authority(
    authority: &[u8],
    helm: HelmVersion,
) -> Result<(Option<Userinfo>, Vec<u8>), String> {
    let at = rfind_byte(authority, b'@');
    let host = match at {
        None => parse_host(authority, helm)?,
        Some(i) => parse_host(&authority[i + 1..], helm)?,
    };
    let Some(i) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..i];
    if !valid_userinfo(userinfo) {
        return Err("net/url: invalid userinfo".to_string());
    }
    let user = match userinfo.iter().position(|&b| b == b':') {
        None => Userinfo {
            username: unescape(userinfo, Encoding::UserPassword)?,
            ..Userinfo::default()
        },
        Some(colon) => Userinfo {
            username: unescape(&userinfo[..colon], Encoding::UserPassword)?,
            password: unescape(&userinfo[colon + 1..], Encoding::UserPassword)?,
            password_set: true,
        },
    };
    Ok((Some(user), host))
}

fn valid_optional_port(port: &[u8]) -> bool {
    match port.split_first() {
        None => true,
        Some((b':', digits)) => digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

fn invalid_port(port: &[u8]) -> String {
    format!("invalid port {} after host", go_quote(&lossy(port)))
}

fn parse_host(host: &[u8], helm: HelmVersion) -> Result<Vec<u8>, String> {
    match helm {
        HelmVersion::V3 => parse_host_go123(host),
        HelmVersion::V4 => parse_host_go125(host),
    }
}

/// Go 1.23's `parseHost`: brackets are only checked for a port after them.
fn parse_host_go123(host: &[u8]) -> Result<Vec<u8>, String> {
    if host.starts_with(b"[") {
        let i = rfind_byte(host, b']').ok_or_else(|| "missing ']' in host".to_string())?;
        let colon_port = &host[i + 1..];
        if !valid_optional_port(colon_port) {
            return Err(invalid_port(colon_port));
        }
        if let Some(zone) = find(&host[..i], b"%25") {
            let mut out = unescape(&host[..zone], Encoding::Host)?;
            out.extend(unescape(&host[zone..i], Encoding::Zone)?);
            out.extend(unescape(&host[i..], Encoding::Host)?);
            return Ok(out);
        }
    } else if let Some(i) = rfind_byte(host, b':') {
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(invalid_port(colon_port));
        }
    }
    unescape(host, Encoding::Host)
}

/// Go 1.25's `parseHost`: a `[` must open the host and enclose an IPv6
/// address (RFC 3986), checked with `netip.ParseAddr`.
fn parse_host_go125(host: &[u8]) -> Result<Vec<u8>, String> {
    match rfind_byte(host, b'[') {
        Some(open) if open > 0 => Err("invalid IP-literal".to_string()),
        Some(_) => {
            let close = rfind_byte(host, b']').ok_or_else(|| "missing ']' in host".to_string())?;
            let colon_port = &host[close + 1..];
            if !valid_optional_port(colon_port) {
                return Err(invalid_port(colon_port));
            }
            let colon_port = unescape(colon_port, Encoding::Host)?;
            let hostname = host.get(1..close).unwrap_or(&[]);
            let unescaped = match find(hostname, b"%25") {
                Some(zone) => {
                    let mut out = unescape(&hostname[..zone], Encoding::Host)?;
                    out.extend(unescape(&hostname[zone..], Encoding::Zone)?);
                    out
                }
                None => unescape(hostname, Encoding::Host)?,
            };
            let text = lossy(&unescaped);
            match parse_addr(&text) {
                Err(err) => return Err(format!("invalid host: {err}")),
                Ok(Addr::V4) => return Err("invalid IP-literal".to_string()),
                Ok(Addr::V6) => {}
            }
            let mut out = b"[".to_vec();
            out.extend(unescaped);
            out.push(b']');
            out.extend(colon_port);
            Ok(out)
        }
        None => {
            if let Some(i) = rfind_byte(host, b':') {
                let colon_port = &host[i..];
                if !valid_optional_port(colon_port) {
                    return Err(invalid_port(colon_port));
                }
            }
            unescape(host, Encoding::Host)
        }
    }
}

fn valid_userinfo(s: &[u8]) -> bool {
    // Go ranges over runes; every allowed rune is ASCII, so any non-ASCII
    // byte fails either way.
    s.iter().all(|&c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b':'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
                    | b'@'
            )
    })
}

/// `URL.Hostname()`: the host without its port and brackets.
fn hostname(host: &[u8]) -> &[u8] {
    let mut h = host;
    if let Some(colon) = rfind_byte(h, b':')
        && valid_optional_port(&h[colon..])
    {
        h = &h[..colon];
    }
    if h.starts_with(b"[") && h.ends_with(b"]") && h.len() >= 2 {
        h = &h[1..h.len() - 1];
    }
    h
}

impl Url {
    /// `URL.EscapedPath()`.
    fn escaped_path(&self) -> Vec<u8> {
        if !self.raw_path.is_empty()
            && valid_encoded(&self.raw_path, Encoding::Path)
            && unescape(&self.raw_path, Encoding::Path).as_deref() == Ok(&self.path[..])
        {
            return self.raw_path.clone();
        }
        if self.path == b"*" {
            return self.path.clone();
        }
        escape(&self.path, Encoding::Path)
    }

    /// `URL.EscapedFragment()`.
    fn escaped_fragment(&self) -> Vec<u8> {
        if !self.raw_fragment.is_empty()
            && valid_encoded(&self.raw_fragment, Encoding::Fragment)
            && unescape(&self.raw_fragment, Encoding::Fragment).as_deref() == Ok(&self.fragment[..])
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Encoding::Fragment)
    }

    /// `URL.String()`.
    fn to_go_string(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        if !self.scheme.is_empty() {
            buf.extend(&self.scheme);
            buf.push(b':');
        }
        if !self.opaque.is_empty() {
            buf.extend(&self.opaque);
        } else {
            let has_authority =
                !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some();
            let omit = self.omit_host && self.host.is_empty() && self.user.is_none();
            if has_authority && !omit {
                if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                    buf.extend(b"//");
                }
                if let Some(user) = &self.user {
                    buf.extend(user.to_go_string());
                    buf.push(b'@');
                }
                if !self.host.is_empty() {
                    buf.extend(escape(&self.host, Encoding::Host));
                }
            }
            let path = self.escaped_path();
            if !path.is_empty() && path[0] != b'/' && !self.host.is_empty() {
                buf.push(b'/');
            }
            if buf.is_empty() {
                // RFC 3986 §4.2: a colon in the first segment of a relative
                // path would read as a scheme, so Go prefixes "./".
                let segment = path.split(|&b| b == b'/').next().unwrap_or(&[]);
                if segment.contains(&b':') {
                    buf.extend(b"./");
                }
            }
            buf.extend(path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            buf.push(b'?');
            buf.extend(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            buf.push(b'#');
            buf.extend(self.escaped_fragment());
        }
        buf
    }
}

fn valid_encoded(s: &[u8], mode: Encoding) -> bool {
    s.iter().all(|&c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, mode)
    })
}

/// What `netip.ParseAddr` found.
#[derive(Debug, PartialEq, Eq)]
enum Addr {
    V4,
    V6,
}

/// `netip.ParseAddr` (Go 1.25) reduced to its verdict, with Go's errors:
/// `ParseAddr("::g"): each colon-separated field must have at least one
/// digit (at "g")`.
fn parse_addr(s: &str) -> Result<Addr, String> {
    for c in s.bytes() {
        match c {
            b'.' => return parse_ipv4_fields(s, s).map(|()| Addr::V4),
            b':' => return parse_ipv6(s).map(|()| Addr::V6),
            b'%' => return Err(addr_error(s, "missing IPv6 address", None)),
            _ => {}
        }
    }
    Err(addr_error(s, "unable to parse IP", None))
}

fn addr_error(input: &str, msg: &str, at: Option<&str>) -> String {
    match at {
        Some(at) if !at.is_empty() => format!(
            "ParseAddr({}): {msg} (at {})",
            go_quote(input),
            go_quote(at)
        ),
        _ => format!("ParseAddr({}): {msg}", go_quote(input)),
    }
}

/// `parseIPv4Fields`: `s` is the IPv4 part of `input`, which the errors
/// name whole; `(at ...)` quotes the rest of `s` from the bad byte.
fn parse_ipv4_fields(input: &str, s: &str) -> Result<(), String> {
    let bytes = s.as_bytes();
    let mut val: u32 = 0;
    let mut pos = 0;
    let mut dig_len = 0;
    for (i, &c) in bytes.iter().enumerate() {
        if c.is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return Err(addr_error(
                    input,
                    "IPv4 field has octet with leading zero",
                    None,
                ));
            }
            val = val * 10 + u32::from(c - b'0');
            dig_len += 1;
            if val > 255 {
                return Err(addr_error(input, "IPv4 field has value >255", None));
            }
        } else if c == b'.' {
            if i == 0 || i == bytes.len() - 1 || bytes[i - 1] == b'.' {
                return Err(addr_error(
                    input,
                    "IPv4 field must have at least one digit",
                    s.get(i..),
                ));
            }
            if pos == 3 {
                return Err(addr_error(input, "IPv4 address too long", None));
            }
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return Err(addr_error(input, "unexpected character", s.get(i..)));
        }
    }
    if pos < 3 {
        return Err(addr_error(input, "IPv4 address too short", None));
    }
    Ok(())
}

fn parse_ipv6(input: &str) -> Result<(), String> {
    let mut s = input;
    if let Some(i) = s.find('%') {
        let zone = &s[i + 1..];
        s = &s[..i];
        if zone.is_empty() {
            return Err(addr_error(input, "zone must be a non-empty string", None));
        }
    }
    let mut ellipsis: i32 = -1;
    if s.starts_with("::") {
        ellipsis = 0;
        s = &s[2..];
        if s.is_empty() {
            return Ok(());
        }
    }
    let mut i: i32 = 0;
    while i < 16 {
        let bytes = s.as_bytes();
        let mut off = 0;
        let mut acc: u32 = 0;
        while off < bytes.len() {
            let c = bytes[off];
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(d);
            if off > 3 {
                return Err(addr_error(
                    input,
                    "each group must have 4 or less digits",
                    Some(s),
                ));
            }
            if acc > 0xffff {
                return Err(addr_error(input, "IPv6 field has value >=2^16", Some(s)));
            }
            off += 1;
        }
        if off == 0 {
            return Err(addr_error(
                input,
                "each colon-separated field must have at least one digit",
                Some(s),
            ));
        }
        if bytes.get(off) == Some(&b'.') {
            if ellipsis < 0 && i != 12 {
                return Err(addr_error(
                    input,
                    "embedded IPv4 address must replace the final 2 fields of the address",
                    Some(s),
                ));
            }
            if i + 4 > 16 {
                return Err(addr_error(
                    input,
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                    Some(s),
                ));
            }
            // `s` already ends where the zone began.
            parse_ipv4_fields(input, s)?;
            s = "";
            i += 4;
            break;
        }
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') {
            return Err(addr_error(
                input,
                "unexpected character, want colon",
                Some(s),
            ));
        } else if s.len() == 1 {
            return Err(addr_error(
                input,
                "colon must be followed by more characters",
                Some(s),
            ));
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis >= 0 {
                return Err(addr_error(input, "multiple :: in address", Some(s)));
            }
            ellipsis = i;
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(addr_error(input, "trailing garbage after address", Some(s)));
    }
    if i < 16 {
        if ellipsis < 0 {
            return Err(addr_error(input, "address string too short", None));
        }
    } else if ellipsis >= 0 {
        return Err(addr_error(
            input,
            "the :: must expand to at least one field of zeros",
            None,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: HelmVersion = HelmVersion::V3;
    const V4: HelmVersion = HelmVersion::V4;

    fn parts(raw: &str, helm: HelmVersion) -> BTreeMap<String, String> {
        let value = url_parse(raw, helm).unwrap_or_else(|err| panic!("{raw}: {err}"));
        let map = value
            .as_map()
            .cloned()
            .unwrap_or_else(|| panic!("not a map"));
        map.entries()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.as_str().unwrap_or("").to_string()))
            .collect()
    }

    fn parse_err(raw: &str, helm: HelmVersion) -> String {
        url_parse(raw, helm).unwrap_err().message
    }

    fn join(pairs: &[(&str, &str)], helm: HelmVersion) -> String {
        let dict: BTreeMap<Arc<str>, Value> = pairs
            .iter()
            .map(|(k, v)| (Arc::from(*k), Value::from(*v)))
            .collect();
        url_join(&dict, helm).unwrap_or_else(|err| panic!("{pairs:?}: {err}"))
    }

    #[test]
    fn parses_like_go() {
        // Expected fields from Helm 3.17.1 / 4.1.4 (urlParse | toJson).
        let p = parts(
            "http://user:p%40ss@Example.COM:8080/a%20b/c?x=1&y=%20#frag%21",
            V3,
        );
        assert_eq!(p["scheme"], "http");
        assert_eq!(p["host"], "Example.COM:8080");
        assert_eq!(p["hostname"], "Example.COM");
        assert_eq!(p["path"], "/a b/c");
        assert_eq!(p["query"], "x=1&y=%20");
        assert_eq!(p["fragment"], "frag!");
        assert_eq!(p["userinfo"], "user:p%40ss");
        assert_eq!(p["opaque"], "");
        let p = parts("mailto:joe@x.com", V4);
        assert_eq!(p["opaque"], "joe@x.com");
        assert_eq!(p["path"], "");
        let p = parts("http://[fe80::1%25en0]/", V4);
        assert_eq!(p["host"], "[fe80::1%en0]");
        assert_eq!(p["hostname"], "fe80::1%en0");
        let p = parts("http://h:1:2/", V4);
        assert_eq!(p["host"], "h:1:2");
        assert_eq!(p["hostname"], "h:1");
        assert_eq!(parts("http://%c3%a9/", V3)["host"], "é");
        assert_eq!(parts("*", V3)["path"], "*");
        assert_eq!(parts("//host/p", V3)["host"], "host");
        assert_eq!(parts("http:///x", V3)["path"], "/x");
        assert_eq!(parts("http://u@h", V3)["userinfo"], "u");
        assert_eq!(parts("http://u:@h", V3)["userinfo"], "u:");
        assert_eq!(parts("http://[1.2.3.4]/", V3)["hostname"], "1.2.3.4");
    }

    #[test]
    fn parse_errors() {
        assert_eq!(
            parse_err("http://[::1", V3),
            "unable to parse url: parse \"http://[::1\": missing ']' in host"
        );
        assert_eq!(
            parse_err("http://a b/", V3),
            "unable to parse url: parse \"http://a b/\": invalid character \" \" in host name"
        );
        assert_eq!(
            parse_err("http://[::1]x/", V4),
            "unable to parse url: parse \"http://[::1]x/\": invalid port \"x\" after host"
        );
        assert_eq!(
            parse_err("http://x%41/", V3),
            "unable to parse url: parse \"http://x%41/\": invalid URL escape \"%41\""
        );
        assert_eq!(
            parse_err("http://h/#%zz", V3),
            "unable to parse url: parse \"http://h/#%zz\": invalid URL escape \"%zz\""
        );
        assert_eq!(
            parse_err("http://u<@h/", V3),
            "unable to parse url: parse \"http://u<@h/\": net/url: invalid userinfo"
        );
        assert_eq!(
            parse_err(":foo", V3),
            "unable to parse url: parse \":foo\": missing protocol scheme"
        );
        assert_eq!(
            parse_err("a b:c", V3),
            "unable to parse url: parse \"a b:c\": first path segment in URL cannot contain colon"
        );
        assert_eq!(
            parse_err("http://h/a\u{1}", V3),
            "unable to parse url: parse \"http://h/a\\x01\": net/url: invalid control character in URL"
        );
        assert_eq!(
            parse_err("http://x[::1]/", V3),
            "unable to parse url: parse \"http://x[::1]/\": invalid port \":1]\" after host"
        );
        assert_eq!(
            parse_err("http://x[::1]/", V4),
            "unable to parse url: parse \"http://x[::1]/\": invalid IP-literal"
        );
    }

    #[test]
    fn bracketed_hosts_in_go125() {
        // Helm 3 (Go 1.23) accepts all of these; Helm 4 (Go 1.25) gives:
        let rows = [
            (
                "[abc]",
                "invalid host: ParseAddr(\"abc\"): unable to parse IP",
            ),
            ("[1.2.3.4]", "invalid IP-literal"),
            (
                "[::1%25]",
                "invalid host: ParseAddr(\"::1%\"): zone must be a non-empty string",
            ),
            ("[]", "invalid host: ParseAddr(\"\"): unable to parse IP"),
            (
                "[::1]]",
                "invalid host: ParseAddr(\"::1]\"): unexpected character, want colon (at \"]\")",
            ),
            ("[[::1]", "invalid IP-literal"),
            (
                "[::1:]",
                "invalid host: ParseAddr(\"::1:\"): colon must be followed by more characters (at \":\")",
            ),
            (
                "[::g]",
                "invalid host: ParseAddr(\"::g\"): each colon-separated field must have at least one digit (at \"g\")",
            ),
            (
                "[1:2:3:4:5:6:7:8:9]",
                "invalid host: ParseAddr(\"1:2:3:4:5:6:7:8:9\"): trailing garbage after address (at \"9\")",
            ),
            (
                "[12345::]",
                "invalid host: ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")",
            ),
            (
                "[::1.2.3.256]",
                "invalid host: ParseAddr(\"::1.2.3.256\"): IPv4 field has value >255",
            ),
            (
                "[::01.2.3.4]",
                "invalid host: ParseAddr(\"::01.2.3.4\"): IPv4 field has octet with leading zero",
            ),
            (
                "[::1.2.3]",
                "invalid host: ParseAddr(\"::1.2.3\"): IPv4 address too short",
            ),
            (
                "[::1.2.3.4.5]",
                "invalid host: ParseAddr(\"::1.2.3.4.5\"): IPv4 address too long",
            ),
            (
                "[::1..2.3]",
                "invalid host: ParseAddr(\"::1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")",
            ),
            (
                "[1::2::3]",
                "invalid host: ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")",
            ),
            (
                "[1:2:3:4:5:6:7:8::]",
                "invalid host: ParseAddr(\"1:2:3:4:5:6:7:8::\"): the :: must expand to at least one field of zeros",
            ),
            (
                "[1:2]",
                "invalid host: ParseAddr(\"1:2\"): address string too short",
            ),
            (
                "[%25en0]",
                "invalid host: ParseAddr(\"%en0\"): missing IPv6 address",
            ),
            (
                "[1.2.3.4%25x]",
                "invalid host: ParseAddr(\"1.2.3.4%x\"): unexpected character (at \"%x\")",
            ),
            (
                "[1:2:3:4:5:6:7:1.2.3.4]",
                "invalid host: ParseAddr(\"1:2:3:4:5:6:7:1.2.3.4\"): embedded IPv4 address must replace the final 2 fields of the address (at \"1.2.3.4\")",
            ),
            (
                "[::ffff:1.2.3.4x]",
                "invalid host: ParseAddr(\"::ffff:1.2.3.4x\"): unexpected character (at \"x\")",
            ),
            (
                "[::10000]",
                "invalid host: ParseAddr(\"::10000\"): each group must have 4 or less digits (at \"10000\")",
            ),
            (
                "[::1:2:3:4:5:6:7:8]",
                "invalid host: ParseAddr(\"::1:2:3:4:5:6:7:8\"): the :: must expand to at least one field of zeros",
            ),
            ("[0.0.0.0]", "invalid IP-literal"),
        ];
        for (host, want) in rows {
            let raw = format!("http://{host}/");
            assert_eq!(
                parse_err(&raw, V4),
                format!("unable to parse url: parse {}: {want}", go_quote(&raw)),
                "{host}"
            );
            assert!(url_parse(&raw, V3).is_ok(), "helm3 accepts {host}");
        }
        for host in [
            "[::1.2.3.4]",
            "[1:2:3:4:5:6:1.2.3.4]",
            "[ABCD::]",
            "[::ffff:1.2.3.4]:8",
        ] {
            assert!(url_parse(&format!("http://{host}/"), V4).is_ok(), "{host}");
        }
    }

    #[test]
    fn joins_like_go() {
        // Expected strings from Helm 3.17.1 and 4.1.4 (identical).
        for helm in [V3, V4] {
            assert_eq!(join(&[("path", "//foo")], helm), "//foo");
            assert_eq!(
                join(&[("scheme", "http"), ("path", "//foo")], helm),
                "http:////foo"
            );
            assert_eq!(
                join(&[("scheme", "http"), ("path", "foo")], helm),
                "http://foo"
            );
            assert_eq!(join(&[("host", "h"), ("path", "foo")], helm), "//h/foo");
            assert_eq!(join(&[("path", "a:b/c")], helm), "./a:b/c");
            assert_eq!(join(&[("path", "*")], helm), "*");
            assert_eq!(
                join(
                    &[
                        ("scheme", "mailto"),
                        ("opaque", "x@y"),
                        ("query", "a=1"),
                        ("fragment", "f g")
                    ],
                    helm
                ),
                "mailto:x@y?a=1#f%20g"
            );
            assert_eq!(
                join(
                    &[
                        ("scheme", "http"),
                        ("host", "h"),
                        ("path", "/a b?c#d%"),
                        ("fragment", "x#y!'() ")
                    ],
                    helm
                ),
                "http://h/a%20b%3Fc%23d%25#x%23y!%27()%20"
            );
            assert_eq!(
                join(
                    &[("scheme", "http"), ("host", "h"), ("userinfo", "u:p@ss")],
                    helm
                ),
                "http://u:p%40ss@h"
            );
            assert_eq!(
                join(
                    &[("scheme", "http"), ("host", "h"), ("userinfo", "u%40x:p:q")],
                    helm
                ),
                "http://u%40x:p%3Aq@h"
            );
            assert_eq!(
                join(
                    &[("scheme", "http"), ("host", "h"), ("userinfo", "a/b")],
                    helm
                ),
                "http://h"
            );
            assert_eq!(
                join(
                    &[("scheme", "http"), ("host", "h"), ("userinfo", "a#b")],
                    helm
                ),
                "http://h"
            );
            assert_eq!(
                join(&[("host", "h é<>\"{}|")], helm),
                "//h%20%C3%A9<>\"%7B%7D%7C"
            );
            assert_eq!(
                join(
                    &[("scheme", "HTTP"), ("host", "[::1]:80"), ("path", "é")],
                    helm
                ),
                "HTTP://[::1]:80/%C3%A9"
            );
            assert_eq!(join(&[], helm), "");
            assert_eq!(join(&[("query", "")], helm), "");
            assert_eq!(join(&[("userinfo", "u"), ("path", "/p")], helm), "//u@/p");
            assert_eq!(join(&[("scheme", "s"), ("path", "")], helm), "s:");
            assert_eq!(join(&[("fragment", "é")], helm), "#%C3%A9");
            assert_eq!(
                join(&[("path", "/a;b,c/d=e&f+g$h:i@j")], helm),
                "/a;b,c/d=e&f+g$h:i@j"
            );
            assert_eq!(join(&[("host", "a b")], helm), "//a%20b");
            assert_eq!(
                join(
                    &[("scheme", "http"), ("userinfo", "u"), ("path", "p")],
                    helm
                ),
                "http://u@p"
            );
        }
    }

    #[test]
    fn join_errors() {
        let with = |key: &str, value: Value| {
            let dict: BTreeMap<Arc<str>, Value> = [(Arc::from(key), value)].into_iter().collect();
            url_join(&dict, V3).unwrap_err().message
        };
        assert_eq!(
            with("host", Value::Nil),
            "runtime error: invalid memory address or nil pointer dereference"
        );
        assert_eq!(
            with("path", Value::from(Vec::<Value>::new())),
            "unable to parse path key, must be of type string, but slice found"
        );
        assert_eq!(
            with("host", Value::Int(1)),
            "unable to parse host key, must be of type string, but int found"
        );
        assert_eq!(
            with("userinfo", Value::from("a#%zz")),
            "unable to parse userinfo in dict: parse \"proto://a#%zz@host\": invalid URL escape \"%zz\""
        );
        assert_eq!(
            with("userinfo", Value::from("a b")),
            "unable to parse userinfo in dict: parse \"proto://a b@host\": net/url: invalid userinfo"
        );
    }
}
