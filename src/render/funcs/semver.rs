//! Masterminds/semver v3 as Helm uses it: v3.3.0 in Helm 3.17.1 and v3.4.0
//! in Helm 4.1.4. The two differ in their error texts (capitalised in
//! v3.3.0) and in how constraints treat prereleases: v3.3.0 lets a
//! prerelease version through a constraint only when that constraint itself
//! names a prerelease, v3.4.0 when any constraint of its `,`/space group
//! does (and `!=` now refuses prereleases too).
//!
//! The parser is public: chart loading uses it for dependency versions and
//! `kubeVersion`. Sprig's `semver` and `semverCompare` are registered here.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use gotemplate::{FuncError, FuncMap, Object, ParamType, Signature, Value};

#[cfg(test)]
mod equivalence_tests;
#[cfg(test)]
mod regex_oracle;

use super::FuncOptions;
use super::cast;
use crate::render::HelmVersion;

pub fn register(funcs: &mut FuncMap, options: &FuncOptions) {
    let helm = options.helm_version;
    funcs.insert_plain(
        "semver",
        Signature::fixed(&[ParamType::String]),
        move |args| {
            let version = parse_version(args[0].as_str().unwrap_or(""), helm)?;
            Ok(SemverObject::pointer(version, helm))
        },
    );
    funcs.insert_plain(
        "semverCompare",
        Signature::fixed(&[ParamType::String, ParamType::String]),
        move |args| {
            let constraint = args[0].as_str().unwrap_or("");
            let version = args[1].as_str().unwrap_or("");
            Ok(Value::from(semver_compare(constraint, version, helm)?))
        },
    );
}

/// Sprig's `semverCompare`: the constraint is parsed first, so its error
/// wins when both are bad.
pub fn semver_compare(
    constraint: &str,
    version: &str,
    helm: HelmVersion,
) -> Result<bool, SemverError> {
    let constraints = parse_constraint(constraint, helm)?;
    let version = parse_version(version, helm)?;
    Ok(constraints.matches(&version))
}

/// A semver error, displayed exactly as the Go library words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemverError(pub String);

impl fmt::Display for SemverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SemverError {}

impl From<SemverError> for FuncError {
    fn from(err: SemverError) -> Self {
        FuncError::new(err.0)
    }
}

/// The library's sentinel errors, in each version's wording.
#[derive(Clone, Copy)]
enum Sentinel {
    InvalidSemVer,
    SegmentStartsZero,
    InvalidMetadata,
    InvalidPrerelease,
    ConstraintParser,
}

fn sentinel(which: Sentinel, helm: HelmVersion) -> SemverError {
    let v3 = helm == HelmVersion::V3;
    let text = match which {
        Sentinel::InvalidSemVer if v3 => "Invalid Semantic Version",
        Sentinel::InvalidSemVer => "invalid semantic version",
        Sentinel::SegmentStartsZero if v3 => "Version segment starts with 0",
        Sentinel::SegmentStartsZero => "version segment starts with 0",
        Sentinel::InvalidMetadata if v3 => "Invalid Metadata string",
        Sentinel::InvalidMetadata => "invalid metadata string",
        Sentinel::InvalidPrerelease if v3 => "Invalid Prerelease string",
        Sentinel::InvalidPrerelease => "invalid prerelease string",
        Sentinel::ConstraintParser if v3 => "constraint Parser Error",
        Sentinel::ConstraintParser => "constraint parser error",
    };
    SemverError(text.to_string())
}

/// A parsed `*semver.Version`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub metadata: String,
    /// The text it was parsed from, `v` prefix and all.
    pub original: String,
}

/// `semver.NewVersion`: `1`, `1.2`, `v1.2.3-pre+meta` and leading zeros
/// are accepted and coerced; the prerelease and metadata are checked.
///
/// Both library versions accept exactly the texts of
/// `^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-(ident(\.ident)*))?(\+(ident(\.ident)*))?$`
/// (v3.4.0 under its default `CoerceNewVersion = true`); this matches it by
/// hand because compiling that regex cost every render more than all its
/// uses.
pub fn parse_version(text: &str, helm: HelmVersion) -> Result<Version, SemverError> {
    let parts = VersionParts::scan(text.as_bytes(), 0, is_digit)
        .filter(|parts| parts.end == text.len())
        .ok_or_else(|| sentinel(Sentinel::InvalidSemVer, helm))?;
    let group = |range: Range<usize>| text.get(range).unwrap_or("");
    version_from_parts(
        text,
        [
            group(parts.major),
            group(parts.minor),
            group(parts.patch),
            group(parts.pre),
            group(parts.metadata),
        ],
        helm,
    )
}

