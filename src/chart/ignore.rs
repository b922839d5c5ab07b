//! `.helmignore`: Helm's pkg/ignore, which the directory loader applies
//! (archives are read without it).
//!
//! Each non-blank line that is not a `#` comment is a rule, trimmed of
//! surrounding whitespace. Rules are Go `filepath.Match` patterns:
//!
//! - a rule without `/` is matched against the last path element only;
//! - a rule with `/` is matched against the whole path relative to the
//!   chart (a leading `/` is dropped);
//! - a trailing `/` makes the rule apply to directories only;
//! - `**` is refused (`double-star (**) syntax is not supported`).
//!
//! Rules are tried in order and the first decision wins. A `!` rule does not
//! "re-include" as in git: a path that does NOT match it is ignored right
//! away, and a path that matches goes on to the next rule. So `!keep.txt` as
//! the first rule ignores everything but `keep.txt` (including Chart.yaml),
//! which is what Helm does. Helm always adds `templates/.?*` (dotfiles under
//! templates/) after the file's own rules.

/// The rules of one `.helmignore`, plus Helm's default.
#[derive(Clone, Debug, Default)]
pub struct IgnoreRules {
    patterns: Vec<Pattern>,
}

#[derive(Clone, Debug)]
struct Pattern {
    /// The pattern to match, without `!`, trailing `/` or leading `/`.
    rule: String,
    negate: bool,
    must_dir: bool,
    /// Whether to match the whole path (the rule has a `/`) or only its
    /// last element.
    whole_path: bool,
    shape: Shape,
}

/// Most rules are a plain name (`.git`) or `*` and a plain suffix
/// (`*.swp`); those are checked directly instead of through `go_match`,
/// which ran for every file and rule of a chart.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// No pattern characters: `filepath.Match` is string equality.
    Literal,
    /// `*` then a plain suffix: the name ends with the suffix and the
    /// part the star covers has no `/`.
    StarSuffix,
    Glob,
}

impl Shape {
    fn of(rule: &str) -> Shape {
        let plain = |s: &str| !s.contains(['*', '?', '[', '\\']);
        if plain(rule) {
            Shape::Literal
        } else if rule.strip_prefix('*').is_some_and(plain) {
            Shape::StarSuffix
        } else {
            Shape::Glob
        }
    }
}

impl Pattern {
    fn matches(&self, subject: &str) -> bool {
        match self.shape {
            Shape::Literal => subject == self.rule,
            Shape::StarSuffix => {
                let suffix = &self.rule[1..];
                subject
                    .strip_suffix(suffix)
                    .is_some_and(|covered| !covered.contains('/'))
            }
            // A rule that fails to match at run time is logged by Helm and
            // counts as no match.
            Shape::Glob => go_match(&self.rule, subject).unwrap_or(false),
        }
    }
}

/// A `.helmignore` that Helm refuses; `line` is 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreError {
    pub line: usize,
    /// Helm's message, e.g. `syntax error in pattern`.
    pub message: String,
}

impl IgnoreRules {
    /// Helm's `ignore.Parse` of a `.helmignore` text, then `AddDefaults`.
    pub fn parse(text: &[u8]) -> Result<IgnoreRules, IgnoreError> {
        let mut rules = IgnoreRules::default();
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        // bufio.Scanner's ScanLines: split on \n, drop one \r before it.
        let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        if text.ends_with(b"\n") || text.is_empty() {
            lines.pop();
        }
        for (i, line) in lines.into_iter().enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line = String::from_utf8_lossy(line);
            rules.add(&line).map_err(|message| IgnoreError {
                line: i + 1,
                message,
            })?;
        }
        rules.add_defaults();
        Ok(rules)
    }

    /// Only Helm's default rule (no `.helmignore`).
    pub fn defaults() -> IgnoreRules {
        let mut rules = IgnoreRules::default();
        rules.add_defaults();
        rules
    }

    fn add_defaults(&mut self) {
        // Helm ignores dotfiles under templates/.
        let _ = self.add("templates/.?*");
    }

    /// Helm's `parseRule`.
    fn add(&mut self, rule: &str) -> Result<(), String> {
        // Go's strings.TrimSpace: Unicode white space.
        let rule = rule.trim_matches(char::is_whitespace);
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".to_string());
        }
        // Helm checks the raw rule (with its `!` and `/`) against "abc".
        go_match(rule, "abc").map_err(|BadPattern| "syntax error in pattern".to_string())?;
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (must_dir, rule) = match rule.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (whole_path, rule) = match rule.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (rule.contains('/'), rule),
        };
        self.patterns.push(Pattern {
            rule: rule.to_string(),
            negate,
            must_dir,
            whole_path,
            shape: Shape::of(rule),
        });
        Ok(())
    }

    /// Helm's `Rules.Ignore`: whether `path` (relative, `/`-separated) is
    /// ignored.
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            let subject = if p.whole_path { path } else { go_base(path) };
            let matched = p.matches(subject);
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Base` for a `/`-separated path without trailing slashes.
pub(crate) fn go_base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// Go's `filepath.ErrBadPattern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