/// The `Version` a matched text makes: `pieces` are the major, minor,
/// patch, prerelease and metadata as written, without the `.`, `-` or `+`
/// before them, and empty when absent.
fn version_from_parts(
    text: &str,
    pieces: [&str; 5],
    helm: HelmVersion,
) -> Result<Version, SemverError> {
    let [major, minor, patch, pre, metadata] = pieces;
    let segment = |s: &str| -> Result<u64, SemverError> {
        cast::parse_uint(s, 10, 64).map_err(|err| {
            let prefix = if helm == HelmVersion::V3 {
                "Error parsing version segment"
            } else {
                "error parsing version segment"
            };
            SemverError(format!("{prefix}: {err}"))
        })
    };
    let optional_segment = |s: &str| if s.is_empty() { Ok(0) } else { segment(s) };
    let version = Version {
        major: segment(major)?,
        minor: optional_segment(minor)?,
        patch: optional_segment(patch)?,
        pre: pre.to_string(),
        metadata: metadata.to_string(),
        original: text.to_string(),
    };
    if !version.pre.is_empty() {
        validate_prerelease(&version.pre, helm)?;
    }
    if !version.metadata.is_empty() {
        validate_metadata(&version.metadata, helm)?;
    }
    Ok(version)
}

/// Where the pieces of a version sit in a text. The ranges leave out the
/// `.`, `-` or `+` that introduces each piece and are empty when the piece
/// is absent (a present piece is never empty).
struct VersionParts {
    major: Range<usize>,
    minor: Range<usize>,
    patch: Range<usize>,
    pre: Range<usize>,
    metadata: Range<usize>,
    end: usize,
}

impl VersionParts {
    /// Matches `v?(N+)(\.N+)?(\.N+)?(-(I+(\.I+)*))?(\+(I+(\.I+)*))?` at
    /// `start`, where `N` is `is_number` and `I` is `[0-9A-Za-z-]`: the
    /// library's version pattern (`N` = `[0-9]`) and its constraint version
    /// pattern (`N` = `[0-9|x|X|*]`).
    ///
    /// Each optional piece is taken whenever it fits and each repetition
    /// runs as far as it can. That is the match Go's leftmost-first regexp
    /// prefers when nothing follows the pattern, and also the only match that
    /// can be followed by a space, a comma or the end of the text (which is
    /// what every caller needs after it): any shorter match stops right
    /// before a character that would have continued it.
    fn scan(bytes: &[u8], start: usize, is_number: fn(u8) -> bool) -> Option<VersionParts> {
        let mut at = start;
        // `v?` is greedy, but a `v` not followed by a number leaves nothing
        // for `N+` either way.
        if bytes.get(at) == Some(&b'v') && bytes.get(at + 1).is_some_and(|&b| is_number(b)) {
            at += 1;
        }
        let major = at..skip_while(bytes, at, is_number);
        if major.is_empty() {
            return None;
        }
        // An absent piece is the empty range where it would have started,
        // so `.end` is where the text goes on either way.
        let minor = optional_piece(bytes, major.end, b'.', is_number);
        let patch = optional_piece(bytes, minor.end, b'.', is_number);
        let pre = dotted_identifiers(bytes, patch.end, b'-');
        let metadata = dotted_identifiers(bytes, pre.end, b'+');
        let end = metadata.end;
        Some(VersionParts {
            major,
            minor,
            patch,
            pre,
            metadata,
            end,
        })
    }
}

fn skip_while(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
    while bytes.get(at).is_some_and(|&b| keep(b)) {
        at += 1;
    }
    at
}

/// `(L C+)?` at `at`: the run of `C` after the lead byte `L`, or an empty
/// range when there is no lead or no `C` after it.
fn optional_piece(bytes: &[u8], at: usize, lead: u8, class: fn(u8) -> bool) -> Range<usize> {
    let first = at + 1;
    if bytes.get(at) == Some(&lead) && bytes.get(first).is_some_and(|&b| class(b)) {
        first..skip_while(bytes, first, class)
    } else {
        at..at
    }
}

/// `(L(I+(\.I+)*))?` at `at`: a prerelease (`L` = `-`) or metadata (`L` =
/// `+`), without its lead byte.
fn dotted_identifiers(bytes: &[u8], at: usize, lead: u8) -> Range<usize> {
    let first = optional_piece(bytes, at, lead, is_identifier_byte);
    if first.is_empty() {
        return first;
    }
    let mut end = first.end;
    loop {
        let next = optional_piece(bytes, end, b'.', is_identifier_byte);
        if next.is_empty() {
            return first.start..end;
        }
        end = next.end;
    }
}

fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// A constraint's version numbers may also be wildcards. `|` is in the
/// library's class by accident (`[0-9|x|X|\*]`), but it is, so `1|2` is
/// scanned as one number and then fails to parse.
fn is_wildcard_number(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'|' | b'x' | b'X' | b'*')
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Go's RE2 `\s`: ASCII only, and no vertical tab.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn skip_spaces(bytes: &[u8], at: usize) -> usize {
    skip_while(bytes, at, is_space)
}

fn is_identifier(part: &str) -> bool {
    part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Numeric prerelease identifiers must not have leading zeros.
fn validate_prerelease(pre: &str, helm: HelmVersion) -> Result<(), SemverError> {
    for part in pre.split('.') {
        if part.is_empty() && helm == HelmVersion::V4 {
            return Err(sentinel(Sentinel::InvalidPrerelease, helm));
        }
        if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(sentinel(Sentinel::SegmentStartsZero, helm));
            }
        } else if !is_identifier(part) {
            return Err(sentinel(Sentinel::InvalidPrerelease, helm));
        }
    }
    Ok(())
}

fn validate_metadata(metadata: &str, helm: HelmVersion) -> Result<(), SemverError> {
    for part in metadata.split('.') {
        if (part.is_empty() && helm == HelmVersion::V4) || !is_identifier(part) {
            return Err(sentinel(Sentinel::InvalidMetadata, helm));
        }
    }
    Ok(())
}

impl fmt::Display for Version {
    /// `Version.String()`: normalised, without the `v`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

impl Version {
    /// `Version.Compare`: -1, 0 or 1; metadata is ignored, a prerelease sorts
    /// before its release.
    pub fn compare(&self, other: &Version) -> i64 {
        let by_number =
            (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch));
        match by_number {
            std::cmp::Ordering::Less => return -1,
            std::cmp::Ordering::Greater => return 1,
            std::cmp::Ordering::Equal => {}
        }
        match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            (false, false) => compare_prerelease(&self.pre, &other.pre),
        }
    }

    fn original_v_prefix(&self) -> &str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original(mut self, prefix: &str) -> Version {
        self.original = format!("{prefix}{self}");
        self
    }

    /// `IncPatch`: a prerelease is released as is; otherwise patch + 1.
    pub fn inc_patch(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        next.pre.clear();
        if self.pre.is_empty() {
            next.patch = self.patch.wrapping_add(1);
        }
        next.with_original(self.original_v_prefix())
    }

    pub fn inc_minor(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        next.pre.clear();
        next.patch = 0;
        next.minor = self.minor.wrapping_add(1);
        next.with_original(self.original_v_prefix())
    }

    pub fn inc_major(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        next.pre.clear();
        next.patch = 0;
        next.minor = 0;
        next.major = self.major.wrapping_add(1);
        next.with_original(self.original_v_prefix())
    }

    pub fn set_prerelease(&self, pre: &str, helm: HelmVersion) -> Result<Version, SemverError> {
        if !pre.is_empty() {
            validate_prerelease(pre, helm)?;
        }
        let mut next = self.clone();
        next.pre = pre.to_string();
        Ok(next.with_original(self.original_v_prefix()))
    }

    pub fn set_metadata(&self, metadata: &str, helm: HelmVersion) -> Result<Version, SemverError> {
        if !metadata.is_empty() {
            validate_metadata(metadata, helm)?;
        }
        let mut next = self.clone();
        next.metadata = metadata.to_string();
        Ok(next.with_original(self.original_v_prefix()))
    }
}

fn compare_prerelease(a: &str, b: &str) -> i64 {
    let a_parts: Vec<&str> = a.split('.').collect();
    let b_parts: Vec<&str> = b.split('.').collect();
    for i in 0..a_parts.len().max(b_parts.len()) {
        let a_part = a_parts.get(i).copied().unwrap_or("");
        let b_part = b_parts.get(i).copied().unwrap_or("");
        let d = compare_pre_part(a_part, b_part);
        if d != 0 {
            return d;
        }
    }
    0
}

/// `comparePrePart`: numbers (by `strconv.ParseUint`, so "01" is a number)
/// sort below words, words compare bytewise, a missing part sorts first.
fn compare_pre_part(s: &str, o: &str) -> i64 {
    if s == o {
        return 0;
    }
    if s.is_empty() {
        return -1;
    }
    if o.is_empty() {
        return 1;
    }
    match (cast::parse_uint(s, 10, 64), cast::parse_uint(o, 10, 64)) {
        (Err(_), Err(_)) => {
            if s > o {
                1
            } else {
                -1
            }
        }
        (Ok(_), Err(_)) => -1,
        (Err(_), Ok(_)) => 1,
        (Ok(si), Ok(oi)) => {
            if si > oi {
                1
            } else {
                -1
            }
        }
    }
}

/// One comparison of a constraint string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Constraint {
    op: Op,
    con: Version,
    /// The version text as written (`4.x` in `!= 4.x`).
    orig: String,
    /// The operator as written (`=>`, `~>`, ...).
    orig_op: String,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