/// Go's `filepath.Match` on Unix (Go 1.20 and later: a malformed pattern is
/// an error even when the name fails to match before reaching it).
pub fn go_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'outer: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing * matches the rest unless it has a separator.
            return Ok(!name.contains(&b'/'));
        }
        let (t, ok, err) = match_chunk(chunk, name);
        // The last chunk must use up the name.
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if let Some(err) = err {
            return Err(err);
        }
        if star {
            // Try skipping i+1 bytes; a star cannot skip a separator.
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'outer;
                }
                if let Some(err) = err {
                    return Err(err);
                }
                i += 1;
            }
        }
        // Before answering no, check that the rest of the pattern is valid.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            if let (_, _, Some(err)) = match_chunk(chunk, b"") {
                return Err(err);
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let Some(b'*') = pattern.first() {
        pattern = &pattern[1..];
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Go's `utf8.DecodeRune`: the rune and its width; invalid input gives
/// U+FFFD with width 1 (width 0 for empty input).
fn decode_rune(s: &[u8]) -> (u32, usize) {
    if s.is_empty() {
        return (0xFFFD, 0);
    }
    let len = match s[0] {
        0x00..=0x7F => return (u32::from(s[0]), 1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (0xFFFD, 1),
    };
    match s.get(..len).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(text) => text
            .chars()
            .next()
            .map_or((0xFFFD, 1), |c| (u32::from(c), len)),
        None => (0xFFFD, 1),
    }
}

/// Go's `matchChunk`: the rest of `s` after `chunk`, whether it matched,
/// and a pattern error.
fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> (&'a [u8], bool, Option<BadPattern>) {
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut r = 0u32;
                if !failed {
                    let (rune, n) = decode_rune(s);
                    r = rune;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let lo;
                    (lo, chunk) = match get_esc(chunk) {
                        Ok(v) => v,
                        Err(e) => return (b"", false, Some(e)),
                    };
                    let mut hi = lo;
                    if chunk.first() == Some(&b'-') {
                        (hi, chunk) = match get_esc(&chunk[1..]) {
                            Ok(v) => v,
                            Err(e) => return (b"", false, Some(e)),
                        };
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let literal = if c == b'\\' {
                    chunk = &chunk[1..];
                    match chunk.first() {
                        Some(&l) => l,
                        None => return (b"", false, Some(BadPattern)),
                    }
                } else {
                    c
                };
                if !failed {
                    if literal != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        (b"", false, None)
    } else {
        (s, true, None)
    }
}

/// Go's `getEsc`: a possibly escaped character of a class.
fn get_esc(chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    let mut chunk = chunk;
    match chunk.first() {
        None | Some(b'-') | Some(b']') => return Err(BadPattern),
        Some(b'\\') => {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err(BadPattern);
            }
        }
        _ => {}
    }
    let (r, n) = decode_rune(chunk);
    let rest = &chunk[n..];
    if (r == 0xFFFD && n == 1) || rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((r, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(helmignore: &str, path: &str, is_dir: bool) -> bool {
        IgnoreRules::parse(helmignore.as_bytes())
            .expect("parses")
            .is_ignored(path, is_dir)
    }

    #[test]
    fn go_match_basics() {
        assert_eq!(go_match("*.txt", "a.txt"), Ok(true));
        assert_eq!(go_match("*.txt", "d/a.txt"), Ok(false));
        assert_eq!(go_match("a/*/c", "a/b/c"), Ok(true));
        assert_eq!(go_match("[a-c]x", "bx"), Ok(true));
        assert_eq!(go_match("[^a-c]x", "bx"), Ok(false));
        assert_eq!(go_match("\\*", "*"), Ok(true));
        assert_eq!(go_match("?", "/"), Ok(false));
        assert_eq!(go_match("[", "abc"), Err(BadPattern));
        assert_eq!(go_match("a.t[xt", "abc"), Err(BadPattern));
        assert_eq!(go_match("x[", "abc"), Err(BadPattern));
        assert_eq!(go_match("\\", "abc"), Err(BadPattern));
        assert_eq!(go_match("[]a]", "a"), Err(BadPattern));
        assert_eq!(go_match("*x", "abx"), Ok(true));
        assert_eq!(go_match("a*b*c", "aXbYbc"), Ok(true));
    }

    #[test]
    fn direct_shapes_agree_with_go_match() {
        let rules = [
            ".git", "*.swp", "*", "*~", "*.tar.gz", "a/b.txt", "*/x", "x*", "[ab].txt", "*.t?t", "",
        ];
        let names = [
            ".git",
            "a.swp",
            "d/a.swp",
            ".swp",
            "swp",
            "x~",
            "~",
            "a.tar.gz",
            "a/b.txt",
            "a/b/c.txt",
            "d/x",
            "x",
            "xy",
            "a.txt",
            "",
            "/",
        ];
        for rule in rules {
            let pattern = Pattern {
                rule: rule.to_string(),
                negate: false,
                must_dir: false,
                whole_path: false,
                shape: Shape::of(rule),
            };
            for name in names {
                assert_eq!(
                    pattern.matches(name),
                    go_match(rule, name).unwrap_or(false),
                    "{rule:?} against {name:?}"
                );
            }
        }
        assert_eq!(Shape::of("*.swp"), Shape::StarSuffix);
        assert_eq!(Shape::of(".DS_Store"), Shape::Literal);
        assert_eq!(Shape::of("*.t?t"), Shape::Glob);
    }

    #[test]
    fn rules_follow_helm() {
        // Probed with helm template on a chart with these files.
        assert!(ignored("*.txt", "conf/c.txt", false));
        assert!(!ignored("*.txt", "conf/d.md", false));
        assert!(ignored("sub/", "sub", true));
        assert!(!ignored("sub/", "sub", false));
        assert!(ignored("sub", "sub", true));
        assert!(ignored("/sub/deep", "sub/deep", true));
        assert!(ignored("deep/", "sub/deep", true));
        assert!(!ignored("keepdir/x/", "keepdir/x", false));
        assert!(ignored(".*", ".git", true));
        assert!(ignored(" *.md  \n# c\n\n", "sub/e.md", false));
        // Negation ignores everything that does not match it.
        assert!(ignored("!keep.txt", "Chart.yaml", false));
        assert!(!ignored("!keep.txt", "keep.txt", false));
        assert!(ignored("!*.txt\n*.md", "a.md", false));
        // The default rule.
        assert!(ignored("", "templates/.dot", false));
        assert!(ignored("", "templates/.hidden", true));
        assert!(!ignored("", "templates/a.yaml", false));
        assert!(!ignored("", "a/templates/.x", false));
    }

    #[test]
    fn bad_rules_are_errors_with_lines() {
        let err = IgnoreRules::parse(b"ok\n**/*.md\n").expect_err("refused");
        assert_eq!(err.line, 2);
        assert_eq!(err.message, "double-star (**) syntax is not supported");
        let err = IgnoreRules::parse(b"\xEF\xBB\xBF# c\r\n[\r\n").expect_err("refused");
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "syntax error in pattern")
        );
    }
}