/// Parsed `semver.Constraints`: `||`-separated groups of constraints that
/// must all hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraints {
    groups: Vec<Vec<Constraint>>,
    /// v3.4.0: whether a group names a prerelease anywhere.
    contains_pre: Vec<bool>,
    helm: HelmVersion,
}

/// The operators in the order of the library's alternation
/// `=||!=|>|<|>=|=>|<=|=<|~|~>|\^`, empty one included: where a regexp
/// using it could match several, the first one in this order wins.
const OPERATORS: [&str; 12] = [
    "=", "", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^",
];

/// A constraint's version as the library's constraint pattern sees it:
/// `OP WS* VERSION` with the operator's position in the text.
struct FoundConstraint {
    op: Range<usize>,
    version: VersionParts,
    /// Where the version starts, its `v` included.
    version_start: usize,
}

/// The first operator (in `OPERATORS` order) at `at` that is followed by
/// optional spaces and a constraint version.
fn constraint_at(bytes: &[u8], at: usize) -> Option<FoundConstraint> {
    let rest = bytes.get(at..)?;
    OPERATORS.iter().find_map(|op| {
        if !rest.starts_with(op.as_bytes()) {
            return None;
        }
        let op_end = at + op.len();
        // Spaces are taken greedily: giving some back would leave the
        // version starting at a space.
        let version_start = skip_spaces(bytes, op_end);
        let version = VersionParts::scan(bytes, version_start, is_wildcard_number)?;
        Some(FoundConstraint {
            op: at..op_end,
            version,
            version_start,
        })
    })
}

/// `semver.NewConstraint`: hyphen ranges are rewritten to `>= a, <= b`,
/// `||` separates alternatives, spaces or commas separate the constraints of
/// one alternative. Errors: `improper constraint: <part>` for text that is
/// not a constraint, the parser error for versions like `1x.2`.
pub fn parse_constraint(text: &str, helm: HelmVersion) -> Result<Constraints, SemverError> {
    constraints_from(
        &rewrite_range(text),
        ConstraintMatcher {
            is_valid_group,
            find_constraints,
            parse_single,
        },
        helm,
    )
}

/// How a constraint text is matched: by hand here, by the library's
/// regexes in the equivalence tests' oracle.
struct ConstraintMatcher {
    is_valid_group: fn(&str) -> bool,
    find_constraints: fn(&str) -> Vec<&str>,
    parse_single: fn(&str, HelmVersion) -> Result<Constraint, SemverError>,
}

/// `NewConstraint` once hyphen ranges are rewritten: the `||` groups and
/// the constraints in each.
fn constraints_from(
    rewritten: &str,
    matcher: ConstraintMatcher,
    helm: HelmVersion,
) -> Result<Constraints, SemverError> {
    let mut groups = Vec::new();
    let mut contains_pre = Vec::new();
    for part in rewritten.split("||") {
        if !(matcher.is_valid_group)(part) {
            return Err(SemverError(format!("improper constraint: {part}")));
        }
        let mut found = (matcher.find_constraints)(part);
        if found.is_empty() {
            found.push(part);
        }
        let mut group = Vec::with_capacity(found.len());
        let mut has_pre = false;
        for single in found {
            let constraint = (matcher.parse_single)(single, helm)?;
            has_pre |= !constraint.con.pre.is_empty();
            group.push(constraint);
        }
        groups.push(group);
        contains_pre.push(has_pre);
    }
    Ok(Constraints {
        groups,
        contains_pre,
        helm,
    })
}

/// Whether `part` is a whole alternative, the library's
/// `^(WS*(OP)WS*(V)WS*)((?:WS+|,WS*)(OP)WS*(V)WS*)*$`.
///
/// Only the longest operator can work: a shorter one would leave the
/// version starting at `=`, `>` or `<`. Each version must be followed by a
/// space, a comma or the end, which only its longest scan is (see
/// `VersionParts::scan`), so one pass decides.
fn is_valid_group(part: &str) -> bool {
    let bytes = part.as_bytes();
    let mut at = skip_spaces(bytes, 0);
    loop {
        at += longest_operator(bytes.get(at..).unwrap_or_default()).len();
        at = skip_spaces(bytes, at);
        let Some(version) = VersionParts::scan(bytes, at, is_wildcard_number) else {
            return false;
        };
        let after = skip_spaces(bytes, version.end);
        match bytes.get(after) {
            None => return true,
            Some(b',') => at = skip_spaces(bytes, after + 1),
            // `WS+` between two constraints.
            Some(_) if after > version.end => at = after,
            Some(_) => return false,
        }
    }
}

fn longest_operator(text: &[u8]) -> &'static str {
    OPERATORS
        .iter()
        .filter(|op| text.starts_with(op.as_bytes()))
        .max_by_key(|op| op.len())
        .copied()
        .unwrap_or("")
}

/// The library's `findConstraintRegex.FindAllString(part, -1)`, pattern
/// `(OP)WS*(V)`: leftmost matches that do not overlap, each with the first
/// operator that works and the longest version.
fn find_constraints(part: &str) -> Vec<&str> {
    let bytes = part.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((start, hit)) =
        (from..bytes.len()).find_map(|at| constraint_at(bytes, at).map(|hit| (at, hit)))
    {
        found.push(part.get(start..hit.version.end).unwrap_or_default());
        from = hit.version.end;
    }
    found
}

/// `rewriteRange`: each `a - b` becomes `>= a, <= b ` in the text. The
/// matches are found in the original text but replaced, first occurrence
/// each, in the rewritten one, as the library does.
fn rewrite_range(text: &str) -> String {
    let mut out = text.to_string();
    for range in find_ranges(text) {
        let whole = text.get(range.whole).unwrap_or_default();
        let from = text.get(range.from).unwrap_or_default();
        let to = text.get(range.to).unwrap_or_default();
        out = out.replacen(whole, &format!(">= {from}, <= {to} "), 1);
    }
    out
}

/// One hyphen range in a constraint text.
struct HyphenRange {
    whole: Range<usize>,
    from: Range<usize>,
    to: Range<usize>,
}

/// The library's `constraintRangeRegex` matches, pattern
/// `WS*(V)WS+-WS+(V)WS*`, leftmost and not overlapping.
fn find_ranges(text: &str) -> Vec<HyphenRange> {
    let bytes = text.as_bytes();
    // Every match holds a space, a `-` and a space in a row; almost no
    // constraint does, so most texts are done here.
    let has_spaced_dash = bytes
        .windows(3)
        .any(|w| matches!(w, [a, b'-', c] if is_space(*a) && is_space(*c)));
    if !has_spaced_dash {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(range) = (from..bytes.len()).find_map(|at| hyphen_range_at(bytes, at)) {
        from = range.whole.end;
        ranges.push(range);
    }
    ranges
}

/// The range match starting at `at`, if any. Both versions are their
/// longest scan: the first must be followed by a space, and the second is
/// what the greedy pattern prefers.
fn hyphen_range_at(bytes: &[u8], at: usize) -> Option<HyphenRange> {
    let from_start = skip_spaces(bytes, at);
    let from = VersionParts::scan(bytes, from_start, is_wildcard_number)?;
    let dash = skip_spaces(bytes, from.end);
    if dash == from.end || bytes.get(dash) != Some(&b'-') {
        return None;
    }
    let to_start = skip_spaces(bytes, dash + 1);
    if to_start == dash + 1 {
        return None;
    }
    let to = VersionParts::scan(bytes, to_start, is_wildcard_number)?;
    Some(HyphenRange {
        whole: at..skip_spaces(bytes, to.end),
        from: from_start..from.end,
        to: to_start..to.end,
    })
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

/// `parseConstraint` for one operator and version: the library's
/// `^WS*(OP)WS*(V)WS*$`. Leading spaces are all taken first (an operator
/// cannot start with a space, and the empty one then sees the same
/// version), and the version must be its longest scan to reach the end.
fn parse_single(text: &str, helm: HelmVersion) -> Result<Constraint, SemverError> {
    let improper = || SemverError(format!("improper constraint: {text}"));
    let bytes = text.as_bytes();
    let start = skip_spaces(bytes, 0);
    let rest = bytes.get(start..).ok_or_else(improper)?;
    let hit = OPERATORS
        .iter()
        .filter(|op| rest.starts_with(op.as_bytes()))
        .find_map(|op| {
            let version_start = skip_spaces(bytes, start + op.len());
            let version = VersionParts::scan(bytes, version_start, is_wildcard_number)?;
            (skip_spaces(bytes, version.end) == bytes.len()).then_some(FoundConstraint {
                op: start..start + op.len(),
                version,
                version_start,
            })
        })
        .ok_or_else(improper)?;
    let group = |range: Range<usize>| text.get(range).unwrap_or_default();
    constraint_from_parts(
        group(hit.op),
        group(hit.version_start..hit.version.end),
        [
            group(hit.version.major),
            group(hit.version.minor),
            group(hit.version.patch),
            group(hit.version.pre),
        ],
        helm,
    )
}

/// The library's `parseConstraint` after its match: `orig_op` and `orig`
/// as written, and the version's major, minor, patch and prerelease
/// without the `.` or `-` before them, empty when absent.
fn constraint_from_parts(
    orig_op: &str,
    orig: &str,
    pieces: [&str; 4],
    helm: HelmVersion,
) -> Result<Constraint, SemverError> {
    let [major, minor, patch, pre] = pieces;
    // The prerelease goes back into a version text, so with its `-`.
    let pre = match pre {
        "" => String::new(),
        pre => format!("-{pre}"),
    };
    let mut minor_dirty = false;
    let mut patch_dirty = false;
    let mut dirty = false;
    let ver = if is_x(major) {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(minor) || minor.is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{major}.0.0{pre}")
    } else if is_x(patch) || patch.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{major}.{minor}.0{pre}")
    } else {
        orig.to_string()
    };
    let con = parse_version(&ver, helm).map_err(|_| sentinel(Sentinel::ConstraintParser, helm))?;
    let op = match orig_op {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        _ => Op::Caret,
    };
    Ok(Constraint {
        op,
        con,
        orig: orig.to_string(),
        orig_op: orig_op.to_string(),
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

impl Constraints {
    /// `Constraints.Check`.
    pub fn matches(&self, version: &Version) -> bool {
        self.groups.iter().enumerate().any(|(i, group)| {
            let include_pre = self.contains_pre.get(i).copied().unwrap_or(false);
            group
                .iter()
                .all(|c| c.check(version, self.helm, include_pre))
        })
    }
}

impl fmt::Display for Constraints {
    /// `Constraints.String()`: operators and versions as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|c| format!("{}{}", c.orig_op, c.orig))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        f.write_str(&groups.join(" || "))
    }
}

impl Constraint {
    fn check(&self, v: &Version, helm: HelmVersion, group_has_pre: bool) -> bool {
        let c = &self.con;
        // v3.3.0 asks whether this constraint names a prerelease, v3.4.0
        // whether its group does.
        let pre_refused = !v.pre.is_empty()
            && match helm {
                HelmVersion::V3 => c.pre.is_empty(),
                HelmVersion::V4 => !group_has_pre,
            };
        if self.op == Op::NotEqual {
            // v3.3.0 only refuses prereleases on the wildcard path of `!=`.
            if pre_refused && (helm == HelmVersion::V4 || self.dirty) {
                return false;
            }
            return self.not_equal(v);
        }
        if pre_refused {
            return false;
        }
        match self.op {
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == 0
                }
            }
            Op::NotEqual => self.not_equal(v),
            Op::Greater => self.greater(v),
            Op::Less => v.compare(c) < 0,
            Op::GreaterEqual => v.compare(c) >= 0,
            Op::LessEqual => self.less_equal(v),
            Op::Tilde => self.tilde(v),
            Op::Caret => self.caret(v),
        }
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if self.dirty {
            if c.major != v.major {
                return true;
            }
            if c.minor != v.minor && !self.minor_dirty {
                return true;
            } else if self.minor_dirty {
                return false;
            } else if c.patch != v.patch && !self.patch_dirty {
                return true;
            } else if self.patch_dirty {
                if !v.pre.is_empty() || !c.pre.is_empty() {
                    return compare_prerelease(&v.pre, &c.pre) != 0;
                }
                return false;
            }
        }
        v.compare(c) != 0
    }

    fn greater(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v.compare(c) == 1;
        }
        if v.major > c.major {
            true
        } else if v.major < c.major || self.minor_dirty {
            false
        } else if self.patch_dirty {
            v.minor > c.minor
        } else {
            v.compare(c) == 1
        }
    }

    fn less_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v.compare(c) <= 0;
        }
        !(v.major > c.major || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) < 0 {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) < 0 {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        if v.minor > 0 {
            return false;
        }
        c.patch == v.patch
    }
}

/// A `*semver.Version` (what `semver` returns) or a `semver.Version` (what
/// its `IncPatch`-like methods return) in a template.
///
/// Go only lets a template call pointer-receiver methods (`Original`,
/// `Compare`, `LessThan`, ...) on the pointer: a method's struct result is
/// not addressable, so `(semver "1.2.3").IncPatch.Original` fails.
/// `Scan`, `UnmarshalJSON` and `UnmarshalText`, which overwrite the
/// receiver, are not offered.
#[derive(Debug)]
pub struct SemverObject {
    pub version: Version,
    pub is_pointer: bool,
    helm: HelmVersion,
}

const VERSION_PTR: &str = "*semver.Version";

impl SemverObject {
    pub fn pointer(version: Version, helm: HelmVersion) -> Value {
        Value::object(SemverObject {
            version,
            is_pointer: true,
            helm,
        })
    }

    fn value(version: Version, helm: HelmVersion) -> Value {
        Value::object(SemverObject {
            version,
            is_pointer: false,
            helm,
        })
    }

    /// Whether two objects are equal as Go's `reflect.DeepEqual` sees them
    /// (same kind, every field equal, `original` included).
    pub fn deep_equal(&self, other: &SemverObject) -> bool {
        self.is_pointer == other.is_pointer && self.version == other.version
    }
}

fn version_arg(value: &Value) -> Result<Arc<dyn Object>, FuncError> {
    match value {
        Value::Object(obj) if obj.as_any().downcast_ref::<SemverObject>().is_some() => {
            Ok(obj.clone())
        }
        // A nil *Version: the method dereferences it.
        _ => Err(FuncError::new(
            "runtime error: invalid memory address or nil pointer dereference",
        )),
    }
}

fn with_version<R>(value: &Value, f: impl FnOnce(&Version) -> R) -> Result<R, FuncError> {
    let obj = version_arg(value)?;
    let version = obj
        .as_any()
        .downcast_ref::<SemverObject>()
        .map(|o| &o.version)
        .ok_or_else(|| FuncError::new("not a *semver.Version"))?;
    Ok(f(version))
}

impl Object for SemverObject {
    fn type_name(&self) -> &str {
        if self.is_pointer {
            VERSION_PTR
        } else {
            "semver.Version"
        }
    }

    fn kind(&self) -> &str {
        if self.is_pointer { "ptr" } else { "struct" }
    }

    fn method(&self, name: &str) -> Option<Signature> {
        const NONE: Signature = Signature::fixed(&[]);
        const VERSION: Signature = Signature::fixed(&[ParamType::Object(VERSION_PTR)]);
        const STRING: Signature = Signature::fixed(&[ParamType::String]);
        let value_method = match name {
            "Major" | "Minor" | "Patch" | "Prerelease" | "Metadata" | "String" | "IncMajor"
            | "IncMinor" | "IncPatch" | "MarshalJSON" | "MarshalText" | "Value" => NONE,
            "SetPrerelease" | "SetMetadata" => STRING,
            _ => {
                if !self.is_pointer {
                    return None;
                }
                return match name {
                    "Original" => Some(NONE),
                    "Compare" | "Equal" | "LessThan" | "LessThanEqual" | "GreaterThan"
                    | "GreaterThanEqual" => Some(VERSION),
                    _ => None,
                };
            }
        };
        Some(value_method)
    }

    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        let v = &self.version;
        let helm = self.helm;
        let arg = || args.first().cloned().unwrap_or(Value::Nil);
        // Major/Minor/Patch are uint64 in Go; the value model has no
        // unsigned type, so they come back as int64 (identical output below
        // 2^63).
        Ok(match name {
            "Major" => Value::int64(v.major as i64),
            "Minor" => Value::int64(v.minor as i64),
            "Patch" => Value::int64(v.patch as i64),
            "Prerelease" => Value::from(v.pre.as_str()),
            "Metadata" => Value::from(v.metadata.as_str()),
            "Original" => Value::from(v.original.as_str()),
            "String" | "Value" => Value::from(v.to_string()),
            // A version's text needs no JSON escaping: [0-9A-Za-z.+-] only.
            "MarshalJSON" => Value::Bytes(Arc::from(format!("\"{v}\"").into_bytes())),
            "MarshalText" => Value::Bytes(Arc::from(v.to_string().into_bytes())),
            "IncMajor" => SemverObject::value(v.inc_major(), helm),
            "IncMinor" => SemverObject::value(v.inc_minor(), helm),
            "IncPatch" => SemverObject::value(v.inc_patch(), helm),
            "SetPrerelease" => {
                let pre = arg();
                SemverObject::value(v.set_prerelease(pre.as_str().unwrap_or(""), helm)?, helm)
            }
            "SetMetadata" => {
                let meta = arg();
                SemverObject::value(v.set_metadata(meta.as_str().unwrap_or(""), helm)?, helm)
            }
            "Equal" => match arg() {
                Value::Object(_) => Value::from(with_version(&arg(), |o| v.compare(o) == 0)?),
                _ => Value::from(false),
            },
            "Compare" => Value::Int(with_version(&arg(), |o| v.compare(o))?),
            "LessThan" => Value::from(with_version(&arg(), |o| v.compare(o) < 0)?),
            "LessThanEqual" => Value::from(with_version(&arg(), |o| v.compare(o) <= 0)?),
            "GreaterThan" => Value::from(with_version(&arg(), |o| v.compare(o) > 0)?),
            "GreaterThanEqual" => Value::from(with_version(&arg(), |o| v.compare(o) >= 0)?),
            _ => return Err(FuncError::new(format!("no method {name}"))),
        })
    }

    fn go_string(&self) -> String {
        self.version.to_string()
    }

    fn is_stringer(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: HelmVersion = HelmVersion::V3;
    const V4: HelmVersion = HelmVersion::V4;

    fn cmp(c: &str, v: &str, helm: HelmVersion) -> bool {
        match semver_compare(c, v, helm) {
            Ok(b) => b,
            Err(err) => panic!("{c} / {v}: {err}"),
        }
    }

    fn err(c: &str, v: &str, helm: HelmVersion) -> String {
        match semver_compare(c, v, helm) {
            Ok(b) => panic!("{c} / {v}: expected an error, got {b}"),
            Err(err) => err.0,
        }
    }

    #[test]
    fn parses_versions() {
        let v = parse_version("v1.2.3-beta.1+build.5", V3).unwrap();
        assert_eq!((v.major, v.minor, v.patch), (1, 2, 3));
        assert_eq!(v.pre, "beta.1");
        assert_eq!(v.metadata, "build.5");
        assert_eq!(v.to_string(), "1.2.3-beta.1+build.5");
        assert_eq!(v.original, "v1.2.3-beta.1+build.5");
        assert_eq!(parse_version("1", V3).unwrap().to_string(), "1.0.0");
        assert_eq!(parse_version("1.2", V3).unwrap().to_string(), "1.2.0");
        assert_eq!(parse_version("01.002.3", V3).unwrap().to_string(), "1.2.3");
        assert_eq!(v.inc_patch().to_string(), "1.2.3");
        assert_eq!(v.inc_patch().original, "v1.2.3");
        assert_eq!(v.inc_minor().to_string(), "1.3.0");
        assert_eq!(v.inc_major().to_string(), "2.0.0");
        assert_eq!(
            v.set_prerelease("rc.1", V3).unwrap().to_string(),
            "1.2.3-rc.1+build.5"
        );
        assert_eq!(
            parse_version("1.2.3", V3).unwrap().inc_patch().to_string(),
            "1.2.4"
        );
    }

    #[test]
    fn version_errors_per_library() {
        let e = |s: &str, h| parse_version(s, h).unwrap_err().0;
        assert_eq!(e("", V3), "Invalid Semantic Version");
        assert_eq!(e("", V4), "invalid semantic version");
        assert_eq!(e("1.0.0-a..b", V3), "Invalid Semantic Version");
        assert_eq!(e("1.0.0-01", V3), "Version segment starts with 0");
        assert_eq!(e("1.0.0-01", V4), "version segment starts with 0");
        assert_eq!(
            e("99999999999999999999.0.0", V3),
            "Error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(
            e("99999999999999999999.0.0", V4),
            "error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(e("1.2.3 ", V3), "Invalid Semantic Version");
    }

    #[test]
    fn constraint_errors() {
        assert_eq!(err("bad", "1.0.0", V3), "improper constraint: bad");
        assert_eq!(err("", "1.0.0", V3), "improper constraint: ");
        assert_eq!(err(">=1.0 || ", "1.0.0", V4), "improper constraint:  ");
        assert_eq!(err(">=1x.2", "1.0.0", V3), "constraint Parser Error");
        assert_eq!(err(">=1x.2", "1.0.0", V4), "constraint parser error");
        assert_eq!(err(">1", "bad", V3), "Invalid Semantic Version");
        assert_eq!(err("bad", "bad", V3), "improper constraint: bad");
    }

    #[test]
    fn compares_like_helm() {
        // Each row: constraint, version, Helm 3.17.1 result, Helm 4.1.4 result.
        let rows = [
            (">=1.0.0-0, <2.0.0", "1.5.0-beta", false, true),
            ("!=1.2.3", "1.0.0-beta", true, false),
            (">=1.2.3-0", "1.5.0-beta", true, true),
            ("^1.2", "1.9.9", true, true),
            ("~1.2", "1.3.0", false, false),
            ("1.2 - 1.4.5", "1.4.5", true, true),
            ("1.2 - 1.4.5", "1.4.6", false, false),
            (">1.x", "2.0.0", true, true),
            ("<=1.x", "1.9.0", true, true),
            ("*", "1.0.0-alpha", false, false),
            (">=1.0.0-0 || <0.5", "1.5.0-beta", true, true),
            (">=1.0.0-0 <2", "1.5.0-beta", false, true),
            ("^0.0.3", "0.0.4", false, false),
            ("^0.2.3", "0.2.9", true, true),
            ("v1.2.3", "1.2.3", true, true),
            ("=1.2.3+x", "1.2.3+y", true, true),
            ("~>1.2.3", "1.2.9", true, true),
            (">= 1.2 , < 3", "2.0.0", true, true),
            ("1.x", "1.5.0", true, true),
            ("!=1.x", "2.0.0", true, true),
            ("!=1.2.x", "1.2.5-pre", false, false),
        ];
        for (c, v, want3, want4) in rows {
            assert_eq!(cmp(c, v, V3), want3, "helm3: {c} / {v}");
            assert_eq!(cmp(c, v, V4), want4, "helm4: {c} / {v}");
        }
    }

    #[test]
    fn constraint_display() {
        let c = parse_constraint("1.2 - 1.4.5 || ~1.x", V3).unwrap();
        assert_eq!(c.to_string(), ">=1.2 <=1.4.5 || ~1.x");
    }
}
